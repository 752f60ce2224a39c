"""The explorer's data: one store handle, cached named-query results, the search index, and links.

The store is the embedded one (POLICYKG_STORE, read-only: a build may write meanwhile) or a SPARQL server
(POLICYKG_ENDPOINT). Query results are cached per (query, parameters) so pages stay fast on a large store."""

from __future__ import annotations

import multiprocessing
import os
import queue
import re
import time

import streamlit as st

from policykg.query.lexical import operation_form, uses_service
from policykg.domain.identity import parse_unit_iri, report_key_of, unit_key_of
from policykg.namespaces import ID
from policykg.messages import Message
from policykg.paths import default_store
from policykg.query.runner import rows_of
from policykg.sparql import Table, bind, load_query, run, term_text
from policykg.text import fold

QUERY_SECONDS = 20
ROW_CAP = 2000
PAGE_ROWS = 200  # a named query's rows per page in the console


@st.cache_resource(show_spinner=False)
def store():
    from policykg.store import GraphStore, RemoteStore

    endpoint = os.environ.get("POLICYKG_ENDPOINT")
    if endpoint:
        return RemoteStore(endpoint)
    return GraphStore(os.environ.get("POLICYKG_STORE") or default_store(), read_only=True)


def writable_store():
    """For 'Add a report': the server when there is one, else the embedded store opened for this one write."""
    from policykg.store import GraphStore

    if os.environ.get("POLICYKG_ENDPOINT"):
        return store()
    return GraphStore(os.environ.get("POLICYKG_STORE") or default_store())


@st.cache_data(show_spinner=False, ttl=600)
def scoreboard_state() -> str:
    """"fresh"; "updating" (stale, with the cells of its last complete computation stored: a build is writing,
    or one was cut short); "none" (never computed by today's queries)."""
    from policykg import scoreboard

    if scoreboard.is_fresh(store()):
        return "fresh"
    return "updating" if scoreboard.computed_by_today(store()) else "none"


@st.cache_data(show_spinner=False, ttl=600)
def rows(name: str, **params) -> list:
    """A named query's typed rows (policykg.query.rows), cached. While the scoreboard is being updated, its
    last complete cells are read and the page says so (computing the gap matrix live during a national build
    took over ten minutes a page); the command line and the server answer live."""
    return all_rows(name, **params)


def all_rows(name: str, **params) -> list:
    """rows(), not cached: for a download made off the page's thread."""
    query, text = _bound(name, params)
    return rows_of(query, run(store(), text))


@st.cache_data(show_spinner=False, ttl=600)
def page(name: str, offset: int = 0, **params) -> tuple[list, int]:
    """PAGE_ROWS typed rows of a named query from `offset`, in the query's order, and how many rows it has in
    all: a national listing shows its first page and its total (the rest counted, not sent to the browser)."""
    query, text = _bound(name, params)
    table = run(store(), text, limit=PAGE_ROWS, offset=offset, count=True)
    return rows_of(query, table), table.total


def _bound(name: str, params: dict) -> tuple:
    query = load_query(name)
    values = {k: v for k, v in params.items() if v not in (None, "")}
    # Decided once, from the state the page shows: asking the store again here found it stale a moment after
    # the state said fresh (a build had begun), and ran the national gap matrix live (past 13 GB at 1,000 reports)
    stored = bool(query.live_text) and scoreboard_state() in ("fresh", "updating")
    return query, bind(query, values, store(), stored=stored)


@st.cache_resource(show_spinner=False, ttl=600)
def neighbourhood(centre: str, depth: int, cap: int, relations: frozenset[str] | None = None):
    """The network around a node, fetched level by level (never the whole national network)."""
    from policykg.analytics import walk

    return walk(store(), centre, depth, cap, set(relations) if relations is not None else None)


def clear() -> None:
    st.cache_data.clear()
    st.cache_resource.clear()


FOLLOW_EVERY_S = 1.0
_checked_at = [float("-inf")]


def follow_store() -> bool:
    """Catch up with writes made since the store was opened (a build from the command line, an upload): a
    read-only handle sees the store as it was when opened, so without this a new report would stay invisible
    until a restart or the Reload button. Checked at most once a second; true when it reopened."""
    now = time.monotonic()
    if now - _checked_at[0] < FOLLOW_EVERY_S:
        return False
    _checked_at[0] = now
    if store().behind():
        clear()
        return True
    return False


def districts() -> list:
    """The reporting units (rows of reporting-units), of every level."""
    return rows("reporting-units")


def mandates() -> list:
    return rows("mandate-list")


def reports() -> list:
    return rows("report-list")


def search(text: str, limit: int = 20) -> list[dict]:
    """Districts, mandates, documents and reports whose number or name contains the words, diacritics optional:
    'hon quan' finds Hớn Quản, 'nghi dinh 42' finds Nghị định 42/2022/NĐ-CP. Documents other than mandates are
    found by the digits of their number (the longest run typed narrows them in the store: the country's documents
    are too many to list for every search)."""
    folded = fold(text).replace("/", " / ")
    words = folded.split()
    if not words:
        return []
    runs = re.findall(r"\d+", folded)
    candidates = _search_index() + (_documents_with(max(runs, key=len)) if runs else [])
    seen, hits = set(), []
    for item in candidates:
        if all(w in item["folded"] for w in words) and (item["kind"], item["id"]) not in seen:
            seen.add((item["kind"], item["id"]))
            hits.append(item)
    return sorted(hits, key=lambda h: (h["rank"], len(h["label"]), h["label"]))[:limit]


def _indexed(kind: str, id: str, label: str, rank: int) -> dict:
    return {"kind": kind, "id": id, "label": label, "rank": rank, "folded": fold(label).replace("/", " / ")}


@st.cache_data(show_spinner=False, ttl=600)
def _search_index() -> list[dict]:
    """What every search looks through: the reporting units, the mandates and the reports."""
    return ([_indexed("district", unit_key_of(d.district), f"{d.name} ({d.province})", 0) for d in districts()]
            + [_indexed("mandate", m.mandate, f"{m.type or ''} {m.number}".strip(), 1) for m in mandates()]
            + [_indexed("report", report_key_of(r.report), r.label, 3) for r in reports()])


@st.cache_data(show_spinner=False, ttl=600)
def _documents_with(digits: str) -> list[dict]:
    """The documents whose number contains these digits (mandates among them are in the index already)."""
    return [_indexed(d.role, d.doc, f"{d.type or ''} {d.number}".strip(), 1 if d.role == "mandate" else 2)
            for d in rows("document-search", digits=digits)]


def link_for(iri: str) -> tuple[str, dict] | None:
    """The explorer page and parameters showing a graph node."""
    unit = parse_unit_iri(iri)
    if unit:
        return "district", {"id": unit_key_of(iri)}
    key = report_key_of(iri)
    if key:
        return "report", {"id": key}
    if iri.startswith(ID + "doc/") and any(m.mandate == iri for m in mandates()):
        return "mandate", {"id": iri}
    if iri.startswith((ID + "doc/", ID + "org/")):
        return "graph", {"node": iri}
    return None


def href(iri: str) -> str:
    """A URL for links inside HTML (the annotated report): relative to the app root."""
    target = link_for(iri)
    if target is None:
        return iri
    page, params = target
    from urllib.parse import urlencode

    return f"/{page}?{urlencode(params)}"


# ---------------------------------------------------------------- free SPARQL with a time limit and a row cap

READ_FORMS = ("SELECT", "ASK", "CONSTRUCT", "DESCRIBE")


def _worker(location: str, sparql: str, cap: int, out: multiprocessing.Queue) -> None:
    from policykg.store import GraphStore

    try:
        table = run(GraphStore(location, read_only=True), sparql, limit=cap)
        out.put(("ok", table.columns, [[term_text(v, compact=False) if v is not None else None for v in r]
                                       for r in table.rows], table.truncated))
    except Exception as exc:  # the message goes back to the page
        out.put(("error", f"{type(exc).__name__}: {exc}", None, None))


def free_query(sparql: str, seconds: int = QUERY_SECONDS, cap: int = ROW_CAP, tick=None) -> Table:
    """Run user SPARQL read-only: only query forms, in a child process killed after `seconds`, at most `cap`
    rows (a cut result says so). Updates never reach the store: the query parser rejects them and the child
    opens the store read-only. `tick(elapsed_seconds)` is called while it runs (the page shows progress; a
    click elsewhere on the page interrupts the wait, and the child is killed)."""
    # A courtesy, not the guard (the child's read-only store and the query parser are): say plainly what is wrong.
    form = operation_form(sparql)
    if form not in READ_FORMS:
        raise ValueError(Message("only read queries (SELECT, ASK, CONSTRUCT, DESCRIBE) run here; updates are refused",
                                 "chỉ chấp nhận truy vấn đọc SELECT / ASK / CONSTRUCT / DESCRIBE; lệnh cập nhật bị từ "
                                 "chối"))
    if uses_service(sparql):
        raise ValueError(Message("SERVICE is refused: it would make the server fetch the addresses it names",
                                 "truy vấn có SERVICE bị từ chối: máy chủ sẽ phải tải dữ liệu từ địa chỉ khác"))
    if os.environ.get("POLICYKG_ENDPOINT"):  # the server enforces its own time limit
        return run(store(), sparql, limit=cap)
    location = os.environ.get("POLICYKG_STORE") or str(default_store())
    context = multiprocessing.get_context("spawn")
    out = context.Queue()
    process = context.Process(target=_worker, args=(location, sparql, cap, out), daemon=True)
    process.start()
    started = time.monotonic()
    try:
        while True:
            try:
                status, columns, data, truncated = out.get(timeout=0.25)
                break
            except queue.Empty:
                elapsed = time.monotonic() - started
                if elapsed >= seconds:
                    raise TimeoutError(Message(
                        f"the query ran past {seconds} s and was stopped: narrow it or add a LIMIT",
                        f"truy vấn chạy quá {seconds} giây và đã bị dừng: hãy thu hẹp hoặc thêm LIMIT")) from None
                if tick:
                    tick(elapsed)
    finally:  # done, timed out, or the page interrupted (cancelled): the child never outlives the wait
        if process.is_alive():
            process.kill()
        process.join(1)
    if status == "error":
        raise ValueError(engine_error(columns, sparql))
    return Table(columns, data, 0, truncated)


_AT = re.compile(r"error at (?P<line>\d+):(?P<column>\d+):\s*(?P<detail>.*)", re.S)


def engine_error(said: str, sparql: str) -> Message:
    """The engine's error in words a reader can act on: a syntax error names its line and column and shows
    the line with a mark under the place; the parser's own words follow, as it wrote them."""
    m = _AT.search(said)
    if not m or "SyntaxError" not in said:
        return Message(f"the query could not run: {said}", f"truy vấn không chạy được: {said}")
    line, column = int(m["line"]), int(m["column"])
    lines = sparql.splitlines() or [""]
    text = lines[line - 1] if 0 < line <= len(lines) else ""
    pointer = f"\n    {text}\n    {' ' * max(0, column - 1)}^"
    detail = m["detail"].strip()
    return Message(f"the query is not valid SPARQL at line {line}, column {column}:{pointer}\n(the parser: {detail})",
                   f"câu truy vấn sai cú pháp SPARQL ở dòng {line}, cột {column}:{pointer}\n"
                   f"(bộ phân tích cú pháp báo: {detail})")

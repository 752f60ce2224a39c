"""The explorer's pages. Each reads named queries through `data`, shows nodes as links to the page about them,
and renders report text only escaped (st.html sanitises; annotate escapes; the graph view makes labels inert)."""

from __future__ import annotations

import datetime as dt
import hashlib
import html
import re
from collections import defaultdict
from decimal import Decimal
from pathlib import Path

import pandas as pd
import streamlit as st

from policykg.explorer import data
from policykg.explorer.i18n import LANGS, count_text, t
from policykg.domain.identity import report_key_of, unit_key_of
from policykg.messages import Message, say, say_error
from policykg.query.params import ParamError
from policykg.paths import app_dir
from policykg.reports.gaps import (UNIT_VIEWS, cell_label, mandate_labels, mandate_order, places,
                                    strongest_first)
from policykg.scoreboard import EVIDENCE_KEPT
from policykg.reports.words import EVIDENCE_STATUS, UNCLASSIFIED_LABELS, column_label, deficit_rule, shown, status_word
from policykg.text import spreadsheet_safe

PAGES: dict[str, st.Page] = {}
UPLOAD_LIMIT = 20 * 1024 * 1024


def lang() -> str:
    return st.session_state.get("lang", "vi")


_MARKUP = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~&$:=^\"'])")


def plain(text) -> str:
    """Text for a Streamlit element that reads Markdown (markdown, captions, link and expander labels): every
    ASCII punctuation mark backslash-escaped (CommonMark), so a report's `![x](http://…)`, `*`, `_`, `$…$`,
    `:red[…]` or HTML stay the characters they are, and nothing is fetched."""
    return _MARKUP.sub(r"\\\1", "" if text is None else str(text))


def link(page: str, label: str, **params) -> None:
    """A link to a page of the explorer; it carries the page's language, so the page it opens (and a reload of
    it) speaks the same one."""
    query = {k: v for k, v in params.items() if v is not None}
    if lang() != "vi":
        query["lang"] = lang()
    st.page_link(PAGES[page], label=plain(label), query_params=query)


def frame_of(rows: list) -> pd.DataFrame:
    """Typed rows as a data frame: numbers stay numbers (a Decimal as a float), dates stay dates."""
    return pd.DataFrame([{k: float(v) if isinstance(v, Decimal) else v for k, v in r.as_dict().items()}
                         for r in rows])


def shown_frame(rows: list, columns: list[str] | None = None, L: str | None = None) -> pd.DataFrame:
    """Rows as people read them: the columns given (else every column but the IRIs), headed in the page's
    language, code words and labels in it, a missing value as —, a day as 2022-08-15 (a column of days and
    dashes is text: mixed, the browser's table could not take it and Streamlit logged an error each time)."""
    L = L or lang()
    declared = rows[0].declared if rows else ()
    names = columns or [c.name for c in declared if c.type != "iri"]
    query = rows[0].query_name if rows else None
    records = [{column_label(n, L): (float(v) if isinstance(v, Decimal) else v.isoformat() if isinstance(v, dt.date)
                                     else shown(v, L, n, query))
                for n in names for v in (getattr(r, n),)} for r in rows]
    return pd.DataFrame(records, columns=[column_label(n, L) for n in names])


def table(rows: list, columns: list[str] | None = None) -> None:
    if not rows:
        st.caption(t("no_data", lang()))
        return
    st.dataframe(shown_frame(rows, columns), hide_index=True, width="stretch")


def _param(name: str, default=None):
    value = st.query_params.get(name)
    return value if value not in (None, "") else default


# ---------------------------------------------------------------- overview

def overview() -> None:
    L = lang()
    st.title(t("title", L))
    counts = data.rows("graph-summary")[0]
    columns = st.columns(6)
    for column, key in zip(columns, ("reports", "districts", "documents", "mandates", "citations", "indicators")):
        column.metric(t(key, L), getattr(counts, key))
    left, right = st.columns(2)
    with left:
        st.subheader(t("by_province", L))
        table(data.rows("province-summary"))
        st.subheader(t("latest_reports", L))
        for r in data.reports()[:10]:
            link("report", f"{r.label}", id=_key(r.report))
    with right:
        st.subheader(t("gap_summary", L))
        for d in data.rows("gap-deficit"):
            deficit = f"{d.deficitPercent}%" if d.deficitPercent else "—"  # nothing certainly in scope
            link("district", f"{d.districtName} — {deficit} ({d.provinceName})",
                 id=unit_key_of(d.district))
        link("gaps", "→ " + t("gaps", L))


def _evidence(items: list[dict], limit: int | None = 12) -> None:
    """Evidence rows, strongest first and one per quote (as in the gap report): kind, the document it goes
    through, the section, the quote (escaped), and a link to the report."""
    L = lang()
    shown = strongest_first(items)[:limit]
    # the labels of the reports quoted here, looked up (every report's, once a cell: 91 % of a cached district
    # page at 100,000 reports)
    quoted = sorted({e.report for e in shown if e.report})
    labels = {r.report: r.label for r in data.rows("report-list", report=quoted)} if quoted else {}
    for e in shown:
        via = f" · {e.viaNumber}" if e.viaNumber else ""
        section = f" [{e.section}]" if e.section else ""
        kind = status_word(e.kind, L)
        st.markdown(f"**{plain(kind)}**{plain(via + section)} — {plain(e.quote or '')}")
        if e.report:  # named by the report's own label (unit, kind, date) and section; opens at the quote
            label = labels.get(e.report) or _key(e.report)
            where = f" · {e.section}" if e.section else ""
            link("report", f"↳ {label}{where}", id=_key(e.report),
                 at=f"{e.start}-{e.end}" if e.start is not None and e.end is not None else None)


def _choose(options: list[dict], label: str, key, caption, default: str | None = None) -> dict | None:
    """The item the `id` deep-link parameter names (else `default`, else the first), in a selectbox; None, with
    a notice, when there is nothing to choose from."""
    if not options:
        st.info(t("no_data", lang()))
        return None
    keys = [key(o) for o in options]
    chosen = _param("id", default or keys[0])
    if label == "choose_district":
        chosen = _unit_param(chosen)
    return st.selectbox(t(label, lang()), options, index=keys.index(chosen) if chosen in keys else 0,
                        format_func=caption)


def _unit_param(value: str) -> str:
    """A unit's key from a link: 'd694', '2025c25357'; an older link's bare GSO code is a district's."""
    return f"d{value.zfill(3)}" if value and value.isdigit() else value


def _key(report_iri: str) -> str:
    return report_key_of(report_iri)


# ---------------------------------------------------------------- district

def district() -> None:
    L = lang()
    current = _choose(data.districts(), "choose_district", lambda d: unit_key_of(d.district),
                      lambda d: d.name if d.level == "province" else f"{d.name} ({d.province})")
    if current is None:
        return
    code = unit_key_of(current.district)
    st.title(plain(current.name if current.level == "province" else f"{current.name} — {current.province}"))
    st.caption(f"GSO {current.code}")
    # Proof first: the mandates with their evidence, strongest verdict first and its proof open, then the rest
    st.subheader(t("acts_on", L))
    evidence = defaultdict(list)
    # each cell's five strongest as the build ranked them (ranking a unit's every piece live: ~1 s at 10,000
    # reports); live while no scoreboard was computed by today's queries
    kept = data.scoreboard_state() in ("fresh", "updating")
    for e in data.rows("gap-evidence-top" if kept else "gap-evidence", district=code):
        evidence[e.mandate].append(e)  # by IRI: a local number (04-NQ/TU) is not unique across issuers
    cells = sorted(data.rows("gap-cells", district=code), key=lambda c: (int(c.cellRank), c.mandateNumber))
    for i, cell in enumerate(cells):
        symbol = EVIDENCE_STATUS[cell.status].symbol
        with st.expander(f"{symbol} {cell.mandateNumber} — {cell_label(cell, L)}",
                         expanded=i == 0 and cell.status == "implemented"):
            link("mandate", cell.mandateNumber, id=cell.mandate)
            _evidence(evidence.get(cell.mandate, []), limit=EVIDENCE_KEPT)
    st.subheader(t("reports", L))
    for r in data.rows("district-reports", district=code):  # the unit's, looked up (not every report filtered)
        link("report", f"{r.label} ({r.earliest or '?'})", id=_key(r.report))
    st.subheader(t("issued_docs", L))
    table(data.rows("district-documents", district=code), ["number", "type", "date", "issuerName", "applies"])
    st.subheader(t("overdue", L))
    table(data.rows("overdue-obligations", district=code),
          ["mandateNumber", "obligationTextVi" if L == "vi" else "obligationText", "deadline", "firstReportAfter",
           "reason"])
    st.subheader(t("superseded", L))
    table(data.rows("superseded-citations", district=code),
          ["citedNumber", "replacementNumber", "status", "earliest", "latest", "replacesVerification"])
    st.subheader(t("indicators", L))
    rows = data.rows("indicator-observations", district=code)
    # A figure the extractor could not tie to an indicator has no name to show in the table or a legend: it is
    # listed apart, under what the report calls it, so the table never says "unclassified" row after row.
    observed = [r for r in rows if r.indicatorName not in UNCLASSIFIED_LABELS]
    unnamed = [r for r in rows if r.indicatorName in UNCLASSIFIED_LABELS]
    table(observed, ["indicatorName", "value", "unit", "level", "modality", "periodEnd", "quote"])
    if unnamed:
        with st.expander(t("unnamed_figures", L).format(n=len(unnamed))):
            table(unnamed, ["label", "value", "unit", "modality", "periodEnd", "quote"])
    # Shares of different things side by side, never stacked (stacked, unrelated percentages summed to ~600%).
    chartable = [r for r in observed if r.modality == "observed" and r.unit == "percent" and r.periodEnd]
    if chartable:
        frame = pd.DataFrame([{"period": str(r.periodEnd), "indicator": shown(r.indicatorName, L, "indicatorName"),
                               "value": float(r.value)} for r in chartable])
        st.bar_chart(frame.pivot_table(index="period", columns="indicator", values="value", aggfunc="max"),
                     stack=False, y_label="%", x_label=column_label("periodEnd", L))
    st.subheader(t("difficulties", L))
    table(data.rows("district-statements", district=code), ["sectionName", "quote", "addressee", "topics"])


# ---------------------------------------------------------------- mandate

def mandate_title(m, L: str) -> str | None:
    """A mandate's title in the page's language; none rather than the other language's (the number says which
    document it is)."""
    return m.titleVi if L == "vi" else m.title

def mandate() -> None:
    L = lang()
    options = data.mandates()
    current = _choose(options, "choose_mandate", lambda m: m.mandate,
                      lambda m: " — ".join(filter(None, (m.number, mandate_title(m, L)))),
                      default=next((m.mandate for m in options if m.number == "04-NQ/TU"), None))
    if current is None:
        return
    st.title(current.number)
    if mandate_title(current, L):
        st.caption(plain(mandate_title(current, L)))
    # Proof first: the strongest unit's evidence, then every unit's verdict, then the document's own facts
    st.subheader(t("districts", L))
    cells = sorted(data.rows("gap-cells", mandate=current.mandate),
                   key=lambda c: (int(c.cellRank), c.districtName))
    if cells:
        # One unit's evidence at a time: a national mandate has hundreds of units, and evidence is fetched per
        # unit (a narrow query), strongest first.
        pick = st.selectbox(t("evidence_of", L), cells, index=0,
                            format_func=lambda c: f"{EVIDENCE_STATUS[c.status].symbol} {c.districtName} — {cell_label(c, L)}")
        _evidence([e for e in data.rows("gap-evidence", district=pick.district)
                   if e.mandate == current.mandate], limit=None)
    for cell in cells:
        link("district", f"{EVIDENCE_STATUS[cell.status].symbol} {cell.districtName} — {cell_label(cell, L)}",
             id=unit_key_of(cell.district))
    # Out of scope where it was no longer in force, yet cited: who still cites it, with the words
    still_cited = [s for s in data.rows("superseded-citations") if s.cited == current.mandate]  # by IRI
    if still_cited:
        st.subheader(t("still_cited", L))
        table(still_cited, ["districtName", "replacementNumber", "status", "earliest", "latest", "quote"])
    st.subheader(t("lifecycle", L))
    table(data.rows("mandate-lifecycle", mandate=current.mandate))
    st.subheader(t("obligations", L))
    table(data.rows("mandate-obligations", mandate=current.mandate),
          ["textVi" if L == "vi" else "text", "action", "provision", "borneBy", "deadline", "indicatorName", "operator", "targetValue",
           "verification", "evidenceTopics"])
    st.subheader(t("chains", L))
    _graph_of(current.mandate, depth=3, cap=80, relations={"applies", "passed_by", "governs"})


# ---------------------------------------------------------------- report

def report() -> None:
    from policykg.annotate import annotate_html
    from policykg.catalog import load_catalog
    from policykg.extract import extract_text
    from policykg.domain.identity import report_iri
    from policykg.resolve.report import resolve_report

    L = lang()
    current = _choose(data.reports(), "choose_report", lambda r: _key(r.report), lambda r: r.label)
    if current is None:
        return
    iri = current.report
    details = data.rows("report-details", report=iri)
    if not details:
        st.warning(t("no_data", L))
        return
    d = details[0]
    st.title(plain(d.label))
    quoted = _span(_param("at"), len(d.text or ""))
    if quoted:  # opened from a piece of evidence: the quote first, in its context, marked
        st.subheader(t("quoted", L))
        st.html(quote_in_context(d.text, *quoted))
    st.subheader(t("metadata", L))
    if d.districtCode:
        link("district", f"{d.districtName} (GSO {d.districtCode}, {d.confidence})",
             id=unit_key_of(d.district))
    st.markdown(" · ".join(plain(x) for x in (d.title or "", d.periodText or "",
                                                    f"{d.earliest or '?'} … {d.latest or '?'}",
                                                    " ".join(filter(None, (d.signingTitle, d.signer))),
                                                    d.file) if x))
    st.subheader(t("annotated", L))
    extraction = extract_text(d.text, d.file)
    page = annotate_html(extraction, resolve_report(extraction, load_catalog()), link=lambda iri: _with_lang(data.href(iri)))
    style = re.search(r"<style>.*?</style>", page, re.S).group()
    body = page.split("<body>", 1)[1].rsplit("</body>", 1)[0]
    st.html(style + body)  # everything from the report is escaped by annotate_html; st.html sanitises again
    st.subheader(t("facts", L))
    table(data.rows("report-citations", report=report_iri(_key(iri))),
          ["start", "end", "quote", "number", "roleName", "statedDate", "statedIssuer", "byName"])


def _span(value: str | None, length: int) -> tuple[int, int] | None:
    """'5752-5849' from a link, as offsets into a text of `length` characters; None when absent or not one."""
    m = re.fullmatch(r"(\d{1,9})-(\d{1,9})", value or "")
    if not m:
        return None
    start, end = int(m.group(1)), int(m.group(2))
    return (start, end) if 0 <= start < end <= length else None


CONTEXT_CHARS = 300


def quote_in_context(text: str, start: int, end: int) -> str:
    """The quoted characters marked, with the words around them, as escaped HTML (report text is never markup)."""
    before = text[max(0, start - CONTEXT_CHARS):start]
    after = text[end:end + CONTEXT_CHARS]
    lead = "…" if start > CONTEXT_CHARS else ""
    tail = "…" if end + CONTEXT_CHARS < len(text) else ""
    return ("<div style='white-space:pre-wrap;border-left:4px solid #2166ac;padding:8px 12px;background:#f5f9fc'>"
            f"{lead}{html.escape(before)}<mark style='background:#fdb863'>{html.escape(text[start:end])}</mark>"
            f"{html.escape(after)}{tail}</div>")


# ---------------------------------------------------------------- graph

def graph() -> None:
    L = lang()
    node = _param("node")
    query = st.text_input(t("search", L), key="graph-search")
    if query:
        hits = [h for h in data.search(query) if h["kind"] in ("mandate", "document")]
        if hits:
            node = st.selectbox(t("node", L), [h["id"] for h in hits],
                                format_func=lambda i: next(h["label"] for h in hits if h["id"] == i))
    if node is None:
        mandates = data.mandates()
        node = next((m.mandate for m in mandates if m.number == "04-NQ/TU"), None) or next(
            (m.mandate for m in mandates), None)
    if node is None:
        st.info(t("no_data", L))
        return
    depth = st.slider(t("depth", L), 1, 4, 2)
    cap = st.slider(t("cap", L), 10, 500, 150)
    around = data.neighbourhood(node, depth, cap)  # the filters offer what is around this node
    kinds = sorted({k for _, k in around.nodes(data="type")})
    relations = sorted({r for *_, r in around.edges(data="relation")})
    say = lambda word: str(shown(word, L, "relation"))  # noqa: E731
    # The reader's choices outlive a change of centre: what was left out stays left out where it is offered.
    dropped_types = st.session_state.setdefault("graph-dropped-types", set())
    dropped_relations = st.session_state.setdefault("graph-dropped-relations", set())
    types = st.multiselect(t("types", L), kinds, default=[k for k in kinds if k not in dropped_types],
                           format_func=say, key=f"graph-types-{node}")
    chosen = st.multiselect(t("relations", L), relations, default=[r for r in relations if r not in dropped_relations],
                            format_func=say, key=f"graph-relations-{node}")
    dropped_types.difference_update(kinds)
    dropped_types.update(set(kinds) - set(types))
    dropped_relations.difference_update(relations)
    dropped_relations.update(set(relations) - set(chosen))
    st.caption(plain(around.nodes[node].get("label", node) if node in around else node))
    _graph_of(node, depth, cap, None if set(chosen) == set(relations) else set(chosen), set(types))


def _graph_of(node: str, depth: int, cap: int, relations: set[str] | None = None, types: set[str] | None = None):
    from policykg.explorer.graphview import legend, neighbourhood, render

    L = lang()
    fetched = data.neighbourhood(node, depth, cap, frozenset(relations) if relations is not None else None)
    sub = neighbourhood(fetched, node, depth, cap, types, relations)
    if sub.number_of_nodes() == 0:
        st.caption(t("no_data", L))
        return
    say = lambda word: str(shown(word, L, "relation"))  # noqa: E731
    st.html(legend(sorted({k for _, k in sub.nodes(data="type")}), say))
    st.caption(t("graph_counts", L).format(nodes=sub.number_of_nodes(), edges=sub.number_of_edges()))
    href = lambda iri: _with_lang(data.href(iri))  # noqa: E731
    st.iframe(render(sub, node, say=say, href=href), height=640)


def _with_lang(address: str) -> str:
    """An explorer address that keeps the page's language."""
    if lang() == "vi" or not address.startswith("/"):
        return address
    return address + ("&" if "?" in address else "?") + "lang=" + lang()


# ---------------------------------------------------------------- SPARQL console

def sparql() -> None:
    from policykg.sparql import named_queries

    L = lang()
    queries = named_queries()
    name = st.selectbox(t("named_query", L), list(queries), format_func=lambda n: f"{queries[n].titled(L)} ({n})")
    q = queries[name]
    st.caption(plain(q.asked(L)))
    values = {p.name: st.text_input(f"{p.name} — {p.describe(L)}", value=p.default or "", key=f"p-{name}-{p.name}")
              for p in q.params}
    # Run once, then paged: the query and its parameters are kept, so the page buttons rerun the page, not a
    # national listing sent whole to the browser.
    asked = (name, tuple(sorted(values.items())))
    if st.button(t("run", L), key="run-named"):
        st.session_state["named-run"], st.session_state["named-offset"] = asked, 0
    if st.session_state.get("named-run") == asked:
        offset = st.session_state.get("named-offset", 0)
        try:
            with st.spinner(t("running", L)):
                shown, total = data.page(name, offset, **values)
        except ParamError as exc:  # a bad parameter value: named as the form names it, in the page's language
            st.error(f"{t('parameter', L)} {exc.param}: {say(exc.problem, L)}")
        except Exception as exc:
            st.error(say_error(exc, L))
        else:
            if shown:
                st.caption(t("rows_of", L).format(first=offset + 1, last=offset + len(shown), total=count_text(total, L)))
            table(shown)
            back, forward, _ = st.columns([1, 1, 4])
            if offset and back.button(t("previous_page", L), key="named-back"):
                st.session_state["named-offset"] = max(0, offset - data.PAGE_ROWS)
                st.rerun()
            if offset + len(shown) < total and forward.button(t("next_page", L), key="named-next"):
                st.session_state["named-offset"] = offset + data.PAGE_ROWS
                st.rerun()
            # every row, made when clicked (off the page's thread)
            st.download_button(t("download_all", L).format(total=count_text(total, L)),
                               lambda: frame_of(data.all_rows(name, **values)).map(spreadsheet_safe)
                               .to_csv(index=False).encode("utf-8"),
                               file_name=f"{name}.csv", mime="text/csv", key="dl-named")
    st.subheader(t("free_query", L))
    text = st.text_area("SPARQL", value="SELECT ?s ?p ?o WHERE { ?s ?p ?o } LIMIT 10", height=160)
    run, cancel = st.columns([1, 1])
    if cancel.button(t("cancel", L), key="cancel-free"):  # a click interrupts a running query: its child is killed
        st.info(t("cancelled", L))
    if run.button(t("run", L), key="run-free"):
        progress = st.empty()
        try:
            result = data.free_query(text, tick=lambda s: progress.caption(
                t("running_for", L).format(seconds=int(s), limit=data.QUERY_SECONDS)))
        except (ValueError, TimeoutError) as exc:
            progress.empty()
            head, _, rest = say_error(exc, L).partition("\n")
            st.error(plain(head))
            if rest:  # the query's line and the mark under the place, kept as written
                st.code(rest, language=None)
        else:
            progress.empty()
            frame = pd.DataFrame(result.rows, columns=result.columns)
            st.dataframe(frame, hide_index=True, width="stretch")
            if result.truncated:
                st.warning(t("cut_at", L).format(rows=data.ROW_CAP))
            st.download_button(t("download", L), frame.map(spreadsheet_safe).to_csv(index=False).encode("utf-8"), file_name="query.csv",
                               mime="text/csv", key="dl-free")


# ---------------------------------------------------------------- gaps

def gaps() -> None:
    L = lang()
    st.title(t("gaps", L))
    view = st.radio(t("unit_view", L), UNIT_VIEWS, format_func=lambda v: t(f"units_{v}", L), horizontal=True)
    cells = data.rows("gap-cells")
    placed = places(cells, view)  # the reform view: each unit under its province then, or today's
    group = (lambda c: placed[c.district].today_province or c.provinceName) if view == "today" \
        else (lambda c: c.provinceName)
    provinces = sorted({group(c) for c in cells})
    asked = _param("province")  # kept in the URL: a reload or a shared link shows the same province
    province = st.selectbox(t("province", L), ["—"] + provinces,
                            index=(["—"] + provinces).index(asked) if asked in provinces else 0)
    _keep_param("province", None if province == "—" else province)
    shown = [c for c in cells if province == "—" or group(c) == province]
    # Columns are mandates by IRI, headed by their number (with issuer and year where two share one).
    numbers = {c.mandate: c.mandateNumber for c in cells}
    labels = mandate_labels(numbers, data.mandates)
    mandates = mandate_order({c.mandate: c.mandateNumber for c in shown})  # the gap report's order
    by_district: dict[tuple[str, str], dict] = defaultdict(dict)
    for c in shown:
        by_district[(c.districtName, unit_key_of(c.district))][c.mandate] = c
    units = sorted(by_district)
    province_of = {unit_key_of(c.district): c.provinceName for c in shown}
    names = [name for name, _ in units]
    rows_named = [name if names.count(name) == 1 else f"{name} ({province_of[key]})" for name, key in units]
    headings = [labels[m] for m in mandates]
    matrix = pd.DataFrame([[_cell_text(by_district[u].get(m), L) for m in mandates] for u in units],
                          index=rows_named, columns=headings)
    colours = pd.DataFrame([[_cell_style(by_district[u].get(m)) for m in mandates] for u in units],
                           index=matrix.index, columns=headings)
    # A click on a cell opens its evidence below, in place (no reload: the language, the province and the
    # scroll stay); the URL keeps the cell, so a reload or a shared link opens it again.
    picked = st.dataframe(matrix.style.apply(lambda _: colours, axis=None), width="stretch",
                          on_select="rerun", selection_mode="single-cell", key=f"gap-matrix-{province}-{view}")
    cells_picked = picked.selection.cells if picked and picked.selection else []
    code, mandate = _unit_param(_param("district")), _mandate_param(_param("mandate"), numbers)
    if cells_picked:
        row, heading = cells_picked[0]
        code, mandate = units[row][1], mandates[headings.index(heading)]
        _keep_param("district", code)
        # the number in the URL while it names one mandate (a link people can read), else the IRI
        _keep_param("mandate", numbers[mandate] if labels[mandate] == numbers[mandate] else mandate)
    # the legend: each symbol, its words, and the rule behind it; then what the deficit counts
    st.caption(" · ".join(f"{s.symbol} {plain(cell_label_of(k, L))}: {plain(s.rule_en if L == 'en' else s.rule_vi)}"
                          for k, s in EVIDENCE_STATUS.items()))
    st.caption(plain(deficit_rule(L)))
    if code and mandate:
        unit = next((c.districtName for c in cells if unit_key_of(c.district) == code), code)
        st.subheader(plain(f"{t('evidence', L)}: {unit} — {labels.get(mandate, mandate)}"))
        items = [e for e in data.rows("gap-evidence", district=code) if e.mandate == mandate]
        _evidence(items, limit=None)
        if not items:
            st.caption(t("no_data", L))
    else:
        st.caption(t("pick_a_cell", L))
    st.subheader(t("gap_summary", L))
    in_view = {c.district for c in shown}  # the province filter applies to this table too
    table([d for d in data.rows("gap-deficit") if d.district in in_view],
          ["districtName", "provinceName", "inScope", "implemented", "cited", "evidenceOnly", "mentioned", "none",
           "uncertain", "deficitPercent", "overdue"])


def _mandate_param(value: str | None, numbers: dict[str, str]) -> str | None:
    """The mandate a URL names (IRI -> number given): its IRI, or a number only one mandate has; a number two
    share names neither (the page asks for a cell)."""
    if not value or value in numbers:
        return value
    named = [m for m, number in numbers.items() if number == value]
    return named[0] if len(named) == 1 else None


def cell_label_of(status: str, L: str) -> str:
    return str(shown(status, L, "status"))


def _cell_text(c, L: str) -> str:
    """A matrix cell as text: the verdict's symbol and words (– where the mandate did not bind the unit)."""
    return "–" if c is None else f"{EVIDENCE_STATUS[c.status].symbol} {cell_label(c, L)}"


def _cell_style(c) -> str:
    if c is None:
        return "color:#777"
    background, colour = EVIDENCE_STATUS[c.status].background, EVIDENCE_STATUS[c.status].colour
    return f"background-color:{background};color:{colour}"


def _keep_param(name: str, value: str | None) -> None:
    """Say a choice in the URL without reloading the page, so that a reload or a copied link keeps it."""
    if value is None:
        st.query_params.pop(name, None)
    elif st.query_params.get(name) != value:
        st.query_params[name] = value


# ---------------------------------------------------------------- add a report

def add_report() -> None:
    from policykg.annotate import annotate_html
    from policykg.catalog import load_catalog
    from policykg.extract import extract_text
    from policykg.paths import data_dir
    from policykg.read import ReadError, read_report
    from policykg.resolve.report import resolve_report

    L = lang()
    st.title(t("add", L))
    uploaded = st.file_uploader(t("upload", L), type=["txt", "docx", "pdf"])
    if uploaded is None:
        return
    try:
        path = save_upload(uploaded.name, uploaded.getvalue(), data_dir() / "uploads")
    except ValueError as exc:
        st.error(say_error(exc, L))
        return
    try:
        text = read_report(path).text
    except ReadError as exc:  # the file's problem in the page's language, without the server's paths
        st.error(f"{uploaded.name}: {say(exc.problem, L)}")
        return
    extraction = extract_text(text, str(path))
    st.subheader(t("preview", L))
    page = annotate_html(extraction, resolve_report(extraction, load_catalog()), link=lambda iri: _with_lang(data.href(iri)))
    st.html(re.search(r"<style>.*?</style>", page, re.S).group() + page.split("<body>", 1)[1].rsplit("</body>", 1)[0])
    from policykg.knowledge_graph import KnowledgeGraph
    from policykg.pipeline import prepare_report

    # A new version of a stored report (same unit, nothing in its number or day telling them apart, other
    # text) replaces it only when the reader says so, with what is replaced named; else it is a report of its own.
    versions = KnowledgeGraph(data.store()).versions_of(prepare_report(path))
    replacing = None
    if versions:
        st.warning(t("looks_like_a_version", L).format(name=uploaded.name))
        for v in versions:
            said = " · ".join(str(x) for x in (v.label, v.number, v.referenceDate, Path(v.file).name) if x)
            if st.button(t("replace_it", L).format(report=said), key=f"replace-{v.report}"):
                replacing = v.report
        add = st.button(t("add_separately", L), key="add-separately")
    else:
        add = st.button(t("add_to_graph", L), key="add")
    if add or replacing:
        from policykg.store import StoreError

        try:
            writer = data.writable_store()
            result = KnowledgeGraph(writer).add_file(path, replacing=replacing)
            writer.flush()
        except StoreError as exc:  # the store locked by a build, say: in the page's language
            st.error(say_error(exc, L))
            return
        if result.status == "ok":
            data.clear()
            st.success(t("added", L).format(name=uploaded.name, references=result.references, triples=result.triples))
            if result.message:  # a replacement, or stored under a key of its own
                st.info(say(result.message, L).replace(str(path), uploaded.name))
            link("report", uploaded.name, id=result.key)
        elif result.status == "skipped":  # the same content is already a report: nothing replaced, nothing lost
            st.info(t("already_there", L).format(name=uploaded.name))
        else:  # the file's problem, without the server's paths
            st.error(f"{uploaded.name}: {say(result.message, L).replace(str(path), uploaded.name)}")


def save_upload(name: str, content: bytes, folder: Path) -> Path:
    """Keep an upload inside `folder` whatever its name says ('../../etc/passwd', absolute paths), size-limited,
    under a name that carries its content's hash: two districts' `bao_cao.txt` are two reports, never one
    replacing the other; the same content uploaded twice is the same file."""
    if len(content) > UPLOAD_LIMIT:
        raise ValueError(Message(f"{name}: larger than the {UPLOAD_LIMIT // 2**20} MB an upload may have; split it "
                                 "or build it from the command line",
                                 f"{name}: lớn hơn {UPLOAD_LIMIT // 2**20} MB cho phép khi tải lên; hãy tách tệp hoặc "
                                 "dùng `policykg build`"))
    safe = re.sub(r"[^\w.-]+", "_", Path(name.replace("\\", "/")).name).lstrip(".") or "report.txt"
    stem, suffix = (safe.rsplit(".", 1)[0], "." + safe.rsplit(".", 1)[1]) if "." in safe else (safe, "")
    folder.mkdir(parents=True, exist_ok=True)
    path = (folder / f"{stem}-{hashlib.sha256(content).hexdigest()[:12]}{suffix}").resolve()
    if folder.resolve() not in path.parents:
        raise ValueError(Message(f"{name}: not a usable file name; rename the file and upload it again",
                                 f"{name}: tên tệp không dùng được; hãy đổi tên tệp rồi tải lên lại"))
    path.write_bytes(content)
    return path


# ---------------------------------------------------------------- the app

def main() -> None:
    st.set_page_config(page_title="policykg", layout="wide")
    data.follow_store()
    if "lang" not in st.session_state:  # a new session (a reload, a link): the URL says the language
        st.session_state["lang"] = _param("lang", "vi") if _param("lang", "vi") in LANGS else "vi"
    L = lang()
    if L == "vi":  # kept in the URL, so that a reload, a link or a bookmark keeps it
        st.query_params.pop("lang", None)
    else:
        st.query_params["lang"] = L
    views = app_dir() / "views"
    for key in ("overview", "district", "mandate", "report", "graph", "sparql", "gaps", "add"):
        PAGES[key] = st.Page(views / f"{key}.py", title=t(key, L), url_path=key, default=key == "overview")
    navigation = st.navigation(list(PAGES.values()))
    if data.scoreboard_state() == "updating":
        st.info(t("scoreboard_updating", L))
    with st.sidebar:
        st.radio(t("language", L), LANGS, key="lang", horizontal=True, format_func=lambda x: {"vi": "Tiếng Việt", "en": "English"}[x])
        query = st.text_input(t("search", L), key="search")
        for hit in data.search(query) if query else []:
            page = {"district": "district", "mandate": "mandate", "report": "report"}.get(hit["kind"], "graph")
            params = {"node": hit["id"]} if page == "graph" else {"id": hit["id"]}
            link(page, hit["label"], **params)
        if st.button(t("reload", L)):
            data.clear()
    navigation.run()

"""Named SPARQL queries (queries/*.rq) with declared parameters, bound safely, and result formatting.

A query file starts with a header of comment lines:
    # title: …
    # question: …
    # param: NAME TYPE description [default: VALUE]
    # unordered: COLUMN why   (a GROUP_CONCAT list whose order SPARQL leaves to the engine)
A line `# include: NAME` in a WHERE clause stands for the named query NAME as a subquery, so an aggregate
(deficit per district) is computed over exactly the rows another query (the gap matrix) returns.
A query reading materialised results (the scoreboard) declares `# fallback: NAME`, the query that computes
them; the parameters it declares itself are those it can answer. `bind` runs the fallback, in place of the
query or of its inclusion, when a parameter only the fallback answers is bound (a period, for the all-years
totals), and everything live when the scoreboard is stale or absent or when asked to (`live=True`).
TYPE is one of iri, document, district, indicator, string, date, integer. Values are turned into RDF terms by
pyoxigraph (which escapes them) and bound with a VALUES block placed first in every WHERE clause: user text
is never pasted into the query string.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from pyoxigraph import Literal, NamedNode

from policykg.extract.numbers import parse_number_text
from policykg.gazetteer import load_gazetteer
from policykg.namespaces import PREFIXES, XSD
from policykg.paths import queries_dir
from policykg.identity import unit_iri
from policykg.text import spreadsheet_safe

PARAM_TYPES = ("iri", "document", "district", "indicator", "string", "date", "integer")
_HEADER = re.compile(r"^#\s*(title|question|param|note|fallback|unordered):\s*(.*)$")
_PARAM = re.compile(r"^(?P<name>[A-Za-z_]\w*)\s+(?P<type>\w+)\s+(?P<desc>.*?)(?:\s*\[default:\s*(?P<default>[^\]]*)\])?\s*$")
_WHERE = re.compile(r"\bWHERE\s*\{", re.IGNORECASE)
_INCLUDE = re.compile(r"^[ \t]*#\s*include:\s*(?P<name>[\w-]+)[ \t]*$", re.MULTILINE)
_TRAILING_ORDER = re.compile(r"\}\s*ORDER\s+BY\b(?:(?!\b(?:LIMIT|OFFSET)\b)[^{}])*$", re.IGNORECASE)
_PREFIX = re.compile(r"^\s*PREFIX\s+\S+\s*<[^>]*>\s*$", re.MULTILINE | re.IGNORECASE)


class QueryError(ValueError):
    pass


@dataclass(frozen=True)
class Param:
    name: str
    type: str
    description: str
    default: str | None


@dataclass
class NamedQuery:
    name: str
    path: Path
    title: str
    question: str
    params: list[Param]
    text: str
    notes: list[str] = field(default_factory=list)
    fallback: str | None = None  # this query's own fallback (a query name)
    partial_text: str | None = None  # readers that cannot answer `narrow_params` replaced by their fallbacks
    live_text: str | None = None  # every reader replaced by its fallback, down to live queries
    narrow_params: frozenset[str] = frozenset()  # binding one of these needs partial_text
    unordered: tuple[str, ...] = ()  # columns holding lists whose order the engine chooses (GROUP_CONCAT)


def split_prologue(text: str) -> tuple[list[str], str]:
    """A query's PREFIX lines, and the rest without comment lines, ready to nest as a subquery: its final
    ORDER BY goes (a subquery's order is not kept without LIMIT, and Virtuoso 7.2 crashes on some nested
    ORDER BYs under VALUES)."""
    body = "\n".join(line for line in text.splitlines() if not line.startswith("#"))
    body = _PREFIX.sub("", body).strip()
    return _PREFIX.findall(text), _TRAILING_ORDER.sub("}", body)


def _expand_includes(text: str, directory: Path, params: list[Param], seen: tuple[str, ...],
                     mode: str = "stored") -> str:
    """Replace each `# include: NAME` line by NAME's query as a subquery; its prefixes and params join ours.
    mode "stored" keeps readers of materialised results, "partial" replaces those that cannot answer every
    parameter by their fallbacks, "live" replaces all of them."""
    def replace(m: re.Match) -> str:
        name = m.group("name")
        if name in seen:
            raise QueryError(f"include cycle: {' -> '.join(seen + (name,))}")
        inner = parse_query_file(directory / f"{name}.rq", seen + (name,))
        for p in inner.params:
            if p.name not in {q.name for q in params}:
                params.append(p)
        inner_prefixes, body = split_prologue(_text_for(inner, mode))
        prefixes.extend(inner_prefixes)
        return "  {\n" + body + "\n  }"
    prefixes: list[str] = []
    expanded = _INCLUDE.sub(replace, text)
    known = set(_PREFIX.findall(expanded))
    extra = [p.strip() for p in dict.fromkeys(prefixes) if p not in known and p.strip() not in expanded]
    return "\n".join(extra + [expanded]) if extra else expanded


def _text_for(query: NamedQuery, mode: str) -> str:
    if mode == "live":
        return query.live_text or query.text
    if mode == "partial":
        return query.partial_text or query.text
    return query.text


def _includes(text: str) -> list[str]:
    return [m.group("name") for m in _INCLUDE.finditer(text)]


def parse_query_file(path: Path, seen: tuple[str, ...] = ()) -> NamedQuery:
    text = path.read_text(encoding="utf-8")
    title, question, params, notes, fallback, unordered = "", "", [], [], None, []
    for line in text.splitlines():
        if not line.startswith("#"):
            if line.strip():
                break
            continue
        m = _HEADER.match(line)
        if not m:
            continue
        key, value = m.groups()
        if key == "title":
            title = value.strip()
        elif key == "question":
            question = value.strip()
        elif key == "note":
            notes.append(value.strip())
        elif key == "fallback":
            fallback = value.strip()
        elif key == "unordered":
            unordered.append(value.split()[0])
        else:
            p = _PARAM.match(value.strip())
            if not p or p["type"] not in PARAM_TYPES:
                raise QueryError(f"{path}: bad param line {value!r} (NAME TYPE description [default: V])")
            params.append(Param(p["name"], p["type"], p["desc"], p["default"]))
    if not title or not question:
        raise QueryError(f"{path}: a named query needs '# title:' and '# question:' header lines")
    seen = seen or (path.stem,)
    expanded = _expand_includes(text, path.parent, params, seen)
    if fallback:  # a reader: it answers its own params; the fallback answers the rest
        behind = parse_query_file(path.parent / f"{fallback}.rq", seen + (fallback,))
        narrow = frozenset(p.name for p in behind.params) - {p.name for p in params}
        params += [p for p in behind.params if p.name in narrow]
        partial = _text_for(behind, "partial") if narrow else None
        live = _text_for(behind, "live")
    else:
        inner = [parse_query_file(path.parent / f"{name}.rq", seen + (name,)) for name in _includes(text)]
        narrow = frozenset().union(*(q.narrow_params for q in inner))
        partial = _expand_includes(text, path.parent, [], seen, "partial") if narrow else None
        live = _expand_includes(text, path.parent, [], seen, "live")
    return NamedQuery(path.stem, path, title, question, params, expanded, notes, fallback,
                      partial if partial != expanded else None, live if live != expanded else None, narrow,
                      tuple(unordered))


def named_queries(directory: Path | None = None) -> dict[str, NamedQuery]:
    directory = directory or queries_dir()
    files = sorted(directory.glob("*.rq"))
    return _parsed(directory, tuple((p.name, p.stat().st_mtime_ns) for p in files))


@lru_cache(maxsize=8)
def _parsed(directory: Path, signature: tuple) -> dict[str, NamedQuery]:
    """Parsed once per state of the folder (the signature: names and modification times)."""
    return {q.name: q for q in (parse_query_file(directory / name) for name, _ in signature)}


def load_query(name_or_file: str) -> NamedQuery:
    path = Path(name_or_file)
    if path.suffix == ".rq" and path.exists():
        return parse_query_file(path)
    queries = named_queries()
    if name_or_file not in queries:
        raise QueryError(f"no query named {name_or_file!r}; known: {', '.join(queries)}")
    return queries[name_or_file]


def to_terms(param: Param, value: str, store) -> list:
    """One user value -> the RDF terms it stands for (a document number may name several documents)."""
    try:
        if param.type == "iri":
            return [NamedNode(value)]
        if param.type == "string":
            return [Literal(value)]
        if param.type == "integer":
            return [Literal(str(int(value)), datatype=NamedNode(XSD + "integer"))]
        if param.type == "date":
            return [Literal(dt.date.fromisoformat(value).isoformat(), datatype=NamedNode(XSD + "date"))]
        if param.type == "indicator":
            from policykg.graph.vocabulary import concept
            from policykg.vocab import INDICATORS

            if value.startswith(("http://", "https://")):
                return [NamedNode(value)]
            if value not in INDICATORS:
                raise QueryError(f"--param {param.name}: no indicator {value!r}; known: {', '.join(INDICATORS)}")
            return [NamedNode(concept("indicator", value))]
        if param.type == "district":
            if value.startswith(("http://", "https://")):
                return [NamedNode(value)]
            gazetteer = load_gazetteer()
            unit = gazetteer.districts.get(value.zfill(3)) if value.isdigit() else None
            match = None if unit else gazetteer.match_district(value)
            unit = unit or (match.unit if match else None)
            if unit is None:
                raise QueryError(f"--param {param.name}: no district named {value!r}")
            return [NamedNode(unit_iri("district", unit.code))]
        if param.type == "document":
            if value.startswith(("http://", "https://")):
                return [NamedNode(value)]
            parse = parse_number_text(value)
            if parse is None:
                raise QueryError(f"--param {param.name}: {value!r} is neither an IRI nor a document number")
            found = list(store.query(bind(load_query("documents-numbered"), {"number": parse.number}, store)))
            if not found:
                raise QueryError(f"--param {param.name}: no document numbered {parse.number} in the graph")
            return [row["d"] for row in found]
    except ValueError as exc:
        raise QueryError(f"--param {param.name}: {value!r} is not a valid {param.type} ({exc})") from exc
    raise QueryError(f"unknown parameter type {param.type}")


def bind(query: NamedQuery, values: dict[str, str | list[str]], store, live: bool = False,
         stored: bool = False) -> str:
    """The query text with its parameters bound by a VALUES block (unknown names are an error; a list of values
    binds each). Reads materialised results unless they are stale or `live` is asked for; `stored` reads them
    even when marked stale (the scoreboard's own refresh, between its two writes)."""
    declared = {p.name: p for p in query.params}
    unknown = set(values) - set(declared)
    if unknown:
        raise QueryError(f"{query.name} has no parameter {sorted(unknown)[0]!r}; it takes: "
                         f"{', '.join(declared) or 'none'}")
    text = query.text
    bound = {p.name for p in query.params if values.get(p.name, p.default) not in (None, "", [])}
    if query.live_text and (live or not (stored or _scoreboard_fresh(store))):
        text = query.live_text
    elif query.partial_text and bound & query.narrow_params:
        text = query.partial_text
    rows: list[list] = [[]]
    names: list[str] = []
    for p in query.params:
        value = values.get(p.name, p.default)
        if value is None or value == "" or value == []:
            continue
        terms = [t for one in ([value] if isinstance(value, str) else value) for t in to_terms(p, one, store)]
        names.append(p.name)
        rows = [row + [t] for row in rows for t in terms]
    if not names:
        return text
    block = "VALUES (" + " ".join(f"?{n}" for n in names) + ") { " + " ".join(
        "(" + " ".join(str(t) for t in row) + ")" for row in rows) + " }"
    if not _WHERE.search(text):
        raise QueryError(f"{query.path}: no WHERE clause to bind parameters in")
    # In every WHERE, so that subqueries (which see none of the outer variables) are bound too.
    return _WHERE.sub(lambda m: m.group() + "\n  " + block + "\n", text)


def _scoreboard_fresh(store) -> bool:
    from policykg.scoreboard import is_fresh  # the scoreboard module runs named queries itself

    return is_fresh(store)


@dataclass
class Table:
    columns: list[str]
    rows: list[list]  # pyoxigraph terms or None
    offset: int = 0
    truncated: bool = False  # more rows follow the last one returned: never cut silently

    def note(self) -> str | None:
        if not self.truncated:
            return None
        return (f"result cut: rows {self.offset + 1}–{self.offset + len(self.rows)} shown, more follow "
                f"(next page: --offset {self.offset + len(self.rows)})")


def run(store, sparql: str, limit: int | None = None, offset: int = 0) -> Table:
    """Run a SELECT; with `limit`, return one page and say whether more rows follow."""
    result = store.query(sparql)
    if not hasattr(result, "variables"):
        raise QueryError("only SELECT queries are supported here")
    columns = [v.value for v in result.variables]
    rows, truncated = [], False
    for i, solution in enumerate(result):
        if i < offset:
            continue
        if limit is not None and len(rows) == limit:
            truncated = True
            break
        rows.append([solution[c] for c in columns])
    return Table(columns, rows, offset, truncated)


def term_text(term, compact: bool = True) -> str:
    if term is None:
        return ""
    if isinstance(term, NamedNode):
        if compact:
            for prefix, ns in sorted(PREFIXES.items(), key=lambda kv: -len(kv[1])):
                if term.value.startswith(ns):
                    return f"{prefix}:{term.value[len(ns):]}"
        return term.value
    return term.value


def format_table(table: Table, fmt: str) -> str:
    if fmt == "json":
        return json.dumps([{c: term_text(v, compact=False) for c, v in zip(table.columns, row) if v is not None}
                           for row in table.rows], ensure_ascii=False, indent=2)
    if fmt == "csv":
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(table.columns)
        writer.writerows([[spreadsheet_safe(term_text(v, compact=False)) for v in row] for row in table.rows])
        return out.getvalue()
    cells = [[term_text(v) for v in row] for row in table.rows]
    widths = [min(60, max([len(c)] + [len(r[i]) for r in cells])) for i, c in enumerate(table.columns)]
    def line(values):
        return "  ".join((v if len(v) <= w else v[:w - 1] + "…").ljust(w) for v, w in zip(values, widths)).rstrip()
    out = [line(table.columns), line(["-" * w for w in widths])] + [line(r) for r in cells]
    out.append(table.note() or f"({len(cells)} row{'s' if len(cells) != 1 else ''})")
    return "\n".join(out)

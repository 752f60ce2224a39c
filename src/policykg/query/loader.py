"""Named queries as files: parse a .rq file's header and expand its includes (no I/O but reading queries/).

A query file starts with a header of comment lines:
    # title: …
    # question: …
    # param: NAME TYPE description [default: VALUE]
    # column: NAME TYPE [description]   (one per result column, in SELECT order; rows are typed from them)
    # unordered: COLUMN why   (a GROUP_CONCAT list whose order SPARQL leaves to the engine)
A line `# include: NAME` in a WHERE clause stands for the named query NAME as a subquery, so an aggregate
(deficit per district) is computed over exactly the rows another query (the gap matrix) returns.
A query reading materialised results (the scoreboard) declares `# fallback: NAME`, the query that computes
them; the parameters it declares itself are those it can answer. `bind` runs the fallback, in place of the
query or of its inclusion, when a parameter only the fallback answers is bound (a period, for the all-years
totals), and everything live when the scoreboard is stale or absent or when asked to (`live=True`).
A param's TYPE is one of PARAM_TYPES; a column's one of COLUMN_TYPES. A query whose SELECT clause projects other
columns than it declares fails to load. Values are turned into RDF terms by
pyoxigraph (which escapes them) and bound with a VALUES block placed first in every WHERE clause: user text
is never pasted into the query string.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path

from policykg.paths import queries_dir

PARAM_TYPES = ("iri", "document", "district", "province", "indicator", "string", "date", "integer")
COLUMN_TYPES = ("iri", "string", "integer", "decimal", "date", "boolean")
_HEADER = re.compile(r"^#\s*(title|title-vi|question|question-vi|param|param-vi|column|note|fallback|unordered):\s*(.*)$")
_COLUMN = re.compile(r"^(?P<name>[A-Za-z_]\w*)\s+(?P<type>\w+)(?:\s+(?P<desc>.*?))?\s*$")
_PARAM = re.compile(r"^(?P<name>[A-Za-z_]\w*)\s+(?P<type>\w+)\s+(?P<desc>.*?)(?:\s*\[default:\s*(?P<default>[^\]]*)\])?\s*$")
_WHERE = re.compile(r"\bWHERE\s*\{", re.IGNORECASE)
# A GRAPH group that opens a WHERE clause (comments and blank lines before it allowed)
_LEADING_GRAPH = re.compile(r"(?:\s|#[^\n]*\n)*GRAPH\s+<[^>]*>\s*\{", re.IGNORECASE)
# A group that opens a group; one that follows it after UNION
_LEADING_GROUP = re.compile(r"(?:\s|#[^\n]*\n)*\{")
_UNION_GROUP = re.compile(r"(?:\s|#[^\n]*\n)*UNION(?:\s|#[^\n]*\n)*\{", re.IGNORECASE)
_SELECT = re.compile(r"(?:\s|#[^\n]*\n)*SELECT\b", re.IGNORECASE)
_IRI = re.compile(r"<[^\s<>]*>")
_INCLUDE = re.compile(r"^[ \t]*#\s*include:\s*(?P<name>[\w-]+)(?P<renames>(?:[ \t]+\w+=\w+)*)[ \t]*$", re.MULTILINE)
_TRAILING_ORDER = re.compile(r"\}\s*ORDER\s+BY\b(?P<keys>(?:(?!\b(?:LIMIT|OFFSET)\b)[^{}])*)$", re.IGNORECASE)
_PREFIX = re.compile(r"^\s*PREFIX\s+\S+\s*<[^>]*>\s*$", re.MULTILINE | re.IGNORECASE)


class QueryError(ValueError):
    pass


@dataclass(frozen=True)
class Param:
    name: str
    type: str
    description: str
    default: str | None
    description_vi: str = ""  # the `# param-vi:` line

    def describe(self, lang: str) -> str:
        return self.description_vi if lang == "vi" and self.description_vi else self.description


@dataclass(frozen=True)
class Column:
    name: str
    type: str  # one of COLUMN_TYPES
    description: str = ""


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
    declared: tuple[Column, ...] = ()  # the `# column:` lines (checked against the SELECT clause at load)
    title_vi: str = ""  # `# title-vi:` and `# question-vi:`: what the explorer shows in Vietnamese
    question_vi: str = ""

    def titled(self, lang: str) -> str:
        return self.title_vi if lang == "vi" and self.title_vi else self.title

    def asked(self, lang: str) -> str:
        return self.question_vi if lang == "vi" and self.question_vi else self.question

    @property
    def columns(self) -> tuple[str, ...] | None:
        """The result columns: as declared, else as the SELECT clause projects them (None for SELECT *)."""
        return tuple(c.name for c in self.declared) if self.declared else projection(self.text)


def projection(text: str) -> tuple[str, ...] | None:
    """The variables a query's outer SELECT projects, in order: `?v` at the top level, `(… AS ?v)` in brackets."""
    body = "\n".join(line.split("#", 1)[0] if not line.lstrip().startswith("PREFIX") else "" for line in
                     text.splitlines())
    m = re.search(r"\bSELECT\b", body, re.IGNORECASE)
    if not m:
        return None
    columns, depth, i = [], 0, m.end()
    while i < len(body):
        c = body[i]
        if c == "(":
            depth += 1
        elif c == ")":
            depth -= 1
        elif c == "{" or (depth == 0 and re.match(r"WHERE\b", body[i:], re.IGNORECASE)):
            break
        elif c == "*" and depth == 0:
            return None
        elif c in "?$":
            name = re.match(r"[?$](\w+)", body[i:]).group(1)
            if depth == 0 or re.search(r"\bAS\s*$", body[:i], re.IGNORECASE):
                columns.append(name)
            i += len(name)
        i += 1
    return tuple(columns)


def split_prologue(text: str) -> tuple[list[str], str]:
    """A query's PREFIX lines, and the rest without comment lines, ready to nest as a subquery: its final
    ORDER BY goes (a subquery's order is not kept without LIMIT, and Virtuoso 7.2 crashes on some nested
    ORDER BYs under VALUES)."""
    body = "\n".join(line for line in text.splitlines() if not line.startswith("#"))
    body = _PREFIX.sub("", body).strip()
    return _PREFIX.findall(text), _TRAILING_ORDER.sub("}", body)


def order_by(text: str) -> str | None:
    """The keys of a query's final ORDER BY (none when LIMIT or OFFSET follows it)."""
    m = _TRAILING_ORDER.search(text)
    return m.group("keys").strip() if m else None


def unordered(text: str) -> str:
    """A query's text without its final ORDER BY, for a caller that orders the rows itself: Oxigraph's sort can
    cost more than the query (gap-evidence for one unit at 10,000 reports: 0.55 of 1.0 s)."""
    return _TRAILING_ORDER.sub("}", text)


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
        # `# include: NAME district=unit`: the included query's ?district is ?unit here, and its district
        # parameter is not ours (a district bound to the including query must not narrow, say, an average).
        renames = dict(pair.split("=") for pair in m.group("renames").split())
        for p in inner.params:
            if p.name not in {q.name for q in params} and p.name not in renames:
                params.append(p)
        inner_prefixes, body = split_prologue(_text_for(inner, mode))
        for old, new in renames.items():
            body = re.sub(rf"[?$]{re.escape(old)}\b", f"?{new}", body)
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
    """The named query in this file, its includes and fallback expanded. Each file is parsed once per state
    (a query included by many was parsed again for each includer: 1,325 parses of 58 files, 0.8 s)."""
    stat = path.stat()
    key = (path, stat.st_mtime_ns, stat.st_size)
    if key not in _PARSED_FILES:
        _PARSED_FILES[key] = _parse_query_file(path, seen)
    return _PARSED_FILES[key]


_PARSED_FILES: dict[tuple, NamedQuery] = {}


def _parse_query_file(path: Path, seen: tuple[str, ...]) -> NamedQuery:
    text = path.read_text(encoding="utf-8")
    title, question, params, notes, fallback, unordered, declared = "", "", [], [], None, [], []
    title_vi, question_vi, params_vi = "", "", {}
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
        elif key == "title-vi":
            title_vi = value.strip()
        elif key == "question-vi":
            question_vi = value.strip()
        elif key == "param-vi":
            name, _, said = value.strip().partition(" ")
            params_vi[name] = said.strip()
        elif key == "note":
            notes.append(value.strip())
        elif key == "fallback":
            fallback = value.strip()
        elif key == "unordered":
            unordered.append(value.split()[0])
        elif key == "column":
            c = _COLUMN.match(value.strip())
            if not c or c["type"] not in COLUMN_TYPES:
                raise QueryError(f"{path}: bad column line {value!r} (NAME TYPE [description], TYPE one of "
                                 f"{', '.join(COLUMN_TYPES)})")
            declared.append(Column(c["name"], c["type"], c["desc"] or ""))
        else:
            p = _PARAM.match(value.strip())
            if not p or p["type"] not in PARAM_TYPES:
                raise QueryError(f"{path}: bad param line {value!r} (NAME TYPE description [default: V])")
            params.append(Param(p["name"], p["type"], p["desc"], p["default"]))
    if not title or not question:
        raise QueryError(f"{path}: a named query needs '# title:' and '# question:' header lines")
    unknown = set(params_vi) - {p.name for p in params}
    if unknown:
        raise QueryError(f"{path}: '# param-vi:' for a parameter it does not declare: {', '.join(sorted(unknown))}")
    params = [replace(p, description_vi=params_vi.get(p.name, "")) for p in params]
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
    if declared and tuple(c.name for c in declared) != projection(expanded):
        raise QueryError(f"{path}: declares the columns {', '.join(c.name for c in declared)} but its SELECT "
                         f"projects {', '.join(projection(expanded) or ('*',))}")
    return NamedQuery(path.stem, path, title, question, params, expanded, notes, fallback,
                      partial if partial != expanded else None, live if live != expanded else None, narrow,
                      tuple(unordered), tuple(declared), title_vi, question_vi)


def named_queries(directory: Path | None = None) -> dict[str, NamedQuery]:
    directory = directory or queries_dir()
    files = sorted(directory.glob("*.rq"))
    return _parsed(directory, tuple((p.name, p.stat().st_mtime_ns) for p in files))


@lru_cache(maxsize=8)
def _parsed(directory: Path, signature: tuple) -> dict[str, NamedQuery]:
    """Parsed once per state of the folder (the signature: names and modification times)."""
    return {q.name: q for q in (parse_query_file(directory / name) for name, _ in signature)}


def protocol_query(name: str) -> NamedQuery:
    """A query the write protocol reads (queries/protocol/): freshness, content identity, affected units. Not a
    named query for analysts: `policykg query --list` and the explorer do not offer it."""
    queries = named_queries(queries_dir() / "protocol")
    if name not in queries:
        raise QueryError(f"no protocol query named {name!r}; known: {', '.join(queries)}")
    return queries[name]


def load_query(name_or_file: str) -> NamedQuery:
    path = Path(name_or_file)
    if path.suffix == ".rq" and path.exists():
        return parse_query_file(path)
    queries = named_queries()
    if name_or_file not in queries:
        raise QueryError(f"no query named {name_or_file!r}; known: {', '.join(queries)}")
    return queries[name_or_file]




def with_values(query: NamedQuery, text: str, names: list[str], rows: list[list]) -> str:
    """`text` with a VALUES block binding `names` to `rows` (RDF terms) first in every WHERE clause whose own
    level has one of the variables, so that subqueries (which see none of the outer variables) are bound too.

    A level that has none of them gets no block: a VALUES of several rows on a variable the level never binds
    would multiply its solutions (and its counts) by the number of rows."""
    if not names:
        return text
    block = "VALUES (" + " ".join(f"?{n}" for n in names) + ") { " + " ".join(
        "(" + " ".join(str(t) for t in row) + ")" for row in rows) + " }"
    if not _WHERE.search(text):
        raise QueryError(f"{query.path}: no WHERE clause to bind parameters in")
    wanted = re.compile(r"[?$](?:" + "|".join(map(re.escape, names)) + r")\b")
    out, last = [], 0
    for m in _WHERE.finditer(text):
        if wanted.search(_own_level(text, m.end())):
            for at in _value_slots(text, m.end()):
                out.append(text[last:at] + "\n  " + block + "\n")
                last = at
    text = "".join(out) + text[last:]
    if len(rows) == 1:
        # A graph name bound to one IRI is also written into its GRAPH pattern: Oxigraph reads `GRAPH ?g` bound by
        # VALUES by scanning every graph and joining (0.3 s at 10,000 reports, once per report written: a build
        # went quadratic), `GRAPH <iri>` by a lookup (0.3 ms). The VALUES block still binds ?g for the projection.
        for name, term in zip(names, rows[0]):
            if str(term).startswith("<"):
                text = re.sub(rf"\bGRAPH\s+[?$]{re.escape(name)}\b", f"GRAPH {term}", text)
    return text


def _code(text: str, start: int):
    """(position, character) of the query text from `start`, comments, strings and IRIs left out: braces in them
    are not structure."""
    i = start
    while i < len(text):
        c = text[i]
        if c == "#":  # a comment runs to the end of the line
            i = text.find("\n", i)
            i = len(text) if i == -1 else i
            continue
        if c in "\"'":
            end = text.find(c, i + 1)
            i = len(text) if end == -1 else end + 1
            continue
        if c == "<" and (iri := _IRI.match(text, i)):
            i = iri.end()
            continue
        yield i, c
        i += 1


def _own_level(text: str, start: int) -> str:
    """The text of the group that opens just before `start`, without the bodies of the subqueries nested in it
    (their SELECT lines stay: what a subquery projects is in scope at this level). Comments and strings skipped."""
    kept, depth, skip_from = [], 1, None
    for i, c in _code(text, start):
        if c == "{":
            depth += 1
            if skip_from is None and _WHERE.match(text, _back_to_where(text, i)):
                skip_from = depth  # the body of a nested subquery's WHERE
        elif c == "}":
            if skip_from == depth:
                skip_from = None
            depth -= 1
            if not depth:
                break
        if skip_from is None:
            kept.append(c)
    return "".join(kept)


def _group_end(text: str, start: int) -> int:
    """The position just after the brace that closes the group whose body begins at `start`."""
    depth = 1
    for i, c in _code(text, start):
        depth += (c == "{") - (c == "}")
        if not depth:
            return i + 1
    return len(text)


def _value_slots(text: str, start: int) -> list[int]:
    """Where a VALUES block goes in the group whose body begins at `start`: first in it, or first inside a GRAPH
    group that opens it, or first in each branch of a UNION that opens it (the same join: V ⋈ (A ∪ B) =
    (V ⋈ A) ∪ (V ⋈ B)). Oxigraph narrows a group's patterns by a VALUES at its head; before a GRAPH group or a
    UNION it evaluated them whole and joined after (every evidence item of the country with its OPTIONALs, for
    one unit's: 0.5 -> 0.01 s; a unit's mentioned mandates, through every report's citations: 4.5 -> 0.7 s)."""
    if graph := _LEADING_GRAPH.match(text, start):
        return [graph.end()]
    branches, at = [], _LEADING_GROUP.match(text, start)
    while at:
        if _SELECT.match(text, at.end()):
            return [start]  # a subquery's group: no VALUES before its SELECT (its own WHERE gets one)
        branches.append(at.end())
        at = _UNION_GROUP.match(text, _group_end(text, at.end()))
    if len(branches) < 2:
        return [start]
    return [slot for branch in branches for slot in _value_slots(text, branch)]


def _back_to_where(text: str, brace: int) -> int:
    """Where 'WHERE {' would start if the brace at `brace` opens a WHERE group (else a position that won't match)."""
    j = brace - 1
    while j >= 0 and text[j].isspace():
        j -= 1
    return j - 4 if text[max(0, j - 4):j + 1].upper() == "WHERE" else brace

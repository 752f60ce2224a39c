"""Bind a named query's parameters and run it: the caller says whether stored (scoreboard) cells may be read."""

from __future__ import annotations

import concurrent.futures
import os
import re
from dataclasses import dataclass
from typing import Callable, Iterable, TypeVar

from policykg.query.loader import NamedQuery, QueryError, order_by, unordered, with_values
from policykg.query.params import to_terms
from policykg.query.rows import typed_rows


def bind(query: NamedQuery, values: dict[str, str | list[str]], store, live: bool) -> str:
    """The text that runs: the query, or with `live` its live twin (every reader of stored cells replaced by the
    query that computes them), or the partly live text when a parameter only a fallback answers is bound; its
    parameters bound as RDF terms by a VALUES block first in every WHERE (unknown names are an error; a list of
    values binds each). Whether stored cells may be read is the caller's decision (policykg.sparql.bind asks
    the scoreboard)."""
    declared = {p.name: p for p in query.params}
    unknown = set(values) - set(declared)
    if unknown:
        raise QueryError(f"{query.name} has no parameter {sorted(unknown)[0]!r}; it takes: "
                         f"{', '.join(declared) or 'none'}")
    text = query.text
    bound = {p.name for p in query.params if values.get(p.name, p.default) not in (None, "", [])}
    if query.live_text and live:
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
    return with_values(query, text, names, rows)


def ask(store, query: NamedQuery, values: dict[str, str | list[str]]) -> bool:
    """An ASK query's answer, its parameters bound."""
    return bool(store.query(bind(query, values, store, live=False)))


def select(store, query: NamedQuery, values: dict[str, str | list[str]]) -> list:
    """A SELECT query's typed rows, its parameters bound."""
    return rows_of(query, run(store, bind(query, values, store, live=False)))


# Queries run at once, one per core: the embedded engine evaluates a query without holding Python's lock (30
# units' evidence queries at 10,000 reports: 22.7 s one after another, 9.2 s on two threads).
THREADS = os.cpu_count() or 1
_T, _R = TypeVar("_T"), TypeVar("_R")


def on_threads(work: "Callable[[_T], _R]", items: "Iterable[_T]") -> "list[_R]":
    """work(item) for each item, THREADS at a time, the results in the items' order. For reads only: the
    writes of a store stay one at a time, in order."""
    with concurrent.futures.ThreadPoolExecutor(THREADS) as pool:
        return list(pool.map(work, items))


def values_of(store, sparql: str) -> "Table":
    """A SELECT's whole result as lexical values, not RDF terms (what typed rows are made of): the store's own
    fast path when it has one (the embedded store: no term objects), else its terms' values."""
    if hasattr(store, "select_values"):
        columns, rows = store.select_values(sparql)
        return Table(columns, rows)
    table = run(store, sparql)
    return Table(table.columns, [[None if term is None else term.value for term in row] for row in table.rows])


def rows_of(query: NamedQuery, table: "Table") -> list:
    """A named query's result as typed rows (policykg.query.rows): a result whose columns differ from the
    declared ones is an error, and so is asking a row for a column the query does not have."""
    return typed_rows(query, table.columns, table.rows)


@dataclass
class Table:
    columns: list[str]
    rows: list[list]  # pyoxigraph terms or None
    offset: int = 0
    truncated: bool = False  # more rows follow the last one returned: never cut silently
    total: int | None = None  # every row of the result, when counted

    def note(self) -> str | None:
        if not self.truncated:
            return None
        of = f" of {self.total:,}" if self.total is not None else ""
        return (f"result cut: rows {self.offset + 1}–{self.offset + len(self.rows)}{of} shown, more follow "
                f"(next page: --offset {self.offset + len(self.rows)})")


def run(store, sparql: str, limit: int | None = None, offset: int = 0, count: bool = False) -> Table:
    """Run a SELECT; with `limit`, return one page and say whether more rows follow; with `count`, also how
    many rows there are (the rest are counted as they stream, never converted: a national listing states its
    total without a second evaluation)."""
    result = store.query(sparql)
    if not hasattr(result, "variables"):
        raise QueryError("only SELECT queries are supported here")
    columns = [v.value for v in result.variables]
    rows, truncated, seen = [], False, 0
    for solution in result:
        seen += 1
        if seen <= offset:
            continue
        if limit is not None and len(rows) == limit:
            truncated = True
            if not count:
                break
            continue
        rows.append([solution[c] for c in columns])
    return Table(columns, rows, offset, truncated, seen if count else None)


_ORDER_KEY = re.compile(r"(?:(?P<dir>ASC|DESC)\s*\(\s*\?(?P<inner>\w+)\s*\)|\?(?P<plain>\w+))", re.IGNORECASE)


def order_keys(query: NamedQuery, text: str) -> list[tuple[str, bool]] | None:
    """The final ORDER BY of a bound query as (column, descending) pairs, when every key is a plain column the
    query declares (?x, ASC(?x), DESC(?x)); None otherwise (the engine orders)."""
    spec = order_by(text)
    if spec is None:
        return None
    keys, at = [], 0
    for key in _ORDER_KEY.finditer(spec):
        if spec[at:key.start()].strip():
            return None  # an expression: left to the engine
        name = key.group("inner") or key.group("plain")
        keys.append((name, bool(key.group("dir")) and key.group("dir").upper() == "DESC"))
        at = key.end()
    declared = set(query.columns)
    return keys if keys and not spec[at:].strip() and all(k in declared for k, _ in keys) else None


def select_sorted(store, query: NamedQuery, text: str) -> list:
    """A bound SELECT's typed rows in its ORDER BY's order, sorted here when the keys are plain columns: Oxigraph's
    sort costs more than a Python sort of the typed rows (0.6 of 2.1 s for 10,486 superseded citations at
    10,000 reports). SPARQL's order: an unbound value first, ascending; DESC reverses it all. Ties are put in the
    order of the other columns (the engine's is arbitrary)."""
    keys = order_keys(query, text)
    if keys is None:
        return rows_of(query, run(store, text))
    rows = rows_of(query, run(store, unordered(text)))
    # Rows equal on the keys (SPARQL leaves their order to the engine) by their other columns: the same report
    # whatever engine or plan produced the rows.
    others = [c for c in query.columns if c not in {k for k, _ in keys}]
    rows.sort(key=lambda row: tuple((0,) if getattr(row, c) is None else (1, getattr(row, c)) for c in others))
    for name, descending in reversed(keys):  # stable sorts, the last key first
        rows.sort(key=lambda row: (0,) if getattr(row, name) is None else (1, getattr(row, name)),
                  reverse=descending)
    return rows

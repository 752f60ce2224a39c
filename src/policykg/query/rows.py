"""Typed result rows: one frozen dataclass per named query, its fields the query's declared columns, its
values Python values of the declared types (iri and string: str, integer: int, decimal: Decimal, date:
datetime.date, boolean: bool; an unbound column: None).

A consumer reads `row.districtName`; a column renamed in the query file and not in the consumer is an
AttributeError naming the row type and its columns, and a result whose columns drift from the declaration is
an error before any row is built.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from dataclasses import asdict, fields, make_dataclass
from decimal import Decimal, InvalidOperation
from functools import lru_cache

from policykg.query.loader import Column, NamedQuery, QueryError


def _integer(text: str) -> int:
    try:
        return int(text)
    except ValueError:  # an engine may write an integral aggregate as "3.0" or "3E0"
        return int(Decimal(text))


def _date(text: str) -> dt.date:
    return dt.date.fromisoformat(text[:10])  # a timezone suffix ("2022-08-15Z") does not change the day


CONVERT = {"iri": str, "string": str, "integer": _integer, "decimal": Decimal, "date": _date,
           "boolean": lambda text: text in ("true", "1")}
PYTHON_TYPE = {"iri": str, "string": str, "integer": int, "decimal": Decimal, "date": dt.date, "boolean": bool}


def _missing(self, name: str):
    raise AttributeError(f"{type(self).__name__} (query {self.query_name}) has no column {name!r}; it has: "
                         f"{', '.join(f.name for f in fields(self))}")


def _as_dict(self) -> dict:
    return asdict(self)


def _reduce(self):
    """Pickled (the explorer's cache) as its query, columns and values: rebuilt in any process."""
    return _rebuild, (self.query_name, self.declared, tuple(getattr(self, f.name) for f in fields(self)))


def _rebuild(query_name: str, declared: tuple[Column, ...], values: tuple):
    return row_type(query_name, declared)(*values)


@lru_cache(maxsize=None)
def row_type(query_name: str, columns: tuple[Column, ...]) -> type:
    """The row dataclass of a query: `GapDeficitRow` for gap-deficit."""
    class_name = "".join(part.capitalize() for part in query_name.replace("_", "-").split("-")) + "Row"
    return make_dataclass(class_name, [(c.name, PYTHON_TYPE[c.type] | None) for c in columns], frozen=True,
                          slots=True, namespace={"query_name": query_name, "declared": columns,
                                                 "__getattr__": _missing, "as_dict": _as_dict,
                                                 "__reduce__": _reduce})


def typed_rows(query: NamedQuery, columns: list[str], values: Iterable[list]) -> list:
    """Rows of `query` from a result's columns and its values (RDF terms, their lexical values, or None)."""
    return list(iter_typed_rows(query, columns, values))


def iter_typed_rows(query: NamedQuery, columns: list[str], values: Iterable[list]) -> Iterator:
    """typed_rows one at a time, as `values` yields them (a result streamed, not held whole)."""
    declared = query.declared or tuple(Column(c, "string") for c in columns)
    if tuple(columns) != tuple(c.name for c in declared):
        raise QueryError(f"{query.name}: the result has columns {list(columns)}, the query declares "
                         f"{[c.name for c in declared]}")
    cls = row_type(query.name, declared)
    convert = [CONVERT[c.type] for c in declared]
    for row in values:
        items = []
        for column, to_python, term in zip(declared, convert, row):
            if term is None:
                items.append(None)
                continue
            text = term.value if hasattr(term, "value") else str(term)
            try:
                items.append(to_python(text))
            except (ValueError, InvalidOperation) as exc:
                raise QueryError(f"{query.name}: column {column.name} is declared {column.type}, "
                                 f"a row holds {text!r}") from exc
        yield cls(*items)

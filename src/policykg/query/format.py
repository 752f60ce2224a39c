"""Query results as text: a table, CSV (spreadsheet-safe) or JSON."""

from __future__ import annotations

import csv
import io
import json

from pyoxigraph import NamedNode

from policykg.namespaces import PREFIXES
from policykg.query.runner import Table
from policykg.text import spreadsheet_safe


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

"""Named SPARQL queries (queries/*.rq) with declared parameters, bound safely, and result formatting: the
query layer of policykg/query/ put together with the scoreboard's freshness.

A query file starts with a header of comment lines:
    # title: …
    # question: …
    # param: NAME TYPE description [default: VALUE]
    # unordered: COLUMN why   (a GROUP_CONCAT list whose order SPARQL leaves to the engine)
A line `# include: NAME` in a WHERE clause stands for the named query NAME as a subquery, so an aggregate
(deficit per district) is computed over exactly the rows another query (the gap matrix) returns.
A query reading materialised results (the scoreboard) declares `# fallback: NAME`, the query that computes
them; the parameters it declares itself are those it can answer. The fallback runs, in place of the query or of
its inclusion, when a parameter only the fallback answers is bound (a period, for the all-years totals), and
everything runs live when the scoreboard is stale or absent or when asked to (`live=True`).
TYPE is one of iri, document, district, indicator, string, date, integer. Values are turned into RDF terms by
pyoxigraph (which escapes them) and bound with a VALUES block placed first in every WHERE clause: user text
is never pasted into the query string. `policykg query NAME --print-sparql` shows the text that runs.
"""

from __future__ import annotations

from policykg import scoreboard
from policykg.query import runner
from policykg.query.format import format_table, term_text
from policykg.query.loader import (PARAM_TYPES, NamedQuery, Param, QueryError, load_query, named_queries,
                                   parse_query_file, split_prologue)
from policykg.query.params import to_terms
from policykg.query.runner import Table, run

__all__ = ["PARAM_TYPES", "NamedQuery", "Param", "QueryError", "Table", "bind", "format_table", "load_query",
           "named_queries", "parse_query_file", "run", "split_prologue", "term_text", "to_terms"]


def bind(query: NamedQuery, values: dict[str, str | list[str]], store, live: bool = False,
         stored: bool = False) -> str:
    """runner.bind with the decision made here, in the open: stored cells are read when the scoreboard is
    fresh (or `stored`: the scoreboard's own refresh reads them while marked stale), live otherwise or when
    `live` is asked for."""
    if query.live_text and not live and not stored:
        live = not scoreboard.is_fresh(store)
    return runner.bind(query, values, store, live=live and bool(query.live_text))

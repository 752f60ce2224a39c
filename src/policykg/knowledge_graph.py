"""The knowledge graph as one object: the store plus the write protocol, used by the CLI and the explorer.

Every write follows one protocol, kept here and in pipeline.ReportWriter (which a build drives): mark the
scoreboard stale, note the districts the old contents bear on, write, note those the new contents bear on, and
recompute those districts' cells (readers compute live while the mark stands). Reads go through named queries.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from policykg import scoreboard
from policykg.paths import default_store
from policykg.sparql import Table, bind, load_query, run
from policykg.query.runner import rows_of


@dataclass
class Removal:
    name: str
    graph: str
    removed: bool


class KnowledgeGraph:
    def __init__(self, store):
        self.store = store

    @classmethod
    def open(cls, store: Path | str | None = None, endpoint: str | None = None, update_endpoint: str | None = None,
             gsp_endpoint: str | None = None, read_only: bool = False) -> KnowledgeGraph:
        """The embedded store (default data/store) or, with an endpoint, any SPARQL 1.1 server."""
        from policykg.store import GraphStore, RemoteStore

        if endpoint:
            return cls(RemoteStore(endpoint, update_endpoint, gsp_endpoint))
        return cls(GraphStore(store or default_store(), read_only=read_only))

    # ------------------------------------------------------------ writes
    def add(self, paths: list[Path], progress: bool = False, workers: int | None = None):
        """Read, extract, resolve and store reports (files or folders); the scoreboard follows."""
        from policykg.pipeline import build

        return build(paths, self.store, progress=progress, workers=workers)

    def add_file(self, path: Path):
        """One file now (the explorer's upload)."""
        from policykg.pipeline import ingest_file

        return ingest_file(self.store, path)

    def remove(self, names: list[str]) -> list[Removal]:
        """Remove reports (by file name or key), exactly their facts; the cells they bore on are recomputed."""
        from policykg.graph.report import entity_cleanup, report_graph_iri
        from policykg.domain.identity import report_key

        changes = scoreboard.Changes(self.store)
        done = []
        for name in names:
            graph = report_graph_iri(report_key(name))
            if self.store.has_graph(graph):
                changes.replacing([graph])
            done.append(Removal(name, graph, self.store.remove_graph(graph, entity_cleanup(graph))))
        changes.commit()
        return done

    def refresh_reference(self, today: str | None = None) -> bool:
        """Reload the ontology, catalog and admin graphs if what they are built from changed (then every
        scoreboard cell is recomputed); whether they were reloaded."""
        import datetime as dt

        from policykg.catalog import load_catalog
        from policykg.gazetteer import load_gazetteer
        from policykg.pipeline import load_reference_graphs

        reloaded = load_reference_graphs(self.store, load_catalog(), load_gazetteer(),
                                         today or dt.date.today().isoformat())
        if reloaded:
            scoreboard.Changes(self.store, track=False).commit(everything=True)
        return reloaded

    # ------------------------------------------------------------ reads
    def query(self, name: str, live: bool = False, limit: int | None = None, **params) -> Table:
        """A named query (queries/NAME.rq) with its parameters bound."""
        query = load_query(name)
        values = {k: v for k, v in params.items() if v not in (None, "")}
        return run(self.store, bind(query, values, self.store, live=live), limit=limit)

    def rows(self, name: str, live: bool = False, **params) -> list:
        """A named query's typed rows (policykg.query.rows): attributes named and typed as its columns."""
        query = load_query(name)
        values = {k: v for k, v in params.items() if v not in (None, "")}
        return rows_of(query, run(self.store, bind(query, values, self.store, live=live)))

    def is_fresh(self) -> bool:
        """The scoreboard matches the graph (else readers compute live)."""
        return scoreboard.is_fresh(self.store)

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
    graph: str | None
    removed: bool
    problem: str = ""  # why nothing was removed, when it is not "no such report"


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

    def add_file(self, path: Path, replacing: str | None = None):
        """One file now (the explorer's upload). `replacing`: the IRI of the stored report it replaces (the
        reader said so); else it is stored as a report of its own, or skipped when its text is already stored."""
        from policykg.domain.identity import report_key_of
        from policykg.pipeline import ingest_file

        return ingest_file(self.store, path, report_key_of(replacing) if replacing else None)

    def versions_of(self, prepared) -> list:
        """Stored reports that `prepared` (pipeline.PreparedReport) looks like a new version of: the same unit,
        nothing in its number or day telling them apart, other text. The reader decides whether it replaces one."""
        from policykg.domain.identity import ReportIdentity
        from policykg.query.loader import protocol_query
        from policykg.query.runner import select

        mine = prepared.identity
        if mine is None or not mine.unit:
            return []
        rows = select(self.store, protocol_query("reports-of-unit"), {"unit": mine.unit})
        return [r for r in rows if r.hash != mine.sha256 and mine.same_report(ReportIdentity(
            mine.unit, r.number, r.referenceDate and r.referenceDate.isoformat(), r.hash))]

    def remove(self, names: list[str]) -> list[Removal]:
        """Remove reports, exactly their facts; the cells they bore on are recomputed. A report is named by its
        IRI, the path it was read from, or its file name when only one stored report was read from a file of
        that name (else the name is ambiguous and nothing is removed), or its key."""
        from policykg.graph.report import entity_cleanup

        changes = scoreboard.Changes(self.store)
        done = []
        for name in names:
            graph, problem = self._graph_of(name)
            if graph is None:
                done.append(Removal(name, None, False, problem))
                continue
            if self.store.has_graph(graph):
                changes.replacing([graph])
            done.append(Removal(name, graph, self.store.remove_graph(graph, entity_cleanup(graph))))
        changes.commit()
        self.store.flush()  # on disk, and a view for readers
        return done

    def _graph_of(self, name: str) -> tuple[str | None, str]:
        from policykg.domain.identity import report_key, report_key_of
        from policykg.graph.report import report_graph_iri
        from policykg.query.loader import protocol_query
        from policykg.query.runner import select

        if name.startswith(("http://", "https://")):
            key = report_key_of(name)
            return (report_graph_iri(key), "") if key else (None, f"{name} is not a report IRI")
        found = select(self.store, protocol_query("reports-from-file"), {"name": name})
        exact = [r for r in found if r.file == name]
        chosen = exact or found
        if len({r.g for r in chosen}) > 1:
            return None, (f"{len(chosen)} stored reports were read from files named {name!r}: "
                          + "; ".join(f"{r.file} ({r.report})" for r in chosen)
                          + ". Give the path or the report IRI")
        if chosen:
            return chosen[0].g, ""
        return report_graph_iri(report_key(name)), ""  # by key, or a name no stored report was read from

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

"""The one-way pipeline: read -> extract -> resolve -> graph -> store, per report, plus the reference graphs."""

from __future__ import annotations

import datetime as dt
import sys
from dataclasses import dataclass, field
from pathlib import Path

from pyoxigraph import Literal, NamedNode, Quad, RdfFormat, parse

from policykg.extract import extract_text
from policykg.gazetteer import Gazetteer, load_gazetteer
from policykg.graph.admin import admin_quads
from policykg.graph.catalog import catalog_quads
from policykg.graph.report import report_graph_iri, report_quads
from policykg.graph.vocabulary import vocabulary_quads
from policykg.namespaces import ADMIN_GRAPH, CATALOG_GRAPH, ONTOLOGY_GRAPH, PKG
from policykg.paths import ontology_dir
from policykg.read import ReadError, read_report
from policykg.catalog import Catalog, load_catalog
from policykg.identity import report_key
from policykg.resolve.report import resolve_report
from policykg.store import GraphStore

REPORT_SUFFIXES = {".txt", ".docx", ".pdf", ".doc", ".md"}


@dataclass
class FileResult:
    path: str
    status: str  # "ok" | "skipped" | "failed"
    message: str = ""
    references: int = 0
    triples: int = 0
    district: str | None = None
    warnings: list[str] = field(default_factory=list)


@dataclass
class BuildSummary:
    results: list[FileResult]
    triples: int
    documents: int
    districts: int
    reports: int

    @property
    def failed(self) -> list[FileResult]:
        return [r for r in self.results if r.status == "failed"]


def report_files(paths: list[Path]) -> list[Path]:
    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            files.extend(sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in REPORT_SUFFIXES))
        else:
            files.append(path)  # named explicitly: read it whatever its extension, and say if it is not a report
    return files


def load_reference_graphs(store: GraphStore, catalog: Catalog, gazetteer: Gazetteer, today: str) -> None:
    ontology = [Quad(t.subject, t.predicate, t.object, NamedNode(ONTOLOGY_GRAPH))
                for t in parse(path=str(ontology_dir() / "policykg.ttl"), format=RdfFormat.TURTLE)]
    store.replace_graph(ONTOLOGY_GRAPH, ontology + vocabulary_quads(ONTOLOGY_GRAPH))
    store.replace_graph(CATALOG_GRAPH, catalog_quads(CATALOG_GRAPH, catalog, gazetteer, today))
    store.replace_graph(ADMIN_GRAPH, admin_quads(ADMIN_GRAPH, gazetteer))


def ingest_file(store: GraphStore, path: Path, catalog: Catalog, gazetteer: Gazetteer) -> FileResult:
    try:
        report = read_report(path)
    except ReadError as exc:
        return FileResult(str(path), "failed", exc.problem)
    key = report_key(str(path))
    duplicate = _same_content_elsewhere(store, report.sha256, key)
    if duplicate:
        return FileResult(str(path), "skipped", f"same content as {duplicate} (already in the graph)")
    try:
        extraction = extract_text(report.text, str(path), gazetteer)
        resolved = resolve_report(extraction, catalog)
        quads = report_quads(resolved, gazetteer, report.sha256)
    except Exception as exc:  # a bug must not abort the batch or touch the store: report it against the file
        return FileResult(str(path), "failed", f"extraction failed ({type(exc).__name__}: {exc})")
    store.replace_graph(report_graph_iri(key), quads)
    district = f"{extraction.district.kind} {extraction.district.name}" if extraction.district else None
    return FileResult(str(path), "ok", references=len(extraction.references), triples=len(quads),
                      district=district, warnings=list(extraction.warnings))


def _same_content_elsewhere(store: GraphStore, sha256: str, key: str) -> str | None:
    query = (f"SELECT ?file ?g WHERE {{ GRAPH ?g {{ ?r <{PKG}contentHash> {Literal(sha256)} ; "
             f"<{PKG}sourceFile> ?file }} }}")
    for row in store.query(query):
        if row["g"].value != report_graph_iri(key):
            return row["file"].value
    return None


def build(paths: list[Path], store: GraphStore, progress: bool = True) -> BuildSummary:
    gazetteer = load_gazetteer()
    catalog = load_catalog()
    load_reference_graphs(store, catalog, gazetteer, dt.date.today().isoformat())
    files = report_files(paths)
    results = []
    for i, path in enumerate(files, 1):
        results.append(ingest_file(store, path, catalog, gazetteer))
        if progress:
            _progress(i, len(files), path)
    if progress and files:
        print(file=sys.stderr)
    store.flush()
    return BuildSummary(results, len(store), *_counts(store))


def _counts(store: GraphStore) -> tuple[int, int, int]:
    query = """
    PREFIX eli: <http://data.europa.eu/eli/ontology#>
    PREFIX pkg: <https://w3id.org/policykg/ontology#>
    SELECT (COUNT(DISTINCT ?doc) AS ?docs) (COUNT(DISTINCT ?d) AS ?districts) (COUNT(DISTINCT ?r) AS ?reports) WHERE {
      { ?c pkg:citedDocument ?doc } UNION { ?r a pkg:Report OPTIONAL { ?r pkg:reportingDistrict ?d } }
    }"""
    row = next(iter(store.query(query)))
    return int(row["docs"].value), int(row["districts"].value), int(row["reports"].value)


def _progress(done: int, total: int, path: Path) -> None:
    width = 30
    filled = width * done // total
    print(f"\r[{'#' * filled}{'.' * (width - filled)}] {done}/{total} {path.name[:40]:<40}", end="",
          file=sys.stderr, flush=True)

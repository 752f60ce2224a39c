"""The one-way pipeline: read -> extract -> resolve -> graph -> store, per report, plus the reference graphs."""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import multiprocessing
import os
import sys
from dataclasses import dataclass, field
from pathlib import Path

from pyoxigraph import Literal, NamedNode, Quad, RdfFormat, parse

from policykg.extract import extract_text
from policykg.gazetteer import Gazetteer, load_gazetteer
from policykg.graph.admin import admin_quads
from policykg.graph.catalog import catalog_quads
from policykg.graph.report import ENTITY_CLEANUP, report_graph_iri, report_quads
from policykg.graph.vocabulary import vocabulary_quads
from policykg import vocab
from policykg.namespaces import ADMIN_GRAPH, CATALOG_GRAPH, ONTOLOGY_GRAPH, PKG
from policykg.paths import data_dir, ontology_dir
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


def reference_fingerprint(today: str) -> str:
    """What the ontology, catalog and admin graphs are built from (and the day: statuses depend on it)."""
    digest = hashlib.sha256(today.encode())
    for path in (ontology_dir() / "policykg.ttl", data_dir() / "catalog" / "mandates.toml",
                 data_dir() / "admin" / "units.json", Path(vocab.__file__), Path(__file__).parent / "graph" / "catalog.py",
                 Path(__file__).parent / "graph" / "admin.py", Path(__file__).parent / "graph" / "vocabulary.py"):
        digest.update(path.read_bytes())
    return digest.hexdigest()


def load_reference_graphs(store: GraphStore, catalog: Catalog, gazetteer: Gazetteer, today: str) -> None:
    """(Re)load the ontology, catalog and admin graphs unless what they are built from is unchanged."""
    fingerprint = reference_fingerprint(today)
    marker = f"ASK {{ GRAPH <{ONTOLOGY_GRAPH}> {{ <{ONTOLOGY_GRAPH}> <{PKG}builtFrom> {Literal(fingerprint)} }} }}"
    if bool(store.query(marker)) and all(g in store.graphs() for g in (CATALOG_GRAPH, ADMIN_GRAPH)):
        return
    ontology = [Quad(t.subject, t.predicate, t.object, NamedNode(ONTOLOGY_GRAPH))
                for t in parse(path=str(ontology_dir() / "policykg.ttl"), format=RdfFormat.TURTLE)]
    store.replace_graph(CATALOG_GRAPH, catalog_quads(CATALOG_GRAPH, catalog, gazetteer, today))
    store.replace_graph(ADMIN_GRAPH, admin_quads(ADMIN_GRAPH, gazetteer))
    # Last: the marker says all three are current only once they are.
    stamp = Quad(NamedNode(ONTOLOGY_GRAPH), NamedNode(PKG + "builtFrom"), Literal(fingerprint), NamedNode(ONTOLOGY_GRAPH))
    store.replace_graph(ONTOLOGY_GRAPH, ontology + vocabulary_quads(ONTOLOGY_GRAPH) + [stamp])


def read_and_extract(path: Path) -> tuple[Path, object, object]:
    """The CPU-heavy half of ingesting a file, run in worker processes: (path, ReportText | error, Extraction | error)."""
    try:
        report = read_report(path)
    except ReadError as exc:
        return path, exc, None
    try:
        return path, report, extract_text(report.text, str(path), load_gazetteer())
    except Exception as exc:  # reported against the file by the parent
        return path, report, exc


def ingest_file(store: GraphStore, path: Path, catalog: Catalog, gazetteer: Gazetteer, extracted=None) -> FileResult:
    """Read, extract, resolve and store one file; `extracted` is read_and_extract's result when a worker did it."""
    path, report, extraction = extracted or read_and_extract(path)
    if isinstance(report, ReadError):
        return FileResult(str(path), "failed", report.problem)
    key = report_key(str(path))
    duplicate = _same_content_elsewhere(store, report.sha256, key)
    if duplicate:
        return FileResult(str(path), "skipped", f"same content as {duplicate} (already in the graph)")
    if isinstance(extraction, Exception):
        return FileResult(str(path), "failed", f"extraction failed ({type(extraction).__name__}: {extraction})")
    try:
        resolved = resolve_report(extraction, catalog)
        quads, shared = report_quads(resolved, gazetteer, report.sha256)
    except Exception as exc:  # a bug must not abort the batch or touch the store: report it against the file
        return FileResult(str(path), "failed", f"extraction failed ({type(exc).__name__}: {exc})")
    store.replace_graph(report_graph_iri(key), quads, shared, ENTITY_CLEANUP)
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


def build(paths: list[Path], store: GraphStore, progress: bool = True, workers: int | None = None) -> BuildSummary:
    """Ingest files; with more than one worker, reading and extraction run in parallel processes while this
    process resolves, builds quads and writes (the store has one writer)."""
    gazetteer = load_gazetteer()
    catalog = load_catalog()
    store.clear_staging()
    load_reference_graphs(store, catalog, gazetteer, dt.date.today().isoformat())
    files = report_files(paths)
    workers = min(workers or os.cpu_count() or 1, len(files)) if len(files) > 8 else 1
    results = []
    with _extracted(files, workers) as extracted:
        for i, item in enumerate(extracted, 1):
            results.append(ingest_file(store, item[0], catalog, gazetteer, item))
            if progress:
                _progress(i, len(files), item[0])
    if progress and files:
        print(file=sys.stderr)
    store.flush()
    return BuildSummary(results, len(store), *_counts(store))


@contextlib.contextmanager
def _extracted(files: list[Path], workers: int):
    if workers <= 1:
        yield (read_and_extract(f) for f in files)
        return
    context = multiprocessing.get_context("fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn")
    with context.Pool(workers) as pool:
        yield pool.imap(read_and_extract, files, chunksize=8)


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

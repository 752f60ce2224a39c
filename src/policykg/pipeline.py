"""The one-way pipeline: read -> extract -> resolve -> graph -> store, per report, plus the reference graphs."""

from __future__ import annotations

import collections
import concurrent.futures
import contextlib
import datetime as dt
import hashlib
import multiprocessing
import os
import signal
import sys
import threading
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from pyoxigraph import Literal, NamedNode, Quad, RdfFormat, parse

from policykg.extract import extract_text
from policykg.gazetteer import Gazetteer, load_gazetteer
from policykg.graph.admin import admin_quads
from policykg.graph.catalog import catalog_quads
from policykg.graph.quads import nquads
from policykg.graph.report import entity_cleanup, report_graph_iri, report_quads
from policykg.graph.vocabulary import vocabulary_quads
from policykg.namespaces import ADMIN_GRAPH, CATALOG_GRAPH, ONTOLOGY_GRAPH, PKG
from policykg.messages import Message
from policykg.paths import ontology_dir, reference_sources
from policykg.query.loader import protocol_query
from policykg.query.runner import ask, select
from policykg.read import ReadError, read_report
from policykg.catalog import Catalog, load_catalog
from policykg.domain.identity import ReportIdentity, report_iri, report_key
from policykg.resolve.report import resolve_report
from policykg import scoreboard
from policykg.store import GraphStore
from policykg.validate import check_report, write_time_checks

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
    key: str = ""  # the report's key (its IRI's last part): the file name's, unless another report has that
    unchanged: bool = False  # the graph held exactly this already: nothing written (counted, not told file by file)


@dataclass
class BuildSummary:
    results: list[FileResult]
    triples: int  # written into report graphs by this build (counting the whole store costs seconds at scale)
    store: GraphStore = field(repr=False)

    # The store's totals, counted when first asked: the command line prints them; an update through the API
    # (the explorer's upload, one changed report) needs none, and counting them is 0.35-0.7 s at 10,000 reports.
    @cached_property
    def _totals(self) -> tuple[int, int, int]:
        return _counts(self.store)

    @property
    def documents(self) -> int:
        return self._totals[0]

    @property
    def districts(self) -> int:
        return self._totals[1]

    @property
    def reports(self) -> int:
        return self._totals[2]

    @property
    def failed(self) -> list[FileResult]:
        return [r for r in self.results if r.status == "failed"]


def report_files(paths: list[Path]) -> list[Path]:
    """The files to ingest: those named, and the reports under the folders named. A folder that cannot be listed
    is kept as an entry of its own, so that it gets a result saying so (never a silent "0 failed")."""
    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            found, unreadable, seen = [], [], set()
            for folder, folders, names in os.walk(path, followlinks=True,
                                                  onerror=lambda exc: unreadable.append(Path(exc.filename))):
                real = os.path.realpath(folder)
                if real in seen:  # a link back up the tree: walked once
                    folders[:] = []
                    continue
                seen.add(real)
                found += [Path(folder) / n for n in names if Path(n).suffix.lower() in REPORT_SUFFIXES
                          and (Path(folder) / n).is_file()]
            files.extend(sorted(found) + sorted(unreadable))
        else:
            files.append(path)  # named explicitly: read it whatever its extension, and say if it is not a report
    return files


def reference_fingerprint(today: str) -> str:
    """What the ontology, catalog and admin graphs are built from (paths.reference_sources), and the day:
    statuses depend on it."""
    digest = hashlib.sha256(today.encode())
    for path in reference_sources():
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def load_reference_graphs(store: GraphStore, catalog: Catalog, gazetteer: Gazetteer, today: str) -> bool:
    """(Re)load the ontology, catalog and admin graphs unless what they are built from is unchanged;
    whether they were reloaded."""
    fingerprint = reference_fingerprint(today)
    current = ask(store, protocol_query("reference-graphs-current"), {"fingerprint": fingerprint})
    if current and all(store.has_graph(g) for g in (CATALOG_GRAPH, ADMIN_GRAPH)):  # not graphs(): 20,000 listed
        return False
    ontology = [Quad(t.subject, t.predicate, t.object, NamedNode(ONTOLOGY_GRAPH))
                for t in parse(path=str(ontology_dir() / "policykg.ttl"), format=RdfFormat.TURTLE)]
    store.replace_graph(CATALOG_GRAPH, catalog_quads(CATALOG_GRAPH, catalog, gazetteer, today))
    store.replace_graph(ADMIN_GRAPH, admin_quads(ADMIN_GRAPH, gazetteer))
    # Last: the marker says all three are current only once they are.
    stamp = Quad(NamedNode(ONTOLOGY_GRAPH), NamedNode(PKG + "builtFrom"), Literal(fingerprint), NamedNode(ONTOLOGY_GRAPH))
    store.replace_graph(ONTOLOGY_GRAPH, ontology + vocabulary_quads(ONTOLOGY_GRAPH) + [stamp])
    return True


@dataclass
class PreparedReport:
    """One file after the CPU-heavy work (read, extract, resolve, RDF), as a worker hands it to the writer.
    Quads travel as N-Quads bytes: pickling a thousand pyoxigraph terms costs more than serialising them and
    parsing them again in Rust."""

    path: Path
    read_error: str = ""  # the file could not be read
    extract_error: str = ""  # read, but extraction failed
    sha256: str = ""
    key: str = ""
    nquads: bytes = b""  # the report graph's quads, then the shared facts it adds to other graphs
    quads: int = 0  # how many: counted by the worker, not by the single writer
    triples: int = 0  # in the report graph
    references: int = 0
    district: str | None = None
    warnings: list[str] = field(default_factory=list)
    identity: ReportIdentity | None = None  # what the report is, to tell two files of one name apart

    @property
    def graph(self) -> str:
        return report_graph_iri(self.key)


def prepare_report(path: Path, key: str | None = None) -> PreparedReport:
    """Read, extract, resolve and turn one file into quads: a pure function of the file and the reference
    data, run in worker processes. Errors are returned against the file, never raised. `key`: the report's key
    when its file name's is another report's (the writer decides)."""
    try:
        report = read_report(path)
    except ReadError as exc:
        return PreparedReport(path, read_error=exc.problem)
    except MemoryError:
        return PreparedReport(path, read_error=_out_of_memory())
    prepared = PreparedReport(path, sha256=report.sha256, key=key or report_key(str(path)))
    try:
        extraction = extract_text(report.text, str(path), load_gazetteer())
        resolved = resolve_report(extraction, load_catalog())
        resolved.key = prepared.key
        quads, shared = report_quads(resolved, load_gazetteer(), report.sha256)
        if len(quads) + len(shared) > max_report_quads():
            prepared.extract_error = _too_many_facts(len(quads) + len(shared))
            return prepared
        # the report's nodes checked against the shapes now, on the quads in hand (policykg.validate)
        checked = check_report(report_graph_iri(prepared.key), quads, shared, dt.date.today().isoformat())
        prepared.nquads = _nquads([*quads, *checked, *shared])
        prepared.quads = len(quads) + len(checked) + len(shared)
    except MemoryError:
        prepared.extract_error = _out_of_memory()
        return prepared
    except BaseException as exc:  # a bug must not abort the batch or touch the store: report it against the file
        if not isinstance(exc, Exception) and type(exc).__name__ != "PanicException":
            raise  # KeyboardInterrupt, the time budget's alarm …; a panic in a Rust library (PyO3's PanicException,
            # a BaseException) is the report's failure: a Python allocation refused under the budget is one
        if _ran_out_of_memory(exc):
            prepared.extract_error = _out_of_memory(exc)
            return prepared
        prepared.extract_error = Message(f"extraction failed ({type(exc).__name__}: {exc})",
                                         f"trích xuất thất bại ({type(exc).__name__}: {exc})")
        return prepared
    prepared.triples, prepared.references = len(quads), len(extraction.references)
    prepared.district = f"{extraction.unit.kind} {extraction.unit.name}" if extraction.unit else None
    prepared.warnings = list(extraction.warnings)
    meta = extraction.metadata
    number = meta.number if meta.number and any(c.isdigit() for c in meta.number.split("/")[0]) else None
    prepared.identity = ReportIdentity(extraction.unit.iri if extraction.unit else None, number,
                                       (meta.period.end if meta.period else None) or meta.date_earliest, report.sha256)
    return prepared


def max_report_quads() -> int:
    """The facts one report may add (POLICYKG_MAX_REPORT_QUADS, default 200,000): a 28 KB report gives ~1,400,
    a 1 MB one ~50,000; 20 MB of a report repeated gave a million, which took the writer 110 s and 4 GB."""
    return int(os.environ.get("POLICYKG_MAX_REPORT_QUADS", "200000"))


def _too_many_facts(count: int) -> str:
    limit = max_report_quads()
    return Message(
        f"gives {count:,} facts, more than POLICYKG_MAX_REPORT_QUADS ({limit:,}; a long report gives tens of "
        "thousands): nothing of it was stored. If it is many reports in one file, split it",
        f"cho {count:,} dữ kiện, quá POLICYKG_MAX_REPORT_QUADS ({limit:,}; một báo cáo dài cho vài chục nghìn): "
        "không lưu gì của tệp. Nếu tệp gộp nhiều báo cáo, hãy tách ra")


def _nquads(quads: list, chunk: int = 5_000) -> bytes:
    """N-Quads of the facts and quads, written a chunk at a time: near a memory budget an allocation that fails in
    Python raises MemoryError (the report fails with its reason); one that fails in Rust aborts the worker."""
    return b"".join(nquads(quads[i:i + chunk]) for i in range(0, len(quads), chunk))


class ReportWriter:
    """The store's single writer during a build.

    A report whose graph is new is queued and written with others in one bulk load (several times faster
    than a transaction, and atomic as long as a batch stays below the bulk loader's chunk size:
    GraphStore.add_graphs). A report whose graph exists is replaced in its own transaction, after the queue
    is written, so the order of writes is the order of files.

    A full batch is loaded on a thread of its own (the bulk loader releases the GIL) while the writer goes on
    taking prepared reports: the workers are never held up by a load, and the next load waits for this one."""

    # Fewer, larger loads (1,000 generated reports: ~5 % less of the writer's CPU than 50,000-quad batches, and a
    # quarter of the files to compact); a batch stays under 2 x this (the last report at most this large), below
    # GraphStore.add_graphs's BULK_BATCH_LIMIT
    BATCH_QUADS = 200_000
    # Each bulk batch lands as new SST files; past RocksDB's default compaction trigger (4 files per level-0)
    # queries over a freshly loaded store ran 2-3x slower until a compaction: build() then optimizes,
    # before it recomputes the scoreboard.
    COMPACT_AFTER_BATCHES = 4

    def __init__(self, store: GraphStore, track_districts: bool = True):
        self.store = store
        self.changes = scoreboard.Changes(store, track_districts)  # the write protocol: stale first
        self.batches = 0
        self.queue: list[bytes] = []
        self.queued_quads = 0
        self.queued_graphs: set[str] = set()
        self.seen: dict[str, tuple[str, str]] = {}  # content hash -> (key, path) of files written in this build
        self.owners: dict[str, tuple[ReportIdentity, str]] = {}  # key -> (identity, path) written in this build
        self.written: set[str] = set()  # graphs written in this build (queued ones too)
        # Into a store holding no report, the build's own writes say which keys and texts exist: the store is
        # not asked for each file (its two lookups were a sixth of the writer's time at 100,000 reports)
        self.reports_before = ask(store, protocol_query("any-report"), {})
        self.loader = concurrent.futures.ThreadPoolExecutor(1, thread_name_prefix="policykg-bulk-load")
        self.loading: concurrent.futures.Future | None = None  # the batch being loaded

    def write(self, prepared: PreparedReport) -> FileResult:
        path = str(prepared.path)
        if prepared.read_error:
            return FileResult(path, "failed", prepared.read_error)
        duplicate = self._same_content_elsewhere(prepared)
        if duplicate:
            return FileResult(path, "skipped", Message(f"same content as {duplicate} (already in the graph)",
                                                       f"cùng nội dung với {duplicate} (đã có trong đồ thị)"))
        if prepared.extract_error:
            return FileResult(path, "failed", prepared.extract_error)
        prepared, told = self._own_key(prepared)
        if prepared.extract_error:
            return FileResult(path, "failed", prepared.extract_error)
        self.seen[prepared.sha256] = (prepared.key, path)
        self.owners[prepared.key] = (prepared.identity, path)
        self.changes.wrote(prepared.graph)
        size = prepared.quads
        exists = prepared.graph in self.written or self.reports_before and self.store.has_graph(prepared.graph)
        self.written.add(prepared.graph)
        if exists:
            self._settle()  # what the store holds of it is read next
        if exists and prepared.graph not in self.queued_graphs and getattr(self.store, "holds", None) \
                and self.store.holds(prepared.graph, prepared.nquads):  # a rebuild of an unchanged file
            self.changes.unwrote(prepared.graph)
            return FileResult(path, "ok", told or Message("unchanged: the graph holds it already",
                                                          "không đổi: đồ thị đã có đúng như vậy"),
                              references=prepared.references, triples=0, district=prepared.district,
                              warnings=prepared.warnings, key=prepared.key, unchanged=not told)
        if exists or size > self.BATCH_QUADS:  # a huge report alone goes in its own transaction, not a batch
            self.flush()
            if exists:  # what the old contents bore on, before they go
                self.changes.replacing([prepared.graph])
            # Never parsed again here: a literal over 16 MiB (a long report's text) is past the parser's buffer
            self.store.replace_graph_nquads(prepared.graph, prepared.nquads, entity_cleanup(prepared.graph))
        else:
            self.queue.append(prepared.nquads)
            self.queued_graphs.add(prepared.graph)
            self.queued_quads += size
            if self.queued_quads >= self.BATCH_QUADS:
                self.flush(wait=False)
        return FileResult(path, "ok", told, references=prepared.references, triples=prepared.triples,
                          district=prepared.district, warnings=prepared.warnings, key=prepared.key)

    def _owner(self, key: str) -> tuple[ReportIdentity, str] | None:
        """What the report under this key is (written in this build, or stored), and its file."""
        if key in self.owners:  # written or queued in this build
            return self.owners[key]
        if not self.reports_before:
            return None
        rows = select(self.store, protocol_query("report-identity"), {"g": report_graph_iri(key)})
        if not rows:
            return None
        row = rows[0]
        return ReportIdentity(row.unit, row.number, row.referenceDate and row.referenceDate.isoformat(),
                              row.hash), row.file

    def _own_key(self, prepared: PreparedReport) -> tuple[PreparedReport, str]:
        """The key this report is stored under: its file name's, unless that key holds another report (two
        districts' bao_cao.txt); then a key naming what it is. Says what happened when it is not a plain write."""
        key = prepared.key
        for attempt in range(3):  # the name's key, then one naming what the report is, then with its hash
            owner = self._owner(key)
            if owner is None:
                break
            identity, file = owner
            if identity.same_report(prepared.identity):
                if file != str(prepared.path):
                    told = Message(f"replaces the earlier version of this report, read from {file}",
                                   f"thay cho bản trước của báo cáo này, đọc từ {file}")
                else:
                    told = Message("the file changed: replaces its earlier version",
                                   "tệp đã thay đổi: thay cho bản trước") \
                        if identity.sha256 != prepared.identity.sha256 else ""
                return self._rekeyed(prepared, key), told
            key = prepared.identity.distinct_key(prepared.key, attempt)
        told = "" if key == prepared.key else Message(
            f"another report has the key of this file name: stored as {report_iri(key)}",
            f"một báo cáo khác đã mang tên tệp này: lưu thành {report_iri(key)}")
        return self._rekeyed(prepared, key), told

    @staticmethod
    def _rekeyed(prepared: PreparedReport, key: str) -> PreparedReport:
        """The report prepared again under another key (the key is in every IRI it mints: rare, so redone, here:
        it kept within its memory budget in a worker already)."""
        return prepared if key == prepared.key else prepare_within_budget(prepared.path, key)

    def finish(self, refresh_all: bool) -> None:
        """Write what is queued, then recompute the scoreboard cells the writes may have changed."""
        self.flush()
        self.close()
        self.changes.commit(everything=refresh_all)

    def close(self) -> None:
        """Wait for a batch still being loaded (a build cut short by an error: the store is not touched again while
        it loads; the error told is the build's) and end the loader thread."""
        loading, self.loading = self.loading, None
        if loading is not None:
            concurrent.futures.wait([loading])
        self.loader.shutdown()

    def flush(self, wait: bool = True) -> None:
        """Write what is queued; `wait=False`: on the loader thread, done when the next flush begins."""
        self._settle()
        if self.queue:
            self.loading = self.loader.submit(self.store.add_graphs, b"".join(self.queue))
            self.batches += 1
        self.queue, self.queued_quads, self.queued_graphs = [], 0, set()
        if wait:
            self._settle()

    def _settle(self) -> None:
        """Wait for the batch being loaded; a load that failed raises here, in the writer's thread."""
        loading, self.loading = self.loading, None
        if loading is not None:
            loading.result()

    def _same_content_elsewhere(self, prepared: PreparedReport) -> str | None:
        if not prepared.sha256:
            return None
        if prepared.sha256 in self.seen:
            key, path = self.seen[prepared.sha256]
            return path if key != prepared.key else None
        if not self.reports_before:
            return None
        for row in select(self.store, protocol_query("reports-with-content"), {"hash": prepared.sha256}):
            if row.g != prepared.graph:
                return row.file
        return None


def ingest_file(store: GraphStore, path: Path, key: str | None = None) -> FileResult:
    """Read, extract, resolve and store one file now, and bring the scoreboard up to date (the explorer's
    upload; builds use ReportWriter). `key`: the stored report this file replaces, as the reader confirmed."""
    writer = ReportWriter(store)
    result = writer.write(prepare_report(path, key))
    writer.finish(refresh_all=False)
    return result


def build(paths: list[Path], store: GraphStore, progress: bool = True, workers: int | None = None) -> BuildSummary:
    """Ingest files; with more than one worker, the CPU-heavy work runs in parallel processes while this
    process writes (the store has one writer)."""
    gazetteer = load_gazetteer()
    catalog = load_catalog()
    store.clear_staging()
    reloaded = load_reference_graphs(store, catalog, gazetteer, dt.date.today().isoformat())
    files = report_files(paths)
    workers = min(workers or os.cpu_count() or 1, len(files)) if len(files) > 8 else 1
    # Many reports: one national recomputation at the end is cheaper than tracking districts.
    writer = ReportWriter(store, track_districts=len(files) <= scoreboard.SCOPED_LIMIT and not reloaded)
    results = []
    try:
        for i, item in enumerate(_in_workers(files, workers) if files else (), 1):
            results.append(writer.write(item))
            if progress:
                _progress(i, len(files), item.path)
        writer.flush()
    finally:
        writer.close()
    if writer.batches > writer.COMPACT_AFTER_BATCHES:
        # Before the scoreboard's recomputation, which reads every report: at 100,000 reports a unit's gap-matrix
        # took 13-16 s on the freshly loaded files (beside the build's own recomputation), 1.1 s once compacted.
        store.optimize()
    writer.finish(refresh_all=reloaded)
    if progress and files:
        print(file=sys.stderr)
    store.flush()
    return BuildSummary(results, sum(r.triples for r in results), store)


def report_seconds() -> float:
    """The time one report may take to read and extract (POLICYKG_REPORT_SECONDS, default 120): a real report
    takes well under a second; past this it fails, the batch goes on."""
    return float(os.environ.get("POLICYKG_REPORT_SECONDS", "120"))


def report_memory_mb() -> int:
    """The memory one report may take on top of what its worker holds before it (POLICYKG_REPORT_MEMORY_MB,
    default 2048; 0: no limit): a 5 MB report takes ~330 MB, a 19.7 MB one ~730 MB; past this
    the report fails alone rather than the machine's OOM killer stopping the build or its neighbours."""
    return int(os.environ.get("POLICYKG_REPORT_MEMORY_MB", "2048"))


def _out_of_memory(raised: BaseException | None = None) -> str:
    budget = report_memory_mb()
    # an allocation refused inside a library may surface as another error: say which, it may still be a bug
    said = f" (it raised {type(raised).__name__}: {raised} at the limit)" if raised else ""
    said_vi = f" (lỗi {type(raised).__name__}: {raised} khi chạm giới hạn)" if raised else ""
    return Message(
        f"needed more than {budget} MB of memory (POLICYKG_REPORT_MEMORY_MB){said}: a typical report needs a few; "
        "nothing of it was stored. If it is a real report, split it or raise the limit",
        f"cần hơn {budget} MB bộ nhớ (POLICYKG_REPORT_MEMORY_MB){said_vi}: một báo cáo thường chỉ cần vài MB; "
        "không lưu gì của tệp. Nếu đây là báo cáo thật, hãy tách nhỏ hoặc nâng giới hạn")


# The address-space limit set for the report in progress in this process, and the process's peak when it
# was set; None when no budget is active (the writer, the explorer, a platform without /proc).
_active_budget: tuple[int, int] | None = None


def _peak_mapped() -> int | None:
    """The most this process has mapped since it started (VmPeak), in bytes."""
    try:
        with open("/proc/self/status") as status:
            for line in status:
                if line.startswith("VmPeak:"):
                    return int(line.split()[1]) * 1024
    except (OSError, ValueError, IndexError):
        pass
    return None


def _ran_out_of_memory(exc: BaseException) -> bool:
    """Whether an error raised under a memory budget is the budget: a MemoryError in its chain, or a peak that
    reached the limit during this report. A refused allocation does not always surface as MemoryError:
    pyoxigraph's Literal(), for one, turns it into "ValueError: The literal value must be a str ..."."""
    seen = exc
    while seen is not None:
        if isinstance(seen, MemoryError):
            return True
        seen = seen.__cause__ or seen.__context__
    if _active_budget is None:
        return False
    limit, peak_before = _active_budget
    near = limit - (limit - peak_before) // 4 if peak_before < limit else limit  # within a quarter of the room
    peak = _peak_mapped()
    return peak is not None and peak_before < near <= peak


@contextlib.contextmanager
def _memory_budget():
    """Cap this process's address space at what it maps now plus report_memory_mb(), for one report: an
    allocation past it raises MemoryError in this process alone. Only in build workers (a process that holds
    no store: in the writer a failed allocation in the store's own threads would abort it)."""
    budget = report_memory_mb()
    try:
        import resource
        with open("/proc/self/statm") as statm:
            mapped = int(statm.read().split()[0]) * resource.getpagesize()
    except (ImportError, OSError, ValueError):  # not Linux: no budget, the time budget still holds
        yield
        return
    if budget <= 0:
        yield
        return
    global _active_budget
    previous = resource.getrlimit(resource.RLIMIT_AS)
    limit = mapped + budget * 1024 * 1024
    if previous[1] != resource.RLIM_INFINITY:
        limit = min(limit, previous[1])
    resource.setrlimit(resource.RLIMIT_AS, (limit, previous[1]))
    _active_budget = (limit, _peak_mapped() or limit)  # no peak known: never guess memory from it
    try:
        yield
    finally:
        _active_budget = None
        resource.setrlimit(resource.RLIMIT_AS, previous)


class _OverBudget(BaseException):  # not an Exception: no handler for a report's own errors may catch it
    pass


def _on_alarm(signum, frame):
    raise _OverBudget


def prepare_in_worker(path: Path) -> PreparedReport:
    """prepare_report in a build worker: within the report's memory and time budgets."""
    try:
        with _memory_budget():
            return prepare_within_budget(path)
    except MemoryError:
        # the report's own handler may be refused too: it words its message while the exception's frames still
        # hold the memory (seen in a clean-clone run: the MemoryError reached the writer and ended the build)
        pass
    # told here, the budget lifted and the exception (with the memory it held) gone
    return PreparedReport(path, extract_error=_out_of_memory())


def prepare_within_budget(path: Path, key: str | None = None) -> PreparedReport:
    """prepare_report, stopped after report_seconds() (by SIGALRM: only where signals can be set, the main
    thread of a process: a build's workers and writer; the explorer's upload runs unbounded in its own thread)."""
    budget = report_seconds()
    if threading.current_thread() is not threading.main_thread() or budget <= 0:
        return prepare_report(path, key)
    previous = signal.signal(signal.SIGALRM, _on_alarm)
    signal.setitimer(signal.ITIMER_REAL, budget)
    try:
        return prepare_report(path, key)
    except _OverBudget:
        return PreparedReport(path, extract_error=Message(
            f"stopped after {budget:g} s (POLICYKG_REPORT_SECONDS): a report takes well under a second; this text "
            "is not a report or is shaped to stress the reader",
            f"dừng sau {budget:g} giây (POLICYKG_REPORT_SECONDS): một báo cáo chỉ cần chưa tới một giây; văn bản này "
            "không phải báo cáo hoặc được tạo để làm quá tải trình đọc"))
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def _worker_start() -> None:
    """A build worker prints no Rust backtrace: under the report's memory limit a panic (PyO3's, when Python
    refuses an allocation) symbolised its backtrace, an allocation in that failed, and Rust's handler waited on the
    backtrace lock the panic held: a worker hung for good and the build with it (seen in a clean-clone run). Without
    the backtrace the panic reaches Python, or Rust aborts the worker: the file fails alone either way."""
    os.environ["RUST_BACKTRACE"] = "0"


def _in_workers(files: list[Path], workers: int):
    """Prepared reports in the order of the files, from worker processes (even one: a report's memory budget
    holds only in a process of its own), a bounded window ahead of the writer. A worker that dies (killed, out of memory) breaks the pool: the files then in flight are prepared again one
    at a time, so that the one that kills its worker fails alone, and the batch goes on."""
    fork = "fork" in multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("fork" if fork else "spawn")
    if fork:  # what every worker computes once (the shapes, the reference nodes' types), inherited: ~0.1 s each
        write_time_checks(dt.date.today().isoformat())
    window = 4 * workers
    queue = collections.deque(files)  # popped from the front once a file is done
    alone = 0  # files still to prepare one at a time after a dead worker
    while queue:
        size = 1 if alone else workers
        with concurrent.futures.ProcessPoolExecutor(size, mp_context=context, initializer=_worker_start) as pool:
            futures = collections.deque()
            position = 0  # files of queue handed to this pool
            broken = False
            while position < len(queue) or futures:
                while position < len(queue) and len(futures) < (1 if alone else window):
                    futures.append(pool.submit(prepare_in_worker, queue[position]))
                    position += 1
                try:
                    result = futures[0].result()
                except concurrent.futures.process.BrokenProcessPool:
                    broken = True
                    break
                futures.popleft()
                yield result
                queue.popleft()
                position -= 1
                if alone:
                    alone -= 1
                    if not alone:
                        break  # back to parallel work
            if broken:
                if alone or size == 1:  # this file killed its worker by itself
                    budget = report_memory_mb()
                    yield PreparedReport(queue.popleft(), extract_error=Message(
                        f"the process reading it died (killed, or it needed more than {budget} MB of memory, "
                        "POLICYKG_REPORT_MEMORY_MB): nothing of it was stored",
                        f"tiến trình đọc tệp đã dừng đột ngột (bị tắt, hoặc cần hơn {budget} MB bộ nhớ, "
                        "POLICYKG_REPORT_MEMORY_MB): không lưu gì của tệp"))
                    alone = max(0, alone - 1)
                else:
                    alone = len(futures)  # one of those in flight killed its worker: each alone now


def _counts(store: GraphStore) -> tuple[int, int, int]:
    """Documents cited, reporting units and reports in the store."""
    row = next(iter(store.query(protocol_query("build-totals").text)))
    return int(row["documents"].value), int(row["districts"].value), int(row["reports"].value)


def _progress(done: int, total: int, path: Path) -> None:
    width = 30
    filled = width * done // total
    print(f"\r[{'#' * filled}{'.' * (width - filled)}] {done}/{total} {path.name[:40]:<40}", end="",
          file=sys.stderr, flush=True)

"""The embedded pyoxigraph store.

A graph is replaced atomically: its new quads are written to a staging graph (one transaction), then a
single SPARQL update moves staging over the live graph (one transaction). A crash in between leaves the
old graph intact and a staging graph, which opening the store for writing drops, and which a store opened
read-only before that leaves out of every query's default graph: readers never see one.

New graphs are added in batches by the bulk loader (add_graphs): several times faster than a transaction.
A batch is atomic because pyoxigraph 0.5.13 (pinned) writes a bulk load smaller than its chunk size (one
million quads) as one RocksDB ingestion of SST files across all indexes, which is all-or-nothing; the
SIGKILL test in tests/test_reliability.py checks that every report graph is whole or absent after a kill.
"""

from __future__ import annotations

import atexit
import os
import re
import shutil
import time
import weakref
from pathlib import Path

from pyoxigraph import NamedNode, Quad, QueryBoolean, QueryResultsFormat, RdfFormat, Store, serialize

from policykg.messages import Message
from policykg.namespaces import GRAPH, STAGING_PREFIX as STAGING
from policykg.store.nquads import by_graph, in_graph

BULK_BATCH_LIMIT = 500_000  # quads; well below the bulk loader's one-million chunk, so one batch is one ingestion


class StoreError(RuntimeError):
    pass


def views_dir(path: Path | str) -> Path:
    path = Path(path)
    return path.with_name(path.name + VIEWS_SUFFIX)


def newest_view(path: Path | str) -> Path | None:
    """The newest view a writer published of the store at `path`, if any (a store built before views has none)."""
    try:
        names = [e.name for e in os.scandir(views_dir(path)) if e.name.isdigit() and e.is_dir()]
    except OSError:
        return None
    return views_dir(path) / max(names) if names else None


def reading_location(path: Path | str) -> Path:
    """Where a reader opens the store at `path`: its newest view, else the store itself (no writer published)."""
    return newest_view(path) or Path(path)


def store_version(path: Path | str) -> tuple:
    """What changes whenever a write to the store at `path` is published: the newest view's name; for a store
    without views, the names and sizes of RocksDB's table, write-ahead-log and manifest files. A read-only handle
    sees the store as it was when opened (Oxigraph gives no way to catch up), so a long-lived reader compares
    this with the version it opened to know it is behind."""
    view = newest_view(path)
    if view is not None:
        return ("view", view.name)
    try:
        entries = list(os.scandir(path))
    except OSError:
        return ()
    version = []
    for entry in entries:
        if entry.name.endswith((".sst", ".log")) or entry.name.startswith(("MANIFEST-", "CURRENT")):
            try:
                version.append((entry.name, entry.stat().st_size))
            except OSError:  # deleted by a compaction since the listing: the version has changed anyway
                version.append((entry.name, -1))
    return tuple(sorted(version))


# How often a read-only handle is opened again, or a query run again, when a table file vanished under it.
VANISHED_RETRIES = 20
# How long a read-only open waits for a build's staging graph to be moved into place before leaving it out.
STAGING_WAIT_S = 10.0
# Readers' views. Opening a RocksDB store read-only while another process writes it is undefined behaviour
# (pyoxigraph says so): a reader opened during a build read table files in a half-written state, and a simple
# pattern on the scoreboard graph never ended while its memory grew past 20 GB (the soak's OOM). So readers never
# open the store a writer holds: the writer publishes views, checkpoints of the store (hard links, a few ms)
# taken between its transactions, into <store>.views/<sequence>/; a reader opens the newest. A view is never
# written again, so opening it read-only is safe; the writer drops views older than VIEW_KEEP_S (a reader that
# opened one earlier keeps its open files) but always keeps the newest.
VIEWS_SUFFIX = ".views"
PUBLISH_EVERY_S = 5.0  # during a long write (a national build), a view this often: readers see it progress
# ... but no more often than keeps publishing to this share of the writer's time. A checkpoint first flushes, and
# while a large build's compactions lag it waits for them: 0.01 s on a quiet store, 2.3 s a view at 10,000
# reports and 15.5 s at 50,000, where views every 5 s took a quarter of the ingest (1,000 reports 45.0 s -> 34.4 s).
PUBLISH_SHARE = 0.1
VIEW_KEEP_S = 60.0  # older views go (a reader on one reopens the newest when a file of it is gone)


def _vanished(exc: BaseException) -> bool:
    """An error saying a file of the store was not found (RocksDB's "IO error: No such file or directory")."""
    return "No such file or directory" in str(exc)


class _Solutions(list):
    """A SELECT's solutions read whole, with their variables, as pyoxigraph's QuerySolutions offers them."""

    def __init__(self, variables, solutions):
        super().__init__(solutions)
        self.variables = variables


def _whole(result):
    """A query result read to its end (solutions, triples), so that an error reading the store is raised here."""
    if isinstance(result, (bool, QueryBoolean)):
        return bool(result)
    if hasattr(result, "variables"):
        return _Solutions(list(result.variables), list(result))
    return list(result)


_ESCAPE = re.compile(r'\\(?:([tbnrf"\'\\])|u([0-9A-Fa-f]{4})|U([0-9A-Fa-f]{8}))')
_ESCAPED = {"t": "\t", "b": "\b", "n": "\n", "r": "\r", "f": "\f", '"': '"', "'": "'", "\\": "\\"}


def _unescape(m: re.Match) -> str:
    return _ESCAPED[m.group(1)] if m.group(1) else chr(int(m.group(2) or m.group(3), 16))


def tsv_value(cell: str) -> str | None:
    """The lexical value of one SPARQL TSV cell (an IRI's, a literal's, a blank node's label; None: unbound)."""
    if not cell:
        return None
    if cell[0] == "<":
        return cell[1:-1]
    if cell[0] == '"':  # "text", "text"@vi, "text"^^<datatype>: the text between the first and the last quote
        body = cell[1:cell.rfind('"')]
        return _ESCAPE.sub(_unescape, body) if "\\" in body else body
    return cell[2:] if cell.startswith("_:") else cell  # a bare number or boolean


def tsv_rows(data: bytes) -> tuple[list[str], list[list[str | None]]]:
    """A SELECT's columns and rows of lexical values from its SPARQL TSV serialisation."""
    text = data.decode("utf-8")
    lines = (text[:-1] if text.endswith("\n") else text).split("\n")  # a row of one unbound value is ""
    columns = [c[1:] for c in lines[0].split("\t")]
    return columns, [[tsv_value(cell) for cell in line.split("\t")] for line in lines[1:]]


def _publish_at_exit(handle: "weakref.ref[GraphStore]") -> None:
    """A writer that ends without flushing still leaves readers a view of its last writes (a killed one does not:
    readers keep the last view it published, whole)."""
    store = handle()
    if store is not None and store._unpublished:
        try:
            store.publish()
        except Exception:  # at exit, nothing to tell: the next writer publishes
            pass


class GraphStore:
    def __init__(self, path: Path | str | None = None, read_only: bool = False):
        self.path = Path(path) if path else None
        self.read_only = read_only
        # taken before opening: a write in between makes the handle look behind (a needless reopen), never current
        self.version = store_version(self.path) if self.path and read_only else ()
        self._visible: list[NamedNode] | None = None  # all graphs (a list: a killed write's staging left out)
        self.location = reading_location(self.path) if self.path and read_only else self.path
        self._published_at = 0.0
        self._publish_cost = 0.0  # how long the last view took to publish
        self._unpublished = False  # writes since the last view
        try:
            if self.path is None:
                self.store = Store()
            elif read_only:
                if not (self.path / "CURRENT").exists():
                    raise StoreError(Message(f"{self.path}: no store here; run `policykg build` first",
                                             f"{self.path}: chưa có kho dữ liệu ở đây; hãy chạy `policykg build` trước"))
                self.store, self._visible = self._open_read_only()
            else:
                self.path.mkdir(parents=True, exist_ok=True)
                self.store = Store(str(self.path))
                atexit.register(_publish_at_exit, weakref.ref(self))
        except StoreError:
            raise  # already says what is wrong, in both languages
        except (OSError, RuntimeError) as exc:  # RocksDB says "Corruption" for files gone after many tries too
            if "lock" in str(exc).lower():
                raise StoreError(Message(
                    f"{self.path}: the store is open for writing by another process (a build, or `policykg serve "
                    "--writable`): wait for it, or write through the server with --endpoint "
                    "http://HOST:PORT/query (its Graph Store Protocol), or stop it and retry",
                    f"{self.path}: kho đang được một tiến trình khác mở để ghi (một lần build, hoặc `policykg serve "
                    "--writable`): hãy chờ, hoặc ghi qua máy chủ với --endpoint http://HOST:PORT/query, hoặc dừng "
                    "nó rồi thử lại")) from exc
            raise StoreError(Message(f"{self.path}: cannot open the store ({exc})",
                                     f"{self.path}: không mở được kho ({exc})")) from exc
        # A write killed between its staging load and its MOVE leaves a staging graph: gone when the store is
        # opened for writing, left out of every query when it is opened read-only.
        if not read_only:
            if any(g.value.startswith(STAGING) for g in self.store.named_graphs()):
                self.clear_staging()

    def _open_read_only(self) -> tuple[Store, list[NamedNode] | None]:
        """A read-only handle, and the graphs it may show when a staging graph is present (else None: all).
        While a build writes, its compactions delete table files: a handle opened a moment before may look
        for one that is gone ("No such file or directory"). Opening again sees the files as they are now.
        A staging graph is waited out (STAGING_WAIT_S) before it is left out by listing the others."""
        deadline = time.monotonic() + STAGING_WAIT_S
        attempt = 0
        while True:
            try:
                self.location = reading_location(self.path)  # the newest view, as it is at this attempt
                store = Store.read_only(str(self.location))
                graphs = list(store.named_graphs())
            except (OSError, RuntimeError) as exc:
                attempt += 1
                if not _vanished(exc) or attempt == VANISHED_RETRIES:
                    raise
                time.sleep(0.02 * attempt)
                continue
            if not any(g.value.startswith(STAGING) for g in graphs):
                return store, None
            # A build is between a staging load and its MOVE (a second or so): open again once it is done.
            # Listing the other graphs as the default graph is correct but slow past use (province-summary
            # did not finish in 120 s at 1,000 reports), so it is kept for a staging graph a killed write left.
            if time.monotonic() > deadline:
                return store, [g for g in graphs if not g.value.startswith(STAGING)]
            time.sleep(0.1)

    def replace_graph(self, graph: str, quads: list[Quad], shared: list[Quad] = (),
                      cleanup: tuple[str, str] = ("", "")) -> None:
        """Make `graph` hold exactly `quads` and add `shared` quads to the graphs they name, with the
        `cleanup` updates (before, after) around it, as one transaction (a crash before it commits leaves
        everything as it was)."""
        target = NamedNode(graph)
        if not self.store.contains_named_graph(target):
            self._load([*quads, *shared])  # a new graph: one ingestion; nothing removed, nothing to clean
            self._wrote()
            return
        staging = NamedNode(STAGING + graph.removeprefix(GRAPH))
        stagings = {g: NamedNode(STAGING + "shared/" + g.removeprefix(GRAPH))
                    for g in sorted({q.graph_name.value for q in shared})}
        self.store.update(" ; ".join(f"DROP SILENT GRAPH {s}" for s in [staging, *stagings.values()]))
        self._load([*(Quad(q.subject, q.predicate, q.object, staging) for q in quads),
                    *(Quad(q.subject, q.predicate, q.object, stagings[q.graph_name.value]) for q in shared)])
        before, after = cleanup
        operations = [before, f"DROP SILENT GRAPH {target}", f"MOVE SILENT GRAPH {staging} TO GRAPH {target}"]
        operations += [f"ADD SILENT GRAPH {s} TO GRAPH <{g}> ; DROP SILENT GRAPH {s}" for g, s in stagings.items()]
        self.store.update(join_updates(*operations, after))  # one update request: one transaction
        self._wrote()  # never between the staging load and the MOVE: a view holds no staging graph

    def replace_graph_nquads(self, graph: str, nquads: bytes, cleanup: tuple[str, str] = ("", "")) -> None:
        """replace_graph for a report's N-Quads as the workers serialise them (its own graph's quads and the facts
        it adds to shared graphs), never parsed here: the bulk loader takes a literal of any length."""
        if not self.store.contains_named_graph(NamedNode(graph)) and nquads.count(b"\n") <= BULK_BATCH_LIMIT:
            self.store.bulk_load(nquads, format=RdfFormat.N_QUADS)  # new, and one ingestion: all or nothing
            self._wrote()
            return
        graphs = by_graph(nquads)
        staging = STAGING + graph.removeprefix(GRAPH)
        stagings = {g: STAGING + "shared/" + g.removeprefix(GRAPH) for g in sorted(graphs) if g != graph}
        self.store.update(" ; ".join(f"DROP SILENT GRAPH <{s}>" for s in [staging, *stagings.values()]))
        self.store.bulk_load(in_graph(graphs.get(graph, []), staging)
                             + b"".join(in_graph(graphs[g], s) for g, s in stagings.items()), format=RdfFormat.N_QUADS)
        before, after = cleanup
        operations = [before, f"DROP SILENT GRAPH <{graph}>", f"MOVE SILENT GRAPH <{staging}> TO GRAPH <{graph}>"]
        operations += [f"ADD SILENT GRAPH <{s}> TO GRAPH <{g}> ; DROP SILENT GRAPH <{s}>" for g, s in stagings.items()]
        self.store.update(join_updates(*operations, after))  # one update request: one transaction
        self._wrote()

    def _load(self, quads: list[Quad]) -> None:
        """Add quads all or nothing: the bulk loader (one ingestion below its chunk size, and ~10x faster than a
        transaction for the 150k quads of the admin graph), else one transaction."""
        if len(quads) <= BULK_BATCH_LIMIT:
            self.store.bulk_load(serialize(quads, format=RdfFormat.N_QUADS), format=RdfFormat.N_QUADS)
        else:
            self.store.extend(quads)

    def behind(self) -> bool:
        """A read-only handle whose store has been written since it was opened (reopen to see the writes)."""
        return bool(self.read_only and self.path and store_version(self.path) != self.version)

    def has_graph(self, graph: str) -> bool:
        return self.store.contains_named_graph(NamedNode(graph))

    def holds(self, graph: str, nquads: bytes) -> bool:
        """Does the store hold exactly these N-Quads (a report's graph and the shared facts it adds) already?
        Then rewriting them would change nothing (a rebuild of unchanged files skips them)."""
        fresh = Store()  # the new quads as the store holds them (it normalises literals: "1.0" is 1)
        fresh.bulk_load(nquads, format=RdfFormat.N_QUADS)  # the bulk loader: a literal of any length

        def own(store: Store) -> set[bytes]:
            return set(serialize((q.triple for q in store.quads_for_pattern(None, None, None, NamedNode(graph))),
                                 format=RdfFormat.N_TRIPLES).splitlines())

        return own(fresh) == own(self.store) and all(
            q in self.store for q in fresh if q.graph_name != NamedNode(graph))  # the shared facts are there

    def add_graphs(self, nquads: bytes) -> None:
        """Add N-Quads for graphs that do not exist yet (and facts shared graphs gain; nothing is removed),
        all or nothing."""
        if nquads.count(b"\n") > BULK_BATCH_LIMIT:
            raise StoreError(f"a bulk batch above {BULK_BATCH_LIMIT} quads would not be written atomically")
        self.store.bulk_load(nquads, format=RdfFormat.N_QUADS)
        self._wrote()

    def clear_staging(self) -> None:
        """Drop staging graphs an interrupted write left behind (the graphs they were for are intact)."""
        for graph in self.store.named_graphs():
            if graph.value.startswith(STAGING):
                self.store.update(f"DROP SILENT GRAPH {graph}")
                self._unpublished = True

    def backup(self, target: Path) -> None:
        """A consistent copy of the store into a new directory (the store's own backup: hard links, fast)."""
        if self.path is None:
            raise StoreError("an in-memory store has nothing to back up")
        if Path(target).exists():
            raise StoreError(Message(f"{target}: already exists; give a new directory",
                                     f"{target}: đã tồn tại; hãy chọn một thư mục mới"))
        self.store.backup(str(target))

    def remove_graph(self, graph: str, cleanup: tuple[str, str] = ("", "")) -> bool:
        node = NamedNode(graph)
        if not self.store.contains_named_graph(node):
            return False
        self.store.update(join_updates(cleanup[0], f"DROP GRAPH {node}", cleanup[1]))
        self._wrote()
        return True

    def graphs(self) -> list[str]:
        return self._reading(lambda: sorted(g.value for g in self.store.named_graphs()
                                            if not g.value.startswith(STAGING)))

    def query(self, sparql: str):
        """The answer to a SPARQL query over the union of the graphs. On a read-only handle the answer is read
        whole before it is returned, so that a table file a concurrent build's compaction deleted shows up
        here, and the query runs again on the store as it is now (`_reading`)."""
        if not (self.read_only and self.path):
            return self._query(sparql)
        return self._reading(lambda: _whole(self._query(sparql)))

    def select_values(self, sparql: str) -> tuple[list[str], list[list[str | None]]]:
        """A SELECT's columns and rows as lexical values (str; None when unbound), the terms never made into
        Python objects: serialised as SPARQL TSV in Rust and split here. For results of hundreds of thousands of
        rows: network-edges' 594,000 at 10,000 reports took 15.7 s as terms, ~8 s as values."""
        read = lambda: tsv_rows(self._query(sparql).serialize(format=QueryResultsFormat.TSV))  # noqa: E731
        return self._reading(read) if self.read_only and self.path else read()

    def _reading(self, read):
        """`read()`, on a read-only handle opened again when a table file vanished under it."""
        for attempt in range(VANISHED_RETRIES):
            try:
                return read()
            except (OSError, RuntimeError) as exc:
                if not (self.read_only and self.path) or not _vanished(exc) or attempt == VANISHED_RETRIES - 1:
                    raise
                self.version = store_version(self.path)
                self.location = reading_location(self.path)
                self.store, self._visible = self._open_read_only()
        raise AssertionError("unreachable")

    def _query(self, sparql: str):
        if self._visible is not None:
            return self.store.query(sparql, default_graph=self._visible, named_graphs=self._visible)
        return self.store.query(sparql, use_default_graph_as_union=True)

    def update(self, sparql: str) -> None:
        """One SPARQL update request: one transaction."""
        self.store.update(sparql)
        self._wrote()

    def _wrote(self) -> None:
        """A write committed: readers see it in the next view (published while writes go on at most every
        PUBLISH_EVERY_S, or PUBLISH_SHARE of the time, whichever is rarer; and when the writer flushes or ends)."""
        self._unpublished = True
        if time.monotonic() - self._published_at >= max(PUBLISH_EVERY_S, self._publish_cost / PUBLISH_SHARE):
            self.publish()

    def publish(self) -> None:
        """A view of the store as it is now, for readers: a checkpoint (hard links) into <store>.views/, renamed
        into place only when whole; older views dropped once VIEW_KEEP_S old."""
        if self.path is None or self.read_only:
            return
        views = views_dir(self.path)
        views.mkdir(exist_ok=True)
        newest = newest_view(self.path)
        number = f"{(int(newest.name) + 1) if newest else 1:012d}"
        partial = views / f"{number}.partial"
        shutil.rmtree(partial, ignore_errors=True)
        started = time.monotonic()
        self.store.backup(str(partial))
        os.rename(partial, views / number)
        self._published_at, self._unpublished = time.monotonic(), False
        self._publish_cost = self._published_at - started
        for entry in os.scandir(views):
            if entry.name == number:
                continue
            try:
                old = time.time() - entry.stat().st_mtime > (VIEW_KEEP_S if entry.name.isdigit() else 60)
            except OSError:
                continue
            if old:
                shutil.rmtree(entry.path, ignore_errors=True)

    def __len__(self) -> int:
        return len(self.store)

    def flush(self) -> None:
        """Writes done for now: on disk, and published to readers."""
        if self.path is not None and not self.read_only:
            self.store.flush()
            self.publish()

    def optimize(self) -> None:
        """Compact the store (after bulk loads: fresh SST files slow queries down until compacted); readers get
        the compacted files in a new view. A view is published first, and the views older than VIEW_KEEP_S go:
        each holds the files compacted away since it was taken (at 100,000 reports the last view of the ingest,
        12 minutes old, held 27 GB through the compaction, and the disk came within 17 GB of full)."""
        if not self.read_only:
            if self.path is not None:
                self.publish()
            self.store.optimize()
            if self.path is not None:
                self.publish()

    def snapshot(self) -> Store:
        """The store itself: already the whole dataset (the remote store copies; this one need not)."""
        return self.store


def join_updates(*operations: str) -> str:
    """SPARQL Update operations as one request (one transaction), empty ones left out."""
    return " ;\n".join(op.strip() for op in operations if op.strip())

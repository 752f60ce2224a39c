"""The store's writes on their own: a report graph of any size is replaced whole (a literal past the N-Quads
parser's 16 MiB buffer included), and a staging graph a killed write left is never seen by a reader."""

from __future__ import annotations

import dataclasses
import gc
import os
import signal
import threading
import time
from pathlib import Path

import pytest
from pyoxigraph import Literal, NamedNode, Quad, RdfFormat, serialize

from policykg.namespaces import PKG, STAGING_PREFIX
from policykg.pipeline import ReportWriter, prepare_report
from policykg.store import GraphStore
from policykg.store.nquads import NQuadsError, by_graph

from conftest import REPORTS

SAMPLE = REPORTS / "004_25ea28f13367f962.txt"
BIG = 17 * 1024 * 1024  # past pyoxigraph's 16 MiB parse buffer


def _text_of(store: GraphStore, graph: str) -> str:
    rows = list(store.query(f"SELECT ?t WHERE {{ GRAPH <{graph}> {{ ?r <{PKG}text> ?t }} }}"))
    return rows[0]["t"].value


def test_a_report_with_a_literal_over_16_mib_is_replaced_again_and_again(tmp_path):
    """A long report's text is one literal: the rebuild path must not parse its N-Quads (it did, and every
    rebuild of a 16-20 MB report crashed with 'Reached the buffer maximal size')."""
    store = GraphStore(tmp_path / "store")
    writer = ReportWriter(store)
    prepared = prepare_report(SAMPLE)
    writer.write(prepared)
    writer.finish(refresh_all=False)
    graph = prepared.graph
    for fill in "ab":
        huge = fill * BIG
        # the report's own text literal swapped for a huge one, the rest as the worker wrote it
        own = by_graph(prepared.nquads)[graph]
        lines = [line for line in own if f"<{PKG}text>".encode() not in line]
        lines.append(f"<{_report_node(store, graph)}> <{PKG}text> ".encode() + serialize(
            [Quad(NamedNode("http://x"), NamedNode("http://x"), Literal(huge))], format=RdfFormat.N_TRIPLES
        ).split(b" ", 2)[2].rstrip(b"\n"))
        nquads = b"".join(line[:-2] + f" <{graph}> .\n".encode() for line in lines)
        rebuild = ReportWriter(store)  # the graph exists: the rebuild path
        assert rebuild.write(dataclasses.replace(prepared, nquads=nquads)).status == "ok"
        rebuild.finish(refresh_all=False)
        assert _text_of(store, graph) == huge
        assert store.graphs().count(graph) == 1 and not any(g.startswith(STAGING_PREFIX) for g in store.graphs())


def _report_node(store: GraphStore, graph: str) -> str:
    return next(iter(store.query(f"SELECT ?r WHERE {{ GRAPH <{graph}> {{ ?r a <{PKG}Report> }} }}")))["r"].value


def test_byte_split_refuses_what_is_not_a_quad_in_a_named_graph():
    assert by_graph(b'<a> <b> "c d ." <g> .\n<a> <b> <c> <h> .\n') == {"g": [b'<a> <b> "c d ." .'],
                                                                       "h": [b"<a> <b> <c> ."]}
    with pytest.raises(NQuadsError, match="not a quad in a named graph"):
        by_graph(b'<a> <b> "c" .\n')


def test_a_staging_graph_left_by_a_killed_write_is_never_seen(tmp_path, monkeypatch):
    import policykg.store.oxigraph as oxigraph

    monkeypatch.setattr(oxigraph, "STAGING_WAIT_S", 0.3)  # a reader waits this long for a MOVE that never comes
    path = tmp_path / "store"
    store = GraphStore(path)
    writer = ReportWriter(store)
    prepared = prepare_report(SAMPLE)
    writer.write(prepared)
    writer.finish(refresh_all=False)
    graph = prepared.graph
    count = f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH ?g {{ ?r a <{PKG}Report> }} }}"
    # what a kill between the staging load and the MOVE leaves: a second copy of the report in staging
    staging = NamedNode(STAGING_PREFIX + "report/" + prepared.key)
    store.store.extend([Quad(q.subject, q.predicate, q.object, staging)
                        for q in store.store.quads_for_pattern(None, None, None, NamedNode(graph))])
    store.flush()
    del store, writer  # closed: a store is open for writing in one place at a time
    gc.collect()
    reader = GraphStore(path, read_only=True)
    assert int(next(iter(reader.query(count)))["n"].value) == 1  # the staging copy is left out
    assert int(next(iter(reader.query(count.replace("GRAPH ?g ", ""))))["n"].value) == 1
    del reader
    gc.collect()
    again = GraphStore(path)  # opening for writing drops it
    assert not any(g.value.startswith(STAGING_PREFIX) for g in again.store.named_graphs())


def test_a_reader_opened_while_a_build_stages_a_graph_waits_for_the_move(tmp_path, monkeypatch):
    """A staging graph is there for a moment in every replacement. A reader that then left it out by listing
    every other graph as its default graph made each query slow past use (province-summary did not finish in
    120 s at 1,000 reports; in the soak the test process passed 20 GB): it waits for the graph to be moved."""
    import policykg.store.oxigraph as oxigraph

    monkeypatch.setattr(oxigraph, "STAGING_WAIT_S", 3.0)
    path = tmp_path / "store"
    store = GraphStore(path)
    prepared = prepare_report(SAMPLE)
    ReportWriter(store).write(prepared)
    staging = NamedNode(STAGING_PREFIX + "report/" + prepared.key)
    store.store.add_graph(staging)
    store.store.extend([Quad(q.subject, q.predicate, q.object, staging)
                        for q in store.store.quads_for_pattern(None, None, None, NamedNode(prepared.graph))])
    store.flush()
    assert staging in set(GraphStore(path, read_only=True).store.named_graphs())  # seen by a reader (after a wait)

    def move_it():
        time.sleep(0.5)
        store.store.remove_graph(staging)  # what the build's MOVE does to the staging graph
        store.flush()

    mover = threading.Thread(target=move_it)
    mover.start()
    started = time.monotonic()
    reader = GraphStore(path, read_only=True)
    mover.join()
    assert reader._visible is None and 0.4 < time.monotonic() - started < 2.5  # the union of graphs, not a list
    assert not any(g.startswith(STAGING_PREFIX) for g in reader.graphs())


def test_a_report_past_its_time_budget_fails_alone_and_the_batch_goes_on(tmp_path, monkeypatch):
    from policykg.catalog import load_catalog
    from policykg.gazetteer import load_gazetteer
    from policykg.pipeline import build

    load_gazetteer(), load_catalog()  # reference data loaded once, outside any report's budget
    (tmp_path / "in").mkdir()
    text = SAMPLE.read_text(encoding="utf-8")
    long, short = tmp_path / "in" / "a-long.txt", tmp_path / "in" / "b-short.txt"
    long.write_text("\n".join([text] * 300), encoding="utf-8")  # ~1.4 MB
    short.write_text(text, encoding="utf-8")
    # the budget sits between the two reports' times on this machine (a fixed one broke when extraction got faster)
    took = {}
    for path in (long, short):
        started = time.perf_counter()
        prepare_report(path)
        took[path] = time.perf_counter() - started
    assert took[long] > 10 * took[short]
    budget = round((took[long] * took[short]) ** 0.5, 2)
    monkeypatch.setenv("POLICYKG_REPORT_SECONDS", str(budget))
    summary = build([tmp_path / "in"], GraphStore(tmp_path / "s"), progress=False)
    status = {Path(r.path).name: (r.status, r.message) for r in summary.results}
    assert status["a-long.txt"][0] == "failed"
    assert f"stopped after {budget:g} s (POLICYKG_REPORT_SECONDS)" in status["a-long.txt"][1]
    assert status["b-short.txt"] == ("ok", "") and summary.reports == 1


def test_a_report_past_its_memory_budget_fails_alone_and_the_batch_goes_on(tmp_path, monkeypatch):
    """A report that needs more memory than POLICYKG_REPORT_MEMORY_MB fails with that reason; the files before
    and after it are stored, and the writer (which holds the store) is not limited."""
    from policykg.pipeline import build

    monkeypatch.setenv("POLICYKG_REPORT_MEMORY_MB", "150")
    monkeypatch.setenv("POLICYKG_MAX_REPORT_QUADS", "10000000")  # past the fact limit: this is about memory
    (tmp_path / "in").mkdir()
    long = SAMPLE.read_text(encoding="utf-8")
    dense = (REPORTS / "000_465f813c91986d41.txt").read_text(encoding="utf-8")
    (tmp_path / "in" / "a-short.txt").write_text(long, encoding="utf-8")
    # 15 MB needs ~1 GB: far past the budget even where the worker inherits free heap from a large parent
    # (in the full suite a 5 MB file fit within 150 MB of new address space)
    (tmp_path / "in" / "b-long.txt").write_text("\n".join([dense] * 540), encoding="utf-8")
    (tmp_path / "in" / "c-short.txt").write_text(long + "\nPhụ lục.\n", encoding="utf-8")
    store = GraphStore(tmp_path / "s")
    summary = build([tmp_path / "in"], store, progress=False)
    status = {Path(r.path).name: (r.status, r.message) for r in summary.results}
    # past the budget in Python: MemoryError, the report fails with its reason; in Rust: the worker aborts
    assert status["b-long.txt"][0] == "failed" and "more than 150 MB of memory" in status["b-long.txt"][1], status
    assert "POLICYKG_REPORT_MEMORY_MB" in status["b-long.txt"][1]
    assert status["a-short.txt"][0] == status["c-short.txt"][0] == "ok", status
    assert summary.reports == 2
    # the writer's own process is not limited: a report past the budget there would have crashed the store
    import resource
    assert resource.getrlimit(resource.RLIMIT_AS)[0] == resource.RLIM_INFINITY
    monkeypatch.setenv("POLICYKG_REPORT_MEMORY_MB", "2048")  # the default: a 5 MB report is stored
    (tmp_path / "five.txt").write_text("\n".join([dense] * 180), encoding="utf-8")
    [again] = build([tmp_path / "five.txt"], store, progress=False).results
    assert again.status == "ok", again.message


def test_a_refused_allocation_that_a_library_reports_as_another_error_is_told_as_the_memory_budget(monkeypatch):
    """In a full suite's build the memory test's file failed with "extraction failed (ValueError: The literal
    value must be a str, an int, a float or a bool)": pyoxigraph turns a refused allocation into a ValueError
    (or aborts, which the build tells as a dead worker). An error raised while the process's peak reached the
    budget is the budget; the same error far from it, or outside a budget, is a bug and is told as one."""
    import policykg.pipeline as pipeline

    monkeypatch.setenv("POLICYKG_REPORT_MEMORY_MB", "50")
    error = ValueError("The literal value must be a str, an int, a float or a bool")
    peak = pipeline._peak_mapped()
    assert peak, "VmPeak is read from /proc/self/status on Linux"
    assert not pipeline._ran_out_of_memory(error)  # no budget active: an error is an error
    monkeypatch.setattr(pipeline, "_active_budget", (peak + 10 * 2**30, peak))  # far from a limit
    assert not pipeline._ran_out_of_memory(error)
    monkeypatch.setattr(pipeline, "_active_budget", (peak, peak - 2**20))  # the peak grew to the limit
    assert pipeline._ran_out_of_memory(error)
    monkeypatch.setattr(pipeline, "_active_budget", None)
    try:  # a MemoryError anywhere in the chain is the budget, whatever the peak
        try:
            raise MemoryError
        except MemoryError as cause:
            raise error from cause
    except ValueError as raised:
        assert pipeline._ran_out_of_memory(raised)
    told = str(pipeline._out_of_memory(error))
    assert "more than 50 MB of memory" in told and "ValueError" in told, told


def test_a_memory_error_in_the_reports_own_handler_fails_that_report_not_the_build(tmp_path, monkeypatch):
    """In a clean-clone run the memory test's build ended with MemoryError: the report's handler, wording its
    message while the exception's frames still held the memory, was refused an allocation under the budget, and
    the second MemoryError reached the writer through the worker's result. Here the refusal is made certain: the
    shape check of one report runs out of memory and, under the budget, so does its message. That report fails with
    the budget's reason, outside the budget; the others are stored."""
    import policykg.pipeline as pipeline

    real_message, real_check = pipeline._out_of_memory, pipeline.check_report

    def message_refused_under_the_budget(*args):
        if pipeline._active_budget is not None:
            raise MemoryError
        return real_message(*args)

    def check_out_of_memory(graph, *args):
        if "b-needs-more" in str(graph):
            raise MemoryError
        return real_check(graph, *args)

    monkeypatch.setattr(pipeline, "_out_of_memory", message_refused_under_the_budget)
    monkeypatch.setattr(pipeline, "check_report", check_out_of_memory)  # the workers are forked: they see both
    monkeypatch.setenv("POLICYKG_REPORT_MEMORY_MB", "1024")
    (tmp_path / "in").mkdir()
    text = SAMPLE.read_text(encoding="utf-8")
    for name in ("a-first.txt", "b-needs-more.txt", "c-last.txt"):
        (tmp_path / "in" / name).write_text(text + f"\n{name}\n", encoding="utf-8")
    summary = pipeline.build([tmp_path / "in"], GraphStore(tmp_path / "s"), progress=False)
    status = {Path(r.path).name: (r.status, r.message) for r in summary.results}
    assert status["b-needs-more.txt"][0] == "failed", status
    assert "more than 1024 MB of memory (POLICYKG_REPORT_MEMORY_MB)" in status["b-needs-more.txt"][1], status
    assert status["a-first.txt"][0] == status["c-last.txt"][0] == "ok", status
    assert summary.reports == 2


def test_a_report_with_more_facts_than_any_report_fails_alone(tmp_path, monkeypatch):
    """20 MB of a report repeated gave a million facts and took the writer 110 s and 4 GB: past
    POLICYKG_MAX_REPORT_QUADS a report fails, saying how many it gave; the others are stored."""
    from policykg.pipeline import build

    store = GraphStore(tmp_path / "s")
    monkeypatch.setenv("POLICYKG_MAX_REPORT_QUADS", "1000")
    summary = build([REPORTS], store, progress=False)
    failed = {Path(r.path).name: r.message for r in summary.results if r.status == "failed"}
    assert "000_465f813c91986d41.txt" in failed and len(failed) < len(summary.results)
    assert all("more than POLICYKG_MAX_REPORT_QUADS (1,000" in m for m in failed.values()), failed
    assert summary.reports == len(summary.results) - len(failed)
    monkeypatch.delenv("POLICYKG_MAX_REPORT_QUADS")  # the default admits every real report
    assert not any(r.status == "failed" for r in build([REPORTS], store, progress=False).results)


_ORIGINAL_PREPARE = None


def _dies_on_one_file(path, key=None):
    if Path(path).name == "kill-me.txt":
        os.kill(os.getpid(), signal.SIGKILL)  # what the OOM killer or a user does to a worker
    return _ORIGINAL_PREPARE(path, key) if key else _ORIGINAL_PREPARE(path)


def test_a_killed_worker_fails_its_file_alone_and_the_batch_finishes(tmp_path, monkeypatch):
    """A worker killed mid-build hung the build, holding the store's lock."""
    global _ORIGINAL_PREPARE
    import policykg.pipeline as pipeline

    _ORIGINAL_PREPARE = pipeline.prepare_report
    monkeypatch.setattr(pipeline, "prepare_report", _dies_on_one_file)  # workers fork: they inherit it
    folder = tmp_path / "in"
    folder.mkdir()
    text = SAMPLE.read_text(encoding="utf-8")
    for i in range(11):
        (folder / f"r{i:02d}.txt").write_text(text + f"\nPhụ lục {i}.\n", encoding="utf-8")
    (folder / "kill-me.txt").write_text(text, encoding="utf-8")
    outcome = {}
    worker = threading.Thread(target=lambda: outcome.update(summary=pipeline.build(
        [folder], GraphStore(tmp_path / "s"), progress=False, workers=2)), daemon=True)
    worker.start()
    worker.join(timeout=600)
    assert not worker.is_alive(), "the build hung after a worker was killed"
    results = {Path(r.path).name: r for r in outcome["summary"].results}
    assert len(results) == 12
    assert results["kill-me.txt"].status == "failed" and "the process reading it died" in results["kill-me.txt"].message
    assert all(r.status == "ok" for name, r in results.items() if name != "kill-me.txt"), \
        {n: (r.status, r.message) for n, r in results.items()}


def test_a_rebuild_of_unchanged_files_writes_nothing(tmp_path):
    """Rewriting a report graph that holds exactly what it would get was a transaction and a scoreboard update
    per file (a 1,200-report rebuild took 420 s against 43 s fresh): now it is compared and skipped."""
    from policykg.pipeline import build

    store = GraphStore(tmp_path / "s")
    build([REPORTS], store, progress=False)
    before = set(store.store)
    again = build([REPORTS], store, progress=False)
    assert all(r.status == "ok" and r.message == "unchanged: the graph holds it already" and r.triples == 0
               for r in again.results)
    assert set(store.store) == before
    edited = tmp_path / "004_25ea28f13367f962.txt"  # a changed file is written as before
    edited.write_text(SAMPLE.read_text(encoding="utf-8") + "\nĐã cấp 20 chữ ký số.\n", encoding="utf-8")
    [changed] = build([edited], store, progress=False).results
    assert changed.triples > 0 and "unchanged" not in changed.message


def test_a_full_batch_loads_while_the_writer_goes_on_and_a_replacement_waits_for_it(tmp_path, monkeypatch):
    """The single writer hands a full batch to its loader thread and takes the next report at once (the workers
    are not held up by a load); a report replacing one still being loaded waits for that load, so the store ends
    with the replacement only."""
    store = GraphStore(tmp_path / "s")
    first = prepare_report(SAMPLE)
    edited = tmp_path / SAMPLE.name
    edited.write_text(SAMPLE.read_text(encoding="utf-8") + "\nĐã cấp 20 chữ ký số.\n", encoding="utf-8")
    second = prepare_report(edited)
    assert first.graph == second.graph and first.nquads != second.nquads
    started, release = threading.Event(), threading.Event()
    load = store.add_graphs

    def held_load(nquads: bytes) -> None:
        started.set()
        release.wait(30)
        load(nquads)

    monkeypatch.setattr(store, "add_graphs", held_load)
    monkeypatch.setattr(ReportWriter, "BATCH_QUADS", first.quads)  # the first report fills a batch
    writer = ReportWriter(store, track_districts=False)
    try:
        assert writer.write(first).status == "ok"  # returned with its batch still loading
        assert started.wait(10) and writer.loading is not None and not writer.loading.done()
        replaced = []
        replacing = threading.Thread(target=lambda: replaced.append(writer.write(second)))
        replacing.start()
        replacing.join(0.5)
        assert replacing.is_alive() and not replaced  # waits for the load of what it replaces
        release.set()
        replacing.join(30)
        assert replaced and replaced[0].status == "ok", replaced
        writer.flush()
    finally:
        release.set()
        writer.close()
    assert "Đã cấp 20 chữ ký số." in _text_of(store, first.graph)
    stored = {(q.subject, q.predicate, q.object) for q in store.store.quads_for_pattern(None, None, None,
                                                                                         NamedNode(first.graph))}
    expected = {(q.subject, q.predicate, q.object) for q in by_graph_quads(second.nquads, first.graph)}
    assert stored == expected  # nothing of the first version left beside it


def by_graph_quads(nquads: bytes, graph: str) -> list[Quad]:
    """The graph's quads as a store holds them (it normalises literals: "75.0" is 75)."""
    from pyoxigraph import Store
    fresh = Store()
    fresh.bulk_load(nquads, format=RdfFormat.N_QUADS)
    return list(fresh.quads_for_pattern(None, None, None, NamedNode(graph)))


def test_into_a_store_holding_no_report_the_writer_does_not_ask_the_store_about_each_file(tmp_path, monkeypatch):
    """Which keys and texts exist is what the build itself wrote when the store held no report: the store is asked
    once, not twice a file (at 100,000 reports those lookups were a sixth of the writer's time). Into a store
    holding reports, it is asked, and a rebuild still finds them unchanged."""
    import policykg.pipeline as pipeline

    asked = []
    select = pipeline.select
    monkeypatch.setattr(pipeline, "select", lambda store, query, values: (asked.append(query.name),
                                                                         select(store, query, values))[1])
    store = GraphStore(tmp_path / "s")
    first = pipeline.build([REPORTS], store, progress=False)
    assert first.reports == 5 and asked == []
    again = pipeline.build([REPORTS], store, progress=False)
    assert {r.message for r in again.results} == {"unchanged: the graph holds it already"}
    assert asked.count("report-identity") == 5 and asked.count("reports-with-content") == 5


def test_a_bulk_batch_never_outgrows_what_one_ingestion_holds():
    """A batch is written when it reaches BATCH_QUADS; the report that fills it is at most that large (a larger
    one goes alone): so a batch stays under twice it, which one atomic ingestion must hold."""
    from policykg.store.oxigraph import BULK_BATCH_LIMIT

    assert 2 * ReportWriter.BATCH_QUADS <= BULK_BATCH_LIMIT


def _backtrace_setting(path: Path):
    from policykg.pipeline import PreparedReport
    return PreparedReport(path, extract_error=os.environ.get("RUST_BACKTRACE", "unset"))


def test_a_build_worker_prints_no_rust_backtrace_and_a_rust_panic_fails_its_report_alone(tmp_path, monkeypatch):
    """Under a report's memory limit a Rust panic that printed its backtrace hung the worker for good (the
    backtrace's allocation failed and Rust waited on a lock the panic held): a clean-clone run never ended. Workers
    run with RUST_BACKTRACE=0, whatever the build's environment says; a panic that reaches Python (PyO3's
    PanicException, a BaseException) fails its report with its reason; an interrupt is still an interrupt."""
    import policykg.pipeline as pipeline

    monkeypatch.setenv("RUST_BACKTRACE", "1")
    monkeypatch.setattr(pipeline, "prepare_in_worker", _backtrace_setting)
    files = [tmp_path / f"{i}.txt" for i in range(3)]
    assert [p.extract_error for p in pipeline._in_workers(files, 2)] == ["0", "0", "0"]
    assert os.environ["RUST_BACKTRACE"] == "1"  # the build's own process is left as it was

    class PanicException(BaseException):  # as PyO3 names it
        pass

    def panics(*args, **kwargs):
        raise PanicException("failed to create a string")

    monkeypatch.setattr(pipeline, "extract_text", panics)
    failed = pipeline.prepare_report(SAMPLE)
    assert "extraction failed (PanicException: failed to create a string)" in failed.extract_error
    monkeypatch.setattr(pipeline, "extract_text", lambda *a, **k: (_ for _ in ()).throw(KeyboardInterrupt()))
    with pytest.raises(KeyboardInterrupt):
        pipeline.prepare_report(SAMPLE)

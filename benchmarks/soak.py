"""Soak: the explorer and a read-only `policykg serve` keep answering while 1,000 reports are built and a
SIGKILL hits the build; no reader ever sees a report graph half-written or a staging graph; after a rerun the
store holds exactly what a clean build holds. About six minutes on two cores (a clean build of the 1,000
reports, then the soak build, the kill and the rerun with readers in turn).

What it found, each fixed with a test of its own: province-summary (gap-deficit with the live overdue
obligations) did not finish in 300 s at 1,000 reports; a reader opened during a compaction failed on a deleted
table file; the explorer ran the national gap matrix live when a build began between reading the scoreboard's
state and its query (past 13 GB).

Why it once grew past 24 GB at the end of the full suite: the build's stderr was a pipe nobody read while the
readers ran; a rerun that printed more than a pipe holds (warnings, a line per unchanged file) blocked for ever,
and the readers, waiting for it, ran on until the OOM killer ended `make test`. Its output now goes to a file,
each build has a time limit, and a rebuild counts unchanged files instead of telling each.

It runs in an interpreter of its own (tests/test_soak.py starts it, as the real explorer is a process of its
own). A watchdog ends it with every thread's stack, and a failure, when its memory passes SOAK_RSS_LIMIT_GB
(default 6), so that a runaway reader is a failed test that shows where it ran, never an OOM kill."""

from __future__ import annotations

import faulthandler
import hashlib
import os
import signal
import subprocess
import sys
import threading
import time
import urllib.parse
import urllib.request
from pathlib import Path

from streamlit.testing.v1 import AppTest

from policykg.namespaces import GRAPH, STAGING_PREFIX
from policykg.pipeline import build
from policykg.store import GraphStore

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

from conftest import APP, REPORTS  # noqa: E402
from test_reliability import generated_corpus  # noqa: E402
from test_server import free_port, wait_ready  # noqa: E402

REPORTS_BUILT = 1_000
RSS_LIMIT_BYTES = int(float(os.environ.get("SOAK_RSS_LIMIT_GB", "6")) * 2**30)
RUNAWAY_EXIT = 70
REPORT_GRAPH = GRAPH + "report/"
GRAPH_SIZES = f"""SELECT ?g (COUNT(*) AS ?n) WHERE {{ GRAPH ?g {{ ?s ?p ?o }} }} GROUP BY ?g"""
REPORT_COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?r a <https://w3id.org/policykg/ontology#Report> }"


def graph_sizes(store: GraphStore) -> dict[str, int]:
    return {row["g"].value: int(row["n"].value) for row in store.query(GRAPH_SIZES)}


def digest_by_graph(store: GraphStore) -> dict[str, str]:
    """An order-free digest of each graph's quads (a sum of their hashes): equal graphs, equal digests."""
    sums: dict[str, int] = {}
    for q in store.store.quads_for_pattern(None, None, None, None):
        h = int.from_bytes(hashlib.blake2b(str(q).encode(), digest_size=16).digest(), "big")
        sums[q.graph_name.value] = (sums.get(q.graph_name.value, 0) + h) % 2**128
    return {g: f"{s:032x}" for g, s in sums.items()}


def cli(*args: str, said: Path, **kwargs) -> subprocess.Popen:
    """A command in its own session, what it says on stderr going to the file `said`: a pipe nobody reads
    while the readers run fills (a rebuild prints a line per warning) and blocks the command for ever (in the
    full suite the readers then ran on, past 24 GB, until the OOM killer ended make test)."""
    with open(said, "wb") as err:
        process = subprocess.Popen([sys.executable, "-m", "policykg.cli", *args], stdout=subprocess.DEVNULL,
                                   stderr=err, start_new_session=True, **kwargs)
    CHILDREN.append(process)
    return process


CHILDREN: list[subprocess.Popen] = []  # every command started, ended with the soak however it ends


def end_children() -> None:
    for process in CHILDREN:
        if process.poll() is None:
            try:
                os.killpg(process.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass


class Readers:
    """The three kinds of reader, each answering in turn while a build runs: a long-lived read-only handle
    that reopens when the store is behind (snapshots of every graph's size), the server (HTTP), the explorer
    (Streamlit AppTest, the overview page, following the store)."""

    def __init__(self, location: Path, port: int, expected: dict[str, int]):
        self.location, self.port, self.expected = location, port, expected
        self.handle = GraphStore(location, read_only=True)
        self.explorer = AppTest.from_file(APP, default_timeout=300)
        self.answers = {"handle": 0, "server": 0, "explorer": 0}
        self.seen_reports: set[int] = set()
        self.notices = 0  # explorer runs that said the scoreboard is being updated

    def once(self) -> None:
        if self.handle.behind():
            self.handle = GraphStore(self.location, read_only=True)
        sizes = graph_sizes(self.handle)
        assert not [g for g in sizes if g.startswith(STAGING_PREFIX)], "a reader saw a staging graph"
        half = {g: (n, self.expected[g]) for g, n in sizes.items()
                if g.startswith(REPORT_GRAPH) and n != self.expected.get(g)}
        assert not half, f"a reader saw report graphs unlike a clean build's (seen, clean): {list(half.items())[:3]}"
        self.seen_reports.add(sum(1 for g in sizes if g.startswith(REPORT_GRAPH)))
        self.answers["handle"] += 1

        url = f"http://127.0.0.1:{self.port}/query?" + urllib.parse.urlencode({"query": REPORT_COUNT})
        with urllib.request.urlopen(url, timeout=60) as response:
            assert response.status == 200
            response.read()
        self.answers["server"] += 1

        self.explorer.run()
        assert not self.explorer.exception, [e.value for e in self.explorer.exception]
        shown = int({m.label: m.value for m in self.explorer.metric}["Báo cáo"])
        assert len(REPORTS_GLOB) <= shown <= len(REPORTS_GLOB) + REPORTS_BUILT
        self.notices += any("đang được cập nhật" in i.value for i in self.explorer.info)
        self.answers["explorer"] += 1

    def during(self, process: subprocess.Popen, limit_s: float, said: Path, kill_when=None) -> None:
        """Answer in turn until `process` ends, or until `kill_when()` holds after an answer (then SIGKILL it and
        its workers); past `limit_s` it is a failure (with what it said), never a wait without end."""
        deadline = time.monotonic() + limit_s
        while process.poll() is None:
            if time.monotonic() > deadline:
                os.killpg(process.pid, signal.SIGKILL)
                raise AssertionError(f"the build ran past {limit_s:.0f} s; it said: "
                                     f"{said.read_text(errors='replace')[-3000:]}")
            self.once()
            if kill_when is not None and kill_when():
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()


REPORTS_GLOB = sorted(REPORTS.glob("*.txt"))


def resident_bytes() -> int:
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")


def watch_memory(limit: int = RSS_LIMIT_BYTES) -> threading.Event:
    """Until the returned event is set: past `limit` resident bytes, print every thread's stack and end the
    process with RUNAWAY_EXIT (the test that started it reads both)."""
    done = threading.Event()

    def watch() -> None:
        while not done.wait(0.25):
            if resident_bytes() > limit:
                print(f"soak: resident memory passed {limit / 2**30:.1f} GB; every thread's stack:",
                      file=sys.stderr, flush=True)
                faulthandler.dump_traceback(all_threads=True)
                end_children()  # its own session: it would outlive this process (a server holding a port)
                os._exit(RUNAWAY_EXIT)

    threading.Thread(target=watch, name="soak-memory-watchdog", daemon=True).start()
    return done


def test_readers_answer_through_a_killed_national_build_and_the_rerun_equals_a_clean_build(tmp_path, monkeypatch):
    from streamlit import cache_data, cache_resource

    from policykg.explorer import data

    watching = watch_memory()
    corpus = generated_corpus(tmp_path / "corpus", REPORTS_BUILT, seed=5)
    clean = GraphStore(tmp_path / "clean")
    build([REPORTS], clean, progress=False)
    started = time.monotonic()
    assert not build([corpus], clean, progress=False).failed
    clean_seconds = time.monotonic() - started
    expected_sizes, expected = graph_sizes(clean), digest_by_graph(clean)
    expected_counts = list(clean.query(REPORT_COUNT))[0]["n"].value
    del clean

    location = tmp_path / "soak"
    build([REPORTS], GraphStore(location), progress=False)
    port = free_port()
    server = cli("serve", "--store", str(location), "--port", str(port), said=tmp_path / "serve.err")
    monkeypatch.setenv("POLICYKG_STORE", str(location))
    monkeypatch.delenv("POLICYKG_ENDPOINT", raising=False)
    monkeypatch.setattr(data, "FOLLOW_EVERY_S", 0)
    cache_data.clear()
    cache_resource.clear()
    try:
        wait_ready(f"http://127.0.0.1:{port}/query", server)
        readers = Readers(location, port, expected_sizes)
        readers.once()

        # SIGKILL the build and its workers part-way: once the readers have seen a third of its reports. (At 40 %
        # of a clean build's time, the kill landed after the last report once the ingest had become the shorter
        # part of a build, its scoreboard's recomputation the longer: 1,005 report graphs seen.)
        limit = 10 * clean_seconds + 120  # readers slow a build down, a few times at most
        writer = cli("build", str(corpus), "--store", str(location), "--quiet", said=tmp_path / "build.err")
        part_way = len(REPORTS_GLOB) + REPORTS_BUILT // 3
        readers.during(writer, limit, tmp_path / "build.err", kill_when=lambda: max(readers.seen_reports) >= part_way)
        assert writer.returncode == -signal.SIGKILL, "the build ended before it was killed"
        readers.once()
        cut = max(readers.seen_reports)
        assert len(REPORTS_GLOB) < cut < len(REPORTS_GLOB) + REPORTS_BUILT, \
            f"the kill should land part-way: {cut} report graphs seen"

        rerun = cli("build", str(corpus), "--store", str(location), "--quiet", said=tmp_path / "rerun.err")
        readers.during(rerun, limit, tmp_path / "rerun.err")
        assert rerun.returncode == 0, (tmp_path / "rerun.err").read_text(errors="replace")[-3000:]
        readers.once()
        assert readers.notices, "while the build ran the explorer never said the scoreboard was being updated"
        assert all(n >= 3 for n in readers.answers.values()), readers.answers
    finally:
        server.terminate()
        server.wait(30)
        end_children()

    after = GraphStore(location, read_only=True)
    assert list(after.query(REPORT_COUNT))[0]["n"].value == expected_counts
    digests = digest_by_graph(after)
    differing = sorted(g for g in set(digests) | set(expected) if digests.get(g) != expected.get(g))
    assert not differing, f"after the rerun these graphs differ from a clean build's: {differing[:5]}"
    watching.set()

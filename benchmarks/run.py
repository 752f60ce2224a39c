"""policykg at scale: ingest, the bulk-load limit, rdflib as a baseline, queries, incremental update, explorer.

    python benchmarks/run.py --reports 1000 [--reports 10000 …] [--rdflib-max 2000] [--out BENCHMARKS.md]
    python benchmarks/run.py --render WORK/results.json --out BENCHMARKS.md   # rewrite from a finished run
    python benchmarks/run.py --reports 100000 --keep benchmarks/results.json --out BENCHMARKS.md
                                  # one size measured again, the others' figures kept as they were recorded
    python benchmarks/run.py --reports 100000 --work DIR --resume …   # go on after a stop, from the last
                                  # finished phase kept in DIR/journal-100000.json (same commit only)

For each size: generate the corpus (benchmarks/generate.py, not timed), then in fresh processes
  ingest     `policykg build` end to end (read -> extract -> RDF -> store), both cores: reports/s, triples/s,
             peak RSS, CPU use;
  limit      a plain pyoxigraph bulk_load of the same quads (N-Quads exported from the ingested store);
  rdflib     the same quads parsed into an rdflib Dataset and the same queries run there (sizes <= --rdflib-max);
  queries    median latency of every named query, as pages use it and national; the gap matrix (gap-cells,
             read from the scoreboard) and gap-matrix computed live;
  increment  re-ingesting one changed report into the full store;
  explorer   time to render the district page and a 300-node graph view (Streamlit AppTest).
Results are written as a Markdown table with the machine, date, commit and command of each size's run. Each
timed command runs in a fresh process started by a small one (benchmarks/launcher.py), so that its peak RSS is
its own and not the harness's (Linux keeps the forking process's size as a child's peak across its exec).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "benchmarks"))
from launcher import measured  # noqa: E402  (a module of its own: the launcher's worker imports it by name)

PYTHON = sys.executable


def timed_child(code: str, *args: str) -> tuple[float, dict]:
    """Run python code in a fresh process; its wall time, and that process's peak RSS and CPU seconds."""
    child = measured([PYTHON, "-c", code, *args], ROOT)
    if child.exit_code != 0:
        raise RuntimeError(child.stderr[-2000:])
    return child.wall_s, {"peak_rss_mb": child.peak_rss_mb, "cpu_s": child.cpu_s, "stdout": child.stdout}


INGEST = """
import sys, time
from pathlib import Path
from policykg import scoreboard
from policykg.pipeline import build
from policykg.store import GraphStore
# what the build spends on the scoreboard and on compaction, stated apart from the ingest (read -> store); a
# compaction inside the scoreboard's recomputation (after it) counts as compaction only
spent = {"scoreboard": 0.0, "compaction": 0.0, "nested": 0.0}
within = []
def timed(kind, work):
    def run(*args, **kwargs):
        start = time.perf_counter()
        within.append(kind)
        try:
            return work(*args, **kwargs)
        finally:
            within.pop()
            spent[kind] += time.perf_counter() - start
            if kind == "compaction" and "scoreboard" in within:
                spent["nested"] += time.perf_counter() - start
    return run
scoreboard.Changes.commit = timed("scoreboard", scoreboard.Changes.commit)
GraphStore.optimize = timed("compaction", GraphStore.optimize)
store = GraphStore(sys.argv[1])
summary = build([Path(sys.argv[2])], store, progress=False)
assert not summary.failed, summary.failed[:3]
# after the build: counting 10 million quads takes seconds (in the wall time, a little)
print(len(store), spent["scoreboard"] - spent["nested"], spent["compaction"])
"""
EXPORT = """
import sys
from pyoxigraph import RdfFormat
from policykg.store import GraphStore
GraphStore(sys.argv[1], read_only=True).store.dump(output=sys.argv[2], format=RdfFormat.N_QUADS)
"""
BULK = """
import sys
from pyoxigraph import RdfFormat, Store
store = Store(sys.argv[1])
store.bulk_load(path=sys.argv[2], format=RdfFormat.N_QUADS)
store.flush()
print(len(store))
"""
RDFLIB = """
import json, signal, sys, time, statistics
import rdflib
BUDGET = int(sys.argv[3])
def out_of_time(*_):
    raise TimeoutError
signal.signal(signal.SIGALRM, out_of_time)
start = time.perf_counter()
ds = rdflib.Dataset(default_union=True)
ds.parse(sys.argv[1], format="nquads")
load = time.perf_counter() - start
times = {}
for name, text in json.load(open(sys.argv[2])).items():
    runs = []
    try:
        for _ in range(3):
            signal.alarm(BUDGET)
            t = time.perf_counter(); list(ds.query(text)); runs.append(time.perf_counter() - t)
            signal.alarm(0)
            if runs[-1] > BUDGET / 3:
                break  # slow enough: one run says it
        times[name] = statistics.median(runs)
    except TimeoutError:  # pure Python: the alarm interrupts it; the answer is a lower bound
        times[name] = f"> {BUDGET}"
    except Exception as exc:  # rdflib cannot run every SPARQL 1.1 query: say so rather than stop
        signal.alarm(0)
        times[name] = "failed"
print(json.dumps({"load_s": load, "queries": times}))
"""
OXIGRAPH_QUERIES = """
import json, sys, time, statistics
from policykg.store import GraphStore
store = GraphStore(sys.argv[1], read_only=True)
times = {}
for name, text in json.load(open(sys.argv[2])).items():
    runs = []
    for _ in range(int(sys.argv[3])):
        t = time.perf_counter(); rows = list(store.query(text)); runs.append(time.perf_counter() - t)
        if runs[-1] > 5:
            break  # slow enough: one run says it
    times[name] = statistics.median(runs)
print(json.dumps(times))
"""
INCREMENT = """
import sys, time
from pathlib import Path
from policykg.pipeline import build
from policykg.store import GraphStore
path = Path(sys.argv[2])
path.write_text(path.read_text(encoding="utf-8") + "\\n- Tỷ lệ hồ sơ giải quyết trực tuyến đạt 55,5%.\\n", encoding="utf-8")
store = GraphStore(sys.argv[1])
t = time.perf_counter(); summary = build([path], store, progress=False); elapsed = time.perf_counter() - t
assert not summary.failed
print(elapsed)
"""
CLI = """
import sys
from policykg.cli import main
sys.exit(main(sys.argv[1:]))
"""
REFRESH = """
import sys, time
from policykg import scoreboard
from policykg.store import GraphStore
store = GraphStore(sys.argv[1])
t = time.perf_counter(); scoreboard.refresh(store); print(time.perf_counter() - t)
"""
EXPLORER = """
import os, sys, time
os.environ["POLICYKG_STORE"] = sys.argv[1]
from streamlit.testing.v1 import AppTest
app = str(__import__("pathlib").Path("app/explorer.py").resolve())
def render(page, **params):
    at = AppTest.from_file(app, default_timeout=600)
    for k, v in params.items():
        at.query_params[k] = v
    at.run(); at.switch_page(f"views/{page}.py")
    t = time.perf_counter(); at.run(); cold = time.perf_counter() - t
    assert not at.exception, [e.value for e in at.exception]
    t = time.perf_counter(); at.run(); warm = time.perf_counter() - t
    return cold, warm
d = render("district", id=sys.argv[2])
g = render("graph", node=sys.argv[3])
print(d[0], d[1], g[0], g[1])
"""


# Named queries that are conformance checks, run by `make test` on the samples, not by a page, a listing or a
# command: the Data Cube integrity constraints compare observations pairwise (IC-12: 38 s at 1,000 reports).
CHECKS = ("qb-integrity",)


def named_query_texts(store_path: Path, typical: dict[str, str]) -> tuple[dict[str, str], dict[str, str], set[str]]:
    """Every named query twice: as the explorer and CLI run it (one scope parameter — district, report, node or
    mandate — bound to one of the corpus's, as a page does) and national (parameters left at their defaults:
    every district at once); and the names of those that read materialised results (the scoreboard's)."""
    from policykg.namespaces import SCOREBOARD_GRAPH
    from policykg.sparql import bind, named_queries
    from policykg.store import GraphStore

    store = GraphStore(store_path, read_only=True)
    used, national, stored = {}, {}, set()
    for name, query in named_queries().items():
        national[name] = bind(query, {}, store)
        if f"<{SCOREBOARD_GRAPH}>" in query.text:  # it, or a query it includes, reads what the build keeps
            stored.add(name)
        # Pages bind one scope: the district page a district, the mandate page a mandate, the search the digits
        # typed … (the first that applies)
        scope = next((p for p in ("district", "report", "source", "mandate", "digits")
                      if p in {q.name for q in query.params}), None)
        used[name] = bind(query, {scope: typical[scope]} if scope else {}, store)
    del store
    return used, national, stored


def _speedup(rdflib_s, policykg_s: float):
    """rdflib time / policykg time; '> N×' when rdflib ran out of its budget."""
    if isinstance(rdflib_s, float):
        return round(rdflib_s / max(policykg_s, 1e-4), 1)
    if rdflib_s.startswith(">"):
        return f"> {round(float(rdflib_s[1:]) / max(policykg_s, 1e-4))}"
    return "rdflib failed"


def _validate(store: Path) -> tuple[float, dict]:
    """`policykg validate` on the store: exit 1 (violations) is an answer, not a failure of the benchmark."""
    child = measured([PYTHON, "-c", CLI, "validate", "--limit", "0", "--store", str(store)], ROOT)
    if child.exit_code not in (0, 1):
        raise RuntimeError(f"policykg validate ended with {child.exit_code}: {child.stderr[-2000:]}")
    return child.wall_s, {"peak_rss_mb": child.peak_rss_mb}


class Journal:
    """A size's figures as its phases finish, kept in WORK/journal-N.json: a 100,000-report run takes longer than a
    working session, and `--resume` goes on from the last finished phase (the one running when it stopped is run
    again). Figures of two commits are never mixed: resuming at another commit is refused."""

    def __init__(self, path: Path, fresh: dict, resume: bool):
        self.path = path
        self.result = fresh
        if resume and path.exists():
            earlier = json.loads(path.read_text(encoding="utf-8"))
            if earlier.get("commit") != fresh["commit"]:
                raise SystemExit(f"{path}: recorded at commit {earlier.get('commit')}, this is {fresh['commit']}: "
                                 "its phases cannot be resumed here (run without --resume to start again)")
            self.result = earlier
        self.result.setdefault("phases_done", [])

    def done(self, phase: str) -> bool:
        return phase in self.result["phases_done"]

    def finished(self, phase: str) -> None:
        self.result["phases_done"].append(phase)
        self.path.write_text(json.dumps(self.result, ensure_ascii=False, indent=2), encoding="utf-8")


def run_size(n: int, work: Path, rdflib_max: int, query_runs: int, rdflib_budget: int,
             refresh_max: int | None = None, bulk_max: int | None = None, national_max: int | None = None,
             checks_max: int | None = None, resume: bool = False) -> dict:
    from benchmarks_generate import generate
    from policykg.domain.identity import report_key

    corpus, store, export, bulk = work / f"corpus-{n}", work / f"store-{n}", work / f"quads-{n}.nq", work / f"bulk-{n}"
    journal = Journal(work / f"journal-{n}.json", {"reports": n, "machine": _machine(),
                                                    "run_at": dt.datetime.now().strftime("%Y-%m-%d %H:%M"),
                                                    "commit": _commit()}, resume)
    result = journal.result
    if not journal.done("ingest"):
        for stale in (store, Path(f"{store}.views"), bulk):  # a build cut short: its store is not this run's
            shutil.rmtree(stale, ignore_errors=True)
        manifest = generate(n, corpus, seed=n)
        result["corpus_mb"] = round(sum(p.stat().st_size for p in corpus.glob("*.txt")) / 2**20, 1)
        wall, usage = timed_child(INGEST, str(store), str(corpus))
        triples, scoreboard_s, compaction_s = usage["stdout"].split()
        triples = int(triples)
        result["ingest"] = {"seconds": round(wall, 1), "reports_per_s": round(n / wall, 1),
                            "triples": triples, "triples_per_s": round(triples / wall),
                            "peak_rss_mb": round(usage["peak_rss_mb"]), "cpu_use": round(usage["cpu_s"] / wall, 2),
                            "scoreboard_s": round(float(scoreboard_s), 1),
                            "compaction_s": round(float(compaction_s), 1)}
        journal.finished("ingest")
    else:  # the corpus the store was built from, as generated then
        manifest = [json.loads(line) for line in (corpus / "manifest.jsonl").read_text(encoding="utf-8").splitlines()]
    wall = result["ingest"]["seconds"]
    ingest = wall - result["ingest"]["scoreboard_s"] - result["ingest"]["compaction_s"]
    if (bulk_max is None or n <= bulk_max) and not journal.done("bulk_load"):
        timed_child(EXPORT, str(store), str(export))
        wall_bulk, usage_bulk = timed_child(BULK, str(bulk), str(export))
        result["bulk_load"] = {"seconds": round(wall_bulk, 1), "peak_rss_mb": round(usage_bulk["peak_rss_mb"]),
                               "ingest_ratio": round(ingest / wall_bulk, 2)}
        shutil.rmtree(bulk)  # only its time was wanted: the disk holds the store, not three copies of it
        journal.finished("bulk_load")
    first = manifest[0]
    mandate = "https://w3id.org/policykg/id/doc/vn/42-2022-nd-cp"  # a national decree the generated corpus cites
    typical = {"district": first["district"], "report": f"https://w3id.org/policykg/id/report/{report_key(first['file'])}",
               "mandate": mandate, "source": mandate, "digits": "42"}
    used, texts, stored = named_query_texts(store, typical)
    if checks_max is not None and n > checks_max:  # the checks are timed at the smaller sizes only
        used, texts = ({k: v for k, v in q.items() if k not in CHECKS} for q in (used, texts))
        result["checks_not_timed"] = list(CHECKS)
    # Above national_max the live national listings (hours at 100,000 reports: what the scoreboard replaces) are
    # left out; the national readers of the scoreboard, what the gap report runs, are still timed.
    national_texts = texts if national_max is None or n <= national_max else \
        {k: v for k, v in texts.items() if k in stored}
    if len(national_texts) < len(texts):
        result["national_queries"] = "materialised only"
    for label, queries in (("queries_s", national_texts), ("queries_used_s", used)):
        if journal.done(label):
            continue
        query_file = work / f"{label}-{n}.json"
        query_file.write_text(json.dumps(queries, ensure_ascii=False), encoding="utf-8")
        _, out = timed_child(OXIGRAPH_QUERIES, str(store), str(query_file), str(query_runs))
        result[label] = {k: round(v, 3) for k, v in json.loads(out["stdout"]).items()}
        journal.finished(label)
    if n <= rdflib_max and export.exists() and not journal.done("rdflib"):  # rdflib loads the N-Quads bulk_load had
        subset = {k: texts[k] for k in ("issuers-by-level", "districts-without-evidence", "superseded-citations",
                                        "mandate-implementation", "gap-cells")}
        subset_file = work / f"rdflib-queries-{n}.json"
        subset_file.write_text(json.dumps(subset, ensure_ascii=False), encoding="utf-8")
        wall_r, usage_r = timed_child(RDFLIB, str(export), str(subset_file), str(rdflib_budget))
        r = json.loads(usage_r["stdout"])
        result["rdflib"] = {"load_s": round(r["load_s"], 1), "peak_rss_mb": round(usage_r["peak_rss_mb"]),
                            "load_ratio_vs_ingest": round(r["load_s"] / wall, 2),
                            "queries_s": {k: round(v, 3) if isinstance(v, float) else v
                                          for k, v in r["queries"].items()},
                            "query_speedup": {k: _speedup(r["queries"][k], result["queries_s"][k]) for k in subset}}
        journal.finished("rdflib")
    if export.exists():
        export.unlink()  # the N-Quads were for bulk_load and rdflib
    # What an analyst runs nationally: the gap report (HTML, CSV; one province), validation; and what the build
    # pays for the scoreboard that makes them fast (a full recomputation), stated apart from the ingest.
    national = result.setdefault("national", {})
    for label, args in (("gaps_html", ["gaps", "--format", "html", "--out", str(work / f"gaps-{n}.html")]),
                        ("gaps_csv", ["gaps", "--format", "csv", "--out", str(work / f"gaps-{n}.csv")]),
                        ("gaps_province", ["gaps", "--format", "html", "--province", first["province_code"],
                                           "--out", str(work / f"gaps-province-{n}.html")]),
                        ("validate", ["validate", "--limit", "0"]),
                        ("analyze", ["analyze", "--format", "json"])):
        if journal.done(label):
            continue
        try:
            wall_c, usage_c = timed_child(CLI, *args, "--store", str(store)) if label != "validate" else \
                _validate(store)
        except RuntimeError as exc:  # a command that fails at this size is a finding, not a reason to lose the rest
            national[label] = {"failed": _last_line(str(exc))}
        else:
            national[label] = {"seconds": round(wall_c, 2), "peak_rss_mb": round(usage_c["peak_rss_mb"])}
        journal.finished(label)
    if refresh_max is None or n <= refresh_max:
        if not journal.done("scoreboard_refresh"):
            wall_s, usage_s = timed_child(REFRESH, str(store))
            national["scoreboard_refresh"] = {"seconds": round(float(usage_s["stdout"].strip()), 1),
                                              "peak_rss_mb": round(usage_s["peak_rss_mb"])}
            journal.finished("scoreboard_refresh")
    else:  # the build's own full recomputation, timed inside the ingest (hours at 100,000 reports: not run twice)
        national["scoreboard_refresh"] = {"seconds": result["ingest"]["scoreboard_s"], "peak_rss_mb": None,
                                          "in_build": True}
    changed = corpus / manifest[0]["file"]
    if not journal.done("incremental"):  # it changes the store: run once, after every reader of the store as built
        try:
            _, inc = timed_child(INCREMENT, str(store), str(changed))
            result["incremental_s"] = round(float(inc["stdout"].strip()), 3)
        except RuntimeError as exc:
            result["incremental_s"] = f"failed: {_last_line(str(exc))}"
        journal.finished("incremental")
    district = manifest[0]["district"]
    node = mandate
    if not journal.done("explorer"):
        try:
            _, exp = timed_child(EXPLORER, str(store), district, node)
            d_cold, d_warm, g_cold, g_warm = (round(float(x), 2) for x in exp["stdout"].split())
        except RuntimeError as exc:
            d_cold = d_warm = g_cold = g_warm = f"failed: {_last_line(str(exc))}"
        result["explorer_s"] = {"district_cold": d_cold, "district_cached": d_warm,
                                "graph300_cold": g_cold, "graph300_cached": g_warm}
        journal.finished("explorer")
    return {k: v for k, v in result.items() if k != "phases_done"}


def _s(value) -> str:
    """Seconds as the tables write them; a failure as it was recorded."""
    return f"{value} s" if isinstance(value, (int, float)) else str(value)


def _last_line(error: str) -> str:
    """The line of a child's error output that says what went wrong (its last non-blank one)."""
    lines = [line.strip() for line in error.splitlines() if line.strip()]
    return lines[-1][:300] if lines else "no error output (killed?)"


def _commit() -> str | None:
    """The checkout measured (with "+changes" when it differs from its commit); None outside a git clone."""
    try:
        head = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True,
                              check=True).stdout.strip()
        changed = subprocess.run(["git", "status", "--porcelain", "--untracked-files=no"], cwd=ROOT,
                                 capture_output=True, text=True, check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return None
    return head + ("+changes" if changed else "")


def merged(kept: list[dict], measured: list[dict]) -> list[dict]:
    """The sizes measured now, with those of an earlier run that were not (each keeps its own run's date,
    machine and commit), smallest first."""
    now = {r["reports"] for r in measured}
    return sorted([r for r in kept if r["reports"] not in now] + measured, key=lambda r: r["reports"])


def _run_line(r: dict, first: dict) -> list[str]:
    """Under a size's heading, its run when it is not the file's first (sizes measured at different times)."""
    if (r.get("run_at"), r.get("machine"), r.get("commit")) == (first.get("run_at"), first.get("machine"),
                                                                first.get("commit")):
        return []
    commit = f", commit {r['commit']}" if r.get("commit") else ""
    return [f"Measured {r.get('run_at') or 'on a day not recorded'} on {r.get('machine', 'a machine not recorded')}"
            f"{commit}.", ""]


def _machine() -> str:
    return (f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, "
            f"{platform.platform()}")


def _parts(ingest: dict) -> str:
    """What of the build's time went to the scoreboard and compaction (runs before this was measured: nothing)."""
    if "scoreboard_s" not in ingest:
        return ""
    return f"; of it the scoreboard {ingest['scoreboard_s']} s and compaction {ingest['compaction_s']} s"


def markdown(results: list[dict], command: str, when: dt.datetime) -> str:
    # the machine of the run, as recorded with its figures (rendering elsewhere must not relabel them)
    machine = results[0].get("machine", "not recorded") if results else _machine()
    run_at = results[0].get("run_at") if results else None  # a file's date is its checkout's, not the run's
    commit = f", commit {results[0]['commit']}" if results and results[0].get("commit") else ""
    lines = ["# Benchmarks", "",
             f"Machine: {machine}; run {run_at or when.strftime('%Y-%m-%d %H:%M')}{commit}.", "",
             f"Command: `{command}` (on a fresh clone `make bench` runs it with 1,000, 10,000 and 100,000 reports; "
             "`--render benchmarks/results.json` rewrites this file from the raw figures of a finished run; "
             "`--keep benchmarks/results.json` measures some sizes again and keeps the others' figures, each under "
             "its own run's date and commit)", "",
             "Queries are timed twice: *as pages use them* (a district, report … parameter bound to one of the "
             "corpus's, as the explorer and the CLI run them) and *national* (every district at once, as the gap "
             "report does). Each figure is the median of 5 runs in a fresh process, or one run when it took more "
             "than 5 s.", "",
             "Corpus: `benchmarks/generate.py` (real district names and GSO codes, catalog mandates, consistently "
             "numbered local plans, the sample reports' phrasing recombined, NFD / old tone placement / misspelling "
             "noise). It exercises scale, not accuracy: the extractor finds what the generator plants "
             "(`benchmarks/score.py`), so accuracy on real reports is measured by `policykg eval`.", ""]
    targets = {"ingest vs bulk_load": "≤ 1.5×", "peak RSS": "≤ 2 GB", "named query (each)": "≤ 1 s",
               "gap matrix at 10k": "≤ 0.5 s", "incremental update": "≤ 1 s", "explorer pages": "≤ 2 s",
               "rdflib / policykg queries": "≥ 5×"}
    for r in results:
        ing = r["ingest"]
        bulk = r.get("bulk_load")
        skipped = "not run at this size (`--bulk-max`: it needs the store's N-Quads and a second store on disk)"
        slowest = max(r["queries_s"].items(), key=lambda kv: kv[1])
        # above --national-max only the readers of the scoreboard were timed nationally
        readers_only = " (of the scoreboard's readers: the live listings not timed at this size, `--national-max`)" \
            if r.get("national_queries") == "materialised only" else ""
        live_matrix = f"{r['queries_s']['gap-matrix']} s" if "gap-matrix" in r["queries_s"] else \
            "not timed at this size (`--national-max`)"
        slowest_used = max(r["queries_used_s"].items(), key=lambda kv: kv[1])
        lines += [f"## {r['reports']:,} reports ({r['corpus_mb']} MB of text, {ing['triples']:,} triples)", "",
                  *_run_line(r, results[0]),
                  "| measure | value | target |", "|---|---|---|",
                  f"| ingest end to end | {ing['seconds']} s — {ing['reports_per_s']} reports/s, "
                  f"{ing['triples_per_s']:,} triples/s, CPU use {ing['cpu_use']} cores{_parts(ing)} | |",
                  f"| plain pyoxigraph bulk_load of the same quads | {str(bulk['seconds']) + ' s' if bulk else skipped} | |",
                  f"| ingest / bulk_load{' (read → store: without the scoreboard and compaction)' if 'scoreboard_s' in ing else ''} "
                  f"| {str(bulk['ingest_ratio']) + '×' if bulk else '–'} | {targets['ingest vs bulk_load']} |",
                  f"| peak RSS (largest process) | ingest {ing['peak_rss_mb']} MB"
                  f"{', bulk_load ' + str(bulk['peak_rss_mb']) + ' MB' if bulk else ''} | {targets['peak RSS']} |",
                  f"| slowest named query as pages use it (one district / report) | {slowest_used[0]}: "
                  f"{slowest_used[1]} s | {targets['named query (each)']} |",
                  f"| slowest named query, national (all districts at once){readers_only} | {slowest[0]}: {slowest[1]} s | "
                  f"{targets['named query (each)']} |",
                  f"| gap matrix, national, from the scoreboard (gap-cells) | {r['queries_s']['gap-cells']} s | "
                  f"{targets['gap matrix at 10k']} |",
                  f"| gap matrix, national, computed live (gap-matrix) | {live_matrix} | |",
                  f"| re-ingest one changed report | {_s(r['incremental_s'])} | {targets['incremental update']} |",
                  f"| explorer: district page (cold / cached) | {_s(r['explorer_s']['district_cold'])} / "
                  f"{_s(r['explorer_s']['district_cached'])} | {targets['explorer pages']} |",
                  f"| explorer: 300-node graph view (cold / cached) | {_s(r['explorer_s']['graph300_cold'])} / "
                  f"{_s(r['explorer_s']['graph300_cached'])} | {targets['explorer pages']} |"]
        if "national" in r:  # runs before this was measured have none
            nat = r["national"]
            row = lambda k: (f"failed: {nat[k]['failed']}" if "failed" in nat[k]  # noqa: E731
                             else f"{nat[k]['seconds']} s, {nat[k]['peak_rss_mb']} MB" if nat[k].get("peak_rss_mb")
                             else f"{nat[k]['seconds']} s (timed inside the build; its peak RSS is the build's)")
            lines += [f"| `policykg gaps` national, HTML / CSV | {row('gaps_html')} / {row('gaps_csv')} | ≤ 10 s, ≤ 2 GB |",
                      f"| `policykg gaps --province` (one province) | {row('gaps_province')} | ≤ 2 s |",
                      f"| `policykg validate` (whole store) | {row('validate')} | ≤ 60 s, ≤ 2 GB |",
                      *([f"| `policykg analyze` | {row('analyze')} | ≤ 30 s, ≤ 2 GB |"] if "analyze" in nat else []),
                      f"| scoreboard: full recomputation (part of a build, not of the ingest above) | "
                      f"{row('scoreboard_refresh')} | |"]
        if "rdflib" in r:
            rd = r["rdflib"]
            speed = ", ".join(f"{k}: {v}" if v == "rdflib failed" else f"{k} {v}×" for k, v in rd["query_speedup"].items())
            lines.append(f"| rdflib baseline: load the same quads | {rd['load_s']} s ({rd['load_ratio_vs_ingest']}× "
                         f"our whole ingest), {rd['peak_rss_mb']} MB | |")
            lines.append(f"| rdflib / policykg query time | {speed} | {targets['rdflib / policykg queries']} |")
        lines += ["", "<details><summary>every named query (median s)</summary>", "",
                  "| query | as pages use it | national |", "|---|---|---|"]
        lines += [f"| {k} | {v} | {r['queries_s'].get(k, '–')} |" for k, v in sorted(r["queries_used_s"].items())]
        if r.get("checks_not_timed"):
            lines += ["", f"Not timed at this size (`--checks-max`): {', '.join(r['checks_not_timed'])}, conformance "
                      "checks that `make test` runs on the samples and no page, listing or command runs."]
        lines += ["", "</details>", ""]
    for kept in ("notes.md", "history.md"):  # kept by hand: the targets discussed, before/after profiling
        path = ROOT / "benchmarks" / kept
        if path.exists():
            lines += [path.read_text(encoding="utf-8")]
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--reports", type=int, action="append", help="corpus size (repeatable; default 1000)")
    parser.add_argument("--rdflib-max", type=int, default=2000, help="largest size also run on rdflib")
    parser.add_argument("--query-runs", type=int, default=5)
    parser.add_argument("--rdflib-budget", type=int, default=60,
                        help="seconds one rdflib query may take before it is recorded as '> budget'")
    parser.add_argument("--refresh-max", type=int, default=None,
                        help="largest size also timed for a separate full scoreboard recomputation (above it the "
                             "build's own is reported; default: every size)")
    parser.add_argument("--bulk-max", type=int, default=None,
                        help="largest size also bulk-loaded for the ingest ratio (it needs the store's N-Quads and a "
                             "second store on disk; default: every size)")
    parser.add_argument("--national-max", type=int, default=None,
                        help="largest size whose live named queries are also timed nationally (every district at "
                             "once); above it only the scoreboard's readers are (default: every size)")
    parser.add_argument("--checks-max", type=int, default=None,
                        help=f"largest size whose conformance-check queries ({', '.join(CHECKS)}) are also timed "
                             "(default: every size)")
    parser.add_argument("--keep", type=Path, default=None,
                        help="an earlier run's results.json: the sizes not measured now are kept from it, each with "
                             "its own run's date, machine and commit")
    parser.add_argument("--work", type=Path, default=None, help="scratch folder (default: a temporary one)")
    parser.add_argument("--resume", action="store_true",
                        help="go on with each size from the phases an earlier run in --work finished (its "
                             "journal-N.json; same commit only): the phase running when it stopped is run again")
    parser.add_argument("--out", type=Path, default=None, help="write the Markdown here (default: print)")
    parser.add_argument("--render", type=Path, default=None,
                        help="only write the Markdown from a finished run's results.json (no measuring)")
    args = parser.parse_args()
    if args.render:
        results = json.loads(args.render.read_text(encoding="utf-8"))
        command = "python benchmarks/run.py " + " ".join(f"--reports {r['reports']}" for r in results)
        text = markdown(results, command, dt.datetime.fromtimestamp(args.render.stat().st_mtime))
        if args.out:
            args.out.write_text(text, encoding="utf-8")
        else:
            print(text)
        return
    sys.modules["benchmarks_generate"] = __import__("generate")
    sizes = args.reports or [1000]
    work = args.work or Path(tempfile.mkdtemp(prefix="policykg-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    results = []
    for n in sizes:
        print(f"… {n} reports in {work}", file=sys.stderr)
        results.append(run_size(n, work, args.rdflib_max, args.query_runs, args.rdflib_budget, args.refresh_max,
                                args.bulk_max, args.national_max, args.checks_max, args.resume))
        # each size's figures kept as soon as they exist: a 100,000-report run takes hours
        (work / "results.json").write_text(json.dumps(results, ensure_ascii=False, indent=2), encoding="utf-8")
        print(json.dumps(results[-1], ensure_ascii=False), file=sys.stderr)
    if args.keep:
        results = merged(json.loads(args.keep.read_text(encoding="utf-8")), results)
    command = "python benchmarks/run.py " + " ".join(f"--reports {r['reports']}" for r in results)
    text = markdown(results, command, dt.datetime.now())
    (work / "results.json").write_text(json.dumps(results, ensure_ascii=False, indent=2), encoding="utf-8")
    if args.out:
        args.out.write_text(text, encoding="utf-8")
        (ROOT / "benchmarks" / "results.json").write_text(json.dumps(results, ensure_ascii=False, indent=2),
                                                          encoding="utf-8")  # the raw figures behind it
        print(f"wrote {args.out}", file=sys.stderr)
    else:
        print(text)


if __name__ == "__main__":
    main()

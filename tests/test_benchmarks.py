"""BENCHMARKS.md is what the harness renders from its recorded run: the figures of benchmarks/results.json, the
machine and day they were measured on, and the hand-measured sections kept in benchmarks/notes.md and
history.md. A section written into BENCHMARKS.md alone would be lost by the next `make bench`."""

from __future__ import annotations

import importlib.util
import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_benchmarks_md_is_the_render_of_the_recorded_run(tmp_path):
    out = tmp_path / "BENCHMARKS.md"
    subprocess.run([sys.executable, "benchmarks/run.py", "--render", "benchmarks/results.json", "--out", str(out)],
                   cwd=ROOT, check=True, capture_output=True)
    assert out.read_text(encoding="utf-8") == (ROOT / "BENCHMARKS.md").read_text(encoding="utf-8")


def _harness():
    spec = importlib.util.spec_from_file_location("benchmarks_run", ROOT / "benchmarks" / "run.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_a_size_measured_again_replaces_its_figures_and_keeps_the_others_under_their_own_run():
    """`--keep`: 100,000 reports take hours, so a size can be measured in a run of its own; the file then says
    which run each size's figures come from."""
    harness = _harness()
    recorded = json.loads((ROOT / "benchmarks" / "results.json").read_text(encoding="utf-8"))
    again = dict(recorded[-1], run_at="2099-01-01 00:00", commit="abc1234", incremental_s=0.123)
    bigger = dict(recorded[-1], reports=recorded[-1]["reports"] * 10, run_at="2099-01-02 00:00", commit="def5678",
                  checks_not_timed=["qb-integrity"], incremental_s="failed: Killed",
                  national=dict(recorded[-1]["national"], analyze={"failed": harness._last_line(
                      "Traceback (most recent call last):\n  ...\nMemoryError\n\n")}))
    results = harness.merged(recorded, [bigger, again])
    assert [r["reports"] for r in results] == sorted({r["reports"] for r in recorded} | {bigger["reports"]})
    assert results[-2] is again and results[:-2] == recorded[:-1]
    text = harness.markdown(results, "python benchmarks/run.py", harness.dt.datetime.now())
    sizes = text.split("\n## ")
    assert "2099-01-01 00:00" in sizes[len(recorded)] and "commit abc1234" in sizes[len(recorded)]
    assert "2099-01-02 00:00" in sizes[len(recorded) + 1] and "| re-ingest one changed report | 0.123 s" in text
    assert "Not timed at this size (`--checks-max`): qb-integrity" in sizes[len(recorded) + 1]
    assert "| `policykg analyze` | failed: MemoryError |" in sizes[len(recorded) + 1]  # said, the rest kept
    assert "| re-ingest one changed report | failed: Killed |" in sizes[len(recorded) + 1]
    assert "2099" not in sizes[1] or len(recorded) == 1  # the first size stays under the file's own run line


def test_a_run_cut_short_goes_on_from_its_last_finished_phase(tmp_path):
    """A 100,000-report run takes longer than a working session: each finished phase is kept in the work folder's
    journal, and `--resume` goes on from there (the store as built, the figures as measured), at the same commit
    only; without `--resume` a size is measured from the start."""
    work = tmp_path / "work"
    command = [sys.executable, "benchmarks/run.py", "--reports", "12", "--rdflib-max", "0", "--query-runs", "1",
               "--work", str(work)]
    subprocess.run(command, cwd=ROOT, check=True, capture_output=True)
    journal_file = work / "journal-12.json"
    journal = json.loads(journal_file.read_text(encoding="utf-8"))
    assert journal["phases_done"][:2] == ["ingest", "bulk_load"] and journal["phases_done"][-1] == "explorer"
    # stopped in the gap report's phases: the build's figures are kept (marked so that a new build would show)
    journal["phases_done"] = journal["phases_done"][:journal["phases_done"].index("gaps_html")]
    journal["ingest"]["seconds"] = 12345.6
    for measured_later in ("national", "incremental_s", "explorer_s"):
        del journal[measured_later]
    journal_file.write_text(json.dumps(journal), encoding="utf-8")
    subprocess.run([*command, "--resume"], cwd=ROOT, check=True, capture_output=True)
    [resumed] = json.loads((work / "results.json").read_text(encoding="utf-8"))
    assert resumed["ingest"]["seconds"] == 12345.6  # not built again
    assert {"gaps_html", "gaps_csv", "validate", "analyze"} <= set(resumed["national"])
    assert isinstance(resumed["incremental_s"], float) and "district_cold" in resumed["explorer_s"]
    assert "phases_done" not in resumed
    # another commit's journal is not resumed: the file and both commits are named
    journal = json.loads(journal_file.read_text(encoding="utf-8"))
    journal["commit"] = "0000000"
    journal_file.write_text(json.dumps(journal), encoding="utf-8")
    refused = subprocess.run([*command, "--resume"], cwd=ROOT, capture_output=True, text=True)
    assert refused.returncode != 0 and str(journal_file) in refused.stderr and "0000000" in refused.stderr
    # without --resume the size is measured again from the start
    subprocess.run(command, cwd=ROOT, check=True, capture_output=True)
    [fresh] = json.loads((work / "results.json").read_text(encoding="utf-8"))
    assert fresh["ingest"]["seconds"] != 12345.6 and fresh["commit"] != "0000000"


def test_a_childs_peak_rss_is_its_own_however_large_the_harness_has_grown():
    """Linux keeps the forking process's resident size as a child's peak across its exec: at 100,000 reports the
    harness holds 2 GB, and every command it timed reported 2,012 MB. Each child is started from a small process."""
    harness = _harness()
    grown = bytearray(600 * 2**20)
    for page in range(0, len(grown), 4096):  # resident, not only reserved
        grown[page] = 1
    _, small = harness.timed_child("print('ok')")
    _, large = harness.timed_child("b = bytearray(250 * 2**20)\nfor i in range(0, len(b), 4096): b[i] = 1")
    del grown
    import multiprocessing

    assert not multiprocessing.active_children()  # the small process ended with its command
    assert small["stdout"] == "ok\n"
    assert small["peak_rss_mb"] < 100
    assert 250 <= large["peak_rss_mb"] < 400

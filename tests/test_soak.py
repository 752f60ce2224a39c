"""The soak (benchmarks/soak.py: readers answering through a killed national build and its rerun), run in an
interpreter of its own as the explorer and the server are in use: what earlier tests left in this process
(caches, handles, threads) is not what an analyst's explorer has. About six minutes on two cores."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SOAK = ROOT / "benchmarks" / "soak.py"
RUNAWAY_EXIT = 70  # benchmarks/soak.py: its memory watchdog ended it


def test_readers_answer_through_a_killed_national_build_in_a_process_of_their_own(tmp_path):
    run = subprocess.run([sys.executable, "-m", "pytest", "-q", "-x", "-s", "-p", "no:cacheprovider", "--basetemp",
                          str(tmp_path / "soak"), str(SOAK)], cwd=ROOT, capture_output=True, text=True,
                         timeout=1800)
    said = (run.stdout[-6000:] + "\n" + run.stderr[-12000:]).strip()
    assert run.returncode != RUNAWAY_EXIT, f"a reader's memory ran away (every thread's stack below):\n{said}"
    assert run.returncode == 0, said
    assert "1 passed" in run.stdout, said

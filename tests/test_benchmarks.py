"""BENCHMARKS.md is what the harness renders from its recorded run: the figures of benchmarks/results.json, the
machine and day they were measured on, and the hand-measured sections kept in benchmarks/notes.md and
history.md. A section written into BENCHMARKS.md alone would be lost by the next `make bench`."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_benchmarks_md_is_the_render_of_the_recorded_run(tmp_path):
    out = tmp_path / "BENCHMARKS.md"
    subprocess.run([sys.executable, "benchmarks/run.py", "--render", "benchmarks/results.json", "--out", str(out)],
                   cwd=ROOT, check=True, capture_output=True)
    assert out.read_text(encoding="utf-8") == (ROOT / "BENCHMARKS.md").read_text(encoding="utf-8")

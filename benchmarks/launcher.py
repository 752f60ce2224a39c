"""Children of the benchmark harness, started from a small process so that each one's peak RSS is its own.

Linux keeps the forking process's resident size as the child's peak across its exec (ru_maxrss): a child started
by the harness itself reports the harness's size when that is larger than its own (2 GB at 100,000 reports, where
the harness opens the store to bind the queries). Each child is therefore started by a worker forked from a
forkserver, a fresh interpreter that stays small whatever the harness grows to. As with any multiprocessing
start method but fork, the forkserver imports the caller's main script: a script that measures through this
module keeps its work under `if __name__ == "__main__":` (run.py does), or the forkserver runs it again.
"""

from __future__ import annotations

import os
import subprocess
import tempfile
import time
from pathlib import Path
from typing import NamedTuple


class Measured(NamedTuple):
    wall_s: float
    exit_code: int
    peak_rss_mb: float  # the largest of the child and its own reaped children (the build's workers)
    cpu_s: float  # the child's and its reaped children's, summed
    stdout: str
    stderr: str


def _run(argv: list[str], cwd: str) -> Measured:
    """Run argv and wait for it with os.wait4: the rusage of this child alone (RUSAGE_CHILDREN would report the
    largest child so far)."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        process = subprocess.Popen(argv, stdout=out, stderr=err, cwd=cwd)
        _, status, usage = os.wait4(process.pid, 0)
        wall = time.perf_counter() - start
        out.seek(0), err.seek(0)
        return Measured(wall, os.waitstatus_to_exitcode(status), usage.ru_maxrss / 1024,
                        usage.ru_utime + usage.ru_stime, out.read().decode(), err.read().decode())


def measured(argv: list[str], cwd: Path) -> Measured:
    """argv run to its end in a fresh small process's child, with its wall time, peak RSS and CPU time. The small
    process ends with it: none is left behind (a test, or the harness's caller, may count its children)."""
    import multiprocessing

    pool = multiprocessing.get_context("forkserver").Pool(1)
    try:
        return pool.apply(_run, (argv, str(cwd)))
    finally:
        pool.close()
        pool.join()

"""The package as a user installs it: a wheel built from this checkout, installed into a fresh virtual environment,
run from a folder outside the checkout — it finds its queries, ontology, catalog, admin units and explorer pages
inside itself (importlib.resources), builds a report, answers a query and serves the explorer."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import sysconfig
import time
import urllib.request
from pathlib import Path

from conftest import REPORTS

ROOT = Path(__file__).resolve().parents[1]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_a_wheel_installed_outside_the_checkout_runs(tmp_path):
    wheels = tmp_path / "wheels"
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "-w", str(wheels), str(ROOT)],
                   check=True, capture_output=True, text=True, timeout=600)
    wheel = next(wheels.glob("policykg-*.whl"))
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, timeout=300)
    bin_dir = venv / "bin"
    subprocess.run([str(bin_dir / "pip"), "install", "--quiet", "--no-deps", "--no-index", str(wheel)], check=True,
                   capture_output=True, text=True, timeout=300)
    # The dependencies come from the test environment's site-packages (no download); policykg itself only from
    # the wheel: a plain path in a .pth file, so this environment's editable install is not seen.
    target = next((venv / "lib").glob("python3*/site-packages"))
    (target / "dependencies.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    work = tmp_path / "elsewhere"
    (work / "reports").mkdir(parents=True)
    sample = REPORTS / "004_25ea28f13367f962.txt"
    (work / "reports" / sample.name).write_bytes(sample.read_bytes())
    env = {k: v for k, v in os.environ.items() if not k.startswith("POLICYKG_")}

    def run(*args: str) -> str:
        done = subprocess.run([str(bin_dir / "policykg"), *args], cwd=work, env=env, capture_output=True, text=True,
                              timeout=600)
        assert done.returncode == 0, done.stderr[-2000:]
        return done.stdout + done.stderr

    where = subprocess.run([str(bin_dir / "python"), "-c", "import policykg; print(policykg.__file__)"], cwd=work,
                           env=env, capture_output=True, text=True, check=True).stdout
    assert where.startswith(str(venv)), where
    assert "reports: 1 ingested" in run("build", "--quiet", "reports")
    assert (work / "data" / "store").is_dir()  # user data in ./data, not inside the package
    assert "Huyện Minh Long" in run("query", "gap-deficit")
    assert "0 violation(s)" in run("validate")
    pages = ("from streamlit.testing.v1 import AppTest\nfrom policykg.paths import app_dir\n"
             "at = AppTest.from_file(str(app_dir() / 'explorer.py'), default_timeout=120)\nat.run()\n"
             "assert not at.exception, [e.value for e in at.exception]\n"
             "at.switch_page('views/gaps.py')\nat.run()\nassert not at.exception, [e.value for e in at.exception]\n"
             "print(sum(name == 'Huyện Minh Long' for name in at.dataframe[0].value.index))")  # the gap matrix
    shown = subprocess.run([str(bin_dir / "python"), "-c", pages], cwd=work, capture_output=True, text=True,
                           env={**env, "POLICYKG_STORE": str(work / "data" / "store")}, timeout=300)
    assert shown.returncode == 0 and shown.stdout.split()[-1] == "1", shown.stderr[-2000:]  # the pages, installed
    port = _free_port()
    app = subprocess.Popen([str(bin_dir / "policykg"), "app", "--port", str(port)], cwd=work, env=env,
                           stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        deadline, page = time.monotonic() + 90, ""
        while time.monotonic() < deadline and not page:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=2) as r:
                    page = r.read().decode()
            except OSError:
                assert app.poll() is None, app.stderr.read().decode()[-2000:]
                time.sleep(0.5)
        assert page == "ok"
    finally:
        app.terminate()
        app.wait(20)

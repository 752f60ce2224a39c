from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

import pytest

from policykg.gazetteer import load_gazetteer
from policykg.pipeline import build
from policykg.catalog import load_catalog
from policykg.store import GraphStore

ROOT = Path(__file__).resolve().parents[1]
REPORTS = ROOT / "data" / "reports"
SAMPLES = sorted(REPORTS.glob("*.txt"))


@pytest.fixture(autouse=True)
def english_locale(monkeypatch):
    """The CLI speaks the user's locale: tests read its English unless they set Vietnamese themselves."""
    for name in ("LC_ALL", "LC_MESSAGES"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("LANG", "C.UTF-8")


@pytest.fixture(scope="session")
def gazetteer():
    return load_gazetteer()


@pytest.fixture(scope="session")
def catalog():
    return load_catalog()


@dataclass(frozen=True)
class SampleBuild:
    store: GraphStore
    day: str  # the day the build ran: reference statuses (and their fingerprint) depend on it


@pytest.fixture(scope="session")
def sample_build(tmp_path_factory) -> SampleBuild:
    """The sample reports built into a fresh on-disk store (shared, read-only by convention), and the day of
    the build: a session that runs past midnight must not compare it with tomorrow."""
    day = dt.date.today().isoformat()
    store = GraphStore(tmp_path_factory.mktemp("store") / "store")
    summary = build([REPORTS], store, progress=False)
    assert not summary.failed
    return SampleBuild(store, day)


@pytest.fixture(scope="session")
def sample_store(sample_build) -> GraphStore:
    return sample_build.store


APP = str(ROOT / "app" / "explorer.py")


@pytest.fixture
def explorer_on_samples(sample_store, monkeypatch):
    """The explorer (Streamlit AppTest) over the sample store: call it with a page and query parameters."""
    from streamlit import cache_data, cache_resource
    from streamlit.testing.v1 import AppTest

    monkeypatch.setenv("POLICYKG_STORE", str(sample_store.path))
    monkeypatch.delenv("POLICYKG_ENDPOINT", raising=False)
    cache_data.clear()
    cache_resource.clear()

    def open_page(page: str, **params) -> AppTest:
        at = AppTest.from_file(APP, default_timeout=120)
        for key, value in params.items():
            at.query_params[key] = value
        at.run()
        if page != "overview":
            at.switch_page(f"views/{page}.py")
            at.run()
        assert not at.exception, [e.value for e in at.exception]
        return at
    return open_page

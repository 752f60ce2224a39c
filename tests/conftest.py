from __future__ import annotations

from pathlib import Path

import pytest

from policykg.gazetteer import load_gazetteer
from policykg.pipeline import build
from policykg.catalog import load_catalog
from policykg.store import GraphStore

ROOT = Path(__file__).resolve().parents[1]
REPORTS = ROOT / "data" / "reports"
SAMPLES = sorted(REPORTS.glob("*.txt"))


@pytest.fixture(scope="session")
def gazetteer():
    return load_gazetteer()


@pytest.fixture(scope="session")
def catalog():
    return load_catalog()


@pytest.fixture(scope="session")
def sample_store(tmp_path_factory) -> GraphStore:
    """The three sample reports built into a fresh on-disk store (shared, read-only by convention)."""
    store = GraphStore(tmp_path_factory.mktemp("store") / "store")
    summary = build([REPORTS], store, progress=False)
    assert not summary.failed
    return store

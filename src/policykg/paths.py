"""Where policykg finds its data and keeps its store."""

from __future__ import annotations

import os
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]


def data_dir() -> Path:
    """data/ of the checkout (admin units, catalog, reports); POLICYKG_DATA overrides."""
    return Path(os.environ.get("POLICYKG_DATA", REPO_ROOT / "data"))


def default_store() -> Path:
    """The embedded store: POLICYKG_STORE, else data/store/ in the checkout."""
    return Path(os.environ.get("POLICYKG_STORE", data_dir() / "store"))


def ontology_dir() -> Path:
    return REPO_ROOT / "ontology"


def queries_dir() -> Path:
    return REPO_ROOT / "queries"

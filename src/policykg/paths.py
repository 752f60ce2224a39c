"""Where policykg finds its data and keeps its store.

Reference data ships inside the package (queries, ontology, mandate catalog, administrative units, the explorer's
pages) and is found with importlib.resources, so an installed wheel runs outside any checkout; the checkout's
top-level queries/, ontology/, data/catalog, data/admin and app/ are links to these folders. User data (reports,
the store, uploads) lives in data/ of the checkout, or ./data when policykg runs installed; POLICYKG_DATA and
POLICYKG_STORE override.
"""

from __future__ import annotations

import os
from importlib.resources import files
from pathlib import Path

PACKAGE = Path(str(files("policykg")))  # a plain folder: the package is never installed zipped
REPO_ROOT = PACKAGE.parents[1]  # the checkout, when running from one (src layout)
IN_CHECKOUT = (REPO_ROOT / "pyproject.toml").exists()


def data_dir() -> Path:
    """User data: data/ of the checkout, else ./data; POLICYKG_DATA overrides."""
    default = REPO_ROOT / "data" if IN_CHECKOUT else Path.cwd() / "data"
    return Path(os.environ.get("POLICYKG_DATA", default))


def reference_dir() -> Path:
    """The reference data shipped with the package: catalog/mandates.toml, admin/units.json."""
    return PACKAGE / "data"


def default_store() -> Path:
    """The embedded store: POLICYKG_STORE, else data/store/ (see data_dir)."""
    return Path(os.environ.get("POLICYKG_STORE", data_dir() / "store"))


def ontology_dir() -> Path:
    return PACKAGE / "ontology"


def queries_dir() -> Path:
    return PACKAGE / "queries"


def app_dir() -> Path:
    """The Streamlit explorer: explorer.py and views/."""
    return PACKAGE / "explorer" / "app"


def reference_sources() -> list[Path]:
    """The files the reference graphs (ontology, catalog, admin units, vocabulary) are built from: the reference
    data, and every module that shapes those graphs: whole folders (domain/, graph/, resolve/), not a
    hand-picked list that an edit elsewhere would leave stale."""
    return [ontology_dir() / "policykg.ttl", reference_dir() / "catalog" / "mandates.toml",
            reference_dir() / "admin" / "units.json", PACKAGE / "vocab.py", PACKAGE / "catalog.py",
            PACKAGE / "gazetteer.py", PACKAGE / "namespaces.py", PACKAGE / "terms.py",
            *sorted((PACKAGE / "domain").glob("*.py")), *sorted((PACKAGE / "graph").glob("*.py")),
            *sorted((PACKAGE / "resolve").glob("*.py"))]

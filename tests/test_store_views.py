"""Readers open views a writer published, never the store a writer holds (RocksDB: undefined behaviour; a reader
opened during a build ran a query that never ended, past 20 GB)."""

from __future__ import annotations

import gc
import os
import time

from policykg.pipeline import build
from policykg.store import GraphStore
from policykg.store.oxigraph import newest_view, store_version, views_dir

from conftest import REPORTS

REPORT_COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?r a <https://w3id.org/policykg/ontology#Report> }"


def reports(store: GraphStore) -> int:
    return int(next(iter(store.query(REPORT_COUNT)))["n"].value)


def test_readers_open_the_newest_view_and_never_the_writes_it_has_not_published(tmp_path, monkeypatch):
    import policykg.store.oxigraph as oxigraph

    path = tmp_path / "store"
    writer = GraphStore(path)
    build([REPORTS], writer, progress=False)  # a build flushes: its last view holds every report
    first = newest_view(path)
    assert first is not None and first.parent == views_dir(path) == tmp_path / "store.views"
    reader = GraphStore(path, read_only=True)
    assert reader.location == first and reports(reader) == 5 and not reader.behind()

    # a write the writer has not published (within PUBLISH_EVERY_S of the last view): readers do not see it
    monkeypatch.setattr(oxigraph, "PUBLISH_EVERY_S", 3600.0)
    writer.update("DROP GRAPH <https://w3id.org/policykg/graph/report/000-465f813c91986d41>")
    assert newest_view(path) == first and reports(GraphStore(path, read_only=True)) == 5
    writer.flush()  # published: a reader that follows reopens on it
    assert reader.behind() and store_version(path) != reader.version
    again = GraphStore(path, read_only=True)
    assert again.location == newest_view(path) != first and reports(again) == 4
    assert reports(reader) == 5  # an open view stays what it was


def test_a_view_that_was_slow_to_publish_is_published_less_often(tmp_path, monkeypatch):
    """At scale a checkpoint waits for the build's compactions (15 s a view at 50,000 reports): views then come no
    more often than keeps publishing to PUBLISH_SHARE of the writer's time, however short PUBLISH_EVERY_S is."""
    import policykg.store.oxigraph as oxigraph

    path = tmp_path / "store"
    writer = GraphStore(path)
    build([REPORTS], writer, progress=False)
    monkeypatch.setattr(oxigraph, "PUBLISH_EVERY_S", 0.0)  # a view after every write, but for its cost
    first = newest_view(path)
    writer._publish_cost = 1.0  # as if the last view took a second: the next one not within 1 / PUBLISH_SHARE s
    writer._published_at = time.monotonic() - 0.5 / oxigraph.PUBLISH_SHARE
    writer.update("DROP GRAPH <https://w3id.org/policykg/graph/report/000-465f813c91986d41>")
    assert newest_view(path) == first and reports(GraphStore(path, read_only=True)) == 5
    writer._published_at = time.monotonic() - 1.1 / oxigraph.PUBLISH_SHARE  # its share of the time has passed
    writer.update("INSERT DATA { GRAPH <urn:x> { <urn:a> <urn:b> <urn:c> } }")
    assert newest_view(path) != first and reports(GraphStore(path, read_only=True)) == 4


def test_old_views_go_and_the_newest_stays(tmp_path, monkeypatch):
    import policykg.store.oxigraph as oxigraph

    path = tmp_path / "store"
    writer = GraphStore(path)
    build([REPORTS], writer, progress=False)
    for _ in range(3):
        writer.flush()
    assert len(os.listdir(views_dir(path))) >= 3
    monkeypatch.setattr(oxigraph, "VIEW_KEEP_S", 0.0)
    time.sleep(0.01)
    writer.flush()
    assert os.listdir(views_dir(path)) == [newest_view(path).name]
    assert reports(GraphStore(path, read_only=True)) == 5


def test_a_store_without_views_is_read_as_before_and_a_command_that_writes_publishes(tmp_path):
    from policykg.cli import main

    path = tmp_path / "store"
    writer = GraphStore(path)
    build([REPORTS], writer, progress=False)
    del writer
    gc.collect()
    import shutil

    shutil.rmtree(views_dir(path))  # a store built before views
    legacy = GraphStore(path, read_only=True)
    assert legacy.location == path and reports(legacy) == 5
    assert main(["remove", "000_465f813c91986d41.txt", "--store", str(path)]) == 0
    assert newest_view(path) is not None and reports(GraphStore(path, read_only=True)) == 4


def test_before_a_compaction_the_writer_publishes_and_drops_the_views_that_hold_files_compacted_away(tmp_path,
                                                                                                    monkeypatch):
    """A view holds (hard links) the files of the store as it was: every file compacted away since stays on disk
    while the view does. At 100,000 reports the ingest's last view, 12 minutes old, held 27 GB through the
    compaction. Before compacting, the writer publishes (readers see every write) and the older views go."""
    import policykg.store.oxigraph as oxigraph

    path = tmp_path / "store"
    writer = GraphStore(path)
    build([REPORTS], writer, progress=False)
    old = newest_view(path)
    for view in views_dir(path).iterdir():  # the build's views, published a while ago
        os.utime(view, (time.time() - 2 * oxigraph.VIEW_KEEP_S,) * 2)
    monkeypatch.setattr(oxigraph, "PUBLISH_EVERY_S", 3600.0)
    writer.update("DROP GRAPH <https://w3id.org/policykg/graph/report/000-465f813c91986d41>")  # not yet published
    seen = []

    class Watched:  # the engine's compaction, observed: which views exist when it starts
        def __init__(self, store):
            self._store = store

        def optimize(self):
            seen.append(sorted(p.name for p in views_dir(path).iterdir()))
            views_at_compaction.append(newest_view(path))
            self._store.optimize()

        def __getattr__(self, name):
            return getattr(self._store, name)

    views_at_compaction: list = []
    monkeypatch.setattr(writer, "store", Watched(writer.store))
    writer.optimize()
    assert seen and old.name not in seen[0] and len(seen[0]) == 1  # only a view of now
    assert reports(GraphStore(views_at_compaction[0], read_only=True)) == 4  # with the unpublished write

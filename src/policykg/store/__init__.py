"""Store: the embedded pyoxigraph store (default) or any SPARQL 1.1 server, behind one interface (`Store`)."""

from __future__ import annotations

from typing import Protocol, runtime_checkable

from pyoxigraph import Quad
from pyoxigraph import Store as Dataset

from policykg.store.oxigraph import GraphStore, StoreError
from policykg.store.remote import RemoteStore


@runtime_checkable
class Store(Protocol):
    """What the pipeline, the scoreboard, the queries and the reports need of a store."""

    path: object  # what the CLI prints as "store:"

    def query(self, sparql: str): ...  # SELECT rows (with .variables), an ASK's boolean, CONSTRUCT triples
    def update(self, sparql: str) -> None: ...  # one SPARQL Update request: one transaction
    def replace_graph(self, graph: str, quads: list[Quad], shared: list[Quad] = (),
                      cleanup: tuple[str, str] = ("", "")) -> None: ...  # a report's graph swapped atomically
    def replace_graph_nquads(self, graph: str, nquads: bytes,
                             cleanup: tuple[str, str] = ("", "")) -> None: ...  # the same, from a worker's bytes
    def add_graphs(self, nquads: bytes) -> None: ...  # new graphs (and facts shared graphs gain)
    def has_graph(self, graph: str) -> bool: ...
    def behind(self) -> bool: ...  # a read-only view older than the store's last write (reopen to catch up)
    def remove_graph(self, graph: str, cleanup: tuple[str, str] = ("", "")) -> bool: ...
    def graphs(self) -> list[str]: ...  # this project's graphs only
    def __len__(self) -> int: ...
    def flush(self) -> None: ...
    def optimize(self) -> None: ...
    def clear_staging(self) -> None: ...
    def snapshot(self) -> Dataset: ...  # every graph, whole, in memory (export, SHACL)


__all__ = ["GraphStore", "RemoteStore", "Store", "StoreError"]

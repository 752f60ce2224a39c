"""Store: the embedded pyoxigraph store (default) or any SPARQL 1.1 server, behind one interface:
query(sparql), replace_graph(graph, quads), remove_graph(graph), graphs(), len(), flush(), snapshot()."""

from policykg.store.oxigraph import GraphStore, StoreError
from policykg.store.remote import RemoteStore

__all__ = ["GraphStore", "RemoteStore", "StoreError"]

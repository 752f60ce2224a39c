"""Store: the embedded pyoxigraph store (default) or any SPARQL 1.1 server, behind one interface:
query(sparql), replace_graph(graph, quads, shared, cleanup), add_graphs(nquads), has_graph(graph),
remove_graph(graph, cleanup), graphs(), len(), flush(), optimize(), clear_staging(), snapshot()."""

from policykg.store.oxigraph import GraphStore, StoreError
from policykg.store.remote import RemoteStore

__all__ = ["GraphStore", "RemoteStore", "StoreError"]

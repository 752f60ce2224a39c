"""Store: the embedded pyoxigraph store, one named graph per source, replaced atomically."""

from policykg.store.oxigraph import GraphStore, StoreError

__all__ = ["GraphStore", "StoreError"]

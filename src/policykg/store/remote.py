"""Any SPARQL 1.1 server as the store: queries over the SPARQL Protocol, loading over the Graph Store Protocol.

A report's graph is replaced with one PUT (the server swaps the graph in one request), so a failed load leaves
the old graph; failures retry with back-off and then raise a StoreError naming the endpoint and the problem.
Queries assume the server treats the default graph as the union of all graphs (Oxigraph:
`--union-default-graph`; Fuseki: `tdb2:unionDefaultGraph true`), as the embedded store is queried.
Credentials come from POLICYKG_ENDPOINT_USER / POLICYKG_ENDPOINT_PASSWORD (HTTP basic auth).
"""

from __future__ import annotations

import base64
import os
import time
import urllib.error
import urllib.parse
import urllib.request

from pyoxigraph import NamedNode, Quad, QueryResultsFormat, RdfFormat, Store, parse, parse_query_results, serialize

from policykg.store.oxigraph import StoreError

RETRIES = 3
TIMEOUT_S = 120


class RemoteStore:
    def __init__(self, endpoint: str, update_endpoint: str | None = None, gsp_endpoint: str | None = None):
        self.endpoint = endpoint
        self.path = endpoint  # what the CLI prints as "store:"
        sibling = endpoint[: -len("/query")] if endpoint.endswith("/query") else None
        self.update_endpoint = update_endpoint or (sibling + "/update" if sibling else None)
        self.gsp_endpoint = gsp_endpoint or (sibling + "/store" if sibling else None)
        user, password = os.environ.get("POLICYKG_ENDPOINT_USER"), os.environ.get("POLICYKG_ENDPOINT_PASSWORD")
        self._auth = "Basic " + base64.b64encode(f"{user}:{password or ''}".encode()).decode() if user else None

    # ------------------------------------------------------------ HTTP
    def _request(self, method: str, url: str, body: bytes | None = None, headers: dict | None = None) -> tuple[bytes, str]:
        headers = dict(headers or {})
        if self._auth:
            headers["Authorization"] = self._auth
        last = None
        for attempt in range(RETRIES):
            request = urllib.request.Request(url, data=body, method=method, headers=headers)
            try:
                with urllib.request.urlopen(request, timeout=TIMEOUT_S) as response:
                    return response.read(), response.headers.get("Content-Type", "")
            except urllib.error.HTTPError as exc:
                detail = exc.read().decode("utf-8", "replace")[:300]
                if exc.code < 500:
                    raise StoreError(f"{url}: {method} refused with HTTP {exc.code}: {detail}") from exc
                last = f"HTTP {exc.code}: {detail}"
            except (urllib.error.URLError, TimeoutError, ConnectionError) as exc:
                last = str(getattr(exc, "reason", exc))
            time.sleep(0.5 * 2 ** attempt)
        raise StoreError(f"{url}: {method} failed after {RETRIES} tries ({last})")

    def _gsp(self, graph: str) -> str:
        if not self.gsp_endpoint:
            raise StoreError(f"{self.endpoint}: writing needs --gsp-endpoint (the server's Graph Store Protocol URL)")
        return f"{self.gsp_endpoint}?{urllib.parse.urlencode({'graph': graph})}"

    # ------------------------------------------------------------ the store interface
    def query(self, sparql: str):
        body, content_type = self._request(
            "POST", self.endpoint, sparql.encode("utf-8"),
            {"Content-Type": "application/sparql-query",
             "Accept": "application/sparql-results+json, application/n-triples;q=0.9"})
        if "n-triples" in content_type or "turtle" in content_type:
            return list(parse(body, format=RdfFormat.N_TRIPLES if "n-triples" in content_type else RdfFormat.TURTLE))
        return parse_query_results(body, format=QueryResultsFormat.JSON)

    def replace_graph(self, graph: str, quads: list[Quad], shared: list[Quad] = (),
                      cleanup: tuple[str, str] = ("", "")) -> None:
        """Run cleanup[0], PUT the graph, POST (merge) the shared quads into theirs, then run cleanup[1] on the
        update endpoint. The PUT is atomic on the server; a failure after it leaves extra shared facts (never a
        half-written report graph), which a later replace or remove of a report citing them removes."""
        self._update(cleanup[0])
        data = serialize((q.triple for q in quads), format=RdfFormat.N_TRIPLES)
        self._request("PUT", self._gsp(graph), data, {"Content-Type": "application/n-triples"})
        for name in sorted({q.graph_name.value for q in shared}):
            body = serialize((q.triple for q in shared if q.graph_name.value == name), format=RdfFormat.N_TRIPLES)
            self._request("POST", self._gsp(name), body, {"Content-Type": "application/n-triples"})
        self._update(cleanup[1])

    def has_graph(self, graph: str) -> bool:
        return bool(self.query(f"ASK {{ GRAPH {NamedNode(graph)} {{ ?s ?p ?o }} }}"))

    def add_graphs(self, nquads: bytes) -> None:
        """Add N-Quads for new graphs (and facts shared graphs gain) with one SPARQL INSERT DATA: one request,
        one transaction on the server."""
        by_graph: dict[str, list[str]] = {}
        for quad in parse(nquads, format=RdfFormat.N_QUADS):
            by_graph.setdefault(str(quad.graph_name), []).append(f"{quad.subject} {quad.predicate} {quad.object} .")
        blocks = "\n".join(f"GRAPH {graph} {{\n" + "\n".join(lines) + "\n}" for graph, lines in by_graph.items())
        self._update(f"INSERT DATA {{\n{blocks}\n}}")

    def remove_graph(self, graph: str, cleanup: tuple[str, str] = ("", "")) -> bool:
        if not self.has_graph(graph):
            return False
        self._update(cleanup[0])
        try:
            self._request("DELETE", self._gsp(graph))
        except StoreError as exc:
            if "HTTP 404" in str(exc):
                return False
            raise
        self._update(cleanup[1])
        return True

    def update(self, update: str) -> None:
        """One request to the update endpoint (one transaction on the server)."""
        self._update(update)

    def _update(self, update: str) -> None:
        if not update.strip():
            return
        if not self.update_endpoint:
            raise StoreError(f"{self.endpoint}: this write needs --update-endpoint (SPARQL Update)")
        self._request("POST", self.update_endpoint, update.encode("utf-8"),
                      {"Content-Type": "application/sparql-update"})

    def graphs(self) -> list[str]:
        return sorted(row["g"].value for row in self.query("SELECT DISTINCT ?g WHERE { GRAPH ?g { } }"))

    def __len__(self) -> int:
        row = next(iter(self.query("SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }")))
        return int(row["n"].value)

    def flush(self) -> None:
        pass

    def optimize(self) -> None:
        pass  # the server manages its own storage

    def clear_staging(self) -> None:
        pass  # the server replaces graphs itself: no staging graphs here

    def snapshot(self) -> Store:
        """The whole dataset copied into an in-memory store, graph by graph (for export and SHACL)."""
        copy = Store()
        for graph in self.graphs():
            body, _ = self._request("GET", self._gsp(graph), headers={"Accept": "application/n-triples"})
            copy.extend(Quad(t.subject, t.predicate, t.object, NamedNode(graph))
                        for t in parse(body, format=RdfFormat.N_TRIPLES))
        return copy

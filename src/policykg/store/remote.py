"""Any SPARQL 1.1 server as the store: queries over the SPARQL Protocol, loading over the Graph Store Protocol.

Tested for real against Oxigraph, OpenLink Virtuoso 7.2 and (its queries) Apache Jena ARQ; see docs/triple-stores.md.
- Queries and updates are sent form-encoded (POST `query=` / `update=`), which every server accepts (Virtuoso
  never answers a direct POST of application/sparql-query). A SELECT/ASK asks for SPARQL JSON, a
  CONSTRUCT/DESCRIBE for N-Triples.
- A report's graph is replaced with one Graph Store Protocol PUT (the server swaps the graph in one request), so a
  failed load leaves the old graph; new graphs are one PUT each. Without a GSP endpoint, quads go in as
  INSERT DATA batches of at most `POLICYKG_ENDPOINT_BATCH` bytes (Virtuoso refuses one large INSERT DATA: SP031).
- Results are never cut silently: a server that caps its results (Virtuoso says so in X-SPARQL-MaxRows; any server
  answering exactly `POLICYKG_ENDPOINT_MAX_ROWS` rows is taken to have cut) is paged with LIMIT/OFFSET under an
  ORDER BY made stable by every projected variable; a partial answer at a server's time limit is an error.
- Only network failures (refused or reset connections, 502/503/504 from a proxy) are retried, three times within
  a few seconds; a query the server rejects is reported at once with the server's message, and a query that gets
  no answer within the timeout is reported as such, never re-sent.
- Only the graphs under https://w3id.org/policykg/graph/ are this project's: a server's own system graphs
  (Virtuoso keeps several) are left out of listings, counts, export and validation.
Queries assume the server treats the default graph as the union of all graphs (Oxigraph:
`--union-default-graph`; Fuseki: `tdb2:unionDefaultGraph true`; Virtuoso does by default).
Credentials come from POLICYKG_ENDPOINT_USER / POLICYKG_ENDPOINT_PASSWORD (HTTP Basic or Digest, as the server asks).
"""

from __future__ import annotations

import os
import re
import socket
import time
import urllib.error
import urllib.parse
import urllib.request

from pyoxigraph import NamedNode, Quad, QueryResultsFormat, RdfFormat, Store, parse, parse_query_results, serialize

from policykg.namespaces import GRAPH
from policykg.store.nquads import by_graph
from policykg.store.oxigraph import StoreError

RETRIES = 3
TIMEOUT_S = 120
RETRIED_STATUS = {502, 503, 504}  # a proxy or a server not ready: the request never ran
BATCH_BYTES = 200_000  # POLICYKG_ENDPOINT_BATCH
MAX_ROWS = 10_000  # POLICYKG_ENDPOINT_MAX_ROWS; Virtuoso's default ResultSetMaxRows
_FORM = re.compile(r"^\s*(?:(?:PREFIX\s+\S*\s*<[^>]*>|BASE\s*<[^>]*>)\s*)*(SELECT|ASK|CONSTRUCT|DESCRIBE)\b", re.I)
_PROLOGUE = re.compile(r"^(?:\s*(?:PREFIX\s+\S*\s*<[^>]*>|BASE\s*<[^>]*>))*", re.I)
_COMMENT = re.compile(r"^\s*#.*$", re.MULTILINE)
_MODIFIERS = re.compile(r"\}\s*((?:GROUP\s+BY|HAVING|ORDER\s+BY|LIMIT|OFFSET)\b[^{}]*)?$", re.I)
_ORDER = re.compile(r"ORDER\s+BY\s+(.*?)(?=\s*(?:LIMIT|OFFSET)\b|$)", re.I | re.S)
OURS = f'FILTER(STRSTARTS(STR(?g), "{GRAPH}"))'


class QueryRejected(StoreError):
    """The server refused the request (its message says why): not retried."""


def query_form(sparql: str) -> str:
    match = _FORM.match(_COMMENT.sub("", sparql))
    return match.group(1).upper() if match else "SELECT"


def paged(sparql: str, variables: list[str], limit: int, offset: int) -> str:
    """One page of a query: the query, its ORDER BY (if any) completed by every projected variable so that pages
    neither overlap nor skip rows, as a subquery under LIMIT/OFFSET. (Virtuoso refuses an ORDER BY with
    LIMIT + OFFSET beyond its row cap in one SELECT, SR353, and accepts this form.) A query with its own
    LIMIT/OFFSET cannot be paged this way."""
    text = _COMMENT.sub("", sparql).strip()
    prologue = _PROLOGUE.match(text).group(0)
    body = text[len(prologue):].strip()
    tail = _MODIFIERS.search(body)
    modifiers = (tail.group(1) or "") if tail else ""
    if re.search(r"\b(LIMIT|OFFSET)\b", modifiers, re.I):
        raise StoreError(f"the server cut this result at {limit} rows and the query sets its own LIMIT/OFFSET: "
                         "narrow it, or raise the server's row cap")
    head = body[: len(body) - len(modifiers)].rstrip() if modifiers else body
    order = _ORDER.search(modifiers)
    keys = " ".join(f"?{v}" for v in variables)
    if order:
        modifiers = modifiers[: order.start()] + f"ORDER BY {order.group(1).strip()} {keys}"
    else:
        modifiers = f"{modifiers} ORDER BY {keys}"
    return f"{prologue.strip()}\nSELECT * WHERE {{ {{\n{head}\n{modifiers.strip()}\n}} }}\nLIMIT {limit} OFFSET {offset}"


class RemoteStore:
    def __init__(self, endpoint: str, update_endpoint: str | None = None, gsp_endpoint: str | None = None,
                 timeout: float = TIMEOUT_S, max_rows: int | None = None, batch_bytes: int | None = None):
        self.endpoint = endpoint
        self.path = endpoint  # what the CLI prints as "store:"
        sibling = endpoint[: -len("/query")] if endpoint.endswith("/query") else None
        self.update_endpoint = update_endpoint or (sibling + "/update" if sibling else None)
        self.gsp_endpoint = gsp_endpoint or (sibling + "/store" if sibling else None)
        self.timeout = timeout
        self.max_rows = max_rows or int(os.environ.get("POLICYKG_ENDPOINT_MAX_ROWS") or MAX_ROWS)
        self.batch_bytes = batch_bytes or int(os.environ.get("POLICYKG_ENDPOINT_BATCH") or BATCH_BYTES)
        user, password = os.environ.get("POLICYKG_ENDPOINT_USER"), os.environ.get("POLICYKG_ENDPOINT_PASSWORD")
        handlers = []
        if user:
            passwords = urllib.request.HTTPPasswordMgrWithDefaultRealm()
            for url in {endpoint, self.update_endpoint, self.gsp_endpoint} - {None}:
                passwords.add_password(None, url, user, password or "")
            handlers = [urllib.request.HTTPBasicAuthHandler(passwords),
                        urllib.request.HTTPDigestAuthHandler(passwords)]
        self._opener = urllib.request.build_opener(*handlers)

    # ------------------------------------------------------------ HTTP
    def _request(self, method: str, url: str, body: bytes | None = None,
                 headers: dict | None = None) -> tuple[bytes, dict]:
        last = None
        for attempt in range(RETRIES):
            request = urllib.request.Request(url, data=body, method=method, headers=dict(headers or {}))
            try:
                with self._opener.open(request, timeout=self.timeout) as response:
                    return response.read(), {k.lower(): v for k, v in response.headers.items()}
            except urllib.error.HTTPError as exc:
                detail = " ".join(exc.read().decode("utf-8", "replace").split())[:500]
                if exc.code not in RETRIED_STATUS:
                    raise QueryRejected(f"{_short(url)}: {method} refused with HTTP {exc.code}: {detail}") from exc
                last = f"HTTP {exc.code}: {detail}"
            except (TimeoutError, socket.timeout) as exc:
                raise StoreError(f"{_short(url)}: no answer within {self.timeout:g} s (the query was not re-sent; "
                                 "narrow it or raise the timeout)") from exc
            except urllib.error.URLError as exc:
                if isinstance(exc.reason, (TimeoutError, socket.timeout)):
                    raise StoreError(f"{_short(url)}: no answer within {self.timeout:g} s") from exc
                last = str(exc.reason)
            except ConnectionError as exc:
                last = str(exc)
            if attempt + 1 < RETRIES:
                time.sleep(0.5 * 2 ** attempt)
        raise StoreError(f"{_short(url)}: {method} failed after {RETRIES} tries ({last})")

    def _form(self, url: str, key: str, text: str, accept: str | None = None) -> tuple[bytes, dict]:
        headers = {"Content-Type": "application/x-www-form-urlencoded; charset=utf-8"}
        if accept:
            headers["Accept"] = accept
        return self._request("POST", url, urllib.parse.urlencode({key: text}).encode("utf-8"), headers)

    def _gsp(self, graph: str) -> str:
        if not self.gsp_endpoint:
            raise StoreError(f"{self.endpoint}: writing needs --gsp-endpoint (the server's Graph Store Protocol URL)")
        return f"{self.gsp_endpoint}?{urllib.parse.urlencode({'graph': graph})}"

    # ------------------------------------------------------------ the store interface
    def query(self, sparql: str):
        if query_form(sparql) in ("CONSTRUCT", "DESCRIBE"):
            body, headers = self._form(self.endpoint, "query", sparql, "application/n-triples, text/turtle;q=0.5")
            self._check_complete(headers)
            fmt = RdfFormat.TURTLE if "turtle" in headers.get("content-type", "") else RdfFormat.N_TRIPLES
            triples = list(parse(body, format=fmt))
            cap = int(headers.get("x-sparql-maxrows") or 0)
            if cap and len(triples) >= cap:
                raise StoreError(f"{self.endpoint}: the server cut this CONSTRUCT at {cap} triples; a graph is read "
                                 "whole with `export` (it pages), or raise the server's ResultSetMaxRows")
            return triples
        body, headers = self._form(self.endpoint, "query", sparql, "application/sparql-results+json")
        self._check_complete(headers)
        result = parse_query_results(body, format=QueryResultsFormat.JSON)
        if not hasattr(result, "variables"):
            return result  # ASK
        variables = [v.value for v in result.variables]
        rows = list(result)
        cap = int(headers.get("x-sparql-maxrows") or 0) or (self.max_rows if len(rows) >= self.max_rows else 0)
        if cap and len(rows) >= cap:
            rows = self._pages(sparql, variables, cap)
        return Solutions(result.variables, rows)

    def _pages(self, sparql: str, variables: list[str], size: int) -> list:
        rows, offset = [], 0
        while True:
            body, headers = self._form(self.endpoint, "query", paged(sparql, variables, size, offset),
                                       "application/sparql-results+json")
            self._check_complete(headers)
            page = list(parse_query_results(body, format=QueryResultsFormat.JSON))
            rows += page
            if len(page) < size:
                return rows
            offset += size

    @staticmethod
    def _check_complete(headers: dict) -> None:
        # Virtuoso's "anytime" queries answer 200 with what they found before their time limit.
        state = headers.get("x-sql-state")
        if state:
            raise StoreError(f"the server stopped the query and sent a partial result ({state}: "
                             f"{headers.get('x-sql-message', '')}): not shown as a whole; narrow the query")

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

    def replace_graph_nquads(self, graph: str, nquads: bytes, cleanup: tuple[str, str] = ("", "")) -> None:
        """replace_graph for a report's N-Quads as the workers serialise them, never parsed here (a literal of
        any length): the graph's lines PUT, the shared graphs' POSTed, as N-Triples."""
        graphs = by_graph(nquads)
        self._update(cleanup[0])
        self._request("PUT", self._gsp(graph), b"\n".join(graphs.get(graph, [])) + b"\n",
                      {"Content-Type": "application/n-triples"})
        for name in sorted(g for g in graphs if g != graph):
            self._request("POST", self._gsp(name), b"\n".join(graphs[name]) + b"\n",
                          {"Content-Type": "application/n-triples"})
        self._update(cleanup[1])

    def behind(self) -> bool:
        return False  # `policykg serve` follows the store itself (server.Upstream.follow)

    def has_graph(self, graph: str) -> bool:
        return bool(self.query(f"ASK {{ GRAPH {NamedNode(graph)} {{ ?s ?p ?o }} }}"))

    def add_graphs(self, nquads: bytes) -> None:
        """Add N-Quads for new graphs (and facts shared graphs gain): one GSP POST per graph, or, without a GSP
        endpoint, INSERT DATA batches of at most batch_bytes."""
        by_graph: dict[str, list[Quad]] = {}
        for quad in parse(nquads, format=RdfFormat.N_QUADS):
            by_graph.setdefault(quad.graph_name.value, []).append(quad)
        for graph, quads in by_graph.items():
            if self.gsp_endpoint:
                body = serialize((q.triple for q in quads), format=RdfFormat.N_TRIPLES)
                self._request("POST", self._gsp(graph), body, {"Content-Type": "application/n-triples"})
            else:
                self.insert(quads)

    def insert(self, quads: list[Quad]) -> None:
        """INSERT DATA in batches of at most batch_bytes (each batch is one transaction on the server)."""
        batch, size = [], 0
        for quad in quads:
            line = f"GRAPH {quad.graph_name} {{ {quad.subject} {quad.predicate} {quad.object} }}"
            if batch and size + len(line) > self.batch_bytes:
                self._update("INSERT DATA {\n" + "\n".join(batch) + "\n}")
                batch, size = [], 0
            batch.append(line)
            size += len(line) + 1
        if batch:
            self._update("INSERT DATA {\n" + "\n".join(batch) + "\n}")

    def remove_graph(self, graph: str, cleanup: tuple[str, str] = ("", "")) -> bool:
        if not self.has_graph(graph):
            return False
        self._update(cleanup[0])
        try:
            self._request("DELETE", self._gsp(graph))
        except QueryRejected as exc:
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
        self._form(self.update_endpoint, "update", update)

    def graphs(self) -> list[str]:
        """This project's graphs (a server's system graphs left out); a graph is listed once it holds a triple."""
        rows = self.query(f"SELECT DISTINCT ?g WHERE {{ GRAPH ?g {{ ?s ?p ?o }} {OURS} }}")
        return sorted(row["g"].value for row in rows if row["g"] is not None)

    def __len__(self) -> int:
        row = next(iter(self.query(f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH ?g {{ ?s ?p ?o }} {OURS} }}")))
        return int(row["n"].value)

    def flush(self) -> None:
        pass

    def optimize(self) -> None:
        pass  # the server manages its own storage

    def clear_staging(self) -> None:
        pass  # the server replaces graphs itself: no staging graphs here

    def snapshot(self) -> Store:
        """This project's graphs copied into an in-memory store, graph by graph (for export and SHACL). A graph
        is fetched over the Graph Store Protocol and its size checked against a count: Virtuoso's GSP answer is
        cut at its row cap without a word, and then the graph is read in pages of a SELECT."""
        copy = Store()
        sizes = {row["g"].value: int(row["n"].value) for row in self.query(
            f"SELECT ?g (COUNT(*) AS ?n) WHERE {{ GRAPH ?g {{ ?s ?p ?o }} {OURS} }} GROUP BY ?g")}
        for graph, size in sorted(sizes.items()):
            node, triples = NamedNode(graph), []
            if self.gsp_endpoint:
                body, _ = self._request("GET", self._gsp(graph), headers={"Accept": "application/n-triples"})
                triples = [(t.subject, t.predicate, t.object) for t in parse(body, format=RdfFormat.N_TRIPLES)]
            if len(triples) < size:
                triples = [(r["s"], r["p"], r["o"]) for r in self.query(
                    f"SELECT ?s ?p ?o WHERE {{ GRAPH {node} {{ ?s ?p ?o }} }}")]
            copy.extend(Quad(s, p, o, node) for s, p, o in triples)
            if sum(1 for _ in copy.quads_for_pattern(None, None, None, node)) != size:
                raise StoreError(f"{self.endpoint}: graph {graph} came back incomplete ({size} triples expected)")
        return copy


class Solutions(list):
    """SELECT results as a list that also says its variables (as pyoxigraph's QuerySolutions does)."""

    def __init__(self, variables, rows):
        super().__init__(rows)
        self.variables = variables


def _short(url: str) -> str:
    return url.split("?", 1)[0]

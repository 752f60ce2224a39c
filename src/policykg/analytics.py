"""Network analytics over the graph (networkx): reach of mandates, centrality of documents, communities of
districts, the longest implementation chains, and lag from mandate to first local plan.

Input comes from queries: the network from network-edges and the protocol query network-nodes (the rows of
analysis-network, joined here; the explorer's walk reads analysis-network itself), the lags from
mandate-implementation. The explorer uses these same functions, so its numbers and `policykg analyze` agree."""

from __future__ import annotations

import statistics
from dataclasses import dataclass

import networkx as nx
import numpy as np
from networkx.algorithms import community

from policykg.query.loader import protocol_query, unordered
from policykg.query import runner
from policykg.query.runner import on_threads, rows_of, values_of
from policykg.sparql import bind, load_query, run


def _rows(store, name: str, limit: int | None = None, **params) -> list:
    """A named query's typed rows (policykg.query.rows)."""
    query = load_query(name)
    return rows_of(query, run(store, bind(query, params, store), limit=limit))


NODES_PER_QUERY = 5_000  # network-nodes binds this many nodes at a time (a VALUES block a server accepts)


def network(store) -> nx.MultiDiGraph:
    """Reports, documents, bodies and districts as nodes (type, label); edges carry their relation. The rows of
    analysis-network, joined here: the edges once (network-edges, unordered: this sorts what it shows), then each
    node's kind and label (the protocol query network-nodes); the query itself evaluates the edges three times (60 s at 10,000
    reports against 10 s)."""
    edges_query = load_query("network-edges")
    edges = rows_of(edges_query, values_of(store, unordered(bind(edges_query, {}, store))))
    nodes = sorted({node for e in edges for node in (e.source, e.target)})
    nodes_query = protocol_query("network-nodes")

    def described(chunk: list[str]) -> list:
        return rows_of(nodes_query, values_of(store, runner.bind(nodes_query, {"node": chunk}, store, live=False)))

    about: dict[str, tuple[str, str]] = {}
    for rows in on_threads(described, [nodes[i:i + NODES_PER_QUERY] for i in range(0, len(nodes), NODES_PER_QUERY)]):
        about.update((r.node, (r.kind, r.label)) for r in rows)
    graph = nx.MultiDiGraph()
    for e in edges:
        for node in (e.source, e.target):
            if node not in graph:
                kind, label = about.get(node, ("document", node))
                graph.add_node(node, type=kind, label=label)
        graph.add_edge(e.source, e.target, relation=e.relation)
    return graph


COMMUNITY_SEED = 1  # Louvain's random order, fixed so that analyze gives the same groups on the same graph
EDGES_PER_LEVEL = 4  # per node of the cap, per direction


def walk(store, centre: str, depth: int, cap: int, relations: set[str] | None = None) -> nx.MultiDiGraph:
    """The network around `centre`: edges (either direction) fetched level by level, with the frontier bound
    as a parameter, so the cost follows the neighbourhood, not the graph. Once `cap` nodes are chosen (nearest
    first) the walk stops: the edges shown are those found on the way. `relations` limits the edges followed."""
    graph = nx.MultiDiGraph()
    seen, frontier = {centre}, [centre]
    for _ in range(depth):
        if not frontier or len(seen) >= cap:
            break
        # A national mandate has thousands of citing reports: fetch a bounded number of edges per level.
        rows = [row for direction in ("source", "target")
                for row in _rows(store, "analysis-network", limit=EDGES_PER_LEVEL * cap, **{direction: frontier})]
        rows = [r for r in rows if relations is None or r.relation in relations]
        _add_edges(graph, rows)
        fresh = sorted({n for r in rows for n in (r.source, r.target)} - seen)
        frontier = fresh[: max(0, cap - len(seen))]
        seen.update(frontier)
    if centre not in graph:
        graph.add_node(centre, type="document", label=centre)
    return graph


def _add_edges(graph: nx.MultiDiGraph, rows: list) -> None:
    for r in rows:
        for node, kind, label in ((r.source, r.sourceType, r.sourceLabel), (r.target, r.targetType, r.targetLabel)):
            if node not in graph or graph.nodes[node].get("label") == node:
                graph.add_node(node, type=kind, label=label)
        if not graph.has_edge(r.source, r.target) or r.relation not in {
                d["relation"] for d in graph.get_edge_data(r.source, r.target).values()}:
            graph.add_edge(r.source, r.target, relation=r.relation)


def _relation_view(graph: nx.MultiDiGraph, relations: set[str]) -> nx.DiGraph:
    """The edges of these relations, over every node (their kinds and labels stay in `graph`)."""
    view = nx.DiGraph()
    view.add_nodes_from(graph)
    view.add_edges_from((u, v) for u, v, rel in graph.edges(data="relation") if rel in relations)
    return view


def district_mandates(graph: nx.MultiDiGraph, applies: nx.DiGraph | None = None) -> dict[str, set[str]]:
    """For each district, the mandates it acts on: its bodies' documents applying them (through any chain),
    or its reports naming them as acted on or conformed to. `applies`: the graph's applies edges, if at hand."""
    applies = _relation_view(graph, {"applies"}) if applies is None else applies
    mandates = {n for n, t in graph.nodes(data="type") if t == "mandate"}
    # each document's mandates through any chain, walked back from the few mandates once (not forward from
    # each of thousands of local documents)
    reaching: dict[str, set[str]] = {}
    for mandate in mandates & set(applies):
        for document in nx.ancestors(applies, mandate):
            reaching.setdefault(document, set()).add(mandate)
    result: dict[str, set[str]] = {}
    for district in (n for n, t in graph.nodes(data="type") if t == "district"):
        acted: set[str] = set()
        for body, _, rel in graph.in_edges(district, data="relation"):
            if rel != "governs":
                continue
            for document, _, rel2 in graph.in_edges(body, data="relation"):
                if rel2 == "passed_by":
                    acted |= reaching.get(document, set())
        for report, _, rel in graph.in_edges(district, data="relation"):
            if rel == "about":
                acted |= {m for _, m, rel2 in graph.out_edges(report, data="relation")
                          if rel2 in ("acts_on", "conforms_to", "based_on") and m in mandates}
        result[district] = acted
    return result


def pagerank(graph: nx.DiGraph, damping: float = 0.85, iterations: int = 100, tolerance: float = 1e-10) -> dict:
    """PageRank by power iteration (networkx's own needs scipy): a dangling node's rank is shared by all, the
    iteration stops when the ranks move by less than `tolerance` in sum. On arrays: over the 10,000-report
    network's ~600,000 edges a loop in Python took 5 s."""
    nodes = list(graph)
    if not nodes:
        return {}
    n = len(nodes)
    index = {node: i for i, node in enumerate(nodes)}
    source = np.fromiter((index[u] for u, _ in graph.edges()), dtype=np.int64, count=graph.number_of_edges())
    target = np.fromiter((index[v] for _, v in graph.edges()), dtype=np.int64, count=graph.number_of_edges())
    out_degree = np.bincount(source, minlength=n).astype(float)
    dangling = out_degree == 0
    share = np.where(dangling, 1.0, out_degree)  # what each edge passes on: its source's rank over its out-degree
    rank = np.full(n, 1.0 / n)
    for _ in range(iterations):
        passed = np.bincount(target, weights=(rank / share)[source], minlength=n)
        new = damping * passed + (1.0 - damping) / n + damping * rank[dangling].sum() / n
        converged = np.abs(new - rank).sum() < tolerance
        rank = new
        if converged:
            break
    return {node: float(rank[i]) for node, i in index.items()}


@dataclass
class Analysis:
    reach: list[dict]
    centrality: list[dict]
    communities: list[dict]
    chains: list[dict]
    lags: list[dict]


def shared_mandates(acting: dict[str, set[str]]) -> nx.Graph:
    """Units joined by the number of mandates they both act on (the bipartite projection units × mandates,
    weighted as networkx's weighted_projected_graph weights it), every unit a node: built from the product of
    the incidence matrix with itself, in sorted order. networkx's own took 3 s at 10,000 reports (707 units,
    ~250,000 pairs: they share the national mandates), and its edge order followed set order."""
    units = sorted(acting)
    projection = nx.Graph()
    projection.add_nodes_from(units)
    mandates = sorted(set().union(*acting.values())) if acting else []
    if not mandates:
        return projection
    column = {m: j for j, m in enumerate(mandates)}
    incidence = np.zeros((len(units), len(mandates)), dtype=np.int64)
    for i, unit in enumerate(units):
        incidence[i, [column[m] for m in acting[unit]]] = 1
    shared = np.triu(incidence @ incidence.T, k=1)
    first, second = np.nonzero(shared)
    projection.add_weighted_edges_from(zip((units[i] for i in first), (units[j] for j in second),
                                           shared[first, second].tolist()))
    return projection


def analyze(store, top: int = 10) -> Analysis:
    graph = network(store)
    label = lambda n: graph.nodes[n].get("label", n)  # noqa: E731
    applies = _relation_view(graph, {"applies"})
    acting = district_mandates(graph, applies)
    mandates = sorted(n for n, t in graph.nodes(data="type") if t == "mandate")
    reach = sorted(({"mandate": label(m), "iri": m, "districts": sum(m in acted for acted in acting.values()),
                     "names": sorted(label(d) for d, acted in acting.items() if m in acted)} for m in mandates),
                   key=lambda r: (-r["districts"], r["mandate"]))
    citations = _relation_view(graph, {"applies", "acts_on", "conforms_to", "based_on", "issued", "responds_to", "cites",
                                       "repeals", "amends"})
    documents = [n for n, t in graph.nodes(data="type") if t in ("document", "mandate")]
    rank = pagerank(citations)
    indegree = dict(citations.in_degree())
    centrality = sorted(({"document": label(n), "iri": n, "pagerank": round(rank.get(n, 0.0), 4),
                          "cited_by": indegree.get(n, 0)} for n in documents),
                        key=lambda r: (-r["pagerank"], r["document"]))[:top]
    # Districts that act on the same mandates belong together: the bipartite projection's communities.
    # Nodes and edges in sorted order, groups sorted: the result must not depend on the order an engine
    # returns rows in (Louvain visits nodes and neighbours in insertion order, after its seeded shuffle).
    projection = shared_mandates(acting)
    # Louvain (seeded: the same groups every run): greedy modularity took 10 s on the 707 units of 10,000
    # reports, Louvain 2 s, to the same modularity there (0.0035).
    groups = community.louvain_communities(projection, weight="weight", seed=COMMUNITY_SEED) \
        if projection.number_of_edges() else [{d} for d in acting]
    groups = sorted((sorted(group) for group in groups), key=lambda g: (-len(g), g))
    communities = [{"community": i + 1, "districts": sorted(label(d) for d in group),
                    "shared_mandates": sorted(label(m) for m in set.intersection(*(acting[d] for d in group)))}
                   for i, group in enumerate(groups)]
    chains = []
    for start in (n for n in applies if applies.in_degree(n) == 0 and applies.out_degree(n) > 0):
        for end in (n for n in nx.descendants(applies, start) if applies.out_degree(n) == 0):
            for path in nx.all_simple_paths(applies, start, end):
                chains.append({"length": len(path) - 1, "chain": " → ".join(label(n) for n in path)})
    chains.sort(key=lambda c: (-c["length"], c["chain"]))
    by_mandate: dict[str, list[int]] = {}  # by IRI: a local number (04-NQ/TU) is not unique across issuers
    number: dict[str, str] = {}
    for r in _rows(store, "mandate-implementation"):
        by_mandate.setdefault(r.mandate, []).append(r.lagDays)
        number[r.mandate] = r.mandateNumber
    lags = [{"mandate": number[m], "iri": m, "districts": len(v), "min_days": min(v),
             "median_days": statistics.median(v), "mean_days": round(statistics.mean(v), 1), "max_days": max(v)}
            for m, v in sorted(by_mandate.items(), key=lambda item: (number[item[0]], item[0]))]
    return Analysis(reach[:top], centrality, communities, chains[:top], lags)

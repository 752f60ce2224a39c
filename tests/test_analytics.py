"""Network analytics on the sample graph, cross-checked against the gap queries."""

from __future__ import annotations

from policykg.analytics import analyze, district_mandates, network, pagerank
from policykg.reports.gaps import collect


def test_reach_agrees_with_the_gap_matrix(sample_store):
    graph = network(sample_store)
    acting = district_mandates(graph)
    label = lambda n: graph.nodes[n]["label"]  # noqa: E731
    from_network = {(label(d), label(m)) for d, ms in acting.items() for m in ms}
    from_gaps = {(c.districtName, c.mandateNumber) for c in collect(sample_store).cells
                 if c.status in ("implemented", "cited")}
    assert from_gaps <= from_network
    assert ("Huyện Hớn Quản", "04-NQ/TU") in from_network


def test_the_network_joined_in_python_is_analysis_network(sample_store, monkeypatch):
    """`analyze` joins network-edges with each node's kind and label (network-nodes) itself: the same nodes,
    kinds, labels and edges as the named query analysis-network gives, row by row, also when the nodes are
    asked for a few at a time."""
    import policykg.analytics as analytics
    from policykg.analytics import _rows

    expected = {(r.source, r.sourceType, r.sourceLabel, r.relation, r.target, r.targetType, r.targetLabel)
                for r in _rows(sample_store, "analysis-network")}
    for per_query in (analytics.NODES_PER_QUERY, 7):
        monkeypatch.setattr(analytics, "NODES_PER_QUERY", per_query)
        graph = network(sample_store)
        joined = {(u, graph.nodes[u]["type"], graph.nodes[u]["label"], relation, v, graph.nodes[v]["type"],
                   graph.nodes[v]["label"]) for u, v, relation in graph.edges(data="relation")}
        assert joined == expected and len(expected) > 100, per_query
    kinds = {graph.nodes[n]["type"] for n in graph}
    assert kinds >= {"report", "mandate", "body", "district", "document"}


def test_analysis_sections(sample_store):
    result = analyze(sample_store)
    reach = {r["mandate"]: r["districts"] for r in result.reach}
    assert reach["43/2011/NĐ-CP"] == 2 and reach["04-NQ/TU"] == 1
    # the longest first: the catalog's own programmes make chains of two (92/KH-UBND → 469-KH/TU → 57-NQ/TW)
    assert result.chains[0]["length"] >= 2 and "92/KH-UBND → 469-KH/TU → 57-NQ/TW" in {c["chain"] for c in result.chains}
    chains = {c["chain"] for c in analyze(sample_store, top=100).chains}
    assert chains >= {"30-KH/HU → 04-NQ/TU", "3916/KH-UBND → 749/QĐ-TTg"}
    assert {(l["mandate"], l["median_days"]) for l in result.lags} >= {("04-NQ/TU", 73)}
    assert sum(len(c["districts"]) for c in result.communities) == 5
    assert result.centrality[0]["pagerank"] >= result.centrality[-1]["pagerank"]


def test_pagerank_sums_to_one_and_favours_the_cited():
    import networkx as nx

    g = nx.DiGraph([("a", "c"), ("b", "c"), ("c", "d")])
    rank = pagerank(g)
    assert abs(sum(rank.values()) - 1) < 1e-6 and rank["d"] > rank["a"] and rank["c"] > rank["b"]


def test_pagerank_is_the_fixed_point_of_its_definition_on_the_sample_network(sample_store):
    """Each node's rank is what its citers pass it (each its rank over its out-degree), damped, plus the
    teleport share and the dangling nodes' rank shared by all: checked node by node in plain Python."""
    from policykg.analytics import _relation_view

    graph = _relation_view(network(sample_store), {"applies", "acts_on", "conforms_to", "based_on", "cites"})
    rank, n, damping = pagerank(graph), graph.number_of_nodes(), 0.85
    dangling = sum(rank[u] for u in graph if graph.out_degree(u) == 0)
    for v in graph:
        passed = sum(rank[u] / graph.out_degree(u) for u, _ in graph.in_edges(v))
        assert abs(rank[v] - (damping * passed + (1 - damping) / n + damping * dangling / n)) < 1e-9, v
    assert abs(sum(rank.values()) - 1) < 1e-9 and n > 100


def test_walk_fetches_the_same_neighbourhood_as_the_whole_network(sample_store):
    from policykg.analytics import walk
    from policykg.explorer.graphview import neighbourhood

    whole = network(sample_store)
    for centre in ("https://w3id.org/policykg/id/doc/vn/43-2011-nd-cp", "https://w3id.org/policykg/id/unit/district/694"):
        for depth in (1, 2):
            walked = walk(sample_store, centre, depth, cap=10_000)
            assert set(walked.nodes) == set(neighbourhood(whole, centre, depth, 10_000).nodes), (centre, depth)
    assert walk(sample_store, "https://w3id.org/policykg/id/doc/vn/43-2011-nd-cp", 2, cap=5).number_of_nodes() < \
        walk(sample_store, "https://w3id.org/policykg/id/doc/vn/43-2011-nd-cp", 2, cap=10_000).number_of_nodes()


def test_mandates_reached_backwards_are_those_reached_forwards(sample_store):
    """district_mandates walks back from each mandate once; forward from each of a district's documents (the
    definition) it gives the same sets."""
    import networkx as nx

    from policykg.analytics import _relation_view

    graph = network(sample_store)
    applies = _relation_view(graph, {"applies"})
    mandates = {n for n, t in graph.nodes(data="type") if t == "mandate"}
    acting = district_mandates(graph, applies)
    for district, acted in acting.items():
        documents = {doc for body, _, rel in graph.in_edges(district, data="relation") if rel == "governs"
                     for doc, _, rel2 in graph.in_edges(body, data="relation") if rel2 == "passed_by"}
        forward = set().union(*(nx.descendants(applies, doc) & mandates for doc in documents))
        said = {m for report, _, rel in graph.in_edges(district, data="relation") if rel == "about"
                for _, m, rel2 in graph.out_edges(report, data="relation")
                if rel2 in ("acts_on", "conforms_to", "based_on") and m in mandates}
        assert acted == forward | said, district
    assert any(acting.values())
    # a district plan applying a provincial plan that applies the mandate: two steps back (none in the samples)
    chain = nx.MultiDiGraph()
    chain.add_nodes_from([("d", {"type": "district"}), ("m", {"type": "mandate"}), ("b", {"type": "body"})])
    for u, v, rel in (("b", "d", "governs"), ("plan", "b", "passed_by"), ("plan", "provincial", "applies"),
                      ("provincial", "m", "applies")):
        chain.add_edge(u, v, relation=rel)
    assert district_mandates(chain) == {"d": {"m"}}


def test_shared_mandates_is_networkxs_weighted_projection(sample_store):
    """The units' projection from the incidence matrix: the same nodes, pairs and weights as networkx's
    weighted_projected_graph, on the samples and on generated memberships (empty sets, a unit alone)."""
    import random

    import networkx as nx

    from policykg.analytics import shared_mandates

    def networkx_projection(acting):
        if not any(acting.values()):  # networkx refuses a graph of units alone: no pairs
            return nx.empty_graph(sorted(acting))
        bipartite = nx.Graph()
        bipartite.add_nodes_from(sorted(acting))
        bipartite.add_edges_from((d, ("m", m)) for d in acting for m in acting[d])
        return nx.bipartite.weighted_projected_graph(bipartite, sorted(acting))

    def same(acting):
        ours, theirs = shared_mandates(acting), networkx_projection(acting)
        assert set(ours) == set(theirs)
        assert {frozenset(e): w for *e, w in ours.edges(data="weight")} == \
            {frozenset(e): w for *e, w in theirs.edges(data="weight")}
        return ours

    assert same(district_mandates(network(sample_store))).number_of_edges() > 0
    rng = random.Random(7)
    for _ in range(50):
        acting = {f"u{i}": {f"m{rng.randrange(6)}" for _ in range(rng.randrange(4))} for i in range(rng.randrange(1, 12))}
        same(acting)

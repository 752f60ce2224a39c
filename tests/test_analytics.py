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

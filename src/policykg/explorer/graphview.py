"""A pyvis neighbourhood view that works offline and stays inert whatever the reports say.

vis-network is inlined by pyvis; its template's CDN and node_modules tags are removed. Labels and tooltips
lose the characters HTML needs (<, >, &, quotes), so no report text can become markup or script. Physics runs
until the layout stabilises, then stops, so hundreds of nodes stay responsive."""

from __future__ import annotations

import json
import re

import networkx as nx
from pyvis.network import Network

COLOURS = {"report": "#6a3d9a", "mandate": "#b2182b", "document": "#2166ac", "body": "#33a02c",
           "district": "#ff7f00", "unit": "#b15928"}
_EXTERNAL = re.compile(r'<(?:script|link)[^>]*(?:src|href)="(?:https?:)?//[^"]*"[^>]*>(?:\s*</script>)?'
                       r'|<(?:script|link)[^>]*(?:src|href)="\.\./node_modules/[^"]*"[^>]*>(?:\s*</script>)?')
_UNSAFE = str.maketrans({"<": "‹", ">": "›", "&": "+", '"': "”", "'": "’"})


def inert(text: str) -> str:
    return str(text).translate(_UNSAFE)


def neighbourhood(graph: nx.MultiDiGraph, centre: str, depth: int, cap: int, types: set[str] | None = None,
                  relations: set[str] | None = None) -> nx.MultiDiGraph:
    """Nodes within `depth` steps of `centre` (either direction), filtered, at most `cap` nodes (nearest first)."""
    keep_edge = lambda rel: relations is None or rel in relations  # noqa: E731
    keep_node = lambda n: n == centre or types is None or graph.nodes[n].get("type") in types  # noqa: E731
    # Paths run only through nodes that are shown: a node reached only through a filtered-out one would be an
    # orphan, floating with no edge to anything on the screen.
    undirected = nx.Graph()
    undirected.add_nodes_from(n for n in graph.nodes if keep_node(n))
    undirected.add_edges_from((u, v) for u, v, rel in graph.edges(data="relation")
                              if keep_edge(rel) and keep_node(u) and keep_node(v))
    distances = nx.single_source_shortest_path_length(undirected, centre, cutoff=depth) if centre in graph else {}
    chosen = [n for n, _ in sorted(distances.items(), key=lambda kv: (kv[1], str(kv[0])))][:cap]
    sub = nx.MultiDiGraph()
    sub.add_nodes_from((n, graph.nodes[n]) for n in chosen)
    sub.add_edges_from((u, v, d) for u, v, d in graph.edges(chosen, data=True) if v in sub and keep_edge(d["relation"]))
    return sub


def render(sub: nx.MultiDiGraph, centre: str, height: int = 620, say=lambda word: word,
           href=lambda node: None) -> str:
    """The view as a page: `say` puts a node type or a relation in the reader's language; `href` gives the
    explorer page a node opens (a click opens it in a new tab)."""
    net = Network(height=f"{height}px", width="100%", directed=True, cdn_resources="in_line")
    pages = {}
    for node, data in sub.nodes(data=True):
        kind = data.get("type", "document")
        net.add_node(str(node), label=inert(data.get("label", node))[:60],
                     title=inert(f"{say(kind)}: {data.get('label', node)}"),
                     color=COLOURS.get(kind, "#999999"), size=28 if node == centre else 16, shape="dot")
        target = href(node)
        if target and target.startswith("/"):  # only the explorer's own pages
            pages[str(node)] = target
    for u, v, rel in sub.edges(data="relation"):
        net.add_edge(str(u), str(v), title=inert(say(rel)), label=inert(say(rel)), arrows="to", font={"size": 9})
    net.set_options('{"physics": {"stabilization": {"iterations": 300, "fit": true}, '
                    '"barnesHut": {"gravitationalConstant": -6000, "springLength": 140}}, '
                    '"interaction": {"hover": true, "navigationButtons": false}}')
    page = net.generate_html(notebook=False)
    page = _EXTERNAL.sub("", page)
    # Stop the physics once the layout has settled: big neighbourhoods stay responsive.
    # A node opens its page: the addresses are the explorer's own, written as JSON (no report text in them).
    opener = ('<script>var pages = ' + json.dumps(pages).replace("<", "\\u003c") + ';'
              'network.on("click", function (p) { if (p.nodes.length && pages[p.nodes[0]]) {'
              ' window.open(pages[p.nodes[0]], "_blank"); } });</script>')
    return page.replace("</body>", '<script>network.once("stabilizationIterationsDone", function () {'
                                   ' network.setOptions({physics: false}); });</script>' + opener + '</body>')


def legend(kinds, say=lambda word: word) -> str:
    """The colours of the node types shown, as HTML (the type names are the project's words, escaped anyway)."""
    import html

    return " ".join(f"<span style='white-space:nowrap;margin-right:14px'><span style='display:inline-block;"
                    f"width:12px;height:12px;border-radius:6px;background:{COLOURS.get(k, '#999999')};"
                    f"vertical-align:middle'></span> {html.escape(say(k))}</span>" for k in kinds)

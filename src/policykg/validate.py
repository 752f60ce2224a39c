"""SHACL validation of the built graph, a few named graphs at a time: memory follows the largest graph (the
admin units), not the store.

Each batch is its graphs' triples and their context: every triple (from any graph) whose subject a batch triple
names, the types of those triples' objects, and the ontology (for sh:class through rdfs:subClassOf). A node is
thus validated with its whole description, wherever its triples live (a document's dates from several reports,
its number in the catalog), and every sh:class has the type it checks. The shapes use no longer paths, so this
equals validating the union at once (tests/test_build.py compares the two). A node validated in two batches is
reported once.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import rdflib
from pyoxigraph import BlankNode, NamedNode, RdfFormat, Triple, serialize
from pyshacl import validate as shacl_validate

from policykg.namespaces import ONTOLOGY_GRAPH, RDF, STAGING_PREFIX
from policykg.paths import ontology_dir

SH = rdflib.Namespace("http://www.w3.org/ns/shacl#")
BATCH_TRIPLES = 50_000  # graphs are validated together up to this many triples (pyshacl's cost per call amortised)
_TYPE = NamedNode(RDF + "type")


@dataclass(frozen=True)
class Finding:
    severity: str  # Violation | Warning | Info
    focus: str
    path: str
    message: str


def validate_store(store, graphs: Iterable[str] | None = None) -> list[Finding]:
    """Findings for these graphs (default: every graph of the store), batch by batch."""
    dataset = store.snapshot()  # the embedded store itself; a server's graphs copied whole (pyoxigraph, compact)
    shapes = rdflib.Graph().parse(ontology_dir() / "shapes.ttl", format="turtle")
    ontology = [q.triple for q in dataset.quads_for_pattern(None, None, None, NamedNode(ONTOLOGY_GRAPH))]
    findings: set[Finding] = set()
    for batch in _batches(dataset, sorted(graphs) if graphs is not None else store.graphs()):
        context, described = _with_context(dataset, batch)
        findings |= _validate(context + ontology, shapes, focus=described)
    return sorted(findings, key=lambda f: (f.severity != "Violation", f.focus, f.path, f.message))


def _batches(dataset, graphs: list[str]):
    batch: list[Triple] = []
    for graph in graphs:
        triples = [q.triple for q in dataset.quads_for_pattern(None, None, None, NamedNode(graph))]
        if batch and len(batch) + len(triples) > BATCH_TRIPLES:
            yield batch
            batch = []
        batch += triples
    if batch:
        yield batch


def _with_context(dataset, triples: list[Triple]) -> tuple[list[Triple], set]:
    """The triples, the whole description of every node they name as subject or object, and the types of the
    objects of those descriptions; and the nodes described whole (the only ones validated: a node present by
    its type alone would lack the rest of its description)."""
    nodes = {t.subject for t in triples} | {t.object for t in triples if isinstance(t.object, (NamedNode, BlankNode))}
    described = {q.triple for n in nodes for q in dataset.quads_for_pattern(n, None, None, None) if _seen(q)}
    objects = {t.object for t in described if isinstance(t.object, NamedNode)} - nodes
    typed = {q.triple for o in objects for q in dataset.quads_for_pattern(o, _TYPE, None, None) if _seen(q)}
    return list(set(triples) | described | typed), nodes


def _seen(quad) -> bool:
    """Not in a staging graph a killed write left (a reader never sees those)."""
    return not getattr(quad.graph_name, "value", "").startswith(STAGING_PREFIX)


def _validate(triples: list[Triple], shapes: rdflib.Graph, focus: set | None = None) -> set[Finding]:
    data = rdflib.Graph()
    data.parse(data=serialize(triples, format=RdfFormat.N_TRIPLES).decode("utf-8"), format="nt")
    if focus is not None and any(isinstance(n, BlankNode) for n in focus):
        focus = None  # pyshacl filters focus nodes to IRIs: a graph with blank nodes is validated whole
    nodes = None if focus is None else [rdflib.URIRef(n.value) for n in focus]
    # No inference needed: sh:class follows rdfs:subClassOf in the data, and the ontology is part of it.
    _, report, _ = shacl_validate(data, shacl_graph=shapes, inference="none", advanced=True, allow_warnings=True,
                                  focus_nodes=nodes)
    return {Finding(severity=str(report.value(result, SH.resultSeverity)).rsplit("#", 1)[-1],
                    focus=str(report.value(result, SH.focusNode)),
                    path=str(report.value(result, SH.resultPath) or ""),
                    message=str(report.value(result, SH.resultMessage) or ""))
            for result in report.subjects(rdflib.RDF.type, SH.ValidationResult)}


def validate_union(store) -> list[Finding]:
    """The whole store validated at once, in memory: what validate_store must equal (tests compare them)."""
    shapes = rdflib.Graph().parse(ontology_dir() / "shapes.ttl", format="turtle")
    triples = [q.triple for q in store.snapshot() if _seen(q)]
    return sorted(_validate(triples, shapes), key=lambda f: (f.severity != "Violation", f.focus, f.path, f.message))

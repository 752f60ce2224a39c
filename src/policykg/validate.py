"""SHACL validation of the built graph.

The whole store: every constraint of shapes.ttl compiled to SPARQL (queries/shacl/, one file per SHACL Core
component the shapes use) and run on the store, so memory and time follow the query engine, not an in-memory
copy (validate_with_sparql; tests compare it with pyshacl on the union). Chosen graphs (`--graph`): pyshacl, a
few named graphs at a time: memory follows the largest graph (the admin units), not the store.

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
from pathlib import Path

import rdflib
import rdflib.collection
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
    """Findings for the whole store (compiled to SPARQL), or for these graphs (pyshacl, batch by batch)."""
    if graphs is None:
        return validate_with_sparql(store)
    return validate_graphs(store, graphs)


def validate_graphs(store, graphs: Iterable[str] | None = None) -> list[Finding]:
    """Findings for these graphs (default: every graph of the store) with pyshacl, batch by batch."""
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


# ---------------------------------------------------------------- SHACL Core compiled to SPARQL

SHACL_QUERIES = Path(__file__).parent / "queries" / "shacl"
# constraint component -> (its query file, what the finding says when the shape gives no sh:message)
COMPONENTS = {
    "minCount": ("min-count", "fewer than {arg} value(s)"),
    "maxCount": ("max-count", "more than {arg} value(s)"),
    "class": ("class", "a value that is not a {arg}"),
    "datatype": ("datatype", "a value that is not a literal of type {arg}"),
    "pattern": ("pattern", "a value that does not match {arg}"),
    "in": ("in", "a value that is none of {arg}"),
    "minInclusive": ("min-inclusive", "a value below {arg}"),
    "maxInclusive": ("max-inclusive", "a value above {arg}"),
    "minLength": ("min-length", "a value shorter than {arg}"),
    "lessThan": ("less-than", "a value not less than {arg}"),
    "lessThanOrEquals": ("less-than-or-equals", "a value greater than {arg}"),
}


@dataclass(frozen=True)
class Check:
    """One constraint of one property shape, as the SPARQL query that finds the nodes breaking it."""
    severity: str
    path: str
    component: str
    message: str
    query: str


def _term(node) -> str:
    if isinstance(node, rdflib.URIRef):
        return f"<{node}>"
    if isinstance(node, rdflib.Literal):
        return node.n3()
    raise ValueError(f"shapes.ttl: a blank node where a term was expected ({node})")


def compile_shapes(shapes: rdflib.Graph, subclasses) -> list[Check]:
    """Every (property shape, constraint) of the shapes as a Check; `subclasses(iri)` gives a class and its
    subclasses (SHACL's instances of a class include its subclasses' instances). A component policykg does not
    compile is an error, never a constraint silently dropped."""
    templates = {name: (SHACL_QUERIES / f"{file}.rq").read_text(encoding="utf-8") for name, (file, _) in COMPONENTS.items()}
    checks = []
    for shape in shapes.subjects(rdflib.RDF.type, SH.NodeShape):
        classes = [c for root in shapes.objects(shape, SH.targetClass) for c in subclasses(str(root))]
        targets = []
        if classes:
            targets.append("{ VALUES ?targetClass { " + " ".join(f"<{c}>" for c in classes) + " } ?focus a ?targetClass }")
        targets += [f"{{ ?anySubject <{p}> ?focus }}" for p in shapes.objects(shape, SH.targetObjectsOf)]
        if not targets:
            continue
        target = " UNION ".join(targets)
        for prop in shapes.objects(shape, SH.property):
            path = shapes.value(prop, SH.path)
            if not isinstance(path, rdflib.URIRef):
                raise ValueError(f"shapes.ttl: only single-property paths are compiled ({path})")
            severity = str(shapes.value(prop, SH.severity) or SH.Violation).rsplit("#", 1)[-1]
            message = shapes.value(prop, SH.message)
            for predicate, value in shapes.predicate_objects(prop):
                name = str(predicate).rsplit("#", 1)[-1]
                if not str(predicate).startswith(str(SH)) or name in ("path", "severity", "message", "name",
                                                                        "description", "order", "group"):
                    continue
                if name not in COMPONENTS:
                    raise ValueError(f"shapes.ttl: the constraint sh:{name} is not compiled to SPARQL "
                                     f"(policykg/validate.py COMPONENTS)")
                if name == "class":
                    arg = " ".join(f"<{c}>" for c in subclasses(str(value)))
                elif name == "in":
                    arg = ", ".join(_term(v) for v in rdflib.collection.Collection(shapes, value))
                else:
                    arg = _term(value)
                said = str(message) if message else COMPONENTS[name][1].format(arg=_term(value) if name != "in" else arg)
                query = templates[name].replace("$TARGET", target).replace("$PATH", f"<{path}>").replace("$ARG", arg)
                checks.append(Check(severity, str(path), name, said, query))
    return checks


def validate_with_sparql(store) -> list[Finding]:
    """Every constraint of shapes.ttl checked by a query on the store: one finding per node and constraint."""
    shapes = rdflib.Graph().parse(ontology_dir() / "shapes.ttl", format="turtle")
    subclass_query = (SHACL_QUERIES / "subclasses.rq").read_text(encoding="utf-8")
    known: dict[str, list[str]] = {}

    def subclasses(iri: str) -> list[str]:
        if iri not in known:
            rows = store.query(subclass_query.replace("$ARG", f"<{iri}>"))
            known[iri] = sorted({row[0].value for row in rows} | {iri})
        return known[iri]

    findings = set()
    for check in compile_shapes(shapes, subclasses):
        for row in store.query(check.query):
            findings.add(Finding(check.severity, row[0].value, check.path, check.message))
    return sorted(findings, key=lambda f: (f.severity != "Violation", f.focus, f.path, f.message))

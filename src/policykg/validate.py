"""SHACL validation of the built graph (ontology/shapes.ttl), where each part of it is cheapest to check.

- A report's own nodes (the report, its citations, statements, observations …: described in its graph and
  nowhere else) are checked when the report is written, in the worker that extracts it, on the quads in hand
  (policykg.shapes, in Python). The findings are stored in the report's graph as a sh:ValidationReport stamped
  with what it was checked against (the shapes, the checker and the reference data), so they are replaced with
  the report and read back by `policykg validate` in one query.
- Every other node (documents, catalog facts, obligations, units, issuing bodies: described across graphs, or
  in the reference graphs) is checked by SPARQL on the store: each constraint compiled from a template
  (queries/shacl/, one file per SHACL Core component the shapes use), its targets read from the graphs that
  are not report graphs.
- A report graph whose stored check is missing or was made against other shapes or reference data is checked
  now, graph by graph (`full=True`: every one, for a store edited outside policykg).
- With chosen graphs (`--graph`): pyshacl, a few graphs at a time, each with the whole description of every
  node it names.
Tests hold the three ways equal to pyshacl over the union.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import rdflib
from pyoxigraph import BlankNode, Literal, NamedNode, Quad, RdfFormat, Triple, parse, serialize

from policykg.namespaces import (CATALOG_GRAPH, ID, ONTOLOGY_GRAPH, PKG, RDF, REPORT_GRAPH_PREFIX, RDFS,
                                 STAGING_PREFIX)
from policykg.paths import ontology_dir, reference_sources
from policykg.query.loader import protocol_query
from policykg.query.runner import bind, select
from policykg.shapes import DEFAULT_MESSAGES, Finding, Shape, check_described, read_shapes, subclass_closure

__all__ = ["Finding", "Validation", "validate", "validate_store", "validate_graphs", "validate_union",
           "validate_with_sparql", "check_report", "checks_fingerprint", "COMPONENTS"]

SH = rdflib.Namespace("http://www.w3.org/ns/shacl#")
BATCH_TRIPLES = 50_000  # graphs are validated together up to this many triples (pyshacl's cost per call amortised)
_TYPE = NamedNode(RDF + "type")


def validate_graphs(store, graphs: Iterable[str] | None = None) -> list[Finding]:
    """Findings for these graphs (default: every graph of the store) with pyshacl, batch by batch."""
    dataset = store.snapshot()  # the embedded store itself; a server's graphs copied whole (pyoxigraph, compact)
    shapes = _shapes_graph()
    ontology = [q.triple for q in dataset.quads_for_pattern(None, None, None, NamedNode(ONTOLOGY_GRAPH))]
    findings: set[Finding] = set()
    for batch in _batches(dataset, sorted(graphs) if graphs is not None else store.graphs()):
        context, described = _with_context(dataset, batch)
        findings |= _validate(context + ontology, shapes, focus=described)
    return _sorted(findings)


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
    from pyshacl import validate as shacl_validate  # not imported by the build's workers (0.15 s)

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
    shapes = _shapes_graph()
    triples = [q.triple for q in store.snapshot() if _seen(q)]
    return _sorted(_validate(triples, shapes))


def _sorted(findings: Iterable[Finding]) -> list[Finding]:
    return sorted(findings, key=lambda f: (f.severity != "Violation", f.focus, f.path, f.message))


def _shapes_graph() -> rdflib.Graph:
    return rdflib.Graph().parse(ontology_dir() / "shapes.ttl", format="turtle")


# ---------------------------------------------------------------- the whole store

@dataclass
class Validation:
    findings: list[Finding]
    recorded: int = 0  # report graphs whose check, made when they were written, was read back
    checked_now: list[str] = field(default_factory=list)  # report graphs checked now (no current stored check)


def validate_store(store, graphs: Iterable[str] | None = None, full: bool = False) -> list[Finding]:
    """Findings for the whole store, or for these graphs (pyshacl, batch by batch)."""
    if graphs is not None:
        return validate_graphs(store, graphs)
    return validate(store, full).findings


def validate(store, full: bool = False) -> Validation:
    """The whole store: each report graph's check as stored when it was written (checked now when it has none
    made against the current shapes and reference data, or every one with `full`), and every other node by
    SPARQL on the store."""
    fingerprint = checks_fingerprint()
    reports = [g for g in store.graphs() if g.startswith(REPORT_GRAPH_PREFIX)]
    current = set() if full else set(reports) & {  # a staging copy's is not one
        row.g for row in select(store, protocol_query("validation-records"), {"fingerprint": fingerprint})}
    findings = {Finding(row.severity.rsplit("#", 1)[-1], row.focus, row.path, row.message)
                for row in select(store, protocol_query("validation-findings"), {"fingerprint": fingerprint})
                if row.g in current} if current else set()
    stale = [g for g in reports if g not in current]
    if stale:
        shapes = read_shapes(_shapes_graph(), _store_subclasses(store))
        for graph in stale:
            findings |= check_graph(store, graph, shapes)
    findings |= set(validate_with_sparql(store, beyond_reports=True))
    return Validation(_sorted(findings), recorded=len(current), checked_now=stale)


def check_graph(store, graph: str, shapes: list[Shape]) -> set[Finding]:
    """The nodes one report graph describes, checked now on its quads as stored (what was checked when it was
    written; the types of what they point to read from the store). A node other graphs describe too is checked
    with its whole description (never so in a graph policykg wrote)."""
    triples = []
    for name in ("graph-triples", "graph-shared-descriptions"):
        rows = store.query(bind(protocol_query(name), {"g": graph}, store, live=False))
        triples += [Triple(row["s"], row["p"], row["o"]) for row in rows]
    pointed = sorted({t.object.value for t in triples if isinstance(t.object, NamedNode)})
    types: dict[str, set[str]] = {}
    for row in select(store, protocol_query("node-types"), {"node": pointed}) if pointed else ():
        types.setdefault(row.node, set()).add(row.type)
    return check_described(_without_record(triples), shapes, types)


def _without_record(triples):
    """The report's facts, without the stored check itself (never a target; it is not what was checked)."""
    record = {t.subject for t in triples if t.predicate.value == _RDF_TYPE and t.object.value in _RECORD_TYPES}
    return [t for t in triples if t.subject not in record]


def _store_subclasses(store):
    subclass_query = (SHACL_QUERIES / "subclasses.rq").read_text(encoding="utf-8")

    @lru_cache(maxsize=None)
    def subclasses(iri: str) -> list[str]:
        rows = store.query(subclass_query.replace("$ARG", f"<{iri}>"))
        return sorted({row[0].value for row in rows} | {iri})

    return subclasses


# ---------------------------------------------------------------- a report's check, when it is written

_RDF_TYPE = RDF + "type"
_SH = "http://www.w3.org/ns/shacl#"
_RECORD_TYPES = {_SH + "ValidationReport", _SH + "ValidationResult"}


def checks_fingerprint() -> str:
    """What a report's stored check was made against: the shapes, the checker and the reference data (whose
    types sh:class reads). Another one makes the stored check stale."""
    digest = hashlib.sha256()
    for path in (ontology_dir() / "shapes.ttl", Path(__file__).with_name("shapes.py"), *reference_sources()):
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


@lru_cache(maxsize=2)
def write_time_checks(today: str) -> tuple[list[Shape], dict[str, tuple[str, ...]], str]:
    """The shapes, the types of the reference graphs' nodes, and the fingerprint: once per process."""
    from policykg.catalog import load_catalog
    from policykg.gazetteer import load_gazetteer
    from policykg.graph.catalog import catalog_quads
    from policykg.graph.vocabulary import vocabulary_quads

    ontology = list(parse(path=str(ontology_dir() / "policykg.ttl"), format=RdfFormat.TURTLE))
    vocabulary = vocabulary_quads(ONTOLOGY_GRAPH)
    pairs = [(t.subject.value, t.object.value) for t in [*ontology, *vocabulary]
             if t.predicate.value == RDFS + "subClassOf" and isinstance(t.object, NamedNode)]
    types: dict[str, tuple[str, ...]] = {}  # the admin units' are looked up when asked (_TypesWith)
    for q in [*catalog_quads(CATALOG_GRAPH, load_catalog(), load_gazetteer(), today), *vocabulary, *ontology]:
        if q.predicate.value == _RDF_TYPE:
            types[q.subject.value] = (*types.get(q.subject.value, ()), q.object.value)
    return read_shapes(_shapes_graph(), subclass_closure(pairs)), types, checks_fingerprint()


def check_report(graph: str, quads: list[Quad], shared: list[Quad], today: str) -> list[Quad]:
    """The check of one report's nodes, as quads for its graph: a sh:ValidationReport stamped with the
    fingerprint of what it was checked against, and a sh:ValidationResult per finding. `quads` are the report
    graph's, `shared` the entity facts it adds elsewhere (the types of documents and bodies it names)."""
    shapes, reference, fingerprint = write_time_checks(today)
    types = _TypesWith(reference, shared)
    findings = sorted(check_described(quads, shapes, types), key=lambda f: (f.focus, f.path, f.severity, f.message))
    node = NamedNode(f"{ID}validation/{graph.removeprefix(REPORT_GRAPH_PREFIX)}")
    g = NamedNode(graph)
    sh = lambda name: NamedNode(_SH + name)  # noqa: E731
    out = [Quad(node, NamedNode(_RDF_TYPE), sh("ValidationReport"), g),
           Quad(node, sh("conforms"), Literal(not findings), g),
           Quad(node, NamedNode(PKG + "checkedAgainst"), Literal(fingerprint), g)]
    for f in findings:
        key = hashlib.md5(f"{f.severity} {f.focus} {f.path} {f.message}".encode()).hexdigest()[:16]
        result = NamedNode(f"{node.value}/{key}")
        out += [Quad(node, sh("result"), result, g),
                Quad(result, NamedNode(_RDF_TYPE), sh("ValidationResult"), g),
                Quad(result, sh("focusNode"), NamedNode(f.focus), g),
                Quad(result, sh("resultPath"), NamedNode(f.path), g),
                Quad(result, sh("resultSeverity"), sh(f.severity), g),
                Quad(result, sh("resultMessage"), Literal(f.message), g)]
    return out


class _TypesWith(dict):
    """The types of the entity facts the report adds, of the reference graphs' nodes and of the admin units (the
    last two looked up, not copied)."""

    def __init__(self, reference: dict, shared: list[Quad]):
        super().__init__()
        self.reference = reference
        for q in shared:
            if q.predicate.value == _RDF_TYPE:
                self.setdefault(q.subject.value, []).append(q.object.value)

    def get(self, key, default=()):
        return (*dict.get(self, key, ()), *self.reference.get(key, ()), *_unit_types(key)) or default


def _unit_types(node: str) -> tuple[str, ...]:
    """The classes admin_quads gives the unit of this IRI (none when it is not a unit's): what a report's check
    needs of the admin graph, without building it (180,000 quads, 1.8 s) or typing every unit first (0.4 s)."""
    from policykg.domain.identity import parse_unit_iri
    from policykg.gazetteer import load_gazetteer
    from policykg.graph.admin import unit_classes

    parsed = parse_unit_iri(node)
    unit = load_gazetteer().unit(*parsed) if parsed else None
    return unit_classes(unit) if unit is not None and unit.iri == node else ()


# ---------------------------------------------------------------- SHACL Core compiled to SPARQL

SHACL_QUERIES = Path(__file__).parent / "queries" / "shacl"
# constraint component -> its query file
COMPONENTS = {
    "minCount": "min-count", "maxCount": "max-count", "class": "class", "datatype": "datatype", "pattern": "pattern",
    "in": "in", "minInclusive": "min-inclusive", "maxInclusive": "max-inclusive", "minLength": "min-length",
    "lessThan": "less-than", "lessThanOrEquals": "less-than-or-equals",
}
assert set(COMPONENTS) == set(DEFAULT_MESSAGES)


def _template(name: str) -> str:
    """A template's text without its comment lines."""
    lines = (SHACL_QUERIES / f"{name}.rq").read_text(encoding="utf-8").splitlines()
    return "\n".join(line for line in lines if not line.lstrip().startswith("#")).strip()


@dataclass(frozen=True)
class Check:
    """One constraint of one property shape, as the SPARQL query that finds the nodes breaking it."""
    severity: str
    path: str
    component: str
    message: str
    query: str


def compile_shapes(shapes: list[Shape], typed_in: list[str] | None = None) -> list[Check]:
    """Every (property shape, constraint) as a Check. `typed_in`: the targets of sh:targetClass are the nodes
    typed in these graphs (not every graph of the union); sh:targetObjectsOf's are the objects wherever they are."""
    templates = {name: _template(file) for name, file in COMPONENTS.items()}
    objects_of = _template("target-objects-of")
    checks = []
    for shape in shapes:
        targets = []
        if shape.classes and typed_in is None:
            targets.append("{ VALUES ?targetClass { " + " ".join(f"<{c}>" for c in sorted(shape.classes))
                           + " } ?focus a ?targetClass }")
        elif shape.classes:
            # One branch per graph and class: Oxigraph reads GRAPH ?g bound by VALUES by scanning every graph.
            targets += [f"{{ GRAPH <{g}> {{ ?focus a <{c}> }} }}" for g in typed_in for c in sorted(shape.classes)]
        targets += [objects_of.replace("$PATH", f"<{p}>") for p in shape.objects_of]
        if not targets:
            continue
        target = " UNION ".join(targets)
        for c in shape.constraints:
            query = templates[c.component].replace("$TARGET", target).replace("$PATH", f"<{c.path}>")
            checks.append(Check(c.severity, c.path, c.component, c.message, query.replace("$ARG", c.arg)))
    return checks


def validate_with_sparql(store, beyond_reports: bool = False) -> list[Finding]:
    """Every constraint of shapes.ttl checked by a query on the store: one finding per node and constraint.
    `beyond_reports`: only the nodes typed outside the report graphs (those are checked when written)."""
    typed_in = None
    if beyond_reports:
        typed_in = [g for g in store.graphs() if not g.startswith((REPORT_GRAPH_PREFIX, STAGING_PREFIX))]
    findings = set()
    for check in compile_shapes(read_shapes(_shapes_graph(), _store_subclasses(store)), typed_in):
        for row in store.query(check.query):
            findings.add(Finding(check.severity, row[0].value, check.path, check.message))
    return _sorted(findings)

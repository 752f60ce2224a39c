"""SHACL validation of the built graph (pyshacl over the union of this project's named graphs)."""

from __future__ import annotations

from dataclasses import dataclass

import rdflib
from pyoxigraph import RdfFormat, serialize
from pyshacl import validate as shacl_validate

from policykg.paths import ontology_dir
from policykg.store import GraphStore

SH = rdflib.Namespace("http://www.w3.org/ns/shacl#")


@dataclass
class Finding:
    severity: str  # Violation | Warning | Info
    focus: str
    path: str
    message: str


def union_graph(store: GraphStore) -> rdflib.Graph:
    """The store's graphs merged, from its snapshot: whole (a server's row cap does not cut it) and without a
    server's own system graphs."""
    triples = (q.triple for q in store.snapshot())
    graph = rdflib.Graph()
    graph.parse(data=serialize(triples, format=RdfFormat.N_TRIPLES).decode("utf-8"), format="nt")
    return graph


def validate_store(store: GraphStore) -> list[Finding]:
    data = union_graph(store)
    shapes = rdflib.Graph().parse(ontology_dir() / "shapes.ttl", format="turtle")
    # No inference needed: sh:class follows rdfs:subClassOf in the data, and the ontology graph is part of it.
    _, report, _ = shacl_validate(data, shacl_graph=shapes, inference="none", advanced=True, allow_warnings=True)
    findings = []
    for result in report.subjects(rdflib.RDF.type, SH.ValidationResult):
        severity = report.value(result, SH.resultSeverity)
        findings.append(Finding(
            severity=str(severity).rsplit("#", 1)[-1],
            focus=str(report.value(result, SH.focusNode)),
            path=str(report.value(result, SH.resultPath) or ""),
            message=str(report.value(result, SH.resultMessage) or ""),
        ))
    return sorted(findings, key=lambda f: (f.severity != "Violation", f.focus, f.path))

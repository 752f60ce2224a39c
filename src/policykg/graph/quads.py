"""A small builder for pyoxigraph quads with the project's namespaces."""

from __future__ import annotations

from collections.abc import Iterable
from typing import NamedTuple

from pyoxigraph import BlankNode, Literal, NamedNode, Quad

from policykg.namespaces import DCT, ELI, ORG, PKG, PROV, RDF, RDFS, SKOS, XSD
from policykg.terms import TERMS

_XSD = {name: NamedNode(XSD + name) for name in ("date", "integer", "nonNegativeInteger", "decimal", "boolean", "string")}


def iri(value: str) -> NamedNode:
    return NamedNode(value)


def pkg(name: str) -> NamedNode:
    """A term of policykg's ontology; a name the ontology does not declare is an error (policykg.terms)."""
    try:
        return _PKG_TERMS[name]  # made once: a report's graph asks ~1,000 times
    except KeyError:
        raise KeyError(f"pkg:{name} is not declared in ontology/policykg.ttl (then run scripts/generate_terms.py)") from None


_PKG_TERMS = {name: NamedNode(PKG + name) for name in TERMS}


def eli(name: str) -> NamedNode:
    return NamedNode(ELI + name)


def term(prefix: str, name: str) -> NamedNode:
    return NamedNode(prefix + name)


A = NamedNode(RDF + "type")
LABEL = NamedNode(RDFS + "label")
COMMENT = NamedNode(RDFS + "comment")
PREF = NamedNode(SKOS + "prefLabel")
NOTATION = NamedNode(SKOS + "notation")
IN_SCHEME = NamedNode(SKOS + "inScheme")
SOURCE = NamedNode(DCT + "source")
DERIVED = NamedNode(PROV + "wasDerivedFrom")
GENERATED = NamedNode(PROV + "wasGeneratedBy")
ORG_ORG = NamedNode(ORG + "Organization")


def text(value: str, lang: str | None = None) -> Literal:
    return Literal(value, language=lang) if lang else Literal(value)


def date(value: str) -> Literal:
    return Literal(value, datatype=_XSD["date"])


def integer(value: int) -> Literal:
    # xsd:integer, not a derived type: Oxigraph stores derived integer types as xsd:integer anyway.
    return Literal(str(value), datatype=_XSD["integer"])


def decimal(value: float) -> Literal:
    return Literal(repr(float(value)) if not float(value).is_integer() else f"{value:.1f}", datatype=_XSD["decimal"])


def boolean(value: bool) -> Literal:
    return Literal("true" if value else "false", datatype=_XSD["boolean"])


class Fact(NamedTuple):
    """A quad as a tuple of pyoxigraph terms, read as a pyoxigraph Quad is (subject, predicate, object,
    graph_name) without making one: pyoxigraph 0.5 takes 5-7 us to make a Quad whose object is a literal (it tries
    each kind of term in turn; 0.5 us for an IRI), and a report has ~500 such facts."""
    subject: NamedNode | BlankNode
    predicate: NamedNode
    object: NamedNode | BlankNode | Literal
    graph_name: NamedNode


class GraphBuilder:
    """Collects facts for one named graph; duplicates are harmless (the store keeps a set)."""

    def __init__(self, graph: str):
        self.graph = NamedNode(graph)
        self.facts: list[Fact] = []

    def add(self, s, p, o) -> None:
        if o is None:
            return
        self.facts.append(Fact(s if not isinstance(s, str) else NamedNode(s), p,
                               o if not isinstance(o, str) else Literal(o), self.graph))

    @property
    def quads(self) -> list[Quad]:
        """The facts as pyoxigraph quads, for the store's and the serialisers' interfaces."""
        return [Quad(*fact) for fact in self.facts]

    def labels(self, node, vi: str | None, en: str | None = None) -> None:
        if vi:
            self.add(node, LABEL, text(vi, "vi"))
        if en:
            self.add(node, LABEL, text(en, "en"))


def nquads(facts: Iterable) -> bytes:
    """N-Quads of facts or quads, as pyoxigraph's serialiser writes them: each term in its N-Triples form (the str
    of a pyoxigraph term). ~1.7 ms for a report's ~1,350 facts: slower than serialising quads (0.6 ms), faster than
    making the quads first (~1.5 ms more); prepare_report ~0.8 ms less a report in all."""
    return "".join([f"{s} {p} {o} {g} .\n" for s, p, o, g in facts]).encode()

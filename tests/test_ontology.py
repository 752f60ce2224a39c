"""The ontology: every policykg term has Vietnamese and English labels and comments, like ELI's own Turtle."""

from __future__ import annotations

import rdflib
from pyoxigraph import RdfFormat, serialize
from rdflib.namespace import RDF, RDFS, SKOS

from policykg.graph.vocabulary import vocabulary_quads
from policykg.namespaces import ONTOLOGY_GRAPH, PKG
from policykg.paths import ontology_dir


def test_every_term_has_vi_and_en_label_and_comment():
    g = rdflib.Graph().parse(ontology_dir() / "policykg.ttl", format="turtle")
    terms = {s for s in g.subjects(RDF.type, None) if isinstance(s, rdflib.URIRef) and str(s).startswith(PKG)}
    assert len(terms) > 60
    for term in terms:
        for prop in (RDFS.label, RDFS.comment):
            langs = {o.language for o in g.objects(term, prop)}
            assert {"vi", "en"} <= langs, f"{term} lacks a vi/en {prop}"


def test_deprecated_eli_implements_is_not_used():
    text = (ontology_dir() / "policykg.ttl").read_text(encoding="utf-8")
    assert "eli:implements" not in text


def test_generated_concepts_have_both_languages():
    data = serialize(vocabulary_quads(ONTOLOGY_GRAPH), format=RdfFormat.N_QUADS).decode("utf-8")
    g = rdflib.Dataset()
    g.parse(data=data, format="nquads")
    concepts = \
        {q[0] for q in g.quads((None, RDF.type, SKOS.Concept, None))}
    assert len(concepts) > 40
    for c in concepts:
        assert {q[2].language for q in g.quads((c, SKOS.prefLabel, None, None))} >= {"vi", "en"}, c


def test_shapes_parse_and_target_the_ontology():
    shapes = rdflib.Graph().parse(ontology_dir() / "shapes.ttl", format="turtle")
    targets = {str(o) for o in shapes.objects(None, rdflib.URIRef("http://www.w3.org/ns/shacl#targetClass"))}
    assert {PKG + "Report", PKG + "Citation", PKG + "CatalogFact", PKG + "District"} <= targets

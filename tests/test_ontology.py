"""The ontology: every policykg term has Vietnamese and English labels and comments, like ELI's own Turtle."""

from __future__ import annotations

from pathlib import Path

import rdflib
from pyoxigraph import RdfFormat, serialize
from rdflib.namespace import RDF, RDFS, SKOS

from policykg.graph.vocabulary import vocabulary_quads
from policykg.namespaces import ONTOLOGY_GRAPH, PKG
from policykg.paths import ontology_dir

ROOT = Path(__file__).resolve().parents[1]


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


def test_the_closed_namespace_is_generated_from_the_ontology_and_current():
    import subprocess
    import sys

    done = subprocess.run([sys.executable, str(ROOT / "scripts" / "generate_terms.py"), "--check"],
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stderr


def test_every_policykg_term_used_is_declared():
    """pkg: terms in the code, the queries and the shapes all exist in the ontology; pkg() refuses others."""
    import re

    import pytest

    from policykg.graph.quads import pkg
    from policykg.terms import PKG, TERMS

    source = ROOT / "src" / "policykg"
    files = [*source.rglob("*.py"), *(source / "queries").glob("*.rq"), source / "ontology" / "shapes.ttl"]
    used = {}
    for path in files:
        text = path.read_text(encoding="utf-8")
        for m in re.finditer(r'pkg:([A-Za-z][\w-]*)|\{PKG\}([A-Za-z]\w*)|pkg\("([A-Za-z]\w*)"\)', text):
            used.setdefault(next(g for g in m.groups() if g), path.name)
    undeclared = {name: where for name, where in used.items() if name not in TERMS}
    assert not undeclared, undeclared
    assert len(used) > 80  # the scan sees the terms (else this proves nothing)
    with pytest.raises(KeyError, match="not declared"):
        pkg("reportingDistrikt")
    with pytest.raises(AttributeError):
        PKG.reportingDistrikt

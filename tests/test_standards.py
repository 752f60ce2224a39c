"""Terms used as their standards define them: the RDF Data Cube integrity constraints hold on the built graph
(queries/qb-integrity.rq, shown to catch each kind of breach), titles are dct:title on the works, a request answered
is not a legal basis, and nothing is an ODRL duty without an action, an assignee and a target."""

from __future__ import annotations

import pytest
from pyoxigraph import Literal, NamedNode, Quad, Store

from policykg.namespaces import PKG, QB, RDF, RDFS
from policykg.sparql import load_query

ELI = "http://data.europa.eu/eli/ontology#"
ODRL = "http://www.w3.org/ns/odrl/2/"
SCOREBOARD = NamedNode("https://w3id.org/policykg/graph/scoreboard")


def breaches(store) -> set[tuple[str, str]]:
    return {(r["constraint"].value, r["subject"].value) for r in store.query(load_query("qb-integrity").text)}


@pytest.fixture
def copy(sample_store) -> Store:
    """The sample graph as one default graph (what the union default graph shows), to break on purpose."""
    store = Store()
    store.extend(Quad(q.subject, q.predicate, q.object) for q in sample_store.snapshot())
    return store


def one(store, sparql: str):
    return next(iter(store.query("PREFIX pkg: <https://w3id.org/policykg/ontology#> "
                                 "PREFIX qb: <http://purl.org/linked-data/cube#> " + sparql)))


def test_the_cubes_keep_every_integrity_constraint(sample_store):
    assert breaches(sample_store) == set()
    counts = one(sample_store, "SELECT (COUNT(DISTINCT ?o) AS ?obs) (COUNT(DISTINCT ?s) AS ?sets) WHERE { "
                               "?o qb:dataSet ?s }")
    assert int(counts["obs"].value) > 200 and int(counts["sets"].value) == 3  # indicators, per year, all years


def test_a_cell_without_its_year_breaks_ic11(copy):
    cell = one(copy, "SELECT ?c WHERE { ?c pkg:refYear ?y } LIMIT 1")["c"]
    copy.remove(next(iter(copy.quads_for_pattern(cell, NamedNode(PKG + "refYear"), None))))
    assert ("IC-11", cell.value) in breaches(copy)


def test_two_statements_of_one_value_at_one_place_break_ic12(copy):
    row = one(copy, "SELECT ?a ?b WHERE { ?a a pkg:IndicatorObservation ; pkg:statedIn ?r . "
                    "?b a pkg:IndicatorObservation ; pkg:statedIn ?r . FILTER(STR(?a) < STR(?b)) } LIMIT 1")
    a, b = row["a"], row["b"]
    for dimension in ("refArea", "refPeriod", "indicator", "modality", "unit", "start"):
        p = NamedNode(PKG + dimension)
        for q in list(copy.quads_for_pattern(b, p, None)):
            copy.remove(q)
        for q in copy.quads_for_pattern(a, p, None):
            copy.add(Quad(b, p, q.object, q.graph_name))
    found = breaches(copy)
    assert ("IC-12", min(a.value, b.value)) in found


def test_a_data_set_without_structure_and_a_missing_required_attribute_are_caught(copy):
    totals = NamedNode("https://w3id.org/policykg/id/dataset/scoreboard-totals")
    for q in list(copy.quads_for_pattern(totals, NamedNode(QB + "structure"), None)):
        copy.remove(q)
    cell = one(copy, "SELECT ?c WHERE { ?c pkg:refYear ?y } LIMIT 1")["c"]
    for q in list(copy.quads_for_pattern(cell, NamedNode(PKG + "evidenceStatus"), None)):
        copy.remove(q)
    found = breaches(copy)
    assert ("IC-2", totals.value) in found and ("IC-13", cell.value) in found


def test_titles_of_works_are_dct_title(sample_store):
    used = one(sample_store, f"SELECT (COUNT(*) AS ?n) WHERE {{ ?s <{ELI}title> ?t }}")
    assert int(used["n"].value) == 0  # eli:title is for expressions, which the graph does not describe
    titled = one(sample_store, f"SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE {{ ?s a <{ELI}LegalResource> ; "
                               f"<http://purl.org/dc/terms/title> ?t }}")
    assert int(titled["n"].value) > 10


def test_a_request_answered_is_not_a_legal_basis(sample_store):
    ask = f"ASK {{ <{PKG}respondsTo> <{RDFS}subPropertyOf>* <{ELI}based_on> }}"
    assert not bool(sample_store.query(ask))
    assert bool(sample_store.query(f"ASK {{ <{PKG}respondsTo> <{RDFS}subPropertyOf>+ <{ELI}cites> }}"))


def test_nothing_is_an_odrl_duty_without_action_assignee_and_target(sample_store):
    lacking = list(sample_store.query(
        f"SELECT ?x WHERE {{ ?x <{RDF}type>/<{RDFS}subClassOf>* <{ODRL}Duty> . "
        f"FILTER NOT EXISTS {{ ?x <{ODRL}action> ?a ; <{ODRL}assignee> ?who ; <{ODRL}target> ?t }} }}"))
    assert lacking == []
    obligations = one(sample_store, "SELECT (COUNT(*) AS ?n) WHERE { ?o a pkg:Obligation }")
    assert int(obligations["n"].value) > 5  # the obligations are there, as what they are

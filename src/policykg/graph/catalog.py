"""The mandate catalog as RDF: documents, their lifecycle, obligations and a sourced CatalogFact per fact."""

from __future__ import annotations

from policykg.gazetteer import Gazetteer
from policykg.graph.orgs import add_org
from policykg.graph.quads import (A, COMMENT, LABEL, SOURCE, GraphBuilder, date, decimal, eli, iri, pkg, term,
                                  text)
from policykg.graph.vocabulary import LIFECYCLE, concept
from policykg.namespaces import DCT, ELI, ID, RDF, RDFS, SKOS
from policykg.catalog import Catalog, CatalogDocument, Fact
from policykg.resolve.lifecycle import history, lifecycle
from policykg.vocab import DOC_TYPE_BY_VI

# catalog field -> (predicate, literal maker or None for a document reference)
_FIELDS = {
    # dct:title, not eli:title: in ELI a title belongs to the expression (eli:LegalExpression), and the catalog
    # describes the work (eli:LegalResource).
    "title_vi": (term(DCT, "title"), lambda v: text(v, "vi")),
    "title_en": (term(DCT, "title"), lambda v: text(v, "en")),
    "date_signed": (eli("date_document"), date),
    "date_in_force": (eli("first_date_entry_in_force"), date),
    "date_no_longer_in_force": (eli("date_no_longer_in_force"), date),
    "aliases": (iri(SKOS + "altLabel"), lambda v: text(v, "vi")),
    "replaces": (eli("repeals"), None),
    "amends": (eli("amends"), None),
    # An action programme of a mandate (03/NQ-CP of 57-NQ/TW): a local plan of the programme implements the
    # mandate through it (gap-matrix follows eli:applies+).
    "implements": (eli("applies"), None),
}


# The administrative tiers an obligation's bearer covers (the national and ministry levels bind no reporting unit).
ALL_TIERS = ("province", "district", "commune")
BOUND_TIERS = {"every-level": ALL_TIERS, "ubnd-every-level": ALL_TIERS,
               "province": ("province",), "district": ("district",), "commune": ("commune",)}


def _fact_node(g: GraphBuilder, doc: CatalogDocument, field: str, index: int, predicate, obj, fact: Fact) -> None:
    node = iri(f"{ID}fact/{doc.iri.removeprefix(f'{ID}doc/')}/{field}/{index}")
    g.add(node, A, pkg("CatalogFact"))
    g.add(node, term(RDF, "subject"), iri(doc.iri))
    g.add(node, term(RDF, "predicate"), predicate)
    g.add(node, term(RDF, "object"), obj)
    g.add(node, pkg("verification"), iri(concept("verification", fact.verification)))
    for source in fact.sources:
        g.add(node, SOURCE, iri(f"{ID}source/{source}"))
    if fact.note:
        g.add(node, COMMENT, text(fact.note, "en"))


def catalog_quads(graph: str, catalog: Catalog, gazetteer: Gazetteer, today: str) -> list:
    g = GraphBuilder(graph)
    by_number = {d.number: d for d in catalog.documents}
    for key, source in catalog.sources.items():
        node = iri(f"{ID}source/{key}")
        g.add(node, A, pkg("Source"))
        g.add(node, LABEL, text(source["title"]))
        g.add(node, pkg("verification"), iri(concept("verification", source.get("level", "unverified"))))
        if source.get("url"):
            g.add(node, iri(RDFS + "seeAlso"), iri(source["url"]))
            g.add(node, pkg("readOn"), date(str(source["read"])))
    for doc in catalog.documents:
        node = iri(doc.iri)
        g.add(node, A, eli("LegalResource"))
        g.add(node, A, pkg("Mandate"))
        g.add(node, eli("id_local"), text(doc.number))
        g.add(node, eli("type_document"), iri(concept("doctype", DOC_TYPE_BY_VI[doc.kind].slug)))
        g.add(node, pkg("numberForm"), text(doc.parse.form))
        g.add(node, eli("passed_by"), iri(doc.issuer_iri))
        g.add(node, LABEL, text(f"{doc.kind} {doc.number}", "vi"))
        add_org(g, doc.issuer_iri, doc.issuer_body, doc.issuer_level, doc.issuer_unit, doc.issuer_name, gazetteer,
                doc.issuer_era)
        # Minted under the document's own path (issuer, year, number): local numbers, and many national ones,
        # restart every year and in every province.
        doc_path = doc.iri.removeprefix(f"{ID}doc/")
        for field, (predicate, make) in _FIELDS.items():
            fact = doc.facts.get(field)
            if fact is None:
                continue
            values = fact.value if isinstance(fact.value, list) else [fact.value]
            for i, value in enumerate(values):
                if make is None:
                    target = by_number.get(value)
                    obj = iri(target.iri) if target else None
                    if obj is None:
                        continue  # a relation to a document outside the catalog: add that document first
                else:
                    obj = make(value)
                g.add(node, predicate, obj)
                _fact_node(g, doc, field, i, predicate, obj, fact)
        life = lifecycle(doc, catalog, today)
        status = iri(concept("status", life.status))
        g.add(node, pkg("lifecycleStatus"), status)
        g.add(node, pkg("statusDate"), date(today))
        eli_value = LIFECYCLE[life.status][3]
        if eli_value:
            g.add(node, eli("in_force"), iri(ELI + eli_value))
        if life.no_longer_in_force and "date_no_longer_in_force" not in doc.facts:
            # Derived: the day the replacement entered into force; as verified as the 'replaces' fact.
            g.add(node, eli("date_no_longer_in_force"), date(life.no_longer_in_force))
            replacing = life.replaced_by[0]
            _fact_node(g, doc, "date_no_longer_in_force", 0, eli("date_no_longer_in_force"),
                       date(life.no_longer_in_force),
                       Fact(life.no_longer_in_force, replacing.facts["replaces"].sources,
                            replacing.facts["replaces"].verification,
                            f"derived: {replacing.number} replaces it and entered into force that day"))
        for event in history(doc, catalog):
            ev = iri(f"{ID}lifecycle/{doc_path}/{event.status}/{event.date}")
            g.add(node, pkg("lifecycleEvent"), ev)
            g.add(ev, A, pkg("LifecycleEvent"))
            g.add(ev, pkg("eventStatus"), iri(concept("status", event.status)))
            g.add(ev, term(DCT, "date"), date(event.date))
            g.add(ev, pkg("verification"), iri(concept("verification", event.verification)))
            if event.by:
                g.add(ev, pkg("causedBy"), iri(event.by.iri))
        # The tiers whose units the mandate binds: those its obligations fall on ("every level": all three).
        # gap-matrix joins a unit's pkg:governmentLevel on it, so a duty of provinces opens no district's cell.
        for level in sorted({tier for ob in doc.obligations for tier in BOUND_TIERS.get(ob.borne_by, ())}):
            g.add(node, pkg("bindsLevel"), iri(concept("level", level)))
        for ob in doc.obligations:
            ob_node = iri(f"{ID}obligation/{doc_path}/{ob.key}")
            g.add(ob_node, A, pkg("Obligation"))
            g.add(ob_node, LABEL, text(ob.text_en, "en"))
            if ob.text_vi:  # skos:altLabel: the one rdfs:label stays what every query joins on
                g.add(ob_node, iri(SKOS + "altLabel"), text(ob.text_vi, "vi"))
            g.add(ob_node, pkg("imposedBy"), node)
            g.add(ob_node, pkg("borneBy"), iri(concept("level", ob.borne_by)))
            if ob.action:
                g.add(ob_node, pkg("action"), iri(concept("action", ob.action)))
            if ob.provision:
                g.add(ob_node, pkg("provision"), text(ob.provision, "vi"))
            if ob.deadline:
                g.add(ob_node, pkg("deadline"), date(ob.deadline))
            if ob.indicator:
                g.add(ob_node, pkg("indicator"), iri(concept("indicator", ob.indicator)))
            if ob.target:
                target = iri(f"{ID}obligation/{doc_path}/{ob.key}/target")
                g.add(ob_node, pkg("target"), target)
                g.add(target, A, pkg("Target"))
                g.add(target, pkg("operator"), text(ob.target["operator"]))
                g.add(target, pkg("targetValue"), decimal(ob.target["value"]))
                g.add(target, pkg("unit"), text(ob.target["unit"]))
            for topic in ob.evidence_topics:
                g.add(ob_node, pkg("evidenceTopic"), iri(concept("topic", topic)))
            if ob.note:
                g.add(ob_node, COMMENT, text(ob.note, "en"))
            g.add(ob_node, pkg("verification"), iri(concept("verification", ob.verification)))
            for source in ob.sources:
                g.add(ob_node, SOURCE, iri(f"{ID}source/{source}"))
    return g.quads

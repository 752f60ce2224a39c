"""One report's quads: in its own named graph the report, every citation with its evidence, observations,
statements, relation statements and conflicts; in the shared entities graph the descriptions of nodes other
reports mention too (documents outside the catalog, issuing bodies, eli:applies edges, the extractor agent).

Why two graphs: the store's union default graph keeps one copy of a triple per graph holding it, so a
description restated by every report that mentions a document would multiply every join over it. Within one
graph a triple is stored once. entity_cleanup removes entity facts no report supports any more, so replacing
or removing a report still removes exactly its facts."""

from __future__ import annotations

from policykg.extract import EXTRACTOR_VERSION
from policykg.extract.models import Role
from policykg.gazetteer import Gazetteer
from policykg.graph.orgs import add_org
from policykg.graph.quads import (A, COMMENT, DERIVED, GENERATED, LABEL, GraphBuilder, boolean, date, decimal, eli,
                                  integer, iri, pkg, term, text)
from policykg.graph.vocabulary import UNCLASSIFIED, concept
from policykg.namespaces import CLEANUP_NOTES_GRAPH, DCT, ELI, ENTITIES_GRAPH, ID, PKG, PROV, QB, REPORT_GRAPH_PREFIX, TIME
from policykg.domain.identity import report_iri, slug
from policykg.resolve.report import ResolvedReport
from policykg.text import nfc, sentence_around
from policykg.vocab import DOC_TYPE_BY_VI

# The property a lifecycle statement says holds between two acts ("replaces": repeals and takes the place of).
STATED_CHANGE = {"amends": eli("amends"), "replaces": pkg("replaces"), "repeals": eli("repeals")}

ROLE_PROPERTY = {
    Role.RESPONDS_TO: pkg("respondsTo"),
    Role.IMPLEMENTS: pkg("actsOn"),
    Role.CONFORMS_TO: pkg("conformsTo"),
    Role.BASED_ON: eli("based_on"),
    Role.ISSUED: pkg("reportsIssued"),
}
AGENT = f"{ID}agent/{slug(EXTRACTOR_VERSION)}"
DATASET = f"{ID}dataset/indicators"
LEVEL_OF = {"huyện": "district", "xã": "commune", "tỉnh": "province"}


def entity_cleanup(graph: str) -> tuple[str, str]:
    """SPARQL updates to run around replacing or dropping report `graph`, in the same request: (before, after).

    Only facts the old graph supported can lose their support, so `before` notes them (documents it cites,
    applies edges it states, bodies it or those documents were passed by) in a scratch graph, and `after`
    deletes the noted entity facts no graph supports any more: documents no citation mentions, applies edges
    no relation statement states, stated dates no citation states, bodies nothing was passed by. Scoped this
    way, the cost follows the size of one report, not of the store (a correlated NOT EXISTS per noted fact,
    each an index lookup)."""
    g, e, notes = f"<{graph}>", f"<{ENTITIES_GRAPH}>", f"<{CLEANUP_NOTES_GRAPH}>"
    noted = f"<{PKG}cleanupCandidate>"
    before = f"""
INSERT {{ GRAPH {notes} {{ ?d a {noted} }} }} WHERE {{ GRAPH {g} {{ ?c <{PKG}citedDocument> ?d }} }} ;
INSERT {{ GRAPH {notes} {{ ?a <{ELI}applies> ?b }} }}
WHERE {{ GRAPH {g} {{ ?s <{PKG}subjectDocument> ?a ; <{PKG}objectDocument> ?b }} }} ;
INSERT {{ GRAPH {notes} {{ ?body a {noted} }} }}
WHERE {{ {{ GRAPH {g} {{ ?x <{ELI}passed_by> ?body }} }}
        UNION {{ GRAPH {g} {{ ?c <{PKG}citedDocument> ?d }} GRAPH {e} {{ ?d <{ELI}passed_by> ?body }} }} }}"""
    after = f"""
DELETE {{ GRAPH {e} {{ ?a <{ELI}applies> ?b }} }}
WHERE {{ GRAPH {notes} {{ ?a <{ELI}applies> ?b }} GRAPH {e} {{ ?a <{ELI}applies> ?b }}
        FILTER NOT EXISTS {{ GRAPH ?g {{ ?s <{PKG}subjectDocument> ?a ; <{PKG}objectDocument> ?b }} }} }} ;
DELETE {{ GRAPH {e} {{ ?d <{ELI}date_document> ?day }} }}
WHERE {{ GRAPH {notes} {{ ?d a {noted} }} GRAPH {e} {{ ?d <{ELI}date_document> ?day }}
        FILTER NOT EXISTS {{ GRAPH ?g {{ ?c <{PKG}citedDocument> ?d ; <{PKG}statedDate> ?day }} }} }} ;
DELETE {{ GRAPH {e} {{ ?d ?p ?o }} }}
WHERE {{ GRAPH {notes} {{ ?d a {noted} }} GRAPH {e} {{ ?d a <{ELI}LegalResource> ; ?p ?o }}
        FILTER NOT EXISTS {{ GRAPH ?g {{ ?c <{PKG}citedDocument> ?d }} }} }} ;
DELETE {{ GRAPH {e} {{ ?body ?p ?o }} }}
WHERE {{ GRAPH {notes} {{ ?body a {noted} }} GRAPH {e} {{ ?body a <{PKG}IssuingBody> ; ?p ?o }}
        FILTER NOT EXISTS {{ GRAPH ?g {{ ?x <{ELI}passed_by> ?body }} }} }} ;
DROP SILENT GRAPH {notes}"""
    return before, after


def period_iri(report: str) -> str:
    return f"{ID}period/{report}"


def _period(g: GraphBuilder, key: str, start: str | None, end: str):
    node = iri(period_iri(key))
    g.add(node, A, term(TIME, "Interval"))
    for prop, day in (("hasBeginning", start), ("hasEnd", end)):
        if day:
            instant = iri(f"{period_iri(key)}/{prop[3:].lower()}")
            g.add(node, term(TIME, prop), instant)
            g.add(instant, A, term(TIME, "Instant"))
            g.add(instant, term(TIME, "inXSDDate"), date(day))
    return node


def report_graph_iri(key: str) -> str:
    return REPORT_GRAPH_PREFIX + key


def report_quads(resolved: ResolvedReport, gazetteer: Gazetteer, sha256: str) -> tuple[list, list]:
    """(facts of the report's own graph, facts of shared entity descriptions): graph.quads.Fact, read as quads
    are; pipeline.prepare_report checks and serialises them without making pyoxigraph quads."""
    ex = resolved.extraction
    g = GraphBuilder(report_graph_iri(resolved.key))
    e = GraphBuilder(ENTITIES_GRAPH)
    report = iri(report_iri(resolved.key))
    activity = iri(f"{ID}extraction/{resolved.key}")
    meta = ex.metadata

    g.add(report, A, pkg("Report"))
    g.add(report, A, eli("LegalResource"))
    g.add(report, eli("type_document"), iri(concept("doctype", "bao-cao")))
    if meta.number and any(c.isdigit() for c in meta.number.split("/")[0]):
        g.add(report, eli("id_local"), text(meta.number))
    if meta.title:
        g.add(report, term(DCT, "title"), text(meta.title, "vi"))  # the work's title (eli:title is the expression's)
    g.add(report, LABEL, text(_report_label(resolved), "vi"))
    if meta.date:
        g.add(report, eli("date_document"), date(meta.date))
    if meta.date_earliest:
        g.add(report, pkg("dateEarliest"), date(meta.date_earliest))
    if meta.date_latest:
        g.add(report, pkg("dateLatest"), date(meta.date_latest))
    for basis in meta.date_basis:  # the words each bound rests on
        bound = iri(f"{ID}date-bound/{resolved.key}/{basis.bound}/{basis.start}-{basis.end}")
        g.add(report, pkg("dateBound"), bound)
        g.add(bound, A, pkg("DateBound"))
        g.add(bound, pkg("boundKind"), text(basis.bound))
        g.add(bound, pkg("boundRule"), text(basis.rule))
        g.add(bound, pkg("boundDate"), date(basis.date))
        g.add(bound, pkg("quote"), text(basis.text))
        g.add(bound, pkg("start"), integer(basis.start))
        g.add(bound, pkg("end"), integer(basis.end))
    g.add(report, pkg("sourceFile"), text(ex.source))
    g.add(report, pkg("contentHash"), text(sha256))
    g.add(report, pkg("text"), text(ex.text))
    g.add(report, GENERATED, activity)
    if ex.unit:
        g.add(report, pkg("reportingUnit"), iri(ex.unit.iri))
        g.add(report, pkg("unitMatchConfidence"), decimal(ex.unit.confidence))
        g.add(report, pkg("unitMatchBasis"), text(ex.unit.basis))
        g.add(report, pkg("unitMatchQuote"), text(nfc(sentence_around(ex.text, ex.unit.start, ex.unit.end, 240))))
        g.add(report, eli("passed_by"), iri(resolved.authority_iri))
        add_org(e, resolved.authority_iri, "ubnd", ex.unit.level, ex.unit.code, None, gazetteer, ex.unit.era)
    for warning in ex.warnings:
        g.add(report, COMMENT, text(f"warning: {warning}", "en"))
    period = meta.period
    period_node = _period(g, resolved.key, period.start, period.end) if period else None
    if period:
        g.add(report, term(DCT, "temporal"), period_node)
        g.add(report, pkg("periodText"), text(period.text))
    reference_day = (period.end if period else None) or meta.date_earliest
    if reference_day:  # a shortcut every scoped query needs: one triple, not an OPTIONAL three-hop path
        g.add(report, pkg("referenceDate"), date(reference_day))
    if meta.signer:
        g.add(report, pkg("signer"), text(meta.signer))
        g.add(report, pkg("signingTitle"), text(meta.signing_title))
    for who in meta.recipients:
        g.add(report, pkg("recipient"), text(who))
    for who in meta.distribution:
        g.add(report, pkg("distributedTo"), text(who))
    _contents(g, e, resolved.key, report, ex, period_node)

    g.add(activity, A, term(PROV, "Activity"))
    g.add(activity, term(PROV, "used"), report)
    g.add(activity, term(PROV, "wasAssociatedWith"), iri(AGENT))
    e.add(iri(AGENT), A, term(PROV, "SoftwareAgent"))
    e.add(iri(AGENT), pkg("extractorVersion"), text(EXTRACTOR_VERSION))

    for c in resolved.citations:
        ref = c.ref
        doc = iri(c.doc_iri)
        cite = iri(f"{ID}citation/{resolved.key}/{ref.start}-{ref.end}")
        g.add(cite, A, pkg("Citation"))
        g.add(cite, DERIVED, report)
        g.add(cite, GENERATED, activity)
        g.add(cite, pkg("citedDocument"), doc)
        g.add(cite, pkg("role"), iri(concept("role", ref.relation.value)))
        g.add(cite, pkg("start"), integer(ref.start))
        g.add(cite, pkg("end"), integer(ref.end))
        g.add(cite, pkg("quote"), text(ref.text))
        g.add(cite, pkg("context"), text(nfc(sentence_around(ex.text, ref.start, ref.end))))
        g.add(cite, pkg("byName"), boolean(ref.by_name))
        if ref.date and ref.date.iso:
            g.add(cite, pkg("statedDate"), date(ref.date.iso))
        if ref.issuer and ref.issuer.source == "stated":
            g.add(cite, pkg("statedIssuer"), text(ref.issuer.text))
        g.add(report, eli("cites"), doc)
        if ref.relation in ROLE_PROPERTY:
            g.add(report, ROLE_PROPERTY[ref.relation], doc)

        if c.catalog is None:  # the catalog graph states catalog documents' facts; reports state the rest
            e.add(doc, A, eli("LegalResource"))
            e.add(doc, eli("id_local"), text(ref.number))
            e.add(doc, pkg("numberForm"), text(ref.form))
            e.add(doc, LABEL, text(f"{ref.kind} {ref.number}", "vi"))
            e.add(doc, pkg("identityComplete"), boolean(c.identity_complete))
            doc_type = DOC_TYPE_BY_VI.get(ref.kind)
            if doc_type:
                e.add(doc, eli("type_document"), iri(concept("doctype", doc_type.slug)))
            if ref.date and ref.date.iso:
                e.add(doc, eli("date_document"), date(ref.date.iso))
            if c.issuer_iri:
                e.add(doc, eli("passed_by"), iri(c.issuer_iri))
                i = ref.issuer
                add_org(e, c.issuer_iri, i.body, i.level, i.unit_code, i.name, gazetteer, i.unit_era)
        for k, conflict in enumerate(c.conflicts):
            node = iri(f"{ID}conflict/{resolved.key}/{ref.start}-{ref.end}/{conflict.field}")
            g.add(node, A, pkg("Conflict"))
            g.add(node, pkg("aboutCitation"), cite)
            g.add(node, pkg("conflictField"), text(conflict.field))
            g.add(node, pkg("statedValue"), date(conflict.stated))
            g.add(node, pkg("catalogValue"), date(conflict.catalog))
            g.add(node, COMMENT, text(conflict.message, "en"))
            g.add(node, DERIVED, report)

    for rel in ex.relations:
        subject, obj = resolved.citations[rel.subject], resolved.citations[rel.object]
        if subject.doc_iri == obj.doc_iri:
            continue  # never a document to itself
        node = iri(f"{ID}relation/{resolved.key}/{rel.start}-{rel.end}")
        g.add(node, DERIVED, report)
        if rel.predicate == "implements":
            e.add(iri(subject.doc_iri), eli("applies"), iri(obj.doc_iri))
            g.add(node, A, pkg("RelationStatement"))
            g.add(node, pkg("subjectDocument"), iri(subject.doc_iri))
            g.add(node, pkg("objectDocument"), iri(obj.doc_iri))
        else:
            # What the report says one act did to another is evidence, not the lifecycle itself: the catalog
            # (with its sources and dates) decides what is in force; the statement is kept to corroborate it.
            g.add(node, A, pkg("LifecycleStatement"))
            g.add(node, pkg("changingDocument"), iri(subject.doc_iri))
            g.add(node, pkg("changedDocument"), iri(obj.doc_iri))
            g.add(node, pkg("statedChange"), STATED_CHANGE[rel.predicate])
        g.add(node, pkg("start"), integer(rel.start))
        g.add(node, pkg("end"), integer(rel.end))
        g.add(node, pkg("quote"), text(nfc(ex.text[rel.start:rel.end])))
    return g.facts, e.facts


def _contents(g: GraphBuilder, e: GraphBuilder, key: str, report, ex, period_node) -> None:
    """Indicators as RDF Data Cube observations, statements with section and topics, project rows."""
    area = iri(ex.unit.iri) if ex.unit else None
    for ind in ex.indicators:
        node = iri(f"{ID}observation/{key}/{ind.start}-{ind.end}")
        g.add(node, A, pkg("IndicatorObservation"))
        g.add(node, A, term(QB, "Observation"))
        g.add(node, term(QB, "dataSet"), iri(DATASET))
        g.add(node, DERIVED, report)
        g.add(node, pkg("statedIn"), report)  # with pkg:start, the dimensions that tell two statements apart
        g.add(node, pkg("refArea"), area)
        g.add(node, pkg("refPeriod"), period_node)
        g.add(node, pkg("indicator"), iri(concept("indicator", ind.concept or UNCLASSIFIED)))
        g.add(node, pkg("value"), decimal(ind.value))
        g.add(node, pkg("unit"), text(ind.unit))
        g.add(node, pkg("modality"), text(ind.modality))
        if ind.comparator:
            g.add(node, pkg("comparator"), text(ind.comparator))
        if ind.numerator is not None:
            g.add(node, pkg("numerator"), decimal(ind.numerator))
            g.add(node, pkg("denominator"), decimal(ind.denominator))
        if ind.level:
            g.add(node, pkg("governmentLevel"), iri(concept("level", LEVEL_OF[ind.level])))
        g.add(node, LABEL, text(ind.label or ind.text, "vi"))
        g.add(node, pkg("quote"), text(nfc(ind.text)))
        g.add(node, pkg("context"), text(nfc(sentence_around(ex.text, ind.start, ind.end))))
        g.add(node, pkg("start"), integer(ind.start))
        g.add(node, pkg("end"), integer(ind.end))
    if ex.indicators:
        e.add(iri(DATASET), A, term(QB, "DataSet"))
        e.add(iri(DATASET), term(QB, "structure"), pkg("IndicatorStructure"))
    for st in ex.statements:
        node = iri(f"{ID}statement/{key}/{st.start}-{st.end}")
        g.add(node, A, pkg("Statement"))
        g.add(node, DERIVED, report)
        g.add(node, pkg("section"), iri(concept("section", st.section)))
        for topic in st.topics:
            g.add(node, pkg("topic"), iri(concept("topic", topic)))
        if st.heading:
            g.add(node, pkg("heading"), text(nfc(st.heading)))
        if st.addressee:
            g.add(node, pkg("addressee"), text(nfc(st.addressee)))
        g.add(node, pkg("quote"), text(nfc(st.text)))
        g.add(node, pkg("start"), integer(st.start))
        g.add(node, pkg("end"), integer(st.end))
    for pr in ex.projects:
        node = iri(f"{ID}project/{key}/{pr.start}-{pr.end}")
        g.add(node, A, pkg("Project"))
        g.add(node, DERIVED, report)
        g.add(node, LABEL, text(nfc(pr.name), "vi"))
        for prop, value in (("projectStatus", pr.status), ("statusText", pr.status_text),
                            ("fundingSource", pr.funding), ("location", pr.place), ("group", pr.group)):
            if value:
                g.add(node, pkg(prop), text(nfc(value)))
        if pr.cost_vnd is not None:
            g.add(node, pkg("cost"), decimal(pr.cost_vnd))
        g.add(node, pkg("start"), integer(pr.start))
        g.add(node, pkg("end"), integer(pr.end))


def _report_label(resolved: ResolvedReport) -> str:
    ex = resolved.extraction
    where = f"{ex.unit.kind} {ex.unit.name}" if ex.unit else "?"
    when = ex.metadata.date or ex.metadata.date_earliest or ""
    return f"Báo cáo {where} {when[:7]}".strip()

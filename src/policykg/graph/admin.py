"""Administrative units (W3C ORG) with GSO codes, and the 1 July 2025 reform as an org:ChangeEvent."""

from __future__ import annotations

from policykg.gazetteer import Gazetteer
from policykg.graph.quads import A, COMMENT, NOTATION, PREF, SOURCE, GraphBuilder, date, iri, pkg, term, text
from policykg.namespaces import DCT, ID, ORG
from policykg.domain.identity import unit_iri

REFORM_EVENT = f"{ID}event/2025-07-01-reform"
LAST_DAY_OF_DISTRICTS = "2025-06-30"


def admin_quads(graph: str, gazetteer: Gazetteer) -> list:
    g = GraphBuilder(graph)
    event = iri(REFORM_EVENT)
    g.add(event, A, term(ORG, "ChangeEvent"))
    g.labels(event, "Sắp xếp đơn vị hành chính 1/7/2025", "Administrative reform of 1 July 2025")
    g.add(event, COMMENT, text("The district tier was abolished; 63 provinces became 34.", "en"))
    g.add(event, term(DCT, "date"), date(gazetteer.reform_date))
    for name, source in gazetteer.sources.items():
        g.add(event, SOURCE, text(f"{name}: {source}"))

    def unit(node_iri: str, u, cls: str) -> object:
        node = iri(node_iri)
        g.add(node, A, pkg(cls))
        g.add(node, A, pkg("AdministrativeUnit"))
        g.add(node, PREF, text(u.name, "vi"))
        g.add(node, NOTATION, text(u.code))
        g.add(node, pkg("unitKind"), text(u.kind))
        return node

    for p in gazetteer.provinces.values():
        unit(unit_iri("province", p.code), p, "Province")
    for p in gazetteer.new_provinces.values():
        node = unit(unit_iri("province", p.code, "post-2025"), p, "Province")
        g.add(event, term(ORG, "resultingOrganization"), node)
    for w in gazetteer.new_wards.values():
        node = unit(unit_iri("commune", w.code, "post-2025"), w, "Commune")
        g.add(node, pkg("withinUnit"), iri(unit_iri("province", w.province_code, "post-2025")))
    for d in gazetteer.districts.values():
        node = unit(unit_iri("district", d.code), d, "District")
        g.add(node, pkg("withinUnit"), iri(unit_iri("province", d.province_code)))
        g.add(node, pkg("validUntil"), date(LAST_DAY_OF_DISTRICTS))
        g.add(node, term(ORG, "changedBy"), event)
        g.add(event, term(ORG, "originalOrganization"), node)
        if d.successor_province_code:
            successor = iri(unit_iri("province", d.successor_province_code, "post-2025"))
            g.add(node, pkg("successor"), successor)
            g.add(iri(unit_iri("province", d.province_code)), pkg("successor"), successor)
        for ward in d.successor_ward_codes:
            g.add(node, pkg("successor"), iri(unit_iri("commune", ward, "post-2025")))
    return g.quads

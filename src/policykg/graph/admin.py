"""Administrative units (W3C ORG) from the temporal gazetteer, and the 1 July 2025 reform as an org:ChangeEvent.

Every unit of both eras: provinces, districts and communes before the reform (with what the snapshots say of
when a unit merged away before 2025, and where it went), provinces and communes after it. A unit's successors
are the units that took over (part of) its land: for the reform, today's province and communes.
"""

from __future__ import annotations

from policykg.gazetteer import PRE, Gazetteer, Unit
from policykg.graph.quads import A, COMMENT, NOTATION, PREF, SOURCE, GraphBuilder, date, iri, pkg, term, text
from policykg.namespaces import DCT, ID, ORG, PKG, SKOS
from policykg.domain.identity import unit_iri
from policykg.graph.vocabulary import concept

REFORM_EVENT = f"{ID}event/2025-07-01-reform"
_CLASS = {"province": "Province", "district": "District", "commune": "Commune"}


def unit_classes(u: Unit) -> tuple[str, str]:
    """A unit's classes in the admin graph (a report's check looks them up: policykg.validate)."""
    return PKG + _CLASS[u.level], PKG + "AdministrativeUnit"


def _tables(gazetteer: Gazetteer) -> tuple:
    return (gazetteer.provinces, gazetteer.districts, gazetteer.communes, gazetteer.new_provinces,
            gazetteer.new_wards)


def admin_quads(graph: str, gazetteer: Gazetteer) -> list:
    g = GraphBuilder(graph)
    event = iri(REFORM_EVENT)
    g.add(event, A, term(ORG, "ChangeEvent"))
    g.labels(event, "Sắp xếp đơn vị hành chính 1/7/2025", "Administrative reform of 1 July 2025")
    g.add(event, COMMENT, text("The district tier was abolished; 63 provinces became 34.", "en"))
    g.add(event, term(DCT, "date"), date(gazetteer.reform_date))
    for name, source in gazetteer.sources.items():
        g.add(event, SOURCE, text(f"{name}: {source}"))

    def unit(u: Unit) -> None:
        node = iri(u.iri)
        for cls in unit_classes(u):
            g.add(node, A, iri(cls))
        g.add(node, PREF, text(u.name, "vi"))
        for former in u.former_names:
            g.add(node, term(SKOS, "altLabel"), text(former, "vi"))
        g.add(node, NOTATION, text(u.code))
        g.add(node, pkg("unitKind"), text(u.kind))
        g.add(node, pkg("governmentLevel"), iri(concept("level", u.level)))  # joined with a mandate's bindsLevel
        if u.level == "commune" and u.era == PRE:
            g.add(node, pkg("withinUnit"), iri(unit_iri("district", u.district_code)))
        elif u.level != "province":
            g.add(node, pkg("withinUnit"), iri(unit_iri("province", u.province_code, u.era)))
        # its province in one step (itself for a province): queries join on it rather than on withinUnit*, which
        # an engine evaluates over every node of the store when the unit is not bound yet
        g.add(node, pkg("inProvince"), iri(unit_iri("province", u.province_code or u.code, u.era)))
        for prop, value in (("validFrom", u.valid_from), ("validUntil", u.valid_to),
                            ("endedAfter", u.ended_after), ("endedBy", u.ended_by)):
            if value:
                g.add(node, pkg(prop), date(value))
        for code in u.successors:  # merged away before 2025
            g.add(node, pkg("successor"), iri(unit_iri(u.level, code)))
        if u.valid_to == "2025-06-30":
            g.add(node, term(ORG, "changedBy"), event)
            g.add(event, term(ORG, "originalOrganization"), node)
        for code in (*u.successor_province_codes, *((u.successor_province_code,) if u.successor_province_code else ())):
            g.add(node, pkg("successor"), iri(unit_iri("province", code, "post-2025")))
        for code in u.successor_ward_codes:
            g.add(node, pkg("successor"), iri(unit_iri("commune", code, "post-2025")))

    for table in _tables(gazetteer):
        for u in table.values():
            unit(u)
            if u.level == "province" and u.era != PRE:
                g.add(event, term(ORG, "resultingOrganization"), iri(u.iri))
    return g.quads

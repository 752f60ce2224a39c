"""SKOS concept schemes generated from policykg.vocab, so extractor and graph share one definition."""

from __future__ import annotations

from policykg.graph.quads import A, COMMENT, IN_SCHEME, NOTATION, PREF, GraphBuilder, boolean, iri, pkg, text
from policykg.namespaces import ELI, ID, SKOS
from policykg.vocab import (DOC_TYPES, DTI_PILLARS, INDICATORS, LEVELS, OBLIGATION_ACTIONS, RESULT_SECTIONS, ROLES,
                             SECTIONS, TOPICS)

SCHEME = iri(SKOS + "ConceptScheme")
EXACT = iri(SKOS + "exactMatch")
BROAD = iri(SKOS + "broadMatch")

LIFECYCLE = {
    # slug: (vi, en, comment, ELI in_force value it maps to)
    "issued": ("Đã ban hành, chưa có hiệu lực", "Issued, not yet in force", "Signed; entry into force still ahead.",
               "InForce-notInForce"),
    "in-force": ("Còn hiệu lực", "In force", "In force on the status date.", "InForce-inForce"),
    "amended": ("Còn hiệu lực, đã được sửa đổi", "In force, amended", "In force with amendments.",
                "InForce-inForce"),
    "replaced": ("Đã được thay thế", "Replaced", "Replaced by another document in force.", "InForce-notInForce"),
    "replacement-pending": ("Sắp được thay thế", "Replacement pending",
                            "Still in force; its replacement is signed but not yet in force.", "InForce-inForce"),
    "no-longer-in-force": ("Hết hiệu lực", "No longer in force", "No longer in force on the status date.",
                           "InForce-notInForce"),
    "unknown": ("Chưa rõ", "Unknown", "The catalog holds no dates to decide.", None),
}
VERIFICATION = {
    "primary": ("Nguồn chính thức", "Primary source", "Checked against an official record."),
    "secondary": ("Nguồn thứ cấp", "Secondary source", "A named legal database or news site."),
    "corroborated": ("Được báo cáo xác nhận", "Corroborated", "Stated by a district report, not an official record."),
    "rule": ("Suy ra theo quy tắc", "Derived by rule",
             "Derived from another sourced fact by a stated rule of law (e.g. in force from signing)."),
    "unverified": ("Chưa kiểm chứng", "Unverified", "No source beyond the project's brief: do not rely on it."),
}


UNCLASSIFIED = "unclassified"


def concept(kind: str, slug: str) -> str:
    return f"{ID}{kind}/{slug}"


def _scheme(g: GraphBuilder, kind: str, vi: str, en: str, comment_en: str):
    scheme = iri(f"{ID}{kind}")
    g.add(scheme, A, SCHEME)
    g.labels(scheme, vi, en)
    g.add(scheme, PREF, text(vi, "vi"))
    g.add(scheme, PREF, text(en, "en"))
    g.add(scheme, COMMENT, text(comment_en, "en"))
    return scheme


def _member(g: GraphBuilder, scheme, cls: str, kind: str, slug: str, vi: str, en: str, comment: str | None = None):
    node = iri(concept(kind, slug))
    g.add(node, A, pkg(cls))
    g.add(node, A, iri(SKOS + "Concept"))
    g.add(node, IN_SCHEME, scheme)
    g.add(node, PREF, text(vi, "vi"))
    g.add(node, PREF, text(en, "en"))
    g.labels(node, vi, en)
    if comment:
        g.add(node, COMMENT, text(comment, "en"))
    return node


def vocabulary_quads(graph: str) -> list:
    g = GraphBuilder(graph)
    scheme = _scheme(g, "doctype", "Loại văn bản", "Document types",
                     "Types and official abbreviations (Nghị định 30/2020/NĐ-CP, Luật Ban hành VBQPPL 2015).")
    for t in DOC_TYPES:
        node = _member(g, scheme, "DocumentType", "doctype", t.slug, t.vi, t.en)
        if t.code:
            g.add(node, NOTATION, text(t.code))
    scheme = _scheme(g, "role", "Vai trò trích dẫn", "Citation roles", "What a cited document is to a report.")
    for slug, (vi, en, comment) in ROLES.items():
        _member(g, scheme, "CitationRole", "role", slug, vi, en, comment)
    scheme = _scheme(g, "status", "Tình trạng hiệu lực", "Lifecycle statuses",
                     "Validity history statuses, each mapped to ELI's in_force values.")
    for slug, (vi, en, comment, eli_value) in LIFECYCLE.items():
        node = _member(g, scheme, "LifecycleStatus", "status", slug, vi, en, comment)
        if eli_value:
            g.add(node, BROAD, iri(ELI + eli_value))
    scheme = _scheme(g, "verification", "Mức kiểm chứng", "Verification levels", "How far a catalog fact is checked.")
    for slug, (vi, en, comment) in VERIFICATION.items():
        _member(g, scheme, "VerificationLevel", "verification", slug, vi, en, comment)
    scheme = _scheme(g, "level", "Cấp chính quyền", "Government levels", "Tiers of Vietnamese government.")
    for slug, (vi, en) in LEVELS.items():
        _member(g, scheme, "GovernmentLevel", "level", slug, vi, en)
    scheme = _scheme(g, "action", "Hành động của nghĩa vụ", "Obligation actions",
                     "What an obligation asks the level that bears it to do (a small controlled list).")
    for slug, (vi, en, comment) in OBLIGATION_ACTIONS.items():
        _member(g, scheme, "ObligationAction", "action", slug, vi, en, comment)
    scheme = _scheme(g, "indicator", "Chỉ số chuyển đổi số", "Digital transformation indicators",
                     "Indicators grouped under the DTI pillars (chính quyền số, kinh tế số, xã hội số).")
    for slug, (vi, en) in DTI_PILLARS.items():
        _member(g, scheme, "Indicator", "indicator", slug, vi, en)
    for slug, (vi, en, pillar) in INDICATORS.items():
        node = _member(g, scheme, "Indicator", "indicator", slug, vi, en)
        g.add(node, iri(SKOS + "broader"), iri(concept("indicator", pillar)))
    _member(g, scheme, "Indicator", "indicator", UNCLASSIFIED, "Chưa phân loại", "Unclassified",
            "A quantity whose words match no indicator yet.")
    scheme = _scheme(g, "section", "Loại phần báo cáo", "Section kinds", "What a part of a report is about.")
    for slug, (vi, en) in SECTIONS.items():
        node = _member(g, scheme, "SectionKind", "section", slug, vi, en)
        if slug in RESULT_SECTIONS:
            g.add(node, pkg("reportsResults"), boolean(True))
    scheme = _scheme(g, "topic", "Chủ đề", "Topics", "What a statement of a report is about.")
    for slug, (vi, en, _) in TOPICS.items():
        _member(g, scheme, "Topic", "topic", slug, vi, en)
    return g.quads

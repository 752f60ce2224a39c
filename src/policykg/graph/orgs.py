"""Issuing bodies as W3C ORG organisations, tied to their administrative unit and government level."""

from __future__ import annotations

from policykg.gazetteer import Gazetteer
from policykg.graph.quads import A, ORG_ORG, PREF, GraphBuilder, iri, pkg, text
from policykg.graph.vocabulary import concept
from policykg.domain.identity import unit_iri

_BODY_NAMES = {"ubnd": "UBND", "hdnd": "HĐND", "tinh-uy": "Tỉnh ủy", "huyen-uy": "Huyện ủy", "thanh-uy": "Thành ủy",
               "btv-tinh-uy": "Ban Thường vụ Tỉnh ủy", "btv-huyen-uy": "Ban Thường vụ Huyện ủy",
               "so-tttt": "Sở Thông tin và Truyền thông", "phong-vhtt": "Phòng Văn hóa và Thông tin"}
_KIND_WORDS = {"thành phố trung ương": "thành phố"}  # "UBND thành phố Hà Nội"


def body_label(body: str | None, level: str | None, unit_code: str | None, name: str | None,
               gazetteer: Gazetteer, era: str = "pre-2025") -> str:
    """'UBND huyện Hớn Quản', 'Tỉnh ủy Bình Phước', 'UBND xã Tân Khai', 'Chính phủ'."""
    if level in ("national", "ministry") or not unit_code or body == "other":
        return name or body or "?"  # an unpatterned body's name already says where it is
    unit = gazetteer.unit(level, unit_code, era) if level else None
    base = _BODY_NAMES.get(body or "", name or body or "?")
    if unit is None:
        return base
    if body in ("ubnd", "hdnd"):
        # The unit with its type word in lower case: "UBND huyện Hớn Quản". Today's provinces are listed without
        # one ("Quảng Ngãi", not "Tỉnh Quảng Ngãi"): their kind supplies it, never a lowered first letter.
        if unit.name.lower().startswith(unit.kind.split()[0]):
            return f"{base} {unit.name[0].lower()}{unit.name[1:]}"
        return f"{base} {_KIND_WORDS.get(unit.kind, unit.kind)} {unit.name}"
    return f"{base} {unit.short}"


def add_org(g: GraphBuilder, org: str, body: str | None, level: str | None, unit_code: str | None,
            name: str | None, gazetteer: Gazetteer, era: str = "pre-2025") -> None:
    node = iri(org)
    g.add(node, A, ORG_ORG)
    g.add(node, A, pkg("IssuingBody"))
    g.add(node, PREF, text(body_label(body, level, unit_code, name, gazetteer, era), "vi"))
    if level:
        g.add(node, pkg("governmentLevel"), iri(concept("level", level)))
    if unit_code and level in ("province", "district", "commune"):
        g.add(node, pkg("jurisdiction"), iri(unit_iri(level, unit_code, era)))

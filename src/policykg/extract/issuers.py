"""Issuing bodies: "của UBND huyện", "của Ban Thường vụ Tỉnh ủy Bình Phước", "của Thủ tướng Chính phủ".

``parse_issuer`` reads the body and its administrative unit at a position of the text; ``resolve_issuer``
fills in the unit from the reporting unit (a ``UnitContext``) when the text leaves it implicit ("UBND huyện",
"UBND xã").
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from policykg.extract.models import Issuer, UnitMention
from policykg.gazetteer import PRE, Gazetteer
from policykg.text import Doc
from policykg.vocab import LOCAL_ISSUERS, NATIONAL_ISSUERS

# (folded pattern, body slug, level it implies or None when the unit word decides, display name)
_BODIES: list[tuple[str, str, str | None, str]] = [
    (r"ban\s+chap\s+hanh\s+trung\s+uong(?:\s+dang)?", "trung-uong-dang", "national", "Ban Chấp hành Trung ương Đảng"),
    (r"bo\s+chinh\s+tri", "bo-chinh-tri", "national", "Bộ Chính trị"),
    (r"ban\s+bi\s+thu", "ban-bi-thu", "national", "Ban Bí thư"),
    (r"thu\s+tuong(?:\s+chinh\s+phu)?", "thu-tuong", "national", "Thủ tướng Chính phủ"),
    (r"van\s+phong\s+chinh\s+phu", "van-phong-chinh-phu", "ministry", "Văn phòng Chính phủ"),
    (r"chinh\s+phu", "chinh-phu", "national", "Chính phủ"),
    (r"uy\s+ban\s+thuong\s+vu\s+quoc\s+hoi", "ubtvqh", "national", "Ủy ban Thường vụ Quốc hội"),
    (r"quoc\s+hoi", "quoc-hoi", "national", "Quốc hội"),
    (r"ban\s+thuong\s+vu\s+tinh\s+uy", "btv-tinh-uy", "province", "Ban Thường vụ Tỉnh ủy"),
    (r"ban\s+thuong\s+vu\s+(?:huyen|thi)\s+uy", "btv-huyen-uy", "district", "Ban Thường vụ Huyện ủy"),
    (r"ban\s+chap\s+hanh\s+dang\s+bo(?=\s+tinh)", "tinh-uy", None, "Tỉnh ủy"),
    (r"ban\s+chap\s+hanh\s+dang\s+bo(?=\s+(?:huyen|thi\s+xa))", "huyen-uy", None, "Huyện ủy"),
    (r"tinh\s+uy", "tinh-uy", "province", "Tỉnh ủy"),
    (r"(?:huyen|thi)\s+uy", "huyen-uy", "district", "Huyện ủy"),
    (r"thanh\s+uy", "thanh-uy", None, "Thành ủy"),
    (r"(?:ubnd|uy\s+ban\s+nhan\s+dan)", "ubnd", None, "UBND"),
    (r"(?:hdnd|hoi\s+dong\s+nhan\s+dan)", "hdnd", None, "HĐND"),
    (r"so\s+(?:thong\s+tin\s+(?:va|&)\s+truyen\s+thong|tt\s?&\s?tt|tttt)", "so-tttt", "province",
     "Sở Thông tin và Truyền thông"),
    (r"phong\s+van\s+hoa\s*(?:va|-|&)\s*thong\s+tin", "phong-vhtt", "district", "Phòng Văn hóa và Thông tin"),
    (r"(?:bo|so|phong|ban|cuc|trung\s+tam|buu\s+dien|cong\s+an|van\s+phong)\s", "other", None, ""),
]
_BODY_RE = [(re.compile(p), slug, level, name) for p, slug, level, name in _BODIES]

_UNIT_WORD = re.compile(r"\s{1,3}(?P<kind>tinh|huyen|thi\s+xa|thanh\s+pho|tp\.?|tx\.?|xa|phuong|thi\s+tran)(?=[\s,.;)(]|$)")
_UNIT_KIND = {"tinh": "tỉnh", "huyen": "huyện", "thi xa": "thị xã", "tx": "thị xã", "tx.": "thị xã",
              "thanh pho": "thành phố", "tp": "thành phố", "tp.": "thành phố", "xa": "xã", "phuong": "phường",
              "thi tran": "thị trấn"}
# Words that end an issuer phrase ("… của UBND huyện về việc …").
_STOP = re.compile(r"\s(?:ve|v/v|ngay|tai|theo|trien|thuc|de|nham|quy|ban|huong|phe|cu|va\s+cac|voi|trong|"
                   r"nam|thang|so|cho|giai)(?=[\s,.;:]|$)|[,;.():\n\"“”]")
_WORD = re.compile(r"\s{1,2}(?P<w>[^\s,.;:()\"“”/]+)(?=[\s,.;:()\"“”]|$)")


@dataclass(frozen=True)
class UnitContext:
    """What an issuer left implicit is read against: the gazetteer, the reporting unit and its province."""

    gazetteer: Gazetteer
    reporter: UnitMention | None = None
    province_code: str | None = None


@dataclass(frozen=True)
class ParsedIssuer:
    start: int
    end: int
    body: str
    level: str | None
    display: str
    unit_kind: str | None  # tỉnh | huyện | thị xã | thành phố | xã ...
    unit_name: str | None  # the proper name after the unit word, as written (NFC)
    name_start: int | None = None
    unit_end: int | None = None  # end of the body and unit word, before any proper name


def proper_name(doc: Doc, pos: int, max_words: int = 4) -> tuple[str, int]:
    """Capitalised words from pos ('Bình Phước', 'Đức Phổ'); stops at a lower-case word."""
    end, words = pos, []
    while len(words) < max_words:
        m = _WORD.match(doc.view, end)
        if not m or not (m.group("w")[0].isupper() or m.group("w")[0].isdigit()):
            break
        if doc.folded[m.start("w"):m.end("w")] in ("v/v", "ve"):
            break
        words.append(m.group("w"))
        end = m.end()
    return " ".join(words), end


def parse_issuer(doc: Doc, pos: int) -> ParsedIssuer | None:
    """Parse the issuing body that starts at pos (just after "của")."""
    view, folded = doc.view, doc.folded
    for regex, slug, level, display in _BODY_RE:
        m = regex.match(folded, pos)
        if not m:
            continue
        end = m.end()
        if slug == "other":
            # A body we have no pattern for (Bưu điện tỉnh…, Sở Tư pháp…): up to a stop word or unit word.
            stop = _STOP.search(folded, end)
            unit = _UNIT_WORD.search(folded, end - 1)
            limit = min(x.start() for x in (stop, unit) if x) if (stop or unit) else len(folded)
            end = min(limit, end + 60)
            display = view[pos:end].strip()
        unit_kind = unit_name = name_start = None
        u = _UNIT_WORD.match(folded, end)
        if u:
            unit_kind = _UNIT_KIND[re.sub(r"\s+", " ", u.group("kind"))]
            end = u.end()
        unit_end = end
        # "Tỉnh ủy Bình Phước", "UBND huyện Minh Long", and "Sở TT&TT Quảng Ngãi" with no unit word
        if unit_kind or level == "province" or slug in ("huyen-uy", "btv-huyen-uy", "thanh-uy"):
            name, name_end = proper_name(doc, end)
            if name:
                unit_name, name_start, end = name, name_end - len(name), name_end
        return ParsedIssuer(pos, end, slug, level, display, unit_kind, unit_name, name_start, unit_end)
    return None


def implicit_unit(level: str | None, context: UnitContext, era: str | None = None) -> tuple[str | None, str]:
    """(code, era) of the unit an issuer of this level has when the text names none: the reporting unit's own, or
    its province. A document of the other side of the 1 July 2025 reform (`era`) was issued by the unit of its day:
    a ward's 2024 "UBND tỉnh" is the one pre-2025 province its communes were in (unknown when they were in two)."""
    reporter = context.reporter
    reporter_era = reporter.era if reporter else PRE
    if era and reporter and era != reporter_era:
        if level == "province" and era == PRE:
            unit = context.gazetteer.unit(reporter.level, reporter.code, reporter.era)
            before = context.gazetteer.provinces_before(unit) if unit else []
            return (before[0].code, PRE) if len(before) == 1 else (None, PRE)
        return None, PRE  # a pre-2025 report cannot cite a post-2025 document; a post-2025 district does not exist
    if reporter and reporter.level == level:
        return reporter.code, reporter_era
    if level == "province":
        return context.province_code, reporter_era
    return None, PRE


def resolve_issuer(parsed: ParsedIssuer, doc: Doc, context: UnitContext, at: str | None = None) -> Issuer:
    """Attach the administrative unit: named, else the reporting unit's (or its province's). `at` is the cited
    document's day ('2024-02-20', '2024-02' or '2024') when the text gives it: a province is named as the unit of
    that day (a 2026 report citing a 2024 plan of 'UBND tỉnh Quảng Ngãi' cites the pre-reform province)."""
    gazetteer, province_code = context.gazetteer, context.province_code
    level = parsed.level
    if level is None:
        level = {"tỉnh": "province", "thành phố": "district", "huyện": "district", "thị xã": "district",
                 "xã": "commune", "phường": "commune", "thị trấn": "commune"}.get(parsed.unit_kind or "")
    if parsed.body == "thanh-uy" and level is None:
        level = "district"
    unit_code, unit_era, end = None, PRE, parsed.unit_end
    era = _era_of(gazetteer, at) or (context.reporter.era if context.reporter else None)
    if level in ("province", "district"):
        # The longest run of the capitalised words that names a unit: "Đức Phổ Triển" -> "Đức Phổ".
        words = (parsed.unit_name or "").split()
        for n in range(len(words), 0, -1):
            written = " ".join(words[:n])
            if level == "province":  # the document's era, else the reporter's: "UBND tỉnh Đồng Nai" in 2026 is today's
                match = gazetteer.match_province(written, era=era) if era else None
                match = match or gazetteer.match_province(written)
            else:  # exact in the report's province, exact anywhere, then near spellings in the province only
                match = (province_code and gazetteer.match_district(written, province_code=province_code, fuzzy=False)) \
                    or gazetteer.match_district(written, fuzzy=False) \
                    or gazetteer.match_district(written, province_code=province_code, fuzzy=bool(province_code))
            if match and match.confidence >= 0.8:
                unit_code, unit_era, end = match.unit.code, match.unit.era, parsed.name_start + len(written)
                break
        else:
            unit_code, unit_era = implicit_unit(level, context, era)
    elif level == "commune" and not parsed.unit_name:
        unit_code, unit_era = implicit_unit(level, context, era)
    text = doc.view[parsed.start:end].strip()
    name = text if parsed.body == "other" else parsed.display
    return Issuer(text=text, source="stated", level=level, body=parsed.body, unit_code=unit_code, name=name,
                  unit_era=unit_era)


def _era_of(gazetteer: Gazetteer, at: str | None) -> str | None:
    """The era of a day, a month or a year; None when unknown or when the year 2025 alone is given."""
    if not at:
        return None
    if len(at) == 4:  # a year: the reform fell inside 2025
        return None if at == gazetteer.reform_date[:4] else gazetteer.era_at(f"{at}-01-01")
    return gazetteer.era_at(at if len(at) == 10 else f"{at}-01")


def issuer_from_codes(codes: list[str], context: UnitContext, at: str | None = None) -> Issuer | None:
    """The body a number's issuer code implies: CP -> Chính phủ, TTg -> Thủ tướng, HU -> Huyện ủy… (a local body
    as the unit of the document's day `at`, as in resolve_issuer)."""
    era_then = _era_of(context.gazetteer, at)
    for code in reversed(codes):
        key = code.upper()
        body = NATIONAL_ISSUERS.get(key) or NATIONAL_ISSUERS.get(re.sub(r"\d+$", "", key))
        if body:
            return Issuer(body.vi, "number", body.level, body.slug, None, body.vi)
        body = LOCAL_ISSUERS.get(key)
        if body:
            unit, era = implicit_unit(body.level, context, era_then)
            return Issuer(body.vi, "number", body.level, body.slug, unit, body.vi, era)
        if key in ("UBND", "HDND", "HĐND"):
            # A local number with no issuer in the text: the reporting unit's own UBND unless told otherwise.
            slug = "ubnd" if key == "UBND" else "hdnd"
            level = context.reporter.level if context.reporter else "district"
            unit, era = implicit_unit(level, context, era_then)
            return Issuer("UBND" if slug == "ubnd" else "HĐND", "context", level, slug, unit,
                          "UBND" if slug == "ubnd" else "HĐND", era)
    return None

"""The reporting unit: level first, then the province, then the place, at the report's date.

1. The authorities in the header ("UBND TỈNH KHÁNH HÒA", "HUYỆN ỦY HỚN QUẢN", "UBND XÃ TÂN KHAI", "SỞ …",
   "PHÒNG …") decide the level: the lowest one is the author. Without a header, the sentence that says who
   reports ("UBND huyện Minh Long báo cáo …") decides it; without that, the district mentions do (the genre's
   district reports often open with the title alone).
2. The province is fixed before any district or commune is matched: from a provincial authority in the header,
   else from the province the report names most. A candidate in another province is never taken on a fuzzy score,
   and never at all when the header names the province.
3. The unit must have existed at the report's date (temporal gazetteer); a provincial document is the
   province's, not its capital city's. Below MIN_CONFIDENCE the unit is left unresolved, with a warning.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass

from policykg.extract.issuers import proper_name
from policykg.extract.metadata import place_date
from policykg.extract.models import UnitMention
from policykg.gazetteer import POST, PRE, Gazetteer, Match, Unit
from policykg.text import Doc, fold

HEADER_CHARS = 1500
MIN_CONFIDENCE = 0.8
_LEVELS = ("province", "district", "commune")  # high to low

_DISTRICT_WORD = re.compile(r"(?<![a-z])(?P<kind>huyen|thi\s{1,2}xa|tx\.?|quan|thanh\s{1,2}pho|tp\.?)(?=\s)")
_KIND = {"huyen": "huyện", "thi xa": "thị xã", "tx": "thị xã", "tx.": "thị xã", "quan": "quận",
         "thanh pho": "thành phố", "tp": "thành phố", "tp.": "thành phố", "tinh": "tỉnh", "xa": "xã",
         "phuong": "phường", "thi tran": "thị trấn", "dac khu": "đặc khu"}
_LEVEL_OF_KIND = {"tỉnh": "province", "huyện": "district", "thị xã": "district", "quận": "district",
                  "thành phố": None, "xã": "commune", "phường": "commune", "thị trấn": "commune",
                  "đặc khu": "commune"}
_PROVINCE_WORD = re.compile(r"(?<![a-z])tinh(?=\s)")
# "Đức Phổ, ngày … tháng … năm 2022" — the place on the date line of the header
_PLACE_DATE = re.compile(r"(?:^|\n)[ \t*]{0,6}(?P<place>[^\n,]{2,40}),\s{0,3}ngay\b")
_UNIT = r"(?P<unit>tinh|thanh\s{1,2}pho|tp\.?|huyen|thi\s{1,2}xa|tx\.?|quan|xa|phuong|thi\s{1,2}tran|dac\s{1,2}khu)"
_LINE_START = r"(?:^|\n)[ \t*|#>_]{0,8}"
# An authority line of the header: a body and its unit ("UBND TỈNH …", "ĐẢNG BỘ HUYỆN …", "ĐẢNG ỦY XÃ …") or a
# Party committee named by its unit ("TỈNH ỦY …", "HUYỆN ỦY …", "THÀNH ỦY …"), or a department ("SỞ …", "PHÒNG …").
_HEADER_AUTHORITY = re.compile(
    _LINE_START + r"(?:(?P<body>uy\s{1,2}ban\s{1,2}nhan\s{1,2}dan|ubnd|hoi\s{1,2}dong\s{1,2}nhan\s{1,2}dan|hdnd"
    r"|(?:ban\s{1,2}chap\s{1,2}hanh\s{1,2})?dang\s{1,2}bo|dang\s{1,2}uy|ban\s{1,2}thuong\s{1,2}vu)\s{1,3}" + _UNIT +
    r"|(?P<party>tinh|thanh|huyen|thi|quan)\s{1,2}uy"
    r"|(?P<department>so|phong)\s{1,2}(?=[a-z]))(?P<rest>[^\n]{0,80})")
# The sentence that says who reports: "UBND huyện Minh Long báo cáo", "Phòng … huyện Phụng Hiệp báo cáo".
_REPORTER = re.compile(r"(?:ubnd|uy\s{1,2}ban\s{1,2}nhan\s{1,2}dan|phong\s[^\n.;]{3,60}?)\s{1,3}" + _UNIT +
                       r"\s{1,3}(?P<rest>[^\n.;,]{2,60}?)\s{1,3}(?:bao\s{1,2}cao|xin\s{1,2}bao\s{1,2}cao)(?=\s)")
_COLUMN_BREAK = re.compile(r"\s{2,}|\t|\|| cong hoa | doc lap ")


@dataclass(frozen=True)
class Authority:
    """An authority line of the header, or the reporter sentence."""

    level: str | None  # province | district | commune | None (a thành phố: the name decides)
    kind: str | None  # the unit word: tỉnh, huyện, thành phố, xã …
    name: str  # the words after it, as written (may hold more than the name)
    name_start: int
    basis: str  # "header" | "reporter"


@dataclass(frozen=True)
class ReportingUnit:
    unit: UnitMention | None
    mentions: list[UnitMention]
    province_code: str | None
    warnings: list[str]


def report_days(doc: Doc) -> tuple[str | None, str | None]:
    """The earliest and latest day the header's date line allows ('ngày   tháng 7 năm 2023' -> July 2023)."""
    date = place_date(doc)
    if date is None:
        return None, None
    if date.iso:
        return date.iso, date.iso
    if date.month:
        last = 31 if date.month in (1, 3, 5, 7, 8, 10, 12) else 30 if date.month != 2 else 28
        return f"{date.year:04d}-{date.month:02d}-01", f"{date.year:04d}-{date.month:02d}-{last}"
    return f"{date.year:04d}-01-01", f"{date.year:04d}-12-31"


def _header_end(doc: Doc) -> int:
    """The header ends at the title ('BÁO CÁO', 'KẾ HOẠCH' … alone on a line) or after HEADER_CHARS."""
    title = re.search(r"(?:^|\n)[ \t*#]{0,6}(?:bao\s+cao|ke\s+hoach|quyet\s+dinh|chuong\s+trinh|to\s+trinh|"
                      r"nghi\s+quyet|chi\s+thi|thong\s+bao|huong\s+dan|cong\s+van)[ \t*]*\n", doc.folded[:HEADER_CHARS])
    return title.start() if title else min(len(doc), HEADER_CHARS)


def _authority_name(doc: Doc, start: int, end: int) -> tuple[str, int]:
    """The words of an authority line up to its column break ('HỚN QUẢN     CỘNG HÒA …' -> 'HỚN QUẢN')."""
    view, folded = doc.view, doc.folded
    while start < end and folded[start] in " \t*:":
        start += 1
    cut = _COLUMN_BREAK.search(folded[start:end] + " ")
    stop = start + cut.start() if cut else end
    return " ".join(view[start:stop].strip(" \t*:").split()[:6]), start


def header_authorities(doc: Doc) -> list[Authority]:
    found = []
    for m in _HEADER_AUTHORITY.finditer(doc.folded, 0, _header_end(doc)):
        name, name_start = _authority_name(doc, m.start("rest"), m.end("rest"))
        if m.group("department"):
            level = "province" if m.group("department") == "so" else "district"
            found.append(Authority(level, None, "", name_start, "header"))
            continue
        if m.group("party"):
            kind = {"tinh": "tỉnh", "huyen": "huyện", "thi": "thị xã", "quan": "quận", "thanh": "thành phố"}[
                m.group("party")]
        else:
            kind = _KIND[re.sub(r"\s+", " ", m.group("unit"))]
        found.append(Authority(_LEVEL_OF_KIND[kind], kind, name, name_start, "header"))
    return found


def reporter_authority(doc: Doc) -> Authority | None:
    m = _REPORTER.search(doc.folded)
    if not m:
        return None
    kind = _KIND[re.sub(r"\s+", " ", m.group("unit"))]
    words, _ = proper_name(doc, m.start("rest") - 1, max_words=5)
    return Authority(_LEVEL_OF_KIND[kind], kind, words, m.start("rest"), "reporter") if words else None


def _prefixes(words: str) -> list[str]:
    """'Hớn Quản Tôi' -> ['Hớn Quản Tôi', 'Hớn Quản', 'Hớn']: the longest run that names a unit wins."""
    parts = words.replace(" - ", "-").split()
    return [" ".join(parts[:n]) for n in range(len(parts), 0, -1)]


def _first_match(words: str, match) -> tuple[Match, str] | None:
    for fuzzy in (False, True):
        for candidate in _prefixes(words):
            found = match(candidate, fuzzy)
            if found:
                return found, candidate
    return None


def _mention(gazetteer: Gazetteer, match: Match, doc: Doc, start: int, end: int, basis: str) -> UnitMention:
    unit = match.unit
    province = gazetteer.province_of(unit)
    return UnitMention(code=unit.code, name=unit.short, kind=unit.kind, level=unit.level, era=unit.era,
                       province=province.short if province else "", province_code=unit.province_code or unit.code,
                       confidence=match.confidence, start=start, end=end, text=doc.view[start:end], basis=basis)


def find_province(doc: Doc, gazetteer: Gazetteer, era: str | None) -> str | None:
    """The province the report speaks of most (tỉnh Bình Phước, Sở TT&TT tỉnh Quảng Ngãi …)."""
    scores: dict[str, float] = defaultdict(float)
    for m in _PROVINCE_WORD.finditer(doc.folded):
        words, _ = proper_name(doc, m.end(), max_words=3)
        for candidate in _prefixes(words):
            match = gazetteer.match_province(candidate, era=era or PRE)
            if match and match.confidence >= 0.85:
                scores[match.unit.code] += 1 + (2 if m.start() < HEADER_CHARS else 0)
                break
    return max(scores, key=scores.get) if scores else None


def find_district_mentions(doc: Doc, gazetteer: Gazetteer, province: str | None,
                           day: str | None = None, strict: bool = False) -> list[tuple[UnitMention, float]]:
    """Every district mention with a weight: header and 'UBND huyện X' mentions count more.

    With a province, a fuzzy match must lie in it; with `strict` (the header named the province), every match."""
    view, folded = doc.view, doc.folded
    found: list[tuple[UnitMention, float]] = []

    def resolve(words: str, kind: str | None) -> tuple[Match, str] | None:
        def match(candidate: str, fuzzy: bool) -> Match | None:
            hit = gazetteer.match_district(candidate, kind=kind, province_code=province if (fuzzy or strict) else None,
                                           fuzzy=fuzzy, at=day)
            if hit and not fuzzy and province and hit.unit.province_code != province:
                inside = gazetteer.match_district(candidate, kind=kind, province_code=province, fuzzy=False, at=day)
                hit = inside or hit  # the same name in the report's province first (Châu Thành)
            return hit
        return _first_match(words, match)

    for m in _DISTRICT_WORD.finditer(folded):
        words, _ = proper_name(doc, m.end(), max_words=4)
        if not words:
            continue
        kind = _KIND[re.sub(r"\s+", " ", m.group("kind"))]
        resolved = resolve(words, kind)
        if not resolved:
            continue
        match, name = resolved
        name_start = view.index(name.split()[0], m.end())
        weight = 1.0
        if m.start() < HEADER_CHARS:
            weight += 3
        if folded[max(0, m.start() - 5):m.start()].strip().endswith(("ubnd", "nhan dan")):
            weight += 2
        found.append((_mention(gazetteer, match, doc, m.start(), name_start + len(name), "mention"), weight))
    for m in _PLACE_DATE.finditer(folded, 0, min(len(folded), HEADER_CHARS)):
        place = view[m.start("place"):m.end("place")].strip(" *\t")
        resolved = resolve(place, None)
        if resolved:
            start = m.start("place") + view[m.start("place"):m.end("place")].index(place)
            found.append((_mention(gazetteer, resolved[0], doc, start, start + len(place), "date line"), 5.0))
    return found


def _resolve_named(gazetteer: Gazetteer, authority: Authority, level: str, province: str | None,
                   district: str | None, day: str | None, era: str | None) -> Match | None:
    """The unit an authority names, at its level, inside the fixed province."""
    if level == "province":
        found = _first_match(authority.name, lambda c, fuzzy: gazetteer.match_province(c, at=day, era=era,
                                                                                      fuzzy=fuzzy))
        return found[0] if found else None
    if level == "district":
        found = _first_match(authority.name, lambda c, fuzzy: gazetteer.match_district(
            c, kind=authority.kind, province_code=province, fuzzy=fuzzy, at=day))
        return found[0] if found else None
    found = _first_match(authority.name, lambda c, fuzzy: gazetteer.match_commune(
        c, kind=authority.kind, province_code=province, district_code=district, at=day, era=era, fuzzy=fuzzy))
    return found[0] if found else None


def reporting_unit(doc: Doc, gazetteer: Gazetteer) -> ReportingUnit:
    """The unit that wrote the report, every district mention, the province, and warnings."""
    earliest, latest = report_days(doc)
    era = gazetteer.era_at(earliest) if earliest and gazetteer.era_at(earliest) == gazetteer.era_at(latest) else None
    day = earliest  # a unit is ruled out only if it was gone even on the earliest day the date allows
    warnings: list[str] = []
    authorities = header_authorities(doc)

    # The province: fixed by a provincial authority of the header (or a centrally-run city).
    province: Match | None = None
    for a in authorities:
        if a.level in ("province", None) and a.name:
            hit = _resolve_named(gazetteer, a, "province", None, None, day, era)
            if hit and hit.confidence >= MIN_CONFIDENCE and (a.level == "province"
                                                            or hit.unit.kind == "thành phố trung ương"):
                province = hit
                break
    strict = province is not None
    province_code = province.unit.code if province else find_province(doc, gazetteer, era)
    pre_province = province_code if (province is None or province.unit.era == PRE) else None

    # The level: the lowest authority of the header, else the reporter sentence, else the mentions.
    def level_of(a: Authority) -> str | None:
        if a.level:
            return a.level
        # "UBND THÀNH PHỐ HÀ NỘI" is a province; "UBND THÀNH PHỐ THÁI NGUYÊN" under UBND TỈNH THÁI NGUYÊN its city
        city_province = province and province.unit.kind == "thành phố trung ương"
        return "province" if city_province and a.name and _same_place(gazetteer, a.name, province.unit) else "district"

    named = [a for a in authorities if a.name or a.level]
    reporter = reporter_authority(doc)
    if not named and reporter:
        named = [reporter]
    level = max((level_of(a) for a in named), key=_LEVELS.index, default=None)
    mentions_weighted = find_district_mentions(doc, gazetteer, pre_province, day if era != POST else None,
                                               strict and pre_province is not None)
    mentions = [m for m, _ in mentions_weighted]

    if level == "province":
        if province is None and named:
            hit = next(filter(None, (_resolve_named(gazetteer, a, "province", None, None, day, era)
                                     for a in named if a.name)), None)
            province = hit if hit and hit.confidence >= MIN_CONFIDENCE else None
        if province is None:
            return ReportingUnit(None, mentions, province_code, ["a provincial report whose province is not named"])
        at = next((a for a in named if a.name and _same_place(gazetteer, a.name, province.unit)), named[0])
        mention = _mention(gazetteer, province, doc, at.name_start, at.name_start + len(at.name), at.basis)
        return ReportingUnit(mention, mentions, province.unit.code, warnings)

    if level == "commune":
        commune_authority = next(a for a in named if level_of(a) == "commune")
        district_authority = next((a for a in named if level_of(a) == "district" and a.name), None)
        district = _resolve_named(gazetteer, district_authority, "district", pre_province, None, day, era) \
            if district_authority else None
        commune_era = era or (PRE if district else province.unit.era if province else None)
        same_era = province is None or commune_era is None or province.unit.era == commune_era
        hit = _resolve_named(gazetteer, commune_authority, "commune", province_code if same_era else None,
                             district.unit.code if district else None, day, commune_era)
        if hit is None or hit.confidence < MIN_CONFIDENCE:
            return ReportingUnit(None, mentions, province_code,
                                 [f"a commune report: no commune {commune_authority.name!r} in the province"
                                  + (f" at {day}" if day else "")])
        start = commune_authority.name_start
        mention = _mention(gazetteer, hit, doc, start, start + len(commune_authority.name), commune_authority.basis)
        return ReportingUnit(mention, mentions, hit.unit.province_code, warnings)

    # District level (stated, or by default: the genre's reports that open with the title alone).
    if era == POST:
        warnings.append(f"dated {earliest}, after the district tier was abolished on {gazetteer.reform_date}")
    stated = next((a for a in named if level_of(a) == "district" and a.name), None)
    if stated is not None:
        hit = _resolve_named(gazetteer, stated, "district", pre_province, None, None if era == POST else day, era)
        if hit and hit.confidence >= MIN_CONFIDENCE:
            mention = _mention(gazetteer, hit, doc, stated.name_start, stated.name_start + len(stated.name),
                               stated.basis)
            return ReportingUnit(mention, mentions, hit.unit.province_code, warnings)
        undated = _resolve_named(gazetteer, stated, "district", pre_province, None, None, era)
        if undated and undated.confidence >= MIN_CONFIDENCE and day:
            gone = undated.unit
            return ReportingUnit(None, mentions, province_code, warnings + [
                f"{gone.name} ({gone.code}) no longer existed on {day}"
                + (f" (gone from the gazetteer by {gone.ended_by})" if gone.ended_by else "")
                + ": the date or the unit is wrong in the source; left unresolved"])
    if not mentions_weighted:
        return ReportingUnit(None, [], province_code, warnings + ["no reporting unit named in the report"])
    scores: dict[str, float] = defaultdict(float)
    for mention, weight in mentions_weighted:
        scores[mention.code] += weight
    ranked = sorted(scores, key=scores.get, reverse=True)
    best = ranked[0]
    if len(ranked) > 1 and scores[ranked[1]] >= 0.8 * scores[best]:
        second = next(m for m in mentions if m.code == ranked[1])
        warnings.append(f"the report names two districts: chose {best}, also {second.kind} {second.name} ({second.code})")
    # The mention that shows the match best: exact spelling first, then the weightiest (header, "UBND huyện X").
    chosen = max(((m, w) for m, w in mentions_weighted if m.code == best),
                 key=lambda mw: (mw[0].confidence, fold(mw[0].text).startswith(fold(mw[0].kind)), mw[1],
                                 -mw[0].start))[0]
    if chosen.confidence < MIN_CONFIDENCE:
        return ReportingUnit(None, mentions, province_code, warnings + [
            f"the district is uncertain ({chosen.kind} {chosen.name}, confidence {chosen.confidence}): left unresolved"])
    return ReportingUnit(chosen, mentions, province_code or chosen.province_code, warnings)


def _same_place(gazetteer: Gazetteer, written: str, unit: Unit) -> bool:
    """Do the words name this province (exactly, tone placement aside)?"""
    for candidate in _prefixes(written):
        hit = gazetteer.match_province(candidate, era=unit.era, fuzzy=False)
        if hit and hit.unit == unit:
            return True
    return False

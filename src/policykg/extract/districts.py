"""The reporting district: mentions of huyện / thị xã / quận / thành phố names, resolved and ranked."""

from __future__ import annotations

import re
from collections import defaultdict

from policykg.extract.issuers import _proper_name
from policykg.extract.models import DistrictMention
from policykg.gazetteer import Gazetteer, Match
from policykg.text import fold

_DISTRICT_WORD = re.compile(r"(?<![a-z])(?P<kind>huyen|thi\s{1,2}xa|tx\.?|quan|thanh\s{1,2}pho|tp\.?)(?=\s)")
_KIND = {"huyen": "huyện", "thi xa": "thị xã", "tx": "thị xã", "tx.": "thị xã", "quan": "quận",
         "thanh pho": "thành phố", "tp": "thành phố", "tp.": "thành phố"}
_PROVINCE_WORD = re.compile(r"(?<![a-z])tinh(?=\s)")
# "Đức Phổ, ngày … tháng … năm 2022" — the place on the date line of the header
_PLACE_DATE = re.compile(r"(?:^|\n)[ \t*]{0,6}(?P<place>[^\n,]{2,40}),\s{0,3}ngay\b")
HEADER_CHARS = 1500


def _resolve_words(gazetteer: Gazetteer, words: str, kind: str | None, province: str | None) -> tuple[Match, str] | None:
    """Longest prefix of the captured words that names a district: 'Hớn Quản Tôi' -> 'Hớn Quản'."""
    parts = words.split()
    for n in range(len(parts), 0, -1):
        candidate = " ".join(parts[:n])
        match = gazetteer.match_district(candidate, kind=kind, province_code=province, fuzzy=False)
        if match:
            return match, candidate
    for n in range(len(parts), 0, -1):
        candidate = " ".join(parts[:n])
        match = gazetteer.match_district(candidate, kind=kind, province_code=province, fuzzy=True)
        if match:
            return match, candidate
    return None


def find_province(view: str, folded: str, gazetteer: Gazetteer) -> str | None:
    """The province the report speaks of most (tỉnh Bình Phước, Sở TT&TT tỉnh Quảng Ngãi …)."""
    scores: dict[str, float] = defaultdict(float)
    for m in _PROVINCE_WORD.finditer(folded):
        words, _ = _proper_name(view, folded, m.end(), max_words=3)
        if not words:
            continue
        parts = words.split()
        for n in range(len(parts), 0, -1):
            match = gazetteer.match_province(" ".join(parts[:n]))
            if match and match.confidence >= 0.85:
                scores[match.unit.code] += 1 + (2 if m.start() < HEADER_CHARS else 0)
                break
    return max(scores, key=scores.get) if scores else None


def find_district_mentions(view: str, folded: str, gazetteer: Gazetteer, province: str | None) -> list[tuple[DistrictMention, float]]:
    """Every district mention with a weight: header and 'UBND huyện X' mentions count more."""
    found: list[tuple[DistrictMention, float]] = []

    def record(match: Match, start: int, end: int, weight: float) -> None:
        unit = match.unit
        mention = DistrictMention(
            code=unit.code, name=unit.short, kind=unit.kind,
            province=gazetteer.provinces[unit.province_code].short, province_code=unit.province_code,
            confidence=match.confidence, start=start, end=end, text=view[start:end])
        found.append((mention, weight))

    for m in _DISTRICT_WORD.finditer(folded):
        words, _ = _proper_name(view, folded, m.end(), max_words=4)
        if not words:
            continue
        kind = _KIND[re.sub(r"\s+", " ", m.group("kind"))]
        resolved = _resolve_words(gazetteer, words, kind, province)
        if not resolved:
            continue
        match, name = resolved
        name_start = view.index(name.split()[0], m.end())
        weight = 1.0
        if m.start() < HEADER_CHARS:
            weight += 3
        if folded[max(0, m.start() - 5):m.start()].strip().endswith(("ubnd", "nhan dan")):
            weight += 2
        record(match, m.start(), name_start + len(name), weight)
    for m in _PLACE_DATE.finditer(folded, 0, min(len(folded), HEADER_CHARS)):
        place = view[m.start("place"):m.end("place")].strip(" *\t")
        resolved = _resolve_words(gazetteer, place, None, province)
        if resolved:
            start = m.start("place") + view[m.start("place"):m.end("place")].index(place)
            record(resolved[0], start, start + len(place), 5.0)
    return found


def reporting_district(view: str, folded: str, gazetteer: Gazetteer) -> tuple[DistrictMention | None, list[DistrictMention], str | None, list[str]]:
    """(district, all district mentions, province code, warnings)."""
    province = find_province(view, folded, gazetteer)
    weighted = find_district_mentions(view, folded, gazetteer, province)
    warnings: list[str] = []
    if not weighted:
        return None, [], province, ["no district named in the report"]
    scores: dict[str, float] = defaultdict(float)
    for mention, weight in weighted:
        scores[mention.code] += weight
    ranked = sorted(scores, key=scores.get, reverse=True)
    best = ranked[0]
    if len(ranked) > 1 and scores[ranked[1]] >= 0.8 * scores[best]:
        second = next(m for m, _ in weighted if m.code == ranked[1])
        warnings.append(f"the report names two districts: chose {best}, also {second.kind} {second.name} ({second.code})")
    mentions = [m for m, _ in weighted]
    # The mention that shows the match best: exact spelling first, then the weightiest (header, "UBND huyện X").
    chosen = max(((m, w) for m, w in weighted if m.code == best), key=lambda mw: (mw[0].confidence, fold(mw[0].text).startswith(fold(mw[0].kind)), mw[1], -mw[0].start))[0]
    return chosen, mentions, province or chosen.province_code, warnings

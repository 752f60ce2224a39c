"""Document numbers: parse the State and Party forms and canonicalise them ('26 /KH-UBND' -> '26/KH-UBND')."""

from __future__ import annotations

import re
from dataclasses import dataclass

from policykg.domain import regexes as rx
from policykg.text import fold, nfc
from policykg.vocab import DOC_TYPES, OFFICIAL_CODE_SPELLING

_TYPE_BY_CODE = {t.code.upper(): t for t in DOC_TYPES if t.code}
_TYPE_BY_FOLDED_CODE: dict[str, list] = {}
for _t in DOC_TYPES:
    if _t.code:
        _TYPE_BY_FOLDED_CODE.setdefault(_t.code.upper().replace("Đ", "D"), []).append(_t)

_DASHES = re.compile(r"\s?[-\u2013\u2011]\s?")


def canonical_code(segment: str) -> str:
    """'nd' -> 'NĐ', 'TTG' -> 'TTg', 'Ubnd' -> 'UBND'; Đ kept where written."""
    upper = segment.strip().upper()
    return OFFICIAL_CODE_SPELLING.get(upper.replace("Đ", "D"), upper)


def doc_type_for_code(code: str):
    """The document type an abbreviation names, or None (STTTT, UBND … are issuers, not types)."""
    upper = code.upper()
    if upper in _TYPE_BY_CODE:
        return _TYPE_BY_CODE[upper]
    candidates = _TYPE_BY_FOLDED_CODE.get(upper.replace("Đ", "D"), [])
    return candidates[0] if len(candidates) == 1 else None


@dataclass(frozen=True)
class NumberParse:
    number: str
    form: str
    year: int | None
    codes: tuple[str, ...]  # issuer codes, canonical, type code first when present
    type_code: str | None


def parse_number(match: re.Match, view: str) -> NumberParse:
    g = match.groupdict()
    if g.get("pnum"):
        ptype = canonical_code(view[match.start("ptype"):match.end("ptype")])
        orgs = [canonical_code(s) for s in _DASHES.split(view[match.start("porg"):match.end("porg")])]
        number = f"{g['pnum']}-{ptype}/{'-'.join(orgs)}"
        return NumberParse(number, "party", None, (ptype, *orgs), ptype if doc_type_for_code(ptype) else None)
    codes = [canonical_code(s) for s in _DASHES.split(view[match.start("codes"):match.end("codes")])]
    num = view[match.start("num"):match.end("num")].upper()
    year = int(g["year"]) if g.get("year") else None
    number = f"{num}/{year}/{'-'.join(codes)}" if year else f"{num}/{'-'.join(codes)}"
    type_code = codes[0] if doc_type_for_code(codes[0]) and (len(codes) > 1 or year) else None
    return NumberParse(number, "state", year, tuple(codes), type_code)


_WHOLE_NUMBER = re.compile(rf"\s*(?:{rx.NUMBER})\s*")


def parse_number_text(text: str) -> NumberParse | None:
    """Parse a number written on its own ('42/2022/NĐ-CP'); None if it is not one."""
    view = nfc(text)
    match = _WHOLE_NUMBER.fullmatch(fold(view))
    return parse_number(match, view) if match else None

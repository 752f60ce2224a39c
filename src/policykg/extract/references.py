"""Find references to documents: kind, canonical number, date, issuer — each with its span."""

from __future__ import annotations

import re

from policykg.domain import regexes as rx
from policykg.extract.dates import date_at, parse_date_match
from policykg.extract.issuers import issuer_from_codes, parse_issuer, resolve_issuer
from policykg.extract.models import Reference, UnitMention
from policykg.domain.numbers import NumberParse, doc_type_for_code, parse_number
from policykg.gazetteer import Gazetteer
from policykg.text import SpanSet

_HEADER_NUMBER = re.compile(r"(?:^|\n)[ \t*]{0,6}so\s{0,2}[:.]")


def _kind_for(parse: NumberParse, kind_word: str | None) -> str | None:
    if kind_word:
        return kind_word
    if parse.type_code:
        return doc_type_for_code(parse.type_code).vi
    if parse.year and parse.codes[0].startswith("QH"):
        return "Luật"
    return None


def _header_number_spans(folded: str) -> list[tuple[int, int]]:
    """The report's own 'Số: 123/BC-UBND' line near the top is metadata, not a reference."""
    spans = []
    for m in _HEADER_NUMBER.finditer(folded, 0, min(len(folded), 1500)):
        line_end = folded.find("\n", m.end())
        spans.append((m.start(), line_end if line_end != -1 else len(folded)))
    return spans


def find_references(view: str, folded: str, gazetteer: Gazetteer, reporter: UnitMention | None,
                    province_code: str | None) -> list[Reference]:
    refs: list[Reference] = []
    taken = SpanSet(_header_number_spans(folded))

    def add(match: re.Match, start: int, kind_word: str | None) -> Reference | None:
        parse = parse_number(match, view)
        kind = _kind_for(parse, kind_word)
        if kind is None or not taken.free(start, match.end()):
            return None
        ref = Reference(kind=kind, type_code=parse.type_code, number=parse.number, form=parse.form,
                        year=parse.year, start=start, end=match.end(), text=view[start:match.end()].strip())
        ref.start = start + (len(view[start:match.end()]) - len(view[start:match.end()].lstrip()))
        _attach_details(ref, parse, view, folded, gazetteer, reporter, province_code)
        taken.add(ref.start, ref.end)
        refs.append(ref)
        return ref

    for m in rx.KIND_THEN_NUMBER.finditer(folded):
        kind = rx.KIND_WORDS[re.sub(r"\s+", " ", m.group("kind"))]
        ref = add(m, m.start(), kind)
        pos = m.end()
        while ref is not None:  # "Nghị định số 42/2022/NĐ-CP, 47/2020/NĐ-CP và 45/2020/NĐ-CP"
            cont = rx.LIST_CONTINUATION.match(folded, max(pos, ref.end))
            if not cont:
                break
            number_start = cont.start("pnum") if cont.group("pnum") else cont.start("num")
            parse = parse_number(cont, view)
            ref = add(cont, number_start, _kind_for(parse, None) or kind)
            pos = cont.end()
    for m in rx.BARE_NUMBER.finditer(folded):
        parse = parse_number(m, view)
        if parse.form == "party" and parse.type_code is None:
            continue
        if parse.form == "state" and not (parse.type_code or parse.year):
            continue  # "820/STTTT" alone could be anything; with "Công văn số" it was taken above
        start = m.start("pnum") if m.group("pnum") else m.start("num")
        add(m, start, None)
    refs.sort(key=lambda r: r.start)
    return refs


def _attach_details(ref: Reference, parse: NumberParse, view: str, folded: str, gazetteer: Gazetteer,
                    reporter: UnitMention | None, province_code: str | None) -> None:
    """Date and issuer from the words after the number (or the date before 'ban hành')."""
    pos = ref.end
    date = _date_after(folded, view, pos)
    if date:
        pos = date.end
    of = rx.OF_ISSUER.match(folded, pos)
    if of:
        parsed = parse_issuer(view, folded, of.end())
        if parsed:
            ref.issuer = resolve_issuer(parsed, view, gazetteer, reporter, province_code)
            pos = parsed.end
            if date is None:
                date = _date_after(folded, view, pos)
    if ref.issuer is None:
        ref.issuer = _issuer_before(folded, view, ref.start, gazetteer, reporter, province_code)
    if date is None:
        date = _date_before_issued(folded, view, ref.start)
    ref.date = date
    if ref.year is None and date is not None and date.year:
        ref.year = date.year
    if ref.issuer is None:
        ref.issuer = issuer_from_codes(list(parse.codes[1:] if parse.type_code else parse.codes),
                                       reporter, province_code)


_OF_BEFORE = re.compile(r"cua\s{1,3}")
_AT_BEFORE = re.compile(r"\s{1,3}(?:tai|theo)\s{1,3}(?:cac\s+)?$")


def _issuer_before(folded: str, view: str, start: int, gazetteer: Gazetteer, reporter: UnitMention | None,
                   province_code: str | None):
    """'Theo đề nghị của Sở TT&TT Quảng Ngãi tại Công văn số 847/…' — the issuer said before the reference."""
    window_start = max(0, start - 120)
    for m in _OF_BEFORE.finditer(folded, window_start, start):
        parsed = parse_issuer(view, folded, m.end())
        if parsed and _AT_BEFORE.fullmatch(folded, parsed.unit_end, start) or \
                parsed and _AT_BEFORE.fullmatch(folded, parsed.end, start):
            return resolve_issuer(parsed, view, gazetteer, reporter, province_code)
    return None


def _date_after(folded: str, view: str, pos: int):
    lead = rx.DATE_AFTER_NUMBER.match(folded, pos)
    if not lead:
        return None
    return date_at(folded, view, lead.end())


def _date_before_issued(folded: str, view: str, start: int):
    """'Ngày 15/6/2023, UBND huyện đã ban hành Kế hoạch số …' — the date said before the reference."""
    window_start = max(0, start - 130)
    window = folded[window_start:start]
    if not rx.BEFORE_ISSUED.search(window):
        return None
    found = None
    for m in rx.DATE.finditer(folded, window_start, start):
        found = m
    if found is None or rx.KIND_THEN_NUMBER.search(folded, found.end(), start):
        return None
    between = folded[found.end():start]
    if re.search(r"[.;\n]", between):
        return None
    return parse_date_match(found, view)

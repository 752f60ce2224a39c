"""Find references to documents: kind, canonical number, date, issuer — each with its span.

The ways a report writes a reference are data: REFERENCE_FORMS, tried in order (an earlier form's span is
never taken again by a later one). A new form is one more entry: a pattern over the folded text, where its
number starts, the kind word it states, and which matches are references at all.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from policykg.domain import regexes as rx
from policykg.domain.numbers import NumberParse, doc_type_for_code, parse_number
from policykg.extract.dates import date_at, parse_date_match
from policykg.extract.issuers import UnitContext, issuer_from_codes, parse_issuer, resolve_issuer
from policykg.extract.models import Reference
from policykg.text import Doc, SpanSet

_HEADER_NUMBER = re.compile(r"(?:^|\n)[ \t*]{0,6}so\s{0,2}[:.]")


@dataclass(frozen=True)
class ReferenceForm:
    """One way of writing a reference. `start`: where the reference starts in a match; `kind_word`: the kind it
    states ("Nghị định", None when the number's type code says it); `keep`: whether a parsed number is a
    reference in this form; `continues`: the pattern of a list continuing it ("…, 47/2020/NĐ-CP và …")."""

    name: str
    pattern: re.Pattern
    start: Callable[[re.Match], int]
    kind_word: Callable[[re.Match], str | None]
    keep: Callable[[NumberParse], bool] = lambda parse: True
    continues: re.Pattern | None = None


def _number_start(m: re.Match) -> int:
    return m.start("pnum") if m.group("pnum") else m.start("num")


def _stated_kind(m: re.Match) -> str:
    return rx.KIND_WORDS[re.sub(r"\s+", " ", m.group("kind"))]


def _a_number_alone_is_a_reference(parse: NumberParse) -> bool:
    """'820/STTTT' alone could be anything (with 'Công văn số' the first form takes it); a Party number needs its
    type code, a State number its type code or year."""
    if parse.form == "party":
        return parse.type_code is not None
    return bool(parse.type_code or parse.year)


REFERENCE_FORMS: tuple[ReferenceForm, ...] = (
    ReferenceForm("kind word, then number", rx.KIND_THEN_NUMBER, start=lambda m: m.start(), kind_word=_stated_kind,
                  continues=rx.LIST_CONTINUATION),
    ReferenceForm("number alone", rx.BARE_NUMBER, start=_number_start, kind_word=lambda m: None,
                  keep=_a_number_alone_is_a_reference),
)


def _kind_for(parse: NumberParse, kind_word: str | None) -> str | None:
    if kind_word:
        return kind_word
    if parse.type_code:
        return doc_type_for_code(parse.type_code).vi
    if parse.year and parse.codes[0].startswith("QH"):
        return "Luật"
    return None


def _header_number_spans(doc: Doc) -> list[tuple[int, int]]:
    """The report's own 'Số: 123/BC-UBND' line near the top is metadata, not a reference."""
    spans = []
    for m in _HEADER_NUMBER.finditer(doc.folded, 0, min(len(doc), 1500)):
        line_end = doc.folded.find("\n", m.end())
        spans.append((m.start(), line_end if line_end != -1 else len(doc)))
    return spans


def find_references(doc: Doc, context: UnitContext,
                    forms: Sequence[ReferenceForm] = REFERENCE_FORMS) -> list[Reference]:
    """Every reference the forms find, in text order, each with its date and issuer."""
    view = doc.view
    refs: list[Reference] = []
    taken = SpanSet(_header_number_spans(doc))

    def add(match: re.Match, start: int, kind_word: str | None) -> Reference | None:
        parse = parse_number(match, view)
        kind = _kind_for(parse, kind_word)
        if kind is None or not taken.free(start, match.end()):
            return None
        ref = Reference(kind=kind, type_code=parse.type_code, number=parse.number, form=parse.form,
                        year=parse.year, start=start, end=match.end(), text=view[start:match.end()].strip())
        ref.start = start + (len(view[start:match.end()]) - len(view[start:match.end()].lstrip()))
        _attach_details(ref, parse, doc, context)
        taken.add(ref.start, ref.end)
        refs.append(ref)
        return ref

    for form in forms:
        for m in form.pattern.finditer(doc.folded):
            if not form.keep(parse_number(m, view)):
                continue
            kind = form.kind_word(m)
            ref = add(m, form.start(m), kind)
            pos = m.end()
            while ref is not None and form.continues is not None:  # "Nghị định số 42/2022/NĐ-CP, 47/2020/NĐ-CP và …"
                cont = form.continues.match(doc.folded, max(pos, ref.end))
                if not cont:
                    break
                ref = add(cont, _number_start(cont), _kind_for(parse_number(cont, view), None) or kind)
                pos = cont.end()
    refs.sort(key=lambda r: r.start)
    return refs


def _attach_details(ref: Reference, parse: NumberParse, doc: Doc, context: UnitContext) -> None:
    """Date and issuer from the words after the number (or the date before 'ban hành')."""
    pos = ref.end
    date = _date_after(doc, pos)
    if date:
        pos = date.end
    of = rx.OF_ISSUER.match(doc.folded, pos)
    parsed = parse_issuer(doc, of.end()) if of else None
    if parsed and date is None:  # "… số 38/KH-UBND của UBND tỉnh Quảng Ngãi ngày 20/02/2024"
        date = _date_after(doc, parsed.end)
    if date is None:
        date = _date_before_issued(doc, ref.start)
    day = _day_of(date, ref.year)
    if parsed:
        ref.issuer = resolve_issuer(parsed, doc, context, day)
    if ref.issuer is None:
        ref.issuer = _issuer_before(doc, ref.start, context, day)
    ref.date = date
    if ref.year is None and date is not None and date.year:
        ref.year = date.year
    if ref.issuer is None:
        ref.issuer = issuer_from_codes(list(parse.codes[1:] if parse.type_code else parse.codes), context, day)


_OF_BEFORE = re.compile(r"cua\s{1,3}")
_AT_BEFORE = re.compile(r"\s{1,3}(?:tai|theo)\s{1,3}(?:cac\s+)?$")


def _day_of(date, year: int | None) -> str | None:
    """The cited document's day as precisely as the text gives it ('2024-02-20', '2024-02', '2024')."""
    if date is not None and date.iso:
        return date.iso
    if date is not None and date.year and date.month:
        return f"{date.year}-{date.month:02d}"
    year = (date.year if date is not None else None) or year
    return str(year) if year else None


def _issuer_before(doc: Doc, start: int, context: UnitContext, day: str | None = None):
    """'Theo đề nghị của Sở TT&TT Quảng Ngãi tại Công văn số 847/…' — the issuer said before the reference."""
    window_start = max(0, start - 120)
    for m in _OF_BEFORE.finditer(doc.folded, window_start, start):
        parsed = parse_issuer(doc, m.end())
        if parsed and _AT_BEFORE.fullmatch(doc.folded, parsed.unit_end, start) or \
                parsed and _AT_BEFORE.fullmatch(doc.folded, parsed.end, start):
            return resolve_issuer(parsed, doc, context, day)
    return None


def _date_after(doc: Doc, pos: int):
    lead = rx.DATE_AFTER_NUMBER.match(doc.folded, pos)
    if not lead:
        return None
    return date_at(doc, lead.end())


def _date_before_issued(doc: Doc, start: int):
    """'Ngày 15/6/2023, UBND huyện đã ban hành Kế hoạch số …' — the date said before the reference."""
    folded = doc.folded
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
    return parse_date_match(found, doc)

"""Report metadata from the header: own number, place-date line, title, and the bounds of its date."""

from __future__ import annotations

import calendar
import re

from policykg.extract.dates import find_dates
from policykg.extract.models import DateValue, Reference, Role

_OWN_NUMBER = re.compile(r"(?:^|\n)[ \t*]{0,6}so\s{0,2}[:.]\s{0,3}(?P<number>[^\n]{0,40})")
_TITLE_HEAD = re.compile(r"(?:^|\n)[ \t*]{0,6}bao\s+cao[ \t*]*\n")
_YEAR = re.compile(r"(?<!\d)(?:19|20)\d{2}(?!\d)")
HEADER_CHARS = 1500


def _month_end(year: int, month: int) -> str:
    return f"{year:04d}-{month:02d}-{calendar.monthrange(year, month)[1]:02d}"


def report_metadata(view: str, folded: str, refs: list[Reference]) -> dict:
    head = folded[:HEADER_CHARS]
    meta: dict = {"number": None, "date": None, "date_text": None, "date_precision": None, "title": None,
                  "request": None, "date_earliest": None, "date_latest": None}
    own = _OWN_NUMBER.search(head)
    if own:
        number = re.sub(r"\s+", "", view[own.start("number"):own.end("number")])
        meta["number"] = number or None  # "Số: /BC-UBND" has no number yet: kept as written
    header_date = next((d for d in find_dates(head, view) if _is_header_line(folded, d)), None)
    title = _TITLE_HEAD.search(head)
    if title:
        end = folded.find("\n\n", title.end() + 1)
        meta["title"] = " ".join(view[title.end():end if end != -1 else title.end() + 300].replace("*", " ").split())
    if header_date:
        meta.update(date=header_date.iso, date_text=header_date.text, date_precision=header_date.precision)
    request = next((r for r in refs if r.relation == Role.RESPONDS_TO), None)
    if request:
        meta["request"] = request.number
    meta["date_earliest"], meta["date_latest"] = _date_bounds(header_date, meta["title"] or "", refs)
    return meta


def _is_header_line(folded: str, date: DateValue) -> bool:
    """The place-date line: 'Đức Phổ, ngày … tháng … năm 2022' alone on its line."""
    line_start = folded.rfind("\n", 0, date.start) + 1
    line_end = folded.find("\n", date.end)
    before = folded[line_start:date.start].strip(" \t*")
    after = folded[date.end:line_end if line_end != -1 else len(folded)].strip(" \t*.")
    return date.text.lower().startswith("ngày") and not after and (
        before == "" or (before.endswith(",") and len(before) <= 40))


def _date_bounds(header: DateValue | None, title: str, refs: list[Reference]) -> tuple[str | None, str | None]:
    """When the report was written: exact if dated, else [latest cited date, end of the stated month/year]."""
    if header and header.iso:
        return header.iso, header.iso
    latest = None
    if header and header.month:
        latest = _month_end(header.year, header.month)
    elif header and header.year:
        latest = f"{header.year:04d}-12-31"
    else:
        years = [int(y) for y in _YEAR.findall(title)]
        if years:
            latest = f"{max(years):04d}-12-31"
    cited = [r.date.iso for r in refs if r.date and r.date.iso and (latest is None or r.date.iso <= latest)]
    earliest = max(cited) if cited else (header.earliest if header else None)
    if header and header.earliest and earliest and header.earliest > earliest:
        earliest = header.earliest
    return earliest, latest

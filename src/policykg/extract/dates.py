"""Vietnamese dates in report text: d/m/yyyy, "ngày 30 tháng 01 năm 2024", blank days and months."""

from __future__ import annotations

import datetime as dt
import re

from policykg.extract.models import DateValue
from policykg.domain.regexes import DATE
from policykg.text import Doc


def parse_date_match(match: re.Match, doc: Doc) -> DateValue:
    """Turn a DATE match (over the folded text) into a DateValue; its words come from the view."""
    g = match.groupdict()
    day = g["d1"] or g["d2"] or g["d5"]
    month = g["m1"] or g["m2"] or g["m3"] or g["m5"]
    year = g["y1"] or g["y2"] or g["y3"] or g["y4"] or g["y5"]
    text = doc.view[match.start():match.end()]
    y = int(year)
    m = int(month) if month else None
    d = int(day) if day else None
    problem = None
    iso = None
    if m is not None and not 1 <= m <= 12:
        problem, m, d = f"impossible month in {text!r}", None, None
    if d is not None:
        try:
            iso = dt.date(y, m, d).isoformat()
        except (ValueError, TypeError):
            problem, d = f"impossible date {text!r}", None
    precision = "day" if iso else ("month" if m else "year")
    return DateValue(iso, y, m, d, precision, match.start(), match.end(), text, problem)


def find_dates(doc: Doc, start: int = 0, end: int | None = None) -> list[DateValue]:
    """Every date in doc[start:end] (the end of the range behaves as the end of the text)."""
    return [parse_date_match(m, doc) for m in DATE.finditer(doc.folded, start, len(doc) if end is None else end)]


def date_at(doc: Doc, pos: int) -> DateValue | None:
    """The date that starts exactly at pos, if any."""
    match = DATE.match(doc.folded, pos)
    return parse_date_match(match, doc) if match else None

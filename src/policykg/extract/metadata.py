"""Report metadata: own number, place-date line, title and kind, covered period, request, recipients,
signer and signing title, distribution list, and the bounds of an undated report's date."""

from __future__ import annotations

import calendar
import datetime as dt
import re
from policykg.extract.dates import find_dates
from policykg.extract.models import DateBound, DateValue, Period, Reference, ReportMetadata, Role
from policykg.text import Doc

_OWN_NUMBER = re.compile(r"(?:^|\n)[ \t]{0,6}so\s{0,2}[:.]\s{0,3}(?P<number>[^\n]{0,40})")
_TITLE_HEAD = re.compile(r"(?:^|\n)[ \t]{0,6}bao\s+cao[ \t]*\n")
_YEAR = re.compile(r"(?<!\d)(?:19|20)\d{2}(?!\d)")
_RECIPIENT = re.compile(r"(?:^|\n)[ \t]{0,6}kinh\s+gui\s{0,2}:?(?P<body>[^\n]*(?:\n[ \t]*[-+][^\n]*){0,12})")
_DISTRIBUTION = re.compile(r"(?:^|\n)[ \t]{0,6}noi\s+nhan\s{0,2}:?[ \t]*\n(?P<body>(?:[ \t]*\n)?(?:[ \t]*[-+•][^\n]*\n?){1,30})")
_SIGN_TITLE = re.compile(
    r"(?:^|\n)[ \t]{0,6}(?P<title>(?:(?:kt|tm|tl|q|tuq)\.\s{0,2}[^\n]{2,40}\n[ \t]*)?"
    r"(?:pho\s+)?(?:chu\s+tich|truong\s+phong|giam\s+doc|chanh\s+van\s+phong|bi\s+thu|truong\s+ban)[^\n]{0,30})[ \t]*\n")
_NAME_LINE = re.compile(r"[ \t]*(?P<name>[^\W\d_]{1,10}(?:[ \t]+[^\W\d_]{1,10}){1,4})[ \t]*(?:\n|$)")
HEADER_CHARS = 1500

# Periods, most specific first. Each yields (start, end) for a year; "first"/"last" say which end.
_PERIODS = [
    (re.compile(r"(?P<n>\d{1,2})\s+thang\s+(?P<which>dau|cuoi)\s+nam(?:\s+(?P<year>(?:19|20)\d{2}))?"), "months"),
    (re.compile(r"quy\s+(?P<q>iv|iii|ii|i|[1-4])\s*(?:nam\s+|/\s*)(?P<year>(?:19|20)\d{2})"), "quarter"),
    (re.compile(r"(?:tinh\s+)?den\s+(?:thoi\s+diem\s+)?(?:thang\s+(?P<m>\d{1,2})\s*(?:/|\s+nam\s+)\s*(?P<year>(?:19|20)\d{2})"
                r"|(?:ngay\s+)?(?P<d>\d{1,2})\s*/\s*(?P<m2>\d{1,2})\s*/\s*(?P<year2>(?:19|20)\d{2}))"), "as-of"),
    (re.compile(r"thang\s+(?P<m>\d{1,2})\s*(?:/|\s+nam\s+)\s*(?P<year>(?:19|20)\d{2})"), "month"),
    (re.compile(r"(?<![\d/])nam\s+(?P<year>(?:19|20)\d{2})"), "year"),
]
_QUARTERS = {"i": 1, "ii": 2, "iii": 3, "iv": 4, "1": 1, "2": 2, "3": 3, "4": 4}
# A data cut-off: "(Đến 18/5/2024)", "từ 01/01/2021 đến ngày 25/6/2022", "tính đến hết ngày 30/6/2023". Figures
# counted up to that day were written on or after it. Bounded repeats only (linear in the text).
_CUTOFF = re.compile(r"(?<![\w/])(?:tinh\s{1,3})?den\s{1,3}(?:het\s{1,3})?(?:ngay\s{1,3})?"
                     r"(?P<d>\d{1,2})\s{0,2}/\s{0,2}(?P<m>\d{1,2})\s{0,2}/\s{0,2}(?P<y>(?:19|20)\d{2})(?![\d/])")
# Words that make a "đến ngày …" a target or a plan, not a cut-off of what was counted.
_AHEAD = re.compile(r"phan\s+dau|du\s+kien|ke\s+hoach|chi\s+tieu|muc\s+tieu|hoan\s+thanh|thoi\s+han|truoc\s+ngay|\bse\s+")


def _month_end(year: int, month: int) -> str:
    return f"{year:04d}-{month:02d}-{calendar.monthrange(year, month)[1]:02d}"


def find_period(doc: Doc, lo: int, hi: int, default_year: int | None,
                kinds: tuple[str, ...] = ("months", "quarter", "as-of", "month", "year")) -> Period | None:
    """The first period expression in doc[lo:hi] (the earliest position, most specific kind on ties)."""
    folded = doc.folded
    best = None
    for regex, kind in _PERIODS:
        if kind not in kinds:
            continue
        m = regex.search(folded, lo, hi)
        if m and (best is None or m.start() < best[0].start()):
            best = (m, kind)
    if best is None:
        return None
    m, kind = best
    g = m.groupdict()
    year = int(g.get("year") or g.get("year2") or 0) or _year_after(folded, m.end(), hi) or default_year
    if not year:
        return None
    text = doc.view[m.start():m.end()]
    if kind == "months":
        n = min(int(g["n"]), 12)
        start, end = ((f"{year}-01-01", _month_end(year, n)) if g["which"] == "dau"
                      else (f"{year}-{13 - n:02d}-01", f"{year}-12-31"))
    elif kind == "quarter":
        q = _QUARTERS[g["q"]]
        start, end = f"{year}-{3 * q - 2:02d}-01", _month_end(year, 3 * q)
    elif kind == "as-of":
        if g.get("d"):
            try:
                end = f"{year:04d}-{int(g['m2']):02d}-{int(g['d']):02d}"
                _month_end(year, int(g["m2"]))
            except ValueError:
                return None
        elif 1 <= int(g["m"]) <= 12:
            end = _month_end(year, int(g["m"]))
        else:
            return None
        start = None
    elif kind == "month":
        month = int(g["m"])
        if not 1 <= month <= 12:
            return None
        start, end = f"{year}-{month:02d}-01", _month_end(year, month)
    else:
        start, end = f"{year}-01-01", f"{year}-12-31"
    return Period(start, end, kind, text, m.start(), m.end())


def _year_after(folded: str, pos: int, hi: int) -> int | None:
    """'06 tháng đầu năm, nhiệm vụ 06 tháng cuối năm 2022': the year stated a little later."""
    m = _YEAR.search(folded, pos, min(hi, pos + 80))
    return int(m.group()) if m else None


def report_metadata(doc: Doc, refs: list[Reference]) -> tuple[ReportMetadata, list[str]]:
    """The report's metadata, and the conflicts found in its dates (kept as written, flagged)."""
    view, folded = doc.view, doc.folded
    head_end = min(len(doc), HEADER_CHARS)
    meta = ReportMetadata()
    own = _OWN_NUMBER.search(folded, 0, head_end)
    if own:
        meta.number = re.sub(r"\s+", "", view[own.start("number"):own.end("number")]) or None
    header_date = place_date(doc)
    if header_date:
        meta.date, meta.date_text, meta.date_precision = header_date.iso, header_date.text, header_date.precision
    title = _TITLE_HEAD.search(folded, 0, head_end)
    title_span = None
    if title:
        title_span = (title.end(), title_end(doc, title.end()))
        meta.title = " ".join(view[slice(*title_span)].split())
    default_year = header_date.year if header_date else None
    period = None
    if title_span:
        period = find_period(doc, *title_span, default_year)
    if period is None:  # the opening sections: only explicit "6 tháng đầu năm 2022", "quý II/2023"
        period = find_period(doc, 0, min(len(doc), 5000), None, kinds=("months", "quarter"))
    meta.period = period
    request = next((r for r in refs if r.relation == Role.RESPONDS_TO), None)
    if request:
        meta.request = request.number
    recipient = _RECIPIENT.search(folded, 0, head_end)
    if recipient:
        body = view[recipient.start("body"):recipient.end("body")]
        meta.recipients = [x for x in (s.strip(" -+;.\t") for s in re.split(r"[\n;]", body)) if x]
    meta.distribution, meta.signer, meta.signing_title = _closing(doc)
    bounds, conflicts = _date_bounds(doc, header_date, period, title_span, refs)
    meta.date_earliest = max((b.date for b in bounds if b.bound == "earliest"), default=None)
    meta.date_latest = min((b.date for b in bounds if b.bound == "latest"), default=None)
    meta.date_basis = [b for b in bounds if b.date in (meta.date_earliest, meta.date_latest)]
    return meta, conflicts


def place_date(doc: Doc) -> DateValue | None:
    """The date of the header's place-date line ('Đức Phổ, ngày 15 tháng 6 năm 2022'), if any."""
    return next((d for d in find_dates(doc, 0, min(len(doc), HEADER_CHARS)) if is_place_date_line(doc, d)), None)


# A line that starts the body, not the title: numbering, a bullet, or the opening words of a sentence.
_BODY_LINE = re.compile(r"[ \t*]*(?:[ivxlc]{1,5}\.|\d{1,2}[.)]|[-+•]|can\s+cu|thuc\s+hien|theo\s|kinh\s+gui|"
                        r"phong\s|ubnd\s|uy\s+ban\s|so\s|huyen\s+uy|dang\s+uy|trong\s)")
TITLE_LINES, TITLE_CHARS = 4, 400


def title_end(doc: Doc, start: int) -> int:
    """Where the title after 'BÁO CÁO' ends: at a blank line, at a line that starts the body, after TITLE_LINES
    lines, or at TITLE_CHARS (on a word break): a title is a heading, never the body of a report that has no
    blank lines."""
    folded = doc.folded
    pos, lines = start, 0
    while pos < len(folded) and lines < TITLE_LINES:
        line_end = folded.find("\n", pos)
        line_end = len(folded) if line_end == -1 else line_end
        line = folded[pos:line_end]
        if not line.strip() and lines:
            break
        if lines and _BODY_LINE.match(line):
            break
        if line.strip():
            lines += 1
        pos = line_end + 1
    end = min(pos - 1 if pos > start else start, len(folded))
    if end - start > TITLE_CHARS:
        cut = folded.rfind(" ", start, start + TITLE_CHARS)
        end = cut if cut > start else start + TITLE_CHARS
    return max(start, end)


def _closing(doc: Doc) -> tuple[list[str], str | None, str | None]:
    view, folded = doc.view, doc.folded
    tail_start = max(0, len(folded) - 3000)
    distribution: list[str] = []
    d = None
    for d in _DISTRIBUTION.finditer(folded, tail_start):
        pass
    if d:
        body = view[d.start("body"):d.end("body")]
        distribution = [x for x in (s.strip(" -+•;.\t") for s in body.split("\n")) if x]
    signer = title = None
    for t in _SIGN_TITLE.finditer(folded, tail_start):
        name = _NAME_LINE.match(view, _skip_blank(view, t.end()))
        if name and all(word[0].isupper() for word in name.group("name").split()):  # "Nguyễn Văn Bảy"
            title = " ".join(view[t.start("title"):t.end("title")].replace("*", " ").split())
            signer = name.group("name").strip()
    return distribution, signer, title


def _skip_blank(view: str, pos: int) -> int:
    while pos < len(view) and view[pos] in " \t\n*":
        pos += 1
    return pos


def is_place_date_line(doc: Doc, date: DateValue) -> bool:
    """The place-date line: 'Đức Phổ, ngày … tháng … năm 2022' alone on its line."""
    folded = doc.folded
    line_start = folded.rfind("\n", 0, date.start) + 1
    line_end = folded.find("\n", date.end)
    before = folded[line_start:date.start].strip(" \t*")
    after = folded[date.end:line_end if line_end != -1 else len(folded)].strip(" \t*.")
    return date.text.lower().startswith("ngày") and not after and (
        before == "" or (before.endswith(",") and len(before) <= 40))


def _date_bounds(doc: Doc, header: DateValue | None, period: Period | None,
                 title_span: tuple[int, int] | None, refs: list[Reference]) -> tuple[list[DateBound], list[str]]:
    """Every bound on when the report was written, each with its rule and words. Latest: the header date (or
    the end of its month or year), else the end of the period's year, else of the latest year in the title.
    Earliest: the header date, the start of its month, the latest dated document it cites (it answers or acts
    on them), the start of an as-of month, and every data cut-off ("Đến 18/5/2024"). A cut-off or citation
    after the latest bound is a wrong date in the source or a target: kept out of the bounds, flagged."""
    view, folded = doc.view, doc.folded
    bounds: list[DateBound] = []

    def add(bound: str, day: str, rule: str, start: int, end: int) -> None:
        bounds.append(DateBound(bound, day, rule, view[start:end], start, end))

    if header and header.iso:
        add("earliest", header.iso, "header-date", header.start, header.end)
        add("latest", header.iso, "header-date", header.start, header.end)
    elif header and header.month:
        add("earliest", header.earliest, "header-month", header.start, header.end)
        add("latest", _month_end(header.year, header.month), "header-month", header.start, header.end)
    elif header and header.year:
        add("earliest", header.earliest, "header-year", header.start, header.end)
        add("latest", f"{header.year:04d}-12-31", "header-year", header.start, header.end)
    elif period:
        add("latest", f"{period.end[:4]}-12-31", "period-year", period.start_offset, period.end_offset)
    elif title_span:
        years = list(_YEAR.finditer(folded, *title_span))
        if years:
            last = max(years, key=lambda m: m.group())
            add("latest", f"{last.group()}-12-31", "title-year", last.start(), last.end())
    latest = min((b.date for b in bounds if b.bound == "latest"), default=None)
    conflicts: list[str] = []
    candidates = [("cited-document", r.date.iso, r.start, r.date.end) for r in refs if r.date and r.date.iso]
    if period and period.kind == "as-of" and period.start is None:
        candidates.append(("as-of", period.end[:8] + "01", period.start_offset, period.end_offset))
    for m in _CUTOFF.finditer(folded):
        if _AHEAD.search(folded, max(0, m.start() - 60), m.start()):
            continue
        try:
            day = dt.date(int(m["y"]), int(m["m"]), int(m["d"])).isoformat()
        except ValueError:  # "đến 31/02/2023": no such day, no bound
            continue
        candidates.append(("cut-off", day, m.start(), m.end()))
    for rule, day, start, end in candidates:
        if latest and day > latest:
            if rule == "cut-off":
                conflicts.append(f"cut-off {view[start:end]!r} is after the latest possible writing date {latest}")
            continue
        add("earliest", day, rule, start, end)
    return bounds, conflicts

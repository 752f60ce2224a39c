"""The compliance gap report, modelled on the EU Single Market Scoreboard: a deficit against a target with
traffic lights, overdue counts, a district × mandate matrix whose cells open their evidence, per-district and
per-mandate pages, and the trend against the previous period.

Every number comes from a named query in queries/ (gap-cells, gap-deficit, gap-trend, gap-evidence,
mandate-implementation, indicator-targets, superseded-citations, district-statements, latest-reports,
catalog-conflicts), so this report and the explorer, which run the same queries, never disagree. This module only
arranges them. A unit's quotes are those of its latest reports in the period; its earlier reports are counted.
"""

from __future__ import annotations

import calendar
import csv
import datetime as dt
import html
import io
import re
import threading
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from functools import cached_property
from typing import Callable
from pathlib import Path

from policykg.gazetteer import load_gazetteer, short_name
from policykg.messages import Message
from policykg.domain.identity import parse_unit_iri, report_key_of
from policykg.query.runner import on_threads, select_sorted
from policykg.scoreboard import EVIDENCE_KEPT, is_fresh, strongest_first
from policykg.reports.words import EVIDENCE_STATUS, deficit_rule, shown, status_word
from policykg.sparql import QueryError, bind, load_query
from policykg.text import spreadsheet_safe

LIGHTS = {"green": ("#2166ac", "đạt"), "amber": ("#fdb863", "gần đạt"), "red": ("#b35806", "chưa đạt")}
EVIDENCE_SHOWN = EVIDENCE_KEPT  # per cell, strongest first: the rest is counted, not printed


def cell_label(c, lang: str = "vi") -> str:
    """A cell's verdict in words; an uncertain scope names the day the mandate entered into force."""
    if c.status != "uncertain":
        return status_word(c.status, lang)
    if lang == "vi":
        return f"{status_word('uncertain', 'vi')} — " + (f"hiệu lực từ {_day(c.inForce)}" if c.inForce
                                                 else "chưa rõ ngày hiệu lực")
    return f"{status_word('uncertain', 'en')} — " + (f"in force from {_day(c.inForce)}" if c.inForce else "entry into force unknown")


class GapsError(ValueError):
    pass


def parse_period(text: str | None) -> tuple[str | None, str | None]:
    """'2022', '2022-H1', '2023-Q2', '2022-06', '2022-01-01..2022-06-30' -> (from, to) ISO dates."""
    if not text:
        return None, None
    m = re.fullmatch(r"(\d{4})(?:-(?:H([12])|Q([1-4])|(\d{2})))?", text.strip())
    if m:
        year = int(m.group(1))
        if m.group(2):
            first, last = (1, 6) if m.group(2) == "1" else (7, 12)
        elif m.group(3):
            q = int(m.group(3))
            first, last = 3 * q - 2, 3 * q
        elif m.group(4):
            first = last = int(m.group(4))
        else:
            first, last = 1, 12
        if not 1 <= first <= last <= 12:
            raise GapsError(Message(f"--period {text!r}: no such month", f"--period {text!r}: không có tháng này"))
        return f"{year}-{first:02d}-01", f"{year}-{last:02d}-{calendar.monthrange(year, last)[1]:02d}"
    m = re.fullmatch(r"(\d{4}-\d{2}-\d{2})\.\.(\d{4}-\d{2}-\d{2})", text.strip())
    if m:
        try:
            a, b = (dt.date.fromisoformat(x) for x in m.groups())
        except ValueError as exc:
            raise GapsError(Message(f"--period {text!r}: {exc}", f"--period {text!r}: ngày không hợp lệ ({exc})")) from exc
        return a.isoformat(), b.isoformat()
    raise GapsError(Message(f"--period {text!r}: write YYYY, YYYY-H1, YYYY-Q2, YYYY-MM or YYYY-MM-DD..YYYY-MM-DD",
                            f"--period {text!r}: hãy viết YYYY, YYYY-H1, YYYY-Q2, YYYY-MM hoặc YYYY-MM-DD..YYYY-MM-DD"))


def province_iris(text: str | None) -> list[str] | None:
    """The provinces --province covers: today's province and those merged into it, or a pre-2025 one alone."""
    if not text:
        return None
    units = load_gazetteer().province_scope(text)
    if not units:
        raise GapsError(Message(f"--province {text!r}: no such province, before or after the 2025 reform",
                                f"--province {text!r}: không có tỉnh này, trước hay sau sắp xếp năm 2025"))
    return [u.iri for u in units]


UNIT_VIEWS = ("then", "today")


def unit_view(units: str, province: str | None) -> str:
    """'auto': today's units when --province names a province of today (an analyst of Đồng Nai sees the former
    Bình Phước districts as hers), else the units at each report's date."""
    if units != "auto":
        return units
    scope = load_gazetteer().province_scope(province) if province else []
    return "today" if scope and scope[0].era == "post-2025" else "then"


@dataclass(frozen=True)
class Place:
    """Where a reporting unit is shown in the chosen view."""

    name: str | None  # its province at the report's date ("then"), or today's (naming the former one if moved)
    today_province: str | None  # the province its land is in today
    successor_communes: str | None  # the communes that took a former district over


def places(rows, units: str) -> dict[str, Place]:
    """The place of each row's unit (its `district` IRI; `provinceName` its province then) in the chosen view.
    Looked up by the unit's IRI, never its name."""
    gazetteer = load_gazetteer()
    out: dict[str, Place] = {}
    for row in rows:
        if row.district in out:
            continue
        parsed = parse_unit_iri(row.district or "")
        unit = gazetteer.unit(*parsed) if parsed else None
        today = gazetteer.today(unit) if unit else []
        today_province = ", ".join(u.short for u in today if u.level == "province") or None
        communes = ", ".join(gazetteer.new_wards[c].name for c in (unit.successor_ward_codes if unit else ())
                             if c in gazetteer.new_wards) or None
        then = row.provinceName
        name = then
        if units == "today" and today_province:
            moved = then and short_name(then) != today_province
            name = today_province + (f" (trước 1/7/2025: {then})" if moved else "")
        out[row.district] = Place(name, today_province, communes)
    return out


# The lists a report reads besides the cells and deficits, each fetched by its query the first time a format reads
# it: the CSV of the whole country reads none of them, the HTML page all. "latest_…": of each unit's latest
# reports only (latest-reports).
FETCHED = ("trend", "evidence", "implementation", "targets", "target_summary", "superseded", "superseded_counts",
           "statement_counts", "conflicts", "overdue", "mandate_list", "latest", "latest_statements",
           "latest_superseded", "latest_reference_times")
# Above this many units, and without --province, a unit's section counts its difficulties and recommendations
# and its citations of each replaced document, and leaves out its quotes and writing intervals: the whole
# country's are hundreds of thousands of sentences (731 MB of HTML at 10,000 reports; 101,996 superseded
# citations at 100,000); the province's report has them.
DETAIL_UNITS = 200
# A detailed report quotes each unit from its latest reports in the period (the analyst's "what does it say now")
# and counts what its earlier reports said: a province's report quoted every report of every unit (at 100,000
# reports, ~140 reports a unit), growing with the years kept, not with what there is to read.
LATEST_QUERIES = {"latest_statements": "district-statements", "latest_superseded": "superseded-citations",
                  "latest_reference_times": "report-reference-time"}


@dataclass
class GapData:
    period: tuple[str | None, str | None]
    province: str | None
    deficit_target: float
    cells: list
    deficit: list
    fetch: "Callable[[str], list]"  # the rows of one of FETCHED
    units: str = "then"  # the reform view: provinces at the report's date, or today's
    places: dict[str, Place] = field(default_factory=dict)  # unit IRI -> its place in that view
    generated: str = field(default_factory=lambda: dt.date.today().isoformat())
    detailed: bool = True  # each unit's quotes and writing intervals (see DETAIL_UNITS)

    def __getattr__(self, name: str):  # only for names not set: each of FETCHED, once
        if name in FETCHED:
            rows = self.fetch(name)
            setattr(self, name, rows)
            return rows
        raise AttributeError(name)

    @cached_property
    def mandates(self) -> list[str]:
        """The mandates of the matrix, by IRI, in mandate_order."""
        return mandate_order(self._numbers)

    @cached_property
    def _numbers(self) -> dict[str, str]:
        return {c.mandate: c.mandateNumber for c in self.cells}

    @cached_property
    def mandate_labels(self) -> dict[str, str]:
        """Each mandate's label (IRI -> text): its number, told apart where two share it."""
        return mandate_labels(self._numbers, lambda: self.mandate_list)

    def mandate_label(self, mandate: str, number: str | None = None) -> str:
        """The mandate's label in this report; a mandate of no cell (a row of another list) by its number."""
        return self.mandate_labels.get(mandate) or number or mandate

    @property
    def districts(self) -> list:
        return self.deficit

    def place(self, unit: str) -> Place:
        return self.places.get(unit) or Place(None, None, None)

    @property
    def superseded_finding_count(self) -> int:
        """How many citations are findings, in all the units' reports: only "superseded"; "uncertain" and
        "replacement signed" are warnings."""
        return sum(int(s.citations) for s in self.superseded_counts if s.status == "superseded")

    def earlier_reports(self, district: str) -> int:
        """How many of the unit's reports in the period a detailed report counts without quoting: those before
        its latest (0: every report of the unit is quoted)."""
        latest = self.of(district, "latest")
        return int(latest[0].reports) - len(latest) if latest else 0

    def latest_quote(self, row) -> str | None:
        """The quote of a counted superseded citation (row of superseded_counts) in the unit's latest reports."""
        return next((s.quote for s in self.of(row.district, "latest_superseded")
                     if (s.cited, s.replacement, s.status) == (row.cited, row.replacement, row.status) and s.quote),
                    None)

    def evidence_for(self, district: str, mandate: str) -> list:
        """The cell's evidence (unit and mandate IRIs), strongest first (its first few when read from the
        scoreboard)."""
        return self._evidence_by_cell.get((district, mandate), [])

    def evidence_count(self, district: str, mandate: str) -> int:
        """How many distinct pieces of evidence the cell has, those not read included."""
        items = self.evidence_for(district, mandate)
        if not items:
            return 0
        return getattr(items[0], "evidenceCount", None) or len(items)

    def of(self, district: str, rows: str) -> list:
        """The rows of one list (`"latest_statements"`, `"targets"`…) about one unit, in their order: indexed
        once, as a national report has every unit's section and scanning each list per unit was quadratic."""
        index = self._by_district.get(rows)
        if index is None:
            index = self._by_district[rows] = defaultdict(list)
            for row in getattr(self, rows):
                index[row.district].append(row)
        return index.get(district, [])

    @cached_property
    def _by_district(self) -> dict:
        return {}

    @cached_property
    def _evidence_by_cell(self) -> dict:
        cells = defaultdict(list)
        for e in self.evidence:
            cells[(e.district, e.mandate)].append(e)  # by IRI: a local number is not unique across issuers
        return {cell: strongest_first(items) for cell, items in cells.items()}

    def light(self, deficit: float) -> str:
        if deficit <= self.deficit_target:
            return "green"
        return "amber" if deficit <= 2 * self.deficit_target else "red"


def _mandate_order(number: str) -> tuple:
    """National mandates (Party centre, Government, Prime Minister) first, then by number."""
    return (0 if "/TW" in number or "-CP" in number or "TTg" in number else 1, number)


def mandate_order(numbers: dict[str, str]) -> list[str]:
    """Mandates (IRI -> number) in the order of the matrix's columns, in the report and the explorer alike:
    by _mandate_order, then by IRI (two of one number)."""
    return sorted(numbers, key=lambda m: (_mandate_order(numbers[m]), m))


def mandate_labels(numbers: dict[str, str], described: Callable[[], list]) -> dict[str, str]:
    """Each mandate's label (IRI -> text): its number; where two of the mandates shown share one (04-NQ/TU of
    two provinces' Party committees, a Government resolution's number in two years), the number with its issuer
    and year signed. `described` returns mandate-list's rows; it is read only when numbers collide."""
    shared = {number for number, n in Counter(numbers.values()).items() if n > 1}
    if not shared:
        return dict(numbers)
    about = {r.mandate: r for r in described()}
    labels = {}
    for mandate, number in numbers.items():
        row = about.get(mandate)
        told = [str(x) for x in (row and row.issuerName, row and row.signed and row.signed.year) if x]
        labels[mandate] = f"{number} ({', '.join(told) or mandate})" if number in shared else number
    if len(set(labels.values())) < len(labels):  # same issuer and year too: only the IRI tells them apart
        labels = {m: f"{label} <{m}>" if list(labels.values()).count(label) > 1 else label
                  for m, label in labels.items()}
    return labels


def _rows(store, name: str, live: bool = False, **params) -> list:
    query = load_query(name)
    values = {k: v for k, v in params.items() if v is not None and k in {p.name for p in query.params}}
    return select_sorted(store, query, bind(query, values, store, live=live))


def collect(store, period: str | None = None, province: str | None = None, deficit_target: float = 25.0,
            units: str = "auto") -> GapData:
    if units not in (*UNIT_VIEWS, "auto"):
        raise GapsError(Message(f"--units {units!r}: write one of auto, {', '.join(UNIT_VIEWS)}",
                                f"--units {units!r}: hãy chọn auto, {', '.join(UNIT_VIEWS)}"))
    units = unit_view(units, province)
    start, end = parse_period(period)
    province_node = province_iris(province)
    # The scoreboard holds whole years; a part of a year is computed live from gap-matrix.
    live = bool(start and end) and not (start.endswith("-01-01") and end.endswith("-12-31"))
    scope = {"from": start, "to": end, "province": province_node}
    cells = _rows(store, "gap-cells", live=live, **scope)
    deficit = _rows(store, "gap-deficit", live=live, **scope)
    # The matrix queries bind the scope; the rest are narrowed to the same districts.
    districts = {c.district for c in cells}
    keep = lambda rows: [r for r in rows if r.district in districts]  # noqa: E731
    # A province's districts are bound as parameters (each a quick narrow query); the whole country is cheaper
    # in one national pass than district by district.
    narrow = {"district": sorted(districts)} if province_node and districts else {}

    detailed = bool(province_node) or len(deficit) <= DETAIL_UNITS
    latest_lock, latest_rows = threading.Lock(), []

    def latest() -> list:
        """Each unit's latest reports in the period, fetched once (the lists of them are fetched on threads)."""
        with latest_lock:
            if not latest_rows:
                latest_rows.append(keep(_rows(store, "latest-reports", **{"from": start, "to": end}, **narrow)))
            return latest_rows[0]

    def fetch(name: str) -> list:
        try:
            if name == "latest":
                return latest()
            if name in LATEST_QUERIES:
                reports = sorted({r.report for r in latest()})
                return keep(_rows(store, LATEST_QUERIES[name], report=reports)) if reports else []
            if name == "evidence":  # over all years, the few strongest of each cell as the build ranked them; a
                # period, or a scoreboard being updated, ranks every piece of evidence now
                # (over many units, the strongest of each cell, with the cell's count: see DETAIL_UNITS)
                position = None if detailed else "1"
                return keep(_rows(store, "gap-evidence-top", position=position, **narrow)
                            if not (start or end) and is_fresh(store)
                            else _rows(store, "gap-evidence", **{"from": start, "to": end}, **narrow))
            if name == "trend":
                return _rows(store, "gap-trend", province=province_node)
            if name == "overdue":
                return keep(_rows(store, "overdue-obligations", live=live, **scope))
            query, params = {"implementation": ("mandate-implementation", narrow),
                             "targets": ("indicator-targets", narrow),
                             "target_summary": ("indicator-target-summary", {}),
                             "superseded": ("superseded-citations", narrow),
                             "superseded_counts": ("superseded-citation-counts", narrow),
                             "statement_counts": ("district-statement-counts", narrow),
                             "conflicts": ("catalog-conflicts", {}),
                             "mandate_list": ("mandate-list", {})}[name]
            rows = _rows(store, query, **params)
            return rows if name in ("target_summary", "mandate_list") else keep(rows)
        except QueryError as exc:
            raise GapsError(*exc.args) from exc

    # Joined on the unit IRI, never the display name: Vietnam has ten districts called "Huyện Châu Thành".
    placed = places(deficit + cells, units)
    if units == "today":  # grouped by today's province, then as before
        deficit.sort(key=lambda d: (placed[d.district].name or "", d.districtName))
    return GapData(period=(start, end), province=province, deficit_target=deficit_target, cells=cells,
                   deficit=deficit, fetch=fetch, units=units, places=placed,
                   detailed=detailed)


# ---------------------------------------------------------------- HTML

_CSS = """
:root{font:14px/1.5 system-ui,'Segoe UI',Roboto,'Noto Sans',sans-serif;color:#1b1b1b}
body{margin:1.5rem auto;max-width:70rem;padding:0 1rem}
h1{font-size:1.6rem;margin:.2rem 0} h2{border-bottom:2px solid #2166ac;padding-bottom:.2rem;margin-top:2rem}
table{border-collapse:collapse;margin:.5rem 0} th,td{border:1px solid #bbb;padding:.25rem .45rem;vertical-align:top}
th{background:#f0f0f0;text-align:left} td.num{text-align:right;font-variant-numeric:tabular-nums}
.cell{text-align:center;font-weight:600;min-width:5.5rem} .cell a{color:inherit;text-decoration:none;display:block}
.sym{font-size:1.1rem} .lbl{display:block;font-size:.7rem;font-weight:400}
.light{display:inline-block;width:.9rem;height:.9rem;border-radius:50%;vertical-align:middle;margin-right:.3rem;border:1px solid #555}
.kpis{display:flex;gap:1rem;flex-wrap:wrap} .kpi{border:1px solid #bbb;border-radius:6px;padding:.5rem .8rem;min-width:9rem}
.kpi b{display:block;font-size:1.6rem} .muted{color:#555;font-size:.85rem} blockquote{margin:.2rem 0 .2rem 1rem;color:#333}
.legend span{margin-right:.8rem;white-space:nowrap}
.unit h3{margin:.8rem 0 .2rem;font-size:1.05rem} .unit ul{margin:.2rem 0} q{color:#333;font-style:italic}
details{margin:1rem 0} details>summary{cursor:pointer;font-size:1.2rem;font-weight:600;color:#2166ac}
@page{size:A4 landscape;margin:12mm} @media print{details h2{break-before:page} .summary h2{break-before:auto}
a{color:inherit;text-decoration:none} body{max-width:none}}
"""


def _e(value) -> str:
    return html.escape("" if value is None else str(value), quote=True)


def _num(value, lang: str = "vi") -> str:
    """1.234 and 12,5 as Vietnamese writes them; 1,234 and 12.5 in English."""
    if value in (None, ""):
        return "—"
    number = float(value)
    if lang == "en":
        return f"{number:,.0f}" if number.is_integer() else f"{number:.1f}"
    return f"{number:,.0f}".replace(",", ".") if number.is_integer() else f"{number:.1f}".replace(".", ",")


def _day(day: dt.date | str | None) -> str:
    """2022-08-15 -> 15/08/2022, as Vietnamese documents write it."""
    iso = str(day) if day else ""
    return f"{iso[8:10]}/{iso[5:7]}/{iso[:4]}" if len(iso) >= 10 else "?"


def _deficit(d) -> float | None:
    return None if d.deficitPercent is None else float(d.deficitPercent)


def _anchor(*parts: str) -> str:
    return "x-" + re.sub(r"[^a-z0-9]+", "-", "-".join(parts).lower()).strip("-")


# Words of the HTML report, Vietnamese and English: key -> (vi, en)
W = {
    "doc_title": ("Báo cáo khoảng trống tuân thủ", "Compliance gap report"),
    "h1": ("Báo cáo khoảng trống thực hiện văn bản chỉ đạo", "Gaps in acting on mandates"),
    "period": ("Kỳ", "Period"), "all_time": ("toàn bộ", "all"), "province": ("Tỉnh", "Province"),
    "all_provinces": ("tất cả", "all"), "made_on": ("Lập ngày", "Made on"),
    "sparql_note": ("Mọi con số được tính bằng SPARQL từ đồ thị (queries/).",
                    "Every figure is computed by SPARQL from the graph (queries/)."),
    "view_then": ("Đơn vị hành chính tại thời điểm báo cáo", "Administrative units as at each report's date"),
    "view_today": ("Đơn vị hành chính hiện nay (sau sắp xếp 1/7/2025)",
                   "Today's administrative units (after the 1 July 2025 reform)"),
    "kpi_units": ("đơn vị có báo cáo", "reporting units"), "kpi_mandates": ("văn bản chỉ đạo theo dõi", "mandates tracked"),
    "kpi_deficit": ("khoảng trống bình quân (mục tiêu ≤ {target}%)", "average deficit (target ≤ {target}%)"),
    "kpi_overdue": ("trường hợp quá hạn chưa có chứng cứ ({n} nghĩa vụ)", "overdue without evidence ({n} obligations)"),
    "kpi_superseded": ("trích dẫn văn bản đã bị thay thế", "citations of superseded documents"),
    "follow_up": ("Cần theo dõi, với ai", "What to follow up, with whom"),
    "follow_up_note": ("Mỗi đơn vị: các văn bản chắc chắn ràng buộc nó mà báo cáo chưa cho thấy đã thực hiện, "
                       "kèm một trích dẫn mạnh nhất làm căn cứ; rồi nghĩa vụ quá hạn và trích dẫn văn bản đã bị thay "
                       "thế. Chi tiết và mọi chứng cứ ở các phần sau.",
                       "For each unit: the mandates that certainly bound it and that its reports do not show it acting "
                       "on, each with the one strongest quote behind the verdict; then overdue obligations and "
                       "citations of superseded documents. Details and all evidence follow."),
    "nothing_to_follow": ("Không có gì cần theo dõi: mọi văn bản chắc chắn thuộc phạm vi đều đã được thực hiện hoặc "
                          "nêu thực hiện.", "Nothing to follow up: every mandate certainly in scope is implemented or "
                          "cited."),
    "no_quote": ("không có gì trong các báo cáo của kỳ", "nothing in the period's reports"),
    "deficit_of": ("khoảng trống {deficit}", "deficit {deficit}"),
    "overdue_line": ("<b>quá hạn</b>: {obligation} — hạn {deadline}", "<b>overdue</b>: {obligation} — due {deadline}"),
    "superseded_line": ("<b>còn dẫn</b> {cited}, đã được thay bằng {replacement}",
                        "<b>still cites</b> {cited}, replaced by {replacement}"),
    "deficit_chart": ("Khoảng trống theo đơn vị", "Deficit by unit"), "target": ("mục tiêu", "target"),
    "by_unit": ("Khoảng trống theo đơn vị", "Deficit by unit"),
    "col_unit": ("Đơn vị", "Unit"), "col_province": ("Tỉnh", "Province"),
    "col_in_scope": ("Văn bản chắc chắn trong phạm vi", "Mandates certainly in scope"),
    **{f"col_{code}": (s.short_vi, s.short_en) for code, s in EVIDENCE_STATUS.items()},
    "col_deficit": ("Khoảng trống", "Deficit"), "col_overdue": ("Quá hạn", "Overdue"),
    "matrix": ("Ma trận đơn vị × văn bản chỉ đạo", "Units × mandates"),
    "out_of_scope": ("ngoài phạm vi", "out of scope"), "now": ("nay là", "now"),
    "trend": ("Xu hướng theo kỳ", "Trend by period"), "col_year": ("Năm", "Year"), "col_units": ("Đơn vị", "Units"),
    "col_cells": ("Ô trong phạm vi", "Cells in scope"), "col_change": ("So với kỳ trước", "Change"),
    "points": ("điểm %", "points"),
    "trend_caution": ("Các kỳ có thể gồm những đơn vị khác nhau: so sánh thận trọng.",
                      "Periods may hold different units: compare with care."),
    "one_period": ("Đồ thị mới có một kỳ: chưa so sánh được xu hướng.", "The graph holds one period: no trend yet."),
    "details": ("Chi tiết (bấm để mở)", "Details (click to open)"),
    "per_unit": ("Theo đơn vị", "By unit"), "per_mandate": ("Theo văn bản chỉ đạo", "By mandate"),
    "evidence": ("Chứng cứ", "Evidence"),
    "unit_line": ("Khoảng trống {deficit}% trên {in_scope} văn bản chắc chắn trong phạm vi ({uncertain} chưa chắc); "
                  "{overdue} nghĩa vụ quá hạn.", "Deficit {deficit}% over {in_scope} mandates certainly in scope "
                  "({uncertain} uncertain); {overdue} overdue obligations."),
    "written_between": ("{report} được viết trong khoảng {earliest} – {latest}: {why}.",
                        "{report} was written between {earliest} and {latest}: {why}."),
    "not_before": ("không sớm hơn", "not before"), "not_after": ("không muộn hơn", "not after"),
    "overdue_title": ("Nghĩa vụ quá hạn chưa có chứng cứ", "Overdue obligations without evidence"),
    "overdue_item": ("hạn {deadline}, báo cáo viết từ {first}", "due {deadline}, report written from {first}"),
    "superseded_title": ("Trích dẫn văn bản đã/sắp bị thay thế", "Citations of superseded documents"),
    "superseded_item": ("ký {signed}, hiệu lực {in_force}", "signed {signed}, in force {in_force}"),
    "superseded_where": ("từng lần dẫn của báo cáo mới nhất, kèm câu trích, trong báo cáo theo tỉnh: --province",
                         "each citation of the latest report, with its quote, in the province's report: --province"),
    "superseded_counted": ("{citations} lần dẫn trong {reports} báo cáo viết từ {earliest} đến {latest}",
                           "{citations} citations in {reports} reports written from {earliest} to {latest}"),
    "latest_said": ("báo cáo mới nhất viết", "the latest report says"),
    "quoted_from": ("Trích dẫn dưới đây lấy từ báo cáo mới nhất của đơn vị trong kỳ: {reports} ({day}); {earlier} báo "
                    "cáo trước đó chỉ được đếm (xem từng báo cáo trong trình khám phá).",
                    "The quotes below are from the unit's latest report in the period: {reports} ({day}); its "
                    "{earlier} earlier reports are counted only (each one is in the explorer)."),
    "report_span": ("báo cáo", "report"), "replacement_source": ("quan hệ thay thế", "replacement from"),
    "targets_title": ("Chỉ số so với chỉ tiêu", "Indicators against targets"),
    "targets_national_note": ("số đơn vị có số liệu so sánh được; một đơn vị có số liệu đạt và chưa đạt (ở các năm khác nhau) "
                              "được tính ở cả hai; từng số liệu của mỗi đơn vị trong báo cáo theo tỉnh (--province)",
                              "units with a comparable figure; a unit with figures that meet and miss it (in different "
                              "years) counts in both; each unit's figures in the province's report (--province)"),
    "col_met": ("Đạt", "Met"), "col_not_met": ("Chưa đạt", "Not met"),
    "targets_note": ("chỉ so khi cùng chỉ số, cùng đơn vị, cùng cấp; trung bình chỉ nêu khi có từ 3 đơn vị",
                     "compared only for the same indicator, unit and level; averages only over 3 units or more"),
    "col_mandate": ("Văn bản", "Mandate"), "col_target": ("Chỉ tiêu", "Target"), "col_value": ("Giá trị báo cáo", "Reported"),
    "col_quote": ("Trích", "Quote"), "col_verdict": ("Kết luận", "Verdict"),
    "col_province_avg": ("TB tỉnh (n)", "Province average (n)"), "col_graph_avg": ("TB trong đồ thị (n)", "Graph average (n)"),
    "statements_title": ("Khó khăn và kiến nghị", "Difficulties and recommendations"),
    "statements_where": ("từng ý của báo cáo mới nhất trong báo cáo theo tỉnh: --province",
                         "each one of the latest report in the province's report: --province"),
    "statements_all": ("số ý trong mọi báo cáo của đơn vị", "in all the unit's reports"),
    "col_implementing": ("Đơn vị đã ban hành văn bản thực hiện", "Units that issued an implementing document"),
    "col_first": ("Văn bản đầu tiên", "First document"), "col_date": ("Ngày", "Date"), "col_lag": ("Độ trễ (ngày)", "Lag (days)"),
    "no_evidence": ("Không có chứng cứ trong các báo cáo của kỳ.", "No evidence in the period's reports."),
    "via": ("qua", "through"), "chars": ("ký tự", "characters"),
    "more": ("… và {n} chứng cứ yếu hơn hoặc cùng loại (xem trong trình khám phá).",
             "… and {n} weaker or similar pieces of evidence (see the explorer)."),
    "conflicts": ("Báo cáo ghi khác danh mục (giữ nguyên, gắn cờ)", "Reports that disagree with the catalog (kept, flagged)"),
    "col_stated": ("Báo cáo ghi", "Report says"), "col_catalog": ("Danh mục", "Catalog says"),
    "sources": ("Nguồn: đồ thị policykg; danh mục văn bản: data/catalog/mandates.toml (mỗi dữ kiện có nguồn; dữ kiện "
                "chưa kiểm chứng được đánh dấu).", "Sources: the policykg graph; the mandate catalog "
                "data/catalog/mandates.toml (every fact sourced; unverified facts are marked)."),
}
LIGHT_WORDS = {"green": ("đạt", "on target"), "amber": ("gần đạt", "near"), "red": ("chưa đạt", "off target")}


def _w(lang: str, key: str, **values) -> str:
    vi, en = W[key]
    return (en if lang == "en" else vi).format(**values)


def _light_word(light: str, lang: str) -> str:
    return LIGHT_WORDS[light][1 if lang == "en" else 0]


def _status_word(status: str, lang: str) -> str:
    return status_word(status, lang)


def _shown(value, lang: str, query: str | None = None, column: str | None = None) -> str:
    """A code word the queries return (a verdict, a kind of evidence, a source level) in the report's language."""
    return _e(shown(value, lang, column, query))


def _bar_chart(rows: list[tuple[str, float, str]], target: float, title: str, lang: str = "vi") -> str:
    """Horizontal bars (label, percent, colour) with the target as a dashed line: inline SVG, no scripts."""
    height, bar, left, width = 22 * len(rows) + 30, 16, 170, 420
    parts = [f'<svg role="img" aria-label="{_e(title)}" width="{left + width + 60}" height="{height}" '
             f'xmlns="http://www.w3.org/2000/svg" font-size="12"><title>{_e(title)}</title>']
    for i, (label, value, colour) in enumerate(rows):
        y = 10 + 22 * i
        parts.append(f'<text x="{left - 6}" y="{y + 12}" text-anchor="end">{_e(label)}</text>'
                     f'<rect x="{left}" y="{y}" width="{width * min(value, 100) / 100:.1f}" height="{bar}" '
                     f'fill="{colour}" stroke="#333" stroke-width=".5"/>'
                     f'<text x="{left + width * min(value, 100) / 100 + 4:.1f}" y="{y + 12}">{_num(value, lang)}%</text>')
    x = left + width * target / 100
    parts.append(f'<line x1="{x:.1f}" x2="{x:.1f}" y1="4" y2="{height - 16}" stroke="#000" stroke-dasharray="4 3"/>'
                 f'<text x="{x:.1f}" y="{height - 4}" text-anchor="middle">{_w(lang, "target")} {_num(target, lang)}%</text></svg>')
    return "".join(parts)


VIEW_LABEL = {"then": W["view_then"][0], "today": W["view_today"][0]}  # the Markdown report's (Vietnamese)


def _successors(data: GapData, row, lang: str = "vi") -> str:
    """In today's view, the communes that took over a former district."""
    communes = data.place(row.district).successor_communes
    if data.units != "today" or not communes:
        return ""
    return f'<br><small class="muted">{_w(lang, "now")}: {_e(communes)}</small>'


ACT_ON = ("none", "mentioned", "evidence")  # verdicts an analyst follows up (in scope, not acted on)


def _follow_up(data: GapData, lang: str) -> list[str]:
    """The summary's core: per unit, worst deficit first, the cells to act on, each with the one quote that
    justifies its verdict; then its overdue obligations and superseded citations."""
    out = [f'<h2 class="follow">{_w(lang, "follow_up")}</h2><p class="muted">{_w(lang, "follow_up_note")}</p>']
    order = sorted(data.deficit, key=lambda d: (-(_deficit(d) or 0), d.districtName))
    any_shown = False
    for d in order:
        cells = [c for c in data.of(d.district, "cells") if c.status in ACT_ON]
        cells.sort(key=lambda c: (ACT_ON.index(c.status), _mandate_order(c.mandateNumber)))
        late = data.of(d.district, "overdue")
        old = [s for s in data.of(d.district, "superseded_counts") if s.status == "superseded"]
        if not (cells or late or old):
            continue
        any_shown = True
        deficit = _deficit(d)
        said = "—" if deficit is None else f"{_num(deficit, lang)}% ({_light_word(data.light(deficit), lang)})"
        out.append(f'<div class="unit"><h3><a href="#{_anchor("d", d.district)}">{_e(d.districtName)}</a> '
                   f'<span class="muted">{_e(data.place(d.district).name)} · {_w(lang, "deficit_of", deficit=said)}'
                   f'</span></h3><ul>')
        for c in cells:
            items = data.evidence_for(c.district, c.mandate)
            quote = (f'<q>{_e(_clip(items[0].quote))}</q>' if items and items[0].quote
                     else f'<span class="muted">{_w(lang, "no_quote")}</span>')
            out.append(f'<li>{EVIDENCE_STATUS[c.status].symbol} <a href="#{_anchor("e", c.district, c.mandate)}">'
                       f'{_e(data.mandate_label(c.mandate))}</a>: <b>{_e(cell_label(c, lang))}</b> — {quote}</li>')
        for o in late:
            text = (o.obligationTextVi or o.obligationText) if lang == "vi" else o.obligationText
            out.append(f'<li>{_e(data.mandate_label(o.mandate, o.mandateNumber))}: {_w(lang, "overdue_line", obligation=_e(text), deadline=_day(o.deadline))}</li>')
        for s in old:
            # every report's citations counted; in a detailed report, the latest report's words too (alone
            # when the unit's latest reports are all it has)
            counted = f' — {_w(lang, "superseded_counted", citations=s.citations, reports=s.reports, earliest=_day(s.earliest), latest=_day(s.latest))}'
            quote = data.latest_quote(s) if data.detailed else None
            said = (counted if not quote else f" — <q>{_e(_clip(quote))}</q>" if not data.earlier_reports(d.district)
                    else f'{counted}; {_w(lang, "latest_said")}: <q>{_e(_clip(quote))}</q>')
            out.append(f'<li>{_w(lang, "superseded_line", cited=_e(s.citedNumber), replacement=_e(s.replacementNumber))}'
                       f'{said}</li>')
        out.append("</ul></div>")
    if not any_shown:
        out.append(f"<p>{_w(lang, 'nothing_to_follow')}</p>")
    return out


def _clip(text: str | None, limit: int = 220) -> str:
    text = " ".join((text or "").split())
    return text if len(text) <= limit else text[:limit].rsplit(" ", 1)[0] + " …"


def render_html(data: GapData, lang: str = "vi") -> str:
    """The gap report as one self-contained page in `lang` (vi, en): the summary first (figures, what to follow
    up with whom, the deficit by unit and the matrix), then the details, folded, each cell's evidence among them."""
    cells = {(c.district, c.mandate): c for c in data.cells}
    mandates = data.mandates
    counts = defaultdict(int)
    for c in data.cells:
        counts[c.status] += 1
    stated = [_deficit(d) for d in data.deficit if _deficit(d) is not None]
    average = sum(stated) / len(stated) if stated else None
    overdue_obligations = {o.obligation for o in data.overdue}
    period = " – ".join(x for x in data.period if x) or _w(lang, "all_time")
    view = _w(lang, "view_then" if data.units == "then" else "view_today")
    out = [f'<!doctype html><html lang="{lang}"><head><meta charset="utf-8"><meta name="viewport" '
           f'content="width=device-width,initial-scale=1"><title>{_w(lang, "doc_title")}</title>'
           f"<style>{_CSS}</style></head><body>"]
    out.append(f'<section class="summary"><h1>{_w(lang, "h1")}</h1>'
               f'<p class="muted">{_w(lang, "period")}: {_e(period)} · {_w(lang, "province")}: '
               f'{_e(data.province or _w(lang, "all_provinces"))} · {_e(view)} · {_w(lang, "made_on")} '
               f'{_e(data.generated)} · {_w(lang, "sparql_note")}</p>')
    out.append('<div class="kpis">'
               f'<div class="kpi"><b>{len(data.deficit)}</b>{_w(lang, "kpi_units")}</div>'
               f'<div class="kpi"><b>{len(mandates)}</b>{_w(lang, "kpi_mandates")}</div>'
               f'<div class="kpi"><b>{_num(average, lang)}%</b>{_w(lang, "kpi_deficit", target=_num(data.deficit_target, lang))}</div>'
               f'<div class="kpi"><b>{len(data.overdue)}</b>{_w(lang, "kpi_overdue", n=len(overdue_obligations))}</div>'
               f'<div class="kpi"><b>{data.superseded_finding_count}</b>{_w(lang, "kpi_superseded")}</div></div>')
    out.extend(_follow_up(data, lang))
    out.append(f'<h2>{_w(lang, "by_unit")}</h2>')
    out.append('<p class="legend">' + "".join(
        f'<span><span class="light" style="background:{s.background}"></span>{s.symbol} '
        f'{_e(_status_word(code, lang))} ({counts[code]})</span>' for code, s in EVIDENCE_STATUS.items()) + "</p>")
    out.append('<p class="muted">' + " · ".join(
        f"{s.symbol} {_e(_status_word(code, lang))}: {_e(s.rule_en if lang == 'en' else s.rule_vi)}"
        for code, s in EVIDENCE_STATUS.items()) + f'. {_e(deficit_rule(lang))}</p>')
    out.append(_bar_chart([(d.districtName, _deficit(d), LIGHTS[data.light(_deficit(d))][0])
                           for d in data.deficit if _deficit(d) is not None], data.deficit_target,
                          _w(lang, "deficit_chart"), lang))
    heads = ("col_unit", "col_province", "col_in_scope", "col_implemented", "col_cited", "col_evidence",
             "col_mentioned", "col_none", "col_uncertain", "col_deficit", "col_overdue")
    out.append("<table><tr>" + "".join(f"<th>{_w(lang, h)}</th>" for h in heads) + "</tr>")
    for d in data.deficit:
        deficit = _deficit(d)
        if deficit is None:
            shown = "—"
        else:
            light = data.light(deficit)
            word = _light_word(light, lang)
            shown = (f'<span class="light" style="background:{LIGHTS[light][0]}" title="{_e(word)}"></span>'
                     f'{_num(deficit, lang)}% ({_e(word)})')
        out.append(f'<tr><td><a href="#{_anchor("d", d.district)}">{_e(d.districtName)}</a></td>'
                   f'<td>{_e(data.place(d.district).name)}{_successors(data, d, lang)}</td><td class="num">{d.inScope}</td>'
                   f'<td class="num">{d.implemented}</td><td class="num">{d.cited}</td>'
                   f'<td class="num">{d.evidenceOnly}</td><td class="num">{d.mentioned}</td>'
                   f'<td class="num">{d.none}</td><td class="num">{d.uncertain}</td>'
                   f'<td class="num">{shown}</td><td class="num">{d.overdue}</td></tr>')
    out.append("</table>")
    out.append(f'<h2>{_w(lang, "matrix")}</h2><table><tr><th>{_w(lang, "col_unit")}</th>'
               + "".join(f'<th><a href="#{_anchor("m", m)}">{_e(data.mandate_label(m))}</a></th>' for m in mandates)
               + "</tr>")
    for d in data.deficit:
        out.append(f'<tr><th>{_e(d.districtName)}</th>')
        for m in mandates:
            c = cells.get((d.district, m))
            if c is None:
                word = _w(lang, "out_of_scope")
                out.append(f'<td class="cell" title="{word}"><span class="sym">–</span><span class="lbl">{word}</span></td>')
                continue
            status = EVIDENCE_STATUS[c.status]
            sym, bg, fg = status.symbol, status.background, status.colour
            said = cell_label(c, lang)
            out.append(f'<td class="cell" style="background:{bg};color:{fg}"><a href="#{_anchor("e", d.district, m)}" '
                       f'title="{_e(said)}"><span class="sym">{sym}</span><span class="lbl">{_e(said)}</span></a></td>')
        out.append("</tr>")
    out.append("</table>")
    out.append(f'<h2>{_w(lang, "trend")}</h2>')
    if len(data.trend) >= 2:
        out.append(f'<table><tr><th>{_w(lang, "col_year")}</th><th>{_w(lang, "col_units")}</th><th>'
                   f'{_w(lang, "col_cells")}</th><th>{_w(lang, "col_deficit")}</th><th>{_w(lang, "col_change")}</th></tr>')
        previous = None
        for t in data.trend:
            change = "—" if previous is None else f"{float(t.deficitPercent) - previous:+.1f} {_w(lang, 'points')}"
            change = change.replace(".", ",") if lang == "vi" else change
            out.append(f'<tr><td>{_e(t.year)}</td><td class="num">{t.districts}</td><td class="num">{t.cells}</td>'
                       f'<td class="num">{_num(t.deficitPercent, lang)}%</td><td class="num">{_e(change)}</td></tr>')
            previous = float(t.deficitPercent)
        out.append(f'</table><p class="muted">{_w(lang, "trend_caution")}</p>')
    else:
        out.append(f'<p class="muted">{_w(lang, "one_period")}</p>')
    if not data.detailed and data.target_summary:  # the country: each target's standing, not each unit's figures
        out.append(f'<h2>{_w(lang, "targets_title")}</h2><table><tr><th>{_w(lang, "col_mandate")}</th>'
                   f'<th>{_w(lang, "col_target")}</th><th>{_w(lang, "col_units")}</th><th>{_w(lang, "col_met")}</th>'
                   f'<th>{_w(lang, "col_not_met")}</th><th>{_w(lang, "col_graph_avg")}</th></tr>')
        for t in data.target_summary:
            text = (t.obligationTextVi or t.obligationText) if lang == "vi" else t.obligationText
            average = _num(t.averageValue, lang) if int(t.units) >= 3 else "—"  # as indicator-targets: n < 3 says nothing
            out.append(f'<tr><td>{_e(data.mandate_label(t.mandate, t.mandateNumber))}</td><td>{_e(text)} ({_e(t.operator)} {_num(t.targetValue, lang)}%)</td>'
                       f'<td class="num">{t.units}</td><td class="num">{t.unitsMet}</td><td class="num">{t.unitsNotMet}</td>'
                       f'<td class="num">{average} ({t.units})</td></tr>')
        out.append(f'</table><p class="muted">{_w(lang, "targets_national_note")}</p>')
    out.append("</section>")
    # the details, folded: a reader opens what they need; printed, the summary stands alone
    out.append(f'<details><summary>{_w(lang, "per_unit")} — {_w(lang, "details")}</summary>')
    out.extend(_district_pages(data, cells, mandates, lang))
    out.append(f'</details><details><summary>{_w(lang, "per_mandate")} — {_w(lang, "details")}</summary>')
    out.extend(_mandate_pages(data, cells, lang))
    out.append(f'</details><details><summary>{_w(lang, "evidence")} — {_w(lang, "details")}</summary>')
    out.extend(_evidence_pages(data, lang))
    out.append("</details>")
    if data.conflicts:
        out.append(f'<details><summary>{_w(lang, "conflicts")}</summary><table><tr><th>{_w(lang, "col_unit")}</th>'
                   f'<th>{_w(lang, "col_mandate")}</th><th>{_w(lang, "col_stated")}</th><th>{_w(lang, "col_catalog")}'
                   f'</th><th>{_w(lang, "col_quote")}</th></tr>')
        for c in data.conflicts:
            out.append(f'<tr><td>{_e(c.districtName)}</td><td>{_e(c.documentNumber)}</td><td>{_e(c.stated)}</td>'
                       f'<td>{_e(c.catalog)}</td><td>{_e(c.quote)}</td></tr>')
        out.append("</table></details>")
    out.append(f'<p class="muted">{_w(lang, "sources")}</p></body></html>\n')
    return "".join(out)


def _district_pages(data: GapData, cells: dict, mandates: list[str], lang: str = "vi") -> list[str]:
    out = [f'<h2>{_w(lang, "per_unit")}</h2>']
    for d in data.deficit:
        district = d.district
        out.append(f'<h3 id="{_anchor("d", district)}">{_e(d.districtName)} — {_e(data.place(district).name)}</h3>'
                   f'<p>{_w(lang, "unit_line", deficit=_num(d.deficitPercent, lang), in_scope=d.inScope, uncertain=d.uncertain, overdue=d.overdue)}</p>')
        earlier = data.earlier_reports(district) if data.detailed else 0
        if earlier:  # what follows quotes the unit's latest reports; the counts below cover every report
            latest = data.of(district, "latest")
            out.append(f'<p class="muted">{_w(lang, "quoted_from", reports=", ".join(_e(r.reportLabel or r.report) for r in latest), day=_day(latest[0].referenceDate), earlier=earlier)}</p>')
        times = defaultdict(list)
        for t in (data.of(district, "latest_reference_times") if data.detailed else ()):
            times[t.report].append(t)
        for report, bounds in times.items():
            why = "; ".join(f'{_w(lang, "not_before" if b.bound == "earliest" else "not_after")} {_day(b.boundDate)} '
                            f'({_shown(b.rule, lang)}: «{_e(b.quote)}»)' for b in bounds if b.bound)
            out.append(f'<p class="muted">{_w(lang, "written_between", report=_e(bounds[0].reportLabel or report), earliest=_day(bounds[0].earliest), latest=_day(bounds[0].latest), why=why)}</p>')
        out.append("<ul>")
        for m in mandates:
            c = cells.get((district, m))
            if c:
                out.append(f'<li>{EVIDENCE_STATUS[c.status].symbol} <a href="#{_anchor("e", district, m)}">'
                           f'{_e(data.mandate_label(m))}</a>: '
                           f'{_e(cell_label(c, lang))}</li>')
        out.append("</ul>")
        late = data.of(district, "overdue")
        if late:
            out.append(f'<p><b>{_w(lang, "overdue_title")}</b></p><ul>')
            for o in late:
                text = (o.obligationTextVi or o.obligationText) if lang == "vi" else o.obligationText
                out.append(f'<li>{_e(data.mandate_label(o.mandate, o.mandateNumber))}: {_e(text)} — '
                           f'{_w(lang, "overdue_item", deadline=_day(o.deadline), first=_day(o.firstReportAfter))}: '
                           f'{_shown(o.reason, lang)}</li>')
            out.append("</ul>")
        # each citation of the latest reports, with its quote (a detailed report); every report's counted per
        # document when there are others (or when the report is not detailed)
        quoted = data.of(district, "latest_superseded") if data.detailed else []
        counted = data.of(district, "superseded_counts") if earlier or not data.detailed else []
        if quoted or counted:
            out.append(f'<p><b>{_w(lang, "superseded_title")}</b></p><ul>')
            for s in quoted:
                out.append(f'<li>{_e(s.citedNumber)} → {_e(s.replacementNumber)} ({_w(lang, "superseded_item", signed=_e(s.replacementSigned), in_force=_e(s.replacementInForce or "?"))}): '
                           f'<b>{_shown(s.status, lang, "superseded-citations", "status")}</b>; {_w(lang, "report_span")} {_e(s.earliest)}…{_e(s.latest)}; '
                           f'{_w(lang, "replacement_source")}: {_shown(s.replacesVerification or "?", lang)}'
                           f'<blockquote>{_e(s.quote)}</blockquote></li>')
            for s in counted:
                where = "" if data.detailed else f' <span class="muted">({_w(lang, "superseded_where")})</span>'
                out.append(f'<li>{_e(s.citedNumber)} → {_e(s.replacementNumber)}: '
                           f'<b>{_shown(s.status, lang, "superseded-citations", "status")}</b>; '
                           f'{_w(lang, "superseded_counted", citations=s.citations, reports=s.reports, earliest=_day(s.earliest), latest=_day(s.latest))}{where}</li>')
            out.append("</ul>")
        shown_reports = {r.report for r in data.of(district, "latest")} if data.detailed else set()
        tg = [t for t in data.of(district, "targets") if t.value and t.report in shown_reports] if data.detailed else []
        if tg:
            heads = ("col_mandate", "col_target", "col_value", "col_quote", "col_verdict", "col_province_avg",
                     "col_graph_avg")
            out.append(f'<p><b>{_w(lang, "targets_title")}</b> ({_w(lang, "targets_note")})</p><table><tr>'
                       + "".join(f"<th>{_w(lang, h)}</th>" for h in heads) + "</tr>")
            for t in tg:
                text = (t.obligationTextVi or t.obligationText) if lang == "vi" else t.obligationText
                out.append(f'<tr><td>{_e(data.mandate_label(t.mandate, t.mandateNumber))}</td><td>{_e(text)} '
                           f'({_e(t.operator)} {_num(t.targetValue, lang)}%)</td>'
                           f'<td class="num">{_num(t.value, lang)}%</td><td>{_e(t.quote)}</td>'
                           f'<td>{_shown(t.verdict, lang)}</td>'
                           f'<td class="num">{_num(t.provinceAverage, lang)} ({_e(t.provinceN or 0)})</td>'
                           f'<td class="num">{_num(t.nationalAverage, lang)} ({_e(t.nationalN or 0)})</td></tr>')
            out.append("</table>")
        counted = data.of(district, "statement_counts") if earlier or not data.detailed else []
        if counted:
            where = _w(lang, "statements_all" if data.detailed else "statements_where")
            out.append(f'<p><b>{_w(lang, "statements_title")}</b>: '
                       + ", ".join(f'{_e(c.sectionName)} {_e(c.statements)}' for c in counted)
                       + f' <span class="muted">({where})</span></p>')
        said = data.of(district, "latest_statements") if data.detailed else []
        if said:
            out.append(f'<p><b>{_w(lang, "statements_title")}</b></p><ul>')
            for s in said:
                who = f' → {_e(s.addressee)}' if s.addressee else ""
                out.append(f'<li><i>{_e(s.sectionName)}</i>{who}: {_e(s.quote)}</li>')
            out.append("</ul>")
    return out


def _mandate_pages(data: GapData, cells: dict, lang: str = "vi") -> list[str]:
    out = [f'<h2>{_w(lang, "per_mandate")}</h2>']
    by_status = defaultdict(list)  # one pass: per mandate and status, scanning every cell each time was quadratic
    for c in data.cells:
        by_status[(c.mandate, c.status)].append(c.districtName)
    implementation = defaultdict(list)
    for r in data.implementation:
        implementation[r.mandate].append(r)
    for m in data.mandates:
        out.append(f'<h3 id="{_anchor("m", m)}">{_e(data.mandate_label(m))}</h3>')
        impl = implementation[m]
        if impl:
            out.append(f'<table><tr><th>{_w(lang, "col_implementing")}</th><th>{_w(lang, "col_first")}</th>'
                       f'<th>{_w(lang, "col_date")}</th><th>{_w(lang, "col_lag")}</th></tr>')
            for r in impl:
                out.append(f'<tr><td>{_e(r.districtName)}</td><td>{_e(r.firstPlan)}</td><td>{_e(r.firstPlanDate)}</td>'
                           f'<td class="num">{_e(r.lagDays)}</td></tr>')
            out.append("</table>")
        for status in ("cited", "evidence", "mentioned", "none", "uncertain"):
            names = by_status[(m, status)]
            if names:
                out.append(f"<p>{EVIDENCE_STATUS[status].symbol} {_e(_status_word(status, lang))}: {_e(', '.join(names))}</p>")
    return out


def _evidence_pages(data: GapData, lang: str = "vi") -> list[str]:
    out = [f'<h2>{_w(lang, "evidence")}</h2>']
    for c in data.cells:
        key = (c.district, c.mandate)
        out.append(f'<h4 id="{_anchor("e", *key)}">{_e(c.districtName)} · {_e(data.mandate_label(c.mandate))} · '
                   f'{EVIDENCE_STATUS[c.status].symbol} {_e(cell_label(c, lang))}</h4>')
        items = data.evidence_for(*key)
        if not items:
            out.append(f'<p class="muted">{_w(lang, "no_evidence")}</p>')
            continue
        out.append("<ul>")
        for e in items[:EVIDENCE_SHOWN]:
            via = f' {_w(lang, "via")} {_e(e.viaNumber)} ({_e(e.viaDate or "?")})' if e.viaNumber else ""
            topic = f' [{_e(e.section)}]' if e.section else ""
            span = f' {_w(lang, "chars")} {_e(e.start)}–{_e(e.end)}' if e.start else ""
            out.append(f'<li>{_shown(e.kind, lang)}{via}{topic} — <a href="{_e(e.report or "")}">'
                       f'{_e(report_key_of(e.report or "") or "")}</a>{span}'
                       f'<blockquote>{_e(e.quote or "")}</blockquote></li>')
        count = data.evidence_count(*key)
        if count > EVIDENCE_SHOWN:
            out.append(f'<li class="muted">{_w(lang, "more", n=count - EVIDENCE_SHOWN)}</li>')
        out.append("</ul>")
    return out


# ---------------------------------------------------------------- Markdown, CSV, XLSX

def _light_label(data: GapData, d) -> str:
    deficit = _deficit(d)
    return "—" if deficit is None else f"{_num(deficit)}% ({LIGHTS[data.light(deficit)][1]})"


def render_md(data: GapData) -> str:
    cells = {(c.district, c.mandate): c for c in data.cells}
    mandates = data.mandates
    lines = ["# Báo cáo khoảng trống thực hiện văn bản chỉ đạo", "",
             f"Kỳ: {' – '.join(x for x in data.period if x) or 'toàn bộ'} · lập ngày {data.generated} · "
             f"mục tiêu khoảng trống ≤ {_num(data.deficit_target)}%", "",
             f"{VIEW_LABEL[data.units]}", "",
             "| Đơn vị | Tỉnh | Khoảng trống | Quá hạn | " + " | ".join(map(data.mandate_label, mandates)) + " |",
             "|---|---|---|---|" + "---|" * len(mandates)]
    for d in data.deficit:
        row = [f'{EVIDENCE_STATUS[cells[(d.district, m)].status].symbol} {cell_label(cells[(d.district, m)], "en")}'
               if (d.district, m) in cells else "– out of scope" for m in mandates]
        lines.append(f'| {d.districtName} | {data.place(d.district).name} | {_light_label(data, d)} | {d.overdue} | '
                     + " | ".join(row) + " |")
    lines += ["", "Ký hiệu: " + ", ".join(f"{v.symbol} {v.en}" for v in EVIDENCE_STATUS.values()), ""]
    if data.overdue:
        lines += ["## Nghĩa vụ quá hạn chưa có chứng cứ", ""]
        lines += [f'- {o.districtName}: {data.mandate_label(o.mandate, o.mandateNumber)} — {o.obligationTextVi or o.obligationText} (hạn {_day(o.deadline)}): '
                  f'{o.reason}' for o in data.overdue]
        lines.append("")
    if data.superseded:
        lines += ["## Trích dẫn văn bản đã/sắp bị thay thế", ""]
        lines += [f'- {s.districtName}: {s.citedNumber} → {s.replacementNumber} — {s.status}'
                  + (f' (in force from {_day(s.replacementInForce)})' if s.replacementInForce else "")
                  for s in data.superseded]
    return "\n".join(lines) + "\n"


def render_csv(data: GapData) -> str:
    """One row per cell, with its scope, the evidence count and the strongest piece of evidence."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["district", "districtName", "provinceName", "mandate", "mandateNumber", "status", "scope", "inForce",
                     "deficitPercent", "evidenceItems", "strongestEvidence", "strongestEvidenceReport",
                     "strongestEvidenceQuote", "todayProvinceName", "successorCommunes"])
    deficit = {d.district: d.deficitPercent for d in data.deficit}
    for c in data.cells:
        items = data.evidence_for(c.district, c.mandate)
        first = items[0] if items else None
        writer.writerow([spreadsheet_safe(v) for v in (
            c.district, c.districtName, c.provinceName, c.mandate, c.mandateNumber, c.status, c.cellScope,
            c.inForce, deficit.get(c.district), data.evidence_count(c.district, c.mandate),
            first.kind if first else "", first.report if first else "",
            first.quote if first else "", data.place(c.district).today_province,
            data.place(c.district).successor_communes)])
    return out.getvalue()


def write_xlsx(data: GapData, path: Path) -> None:
    from openpyxl import Workbook
    from openpyxl.styles import Font, PatternFill

    book = Workbook()
    sheet = book.active
    sheet.title = "Ma trận"
    mandates = data.mandates
    cells = {(c.district, c.mandate): c for c in data.cells}
    sheet.append(["Đơn vị", "Tỉnh", "Khoảng trống %", "Quá hạn", *map(data.mandate_label, mandates)])
    for d in data.deficit:
        row = [d.districtName, data.place(d.district).name, _deficit(d), int(d.overdue)]
        sheet.append(row + [f'{EVIDENCE_STATUS[cells[(d.district, m)].status].symbol} {cell_label(cells[(d.district, m)], "en")}'
                            if (d.district, m) in cells else "– out of scope" for m in mandates])
        for j, m in enumerate(mandates, start=5):
            c = cells.get((d.district, m))
            if c:
                bg, fg = EVIDENCE_STATUS[c.status].background.lstrip("#"), EVIDENCE_STATUS[c.status].colour.lstrip("#")
                cell = sheet.cell(row=sheet.max_row, column=j)
                cell.fill = PatternFill("solid", fgColor=bg)
                cell.font = Font(color="FFFFFF" if fg == "fff" else "000000")
    evidence = [e for c in data.cells for e in data.evidence_for(c.district, c.mandate)]
    for title, rows in (("Chứng cứ", evidence), ("Quá hạn", data.overdue), ("Chỉ tiêu", data.targets),
                        ("Thay thế", data.superseded), ("Xu hướng", data.trend), ("Thực hiện", data.implementation)):
        ws = book.create_sheet(title)
        if rows:
            columns = list(rows[0].as_dict())
            ws.append(columns)
            for r in rows:
                ws.append(list(r.as_dict().values()))  # typed: numbers and dates are cells of their kind
    for ws in book.worksheets:  # report text is text: a quote starting with "=" is not a formula
        for row in ws.iter_rows():
            for cell in row:
                if cell.data_type == "f":
                    cell.data_type = "s"
    book.save(path)


def reads(data: GapData, fmt: str) -> tuple[str, ...]:
    """The lists of FETCHED a format reads (the mandates' descriptions aside: read only when numbers collide). A
    detailed HTML page's depend on each unit's latest reports, fetched here first (the lists of those reports
    wait for them anyway)."""
    if fmt == "csv":
        return ("evidence",)
    if fmt == "md":
        return ("overdue", "superseded")
    if fmt == "xlsx":
        return ("evidence", "overdue", "targets", "superseded", "trend", "implementation")
    if not data.detailed:
        detail = ("target_summary", "superseded_counts", "statement_counts")
    else:  # the statements of a unit's earlier reports are counted; a unit with none has only its quotes
        counted = ("statement_counts",) if any(data.earlier_reports(d.district) for d in data.deficit) else ()
        detail = ("latest", "targets", "superseded_counts", *counted, *LATEST_QUERIES)
    return ("trend", "evidence", "implementation", "conflicts", "overdue", *detail)


def prefetch(data: GapData, names: tuple[str, ...]) -> None:
    """Fetch these lists at once, a query a thread per core (the engine evaluates without Python's lock), rather
    than each in turn as the page first reads it: a province's report ran its queries one after another."""
    missing = [name for name in names if name not in data.__dict__]
    for name, rows in zip(missing, on_threads(data.fetch, missing)):
        setattr(data, name, rows)


def write_report(data: GapData, fmt: str, out: Path, lang: str = "vi") -> None:
    """The report in `fmt`; the HTML page in `lang` (vi, en). The other formats are tables for tools."""
    prefetch(data, reads(data, fmt))
    if fmt == "xlsx":
        write_xlsx(data, out)
        return
    text = render_html(data, lang) if fmt == "html" else {"md": render_md, "csv": render_csv}[fmt](data)
    out.write_text(text, encoding="utf-8")


"""The compliance gap report, modelled on the EU Single Market Scoreboard: a deficit against a target with
traffic lights, overdue counts, a district × mandate matrix whose cells open their evidence, per-district and
per-mandate pages, and the trend against the previous period.

Every number comes from a named query in queries/ (gap-cells, gap-deficit, gap-trend, gap-evidence,
mandate-implementation, indicator-targets, superseded-citations, district-statements, catalog-conflicts), so
this report and the explorer, which run the same queries, never disagree. This module only arranges them.
"""

from __future__ import annotations

import calendar
import csv
import datetime as dt
import html
import io
import re
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from policykg.gazetteer import load_gazetteer, short_name
from policykg.messages import Message
from policykg.domain.identity import parse_unit_iri, report_key_of
from policykg.query.runner import rows_of
from policykg.sparql import QueryError, bind, load_query, run
from policykg.text import spreadsheet_safe

STATUS = {  # symbol, label vi, label en, background, text colour — blue/orange: safe for red-green colour blindness
    "implemented": ("●", "Đã ban hành văn bản thực hiện", "implemented", "#2166ac", "#fff"),
    "cited": ("◐", "Có nêu thực hiện", "cited", "#92c5de", "#000"),
    "evidence": ("○", "Có câu kết quả liên quan", "evidence", "#fdb863", "#000"),
    "mentioned": ("◌", "Chỉ nhắc đến", "mentioned", "#f4a582", "#000"),
    "none": ("✕", "Không có chứng cứ", "none", "#b35806", "#fff"),
    "uncertain": ("?", "Chưa chắc thuộc phạm vi", "uncertain scope", "#e0e0e0", "#000"),
}
# What each verdict means, as the README's table says it (shown as the report's legend).
STATUS_RULE = {
    "implemented": "một văn bản của huyện (KH, QĐ…) thực hiện văn bản chỉ đạo, trực tiếp hoặc qua chuỗi văn bản",
    "cited": "báo cáo nêu là thực hiện / theo quy định của văn bản",
    "evidence": "một câu trong phần kết quả nói về việc nghĩa vụ yêu cầu, không nêu văn bản",
    "mentioned": "chỉ nhắc đến (bối cảnh, yêu cầu báo cáo, khó khăn, kế hoạch)",
    "none": "không có gì trong các báo cáo",
    "uncertain": "văn bản có hiệu lực trong khoảng ngày báo cáo có thể được viết (hoặc chưa rõ ngày hiệu lực): "
                 "không tính là khoảng trống",
}
STATUS_RULE_EN = {
    "implemented": "a document of the unit (a plan, a decision…) carries out the mandate, directly or through a chain",
    "cited": "a report says the unit carries out the mandate, or acts as it provides",
    "evidence": "a sentence among the results does what an obligation asks, without naming the mandate",
    "mentioned": "only mentioned (context, a request for a report, difficulties, plans)",
    "none": "nothing in the reports",
    "uncertain": "the mandate entered into force within the days the report may have been written (or its entry "
                 "into force is unknown): not counted as a gap",
}
# Words the queries return in English (stable values for tools), as the report says them.
SAYS = {"superseded": "đã bị thay thế", "replacement signed, not yet in force": "văn bản thay thế đã ký, chưa có hiệu lực "
        "(cảnh báo: căn cứ sắp thay đổi)", "uncertain": "chưa chắc chắn (văn bản thay thế có hiệu lực trong khoảng "
        "ngày báo cáo có thể được viết)", "met": "đạt", "not met": "chưa đạt", "no data": "chưa có số liệu",
        "implemented": "thực hiện qua văn bản", "cited": "nêu thực hiện", "evidence": "câu kết quả liên quan",
        "mentioned": "chỉ nhắc đến", "no figure": "chưa có số liệu so sánh được", "target not met": "chưa đạt chỉ tiêu",
        "no evidence": "chưa có chứng cứ", "Unverified": "chưa kiểm chứng", "Secondary source": "nguồn thứ cấp",
        "Corroborated": "được báo cáo xác nhận", "Primary source": "nguồn chính thức", "Derived by rule": "suy ra theo quy tắc"}
BOUND_RULE = {"header-date": "ngày ghi ở đầu báo cáo", "header-month": "tháng ghi ở đầu báo cáo",
              "header-year": "năm ghi ở đầu báo cáo", "period-year": "năm của kỳ báo cáo",
              "title-year": "năm trong tiêu đề", "cited-document": "văn bản được dẫn có ngày muộn nhất",
              "cut-off": "mốc số liệu", "as-of": "tháng số liệu \"tính đến\""}
LIGHTS = {"green": ("#2166ac", "đạt"), "amber": ("#fdb863", "gần đạt"), "red": ("#b35806", "chưa đạt")}
EVIDENCE_SHOWN = 5  # per cell, strongest first: the rest is counted, not printed


def strongest_first(evidence) -> list:
    """gap-evidence rows strongest first (by rank), one per quote: a report that says the same twice counts once."""
    seen, out = set(), []
    for e in sorted(evidence, key=lambda e: (int(e.rank), e.report or "", int(e.start or 0))):
        key = (e.rank, e.via, " ".join((e.quote or "").split()))
        if key not in seen:
            seen.add(key)
            out.append(e)
    return out


def cell_label(c, lang: str = "vi") -> str:
    """A cell's verdict in words; an uncertain scope names the day the mandate entered into force."""
    if c.status != "uncertain":
        return STATUS[c.status][1 if lang == "vi" else 2]
    if lang == "vi":
        return f"{STATUS['uncertain'][1]} — " + (f"hiệu lực từ {_day(c.inForce)}" if c.inForce
                                                 else "chưa rõ ngày hiệu lực")
    return f"{STATUS['uncertain'][2]} — " + (f"in force from {_day(c.inForce)}" if c.inForce else "entry into force unknown")


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


@dataclass
class GapData:
    period: tuple[str | None, str | None]
    province: str | None
    deficit_target: float
    cells: list
    deficit: list
    trend: list
    evidence: list
    implementation: list
    targets: list
    superseded: list
    statements: list
    conflicts: list
    overdue: list = field(default_factory=list)
    reference_times: list = field(default_factory=list)
    units: str = "then"  # the reform view: provinces at the report's date, or today's
    places: dict[str, Place] = field(default_factory=dict)  # unit IRI -> its place in that view
    generated: str = field(default_factory=lambda: dt.date.today().isoformat())

    @property
    def mandates(self) -> list[str]:
        return sorted({c.mandateNumber for c in self.cells}, key=_mandate_order)

    @property
    def districts(self) -> list:
        return self.deficit

    def place(self, unit: str) -> Place:
        return self.places.get(unit) or Place(None, None, None)

    @property
    def superseded_findings(self) -> list:
        """Only "superseded" is a finding; "uncertain" and "replacement signed" are warnings."""
        return [s for s in self.superseded if s.status == "superseded"]

    def evidence_for(self, district: str, mandate_number: str) -> list:
        return strongest_first(e for e in self.evidence
                               if e.district == district and e.mandateNumber == mandate_number)

    def light(self, deficit: float) -> str:
        if deficit <= self.deficit_target:
            return "green"
        return "amber" if deficit <= 2 * self.deficit_target else "red"


def _mandate_order(number: str) -> tuple:
    return (0 if "/TW" in number or "-CP" in number or "TTg" in number else 1, number)


def _rows(store, name: str, live: bool = False, **params) -> list:
    query = load_query(name)
    values = {k: v for k, v in params.items() if v is not None and k in {p.name for p in query.params}}
    return rows_of(query, run(store, bind(query, values, store, live=live)))


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
    try:
        evidence = keep(_rows(store, "gap-evidence", **{"from": start, "to": end}, **narrow))
        statements = keep(_rows(store, "district-statements", **narrow))
    except QueryError as exc:
        raise GapsError(*exc.args) from exc
    # Joined on the unit IRI, never the display name: Vietnam has ten districts called "Huyện Châu Thành".
    placed = places(deficit + cells, units)
    if units == "today":  # grouped by today's province, then as before
        deficit.sort(key=lambda d: (placed[d.district].name or "", d.districtName))
    return GapData(
        period=(start, end), province=province, deficit_target=deficit_target, cells=cells, deficit=deficit,
        units=units, places=placed,
        trend=_rows(store, "gap-trend", province=province_node),
        evidence=evidence,
        implementation=keep(_rows(store, "mandate-implementation")),
        targets=keep(_rows(store, "indicator-targets", **narrow)),
        superseded=keep(_rows(store, "superseded-citations", **narrow)),
        statements=statements,
        conflicts=keep(_rows(store, "catalog-conflicts")),
        overdue=keep(_rows(store, "overdue-obligations", live=live, **scope)),
        reference_times=keep(_rows(store, "report-reference-time", **narrow)),
    )


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
@page{size:A4 landscape;margin:12mm} @media print{h2{break-before:page} .summary h2{break-before:auto}
a{color:inherit;text-decoration:none} body{max-width:none}}
"""


def _e(value) -> str:
    return html.escape("" if value is None else str(value), quote=True)


def _say(value) -> str:
    return _e(SAYS.get(value, value))


def _num(value) -> str:
    if value in (None, ""):
        return "—"
    number = float(value)
    return f"{number:,.0f}".replace(",", ".") if number.is_integer() else f"{number:.1f}".replace(".", ",")


def _day(day: dt.date | str | None) -> str:
    """2022-08-15 -> 15/08/2022, as Vietnamese documents write it."""
    iso = str(day) if day else ""
    return f"{iso[8:10]}/{iso[5:7]}/{iso[:4]}" if len(iso) >= 10 else "?"


def _deficit(d) -> float | None:
    return None if d.deficitPercent is None else float(d.deficitPercent)


def _anchor(*parts: str) -> str:
    return "x-" + re.sub(r"[^a-z0-9]+", "-", "-".join(parts).lower()).strip("-")


def _bar_chart(rows: list[tuple[str, float, str]], target: float, title: str) -> str:
    """Horizontal bars (label, percent, colour) with the target as a dashed line: inline SVG, no scripts."""
    height, bar, left, width = 22 * len(rows) + 30, 16, 170, 420
    parts = [f'<svg role="img" aria-label="{_e(title)}" width="{left + width + 60}" height="{height}" '
             f'xmlns="http://www.w3.org/2000/svg" font-size="12"><title>{_e(title)}</title>']
    for i, (label, value, colour) in enumerate(rows):
        y = 10 + 22 * i
        parts.append(f'<text x="{left - 6}" y="{y + 12}" text-anchor="end">{_e(label)}</text>'
                     f'<rect x="{left}" y="{y}" width="{width * min(value, 100) / 100:.1f}" height="{bar}" '
                     f'fill="{colour}" stroke="#333" stroke-width=".5"/>'
                     f'<text x="{left + width * min(value, 100) / 100 + 4:.1f}" y="{y + 12}">{_num(value)}%</text>')
    x = left + width * target / 100
    parts.append(f'<line x1="{x:.1f}" x2="{x:.1f}" y1="4" y2="{height - 16}" stroke="#000" stroke-dasharray="4 3"/>'
                 f'<text x="{x:.1f}" y="{height - 4}" text-anchor="middle">mục tiêu {_num(target)}%</text></svg>')
    return "".join(parts)


VIEW_LABEL = {"then": "Đơn vị hành chính tại thời điểm báo cáo",
              "today": "Đơn vị hành chính hiện nay (sau sắp xếp 1/7/2025)"}


def _successors(data: GapData, row) -> str:
    """In today's view, the communes that took over a former district."""
    communes = data.place(row.district).successor_communes
    if data.units != "today" or not communes:
        return ""
    return f'<br><small class="muted">nay là: {_e(communes)}</small>'


def render_html(data: GapData) -> str:
    cells = {(c.district, c.mandateNumber): c for c in data.cells}
    mandates = data.mandates
    counts = defaultdict(int)
    for c in data.cells:
        counts[c.status] += 1
    stated = [_deficit(d) for d in data.deficit if _deficit(d) is not None]
    average = sum(stated) / len(stated) if stated else None
    overdue_obligations = {o.obligation for o in data.overdue}
    period = " – ".join(x for x in data.period if x) or "toàn bộ"
    out = [f'<!doctype html><html lang="vi"><head><meta charset="utf-8"><meta name="viewport" '
           f'content="width=device-width,initial-scale=1"><title>Báo cáo khoảng trống tuân thủ</title>'
           f"<style>{_CSS}</style></head><body>"]
    # one-page summary
    out.append('<section class="summary"><h1>Báo cáo khoảng trống thực hiện văn bản chỉ đạo</h1>'
               f'<p class="muted">Kỳ: {_e(period)} · Tỉnh: {_e(data.province or "tất cả")} · '
               f'{_e(VIEW_LABEL[data.units])} · Lập ngày {_e(data.generated)}'
               f" · Mọi con số được tính bằng SPARQL từ đồ thị (queries/).</p>")
    out.append('<div class="kpis">'
               f'<div class="kpi"><b>{len(data.deficit)}</b>đơn vị có báo cáo</div>'
               f'<div class="kpi"><b>{len(mandates)}</b>văn bản chỉ đạo theo dõi</div>'
               f'<div class="kpi"><b>{_num(average)}%</b>khoảng trống bình quân (mục tiêu ≤ {_num(data.deficit_target)}%)</div>'
               f'<div class="kpi"><b>{len(data.overdue)}</b>trường hợp quá hạn chưa có chứng cứ '
               f'({len(overdue_obligations)} nghĩa vụ)</div>'
               f'<div class="kpi"><b>{len(data.superseded_findings)}</b>trích dẫn văn bản đã bị thay thế</div></div>')
    out.append('<p class="legend">' + "".join(
        f'<span><span class="light" style="background:{STATUS[s][3]}"></span>{STATUS[s][0]} {_e(STATUS[s][1])} '
        f"({counts[s]})</span>" for s in STATUS) + "</p>")
    out.append('<p class="muted">' + " · ".join(f"{STATUS[k][0]} {_e(STATUS[k][1])}: {_e(v)}" for k, v in STATUS_RULE.items())
               + ". Khoảng trống = (câu kết quả + chỉ nhắc đến + không có) / số văn bản chắc chắn thuộc phạm vi.</p>")
    out.append(_bar_chart([(d.districtName, _deficit(d), LIGHTS[data.light(_deficit(d))][0])
                           for d in data.deficit if _deficit(d) is not None], data.deficit_target, "Khoảng trống theo huyện"))
    out.append("<h2>Khoảng trống theo đơn vị</h2><table><tr><th>Đơn vị</th><th>Tỉnh</th><th>Văn bản chắc chắn trong phạm vi</th>"
               "<th>Đã ban hành</th><th>Có nêu</th><th>Câu kết quả</th><th>Chỉ nhắc đến</th><th>Không</th>"
               "<th>Chưa chắc phạm vi</th><th>Khoảng trống</th><th>Quá hạn</th></tr>")
    for d in data.deficit:
        deficit = _deficit(d)
        if deficit is None:
            shown = "—"
        else:
            light = data.light(deficit)
            shown = (f'<span class="light" style="background:{LIGHTS[light][0]}" title="{_e(LIGHTS[light][1])}"></span>'
                     f'{_num(deficit)}% ({_e(LIGHTS[light][1])})')
        out.append(f'<tr><td><a href="#{_anchor("d", d.district)}">{_e(d.districtName)}</a></td>'
                   f'<td>{_e(data.place(d.district).name)}{_successors(data, d)}</td><td class="num">{d.inScope}</td>'
                   f'<td class="num">{d.implemented}</td><td class="num">{d.cited}</td>'
                   f'<td class="num">{d.evidenceOnly}</td><td class="num">{d.mentioned}</td>'
                   f'<td class="num">{d.none}</td><td class="num">{d.uncertain}</td>'
                   f'<td class="num">{shown}</td><td class="num">{d.overdue}</td></tr>')
    out.append("</table></section>")
    # matrix
    out.append("<h2>Ma trận huyện × văn bản chỉ đạo</h2><table><tr><th>Huyện</th>"
               + "".join(f'<th><a href="#{_anchor("m", m)}">{_e(m)}</a></th>' for m in mandates) + "</tr>")
    for d in data.deficit:
        out.append(f'<tr><th>{_e(d.districtName)}</th>')
        for m in mandates:
            c = cells.get((d.district, m))
            if c is None:
                out.append('<td class="cell" title="ngoài phạm vi"><span class="sym">–</span>'
                           '<span class="lbl">ngoài phạm vi</span></td>')
                continue
            sym, _, _, bg, fg = STATUS[c.status]
            vi = cell_label(c)
            out.append(f'<td class="cell" style="background:{bg};color:{fg}"><a href="#{_anchor("e", d.district, m)}" '
                       f'title="{_e(vi)}"><span class="sym">{sym}</span><span class="lbl">{_e(vi)}</span></a></td>')
        out.append("</tr>")
    out.append("</table>")
    # trend
    out.append("<h2>Xu hướng theo kỳ</h2>")
    if len(data.trend) >= 2:
        out.append("<table><tr><th>Năm</th><th>Huyện</th><th>Ô trong phạm vi</th><th>Khoảng trống</th>"
                   "<th>So với kỳ trước</th></tr>")
        previous = None
        for t in data.trend:
            change = "—" if previous is None else f"{float(t.deficitPercent) - previous:+.1f} điểm %".replace(".", ",")
            out.append(f'<tr><td>{_e(t.year)}</td><td class="num">{t.districts}</td><td class="num">{t.cells}</td>'
                       f'<td class="num">{_num(t.deficitPercent)}%</td><td class="num">{_e(change)}</td></tr>')
            previous = float(t.deficitPercent)
        out.append('</table><p class="muted">Các kỳ có thể gồm những huyện khác nhau: so sánh thận trọng.</p>')
    else:
        out.append('<p class="muted">Đồ thị mới có một kỳ: chưa so sánh được xu hướng.</p>')
    out.extend(_district_pages(data, cells, mandates))
    out.extend(_mandate_pages(data, cells))
    out.extend(_evidence_pages(data))
    if data.conflicts:
        out.append("<h2>Báo cáo ghi khác danh mục (giữ nguyên, gắn cờ)</h2><table><tr><th>Huyện</th><th>Văn bản</th>"
                   "<th>Báo cáo ghi</th><th>Danh mục</th><th>Trích</th></tr>")
        for c in data.conflicts:
            out.append(f'<tr><td>{_e(c.districtName)}</td><td>{_e(c.documentNumber)}</td><td>{_e(c.stated)}</td>'
                       f'<td>{_e(c.catalog)}</td><td>{_e(c.quote)}</td></tr>')
        out.append("</table>")
    out.append('<p class="muted">Nguồn: đồ thị policykg; danh mục văn bản: data/catalog/mandates.toml (mỗi dữ kiện '
               "có nguồn; dữ kiện chưa kiểm chứng được đánh dấu).</p></body></html>\n")
    return "".join(out)


def _district_pages(data: GapData, cells: dict, mandates: list[str]) -> list[str]:
    out = ["<h2>Theo huyện</h2>"]
    for d in data.deficit:
        district = d.district
        out.append(f'<h3 id="{_anchor("d", district)}">{_e(d.districtName)} — {_e(data.place(district).name)}</h3>'
                   f'<p>Khoảng trống {_num(d.deficitPercent)}% trên {d.inScope} văn bản chắc chắn trong phạm vi '
                   f'({d.uncertain} chưa chắc); {d.overdue} nghĩa vụ quá hạn.</p>')
        times = defaultdict(list)
        for t in data.reference_times:
            if t.district == district:
                times[t.report].append(t)
        for report, bounds in times.items():
            why = "; ".join(f'{"không sớm hơn" if b.bound == "earliest" else "không muộn hơn"} {_day(b.boundDate)} '
                            f'({_e(BOUND_RULE.get(b.rule, b.rule))}: «{_e(b.quote)}»)' for b in bounds if b.bound)
            out.append(f'<p class="muted">{_e(bounds[0].reportLabel or report)} được viết trong khoảng '
                       f'{_day(bounds[0].earliest)} – {_day(bounds[0].latest)}: {why}.</p>')
        out.append("<ul>")
        for m in mandates:
            c = cells.get((district, m))
            if c:
                out.append(f'<li>{STATUS[c.status][0]} <a href="#{_anchor("e", district, m)}">{_e(m)}</a>: '
                           f'{_e(cell_label(c))}</li>')
        out.append("</ul>")
        late = [o for o in data.overdue if o.district == district]
        if late:
            out.append("<p><b>Nghĩa vụ quá hạn chưa có chứng cứ</b></p><ul>")
            for o in late:
                out.append(f'<li>{_e(o.mandateNumber)}: {_e(o.obligationTextVi or o.obligationText)} — hạn {_day(o.deadline)}, '
                           f'báo cáo viết từ {_day(o.firstReportAfter)}: {_say(o.reason)}</li>')
            out.append("</ul>")
        sup = [s for s in data.superseded if s.district == district]
        if sup:
            out.append("<p><b>Trích dẫn văn bản đã/sắp bị thay thế</b></p><ul>")
            for s in sup:
                out.append(f'<li>{_e(s.citedNumber)} → {_e(s.replacementNumber)} (ký {_e(s.replacementSigned)}, '
                           f'hiệu lực {_e(s.replacementInForce or "?")}): <b>{_say(s.status)}</b>; '
                           f'báo cáo {_e(s.earliest)}…{_e(s.latest)}; quan hệ thay thế: '
                           f'{_say(s.replacesVerification or "?")}<blockquote>{_e(s.quote)}</blockquote></li>')
            out.append("</ul>")
        tg = [t for t in data.targets if t.district == district and t.value]
        if tg:
            out.append("<p><b>Chỉ số so với chỉ tiêu</b> (chỉ so khi cùng chỉ số, cùng đơn vị, cùng cấp; trung bình "
                       "chỉ nêu khi có từ 3 huyện)</p><table><tr><th>Văn bản</th><th>Chỉ tiêu</th><th>Giá trị báo cáo"
                       "</th><th>Trích</th><th>Kết luận</th><th>TB tỉnh (n)</th><th>TB trong đồ thị (n)</th></tr>")
            for t in tg:
                out.append(f'<tr><td>{_e(t.mandateNumber)}</td><td>{_e(t.obligationTextVi or t.obligationText)} '
                           f'({_e(t.operator)} {_num(t.targetValue)}%)</td>'
                           f'<td class="num">{_num(t.value)}%</td><td>{_e(t.quote)}</td>'
                           f'<td>{_say(t.verdict)}</td>'
                           f'<td class="num">{_num(t.provinceAverage)} ({_e(t.provinceN or 0)})</td>'
                           f'<td class="num">{_num(t.nationalAverage)} ({_e(t.nationalN or 0)})</td></tr>')
            out.append("</table>")
        st = [s for s in data.statements if s.district == district]
        if st:
            out.append("<p><b>Khó khăn và kiến nghị</b></p><ul>")
            for s in st:
                who = f' → {_e(s.addressee)}' if s.addressee else ""
                out.append(f'<li><i>{_e(s.sectionName)}</i>{who}: {_e(s.quote)}</li>')
            out.append("</ul>")
    return out


def _mandate_pages(data: GapData, cells: dict) -> list[str]:
    out = ["<h2>Theo văn bản chỉ đạo</h2>"]
    for m in data.mandates:
        out.append(f'<h3 id="{_anchor("m", m)}">{_e(m)}</h3>')
        impl = [r for r in data.implementation if r.mandateNumber == m]
        if impl:
            out.append("<table><tr><th>Huyện đã ban hành văn bản thực hiện</th><th>Văn bản đầu tiên</th><th>Ngày</th>"
                       "<th>Độ trễ (ngày)</th></tr>")
            for r in impl:
                out.append(f'<tr><td>{_e(r.districtName)}</td><td>{_e(r.firstPlan)}</td><td>{_e(r.firstPlanDate)}</td>'
                           f'<td class="num">{_e(r.lagDays)}</td></tr>')
            out.append("</table>")
        for status in ("cited", "evidence", "mentioned", "none", "uncertain"):
            names = [c.districtName for c in data.cells if c.mandateNumber == m and c.status == status]
            if names:
                out.append(f"<p>{STATUS[status][0]} {_e(STATUS[status][1])}: {_e(', '.join(names))}</p>")
    return out


def _evidence_pages(data: GapData) -> list[str]:
    out = ["<h2>Chứng cứ</h2>"]
    for c in data.cells:
        key = (c.district, c.mandateNumber)
        out.append(f'<h4 id="{_anchor("e", *key)}">{_e(c.districtName)} · {_e(c.mandateNumber)} · '
                   f'{STATUS[c.status][0]} {_e(cell_label(c))}</h4>')
        items = data.evidence_for(*key)
        if not items:
            out.append('<p class="muted">Không có chứng cứ trong các báo cáo của kỳ.</p>')
            continue
        out.append("<ul>")
        for e in items[:EVIDENCE_SHOWN]:
            via = f' qua {_e(e.viaNumber)} ({_e(e.viaDate or "?")})' if e.viaNumber else ""
            topic = f' [{_e(e.section)}]' if e.section else ""
            span = f' ký tự {_e(e.start)}–{_e(e.end)}' if e.start else ""
            out.append(f'<li>{_say(e.kind)}{via}{topic} — <a href="{_e(e.report or "")}">'
                       f'{_e(report_key_of(e.report or "") or "")}</a>{span}'
                       f'<blockquote>{_e(e.quote or "")}</blockquote></li>')
        if len(items) > EVIDENCE_SHOWN:
            out.append(f'<li class="muted">… và {len(items) - EVIDENCE_SHOWN} chứng cứ yếu hơn hoặc cùng loại '
                       f'(xem trong trình khám phá).</li>')
        out.append("</ul>")
    return out


# ---------------------------------------------------------------- Markdown, CSV, XLSX

def _light_label(data: GapData, d) -> str:
    deficit = _deficit(d)
    return "—" if deficit is None else f"{_num(deficit)}% ({LIGHTS[data.light(deficit)][1]})"


def render_md(data: GapData) -> str:
    cells = {(c.district, c.mandateNumber): c for c in data.cells}
    mandates = data.mandates
    lines = ["# Báo cáo khoảng trống thực hiện văn bản chỉ đạo", "",
             f"Kỳ: {' – '.join(x for x in data.period if x) or 'toàn bộ'} · lập ngày {data.generated} · "
             f"mục tiêu khoảng trống ≤ {_num(data.deficit_target)}%", "",
             f"{VIEW_LABEL[data.units]}", "",
             "| Đơn vị | Tỉnh | Khoảng trống | Quá hạn | " + " | ".join(mandates) + " |",
             "|---|---|---|---|" + "---|" * len(mandates)]
    for d in data.deficit:
        row = [f'{STATUS[cells[(d.district, m)].status][0]} {cell_label(cells[(d.district, m)], "en")}'
               if (d.district, m) in cells else "– out of scope" for m in mandates]
        lines.append(f'| {d.districtName} | {data.place(d.district).name} | {_light_label(data, d)} | {d.overdue} | '
                     + " | ".join(row) + " |")
    lines += ["", "Ký hiệu: " + ", ".join(f"{v[0]} {v[2]}" for v in STATUS.values()), ""]
    if data.overdue:
        lines += ["## Nghĩa vụ quá hạn chưa có chứng cứ", ""]
        lines += [f'- {o.districtName}: {o.mandateNumber} — {o.obligationTextVi or o.obligationText} (hạn {_day(o.deadline)}): '
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
    writer.writerow(["district", "districtName", "provinceName", "mandateNumber", "status", "scope", "inForce",
                     "deficitPercent", "evidenceItems", "strongestEvidence", "strongestEvidenceReport",
                     "strongestEvidenceQuote", "todayProvinceName", "successorCommunes"])
    deficit = {d.district: d.deficitPercent for d in data.deficit}
    for c in data.cells:
        items = data.evidence_for(c.district, c.mandateNumber)
        first = items[0] if items else None
        writer.writerow([spreadsheet_safe(v) for v in (
            c.district, c.districtName, c.provinceName, c.mandateNumber, c.status, c.cellScope,
            c.inForce, deficit.get(c.district), len(items), first.kind if first else "", first.report if first else "",
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
    cells = {(c.district, c.mandateNumber): c for c in data.cells}
    sheet.append(["Đơn vị", "Tỉnh", "Khoảng trống %", "Quá hạn", *mandates])
    for d in data.deficit:
        row = [d.districtName, data.place(d.district).name, _deficit(d), int(d.overdue)]
        sheet.append(row + [f'{STATUS[cells[(d.district, m)].status][0]} {cell_label(cells[(d.district, m)], "en")}'
                            if (d.district, m) in cells else "– out of scope" for m in mandates])
        for j, m in enumerate(mandates, start=5):
            c = cells.get((d.district, m))
            if c:
                bg, fg = STATUS[c.status][3].lstrip("#"), STATUS[c.status][4].lstrip("#")
                cell = sheet.cell(row=sheet.max_row, column=j)
                cell.fill = PatternFill("solid", fgColor=bg)
                cell.font = Font(color="FFFFFF" if fg == "fff" else "000000")
    evidence = [e for c in data.cells for e in data.evidence_for(c.district, c.mandateNumber)]
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


def write_report(data: GapData, fmt: str, out: Path) -> None:
    if fmt == "xlsx":
        write_xlsx(data, out)
        return
    render = {"html": render_html, "md": render_md, "csv": render_csv}[fmt]
    out.write_text(render(data), encoding="utf-8")


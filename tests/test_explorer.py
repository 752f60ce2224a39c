"""The explorer, headless (Streamlit AppTest): every page shows content from the sample graph."""

from __future__ import annotations

import os
import re

import pytest
from streamlit.testing.v1 import AppTest

from policykg.explorer.pages import UPLOAD_LIMIT, save_upload
from policykg.pipeline import build
from policykg.store import GraphStore

from conftest import REPORTS


@pytest.fixture
def open_page(explorer_on_samples):
    return explorer_on_samples


def texts(at: AppTest) -> str:
    parts = [m.value for m in at.markdown] + [t.value for t in at.title] + [c.value for c in at.caption]
    parts += [e.label for e in at.expander] + [str(h.proto) for h in at.get("html")]
    parts += [str(l.proto) for l in at.get("page_link")]
    for frame in at.dataframe:
        parts.append(frame.value.to_csv())
    # what a reader sees: Markdown's backslash escapes (pages.plain) shown as the characters they escape
    return re.sub(r"\\+([!-/:-@\[-`{-~])", r"\1", "\n".join(parts))


def test_overview(open_page):
    at = open_page("overview")
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Báo cáo"] == "5" and metrics["Đơn vị báo cáo"] == "5"
    assert "Tỉnh Quảng Ngãi" in texts(at) and "Huyện Minh Long" in texts(at)


def test_district_page_shows_mandates_with_evidence_and_documents(open_page):
    at = open_page("district", id="d694")
    content = texts(at)
    assert at.title[0].value == "Huyện Hớn Quản — Tỉnh Bình Phước"
    assert any(e.label.startswith("● 04-NQ/TU") for e in at.expander)
    assert "30-KH/HU" in content and "169/KH-UBND" in content and "Sở Thông tin và Truyền thông" in content


def test_district_page_lists_its_units_reports_by_a_lookup(open_page, monkeypatch):
    """The unit's reports, looked up from the unit (district-reports): filtering every report of the graph
    (report-list) copied 100,000 rows out of the cache on each view at 100,000 reports."""
    from policykg.explorer import data

    asked, labelled = [], []
    rows = data.rows

    def watched(name, **params):
        asked.append(name)
        if name == "report-list" and params.get("report"):
            labelled.extend(params["report"])
        return rows(name, **params)

    monkeypatch.setattr(data, "rows", watched)
    content = texts(open_page("district", id="d694"))  # (the overview, opened first, lists the latest reports)
    assert asked.count("district-reports") == 1
    assert "Báo cáo huyện Hớn Quản 2023-10" in content and "Báo cáo thị xã Mỹ Hào" not in content
    # the evidence names its reports by label, looked up for the reports it quotes only (not every report's)
    assert set(labelled) == {"https://w3id.org/policykg/id/report/000-465f813c91986d41"}
    assert "↳ Báo cáo huyện Hớn Quản 2023-10" in content


def test_district_page_shows_each_cells_strongest_evidence_as_kept_and_as_ranked_live(open_page, monkeypatch):
    """The district page reads each cell's five strongest pieces as the build kept them (gap-evidence-top): the
    same as ranking the unit's every piece live, which it does when no scoreboard is computed by today's queries."""
    from policykg.explorer import data

    def evidence_shown(at) -> dict[str, list[str]]:
        return {e.label: [m.value for m in e.markdown] for e in at.expander}

    asked = []
    rows = data.rows
    monkeypatch.setattr(data, "rows", lambda name, **params: (asked.append(name), rows(name, **params))[1])
    kept = evidence_shown(open_page("district", id="d694"))
    assert "gap-evidence-top" in asked and "gap-evidence" not in asked
    assert sum(len(quotes) for quotes in kept.values()) > 5 and max(len(q) for q in kept.values()) <= 5
    asked.clear()
    monkeypatch.setattr(data, "scoreboard_state", lambda: "none")
    live = evidence_shown(open_page("district", id="d694"))
    assert "gap-evidence" in asked and "gap-evidence-top" not in asked
    assert live == kept


def test_mandate_page_three_clicks_to_the_quote(open_page):
    at = open_page("mandate")  # default: 04-NQ/TU
    assert at.title[0].value == "04-NQ/TU"
    content = texts(at)
    assert "Huyện Hớn Quản" in content
    # the expander for Hớn Quản holds the sentence that proves it: mandate page -> expander -> quote
    assert "Kế hoạch số 30-KH/HU ngày 30/7/2021 của Huyện ủy về việc triển khai thực hiện" in content
    frame = at.get("iframe")[0].proto
    srcdoc = frame.srcdoc if hasattr(frame, "srcdoc") else str(frame)
    assert "vis.DataSet" in srcdoc and "30-KH/HU" in srcdoc and "cdn.jsdelivr" not in srcdoc
    assert "node_modules" not in srcdoc


def test_a_mandates_obligations_read_in_either_language(open_page):
    """The obligations table: the duty, its action and its bearer in the page's language."""
    vi = texts(open_page("mandate", id="https://w3id.org/policykg/id/doc/vn/2020/749-qd-ttg"))
    assert "80% hồ sơ công việc cấp huyện được xử lý trên môi trường mạng vào năm 2025" in vi
    assert "Xử lý trên môi trường mạng" in vi and "Cấp huyện" in vi
    en = texts(open_page("mandate", id="https://w3id.org/policykg/id/doc/vn/2020/749-qd-ttg", lang="en"))
    assert "80% of work records at district level handled online by 2025" in en
    assert "Handle online" in en and "District" in en and "Xử lý trên môi trường mạng" not in en


def test_report_page_shows_the_annotated_text_and_facts(open_page):
    at = open_page("report", id="003-c4ca38d9cb09e442")
    content = texts(at)
    assert "Thị xã Đức Phổ" in content
    assert 'class=\\"m ref implements\\"' in content or 'class="m ref implements"' in content
    assert "3306/KH-UBND" in content and "Đề án phát triển ứng dụng dữ liệu dân cư" in content


def test_graph_page_is_offline(open_page):
    at = open_page("graph", node="https://w3id.org/policykg/id/doc/vn/43-2011-nd-cp")
    srcdoc = str(at.get("iframe")[0].proto)
    assert "vis.DataSet" in srcdoc and "https://cdn" not in srcdoc and "43/2011" in srcdoc


def test_sparql_console_named_and_free_queries(open_page):
    at = open_page("sparql")
    at.selectbox[0].set_value("issuers-by-level").run()
    at.button(key="run-named").click().run()
    assert not at.exception and "Chính phủ" in texts(at)
    at.text_area[0].set_value("DROP ALL").run()
    at.button(key="run-free").click().run()
    assert any("lệnh cập nhật bị từ chối" in e.value for e in at.error)  # the page's language
    at.text_area[0].set_value("SELECT ?n WHERE { ?d <http://data.europa.eu/eli/ontology#id_local> ?n } "
                              "ORDER BY ?n").run()
    at.button(key="run-free").click().run()
    assert not at.error and "42/2022/NĐ-CP" in at.dataframe[-1].value.to_csv()
    # a query file as queries/ writes them: comments first, a one-line PREFIX; and an update hidden behind both
    at.text_area[0].set_value("# title: numbers\n# question: which?\nPREFIX eli: <http://data.europa.eu/eli/ontology#> "
                              "SELECT ?n WHERE { ?d eli:id_local ?n } ORDER BY ?n").run()
    at.button(key="run-free").click().run()
    assert not at.error and "42/2022/NĐ-CP" in at.dataframe[-1].value.to_csv()
    at.text_area[0].set_value("# SELECT\nPREFIX eli: <http://data.europa.eu/eli/ontology#> DELETE WHERE { ?s ?p ?o }").run()
    at.button(key="run-free").click().run()
    assert any("lệnh cập nhật bị từ chối" in e.value for e in at.error)
    at.text_area[0].set_value("SELECT * WHERE { SERVICE <http://example.com/sparql> { ?s ?p ?o } }").run()
    at.button(key="run-free").click().run()
    assert any("SERVICE bị từ chối" in e.value for e in at.error)
    at.text_area[0].set_value("SELECT ?s\nWHERE { ?s ?p }").run()  # where it is wrong, in words, then the parser's
    at.button(key="run-free").click().run()
    assert any(e.value.startswith("câu truy vấn sai cú pháp SPARQL ở dòng 2, cột 16") for e in at.error), \
        [e.value for e in at.error]
    assert any("WHERE { ?s ?p }\n" + " " * 19 + "^" in c.value for c in at.code), [c.value for c in at.code]
    # a parameter's problem named as the form names it, not as the command line does
    at.selectbox[0].set_value("indicator-observations").run()
    at.text_input(key="p-indicator-observations-indicator").set_value("nope").run()
    at.button(key="run-named").click().run()
    assert any(e.value.startswith("Tham số indicator: không có chỉ số") for e in at.error), [e.value for e in at.error]
    assert not any("--param" in e.value for e in at.error)
    english = open_page("sparql", lang="en")
    english.text_area[0].set_value("DROP ALL").run()
    english.button(key="run-free").click().run()
    assert any("updates are refused" in e.value for e in english.error)


def test_a_long_listing_is_shown_a_page_at_a_time_with_its_total(open_page, sample_store):
    """A national listing is not sent whole to the browser: the first PAGE_ROWS rows in the query's order, the
    total stated, and the next and previous pages on request; the download has every row."""
    from policykg.explorer import data
    from policykg.query.runner import select
    from policykg.sparql import load_query

    everything = select(sample_store, load_query("gap-evidence"), {})
    assert len(everything) > 2 * data.PAGE_ROWS  # else nothing here is paged
    first = lambda at: at.dataframe[0].value.iloc[0].to_dict()  # noqa: E731
    at = open_page("sparql")
    at.selectbox[0].set_value("gap-evidence").run()
    at.button(key="run-named").click().run()
    total = f"{len(everything):,}".replace(",", ".")
    assert not at.exception and f"Dòng 1–{data.PAGE_ROWS} trên tổng số {total}" in texts(at)
    assert len(at.dataframe[0].value) == data.PAGE_ROWS
    page_one = first(at)
    assert page_one["Trích dẫn"] == (everything[0].quote or "—")
    at.button(key="named-next").click().run()
    assert f"Dòng {data.PAGE_ROWS + 1}–{2 * data.PAGE_ROWS} trên tổng số {total}" in texts(at)
    assert first(at)["Trích dẫn"] == (everything[data.PAGE_ROWS].quote or "—")
    at.button(key="named-back").click().run()
    assert first(at) == page_one
    assert len(data.all_rows("gap-evidence")) == len(everything)


def test_gaps_page_opens_the_evidence_of_a_cell(open_page):
    at = open_page("gaps", district="531", mandate="61/2018/NĐ-CP")
    content = texts(at)
    assert "Có câu kết quả liên quan" in content
    assert "Phần mềm một cửa điện dùng chung" in content
    assert any("Huyện Minh Long — 61/2018/NĐ-CP" in h.value.replace("\\", "") for h in at.subheader)  # names the unit
    assert "Khoảng trống = " in content  # the deficit is defined on the page


def test_the_province_filter_applies_to_every_table_of_the_gaps_page(open_page):
    at = open_page("gaps")
    at.selectbox[0].set_value("Tỉnh Quảng Ngãi").run()
    deficit = at.dataframe[-1].value
    assert set(deficit["Tỉnh"]) == {"Tỉnh Quảng Ngãi"} and len(deficit) == 2  # headed in the page's language


def test_search_tolerates_missing_diacritics(open_page):
    at = open_page("overview")
    at.sidebar.text_input(key="search").set_value("hon quan").run()
    assert "Huyện Hớn Quản" in texts(at)
    at.sidebar.text_input(key="search").set_value("nghi dinh 42").run()
    assert "42/2022/NĐ-CP" in texts(at)


def test_search_finds_a_local_document_by_the_digits_of_its_number(open_page):
    """Documents other than mandates are looked up in the store by the digits typed (the country's are too many
    to list for every search); every word must still match, diacritics optional."""
    from policykg.explorer import data

    hits = data.search("ke hoach 30")
    assert [h["label"] for h in hits if h["kind"] == "document" and "30-KH/HU" in h["label"]] == ["Kế hoạch 30-KH/HU"]
    assert not [h for h in data.search("nghi quyet 30") if "30-KH/HU" in h["label"]]  # a plan, not a resolution
    assert [h["kind"] for h in data.search("42/2022/nd-cp")] == ["mandate"]  # once, though both lists have it


def test_english_interface(open_page):
    at = open_page("overview", lang="en")
    assert {m.label for m in at.metric} >= {"Reports", "Reporting units"}


def test_add_report_page_and_upload_safety(open_page, tmp_path):
    at = open_page("add")
    assert at.title[0].value == "Thêm báo cáo"
    path = save_upload("../../etc/passwd", b"x", tmp_path / "uploads")
    assert path.parent == (tmp_path / "uploads").resolve() and path.name.startswith("passwd-")
    assert save_upload("C:\\\\evil\\\\..\\\\r.txt", b"x", tmp_path / "uploads").parent == (tmp_path / "uploads").resolve()
    with pytest.raises(ValueError, match="larger than the") as raised:
        save_upload("big.txt", b"x" * (UPLOAD_LIMIT + 1), tmp_path / "uploads")
    assert raised.value.args[0].vi.startswith("big.txt: lớn hơn ")
    assert len(os.listdir(tmp_path / "uploads")) == 2


def test_two_uploads_with_one_name_are_two_reports_and_the_same_content_is_one(tmp_path):
    """Two districts' bao_cao.txt: neither replaces the other. The same bytes again: the same file."""
    first = save_upload("bao_cao.txt", "UBND huyện Minh Long báo cáo".encode(), tmp_path)
    second = save_upload("bao_cao.txt", "UBND huyện Hớn Quản báo cáo".encode(), tmp_path)
    assert first != second and first.read_bytes() != second.read_bytes()
    assert save_upload("bao_cao.txt", "UBND huyện Minh Long báo cáo".encode(), tmp_path) == first
    assert first.suffix == ".txt" and first.name.startswith("bao_cao-")


def test_the_explorer_shows_a_build_made_while_it_runs(tmp_path, monkeypatch):
    """A read-only handle sees the store as it was when opened: the explorer notices a later write (a build from
    the command line) and shows it on the next page view, with no restart and no Reload."""
    from streamlit import cache_data, cache_resource

    from conftest import APP
    from policykg.explorer import data

    location = tmp_path / "s"
    build([REPORTS], GraphStore(location), progress=False)
    monkeypatch.setenv("POLICYKG_STORE", str(location))
    monkeypatch.delenv("POLICYKG_ENDPOINT", raising=False)
    monkeypatch.setattr(data, "FOLLOW_EVERY_S", 0)
    cache_data.clear()
    cache_resource.clear()
    at = AppTest.from_file(APP, default_timeout=120)
    at.run()
    assert {m.label: m.value for m in at.metric}["Báo cáo"] == "5"
    new = tmp_path / "moi.txt"
    new.write_text("UBND huyện Hớn Quản báo cáo như sau:\n- Thực hiện Kế hoạch số 7/KH-UBND ngày 1/2/2023 của "
                   "UBND huyện.\n", encoding="utf-8")
    assert not build([new], GraphStore(location), progress=False).failed
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert {m.label: m.value for m in at.metric}["Báo cáo"] == "6"


def test_while_the_scoreboard_is_updated_the_explorer_shows_its_last_cells_and_says_so(tmp_path, monkeypatch):
    """During a national build the scoreboard is stale for its whole length, and computing the gap matrix live
    took over ten minutes a page: the explorer reads the last complete cells and says they are being updated;
    a finished build shows the new cells and no notice."""
    from streamlit import cache_data, cache_resource

    from conftest import APP
    from policykg import scoreboard
    from policykg.pipeline import prepare_report

    location = tmp_path / "s"
    *first, held_back = sorted(REPORTS.glob("*.txt"))
    store = GraphStore(location)
    build(first, store, progress=False)
    prepared = prepare_report(held_back)  # what a build writes for it, before its scoreboard update commits
    scoreboard.mark_stale(store)
    store.add_graphs(prepared.nquads)
    store.flush()
    del store
    monkeypatch.setenv("POLICYKG_STORE", str(location))
    monkeypatch.delenv("POLICYKG_ENDPOINT", raising=False)

    def overview() -> AppTest:
        cache_data.clear()
        cache_resource.clear()
        at = AppTest.from_file(APP, default_timeout=120)
        at.query_params["lang"] = "en"
        at.run()
        assert not at.exception, [e.value for e in at.exception]
        return at

    district = prepared.district.split(" ", 1)[1]  # "huyện Minh Long" -> its name
    during = overview()
    assert any("scoreboard is being updated" in i.value for i in during.info)
    assert {m.label: m.value for m in during.metric}["Reports"] == "5"  # the report itself is there
    assert not any(district in label for label in deficit_links(during))  # its cells are not computed yet
    assert not build([held_back], GraphStore(location), progress=False).failed  # the build finishes
    after = overview()
    assert not any("scoreboard is being updated" in i.value for i in after.info)
    assert any(district in label for label in deficit_links(after))


def deficit_links(at: AppTest) -> list[str]:
    """The overview's 'deficit by unit' list: its links to unit pages."""
    return [link.proto.label for link in at.get("page_link") if "district" in link.proto.page]


def test_a_build_beginning_between_the_state_and_the_query_does_not_make_the_explorer_compute_live(
        tmp_path, monkeypatch):
    """The soak run: the page had read the scoreboard's state as fresh (cached), a build then marked it stale,
    and the query asked the store again, found it stale and ran the national gap matrix live (past 13 GB at
    1,000 reports). The state the page goes by decides, once: the stored cells are read."""
    from streamlit import cache_data, cache_resource

    from policykg import scoreboard
    from policykg.explorer import data

    location = tmp_path / "s"
    store = GraphStore(location)
    build([REPORTS], store, progress=False)
    del store
    monkeypatch.setenv("POLICYKG_STORE", str(location))
    monkeypatch.delenv("POLICYKG_ENDPOINT", raising=False)
    cache_data.clear()
    cache_resource.clear()
    assert data.scoreboard_state() == "fresh"  # cached, as a page holds it
    expected = data.rows("province-summary")
    cache_data.clear()
    data.scoreboard_state()  # "fresh", cached again …
    writer = GraphStore(location)  # … and a build begins
    scoreboard.mark_stale(writer)
    writer.flush()
    del writer
    cache_resource.clear()  # the explorer follows the store (a fresh handle), its cached state stays
    texts = []
    real_run = data.run
    monkeypatch.setattr(data, "run", lambda store, text, *a, **k: texts.append(text) or real_run(store, text, *a, **k))
    assert data.rows("province-summary") == expected
    assert texts and "graph/scoreboard" in texts[0] and "reportRank" not in texts[0]


# English words the queries and the catalog return, which a Vietnamese page must never show (finding 7 of #16)
ENGLISH_ON_VI_PAGES = ("cited", "evidence", "implemented", "Unverified", "replacement signed", "not yet in force",
                       "observed", "Every level", "Commune", "District", "Secondary source", "Corroborated",
                       "No data", "deficitPercent", "byName", "provinceName", "averageDeficit", "districtName",
                       "mandateNumber", "indicatorName", "None", "State agencies", "online public services",
                       "work records", "Digital transformation")


def _every_page(open_page, lang: str):
    """Every page of the explorer in `lang`, and every unit, mandate and report page reached by its id."""
    from policykg.explorer import data
    from policykg.domain.identity import report_key_of, unit_key_of

    yield "overview", open_page("overview", lang=lang)
    for page in ("graph", "sparql", "gaps", "add"):
        yield page, open_page(page, lang=lang)
    yield "gaps cell", open_page("gaps", lang=lang, district="694", mandate="04-NQ/TU")
    for unit in data.districts():
        yield unit.name, open_page("district", lang=lang, id=unit_key_of(unit.district))
    for m in data.mandates():
        yield m.number, open_page("mandate", lang=lang, id=m.mandate)
    for r in data.reports():
        yield r.label, open_page("report", lang=lang, id=report_key_of(r.report))


def test_a_vietnamese_page_shows_no_english_and_no_raw_column_name(open_page):
    from policykg.reports.words import COLUMNS

    vietnamese_headers = {vi for vi, _ in COLUMNS.values()}
    for name, at in _every_page(open_page, "vi"):
        for frame in at.dataframe:
            raw = [c for c in frame.value.columns if c not in vietnamese_headers
                   and not re.fullmatch(r"[\w.-]+/[\w/Đđ.-]+", str(c))]  # the gap matrix: one column per mandate
            assert not raw, f"{name}: columns not in Vietnamese: {raw}"
        widgets = [w.label for kind in ("selectbox", "multiselect", "radio", "button", "text_input", "slider")
                   for w in at.get(kind) if hasattr(w, "label")]
        widgets += [str(o) for kind in ("selectbox", "multiselect", "radio") for w in at.get(kind)
                    for o in getattr(w, "options", [])]
        widgets += [m.label for m in at.metric] + [h.value for h in at.subheader] + [i.value for i in at.info]
        content = texts(at).replace(r"\(", "(") + "\n" + "\n".join(widgets)
        said = [w for w in ENGLISH_ON_VI_PAGES if re.search(rf"(?<![\w/-]){re.escape(w)}(?![\w/-])", content)]
        assert not said, f"{name}: English on a Vietnamese page: {said}"


def test_an_english_page_keeps_its_language_in_the_url_and_in_every_link(open_page):
    from policykg.reports.words import COLUMNS

    english_headers = {en for _, en in COLUMNS.values()}
    at = open_page("district", lang="en", id="d694")
    assert at.query_params["lang"] == ["en"] or at.query_params["lang"] == "en"  # a reload keeps it
    links = [l.proto for l in at.get("page_link")]
    assert links and all("lang=en" in l.query_string or "lang" in str(l) for l in links), links[:2]
    for frame in at.dataframe:
        assert set(frame.value.columns) <= english_headers, list(frame.value.columns)
    assert "Chưa kiểm chứng" not in texts(at) and "Đã ban hành văn bản thực hiện" not in texts(at)


def test_evidence_opens_its_report_at_the_quote_marked_in_context(open_page):
    at = open_page("gaps", district="694", mandate="04-NQ/TU")
    target = next(l.proto for l in at.get("page_link") if "at=" in str(l.proto))
    params = dict(p.split("=", 1) for p in re.search(r'query_string: "([^"]+)"', str(target)).group(1).split("&"))
    report = open_page("report", id=params["id"], at=params["at"])
    start, end = (int(x) for x in params["at"].split("-"))
    first = report.get("html")[0].proto.body  # the first thing after the title: the quote, marked
    assert "<mark" in first
    from policykg.explorer import data
    text = next(d for d in data.rows("report-details", report=next(
        r.report for r in data.reports() if r.report.endswith(params["id"])))).text
    import html as html_lib
    assert html_lib.escape(text[start:end]) in first


def test_the_graph_view_never_shows_an_orphan_and_has_a_legend():
    import networkx as nx

    from policykg.explorer.graphview import legend, neighbourhood, render

    g = nx.MultiDiGraph()
    g.add_node("m", type="mandate", label="04-NQ/TU")
    g.add_node("body", type="body", label="Tỉnh ủy")
    g.add_node("plan", type="document", label="30-KH/HU")
    g.add_node("r", type="report", label="Báo cáo")
    g.add_edge("body", "m", relation="passed_by")  # the body reaches the plan only through the mandate
    g.add_edge("plan", "m", relation="applies")
    g.add_edge("r", "plan", relation="acts_on")
    shown = neighbourhood(g, "plan", 3, 50, types={"document", "report", "body"})
    assert set(shown) == {"plan", "r"}  # the body hung on the filtered-out mandate: left out, not an orphan
    assert all(shown.degree(n) for n in shown)
    page = render(shown, "plan", say={"acts_on": "thực hiện"}.get, href=lambda n: f"/report?id={n}")
    import json

    assert '"r": "/report?id=r"' in page and "window.open" in page
    assert json.dumps("thực hiện")[1:-1] in page or "thực hiện" in page  # edges in the reader's language
    assert "Báo cáo" in legend(["report"], {"report": "Báo cáo"}.get)


def test_a_click_on_a_gap_cell_shows_its_evidence_in_place_and_the_url_keeps_it(open_page):
    at = open_page("gaps")
    assert not any(h.value.startswith("Chứng cứ") for h in at.subheader)
    matrix = at.dataframe[0].value
    row = list(matrix.index).index("Huyện Minh Long")
    # what a click on the cell sends (Streamlit's selection state): the page reruns, it does not reload
    at.session_state["gap-matrix-—-then"] = {"selection": {"rows": [], "columns": [],
                                                           "cells": [(row, "61/2018/NĐ-CP")]}}
    at.run()
    assert any("Huyện Minh Long — 61/2018/NĐ-CP" in h.value.replace("\\", "") for h in at.subheader)
    assert "Phần mềm một cửa điện dùng chung" in texts(at)
    assert at.query_params["mandate"] in ("61/2018/NĐ-CP", ["61/2018/NĐ-CP"])  # a reload opens the same cell


def test_a_free_query_shows_its_progress_and_its_child_never_outlives_it(sample_store, monkeypatch):
    import multiprocessing

    from policykg.explorer import data

    monkeypatch.setenv("POLICYKG_STORE", str(sample_store.path))
    monkeypatch.delenv("POLICYKG_ENDPOINT", raising=False)
    ticks = []
    cross = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"  # far longer than 2 s
    with pytest.raises(TimeoutError):
        data.free_query(cross, seconds=2, tick=ticks.append)
    assert len(ticks) >= 3 and ticks == sorted(ticks) and ticks[-1] < 2.0
    assert not multiprocessing.active_children()

    def interrupt(elapsed):  # what Streamlit does when the reader clicks Cancel: the wait is interrupted
        if elapsed > 0.5:
            raise KeyboardInterrupt
    with pytest.raises(KeyboardInterrupt):
        data.free_query(cross, seconds=20, tick=interrupt)
    assert not multiprocessing.active_children()  # the child was killed with the wait
    # columns in the order the SELECT names them (they came back o, p, s)
    table = data.free_query("SELECT ?zeta ?alpha ?mid WHERE { BIND(1 AS ?alpha) BIND(2 AS ?zeta) BIND(3 AS ?mid) }")
    assert table.columns == ["zeta", "alpha", "mid"] and [str(v) for v in table.rows[0]] == ["2", "1", "3"]


def test_the_district_chart_sets_shares_side_by_side_never_stacked(open_page):
    """Unrelated percentages stacked summed to ~600% (finding 6 of #16): each indicator has its own bar."""
    import json

    at = open_page("district", id="d328")
    [chart] = at.get("vega_lite_chart")
    spec = json.loads(chart.proto.spec)
    assert "xOffset" in spec["encoding"] and spec["encoding"]["y"].get("stack") in (None, False)
    assert "Chưa phân loại" not in json.dumps(spec, ensure_ascii=False)


def test_a_mandate_out_of_scope_shows_who_still_cites_it(open_page):
    """43/2011/NĐ-CP was replaced before the samples were written: no verdicts, but two units still cite it."""
    from policykg.explorer import data

    [gone] = [m for m in data.mandates() if m.number == "43/2011/NĐ-CP"]
    at = open_page("mandate", id=gone.mandate)
    assert any("vẫn dẫn văn bản này" in h.value for h in at.subheader)
    cited = at.dataframe[0].value
    assert len(cited) == 2 and set(cited["Đơn vị"]) == {"Huyện Minh Long", "Thị xã Đức Phổ"}


def test_the_graph_views_filters_outlive_a_change_of_centre(open_page):
    """A relation the reader left out stays left out when the centre moves to a node that offers it too."""
    from policykg.reports.words import shown

    at = open_page("graph")  # centred on 04-NQ/TU
    relations = at.multiselect[1]
    dropped = "applies"
    assert dropped in relations.value
    relations.unselect(dropped).run()
    assert dropped not in at.multiselect[1].value
    # move the centre: a search, then its first hit
    at.text_input(key="graph-search").input("30-KH/HU").run()
    assert not at.exception, [e.value for e in at.exception]
    relations_after = at.multiselect[1]
    assert relations_after.key != relations.key  # another centre's filter
    assert str(shown(dropped, "vi", "relation")) in relations_after.options, \
        "the new centre should offer the relation, or the test proves nothing"
    assert dropped not in relations_after.value and relations_after.value


def test_figures_of_no_indicator_are_listed_apart_under_what_the_report_calls_them(open_page):
    at = open_page("district", id="d694")
    indicator_tables = [f.value for f in at.dataframe if "Chỉ số" in f.value.columns]
    assert indicator_tables and all("Chưa phân loại" not in set(f["Chỉ số"]) for f in indicator_tables)
    [apart] = [e for e in at.expander if e.label.startswith("Số liệu khác chưa gắn với chỉ số nào")]
    unnamed = apart.dataframe[0].value
    assert "13 nhóm zalo" in set(unnamed["Trích dẫn"])  # Hớn Quản's "13 nhóm zalo": a count, not an indicator

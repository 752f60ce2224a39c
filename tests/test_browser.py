"""HTML outputs in a real headless Chromium with every network request blocked: they render, nothing leaves."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]


def _need_chromium():
    if not Path(CHROMIUM).exists():
        if os.environ.get("CI"):
            pytest.fail("CI must install Debian chromium (.ci/run does)")
        pytest.skip("Debian chromium is not installed here (apt-get install chromium; CI installs it)")


@pytest.fixture(scope="module")
def browser():
    _need_chromium()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        instance = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield instance
        instance.close()


def open_offline(browser, path: Path):
    page = browser.new_page()
    requests, errors = [], []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))

    def block(route):
        requests.append(route.request.url)
        if route.request.url.startswith("file://"):
            route.continue_()
        else:
            route.abort()
    page.route("**/*", block)
    page.goto(path.as_uri())
    page.wait_for_load_state("load")
    return page, requests, errors


def test_gap_report_renders_offline(browser, sample_store, tmp_path):
    from policykg.reports.gaps import collect, render_html

    path = tmp_path / "gaps.html"
    data = collect(sample_store)
    path.write_text(render_html(data), encoding="utf-8")
    page, requests, errors = open_offline(browser, path)
    assert requests == [path.as_uri()] and errors == []
    assert page.locator("h1").inner_text().startswith("Báo cáo khoảng trống")
    # the matrix, every unit × every mandate (five samples × the ten mandates that bound one of them)
    assert page.locator("td.cell").count() == len(data.deficit) * len(data.mandates) == 5 * 10
    assert page.locator("svg").count() >= 1
    page.locator('td.cell a').first.click()  # a cell opens its evidence
    assert page.url.split("#")[1].startswith("x-e-")
    page.screenshot(path=str(tmp_path / "gaps.png"), full_page=True)
    page.pdf(path=str(tmp_path / "gaps.pdf"))  # prints (A4 landscape CSS)
    assert (tmp_path / "gaps.pdf").read_bytes().startswith(b"%PDF")


def test_annotated_hostile_report_runs_no_script(browser, tmp_path):
    from policykg.annotate import annotate_html
    from policykg.catalog import load_catalog
    from policykg.extract import extract_text
    from policykg.resolve.report import resolve_report

    text = ('UBND huyện Hớn Quản báo cáo như sau:\n<script>window.pwned=1</script>'
            '<img src=x onerror="window.pwned=2"> thực hiện Kế hoạch số 5/KH-UBND <b onmouseover="window.pwned=3">x</b>')
    extraction = extract_text(text, "<script>window.pwned=4</script>.txt")
    path = tmp_path / "a.html"
    path.write_text(annotate_html(extraction, resolve_report(extraction, load_catalog())), encoding="utf-8")
    page, requests, errors = open_offline(browser, path)
    assert page.evaluate("window.pwned") is None
    assert "<script>window.pwned=1</script>" in page.locator("pre.report").inner_text()
    assert requests == [path.as_uri()] and errors == []


def test_gap_report_with_a_hostile_report_runs_no_script(browser, tmp_path):
    import shutil

    from policykg.pipeline import build
    from policykg.reports.gaps import collect, render_html
    from policykg.store import GraphStore

    from conftest import REPORTS

    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(REPORTS / "004_25ea28f13367f962.txt", folder)
    (folder / "hostile.txt").write_text(
        "Hớn Quản, ngày 5 tháng 3 năm 2023\nUBND huyện Hớn Quản báo cáo như sau:\n- Bộ phận một cửa <script>window.pwned=1</script> hoạt động "
        "<img src=x onerror=\"window.pwned=2\"> tốt.\nII. KHÓ KHĂN\n- <b onmouseover=\"window.pwned=3\">thiếu</b> "
        "<a href=\"javascript:window.pwned=4\">kinh phí</a>.\n", encoding="utf-8")
    store = GraphStore(tmp_path / "s")
    build([folder], store, progress=False)
    path = tmp_path / "gaps.html"
    page_html = render_html(collect(store))
    assert "window.pwned=1</script>" not in page_html and "&lt;script&gt;" in page_html
    path.write_text(page_html, encoding="utf-8")
    page, requests, errors = open_offline(browser, path)
    page.locator("a").first.hover()
    assert page.evaluate("window.pwned") is None and page.locator("img[src='x']").count() == 0
    assert requests == [path.as_uri()] and errors == []


@pytest.mark.parametrize("lang, heading, follow_up, foreign", [
    ("vi", "Báo cáo khoảng trống", "Cần theo dõi, với ai", ("Deficit", "overdue", "evidence", "none", "Period")),
    ("en", "Gaps in acting on mandates", "What to follow up, with whom",
     ("Khoảng trống", "quá hạn", "Có câu kết quả", "Không có chứng cứ", "Kỳ:")),
])
def test_the_gap_report_prints_its_summary_first_within_ten_a4_pages_in_either_language(
        browser, sample_store, tmp_path, lang, heading, follow_up, foreign):
    """What to follow up, with whom, comes first (each unit with the cells to act on and the one quote behind
    each); the details are folded; printed, the five samples take at most ten A4 pages; one language."""
    import re as regex

    from policykg.reports.gaps import collect, render_html

    path = tmp_path / f"gaps-{lang}.html"
    path.write_text(render_html(collect(sample_store), lang), encoding="utf-8")
    page, requests, errors = open_offline(browser, path)
    assert requests == [path.as_uri()] and errors == []
    assert page.locator("h1").inner_text().startswith(heading)
    assert page.locator("h2").first.inner_text() == follow_up  # the first section after the figures
    first_screen = page.evaluate("document.querySelector('h2.follow').getBoundingClientRect().top") < 600
    assert first_screen
    units = page.locator(".unit")
    assert units.count() == 5
    minh_long = page.locator(".unit", has_text="Huyện Minh Long").inner_text()
    assert "06/QĐ-TTg" in minh_long and "61/2018/NĐ-CP" in minh_long  # none and evidence cells to act on
    assert "Cấp 132 chứng thư số" in minh_long  # the one quote behind the 61/2018 verdict
    assert page.locator("details").count() >= 3 and not page.locator("details[open]").count()
    visible = page.locator("body").inner_text()
    said = [w for w in foreign if regex.search(rf"(?<!\w){regex.escape(w)}(?!\w)", visible)]
    assert not said, f"{lang} report shows words of the other language: {said}"
    pdf = page.pdf(prefer_css_page_size=True)
    pages = len(regex.findall(rb"/Type\s*/Page[^s]", pdf))
    assert 1 <= pages <= 10, f"{pages} A4 pages"

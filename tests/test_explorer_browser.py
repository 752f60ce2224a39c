"""The explorer in headless Chromium: every page renders (the graph canvas too), district -> mandate -> report
by clicking, no console errors, no request leaving 127.0.0.1, and a hostile report runs no script anywhere."""

from __future__ import annotations

import shutil
import subprocess
import sys
import time
import re
import urllib.request

import pytest

from policykg.pipeline import build
from policykg.store import GraphStore

from conftest import REPORTS
from test_browser import ARGS, CHROMIUM, _need_chromium
from test_server import free_port

STREAMLIT_PROBE = re.compile(r"/[a-z]+/_stcore/(?:health|host-config)$")
HOSTILE = ("UBND huyện Hớn Quản báo cáo như sau:\n"
           "- <script>window.pwned = 1</script><img src=x onerror=\"window.pwned = 2\"> Tiếp tục thực hiện "
           "Kế hoạch số 5/KH-UBND ngày 1/2/2023 của UBND huyện về <b onmouseover=\"window.pwned = 3\">chuyển đổi số</b>.\n"
           "- <a href=\"javascript:window.pwned=4\">liên kết</a> 100% hồ sơ được số hóa.\n"
           "- ![x](http://example.com/p.png) *Đã* triển khai thực hiện Nghị định số 42/2022/NĐ-CP ngày 24/6/2022 "
           "của Chính phủ, đạt $100$ :red[hồ sơ] __số hóa__.\n")
MARKDOWN_QUOTE = "![x](http://example.com/p.png) *Đã* triển khai"


@pytest.fixture(scope="module")
def app_url(tmp_path_factory):
    _need_chromium()
    folder = tmp_path_factory.mktemp("reports")
    for p in REPORTS.glob("*.txt"):
        shutil.copy(p, folder / p.name)
    (folder / "hostile.txt").write_text(HOSTILE, encoding="utf-8")
    location = tmp_path_factory.mktemp("app") / "store"
    summary = build([folder], GraphStore(location), progress=False)
    assert not summary.failed
    process, url = start_app(location)
    try:
        yield url
    finally:
        process.terminate()
        process.wait(10)


def start_app(location, env=None) -> tuple[subprocess.Popen, str]:
    """`policykg app` on the store at `location`, once it answers: the process and its address."""
    port = free_port()
    process = subprocess.Popen([sys.executable, "-m", "policykg.cli", "app", "--store", str(location), "--port",
                                str(port)], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env)
    url = f"http://127.0.0.1:{port}"
    for _ in range(300):
        try:
            urllib.request.urlopen(url + "/_stcore/health", timeout=1).read()
            return process, url
        except OSError:
            if process.poll() is not None:
                raise RuntimeError(process.stderr.read().decode())
            time.sleep(0.1)
    process.kill()
    raise RuntimeError("the explorer did not answer within 30 s")


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        instance = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield instance
        instance.close()


@pytest.fixture
def page(browser, app_url):
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    tab = context.new_page()
    tab.outside, tab.errors = [], []

    def guard(route):
        url = route.request.url
        if url.startswith(("http://127.0.0.1", "ws://127.0.0.1", "data:", "blob:", "about:")):
            route.continue_()
        else:
            tab.outside.append(url)
            route.abort()
    context.route("**/*", guard)
    def console(message):
        # Opened by deep link (/mandate), Streamlit's frontend first probes /mandate/_stcore/health and
        # /mandate/_stcore/host-config to find its base path; those two 404s are its own, expected ones.
        if message.type == "error" and not STREAMLIT_PROBE.search(message.location.get("url", "")):
            tab.errors.append(f"{message.text} ({message.location.get('url')})")
    tab.on("console", console)
    tab.on("pageerror", lambda e: tab.errors.append(str(e)))
    yield tab
    context.close()


def settle(tab, text: str) -> None:
    tab.wait_for_selector('[data-testid="stApp"]', timeout=60000)
    tab.get_by_text(text, exact=False).first.wait_for(timeout=60000)
    tab.wait_for_function("() => !document.querySelector('[data-testid=\"stStatusWidget\"]')", timeout=60000)


def no_script_ran(tab) -> None:
    assert tab.evaluate("window.pwned") is None
    for frame in tab.frames:
        assert frame.evaluate("window.pwned") is None


def test_click_from_district_to_mandate_to_report(page, app_url, tmp_path):
    page.goto(app_url + "/district?id=d694")
    settle(page, "Huyện Hớn Quản — Tỉnh Bình Phước")
    page.screenshot(path=str(tmp_path / "district.png"), full_page=True)
    # the strongest cell (04-NQ/TU, implemented) is open already: its proof first, its mandate one click away
    page.get_by_role("link", name="04-NQ/TU", exact=True).first.click()
    settle(page, "Lịch sử hiệu lực")
    assert page.locator("h1").first.inner_text().strip() == "04-NQ/TU"
    frame = page.frame_locator("iframe").first
    frame.locator("canvas").first.wait_for(timeout=60000)
    page.screenshot(path=str(tmp_path / "mandate.png"), full_page=True)
    # the district with the strongest evidence is selected: its proof is on the page, one click from the report
    assert page.get_by_text("Huyện Hớn Quản").count() >= 1
    page.get_by_role("link", name=re.compile(r"^↳ Báo cáo huyện Hớn Quản")).first.click()  # named by its report
    settle(page, "Văn bản có chú thích")
    page.locator("a.m.ref").first.wait_for(timeout=60000)
    assert page.locator("a.m.ref").count() >= 20
    page.screenshot(path=str(tmp_path / "report.png"), full_page=True)
    assert page.outside == [] and page.errors == []


@pytest.mark.parametrize("path, text", [
    ("/", "Tổng quan"), ("/district?id=694", "Huyện Hớn Quản — Tỉnh Bình Phước"), ("/report?id=hostile", "Văn bản có chú thích"),
    ("/mandate", "Lịch sử hiệu lực"), ("/graph?node=https://w3id.org/policykg/id/doc/d694-ubnd/2023/5-kh-ubnd", "Độ sâu"),
    ("/gaps", "Khoảng trống"), ("/sparql", "SPARQL tự do"), ("/add", "Thêm báo cáo"),
])
def test_every_page_renders_offline_and_hostile_text_stays_inert(page, app_url, path, text):
    page.goto(app_url + path)
    settle(page, text)
    if path.startswith("/graph"):
        page.frame_locator("iframe").first.locator("canvas").first.wait_for(timeout=60000)
    for element in page.locator("img[src='x']").all():
        assert False, f"a report's <img> became markup: {element}"
    no_script_ran(page)
    if path.startswith("/report"):
        assert "<script>window.pwned = 1</script>" in page.locator("pre.report").inner_text()
    assert page.outside == [] and page.errors == []


def test_report_text_is_shown_verbatim_never_as_markdown(page, app_url):
    """A quote holding a Markdown image, emphasis, LaTeX and a colour directive: shown as the characters it is,
    and the image is never fetched (the route guard fails the test on any request off 127.0.0.1)."""
    page.goto(app_url + "/gaps?district=d694&mandate=42/2022/N%C4%90-CP")
    settle(page, MARKDOWN_QUOTE)
    shown = page.get_by_text(MARKDOWN_QUOTE, exact=False).first.inner_text()
    assert "$100$ :red[hồ sơ] __số hóa__" in shown
    assert page.locator("img[src*='example.com']").count() == 0
    assert page.outside == [] and page.errors == []


@pytest.mark.parametrize("path, shown", [
    ("/district?id=d694", "Huyện Hớn Quản — Tỉnh Bình Phước"),
    ("/mandate", "04-NQ/TU"),  # the mandate page opens on 04-NQ/TU, implemented in Hớn Quản through 30-KH/HU
    ("/gaps?district=d694&mandate=04-NQ/TU", "Huyện Hớn Quản — 04-NQ/TU"),
])
def test_the_proof_of_an_implemented_cell_is_on_the_first_screen(page, app_url, path, shown):
    page.goto(app_url + path)
    settle(page, shown)
    proof = page.get_by_text("Đã ban hành văn bản thực hiện · 30-KH/HU", exact=False).first
    proof.wait_for(timeout=60000)
    box = proof.bounding_box()
    assert box and box["y"] + box["height"] <= 1000, f"{path}: the proof starts {box and box['y']:.0f} px down"
    assert page.outside == [] and page.errors == []


def test_an_upload_replaces_a_stored_report_only_when_the_reader_confirms_it(browser, tmp_path):
    """A corrected version of a stored report (same unit, number and day, other text) is offered as its
    replacement, naming what it replaces; replacing is a click on that name; a same-named file of another
    district is a report of its own."""
    import os

    location = tmp_path / "store"
    assert not build([REPORTS], GraphStore(location), progress=False).failed
    process, url = start_app(location, {**os.environ, "POLICYKG_DATA": str(tmp_path / "data")})
    original = next(REPORTS.glob("003_*.txt")).read_text(encoding="utf-8")  # Đức Phổ, 2022
    corrected = tmp_path / "bao_cao.txt"
    corrected.write_text(original.replace("chuyển đổi số", "chuyển đổi số (đã sửa)", 1), encoding="utf-8")
    other = tmp_path / "other" / "bao_cao.txt"
    other.parent.mkdir()
    other.write_text(next(REPORTS.glob("004_*.txt")).read_text(encoding="utf-8") + "\nBổ sung.\n", encoding="utf-8")
    fresh = tmp_path / "third" / "bao_cao.txt"
    fresh.parent.mkdir()
    fresh.write_text("UBND HUYỆN BÙ ĐỐP\nBÁO CÁO\nKết quả chuyển đổi số tháng 6 năm 2024\n\nUBND huyện Bù Đốp báo "
                     "cáo kết quả thực hiện Nghị quyết số 04-NQ/TU ngày 18/5/2021 của Tỉnh ủy Bình Phước.\n",
                     encoding="utf-8")
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    tab = context.new_page()
    try:
        tab.goto(url + "/add")
        settle(tab, "Thêm báo cáo")
        tab.locator('input[type="file"]').set_input_files(str(corrected))
        settle(tab, "có vẻ là bản mới của một báo cáo đã có")
        replace = tab.get_by_role("button", name=re.compile(r"^Thay thế: .*Đức Phổ"))
        assert replace.count() == 1  # names the report it would replace
        replace.click()
        settle(tab, "đã thêm")
        settle(tab, "thay cho bản trước của báo cáo này")
        count = "SELECT (COUNT(*) AS ?n) WHERE { ?r a <https://w3id.org/policykg/ontology#Report> }"
        store = GraphStore(location, read_only=True)
        assert int(list(store.query(count))[0]["n"].value) == 5  # replaced, not added
        assert any("(đã sửa)" in row["t"].value for row in store.query(
            "SELECT ?t WHERE { ?r <https://w3id.org/policykg/ontology#text> ?t }"))
        del store
        # a version the reader keeps beside the stored one
        tab.goto(url + "/add")
        settle(tab, "Thêm báo cáo")
        tab.locator('input[type="file"]').set_input_files(str(other))
        settle(tab, "có vẻ là bản mới của một báo cáo đã có")
        tab.get_by_role("button", name="Thêm thành báo cáo riêng").click()
        settle(tab, "đã thêm")
        # another district's bao_cao.txt, no stored report like it: added, nothing offered for replacement
        tab.goto(url + "/add")
        settle(tab, "Thêm báo cáo")
        tab.locator('input[type="file"]').set_input_files(str(fresh))
        settle(tab, "Xem trước")
        assert tab.get_by_text("có vẻ là bản mới").count() == 0
        tab.get_by_role("button", name="Thêm vào đồ thị").click()
        settle(tab, "đã thêm")
        store = GraphStore(location, read_only=True)
        assert int(list(store.query(count))[0]["n"].value) == 7
    finally:
        context.close()
        process.terminate()
        process.wait(10)


PAGES = ("/", "/district?id=d694", "/district?id=d531", "/mandate", "/report?id=000-465f813c91986d41", "/gaps",
         "/gaps?district=d531&mandate=61/2018/N%C4%90-CP", "/sparql", "/add", "/graph")
# Words the queries, the catalog and Streamlit's defaults say in English (finding 7 of #16)
ENGLISH = ("cited", "implemented", "Unverified", "not yet in force", "observed", "Every level", "Secondary source",
           "None", "deficitPercent", "provinceName", "districtName", "mandateNumber", "indicatorName", "State agencies",
           "work records", "online public services", "Overview", "Mandate", "Report", "Reload data")


def test_a_click_through_in_vietnamese_shows_no_english_and_a_reload_keeps_english(page, app_url):
    import re as regex

    for path in PAGES:
        page.goto(app_url + path)
        settle(page, "Tiếng Việt")
        page.wait_for_timeout(500)  # the page's tables and charts after its first paint
        text = page.locator('[data-testid="stApp"]').inner_text()
        said = [w for w in ENGLISH if regex.search(rf"(?<![\w/-]){regex.escape(w)}(?![\w/-])", text)]
        assert not said, f"{path}: English on a Vietnamese page: {said}"
    page.goto(app_url + "/district?id=d694&lang=en")
    settle(page, "Mandates and evidence")
    page.reload()
    settle(page, "Mandates and evidence")  # F5 keeps the language
    page.locator('a[href*="mandate"]', has_text="04-NQ/TU").first.click()
    settle(page, "Mandate")
    assert "lang=en" in page.url  # a link keeps it too
    assert page.outside == [] and page.errors == []

"""Identity by IRI: two reports from two different districts both named "Huyện Châu Thành" (Bến Tre 831,
Tiền Giang 821 — Vietnam has ten) share no fact in the gap report, its exports or the queries behind them."""

from __future__ import annotations

import csv
import io

import pytest

from policykg.domain.identity import report_iri, report_key
from policykg.pipeline import build
from policykg.reports.gaps import collect, render_csv, render_html
from policykg.store import GraphStore

BEN_TRE = """UBND TỈNH BẾN TRE
UBND HUYỆN CHÂU THÀNH

Số: 120/BC-UBND

Châu Thành, ngày 10 tháng 11 năm 2023

BÁO CÁO
Kết quả chuyển đổi số trên địa bàn huyện Châu Thành, tỉnh Bến Tre năm 2023

Thực hiện Quyết định số 749/QĐ-TTg ngày 03/6/2020 của Thủ tướng Chính phủ, UBND huyện Châu Thành báo cáo như sau:

I. Kết quả thực hiện
- Trang thông tin điện tử của huyện hoạt động theo quy định tại Nghị định số 42/2022/NĐ-CP ngày 24/6/2022 của Chính phủ.
"""
TIEN_GIANG = """UBND TỈNH TIỀN GIANG
UBND HUYỆN CHÂU THÀNH

Số: 85/BC-UBND

Châu Thành, ngày 20 tháng 10 năm 2023

BÁO CÁO
Kết quả ứng dụng công nghệ thông tin trên địa bàn huyện Châu Thành, tỉnh Tiền Giang năm 2023

UBND huyện Châu Thành báo cáo như sau:

I. Kết quả thực hiện
- Trang thông tin điện tử của huyện cung cấp thông tin theo quy định tại Nghị định số 43/2011/NĐ-CP ngày 13/6/2011 của Chính phủ.
"""
UNIT = "https://w3id.org/policykg/id/unit/district/"
REPORT_OF = {UNIT + "831": report_iri(report_key("ben_tre.txt")), UNIT + "821": report_iri(report_key("tien_giang.txt"))}


@pytest.fixture(scope="module")
def two_chau_thanh(tmp_path_factory):
    folder = tmp_path_factory.mktemp("chau-thanh")
    (folder / "ben_tre.txt").write_text(BEN_TRE, encoding="utf-8")
    (folder / "tien_giang.txt").write_text(TIEN_GIANG, encoding="utf-8")
    store = GraphStore(folder / "store")
    summary = build([folder], store, progress=False)
    assert not summary.failed
    return collect(store)


def test_two_districts_of_one_name_stay_two(two_chau_thanh):
    gaps = two_chau_thanh
    assert {d.district for d in gaps.deficit} == {UNIT + "831", UNIT + "821"}
    assert {d.districtName for d in gaps.deficit} == {"Huyện Châu Thành"}  # same label, two units


def test_no_fact_crosses_over(two_chau_thanh):
    gaps = two_chau_thanh
    # Tiền Giang cites 43/2011/NĐ-CP on 20/10/2023, after 42/2022/NĐ-CP entered into force: superseded, there only.
    assert [(s.district, s.citedNumber, s.status) for s in gaps.superseded] == \
        [(UNIT + "821", "43/2011/NĐ-CP", "superseded")]
    cited = {(c.district, c.mandateNumber) for c in gaps.cells if c.status == "cited"}
    assert (UNIT + "831", "42/2022/NĐ-CP") in cited and (UNIT + "821", "42/2022/NĐ-CP") not in cited
    for e in gaps.evidence:
        assert e.report in (None, REPORT_OF[e.district]), e


def test_exports_keep_them_apart(two_chau_thanh):
    gaps = two_chau_thanh
    html = render_html(gaps)
    # The district sections are anchored by IRI; Bến Tre's section (up to the next district) has no 43/2011 citation.
    sections = html.split("<h3 id=")
    ben_tre = next(s for s in sections if "831" in s.split(">", 1)[0])
    tien_giang = next(s for s in sections if "821" in s.split(">", 1)[0])
    assert "43/2011/NĐ-CP → 42/2022/NĐ-CP" in tien_giang and "43/2011/NĐ-CP" not in ben_tre
    rows = list(csv.DictReader(io.StringIO(render_csv(gaps))))
    assert {r["district"] for r in rows} == {UNIT + "831", UNIT + "821"}
    for r in rows:
        if r["strongestEvidenceReport"]:
            assert r["strongestEvidenceReport"] == REPORT_OF[r["district"]]


def test_iris_parse_back_to_what_minted_them():
    """Minting and parsing IRIs live in policykg.domain.identity; each IRI parses back to its parts."""
    from policykg.domain.identity import parse_unit_iri, report_iri, report_key, report_key_of, unit_code, unit_iri

    for level, code, era in (("district", "694", "pre-2025"), ("province", "70", "pre-2025"),
                             ("commune", "17971", "post-2025"), ("district", "831", "pre-2025")):
        iri = unit_iri(level, code, era)
        assert parse_unit_iri(iri) == (level, code, era) and unit_code(iri) == code
    for name in ("000_465f813c91986d41.txt", "Báo cáo 06 tháng.docx", "a/b/bao_cao.txt"):
        key = report_key(name)
        assert report_key_of(report_iri(key)) == key
        assert report_key_of(f"https://w3id.org/policykg/id/citation/{key}/10-20") == key
    assert parse_unit_iri("https://w3id.org/policykg/id/doc/vn/2022/42-nd-cp") is None
    assert report_key_of("https://w3id.org/policykg/id/doc/vn/2022/42-nd-cp") is None


# ---------------------------------------------------------------- two mandates of one number

# 04-NQ/TU is a local number: each province's Party committee numbers its own resolutions. The catalog has Bình
# Phước's (2021); this test adds a second of that number, of Quảng Ngãi's committee. It is a FIXTURE, not a real
# document's facts: its date and title are the test's own, and its source says so.
SECOND_04 = """

[sources.test-fixture]
title = "A test's fixture: not a real document (tests/test_identity_by_iri.py)"
level = "unverified"

[[document]]
number = "04-NQ/TU"
kind = "Nghị quyết"
issuer = { body = "tinh-uy", province = "Quảng Ngãi" }
title_en = "Fixture: a second resolution numbered 04-NQ/TU"
date_signed = "2022-03-10"
date_in_force = { rule = "from-signing" }
sources = ["test-fixture"]

  [[document.obligation]]
  id = "fixture-second-04"
  text_en = "Fixture: carry out digital transformation across the province"
  text_vi = "Fixture: thực hiện chuyển đổi số trên địa bàn tỉnh"
  borne_by = "every-level"
  action = "implement"
  unverified = true
  evidence_topics = ["chuyen-doi-so"]
"""
HON_QUAN = """UBND TỈNH BÌNH PHƯỚC
UBND HUYỆN HỚN QUẢN

Số: 40/BC-UBND

Hớn Quản, ngày 15 tháng 6 năm 2023

BÁO CÁO
Kết quả thực hiện chuyển đổi số 6 tháng đầu năm 2023

Thực hiện Nghị quyết số 04-NQ/TU ngày 18/5/2021 của Ban Chấp hành Đảng bộ tỉnh Bình Phước về chuyển đổi số đến năm 2025, UBND huyện Hớn Quản báo cáo như sau:

I. Kết quả thực hiện
- Trang thông tin điện tử của huyện được nâng cấp.
"""
MINH_LONG = """UBND TỈNH QUẢNG NGÃI
UBND HUYỆN MINH LONG

Số: 75/BC-UBND

Minh Long, ngày 20 tháng 6 năm 2023

BÁO CÁO
Kết quả thực hiện chuyển đổi số 6 tháng đầu năm 2023

Thực hiện Nghị quyết số 04-NQ/TU ngày 10/3/2022 của Tỉnh ủy Quảng Ngãi, UBND huyện Minh Long báo cáo như sau:

I. Kết quả thực hiện
- Hệ thống quản lý văn bản được sử dụng ở 100% cơ quan của huyện.
"""
BINH_PHUOC_04 = "https://w3id.org/policykg/id/doc/p70-tu/2021/4-nq-tu"
QUANG_NGAI_04 = "https://w3id.org/policykg/id/doc/p51-tu/2022/4-nq-tu"


@pytest.fixture(scope="module")
def two_04(tmp_path_factory):
    from policykg import pipeline
    from policykg.catalog import load_catalog_file
    from policykg.paths import reference_dir

    folder = tmp_path_factory.mktemp("two-04")
    catalog = folder / "mandates.toml"
    catalog.write_text((reference_dir() / "catalog" / "mandates.toml").read_text(encoding="utf-8") + SECOND_04,
                       encoding="utf-8")
    (folder / "reports").mkdir()
    (folder / "reports" / "hon_quan.txt").write_text(HON_QUAN, encoding="utf-8")
    (folder / "reports" / "minh_long.txt").write_text(MINH_LONG, encoding="utf-8")
    store = GraphStore(folder / "store")
    with pytest.MonkeyPatch.context() as patch:  # the build's catalog, in this process and its forked workers
        patch.setattr(pipeline, "load_catalog", lambda: load_catalog_file(catalog))
        summary = build([folder / "reports"], store, progress=False)
    assert not summary.failed
    two_04_store.append(store.path)
    return collect(store)


two_04_store: list = []  # the fixture's store, for the explorer test


def test_two_mandates_of_one_number_stay_two(two_04):
    gaps = two_04
    cells = {(c.district, c.mandate) for c in gaps.cells if c.mandateNumber == "04-NQ/TU"}
    # each province's resolution binds its own province's district alone
    assert cells == {(UNIT + "694", BINH_PHUOC_04), (UNIT + "531", QUANG_NGAI_04)}
    assert {BINH_PHUOC_04, QUANG_NGAI_04} <= set(gaps.mandates)
    # two columns, told apart by issuer and year; any other mandate keeps its bare number
    assert gaps.mandate_label(BINH_PHUOC_04) == "04-NQ/TU (Tỉnh ủy Bình Phước, 2021)"
    assert gaps.mandate_label(QUANG_NGAI_04) == "04-NQ/TU (Tỉnh ủy Quảng Ngãi, 2022)"
    assert all(gaps.mandate_label(c.mandate) == c.mandateNumber for c in gaps.cells if c.mandateNumber != "04-NQ/TU")


def test_each_mandate_section_names_its_own_units(two_04):
    html = render_html(two_04)
    per_mandate = html.split('<h2>Theo văn bản chỉ đạo</h2>', 1)[1].split("</details>", 1)[0]
    sections = {s.split("</h3>", 1)[0].split(">", 1)[1]: s for s in per_mandate.split("<h3 id=")[1:]}
    assert "Huyện Hớn Quản" in sections["04-NQ/TU (Tỉnh ủy Bình Phước, 2021)"]
    assert "Huyện Minh Long" not in sections["04-NQ/TU (Tỉnh ủy Bình Phước, 2021)"]
    assert "Huyện Minh Long" in sections["04-NQ/TU (Tỉnh ủy Quảng Ngãi, 2022)"]
    assert "Huyện Hớn Quản" not in sections["04-NQ/TU (Tỉnh ủy Quảng Ngãi, 2022)"]
    rows = list(csv.DictReader(io.StringIO(render_csv(two_04))))
    assert {(r["district"], r["mandate"]) for r in rows if r["mandateNumber"] == "04-NQ/TU"} == \
        {(UNIT + "694", BINH_PHUOC_04), (UNIT + "531", QUANG_NGAI_04)}


def test_the_explorers_matrix_keeps_them_apart(two_04, monkeypatch):
    """The explorer's gap matrix: one column each, headed by number, issuer and year; a link naming one by its
    IRI opens that cell's evidence; the bare number, which names two, opens none."""
    from streamlit import cache_data, cache_resource
    from streamlit.testing.v1 import AppTest

    from conftest import APP

    monkeypatch.setenv("POLICYKG_STORE", str(two_04_store[0]))
    monkeypatch.delenv("POLICYKG_ENDPOINT", raising=False)

    def gaps_page(**params) -> AppTest:
        cache_data.clear()
        cache_resource.clear()
        at = AppTest.from_file(APP, default_timeout=120)
        for key, value in params.items():
            at.query_params[key] = value
        at.run()
        at.switch_page("views/gaps.py")
        at.run()
        assert not at.exception, [e.value for e in at.exception]
        return at

    at = gaps_page(district="d531", mandate=QUANG_NGAI_04)
    matrix = at.dataframe[0].value
    assert {"04-NQ/TU (Tỉnh ủy Bình Phước, 2021)", "04-NQ/TU (Tỉnh ủy Quảng Ngãi, 2022)"} <= set(matrix.columns)
    assert "04-NQ/TU" not in matrix.columns
    # the columns in the gap report's order: national mandates first, then by number
    assert list(matrix.columns) == [two_04.mandate_label(m) for m in two_04.mandates]
    assert "/TW" in matrix.columns[0] or "-CP" in matrix.columns[0] or "TTg" in matrix.columns[0], list(matrix.columns)
    opened = [h.value.replace("\\", "") for h in at.subheader]  # the Markdown escapes of pages.plain
    assert "Chứng cứ: Huyện Minh Long — 04-NQ/TU (Tỉnh ủy Quảng Ngãi, 2022)" in opened, opened
    at = gaps_page(district="d531", mandate="04-NQ/TU")  # two mandates have this number: no cell is opened
    assert not [h.value for h in at.subheader if "04" in h.value]

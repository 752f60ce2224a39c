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

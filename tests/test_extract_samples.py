"""Every numbered reference of each sample report, hand-checked against the text (tests/expectations/)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from policykg.extract import extract_text
from policykg.read import read_report

ROOT = Path(__file__).resolve().parents[1]
EXPECTATIONS = sorted((ROOT / "tests" / "expectations").glob("*.json"))


def _extract(expected):
    report = read_report(ROOT / expected["report"])
    return report, extract_text(report.text, expected["report"]).to_json()


@pytest.mark.parametrize("path", EXPECTATIONS, ids=lambda p: p.stem)
def test_references_match_expectations(path):
    expected = json.loads(path.read_text(encoding="utf-8"))
    _, got = _extract(expected)
    keys = ("kind", "number", "date", "relation", "by_name", "start", "text")
    assert [{k: r[k] for k in keys} for r in got["references"]] == expected["references"]


@pytest.mark.parametrize("path", EXPECTATIONS, ids=lambda p: p.stem)
def test_district_matches_expectation(path):
    expected = json.loads(path.read_text(encoding="utf-8"))
    _, got = _extract(expected)
    assert {k: got["district"][k] for k in ("name", "kind", "province", "code")} == expected["district"]


@pytest.mark.parametrize("path", EXPECTATIONS, ids=lambda p: p.stem)
def test_relations_match_expectations(path):
    expected = json.loads(path.read_text(encoding="utf-8"))
    _, got = _extract(expected)
    assert [[r["subject"], r["predicate"], r["object"]] for r in got["relations"]] == expected["relations"]


@pytest.mark.parametrize("path", EXPECTATIONS, ids=lambda p: p.stem)
def test_spans_point_into_the_text(path):
    expected = json.loads(path.read_text(encoding="utf-8"))
    report, got = _extract(expected)
    for ref in got["references"]:
        assert report.text[ref["start"]:ref["end"]] == ref["text"]
    d = got["district"]
    assert report.text[d["start"]:d["end"]] == d["text"]


def test_hon_quan_acts_on_04_through_the_huyen_uy_plan():
    got = extract_text(read_report(ROOT / "data/reports/000_465f813c91986d41.txt").text, "000")
    assert ["30-KH/HU", "implements", "04-NQ/TU"] in [[r["subject"], r["predicate"], r["object"]]
                                                     for r in got.to_json()["relations"]]


def test_report_dates_are_bounded_when_the_header_leaves_them_blank():
    got = extract_text(read_report(ROOT / "data/reports/003_c4ca38d9cb09e442.txt").text, "003").metadata
    assert got.date_text == "ngày tháng năm 2022" and got.date_precision == "year"
    assert got.date_earliest == "2022-06-25"  # its figures run "đến ngày 25/6/2022", after the request of 17/6/2022
    assert got.date_latest == "2022-12-31"
    assert got.number == "/BC-UBND"


@pytest.mark.parametrize("path", EXPECTATIONS, ids=lambda p: p.stem)
def test_period_matches_expectation(path):
    expected = json.loads(path.read_text(encoding="utf-8"))
    _, got = _extract(expected)
    period = got["metadata"]["period"]
    assert {k: period[k] for k in ("start", "end", "kind")} == expected["period"]


@pytest.mark.parametrize("path", EXPECTATIONS, ids=lambda p: p.stem)
def test_every_expected_indicator_is_found_with_its_value_and_concept(path):
    expected = json.loads(path.read_text(encoding="utf-8"))
    report, got = _extract(expected)
    found = {(i["start"], i["text"]): i for i in got["indicators"]}
    for item in expected["indicators"]:
        hit = found[(item["start"], item["text"])]
        assert (hit["value"], hit["unit"], hit["concept"], hit["level"]) == \
            (item["value"], item["unit"], item["concept"], item["level"]), item
        assert report.text[hit["start"]:hit["end"]] == hit["text"]


def test_references_by_name_resolve_to_the_catalog_number():
    got = extract_text(read_report(ROOT / "data/reports/003_c4ca38d9cb09e442.txt").text, "003").to_json()
    by_name = {(r["text"], r["number"]) for r in got["references"] if r["by_name"]}
    assert by_name == {("Chương trình Chuyển đổi số quốc gia", "749/QĐ-TTg"),
                       ("Đề án phát triển ứng dụng dữ liệu dân cư, định danh và xác thực điện tử", "06/QĐ-TTg")}
    relations = {(r["subject"], r["object"]) for r in got["relations"]}
    assert {("3916/KH-UBND", "749/QĐ-TTg"), ("1224/KH-UBND", "06/QĐ-TTg")} <= relations


def test_a_name_that_titles_a_numbered_reference_is_not_another_mention():
    got = extract_text(read_report(ROOT / "data/reports/003_c4ca38d9cb09e442.txt").text, "003").to_json()
    assert not any(r["by_name"] and r["number"] == "274/QĐ-TTg" for r in got["references"])


def test_metadata_of_the_sample_reports():
    got = extract_text(read_report(ROOT / "data/reports/004_25ea28f13367f962.txt").text, "004").metadata
    assert got.signer == "Nguyễn Văn Bảy" and got.signing_title == "KT. CHỦ TỊCH PHÓ CHỦ TỊCH"
    assert got.request == "847/STTTT-BCVT&CNTT"
    assert got.distribution[0] == "Sở Thông tin và Truyền thông tỉnh" and got.distribution[-1] == "Lưu: VT"
    assert got.title.startswith("Thực hiện công tác chuyển đổi số 06 tháng đầu năm")


def test_sections_statements_and_projects():
    got = extract_text(read_report(ROOT / "data/reports/004_25ea28f13367f962.txt").text, "004")
    sections = {s.section for s in got.statements}
    assert {"results", "next_tasks", "difficulties", "recommendations"} <= sections
    recs = [s for s in got.statements if s.section == "recommendations"]
    assert [s.addressee for s in recs] == ["UBND tỉnh", "Sở Thông tin và Truyền thông"]
    assert "kinh-phi" in recs[0].topics and "nhan-luc" in recs[1].topics
    assert [(p.name, p.status) for p in got.projects] == [
        ("Triển khai phòng họp không giấy", "not started"),
        ("Triển khai phòng họp trực tiếp tại UBND huyện, UBND 5 xã", "not started")]
    for s in got.statements:
        assert got.text[s.start:s.end] == s.text

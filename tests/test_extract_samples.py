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
    keys = ("kind", "number", "date", "relation", "text")
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
    assert got["date_text"] == "ngày tháng năm 2022" and got["date_precision"] == "year"
    assert got["date_earliest"] == "2022-06-17"  # the request, Công văn 820/STTTT of 17/6/2022
    assert got["date_latest"] == "2022-12-31"
    assert got["number"] == "/BC-UBND"

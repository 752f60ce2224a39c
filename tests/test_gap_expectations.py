"""The gap report's verdicts on the five samples against tests/expectations/gaps.toml (hand-checked, each with the
sentence it rests on), like the extraction eval: every loss and every gain is listed, and either fails."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from policykg.reports.gaps import collect

EXPECTED = tomllib.loads((Path(__file__).parent / "expectations" / "gaps.toml").read_text(encoding="utf-8"))
OBLIGATION = "https://w3id.org/policykg/id/obligation/"


def _code(unit_iri: str) -> str:
    return unit_iri.rsplit("/", 1)[-1]


@pytest.fixture(scope="module")
def gaps(sample_store):
    return collect(sample_store)


def _compare(kind: str, expected: set, found: set) -> None:
    losses, gains = sorted(expected - found), sorted(found - expected)
    assert not losses and not gains, f"{kind}: lost {losses}; gained {gains}"


def test_every_cell_is_the_hand_checked_verdict(gaps):
    expected = {(c["district"], c["mandate"], c["status"]) for c in EXPECTED["cell"]}
    found = {(_code(c.district), c.mandateNumber, c.status) for c in gaps.cells}
    _compare("cells", expected, found)


def test_headline_counts(gaps):
    head = EXPECTED["headline"]
    assert gaps.superseded_finding_count == head["superseded"]
    assert sum(s.status == "uncertain" for s in gaps.superseded) == head["superseded_uncertain"]
    assert len(gaps.overdue) == head["overdue_rows"]
    assert len({o.obligation for o in gaps.overdue}) == head["overdue_obligations"]
    assert sum(int(d.overdue) for d in gaps.deficit) == head["overdue_rows"]  # the deficit table agrees


def test_overdue_obligations_are_named_with_their_reason(gaps):
    expected = {(o["district"], o["obligation"], o["reason"]) for o in EXPECTED["overdue"]}
    found = {(_code(o.district), o.obligation.removeprefix(OBLIGATION), o.reason) for o in gaps.overdue}
    _compare("overdue", expected, found)


def test_indicators_are_compared_only_with_comparable_targets(gaps):
    expected = {(t["district"], t["obligation"], round(float(t["value"]), 2), t["verdict"]) for t in EXPECTED["target"]}
    found = {(_code(t.district), t.obligation.removeprefix(OBLIGATION), round(float(t.value), 2), t.verdict)
             for t in gaps.targets if t.value}
    _compare("targets", expected, found)
    assert all(t.provinceAverage is None for t in gaps.targets if int(t.provinceN or 0) < 3)


def test_uncertain_cells_are_never_a_deficit(gaps):
    uncertain = {(_code(c.district), c.mandateNumber) for c in gaps.cells if c.status == "uncertain"}
    # 42/2022 entered into force inside the 2022 reports' writing intervals; 57-NQ/TW was signed inside Phụng
    # Hiệp's 2024 one
    assert uncertain == {("531", "42/2022/NĐ-CP"), ("534", "42/2022/NĐ-CP"), ("934", "57-NQ/TW")}
    for d in gaps.deficit:
        mine = [c for c in gaps.cells if c.district == d.district]
        assert int(d.inScope) == sum(c.status != "uncertain" for c in mine)
        gaps_here = sum(c.status in ("evidence", "mentioned", "none") for c in mine)
        assert float(d.deficitPercent) == pytest.approx(round(1000 * gaps_here / int(d.inScope)) / 10)


def test_each_cell_lists_its_strongest_proof_first(gaps):
    for c in gaps.cells:
        items = gaps.evidence_for(c.district, c.mandate)
        ranks = [int(e.rank) for e in items]
        assert ranks == sorted(ranks)
        if c.status in ("implemented", "cited", "evidence", "mentioned"):
            assert items and items[0].kind == c.status, c
        quotes = [(e.rank, e.via, " ".join((e.quote or "").split())) for e in items]
        assert len(quotes) == len(set(quotes))


def test_report_writing_interval_rests_on_quoted_words(gaps):
    bounds = {(_code(t.district), t.bound, t.rule, t.quote) for t in gaps.latest_reference_times}
    assert ("534", "earliest", "cut-off", "đến ngày 25/6/2022") in bounds
    assert ("934", "earliest", "cut-off", "Đến 18/5/2024") in bounds

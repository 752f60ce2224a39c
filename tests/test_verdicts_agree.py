"""Every face of the gap report says the same verdict for every cell: the HTML report, Markdown, CSV, XLSX and the
explorer (its gap matrix and each district page) are read back as a user sees them, each verdict decoded from its
words, and compared with the hand-checked verdicts of tests/expectations/gaps.toml."""

from __future__ import annotations

import csv
import html
import io
import re
import tomllib
from pathlib import Path

import pytest
from openpyxl import load_workbook

from policykg.domain.identity import parse_unit_key
from policykg.reports.words import EVIDENCE_STATUS
from policykg.reports.gaps import _anchor, collect, render_csv, render_html, render_md, write_xlsx

EXPECTED = tomllib.loads((Path(__file__).parent / "expectations" / "gaps.toml").read_text(encoding="utf-8"))
EXPECTED_CELLS = {(c["district"], c["mandate"]): c["status"] for c in EXPECTED["cell"]}


def decode(words: str) -> str:
    """The status a shown label stands for ('uncertain — in force from …' included); fails on words it cannot read."""
    words = " ".join(html.unescape(words).split())
    for status, shown in EVIDENCE_STATUS.items():
        symbol = shown.symbol
        for label in (shown.vi, shown.en):
            if words == label or words.startswith(label + " — ") or words == f"{symbol} {label}" \
                    or words.startswith(f"{symbol} {label} — "):
                return status
    raise AssertionError(f"no verdict reads {words!r}")


@pytest.fixture(scope="module")
def gaps(sample_store):
    return collect(sample_store)


@pytest.fixture(scope="module")
def code_of(gaps):
    """District code by (name, province), as the tables show them; a clash would make a table ambiguous."""
    keyed = {(d.districtName, d.provinceName): d.district.rsplit("/", 1)[-1] for d in gaps.deficit}
    assert len(keyed) == len(gaps.deficit)
    return keyed


def _compare(face: str, found: dict) -> None:
    lost = {k: v for k, v in EXPECTED_CELLS.items() if found.get(k) != v}
    gained = {k: v for k, v in found.items() if k not in EXPECTED_CELLS}
    assert not lost and not gained, f"{face}: differs at {lost} (shows {[found.get(k) for k in lost]}); extra {gained}"


def _matrix(rows: list[list], code_of: dict) -> dict:
    """(code, mandate) → status from a table whose header is Huyện, Tỉnh, …, mandates after column 4."""
    header, found = rows[0], {}
    for row in rows[1:]:
        code = code_of[(row[0], row[1])]
        for mandate, shown in zip(header[4:], row[4:]):
            if shown and not str(shown).startswith("– "):
                found[(code, mandate)] = decode(str(shown))
    return found


def test_csv(gaps):
    rows = csv.DictReader(io.StringIO(render_csv(gaps)))
    _compare("csv", {(r["district"].rsplit("/", 1)[-1], r["mandateNumber"]): r["status"] for r in rows})


def test_markdown(gaps, code_of):
    lines = [l for l in render_md(gaps).splitlines() if l.startswith("| ") and not l.startswith("|---")]
    rows = [[c.strip() for c in l.strip("|").split("|")] for l in lines]
    _compare("markdown", _matrix(rows, code_of))


def test_xlsx(gaps, code_of, tmp_path):
    write_xlsx(gaps, tmp_path / "gaps.xlsx")
    sheet = load_workbook(tmp_path / "gaps.xlsx")["Ma trận"]
    _compare("xlsx", _matrix([list(r) for r in sheet.iter_rows(values_only=True)], code_of))


def test_html_district_pages(gaps):
    page, found = render_html(gaps), {}
    for d in gaps.deficit:
        code = d.district.rsplit("/", 1)[-1]
        section = page.split(f'<h3 id="{_anchor("d", d.district)}">', 1)[1].split("<h3", 1)[0]
        for mandate, words in re.findall(r'<li>\S+ <a href="#x-e-[^"]+">([^<]+)</a>: ([^<]+)</li>', section):
            found[(code, html.unescape(mandate))] = decode(words)
    _compare("html", found)


@pytest.fixture
def explorer(explorer_on_samples):
    return explorer_on_samples


def test_explorer_gap_matrix(explorer, gaps):
    matrix = explorer("gaps").dataframe[0].value  # rows: units by name; columns: mandates; cells: symbol and words
    assert len(matrix), "the explorer's gap matrix shows no cells"
    code_by_name = {d.districtName: d.district.rsplit("/", 1)[-1] for d in gaps.deficit}
    found = {(code_by_name[unit], mandate): decode(words) for unit, row in matrix.iterrows()
             for mandate, words in row.items() if words != "–"}
    _compare("explorer matrix", found)


def test_explorer_district_pages(explorer, gaps):
    found = {}
    for d in gaps.deficit:
        code = d.district.rsplit("/", 1)[-1]
        for e in explorer("district", id=code).expander:
            symbol_and_number, _, words = e.label.partition(" — ")
            if symbol_and_number[:1] in {v.symbol for v in EVIDENCE_STATUS.values()}:
                found[(code, symbol_and_number[2:])] = decode(words)
    _compare("explorer district pages", found)

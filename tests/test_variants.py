"""Synthetic variants of the sample reports — NFD, Windows-1258, .docx, PDF, docx artefacts — each giving the
same extraction as the original (same references with dates and roles, district, indicators)."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest

from policykg.extract import extract_text
from policykg.read import read_report

from conftest import SAMPLES
from test_read import to_cp1258

FONT = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")  # Debian fonts-dejavu-core, in the base image


def signature(text: str):
    e = extract_text(text, "x")
    return (e.unit.code if e.unit else None,
            [(r.number, r.date.iso if r.date else None, r.relation.value) for r in e.references],
            [(i.value, i.unit, i.concept) for i in e.indicators])


def write_docx(text: str, path: Path) -> None:
    import docx

    document = docx.Document()
    rows: list[list[str]] = []

    def flush():
        if rows:
            width = max(len(r) for r in rows)
            table = document.add_table(rows=len(rows), cols=width)
            for i, row in enumerate(rows):
                for j, cell in enumerate(row):
                    table.rows[i].cells[j].text = cell
            rows.clear()

    for line in text.split("\n"):
        if "\t" in line:
            rows.append(line.split("\t"))
            continue
        flush()
        document.add_paragraph(line)
    flush()
    document.save(path)


def write_pdf(text: str, path: Path) -> None:
    from fpdf import FPDF

    pdf = FPDF(format="A3")
    pdf.add_page()
    pdf.add_font("DejaVu", fname=str(FONT))
    pdf.set_font("DejaVu", size=7)
    for line in text.split("\n"):
        pdf.multi_cell(0, 4, line.replace("\t", "    ") or " ", new_x="LMARGIN", new_y="NEXT")
    pdf.output(str(path))


@pytest.mark.parametrize("sample", SAMPLES, ids=lambda p: p.stem)
def test_nfd_variant(sample):
    text = sample.read_text(encoding="utf-8")
    assert signature(unicodedata.normalize("NFD", text)) == signature(text)


@pytest.mark.parametrize("sample", SAMPLES, ids=lambda p: p.stem)
def test_windows_1258_variant(sample, tmp_path):
    text = sample.read_text(encoding="utf-8")
    path = tmp_path / sample.name
    path.write_bytes(to_cp1258(text))
    report = read_report(path)
    assert report.encoding == "cp1258" and signature(report.text) == signature(text)


@pytest.mark.parametrize("sample", SAMPLES, ids=lambda p: p.stem)
def test_docx_variant(sample, tmp_path):
    text = sample.read_text(encoding="utf-8")
    path = tmp_path / (sample.stem + ".docx")
    write_docx(text, path)
    assert signature(read_report(path).text) == signature(text)


@pytest.mark.skipif(not FONT.exists(), reason="needs Debian fonts-dejavu-core for a Unicode PDF font")
@pytest.mark.parametrize("sample", SAMPLES, ids=lambda p: p.stem)
def test_pdf_variant(sample, tmp_path):
    text = sample.read_text(encoding="utf-8")
    path = tmp_path / (sample.stem + ".pdf")
    write_pdf(text, path)
    report = read_report(path)
    assert report.encoding == "pdf" and signature(report.text) == signature(text)


def test_docx_artefacts_do_not_change_the_extraction():
    clean = ("UBND huyện Hớn Quản báo cáo như sau:\n- Tiếp tục thực hiện Kế hoạch số 30-KH/HU ngày 30/7/2021 "
             "của Huyện ủy về việc triển khai thực hiện Nghị quyết 04-NQ/TU; cổng https://honquan.binhphuoc.gov.vn "
             "tuyên truyền đường lối chính sách của Đảng.\n")
    messy = ("UBND huyện Hớn Quản báo cáo như sau:\n- [bookmark: _GoBack]Tiếp tục thực hiện **Kế hoạch số 30-KH/HU** "
             "ngày 30/7/2021 của Huyện ủy về việc triển khai thực hiện Nghị quyết 04-NQ/TU; cổng "
             "<https://honquan.binhphuoc.gov.vn/van-ban/12/KH-UBND> tuyên truyền đường lối chính\n\nsách của Đảng.\n")
    a, b = extract_text(clean, "a"), extract_text(messy, "b")
    assert [(r.number, r.date and r.date.iso, r.relation) for r in b.references] == \
        [(r.number, r.date and r.date.iso, r.relation) for r in a.references]
    assert [(x.subject, x.object) for x in b.relations] == [(0, 1)]
    # the page break did not split the sentence into two statements
    assert any("chính\n\nsách của Đảng" in s.text for s in b.statements)

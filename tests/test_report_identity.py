"""A report is what it says it is, not its file name: provinces collect BaoCao.docx from every district. Two
files of one name are one report only when they are the same report (its unit, number and day); a changed file
replaces its own earlier version, told; `remove` refuses a name that several stored reports share."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from policykg.cli import main
from policykg.knowledge_graph import KnowledgeGraph
from policykg.store import GraphStore

REPORTS = Path(__file__).resolve().parents[1] / "data" / "reports"
HON_QUAN, MINH_LONG = REPORTS / "000_465f813c91986d41.txt", REPORTS / "004_25ea28f13367f962.txt"


def reports(kg: KnowledgeGraph) -> dict[str, str]:
    """The file each stored report was read from, by its IRI."""
    return {row.report: row.file for row in kg.rows("report-list")}


@pytest.fixture
def two_folders(tmp_path) -> Path:
    """Two districts that both sent bao_cao.txt."""
    for folder, source in (("hon-quan", HON_QUAN), ("minh-long", MINH_LONG)):
        (tmp_path / folder).mkdir()
        shutil.copy(source, tmp_path / folder / "bao_cao.txt")
    return tmp_path


def test_same_named_files_of_two_districts_are_two_reports(two_folders, tmp_path):
    kg = KnowledgeGraph(GraphStore(tmp_path / "store"))
    summary = kg.add([two_folders / "hon-quan", two_folders / "minh-long"])
    assert summary.reports == 2 and not summary.failed
    assert sorted(reports(kg).values()) == sorted(str(p) for p in two_folders.glob("*/bao_cao.txt"))
    assert {u.name for u in kg.rows("reporting-units")} == {"Huyện Hớn Quản", "Huyện Minh Long"}
    second = next(r for r in summary.results if "minh-long" in r.path)
    assert "another report has the key of this file name" in second.message and second.key == "bao-cao-d531-2022"


def test_a_changed_file_replaces_its_own_earlier_version_and_no_other(two_folders, tmp_path):
    kg = KnowledgeGraph(GraphStore(tmp_path / "store"))
    kg.add([two_folders / "hon-quan", two_folders / "minh-long"])
    edited = two_folders / "minh-long" / "bao_cao.txt"
    edited.write_text(edited.read_text(encoding="utf-8") + "\nBổ sung: đã cấp 20 chữ ký số.\n", encoding="utf-8")
    [result] = kg.add([edited]).results
    assert result.status == "ok" and result.message == "the file changed: replaces its earlier version"
    assert sorted(reports(kg).values()) == sorted(str(p) for p in two_folders.glob("*/bao_cao.txt"))
    [again] = kg.add([two_folders / "hon-quan" / "bao_cao.txt"]).results  # unchanged: nothing written
    assert again.status == "ok" and again.message == "unchanged: the graph holds it already"
    assert again.key == "bao-cao" and again.triples == 0
    assert len(reports(kg)) == 2


def test_identical_text_under_two_names_is_one_report(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(HON_QUAN, folder / "BaoCao.txt")
    shutil.copy(HON_QUAN, folder / "bao-cao-hon-quan.txt")
    kg = KnowledgeGraph(GraphStore(tmp_path / "store"))
    summary = kg.add([folder])
    assert summary.reports == 1
    assert [r.status for r in summary.results].count("skipped") == 1
    assert any("same content as" in r.message for r in summary.results)


def test_names_that_slug_alike_stay_apart(tmp_path):
    """Every non-Latin name slugs to 'x'; names differing in case or punctuation slug alike too."""
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(HON_QUAN, folder / "报告.txt")
    shutil.copy(MINH_LONG, folder / "доклад.txt")
    unknown = "BÁO CÁO\nKết quả chuyển đổi số năm 2023\n\nĐã triển khai phần mềm quản lý văn bản.\n"
    (folder / "Report 7.txt").write_text(unknown, encoding="utf-8")
    (folder / "report_7.txt").write_text(unknown.replace("2023", "2024"), encoding="utf-8")
    kg = KnowledgeGraph(GraphStore(tmp_path / "store"))
    summary = kg.add([folder])
    assert summary.reports == 4, [(r.path, r.key, r.message) for r in summary.results]
    assert len({r.key for r in summary.results}) == 4


def test_remove_refuses_a_name_two_stored_reports_share(two_folders, tmp_path, capsys):
    store = tmp_path / "store"
    assert main(["build", "--quiet", "--store", str(store), str(two_folders / "hon-quan"),
                 str(two_folders / "minh-long")]) == 0
    assert main(["remove", "--store", str(store), "bao_cao.txt"]) == 1
    error = capsys.readouterr().err
    assert "2 stored reports were read from files named 'bao_cao.txt'" in error and "hon-quan/bao_cao.txt" in error
    assert main(["remove", "--store", str(store), str(two_folders / "minh-long" / "bao_cao.txt")]) == 0
    capsys.readouterr()
    assert main(["query", "report-list", "--store", str(store), "--format", "csv"]) == 0
    listed = capsys.readouterr().out
    assert "hon-quan/bao_cao.txt" in listed and "minh-long" not in listed
    assert main(["remove", "--store", str(store), "bao_cao.txt"]) == 0  # one report has the name now
    assert capsys.readouterr().out == "removed bao_cao.txt\n"
    assert main(["query", "report-list", "--store", str(store), "--format", "csv"]) == 0
    assert "bao_cao.txt" not in capsys.readouterr().out

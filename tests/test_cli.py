"""The command line: --help everywhere, the extract JSON contract, exit codes."""

from __future__ import annotations

import json
import subprocess
import sys
import unicodedata


from policykg.cli import main, make_parser

from conftest import REPORTS

COMMANDS = ["extract", "annotate", "build", "query", "validate", "export", "remove", "eval", "gaps", "serve", "analyze", "app", "backup", "restore"]


def run_cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "policykg.cli", *args], capture_output=True, text=True)


def test_every_command_has_help():
    assert run_cli("--help").returncode == 0
    subcommands = make_parser()._subparsers._group_actions[0].choices
    assert sorted(subcommands) == sorted(COMMANDS)
    for command in COMMANDS:
        result = run_cli(command, "--help")
        assert result.returncode == 0 and "usage: policykg " + command in result.stdout


def test_extract_json_contract():
    result = run_cli("extract", str(REPORTS / "000_465f813c91986d41.txt"), "--format", "json")
    assert result.returncode == 0
    payload = json.loads(result.stdout)
    assert set(payload) >= {"source", "district", "references", "relations", "indicators", "statements"}
    assert set(payload["district"]) >= {"name", "kind", "province", "code", "confidence"}
    assert payload["district"]["code"] == "694" and payload["district"]["name"] == "Hớn Quản"
    for ref in payload["references"]:
        assert set(ref) >= {"kind", "number", "date", "issuer", "relation", "start", "end", "text"}
        assert " " not in ref["number"]
        assert ref["date"] is None or len(ref["date"]) == 10
        for value in (ref["kind"], ref["number"], ref["text"], ref["issuer"] or ""):
            assert unicodedata.is_normalized("NFC", value)
    assert {"subject": "30-KH/HU", "predicate": "implements", "object": "04-NQ/TU"} in \
        [{k: r[k] for k in ("subject", "predicate", "object")} for r in payload["relations"]]


def test_extract_of_a_bad_file_names_it(tmp_path):
    bad = tmp_path / "scan.pdf"
    bad.write_bytes(b"%PDF-1.4\n%\xe2\xe3\n")
    result = run_cli("extract", str(bad))
    assert result.returncode == 2 and str(bad) in result.stderr


def test_build_query_validate_export_remove(tmp_path, capsys, monkeypatch):
    store = str(tmp_path / "s")
    assert main(["build", str(REPORTS), "--store", store, "--quiet"]) == 0
    out = capsys.readouterr().out
    assert "reports: 5 ingested" in out and "triples written:" in out
    # a rebuild of the same files: counted as unchanged, not told file by file (a national rebuild said 1,000 lines)
    assert main(["build", str(REPORTS), "--store", store, "--quiet"]) == 0
    again = capsys.readouterr()
    assert "reports: 5 ingested (5 unchanged), 0 skipped, 0 failed" in again.out
    assert "unchanged" not in again.err and "note:" not in again.err
    assert main(["validate", "--store", store]) == 0
    said = capsys.readouterr()
    assert "0 violation(s)" in said.out and "report graphs: 5 checked when written, 0 now" in said.out
    assert "note:" not in said.err
    assert main(["validate", "--full", "--store", store]) == 0
    assert "report graphs: 0 checked when written, 5 now" in capsys.readouterr().out
    with monkeypatch.context() as patched:  # checks made against other shapes or reference data: checked now, said
        patched.setattr("policykg.validate.checks_fingerprint", lambda: "another")
        assert main(["validate", "--store", store]) == 0
        said = capsys.readouterr()
        assert "0 checked when written, 5 now" in said.out and "note: 5 report graph(s)" in said.err
    assert main(["query", "districts-acting-on-mandate", "--param", "mandate=04-NQ/TU", "--format", "csv",
                 "--store", store]) == 0
    assert "30-KH/HU" in capsys.readouterr().out
    assert main(["query", "no-such-query", "--store", store]) == 2
    assert main(["export", "--format", "nq", "--out", str(tmp_path / "g.nq"), "--store", store]) == 0
    assert "42-2022-nd-cp" in (tmp_path / "g.nq").read_text(encoding="utf-8")
    assert main(["remove", "004_25ea28f13367f962.txt", "--store", store]) == 0
    capsys.readouterr()
    assert main(["query", "superseded-citations", "--format", "json", "--store", store]) == 0
    assert {r["districtName"] for r in json.loads(capsys.readouterr().out)} == {"Thị xã Đức Phổ"}


def test_build_exits_non_zero_when_a_file_fails(tmp_path, capsys):
    bad = tmp_path / "empty.txt"
    bad.write_text("   \n", encoding="utf-8")
    assert main(["build", str(bad), "--store", str(tmp_path / "s"), "--quiet"]) == 1
    assert f"failed: {bad}" in capsys.readouterr().err


def test_query_without_a_store_says_what_to_do(tmp_path, capsys):
    assert main(["query", "issuers-by-level", "--store", str(tmp_path / "none")]) == 2
    assert "policykg build" in capsys.readouterr().err


def test_gaps_command(tmp_path, capsys):
    store = str(tmp_path / "s")
    assert main(["build", str(REPORTS), "--store", store, "--quiet"]) == 0
    out = tmp_path / "r" / "gaps.html"
    assert main(["gaps", "--store", store, "--out", str(out)]) == 0
    assert "5 reporting units × 10 mandates" in capsys.readouterr().out and out.exists()
    assert main(["gaps", "--store", store, "--format", "md", "--period", "2023", "--out", str(tmp_path / "g.md")]) == 0
    assert "Huyện Hớn Quản" in (tmp_path / "g.md").read_text(encoding="utf-8")
    assert main(["gaps", "--store", store, "--period", "soon", "--out", str(tmp_path / "x.html")]) == 2
    assert "--period 'soon'" in capsys.readouterr().err


def test_store_errors_speak_the_users_language(tmp_path, monkeypatch, capsys):
    missing = str(tmp_path / "nowhere")
    assert main(["query", "graph-summary", "--store", missing]) == 2
    assert capsys.readouterr().err == f"error: {missing}: no store here; run `policykg build` first\n"
    monkeypatch.setenv("LANG", "vi_VN.UTF-8")
    assert main(["query", "graph-summary", "--store", missing]) == 2
    assert capsys.readouterr().err == f"lỗi: {missing}: chưa có kho dữ liệu ở đây; hãy chạy `policykg build` trước\n"


def test_parameter_errors_speak_the_users_language(monkeypatch, capsys, sample_store):
    monkeypatch.setenv("LANG", "vi_VN.UTF-8")
    assert main(["query", "indicator-observations", "--param", "indicator=nope", "--store",
                 str(sample_store.path)]) == 2
    assert "lỗi: --param indicator: không có chỉ số 'nope'" in capsys.readouterr().err
    assert main(["gaps", "--period", "2022-13", "--store", str(sample_store.path), "--out", "/dev/null"]) == 2
    assert "lỗi: --period '2022-13': không có tháng này" in capsys.readouterr().err


def test_a_page_of_a_query_states_the_total_and_the_next_offset(capsys, sample_store):
    from policykg.query.runner import select
    from policykg.sparql import load_query

    total = len(select(sample_store, load_query("gap-evidence"), {}))
    assert main(["query", "gap-evidence", "--limit", "10", "--offset", "20", "--format", "csv", "--store",
                 str(sample_store.path)]) == 0
    out, err = capsys.readouterr()
    assert len(out.strip().splitlines()) == 1 + 10  # the header and one page
    assert f"rows 21–30 of {total:,} shown, more follow (next page: --offset 30)" in err


def test_analyze_names_the_first_units_of_a_wide_reach_in_its_table(capsys, monkeypatch, sample_store):
    """At national scale a mandate reaches hundreds of units: the table names the first few and counts the rest;
    CSV names every one."""
    import policykg.cli as cli
    from policykg.analytics import analyze

    widest = max(analyze(sample_store).reach, key=lambda r: len(r["names"]))
    assert len(widest["names"]) > 1
    monkeypatch.setattr(cli, "NAMES_SHOWN", 1)
    assert main(["analyze", "--store", str(sample_store.path)]) == 0
    table = capsys.readouterr().out
    assert f"{widest['mandate']}  — {widest['names'][0]} … and {len(widest['names']) - 1} more" in table
    assert main(["analyze", "--format", "csv", "--store", str(sample_store.path)]) == 0
    assert ", ".join(widest["names"]) in capsys.readouterr().out

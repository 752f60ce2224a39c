"""Readers: encodings detected from content, .docx in document order, clear errors naming the file."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import unicodedata

import pytest

from policykg.extract import extract_text
from policykg.read import ReadError, read_report

from conftest import REPORTS, ROOT

SAMPLE = REPORTS / "004_25ea28f13367f962.txt"
TONES = "\u0300\u0301\u0303\u0309\u0323"


def to_cp1258(text: str) -> bytes:
    """Windows-1258 writes vowel-quality letters precomposed and tones as combining marks."""
    out, tones = [], []
    for char in unicodedata.normalize("NFD", text) + "\0":
        if char in TONES:
            tones.append(char)
        elif out and unicodedata.combining(char):
            out[-1] = unicodedata.normalize("NFC", out[-1] + char)
        else:
            out.extend(tones)
            tones = []
            out.append(char)
    return "".join(out[:-1]).encode("cp1258")


def signature(text: str, source: str = "x"):
    e = extract_text(text, source)
    return e.unit.code, [(r.number, r.date.iso if r.date else None, r.relation.value) for r in e.references]


@pytest.mark.parametrize("encode, name", [
    (lambda t: t.encode("utf-8"), "utf-8"),
    (lambda t: b"\xef\xbb\xbf" + t.encode("utf-8"), "utf-8-sig"),
    (lambda t: t.encode("utf-16"), "utf-16"),
    (lambda t: t.encode("utf-16-le"), "utf-16-le"),
    (lambda t: t.replace("\n", "\r\n").encode("utf-8"), "utf-8"),
    (to_cp1258, "cp1258"),
])
def test_encodings_give_the_same_extraction(tmp_path, encode, name):
    original = SAMPLE.read_text(encoding="utf-8")
    path = tmp_path / "report.bin"  # the extension says nothing: content decides
    path.write_bytes(encode(original))
    report = read_report(path)
    assert report.encoding == name
    assert signature(report.text) == signature(original)


def test_docx_paragraphs_and_tables_in_order(tmp_path):
    import docx

    document = docx.Document()
    document.add_paragraph("UBND huyện Minh Long báo cáo như sau:")
    table = document.add_table(rows=1, cols=2)
    table.rows[0].cells[0].text = "Triển khai phòng họp không giấy"
    table.rows[0].cells[1].text = "Chưa thực hiện"
    document.add_paragraph("Cổng thông tin theo quy định tại Nghị định 43/2011/NĐ-CP.")
    path = tmp_path / "report.docx"
    document.save(path)
    report = read_report(path)
    assert report.encoding == "docx"
    assert report.text.index("phòng họp không giấy\tChưa thực hiện") < report.text.index("43/2011")
    assert signature(report.text) == ("531", [("43/2011/NĐ-CP", None, "conforms_to")])


@pytest.mark.parametrize("content, problem", [
    (b"", "empty"),
    (b"   \n\n", "only whitespace"),
    (bytes(range(256)) * 8, "binary"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100, "legacy Word .doc"),
    (b"PK\x03\x04garbage", "not a readable .docx"),
    (b"%PDF-1.4\n%\xe2\xe3\n", "PDF"),
])
def test_bad_files_get_a_clear_error_naming_them(tmp_path, content, problem):
    path = tmp_path / "bad.txt"
    path.write_bytes(content)
    with pytest.raises(ReadError) as info:
        read_report(path)
    assert str(path) in str(info.value) and problem in str(info.value)


def test_a_fifo_and_a_device_named_on_the_command_line_get_a_result_each(tmp_path):
    """Reading a FIFO blocks for ever and /dev/zero never ends: each is refused by what it is, and the batch goes
    on (run as a user would, with a time limit: a hang fails the test instead of stalling it)."""
    fifo = tmp_path / "report.txt"
    os.mkfifo(fifo)
    good = ROOT / "data/reports/004_25ea28f13367f962.txt"
    done = subprocess.run([sys.executable, "-m", "policykg.cli", "build", "--quiet", "--store", str(tmp_path / "s"),
                           str(fifo), "/dev/zero", str(good)], capture_output=True, text=True, timeout=300)
    assert f"failed: {fifo}: a named pipe (FIFO), not a file" in done.stderr
    assert "failed: /dev/zero: a device, not a file" in done.stderr
    assert "reports: 1 ingested, 0 skipped, 2 failed" in done.stdout and done.returncode == 1


def test_a_folder_that_cannot_be_listed_is_a_failure_not_a_silent_skip(tmp_path, monkeypatch):
    """(Tests run as root, whom permissions do not stop: the refusal is simulated where the walk meets it.)"""
    from policykg.pipeline import build
    from policykg.store import GraphStore

    (tmp_path / "in" / "locked").mkdir(parents=True)
    (tmp_path / "in" / "locked" / "bao_cao.txt").write_text("BÁO CÁO\n", encoding="utf-8")
    shutil.copy(ROOT / "data/reports/004_25ea28f13367f962.txt", tmp_path / "in" / "ok.txt")
    locked = str(tmp_path / "in" / "locked")
    def refusing(real):
        def call(path="."):
            if str(path) == locked:
                raise PermissionError(13, "Permission denied", str(path))
            return real(path)
        return call

    monkeypatch.setattr(os, "scandir", refusing(os.scandir))
    monkeypatch.setattr(os, "listdir", refusing(os.listdir))
    summary = build([tmp_path / "in"], GraphStore(tmp_path / "s"), progress=False)
    [failed] = summary.failed
    assert failed.path == locked and "the folder cannot be read (Permission denied)" in failed.message
    assert summary.reports == 1


def test_a_password_protected_pdf_is_named_encrypted_with_what_to_do(tmp_path):
    from pypdf import PdfReader, PdfWriter

    from test_variants import write_pdf

    plain = tmp_path / "plain.pdf"
    write_pdf((REPORTS / "004_25ea28f13367f962.txt").read_text(encoding="utf-8")[:2000], plain)
    writer = PdfWriter(clone_from=PdfReader(plain))
    writer.encrypt(user_password="mat-khau", owner_password="chu-so-huu", algorithm="RC4-128")
    locked = tmp_path / "bao_cao_mat.pdf"
    with locked.open("wb") as handle:
        writer.write(handle)
    with pytest.raises(ReadError, match="encrypted PDF: it opens only with a password"):
        read_report(locked)
    owner_only = PdfWriter(clone_from=PdfReader(plain))  # restrictions only: opens without a password
    owner_only.encrypt(user_password="", owner_password="chu-so-huu", algorithm="RC4-128")
    with (tmp_path / "restricted.pdf").open("wb") as handle:
        owner_only.write(handle)
    assert "MINH LONG" in read_report(tmp_path / "restricted.pdf").text.upper()


def test_a_zip_bomb_docx_is_refused_before_it_unpacks(tmp_path):
    import zipfile

    bomb = tmp_path / "bao_cao.docx"
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as package:
        package.writestr("[Content_Types].xml", "<Types/>")
        package.writestr("word/document.xml", b"\0" * (40 * 2**20))  # 40 MB of nothing packs to ~40 KB
    assert bomb.stat().st_size < 200 * 2**10
    with pytest.raises(ReadError, match=r"would unpack \d+ KB into 40 MB \(ratio [\d,]+:1.*refused unread"):
        read_report(bomb)


def test_messages_speak_the_users_language(tmp_path, monkeypatch, capsys):
    """The CLI follows the locale (LANG=vi_VN… -> Vietnamese); a Message stays its English text for tools."""
    from policykg.cli import main
    from policykg.messages import Message, say, user_language

    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "rong.txt").write_bytes(b"")
    (tmp_path / "in" / "cu.doc").write_bytes(b"\xd0\xcf\x11\xe0" + b"\0" * 100)
    shutil.copy(REPORTS / "004_25ea28f13367f962.txt", tmp_path / "in" / "bao_cao.txt")
    shutil.copy(REPORTS / "004_25ea28f13367f962.txt", tmp_path / "in" / "ban_sao.txt")
    monkeypatch.setenv("LANG", "vi_VN.UTF-8")
    assert user_language() == "vi"
    assert main(["build", "--quiet", "--store", str(tmp_path / "s"), str(tmp_path / "in")]) == 1
    out, err = capsys.readouterr()
    assert f"lỗi: {tmp_path / 'in' / 'rong.txt'}: tệp rỗng" in err
    assert "chưa hỗ trợ tệp Word .doc cũ (OLE2): hãy lưu lại thành .docx hoặc .txt" in err
    assert "bỏ qua: " in err and "cùng nội dung với" in err
    assert "báo cáo: 1 đã nạp, 1 bỏ qua, 2 lỗi (báo cáo trong đồ thị: 1)" in out
    monkeypatch.setenv("LC_ALL", "en_GB.UTF-8")  # LC_ALL wins over LANG
    assert user_language() == "en"
    with pytest.raises(ReadError) as caught:
        read_report(tmp_path / "in" / "rong.txt")
    problem = caught.value.problem
    assert problem == "the file is empty" and isinstance(problem, Message) and say(problem, "vi") == "tệp rỗng"
    import pickle
    assert pickle.loads(pickle.dumps(caught.value)).problem.vi == "tệp rỗng"  # workers send both languages

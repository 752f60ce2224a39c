"""Turn a report file into text, detecting the format from content, not from the extension."""

from __future__ import annotations

import hashlib
import io
import os
import re
import stat
import zipfile
from dataclasses import dataclass
from pathlib import Path

from policykg.messages import Message, say
from policykg.read.decode import decode_text


class ReadError(Exception):
    """A file that cannot be read as a report; the message names the file and what it would need."""

    def __init__(self, path: Path | str, problem: str):
        super().__init__(f"{path}: {problem}")
        self.path = str(path)
        self.problem = problem

    def __reduce__(self):  # worker processes send it back to the parent: keep both fields
        return ReadError, (self.path, self.problem)

    def says(self, lang: str) -> str:
        return f"{self.path}: {say(self.problem, lang)}"


@dataclass(frozen=True)
class ReportText:
    path: str
    text: str  # as the file says it, line breaks normalised to \n; spans point into this
    encoding: str  # utf-8, utf-8-sig, utf-16-le, cp1258, docx, pdf ...
    sha256: str  # of the file's bytes: identifies duplicates under other names


def max_report_bytes() -> int:
    """Reports are tens of kilobytes; anything past POLICYKG_MAX_REPORT_MB (default 20) is not a report."""
    return int(float(os.environ.get("POLICYKG_MAX_REPORT_MB", "20")) * 2**20)


def _not_a_file(path: Path, mode: int) -> str | None:
    """Why a path that is no regular file cannot be a report (reading a FIFO blocks; a device never ends)."""
    if stat.S_ISREG(mode):
        return None
    if stat.S_ISDIR(mode):
        try:
            os.listdir(path)
        except OSError as exc:
            return Message(f"the folder cannot be read ({exc.strerror or exc}): its reports were not ingested",
                           f"không đọc được thư mục ({exc.strerror or exc}): các báo cáo trong đó chưa được nạp")
        return Message("a folder, not a report file", "đây là thư mục, không phải tệp báo cáo")
    if stat.S_ISFIFO(mode):
        return Message("a named pipe (FIFO), not a file: nothing was read from it (save the report as a file)",
                       "đây là đường ống (FIFO), không phải tệp: không đọc gì (hãy lưu báo cáo thành tệp)")
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return Message("a device, not a file: nothing was read from it", "đây là thiết bị, không phải tệp: không đọc gì")
    if stat.S_ISSOCK(mode):
        return Message("a socket, not a file: nothing was read from it", "đây là socket, không phải tệp: không đọc gì")
    return Message("not a regular file: nothing was read from it", "không phải tệp thông thường: không đọc gì")


def read_report(path: Path | str) -> ReportText:
    path = Path(path)
    limit = max_report_bytes()
    too_big = (f"is more than the {limit / 2**20:.0f} MB a report may have (set POLICYKG_MAX_REPORT_MB to allow it)",
               f"vượt quá {limit / 2**20:.0f} MB cho phép của một báo cáo (đặt POLICYKG_MAX_REPORT_MB để cho phép)")
    try:
        info = path.stat()
        problem = _not_a_file(path, info.st_mode)
        if problem:
            raise ReadError(path, problem)
        if info.st_size > limit:
            raise ReadError(path, Message(f"{info.st_size / 2**20:.1f} MB {too_big[0]}",
                                          f"{info.st_size / 2**20:.1f} MB {too_big[1]}"))
        with path.open("rb") as handle:
            data = handle.read(limit + 1)  # bounded whatever the size said (a file still growing, /proc)
        if len(data) > limit:
            raise ReadError(path, Message(f"the file {too_big[0]}", f"tệp {too_big[1]}"))
    except OSError as exc:
        raise ReadError(path, Message(f"cannot open ({exc.strerror or exc})",
                                      f"không mở được tệp ({exc.strerror or exc})")) from exc
    digest = hashlib.sha256(data).hexdigest()
    if not data:
        raise ReadError(path, Message("the file is empty", "tệp rỗng"))
    if not data.strip():
        raise ReadError(path, Message("no text: the file holds only whitespace", "không có chữ: tệp chỉ có khoảng trắng"))
    if data.startswith(b"PK\x03\x04"):
        text, encoding = _read_docx(path, data), "docx"
    elif data.startswith(b"%PDF"):
        text, encoding = _read_pdf(path, data), "pdf"
    elif data.startswith(b"\xd0\xcf\x11\xe0"):
        raise ReadError(path, Message("legacy Word .doc (OLE2) is not supported: save it as .docx or .txt",
                                      "chưa hỗ trợ tệp Word .doc cũ (OLE2): hãy lưu lại thành .docx hoặc .txt"))
    else:
        try:
            text, encoding = decode_text(data)
        except UnicodeError as exc:
            raise ReadError(path, Message(f"not text in a known encoding ({exc})",
                                          f"không phải văn bản theo bảng mã đã biết ({exc})")) from exc
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        raise ReadError(path, Message("no text in the file", "tệp không có chữ"))
    return ReportText(str(path), text, encoding, digest)


# A report's .docx holds a few MB of XML and images; a zip bomb expands a few hundred KB to gigabytes.
DOCX_MAX_UNPACKED = 200 * 2**20  # bytes, all members
DOCX_MAX_RATIO = 100  # unpacked / packed, for a package that unpacks past 10 MB


def _check_package(path: Path, data: bytes) -> None:
    """Refuse a .docx that would unpack to more than a report can hold, before anything unpacks it: the sizes
    its zip directory declares (a member that lies is stopped by zipfile at its declared size)."""
    try:
        members = zipfile.ZipFile(io.BytesIO(data)).infolist()
    except (zipfile.BadZipFile, ValueError) as exc:
        raise ReadError(path, _not_docx(exc)) from exc
    unpacked = sum(m.file_size for m in members)
    packed = max(1, sum(m.compress_size for m in members))
    if unpacked > DOCX_MAX_UNPACKED or (unpacked > 10 * 2**20 and unpacked / packed > DOCX_MAX_RATIO):
        figures = (f"{len(data) / 2**10:,.0f} KB", f"{unpacked / 2**20:,.0f} MB", f"{unpacked / packed:,.0f}:1")
        raise ReadError(path, Message(
            f"the .docx would unpack {figures[0]} into {figures[1]} (ratio {figures[2]}; a report stays under "
            f"{DOCX_MAX_UNPACKED // 2**20} MB and {DOCX_MAX_RATIO}:1): refused unread, as a zip bomb would be",
            f"tệp .docx {figures[0]} sẽ giải nén thành {figures[1]} (tỷ lệ {figures[2]}; một báo cáo dưới "
            f"{DOCX_MAX_UNPACKED // 2**20} MB và {DOCX_MAX_RATIO}:1): từ chối, không giải nén (như một zip bomb)"))


def _not_docx(exc: Exception) -> Message:
    return Message(f"a zip file but not a readable .docx ({exc})", f"tệp zip nhưng không phải .docx đọc được ({exc})")


def _read_docx(path: Path, data: bytes) -> str:
    _check_package(path, data)
    try:
        import docx  # python-docx
        from docx.table import Table
        from docx.text.paragraph import Paragraph

        document = docx.Document(io.BytesIO(data))
    except (zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise ReadError(path, _not_docx(exc)) from exc
    except Exception as exc:  # python-docx raises assorted errors on damaged packages
        raise ReadError(path, Message(f"damaged .docx ({type(exc).__name__}: {exc})",
                                      f"tệp .docx bị hỏng ({type(exc).__name__}: {exc})")) from exc
    lines: list[str] = []
    # Paragraphs and tables in document order; table rows become tab-separated lines as in .txt exports.
    for block in document.element.body.iterchildren():
        tag = block.tag.rsplit("}", 1)[-1]
        if tag == "p":
            lines.append(Paragraph(block, document).text)
        elif tag == "tbl":
            for row in Table(block, document).rows:
                lines.append("\t".join(cell.text.replace("\n", " ") for cell in row.cells))
    return "\n\n".join(lines)


def _read_pdf(path: Path, data: bytes) -> str:
    try:
        from pypdf import PdfReader

        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted and not reader.decrypt(""):  # an owner password alone still opens with ""
            raise ReadError(path, Message(
                "encrypted PDF: it opens only with a password; open it, save or print a copy without the password, "
                "and add that copy",
                "PDF có mật khẩu: chỉ mở được bằng mật khẩu; hãy mở, lưu hoặc in ra một bản không mật khẩu rồi thêm "
                "bản đó"))
        pages = [page.extract_text() or "" for page in reader.pages]
    except ReadError:
        raise
    except Exception as exc:  # pypdf raises many kinds on damaged files
        raise ReadError(path, Message(f"damaged PDF ({type(exc).__name__}: {exc})",
                                      f"tệp PDF bị hỏng ({type(exc).__name__}: {exc})")) from exc
    text = "\n\n".join(unwrap_lines(page) for page in pages)
    if not text.strip():
        raise ReadError(path, Message("PDF has no text layer (a scan?): it needs OCR before policykg can read it",
                                      "PDF không có lớp chữ (bản quét?): cần nhận dạng chữ (OCR) trước khi đọc"))
    return text


_NEW_ITEM = re.compile(r"\s*(?:[-+•–]|\d{1,2}(?:\.\d{1,2})*[.)]|[a-zđ]\)|[IVX]{1,5}\.)\s")


def unwrap_lines(text: str) -> str:
    """PDF text breaks lines where the page did: join a line that filled the measure to the next one,
    unless it ends a sentence or the next line starts a list item or heading."""
    lines = text.split("\n")
    lengths = sorted(len(line.rstrip()) for line in lines if line.strip())
    if not lengths:
        return text
    measure = lengths[int(len(lengths) * 0.9) - 1 if len(lengths) > 1 else 0]
    out = [lines[0]]
    for line in lines[1:]:
        previous = out[-1].rstrip()
        wrapped = (len(previous) >= 0.75 * measure and previous[-1:] not in ".:;!?" and line.strip()
                   and not _NEW_ITEM.match(line))
        if wrapped:
            out[-1] = previous + " " + line.lstrip()
        else:
            out.append(line)
    return "\n".join(out)

"""Sections by meaning (results, difficulties, causes, recommendations, next tasks …) whatever their
numbering, the statements under them with topics, and project tables as records."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from policykg.extract.indicators import MONEY, parse_number
from policykg.extract.issuers import parse_issuer
from policykg.text import Doc, fold
from policykg.vocab import SECTION_RULES, TOPIC_RULES

_HEADING = re.compile(
    r"(?P<num>[IVX]{1,5}\.|\d{1,2}(?:\.\d{1,2}){0,3}\.?|[a-zđ]\)|[A-Z]\.)[ \t]+(?P<title>\S[^\n]{1,200})$")
_BULLET = re.compile(r"^[ \t]*[-+•–][ \t]*")
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+")
_CLOSING = re.compile(r"\n[ \t]*(?:tren day la|noi nhan\s*:)")
# The closing formula ("UBND thị xã … trân trọng báo cáo./.", "Trên đây là báo cáo …"): a courtesy, never a statement.
_CLOSING_FORMULA = re.compile(r"(?:^tren day la\b|\b(?:tran trong|kinh)\s+(?:bao cao|de nghi|trinh)\b[ ./]*$)")
_ADDRESSEE_LEAD = re.compile(r"(?:de nghi|kien nghi|de xuat)\s+(?:voi\s+)?")
_FOR_WHOM = re.compile(r"doi voi\s+")


@dataclass
class Statement:
    section: str  # a SECTIONS key
    heading: str | None
    text: str
    start: int
    end: int
    topics: list[str] = field(default_factory=list)
    addressee: str | None = None  # for recommendations: to whom


@dataclass
class Project:
    name: str
    status: str | None  # done | in progress | planned | not started, from the status cell's words
    status_text: str | None
    cost_text: str | None
    cost_vnd: float | None
    funding: str | None
    place: str | None
    note: str | None
    group: str | None  # a table's group row: "Dự án đã được thực hiện đầu tư"
    start: int
    end: int


@dataclass
class Heading:
    depth: int
    title: str
    section: str | None  # what its words say, or None (inherits)
    addressee: str | None
    start: int
    topics: tuple[str, ...] = ()  # what its words are about: the sentences under it are about that too


def _depth(num: str) -> int:
    if re.fullmatch(r"[IVX]+\.|[A-Z]\.", num):
        return 1
    if num.endswith(")"):
        return 5
    return 1 + num.rstrip(".").count(".") + 1


def _classify(title: str) -> str | None:
    folded = fold(title)
    for section, pattern in SECTION_RULES:
        if pattern.search(folded):
            return section
    return None


def _is_heading(line: str, m: re.Match) -> bool:
    title = m.group("title").strip(" *")
    if "\t" in line or len(title) > 160:
        return False
    head = title.split(":", 1)[0]
    return not title.endswith((";", ",")) and len(head) <= 160 and not head.rstrip("*").endswith(".")


def split_sections(doc: Doc, intro_end: int = 0) -> tuple[list[Statement], list[Project]]:
    """`intro_end`: where the opening paragraph ("… báo cáo như sau:") ends; content after it is results
    until a heading says otherwise."""
    view, folded = doc.view, doc.folded
    closing = _CLOSING.search(folded)
    stop = closing.start() if closing else len(view)
    stack: list[Heading] = []
    statements: list[Statement] = []
    table_lines: list[tuple[int, str]] = []
    pos = 0
    for line in view[:stop].split("\n"):
        start, pos = pos, pos + len(line) + 1
        stripped = line.strip(" \t*")
        if not stripped:
            continue
        if "\t" in line.strip(" \t"):  # a tab between cells; an indented line ("\tI. Đặc điểm …") is no table
            table_lines.append((start, line))
            continue
        m = _HEADING.match(stripped)
        if m and _is_heading(stripped, m):
            depth = _depth(m.group("num"))
            title, _, rest = m.group("title").strip(" *").partition(":")
            while stack and stack[-1].depth >= depth:
                stack.pop()
            addressee = None
            f = _FOR_WHOM.match(fold(title))
            if f and _classify(title) is None:
                addressee = title[f.end():].strip()
            stack.append(Heading(depth, title.strip(), _classify(title), addressee, start, _topics(fold(title))))
            if rest.strip():  # "2.1. Đối với huyện: Tại Văn phòng …" — the words after the colon are content
                offset = start + line.index(rest.strip()[:20]) if rest.strip()[:20] in line else start
                _add_statements(statements, folded, rest.strip(), offset, stack, start >= intro_end)
            continue
        text = _BULLET.sub("", stripped)
        offset = start + line.index(text[:20]) if text[:20] in line else start
        _add_statements(statements, folded, text, offset, stack, start >= intro_end > 0)
    return statements, _projects(table_lines)


def _topics(folded: str) -> tuple[str, ...]:
    return tuple(slug for slug, pattern in TOPIC_RULES if pattern.search(folded))


def _section_of(stack: list[Heading], past_intro: bool) -> tuple[str, str | None, str | None]:
    section = next((h.section for h in reversed(stack) if h.section), "results" if stack or past_intro else "intro")
    heading = stack[-1].title if stack else None
    addressee = next((h.addressee for h in reversed(stack) if h.addressee), None)
    return section, heading, addressee


def sentence_groups(text: str) -> list[list[tuple[int, int]]]:
    """Split at '. ' before a capital letter (not '… 4.0 công nghệ', not 'TP. Hồ Chí Minh'): each sentence as the
    spans of its pieces in `text`, so that a caller places it exactly without searching for it again (a search
    that missed, where the space between pieces was not one blank, scanned to the end each time: quadratic)."""
    pieces, previous = [], 0
    for m in _SENTENCE_END.finditer(text):
        pieces.append((previous, m.start()))
        previous = m.end()
    pieces.append((previous, len(text)))
    # Pieces of the sentence being joined are collected, not concatenated: growing a string by `+` is quadratic
    # over a long run of short pieces ("ab. cd ab. cd …").
    groups: list[list[tuple[int, int]]] = []
    last_length = 0
    for start, end in pieces:
        first = text[start:start + 1]
        if groups and first and not (first.isupper() or first in "“\"") or (groups and last_length < 6):
            groups[-1].append((start, end))
            last_length += 1 + end - start
        else:
            groups.append([(start, end)])
            last_length = end - start
    return groups


def sentences(text: str) -> list[str]:
    """The sentences of sentence_groups, each piece joined to the next by one blank."""
    return [" ".join(text[s:e] for s, e in group) for group in sentence_groups(text)]


def _add_statements(out: list[Statement], folded_view: str, text: str, offset: int, stack: list[Heading],
                    past_intro: bool) -> None:
    """`folded_view` is the whole text folded (same length): sentences are folded by slicing, not again."""
    section, heading, addressee = _section_of(stack, past_intro)
    if section == "intro" and len(text) < 60:
        return  # header lines: "Số: /BC-UBND", the place-date line, the title
    for group in sentence_groups(text):
        joined = " ".join(text[s:e] for s, e in group)
        lead, trail = len(joined) - len(joined.lstrip()), len(joined) - len(joined.rstrip())
        sentence = joined.strip()
        if len(sentence) < 8:
            continue
        folded = " ".join(folded_view[offset + s:offset + e] for s, e in group)[lead:lead + len(sentence)]
        if _CLOSING_FORMULA.search(folded):
            continue
        # A sentence is about what it says and what the headings above it say ("1. Tình hình thực hiện công
        # tác chuyển đổi số …": the results under it are digital-transformation results).
        topics = list(dict.fromkeys(_topics(folded) + tuple(t for h in stack for t in h.topics)))
        own_section = section
        if section in ("difficulties", "results") and _ADDRESSEE_LEAD.match(folded):
            own_section = "recommendations"
        who = addressee
        if own_section == "recommendations" and who is None:
            asked = _ADDRESSEE_LEAD.match(folded)
            parsed = parse_issuer(Doc.of_view(sentence), asked.end() if asked else 0)
            if parsed:
                who = sentence[parsed.start:parsed.end].strip()
        # The span in the source (its pieces may be apart by more than the one blank the quote joins them by)
        out.append(Statement(own_section, heading, sentence, offset + group[0][0] + lead,
                             offset + group[-1][1] - trail, topics, who))


_COLUMNS = [("name", r"noi dung|nhiem vu|du an|ten"), ("status", r"ket qua|tien do|thoi gian|tinh trang"),
            ("cost", r"kinh phi|tong muc|muc dau tu|du toan"), ("funding", r"nguon von|nguon kinh phi"),
            ("place", r"dia diem"), ("note", r"ghi chu"), ("index", r"^\s*(?:s?tt)\s*$")]
_STATUS = [("not started", r"chua (?:thuc hien|trien khai)"), ("in progress", r"dang (?:thuc hien|trien khai|tien hanh)"),
           ("planned", r"du kien|ke hoach|se "), ("done", r"da (?:dau tu|hoan thanh|thuc hien|trien khai)|hoan thanh|trong nam \d{4}")]


def _projects(lines: list[tuple[int, str]]) -> list[Project]:
    projects: list[Project] = []
    columns: dict[str, int] = {}
    group = None
    for start, line in lines:
        cells = [c.strip() for c in line.split("\t")]
        folded_cells = [fold(c) for c in cells]
        header = {}
        for key, pattern in _COLUMNS:
            for i, cell in enumerate(folded_cells):
                if re.search(pattern, cell) and i not in header.values():
                    header[key] = i
                    break
        if "name" in header and len(header) >= 3:
            columns, group = header, None
            continue
        if not columns:
            continue
        get = lambda key: (cells[columns[key]] or None) if key in columns and columns[key] < len(cells) else None  # noqa: E731
        name = get("name")
        if re.fullmatch(r"[IVX]+\.?", cells[0] or ""):  # "I\tDự án đã được thực hiện đầu tư": a group row
            group = next((c for c in cells[1:] if c), None)
            continue
        if not name:
            continue
        status_text = get("status")
        status = None
        if status_text:
            status = next((s for s, pattern in _STATUS if re.search(pattern, fold(status_text))), None)
        cost_text = get("cost")
        cost = None
        if cost_text:
            money = MONEY.search(fold(cost_text))
            if money and (money.group("v") or money.group("v2")):
                scale = {"ty": 1e9, "trieu": 1e6}.get(money.group("scale") or money.group("scale2") or "", 1)
                cost = parse_number(money.group("v") or money.group("v2")) * scale
        projects.append(Project(name, status, status_text, cost_text, cost, get("funding"), get("place"), get("note"),
                                group, start, start + len(line)))
    return projects

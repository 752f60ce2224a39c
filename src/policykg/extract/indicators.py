"""Quantitative claims: percentages, ratios, counts with their unit, VND amounts.

Vietnamese writes 1.234,5 (dot thousands, comma decimal), but real reports also write 30.9% and 98,5%:
``parse_number`` decides from the shape. Each claim gets the phrase it measures (its label), the level
(cấp huyện / cấp xã) when the sentence says, and an indicator concept when the words are recognisable.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from policykg.text import Doc, SpanSet, matches_at, number_starts
from policykg.vocab import INDICATOR_RULES

_NUM = r"\d{1,3}(?:\.\d{3})+(?:,\d+)?|\d{1,3}(?:,\d{3}){2,}|\d+(?:[.,]\d+)?"
# Units counted in reports (folded), longest first; value -> the unit as written in the graph.
UNITS = {
    "ho so": "hồ sơ", "thu tuc hanh chinh": "thủ tục", "thu tuc": "thủ tục", "tthc": "thủ tục",
    "dich vu cong": "dịch vụ công", "may vi tinh": "máy tính", "may tinh": "máy tính", "camera": "camera",
    "tram bts": "trạm", "tram phat song": "trạm", "tram": "trạm", "thue bao": "thuê bao", "cum loa": "cụm loa",
    "tin, bai": "tin bài", "tin bai": "tin bài", "tin hinh": "tin bài", "thanh vien": "thành viên",
    "chung thu so": "chứng thư số", "luot truy cap": "lượt truy cập", "diem cau": "điểm cầu",
    "diem giao dich": "điểm", "diem phuc vu": "điểm", "dai ly": "đại lý", "doanh nghiep": "doanh nghiệp",
    "lop tap huan": "lớp", "lop": "lớp", "buoi": "buổi", "dong chi": "người", "can bo": "người", "nguoi": "người",
    "truong hop": "trường hợp", "van ban": "văn bản", "chuyen muc": "chuyên mục", "chuyen trang": "chuyên mục",
    "to cong nghe so": "tổ", "nhom zalo": "nhóm", "gio": "giờ", "dot": "đợt", "panô": "pa nô", "pano": "pa nô",
    "pa no": "pa nô", "ho gia dinh": "hộ", "tai khoan": "tài khoản", "cum": "cụm loa",
    "dai truyen thanh": "đài truyền thanh", "buu cuc": "bưu cục", "luot": "lượt", "co quan": "cơ quan",
    "don vi": "đơn vị", "ban chi dao": "ban chỉ đạo",
    "dich vu": "dịch vụ",  # "54 dịch vụ" after "dịch vụ công trực tuyến …": see _counted_services
}
# What a share can be a share of, besides the counted units: "13/13 xã", "15/15 xã, phường".
SHARE_UNITS = {**UNITS, "xa": "xã", "dia phuong": "địa phương", "co quan": "cơ quan", "don vi": "đơn vị",
               "thon": "thôn", "ho": "hộ"}


def _alternation(units: dict) -> str:
    return "|".join(sorted((re.escape(u).replace(r"\ ", r"\s{1,2}") for u in units), key=len, reverse=True))


_UNIT_RE = _alternation(UNITS)

PERCENT = re.compile(rf"(?<![\d.,/])(?P<v>{_NUM})[.,]?\s{{0,2}}%")
RATIO = re.compile(rf"(?<![\d.,/])(?P<a>{_NUM})\s{{0,2}}/\s{{0,2}}(?P<b>{_NUM})(?![\d/])(?:\s{{1,3}}(?P<unit>{_alternation(SHARE_UNITS)})\b)?")
MONEY = re.compile(
    rf"(?<![\d.,/])(?P<v>{_NUM})\s{{0,2}}(?P<scale>ty|trieu|nghin|ngan)?\s{{0,2}}(?:dong|vnd|vnđ)\b(?!\s+chi\b)"
    rf"|(?<![\d.,/])(?P<big>\d{{1,3}}(?:\.\d{{3}}){{2,}})(?=[^.\n]{{0,80}}?\bdong\b)"
    rf"|(?<![\d.,/])(?P<v2>{_NUM})\s{{0,2}}(?P<scale2>ty|trieu)\b"
)
# "80. 238 thuê bao": a thousands dot followed by a stray space, seen in real reports.
COUNT = re.compile(rf"(?<![\d.,/])(?P<v>\d{{1,3}}\.\s\d{{3}}(?!\d)|{_NUM})[ \u00a0]{{1,3}}(?P<unit>{_UNIT_RE})\b"
                   rf"(?!\s+(?:sang|chieu|toi|trua)\b)")
# "số thuê bao internet 14.541": the unit first, the number after (operators' statistics).
COUNT_AFTER = re.compile(rf"\bso\s+(?P<unit>thue\s+bao|tram|may\s+tinh|camera)\b[^,;:\d\n]{{0,40}}?\s(?P<v>{_NUM})"
                         rf"(?!\s{{0,2}}(?:%|/|[a-z]))")
# A part stated after its total, the unit named after "tổng số" / "số": "tổng số hồ sơ TTHC đã tiếp nhận: 1079,
# trong đó: số hồ sơ tiếp nhận trực tuyến là: 980" — the share 980/1079 is what the report measures, even though
# it never writes it. Read as a derived ratio beside the two counts (which stay claims of their own).
TOTAL_PART = re.compile(
    rf"tong\s+so\s+(?P<unit>{_UNIT_RE})\b(?P<what>[^:;\n\d]{{0,60}}?)(?:\s+la)?\s{{0,2}}:?\s{{0,2}}(?P<total>{_NUM})"
    rf"(?:\s{{1,3}}(?P=unit))?\s{{0,2}}[,;]\s{{0,3}}(?:trong\s+do\s{{0,2}}:?\s{{0,3}})?so\s+(?P=unit)\b"
    rf"(?P<part_words>[^:;\n\d]{{0,60}}?)(?:\s+la)?\s{{0,2}}:?\s{{0,2}}(?P<part>{_NUM})(?![\d]|[.,]\d)")
# What a counted unit measures, before the words around it are consulted (None: the unit says nothing).
UNIT_CONCEPT = {"máy tính": "computers", "camera": "cameras", "trạm": "bts-stations",
                "cụm loa": "smart-speaker-clusters", "tin bài": "news-articles", "chứng thư số": "digital-signature",
                "lớp": None, "giờ": None, "buổi": None, "đợt": None, "điểm cầu": None, "nhóm": None,
                "ban chỉ đạo": None, "cơ quan": None, "đơn vị": None}
# Concepts that count one thing: a count of another unit is not theirs ("01 cán bộ … tiếp nhận hồ sơ" counts
# people, not dossiers received).
COUNTS_ONLY = {"dossiers-received": {"hồ sơ"}, "dossiers-resolved": {"hồ sơ"}, "online-dossier-rate": {"hồ sơ"},
               "on-time-resolution-rate": {"hồ sơ"}, "late-resolution-rate": {"hồ sơ"},
               "early-resolution-rate": {"hồ sơ"}, "in-person-dossiers": {"hồ sơ"},
               "digitized-dossiers": {"hồ sơ"}, "digitized-results": {"hồ sơ"}, "online-work-record-rate": {"hồ sơ"},
               "trained-people": {"người", "lớp", "buổi", "đợt", "lượt"},
               "community-digital-team-members": {"người", "tổ", "thành viên"}}
# A bare count after a colon, its unit named before it on the line: "tiếp nhận trực tiếp: 76; tổng số hồ sơ
# giải quyết trước hạn: 1038, đúng hạn: 53" (the unit: the last "số <unit>" before it on its line).
COUNT_AFTER_COLON = re.compile(rf"(?<=:)\s{{0,2}}(?P<v>{_NUM})(?=\s{{0,2}}(?:[,;\n]|\.(?!\d)|$))")
_COUNTED_BEFORE = re.compile(rf"\bso\s+(?:luong\s+)?(?P<unit>{_UNIT_RE})\b")
# A list after a colon whose items are levels: "… có phát sinh hồ sơ: cấp huyện 66/139 thủ tục; cấp xã: 34/103"
_LIST_HEAD = re.compile(r"[^:\n]{12,200}:")
_SCALE = {"ty": 1e9, "trieu": 1e6, "nghin": 1e3, "ngan": 1e3, None: 1.0}
# A line that starts by naming its level: "+ Cấp huyện: …", "- Cấp xã: …"
_LINE_LEAD = re.compile(r"[\s+\-*•]{0,6}cap\s+(?P<l>huyen|xa|tinh)\s{0,2}:")
_LEVEL = re.compile(
    r"cap\s+(?P<l>huyen|xa|tinh|thi\s+xa)\b"
    r"|(?:tai|cua|o|ubnd)\s+(?:ubnd\s+)?(?P<l2>thi\s+xa|huyen|tinh)\b"
    r"|(?P<x>xa,\s+(?:phuong|thi\s+tran)|cac\s+xa\b|ubnd\s+(?:cac\s+)?xa\b|tai\s+xa\b)")
# "theo ý kiến chỉ đạo của UBND tỉnh": the body that directed, not the level the figure is about.
_AUTHORITY = re.compile(r"(?:chi dao|huong dan|yeu cau|quy dinh|giao)\s+(?:cua\s+)?(?:ubnd\s+)?\S?$")
_COMPARATOR = re.compile(r"(?:tren|hon|vuot)\s*$|(?:duoi|chua\s+den)\s*$|(?:khoang|gan|xap\s+xi|uoc\s+dat)\s*$")
# ", " ends a clause, but not inside "xã, phường" / "xã, thị trấn" (one unit pair in Vietnamese reports).
_CLAUSE_BOUNDARY = re.compile(r"[;\n:(\t]|\.(?=\s)|,\s(?!(?:phuong|thi\s+tran)\b)")
_CLAIM = re.compile(r"\d+(?:[.,]\d+)?\s?%|\d[\d.]*\s?/\s?\d")  # another claim, where a segment ends
_TARGET = re.compile(r"(?:chi tieu|muc tieu|phan dau|du kien|den nam \d{4},?\s+dat)\b[^.;\n]*$")
_AFTER_BOUNDARY = re.compile(r"[;\n(\t]|\.(?=\s)")
# "tăng 10% so với cùng kỳ": a change, not a level; never compared with a target.
_CHANGE = re.compile(r"(?:tang|giam)(?:\s{1,2}(?:them|len|xuong|duoc))?\s{0,2}(?:khoang\s{1,2})?$")
# "xếp thứ 2/18 huyện", "đứng thứ 5/63", "xếp hạng 3/18": a place in a ranking, not a share.
_RANK = re.compile(r"(?:xep|dung)\s{1,2}(?:thu|hang)(?:\s{1,2}hang)?\s{0,2}(?:thu\s{1,2})?$|\bhang\s{0,2}$")
# Between a share and the percent that states it again: "17.236/17.307 hồ sơ, đạt 99,99%", "1.204/1.223 (98,5%)"
# A percent, then its share in brackets: "đạt 99,99% (có ký số: 17.236/17.307 văn bản)", "59.18,% (7.238/12.230)"
_RESTATED_IN_BRACKETS = re.compile(r"^\s{0,2}\(\s{0,2}(?:[^()\d;\n]{0,30}:\s{0,2})?$")
_RESTATED = re.compile(r"^[^;\n\d%]{0,40}?(?:;\s{0,2}(?=dat\b))?(?:dat|bang|chiem|tuong\s{1,2}ung|dat\s{1,2}ty\s{1,2}le|ty\s{1,2}le)?"
                       r"[\s,:(]{0,4}$")
_FILLER = ("đạt", "là", "được", "có", "tỷ", "lệ", "lệ:", "trên", "khoảng", "gần", "dưới", "với", "gồm", "chiếm",
           "hơn", "ước", "đến", "cho")


@dataclass(frozen=True)
class Indicator:
    kind: str  # percent | ratio | count | money
    value: float  # a ratio's value is its share in percent
    unit: str  # percent, VND, or the counted unit (hồ sơ, thủ tục …)
    numerator: float | None
    denominator: float | None
    counted: str | None  # what a ratio counts: "1154/3736 hồ sơ" -> hồ sơ
    label: str
    level: str | None  # huyện | xã | tỉnh
    comparator: str | None  # >, <, ~ when the text says "trên", "dưới", "khoảng"
    concept: str | None
    start: int
    end: int
    text: str
    modality: str = "observed"  # observed | target (a goal) | change ("tăng 10%") | rank ("xếp thứ 2/18")
    stated_percent: float | None = None  # a share's percent as the text writes it beside it ("đạt 99,99%")


def parse_number(text: str, percent: bool = False) -> float:
    """'14.541' -> 14541, '2,335' -> 2.335, '30.9' -> 30.9, '1.234,5' -> 1234.5, '99,99' -> 99.99."""
    s = text.strip().rstrip(".,")
    if "." in s and "," in s:
        s = s.replace(".", "").replace(",", ".") if s.rfind(",") > s.rfind(".") else s.replace(",", "")
    elif "," in s:
        s = s.replace(",", "") if s.count(",") > 1 else s.replace(",", ".")
    elif "." in s:
        head, _, tail = s.rpartition(".")
        if s.count(".") > 1 or (len(tail) == 3 and not percent):
            s = s.replace(".", "")
    return float(s)


def _clause(folded: str, start: int, end: int) -> tuple[int, int]:
    left = max((m.end() for m in _CLAUSE_BOUNDARY.finditer(folded, max(0, start - 160), start)), default=max(0, start - 160))
    right_match = _CLAUSE_BOUNDARY.search(folded, end, min(len(folded), end + 160))
    return left, right_match.start() if right_match else min(len(folded), end + 160)


def _label(view: str, folded: str, start: int, end: int) -> str:
    """The phrase the number measures: the words before it in its clause, or after it when it leads.
    In a table row, the row's longest text cell; after "X: 7.399 thuê bao", the X before the colon."""
    lo, hi = max(0, start - 2000), min(len(view), end + 2000)  # bounded: a one-line file stays linear
    line_start = max(view.rfind("\n", lo, start) + 1, lo)
    line_end = view.find("\n", end, hi)
    line = view[line_start:line_end if line_end != -1 else hi]
    if "\t" in line:
        cells = [c.strip() for c in line.split("\t")]
        texts = [c for c in cells if sum(ch.isalpha() for ch in c) > 8]
        if texts:
            return max(texts, key=len)
    left, right = _clause(folded, start, end)
    words = view[left:start].strip(" -+*\t").split()
    while words and words[-1].lower() in _FILLER:
        words.pop()
    if len(words) >= 3:
        return " ".join(words[-14:])
    if left > 0 and view[left - 1] == ":":  # "Số thuê bao Internet: 7.399 thuê bao"
        head_left = max((m.end() for m in _AFTER_BOUNDARY.finditer(view, max(0, left - 200), left - 1)),
                        default=max(0, left - 200))
        head = view[head_left:left - 1].strip(" -+*\t0123456789.").split()
        if head:
            return " ".join(head[-14:])
    after = _AFTER_BOUNDARY.search(view, end, min(len(view), end + 200))
    tail = view[end:after.start() if after else min(len(view), end + 200)].strip(" -+*\t,").split()
    return " ".join((words + tail[:12]))


def _level(folded: str, start: int, end: int) -> str | None:
    """Cấp huyện / cấp xã: said after the number in its clause ("80% … tại thị xã"), else before it (the words
    before a colon included: "Tỷ lệ máy tính tại UBND cấp xã kết nối Internet: 100%"), else by the line's lead
    ("+ Cấp xã: tổng số hồ sơ …: 23.479 hồ sơ; … đạt 68.1%")."""
    left, right = _clause(folded, start, end)
    if left > 0 and folded[left - 1] == ":":
        left = _clause(folded, left - 1, left - 1)[0]
    said = [m for m in _LEVEL.finditer(folded, left, right) if not _AUTHORITY.search(folded, max(0, m.start() - 24),
                                                                                      m.start() + 1)]
    after = next((m for m in said if m.start() >= end), None)
    before = next((m for m in reversed(said) if m.end() <= start), None)
    if after or before:
        return _level_of(after or before)
    line_start = folded.rfind("\n", max(0, start - 2000), start) + 1
    lead = _LINE_LEAD.match(folded, line_start, start)
    return {"huyen": "huyện", "xa": "xã", "tinh": "tỉnh"}[lead.group("l")] if lead else None


def _level_of(found: re.Match | None) -> str | None:
    """The level a _LEVEL match names."""
    if not found:
        return None
    if found.group("x"):
        return "xã"
    word = re.sub(r"\s+", " ", found.group("l") or found.group("l2"))
    return {"huyen": "huyện", "thi xa": "huyện", "xa": "xã", "tinh": "tỉnh"}[word]


def _concept(folded: str, start: int, end: int, left: int, right: int, kind: str, unit: str) -> str | None:
    """The rule that matches nearest the number: the words up to the next number, then back to the
    previous one, then the whole clause ("100% … mức độ 3, 60% … mức độ 4")."""
    if kind == "count" and unit in UNIT_CONCEPT:
        return UNIT_CONCEPT[unit]
    next_number = _CLAIM.search(folded, end, right)
    previous = [m.end() for m in _CLAIM.finditer(folded, left, start)]
    segments = [folded[start:next_number.start() if next_number else right],
                folded[previous[-1] if previous else left:end], folded[left:right]]
    head = _list_head(folded, left)
    if head:
        segments.append(head)
    for segment in segments:
        for concept, kinds, pattern in INDICATOR_RULES:
            if (not kinds or kind in kinds) and pattern.search(segment) and (
                    kind != "count" or unit in COUNTS_ONLY.get(concept, (unit,))):
                return concept
    return None


def _list_head(folded: str, left: int) -> str | None:
    """The words before a line's first colon when the clause is a list item that names only its level ("cấp
    xã, thị trấn: 34/103 thủ tục" after "Tổng số dịch vụ công … có phát sinh hồ sơ: cấp huyện 66/139 thủ tục;"):
    what the whole list measures."""
    item = folded[left:folded.find(":", left) if ":" in folded[left:left + 40] else left]
    if not _LINE_LEAD.fullmatch(item.strip(" ,") + ":") and not re.fullmatch(r"[\s+\-*•]*cap\s+(?:huyen|xa|tinh)"
                                                                           r"(?:,\s+(?:phuong|thi\s+tran))*[\s,]*",
                                                                           item):
        return None
    line_start = folded.rfind("\n", max(0, left - 400), left) + 1
    head = _LIST_HEAD.match(folded, line_start, left)
    return head.group() if head else None


def _disjoint(spans) -> list[tuple[int, int]]:
    """Merge overlapping spans (a date inside a reference's tail) so the set stays disjoint."""
    merged: list[list[int]] = []
    for start, end in sorted(spans):
        if merged and start < merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    return [(a, b) for a, b in merged]


def find_indicators(doc: Doc, skip: list[tuple[int, int]]) -> list[Indicator]:
    """Every quantitative claim outside `skip` spans (document numbers, dates)."""
    view, folded = doc.view, doc.folded
    found: list[Indicator] = []
    taken = SpanSet(_disjoint(skip))
    not_numbers = SpanSet(_disjoint(skip))  # document numbers and dates, never a quantity
    numbers = list(number_starts(folded))  # where MONEY, PERCENT, RATIO and COUNT can begin

    def add(kind: str, m: re.Match, value: float, unit: str, num=None, den=None, counted=None,
            claim: bool = True, level: str | None = None) -> None:
        """`claim=False`: a derived reading over other claims' words (it neither needs nor takes their span)."""
        start, end = m.start(), m.end()
        if claim and not taken.free(start, end):
            return
        left, right = _clause(folded, start, end)
        if left > 0 and folded[left - 1] == ":":  # the words before a colon say what is counted
            left = _clause(folded, left - 1, left - 1)[0]
        comparator = None
        c = _COMPARATOR.search(folded[max(0, start - 12):start])
        if c:
            word = c.group().strip()
            comparator = ">" if word.startswith(("tren", "hon", "vuot")) else "<" if word.startswith(("duoi", "chua")) else "~"
        level = level or ("xã" if counted == "xã" else _level(folded, start, end))
        modality = ("target" if _TARGET.search(folded, max(0, start - 60), start)
                    else "change" if kind == "percent" and _CHANGE.search(folded, max(0, start - 24), start)
                    else "observed")
        found.append(Indicator(kind, value, unit, num, den, counted, _label(view, folded, start, end),
                               level, comparator,
                               _concept(folded, start, end, left, right, kind, unit),
                               start, end, view[start:end], modality))
        if claim:
            taken.add(start, end)

    for m in matches_at(MONEY, folded, numbers):
        if m.group("big"):
            add("money", m, parse_number(m.group("big")), "VND")
        elif m.group("v2"):
            add("money", m, round(parse_number(m.group("v2")) * _SCALE[m.group("scale2")]), "VND")
        else:
            add("money", m, round(parse_number(m.group("v")) * _SCALE[m.group("scale")]), "VND")
    for m in matches_at(PERCENT, folded, numbers):
        if _alone_on_its_line(view, m.start(), m.end()):
            continue  # "100%" on a line of its own: a page's zoom widget copied with the text, not a claim
        add("percent", m, parse_number(m.group("v"), percent=True), "percent")
    for m in matches_at(RATIO, folded, numbers):
        a, b = parse_number(m.group("a")), parse_number(m.group("b"))
        if b == 0 or a > b * 1.5 or (1900 <= b <= 2100 and a <= 12 and "." not in m.group("b")):
            continue  # not a share: "24/7", "tháng 10/2023"
        if _RANK.search(folded, max(0, m.start() - 24), m.start()) and a == int(a) and b == int(b):
            start, end = m.start(), m.end("b")
            if taken.free(start, end):
                found.append(Indicator("rank", a, "rank", a, b, None, _label(view, folded, start, end),
                                       _level(folded, start, end), None, None, start, end, view[start:end], "rank"))
                taken.add(start, end)
            continue
        counted = SHARE_UNITS[re.sub(r"\s+", " ", m.group("unit"))] if m.group("unit") else None
        add("ratio", m, round(100 * a / b, 2), "percent", a, b, counted)
    for m in COUNT_AFTER.finditer(folded):
        unit = UNITS[re.sub(r"\s+", " ", m.group("unit"))]
        start = m.start("v")
        span = re.compile(re.escape(folded[start:m.end()]))
        add("count", span.match(folded, start), parse_number(m.group("v")), unit)
    for m in matches_at(COUNT, folded, numbers):
        if re.search(r"(?:luc|vao)\s*$", folded[max(0, m.start() - 6):m.start()]) and "gio" in m.group("unit"):
            continue  # "vào lúc 8 giờ sáng" is a time of day
        if folded[m.start() - 1:m.start()] in ("“", '"', "«") and folded[m.end():m.end() + 1] in ("”", '"', "»"):
            continue  # "mô hình “4 lớp”": a name in quotes, not a count
        unit = UNITS[re.sub(r"\s+", " ", m.group("unit"))]
        if unit == "dịch vụ":
            unit = _counted_services(folded, m.start())
        add("count", m, parse_number(m.group("v").replace(" ", "")), unit)
    for m in COUNT_AFTER_COLON.finditer(folded):
        if not not_numbers.free(m.start("v"), m.end("v")):
            continue
        line_start = folded.rfind("\n", max(0, m.start() - 400), m.start()) + 1
        named = None
        for named in _COUNTED_BEFORE.finditer(folded, line_start, m.start()):
            pass
        if named:
            span = re.compile(re.escape(m.group("v"))).match(folded, m.start("v"))
            add("count", span, parse_number(m.group("v")), UNITS[re.sub(r"\s+", " ", named.group("unit"))])
    for m in TOTAL_PART.finditer(folded):
        total, part = parse_number(m.group("total")), parse_number(m.group("part"))
        if not 0 < part <= total or not all(not_numbers.free(m.start(g), m.end(g)) for g in ("total", "part")):
            continue
        line_start = folded.rfind("\n", 0, m.start()) + 1
        lead = None
        for lead in _LEVEL.finditer(folded, line_start, m.start()):  # "+ Cấp xã: tổng số …"
            pass
        level = _level_of(lead)
        unit = UNITS[re.sub(r"\s+", " ", m.group("unit"))]
        add("ratio", m, round(100 * part / total, 2), "percent", part, total, unit, claim=False, level=level)
    found.sort(key=lambda i: i.start)
    return _one_per_quantity(found, folded)


def _counted_services(folded: str, start: int) -> str:
    """"dịch vụ" counts public services when its sentence speaks of them ("tổng số dịch vụ công trực tuyến
    một phần là 54 dịch vụ"); otherwise it stays the word it is."""
    sentence = max(folded.rfind(".", max(0, start - 200), start), folded.rfind("\n", max(0, start - 200), start))
    return "dịch vụ công" if "dich vu cong" in folded[sentence + 1:start] else "dịch vụ"


def _alone_on_its_line(view: str, start: int, end: int) -> bool:
    """Nothing but the figure (and a widget's + and -) on its line; looked for within 16 characters either
    side, so that a megabyte on one line costs no more per figure."""
    line_start = view.rfind("\n", max(0, start - 16), start)
    line_end = view.find("\n", end, end + 16)
    if (line_start == -1 and start > 16) or (line_end == -1 and end + 16 < len(view)):
        return False
    line = view[line_start + 1:line_end if line_end != -1 else len(view)]
    return len(line) <= 16 and not re.sub(r"[\d.,%\s+\-−–]", "", line)


def _one_per_quantity(found: list[Indicator], folded: str) -> list[Indicator]:
    """A share and the percent that states it again right after ("17.236/17.307 hồ sơ, đạt 99,99%") are one
    observation: the share, with the percent as written (`stated_percent`) and its concept if it had none."""
    out: list[Indicator] = []
    for ind in found:
        share = out[-1] if out else None
        if (share and share.kind == "ratio" and ind.kind == "percent" and share.modality == ind.modality
                and _RESTATED.search(folded[share.end:ind.start])):
            out[-1] = replace(share, stated_percent=ind.value, concept=share.concept or ind.concept)
            continue
        percent = out[-1] if out else None
        if (percent and percent.kind == "percent" and ind.kind == "ratio" and percent.modality == ind.modality
                and _RESTATED_IN_BRACKETS.search(folded[percent.end:ind.start])):
            # the share, which says what was counted; the percent's label and concept, which say what it measures
            out[-1] = replace(ind, stated_percent=percent.value, concept=ind.concept or percent.concept,
                              label=percent.label, level=ind.level or percent.level)
            continue
        out.append(ind)
    return out


def restated_differently(ind: Indicator) -> bool:
    """The percent written beside a share differs from the share by more than its own rounding."""
    if ind.stated_percent is None:
        return False
    decimals = len(f"{ind.stated_percent:g}".partition(".")[2])
    return abs(ind.value - ind.stated_percent) > 0.5 * 10 ** -decimals + 0.01

"""What each cited document is to the report, and relations stated between cited documents."""

from __future__ import annotations

import re

from policykg.extract.models import DocRelation, Reference, Role, UnitMention
from policykg.text import Doc

_ACT = r"(?:thuc\s{1,2}hien|trien\s{1,2}khai|cu\s{1,2}the\s{1,2}hoa|quan\s{1,2}triet)"
# "… thực hiện có hiệu quả Nghị quyết", "… triển khai thực hiện các mục tiêu, nhiệm vụ đã đề ra trong Kế hoạch"
IMPLEMENTS = re.compile(rf"{_ACT}\b[^.;\n]{{0,75}}$")
CONFORMS = re.compile(
    r"theo\b[^.;\n]{0,40}\b(?:tai|cua)\s{1,3}(?:cac\s+)?$|"
    r"(?:theo\s+quy\s+dinh|quy\s+dinh|theo\s+yeu\s+cau|yeu\s+cau|theo\s+huong\s+dan|huong\s+dan|"
    r"phu\s+hop\s+voi|dung\s+voi|can\s+cu(?:\s+vao)?|theo)(?:\s+(?:tai|cua))?\s{1,3}(?:cac\s+)?$"
)
# "Căn cứ …", "Căn cứ vào …": what follows is a legal basis, unless it is the request the report answers.
BASED_ON = re.compile(r"\bcan\s{1,2}cu(?:\s{1,2}vao)?\s{0,3}(?:cac\s+)?"
                      r"(?:(?:luat|bo\s{1,2}luat|phap\s{1,2}lenh)\b[^,.;:\n]{0,60})?$")  # "Căn cứ Luật Giao dịch điện tử số …"
# A request: "Công văn số 1409/STTT-VP … về đăng ký làm việc …", "… về việc báo cáo …", "… đề nghị báo cáo …"
REQUEST_KINDS = {"Công văn", "Công điện", "Thông báo"}
ASKS_FOR_A_REPORT = re.compile(r"^[^,.;\n]{0,160}?\b(?:bao\s{1,2}cao|dang\s{1,2}ky\s{1,2}lam\s{1,2}viec|"
                               r"de\s{1,2}nghi|lam\s{1,2}viec\s{1,2}voi)\b")
ISSUED = re.compile(r"ban\s{1,2}hanh\s{1,3}(?:duoc\s+)?(?:cac\s+)?$")
# A cited document described as carrying out another: "Kế hoạch số 30-KH/HU … về việc triển khai thực hiện Nghị quyết 04-NQ/TU"
DOC_APPLIES = re.compile(
    rf"(?:ve\s+viec|ve|de|nham|v/v)?\s{{0,2}}(?:tiep\s+tuc\s+)?(?:trien\s+khai\s+)?{_ACT}"
    r"(?:\s+(?:cac\s+nhiem\s+vu|nhiem\s+vu|muc\s+tieu)(?:\s+(?:cua|tai))?)?\s{1,3}(?:cac\s+)?$"
)
# What one act does to another, said between them: "Nghị định 107/2021/NĐ-CP … sửa đổi, bổ sung một số điều của
# Nghị định 61/2018/NĐ-CP", "… thay thế Quyết định …", "… bãi bỏ …"; and said the other way round: "Nghị định
# 61/2018/NĐ-CP (đã được sửa đổi, bổ sung tại Nghị định 107/2021/NĐ-CP)".
_CHANGES = (("amends", r"sua\s{1,2}doi"),  # "bổ sung" alone adds tasks to plans: not a change of an act
             ("replaces", r"thay\s{1,2}the"), ("repeals", r"bai\s{1,2}bo"))
CHANGES_NEXT = [(kind, re.compile(rf"(?<!duoc )(?<!bi )\b(?:{words})\b(?![^.;\n]{{0,80}}\b(?:boi|tai)\b)[^.;\n]{{0,80}}$"))
                for kind, words in _CHANGES]
CHANGED_BY_NEXT = [(kind, re.compile(rf"\b(?:duoc|bi)\s{{1,2}}(?:{words})\b[^.;\n]{{0,60}}\b(?:boi|tai|theo)\s{{1,3}}(?:cac\s+)?$"))
                   for kind, words in _CHANGES]
LIST_SEPARATOR = re.compile(r"(?:[;,]|\s+va)\s{0,3}(?:cac\s+)?$")
INTRO_END = re.compile(r"nhu\s+sau|cu\s+the\s*:|sau\s+day\s*:")
# Sentences end at a line break or a full stop before a capital; ";" ends a clause but not a list of references.
_BOUNDARY = re.compile(r"\n|[.!?](?=\s+[^\sa-z0-9])")
_NOT_AUTHORITY = {"huyen-uy", "btv-huyen-uy", "hdnd", "thanh-uy"}


def intro_end(doc: Doc) -> int:
    """End of the opening paragraph that states the request ("… báo cáo như sau:")."""
    m = INTRO_END.search(doc.folded, 0, min(len(doc), 4000))
    return m.end() if m else 0


def _clause_start(view: str, pos: int) -> int:
    start = 0
    for m in _BOUNDARY.finditer(view, max(0, pos - 600), pos):
        start = m.end()
    return start


def assign_roles(refs: list[Reference], doc: Doc, reporter: UnitMention | None) -> list[DocRelation]:
    """Set each reference's relation to the report and return doc-to-doc relations."""
    folded = doc.folded
    relations: list[DocRelation] = []
    # The role a list item passes on: an object of "A … thực hiện B" passes on A's role.
    list_role: list[Role] = []
    intro = intro_end(doc)
    for i, ref in enumerate(refs):
        clause = _clause_start(doc.view, ref.start)
        prev = refs[i - 1] if i > 0 and refs[i - 1].end > clause else None
        before = folded[clause:ref.start]
        since_prev = folded[prev.end:ref.start] if prev else before
        if prev and ";" not in since_prev:
            relations.extend(_stated_change(i - 1, i, prev, ref, since_prev))
        if ref.start < intro and not _a_stated_basis(ref, since_prev, folded):
            ref.relation = Role.RESPONDS_TO
        elif BASED_ON.search(since_prev[-100:]):
            ref.relation = Role.BASED_ON
        elif ISSUED.search(before[-60:]):
            ref.relation = Role.ISSUED
        elif prev and ";" not in since_prev and prev.number != ref.number and DOC_APPLIES.search(since_prev):
            # (a document never implements itself: "… Đề án 06 …, UBND xã … thực hiện Đề án 06" is the reporter's)
            relations.append(DocRelation(i - 1, "implements", i, prev.start, ref.end))
            ref.relation = Role.CITES
            list_role.append(list_role[i - 1])
            continue
        elif CONFORMS.search(since_prev[-60:]):
            ref.relation = Role.CONFORMS_TO
        elif IMPLEMENTS.search(since_prev):
            ref.relation = Role.IMPLEMENTS
        elif prev and LIST_SEPARATOR.search(since_prev) and list_role[i - 1] in (Role.IMPLEMENTS, Role.CONFORMS_TO,
                                                                                  Role.BASED_ON):
            ref.relation = list_role[i - 1]  # "thực hiện Nghị quyết …; Kết luận …"
        elif prev is None and IMPLEMENTS.search(before):
            ref.relation = Role.IMPLEMENTS
        elif _issued_by_reporting_authority(ref, reporter):
            ref.relation = Role.ISSUED
        else:
            ref.relation = Role.CITES
        list_role.append(ref.relation)
    return relations


def _a_stated_basis(ref: Reference, before: str, folded: str) -> bool:
    """In the opening paragraph, "Căn cứ Kế hoạch số 60/KH-UBND …" states a basis; "Căn cứ Công văn số 1409/STTT-VP
    … về đăng ký làm việc …" is the request the report answers."""
    return bool(BASED_ON.search(before[-100:]) and ref.kind not in REQUEST_KINDS
                and not ASKS_FOR_A_REPORT.search(folded[ref.end:ref.end + 200]))


def _stated_change(before: int, after: int, prev: Reference, ref: Reference, between: str) -> list[DocRelation]:
    """A change one act makes to another said between them: the earlier one changes the later one ("A … sửa đổi
    B"), or is changed by it ("A … được sửa đổi tại B"). Never a document to itself."""
    if prev.number == ref.number:
        return []
    for kind, pattern in CHANGED_BY_NEXT:
        if pattern.search(between):
            return [DocRelation(after, kind, before, prev.start, ref.end)]
    for kind, pattern in CHANGES_NEXT:
        if pattern.search(between):
            return [DocRelation(before, kind, after, prev.start, ref.end)]
    return []


def _issued_by_reporting_authority(ref: Reference, reporter: UnitMention | None) -> bool:
    issuer = ref.issuer
    return bool(issuer and reporter and issuer.source == "stated" and issuer.level == reporter.level
                and issuer.unit_code == reporter.code and issuer.unit_era == reporter.era
                and issuer.body not in _NOT_AUTHORITY)

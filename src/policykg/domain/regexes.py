"""Regular expressions over *folded* report text (lower-case, no diacritics, đ -> d).

Folding keeps one character per character, so a match's span is also the span in the NFC text;
matching folded text makes "Nghi dinh 42/2022/ND-CP" and "Nghị định 42/2022/NĐ-CP" the same.
Every quantifier is bounded or over a disjoint class, so no pattern backtracks catastrophically.
"""

from __future__ import annotations

import re

# A code segment in a number: KH, UBND, BCVT&CNTT, QH14, TTg (folded: ttg).
_CODE = r"[a-z][a-z0-9&]{0,15}"
# A dash inside a number, a space either side allowed ("164/TTr- SKHCN") but no line break.
_DASH = r"[ \t]?[-\u2013\u2011][ \t]?"
# Words that follow a dash in running text, never a code: "Nghị quyết 06/TU - ngày 26/3", "… - về việc …"
_NOT_A_CODE = r"(?!(?:ngay|ve|nam|thang|cua|va|tai|theo|trong|den|nhu|de|cac|nhung|dong|giai)\b)"
ISSUER_CODES = rf"{_CODE}(?:{_DASH}{_NOT_A_CODE}{_CODE}){{0,4}}"

# State form: 42/2022/NĐ-CP, 169/KH-UBND, 26 /KH-UBND, 847/STTTT-BCVT&CNTT.
STATE_NUMBER = (
    rf"(?P<num>\d{{1,6}}[a-z]?)\s{{0,2}}/\s{{0,2}}"
    rf"(?:(?P<year>(?:19|20)\d{{2}})\s{{0,2}}/\s{{0,2}})?"
    rf"(?P<codes>{ISSUER_CODES})"
)
# Party form: 04-NQ/TU, 30-KH/HU, 371-KL/TU, 28-CT/TW, 12-HD/BTGTU.
PARTY_NUMBER = (
    rf"(?P<pnum>\d{{1,5}}){_DASH}(?P<ptype>{_CODE})\s{{0,2}}/\s{{0,2}}(?P<porg>{ISSUER_CODES})"
)
NUMBER = rf"(?:{PARTY_NUMBER}|{STATE_NUMBER})(?![a-z0-9/])"

# Document kinds as written (folded), longest first so "thong tu lien tich" wins over "thong tu".
KIND_WORDS = {
    "nghi quyet lien tich": "Nghị quyết liên tịch",
    "thong tu lien tich": "Thông tư liên tịch",
    "nghi quyet": "Nghị quyết",
    "nghi dinh": "Nghị định",
    "quyet dinh": "Quyết định",
    "ke hoach": "Kế hoạch",
    "chi thi": "Chỉ thị",
    "cong van": "Công văn",
    "van ban": "Văn bản",
    "ket luan": "Kết luận",
    "huong dan": "Hướng dẫn",
    "thong tu": "Thông tư",
    "bo luat": "Bộ luật",
    "luat": "Luật",
    "phap lenh": "Pháp lệnh",
    "thong bao": "Thông báo",
    "bao cao": "Báo cáo",
    "to trinh": "Tờ trình",
    "chuong trinh": "Chương trình",
    "de an": "Đề án",
    "cong dien": "Công điện",
    "quy dinh": "Quy định",
    "quy che": "Quy chế",
    # abbreviations used as kind words: "QĐ số: 266/QĐ-BĐBP", "CV số 12/UBND"
    "nq": "Nghị quyết",
    "nd": "Nghị định",
    "qd": "Quyết định",
    "kh": "Kế hoạch",
    "ct": "Chỉ thị",
    "cv": "Công văn",
    "kl": "Kết luận",
    "tb": "Thông báo",
    "ttr": "Tờ trình",
}
_KINDS = "|".join(sorted((re.escape(k).replace(r"\ ", r"\s{1,3}") for k in KIND_WORDS), key=len, reverse=True))

# "Kế hoạch số 169/KH-UBND", "Nghị định 43/2011/NĐ-CP", "QĐ số: 266/QĐ-BĐBP", "các Quyết định số: 749/QĐ-TTg"
KIND_THEN_NUMBER = re.compile(
    rf"(?<![a-z0-9])(?P<kind>{_KINDS})\s{{0,3}}(?:so(?:\s{{1,2}}hieu)?\b)?\s{{0,2}}[:.]?\s{{0,3}}{NUMBER}"
)
BARE_NUMBER = re.compile(rf"(?<![a-z0-9/.\-])(?:so\s{{0,2}}[:.]?\s{{0,2}})?{NUMBER}")
# Another number right after a reference in a list: ", 43/2011/NĐ-CP", " và số 12/UBND"
LIST_CONTINUATION = re.compile(rf"\s{{0,3}}(?:,|;|va\b|&)\s{{0,3}}(?:so\s{{0,2}}[:.]?\s{{0,2}})?{NUMBER}")

# Dates. "ngày 30 tháng 01 năm 2024", "ngày 15/6/2023", "ngày   tháng 7 năm 2023", "ngày tháng năm 2022".
_BLANK = r"(?:[\s.…_]{0,12})"
DATE = re.compile(
    r"(?:ngay\s{0,3}(?P<d1>\d{1,2})\s{0,2}[/.\-]\s{0,2}(?P<m1>\d{1,2})\s{0,2}[/.\-]\s{0,2}(?P<y1>\d{4})"
    r"|ngay\s{0,3}(?P<d2>\d{1,2})\s{1,3}thang\s{1,3}(?P<m2>\d{1,2})\s{1,3}nam\s{1,3}(?P<y2>\d{4})"
    rf"|ngay{_BLANK}thang\s{{1,3}}(?P<m3>\d{{1,2}})\s{{1,3}}nam\s{{1,3}}(?P<y3>\d{{4}})"
    rf"|ngay{_BLANK}thang{_BLANK}nam\s{{1,3}}(?P<y4>\d{{4}})"
    r"|(?<![\d/])(?P<d5>\d{1,2})\s{0,1}/\s{0,1}(?P<m5>\d{1,2})\s{0,1}/\s{0,1}(?P<y5>(?:19|20)\d{2})(?![\d/]))"
)

# What may stand between a number and its date: ", ngày", " ban hành ngày", " (ngày"
DATE_AFTER_NUMBER = re.compile(r"\s{0,3}[,(]?\s{0,3}(?:ban\s{1,2}hanh\s{1,3})?(?=ngay|\d)")
# "ngày 15/6/2023, UBND huyện đã ban hành Kế hoạch số …": the date said before the reference.
BEFORE_ISSUED = re.compile(r"[^.;\n]{0,80}ban\s{1,2}hanh\s{1,3}(?:cac\s{1,2})?$")

OF_ISSUER = re.compile(r"\s{0,3}[,]?\s{0,3}cua\s{1,3}")

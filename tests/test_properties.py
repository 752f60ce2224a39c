"""Property tests: no crash on arbitrary Unicode; every span lies inside the text and quotes it."""

from __future__ import annotations

import unicodedata

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from policykg.extract import extract_text
from policykg.text import SourceText

# Text in the reports' own alphabet, with the forms that break naive code: combining marks, digits and
# separators of numbers and dates, document-number punctuation, markdown and line breaks.
ALPHABET = st.sampled_from(list("aăâbcdđeêghiklmnoôơpqrstuưvxyAĂÂĐEÊOÔƠƯ àáảãạằắẳẵặầấẩẫậèéẻẽẹềếểễệìíỉĩị"
                                "òóỏõọồốổỗộờớởỡợùúủũụừứửữựỳýỷỹỵ0123456789/-.,:;%()*\n\t")
                         + ["\u0300", "\u0301", "\u0303", "\u0309", "\u0323", "số ", "ngày ", "tháng ", "năm ",
                            "Kế hoạch ", "Nghị định ", "/KH-UBND", "/2022/NĐ-CP", "-NQ/TU", "huyện ", "Hớn Quản",
                            "thị xã ", "của UBND huyện ", "thực hiện ", "hồ sơ", "tỷ đồng", "Đề án 06"])
REPORT_TEXT = st.lists(ALPHABET, max_size=400).map("".join)
FAST = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@FAST
@given(st.text(max_size=500))
def test_no_crash_on_arbitrary_unicode(text):
    extract_text(text, "fuzz")


@FAST
@given(REPORT_TEXT)
def test_spans_lie_inside_the_text_and_quote_it(text):
    e = extract_text(text, "fuzz")
    for ref in e.references:
        assert 0 <= ref.start < ref.end <= len(text)
        assert unicodedata.normalize("NFC", text[ref.start:ref.end]) == ref.text
    for ind in e.indicators:
        assert 0 <= ind.start < ind.end <= len(text)
        assert unicodedata.normalize("NFC", text[ind.start:ind.end]) == ind.text
    for m in e.unit_mentions:
        assert unicodedata.normalize("NFC", text[m.start:m.end]) == m.text
    for s in e.statements:
        assert unicodedata.normalize("NFC", text[s.start:s.end]) == s.text


@FAST
@given(REPORT_TEXT)
def test_nfc_and_nfd_give_the_same_extraction(text):
    a = extract_text(unicodedata.normalize("NFC", text), "a")
    b = extract_text(unicodedata.normalize("NFD", text), "b")
    assert [(r.number, r.date and r.date.iso, r.relation) for r in a.references] == \
        [(r.number, r.date and r.date.iso, r.relation) for r in b.references]
    assert [(i.value, i.unit) for i in a.indicators] == [(i.value, i.unit) for i in b.indicators]


@FAST
@given(st.text(max_size=300))
def test_offset_map_round_trips(text):
    src = SourceText.of(text)
    assert len(src._offsets) == len(src.text) + 1
    assert src.to_original(0, len(src.text)) == (0, len(src.original))

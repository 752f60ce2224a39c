"""Each number, date, issuer and district form in isolation, on sentences in the reports' own style."""

from __future__ import annotations

import unicodedata

import pytest

from policykg.extract import extract_text
from policykg.catalog import load_catalog
from policykg.resolve.report import resolve_reference

HEAD = "UBND huyện Hớn Quản báo cáo như sau:\n"


def refs(sentence: str, head: str = HEAD):
    return extract_text(head + sentence, "t").references


def one(sentence: str, head: str = HEAD):
    found = refs(sentence, head)
    assert len(found) == 1, [r.number for r in found]
    return found[0]


@pytest.mark.parametrize("sentence, kind, number", [
    ("Thực hiện Nghị định số 42/2022/NĐ-CP của Chính phủ.", "Nghị định", "42/2022/NĐ-CP"),
    ("theo Nghi dinh 42/2022/ND-CP cua Chinh phu.", "Nghị định", "42/2022/NĐ-CP"),
    ("ban hành Kế hoạch số 26 /KH-UBND về chuyển đổi số.", "Kế hoạch", "26/KH-UBND"),
    ("Quyết định số 749/QĐ-TTg của Thủ tướng Chính phủ.", "Quyết định", "749/QĐ-TTg"),
    ("quán triệt Nghị quyết số 04-NQ/TU của Tỉnh ủy.", "Nghị quyết", "04-NQ/TU"),
    ("Chỉ thị số 28-CT/TW của Ban Bí thư.", "Chỉ thị", "28-CT/TW"),
    ("theo QĐ số: 266/QĐ-BĐBP, ngày 27/9/2023 của Bưu điện tỉnh.", "Quyết định", "266/QĐ-BĐBP"),
    ("Công văn số 847/STTTT-BCVT&CNTT ngày 22/6/2022.", "Công văn", "847/STTTT-BCVT&CNTT"),
    ("Luật số 67/2006/QH11 về công nghệ thông tin.", "Luật", "67/2006/QH11"),
    ("Thông tư số 01/2023/TT-BTTTT của Bộ.", "Thông tư", "01/2023/TT-BTTTT"),
    ("theo 45/2020/NĐ-CP về thủ tục.", "Nghị định", "45/2020/NĐ-CP"),
    ("**Kế hoạch số 30-KH/HU** của Huyện ủy.", "Kế hoạch", "30-KH/HU"),
    ("Kết luận số 371 - KL/TU của Ban Thường vụ.", "Kết luận", "371-KL/TU"),
])
def test_number_forms(sentence, kind, number):
    ref = one(sentence)
    assert (ref.kind, ref.number) == (kind, number)


def test_not_references():
    assert refs("Số hóa 1154/3736 hồ sơ; 13/13 xã; tháng 10/2023; tốc độ 100km/h; 24/24h trực.") == []


def test_own_number_in_header_is_not_a_reference():
    assert refs("", head="Số: 123/BC-UBND\n\nBÁO CÁO\nUBND huyện Hớn Quản báo cáo như sau:\n") == []


def test_lists_keep_the_kind():
    found = refs("thực hiện các Công văn số 12/UBND, 13/UBND và số 14/UBND của UBND huyện.")
    assert [(r.kind, r.number) for r in found] == [("Công văn", "12/UBND"), ("Công văn", "13/UBND"),
                                                   ("Công văn", "14/UBND")]


@pytest.mark.parametrize("sentence, iso, precision", [
    ("Kế hoạch số 1/KH-UBND ngày 30 tháng 01 năm 2024 của UBND huyện.", "2024-01-30", "day"),
    ("Kế hoạch số 1/KH-UBND ngày 15/6/2023 của UBND huyện.", "2023-06-15", "day"),
    ("Kế hoạch số 1/KH-UBND ngày 05-07-2023.", "2023-07-05", "day"),
    ("Kế hoạch số 1/KH-UBND ngày   tháng 7 năm 2023.", None, "month"),
    ("Ngày 15/6/2023, UBND huyện đã ban hành Kế hoạch số 1/KH-UBND về chuyển đổi số.", "2023-06-15", "day"),
])
def test_date_forms(sentence, iso, precision):
    ref = one(sentence)
    assert ref.date is not None and ref.date.iso == iso and ref.date.precision == precision


def test_impossible_date_is_kept_as_text_and_flagged():
    extraction = extract_text(HEAD + "Kế hoạch số 1/KH-UBND ngày 31/02/2023 của UBND huyện.", "t")
    ref = extraction.references[0]
    assert ref.date.iso is None and ref.date.text == "ngày 31/02/2023"
    assert any("impossible date" in w for w in extraction.warnings)


def test_date_before_an_unrelated_reference_is_not_taken():
    ref = refs("Ngày 15/6/2023. Thực hiện Kế hoạch số 1/KH-UBND.")[0]
    assert ref.date is None


@pytest.mark.parametrize("sentence, issuer, level, body, unit", [
    ("Kế hoạch số 1/KH-UBND ngày 1/2/2023 của UBND huyện về chuyển đổi số.", "UBND huyện", "district", "ubnd", "694"),
    ("Nghị định số 42/2022/NĐ-CP của Chính phủ về việc.", "Chính phủ", "national", "chinh-phu", None),
    ("Kết luận số 371-KL/TU ngày 25/6/2022 của Ban Thường vụ Tỉnh ủy Bình Phước về phát triển.",
     "Ban Thường vụ Tỉnh ủy Bình Phước", "province", "btv-tinh-uy", "70"),
    ("Nghị quyết số 04-NQ/TU ngày 18/5/2021 của Ban Chấp hành Đảng bộ tỉnh Bình Phước về chuyển đổi số.",
     "Ban Chấp hành Đảng bộ tỉnh Bình Phước", "province", "tinh-uy", "70"),
    ("Kế hoạch số 9/KH-UBND ngày 2/3/2022 của UBND thị xã Đức Phổ Triển khai thực hiện Đề án.",
     "UBND thị xã Đức Phổ", "district", "ubnd", "534"),
    ("Theo đề nghị của Sở Thông tin và Truyền thông Quảng Ngãi tại Công văn số 847/STTTT-BCVT&CNTT.",
     "Sở Thông tin và Truyền thông Quảng Ngãi", "province", "so-tttt", "51"),
])
def test_issuer_forms(sentence, issuer, level, body, unit):
    ref = one(sentence)
    assert (ref.issuer.text, ref.issuer.level, ref.issuer.body, ref.issuer.unit_code) == (issuer, level, body, unit)


def test_issuer_implied_by_the_number():
    ref = one("Thực hiện Quyết định 749/QĐ-TTg.")
    assert (ref.issuer.text, ref.issuer.source) == ("Thủ tướng Chính phủ", "number")


@pytest.mark.parametrize("sentence, role", [
    ("Tiếp tục thực hiện có hiệu quả Nghị quyết số 04-NQ/TU của Tỉnh ủy.", "implements"),
    ("UBND huyện đã ban hành Kế hoạch số 5/KH-UBND về chuyển đổi số.", "issued"),
    ("công khai thông tin theo quy định tại Nghị định số 43/2011/NĐ-CP.", "conforms_to"),
    ("Cổng thông tin đã đáp ứng Nghị định số 43/2011/NĐ-CP.", "cites"),
])
def test_roles(sentence, role):
    assert one(sentence).relation.value == role


def test_request_in_the_opening_paragraph():
    ref = refs("", head="Căn cứ Công văn số 1409/STTT-VP ngày 11/10/2023 của Sở Thông tin và Truyền thông; "
                        "UBND huyện Hớn Quản báo cáo như sau:\n")[0]
    assert ref.relation.value == "responds_to"


def test_list_items_inherit_the_role():
    found = refs("Tiếp tục thực hiện Nghị quyết số 04-NQ/TU ngày 18/5/2021 của Tỉnh ủy về chuyển đổi số; "
                 "Kết luận số 371-KL/TU ngày 25/6/2022 của Ban Thường vụ Tỉnh ủy.")
    assert [r.relation.value for r in found] == ["implements", "implements"]


def test_doc_to_doc_relation():
    extraction = extract_text(HEAD + "Kế hoạch số 30-KH/HU ngày 30/7/2021 của Huyện ủy về việc triển khai thực hiện "
                                     "Nghị quyết 04-NQ/TU ngày 18/5/2021 của Tỉnh ủy.", "t")
    rel = extraction.relations[0]
    assert (extraction.references[rel.subject].number, rel.predicate, extraction.references[rel.object].number) == \
        ("30-KH/HU", "implements", "04-NQ/TU")


def test_no_relation_across_a_semicolon():
    extraction = extract_text(HEAD + "Kết luận số 371-KL/TU của Ban Thường vụ Tỉnh ủy; tuyên truyền thực hiện "
                                     "Kế hoạch số 30-KH/HU của Huyện ủy.", "t")
    assert extraction.relations == []


@pytest.mark.parametrize("text, code, confidence", [
    ("UBND huyện Hớn Quản báo cáo như sau:", "694", 1.0),
    ("Báo cáo trên địa bàn huyện Hón Quản (tính đến tháng 10/2023)", "694", 0.9),
    ("UBND huyên Hớn Quản báo cáo", "694", 1.0),
    ("UBND huyen Hon Quan bao cao", "694", 0.9),
    ("UBND thị xã Đức Phố báo cáo", "534", 0.9),
    ("UBND huyện Hớn Quãn báo cáo", "694", 0.9),
    ("UBND huyện Hớn Quảng báo cáo", "694", None),
])
def test_misspelt_district_names(text, code, confidence):
    district = extract_text(text, "t").unit
    assert district is not None and district.code == code
    if confidence is None:
        assert 0.5 < district.confidence < 0.9  # fuzzy
    else:
        assert district.confidence == confidence


def test_old_and_new_tone_placement_match_exactly():
    new, old = extract_text("UBND huyện Đông Hòa báo cáo", "t").unit, extract_text("UBND huyện Đông Hoà báo cáo", "t").unit
    assert new.code == old.code and new.confidence == old.confidence == 1.0


def test_province_decides_between_districts_of_the_same_name():
    a = extract_text("UBND huyện Châu Thành tỉnh Tiền Giang báo cáo", "t").unit
    b = extract_text("UBND huyện Châu Thành tỉnh An Giang báo cáo", "t").unit
    assert a.code != b.code and a.province == "Tiền Giang" and b.province == "An Giang"


def test_nfd_text_gives_the_same_extraction_with_spans_into_the_nfd_text():
    text = HEAD + "Tiếp tục thực hiện Nghị quyết số 04-NQ/TU ngày 18/5/2021 của Tỉnh ủy Bình Phước."
    nfd = unicodedata.normalize("NFD", text)
    a, b = extract_text(text, "t"), extract_text(nfd, "t")
    assert [(r.number, r.date.iso, r.relation) for r in a.references] == \
        [(r.number, r.date.iso, r.relation) for r in b.references]
    ref = b.references[0]
    assert unicodedata.normalize("NFC", nfd[ref.start:ref.end]) == ref.text
    assert b.unit.code == "694"


def test_same_number_same_issuer_is_one_document_other_issuer_another():
    catalog = load_catalog()
    spaced = one("ban hành Kế hoạch số 26 /KH-UBND ngày 1/2/2023 của UBND huyện.")
    plain = one("ban hành Kế hoạch số 26/KH-UBND ngày 3/4/2023 của UBND huyện.")
    other = one("ban hành Kế hoạch số 26/KH-UBND ngày 3/4/2023 của UBND huyện Minh Long.")
    iri = resolve_reference(spaced, catalog).doc_iri
    assert iri == resolve_reference(plain, catalog).doc_iri
    assert iri != resolve_reference(other, catalog).doc_iri


def test_normative_numbers_are_one_node_whatever_the_spelling():
    catalog = load_catalog()
    a = resolve_reference(one("theo Nghị định 42/2022/NĐ-CP."), catalog)
    b = resolve_reference(one("theo Nghi dinh 42/2022/ND-CP."), catalog)
    assert a.doc_iri == b.doc_iri and a.catalog is not None and a.catalog.number == "42/2022/NĐ-CP"


def test_non_normative_numbers_restart_each_year():
    catalog = load_catalog()
    a = resolve_reference(one("Quyết định số 749/QĐ-TTg ngày 03/6/2020 của Thủ tướng Chính phủ."), catalog)
    b = resolve_reference(one("Quyết định số 749/QĐ-TTg ngày 10/5/2023 của Thủ tướng Chính phủ."), catalog)
    assert a.catalog is not None and b.catalog is None and a.doc_iri != b.doc_iri


def test_a_year_typo_matches_the_catalog_and_is_flagged():
    c = resolve_reference(one("theo Quyết định số 468/QĐ-TTg ngày 27/3/2022 của Thủ tướng Chính phủ."), load_catalog())
    assert c.catalog is not None and c.catalog.number == "468/QĐ-TTg"
    assert [(x.field, x.stated, x.catalog) for x in c.conflicts] == [("date_signed", "2022-03-27", "2021-03-27")]


# ---------------------------------------------------------------- when the report was written

UNDATED = "UBND HUYỆN MINH LONG\n\nSố: /BC-UBND\n\nMinh Long, ngày     tháng     năm 2022\n\nBÁO CÁO\nKết quả năm 2022\n\n"


def bounds(body: str):
    ex = extract_text(UNDATED + body, "t")
    return ex.metadata, ex.warnings


@pytest.mark.parametrize("sentence, earliest", [
    ("Số liệu (Đến 18/5/2022) như sau.", "2022-05-18"),
    ("Kết quả từ 01/01/2021 đến ngày 25/6/2022 đạt 90%.", "2022-06-25"),
    ("Tính đến hết ngày 30 / 6 / 2022, đã số hóa 500 hồ sơ.", "2022-06-30"),
])
def test_a_data_cut_off_bounds_the_writing_date(sentence, earliest):
    meta, _ = bounds(sentence)
    assert meta.date_earliest == earliest and meta.date_latest == "2022-12-31"
    basis = next(b for b in meta.date_basis if b.bound == "earliest")
    assert basis.rule == "cut-off" and (UNDATED + sentence)[basis.start:basis.end] == basis.text


@pytest.mark.parametrize("sentence", [
    "Phấn đấu đến ngày 30/9/2022 hoàn thành 100% thủ tục.",  # a target, not a cut-off
    "Kế hoạch triển khai đến ngày 30/11/2022.",
    "Số liệu đến ngày 31/02/2022.",  # no such day
])
def test_targets_and_impossible_days_are_no_cut_off(sentence):
    meta, _ = bounds(sentence)
    assert all(b.rule != "cut-off" for b in meta.date_basis)


def test_a_cut_off_after_the_latest_day_is_flagged_not_used():
    meta, warnings = bounds("Số liệu tính đến ngày 15/3/2023.")  # the header says 2022: one of them is wrong
    assert meta.date_earliest != "2023-03-15" and meta.date_latest == "2022-12-31"
    assert any("15/3/2023" in w and "after the latest" in w for w in warnings)


# ---------------------------------------------------------------- statements and derived shares

def test_the_closing_formula_is_no_statement():
    ex = extract_text(HEAD + "I. Kết quả\n- Đã triển khai phần mềm một cửa điện tử.\n\nUBND huyện Minh Long trân trọng "
                      "báo cáo./.\nKính đề nghị Sở Thông tin và Truyền thông hỗ trợ kinh phí.\n", "t")
    texts = [s.text for s in ex.statements]
    assert not any("trân trọng báo cáo" in t for t in texts)
    assert any(t.startswith("Kính đề nghị Sở") for t in texts)  # a request with content is kept


def test_an_indented_heading_is_a_heading_not_a_table_row():
    ex = extract_text(HEAD + "\tI. Đặc điểm tình hình chung:\nTrong các năm qua việc ứng dụng công nghệ thông tin "
                      "đã đạt được kết quả.\n\tII. Kết quả đạt được\nĐã cấp 132 chứng thư số.\n", "t")
    sections = {s.text[:12]: s.section for s in ex.statements}
    assert sections["Trong các nă"] == "context" and sections["Đã cấp 132 c"] == "results"


def test_sentences_under_a_heading_share_its_topic():
    ex = extract_text(HEAD + "1. Tình hình thực hiện công tác chuyển đổi số\n- Đã nâng cấp Cổng thông tin điện tử "
                      "của huyện.\n", "t")
    portal = next(s for s in ex.statements if s.text.startswith("Đã nâng cấp"))
    assert {"cong-thong-tin", "chuyen-doi-so"} <= set(portal.topics)


@pytest.mark.parametrize("sentence, value, level", [
    ("+ Cấp huyện: tổng số hồ sơ TTHC đã tiếp nhận: 1079, trong đó: số hồ sơ tiếp nhận trực tuyến là: 980; "
     "tiếp nhận trực tiếp: 76.", 90.82, "huyện"),
    ("+ Cấp xã: tổng số hồ sơ TTHC đã tiếp nhận: 23.479 hồ sơ, số hồ sơ tiếp nhận trực tuyến: 16.696 hồ sơ.", 71.11, "xã"),
])
def test_a_part_stated_after_its_total_is_read_as_a_share(sentence, value, level):
    found = extract_text(HEAD + sentence + "\n", "t").indicators
    share = [i for i in found if i.kind == "ratio" and i.concept == "online-dossier-rate"]
    assert [(i.value, i.level) for i in share] == [(value, level)]
    assert all(i.unit != "percent" for i in found if i.kind == "count")  # the counts stay counts


def test_a_total_after_its_part_is_no_share():
    found = extract_text(HEAD + "Số hồ sơ trực tuyến: 980; tổng số hồ sơ: 1079.\n", "t").indicators
    assert not any(i.kind == "ratio" for i in found)


def test_a_title_is_a_heading_not_the_body_of_a_report_without_blank_lines():
    text = ("BÁO CÁO\nVề việc chuyển đổi số trên địa bàn huyện 06 tháng đầu năm 2024\n(Đến 18/5/2024)\n"
            "Phòng Văn hóa và Thông tin huyện Phụng Hiệp báo cáo kết quả như sau:\nI. Đặc điểm tình hình chung:\n"
            + "Trong các năm qua việc ứng dụng công nghệ thông tin đạt kết quả. " * 200)
    meta = extract_text(text, "t").metadata
    assert meta.title == "Về việc chuyển đổi số trên địa bàn huyện 06 tháng đầu năm 2024 (Đến 18/5/2024)"
    assert meta.period.text == "06 tháng đầu năm 2024"
    run_on = extract_text("BÁO CÁO\n" + "Kết quả chuyển đổi số năm 2023 " * 100, "t").metadata.title
    assert len(run_on) <= 400


@pytest.mark.parametrize("sentence, number", [
    # a dash with spaces before a word of running text ends the number (it gave "06/TU-NGÀY", with the
    # previous reference's date)
    ("- Thực hiện Nghị quyết 06/TU - ngày 26/3 hàng năm, huyện tổ chức ngày chuyển đổi số.", "06/TU"),
    ("- Kế hoạch số 12/KH-UBND – về việc triển khai chuyển đổi số năm 2023.", "12/KH-UBND"),
    ("- Thông báo số 45/TB-UBND -\nngày 3/4/2023 của UBND huyện.", "45/TB-UBND"),  # never across a line
    # a suffix split by a space after the dash still joins
    ("- Căn cứ Tờ trình số 164/TTr- SKHCN ngày 02/3/2023 của Sở Khoa học và Công nghệ.", "164/TTr-SKHCN"),
    ("- Công văn số 847/STTTT - BCVT&CNTT ngày 5/5/2023.", "847/STTTT-BCVT&CNTT"),
])
def test_a_number_ends_where_running_text_begins(sentence, number):
    assert one(sentence).number == number


@pytest.mark.parametrize("sentence, relation", [
    ("- Nghị định số 107/2021/NĐ-CP ngày 06/12/2021 của Chính phủ sửa đổi, bổ sung một số điều của Nghị định số "
     "61/2018/NĐ-CP ngày 23/4/2018 về thực hiện cơ chế một cửa.", ("107/2021/NĐ-CP", "amends", "61/2018/NĐ-CP")),
    ("- Thực hiện Nghị định số 61/2018/NĐ-CP ngày 23/4/2018 của Chính phủ (đã được sửa đổi, bổ sung tại Nghị định "
     "số 107/2021/NĐ-CP ngày 06/12/2021).", ("107/2021/NĐ-CP", "amends", "61/2018/NĐ-CP")),
    ("- Nghị định số 42/2022/NĐ-CP ngày 24/6/2022 của Chính phủ thay thế Nghị định số 43/2011/NĐ-CP ngày "
     "13/6/2011.", ("42/2022/NĐ-CP", "replaces", "43/2011/NĐ-CP")),
    ("- Quyết định số 13/QĐ-UBND ngày 3/3/2023 của UBND huyện bãi bỏ Quyết định số 6/QĐ-UBND ngày 1/1/2020.",
     ("13/QĐ-UBND", "repeals", "6/QĐ-UBND")),
    ("- Quyết định số 6/QĐ-UBND ngày 1/1/2020 đã bị bãi bỏ bởi Quyết định số 13/QĐ-UBND ngày 3/3/2023.",
     ("13/QĐ-UBND", "repeals", "6/QĐ-UBND")),
    ("- Kế hoạch số 30-KH/HU ngày 30/7/2021 về việc triển khai thực hiện Nghị quyết số 04-NQ/TU ngày 1/6/2021.",
     ("30-KH/HU", "implements", "04-NQ/TU")),
    # "bổ sung" alone adds tasks to a plan; two plans acted on are not one changing the other
    ("- Thực hiện Kế hoạch số 12/KH-UBND ngày 2/2/2023 về bổ sung nhiệm vụ và Kế hoạch số 14/KH-UBND ngày "
     "2/3/2023.", None),
    ("- Thực hiện Kế hoạch số 12/KH-UBND ngày 2/2/2023; Kế hoạch số 14/KH-UBND ngày 2/3/2023 thay thế các "
     "văn bản trước.", None),
])
def test_relations_between_acts_each_with_the_words_that_state_it(sentence, relation):
    extraction = extract_text(HEAD + sentence, "t")
    found = [(extraction.references[r.subject].number, r.predicate, extraction.references[r.object].number)
             for r in extraction.relations]
    assert found == ([relation] if relation else []), found
    for r in extraction.relations:  # the span covers both references and the words between them
        quote = extraction.text[r.start:r.end]
        assert quote.startswith(("Nghị", "Quyết", "Kế")) and relation[2].split("/")[0] in quote


@pytest.mark.parametrize("head, sentence, number, role", [
    # in the opening paragraph: a plan or a decree after "Căn cứ" is a basis, a công văn asking for the report is
    # the request (002 took its own plan, 60/KH-UBND, for the request it answers)
    ("UBND THỊ XÃ ĐỨC PHỔ\n", "Căn cứ Kế hoạch số 60/KH-UBND ngày 01/3/2023 của UBND thị xã về việc phát triển "
     "Chính quyền số, UBND thị xã báo cáo như sau:\n", "60/KH-UBND", "based_on"),
    ("UBND HUYỆN HỚN QUẢN\n", "Căn cứ Công văn số 1409/STTT-VP ngày 11/10/2023 của Sở Thông tin và Truyền thông về "
     "đăng ký làm việc với UBND huyện, UBND huyện báo cáo như sau:\n", "1409/STTT-VP", "responds_to"),
    ("UBND HUYỆN HỚN QUẢN\n", "Căn cứ Kế hoạch số 169/KH-UBND ngày 2/3/2023 của UBND tỉnh về việc báo cáo kết quả "
     "chuyển đổi số, UBND huyện báo cáo như sau:\n", "169/KH-UBND", "responds_to"),
    ("UBND HUYỆN HỚN QUẢN\n", "Thực hiện Công văn số 1409/STTT-VP ngày 11/10/2023 của Sở Thông tin và Truyền thông, "
     "UBND huyện báo cáo như sau:\n", "1409/STTT-VP", "responds_to"),
    # in the body: the legal basis of what was done
    (HEAD, "- Căn cứ Nghị định số 42/2022/NĐ-CP ngày 24/6/2022 của Chính phủ, UBND huyện đã rà soát dịch vụ công.",
     "42/2022/NĐ-CP", "based_on"),
    (HEAD, "- Căn cứ vào Luật Giao dịch điện tử số 20/2023/QH15, huyện triển khai chữ ký số.", "20/2023/QH15",
     "based_on"),
])
def test_a_legal_basis_is_based_on_and_the_request_answered_is_responds_to(head, sentence, number, role):
    found = {r.number: r.relation.value for r in refs(sentence, head)}
    assert found[number] == role, found


def _claims(sentence: str):
    extraction = extract_text(HEAD + sentence, "t")
    return extraction.indicators, extraction.warnings


def test_a_share_and_the_percent_that_restates_it_are_one_observation_and_a_difference_is_flagged():
    [one], warnings = _claims("- Đã số hóa 1.204/1.223 hồ sơ, đạt 98,5%.\n")
    assert (one.kind, one.value, one.stated_percent, one.text) == ("ratio", 98.45, 98.5, "1.204/1.223 hồ sơ")
    assert not warnings  # 98,45 written to one decimal
    [one], warnings = _claims("- Hồ sơ giải quyết đúng hạn: 17.236/17.307 hồ sơ, đạt 99,99%.\n")
    assert (one.value, one.stated_percent) == (99.59, 99.99)
    assert any("17236/17307 is 99.59%, the text says 99.99%" in w for w in warnings), warnings
    # the percent first, its share in brackets: the share, with the percent's words and concept
    [one], warnings = _claims("- Tỷ lệ văn bản có ký số phát hành trên môi trường mạng đạt 99,99% (có ký số: "
                              "17.236/17.307 văn bản).\n")
    assert (one.kind, one.value, one.stated_percent, one.concept) == ("ratio", 99.59, 99.99, "digital-signature")
    assert "ký số" in one.label and warnings
    # two figures of two quantities stay two
    found, _ = _claims("- Đã giải quyết 20.653/21.003 hồ sơ; tỷ lệ cán bộ có chữ ký số 60,41%.\n")
    assert [i.kind for i in found] == ["ratio", "percent"]


@pytest.mark.parametrize("sentence, kind, modality, value", [
    ("- Chỉ số chuyển đổi số của huyện xếp thứ 2/18 huyện, thị xã.\n", "rank", "rank", 2.0),
    ("- Năm 2023 huyện đứng thứ 5/63 về chỉ số cải cách hành chính.\n", "rank", "rank", 5.0),
    ("- Số hồ sơ trực tuyến tăng 10% so với cùng kỳ.\n", "percent", "change", 10.0),
    ("- Tỷ lệ hồ sơ trực tuyến giảm 3,5% so với năm 2022.\n", "percent", "change", 3.5),
    ("- Tỷ lệ hồ sơ trực tuyến đạt 45%.\n", "percent", "observed", 45.0),
])
def test_a_rank_and_a_change_are_not_levels(sentence, kind, modality, value):
    [one], _ = _claims(sentence)
    assert (one.kind, one.modality, one.value) == (kind, modality, value)


def test_a_zoom_widget_copied_with_the_page_is_not_a_claim():
    found, _ = _claims("100%\n- Tỷ lệ cán bộ có chữ ký số đạt 60,41%.\n- 100% xã có Tổ công nghệ số.\n")
    assert [i.value for i in found] == [60.41, 100.0]


def _counts(sentence: str) -> list[tuple]:
    found, _ = _claims(sentence)
    return [(i.text, i.value, i.unit, i.concept) for i in found if i.kind == "count"]


def test_a_bare_count_after_a_colon_takes_the_unit_named_before_it_on_its_line():
    assert _counts("+ Cấp xã: tổng số hồ sơ đã tiếp nhận: 4.512; tiếp nhận trực tiếp: 1.210; số hồ sơ giải quyết "
                   "trước hạn: 3.007, đúng hạn: 1.400.\n") == [
        ("4.512", 4512.0, "hồ sơ", "dossiers-received"), ("1.210", 1210.0, "hồ sơ", "in-person-dossiers"),
        ("3.007", 3007.0, "hồ sơ", "early-resolution-rate"), ("1.400", 1400.0, "hồ sơ", "on-time-resolution-rate")]
    # no unit named on the line: a number after a colon is not a count of anything
    assert _counts("- Điện thoại: 0271 3812 345; Số lượng: 12.\n") == []
    assert _counts("- Thời gian: 15/3/2024; Số phòng họp: 12.\n") == []


def test_services_are_counted_as_public_services_only_where_the_sentence_speaks_of_them():
    assert _counts("- Tổng số dịch vụ công trực tuyến toàn trình là 121 dịch vụ.\n") == [
        ("121 dịch vụ", 121.0, "dịch vụ công", "full-process-online-services")]
    assert _counts("- Doanh nghiệp viễn thông cung cấp 12 dịch vụ trên địa bàn.\n") == [
        ("12 dịch vụ", 12.0, "dịch vụ", None)]


def test_a_count_is_only_of_the_concepts_its_unit_can_measure():
    # people who receive dossiers are people, not dossiers received
    assert _counts("- Bố trí 02 cán bộ tiếp nhận hồ sơ tại Bộ phận Một cửa.\n") == [
        ("02 cán bộ", 2.0, "người", None)]
    assert _counts("- Đã tiếp nhận 350 hồ sơ.\n") == [("350 hồ sơ", 350.0, "hồ sơ", "dossiers-received")]
    assert _counts("- Có 9 cơ quan chuyên môn và 37 đơn vị sự nghiệp sử dụng phần mềm.\n") == [
        ("9 cơ quan", 9.0, "cơ quan", None), ("37 đơn vị", 37.0, "đơn vị", None)]


def test_a_number_in_a_quoted_name_is_no_count():
    assert _counts("- Mô hình “3 lớp” bảo vệ hệ thống được duy trì; tổ chức 3 lớp tập huấn.\n") == [
        ("3 lớp tập huấn", 3.0, "lớp", None)]


def test_fibre_needs_households_not_the_letters_of_thong():
    found, _ = _claims("- Mạng băng thông rộng cáp quang đã đến 9/9 xã.\n- Tỷ lệ hộ gia đình có cáp quang đạt 88%.\n")
    assert [(i.value, i.concept) for i in found] == [(100.0, None), (88.0, "fibre-households")]


def test_a_list_item_that_names_only_its_level_measures_what_the_list_head_says():
    found, _ = _claims("- Số dịch vụ công trực tuyến toàn trình có phát sinh hồ sơ: cấp huyện 40/120 thủ tục; "
                       "cấp xã: 12/80 thủ tục.\n")
    assert [(i.value, i.level, i.concept) for i in found] == [
        (33.33, "huyện", "full-process-online-services"), (15.0, "xã", "full-process-online-services")]


def test_the_body_that_directed_is_not_the_level_a_figure_is_about():
    [one], _ = _claims("- Bố trí 01 cán bộ trực tại Bộ phận Một cửa theo ý kiến chỉ đạo của UBND tỉnh.\n")
    assert (one.value, one.level) == (1.0, None)
    [one], _ = _claims("- Máy tính tại UBND tỉnh: 120 máy tính.\n")
    assert one.level == "tỉnh"


def test_a_document_never_implements_itself_and_its_short_name_is_no_second_mention():
    """"… Quyết định số 06/QĐ-TTg … (gọi tắt là Đề án 06), UBND xã … thành lập Tổ Công tác thực hiện Đề án 06" gave
    06/QĐ-TTg implements 06/QĐ-TTg (#17): the reporter implements it, and the short name defines, not cites."""
    extraction = extract_text(HEAD + "Thực hiện Quyết định số 06/QĐ-TTg ngày 06/01/2022 của Thủ tướng Chính phủ phê "
                              "duyệt Đề án phát triển ứng dụng dữ liệu về dân cư, định danh và xác thực điện tử phục vụ "
                              "chuyển đổi số quốc gia giai đoạn 2022-2025, tầm nhìn đến năm 2030 (gọi tắt là Đề án "
                              "06), UBND xã Long Hiệp đã thành lập Tổ Công tác thực hiện Đề án 06.\n", "t")
    assert [(r.number, r.relation.value, r.by_name) for r in extraction.references] == [
        ("06/QĐ-TTg", "implements", False), ("06/QĐ-TTg", "implements", True)]
    assert extraction.relations == []

"""Words shown to people, in Vietnamese and English: the named queries' column names, the code words they return
(stable English tokens for tools: "implemented", "in-force", "observed" …), and the vocabulary's labels, which a
query may return in either language. The explorer and the gap report show every table through these, so that a
page is in one language and never shows a raw column name; a test checks that every declared column has both."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from policykg.graph.vocabulary import LIFECYCLE, UNCLASSIFIED, VERIFICATION
from policykg.vocab import DOC_TYPES, DTI_PILLARS, INDICATORS, LEVELS, OBLIGATION_ACTIONS, ROLES

# column name -> (vi, en)
COLUMNS = {
    "addressee": ("Gửi đến", "Addressed to"), "applies": ("Thực hiện văn bản", "Applies"),
    "averageDeficit": ("Khoảng trống trung bình (%)", "Average deficit (%)"), "borneBy": ("Cấp thực hiện", "Borne by"),
    "action": ("Hành động", "Action"), "provision": ("Điều khoản", "Provision"),
    "bound": ("Mốc", "Bound"), "boundDate": ("Ngày của mốc", "Bound date"), "byName": ("Nêu bằng tên", "By name"),
    "byNumber": ("Thay bằng văn bản", "Replaced by"), "catalog": ("Danh mục ghi", "Catalog says"),
    "cellRank": ("Hạng chứng cứ", "Evidence rank"), "cellScope": ("Phạm vi", "Scope"), "cells": ("Số ô", "Cells"),
    "citations": ("Trích dẫn", "Citations"), "cited": ("Có nêu thực hiện", "Cited"),
    "citedNumber": ("Văn bản được dẫn", "Cited document"), "code": ("Mã", "Code"),
    "comparator": ("So sánh", "Comparator"), "confidence": ("Độ tin cậy", "Confidence"),
    "constraint": ("Ràng buộc", "Constraint"), "d": ("Đơn vị", "Unit"), "date": ("Ngày", "Date"),
    "deadline": ("Hạn", "Deadline"), "deficitPercent": ("Khoảng trống (%)", "Deficit (%)"),
    "detail": ("Chi tiết", "Detail"), "district": ("Đơn vị", "Unit"), "districtCode": ("Mã đơn vị", "Unit code"),
    "districtName": ("Đơn vị", "Unit"), "districts": ("Số đơn vị", "Units"), "doc": ("Văn bản", "Document"),
    "document": ("Văn bản", "Document"), "documentDate": ("Ngày văn bản", "Document date"),
    "documentNumber": ("Số hiệu văn bản", "Document number"), "documents": ("Số văn bản", "Documents"),
    "earliest": ("Sớm nhất", "Earliest"), "end": ("Đến ký tự", "To character"), "evidence": ("Chứng cứ", "Evidence"),
    "evidenceOnly": ("Có câu kết quả liên quan", "Evidence only"),
    "evidenceTopics": ("Chủ đề chứng cứ", "Evidence topics"), "field": ("Trường", "Field"),
    "file": ("Tệp", "File"), "firstPlan": ("Kế hoạch đầu tiên", "First plan"),
    "firstPlanDate": ("Ngày kế hoạch đầu tiên", "First plan's date"),
    "firstReportAfter": ("Báo cáo đầu tiên sau hạn", "First report after"), "gaps": ("Khoảng trống", "Gaps"),
    "implemented": ("Đã ban hành văn bản thực hiện", "Implemented"), "implements": ("Thực hiện", "Implements"),
    "implementsNumber": ("Thực hiện văn bản", "Implements"), "inForce": ("Có hiệu lực từ", "In force from"),
    "inScope": ("Chắc chắn thuộc phạm vi", "Certainly in scope"), "indicatorName": ("Chỉ số", "Indicator"),
    "indicators": ("Chỉ số", "Indicators"), "issuer": ("Cơ quan ban hành", "Issuer"),
    "issuerName": ("Cơ quan ban hành", "Issuer"), "kind": ("Loại", "Kind"), "label": ("Tên", "Label"),
    "lagDays": ("Số ngày", "Days"), "lastReportDate": ("Báo cáo gần nhất", "Latest report"),
    "latest": ("Muộn nhất", "Latest"), "latestDate": ("Ngày gần nhất", "Latest date"),
    "latestYear": ("Năm gần nhất", "Latest year"), "level": ("Cấp", "Level"), "levelName": ("Cấp", "Level"),
    "mandate": ("Văn bản chỉ đạo", "Mandate"), "mandateNumber": ("Văn bản chỉ đạo", "Mandate"),
    "mandateProvince": ("Tỉnh bị ràng buộc", "Province bound"),
    "heirProvince": ("Tỉnh tiếp nhận (2025)", "Province that took it over (2025)"),
    "mandates": ("Số văn bản chỉ đạo", "Mandates"), "mentioned": ("Chỉ nhắc đến", "Mentioned"),
    "mentions": ("Lần nhắc đến", "Mentions"), "modality": ("Loại số liệu", "Kind of figure"),
    "name": ("Tên", "Name"), "nationalAverage": ("Trung bình cả nước", "National average"),
    "nationalN": ("Số đơn vị (cả nước)", "Units (national)"), "none": ("Không có chứng cứ", "None"),
    "number": ("Số hiệu", "Number"), "obligation": ("Nghĩa vụ", "Obligation"),
    "obligationText": ("Nghĩa vụ (tiếng Anh)", "Obligation"), "obligationTextVi": ("Nghĩa vụ", "Obligation (Vietnamese)"), "observation": ("Số liệu", "Observation"),
    "operator": ("Phép so sánh", "Operator"), "overdue": ("Quá hạn", "Overdue"),
    "overdueObligations": ("Nghĩa vụ quá hạn", "Overdue obligations"), "periodEnd": ("Cuối kỳ", "Period end"),
    "periodStart": ("Đầu kỳ", "Period start"), "periodText": ("Kỳ báo cáo", "Period"), "plans": ("Kế hoạch", "Plans"),
    "province": ("Tỉnh", "Province"), "provinceAverage": ("Trung bình tỉnh", "Province average"),
    "provinceN": ("Số đơn vị (tỉnh)", "Units (province)"), "provinceName": ("Tỉnh", "Province"),
    "quote": ("Trích dẫn", "Quote"), "rank": ("Hạng", "Rank"), "reason": ("Lý do", "Reason"),
    "relation": ("Quan hệ", "Relation"), "replacement": ("Văn bản thay thế", "Replacement"),
    "replacementInForce": ("Văn bản thay thế có hiệu lực từ", "Replacement in force from"),
    "replacementNumber": ("Văn bản thay thế", "Replacement"),
    "replacementSigned": ("Văn bản thay thế ký ngày", "Replacement signed"),
    "replacesVerification": ("Nguồn của việc thay thế", "Source of the replacement"),
    "report": ("Báo cáo", "Report"), "reportCount": ("Số báo cáo", "Reports"),
    "reportLabel": ("Báo cáo", "Report"), "reports": ("Số báo cáo", "Reports"), "role": ("Vai trò", "Role"),
    "referenceDate": ("Ngày của báo cáo (cuối kỳ, hoặc ngày viết sớm nhất)",
                      "Report day (its period's end, or the earliest day written)"),
    "roleName": ("Vai trò", "Role"), "rule": ("Quy tắc", "Rule"), "scope": ("Phạm vi", "Scope"),
    "section": ("Mục", "Section"), "sectionConcept": ("Mục (mã)", "Section (code)"),
    "position": ("Thứ tự", "Position"), "units": ("Số đơn vị", "Units"),
    "valueSum": ("Tổng giá trị", "Sum of values"), "valueCount": ("Số số liệu", "Figures"), "evidenceCount": ("Số chứng cứ của ô", "Evidence in the cell"), "sectionName": ("Mục", "Section"), "signed": ("Ngày ký", "Signed"),
    "statements": ("Số ý", "Statements"),
    "unitsMet": ("Số đơn vị đạt", "Units meeting it"), "unitsNotMet": ("Số đơn vị chưa đạt", "Units missing it"),
    "averageValue": ("Giá trị trung bình", "Average figure"),
    "signer": ("Người ký", "Signer"), "signingTitle": ("Chức danh người ký", "Signing title"),
    "source": ("Nguồn", "Source"), "sourceLabel": ("Nguồn", "Source"), "sourceType": ("Loại nguồn", "Source type"),
    "start": ("Từ ký tự", "From character"), "stated": ("Báo cáo ghi", "Stated"),
    "statedDate": ("Ngày báo cáo ghi", "Stated date"), "statedIssuer": ("Cơ quan báo cáo ghi", "Stated issuer"),
    "status": ("Tình trạng", "Status"), "statusName": ("Tình trạng", "Status"), "subject": ("Chủ thể", "Subject"),
    "target": ("Chỉ tiêu", "Target"), "targetLabel": ("Đích", "Target"), "targetType": ("Loại đích", "Target type"),
    "targetUnit": ("Đơn vị chỉ tiêu", "Target unit"), "targetValue": ("Giá trị chỉ tiêu", "Target value"),
    "text": ("Nội dung", "Text"), "textVi": ("Nội dung", "Text (Vietnamese)"), "titleVi": ("Trích yếu", "Title (Vietnamese)"), "title": ("Trích yếu", "Title"), "topics": ("Chủ đề", "Topics"),
    "type": ("Loại văn bản", "Type"), "uncertain": ("Chưa chắc thuộc phạm vi", "Uncertain scope"),
    "unit": ("Đơn vị tính", "Unit of measure"), "value": ("Giá trị", "Value"), "verdict": ("Kết luận", "Verdict"),
    "verification": ("Nguồn", "Source"), "via": ("Qua văn bản", "Via"), "viaDate": ("Ngày văn bản trung gian", "Via date"),
    "viaNumber": ("Qua văn bản", "Via"), "year": ("Năm", "Year"),
}



@dataclass(frozen=True)
class EvidenceStatus:
    """How a gap-matrix cell's verdict is shown, in one place for the explorer, the gap report and its legends."""
    symbol: str
    vi: str
    en: str
    short_vi: str  # a table column's heading
    short_en: str
    background: str  # blue to orange: readable with red-green colour blindness
    colour: str
    rule_vi: str  # what the verdict means, as README's table says it
    rule_en: str
    counted_as_gap: bool


EVIDENCE_STATUS = {
    "implemented": EvidenceStatus(
        "●", "Đã ban hành văn bản thực hiện", "Implemented", "Đã ban hành", "Implemented", "#2166ac", "#fff",
        "một văn bản của huyện (KH, QĐ…) thực hiện văn bản chỉ đạo, trực tiếp hoặc qua chuỗi văn bản",
        "a document of the unit (a plan, a decision…) carries out the mandate, directly or through a chain", False),
    "cited": EvidenceStatus(
        "◐", "Có nêu thực hiện", "Cited", "Có nêu", "Cited", "#92c5de", "#000",
        "báo cáo nêu là thực hiện / theo quy định của văn bản",
        "a report says the unit carries out the mandate, or acts as it provides", False),
    "evidence": EvidenceStatus(
        "○", "Có câu kết quả liên quan", "Evidence", "Câu kết quả", "Evidence", "#fdb863", "#000",
        "một câu trong phần kết quả nói về việc nghĩa vụ yêu cầu, không nêu văn bản",
        "a sentence among the results does what an obligation asks, without naming the mandate", True),
    "mentioned": EvidenceStatus(
        "◌", "Chỉ nhắc đến", "Mentioned", "Chỉ nhắc đến", "Mentioned", "#f4a582", "#000",
        "chỉ nhắc đến (bối cảnh, yêu cầu báo cáo, khó khăn, kế hoạch)",
        "only mentioned (context, a request for a report, difficulties, plans)", True),
    "none": EvidenceStatus(
        "✕", "Không có chứng cứ", "None", "Không", "None", "#b35806", "#fff",
        "không có gì trong các báo cáo", "nothing in the reports", True),
    "uncertain": EvidenceStatus(
        "?", "Chưa chắc thuộc phạm vi", "Uncertain scope", "Chưa chắc phạm vi", "Uncertain scope", "#e0e0e0", "#000",
        "văn bản có hiệu lực trong khoảng ngày báo cáo có thể được viết (hoặc chưa rõ ngày hiệu lực): không tính là "
        "khoảng trống",
        "the mandate entered into force within the days the report may have been written (or its entry into force "
        "is unknown): not counted as a gap", False),
}


def status_word(status: str, lang: str) -> str:
    s = EVIDENCE_STATUS[status]
    return s.en if lang == "en" else s.vi


def deficit_rule(lang: str) -> str:
    """The deficit's definition, naming the verdicts it counts as they are shown."""
    gaps = [s for s in EVIDENCE_STATUS.values() if s.counted_as_gap]
    if lang == "en":
        return (f"Deficit = ({' + '.join(s.short_en.lower() for s in gaps)}) / mandates certainly in scope; "
                f"{EVIDENCE_STATUS['uncertain'].en.lower()} cells are not counted.")
    return (f"Khoảng trống = ({' + '.join(s.vi.lower() for s in gaps)}) / số văn bản chắc chắn thuộc phạm vi; "
            f"ô {EVIDENCE_STATUS['uncertain'].vi.lower()} không tính.")


# The code words the queries return (stable tokens, English-like), as people read them.
CODES = {
    **{code: (s.vi, s.en) for code, s in EVIDENCE_STATUS.items()},
    "in-force": ("Có hiệu lực", "In force"), "superseded": ("Đã bị thay thế", "Superseded"),
    "replacement signed, not yet in force": ("Văn bản thay thế đã ký, chưa có hiệu lực",
                                             "Replacement signed, not yet in force"),
    "met": ("Đạt", "Met"), "not met": ("Chưa đạt", "Not met"), "no data": ("Chưa có số liệu", "No data"),
    "no figure": ("Chưa có số liệu so sánh được", "No comparable figure"),
    "target not met": ("Chưa đạt chỉ tiêu", "Target not met"), "no evidence": ("Chưa có chứng cứ", "No evidence"),
    "no measure": ("Chưa có cách đo", "No measure"),
    "observed": ("Số liệu thực hiện", "Observed"), "target": ("Chỉ tiêu", "Target"),
    "change": ("Mức tăng/giảm", "Change"), "rank": ("Xếp hạng", "Rank"),
    "earliest": ("Sớm nhất", "Earliest"), "latest": ("Muộn nhất", "Latest"),
    "mandate": ("Văn bản chỉ đạo", "Mandate"), "document": ("Văn bản", "Document"), "body": ("Cơ quan", "Body"),
    "report": ("Báo cáo", "Report"), "unit": ("Đơn vị hành chính", "Administrative unit"),
    "district": ("Cấp huyện", "District"),
    "about": ("nói về", "about"), "acts_on": ("thực hiện", "acts on"), "amends": ("sửa đổi", "amends"),
    "applies": ("thực hiện văn bản", "applies"), "cites": ("nhắc đến", "cites"), "governs": ("áp dụng cho", "governs"),
    "passed_by": ("do … ban hành", "passed by"), "repeals": ("bãi bỏ", "repeals"), "replaces": ("thay thế", "replaces"),
    "header-date": ("Ngày ghi ở đầu báo cáo", "Date in the header"),
    "header-month": ("Tháng ghi ở đầu báo cáo", "Month in the header"),
    "header-year": ("Năm ghi ở đầu báo cáo", "Year in the header"),
    "period-year": ("Năm của kỳ báo cáo", "Year of the period"), "title-year": ("Năm trong tiêu đề", "Year in the title"),
    "cited-document": ("Văn bản được dẫn có ngày muộn nhất", "Latest cited document"),
    "cut-off": ("Mốc số liệu", "Data cut-off"), "as-of": ("Tháng số liệu “tính đến”", "“As of” month"),
    "huyện": ("Cấp huyện", "District"), "xã": ("Cấp xã", "Commune"), "tỉnh": ("Cấp tỉnh", "Province"),
    "percent": ("%", "%"), "date_signed": ("Ngày ký", "Date signed"), "date_in_force": ("Ngày hiệu lực", "In force from"),
}


# Code words that mean something else in one query's column: a superseded citation's "uncertain" is about the
# replacement's entry into force, not about a mandate's scope.
IN_QUERY = {
    ("superseded-citations", "status"): {
        "superseded": ("Đã bị thay thế", "Superseded"),
        "replacement signed, not yet in force": ("Văn bản thay thế đã ký, chưa có hiệu lực (cảnh báo: căn cứ sắp thay "
                                                 "đổi)", "Replacement signed, not yet in force (the basis is about "
                                                 "to change)"),
        "uncertain": ("Chưa chắc chắn (văn bản thay thế có hiệu lực trong khoảng ngày báo cáo có thể được viết)",
                      "Uncertain (the replacement entered into force within the days the report may have been "
                      "written)"),
    },
}


def _glossary() -> dict[str, tuple[str, str]]:
    """Every word above and every vocabulary label, under its code and under both of its languages."""
    pairs: dict[str, tuple[str, str]] = {}
    sources = [CODES, {k: v[:2] for k, v in LIFECYCLE.items()}, {k: v[:2] for k, v in VERIFICATION.items()},
               LEVELS, {k: v[:2] for k, v in INDICATORS.items()}, {k: v[:2] for k, v in ROLES.items()}, DTI_PILLARS,
               {t.slug: (t.vi, t.en) for t in DOC_TYPES}, {"unclassified": ("Chưa phân loại", "Unclassified")},
               {k: v[:2] for k, v in OBLIGATION_ACTIONS.items()}]
    for source in sources:
        for code, (vi, en) in source.items():
            for key in (code, vi, en):
                pairs.setdefault(key, (vi, en))
    return pairs


GLOSSARY = _glossary()
UNCLASSIFIED_LABELS = frozenset(GLOSSARY[UNCLASSIFIED])  # a figure of no indicator, as queries name it


# Columns whose values are code words or vocabulary labels; every other column is shown as the data says it
# (a quote from a report stays verbatim even when it happens to read like a label).
TRANSLATED = {"status", "action", "kind", "scope", "cellScope", "modality", "level", "levelName", "borneBy",
              "verification", "replacesVerification", "statusName", "role", "roleName", "relation", "sourceType",
              "targetType", "rule", "bound", "reason", "verdict", "evidence", "indicatorName", "unit", "targetUnit",
              "field", "type"}


def column_label(name: str, lang: str) -> str:
    vi, en = COLUMNS.get(name, (name, name))
    return en if lang == "en" else vi


def shown(value, lang: str, column: str | None = None, query: str | None = None) -> str | object:
    """A cell as people read it: a code word or a vocabulary label in the page's language, a missing value as
    "—", a yes/no in words; numbers and dates stay what they are (so tables sort them)."""
    if value is None:
        return "—"
    if isinstance(value, bool):
        return ("có", "yes")[lang == "en"] if value else ("không", "no")[lang == "en"]
    if isinstance(value, (int, float, Decimal, dt.date)):
        return value
    text = str(value)
    pair = IN_QUERY.get((query, column), {}).get(text) or (
        GLOSSARY.get(text) if column is None or column in TRANSLATED else None)
    return (pair[1] if lang == "en" else pair[0]) if pair else text

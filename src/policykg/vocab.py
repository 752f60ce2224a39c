"""Controlled vocabularies shared by the extractor and the graph (emitted as SKOS by the graph builder).

Document types and their official abbreviations follow Nghị định 30/2020/NĐ-CP (Phụ lục III) for
administrative documents, the 2015 Law on legal normative documents for normative acts, and the Party's
own document rules (Quy định 66-QĐ/TW) for Party documents.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class DocType:
    slug: str
    vi: str
    en: str
    code: str | None  # abbreviation in document numbers (None: công văn carry no type code)
    normative: bool = False


DOC_TYPES: tuple[DocType, ...] = (
    DocType("luat", "Luật", "Law", None, True),
    DocType("bo-luat", "Bộ luật", "Code", None, True),
    DocType("phap-lenh", "Pháp lệnh", "Ordinance", "PL", True),
    DocType("nghi-dinh", "Nghị định", "Decree", "NĐ", True),
    DocType("thong-tu-lien-tich", "Thông tư liên tịch", "Joint circular", "TTLT", True),
    DocType("thong-tu", "Thông tư", "Circular", "TT", True),
    DocType("nghi-quyet-lien-tich", "Nghị quyết liên tịch", "Joint resolution", "NQLT", True),
    DocType("nghi-quyet", "Nghị quyết", "Resolution", "NQ"),
    DocType("quyet-dinh", "Quyết định", "Decision", "QĐ"),
    DocType("chi-thi", "Chỉ thị", "Directive", "CT"),
    DocType("quy-che", "Quy chế", "Regulation", "QC"),
    DocType("quy-dinh", "Quy định", "Rule", "QyĐ"),
    DocType("thong-cao", "Thông cáo", "Communiqué", "TC"),
    DocType("thong-bao", "Thông báo", "Notice", "TB"),
    DocType("huong-dan", "Hướng dẫn", "Guidance", "HD"),
    DocType("chuong-trinh", "Chương trình", "Programme", "CTr"),
    DocType("ke-hoach", "Kế hoạch", "Plan", "KH"),
    DocType("phuong-an", "Phương án", "Scheme", "PA"),
    DocType("de-an", "Đề án", "Project proposal", "ĐA"),
    DocType("du-an", "Dự án", "Project", "DA"),
    DocType("bao-cao", "Báo cáo", "Report", "BC"),
    DocType("bien-ban", "Biên bản", "Minutes", "BB"),
    DocType("to-trinh", "Tờ trình", "Submission", "TTr"),
    DocType("hop-dong", "Hợp đồng", "Contract", "HĐ"),
    DocType("cong-dien", "Công điện", "Official telegram", "CĐ"),
    DocType("ket-luan", "Kết luận", "Conclusion", "KL"),
    DocType("cong-van", "Công văn", "Official letter", None),
    DocType("van-ban", "Văn bản", "Document", None),
)

DOC_TYPE_BY_VI = {t.vi: t for t in DOC_TYPES}
DOC_TYPE_BY_SLUG = {t.slug: t for t in DOC_TYPES}


@dataclass(frozen=True)
class Body:
    """An issuing body implied by a code in document numbers, or named in text."""

    slug: str
    vi: str
    en: str
    level: str  # national | ministry | province | district | commune


# Codes after the type in a number that name a nationally unique issuer.
NATIONAL_ISSUERS: dict[str, Body] = {
    "CP": Body("chinh-phu", "Chính phủ", "Government", "national"),
    "TTG": Body("thu-tuong", "Thủ tướng Chính phủ", "Prime Minister", "national"),
    "QH": Body("quoc-hoi", "Quốc hội", "National Assembly", "national"),
    "UBTVQH": Body("ubtvqh", "Ủy ban Thường vụ Quốc hội", "Standing Committee of the National Assembly", "national"),
    "TW": Body("trung-uong-dang", "Ban Chấp hành Trung ương Đảng", "Party Central Committee", "national"),
    "VPCP": Body("van-phong-chinh-phu", "Văn phòng Chính phủ", "Government Office", "ministry"),
    "BTTTT": Body("bo-tttt", "Bộ Thông tin và Truyền thông", "Ministry of Information and Communications", "ministry"),
    "BNV": Body("bo-noi-vu", "Bộ Nội vụ", "Ministry of Home Affairs", "ministry"),
    "BCA": Body("bo-cong-an", "Bộ Công an", "Ministry of Public Security", "ministry"),
    "BTC": Body("bo-tai-chinh", "Bộ Tài chính", "Ministry of Finance", "ministry"),
    "BKHCN": Body("bo-khcn", "Bộ Khoa học và Công nghệ", "Ministry of Science and Technology", "ministry"),
}

# Codes naming a local body: which tier of the reporting authority it belongs to.
LOCAL_ISSUERS: dict[str, Body] = {
    "TU": Body("tinh-uy", "Tỉnh ủy", "Provincial Party Committee", "province"),
    "HU": Body("huyen-uy", "Huyện ủy", "District Party Committee", "district"),
    "THU": Body("thanh-uy", "Thành ủy", "City Party Committee", "district"),
    "STTTT": Body("so-tttt", "Sở Thông tin và Truyền thông", "Department of Information and Communications",
                  "province"),
    "VHTT": Body("phong-vhtt", "Phòng Văn hóa và Thông tin", "Culture and Information Office", "district"),
}

# Spelling of codes as they are officially written (folded key -> official).
# Only codes whose folded form is unambiguous: HD (Hướng dẫn) and HĐ (Hợp đồng), DA and ĐA stay as written.
OFFICIAL_CODE_SPELLING = {
    "ND": "NĐ", "QD": "QĐ", "TTG": "TTg", "TTR": "TTr", "CD": "CĐ", "QYD": "QyĐ",
    "HDND": "HĐND", "BCD": "BCĐ", "THU": "ThU", "CTR": "CTr",
}

ROLES = {
    "responds_to": ("trả lời yêu cầu", "responds to", "The request the report answers."),
    "issued": ("đã ban hành", "issued", "A document the reporting authority issued."),
    "implements": ("triển khai thực hiện", "implements", "A mandate the reporting authority acts on."),
    "conforms_to": ("theo quy định tại", "conforms to", "A rule the reported action conforms to."),
    "cites": ("nhắc đến", "cites", "A plain mention."),
}

# Indicators the catalog's targets measure; #3 extends this scheme with what reports state.
INDICATORS = {
    # slug: (vi, en, DTI pillar)
    "online-dossier-rate": ("Tỷ lệ hồ sơ xử lý trực tuyến", "Share of administrative dossiers handled online",
                            "chinh-quyen-so"),
    "level4-service-rate": ("Tỷ lệ dịch vụ công trực tuyến mức độ 4", "Share of online public services at level 4",
                            "chinh-quyen-so"),
    "online-work-record-rate": ("Tỷ lệ hồ sơ công việc xử lý trên môi trường mạng",
                                "Share of work records handled online", "chinh-quyen-so"),
}
DTI_PILLARS = {
    "chinh-quyen-so": ("Chính quyền số", "Digital government"),
    "kinh-te-so": ("Kinh tế số", "Digital economy"),
    "xa-hoi-so": ("Xã hội số", "Digital society"),
}

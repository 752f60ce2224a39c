"""Controlled vocabularies shared by the extractor and the graph (emitted as SKOS by the graph builder).

Document types and their official abbreviations follow Nghị định 30/2020/NĐ-CP (Phụ lục III) for
administrative documents, the 2015 Law on legal normative documents for normative acts, and the Party's
own document rules (Quy định 66-QĐ/TW) for Party documents.
"""

from __future__ import annotations

import re
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

# Organs of the Party Central Committee that sign with its "/TW" code (57-NQ/TW of the Politburo, 28-CT/TW of the
# Secretariat): no number names them, so the catalog names them by slug.
PARTY_ORGANS: dict[str, Body] = {
    "bo-chinh-tri": Body("bo-chinh-tri", "Bộ Chính trị", "Politburo", "national"),
    "ban-bi-thu": Body("ban-bi-thu", "Ban Bí thư", "Secretariat of the Party Central Committee", "national"),
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
    "based_on": ("căn cứ", "based on", "A legal basis the report states (Căn cứ …)."),
    "cites": ("nhắc đến", "cites", "A plain mention."),
}

# Indicators: a SKOS scheme under the national DTI pillars. The catalog's targets and the extractor's
# observations use the same concepts. slug: (vi, en, pillar)
INDICATORS = {
    "online-dossier-rate": ("Tỷ lệ hồ sơ TTHC xử lý trực tuyến", "Administrative dossiers handled online", "chinh-quyen-so"),
    "level4-service-rate": ("Dịch vụ công trực tuyến mức độ 4", "Online public services at level 4", "chinh-quyen-so"),
    "level3-services": ("Dịch vụ công trực tuyến mức độ 3", "Online public services at level 3", "chinh-quyen-so"),
    "full-process-online-services": ("Dịch vụ công trực tuyến toàn trình", "Full-process online public services",
                                     "chinh-quyen-so"),
    "partial-online-services": ("Dịch vụ công trực tuyến một phần", "Partly online public services", "chinh-quyen-so"),
    "online-services-with-dossiers": ("Dịch vụ công trực tuyến (toàn trình và một phần) có phát sinh hồ sơ",
                                      "Online public services (full-process and partial) that received dossiers",
                                      "chinh-quyen-so"),
    "online-service-share": ("Tỷ lệ TTHC cung cấp dịch vụ công trực tuyến", "Procedures offered online",
                             "chinh-quyen-so"),
    "online-work-record-rate": ("Tỷ lệ hồ sơ công việc xử lý trên môi trường mạng", "Work records handled online",
                                "chinh-quyen-so"),
    "digitized-dossiers": ("Hồ sơ TTHC được số hóa", "Digitized administrative dossiers", "chinh-quyen-so"),
    "digitized-results": ("Kết quả giải quyết TTHC được số hóa", "Digitized procedure results", "chinh-quyen-so"),
    "dossiers-received": ("Hồ sơ TTHC tiếp nhận", "Administrative dossiers received", "chinh-quyen-so"),
    "dossiers-resolved": ("Hồ sơ TTHC đã giải quyết", "Administrative dossiers resolved", "chinh-quyen-so"),
    "in-person-dossiers": ("Hồ sơ TTHC tiếp nhận trực tiếp", "Administrative dossiers received in person",
                           "chinh-quyen-so"),
    "early-resolution-rate": ("Tỷ lệ hồ sơ giải quyết trước hạn", "Dossiers resolved ahead of time", "chinh-quyen-so"),
    "on-time-resolution-rate": ("Tỷ lệ hồ sơ giải quyết đúng hạn", "Dossiers resolved on time", "chinh-quyen-so"),
    "late-resolution-rate": ("Tỷ lệ hồ sơ giải quyết trễ hạn", "Dossiers resolved late", "chinh-quyen-so"),
    "e-document-exchange-rate": ("Tỷ lệ văn bản điện tử", "Documents exchanged electronically", "chinh-quyen-so"),
    "digital-signature": ("Chữ ký số, chứng thư số", "Digital signatures and certificates", "chinh-quyen-so"),
    "electronic-reports-rate": ("Báo cáo định kỳ qua hệ thống thông tin báo cáo", "Periodic reports filed online",
                                "chinh-quyen-so"),
    "electronic-identification-rate": ("Định danh, xác thực điện tử", "Electronic identification", "chinh-quyen-so"),
    "computers": ("Máy tính", "Computers", "chinh-quyen-so"),
    "cameras": ("Camera giám sát, an ninh", "Surveillance cameras", "chinh-quyen-so"),
    "ict-budget": ("Kinh phí CNTT, chuyển đổi số", "ICT and digital transformation budget", "chinh-quyen-so"),
    "trained-people": ("Người được tập huấn, bồi dưỡng", "People trained", "xa-hoi-so"),
    "internet-subscribers": ("Thuê bao Internet", "Internet subscribers", "xa-hoi-so"),
    "mobile-subscribers": ("Thuê bao di động", "Mobile subscribers", "xa-hoi-so"),
    "bts-stations": ("Trạm phát sóng", "Mobile base stations", "xa-hoi-so"),
    "smart-speaker-clusters": ("Cụm loa truyền thanh thông minh", "Smart loudspeaker clusters", "xa-hoi-so"),
    "news-articles": ("Tin, bài", "News items published", "xa-hoi-so"),
    "community-digital-team-members": ("Thành viên tổ công nghệ số cộng đồng", "Community digital team members",
                                       "xa-hoi-so"),
    "digital-skills-rate": ("Tỷ lệ người dân có kỹ năng số cơ bản", "Adults with basic digital skills", "xa-hoi-so"),
    "fibre-households": ("Hộ gia đình có cáp quang", "Households with fibre broadband", "xa-hoi-so"),
    "smartphone-adults": ("Người trưởng thành có điện thoại thông minh", "Adults with a smartphone", "xa-hoi-so"),
    "bank-accounts": ("Người có tài khoản thanh toán", "Adults with a payment account", "kinh-te-so"),
}
DTI_PILLARS = {
    "chinh-quyen-so": ("Chính quyền số", "Digital government"),
    "kinh-te-so": ("Kinh tế số", "Digital economy"),
    "xa-hoi-so": ("Xã hội số", "Digital society"),
}

# Which concept a claim measures, from the words of its clause (folded). First match wins, so the
# specific comes before the general ("đúng hạn" before "đã giải quyết"). kinds: () means any.
_RULES = [
    ("online-work-record-rate", (), r"ho so cong viec"),
    ("online-service-share", ("percent",), r"dat ty le.{0,20}so voi (?:tong so )?(?:thu tuc|tthc)"),
    ("digitized-results", (), r"so hoa ket qua"),
    ("digitized-dossiers", (), r"so hoa"),
    ("online-services-with-dossiers", (), r"toan trinh va mot phan"),  # both kinds together: neither one
    ("full-process-online-services", (), r"toan trinh"),
    ("partial-online-services", (), r"mot phan"),
    ("level4-service-rate", (), r"muc do 4"),
    ("level3-services", (), r"muc do 3"),
    ("early-resolution-rate", (), r"truoc han"),  # a part of those resolved, not all of them
    ("on-time-resolution-rate", (), r"dung han"),
    ("late-resolution-rate", (), r"tre han"),
    ("online-dossier-rate", (), r"(?:ho so|tthc|thu tuc).{0,90}(?:truc tuyen|qua mang|moi truong (?:mang|dien tu)|internet)"),
    ("electronic-identification-rate", (), r"dinh danh"),
    ("e-document-exchange-rate", (), r"van ban dien tu|gui, nhan van ban"),
    ("digital-signature", (), r"chu ky so|ky so|chung thu so"),
    ("electronic-reports-rate", (), r"bao cao dinh ky"),
    ("internet-subscribers", (), r"thue bao internet"),
    ("mobile-subscribers", (), r"di dong"),
    ("bts-stations", (), r"tram"),
    ("smart-speaker-clusters", (), r"cum loa"),
    ("cameras", (), r"camera"),
    ("computers", (), r"may (?:vi )?tinh"),
    ("community-digital-team-members", (), r"to cong nghe"),
    ("news-articles", (), r"tin,? bai"),
    ("digital-skills-rate", (), r"ky nang so"),
    ("fibre-households", (), r"cap quang.{0,60}\bho\b|\bho\b.{0,60}cap quang"),  # "hộ", never "thông"
    ("smartphone-adults", (), r"dien thoai thong minh"),
    ("bank-accounts", (), r"tai khoan"),
    ("ict-budget", ("money",), r""),
    ("in-person-dossiers", ("count", "ratio", "percent"), r"(?:tiep nhan|nop) (?:ho so )?truc tiep"),  # not all received
    ("dossiers-received", ("count",), r"tiep nhan"),
    ("dossiers-resolved", ("count", "ratio"), r"giai quyet"),
    ("trained-people", ("count",), r"tap huan|boi duong|dao tao"),
]
INDICATOR_RULES = [(concept, kinds, re.compile(pattern)) for concept, kinds, pattern in _RULES]

# Section meanings, whatever the numbering (I./1./a)/-) or case. First match wins.
SECTION_RULES = [
    ("causes", re.compile(r"nguyen nhan")),
    ("difficulties", re.compile(r"kho khan|ton tai|han che|vuong mac|bat cap|yeu kem")),
    ("recommendations", re.compile(r"kien nghi|de xuat|de nghi")),
    ("next_tasks", re.compile(r"phuong huong|dinh huong|nhiem vu (?:trong tam|thoi gian|cac thang|nam|6|06|tiep)"
                              r"|ke hoach (?:thoi gian|nam|6|06)|thoi gian (?:toi|den)|giai phap|nhiem vu,? giai phap")),
    ("advantages", re.compile(r"thuan loi")),
    ("assessment", re.compile(r"danh gia")),
    ("context", re.compile(r"dac diem|tinh hinh chung|khai quat")),
]
# Sections whose sentences report what was done: a sentence there on an obligation's topics is evidence of it
# (gap-matrix, gap-evidence, overdue-obligations read this as pkg:reportsResults on the section concepts).
RESULT_SECTIONS = frozenset({"results", "advantages", "assessment"})
SECTIONS = {
    "results": ("Kết quả thực hiện", "Results"), "difficulties": ("Khó khăn, tồn tại, hạn chế", "Difficulties"),
    "causes": ("Nguyên nhân", "Causes"), "recommendations": ("Kiến nghị, đề xuất", "Recommendations"),
    "next_tasks": ("Phương hướng, nhiệm vụ", "Next tasks"), "advantages": ("Thuận lợi", "Advantages"),
    "assessment": ("Đánh giá chung", "Assessment"), "context": ("Đặc điểm tình hình", "Context"),
    "intro": ("Mở đầu", "Opening"),
}

# Tiers of government: who issues, who reports, who bears an obligation.
LEVELS = {
    "national": ("Trung ương", "National"), "ministry": ("Bộ, ngành", "Ministry"),
    "province": ("Cấp tỉnh", "Province"), "district": ("Cấp huyện", "District"),
    "commune": ("Cấp xã", "Commune"), "every-level": ("Mọi cấp", "Every level"),
    "ubnd-every-level": ("UBND các cấp", "People's Committees at every level"),
}

# What an obligation asks of the level that bears it: a small controlled list, so that obligations can be grouped
# and compared across mandates (the catalog's `action`; anything else is an error there).
OBLIGATION_ACTIONS = {
    "implement": ("Triển khai thực hiện", "Carry out", "Carry out a programme, plan or scheme in one's own body."),
    "plan": ("Xây dựng, ban hành kế hoạch, đề án", "Draw up a plan or scheme",
             "Issue one's own plan, programme or scheme for a mandate."),
    "provide-online": ("Cung cấp trực tuyến", "Provide online", "Offer information or public services online."),
    "process-online": ("Xử lý trên môi trường mạng", "Handle online",
                       "Handle dossiers, work records or documents electronically."),
    "digitise": ("Số hóa", "Digitise", "Digitise dossiers, results or records."),
    "protect": ("Bảo đảm an toàn thông tin", "Secure", "Protect information systems and data."),
    "organise": ("Tổ chức hoạt động", "Organise activities", "Hold events, campaigns or training."),
    "report": ("Báo cáo", "Report", "Report results to the level above."),
}

# Statement topics (folded keywords); a statement may have several.
TOPICS = {
    "ha-tang": ("Hạ tầng", "Infrastructure", r"ha tang|may (?:vi )?tinh|mang lan|cap quang|truyen so lieu|thiet bi|wifi|ioc"),
    "nhan-luc": ("Nhân lực", "Human resources", r"nhan luc|chuyen trach|kiem nhiem|trinh do|tap huan|dao tao|boi duong|can bo"),
    "an-toan-thong-tin": ("An toàn thông tin", "Information security", r"an toan thong tin|an ninh mang|ma doc|attt|virus|soc\b"),
    "dich-vu-cong-truc-tuyen": ("Dịch vụ công trực tuyến", "Online public services", r"dich vu cong|dvc|truc tuyen muc do|toan trinh"),
    "mot-cua": ("Một cửa", "One-stop shop", r"mot cua|tiep nhan va tra ket qua"),
    "so-hoa": ("Số hóa", "Digitization", r"so hoa"),
    "truyen-thanh": ("Truyền thanh", "Local broadcasting", r"truyen thanh|cum loa|loa "),
    "buu-chinh": ("Bưu chính", "Postal services", r"buu chinh|buu dien|bcci|buu cuc|chuyen phat"),
    "vien-thong": ("Viễn thông", "Telecommunications", r"vien thong|thue bao|tram phat song|bts|internet"),
    "kinh-phi": ("Kinh phí", "Funding", r"kinh phi|ngan sach|nguon von|dau tu"),
    "chu-ky-so": ("Chữ ký số", "Digital signatures", r"chu ky so|ky so|chung thu so"),
    "cong-thong-tin": ("Cổng / trang thông tin điện tử", "Government web portals", r"cong thong tin|trang thong tin"),
    "van-ban-dien-tu": ("Văn bản điện tử", "Electronic documents", r"van ban dien tu|quan ly van ban|ioffice|truc lien thong"),
    "hop-truc-tuyen": ("Họp trực tuyến", "Online meetings", r"hoi nghi truyen hinh|hop truc tuyen|hop khong giay|diem cau"),
    "du-lieu": ("Dữ liệu", "Data", r"du lieu|co so du lieu|csdl"),
    "tuyen-truyen": ("Tuyên truyền", "Public communication", r"tuyen truyen|bao chi|tin bai"),
    "chuyen-doi-so": ("Chuyển đổi số", "Digital transformation", r"chuyen doi so|chinh quyen so|kinh te so|xa hoi so"),
    "de-an-06": ("Dữ liệu dân cư, định danh điện tử", "Population data and electronic identification",
                 r"dinh danh|can cuoc|du lieu dan cu|vneid|de an 06|ho tich"),
}
TOPIC_RULES = [(slug, re.compile(pattern)) for slug, (_, _, pattern) in TOPICS.items()]

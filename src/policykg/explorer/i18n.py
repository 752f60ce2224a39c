"""Interface strings, Vietnamese first."""

from __future__ import annotations

STRINGS = {
    "title": ("policykg — Đồ thị văn bản chính sách", "policykg — Policy document graph"),
    "overview": ("Tổng quan", "Overview"), "district": ("Đơn vị", "Unit"), "mandate": ("Văn bản chỉ đạo", "Mandate"),
    "report": ("Báo cáo", "Report"), "graph": ("Đồ thị", "Graph"), "sparql": ("SPARQL", "SPARQL"),
    "gaps": ("Khoảng trống", "Gaps"), "add": ("Thêm báo cáo", "Add a report"),
    "search": ("Tìm theo số hiệu hoặc tên (không dấu cũng được)", "Search by number or name (diacritics optional)"),
    "language": ("Ngôn ngữ", "Language"), "reload": ("Tải lại dữ liệu", "Reload data"),
    "scoreboard_updating": ("Bảng theo dõi đang được cập nhật (hoặc lần cập nhật trước bị ngắt): kết luận về "
                            "khoảng trống là của lần tính trọn vẹn gần nhất. Chạy `policykg build` để cập nhật.",
                            "The scoreboard is being updated (or its last update was cut short): the gap verdicts "
                            "shown are from its last complete computation. `policykg build` brings them up to date."),
    "reports": ("Báo cáo", "Reports"), "districts": ("Đơn vị báo cáo", "Reporting units"), "documents": ("Văn bản", "Documents"),
    "mandates": ("Văn bản chỉ đạo", "Mandates"), "citations": ("Trích dẫn", "Citations"),
    "indicators": ("Chỉ số", "Indicators"),
    "unnamed_figures": ("Số liệu khác chưa gắn với chỉ số nào ({n})", "Other figures not tied to an indicator ({n})"), "by_province": ("Theo tỉnh", "By province"),
    "latest_reports": ("Báo cáo mới nhất", "Latest reports"), "gap_summary": ("Khoảng trống theo đơn vị", "Deficit by unit"),
    "choose_district": ("Chọn đơn vị (tỉnh, huyện, xã)", "Choose a unit (province, district, commune)"), "choose_mandate": ("Chọn văn bản", "Choose a mandate"),
    "choose_report": ("Chọn báo cáo", "Choose a report"), "issued_docs": ("Văn bản đơn vị ban hành", "Documents it issued"),
    "acts_on": ("Văn bản chỉ đạo và chứng cứ", "Mandates and evidence"),
    "evidence_of": ("Chứng cứ của đơn vị", "Evidence of the unit"),
    "superseded": ("Trích dẫn văn bản đã/sắp bị thay thế", "Citations of superseded documents"),
    "overdue": ("Nghĩa vụ quá hạn chưa có chứng cứ", "Overdue obligations without evidence"),
    "difficulties": ("Khó khăn và kiến nghị", "Difficulties and recommendations"),
    "lifecycle": ("Lịch sử hiệu lực", "Validity history"), "obligations": ("Nghĩa vụ và chỉ tiêu", "Obligations and targets"),
    "chains": ("Chuỗi thực hiện", "Implementation chains"), "annotated": ("Văn bản có chú thích", "Annotated text"),
    "facts": ("Dữ kiện trích xuất", "Extracted facts"), "metadata": ("Thông tin báo cáo", "Report metadata"),
    "node": ("Nút trung tâm", "Centre node"), "depth": ("Độ sâu", "Depth"), "cap": ("Số nút tối đa", "Node cap"),
    "types": ("Loại nút", "Node types"), "relations": ("Quan hệ", "Relations"),
    "named_query": ("Truy vấn có sẵn", "Named query"), "free_query": ("SPARQL tự do (chỉ đọc)", "Free SPARQL (read-only)"),
    "cut_at": ("Chỉ hiện {rows} dòng đầu: thêm LIMIT/OFFSET để xem tiếp", "Cut at {rows} rows: add LIMIT/OFFSET to page through the rest"),
    "rows_of": ("Dòng {first}–{last} trên tổng số {total}", "Rows {first}–{last} of {total}"),
    "previous_page": ("← Trang trước", "← Previous page"), "next_page": ("Trang sau →", "Next page →"),
    "download_all": ("Tải CSV (cả {total} dòng)", "Download CSV (all {total} rows)"),
    "run": ("Chạy", "Run"), "download": ("Tải CSV", "Download CSV"), "evidence": ("Chứng cứ", "Evidence"),
    "upload": ("Tải lên .txt, .docx hoặc .pdf", "Upload a .txt, .docx or .pdf"),
    "add_to_graph": ("Thêm vào đồ thị", "Add to the graph"), "preview": ("Xem trước", "Preview"),
    "no_data": ("Chưa có dữ liệu.", "No data yet."), "period": ("Kỳ", "Period"), "province": ("Tỉnh", "Province"),
    "unit_view": ("Đơn vị hành chính", "Administrative units"),
    "added": ("{name}: đã thêm — {references} văn bản được trích dẫn, {triples} bộ ba.",
              "{name}: added — {references} documents cited, {triples} triples."),
    "already_there": ("{name}: báo cáo có cùng nội dung đã có trong đồ thị; không thêm, không thay thế gì.",
                      "{name}: a report with the same content is already in the graph; nothing added or replaced."),
    "units_then": ("tại thời điểm báo cáo", "as at each report's date"),
    "units_today": ("hiện nay (sau 1/7/2025)", "today's (after 1 July 2025)"),
    "status": ("Tình trạng", "Status"),
    "graph_counts": ("{nodes} nút, {edges} cạnh — bấm vào một nút để mở trang của nó",
                     "{nodes} nodes, {edges} edges — click a node to open its page"),
    "pick_a_cell": ("Bấm vào một ô để xem chứng cứ của ô đó ngay bên dưới.",
                    "Click a cell to see its evidence right below."),
    "running": ("Đang chạy…", "Running…"),
    "running_for": ("Đang chạy… {seconds} giây (dừng sau {limit} giây). Bấm “Hủy” để dừng ngay.",
                    "Running… {seconds} s (stopped after {limit} s). Click “Cancel” to stop now."),
    "cancel": ("Hủy", "Cancel"), "cancelled": ("Đã hủy truy vấn.", "The query was cancelled."),
    "parameter": ("Tham số", "Parameter"),
    "looks_like_a_version": ("{name}: có vẻ là bản mới của một báo cáo đã có (cùng đơn vị, số và ngày không khác, "
                             "nội dung khác). Chọn thay thế báo cáo nào, hoặc thêm thành báo cáo riêng.",
                             "{name}: looks like a new version of a stored report (same unit, nothing in its number "
                             "or day telling them apart, other text). Choose which one it replaces, or add it as a "
                             "report of its own."),
    "replace_it": ("Thay thế: {report}", "Replace: {report}"),
    "add_separately": ("Thêm thành báo cáo riêng", "Add as a report of its own"),
    "still_cited": ("Đơn vị vẫn dẫn văn bản này khi nó đã/sắp bị thay thế", "Units still citing it once superseded"),
    "quoted": ("Đoạn được trích làm chứng cứ", "The passage quoted as evidence"),
}
LANGS = ("vi", "en")


def t(key: str, lang: str) -> str:
    vi, en = STRINGS[key]
    return en if lang == "en" else vi


def count_text(n: int, lang: str) -> str:
    """A whole number as the page's language writes it: 30.690 in Vietnamese, 30,690 in English."""
    text = f"{n:,}"
    return text if lang == "en" else text.replace(",", ".")

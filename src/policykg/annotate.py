"""The annotated view of a report: its text with every reference, indicator and district mention
highlighted and linked to its graph node. Everything from the report is HTML-escaped: a report may
contain markup, and none of it may run."""

from __future__ import annotations

import html
from collections.abc import Callable

from policykg.extract.models import Extraction
from policykg.domain.identity import report_iri
from policykg.namespaces import ID
from policykg.resolve.report import ResolvedReport

_STYLE = """
body{font:15px/1.55 system-ui,'Segoe UI',Roboto,sans-serif;margin:2rem auto;max-width:60rem;color:#1b1b1b}
pre.report{white-space:pre-wrap;font:inherit;border-top:1px solid #ccc;padding-top:1rem}
a.m{color:inherit;text-decoration:none;border-radius:3px;padding:0 2px}
.ref{background:#dbe9ff;border-bottom:2px solid #1f5fbf}
.ref.implements{background:#d6f5d6;border-bottom-color:#1f7a1f}
.ref.conforms_to,.ref.based_on{background:#fff1c2;border-bottom-color:#a07400}
.ref.responds_to{background:#f0dcff;border-bottom-color:#7a2aa8}
.ref.issued{background:#e6e6e6;border-bottom-color:#555}
.ind{background:#ffe0cc;border-bottom:2px dotted #b34700}
.dist{background:#ccf2f2;border-bottom:2px solid #00736e}
table.meta td{padding:.1rem .6rem;vertical-align:top} .legend span{margin-right:1rem;padding:0 4px}
@media print{  .m{border-bottom-style:solid}}
"""
_ROLE_VI = {"responds_to": "yêu cầu báo cáo", "issued": "đã ban hành", "implements": "triển khai thực hiện",
            "conforms_to": "theo quy định tại", "based_on": "căn cứ", "cites": "nhắc đến"}


def annotate_html(extraction: Extraction, resolved: ResolvedReport,
                  link: Callable[[str], str] = lambda iri: iri) -> str:
    """A self-contained HTML page. `link` maps a graph IRI to the URL the page should point to."""
    text = extraction.text
    spans: list[tuple[int, int, str, str, str]] = []  # start, end, css class, href, tooltip
    for c in resolved.citations:
        r = c.ref
        tip = f"{r.kind} {r.number} — {_ROLE_VI[r.relation.value]}"
        if r.date and r.date.iso:
            tip += f" — {r.date.iso}"
        if r.issuer:
            tip += f" — {r.issuer.text}"
        if r.by_name:
            tip += " — nhận diện theo tên"
        spans.append((r.start, r.end, f"ref {r.relation.value}", link(c.doc_iri), tip))
    for i in extraction.indicators:
        tip = f"{i.label} = {i.value:g} {i.unit}" + (f" [{i.concept}]" if i.concept else "") + \
              (" (chỉ tiêu)" if i.modality == "target" else "")
        spans.append((i.start, i.end, "ind", link(f"{ID}observation/{resolved.key}/{i.start}-{i.end}"), tip))
    for d in extraction.unit_mentions:
        spans.append((d.start, d.end, "dist", link(d.iri),
                      f"{d.kind} {d.name}, {d.province} (GSO {d.code}, độ tin cậy {d.confidence})"))
    spans.sort(key=lambda s: (s[0], -s[1]))
    out, pos = [], 0
    for start, end, css, href, tip in spans:
        if start < pos:
            continue  # overlapping mentions: the first one wins
        out.append(html.escape(text[pos:start]))
        out.append(f'<a class="m {css}" href="{html.escape(href, quote=True)}" title="{html.escape(tip, quote=True)}">'
                   f"{html.escape(text[start:end])}</a>")
        pos = end
    out.append(html.escape(text[pos:]))
    meta = extraction.metadata
    unit = extraction.unit
    rows = [
        ("Báo cáo", f'<a href="{html.escape(link(report_iri(resolved.key)), quote=True)}">'
                    f"{html.escape(meta.title or extraction.source)}</a>"),
        ("Địa bàn", html.escape(f"{unit.kind} {unit.name}" + (f", {unit.province}" if unit.level != "province" else "")
                                + f" (GSO {unit.code}{', từ 1/7/2025' if unit.era == 'post-2025' else ''})")
         if unit else "—"),
        ("Kỳ báo cáo", html.escape(meta.period.text) + f' <small>({html.escape(meta.period.start or "…")} – '
                       f'{html.escape(meta.period.end)})</small>' if meta.period else "—"),
        ("Ngày", html.escape(meta.date or f"{meta.date_earliest or '?'} … {meta.date_latest or '?'}")),
        ("Yêu cầu", html.escape(meta.request or "—")),
        ("Người ký", html.escape(" ".join(x for x in (meta.signing_title, meta.signer) if x) or "—")),
        ("Trích xuất", f"{len(resolved.citations)} văn bản, {len(extraction.indicators)} chỉ số, "
                       f"{len(extraction.statements)} nội dung"),
    ]
    table = "".join(f"<tr><td>{k}</td><td>{v}</td></tr>" for k, v in rows)
    legend = ('<p class="legend"><span class="m ref implements">triển khai</span><span class="m ref conforms_to">'
              'theo quy định</span><span class="m ref responds_to">yêu cầu</span><span class="m ref issued">đã ban hành'
              '</span><span class="m ref">nhắc đến</span><span class="m ind">chỉ số</span><span class="m dist">địa bàn'
              "</span></p>")
    title = html.escape(meta.title or extraction.source)
    return (f'<!doctype html>\n<html lang="vi"><head><meta charset="utf-8">'
            f'<meta name="viewport" content="width=device-width,initial-scale=1"><title>{title}</title>'
            f"<style>{_STYLE}</style></head><body><table class=\"meta\">{table}</table>{legend}"
            f'<pre class="report">{"".join(out)}</pre></body></html>\n')

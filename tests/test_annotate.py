"""The annotated view: highlights link to graph nodes, and hostile report text stays inert."""

from __future__ import annotations

import html
import re

from policykg.annotate import annotate_html
from policykg.catalog import load_catalog
from policykg.extract import extract_text
from policykg.read import read_report
from policykg.resolve.report import resolve_report

from conftest import REPORTS


def page_for(text: str, source: str = "t.txt") -> str:
    extraction = extract_text(text, source)
    return annotate_html(extraction, resolve_report(extraction, load_catalog()))


def test_every_reference_indicator_and_district_is_linked():
    text = read_report(REPORTS / "000_465f813c91986d41.txt").text
    page = page_for(text, "000_465f813c91986d41.txt")
    body = page.split('<pre class="report">', 1)[1]
    assert body.count('class="m ref') == 24
    assert 'href="https://w3id.org/policykg/id/doc/d694-hu/2021/30-kh-hu"' in page
    assert 'href="https://w3id.org/policykg/id/unit/district/694"' in page
    assert re.search(r'class="m ind" href="https://w3id.org/policykg/id/observation/000-465f813c91986d41/\d+-\d+"', page)
    # the visible text is the report, unchanged
    visible = html.unescape(re.sub(r"<[^>]+>", "", body.split("</pre>")[0]))
    assert visible == text


def test_hostile_markup_in_the_report_is_escaped():
    hostile = ('UBND huyện Hớn Quản báo cáo như sau:\n<script>alert(1)</script> <img src=x onerror=alert(2)> '
               '<a href="javascript:alert(3)">x</a> thực hiện Kế hoạch số 5/KH-UBND "><script>alert(4)</script>.')
    page = page_for(hostile, '<script>alert("name")</script>.txt')
    assert page.count("<script") == 0 and "<img" not in page and 'href="javascript:' not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page and "&lt;img src=x onerror=alert(2)&gt;" in page

"""Each stage on its own, on a small report a factory writes in the genre's style: extract (over one Doc, with
the reference forms injected), resolve, graph, store, query (typed rows) and reports. The end-to-end tests
run the samples; these say which stage broke."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import pytest

from policykg.catalog import load_catalog
from policykg.extract import REFERENCE_FORMS, extract_text
from policykg.extract.issuers import UnitContext
from policykg.extract.metadata import report_metadata
from policykg.extract.references import find_references
from policykg.extract.units import reporting_unit
from policykg.gazetteer import load_gazetteer
from policykg.graph.report import report_quads
from policykg.knowledge_graph import KnowledgeGraph
from policykg.namespaces import PKG
from policykg.reports.gaps import collect, render_md
from policykg.resolve.report import resolve_report
from policykg.store import GraphStore
from policykg.text import Doc


def a_report(authority: str = "UỶ BAN NHÂN DÂN\nHUYỆN MINH LONG", place: str = "Minh Long",
             day: str = "ngày 15 tháng 6 năm 2022", title: str = "Kết quả chuyển đổi số 6 tháng đầu năm 2022",
             body: str = "") -> str:
    """A report as districts write them: authority, number, place-date line, title, the request, the body."""
    return (f"{authority}\n\nSố: 120/BC-UBND\n\n{place}, {day}\n\nBÁO CÁO\n{title}\n\n"
            "Thực hiện Công văn số 847/STTTT-BCVT&CNTT ngày 22/6/2022 của Sở Thông tin và Truyền thông, "
            "UBND huyện báo cáo như sau:\n\nI. KẾT QUẢ THỰC HIỆN\n" + body)


BODY = ("1. UBND huyện đã ban hành Kế hoạch số 26 /KH-UBND ngày 10/3/2022 về triển khai thực hiện Quyết định số "
        "749/QĐ-TTg của Thủ tướng Chính phủ.\n2. Quán triệt Nghị quyết số 04-NQ/TU của Tỉnh ủy về chuyển đổi số.\n"
        "3. Tỷ lệ hồ sơ trực tuyến đạt 45%, theo 45/2020/NĐ-CP.\n")


# ---------------------------------------------------------------- extract

def test_the_doc_keeps_one_offset_for_view_fold_and_quote():
    doc = Doc.of(unicodedata_nfd("**Hớn Quản** báo cáo"))
    assert len(doc.view) == len(doc.folded) == len(doc.source.text)
    start = doc.folded.index("hon quan")
    assert doc.view[start:start + 8] == "Hớn Quản" and doc.quote(start, start + 8) == "Hớn Quản"
    assert doc.view.startswith("  ") and doc.quote(0, 2) == "**"  # artefacts blanked for matching, quoted as written


def unicodedata_nfd(text: str) -> str:
    import unicodedata

    return unicodedata.normalize("NFD", text)


def test_the_reporting_unit_is_read_from_the_header_before_any_mention():
    doc = Doc.of(a_report(body="Đoàn công tác làm việc tại huyện Ba Tơ, huyện Ba Tơ, huyện Ba Tơ.\n"))
    unit = reporting_unit(doc, load_gazetteer()).unit
    assert (unit.level, unit.name, unit.basis) == ("district", "Minh Long", "header")


def test_reference_forms_are_data_tried_in_order():
    doc = Doc.of(a_report(body=BODY))
    context = UnitContext(load_gazetteer())
    every = {r.number for r in find_references(doc, context)}
    assert {"04-NQ/TU", "26/KH-UBND", "749/QĐ-TTg", "45/2020/NĐ-CP", "847/STTTT-BCVT&CNTT"} <= every
    stated_kind_only = [f for f in REFERENCE_FORMS if f.continues is not None]
    assert "45/2020/NĐ-CP" not in {r.number for r in find_references(doc, context, stated_kind_only)}
    party_only = [replace(f, keep=lambda parse: parse.form == "party") for f in REFERENCE_FORMS]
    assert {r.number for r in find_references(doc, context, party_only)} == {"04-NQ/TU"}
    # the whole pipeline takes the same list
    assert {r.number for r in extract_text(doc.source.text, "t", forms=party_only, names=[]).references} == {"04-NQ/TU"}


def test_metadata_is_typed_and_its_spans_point_into_the_text():
    text = a_report(day="ngày    tháng 6 năm 2022", body=BODY)
    meta, conflicts = report_metadata(Doc.of(text), [])
    assert (meta.number, meta.date, meta.date_precision) == ("120/BC-UBND", None, "month")
    assert (meta.date_earliest, meta.date_latest) == ("2022-06-01", "2022-06-30")
    assert meta.period.kind == "months" and (meta.period.start, meta.period.end) == ("2022-01-01", "2022-06-30")
    assert text[meta.period.start_offset:meta.period.end_offset] == meta.period.text
    assert all(text[b.start:b.end] == b.text for b in meta.date_basis) and conflicts == []


# ---------------------------------------------------------------- resolve and graph

def test_resolve_gives_each_citation_an_iri_with_its_issuer_unit():
    resolved = resolve_report(extract_text(a_report(body=BODY), "stage.txt"), load_catalog())
    by_number = {c.ref.number: c for c in resolved.citations}
    plan = by_number["26/KH-UBND"]  # a local number: identity needs the issuer's unit and the year
    assert plan.identity_complete and plan.doc_iri == "https://w3id.org/policykg/id/doc/d531-ubnd/2022/26-kh-ubnd"
    assert by_number["749/QĐ-TTg"].catalog is not None  # a mandate of the catalog: its IRI, not a minted one
    # "Nghị quyết 04-NQ/TU của Tỉnh ủy" in a Quảng Ngãi report is Quảng Ngãi's, not Bình Phước's catalog mandate
    party = by_number["04-NQ/TU"]
    assert party.catalog is None and party.issuer_iri == "https://w3id.org/policykg/id/org/p51/tinh-uy"
    assert not party.identity_complete  # undated: the year that completes a local number's identity is unknown
    assert resolved.authority_iri == "https://w3id.org/policykg/id/org/d531/ubnd"


def test_a_cited_document_is_issued_by_the_unit_of_its_own_day():
    """A ward of today's Quảng Ngãi writes in 2026. The province's 2024 plan it cites was issued by the pre-reform
    province (the catalog's 38/KH-UBND, not a bare number under today's province); its plan of 31/12/2025 by the
    merged one (the catalog's 121/KH-UBND); an unnamed 2022 department is the one pre-2025 province the ward's
    communes were in."""
    body = ("1. Thực hiện Kế hoạch số 38/KH-UBND ngày 20/02/2024 của UBND tỉnh Quảng Ngãi về chuyển đổi số.\n"
            "2. Thực hiện Kế hoạch số 121/KH-UBND ngày 31/12/2025 của UBND tỉnh Quảng Ngãi.\n")
    text = a_report(authority="ỦY BAN NHÂN DÂN\nPHƯỜNG CẨM THÀNH", place="Cẩm Thành", day="ngày 10 tháng 3 năm 2026",
                    title="Kết quả chuyển đổi số năm 2025", body=body)
    extraction = extract_text(text, "ward.txt")
    assert extraction.unit.era == "post-2025"
    by_number = {c.ref.number: c for c in resolve_report(extraction, load_catalog()).citations}
    old_plan, new_plan = by_number["38/KH-UBND"], by_number["121/KH-UBND"]
    assert old_plan.catalog is not None and old_plan.catalog.number == "38/KH-UBND"
    assert old_plan.issuer_iri == "https://w3id.org/policykg/id/org/p51/ubnd"
    assert new_plan.catalog is not None and new_plan.catalog.issuer_era == "post-2025"
    assert new_plan.issuer_iri == "https://w3id.org/policykg/id/org/2025p51/ubnd"
    assert by_number["847/STTTT-BCVT&CNTT"].issuer_iri == "https://w3id.org/policykg/id/org/p51/so-tttt"


def test_the_report_graph_holds_the_unit_the_period_and_the_citations():
    resolved = resolve_report(extract_text(a_report(body=BODY), "stage.txt"), load_catalog())
    quads, _ = report_quads(resolved, load_gazetteer(), "0" * 64)
    predicates = {q.predicate.value for q in quads}
    assert {PKG + "reportingUnit", PKG + "referenceDate", PKG + "citedDocument"} <= predicates
    unit = next(q.object.value for q in quads if q.predicate.value == PKG + "reportingUnit")
    assert unit == "https://w3id.org/policykg/id/unit/district/531"


# ---------------------------------------------------------------- store, query, reports

@pytest.fixture(scope="module")
def small_graph(tmp_path_factory) -> KnowledgeGraph:
    folder = tmp_path_factory.mktemp("reports")
    (folder / "minh-long.txt").write_text(a_report(body=BODY), encoding="utf-8")
    (folder / "ba-to.txt").write_text(a_report("UỶ BAN NHÂN DÂN\nHUYỆN BA TƠ", "Ba Tơ", body=(
        "1. Đã nâng cấp Cổng thông tin điện tử của huyện.\n")), encoding="utf-8")
    kg = KnowledgeGraph(GraphStore(tmp_path_factory.mktemp("store") / "store"))
    summary = kg.add([folder])
    assert not summary.failed
    return kg


def test_the_store_keeps_one_graph_per_report_beside_the_reference_graphs(small_graph):
    graphs = small_graph.store.graphs()
    assert sum("/graph/report/" in g for g in graphs) == 2
    assert {"https://w3id.org/policykg/graph/catalog", "https://w3id.org/policykg/graph/admin"} <= set(graphs)


def test_queries_return_typed_rows(small_graph):
    units = small_graph.rows("reporting-units")
    assert sorted(u.name for u in units) == ["Huyện Ba Tơ", "Huyện Minh Long"]
    deficit = {d.districtName: d for d in small_graph.rows("gap-deficit")}
    minh_long = deficit["Huyện Minh Long"]
    assert isinstance(minh_long.inScope, int) and minh_long.inScope >= 1
    cells = small_graph.rows("gap-cells", district="Minh Long", mandate="749/QĐ-TTg")
    assert [c.status for c in cells] == ["implemented"]  # its own plan 26/KH-UBND carries the decision out
    assert small_graph.rows("gap-cells", district="Minh Long", mandate="04-NQ/TU") == []  # Bình Phước's binds it not
    assert cells[0].inForce is None or isinstance(cells[0].inForce, dt.date)


def test_the_gap_report_arranges_the_rows(small_graph):
    data = collect(small_graph.store)
    assert {d.districtName for d in data.deficit} == {"Huyện Ba Tơ", "Huyện Minh Long"}
    markdown = render_md(data)
    assert "Huyện Minh Long" in markdown and "749/QĐ-TTg" in markdown and "04-NQ/TU" not in markdown
    assert data.place(data.deficit[0].district).name == "Tỉnh Quảng Ngãi"


def test_a_stated_amendment_is_a_lifecycle_statement_with_its_quote_not_an_applies_edge(tmp_path):
    """"Nghị định 107/2021/NĐ-CP … sửa đổi, bổ sung … Nghị định 61/2018/NĐ-CP": the graph keeps what the report says
    (which act, which change, the words) and draws no eli:applies edge from it; the shapes accept it."""
    from policykg.validate import validate_store

    body = BODY + ("4. Thực hiện Nghị định số 107/2021/NĐ-CP ngày 06/12/2021 của Chính phủ sửa đổi, bổ sung một số "
                   "điều của Nghị định số 61/2018/NĐ-CP ngày 23/4/2018 về cơ chế một cửa.\n")
    resolved = resolve_report(extract_text(a_report(body=body), "stage.txt"), load_catalog())
    quads, shared = report_quads(resolved, load_gazetteer(), "0" * 64)
    statements = {q.subject for q in quads if q.object.value == PKG + "LifecycleStatement"}
    assert len(statements) == 1
    said = {q.predicate.value.rsplit("#", 1)[1]: q.object.value for q in quads if q.subject in statements}
    assert said["statedChange"] == "http://data.europa.eu/eli/ontology#amends"
    assert said["changingDocument"].endswith("107-2021-nd-cp") and said["changedDocument"].endswith("61-2018-nd-cp")
    assert said["quote"].startswith("Nghị định số 107/2021/NĐ-CP") and "sửa đổi, bổ sung" in said["quote"]
    applies = {(q.subject.value, q.object.value) for q in [*quads, *shared] if q.predicate.value.endswith("#applies")}
    assert not any(s.endswith("107-2021-nd-cp") for s, _ in applies)
    store = GraphStore(tmp_path / "s")
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "r.txt").write_text(a_report(body=body), encoding="utf-8")
    assert not KnowledgeGraph(store).add([tmp_path / "in"]).failed
    assert not [f for f in validate_store(store) if "LifecycleStatement" in str(f) or "statedChange" in str(f)]


def test_a_report_citing_any_catalog_document_gets_the_catalog_entry():
    """#18: every document of the catalog, cited the way reports cite it (kind, number, day, issuer), by a unit
    that could cite it (a district of the issuing province before the reform, a commune of it after; any district
    for a national document), resolves to its catalog entry — never to a bare number."""
    import datetime as dt

    gazetteer = load_gazetteer()
    catalog = load_catalog()
    missed = []
    for doc in catalog.documents:
        signed = dt.date.fromisoformat(doc.value("date_signed") or f"{doc.year}-01-01")
        day = min(signed + dt.timedelta(days=20), dt.date(2025, 6, 30)) if doc.issuer_era == "pre-2025" \
            else signed + dt.timedelta(days=20)
        if doc.issuer_level == "province":
            table = gazetteer.districts if doc.issuer_era == "pre-2025" else gazetteer.new_wards
            unit = next(u for u in table.values() if u.province_code == doc.issuer_unit)
        else:
            unit = gazetteer.districts["531"]  # Minh Long (Quảng Ngãi)
        cited = doc.value("date_signed")
        when = f" ngày {cited[8:]}/{cited[5:7]}/{cited[:4]}" if cited else ""
        body = f"1. Thực hiện {doc.kind} số {doc.number}{when} của {doc.issuer_name}.\n"
        text = a_report(authority=f"ỦY BAN NHÂN DÂN\n{unit.name.upper()}", place=unit.name.split(" ", 1)[1],
                        day=f"ngày {day.day} tháng {day.month} năm {day.year}", title="Kết quả chuyển đổi số",
                        body=body)
        citations = resolve_report(extract_text(text, "any.txt"), catalog).citations
        found = [c for c in citations if c.ref.number.replace(" ", "") == doc.number]
        if not found or found[0].catalog is not doc:
            missed.append((doc.number, unit.name, found[0].doc_iri if found else None))
    assert not missed, missed


def test_a_reports_n_quads_are_written_as_pyoxigraphs_serialiser_writes_them():
    """The facts of a report graph are serialised from Python (making pyoxigraph quads of ~500 literals cost more
    than all the rest): byte for byte what pyoxigraph's N-Quads serialiser writes, on every sample report and on
    literals with what N-Quads escapes (quotes, backslashes, line breaks, tabs, control characters)."""
    from pyoxigraph import BlankNode, Literal, NamedNode, Quad, RdfFormat, serialize

    from conftest import REPORTS
    from policykg.graph.quads import Fact, nquads
    from policykg.read import read_report

    for path in sorted(REPORTS.glob("*.txt")):
        report = read_report(path)
        resolved = resolve_report(extract_text(report.text, str(path), load_gazetteer()), load_catalog())
        resolved.key = path.stem
        facts, shared = report_quads(resolved, load_gazetteer(), report.sha256)
        assert facts and all(isinstance(f, Fact) for f in facts)
        assert nquads([*facts, *shared]) == serialize([Quad(*f) for f in [*facts, *shared]], format=RdfFormat.N_QUADS)
    g, s = NamedNode("https://w3id.org/policykg/graph/x"), NamedNode("https://w3id.org/policykg/id/x")
    odd = [Literal('"Trích" \\ dẫn\nhai dòng\r\tcột\x01\u2028'), Literal("Hoà", language="vi"),
           Literal("12.50", datatype=NamedNode("http://www.w3.org/2001/XMLSchema#decimal"))]
    facts = [Fact(s, NamedNode(PKG + "quote"), o, g) for o in odd] + [Fact(BlankNode("b1"), NamedNode(PKG + "x"), s, g)]
    assert nquads(facts) == serialize([Quad(*f) for f in facts], format=RdfFormat.N_QUADS)

"""Each named query answers the question it states, on the sample graph; parameters are bound safely."""

from __future__ import annotations

import datetime as dt

import pytest

from policykg.paths import queries_dir
from policykg.sparql import QueryError, bind, load_query, named_queries, run

QUERIES = queries_dir()


def rows(store, name, **params):
    query = load_query(name)
    table = run(store, bind(query, params, store))
    return [{c: (v.value if v is not None else None) for c, v in zip(table.columns, r)} for r in table.rows]


def test_every_query_file_has_a_header_and_runs(sample_store):
    queries = named_queries()
    assert len(queries) >= 6
    for q in queries.values():
        assert q.title and q.question
        run(sample_store, bind(q, {}, sample_store))


def test_a_districts_acting_on_04_nq_tu(sample_store):
    found = rows(sample_store, "districts-acting-on-mandate", mandate="04-NQ/TU")
    implemented = {(r["districtName"], r["viaNumber"]) for r in found if r["evidence"] == "implemented"}
    assert implemented == {("Huyện Hớn Quản", "30-KH/HU")}
    assert {r["districtName"] for r in found} == {"Huyện Hớn Quản"}


def test_a_implemented_through_a_district_plan(sample_store):
    found = rows(sample_store, "districts-acting-on-mandate", mandate="17/NQ-CP")
    assert {(r["districtName"], r["viaNumber"], r["evidence"]) for r in found} == \
        {("Thị xã Đức Phổ", "3306/KH-UBND", "implemented")}


def test_b_districts_without_evidence(sample_store):
    # 42/2022 entered into force inside the 2022 reports' writing intervals: uncertain there, so not listed.
    assert rows(sample_store, "districts-without-evidence", mandate="42/2022/NĐ-CP") == []
    found = rows(sample_store, "districts-without-evidence", mandate="06/QĐ-TTg")
    assert {r["districtName"] for r in found} == {"Huyện Minh Long", "Huyện Phụng Hiệp"}


def test_b_a_provincial_mandate_is_in_scope_only_in_its_province(sample_store):
    assert rows(sample_store, "districts-without-evidence", mandate="04-NQ/TU") == []


def test_c_superseded_citations_are_time_aware(sample_store):
    found = rows(sample_store, "superseded-citations")
    assert {(r["districtName"], r["citedNumber"], r["replacementNumber"], r["status"]) for r in found} == {
        ("Huyện Minh Long", "43/2011/NĐ-CP", "42/2022/NĐ-CP", "uncertain"),
        ("Thị xã Đức Phổ", "43/2011/NĐ-CP", "42/2022/NĐ-CP", "uncertain"),
    }
    assert {r["replacesVerification"] for r in found} == {"Unverified"}


def test_c_a_later_report_citing_43_2011_is_superseded(tmp_path):
    from policykg.pipeline import build
    from policykg.store import GraphStore

    report = tmp_path / "late.txt"
    report.write_text("Số: 12/BC-UBND\nMinh Long, ngày 10 tháng 11 năm 2023\nBÁO CÁO\n\n"
                      "UBND huyện Minh Long báo cáo như sau:\n- Cổng thông tin điện tử theo quy định tại "
                      "Nghị định 43/2011/NĐ-CP.\n", encoding="utf-8")
    store = GraphStore(tmp_path / "s")
    build([report], store, progress=False)
    found = rows(store, "superseded-citations", district="Minh Long")
    assert [(r["citedNumber"], r["status"], r["earliest"]) for r in found] == \
        [("43/2011/NĐ-CP", "superseded", "2023-11-10")]


def test_d_implementation_chain(sample_store):
    found = rows(sample_store, "implementation-chain", mandate="04-NQ/TU")
    assert [(r["documentNumber"], r["implementsNumber"], r["districtName"]) for r in found] == \
        [("30-KH/HU", "04-NQ/TU", "Huyện Hớn Quản")]


def test_e_district_documents_by_date(sample_store):
    found = rows(sample_store, "district-documents", district="Hớn Quản")
    assert [r["number"] for r in found] == ["30-KH/HU", "227/KH-UBND", "169/KH-UBND", "784/QĐ-UBND"]
    assert [r["date"] for r in found] == sorted(r["date"] for r in found)


def test_e_district_by_gso_code_and_without_diacritics(sample_store):
    assert rows(sample_store, "district-documents", district="534") == \
        rows(sample_store, "district-documents", district="duc pho")


def test_f_issuers_by_level(sample_store):
    found = rows(sample_store, "issuers-by-level")
    levels = {r["issuerName"]: r["levelName"] for r in found}
    assert levels["Chính phủ"] == "National" and levels["Tỉnh ủy Bình Phước"] == "Province"
    assert levels["UBND huyện Hớn Quản"] == "District"
    # Today's provinces are listed without their type word ("Quảng Ngãi"): the label supplies it in lower case,
    # not the name's first letter lowered ("UBND quảng Ngãi").
    assert levels["UBND tỉnh Quảng Ngãi"] == "Province"
    assert not [name for name in levels if name.split(" ", 1)[-1][:1].islower() and name.startswith("UBND ")
                and name.split()[1] not in ("tỉnh", "thành", "huyện", "quận", "thị", "xã", "phường", "đặc")], levels
    only = rows(sample_store, "issuers-by-level", level="national")
    assert {r["levelName"] for r in only} == {"National"}


def test_conflicts_with_the_catalog_are_kept(sample_store):
    found = rows(sample_store, "catalog-conflicts")
    assert {(r["documentNumber"], r["stated"], r["catalog"]) for r in found} == {
        ("468/QĐ-TTg", "2022-03-27", "2021-03-27"), ("107/2021/NĐ-CP", "2021-02-06", "2021-12-06")}


@pytest.mark.parametrize("hostile", ['x" } ; DROP ALL ; { "', "} ; DROP ALL ; {", "a\nb'\"{}", "<http://x> }"])
def test_parameters_are_bound_as_terms_never_pasted(sample_store, hostile):
    before = len(sample_store)
    found = rows(sample_store, "issuers-by-level", level=hostile)
    assert found == [] and len(sample_store) == before


def test_unknown_parameter_and_unknown_document_are_clear_errors(sample_store):
    with pytest.raises(QueryError, match="no parameter 'mandat'"):
        rows(sample_store, "districts-acting-on-mandate", mandat="04-NQ/TU")
    with pytest.raises(QueryError, match="no document numbered 999/QĐ-TTg"):
        rows(sample_store, "districts-acting-on-mandate", mandate="999/QĐ-TTg")
    with pytest.raises(QueryError, match="not a valid document .*Invalid IRI"):
        run(sample_store, bind(load_query("districts-acting-on-mandate"), {"mandate": "http://x y"}, sample_store))


def test_indicator_observations(sample_store):
    found = rows(sample_store, "indicator-observations", indicator="digitized-dossiers")
    # "1154/3736 hồ sơ được số hóa đạt 30.9%": one quantity, one observation (the share; 30.9 is how it is written)
    assert {(r["districtName"], r["value"], r["unit"], r["quote"]) for r in found} == {
        ("Huyện Hớn Quản", "30.89", "percent", "1154/3736 hồ sơ"),
        ("Thị xã Mỹ Hào", "59.9", "percent", "59.9%"), ("Thị xã Mỹ Hào", "68.1", "percent", "68.1%")}
    assert {r["periodEnd"] for r in found} == {"2023-10-31", "2023-06-30"}
    targets = rows(sample_store, "indicator-observations", indicator="online-dossier-rate", district="Đức Phổ")
    assert {(float(r["value"]), r["modality"], r["level"]) for r in targets} >= {(80, "target", "Cấp huyện"),
                                                                              (60, "target", "Cấp xã")}
    with pytest.raises(QueryError, match="no indicator 'nope'"):
        rows(sample_store, "indicator-observations", indicator="nope")


def test_every_query_declares_its_columns_and_returns_typed_rows(sample_store):
    """Each named query declares its result columns with types (`# column:`); the result has exactly them, and
    every value of a row is of its column's declared Python type."""
    import datetime as dt
    from decimal import Decimal

    from policykg.query.runner import rows_of

    python = {"iri": str, "string": str, "integer": int, "decimal": Decimal, "date": dt.date, "boolean": bool}
    for name, query in named_queries().items():
        assert query.declared, f"{name} declares no columns"
        table = run(sample_store, bind(query, {}, sample_store))
        assert tuple(table.columns) == query.columns, name
        for row in rows_of(query, table):
            for column in query.declared:
                value = getattr(row, column.name)
                assert value is None or type(value) is python[column.type], (name, column, value)
    rows = rows_of(load_query("gap-deficit"), run(sample_store, bind(load_query("gap-deficit"), {}, sample_store)))
    assert rows and isinstance(rows[0].inScope, int) and rows[0].districtName.startswith(("Huyện", "Thị xã"))
    with pytest.raises(AttributeError, match="GapDeficitRow \\(query gap-deficit\\) has no column 'district_name'"):
        rows[0].district_name


def test_a_query_whose_select_drifts_from_its_declared_columns_fails_at_load(tmp_path):
    from policykg.query.loader import parse_query_file

    text = (QUERIES / "graph-summary.rq").read_text(encoding="utf-8")
    (tmp_path / "renamed.rq").write_text(text.replace("# column: districts integer", "# column: units integer"),
                                        encoding="utf-8")
    with pytest.raises(QueryError, match="renamed.rq: declares the columns reports, units, .* but its SELECT "
                                         "projects reports, districts"):
        parse_query_file(tmp_path / "renamed.rq")
    (tmp_path / "badtype.rq").write_text(text.replace("# column: districts integer", "# column: districts number"),
                                        encoding="utf-8")
    with pytest.raises(QueryError, match="bad column line 'districts number'"):
        parse_query_file(tmp_path / "badtype.rq")


def test_typed_rows_survive_a_pickle_round_trip(sample_store):
    """The explorer's cache pickles rows: they come back as the same typed rows."""
    import pickle

    from policykg.query.runner import rows_of

    query = load_query("report-list")
    rows = rows_of(query, run(sample_store, bind(query, {}, sample_store)))
    again = pickle.loads(pickle.dumps(rows))
    assert again == rows and type(again[0]).__name__ == "ReportListRow"


def test_the_write_protocol_reads_through_query_files(sample_build):
    """queries/protocol/ holds what the write protocol reads; each has a header, declares the columns of a
    SELECT, answers on the sample graph, and is not offered to analysts as a named query."""
    from policykg import scoreboard
    from policykg.pipeline import reference_fingerprint
    from policykg.query.loader import named_queries as queries_in, protocol_query
    from policykg.query.runner import ask, select

    sample_store = sample_build.store
    protocol = queries_in(QUERIES / "protocol")
    assert len(protocol) >= 9 and not set(protocol) & set(named_queries())
    for name, query in protocol.items():
        assert query.title and query.question, name
        assert bool(query.declared) == (query.columns is not None), name  # a SELECT declares, an ASK has none
    assert ask(sample_store, protocol_query("scoreboard-fresh"), {"definition": scoreboard.definition()})
    assert not ask(sample_store, protocol_query("scoreboard-fresh"), {"definition": "another definition"})
    assert ask(sample_store, protocol_query("reference-graphs-current"),
               {"fingerprint": reference_fingerprint(sample_build.day)})
    graphs = [g for g in sample_store.graphs() if "/graph/report/" in g]
    units = select(sample_store, protocol_query("units-reporting-in"), {"g": graphs})
    assert len(units) == 5 and all(u.district.startswith("https://w3id.org/policykg/id/unit/") for u in units)
    cited = [r.doc for r in select(sample_store, protocol_query("documents-cited-in"), {"g": graphs})]
    issuing = {r.district for r in select(sample_store, protocol_query("districts-issuing"), {"doc": cited})}
    provinces = {r.province for r in select(sample_store, protocol_query("provinces-of"),
                                            {"unit": [u.district for u in units]})}
    # the districts' own plans are cited, and their provinces' (a provincial plan's implementation record is
    # the province's: a change to a report citing it bears on it)
    assert {u.district for u in units} & issuing and provinces & issuing
    assert issuing <= {u.district for u in units} | provinces, issuing - {u.district for u in units} - provinces
    with pytest.raises(QueryError, match="no protocol query named 'nope'"):
        protocol_query("nope")


def test_every_column_of_every_query_has_a_heading_in_both_languages():
    from policykg.reports.words import COLUMNS
    from policykg.sparql import named_queries

    missing = sorted({c for q in named_queries().values() for c in q.columns if c not in COLUMNS})
    assert not missing, f"columns without a Vietnamese and an English heading (reports/words.py): {missing}"
    assert all(vi and en for vi, en in COLUMNS.values())


def test_every_query_and_parameter_is_described_in_vietnamese_too():
    from policykg.sparql import named_queries

    for name, q in named_queries().items():
        assert q.title_vi and q.question_vi, f"{name}: '# title-vi:' and '# question-vi:' are missing"
        assert all(p.description_vi for p in q.params), f"{name}: a parameter without '# param-vi:'"


def test_one_graph_bound_is_looked_up_not_scanned(sample_build):
    """A write asks, for every report, what its graph holds (report-identity): with ?g bound only by VALUES,
    Oxigraph scanned every graph (a 10,000-report build went quadratic). One IRI is written into the GRAPH
    pattern too; the answers are the same as for a list, which stays a VALUES block."""
    from policykg.query.loader import protocol_query
    from policykg.query.runner import bind, select

    store = sample_build.store
    graphs = sorted(g for g in store.graphs() if "/graph/report/" in g)
    query = protocol_query("report-identity")
    one = bind(query, {"g": graphs[0]}, store, live=False)
    assert f"GRAPH <{graphs[0]}>" in one and "VALUES (?g)" in one
    many = bind(query, {"g": graphs[:2]}, store, live=False)
    assert "GRAPH ?g" in many
    alone = [r for r in select(store, query, {"g": graphs[0]})]
    listed = set(select(store, query, {"g": graphs[:2]}))
    assert len(alone) == 1 and set(alone) < listed and len(listed) == 2
    # a projected graph name stays bound
    units = protocol_query("units-reporting-in")
    assert len(select(store, units, {"g": graphs[0]})) == 1


def test_parameters_narrow_the_graph_group_that_opens_a_clause(sample_store):
    """A VALUES block before `GRAPH <scoreboard> { … OPTIONAL … }` was joined after Oxigraph had read the whole
    group (every evidence item of the country for one province's); inside the group it narrows the patterns.
    Same join, same answers: one unit's rows are the national rows of that unit."""
    from policykg.query.runner import bind, select

    query = load_query("gap-evidence-top")
    everyone = select(sample_store, query, {})
    unit = everyone[0].district
    text = bind(query, {"district": [unit]}, sample_store, live=False)
    graph_open = text.index("GRAPH <https://w3id.org/policykg/graph/scoreboard> {")
    assert text.index("VALUES (?district)", graph_open) < text.index("?item pkg:evidencePosition", graph_open)
    narrowed = select(sample_store, query, {"district": [unit]})
    assert narrowed and narrowed == [r for r in everyone if r.district == unit]


def test_parameters_go_into_each_branch_of_a_union_that_opens_a_clause(sample_store):
    """A VALUES block before `{ A } UNION { B }` was joined after Oxigraph had evaluated both branches for the
    whole country (a unit's mentioned mandates through every report's citations: 4.5 s at 10,000 reports); in
    each branch it narrows both. V ⋈ (A ∪ B) = (V ⋈ A) ∪ (V ⋈ B): one unit's cells are the national cells of
    that unit, strengths included."""
    from policykg.query.runner import bind, rows_of, run

    query = load_query("gap-matrix")
    everyone = rows_of(query, run(sample_store, bind(query, {}, sample_store, live=True)))
    unit = next(r.district for r in everyone if r.status == "mentioned")
    text = bind(query, {"district": [unit]}, sample_store, live=True)
    mentioned = text[text.index("(1 AS ?mentioned)"):text.index("AS ?reportRank")]
    first, union, second = mentioned.partition("UNION")
    assert union and "VALUES (?district)" in first and "VALUES (?district)" in second
    narrowed = rows_of(query, run(sample_store, text))
    assert narrowed and narrowed == [r for r in everyone if r.district == unit]


def test_no_values_block_goes_before_a_subquery_in_a_union(sample_store):
    """Branches that are subqueries get the block in their own WHERE (a VALUES before SELECT is a syntax error);
    the answers are the unit's."""
    from policykg.query.loader import with_values
    from policykg.query.runner import select

    query = load_query("reporting-units")
    unit = select(sample_store, query, {})[0].district
    union = ("PREFIX pkg: <https://w3id.org/policykg/ontology#>\n"
             "SELECT ?district ?report WHERE {\n"
             "  { SELECT ?district ?report WHERE { ?report pkg:reportingUnit ?district } }\n"
             "  UNION\n"
             "  { SELECT ?district ?report WHERE { ?report pkg:reportingUnit ?district . ?report a pkg:Report } }\n"
             "}")
    text = with_values(query, union, ["district"], [[f"<{unit}>"]])
    assert text.count("VALUES (?district)") == 3  # the clause's own, and each subquery's
    found = {(str(r["district"]), str(r["report"])) for r in sample_store.query(text)}
    assert found and {d for d, _ in found} == {f"<{unit}>"}


def test_a_provincial_mandate_binds_its_province_and_the_one_that_took_it_over(sample_store):
    """04-NQ/TU of the Bình Phước Party committee binds Bình Phước, and after 1 July 2025 Đồng Nai, which took it
    over; a national decree has no row (it binds every province)."""
    found = rows(sample_store, "mandate-provinces")
    number = {r["mandate"]: r["number"] for r in rows(sample_store, "mandate-list")}
    by_number = {(number[r["mandate"]], r["mandateProvince"], r["heirProvince"]) for r in found}
    number_04 = {(p, h) for n, p, h in by_number if n == "04-NQ/TU"}
    assert len(number_04) == 1
    province, heir = number_04.pop()
    label = lambda iri: next(iter(sample_store.query(  # noqa: E731
        f"SELECT ?l WHERE {{ <{iri}> <http://www.w3.org/2004/02/skos/core#prefLabel> ?l }}")))["l"].value
    assert "Bình Phước" in label(province) and "Đồng Nai" in label(heir)
    assert not {n for n, _, _ in by_number if n.endswith("/NĐ-CP")}


def test_rows_sorted_in_python_come_in_the_order_the_engine_gives(sample_store, tmp_path):
    """The gap report sorts plain ORDER BY keys itself (Oxigraph's sort cost more than the rest of a national
    listing): for every named query whose keys are columns, the keys come in the engine's sequence, and the rows
    are the same."""
    from policykg.query.runner import order_keys, rows_of, run, select_sorted

    sorted_here = 0
    for name, query in named_queries().items():
        text = bind(query, {}, sample_store)
        keys = order_keys(query, text)
        if keys is None:
            continue
        engine = rows_of(query, run(sample_store, text))
        ours = select_sorted(sample_store, query, text)
        key = lambda row: tuple(getattr(row, k) for k, _ in keys)  # noqa: E731
        assert [key(r) for r in ours] == [key(r) for r in engine], name
        assert sorted(map(repr, ours)) == sorted(map(repr, engine)), name
        sorted_here += 1
    assert sorted_here >= 20
    # an unbound value first ascending, last descending, as SPARQL orders it (the samples' listings have none)
    for direction in ("?inForce", "DESC(?inForce)"):
        path = tmp_path / f"order-{len(direction)}.rq"
        path.write_text("# title: t\n# question: q\n# column: number string\n# column: inForce date\n"
                        "PREFIX eli: <http://data.europa.eu/eli/ontology#>\nPREFIX pkg: <https://w3id.org/policykg/ontology#>\n"
                        "SELECT ?number ?inForce WHERE { ?d a pkg:Mandate ; eli:id_local ?number .\n"
                        f"  OPTIONAL {{ ?d eli:first_date_entry_in_force ?inForce }} }}\nORDER BY {direction} ?number\n",
                        encoding="utf-8")
        query = load_query(str(path))
        text = bind(query, {}, sample_store)
        engine, ours = rows_of(query, run(sample_store, text)), select_sorted(sample_store, query, text)
        assert None in {r.inForce for r in engine} and len({r.inForce for r in engine}) > 2
        assert [(r.inForce, r.number) for r in ours] == [(r.inForce, r.number) for r in engine], direction
    # an expression among the keys is left to the engine
    gap = load_query("gap-deficit")
    assert order_keys(gap, "SELECT ?a WHERE { ?a ?b ?c } ORDER BY STRLEN(?a)") is None
    assert order_keys(gap, bind(gap, {}, sample_store)) == [("deficitPercent", True), ("provinceName", False),
                                                           ("districtName", False)]


def test_values_read_as_tsv_are_the_terms_values(sample_store):
    """The embedded store's fast path (`select_values`: a result serialised as SPARQL TSV in Rust, split in
    Python) gives each term's lexical value, as the terms do: every named query on the samples, and a store of
    the literals TSV must escape (tab, newline, quote, backslash), tagged and typed ones, a blank node and a
    row whose only value is unbound."""
    import pyoxigraph as ox

    from policykg.query.runner import run, values_of
    from policykg.store import GraphStore

    def as_terms(store, text):
        table = run(store, text)
        return table.columns, [[None if t is None else t.value for t in row] for row in table.rows]

    checked = 0
    for name in named_queries():
        text = bind(load_query(name), {}, sample_store, live=False)
        table = values_of(sample_store, text)
        assert (table.columns, table.rows) == as_terms(sample_store, text), name
        checked += len(table.rows)
    assert checked > 1000
    store = GraphStore(None)
    s, p = ox.NamedNode("https://example.org/s"), ox.NamedNode("https://example.org/p")
    xsd = "http://www.w3.org/2001/XMLSchema#"
    for o in (ox.Literal('tab\there "quoted" back\\slash\nnewline\r\u00e9 Hòa Hoà \\u0041'),
              ox.Literal("Hớn Quản", language="vi"), ox.Literal("42", datatype=ox.NamedNode(xsd + "integer")),
              ox.Literal("2.5", datatype=ox.NamedNode(xsd + "decimal")), ox.Literal("true", datatype=ox.NamedNode(xsd + "boolean")),
              ox.Literal("2024-06-30", datatype=ox.NamedNode(xsd + "date")), ox.BlankNode("b1"), ox.NamedNode("https://example.org/o?a=1&b=%3C2%3E#é")):
        store.store.add(ox.Quad(s, p, o, ox.NamedNode("https://example.org/g")))
    for text in ("SELECT ?o ?none WHERE { ?s ?p ?o OPTIONAL { ?s <https://example.org/q> ?none } }",
                 "SELECT ?none WHERE { ?s ?p ?o OPTIONAL { ?s <https://example.org/q> ?none } }"):
        table = values_of(store, text)
        assert sorted(map(str, table.rows)) == sorted(map(str, as_terms(store, text)[1])) and len(table.rows) == 8

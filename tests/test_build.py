"""Build -> SHACL-valid graph; idempotent rebuild; exact replacement of a changed report; failures change nothing."""

from __future__ import annotations

import shutil

from pyoxigraph import NamedNode

from policykg.graph.report import report_graph_iri
from policykg.namespaces import CATALOG_GRAPH, ELI, PKG, SCOREBOARD_GRAPH
from policykg.pipeline import build
from policykg.store import GraphStore
from policykg.validate import validate_store

from conftest import REPORTS


def quads(store: GraphStore) -> set:
    return set(store.store.quads_for_pattern(None, None, None, None))


def test_sample_graph_is_shacl_valid(sample_store):
    findings = validate_store(sample_store)
    assert [f for f in findings if f.severity == "Violation"] == []


def test_validation_catches_a_violation(tmp_path):
    store = GraphStore(tmp_path / "s")
    build([REPORTS / "004_25ea28f13367f962.txt"], store, progress=False)
    # A catalog fact that names no source must be a violation.
    fact = NamedNode("https://w3id.org/policykg/id/fact/vn/43-2011-nd-cp/date_signed/0")
    for q in list(store.store.quads_for_pattern(fact, NamedNode("http://purl.org/dc/terms/source"), None, None)):
        store.store.remove(q)
    violations = [f for f in validate_store(store) if f.severity == "Violation"]
    assert any(f.focus == fact.value and "source" in f.path for f in violations)


RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
PKG_CITATION = "https://w3id.org/policykg/ontology#Citation"


def test_each_report_is_checked_when_written_and_validate_reads_the_check_back(tmp_path, monkeypatch):
    """A report's nodes are checked against the shapes as it is written; `validate` reads the stored check
    (a sh:ValidationReport in the report's graph) instead of checking again, and finds what checking now finds."""
    import policykg.validate as validation

    text = (REPORTS / "004_25ea28f13367f962.txt").read_text(encoding="utf-8")
    nameless = tmp_path / "reports" / "khong_ro_don_vi.txt"  # the same report with its district's name removed
    nameless.parent.mkdir()
    nameless.write_text(text.replace("Minh Long", "").replace("minhlong", ""), encoding="utf-8")
    store = GraphStore(tmp_path / "s")
    build([REPORTS, nameless.parent], store, progress=False)
    reports = sorted(g for g in store.graphs() if "/graph/report/" in g)
    # what the write-time check rests on: a report's nodes are described in its graph and nowhere else
    shared = store.query("SELECT DISTINCT ?s WHERE { GRAPH ?g { ?s ?p ?o } GRAPH ?h { ?s ?q ?v } "
                         "FILTER(STRSTARTS(STR(?g), 'https://w3id.org/policykg/graph/report/') && ?g != ?h) }")
    assert list(shared) == []
    stored = validation.validate(store)
    assert stored.recorded == len(reports) == 6 and stored.checked_now == []
    unit = "https://w3id.org/policykg/ontology#reportingUnit"
    warned = [f for f in stored.findings if f.path == unit]
    assert [(f.severity, f.message) for f in warned] == [("Warning", "no reporting unit recognised")]
    assert warned[0].focus.endswith("/report/khong-ro-don-vi")
    now = validation.validate(store, full=True)
    assert now.checked_now == reports and now.findings == stored.findings
    assert _keys(now.findings) == _keys(validation.validate_union(store))
    # checked against other shapes or reference data: every report graph is checked now, with the same result
    monkeypatch.setattr(validation, "checks_fingerprint", lambda: "another")
    again = validation.validate(store)
    assert again.recorded == 0 and again.checked_now == reports and again.findings == stored.findings


def test_validation_a_few_graphs_at_a_time_equals_validating_the_union(tmp_path):
    """Streaming validation finds exactly what validating the whole store at once finds, violations that span
    graphs included: a document two reports date differently, a citation without its quote."""
    from pyoxigraph import Literal, Quad

    from policykg.validate import validate_union

    store = GraphStore(tmp_path / "s")
    build([REPORTS], store, progress=False)
    ELI_DATE = NamedNode("http://data.europa.eu/eli/ontology#date_document")
    QUOTE = NamedNode("https://w3id.org/policykg/ontology#quote")
    doc = NamedNode("https://w3id.org/policykg/id/doc/vn/45-2020-nd-cp")
    graphs = [g for g in store.graphs() if "/graph/report/" in g]
    xsd_date = NamedNode("http://www.w3.org/2001/XMLSchema#date")
    store.store.add(Quad(doc, ELI_DATE, Literal("2020-04-08", datatype=xsd_date), NamedNode(graphs[0])))
    store.store.add(Quad(doc, ELI_DATE, Literal("2020-04-09", datatype=xsd_date), NamedNode(graphs[1])))
    cited = {q.subject for q in store.store.quads_for_pattern(None, NamedNode(RDF_TYPE), NamedNode(PKG_CITATION),
                                                               NamedNode(graphs[2]))}
    citation = next(q for q in store.store.quads_for_pattern(None, QUOTE, None, NamedNode(graphs[2]))
                    if q.subject in cited)
    store.store.remove(citation)
    # edited outside policykg: the stored check of graphs[2] does not know; a full validation checks every
    # report graph now, graph by graph
    assert not any(f.focus == citation.subject.value for f in validate_store(store))
    streamed = validate_store(store, full=True)
    assert _keys(streamed) == _keys(validate_union(store))
    assert any(f.focus == doc.value and f.path.endswith("date_document") for f in streamed)  # two graphs' dates
    assert any(f.focus == citation.subject.value and f.path.endswith("quote") and f.severity == "Violation"
               for f in streamed)
    only = validate_store(store, [graphs[2]])  # on demand, one graph (pyshacl)
    assert any(f.focus == citation.subject.value for f in only)
    assert validate_store(store, ["https://w3id.org/policykg/graph/ontology"]) == []  # names neither


def test_rebuild_is_idempotent(tmp_path):
    store = GraphStore(tmp_path / "s")
    build([REPORTS], store, progress=False)
    first = quads(store)
    build([REPORTS], store, progress=False)
    assert quads(store) == first


def test_changed_report_replaces_exactly_its_facts(tmp_path):
    folder = tmp_path / "reports"
    folder.mkdir()
    for p in REPORTS.glob("*.txt"):
        shutil.copy(p, folder / p.name)
    store = GraphStore(tmp_path / "s")
    build([folder], store, progress=False)
    changing = {report_graph_iri("004-25ea28f13367f962"), SCOREBOARD_GRAPH}  # the report, and cells derived from it
    others = {q for q in quads(store) if q.graph_name.value not in changing}
    target = folder / "004_25ea28f13367f962.txt"
    target.write_text(target.read_text(encoding="utf-8").replace("Nghị định 43/2011/NĐ-CP", "Nghị định 42/2022/NĐ-CP"),
                      encoding="utf-8")
    build([target], store, progress=False)
    graph = NamedNode(report_graph_iri("004-25ea28f13367f962"))
    cited = {q.object.value for q in store.store.quads_for_pattern(None, NamedNode(ELI + "cites"), None, graph)}
    assert "https://w3id.org/policykg/id/doc/vn/42-2022-nd-cp" in cited
    assert "https://w3id.org/policykg/id/doc/vn/43-2011-nd-cp" not in cited
    assert {q for q in quads(store) if q.graph_name.value not in changing} == others
    # the scoreboard cells recomputed for the districts the change bears on equal a clean build's
    clean = GraphStore(tmp_path / "clean")
    build([folder], clean, progress=False)
    assert scoreboard_cells(store) == scoreboard_cells(clean)
    assert scoreboard_cells(store) != set()


def scoreboard_cells(store) -> set:
    return {q for q in store.store.quads_for_pattern(None, None, None, NamedNode(SCOREBOARD_GRAPH))}


def test_failed_file_is_reported_and_changes_nothing(tmp_path):
    store = GraphStore(tmp_path / "s")
    build([REPORTS], store, progress=False)
    before = quads(store)
    empty, binary = tmp_path / "empty.txt", tmp_path / "junk.txt"
    empty.write_bytes(b"")
    binary.write_bytes(bytes(range(256)) * 4)
    summary = build([empty, binary], store, progress=False)
    assert [(r.path, r.status) for r in summary.results] == [(str(empty), "failed"), (str(binary), "failed")]
    assert "empty" in summary.results[0].message and "binary" in summary.results[1].message
    assert quads(store) == before


def test_duplicate_content_under_another_name_is_skipped(tmp_path):
    store = GraphStore(tmp_path / "s")
    build([REPORTS / "004_25ea28f13367f962.txt"], store, progress=False)
    copy = tmp_path / "copy-of-minh-long.txt"
    shutil.copy(REPORTS / "004_25ea28f13367f962.txt", copy)
    result = build([copy], store, progress=False).results[0]
    assert result.status == "skipped" and "004_25ea28f13367f962.txt" in result.message


def test_every_citation_carries_its_evidence(sample_store):
    rows = list(sample_store.query(f"""
        SELECT ?c ?start ?end ?quote ?text WHERE {{
          ?c a <{PKG}Citation> ; <{PKG}start> ?start ; <{PKG}end> ?end ; <{PKG}quote> ?quote ;
             <http://www.w3.org/ns/prov#wasDerivedFrom> ?r . ?r <{PKG}text> ?text }}"""))
    assert len(rows) == 70  # every reference of the five samples (56 in the three with extraction expectations)
    for row in rows:
        assert row["text"].value[int(row["start"].value):int(row["end"].value)] == row["quote"].value


def test_catalog_facts_carry_sources_and_unverified_ones_say_so(sample_store):
    rows = list(sample_store.query(f"""
        SELECT ?level WHERE {{ GRAPH <{CATALOG_GRAPH}> {{
          ?f <http://www.w3.org/1999/02/22-rdf-syntax-ns#predicate> <{ELI}repeals> ;
             <{PKG}verification> ?level }} }}"""))
    from policykg.catalog import load_catalog

    # every replacement the catalog states, each with the verification its sources give: the project brief's and a
    # thesis excerpt's say "unverified"; 69/2024/NĐ-CP replacing 59/2022/NĐ-CP is read on a legal database
    stated = sorted(f.verification for d in load_catalog().documents for f in [d.facts.get("replaces")] if f
                    for _ in f.value)
    assert sorted(r["level"].value.rsplit("/", 1)[-1] for r in rows) == stated
    assert set(stated) == {"unverified", "secondary"}


def test_districts_are_resolved_with_gso_codes_and_successors(sample_store):
    rows = {r["code"].value: r for r in sample_store.query("""
        PREFIX pkg: <https://w3id.org/policykg/ontology#>
        PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
        SELECT ?code ?newProvince WHERE { ?r pkg:reportingUnit ?d . ?d skos:notation ?code ;
          pkg:successor ?p . ?p a pkg:Province ; skos:prefLabel ?newProvince }""")}
    assert set(rows) == {"694", "534", "531", "934", "328"}
    assert rows["694"]["newProvince"].value == "Đồng Nai"  # Bình Phước merged into Đồng Nai on 1 July 2025
    assert rows["534"]["newProvince"].value == "Quảng Ngãi"


def test_shared_descriptions_do_not_multiply_with_the_number_of_reports(tmp_path):
    """The union default graph keeps a copy of a triple per graph: a description restated by every report
    that mentions a node would multiply every join over it. Generated reports share documents and bodies."""
    import sys

    sys.path.insert(0, str(REPORTS.parents[1] / "benchmarks"))
    from generate import generate

    generate(40, tmp_path / "corpus", seed=7)
    store = GraphStore(tmp_path / "s")
    build([tmp_path / "corpus"], store, progress=False)
    row = next(iter(store.query("""SELECT (MAX(?n) AS ?most) WHERE {
        { SELECT ?s ?p ?o (COUNT(DISTINCT ?g) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?s ?p ?o } }""")))
    assert int(row["most"].value) <= 2  # at most a catalog or admin fact echoed once in the entities graph


def test_bulk_batches_and_single_transactions_store_the_same_quads(tmp_path, monkeypatch):
    from policykg.pipeline import ReportWriter

    batched = GraphStore(tmp_path / "batched")
    build([REPORTS], batched, progress=False)
    assert batched.store.contains_named_graph(NamedNode(report_graph_iri("000-465f813c91986d41")))
    # every report larger than the batch: each goes in its own transaction, as a huge report would
    monkeypatch.setattr(ReportWriter, "BATCH_QUADS", 10)
    alone = GraphStore(tmp_path / "alone")
    build([REPORTS], alone, progress=False)
    assert quads(alone) == quads(batched)


def test_a_build_that_bulk_loaded_many_batches_compacts_before_it_recomputes_the_scoreboard(tmp_path, monkeypatch):
    """The recomputation reads every report: on freshly loaded files, before a compaction, it ran ~10x slower
    (a unit's gap-matrix 13-16 s against 1.1 s at 100,000 reports)."""
    from policykg import scoreboard
    from policykg.pipeline import ReportWriter

    events = []
    optimize, refresh = GraphStore.optimize, scoreboard.refresh
    monkeypatch.setattr(GraphStore, "optimize", lambda self: (events.append("compact"), optimize(self))[1])
    monkeypatch.setattr(scoreboard, "refresh",
                        lambda store, districts=None: (events.append("scoreboard"), refresh(store, districts))[1])
    monkeypatch.setattr(ReportWriter, "COMPACT_AFTER_BATCHES", 0)  # the samples' one batch counts as many
    store = GraphStore(tmp_path / "s")
    build([REPORTS], store, progress=False)
    assert events == ["compact", "scoreboard"]
    assert scoreboard.is_fresh(store)


def test_a_full_recomputation_of_many_units_compacts_after_it_and_a_scoped_one_does_not(tmp_path, monkeypatch):
    """A full recomputation rewrites the whole scoreboard: on its fresh files a changed report's update took
    1.5 s at 10,000 reports, 0.83 s compacted. A scoped one writes a few units' results: no compaction."""
    from policykg import scoreboard

    events = []
    optimize = GraphStore.optimize
    monkeypatch.setattr(GraphStore, "optimize", lambda self: (events.append("compact"), optimize(self))[1])
    monkeypatch.setattr(scoreboard, "COMPACT_AFTER_UNITS", 0)  # the samples' units count as many
    store = GraphStore(tmp_path / "s")
    build([REPORTS], store, progress=False)
    assert events == ["compact"] and scoreboard.is_fresh(store)
    events.clear()
    scoreboard.refresh(store, {"https://w3id.org/policykg/id/unit/district/534"})
    assert events == [] and scoreboard.is_fresh(store)
    monkeypatch.setattr(scoreboard, "COMPACT_AFTER_UNITS", 100)  # fewer units than that: none
    scoreboard.refresh(store)
    assert events == []


def test_the_knowledge_graph_object_adds_queries_and_removes(tmp_path):
    """The facade the CLI and the explorer write through: add, query by name, remove with its cells."""
    from policykg.knowledge_graph import KnowledgeGraph

    kg = KnowledgeGraph.open(tmp_path / "store")
    summary = kg.add([REPORTS / "003_c4ca38d9cb09e442.txt", REPORTS / "004_25ea28f13367f962.txt"])
    assert summary.reports == 2 and kg.is_fresh()
    names = {row[0].value for row in kg.query("reporting-units").rows}
    assert names == {"https://w3id.org/policykg/id/unit/district/534", "https://w3id.org/policykg/id/unit/district/531"}
    [removal] = kg.remove(["004_25ea28f13367f962.txt"])
    assert removal.removed and kg.is_fresh()
    cells = kg.query("gap-cells").rows
    assert cells and {row[0].value for row in cells} == {"https://w3id.org/policykg/id/unit/district/534"}
    assert not kg.remove(["004_25ea28f13367f962.txt"])[0].removed  # gone already: said, not an error
    # the removed unit has no report left: its cells are cleared, its province's counts and sums recomputed,
    # as a build of the other report alone has them
    clean = GraphStore(tmp_path / "clean")
    build([REPORTS / "003_c4ca38d9cb09e442.txt"], clean, progress=False)
    assert scoreboard_cells(kg.store) == scoreboard_cells(clean)


def _keys(findings) -> set:
    return {(f.severity, f.focus, f.path) for f in findings}


def test_the_shapes_compiled_to_sparql_find_what_pyshacl_finds_for_every_constraint_they_use(tmp_path):
    """`policykg validate` runs shapes.ttl as SPARQL on the store (no in-memory copy): one breakage of each kind
    of constraint the shapes use, in real report graphs, is found by both, node for node."""
    from pyoxigraph import Literal, Quad

    from policykg.validate import COMPONENTS, validate, validate_union, validate_with_sparql

    store = GraphStore(tmp_path / "s")
    build([REPORTS], store, progress=False)
    P = lambda name: NamedNode("https://w3id.org/policykg/ontology#" + name)  # noqa: E731
    XSD = "http://www.w3.org/2001/XMLSchema#"
    graph = NamedNode(next(g for g in store.graphs() if "/graph/report/" in g))

    def first(predicate, cls=None):
        quads = store.store.quads_for_pattern(None, P(predicate), None, graph)
        return next(q for q in quads if cls is None or Quad(q.subject, NamedNode(RDF_TYPE), P(cls), graph) in store.store)

    def swap(quad, value):
        store.store.remove(quad)
        store.store.add(Quad(quad.subject, quad.predicate, value, quad.graph_name))
        return quad.subject.value

    broken = {  # constraint -> the node that now breaks it
        "minLength": swap(first("quote", "Citation"), Literal("")),
        "pattern": swap(first("contentHash"), Literal("not-a-hash")),
        "datatype": swap(first("sourceFile"), Literal(3)),
        "class": swap(first("role", "Citation"), NamedNode("https://w3id.org/policykg/id/role/none-such")),
        "in": swap(first("modality"), Literal("planned")),
        "lessThan": swap(first("start", "Citation"), Literal(10 ** 9)),
    }
    statement = first("quote", "Statement")
    store.store.remove(statement)
    broken["minCount"] = statement.subject.value
    report = next(store.store.quads_for_pattern(None, NamedNode(RDF_TYPE), P("Report"), graph)).subject
    store.store.add(Quad(report, P("unitMatchConfidence"), Literal("1.5", datatype=NamedNode(XSD + "decimal")), graph))
    broken["maxInclusive"] = report.value
    for day in ("1900-01-01", "1900-01-02"):  # two latest days, both before the earliest
        store.store.add(Quad(report, P("dateLatest"), Literal(day, datatype=NamedNode(XSD + "date")), graph))
    broken["lessThanOrEquals"] = broken["maxCount"] = report.value
    sparql, pyshacl = validate_with_sparql(store), validate_union(store)
    assert _keys(sparql) == _keys(pyshacl)
    # the report's nodes checked in Python (as when a report is written), the rest by SPARQL: the same findings
    checked = validate(store, full=True)
    assert _keys(checked.findings) == _keys(pyshacl) and graph.value in checked.checked_now
    for component, focus in broken.items():
        assert component in COMPONENTS and any(f.focus == focus for f in sparql), component
        assert any(f.focus == focus for f in checked.findings), component
    # minInclusive (a project's cost) is compiled like maxInclusive; no sample report has a project to break

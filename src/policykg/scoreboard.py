"""The scoreboard: the gap matrix materialised as Data Cube cells in graph/scoreboard.

Computing the national matrix takes seconds at 10,000 reports; reading it takes a fraction of one. Two kinds
of cell, each computed by a named query, so there is one definition of each: per district, mandate and year
(gap-matrix; read by gap-scoreboard) and per district and mandate over all years (gap-cells-by-year; read by
gap-cells). A period is answered from the per-year cells, a part of a year live (sparql.bind). Beside them, the
overdue obligations of each unit (overdue-obligations-live; read by overdue-obligations, and so by gap-deficit
and province-summary): live, they join every report's statements and indicators, ten seconds at 1,000 reports.
For the gap reports, also: each cell's strongest evidence (gap-evidence ranked; read by gap-evidence-top);
each province's yearly counts (gap-trend-points-live over the stored cells; read by gap-trend-points, and so
by gap-trend); the figures held against each target (indicator-comparisons-live; read by
indicator-comparisons, and so by indicator-targets); each target's standing by province
(indicator-standing-live over the stored figures; read by indicator-standing, and so by the averages of
indicator-targets and by indicator-target-summary); each unit's first implementing document of each mandate
(mandate-implementation-live; read by mandate-implementation: the `eli:applies+` path over every mandate took
12-18 s at 10,000 reports); each unit's citations of documents another repeals, with their verdict
(superseded-citations-live; read by superseded-citations); each unit's count of difficulties, causes and
recommendations (district-statement-counts-live; read by district-statement-counts: the national gap report's,
18 s live at 100,000 reports). Counts and sums by province, not shares or means, so that the country's are the
provinces' added.

A build recomputes the cells of the districts it may have changed (`affected_districts`): a district's cells
depend on its own reports, on the dates and issuers of the documents its reports cite, on the `eli:applies`
chains from its documents to a mandate (which other districts' reports may state), and on the reference
graphs (a change there recomputes everything). The dataset carries `pkg:stale true` from before the first
write until the recomputation commits, so an interrupted build never leaves a scoreboard that looks current:
`sparql.bind` then runs gap-matrix live instead.
"""

from __future__ import annotations

import concurrent.futures
import hashlib
import threading
from itertools import groupby
from typing import Iterable, Iterator

from pyoxigraph import Literal, NamedNode

from policykg.namespaces import ID, PKG, PROV, QB, RDFS, SCOREBOARD_GRAPH
from policykg.query.loader import load_query, protocol_query, unordered
from policykg.query.rows import iter_typed_rows
from policykg.query.runner import ask, bind, on_threads, select
from policykg.store.oxigraph import join_updates

DATASET = ID + "dataset/scoreboard"  # the per-year cells (and the scoreboard's stale flag and definition)
TOTALS = ID + "dataset/scoreboard-totals"  # the all-years cells: a data set of its own, with no year dimension
# Above this many affected districts one national computation is cheaper than many narrow ones.
SCOPED_LIMIT = 100
# A full recomputation of more units than this rewrote enough of the scoreboard to compact the store after it:
# at 10,000 reports (707 units) a changed report's update then took 1.5 s on the fresh files, 0.83 s compacted
# (its unit's gap-matrix 0.36 -> 0.14 s); the compaction 36 s after a 372 s recomputation.
COMPACT_AFTER_UNITS = 100
# One update on the embedded store holds at most this much INSERT DATA; a larger result goes in batches, the
# scoreboard marked stale until the last write (as on a server, store.batch_bytes). The country's target
# comparisons as one update (284,747 results at 100,000 reports) took the recomputation's peak to 4.7 GB; in
# 64 MB updates to 2.9 GB (sampled every 30 s; the build's peak 3.4 GB). 64 MB of such results written into an
# empty store: +1.5 GB of peak RSS in 64 MB updates, +0.85 GB in 16 MB, +0.74 GB in 8 MB, +0.7 GB in 1 MB (the
# store's own buffers), and no slower.
UPDATE_BYTES = 8 * 2**20

_GRAPH, _DATASET, _TOTALS, _STALE = f"<{SCOREBOARD_GRAPH}>", f"<{DATASET}>", f"<{TOTALS}>", f"<{PKG}stale>"


# The queries that compute what the scoreboard stores, in the order a refresh runs them.
COMPUTED_BY = ("gap-matrix", "gap-cells-by-year", "gap-trend-points-live", "indicator-comparisons-live",
               "indicator-standing-live", "overdue-obligations-live", "mandate-implementation-live",
               "superseded-citations-live", "district-statement-counts-live", "gap-evidence")
EVIDENCE_KEPT = 5  # per cell, strongest first: what the gap report prints; the rest is counted


def strongest_first(evidence) -> list:
    """gap-evidence rows strongest first (by rank), one per quote: a report that says the same twice counts once."""
    seen, out = set(), []
    # every column in the key: the kept few do not depend on the order the engine gives the rows in
    for e in sorted(evidence, key=lambda e: (int(e.rank), e.report or "", int(e.start or 0), e.via or "",
                                             e.quote or "", int(e.end or 0), e.sectionConcept or "")):
        key = (e.rank, e.via, " ".join((e.quote or "").split()))
        if key not in seen:
            seen.add(key)
            out.append(e)
    return out


def definition() -> str:
    """Fingerprint of the queries that compute the cells: cells computed by other (older) queries mean
    something else, so they are not read."""
    text = "".join(load_query(name).text for name in COMPUTED_BY)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def is_fresh(store) -> bool:
    """The scoreboard exists, was computed by today's queries, and no write since is pending."""
    return ask(store, protocol_query("scoreboard-fresh"), {"definition": definition()})


def computed_by_today(store) -> bool:
    """Cells computed by today's queries are stored (fresh, or stale: a write since is pending or was cut
    short)."""
    return ask(store, protocol_query("scoreboard-computed-by"), {"definition": definition()})


def mark_stale(store) -> None:
    """Say, before writing reports, that the cells may no longer match the graph."""
    store.update(f"DELETE {{ GRAPH {_GRAPH} {{ {_DATASET} {_STALE} ?s }} }} "
                 f"WHERE {{ GRAPH {_GRAPH} {{ {_DATASET} {_STALE} ?s }} }} ; "
                 f"INSERT DATA {{ GRAPH {_GRAPH} {{ {_DATASET} {_STALE} true }} }}")


class Changes:
    """The write protocol, in one place: the scoreboard is marked stale before the first write; before a report
    graph is replaced or removed, the districts its old contents bore on are noted; at commit, those its new
    contents bear on join them and their cells are recomputed (all cells when there are many, when the
    reference graphs changed, or when there is no scoreboard yet). Every writer (build, upload, remove,
    reference reload) goes through it."""

    def __init__(self, store, track: bool = True):
        self.store = store
        self.track = track  # collect affected districts (else everything is recomputed at commit)
        self.affected: set[str] = set()
        self.written: list[str] = []
        # Stale before this write began: an earlier one was cut short (killed) after writing reports, or the
        # cells are another definition's. Which cells it changed is unknown: all are recomputed at commit.
        self.unfinished = store.has_graph(SCOREBOARD_GRAPH) and not is_fresh(store)
        mark_stale(store)

    def replacing(self, graphs: list[str]) -> None:
        """Before these graphs' contents go (replaced or removed)."""
        if self.track:
            self.affected |= affected_districts(self.store, graphs)

    def wrote(self, graph: str) -> None:
        self.written.append(graph)

    def unwrote(self, graph: str) -> None:
        """The graph was found unchanged after all: its cells need no recomputing."""
        self.written.remove(graph)

    def commit(self, everything: bool = False) -> None:
        if everything or self.unfinished or not self.track or not self.store.has_graph(SCOREBOARD_GRAPH) \
                or len(self.written) > SCOPED_LIMIT:
            refresh(self.store)
        else:
            refresh(self.store, self.affected | affected_districts(self.store, self.written))


def affected_districts(store, graphs: list[str]) -> set[str]:
    """Districts whose cells the contents of these report graphs bear on: the reporting districts, the
    districts whose documents they cite (dates, issuers), and the districts whose documents reach, through
    eli:applies, a document one of their relation statements is about. Run on a graph's old contents before
    replacing or removing it, and on its new contents after.

    In steps (queries/protocol/), each with what it needs bound by VALUES: Oxigraph evaluates an `applies+` path
    whose end is only known from another part of the query over the whole store."""
    if not graphs:
        return set()

    def found(name: str, **values) -> list[str]:
        """The one column of a protocol query's rows (nothing to ask for an empty list of values)."""
        if not any(values.values()):
            return []
        query = protocol_query(name)
        return [getattr(row, query.columns[0]) for row in select(store, query, values)]

    reporting = set(found("units-reporting-in", g=list(graphs)))
    cited = found("documents-cited-in", g=list(graphs))
    subjects = found("documents-related-in", g=list(graphs))
    return (reporting | set(found("districts-issuing", doc=cited))  # the cited document's own district
            | set(found("districts-reaching", doc=subjects)))  # every document reaching a subject


def refresh(store, districts: set[str] | None = None) -> None:
    """Recompute the cells of these districts (all with None): per year from gap-matrix, then all years from
    gap-cells-by-year over the new per-year cells, each province's yearly counts, the figures held against
    targets and each province's standing over them, the overdue obligations over those, each unit's first
    implementing documents, its citations of replaced documents, its statements counted per section, and each
    cell's strongest evidence (gap-evidence, ranked by strongest_first, the first EVIDENCE_KEPT kept with the
    count). Rows are read with queries (over the union of all graphs, as every query; the unit-scoped ones a
    unit a query, on a thread per core) and written with updates; the last write clears the stale mark, so
    readers see old cells marked stale, or new cells marked fresh. A full recomputation of many units compacts
    the store after it (COMPACT_AFTER_UNITS)."""
    if districts is not None and (len(districts) > SCOPED_LIMIT or not computed_by_today(store)):
        districts = None  # many districts, or cells another definition computed: recompute them all
    # Cells, figures, findings and evidence are those of reporting units: the others of these units (a province
    # whose plan a report cites) have none to compute, only old ones to clear (seconds each at 10,000 reports).
    reporting = None if districts is None else {row.unit for row in select(
        store, protocol_query("units-with-reports"), {"unit": sorted(districts)})} if districts else set()
    skip = reporting == set()
    # The unit-scoped steps a unit a query, on a thread per core: the country in one query joins every unit's
    # pairs at once (gap-matrix at 10,000 reports: 175 s; 707 one-unit queries ~0.13 s each, on two threads).
    units = [] if skip else sorted(reporting) if reporting is not None else sorted(
        row.unit for row in select(store, protocol_query("units-with-reports"), {}))
    # The evidence of every cell, ranked while the rest is computed (it reads the report graphs, which nothing
    # here writes; each unit's rows are read at once and ranked once the cells are known): the national gap
    # report reads the first few of each. District by district, each cell ranked and dropped before the next: the
    # whole country's rows at once were ~600,000 at 10,000 reports, sorted by the engine before the first came
    # (6.9 GB); a VALUES of several districts crashes Virtuoso 7.2. Only the matrix's cells keep evidence: a
    # mandate's topics also match units it does not bind.
    cells_known: concurrent.futures.Future = concurrent.futures.Future()
    failed = threading.Event()  # a step failed: the units not yet read are not (the error is raised at once)

    def ranked(district: str) -> list[str]:
        """A unit's evidence items: its rows put in cell order here, not by the engine's ORDER BY (half the
        query's time), each cell ranked and dropped before the next."""
        if failed.is_set():
            return []
        rows = sorted(_streamed(store, "gap-evidence", {"district": [district]}, ordered=False),
                      key=lambda row: row.mandate)
        cells = cells_known.result()
        return _evidence_items(row for row in rows if (row.district, row.mandate) in cells)

    with concurrent.futures.ThreadPoolExecutor(1) as background:
        evidence = background.submit(on_threads, ranked, units)
        try:
            years = _by_unit(store, "gap-matrix", units, live=True,
                             shape=lambda row: ((row["district"].value, row["mandate"].value), _year_cell(row)))
            cells_known.set_result({cell for cell, _ in years})
            _refresh_the_rest(store, districts, reporting, skip, units, [text for _, text in years])
        except BaseException as exc:
            failed.set()
            if not cells_known.done():
                cells_known.set_exception(exc)  # the evidence's threads stop waiting; the error is raised here
            raise
        items = [item for unit_items in evidence.result() for item in unit_items]
    _write(store, _clear(districts, f"<{PKG}evidencePosition>"), items, _dataset())
    if districts is None and len(units) > COMPACT_AFTER_UNITS:
        store.optimize()


def _refresh_the_rest(store, districts: set[str] | None, reporting: set[str] | None, skip: bool, units: list[str],
                      years: list[str]) -> None:
    """refresh's steps after the per-year cells were read (`years`, as written), up to the evidence: each written
    in turn."""
    _write(store, _clear(districts, f"<{PKG}refYear>", f"<{PKG}GapObservation>"), years)
    scope = {"district": sorted(reporting)} if reporting else {}
    totals = [] if skip else _shaped(store, "gap-cells-by-year", scope, False, _total_cell)
    _write(store, _clear(districts, f"<{PKG}latestYear>"), totals)
    # each province's yearly counts over the stored cells, for the provinces of these units (a province's counts
    # move with any of its units')
    provinces = None if districts is None else {row.province for row in select(
        store, protocol_query("provinces-of"), {"unit": sorted(districts)})} if districts else set()
    by_province = {"province": sorted(provinces)} if provinces else {}
    # bound as the provinces' reporting units: gap-scoreboard reads the cells by unit (by province, it read every
    # cell of the country first: 3 s at 10,000 reports)
    in_provinces = sorted(row.unit for row in select(store, protocol_query("reporting-units-in"), by_province)) \
        if provinces else []
    points = [] if provinces == set() or (provinces and not in_provinces) else _shaped(
        store, "gap-trend-points-live", {"district": in_provinces} if provinces else {}, False, _shape("trend"))
    _write(store, _clear(provinces, f"<{PKG}gapCount>"), points)
    # the figures held against targets, then the overdue findings over the new cells and comparisons (read, not
    # recomputed), so the findings agree with the cells beside them
    compared = _by_unit(store, "indicator-comparisons-live", units, live=True, shape=_shape("comparison"))
    _write(store, _clear(districts, f"<{PKG}comparedObservation>"), compared)
    del compared  # the largest result (284,747 at 100,000 reports): not held through the steps after it
    # each province's sums over the stored figures, for the same provinces
    standing = [] if provinces == set() else _shaped(store, "indicator-standing-live", by_province, False,
                                                     _shape("standing"))
    _write(store, _clear(provinces, f"<{PKG}valueCount>"), standing)
    overdue = _by_unit(store, "overdue-obligations-live", units, live=False, shape=_shape("overdue"))
    _write(store, _clear(districts, f"<{PKG}missedDeadline>"), overdue)
    # implementation records are any issuing unit's, reporting or not
    implemented = [] if districts == set() else _shaped(
        store, "mandate-implementation-live", {"district": sorted(districts)} if districts else {}, True,
        _shape("implementation"))
    _write(store, _clear(districts, f"<{PKG}planCount>"), implemented)
    # the citations of documents another repeals, with their verdict: for a province, the walk over every such
    # citation of the country (0.6 s at 10,000 reports) becomes a lookup of its units' findings
    superseded = [] if skip else _shaped(store, "superseded-citations-live", scope, True, _shape("superseded"))
    _write(store, _clear(districts, f"<{PKG}supersessionStatus>"), superseded)
    said = [] if skip else _shaped(store, "district-statement-counts-live", scope, True, _shape("statements"))
    _write(store, _clear(districts, f"<{PKG}statementCount>"), said)


def _shaped(store, name: str, values: dict, live: bool, shape) -> list[str]:
    """What `shape` makes of each row of a query, row by row as the store yields them: the text written is held,
    not the rows too (at 100,000 reports the step writing the country's superseded citations raised the build's
    RSS by 0.6 GB: their rows, their text and 64 MB updates together)."""
    return [shape(row) for row in store.query(bind(load_query(name), values, store, live=live))]


def _shape(kind: str):
    return lambda row: _result(kind, row)


def _by_unit(store, name: str, units: list[str], live: bool, shape=lambda row: row) -> list:
    """What `shape` makes of each row of a query with a district parameter, for these units: a unit a query,
    unordered, on a thread per core, in the units' order. Shaped on the thread, so only what is kept (the text
    written) is held, not every unit's rows."""
    query = load_query(name)

    def of(unit: str) -> list:
        return [shape(row) for row in store.query(unordered(bind(query, {"district": [unit]}, store, live=live)))]

    return [item for items in on_threads(of, units) for item in items]


def _streamed(store, name: str, values: dict, ordered: bool = True) -> Iterator:
    """A SELECT's typed rows one at a time, as the store yields them (in no given order unless `ordered`)."""
    query = load_query(name)
    text = bind(query, values, store, live=False)
    result = store.query(text if ordered else unordered(text))
    columns = [v.value for v in result.variables]
    yield from iter_typed_rows(query, columns, ([solution[c] for c in columns] for solution in result))


def _write(store, clear: str, cells: list[str], after: str = "") -> None:
    """Clear, insert the cells, then `after`: one update, or several when the cells exceed what one update
    holds (UPDATE_BYTES; on a server that takes INSERT DATA only in batches, store.batch_bytes: Virtuoso refuses
    a large one, SP031), the scoreboard marked stale until the last (readers compute live meanwhile)."""
    limit = getattr(store, "batch_bytes", None)
    if not limit and sum(len(cell) + 1 for cell in cells) <= UPDATE_BYTES:
        store.update(join_updates(clear, _insert(cells), after))
        return
    limit = limit or UPDATE_BYTES
    mark_stale(store)
    for update in (clear, *_batches(cells, limit), after):
        if update:
            store.update(update)


def _batches(cells: list[str], limit: int) -> Iterator[str]:
    """INSERT DATA updates of at most `limit` bytes of cells each (one cell larger than that alone)."""
    batch, size = [], 0
    for cell in cells:
        if batch and size + len(cell) > limit:
            yield _insert(batch)
            batch, size = [], 0
        batch.append(cell)
        size += len(cell) + 1
    yield _insert(batch)


def _clear(districts: set[str] | None, kind: str, of_class: str | None = None) -> str:
    """Delete the results of one kind (named by a property only they have, or with their class: refYear for
    the per-year cells, which trend points share; latestYear for the all-years cells; gapCount for the trend
    points …) whose refArea is one of these units (all with None)."""
    if districts == set():
        return ""
    scope = "" if districts is None else f"VALUES ?district {{ {' '.join(str(NamedNode(d)) for d in sorted(districts))} }}"
    typed = f" ; a {of_class}" if of_class else ""
    return (f"DELETE {{ GRAPH {_GRAPH} {{ ?cell ?p ?o }} }} WHERE {{ {scope} "
            f"GRAPH {_GRAPH} {{ ?cell {kind} ?kind{typed} ; <{PKG}refArea> ?district ; ?p ?o }} }}")


def _insert(cells) -> str:
    body = "\n".join(cells)
    return f"INSERT DATA {{ GRAPH {_GRAPH} {{\n{body}\n}} }}" if body else ""


def _dataset() -> str:
    built = f"<{PKG}builtFrom>"
    return f"""
DELETE {{ GRAPH {_GRAPH} {{ {_DATASET} {_STALE} ?s }} }} WHERE {{ GRAPH {_GRAPH} {{ {_DATASET} {_STALE} ?s }} }} ;
DELETE {{ GRAPH {_GRAPH} {{ {_DATASET} {built} ?b }} }} WHERE {{ GRAPH {_GRAPH} {{ {_DATASET} {built} ?b }} }} ;
INSERT DATA {{ GRAPH {_GRAPH} {{
  {_DATASET} a <{QB}DataSet> ; <{QB}structure> <{PKG}ScoreboardStructure> ; {_STALE} false ;
    {built} {Literal(definition())} ;
    <{RDFS}label> {Literal("Bảng theo dõi thực hiện văn bản chỉ đạo", language="vi")} ,
                  {Literal("Mandate implementation scoreboard", language="en")} ;
    <{RDFS}comment> {Literal("Computed by queries/gap-matrix.rq (per year) and queries/gap-cells-by-year.rq (all "
                             "years), with the overdue obligations of queries/overdue-obligations-live.rq, at "
                             "build time (policykg/scoreboard.py).", language="en")} .
  {_TOTALS} a <{QB}DataSet> ; <{QB}structure> <{PKG}ScoreboardTotalsStructure> ;
    <{RDFS}label> {Literal("Bảng theo dõi thực hiện văn bản chỉ đạo, mọi năm", language="vi")} ,
                  {Literal("Mandate implementation scoreboard, all years", language="en")} .
}} }}"""


def _cell_iri(district, mandate, suffix: str) -> NamedNode:
    key = hashlib.md5(f"{district.value} {mandate.value}".encode()).hexdigest()
    return NamedNode(f"{ID}gap/{key}/{suffix}")


def _in_force(row) -> str:
    return f" ; <{PKG}mandateInForce> {row['inForce']}" if row["inForce"] is not None else ""


def _year_cell(row) -> str:
    cell = _cell_iri(row["district"], row["mandate"], row["year"].value)
    return (f"{cell} a <{PKG}GapObservation> ; <{QB}dataSet> {_DATASET} ; <{PKG}refArea> {row['district']} ; "
            f"<{PKG}refMandate> {row['mandate']} ; <{PKG}refYear> {row['year']} ; <{PKG}evidenceRank> {row['rank']} ; "
            f"<{PKG}evidenceStatus> {row['status']} ; <{PKG}scopeCertainty> {row['scope']} ; "
            f"<{PKG}reportCount> {row['reports']} ; <{PKG}latestReportDate> {row['latestDate']}{_in_force(row)} .")


def _total_cell(row) -> str:
    cell = _cell_iri(row["district"], row["mandate"], "all")
    return (f"{cell} a <{PKG}GapObservation> ; <{QB}dataSet> {_TOTALS} ; <{PKG}refArea> {row['district']} ; "
            f"<{PKG}refProvince> {row['province']} ; <{PKG}refMandate> {row['mandate']} ; <{PKG}latestYear> {row['latestYear']} ; "
            f"<{PKG}evidenceRank> {row['cellRank']} ; <{PKG}evidenceStatus> {row['status']} ; "
            f"<{PKG}scopeCertainty> {row['cellScope']} ; <{PKG}reportCount> {row['reportCount']} ; "
            f"<{PKG}latestReportDate> {row['lastReportDate']}{_in_force(row)} .")


def _evidence_items(rows: Iterable) -> list[str]:
    """The first EVIDENCE_KEPT of each cell's evidence, strongest first, each with the cell's count. The rows
    come grouped by cell (refresh sorts each unit's by mandate): one cell is held at a time."""
    items, done = [], set()
    for (district, mandate), found in groupby(rows, key=lambda row: (row.district, row.mandate)):
        if (district, mandate) in done:  # its items would be minted twice under the same IRIs
            raise ValueError(f"gap-evidence rows of {district} × {mandate} are not together: they must come "
                             "grouped by district and mandate")
        done.add((district, mandate))
        ranked = strongest_first(found)
        key = hashlib.md5(f"{district} {mandate}".encode()).hexdigest()
        for position, e in enumerate(ranked[:EVIDENCE_KEPT], start=1):
            optional = "".join(f" ; <{PKG}{p}> {term}" for p, term in (
                ("throughDocument", e.via and NamedNode(e.via)), ("evidenceSection", e.sectionConcept and NamedNode(e.sectionConcept)),
                ("quote", e.quote is not None and Literal(e.quote)), ("start", e.start is not None and Literal(e.start)),
                ("end", e.end is not None and Literal(e.end))) if term)
            report = f" ; <{PROV}wasDerivedFrom> {NamedNode(e.report)}" if e.report else ""
            items.append(f"<{ID}evidence/{key}/{position}> a <{PKG}EvidenceItem> ; <{PKG}refArea> {NamedNode(district)} ; "
                         f"<{PKG}refMandate> {NamedNode(mandate)} ; <{PKG}evidencePosition> {Literal(position)} ; "
                         f"<{PKG}evidenceRank> {Literal(int(e.rank))} ; <{PKG}evidenceKind> {Literal(e.kind)} ; "
                         f"<{PKG}evidenceCount> {Literal(len(ranked))}{report}{optional} .")
    return items


# Each kind of result written beside the cells: its IRI path, class, the columns its key is made of (the key
# of one result: the same row computed again replaces it) and (property, column) pairs, from a row of the query
# that computes it.
RESULTS = {
    "comparison": ("comparison", "TargetComparison", ("obligation", "observation"), (
        ("refObligation", "obligation"), ("refArea", "district"), ("comparedObservation", "observation"),
        ("comparisonVerdict", "verdict"))),
    "trend": ("trend", "TrendPoint", ("province", "year"), (
        ("refArea", "province"), ("refYear", "year"), ("unitCount", "districts"), ("cellCount", "cells"),
        ("gapCount", "gaps"))),
    "implementation": ("implementation", "ImplementationRecord", ("district", "mandate"), (
        ("refMandate", "mandate"), ("refArea", "district"), ("planCount", "plans"),
        ("firstPlanDate", "firstPlanDate"), ("firstPlanNumber", "firstPlan"), ("lagDays", "lagDays"))),
    "standing": ("standing", "TargetStanding", ("obligation", "province"), (
        ("refObligation", "obligation"), ("refArea", "province"), ("unitsCompared", "units"),
        ("unitsMet", "unitsMet"), ("unitsNotMet", "unitsNotMet"), ("valueSum", "valueSum"),
        ("valueCount", "valueCount"))),
    "superseded": ("superseded", "SupersededCitation", ("report", "cited", "replacement", "quote"), (
        ("refArea", "district"), ("citingReport", "report"), ("supersededDocument", "cited"),
        ("replacementDocument", "replacement"), ("supersessionStatus", "status"), ("quote", "quote"))),
    "statements": ("statements", "StatementCount", ("district", "section"), (
        ("refArea", "district"), ("refSection", "section"), ("statementCount", "statements"))),
    "overdue": ("overdue", "OverdueFinding", ("district", "obligation", "deadline"), (
        ("refArea", "district"), ("refMandate", "mandate"), ("refObligation", "obligation"),
        ("missedDeadline", "deadline"), ("firstReportAfter", "firstReportAfter"), ("overdueReason", "reason"))),
}


def _result(kind: str, row) -> str:
    path, cls, key_columns, properties = RESULTS[kind]
    key = hashlib.md5(" ".join(row[c].value for c in key_columns).encode()).hexdigest()
    body = " ; ".join(f"<{PKG}{p}> {row[c]}" for p, c in properties)
    return f"<{ID}{path}/{key}> a <{PKG}{cls}> ; {body} ."

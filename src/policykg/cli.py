"""The `policykg` command line."""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

from policykg import __version__
from policykg.paths import data_dir, default_store
from policykg.messages import say, say_error, user_language

# ttl is Turtle, which has no graphs: one graph (--graph) or all of them merged; the others keep every graph.
EXPORT_FORMATS = {"ttl": "TURTLE", "trig": "TRIG", "nq": "N_QUADS", "jsonld": "JSON_LD"}


def _local_store_arg(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--store", type=Path, default=None,
                        help=f"store directory (default: $POLICYKG_STORE or {default_store()})")


def _store_arg(parser: argparse.ArgumentParser) -> None:
    _local_store_arg(parser)
    remote = parser.add_argument_group("remote SPARQL server (instead of the embedded store)")
    remote.add_argument("--endpoint", metavar="URL",
                        help="SPARQL 1.1 query endpoint of any server whose default graph is the union of its graphs "
                             "(e.g. `policykg serve`: http://127.0.0.1:7878/query)")
    remote.add_argument("--update-endpoint", metavar="URL", help="SPARQL update endpoint (default: …/update beside "
                                                                  "an endpoint ending in /query)")
    remote.add_argument("--gsp-endpoint", metavar="URL",
                        help="Graph Store Protocol endpoint used to load and remove graphs (default: …/store beside "
                             "an endpoint ending in /query, Oxigraph's layout). Credentials: "
                             "POLICYKG_ENDPOINT_USER / POLICYKG_ENDPOINT_PASSWORD")


def _open(args, read_only: bool):
    from policykg.store import GraphStore, RemoteStore

    if getattr(args, "endpoint", None):
        return RemoteStore(args.endpoint, args.update_endpoint, args.gsp_endpoint)
    store = GraphStore(args.store or default_store(), read_only=read_only)
    if not read_only:
        _WRITERS.append(store)
    return store


_WRITERS: list = []  # stores a command opened for writing: flushed (and published to readers) when it ends


def cmd_extract(args) -> int:
    from policykg.extract import extract_text
    from policykg.read import read_report

    report = read_report(args.file)
    extraction = extract_text(report.text, str(args.file))
    payload = extraction.to_json()
    if args.format == "json":
        print(json.dumps(payload, ensure_ascii=False, indent=2))
    else:
        d = payload["unit"]
        print(f"{args.file}: " + (f"{d['kind']} {d['name']}" + (f", {d['province']}" if d["level"] != "province" else "")
                                  + f" ({d['level']} {d['code']}, {d['era']}, confidence {d['confidence']}, "
                                    f"from the {d['basis']})" if d else "no reporting unit recognised"))
        for warning in payload["warnings"]:
            print(f"  warning: {warning}")
        for r in payload["references"]:
            print(f"  {r['start']:>6}-{r['end']:<6} {r['relation']:<12} {r['kind']} {r['number']}"
                  f"  {r['date'] or ''}  {r['issuer'] or ''}")
        for rel in payload["relations"]:
            print(f"  {rel['subject']} {rel['predicate']} {rel['object']}")
        for w in payload["warnings"]:
            print(f"  warning: {w}")
    return 0


def cmd_annotate(args) -> int:
    from policykg.annotate import annotate_html
    from policykg.catalog import load_catalog
    from policykg.extract import extract_text
    from policykg.read import read_report
    from policykg.resolve.report import resolve_report

    report = read_report(args.file)
    extraction = extract_text(report.text, str(args.file))
    page = annotate_html(extraction, resolve_report(extraction, load_catalog()))
    if args.out:
        args.out.write_text(page, encoding="utf-8")
        print(f"wrote {args.out}", file=sys.stderr)
    else:
        sys.stdout.write(page)
    return 0


def cmd_build(args) -> int:
    from policykg.knowledge_graph import KnowledgeGraph

    paths = args.paths or [data_dir() / "reports"]
    store = _open(args, read_only=False)
    summary = KnowledgeGraph(store).add(paths, progress=not args.quiet, workers=args.workers)
    lang = user_language()
    status_word = {"failed": ("failed", "lỗi"), "skipped": ("skipped", "bỏ qua")}
    for r in summary.results:
        if r.status != "ok":
            print(f"{status_word[r.status][lang == 'vi']}: {r.path}: {say(r.message, lang)}", file=sys.stderr)
        elif r.message and not r.unchanged:  # stored, with something to say: a replacement, another key
            print(f"{'ghi chú' if lang == 'vi' else 'note'}: {r.path}: {say(r.message, lang)}", file=sys.stderr)
        for w in r.warnings:
            print(f"warning: {r.path}: {w}", file=sys.stderr)
    ok = [r for r in summary.results if r.status == "ok"]
    skipped, warnings = sum(r.status == "skipped" for r in summary.results), sum(len(r.warnings) for r in summary.results)
    unchanged = sum(r.unchanged for r in ok)  # a rebuild: one count, not a line per file
    if lang == "vi":
        print(f"kho: {store.path}")
        print(f"báo cáo: {len(ok)} đã nạp{f' ({unchanged} không đổi)' if unchanged else ''}, {skipped} bỏ qua, "
              f"{len(summary.failed)} lỗi (báo cáo trong đồ thị: {summary.reports})")
        print(f"văn bản: {summary.documents}  đơn vị: {summary.districts}  trích dẫn: {sum(r.references for r in ok)}  "
              f"bộ ba đã ghi: {summary.triples}  cảnh báo: {warnings}")
    else:
        print(f"store: {store.path}")
        print(f"reports: {len(ok)} ingested{f' ({unchanged} unchanged)' if unchanged else ''}, {skipped} skipped, "
              f"{len(summary.failed)} failed (reports in the graph: {summary.reports})")
        print(f"documents: {summary.documents}  districts: {summary.districts}  "
              f"references: {sum(r.references for r in ok)}  triples written: {summary.triples}  warnings: {warnings}")
    return 1 if summary.failed else 0


def cmd_query(args) -> int:
    from policykg.sparql import bind, format_table, load_query, named_queries, run

    if args.list or not args.query:
        for q in named_queries().values():
            params = " ".join(f"[{p.name}={p.default or '…'}]" for p in q.params)
            print(f"{q.name}: {q.title} {params}\n    {q.question}")
        return 0
    values = dict(_split_param(p) for p in args.param)
    query = load_query(args.query)
    store = _open(args, read_only=True)
    text = bind(query, values, store)
    if args.print_sparql:  # the text that runs: includes expanded, parameters bound
        print(text)
        return 0
    table = run(store, text, limit=args.limit, offset=args.offset, count=True)
    print(format_table(table, args.format))
    if table.truncated and args.format != "table":
        print(table.note(), file=sys.stderr)
    return 0


def cmd_app(args) -> int:
    import os

    from policykg.paths import app_dir

    env = dict(os.environ)
    if args.endpoint:
        env["POLICYKG_ENDPOINT"] = args.endpoint
    else:
        location = Path(args.store or default_store())
        if not (location / "CURRENT").exists():
            print(f"error: {location}: no store here; run `policykg build` (or `make demo`) first", file=sys.stderr)
            return 2
        env["POLICYKG_STORE"] = str(location.resolve())
    # The settings of .streamlit/config.toml as flags, so that an installed package (no checkout) has them too:
    # nothing leaves the machine.
    command = [sys.executable, "-m", "streamlit", "run", str(app_dir() / "explorer.py"),
               "--server.port", str(args.port), "--server.address", args.bind, "--server.headless", "true",
               "--browser.gatherUsageStats", "false", "--server.maxUploadSize", "20",
               "--server.fileWatcherType", "none", "--client.toolbarMode", "minimal", "--theme.font", "sans serif"]
    print(f"Explorer: http://{args.bind}:{args.port}/  (Ctrl+C to stop)", file=sys.stderr)
    os.execve(sys.executable, command, env)  # become Streamlit: stopping this process stops the server


def cmd_serve(args) -> int:
    import shutil

    location = args.store or default_store()
    if not (Path(location) / "CURRENT").exists():
        print(f"error: {location}: no store here; run `policykg build` first", file=sys.stderr)
        return 2
    loopback = _is_loopback(args.bind)
    if args.writable and not loopback and not args.allow_remote_writes:
        print(f"error: refusing writes on {args.bind}, which is not a loopback address: add "
              "--allow-remote-writes if you really mean it", file=sys.stderr)
        return 2
    oxigraph = shutil.which("oxigraph", path=str(Path(sys.executable).parent)) or shutil.which("oxigraph")
    if not oxigraph:
        print("error: the `oxigraph` server is not installed (pip install oxigraph)", file=sys.stderr)
        return 2
    from policykg.server import Settings, serve

    host = f"[{args.bind}]" if ":" in args.bind else args.bind
    base = f"http://{host}:{args.port}"
    print(f"SPARQL endpoint {base}/query ({'read-write' if args.writable else 'read-only'}; "
          f"{args.timeout}s per query; CORS for reads {'on' if args.cors else 'off'}; no cross-origin writes)",
          file=sys.stderr)
    if not args.writable:  # readers open a snapshot each: several may serve one store
        return serve(Settings(oxigraph, str(location), args.bind, args.port, args.writable, args.timeout, args.cors))
    pid_file = Path(location) / SERVE_PID_FILE
    other = _serving(pid_file)
    if other:
        print(f"error: {location} is already served for writing by process {other[0]} at {other[1]}: write through "
              f"it (--endpoint {other[1]}/query), or stop it first", file=sys.stderr)
        return 2
    print(f"Graph Store Protocol {base}/store — build with --endpoint {base}/query", file=sys.stderr)
    pid_file.write_text(f"{os.getpid()}\n{base}\n", encoding="utf-8")
    try:
        return serve(Settings(oxigraph, str(location), args.bind, args.port, args.writable, args.timeout, args.cors))
    finally:
        pid_file.unlink(missing_ok=True)


SERVE_PID_FILE = "policykg-serve.pid"  # in the store's folder while `serve --writable` runs: its PID and address


def _serving(pid_file: Path) -> tuple[int, str] | None:
    """(PID, address) of the `policykg serve` that holds this store for writing, if one is alive (a file left
    by a killed one is stale: ignored)."""
    try:
        pid_text, address = pid_file.read_text(encoding="utf-8").split("\n")[:2]
        pid = int(pid_text)
        os.kill(pid, 0)
    except (OSError, ValueError):
        return None
    cmdline = Path(f"/proc/{pid}/cmdline")
    if cmdline.exists() and b"serve" not in cmdline.read_bytes():
        return None  # the PID now belongs to another program
    return pid, address


def _is_loopback(address: str) -> bool:
    """An IP literal of the loopback network, or localhost; a name that merely starts with "127." is not."""
    import ipaddress

    if address == "localhost":
        return True
    try:
        return ipaddress.ip_address(address.strip("[]")).is_loopback
    except ValueError:
        return False


def _split_param(text: str) -> tuple[str, str]:
    from policykg.sparql import QueryError
    if "=" not in text:
        raise QueryError(f"--param {text!r}: write NAME=VALUE")
    name, value = text.split("=", 1)
    return name.strip(), value.strip()


def cmd_validate(args) -> int:
    from policykg.validate import validate, validate_store

    store = _open(args, read_only=True)
    unknown = sorted(set(args.graph or ()) - set(store.graphs()))
    if unknown:
        print(f"error: no graph {unknown[0]} in the store (`policykg export --format trig` shows them all)",
              file=sys.stderr)
        return 2
    if args.graph:
        findings, said = validate_store(store, args.graph), ""
    else:
        checked = validate(store, full=args.full)
        findings = checked.findings
        said = (f" (report graphs: {checked.recorded} checked when written, {len(checked.checked_now)} now; "
                "every other node on the store)")
    violations = [f for f in findings if f.severity == "Violation"]
    for f in findings[: args.limit]:
        print(f"{f.severity}: {f.focus} {f.path}: {f.message}")
    print(f"{len(violations)} violation(s), {len(findings) - len(violations)} warning(s){said}")
    if not args.graph and checked.checked_now and not args.full:
        print(f"note: {len(checked.checked_now)} report graph(s) had no check made against the current shapes "
              "and reference data, so they were checked now (slower); `policykg build` on their files stores one",
              file=sys.stderr)
    return 1 if violations else 0


def cmd_export(args) -> int:
    from pyoxigraph import DefaultGraph, RdfFormat

    from policykg.namespaces import PREFIXES

    store = _open(args, read_only=True)
    fmt = getattr(RdfFormat, EXPORT_FORMATS[args.format])
    prefixes = PREFIXES if args.format in ("ttl", "trig") else None
    dataset = store.snapshot()
    if args.graph and args.graph not in {g.value for g in dataset.named_graphs()}:
        print(f"error: no graph {args.graph} in the store (`policykg export --format trig` shows them all)",
              file=sys.stderr)
        return 2
    options = {"prefixes": prefixes}
    if args.graph:
        dataset = _only(dataset, lambda q: q.graph_name.value == args.graph, keep_graph=args.format != "ttl")
    elif args.format == "ttl":
        dataset = _only(dataset, lambda q: True, keep_graph=False)
    if args.format == "ttl":
        options["from_graph"] = DefaultGraph()
    if args.out:
        dataset.dump(output=str(args.out), format=fmt, **options)
        print(f"wrote {args.out}", file=sys.stderr)
    else:
        sys.stdout.buffer.write(dataset.dump(format=fmt, **options))
    return 0


def _only(dataset, keep, keep_graph: bool):
    """The quads `keep` accepts, in their graphs or (for Turtle) merged into the default graph."""
    from pyoxigraph import DefaultGraph, Quad, Store

    out = Store()
    out.extend(q if keep_graph else Quad(q.subject, q.predicate, q.object, DefaultGraph()) for q in dataset if keep(q))
    return out


def cmd_remove(args) -> int:
    from policykg.knowledge_graph import KnowledgeGraph

    status = 0
    for removal in KnowledgeGraph(_open(args, read_only=False)).remove(args.reports):
        if removal.removed:
            print(f"removed {removal.name}")
        elif removal.problem:
            print(f"error: {removal.problem}", file=sys.stderr)
            status = 1
        else:
            print(f"error: no report {removal.name!r} in the store", file=sys.stderr)
            status = 1
    return status


def cmd_eval(args) -> int:
    from policykg.evaluate import evaluate, format_report

    scores = evaluate(args.expectations)
    if args.format == "json":
        print(json.dumps({k: {"expected": s.expected + s.known_misses, "found": s.found, "matched": s.matched,
                              "precision": s.precision, "recall": s.recall, "losses": s.losses, "gains": s.gains}
                          for k, s in scores.items()}, ensure_ascii=False, indent=2))
    else:
        print(format_report(scores))
    return 1 if any(s.losses for s in scores.values()) else 0


def cmd_gaps(args) -> int:
    from policykg.reports.gaps import collect, write_report

    store = _open(args, read_only=True)
    data = collect(store, period=args.period, province=args.province, deficit_target=args.deficit_target,
                   units=args.units)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    write_report(data, args.format, args.out, args.lang or user_language())
    print(f"wrote {args.out}: {len(data.deficit)} reporting units × {len(data.mandates)} mandates, "
          f"{sum(data.evidence_count(c.district, c.mandate) for c in data.cells)} pieces of evidence")
    return 0


NAMES_SHOWN = 12  # units named per mandate in `analyze`'s table


def cmd_analyze(args) -> int:
    import csv
    from dataclasses import asdict

    from policykg.analytics import analyze

    result = analyze(_open(args, read_only=True), top=args.top)
    if args.format == "json":
        print(json.dumps(asdict(result), ensure_ascii=False, indent=2))
        return 0
    # a table names the first few units of a wide reach (707 names on one line at national scale); CSV and JSON
    # name every one
    names = (lambda r: ", ".join(r["names"])) if args.format == "csv" else (  # noqa: E731
        lambda r: ", ".join(r["names"][:NAMES_SHOWN]) + (f" … and {len(r['names']) - NAMES_SHOWN} more"
                                                          if len(r["names"]) > NAMES_SHOWN else ""))
    rows = ([("reach", r["mandate"], r["districts"], names(r)) for r in result.reach]
            + [("centrality", r["document"], r["pagerank"], f"cited by {r['cited_by']}") for r in result.centrality]
            + [("community", str(r["community"]), len(r["districts"]), ", ".join(r["districts"]))
               for r in result.communities]
            + [("chain", r["chain"], r["length"], "") for r in result.chains]
            + [("lag", r["mandate"], r["median_days"], f"{r['districts']} districts, {r['min_days']}–{r['max_days']} days")
               for r in result.lags])
    if args.format == "csv":
        writer = csv.writer(sys.stdout, lineterminator="\n")
        writer.writerow(["section", "item", "value", "detail"])
        writer.writerows(rows)
        return 0
    titles = {"reach": "Mandates by reach (districts acting on them, directly or through chains)",
              "centrality": "Most central documents (PageRank over citations and implementations)",
              "community": "Districts grouped by the mandates they act on",
              "chain": "Longest implementation chains", "lag": "Days from mandate to a district's first plan (median)"}
    section = None
    for kind, item, value, detail in rows:
        if kind != section:
            print(f"\n{titles[kind]}")
            section = kind
        print(f"  {str(value):>8}  {item}" + (f"  — {detail}" if detail else ""))
    return 0


def cmd_backup(args) -> int:
    store = _open(args, read_only=True)
    store.backup(args.directory)
    print(f"backed up {store.path} to {args.directory}")
    return 0


def cmd_restore(args) -> int:
    import shutil

    from policykg.store import GraphStore

    target = Path(args.store or default_store())
    try:
        checked = GraphStore(args.directory, read_only=True)  # refuse anything that is not a readable store
        len(checked)
        del checked
    except Exception as exc:  # a damaged backup: pyoxigraph raises assorted errors
        print(f"error: {args.directory} is not a readable store backup ({exc}); nothing was changed",
              file=sys.stderr)
        return 2
    aside = None
    if target.exists():
        if not args.force:
            print(f"error: {target} exists: add --force to replace it with the backup", file=sys.stderr)
            return 2
        aside = _aside_name(target)  # every earlier copy kept: a second restore never deletes the first's
        target.rename(aside)
        print(f"moved the current store aside to {aside}", file=sys.stderr)
    try:
        shutil.copytree(args.directory, target)
    except OSError as exc:  # a full disk, a permission: put the store back as it was
        shutil.rmtree(target, ignore_errors=True)
        if aside is not None:
            aside.rename(target)
        print(f"error: could not copy {args.directory} into {target} ({exc.strerror or exc}); the store is as it "
              f"was: free some space or choose another --store", file=sys.stderr)
        return 2
    GraphStore(target).flush()  # readers move to the restored store (a view of it; older views hold the old one)
    print(f"restored {args.directory} into {target}")
    return 0


def _aside_name(target: Path) -> Path:
    """target.before-restore, else .before-restore-2, -3 …: the first free name."""
    aside, n = target.with_name(target.name + ".before-restore"), 1
    while aside.exists():
        n += 1
        aside = target.with_name(f"{target.name}.before-restore-{n}")
    return aside


def make_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="policykg",
        description="A knowledge graph of Vietnamese policy documents and the reports of provinces, districts "
                    "and communes that act on them.")
    parser.add_argument("--version", action="version", version=f"policykg {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    p = sub.add_parser("extract", help="extract references and the reporting unit from one report",
                       description="Print what policykg finds in one report: the reporting unit (province, district or "
                                   "commune, at the report's date), references, relations.")
    p.add_argument("file", type=Path, help="a report (.txt in any common encoding, .docx, .pdf)")
    p.add_argument("--format", choices=["json", "text"], default="text",
                   help="json follows the documented contract (default: text)")
    p.set_defaults(func=cmd_extract)

    p = sub.add_parser("annotate", help="write a report's text as HTML with its extractions highlighted",
                       description="The report text with every reference, indicator and district mention "
                                   "highlighted and linked to its graph node; the report's own text is escaped.")
    p.add_argument("file", type=Path, help="a report (.txt, .docx, .pdf)")
    p.add_argument("--out", type=Path, help="HTML file to write (default: standard output)")
    p.set_defaults(func=cmd_annotate)

    p = sub.add_parser("build", help="ingest reports into the store",
                       description="Read, extract, resolve and store reports: one named graph per report, so "
                                   "re-ingesting a changed report replaces exactly its facts. Ontology, catalog "
                                   "and administrative units are (re)loaded into their own graphs when they "
                                   "change; then the scoreboard (the gap matrix, graph/scoreboard) is recomputed "
                                   "for the reporting units the new reports bear on. Two files of one name are "
                                   "two reports unless they are the same report (unit, number, day). Every file "
                                   "gets its own result; a report past POLICYKG_MAX_REPORT_MB (20), taking longer "
                                   "than POLICYKG_REPORT_SECONDS (120), needing more memory than "
                                   "POLICYKG_REPORT_MEMORY_MB (2048) or giving more facts than "
                                   "POLICYKG_MAX_REPORT_QUADS (200000) fails alone.")
    p.add_argument("paths", nargs="*", type=Path, help="files or folders (default: data/reports)")
    p.add_argument("--quiet", action="store_true", help="no progress bar")
    p.add_argument("--workers", type=int, default=None,
                   help="processes reading and extracting in parallel (default: one per CPU core)")
    _store_arg(p)
    p.set_defaults(func=cmd_build)

    p = sub.add_parser("query", help="run a named query from queries/ or a .rq file",
                       description="Run a named SPARQL query. Parameters are bound as RDF terms, never pasted "
                                   "into the query text. Without a query, lists the named queries.")
    p.add_argument("query", nargs="?", help="query name (see --list) or path to a .rq file")
    p.add_argument("--param", action="append", default=[], metavar="NAME=VALUE",
                   help="bind a declared parameter (repeatable); documents by IRI or number, districts by "
                        "IRI, GSO code or name")
    p.add_argument("--format", choices=["table", "csv", "json"], default="table")
    p.add_argument("--limit", type=int, default=10000,
                   help="rows per page (default 10000); a cut result says so, with the total and the next offset")
    p.add_argument("--offset", type=int, default=0, help="rows to skip (the next page)")
    p.add_argument("--list", action="store_true", help="list the named queries and their parameters")
    p.add_argument("--print-sparql", action="store_true",
                   help="print the SPARQL that would run (includes expanded, parameters bound) instead of running it")
    _store_arg(p)
    p.set_defaults(func=cmd_query)

    p = sub.add_parser("app", help="open the explorer (Streamlit) on the store or an endpoint",
                       description="Start the Streamlit explorer: overview, districts, mandates, reports (annotated), "
                                   "graph, SPARQL console, gaps, adding a report. Works offline: no CDN, no fonts "
                                   "or scripts from outside.")
    p.add_argument("--port", type=int, default=8501)
    p.add_argument("--bind", default="127.0.0.1", help="address to listen on (default 127.0.0.1)")
    _local_store_arg(p)
    p.add_argument("--endpoint", metavar="URL", help="a SPARQL endpoint instead of the embedded store")
    p.set_defaults(func=cmd_app)

    p = sub.add_parser("serve", help="serve the store over the SPARQL 1.1 Protocol (Oxigraph server)",
                       description="Run the `oxigraph` server on the store: SPARQL 1.1 Protocol at /query (JSON, XML, "
                                   "CSV, TSV by content negotiation), the default graph as the union of all graphs, "
                                   "a time limit per query that holds (a query past it is a 503, never a cut 200). "
                                   "Read-only unless --writable (then also /update and the Graph Store Protocol at "
                                   "/store, which `policykg build --endpoint` uses); writes from another web origin "
                                   "are refused. SIGTERM or Ctrl+C stop it and its oxigraph process.")
    p.add_argument("--port", type=int, default=7878)
    p.add_argument("--bind", default="127.0.0.1", help="address to listen on (default 127.0.0.1)")
    p.add_argument("--timeout", type=int, default=30, help="seconds a query may run (default 30)")
    p.add_argument("--writable", action="store_true", help="accept updates and Graph Store Protocol writes")
    p.add_argument("--allow-remote-writes", action="store_true",
                   help="with --writable on a non-loopback address: required, on purpose")
    p.add_argument("--no-cors", dest="cors", action="store_false",
                   help="no CORS headers at all (by default /query answers browser editors; writes never do, and a "
                        "write from another origin is refused)")
    _local_store_arg(p)
    p.set_defaults(func=cmd_serve)

    p = sub.add_parser("validate", help="check the built graph against the SHACL shapes",
                       description="Check the store against ontology/shapes.ttl. A report's own nodes (the "
                                   "report, its citations, statements, observations) are checked when the report "
                                   "is written and the check is stored in its graph (a sh:ValidationReport): "
                                   "validate reads it back, and checks now, graph by graph, a report graph whose "
                                   "check is missing or was made against other shapes or reference data. Every "
                                   "other node (documents, catalog facts, units, bodies) is checked by SPARQL on "
                                   "the store (queries/shacl/), nothing copied into memory. With --graph: pyshacl "
                                   "over those graphs, each with the whole description of every node it names. "
                                   "All ways find the same nodes (tests compare them with pyshacl). Exits 1 on any "
                                   "violation; warnings are listed but do not fail.")
    p.add_argument("--limit", type=int, default=50, help="findings to print (default 50)")
    p.add_argument("--graph", action="append", metavar="IRI",
                   help="only this named graph (repeatable), e.g. a report's graph/report/KEY")
    p.add_argument("--full", action="store_true",
                   help="check every report graph now, not only those without a current stored check (a store "
                        "edited outside policykg)")
    _store_arg(p)
    p.set_defaults(func=cmd_validate)

    p = sub.add_parser("export", help="write the whole store as RDF",
                       description="Dump the store's graphs: trig, nq or jsonld keep every named graph; ttl is "
                                   "Turtle, which has no graphs: the triples of every graph merged, or of one with "
                                   "--graph. A server's own system graphs are never exported.")
    p.add_argument("--format", choices=sorted(EXPORT_FORMATS), default="trig")
    p.add_argument("--graph", metavar="IRI", help="only this named graph (e.g. https://w3id.org/policykg/graph/catalog)")
    p.add_argument("--out", type=Path, help="file to write (default: standard output)")
    _store_arg(p)
    p.set_defaults(func=cmd_export)

    p = sub.add_parser("gaps", help="write the compliance gap report",
                       description="Reporting unit (province, district, commune) × mandate matrix (implemented / cited / evidence / mentioned / none, or "
                                               "uncertain where the mandate entered into force while the report was "
                                               "being written), deficit "
                                   "against a target with traffic lights, overdue obligations, superseded citations, "
                                   "indicators against targets, trend by year; every cell links to its evidence. "
                                   "Over more than 200 units without --province (the country), each cell shows its "
                                   "strongest evidence with the count, each unit its number of difficulties and "
                                   "recommendations, each target its standing; the province's report quotes each "
                                   "unit's latest report in the period and counts its earlier ones. Every number "
                                   "comes from a named query in queries/.")
    p.add_argument("--period", help="YYYY, YYYY-H1, YYYY-Q2, YYYY-MM or YYYY-MM-DD..YYYY-MM-DD (default: all)")
    p.add_argument("--province", help="only this province: its name before or after the 1 July 2025 reform, or "
                                      "its GSO code; today's province includes the provinces merged into it "
                                      "(\"Đồng Nai\" covers the former Bình Phước)")
    p.add_argument("--units", choices=["auto", "then", "today"], default="auto",
                   help="then: the units as they were at each report's date; today: today's provinces, each "
                        "former district with the communes that took it over; auto (default): today when "
                        "--province names a province of today, else then")
    p.add_argument("--format", choices=["html", "md", "csv", "xlsx"], default="html")
    p.add_argument("--lang", choices=["vi", "en"],
                   help="the language of the HTML report (default: the user's locale, LANG; Vietnamese for vi_*)")
    p.add_argument("--deficit-target", type=float, default=25.0,
                   help="the deficit (%%) an analyst accepts; traffic lights: green ≤ target < amber ≤ 2× < red "
                        "(default 25; a policy choice, not a legal norm)")
    p.add_argument("--out", type=Path, required=True, help="file to write")
    _store_arg(p)
    p.set_defaults(func=cmd_gaps)

    p = sub.add_parser("analyze", help="network analytics: reach, centrality, communities, chains, lags",
                       description="Mandates ranked by reach (districts acting on them, directly or through chains), "
                                   "the most central documents, districts grouped by the mandates they act on, the "
                                   "longest implementation chains, and lag from mandate to first local plan.")
    p.add_argument("--format", choices=["table", "json", "csv"], default="table")
    p.add_argument("--top", type=int, default=10, help="rows per ranking (default 10)")
    _store_arg(p)
    p.set_defaults(func=cmd_analyze)

    p = sub.add_parser("eval", help="measure extraction against the hand-checked expectations",
                       description="Precision and recall per type (references, dates, roles, districts, periods, "
                                   "indicators) against tests/expectations/*.json, with every loss and gain. "
                                   "Exits 1 on any loss.")
    from policykg.evaluate import DEFAULT_EXPECTATIONS
    p.add_argument("--expectations", type=Path, default=DEFAULT_EXPECTATIONS, help="folder of expectation files")
    p.add_argument("--format", choices=["table", "json"], default="table")
    p.set_defaults(func=cmd_eval)

    p = sub.add_parser("backup", help="copy the store consistently into a new directory",
                       description="Use the store's own backup (a consistent snapshot, hard-linked where possible).")
    p.add_argument("directory", type=Path, help="a directory that does not exist yet")
    _local_store_arg(p)
    p.set_defaults(func=cmd_backup)

    p = sub.add_parser("restore", help="put a backup in place of the store",
                       description="Copy a backup directory into the store's place; an existing store is moved "
                                   "aside (…before-restore), never deleted, and only with --force.")
    p.add_argument("directory", type=Path, help="a directory written by `policykg backup`")
    p.add_argument("--force", action="store_true", help="replace an existing store (it is moved aside)")
    _local_store_arg(p)
    p.set_defaults(func=cmd_restore)

    p = sub.add_parser("remove", help="remove reports (exactly their facts) from the store",
                       description="Drop the named graph of each report, given by its IRI, the path it was "
                                   "read from, its file name (refused when several stored reports were read from "
                                   "files of that name) or its key.")
    p.add_argument("reports", nargs="+", help="report IRIs, paths, file names or keys")
    _store_arg(p)
    p.set_defaults(func=cmd_remove)
    return parser


def main(argv: list[str] | None = None) -> int:
    from policykg.catalog import CatalogError
    from policykg.read import ReadError
    from policykg.reports.gaps import GapsError
    from policykg.sparql import QueryError
    from policykg.store import StoreError

    args = make_parser().parse_args(argv)
    try:
        return args.func(args)
    except ReadError as exc:
        lang = user_language()
        print(f"{'lỗi' if lang == 'vi' else 'error'}: {exc.says(lang)}", file=sys.stderr)
        return 2
    except (StoreError, QueryError, CatalogError, GapsError) as exc:
        lang = user_language()  # a Message says itself in the user's language; other texts are English
        print(f"{'lỗi' if lang == 'vi' else 'error'}: {say_error(exc, lang)}", file=sys.stderr)
        return 2
    finally:
        while _WRITERS:  # its writes on disk and in a view readers open, whatever the command
            _WRITERS.pop().flush()


if __name__ == "__main__":
    sys.exit(main())

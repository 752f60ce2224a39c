"""Two SPARQL engines besides Oxigraph, run for real from their Debian packages (see docs/triple-stores.md):

- Apache Jena 4.5 (`libapache-jena-java`): the data loaded into TDB2 with `tdb2.tdbloader`, every query run by
  ARQ over the union default graph in one JVM (tests/jena/RunQueries.java, Java's single-file launch);
- OpenLink Virtuoso 7.2 (`virtuoso-opensource`): a server started on 127.0.0.1 with its own temporary database.

Results are normalised to comparable row sets: IRIs and strings as they are, numbers as Decimals, dates as dates.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import socket
import subprocess
import time
import urllib.parse
import urllib.request
import zipfile
from collections import Counter
from decimal import Decimal, InvalidOperation
from pathlib import Path

JAVA_DIR = Path("/usr/share/java")
# The jars ARQ, RIOT and TDB2 need, by their unversioned Debian names; not every jar of /usr/share/java
# (its slf4j bridges loop into each other).
JENA_JARS = (
    "jena-arq jena-base jena-core jena-dboe-base jena-dboe-index jena-dboe-storage jena-dboe-trans-data "
    "jena-dboe-transaction jena-iri jena-rdfconnection jena-shacl jena-tdb2 jena-cmds commons-cli commons-codec "
    "commons-compress commons-csv commons-io commons-lang3 dexx.collection gson guava httpclient httpclient-cache httpcore "
    "jackson-annotations jackson-core jackson-databind jakarta.json-api jsonld-java protobuf slf4j-api slf4j-simple "
    "thrift titanium-json-ld").split()
RUN_QUERIES = Path(__file__).parent / "jena" / "RunQueries.java"
XSD = "http://www.w3.org/2001/XMLSchema#"
NUMERIC = {XSD + t for t in ("integer", "decimal", "double", "float", "int", "long", "short", "byte",
                             "nonNegativeInteger", "positiveInteger", "unsignedInt", "unsignedLong")}


def missing() -> list[str]:
    """What of the two engines this machine lacks (make test's system-deps installs them)."""
    out = []
    if not shutil.which("java") or not (JAVA_DIR / "jena-arq.jar").exists():
        out.append("Jena (apt-get install default-jre-headless libapache-jena-java)")
    if not shutil.which("virtuoso-t"):
        out.append("Virtuoso (apt-get install virtuoso-opensource)")
    return out


# ------------------------------------------------------------------ Jena

def jena_classpath(work: Path) -> str:
    """The Jena classpath, with a fix for Debian's jena-core 4.5 first: it ships xerces' message bundles under
    org/apache/jena/ext/xerces/impl/… but its relocated code asks for them under xerces/impl/…, so every XSD
    datatype error dies with ExceptionInInitializerError; a small jar puts copies where they are looked for."""
    fix = work / "jena-xerces-messages.jar"
    if not fix.exists():
        with zipfile.ZipFile(JAVA_DIR / "jena-core.jar") as core, zipfile.ZipFile(fix, "w") as out:
            for name in core.namelist():
                if name.startswith("org/apache/jena/ext/xerces/impl/") and name.endswith(".properties"):
                    out.writestr(name[len("org/apache/jena/ext/"):], core.read(name))
    return ":".join([str(fix)] + [str(JAVA_DIR / f"{jar}.jar") for jar in JENA_JARS])


class Jena:
    """A TDB2 database of one N-Quads file, queried by ARQ with the union default graph."""

    def __init__(self, work: Path, nquads: Path):
        self.work = work
        self.classpath = jena_classpath(work)
        self.db = work / "tdb2"
        self._java("tdb2.tdbloader", "--loc", str(self.db), str(nquads))

    def _java(self, *args: str, timeout: int = 600) -> subprocess.CompletedProcess:
        done = subprocess.run(["java", "-cp", self.classpath, *args], capture_output=True, text=True, timeout=timeout)
        if done.returncode:
            raise RuntimeError(f"java {args[0]} failed: {done.stderr[-2000:]}")
        return done

    def run_all(self, queries: dict[str, str]) -> dict[str, dict | str]:
        """Each query's SPARQL JSON result (a dict) or ARQ's error message (a str), one JVM for all."""
        folder = self.work / f"queries-{time.monotonic_ns()}"
        folder.mkdir()
        for name, text in queries.items():
            (folder / f"{name}.rq").write_text(text, encoding="utf-8")
        self._java(str(RUN_QUERIES), str(self.db), str(folder))
        out: dict[str, dict | str] = {}
        for name in queries:
            err = folder / f"{name}.err"
            out[name] = err.read_text(encoding="utf-8") if err.exists() else \
                json.loads((folder / f"{name}.json").read_text(encoding="utf-8"))
        return out

    def riot_validate(self, path: Path, syntax: str) -> subprocess.CompletedProcess:
        return subprocess.run(["java", "-cp", self.classpath, "riotcmd.riot", "--validate", f"--syntax={syntax}",
                               str(path)], capture_output=True, text=True, timeout=300)


# ------------------------------------------------------------------ Virtuoso

def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


VIRTUOSO_INI = """[Database]
DatabaseFile = {db}/virtuoso.db
ErrorLogFile = {db}/virtuoso.log
LockFile = {db}/virtuoso.lck
TransactionFile = {db}/virtuoso.trx
xa_persistent_file = {db}/virtuoso.pxa
ErrorLogLevel = 7
FileExtend = 200
MaxCheckpointRemap = 2000
Striping = 0
TempStorage = TempDatabase

[TempDatabase]
DatabaseFile = {db}/virtuoso-temp.db
TransactionFile = {db}/virtuoso-temp.trx
MaxCheckpointRemap = 2000
Striping = 0

[Parameters]
ServerPort = 127.0.0.1:{sql_port}
DisableUnixSocket = 1
CheckpointInterval = 60
NumberOfBuffers = 20000
MaxDirtyBuffers = 15000
DirsAllowed = ., {db}, /usr/share/virtuoso-opensource-7/vad
DefaultIsolation = 2

[HTTPServer]
ServerPort = 127.0.0.1:{http_port}
ServerRoot = {db}
ServerThreads = 4
MaxKeepAlives = 4
KeepAliveTimeout = 10

[SPARQL]
ResultSetMaxRows = {max_rows}
MaxQueryExecutionTime = 120
MaxQueryCostEstimationTime = 0
DefaultQuery = select distinct ?g where {{ graph ?g {{ ?s ?p ?o }} }}
"""


class Virtuoso:
    """A Virtuoso server of its own (temporary database, 127.0.0.1): SPARQL at /sparql; updates through
    /sparql too once the SPARQL role may write (granted at start, over isql)."""

    def __init__(self, work: Path, max_rows: int = 10000):
        self.work = work
        work.mkdir(parents=True, exist_ok=True)
        self.sql_port, self.http_port = _free_port(), _free_port()
        (work / "virtuoso.ini").write_text(VIRTUOSO_INI.format(db=work, sql_port=self.sql_port,
                                                                http_port=self.http_port, max_rows=max_rows))
        self.process = subprocess.Popen(["virtuoso-t", "-c", str(work / "virtuoso.ini"), "+foreground"],
                                        cwd=work, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        self.endpoint = f"http://127.0.0.1:{self.http_port}/sparql"
        deadline = time.monotonic() + 120
        while True:
            try:
                urllib.request.urlopen(self.endpoint + "?" + urllib.parse.urlencode({"query": "ASK {}"}), timeout=5)
                break
            except OSError:
                if self.process.poll() is not None or time.monotonic() > deadline:
                    log = (work / "virtuoso.log").read_text(errors="replace")[-2000:] \
                        if (work / "virtuoso.log").exists() else ""
                    self.stop()
                    raise RuntimeError(f"Virtuoso did not start: {log}")
                time.sleep(0.5)
        self.sql("GRANT SPARQL_UPDATE TO \"SPARQL\";")
        self.sql("DB.DBA.RDF_DEFAULT_USER_PERMS_SET ('nobody', 7);")

    def sql(self, statement: str) -> str:
        done = subprocess.run(["isql-vt", f"127.0.0.1:{self.sql_port}", "dba", "dba", f"exec={statement}"],
                              capture_output=True, text=True, timeout=300)
        if done.returncode or "*** Error" in done.stdout + done.stderr:
            raise RuntimeError(f"isql: {statement}: {done.stdout[-1000:]} {done.stderr[-1000:]}")
        return done.stdout

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


# ------------------------------------------------------------------ comparable results

def _value(term: dict | None):
    if term is None:
        return None
    kind, value = term["type"], term["value"]
    if kind == "uri":
        return ("iri", value)
    if kind == "bnode":
        return ("bnode",)
    datatype = term.get("datatype")
    if datatype in NUMERIC:
        try:
            return ("number", Decimal(value).normalize() + 0)
        except InvalidOperation:
            return ("number", value)
    if datatype == XSD + "date":
        return ("date", dt.date.fromisoformat(value[:10]))
    if datatype == XSD + "boolean":
        return ("boolean", value in ("true", "1"))
    return ("literal", value)


def rows(result: dict) -> Counter:
    """A SPARQL JSON result as a multiset of rows (variable → comparable value); an ASK as its boolean."""
    if "boolean" in result:
        return Counter([("ask", bool(result["boolean"]))])
    names = result["head"]["vars"]
    return Counter(tuple((n, _value(b.get(n))) for n in names) for b in result["results"]["bindings"])


def oxigraph_json(store, text: str) -> dict:
    """The embedded store's answer as SPARQL JSON (the same form the other engines give)."""
    from pyoxigraph import QueryResultsFormat

    result = store.query(text)
    return json.loads(result.serialize(format=QueryResultsFormat.JSON))

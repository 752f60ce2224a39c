"""A real `oxigraph serve` on a free loopback port: the whole pipeline runs against it with the same answers as
the embedded store; `policykg serve` answers curl and SPARQLWrapper and refuses writes when read-only."""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from pathlib import Path

import urllib.error

import pytest

from policykg.pipeline import build
from policykg.reports.gaps import collect
from policykg.sparql import bind, named_queries, run, term_text
from policykg.store import GraphStore, RemoteStore, StoreError

from conftest import REPORTS

OXIGRAPH = str(Path(sys.executable).parent / "oxigraph")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_ready(url: str, process: subprocess.Popen) -> None:
    for _ in range(100):
        if process.poll() is not None:
            raise RuntimeError(f"server exited: {process.stderr.read().decode() if process.stderr else ''}")
        try:
            urllib.request.urlopen(url + "?query=ASK%7B%7D", timeout=1).read()
            return
        except OSError:
            time.sleep(0.05)
    raise RuntimeError(f"{url} did not come up")


@pytest.fixture(scope="module")
def oxigraph_server(tmp_path_factory):
    port = free_port()
    location = tmp_path_factory.mktemp("server") / "store"
    process = subprocess.Popen([OXIGRAPH, "serve", "--location", str(location), "--bind", f"127.0.0.1:{port}",
                                "--union-default-graph"], stderr=subprocess.PIPE)
    url = f"http://127.0.0.1:{port}"
    try:
        wait_ready(url + "/query", process)
        yield url, location
    finally:
        process.terminate()
        process.wait(10)


@pytest.fixture(scope="module")
def remote_store(oxigraph_server):
    url, _ = oxigraph_server
    store = RemoteStore(url + "/query")
    summary = build([REPORTS], store, progress=False)
    assert not summary.failed and summary.reports == 5
    return store


def answers(store, query) -> list[tuple]:
    table = run(store, bind(query, {}, store))
    return sorted(tuple(term_text(v, compact=False) for v in row) for row in table.rows)


def test_every_named_query_gives_the_same_answers_remotely(remote_store, sample_store):
    queries = named_queries()
    assert len(queries) >= 12
    for query in queries.values():
        assert answers(remote_store, query) == answers(sample_store, query), query.name


def test_same_triples_and_graphs(remote_store, sample_store):
    assert remote_store.graphs() == sample_store.graphs()
    assert len(remote_store) == len(sample_store)


def test_gap_report_is_the_same_remotely(remote_store, sample_store):
    a, b = collect(remote_store), collect(sample_store)
    assert (a.cells, a.deficit, a.trend, a.targets) == (b.cells, b.deficit, b.trend, b.targets)


def test_rebuild_remotely_replaces_graphs(remote_store):
    before = len(remote_store)
    build([REPORTS / "004_25ea28f13367f962.txt"], remote_store, progress=False)
    assert len(remote_store) == before


def test_the_store_is_not_opened_read_write_twice(oxigraph_server):
    _, location = oxigraph_server
    with pytest.raises(StoreError, match="--endpoint"):
        GraphStore(location)


def test_unreachable_endpoint_is_a_clear_error():
    store = RemoteStore(f"http://127.0.0.1:{free_port()}/query")
    with pytest.raises(StoreError, match="failed after 3 tries"):
        store.query("ASK {}")


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    location = tmp_path_factory.mktemp("served") / "store"
    build([REPORTS], GraphStore(location), progress=False)
    port = free_port()
    process = subprocess.Popen([sys.executable, "-m", "policykg.cli", "serve", "--store", str(location),
                                "--port", str(port)], stderr=subprocess.PIPE)
    url = f"http://127.0.0.1:{port}"
    try:
        wait_ready(url + "/query", process)
        yield url
    finally:
        process.terminate()
        process.wait(10)


def test_serve_answers_curl_in_csv(served):
    if not shutil.which("curl"):
        pytest.skip("curl is not installed")
    out = subprocess.run(["curl", "-s", "-H", "Accept: text/csv", "--data-urlencode",
                          "query=SELECT ?n WHERE { ?d a <https://w3id.org/policykg/ontology#Mandate> ; "
                          "<http://data.europa.eu/eli/ontology#id_local> ?n } ORDER BY ?n", served + "/query"],
                         capture_output=True, text=True, check=True).stdout
    assert out.splitlines()[0] == "n" and "42/2022/NĐ-CP" in out


def test_serve_answers_sparqlwrapper_in_json(served):
    from SPARQLWrapper import JSON, SPARQLWrapper

    client = SPARQLWrapper(served + "/query")
    client.setQuery("PREFIX pkg: <https://w3id.org/policykg/ontology#> "
                    "SELECT (COUNT(?r) AS ?n) WHERE { ?r a pkg:Report }")
    client.setReturnFormat(JSON)
    assert client.query().convert()["results"]["bindings"][0]["n"]["value"] == "5"


def test_read_only_endpoint_refuses_writes(served):
    for url, data, content_type in ((served + "/update", b"update=DROP+ALL", "application/x-www-form-urlencoded"),
                                    (served + "/store?graph=urn:x", b"<urn:a> <urn:b> <urn:c> .",
                                     "application/n-triples")):
        request = urllib.request.Request(url, data=data, method="POST", headers={"Content-Type": content_type})
        with pytest.raises(urllib.error.HTTPError) as info:
            urllib.request.urlopen(request, timeout=5)
        assert info.value.code == 403
    store = RemoteStore(served + "/query")
    assert store.query("ASK { ?r a <https://w3id.org/policykg/ontology#Report> }")


def test_serve_refuses_remote_writes_without_the_flag(tmp_path, capsys):
    from policykg.cli import main

    build([REPORTS / "004_25ea28f13367f962.txt"], GraphStore(tmp_path / "s"), progress=False)
    assert main(["serve", "--store", str(tmp_path / "s"), "--bind", "0.0.0.0", "--writable"]) == 2
    assert "--allow-remote-writes" in capsys.readouterr().err


@pytest.fixture
def served_with_limit(tmp_path):
    """`policykg serve --writable --timeout 2` on a copy of the samples."""
    location = tmp_path / "store"
    build([REPORTS], GraphStore(location), progress=False)
    port = free_port()
    process = subprocess.Popen([sys.executable, "-m", "policykg.cli", "serve", "--store", str(location),
                                "--port", str(port), "--writable", "--timeout", "2"], stderr=subprocess.PIPE)
    url = f"http://127.0.0.1:{port}"
    try:
        wait_ready(url + "/query", process)
        yield url, process
    finally:
        if process.poll() is None:
            process.terminate()  # the gateway stops its Oxigraph on SIGTERM
            try:
                process.wait(10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(10)


def _children(pid: int) -> list[int]:
    """Process ids whose parent is pid (from /proc: `ps` is not on every machine)."""
    out = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            out.append(int(stat.parent.name))
    return out


def _running(pid: int) -> bool:
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


def test_no_cross_origin_write_and_reads_keep_cors(served_with_limit):
    url, _ = served_with_limit
    form = b"update=" + urllib.parse.quote_plus("INSERT DATA { GRAPH <urn:g> { <urn:a> <urn:b> <urn:c> } }").encode()
    evil = urllib.request.Request(url + "/update", data=form, method="POST", headers={
        "Content-Type": "application/x-www-form-urlencoded", "Origin": "https://example.org"})
    with pytest.raises(urllib.error.HTTPError) as info:
        urllib.request.urlopen(evil, timeout=10)
    assert info.value.code == 403 and "another origin" in info.value.read().decode()
    put = urllib.request.Request(url + "/store?graph=urn:g", data=b"<urn:a> <urn:b> <urn:c> .", method="PUT",
                                 headers={"Content-Type": "application/n-triples", "Sec-Fetch-Site": "cross-site"})
    with pytest.raises(urllib.error.HTTPError) as info:
        urllib.request.urlopen(put, timeout=10)
    assert info.value.code == 403
    assert not RemoteStore(url + "/query").has_graph("urn:g")  # nothing was written
    preflight = urllib.request.Request(url + "/update", method="OPTIONS", headers={"Origin": "https://example.org"})
    with pytest.raises(urllib.error.HTTPError):
        urllib.request.urlopen(preflight, timeout=10)
    read = urllib.request.Request(url + "/query?query=ASK%7B%7D", headers={"Origin": "https://example.org"})
    with urllib.request.urlopen(read, timeout=10) as response:
        assert response.headers["Access-Control-Allow-Origin"] == "*"
    same = urllib.request.Request(url + "/update", data=form, method="POST",  # the command line: no Origin
                                  headers={"Content-Type": "application/x-www-form-urlencoded"})
    urllib.request.urlopen(same, timeout=10).read()
    assert RemoteStore(url + "/query").has_graph("urn:g")


def test_a_query_past_the_limit_is_an_error_not_a_cut_answer(served_with_limit):
    url, _ = served_with_limit
    for query in ("SELECT * WHERE { ?a ?b ?c . ?d ?e ?f }",  # streams, then Oxigraph cancels it mid-way
                  "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"):  # never checks its limit
        started = time.monotonic()
        request = urllib.request.Request(url + "/query?" + urllib.parse.urlencode({"query": query}),
                                         headers={"Accept": "application/sparql-results+json"})
        with pytest.raises(urllib.error.HTTPError) as info:
            urllib.request.urlopen(request, timeout=60).read()
        assert info.value.code == 503 and "limit" in info.value.read().decode()
        assert time.monotonic() - started < 2 + 10
    assert bool(RemoteStore(url + "/query").query("ASK { ?s ?p ?o }"))  # and the server answers again


def test_sigterm_stops_the_oxigraph_child(served_with_limit):
    url, process = served_with_limit
    children = _children(process.pid)
    assert children, "policykg serve runs oxigraph as its child"
    process.terminate()
    assert process.wait(15) == 0
    time.sleep(0.5)
    assert not [child for child in children if _running(child)], "oxigraph still runs after SIGTERM"


def test_a_query_with_service_is_refused(served_with_limit):
    url, _ = served_with_limit
    for query in ("SELECT * WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }",
                  "select * { service silent <http://example.org/sparql> { ?s ?p ?o } }"):
        request = urllib.request.Request(url + "/query", data=urllib.parse.urlencode({"query": query}).encode(),
                                         headers={"Content-Type": "application/x-www-form-urlencoded"})
        with pytest.raises(urllib.error.HTTPError) as info:
            urllib.request.urlopen(request, timeout=10)
        assert info.value.code == 403 and "SERVICE" in info.value.read().decode()
    # the word inside an IRI, a string or a comment is not the keyword
    fine = 'SELECT * WHERE { ?s <https://example.org/SERVICE> "SERVICE" } # SERVICE'
    urllib.request.urlopen(url + "/query?" + urllib.parse.urlencode({"query": fine}), timeout=10).read()


def test_a_name_starting_with_127_is_not_loopback(tmp_path, capsys):
    from policykg.cli import main

    build([REPORTS / "004_25ea28f13367f962.txt"], GraphStore(tmp_path / "s"), progress=False)
    assert main(["serve", "--store", str(tmp_path / "s"), "--bind", "127.0.0.1.nip.invalid", "--writable"]) == 2
    assert "--allow-remote-writes" in capsys.readouterr().err


def test_basic_authentication(monkeypatch):
    """A server asking for HTTP Basic gets the credentials of POLICYKG_ENDPOINT_USER / _PASSWORD (Digest: see
    tests/test_engines.py, against Virtuoso)."""
    import base64
    import http.server
    import threading

    expected = "Basic " + base64.b64encode("analyst:mật khẩu".encode()).decode()

    class Guarded(http.server.BaseHTTPRequestHandler):
        def do_POST(self):
            self.rfile.read(int(self.headers.get("Content-Length") or 0))
            if self.headers.get("Authorization") != expected:
                self.send_response(401)
                self.send_header("WWW-Authenticate", 'Basic realm="sparql"')
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            body = b'{"head": {}, "boolean": true}'
            self.send_response(200)
            self.send_header("Content-Type", "application/sparql-results+json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Guarded)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{server.server_port}/query"
    try:
        with pytest.raises(StoreError, match="HTTP 401"):
            RemoteStore(url).query("ASK {}")
        monkeypatch.setenv("POLICYKG_ENDPOINT_USER", "analyst")
        monkeypatch.setenv("POLICYKG_ENDPOINT_PASSWORD", "mật khẩu")
        assert bool(RemoteStore(url).query("ASK {}")) is True
    finally:
        server.shutdown()


def test_both_stores_implement_the_store_interface(tmp_path):
    from policykg.store import Store

    assert isinstance(GraphStore(tmp_path / "s"), Store)
    assert isinstance(RemoteStore("http://127.0.0.1:9/query"), Store)
    missing = [name for name in ("query", "update", "replace_graph", "add_graphs", "has_graph", "remove_graph",
                                 "behind", "graphs", "flush", "optimize", "clear_staging", "snapshot")
               if not callable(getattr(RemoteStore, name, None)) or not callable(getattr(GraphStore, name, None))]
    assert not missing


def test_a_killed_gateway_takes_its_oxigraph_with_it(served_with_limit):
    """SIGKILL gives the gateway no chance to stop its child: the kernel's parent-death signal does, so no
    Oxigraph is left running and holding the store's lock."""
    _, process = served_with_limit
    children = _children(process.pid)
    assert children, "the gateway runs Oxigraph as its child"
    process.kill()
    process.wait(10)
    deadline = time.monotonic() + 10
    while any(_running(c) for c in children) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not any(_running(c) for c in children)


def test_a_store_is_served_for_writing_once(served_with_limit, tmp_path):
    """A second `serve --writable` on the store is refused at once, naming the one that holds it; the PID file
    goes with the server, and one a killed server left is ignored."""
    url, process = served_with_limit
    location = Path(process.args[process.args.index("--store") + 1])
    pid_file = location / "policykg-serve.pid"
    assert pid_file.read_text(encoding="utf-8").split("\n")[:2] == [str(process.pid), url]
    second = subprocess.run([sys.executable, "-m", "policykg.cli", "serve", "--store", str(location), "--port",
                             str(free_port()), "--writable"], capture_output=True, text=True, timeout=60)
    assert second.returncode == 2
    assert f"already served for writing by process {process.pid} at {url}" in second.stderr
    process.terminate()
    process.wait(10)
    assert not pid_file.exists()
    pid_file.write_text("999999\nhttp://127.0.0.1:1\n", encoding="utf-8")  # left by a killed server
    from policykg.cli import _serving

    assert _serving(pid_file) is None


def test_a_read_only_server_follows_the_store(tmp_path):
    """Read-only Oxigraph sees the store as it opened it: the gateway notices a later build, answers from a fresh
    child, and stops the old one."""
    location = tmp_path / "s"
    build([REPORTS], GraphStore(location), progress=False)
    port = free_port()
    server = subprocess.Popen([sys.executable, "-m", "policykg.cli", "serve", "--store", str(location), "--port",
                               str(port)], stderr=subprocess.PIPE)
    url = f"http://127.0.0.1:{port}/query"
    query = "SELECT (COUNT(*) AS ?n) WHERE { ?r a <https://w3id.org/policykg/ontology#Report> }"

    def reports() -> int:
        request = urllib.request.Request(url + "?" + urllib.parse.urlencode({"query": query}),
                                         headers={"Accept": "text/csv"})
        with urllib.request.urlopen(request, timeout=10) as answer:
            return int(answer.read().decode().split()[1])

    try:
        wait_ready(url, server)
        assert reports() == 5
        new = tmp_path / "moi.txt"
        new.write_text("UBND huyện Hớn Quản báo cáo như sau:\n- Thực hiện Kế hoạch số 7/KH-UBND ngày 1/2/2023 của "
                       "UBND huyện.\n", encoding="utf-8")
        assert not build([new], GraphStore(location), progress=False).failed
        deadline = time.monotonic() + 10
        while reports() != 6 and time.monotonic() < deadline:
            time.sleep(0.3)
        assert reports() == 6
        deadline = time.monotonic() + 10
        while len(_children(server.pid)) > 1 and time.monotonic() < deadline:
            time.sleep(0.2)
        assert len(_children(server.pid)) == 1  # the old child is stopped
    finally:
        server.terminate()
        server.wait(10)


def test_a_gateway_error_is_an_answer_not_a_dropped_connection():
    """Whatever goes wrong inside the gateway (here: following the store fails), the client gets a 502 naming it."""
    import http.server
    import threading

    from policykg.server import Settings, make_handler

    class Failing:
        def follow(self, at_once: bool = False):
            raise RuntimeError("the store's folder vanished")

    settings = Settings("oxigraph", "nowhere", "127.0.0.1", 0, False, 30, True)
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), make_handler(settings, Failing(), set()))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        with pytest.raises(urllib.error.HTTPError) as info:
            urllib.request.urlopen(f"http://127.0.0.1:{server.server_address[1]}/query?query=ASK%7B%7D", timeout=10)
        assert info.value.code == 502 and "the store's folder vanished" in info.value.read().decode()
    finally:
        server.shutdown()


def test_a_store_version_survives_a_file_deleted_while_listing(tmp_path, monkeypatch):
    """A compaction deletes table files while the version is read: the version changes, nothing raises."""
    import os

    from policykg.store.oxigraph import store_version

    build([REPORTS / "004_25ea28f13367f962.txt"], GraphStore(tmp_path / "s"), progress=False)
    before = store_version(tmp_path / "s")
    listing = list(os.scandir(tmp_path / "s"))
    victim = next(e for e in listing if e.name.endswith(".sst"))
    monkeypatch.setattr(os, "scandir", lambda path: iter(listing))
    os.rename(victim.path, victim.path + ".moved")  # gone after the listing, as a compaction would do
    after = store_version(tmp_path / "s")
    assert after != before and (victim.name, -1) in after

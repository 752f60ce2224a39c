"""`policykg serve`: the `oxigraph` server behind a small gateway that makes its answers honest and its writes safe.

Oxigraph listens on a private loopback port; the gateway, on the address the user asked for, forwards every
request and adds what the bare server lacks:
- **No cross-origin writes.** A web page the analyst has open can send a form POST to 127.0.0.1 (browsers send
  such "simple" requests without asking). Writes (/update, and PUT/POST/DELETE on /store) that carry an Origin
  other than the server's own, or `Sec-Fetch-Site: cross-site`, are refused with 403; CORS headers are given to
  /query only, so a browser SPARQL editor can read but never write.
- **A cut answer is an error.** Oxigraph streams results and, at its time limit, ends a 200 response with
  "The SPARQL operation has been cancelled". The gateway reads the whole answer first and turns that into a 503
  saying the query was stopped at the limit.
- **The limit holds.** Some queries (a COUNT over a cross product) never reach a point where Oxigraph checks its
  timeout: when no answer comes within the limit (plus a grace), the gateway answers 503 and restarts Oxigraph,
  which is what stops the computation (writes are transactions: one in flight is rolled back).
- **No fetching on a user's behalf.** A query with `SERVICE` would make the server request any address it names:
  such queries are refused with 403.
- **It follows the store.** Read-only Oxigraph sees the store as it was when it opened, so a build run meanwhile
  would stay invisible until a restart. Before forwarding a request the gateway checks (at most once a second)
  whether the store has been written since; if so it starts a fresh Oxigraph, sends new requests to it, and stops
  the old one once the requests it is answering are done. Each answer comes from one consistent snapshot.
- **Clean shutdown.** SIGTERM or Ctrl+C stop the gateway and the Oxigraph child.
"""

from __future__ import annotations

import http.client
import http.server
import queue
import signal
import shutil
import socket
import subprocess
import sys
import threading
import time
import urllib.parse
from dataclasses import dataclass

from policykg.query.lexical import uses_service  # SERVICE as a keyword, outside comments, strings and IRIs
from policykg.store.oxigraph import VANISHED_RETRIES, reading_location, store_version, views_dir

CANCELLED = b"The SPARQL operation has been cancelled"
VANISHED = b"No such file or directory"  # RocksDB's words for a table file a compaction deleted


def _sparql_text(method: str, path: str, headers, body: bytes | None) -> str:
    """The SPARQL text of a request to /query or /update (URL parameter, form field or direct POST)."""
    parts = urllib.parse.urlsplit(path)
    field = "update" if parts.path == "/update" else "query"
    texts = urllib.parse.parse_qs(parts.query).get(field, [])
    if method == "POST" and body:
        kind = (headers.get("Content-Type") or "").split(";")[0].strip().lower()
        if kind == "application/x-www-form-urlencoded":
            texts += urllib.parse.parse_qs(body.decode("utf-8", "replace")).get(field, [])
        elif kind in ("application/sparql-query", "application/sparql-update"):
            texts.append(body.decode("utf-8", "replace"))
    return "\n".join(texts)
GRACE_S = 5
FOLLOW_EVERY_S = 1.0
WRITE_PATHS = ("/update",)
HOP_HEADERS = {"connection", "keep-alive", "transfer-encoding", "te", "trailer", "upgrade", "proxy-authorization",
               "proxy-authenticate", "content-length", "host"}


@dataclass
class Settings:
    oxigraph: str
    location: str
    bind: str
    port: int
    writable: bool
    timeout_s: int
    cors: bool


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


if sys.platform.startswith("linux"):
    import ctypes

    _PRCTL = ctypes.CDLL(None, use_errno=True).prctl  # looked up here: the child must not import after fork
else:
    _PRCTL = None
_PR_SET_PDEATHSIG = 1


def _die_with_parent() -> None:
    """In the child, before exec: ask Linux to send it SIGTERM when the gateway dies, even by SIGKILL, so that no
    Oxigraph is left holding the store's lock (elsewhere: nothing; the gateway's own shutdown still stops it).
    One C call, no Python import or lock: safe in a child forked from a threaded gateway."""
    if _PRCTL is not None:
        _PRCTL(_PR_SET_PDEATHSIG, signal.SIGTERM)


class Upstream:
    """The Oxigraph child on a private port; restartable when a query overruns its limit, and replaced by a fresh
    one when a read-only child falls behind the store."""

    def __init__(self, settings: Settings):
        self.settings = settings
        self.lock = threading.Lock()
        self.process: subprocess.Popen | None = None
        self.port = 0
        self.version: tuple = ()
        self._checked_at = float("-inf")
        self._busy: dict[int, int] = {}  # child pid → requests it is answering
        self._retired: list[subprocess.Popen] = []
        # Restarts run on one long-lived thread: Linux sends the parent-death signal when the *thread* that
        # started the child ends, so a child started by a short-lived request thread would be stopped at once.
        self._restarts: queue.Queue = queue.Queue()
        threading.Thread(target=self._restart_loop, name="oxigraph-restarts", daemon=True).start()
        self.start()

    def start(self) -> None:
        self.process, self.port, self.version = self._launch()

    def _launch(self) -> tuple[subprocess.Popen, int, tuple]:
        s = self.settings
        port = _free_port()
        version = store_version(s.location)  # before it opens: a write in between only makes it look behind
        # a read-only child serves the newest view a writer published (opening the store a build writes is
        # undefined behaviour in RocksDB); a writable one serves the store itself, and its writes publish no view:
        # the views go, so that no embedded reader keeps reading one its writes have made stale
        if s.writable:
            shutil.rmtree(views_dir(s.location), ignore_errors=True)
        location = str(s.location if s.writable else reading_location(s.location))
        command = [s.oxigraph, "serve" if s.writable else "serve-read-only", "--location", location,
                   "--bind", f"127.0.0.1:{port}", "--union-default-graph", "--timeout-s", str(s.timeout_s)]
        process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                                   preexec_fn=_die_with_parent)
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            if process.poll() is not None:
                raise RuntimeError(f"oxigraph exited: {process.stderr.read().decode(errors='replace')[-500:]}")
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                    return process, port, version
            except OSError:
                time.sleep(0.05)
        process.kill()
        raise RuntimeError("oxigraph did not start within 30 s")

    # ------------------------------------------------ following the store (read-only children)
    def follow(self, at_once: bool = False) -> None:
        """Replace a read-only child that has fallen behind the store (asked of the long-lived thread, which
        must start children: see __init__), waiting for the new one. `at_once`: check now, however recently
        the last check was."""
        if self.settings.writable:
            return  # a writable child writes the store itself and sees every write
        now = time.monotonic()
        if now - self._checked_at < FOLLOW_EVERY_S and not at_once:
            return
        self._checked_at = now
        if store_version(self.settings.location) == self.version:
            return
        done = threading.Event()
        self._restarts.put(("refresh", done))
        done.wait(35)

    def _refresh(self) -> None:
        if store_version(self.settings.location) == self.version:
            return  # another request's refresh caught up already
        try:
            fresh = self._launch()
        except RuntimeError:
            return  # keep answering from the old snapshot; the next request tries again
        with self.lock:
            old = self.process
            self.process, self.port, self.version = fresh
            if old is not None:
                self._retired.append(old)
        self._stop_idle_retired()

    def acquire(self) -> tuple[subprocess.Popen, int]:
        """The child a request goes to, counted busy until `release`."""
        with self.lock:
            process, port = self.process, self.port
            self._busy[process.pid] = self._busy.get(process.pid, 0) + 1
            return process, port

    def release(self, process: subprocess.Popen) -> None:
        with self.lock:
            self._busy[process.pid] -= 1
            if not self._busy[process.pid]:
                del self._busy[process.pid]
        if self._retired:
            self._restarts.put(("reap", None))

    def _stop_idle_retired(self) -> None:
        with self.lock:
            idle = [p for p in self._retired if p.pid not in self._busy]
            self._retired = [p for p in self._retired if p.pid in self._busy]
        for process in idle:
            _stop(process)

    def restart(self, process: subprocess.Popen) -> None:
        with self.lock:
            if self.process is process:  # another thread may have restarted it already
                _stop(process)
                self.start()

    def restart_later(self, process: subprocess.Popen) -> None:
        self._restarts.put(("restart", process))

    def _restart_loop(self) -> None:
        while True:
            task, argument = self._restarts.get()
            if task == "restart":
                self.restart(argument)
            elif task == "refresh":
                self._refresh()
                argument.set()
            else:
                self._stop_idle_retired()

    def stop(self) -> None:
        if self.process:
            _stop(self.process)
        for process in self._retired:
            _stop(process)


def _stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def make_handler(settings: Settings, upstream: Upstream, own_origins: set[str]):
    class Gateway(http.server.BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        server_version = "policykg-serve"

        def log_message(self, format, *args):  # noqa: A002 (the base class's name)
            pass

        # ------------------------------------------------ policy
        def _is_write(self) -> bool:
            path = urllib.parse.urlsplit(self.path).path
            return path in WRITE_PATHS or (path == "/store" and self.command in ("PUT", "POST", "DELETE"))

        def _cross_origin(self) -> bool:
            origin = self.headers.get("Origin")
            if self.headers.get("Sec-Fetch-Site") == "cross-site":
                return True
            return bool(origin) and origin not in own_origins

        def _cors(self) -> dict:
            if settings.cors and urllib.parse.urlsplit(self.path).path == "/query":
                return {"Access-Control-Allow-Origin": "*",
                        "Access-Control-Allow-Methods": "GET, POST, OPTIONS",
                        "Access-Control-Allow-Headers": "Content-Type, Accept"}
            return {}

        def _reply(self, status: int, body: bytes, headers: dict | None = None) -> None:
            self.send_response(status)
            for name, value in {**(headers or {}), **self._cors()}.items():
                self.send_header(name, value)
            self.send_header("Content-Length", str(len(body)))  # a HEAD says the length it would send
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(body)

        def _refuse(self, status: int, message: str) -> None:
            self._reply(status, message.encode("utf-8"), {"Content-Type": "text/plain; charset=utf-8"})

        # ------------------------------------------------ methods
        def do_OPTIONS(self):
            if self._cors():
                self._reply(204, b"")
            else:
                self._refuse(403, "cross-origin requests are answered on /query only (reads)")

        def do_GET(self):
            self._forward()

        def do_HEAD(self):
            self._forward()

        def do_POST(self):
            self._forward()

        def do_PUT(self):
            self._forward()

        def do_DELETE(self):
            self._forward()

        def _forward(self) -> None:
            try:
                self._forward_checked()
            except Exception as exc:  # an answer, never a connection closed without one
                self._refuse(502, f"policykg serve could not forward the request ({exc.__class__.__name__}: {exc})")

        def _forward_checked(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length) if length else None
            if self._is_write() and self._cross_origin():
                self._refuse(403, "policykg serve refuses writes from another origin (a web page cannot change "
                                  "the graph); send them without an Origin header, from the command line")
                return
            if urllib.parse.urlsplit(self.path).path in ("/query", "/update") and \
                    uses_service(_sparql_text(self.command, self.path, self.headers, body)):
                self._refuse(403, "queries with SERVICE are not served: the server would fetch the addresses they "
                                  "name on your behalf")
                return
            headers = {k: v for k, v in self.headers.items() if k.lower() not in HOP_HEADERS}
            for attempt in range(VANISHED_RETRIES):
                upstream.follow(at_once=attempt > 0)
                answer = self._ask_upstream(body, headers)
                if answer is None:
                    return
                status, data, passed = answer
                # A read-only child reads the table files of the store as they were when it started; a build's
                # compaction may delete one of them since: a fresh child (the store as it is now) answers.
                if not (status >= 500 and VANISHED in data and not settings.writable):
                    break
                time.sleep(0.02 * (attempt + 1))
            self._reply(status, data, passed)

        def _ask_upstream(self, body: bytes | None, headers: dict) -> tuple[int, bytes, dict] | None:
            """The child's answer (status, body, headers to pass on), or None when a refusal was sent instead."""
            process, port = upstream.acquire()
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=settings.timeout_s + GRACE_S)
            try:
                connection.request(self.command, self.path, body=body, headers=headers)
                response = connection.getresponse()
                data = response.read()
            except (TimeoutError, socket.timeout):
                upstream.restart_later(process)
                self._refuse(503, f"no answer within the {settings.timeout_s} s limit: the query was stopped "
                                  "(narrow it, or run `policykg serve --timeout` with more)")
                return None
            except (http.client.IncompleteRead, ConnectionError, http.client.HTTPException) as exc:
                self._refuse(503, f"the store stopped answering mid-way ({exc.__class__.__name__}): the result is "
                                  "incomplete and not sent")
                return None
            finally:
                connection.close()
                upstream.release(process)
            if response.status == 200 and data.rstrip().endswith(CANCELLED):
                self._refuse(503, f"the query ran past the {settings.timeout_s} s limit and was cancelled: the "
                                  "result is incomplete and not sent")
                return None
            passed = {k: v for k, v in response.getheaders()
                      if k.lower() not in HOP_HEADERS and not k.lower().startswith("access-control-")}
            return response.status, data, passed

    return Gateway


def serve(settings: Settings, announce=lambda line: print(line, file=sys.stderr)) -> int:
    upstream = Upstream(settings)
    host = f"[{settings.bind}]" if ":" in settings.bind else settings.bind
    own = {f"http://{host}:{settings.port}", f"http://localhost:{settings.port}",
           f"http://127.0.0.1:{settings.port}"}
    server_class = http.server.ThreadingHTTPServer
    if ":" in settings.bind:
        class V6(http.server.ThreadingHTTPServer):
            address_family = socket.AF_INET6
        server_class = V6
    try:
        server = server_class((settings.bind, settings.port), make_handler(settings, upstream, own))
    except OSError as exc:
        upstream.stop()
        announce(f"error: cannot listen on {host}:{settings.port} ({exc.strerror or exc})")
        return 2
    server.daemon_threads = True

    def stop(signum, frame):
        threading.Thread(target=server.shutdown, daemon=True).start()

    signal.signal(signal.SIGTERM, stop)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
        upstream.stop()
    return 0

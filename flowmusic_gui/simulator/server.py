"""The simulator's HTTP side: a threaded server answering the FlowMusic endpoints, with faults on demand."""

from __future__ import annotations

import collections
import contextlib
import hmac
import json
import random
import re
import socket
import socketserver
import struct
import sys
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from email.utils import formatdate
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType
from typing import Any, NamedTuple
from urllib.parse import parse_qs, unquote

from .jobs import (
    NEVER_EXISTED_PREFIX,
    ClipPlan,
    JobPlan,
    demo_jobids,
    make_plan,
    parse_clip_id,
    parse_jobid,
    pending_record,
    terminal_record,
)
from .media import make_png, make_wav

API_PREFIX = "/v1/flowmusic"
JOBS_PREFIX = API_PREFIX + "/jobs/"
DEMO_USER_ID = "1001"
DEMO_EMAIL = "demo@flowmusic.local"
#: The token `flowmusic simulate` accepts by default. Its `user:1001-` form makes jobs of other users 403.
DEMO_TOKEN = f"user:{DEMO_USER_ID}-demo-token"
#: The largest /media/blob?size=N.
BLOB_MAX = 1 << 30

#: Every fault `inject_faults` knows.
FAULT_KINDS = ("html500", "502", "notjson", "notobject", "truncated", "reset", "slow", "429", "401", "596")
#: The transient faults `--faults RATE` draws from.
RANDOM_FAULT_KINDS = ("html500", "502", "notjson", "truncated", "reset", "slow", "429")

_JSON = "application/json; charset=utf-8"
_CHUNK = 256 * 1024
_BLOB_PERIOD = 251  # a prime, so blob bytes do not line up with any power-of-two chunk size
_BLOB_PATTERN = bytes(i % _BLOB_PERIOD for i in range(_BLOB_PERIOD)) * (_CHUNK // _BLOB_PERIOD + 2)
_MEDIA_CACHE_SIZE = 64
_HOST_RE = re.compile(r"[A-Za-z0-9.\-]+(:[0-9]{1,5})?|\[[0-9A-Fa-f:.]+\](:[0-9]{1,5})?")
_TOKEN_USER_RE = re.compile(r"user:([0-9]+)-")
_MEDIA_RE = re.compile(r"/media/(audio|wav|image)/([0-9a-f-]{36})\.(wav|png)")

_HTML_500 = (
    b"<!DOCTYPE html><html><head><title>500 Internal Server Error</title></head>"
    b"<body><h1>Internal Server Error</h1><p>The server encountered an unexpected condition.</p></body></html>"
)
_HTML_502 = (
    b"<html><head><title>502 Bad Gateway</title></head><body><center><h1>502 Bad Gateway</h1></center>"
    b"<hr><center>nginx</center></body></html>"
)
_NOT_JSON = b"upstream connect error or disconnect/reset before headers. reset reason: overflow"
_MEDIA_EXPIRED = (
    b"<?xml version='1.0' encoding='UTF-8'?><Error><Code>AccessDenied</Code>"
    b"<Message>Access denied.</Message><Details>Request has expired</Details></Error>"
)


class RequestLogEntry(NamedTuple):
    """One request the simulator answered: when it arrived (time.monotonic()), what it asked, the status."""

    t: float
    method: str
    path: str
    status: int  # 0 when the connection was reset without an answer


class _Unsatisfiable(Exception):
    pass


def parse_range(value: str, size: int) -> tuple[int, int] | None:
    """The (first, last) byte of a single ``bytes=`` range, None to serve it all; raises _Unsatisfiable."""
    unit, _, spec = value.strip().partition("=")
    if unit.strip().lower() != "bytes" or "," in spec:
        return None  # multiple ranges or another unit: serving the whole body is allowed
    first_s, dash, last_s = spec.strip().partition("-")
    if not dash:
        return None
    try:
        if first_s == "":
            suffix = int(last_s)
            if suffix <= 0:
                raise _Unsatisfiable
            return max(0, size - suffix), size - 1
        first = int(first_s)
        last = int(last_s) if last_s else size - 1
    except ValueError:
        return None
    if first >= size:
        raise _Unsatisfiable
    if first < 0 or last < first:
        return None
    return first, min(last, size - 1)


def _error_body(status: int, message: str) -> bytes:
    return json.dumps({"error": message, "code": status}).encode("utf-8")


@dataclass
class _Job:
    plan: JobPlan
    first_seen: float  # time.monotonic()
    created_ms: int  # epoch ms, for created_at
    expired: bool = False
    forced_outcome: str | None = None
    forced_pending: float | None = None
    # Rendered bodies: "" while pending, the origin once terminal (media URLs name the host asked).
    cache: dict[str, bytes] = field(default_factory=dict)

    def terminal(self, now: float) -> bool:
        return now - self.first_seen >= self.plan.pending_s


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 128
    allow_reuse_address = True

    def __init__(self, address: tuple[str, int], sim: Simulator, family: socket.AddressFamily) -> None:
        self.address_family = family
        self.sim = sim
        self.conn_lock = threading.Lock()
        self.conns: set[socket.socket] = set()
        self.resets: set[socket.socket] = set()
        self.threads: set[threading.Thread] = set()
        super().__init__(address, _Handler)

    def server_bind(self) -> None:
        # HTTPServer.server_bind calls getfqdn(), a reverse DNS lookup that can take seconds.
        socketserver.TCPServer.server_bind(self)
        host, port = self.server_address[:2]
        self.server_name = str(host)
        self.server_port = int(port)

    def process_request(self, request: Any, client_address: Any) -> None:
        t = threading.Thread(
            target=self.process_request_thread,
            args=(request, client_address),
            name="flowmusic-simulator-conn",
            daemon=True,
        )
        with self.conn_lock:
            self.conns.add(request)
            self.threads.add(t)
        t.start()

    def process_request_thread(self, request: Any, client_address: Any) -> None:
        try:
            super().process_request_thread(request, client_address)
        finally:
            with self.conn_lock:
                self.threads.discard(threading.current_thread())

    def shutdown_request(self, request: Any) -> None:
        with self.conn_lock:
            self.conns.discard(request)
            reset = request in self.resets
            self.resets.discard(request)
        if reset:
            # No shutdown(SHUT_WR) first: that would send a FIN; close() with SO_LINGER 0 sends a RST.
            self.close_request(request)
        else:
            super().shutdown_request(request)

    def handle_error(self, request: Any, client_address: Any) -> None:
        exc = sys.exc_info()[1]
        if isinstance(exc, (ConnectionError, TimeoutError)) or self.sim._stopping.is_set():
            return  # a client that went away is not news
        super().handle_error(request, client_address)  # a bug: the traceback is worth seeing

    def close_connections(self) -> None:
        with self.conn_lock:
            conns = list(self.conns)
        for conn in conns:
            with contextlib.suppress(OSError):  # already closed by the client
                conn.shutdown(socket.SHUT_RDWR)


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive: a polling session reuses its connection
    server_version = "FlowMusicSimulator/1"
    sys_version = ""
    disable_nagle_algorithm = True
    timeout = 120  # an idle keep-alive connection is closed, as real servers do
    server: _Server

    def do_GET(self) -> None:
        self._dispatch(head=False)

    def do_HEAD(self) -> None:
        self._dispatch(head=True)

    def _not_allowed(self) -> None:
        # The body (if any) is not read, so this connection cannot carry another request.
        self.close_connection = True
        self._begin()
        self._error(405, f"Method {self.command} not allowed", False, [("Allow", "GET, HEAD")])

    do_POST = do_PUT = do_DELETE = do_PATCH = _not_allowed

    def log_message(self, format: str, *args: Any) -> None:
        if self.server.sim.verbose:
            super().log_message(format, *args)

    # --- plumbing -----------------------------------------------------------------------------------------

    def _begin(self) -> None:
        self._arrived = time.monotonic()
        self._logged = False

    def _commit(self, status: int) -> None:
        """Log the request once its status is known and before the answer goes out, so a client that has
        its answer always finds it in the log."""
        if not self._logged:
            self._logged = True
            self.server.sim._log(self._arrived, self.command, self.path, status)

    def _dispatch(self, head: bool) -> None:
        self._begin()
        try:
            self._route(head)
        except (ConnectionError, TimeoutError):
            self.close_connection = True
        finally:
            if not self._logged:
                self._commit(0)

    def _head_lines(self, status: int, ctype: str, length: int, headers: Iterable[tuple[str, str]]) -> bytes:
        self._commit(status)
        try:
            reason = HTTPStatus(status).phrase
        except ValueError:
            reason = "Unknown"
        lines = [
            f"HTTP/1.1 {status} {reason}\r\n"
            f"Date: {_http_date()}\r\n"
            f"Server: {self.server_version}\r\n"
            f"Content-Type: {ctype}\r\n"
            f"Content-Length: {length}\r\n"
        ]
        lines.extend(f"{k}: {v}\r\n" for k, v in headers)
        if self.close_connection:
            lines.append("Connection: close\r\n")
        lines.append("\r\n")
        return "".join(lines).encode("latin-1")

    def _send(
        self, status: int, body: bytes, ctype: str, head: bool, headers: Iterable[tuple[str, str]] = ()
    ) -> None:
        out = self._head_lines(status, ctype, len(body), headers)
        # One write for head and body: no Nagle/delayed-ACK stall, one syscall per answer.
        self.wfile.write(out if head else out + body)

    def _error(self, status: int, message: str, head: bool, headers: Iterable[tuple[str, str]] = ()) -> None:
        self._send(status, _error_body(status, message), _JSON, head, headers)

    def _origin(self) -> str:
        host = self.headers.get("Host", "")
        # Media URLs name the host the client used, so they work from another machine too.
        if _HOST_RE.fullmatch(host):
            return "http://" + host
        return self.server.sim.origin

    def _auth(self, head: bool) -> tuple[bool, str | None]:
        """(authorized, the user id the token names); answers 401 itself when not authorized."""
        sim = self.server.sim
        header = self.headers.get("Authorization")
        if sim.token is None:
            token = header.partition(" ")[2] if header else ""
            m = _TOKEN_USER_RE.match(token)
            return True, m.group(1) if m else None
        if not header:
            self._error(401, "Unauthorized: missing Authorization: Bearer <API token>", head)
            return False, None
        scheme, _, value = header.strip().partition(" ")
        if scheme.lower() != "bearer" or not hmac.compare_digest(
            value.strip().encode("utf-8", "surrogateescape"), sim.token.encode("utf-8")
        ):
            self._error(401, "Unauthorized: invalid API token", head)
            return False, None
        return True, sim._token_user

    def _route(self, head: bool) -> None:
        path, _, query = self.path.partition("?")
        if path.startswith(JOBS_PREFIX):
            self._job(path[len(JOBS_PREFIX) :], head)
        elif path.startswith("/media/"):
            self._media(path, query, head)
        elif path == API_PREFIX + "/accounts":
            self._accounts(head)
        elif path == API_PREFIX + "/music/download":
            self._download(query, head)
        elif path in ("/", API_PREFIX, API_PREFIX + "/"):
            text = (
                "FlowMusic API simulator\n"
                f"GET {API_PREFIX}/jobs/{{jobid}}  (Authorization: Bearer <token>)\n"
                f"GET {API_PREFIX}/accounts\n"
                f"GET {API_PREFIX}/music/download?id=<clip id or jobid>\n"
            )
            self._send(200, text.encode(), "text/plain; charset=utf-8", head)
        else:
            self._error(404, f"Not found: {path}", head)

    # --- endpoints ----------------------------------------------------------------------------------------

    def _job(self, raw: str, head: bool) -> None:
        sim = self.server.sim
        fault = sim._take_fault()
        if fault is not None:
            if fault == "slow":
                sim._stopping.wait(sim.slow_seconds)
            elif fault != "truncated":
                self._fault(fault, head)
                return
        ok, user = self._auth(head)
        if not ok:
            return
        if "/" in raw:
            status, body = 404, _error_body(404, "Not found: a jobid is a single path segment")
        else:
            status, body = sim._job_reply(unquote(raw), user, self._origin())
        if fault == "truncated":
            self.close_connection = True
            cut = 0 if head else len(body) // 2
            self.wfile.write(self._head_lines(status, _JSON, len(body), ()) + body[:cut])
            return
        self._send(status, body, _JSON, head)

    def _fault(self, kind: str, head: bool) -> None:
        sim = self.server.sim
        if kind == "html500":
            self._send(500, _HTML_500, "text/html; charset=utf-8", head)
        elif kind == "502":
            self._send(502, _HTML_502, "text/html", head)
        elif kind == "notjson":
            # Claims JSON, is not: a client must not trust the header.
            self._send(200, _NOT_JSON, _JSON, head)
        elif kind == "notobject":
            self._send(200, b'["pending"]', _JSON, head)
        elif kind == "429":
            self._error(429, "Too many requests", head, [("Retry-After", str(sim.retry_after))])
        elif kind == "401":
            self._error(401, "Unauthorized: invalid API token", head)
        elif kind == "596":
            self._error(596, "The account behind this job is in an error state", head)
        elif kind == "reset":
            self._commit(0)
            self.close_connection = True
            self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            with self.server.conn_lock:
                self.server.resets.add(self.connection)
        else:  # pragma: no cover - inject_faults validates kinds
            raise AssertionError(kind)

    def _accounts(self, head: bool) -> None:
        ok, user = self._auth(head)
        if not ok:
            return
        body = {
            DEMO_EMAIL: {
                "email": DEMO_EMAIL,
                "user": user or DEMO_USER_ID,
                "status": "ok",
                "created": "2026-01-15T09:30:00.000Z",
            }
        }
        self._send(200, json.dumps(body).encode("utf-8"), _JSON, head)

    def _download(self, query: str, head: bool) -> None:
        ok, user = self._auth(head)
        if not ok:
            return
        ident = (parse_qs(query).get("id") or [""])[0]
        if not ident:
            self._error(400, "Missing the id parameter: a clip id or a completed jobid", head)
            return
        status, found = self.server.sim._download_target(ident, user)
        if isinstance(found, str):
            self._error(status, found, head)
            return
        data = self.server.sim._media_bytes("wav", found)
        filename = re.sub(r"[^A-Za-z0-9 ._-]", "_", found.title) or "clip"
        # The real endpoint serves mp3; the standard library cannot encode it, so this is the same WAV.
        self._serve(
            data, "audio/wav", head, [("Content-Disposition", f'attachment; filename="{filename}.wav"')]
        )

    def _media(self, path: str, query: str, head: bool) -> None:
        sim = self.server.sim
        if path.startswith("/media/expired/") or path in sim._expired_media:
            self._send(403, _MEDIA_EXPIRED, "application/xml; charset=UTF-8", head)
            return
        if path == "/media/blob":
            self._blob(query, head)
            return
        m = _MEDIA_RE.fullmatch(path)
        clip = sim._published_clip(m.group(2)) if m else None
        if m is None or clip is None or (m.group(1) == "image") != (m.group(3) == "png"):
            self._send(404, b"Not Found", "text/plain", head)
            return
        if m.group(1) == "image":
            self._serve(sim._media_bytes("png", clip), "image/png", head)
        else:
            # audio_url is an m4a on the real service; WAV here, as the standard library cannot encode AAC.
            self._serve(sim._media_bytes("wav", clip), "audio/wav", head)

    def _ranged(self, size: int, head: bool, ctype: str) -> tuple[int, int, int] | None:
        """(status, first, last) to send, or None once a 416 has been answered."""
        value = self.headers.get("Range")
        if not value or size == 0:
            return 200, 0, size - 1
        try:
            span = parse_range(value, size)
        except _Unsatisfiable:
            self._send(416, b"", ctype, head, [("Content-Range", f"bytes */{size}"), ("Accept-Ranges", "bytes")])
            return None
        if span is None:
            return 200, 0, size - 1
        return 206, span[0], span[1]

    def _serve(self, data: bytes, ctype: str, head: bool, headers: Iterable[tuple[str, str]] = ()) -> None:
        size = len(data)
        ranged = self._ranged(size, head, ctype)
        if ranged is None:
            return
        status, first, last = ranged
        extra = [("Accept-Ranges", "bytes"), *headers]
        if status == 206:
            extra.append(("Content-Range", f"bytes {first}-{last}/{size}"))
        self.wfile.write(self._head_lines(status, ctype, last - first + 1, extra))
        if not head:
            self.wfile.write(memoryview(data)[first : last + 1])

    def _blob(self, query: str, head: bool) -> None:
        raw = (parse_qs(query).get("size") or [""])[0]
        try:
            size = int(raw)
        except ValueError:
            size = -1
        if not 0 <= size <= BLOB_MAX:
            self._error(400, f"size must be a whole number of bytes from 0 to {BLOB_MAX}, got {raw!r}", head)
            return
        ranged = self._ranged(size, head, "application/octet-stream")
        if ranged is None:
            return
        status, first, last = ranged
        extra = [("Accept-Ranges", "bytes")]
        if status == 206:
            extra.append(("Content-Range", f"bytes {first}-{last}/{size}"))
        self.wfile.write(self._head_lines(status, "application/octet-stream", last - first + 1, extra))
        if head:
            return
        # Byte i of the blob is i % 251, so any range can be checked by the client.
        pattern = memoryview(_BLOB_PATTERN)
        pos = first
        stopping = self.server.sim._stopping
        while pos <= last:
            if stopping.is_set():
                self.close_connection = True
                return
            n = min(_CHUNK, last + 1 - pos)
            offset = pos % _BLOB_PERIOD
            self.wfile.write(pattern[offset : offset + n])
            pos += n


_date_cache: tuple[int, str] = (0, "")


def _http_date() -> str:
    global _date_cache
    now = int(time.time())
    if _date_cache[0] != now:
        _date_cache = (now, formatdate(now, usegmt=True))
    return _date_cache[1]


class Simulator:
    """A local FlowMusic API: jobs that progress from first sight, covers, audio, and faults on demand.

    Any well-formed jobid is adopted when first asked for and progresses deterministically from its hash and
    ``seed``: pending for 30-180 s (divided by ``speed``), then completed (an A/B pair of clips) or failed.
    Jobs whose uuid starts with ``00000000`` never existed (404); `expire` makes any job 404.
    ``token=None`` accepts every request, with or without a token.
    """

    def __init__(
        self,
        host: str = "127.0.0.1",
        port: int = 0,
        *,
        token: str | None = "demo-token",
        speed: float = 1.0,
        faults: float = 0.0,
        seed: int = 0,
        verbose: bool = False,
    ) -> None:
        if not host or not host.strip():
            raise ValueError("host must not be empty")
        if not 0 <= port <= 65535:
            raise ValueError(f"port must be from 0 to 65535, got {port}")
        if not speed > 0 or speed == float("inf"):
            raise ValueError(f"speed must be a positive number, got {speed}")
        if not 0.0 <= faults <= 1.0:
            raise ValueError(f"faults must be a share from 0 to 1, got {faults}")
        if token is not None and not token:
            raise ValueError("token must not be empty (None accepts any token)")
        self.host = host.strip()
        self.port = port  # the bound port once started
        self.token = token
        self.speed = speed
        self.faults = faults
        self.seed = seed
        self.verbose = verbose
        #: How long a "slow" fault waits before answering normally.
        self.slow_seconds = 3.0
        #: The Retry-After (seconds) of a "429" fault.
        self.retry_after = 2
        #: Every request answered, in order; append-only under a lock (copy it before long reads).
        self.requests: list[RequestLogEntry] = []
        m = _TOKEN_USER_RE.match(token or "")
        self._token_user = m.group(1) if m else None
        self._log_lock = threading.Lock()
        self._lock = threading.Lock()
        self._jobs: dict[str, _Job] = {}
        self._clips: dict[str, tuple[str, int]] = {}  # clip uuid -> (jobid, index)
        self._fault_lock = threading.Lock()
        self._fault_rng = random.Random(seed)
        self._forced: collections.deque[str] = collections.deque()
        self._media_lock = threading.Lock()
        self._media: collections.OrderedDict[tuple[str, str], bytes] = collections.OrderedDict()
        self._expired_media: set[str] = set()
        self._stopping = threading.Event()
        self._server: _Server | None = None
        self._thread: threading.Thread | None = None
        self._clock: Callable[[], float] = time.monotonic

    # --- lifecycle ----------------------------------------------------------------------------------------

    def start(self) -> Simulator:
        """Listen and serve on a daemon thread; returns self."""
        if self._server is not None:
            raise RuntimeError("the simulator is already running")
        family = socket.AF_INET6 if ":" in self.host else socket.AF_INET
        self._stopping.clear()
        self._server = _Server((self.host, self.port), self, family)
        self.port = int(self._server.server_address[1])
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, name="flowmusic-simulator"
        )
        self._thread.daemon = True
        self._thread.start()
        return self

    def stop(self) -> None:
        """Stop serving, drop open connections, wait for every thread, close the socket. Idempotent."""
        server, thread = self._server, self._thread
        if server is None:
            return
        self._stopping.set()
        server.shutdown()
        server.close_connections()
        if thread is not None:
            thread.join(5)
        deadline = time.monotonic() + 5
        with server.conn_lock:
            threads = list(server.threads)
        for t in threads:
            t.join(max(0.0, deadline - time.monotonic()))
        server.server_close()
        self._server = self._thread = None

    def __enter__(self) -> Simulator:
        return self.start() if self._server is None else self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.stop()

    @property
    def origin(self) -> str:
        """scheme://host:port to reach the simulator (a wildcard address is reached over loopback)."""
        host = {"0.0.0.0": "127.0.0.1", "::": "::1", "": "127.0.0.1"}.get(self.host, self.host)
        if ":" in host:
            host = f"[{host}]"
        return f"http://{host}:{self.port}"

    @property
    def base_url(self) -> str:
        """The API base, e.g. http://127.0.0.1:PORT/v1/flowmusic."""
        return self.origin + API_PREFIX

    # --- test and demo hooks ------------------------------------------------------------------------------

    def plan(self, jobid: str) -> JobPlan:
        """What the job does (with any `force` applied); raises ValueError for a malformed jobid."""
        job = self._jobs.get(jobid)
        if job is not None:
            return job.plan
        plan = make_plan(jobid, seed=self.seed, speed=self.speed)
        if plan is None:
            raise ValueError(f"not a well-formed jobid: {jobid!r}")
        return plan

    def force(self, jobid: str, *, outcome: str | None = None, pending_s: float | None = None) -> None:
        """Override a job's outcome ("completed", "failed", "instrumental", "vocal") and/or its pending time.

        ``pending_s`` is in real seconds counted from first sight (now, if the job was not seen yet).
        """
        with self._lock:
            job = self._adopt_locked(jobid)
            forced_outcome = outcome if outcome is not None else job.forced_outcome
            forced_pending = pending_s if pending_s is not None else job.forced_pending
            plan = make_plan(
                jobid, seed=self.seed, speed=self.speed, outcome=forced_outcome, pending_s=forced_pending
            )
            assert plan is not None  # adopted, so well-formed
            job.plan, job.forced_outcome, job.forced_pending = plan, forced_outcome, forced_pending
            job.cache = {}

    def expire(self, jobid: str) -> None:
        """From now on the job answers 404, as an expired job does."""
        with self._lock:
            self._adopt_locked(jobid).expired = True

    def expire_media(self, url: str) -> None:
        """From now on this media URL (or path) answers 403, as an expired signed URL does."""
        path = re.sub(r"^https?://[^/]+", "", url).partition("?")[0]
        with self._lock:
            self._expired_media.add(path)

    def inject_faults(self, kinds: Iterable[str]) -> None:
        """The next job requests get these faults, one each, in order (see FAULT_KINDS)."""
        kinds = list(kinds)
        unknown = [k for k in kinds if k not in FAULT_KINDS]
        if unknown:
            raise ValueError(f"unknown fault kind(s) {unknown}: expected some of {', '.join(FAULT_KINDS)}")
        with self._fault_lock:
            self._forced.extend(kinds)

    def demo_jobids(self) -> list[str]:
        """The demo ids (see `jobs.demo_jobs`) for this simulator's seed and the demo account."""
        return demo_jobids(DEMO_USER_ID, DEMO_EMAIL, seed=self.seed)

    def job_requests(self) -> list[RequestLogEntry]:
        """The logged requests for job records only."""
        with self._log_lock:
            return [r for r in self.requests if r.path.startswith(JOBS_PREFIX)]

    # --- internals the handler calls ----------------------------------------------------------------------

    def _log(self, arrived: float, method: str, path: str, status: int) -> None:
        with self._log_lock:
            self.requests.append(RequestLogEntry(arrived, method, path, status))
        if self.verbose:
            sys.stderr.write(f"{method} {path} -> {status}\n")

    def _take_fault(self) -> str | None:
        with self._fault_lock:
            if self._forced:
                return self._forced.popleft()
            if self.faults > 0 and self._fault_rng.random() < self.faults:
                return self._fault_rng.choice(RANDOM_FAULT_KINDS)
        return None

    def _adopt_locked(self, jobid: str) -> _Job:
        job = self._jobs.get(jobid)
        if job is None:
            plan = make_plan(jobid, seed=self.seed, speed=self.speed)
            if plan is None:
                raise ValueError(f"not a well-formed jobid: {jobid!r}")
            job = _Job(plan=plan, first_seen=self._clock(), created_ms=int(time.time() * 1000))
            self._jobs[jobid] = job
            for i, clip in enumerate(plan.clips):
                self._clips[clip.uuid] = (jobid, i)
        return job

    def _known_job(self, jobid: str, user: str | None) -> tuple[int, str | _Job]:
        """The job, adopted if new, or (status, message) when it is not there for this user."""
        parts = parse_jobid(jobid)
        if parts is None:
            if parse_clip_id(jobid) is not None:
                return 404, f"Not found: {jobid!r} is a clip id, not a jobid"
            return 404, "Not found: malformed jobid (expected job:<uuid>-user:<id>-<email>-bot:flowmusic)"
        if parts.uuid.startswith(NEVER_EXISTED_PREFIX):
            return 404, "Job not found (expired or never existed)"
        if user is not None and parts.user_id != user:
            return 403, "Forbidden: this job belongs to another account"
        job = self._jobs.get(jobid)
        if job is None:
            with self._lock:
                job = self._adopt_locked(jobid)
        if job.expired:
            return 404, "Job not found (expired or never existed)"
        return 200, job

    def _job_reply(self, jobid: str, user: str | None, origin: str) -> tuple[int, bytes]:
        status, found = self._known_job(jobid, user)
        if isinstance(found, str):
            return status, _error_body(status, found)
        job = found
        key = origin if job.terminal(self._clock()) else ""
        cache = job.cache
        body = cache.get(key)
        if body is None:
            record = terminal_record(job.plan, job.created_ms, origin) if key else pending_record(
                job.plan, job.created_ms
            )
            body = json.dumps(record, separators=(",", ":")).encode("utf-8")
            cache[key] = body
        return 200, body

    def _published_clip(self, clip_uuid: str) -> ClipPlan | None:
        """The clip if its job has completed (media exist only then), else None."""
        where = self._clips.get(clip_uuid)
        if where is None:
            return None
        job = self._jobs[where[0]]
        if job.plan.outcome != "completed" or not job.terminal(self._clock()):
            return None
        return job.plan.clips[where[1]]

    def _download_target(self, ident: str, user: str | None) -> tuple[int, str | ClipPlan]:
        clip_parts = parse_clip_id(ident)
        if clip_parts is not None:
            if user is not None and clip_parts.user_id != user:
                return 403, "Forbidden: this clip belongs to another account"
            where = self._clips.get(clip_parts.uuid)
            if where is None:
                return 404, "Clip not found"
            jobid, index = where
        else:
            jobid, index = ident, 0
        status, found = self._known_job(jobid, user)
        if isinstance(found, str):
            return status, found
        if not found.terminal(self._clock()):
            return 409, "The job is still pending: nothing to download yet"
        if found.plan.outcome != "completed":
            return 404, "The job failed: it has no clips"
        return 200, found.plan.clips[index]

    def _media_bytes(self, kind: str, clip: ClipPlan) -> bytes:
        key = (kind, clip.uuid)
        with self._media_lock:
            data = self._media.get(key)
            if data is not None:
                self._media.move_to_end(key)
                return data
        # Made outside the lock: two threads may both make it, which is harmless and keeps others moving.
        data = make_png(clip.uuid) if kind == "png" else make_wav(clip.seed, clip.duration_s)
        with self._media_lock:
            self._media[key] = data
            while len(self._media) > _MEDIA_CACHE_SIZE:
                self._media.popitem(last=False)
        return data

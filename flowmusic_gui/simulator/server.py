"""The simulator's HTTP side: a threaded server answering every FlowMusic endpoint of API.md, with faults on demand."""

from __future__ import annotations

import collections
import contextlib
import dataclasses
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
import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from email.utils import formatdate
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType
from typing import Any, NamedTuple
from urllib.parse import parse_qs, unquote

from .accounts import (
    ACCOUNT_ERROR,
    CREDITS_PER_SONG,
    DEMO_ACCOUNTS,
    DEMO_EMAIL,
    DEMO_USER_ID,
    MODERATION_MARKER,
    Account,
)
from .edits import EditRefused, check_edit, pending_seconds
from .jobs import (
    EDIT_OPERATIONS,
    FAILURE_RATE,
    NEVER_EXISTED_PREFIX,
    ClipPlan,
    JobPlan,
    Order,
    cover_format,
    demo_jobids,
    iso_ms,
    make_jobid,
    make_plan,
    parse_clip_id,
    parse_jobid,
    pending_record,
    terminal_record,
)
from .media import jpeg_cover, make_m4a, make_mp3, make_png, make_wav

API_PREFIX = "/v1/flowmusic"
JOBS_PREFIX = API_PREFIX + "/jobs/"
ACCOUNTS_PREFIX = API_PREFIX + "/accounts/"
#: The token `flowmusic simulate` accepts by default. Jobs of accounts that are not on it answer 403.
DEMO_TOKEN = f"user:{DEMO_USER_ID}-demo-token"
#: The largest request body `POST /music` reads.
MAX_REQUEST_BYTES = 1 << 20
#: `GET /music`'s page size when `limit` is absent.
DEFAULT_CLIP_LIMIT = 20
#: The largest /media/blob?size=N.
BLOB_MAX = 1 << 30

#: Every fault `inject_faults` knows.
FAULT_KINDS = (
    "html500", "502", "notjson", "notobject", "truncated", "reset", "slow", "429", "429body", "401", "410", "596",
)  # fmt: skip
#: The transient faults `--faults RATE` draws from.
#: What a POST /music or /music/edit can suffer (`inject_post_faults`, ``lose_answers``): the job is made and
#: then the answer is lost (a 502, or the connection dropped), or the request fails without making one.
POST_FAULT_KINDS = ("made_502", "made_drop", "none_502", "none_drop")
#: The media types `POST /files` takes.
FILE_TYPES = (
    "image/jpeg", "image/png", "image/webp", "audio/mpeg", "audio/wav", "audio/mp4", "audio/x-m4a", "audio/aac",
)  # fmt: skip
RANDOM_FAULT_KINDS = ("html500", "502", "notjson", "truncated", "reset", "slow", "429")

_JSON = "application/json; charset=utf-8"
_CHUNK = 256 * 1024
_BLOB_PERIOD = 251  # a prime, so blob bytes do not line up with any power-of-two chunk size
_BLOB_PATTERN = bytes(i % _BLOB_PERIOD for i in range(_BLOB_PERIOD)) * (_CHUNK // _BLOB_PERIOD + 2)
#: Media kept made, by total size: a three-minute WAV is 31 MB, its m4a and mp3 about 2 MB each.
_MEDIA_CACHE_BYTES = 320 * 1024 * 1024
_HOST_RE = re.compile(r"[A-Za-z0-9.\-]+(:[0-9]{1,5})?|\[[0-9A-Fa-f:.]+\](:[0-9]{1,5})?")
_MEDIA_RE = re.compile(r"/media/(audio|wav|image)/([0-9a-f-]{36})\.(m4a|wav|png|jpg)")
_MEDIA_TYPES = {"m4a": "audio/mp4", "wav": "audio/wav", "png": "image/png", "jpg": "image/jpeg"}

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


def _error_body(status: int, message: str, **extra: Any) -> bytes:
    return json.dumps({"error": message, "code": status, **extra}).encode("utf-8")


class _Refused(Exception):
    """An answer other than success: the status and the `error` text of its JSON body."""

    def __init__(self, status: int, message: str, headers: Iterable[tuple[str, str]] = (), **extra: Any) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.headers = list(headers)
        self.extra = extra


@dataclass
class _Job:
    plan: JobPlan
    first_seen: float  # time.monotonic(): when it was submitted, or first asked for when it was not
    created_ms: int  # epoch ms, for created_at
    expired: bool = False
    forced_outcome: str | None = None
    forced_pending: float | None = None
    #: Submitted with `mode: "async"`, or adopted at first sight: on the running-jobs list until it ends.
    listed: bool = False
    submitted: bool = False
    order: Order | None = None
    # Rendered bodies: "" while pending, the origin once terminal (media URLs name the host asked).
    cache: dict[str, bytes] = field(default_factory=dict)

    def terminal(self, now: float) -> bool:
        return now - self.first_seen >= self.plan.pending_s


@dataclass
class _AccountState:
    spec: Account
    credits: int
    added_ms: int


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
        self._dispatch("GET")

    def do_HEAD(self) -> None:
        self._dispatch("HEAD")

    def do_POST(self) -> None:
        self._dispatch("POST")

    def do_DELETE(self) -> None:
        self._dispatch("DELETE")

    def _not_allowed(self, allow: str = "GET, HEAD") -> None:
        # The body (if any) is not read, so this connection cannot carry another request.
        self.close_connection = True
        self._error(405, f"Method {self.command} not allowed", self.command == "HEAD", [("Allow", allow)])

    def do_PUT(self) -> None:
        self._begin()
        self._not_allowed()

    do_PATCH = do_PUT

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

    def _dispatch(self, method: str) -> None:
        self._begin()
        try:
            self._route(method)
        except _Refused as refused:
            self._error(refused.status, refused.message, method == "HEAD", refused.headers, **refused.extra)
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

    def _send(self, status: int, body: bytes, ctype: str, head: bool, headers: Iterable[tuple[str, str]] = ()) -> None:
        out = self._head_lines(status, ctype, len(body), headers)
        # One write for head and body: no Nagle/delayed-ACK stall, one syscall per answer.
        self.wfile.write(out if head else out + body)

    def _error(
        self, status: int, message: str, head: bool, headers: Iterable[tuple[str, str]] = (), **extra: Any
    ) -> None:
        self._send(status, _error_body(status, message, **extra), _JSON, head, headers)

    def _json(self, status: int, obj: object, head: bool) -> None:
        self._send(status, json.dumps(obj, separators=(",", ":")).encode("utf-8"), _JSON, head)

    def _origin(self) -> str:
        host = self.headers.get("Host", "")
        # Media URLs name the host the client used, so they work from another machine too.
        if _HOST_RE.fullmatch(host):
            return "http://" + host
        return self.server.sim.origin

    def _auth(self, head: bool) -> bool:
        """Whether the token is accepted; answers 401 itself when not."""
        sim = self.server.sim
        if sim.token is None:
            return True
        header = self.headers.get("Authorization")
        if not header:
            self._error(401, "Unauthorized: missing Authorization: Bearer <API token>", head)
            return False
        scheme, _, value = header.strip().partition(" ")
        if scheme.lower() != "bearer" or not hmac.compare_digest(
            value.strip().encode("utf-8", "surrogateescape"), sim.token.encode("utf-8")
        ):
            self._error(401, "Unauthorized: invalid API token", head)
            return False
        return True

    def _route(self, method: str) -> None:
        head = method == "HEAD"
        path, _, query = self.path.partition("?")
        if method == "POST":
            if path in (API_PREFIX + "/music", API_PREFIX + "/music/edit"):
                self._submit(path.endswith("/edit"))
            elif path == API_PREFIX + "/music/lyrics":
                self._write_lyrics()
            elif path == API_PREFIX + "/files":
                self._upload(query)
            else:
                self._not_allowed()
        elif method == "DELETE":
            if path.startswith(JOBS_PREFIX):
                self._cancel(path[len(JOBS_PREFIX) :])
            else:
                self._not_allowed()
        elif path.startswith(JOBS_PREFIX):
            self._job(path[len(JOBS_PREFIX) :], head)
        elif path in (API_PREFIX + "/jobs", API_PREFIX + "/jobs/"):
            self._running(head)
        elif path.startswith("/media/"):
            self._media(path, query, head)
        elif path == API_PREFIX + "/accounts":
            self._accounts(head)
        elif path.startswith(ACCOUNTS_PREFIX):
            self._account(unquote(path[len(ACCOUNTS_PREFIX) :]), head)
        elif path == API_PREFIX + "/music":
            self._clips(query, head)
        elif path == API_PREFIX + "/music/download":
            self._download(query, head)
        elif path == API_PREFIX + "/music/edit":
            self._not_allowed("POST")
        elif path in ("/", API_PREFIX, API_PREFIX + "/"):
            text = (
                "FlowMusic API simulator (Authorization: Bearer <token> on every call)\n"
                f"POST {API_PREFIX}/music  {{prompt, email?, instrumental?, lyrics?, mode: sync|async, ...}}\n"
                f"POST {API_PREFIX}/music/edit  {{clip, operation: effect|extend|replace|cover|remix|stems}}\n"
                f"GET {API_PREFIX}/jobs  (the running async jobs)\n"
                f"GET {API_PREFIX}/jobs/{{jobid}}  (the jobid percent-encoded)\n"
                f"DELETE {API_PREFIX}/jobs/{{jobid}}\n"
                f"GET {API_PREFIX}/accounts\n"
                f"GET {API_PREFIX}/accounts/{{email}}\n"
                f"GET {API_PREFIX}/music?email=&limit=1..100&offset=N\n"
                f"GET {API_PREFIX}/music/download?id=<clip id or jobid>\n"
            )
            self._send(200, text.encode(), "text/plain; charset=utf-8", head)
        else:
            self._error(404, f"Not found: {path}", head)

    # --- endpoints ----------------------------------------------------------------------------------------

    def _faulted(self, head: bool) -> tuple[bool, str | None]:
        """(answered already, the fault still to apply): draws this request's fault, if any."""
        sim = self.server.sim
        fault = sim._take_fault()
        if fault is not None:
            if fault == "slow":
                sim._stopping.wait(sim.slow_seconds)
            elif fault != "truncated":
                self._fault(fault, head)
                return True, None
        return False, fault

    def _job(self, raw: str, head: bool) -> None:
        sim = self.server.sim
        answered, fault = self._faulted(head)
        if answered or not self._auth(head):
            return
        if "/" in raw:
            status, body = 404, _error_body(404, "Not found: a jobid is a single path segment")
        else:
            status, body = sim._job_reply(unquote(raw), self._origin())
        if fault == "truncated":
            self.close_connection = True
            cut = 0 if head else len(body) // 2
            self.wfile.write(self._head_lines(status, _JSON, len(body), ()) + body[:cut])
            return
        self._send(status, body, _JSON, head)

    def _running(self, head: bool) -> None:
        answered, fault = self._faulted(head)
        if answered or not self._auth(head):
            return
        body = json.dumps(self.server.sim._running(), separators=(",", ":")).encode("utf-8")
        if fault == "truncated":
            self.close_connection = True
            self.wfile.write(self._head_lines(200, _JSON, len(body), ()) + (b"" if head else body[: len(body) // 2]))
            return
        self._send(200, body, _JSON, head)

    def _cancel(self, raw: str) -> None:
        if not self._auth(False):
            return
        if "/" in raw:
            raise _Refused(404, "Not found: a jobid is a single path segment")
        self.server.sim._cancel(unquote(raw))
        self._commit(204)
        self.wfile.write(
            f"HTTP/1.1 204 No Content\r\nDate: {_http_date()}\r\nServer: {self.server_version}\r\n\r\n".encode()
        )

    def _read_json(self) -> dict[str, Any]:
        raw_length = self.headers.get("Content-Length")
        if self.headers.get("Transfer-Encoding") or raw_length is None:
            self.close_connection = True
            raise _Refused(411, "A JSON body with a Content-Length is required")
        try:
            length = int(raw_length)
        except ValueError:
            length = -1
        if not 0 <= length <= MAX_REQUEST_BYTES:
            self.close_connection = True
            raise _Refused(413, f"The request body must be at most {MAX_REQUEST_BYTES} bytes")
        data = self.rfile.read(length)
        try:
            obj = json.loads(data)
        except (ValueError, RecursionError):
            raise _Refused(400, "The request body is not JSON") from None
        if not isinstance(obj, dict):
            raise _Refused(400, "The request body must be a JSON object")
        return obj

    def _submit(self, edit: bool) -> None:
        sim = self.server.sim
        body = self._read_json()  # read before authorizing, so the connection stays usable
        if not self._auth(False):
            return
        post_fault = sim._take_post_fault()
        if post_fault is not None and post_fault.startswith("none"):
            self._lose_answer(post_fault)
            return
        job, sync = sim._submit(body, edit)
        if post_fault is not None:
            self._lose_answer(post_fault)  # the job exists; the client never hears of it
            return
        if sync:
            # Sync mode holds the request until the job ends, as the service does (40-150 s there).
            while not job.terminal(sim._clock()):
                remaining = job.plan.pending_s - (sim._clock() - job.first_seen)
                if sim._stopping.wait(min(max(remaining, 0.001), 0.25)):
                    self.close_connection = True
                    return
            self._json(200, terminal_record(job.plan, job.created_ms, self._origin()), False)
        else:
            self._json(201, pending_record(job.plan, job.created_ms), False)

    def _lose_answer(self, kind: str) -> None:
        if kind.endswith("502"):
            self.close_connection = True
            self._send(502, _HTML_502, "text/html", False)
        else:
            self._fault("reset", False)

    def _write_lyrics(self) -> None:
        body = self._read_json()
        if not self._auth(False):
            return
        prompt = body.get("prompt")
        if not isinstance(prompt, str) or not 1 <= len(prompt) <= 2_000:
            raise _Refused(400, "prompt: required, 1 to 2,000 characters")
        structure = body.get("structure")
        if structure is not None and (not isinstance(structure, str) or len(structure) > 2_000):
            raise _Refused(400, "structure: at most 2,000 characters")
        email = body.get("email")
        if email is not None and (not isinstance(email, str) or email.lower() not in self.server.sim._accounts):
            raise _Refused(400, f"email: {email!r} is not an account on this API token")
        self._json(200, {"lyrics": self.server.sim._lyrics_for(prompt, structure)}, False)

    def _upload(self, query: str) -> None:
        sim = self.server.sim
        raw_length = self.headers.get("Content-Length")
        try:
            length = int(raw_length or "-1")
        except ValueError:
            length = -1
        if not 0 < length <= MAX_REQUEST_BYTES * 20:
            self.close_connection = True
            raise _Refused(400 if length == 0 else 413, "file: a body of 1 byte to 20 MB with a Content-Length")
        data = self.rfile.read(length)
        if not self._auth(False):
            return
        ctype = (self.headers.get("Content-Type") or "").split(";")[0].strip().lower()
        if ctype not in FILE_TYPES:
            raise _Refused(400, f"Content-Type: must be one of {', '.join(FILE_TYPES)}, got {ctype or 'none'!r}")
        email = (parse_qs(query).get("email") or [""])[0]
        account = sim._accounts.get(email.lower()) if email else next(iter(sim._accounts.values()), None)
        if account is None:
            raise _Refused(400, f"email: {email!r} is not an account on this API token")
        kind = "image" if ctype.startswith("image/") else "audio"
        asset = uuid.UUID(int=random.Random(data[:4096] + email.encode()).getrandbits(128), version=4)
        self._json(
            201,
            {"assetId": f"user:{account.spec.user_id}-{account.spec.email}-{kind}:{asset}", "email": account.spec.email,
             "contentType": ctype, "size": len(data)},
            False,
        )  # fmt: skip

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
        elif kind == "429body":
            # The only hint is the body's retryAfter, an ISO 8601 instant.
            self._error(429, "Too many requests", head, retryAfter=iso_ms(int((time.time() + sim.retry_after) * 1000)))
        elif kind == "401":
            self._error(401, "Unauthorized: invalid API token", head)
        elif kind == "410":
            self._error(410, "Gone: this job has expired", head)
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
        if self._auth(head):
            self._json(200, self.server.sim._accounts_body(), head)

    def _account(self, email: str, head: bool) -> None:
        if self._auth(head):
            self._json(200, self.server.sim._account_body(email), head)

    def _clips(self, query: str, head: bool) -> None:
        if self._auth(head):
            self._json(200, self.server.sim._clip_page(parse_qs(query), self._origin()), head)

    def _download(self, query: str, head: bool) -> None:
        if not self._auth(head):
            return
        ident = (parse_qs(query).get("id") or [""])[0]
        clip = self.server.sim._download_target(ident)
        data = self.server.sim._media_bytes("mp3", clip)
        self._serve(data, "audio/mpeg", head, [("Content-Disposition", f'attachment; filename="{clip.clip_id}.mp3"')])

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
        wanted = {"audio": "m4a", "wav": "wav", "image": cover_format(m.group(2)) if m else ""}
        if m is None or clip is None or wanted[m.group(1)] != m.group(3):
            self._send(404, b"Not Found", "text/plain", head)
            return
        ext = m.group(3)
        self._serve(sim._media_bytes(ext, clip), _MEDIA_TYPES[ext], head)

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
    """A local FlowMusic API: accounts, jobs that progress, covers, real m4a/WAV/mp3, and faults on demand.

    One token holds ``accounts`` (by default two healthy ones and a third in the 596 error state). A job's
    clock starts when it is submitted (`POST /music`); a jobid the simulator never issued is adopted when first
    asked for, if its account is on the token (else 403), so pasted ids keep working; while it is pending it is
    on `GET /jobs` and holds one of its account's slots, as a job started elsewhere does. Either way the job
    progresses deterministically from its jobid's hash and ``seed``: pending for 30-180 s (divided by
    ``speed``), then completed (an A/B pair of clips, 2-3 minute songs, or 4-8 s with ``short_clips``) or
    failed (a share ``failure_rate`` of jobs). Jobs whose uuid starts with ``00000000`` never existed (404);
    `expire` makes any job answer ``expired_status`` (404, or 410 as a third-party source claims).
    ``token=None`` accepts every request, with or without a token, and jobs of any account.
    Media are real: m4a and mp3 assembled from shipped encoded loops, WAV and PNG made here (see media.py).
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
        accounts: Iterable[Account] | None = None,
        short_clips: bool = False,
        failure_rate: float = FAILURE_RATE,
        expired_status: int = 404,
        lose_answers: float = 0.0,
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
        if not 0.0 <= failure_rate <= 1.0:
            raise ValueError(f"failure_rate must be a share from 0 to 1, got {failure_rate}")
        if not 0.0 <= lose_answers <= 1.0:
            raise ValueError(f"lose_answers must be a share from 0 to 1, got {lose_answers}")
        if expired_status not in (404, 410):
            raise ValueError(f"expired_status must be 404 or 410, got {expired_status}")
        specs = list(DEMO_ACCOUNTS if accounts is None else accounts)
        emails = [a.email.lower() for a in specs]
        if len(set(emails)) != len(emails):
            raise ValueError("two accounts share an email")
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
        self.short_clips = short_clips
        self.failure_rate = failure_rate
        self.expired_status = expired_status
        now_ms = int(time.time() * 1000)
        #: The token's accounts by lower-cased email, in the order given.
        self._accounts: dict[str, _AccountState] = {
            a.email.lower(): _AccountState(a, a.credits, now_ms - 86_400_000 * (30 + 7 * i))
            for i, a in enumerate(specs)
        }
        self._submitted = 0
        self._live: list[_Job] = []  # submitted or adopted jobs that may still be running
        self._log_lock = threading.Lock()
        self._lock = threading.Lock()
        self._jobs: dict[str, _Job] = {}
        self._clips: dict[str, tuple[str, int]] = {}  # clip uuid -> (jobid, index)
        self._fault_lock = threading.Lock()
        self._fault_rng = random.Random(seed)
        self._forced: collections.deque[str] = collections.deque()
        #: The share of POST /music and /music/edit requests whose answer is lost (half of them after the job
        #: was made, half without making one; 502 or a dropped connection alike).
        self.lose_answers = lose_answers
        self._post_faults: collections.deque[str] = collections.deque()
        self._post_rng = random.Random(f"post:{seed}")
        self._media_lock = threading.Lock()
        self._media: collections.OrderedDict[tuple[str, str], bytes] = collections.OrderedDict()
        self._media_bytes_total = 0
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
        plan = self._make_plan(jobid)
        if plan is None:
            raise ValueError(f"not a well-formed jobid: {jobid!r}")
        return plan

    def accounts(self) -> list[Account]:
        """The token's accounts, with their credits as they are now."""
        with self._lock:
            return [dataclasses.replace(a.spec, credits=a.credits) for a in self._accounts.values()]

    def set_account(self, account: Account) -> None:
        """Add an account to the token, or replace the one with its email (credits, maxJobs, health)."""
        with self._lock:
            old = self._accounts.get(account.email.lower())
            added = old.added_ms if old is not None else int(time.time() * 1000)
            self._accounts[account.email.lower()] = _AccountState(account, account.credits, added)

    def submit(self, prompt: str, *, email: str | None = None, mode: str = "async", **fields: Any) -> str:
        """Submit a song as `POST /music` would (no sync wait); returns the jobid. Raises ValueError on refusal."""
        try:
            job, _ = self._submit({"prompt": prompt, "mode": mode, **({"email": email} if email else {}), **fields},
                                  edit=False)  # fmt: skip
        except _Refused as refused:
            raise ValueError(f"{refused.status}: {refused.message}") from None
        return job.plan.jobid

    def force(self, jobid: str, *, outcome: str | None = None, pending_s: float | None = None) -> None:
        """Override a job's outcome ("completed", "failed", "instrumental", "vocal") and/or its pending time.

        ``pending_s`` is in real seconds counted from first sight (now, if the job was not seen yet).
        """
        with self._lock:
            job = self._adopt_locked(jobid)
            forced_outcome = outcome if outcome is not None else job.forced_outcome
            forced_pending = pending_s if pending_s is not None else job.forced_pending
            plan = self._make_plan(jobid, outcome=forced_outcome, pending_s=forced_pending, order=job.order)
            assert plan is not None  # adopted, so well-formed
            job.plan, job.forced_outcome, job.forced_pending = plan, forced_outcome, forced_pending
            job.cache = {}
            if (job.submitted or job.listed) and job not in self._live:
                self._live.append(job)  # running again: it holds a slot again

    def expire(self, jobid: str) -> None:
        """From now on the job answers 404 (or 410, see ``expired_status``), as an expired job does."""
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

    def inject_post_faults(self, kinds: Iterable[str]) -> None:
        """The next POST /music or /music/edit requests get these faults, one each (see POST_FAULT_KINDS)."""
        kinds = list(kinds)
        unknown = [k for k in kinds if k not in POST_FAULT_KINDS]
        if unknown:
            raise ValueError(f"unknown POST fault(s) {unknown}: expected some of {', '.join(POST_FAULT_KINDS)}")
        with self._fault_lock:
            self._post_faults.extend(kinds)

    def jobs_with_ref(self, ref: str) -> list[str]:
        """The jobids of every job submitted with this replyRef (to count songs made twice)."""
        with self._lock:
            found = []
            for job in self._jobs.values():
                if job.order is None:
                    continue
                try:
                    request = json.loads(job.order.request_json)
                except ValueError:
                    continue
                if isinstance(request, dict) and request.get("replyRef") == ref:
                    found.append(job.plan.jobid)
            return found

    def submitted_requests(self) -> list[dict[str, Any]]:
        """The request body of every job submitted, in order."""
        with self._lock:
            jobs = [j for j in self._jobs.values() if j.submitted and j.order is not None]
        return [json.loads(j.order.request_json) for j in jobs if j.order is not None]

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

    def _take_post_fault(self) -> str | None:
        with self._fault_lock:
            if self._post_faults:
                return self._post_faults.popleft()
            if self.lose_answers > 0 and self._post_rng.random() < self.lose_answers:
                return self._post_rng.choice(POST_FAULT_KINDS)
        return None

    def _lyrics_for(self, prompt: str, structure: str | None) -> str:
        rng = random.Random(f"lyrics:{self.seed}:{prompt}:{structure}")
        words = [w for w in re.findall(r"[A-Za-z']+", prompt.lower()) if len(w) > 3] or ["night", "road"]
        sections = re.findall(r"\[[^\]]+\]", structure or "") or ["[Verse 1]", "[Chorus]", "[Verse 2]", "[Chorus]"]
        chorus = [f"Oh {rng.choice(words)}, {rng.choice(words)} in the light" for _ in range(2)]
        blocks = []
        for section in sections:
            if "chorus" in section.lower():
                lines = chorus
            else:
                lines = [f"{rng.choice(words).capitalize()} on the {rng.choice(words)}, {rng.choice(words)} and me"
                         for _ in range(4)]  # fmt: skip
            blocks.append("\n".join([section, *lines]))
        return "\n\n".join(blocks)

    def _take_fault(self) -> str | None:
        with self._fault_lock:
            if self._forced:
                return self._forced.popleft()
            if self.faults > 0 and self._fault_rng.random() < self.faults:
                return self._fault_rng.choice(RANDOM_FAULT_KINDS)
        return None

    def _make_plan(
        self,
        jobid: str,
        *,
        outcome: str | None = None,
        pending_s: float | None = None,
        order: Order | None = None,
    ) -> JobPlan | None:
        return make_plan(
            jobid, seed=self.seed, speed=self.speed, outcome=outcome, pending_s=pending_s,
            failure_rate=self.failure_rate, short=self.short_clips, order=order,
        )  # fmt: skip

    def _adopt_locked(self, jobid: str) -> _Job:
        job = self._jobs.get(jobid)
        if job is None:
            plan = self._make_plan(jobid)
            if plan is None:
                raise ValueError(f"not a well-formed jobid: {jobid!r}")
            # Listed like a submitted async job: the real service lists every running job of the token's
            # accounts, however it was started (the adopted ones are the jobs started elsewhere).
            job = _Job(plan=plan, first_seen=self._clock(), created_ms=int(time.time() * 1000), listed=True)
            self._add_locked(job)
            self._live.append(job)
        return job

    def _add_locked(self, job: _Job) -> None:
        self._jobs[job.plan.jobid] = job
        for i, clip in enumerate(job.plan.clips):
            self._clips[clip.uuid] = (job.plan.jobid, i)

    def _owner(self, user_id: str, email: str) -> _AccountState | None:
        """The token's account of this user and email; None when it is not on the token."""
        account = self._accounts.get(email.lower())
        if account is None or account.spec.user_id != user_id:
            return None
        return account

    def _check_owner(self, user_id: str, email: str, what: str) -> None:
        """Raises 403 for an account not on the token and 596 for one in the error state."""
        account = self._owner(user_id, email)
        if account is None:
            if self.token is None:
                return  # an open simulator serves every account
            raise _Refused(403, f"Forbidden: this {what} belongs to an account that is not on this API token")
        if not account.spec.healthy:
            raise _Refused(596, f"Account {account.spec.email} is in an error state: {ACCOUNT_ERROR}")

    def _known_job(self, jobid: str) -> _Job:
        """The job, adopted if new; raises _Refused when it is not there for this token."""
        parts = parse_jobid(jobid)
        if parts is None:
            if parse_clip_id(jobid) is not None:
                raise _Refused(404, f"Not found: {jobid!r} is a clip id, not a jobid")
            raise _Refused(404, "Not found: malformed jobid (expected job:<uuid>-user:<id>-<email>-bot:flowmusic)")
        if parts.uuid.startswith(NEVER_EXISTED_PREFIX):
            raise _Refused(404, "Job not found (expired or never existed)")
        self._check_owner(parts.user_id, parts.email, "job")
        job = self._jobs.get(jobid)
        if job is None:
            with self._lock:
                job = self._adopt_locked(jobid)
        if job.expired:
            if self.expired_status == 410:
                raise _Refused(410, "Gone: this job has expired")
            raise _Refused(404, "Job not found (expired or never existed)")
        return job

    def _job_reply(self, jobid: str, origin: str) -> tuple[int, bytes]:
        try:
            job = self._known_job(jobid)
        except _Refused as refused:
            return refused.status, _error_body(refused.status, refused.message)
        key = origin if job.terminal(self._clock()) else ""
        cache = job.cache
        body = cache.get(key)
        if body is None:
            record = (
                terminal_record(job.plan, job.created_ms, origin) if key else pending_record(job.plan, job.created_ms)
            )
            body = json.dumps(record, separators=(",", ":")).encode("utf-8")
            cache[key] = body
        return 200, body

    def _running_locked(self, email: str, now: float) -> list[_Job]:
        # Submitted and adopted jobs hold slots while they run; the list is pruned as they end (or expire), so
        # it holds only the jobs running now however many jobids the simulator has seen.
        self._live = [j for j in self._live if not j.terminal(now) and not j.expired]
        return [j for j in self._live if j.plan.email.lower() == email]

    def _running(self) -> dict[str, Any]:
        now = self._clock()
        body: dict[str, Any] = {}
        with self._lock:
            for key, account in self._accounts.items():
                listed = [j for j in self._running_locked(key, now) if j.listed]
                if not listed:
                    continue
                entries = []
                for j in sorted(listed, key=lambda j: j.first_seen):
                    entry: dict[str, Any] = {"jobid": j.plan.jobid, "status": "pending"}
                    if j.plan.operation is not None:
                        entry["operation"] = j.plan.operation
                    entry["created_at"] = iso_ms(j.created_ms)
                    entries.append(entry)
                body[account.spec.email] = {"running": len(entries), "maxJobs": account.spec.max_jobs, "jobs": entries}
        return body

    def _cancel(self, jobid: str) -> None:
        job = self._known_job(jobid)
        with self._lock:
            now = self._clock()
            if job.terminal(now):
                return  # already over: 204 all the same, the slot is free
            elapsed = max(0.0, now - job.first_seen)
            job.plan = dataclasses.replace(
                job.plan, outcome="failed", pending_s=elapsed, error_code="user_cancelled",
                error_message="The job was cancelled by the user.",
            )  # fmt: skip
            job.forced_outcome, job.forced_pending = "failed", elapsed
            job.cache = {}

    def _pick_account_locked(self, email: Any, now: float) -> _AccountState:
        if email is not None:
            account = self._accounts.get(email.lower())
            if account is None:
                raise _Refused(400, f"email: {email!r} is not an account on this API token")
            candidates = [account]
        else:
            candidates = list(self._accounts.values())
            if not candidates:
                raise _Refused(400, "email: this API token has no FlowMusic accounts")
        healthy = [a for a in candidates if a.spec.healthy]
        if not healthy:
            bad = candidates[0].spec.email
            raise _Refused(596, f"Account {bad} is in an error state: {ACCOUNT_ERROR}")
        funded = [a for a in healthy if a.credits >= CREDITS_PER_SONG]
        if not funded:
            raise _Refused(402, f"Insufficient credits on {healthy[0].spec.email}: a song costs {CREDITS_PER_SONG}")
        free = [a for a in funded if len(self._running_locked(a.spec.email.lower(), now)) < a.spec.max_jobs]
        if not free:
            retry_at = iso_ms(int((time.time() + self.retry_after) * 1000))
            raise _Refused(
                429, "All accounts are busy: every one runs its maxJobs", [("Retry-After", str(self.retry_after))],
                retryAfter=retry_at,
            )  # fmt: skip
        return free[0]

    def _submit(self, body: dict[str, Any], edit: bool) -> tuple[_Job, bool]:
        """A new job for a `POST /music` (or /music/edit) body, and whether to answer it synchronously."""
        order, email, mode = self._validate(body, edit)
        now = self._clock()
        with self._lock:
            account = self._pick_account_locked(email, now)
            if MODERATION_MARKER in order.prompt.lower():
                raise _Refused(422, "The prompt was refused by content moderation")
            # Effects are "reportedly free"; everything else costs a song's credits.
            account.credits -= 0 if order.operation == "effect" else CREDITS_PER_SONG
            self._submitted += 1
            job_uuid = uuid.UUID(int=random.Random(f"submit:{self.seed}:{self._submitted}").getrandbits(128), version=4)
            jobid = make_jobid(str(job_uuid), account.spec.user_id, account.spec.email)
            timing = pending_seconds(order.operation, random.Random(jobid))
            plan = self._make_plan(jobid, order=order, pending_s=None if timing is None else timing / self.speed)
            assert plan is not None  # made from a well-formed account
            sync = mode == "sync" or order.operation == "stems"
            job = _Job(
                plan=plan, first_seen=now, created_ms=int(time.time() * 1000), listed=not sync, submitted=True,
                order=order,
            )  # fmt: skip
            self._add_locked(job)
            self._live.append(job)
        return job, sync

    def _validate(self, body: dict[str, Any], edit: bool) -> tuple[Order, str | None, str]:
        """(what the body orders, its email, its mode); raises 400 naming the first bad field."""

        def text(name: str, required: bool = False) -> str | None:
            value = body.get(name)
            if value is None:
                if required:
                    raise _Refused(400, f"{name}: required")
                return None
            if not isinstance(value, str):
                raise _Refused(400, f"{name}: must be a string, got {type(value).__name__}")
            return value

        def choice(name: str, options: tuple[str, ...], default: str | None) -> str | None:
            value = text(name)
            if value is None:
                return default
            if value not in options:
                raise _Refused(400, f"{name}: must be one of {', '.join(options)}, got {value!r}")
            return value

        title = None
        operation = choice("operation", EDIT_OPERATIONS, None) if edit else None
        if edit:
            clip_id = text("clip", required=True)
            if operation is None:
                raise _Refused(400, f"operation: required, one of {', '.join(EDIT_OPERATIONS)}")
            parts = parse_clip_id(clip_id or "")
            if parts is None:
                raise _Refused(400, f"clip: not a clip id (user:<id>-<email>-clip:<uuid>): {clip_id!r}")
            self._check_owner(parts.user_id, parts.email, "clip")
            source = self._published_clip(parts.uuid)
            if source is None:
                raise _Refused(404, "clip: no such clip (the simulator edits only clips it made)")
            title = source.title
            try:
                check_edit(body, operation, source.duration_s)
            except EditRefused as refused:
                raise _Refused(400, str(refused)) from None
            body.setdefault("email", parts.email)
            prompt = text("prompt") or f"{operation} of {title}"
        else:
            prompt = text("prompt", required=True) or ""
        if not 1 <= len(prompt) <= 10_000:
            raise _Refused(400, f"prompt: must be 1 to 10,000 characters, got {len(prompt)}")
        for name in ("email", "lyrics", "model", "replyUrl", "replyRef"):
            text(name)
        instrumental = body.get("instrumental")
        if instrumental is not None and not isinstance(instrumental, bool):
            raise _Refused(400, f"instrumental: must be true or false, got {json.dumps(instrumental)[:40]}")
        choice("ghostwriter", ("standard", "pro"), None)
        if not edit:
            self._check_refs(body, text)
        mode = choice("mode", ("sync", "async"), "sync") or "sync"
        order = Order(
            prompt=prompt, request_json=json.dumps(body), instrumental=instrumental, operation=operation, title=title,
            lyrics=text("lyrics"),
        )  # fmt: skip
        return order, text("email"), mode

    @staticmethod
    def _check_refs(body: dict[str, Any], text: Any) -> None:
        """refImage1..10 and refAudio1..10: asset ids of POST /files, all on the account the song is made on (a
        song without ``email`` is made on the refs' account)."""
        wanted = (text("email") or "").lower()
        for kind in ("image", "audio"):
            for i in range(1, 11):
                name = f"ref{kind.capitalize()}{i}"
                value = text(name)
                if value is None:
                    continue
                m = re.fullmatch(rf"user:[0-9A-Za-z]+-(.+@.+)-{kind}:[0-9a-f-]{{36}}", value)
                if m is None:
                    raise _Refused(400, f"{name}: not an {kind} asset id from POST /files: {value[:80]!r}")
                owner = m.group(1).lower()
                if wanted and owner != wanted:
                    raise _Refused(400, f"{name}: the asset is on {m.group(1)}; every ref of a request must be on "
                                        f"the account the song is made on ({wanted})")  # fmt: skip
                wanted = owner
        if wanted and not text("email"):
            body["email"] = wanted

    def _account_record(self, account: _AccountState) -> dict[str, Any]:
        spec = account.spec
        record: dict[str, Any] = {"email": spec.email, "tier": spec.tier}
        if spec.subscription_plan is not None:
            record["subscription_plan"] = spec.subscription_plan
        record.update(
            user_id=spec.user_id, maxJobs=spec.max_jobs, added=iso_ms(account.added_ms),
            refreshed_at=iso_ms(int(time.time() * 1000) - 3_600_000),
        )  # fmt: skip
        if not spec.healthy:
            record["error"] = ACCOUNT_ERROR
        return record

    def _accounts_body(self) -> dict[str, Any]:
        with self._lock:
            return {a.spec.email: self._account_record(a) for a in self._accounts.values()}

    def _account_body(self, email: str) -> dict[str, Any]:
        with self._lock:
            account = self._accounts.get(email.lower())
            if account is None:
                raise _Refused(404, f"Account not found: {email!r} is not on this API token")
            record = self._account_record(account)
            if account.spec.healthy:
                record["credits_remaining"] = account.credits
                record["tokens_remaining"] = account.credits * 100
            return record

    def _clip_page(self, params: dict[str, list[str]], origin: str) -> dict[str, Any]:
        def number(name: str, default: int, low: int, high: int) -> int:
            raw = (params.get(name) or [""])[0]
            if raw == "":
                return default
            try:
                value = int(raw)
            except ValueError:
                value = low - 1
            if not low <= value <= high:
                raise _Refused(400, f"{name}: must be a whole number from {low} to {high}, got {raw!r}")
            return value

        limit = number("limit", DEFAULT_CLIP_LIMIT, 1, 100)
        offset = number("offset", 0, 0, 10**9)
        email = (params.get("email") or [""])[0]
        with self._lock:
            if email:
                account = self._accounts.get(email.lower())
                if account is None:
                    raise _Refused(404, f"Account not found: {email!r} is not on this API token")
            else:
                healthy = [a for a in self._accounts.values() if a.spec.healthy]
                if not healthy:
                    raise _Refused(596, f"No account on this API token is available: {ACCOUNT_ERROR}")
                account = healthy[0]
            if not account.spec.healthy:
                raise _Refused(596, f"Account {account.spec.email} is in an error state: {ACCOUNT_ERROR}")
            key = account.spec.email.lower()
            now = self._clock()
            done = [
                j for j in self._jobs.values()
                if j.plan.email.lower() == key and j.plan.outcome == "completed" and j.terminal(now)
            ]  # fmt: skip
        done.sort(key=lambda j: j.first_seen + j.plan.pending_s, reverse=True)
        clips = [c for j in done for c in j.plan.clips]
        page = clips[offset : offset + limit]
        return {
            "email": account.spec.email,
            "clips": [
                {
                    "clip": c.clip_id,
                    "title": c.title,
                    "lyrics": c.lyrics,
                    "duration_s": c.duration_s,
                    "image_url": f"{origin}/media/image/{c.uuid}.{cover_format(c.uuid)}",
                }
                for c in page
            ],
            "limit": limit,
            "offset": offset,
            "next": offset + limit if offset + limit < len(clips) else None,
        }

    def _published_clip(self, clip_uuid: str) -> ClipPlan | None:
        """The clip if its job has completed (media exist only then), else None."""
        where = self._clips.get(clip_uuid)
        if where is None:
            return None
        job = self._jobs[where[0]]
        if job.plan.outcome != "completed" or not job.terminal(self._clock()):
            return None
        return job.plan.clips[where[1]]

    def _download_target(self, ident: str) -> ClipPlan:
        if not ident:
            raise _Refused(400, "Missing the id parameter: a clip id or a completed jobid")
        clip_parts = parse_clip_id(ident)
        if clip_parts is not None:
            self._check_owner(clip_parts.user_id, clip_parts.email, "clip")
            where = self._clips.get(clip_parts.uuid)
            if where is None:
                raise _Refused(404, "Clip not found")
            jobid, index = where
        elif parse_jobid(ident) is not None:
            jobid, index = ident, 0
        else:
            raise _Refused(400, f"id: not a clip id or a jobid: {ident[:120]!r}")
        job = self._known_job(jobid)
        if not job.terminal(self._clock()) or job.plan.outcome != "completed":
            state = "still pending" if not job.terminal(self._clock()) else "failed"
            raise _Refused(409, f"The job is not completed ({state}): nothing to download")
        return job.plan.clips[index]

    def _media_bytes(self, kind: str, clip: ClipPlan) -> bytes:
        key = (kind, clip.uuid)
        with self._media_lock:
            data = self._media.get(key)
            if data is not None:
                self._media.move_to_end(key)
                return data
        # Made outside the lock: two threads may both make it, which is harmless and keeps others moving.
        if kind == "png":
            data = make_png(clip.uuid)
        elif kind == "jpg":
            data = jpeg_cover()
        elif kind == "m4a":
            data = make_m4a(clip.duration_s, clip.title)
        elif kind == "mp3":
            data = make_mp3(clip.duration_s)
        else:
            data = make_wav(clip.seed, clip.duration_s)
        with self._media_lock:
            if key not in self._media:
                self._media[key] = data
                self._media_bytes_total += len(data)
            while self._media_bytes_total > _MEDIA_CACHE_BYTES and len(self._media) > 1:
                _, old = self._media.popitem(last=False)
                self._media_bytes_total -= len(old)
        return data

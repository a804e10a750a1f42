"""A small local HTTP server whose answers a test scripts, and which records every request it saw.

    with ScriptedServer() as server:
        server.reply(Reply(404, json={"error": "gone"}))   # every request from now on
        server.queue(Reply(503), Reply(200, json={...}))    # the next two, then the sticky reply again
        ... server.url ... server.requests[0].path ...

Replies can also hang until the server stops (`hang=True`, or `hang_body=True` after the headers) or reset the
connection (`reset=True`: SO_LINGER 0, so the client sees a TCP RST), or close it silently (`close=True`).
"""

from __future__ import annotations

import json as jsonlib
import socket
import ssl
import struct
import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from types import TracebackType
from typing import Any

#: Upper bound on any wait inside a handler, so a forgotten release can never wedge a test run.
HANG_LIMIT_S = 30.0


@dataclass
class Reply:
    status: int = 200
    json: Any = None
    body: bytes | str = b""
    headers: dict[str, str] = field(default_factory=dict)
    reset: bool = False
    close: bool = False
    hang: bool = False
    hang_body: bool = False

    def payload(self) -> bytes:
        if self.json is not None:
            return jsonlib.dumps(self.json).encode()
        return self.body.encode() if isinstance(self.body, str) else self.body


@dataclass(frozen=True)
class Seen:
    """One request as the server received it: the raw path (still percent-encoded) and the headers."""

    method: str
    path: str
    headers: dict[str, str]  # header names lower-cased
    client_port: int
    thread: str
    at: float = 0.0  # time.monotonic() when the request line and headers had arrived


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive, so tests can see which connection a request came on
    server: _Server

    def do_GET(self) -> None:
        seen = Seen(
            method=self.command,
            path=self.path,
            headers={k.lower(): v for k, v in self.headers.items()},
            client_port=self.client_address[1],
            thread=threading.current_thread().name,
            at=time.monotonic(),
        )
        reply = self.server.owner._next(seen)
        if reply.reset:
            self._reset()
            return
        if reply.close:  # an orderly close (FIN) without a word
            self.close_connection = True
            return
        if reply.hang:
            self.server.owner.release.wait(HANG_LIMIT_S)
            self.close_connection = True
            return
        data = reply.payload()
        self.send_response(reply.status)
        headers = {"Content-Type": "application/json", **reply.headers}
        for name, value in headers.items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.flush()
        if reply.hang_body:
            self.server.owner.release.wait(HANG_LIMIT_S)
            self.close_connection = True
            return
        self.wfile.write(data)

    def _reset(self) -> None:
        # Close the real socket with SO_LINGER 0: the kernel sends RST instead of FIN. The file objects hold
        # references to the socket, so they must go first or close() would not close anything yet.
        sock = self.connection
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        self.rfile.close()
        self.wfile.close()
        sock.close()
        self.close_connection = True

    def log_message(self, format: str, *args: Any) -> None:
        pass


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    owner: ScriptedServer

    def handle_error(self, request: Any, client_address: Any) -> None:
        pass  # a client that went away (timeouts, resets) is expected here, not worth a traceback


class ScriptedServer:
    """A ThreadingHTTPServer on 127.0.0.1, an ephemeral port, a daemon thread; stop() ends everything."""

    def __init__(self, path_prefix: str = "/v1/flowmusic", *, tls: ssl.SSLContext | None = None) -> None:
        self._lock = threading.Lock()
        self._sticky = Reply(200, json={})
        self._queued: deque[Reply] = deque()
        self.handler: Callable[[Seen], Reply] | None = None
        self.requests: list[Seen] = []
        self.release = threading.Event()
        self._httpd = _Server(("127.0.0.1", 0), _Handler)
        self._httpd.owner = self
        self.port: int = self._httpd.server_address[1]
        if tls is not None:
            # HTTPS: each accepted connection does its TLS handshake; a client that refuses the certificate
            # fails it, which the server passes over (get_request's OSError).
            self._httpd.socket = tls.wrap_socket(self._httpd.socket, server_side=True)
        self.origin = f"{'https' if tls else 'http'}://127.0.0.1:{self.port}"
        self.url = f"{self.origin}{path_prefix}"
        self._thread = threading.Thread(
            target=self._httpd.serve_forever, args=(0.05,), name=f"http-{self.port}", daemon=True
        )

    def start(self) -> ScriptedServer:
        self._thread.start()
        return self

    def stop(self) -> None:
        self.release.set()  # let hanging handlers finish
        if self._thread.is_alive():
            self._httpd.shutdown()
            self._thread.join(5)
        self._httpd.server_close()

    def __enter__(self) -> ScriptedServer:
        return self.start()

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.stop()

    def reply(self, reply: Reply) -> None:
        """Answer every request with this from now on (after any queued replies)."""
        with self._lock:
            self._sticky = reply

    def queue(self, *replies: Reply) -> None:
        """Answer the next requests with these, in order."""
        with self._lock:
            self._queued.extend(replies)

    def _next(self, seen: Seen) -> Reply:
        with self._lock:
            self.requests.append(seen)
            if self.handler is not None:
                handler = self.handler
            elif self._queued:
                return self._queued.popleft()
            else:
                return self._sticky
        return handler(seen)


def tls_context(folder: Path) -> tuple[ssl.SSLContext, Path]:
    """A server TLS context for 127.0.0.1 signed by a throwaway CA, and that CA's certificate file in ``folder``
    (which no client trusts unless told to, e.g. through REQUESTS_CA_BUNDLE)."""
    import trustme

    ca = trustme.CA()
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    ca.issue_cert("127.0.0.1").configure_cert(context)
    ca_file = folder / "ca.pem"
    ca.cert_pem.write_to_path(str(ca_file))
    return context, ca_file

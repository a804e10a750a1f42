"""The client's HTTP: the API base URL, one ``requests.Session`` per thread, the token sent only to the API's own
origin (never to a redirect or a media host), every request with its timeouts, a total deadline and a capped body,
and network trouble turned into a plain ``Transient`` in words."""

from __future__ import annotations

import contextlib
import heapq
import http.client
import itertools
import math
import os
import re
import socket
import ssl
import threading
import time
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from types import TracebackType
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import requests
import requests.adapters
import requests.auth
import requests.structures
import requests.utils
import urllib3.connection
import urllib3.connectionpool
import urllib3.exceptions
import urllib3.poolmanager

from flowmusic_gui import __version__
from flowmusic_gui.core.client.outcomes import Transient

DEFAULT_API_BASE = "https://api.useapi.net/v1/flowmusic"
#: How every FlowMusic base URL ends (the vendor's, the simulator's).
API_PATH = "/v1/flowmusic"
DEFAULT_TIMEOUT: tuple[float, float] = (5.0, 20.0)  # connect, read
#: The longest one API call may take, headers and body together. The read timeout bounds each read only: a server
#: that sends its headers and then a byte every few seconds would hold a request (and a look at the running-jobs
#: list) for ever without this.
DEFAULT_DEADLINE_S = 30.0
USER_AGENT = f"FlowMusicMonitor/{__version__} (+python-requests/{requests.__version__})"

#: A job record is a few kB; anything this large is not one, and reading on would only eat memory.
MAX_BODY_BYTES = 2 * 1024 * 1024
#: How much of an error body a message quotes.
MAX_DETAIL_CHARS = 200

_DEFAULT_PORTS = {"http": 80, "https": 443}


class BadBaseUrl(ValueError):
    """The API base URL cannot be used; the message names the problem."""


def normalize_base_url(url: str) -> str:
    """Return the API base URL without a trailing "/", or raise BadBaseUrl saying what is wrong with it."""
    text = url.strip()
    if not text:
        raise BadBaseUrl("the API base URL is empty")
    if any(unicodedata.category(ch) in ("Cc", "Cf", "Zs", "Zl", "Zp") for ch in text):
        raise BadBaseUrl("the API base URL contains spaces or control characters")
    try:
        parts = urlsplit(text)
        port = parts.port
    except ValueError as exc:
        raise BadBaseUrl(f"the API base URL is malformed: {exc}") from None
    scheme = parts.scheme.lower()
    if scheme not in _DEFAULT_PORTS:
        shown = f'"{scheme}"' if scheme else "none"
        raise BadBaseUrl(f"the API base URL must start with http:// or https:// (its scheme is {shown})")
    # Credentials in the URL would end up in logs and messages; the token has its own place.
    if parts.username is not None or parts.password is not None:
        raise BadBaseUrl("the API base URL must not contain a user name or password")
    if not parts.hostname:
        raise BadBaseUrl("the API base URL has no host name")
    if parts.query or parts.fragment or text.endswith(("?", "#")):
        raise BadBaseUrl("the API base URL must not have a query (?…) or a fragment (#…)")
    host = parts.hostname.lower()
    if ":" in host:  # IPv6 literal
        host = f"[{host}]"
    netloc = host if port is None else f"{host}:{port}"
    return urlunsplit((scheme, netloc, parts.path.rstrip("/"), "", ""))


def origin(url: str) -> tuple[str, str, int] | None:
    try:
        parts = urlsplit(url)
        scheme = parts.scheme.lower()
        port = parts.port or _DEFAULT_PORTS.get(scheme, 0)
    except ValueError:
        return None
    return scheme, (parts.hostname or "").lower(), port


def display_host(url: str) -> str:
    """host or host:port of a URL, never its path, query or credentials."""
    try:
        parts = urlsplit(url)
        host = parts.hostname or "an unknown host"
        port = parts.port
    except ValueError:
        return "an unknown host"
    if ":" in host:
        host = f"[{host}]"
    return host if port is None else f"{host}:{port}"


UNSENDABLE_TOKEN = "the API token contains spaces, control or non-ASCII characters and cannot be sent"


class BadToken(Exception):
    """The token holds characters that cannot go into an HTTP header."""


def sendable(token: str) -> bool:
    return all(0x21 <= ord(ch) <= 0x7E for ch in token)


def check_header_value(token: str) -> None:
    if not sendable(token):
        raise BadToken


class BearerAuth(requests.auth.AuthBase):
    """Adds the Bearer token, but only to requests for the API's own scheme, host and port.

    Passing an auth object on every request also keeps requests from reading ~/.netrc, which would otherwise
    replace the token with a netrc login for the same host.
    """

    def __init__(self, origin: tuple[str, str, int] | None, token: str | None) -> None:
        self._origin = origin
        self._token = token

    def __call__(self, r: requests.PreparedRequest) -> requests.PreparedRequest:
        r.headers.pop("Authorization", None)
        token = self._token
        if token and r.url is not None and origin(r.url) == self._origin:
            check_header_value(token)
            r.headers["Authorization"] = f"Bearer {token}"
        return r


@dataclass(frozen=True)
class Reply:
    status: int
    headers: requests.structures.CaseInsensitiveDict[str]
    body: bytes
    too_large: bool
    url: str
    #: The cap the body was read up to (``too_large``: it went past it).
    limit: int = MAX_BODY_BYTES


def read_reply(response: requests.Response, url: str) -> Reply:
    """The whole answer, its body read up to ``MAX_BODY_BYTES``."""
    cap = MAX_BODY_BYTES
    body, too_large = read_capped(response, cap)
    return Reply(response.status_code, response.headers, body, too_large, url, cap)


_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]+")
_SPACES = re.compile(r"\s+")


def plain(text: str, limit: int = MAX_DETAIL_CHARS) -> str:
    """Text from a server, made safe to show as one plain line."""
    text = _CONTROL.sub(" ", text)
    text = _SPACES.sub(" ", text).strip()
    if len(text) > limit:
        text = text[: limit - 1].rstrip() + "…"
    return text


def read_capped(response: requests.Response, cap: int) -> tuple[bytes, bool]:
    chunks: list[bytes] = []
    size = 0
    for chunk in response.iter_content(chunk_size=64 * 1024):
        chunks.append(chunk)
        size += len(chunk)
        if size > cap:
            return b"".join(chunks)[:cap], True
    return b"".join(chunks), False


def causes(exc: BaseException) -> Iterator[BaseException]:
    """exc, its wrapped reasons, causes and arguments: requests hides the useful one a few levels down."""
    seen: set[int] = set()
    todo: list[BaseException] = [exc]
    while todo:
        item = todo.pop(0)
        if id(item) in seen:
            continue
        seen.add(id(item))
        yield item
        for nxt in (getattr(item, "reason", None), item.__cause__, item.__context__, *item.args):
            if isinstance(nxt, BaseException):
                todo.append(nxt)


def network_reason(exc: BaseException) -> str:
    chain = list(causes(exc))
    # Most specific first, over the whole chain: urllib3's NewConnectionError is a ConnectTimeoutError, so a
    # refused connection would otherwise read as a timeout. RemoteDisconnected is a ConnectionResetError.
    checks: tuple[tuple[type[BaseException] | tuple[type[BaseException], ...], str], ...] = (
        (http.client.RemoteDisconnected, "the server closed the connection without answering"),
        (ConnectionRefusedError, "connection refused"),
        (ConnectionResetError, "the connection was reset"),
        (ConnectionAbortedError, "the connection was aborted"),
        ((socket.gaierror, urllib3.exceptions.NameResolutionError), "host name not found"),
        ((TimeoutError, urllib3.exceptions.TimeoutError), "timed out"),
    )
    for kind, reason in checks:
        if any(isinstance(item, kind) for item in chain):
            return reason
    for item in chain:
        if isinstance(item, OSError) and item.strerror:
            return item.strerror[:1].lower() + item.strerror[1:]
    return plain(str(exc)) or type(exc).__name__


def seconds(value: float) -> str:
    return f"{value:g} s"

def ssl_message(host: str, exc: BaseException) -> str:
    """A TLS failure in words, with the usual fix when it is the certificate that could not be verified."""
    if any(isinstance(item, ssl.SSLCertVerificationError) for item in causes(exc)):
        return (
            f"the certificate of {host} could not be verified ({ssl_reason(exc)}): if a proxy or your network "
            f"re-signs HTTPS, set REQUESTS_CA_BUNDLE to its CA certificate file"
        )
    return f"secure connection to {host} failed: {ssl_reason(exc)}"


def ssl_reason(exc: BaseException) -> str:
    for item in causes(exc):
        if isinstance(item, ssl.SSLCertVerificationError):
            return plain(item.verify_message or "certificate verification failed")
        if isinstance(item, ssl.SSLError):
            return plain(item.reason or str(item))
    return network_reason(exc)


class _Watchdog:
    """One daemon thread that cuts the connections of requests past their total deadline (a timer thread per
    request would cost more than a poll on loopback). Cutting is a socket shutdown: the read blocked on it returns
    at once, in whichever thread it runs."""

    def __init__(self) -> None:
        self._cond = threading.Condition()
        self._heap: list[tuple[float, int, Deadline]] = []
        self._seq = itertools.count()
        self._thread: threading.Thread | None = None

    def arm(self, deadline: Deadline) -> None:
        with self._cond:
            heapq.heappush(self._heap, (deadline.expires_at, next(self._seq), deadline))
            if self._thread is None:
                self._thread = threading.Thread(target=self._run, name="flowmusic-request-deadlines", daemon=True)
                self._thread.start()
            elif self._heap[0][2] is deadline:
                self._cond.notify()

    def _run(self) -> None:
        while True:
            with self._cond:
                while not self._heap or self._heap[0][2].done:
                    if self._heap:
                        heapq.heappop(self._heap)
                    else:
                        self._cond.wait()
                expires_at, _, deadline = self._heap[0]
                wait = expires_at - time.monotonic()
                if wait > 0:
                    self._cond.wait(wait)
                    continue
                heapq.heappop(self._heap)
            deadline.expire()


_WATCHDOG = _Watchdog()
_CURRENT = threading.local()


class Deadline:
    """A total deadline on the requests made in this thread inside ``with``: headers and body together.

    Past it, the connection is cut and the read in progress fails; :attr:`expired` then says why. Public so any
    transfer (a download, a cover) can bound itself the same way.
    """

    def __init__(self, seconds: float) -> None:
        if not (seconds > 0 and math.isfinite(seconds)):
            raise ValueError("a deadline needs a finite number of seconds > 0")
        self.seconds = seconds
        self.expires_at = math.inf
        self.expired = False
        self.done = False
        self._lock = threading.Lock()
        self._conns: list[Any] = []

    def __enter__(self) -> Deadline:
        self.expires_at = time.monotonic() + self.seconds
        _CURRENT.deadline = self
        _WATCHDOG.arm(self)
        return self

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        with self._lock:
            self.done = True
            self._conns.clear()
        if getattr(_CURRENT, "deadline", None) is self:
            _CURRENT.deadline = None

    def watch(self, conn: Any) -> None:
        """A connection a request of this deadline uses: cut with it."""
        with self._lock:
            if self.done:
                return
            self._conns.append(conn)
            late = self.expired
        if late:
            _cut(conn)

    def expire(self) -> None:
        with self._lock:
            if self.done:
                return
            self.expired = True
            conns = list(self._conns)
        for conn in conns:
            _cut(conn)


def _cut(conn: Any) -> None:
    # A connection, or the socket an answer is read from (http.client lets go of the connection's own reference
    # to it when the answer says "Connection: close", but the answer still reads from it).
    sock = conn if isinstance(conn, socket.socket) else getattr(conn, "sock", None)
    if sock is None:
        return
    with contextlib.suppress(OSError):  # already closed
        sock.shutdown(socket.SHUT_RDWR)


def _watched(conn: Any) -> None:
    deadline: Deadline | None = getattr(_CURRENT, "deadline", None)
    if deadline is not None:
        deadline.watch(conn)


class _DeadlineHTTPConnection(urllib3.connection.HTTPConnection):
    def getresponse(self, *args: Any, **kwargs: Any) -> Any:
        _watched(self.sock)  # connected by now: the socket the whole answer is read from
        return super().getresponse(*args, **kwargs)


class _DeadlineHTTPSConnection(urllib3.connection.HTTPSConnection):
    def getresponse(self, *args: Any, **kwargs: Any) -> Any:
        _watched(self.sock)
        return super().getresponse(*args, **kwargs)


class _DeadlinePool(urllib3.connectionpool.HTTPConnectionPool):
    ConnectionCls = _DeadlineHTTPConnection

    def _make_request(self, conn: Any, *args: Any, **kwargs: Any) -> Any:
        _watched(conn)  # still connecting: cut through the connection
        return super()._make_request(conn, *args, **kwargs)


class _DeadlineHTTPSPool(urllib3.connectionpool.HTTPSConnectionPool):
    ConnectionCls = _DeadlineHTTPSConnection

    def _make_request(self, conn: Any, *args: Any, **kwargs: Any) -> Any:
        _watched(conn)
        return super()._make_request(conn, *args, **kwargs)


_DEADLINE_POOLS = {"http": _DeadlinePool, "https": _DeadlineHTTPSPool}


class DeadlineAdapter(requests.adapters.HTTPAdapter):
    """requests' adapter whose connections a :class:`Deadline` can cut (direct and through a proxy)."""

    def init_poolmanager(self, connections: int, maxsize: int, block: bool = False, **pool_kwargs: Any) -> None:
        super().init_poolmanager(connections, maxsize, block, **pool_kwargs)
        self.poolmanager.pool_classes_by_scheme = dict(_DEADLINE_POOLS)

    def proxy_manager_for(self, proxy: str, **proxy_kwargs: Any) -> Any:
        manager = super().proxy_manager_for(proxy, **proxy_kwargs)
        if isinstance(manager, urllib3.poolmanager.PoolManager):
            manager.pool_classes_by_scheme = dict(_DEADLINE_POOLS)
        return manager


class Transport:
    """Requests to one API base: a ``requests.Session`` per thread (a Session is not safe to share between
    threads), no redirects followed, the answer's body capped, and network trouble as a ``Transient``."""

    def __init__(
        self, base_url: str, timeout: tuple[float, float], user_agent: str, deadline_s: float = DEFAULT_DEADLINE_S
    ) -> None:
        self.base_url = base_url
        self.host = display_host(base_url)
        self.origin = origin(base_url)
        self.timeout = timeout
        self.deadline_s = deadline_s
        self._user_agent = user_agent
        self._local = threading.local()
        self._lock = threading.Lock()
        self.sessions: list[requests.Session] = []
        self._generation = 0  # bumped by close(), so threads make fresh sessions afterwards

    def close(self) -> None:
        """Close every session made so far; later requests open new ones."""
        with self._lock:
            sessions, self.sessions = self.sessions, []
            self._generation += 1
        for session in sessions:
            session.close()

    def session(self) -> requests.Session:
        """This thread's session."""
        with self._lock:
            generation = self._generation
        session: requests.Session | None = getattr(self._local, "session", None)
        if session is not None and getattr(self._local, "generation", None) == generation:
            return session
        session = requests.Session()
        for prefix in ("http://", "https://"):
            session.mount(prefix, DeadlineAdapter())
        session.headers["User-Agent"] = self._user_agent
        session.headers["Accept"] = "application/json"
        # The environment's proxies and CA bundle are read once here rather than on every request, which
        # rescans the whole environment each time (about 1 ms a request, half the cost of a poll on loopback).
        # It also means ~/.netrc is never consulted.
        session.trust_env = False
        session.proxies.update(requests.utils.get_environ_proxies(self.base_url))
        ca_bundle = os.environ.get("REQUESTS_CA_BUNDLE") or os.environ.get("CURL_CA_BUNDLE")
        if ca_bundle:
            session.verify = ca_bundle
        with self._lock:
            self.sessions.append(session)
        self._local.session = session
        self._local.generation = generation
        return session

    def auth(self, token: str | None) -> BearerAuth:
        return BearerAuth(self.origin, token)

    def fetch(
        self,
        url: str,
        token: str | None,
        method: str = "GET",
        params: dict[str, str] | None = None,
        json_body: dict[str, Any] | None = None,
    ) -> Reply | Transient:
        """One request, its answer read whole (up to the cap) within the total deadline, or the trouble in words."""
        deadline = Deadline(self.deadline_s)
        try:
            with deadline:
                result = self._fetch(url, token, method, params, json_body)
        except Exception:
            if not deadline.expired:
                raise
            result = Transient("", None)
        if deadline.expired:  # whatever the cut connection looked like from inside, this is why
            return Transient(f"no complete answer from {self.host} within {seconds(self.deadline_s)}", None)
        return result

    def _fetch(
        self,
        url: str,
        token: str | None,
        method: str,
        params: dict[str, str] | None,
        json_body: dict[str, Any] | None,
    ) -> Reply | Transient:
        connect_timeout, read_timeout = self.timeout
        host = self.host
        try:
            with self.session().request(
                method, url, params=params, json=json_body, auth=self.auth(token), timeout=self.timeout,
                allow_redirects=False, stream=True,
            ) as response:  # fmt: skip
                return read_reply(response, url)
        except BadToken:  # callers check first; kept so no path can put a broken header on the wire
            return Transient(UNSENDABLE_TOKEN, None)
        except requests.exceptions.ConnectTimeout:
            return Transient(f"timed out after {seconds(connect_timeout)} connecting to {host}", None)
        except requests.exceptions.ReadTimeout:
            return Transient(f"timed out after {seconds(read_timeout)} waiting for the server", None)
        except requests.exceptions.SSLError as exc:
            return Transient(ssl_message(host, exc), None, retry_slowly=True)
        except requests.exceptions.ProxyError as exc:
            return Transient(f"could not reach {host} through the proxy: {network_reason(exc)}", None)
        except (requests.exceptions.ChunkedEncodingError, requests.exceptions.ContentDecodingError) as exc:
            return Transient(f"the answer from {host} broke off: {network_reason(exc)}", None)
        except requests.exceptions.ConnectionError as exc:
            reason = network_reason(exc)
            if reason == "timed out":  # a read timeout while streaming the body surfaces as ConnectionError
                return Transient(f"timed out after {seconds(read_timeout)} waiting for the server", None)
            if reason in ("connection refused", "host name not found"):
                return Transient(f"could not connect to {host}: {reason}", None)
            return Transient(f"connection to {host} failed: {reason}", None)
        except requests.exceptions.RequestException as exc:
            return Transient(f"request to {host} failed: {network_reason(exc)}", None)

    def network_problem(self, exc: BaseException) -> Transient:
        """Trouble while a caller read a stream, in words."""
        if isinstance(exc, requests.exceptions.Timeout):
            return Transient(f"timed out talking to {self.host}", None)
        return Transient(f"connection to {self.host} failed: {network_reason(exc)}", None)

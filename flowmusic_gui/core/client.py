"""The FlowMusic API client: one typed call per endpoint the app uses, every answer turned into a plain outcome.

It never raises for network or server trouble, never follows a redirect, never lets the token leave the API.
Polls (`get_job`) and the token check come first; the account-level calls (running jobs, cancel, accounts,
the clip list, the mp3 download) follow at the end, each returning frozen dataclasses shaped as in API.md.
"""

from __future__ import annotations

import contextlib
import email.utils
import http.client
import json
import math
import os
import re
import socket
import ssl
import threading
import time
import unicodedata
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Any, TypeVar, cast
from urllib.parse import quote, unquote, urljoin, urlsplit, urlunsplit

import requests
import requests.auth
import requests.structures
import requests.utils
import urllib3.exceptions

from flowmusic_gui import __version__
from flowmusic_gui.core.jobids import split_jobid

DEFAULT_API_BASE = "https://api.useapi.net/v1/flowmusic"
DEFAULT_TIMEOUT: tuple[float, float] = (5.0, 20.0)  # connect, read
USER_AGENT = f"FlowMusicMonitor/{__version__} (+python-requests/{requests.__version__})"

#: A job record is a few kB; anything this large is not one, and reading on would only eat memory.
MAX_BODY_BYTES = 2 * 1024 * 1024
#: How much of an error body a message quotes.
MAX_DETAIL_CHARS = 200

RETRY_AFTER_MIN = 1.0
RETRY_AFTER_MAX = 900.0
RETRY_AFTER_DEFAULT = 10.0

#: The largest mp3 `download_mp3` writes unless told otherwise: a three-minute song is about 5 MB.
MP3_MAX_BYTES = 64 * 1024 * 1024
#: The total time one mp3 download may take, however the bytes trickle in.
MP3_DEADLINE_S = 300.0

_DEFAULT_PORTS = {"http": 80, "https": 443}
_T = TypeVar("_T")


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


def parse_retry_after(value: str | None, now: datetime | None = None) -> float:
    """Seconds to wait from a Retry-After header (seconds or an HTTP date), clamped to 1 s .. 15 min.

    10 s when the header is absent or unparseable.
    """
    if value is None or not value.strip():
        return RETRY_AFTER_DEFAULT
    text = value.strip()
    seconds: float
    try:
        seconds = float(text)
    except ValueError:
        try:
            when = email.utils.parsedate_to_datetime(text)
        except (TypeError, ValueError, IndexError, OverflowError):
            return RETRY_AFTER_DEFAULT
        if when.tzinfo is None:  # HTTP dates are GMT; an obsolete form may lack the zone
            when = when.replace(tzinfo=timezone.utc)
        current = now if now is not None else datetime.now(timezone.utc)
        if current.tzinfo is None:
            current = current.replace(tzinfo=timezone.utc)
        seconds = (when - current).total_seconds()
    if math.isnan(seconds):
        return RETRY_AFTER_DEFAULT
    return min(max(seconds, RETRY_AFTER_MIN), RETRY_AFTER_MAX)


# --- outcomes -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class JobFound:
    """200 with a JSON object: the job record verbatim."""

    data: dict[str, Any]


@dataclass(frozen=True)
class AuthFailed:
    """401: the token is missing or not accepted."""

    message: str


@dataclass(frozen=True)
class Forbidden:
    """403: the job belongs to another account."""

    message: str


@dataclass(frozen=True)
class NotFound:
    """404: no such job (expired or never existed)."""

    message: str


@dataclass(frozen=True)
class RateLimited:
    """429: wait retry_after seconds before asking again on this token."""

    retry_after: float
    message: str


@dataclass(frozen=True)
class Transient:
    """Worth retrying later: server errors, network trouble, timeouts, answers that are not a record.

    ``retry_slowly``: a problem that does not clear within seconds (a certificate that cannot be verified), so
    the schedule waits long between tries instead of hammering the server.
    """

    message: str
    status: int | None
    # Keyword-only: subclasses (AccountProblem) add their own positional fields after ``status``.
    retry_slowly: bool = field(default=False, kw_only=True)


@dataclass(frozen=True)
class AccountProblem(Transient):
    """596: the account behind the request is in an error state; retrying never clears it.

    A Transient too, so code that knows only the older outcomes keeps polling it with backoff; code that knows
    it says so once per account (``email``, when the request names one) and slows that account right down.
    """

    email: str | None = None


Outcome = JobFound | AuthFailed | Forbidden | NotFound | RateLimited | Transient


@dataclass(frozen=True)
class TokenCheck:
    """The result of asking the API whether the token works."""

    ok: bool
    message: str
    status: int | None


# --- internals ------------------------------------------------------------------------------------


def _origin(url: str) -> tuple[str, str, int] | None:
    try:
        parts = urlsplit(url)
        scheme = parts.scheme.lower()
        port = parts.port or _DEFAULT_PORTS.get(scheme, 0)
    except ValueError:
        return None
    return scheme, (parts.hostname or "").lower(), port


def _display_host(url: str) -> str:
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


class _BadToken(Exception):
    """The token holds characters that cannot go into an HTTP header."""


def _sendable(token: str) -> bool:
    return all(0x21 <= ord(ch) <= 0x7E for ch in token)


def _check_header_value(token: str) -> None:
    if not _sendable(token):
        raise _BadToken


class _BearerAuth(requests.auth.AuthBase):
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
        if token and r.url is not None and _origin(r.url) == self._origin:
            _check_header_value(token)
            r.headers["Authorization"] = f"Bearer {token}"
        return r


@dataclass(frozen=True)
class _Reply:
    status: int
    headers: requests.structures.CaseInsensitiveDict[str]
    body: bytes
    too_large: bool
    url: str


_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]+")
_TAGS = re.compile(r"<[^>]*>")
_SPACES = re.compile(r"\s+")


def _plain(text: str, limit: int = MAX_DETAIL_CHARS) -> str:
    """Text from a server, made safe to show as one plain line."""
    text = _CONTROL.sub(" ", text)
    text = _SPACES.sub(" ", text).strip()
    if len(text) > limit:
        text = text[: limit - 1].rstrip() + "…"
    return text


def _detail(body: bytes) -> str:
    """The server's `error` text, or the start of the body as plain text ("" when there is nothing to say)."""
    if not body.strip():
        return ""
    try:
        obj = json.loads(body)
    except (ValueError, RecursionError):
        obj = None
    if isinstance(obj, dict):
        error = obj.get("error")
        if isinstance(error, dict):  # the job record's shape: {"code": ..., "message": ...}
            error = error.get("message")
        if isinstance(error, str) and error.strip():
            return _plain(error)
        message = obj.get("message")
        if isinstance(message, str) and message.strip():
            return _plain(message)
    text = body[: MAX_DETAIL_CHARS * 8].decode("utf-8", errors="replace")
    if text.lstrip().startswith("<"):  # an HTML error page from a proxy: keep its words
        text = _TAGS.sub(" ", text)
    return _plain(text)


def _with_detail(head: str, detail: str) -> str:
    return f"{head}: {detail}" if detail else head


def _read_capped(response: requests.Response, cap: int) -> tuple[bytes, bool]:
    chunks: list[bytes] = []
    size = 0
    for chunk in response.iter_content(chunk_size=64 * 1024):
        chunks.append(chunk)
        size += len(chunk)
        if size > cap:
            return b"".join(chunks)[:cap], True
    return b"".join(chunks), False


def _causes(exc: BaseException) -> Iterator[BaseException]:
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


def _network_reason(exc: BaseException) -> str:
    chain = list(_causes(exc))
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
    return _plain(str(exc)) or type(exc).__name__


def _seconds(value: float) -> str:
    return f"{value:g} s"


# --- the client -----------------------------------------------------------------------------------


class ApiClient:
    """A thread-safe client for the FlowMusic job API.

    Each thread gets its own requests.Session (a Session is not safe to share between threads); close() closes
    every one it made.
    """

    def __init__(
        self,
        base_url: str = DEFAULT_API_BASE,
        token: str | Callable[[], str | None] | None = None,
        *,
        timeout: tuple[float, float] = DEFAULT_TIMEOUT,
        user_agent: str | None = None,
    ) -> None:
        self._base_url = normalize_base_url(base_url)
        self._host = _display_host(self._base_url)
        self._timeout = timeout
        self._user_agent = user_agent or USER_AGENT
        self._token_source: Callable[[], str | None] = lambda: None
        self.set_token(token)
        self._origin = _origin(self._base_url)
        self._local = threading.local()
        self._lock = threading.Lock()
        self._sessions: list[requests.Session] = []
        self._generation = 0  # bumped by close(), so threads make fresh sessions afterwards

    @property
    def base_url(self) -> str:
        return self._base_url

    def set_token(self, token: str | Callable[[], str | None] | None) -> None:
        """Use this token (or a function returning the current one) from the next request on."""
        if callable(token):
            self._token_source = token
        else:
            value = token
            self._token_source = lambda: value

    def get_job(self, jobid: str) -> Outcome:
        """Fetch one job record. Never raises."""
        url = f"{self._base_url}/jobs/{quote(jobid, safe='')}"
        token = self._current_token()
        if token and not _sendable(token):
            return AuthFailed(UNSENDABLE_TOKEN)
        try:
            result = self._fetch(url, token)
            owner = _jobid_email(jobid)
            outcome = result if isinstance(result, Transient) else self._outcome(result, token, owner)
        except Exception as exc:  # noqa: BLE001 - the contract is "never raises": a bug here must not stop polling
            outcome = Transient(f"unexpected problem talking to {self._host}: {type(exc).__name__}", None)
        return _redacted(outcome, token)

    def check_token(self) -> TokenCheck:
        """Ask GET {base}/accounts whether the token works. Never raises."""
        token = self._current_token()
        if not token:
            return TokenCheck(False, "no API token is set", None)
        if not _sendable(token):
            return TokenCheck(False, UNSENDABLE_TOKEN, None)
        try:
            result = self._fetch(f"{self._base_url}/accounts", token)
        except Exception as exc:  # noqa: BLE001 - same contract as get_job
            result = Transient(f"unexpected problem talking to {self._host}: {type(exc).__name__}", None)
        if isinstance(result, Transient):
            check = TokenCheck(False, f"could not check the token: {result.message}", result.status)
        elif result.status == 200:
            check = TokenCheck(True, f"the token works with {self._host}", 200)
        else:
            outcome = self._outcome(result, token)
            message = getattr(outcome, "message", "")
            if isinstance(outcome, AuthFailed):
                check = TokenCheck(False, message, result.status)
            else:
                check = TokenCheck(False, f"could not check the token: {message}", result.status)
        return TokenCheck(check.ok, _redact(check.message, token), check.status)

    def close(self) -> None:
        """Close every session this client made; later calls open new ones."""
        with self._lock:
            sessions, self._sessions = self._sessions, []
            self._generation += 1
        for session in sessions:
            session.close()

    # --- internals

    def _current_token(self) -> str | None:
        token = self._token_source()
        if token is None:
            return None
        token = token.strip()
        return token or None

    def _session(self) -> requests.Session:
        with self._lock:
            generation = self._generation
        session: requests.Session | None = getattr(self._local, "session", None)
        if session is not None and getattr(self._local, "generation", None) == generation:
            return session
        session = requests.Session()
        session.headers["User-Agent"] = self._user_agent
        session.headers["Accept"] = "application/json"
        # The environment's proxies and CA bundle are read once here rather than on every request, which
        # rescans the whole environment each time (about 1 ms a request, half the cost of a poll on loopback).
        # It also means ~/.netrc is never consulted.
        session.trust_env = False
        session.proxies.update(requests.utils.get_environ_proxies(self._base_url))
        ca_bundle = os.environ.get("REQUESTS_CA_BUNDLE") or os.environ.get("CURL_CA_BUNDLE")
        if ca_bundle:
            session.verify = ca_bundle
        with self._lock:
            self._sessions.append(session)
        self._local.session = session
        self._local.generation = generation
        return session

    def _auth(self, token: str | None) -> _BearerAuth:
        return _BearerAuth(self._origin, token)

    def _fetch(
        self,
        url: str,
        token: str | None,
        method: str = "GET",
        params: dict[str, str] | None = None,
        json_body: dict[str, Any] | None = None,
    ) -> _Reply | Transient:
        connect_timeout, read_timeout = self._timeout
        try:
            with self._session().request(
                method, url, params=params, json=json_body, auth=self._auth(token), timeout=self._timeout,
                allow_redirects=False, stream=True,
            ) as response:  # fmt: skip
                body, too_large = _read_capped(response, MAX_BODY_BYTES)
                return _Reply(response.status_code, response.headers, body, too_large, url)
        except _BadToken:  # callers check first; kept so no path can put a broken header on the wire
            return Transient(UNSENDABLE_TOKEN, None)
        except requests.exceptions.ConnectTimeout:
            return Transient(f"timed out after {_seconds(connect_timeout)} connecting to {self._host}", None)
        except requests.exceptions.ReadTimeout:
            return Transient(f"timed out after {_seconds(read_timeout)} waiting for the server", None)
        except requests.exceptions.SSLError as exc:
            return Transient(_ssl_message(self._host, exc), None, retry_slowly=True)
        except requests.exceptions.ProxyError as exc:
            return Transient(f"could not reach {self._host} through the proxy: {_network_reason(exc)}", None)
        except (requests.exceptions.ChunkedEncodingError, requests.exceptions.ContentDecodingError) as exc:
            return Transient(f"the answer from {self._host} broke off: {_network_reason(exc)}", None)
        except requests.exceptions.ConnectionError as exc:
            reason = _network_reason(exc)
            if reason == "timed out":  # a read timeout while streaming the body surfaces as ConnectionError
                return Transient(f"timed out after {_seconds(read_timeout)} waiting for the server", None)
            if reason in ("connection refused", "host name not found"):
                return Transient(f"could not connect to {self._host}: {reason}", None)
            return Transient(f"connection to {self._host} failed: {reason}", None)
        except requests.exceptions.RequestException as exc:
            return Transient(f"request to {self._host} failed: {_network_reason(exc)}", None)

    def _outcome(self, reply: _Reply, token: str | None, email: str | None = None) -> Outcome:
        status = reply.status
        if 300 <= status < 400:
            location = reply.headers.get("Location")
            if not location:
                return Transient(f"unexpected redirect ({status}) without a target", status)
            target = _display_host(urljoin(reply.url, location))
            return Transient(f"unexpected redirect ({status}) to {target}", status)
        if reply.too_large:
            megabytes = MAX_BODY_BYTES // (1024 * 1024)
            return Transient(f"the answer ({status}) was larger than {megabytes} MB and was not read", status)
        if status == 200:
            return _record(reply.body)
        detail = _detail(reply.body)
        if status == 401:
            head = "the API token was not accepted (401)" if token else "no API token is set (401)"
            return AuthFailed(_with_detail(head, detail))
        if status == 403:
            return Forbidden(f"forbidden (403): {detail or 'the job belongs to another account'}")
        if status == 404:
            return NotFound(f"not found (404): {detail or 'no such job: expired or never existed'}")
        if status == 410:  # a third-party source says expired jobs answer 410; it means what 404 means
            return NotFound(f"gone (410): {detail or 'expired'}")
        if status == 596:
            head = f"the account {email} is in an error state (596)" if email else "account error (596)"
            advice = "re-add the account at useapi.net; retrying will not clear it"
            return AccountProblem(f"{_with_detail(head, detail)}; {advice}", 596, email)
        if status == 429:
            header = reply.headers.get("Retry-After")
            if header is None or not header.strip():
                header = _body_retry_after(reply.body)
            wait = parse_retry_after(header)
            head = f"rate limited (429): asked to wait {_seconds(round(wait, 1))}"
            return RateLimited(wait, _with_detail(head, detail))
        if status >= 500:
            return Transient(_with_detail(f"server error {status}", detail), status)
        return Transient(_with_detail(f"unexpected answer {status}", detail), status)

    def running_jobs(self) -> RunningOutcome:
        """`GET /jobs`: the running async jobs of every account on the token. Never raises."""
        return self._call("GET /jobs", "/jobs", _running_jobs)

    def cancel_job(self, jobid: str) -> CancelOutcome:
        """`DELETE /jobs/{jobid}`: cancel a running async job (204 also when its slot was already free)."""
        path = f"/jobs/{quote(jobid, safe='')}"
        return self._call(
            "DELETE /jobs/{jobid}", path, lambda _obj: Cancelled(jobid), method="DELETE", email=_jobid_email(jobid),
            empty_ok=True,
        )  # fmt: skip

    def accounts(self) -> AccountsOutcome:
        """`GET /accounts`: the accounts on the token, in the API's order. Never raises."""

        def parse(obj: dict[str, Any]) -> Accounts:
            shape = _Shape("GET /accounts")
            found = []
            for key, entry in obj.items():
                if isinstance(entry, dict):
                    found.append(_account_info(entry, key, shape))
                else:
                    shape.note(key, "is not an object")
            return Accounts(tuple(found), tuple(shape.problems))

        return self._call("GET /accounts", "/accounts", parse)

    def account(self, email: str) -> AccountOutcome:
        """`GET /accounts/{email}`: one account with its live balance. Never raises."""

        def parse(obj: dict[str, Any]) -> AccountFound:
            shape = _Shape("GET /accounts/{email}")
            return AccountFound(_account_info(obj, email, shape), tuple(shape.problems))

        return self._call("GET /accounts/{email}", f"/accounts/{quote(email, safe='@')}", parse, email=email)

    def clips(self, email: str | None = None, *, limit: int = 20, offset: int = 0) -> ClipsOutcome:
        """`GET /music`: one page of an account's clips, newest first (no email: an available account)."""
        if not 1 <= limit <= 100 or offset < 0:
            return Rejected(f"limit must be from 1 to 100 and offset 0 or more (got {limit}, {offset})", 400)
        params = {"limit": str(limit), "offset": str(offset)}
        if email:
            params["email"] = email
        return self._call("GET /music", "/music", _clip_page, params=params, email=email)

    def download_mp3(
        self,
        ident: str,
        dest: str | os.PathLike[str],
        *,
        max_bytes: int = MP3_MAX_BYTES,
        deadline_s: float = MP3_DEADLINE_S,
    ) -> DownloadOutcome:
        """`GET /music/download?id=`: stream a clip (or a completed job's first clip) as mp3 to ``dest``.

        Written to ``dest``.part and renamed only once whole; more than ``max_bytes``, or longer than
        ``deadline_s`` in all, stops it and removes the part. Never raises.
        """
        token = self._current_token()
        if token and not _sendable(token):
            return AuthFailed(UNSENDABLE_TOKEN)
        email = _jobid_email(ident)
        if email is None:
            m = _CLIP_ID_RE.fullmatch(ident)
            email = m.group(1) if m else None
        try:
            outcome = self._stream_mp3(ident, os.fspath(dest), token, max_bytes, deadline_s, email)
        except Exception as exc:  # noqa: BLE001 - same contract as get_job
            outcome = Transient(f"unexpected problem talking to {self._host}: {type(exc).__name__}", None)
        return _redact_problem(outcome, token)

    @contextlib.contextmanager
    def open_mp3(
        self, ident: str, *, start: int = 0, if_range: str | None = None
    ) -> Iterator[requests.Response | Problem]:
        """`GET /music/download?id=` as an open stream, for a downloader that reads the body itself (resuming
        with ``Range`` from ``start``, reporting progress, cancelling by shutting the socket).

        Yields the response for 200 (the whole file) or 206 (from ``start``, sent only while ``if_range``, the
        first answer's validator, still holds), else the problem as
        :meth:`download_mp3` would say it. The token goes to the API origin only; redirects are not followed.
        Errors while the caller reads the body are the caller's (``requests`` exceptions).
        """
        token = self._current_token()
        if token and not _sendable(token):
            yield AuthFailed(UNSENDABLE_TOKEN)
            return
        email = _jobid_email(ident)
        if email is None:
            m = _CLIP_ID_RE.fullmatch(ident)
            email = m.group(1) if m else None
        url = f"{self._base_url}/music/download"
        # The file as stored (never compressed: its length is checked and a resume continues it byte for byte).
        headers = {"Accept": "audio/mpeg", "Accept-Encoding": "identity"}
        if start > 0:
            headers["Range"] = f"bytes={start}-"
            if if_range:
                headers["If-Range"] = if_range
        try:
            response = self._session().get(
                url, params={"id": ident}, auth=self._auth(token), timeout=self._timeout, allow_redirects=False,
                stream=True, headers=headers,
            )  # fmt: skip
        except requests.exceptions.RequestException as exc:
            yield _redact_problem(self._network_problem(exc), token)
            return
        with response:
            if response.status_code not in (200, 206):
                try:
                    body, too_large = _read_capped(response, MAX_BODY_BYTES)
                except requests.exceptions.RequestException as exc:
                    yield _redact_problem(self._network_problem(exc), token)
                    return
                reply = _Reply(response.status_code, response.headers, body, too_large, url)
                yield _redact_problem(self._problem(reply, token, email), token)
                return
            ctype = response.headers.get("Content-Type")
            if ctype is not None and not ctype.lower().startswith(("audio/", "application/octet-stream")):
                yield Transient(f"the download from {self._host} was not audio ({_plain(ctype, 60)})", 200)
                return
            yield response

    # --- internals of the account-level calls

    def _call(
        self,
        what: str,
        path: str,
        parse: Callable[[dict[str, Any]], _T],
        *,
        method: str = "GET",
        params: dict[str, str] | None = None,
        email: str | None = None,
        empty_ok: bool = False,
    ) -> _T | Problem:
        """One request to the API; the parsed result on 2xx, else the outcome of API.md. Never raises."""
        token = self._current_token()
        if token and not _sendable(token):
            return AuthFailed(UNSENDABLE_TOKEN)
        try:
            reply = self._fetch(self._base_url + path, token, method=method, params=params)
            outcome: _T | Problem
            if isinstance(reply, Transient):
                outcome = reply
            else:
                outcome = self._answer(reply, token, what, parse, email, empty_ok)
        except Exception as exc:  # noqa: BLE001 - same contract as get_job
            outcome = Transient(f"unexpected problem talking to {self._host}: {type(exc).__name__}", None)
        return _redact_problem(outcome, token)

    def _answer(
        self,
        reply: _Reply,
        token: str | None,
        what: str,
        parse: Callable[[dict[str, Any]], _T],
        email: str | None,
        empty_ok: bool,
    ) -> _T | Problem:
        status = reply.status
        if 200 <= status < 300 and not reply.too_large:
            if empty_ok and (status == 204 or not reply.body.strip()):
                return parse({})
            obj = _json_object(reply, what)
            return obj if isinstance(obj, Transient) else parse(obj)
        return self._problem(reply, token, email)

    def _problem(self, reply: _Reply, token: str | None, email: str | None) -> Problem:
        status = reply.status
        if status in (400, 402, 409, 422) and not reply.too_large:
            heads = {
                400: "the request was refused (400)", 402: "not enough credits (402)",
                409: "not ready yet (409)", 422: "refused by moderation (422)",
            }  # fmt: skip
            return Rejected(_with_detail(heads[status], _detail(reply.body)), status)
        outcome = self._outcome(reply, token, email)
        if isinstance(outcome, JobFound):  # a 200 with a body the caller did not expect: say so plainly
            return Transient(f"unexpected answer {status}", status)
        if isinstance(outcome, Forbidden):
            detail = _detail(reply.body)
            return Forbidden(f"forbidden (403): {detail or 'not allowed with this API token'}")
        return outcome

    def _stream_mp3(
        self, ident: str, dest: str, token: str | None, max_bytes: int, deadline_s: float, email: str | None
    ) -> DownloadOutcome:
        url = f"{self._base_url}/music/download"
        part = dest + ".part"
        started = time.monotonic()
        try:
            with self._session().get(
                url, params={"id": ident}, auth=self._auth(token), timeout=self._timeout, allow_redirects=False,
                stream=True, headers={"Accept": "audio/mpeg"},
            ) as response:  # fmt: skip
                if response.status_code != 200:
                    body, too_large = _read_capped(response, MAX_BODY_BYTES)
                    reply = _Reply(response.status_code, response.headers, body, too_large, url)
                    return self._problem(reply, token, email)
                ctype = response.headers.get("Content-Type")
                if ctype is not None and not ctype.lower().startswith(("audio/", "application/octet-stream")):
                    return Transient(f"the download from {self._host} was not audio ({_plain(ctype, 60)})", 200)
                declared = response.headers.get("Content-Length")
                if declared is not None and declared.isdigit() and int(declared) > max_bytes:
                    return Transient(f"the mp3 is larger than {max_bytes} bytes and was not downloaded", 200)
                size = 0
                with open(part, "wb") as out:
                    for chunk in response.iter_content(chunk_size=64 * 1024):
                        size += len(chunk)
                        if size > max_bytes:
                            raise _Stop(f"the mp3 grew past {max_bytes} bytes and was stopped")
                        if time.monotonic() - started > deadline_s:
                            raise _Stop(f"the mp3 download took longer than {_seconds(deadline_s)} and was stopped")
                        out.write(chunk)
                if declared is not None and declared.isdigit() and size != int(declared):
                    raise _Stop(f"the mp3 download broke off after {size} of {declared} bytes")
                os.replace(part, dest)
                name = _download_name(response.headers.get("Content-Disposition"))
                return Downloaded(dest, size, name, ctype)
        except _Stop as stop:
            return Transient(str(stop), 200)
        except OSError as exc:
            if isinstance(exc, requests.exceptions.RequestException):
                return self._network_problem(exc)
            return Transient(f"could not write the mp3: {exc.strerror or exc}", None)
        except requests.exceptions.RequestException as exc:
            return self._network_problem(exc)
        finally:
            with contextlib.suppress(OSError):
                os.remove(part)

    def _network_problem(self, exc: BaseException) -> Transient:
        if isinstance(exc, requests.exceptions.Timeout):
            return Transient(f"timed out talking to {self._host}", None)
        return Transient(f"connection to {self._host} failed: {_network_reason(exc)}", None)


def _body_retry_after(body: bytes) -> str | None:
    """The body's `retryAfter` (ISO 8601, or seconds) as a Retry-After value: seconds from now, or None."""
    try:
        obj = json.loads(body)
    except (ValueError, RecursionError):
        return None
    value = obj.get("retryAfter") if isinstance(obj, dict) else None
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return str(value)
    if not isinstance(value, str):
        return None
    try:
        when = datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    except ValueError:
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=timezone.utc)
    return str((when - datetime.now(timezone.utc)).total_seconds())


def _record(body: bytes) -> Outcome:
    try:
        obj = json.loads(body)
    except (ValueError, RecursionError):
        detail = _detail(body)
        head = "the server answered 200 but not with JSON"
        return Transient(_with_detail(head, detail) if detail else f"{head} (empty answer)", 200)
    if not isinstance(obj, dict):
        kinds = {list: "a list", str: "a string", bool: "true/false", type(None): "null"}
        kind = kinds.get(type(obj), "a number")
        return Transient(f"the server answered 200 but not with a job record (JSON {kind})", 200)
    return JobFound(obj)


def _ssl_message(host: str, exc: BaseException) -> str:
    """A TLS failure in words, with the usual fix when it is the certificate that could not be verified."""
    if any(isinstance(item, ssl.SSLCertVerificationError) for item in _causes(exc)):
        return (
            f"the certificate of {host} could not be verified ({_ssl_reason(exc)}): if a proxy or your network "
            f"re-signs HTTPS, set REQUESTS_CA_BUNDLE to its CA certificate file"
        )
    return f"secure connection to {host} failed: {_ssl_reason(exc)}"


def _ssl_reason(exc: BaseException) -> str:
    for item in _causes(exc):
        if isinstance(item, ssl.SSLCertVerificationError):
            return _plain(item.verify_message or "certificate verification failed")
        if isinstance(item, ssl.SSLError):
            return _plain(item.reason or str(item))
    return _network_reason(exc)


def _redact(message: str, token: str | None) -> str:
    # Belt and braces: no message we build holds the token, but server text might echo it back.
    if token and token in message:
        return message.replace(token, "[token]")
    return message


def _redacted(outcome: Outcome, token: str | None) -> Outcome:
    if not token or isinstance(outcome, JobFound):
        return outcome
    if isinstance(outcome, RateLimited):
        return RateLimited(outcome.retry_after, _redact(outcome.message, token))
    if isinstance(outcome, AccountProblem):
        return AccountProblem(_redact(outcome.message, token), outcome.status, outcome.email)
    if isinstance(outcome, Transient):
        return Transient(_redact(outcome.message, token), outcome.status, retry_slowly=outcome.retry_slowly)
    if isinstance(outcome, AuthFailed):
        return AuthFailed(_redact(outcome.message, token))
    if isinstance(outcome, Forbidden):
        return Forbidden(_redact(outcome.message, token))
    return NotFound(_redact(outcome.message, token))


# --- the account-level calls ----------------------------------------------------------------------
# Each returns its own result dataclass on success, or one of the outcomes above: AuthFailed (401),
# Forbidden (403), NotFound (404/410), RateLimited (429), AccountProblem (596), Rejected (another 4xx
# the API documents: 400, 402, 409, 422) or Transient (everything else, including answers that are not the
# documented JSON). Fields that are missing or of the wrong type read as None and are named in `problems`.

# user:<id>-<email>-clip:<uuid>; the email is what a 596 names.
_CLIP_ID_RE = re.compile(r"user:[A-Za-z0-9]+-(.+@.+)-clip:[0-9A-Fa-f-]{36}")
_FILENAME_RE = re.compile(r"""filename\*?=(?:UTF-8''|"?)([^";]+)"?""", re.IGNORECASE)


@dataclass(frozen=True)
class Rejected:
    """A documented refusal that is no one's transient trouble: 400 bad input, 402 no credits, 409 not ready,
    422 moderated. Retrying the same request gives the same answer."""

    message: str
    status: int


@dataclass(frozen=True)
class RunningJob:
    """One entry of `GET /jobs`: a running async job."""

    jobid: str
    status: str | None
    created_at: str | None
    operation: str | None


@dataclass(frozen=True)
class RunningAccount:
    """One account's running async jobs and its slots."""

    email: str
    running: int | None
    max_jobs: int | None
    jobs: tuple[RunningJob, ...]


@dataclass(frozen=True)
class RunningJobs:
    """`GET /jobs`: every account with running async jobs (none when nothing runs)."""

    accounts: tuple[RunningAccount, ...]
    problems: tuple[str, ...] = ()

    @property
    def jobids(self) -> tuple[str, ...]:
        return tuple(job.jobid for account in self.accounts for job in account.jobs)


@dataclass(frozen=True)
class Cancelled:
    """`DELETE /jobs/{jobid}` answered 204: the slot is free and the record will read failed/user_cancelled.
    The song may still finish, and its credits are spent either way."""

    jobid: str


@dataclass(frozen=True)
class AccountInfo:
    """One account as `GET /accounts` or `GET /accounts/{email}` lists it (tokens redacted by the API)."""

    email: str
    tier: str | None
    subscription_plan: str | None
    user_id: str | None
    max_jobs: int | None
    added: str | None
    refreshed_at: str | None
    #: Present when the account is in the error state (its jobs answer 596).
    error: str | None
    #: Only from `GET /accounts/{email}`, and only for a healthy account.
    credits_remaining: float | None = None
    tokens_remaining: float | None = None


@dataclass(frozen=True)
class Accounts:
    """`GET /accounts`: the token's accounts, in the API's order."""

    accounts: tuple[AccountInfo, ...]
    problems: tuple[str, ...] = ()


@dataclass(frozen=True)
class AccountFound:
    """`GET /accounts/{email}`: one account with its live balance."""

    account: AccountInfo
    problems: tuple[str, ...] = ()


@dataclass(frozen=True)
class ClipSummary:
    """One clip of `GET /music` (no jobid, timing or media URLs in this list)."""

    clip: str
    title: str | None
    lyrics: str | None
    duration_s: float | None
    image_url: str | None


@dataclass(frozen=True)
class ClipPage:
    """`GET /music`: one page of an account's clips, newest first; ``next`` is the next offset or None."""

    email: str | None
    clips: tuple[ClipSummary, ...]
    limit: int | None
    offset: int | None
    next: int | None
    problems: tuple[str, ...] = ()


@dataclass(frozen=True)
class Downloaded:
    """`GET /music/download`: the mp3 written whole to ``path``; ``filename`` is what the server named it."""

    path: str
    size: int
    filename: str | None
    content_type: str | None


Problem = AuthFailed | Forbidden | NotFound | RateLimited | Rejected | Transient
RunningOutcome = RunningJobs | Problem
CancelOutcome = Cancelled | Problem
AccountsOutcome = Accounts | Problem
AccountOutcome = AccountFound | Problem
ClipsOutcome = ClipPage | Problem
DownloadOutcome = Downloaded | Problem


def _jobid_email(jobid: str) -> str | None:
    parts = split_jobid(jobid)
    return parts.email if parts is not None else None


class _Shape:
    """Reads fields of an answer, noting each one that is missing or of the wrong type."""

    def __init__(self, what: str) -> None:
        self.what = what
        self.problems: list[str] = []

    def note(self, where: str, text: str) -> None:
        if len(self.problems) < 50:
            self.problems.append(f"{self.what}: {where} {text}")

    def text(self, obj: dict[str, Any], key: str, where: str, required: bool = False) -> str | None:
        value = obj.get(key)
        if isinstance(value, str):
            return value
        if value is not None or required:
            self.note(f"{where}.{key}", "is missing" if value is None else "is not text")
        return None

    def number(self, obj: dict[str, Any], key: str, where: str, required: bool = False) -> float | None:
        value = obj.get(key)
        if isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value):
            return value
        if value is not None or required:
            self.note(f"{where}.{key}", "is missing" if value is None else "is not a number")
        return None

    def whole(self, obj: dict[str, Any], key: str, where: str, required: bool = False) -> int | None:
        value = self.number(obj, key, where, required)
        if value is None:
            return None
        if value != int(value) or value < 0:
            self.note(f"{where}.{key}", f"is not a whole number 0 or more ({value:g})")
            return None
        return int(value)


def _json_object(reply: _Reply, what: str) -> dict[str, Any] | Transient:
    try:
        obj = json.loads(reply.body)
    except (ValueError, RecursionError):
        detail = _detail(reply.body)
        return Transient(_with_detail(f"the answer to {what} was not JSON", detail), reply.status)
    if not isinstance(obj, dict):
        return Transient(f"the answer to {what} was not a JSON object", reply.status)
    return obj


def _account_info(obj: dict[str, Any], key: str, shape: _Shape) -> AccountInfo:
    where = key
    user_id: Any = obj.get("user_id")
    if isinstance(user_id, int) and not isinstance(user_id, bool):
        user_id = str(user_id)  # an id is an id, whichever JSON type carries it
    elif user_id is not None and not isinstance(user_id, str):
        shape.note(f"{where}.user_id", "is not text")
        user_id = None
    email = shape.text(obj, "email", where) or key
    return AccountInfo(
        email=email,
        tier=shape.text(obj, "tier", where),
        subscription_plan=shape.text(obj, "subscription_plan", where),
        user_id=user_id,
        max_jobs=shape.whole(obj, "maxJobs", where),
        added=shape.text(obj, "added", where),
        refreshed_at=shape.text(obj, "refreshed_at", where),
        error=_error_text(obj.get("error")),
        credits_remaining=shape.number(obj, "credits_remaining", where),
        tokens_remaining=shape.number(obj, "tokens_remaining", where),
    )


def _error_text(value: Any) -> str | None:
    if isinstance(value, str):
        return _plain(value) or None
    if isinstance(value, dict):
        message = value.get("message") or value.get("error")
        return _plain(message) if isinstance(message, str) else "the account is in an error state"
    return None if value is None or value is False else "the account is in an error state"


def _running_jobs(obj: dict[str, Any]) -> RunningJobs:
    shape = _Shape("GET /jobs")
    accounts: list[RunningAccount] = []
    for owner, entry in obj.items():
        if not isinstance(entry, dict):
            shape.note(owner, "is not an object")
            continue
        jobs: list[RunningJob] = []
        raw_jobs = entry.get("jobs")
        if not isinstance(raw_jobs, list):
            shape.note(f"{owner}.jobs", "is missing" if raw_jobs is None else "is not a list")
            raw_jobs = []
        for i, job in enumerate(raw_jobs):
            where = f"{owner}.jobs[{i}]"
            if not isinstance(job, dict):
                shape.note(where, "is not an object")
                continue
            jobid = shape.text(job, "jobid", where, required=True)
            if jobid is None:
                continue
            jobs.append(
                RunningJob(
                    jobid=jobid,
                    status=shape.text(job, "status", where),
                    created_at=shape.text(job, "created_at", where),
                    operation=shape.text(job, "operation", where),
                )
            )
        accounts.append(
            RunningAccount(
                email=owner,
                running=shape.whole(entry, "running", owner),
                max_jobs=shape.whole(entry, "maxJobs", owner),
                jobs=tuple(jobs),
            )
        )
    return RunningJobs(tuple(accounts), tuple(shape.problems))


def _clip_page(obj: dict[str, Any]) -> ClipPage:
    shape = _Shape("GET /music")
    clips: list[ClipSummary] = []
    raw = obj.get("clips")
    if not isinstance(raw, list):
        shape.note("clips", "is missing" if raw is None else "is not a list")
        raw = []
    for i, item in enumerate(raw):
        where = f"clips[{i}]"
        if not isinstance(item, dict):
            shape.note(where, "is not an object")
            continue
        clip = shape.text(item, "clip", where, required=True)
        if clip is None:
            continue
        clips.append(
            ClipSummary(
                clip=clip,
                title=shape.text(item, "title", where),
                lyrics=shape.text(item, "lyrics", where),
                duration_s=shape.number(item, "duration_s", where),
                image_url=shape.text(item, "image_url", where),
            )
        )
    return ClipPage(
        email=shape.text(obj, "email", "page"),
        clips=tuple(clips),
        limit=shape.whole(obj, "limit", "page"),
        offset=shape.whole(obj, "offset", "page"),
        next=shape.whole(obj, "next", "page"),
        problems=tuple(shape.problems),
    )


def _download_name(disposition: str | None) -> str | None:
    if not disposition:
        return None
    m = _FILENAME_RE.search(disposition)
    if m is None:
        return None
    # Only the last path piece, made plain: a server-chosen name must not climb out of a folder.
    name = _plain(unquote(m.group(1)).replace("\\", "/").rsplit("/", 1)[-1], 255)
    return name if name not in ("", ".", "..") else None


class _Stop(Exception):
    """A download stopped on purpose (size cap, deadline, short body); the message says why."""


def _redact_problem(outcome: _T, token: str | None) -> _T:
    if not token:
        return outcome
    if isinstance(outcome, Rejected):
        return cast(_T, Rejected(_redact(outcome.message, token), outcome.status))
    if isinstance(outcome, (AuthFailed, Forbidden, NotFound, RateLimited, Transient)):
        return cast(_T, _redacted(outcome, token))
    return outcome

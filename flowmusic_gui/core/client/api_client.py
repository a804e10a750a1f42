"""The FlowMusic API client: one typed call per endpoint the app uses, every answer turned into a plain outcome.

It never raises for network or server trouble, never follows a redirect, never lets the token leave the API.
Polls (`get_job`) and the token check come first; the account-level calls (running jobs, cancel, accounts,
the clip list, the mp3 download) follow, each returning the frozen dataclasses of ``outcomes``, shaped as in
API.md. The HTTP is ``transport``'s; reading the answers is ``parsing``'s.
"""

from __future__ import annotations

import contextlib
import os
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, TypeVar
from urllib.parse import quote, urlsplit

import requests

from flowmusic_gui.core.client.outcomes import (
    AccountFound,
    AccountOutcome,
    Accounts,
    AccountsOutcome,
    AuthFailed,
    Cancelled,
    CancelOutcome,
    ClipsOutcome,
    Downloaded,
    DownloadOutcome,
    NotFound,
    Outcome,
    Problem,
    Rejected,
    RunningOutcome,
    TokenCheck,
    Transient,
    redact,
    redact_problem,
    redacted,
)
from flowmusic_gui.core.client.parsing import (
    CLIP_ID_RE,
    Shape,
    account_info,
    call_answer,
    call_problem,
    clip_page,
    download_name,
    job_outcome,
    jobid_email,
    running_jobs,
)
from flowmusic_gui.core.client.transport import (
    API_PATH,
    DEFAULT_API_BASE,
    DEFAULT_DEADLINE_S,
    DEFAULT_TIMEOUT,
    UNSENDABLE_TOKEN,
    USER_AGENT,
    BearerAuth,
    Transport,
    normalize_base_url,
    plain,
    read_reply,
    seconds,
    sendable,
)
from flowmusic_gui.core.safefiles import open_new
from flowmusic_gui.core.submissions import SubmitAnswer

_T = TypeVar("_T")
#: Paths that exist under every FlowMusic base: a 404 on one of them means the base URL itself is wrong.
_BASE_PATHS = frozenset({"/jobs", "/accounts", "/music"})

#: The largest mp3 `download_mp3` writes unless told otherwise: a three-minute song is about 5 MB.
MP3_MAX_BYTES = 64 * 1024 * 1024
#: The total time one mp3 download may take, however the bytes trickle in.
MP3_DEADLINE_S = 300.0


class _Stop(Exception):
    """A download stopped on purpose (size cap, deadline, short body); the message says why."""


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
        deadline_s: float = DEFAULT_DEADLINE_S,
    ) -> None:
        self._base_url = normalize_base_url(base_url)
        # ``deadline_s``: the longest one API call may take, headers and body (a trickling server is cut off).
        self._http = Transport(self._base_url, timeout, user_agent or USER_AGENT, deadline_s)
        self._host = self._http.host
        self._timeout = timeout
        self._token_source: Callable[[], str | None] = lambda: None
        self.set_token(token)
        #: Whether the base URL answers 404 on the API's own paths (None: not asked yet). Asked once, after
        #: the first 404 of a job, so a base without the API prefix is not taken for "every job expired".
        self._base_wrong: bool | None = None
        self._base_lock = threading.Lock()

    @property
    def base_url(self) -> str:
        return self._base_url

    @property
    def _sessions(self) -> list[requests.Session]:
        return self._http.sessions

    def set_token(self, token: str | Callable[[], str | None] | None) -> None:
        """Use this token (or a function returning the current one) from the next request on."""
        if callable(token):
            self._token_source = token
        else:
            value = token
            self._token_source = lambda: value

    def close(self) -> None:
        """Close every session this client made; later calls open new ones."""
        self._http.close()

    def get_job(self, jobid: str) -> Outcome:
        """Fetch one job record. Never raises."""
        url = f"{self._base_url}/jobs/{quote(jobid, safe='')}"
        token = self._current_token()
        if token and not sendable(token):
            return AuthFailed(UNSENDABLE_TOKEN)
        try:
            result = self._http.fetch(url, token)
            owner = jobid_email(jobid)
            outcome = result if isinstance(result, Transient) else job_outcome(result, token, owner)
            if isinstance(outcome, NotFound) and self._base_looks_wrong(token):
                # Not the job's fault: keep its last known state and say what to fix, slowly re-asking.
                outcome = Transient(self._wrong_base_message("GET /jobs"), 404, retry_slowly=True)
        except Exception as exc:  # noqa: BLE001 - the contract is "never raises": a bug here must not stop polling
            outcome = Transient(f"unexpected problem talking to {self._host}: {type(exc).__name__}", None)
        return redacted(outcome, token)

    def check_token(self) -> TokenCheck:
        """Ask GET {base}/accounts whether the token works. Never raises."""
        token = self._current_token()
        if not token:
            return TokenCheck(False, "no API token is set", None)
        if not sendable(token):
            return TokenCheck(False, UNSENDABLE_TOKEN, None)
        try:
            result = self._http.fetch(f"{self._base_url}/accounts", token)
        except Exception as exc:  # noqa: BLE001 - same contract as get_job
            result = Transient(f"unexpected problem talking to {self._host}: {type(exc).__name__}", None)
        if isinstance(result, Transient):
            check = TokenCheck(False, f"could not check the token: {result.message}", result.status)
        elif result.status == 404:
            check = TokenCheck(False, f"could not check the token: {self._wrong_base_message('GET /accounts')}", 404)
        elif result.status == 200:
            check = TokenCheck(True, f"the token works with {self._host}", 200)
        else:
            outcome = job_outcome(result, token)
            message = getattr(outcome, "message", "")
            if isinstance(outcome, AuthFailed):
                check = TokenCheck(False, message, result.status)
            else:
                check = TokenCheck(False, f"could not check the token: {message}", result.status)
        return TokenCheck(check.ok, redact(check.message, token), check.status)


    def running_jobs(self) -> RunningOutcome:
        """`GET /jobs`: the running async jobs of every account on the token. Never raises."""
        return self._call("GET /jobs", "/jobs", running_jobs)

    def cancel_job(self, jobid: str) -> CancelOutcome:
        """`DELETE /jobs/{jobid}`: cancel a running async job (204 also when its slot was already free)."""
        path = f"/jobs/{quote(jobid, safe='')}"
        return self._call(
            "DELETE /jobs/{jobid}", path, lambda _obj: Cancelled(jobid), method="DELETE", email=jobid_email(jobid),
            empty_ok=True,
        )  # fmt: skip

    def accounts(self) -> AccountsOutcome:
        """`GET /accounts`: the accounts on the token, in the API's order. Never raises."""

        def parse(obj: dict[str, Any]) -> Accounts:
            shape = Shape("GET /accounts")
            found = []
            for key, entry in obj.items():
                if isinstance(entry, dict):
                    found.append(account_info(entry, key, shape))
                else:
                    shape.note(key, "is not an object")
            return Accounts(tuple(found), tuple(shape.problems))

        return self._call("GET /accounts", "/accounts", parse)

    def account(self, email: str) -> AccountOutcome:
        """`GET /accounts/{email}`: one account with its live balance. Never raises."""

        def parse(obj: dict[str, Any]) -> AccountFound:
            shape = Shape("GET /accounts/{email}")
            return AccountFound(account_info(obj, email, shape), tuple(shape.problems))

        return self._call("GET /accounts/{email}", f"/accounts/{quote(email, safe='@')}", parse, email=email)

    def clips(self, email: str | None = None, *, limit: int = 20, offset: int = 0) -> ClipsOutcome:
        """`GET /music`: one page of an account's clips, newest first (no email: an available account)."""
        if not 1 <= limit <= 100 or offset < 0:
            return Rejected(f"limit must be from 1 to 100 and offset 0 or more (got {limit}, {offset})", 400)
        params = {"limit": str(limit), "offset": str(offset)}
        if email:
            params["email"] = email
        return self._call("GET /music", "/music", clip_page, params=params, email=email)

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
        if token and not sendable(token):
            return AuthFailed(UNSENDABLE_TOKEN)
        email = jobid_email(ident)
        if email is None:
            m = CLIP_ID_RE.fullmatch(ident)
            email = m.group(1) if m else None
        try:
            outcome = self._stream_mp3(ident, os.fspath(dest), token, max_bytes, deadline_s, email)
        except Exception as exc:  # noqa: BLE001 - same contract as get_job
            outcome = Transient(f"unexpected problem talking to {self._host}: {type(exc).__name__}", None)
        return redact_problem(outcome, token)

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
        if token and not sendable(token):
            yield AuthFailed(UNSENDABLE_TOKEN)
            return
        email = jobid_email(ident)
        if email is None:
            m = CLIP_ID_RE.fullmatch(ident)
            email = m.group(1) if m else None
        url = f"{self._base_url}/music/download"
        # The file as stored (never compressed: its length is checked and a resume continues it byte for byte).
        headers = {"Accept": "audio/mpeg", "Accept-Encoding": "identity"}
        if start > 0:
            headers["Range"] = f"bytes={start}-"
            if if_range:
                headers["If-Range"] = if_range
        try:
            response = self._http.session().get(
                url, params={"id": ident}, auth=self._auth(token), timeout=self._timeout, allow_redirects=False,
                stream=True, headers=headers,
            )  # fmt: skip
        except requests.exceptions.RequestException as exc:
            yield redact_problem(self._http.network_problem(exc), token)
            return
        with response:
            if response.status_code not in (200, 206):
                try:
                    reply = read_reply(response, url)
                except requests.exceptions.RequestException as exc:
                    yield redact_problem(self._http.network_problem(exc), token)
                    return
                yield redact_problem(call_problem(reply, token, email), token)
                return
            ctype = response.headers.get("Content-Type")
            if ctype is not None and not ctype.lower().startswith(("audio/", "application/octet-stream")):
                yield Transient(f"the download from {self._host} was not audio ({plain(ctype, 60)})", 200)
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
        if token and not sendable(token):
            return AuthFailed(UNSENDABLE_TOKEN)
        try:
            reply = self._http.fetch(self._base_url + path, token, method=method, params=params)
            outcome: _T | Problem = (
                reply if isinstance(reply, Transient) else call_answer(reply, token, what, parse, email, empty_ok)
            )
            if isinstance(outcome, NotFound) and path in _BASE_PATHS:
                # A path every FlowMusic base has is missing: the base URL, not the thing asked for, is wrong.
                outcome = NotFound(self._wrong_base_message(what))
        except Exception as exc:  # noqa: BLE001 - same contract as get_job
            outcome = Transient(f"unexpected problem talking to {self._host}: {type(exc).__name__}", None)
        return redact_problem(outcome, token)

    def _stream_mp3(
        self, ident: str, dest: str, token: str | None, max_bytes: int, deadline_s: float, email: str | None
    ) -> DownloadOutcome:
        url = f"{self._base_url}/music/download"
        part = dest + ".part"
        started = time.monotonic()
        try:
            with self._http.session().get(
                url, params={"id": ident}, auth=self._auth(token), timeout=self._timeout, allow_redirects=False,
                stream=True, headers={"Accept": "audio/mpeg", "Accept-Encoding": "identity"},
            ) as response:  # fmt: skip
                if response.status_code != 200:
                    return call_problem(read_reply(response, url), token, email)
                encoding = str(response.headers.get("Content-Encoding") or "identity").strip().lower()
                if encoding != "identity":  # its length could not be checked, and it may inflate past the cap
                    return Transient(f"the mp3 from {self._host} came compressed ({plain(encoding, 40)}) although "
                                     "it was asked not to be; it was not saved", 200)
                ctype = response.headers.get("Content-Type")
                if ctype is not None and not ctype.lower().startswith(("audio/", "application/octet-stream")):
                    return Transient(f"the download from {self._host} was not audio ({plain(ctype, 60)})", 200)
                declared = response.headers.get("Content-Length")
                if declared is not None and declared.isdigit() and int(declared) > max_bytes:
                    return Transient(f"the mp3 is larger than {max_bytes} bytes and was not downloaded", 200)
                size = 0
                # Never through a link left at the .part name (nothing is decoded: compression was refused above).
                with os.fdopen(open_new(Path(part)), "wb") as out:
                    for chunk in response.iter_content(chunk_size=64 * 1024):
                        size += len(chunk)
                        if size > max_bytes:
                            raise _Stop(f"the mp3 grew past {max_bytes} bytes and was stopped")
                        if time.monotonic() - started > deadline_s:
                            raise _Stop(f"the mp3 download took longer than {seconds(deadline_s)} and was stopped")
                        out.write(chunk)
                if declared is not None and declared.isdigit() and size != int(declared):
                    raise _Stop(f"the mp3 download broke off after {size} of {declared} bytes")
                os.replace(part, dest)
                name = download_name(response.headers.get("Content-Disposition"))
                return Downloaded(dest, size, name, ctype)
        except _Stop as stop:
            return Transient(str(stop), 200)
        except OSError as exc:
            if isinstance(exc, requests.exceptions.RequestException):
                return self._http.network_problem(exc)
            return Transient(f"could not write the mp3: {exc.strerror or exc}", None)
        except requests.exceptions.RequestException as exc:
            return self._http.network_problem(exc)
        finally:
            with contextlib.suppress(OSError):
                os.remove(part)

    # --- making songs and edits (core/client/making.py)

    def submit(self, kind: str, body: dict[str, Any]) -> SubmitAnswer:
        """`POST /music` (kind "music") or `POST /music/edit` ("edit") in async mode: made, not made (and why),
        refused, or the answer lost after the body was sent. Never raises."""
        from flowmusic_gui.core.client.making import post_submission

        return post_submission(self, kind, body)

    def write_lyrics(self, prompt: str, *, structure: str | None = None, email: str | None = None) -> Any:
        """`POST /music/lyrics` (free): ``LyricsWritten`` or a sentence saying why not. Never raises."""
        from flowmusic_gui.core.client.making import write_lyrics

        return write_lyrics(self, prompt, structure=structure, email=email)

    def upload_file(self, data: bytes, content_type: str, *, email: str | None = None) -> Any:
        """`POST /files`: ``Uploaded`` (an asset id) or a sentence saying why not. Never raises."""
        from flowmusic_gui.core.client.making import upload_file

        return upload_file(self, data, content_type, email=email)

    # --- internals

    def _wrong_base_message(self, what: str) -> str:
        return (
            f"the API base URL {self._base_url} looks wrong: {what} answers 404 (not found); "
            f"the FlowMusic API's base URL ends in {API_PATH} (like {DEFAULT_API_BASE})"
        )

    def _base_looks_wrong(self, token: str | None) -> bool:
        """Whether a base without the API prefix answers 404 on `GET {base}/jobs`; asked once per client.

        A base that ends in the API prefix is taken at its word: there a 404 is the job's own.
        """
        if urlsplit(self._base_url).path.endswith(API_PATH):
            return False
        with self._base_lock:
            known = self._base_wrong
        if known is not None:
            return known
        reply = self._http.fetch(f"{self._base_url}/jobs", token)
        if isinstance(reply, Transient):
            return False  # unknown for now: the job's own 404 stands, and the next 404 asks again
        wrong = reply.status in (404, 410)
        with self._base_lock:
            self._base_wrong = wrong
        return wrong

    def _current_token(self) -> str | None:
        token = self._token_source()
        if token is None:
            return None
        token = token.strip()
        return token or None

    def _auth(self, token: str | None) -> BearerAuth:
        return self._http.auth(token)

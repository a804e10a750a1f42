"""Clip media off the GUI thread: cover bytes through a capped disk cache, and what the downloads queue streams with.

Covers run as tasks on the task runner, a few at a time on the ``"covers"`` lane, so one slow cover never
holds back the others; downloads are the queue's (engine/downloads.py, on ``"downloads"``), which reads bodies
through :func:`_body` here. Every transfer has a total deadline and a minimum rate
(:class:`TransferLimits`): a server that trickles a byte a second is cut off with a clear message, and
cancelling (or shutting the runner down) shuts the socket at once, so closing never waits on a transfer.

Media URLs are public: nothing here ever sends the API token (each session carries an explicit no-op auth,
so not even ``~/.netrc`` adds credentials). QtCore only; decoding images is the caller's business.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import logging
import os
import socket
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from enum import Enum
from pathlib import Path
from typing import Any

import requests
import urllib3.exceptions
from PySide6.QtCore import QObject, Signal
from urllib3.exceptions import ReadTimeoutError

from flowmusic_gui import __version__
from flowmusic_gui.core import paths
from flowmusic_gui.core.urls import is_web_url
from flowmusic_gui.engine.tasks import TaskContext, TaskHandle, TaskRunner

log = logging.getLogger(__name__)

DEFAULT_TIMEOUT: tuple[float, float] = (5.0, 20.0)  # connect, read (between bytes)
COVER_TIMEOUT: tuple[float, float] = (4.0, 10.0)
COVER_MAX_BYTES = 8 * 1024 * 1024
COVER_CACHE_MAX_BYTES = 64 * 1024 * 1024
DOWNLOAD_MAX_BYTES = 2 * 1024 * 1024 * 1024
_CHUNK = 1024 * 1024  # big reads: fewer trips through Python, less GIL pressure on the GUI thread
_PROGRESS_EVERY_S = 0.05
COVER_LANE = "covers"
COVER_CONCURRENCY = 3
DOWNLOAD_LANE = "downloads"


@dataclass(frozen=True)
class TransferLimits:
    """How long a whole transfer may take, and the slowest rate it may fall to (bytes/s over ``window_s``)."""

    total_s: float
    min_rate: float
    window_s: float = 5.0


COVER_LIMITS = TransferLimits(total_s=30.0, min_rate=2048.0, window_s=4.0)
DOWNLOAD_LIMITS = TransferLimits(total_s=4 * 3600.0, min_rate=8192.0, window_s=10.0)


class MediaError(Exception):
    """A fetch or download failed; ``str(exc)`` is a sentence for the user."""


class _NoAuth(requests.auth.AuthBase):
    """An explicit auth that adds nothing: requests only consults ~/.netrc when a request has no auth."""

    def __call__(self, r: requests.PreparedRequest) -> requests.PreparedRequest:
        return r


def media_session() -> requests.Session:
    session = requests.Session()
    session.auth = _NoAuth()
    session.headers["User-Agent"] = f"flowmusic-gui/{__version__}"
    return session


def _http_message(status: int) -> str:
    if status in (401, 403):
        return f"The media server refused the file (HTTP {status}): the link may have expired."
    if status in (404, 410):
        return f"The file is no longer there (HTTP {status}): the link has expired."
    return f"The media server answered HTTP {status}."


def _network_message(exc: Exception) -> str:
    # A stall mid-body surfaces as a ConnectionError wrapping urllib3's ReadTimeoutError (or, read directly
    # from urllib3, as the ReadTimeoutError itself).
    if isinstance(exc, (requests.Timeout, ReadTimeoutError, socket.timeout)) or (
        exc.args and isinstance(exc.args[0], ReadTimeoutError)
    ):
        return "The media server stopped answering (timed out)."
    if isinstance(exc, (requests.ConnectionError, urllib3.exceptions.HTTPError, OSError)):
        return "Could not reach the media server (network error)."
    return f"The download failed: {type(exc).__name__}."


_NETWORK_ERRORS = (requests.RequestException, urllib3.exceptions.HTTPError)


#: Media is asked for as it is stored: a compressed answer cannot be checked against its length, could be resumed
#: only from the wrong offset, and may expand far past what arrived on the wire.
IDENTITY = {"Accept-Encoding": "identity"}


def content_encoding(resp: Any) -> str | None:
    """The compression of ``resp``'s body when it has one despite :data:`IDENTITY` (e.g. ``gzip``), else None."""
    value = str(resp.headers.get("Content-Encoding") or "").strip().lower()
    return None if value in ("", "identity") else value[:40]


def encoded_message(encoding: str) -> str:
    return (f"The media server sent the file compressed ({encoding}) although it was asked not to; "
            "it was not saved.")


def _rate_text(rate: float) -> str:
    return f"{rate / 1024:.1f} KB/s" if rate >= 1024 else f"{rate:.0f} bytes/s"


def _body(resp: requests.Response, size: int, limits: TransferLimits | None) -> Iterator[bytes]:
    """The body in chunks as they arrive; MediaError past the total deadline or below the minimum rate.

    Reads return as soon as some bytes are there (``read1``): a full-buffer read would wait for the whole
    chunk, and a trickling server would keep the read timeout from ever firing.
    """
    raw: Any = resp.raw
    read1 = getattr(raw, "read1", None)
    chunks: Iterator[bytes]
    if callable(read1):
        # Never decoded here: the bytes counted are the bytes that arrived (a compressed answer is refused first).
        chunks = iter(functools.partial(read1, size, decode_content=False), b"")
    else:  # pragma: no cover - urllib3 < 2 has no read1
        chunks = resp.iter_content(size)
    started = window_start = time.monotonic()
    window_bytes = 0
    for chunk in chunks:
        now = time.monotonic()
        if limits is not None:
            if now - started > limits.total_s:
                raise MediaError(f"The media server took longer than {limits.total_s:.0f} s; the transfer was stopped.")
            window_bytes += len(chunk)
            if now - window_start >= limits.window_s:
                rate = window_bytes / (now - window_start)
                if rate < limits.min_rate:
                    raise MediaError(
                        f"The media server is sending too slowly ({_rate_text(rate)}; at least "
                        f"{_rate_text(limits.min_rate)} is needed); the transfer was stopped."
                    )
                window_start, window_bytes = now, 0
        yield chunk


class _Abortable:
    """Holds the response a worker is reading so another thread can cut its socket (unblocking recv)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._resp: requests.Response | None = None
        self.cancelled = threading.Event()

    def set(self, resp: requests.Response | None) -> None:
        with self._lock:
            self._resp = resp
        if resp is not None and self.cancelled.is_set():
            self._cut()

    def abort(self) -> None:
        self.cancelled.set()
        self._cut()

    def _cut(self) -> None:
        with self._lock:
            resp = self._resp
        if resp is None:
            return
        # Shutting the socket down wakes a recv blocked on the worker thread (closing it would not).
        raw: Any = resp.raw
        shutdown = getattr(raw, "shutdown", None)  # urllib3 >= 2.3
        if callable(shutdown):
            # RuntimeError: the answer was read to its end and its connection went back to the pool, so there
            # is nothing left to cut (a shutdown then would cut another request's connection). ValueError: the
            # worker closed the answer between our reading it above and this call (its ``with`` ends before it
            # lets go of it here); a closed answer has nothing to cut either.
            with contextlib.suppress(OSError, AttributeError, RuntimeError, ValueError):
                shutdown()
            return
        sock = getattr(getattr(raw, "_connection", None), "sock", None)
        if isinstance(sock, socket.socket):
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)


# ---------------------------------------------------------------------------------------------- covers


class CoverCache:
    """Cover bytes on disk, one file per URL hash, the least recently used pruned past ``max_total_bytes``."""

    def __init__(
        self,
        folder: Path | None = None,
        *,
        max_total_bytes: int = COVER_CACHE_MAX_BYTES,
        max_item_bytes: int = COVER_MAX_BYTES,
    ) -> None:
        self.folder = folder if folder is not None else paths.cache_dir() / "covers"
        self.max_total_bytes = max_total_bytes
        self.max_item_bytes = max_item_bytes
        self._lock = threading.Lock()

    def path_for(self, url: str) -> Path:
        return self.folder / (hashlib.sha256(url.encode("utf-8")).hexdigest() + ".img")

    def get(self, url: str) -> bytes | None:
        path = self.path_for(url)
        try:
            data = path.read_bytes()
        except OSError:
            return None
        if not data or len(data) > self.max_item_bytes:
            return None
        with contextlib.suppress(OSError):
            os.utime(path)  # recently used: pruned last
        return data

    def put(self, url: str, data: bytes) -> None:
        if not data or len(data) > self.max_item_bytes:
            return
        path = self.path_for(url)
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            tmp = path.with_name(f"{path.name}.{os.getpid()}.{threading.get_ident()}.tmp")
            tmp.write_bytes(data)
            os.replace(tmp, path)
        except OSError as exc:
            log.warning("cover cache not writable: %s", exc)
            return
        self.prune()

    def prune(self) -> None:
        with self._lock:
            try:
                entries = [(p.stat(), p) for p in self.folder.glob("*.img")]
            except OSError:
                return
            total = sum(st.st_size for st, _ in entries)
            for st, p in sorted(entries, key=lambda e: e[0].st_mtime):
                if total <= self.max_total_bytes:
                    break
                with contextlib.suppress(OSError):
                    p.unlink()
                    total -= st.st_size


def fetch_bytes(
    session: requests.Session,
    url: str,
    *,
    max_bytes: int,
    timeout: tuple[float, float],
    abortable: _Abortable | None = None,
    limits: TransferLimits | None = COVER_LIMITS,
) -> bytes:
    """GET ``url`` whole, refusing more than ``max_bytes``; raises MediaError with a user-facing message."""
    if not is_web_url(url):
        raise MediaError("Only http and https links are fetched.")
    try:
        with session.get(url, stream=True, timeout=timeout, headers=IDENTITY) as resp:
            if abortable is not None:
                abortable.set(resp)
            if resp.status_code != 200:
                raise MediaError(_http_message(resp.status_code))
            encoding = content_encoding(resp)
            if encoding is not None:
                raise MediaError(encoded_message(encoding))
            declared = resp.headers.get("Content-Length")
            if declared and declared.isdigit() and int(declared) > max_bytes:
                raise MediaError(f"The file is too large ({int(declared)} bytes; the limit is {max_bytes}).")
            buf = bytearray()
            for chunk in _body(resp, 64 * 1024, limits):
                buf += chunk
                if len(buf) > max_bytes:
                    raise MediaError(f"The file is too large (over {max_bytes} bytes).")
            return bytes(buf)
    except (*_NETWORK_ERRORS, OSError) as exc:
        if abortable is not None and abortable.cancelled.is_set():
            raise MediaError("Cancelled.") from exc
        raise MediaError(_network_message(exc)) from exc
    finally:
        if abortable is not None:
            abortable.set(None)


def _fetch_cover(
    ctx: TaskContext,
    *,
    generation: int,
    url: str,
    cache: CoverCache,
    decode: Callable[[bytes], object] | None,
    timeout: tuple[float, float],
    limits: TransferLimits,
    count_request: Callable[[], None],
) -> tuple[int, str, object, bool, str | None]:
    """One cover, on a runner thread: (generation, url, decoded or None, from_cache, error message or None)."""
    data = cache.get(url)
    from_cache = data is not None
    abortable = _Abortable()
    remove_hook = ctx.on_cancel(abortable.abort)
    try:
        if data is None:
            count_request()
            with media_session() as session:
                data = fetch_bytes(
                    session, url, max_bytes=cache.max_item_bytes, timeout=timeout, abortable=abortable,
                    limits=limits,
                )
        decoded: object = decode(data) if decode is not None else data
    except MediaError as exc:
        return generation, url, None, from_cache, str(exc)
    except ValueError as exc:  # the decoder's way of saying "not an image we accept"
        if from_cache:
            with contextlib.suppress(OSError):
                cache.path_for(url).unlink()
        return generation, url, None, from_cache, str(exc)
    finally:
        remove_hook()
    if not from_cache:
        cache.put(url, data)
    return generation, url, decoded, from_cache, None


class CoverFetcher(QObject):
    """Fetches covers a few at a time on the runner's ``"covers"`` lane; a new :meth:`fetch` drops the last.

    ``decode(bytes) -> object`` runs on the worker thread (raise ValueError to reject); ``loaded`` carries
    its result. Both signals carry the generation :meth:`fetch` returned, so stale answers can be ignored.
    """

    loaded = Signal(int, str, object, bool)  # generation, url, decoded, from_cache
    failed = Signal(int, str, str)  # generation, url, message

    def __init__(
        self,
        cache: CoverCache | None = None,
        *,
        decode: Callable[[bytes], object] | None = None,
        timeout: tuple[float, float] = COVER_TIMEOUT,
        parent: QObject | None = None,
        runner: TaskRunner,
        limits: TransferLimits = COVER_LIMITS,
        concurrency: int = COVER_CONCURRENCY,
    ) -> None:
        super().__init__(parent)
        self.cache = cache if cache is not None else CoverCache()
        self.decode = decode
        self.timeout = timeout
        self.limits = limits
        self._runner = runner
        self._runner.lane(COVER_LANE, concurrency)
        self._generation = 0
        self._handles: list[TaskHandle] = []
        self._requests = 0
        self._count_lock = threading.Lock()

    @property
    def network_requests(self) -> int:
        """How many covers were requested over the network (cache misses)."""
        with self._count_lock:
            return self._requests

    def _count_request(self) -> None:
        with self._count_lock:
            self._requests += 1

    def fetch(self, urls: list[str]) -> int:
        """Drop pending fetches and queue ``urls``; returns the generation their answers will carry."""
        self.cancel_pending()
        generation = self._generation
        if self._runner.closed:
            return generation
        for url in urls:
            work = functools.partial(
                _fetch_cover, generation=generation, url=url, cache=self.cache, decode=self.decode,
                timeout=self.timeout, limits=self.limits, count_request=self._count_request,
            )
            self._handles.append(
                self._runner.submit(work, name="load a cover", lane=COVER_LANE, on_success=self._on_done)
            )
        return generation

    def cancel_pending(self) -> None:
        """Forget queued fetches and cut those in flight: their answers will never arrive."""
        self._generation += 1
        for handle in self._handles:
            handle.cancel()
        self._handles.clear()

    def shutdown(self) -> None:
        """Cut every fetch; never waits on one (the runner's owner shuts it down, with its deadline)."""
        self.cancel_pending()

    def _on_done(self, result: tuple[int, str, object, bool, str | None]) -> None:
        generation, url, decoded, from_cache, error = result
        if generation != self._generation:
            return  # the view that wanted it has moved on
        self._handles = [h for h in self._handles if not h.done]
        if error is not None:
            self.failed.emit(generation, url, error)
        else:
            self.loaded.emit(generation, url, decoded, from_cache)


# ------------------------------------------------------------------------------------------- downloads


class DownloadStatus(str, Enum):
    DONE = "done"
    SKIPPED = "skipped"  # the same file was already there
    CANCELLED = "cancelled"
    FAILED = "failed"


@dataclass(frozen=True)
class DownloadResult:
    key: str
    status: DownloadStatus
    path: Path | None  # the file written (or found, when skipped)
    message: str  # a sentence for the user
    size: int = 0

"""Clip media off the GUI thread: cover bytes through a capped disk cache, and streamed, atomic downloads.

Media URLs are public: nothing here ever sends the API token (each session carries an explicit no-op auth,
so not even ``~/.netrc`` adds credentials). QtCore only; decoding images is the caller's business.
"""

from __future__ import annotations

import contextlib
import filecmp
import hashlib
import logging
import os
import queue
import socket
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from enum import Enum
from pathlib import Path
from typing import Any

import requests
from PySide6.QtCore import QObject, QThread, Signal
from urllib3.exceptions import ReadTimeoutError

from flowmusic_gui import __version__
from flowmusic_gui.core import paths
from flowmusic_gui.core.urls import is_web_url

log = logging.getLogger(__name__)

DEFAULT_TIMEOUT: tuple[float, float] = (5.0, 20.0)  # connect, read (between bytes)
COVER_TIMEOUT: tuple[float, float] = (4.0, 10.0)
COVER_MAX_BYTES = 8 * 1024 * 1024
COVER_CACHE_MAX_BYTES = 64 * 1024 * 1024
DOWNLOAD_MAX_BYTES = 2 * 1024 * 1024 * 1024
_CHUNK = 1024 * 1024  # big reads: fewer trips through Python, less GIL pressure on the GUI thread
_PROGRESS_EVERY_S = 0.05


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


def _network_message(exc: requests.RequestException) -> str:
    # A stall mid-body surfaces as a ConnectionError wrapping urllib3's ReadTimeoutError.
    if isinstance(exc, requests.Timeout) or (exc.args and isinstance(exc.args[0], ReadTimeoutError)):
        return "The media server stopped answering (timed out)."
    if isinstance(exc, requests.ConnectionError):
        return "Could not reach the media server (network error)."
    return f"The download failed: {type(exc).__name__}."


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
            with contextlib.suppress(OSError, AttributeError):
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
) -> bytes:
    """GET ``url`` whole, refusing more than ``max_bytes``; raises MediaError with a user-facing message."""
    if not is_web_url(url):
        raise MediaError("Only http and https links are fetched.")
    try:
        with session.get(url, stream=True, timeout=timeout) as resp:
            if abortable is not None:
                abortable.set(resp)
            if resp.status_code != 200:
                raise MediaError(_http_message(resp.status_code))
            declared = resp.headers.get("Content-Length")
            if declared and declared.isdigit() and int(declared) > max_bytes:
                raise MediaError(f"The file is too large ({int(declared)} bytes; the limit is {max_bytes}).")
            buf = bytearray()
            for chunk in resp.iter_content(64 * 1024):
                buf += chunk
                if len(buf) > max_bytes:
                    raise MediaError(f"The file is too large (over {max_bytes} bytes).")
            return bytes(buf)
    except requests.RequestException as exc:
        if abortable is not None and abortable.cancelled.is_set():
            raise MediaError("Cancelled.") from exc
        raise MediaError(_network_message(exc)) from exc
    finally:
        if abortable is not None:
            abortable.set(None)


class _CoverThread(QThread):
    def __init__(self, owner: CoverFetcher) -> None:
        # No parent and no deleteLater: Python owns the thread and frees it once waited for and dropped.
        # (deleteLater on a Python-owned QThread let Qt and PySide both delete it: a crash in ~QObject.)
        super().__init__()
        self.setObjectName("cover-fetch")
        self._owner = owner
        self.jobs: queue.SimpleQueue[tuple[int, str] | None] = queue.SimpleQueue()
        self.current = _Abortable()

    def run(self) -> None:
        session = media_session()
        try:
            while True:
                item = self.jobs.get()
                if item is None:
                    return
                generation, url = item
                if generation != self._owner._generation:
                    continue  # the view that wanted it has moved on
                self.current = _Abortable()
                self._one(session, generation, url)
        finally:
            session.close()

    def _one(self, session: requests.Session, generation: int, url: str) -> None:
        owner = self._owner
        data = owner.cache.get(url)
        from_cache = data is not None
        try:
            if data is None:
                owner._count_request()
                data = fetch_bytes(
                    session, url, max_bytes=owner.cache.max_item_bytes, timeout=owner.timeout,
                    abortable=self.current,
                )
            decoded: object = owner.decode(data) if owner.decode is not None else data
        except MediaError as exc:
            owner.failed.emit(generation, url, str(exc))
            return
        except ValueError as exc:  # the decoder's way of saying "not an image we accept"
            if from_cache:
                with contextlib.suppress(OSError):
                    owner.cache.path_for(url).unlink()
            owner.failed.emit(generation, url, str(exc))
            return
        if not from_cache:
            owner.cache.put(url, data)
        owner.loaded.emit(generation, url, decoded, from_cache)


class CoverFetcher(QObject):
    """Fetches covers one at a time on its own thread; a new :meth:`fetch` drops what the last one queued.

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
    ) -> None:
        super().__init__(parent)
        self.cache = cache if cache is not None else CoverCache()
        self.decode = decode
        self.timeout = timeout
        self._generation = 0
        self._thread: _CoverThread | None = None
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
        if self._thread is None:
            self._thread = _CoverThread(self)
            self._thread.start()
        for url in urls:
            self._thread.jobs.put((self._generation, url))
        return self._generation

    def cancel_pending(self) -> None:
        """Forget queued fetches and cut the one in flight: their answers will never arrive."""
        self._generation += 1
        if self._thread is not None:
            self._thread.current.abort()

    def shutdown(self) -> None:
        self.cancel_pending()
        thread, self._thread = self._thread, None
        if thread is not None:
            thread.jobs.put(None)
            thread.wait()


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


def _candidates(dest: Path) -> list[Path]:
    out = [dest]
    out += [dest.with_name(f"{dest.stem} ({i}){dest.suffix}") for i in range(2, 50)]
    return out


def download_file(
    session: requests.Session,
    url: str,
    dest: Path,
    *,
    key: str = "",
    max_bytes: int = DOWNLOAD_MAX_BYTES,
    timeout: tuple[float, float] = DEFAULT_TIMEOUT,
    abortable: _Abortable | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> DownloadResult:
    """Stream ``url`` into ``dest`` through ``dest.part`` and an atomic rename; never raises.

    A file of the same size already at ``dest`` (or at ``dest (2)`` ... from earlier runs) counts as the
    same file and is kept; a different one is never overwritten: the new file takes the next free name.
    """
    abortable = abortable or _Abortable()

    def result(status: DownloadStatus, message: str, path: Path | None = None, size: int = 0) -> DownloadResult:
        return DownloadResult(key=key, status=status, path=path, message=message, size=size)

    if not is_web_url(url):
        return result(DownloadStatus.FAILED, "Only http and https links can be downloaded.")
    part: Path | None = None
    try:
        dest.parent.mkdir(parents=True, exist_ok=True)
        with session.get(url, stream=True, timeout=timeout) as resp:
            abortable.set(resp)
            if resp.status_code != 200:
                return result(DownloadStatus.FAILED, _http_message(resp.status_code))
            declared = resp.headers.get("Content-Length", "")
            total = int(declared) if declared.isdigit() else -1
            if total > max_bytes:
                return result(DownloadStatus.FAILED, f"The file is too large ({total} bytes).")
            target = None
            for cand in _candidates(dest):
                if not cand.exists():
                    target = target or cand
                    continue
                if total >= 0 and cand.is_file() and cand.stat().st_size == total:
                    return result(DownloadStatus.SKIPPED, f"Already downloaded: {cand.name}", cand, total)
            if target is None:
                return result(DownloadStatus.FAILED, f"Too many files named like {dest.name}.")
            part = target.with_name(target.name + ".part")
            received = 0
            last_emit = 0.0
            if progress is not None:
                progress(0, total)
            with part.open("wb") as out:
                for chunk in resp.iter_content(_CHUNK):
                    if abortable.cancelled.is_set():
                        break
                    out.write(chunk)
                    received += len(chunk)
                    if received > max_bytes:
                        return result(DownloadStatus.FAILED, f"The file is too large (over {max_bytes} bytes).")
                    now = time.monotonic()
                    if progress is not None and now - last_emit >= _PROGRESS_EVERY_S:
                        last_emit = now
                        progress(received, total)
            if abortable.cancelled.is_set():
                return result(DownloadStatus.CANCELLED, "Download cancelled.")
            if total >= 0 and received != total:
                return result(DownloadStatus.FAILED, "The download ended early (network error).")
            if progress is not None:
                progress(received, total if total >= 0 else received)
            if total < 0:
                # No size announced: compare the bytes with what is already there instead.
                for cand in _candidates(dest):
                    if cand.is_file() and cand.stat().st_size == received and filecmp.cmp(cand, part, False):
                        return result(DownloadStatus.SKIPPED, f"Already downloaded: {cand.name}", cand, received)
            os.replace(part, target)
            part = None
            return result(DownloadStatus.DONE, f"Saved {target.name}", target, received)
    except requests.RequestException as exc:
        if abortable.cancelled.is_set():
            return result(DownloadStatus.CANCELLED, "Download cancelled.")
        return result(DownloadStatus.FAILED, _network_message(exc))
    except OSError as exc:
        if abortable.cancelled.is_set():
            return result(DownloadStatus.CANCELLED, "Download cancelled.")
        return result(DownloadStatus.FAILED, f"Could not write the file: {exc.strerror or exc}.")
    finally:
        abortable.set(None)
        if part is not None:
            with contextlib.suppress(OSError):
                part.unlink()


class _DownloadThread(QThread):
    def __init__(self, owner: Downloader, key: str, url: str, dest: Path) -> None:
        super().__init__()  # Python-owned, like _CoverThread
        self.setObjectName("download")
        self.owner = owner
        self.key = key
        self.url = url
        self.dest = dest
        self.abortable = _Abortable()

    def run(self) -> None:
        owner = self.owner
        session = media_session()
        try:
            res = download_file(
                session, self.url, self.dest, key=self.key, max_bytes=owner.max_bytes, timeout=owner.timeout,
                abortable=self.abortable,
                progress=lambda got, total: owner.progress.emit(self.key, got, total),
            )
        finally:
            session.close()
        owner._thread_done.emit(self.key, res)


class Downloader(QObject):
    """Runs downloads on their own threads (a few at a time, the rest queued); reports per key."""

    progress = Signal(str, object, object)  # key, received, total (-1 when unknown); ints may pass 2**31
    finished = Signal(object)  # DownloadResult
    _thread_done = Signal(str, object)

    def __init__(
        self,
        *,
        max_parallel: int = 3,
        max_bytes: int = DOWNLOAD_MAX_BYTES,
        timeout: tuple[float, float] = DEFAULT_TIMEOUT,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.max_parallel = max_parallel
        self.max_bytes = max_bytes
        self.timeout = timeout
        self._running: dict[str, _DownloadThread] = {}
        self._queued: list[tuple[str, str, Path]] = []
        self._closed = False
        self._thread_done.connect(self._on_thread_done)

    def is_active(self, key: str) -> bool:
        return key in self._running or any(k == key for k, _, _ in self._queued)

    def start(self, key: str, url: str, dest: Path) -> bool:
        """Queue a download; False when ``key`` (or the same destination) is already downloading."""
        if self._closed or self.is_active(key):
            return False
        if any(t.dest == dest for t in self._running.values()) or any(d == dest for _, _, d in self._queued):
            return False
        self._queued.append((key, url, dest))
        self._pump()
        return True

    def cancel(self, key: str) -> None:
        for item in [q for q in self._queued if q[0] == key]:
            self._queued.remove(item)
            self.finished.emit(DownloadResult(key, DownloadStatus.CANCELLED, None, "Download cancelled."))
        thread = self._running.get(key)
        if thread is not None:
            thread.abortable.abort()

    def cancel_all(self) -> None:
        for key in [k for k, _, _ in self._queued] + list(self._running):
            self.cancel(key)

    def _pump(self) -> None:
        while self._queued and len(self._running) < self.max_parallel and not self._closed:
            key, url, dest = self._queued.pop(0)
            thread = _DownloadThread(self, key, url, dest)
            self._running[key] = thread
            thread.start()

    def _on_thread_done(self, key: str, res: DownloadResult) -> None:
        thread = self._running.pop(key, None)
        if thread is not None:
            thread.wait()  # it has left run(): immediate; dropping the last reference then frees it
        if not self._closed:
            self.finished.emit(res)
            self._pump()

    def shutdown(self) -> None:
        """Cancel everything and wait for every download thread to end (each removes its ``.part``)."""
        self._closed = True
        self._queued.clear()
        threads = list(self._running.values())
        for thread in threads:
            thread.abortable.abort()
        for thread in threads:
            thread.wait()
        self._running.clear()

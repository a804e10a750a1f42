"""The downloads queue: every download of the app and the command line, a few at a time, surviving a restart.

A download is asked for as a :class:`DownloadRequest` (one clip's `Track` and a format). Planning, on a serialized
lane, consults the ledger (already downloaded: the ledger has it and the file is still there with that size),
picks a free name from the file-name template, and puts the row in the store's queue. Each transfer then runs on
the ``"downloads"`` lane (3 at a time by default): streamed into ``target.part`` with the byte cap, a total
deadline and a minimum rate, resumed with ``Range`` when a partial file survives, tagged, and only then renamed
into place and entered in the ledger. Transient trouble (network, 5xx, 429, a server that stops mid-file) is
retried with backoff; a permanent one (an expired link, a full disk, a read-only or vanished folder, a file that
is not audio) fails the download with a sentence naming the file and removes the partial file.

The queue is owned by the composition root, not by a widget: the panel and the detail pane only show and ask.
Only plain data (:class:`DownloadItem`) leaves it. It reads the process's one database object (given to it, or
handed over with :meth:`DownloadQueue.use_store`) on worker threads, under that object's lock, and writes only
through the process's one writer lane (:class:`~flowmusic_gui.engine.store_writer.StoreWriter`): its bookkeeping
is queued there in order, retried on the writer's backoff when the file cannot take it, and a problem is said by
the writer, once. Planning waits for the writes whose answer it needs (the rows it queued); a transfer never waits
for its bookkeeping. Given nothing but a path (a command or a test that has no other), the queue opens a
connection and a writer of its own.
"""

from __future__ import annotations

import base64
import binascii
import contextlib
import errno
import functools
import hashlib
import itertools
import json
import logging
import os
import random
import re
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import requests
from PySide6.QtCore import QObject, Signal

from flowmusic_gui.core import client as api
from flowmusic_gui.core.filenames import FileNameError, TemplateError, is_inside, short_id, unique_path
from flowmusic_gui.core.lyrics import shift_timing
from flowmusic_gui.core.records import JobState, parse_record
from flowmusic_gui.core.safefiles import (
    FileId,
    file_id,
    is_same_file,
    open_append,
    open_new,
    regular_size,
    rename_noclobber,
)
from flowmusic_gui.core.schedule import Backoff
from flowmusic_gui.core.store import DownloadState, JobStore, NewDownload, QueuedDownload, StoreError
from flowmusic_gui.core.tags import COVER_MAX_BYTES, lrc_path, write_lrc, write_tags
from flowmusic_gui.core.track import Track, track_from_json, track_to_json, tracks_from_record
from flowmusic_gui.engine.download_settings import DownloadSettings
from flowmusic_gui.engine.library_index import FolderIndex, ScanResult
from flowmusic_gui.engine.media import (
    _NETWORK_ERRORS,
    COVER_LIMITS,
    COVER_TIMEOUT,
    DEFAULT_TIMEOUT,
    DOWNLOAD_LANE,
    DOWNLOAD_LIMITS,
    DOWNLOAD_MAX_BYTES,
    IDENTITY,
    MediaError,
    TransferLimits,
    _Abortable,
    _body,
    _http_message,
    _network_message,
    content_encoding,
    encoded_message,
    fetch_bytes,
    is_web_url,
    media_session,
)
from flowmusic_gui.engine.store_writer import StoreWriter
from flowmusic_gui.engine.tasks import TaskCancelled, TaskContext, TaskHandle, TaskRunner

log = logging.getLogger(__name__)

__all__ = [
    "DEFAULT_CONCURRENCY", "PLAN_LANE", "UNNAMED_PREFIX", "DownloadItem", "DownloadQueue", "DownloadRequest",
    "RescanSummary", "RetryPolicy", "ledger_key",
]

DEFAULT_CONCURRENCY = 3
#: Planning, cancelling and clearing: serialized, so two plans never hand out one name.
PLAN_LANE = "downloads-plan"
_CHUNK = 256 * 1024
#: How stale the clip -> job index of library planning may be while jobs keep changing (seconds).
CLIP_INDEX_MAX_AGE_S = 10.0
_PROGRESS_EVERY_S = 0.2
_STORE_PROGRESS_EVERY_S = 3.0
_URL_KINDS = {"m4a": "audio", "wav": "wav", "mp3": "mp3"}
_FORMAT_WORDS = {"m4a": "audio", "wav": "WAV", "mp3": "mp3"}


# The retries' jitter (a worker thread's draws need no reproducibility; Random is safe across threads).
_RNG = random.Random()


@dataclass(frozen=True)
class RetryPolicy:
    """How often a transient failure is tried again, and how long to wait: the app's one backoff
    (``core.schedule.Backoff``, exponential with full jitter) from ``base_s`` up to ``max_s``."""

    attempts: int = 4
    base_s: float = 1.0
    max_s: float = 30.0

    def delay(self, attempt: int) -> float:
        """The wait after failed try number ``attempt`` (1, 2, ...): up to ``base_s`` after the first."""
        return Backoff(base=self.base_s, cap=self.max_s).delay(max(0, attempt - 1), _RNG)


@dataclass(frozen=True)
class DownloadRequest:
    """Download this clip in this format (``m4a``, ``wav`` or ``mp3``)."""

    track: Track
    format: str


@dataclass(frozen=True)
class DownloadItem:
    """One download as the panel, the detail pane and the command line see it.

    ``id`` is the queue row's; a request the ledger already had gets a negative id (it has no row) and
    ``skipped`` True; a request that could not even be queued has state ``failed`` and a negative id too.
    """

    id: int
    clip: str
    format: str
    jobid: str | None
    title: str
    target: Path | None
    state: DownloadState
    bytes_done: int = 0
    total: int | None = None
    speed: float | None = None  # bytes per second, while running
    eta_s: float | None = None
    problem: str | None = None
    warnings: tuple[str, ...] = ()
    skipped: bool = False
    attempts: int = 0
    batch: int = 0
    token_refused: bool = False  # failed because the API refused the token (the command line's exit 3)

    @property
    def finished(self) -> bool:
        return self.state in (DownloadState.DONE, DownloadState.FAILED, DownloadState.CANCELLED)


class _Permanent(Exception):
    """A failure that trying again would not cure; the message names the file."""

    def __init__(self, message: str, *, token: bool = False) -> None:
        super().__init__(message)
        self.token = token


class _Retry(Exception):
    """A transient failure; ``wait_s`` is what the server asked for, if it did."""

    def __init__(self, message: str, wait_s: float | None = None, *, restart: bool = False) -> None:
        super().__init__(message)
        self.wait_s = wait_s
        self.restart = restart  # the partial file is not to be continued: the next try starts from byte 0


#: The ledger key of a clip whose record gave no clip id (every clip field may be missing): its job and take, or
#: its media link. Never sent anywhere; the command line prints no clip id for it.
UNNAMED_PREFIX = "unnamed-clip:"


def ledger_key(track: Track, fmt: str) -> str:
    """The clip id the ledger and the queue know ``track`` by (empty when there is nothing to go on)."""
    if track.clip_id:
        return track.clip_id
    if track.jobid and track.take:
        return f"{UNNAMED_PREFIX}{track.jobid}#{track.take}"
    url = track.audio_url if fmt == "m4a" else track.wav_url if fmt == "wav" else None
    return f"{UNNAMED_PREFIX}{url}" if url else ""


def _title_of(track: Track | None, clip: str) -> str:
    if track is not None and track.title and track.title.strip():
        return " ".join(track.title.split())
    if clip.startswith(UNNAMED_PREFIX) or not clip:
        return "Untitled"
    return f"clip {short_id(clip, 'clip:')}"


def _disk_message(exc: OSError, name: str, folder: Path) -> str:
    code = exc.errno
    if code in (errno.ENOSPC, errno.EDQUOT):
        return f"The disk is full: {name} could not be written in {folder}."
    if code == errno.EROFS:
        return f"The download folder {folder} is read-only: {name} could not be saved."
    if code in (errno.EACCES, errno.EPERM):
        return f"No permission to write {name} in {folder}."
    if code == errno.ENOENT:
        return f"The download folder {folder} is no longer there: {name} could not be saved."
    if code == errno.ENAMETOOLONG:
        return f"The name {name} is too long for the file system of {folder}."
    return f"Could not write {name} in {folder}: {exc.strerror or exc}."


class _Speed:
    """Bytes per second over the last few seconds (what a user reads as "the speed now")."""

    def __init__(self, window_s: float = 3.0) -> None:
        self.window_s = window_s
        self.samples: list[tuple[float, int]] = []

    def add(self, now: float, done: int) -> float | None:
        self.samples.append((now, done))
        while len(self.samples) > 2 and now - self.samples[0][0] > self.window_s:
            self.samples.pop(0)
        t0, d0 = self.samples[0]
        return (done - d0) / (now - t0) if now - t0 > 0.05 else None


@dataclass(frozen=True)
class _Outcome:
    """How one transfer ended (state RUNNING: stopped by shutdown, to resume at the next start)."""

    id: int
    state: DownloadState
    size: int
    target: Path | None
    problem: str | None
    warnings: tuple[str, ...] = ()
    token: bool = False


@dataclass
class _Active:
    handle: TaskHandle
    abortable: _Abortable
    user_cancel: threading.Event


class DownloadQueue(QObject):
    """The downloads of the whole app, on the task runner; every signal carries a :class:`DownloadItem`.

    ``client`` makes the mp3 downloads (with the token, to the API origin only); m4a and WAV come from the
    clip's public URLs without it. ``settings`` is called on the owner's thread when a request is planned.
    """

    changed = Signal(object)  # DownloadItem: a new row, progress, or a new state
    finished = Signal(object)  # DownloadItem: done (or skipped), failed or cancelled for good
    planned = Signal(int, object)  # batch, tuple[DownloadItem, ...]: what one add() became
    removed = Signal(object)  # tuple[int, ...]: rows taken off the queue ("Clear finished")
    rescanned = Signal(object)  # RescanSummary: what "Rescan library" found in the download folder
    problem = Signal(str)  # the queue itself could not do something (its store), plain text

    def __init__(
        self,
        store: JobStore | Path,
        *,
        client: api.ApiClient | None,
        settings: Callable[[], DownloadSettings],
        runner: TaskRunner,
        concurrency: int = DEFAULT_CONCURRENCY,
        limits: TransferLimits = DOWNLOAD_LIMITS,
        timeout: tuple[float, float] = DEFAULT_TIMEOUT,
        max_bytes: int = DOWNLOAD_MAX_BYTES,
        retry: RetryPolicy = RetryPolicy(),
        writer: StoreWriter | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        # The process's one database object; with only a path, one of the queue's own, opened on first use.
        self._shared: JobStore | None = store if isinstance(store, JobStore) else None
        self._store_path = store.path if isinstance(store, JobStore) else Path(store)
        #: What the first answer of each partial download said (its validator, length, checksum).
        self._partials = self._store_path.parent / "partial-downloads"
        self._store: JobStore | None = self._shared
        self._open_lock = threading.Lock()
        # The process's writer lane (its owner closes it and says its problems), else one of the queue's own.
        self._shared_writer = writer
        self._writer: StoreWriter = writer or self._own_writer(runner)
        self._client = client
        #: When set, asked for the client each time one is needed (the window's changes with the API base).
        self.client_source: Callable[[], api.ApiClient | None] | None = None
        self._settings = settings
        self._runner = runner
        self.limits = limits
        self.timeout = timeout
        self.max_bytes = max_bytes
        self.retry = retry
        runner.lane(DOWNLOAD_LANE, concurrency)
        runner.lane(PLAN_LANE, 1)
        self._items: dict[int, DownloadItem] = {}
        self._active: dict[int, _Active] = {}
        self._batches = itertools.count(1)
        #: The download folder's files by the clip id in their tags: a renamed or moved file is not fetched twice.
        self._index = FolderIndex()
        #: Clip id -> its track in a tracked, completed job (planning lane only), and when it was read.
        self._clip_tracks: dict[str, Track] = {}
        self._clip_tracks_read: tuple[int, float] | None = None  # (the store's data version, monotonic time)
        self._virtual = itertools.count(-1, -1)
        self._closed = False

    @property
    def client(self) -> api.ApiClient | None:
        return self.client_source() if self.client_source is not None else self._client

    @client.setter
    def client(self, value: api.ApiClient | None) -> None:
        self._client = value

    # -- what the panel reads ------------------------------------------------------------------------------

    def items(self) -> list[DownloadItem]:
        """Every row the queue knows, in the order added (skipped requests last)."""
        rows = sorted((i for i in self._items.values() if i.id > 0), key=lambda i: i.id)
        return rows + [i for i in self._items.values() if i.id < 0]

    def item(self, download_id: int) -> DownloadItem | None:
        return self._items.get(download_id)

    @property
    def busy(self) -> bool:
        """True while something is queued or running (or still being planned)."""
        return bool(self._active) or any(not i.finished for i in self._items.values())

    # -- asking --------------------------------------------------------------------------------------------

    def restore(self) -> None:
        """At start-up: show every row of the stored queue and resume the unfinished ones."""
        self._plan_task(self._restore_work, "restore the downloads", lambda rows: self._take_rows(rows, 0))

    def add(self, requests_: Sequence[DownloadRequest], settings: DownloadSettings | None = None) -> int:
        """Plan and queue downloads; returns the batch number that :attr:`planned` will carry."""
        batch = next(self._batches)
        chosen = settings if settings is not None else self._settings()
        work = functools.partial(self._plan_work, tuple(requests_), chosen, batch)
        self._plan_task(work, "queue downloads", functools.partial(self._planned, batch))
        return batch

    def cancel(self, download_id: int) -> None:
        """Stop a queued or running download and remove its partial file."""
        active = self._active.pop(download_id, None)
        if active is not None:
            active.user_cancel.set()
            active.abortable.abort()
            if not active.handle.cancel():
                return  # running: it says "cancelled" itself once its socket is cut
        item = self._items.get(download_id)
        if item is None or item.finished:
            return
        self._set(replace(item, state=DownloadState.CANCELLED, speed=None, eta_s=None))
        target = item.target
        self._plan_task(functools.partial(self._cancel_work, download_id, target), "cancel a download", None)

    def retry_download(self, download_id: int) -> None:
        """Queue a failed or cancelled download again, from the start (or from its partial file)."""
        item = self._items.get(download_id)
        if item is None or download_id < 0 or not item.finished or item.state is DownloadState.DONE:
            return
        self._set(replace(item, state=DownloadState.QUEUED, problem=None, bytes_done=0, speed=None, eta_s=None))
        self._plan_task(
            functools.partial(self._requeue_work, download_id), "retry a download",
            lambda rows: self._take_rows(rows, item.batch),
        )

    def relocate(self, download_id: int, path: Path) -> None:
        """The user says the finished file of this download is now ``path`` (renamed or moved): the ledger
        points there, so it is not fetched again. A file whose tags name another clip is refused."""
        item = self._items.get(download_id)
        if item is None or item.state is not DownloadState.DONE:
            return
        work = functools.partial(self._relocate_work, item, Path(path))
        self._plan_task(work, "locate a downloaded file", self._set)

    def _relocate_work(self, item: DownloadItem, path: Path) -> DownloadItem:
        from flowmusic_gui.core.tags import read_identity

        clip, _jobid = read_identity(path, item.format)
        if clip is not None and clip != item.clip:
            raise _Permanent(f"{path.name} holds another clip ({clip}), not {item.title}; the ledger was not changed.")
        entry = self._write(lambda s: _adopt(s, item.clip, item.format, path, item.jobid), "locate a downloaded file")
        return replace(item, target=entry.path, total=entry.size, bytes_done=entry.size, problem=None)

    def _tracked_clips(self, store: JobStore) -> dict[str, Track]:
        """Every clip of the tracked, completed jobs by clip id; read again when the jobs changed, at most every
        few seconds (planning a library of thousands of clips reads it a handful of times)."""
        version = store.data_version()
        now = time.monotonic()
        read = self._clip_tracks_read
        if read is not None and (read[0] == version or now - read[1] < CLIP_INDEX_MAX_AGE_S):
            return self._clip_tracks
        found: dict[str, Track] = {}
        for job in store.all():
            if job.state is not JobState.COMPLETED or not job.record:
                continue
            try:
                tracks = tracks_from_record(parse_record(job.record))
            except (TypeError, ValueError, KeyError):  # a record the parser refuses names no clip
                continue
            for t in tracks:
                if t.clip_id:
                    found.setdefault(t.clip_id, t)
        self._clip_tracks, self._clip_tracks_read = found, (version, now)
        return found

    def download_folder(self) -> Path:
        """Where new downloads go now (the settings' folder)."""
        return self._settings().folder

    def rescan(self, folder: Path | None = None) -> None:
        """Look through ``folder`` (default: the download folder of the settings) for the library's own files,
        by the clip id in their tags, and point the ledger at each one found, so none is fetched again;
        :attr:`rescanned` says what was found."""
        chosen = Path(folder) if folder is not None else self.download_folder()
        work = functools.partial(self._rescan_work, chosen)
        self._plan_task(work, "rescan the library", self.rescanned.emit)

    def _rescan_work(self, folder: Path) -> RescanSummary:
        scan = self._index.scan(folder, stop=lambda: self._closed)

        def adopt_all(store: JobStore) -> RescanSummary:  # on the writer lane: it reads and writes the ledger
            known = moved = added = 0
            for (clip, fmt), path in scan.found.items():
                if store.downloaded(clip, fmt) is not None:
                    known += 1
                    continue
                was = store.ledger_entry(clip, fmt)
                _adopt(store, clip, fmt, path, None)
                if was is None:
                    added += 1
                else:
                    moved += 1
            return RescanSummary(folder, scan.files, known, moved, added)

        summary: RescanSummary = self._write(adopt_all, "enter the library's files in the ledger")
        return summary

    def clear_finished(self) -> None:
        """Take done, skipped and cancelled rows off the list (failed ones stay, to be retried)."""
        gone = tuple(i.id for i in self._items.values() if i.skipped or i.state in (DownloadState.DONE,
                                                                                    DownloadState.CANCELLED))
        for key in gone:
            self._items.pop(key, None)
        if gone:
            self.removed.emit(gone)
        self._save(lambda s: s.clear_finished_downloads(), "clear finished downloads")

    def shutdown(self) -> None:
        """Stop every transfer without marking it cancelled: unfinished downloads resume at the next start.

        The runner's own shutdown (with its deadline) ends the worker threads; the store closes after.
        """
        self._closed = True
        for active in self._active.values():
            active.abortable.abort()
            active.handle.cancel()
        self._active.clear()

    def use_store(self, store: JobStore, writer: StoreWriter | None = None) -> None:
        """Read through ``store`` (the process's one database object, for the same file) and write through
        ``writer`` (its writer lane) from now on, closing a connection and a writer of the queue's own (what the
        queue's own writer still held is written first, to the file it was opened for)."""
        old = self._writer if self._writer is not self._shared_writer else None
        if old is not None:
            old.close()
        with self._open_lock:
            own = self._store if self._store is not self._shared else None
            self._shared = self._store = store
        if writer is not None:
            self._shared_writer = writer
        self._writer = writer or self._own_writer(self._runner)
        if own is not None:
            own.close()

    def close_store(self) -> None:
        """Write what the queue's own writer still holds and close it and the queue's own store connection, if it
        opened them (after the runner has shut down); shared ones are their owner's to close."""
        if self._writer is not self._shared_writer:
            self._writer.close()
        with self._open_lock:
            own = self._store if self._store is not self._shared else None
            self._store = self._shared
        if own is not None:
            own.close()

    def _own_writer(self, runner: TaskRunner) -> StoreWriter:
        # Over the shared database object (left open for its owner), else over the queue's own, opened on first use.
        writer = StoreWriter(self._shared if self._shared is not None else self._open_store, runner, self)
        # Nobody else says this writer's problems: the queue does, through its own signal.
        writer.problem.connect(lambda message: self.problem.emit(message) if message else None)
        return writer

    # -- the owner's side ----------------------------------------------------------------------------------

    def _plan_task(self, work: Callable[[], Any], name: str, done: Callable[[Any], Any] | None) -> None:
        if self._closed or self._runner.closed:
            return
        self._runner.run(work, name=name, lane=PLAN_LANE, on_success=done, on_failure=self._plan_failed)

    def _plan_failed(self, exc: BaseException) -> None:
        message = str(exc) if isinstance(exc, (StoreError, _Permanent)) else f"The downloads list failed: {exc}"
        log.warning("%s", message)
        self.problem.emit(message)

    def _set(self, item: DownloadItem) -> None:
        self._items[item.id] = item
        self.changed.emit(item)
        if item.finished:
            self.finished.emit(item)

    def _planned(self, batch: int, result: tuple[list[QueuedDownload], list[DownloadItem]]) -> None:
        rows, others = result
        items = self._take_rows(rows, batch)
        for item in others:
            item = replace(item, id=next(self._virtual), batch=batch)
            self._items[item.id] = item
            self.changed.emit(item)
        self.planned.emit(batch, tuple(items) + tuple(i for i in self._items.values() if i.batch == batch and i.id < 0))

    def _take_rows(self, rows: list[QueuedDownload], batch: int) -> list[DownloadItem]:
        out = []
        for row in rows:
            track = track_from_json(row.track)
            previous = self._items.get(row.id)
            item = DownloadItem(
                id=row.id, clip=row.clip, format=row.format, jobid=row.jobid, title=_title_of(track, row.clip),
                target=row.target, state=row.state, bytes_done=row.bytes_done, total=row.total,
                problem=row.problem, attempts=row.attempts, batch=batch or (previous.batch if previous else 0),
            )
            if row.state is DownloadState.RUNNING:
                item = replace(item, state=DownloadState.QUEUED)
            self._set(item)
            out.append(item)
            if item.state is DownloadState.QUEUED and row.id not in self._active:
                self._start(row, track)
        return out

    def _start(self, row: QueuedDownload, track: Track | None) -> None:
        if self._closed or self._runner.closed:
            return
        abortable = _Abortable()
        user_cancel = threading.Event()
        work = functools.partial(self._transfer, row=row, track=track, settings=self._settings(),
                                 abortable=abortable, user_cancel=user_cancel)
        handle = self._runner.submit(
            work, name="download a file", lane=DOWNLOAD_LANE,
            on_success=self._transfer_done, on_failure=functools.partial(self._transfer_crashed, row.id),
            on_progress=self._progress,
        )
        self._active[row.id] = _Active(handle, abortable, user_cancel)

    def _progress(self, value: object) -> None:
        if not isinstance(value, tuple):
            return
        download_id, state, done, total, speed, eta, problem = value
        item = self._items.get(download_id)
        if item is None or item.finished:
            return
        self._set(replace(item, state=state, bytes_done=done, total=total, speed=speed, eta_s=eta,
                          problem=problem))

    def _transfer_done(self, result: _Outcome) -> None:
        download_id, state, size, target = result.id, result.state, result.size, result.target
        problem, warnings = result.problem, result.warnings
        self._active.pop(download_id, None)
        item = self._items.get(download_id)
        if item is None:
            return
        if state is DownloadState.RUNNING:  # stopped by shutdown: left to resume
            return
        self._set(replace(item, state=state, bytes_done=size if state is DownloadState.DONE else item.bytes_done,
                          total=size if state is DownloadState.DONE else item.total, target=target or item.target,
                          problem=problem, warnings=warnings, speed=None, eta_s=None,
                          attempts=item.attempts + 1, token_refused=result.token))

    def _transfer_crashed(self, download_id: int, exc: BaseException) -> None:
        log.error("download %d failed unexpectedly", download_id, exc_info=exc)
        self._active.pop(download_id, None)
        item = self._items.get(download_id)
        if item is not None:
            self._set(replace(item, state=DownloadState.FAILED, problem=f"{item.title}: the download failed ({exc})"))

    # -- worker side: the store ----------------------------------------------------------------------------

    def _open_store(self) -> JobStore:
        store = self._store
        if store is None:
            with self._open_lock:
                if self._store is None:
                    self._store = JobStore(self._store_path)
                store = self._store
        return store

    def _db(self, fn: Callable[[JobStore], Any]) -> Any:
        """``fn`` reads the store, on this worker thread; the database's lock serializes it with every other use.
        Reads only: every write goes through the writer lane (:meth:`_write`, :meth:`_save`)."""
        return fn(self._open_store())

    def _write(self, fn: Callable[[JobStore], Any], name: str) -> Any:
        """On a worker thread: ``fn`` through the writer lane, waiting for its answer (planning needs the rows it
        queued). The writer retries it while the file cannot take it and says so; the wait ends at shutdown."""
        return self._writer.call(fn, name=name, stop=lambda: self._closed)

    def _save(self, fn: Callable[[JobStore], Any], name: str) -> None:
        """``fn`` through the writer lane, from any thread, without waiting: kept in order and retried until the
        file takes it."""
        self._writer.write(fn, name=name)

    def _restore_work(self) -> list[QueuedDownload]:
        return list(self._db(lambda s: s.download_queue()))

    def _requeue_work(self, download_id: int) -> list[QueuedDownload]:
        self._write(lambda s: s.update_download(download_id, state=DownloadState.QUEUED), "queue a download again")
        return [r for r in self._db(lambda s: s.download_queue((DownloadState.QUEUED,))) if r.id == download_id]

    def _cancel_work(self, download_id: int, target: Path | None) -> None:
        self._save(lambda s: s.update_download(download_id, state=DownloadState.CANCELLED), "cancel a download")
        _PartInfo.remove(self._partials, download_id)
        if target is not None:
            with contextlib.suppress(OSError):
                Path(str(target) + ".part").unlink()

    def _plan_work(
        self, wanted: tuple[DownloadRequest, ...], settings: DownloadSettings, batch: int
    ) -> tuple[list[QueuedDownload], list[DownloadItem]]:
        """Ledger, names and the queue row of each request; (rows queued, items skipped or refused)."""
        result: tuple[list[QueuedDownload], list[DownloadItem]] = self._db(
            functools.partial(self._plan_in, wanted, settings, batch)
        )
        return result

    def _plan_in(
        self, wanted: tuple[DownloadRequest, ...], settings: DownloadSettings, batch: int, store: JobStore
    ) -> tuple[list[QueuedDownload], list[DownloadItem]]:
        news: list[NewDownload] = []
        others: list[DownloadItem] = []
        handed: set[str] = set()
        handed_lrc: dict[str, str] = {}  # the .lrc names handed out with them, and whose
        folder = settings.folder
        scan: ScanResult | None = None  # the folder's tagged files, read once per plan and only when needed

        def refuse(req: DownloadRequest, clip: str, message: str) -> None:
            others.append(DownloadItem(
                id=0, clip=clip, format=req.format, jobid=req.track.jobid, title=_title_of(req.track, clip),
                target=None, state=DownloadState.FAILED, problem=message, batch=batch,
            ))

        for req in wanted:
            track, fmt = req.track, req.format
            if track.jobid is None and track.take is None and track.clip_id:
                # A clip of the library list: when one of the tracked jobs made it, name and tag it as that
                # job's take (Title (A), its date, prompt and synced lyrics), as a download from the job would.
                known = self._tracked_clips(store).get(track.clip_id)
                if known is not None:
                    track = replace(known, title=known.title or track.title, image_url=known.image_url or
                                    track.image_url, lyrics=known.lyrics or track.lyrics)
                    req = replace(req, track=track)
            clip = ledger_key(track, fmt)
            title = _title_of(track, clip)
            if not clip:
                refuse(req, clip, f"{title}: the clip has no id and no link, so it cannot be downloaded.")
                continue
            if fmt == "mp3" and not track.clip_id:
                refuse(req, clip, f"{title}: the clip has no id, which the mp3 download needs.")
                continue
            if fmt not in _URL_KINDS:
                refuse(req, clip, f"{title}: unknown format {fmt!r} (m4a, wav or mp3).")
                continue
            entry = store.downloaded(clip, fmt)
            if entry is None and track.clip_id:
                # Not where the ledger put it (or never entered): the user may have renamed or moved it.
                if scan is None:
                    scan = self._index.scan(folder, stop=lambda: self._closed)
                found = scan.found.get((clip, fmt))
                if found is not None:
                    entry = self._write(functools.partial(_adopt, clip=clip, fmt=fmt, path=found, jobid=track.jobid),
                                        "enter a renamed download in the ledger")
            if entry is not None:
                others.append(DownloadItem(
                    id=0, clip=clip, format=fmt, jobid=track.jobid or entry.jobid, title=title, target=entry.path,
                    state=DownloadState.DONE, bytes_done=entry.size, total=entry.size, skipped=True, batch=batch,
                ))
                continue
            url: str | None = None
            if fmt == "m4a":
                url = track.audio_url
            elif fmt == "wav":
                url = track.wav_url
            if fmt != "mp3" and not is_web_url(url):
                refuse(req, clip, f"{title}: the job record has no {_FORMAT_WORDS[fmt]} link to download.")
                continue
            if fmt == "mp3" and self.client is None:
                refuse(req, clip, f"{title}: mp3 downloads need the API token.")
                continue

            def taken(path: Path, c: str = clip, f: str = fmt) -> bool:
                key = os.fsencode(path).lower().decode("utf-8", "surrogateescape")
                if key in handed:
                    return True
                # The synced lyrics go beside the song under its name: that .lrc must be free (or this clip's).
                lrc = lrc_path(path)
                if handed_lrc.get(_path_key(lrc), c) != c or _lrc_owner(store, lrc) not in (None, c):
                    return True
                owner = store.path_owner(path)
                if owner is not None:
                    return owner != (c, f)
                return path.exists() or path.is_symlink() or Path(str(path) + ".part").exists()

            try:
                target = unique_path(folder, settings.template, track, fmt, taken=taken)
            except (TemplateError, FileNameError) as exc:
                refuse(req, clip, f"{title}: {exc}")
                continue
            if not is_inside(folder, target):
                refuse(req, clip, f"{title}: the name {target.name} would leave the download folder {folder}.")
                continue
            handed.add(os.fsencode(target).lower().decode("utf-8", "surrogateescape"))
            handed_lrc[_path_key(lrc_path(target))] = clip
            news.append(NewDownload(
                clip=clip, format=fmt, url_kind=_URL_KINDS[fmt], target=target, url=url, jobid=track.jobid,
                track=track_to_json(track),
            ))
        rows: list[QueuedDownload] = (
            self._write(lambda s: s.enqueue_downloads(news), "queue downloads") if news else []
        )
        return rows, others

    # -- worker side: one transfer -------------------------------------------------------------------------

    def _transfer(
        self,
        ctx: TaskContext,
        *,
        row: QueuedDownload,
        track: Track | None,
        settings: DownloadSettings,
        abortable: _Abortable,
        user_cancel: threading.Event,
    ) -> _Outcome:
        remove_hook = ctx.on_cancel(abortable.abort)
        target = row.target
        part = Path(str(target) + ".part")
        name = target.name
        title = _title_of(track, row.clip)
        try:
            self._save(lambda s: s.update_download(row.id, state=DownloadState.RUNNING, attempt=True),
                       "mark a download running")
            attempt = 0
            while True:
                attempt += 1
                try:
                    size, ident = self._fetch(ctx, row, part, abortable, settings)
                    break
                except _Retry as exc:
                    if exc.restart:
                        self._forget_part(row)
                    if ctx.cancelled or abortable.cancelled.is_set():
                        raise TaskCancelled from exc
                    if attempt >= self.retry.attempts:
                        raise _Permanent(f"{name}: {exc} (gave up after {attempt} tries)") from exc
                    wait = exc.wait_s if exc.wait_s is not None else self.retry.delay(attempt)
                    ctx.progress((row.id, DownloadState.RUNNING, regular_size(part), None, None, None,
                                  f"{exc}; trying again in {wait:.0f} s"))
                    if ctx.wait_cancelled(wait):
                        raise TaskCancelled from exc
            final, warnings = self._finish(ctx, row, track, settings, part, target, ident)
            _PartInfo.remove(self._partials, row.id)
            size = _size(final)  # tags changed it: the ledger keeps the size of the file as it is on disk
            # Kept in order and retried by the writer lane: the file is in place, its entry follows.
            self._save(lambda s: s.record_download(row.clip, row.format, final, size, jobid=row.jobid),
                       "enter a finished download in the ledger")
            return _Outcome(row.id, DownloadState.DONE, size, final, None, warnings)
        except TaskCancelled:
            if user_cancel.is_set():
                self._forget_part(row)
                self._save(lambda s: s.update_download(row.id, state=DownloadState.CANCELLED), "cancel a download")
                return _Outcome(row.id, DownloadState.CANCELLED, 0, None, "Cancelled.")
            return _Outcome(row.id, DownloadState.RUNNING, 0, None, None)  # shutdown: the part stays, to resume
        except _Permanent as exc:
            self._forget_part(row)
            message = str(exc)
            if title not in message and name not in message:
                message = f"{title}: {message}"
            self._save(lambda s: s.update_download(row.id, state=DownloadState.FAILED, problem=message),
                       "mark a download failed")
            return _Outcome(row.id, DownloadState.FAILED, 0, None, message, token=exc.token)
        except StoreError as exc:  # a read (whose is that .lrc?) the store could not answer
            self._forget_part(row)
            message = f"{name}: the downloads list could not be read ({exc})."
            return _Outcome(row.id, DownloadState.FAILED, 0, None, message)
        finally:
            remove_hook()

    def _fetch(
        self, ctx: TaskContext, row: QueuedDownload, part: Path, abortable: _Abortable, settings: DownloadSettings
    ) -> tuple[int, FileId]:
        """Stream the body into ``part``; (its size, which file it is) once whole and checked.

        A partial file is resumed only with the validator of the answer that began it (``If-Range``), only from a
        206 whose Content-Range starts where the file ends, matches the body's length and the whole file's, and
        only into the very regular file this app left (never through a link). Anything else starts again.
        """
        folder = row.target.parent
        name = row.target.name
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise _Permanent(_disk_message(exc, name, folder)) from exc
        _check_inside(row, settings)
        info = _PartInfo.load(self._partials, row.id)
        start = regular_size(part)
        if start and (info is None or info.part != str(part) or (not info.validator and info.length is None)):
            _remove(part)  # nothing to prove it is the same file the server has now: start again
            start = 0
        validator = info.validator if start and info is not None else None
        with self._open(row, start, validator, abortable) as (resp, resumed_from):
            encoding = content_encoding(resp)
            if encoding is not None:
                raise _Permanent(f"{name}: {encoded_message(encoding)}")
            declared = resp.headers.get("Content-Length", "")
            length = int(declared) if declared.isdigit() else -1
            if resumed_from:
                assert info is not None
                total: int | None = _check_resume(resp, resumed_from, length, info, name)
                start = resumed_from
            else:
                start = 0
                total = length if length >= 0 else None
                info = _PartInfo.first(resp, str(part), total)
                info.save(self._partials, row.id)
            if total is not None and total > self.max_bytes:
                raise _Permanent(f"{name} is too large ({total} bytes; the limit is {self.max_bytes}).")
            done = start
            speed = _Speed()
            last = 0.0
            last_store = time.monotonic()
            ctx.progress((row.id, DownloadState.RUNNING, done, total, None, None, None))
            try:
                fd = open_append(part, start) if start else open_new(part)
            except OSError as exc:
                raise _Permanent(_disk_message(exc, name, folder)) from exc
            if fd is None:  # the partial file changed under us (replaced, linked, grown): never append to it
                _remove(part)
                _PartInfo.remove(self._partials, row.id)
                raise _Retry("the partial file was changed by something else; starting again", 0.0)
            ident = file_id(fd)
            with os.fdopen(fd, "ab" if start else "wb") as out:
                try:
                    for chunk in _body(resp, _CHUNK, self.limits):
                        if abortable.cancelled.is_set():
                            raise TaskCancelled
                        try:
                            out.write(chunk)
                        except OSError as exc:
                            raise _Permanent(_disk_message(exc, name, folder)) from exc
                        done += len(chunk)
                        if done > self.max_bytes or (total is not None and done > total):
                            limit = self.max_bytes if total is None or total > self.max_bytes else total
                            _remove(part)
                            _PartInfo.remove(self._partials, row.id)
                            raise _Permanent(f"{name} grew past {limit} bytes and was stopped.")
                        now = time.monotonic()
                        if now - last >= _PROGRESS_EVERY_S:
                            last = now
                            rate = speed.add(now, done)
                            eta = (total - done) / rate if rate and total is not None else None
                            ctx.progress((row.id, DownloadState.RUNNING, done, total, rate, eta, None))
                        if now - last_store >= _STORE_PROGRESS_EVERY_S:
                            last_store = now
                            self._save_progress(row.id, done, total)
                except (*_NETWORK_ERRORS, OSError) as exc:  # reading: the network's trouble, not the disk's
                    if abortable.cancelled.is_set():
                        raise TaskCancelled from exc
                    if total is not None and done < total and "timed out" not in _network_message(exc):
                        raise _Retry(f"the server stopped sending after {done} of {total} bytes") from exc
                    raise _Retry(f"{_network_message(exc).rstrip('.')} after {done} bytes") from exc
                except MediaError as exc:
                    raise _Retry(str(exc)) from exc
                try:
                    out.flush()
                    os.fsync(out.fileno())
                except OSError as exc:
                    raise _Permanent(_disk_message(exc, name, folder)) from exc
            if total is not None and done != total:
                raise _Retry(f"the server stopped after {done} of {total} bytes")
            if info.digest is not None and not info.digest.matches(part):
                _remove(part)
                _PartInfo.remove(self._partials, row.id)
                raise _Retry(f"the file did not match the server's {info.digest.name} checksum; starting again", 0.0)
            return done, ident

    def _save_progress(self, download_id: int, done: int, total: int | None) -> None:
        if self._writer.failing:  # progress is for a restart's display only: the file's size is the truth
            return
        self._save(lambda s: s.update_download(download_id, bytes_done=done, total=-1 if total is None else total),
                   "save a download's progress")

    @contextlib.contextmanager
    def _open(
        self, row: QueuedDownload, start: int, validator: str | None, abortable: _Abortable
    ) -> Iterator[tuple[Any, int]]:
        """The open response and the offset its body starts at (0 when the server sent the whole file)."""
        name = row.target.name
        if row.url_kind == "mp3":
            if self.client is None:
                raise _Permanent(f"{name}: mp3 downloads need the API token.")
            try:
                with self.client.open_mp3(row.clip, start=start, if_range=validator) as got:
                    if not isinstance(got, requests.Response):
                        if start and getattr(got, "status", None) == 416:
                            self._forget_part(row)  # a part the server does not match: anew
                            raise _Retry("the partial file did not match the server's; starting again", 0.0)
                        raise _problem_error(got, name)
                    abortable.set(got)
                    yield got, _resumed(got, start)
            finally:
                abortable.set(None)
            return
        url = row.url or ""
        if not is_web_url(url):
            raise _Permanent(f"{name}: only http and https links are downloaded.")
        headers = dict(IDENTITY)
        if start:
            headers["Range"] = f"bytes={start}-"
            if validator:
                headers["If-Range"] = validator
        session = media_session()
        try:
            try:
                resp = session.get(url, stream=True, timeout=self.timeout, headers=headers)
            except _NETWORK_ERRORS as exc:
                if abortable.cancelled.is_set():
                    raise TaskCancelled from exc
                raise _Retry(_network_message(exc)) from exc
            with resp:
                abortable.set(resp)
                status = resp.status_code
                if status == 416 and start:
                    self._forget_part(row)  # a part the server does not match: start anew
                    raise _Retry("the partial file did not match the server's; starting again", 0.0)
                if status not in (200, 206):
                    message = f"{name}: {_http_message(status)}"
                    if status in (408, 425, 429) or status >= 500:
                        raise _Retry(_http_message(status), api.parse_retry_after(resp.headers.get("Retry-After"))
                                     if status == 429 else None)
                    raise _Permanent(message)
                yield resp, _resumed(resp, start)
        finally:
            abortable.set(None)
            session.close()

    def _forget_part(self, row: QueuedDownload) -> None:
        _remove(Path(str(row.target) + ".part"))
        _PartInfo.remove(self._partials, row.id)

    def _finish(
        self, ctx: TaskContext, row: QueuedDownload, track: Track | None, settings: DownloadSettings, part: Path,
        target: Path, ident: FileId,
    ) -> tuple[Path, tuple[str, ...]]:
        """Tag the whole ``part``, rename it into place, write the .lrc; (where it went, warnings to show)."""
        warnings: list[str] = []
        if ctx.cancelled:
            raise TaskCancelled
        if not target.parent.is_dir() or not part.is_file():
            # The folder (or the partial file) was removed while the body arrived: say so, write nothing.
            raise _Permanent(_disk_message(OSError(errno.ENOENT, "gone"), target.name, target.parent))
        track = track or Track(
            clip_id=row.clip, title=None, take=None, jobid=row.jobid, account=None, created_at=None, prompt=None,
            seed=None, lyrics=None, lyrics_timing=None, duration_s=None, image_url=None,
        )
        offset = settings.offset_for(track.clip_id)
        if offset and track.lyrics_timing:
            # The user's Lyrics timing correction goes into what is made from the clip: SYLT and the .lrc.
            track = replace(track, lyrics_timing=shift_timing(track.lyrics_timing, offset))
        cover: bytes | None = None
        if settings.tags.enabled and settings.tags.embed_cover and is_web_url(track.image_url):
            try:
                with media_session() as session:
                    cover = fetch_bytes(session, track.image_url or "", max_bytes=COVER_MAX_BYTES,
                                        timeout=COVER_TIMEOUT, limits=COVER_LIMITS)
            except MediaError as exc:
                warnings.append(f"{target.name}: the cover could not be fetched ({exc}); saved without it.")
        self._check_part(part, ident, target.name)
        result = write_tags(part, row.format, track, settings.tags, cover=cover, name=target.name)
        if not result.keep:
            raise _Permanent(result.problems[0] if result.problems else f"{target.name} could not be tagged.")
        warnings.extend(result.problems)
        lrc_text = result.lrc if result.lrc and (row.format == "m4a" or settings.lrc) else None
        final: Path | None = None
        for n in range(1, 1000):
            cand = target if n == 1 else target.with_name(f"{target.stem} ({n}){target.suffix}")
            # Something else may have taken the name (or its .lrc) meanwhile: never overwrite what the app did
            # not write. The rename itself refuses a name that is not free.
            if lrc_text and self._lrc_owner(lrc_path(cand)) not in (None, row.clip):
                continue
            if not target.parent.is_dir():
                raise _Permanent(_disk_message(OSError(errno.ENOENT, "gone"), target.name, target.parent))
            self._check_part(part, ident, target.name)
            try:
                if rename_noclobber(part, cand):
                    final = cand
                    break
            except OSError as exc:
                raise _Permanent(_disk_message(exc, target.name, target.parent)) from exc
        if final is None:
            raise _Permanent(f"No free name for {target.name} in {target.parent}.")
        if lrc_text:
            note = write_lrc(final, lrc_text, replace=self._lrc_owner(lrc_path(final)) == row.clip)
            if note:
                warnings.append(note)
        return final, tuple(warnings)


    def _check_part(self, part: Path, ident: FileId, name: str) -> None:
        if not is_same_file(part, ident):
            raise _Permanent(f"{name}: the partial file was replaced by something else (a link or another file) "
                             "before it was finished; nothing was kept.")

    def _lrc_owner(self, lrc: Path) -> str | None:
        """The clip whose synced lyrics ``lrc`` is (a ledger or queued file of that clip has its name), "" when
        a file is there that the app did not write, None when the name is free."""
        owner: str | None = self._db(lambda s: _lrc_owner(s, lrc))
        return owner


def _lrc_owner(store: JobStore, lrc: Path) -> str | None:
    """Whose ``lrc`` is: the clip a song of that name is reserved for (when no .lrc is there yet) or was
    downloaded as (the ledger: the app wrote it); "" for a file the app did not write; None when free."""
    reserved: set[str] = set()
    written: set[str] = set()
    for ext in _URL_KINDS:
        media = lrc.with_suffix(f".{ext}")
        owner = store.path_owner(media)
        if owner is None:
            continue
        reserved.add(owner[0])
        entry = store.ledger_entry(*owner)
        if entry is not None and _path_key(entry.path) == _path_key(media):
            written.add(owner[0])
    if not os.path.lexists(lrc):
        return min(reserved) if reserved else None
    return min(written) if len(written) == 1 else ""


def _check_inside(row: QueuedDownload, settings: DownloadSettings) -> None:
    """The file's folder, with every link in its path followed, is still inside the download folder."""
    folder = settings.folder
    base = folder if row.target.is_relative_to(folder) else row.target.parent
    if not is_inside(base, row.target.parent):
        raise _Permanent(f"{row.target.name}: the folder {row.target.parent} now leads outside the download "
                         f"folder {base} (through a link); nothing was written there.")


def _resumed(resp: Any, start: int) -> int:
    """Where the body of ``resp`` starts: ``start`` for a 206, 0 for a 200 (the whole file: the server ignored the
    Range, or its ``If-Range`` said the file changed)."""
    return start if resp.status_code == 206 and start else 0


def _check_resume(resp: Any, start: int, length: int, info: _PartInfo, name: str) -> int:
    """The whole file's length, once the 206 ``resp`` is shown to continue ``info``'s file exactly at ``start``.

    Anything that disagrees (where the range starts, its length against the body's, the whole length against the
    first answer's, a changed validator) raises a retry that starts the file again.
    """
    value = str(resp.headers.get("Content-Range") or "")
    m = _CONTENT_RANGE.fullmatch(value.strip())
    problem = None
    if m is None:
        problem = f"its Content-Range {value[:60]!r} could not be read"
    else:
        first, last = int(m.group(1)), int(m.group(2))
        complete = None if m.group(3) == "*" else int(m.group(3))
        if first != start:
            problem = f"it resumed at byte {first}, not {start}"
        elif last < first or (complete is not None and last >= complete):
            problem = f"its Content-Range {value[:60]!r} is impossible"
        elif length >= 0 and last - first + 1 != length:
            problem = f"its range holds {last - first + 1} bytes but it sent {length}"
        elif info.length is not None and complete != info.length:
            size = "of unknown size" if complete is None else f"{complete} bytes"
            problem = f"the whole file is {size}, not {info.length} bytes"
        else:
            etag = _strong_etag(resp.headers.get("ETag"))
            if etag is not None and info.validator and info.validator.startswith('"') and etag != info.validator:
                problem = "the file changed on the server"
            else:
                whole = complete if complete is not None else info.length
                return whole if whole is not None else last + 1
    raise _Retry(f"{name}: the server's answer did not continue the partial file ({problem}); starting again",
                 0.0, restart=True)


_CONTENT_RANGE = re.compile(r"bytes\s+(\d+)-(\d+)/(\d+|\*)", re.IGNORECASE)


def _strong_etag(value: object) -> str | None:
    text = str(value or "").strip()
    return text if text.startswith('"') and text.endswith('"') and len(text) >= 2 and len(text) <= 200 else None


@dataclass(frozen=True)
class _Digest:
    """A checksum of the whole file the server gave with its first answer."""

    name: str  # md5, sha-256
    value: bytes

    def matches(self, path: Path) -> bool:
        h = hashlib.new("md5" if self.name == "md5" else "sha256")
        try:
            with open(path, "rb") as f:
                for block in iter(lambda: f.read(1024 * 1024), b""):
                    h.update(block)
        except OSError:
            return False
        return h.digest() == self.value


def _digest_of(headers: Any) -> _Digest | None:
    """The whole file's checksum from a 200's headers: ``x-goog-hash`` (Google Cloud Storage, where the API's
    media lives), ``Repr-Digest``/``Digest`` or ``Content-MD5``; None when there is none or it cannot be read."""
    found: dict[str, str] = {}
    for header in ("x-goog-hash", "Repr-Digest", "Digest"):
        for part in str(headers.get(header) or "").split(","):
            key, _, val = part.strip().partition("=")
            key = key.strip().lower()
            if key in ("md5", "sha-256") and val:
                found.setdefault(key, val.strip().strip(":"))
    md5 = headers.get("Content-MD5")
    if md5:
        found.setdefault("md5", str(md5).strip())
    for key in ("sha-256", "md5"):
        if key in found:
            try:
                raw = base64.b64decode(found[key], validate=True)
            except (ValueError, binascii.Error):
                continue
            if len(raw) == (32 if key == "sha-256" else 16):
                return _Digest(key, raw)
    return None


@dataclass
class _PartInfo:
    """What the answer that began a partial file said about it, kept beside the store (never in the download
    folder) so a resume, even after a restart, can prove it continues the same file."""

    part: str
    validator: str | None  # a strong ETag, else Last-Modified: sent as If-Range
    length: int | None  # the whole file's: every later 206 must say the same
    digest: _Digest | None = None

    @classmethod
    def first(cls, resp: Any, part: str, length: int | None) -> _PartInfo:
        headers = resp.headers
        validator = _strong_etag(headers.get("ETag"))
        if validator is None:
            modified = str(headers.get("Last-Modified") or "").strip()
            validator = modified[:100] if modified else None
        return cls(part, validator, length, _digest_of(headers))

    @staticmethod
    def _path(folder: Path, download_id: int) -> Path:
        return folder / f"{int(download_id)}.json"

    @classmethod
    def load(cls, folder: Path, download_id: int) -> _PartInfo | None:
        try:
            data = json.loads(cls._path(folder, download_id).read_text(encoding="utf-8"))
            digest = None
            if data.get("digest"):
                digest = _Digest(str(data["digest"][0]), bytes.fromhex(str(data["digest"][1])))
            length = data.get("length")
            return cls(str(data["part"]), data.get("validator") or None,
                       length if isinstance(length, int) and length >= 0 else None, digest)
        except (OSError, ValueError, KeyError, TypeError, IndexError, AttributeError):
            return None

    def save(self, folder: Path, download_id: int) -> None:
        data = {"part": self.part, "validator": self.validator, "length": self.length,
                "digest": [self.digest.name, self.digest.value.hex()] if self.digest else None}
        try:
            folder.mkdir(parents=True, exist_ok=True)
            path = self._path(folder, download_id)
            tmp = path.with_name(path.name + ".tmp")
            tmp.write_text(json.dumps(data), encoding="utf-8")
            os.replace(tmp, path)
        except OSError as exc:  # without it a later resume starts again: slower, never wrong
            log.info("partial download note not saved: %s", exc)

    @classmethod
    def remove(cls, folder: Path, download_id: int) -> None:
        _remove(cls._path(folder, download_id))


@dataclass(frozen=True)
class RescanSummary:
    """What a rescan of the download folder found: audio files looked at; of the tagged ones, how many the
    ledger already had in place, how many had moved (the ledger now points at them) and how many it did not know."""

    folder: Path
    files: int
    known: int
    moved: int
    added: int


def _adopt(store: JobStore, clip: str, fmt: str, path: Path, jobid: str | None) -> Any:
    """On the writer lane: enter ``path`` in the ledger as (clip, format), the file the user renamed or moved (a
    ``StoreError`` keeps it queued there and retried)."""
    try:
        return store.relocate_download(clip, fmt, path)
    except KeyError:
        return store.record_download(clip, fmt, path, _size(path), jobid=jobid)


def _problem_error(problem: object, name: str) -> Exception:
    """The API's answer to an mp3 download as a retry (network, 5xx, 429) or a failure (the rest)."""
    message = getattr(problem, "message", "the download failed")
    if isinstance(problem, api.RateLimited):
        return _Retry(message, problem.retry_after)
    if isinstance(problem, api.AuthFailed):
        return _Permanent(f"{name}: the API token was refused: {message}", token=True)
    if isinstance(problem, api.Transient) and not isinstance(problem, api.AccountProblem):
        status = problem.status
        if status is None or status >= 500:
            return _Retry(message)
    return _Permanent(f"{name}: {message}")


def _path_key(path: Path) -> str:
    return os.fsencode(path).lower().decode("utf-8", "surrogateescape")


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0


def _remove(path: Path) -> None:
    with contextlib.suppress(OSError):
        path.unlink()

"""The one writer lane of a process: every write to the store queued in order, retried until it succeeds, never
dropped, and reported one way.

The tracker hands its changes (jobs added, removed or restored, poll results) to a :class:`StoreWriter`; the
downloads queue and the command line hand theirs as functions of the store (:meth:`StoreWriter.write`, or
:meth:`StoreWriter.call` from a worker thread that needs the result, such as the rows a plan queued). The writer
applies them in order on the runner's serialized ``"store"`` lane, through the process's one database object (given
to it; it opens one of its own only when given a way to open one instead, and closes only that). A write that fails
(the file locked by another process, a full disk, a read-only folder) stays queued and is retried on the app's one
backoff; ``problem`` says why, once, until the queue drains again. Reads stay where they are: every read holds the
database's lock, so a read on any thread is safe.

Changes are put from the owner's thread or from any worker thread (a worker's put wakes the owner's thread, which
starts the flush). What is still queued when the writer closes is written then: on the store lane while the runner
runs, else on the closing thread itself (the runner has stopped, so nothing else writes).
"""

from __future__ import annotations

import contextlib
import logging
import random
import threading
from collections import deque
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Protocol, TypeVar

from PySide6.QtCore import QObject, Qt, QTimer, Signal

from flowmusic_gui.core.schedule import Backoff
from flowmusic_gui.core.states import JobState
from flowmusic_gui.core.store import JobStore, StoreError, StoreRefused, owner_alive
from flowmusic_gui.core.submissions import Submission, SubmissionState
from flowmusic_gui.engine.tasks import TaskHandle, TaskRunner, describe_failure
from flowmusic_gui.engine.types import JobView

log = logging.getLogger(__name__)

T = TypeVar("T")

#: The runner lane every store write goes through, one at a time.
STORE_LANE = "store"
#: The waits between attempts at a write that failed: the app's one backoff, from a quarter second up to 8 s,
#: repeated until the store recovers.
STORE_BACKOFF = Backoff(base=0.25, cap=8.0)
#: How long close() waits for the last writes to reach the file.
CLOSE_FLUSH_S = 1.0
#: How often a worker waiting in :meth:`StoreWriter.call` looks whether it should stop waiting.
CALL_POLL_S = 0.1


@dataclass(eq=False)
class _Op:
    """One change waiting for the file. Plain data; ``done`` is set on the store lane once it is written."""

    kind: str  # "add", "remove", "restore", "poll", "problem", "keep"
    jobids: tuple[str, ...]
    at: datetime | None = None
    state: JobState | None = None
    record: dict[str, Any] | None = None
    problem: str | None = None
    errors: int = 0
    views: tuple[JobView, ...] = ()
    source: str | None = None  # for "add": where the jobs came from (store.SOURCE_ACCOUNT)
    clip: str | None = None  # for "keep": the take starred or unstarred
    kept: bool = False  # for "keep"
    done: bool = field(default=False)

    def apply(self, store: JobStore) -> None:
        if self.kind == "add":
            store.add(self.jobids, now=self.at, source=self.source)
        elif self.kind == "remove":
            store.remove(self.jobids)
        elif self.kind == "restore":
            for view in self.views:
                store.add([view.jobid], now=view.added_at, source=view.source)
                if view.state is not JobState.NEW:
                    store.record_poll(
                        view.jobid, state=view.state, record=view.raw_record,
                        polled_at=view.last_polled_at or view.added_at, problem=view.problem,
                    )
                if view.kept:
                    store.set_kept_clips(view.jobid, view.kept)
        elif self.kind == "keep":
            assert self.clip is not None
            store.set_kept(self.jobids[0], self.clip, self.kept)
        elif self.kind == "poll":
            assert self.state is not None and self.at is not None
            store.record_poll(self.jobids[0], state=self.state, record=self.record, polled_at=self.at)
        else:
            assert self.at is not None
            store.record_problem(self.jobids[0], problem=self.problem or "", polled_at=self.at, errors=self.errors)


class _Waiter:
    """Where a :meth:`StoreWriter.call` waits for its write: set once, with its result or its error."""

    def __init__(self) -> None:
        self.event = threading.Event()
        self.result: Any = None
        self.error: BaseException | None = None

    def fail(self, exc: BaseException) -> None:
        if not self.event.is_set():
            self.error = exc
            self.event.set()


@dataclass(eq=False)
class _Write:
    """A write of another part of the app: ``fn`` applied to the store. A ``StoreError`` (the file locked, full,
    read-only) keeps it queued and retried; any other error, ``StoreRefused`` included, is its answer (handed to
    its caller, or logged), not retried."""

    fn: Callable[[JobStore], Any]
    name: str
    waiter: _Waiter | None = None
    kind: str = "write"
    jobids: tuple[str, ...] = ()
    done: bool = field(default=False)

    def apply(self, store: JobStore) -> None:
        try:
            result = self.fn(store)
        except StoreError as exc:
            if not isinstance(exc, StoreRefused):
                raise
            self._answer(exc)
            return
        except Exception as exc:  # noqa: BLE001 - the caller's answer (e.g. KeyError: no such row), or a bug
            self._answer(exc)
            return
        if self.waiter is not None:
            self.waiter.result = result
            self.waiter.event.set()

    def _answer(self, exc: Exception) -> None:
        if self.waiter is not None:
            self.waiter.fail(exc)
        else:
            log.error("could not %s", self.name, exc_info=exc)


class StoreWriter(QObject):
    """The ordered queue of every write to one store file; lives on the owner's thread, takes writes from any."""

    problem = Signal(object)  # str: why changes cannot be saved (they are kept and retried); None: saved again
    _wake = Signal()  # from a worker thread's put: flush on the owner's thread

    def __init__(
        self,
        store: JobStore | Callable[[], JobStore],
        runner: TaskRunner,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        # The process's one database object (its owner closes it), or how to open one of the writer's own.
        self._shared: JobStore | None = store if isinstance(store, JobStore) else None
        self._open: Callable[[], JobStore] = (lambda: store) if isinstance(store, JobStore) else store
        self._runner = runner
        self._runner.lane(STORE_LANE, 1)
        self._owner = threading.get_ident()
        self._store: JobStore | None = None  # touched on the store lane only (or by close() once it has stopped)
        self._lock = threading.Lock()  # the queue and ``_closed``: puts come from worker threads too
        self._applying = threading.Lock()  # one batch at a time reaches the file (close()'s last one included)
        self._queue: deque[_Op | _Write] = deque()
        self._flushing: TaskHandle | None = None
        self._failures = 0
        self._rng = random.Random()
        self._problem: str | None = None
        self._closed = False
        self._retry = QTimer(self)
        self._retry.setSingleShot(True)
        self._retry.timeout.connect(self._flush)
        self._wake.connect(self._on_wake, Qt.ConnectionType.QueuedConnection)

    # -- what the tracker asks --------------------------------------------------------------------------

    def add(self, jobids: tuple[str, ...], now: datetime, *, source: str | None = None) -> None:
        self._put(_Op("add", jobids, at=now, source=source))

    def remove(self, jobids: tuple[str, ...]) -> None:
        self._put(_Op("remove", jobids))

    def restore(self, views: tuple[JobView, ...]) -> None:
        self._put(_Op("restore", tuple(v.jobid for v in views), views=views))

    def record_poll(self, jobid: str, *, state: JobState, record: dict[str, Any] | None, polled_at: datetime) -> None:
        self._put(_Op("poll", (jobid,), at=polled_at, state=state, record=record))

    def record_problem(self, jobid: str, *, problem: str, polled_at: datetime, errors: int) -> None:
        self._put(_Op("problem", (jobid,), at=polled_at, problem=problem, errors=errors))

    def set_kept(self, jobid: str, clip: str, kept: bool) -> None:
        self._put(_Op("keep", (jobid,), clip=clip, kept=kept))

    def write(self, fn: Callable[[JobStore], object], *, name: str) -> None:
        """Queue ``fn(store)`` (from any thread); it is retried until the file takes it. ``name`` says what it
        does ("save a download's progress"), for the log."""
        self._put(_Write(fn, name))

    def call(self, fn: Callable[[JobStore], T], *, name: str, stop: Callable[[], bool] | None = None) -> T:
        """From a worker thread: queue ``fn(store)`` like :meth:`write` and wait for its result (or its error,
        other than the store's own: that one is retried, and said through ``problem``).

        Raises ``StoreError`` when the writer closes first, or when ``stop()`` turns true while waiting (the
        write stays queued then, and still reaches the file). Never from the owner's thread: the owner's thread
        is what flushes.
        """
        if threading.get_ident() == self._owner:
            raise RuntimeError("StoreWriter.call() waits for the owner's thread; call it from a worker thread")
        waiter = _Waiter()
        self._put(_Write(fn, name, waiter))
        while not waiter.event.wait(CALL_POLL_S):
            if stop is not None and stop():
                raise StoreError(f"Could not {name}: stopped before the job list took it (it is still queued).")
        if waiter.error is not None:
            raise waiter.error
        result: T = waiter.result
        return result

    @property
    def failing(self) -> bool:
        """True while writes are failing (and being retried); what is only for show can wait."""
        return self._problem is not None

    @property
    def closed(self) -> bool:
        return self._closed

    @property
    def unsaved(self) -> int:
        """How many changes have not reached the file yet."""
        with self._lock:
            return len(self._queue)

    def pending_membership(self) -> tuple[set[str], set[str]]:
        """Ids added (or restored) and ids removed by changes not yet in the file."""
        added: set[str] = set()
        removed: set[str] = set()
        with self._lock:
            ops = list(self._queue)
        for op in ops:
            if op.kind in ("add", "restore"):
                added.update(op.jobids)
                removed.difference_update(op.jobids)
            elif op.kind == "remove":
                removed.update(op.jobids)
                added.difference_update(op.jobids)
        return added, removed

    def close(self, flush_s: float = CLOSE_FLUSH_S) -> int:
        """Write what is still queued and close the connection it opened (a shared one stays open for its owner);
        the number of changes that could not be saved. Safe twice.

        While the runner runs, the last writes go through the store lane and are waited for up to ``flush_s``;
        once it has stopped, they are written here (nothing else writes then). A change that cannot be written
        is logged; the file keeps its older state (a job's poll result is asked for again at the next start).
        A :meth:`call` still waiting gets a ``StoreError``.
        """
        with self._lock:
            if self._closed:
                return 0
            self._closed = True
            batch = list(self._queue)
            self._queue.clear()
        self._retry.stop()
        if not batch and self._flushing is None and self._store is None:
            return 0  # never wrote and holds nothing: no file to close, nothing to wait for
        ended = threading.Event()

        def last() -> None:
            try:
                self._apply(batch)
            finally:
                store, self._store = self._store, None
                if store is not None and store is not self._shared:
                    store.close()
                ended.set()

        if self._runner.closed:
            # The lane's worker may be abandoned in a write still: wait for it (a little), never write twice.
            if self._applying.acquire(timeout=flush_s):
                self._applying.release()
                last()
        else:
            # After a flush still running (the lane is serialized); what it wrote is marked done and not redone.
            self._runner.run(last, name="save the last changes to the job list", lane=STORE_LANE)
            ended.wait(flush_s)
        lost = sum(not op.done for op in batch)
        if lost:
            log.warning("%d change(s) to the job list were not saved at exit", lost)
        closing = StoreError("The job list was closed before this change could be saved.")
        for op in batch:
            if isinstance(op, _Write) and op.waiter is not None:
                op.waiter.fail(closing)
        return lost

    # -- internals ----------------------------------------------------------------------------------------

    def _put(self, op: _Op | _Write) -> None:
        with self._lock:
            closed = self._closed
            if not closed:
                self._queue.append(op)
        if closed:
            log.warning("a change to the job list came after it was closed: not saved")
            if isinstance(op, _Write) and op.waiter is not None:
                op.waiter.fail(StoreError("The job list was closed before this change could be saved."))
            return
        if threading.get_ident() != self._owner:
            with contextlib.suppress(RuntimeError):  # the writer is gone: close() wrote (or logged) the rest
                self._wake.emit()
        elif not self._retry.isActive():
            self._flush()

    def _on_wake(self) -> None:
        if not self._retry.isActive():
            self._flush()

    def _flush(self) -> None:
        if self._flushing is not None or self._runner.closed or self._closed:
            return
        with self._lock:
            batch = list(self._queue)
        if not batch:
            return
        self._flushing = self._runner.run(
            lambda: self._apply(batch), name="save the job list", lane=STORE_LANE, on_success=self._on_flushed,
            on_failure=self._on_crashed,
        )

    def _apply(self, batch: list[_Op | _Write]) -> tuple[int, str | None]:
        """On the store lane: write in order; stop at the first failure (it and the rest are retried)."""
        done = 0
        if all(op.done for op in batch):
            return len(batch), None  # nothing to write: no file opened for it
        with self._applying:
            try:
                if self._store is None:
                    self._store = self._open()
                for op in batch:
                    if not op.done:
                        op.apply(self._store)
                        op.done = True
                    done += 1
            except StoreError as exc:
                return done, str(exc)
        return done, None

    def _on_crashed(self, exc: BaseException) -> None:
        # Not a StoreError: a bug or an OS error. What was written is marked done; the rest is kept and retried.
        log.error("writing to the job list failed unexpectedly", exc_info=exc)
        self._on_flushed((0, describe_failure(exc)))

    def _on_flushed(self, result: tuple[int, str | None]) -> None:
        self._flushing = None
        if self._closed:
            return  # close() wrote (or gave up on) the rest
        done, error = result
        with self._lock:
            for _ in range(done):
                self._queue.popleft()
        if error is not None:
            self._failures += 1
            wait = STORE_BACKOFF.delay(self._failures - 1, self._rng)
            if error != self._problem:
                log.warning("changes to the job list cannot be saved yet (kept, retried): %s", error)
                self._problem = error
                self.problem.emit(error)
            if not self._closed:
                self._retry.start(int(wait * 1000))
            return
        self._failures = 0
        if self._problem is not None and not self.unsaved:
            log.info("changes to the job list are being saved again")
            self._problem = None
            self.problem.emit(None)
        self._flush()


class SubmissionStore(Protocol):
    """The submissions table as the submission queue and the studio use it: the process's one database object
    itself, or :class:`LaneSubmissions` over it."""

    def submission(self, ref: str) -> Submission | None: ...
    def submissions(
        self, states: Iterable[SubmissionState] | None = None, *, batch: str | None = None
    ) -> list[Submission]: ...
    def open_submissions(self) -> list[Submission]: ...
    def submission_jobids(self) -> set[str]: ...
    def submissions_sent_after(self, account: str, when: datetime, exclude: str) -> int: ...
    def add_submissions(self, subs: Iterable[Submission]) -> list[Submission]: ...
    def change_submission(self, old: Submission, new: Submission) -> bool: ...
    def move_submission(self, ref: str, how: Callable[[Submission], Submission]) -> Submission | None: ...
    def recover_submissions(self, now: datetime, alive: Callable[[str | None], bool] = ...) -> list[Submission]: ...
    def remove_submissions(self, refs: Iterable[str]) -> int: ...


class LaneSubmissions:
    """The submissions table for code on worker threads: reads straight from the process's one database object
    (under its lock), writes through the process's writer lane, waited for (the caller needs the row as written;
    a failing store is retried and said by the writer). ``stop()`` true ends a wait (the write stays queued)."""

    def __init__(self, store: JobStore, writer: StoreWriter, *, stop: Callable[[], bool] | None = None) -> None:
        self.store = store
        self._writer = writer
        self._stop = stop

    def _call(self, fn: Callable[[JobStore], T], name: str) -> T:
        return self._writer.call(fn, name=name, stop=self._stop)

    # -- reads --

    def submission(self, ref: str) -> Submission | None:
        return self.store.submission(ref)

    def submissions(
        self, states: Iterable[SubmissionState] | None = None, *, batch: str | None = None
    ) -> list[Submission]:
        return self.store.submissions(states, batch=batch)

    def open_submissions(self) -> list[Submission]:
        return self.store.open_submissions()

    def submission_jobids(self) -> set[str]:
        return self.store.submission_jobids()

    def submissions_sent_after(self, account: str, when: datetime, exclude: str) -> int:
        return self.store.submissions_sent_after(account, when, exclude)

    # -- writes --

    def add_submissions(self, subs: Iterable[Submission]) -> list[Submission]:
        items = list(subs)
        return self._call(lambda s: s.add_submissions(items), "queue songs")

    def change_submission(self, old: Submission, new: Submission) -> bool:
        return self._call(lambda s: s.change_submission(old, new), "change a submission")

    def move_submission(self, ref: str, how: Callable[[Submission], Submission]) -> Submission | None:
        return self._call(lambda s: s.move_submission(ref, how), "change a submission")

    def recover_submissions(
        self, now: datetime, alive: Callable[[str | None], bool] = owner_alive
    ) -> list[Submission]:
        return self._call(lambda s: s.recover_submissions(now, alive), "recover the submissions a process left")

    def remove_submissions(self, refs: Iterable[str]) -> int:
        items = list(refs)
        return self._call(lambda s: s.remove_submissions(items), "remove submissions")

"""Writes to the job store, off the owner's thread: queued in order, retried until they succeed, never dropped.

The tracker hands every change (jobs added, removed or restored, poll results) to a :class:`StoreWriter`, which
applies them in order on the runner's serialized ``"store"`` lane, through the process's one database object
(given to it; it opens one of its own only when given a way to open one instead, and closes only that). A write that
fails (the file locked by another process, a full disk, a read-only folder) stays queued and is retried with
backoff; ``problem`` says why until the queue drains again. The window shows each change at once either way.
"""

from __future__ import annotations

import logging
import random
import threading
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from PySide6.QtCore import QObject, QTimer, Signal

from flowmusic_gui.core.schedule import Backoff
from flowmusic_gui.core.states import JobState
from flowmusic_gui.core.store import JobStore, StoreError
from flowmusic_gui.engine.tasks import TaskHandle, TaskRunner, describe_failure
from flowmusic_gui.engine.types import JobView

log = logging.getLogger(__name__)

#: The runner lane every store write goes through, one at a time.
STORE_LANE = "store"
#: The waits between attempts at a write that failed: the app's one backoff, from a quarter second up to 8 s,
#: repeated until the store recovers.
STORE_BACKOFF = Backoff(base=0.25, cap=8.0)
#: How long close() waits for the last writes to reach the file.
CLOSE_FLUSH_S = 1.0


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


class StoreWriter(QObject):
    """The ordered queue of changes to one store file; lives on the owner's thread."""

    problem = Signal(object)  # str: why changes cannot be saved (they are kept and retried); None: saved again

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
        self._store: JobStore | None = None  # touched on the store lane only
        self._queue: deque[_Op] = deque()
        self._flushing: TaskHandle | None = None
        self._failures = 0
        self._rng = random.Random()
        self._problem: str | None = None
        self._closed = False
        self._retry = QTimer(self)
        self._retry.setSingleShot(True)
        self._retry.timeout.connect(self._flush)

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

    @property
    def unsaved(self) -> int:
        """How many changes have not reached the file yet."""
        return len(self._queue)

    def pending_membership(self) -> tuple[set[str], set[str]]:
        """Ids added (or restored) and ids removed by changes not yet in the file."""
        added: set[str] = set()
        removed: set[str] = set()
        for op in self._queue:
            if op.kind in ("add", "restore"):
                added.update(op.jobids)
                removed.difference_update(op.jobids)
            elif op.kind == "remove":
                removed.update(op.jobids)
                added.difference_update(op.jobids)
        return added, removed

    def close(self) -> None:
        """Write what is still queued (waiting up to CLOSE_FLUSH_S) and close the connection it opened (a shared
        one stays open for its owner). Safe twice.

        A change that cannot be written in that time is logged; the file keeps its older state (a job's poll
        result is asked for again at the next start).
        """
        if self._closed:
            return
        self._closed = True
        self._retry.stop()
        if self._runner.closed:
            return
        batch = list(self._queue)
        ended = threading.Event()

        def last() -> None:
            try:
                self._apply([op for op in batch if not op.done])
            finally:
                store, self._store = self._store, None
                if store is not None and store is not self._shared:
                    store.close()
                ended.set()

        # After a flush still running (the lane is serialized); what it wrote is marked done and not redone.
        self._runner.run(last, name="save the last changes to the job list", lane=STORE_LANE)
        if not ended.wait(CLOSE_FLUSH_S):
            log.warning("%d change(s) to the job list were not saved at exit", sum(not op.done for op in batch))
        self._queue.clear()

    # -- internals ----------------------------------------------------------------------------------------

    def _put(self, op: _Op) -> None:
        if self._closed:
            log.warning("a change to the job list came after it was closed: not saved")
            return
        self._queue.append(op)
        if not self._retry.isActive():
            self._flush()

    def _flush(self) -> None:
        if self._flushing is not None or not self._queue or self._runner.closed or self._closed:
            return
        batch = list(self._queue)
        self._flushing = self._runner.run(
            lambda: self._apply(batch), name="save the job list", lane=STORE_LANE, on_success=self._on_flushed,
            on_failure=self._on_crashed,
        )

    def _apply(self, batch: list[_Op]) -> tuple[int, str | None]:
        """On the store lane: write in order; stop at the first failure (it and the rest are retried)."""
        done = 0
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
        if self._problem is not None and not self._queue:
            log.info("changes to the job list are being saved again")
            self._problem = None
            self.problem.emit(None)
        self._flush()

"""The polling worker: a QObject on its own QThread, driven by the pure policy, with requests on a small pool.

Requests run on daemon threads, never on the worker's thread, so the worker stays responsive: a hanging request
delays nothing but itself, and stopping abandons it instead of waiting for its read timeout.
"""

from __future__ import annotations

import logging
import math
import queue
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from datetime import datetime, timezone

from PySide6.QtCore import QObject, QThread, QTimer, Signal, Slot

from flowmusic_gui.core.client import (
    ApiClient,
    AuthFailed,
    Forbidden,
    JobFound,
    NotFound,
    Outcome,
    RateLimited,
    Transient,
)
from flowmusic_gui.core.records import JobState, parse_record_compact
from flowmusic_gui.core.schedule import PolicyConfig, PollPolicy, PollResult
from flowmusic_gui.engine.types import OutcomeKind, PollOutcome, RateLimit

log = logging.getLogger(__name__)

#: How long stop() waits for the worker thread. Requests in flight are abandoned, not awaited.
STOP_TIMEOUT_MS = 2000
#: How long closing the request pool waits for its threads to end (well inside STOP_TIMEOUT_MS).
_CLOSE_GRACE_S = 0.5


@dataclass(frozen=True)
class PollEntry:
    """A job handed to the poller: its last known state, when it started (epoch seconds) and its error streak."""

    jobid: str
    state: JobState = JobState.NEW
    started_at: float | None = None
    errors: int = 0


def _utcnow() -> datetime:
    return datetime.now(timezone.utc)


class _RequestPool:
    """A fixed number of daemon threads that run ``get_job`` and hand each outcome to ``deliver``."""

    def __init__(self, client: ApiClient, size: int, deliver: Callable[[str, int, Outcome], None]) -> None:
        self._client = client
        self._deliver = deliver
        self._queue: queue.SimpleQueue[tuple[str, int] | None] = queue.SimpleQueue()
        self._closed = threading.Event()
        # Held while an outcome is handed over: once close() returns no thread is inside Qt, and none will
        # enter it. A daemon thread still inside a Qt call when the interpreter exits aborts the process
        # ("terminate called without an active exception").
        self._handover = threading.Lock()
        self._threads = [
            threading.Thread(target=self._run, name=f"flowmusic-request-{i}", daemon=True)
            for i in range(max(1, size))
        ]
        for t in self._threads:
            t.start()

    def submit(self, jobid: str, tag: int) -> None:
        """Request ``jobid``; ``tag`` comes back with the outcome (the token generation it was sent with)."""
        if not self._closed.is_set():
            self._queue.put((jobid, tag))

    def close(self) -> None:
        """Stop taking work. Threads busy with a request finish it on their own and drop its outcome."""
        with self._handover:
            self._closed.set()
        for _ in self._threads:
            self._queue.put(None)
        # Idle threads end at once; give them a moment, so none is still running when the interpreter exits
        # (a daemon thread ended by the interpreter inside C++ code aborts the process). One stuck in a request
        # is abandoned when the moment is up: stopping never waits for a read timeout.
        deadline = time.monotonic() + _CLOSE_GRACE_S
        for t in self._threads:
            t.join(max(0.0, deadline - time.monotonic()))

    def _run(self) -> None:
        while True:
            item = self._queue.get()
            if item is None or self._closed.is_set():
                return
            jobid, tag = item
            try:
                outcome: Outcome = self._client.get_job(jobid)
            except Exception as exc:  # get_job never raises by contract; a bug must not kill the thread
                log.exception("request for a job failed unexpectedly")
                outcome = Transient(f"unexpected error: {type(exc).__name__}", None)
            with self._handover:
                if self._closed.is_set():
                    return
                try:
                    self._deliver(jobid, tag, outcome)
                except RuntimeError:  # the worker was deleted while this request was in flight
                    return


class PollWorker(QObject):
    """Lives on the poller thread. Every slot runs there; every signal carries plain data."""

    outcome = Signal(object)  # PollOutcome
    auth_failed = Signal(str)
    rate_limited = Signal(object)  # RateLimit
    idle = Signal()

    _delivered = Signal(str, int, object)

    def __init__(
        self,
        client: ApiClient,
        config: PolicyConfig,
        *,
        clock: Callable[[], float] = time.monotonic,
        wall: Callable[[], datetime] = _utcnow,
    ) -> None:
        super().__init__()
        self._client = client
        self._config = config
        self._clock = clock
        self._wall = wall
        self._policy = PollPolicy(config)
        self._jobs: dict[str, PollEntry] = {}
        self._timer: QTimer | None = None
        self._pool: _RequestPool | None = None
        self._auth_paused = False
        self._token_generation = 0  # bumped by set_token: a 401 for an older token says nothing of the new one
        self._was_idle = True
        self._learned: list[float] = []
        self._delivered.connect(self._on_delivered)

    # -- slots, called through queued signals from the owner's thread ------------------------------------

    @Slot()
    def start(self) -> None:
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self._wake)
        self._pool = _RequestPool(self._client, self._config.concurrency, self._deliver_from_pool)
        self._wake()

    @Slot(list)
    def add_jobs(self, entries: list[PollEntry]) -> None:
        now = self._clock()
        for entry in entries:
            self._jobs[entry.jobid] = entry
            if not entry.state.is_terminal:
                self._add_to_policy(entry, now)
        self._wake()

    @Slot(list)
    def remove_jobs(self, jobids: list[str]) -> None:
        for jobid in jobids:
            self._jobs.pop(jobid, None)
            self._policy.remove(jobid)
        self._reschedule()

    @Slot(list)
    def recheck(self, jobids: list[str]) -> None:
        now = self._clock()
        for jobid in jobids:
            if jobid in self._jobs:
                self._policy.recheck(jobid, now=now)
        self._wake()

    @Slot(object)
    def set_token(self, token: str | None) -> None:
        self._client.set_token(token)
        self._token_generation += 1
        if self._auth_paused and token:
            self._auth_paused = False
            self._policy.resume(self._clock())
        self._wake()

    @Slot(object)
    def set_config(self, config: PolicyConfig) -> None:
        """Rebuild the policy on the new intervals and budget; what it learned is kept."""
        self._config = config
        self._policy = PollPolicy(config)
        if self._pool is not None:
            # Answers still in flight belong to the old policy: drop them with the old pool.
            self._pool.close()
            self._pool = _RequestPool(self._client, config.concurrency, self._deliver_from_pool)
        for seconds in self._learned:
            self._policy.learn_duration(seconds)
        now = self._clock()
        for entry in self._jobs.values():
            if not entry.state.is_terminal:
                self._add_to_policy(entry, now)
        if self._auth_paused:
            self._policy.pause_all(math.inf)
        self._wake()

    @Slot(list)
    def learn(self, durations: list[float]) -> None:
        for seconds in durations:
            self._learn_one(seconds)

    @Slot()
    def stop(self) -> None:
        if self._timer is not None:
            self._timer.stop()
        if self._pool is not None:
            self._pool.close()
            self._pool = None
        thread = self.thread()
        if thread is not None:
            thread.quit()

    # -- internals ----------------------------------------------------------------------------------------

    def _learn_one(self, seconds: float) -> None:
        if math.isfinite(seconds) and seconds > 0:
            self._learned.append(seconds)
            del self._learned[:-200]
            self._policy.learn_duration(seconds)

    def _to_monotonic(self, epoch: float, now: float) -> float:
        # The policy runs on the monotonic clock; translate a wall-clock instant onto it.
        return now - max(0.0, self._wall().timestamp() - epoch)

    def _add_to_policy(self, entry: PollEntry, now: float) -> None:
        started = None if entry.started_at is None else self._to_monotonic(entry.started_at, now)
        self._policy.add(
            entry.jobid, now=now, started_at=started, state=entry.state.value, errors=entry.errors
        )

    def _deliver_from_pool(self, jobid: str, tag: int, outcome: Outcome) -> None:
        # Runs on a pool thread: a queued signal brings the outcome to this object's thread.
        self._delivered.emit(jobid, tag, outcome)

    @Slot()
    def _wake(self) -> None:
        if self._pool is None:
            return
        now = self._clock()
        for jobid in self._policy.take_due(now):
            self._pool.submit(jobid, self._token_generation)
        self._reschedule()

    def _reschedule(self) -> None:
        if self._timer is None:
            return
        now = self._clock()
        delay = self._policy.next_wakeup(now)
        if delay is None or math.isinf(delay):
            self._timer.stop()
        else:
            self._timer.start(max(0, min(math.ceil(delay * 1000), 2**31 - 1)))
        idle = self._policy.is_idle() and self._policy.in_flight == 0
        if idle and not self._was_idle:
            self.idle.emit()
        self._was_idle = idle

    @Slot(str, int, object)
    def _on_delivered(self, jobid: str, tag: int, result: Outcome) -> None:
        if self._pool is None:
            return
        now = self._clock()
        polled_at = self._wall()
        entry = self._jobs.get(jobid)
        if entry is None:  # removed while in flight
            self._policy.report(jobid, PollResult.TERMINAL, now=now)
            self._policy.remove(jobid)
            self._reschedule()
            return
        out = self._interpret(entry, result, now, polled_at)
        if out.kind is OutcomeKind.AUTH_FAILED and tag != self._token_generation:
            # Sent with a token that has since been replaced: ask again with the new one.
            self._policy.report(jobid, PollResult.AUTH_FAILED, now=now)
            if not self._auth_paused:
                self._policy.resume(now)
        elif out.kind is OutcomeKind.AUTH_FAILED:
            first = not self._auth_paused
            self._auth_paused = True
            self._policy.report(jobid, PollResult.AUTH_FAILED, now=now)
            self._policy.pause_all(math.inf)
            if first:
                self.auth_failed.emit(out.message)
        elif out.kind is OutcomeKind.RATE_LIMITED:
            self._policy.report(jobid, PollResult.RATE_LIMITED, now=now, retry_after=out.retry_in)
            self.rate_limited.emit(RateLimit(out.retry_in, out.message))
        elif out.kind is OutcomeKind.TRANSIENT:
            kind = PollResult.CERTIFICATE if out.retry_slowly else PollResult.TRANSIENT
            self._policy.report(jobid, kind, now=now)
            due = self._policy.due_at(jobid)
            out = replace(out, retry_in=0.0 if due is None else max(0.0, due - now), errors=entry.errors + 1)
            self._jobs[jobid] = PollEntry(jobid, entry.state, entry.started_at, entry.errors + 1)
        else:
            state = out.state or entry.state
            terminal = state.is_terminal
            started = entry.started_at
            if out.record is not None and out.record.created_at is not None:
                started = out.record.created_at.timestamp()
            self._policy.report(
                jobid,
                PollResult.TERMINAL if terminal else PollResult.PENDING,
                now=now,
                started_at=None if started is None else self._to_monotonic(started, now),
            )
            self._jobs[jobid] = PollEntry(jobid, state, started, 0)
            if state is JobState.COMPLETED and out.record is not None and out.record.duration_ms:
                self._learn_one(out.record.duration_ms / 1000.0)
        self.outcome.emit(out)
        self._wake()

    def _interpret(self, entry: PollEntry, result: Outcome, now: float, polled_at: datetime) -> PollOutcome:
        jobid = entry.jobid
        if isinstance(result, JobFound):
            # Kept as compact text: the window may hold thousands of records (see records.JsonText).
            record = parse_record_compact(result.data)
            state = record.state
            if state is None:
                return PollOutcome(
                    jobid, OutcomeKind.TRANSIENT, polled_at,
                    message=f"the server sent a record with an unknown status ({record.status!r})",
                )
            if record.jobid is not None and record.jobid != jobid:
                return PollOutcome(
                    jobid, OutcomeKind.TRANSIENT, polled_at,
                    message="the server answered with another job's record",
                )
            return PollOutcome(jobid, OutcomeKind.RECORD, polled_at, state=state, record=record)
        if isinstance(result, NotFound):
            return PollOutcome(jobid, OutcomeKind.NOT_FOUND, polled_at, state=JobState.NOT_FOUND,
                               message=result.message)
        if isinstance(result, Forbidden):
            return PollOutcome(jobid, OutcomeKind.FORBIDDEN, polled_at, state=JobState.FORBIDDEN,
                               message=result.message)
        if isinstance(result, AuthFailed):
            return PollOutcome(jobid, OutcomeKind.AUTH_FAILED, polled_at, message=result.message)
        if isinstance(result, RateLimited):
            return PollOutcome(jobid, OutcomeKind.RATE_LIMITED, polled_at, message=result.message,
                               retry_in=result.retry_after)
        if isinstance(result, Transient):
            return PollOutcome(jobid, OutcomeKind.TRANSIENT, polled_at, message=result.message,
                               retry_slowly=result.retry_slowly)
        return PollOutcome(jobid, OutcomeKind.TRANSIENT, polled_at, message="unexpected answer")


class Poller(QObject):
    """Owns the poller thread. Lives on the caller's thread; talks to the worker only through signals."""

    outcome = Signal(object)  # PollOutcome
    auth_failed = Signal(str)
    rate_limited = Signal(object)  # RateLimit
    idle = Signal()

    _add = Signal(list)
    _remove = Signal(list)
    _recheck = Signal(list)
    _token = Signal(object)
    _config_changed = Signal(object)
    _learn = Signal(list)
    _stop = Signal()

    def __init__(self, client: ApiClient, config: PolicyConfig | None = None,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._client = client
        self._thread: QThread | None = None
        self._worker: PollWorker | None = None
        self._policy_config = config or PolicyConfig()

    @property
    def running(self) -> bool:
        return self._thread is not None and self._thread.isRunning()

    def start(self) -> None:
        if self._thread is not None:
            return
        thread = QThread()
        thread.setObjectName("flowmusic-poller")
        worker = PollWorker(self._client, self._policy_config)
        worker.moveToThread(thread)
        thread.started.connect(worker.start)
        # No finished -> deleteLater: Python owns the worker and frees it once stop() has waited for the thread.
        worker.outcome.connect(self.outcome)
        worker.auth_failed.connect(self.auth_failed)
        worker.rate_limited.connect(self.rate_limited)
        worker.idle.connect(self.idle)
        self._add.connect(worker.add_jobs)
        self._remove.connect(worker.remove_jobs)
        self._recheck.connect(worker.recheck)
        self._token.connect(worker.set_token)
        self._config_changed.connect(worker.set_config)
        self._learn.connect(worker.learn)
        self._stop.connect(worker.stop)
        self._thread, self._worker = thread, worker
        thread.start()

    def add(self, entries: Iterable[PollEntry]) -> None:
        batch = list(entries)
        if batch:
            self._add.emit(batch)

    def remove(self, jobids: Iterable[str]) -> None:
        batch = list(jobids)
        if batch:
            self._remove.emit(batch)

    def recheck(self, jobids: Iterable[str]) -> None:
        batch = list(jobids)
        if batch:
            self._recheck.emit(batch)

    def set_token(self, token: str | None) -> None:
        if self._thread is None:
            self._client.set_token(token)
        else:
            self._token.emit(token)

    def set_config(self, config: PolicyConfig) -> None:
        self._policy_config = config
        if self._thread is not None:
            self._config_changed.emit(config)

    def learn(self, durations: Iterable[float]) -> None:
        batch = [float(d) for d in durations]
        if batch:
            self._learn.emit(batch)

    def stop(self) -> bool:
        """Stop the worker and wait for its thread (at most 2 s). True when it stopped in time."""
        thread = self._thread
        if thread is None:
            return True
        self._stop.emit()
        ok = thread.wait(STOP_TIMEOUT_MS)
        if not ok:  # pragma: no cover - the worker never blocks; keep the process alive anyway
            log.error("the poller thread did not stop within %d ms", STOP_TIMEOUT_MS)
            thread.quit()
            ok = thread.wait(STOP_TIMEOUT_MS)
        self._thread = None
        self._worker = None
        return ok

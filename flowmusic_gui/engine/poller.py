"""The poller: the pure policy decides when each job is asked for; the requests run on the task runner.

The policy's bookkeeping runs on the owner's thread (a few milliseconds per wake even with 10,000 jobs); each
request runs as a task on the runner's ``"poll"`` lane, which also parses the answer, so only plain outcomes
come back. A :class:`SendGate` holds every request to the global budget at the moment it is sent, as the
server sees it, whatever the policy (rebuilt by new settings) or a queue of requests did before. Stopping
never waits for a request: answers still in flight are dropped.
"""

from __future__ import annotations

import functools
import logging
import math
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from datetime import datetime, timezone

from PySide6.QtCore import QObject, QTimer, Signal

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
from flowmusic_gui.engine.tasks import TaskContext, TaskHandle, TaskRunner
from flowmusic_gui.engine.types import OutcomeKind, PollOutcome, RateLimit

log = logging.getLogger(__name__)

#: The runner lane job requests run on.
POLL_LANE = "poll"
#: How long answers may gather before the next wake while at least half the request slots are still busy.
_ANSWER_BATCH_MS = 2
#: Added to the gate's window: requests leave here a hair apart, and arrive at the server with some jitter.
_GATE_MARGIN_S = 0.05


@dataclass(frozen=True)
class PollEntry:
    """A job handed to the poller: its last known state, when it started (epoch seconds) and its error streak."""

    jobid: str
    state: JobState = JobState.NEW
    started_at: float | None = None
    errors: int = 0


def _utcnow() -> datetime:
    return datetime.now(timezone.utc)


class SendGate:
    """The global request budget at send time: at most ``floor(budget)`` requests start in any second.

    Thread-safe; a request task waits in :meth:`wait` until a slot is free. It outlives policy rebuilds and
    client changes (the tracker keeps one), so new settings never buy a fresh burst. Every request the poller
    sends to the API (a job's poll, and the running-jobs list when it comes) waits here right before it goes.
    """

    def __init__(self, budget_per_s: float, *, clock: Callable[[], float] = time.monotonic) -> None:
        self._lock = threading.Lock()
        self._clock = clock
        self._starts: deque[float] = deque()
        self.set_budget(budget_per_s)

    def set_budget(self, budget_per_s: float) -> None:
        with self._lock:
            if budget_per_s >= 1.0:
                self._limit, self._window = int(budget_per_s), 1.0
            else:
                self._limit, self._window = 1, 1.0 / budget_per_s
            # The margin matters only to a budget a server enforces per second; a lifted one (benchmarks,
            # tests) is not slowed by it.
            self._margin = _GATE_MARGIN_S if self._limit <= 50 else 0.0

    def wait(self, ctx: TaskContext | None = None) -> bool:
        """Block until a request may start now (and count it); False if ``ctx`` was cancelled meanwhile."""
        while True:
            with self._lock:
                now = self._clock()
                window = self._window + self._margin
                while self._starts and self._starts[0] <= now - window:
                    self._starts.popleft()
                if len(self._starts) < self._limit:
                    self._starts.append(now)
                    return True
                delay = self._starts[len(self._starts) - self._limit] + window - now
            if ctx is None:
                time.sleep(max(0.001, delay))
            elif ctx.wait_cancelled(max(0.001, delay)):
                return False


def _interpret(jobid: str, result: Outcome, polled_at: datetime) -> PollOutcome:
    """One answer as plain data (runs on the request's worker thread: parsing stays off the owner's)."""
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


def _request(client: ApiClient, gate: SendGate, jobid: str, wall: Callable[[], datetime]) -> Callable[
    [TaskContext], PollOutcome | None
]:
    def run(ctx: TaskContext) -> PollOutcome | None:
        if not gate.wait(ctx):
            return None  # stopped while waiting for the budget
        try:
            result: Outcome = client.get_job(jobid)
        except Exception as exc:  # get_job never raises by contract; a bug must not lose the job
            log.exception("request for a job failed unexpectedly")
            result = Transient(f"unexpected error: {type(exc).__name__}", None)
        return _interpret(jobid, result, wall())

    return run


class Poller(QObject):
    """Polls the jobs it is given until each is terminal; emits one plain :class:`PollOutcome` per answer.

    Lives on the owner's thread. ``runner`` runs the requests (one of its own when not given, shut down by
    :meth:`stop`); ``gate`` keeps the budget at send time (pass the same one to a replacement poller).
    """

    outcome = Signal(object)  # PollOutcome
    auth_failed = Signal(str)
    rate_limited = Signal(object)  # RateLimit
    idle = Signal()

    def __init__(
        self,
        client: ApiClient,
        config: PolicyConfig | None = None,
        parent: QObject | None = None,
        *,
        runner: TaskRunner | None = None,
        gate: SendGate | None = None,
        clock: Callable[[], float] = time.monotonic,
        wall: Callable[[], datetime] = _utcnow,
    ) -> None:
        super().__init__(parent)
        self._client = client
        self._config = config or PolicyConfig()
        self._own_runner = runner is None
        self._runner = runner if runner is not None else TaskRunner(self)
        self._gate = gate if gate is not None else SendGate(self._config.budget_per_s)
        self._gate.set_budget(self._config.budget_per_s)
        self._clock = clock
        self._wall = wall
        self._policy = PollPolicy(self._config)
        self._jobs: dict[str, PollEntry] = {}
        self._learned: list[float] = []
        self._in_flight: dict[str, TaskHandle] = {}
        self._running = False
        self._auth_paused = False
        self._token_generation = 0  # bumped by set_token: a 401 for an older token says nothing of the new one
        self._generation = 0  # bumped by set_config and stop: answers to an older policy are dropped
        self._was_idle = True
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self._wake)
        # Answers that arrive together are taken in together: one wake for the lot, not one each.
        self._kick = QTimer(self)
        self._kick.setSingleShot(True)
        self._kick.timeout.connect(self._wake)
        self._runner.lane(POLL_LANE, self._config.concurrency)

    @property
    def running(self) -> bool:
        return self._running

    @property
    def gate(self) -> SendGate:
        return self._gate

    # -- commands (owner's thread) --------------------------------------------------------------------------

    def start(self) -> None:
        if self._running:
            return
        self._running = True
        self._wake()

    def add(self, entries: Iterable[PollEntry]) -> None:
        now, wall_s = self._clock(), self._wall().timestamp()  # read once: 10,000 jobs come in one call
        any_added = False
        for entry in entries:
            any_added = True
            self._jobs[entry.jobid] = entry
            if not entry.state.is_terminal:
                self._add_to_policy(entry, now, wall_s)
        if any_added:
            self._wake_soon()

    def remove(self, jobids: Iterable[str]) -> None:
        now = self._clock()
        for jobid in jobids:
            self._jobs.pop(jobid, None)
            handle = self._in_flight.pop(jobid, None)
            if handle is not None:
                # Its answer (if any) is ignored: free its place in the policy's in-flight count now.
                handle.cancel()
                self._policy.report(jobid, PollResult.TERMINAL, now=now)
            self._policy.remove(jobid)
        self._reschedule()

    def recheck(self, jobids: Iterable[str]) -> None:
        now = self._clock()
        for jobid in jobids:
            if jobid in self._jobs:
                self._policy.recheck(jobid, now=now)
        self._wake_soon()

    def set_token(self, token: str | None) -> None:
        self._client.set_token(token)
        self._token_generation += 1
        if self._auth_paused and token:
            self._auth_paused = False
            self._policy.resume(self._clock())
        self._wake_soon()

    def set_config(self, config: PolicyConfig) -> None:
        """Rebuild the policy on the new intervals and budget; what it learned is kept."""
        self._config = config
        self._gate.set_budget(config.budget_per_s)
        self._runner.lane(POLL_LANE, config.concurrency)
        self._policy = PollPolicy(config)
        self._drop_in_flight()  # answers still in flight belong to the old policy
        for seconds in self._learned:
            self._policy.learn_duration(seconds)
        now, wall_s = self._clock(), self._wall().timestamp()
        for entry in self._jobs.values():
            if not entry.state.is_terminal:
                self._add_to_policy(entry, now, wall_s)
        if self._auth_paused:
            self._policy.pause_all(math.inf)
        self._wake_soon()

    def learn(self, durations: Iterable[float]) -> None:
        for seconds in durations:
            self._learn_one(float(seconds))

    def stop(self) -> bool:
        """Stop polling at once: requests in flight are abandoned and their answers dropped. Safe to call twice."""
        self._running = False
        self._timer.stop()
        self._kick.stop()
        self._drop_in_flight()
        if self._own_runner:
            self._runner.shutdown(0.5)  # a request stuck in a read is abandoned, by design
        return True

    # -- internals ------------------------------------------------------------------------------------------

    def _drop_in_flight(self) -> None:
        self._generation += 1
        for handle in self._in_flight.values():
            handle.cancel()
        self._in_flight.clear()

    def _learn_one(self, seconds: float) -> None:
        if math.isfinite(seconds) and seconds > 0:
            self._learned.append(seconds)
            del self._learned[:-200]
            self._policy.learn_duration(seconds)

    def _to_monotonic(self, epoch: float, now: float, wall_s: float | None = None) -> float:
        # The policy runs on the monotonic clock; translate a wall-clock instant onto it.
        wall_s = self._wall().timestamp() if wall_s is None else wall_s
        return now - max(0.0, wall_s - epoch)

    def _add_to_policy(self, entry: PollEntry, now: float, wall_s: float | None = None) -> None:
        started = None if entry.started_at is None else self._to_monotonic(entry.started_at, now, wall_s)
        self._policy.add(
            entry.jobid, now=now, started_at=started, state=entry.state.value, errors=entry.errors
        )

    def _wake_soon(self) -> None:
        if self._running and not self._kick.isActive():
            self._kick.start(0)

    def _wake_after_answer(self) -> None:
        # Each wake scans every due job, so one per freed slot is wasteful with thousands of jobs: wake at
        # once when half the slots (or all) are free, else within 2 ms, when more answers have come.
        if not self._running:
            return
        in_flight = self._policy.in_flight
        if in_flight == 0 or in_flight <= self._config.concurrency // 2:
            self._kick.start(0)
        elif not self._kick.isActive():
            self._kick.start(_ANSWER_BATCH_MS)

    def _wake(self) -> None:
        if not self._running:
            return
        now = self._clock()
        generation, tag = self._generation, self._token_generation
        for jobid in self._policy.take_due(now):
            self._in_flight[jobid] = self._runner.submit(
                _request(self._client, self._gate, jobid, self._wall),
                name="poll a job",
                lane=POLL_LANE,
                on_success=functools.partial(self._on_answer, jobid, generation, tag),
                on_failure=functools.partial(self._on_crash, jobid, generation),
            )
        self._reschedule()

    def _reschedule(self) -> None:
        if not self._running:
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

    def _on_crash(self, jobid: str, generation: int, exc: BaseException) -> None:
        # _request catches what get_job raises; this is a bug in parsing: keep polling, say it as a problem.
        log.error("reading a job's answer failed", exc_info=exc)
        out = PollOutcome(jobid, OutcomeKind.TRANSIENT, self._wall(),
                          message=f"unexpected error: {type(exc).__name__}")
        self._on_answer(jobid, generation, self._token_generation, out)

    def _on_answer(self, jobid: str, generation: int, tag: int, out: PollOutcome | None) -> None:
        if generation != self._generation or not self._running:
            return  # an answer for a policy that is gone
        if self._in_flight.pop(jobid, None) is None:
            return  # removed while in flight (and perhaps added again since: that poll is its own)
        now = self._clock()
        entry = self._jobs.get(jobid)
        if out is None or entry is None:  # cancelled, or removed while in flight
            self._policy.report(jobid, PollResult.TERMINAL, now=now)
            self._policy.remove(jobid)
            if entry is not None:
                self._add_to_policy(entry, now)
            self._wake_soon()
            return
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
            started = entry.started_at
            if out.record is not None and out.record.created_at is not None:
                started = out.record.created_at.timestamp()
            self._policy.report(
                jobid,
                PollResult.TERMINAL if state.is_terminal else PollResult.PENDING,
                now=now,
                started_at=None if started is None else self._to_monotonic(started, now),
            )
            self._jobs[jobid] = PollEntry(jobid, state, started, 0)
            if state is JobState.COMPLETED and out.record is not None and out.record.duration_ms:
                self._learn_one(out.record.duration_ms / 1000.0)
        self.outcome.emit(out)
        self._wake_after_answer()

"""The poller: the list-aware policy decides when to look at ``GET /jobs`` and which jobs to read one by one.

The policy (``core.watch_schedule.WatchPolicy``) runs on the owner's thread; each request runs as a task on the
runner's ``"poll"`` lane, which also parses the answer, so only plain outcomes come back. One look at the
running-jobs list speaks for every running job of every account; a job that leaves it is read at once, and jobs
the list cannot speak for (sync-mode jobs, other tokens' jobs, any time the list fails) are polled on their own.
Only a job record changes a job's state. Running jobs the poller does not watch are announced (``discovered``);
the owner decides whether to take them in. A :class:`SendGate` holds every request to the global budget at the
moment it is sent, as the server sees it. Stopping never waits for a request: answers still in flight are
dropped.
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
    AccountProblem,
    ApiClient,
    AuthFailed,
    Forbidden,
    JobFound,
    NotFound,
    Outcome,
    RateLimited,
    RunningJobs,
    RunningOutcome,
    Transient,
)
from flowmusic_gui.core.records import JobState, parse_record_compact, parse_timestamp
from flowmusic_gui.core.schedule import LearnedDuration, Limiter, PolicyConfig, PollResult, valid_duration
from flowmusic_gui.core.watch_schedule import (
    ListAnswer,
    ListedJob,
    ListFailure,
    LookAtList,
    PollJob,
    WatchConfig,
    WatchPolicy,
    watch_config_for,
)
from flowmusic_gui.engine.tasks import TaskContext, TaskHandle, TaskRunner
from flowmusic_gui.engine.turns import turns
from flowmusic_gui.engine.types import AccountNotice, FoundJob, OutcomeKind, PollOutcome, RateLimit

log = logging.getLogger(__name__)

#: The runner lane job requests run on.
POLL_LANE = "poll"
#: How long answers may gather before the next wake while at least half the request slots are still busy.
_ANSWER_BATCH_MS = 2
#: Jobs handed to the policy per turn of the event loop (about 7 ms of work).
_TRACK_PER_TURN = 2000
#: Jobs of a list answer the policy takes in (or indexes anew) per turn of the event loop before it decides: a look
#: at 12,000 listed jobs is ~20 ms of the schedule's work quiet, twice that with a busy machine (2-4 ms a pass here).
SETTLE_PER_TURN = 2000
#: Turns of settling in a row after which the next wake decides anyway (next_actions then does the rest whole):
#: a change that keeps starting the due index's rebuild over must not hold every request back.
_SETTLE_TURNS_MAX = 64
#: Added to the gate's window: requests leave here a hair apart, and arrive at the server with some jitter.
_GATE_MARGIN_S = 0.05


#: Running jobs a list answer found, made into FoundJob per pass of the owner's loop (~1.5 ms a thousand).
FOUND_PER_TURN = 2000


@dataclass(frozen=True)
class PollEntry:
    """A job handed to the poller: its last known state, when it started (epoch seconds) and its error streak.

    ``polled_at`` (epoch seconds) is when a restored job's record was last read; ``listed`` says the running-jobs
    list showed it just now (a discovered job: its record is not read until it leaves the list).
    """

    jobid: str
    state: JobState = JobState.NEW
    started_at: float | None = None
    errors: int = 0
    polled_at: float | None = None
    listed: bool = False
    account: str | None = None


def _utcnow() -> datetime:
    return datetime.now(timezone.utc)


class SendGate:
    """The global request budget at send time: a lock around the policy's :class:`~core.schedule.Limiter`.

    Thread-safe; a request task waits in :meth:`wait` until a slot is free. It outlives policy rebuilds and
    client changes (the tracker keeps one), so new settings never buy a fresh burst. Every request the poller
    sends to the API (a job's poll, and the running-jobs list) waits here right before it goes.
    """

    def __init__(self, budget_per_s: float, *, clock: Callable[[], float] = time.monotonic) -> None:
        self._lock = threading.Lock()
        self._clock = clock
        self._limiter = Limiter(budget_per_s)
        self.set_budget(budget_per_s)

    def set_budget(self, budget_per_s: float) -> None:
        # The margin matters only to a budget a server enforces per second; a lifted one (benchmarks, tests) is
        # not slowed by it.
        margin = _GATE_MARGIN_S if budget_per_s < 51.0 else 0.0
        with self._lock:
            self._limiter.set_budget(budget_per_s, margin=margin)

    def wait(self, ctx: TaskContext | None = None) -> bool:
        """Block until a request may start now (and count it); False if ``ctx`` was cancelled meanwhile."""
        while True:
            with self._lock:
                delay = self._limiter.try_acquire(self._clock())
            if delay <= 0.0:
                return True
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
    if isinstance(result, AccountProblem):
        return PollOutcome(jobid, OutcomeKind.ACCOUNT_ERROR, polled_at, message=result.message,
                           account=result.email)
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


@dataclass(frozen=True)
class _ListOutcome:
    """One answer to ``GET /jobs`` as plain data: the list, or why there is none."""

    running: RunningJobs | None
    failure: ListFailure | None = None
    message: str = ""
    retry_after: float | None = None
    #: Each listed job, its created time as a POSIX time (the answer's ``clock_shift`` puts it on the policy's
    #: clock), made on the worker: parsing 12,000 timestamps and making 12,000 entries on the owner's thread
    #: held it ~40-70 ms at every look.
    listed: tuple[ListedJob, ...] = ()


def _listed(running: RunningJobs) -> tuple[ListedJob, ...]:
    out: list[ListedJob] = []
    for account in running.accounts:
        for job in account.jobs:
            created = parse_timestamp(job.created_at)
            out.append(ListedJob(job.jobid, account.email, None if created is None else created.timestamp(),
                                 job.operation))  # fmt: skip
    return tuple(out)


def _list_outcome(result: RunningOutcome) -> _ListOutcome:
    if isinstance(result, RunningJobs):
        return _ListOutcome(result, listed=_listed(result))
    if isinstance(result, AuthFailed):
        return _ListOutcome(None, ListFailure.AUTH_FAILED, result.message)
    if isinstance(result, RateLimited):
        return _ListOutcome(None, ListFailure.RATE_LIMITED, result.message, result.retry_after)
    if isinstance(result, (NotFound, Forbidden)):
        return _ListOutcome(None, ListFailure.UNSUPPORTED, result.message)
    if isinstance(result, Transient) and result.status in (405, 501):
        return _ListOutcome(None, ListFailure.UNSUPPORTED, result.message)
    message = getattr(result, "message", "unexpected answer")
    return _ListOutcome(None, ListFailure.TRANSIENT, str(message))


def _look(client: ApiClient, gate: SendGate) -> Callable[[TaskContext], _ListOutcome | None]:
    def run(ctx: TaskContext) -> _ListOutcome | None:
        if not gate.wait(ctx):
            return None
        try:
            result: RunningOutcome = client.running_jobs()
        except Exception as exc:  # running_jobs never raises by contract; a bug must not stop the looks
            log.exception("looking at the running jobs failed unexpectedly")
            result = Transient(f"unexpected error: {type(exc).__name__}", None)
        return _list_outcome(result)

    return run


class Poller(QObject):
    """Watches the jobs it is given until each is terminal; emits one plain :class:`PollOutcome` per job answer.

    Lives on the owner's thread. ``runner`` runs the requests (one of its own when not given, shut down by
    :meth:`stop`); ``gate`` keeps the budget at send time (pass the same one to a replacement poller).
    """

    outcome = Signal(object)  # PollOutcome
    auth_failed = Signal(str)
    rate_limited = Signal(object)  # RateLimit
    idle = Signal()
    #: Running jobs on the list that are not watched, each announced once while it runs: list[FoundJob].
    discovered = Signal(list)
    #: Every good look at ``GET /jobs``: the RunningJobs as the server listed them.
    running_listed = Signal(object)
    #: An account entered the error state (AccountNotice); ``account_healed`` (email) when it answers again.
    account_problem = Signal(object)
    account_healed = Signal(str)
    #: The list cannot be used now (a message), or can again (""): the jobs are polled one by one meanwhile.
    list_problem = Signal(str)
    #: A completed job's generation time (LearnedDuration), for the owner to keep for the next start.
    learned = Signal(object)

    def __init__(
        self,
        client: ApiClient,
        config: PolicyConfig | None = None,
        parent: QObject | None = None,
        *,
        runner: TaskRunner,
        gate: SendGate | None = None,
        clock: Callable[[], float] = time.monotonic,
        wall: Callable[[], datetime] = _utcnow,
        watch: WatchConfig | None = None,
        browse: bool = True,
    ) -> None:
        super().__init__(parent)
        self._client = client
        # Look at the list for its own sake (announce jobs found there, show what runs), or only for the jobs it
        # speaks for (a watch of pasted jobs: one lone job then never costs a look).
        self._browse = browse
        self._config = config or PolicyConfig()
        self._watch = watch
        self._runner = runner
        self._gate = gate if gate is not None else SendGate(self._config.budget_per_s)
        self._gate.set_budget(self._config.budget_per_s)
        self._clock = clock
        self._wall = wall
        self._policy = self._new_policy()
        self._jobs: dict[str, PollEntry] = {}
        self._learned: list[LearnedDuration] = []
        self._in_flight: dict[str, TaskHandle] = {}
        self._look_handle: TaskHandle | None = None
        self._failing: dict[str, str] = {}  # accounts in the error state -> the message said
        self._list_problem = ""
        self._running = False
        self._auth_paused = False
        self._user_paused = False  # pause(): no request starts until resume(); the policy keeps its schedule
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
        self._to_track: deque[PollEntry] = deque()
        self._settling = False  # a turn of the policy's settling (a long answer taken in) is waiting
        self._settle_turns = 0  # turns of settling since the last decision
        self._runner.lane(POLL_LANE, self._config.concurrency)

    def _new_policy(self) -> WatchPolicy:
        watch = self._watch if self._watch is not None else watch_config_for(self._config)
        if watch.poll is not self._config:
            watch = replace(watch, poll=self._config)
        return WatchPolicy(watch, browse=self._browse)

    @property
    def running(self) -> bool:
        return self._running

    @property
    def paused(self) -> bool:
        """True between :meth:`pause` and :meth:`resume`."""
        return self._user_paused

    @property
    def in_flight(self) -> int:
        """Requests handed to the runner whose answers have not come back (the list's look included)."""
        return len(self._in_flight) + (self._look_handle is not None)

    @property
    def gate(self) -> SendGate:
        return self._gate

    @property
    def list_usable(self) -> bool:
        """False while ``GET /jobs`` fails or is unsupported (every job is then polled on its own)."""
        return self._policy.list_usable

    def failing_accounts(self) -> frozenset[str]:
        """Accounts in the error state, whose jobs wait at the slow re-check."""
        return frozenset(self._failing)

    # -- commands (owner's thread) --------------------------------------------------------------------------

    def start(self) -> None:
        if self._running:
            return
        self._running = True
        self._wake()

    def pause(self) -> None:
        """Start no request until :meth:`resume`. Requests already sent finish and their answers are kept.

        The policy is not told: it keeps every job's schedule, so time passes for it as usual and whatever fell
        due meanwhile is sent at once on resume.
        """
        self._user_paused = True
        self._timer.stop()
        self._kick.stop()

    def resume(self) -> None:
        """Start requests again after :meth:`pause`: every job due meanwhile (and the list) at once."""
        if not self._user_paused:
            return
        self._user_paused = False
        self._wake_soon()

    def add(self, entries: Iterable[PollEntry]) -> None:
        any_added = False
        for entry in entries:
            any_added = True
            self._jobs[entry.jobid] = entry
            if not entry.state.is_terminal:
                self._to_track.append(entry)
        if any_added:
            self._track_some()

    def _track_some(self) -> None:
        """Hand queued jobs to the policy, a slice per pass of the event loop (10,000 at once would freeze it): the
        first at once, the rest each in a turn of its own (engine.turns)."""
        now = self._clock()
        wall = self._wall().timestamp()
        for _ in range(min(len(self._to_track), _TRACK_PER_TURN)):
            entry = self._to_track.popleft()
            if self._jobs.get(entry.jobid) is entry:  # not removed or replaced meanwhile
                self._add_to_policy(entry, now, wall)
        if self._to_track:
            turns().run(self._track_some, self)
        self._wake_soon()

    def remove(self, jobids: Iterable[str]) -> None:
        now = self._clock()
        for jobid in jobids:
            self._jobs.pop(jobid, None)
            self._policy.forget(jobid)
            handle = self._in_flight.pop(jobid, None)
            if handle is not None:
                # Its answer (if any) is ignored: free its place in the policy's in-flight count now.
                handle.cancel()
                self._policy.job_result(jobid, PollResult.TERMINAL, now=now)
        self._reschedule()

    def recheck(self, jobids: Iterable[str]) -> None:
        now = self._clock()
        for jobid in jobids:
            if jobid in self._jobs:
                self._policy.recheck(jobid, now=now)
        self._wake_soon()

    def account_health(self, email: str, *, healthy: bool, message: str = "") -> None:
        """What ``GET /accounts`` says of one account: its jobs slow right down, or resume at once."""
        self._policy.account_health(email, healthy=healthy, now=self._clock())
        self._note_accounts(message or f"the account {email} is in an error state")
        self._wake_soon()

    def rediscover(self) -> None:
        """Announce again, at the next look, the running jobs not watched (discovery was just switched on)."""
        self._policy.rediscover()

    def set_browse(self, on: bool) -> None:
        """Look at the list for its own sake too (``running_listed``, ``discovered``), or only for the jobs it
        speaks for."""
        self._browse = on
        self._policy.set_browse(on)
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
        self._to_track.clear()  # the new policy takes every job in below (a slice still waiting finds none)
        old = self._policy
        self._policy = self._new_policy()
        self._drop_in_flight()  # answers still in flight belong to the old policy
        for item in self._learned:
            self._policy.learn_duration(item.seconds, account=item.account, operation=item.operation)
        now = self._clock()
        wall = self._wall().timestamp()
        for entry in self._jobs.values():
            if not entry.state.is_terminal:
                self._add_to_policy(replace(entry, errors=old.errors(entry.jobid)), now, wall)
        for email in self._failing:
            self._policy.account_health(email, healthy=False, now=now)
        if self._auth_paused:
            self._policy.pause_all(math.inf)
        self._wake_soon()

    def learn(self, durations: Iterable[LearnedDuration | float]) -> None:
        """Generation times learned before (the store's, oldest first); a plain number is a song's, no account's."""
        for item in durations:
            self._learn_one(item if isinstance(item, LearnedDuration) else LearnedDuration(float(item)))

    def stop(self) -> bool:
        """Stop polling at once: requests in flight are abandoned and their answers dropped. Safe to call twice."""
        self._running = False
        self._timer.stop()
        self._kick.stop()
        turns().drop(self)  # a list answer or a slice of jobs waiting for its turn
        self._drop_in_flight()
        return True

    # -- internals ------------------------------------------------------------------------------------------

    def _drop_in_flight(self) -> None:
        self._generation += 1
        self._settling = False  # a waiting turn of the old policy's settling does nothing now
        self._settle_turns = 0
        for handle in self._in_flight.values():
            handle.cancel()
        self._in_flight.clear()
        if self._look_handle is not None:
            self._look_handle.cancel()
            self._look_handle = None

    def _learn_one(self, item: LearnedDuration) -> bool:
        if not valid_duration(item.seconds):
            return False
        self._learned.append(item)
        del self._learned[:-400]
        self._policy.learn_duration(item.seconds, account=item.account, operation=item.operation)
        return True

    def _to_monotonic(self, epoch: float, now: float, wall_now: float | None = None) -> float:
        # The policy runs on the monotonic clock; translate a wall-clock instant onto it.
        wall = self._wall().timestamp() if wall_now is None else wall_now
        return now - max(0.0, wall - epoch)

    def _add_to_policy(self, entry: PollEntry, now: float, wall_now: float | None = None) -> None:
        # One wall-clock reading for a whole batch: jobs that started together keep one start time on the
        # policy's clock too (its look planning takes each distinct start once).
        wall = self._wall().timestamp() if wall_now is None else wall_now
        started = None if entry.started_at is None else self._to_monotonic(entry.started_at, now, wall)
        polled = None if entry.polled_at is None else self._to_monotonic(entry.polled_at, now, wall)
        state = entry.state.value if entry.state in (JobState.NEW, JobState.PENDING) else "pending"
        if entry.errors and state == "pending":
            state = "new"  # a restored job whose last polls failed: read it again first
        self._policy.track(
            entry.jobid, now=now, account=entry.account, started_at=started, state=state,
            last_polled_at=polled, listed_at=now if entry.listed else None, errors=entry.errors,
        )  # fmt: skip

    def _wake_soon(self) -> None:
        if self._running and not self._user_paused and not self._kick.isActive():
            self._kick.start(0)

    def _wake_after_answer(self) -> None:
        # Each wake scans every due job, so one per freed slot is wasteful with thousands of jobs: wake at
        # once when half the slots (or all) are free, else within 2 ms, when more answers have come.
        if not self._running or self._user_paused:
            return
        in_flight = self._policy.in_flight
        if in_flight == 0 or in_flight <= self._config.concurrency // 2:
            self._kick.start(0)
        elif not self._kick.isActive():
            self._kick.start(_ANSWER_BATCH_MS)

    def _wake(self) -> None:
        if not self._running or self._user_paused:
            return
        now = self._clock()
        if not self._policy.settle(now, 0) and self._settle_turns < _SETTLE_TURNS_MAX:
            # A long list answer not all taken in, or the due index to rebuild: a few thousand jobs a turn of the
            # loop first (engine.turns), then the decisions (nothing is asked meanwhile; answers are taken in).
            self._settle_soon()
            return
        self._settle_turns = 0
        generation, tag = self._generation, self._token_generation
        actions, wait = self._policy.next_actions(now)
        if self._policy.list_stalled:
            self._say_list_problem("the running-jobs list is not answering; each job is checked on its own meanwhile")
        for action in actions:
            if isinstance(action, LookAtList):
                self._look_handle = self._runner.submit(
                    _look(self._client, self._gate),
                    name="look at the running jobs",
                    lane=POLL_LANE,
                    on_success=functools.partial(self._on_list, generation, tag),
                    on_failure=functools.partial(self._on_list_crash, generation, tag),
                )
            elif isinstance(action, PollJob):
                jobid = action.jobid
                self._in_flight[jobid] = self._runner.submit(
                    _request(self._client, self._gate, jobid, self._wall),
                    name="poll a job",
                    lane=POLL_LANE,
                    on_success=functools.partial(self._on_answer, jobid, generation, tag),
                    on_failure=functools.partial(self._on_crash, jobid, generation),
                )
        self._arm(wait.until, now)
        self._check_idle()

    def _settle_soon(self) -> None:
        if not self._settling:
            self._settling = True
            turns().run(functools.partial(self._settle_some, self._generation), self)

    def _settle_some(self, generation: int) -> None:
        if generation != self._generation:
            return  # the policy it was for is gone (set_config, stop)
        self._settling = False
        if not self._running or self._user_paused:
            return  # resume() wakes it again
        self._settle_turns += 1
        if self._policy.settle(self._clock(), SETTLE_PER_TURN) or self._settle_turns >= _SETTLE_TURNS_MAX:
            self._wake()
        else:
            self._settle_soon()

    def _arm(self, until: float | None, now: float) -> None:
        if until is None or math.isinf(until):
            self._timer.stop()
            return
        delay = max(0.0, until - now)
        self._timer.start(max(0, min(math.ceil(delay * 1000), 2**31 - 1)))

    def _reschedule(self) -> None:
        if self._running:
            self._wake_soon()

    def _check_idle(self) -> None:
        idle = self._policy.is_idle() and self._policy.in_flight == 0
        if idle and not self._was_idle:
            self.idle.emit()
        self._was_idle = idle

    def _note_accounts(self, message: str) -> None:
        """Say once when an account enters the error state, and when it answers again."""
        now_failing = self._policy.failing_accounts()
        for email in sorted(now_failing - self._failing.keys()):
            self._failing[email] = message
            self.account_problem.emit(AccountNotice(email, message))
        for email in sorted(self._failing.keys() - now_failing):
            del self._failing[email]
            self.account_healed.emit(email)

    def _on_list_crash(self, generation: int, tag: int, exc: BaseException) -> None:
        log.error("reading the running jobs failed", exc_info=exc)
        out = _ListOutcome(None, ListFailure.TRANSIENT, f"unexpected error: {type(exc).__name__}")
        self._on_list(generation, tag, out)

    def _on_list(self, generation: int, tag: int, out: _ListOutcome | None) -> None:
        if generation != self._generation or not self._running:
            return
        # A look at thousands of listed jobs holds the loop a while: in a pass of its own (engine.turns).
        turns().run(functools.partial(self._take_list, generation, tag, out), self)

    def _take_list(self, generation: int, tag: int, out: _ListOutcome | None) -> None:
        if generation != self._generation or not self._running:
            return
        self._look_handle = None
        now = self._clock()
        if out is None:
            self._policy.list_result(now, ListFailure.TRANSIENT)
            self._wake_soon()
            return
        if out.failure is ListFailure.AUTH_FAILED:
            self._policy.list_result(now, ListFailure.AUTH_FAILED)
            if tag != self._token_generation:
                if not self._auth_paused:
                    self._policy.resume(now)  # asked with a token since replaced
            else:
                first = not self._auth_paused
                self._auth_paused = True
                self._policy.pause_all(math.inf)
                if first:
                    self.auth_failed.emit(out.message)
        elif out.failure is not None:
            self._policy.list_result(now, out.failure, retry_after=out.retry_after)
            if out.failure is ListFailure.RATE_LIMITED:
                self.rate_limited.emit(RateLimit(out.retry_after or 0.0, out.message))
            else:
                self._say_list_problem(f"the running-jobs list is unavailable ({out.message}); "
                                       "each job is checked on its own meanwhile")
        else:
            assert out.running is not None
            self._say_list_problem("")
            # Taken in a few thousand jobs a turn (_settle_some) before the next decision.
            report = self._policy.list_result(now, self._answer(out, now), in_steps=True)
            self.running_listed.emit(out.running)
            if report.discovered:
                # Thousands found on one answer are told in a pass of the loop of their own, after this look's.
                entries = report.discovered
                turns().run(lambda: self._tell_found(generation, entries), self)
        self._wake_soon()

    def _tell_found(self, generation: int, entries: tuple[ListedJob, ...], made: list[FoundJob] | None = None) -> None:
        """Tell ``discovered`` of these entries, all at once, made a few thousand a pass of the loop."""
        if generation != self._generation or not self._running:
            return
        made = [] if made is None else made
        made.extend(self._found(entry) for entry in entries[len(made) : len(made) + FOUND_PER_TURN])
        if len(made) < len(entries):
            turns().run(lambda: self._tell_found(generation, entries, made), self)
        else:
            self.discovered.emit(made)

    def _say_list_problem(self, message: str) -> None:
        if message != self._list_problem:
            self._list_problem = message
            self.list_problem.emit(message)

    def _answer(self, out: _ListOutcome, now: float) -> ListAnswer:
        # The policy runs on the monotonic clock: one shift for the whole answer (see _to_monotonic).
        return ListAnswer(out.listed, clock_shift=now - self._wall().timestamp())

    @staticmethod
    def _found(entry: ListedJob) -> FoundJob:
        created = None if entry.created_at is None else datetime.fromtimestamp(entry.created_at, timezone.utc)
        return FoundJob(entry.jobid, entry.account, created, entry.operation)

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
            self._policy.job_result(jobid, PollResult.TRANSIENT, now=now)
            self._wake_soon()
            return
        if out.kind is OutcomeKind.AUTH_FAILED and tag != self._token_generation:
            # Sent with a token that has since been replaced: ask again with the new one.
            self._policy.job_result(jobid, PollResult.AUTH_FAILED, now=now)
            if not self._auth_paused:
                self._policy.resume(now)
        elif out.kind is OutcomeKind.AUTH_FAILED:
            first = not self._auth_paused
            self._auth_paused = True
            self._policy.job_result(jobid, PollResult.AUTH_FAILED, now=now)
            self._policy.pause_all(math.inf)
            if first:
                self.auth_failed.emit(out.message)
        elif out.kind is OutcomeKind.RATE_LIMITED:
            self._policy.job_result(jobid, PollResult.RATE_LIMITED, now=now, retry_after=out.retry_in)
            self.rate_limited.emit(RateLimit(out.retry_in, out.message))
        elif out.kind is OutcomeKind.ACCOUNT_ERROR:
            account = out.account or entry.account
            if account is not None and entry.account is None:
                entry = replace(entry, account=account)
                self._jobs[jobid] = entry
            self._policy.job_result(jobid, PollResult.ACCOUNT_ERROR, now=now)
            self._note_accounts(out.message)
        elif out.kind is OutcomeKind.TRANSIENT:
            kind = PollResult.CERTIFICATE if out.retry_slowly else PollResult.TRANSIENT
            self._policy.job_result(jobid, kind, now=now)
            due = self._policy.due_at(jobid)
            wait = 0.0 if due is None or math.isinf(due) else max(0.0, due - now)
            out = replace(out, retry_in=wait)
        else:
            state = out.state or entry.state
            started = entry.started_at
            if out.record is not None and out.record.created_at is not None:
                started = out.record.created_at.timestamp()
            record = out.record
            self._policy.job_result(
                jobid,
                PollResult.TERMINAL if state.is_terminal else PollResult.PENDING,
                now=now,
                started_at=None if started is None else self._to_monotonic(started, now),
                operation=None if record is None else record.operation,
            )
            self._jobs[jobid] = replace(entry, state=state, started_at=started, listed=False)
            if state is JobState.COMPLETED and record is not None and record.duration_ms:
                learned = LearnedDuration(
                    record.duration_ms / 1000.0, record.email or entry.account, record.operation, jobid
                )
                if self._learn_one(learned):
                    self.learned.emit(learned)
            self._note_accounts("")  # a record from a failing account's job: it is healthy again
        # The streak is the policy's: the outcome carries it, so the tracker shows and stores it as it stands.
        self.outcome.emit(replace(out, errors=self._policy.errors(jobid)))
        self._wake_after_answer()

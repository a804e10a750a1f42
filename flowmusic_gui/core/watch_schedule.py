"""The list-aware polling policy: when to look at the running-jobs list and which per-job polls are still needed.

Pure and in virtual time (no Qt, no I/O, no clock): the caller passes ``now``. The rules it shares with the engine's
send gate and every other retry (rate model, budget, backoff with jitter, Retry-After, pauses) are ``core.schedule``'s.

How the engine's poller drives it (one thread; all times float seconds on one clock, e.g. monotonic)::

    policy = WatchPolicy(WatchConfig())
    policy.track(jobid, now=now)                                      # pasted: read its record at once
    policy.track(jobid, now=now, started_at=t0, state="pending", last_polled_at=t1)   # restored from the store
    while running:
        action = policy.next_action(now)
        if isinstance(action, LookAtList):    # send GET /jobs; when it answers:
            report = policy.list_result(now, answer := ListAnswer(jobs=...))   # or a ListFailure (below)
            for entry in report.discovered:   # running jobs not watched, each reported once: the caller
                policy.track(entry.jobid, now=now, account=entry.account, started_at=answer.created(entry, now),
                             state="pending", listed_at=now)   # decides (or state="new" to read the record)
            # report.left: watched jobs gone from the list; they are already being polled
        elif isinstance(action, PollJob):     # send GET /jobs/{action.jobid}; when it answers:
            policy.job_result(action.jobid, PollResult.PENDING, now=now, started_at=created_at)
        else:                                 # Wait: sleep until action.until, or (None) until an answer,
            ...                               # a track()/recheck()/resume() call, whichever comes first

Each ``LookAtList``/``PollJob`` is in flight (and counted against the budget) from the moment ``next_action``
returns it until its answer is reported; call ``next_action`` again at once to start more. Report every request
exactly once, a failed one too. A completed record's ``duration_ms / 1000`` goes to ``learn_duration()``, and
``GET /accounts`` (an ``error`` field, or none) to ``account_health()``. A caller whose thread must never be held
long (the window's) hands a good answer with ``list_result(..., in_steps=True)`` and calls ``settle(now, n)``, a
few thousand jobs a turn, until it is True before deciding again: 12,000 listed jobs are 20-60 ms of work whole.

| answer | ``GET /jobs`` -> ``list_result`` | ``GET /jobs/{jobid}`` -> ``job_result`` |
| --- | --- | --- |
| 200 | ``ListAnswer``: every listed job; accounts with an error in ``failing_accounts`` | ``PENDING`` / ``TERMINAL`` |
| 403, 404, 410 | 404 (and 405, 501): ``ListFailure.UNSUPPORTED`` | ``TERMINAL`` |
| 401 | ``ListFailure.AUTH_FAILED``; ``resume()`` once a new token is saved | ``AUTH_FAILED`` |
| 429 | ``ListFailure.RATE_LIMITED`` with ``retry_after`` | ``RATE_LIMITED`` with ``retry_after`` |
| 596 | the accounts it names in ``failing_accounts`` | ``ACCOUNT_ERROR`` |
| 5xx, network, timeout, garbage | ``ListFailure.TRANSIENT`` | ``TRANSIENT`` |
| a certificate that cannot be verified | ``ListFailure.TRANSIENT`` | ``CERTIFICATE`` (retried slowly) |

What the list may and may not say. Only a job record (``GET /jobs/{jobid}``) changes a job's state: the list says
"still running" (the job is on it) or "left" (it was on the previous good look and is gone). A job that leaves is
polled at once, so a finished song shows within about one look. Jobs the list cannot speak for fall back to
a per-job schedule from the rate model: a job still pending by its record but missing from the list for ``grace_s``
(sync-mode jobs, another token's jobs), and every job while ``GET /jobs`` fails or is unsupported (404, 405, 501).
Then the budget binds soonest: with ``fill_jobs`` or more jobs, a job may be read ``fill_read_s`` after it was last
seen, ahead of its schedule, whenever the budget has room, and the due reads go likeliest-finished first (the hazard
accrued since last seen, weighed by the time unseen). A list that keeps failing is tried again with backoff, and no
sooner than a quarter of how long it has failed (at most ``failing_recheck_s`` apart): its retries would take the
jobs' reads, yet a list that recovers is used again.
An account in the error state (596 on a poll, or named by the list or ``GET /accounts``) has its jobs re-checked
every ``account_recheck_s``; they resume at once when the account answers healthily again.

Looks or direct reads. A look costs what a read of one job costs, and a look that shows a job gone still needs
that job's read; so whenever the list would speak for one job only, or reading each of its jobs on its own
schedule costs no more requests than the looks they need plus the reads of the finished (and no job would be read
much less often that way), the jobs are read directly and the list is left alone. The choice is made afresh at
every answer. A job read directly follows the rate model, at most ``expected_read_s`` apart where its finish is
expected and never past its age bound: a lone song of any length is noticed within about 2 s.

When to look. Otherwise the list is looked at with a rate that adds up the per-job rates of the jobs it speaks
for: polling at sqrt(hazard) is what minimises the expected delay per request for one job, and one look serves
all of them, so the look rate is sqrt(sum of the squared per-job rates), scaled so one job at its expected finish
is looked at every ``list_interval``; at least every ``expected_look_s`` / sqrt(n) while n of them are where
their finish is expected, and within the youngest job's age bound; never denser than ``min_list_interval``
(unless so many jobs are expected to finish that their fetches would queue behind the budget: then up to half the
budget), never sparser than ``watch_interval`` while a job is watched, and every ``idle_interval`` while the list
speaks for no job (discovery; not at all when the caller wants the list only for its jobs: ``browse=False``).
The budget (no 1-s window over floor(budget) requests), concurrency, Retry-After and backoff with jitter are
``core.schedule``'s, shared by looks and polls. The policy keeps each job's error streak (``errors()``): the
engine shows and stores what it reports and counts nothing itself.
"""

from __future__ import annotations

import heapq
import math
import random
from collections import deque
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from enum import Enum

from flowmusic_gui.core.jobids import split_jobid
from flowmusic_gui.core.schedule import (
    ACTIVE_STATES,
    MAX_LEARNED,
    MIN_LEARNED,
    SCHEDULE_JITTER,
    TERMINAL_STATES,
    WAKE_SLACK,
    Backoff,
    Hold,
    Limiter,
    PolicyConfig,
    PollResult,
    RateModel,
    rate_model,
    valid_duration,
)

__all__ = [
    "LONG",
    "SHORT",
    "ListAnswer",
    "ListFailure",
    "ListReport",
    "ListedJob",
    "LookAtList",
    "PollJob",
    "Wait",
    "WatchAction",
    "WatchConfig",
    "WatchPolicy",
    "operation_kind",
    "short_config",
    "watch_config_for",
]

# The look rate is integrated on this grid (seconds): fine against a 2-s minimum interval, and a plan costs
# (jobs x watch_interval / step) rate look-ups.
_STEP_S = 0.25

#: Kinds of job, by operation: an edit that only processes audio (an effect: trim, fade, gain...; stems) takes
#: seconds; a song and the edits that generate (extend, cover, remix, replace) take a minute or more.
SHORT = "short"
LONG = "long"
_SHORT_OPERATIONS = frozenset({"effect", "stems", "trim", "fade", "gain", "reverb", "pan", "equalizer"})


def operation_kind(operation: object) -> str:
    """The kind of job a record's (or the list's) ``operation`` names; a song has none (and anything unknown is
    taken for long: the any-length bound still catches a short one)."""
    if isinstance(operation, str) and operation.strip().lower() in _SHORT_OPERATIONS:
        return SHORT
    return LONG


def short_config(config: PolicyConfig) -> PolicyConfig:
    """The schedule of short jobs: a prior from a twentieth of a song's shortest generation time to it."""
    return replace(config, prior_min_s=config.prior_min_s / 20.0, prior_max_s=max(config.prior_min_s, 1e-3))


_DUE_SLACK = 1e-9
# A list failing for a while is tried again no sooner than this share of how long it has failed
# (``WatchConfig.failing_recheck_s``).
_OUTAGE_SHARE = 0.25
# The urgency of a job on its own polls weighs the hazard accrued since it was last seen by that time unseen to
# this power (``WatchPolicy._urgency``).
_UNSEEN_WEIGHT = 0.25
# A job is read directly only if its own interval is at most this many times the gap between the looks it would
# otherwise get (one job alone: its own interval is 4/3 of its look gap, list_interval against poll_interval).
_DIRECT_SLACK = 1.5
#: The due index is rebuilt when it holds this many times as many entries as there are active jobs (plus a few).
_INDEX_SLACK = 2
# While every job is on its own polls, the next read goes to the likeliest finished of the jobs due now; with
# thousands due at once (a huge list that went down) only this many of the longest overdue are weighed, so a wake
# costs the same for 50 jobs or 12,000 (every due job still comes first in its turn, longest overdue first).
_LIKELIEST_OF = 256


def _default_poll_config() -> PolicyConfig:
    return PolicyConfig()


@dataclass(frozen=True)
class WatchConfig:
    """Tunables. ``poll`` holds the per-job fallback schedule, the global budget, concurrency and the prior."""

    poll: PolicyConfig = field(default_factory=_default_poll_config)
    list_interval: float = 3.0  # one job at its expected finish: a look this often
    min_list_interval: float = 2.0  # the densest looks, however many jobs are due
    watch_interval: float = 60.0  # the sparsest looks while jobs are watched
    idle_interval: float = 12.0  # looks while nothing is watched: a new job shows within this (+ a round trip)
    grace_s: float = 8.0  # a pending job missing from the list this long is polled on its own
    unsupported_recheck_s: float = 600.0  # GET /jobs answered 404/405/501: try it again this much later
    # GET /jobs failing (5xx, network, a stall past the deadline) for a while: the next try waits at least a
    # quarter of how long it has been failing (besides the backoff), up to this. A look that keeps failing
    # costs a request the jobs' own reads need, yet a list that recovers is used again within about a quarter
    # of the outage (a one-minute outage: some 15 s).
    failing_recheck_s: float = 120.0
    account_recheck_s: float = 300.0  # jobs of an account in the error state (596)
    listed_recheck_s: float = 900.0  # a job the list keeps showing is still read now and then
    # While jobs the list speaks for are at an age where finishes are expected (the middle 96% of the generation
    # time, prior or learned), looks come at least this often for one such job and sqrt(n) times as often for n
    # of them (never denser than min_list_interval): the density follows how many finishes a look may show; a
    # finished song shows within about 2 s there (inf: off).
    expected_look_s: float = 3.2
    # Where a job's finish is expected, its own reads (a job read directly, or every job while the list cannot be
    # used) come at least this often: a song of any length in that range is noticed within about 1.3 s on average
    # and 3 s at worst (inf: off).
    expected_read_s: float = 2.6
    # Direct reads: when the jobs the list would speak for cost no more read one by one than the looks they need
    # (a lone job, mostly), each is read on its own schedule and the list is left alone (a look showing a job
    # gone would still need the fetch of its record). False: the list is looked at for every job it can speak for.
    direct_reads: bool = True
    # A look still unanswered this long speaks for no job: every job falls back to its own polls until a look
    # answers (the client's total deadline ends the look itself; a list that trickles must not hold jobs back).
    stall_s: float = 3.0
    # While the list cannot be used and ``fill_jobs`` or more jobs are watched, a job may be read this soon after
    # it was last seen running, ahead of its own schedule, whenever the budget has room: the urgency order
    # (likeliest finished first) then decides every read, and a second the schedule would leave idle goes to the
    # job likeliest to have finished (inf: off).
    fill_read_s: float = 3.0
    fill_jobs: int = 3

    def __post_init__(self) -> None:
        values = (
            self.list_interval,
            self.min_list_interval,
            self.watch_interval,
            self.idle_interval,
            self.grace_s,
            self.unsupported_recheck_s,
            self.failing_recheck_s,
            self.account_recheck_s,
            self.listed_recheck_s,
            self.stall_s,
        )
        if not all(v > 0 and math.isfinite(v) for v in values):
            raise ValueError("every WatchConfig interval must be a finite number > 0")
        if not self.expected_look_s > 0:  # inf: no dense looks where finishes are expected
            raise ValueError("expected_look_s must be > 0")
        if not self.expected_read_s > 0:  # inf: a job's own reads follow the rate model alone
            raise ValueError("expected_read_s must be > 0")
        if not self.fill_read_s > 0:  # inf: no read ahead of a job's own schedule
            raise ValueError("fill_read_s must be > 0")
        if self.fill_jobs < 1:
            raise ValueError("fill_jobs must be at least 1")
        if not self.min_list_interval <= self.list_interval <= self.watch_interval:
            raise ValueError("need min_list_interval <= list_interval <= watch_interval")


#: The list-aware intervals of ``WatchConfig`` are tuned for a 4-s base interval; other bases scale them.
_BASE_POLL_INTERVAL = 4.0


def watch_config_for(config: PolicyConfig) -> WatchConfig:
    """The list-aware schedule for these per-job settings: every interval scaled with ``poll_interval``.

    At the default 4-s base this is ``WatchConfig``'s own tuning; tests and benchmarks that shrink the base
    shrink the looks, the grace and the re-checks with it.
    """
    d = WatchConfig()
    k = config.poll_interval / _BASE_POLL_INTERVAL
    return WatchConfig(
        poll=config,
        list_interval=d.list_interval * k,
        min_list_interval=d.min_list_interval * k,
        watch_interval=max(d.list_interval * k, min(d.watch_interval * k, config.max_interval)),
        idle_interval=d.idle_interval * k,
        grace_s=d.grace_s * k,
        unsupported_recheck_s=d.unsupported_recheck_s * k,
        failing_recheck_s=d.failing_recheck_s * k,
        account_recheck_s=d.account_recheck_s * k,
        listed_recheck_s=d.listed_recheck_s * k,
        stall_s=d.stall_s * k,
        # Not scaled: "within about 2 s where a song's finish is expected" is a promise in seconds; a shrunk base
        # (tests, benchmarks) reads more often than that anyway, and a scaled one would read without pause.
        expected_look_s=d.expected_look_s,
        expected_read_s=d.expected_read_s,
    )


# -- what the policy asks for --------------------------------------------------------------------------------


@dataclass(frozen=True)
class LookAtList:
    """Send ``GET /jobs`` now; report what it said with ``list_result()``."""


@dataclass(frozen=True)
class PollJob:
    """Send ``GET /jobs/{jobid}`` now; report what it said with ``job_result()``."""

    jobid: str


@dataclass(frozen=True)
class Wait:
    """Nothing to start before ``until`` (same clock as ``now``); None: until a result, track() or resume()."""

    until: float | None


WatchAction = LookAtList | PollJob | Wait


# -- what the caller reports ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class ListedJob:
    """One running job on ``GET /jobs``: ``account`` is the email it is listed under, ``created_at`` on the
    policy's clock once its answer's ``clock_shift`` is added (None if missing or unreadable)."""

    jobid: str
    account: str
    created_at: float | None = None
    operation: str | None = None


@dataclass(frozen=True)
class ListAnswer:
    """A good ``GET /jobs``: every running job, and the accounts it (or ``GET /accounts``) says are in error."""

    jobs: tuple[ListedJob, ...] = ()
    failing_accounts: frozenset[str] = frozenset()
    #: Added to each job's ``created_at`` to put it on the policy's clock (a time after the look counts as the
    #: look's). The engine reads the list on a worker in wall-clock time and gives the shift with the answer,
    #: instead of building every listed job anew on the policy's thread at every look.
    clock_shift: float = 0.0

    def created(self, job: ListedJob, now: float) -> float | None:
        """``job``'s created time on the policy's clock (None if unknown)."""
        return None if job.created_at is None else min(job.created_at + self.clock_shift, now)

    @classmethod
    def from_running(cls, running: Mapping[str, Iterable[str]]) -> ListAnswer:
        """From ``{email: [jobid, ...]}`` (tests and benchmarks)."""
        return cls(tuple(ListedJob(j, email) for email, ids in running.items() for j in ids))


class ListFailure(Enum):
    """Why ``GET /jobs`` gave no list."""

    TRANSIENT = "transient"  # 5xx, network, timeout, garbage: every job falls back; the list is retried
    UNSUPPORTED = "unsupported"  # 404, 405, 501: every job falls back; the list is tried again rarely
    RATE_LIMITED = "rate_limited"  # 429: everything waits for Retry-After
    AUTH_FAILED = "auth_failed"  # 401: everything pauses until resume()


@dataclass(frozen=True)
class ListReport:
    """What a good look changed: running jobs not tracked (each reported once) and tracked jobs that left."""

    discovered: tuple[ListedJob, ...] = ()
    left: tuple[str, ...] = ()


# -- the policy ----------------------------------------------------------------------------------------------


@dataclass
class _Watched:
    jobid: str
    account: str | None
    seq: int
    origin: float  # started_at if known, else the time tracked: age = now - origin
    origin_known: bool
    tracked_at: float
    seen_at: float  # last time known running (a pending record or a look that showed it): hazard accrues from it
    _due: float = math.inf  # the per-job schedule (used when the list cannot speak for the job): see ``due``
    record_at: float | None = None  # start of the request whose record last said pending
    listed: bool = False  # on the last good look
    absent_since: float | None = None  # start of the first good look, since it was last listed, without it
    attempted_at: float = 0.0
    errors: int = 0
    urgent: bool = False  # new, re-checked or just left the list: polled at once
    terminal: bool = False
    version: int = 0  # bumped at each change of its due time: older index entries are stale
    kind: str = LONG  # by its operation, once a record or the list named it

    # A due time a look decided and did not work out yet: (the look's start, the job's age then, its rate model,
    # the jitter drawn). Worked out by ``WatchPolicy._job_due`` when first needed; any write of ``due`` drops it.
    deferred: tuple[float, float, RateModel, float] | None = None

    @property
    def due(self) -> float:
        return self._due

    @due.setter
    def due(self, value: float) -> None:
        self._due = value
        self.deferred = None

    def age(self, now: float) -> float:
        return max(0.0, now - self.origin)


# One entry of the due index: (due time, seq, version, job). seq is unique per job and version per entry, so the
# job itself is never compared.
_Entry = tuple[float, int, int, _Watched]


@dataclass
class _LookWork:
    """A good look's word on each job it may change, not all taken in yet (``list_result(in_steps=True)``)."""

    start: float
    now: float
    answer: ListAnswer
    listed: dict[str, ListedJob]
    jobs: list[_Watched]  # the jobs it may change, in tracking order (seq)
    waiting: dict[str, _Watched]  # of those, the ones not taken in yet
    cursor: int = 0
    left: list[str] = field(default_factory=list)


@dataclass
class _IndexWork:
    """The due index being rebuilt a few jobs at a time (``WatchPolicy.settle``)."""

    jobs: list[_Watched]  # the active jobs when it began, in tracking order
    waiting: dict[str, _Watched]  # of those, the ones not indexed yet
    urgent: list[_Entry] = field(default_factory=list)
    plain: list[_Entry] = field(default_factory=list)
    cursor: int = 0


class WatchPolicy:
    """Decides when to look at the running-jobs list and which jobs to poll; see the module docstring.

    Deterministic given ``rng`` (jitter only). Not thread-safe: call it from one thread.
    """

    def __init__(
        self, config: WatchConfig | None = None, *, rng: random.Random | None = None, browse: bool = True
    ) -> None:
        self.config = config if config is not None else WatchConfig()
        self._rng = rng if rng is not None else random.Random()
        self._jobs: dict[str, _Watched] = {}
        self._active: dict[str, _Watched] = {}  # the jobs not terminal, in the order of _jobs
        self._unsettled: set[str] = set()  # active jobs still listed or not looked for since tracked (a superset)
        # The due index next_actions decides from: a heap of urgent and one of other jobs, each keyed by
        # (_job_due, seq), so a wake touches only the jobs it starts and the first one not due. An entry is made
        # at each change of a job (_touch); older ones are stale and dropped when they come up. A change that
        # moves many jobs' due times at once (the list becomes usable or not, an account's error state) marks
        # the whole index for a rebuild instead.
        self._urgent_index: list[_Entry] = []
        self._plain_index: list[_Entry] = []
        self._index_stale = False
        self._building: _IndexWork | None = None  # a rebuild under way (settle): the index is not used meanwhile
        # A good look not taken in whole yet (list_result with in_steps): settle() goes on with it; what reads or
        # changes one job takes in that job's part first, what decides for every job the rest.
        self._look: _LookWork | None = None
        self._in_flight: set[str] = set()
        self._limiter = Limiter(self.config.poll.budget_per_s)
        # Durations learned per (account, kind of operation), and per kind over every account: a job follows
        # its account's own once there are a few, else the kind's.
        self._learned: dict[tuple[str | None, str], deque[float]] = {}
        self._pooled: dict[str, deque[float]] = {}
        self._models: dict[tuple[str | None, str], RateModel] = {}
        self._seq = 0
        poll = self.config.poll
        self._short_config = short_config(poll)
        self._backoff = Backoff(poll.poll_interval, poll.max_interval)
        self._hold = Hold(self._backoff)
        # The list: "unknown" until the first answer, then "ok", "failing" or "unsupported".
        self._list_state = "unknown"
        self._list_errors = 0
        self._list_failing_since = -math.inf  # the first failure of the current streak (_list_errors > 0)
        self._list_in_flight_since: float | None = None
        self._last_look: float | None = None  # start of the last look (good or not)
        self._list_retry_at = -math.inf  # after a failure: no look before this
        self._look_target = 1.0  # jittered share of the rate's integral until the next look
        self._list_due_cache: float | None = None
        self._reported: set[str] = set()  # discovered jobs already reported, until they leave the list
        # Looks for the list's own sake (discovery, what runs): off, the list is looked at only for the jobs it
        # speaks for. Direct: those jobs are read one by one for now (the list would speak for too few).
        self._browse = browse
        self._direct = False
        self._filling = False  # the list cannot be used and enough jobs are watched: reads may come early
        self._account_error_until: dict[str, float] = {}

    # -- the duration model ---------------------------------------------------------------------------

    def _model_for(self, account: str | None, kind: str) -> RateModel:
        key = (account, kind)
        model = self._models.get(key)
        if model is None:
            own = self._learned.get(key)
            learned = own if own is not None and len(own) >= MIN_LEARNED else self._pooled.get(kind, ())
            config = self.config.poll if kind == LONG else self._short_config
            model = rate_model(config, tuple(sorted(learned)))
            self._models[key] = model
        return model

    def _model_of(self, job: _Watched) -> RateModel:
        return self._model_for(job.account, job.kind)

    def learn_duration(self, seconds: float, *, account: str | None = None, operation: str | None = None) -> None:
        """Record one completed job's generation time (``duration_ms / 1000``), with its account and operation
        (the record's ``email`` and ``operation``) when known; nonsense values are ignored."""
        if not valid_duration(seconds):
            return
        kind = operation_kind(operation)
        self._pooled.setdefault(kind, deque(maxlen=MAX_LEARNED)).append(float(seconds))
        if account is not None:
            self._learned.setdefault((account, kind), deque(maxlen=MAX_LEARNED)).append(float(seconds))
        self._models.clear()
        self._list_due_cache = None

    @property
    def expected_finish_s(self) -> float:
        """The median generation time the schedule assumes for a song (prior or learned over every account)."""
        return self._model_for(None, LONG).median_s

    # -- the job set ----------------------------------------------------------------------------------

    def track(
        self,
        jobid: str,
        *,
        now: float,
        account: str | None = None,
        started_at: float | None = None,
        state: str = "new",
        last_polled_at: float | None = None,
        listed_at: float | None = None,
        errors: int = 0,
        operation: str | None = None,
    ) -> None:
        """Watch a job. ``new`` (no record yet) is polled at once; ``pending`` waits for the list to speak for it.

        ``account`` defaults to the email inside the jobid. ``last_polled_at`` is when a restored pending job's
        record was last read; ``listed_at`` the start of the look that listed it (a discovered job taken in as
        pending is then listed at once); ``errors`` the error streak it had (restored: the next failure backs off
        from there). Terminal states are kept but not polled. Tracking twice does nothing.
        """
        state = str(getattr(state, "value", state))
        if state not in ACTIVE_STATES and state not in TERMINAL_STATES:
            raise ValueError(f"unknown job state {state!r}")
        if jobid in self._jobs:
            return
        if account is None:
            parts = split_jobid(jobid)
            account = parts.email if parts is not None else None
        known = started_at is not None and math.isfinite(started_at) and started_at <= now
        self._seq += 1
        seen = now if last_polled_at is None else min(last_polled_at, now)
        if listed_at is not None:
            seen = max(seen, min(listed_at, now))
        job = _Watched(
            jobid=jobid,
            account=account,
            seq=self._seq,
            origin=started_at if known and started_at is not None else now,
            origin_known=known,
            tracked_at=now,
            seen_at=seen,
            attempted_at=now,
            errors=max(0, int(errors)),
            kind=operation_kind(operation),
        )
        self._jobs[jobid] = job
        self._reported.discard(jobid)
        self._list_due_cache = None
        if state in TERMINAL_STATES:
            job.terminal = True
            return
        self._active[jobid] = job
        self._unsettled.add(jobid)
        if state == "new":
            job.urgent = True
            job.due = now
            self._touch(job)
            return
        job.record_at = None if last_polled_at is None else seen
        job.listed = listed_at is not None
        job.due = max(now, seen + self._scheduled_interval(job, job.age(seen)))
        self._touch(job)

    def forget(self, jobid: str) -> None:
        """Stop watching a job. A request already in flight still counts until it is reported.

        A forgotten job still on the list is not reported as discovered again (a user who removed it meant it).
        """
        if self._jobs.pop(jobid, None) is not None:
            self._active.pop(jobid, None)
            self._reported.add(jobid)
            self._list_due_cache = None

    def rediscover(self) -> None:
        """Report every running job not watched again at the next look (discovery was just switched on)."""
        self._reported.clear()

    def recheck(self, jobid: str, *, now: float) -> None:
        """Poll this job promptly, even if terminal (an unknown job is tracked as new)."""
        job = self._jobs.get(jobid)
        if job is None:
            self.track(jobid, now=now)
            return
        self._settle_job(job)
        if job.terminal:
            job.terminal = False
            # Active again, in its place among the others (look planning sums over them in this order).
            self._active = {j: w for j, w in self._jobs.items() if not w.terminal}
            self._unsettled.add(jobid)
        job.urgent = True
        job.errors = 0
        job.due = now
        self._list_due_cache = None
        self._touch(job)

    def account_health(self, account: str, *, healthy: bool, now: float) -> None:
        """What ``GET /accounts`` (or another source) says of one account: its jobs slow down or resume."""
        if (account in self._account_error_until) == healthy:
            self._finish_look()  # its standing changes many jobs' due times: after the look that came first
        if healthy:
            self._heal(account, now)
        else:
            self._account_error_until[account] = now + self.config.account_recheck_s
            self._list_due_cache = None
            self._index_stale = True

    def due_at(self, jobid: str) -> float | None:
        """When this job's own poll is next due (inf: the list speaks for it); None if not watched or terminal."""
        job = self._jobs.get(jobid)
        if job is None or job.terminal:
            return None
        self._settle_job(job)
        return self._job_due(job)

    def errors(self, jobid: str) -> int:
        """The job's error streak: failed polls in a row since its last answer (0 if not watched)."""
        job = self._jobs.get(jobid)
        return 0 if job is None else job.errors

    def failing_accounts(self) -> frozenset[str]:
        """Accounts whose jobs wait at the slow re-check."""
        return frozenset(self._account_error_until)

    @property
    def in_flight(self) -> int:
        """Requests started and not reported yet (looks included)."""
        return len(self._in_flight) + (self._list_in_flight_since is not None)

    def is_idle(self) -> bool:
        """True when no watched job needs anything (all terminal, or none). The list is still looked at."""
        return not self._active

    @property
    def list_usable(self) -> bool:
        """False while ``GET /jobs`` fails, stalls or is unsupported: every job is then polled on its own."""
        return self._list_state in ("unknown", "ok")

    @property
    def reads_directly(self) -> bool:
        """True while the jobs the list could speak for are read one by one instead (too few for a look to pay)."""
        return self._direct and self.list_usable

    def set_browse(self, on: bool) -> None:
        """Look at the list for its own sake (to find jobs started elsewhere and show what runs), or (off) only
        for the jobs it speaks for: a watch of one pasted job then never looks at it."""
        if on != self._browse:
            self._browse = on
            self._list_due_cache = None

    @property
    def list_stalled(self) -> bool:
        """True while a look has gone unanswered past ``stall_s`` (and no look has answered since)."""
        return self._list_state == "stalled"

    def _check_stall(self, now: float) -> float:
        """Mark the list stalled once the look in flight is late; the time it will be late (inf: no such look)."""
        since = self._list_in_flight_since
        if since is None or not self.list_usable:
            return math.inf
        late_at = since + self.config.stall_s
        if now + _DUE_SLACK >= late_at:
            self._list_state = "stalled"
            self._index_stale = True  # every job's due time now stands on its own schedule
            self._list_due_cache = None
            return math.inf
        return late_at

    # -- pauses ---------------------------------------------------------------------------------------

    def pause_all(self, until: float) -> None:
        """Start nothing before ``until`` (``math.inf``: until resume()). Replaces any earlier pause_all()."""
        self._hold.pause(until)

    def resume(self, now: float) -> None:
        """End a pause_all() (a new token was saved); a server's Retry-After still holds."""
        self._hold.resume()
        if self._list_state != "unsupported":
            self._list_retry_at = -math.inf
        self._list_due_cache = None

    def _pause_end(self) -> float:
        return self._hold.until

    # -- deciding -------------------------------------------------------------------------------------

    def settle(self, now: float, limit: int) -> bool:
        """Do up to ``limit`` jobs' worth of the work an answer or a change of the list's standing left for the
        next decision: a long list's answer taken in (``list_result(..., in_steps=True)``), then the due index
        rebuilt (after the list stopped or started speaking for every job, which a stall at ``now`` does too).
        True once nothing is left: ``next_actions(now)`` then costs only what it starts. ``limit`` 0 only says.

        The decisions never see half of it: ``next_action(s)`` does what is left first, whole. An owner whose
        thread must not be held long calls this a few thousand jobs a turn until it is True, then decides.
        """
        budget = max(0, limit)
        look = self._look
        if look is not None:
            budget -= self._take_look(look, budget)
            if self._look is not None:
                return False
        self._check_stall(now)
        self._list_due(now)
        self._update_filling()
        if not self._index_due_for_rebuild():
            return True
        return budget > 0 and self._rebuild_index(budget)

    def next_action(self, now: float) -> WatchAction:
        """The next request to start now, or how long to wait. A returned request counts as in flight."""
        self._finish_look()
        late_at = self._check_stall(now)
        self._list_due(now)  # decides direct reads, which every listed job's due time depends on
        self._update_filling()
        pause_end = self._pause_end()
        if now < pause_end:
            return Wait(None if pause_end == math.inf else pause_end + WAKE_SLACK)
        if self.in_flight >= self.config.poll.concurrency:
            return Wait(None)
        if self._limiter.allowance(now) <= 0:
            return Wait(self._limiter.next_free(now))
        list_due = self._list_due(now)
        if list_due is not None and list_due <= now + _DUE_SLACK:
            self._limiter.record(now)
            self._list_in_flight_since = now
            self._last_look = now
            self._look_target = 1.0 + self._rng.uniform(-SCHEDULE_JITTER, SCHEDULE_JITTER)
            self._list_due_cache = None
            return LookAtList()
        best: tuple[int, float, int] | None = None
        best_job: _Watched | None = None
        soonest = min(late_at, math.inf if list_due is None else list_due)
        # An account in the error state is probed by one job at a time: its answer speaks for the others.
        probing = {self._jobs[j].account for j in self._in_flight if j in self._jobs}
        for job in self._jobs.values():
            if job.terminal or job.jobid in self._in_flight:
                continue
            if job.account in probing and job.account in self._account_error_until:
                continue
            due = self._job_due(job)
            if due > now + _DUE_SLACK:
                soonest = min(soonest, due)
                continue
            if job.urgent or self.list_usable:
                key = (0 if job.urgent else 1, due, job.seq)
            else:
                key = (1, -self._urgency(job, now), job.seq)
            if best is None or key < best:
                best, best_job = key, job
        if best_job is not None:
            self._limiter.record(now)
            self._in_flight.add(best_job.jobid)
            best_job.attempted_at = now
            return PollJob(best_job.jobid)
        if soonest == math.inf:
            return Wait(None)
        return Wait(max(soonest, self._limiter.next_free(max(now, soonest))))

    def next_actions(self, now: float) -> tuple[list[LookAtList | PollJob], Wait]:
        """Every request ``next_action`` would return at ``now``, called until it waits, and that wait.

        The same decisions in the same order, taken from the due index instead of a pass over every job: with
        thousands of jobs and a high budget, that pass is what the engine's thread would spend its time on.
        The work is the requests started plus the first job not due, whatever the number of jobs waiting (and
        what ``settle`` has not done yet, done here whole).
        """
        self._finish_look()
        late_at = self._check_stall(now)
        self._list_due(now)  # decides direct reads, which every listed job's due time depends on
        self._update_filling()
        if self._index_due_for_rebuild():
            self._rebuild_index()
        started: list[LookAtList | PollJob] = []
        aside: list[_Entry] = []  # passed over while their account is probed: back in the index at the end
        try:
            while True:
                pause_end = self._pause_end()
                if now < pause_end:
                    return started, Wait(None if pause_end == math.inf else pause_end + WAKE_SLACK)
                if self.in_flight >= self.config.poll.concurrency:
                    return started, Wait(None)
                if self._limiter.allowance(now) <= 0:
                    return started, Wait(self._limiter.next_free(now))
                list_due = self._list_due(now)
                if list_due is not None and list_due <= now + _DUE_SLACK:
                    self._limiter.record(now)
                    self._list_in_flight_since = now
                    self._last_look = now
                    self._look_target = 1.0 + self._rng.uniform(-SCHEDULE_JITTER, SCHEDULE_JITTER)
                    self._list_due_cache = None
                    started.append(LookAtList())
                    late_at = self._check_stall(now)
                    continue
                probing = {self._jobs[j].account for j in self._in_flight if j in self._jobs}
                chosen: _Watched | None = None
                for index in (self._urgent_index, self._plain_index):  # every urgent job due before the rest
                    if index is self._plain_index and chosen is None and not self.list_usable:
                        chosen = self._likeliest_due(now, probing, aside)
                        break
                    while chosen is None:
                        entry = self._first_valid(index)
                        if entry is None or entry[0] > now + _DUE_SLACK:
                            break
                        heapq.heappop(index)
                        job = entry[3]
                        if job.account in probing and job.account in self._account_error_until:
                            aside.append(entry)  # next_action skips it while its account is probed
                            continue
                        chosen = job
                    if chosen is not None:
                        break
                if chosen is not None:
                    self._limiter.record(now)
                    self._in_flight.add(chosen.jobid)  # its answer makes its next entry (job_result)
                    chosen.attempted_at = now
                    started.append(PollJob(chosen.jobid))
                    continue
                soonest = min(late_at, math.inf if list_due is None else list_due)
                for index in (self._urgent_index, self._plain_index):
                    while True:
                        entry = self._first_valid(index)
                        if entry is None:
                            break
                        job = entry[3]
                        if job.account in probing and job.account in self._account_error_until:
                            aside.append(heapq.heappop(index))
                            continue
                        soonest = min(soonest, entry[0])
                        break
                if soonest == math.inf:
                    return started, Wait(None)
                return started, Wait(max(soonest, self._limiter.next_free(max(now, soonest))))
        finally:
            for entry in aside:
                heapq.heappush(self._urgent_index if entry[3].urgent else self._plain_index, entry)

    def _likeliest_due(self, now: float, probing: set[str | None], aside: list[_Entry]) -> _Watched | None:
        """Of the plain jobs due now, the one likeliest to have finished (next_action's order while every job
        is on its own polls); the others go back into the index."""
        index = self._plain_index
        due: list[_Entry] = []
        weighed = 0
        while (
            weighed < _LIKELIEST_OF
            and (entry := self._first_valid(index)) is not None
            and entry[0] <= now + _DUE_SLACK
        ):
            weighed += 1
            heapq.heappop(index)
            job = entry[3]
            if job.account in probing and job.account in self._account_error_until:
                aside.append(entry)
                continue
            due.append(entry)
        if not due:
            return None
        best = min(due, key=lambda e: (-self._urgency(e[3], now), e[3].seq))
        for entry in due:
            if entry is not best:
                heapq.heappush(index, entry)
        return best[3]

    # -- the due index --------------------------------------------------------------------------------

    def _touch(self, job: _Watched) -> None:
        """This job's due time may have changed: index it anew (its older entries become stale)."""
        job.version += 1
        if self._index_stale or job.terminal:
            return
        building = self._building
        if building is not None and building.waiting.get(job.jobid) is job:
            return  # the rebuild under way indexes it when it comes to it
        entry = (self._job_due(job), job.seq, job.version, job)
        if building is not None:
            (building.urgent if job.urgent else building.plain).append(entry)  # heaped when the rebuild ends
        else:
            heapq.heappush(self._urgent_index if job.urgent else self._plain_index, entry)

    def _first_valid(self, index: list[_Entry]) -> _Entry | None:
        """The index's first entry that still speaks for a job waiting to be polled; stale ones are dropped."""
        while index:
            entry = index[0]
            job = entry[3]
            if (
                entry[2] == job.version
                and not job.terminal
                and job.jobid not in self._in_flight
                and self._jobs.get(job.jobid) is job
            ):
                return entry
            heapq.heappop(index)  # an answer, a change or forget() made it stale; job_result indexes it again
        return None

    def _index_due_for_rebuild(self) -> bool:
        """Whether the due index must be rebuilt (or a rebuild is under way) before it can decide."""
        return (
            self._index_stale
            or self._building is not None
            or len(self._urgent_index) + len(self._plain_index) > _INDEX_SLACK * (len(self._active) + 32)
        )

    def _rebuild_index(self, limit: int | None = None) -> bool:
        """Rebuild the due index, or go on with the rebuild under way: at most ``limit`` jobs (None: all of
        them). True once it is whole. A change that moves many due times meanwhile starts it over."""
        work = self._building
        if work is None or self._index_stale:
            jobs = list(self._active.values())
            work = _IndexWork(jobs, {job.jobid: job for job in jobs})
            self._building = work
            self._index_stale = False
            self._urgent_index, self._plain_index = [], []
        end = len(work.jobs) if limit is None else min(len(work.jobs), work.cursor + max(0, limit))
        active, in_flight, waiting = self._active, self._in_flight, work.waiting
        urgent, plain = work.urgent, work.plain
        for job in work.jobs[work.cursor : end]:
            del waiting[job.jobid]  # from here on its changes index it themselves (_touch)
            job.version += 1
            if active.get(job.jobid) is not job or job.jobid in in_flight:
                continue  # terminal or forgotten since; or in flight: indexed again by its answer
            (urgent if job.urgent else plain).append((self._job_due(job), job.seq, job.version, job))
        work.cursor = end
        if end < len(work.jobs):
            return False
        heapq.heapify(urgent)
        heapq.heapify(plain)
        self._urgent_index, self._plain_index = urgent, plain
        self._building = None
        return True

    def _update_filling(self) -> None:
        """Whether reads may come ahead of their schedule (``WatchConfig.fill_read_s``); the due index is rebuilt
        when that changes."""
        cfg = self.config
        filling = not self.list_usable and len(self._active) >= cfg.fill_jobs and math.isfinite(cfg.fill_read_s)
        if filling != self._filling:
            self._filling = filling
            self._index_stale = True

    def _job_due(self, job: _Watched) -> float:
        """When this job needs a poll of its own, given what the list can say for it."""
        if job.deferred is not None:
            start, age, model, polls = job.deferred
            job.due = start + self._read_interval(model, age, polls, usable=True)
        due = job.due
        if job.account is not None and job.account in self._account_error_until:
            return max(due, self._account_error_until[job.account])
        if self._filling and not self.list_usable and job.errors == 0:
            # Read early when the budget has room; the urgency order decides which job goes first.
            due = min(due, job.seen_at + self.config.fill_read_s)
        if job.urgent or not self.list_usable or self._direct:
            return due
        if job.listed:
            read = job.record_at if job.record_at is not None else job.tracked_at
            return max(due, read + self.config.listed_recheck_s)
        if job.absent_since is None:
            return math.inf  # not looked for since its record: the next look tells
        return max(due, job.absent_since + self.config.grace_s)

    def _speaks_for(self, job: _Watched) -> bool:
        """The list is expected to answer for this job: its looks are planned for it."""
        if job.terminal or (job.account is not None and job.account in self._account_error_until):
            return False
        return job.listed or job.absent_since is None or job.urgent

    def _list_due(self, now: float) -> float | None:
        if self._list_in_flight_since is not None:
            return None
        if self._list_state == "unsupported" or self._list_state == "failing":
            return self._list_retry_at
        if self._list_due_cache is None:
            self._list_due_cache = self._plan(now)
        return max(self._list_due_cache, self._list_retry_at)

    def _plan(self, now: float) -> float:
        """Whether the jobs the list speaks for are read directly or through looks (decided at ``now``, kept until
        the next answer or change), and when the next look is due (inf: none wanted)."""
        cfg = self.config
        # Jobs that started at the same moment (a paste, a restored batch) and follow one model share every
        # age: one rate each. One pass over the jobs (it runs at every wake the plan was dropped).
        counts: dict[tuple[float, str | None, str], int] = {}
        youngest = -math.inf
        young_key: tuple[float, str | None, str] | None = None
        for job in self._active.values():
            if not self._speaks_for(job):
                continue
            key = (job.origin, job.account, job.kind)
            counts[key] = counts.get(key, 0) + 1
            if job.origin > youngest:
                youngest, young_key = job.origin, key
        groups = [(origin, self._model_for(account, kind), n) for (origin, account, kind), n in counts.items()]
        bound_model = None if young_key is None else self._model_for(young_key[1], young_key[2])
        direct = (
            cfg.direct_reads and bound_model is not None and self._reads_cost_less(now, groups, youngest, bound_model)
        )
        if direct != self._direct:
            self._direct = direct
            self._index_stale = True  # every listed job's due time now stands on its own schedule, or on looks
        if bound_model is None or direct:
            # The list speaks for no job (or for too few to be worth a look): looked at for itself only, to find
            # jobs started elsewhere and show what runs; not at all when nobody asked for that.
            if not self._browse:
                return math.inf
            if self._last_look is None:
                return now
            return self._last_look + cfg.idle_interval * self._look_target
        if self._last_look is None:
            return now  # the first look: the list's word on restored and pasted jobs
        return self._plan_look(self._last_look, groups, youngest, bound_model)

    def _reads_cost_less(
        self, now: float, groups: list[tuple[float, RateModel, int]], youngest: float, bound_model: RateModel
    ) -> bool:
        """True when reading these jobs one by one at ``now`` costs no more requests than the looks they need
        plus the fetches of the records the looks show finished (one per expected finish), and no job would be
        read much less often on its own than by those looks (a job past its expected finish rides along with the
        looks another job needs, for free). A lone job is always read directly: a look speaking for it costs as
        much as a read of it, and one that shows it gone still needs the read."""
        if len(groups) == 1 and groups[0][2] == 1:
            return True
        look, finishing, _ = self._look_rate(now, groups, youngest, bound_model)
        reads = 0.0
        for origin, model, count in groups:
            interval = self._read_interval(model, max(0.0, now - origin))
            if interval * look > _DIRECT_SLACK:
                return False
            reads += count / interval
        return reads <= look + finishing

    def _look_rate(
        self, t: float, groups: list[tuple[float, RateModel, int]], youngest: float, bound_model: RateModel
    ) -> tuple[float, float, float]:
        """Looks per second at ``t`` for these jobs, the finishes per second expected among them, and the least
        look rate the youngest job's age bound (and the expected range's gap) asks for alone."""
        cfg = self.config
        base = cfg.poll.poll_interval
        total = 0.0
        finishing = 0.0
        expected = 0
        for origin, model, count in groups:
            age = t - origin
            r = model.rate_at(max(0.0, age)) * base
            total += count * r * r
            finishing += model.h_ref * count * r * r
            if model.expected_from <= age <= model.expected_to:
                expected += count
        # ``finishing``: expected finishes per second. When more than two thirds of a job leave per look, their
        # fetches queue behind the budget (a look and one fetch fill a second at 2/s), so looks come faster
        # instead, which splits them up: up to half the budget.
        ceiling = max(1.0 / cfg.min_list_interval, min(1.5 * finishing, cfg.poll.budget_per_s / 2.0))
        rate = min(max(math.sqrt(total) / cfg.list_interval, 1.0 / cfg.watch_interval), ceiling)
        # Any length: the youngest job's bound (a share of its age) caps the gap between two looks; and where
        # finishes are expected, the gap shrinks with the square root of how many jobs are there.
        gap = bound_model.bound_at(t - youngest)
        if expected:
            gap = min(gap, cfg.expected_look_s / math.sqrt(expected))
        floor = 1.0 / max(cfg.min_list_interval, gap)
        return max(rate, floor), finishing, floor

    def _plan_look(
        self, last: float, groups: list[tuple[float, RateModel, int]], youngest: float, bound_model: RateModel
    ) -> float:
        """The time the look rate's integral since ``last`` reaches the jittered target, or sooner: the jitter may
        shorten the gap the age bound sets, never stretch it (the bound's own rate reaching 1 ends the gap)."""
        acc = acc_floor = 0.0
        t = last
        horizon = last + self.config.watch_interval * self._look_target
        while t < horizon:
            rate, _, floor = self._look_rate(t, groups, youngest, bound_model)
            step = min(_STEP_S, horizon - t)
            ends = []  # the jittered target reached, and the bound's own (unjittered) gap ended: the first wins
            if acc + rate * step >= self._look_target:
                ends.append(t + (self._look_target - acc) / rate)
            if acc_floor + floor * step >= 1.0:
                ends.append(t + (1.0 - acc_floor) / floor)
            if ends:
                return min(ends)
            acc += rate * step
            acc_floor += floor * step
            t += step
        return horizon

    # -- results --------------------------------------------------------------------------------------

    def list_result(
        self,
        now: float,
        answer: ListAnswer | ListFailure,
        *,
        retry_after: float | None = None,
        in_steps: bool = False,
    ) -> ListReport:
        """What the look started by the last ``LookAtList`` answered.

        ``in_steps``: a good answer's word on each job is left for ``settle`` to take in a few thousand jobs a
        turn (every other call sees it as if taken in whole: see ``settle``); the report then names the jobs
        discovered, and none that left (they are read at once all the same, as each is taken in).
        """
        self._finish_look()
        start = self._list_in_flight_since if self._list_in_flight_since is not None else now
        self._list_in_flight_since = None
        self._list_due_cache = None
        if isinstance(answer, ListFailure):
            self._list_failed(now, answer, retry_after)
            return ListReport()
        self._hold.answered()
        if not self.list_usable:
            self._index_stale = True  # every job's due time now counts on the list again
        self._list_state = "ok"
        self._list_errors = 0
        self._list_retry_at = -math.inf
        self._update_filling()  # off again now that the list answers: this look's jobs may defer their reads
        for account in answer.failing_accounts:
            if account not in self._account_error_until:
                self._account_error_until[account] = now + self.config.account_recheck_s
                self._index_stale = True
        listed = {job.jobid: job for job in answer.jobs}
        discovered: list[ListedJob] = []
        for jobid, entry in listed.items():
            if jobid not in self._jobs and jobid not in self._reported:
                self._reported.add(jobid)
                discovered.append(entry)
        self._reported.intersection_update(listed)
        # A look changes only the jobs it shows and those still listed or not yet looked for (_unsettled); the
        # others are already known absent. They are taken in tracking order (seq: _active's order), as the
        # schedule's jitter is drawn in that order.
        unsettled = self._unsettled
        unsettled.intersection_update(self._active)
        jobs = [job for jobid, job in self._active.items() if jobid in listed or jobid in unsettled]
        look = _LookWork(start, now, answer, listed, jobs, {job.jobid: job for job in jobs})
        self._look = look
        if in_steps:
            return ListReport(tuple(discovered))
        self._take_look(look, None)
        return ListReport(tuple(discovered), tuple(look.left))

    def _take_look(self, look: _LookWork, limit: int | None) -> int:
        """Take in the look's word on its next ``limit`` jobs (None: all of them); how many it went through."""
        begin = look.cursor
        end = len(look.jobs) if limit is None else min(len(look.jobs), begin + limit)
        waiting = look.waiting
        for job in look.jobs[begin:end]:
            if waiting.get(job.jobid) is job:
                self._look_at(look, job)
        look.cursor = end
        if end >= len(look.jobs) and self._look is look:
            self._look = None
        return end - begin

    def _finish_look(self) -> None:
        """Take in whatever the look under way has not yet: what follows decides for every job."""
        if self._look is not None:
            self._take_look(self._look, None)

    def _settle_job(self, job: _Watched) -> None:
        """Take in the look under way's word on this one job first, if it has not been yet (what follows reads
        or changes it; the look came first)."""
        look = self._look
        if look is not None and look.waiting.get(job.jobid) is job:
            self._look_at(look, job)

    def _look_at(self, look: _LookWork, job: _Watched) -> None:
        """Take in what the look says of one job (each once, in tracking order unless settled out of turn)."""
        jobid = job.jobid
        del look.waiting[jobid]
        if self._active.get(jobid) is not job:  # terminal or forgotten since the answer came
            if jobid not in self._active:
                self._unsettled.discard(jobid)
            return
        start = look.start
        if job.tracked_at > start or (jobid in self._in_flight and job.attempted_at >= start):
            return  # this look is not newer than what the policy knows (or is asking) of the job
        before = (job.urgent, job.due, job.listed, job.absent_since, job.account)
        self._list_saw(job, look.listed.get(jobid), look.answer, start, look.now, look.left)
        if job.listed or job.absent_since is None:
            self._unsettled.add(jobid)
        else:
            self._unsettled.discard(jobid)
        if (job.urgent, job.due, job.listed, job.absent_since, job.account) != before:
            self._touch(job)

    def _list_saw(
        self, job: _Watched, shown: ListedJob | None, answer: ListAnswer, start: float, now: float, left: list[str]
    ) -> None:
        """What one good look (started at ``start``) says of one active job."""
        if shown is not None:
            if job.account is None:
                job.account = shown.account
            if shown.operation is not None:
                job.kind = operation_kind(shown.operation)
            created = answer.created(shown, now)
            if (
                not job.origin_known
                and created is not None
                and math.isfinite(created)
                and created <= start + self.config.poll.max_interval
            ):
                job.origin, job.origin_known = min(created, start), True
            job.listed = True
            job.absent_since = None
            if start > job.seen_at:
                job.seen_at = start
                if not job.urgent and job.errors == 0:
                    # The jitter is drawn now, in the look's order, whether or not the interval is worked out now.
                    polls = 1.0 + self._rng.uniform(-SCHEDULE_JITTER, SCHEDULE_JITTER)
                    model, age = self._model_of(job), job.age(start)
                    if self._due_can_wait(job, start):
                        job.deferred = (start, age, model, polls)
                    else:
                        job.due = start + self._read_interval(model, age, polls)
            return
        if job.record_at is not None and job.record_at >= start:
            return  # the record is as new as this look
        if not job.listed and job.urgent and job.record_at is None:
            # A job just given (its record not read yet) and not listed: the look may predate the job on the
            # server; its record, not this look, says whether it runs. Taken for absent, it would never be looked
            # for again (and with no job spoken for, no look would come to list it).
            return
        if job.listed and not job.urgent:
            job.urgent = True  # it left: most likely finished, and only its record can say so
            job.due = now
            left.append(job.jobid)
        job.listed = False
        if job.absent_since is None:
            job.absent_since = start

    def _due_can_wait(self, job: _Watched, start: float) -> bool:
        """Whether a look at ``start`` that lists this job may leave its own next read to be worked out later.

        While the list speaks for a listed job, its place in the due index is its listed re-check (``_job_due``);
        its own schedule only counts once the list stops speaking for it (a failure, a stall, direct reads, an
        account in error), and each of those rebuilds the index, which works the deferred time out. So it may
        wait while even the longest interval from ``start`` ends before that re-check: the index entry it has is
        then exactly the one a new time would give. A look at thousands of listed jobs costs a few dictionary
        writes each instead of a schedule each.
        """
        if not self.list_usable or self._direct or self._filling:
            return False
        if job.account is not None and job.account in self._account_error_until:
            return False
        read = job.record_at if job.record_at is not None else job.tracked_at
        longest = self.config.poll.max_interval * (1.0 + SCHEDULE_JITTER)
        return start + longest < read + self.config.listed_recheck_s

    def _list_failed(self, now: float, failure: ListFailure, retry_after: float | None) -> None:
        if failure is ListFailure.RATE_LIMITED:
            self._hold.rate_limited(now, retry_after)
            return
        if failure is ListFailure.AUTH_FAILED:
            self._hold.pause_open(now)
            return
        # From here every job follows its own schedule, which has counted from when it was last known running:
        # a job the list has spoken for since long ago is due at once.
        self._hold.answered()
        if self.list_usable:
            self._index_stale = True  # every job's due time now stands on its own schedule
        if failure is ListFailure.UNSUPPORTED:
            self._list_state = "unsupported"
            self._list_retry_at = now + self.config.unsupported_recheck_s
        else:
            self._list_state = "failing"
            if self._list_errors == 0:
                self._list_failing_since = now
            self._list_errors += 1
            wait = self._backoff.delay(self._list_errors, self._rng)
            outage = _OUTAGE_SHARE * (now - self._list_failing_since)
            self._list_retry_at = now + max(wait, min(self.config.failing_recheck_s, outage))

    def job_result(
        self,
        jobid: str,
        result: PollResult,
        *,
        now: float,
        retry_after: float | None = None,
        started_at: float | None = None,
        operation: str | None = None,
    ) -> None:
        """What a ``PollJob`` answered. ``started_at``: the record's created_at on the policy's clock;
        ``operation``: the record's (an edit's kind sets the schedule it follows; a song's record has none)."""
        job = self._jobs.get(jobid)
        if job is not None:
            failing = job.account in self._account_error_until
            if (result is PollResult.ACCOUNT_ERROR and job.account is not None and not failing) or (
                failing and result in (PollResult.PENDING, PollResult.TERMINAL)
            ):
                self._finish_look()  # its account's standing changes: many jobs' due times, after the look
            else:
                self._settle_job(job)
        self._in_flight.discard(jobid)
        self._list_due_cache = None
        if result is not PollResult.RATE_LIMITED:
            self._hold.answered()
        job = self._jobs.get(jobid)
        if job is None:
            if result is PollResult.RATE_LIMITED:
                self._hold.rate_limited(now, retry_after)
            return
        start = min(job.attempted_at, now)
        if (
            started_at is not None
            and not job.origin_known
            and math.isfinite(started_at)
            and started_at <= now + self.config.poll.max_interval
        ):
            job.origin, job.origin_known = min(started_at, now), True
        if operation is not None:
            job.kind = operation_kind(operation)
        if job.account is not None and result in (PollResult.PENDING, PollResult.TERMINAL):
            self._heal(job.account, now)
        if result is PollResult.PENDING:
            job.errors = 0
            job.urgent = False
            job.record_at = start
            job.seen_at = max(job.seen_at, start)
            job.due = start + self._scheduled_interval(job, job.age(start))
        elif result is PollResult.TERMINAL:
            job.errors = 0
            job.urgent = False
            job.terminal = True
            self._active.pop(jobid, None)
        elif result is PollResult.ACCOUNT_ERROR:
            job.urgent = False
            until = now + self.config.account_recheck_s
            if job.account is not None:
                self._account_error_until[job.account] = until
                self._index_stale = True
            job.due = until
        elif result is PollResult.TRANSIENT or result is PollResult.CERTIFICATE:
            job.errors += 1
            if result is PollResult.CERTIFICATE:
                job.due = now + self._backoff.slow(self._rng)  # it will not clear soon
            else:
                # Backed off with jitter, yet never past the job's age bound: a blip must not cost a finished song
                # minutes (the budget still holds every request to its rate).
                wait = self._backoff.delay(job.errors, self._rng)
                job.due = now + min(wait, self._model_of(job).bound_at(job.age(now)))
        elif result is PollResult.RATE_LIMITED:
            job.due = now
            self._hold.rate_limited(now, retry_after)
        elif result is PollResult.AUTH_FAILED:
            job.due = now
            self._hold.pause_open(now)
        self._touch(job)  # answered: waiting again (or terminal, and then not indexed)

    def _heal(self, account: str, now: float) -> None:
        if self._account_error_until.pop(account, None) is None:
            return
        for job in self._active.values():
            if job.account == account:
                job.urgent = True
                job.due = now
        self._list_due_cache = None
        self._index_stale = True

    # -- the schedule ----------------------------------------------------------------------------------

    def _urgency(self, job: _Watched, now: float) -> float:
        """How much a due job on its own polls needs its poll when the budget cannot serve every due job at once:
        how likely it finished since it was last seen running (the hazard accrued since: it grows for every job
        while it waits, so none starves), a job past every expected finish gaining by its age bound; weighed by
        how long it has gone unseen, to the power ``_UNSEEN_WEIGHT``.

        The likelihood alone splits the reads in proportion to each job's hazard, which starves the jobs early
        in their range; weighed by the whole time unseen (the delay a read would save, were the hazard flat) the
        split follows the square root of the hazard. Between the two did best where it matters, the budget
        bound with the list down (workload E in ``bench/polling.py``: 3.15 / 3.18 s mean against 3.33 / 3.33 s
        for the likelihood alone, 3.19-3.29 s at the square root, over 24 seeds; the worst case 20-28 s
        against 26-37 s)."""
        model = self._model_of(job)
        age = job.age(now)
        unseen = max(0.0, now - job.seen_at)
        urgency = model.pressure(job.age(job.seen_at), age)
        if age > model.expected_to:  # past every expected finish: the age bound is what keeps it from starving
            urgency += unseen / model.bound_at(age)
        return urgency * math.pow(unseen, _UNSEEN_WEIGHT)

    def _scheduled_interval(self, job: _Watched, age: float) -> float:
        # Jittered, so jobs pasted or restored together drift apart instead of coming due in the same instant.
        polls = 1.0 + self._rng.uniform(-SCHEDULE_JITTER, SCHEDULE_JITTER)
        return self._read_interval(self._model_of(job), age, polls)

    def _read_interval(self, model: RateModel, age: float, polls: float = 1.0, *, usable: bool | None = None) -> float:
        """A job's own schedule: the rate model's interval, and at most ``expected_read_s`` where its finish is
        expected (the sqrt-hazard density of a flat prior is thin at the start of the range)."""
        interval = model.interval_at(age, polls)
        if age <= model.expected_to:
            # Within the range, or landing in it: the read before the range is at its start at the latest. The
            # jitter may shorten the cap, never stretch it: a song finishing there is seen within 3 s at worst.
            cap = max(self.config.poll.min_interval, self.config.expected_read_s * min(1.0, polls))
            if not (self.list_usable if usable is None else usable):
                # Every job on its own polls: the dense reads of all of them together never ask for more than
                # half the budget (beyond it they would only queue, and the likeliest finished go first anyway).
                cap = max(cap, len(self._active) / (0.5 * self.config.poll.budget_per_s))
            # The read that lands just before the range falls at a jittered point of its last ``cap`` seconds: songs
            # of one length are not all noticed at the same phase of the reads.
            phase = (polls - 1.0 + SCHEDULE_JITTER) / (2.0 * SCHEDULE_JITTER)
            interval = min(interval, max(cap, model.expected_from - age - phase * cap))
        return interval

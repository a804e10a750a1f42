"""The polling policy: which FlowMusic jobs to poll and when. Pure and in virtual time (no Qt, no I/O, no clock).

All times are float seconds on one clock chosen by the caller (monotonic or epoch); ages are ``now - started_at``.
"""

from __future__ import annotations

import bisect
import functools
import heapq
import math
import random
import statistics
from collections import deque
from collections.abc import Iterable
from dataclasses import dataclass
from enum import Enum

__all__ = ["PolicyConfig", "PollPolicy", "PollResult"]

# A job that has been running this long is "stuck", not data: it would stretch the model's grid for nothing.
_MAX_LEARNED_S = 6 * 3600.0
# Recent generation times only: the service's speed drifts, and a few dozen points make a fine density.
_MAX_LEARNED = 64
_MIN_LEARNED = 3
# The prior counts as this many observations when blended with what was learned.
_PRIOR_WEIGHT = 3.0
# Probability mass kept for "runs far longer than anything seen": it bounds the hazard at the end of the
# distribution, so a job past every known duration is not polled ever faster.
_LONG_RUNNER_MASS = 0.02
# After the hazard falls (a job running past every expected finish), the interval grows by at most this many
# seconds per second of age: a geometric x1.5 per poll, from the dense interval up to the cap.
_RELEASE = 0.5
# Jitter on the schedule, in polls: the next poll comes after 1 +- this much of the rate's integral, so a job
# about to enter its dense window overshoots it by a tenth of a dense interval, not a tenth of a sparse one.
_SCHEDULE_JITTER = 0.1
# Under a short budget a job not tried for this many max_intervals jumps the queue. Measured (bench/polling.py
# variants): a guard at 1x turns an overload into oldest-first and doubles mean latency; 3x only bounds staleness.
_STARVED_INTERVALS = 3.0
# Due times within this of now count as due (float noise between next_wakeup() and the caller's clock).
_DUE_SLACK = 1e-9
# next_wakeup() adds this to waits on hard limits (budget, Retry-After), so the caller never wakes a hair early.
_WAKE_SLACK = 1e-6
# Kernels are cut at this many bandwidths (the mass beyond is ~6e-5).
_KERNEL_REACH = 4.0
_SQRT2 = math.sqrt(2.0)
_PRIOR_SHAPES = frozenset({"flat", "bell"})
_INV_SQRT_2PI = 1.0 / math.sqrt(2.0 * math.pi)


@dataclass(frozen=True)
class PolicyConfig:
    """Tunables. ``poll_interval`` is the base every interval scales with; ``max_interval`` caps them."""

    poll_interval: float = 4.0  # the dense interval near the expected finish
    max_interval: float = 60.0  # cap on every interval except a server's Retry-After
    budget_per_s: float = 2.0  # global request budget
    concurrency: int = 4  # at most this many requests in flight
    prior_min_s: float = 60.0  # generation time assumed in [prior_min_s, prior_max_s] until learned
    prior_max_s: float = 240.0
    # "flat": uniform over the range; "bell": a normal at its middle, a quarter of its width wide, cut to it
    # (most generations take two to three minutes; the documented example took 139 s).
    prior_shape: str = "flat"

    def __post_init__(self) -> None:
        checks = (
            (self.poll_interval > 0 and math.isfinite(self.poll_interval), "poll_interval must be > 0"),
            (self.max_interval > 0 and math.isfinite(self.max_interval), "max_interval must be > 0"),
            (self.budget_per_s > 0 and math.isfinite(self.budget_per_s), "budget_per_s must be > 0"),
            (self.concurrency >= 1, "concurrency must be at least 1"),
            (0 <= self.prior_min_s < self.prior_max_s < math.inf, "need 0 <= prior_min_s < prior_max_s"),
            (self.prior_shape in _PRIOR_SHAPES, f"prior_shape must be one of {sorted(_PRIOR_SHAPES)}"),
        )
        for ok, message in checks:
            if not ok:
                raise ValueError(message)

    @property
    def min_interval(self) -> float:
        """The shortest interval the schedule uses (half the base, never above the cap)."""
        return min(self.poll_interval / 2.0, self.max_interval)


class PollResult(Enum):
    """What one poll told the engine, as far as scheduling cares."""

    PENDING = "pending"  # 200, still running
    TERMINAL = "terminal"  # completed, failed, 403, 404: stop polling (until a re-check)
    TRANSIENT = "transient"  # 5xx, network, timeout, garbage: back off with jitter
    ACCOUNT_ERROR = "account_error"  # 596: PollPolicy backs off as for TRANSIENT; WatchPolicy re-checks slowly
    CERTIFICATE = "certificate"  # TLS verification failed: it will not clear soon, so retry slowly
    RATE_LIMITED = "rate_limited"  # 429: every job waits for Retry-After
    AUTH_FAILED = "auth_failed"  # 401: the job stays pending, all polling pauses until resume()


class _Limiter:
    """The global budget: at most ``limit`` request starts in any ``window`` seconds (a sliding-window log).

    Stricter than a token bucket of the same rate, which lets ``burst + rate`` requests into one second:
    here any 1-s window holds at most ``floor(budget)`` requests (a burst of that many, then none until the
    oldest leaves the window), and budgets below 1/s become one request per ``1/budget`` seconds.
    """

    def __init__(self, budget_per_s: float) -> None:
        if budget_per_s >= 1.0:
            self.limit = int(budget_per_s)
            self.window = 1.0
        else:
            self.limit = 1
            self.window = 1.0 / budget_per_s
        self._starts: deque[float] = deque()

    def _expire(self, now: float) -> None:
        while self._starts and self._starts[0] <= now - self.window:
            self._starts.popleft()

    def allowance(self, now: float) -> int:
        self._expire(now)
        return self.limit - len(self._starts)

    def next_free(self, at: float) -> float:
        """The earliest time at or after ``at`` (not before the last start) when a request may start."""
        recent = [t for t in self._starts if t > at - self.window]
        if len(recent) < self.limit:
            return at
        # The window must shed its oldest starts until one slot is free.
        return recent[len(recent) - self.limit] + self.window + _WAKE_SLACK

    def record(self, now: float) -> None:
        self._starts.append(now)


class _RateModel:
    """Polling rate by job age, from the generation-time distribution; rebuilt when durations are learned.

    The distribution is a blend of the uniform prior and a Gaussian kernel density of learned durations, plus a
    little mass for "runs far longer". Polling at a rate proportional to sqrt(hazard) minimises the expected
    detection delay for a given number of requests (delay ~ f/(2r), requests ~ S*r; the Lagrangian gives
    r ~ sqrt(f/S)). The rate is normalised so the interval at the distribution's median is ``poll_interval``,
    held after a peak with a linear release (the interval grows by at most ``_RELEASE`` seconds per second of
    age, so past the expected finish each interval is at most ~1.5 times the one before instead of jumping to
    the cap) and clamped to [1/max_interval, 1/min_interval].

    Polls fall where the integral of the rate since the previous poll reaches 1: a sparse stretch before the
    distribution's support therefore never overshoots the start of the dense window.
    """

    def __init__(self, config: PolicyConfig, learned: Iterable[float]) -> None:
        p = config.poll_interval
        durations = sorted(learned)
        n = len(durations)
        weight_learned = n / (n + _PRIOR_WEIGHT) if n >= _MIN_LEARNED else 0.0
        weight_prior = 1.0 - weight_learned
        bandwidth = _bandwidth(durations) if weight_learned else 0.0
        lo, hi = config.prior_min_s, config.prior_max_s
        upper = hi
        if weight_learned:
            upper = max(upper, durations[-1] + _KERNEL_REACH * bandwidth + 1.0)

        # A grid of ~0.5 s, coarser only for very long distributions (keeps a rebuild at a few milliseconds).
        # Past ``upper`` the rate only releases towards the floor, which it reaches within the horizon.
        release_span = (config.max_interval - config.min_interval) / _RELEASE
        horizon = upper + release_span + 2.0 * config.max_interval
        # Finer for sub-second priors (fast simulators in tests and benchmarks), so the window is not one cell.
        dt = max(min(0.5, (hi - lo) / 50.0), horizon / 20000.0)
        count = math.ceil(horizon / dt) + 1
        body = min(count, math.ceil(upper / dt) + 2)

        cdf = [0.0] * count
        pdf = [0.0] * count
        if weight_prior and config.prior_shape == "bell":
            mid, sd = (lo + hi) / 2.0, (hi - lo) / 4.0
            c_lo, c_hi = _normal_cdf((lo - mid) / sd), _normal_cdf((hi - mid) / sd)
            mass = c_hi - c_lo
            for i in range(count):
                a = i * dt
                if a >= hi:
                    cdf[i] = weight_prior
                elif a > lo:
                    z = (a - mid) / sd
                    cdf[i] = weight_prior * (_normal_cdf(z) - c_lo) / mass
                    pdf[i] = weight_prior * _INV_SQRT_2PI * math.exp(-0.5 * z * z) / (sd * mass)
        elif weight_prior:
            width = hi - lo
            for i in range(count):
                a = i * dt
                if a >= hi:
                    cdf[i] = weight_prior
                elif a > lo:
                    cdf[i] = weight_prior * (a - lo) / width
                if lo <= a < hi:
                    pdf[i] = weight_prior / width
        if weight_learned:
            # Durations binned to the grid (a shift under dt/2, far below the bandwidth), then one kernel table
            # added by slices: a rebuild costs milliseconds even with the full history.
            reach = math.ceil(_KERNEL_REACH * bandwidth / dt)
            zs = [k * dt / bandwidth for k in range(-reach, reach + 1)]
            kernel_pdf = [_INV_SQRT_2PI * math.exp(-0.5 * z * z) / bandwidth for z in zs]
            kernel_cdf = [0.5 * math.erfc(-z / _SQRT2) for z in zs]
            bins: dict[int, int] = {}
            for d in durations:
                b = round(d / dt)
                bins[b] = bins.get(b, 0) + 1
            done_after = [0.0] * (count + 1)  # kernels wholly to the left: added to the CDF by prefix sum
            for b, hits in bins.items():
                w = hits * weight_learned / n
                i0, i1 = max(0, b - reach), min(count, b + reach + 1)
                if i0 >= i1:
                    continue
                k0 = i0 - (b - reach)
                k1 = k0 + (i1 - i0)
                pdf[i0:i1] = [x + w * k for x, k in zip(pdf[i0:i1], kernel_pdf[k0:k1], strict=True)]
                cdf[i0:i1] = [x + w * k for x, k in zip(cdf[i0:i1], kernel_cdf[k0:k1], strict=True)]
                done_after[i1] += w
            acc = 0.0
            for i in range(count):
                acc += done_after[i]
                cdf[i] += acc

        def hazard(i: int) -> float:
            alive = (1.0 - _LONG_RUNNER_MASS) * max(0.0, 1.0 - cdf[i]) + _LONG_RUNNER_MASS
            return (1.0 - _LONG_RUNNER_MASS) * pdf[i] / alive

        median_i = next((i for i in range(body) if cdf[i] >= 0.5), body - 1)
        self.median_s = median_i * dt
        # The median's hazard, from a small neighbourhood: a uniform density has a step at each end.
        h_ref = max(statistics.fmean(hazard(j) for j in range(max(0, median_i - 2), min(count, median_i + 3))), 1e-12)
        r_max = 1.0 / config.min_interval
        self.r_floor = 1.0 / config.max_interval
        self._h_ref = h_ref
        self.h_ref = h_ref  # the hazard (per second) whose rate is 1/poll_interval
        self._p = p

        rates = [0.0] * count
        held_interval = math.inf
        for i in range(count):
            raw = math.sqrt(hazard(i) / h_ref) / p
            interval = 1.0 / raw if raw > 0 else math.inf
            held_interval = min(interval, held_interval + _RELEASE * dt)
            rates[i] = min(max(1.0 / held_interval, self.r_floor), r_max)
        polls = [0.0] * count  # cumulative polls: the rate is constant on [i*dt, (i+1)*dt)
        pressure = [0.0] * count  # cumulative effective hazard, for ordering jobs when the budget is short
        for i in range(1, count):
            polls[i] = polls[i - 1] + rates[i - 1] * dt
            pressure[i] = pressure[i - 1] + self._effective_hazard(rates[i - 1]) * dt
        self._dt = dt
        self._rates = rates
        self._polls = polls
        self._pressure = pressure
        self._end = (count - 1) * dt

    def _effective_hazard(self, rate: float) -> float:
        # The hazard the (clamped, held) rate stands for: rate = sqrt(h / h_ref) / p.
        return self._h_ref * (rate * self._p) ** 2

    def _cumulative(self, table: list[float], age: float, tail_rate: float) -> float:
        age = max(0.0, age)
        if age >= self._end:
            return table[-1] + (age - self._end) * tail_rate
        i = min(int(age / self._dt), len(table) - 2)
        rate = (table[i + 1] - table[i]) / self._dt
        return table[i] + (age - i * self._dt) * rate

    def rate_at(self, age: float) -> float:
        """Polls per second the schedule spends on a job of this age (what the list-aware policy adds up)."""
        if age >= self._end:
            return self.r_floor
        return self._rates[max(0, int(age / self._dt))]

    def next_poll_age(self, age: float, polls: float = 1.0) -> float:
        """The age of the next poll after one at ``age`` (``polls``: how much of the rate's integral to wait)."""
        target = self._cumulative(self._polls, age, self.r_floor) + polls
        if target >= self._polls[-1]:
            return self._end + (target - self._polls[-1]) / self.r_floor
        i = bisect.bisect_right(self._polls, target) - 1
        return i * self._dt + (target - self._polls[i]) / self._rates[i]

    def pressure(self, age_from: float, age_to: float) -> float:
        """Cumulative hazard between two ages: how likely the job finished since it was last seen pending."""
        tail = self._effective_hazard(self.r_floor)
        return self._cumulative(self._pressure, age_to, tail) - self._cumulative(self._pressure, age_from, tail)


def _normal_cdf(z: float) -> float:
    return 0.5 * math.erfc(-z / _SQRT2)


@functools.lru_cache(maxsize=16)
def _build_model(config: PolicyConfig, learned: tuple[float, ...]) -> _RateModel:
    """Models are immutable: policies with the same config and history share one (tests and benchmarks make many)."""
    return _RateModel(config, learned)


def _bandwidth(durations: list[float]) -> float:
    """Silverman's rule, floored: identical durations must still give a window a few seconds wide."""
    n = len(durations)
    sd = statistics.stdev(durations)
    q1, _, q3 = statistics.quantiles(durations, n=4)
    iqr = q3 - q1
    spread = min(sd, iqr / 1.34) if iqr > 0 else sd
    return max(0.9 * spread * math.pow(n, -0.2), 0.03 * float(statistics.median(durations)), 1.0)


@dataclass
class _Job:
    jobid: str
    seq: int  # insertion order, the last tie-breaker
    origin: float  # started_at if known, else the time added: age = now - origin
    origin_known: bool
    due: float = 0.0
    seen_at: float | None = None  # last time a poll answered PENDING (or when restored): hazard accrues from it
    attempted_at: float = 0.0  # last request start (or the time added)
    errors: int = 0
    terminal: bool = False
    urgent: bool = False  # new or re-checked: the user is waiting for a first answer

    def age(self, now: float) -> float:
        return max(0.0, now - self.origin)


_ACTIVE_STATES = frozenset({"new", "pending"})
_TERMINAL_STATES = frozenset({"completed", "failed", "not_found", "forbidden"})


class PollPolicy:
    """Decides which jobs to poll and when; the engine starts the requests and reports what they said.

    Deterministic given ``rng`` (used only for the backoff jitter). Not thread-safe: call it from one thread.
    """

    def __init__(self, config: PolicyConfig | None = None, *, rng: random.Random | None = None) -> None:
        self.config = config if config is not None else PolicyConfig()
        self._rng = rng if rng is not None else random.Random()
        self._jobs: dict[str, _Job] = {}
        self._in_flight: set[str] = set()
        self._limiter = _Limiter(self.config.budget_per_s)
        self._learned: deque[float] = deque(maxlen=_MAX_LEARNED)
        self._model: _RateModel | None = None
        self._seq = 0
        self._rate_limited_until = -math.inf  # a server's Retry-After: never shortened by resume()
        self._paused_until = -math.inf  # pause_all(), e.g. while the token is refused
        self._consecutive_429 = 0

    # -- the duration model ---------------------------------------------------------------------------

    @property
    def _rate_model(self) -> _RateModel:
        if self._model is None:
            self._model = _build_model(self.config, tuple(sorted(self._learned)))
        return self._model

    def learn_duration(self, seconds: float) -> None:
        """Record one completed job's generation time (``duration_ms / 1000``); nonsense values are ignored."""
        if not (isinstance(seconds, (int, float)) and 0.0 < seconds <= _MAX_LEARNED_S):
            return
        self._learned.append(float(seconds))
        self._model = None

    def interval_at(self, age: float, *, polls: float = 1.0) -> float:
        """The wait after a pending answer at this age (the schedule alone: no jitter, budget, pause or backoff)."""
        age = max(0.0, age)
        interval = self._rate_model.next_poll_age(age, polls) - age
        return min(max(interval, self.config.min_interval), self.config.max_interval)

    @property
    def expected_finish_s(self) -> float:
        """The median generation time the schedule assumes (prior or learned)."""
        return self._rate_model.median_s

    # -- the job set ----------------------------------------------------------------------------------

    def add(
        self,
        jobid: str,
        *,
        now: float,
        started_at: float | None = None,
        state: str = "new",
        errors: int = 0,
        last_polled_at: float | None = None,
    ) -> None:
        """Track a job. ``new`` (never polled) is due at once; ``pending`` is scheduled by its age.

        For a job restored as ``pending``, ``last_polled_at`` (same clock) lets the schedule continue from the
        last answer, so a job that finished while the app was closed is due at once; without it the schedule
        restarts at the job's current age. Terminal states are tracked but not polled (re-check works).
        Adding a job already tracked does nothing.
        """
        state = str(getattr(state, "value", state))
        if state not in _ACTIVE_STATES and state not in _TERMINAL_STATES:
            raise ValueError(f"unknown job state {state!r}")
        if jobid in self._jobs:
            return
        known = started_at is not None and math.isfinite(started_at) and started_at <= now
        self._seq += 1
        job = _Job(
            jobid=jobid,
            seq=self._seq,
            origin=started_at if known and started_at is not None else now,
            origin_known=known,
            attempted_at=now,
            errors=max(0, errors),
        )
        self._jobs[jobid] = job
        if state in _TERMINAL_STATES:
            job.terminal = True
        elif state == "new":
            job.due = now
            job.urgent = True
        else:
            seen = now if last_polled_at is None else min(last_polled_at, now)
            job.seen_at = seen
            job.attempted_at = seen
            job.due = max(now, seen + self._scheduled_interval(job.age(seen)))

    def remove(self, jobid: str) -> None:
        """Stop tracking a job. A request already in flight still counts until it is reported."""
        self._jobs.pop(jobid, None)

    def recheck(self, jobid: str, *, now: float) -> None:
        """Poll this job promptly, even if terminal (an unknown job is added as new)."""
        job = self._jobs.get(jobid)
        if job is None:
            self.add(jobid, now=now)
            return
        job.terminal = False
        job.urgent = True
        job.errors = 0
        job.due = now

    def due_at(self, jobid: str) -> float | None:
        """When the job is next due by its own schedule (None: terminal, in flight or not tracked)."""
        job = self._jobs.get(jobid)
        if job is None or job.terminal or jobid in self._in_flight:
            return None
        return job.due

    @property
    def in_flight(self) -> int:
        return len(self._in_flight)

    def is_idle(self) -> bool:
        """True when no tracked job needs polling (all terminal, or none)."""
        return not any(not job.terminal for job in self._jobs.values())

    # -- pauses ---------------------------------------------------------------------------------------

    def pause_all(self, until: float) -> None:
        """Poll nothing before ``until`` (``math.inf``: until resume()). Replaces any earlier pause_all()."""
        self._paused_until = until

    def resume(self, now: float) -> None:
        """End a pause_all() (e.g. a new token was saved). Jobs whose poll was refused are due at once.

        A server's Retry-After still holds: resume() never makes the app poll a server that asked it to wait.
        """
        self._paused_until = -math.inf

    def _pause_end(self) -> float:
        return max(self._rate_limited_until, self._paused_until)

    # -- the polling loop -----------------------------------------------------------------------------

    def take_due(self, now: float) -> list[str]:
        """The jobs to request now, best first; they count as in flight until reported.

        Respects pauses, the concurrency bound and the global budget. When the budget is short, jobs the user
        is waiting on (new, re-checked) go first, then any job not tried for three ``max_interval``, then the
        rest by how likely they are to have finished since last seen pending (the hazard accrued since then):
        each request goes where it most probably ends a wait.
        """
        if now < self._pause_end():
            return []
        slots = min(self.config.concurrency - len(self._in_flight), self._limiter.allowance(now))
        if slots <= 0:
            return []
        # The order of _priority, class by class: only the best few are taken (a partial selection, not a sort
        # of every due job), and a later class's key is computed only when the earlier ones leave slots.
        urgent: list[_Job] = []
        starved: list[_Job] = []
        rest: list[_Job] = []
        limit = now + _DUE_SLACK
        starved_after = _STARVED_INTERVALS * self.config.max_interval
        in_flight = self._in_flight
        for job in self._jobs.values():
            if job.terminal or job.due > limit or job.jobid in in_flight:
                continue
            if job.urgent:
                urgent.append(job)
            elif now - job.attempted_at >= starved_after:
                starved.append(job)
            else:
                rest.append(job)
        due = heapq.nsmallest(slots, urgent, key=lambda job: (job.due, job.seq))
        if len(due) < slots:
            due += heapq.nsmallest(slots - len(due), starved, key=lambda job: (job.attempted_at, job.seq))
        if len(due) < slots:
            due += heapq.nsmallest(slots - len(due), rest, key=lambda job: self._priority(job, now))
        if not due:
            return []
        taken = []
        for job in due:
            self._in_flight.add(job.jobid)
            self._limiter.record(now)
            job.attempted_at = now
            taken.append(job.jobid)
        return taken

    def _priority(self, job: _Job, now: float) -> tuple[int, float, int]:
        if job.urgent:
            return (0, job.due, job.seq)
        if now - job.attempted_at >= _STARVED_INTERVALS * self.config.max_interval:
            return (1, job.attempted_at, job.seq)
        seen = job.seen_at if job.seen_at is not None else job.attempted_at
        return (2, -self._rate_model.pressure(job.age(seen), job.age(now)), job.seq)

    def report(
        self,
        jobid: str,
        result: PollResult,
        *,
        now: float,
        retry_after: float | None = None,
        started_at: float | None = None,
    ) -> None:
        """What a request for ``jobid`` answered. ``started_at`` (same clock, e.g. from the record's
        ``created_at``) lets the schedule use the job's true age instead of the time it was added."""
        was_in_flight = jobid in self._in_flight
        self._in_flight.discard(jobid)
        if result is not PollResult.RATE_LIMITED:
            self._consecutive_429 = 0
        job = self._jobs.get(jobid)
        if job is None:
            if result is PollResult.RATE_LIMITED:
                self._rate_limit(now, retry_after)
            return
        if (
            started_at is not None
            and not job.origin_known
            and math.isfinite(started_at)
            and started_at <= now + self.config.max_interval  # tolerate a server clock slightly ahead
        ):
            job.origin = min(started_at, now)
            job.origin_known = True

        if result is PollResult.PENDING:
            # The answer describes the job as of the request's start: intervals run from poll to poll.
            seen = job.attempted_at if was_in_flight and job.attempted_at <= now else now
            job.errors = 0
            job.urgent = False
            job.seen_at = seen
            job.due = seen + self._scheduled_interval(job.age(seen))
        elif result is PollResult.TERMINAL:
            job.errors = 0
            job.urgent = False
            job.terminal = True
        elif result in (PollResult.TRANSIENT, PollResult.ACCOUNT_ERROR, PollResult.CERTIFICATE):
            job.errors += 1
            job.due = now + self._backoff(job.errors, slow=result is PollResult.CERTIFICATE)
        elif result is PollResult.RATE_LIMITED:
            # The job was due and still is: it goes out when the pause ends.
            job.due = now
            self._rate_limit(now, retry_after)
        elif result is PollResult.AUTH_FAILED:
            # The job stays pending and is retried first thing after resume(). Pause here too, so an engine
            # that has not yet called pause_all() cannot loop on 401s; an explicit pause_all() wins.
            job.due = now
            if self._paused_until <= now:
                self._paused_until = math.inf

    def _scheduled_interval(self, age: float) -> float:
        # Jittered, so jobs pasted or restored together drift apart instead of coming due in the same instant.
        return self.interval_at(age, polls=1.0 + self._rng.uniform(-_SCHEDULE_JITTER, _SCHEDULE_JITTER))

    def _backoff(self, errors: int, *, slow: bool = False) -> float:
        """Full jitter: uniform(0, min(cap, base * 2**errors)), floored so a retry never comes at once.

        ``slow`` (a certificate problem): between half the cap and the cap, from the first error on.
        """
        cfg = self.config
        if slow:
            return self._rng.uniform(cfg.max_interval / 2.0, cfg.max_interval)
        ceiling = min(cfg.max_interval, cfg.poll_interval * 2.0 ** min(errors, 30))
        floor = min(cfg.poll_interval / 8.0, cfg.max_interval)
        return max(floor, self._rng.uniform(0.0, ceiling))

    def _rate_limit(self, now: float, retry_after: float | None) -> None:
        self._consecutive_429 += 1
        if retry_after is not None and math.isfinite(retry_after) and retry_after > 0:
            wait = retry_after  # the server's word: not capped by max_interval
        else:
            cfg = self.config
            wait = min(cfg.max_interval, cfg.poll_interval * 2.0 ** min(self._consecutive_429, 30))
        self._rate_limited_until = max(self._rate_limited_until, now + wait)

    def next_wakeup(self, now: float) -> float | None:
        """Seconds until take_due() may return something.

        None when nothing can happen without a call from the engine: no job waiting (all terminal or in
        flight), every request slot in flight (a report() will free one), or an open-ended pause_all().
        """
        if len(self._in_flight) >= self.config.concurrency:
            return None
        dues = [
            job.due for job in self._jobs.values() if not job.terminal and job.jobid not in self._in_flight
        ]
        if not dues:
            return None
        at = min(dues)
        pause_end = self._pause_end()
        if pause_end == math.inf:
            return None
        if pause_end > at:
            at = pause_end + _WAKE_SLACK
        at = max(at, self._limiter.next_free(max(now, at)))
        return max(0.0, at - now)

"""The rules every request schedule shares: the generation-time rate model, the request budget, backoff with
jitter, Retry-After and pauses. Pure and in virtual time (no Qt, no I/O, no clock): the caller passes ``now``.

The list-aware policy (``core.watch_schedule.WatchPolicy``) decides with them; the engine's send gate
(``engine.poller.SendGate``) is a lock around the same :class:`Limiter`; :class:`Backoff` is the one exponential
backoff with full jitter for anything that retries. All times are float seconds on one clock chosen by the caller
(monotonic or epoch); ages are ``now - started_at``.
"""

from __future__ import annotations

import bisect
import functools
import math
import random
import statistics
from collections import deque
from collections.abc import Iterable
from dataclasses import dataclass
from enum import Enum

__all__ = [
    "ACTIVE_STATES",
    "MAX_LEARNED",
    "MAX_LEARNED_S",
    "MIN_LEARNED",
    "SCHEDULE_JITTER",
    "TERMINAL_STATES",
    "WAKE_SLACK",
    "Backoff",
    "Hold",
    "LearnedDuration",
    "Limiter",
    "PolicyConfig",
    "PollResult",
    "RateModel",
    "rate_model",
    "valid_duration",
]

#: A job that has been running this long is "stuck", not data: it would stretch the model's grid for nothing.
MAX_LEARNED_S = 6 * 3600.0
#: Recent generation times only: the service's speed drifts, and a few dozen points make a fine density.
MAX_LEARNED = 64
#: Fewer learned durations than this leave the prior alone.
MIN_LEARNED = 3
# The prior counts as this many observations when blended with what was learned.
_PRIOR_WEIGHT = 3.0
# Probability mass kept for "runs far longer than anything seen": it bounds the hazard at the end of the
# distribution, so a job past every known duration is not polled ever faster.
_LONG_RUNNER_MASS = 0.02
# After the hazard falls (a job running past every expected finish), the interval grows by at most this many
# seconds per second of age: a geometric x1.5 per poll, from the dense interval up to the cap.
_RELEASE = 0.5
#: Jitter on a schedule, in polls: the next poll comes after 1 +- this much of the rate's integral, so a job
#: about to enter its dense window overshoots it by a tenth of a dense interval, not a tenth of a sparse one.
SCHEDULE_JITTER = 0.1
#: Waits on hard limits (budget, Retry-After) get this added, so the caller never wakes a hair early.
WAKE_SLACK = 1e-6
# Kernels are cut at this many bandwidths (the mass beyond is ~6e-5).
_KERNEL_REACH = 4.0
_SQRT2 = math.sqrt(2.0)
_PRIOR_SHAPES = frozenset({"flat", "bell"})
_INV_SQRT_2PI = 1.0 / math.sqrt(2.0 * math.pi)

#: Job states a schedule polls, and those it keeps without polling.
ACTIVE_STATES = frozenset({"new", "pending"})
TERMINAL_STATES = frozenset({"completed", "failed", "not_found", "forbidden"})


def valid_duration(seconds: object) -> bool:
    """A generation time worth learning (``duration_ms / 1000`` of a completed record): not nonsense, not stuck."""
    return isinstance(seconds, (int, float)) and not isinstance(seconds, bool) and 0.0 < seconds <= MAX_LEARNED_S


@dataclass(frozen=True)
class PolicyConfig:
    """Tunables. ``poll_interval`` is the base every interval scales with; ``max_interval`` caps them."""

    poll_interval: float = 4.0  # the dense interval near the expected finish
    max_interval: float = 60.0  # cap on every interval except a server's Retry-After
    budget_per_s: float = 2.0  # global request budget
    concurrency: int = 4  # at most this many requests in flight
    # A song's generation time is assumed in [prior_min_s, prior_max_s] until learned: the vendor documents
    # 40-150 s for a song (sync mode blocks that long; the seed's example took 139 s).
    prior_min_s: float = 40.0
    prior_max_s: float = 160.0
    # "flat": uniform over the range; "bell": a normal at its middle, a quarter of its width wide, cut to it.
    # Flat: nothing documented says where in the range a song falls, and a flat prior keeps the whole range dense.
    prior_shape: str = "flat"
    # Any length: the wait between two reads of a job is at most this share of its age (and min_interval while
    # it is young), whatever the prior says: a job far shorter or longer than expected costs a few requests,
    # not tens of seconds. 1.0 turns the bound off in practice.
    age_share: float = 0.15

    def __post_init__(self) -> None:
        checks = (
            (self.poll_interval > 0 and math.isfinite(self.poll_interval), "poll_interval must be > 0"),
            (self.max_interval > 0 and math.isfinite(self.max_interval), "max_interval must be > 0"),
            (self.budget_per_s > 0 and math.isfinite(self.budget_per_s), "budget_per_s must be > 0"),
            (self.concurrency >= 1, "concurrency must be at least 1"),
            (0 <= self.prior_min_s < self.prior_max_s < math.inf, "need 0 <= prior_min_s < prior_max_s"),
            (self.prior_shape in _PRIOR_SHAPES, f"prior_shape must be one of {sorted(_PRIOR_SHAPES)}"),
            (0 < self.age_share <= 1.0, "age_share must be in (0, 1]"),
        )
        for ok, message in checks:
            if not ok:
                raise ValueError(message)

    @property
    def min_interval(self) -> float:
        """The shortest interval the schedule uses (half the base, never above the cap)."""
        return min(self.poll_interval / 2.0, self.max_interval)


@dataclass(frozen=True)
class LearnedDuration:
    """A completed job's generation time (``duration_ms / 1000``) with its account and operation, when known."""

    seconds: float
    account: str | None = None
    operation: str | None = None
    jobid: str | None = None


class PollResult(Enum):
    """What one poll of a job told the engine, as far as scheduling cares."""

    PENDING = "pending"  # 200, still running
    TERMINAL = "terminal"  # completed, failed, 403, 404: stop polling (until a re-check)
    TRANSIENT = "transient"  # 5xx, network, timeout, garbage: back off with jitter
    ACCOUNT_ERROR = "account_error"  # 596: the account's jobs are re-checked slowly
    CERTIFICATE = "certificate"  # TLS verification failed: it will not clear soon, so retry slowly
    RATE_LIMITED = "rate_limited"  # 429: every request waits for Retry-After
    AUTH_FAILED = "auth_failed"  # 401: the job stays pending, everything pauses until resume()


class Limiter:
    """A request budget: at most ``limit`` request starts in any ``window`` seconds (a sliding-window log).

    Stricter than a token bucket of the same rate, which lets ``burst + rate`` requests into one second:
    here any 1-s window holds at most ``floor(budget)`` requests (a burst of that many, then none until the
    oldest leaves the window), and budgets below 1/s become one request per ``1/budget`` seconds. ``margin``
    widens the window (requests sent a hair apart arrive at a server with some jitter). Not thread-safe.
    """

    def __init__(self, budget_per_s: float, *, margin: float = 0.0) -> None:
        self._starts: deque[float] = deque()
        self.limit = 1
        self.window = 1.0
        self.set_budget(budget_per_s, margin=margin)

    def set_budget(self, budget_per_s: float, *, margin: float = 0.0) -> None:
        """A new budget from now on; the starts already counted still count."""
        if not (budget_per_s > 0 and math.isfinite(budget_per_s)):
            raise ValueError("budget_per_s must be > 0")
        if budget_per_s >= 1.0:
            self.limit, base = int(budget_per_s), 1.0
        else:
            self.limit, base = 1, 1.0 / budget_per_s
        self.window = base + max(0.0, margin)

    def _expire(self, now: float) -> None:
        while self._starts and self._starts[0] <= now - self.window:
            self._starts.popleft()

    def allowance(self, now: float) -> int:
        """How many requests may start at ``now``."""
        self._expire(now)
        return self.limit - len(self._starts)

    def next_free(self, at: float) -> float:
        """The earliest time at or after ``at`` (not before the last start) when a request may start."""
        recent = [t for t in self._starts if t > at - self.window]
        if len(recent) < self.limit:
            return at
        # The window must shed its oldest starts until one slot is free.
        return recent[len(recent) - self.limit] + self.window + WAKE_SLACK

    def record(self, now: float) -> None:
        """Count a request started at ``now``."""
        self._starts.append(now)

    def try_acquire(self, now: float) -> float:
        """Count a request at ``now`` if the budget allows it (0.0), else how long until it may (not counted)."""
        if self.allowance(now) > 0:
            self.record(now)
            return 0.0
        return max(0.0, self.next_free(now) - now)


@dataclass(frozen=True)
class Backoff:
    """Exponential backoff with full jitter: attempt ``n`` waits uniform(0, min(cap, base * 2**n)), never less
    than ``floor`` (``base / 8`` unless given), so a retry never comes at once and many clients spread out.

    The one backoff of the app: job polls, looks at the list, and anything else that retries (downloads, store
    writes) build one with their own base and cap.
    """

    base: float
    cap: float
    floor: float | None = None

    def __post_init__(self) -> None:
        if not (self.base > 0 and math.isfinite(self.base) and self.cap > 0 and math.isfinite(self.cap)):
            raise ValueError("a backoff needs a finite base and cap > 0")
        if self.floor is not None and not (self.floor >= 0 and math.isfinite(self.floor)):
            raise ValueError("a backoff's floor must be a finite number >= 0")

    def ceiling(self, attempt: int) -> float:
        """The most attempt ``attempt`` (1 for the first retry) may wait: ``min(cap, base * 2**attempt)``."""
        return min(self.cap, self.base * 2.0 ** min(max(0, attempt), 30))

    def delay(self, attempt: int, rng: random.Random) -> float:
        """The jittered wait before retry number ``attempt`` (1, 2, ...)."""
        floor = min(self.base / 8.0 if self.floor is None else self.floor, self.cap)
        return max(floor, rng.uniform(0.0, self.ceiling(attempt)))

    def slow(self, rng: random.Random) -> float:
        """A wait for trouble that will not clear soon (a certificate): between half the cap and the cap."""
        return rng.uniform(self.cap / 2.0, self.cap)


class Hold:
    """When nothing may be sent: a server's Retry-After (429) and an engine's pause (a refused token).

    A Retry-After is the server's word: it is never capped and never shortened by :meth:`resume`. A 429 without
    one waits the backoff's ceiling for the number of 429s in a row, which any other answer resets.
    """

    def __init__(self, backoff: Backoff) -> None:
        self._backoff = backoff
        self._rate_limited_until = -math.inf
        self._paused_until = -math.inf
        self._consecutive_429 = 0

    @property
    def until(self) -> float:
        """The end of the hold (``-inf``: none; ``inf``: until :meth:`resume`)."""
        return max(self._rate_limited_until, self._paused_until)

    @property
    def paused_until(self) -> float:
        return self._paused_until

    def rate_limited(self, now: float, retry_after: float | None) -> None:
        """A 429 answered at ``now``: hold everything for ``retry_after`` seconds (or the backoff's ceiling)."""
        self._consecutive_429 += 1
        if retry_after is not None and math.isfinite(retry_after) and retry_after > 0:
            wait = retry_after
        else:
            wait = self._backoff.ceiling(self._consecutive_429)
        self._rate_limited_until = max(self._rate_limited_until, now + wait)

    def answered(self) -> None:
        """Any answer but a 429: the next 429 without Retry-After starts its backoff afresh."""
        self._consecutive_429 = 0

    def pause(self, until: float) -> None:
        """Hold until ``until`` (``math.inf``: until :meth:`resume`); replaces an earlier pause."""
        self._paused_until = until

    def pause_open(self, now: float) -> None:
        """Hold until :meth:`resume` unless a pause that already holds says otherwise (an explicit one wins)."""
        if self._paused_until <= now:
            self._paused_until = math.inf

    def resume(self) -> None:
        """End the pause; a server's Retry-After still holds."""
        self._paused_until = -math.inf


class RateModel:
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
        weight_learned = n / (n + _PRIOR_WEIGHT) if n >= MIN_LEARNED else 0.0
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
        # Where finishes are expected: the ages between the 2nd and 98th percentile of the generation time.
        self.expected_from = next((i for i in range(body) if cdf[i] >= 0.02), 0) * dt
        self.expected_to = next((i for i in range(body) if cdf[i] >= 0.98), body - 1) * dt
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
        self._min_interval = config.min_interval
        self._max_interval = config.max_interval
        self._age_share = config.age_share
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

    def bound_at(self, age: float) -> float:
        """The longest wait between two reads that could show a job of this age finished: a share of its age
        (``age_share``), ``min_interval`` while it is young, never over ``max_interval``. The prior is a guide,
        never a promise: a job far shorter or longer than expected costs a few requests, not tens of seconds."""
        return min(self._max_interval, max(self._min_interval, self._age_share * max(0.0, age)))

    def interval_at(self, age: float, polls: float = 1.0) -> float:
        """The wait after a pending answer at this age, within [min_interval, bound_at(age)] (``polls``: the
        share of the rate's integral to wait, jitter around 1)."""
        age = max(0.0, age)
        interval = self.next_poll_age(age, polls) - age
        return min(max(interval, self._min_interval), self.bound_at(age) * polls)

    def pressure(self, age_from: float, age_to: float) -> float:
        """Cumulative hazard between two ages: how likely the job finished since it was last seen pending."""
        tail = self._effective_hazard(self.r_floor)
        return self._cumulative(self._pressure, age_to, tail) - self._cumulative(self._pressure, age_from, tail)


def _normal_cdf(z: float) -> float:
    return 0.5 * math.erfc(-z / _SQRT2)


@functools.lru_cache(maxsize=32)
def rate_model(config: PolicyConfig, learned: tuple[float, ...] = ()) -> RateModel:
    """The model for this config and these learned durations (sorted). Models are immutable: schedules with the
    same config and history share one (tests and benchmarks make many)."""
    return RateModel(config, learned)


def _bandwidth(durations: list[float]) -> float:
    """Silverman's rule, floored: identical durations must still give a window a few seconds wide."""
    n = len(durations)
    sd = statistics.stdev(durations)
    q1, _, q3 = statistics.quantiles(durations, n=4)
    iqr = q3 - q1
    spread = min(sd, iqr / 1.34) if iqr > 0 else sd
    return max(0.9 * spread * math.pow(n, -0.2), 0.03 * float(statistics.median(durations)), 1.0)



"""The rules every schedule shares, in virtual time: the rate model, the budget, backoff with jitter, Retry-After."""

from __future__ import annotations

import itertools
import math
import random
from dataclasses import replace

import pytest

from flowmusic_gui.core.schedule import (
    Backoff,
    Hold,
    Limiter,
    PolicyConfig,
    RateModel,
    rate_model,
    valid_duration,
)

# The prior the first list-aware schedule was tuned on, and no age bound: the rate model's own shape.
BELL = PolicyConfig(prior_min_s=60.0, prior_max_s=240.0, prior_shape="bell", age_share=1.0)
FLAT = PolicyConfig(prior_min_s=60.0, prior_max_s=240.0, age_share=1.0)


def poll_ages(model: RateModel, until: float, start: float = 0.0) -> list[float]:
    """The ages at which a job still pending is read, from ``start`` on (no jitter)."""
    ages = [start]
    while ages[-1] < until:
        ages.append(ages[-1] + model.interval_at(ages[-1]))
    return ages


def gaps(times: list[float]) -> list[float]:
    return [b - a for a, b in itertools.pairwise(times)]


def peak_in_window(times: list[float], window: float = 1.0) -> int:
    ordered = sorted(times)
    best, j = 0, 0
    for i, t in enumerate(ordered):
        while ordered[j] <= t - window:
            j += 1
        best = max(best, i - j + 1)
    return best


# -- the budget ------------------------------------------------------------------------------------------------


def test_limiter_allows_a_burst_of_the_budget_then_waits_for_the_window() -> None:
    limiter = Limiter(2.0)
    assert limiter.try_acquire(0.0) == 0.0
    assert limiter.try_acquire(0.1) == 0.0
    wait = limiter.try_acquire(0.2)
    assert wait == pytest.approx(0.8, abs=1e-3)  # the first start leaves the window at 1.0
    assert limiter.allowance(0.2) == 0
    assert limiter.try_acquire(1.0 + 1e-5) == 0.0


def test_limiter_never_lets_more_than_the_budget_into_any_second() -> None:
    rng = random.Random(3)
    limiter = Limiter(3.0)
    starts: list[float] = []
    t = 0.0
    while t < 200.0:
        wait = limiter.try_acquire(t)
        if wait == 0.0:
            starts.append(t)
            t += rng.uniform(0.0, 0.2)
        else:
            t += wait
    assert peak_in_window(starts) <= 3
    assert len(starts) > 500  # and it does not starve either


def test_fractional_budget_below_one_per_second() -> None:
    limiter = Limiter(0.5)
    starts: list[float] = []
    t = 0.0
    while len(starts) < 4:
        wait = limiter.try_acquire(t)
        if wait == 0.0:
            starts.append(t)
        t += wait
    assert gaps(starts) == pytest.approx([2.0, 2.0, 2.0], abs=1e-3)


def test_limiter_margin_widens_the_window_and_a_new_budget_keeps_the_starts_counted() -> None:
    limiter = Limiter(1.0, margin=0.05)
    assert limiter.try_acquire(0.0) == 0.0
    assert limiter.try_acquire(1.0) == pytest.approx(0.05, abs=1e-3)
    limiter.set_budget(1.0)  # no margin; the start at 0.0 still counts
    assert limiter.allowance(0.5) == 0
    with pytest.raises(ValueError):
        Limiter(0.0)


# -- backoff ---------------------------------------------------------------------------------------------------


def test_backoff_is_exponential_with_full_jitter_and_capped() -> None:
    backoff = Backoff(4.0, 60.0)
    delays: dict[int, list[float]] = {n: [] for n in range(1, 9)}
    for seed in range(40):
        rng = random.Random(seed)
        for attempt in delays:
            delays[attempt].append(backoff.delay(attempt, rng))
    for attempt, values in delays.items():
        assert all(0.5 - 1e-9 <= v <= backoff.ceiling(attempt) for v in values)  # floored at base / 8
        assert len({round(v, 6) for v in values}) > 30  # jittered, not a fixed ladder
    mean = {n: sum(v) / len(v) for n, v in delays.items()}
    assert mean[1] < mean[2] < mean[3] < mean[4]
    assert backoff.ceiling(8) == 60.0
    assert backoff.ceiling(10_000) == 60.0  # no overflow
    assert max(delays[8]) <= 60.0


def test_backoff_slow_waits_half_the_cap_to_the_cap_and_rejects_nonsense() -> None:
    backoff = Backoff(4.0, 60.0, floor=1.0)
    rng = random.Random(0)
    assert all(30.0 <= backoff.slow(rng) <= 60.0 for _ in range(50))
    assert all(backoff.delay(1, rng) >= 1.0 for _ in range(50))
    for bad in ((0.0, 60.0), (4.0, math.inf), (math.nan, 1.0)):
        with pytest.raises(ValueError):
            Backoff(*bad)
    with pytest.raises(ValueError):
        Backoff(1.0, 10.0, floor=-1.0)


# -- Retry-After and pauses ------------------------------------------------------------------------------------


def test_retry_after_holds_even_beyond_the_cap_and_resume_never_shortens_it() -> None:
    hold = Hold(Backoff(4.0, 60.0))
    assert hold.until == -math.inf
    hold.rate_limited(0.2, 300.0)
    assert hold.until == pytest.approx(300.2)
    hold.resume()  # a token change does not override the server
    assert hold.until == pytest.approx(300.2)


def test_429_without_retry_after_backs_off_within_the_cap_until_another_answer() -> None:
    hold = Hold(Backoff(4.0, 60.0))
    hold.rate_limited(0.0, None)
    first = hold.until
    assert 1.0 <= first <= 60.0
    hold.rate_limited(first, None)
    second = hold.until - first
    assert second > first  # a second 429 in a row waits longer
    for _ in range(20):
        hold.rate_limited(hold.until, None)
    before = hold.until
    hold.rate_limited(before, None)
    assert hold.until - before == pytest.approx(60.0)  # capped
    hold.answered()
    later = hold.until
    hold.rate_limited(later, None)
    assert hold.until - later == pytest.approx(first)  # afresh after any other answer


def test_pause_until_resume_and_an_explicit_pause_wins() -> None:
    hold = Hold(Backoff(4.0, 60.0))
    hold.pause(30.0)
    assert hold.until == 30.0
    hold.pause_open(10.0)  # a 401 while an explicit pause holds: the explicit one stands
    assert hold.until == 30.0
    hold.pause_open(40.0)
    assert hold.until == math.inf
    hold.resume()
    assert hold.until == -math.inf


# -- the rate model --------------------------------------------------------------------------------------------


def test_the_rate_model_polls_densest_near_the_expected_finish() -> None:
    model = rate_model(BELL)
    assert model.median_s == pytest.approx(150.0, abs=1.0)
    assert model.interval_at(150.0) == pytest.approx(4.0, rel=0.1)
    ages = poll_ages(model, 260.0)
    near_finish = [a for a in ages if 120.0 <= a < 160.0]
    assert len(near_finish) >= 8
    assert max(gaps(near_finish)) <= 5.5


def test_the_bell_prior_spends_fewer_requests_while_a_job_is_young() -> None:
    bell = rate_model(BELL)
    flat = rate_model(FLAT)
    assert bell.interval_at(70.0) > flat.interval_at(70.0)


def test_long_runners_intervals_grow_gradually_but_never_exceed_max_interval() -> None:
    for max_interval in (60.0, 25.0):
        model = rate_model(replace(FLAT, max_interval=max_interval))
        ages = poll_ages(model, 2000.0)
        steps = gaps(ages)
        assert max(steps) <= max_interval + 1e-6
        late = [g for a, g in zip(ages, steps, strict=False) if a >= 1000.0]
        assert min(late) >= 0.85 * max_interval  # settled at the cap
        around = [g for a, g in zip(ages, steps, strict=False) if 240.0 <= a <= 600.0]
        assert all(b <= 2.0 * a + 1.0 for a, b in itertools.pairwise(around))
        assert around[-1] > 3 * around[0]


def test_poll_interval_and_max_interval_scale_every_interval() -> None:
    base = rate_model(FLAT)
    double = rate_model(replace(FLAT, poll_interval=8.0, max_interval=120.0))
    for age in (80.0, 120.0, 150.0, 200.0):
        assert double.interval_at(age) == pytest.approx(2 * base.interval_at(age), rel=0.05)
    capped = rate_model(replace(FLAT, max_interval=20.0))
    assert capped.interval_at(5000.0) == pytest.approx(20.0)
    assert base.interval_at(5000.0) == pytest.approx(60.0)
    n4 = len(poll_ages(base, 240.0))
    n8 = len(poll_ages(double, 240.0))
    assert 0.4 < n8 / n4 < 0.65


def test_learned_durations_move_the_dense_window() -> None:
    learned = (28.0, 29.0, 29.5, 30.0, 30.0, 30.0, 30.5, 31.0, 31.5, 32.0)
    model = rate_model(FLAT, learned)
    assert model.median_s == pytest.approx(30.0, abs=2.0)
    assert model.interval_at(30.0) <= 1.25 * 4.0
    assert model.interval_at(30.0) < rate_model(FLAT).interval_at(30.0) / 4  # the prior alone: sparse at 30 s
    ages = [a for a in poll_ages(model, 60.0) if a >= 15.0]  # past the start, where every job is read often
    steps = gaps(ages)
    densest = steps.index(min(steps))
    assert 25.0 <= ages[densest] <= 40.0


@pytest.mark.parametrize("finish", [5.0, 10.0, 25.0, 45.0, 70.0, 139.0, 300.0, 600.0])
def test_any_length_the_wait_stays_a_small_share_of_the_age(finish: float) -> None:
    """Whatever the prior says, a job finishing at any age is read again within a share of that age."""
    config = PolicyConfig()
    model = rate_model(config)
    ages = poll_ages(model, finish + 120.0)
    after = next(a for a in ages if a >= finish)
    before = max(a for a in ages if a < finish) if finish > 0 else 0.0
    assert after - before <= max(config.min_interval, config.age_share * after) + 1e-9
    assert model.bound_at(0.0) == config.min_interval  # a second or two at the start
    assert model.bound_at(10_000.0) == config.max_interval


def test_the_default_song_prior_is_the_documented_range() -> None:
    model = rate_model(PolicyConfig())
    assert model.median_s == pytest.approx(100.0, abs=2.0)  # 40-160 s, flat
    assert model.interval_at(100.0) == pytest.approx(4.0, rel=0.15)


def test_valid_duration_rejects_nonsense() -> None:
    assert valid_duration(139.164)
    for value in (math.nan, math.inf, -5.0, 0.0, 10 * 24 * 3600.0, True, "12"):
        assert not valid_duration(value)


@pytest.mark.parametrize(("lo", "hi"), [(0.0, 0.001), (0.0, 0.5), (0.05, 0.8), (1.0, 1.5)])
def test_tiny_priors_build_a_schedule(lo: float, hi: float) -> None:
    # A sub-second prior (fast simulators) once indexed past the end of the model's grid.
    model = rate_model(PolicyConfig(poll_interval=0.01, max_interval=0.1, prior_min_s=lo, prior_max_s=hi))
    assert 0 < model.interval_at(0.01) <= 0.1


def test_config_rejects_nonsense() -> None:
    for bad in (
        {"poll_interval": 0.0},
        {"max_interval": -1.0},
        {"budget_per_s": 0.0},
        {"concurrency": 0},
        {"prior_min_s": 100.0, "prior_max_s": 50.0},
    ):
        with pytest.raises(ValueError):
            PolicyConfig(**bad)

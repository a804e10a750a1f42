"""The polling policy in virtual time: when jobs are polled, and that the API is never hammered."""

from __future__ import annotations

import heapq
import importlib.util
import itertools
import math
import random
import sys
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType

import pytest

from flowmusic_gui.core.schedule import PolicyConfig, PollPolicy, PollResult

LATENCY = 0.15
ROOT = Path(__file__).resolve().parents[3]

Answer = Callable[[str, float], PollResult]


def still_pending(jobid: str, t: float) -> PollResult:
    return PollResult.PENDING


@dataclass
class Driver:
    """Drives a policy the way the engine does: take what is due, answer after LATENCY, sleep next_wakeup()."""

    policy: PollPolicy
    answer: Answer = still_pending
    requests: list[tuple[float, str]] = field(default_factory=list)
    max_in_flight: int = 0
    adds: list[tuple[float, str]] = field(default_factory=list)  # (time, jobid) added as "new" during run()

    def run(self, until: float, start: float = 0.0) -> list[tuple[float, str]]:
        events: list[tuple[float, int, str, str, PollResult | None]] = []
        seq = 0

        def push(t: float, kind: str, jobid: str = "", result: PollResult | None = None) -> None:
            nonlocal seq
            seq += 1
            heapq.heappush(events, (t, seq, kind, jobid, result))

        for t, jobid in self.adds:
            push(t, "add", jobid)
        push(start, "wake")
        planned = start
        while events and events[0][0] <= until:
            now, _, kind, jobid, result = heapq.heappop(events)
            if kind == "wake" and now != planned:
                continue
            if kind == "add":
                self.policy.add(jobid, now=now)
            elif kind == "answer" and result is not None:
                self.policy.report(jobid, result, now=now, retry_after=5.0)
            for due in self.policy.take_due(now):
                self.requests.append((now, due))
                push(now + LATENCY, "answer", due, self.answer(due, now))
            self.max_in_flight = max(self.max_in_flight, self.policy.in_flight)
            wait = self.policy.next_wakeup(now)
            if wait is not None and now + wait != planned:
                assert wait >= 0
                planned = now + wait
                push(planned, "wake")
        return self.requests


def poll_times(requests: Iterable[tuple[float, str]], jobid: str = "j") -> list[float]:
    return [t for t, i in requests if i == jobid]


def gaps(times: list[float]) -> list[float]:
    return [b - a for a, b in itertools.pairwise(times)]


def peak_in_window(times: Iterable[float], window: float = 1.0) -> int:
    ordered = sorted(times)
    best, j = 0, 0
    for i, t in enumerate(ordered):
        while ordered[j] <= t - window:
            j += 1
        best = max(best, i - j + 1)
    return best


def pending_job(config: PolicyConfig | None = None, *, learned: Iterable[float] = (), seed: int = 1) -> Driver:
    policy = PollPolicy(config, rng=random.Random(seed))
    for seconds in learned:
        policy.learn_duration(seconds)
    policy.add("j", now=0.0, started_at=0.0)
    return Driver(policy)


def test_new_job_is_polled_at_once() -> None:
    policy = PollPolicy(rng=random.Random(0))
    policy.add("j", now=100.0)
    assert policy.next_wakeup(100.0) == 0.0
    assert policy.take_due(100.0) == ["j"]
    assert policy.in_flight == 1
    assert policy.take_due(100.0) == []  # in flight: not requested twice


def test_pending_job_is_polled_sparsely_early_and_densely_near_expected_finish() -> None:
    times = poll_times(pending_job().run(until=260.0))
    assert [t for t in times if t < 50.0] == [0.0]  # the first look, then quiet
    # The sparse stretch ends at the prior's start (60 s) without overshooting it.
    assert any(55.0 <= t <= 61.0 for t in times)
    near_finish = [t for t in times if 120.0 <= t < 160.0]
    assert len(near_finish) >= 8
    assert max(gaps(near_finish)) <= 5.5


def test_long_running_job_intervals_grow_but_never_exceed_max_interval() -> None:
    for max_interval in (60.0, 25.0):
        times = poll_times(pending_job(PolicyConfig(max_interval=max_interval)).run(until=2000.0))
        steps = gaps(times)
        assert max(steps) <= max_interval + 1e-6
        late = [g for t, g in zip(times, steps, strict=False) if t >= 1000.0]
        assert min(late) >= 0.85 * max_interval  # settled at the cap
        # Gradual: past the expected finish, no step more than doubles the one before.
        around = [g for t, g in zip(times, steps, strict=False) if 240.0 <= t <= 600.0]
        assert all(b <= 2.0 * a + 1.0 for a, b in itertools.pairwise(around))
        assert around[-1] > 3 * around[0]


def test_transient_errors_back_off_exponentially_with_full_jitter_capped() -> None:
    config = PolicyConfig()
    delays: dict[int, list[float]] = {e: [] for e in range(1, 9)}
    for seed in range(40):
        policy = PollPolicy(config, rng=random.Random(seed))
        policy.add("j", now=0.0)
        now = 0.0
        for errors in range(1, 9):
            assert policy.take_due(now) == ["j"]
            policy.report("j", PollResult.TRANSIENT, now=now)
            due = policy.due_at("j")
            assert due is not None
            delays[errors].append(due - now)
            now = due + 1.0  # well past the limiter window
    for errors, values in delays.items():
        ceiling = min(config.max_interval, config.poll_interval * 2**errors)
        assert all(0.5 - 1e-9 <= v <= ceiling for v in values)
        assert len({round(v, 6) for v in values}) > 30  # jittered, not a fixed ladder
    mean = {e: sum(v) / len(v) for e, v in delays.items()}
    assert mean[1] < mean[2] < mean[3] < mean[4]
    assert max(delays[8]) <= config.max_interval


def test_success_resets_the_backoff() -> None:
    policy = PollPolicy(rng=random.Random(3))
    policy.add("j", now=0.0, started_at=0.0)
    now = 0.0
    for _ in range(6):
        policy.take_due(now)
        policy.report("j", PollResult.TRANSIENT, now=now)
        now = (policy.due_at("j") or now) + 1.0
    policy.take_due(now)
    policy.report("j", PollResult.PENDING, now=now)
    now = (policy.due_at("j") or now) + 1.0
    policy.take_due(now)
    policy.report("j", PollResult.TRANSIENT, now=now)
    assert (policy.due_at("j") or math.inf) - now <= 2 * policy.config.poll_interval


def test_429_pauses_every_job_for_retry_after_even_beyond_max_interval() -> None:
    policy = PollPolicy(PolicyConfig(budget_per_s=10.0), rng=random.Random(0))
    for jobid in ("a", "b", "c"):
        policy.add(jobid, now=0.0)
    assert policy.take_due(0.0) == ["a", "b", "c"]
    policy.report("a", PollResult.RATE_LIMITED, now=0.2, retry_after=300.0)
    policy.report("b", PollResult.TRANSIENT, now=0.2)
    policy.report("c", PollResult.TRANSIENT, now=0.2)
    policy.resume(10.0)  # a token change does not override the server
    for t in (1.0, 60.0, 150.0, 300.1):
        assert policy.take_due(t) == []
    wait = policy.next_wakeup(1.0)
    assert wait is not None
    assert 299.2 - 1e-6 <= wait <= 299.3
    assert sorted(policy.take_due(300.3)) == ["a", "b", "c"]


def test_429_without_retry_after_still_backs_off_within_the_cap() -> None:
    policy = PollPolicy(rng=random.Random(0))
    policy.add("a", now=0.0)
    policy.take_due(0.0)
    policy.report("a", PollResult.RATE_LIMITED, now=0.0, retry_after=None)
    wait = policy.next_wakeup(0.0)
    assert wait is not None
    assert 1.0 <= wait <= policy.config.max_interval + 1e-3
    assert policy.take_due(wait - 0.01) == []


def test_terminal_job_is_never_polled_again_and_recheck_polls_it_once() -> None:
    driver = pending_job()
    driver.answer = lambda jobid, t: PollResult.TERMINAL if t >= 100.0 else PollResult.PENDING
    times = poll_times(driver.run(until=3600.0))
    assert times[-1] < 110.0
    policy = driver.policy
    assert policy.is_idle()
    assert policy.next_wakeup(3600.0) is None
    policy.recheck("j", now=4000.0)
    assert not policy.is_idle()
    assert policy.take_due(4000.0) == ["j"]
    policy.report("j", PollResult.TERMINAL, now=4000.2)
    assert policy.next_wakeup(4000.2) is None
    assert policy.take_due(9000.0) == []


def test_recheck_of_a_job_that_is_pending_again_resumes_polling() -> None:
    policy = PollPolicy(rng=random.Random(0))
    policy.add("j", now=0.0, state="not_found")
    assert policy.is_idle()
    assert policy.take_due(0.0) == []
    policy.recheck("j", now=5.0)
    assert policy.take_due(5.0) == ["j"]
    policy.report("j", PollResult.PENDING, now=5.2)
    assert policy.due_at("j") is not None


def test_budget_is_never_exceeded_in_a_long_run_with_200_jobs() -> None:
    rng = random.Random(7)
    finish = {f"j{i}": rng.uniform(30.0, 400.0) for i in range(200)}
    adds = [(0.0, f"j{i}") for i in range(100)]  # a big paste at once
    adds += [(rng.uniform(0.0, 300.0), f"j{i}") for i in range(100, 200)]
    flaky = random.Random(8)

    def answer(jobid: str, t: float) -> PollResult:
        if flaky.random() < 0.1:
            return PollResult.TRANSIENT
        return PollResult.TERMINAL if t >= finish[jobid] else PollResult.PENDING

    policy = PollPolicy(rng=random.Random(9))
    driver = Driver(policy, answer, adds=sorted(adds))
    requests = driver.run(until=3000.0)
    assert peak_in_window(t for t, _ in requests) <= 2
    assert len(requests) <= 2 * 3000
    assert driver.max_in_flight <= policy.config.concurrency
    assert policy.is_idle()  # and every job was seen finished


def test_concurrency_is_bounded() -> None:
    policy = PollPolicy(PolicyConfig(concurrency=3, budget_per_s=100.0), rng=random.Random(0))
    for i in range(10):
        policy.add(f"j{i}", now=0.0)
    assert policy.take_due(0.0) == ["j0", "j1", "j2"]
    assert policy.in_flight == 3
    assert policy.next_wakeup(0.0) is None  # only a report can free a slot
    assert policy.take_due(1.0) == []
    policy.report("j1", PollResult.PENDING, now=1.0)
    assert policy.take_due(1.0) == ["j3"]


def test_poll_interval_and_max_interval_scale_every_interval() -> None:
    base = PollPolicy(PolicyConfig(poll_interval=4.0))
    double = PollPolicy(PolicyConfig(poll_interval=8.0, max_interval=120.0))
    for age in (80.0, 120.0, 150.0, 200.0):
        assert double.interval_at(age) == pytest.approx(2 * base.interval_at(age), rel=0.05)
    assert base.interval_at(150.0) == pytest.approx(4.0, rel=0.1)  # the base, at the typical finish
    assert double.interval_at(150.0) == pytest.approx(8.0, rel=0.1)
    capped = PollPolicy(PolicyConfig(max_interval=20.0))
    assert capped.interval_at(0.0) <= 20.0
    assert capped.interval_at(5000.0) == pytest.approx(20.0)
    assert base.interval_at(5000.0) == pytest.approx(60.0)
    # And in a run: twice the base, about half the requests.
    n4 = len(pending_job(PolicyConfig(poll_interval=4.0)).run(until=240.0))
    n8 = len(pending_job(PolicyConfig(poll_interval=8.0)).run(until=240.0))
    assert 0.4 < n8 / n4 < 0.65


def policy_interval() -> float:
    return PolicyConfig().poll_interval


def test_learned_durations_move_the_dense_window() -> None:
    learned = [28.0, 29.0, 30.0, 30.5, 31.0, 32.0, 29.5, 30.0, 31.5, 30.0]

    def noticed_after(driver: Driver, finish: float) -> float:
        driver.answer = lambda jobid, t: PollResult.TERMINAL if t >= finish else PollResult.PENDING
        return poll_times(driver.run(until=600.0))[-1] - finish

    # With the prior (60-240 s) a 31-s job waits for the dense window at 60 s; after learning it is caught
    # within a few seconds, and polling is densest around 30 s.
    assert noticed_after(pending_job(), 31.0) > 20.0
    assert noticed_after(pending_job(learned=learned), 31.0) < 5.0
    taught = poll_times(pending_job(learned=learned).run(until=60.0))
    assert [t for t in taught if 0.0 < t < 20.0] == []
    assert any(28.0 <= t <= 33.0 for t in taught)
    steps = gaps(taught)
    densest = steps.index(min(steps))
    assert 25.0 <= taught[densest] <= 40.0
    assert min(steps) <= 1.25 * policy_interval()
    policy = PollPolicy()
    for seconds in learned:
        policy.learn_duration(seconds)
    assert policy.expected_finish_s == pytest.approx(30.0, abs=2.0)
    assert policy.interval_at(30.0) <= 1.25 * policy.config.poll_interval
    assert policy.interval_at(30.0) < policy.interval_at(10.0) / 4


def test_learn_duration_ignores_nonsense() -> None:
    policy = PollPolicy()
    before = policy.expected_finish_s
    for value in (math.nan, math.inf, -5.0, 0.0, 10 * 24 * 3600.0):
        policy.learn_duration(value)
    assert policy.expected_finish_s == before


def test_auth_failure_pauses_all_until_resume_then_the_job_is_due_promptly() -> None:
    policy = PollPolicy(rng=random.Random(0))
    policy.add("a", now=0.0, started_at=0.0)
    policy.add("b", now=0.0, started_at=0.0)
    assert policy.take_due(0.0) == ["a", "b"]
    policy.report("a", PollResult.AUTH_FAILED, now=0.2)
    policy.report("b", PollResult.AUTH_FAILED, now=0.2)
    # Even before the engine calls pause_all(), nothing is retried: no 401 loop.
    assert policy.take_due(1000.0) == []
    assert policy.next_wakeup(1000.0) is None
    assert not policy.is_idle()  # still pending
    policy.pause_all(math.inf)
    policy.resume(2000.0)
    assert sorted(policy.take_due(2000.0)) == ["a", "b"]


def test_pause_all_until_a_time() -> None:
    policy = PollPolicy(rng=random.Random(0))
    policy.add("a", now=0.0)
    policy.pause_all(30.0)
    assert policy.take_due(29.9) == []
    wait = policy.next_wakeup(10.0)
    assert wait is not None
    assert wait == pytest.approx(20.0, abs=1e-3)
    assert policy.take_due(30.0) == ["a"]


def test_remove_stops_polling_and_frees_the_slot_when_the_request_returns() -> None:
    policy = PollPolicy(PolicyConfig(concurrency=1), rng=random.Random(0))
    policy.add("a", now=0.0)
    policy.add("b", now=0.0)
    assert policy.take_due(0.0) == ["a"]
    policy.remove("a")
    assert policy.in_flight == 1
    policy.report("a", PollResult.PENDING, now=0.2)  # the late answer is harmless
    assert policy.in_flight == 0
    assert policy.take_due(1.0) == ["b"]
    policy.remove("b")
    policy.remove("never-added")
    assert policy.is_idle()
    assert policy.take_due(5000.0) == []


def test_restored_pending_job_is_scheduled_by_age() -> None:
    policy = PollPolicy(rng=random.Random(0))
    policy.add("young", now=1000.0, started_at=990.0, state="pending")
    policy.add("ripe", now=1000.0, started_at=861.0, state="pending")
    assert policy.take_due(1000.0) == []
    young = policy.due_at("young")
    assert young is not None
    assert 1049.0 <= young <= 1052.0  # at the dense window (age 60 s), not before, and barely after
    ripe = policy.due_at("ripe")
    assert ripe is not None
    assert 1000.0 < ripe <= 1006.0
    # Given when it was last polled, a job that may have finished while the app was closed is due at once.
    policy.add("stale", now=1000.0, started_at=0.0, state="pending", last_polled_at=500.0)
    assert policy.take_due(1000.0) == ["stale"]


def test_started_at_from_the_record_corrects_the_age() -> None:
    policy = PollPolicy(rng=random.Random(0))
    policy.add("j", now=1000.0)  # pasted now; the record says it started 130 s ago
    policy.take_due(1000.0)
    policy.report("j", PollResult.PENDING, now=1000.2, started_at=870.0)
    due = policy.due_at("j")
    assert due is not None
    assert due - 1000.2 < 6.0  # dense, not "just started"


def test_short_budget_serves_the_user_and_the_likely_finished_first() -> None:
    policy = PollPolicy(PolicyConfig(budget_per_s=1.0), rng=random.Random(0))
    policy.add("early", now=0.0, started_at=-20.0, state="pending", last_polled_at=-20.0)
    policy.add("ripe", now=0.0, started_at=-200.0, state="pending", last_polled_at=-200.0)
    policy.add("pasted", now=0.0)
    order = []
    for t in (0.0, 1.0, 2.0):
        order += policy.take_due(t)
    assert order[:2] == ["pasted", "ripe"]


def test_same_seed_same_schedule() -> None:
    def run(seed: int) -> list[tuple[float, str]]:
        policy = PollPolicy(rng=random.Random(seed))
        flaky = random.Random(1)
        driver = Driver(
            policy,
            lambda jobid, t: PollResult.TRANSIENT if flaky.random() < 0.3 else PollResult.PENDING,
            adds=[(float(i), f"j{i}") for i in range(5)],
        )
        return driver.run(until=600.0)

    assert run(4) == run(4)
    assert run(4) != run(5)


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
    with pytest.raises(ValueError, match="state"):
        PollPolicy().add("j", now=0.0, state="bogus")


def test_fractional_budget_below_one_per_second() -> None:
    policy = PollPolicy(PolicyConfig(budget_per_s=0.5), rng=random.Random(0))
    for i in range(4):
        policy.add(f"j{i}", now=0.0)
    starts: list[float] = []
    t = 0.0
    while len(starts) < 4:
        got = policy.take_due(t)
        starts += [t] * len(got)
        for jobid in got:
            policy.report(jobid, PollResult.PENDING, now=t)
        wait = policy.next_wakeup(t)
        assert wait is not None
        t += wait
    assert gaps(starts) == pytest.approx([2.0, 2.0, 2.0], abs=1e-3)


def _load_bench() -> ModuleType:
    path = ROOT / "bench" / "polling.py"
    spec = importlib.util.spec_from_file_location("_bench_polling", path)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while the class is made
    spec.loader.exec_module(module)
    return module


def test_simulated_workloads_meet_the_targets() -> None:
    """Workload A (one 139-s job) and B (50 jobs over 5 min) against the issue's targets, as bench/polling.py."""
    bench = _load_bench()
    config = PolicyConfig()
    runs_a = [bench.run_policy(bench.workload_a(random.Random(k)), config, k) for k in range(60)]
    a = bench.summarise("A", "ours", runs_a)
    assert a.mean_latency <= 3.0
    assert a.requests_per_job <= 30
    runs_b = [bench.run_policy(bench.workload_b(random.Random(100 + k)), config, k) for k in range(2)]
    b = bench.summarise("B", "ours", runs_b)
    assert b.mean_latency <= 5.0
    assert b.p95_latency <= 15.0
    assert a.peak_rps <= 2
    assert b.peak_rps <= 2
    # And the point of it all: sooner than the vendor's script, far fewer requests than a 2-s round robin.
    vendor = bench.summarise("B", "vendor", [bench.run_vendor(bench.workload_b(random.Random(100)))])
    fast = bench.summarise("B", "rr2", [bench.run_round_robin(bench.workload_b(random.Random(100)), 2.0)])
    assert b.mean_latency < vendor.mean_latency / 4
    assert b.requests_per_job < fast.requests_per_job / 3


@pytest.mark.parametrize(("lo", "hi"), [(0.0, 0.001), (0.0, 0.5), (0.05, 0.8), (1.0, 1.5)])
def test_tiny_priors_build_a_schedule(lo: float, hi: float) -> None:
    # A sub-second prior (fast simulators) once indexed past the end of the model's grid.
    policy = PollPolicy(PolicyConfig(poll_interval=0.01, max_interval=0.1, prior_min_s=lo, prior_max_s=hi))
    policy.add("job", now=0.0)
    assert policy.take_due(0.0) == ["job"]
    policy.report("job", PollResult.PENDING, now=0.01)
    assert 0 < policy.interval_at(0.01) <= 0.1


def test_a_certificate_problem_is_retried_slowly_from_the_first_error() -> None:
    config = PolicyConfig()
    for seed in range(20):
        policy = PollPolicy(config, rng=random.Random(seed))
        policy.add("j", now=0.0)
        assert policy.take_due(0.0) == ["j"]
        policy.report("j", PollResult.CERTIFICATE, now=0.0)
        due = policy.due_at("j")
        assert due is not None
        # Not the fast first retry of a network blip: a certificate does not fix itself within seconds.
        assert config.max_interval / 2 <= due <= config.max_interval

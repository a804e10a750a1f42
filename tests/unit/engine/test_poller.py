"""The polling worker on its thread, against the real simulator: states, faults, 401, 429, budget, stopping."""

from __future__ import annotations

import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from helpers.httpserver import Reply, ScriptedServer, tls_context
from pytestqt.qtbot import QtBot

from flowmusic_gui.core.client import ApiClient
from flowmusic_gui.core.records import JobState
from flowmusic_gui.core.schedule import PolicyConfig
from flowmusic_gui.engine.poller import PollEntry, Poller
from flowmusic_gui.engine.tasks import TaskRunner
from flowmusic_gui.engine.types import OutcomeKind, PollOutcome
from flowmusic_gui.simulator import DEMO_TOKEN, Simulator

from .conftest import FAST


def make_ids(n: int, user: str = "1001", email: str = "demo@flowmusic.local") -> list[str]:
    return [f"job:{uuid.uuid4()}-user:{user}-{email}-bot:flowmusic" for _ in range(n)]


class Collector:
    def __init__(self, poller: Poller) -> None:
        self.outcomes: list[PollOutcome] = []
        self.auth: list[str] = []
        self.limits: list[object] = []
        poller.outcome.connect(self.outcomes.append)
        poller.auth_failed.connect(self.auth.append)
        poller.rate_limited.connect(self.limits.append)

    def final_states(self) -> dict[str, JobState]:
        states: dict[str, JobState] = {}
        for out in self.outcomes:
            if out.state is not None:
                states[out.jobid] = out.state
        return states

    def finished(self) -> int:
        """How many jobs the poller has reported in a final state."""
        return sum(1 for s in self.final_states().values() if s.is_terminal)


def watch_until_done(qtbot: QtBot, poller: Poller, ids: list[str], timeout_ms: int) -> Collector:
    """Start ``poller`` on ``ids`` and wait until each is in a final state; it is stopped either way. What it
    said of them."""
    got = Collector(poller)
    poller.start()
    try:
        poller.add(PollEntry(j) for j in ids)
        qtbot.waitUntil(lambda: got.finished() == len(ids), timeout=timeout_ms)
    finally:
        poller.stop()
    return got


@pytest.fixture
def poller(qtbot: QtBot, client: ApiClient, runner: TaskRunner) -> Iterator[Poller]:
    p = Poller(client, FAST, runner=runner)
    yield p
    assert p.stop()


def test_every_job_reaches_its_true_terminal_state(qtbot: QtBot, sim: Simulator, poller: Poller) -> None:
    ids = [*make_ids(6), f"job:00000000-{str(uuid.uuid4())[9:]}-user:1001-demo@flowmusic.local-bot:flowmusic"]
    other = make_ids(1, user="1002", email="x@example.com")
    got = Collector(poller)
    poller.start()
    poller.add(PollEntry(j) for j in ids + other)
    qtbot.waitUntil(lambda: len([s for s in got.final_states().values() if s.is_terminal]) == 8, timeout=15000)
    states = got.final_states()
    for jobid in ids[:6]:
        assert states[jobid].value == sim.plan(jobid).outcome
    assert states[ids[6]] is JobState.NOT_FOUND
    assert states[other[0]] is JobState.FORBIDDEN


def test_faults_never_change_a_state_and_every_job_finishes(
    qtbot: QtBot, client: ApiClient, runner: TaskRunner
) -> None:
    with Simulator(token=DEMO_TOKEN, speed=300, faults=0.3, seed=3) as sim:
        sim.slow_seconds = 0.3
        sim.retry_after = 1
        c = ApiClient(sim.base_url, DEMO_TOKEN, timeout=(2.0, 5.0))
        p = Poller(c, FAST, runner=runner)
        got = Collector(p)
        ids = make_ids(10)
        p.start()
        p.add(PollEntry(j) for j in ids)
        try:
            qtbot.waitUntil(lambda: got.finished() == len(ids), timeout=40000)
        finally:
            assert p.stop()
            c.close()
        # A transient problem carries no state; states only move forward, pending before terminal.
        assert any(o.kind is OutcomeKind.TRANSIENT for o in got.outcomes)
        for jobid in ids:
            seq = [o.state for o in got.outcomes if o.jobid == jobid and o.state is not None]
            assert seq[-1].value == sim.plan(jobid).outcome
            assert all(s is JobState.PENDING for s in seq[:-1])


def test_401_pauses_everything_until_a_new_token(qtbot: QtBot, sim: Simulator, runner: TaskRunner) -> None:
    c = ApiClient(sim.base_url, "wrong-token", timeout=(2.0, 5.0))
    p = Poller(c, PolicyConfig(poll_interval=0.05, max_interval=0.25, budget_per_s=2, prior_min_s=0.05,
                               prior_max_s=0.8), runner=runner)
    got = Collector(p)
    p.start()
    try:
        ids = make_ids(5)
        with qtbot.waitSignal(p.auth_failed, timeout=5000):
            p.add(PollEntry(j) for j in ids)
        # Polling is paused: once the requests already in flight have answered, nothing more goes out.
        qtbot.wait(300)
        count = len(sim.job_requests())
        qtbot.wait(400)
        assert len(sim.job_requests()) == count <= 3
        assert len(got.auth) == 1
        p.set_token(DEMO_TOKEN)
        qtbot.waitUntil(lambda: got.finished() == 5, timeout=15000)
    finally:
        assert p.stop()
        c.close()


def test_retry_after_pauses_every_job(qtbot: QtBot, sim: Simulator, poller: Poller) -> None:
    sim.retry_after = 1
    got = Collector(poller)
    ids = make_ids(3)
    sim.inject_faults(["429"])
    poller.start()
    with qtbot.waitSignal(poller.rate_limited, timeout=5000) as blocker:
        poller.add(PollEntry(j) for j in ids)
    limit = blocker.args[0]
    assert limit.seconds == pytest.approx(1.0)
    qtbot.waitUntil(lambda: got.finished() == 3, timeout=15000)
    log = [e for e in sim.requests if "/jobs" in e.path]  # the 429 may answer the look at the list
    first_429 = next(e for e in log if e.status == 429)
    later = [e for e in log if e.t > first_429.t and e.t < first_429.t + 0.95]
    # Requests already in flight when the 429 arrived may land; none may start inside the pause.
    assert len(later) <= FAST.concurrency - 1


def test_budget_is_never_exceeded(qtbot: QtBot, sim: Simulator, client: ApiClient, runner: TaskRunner) -> None:
    config = PolicyConfig(poll_interval=0.05, max_interval=0.25, budget_per_s=10, concurrency=4,
                          prior_min_s=0.05, prior_max_s=0.8)
    p = Poller(client, config, runner=runner)
    got = Collector(p)
    ids = make_ids(30)
    p.start()
    p.add(PollEntry(j) for j in ids)
    try:
        qtbot.waitUntil(lambda: got.finished() == 30, timeout=30000)
    finally:
        assert p.stop()
    times = sorted(e.t for e in sim.job_requests())
    assert len(times) >= 30
    # Request starts obey the budget; arrivals can bunch by a few ms of scheduling jitter.
    worst = max(sum(1 for u in times[i:] if u < t + 0.95) for i, t in enumerate(times))
    assert worst <= 10


def test_stop_is_quick_even_with_a_request_hanging(qtbot: QtBot, runner: TaskRunner) -> None:
    with ScriptedServer() as server:
        server.reply(Reply(hang=True))
        c = ApiClient(server.url, "token", timeout=(2.0, 20.0))
        p = Poller(c, FAST, runner=runner)
        p.start()
        p.add([PollEntry(make_ids(1)[0])])
        qtbot.waitUntil(lambda: len(server.requests) >= 1, timeout=3000)
        started = time.monotonic()
        assert p.stop()
        # The read timeout is 20 s; stopping abandons the request instead of waiting for it.
        assert time.monotonic() - started < 2.0
        c.close()


def test_a_restored_pending_job_is_not_polled_at_once(
    qtbot: QtBot, sim: Simulator, client: ApiClient, runner: TaskRunner
) -> None:
    config = PolicyConfig(poll_interval=1, max_interval=60, budget_per_s=10)
    p = Poller(client, config, runner=runner)
    got = Collector(p)
    p.start()
    try:
        # Started a second ago: by the 60-240 s prior there is no reason to ask before a long while.
        p.add([PollEntry(make_ids(1)[0], JobState.PENDING, time.time() - 1, 0)])
        new = make_ids(1)[0]
        p.add([PollEntry(new)])
        qtbot.waitUntil(lambda: any(o.jobid == new for o in got.outcomes), timeout=5000)
        qtbot.wait(200)
        assert {o.jobid for o in got.outcomes} == {new}
    finally:
        assert p.stop()


def test_a_certificate_problem_reaches_the_user_and_is_retried_slowly(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, runner: TaskRunner
) -> None:
    monkeypatch.delenv("REQUESTS_CA_BUNDLE", raising=False)
    monkeypatch.delenv("CURL_CA_BUNDLE", raising=False)
    context, _ = tls_context(tmp_path)
    config = PolicyConfig(poll_interval=0.05, max_interval=30.0, budget_per_s=200, prior_min_s=0.05, prior_max_s=0.8)
    with ScriptedServer(tls=context) as server:
        c = ApiClient(server.url, "token", timeout=(2.0, 5.0))
        p = Poller(c, config, runner=runner)
        seen = Collector(p)
        p.start()
        p.add([PollEntry(make_ids(1)[0])])
        qtbot.waitUntil(lambda: bool(seen.outcomes), timeout=5000)
        assert p.stop()
        c.close()
    out = seen.outcomes[0]
    assert out.kind is OutcomeKind.TRANSIENT and "certificate" in out.message and "REQUESTS_CA_BUNDLE" in out.message
    # A network blip is retried within a fraction of the base interval; a certificate only after half the cap.
    assert out.retry_in >= 15.0 - 1.0


def test_a_list_answer_s_created_times_read_the_same_when_the_previous_look_s_are_reused() -> None:
    """Each look's worker reads the created times of texts the previous look already read instead of parsing
    them again: every listed job still gets the time its own text says (unreadable and missing ones none), and a
    text no longer listed is not kept."""
    from flowmusic_gui.core.client.outcomes import RunningAccount, RunningJob, RunningJobs
    from flowmusic_gui.engine.poller import _list_outcome

    def answer(texts: list[str | None]) -> RunningJobs:
        jobs = tuple(RunningJob(f"job:{uuid.uuid4()}-user:1-a@x.io-bot:flowmusic", "pending", t, None) for t in texts)
        return RunningJobs((RunningAccount("a@x.io", len(jobs), 16, jobs),))

    first = ["2026-12-07T09:00:00Z", "2026-12-07T09:00:00.250+01:00", "not a time", None, "2026-12-07T09:00:00Z"]
    later = ["2026-12-07T09:00:00.250+01:00", "2026-12-07T10:30:00Z", "not a time", None]
    one = _list_outcome(answer(first), {})
    two = _list_outcome(answer(later), one.created_times)
    fresh = _list_outcome(answer(later), {})
    assert [j.created_at for j in one.listed] == [1796634000.0, 1796630400.25, None, None, 1796634000.0]
    assert [j.created_at for j in two.listed] == [j.created_at for j in fresh.listed]
    assert [j.created_at for j in two.listed] == [1796630400.25, 1796639400.0, None, None]
    assert set(two.created_times) == {t for t in later if t is not None}

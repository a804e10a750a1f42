"""The submission queue against the simulator: paced by free slots, answers handled, lost answers reconciled."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import pytest
from pytestqt.qtbot import QtBot

from flowmusic_gui.core.client import ApiClient
from flowmusic_gui.core.store import JobStore
from flowmusic_gui.core.submissions import (
    ReconcilePolicy,
    Submission,
    SubmissionState,
    new_submission,
    start_sending,
)
from flowmusic_gui.engine.submit_queue import SubmissionQueue
from flowmusic_gui.engine.tasks import TaskRunner
from flowmusic_gui.simulator import DEMO_TOKEN, Simulator
from flowmusic_gui.simulator.accounts import Account

S = SubmissionState
ONE = Account("one@example.com", user_id="21", max_jobs=1, credits=1000)
TWO = Account("two@example.com", user_id="22", max_jobs=2, credits=1000)


def _now() -> datetime:
    return datetime.now(timezone.utc)


class Harness:
    def __init__(self, qtbot: QtBot, sim: Simulator, path: Path) -> None:
        self.qtbot = qtbot
        self.sim = sim
        self.path = path
        self.runner = TaskRunner(max_threads=8)
        self.client = ApiClient(sim.base_url, DEMO_TOKEN, timeout=(2.0, 5.0))
        self.left: dict[str, Submission] = {}
        self.notices: list[str] = []
        self.queue: SubmissionQueue | None = None

    def add(self, *prompts: str, email: str | None = None, **body: Any) -> list[Submission]:
        with JobStore(self.path) as store:
            return store.add_submissions(
                [new_submission("music", {"prompt": p, **body}, email=email, now=_now()) for p in prompts]
            )

    def start(self, refs: list[Submission] | None = None, **kw: Any) -> SubmissionQueue:
        options: dict[str, Any] = {"list_interval_s": 0.1, "reconcile_interval_s": 0.2,
                                   "policy": ReconcilePolicy(min_looks=2, min_wait_s=0.5)}  # fmt: skip
        options.update(kw)
        queue = SubmissionQueue(self.runner, self.path, self.client,
                                refs={s.ref for s in refs} if refs is not None else None, **options)  # fmt: skip
        queue.left.connect(lambda s: self.left.__setitem__(s.ref, s))
        queue.notice.connect(self.notices.append)
        self.queue = queue
        queue.start()
        return queue

    def wait_left(self, n: int, timeout: int = 20_000) -> None:
        self.qtbot.waitUntil(lambda: len(self.left) >= n, timeout=timeout)

    def close(self) -> None:
        if self.queue is not None:
            self.queue.close(3.0)
        self.runner.shutdown(2.0)
        self.client.close()


@pytest.fixture
def harness(qtbot: QtBot, tmp_path: Path, request: pytest.FixtureRequest) -> Iterator[Harness]:
    options: dict[str, Any] = {"speed": 30, "seed": 3, "failure_rate": 0.0, "short_clips": True,
                               "accounts": [ONE, TWO]}  # fmt: skip
    marker = request.node.get_closest_marker("sim")
    if marker is not None:
        options.update(marker.kwargs)
    with Simulator(token=DEMO_TOKEN, **options) as sim:
        h = Harness(qtbot, sim, tmp_path / "jobs.sqlite3")
        yield h
        h.close()


def _posts(sim: Simulator, status: int | None = None) -> int:
    with sim._log_lock:
        return sum(1 for r in sim.requests if r.method == "POST" and (status is None or r.status == status))


def test_never_more_running_than_the_free_slots_and_no_429(harness: Harness) -> None:
    subs = harness.add(*[f"song {i}" for i in range(6)])
    harness.start(subs)
    harness.wait_left(6, timeout=60_000)
    assert {s.state for s in harness.left.values()} == {S.SUBMITTED}
    assert _posts(harness.sim, 429) == 0
    emails = [s.account for s in harness.left.values()]
    assert set(emails) == {ONE.email, TWO.email}  # spread over both accounts
    with JobStore(harness.path) as store:
        assert {s.jobid for s in harness.left.values()} <= store.jobids()  # tracked with the answer


@pytest.mark.sim(accounts=[ONE, Account("broke@example.com", user_id="23", max_jobs=4, credits=5)])
def test_an_account_out_of_credits_is_said_once_and_its_songs_go_elsewhere(harness: Harness) -> None:
    subs = harness.add("a", "b", "c")
    harness.start(subs)
    harness.wait_left(3, timeout=60_000)
    assert {s.account for s in harness.left.values()} == {ONE.email}
    assert sum("out of credits" in n for n in harness.notices) == 1


@pytest.mark.sim(accounts=[ONE, Account("sick@example.com", user_id="24", max_jobs=4, healthy=False)])
def test_a_chosen_account_in_the_error_state_holds_its_song_and_others_go_on(harness: Harness) -> None:
    held = harness.add("held", email="sick@example.com")
    free = harness.add("free")
    harness.start([*held, *free])
    harness.wait_left(1)
    assert list(harness.left) == [free[0].ref]
    with JobStore(harness.path) as store:
        assert store.submission(held[0].ref).state is S.QUEUED  # type: ignore[union-attr]


def test_a_refused_song_keeps_the_servers_words_and_the_rest_go_on(harness: Harness) -> None:
    subs = harness.add("this one says moderateme please", "fine")
    harness.start(subs)
    harness.wait_left(2)
    refused = harness.left[subs[0].ref]
    assert refused.state is S.REFUSED and "moderation" in (refused.error or "")
    assert harness.left[subs[1].ref].state is S.SUBMITTED


def test_a_rejected_token_pauses_the_queue(harness: Harness) -> None:
    harness.client.set_token("user:1-wrong")
    subs = harness.add("x")
    queue = harness.start(subs)
    harness.qtbot.waitUntil(lambda: queue.paused_for_auth, timeout=10_000)
    assert any("token" in n for n in harness.notices)
    assert _posts(harness.sim) <= 1


@pytest.mark.parametrize("kind", ["made_502", "made_drop"])
def test_a_lost_answer_whose_job_exists_is_found_by_its_reference(harness: Harness, kind: str) -> None:
    harness.sim.inject_post_faults([kind])
    subs = harness.add("x", email=TWO.email)
    harness.start(subs)
    harness.wait_left(1)
    sub = harness.left[subs[0].ref]
    assert sub.state is S.SUBMITTED and harness.sim.jobs_with_ref(sub.ref) == [sub.jobid]
    assert _posts(harness.sim) == 1  # never sent again


@pytest.mark.parametrize("kind", ["none_502", "none_drop"])
def test_a_lost_answer_with_no_job_ends_not_made_after_enough_looks(harness: Harness, kind: str) -> None:
    harness.sim.inject_post_faults([kind])
    subs = harness.add("x", email=TWO.email)
    harness.start(subs)
    harness.wait_left(1)
    sub = harness.left[subs[0].ref]
    assert sub.state is S.NOT_MADE and harness.sim.jobs_with_ref(sub.ref) == []
    assert _posts(harness.sim) == 1


def test_after_a_crash_a_submission_left_sending_is_reconciled_not_resent(harness: Harness) -> None:
    (sub,) = harness.add("made before the crash")
    with JobStore(harness.path) as store:
        store.move_submission(
            sub.ref, lambda s: start_sending(s, account=TWO.email, now=_now(), owner="elsewhere:1:gone")
        )
    jobid = harness.sim.submit("made before the crash", email=TWO.email, replyRef=sub.ref)
    harness.sim.force(jobid, pending_s=30)
    harness.start()
    harness.wait_left(1)
    assert harness.left[sub.ref].state is S.SUBMITTED and harness.left[sub.ref].jobid == jobid
    assert harness.sim.jobs_with_ref(sub.ref) == [jobid]


def test_the_credit_floor_keeps_an_account_from_falling_below_it(harness: Harness) -> None:
    subs = harness.add("a", email=ONE.email)
    queue = harness.start(subs, min_credits=1005)
    harness.qtbot.waitUntil(lambda: any("floor" in n for n in harness.notices), timeout=10_000)
    assert _posts(harness.sim) == 0 and queue.in_flight == 0


def _gets(sim: Simulator, path: str) -> int:
    with sim._log_lock:
        return sum(1 for r in sim.requests if r.method == "GET" and r.path.endswith(path))


def test_a_queue_with_nothing_to_send_asks_for_no_list_until_something_is_queued(harness: Harness) -> None:
    """It used to look at the running list at start and after each look for uncertain submissions (every 5 s
    by default) whenever the watcher had not looked lately, queued songs or not: requests the user's "Pause
    checking" did not hold back."""
    queue = harness.start(list_interval_s=0.05)
    harness.qtbot.waitUntil(lambda: queue.repository is not None, timeout=10_000)
    # Silence over a span of time is what is tested: the list falls due every 50 ms, the uncertain
    # submissions are looked for every 200 ms.
    harness.qtbot.wait(1000)
    assert _gets(harness.sim, "/jobs") == 0
    subs = harness.add("now a song")
    queue.kick()
    harness.wait_left(1, timeout=30_000)
    assert harness.left[subs[0].ref].state is S.SUBMITTED
    assert _gets(harness.sim, "/jobs") >= 1  # its slots, read before it sent

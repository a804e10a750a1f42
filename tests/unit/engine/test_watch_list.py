"""The poller on the running-jobs list, against the real simulator: discovery, a job leaving the list, the
fallbacks to per-job polling (sync-mode jobs, jobs the list never shows, GET /jobs failing), cancel and 596."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import replace
from pathlib import Path
from urllib.parse import quote

import pytest
import requests
from helpers.httpserver import Reply, ScriptedServer, Seen
from pytestqt.qtbot import QtBot

from flowmusic_gui.core.client import ApiClient
from flowmusic_gui.core.records import JobState
from flowmusic_gui.core.schedule import PolicyConfig
from flowmusic_gui.core.store import SOURCE_ACCOUNT, JobStore
from flowmusic_gui.core.watch_schedule import watch_config_for
from flowmusic_gui.engine.poller import PollEntry, Poller
from flowmusic_gui.engine.tasks import TaskRunner
from flowmusic_gui.engine.tracker import Tracker
from flowmusic_gui.engine.types import AccountNotice, CancelResult
from flowmusic_gui.simulator import DEMO_TOKEN, Simulator
from flowmusic_gui.simulator.accounts import DEMO_ACCOUNTS, DEMO_EMAIL, Account

from .conftest import FAST
from .test_poller import Collector, make_ids, watch_until_done

LAPSED = "lapsed@flowmusic.local"


def post_music(sim: Simulator, prompt: str, mode: str = "async", email: str | None = None) -> str:
    """Submit a song the way a user's own script does, behind the app's back."""
    body = {"prompt": prompt, "mode": mode, **({"email": email} if email else {})}
    r = requests.post(f"{sim.base_url}/music", json=body, headers={"Authorization": f"Bearer {DEMO_TOKEN}"},
                      timeout=(5, 20))
    assert r.status_code == 201, r.text
    return str(r.json()["jobid"])


def reads_of(sim: Simulator, jobid: str) -> int:
    path = "/v1/flowmusic/jobs/" + quote(jobid, safe="")
    return sum(1 for r in sim.requests if r.method == "GET" and r.path == path)


def looks(requests_seen: list[str]) -> int:
    return sum(1 for p in requests_seen if p.rstrip("/").endswith("/v1/flowmusic/jobs"))


@pytest.fixture
def tracker(tmp_path: Path, client: ApiClient, runner: TaskRunner) -> Iterator[Tracker]:
    store = JobStore(tmp_path / "jobs.sqlite3")
    t = Tracker(store, client, FAST, discover=True, runner=runner)
    yield t
    t.stop()
    store.close()


def test_a_job_submitted_behind_the_apps_back_is_found_persisted_and_finished(
    qtbot: QtBot, sim: Simulator, tracker: Tracker, tmp_path: Path
) -> None:
    sim.speed = 30  # it runs a few seconds: long enough to be seen on the list
    found: list[tuple[str, list[str]]] = []
    tracker.jobs_discovered.connect(lambda email, ids: found.append((email, ids)))
    tracker.start()
    jobid = post_music(sim, "a song made by a script")
    qtbot.waitUntil(lambda: bool(found), timeout=10000)
    assert found == [(DEMO_EMAIL, [jobid])]
    view = tracker.job(jobid)
    assert view is not None and view.found_on_account and view.state is JobState.PENDING
    qtbot.waitUntil(lambda: (v := tracker.job(jobid)) is not None and v.is_terminal, timeout=20000)
    assert tracker.job(jobid).state.value == sim.plan(jobid).outcome  # type: ignore[union-attr]
    # Alone on the list, it was read on its own schedule (a look would have spoken for it alone, and one showing
    # it gone would still have needed its record): test_a_lone_job_is_read_directly_and_many_through_the_list.
    assert reads_of(sim, jobid) >= 1
    store = tracker.store
    assert store is not None
    # The store lane writes the result a moment after the view changed: wait for it to land.
    qtbot.waitUntil(lambda: (s := store.get(jobid)) is not None and s.state.value == sim.plan(jobid).outcome,
                    timeout=10000)
    saved = store.get(jobid)
    assert saved is not None and saved.source == SOURCE_ACCOUNT


def test_discovery_off_takes_nothing_in(qtbot: QtBot, sim: Simulator, client: ApiClient, runner: TaskRunner) -> None:
    sim.speed = 30  # running long enough to be listed
    t = Tracker(None, client, FAST, discover=False, runner=runner)
    listed: list[object] = []
    t.running_listed.connect(listed.append)
    t.start()
    try:
        jobid = post_music(sim, "not for this window")
        qtbot.waitUntil(lambda: any(jobid in r.jobids for r in listed), timeout=10000)  # type: ignore[attr-defined]
        assert t.jobs() == []
        # Switched on: the job seen while it was off is taken in at the next look.
        with qtbot.waitSignal(t.jobs_discovered, timeout=10000) as found:
            t.set_discover(True)
        assert found.args[1] == [jobid] and t.job(jobid) is not None
    finally:
        t.stop()


def test_a_pasted_job_that_leaves_the_list_is_read_at_once_and_shown_completed(
    qtbot: QtBot, sim: Simulator, client: ApiClient, runner: TaskRunner
) -> None:
    sim.speed = 30
    jobid = post_music(sim, "pasted while it runs")
    sim.force(jobid, outcome="completed")
    # Direct reads off: the list speaks for the job, alone as it is (a lone job is otherwise read on its own).
    p = Poller(client, FAST, runner=runner, watch=replace(watch_config_for(FAST), direct_reads=False))
    got = Collector(p)
    p.start()
    try:
        p.add([PollEntry(jobid)])
        qtbot.waitUntil(lambda: got.final_states().get(jobid) is JobState.COMPLETED, timeout=20000)
    finally:
        p.stop()
    # One read at the start (it shows the prompt at once), one when it left the list: nothing in between.
    assert reads_of(sim, jobid) == 2
    left_at = sim.plan(jobid).pending_s
    assert left_at > 1.0


@pytest.mark.parametrize("kind", ["sync", "unlisted"])
def test_jobs_the_list_cannot_speak_for_are_polled_on_their_own(
    qtbot: QtBot, sim: Simulator, kind: str, runner: TaskRunner
) -> None:
    # A sync-mode job is never listed (the simulator knows its jobid at once); a job of an account on another
    # token is not on this token's list either (here: a list that is empty while the job runs).
    jobid = sim.submit("made in sync mode", mode="sync") if kind == "sync" else make_ids(1)[0]
    with ScriptedServer() as server:
        server.handler = _proxy(sim, Reply(200, json={}) if kind == "unlisted" else None)
        c = ApiClient(server.url, DEMO_TOKEN, timeout=(2.0, 5.0))
        p = Poller(c, FAST, runner=runner)
        got = Collector(p)
        listed: list[object] = []
        p.running_listed.connect(listed.append)
        p.start()
        try:
            p.add([PollEntry(jobid)])
            qtbot.waitUntil(lambda: (s := got.final_states().get(jobid)) is not None and s.is_terminal,
                            timeout=20000)
        finally:
            p.stop()
            c.close()
    assert got.final_states()[jobid].value == sim.plan(jobid).outcome
    assert listed and all(jobid not in r.jobids for r in listed)  # type: ignore[attr-defined]
    assert reads_of(sim, jobid) >= 2  # it was polled while pending, not left waiting for the list


def _proxy(sim: Simulator, list_reply: Reply | None) -> Callable[[Seen], Reply]:
    """Forwards requests to the simulator; answers GET /jobs with ``list_reply`` (None: the simulator's own)."""
    session = requests.Session()

    def handle(seen: Seen) -> Reply:
        if list_reply is not None and seen.path.rstrip("/").endswith("/v1/flowmusic/jobs"):
            return list_reply
        r = session.get(sim.origin + seen.path, headers={"Authorization": f"Bearer {DEMO_TOKEN}"}, timeout=(5, 20))
        return Reply(r.status_code, body=r.content)

    return handle


@pytest.mark.parametrize("status", [500, 404])
def test_the_list_failing_falls_back_without_a_wrong_state(
    qtbot: QtBot, sim: Simulator, status: int, runner: TaskRunner
) -> None:
    ids = make_ids(4)
    with ScriptedServer() as server:
        server.handler = _proxy(sim, Reply(status, json={"error": "no list here", "code": status}))
        c = ApiClient(server.url, DEMO_TOKEN, timeout=(2.0, 5.0))
        p = Poller(c, FAST, runner=runner)
        problems: list[str] = []
        p.list_problem.connect(problems.append)
        try:
            got = watch_until_done(qtbot, p, ids, 20000)
        finally:
            c.close()
    for jobid in ids:
        seq = [o.state for o in got.outcomes if o.jobid == jobid and o.state is not None]
        assert seq[-1].value == sim.plan(jobid).outcome
        assert all(s is JobState.PENDING for s in seq[:-1])
    assert problems and "running-jobs list is unavailable" in problems[0]
    assert not p.list_usable


# Twenty songs of 1.5 to 9 s, with every interval scaled to match, on two accounts of the demo token.
TWENTY_CONFIG = PolicyConfig(poll_interval=0.2, max_interval=3.0, budget_per_s=50, concurrency=4,
                             prior_min_s=1.5, prior_max_s=9.0, prior_shape="bell")  # fmt: skip
TWENTY_ACCOUNTS = [Account(DEMO_EMAIL, max_jobs=16, credits=10_000), Account("b@flowmusic.local", max_jobs=16)]


def watch_twenty(qtbot: QtBot, runner: TaskRunner, sim: Simulator, ids: list[str]) -> Collector:
    """Poll these 20 jobs until each is terminal; what the poller said of them."""
    c = ApiClient(sim.base_url, DEMO_TOKEN, timeout=(2.0, 5.0))
    try:
        return watch_until_done(qtbot, Poller(c, TWENTY_CONFIG, runner=runner), ids, 30000)
    finally:
        c.close()


def test_twenty_listed_jobs_cost_a_fraction_of_per_job_polling(qtbot: QtBot, runner: TaskRunner) -> None:
    accounts = TWENTY_ACCOUNTS

    def run(listed: bool) -> tuple[int, int]:
        # Unlisted: jobs of an account on another token, which the list cannot speak for, so per-job polling
        # alone (a simulator open to any token serves them, and lists only its own accounts' jobs).
        with Simulator(token=DEMO_TOKEN if listed else None, speed=20, seed=11, accounts=accounts) as sim:
            submitted = [sim.submit(f"song {i}", email=accounts[i % 2].email) for i in range(20)] if listed else []
            ids = submitted or make_ids(20, user="2002", email="elsewhere@flowmusic.local")
            got = watch_twenty(qtbot, runner, sim, ids)
            for jobid in ids:
                assert got.final_states()[jobid].value == sim.plan(jobid).outcome
            paths = [r.path for r in sim.requests if "/jobs" in r.path]
            return len(paths), looks(paths)

    with_list, list_looks = run(listed=True)
    per_job, _ = run(listed=False)
    assert list_looks >= 1
    print(f"20 jobs: {with_list} requests with the list ({list_looks} looks), {per_job} polling each job")
    assert with_list <= 0.6 * per_job, (with_list, per_job)


def test_cancel_reads_the_record_and_the_job_reads_cancelled(qtbot: QtBot, sim: Simulator, tracker: Tracker) -> None:
    sim.speed = 5  # long enough to cancel while it runs
    jobid = post_music(sim, "a song to cancel")
    tracker.start()
    tracker.add([jobid])
    qtbot.waitUntil(lambda: (v := tracker.job(jobid)) is not None and v.state is JobState.PENDING, timeout=10000)
    with qtbot.waitSignal(tracker.cancel_done, timeout=10000) as done:
        assert tracker.cancel([jobid]) == [jobid]
    result = done.args[0]
    assert isinstance(result, CancelResult) and result.ok
    qtbot.waitUntil(lambda: (v := tracker.job(jobid)) is not None and v.is_terminal, timeout=10000)
    view = tracker.job(jobid)
    assert view is not None and view.state is JobState.FAILED and view.cancelled


def test_a_596_account_is_named_once_and_its_jobs_resume_when_healed(qtbot: QtBot, sim: Simulator,
                                                                     client: ApiClient, runner: TaskRunner) -> None:
    ids = make_ids(3, email=LAPSED)
    p = Poller(client, FAST, runner=runner)
    got = Collector(p)
    notices: list[AccountNotice] = []
    healed: list[str] = []
    p.account_problem.connect(notices.append)
    p.account_healed.connect(healed.append)
    p.start()
    try:
        p.add(PollEntry(j) for j in ids)
        qtbot.waitUntil(lambda: bool(notices), timeout=10000)
        # The account's jobs wait at the slow re-check: one probe answers for all three.
        qtbot.wait(500)
        assert len(notices) == 1 and notices[0].email == LAPSED and "re-add" in notices[0].message
        assert sum(reads_of(sim, j) for j in ids) <= 3
        assert got.final_states() == {}
        lapsed = next(a for a in DEMO_ACCOUNTS if a.email == LAPSED)
        sim.set_account(Account(LAPSED, max_jobs=lapsed.max_jobs, credits=500, healthy=True))
        qtbot.waitUntil(lambda: got.finished() == 3, timeout=20000)
    finally:
        p.stop()
    assert healed == [LAPSED]
    assert len(notices) == 1


def test_a_lone_job_is_read_directly_and_many_through_the_list(qtbot: QtBot, runner: TaskRunner) -> None:
    """A look costs what a read costs and one showing a job gone still needs the read: a lone job is read on its
    own, never through the list (when nobody asked for what the list shows); six jobs at once share the looks."""
    config = PolicyConfig(poll_interval=0.2, max_interval=3.0, budget_per_s=50, concurrency=4,
                          prior_min_s=1.5, prior_max_s=9.0)  # fmt: skip
    accounts = [Account(DEMO_EMAIL, max_jobs=16, credits=10_000)]

    def run(count: int) -> tuple[list[int], int]:
        with Simulator(token=DEMO_TOKEN, speed=20, seed=5, accounts=accounts) as sim:
            ids = [sim.submit(f"song {i}") for i in range(count)]
            c = ApiClient(sim.base_url, DEMO_TOKEN, timeout=(2.0, 5.0))
            try:
                got = watch_until_done(qtbot, Poller(c, config, runner=runner, browse=False), ids, 30000)
            finally:
                c.close()
            for jobid in ids:
                assert got.final_states()[jobid].value == sim.plan(jobid).outcome
            return [reads_of(sim, j) for j in ids], looks([r.path for r in sim.requests])

    lone_reads, lone_looks = run(1)
    many_reads, many_looks = run(6)
    print(f"lone job: {lone_reads} reads, {lone_looks} looks; six jobs: {many_reads} reads, {many_looks} looks")
    assert lone_looks == 0  # read directly, and nobody asked for the list itself
    assert lone_reads[0] >= 3  # its first record, reads while it ran, the finished record
    assert many_looks >= 3  # the list spoke for them while several ran
    # Each read at the start, once it left the list, and (the last one, alone by then) on its own schedule.
    assert sorted(many_reads)[:-1] == [2] * 5 or sum(many_reads) < 6 * lone_reads[0], many_reads


def test_list_answers_taken_in_a_few_jobs_a_turn_still_see_every_job_finished(
    qtbot: QtBot, runner: TaskRunner, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A long list answer is taken in (and the due index rebuilt) a few thousand jobs a turn of the loop before
    the poller decides again; with steps of 3 jobs, 20 listed songs are each read when they leave the list and
    reach their true state, through the list (a look speaks for all of them), as with answers taken whole."""
    from flowmusic_gui.engine import poller as poller_module

    monkeypatch.setattr(poller_module, "SETTLE_PER_TURN", 3)
    steps = 0
    settle_some = Poller._settle_some

    def counted(self: Poller, generation: int) -> None:
        nonlocal steps
        steps += 1
        settle_some(self, generation)

    monkeypatch.setattr(Poller, "_settle_some", counted)
    accounts = TWENTY_ACCOUNTS
    with Simulator(token=DEMO_TOKEN, speed=20, seed=11, accounts=accounts) as sim:
        ids = [sim.submit(f"song {i}", email=accounts[i % 2].email) for i in range(20)]
        got = watch_twenty(qtbot, runner, sim, ids)
        for jobid in ids:
            assert got.final_states()[jobid].value == sim.plan(jobid).outcome
        paths = [r.path for r in sim.requests if "/jobs" in r.path]
    assert looks(paths) >= 2 and steps >= 2 * looks(paths)  # every look's answer came in several steps
    assert len(paths) <= 20 * 6, len(paths)  # through the list: a handful of requests a song

"""The tracker: store and poller together. Jobs survive a restart, polling resumes, changes are announced."""

from __future__ import annotations

from pathlib import Path

from pytestqt.qtbot import QtBot

from flowmusic_gui.core.client import ApiClient
from flowmusic_gui.core.records import JobState
from flowmusic_gui.core.store import JobStore
from flowmusic_gui.engine.tasks import TaskRunner
from flowmusic_gui.engine.tracker import Tracker
from flowmusic_gui.engine.types import JobView
from flowmusic_gui.simulator import Simulator

from .conftest import FAST
from .test_poller import make_ids


def test_jobs_finish_persist_and_announce(
    qtbot: QtBot, tmp_path: Path, sim: Simulator, client: ApiClient, runner: TaskRunner
) -> None:
    store = JobStore(tmp_path / "jobs.sqlite3")
    tracker = Tracker(store, client, FAST, runner=runner)
    finished: list[JobView] = []
    tracker.job_finished.connect(finished.append)
    tracker.start()
    ids = make_ids(3)
    result = tracker.add([*ids, ids[0], "not an id"])
    assert result.added == tuple(ids)
    assert [v.state for v in tracker.jobs()] == [JobState.NEW] * 3
    try:
        qtbot.waitUntil(lambda: len(finished) == 3, timeout=15000)
    finally:
        tracker.stop()
    for jobid in ids:
        saved = store.get(jobid)
        assert saved is not None
        assert saved.state.value == sim.plan(jobid).outcome
        assert saved.record is not None and saved.record["jobid"] == jobid
        assert saved.poll_count >= 1
    store.close()


def test_restart_resumes_pending_jobs(
    qtbot: QtBot, tmp_path: Path, sim: Simulator, client: ApiClient, runner: TaskRunner
) -> None:
    path = tmp_path / "jobs.sqlite3"
    ids = make_ids(2)
    with JobStore(path) as store:
        store.add(ids)
    store = JobStore(path)
    tracker = Tracker(store, client, FAST, runner=runner)
    with qtbot.waitSignal(tracker.jobs_loaded, timeout=2000) as loaded:
        tracker.start()
    assert [v.jobid for v in loaded.args[0]] == ids
    try:
        qtbot.waitUntil(lambda: all(v.is_terminal for v in tracker.jobs()), timeout=15000)
    finally:
        tracker.stop()
        store.close()


def test_remove_and_undo(qtbot: QtBot, tmp_path: Path, client: ApiClient, runner: TaskRunner) -> None:
    store = JobStore(tmp_path / "jobs.sqlite3")
    tracker = Tracker(store, client, FAST, runner=runner)
    tracker.start()
    try:
        ids = make_ids(3)
        tracker.add(ids)
        with qtbot.waitSignal(tracker.jobs_removed, timeout=1000) as removed_sig:
            removed = tracker.remove(ids[:2])
        assert removed_sig.args[0] == ids[:2]
        assert [v.jobid for v in tracker.jobs()] == ids[2:]
        # Written on the store lane, off this thread: in the file a moment later.
        qtbot.waitUntil(lambda: tracker.unsaved == 0, timeout=5000)
        assert store.get(ids[0]) is None
        tracker.restore(removed)
        assert {v.jobid for v in tracker.jobs()} == set(ids)
        qtbot.waitUntil(lambda: tracker.unsaved == 0, timeout=5000)
        assert store.get(ids[0]) is not None
    finally:
        tracker.stop()
        store.close()


def test_a_404_can_be_rechecked(qtbot: QtBot, sim: Simulator, client: ApiClient, runner: TaskRunner) -> None:
    tracker = Tracker(None, client, FAST, runner=runner)
    tracker.start()
    jobid = make_ids(1)[0]
    sim.expire(jobid)
    try:
        tracker.add([jobid])
        qtbot.waitUntil(lambda: tracker.job(jobid).state is JobState.NOT_FOUND, timeout=5000)  # type: ignore[union-attr]
        polls = tracker.job(jobid).poll_count  # type: ignore[union-attr]
        with qtbot.waitSignal(tracker.job_changed, timeout=5000):
            tracker.recheck([jobid])
        view = tracker.job(jobid)
        assert view is not None and view.poll_count == polls + 1
        assert view.state is JobState.NOT_FOUND
    finally:
        tracker.stop()


def test_auth_failure_pauses_until_a_token_is_set(qtbot: QtBot, sim: Simulator, runner: TaskRunner) -> None:
    client = ApiClient(sim.base_url, "nope", timeout=(2.0, 5.0))
    tracker = Tracker(None, client, FAST, runner=runner)
    tracker.start()
    try:
        with qtbot.waitSignal(tracker.auth_failed, timeout=5000):
            tracker.add(make_ids(2))
        assert tracker.paused_for_auth
        tracker.set_token(sim.token)
        assert not tracker.paused_for_auth
        qtbot.waitUntil(lambda: all(v.is_terminal for v in tracker.jobs()), timeout=15000)
    finally:
        tracker.stop()
        client.close()


def test_answers_after_stop_are_dropped(
    qtbot: QtBot, tmp_path: Path, sim: Simulator, client: ApiClient, runner: TaskRunner
) -> None:
    # The window closes the store right after stopping the tracker: a late answer must not write to it.
    store = JobStore(tmp_path / "jobs.sqlite3")
    tracker = Tracker(store, client, FAST, runner=runner)
    tracker.start()
    tracker.add(make_ids(8))
    qtbot.waitUntil(lambda: sim.job_requests() != [], timeout=5000)
    tracker.stop()
    store.close()
    qtbot.wait(300)  # let any queued answer arrive; pytest-qt fails the test if a slot raises
    assert all(v.state is JobState.NEW or v.poll_count <= 1 for v in tracker.jobs())


def test_a_long_list_loads_off_the_gui_thread(
    qtbot: QtBot, tmp_path: Path, client: ApiClient, runner: TaskRunner
) -> None:
    from datetime import datetime, timezone

    from flowmusic_gui.engine.tracker import PARSE_INLINE_MAX

    ids = make_ids(PARSE_INLINE_MAX + 50)
    now = datetime.now(timezone.utc)
    with JobStore(tmp_path / "jobs.sqlite3") as store:
        store.add(ids)
        for jobid in ids:
            record = {"jobid": jobid, "status": "completed", "email": "demo@flowmusic.local",
                      "created_at": "2026-05-31T19:57:23.954Z", "request": {"prompt": "p"}, "clips": []}
            store.record_poll(jobid, state=JobState.COMPLETED, record=record, polled_at=now)
    store = JobStore(tmp_path / "jobs.sqlite3")
    tracker = Tracker(store, client, FAST, runner=runner)
    try:
        with qtbot.waitSignal(tracker.jobs_loaded, timeout=10000) as loaded:
            tracker.start()
            # The window stays responsive: start() returns before the records are parsed, and a job
            # added meanwhile is tracked and announced with the rest.
            extra = make_ids(1)
            assert tracker.add(extra).added == tuple(extra)
        views = loaded.args[0]
        assert [v.jobid for v in views] == [*ids, *extra]
        assert views[0].record is not None and views[0].record.jobid == ids[0]
        assert views[0].state is JobState.COMPLETED
    finally:
        tracker.stop()
        store.close()


def test_jobs_another_process_adds_or_removes_are_taken_in(
    qtbot: QtBot, tmp_path: Path, sim: Simulator, client: ApiClient, runner: TaskRunner
) -> None:
    """`flowmusic track` and `untrack` write to the same file while the window runs: the window follows."""
    path = tmp_path / "jobs.sqlite3"
    store = JobStore(path)
    tracker = Tracker(store, client, FAST, store_check_ms=50, runner=runner)
    with qtbot.waitSignal(tracker.jobs_loaded, timeout=5000):  # the list is read on the store lane
        tracker.start()
    other = JobStore(path)  # what the command line opens
    try:
        mine = make_ids(1)
        tracker.add(mine)
        theirs = make_ids(2)
        with qtbot.waitSignal(tracker.jobs_added, timeout=3000) as added:
            other.add(theirs)
        assert [v.jobid for v in added.args[0]] == theirs
        assert [v.state for v in added.args[0]] == [JobState.NEW, JobState.NEW]
        # They are polled like the window's own jobs.
        qtbot.waitUntil(lambda: all(tracker.job(j).is_terminal for j in theirs), timeout=15000)  # type: ignore[union-attr]
        with qtbot.waitSignal(tracker.jobs_removed, timeout=3000) as removed:
            other.remove(theirs[:1])
        assert removed.args[0] == theirs[:1]
        assert {v.jobid for v in tracker.jobs()} == {mine[0], theirs[1]}
    finally:
        tracker.stop()
        other.close()
        store.close()


def test_its_own_writes_are_not_taken_for_another_process(
    qtbot: QtBot, tmp_path: Path, client: ApiClient, runner: TaskRunner
) -> None:
    store = JobStore(tmp_path / "jobs.sqlite3")
    tracker = Tracker(store, client, FAST, store_check_ms=20, runner=runner)
    tracker.start()
    try:
        seen: list[object] = []
        tracker.jobs_added.connect(seen.append)
        tracker.jobs_removed.connect(seen.append)
        ids = make_ids(3)
        tracker.add(ids)
        tracker.remove(ids[:1])
        assert len(seen) == 2
        # Ten looks at the store, while poll results are written through the tracker's own writer connection
        # (which SQLite counts as another connection): none may announce anything again.
        qtbot.wait(200)
        assert len(seen) == 2
    finally:
        tracker.stop()
        store.close()


def test_a_new_api_base_keeps_noticing_jobs_another_process_adds(
    qtbot: QtBot, tmp_path: Path, sim: Simulator, client: ApiClient, runner: TaskRunner
) -> None:
    """Changing the API base in Settings restarts the poller; the look at the store must go on too."""
    path = tmp_path / "jobs.sqlite3"
    store = JobStore(path)
    tracker = Tracker(store, client, FAST, store_check_ms=50, runner=runner)
    with qtbot.waitSignal(tracker.jobs_loaded, timeout=5000):  # the list is read on the store lane
        tracker.start()
    other = JobStore(path)
    try:
        tracker.replace_client(ApiClient(sim.base_url, client._current_token(), timeout=(2.0, 5.0)))
        theirs = make_ids(1)
        with qtbot.waitSignal(tracker.jobs_added, timeout=3000) as added:
            other.add(theirs)
        assert [v.jobid for v in added.args[0]] == theirs
    finally:
        tracker.stop()
        other.close()
        store.close()


def test_a_kept_take_shows_at_once_survives_a_restart_and_an_undone_removal(
    qtbot: QtBot, tmp_path: Path, client: ApiClient, runner: TaskRunner
) -> None:
    path = tmp_path / "jobs.sqlite3"
    ids = make_ids(2)
    clip = "user:1-a@example.com-clip:bbbb"
    store = JobStore(path)
    tracker = Tracker(store, client, FAST, runner=runner)
    tracker.start()
    try:
        tracker.add(ids)
        with qtbot.waitSignal(tracker.job_changed, timeout=1000) as changed:
            tracker.set_kept(ids[0], clip, True)
        assert changed.args[0].kept == (clip,) and changed.args[0].is_kept(clip)
        assert tracker.set_kept("job:not-tracked", clip, True) is None
        qtbot.waitUntil(lambda: tracker.unsaved == 0, timeout=5000)
        assert store.get(ids[0]).kept == (clip,)  # type: ignore[union-attr]
        removed = tracker.remove([ids[0]])
        qtbot.waitUntil(lambda: tracker.unsaved == 0, timeout=5000)
        tracker.restore(removed)
        qtbot.waitUntil(lambda: tracker.unsaved == 0, timeout=5000)
        assert store.get(ids[0]).kept == (clip,)  # type: ignore[union-attr]
    finally:
        tracker.stop()
        store.close()
    store = JobStore(path)
    again = Tracker(store, client, FAST, runner=runner)
    with qtbot.waitSignal(again.jobs_loaded, timeout=2000) as loaded:
        again.start()
    try:
        assert {v.jobid: v.kept for v in loaded.args[0]} == {ids[0]: (clip,), ids[1]: ()}
        again.set_kept(ids[0], clip, False)
        qtbot.waitUntil(lambda: again.unsaved == 0, timeout=5000)
        assert store.get(ids[0]).kept == ()  # type: ignore[union-attr]
    finally:
        again.stop()
        store.close()

"""Pause checking: a paused tracker sends nothing at all, loses nothing, and catches up at once on resume."""

from __future__ import annotations

import time
from pathlib import Path

from pytestqt.qtbot import QtBot

from flowmusic_gui.core.client import ApiClient
from flowmusic_gui.core.records import JobState
from flowmusic_gui.core.store import JobStore
from flowmusic_gui.engine.tasks import TaskRunner
from flowmusic_gui.engine.tracker import Tracker
from flowmusic_gui.simulator import Simulator

from .conftest import FAST
from .test_poller import make_ids

#: How long a paused tracker is watched for a request it should not send (FAST polls every 0.25 s at most).
QUIET_MS = 1500


def _settled(tracker: Tracker) -> bool:
    poller = tracker.poller
    return poller is not None and poller.in_flight == 0


def test_a_paused_tracker_sends_nothing_and_shows_what_finished_soon_after_resume(
    qtbot: QtBot, tmp_path: Path, sim: Simulator, client: ApiClient, runner: TaskRunner
) -> None:
    store = JobStore(tmp_path / "jobs.sqlite3")
    tracker = Tracker(store, client, FAST, runner=runner)
    changes: list[bool] = []
    tracker.paused_changed.connect(changes.append)
    ids = make_ids(3)
    for jobid in ids:
        sim.force(jobid, outcome="completed", pending_s=600)  # running until told otherwise below
    tracker.start()
    try:
        tracker.add(ids)
        qtbot.waitUntil(lambda: all(v.state is JobState.PENDING for v in tracker.jobs()), timeout=10000)
        tracker.pause()
        tracker.pause()  # a repeat says nothing new
        assert tracker.paused and changes == [True]
        # Requests already sent come back and are taken in; after that, nothing goes out.
        qtbot.waitUntil(lambda: _settled(tracker), timeout=5000)
        for jobid in ids:
            sim.force(jobid, pending_s=0.0)  # they finish while the tracker is paused
        sent = len(sim.requests)
        qtbot.wait(QUIET_MS)  # the property under test is silence over a span of time
        assert len(sim.requests) == sent
        assert all(v.state is JobState.PENDING for v in tracker.jobs())  # finished meanwhile, not yet seen
        assert [j.jobid for j in store.all(parse_records=False)] == ids  # nothing dropped while paused
        resumed = time.monotonic()
        tracker.resume()
        assert not tracker.paused and changes == [True, False]
        qtbot.waitUntil(lambda: all(v.state is JobState.COMPLETED for v in tracker.jobs()), timeout=5000)
        assert time.monotonic() - resumed < 5.0
    finally:
        tracker.stop()
        store.close()


def test_a_pause_outlives_a_new_api_base(qtbot: QtBot, sim: Simulator, client: ApiClient, runner: TaskRunner) -> None:
    tracker = Tracker(None, client, FAST, runner=runner)
    tracker.start()
    try:
        tracker.pause()  # the first look, sent at start, still comes back
        qtbot.waitUntil(lambda: _settled(tracker), timeout=5000)
        sent = len(sim.requests)
        tracker.add(make_ids(2))
        tracker.replace_client(ApiClient(sim.base_url, sim.token, timeout=(2.0, 5.0)))
        qtbot.wait(QUIET_MS // 2)
        assert len(sim.requests) == sent
        assert tracker.poller is not None and tracker.poller.paused
        tracker.resume()
        qtbot.waitUntil(lambda: all(v.is_terminal for v in tracker.jobs()), timeout=15000)
    finally:
        tracker.stop()
        tracker.client.close()


def test_a_tracker_paused_before_start_sends_nothing(
    qtbot: QtBot, sim: Simulator, client: ApiClient, runner: TaskRunner
) -> None:
    tracker = Tracker(None, client, FAST, runner=runner)
    tracker.pause()
    tracker.start()
    try:
        tracker.add(make_ids(2))
        qtbot.wait(QUIET_MS // 2)  # silence over a span of time is what is tested
        assert sim.requests == []
        tracker.resume()
        qtbot.waitUntil(lambda: all(v.is_terminal for v in tracker.jobs()), timeout=15000)
    finally:
        tracker.stop()


def test_a_fresh_tracker_checks(qtbot: QtBot, sim: Simulator, client: ApiClient, runner: TaskRunner) -> None:
    tracker = Tracker(None, client, FAST, runner=runner)
    assert not tracker.paused  # the pause is never kept across restarts
    tracker.start()
    try:
        tracker.add(make_ids(1))
        qtbot.waitUntil(lambda: all(v.is_terminal for v in tracker.jobs()), timeout=15000)
    finally:
        tracker.stop()

"""The tracker's start: the stored job list is read off the owner's (GUI) thread, and a list that cannot be read
loses nothing."""

from __future__ import annotations

import sqlite3
import threading
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from flowmusic_gui.core.client import ApiClient
from flowmusic_gui.core.store import JobStore, StoreError
from flowmusic_gui.engine.tasks import TaskRunner
from flowmusic_gui.engine.tracker import PARSE_INLINE_MAX, Tracker

from .conftest import FAST
from .test_poller import make_ids


@pytest.mark.parametrize("count", [3, PARSE_INLINE_MAX + 50], ids=["a few", "a long list"])
def test_start_touches_the_store_only_off_the_gui_thread(
    qtbot: QtBot, tmp_path: Path, client: ApiClient, runner: TaskRunner, monkeypatch: pytest.MonkeyPatch,
    count: int,
) -> None:
    path = tmp_path / "jobs.sqlite3"
    ids = make_ids(count)
    with JobStore(path) as seed:
        seed.add(ids)
    store = JobStore(path)
    on_gui_thread: list[bool] = []
    real = store._connection

    def connection() -> sqlite3.Connection:  # every read and write of the store goes through it
        on_gui_thread.append(threading.current_thread() is threading.main_thread())
        return real()

    monkeypatch.setattr(store, "_connection", connection)
    tracker = Tracker(store, client, FAST, runner=runner)
    try:
        with qtbot.waitSignal(tracker.jobs_loaded, timeout=10_000) as loaded:
            tracker.start()
            assert on_gui_thread == []  # start() returned without touching the file
        # The rows appear as before, in the order they were added.
        assert [v.jobid for v in loaded.args[0]] == ids
        assert on_gui_thread and not any(on_gui_thread), "the job list was read on the GUI thread"
        assert {v.jobid for v in tracker.jobs()} == set(ids)
    finally:
        tracker.stop()
        store.close()


@pytest.mark.expect_log("the job list could not be read")
def test_a_job_list_that_cannot_be_read_at_start_is_named_and_its_jobs_come_when_it_can(
    qtbot: QtBot, tmp_path: Path, client: ApiClient, runner: TaskRunner, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "jobs.sqlite3"
    ids = make_ids(4)
    with JobStore(path) as seed:
        seed.add(ids)
    store = JobStore(path)
    real = store._read
    failures = [StoreError(f"Cannot read the job list {path}: database is locked")]

    def read(sql: str, params: tuple[object, ...] = ()) -> list[object]:
        if failures:  # the first read (another process holds the file exclusively for a moment)
            raise failures.pop()
        return real(sql, params)

    monkeypatch.setattr(store, "_read", read)
    problems: list[str | None] = []
    added: list[str] = []
    tracker = Tracker(store, client, FAST, store_check_ms=50, runner=runner)
    tracker.store_problem.connect(problems.append)
    tracker.jobs_added.connect(lambda views: added.extend(v.jobid for v in views))
    try:
        with qtbot.waitSignal(tracker.jobs_loaded, timeout=10_000) as loaded:
            tracker.start()
        # The window shows (with what there is) and says what went wrong, naming the file and why.
        assert loaded.args[0] == []
        assert problems and problems[0] is not None
        assert "could not be read" in problems[0] and "database is locked" in problems[0] and str(path) in problems[0]
        # Nothing is lost: the jobs stay in the file, come with the next look at it, and the notice clears.
        qtbot.waitUntil(lambda: sorted(added) == sorted(ids), timeout=10_000)
        qtbot.waitUntil(lambda: problems[-1] is None, timeout=5_000)
        assert {v.jobid for v in tracker.jobs()} == set(ids)
        with JobStore(path) as fresh:
            assert fresh.jobids() == set(ids)
    finally:
        tracker.stop()
        store.close()

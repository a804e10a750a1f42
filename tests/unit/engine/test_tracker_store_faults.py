"""Poll results while the store cannot be written: shown at once, the loop never blocked, saved on recovery."""

from __future__ import annotations

import gc
import sqlite3
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from helpers.heartbeat import runqueue_wait_s, slowness
from PySide6.QtCore import QTimer
from pytestqt.qtbot import QtBot

from flowmusic_gui.core.client import ApiClient
from flowmusic_gui.core.store import JobStore
from flowmusic_gui.engine.tasks import TaskRunner
from flowmusic_gui.engine.tracker import Tracker
from flowmusic_gui.engine.types import JobView
from flowmusic_gui.simulator import Simulator

from .conftest import FAST
from .test_poller import make_ids


class LoopWatch:
    """Ticks every 10 ms on the GUI thread and keeps the longest gap between ticks: how long the loop froze.

    ``longest`` is the wall-clock gap less the time the thread waited for a CPU while other processes ran (a
    wait on a lock or a socket still shows there); ``longest_cpu`` is the GUI thread's own CPU time within one
    gap, the work that held the loop. As tests/helpers/heartbeat.py explains, the test process's own heap is
    frozen meanwhile, and `budget` scales a budget set on the quiet reference machine by how much slower plain
    Python runs here now (at most 2x).
    """

    def __init__(self) -> None:
        self.longest = 0.0
        self.longest_cpu = 0.0
        self.slowness = 1.0
        self._last = time.monotonic()
        self._last_cpu = time.thread_time()
        self._waited = runqueue_wait_s()
        self._timer = QTimer()
        self._timer.setInterval(10)
        self._timer.timeout.connect(self._tick)

    def _tick(self) -> None:
        now, cpu, waited = time.monotonic(), time.thread_time(), runqueue_wait_s()
        self.longest = max(self.longest, now - self._last - (waited - self._waited))
        self.longest_cpu = max(self.longest_cpu, cpu - self._last_cpu)
        self._last, self._last_cpu, self._waited = now, cpu, waited

    def budget(self, quiet_s: float) -> float:
        return quiet_s * self.slowness

    def __enter__(self) -> LoopWatch:
        gc.collect()
        gc.freeze()
        self.slowness = slowness()
        self._last, self._last_cpu, self._waited = time.monotonic(), time.thread_time(), runqueue_wait_s()
        self._timer.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._tick()  # a block at the very end counts too
        self._timer.stop()
        gc.unfreeze()


@pytest.fixture
def store(tmp_path: Path) -> Iterator[JobStore]:
    s = JobStore(tmp_path / "jobs.sqlite3")
    yield s
    s.close()


def _states_on_disk(path: Path, ids: list[str]) -> dict[str, str]:
    with JobStore(path) as fresh:
        return {j: job.state.value for j in ids if (job := fresh.get(j)) is not None}


@pytest.mark.expect_log('cannot be saved yet', 'being saved again')
def test_a_song_finishing_while_another_process_holds_the_write_lock(
    qtbot: QtBot, store: JobStore, sim: Simulator, client: ApiClient, runner: TaskRunner
) -> None:
    tracker = Tracker(store, client, FAST, store_check_ms=50, runner=runner)
    finished: list[JobView] = []
    problems: list[str | None] = []
    tracker.job_finished.connect(finished.append)
    tracker.store_problem.connect(problems.append)
    tracker.start()
    ids = make_ids(3)
    tracker.add(ids)
    lock = sqlite3.connect(str(store.path), isolation_level=None)  # `flowmusic track -` of a huge list
    lock.execute("BEGIN IMMEDIATE")
    try:
        with LoopWatch() as watch:
            # Shown and announced at once, though nothing can be written.
            qtbot.waitUntil(lambda: len(finished) == 3, timeout=15000)
            assert {v.jobid for v in finished} == set(ids)
            # The window is told the results are not saved yet, and why (the busy timeout is 5 s).
            qtbot.waitUntil(lambda: bool(problems), timeout=15000)
        assert problems[0] is not None and "locked" in problems[0]
        assert tracker.unsaved >= 3  # at least each job's result, kept
        assert watch.longest < watch.budget(0.1), f"the loop froze for {watch.longest * 1000:.0f} ms"
        lock.execute("ROLLBACK")
        qtbot.waitUntil(lambda: problems[-1] is None, timeout=20000)
        assert tracker.unsaved == 0
        on_disk = _states_on_disk(store.path, ids)
        assert on_disk == {j: sim.plan(j).outcome for j in ids}
    finally:
        lock.close()
        tracker.stop()


@pytest.mark.expect_log('cannot be saved yet', 'being saved again')
def test_a_song_finishing_while_the_disk_is_full(
    qtbot: QtBot, store: JobStore, sim: Simulator, client: ApiClient, runner: TaskRunner
) -> None:
    writers: list[JobStore] = []

    def open_full_writer() -> JobStore:
        writer = JobStore(store.path)
        # No room for one more page: every write that grows the file fails as on a full disk (SQLITE_FULL).
        pages = writer._conn.execute("PRAGMA page_count").fetchone()[0]  # type: ignore[union-attr]
        writer._conn.execute(f"PRAGMA max_page_count = {pages}")  # type: ignore[union-attr]
        writers.append(writer)
        return writer

    tracker = Tracker(store, client, FAST, open_writer=open_full_writer, runner=runner)
    finished: list[JobView] = []
    problems: list[str | None] = []
    tracker.job_finished.connect(finished.append)
    tracker.store_problem.connect(problems.append)
    ids = make_ids(3)
    for jobid in ids:
        # Songs that complete, with their clips and lyrics: a failed job's few bytes can fit in the last page's
        # free room, and a random id fails about one time in ten, so three random ids all failing once made no
        # write need a new page (no 'full' ever said; the wait ran out).
        sim.force(jobid, outcome="completed")
    tracker.add(ids)
    tracker.start()
    try:
        with LoopWatch() as watch:
            # Three songs made at 300x speed and a write that hits the full file: a second or two on a quiet
            # machine. The wait is long because a busy one (the whole suite on two cores) once took over 15 s;
            # what the test holds is that they come, and that the loop never froze meanwhile.
            try:
                qtbot.waitUntil(lambda: len(finished) == 3 and bool(problems), timeout=30000)
            except qtbot.TimeoutError:
                pytest.fail(f"after 30 s: {len(finished)} of 3 songs finished, problems said: {problems!r}, "
                            f"unsaved changes: {tracker.unsaved}")  # fmt: skip
        assert problems[0] is not None and "full" in problems[0]
        assert watch.longest < watch.budget(0.1), f"the loop froze for {watch.longest * 1000:.0f} ms"
        final = {j: sim.plan(j).outcome for j in ids}
        assert tracker.unsaved > 0 and _states_on_disk(store.path, ids) != final
        # Room again: the kept results reach the file.
        writers[0]._conn.execute("PRAGMA max_page_count = 1073741823")  # type: ignore[union-attr]
        qtbot.waitUntil(lambda: problems[-1] is None, timeout=20000)
        assert _states_on_disk(store.path, ids) == final
    finally:
        tracker.stop()


@pytest.mark.expect_log('cannot be saved yet', 'being saved again')
def test_adding_and_removing_while_the_store_is_locked_never_blocks(
    qtbot: QtBot, store: JobStore, sim: Simulator, client: ApiClient, runner: TaskRunner
) -> None:
    tracker = Tracker(store, client, FAST, store_check_ms=50, runner=runner)
    tracker.start()
    lock = sqlite3.connect(str(store.path), isolation_level=None)
    lock.execute("BEGIN IMMEDIATE")
    try:
        ids = make_ids(3)
        started = time.monotonic()
        result = tracker.add(ids)
        removed = tracker.remove(ids[:1])
        assert time.monotonic() - started < 0.1
        assert result.added == tuple(ids) and [v.jobid for v in removed] == ids[:1]
        assert tracker.add(ids[1:]).already == tuple(ids[1:])
        with LoopWatch() as watch:
            # The window's own changes, not yet in the file, are not taken for another process's.
            qtbot.wait(300)
        assert watch.longest < watch.budget(0.1)
        assert {v.jobid for v in tracker.jobs()} == set(ids[1:])
    finally:
        lock.execute("ROLLBACK")
        lock.close()
    qtbot.waitUntil(lambda: tracker.unsaved == 0, timeout=20000)
    try:
        with JobStore(store.path) as fresh:
            assert fresh.jobids() == set(ids[1:])
        assert {v.jobid for v in tracker.jobs()} == set(ids[1:])
    finally:
        tracker.stop()

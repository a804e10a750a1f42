"""Bookkeeping while the store cannot be written (a download's, a submission's): it goes through the process's
one writer lane, so the trouble is said once (by the writer), the writes are kept and retried, nothing is lost."""

from __future__ import annotations

import functools
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from flowmusic_gui.core.client import ApiClient
from flowmusic_gui.core.store import DownloadState, JobStore, LedgerEntry, StoreRefused
from flowmusic_gui.core.store import database as store_database
from flowmusic_gui.engine.download_settings import DownloadSettings
from flowmusic_gui.engine.downloads import DownloadItem, DownloadQueue, DownloadRequest, ledger_key
from flowmusic_gui.engine.store_writer import StoreWriter
from flowmusic_gui.engine.tasks import TaskRunner
from flowmusic_gui.simulator import Simulator

from .test_downloads import FAST_RETRY, completed_tracks


class App:
    """The window's wiring of the store: one database object, one writer lane, the queue given both."""

    def __init__(self, qtbot: QtBot, tmp_path: Path, client: ApiClient, runner: TaskRunner) -> None:
        self.qtbot = qtbot
        self.runner = runner
        self.store = JobStore(tmp_path / "data" / JobStore.FILENAME)
        self.writer = StoreWriter(self.store, runner)
        self.settings = DownloadSettings(folder=tmp_path / "Music")
        self.queue = DownloadQueue(self.store, client=client, settings=lambda: self.settings, runner=runner,
                                   retry=FAST_RETRY, writer=self.writer)  # fmt: skip
        self.problems: list[str | None] = []  # the writer lane's reports
        self.writer.problem.connect(self.problems.append)
        self.queue_problems: list[str] = []  # the queue's own: must stay silent about the store
        self.queue.problem.connect(self.queue_problems.append)
        self.planned: list[tuple[DownloadItem, ...]] = []
        self.queue.planned.connect(lambda _batch, items: self.planned.append(items))
        self.finished: list[DownloadItem] = []
        self.queue.finished.connect(self.finished.append)

    def close(self) -> None:
        self.queue.shutdown()
        self.runner.shutdown(2.0)
        self.writer.close()
        self.store.close()


@pytest.fixture
def app(qtbot: QtBot, tmp_path: Path, client: ApiClient, runner: TaskRunner,
        monkeypatch: pytest.MonkeyPatch) -> Iterator[App]:  # fmt: skip
    # Each attempt waits out another process's lock this long (5 s in the app); the behaviour is the same.
    monkeypatch.setattr(store_database, "BUSY_TIMEOUT_S", 0.2)
    made = App(qtbot, tmp_path, client, runner)
    yield made
    made.close()


def _on_disk(path: Path, clip: str, fmt: str) -> tuple[LedgerEntry | None, list[DownloadState]]:
    with JobStore(path) as fresh:
        entry = fresh.ledger_entry(clip, fmt)
        return entry, [r.state for r in fresh.download_queue() if r.clip == clip and r.format == fmt]


@pytest.mark.expect_log("cannot be saved yet", "being saved again")
def test_a_download_finishing_while_another_process_holds_the_write_lock(
    app: App, sim: Simulator, client: ApiClient
) -> None:
    track = completed_tracks(sim, client)[0]
    lock = sqlite3.connect(str(app.store.path), isolation_level=None)  # `flowmusic track -` of a huge list
    # Taken the moment the row is queued: the transfer's bookkeeping (running, then the ledger) meets the lock.
    app.queue.planned.connect(lambda *_: lock.execute("BEGIN IMMEDIATE"))
    try:
        app.queue.add([DownloadRequest(track, "m4a")])
        app.qtbot.waitUntil(lambda: bool(app.finished) and bool(app.problems), timeout=20000)
        item = app.finished[0]
        # The file is there and the user is told it is; the store's trouble is the writer's to say, once.
        assert item.state is DownloadState.DONE and item.problem is None, item.problem
        assert item.target is not None and item.target.is_file()
        assert len(app.problems) == 1 and app.problems[0] is not None and "locked" in app.problems[0]
        assert app.queue_problems == []
        assert app.writer.unsaved >= 2  # "running", then the ledger entry: kept, in order
        clip = ledger_key(track, "m4a")
        entry, states = _on_disk(app.store.path, clip, "m4a")
        assert entry is None and states == [DownloadState.QUEUED]
        # Still locked through more attempts: said once all the same.
        app.qtbot.wait(600)
        assert len(app.problems) == 1
        lock.execute("ROLLBACK")
        app.qtbot.waitUntil(lambda: app.problems[-1] is None, timeout=20000)
        assert app.problems[0] is not None and app.problems[1:] == [None]
        assert app.writer.unsaved == 0
        entry, states = _on_disk(app.store.path, clip, "m4a")
        assert entry is not None and entry.path == item.target and entry.size == item.target.stat().st_size
        assert states == [DownloadState.DONE]
    finally:
        lock.close()


@pytest.mark.expect_log("cannot be saved yet", "being saved again")
def test_downloads_asked_for_while_the_store_is_read_only_are_planned_once_it_takes_them(
    app: App, sim: Simulator, client: ApiClient
) -> None:
    tracks = completed_tracks(sim, client)
    conn = app.store._conn
    assert conn is not None
    with app.store._lock:  # SQLite's own refusal: "attempt to write a readonly database"
        conn.execute("PRAGMA query_only = 1")
    app.queue.add([DownloadRequest(t, "m4a") for t in tracks])
    app.qtbot.waitUntil(lambda: bool(app.problems), timeout=20000)
    assert app.problems[0] is not None and "readonly" in app.problems[0]
    assert app.planned == [] and app.queue_problems == []  # planning waits for its rows; nothing refused
    with JobStore(app.store.path) as fresh:
        assert fresh.download_queue() == []
    with app.store._lock:
        conn.execute("PRAGMA query_only = 0")
    app.qtbot.waitUntil(lambda: len(app.finished) == len(tracks), timeout=30000)
    app.qtbot.waitUntil(lambda: app.problems[-1] is None and app.writer.unsaved == 0, timeout=20000)
    assert [i.state for i in app.finished] == [DownloadState.DONE] * len(tracks)
    assert len([p for p in app.problems if p is not None]) == 1
    for t in tracks:
        entry, states = _on_disk(app.store.path, ledger_key(t, "m4a"), "m4a")
        assert entry is not None and states == [DownloadState.DONE]


def test_a_write_whose_answer_is_an_error_is_answered_not_retried(
    qtbot: QtBot, tmp_path: Path, runner: TaskRunner
) -> None:
    """A caller's own error (no such row) comes back to it at once; the lane goes on with the next write."""
    store = JobStore(tmp_path / JobStore.FILENAME)
    writer = StoreWriter(store, runner)
    problems: list[str | None] = []
    writer.problem.connect(problems.append)
    answers: list[object] = []

    (tmp_path / "x.m4a").write_bytes(b"x")

    def ask() -> None:
        for name in ("x.m4a", "gone.m4a"):  # the ledger has no such download; the file is not there
            relocate = functools.partial(_relocate, path=tmp_path / name)
            try:
                writer.call(relocate, name="relocate")
            except (KeyError, StoreRefused) as exc:
                answers.append(exc)
        answers.append(writer.call(lambda s: s.add(["job:x"]).added, name="add"))

    try:
        runner.run(ask, name="ask")
        qtbot.waitUntil(lambda: len(answers) == 3, timeout=10000)
        assert isinstance(answers[0], KeyError) and isinstance(answers[1], StoreRefused)
        assert "gone.m4a" in str(answers[1]) and answers[2] == ("job:x",) and problems == []
        with pytest.raises(RuntimeError, match="worker thread"):
            writer.call(lambda s: None, name="from the owner's thread")
    finally:
        writer.close()
        store.close()


def _relocate(store: JobStore, path: Path) -> object:
    return store.relocate_download("clip-x", "m4a", path)


@pytest.mark.expect_log("cannot be saved yet", "being saved again")
def test_a_submissions_answer_while_the_store_is_locked_is_written_once_it_can_be(
    qtbot: QtBot, tmp_path: Path, runner: TaskRunner, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The submission queue's writes go through the same lane: the answer to a POST made while another process
    holds the lock is kept (the job is made once), said once, and written with its job tracked after."""
    from datetime import datetime, timezone

    from flowmusic_gui.core.submissions import Submission, SubmissionState, new_submission
    from flowmusic_gui.engine.submit_queue import SubmissionQueue
    from flowmusic_gui.simulator import DEMO_TOKEN
    from flowmusic_gui.simulator.accounts import Account

    monkeypatch.setattr(store_database, "BUSY_TIMEOUT_S", 0.2)
    store = JobStore(tmp_path / JobStore.FILENAME)
    sub = store.add_submissions([new_submission("music", {"prompt": "rain"}, email=None,
                                                now=datetime.now(timezone.utc))])[0]  # fmt: skip
    writer = StoreWriter(store, runner)
    problems: list[str | None] = []
    writer.problem.connect(problems.append)
    left: list[Submission] = []
    lock = sqlite3.connect(str(store.path), isolation_level=None)
    account = Account("one@example.com", user_id="21", max_jobs=2, credits=1000)
    with Simulator(token=DEMO_TOKEN, speed=30, seed=3, failure_rate=0.0, short_clips=True,
                   accounts=[account]) as sim:  # fmt: skip
        client = ApiClient(sim.base_url, DEMO_TOKEN, timeout=(2.0, 5.0))
        queue = SubmissionQueue(runner, store, client, list_interval_s=0.1, refs={sub.ref}, writer=writer)
        queue.left.connect(left.append)
        # Locked the moment the row is claimed for sending: the writes of its sending meet the lock.
        queue.changed.connect(lambda s: lock.execute("BEGIN IMMEDIATE")
                              if s.state is SubmissionState.SENDING and not lock.in_transaction else None)
        try:
            queue.start()
            qtbot.waitUntil(lambda: bool(problems), timeout=20000)
            assert problems[0] is not None and "locked" in problems[0] and left == []
            qtbot.wait(600)
            assert len(problems) == 1
            lock.execute("ROLLBACK")
            qtbot.waitUntil(lambda: bool(left), timeout=20000)
            assert left[0].state is SubmissionState.SUBMITTED and left[0].jobid
            qtbot.waitUntil(lambda: problems[-1] is None, timeout=20000)
            assert len([p for p in problems if p is not None]) == 1
            assert len(sim.jobs_with_ref(sub.ref)) == 1  # made once
            with JobStore(store.path) as fresh:
                assert left[0].jobid in fresh.jobids()
                written = fresh.submission(sub.ref)
                assert written is not None and written.state is SubmissionState.SUBMITTED
        finally:
            lock.close()
            queue.close(3.0)
            writer.close()
            client.close()
            store.close()

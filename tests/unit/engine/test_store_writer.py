"""The store writer: changes kept in order and retried until the file takes them."""

from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from flowmusic_gui.core.states import JobState
from flowmusic_gui.core.store import JobStore
from flowmusic_gui.engine.store_writer import StoreWriter
from flowmusic_gui.engine.tasks import TaskRunner

from .test_poller import make_ids


@pytest.mark.expect_log('failed unexpectedly', 'cannot be saved yet', 'being saved again')
def test_an_unexpected_error_is_retried_like_a_store_error(qtbot: QtBot, tmp_path: Path, runner: TaskRunner) -> None:
    path = tmp_path / "jobs.sqlite3"
    JobStore(path).close()
    attempts: list[int] = []

    def opener() -> JobStore:
        attempts.append(1)
        if len(attempts) < 3:
            raise PermissionError(13, "Permission denied", str(path))
        return JobStore(path)

    writer = StoreWriter(opener, runner)
    problems: list[str | None] = []
    writer.problem.connect(problems.append)
    ids = make_ids(2)
    now = datetime.now(timezone.utc)
    try:
        writer.add(tuple(ids), now)
        writer.record_poll(ids[0], state=JobState.COMPLETED, record={"jobid": ids[0]}, polled_at=now)
        writer.remove((ids[1],))
        qtbot.waitUntil(lambda: problems[-1:] == [None], timeout=10000)
        assert problems[0] is not None and "Permission denied" in problems[0]
        assert writer.unsaved == 0
    finally:
        writer.close()
        runner.shutdown(1.0)
    with JobStore(path) as store:
        assert store.jobids() == {ids[0]}
        job = store.get(ids[0])
        assert job is not None and job.state is JobState.COMPLETED


def test_what_arrives_after_the_runner_stopped_is_written_at_close(
    qtbot: QtBot, tmp_path: Path, runner: TaskRunner
) -> None:
    """The window's close: the runner stops first (downloads ending meanwhile still queue their bookkeeping), then
    the writer writes what it holds on the closing thread, with nothing else writing."""
    import threading

    store = JobStore(tmp_path / "jobs.sqlite3")
    writer = StoreWriter(store, runner)
    ids = make_ids(2)
    runner.shutdown(1.0)
    writer.add((ids[0],), datetime.now(timezone.utc))  # from the owner's thread
    worker = threading.Thread(target=lambda: writer.write(lambda s: s.add([ids[1]]), name="add from a worker"))
    worker.start()
    worker.join(5.0)
    assert writer.unsaved == 2
    assert writer.close() == 0
    assert writer.close() == 0  # safe twice
    assert store.jobids() == set(ids)
    store.close()

"""What the window says about background work: a failed task, and poll results that cannot be saved yet."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from helpers.keyrings import MemoryKeyring
from pytestqt.qtbot import QtBot

from flowmusic_gui.core.credentials import SERVICE, USERNAME
from flowmusic_gui.core.schedule import PolicyConfig
from flowmusic_gui.core.states import JobState
from flowmusic_gui.simulator import DEMO_TOKEN, Simulator
from flowmusic_gui.ui.backend import AppBackend
from flowmusic_gui.ui.main_window import MainWindow

from .conftest import jobid

pytestmark = pytest.mark.simulator(speed=300, seed=3)

FAST = PolicyConfig(poll_interval=0.05, max_interval=0.25, budget_per_s=50, prior_min_s=0.05, prior_max_s=0.8)


@pytest.mark.expect_log("background task 'export the lyrics' failed")
def test_a_failed_background_task_says_so_in_the_window(qtbot: QtBot, window: MainWindow) -> None:
    def boom() -> None:
        raise OSError("No space left on device")

    window.runner.run(boom, name="export the lyrics")
    qtbot.waitUntil(lambda: window.notice.isVisibleTo(window), timeout=5000)
    assert window.notice.label.text() == "Could not export the lyrics: OSError: No space left on device"


@pytest.mark.expect_log('cannot be saved yet', 'being saved again')
def test_results_that_cannot_be_saved_are_said_until_they_are(
    qtbot: QtBot, window: MainWindow, data_dir: Path, sim: Simulator
) -> None:
    keyring = MemoryKeyring()
    keyring.secrets[(SERVICE, USERNAME)] = DEMO_TOKEN
    backend = AppBackend(data_dir, sim.base_url, FAST, environ={}, keyring_backend=keyring, runner=window.runner)
    with qtbot.waitSignal(window.jobs_shown, timeout=5000):
        window.attach(backend)
    assert backend.store is not None
    window.controller.add_ids([jobid(1)])

    def finished() -> bool:
        job = window.model.job(jobid(1))
        return job is not None and job.state.is_terminal

    qtbot.waitUntil(finished, timeout=10000)
    lock = sqlite3.connect(str(backend.store.path), isolation_level=None)  # another process writing
    lock.execute("BEGIN IMMEDIATE")
    try:
        window.recheck([jobid(1)])
        # The answer is not saved: the window says why, and keeps saying it.
        qtbot.waitUntil(lambda: "not being saved" in window.notice.label.text(), timeout=15000)
        assert "locked" in window.notice.label.text()
        assert not window.notice._close.isVisible()
    finally:
        lock.execute("ROLLBACK")
        lock.close()
    qtbot.waitUntil(lambda: window.notice.label.text() == "The job list is being saved again.", timeout=20000)
    saved = backend.store.get(jobid(1))
    assert saved is not None and saved.state is not JobState.NEW

"""Pause checking from the tray or the Jobs menu: one checkable action, the status bar says it, the tracker obeys."""

from __future__ import annotations

from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from flowmusic_gui.core.records import JobState
from flowmusic_gui.engine.tasks import TaskRunner
from flowmusic_gui.simulator import Simulator
from flowmusic_gui.simulator.jobs import make_jobid
from flowmusic_gui.ui.main_window import MainWindow
from flowmusic_gui.ui.options import Options

from .conftest import TRAY_NOISE, backend_for

JOB = make_jobid("52345678-1234-4234-8234-123456789abc", "1001", "demo@flowmusic.local")


@pytest.mark.qt_log_ignore(*TRAY_NOISE)
def test_the_tray_menu_pauses_and_resumes_checking(
    qtbot: QtBot, data_dir: Path, sim: Simulator, tray: None, request: pytest.FixtureRequest, runner: TaskRunner
) -> None:
    window = MainWindow(Options.open(data_dir), data_dir=data_dir, runner=runner)
    qtbot.addWidget(window)
    request.addfinalizer(window.shutdown)
    window.show()
    with qtbot.waitSignal(window.jobs_shown, timeout=5000):
        window.attach(backend_for(data_dir, sim, runner=runner))
    assert window.backend is not None
    tracker = window.backend.tracker
    notifier = window.notifier
    assert notifier.menu is not None
    item = next(a for a in notifier.menu.actions() if a.text().replace("&", "") == "Pause checking")
    assert item.isCheckable() and not item.isChecked() and not tracker.paused  # a fresh start checks
    assert "fresh start" in item.toolTip()
    assert window.paused_label.isHidden()

    item.trigger()
    assert tracker.paused and item.isChecked()
    assert window.paused_label.isVisible() and window.paused_label.text() == "Checking paused"
    jobs_menu = next(m.menu() for m in window.menuBar().actions() if m.text() == "&Jobs")
    assert jobs_menu is not None and window.acts.act_pause in jobs_menu.actions()
    assert window.acts.act_pause.isChecked()  # the same action: the Jobs menu shows the same state

    sim.force(JOB, outcome="vocal", pending_s=0.3)
    window.controller.add_ids([JOB])
    qtbot.waitUntil(lambda: tracker.poller is not None and tracker.poller.in_flight == 0, timeout=5000)
    sent = len(sim.requests)
    qtbot.wait(1000)  # silence over a span of time is what is tested
    assert len(sim.requests) == sent
    assert window.model.jobs()[0].state is JobState.NEW

    window.acts.act_pause.trigger()  # from the Jobs menu this time
    assert not tracker.paused and not item.isChecked() and window.paused_label.isHidden()
    qtbot.waitUntil(lambda: window.model.jobs()[0].state is JobState.COMPLETED, timeout=10000)

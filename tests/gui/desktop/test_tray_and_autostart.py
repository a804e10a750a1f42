"""Keeping watch from the tray when the window closes, and Quit that always quits (starting with the session:
test_autostart.py)."""

from __future__ import annotations

from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from flowmusic_gui.core.records import JobState
from flowmusic_gui.engine.tasks import TaskRunner
from flowmusic_gui.simulator import Simulator
from flowmusic_gui.simulator.jobs import make_jobid
from flowmusic_gui.ui import options as opt
from flowmusic_gui.ui.dialogs.settings import SettingsDialog
from flowmusic_gui.ui.main_window import MainWindow
from flowmusic_gui.ui.options import Options

from .conftest import TRAY_NOISE, backend_for

DEMO_JOB = make_jobid("42345678-1234-4234-8234-123456789abc", "1001", "demo@flowmusic.local")


@pytest.mark.qt_log_ignore(*TRAY_NOISE)
def test_closing_the_window_keeps_watching_from_the_tray_until_quit(
    qtbot: QtBot, data_dir: Path, sim: Simulator, tray: None, request: pytest.FixtureRequest, runner: TaskRunner
) -> None:
    window = MainWindow(Options.open(data_dir), data_dir=data_dir, runner=runner)
    qtbot.addWidget(window)
    request.addfinalizer(window.shutdown)  # whatever happens: its threads are stopped
    window.show()
    with qtbot.waitSignal(window.jobs_shown, timeout=5000):
        window.attach(backend_for(data_dir, sim, runner=runner))
    sim.force(DEMO_JOB, outcome="vocal", pending_s=1.0)
    window.controller.add_ids([DEMO_JOB])
    window.close()
    assert not window.isVisible() and not window.closed  # hidden, not shut down
    # Polling goes on: the job finishes while the window is hidden, and the tray says so.
    qtbot.waitUntil(lambda: window.model.jobs()[0].state is JobState.COMPLETED, timeout=15000)
    window.refresh_counts()
    notifier = window.notifier
    assert notifier.tray is not None and notifier.menu is not None
    texts = [a.text().replace("&", "") for a in notifier.menu.actions() if not a.isSeparator()]
    assert texts == ["1 job: 1 completed", "Show window", "Pause checking", "Quit"]
    assert "1 completed" in notifier.tray.toolTip()
    notifier.show_window.emit()
    assert window.isVisible()
    # Quit from the tray menu (or Ctrl+Q) quits even while a tray could keep it.
    quits: list[bool] = []
    window.quit_requested.connect(lambda: quits.append(True))
    next(a for a in notifier.menu.actions() if a.text() == "Quit").trigger()
    assert window.closed and quits == [True]


@pytest.mark.qt_log_ignore(*TRAY_NOISE)
def test_ctrl_q_quits_and_the_setting_turns_keeping_off(
    qtbot: QtBot, data_dir: Path, tray: None, runner: TaskRunner
) -> None:
    window = MainWindow(Options.open(data_dir), data_dir=data_dir, runner=runner)
    qtbot.addWidget(window)
    window.show()
    _ = window.notifier
    assert window.acts.act_quit.shortcut().toString() == "Ctrl+Q"
    window.acts.act_quit.trigger()
    assert window.closed
    other_dir = data_dir / "other"
    options = Options.open(other_dir)
    options.set(opt.KEEP_IN_TRAY, False)
    second = MainWindow(options, data_dir=other_dir, runner=runner)
    qtbot.addWidget(second)
    second.show()
    _ = second.notifier
    second.close()
    assert second.closed


def test_without_a_tray_closing_quits_and_the_setting_is_unavailable(
    qtbot: QtBot, data_dir: Path, runner: TaskRunner
) -> None:
    window = MainWindow(Options.open(data_dir), data_dir=data_dir, runner=runner)
    qtbot.addWidget(window)
    window.show()
    _ = window.notifier
    window.close()
    assert window.closed
    dialog = SettingsDialog(None, Options.open(data_dir))
    qtbot.addWidget(dialog)
    assert not dialog.keep_in_tray.isEnabled() and not dialog.keep_in_tray.isChecked()

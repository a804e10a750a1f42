"""Keeping watch from the tray when the window closes, Quit that always quits, and starting with the session."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
from pytestqt.qtbot import QtBot

from flowmusic_gui.core.records import JobState
from flowmusic_gui.engine.tasks import TaskRunner
from flowmusic_gui.simulator import Simulator
from flowmusic_gui.simulator.jobs import make_jobid
from flowmusic_gui.ui import options as opt
from flowmusic_gui.ui.desktop import autostart
from flowmusic_gui.ui.dialogs.settings import SettingsChange, SettingsDialog
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


def test_autostart_entry_is_written_valid_and_removed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    command = ["/opt/flow music/bin/flowmusic-gui"]
    assert autostart.set_enabled(True, command=command) == ""
    path = tmp_path / "config" / "autostart" / "io.github.flowmusicmonitor.FlowMusicMonitor.desktop"
    assert autostart.is_enabled() and path.is_file()
    text = path.read_text()
    assert 'Exec="/opt/flow music/bin/flowmusic-gui" --hidden\n' in text
    if shutil.which("desktop-file-validate"):
        result = subprocess.run(["desktop-file-validate", str(path)], capture_output=True, text=True, check=False)
        assert result.returncode == 0, result.stdout + result.stderr
    assert autostart.set_enabled(False) == ""
    assert not path.exists() and not autostart.is_enabled()
    assert autostart.set_enabled(False) == ""  # already off: nothing to do, no error


def test_autostart_problem_names_the_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    blocker = tmp_path / "config"
    blocker.write_text("not a folder")
    monkeypatch.setenv("XDG_CONFIG_HOME", str(blocker))
    problem = autostart.set_enabled(True, command=["flowmusic-gui"])
    assert problem.startswith("Could not write ") and "autostart" in problem


def test_the_settings_dialog_turns_autostart_on_and_off(
    qtbot: QtBot, window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "cfg"))

    def ask(value: bool) -> Any:
        def fake(cls: type, parent: object, options: Options) -> SettingsChange:
            options.set(opt.AUTOSTART, value)
            return SettingsChange(autostart=True)

        return classmethod(fake)

    monkeypatch.setattr(SettingsDialog, "ask", ask(True))
    window.acts.act_settings.trigger()
    qtbot.waitUntil(autostart.is_enabled, timeout=5000)
    monkeypatch.setattr(SettingsDialog, "ask", ask(False))
    window.acts.act_settings.trigger()
    qtbot.waitUntil(lambda: not autostart.is_enabled(), timeout=5000)

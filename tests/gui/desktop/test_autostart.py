"""Starting with the session: a valid XDG autostart entry written and removed, a problem naming the file, and the
Settings dialog turning it on and off."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
from pytestqt.qtbot import QtBot

from flowmusic_gui.ui import options as opt
from flowmusic_gui.ui.desktop import autostart
from flowmusic_gui.ui.dialogs.settings import SettingsChange, SettingsDialog
from flowmusic_gui.ui.main_window import MainWindow
from flowmusic_gui.ui.options import Options


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

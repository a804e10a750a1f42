"""The window's layout survives a crash or ``kill -9``: it is saved a moment after it changes, not only at Quit."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from pytestqt.qtbot import QtBot

from flowmusic_gui.ui.options import Options

REPO = Path(__file__).resolve().parents[2]

PROBE = r"""
import os, signal, sys
from PySide6.QtCore import Qt, QTimer
import flowmusic_gui.gui as gui

def on_first_paint(self):
    w = self.window
    w.resize(1111, 733)
    w.table.sortByColumn(1, Qt.SortOrder.AscendingOrder)  # by title, A to Z
    w.filter_combo.setCurrentIndex(2)
    w.search.setText("river")
    w.show_downloads()
    before = w.layout_saver.saves

    def killed_once_saved():
        if w.layout_saver.saves > before:
            # QSettings writes the file from the event loop: one more turn, then the hard way out.
            QTimer.singleShot(300, lambda: os.kill(os.getpid(), signal.SIGKILL))
        else:
            QTimer.singleShot(50, killed_once_saved)

    killed_once_saved()

gui.App._on_first_paint = on_first_paint
sys.exit(gui.main(sys.argv[1:]))
"""


def test_the_layout_survives_a_kill_9(tmp_path: Path) -> None:
    data = tmp_path / "data"
    args = ["--data-dir", str(data), "--api-base", "http://127.0.0.1:9/v1/flowmusic"]
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "FLOWMUSIC_API_TOKEN": "user:1-x"}
    result = subprocess.run([sys.executable, "-c", PROBE, *args], capture_output=True, text=True, timeout=60,
                            env=env, cwd=REPO, check=False)  # fmt: skip
    assert result.returncode == -9, result.stderr[-2000:]  # killed, never quit: nothing saved at Quit
    options = Options.open(data)
    assert options.window_value("sort_column", -1) == 1
    assert options.window_value("sort_order", -1) == 0  # ascending
    assert options.window_value("search", "") == "river"
    assert options.window_value("status_filter", "") != "all"
    assert options.window_value("downloads_open", False) is True
    geometry = options.window_bytes("geometry")
    assert geometry is not None and geometry.size() > 0


def test_ctrl_j_opens_and_closes_the_downloads_and_its_being_open_comes_back(make_window: Any, qtbot: QtBot) -> None:
    w = make_window()
    w.show()
    qtbot.waitExposed(w)
    w.acts.act_downloads.trigger()
    assert not w.downloads_panel.isHidden() and w.acts.act_downloads.isChecked()
    w.acts.act_downloads.trigger()
    assert w.downloads_panel.isHidden() and not w.acts.act_downloads.isChecked()
    w.acts.act_downloads.trigger()
    w.save_state()
    again = make_window()
    again.restore_downloads_panel()  # what the app does after its first paint
    assert again.downloads_coordinator.existing_panel() is not None and not again.downloads_panel.isHidden()
    assert again.acts.act_downloads.isChecked()


def test_the_toolbar_buttons_stay_put_when_cancel_appears(make_window: Any, qtbot: QtBot) -> None:
    w = make_window()
    w.show()
    qtbot.waitExposed(w)
    tools = [w.acts.act_add, w.acts.act_recheck, w.acts.act_remove, w.acts.act_token]
    before = [w.toolbar.widgetForAction(a).geometry() for a in tools]
    w.acts.act_cancel_tool.setVisible(True)
    qtbot.wait(20)
    assert [w.toolbar.widgetForAction(a).geometry() for a in tools] == before
    assert w.toolbar.actions()[-1] is w.acts.act_cancel_tool


def test_open_audio_says_so_when_nothing_can_open_it(
    make_window: Any, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    from flowmusic_gui.ui import links

    from .conftest import view

    w = make_window()
    monkeypatch.setattr(links, "open_url", lambda url: False)  # no handler for the link on this desktop
    song = view(1, title="Blue Night")
    w.model.set_jobs([song])
    w.select_jobids([song.jobid])
    w.acts.act_open_audio.trigger()
    assert "could open" in w.notice.label.text()

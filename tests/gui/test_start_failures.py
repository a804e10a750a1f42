"""What the real app says when it cannot start its job list: a plain sentence in the window, not SQLite's words."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from helpers.readonly import run_read_only

REPO = Path(__file__).resolve().parents[2]

# Runs the real entry point; prints each notice the window shows, and closes the window at the first one.
PROBE = r"""
import sys
import flowmusic_gui.gui as gui
from flowmusic_gui.ui.main_window import MainWindow

shown = MainWindow.show_notice

def show_notice(self, text, **kwargs):
    shown(self, text, **kwargs)
    print("NOTICE " + text.replace("\n", " "), flush=True)
    from PySide6.QtCore import QTimer
    QTimer.singleShot(0, self.close)

MainWindow.show_notice = show_notice
sys.exit(gui.main(sys.argv[1:]))
"""


def test_a_read_only_data_folder_is_named_in_the_window(tmp_path: Path) -> None:
    data = tmp_path / "data"
    data.mkdir()
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(REPO)}
    args = [sys.executable, "-c", PROBE, "--data-dir", str(data), "--api-base", "http://127.0.0.1:9/v1/flowmusic"]
    result = run_read_only(data, args, env)
    notices = [line.removeprefix("NOTICE ") for line in result.stdout.splitlines() if line.startswith("NOTICE ")]
    assert notices, result.stderr
    assert notices[0].startswith(f"The data folder {data} is read-only"), notices
    assert "unable to open database file" not in notices[0] and "StoreReadOnly" not in notices[0]
    assert result.returncode == 0, result.stderr

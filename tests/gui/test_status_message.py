"""The status bar's passing message: an ellipsis and the whole sentence in the tooltip, never a cut word."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QMainWindow
from pytestqt.qtbot import QtBot

from flowmusic_gui.ui.status_message import ElidingStatusBar

LONG = "Token saved in the system keyring: polling resumes for every job you track on each of your accounts"


def test_a_long_message_ends_in_an_ellipsis_and_shows_whole_when_there_is_room(qtbot: QtBot) -> None:
    window = QMainWindow()
    qtbot.addWidget(window)
    bar = ElidingStatusBar(window)
    window.setStatusBar(bar)
    bar.addPermanentWidget(QLabel("8 jobs: 2 pending · 3 completed · 1 failed · 1 not found · 1 forbidden"))
    window.resize(700, 300)
    window.show()
    qtbot.waitExposed(window)
    bar.showMessage(LONG, 5000)
    shown = bar.currentMessage()
    assert shown.endswith("…") and LONG.startswith(shown[:-1])  # cut at the end, with a mark
    assert not LONG[len(shown) - 1].isalnum()  # at the end of a word, not in the middle of one
    assert LONG in bar.toolTip() and bar.full_message() == LONG
    window.resize(1900, 300)
    qtbot.waitUntil(lambda: bar.currentMessage() == LONG, timeout=2000)
    assert bar.toolTip() == ""
    bar.clearMessage()
    assert bar.full_message() == ""

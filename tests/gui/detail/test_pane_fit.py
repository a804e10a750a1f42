"""The detail pane at the window sizes people use: header, card and player at their natural height, the lyrics
take the rest and are the one thing that scrolls (no scroll box inside a scroll box)."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from flowmusic_gui.ui.main_window import MainWindow

from .test_now_playing import song


@pytest.mark.parametrize("size", [(1280, 800), (1024, 700)])
def test_an_ordinary_song_fits_and_only_the_lyrics_scroll(
    window: MainWindow, qtbot: QtBot, size: tuple[int, int]
) -> None:
    window.resize(*size)
    window.show()
    qtbot.waitExposed(window)
    view = song(1)
    window.model.set_jobs([view])
    window.select_jobids([view.jobid])
    pane = window.detail
    qtbot.waitUntil(lambda: pane.shown_card is not None and pane.shown_card.isVisible(), timeout=5000)
    QApplication.processEvents()
    card = pane.shown_card
    assert card is not None and card.lyrics is not None
    outer = pane.scroller.verticalScrollBar()
    lines = card.lyrics.lines
    # The pane's own scroll bar is not needed; the lyrics list is the one that scrolls.
    qtbot.waitUntil(lambda: lines.verticalScrollBar().maximum() > 0, timeout=5000)
    assert outer.maximum() == 0, f"the pane scrolls by {outer.maximum()} px"
    assert not outer.isVisible()
    assert lines.height() >= 3 * lines.fontMetrics().height()


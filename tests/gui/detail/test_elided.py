"""A long id in the pane keeps both ends when it does not fit (``job:15db…-bot:flowmusic``), reads whole on hover,
and shows as much again as the label grows."""

from __future__ import annotations

from PySide6.QtGui import QTextDocument
from pytestqt.qtbot import QtBot

from flowmusic_gui.ui.detail.elided import MiddleElidedLabel

JOBID = "job:15db2a8e-1234-4234-8234-123456789abc-user:1001-someone@example.com-bot:flowmusic"


def label(qtbot: QtBot, text: str, width: int) -> MiddleElidedLabel:
    w = MiddleElidedLabel(text)
    qtbot.addWidget(w)
    w.resize(width, 20)
    w.show()
    qtbot.waitExposed(w)
    return w


def test_a_narrow_label_keeps_both_ends(qtbot: QtBot) -> None:
    w = label(qtbot, JOBID, 160)
    shown = w.text()
    assert "…" in shown and shown.startswith("job:") and shown.endswith("flowmusic")
    assert w.fontMetrics().horizontalAdvance(shown) <= 160
    assert w.full_text == JOBID


def test_growing_shows_it_all(qtbot: QtBot) -> None:
    w = label(qtbot, JOBID, 160)
    w.resize(w.fontMetrics().horizontalAdvance(JOBID) + 20, 20)
    assert w.text() == JOBID


def test_the_tooltip_holds_the_whole_text_as_typed(qtbot: QtBot) -> None:
    odd = "<b>not bold</b> " + JOBID
    w = label(qtbot, odd, 120)
    doc = QTextDocument()
    doc.setHtml(w.toolTip())
    assert doc.toPlainText() == odd


def test_a_huge_text_is_cut_before_it_is_measured(qtbot: QtBot) -> None:
    w = label(qtbot, "x" * 1_000_000, 200)
    assert len(w.full_text) <= 2_000 and "…" in w.text()

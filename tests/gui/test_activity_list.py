"""The recent-activity list: says so when empty, newest first with the time, the whole text (and its detail) on
hover as typed, and Clear empties it."""

from __future__ import annotations

from datetime import datetime

from PySide6.QtGui import QTextDocument
from pytestqt.qtbot import QtBot

from flowmusic_gui.ui.activity import ActivityLog, Kind
from flowmusic_gui.ui.activity_list import ActivityPopup


def popup(qtbot: QtBot, log: ActivityLog) -> ActivityPopup:
    p = ActivityPopup(log)
    qtbot.addWidget(p)
    return p


def clock() -> datetime:
    return datetime(2026, 12, 7, 14, 5, 9).astimezone()


def test_an_empty_list_says_what_will_be_there(qtbot: QtBot) -> None:
    p = popup(qtbot, ActivityLog(now=clock))
    assert p.list.isHidden() and not p.empty.isHidden()
    assert "finished songs, failures and problems" in p.empty.text()
    assert not p.clear_button.isEnabled()


def test_events_newest_first_with_their_time(qtbot: QtBot) -> None:
    log = ActivityLog(now=clock)
    p = popup(qtbot, log)
    log.add(Kind.SONG, "Song ready: Night Drive")
    log.add(Kind.PROBLEM, "Could not reach the API")
    assert p.texts() == ["14:05:09   Could not reach the API", "14:05:09   Song ready: Night Drive"]
    assert p.clear_button.isEnabled() and p.empty.isHidden()


def test_the_tooltip_holds_text_and_detail_as_typed(qtbot: QtBot) -> None:
    log = ActivityLog(now=clock)
    p = popup(qtbot, log)
    log.add(Kind.PROBLEM, "<b>2 pieces</b> rejected", "job:<i>x</i> — not an id")
    doc = QTextDocument()
    doc.setHtml(p.list.item(0).toolTip())
    assert doc.toPlainText().replace("\u2028", "\n") == "<b>2 pieces</b> rejected\n\njob:<i>x</i> — not an id"


def test_clear_empties_it(qtbot: QtBot) -> None:
    log = ActivityLog(now=clock)
    p = popup(qtbot, log)
    log.add(Kind.INFO, "Copied")
    p.clear_button.click()
    assert log.events == [] and p.list.count() == 0 and not p.empty.isHidden()

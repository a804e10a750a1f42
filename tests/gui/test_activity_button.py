"""The bell in the status bar: how many events are new (none: no number), and a click shows the list and marks
them seen."""

from __future__ import annotations

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from flowmusic_gui.ui.activity import ActivityLog, Kind
from flowmusic_gui.ui.activity_button import ActivityButton


def bell(qtbot: QtBot, log: ActivityLog) -> ActivityButton:
    b = ActivityButton(log)
    qtbot.addWidget(b)
    b.show()
    qtbot.waitExposed(b)
    return b


def test_no_news_shows_no_number(qtbot: QtBot) -> None:
    b = bell(qtbot, ActivityLog())
    assert b.text() == "" and b.toolTip() == "Show recent activity"
    assert b.accessibleName() == "Recent activity"


def test_the_count_of_new_events(qtbot: QtBot) -> None:
    log = ActivityLog()
    b = bell(qtbot, log)
    log.add(Kind.SONG, "Song ready")
    assert b.text() == "1" and b.toolTip() == "1 new event: show recent activity"
    log.add(Kind.PROBLEM, "A problem")
    assert b.text() == "2" and b.toolTip() == "2 new events: show recent activity"


def test_a_click_shows_the_list_and_marks_them_seen(qtbot: QtBot) -> None:
    log = ActivityLog()
    b = bell(qtbot, log)
    log.add(Kind.SONG, "Song ready")
    qtbot.mouseClick(b, Qt.MouseButton.LeftButton)
    assert b.popup is not None and b.popup.isVisible()
    assert b.popup.list.count() == 1
    assert b.text() == "" and log.unseen == 0
    b.popup.close()

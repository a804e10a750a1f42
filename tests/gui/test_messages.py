"""The message bridge: a part reports through it, and the window shows it in the notice bar, the activity list
and the status bar as the message's kind says."""

from __future__ import annotations

from pytestqt.qtbot import QtBot

from flowmusic_gui.ui.activity import Kind
from flowmusic_gui.ui.main_window import MainWindow
from flowmusic_gui.ui.messages import Message, MessageBridge


def test_a_reported_message_shows_in_the_bar_and_stays_in_the_list(window: MainWindow, qtbot: QtBot) -> None:
    window.show()
    qtbot.waitExposed(window)
    undone: list[bool] = []
    window.bridge.notice("Removed 3 jobs.", action=("Undo", lambda: undone.append(True)))
    assert window.notice.label.text() == "Removed 3 jobs."
    assert window.notice.button.text() == "Undo"
    window.notice.button.click()
    assert undone == [True]
    assert not window.notice.isVisible()  # the action dismissed it
    assert window.activity.events[0].text == "Removed 3 jobs."


def test_a_problem_is_not_hidden_by_news_that_matters_less(window: MainWindow, qtbot: QtBot) -> None:
    window.show()
    qtbot.waitExposed(window)
    window.bridge.problem("The job list cannot be written.")
    window.bridge.notice("Copied.")
    assert window.notice.label.text() == "The job list cannot be written."
    assert [e.text for e in window.activity.events] == ["Copied.", "The job list cannot be written."]
    assert window.activity.events[1].kind is Kind.PROBLEM


def test_a_status_line_passes_through_the_status_bar(window: MainWindow) -> None:
    window.bridge.status("Copied 2 job ids", 4000)
    assert window.statusBar().currentMessage() == "Copied 2 job ids"
    window.bridge.status("")
    assert window.statusBar().currentMessage() == ""


def test_the_bridge_carries_plain_data(qtbot: QtBot) -> None:
    bridge = MessageBridge()
    with qtbot.waitSignal(bridge.posted) as blocker:
        bridge.notice("Song ready: Blue Night", kind=Kind.SONG, tooltip="details", record=False)
    assert blocker.args == [Message("Song ready: Blue Night", Kind.SONG, None, "details", 0, False)]

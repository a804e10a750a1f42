"""The notice line: a message with an optional action (Undo), dismissed by its close button or after a while for a
passing one; a server's text reads as typed."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QPalette
from pytestqt.qtbot import QtBot

from flowmusic_gui.ui.notice_bar import NoticeBar


def bar(qtbot: QtBot) -> NoticeBar:
    b = NoticeBar()
    qtbot.addWidget(b)
    return b


def test_a_message_shows_with_its_action_and_the_action_runs_once(qtbot: QtBot) -> None:
    b = bar(qtbot)
    assert b.isHidden()
    undone: list[str] = []
    b.show_message("3 jobs removed", action=("Undo", lambda: undone.append("undo")))
    assert b.isVisible() and b.label.text() == "3 jobs removed"
    assert b.button.isVisible() and b.button.text() == "Undo"
    with qtbot.waitSignal(b.closed, timeout=1000):
        qtbot.mouseClick(b.button, Qt.MouseButton.LeftButton)
    assert undone == ["undo"] and b.isHidden()
    b.show_message("Another message")  # a message without an action shows no button
    assert b.button.isHidden()


def test_a_passing_message_fades_and_an_important_one_stays(qtbot: QtBot) -> None:
    b = bar(qtbot)
    b.show_message("Saved", fade_ms=50)
    assert b.fading
    with qtbot.waitSignal(b.closed, timeout=2000):
        pass
    assert b.isHidden() and b.priority == 0
    b.show_message("The job list could not be saved", closable=False, priority=3)
    assert not b.fading and b.priority == 3
    assert not b._close.isVisibleTo(b)  # a problem that must be read stays until it is solved


def test_a_new_message_replaces_the_last_and_stops_its_fade(qtbot: QtBot) -> None:
    b = bar(qtbot)
    b.show_message("first", fade_ms=10_000)
    b.show_message("second")
    assert b.label.text() == "second" and not b.fading


def test_server_text_is_never_markup(qtbot: QtBot) -> None:
    b = bar(qtbot)
    b.show_message("<b>bold</b> & <a href='x'>link</a>", tooltip="<i>why</i>")
    assert b.label.textFormat() == Qt.TextFormat.PlainText
    assert b.label.text() == "<b>bold</b> & <a href='x'>link</a>"
    assert "<i>" not in b.label.toolTip() and "&lt;i&gt;why" in b.label.toolTip()


def test_its_background_is_tinted_from_the_palette(qtbot: QtBot) -> None:
    from PySide6.QtWidgets import QApplication

    b = bar(qtbot)
    window = QApplication.palette().color(QPalette.ColorRole.Window)
    tinted = b.palette().color(QPalette.ColorRole.Window)
    assert tinted != window  # set apart from the window it sits in, in the palette's own colours

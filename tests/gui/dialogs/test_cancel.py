"""Asking before cancelling: one question for one or many jobs, saying what cancelling cannot undo; the safe
answer is the default, and only "Cancel job(s)" cancels."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMessageBox
from pytestqt.qtbot import QtBot

from flowmusic_gui.ui.dialogs.cancel import CancelConfirm, cancel_question


def answer_with(qtbot: QtBot, act: Callable[[QMessageBox], None], seen: list[QMessageBox]) -> None:
    """Once the question is up (modal), look at it and answer it as a user would."""

    def find() -> None:
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox):
            QTimer.singleShot(20, find)
            return
        seen.append(box)
        act(box)

    QTimer.singleShot(0, find)


@pytest.mark.parametrize("count", [1, 4])
def test_the_question_names_the_jobs_and_what_cannot_be_undone(count: int) -> None:
    text = cancel_question(count)
    assert "may still finish" in text and "spent either way" in text
    assert ("Cancel this job?" in text) if count == 1 else (f"Cancel these {count} jobs?" in text)


def test_keep_running_is_the_default_and_cancels_nothing(qtbot: QtBot) -> None:
    seen: list[QMessageBox] = []
    buttons: dict[str, str] = {}

    def look_then_enter(box: QMessageBox) -> None:
        yes, no = box.button(QMessageBox.StandardButton.Yes), box.button(QMessageBox.StandardButton.No)
        buttons.update(yes=yes.text(), no=no.text(), default=box.defaultButton().text(), title=box.windowTitle())
        box.defaultButton().click()  # what Enter does

    answer_with(qtbot, look_then_enter, seen)
    assert CancelConfirm.ask(None, 1) is False
    assert seen and buttons == {"yes": "Cancel job", "no": "Keep running", "default": "Keep running",
                                "title": "Cancel jobs"}  # fmt: skip


def test_cancel_jobs_confirms_many_at_once(qtbot: QtBot) -> None:
    seen: list[QMessageBox] = []
    answer_with(qtbot, lambda box: box.button(QMessageBox.StandardButton.Yes).click(), seen)
    assert CancelConfirm.ask(None, 3) is True
    (box,) = seen
    assert "Cancel these 3 jobs?" in box.text()
    assert box.button(QMessageBox.StandardButton.Yes).text() == "Cancel jobs"

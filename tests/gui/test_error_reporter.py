"""ErrorReporter: an error raised while reporting an error goes to the log only, and reporting carries on."""

from __future__ import annotations

import sys

import pytest
from pytestqt.qtbot import QtBot

from flowmusic_gui.ui.faults import ErrorReporter


@pytest.mark.expect_log("unexpected error", "error while reporting an error")
def test_a_show_callback_that_raises_is_logged_once_not_reported_again(
    qtbot: QtBot, caplog: pytest.LogCaptureFixture
) -> None:
    calls: list[str] = []

    def show(text: str) -> None:
        calls.append(text)
        raise RuntimeError("the notice broke")

    reporter = ErrorReporter(show)
    try:
        try:
            raise ValueError("first")
        except ValueError as exc:
            # PySide hands an exception raised in a slot to sys.excepthook: before the guard, this re-entered
            # the reporter until the stack (and the interpreter) gave out.
            sys.excepthook(type(exc), exc, exc.__traceback__)
        assert len(calls) == 1 and "ValueError: first" in calls[0]
        assert [r.getMessage() for r in caplog.records if "reporting" in r.getMessage()] == [
            "error while reporting an error (not shown)"
        ]

        # The guard is released: the next error is shown again.
        try:
            raise KeyError("second")
        except KeyError as exc:
            sys.excepthook(type(exc), exc, exc.__traceback__)
        assert len(calls) == 2 and "KeyError" in calls[1]
    finally:
        reporter.uninstall()

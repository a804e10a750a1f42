"""Notices are never lost: the activity list keeps each with its time, information fades, problems stay."""

from __future__ import annotations

from typing import Any

import pytest
from pytestqt.qtbot import QtBot

from flowmusic_gui.core.records import JobState
from flowmusic_gui.ui import notices as notices_module
from flowmusic_gui.ui.activity import Kind
from flowmusic_gui.ui.main_window import MainWindow

from .conftest import view


def test_each_notice_is_kept_in_the_activity_list(window: MainWindow, qtbot: QtBot) -> None:
    window.show()
    qtbot.waitExposed(window)
    window.show_notice("Added 2 jobs.")
    window.show_notice("Removed 1 job.", action=("Undo", lambda: None))
    assert window.notice.label.text() == "Removed 1 job."
    assert window.activity_button.text() == "2"
    popup = window.activity_button.open_list()
    texts = popup.texts()
    assert [t.split("   ", 1)[1] for t in texts] == ["Removed 1 job.", "Added 2 jobs."]
    assert all(t[:8].count(":") == 2 for t in texts)  # each with its time, HH:MM:SS
    assert window.activity_button.text() == ""  # seen
    popup.hide()


def test_information_fades_and_problems_stay(
    window: MainWindow, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(notices_module, "NOTICE_INFO_MS", 50)
    window.show()
    qtbot.waitExposed(window)
    window.show_notice("Copied.")
    qtbot.waitUntil(lambda: not window.notice.isVisible(), timeout=3000)
    window.show_notice("The job list cannot be written: the disk is full.", kind=Kind.PROBLEM)
    assert not window.notice.fading
    # A song ready does not push a problem out of sight; it is in the list all the same.
    window.show_notice("Song ready: Blue Night", kind=Kind.SONG)
    assert window.notice.label.text().startswith("The job list cannot be written")
    assert any("Blue Night" in e.text for e in window.activity.events)
    window.notice._close.click()
    assert not window.notice.isVisible()


def test_finished_jobs_reach_the_list_even_with_a_tray(window: MainWindow) -> None:
    window.binding._on_job_finished(view(1, title="Blue Night"))
    window.binding._on_job_finished(view(2, JobState.FAILED, title=None, prompt="a sad waltz"))
    texts = [e.text for e in window.activity.events]
    assert "Blue Night" in texts[1] and "a sad waltz" in texts[0]
    assert window.activity.events[0].kind is Kind.SONG


def test_the_demo_greets_instead_of_showing_an_error(make_window: Any, qtbot: QtBot) -> None:
    window: MainWindow = make_window(demo=True)
    window.show()
    qtbot.waitExposed(window)
    window.show_welcome(8)
    assert window.notice.label.text().startswith("Welcome to the demo: 8 sample jobs; songs finish within about")
    # The demo's job of another account ends at once: listed, not shown over the welcome.
    window.binding._on_job_finished(view(3, JobState.FORBIDDEN))
    window._notice_finished("Job not accessible", "job:00000003…: it belongs to another account")
    assert window.notice.label.text().startswith("Welcome to the demo")
    assert any("another account" in e.text for e in window.activity.events)


def test_connection_problems_are_listed_once_each(window: MainWindow) -> None:
    from flowmusic_gui.engine.types import ConnectionProblem

    problem = ConnectionProblem(message="The server is not reachable", retry_in=4.0)
    window.binding._on_problem(problem)
    window.binding._on_problem(problem)
    window.binding._on_problem_cleared()
    texts = [e.text for e in window.activity.events]
    assert texts == ["The API answers again", "The server is not reachable"]


def test_a_failure_in_the_list_shows_the_failed_icon_not_a_songs(window: MainWindow) -> None:
    from PySide6.QtCore import Qt

    window.binding._on_job_finished(view(1, title="Blue Night"))
    window.binding._on_job_finished(view(2, JobState.FAILED, title=None, prompt="a sad waltz"))
    popup = window.activity_button.open_list()
    shown = [popup.list.item(i).data(Qt.ItemDataRole.UserRole) for i in range(popup.list.count())]
    failed, done = shown  # newest first
    assert failed == "state-failed" and done == "state-completed" and failed != done
    popup.hide()

"""The tracker bound to the window: the stored jobs fill the table and the counts (the job selected last time
selected again), a removed job's neighbour takes the selection, a finished song is announced and listed, and a
connection problem is said once, with when the next try comes, until the API answers again."""

from __future__ import annotations

from PySide6.QtWidgets import QApplication

from flowmusic_gui.core.records import JobState
from flowmusic_gui.engine.types import ConnectionProblem
from flowmusic_gui.ui.main_window import MainWindow

from .conftest import view


def activity(window: MainWindow) -> list[str]:
    """The activity list, oldest first."""
    return [e.text for e in reversed(window.activity.events)]


def test_the_stored_jobs_fill_the_table_and_the_counts(window: MainWindow) -> None:
    loaded: list[bool] = []
    window.binding.loaded.connect(lambda: loaded.append(True))
    window.binding._on_jobs_loaded([view(1), view(2, JobState.PENDING), view(3, JobState.FAILED)])
    assert loaded == [True] and window.model.rowCount() == 3
    assert window.counts_label.text() == "3 jobs: 1 pending · 1 completed · 1 failed"
    assert not window.table.source_empty


def test_the_job_selected_last_time_is_selected_again(window: MainWindow) -> None:
    views = [view(1), view(2), view(3)]
    window.options.set_window_value("selected", views[1].jobid)
    window.binding._on_jobs_loaded(views)
    assert window.selected_jobids() == [views[1].jobid]


def test_a_removed_jobs_neighbour_takes_the_selection(window: MainWindow) -> None:
    views = [view(1), view(2), view(3)]
    window.binding._on_jobs_loaded(views)
    window.select_jobids([views[1].jobid])
    window.binding._on_jobs_removed([views[1].jobid])
    assert window.model.rowCount() == 2 and window.selected_count() == 1
    assert window.selected_jobids()[0] != views[1].jobid
    assert window.counts_label.text().startswith("2 jobs")


def test_a_finished_song_is_announced_and_listed(window: MainWindow) -> None:
    song = view(1, title="Night Drive")
    window.binding._on_jobs_loaded([view(1, JobState.PENDING)])
    window.binding._on_job_changed(song)
    window.binding._on_job_finished(song)
    assert any("Night Drive" in text for text in activity(window))
    assert "Night Drive" in window.notice.label.text()  # no tray here: the window says it


def test_a_connection_problem_is_said_once_until_the_api_answers(window: MainWindow) -> None:
    binding = window.binding
    for retry in (4.0, 8.0, 16.0):  # every retry of the same problem
        binding._on_problem(ConnectionProblem("Cannot reach the API", retry))
    assert activity(window).count("Cannot reach the API") == 1
    assert window.connection_label.text() == "Cannot reach the API, retrying in 16 s"
    binding._on_problem_cleared()
    assert activity(window)[-1] == "The API answers again" and window.connection_label.text() == ""
    binding._on_problem_cleared()  # said once, not again
    assert activity(window).count("The API answers again") == 1


def test_a_closed_window_announces_nothing_more(window: MainWindow) -> None:
    window.binding.close()
    window.binding._on_job_finished(view(1, title="Too late"))
    QApplication.processEvents()
    assert not any("Too late" in text for text in activity(window))

"""Filtering, searching and the selection as a person meets them: counts, "4 of 12 shown", Esc, Show all."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from flowmusic_gui.core.records import JobState
from flowmusic_gui.engine.tasks import TaskRunner
from flowmusic_gui.simulator import Simulator
from flowmusic_gui.ui.jobs.filter import StatusFilter
from flowmusic_gui.ui.main_window import MainWindow

from ..conftest import jobid, view
from ..test_main_window import attached, loaded_window, make_backend, rows


def combo_texts(window: MainWindow) -> list[str]:
    return [window.filter_combo.itemText(i) for i in range(window.filter_combo.count())]


def test_the_filter_counts_each_state(window: MainWindow) -> None:
    loaded_window(window, [view(1), view(2), view(3, JobState.FAILED), view(4, JobState.PENDING),
                           view(5, JobState.NOT_FOUND)])
    assert combo_texts(window) == ["All jobs (5)", "Pending (1)", "Completed (2)", "Failed (1)", "Problems (1)"]


def test_search_says_how_many_are_shown_and_esc_clears_it(window: MainWindow, qtbot: QtBot) -> None:
    window.show()
    qtbot.waitExposed(window)
    loaded_window(window, [view(1, title="Rain"), view(2, title="Rain again"), view(3, title="Sun")])
    assert not window.shown_label.isVisible()
    window.search.setText("rain")
    assert window.shown_label.isVisible() and window.shown_label.text() == "2 of 3 shown"
    window.filter_combo.setCurrentIndex(window.filter_combo.findData(StatusFilter.FAILED.value))
    assert window.shown_label.text() == "0 of 3 shown"
    window.filter_combo.setCurrentIndex(0)
    window.search.setFocus()
    qtbot.waitUntil(window.search.hasFocus, timeout=2000)
    qtbot.keyClick(window.search, Qt.Key.Key_Escape)
    assert window.search.text() == ""
    assert not window.shown_label.isVisible() and len(rows(window)) == 3


def test_adding_jobs_the_filter_hides_offers_show_all(
    qtbot: QtBot, window: MainWindow, data_dir: Path, sim: Simulator, runner: TaskRunner
) -> None:
    backend, _ = make_backend(data_dir, sim, runner=runner)
    attached(qtbot, window, backend)
    window.filter_combo.setCurrentIndex(window.filter_combo.findData(StatusFilter.COMPLETED.value))
    window.controller.add_ids([jobid(1), jobid(2)])
    assert "2 hidden by the current filter" in window.notice.label.text()
    assert window.notice.button.text() == "Show all"
    window.notice.button.click()
    assert window.proxy.status_filter is StatusFilter.ALL
    assert set(rows(window)) == {jobid(1), jobid(2)}


def test_removing_the_selected_job_selects_the_next(
    qtbot: QtBot, window: MainWindow, data_dir: Path, sim: Simulator, runner: TaskRunner
) -> None:
    backend, _ = make_backend(data_dir, sim, runner=runner)
    attached(qtbot, window, backend)
    window.controller.add_ids([jobid(1), jobid(2), jobid(3)])
    order = rows(window)
    window.select_jobids([order[1]])
    window.acts.act_remove.trigger()
    assert window.selected_jobids() == [order[2]]
    window.select_jobids([order[2]])  # the last row: the one above takes its place
    window.acts.act_remove.trigger()
    assert window.selected_jobids() == [order[0]]


def test_the_selection_survives_clearing_the_search_and_a_restart(make_window: Any, qtbot: QtBot) -> None:
    window: MainWindow = make_window()
    views = [view(1, title="Rain"), view(2, title="Sun"), view(3, title="Rain two")]
    loaded_window(window, views)
    window.search.setText("two")
    window.select_jobids([jobid(3)])
    window.search.clear()
    assert window.selected_jobids() == [jobid(3)]
    assert window.detail_view() is not None and window.detail_view().jobid == jobid(3)  # type: ignore[union-attr]
    window.save_state()
    window.shutdown()
    again: MainWindow = make_window()
    again.binding._on_jobs_loaded(views)
    assert again.selected_jobids() == [jobid(3)]


def test_many_selected_jobs_show_a_summary_with_the_actions_for_all(window: MainWindow) -> None:
    loaded_window(window, [view(1), view(2), view(3, JobState.PENDING), view(4)])
    window.select_jobids([jobid(1), jobid(2), jobid(3)])
    pane = window.detail
    assert pane.stack.currentWidget() is pane.summary
    assert pane.summary_label.text() == "3 jobs selected: 1 pending, 2 completed"  # the status bar's order
    assert [b.text() for b in pane.summary_buttons] == [
        "Download all WAVs", "Re-check now", "Copy job id", "Remove"]
    assert all(b.isEnabled() for b in pane.summary_buttons)
    window.select_jobids([jobid(4)])
    assert pane.stack.currentWidget() is pane.scroller
    assert pane.view is not None and pane.view.jobid == jobid(4)

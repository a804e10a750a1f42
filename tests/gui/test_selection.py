"""The table's selection as the window reads it: runs of rows, the job shown, the successor after a removal,
and the summary of many jobs."""

from __future__ import annotations

from flowmusic_gui.core.records import JobState
from flowmusic_gui.ui.jobs.filter import StatusFilter
from flowmusic_gui.ui.main_window import MainWindow

from .conftest import jobid, view


def loaded(window: MainWindow, n: int = 6) -> MainWindow:
    states = [JobState.COMPLETED, JobState.PENDING, JobState.FAILED]
    window.model.set_jobs([view(i, states[i % 3]) for i in range(n)])
    window.binding.after_rows_changed()
    return window


def test_selected_jobs_come_in_table_order_and_are_counted_by_runs(window: MainWindow) -> None:
    loaded(window)
    order = [v.jobid for v in window.selection.ordered_views()]
    window.select_jobids([order[4], order[1], order[2]])
    sel = window.selection
    assert sel.proxy_spans() == [(1, 2), (4, 4)]
    assert sel.selected_count() == 3
    assert sel.selected_jobids() == [order[1], order[2], order[4]]
    assert sel.current_view() is not None and sel.current_view().jobid == order[4]  # type: ignore[union-attr]


def test_after_a_removal_the_next_row_below_is_selected(window: MainWindow) -> None:
    loaded(window)
    order = [v.jobid for v in window.selection.ordered_views()]
    window.select_jobids([order[2], order[3]])
    assert window.selection.successor({order[2], order[3]}) == order[4]
    window.select_jobids([order[5]])
    assert window.selection.successor({order[5]}) == order[4]  # the last row: the one above


def test_a_filter_hides_rows_from_the_selection_and_says_so(window: MainWindow) -> None:
    loaded(window)
    window.filter_combo.setCurrentIndex(window.filter_combo.findData(StatusFilter.FAILED.value))
    shown = {v.jobid for v in window.selection.ordered_views()}
    assert shown == {jobid(2), jobid(5)}
    assert window.selection.row_of(jobid(0)) is None and window.selection.view_of(jobid(0)) is not None
    assert window.selection.hidden_by_filter([jobid(0), jobid(2), jobid(3)]) == 2


def test_many_selected_jobs_are_summed_up_by_state(window: MainWindow) -> None:
    loaded(window)
    window.table.selectAll()
    assert window.selection.summary(6) == "6 jobs selected: 2 pending · 2 completed · 2 failed".replace(" ·", ",")
    assert window.detail.summary is not None and window.detail.stack.currentWidget() is window.detail.summary

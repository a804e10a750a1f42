"""The window comes back as it was left: sort, filter, search, columns and the selected job."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt

from flowmusic_gui.core.records import JobState
from flowmusic_gui.ui.jobs.filter import StatusFilter
from flowmusic_gui.ui.jobs.model import Column
from flowmusic_gui.ui.main_window import MainWindow

from .conftest import jobid, view


def test_the_state_survives_a_restart(make_window: Any) -> None:
    first: MainWindow = make_window()
    views = [view(1), view(2, JobState.FAILED), view(3)]
    first.binding._on_jobs_loaded(views)
    first.table.sortByColumn(int(Column.TITLE), Qt.SortOrder.AscendingOrder)
    first.filter_combo.setCurrentIndex(first.filter_combo.findData(StatusFilter.COMPLETED.value))
    first.search.setText("happy")
    first.select_jobids([jobid(3)])
    first.shutdown()  # saves the state

    again: MainWindow = make_window()
    assert again.model.sort_column == int(Column.TITLE)
    assert again.model.sort_order == Qt.SortOrder.AscendingOrder
    assert again.filter_combo.currentData() == StatusFilter.COMPLETED.value
    assert again.search.text() == "happy"
    again.binding._on_jobs_loaded(views)
    assert again.selected_jobids() == [jobid(3)]

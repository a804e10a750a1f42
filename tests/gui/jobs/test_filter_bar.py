"""The line above the table: each status filter says how many jobs it shows, the account filter appears with a
second account, and "N of M shown" while something is hidden."""

from __future__ import annotations

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from flowmusic_gui.core.records import JobState
from flowmusic_gui.ui.jobs.filter import StatusFilter
from flowmusic_gui.ui.main_window import MainWindow

from ..conftest import view


def test_counts_accounts_and_what_is_shown(window: MainWindow, qtbot: QtBot) -> None:
    window.show()
    qtbot.waitExposed(window)
    views = [view(1), view(2, JobState.FAILED), view(3, email="other@example.com")]
    window.model.set_jobs(views)
    window.binding.after_rows_changed()
    bar = window.filters
    texts = [bar.filter_combo.itemText(i) for i in range(bar.filter_combo.count())]
    assert texts[0] == "All jobs (3)" and "Failed (1)" in texts
    assert bar.account_combo.isVisible()
    assert [bar.account_combo.itemText(i) for i in range(1, bar.account_combo.count())] == [
        "me@example.com", "other@example.com"]  # fmt: skip
    bar.filter_combo.setCurrentIndex(bar.filter_combo.findData(StatusFilter.FAILED.value))
    assert bar.shown_label.isVisible() and bar.shown_label.text() == "1 of 3 shown"
    bar.show_all()
    assert not bar.shown_label.isVisible()


def test_escape_in_the_search_clears_it(window: MainWindow, qtbot: QtBot) -> None:
    window.show()
    qtbot.waitExposed(window)
    window.model.set_jobs([view(1), view(2, prompt="a sad waltz", title="Waltz")])
    window.binding.after_rows_changed()
    bar = window.filters
    window.activateWindow()
    bar.focus_search()
    qtbot.waitUntil(bar.search.hasFocus, timeout=5000)
    qtbot.keyClicks(bar.search, "waltz")
    assert window.proxy.rowCount() == 1 and bar.act_clear_search.isVisible()
    qtbot.keyClick(bar.search, Qt.Key.Key_Escape)
    assert bar.search.text() == "" and window.proxy.rowCount() == 2

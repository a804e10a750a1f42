"""The jobs table fits any window width: the title takes the spare room, minor columns hide when narrow."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QStyledItemDelegate, QStyleOptionViewItem
from pytestqt.qtbot import QtBot

from flowmusic_gui.core.records import JobState
from flowmusic_gui.engine.types import JobView
from flowmusic_gui.ui.jobs.model import Column
from flowmusic_gui.ui.main_window import MainWindow

from ..conftest import T0, jobid, view


def shown_window(make_window: Any, qtbot: QtBot, width: int, height: int = 800) -> MainWindow:
    window: MainWindow = make_window()
    window.resize(width, height)
    window.show()
    qtbot.waitExposed(window)
    window.model.set_jobs([view(1), view(2, JobState.PENDING)])
    return window


def visible_columns(window: MainWindow) -> set[Column]:
    hh = window.table.horizontalHeader()
    return {c for c in Column if not hh.isSectionHidden(int(c))}


def used_width(window: MainWindow) -> int:
    hh = window.table.horizontalHeader()
    return sum(hh.sectionSize(int(c)) for c in Column if not hh.isSectionHidden(int(c)))


def test_wide_window_gives_the_spare_width_to_the_title(make_window: Any, qtbot: QtBot) -> None:
    window = shown_window(make_window, qtbot, 1600)
    table = window.table
    qtbot.waitUntil(lambda: abs(used_width(window) - table.viewport().width()) <= 2, timeout=3000)
    assert visible_columns(window) == set(Column)
    hh = table.horizontalHeader()
    assert hh.sectionSize(int(Column.TITLE)) > max(hh.sectionSize(int(c)) for c in Column if c is not Column.TITLE)
    assert not table.horizontalScrollBar().isVisible()


def test_narrow_window_hides_minor_columns_and_never_scrolls_sideways(make_window: Any, qtbot: QtBot) -> None:
    window = shown_window(make_window, qtbot, 1024, 700)
    table = window.table
    qtbot.waitUntil(lambda: Column.JOBID not in visible_columns(window), timeout=3000)
    assert visible_columns(window) == set(Column) - {Column.OPERATION, Column.GENERATION, Column.JOBID}
    assert used_width(window) <= table.viewport().width() + 1
    qtbot.waitUntil(lambda: not table.horizontalScrollBar().isVisible(), timeout=3000)
    # Room again: they come back by themselves.
    window.resize(1600, 800)
    qtbot.waitUntil(lambda: visible_columns(window) == set(Column), timeout=3000)


def test_a_window_sized_before_it_shows_hides_the_same_columns(make_window: Any, qtbot: QtBot) -> None:
    """As --window-size does: made at 1280, resized to 1024 before the first show."""
    window: MainWindow = make_window()
    window.resize(1024, 700)
    window.show()
    qtbot.waitExposed(window)
    window.model.set_jobs([view(1), view(2, JobState.PENDING)])
    qtbot.waitUntil(lambda: Column.JOBID not in visible_columns(window), timeout=3000)
    assert visible_columns(window) == set(Column) - {Column.OPERATION, Column.GENERATION, Column.JOBID}
    qtbot.waitUntil(lambda: not window.table.horizontalScrollBar().isVisible(), timeout=3000)


def test_a_column_chosen_from_the_header_menu_stays_as_chosen(make_window: Any, qtbot: QtBot) -> None:
    window = shown_window(make_window, qtbot, 1024, 700)
    qtbot.waitUntil(lambda: Column.JOBID not in visible_columns(window), timeout=3000)
    menu = window.table.header_menu()
    action = next(a for a in menu.actions() if a.text() == "Job id")
    assert not action.isChecked()
    action.setChecked(True)
    assert Column.JOBID in visible_columns(window)
    window.resize(1000, 700)
    qtbot.wait(10)
    assert Column.JOBID in visible_columns(window)
    hide_account = next(a for a in window.table.header_menu().actions() if a.text() == "Account")
    hide_account.setChecked(False)
    window.resize(1700, 800)
    qtbot.waitUntil(lambda: Column.OPERATION in visible_columns(window), timeout=3000)
    assert Column.ACCOUNT not in visible_columns(window)
    # ... and after a restart.
    window.save_state()
    again: MainWindow = make_window()
    assert again.table.user_columns == {Column.JOBID: True, Column.ACCOUNT: False}


def test_columns_hidden_in_a_kept_layout_come_back_with_room(make_window: Any, qtbot: QtBot) -> None:
    window = shown_window(make_window, qtbot, 1024, 700)
    qtbot.waitUntil(lambda: Column.JOBID not in visible_columns(window), timeout=3000)
    widths = {c: window.table.horizontalHeader().sectionSize(int(c)) for c in visible_columns(window)}
    window.save_state()
    # The next start restores that layout (its columns are not measured again) and still fits the width.
    again = shown_window(make_window, qtbot, 1024, 700)
    assert visible_columns(again) == set(Column) - {Column.OPERATION, Column.GENERATION, Column.JOBID}
    hh = again.table.horizontalHeader()
    assert {c: hh.sectionSize(int(c)) for c in visible_columns(again) if c is not Column.TITLE} == {
        c: w for c, w in widths.items() if c is not Column.TITLE}
    again.resize(1700, 800)
    qtbot.waitUntil(lambda: visible_columns(again) == set(Column), timeout=3000)
    for c in (Column.OPERATION, Column.GENERATION, Column.JOBID):
        assert hh.sectionSize(int(c)) == again.table.default_width(c)


def test_ids_are_elided_in_the_middle(make_window: Any, qtbot: QtBot) -> None:
    window = shown_window(make_window, qtbot, 1600)
    index = window.proxy.index(0, int(Column.JOBID))
    option = QStyleOptionViewItem()
    delegate = window.table.itemDelegateForColumn(int(Column.JOBID))
    assert isinstance(delegate, QStyledItemDelegate)
    delegate.initStyleOption(option, index)
    assert option.textElideMode == Qt.TextElideMode.ElideMiddle
    assert option.text.startswith("job:") and option.text.endswith("-bot:flowmusic")


def test_a_job_without_title_shows_its_prompt_or_short_id_never_untitled(qtbot: QtBot) -> None:
    from flowmusic_gui.ui.jobs.model import JobsModel

    model = JobsModel()
    bare = JobView(jobid=jobid(3), state=JobState.NEW, added_at=T0)
    model.set_jobs([view(1, title=None, prompt=None), view(2, title=None, prompt="rain on a tin roof"), bare])
    titles = {model.index(r, int(Column.TITLE)).data() for r in range(3)}
    assert "Untitled" not in titles
    assert "rain on a tin roof" in titles
    assert f"job:{jobid(1)[4:12]}…" in titles
    row = model.row_of(jobid(3))
    assert row is not None
    assert model.index(row, int(Column.CREATED)).data() == ""  # the API has not said when yet
    model.shutdown()

"""The jobs table's columns, roles and status groups, and the header the window's first frame shows before the jobs
model is made: the same words, in the same places, as the model's own header."""

from __future__ import annotations

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from flowmusic_gui.ui.jobs.columns import HEADERS, STAR, Category, Column, Role, header_stand_in, header_text
from flowmusic_gui.ui.jobs.filter import StatusFilter
from flowmusic_gui.ui.jobs.model import JobsModel


def test_the_first_frames_header_reads_as_the_jobs_models(qtbot: QtBot) -> None:
    stand_in, model = header_stand_in(), JobsModel()
    horizontal = Qt.Orientation.Horizontal
    assert stand_in.columnCount() == model.columnCount() == len(Column)
    assert stand_in.rowCount() == 0
    assert [stand_in.headerData(c, horizontal) for c in Column] == [model.headerData(c, horizontal) for c in Column]
    assert [stand_in.headerData(c, horizontal) for c in Column][:3] == ["Status", "Title", "Operation"]
    model.shutdown()


def test_the_keeper_column_shows_its_star_and_is_named_in_words() -> None:
    assert header_text(Column.KEPT) == STAR
    assert HEADERS[Column.KEPT] == "Keeper"  # (the header's menu and tooltip)
    assert header_text(Column.JOBID) == "Job id"


def test_roles_are_the_apps_own_and_each_status_group_has_its_filter() -> None:
    assert min(Role) > int(Qt.ItemDataRole.UserRole) and len(set(Role)) == len(Role)
    assert {c.value for c in Category} <= {s.value for s in StatusFilter}

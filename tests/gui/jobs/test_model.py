"""The jobs table model: Qt's model contract, one-row updates, the elapsed-time tick, sorting on real values."""

from __future__ import annotations

from datetime import datetime, timedelta

from PySide6.QtCore import Qt
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from flowmusic_gui.core.records import JobState
from flowmusic_gui.engine.types import JobView
from flowmusic_gui.ui.jobs.model import Column, JobsModel, Role

from ..conftest import T0, jobid, view


def model_with(views: list[JobView], now: datetime | None = None) -> JobsModel:
    model = JobsModel(now=(lambda: now) if now else None)
    model.set_jobs(views)
    return model


def column_texts(model: JobsModel, col: Column) -> list[str]:
    return [model.index(r, col).data() for r in range(model.rowCount())]


def test_model_passes_qt_model_tester(qtbot: QtBot, qtmodeltester: ModelTester) -> None:
    model = model_with([view(1), view(2, JobState.PENDING), view(3, JobState.FAILED)])
    qtmodeltester.check(model, force_py=True)
    model.add_jobs([view(4, JobState.NEW)])
    model.update_job(view(2, JobState.COMPLETED))
    model.remove_jobs([jobid(1)])
    model.sort(Column.TITLE, Qt.SortOrder.DescendingOrder)
    qtmodeltester.check(model, force_py=True)
    model.shutdown()


def test_columns_show_what_a_user_reads(qtbot: QtBot) -> None:
    v = view(1, title="Blue Night", operation="remix", duration_ms=139_164, clips=2)
    model = model_with([v])
    row = [model.index(0, c).data() for c in Column]
    assert row[Column.STATUS] == "Completed"
    assert row[Column.TITLE] == "Blue Night"
    assert row[Column.OPERATION] == "remix"
    assert row[Column.ACCOUNT] == "me@example.com"
    assert row[Column.GENERATION] == "2:19"
    assert row[Column.CLIPS] == "2"
    assert row[Column.JOBID] == v.jobid  # whole: the table elides it in the middle
    assert v.jobid in model.index(0, Column.JOBID).data(Qt.ItemDataRole.ToolTipRole)
    assert model.index(0, Column.STATUS).data(Qt.ItemDataRole.DecorationRole) is not None


def test_title_falls_back_to_the_prompt_and_account_to_the_jobid() -> None:
    pending = view(1, JobState.PENDING, prompt="a slow waltz about rain")
    model = model_with([pending])
    assert model.index(0, Column.TITLE).data() == "a slow waltz about rain"
    bare = view(2, JobState.NEW)
    bare = type(bare)(jobid=jobid(2, "x.y+z@mail.org"), state=JobState.NEW, added_at=T0)
    model.add_jobs([bare])
    assert model.index(model.row_of(bare.jobid) or 0, Column.ACCOUNT).data() == "x.y+z@mail.org"


def test_pending_status_shows_the_elapsed_time() -> None:
    model = model_with([view(0, JobState.PENDING, created=T0)], now=T0 + timedelta(seconds=83))
    assert model.index(0, Column.STATUS).data() == "Pending · 1:23"


def test_hostile_text_stays_plain_in_tooltips() -> None:
    model = model_with([view(1, title="<b>bold</b> & <img src=x>")])
    tip = model.index(0, Column.TITLE).data(Qt.ItemDataRole.ToolTipRole)
    assert "<b>" not in tip and "&lt;b&gt;bold&lt;/b&gt;" in tip
    assert model.index(0, Column.TITLE).data() == "<b>bold</b> & <img src=x>"


def test_one_job_change_updates_one_row(qtbot: QtBot) -> None:
    model = model_with([view(i, JobState.PENDING) for i in range(5)])
    seen: list[tuple[int, int, int, int]] = []
    model.dataChanged.connect(lambda a, b, _r: seen.append((a.row(), b.row(), a.column(), b.column())))
    model.update_job(view(3, JobState.COMPLETED))
    row = model.row_of(jobid(3))
    assert seen == [(row, row, 0, len(Column) - 1)]
    assert model.index(row or 0, Column.STATUS).data() == "Completed"
    assert model.update_job(view(99)) is False
    model.shutdown()


def test_tick_touches_only_pending_status_cells() -> None:
    views = [view(0, JobState.PENDING), view(1), view(2, JobState.PENDING), view(3, JobState.PENDING), view(4)]
    model = JobsModel()
    model.set_jobs(views)  # unsorted: the order given
    seen: list[tuple[int, int, int, int, list[int]]] = []
    model.dataChanged.connect(lambda a, b, r: seen.append((a.row(), b.row(), a.column(), b.column(), list(r))))
    model.tick()
    assert seen == [
        (0, 0, 0, 0, [Qt.ItemDataRole.DisplayRole]),
        (2, 3, 0, 0, [Qt.ItemDataRole.DisplayRole]),
    ]


def test_sorting_uses_real_values_not_display_strings() -> None:
    model = model_with([view(1, duration_ms=9_000), view(2, duration_ms=100_000), view(3, duration_ms=20_000)])
    model.sort(Column.GENERATION, Qt.SortOrder.AscendingOrder)
    assert column_texts(model, Column.GENERATION) == ["9 s", "20 s", "1:40"]
    assert [model.index(r, 0).data(Role.SORT) for r in range(3)] == [5, 5, 5]  # status ranks are ints
    assert model.index(0, Column.GENERATION).data(Role.SORT) == 9.0
    model.sort(Column.GENERATION, Qt.SortOrder.DescendingOrder)
    assert column_texts(model, Column.GENERATION) == ["1:40", "20 s", "9 s"]


def test_every_column_sorts_and_missing_values_go_last() -> None:
    views = [
        view(1, operation="remix"), view(2, JobState.PENDING), view(3, operation="cover"), view(4, JobState.FAILED)
    ]
    model = model_with(views)
    for col in Column:
        for order in (Qt.SortOrder.AscendingOrder, Qt.SortOrder.DescendingOrder):
            model.sort(col, order)
            assert model.rowCount() == 4
    model.sort(Column.OPERATION, Qt.SortOrder.AscendingOrder)
    assert column_texts(model, Column.OPERATION)[:2] == ["cover", "remix"]
    model.sort(Column.OPERATION, Qt.SortOrder.DescendingOrder)
    assert column_texts(model, Column.OPERATION)[:2] == ["remix", "cover"]
    model.sort(Column.STATUS, Qt.SortOrder.AscendingOrder)
    assert model.index(0, Column.STATUS).data().startswith("Pending")


def test_added_jobs_land_in_sorted_place_and_changes_resort(qtbot: QtBot) -> None:
    model = model_with([view(1, title="b"), view(3, title="d")])
    model.sort(Column.TITLE, Qt.SortOrder.AscendingOrder)
    model.add_jobs([view(2, title="c"), view(4, title="a")])
    assert column_texts(model, Column.TITLE) == ["a", "b", "c", "d"]
    model.update_job(view(4, title="z"))
    qtbot.waitUntil(lambda: column_texts(model, Column.TITLE) == ["b", "c", "d", "z"], timeout=3000)
    assert model.row_of(jobid(4)) == 3
    model.shutdown()


def test_remove_returns_views_and_keeps_the_index_right() -> None:
    model = model_with([view(i) for i in range(10)])
    removed = model.remove_jobs([jobid(2), jobid(3), jobid(7)])
    assert {v.jobid for v in removed} == {jobid(2), jobid(3), jobid(7)}
    assert model.rowCount() == 7
    for r in range(model.rowCount()):
        assert model.row_of(model.view_at(r).jobid) == r
    assert model.counts()[JobState.COMPLETED] == 7


def test_rows_whose_sort_key_changes_move_alone_and_keep_the_order_and_the_held_rows(
    qtbot: QtBot, qtmodeltester: ModelTester
) -> None:
    """A poll that changes a sorted value moves that row only (no re-sort of the table, which the proxy pays for
    with a call per row), and the order stays right; a row the view holds (selected or current) is never taken
    out and put back: then the table is sorted as a whole, which keeps it."""
    import random

    model = model_with([view(i, title=f"Song {i:03d}") for i in range(199)])
    model.sort(Column.CREATED, Qt.SortOrder.DescendingOrder)
    qtmodeltester.check(model, force_py=True)  # it stays connected: every signal below is checked
    held = {jobid(7)}
    model.holds_row = lambda row: model.view_at(row).jobid in held
    layouts: list[int] = []
    removals: list[int] = []
    model.layoutChanged.connect(lambda *_: layouts.append(1))
    model.rowsRemoved.connect(lambda *_: removals.append(1))
    rng = random.Random(7)

    def change(numbers: list[int]) -> None:
        for i in numbers:
            minutes = rng.randrange(-500, 500)
            model.update_job(view(i, title=f"Song {i:03d}", created=T0 + timedelta(minutes=minutes)))
        qtbot.waitUntil(lambda: not model._resort_pending(), timeout=5_000)
        created = [model.view_at(r).created_at for r in range(model.rowCount())]
        assert created == sorted(created, reverse=True)  # type: ignore[type-var]
        assert all(model.row_of(model.view_at(r).jobid) == r for r in range(model.rowCount()))

    change(rng.sample([i for i in range(199) if i != 7], 30))
    assert layouts == [] and len(removals) == 30  # each changed row on its own, no re-sort of the table
    change([7, 8, 9])
    assert layouts == [1]  # the held row: one sort of the table
    model.shutdown()

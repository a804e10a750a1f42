"""What the row commands do, as a user meets them: the context menu (Add/Paste on empty space, the row actions on
a job), copying ids and records, a single click showing the job in the pane and several a summary."""

from __future__ import annotations

import json

from PySide6.QtGui import QGuiApplication
from pytestqt.qtbot import QtBot

from flowmusic_gui.core.records import JobState
from flowmusic_gui.engine.types import JobView
from flowmusic_gui.ui.main_window import MainWindow

from .conftest import view


def loaded(window: MainWindow, views: list[JobView]) -> MainWindow:
    window.model.set_jobs(views)
    window.binding.after_rows_changed()
    return window


def test_the_context_menu_on_empty_space_offers_adding(window: MainWindow) -> None:
    loaded(window, [view(1)])
    window.select_jobids([])
    menu = window.commands.build_context_menu()
    assert menu.actions() == [window.acts.act_add, window.acts.act_paste]
    menu.deleteLater()


def test_the_context_menu_on_a_job_offers_the_row_actions(window: MainWindow) -> None:
    song = view(1)
    loaded(window, [song])
    window.select_jobids([song.jobid])
    menu = window.commands.build_context_menu()
    shown = [a for a in menu.actions() if not a.isSeparator()]
    assert shown == [a for a in window.acts.row_actions() if a is not None]
    menu.deleteLater()


def test_copy_ids_and_records(qtbot: QtBot, window: MainWindow) -> None:
    said: list[str] = []
    window.bridge.status_posted.connect(lambda text, _ms: said.append(text))
    one, two = view(1, extra={"vendor": "kept"}), view(2, JobState.PENDING)
    loaded(window, [one, two])
    window.select_jobids([one.jobid, two.jobid])
    window.commands.copy_jobids()
    assert set(QGuiApplication.clipboard().text().split("\n")) == {one.jobid, two.jobid}
    assert said[-1] == "Copied 2 job ids"
    window.select_jobids([one.jobid])
    window.commands.copy_json()
    copied = json.loads(QGuiApplication.clipboard().text())
    assert copied["jobid"] == one.jobid and copied["vendor"] == "kept"  # the record verbatim, unknown fields too
    assert said[-1] == "Copied 1 record as JSON"


def test_one_job_shows_in_the_pane_several_a_summary(qtbot: QtBot, window: MainWindow) -> None:
    views = [view(1, title="Night Drive"), view(2), view(3)]
    loaded(window, views)
    window.select_jobids([views[0].jobid])
    assert window.commands.detail_job is not None and window.commands.detail_job.jobid == views[0].jobid
    window.select_jobids([v.jobid for v in views])
    assert window.commands.detail_job is None  # the pane sums the three up instead

"""The keeper: a take starred in the detail view (keyboard and screen reader too) shows as a star in the jobs table,
sorts, survives a restart, and "Kept takes only" makes Download clips fetch just the starred takes."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QToolButton
from pytestqt.qtbot import QtBot

from flowmusic_gui.core.store import DownloadState, JobStore
from flowmusic_gui.engine.types import JobView
from flowmusic_gui.simulator import DEMO_TOKEN, Simulator
from flowmusic_gui.simulator.accounts import Account
from flowmusic_gui.ui import options as opt
from flowmusic_gui.ui.detail.pane import DetailPane
from flowmusic_gui.ui.jobs.model import Column, JobsModel
from flowmusic_gui.ui.main_window import MainWindow

from .conftest import attach_demo_backend, view

ONE = Account("one@example.com", user_id="31", max_jobs=4, credits=1000)
CLIP_A = "user:1001-me@example.com-clip:aaaaaaaa-1234-4234-8234-123456789abc"
CLIP_B = "user:1001-me@example.com-clip:bbbbbbbb-1234-4234-8234-123456789abc"


def _with_clip_ids(n: int) -> JobView:
    v = view(n)
    assert v.record is not None
    raw = v.record.raw_dict()
    raw["clips"][0]["clip"], raw["clips"][1]["clip"] = CLIP_A, CLIP_B
    from flowmusic_gui.core.records import parse_record

    return replace(v, record=parse_record(raw))


def test_the_star_is_a_named_toggle_on_each_take_reachable_by_keyboard(qtbot: QtBot, pane: DetailPane) -> None:
    job = _with_clip_ids(1)
    pane.set_job(job)
    asked: list[tuple[str, str, bool]] = []
    pane.keep_requested.connect(lambda j, c, k: asked.append((j, c, k)))
    pane.show_take(1)
    card = pane.shown_card
    assert card is not None and card.clip.clip == CLIP_B
    star = card.keep
    assert isinstance(star, QToolButton) and star.isCheckable() and star.isEnabled()
    assert star.accessibleName() == "Keeper" and star.accessibleDescription() == "Not kept"
    assert star.focusPolicy() & Qt.FocusPolicy.TabFocus
    star.setFocus()
    qtbot.waitUntil(star.hasFocus, timeout=2000)
    qtbot.keyClick(star, Qt.Key.Key_Space)
    assert asked == [(job.jobid, CLIP_B, True)]
    assert star.isChecked() and star.text() == "★" and star.accessibleDescription() == "Kept"
    assert [b.text() for b in pane.take_buttons] == ["A", "B ★"]
    assert pane.take_buttons[1].accessibleName() == "Take B, kept"
    # The store's word wins: the same job shown again without the keeper (its write undone) clears the star.
    pane.set_job(job)
    assert not star.isChecked() and [b.text() for b in pane.take_buttons] == ["A", "B"]
    pane.set_job(replace(job, kept=(CLIP_A,)))
    assert pane.cards[0].keep.isChecked() and not star.isChecked()
    assert len(asked) == 1  # showing what the store says asks for no change


def test_a_clip_without_an_id_cannot_be_kept(pane: DetailPane) -> None:
    pane.set_job(view(2))
    card = pane.shown_card
    assert card is not None and not card.keep.isEnabled()
    assert "no clip id" in card.keep.toolTip()


def test_the_keeper_column_shows_sorts_and_names_the_kept_take(qtbot: QtBot) -> None:
    model = JobsModel()
    plain = view(1)
    kept = replace(_with_clip_ids(2), kept=(CLIP_B,))
    model.set_jobs([plain, kept])
    assert model.headerData(Column.KEPT, Qt.Orientation.Horizontal) == "★"
    assert "Keeper" in model.headerData(Column.KEPT, Qt.Orientation.Horizontal, Qt.ItemDataRole.ToolTipRole)
    row = model.row_of(kept.jobid)
    assert row is not None
    cell = model.index(row, Column.KEPT)
    assert cell.data() == "★ B"
    assert cell.data(Qt.ItemDataRole.AccessibleTextRole) == "Kept: take B"
    assert model.index(model.row_of(plain.jobid) or 0, Column.KEPT).data() == ""
    model.sort(Column.KEPT, Qt.SortOrder.AscendingOrder)
    assert model.jobs()[0].jobid == kept.jobid
    model.sort(Column.KEPT, Qt.SortOrder.DescendingOrder)
    assert model.jobs()[-1].jobid == plain.jobid  # a blank stays last either way, as in every column
    model.shutdown()


@pytest.fixture
def sim() -> Iterator[Simulator]:
    with Simulator(token=DEMO_TOKEN, speed=1, accounts=[ONE], failure_rate=0.0, short_clips=True) as s:
        yield s



def test_a_starred_take_is_in_the_table_after_a_restart_and_kept_only_downloads_fetch_it_alone(
    qtbot: QtBot, make_window: object, data_dir: Path, sim: Simulator, tmp_path: Path
) -> None:
    jobid = sim.submit("a song with two takes", email=ONE.email)
    sim.force(jobid, outcome="completed", pending_s=0)
    window: MainWindow = make_window()  # type: ignore[operator]
    attach_demo_backend(qtbot, window, data_dir, sim.base_url)
    window.controller.add_ids([jobid])
    qtbot.waitUntil(lambda: (v := window.model.job(jobid)) is not None and v.clip_count == 2, timeout=20_000)
    window.select_jobids([jobid])
    qtbot.waitUntil(lambda: len(window.detail.take_buttons) == 2, timeout=20_000)
    window.detail.show_take(1)
    card = window.detail.shown_card
    assert card is not None
    card.keep.click()
    row = window.model.row_of(jobid)
    assert row is not None and window.model.index(row, Column.KEPT).data() == "★ B"
    # Beside the title, where it reads with the song it marks.
    header = window.table.horizontalHeader()
    assert header.visualIndex(Column.KEPT) == header.visualIndex(Column.TITLE) + 1
    qtbot.waitUntil(lambda: window.backend is not None and window.backend.tracker.unsaved == 0, timeout=5000)
    window.shutdown()

    # A new start reads it from the store.
    with JobStore(data_dir / JobStore.FILENAME) as store:
        assert store.get(jobid).kept == (card.clip.clip,)  # type: ignore[union-attr]
    again: MainWindow = make_window()  # type: ignore[operator]
    attach_demo_backend(qtbot, again, data_dir, sim.base_url)
    qtbot.waitUntil(lambda: again.model.row_of(jobid) is not None, timeout=10_000)
    row = again.model.row_of(jobid)
    assert row is not None and again.model.index(row, Column.KEPT).data() == "★ B"

    # Kept takes only: Download clips fetches take B and not take A.
    folder = tmp_path / "songs"
    again.options.set(opt.DOWNLOAD_DIR, str(folder))
    kept_only = again.acts.act_kept_only
    assert kept_only.isCheckable() and not kept_only.isChecked()
    kept_only.trigger()
    assert again.options.get(opt.DOWNLOAD_KEPT_ONLY) is True
    again.select_jobids([jobid])
    again.acts.act_download_jobs.trigger()
    queue = again.downloads
    qtbot.waitUntil(lambda: bool(queue.items()) and all(i.state is DownloadState.DONE for i in queue.items()),
                    timeout=30_000)  # fmt: skip
    assert [i.clip for i in queue.items()] == [card.clip.clip]
    assert len([p for p in folder.rglob("*") if p.is_file() and p.suffix == ".m4a"]) == 1


def test_kept_only_with_no_kept_take_downloads_nothing_and_says_why(qtbot: QtBot, window: MainWindow) -> None:
    window.options.set(opt.DOWNLOAD_KEPT_ONLY, True)
    said: list[str] = []
    window.bridge.status_posted.connect(lambda text, _ms: said.append(text))
    window.downloads_coordinator.download_jobs([view(3)])
    assert not window.downloads.items()
    assert any("No kept takes" in text for text in said)


def test_the_choice_is_in_settings_too_and_the_menu_follows_it(qtbot: QtBot, window: MainWindow) -> None:
    from flowmusic_gui.ui.downloads.settings import DownloadSettingsGroup

    group = DownloadSettingsGroup(window.options)
    qtbot.addWidget(group)
    assert not group.kept_only.isChecked()
    group.kept_only.setChecked(True)
    group.apply(window.options)
    assert window.options.get(opt.DOWNLOAD_KEPT_ONLY) is True
    window.commands.update_actions()  # as any selection change does
    assert window.acts.act_kept_only.isChecked()
    window.acts.act_kept_only.trigger()
    assert window.options.get(opt.DOWNLOAD_KEPT_ONLY) is False
    group.load(window.options)
    assert not group.kept_only.isChecked()

"""The studio in the window: New song (Ctrl+N, toolbar, File menu) queues songs that show as rows until the API
makes them, counted by the filter and the status bar; Make from this take and Make again open their forms."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QMenu
from pytestqt.qtbot import QtBot

from flowmusic_gui.simulator import DEMO_TOKEN, Simulator
from flowmusic_gui.simulator.accounts import Account
from flowmusic_gui.ui.jobs.filter import StatusFilter
from flowmusic_gui.ui.main_window import MainWindow
from flowmusic_gui.ui.studio.edit_take import EditTakeDialog
from flowmusic_gui.ui.studio.new_song import NewSongDialog

from ..conftest import attach_demo_backend

ONE = Account("one@example.com", user_id="31", max_jobs=1, credits=1000)


@pytest.fixture
def sim() -> Iterator[Simulator]:
    # One slot and slow songs: the second song waits in the queue, a row of its own.
    with Simulator(token=DEMO_TOKEN, speed=1, accounts=[ONE], failure_rate=0.0, short_clips=True) as s:
        yield s



def test_new_song_is_ctrl_n_in_the_toolbar_and_the_file_menu(window: MainWindow) -> None:
    assert window.acts.act_new_song.shortcut() == QKeySequence("Ctrl+N")
    assert window.acts.act_new_song in window.toolbar.actions()
    file_menu = window.menuBar().actions()[0].menu()
    assert isinstance(file_menu, QMenu) and window.acts.act_new_song in file_menu.actions()
    assert window.acts.act_add.shortcut() != QKeySequence("Ctrl+N")


def test_queued_songs_are_rows_counted_by_the_filter_and_status_bar_until_made(
    qtbot: QtBot, window: MainWindow, data_dir: Path, sim: Simulator
) -> None:
    attach_demo_backend(qtbot, window, data_dir, sim.base_url)
    studio = window.studio
    assert studio is not None

    def answer(dialog: NewSongDialog) -> bool:
        dialog.prompt.setPlainText("lofi, rain")
        dialog.count.setValue(2)
        return True

    studio.ask_new_song = answer
    window.acts.act_new_song.trigger()
    # Both are rows at once; the first is sent to the one free slot, the second waits for it.
    qtbot.waitUntil(lambda: len(sim.submitted_requests()) == 1, timeout=15_000)
    qtbot.waitUntil(lambda: any(v.submission is None for v in window.model.jobs()), timeout=15_000)
    queued = [v for v in window.model.jobs() if v.submission is not None]
    assert len(queued) == 1
    row = window.model.row_of(queued[0].jobid)
    assert row is not None
    status = window.model.index(row, 0).data()
    assert status.startswith("Queued: waiting for a free slot")
    assert "1 song queued" in window.status.counts_label.text()
    combo = window.filters.filter_combo
    index = combo.findData(StatusFilter.QUEUED.value)
    assert combo.itemText(index).endswith("(1)")
    made = [v for v in window.model.jobs() if v.submission is None]
    assert made[0].jobid == sim.jobs_with_ref(sim.submitted_requests()[0]["replyRef"])[0]


def test_make_again_opens_the_form_with_every_field_as_sent(
    qtbot: QtBot, window: MainWindow, data_dir: Path, sim: Simulator
) -> None:
    jobid = sim.submit("jazz trio, brushed drums", email=ONE.email, lyrics="[Verse]\nsmoke", ghostwriter="pro")
    sim.force(jobid, outcome="completed", pending_s=0)  # a running job's record is not read while the list shows it
    attach_demo_backend(qtbot, window, data_dir, sim.base_url)
    window.controller.add_ids([jobid])
    qtbot.waitUntil(lambda: (v := window.model.job(jobid)) is not None and v.record is not None, timeout=20_000)
    window.select_jobids([jobid])
    assert window.acts.act_make_again.isEnabled()
    studio = window.studio
    assert studio is not None
    seen: list[NewSongDialog] = []
    def look(dialog: NewSongDialog) -> bool:
        seen.append(dialog)
        return False  # look, do not send

    studio.ask_new_song = look
    window.acts.act_make_again.trigger()
    (dialog,) = seen
    assert dialog.bodies() == [{"prompt": "jazz trio, brushed drums", "lyrics": "[Verse]\nsmoke", "ghostwriter": "pro"}]
    assert dialog.chosen_account() == ONE.email


def test_make_from_this_take_opens_the_edit_form_on_that_clip(
    qtbot: QtBot, window: MainWindow, data_dir: Path, sim: Simulator
) -> None:
    jobid = sim.submit("a source song", email=ONE.email)
    sim.force(jobid, outcome="completed", pending_s=0)
    attach_demo_backend(qtbot, window, data_dir, sim.base_url)
    window.controller.add_ids([jobid])
    qtbot.waitUntil(lambda: (v := window.model.job(jobid)) is not None and v.clip_count == 2, timeout=20_000)
    window.select_jobids([jobid])
    qtbot.waitUntil(lambda: window.detail.shown_card is not None, timeout=20_000)
    card = window.detail.shown_card
    assert card is not None
    studio = window.studio
    assert studio is not None
    seen: list[EditTakeDialog] = []
    def look(dialog: EditTakeDialog) -> bool:
        seen.append(dialog)
        return False

    studio.ask_edit = look
    card._fill_make_menu()  # as opening the menu does
    action = next(a for a in card.make_menu.menu().actions() if a.data() == "replace")
    action.trigger()
    (dialog,) = seen
    assert dialog.current_operation() == "replace"
    assert dialog.take.clip == card.clip.clip and dialog.region.isVisibleTo(dialog)


def test_a_song_not_made_is_a_row_that_send_again_sends(
    qtbot: QtBot, window: MainWindow, data_dir: Path, sim: Simulator
) -> None:
    import dataclasses
    from datetime import datetime, timezone

    from flowmusic_gui.core.store import JobStore
    from flowmusic_gui.core.submissions import SubmissionState, new_submission

    now = datetime.now(timezone.utc)
    sub = dataclasses.replace(new_submission("music", {"prompt": "lost one"}, email=None, now=now),
                              state=SubmissionState.NOT_MADE, error="no job was made")  # fmt: skip
    with JobStore(data_dir / JobStore.FILENAME) as store:
        store.add_submissions([sub])
    attach_demo_backend(qtbot, window, data_dir, sim.base_url)
    jobid = f"queued:{sub.ref}"
    qtbot.waitUntil(lambda: window.model.job(jobid) is not None, timeout=20_000)
    row = window.model.row_of(jobid)
    assert row is not None and window.model.index(row, 0).data().startswith("Not sent: no job was made")
    window.select_jobids([jobid])
    assert window.acts.act_send_again.isEnabled()
    window.acts.act_send_again.trigger()
    qtbot.waitUntil(lambda: [r.get("replyRef") for r in sim.submitted_requests()] == [sub.ref], timeout=15_000)
    qtbot.waitUntil(lambda: window.model.job(jobid) is None, timeout=15_000)


def test_the_credit_floor_is_a_setting_the_queue_obeys(
    qtbot: QtBot, window: MainWindow, data_dir: Path, sim: Simulator
) -> None:
    from flowmusic_gui.ui import options as opt
    from flowmusic_gui.ui.dialogs.settings import SettingsDialog

    dialog = SettingsDialog(None, window.options)
    qtbot.addWidget(dialog)
    dialog.min_credits.setValue(1500)  # above the account's 1,000: nothing may be sent there
    assert dialog.apply()
    assert window.options.get(opt.MIN_CREDITS) == 1500
    attach_demo_backend(qtbot, window, data_dir, sim.base_url)
    studio = window.studio
    assert studio is not None
    studio.queue_songs("music", [{"prompt": "not below the floor"}], None)
    notices: list[str] = []
    studio.notice.connect(notices.append)
    qtbot.waitUntil(lambda: any("floor" in n for n in notices), timeout=15_000)
    assert sim.submitted_requests() == []

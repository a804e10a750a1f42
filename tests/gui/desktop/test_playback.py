"""Next, Previous and Play follow the table's order; keeping them up to date costs what changed, not the table."""

from __future__ import annotations

from datetime import timedelta

import pytest
from pytestqt.qtbot import QtBot

from flowmusic_gui.core.records import JobState
from flowmusic_gui.engine.types import JobView
from flowmusic_gui.ui.detail.player import Player
from flowmusic_gui.ui.main_window import MainWindow

from ..conftest import T0, view


@pytest.fixture(autouse=True)
def _silent_player(monkeypatch: pytest.MonkeyPatch) -> None:
    """The player loads the clip without decoding it (the decoders have tests of their own)."""

    def play(self: Player, key: str, url: str | None, start_s: float | None = None) -> None:
        self._key = key
        self.state_changed.emit(key, False)

    monkeypatch.setattr(Player, "play", play)


def pending(i: int) -> JobView:
    return JobView(jobid=f"job:{i:08x}-0000-4000-8000-000000000000-user:1001-me@example.com-bot:flowmusic",
                   state=JobState.PENDING, added_at=T0 + timedelta(hours=1, seconds=i))  # fmt: skip


def test_next_and_previous_skip_pending_rows_in_table_order(window: MainWindow) -> None:
    songs = [view(i, clips=1) for i in range(3)]  # newest last: the table shows them newest first
    window.model.set_jobs([*songs, *(pending(i) for i in range(50))])
    window.binding.after_rows_changed()
    media = window.media
    order = [v.jobid for v in window.ordered_views() if v.state is JobState.COMPLETED]
    assert media.play_job(order[0])
    assert media.state.can_previous is False and media.state.can_next is True
    media.next()
    assert window.selected_jobids() == [order[1]]
    media.next()
    assert window.selected_jobids() == [order[2]] and media.state.can_next is False
    media.previous()
    assert window.selected_jobids() == [order[1]]


def test_a_row_change_does_not_walk_the_table(
    window: MainWindow, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    rows = [pending(i) for i in range(10_000)]
    song = view(1, clips=2)
    window.binding._on_jobs_loaded([*rows, song])
    qtbot.waitUntil(lambda: window.model.rowCount() == 10_001, timeout=20_000)
    media = window.media
    assert media.play_job(song.jobid)
    walks: list[int] = []
    original = window.selection.ordered_views
    def counted() -> list[JobView]:
        walks.append(1)
        return original()

    monkeypatch.setattr(window.selection, "ordered_views", counted)
    for row in rows[:200]:  # a stream of polls: each pending row changes
        window.binding._on_job_changed(JobView(jobid=row.jobid, state=JobState.PENDING, added_at=row.added_at,
                                               poll_count=1))  # fmt: skip
        media.refresh()
    assert walks == []
    assert media.state.can_next  # the song's second take
    media.next()
    media.refresh()
    assert walks == [] and media.state.track_id.startswith("/org/mpris/")

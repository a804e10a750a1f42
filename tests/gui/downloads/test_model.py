"""The Downloads panel's rows as a user reads them: the title, the format, how far it got ("40% of 2.5 MB",
"Done, 2.5 MB (1 warning)", "Failed: ..."), speed and time left only while running, and one row changed at a
time as the queue moves."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from flowmusic_gui.core.store import DownloadState
from flowmusic_gui.engine.downloads import DownloadItem
from flowmusic_gui.ui.downloads.model import Column, DownloadsModel, Role, eta_text, state_text


def item(n: int = 1, state: DownloadState = DownloadState.RUNNING, **kw: object) -> DownloadItem:
    fields: dict[str, object] = {"bytes_done": 1_000_000, "total": 2_500_000, "speed": 250_000.0, "eta_s": 6.0}
    fields.update(kw)
    return DownloadItem(n, f"clip-{n}", "wav", None, f"Song {n}", Path(f"/music/Song {n}.wav"), state,
                        **fields)  # type: ignore[arg-type]


def texts(model: DownloadsModel, row: int = 0) -> dict[Column, str]:
    return {col: model.index(row, col).data() for col in Column}


def test_the_model_passes_qt_model_checks(qtmodeltester: object) -> None:
    model = DownloadsModel()
    model.update(DownloadItem(1, "c", "mp3", None, "<b>t</b>", Path("/x/t.mp3"), DownloadState.RUNNING, 10, 100,
                              speed=1000.0, eta_s=5))
    qtmodeltester.check(model)  # type: ignore[attr-defined]
    assert model.index(0, Column.STATE).data() == "10% of 0 KB"
    tooltip = model.index(0, Column.TITLE).data(Qt.ItemDataRole.ToolTipRole)
    assert tooltip == "<qt>&lt;b&gt;t&lt;/b&gt;</qt>"  # a title is plain text, even in a tooltip


def test_a_running_download_shows_progress_speed_and_time_left() -> None:
    model = DownloadsModel()
    model.update(item())
    assert texts(model) == {
        Column.TITLE: "Song 1", Column.FORMAT: "wav", Column.STATE: "40% of 2.5 MB",
        Column.SPEED: "250 KB/s", Column.REMAINING: "0:06", Column.FILE: "/music/Song 1.wav",
    }
    assert model.index(0, 0).data(Role.FRACTION) == 0.4
    assert model.index(0, 0).data(Role.ITEM).clip == "clip-1"
    assert [model.headerData(c, Qt.Orientation.Horizontal) for c in Column] == [
        "Title", "Format", "Progress", "Speed", "Remaining", "File"]


def test_a_finished_row_says_how_it_ended_and_drops_speed_and_time_left() -> None:
    done = item(state=DownloadState.DONE, bytes_done=2_500_000, warnings=("the cover could not be embedded",))
    assert state_text(done) == "Done, 2.5 MB (1 warning)"
    model = DownloadsModel()
    model.update(done)
    row = texts(model)
    assert row[Column.SPEED] == "" and row[Column.REMAINING] == ""
    assert model.index(0, 0).data(Role.FRACTION) == 1.0
    # The warning itself is in the Progress cell's tooltip, as plain text.
    assert "the cover could not be embedded" in model.index(0, Column.STATE).data(Qt.ItemDataRole.ToolTipRole)
    assert state_text(item(state=DownloadState.FAILED, problem="the server answered 404")) == (
        "Failed: the server answered 404")
    assert state_text(item(state=DownloadState.FAILED, problem=None)) == "Failed: unknown reason"
    assert state_text(item(state=DownloadState.CANCELLED)) == "Cancelled"
    assert state_text(item(state=DownloadState.QUEUED)) == "Queued"
    assert state_text(item(state=DownloadState.DONE, skipped=True)) == "Already downloaded"


def test_a_running_download_between_tries_says_why_and_an_unknown_size_reads_what_arrived() -> None:
    assert state_text(item(problem="connection reset; trying again in 4 s")) == "connection reset; trying again in 4 s"
    unknown = item(total=None, bytes_done=830_000)
    assert state_text(unknown) == "830 KB"
    model = DownloadsModel()
    model.update(unknown)
    assert model.index(0, 0).data(Role.FRACTION) == -1.0  # the bar shows "busy", not a made-up fraction


def test_time_left_uses_the_stopwatch_format_and_hides_when_unknown() -> None:
    assert eta_text(None) == "" and eta_text(-1) == ""
    assert eta_text(0) == "0:00" and eta_text(75) == "1:15" and eta_text(3725) == "1:02:05"


def test_an_update_changes_its_own_row_only_and_remove_drops_rows(qtbot: QtBot) -> None:
    model = DownloadsModel()
    for n in (1, 2, 3):
        model.update(item(n))
    assert model.rowCount() == 3 and model.row_of(2) == 1
    with qtbot.waitSignal(model.dataChanged, timeout=1000) as changed:
        model.update(item(2, bytes_done=2_000_000))
    first, last = changed.args[:2]
    assert (first.row(), last.row()) == (1, 1)  # one row repainted, not the table
    assert model.index(1, Column.STATE).data() == "80% of 2.5 MB"
    model.remove((1, 3, 99))
    left = model.item_at(0)
    assert model.rowCount() == 1 and model.row_of(2) == 0 and left is not None and left.clip == "clip-2"
    assert model.item_at(5) is None and model.row_of(1) is None
    model.remove((42,))  # nothing of ours: no reset
    assert model.rowCount() == 1

"""The detail pane's footer as a user reads it: "Playing: title" with pause/resume and stop, the progress of
Download all WAVs and how it ended (failures listed in the tooltip as plain text), why the player cannot play,
and a passing status line that hides when empty."""

from __future__ import annotations

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from flowmusic_gui.ui.detail.footer import PaneFooter


def footer(qtbot: QtBot) -> PaneFooter:
    f = PaneFooter()
    qtbot.addWidget(f)
    f.show()
    qtbot.waitExposed(f)
    return f


def test_now_playing_says_the_title_and_its_buttons_ask_the_pane(qtbot: QtBot) -> None:
    f = footer(qtbot)
    assert not f.now_playing.isVisible()
    f.show_now_playing("<b>Neon Rain</b>", playing=True)
    assert f.now_playing.isVisible()
    assert f.now_label.text() == "Playing: <b>Neon Rain</b>"
    assert f.now_label.textFormat() is Qt.TextFormat.PlainText  # a server's title is never rendered as markup
    f.show_now_playing("Neon Rain", playing=False)
    assert f.now_label.text() == "Paused: Neon Rain"
    with qtbot.waitSignal(f.toggle_clicked, timeout=1000):
        qtbot.mouseClick(f.now_toggle, Qt.MouseButton.LeftButton)
    with qtbot.waitSignal(f.stop_clicked, timeout=1000):
        qtbot.mouseClick(f.now_stop, Qt.MouseButton.LeftButton)
    assert f.now_stop.accessibleName() == "Stop playback"
    f.show_now_playing(None, playing=False)
    assert not f.now_playing.isVisible()


def test_download_all_wavs_shows_its_progress_then_how_it_ended(qtbot: QtBot) -> None:
    f = footer(qtbot)
    assert not f.bulk.isVisible()
    f.show_bulk_progress(1, 4, 1.5)
    assert f.bulk.isVisible() and f.bulk_cancel.isVisible()
    assert f.bulk_label.text() == "Downloading WAVs: 1 of 4 done"
    assert f.bulk_bar.value() == 375  # 1.5 of 4 files' worth
    with qtbot.waitSignal(f.cancel_bulk_clicked, timeout=1000):
        qtbot.mouseClick(f.bulk_cancel, Qt.MouseButton.LeftButton)
    f.show_bulk_done(2, 1, ["<i>Take B</i>: the server answered 404"])
    assert f.bulk_label.text() == "Downloaded 2 WAVs, 1 already there, 1 failed."
    assert not f.bulk_cancel.isVisible()
    assert f.bulk_bar.value() == f.bulk_bar.maximum()
    assert "&lt;i&gt;Take B&lt;/i&gt;" in f.bulk_label.toolTip()  # the failure, as plain text
    f.show_bulk_done(1, 0, [])
    assert f.bulk_label.text() == "Downloaded 1 WAV."
    f.hide_bulk()
    assert not f.bulk.isVisible()


def test_the_player_note_and_the_passing_status(qtbot: QtBot) -> None:
    f = footer(qtbot)
    assert not f.player_note.isVisible() and not f.status.isVisible()
    f.show_player_note("Playback is unavailable: the multimedia libraries are missing.")
    assert f.player_note.isVisible() and f.player_note.text().startswith("Playback is unavailable")
    f.set_status("Copied the link.")
    assert f.status.isVisible() and f.status.text() == "Copied the link."
    f.set_status("")
    assert not f.status.isVisible()

"""The detail view as a "now playing" view: one take at a time, lyrics that follow the song, a timing offset."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QWheelEvent
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from flowmusic_gui.core.lyrics import format_position
from flowmusic_gui.core.records import JobState, parse_record
from flowmusic_gui.engine.downloads import DownloadQueue
from flowmusic_gui.engine.tasks import TaskRunner
from flowmusic_gui.engine.types import JobView
from flowmusic_gui.ui.detail import lyrics_view
from flowmusic_gui.ui.detail.offsets import MemoryOffsets
from flowmusic_gui.ui.detail.pane import DetailPane

from ..conftest import T0, jobid

LYRICS = "[Verse 1]\n" + "\n".join(f"line {i}" for i in range(1, 31)) + "\n\n[Chorus]\nla la\nla la la"
TIMING = [[2.0 + 4 * i, 5.5 + 4 * i] for i in range(32)]


def song(n: int = 1, *, clips: int = 2, lyrics: str | None = LYRICS, timing: Any = TIMING,
         operation: str | None = None) -> JobView:
    raw: dict[str, Any] = {
        "jobid": jobid(n), "email": "me@example.com", "status": "completed",
        "created_at": "2026-03-01T12:00:00Z", "completed_at": "2026-03-01T12:02:19Z", "duration_ms": 139_164,
        "request": {"prompt": "a song"},
        "clips": [
            {"clip": f"user:1001-me@example.com-clip:{i:08x}-1234-4234-8234-123456789abc",
             "title": f"Take {i}", "duration_s": 140.0, "lyrics": lyrics, "lyrics_timing": timing,
             "audio_url": "https://media.example/a.m4a", "wav_url": "https://media.example/a.wav"}
            for i in range(clips)
        ],
    }
    if operation:
        raw["operation"] = operation
    return JobView(jobid=jobid(n), state=JobState.COMPLETED, added_at=T0, record=parse_record(raw))


def test_one_take_at_a_time_with_a_switch(pane: DetailPane, qtbot: QtBot) -> None:
    pane.set_job(song())
    buttons = pane.take_buttons
    assert [b.text() for b in buttons] == ["A", "B"]
    assert buttons[0].isChecked()
    first, second = pane.cards
    assert first.isVisible() and not second.isVisible()
    qtbot.mouseClick(buttons[1], Qt.MouseButton.LeftButton)
    assert second.isVisible() and not first.isVisible()
    assert pane.shown_card is second


def test_stems_are_switched_by_their_names(pane: DetailPane) -> None:
    view = song(2, clips=4, operation="stems")
    pane.set_job(view)
    assert [b.text() for b in pane.take_buttons] == ["Take 0", "Take 1", "Take 2", "Take 3"]


def test_the_lyrics_fill_the_height_left(pane: DetailPane, qtbot: QtBot) -> None:
    pane.resize(560, 1000)
    pane.set_job(song())
    card = pane.cards[0]
    assert card.lyrics is not None
    lines = card.lyrics.lines
    qtbot.waitUntil(lambda: lines.height() > 200, timeout=3000)
    before = lines.height()
    pane.resize(560, 1400)
    # The lyrics take the extra height: no fixed box of a few lines.
    qtbot.waitUntil(lambda: lines.height() >= before + 350, timeout=3000)
    # No scroll box inside a scroll box: the pane itself does not scroll.
    assert not pane.scroller.verticalScrollBar().isVisible()


def test_a_line_becomes_current_at_its_start_and_is_labelled_by_it(pane: DetailPane) -> None:
    pane.set_job(song())
    card = pane.cards[0]
    lyrics = card.lyrics
    assert lyrics is not None
    item = lyrics.item_for_marker(1)
    assert item is not None and item.text(0) == "0:06"  # 6.0 s
    card.set_position(5.99)
    assert lyrics.active_marker == 0
    card.set_position(6.0)
    assert lyrics.active_marker == 1
    assert card.time.text().startswith("0:06 /")
    assert format_position(7.6) == "0:07"  # the clock counts down to the second, like a player's


def test_past_lines_dim_and_section_headers_read_as_headers(pane: DetailPane) -> None:
    pane.set_job(song())
    card = pane.cards[0]
    lyrics = card.lyrics
    assert lyrics is not None
    card.set_position(2.0 + 4 * 5)
    assert lyrics.active_marker == 5
    assert all(lyrics.is_dimmed(m) for m in range(5))
    assert not lyrics.is_dimmed(5) and not lyrics.is_dimmed(6)
    card.set_position(2.0)  # back to the start: nothing sung yet
    assert not any(lyrics.is_dimmed(m) for m in range(6))
    headers = [h.text(1) for h in lyrics.headers]
    assert headers == ["Verse 1", "Chorus"]
    assert lyrics.headers[0].font(1).bold()


def test_the_current_line_is_kept_in_view_and_scrolling_by_hand_pauses_it(
    pane: DetailPane, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    now = [100.0]
    monkeypatch.setattr(lyrics_view.time, "monotonic", lambda: now[0])
    pane.resize(560, 700)
    pane.set_job(song())
    card = pane.cards[0]
    lyrics = card.lyrics
    assert lyrics is not None
    lyrics._clock = lambda: now[0]
    tree = lyrics.lines
    bar = tree.verticalScrollBar()
    qtbot.waitUntil(lambda: bar.maximum() > 0, timeout=3000)

    def in_view(marker: int) -> bool:
        item = lyrics.item_for_marker(marker)
        assert item is not None
        rect = tree.visualItemRect(item)
        return rect.top() >= 0 and rect.bottom() <= tree.viewport().height()

    card.set_position(2.0 + 4 * 25)
    qtbot.waitUntil(lambda: in_view(25), timeout=3000)  # a smooth scroll, then there
    # The user scrolls back to the top to read: the follow waits.
    QApplication.sendEvent(tree.viewport(), QWheelEvent(
        QPointF(10, 10), QPointF(tree.viewport().mapToGlobal(QPoint(10, 10))), QPoint(0, 0), QPoint(0, 120),
        Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier, Qt.ScrollPhase.NoScrollPhase, False))
    bar.setValue(0)
    card.set_position(2.0 + 4 * 27)
    assert lyrics.active_marker == 27 and bar.value() == 0 and not lyrics.following
    now[0] += lyrics_view.FOLLOW_PAUSE_S + 0.1
    card.set_position(2.0 + 4 * 28)
    qtbot.waitUntil(lambda: in_view(28), timeout=3000)


def test_clicking_a_line_seeks_there(qtbot: QtBot) -> None:
    from flowmusic_gui.ui.detail.clip_card import ClipCard

    record = song().record
    assert record is not None
    card = ClipCard(record.clips[0], 0)  # alone: what the pane does with a seek is the media tests' part
    qtbot.addWidget(card)
    asked: list[tuple[str, float]] = []
    card.seek_requested.connect(lambda key, s: asked.append((key, s)))
    assert card.lyrics is not None
    item = card.lyrics.item_for_marker(3)
    assert item is not None
    card.lyrics.lines.itemClicked.emit(item, 1)
    assert asked == [(card.key, TIMING[3][0])]


def test_a_timing_offset_moves_the_highlight_and_is_remembered_per_clip(
    qtbot: QtBot, tmp_path: Any, runner: TaskRunner, downloads: DownloadQueue
) -> None:
    offsets = MemoryOffsets()
    pane = DetailPane(download_dir=lambda: tmp_path, offsets=offsets, runner=runner, downloads=downloads)
    qtbot.addWidget(pane)
    try:
        pane.set_job(song())
        card = pane.cards[0]
        assert card.offset_label is not None and card.offset_label.text() == "+0.0 s"
        card.set_position(6.1)
        assert card.lyrics is not None and card.lyrics.active_marker == 1
        for _ in range(3):
            card.offset_later.click()  # the timing ran early: show the lyrics later
        assert card.offset_label.text() == "+0.3 s"
        assert card.lyrics.active_marker == 0  # 6.1 s is now before line 2's 6.0 + 0.3
        assert card.clip.clip is not None and offsets.get(card.clip.clip) == pytest.approx(0.3)
        assert offsets.get(pane.cards[1].clip.clip or "") == 0.0  # the other take keeps its own
        card.offset_earlier.click()
        assert card.offset_label.text() == "+0.2 s"
        # Shown again (another pane, as after a restart): the offset is back.
        again = DetailPane(download_dir=lambda: tmp_path, offsets=offsets, runner=runner, downloads=downloads)
        qtbot.addWidget(again)
        try:
            again.set_job(song())
            assert again.cards[0].offset == pytest.approx(0.2)
        finally:
            again.shutdown()
    finally:
        pane.shutdown()


def test_an_instrumental_shows_its_cover_not_an_empty_lyrics_box(pane: DetailPane) -> None:
    pane.set_job(song(3, lyrics=None, timing=None))
    card = pane.cards[0]
    assert card.lyrics is None
    assert card.big_cover is not None and card.big_cover.isVisibleTo(pane)
    assert card.big_cover.pixmap() is not None and not card.big_cover.pixmap().isNull()


def test_the_facts_fold_away_and_the_id_is_elided_in_the_middle(pane: DetailPane, qtbot: QtBot) -> None:
    from PySide6.QtGui import QGuiApplication
    from PySide6.QtWidgets import QLabel, QToolButton

    from flowmusic_gui.ui.detail.elided import MiddleElidedLabel

    pane.resize(420, 900)
    pane.set_job(song())
    assert pane.facts is not None and pane.facts_toggle is not None
    assert not pane.facts.isVisibleTo(pane)  # a finished song: the lyrics get the room
    line = pane.findChild(QLabel, "factsLine")
    assert line is not None and "me@example.com" in line.text() and "made in 2:19" in line.text()
    pane.facts_toggle.click()
    assert pane.facts.isVisibleTo(pane)
    label = pane.findChild(MiddleElidedLabel, "field:Job id")
    assert label is not None
    qtbot.waitUntil(lambda: "…" in label.text(), timeout=3000)
    assert label.text().startswith("job:") and label.text().endswith("flowmusic")
    assert jobid(1) in label.toolTip()
    copy = next(b for b in pane.facts.findChildren(QToolButton) if b.toolTip() == "Copy the job id")
    copy.click()
    assert QGuiApplication.clipboard().text() == jobid(1)
    # The next finished song opens the same way; a pending one always shows its facts.
    pane.set_job(song(2))
    assert pane.facts is not None and pane.facts.isVisibleTo(pane)


def test_the_actions_are_compact_menus(pane: DetailPane, qtbot: QtBot) -> None:
    pane.set_job(song())
    card = pane.cards[0]
    # One row of four: Open ▾, Download ▾, Copy link, Export ▾, not two rows of wide buttons.
    row = [card.open_menu, card.download_menu, card.copy_link, card.export]
    assert len({b.geometry().top() for b in row}) == 1
    open_menu, download_menu, export_menu = (b.menu() for b in (card.open_menu, card.download_menu, card.export))
    assert [a.text() for a in open_menu.actions()] == ["Audio (m4a)", "WAV"]
    assert [a.text() for a in download_menu.actions()] == ["Audio (m4a)", "WAV", "mp3"]
    assert [a.text() for a in export_menu.actions()] == [
        "Job record (.json)…", "Lyrics as text (.txt)…", "Synced lyrics (.lrc)…"]
    asked: list[tuple[str, str]] = []
    card.download_requested.connect(lambda key, kind: asked.append((key, kind)))
    card.download_mp3.trigger()
    assert asked == [(card.key, "mp3")]
    # The whole clip id is copied, not the elided text on show.
    copied: list[str] = []
    card.copy_requested.connect(lambda text, _what: copied.append(text))
    card.copy_id.click()
    assert copied == [card.clip.clip]


def test_mp3_from_the_menu_goes_through_the_downloads_queue(pane: DetailPane, qtbot: QtBot) -> None:
    pane.set_job(song())
    card = pane.cards[0]
    card.download_mp3.trigger()
    # The pane's queue has no API client here: the queue itself refuses and says why on the card.
    row = card.downloads["mp3"]
    qtbot.waitUntil(lambda: "mp3" in row.status.text() and not row.bar.isVisible(), timeout=10_000)
    assert "API token" in row.status.text()

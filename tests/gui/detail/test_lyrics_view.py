"""A clip's lyrics as a user reads them while the song plays: section headers without brackets, each sung line
with its time, a click on a line asking to seek there, the current line emphasised with the lines already sung
dimmed, the follow paused after scrolling by hand, and timing that does not pair listed on its own."""

from __future__ import annotations

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from flowmusic_gui.core.lyrics import pair
from flowmusic_gui.ui.detail.lyrics_view import FOLLOW_PAUSE_S, LyricsView

LYRICS = "[Verse]\nNeon rain on the window\n<b>City</b> lights below\nWe keep on walking"
TIMING = [(1.0, 4.0), (4.5, 9.0), (9.5, 14.0)]


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def lyrics_view(qtbot: QtBot, lyrics: str = LYRICS, timing: list[tuple[float, float]] | None = None,
                clock: Clock | None = None) -> LyricsView:
    v = LyricsView(pair(lyrics, TIMING if timing is None else timing), clock=clock or Clock())
    qtbot.addWidget(v)
    v.resize(420, 300)
    v.show()
    qtbot.waitExposed(v)
    return v


def rows(v: LyricsView) -> list[tuple[str, str]]:
    return [(v.lines.topLevelItem(i).text(0), v.lines.topLevelItem(i).text(1))  # type: ignore[union-attr]
            for i in range(v.lines.topLevelItemCount())]


def test_lines_read_with_their_times_and_a_header_without_brackets(qtbot: QtBot) -> None:
    v = lyrics_view(qtbot)
    assert rows(v) == [("", "Verse"), ("0:01", "Neon rain on the window"), ("0:04", "<b>City</b> lights below"),
                       ("0:09", "We keep on walking")]
    assert not v.lines.isColumnHidden(0)
    assert v.markers is None  # paired: no separate list
    assert v.lines.accessibleName() == "Lyrics"


def test_a_click_on_a_line_asks_to_seek_to_it(qtbot: QtBot) -> None:
    v = lyrics_view(qtbot)
    item = v.item_for_marker(1)
    assert item is not None
    rect = v.lines.visualItemRect(item)
    with qtbot.waitSignal(v.seek_requested, timeout=1000) as seek:
        qtbot.mouseClick(v.lines.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert seek.args == [4.5]


def test_the_current_line_is_emphasised_and_those_sung_dim(qtbot: QtBot) -> None:
    v = lyrics_view(qtbot)
    v.set_active_marker(1)
    assert v.active_marker == 1 and v.active_text() == "<b>City</b> lights below"
    item = v.item_for_marker(1)
    assert item is not None and item.font(1).bold()
    assert v.is_dimmed(0) and not v.is_dimmed(2)
    v.set_active_marker(2)  # the song goes on
    assert v.is_dimmed(1) and not item.font(1).bold()
    v.set_active_marker(0)  # a seek back: what follows reads normally again
    assert not v.is_dimmed(1) and not v.is_dimmed(2)
    v.set_active_marker(None)
    assert v.active_text() is None


def test_scrolling_by_hand_pauses_the_follow_for_a_while(qtbot: QtBot) -> None:
    clock = Clock()
    v = lyrics_view(qtbot, clock=clock)
    assert v.following
    v.pause_follow()
    assert not v.following
    clock.now += FOLLOW_PAUSE_S + 0.1
    assert v.following


def test_timing_that_does_not_pair_is_listed_on_its_own(qtbot: QtBot) -> None:
    v = lyrics_view(qtbot, timing=[(1.0, 2.0), (3.0, 4.0)])  # two markers, three sung lines
    assert v.lines.isColumnHidden(0)
    assert v.markers is not None and v.markers.topLevelItemCount() == 2
    assert v.markers.accessibleName() == "Timing markers"
    assert v.markers.topLevelItem(0).text(0) == "0:01.0 – 0:02.0"  # type: ignore[union-attr]
    v.set_active_marker(1)
    assert v.active_text() == "0:03.0 – 0:04.0"
    first = v.markers.topLevelItem(0)
    assert first is not None
    with qtbot.waitSignal(v.seek_requested, timeout=1000) as seek:
        qtbot.mouseClick(v.markers.viewport(), Qt.MouseButton.LeftButton, pos=v.markers.visualItemRect(first).center())
    assert seek.args == [1.0]

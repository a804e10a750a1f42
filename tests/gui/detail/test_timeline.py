"""The lyrics timing strip: a block per sung line laid out over the clip's length, the playing line drawn in the
accent colour, and a click on a line (or between lines) seeking there."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QColor, QPalette, QTextDocument
from pytestqt.qtbot import QtBot

from flowmusic_gui.ui.detail.timeline import TimelineStrip


def shown(tooltip: str) -> str:
    """The tooltip as it reads on screen (it is rich text: Qt wraps it)."""
    doc = QTextDocument()
    doc.setHtml(tooltip)
    return doc.toPlainText().replace("\u2028", "\n")


MARKERS = [(0.0, 10.0), (20.0, 30.0), (50.0, 60.0)]


@pytest.fixture
def strip(qtbot: QtBot) -> TimelineStrip:
    s = TimelineStrip()
    qtbot.addWidget(s)
    s.resize(404, 30)  # a 400-px track: 4 px a second over a 100-s clip
    s.set_markers(MARKERS, 100.0, labels=["first line", "second line", ""])
    s.show()
    qtbot.waitExposed(s)
    return s


def test_markers_sit_where_their_lines_are_sung(strip: TimelineStrip) -> None:
    lefts = [round(strip.marker_rect(i).left()) for i in range(3)]
    widths = [round(strip.marker_rect(i).width()) for i in range(3)]
    assert lefts == [2, 82, 202] and widths == [40, 40, 40]
    assert strip.marker_at(100) == 1 and strip.marker_at(150) is None


def test_a_clip_shorter_than_its_last_line_is_stretched_to_hold_it(qtbot: QtBot) -> None:
    s = TimelineStrip()
    qtbot.addWidget(s)
    s.resize(404, 30)
    s.set_markers([(0.0, 50.0), (150.0, 200.0)], 100.0)  # the record says 100 s, the lyrics run to 200 s
    assert s.marker_rect(1).right() <= 402.5
    s.set_markers([(1.0, 2.0)], None)  # no duration at all: still laid out, nothing divides by zero
    assert s.marker_rect(0).width() > 0


def test_clicking_a_line_seeks_to_its_start(qtbot: QtBot, strip: TimelineStrip) -> None:
    clicked: list[int] = []
    strip.marker_clicked.connect(clicked.append)
    with qtbot.waitSignal(strip.seek_requested, timeout=2000) as blocker:
        qtbot.mouseClick(strip, Qt.MouseButton.LeftButton, pos=QPoint(100, 15))
    assert clicked == [1] and blocker.args == [20.0]


def test_clicking_between_lines_seeks_to_that_moment(qtbot: QtBot, strip: TimelineStrip) -> None:
    with qtbot.waitSignal(strip.seek_requested, timeout=2000) as blocker:
        qtbot.mouseClick(strip, Qt.MouseButton.LeftButton, pos=QPoint(162, 15))
    assert blocker.args is not None and blocker.args[0] == pytest.approx(40.0, abs=0.5)


def test_a_right_click_does_not_seek(qtbot: QtBot, strip: TimelineStrip) -> None:
    seeks: list[float] = []
    strip.seek_requested.connect(seeks.append)
    qtbot.mouseClick(strip, Qt.MouseButton.RightButton, pos=QPoint(100, 15))
    assert seeks == []


def test_the_playing_line_is_drawn_in_the_accent_colour(strip: TimelineStrip) -> None:
    accent = strip.palette().color(QPalette.ColorRole.Highlight)

    def colour_at(x: int) -> QColor:
        return strip.grab().toImage().pixelColor(x, 15)

    before = colour_at(100)
    strip.set_position(25.0, 1)
    assert strip.active == 1
    now = colour_at(100)
    assert now != before and now.rgb() == accent.rgb()
    assert colour_at(20).rgb() != accent.rgb()  # the other lines stay soft


def test_the_tooltip_gives_the_times_and_the_line_as_plain_text(strip: TimelineStrip) -> None:
    assert shown(strip.marker_tooltip(1)) == "0:20.0 – 0:30.0\nsecond line"
    strip.set_markers([(0.0, 5.0)], 10.0, labels=["<b>loud</b> & clear"])
    tip = strip.marker_tooltip(0)
    assert "<b>" not in tip and shown(tip) == "0:00.0 – 0:05.0\n<b>loud</b> & clear"

"""Lyric lines, marker pairing, the LRC export and clock text."""

from __future__ import annotations

from typing import Any

import pytest

from flowmusic_gui.core.lyrics import (
    active_marker,
    clean_markers,
    format_clock,
    is_sung_line,
    lrc_text,
    lyrics_text,
    pair,
)

LYRICS = "[Verse]\nNeon rain on the window\n\nCity hums a low refrain\n[Chorus]\nWe run, we run\n"
TIMING = [[1.0, 3.5], [4.0, 6.25], [70.5, 72.0]]


@pytest.mark.parametrize(
    ("line", "sung"),
    [
        ("Neon rain", True),
        ("[Chorus]", False),
        ("  [Verse 2]  ", False),
        ("", False),
        ("   ", False),
        ("[Chorus] we sing", True),
        ("(ooh)", True),
    ],
)
def test_sung_lines_exclude_headers_and_blanks(line: str, sung: bool) -> None:
    assert is_sung_line(line) is sung


def test_markers_pair_with_sung_lines_when_counts_match() -> None:
    p = pair(LYRICS, TIMING)
    assert p.paired
    sung = [(line.text, line.marker) for line in p.lines if line.marker is not None]
    assert sung == [("Neon rain on the window", 0), ("City hums a low refrain", 1), ("We run, we run", 2)]
    assert [line.marker for line in p.lines if not line.sung] == [None, None, None]
    assert p.line_of_marker(2) == 5


def test_markers_stand_alone_when_counts_differ() -> None:
    p = pair(LYRICS, TIMING[:2])
    assert not p.paired
    assert all(line.marker is None for line in p.lines)
    assert p.markers == ((1.0, 3.5), (4.0, 6.25))
    assert p.line_of_marker(0) is None
    assert lrc_text(p) is None


@pytest.mark.parametrize("timing", [None, []])
def test_no_timing_means_unpaired(timing: list[list[float]] | None) -> None:
    assert not pair(LYRICS, timing).paired


def test_bad_markers_are_dropped() -> None:
    hostile: Any = [[1, 2], [3], ["x", 4], [5, 4], [float("nan"), 1], [-1, 2], None, [6, 7]]
    assert clean_markers(hostile) == (
        (1.0, 2.0),
        (6.0, 7.0),
    )


def test_no_lyrics() -> None:
    p = pair(None, TIMING)
    assert p.lines == ()
    assert not p.paired
    assert lyrics_text(None) == ""


def test_active_marker_holds_through_gaps_and_clears_after_the_last() -> None:
    markers = clean_markers(TIMING)
    assert active_marker(markers, 0.5) is None
    assert active_marker(markers, 1.0) == 0
    assert active_marker(markers, 3.8) == 0  # the gap before the next line keeps the previous one
    assert active_marker(markers, 5.0) == 1
    assert active_marker(markers, 71.0) == 2
    assert active_marker(markers, 72.5) is None
    assert active_marker((), 3.0) is None


def test_lrc_export_content() -> None:
    text = lrc_text(pair(LYRICS, TIMING), title="Neon\nRain", duration_s=151.4)
    assert text == (
        "[ti:Neon Rain]\n"
        "[length:02:31]\n"
        "[00:01.00]Neon rain on the window\n"
        "[00:04.00]City hums a low refrain\n"
        "[01:10.50]We run, we run\n"
    )


def test_lyrics_txt_keeps_headers_and_blank_lines() -> None:
    assert lyrics_text(LYRICS) == LYRICS


@pytest.mark.parametrize(
    ("seconds", "text", "tenths"),
    [(0, "0:00", False), (59.6, "1:00", False), (151.4, "2:31", False), (None, "—", False),
     (float("nan"), "—", False), (-1, "—", False), (61.25, "1:01.3", True), (3600, "60:00", False)],
)
def test_clock(seconds: float | None, text: str, tenths: bool) -> None:
    assert format_clock(seconds, tenths=tenths) == text


def test_huge_lyrics_give_their_lines_on_demand_with_the_same_pairing() -> None:
    texts = [f"[Part {i}]" if i % 10 == 0 else f"line {i}" for i in range(10_000)]
    sung = [t for t in texts if not t.startswith("[")]
    timing = tuple((float(i), float(i) + 0.5) for i in range(len(sung)))
    p = pair("\n".join(texts), timing, checked=True)
    assert p.paired and len(p.lines) == 10_000 and p.sung_count == 9_000
    head = p.lines[:500]
    assert len(head) == 500 and [ln.text for ln in head] == texts[:500]
    assert [ln.marker for ln in head[:3]] == [None, 0, 1]
    assert p.lines[-1] == p.lines[9_999] and p.lines[-1].marker == 8_999
    assert p.line_of_marker(8_999) == 9_999 and p.line_of_marker(9) == 11 and p.line_of_marker(9_000) is None
    assert p.marker_texts()[:2] == ["line 1", "line 2"] and len(p.marker_texts()) == 9_000
    assert list(p.lines) == list(pair("\n".join(texts), list(timing)).lines)
    with pytest.raises(IndexError):
        p.lines[10_000]


def test_unpaired_markers_have_no_text() -> None:
    assert pair(LYRICS, TIMING[:2]).marker_texts() == ["", ""]


def test_shift_timing_moves_every_marker_and_never_before_the_start() -> None:
    from flowmusic_gui.core.lyrics import clean_offset, shift_timing

    assert shift_timing([(1.0, 2.0), (3.0, 4.5)], 0.5) == ((1.5, 2.5), (3.5, 5.0))
    assert shift_timing([(0.2, 1.0), (3.0, 4.0)], -0.5) == ((0.0, 0.5), (2.5, 3.5))
    assert shift_timing(None, 1.0) is None
    assert shift_timing([(1.0, 2.0), ("x", 3)], 0.0) == ((1.0, 2.0),)  # type: ignore[list-item]
    assert [clean_offset(v) for v in ("0.3", None, "abc", "nan", 61, -2)] == [0.3, 0.0, 0.0, 0.0, 0.0, -2.0]

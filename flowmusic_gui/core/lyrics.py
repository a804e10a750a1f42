"""Lyrics and timing without Qt: sung lines, marker pairing, LRC export, clock text."""

from __future__ import annotations

import bisect
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass

Marker = tuple[float, float]

# A line made only of a bracketed tag ("[Chorus]", "[Verse 2]", "[Instrumental break]") names a section.
_SECTION_RE = re.compile(r"^\s*\[[^\[\]]*\]\s*$")


def is_sung_line(line: str) -> bool:
    """True for a line someone sings: neither blank nor a ``[Section]`` header."""
    return bool(line.strip()) and not _SECTION_RE.match(line)


def split_lines(lyrics: str | None) -> list[str]:
    """The lyrics' lines as shown (trailing spaces trimmed); an empty list for no lyrics."""
    if not lyrics:
        return []
    return [line.rstrip() for line in lyrics.splitlines()]


@dataclass(frozen=True)
class LyricLine:
    text: str
    sung: bool
    marker: int | None  # index into the clip's markers when paired, else None


@dataclass(frozen=True)
class Pairing:
    """The lyric lines of one clip, its timing markers, and whether each sung line has its marker."""

    lines: tuple[LyricLine, ...]
    markers: tuple[Marker, ...]
    paired: bool

    def line_of_marker(self, marker: int) -> int | None:
        """The index into ``lines`` of the line that ``marker`` belongs to, when paired."""
        if not self.paired:
            return None
        for i, line in enumerate(self.lines):
            if line.marker == marker:
                return i
        return None


def clean_markers(timing: Sequence[Sequence[float]] | None) -> tuple[Marker, ...]:
    """Finite, non-negative ``(start, end)`` pairs with end >= start; anything else is dropped."""
    out: list[Marker] = []
    for item in timing or ():
        try:
            start, end = float(item[0]), float(item[1])
        except (TypeError, ValueError, IndexError):
            continue
        if math.isfinite(start) and math.isfinite(end) and 0 <= start <= end:
            out.append((start, end))
    return tuple(out)


def pair(
    lyrics: str | None, timing: Sequence[Sequence[float]] | None, *, checked: bool = False
) -> Pairing:
    """Pair markers with sung lines, in order, only when their counts match; otherwise leave them apart.

    ``checked``: ``timing`` is a parsed record's (a tuple of finite, ordered pairs already), so the per-marker
    check is skipped; for 200,000 markers it cost a selection 60 ms.
    """
    texts = split_lines(lyrics)
    markers = tuple(timing) if checked and isinstance(timing, tuple) else clean_markers(timing)
    sung = [is_sung_line(t) for t in texts]
    paired = bool(markers) and sum(sung) == len(markers)
    lines: list[LyricLine] = []
    next_marker = 0
    for text, is_sung in zip(texts, sung, strict=True):
        marker = None
        if paired and is_sung:
            marker = next_marker
            next_marker += 1
        lines.append(LyricLine(text=text, sung=is_sung, marker=marker))
    return Pairing(lines=tuple(lines), markers=markers, paired=paired)


def active_marker(markers: Sequence[Marker], position_s: float) -> int | None:
    """The marker being sung at ``position_s``: the last one started, held through the gap before the next,
    none before the first starts or after the last ends."""
    if not markers:
        return None
    starts = [m[0] for m in markers]
    i = bisect.bisect_right(starts, position_s) - 1
    if i < 0:
        return None
    if i == len(markers) - 1 and position_s > markers[i][1]:
        return None
    return i


def _half_up(value: float) -> int:
    # round() rounds halves to even (61.25 s -> "1:01.2"); people expect halves to go up.
    return math.floor(value + 0.5)


def format_clock(seconds: float | None, *, tenths: bool = False) -> str:
    """``m:ss`` (or ``m:ss.t``) for a duration; an em dash for none."""
    if seconds is None or not math.isfinite(seconds) or seconds < 0:
        return "—"
    if tenths:
        tenth_total = _half_up(seconds * 10)
        minutes, rest = divmod(tenth_total, 600)
        return f"{minutes}:{rest // 10:02d}.{rest % 10}"
    total = _half_up(seconds)
    minutes, secs = divmod(total, 60)
    return f"{minutes}:{secs:02d}"


def _lrc_stamp(seconds: float) -> str:
    hundredths = _half_up(seconds * 100)
    minutes, rest = divmod(hundredths, 6000)
    return f"[{minutes:02d}:{rest // 100:02d}.{rest % 100:02d}]"


def _one_line(text: str) -> str:
    return " ".join(text.split())


def lrc_text(pairing: Pairing, *, title: str | None = None, duration_s: float | None = None) -> str | None:
    """Synced lyrics in LRC form for a paired clip (``None`` when the markers do not pair with lines)."""
    if not pairing.paired:
        return None
    out: list[str] = []
    if title and title.strip():
        out.append(f"[ti:{_one_line(title)}]")
    if duration_s is not None and math.isfinite(duration_s) and duration_s > 0:
        total = _half_up(duration_s)
        out.append(f"[length:{total // 60:02d}:{total % 60:02d}]")
    for line in pairing.lines:
        if line.marker is not None:
            out.append(_lrc_stamp(pairing.markers[line.marker][0]) + _one_line(line.text))
    return "\n".join(out) + "\n"


def lyrics_text(lyrics: str | None) -> str:
    """The lyrics as a .txt file's content (lines as given, one newline at the end)."""
    lines = split_lines(lyrics)
    return "\n".join(lines) + "\n" if lines else ""

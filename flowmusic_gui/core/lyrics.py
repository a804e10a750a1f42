"""Lyrics and timing without Qt: sung lines, marker pairing, LRC export, clock text."""

from __future__ import annotations

import bisect
import math
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from itertools import accumulate
from typing import overload

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


class LyricLines(Sequence[LyricLine]):
    """A clip's lines, each made a `LyricLine` only when asked for.

    A selection lists at most a few hundred rows, but a song's lyrics can run to 10,000 lines or more; making an
    object of every line cost the GUI thread 10 ms a selection, where the texts and their sung flags cost 2.
    """

    __slots__ = ("_before", "_paired", "_sung", "_texts", "sung_count")

    def __init__(self, texts: Sequence[str] = (), sung: Sequence[bool] = (), *, paired: bool = False) -> None:
        self._texts = tuple(texts)
        self._sung = tuple(sung)
        self._paired = paired
        self.sung_count = sum(self._sung)
        # _before[i]: how many sung lines come before line i, which is line i's marker when paired.
        self._before: tuple[int, ...] = (0, *accumulate(self._sung)) if paired else ()

    def _line(self, i: int) -> LyricLine:
        sung = self._sung[i]
        return LyricLine(text=self._texts[i], sung=sung, marker=self._before[i] if self._paired and sung else None)

    def __len__(self) -> int:
        return len(self._texts)

    @overload
    def __getitem__(self, index: int) -> LyricLine: ...
    @overload
    def __getitem__(self, index: slice) -> tuple[LyricLine, ...]: ...
    def __getitem__(self, index: int | slice) -> LyricLine | tuple[LyricLine, ...]:
        if isinstance(index, slice):
            return tuple(self._line(i) for i in range(*index.indices(len(self._texts))))
        if index < 0:
            index += len(self._texts)
        if not 0 <= index < len(self._texts):
            raise IndexError("lyric line index out of range")
        return self._line(index)

    def __iter__(self) -> Iterator[LyricLine]:
        return (self._line(i) for i in range(len(self._texts)))

    def __eq__(self, other: object) -> bool:
        if isinstance(other, LyricLines):
            return (self._texts, self._sung, self._paired) == (other._texts, other._sung, other._paired)
        if isinstance(other, tuple | list):
            return tuple(self) == tuple(other)
        return NotImplemented

    def __hash__(self) -> int:
        return hash((self._texts, self._sung, self._paired))

    def __repr__(self) -> str:
        return f"LyricLines({len(self._texts)} lines, {self.sung_count} sung, paired={self._paired})"

    def marker_line(self, marker: int) -> int | None:
        """The index of the line that carries ``marker`` (paired lines only)."""
        if not self._paired or not 0 <= marker < self.sung_count:
            return None
        # The marker-th sung line is the first line with marker + 1 sung lines up to and including it.
        return bisect.bisect_left(self._before, marker + 1) - 1

    def sung_texts(self) -> list[str]:
        return [text for text, sung in zip(self._texts, self._sung, strict=True) if sung]


@dataclass(frozen=True)
class Pairing:
    """The lyric lines of one clip, its timing markers, and whether each sung line has its marker."""

    lines: LyricLines
    markers: tuple[Marker, ...]
    paired: bool

    @property
    def sung_count(self) -> int:
        """How many of the lines are sung (neither blank nor a section header)."""
        return self.lines.sung_count

    def line_of_marker(self, marker: int) -> int | None:
        """The index into ``lines`` of the line that ``marker`` belongs to, when paired."""
        return self.lines.marker_line(marker) if self.paired else None

    def marker_texts(self) -> list[str]:
        """Each marker's lyric line when paired, else an empty text for each (a label per marker)."""
        if self.paired:
            return self.lines.sung_texts()
        return [""] * len(self.markers)


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


#: The largest lyrics timing offset a clip keeps (seconds either way); beyond it a stored value is ignored.
OFFSET_LIMIT_S = 60.0


def offset_key(clip_id: str) -> str:
    """The settings key under which a clip's lyrics timing offset is kept (clip ids hold ':' and '@')."""
    import hashlib

    return "lyric_offsets/" + hashlib.sha256(clip_id.encode("utf-8", "replace")).hexdigest()[:24]


def clean_offset(value: object) -> float:
    """A stored offset as seconds: 0 for anything missing, malformed or beyond the limit."""
    try:
        seconds = float(value) if value is not None else 0.0  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return 0.0
    return seconds if math.isfinite(seconds) and -OFFSET_LIMIT_S <= seconds <= OFFSET_LIMIT_S else 0.0


def shift_timing(
    timing: Sequence[Sequence[float]] | None, offset_s: float
) -> tuple[tuple[float, float], ...] | None:
    """The timing as the user corrected it: every marker ``offset_s`` later (earlier when negative), never
    before 0. Used for what the app makes from a clip (the .lrc, SYLT), so it matches what the window shows."""
    if timing is None or not offset_s:
        return None if timing is None else tuple((float(m[0]), float(m[1])) for m in clean_markers(timing))
    markers = clean_markers(timing)
    return tuple((round(max(0.0, a + offset_s), 3), round(max(0.0, b + offset_s), 3)) for a, b in markers)


def pair(
    lyrics: str | None, timing: Sequence[Sequence[float]] | None, *, checked: bool = False
) -> Pairing:
    """Pair markers with sung lines, in order, only when their counts match; otherwise leave them apart.

    ``checked``: ``timing`` is a parsed record's (a tuple of finite, ordered pairs already), so the per-marker
    check is skipped; for 200,000 markers it cost a selection 60 ms.
    """
    texts = split_lines(lyrics)
    markers = tuple(timing) if checked and isinstance(timing, tuple) else clean_markers(timing)
    # is_sung_line for lines split_lines trimmed: a blank one is empty, and only one with a "[" can be a header
    # (a tenth of the time: 10,000 lines cost a selection 3-5 ms one call a line).
    sung = [bool(t) and ("[" not in t or not _SECTION_RE.match(t)) for t in texts]
    paired = bool(markers) and sum(sung) == len(markers)
    return Pairing(lines=LyricLines(texts, sung, paired=paired), markers=markers, paired=paired)


def active_marker(markers: Sequence[Marker], position_s: float, offset_s: float = 0.0) -> int | None:
    """The marker being sung at ``position_s``: the last one started (a line is current from its start time on),
    held through the gap before the next, none before the first starts or after the last ends.

    ``offset_s`` moves the timing later (positive) or earlier, for songs whose markers run early or late.
    """
    if not markers:
        return None
    position_s -= offset_s
    starts = [m[0] for m in markers]
    i = bisect.bisect_right(starts, position_s + 1e-9) - 1
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


def format_position(seconds: float | None, *, tenths: bool = False) -> str:
    """A point in a song as players show it: ``m:ss`` counted down to the second (``m:ss.t`` to the tenth).

    A clock that rounds would say 0:08 from 7.5 s on, half a second before a line that starts at 8.0 s is
    current; counted down, a line labelled 0:08 becomes current while the clock says 0:08.
    """
    if seconds is None or not math.isfinite(seconds) or seconds < 0:
        return "—"
    if tenths:
        tenth_total = math.floor(seconds * 10 + 1e-6)  # 0.3 * 10 is 2.9999999999999996
        minutes, rest = divmod(tenth_total, 600)
        return f"{minutes}:{rest // 10:02d}.{rest % 10}"
    minutes, secs = divmod(math.floor(seconds + 1e-6), 60)
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

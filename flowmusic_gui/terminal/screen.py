"""Where readable lines go: a plain stream (a pipe, a log), or a terminal with a status block redrawn in place.

Both take every line through `plain`, so no text reaches the terminal without passing that one gate.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Sequence
from typing import IO

from flowmusic_gui.terminal.text import plain

# Cursor up N lines (to column 1), then clear from there to the end of the screen.
_UP = "\x1b[{n}F"
_CLEAR_BELOW = "\x1b[J"


class PlainScreen:
    """Lines written as they come; a status block has no place in a log, so it is dropped."""

    live = False

    def __init__(self, out: IO[str], err: IO[str]) -> None:
        self._out = out
        self._err = err
        self._gone: set[int] = set()  # streams whose reader went away (`flowmusic watch | head`)

    def line(self, text: str, *, err: bool = False) -> None:
        self._write(self._err if err else self._out, plain(text) + "\n")

    def _write(self, stream: IO[str], text: str) -> None:
        # A closed pipe ends the output, not the watch: the exit code must still say how the jobs ended.
        if id(stream) in self._gone:
            return
        try:
            stream.write(text)
            stream.flush()
        except BrokenPipeError:
            self._gone.add(id(stream))

    def status(self, lines: Sequence[str]) -> None:
        """Nothing: a pipe gets its progress as lines (see WatchProgress), not a block redrawn in place."""

    def close(self) -> None:
        """Nothing to take down."""


class LiveScreen(PlainScreen):
    """A terminal: permanent lines scroll up as usual, under them a status block is redrawn in place.

    The block is erased before anything else is written (to stdout or stderr: both reach the same terminal)
    and drawn again after, so warnings and results never mix with it. Each status line is cut to the
    terminal's width, and the block to its height, so the cursor arithmetic stays true.
    """

    live = True

    def __init__(self, out: IO[str], err: IO[str]) -> None:
        super().__init__(out, err)
        self._lines: list[str] = []
        self._shown = 0  # lines of the block now on screen

    def line(self, text: str, *, err: bool = False) -> None:
        self._erase()
        super().line(text, err=err)
        self._draw()

    def status(self, lines: Sequence[str]) -> None:
        fitted = self._fit([plain(t) for t in lines])
        if fitted == self._lines and self._shown == len(fitted):
            return
        self._erase()
        self._lines = fitted
        self._draw()

    def close(self) -> None:
        self._erase()
        self._lines = []

    def _fit(self, lines: list[str]) -> list[str]:
        size = shutil.get_terminal_size()
        width = max(10, size.columns - 1)  # never the last column: some terminals wrap there
        room = max(1, size.lines - 2)
        if len(lines) > room:
            hidden = len(lines) - room + 1
            lines = [*lines[: room - 1], f"… and {hidden} more"]
        return [t if len(t) <= width else t[: width - 1] + "…" for t in lines]

    def _erase(self) -> None:
        if self._shown:
            self._write(self._out, _UP.format(n=self._shown) + _CLEAR_BELOW)
            self._shown = 0

    def _draw(self) -> None:
        if self._lines:
            self._write(self._out, "".join(t + "\n" for t in self._lines))
            self._shown = len(self._lines)


def screen_for(out: IO[str], err: IO[str]) -> PlainScreen:
    """A LiveScreen when ``out`` is a terminal that understands cursor movement, else a PlainScreen."""
    try:
        tty = out.isatty()
    except (AttributeError, ValueError):
        tty = False
    if tty and os.environ.get("TERM", "") not in ("", "dumb"):
        return LiveScreen(out, err)
    return PlainScreen(out, err)

"""The one gate every readable line of the command line passes through before it reaches a terminal or a log."""

from __future__ import annotations

from flowmusic_gui.core.output import printable


def plain(text: str) -> str:
    """``text`` as one printable line: control and bidirectional characters are shown as escapes, never obeyed.

    Every readable line the command line prints comes through here (the escaping itself is core's, shared).
    """
    return printable(text)


"""The one gate every readable line of the command line passes through before it reaches a terminal or a log."""

from __future__ import annotations

import re

# C0 and C1 controls and DEL (a title holding ESC could move the cursor, a CR or backspace overwrite a line), and
# the bidirectional marks, overrides and isolates that make text read in another order than it is written.
_UNSAFE_RE = re.compile("[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def plain(text: str) -> str:
    """``text`` as one printable line: control and bidirectional characters are shown as escapes, never obeyed."""
    return _UNSAFE_RE.sub(_escape, text)


def format_elapsed(seconds: float) -> str:
    """``m:ss`` under an hour, else ``h:mm:ss`` (what a person reads off a stopwatch)."""
    total = max(0, int(seconds))
    hours, rest = divmod(total, 3600)
    minutes, secs = divmod(rest, 60)
    if hours:
        return f"{hours}:{minutes:02d}:{secs:02d}"
    return f"{minutes}:{secs:02d}"

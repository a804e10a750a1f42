"""How long something has taken, as a person reads it off a stopwatch: shared by the window and the terminal."""

from __future__ import annotations

import math


def format_elapsed(seconds: float) -> str:
    """``m:ss`` under an hour, else ``h:mm:ss``."""
    total = max(0, int(seconds))
    hours, rest = divmod(total, 3600)
    minutes, secs = divmod(rest, 60)
    if hours:
        return f"{hours}:{minutes:02d}:{secs:02d}"
    return f"{minutes}:{secs:02d}"


def format_took(seconds: float) -> str:
    """How long something finished took (a song's generation): rounded to the whole second before the unit is
    chosen, so 59.6 s reads ``1:00`` and 3599.6 s ``1:00:00``. A running stopwatch (`format_elapsed`) truncates
    instead, so that it never shows a second that has not passed yet."""
    return format_elapsed(round(seconds)) if math.isfinite(seconds) else "?"

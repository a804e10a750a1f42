"""How long something has taken, as a person reads it off a stopwatch: shared by the window and the terminal."""

from __future__ import annotations


def format_elapsed(seconds: float) -> str:
    """``m:ss`` under an hour, else ``h:mm:ss``."""
    total = max(0, int(seconds))
    hours, rest = divmod(total, 3600)
    minutes, secs = divmod(rest, 60)
    if hours:
        return f"{hours}:{minutes:02d}:{secs:02d}"
    return f"{minutes}:{secs:02d}"

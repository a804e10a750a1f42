"""Helpers that keep text from the API plain: tooltips that never interpret markup, durations, times."""

from __future__ import annotations

from datetime import datetime


def plain_tooltip(text: str) -> str:
    """A tooltip that shows ``text`` verbatim.

    QToolTip guesses rich text (Qt::mightBeRichText), so a title such as ``<b>x</b>`` would render bold.
    Escaping alone would then show ``&lt;``; wrapping the escaped text in ``<qt>`` forces rich text that
    displays exactly the original characters.
    """
    if not text:
        return ""
    import html  # only when a tooltip is made, after the first paint

    body = html.escape(text, quote=False).replace("\n", "<br>")
    return f"<qt>{body}</qt>"


def format_elapsed(seconds: float) -> str:
    """``m:ss`` under an hour, else ``h:mm:ss``."""
    total = max(0, int(seconds))
    hours, rest = divmod(total, 3600)
    minutes, secs = divmod(rest, 60)
    if hours:
        return f"{hours}:{minutes:02d}:{secs:02d}"
    return f"{minutes}:{secs:02d}"


def format_generation(seconds: float | None) -> str:
    if seconds is None:
        return ""
    if seconds < 60:
        return f"{seconds:.0f} s"
    return format_elapsed(seconds)


def format_local(dt: datetime | None) -> str:
    """An aware datetime in the local time zone, to the minute."""
    if dt is None:
        return ""
    return dt.astimezone().strftime("%Y-%m-%d %H:%M")

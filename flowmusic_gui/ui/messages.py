"""The message bridge: code anywhere says what the user should know; the window decides how to show it.

A part reports through the bridge it was given (``bridge.notice(...)``, ``bridge.status(...)``) and never reaches
for the window's bars or labels; the window connects the bridge to its notice line, activity list and status bar.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import NamedTuple

from PySide6.QtCore import QObject, Signal

from flowmusic_gui.ui.activity import Kind

#: A button beside a message: its text and what it does (Undo, Show all, Accounts…).
Action = tuple[str, Callable[[], None]]


class Message(NamedTuple):
    """One thing to tell the user, as plain data (the window chooses the bar, the list and the fade). A NamedTuple:
    ``dataclasses`` is not loaded before the window's first paint, which makes the bridge."""

    text: str
    kind: Kind = Kind.INFO
    action: Action | None = None
    tooltip: str = ""
    hold_ms: int = 0  # kept up (and ahead of others) this long, then it fades
    record: bool = True  # kept in the activity list too


class MessageBridge(QObject):
    """One per window: ``posted`` carries a ``Message``, ``status_posted`` a passing status-bar line."""

    posted = Signal(object)  # Message
    status_posted = Signal(str, int)  # text ("" clears), milliseconds it stays (0: until replaced)

    def notice(
        self,
        text: str,
        *,
        action: Action | None = None,
        tooltip: str = "",
        kind: Kind = Kind.INFO,
        hold_ms: int = 0,
        record: bool = True,
    ) -> None:
        self.posted.emit(Message(text, kind, action, tooltip, hold_ms, record))

    def problem(self, text: str, *, tooltip: str = "", action: Action | None = None) -> None:
        """Something is wrong: it stays until dismissed, and it is not hidden by news that matters less."""
        self.notice(text, tooltip=tooltip, action=action, kind=Kind.PROBLEM)

    def status(self, text: str, timeout_ms: int = 0) -> None:
        """A passing line in the status bar ("Copied 3 job ids"); an empty text clears it."""
        self.status_posted.emit(text, timeout_ms)

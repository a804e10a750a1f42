"""The activity list: every notice the window gave (songs ready, failures, problems, hand-offs) with its time.

A notice in the bar above the table is replaced by the next one; the list keeps them all (the newest few
hundred). This is the model only: the bell that counts the unseen ones is ``activity_button.py``, the list it
opens ``activity_list.py``; both read this, and this imports neither.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable
from enum import IntEnum
from typing import TYPE_CHECKING, NamedTuple

from PySide6.QtCore import QObject, Signal

if TYPE_CHECKING:
    from datetime import datetime

MAX_EVENTS = 500


class Kind(IntEnum):
    """How much an event matters; a notice in the bar gives way only to one that matters as much or more."""

    INFO = 0  # fades by itself
    SONG = 1  # a job ended: a song ready, a failure, a job the API will not show
    PROBLEM = 2  # stays until dismissed or fixed


class Event(NamedTuple):
    """One event (a NamedTuple, and ``datetime`` imported when the first comes: neither ``dataclasses`` nor
    ``datetime`` is loaded before the window's first paint, which makes this log)."""

    at: datetime
    kind: Kind
    text: str
    detail: str = ""
    #: The icon that says how it ended (a job's state icon: completed, failed, cancelled); "" for the kind's own.
    icon: str = ""


def _local_now() -> datetime:
    from datetime import datetime

    return datetime.now().astimezone()


class ActivityLog(QObject):
    """The window's events, newest last; ``unseen`` counts those added since the list was last opened."""

    changed = Signal()

    def __init__(self, parent: QObject | None = None, *, now: Callable[[], datetime] | None = None) -> None:
        super().__init__(parent)
        self._events: deque[Event] = deque(maxlen=MAX_EVENTS)
        self._unseen = 0
        self._now = now or _local_now

    def add(self, kind: Kind, text: str, detail: str = "", *, icon: str = "") -> Event:
        event = Event(self._now(), kind, text, detail, icon)
        self._events.append(event)
        self._unseen = min(self._unseen + 1, MAX_EVENTS)
        self.changed.emit()
        return event

    @property
    def events(self) -> list[Event]:
        """Newest first."""
        return list(reversed(self._events))

    @property
    def unseen(self) -> int:
        return self._unseen

    def mark_seen(self) -> None:
        if self._unseen:
            self._unseen = 0
            self.changed.emit()

    def clear(self) -> None:
        self._events.clear()
        self._unseen = 0
        self.changed.emit()

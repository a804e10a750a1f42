"""The activity list: every notice the window gave (songs ready, failures, problems, hand-offs) with its time.

A notice in the bar above the table is replaced by the next one; the list keeps them all (the newest few
hundred), and a bell in the status bar counts those not seen yet.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from enum import IntEnum
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QPoint, Qt, Signal
from PySide6.QtWidgets import QToolButton, QWidget

from flowmusic_gui.ui import icons

if TYPE_CHECKING:
    from flowmusic_gui.ui.activity_list import ActivityPopup

MAX_EVENTS = 500


class Kind(IntEnum):
    """How much an event matters; a notice in the bar gives way only to one that matters as much or more."""

    INFO = 0  # fades by itself
    SONG = 1  # a job ended: a song ready, a failure, a job the API will not show
    PROBLEM = 2  # stays until dismissed or fixed


@dataclass(frozen=True)
class Event:
    at: datetime
    kind: Kind
    text: str
    detail: str = ""
    #: The icon that says how it ended (a job's state icon: completed, failed, cancelled); "" for the kind's own.
    icon: str = ""


class ActivityLog(QObject):
    """The window's events, newest last; ``unseen`` counts those added since the list was last opened."""

    changed = Signal()

    def __init__(self, parent: QObject | None = None, *, now: Callable[[], datetime] | None = None) -> None:
        super().__init__(parent)
        self._events: deque[Event] = deque(maxlen=MAX_EVENTS)
        self._unseen = 0
        self._now = now or (lambda: datetime.now().astimezone())

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


class ActivityButton(QToolButton):
    """The bell in the status bar: the count of unseen events; a click opens the list."""

    def __init__(self, log: ActivityLog, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("activityButton")
        self.setAccessibleName(self.tr("Recent activity"))
        self.setAutoRaise(True)
        self.setIcon(icons.icon("bell"))
        self.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self._log = log
        self.popup: ActivityPopup | None = None
        log.changed.connect(self._update)
        self.clicked.connect(self.open_list)
        self._update()

    def _update(self) -> None:
        n = self._log.unseen
        self.setText(f"{n:,}" if n else "")
        if n:
            self.setToolTip(self.tr("%n new events: show recent activity", "", n))
        else:
            self.setToolTip(self.tr("Show recent activity"))

    def open_list(self) -> ActivityPopup:
        if self.popup is None:
            from flowmusic_gui.ui.activity_list import ActivityPopup  # not needed for the first paint

            self.popup = ActivityPopup(self._log, self)
        popup = self.popup
        popup.refresh()
        # Above the button, kept on the window's screen.
        corner = self.mapToGlobal(QPoint(self.width(), 0))
        popup.move(corner.x() - popup.width(), corner.y() - popup.height() - 4)
        popup.show()
        self._log.mark_seen()
        return popup

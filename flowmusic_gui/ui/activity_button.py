"""The bell in the status bar: how many events are unseen; a click opens the list (``activity_list.py``)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QPoint
from PySide6.QtWidgets import QToolButton, QWidget

from flowmusic_gui.ui import icons
from flowmusic_gui.ui.activity import ActivityLog
from flowmusic_gui.ui.lazy_qt import TEXT_BESIDE_ICON

if TYPE_CHECKING:
    from flowmusic_gui.ui.activity_list import ActivityPopup


class ActivityButton(QToolButton):
    """The bell in the status bar: the count of unseen events; a click opens the list."""

    def __init__(self, log: ActivityLog, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("activityButton")
        self.setAccessibleName(self.tr("Recent activity"))
        self.setAutoRaise(True)
        self.setIcon(icons.icon("bell"))
        self.setProperty("toolButtonStyle", TEXT_BESIDE_ICON)  # an int through Qt's property: lazy_qt
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

"""The popup list of recent events the status bar's bell opens (see ui/activity.py)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from flowmusic_gui.ui import icons
from flowmusic_gui.ui.activity import ActivityLog, Kind
from flowmusic_gui.ui.text import elide, plain_label, plain_tooltip

EVENT_SHOWN = 400  # characters of an event's text in the list; the whole in its tooltip

_KIND_ICON = {Kind.INFO: "info", Kind.SONG: "music", Kind.PROBLEM: "state-problem"}


class ActivityPopup(QFrame):
    """The list of recent events, opened from the bell; closes when it loses focus, like a menu."""

    def __init__(self, log: ActivityLog, parent: QWidget | None = None) -> None:
        super().__init__(parent, Qt.WindowType.Popup)
        self.setObjectName("activityPopup")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self._log = log
        lay = QVBoxLayout(self)
        lay.setContentsMargins(8, 8, 8, 8)
        head = QHBoxLayout()
        title = plain_label(self.tr("Recent activity"))
        font = title.font()
        font.setBold(True)
        title.setFont(font)
        self.clear_button = QPushButton(self.tr("Clear"))
        self.clear_button.clicked.connect(log.clear)
        head.addWidget(title, 1)
        head.addWidget(self.clear_button)
        lay.addLayout(head)
        self.list = QListWidget()
        self.list.setObjectName("activityList")
        self.list.setWordWrap(True)
        self.list.setUniformItemSizes(False)
        lay.addWidget(self.list, 1)
        self.empty = plain_label(
            self.tr("Nothing yet: finished songs, failures and problems are listed here."), wrap=True
        )
        lay.addWidget(self.empty)
        self.resize(460, 360)
        log.changed.connect(self.refresh)
        self.refresh()

    def refresh(self) -> None:
        self.list.clear()
        events = self._log.events
        for event in events:
            stamp = event.at.strftime("%H:%M:%S")
            # QListWidgetItem text is never markup; the tooltip is escaped.
            shown = event.icon or _KIND_ICON[event.kind]  # a failure shows the failed state's icon, not a song's
            item = QListWidgetItem(icons.icon(shown), f"{stamp}   {elide(event.text, EVENT_SHOWN)}")
            item.setData(Qt.ItemDataRole.UserRole, shown)
            tip = event.text + (f"\n\n{event.detail}" if event.detail else "")
            item.setToolTip(plain_tooltip(tip))
            self.list.addItem(item)
        self.empty.setVisible(not events)
        self.list.setVisible(bool(events))
        self.clear_button.setEnabled(bool(events))

    def texts(self) -> list[str]:
        return [self.list.item(i).text() for i in range(self.list.count())]

"""Finished and failed jobs reach the user: a system tray message where there is a tray, else a notice in the
window. The tray icon's tooltip shows the counts; its menu shows the window or quits."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QMenu, QSystemTrayIcon, QWidget

from flowmusic_gui import APP_NAME
from flowmusic_gui.core.states import JobState
from flowmusic_gui.ui import icons
from flowmusic_gui.ui.i18n import Words, state_text

if TYPE_CHECKING:
    from flowmusic_gui.engine.types import JobView

MESSAGE_MS = 8000


class NotificationText(Words):
    """The words of a notification."""


def describe(view: JobView) -> tuple[str, str]:
    """(title, body) of the notification for a job that became terminal."""
    name = view.display_title or NotificationText.tr("Untitled")
    title = state_text(view.state.words.notify_title)
    if view.state is JobState.COMPLETED:
        body = NotificationText.tr("{title} — %Ln clip(s)", "", view.clip_count)
        return title, body.format(title=name)
    if view.state is JobState.FAILED:
        rec = view.record
        reason = rec.error.message if rec is not None and rec.error is not None else None
        return title, (_with_reason(name, reason) if reason else name)
    return title, _with_reason(view.display_title or view.jobid, state_text(view.state.words.reason))


def _with_reason(title: str, reason: str) -> str:
    return NotificationText.tr("{title}: {reason}").format(title=title, reason=reason)


class Notifier(QObject):
    """Decides how to tell: ``in_window(title, body)`` is the fallback the window provides."""

    show_window = Signal()
    quit_requested = Signal()

    def __init__(
        self,
        window: QWidget,
        *,
        enabled: Callable[[], bool],
        in_window: Callable[[str, str], None],
    ) -> None:
        super().__init__(window)
        self._enabled = enabled
        self._in_window = in_window
        self.tray: QSystemTrayIcon | None = None
        self.sent: list[tuple[str, str]] = []  # what was shown, newest last (for tests and the log)
        if self.tray_available():
            self.tray = QSystemTrayIcon(icons.app_icon(), self)
            menu = QMenu(window)
            menu.addAction(self.tr("Show window"), self.show_window.emit)
            menu.addSeparator()
            menu.addAction(self.tr("Quit"), self.quit_requested.emit)
            self.tray.setContextMenu(menu)
            self.tray.setToolTip(APP_NAME)
            self.tray.activated.connect(self._activated)
            self.tray.messageClicked.connect(self.show_window.emit)
            self.tray.show()

    @classmethod
    def tray_available(cls) -> bool:
        """Whether the desktop has a system tray. Tests replace this method."""
        return QSystemTrayIcon.isSystemTrayAvailable()

    def _activated(self, reason: QSystemTrayIcon.ActivationReason) -> None:
        if reason in (QSystemTrayIcon.ActivationReason.Trigger, QSystemTrayIcon.ActivationReason.DoubleClick):
            self.show_window.emit()

    def notify(self, view: JobView) -> bool:
        """Tell the user a job finished; False when notifications are off."""
        if not self._enabled():
            return False
        title, body = describe(view)
        self.sent.append((title, body))
        if self.tray is not None and self.tray.supportsMessages():
            icon = (
                QSystemTrayIcon.MessageIcon.Information
                if view.state is JobState.COMPLETED
                else QSystemTrayIcon.MessageIcon.Warning
            )
            self.tray.showMessage(title, body, icon, MESSAGE_MS)
        else:
            self._in_window(title, body)
        return True

    def set_counts(self, text: str) -> None:
        if self.tray is not None:
            self.tray.setToolTip(f"{APP_NAME}\n{text}" if text else APP_NAME)

    def shutdown(self) -> None:
        if self.tray is not None:
            self.tray.hide()

"""Finished and failed jobs reach the user: the desktop's notification server (with Play and Show actions) where
the session bus has one, else a system tray message, else a notice in the window, chosen at run time.

Songs finishing within a few seconds of each other share one notification ("3 songs ready"); a job's
notification is replaced, not stacked, when that job changes again. The tray icon's tooltip and menu show the
counts; its menu shows the window, pauses checking or quits.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtWidgets import QMenu, QSystemTrayIcon, QWidget

from flowmusic_gui import APP_NAME
from flowmusic_gui.core.states import JobState, is_cancelled
from flowmusic_gui.ui import icons
from flowmusic_gui.ui.i18n import Words, state_text
from flowmusic_gui.ui.text import isolate

if TYPE_CHECKING:
    from PySide6.QtGui import QAction

    from flowmusic_gui.engine.types import JobView
    from flowmusic_gui.ui.desktop.freedesktop import FreedesktopNotifications

MESSAGE_MS = 8000
#: Songs finishing within this long of the previous one join its notification.
COALESCE_MS = 5000
GROUP_TITLES_SHOWN = 3


class NotificationText(Words):
    """The words of a notification."""


def describe(view: JobView) -> tuple[str, str]:
    """(title, body) of the notification for a job that became terminal."""
    name = isolate(view.name)
    title = state_text(view.words.notify_title)
    if view.state is JobState.COMPLETED:
        body = NotificationText.tr("{title} — %Ln clip(s)", "", view.clip_count)
        return title, body.format(title=name)
    if view.state is JobState.FAILED:
        rec = view.record
        reason = rec.error.message if rec is not None and rec.error is not None else None
        return title, (_with_reason(name, isolate(reason)) if reason else name)
    return title, _with_reason(isolate(view.name), state_text(view.words.reason))


def _with_reason(title: str, reason: str) -> str:
    return NotificationText.tr("{title}: {reason}").format(title=title, reason=reason)


def describe_group(views: list[JobView]) -> tuple[str, str]:
    """(title, body) for several songs that finished together."""
    names = [isolate(v.name) for v in views]
    body = ", ".join(names[:GROUP_TITLES_SHOWN])
    if len(names) > GROUP_TITLES_SHOWN:
        more = len(names) - GROUP_TITLES_SHOWN
        body = NotificationText.tr("{titles} and %Ln more", "", more).format(titles=body)
    return NotificationText.tr("%Ln songs ready", "", len(views)), body


class Notifier(QObject):
    """Decides how to tell: ``in_window(title, body)`` is the fallback the window provides.

    ``play_requested(jobid)`` and ``show_requested(jobid)`` come from a notification's actions. ``actions``
    (the window's) join the tray menu after "Show window".
    """

    show_window = Signal()
    quit_requested = Signal()
    play_requested = Signal(str)  # jobid
    show_requested = Signal(str)  # jobid

    def __init__(
        self,
        window: QWidget,
        *,
        enabled: Callable[[], bool],
        in_window: Callable[[str, str], None],
        actions: Sequence[QAction] = (),
    ) -> None:
        super().__init__(window)
        self._enabled = enabled
        self._in_window = in_window
        self.tray: QSystemTrayIcon | None = None
        self.menu: QMenu | None = None
        self.desktop: FreedesktopNotifications | None = None
        self.sent: list[tuple[str, str]] = []  # what was shown, newest last (for tests and the log)
        self._key_of: dict[str, str] = {}  # jobid -> the key of the notification that last spoke of it
        self._jobs_of: dict[str, list[str]] = {}  # notification key -> its jobids, first finished first
        self._group: list[JobView] = []  # songs of the open group
        self._group_key = ""
        self._group_timer = QTimer(self)
        self._group_timer.setSingleShot(True)
        self._group_timer.setInterval(COALESCE_MS)
        self._group_timer.timeout.connect(self._close_group)
        self._last_shown_jobid = ""
        if self.tray_available():
            self.tray = QSystemTrayIcon(icons.app_icon(), self)
            menu = QMenu(window)
            self.counts_action = menu.addAction(self.tr("No jobs"))
            self.counts_action.setEnabled(False)
            menu.addSeparator()
            menu.addAction(self.tr("Show window"), self.show_window.emit)
            for action in actions:  # the window's own (Pause checking): one state, wherever it is toggled
                menu.addAction(action)
            menu.addSeparator()
            menu.addAction(self.tr("Quit"), self.quit_requested.emit)
            self.menu = menu
            self.tray.setContextMenu(menu)
            self.tray.setToolTip(APP_NAME)
            self.tray.activated.connect(self._activated)
            self.tray.messageClicked.connect(self._message_clicked)
            self.tray.show()

    @classmethod
    def tray_available(cls) -> bool:
        """Whether the desktop has a system tray. Tests replace this method."""
        return QSystemTrayIcon.isSystemTrayAvailable()

    def use_desktop(self, desktop: FreedesktopNotifications) -> None:
        """Send through the desktop's notification server once it answered (and not after it went away)."""
        desktop.available.connect(lambda: setattr(self, "desktop", desktop))
        desktop.unavailable.connect(lambda: setattr(self, "desktop", None))
        desktop.action_invoked.connect(self._on_action)
        if desktop.ready:
            self.desktop = desktop

    def _activated(self, reason: QSystemTrayIcon.ActivationReason) -> None:
        if reason in (QSystemTrayIcon.ActivationReason.Trigger, QSystemTrayIcon.ActivationReason.DoubleClick):
            self.show_window.emit()

    def _message_clicked(self) -> None:
        if self._last_shown_jobid:
            self.show_requested.emit(self._last_shown_jobid)
        else:
            self.show_window.emit()

    def _on_action(self, key: str, action: str) -> None:
        jobids = self._jobs_of.get(key)
        if not jobids:
            return
        if action == "play":
            self.play_requested.emit(jobids[0])
        else:  # "show" and "default" (a click on the notification itself)
            self.show_requested.emit(jobids[0])

    def notify(self, view: JobView) -> bool:
        """Tell the user a job finished; False when notifications are off."""
        if not self._enabled():
            return False
        if view.state is JobState.COMPLETED:
            if not self._group_timer.isActive():
                self._group = []
                self._group_key = self._key_of.get(view.jobid) or f"job:{view.jobid}"
            self._group = [v for v in self._group if v.jobid != view.jobid] + [view]
            self._group_timer.start()  # the window stays open while songs keep finishing
            key = self._group_key
            group = self._group
            title, body = describe(view) if len(group) == 1 else describe_group(group)
            jobids = [v.jobid for v in group]
        else:
            key = self._key_of.get(view.jobid) or f"job:{view.jobid}"
            title, body = describe(view)
            jobids = [view.jobid]
        for jobid in jobids:
            self._key_of[jobid] = key
        self._jobs_of[key] = jobids
        self.sent.append((title, body))
        self._last_shown_jobid = jobids[0]
        playable = view.state is JobState.COMPLETED
        # A job the user cancelled ended as asked: said plainly, not as a red, sticky failure.
        calm = playable or is_cancelled(view.state, view.record)
        if self.desktop is not None:
            show = ("show", self.tr("Show"))
            actions = [("play", self.tr("Play")), show] if playable else [show]
            self.desktop.notify(key, title, body, actions, urgent=not calm)
        elif self.tray is not None and self.tray.supportsMessages():
            icon = QSystemTrayIcon.MessageIcon.Information if calm else QSystemTrayIcon.MessageIcon.Warning
            self.tray.showMessage(title, body, icon, MESSAGE_MS)
        else:
            self._in_window(title, body)
        return True

    def _close_group(self) -> None:
        self._group = []

    def set_counts(self, text: str) -> None:
        if self.tray is not None:
            self.tray.setToolTip(f"{APP_NAME}\n{text}" if text else APP_NAME)
            self.counts_action.setText(text or self.tr("No jobs"))

    def shutdown(self) -> None:
        self._group_timer.stop()
        if self.tray is not None:
            self.tray.hide()

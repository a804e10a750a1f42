"""The window's presence on the desktop: the tray icon and system notifications (``Notifier``), the media controls
over the table's finished clips, and the session-bus integration (a notification server's notifications, MPRIS).
Each is made on first use, after the first paint (asking the desktop for a tray or a bus can take a moment)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from PySide6.QtCore import QAbstractItemModel
    from PySide6.QtGui import QAction
    from PySide6.QtWidgets import QWidget

    from flowmusic_gui.engine.types import JobView
    from flowmusic_gui.ui.desktop.integration import DesktopIntegration
    from flowmusic_gui.ui.desktop.notifications import Notifier
    from flowmusic_gui.ui.desktop.playback import MediaControls
    from flowmusic_gui.ui.detail.pane import DetailPane
    from flowmusic_gui.ui.selection import Selection


class DesktopPresence:
    """``window`` owns what is made here; the callbacks are the window's own (show a job, raise, quit)."""

    def __init__(
        self,
        window: QWidget,
        *,
        selection: Selection,
        rows: QAbstractItemModel,
        detail: Callable[[], DetailPane],
        notifications_on: Callable[[], bool],
        in_window: Callable[[str, str], None],
        tray_actions: Sequence[QAction],
        counts: Callable[[], str],
        show_job: Callable[..., None],
        raise_window: Callable[[], None],
        quit_app: Callable[[], None],
    ) -> None:
        self._window = window
        self._selection = selection
        self._rows = rows
        self._detail = detail
        self._notifications_on = notifications_on
        self._in_window = in_window
        self._tray_actions = tuple(tray_actions)
        self._counts = counts
        self._show_job = show_job
        self._raise_window = raise_window
        self._quit_app = quit_app
        self.integration: DesktopIntegration | None = None
        self._notifier: Notifier | None = None
        self._media: MediaControls | None = None

    @property
    def notifier(self) -> Notifier:
        """System notifications and the tray icon, made on first use."""
        if self._notifier is None:
            from flowmusic_gui.ui.desktop.notifications import Notifier

            self._notifier = Notifier(self._window, enabled=self._notifications_on, in_window=self._in_window,
                                      actions=self._tray_actions)  # fmt: skip
            self._notifier.show_window.connect(self._raise_window)
            self._notifier.quit_requested.connect(self._quit_app)
            self._notifier.show_requested.connect(self._show_job)
            self._notifier.set_counts(self._counts())
        return self._notifier

    def notify(self, view: JobView) -> None:
        self.notifier.notify(view)

    def set_counts(self, text: str) -> None:
        """The tray's tooltip follows the status bar's counts (once there is a tray)."""
        if self._notifier is not None:
            self._notifier.set_counts(text)

    def has_tray(self) -> bool:
        return self._notifier is not None and self._notifier.tray is not None

    @property
    def media(self) -> MediaControls:
        """Play, pause, next and previous over the table's finished clips (keys, menus, MPRIS, notifications)."""
        if self._media is None:
            from flowmusic_gui.ui.desktop.playback import MediaControls

            self._media = MediaControls(self._selection, self._detail(), self._window)
        return self._media

    def start(self) -> DesktopIntegration:
        """Notifications through the desktop's server and the MPRIS player (after the first paint)."""
        if self.integration is None:
            from flowmusic_gui.ui.desktop.integration import DesktopIntegration

            show_job = self._show_job
            self.integration = DesktopIntegration(
                self._selection, self.media, self.notifier,
                show_job=show_job, select_job=lambda j: show_job(j, raise_window=False),
                raise_window=self._raise_window, quit_app=self._quit_app, rows=self._rows, parent=self._window,
            )  # fmt: skip
            self.integration.start()
        return self.integration

    def shutdown(self) -> None:
        if self.integration is not None:
            self.integration.shutdown()
        if self._notifier is not None:
            self._notifier.shutdown()

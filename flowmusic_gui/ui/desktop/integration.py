"""The app's desktop integration in one place: the session bus, notifications through the desktop's server,
the MPRIS player, and how their requests reach the window. Built after the first paint; on a system without a
session bus (or without jeepney) the tray and the in-window notice remain, and nothing else changes.
"""

from __future__ import annotations

import importlib.util
import logging
import sys
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QAbstractItemModel, QObject, QTimer

if TYPE_CHECKING:
    from flowmusic_gui.ui.desktop.bus import SessionBus
    from flowmusic_gui.ui.desktop.freedesktop import FreedesktopNotifications
    from flowmusic_gui.ui.desktop.mpris import MprisService
    from flowmusic_gui.ui.desktop.notifications import Notifier
    from flowmusic_gui.ui.desktop.playback import JobsView, MediaControls

log = logging.getLogger(__name__)

REFRESH_MS = 250


def bus_supported() -> bool:
    """A freedesktop session bus is a Linux (and BSD) thing; jeepney speaks it."""
    return sys.platform.startswith(("linux", "freebsd", "openbsd")) and importlib.util.find_spec("jeepney") is not None


class DesktopIntegration(QObject):
    """``start()`` connects in the background; ``shutdown()`` drops the bus names and stops the bus thread."""

    def __init__(
        self,
        jobs: JobsView,
        controls: MediaControls,
        notifier: Notifier,
        *,
        show_job: Callable[[str], None],
        select_job: Callable[[str], None],
        raise_window: Callable[[], None],
        quit_app: Callable[[], None],
        rows: QAbstractItemModel | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.notifier = notifier
        self.controls = controls
        self.bus: SessionBus | None = None
        self.notifications: FreedesktopNotifications | None = None
        self.mpris: MprisService | None = None
        self._show_job = show_job
        self._select_job = select_job
        self._raise_window = raise_window
        self._quit_app = quit_app
        # What Next, Previous and Play can reach follows the table, at most a few times a second: a change starts
        # the timer only when it is not running (restarting it on each of a stream of changes would put the
        # refresh off forever, then run it anyway), and the refresh steps out from the playing row only.
        self._refresh = QTimer(self)
        self._refresh.setSingleShot(True)
        self._refresh.setInterval(REFRESH_MS)
        self._refresh.timeout.connect(self.controls.refresh)
        if rows is not None:
            for signal in (rows.modelReset, rows.rowsInserted, rows.rowsRemoved, rows.layoutChanged,
                           rows.dataChanged):  # fmt: skip
                signal.connect(self._rows_changed)
        notifier.play_requested.connect(self._play_job)
        notifier.show_requested.connect(self._show)

    def _rows_changed(self, *_args: object) -> None:
        if not self._refresh.isActive():
            self._refresh.start()

    def start(self) -> None:
        if not bus_supported():
            return
        from flowmusic_gui.ui.desktop.bus import SessionBus
        from flowmusic_gui.ui.desktop.freedesktop import FreedesktopNotifications
        from flowmusic_gui.ui.desktop.mpris import MprisService

        self.bus = SessionBus(self)
        self.notifications = FreedesktopNotifications(self.bus, self)
        self.notifier.use_desktop(self.notifications)
        self.mpris = MprisService(self.bus, self.controls, self)
        self.mpris.raise_requested.connect(self._raise_window)
        self.mpris.quit_requested.connect(self._quit_app)
        self.bus.ready.connect(self._on_ready)
        self.controls.refresh()
        self.bus.start()

    def _on_ready(self, ok: bool) -> None:
        if not ok or self.notifications is None or self.mpris is None:
            return
        self.notifications.probe()
        self.mpris.register()

    def _play_job(self, jobid: str) -> None:
        self._select_job(jobid)  # selected, not raised: the song plays while the user goes on
        self.controls.play_job(jobid)

    def _show(self, jobid: str) -> None:
        self._show_job(jobid)

    def shutdown(self) -> None:
        self._refresh.stop()
        if self.mpris is not None:
            self.mpris.unregister()
        if self.bus is not None:
            self.bus.stop()

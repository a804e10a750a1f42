"""Saving the window's layout when it changes, a moment after the last change, not only at Quit: the sort, the
filter and search, the columns, the splitter, the window's size and place and the Downloads panel survive a crash
or a ``kill -9`` as the job list does."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QDockWidget, QHeaderView, QSplitter, QWidget

#: How long after the last change the layout is saved: a drag of a column or the window's edge is one save.
SAVE_DELAY_MS = 800

_WINDOW_EVENTS = (QEvent.Type.Resize, QEvent.Type.Move, QEvent.Type.WindowStateChange)


class LayoutSaver(QObject):
    """Calls ``save`` once, ``SAVE_DELAY_MS`` after the last of a run of layout changes it follows."""

    def __init__(self, save: Callable[[], None], parent: QObject | None = None, *, delay_ms: int = SAVE_DELAY_MS):
        super().__init__(parent)
        self._save = save
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(delay_ms)
        self._timer.timeout.connect(self._fire)
        self._window: QWidget | None = None
        self._stopped = False
        self.saves = 0  # how many times it saved (for tests and the log)

    # -- what it follows ------------------------------------------------------------------------------------

    def follow_window(self, window: QWidget) -> None:
        """The window's size, place and maximized state."""
        self._window = window
        window.installEventFilter(self)

    def follow_header(self, header: QHeaderView) -> None:
        """The table's columns (width, order, shown) and its sort."""
        header.sectionResized.connect(self.changed)
        header.sectionMoved.connect(self.changed)
        header.sortIndicatorChanged.connect(self.changed)

    def follow_splitter(self, splitter: QSplitter) -> None:
        splitter.splitterMoved.connect(self.changed)

    def follow_dock(self, dock: QDockWidget) -> None:
        """A dock (the Downloads panel): shown or hidden, moved, floated."""
        dock.visibilityChanged.connect(self.changed)
        dock.dockLocationChanged.connect(self.changed)
        dock.topLevelChanged.connect(self.changed)

    # -- the debounce ---------------------------------------------------------------------------------------

    def changed(self, *_args: object) -> None:
        """Something of the layout changed: save a moment after the last such change."""
        if not self._stopped:  # the window's teardown moves and hides things too: nothing to keep then
            self._timer.start()

    def flush(self) -> None:
        """Save now if a save is waiting (the window closes)."""
        if self._timer.isActive():
            self._timer.stop()
            self._fire()

    def stop(self) -> None:
        self._stopped = True
        self._timer.stop()
        if self._window is not None:
            self._window.removeEventFilter(self)
            self._window = None

    def _fire(self) -> None:
        self.saves += 1
        self._save()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self._window and event.type() in _WINDOW_EVENTS:
            self.changed()
        return False

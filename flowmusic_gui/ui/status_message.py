"""The window's status bar, whose passing message ends in an ellipsis with the whole sentence in its tooltip
when the permanent widgets leave it too little room, instead of being cut off mid-word."""

from __future__ import annotations

import time

from PySide6.QtCore import QTimer
from PySide6.QtGui import QResizeEvent, QShowEvent
from PySide6.QtWidgets import QStatusBar, QWidget

from flowmusic_gui.ui.lazy_qt import Qt
from flowmusic_gui.ui.text import plain_tooltip

#: Room kept between the message and the first permanent widget (the status bar's margins and spacing).
_SLACK_PX = 24


class ElidingStatusBar(QStatusBar):
    """A QStatusBar whose ``showMessage`` fits the text to the room its permanent widgets leave."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._full = ""
        self._until: float | None = None  # monotonic time the message goes, None: until replaced
        self._permanent: list[QWidget] = []
        self._refit_waiting = False
        self.messageChanged.connect(self._on_message_changed)

    def addPermanentWidget(self, widget: QWidget, stretch: int | None = 0) -> None:
        self._permanent.append(widget)
        super().addPermanentWidget(widget, stretch or 0)

    def showMessage(self, text: str, timeout: int | None = 0) -> None:
        timeout = timeout or 0
        self._full = text
        self._until = time.monotonic() + timeout / 1000 if timeout > 0 else None
        fitted = self._fitted(text)
        super().showMessage(fitted, timeout)
        self.setToolTip(plain_tooltip(text) if fitted != text else "")
        # The permanent widgets may change size with the same event (a count that grew): look again.
        self._refit_soon()

    def full_message(self) -> str:
        """The whole sentence of the message shown now ("" for none)."""
        return self._full if self.currentMessage() else ""

    def _on_message_changed(self, text: str) -> None:
        if not text:  # it timed out or was cleared
            self._full = ""
            self._until = None
            self.setToolTip("")

    def _room(self) -> int:
        shown = [w for w in self._permanent if w.isVisible()]
        laid_out = [w.x() for w in shown if w.x() > 0]
        if laid_out:  # the message ends where the first permanent widget begins
            return max(40, min(laid_out) - _SLACK_PX)
        used = sum(w.sizeHint().width() for w in shown)
        return max(40, self.width() - used - _SLACK_PX)

    def _fitted(self, text: str) -> str:
        if not text or not self.isVisible():  # not laid out yet: nothing to measure against (refitted on show)
            return text
        elided = self.fontMetrics().elidedText(text, Qt.TextElideMode.ElideRight, self._room())
        if elided == text or not elided.endswith("…"):
            return elided
        kept = elided[:-1].rstrip()
        if " " in kept and not text[len(kept):len(kept) + 1].isspace():
            kept = kept[: kept.rfind(" ")].rstrip(" ,;:·")  # at a word's end, not in the middle of one
        return kept + "…"

    def _fit(self) -> None:
        if not (self._full and self.currentMessage()):
            return
        fitted = self._fitted(self._full)
        if fitted != self.currentMessage():
            left = 0
            if self._until is not None:
                left = max(1, round((self._until - time.monotonic()) * 1000))
            super().showMessage(fitted, left)  # the same message refitted, for the time it had left
        self.setToolTip(plain_tooltip(self._full) if fitted != self._full else "")

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._refit_soon()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self._refit_soon()

    def _refit_soon(self) -> None:
        if not self._refit_waiting:
            self._refit_waiting = True
            QTimer.singleShot(0, self, self._refit_now)

    def _refit_now(self) -> None:
        self._refit_waiting = False
        self._fit()

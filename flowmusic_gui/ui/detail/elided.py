"""A one-line label that elides its plain text in the middle to fit (``job:15db…-bot:flowmusic``)."""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QLabel, QSizePolicy, QWidget

from flowmusic_gui.ui.text import elide, plain_tooltip

_KEPT = 2_000  # characters measured at most: nobody reads the middle of a megabyte id


class MiddleElidedLabel(QLabel):
    """Shows as much of ``full_text`` as fits, both ends kept; the whole text on hover."""

    def __init__(self, text: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self._full = ""
        self.set_full_text(text)

    @property
    def full_text(self) -> str:
        return self._full

    def set_full_text(self, text: str) -> None:
        self._full = elide(text, _KEPT)
        self.setToolTip(plain_tooltip(text))
        self._fit()

    def _fit(self) -> None:
        width = max(1, self.width())
        self.setText(self.fontMetrics().elidedText(self._full, Qt.TextElideMode.ElideMiddle, width))

    def sizeHint(self) -> QSize:
        hint = super().sizeHint()
        return QSize(min(self.fontMetrics().horizontalAdvance(self._full) + 4, 600), hint.height())

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit()

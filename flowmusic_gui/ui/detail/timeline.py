"""A painted strip of a clip's lyric timing: one block per marker, the playhead, click to seek."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import QColor, QMouseEvent, QPainter, QPaintEvent, QPalette, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from flowmusic_gui.core.lyrics import Marker, format_clock
from flowmusic_gui.ui.text import plain_tooltip

_HEIGHT = 30
_PAD = 2.0


class TimelineStrip(QWidget):
    """Markers laid out over the clip's length; ``marker_clicked`` and ``seek_requested`` on a click."""

    seek_requested = Signal(float)  # seconds
    marker_clicked = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._markers: tuple[Marker, ...] = ()
        self._labels: list[str] = []
        self._length = 0.0
        self._position: float | None = None
        self._active: int | None = None
        self._hover: int | None = None
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setMinimumHeight(_HEIGHT)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setMouseTracking(True)
        self.setAccessibleName(self.tr("Lyrics timing"))

    def sizeHint(self) -> QSize:
        return QSize(300, _HEIGHT)

    def set_markers(
        self, markers: Sequence[Marker], duration_s: float | None, labels: Sequence[str] | None = None
    ) -> None:
        """``labels[i]`` (the paired line, if any) shows in marker i's tooltip."""
        self._markers = tuple(markers)
        self._labels = list(labels or [])
        last_end = max((m[1] for m in self._markers), default=0.0)
        self._length = max(duration_s or 0.0, last_end, 1.0)
        self.update()

    @property
    def markers(self) -> tuple[Marker, ...]:
        return self._markers

    @property
    def active(self) -> int | None:
        return self._active

    def set_position(self, seconds: float | None, active: int | None) -> None:
        if seconds == self._position and active == self._active:
            return
        self._position = seconds
        self._active = active
        self.update()

    def _track(self) -> QRectF:
        return QRectF(self.rect()).adjusted(_PAD, 6, -_PAD, -6)

    def _x(self, seconds: float) -> float:
        track = self._track()
        return track.left() + track.width() * min(max(seconds / self._length, 0.0), 1.0)

    def marker_rect(self, i: int) -> QRectF:
        start, end = self._markers[i]
        track = self._track()
        x0, x1 = self._x(start), self._x(end)
        return QRectF(x0, track.top(), max(x1 - x0, 2.0), track.height())

    def marker_at(self, x: float) -> int | None:
        for i in range(len(self._markers)):
            r = self.marker_rect(i)
            if r.left() - 1 <= x <= r.right() + 1:
                return i
        return None

    def seconds_at(self, x: float) -> float:
        track = self._track()
        if track.width() <= 0:
            return 0.0
        return min(max((x - track.left()) / track.width(), 0.0), 1.0) * self._length

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        pal = self.palette()
        track = self._track()
        groove = pal.color(QPalette.ColorRole.Mid)
        groove.setAlpha(70)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(groove)
        painter.drawRoundedRect(track, 4, 4)
        accent = pal.color(QPalette.ColorRole.Highlight)
        soft = QColor(accent)
        soft.setAlpha(110)
        for i in range(len(self._markers)):
            painter.setBrush(accent if i == self._active else soft)
            painter.drawRoundedRect(self.marker_rect(i).adjusted(0.5, 0, -0.5, 0), 3, 3)
        if self._position is not None:
            x = self._x(self._position)
            painter.setPen(QPen(pal.color(QPalette.ColorRole.Text), 2))
            painter.drawLine(QPointF(x, 2), QPointF(x, self.height() - 2))
        painter.end()

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        # The tooltip follows the marker under the pointer. Set here rather than in event(): an event()
        # override would run Python for every event this widget gets.
        hit = self.marker_at(event.position().x())
        if hit != self._hover:
            self._hover = hit
            self.setToolTip(self.marker_tooltip(hit) if hit is not None else "")
        super().mouseMoveEvent(event)

    def marker_tooltip(self, i: int) -> str:
        start, end = self._markers[i]
        text = f"{format_clock(start, tenths=True)} – {format_clock(end, tenths=True)}"
        if i < len(self._labels) and self._labels[i]:
            text += "\n" + self._labels[i]
        # Lyric text comes from the API: plain_tooltip keeps its markup inert.
        return plain_tooltip(text)

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if event.button() != Qt.MouseButton.LeftButton:
            super().mousePressEvent(event)
            return
        x = event.position().x()
        hit = self.marker_at(x)
        if hit is not None:
            self.marker_clicked.emit(hit)
            self.seek_requested.emit(self._markers[hit][0])
        else:
            self.seek_requested.emit(self.seconds_at(x))
        event.accept()

"""A clip's lyrics as plain-text lines, with the timing beside them (or listed apart when it does not pair).

While a song plays the current line is emphasised and kept in view by a smooth scroll, the lines sung already
dim, and scrolling by hand pauses the follow for a few seconds.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from PySide6.QtCore import QEasingCurve, QEvent, QObject, QSize, Qt, QVariantAnimation, Signal
from PySide6.QtGui import QBrush, QFont, QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QHeaderView,
    QLabel,
    QSizePolicy,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from flowmusic_gui.core.lyrics import Pairing, format_clock, format_position
from flowmusic_gui.ui.text import elide, plain_tooltip

FOLLOW_PAUSE_S = 4.0  # after the user scrolls the lyrics, the current line is not scrolled to for this long
SCROLL_MS = 260
_MIN_VISIBLE_ROWS = 3

_ROW_MARKER = Qt.ItemDataRole.UserRole + 1
_MAX_VISIBLE_ROWS = 9
# Rows listed at most (lines, and markers apart): a row is a Python item, and 200,000 of them took seconds.
# The rest is in the export (.txt, .lrc, the record's JSON).
MAX_ROWS = 500
_LINE_SHOWN = 300


def _tree(columns: int) -> QTreeWidget:
    tree = QTreeWidget()
    tree.setColumnCount(columns)
    tree.setHeaderHidden(True)
    tree.setRootIsDecorated(False)
    tree.setUniformRowHeights(True)
    tree.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
    tree.setFocusPolicy(Qt.FocusPolicy.NoFocus)
    tree.setFrameShape(QFrame.Shape.NoFrame)
    tree.setTextElideMode(Qt.TextElideMode.ElideRight)
    tree.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
    # A viewport made here (as the jobs table does): Qt's own is a QWidget PySide6 meets unwrapped, and to find
    # its type PySide6 built the class of every QWidget subclass, 8 ms of the first selection.
    viewport = QWidget()
    viewport.setAutoFillBackground(False)
    tree.setViewport(viewport)
    header = tree.header()
    header.setStretchLastSection(True)
    if columns > 1:
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
    return tree


class LyricsView(QWidget):
    """Lines as text (QTreeWidget items never interpret markup); a click on a timed row asks to seek."""

    seek_requested = Signal(float)

    def sizeHint(self) -> QSize:
        # Ask for no more height than the minimum: the card's height-for-width (which the pane's scroll area
        # reads) would otherwise count a list's 192 px default and scroll the pane around the lyrics' own
        # scroll box; the stretch gives the lyrics all the height there is.
        hint = super().sizeHint()
        return QSize(hint.width(), self.minimumSizeHint().height())

    def __init__(
        self, pairing: Pairing, parent: QWidget | None = None, *, clock: Callable[[], float] = time.monotonic
    ) -> None:
        super().__init__(parent)
        self._pairing = pairing
        self._active: int | None = None
        self._marker_items: dict[int, QTreeWidgetItem] = {}
        self._clock = clock
        self._paused_until = 0.0
        self._scroll: QVariantAnimation | None = None
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.setSpacing(4)
        self.lines = _tree(2)
        self.lines.setAccessibleName(self.tr("Lyrics"))
        self.markers: QTreeWidget | None = None
        dim = QBrush(self.palette().color(QPalette.ColorGroup.Active, QPalette.ColorRole.PlaceholderText))
        self._dim = dim
        header_font = QFont(self.font())
        header_font.setBold(True)
        header_font.setCapitalization(QFont.Capitalization.SmallCaps)
        self.headers: list[QTreeWidgetItem] = []
        # Made once: a Python enum's | costs ~15 µs, and it ran once per row.
        time_align = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
        rows: list[QTreeWidgetItem] = []
        for line in pairing.lines[:MAX_ROWS]:
            text = line.text
            if not line.sung and text.strip():
                # A section header reads as one: its name, bold in small capitals, without the brackets.
                text = text.strip().strip("[]").strip() or text
            item = QTreeWidgetItem(["", elide(text, _LINE_SHOWN)])
            if line.marker is not None:
                start, end = pairing.markers[line.marker]
                item.setText(0, format_position(start))
                item.setData(0, _ROW_MARKER, line.marker)
                item.setToolTip(0, f"{format_clock(start, tenths=True)} – {format_clock(end, tenths=True)}")
                self._marker_items[line.marker] = item
            elif not line.sung:
                item.setFont(1, header_font)
                item.setForeground(1, dim)
                if text.strip():
                    item.setToolTip(1, plain_tooltip(elide(line.text, _LINE_SHOWN)))
                    self.headers.append(item)
            item.setForeground(0, dim)
            item.setTextAlignment(0, time_align)
            rows.append(item)
        self.lines.addTopLevelItems(rows)  # one insertion for the view, not one per row
        if not pairing.paired:
            self.lines.setColumnHidden(0, True)
        self.lines.itemClicked.connect(self._on_clicked)
        # The lines fill the height the card leaves them (no fixed box): a few rows at least.
        row_h = max(self.lines.fontMetrics().height() + 6, 20)
        self.lines.setMinimumHeight(min(len(pairing.lines), _MIN_VISIBLE_ROWS) * row_h + 4)
        self.lines.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.lines.verticalScrollBar().actionTriggered.connect(lambda _a: self.pause_follow())
        self.lines.viewport().installEventFilter(self)
        if pairing.lines:
            lay.addWidget(self.lines, 1)
            more = self.tr(
                "… and %Ln more line(s): export the lyrics or the record for all of them.", "",
                len(pairing.lines) - MAX_ROWS,
            )
            self._more_note(lay, more, len(pairing.lines))
        if pairing.markers and not pairing.paired:
            sung = self.tr("%Ln sung line(s)", "", pairing.sung_count)
            note = QLabel(
                self.tr("%Ln timing marker(s) that do not match the {sung}, listed on their own:", "",
                        len(pairing.markers)).format(sung=sung)
            )
            note.setTextFormat(Qt.TextFormat.PlainText)
            note.setWordWrap(True)
            note.setForegroundRole(QPalette.ColorRole.PlaceholderText)
            lay.addWidget(note)
            self.markers = _tree(1)
            self.markers.setAccessibleName(self.tr("Timing markers"))
            for i, (start, end) in enumerate(pairing.markers[:MAX_ROWS]):
                item = QTreeWidgetItem([f"{format_clock(start, tenths=True)} – {format_clock(end, tenths=True)}"])
                item.setData(0, _ROW_MARKER, i)
                self.markers.addTopLevelItem(item)
                self._marker_items[i] = item
            self.markers.itemClicked.connect(self._on_clicked)
            self._fit(self.markers, min(len(pairing.markers), MAX_ROWS))
            lay.addWidget(self.markers)
            more = self.tr(
                "… and %Ln more timing marker(s): export the lyrics or the record for all of them.", "",
                len(pairing.markers) - MAX_ROWS,
            )
            self._more_note(lay, more, len(pairing.markers))

    @staticmethod
    def _more_note(lay: QVBoxLayout, text: str, total: int) -> None:
        if total <= MAX_ROWS:
            return
        note = QLabel(text)
        note.setTextFormat(Qt.TextFormat.PlainText)
        note.setWordWrap(True)
        note.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        lay.addWidget(note)

    @staticmethod
    def _fit(tree: QTreeWidget, rows: int) -> None:
        row_h = max(tree.fontMetrics().height() + 6, 20)
        tree.setFixedHeight(min(rows, _MAX_VISIBLE_ROWS) * row_h + 4)

    @property
    def active_marker(self) -> int | None:
        return self._active

    # -- the follow -----------------------------------------------------------------------------------------

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Wheel:
            self.pause_follow()  # the user reads elsewhere: leave the view where they put it for a while
        return False

    def pause_follow(self) -> None:
        self._paused_until = self._clock() + FOLLOW_PAUSE_S
        if self._scroll is not None:
            self._scroll.stop()

    @property
    def following(self) -> bool:
        return self._clock() >= self._paused_until

    def _follow(self, item: QTreeWidgetItem) -> None:
        """Scroll ``item`` to the middle of the view, smoothly, unless the user scrolled a moment ago."""
        tree = item.treeWidget()
        if tree is None or not self.following:
            return
        bar = tree.verticalScrollBar()
        rect = tree.visualItemRect(item)
        target = max(bar.minimum(), min(bar.maximum(), bar.value() + rect.center().y() - tree.viewport().height() // 2))
        if target == bar.value():
            return
        if self._scroll is None:
            self._scroll = QVariantAnimation(self)
            self._scroll.setDuration(SCROLL_MS)
            self._scroll.setEasingCurve(QEasingCurve.Type.OutCubic)
            self._scroll.valueChanged.connect(lambda v: bar.setValue(int(v)))
        self._scroll.stop()
        if not self.isVisible():
            bar.setValue(target)
            return
        self._scroll.setStartValue(bar.value())
        self._scroll.setEndValue(target)
        self._scroll.start()

    def _dim_sung(self, old: int | None, new: int | None) -> None:
        """Lines before the current one dim; the rest read normally (only the rows in between change)."""
        if not self._pairing.paired:
            return
        current = -1 if new is None else new
        if old is None or new is None or abs(new - old) > len(self._marker_items):
            markers = list(self._marker_items)  # only the rows listed: a seek may cross 200,000 markers
        else:
            markers = list(range(min(old, new), max(old, new) + 1))
        for marker in markers:
            item = self._marker_items.get(marker)
            if item is None or marker == new:
                continue
            item.setForeground(1, self._dim if 0 <= marker < current else QBrush())

    def is_dimmed(self, marker: int) -> bool:
        item = self._marker_items.get(marker)
        return item is not None and item.foreground(1) == self._dim

    def item_for_marker(self, marker: int) -> QTreeWidgetItem | None:
        return self._marker_items.get(marker)

    def active_text(self) -> str | None:
        """The highlighted row's text (the lyric line when paired, else the marker's times)."""
        item = self._marker_items.get(self._active) if self._active is not None else None
        if item is None:
            return None
        return item.text(1) if self._pairing.paired else item.text(0)

    def set_active_marker(self, marker: int | None) -> None:
        """Highlight ``marker``'s row and scroll it into view (nothing when ``marker`` is None)."""
        if marker == self._active:
            return
        previous = self._active
        old = self._marker_items.get(self._active) if self._active is not None else None
        if old is not None:
            for col in range(old.columnCount()):
                old.setData(col, Qt.ItemDataRole.BackgroundRole, None)
                old.setData(col, Qt.ItemDataRole.ForegroundRole, None)
                font = old.font(col)
                font.setBold(False)
                old.setFont(col, font)
            if self._pairing.paired:
                old.setForeground(0, QBrush(self.palette().color(QPalette.ColorRole.PlaceholderText)))
        self._active = marker
        self._dim_sung(previous, marker)
        item = self._marker_items.get(marker) if marker is not None else None
        if item is None:
            return
        pal = self.palette()
        for col in range(item.columnCount()):
            item.setBackground(col, pal.brush(QPalette.ColorRole.Highlight))
            item.setForeground(col, pal.brush(QPalette.ColorRole.HighlightedText))
            font = item.font(col)
            font.setBold(True)
            item.setFont(col, font)
        self._follow(item)

    def shutdown(self) -> None:
        if self._scroll is not None:
            self._scroll.stop()

    def _on_clicked(self, item: QTreeWidgetItem, _column: int) -> None:
        marker = item.data(0, _ROW_MARKER)
        if isinstance(marker, int) and 0 <= marker < len(self._pairing.markers):
            self.seek_requested.emit(self._pairing.markers[marker][0])

"""The jobs table view: sensible column widths and an empty-state hint painted in the viewport."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QDate, QDateTime, QItemSelectionModel, QRect, Qt, QTime
from PySide6.QtGui import QPainter, QPaintEvent, QPalette
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView, QWidget

from flowmusic_gui.core.states import JobState
from flowmusic_gui.core.translatable import QT_TRANSLATE_NOOP
from flowmusic_gui.ui.i18n import state_label
from flowmusic_gui.ui.jobs.model import Column
from flowmusic_gui.ui.text import format_local_qt

EMPTY_HINT = QT_TRANSLATE_NOOP("JobsTable", "Paste job ids (Ctrl+V) or drop a file here")
NO_MATCH_HINT = QT_TRANSLATE_NOOP("JobsTable", "No job matches the filter")

# Fits the left side of the default window (1280 px, splitter 60/40); text columns measured from the font.
# Together they fit the table's share of the default 1280 px window without a horizontal scroll bar; the job id
# column (last) stretches into whatever is left.
DEFAULT_WIDTHS: dict[Column, int] = {
    Column.TITLE: 150,
    Column.OPERATION: 66,
    Column.ACCOUNT: 112,
    Column.GENERATION: 72,
    Column.CLIPS: 40,
    Column.JOBID: 40,
}
# Samples measured in the active language and locale: "Ausstehend · 12:34" is wider than "Pending · 12:34".
_SAMPLE_TIME = QDateTime(QDate(2026, 12, 31), QTime(23, 59))


class JobsTable(QTableView):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        # A viewport made here, so PySide6 already knows its Python type. The one Qt makes by itself is a plain
        # QWidget that PySide6 meets unwrapped in paintEvent; to find its type it builds the Python class of every
        # QWidget subclass (over 60, with their enums), which cost about 30 ms of the first paint.
        self.setViewport(QWidget())
        self.setObjectName("jobsTable")
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.setSortingEnabled(True)
        self.setAlternatingRowColors(True)
        self.setShowGrid(False)
        self.setWordWrap(False)
        self.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.setHorizontalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        vh = self.verticalHeader()
        vh.hide()
        # Uniform rows: no per-row size hints, which keeps 10,000 rows cheap.
        vh.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        vh.setDefaultSectionSize(self.fontMetrics().height() + 10)
        hh = self.horizontalHeader()
        hh.setHighlightSections(False)
        hh.setSectionsMovable(True)
        # The job id column takes what is left: its full text is in the tooltip anyway.
        hh.setStretchLastSection(True)
        hh.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        self.source_empty = True

    def setSelectionModel(self, selectionModel: QItemSelectionModel) -> None:
        super().setSelectionModel(selectionModel)
        # The header paints each section knowing whether its neighbours are "selected" columns, which asks
        # about every row (select-all over 10,000 rows: 160,000 calls into the model, 100 ms per repaint). It
        # highlights nothing here anyway, so it gets a selection of its own that stays empty.
        model = self.model()
        if model is not None:
            self.horizontalHeader().setSelectionModel(QItemSelectionModel(model, self))

    def apply_default_widths(self) -> None:
        hh = self.horizontalHeader()
        fm = self.fontMetrics()
        model = self.model()
        for col, width in DEFAULT_WIDTHS.items():
            # No narrower than the column's name in the language shown ("Generación" is longer than
            # "Generation"); the sort arrow may overlap it, as it does in English.
            header = model.headerData(int(col), Qt.Orientation.Horizontal) if model is not None else None
            named = fm.horizontalAdvance(header) + 4 if isinstance(header, str) else 0
            hh.resizeSection(int(col), max(width, named))
        # The longest state in the language shown, a pending one with its clock included.
        states = [state_label(s) for s in JobState if s is not JobState.PENDING]
        states.append(f"{state_label(JobState.PENDING)} · 12:34")
        samples = {
            Column.STATUS: max(states, key=fm.horizontalAdvance),
            Column.CREATED: format_local_qt(_SAMPLE_TIME),
        }
        for col, sample in samples.items():
            icon = 22 if col == Column.STATUS else 0
            hh.resizeSection(int(col), fm.horizontalAdvance(sample) + icon + 16)

    def hint_text(self) -> str:
        """What the empty table says (painted in the viewport)."""
        return QCoreApplication.translate("JobsTable", EMPTY_HINT if self.source_empty else NO_MATCH_HINT)

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        model = self.model()
        if model is None or model.rowCount() > 0:
            return
        painter = QPainter(self.viewport())
        colour = self.palette().color(QPalette.ColorGroup.Active, QPalette.ColorRole.PlaceholderText)
        painter.setPen(colour)
        font = painter.font()
        font.setPointSizeF(font.pointSizeF() * 1.15)
        painter.setFont(font)
        rect: QRect = self.viewport().rect().adjusted(24, 24, -24, -24)
        text = self.hint_text()
        painter.drawText(rect, int(Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap), text)
        painter.end()

"""The jobs table view: the title takes the spare width, less important columns hide by themselves when the
table is narrow (the header's menu shows or hides any), ids elided in the middle, an empty-state hint."""

from __future__ import annotations

import time
from typing import TYPE_CHECKING

from PySide6.QtCore import (
    QCoreApplication,
    QItemSelectionModel,
    QModelIndex,
    QPersistentModelIndex,
    QRect,
    Signal,
)
from PySide6.QtGui import QPainter, QPaintEvent, QPalette, QResizeEvent
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QStyledItemDelegate, QTableView, QWidget

from flowmusic_gui.core.states import JobState
from flowmusic_gui.core.translatable import QT_TRANSLATE_NOOP
from flowmusic_gui.ui.i18n import state_label
from flowmusic_gui.ui.jobs.columns import HEADERS, Column, header_text
from flowmusic_gui.ui.lazy_qt import ALIGN_CENTER, ALIGN_LEFT_VCENTER, CUSTOM_CONTEXT_MENU, TEXT_WORD_WRAP, Qt
from flowmusic_gui.ui.text import format_local_qt

if TYPE_CHECKING:
    from collections.abc import Callable

    from PySide6.QtCore import QPoint
    from PySide6.QtWidgets import QMenu, QStyleOptionViewItem  # (its Python type and enums: built when a row draws)

EMPTY_HINT = QT_TRANSLATE_NOOP("JobsTable", "Paste job ids (Ctrl+V) or drop a file here")
NO_MATCH_HINT = QT_TRANSLATE_NOOP("JobsTable", "No job matches the filter")

# Fits the left side of the default window (1280 px, splitter 60/40); text columns measured from the font.
# Together they fit the table's share of the default 1280 px window without a horizontal scroll bar; the job id
# column (last) stretches into whatever is left.
DEFAULT_WIDTHS: dict[Column, int] = {
    Column.TITLE: 150,  # a minimum: the title stretches into the spare width
    Column.OPERATION: 66,
    Column.ACCOUNT: 104,
    Column.GENERATION: 72,
    Column.CLIPS: 40,
    Column.JOBID: 104,
    Column.KEPT: 44,
}
# Hidden by themselves, in this order, while the title would get less than MIN_TITLE pixels (in a window under
# about 1100 px all three), unless the user chose otherwise from the header's menu.
AUTO_HIDDEN = (Column.OPERATION, Column.GENERATION, Column.JOBID)
MIN_TITLE = 160


class _MiddleElide(QStyledItemDelegate):
    """Ids keep both ends (``job:15db…-bot:flowmusic``): the start and the account tell them apart."""

    def initStyleOption(self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex) -> None:
        super().initStyleOption(option, index)
        option.textElideMode = Qt.TextElideMode.ElideMiddle

# Samples measured in the active language and locale: "Ausstehend · 12:34" is wider than "Pending · 12:34", and
# the Created column's is the last minute of 2026 (31 December, 23:59).
_SAMPLE_DAY, _SAMPLE_MINUTE = (2026, 12, 31), (23, 59)


class JobsTable(QTableView):
    columns_chosen = Signal()  # the user showed or hid a column from the header's menu

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        # A viewport made here, so PySide6 already knows its Python type. The one Qt makes by itself is a plain
        # QWidget that PySide6 meets unwrapped in paintEvent; to find its type it builds the Python class of every
        # QWidget subclass (over 60, with their enums), which cost about 30 ms of the first paint.
        self.setViewport(QWidget())
        # What the viewport itself paints is the empty table's hint (a painter starts with this colour): the rows
        # are drawn by the delegate, in the palette's text colours.
        self.viewport().setForegroundRole(QPalette.ColorRole.PlaceholderText)
        self.setObjectName("jobsTable")
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.setSortingEnabled(True)
        self.setAlternatingRowColors(True)
        self.setShowGrid(False)
        self.setWordWrap(False)
        # Qt values set as ints through properties (ElideRight is the default): see lazy_qt.
        self.setProperty("contextMenuPolicy", CUSTOM_CONTEXT_MENU)
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
        hh.setProperty("defaultAlignment", ALIGN_LEFT_VCENTER)
        hh.setProperty("contextMenuPolicy", CUSTOM_CONTEXT_MENU)
        hh.customContextMenuRequested.connect(self._header_menu)
        self._middle = _MiddleElide(self)
        self.setItemDelegateForColumn(int(Column.JOBID), self._middle)
        self.source_empty = True
        #: Told when a paint of rows began, once it ended (the window's parts give it engine.turns' note: the next
        #: heavy piece of the loop's work waits a moment after a long paint).
        self.painted: Callable[[float], None] | None = None
        # The empty table's hint; the window holds it back until its jobs model is in (the first frame does not
        # know yet whether jobs are coming, and its painter then needs no QFont: see paintEvent).
        self.hint_wanted = True
        # column -> shown, for the columns the user chose from the header's menu (they override the width rule)
        self.user_columns: dict[Column, bool] = {}
        self._fitted: tuple[bool, ...] = ()
        self._widths: dict[Column, int] = {}

    def setSelectionModel(self, selectionModel: QItemSelectionModel) -> None:
        super().setSelectionModel(selectionModel)
        # The header paints each section knowing whether its neighbours are "selected" columns, which asks
        # about every row (select-all over 10,000 rows: 160,000 calls into the model, 100 ms per repaint). It
        # highlights nothing here anyway, so it gets a selection of its own that stays empty.
        model = self.model()
        if model is not None:
            self.horizontalHeader().setSelectionModel(QItemSelectionModel(model, self))

    def apply_default_widths(self) -> None:
        """The columns' first widths and order (a layout kept from an earlier run replaces them: the window state
        asks for these only without one)."""
        hh = self.horizontalHeader()
        for col in Column:
            hh.resizeSection(int(col), self.default_width(col))
        # The keeper's star reads with the title it marks (the model keeps the column last, so a layout saved
        # before it existed still restores; it then shows at the end).
        hh.moveSection(hh.visualIndex(int(Column.KEPT)), hh.visualIndex(int(Column.TITLE)) + 1)
        self.apply_resize_modes()

    def default_width(self, col: Column) -> int:
        """The column's first width in the language and locale shown."""
        fm = self.fontMetrics()
        if col is Column.STATUS:
            # The longest state in the language shown, a pending one with its clock included, and its icon.
            states = [state_label(s) for s in JobState if s is not JobState.PENDING]
            states.append(f"{state_label(JobState.PENDING)} · 12:34")
            return fm.horizontalAdvance(max(states, key=fm.horizontalAdvance)) + 22 + 16
        if col is Column.CREATED:
            from PySide6.QtCore import QDate, QDateTime, QTime  # (QDateTime's Python type: for a first start)

            return fm.horizontalAdvance(format_local_qt(QDateTime(QDate(*_SAMPLE_DAY), QTime(*_SAMPLE_MINUTE)))) + 16
        # No narrower than the column's name in the language shown ("Generación" is longer than "Generation");
        # the sort arrow may overlap it, as it does in English.
        return max(DEFAULT_WIDTHS.get(col, 100), fm.horizontalAdvance(header_text(col)) + 4)

    def apply_resize_modes(self) -> None:
        """The title takes the spare width (also after a saved header state, which carries its own modes)."""
        hh = self.horizontalHeader()
        hh.setStretchLastSection(False)
        hh.setMinimumSectionSize(36)
        for col in Column:
            mode = QHeaderView.ResizeMode.Stretch if col is Column.TITLE else QHeaderView.ResizeMode.Interactive
            hh.setSectionResizeMode(int(col), mode)
        self._fitted = ()
        self.fit_columns()

    # -- columns that come and go with the width ------------------------------------------------------------

    def auto_hidden(self) -> list[Column]:
        """The columns hidden now by the width rule (not by the user's choice)."""
        hh = self.horizontalHeader()
        return [c for c in AUTO_HIDDEN if c not in self.user_columns and hh.isSectionHidden(int(c))]

    def fit_columns(self) -> None:
        """Hide the less important columns, one by one, while the title would get under MIN_TITLE pixels;
        show them again when there is room."""
        hh = self.horizontalHeader()
        width = self.viewport().width() if self.isVisible() else self.width()
        shown = {c: self.user_columns.get(c, True) for c in Column}
        shown[Column.TITLE] = True

        for col in Column:
            if not hh.isSectionHidden(int(col)) and hh.sectionSize(int(col)) > 0:
                self._widths[col] = hh.sectionSize(int(col))  # a hidden section measures 0: keep its width

        def width_of(col: Column) -> int:
            # A column hidden since the window opened (a kept layout) is measured as it would first show.
            found = self._widths.get(col)
            if found is None:
                found = self._widths[col] = self.default_width(col)
            return found

        def needed() -> int:
            return MIN_TITLE + sum(width_of(c) for c in Column if shown[c] and c is not Column.TITLE)

        for col in AUTO_HIDDEN:
            if needed() <= width:
                break
            if col not in self.user_columns:
                shown[col] = False
        state = tuple(shown[c] for c in Column)
        if state == self._fitted:
            return
        self._fitted = state
        for col in Column:
            hh.setSectionHidden(int(col), not shown[col])

    def set_column_shown(self, column: Column, shown: bool) -> None:
        """The user's choice for ``column``, kept over the width rule."""
        self.user_columns[column] = shown
        self.horizontalHeader().setSectionHidden(int(column), not shown)
        self._fitted = ()
        self.fit_columns()  # the other columns make room, or take it back
        self.columns_chosen.emit()

    def user_columns_text(self) -> str:
        return ",".join(f"{int(c)}:{int(v)}" for c, v in sorted(self.user_columns.items()))

    def set_user_columns_text(self, text: str) -> None:
        chosen: dict[Column, bool] = {}
        for part in text.split(","):
            col, _, shown = part.partition(":")
            if col.isdigit() and shown in ("0", "1") and int(col) in set(Column):
                chosen[Column(int(col))] = shown == "1"
        self.user_columns = chosen
        self._fitted = ()
        self.fit_columns()

    def _header_menu(self, pos: QPoint) -> None:
        menu = self.header_menu()
        menu.exec(self.horizontalHeader().mapToGlobal(pos))
        menu.deleteLater()

    def header_menu(self) -> QMenu:
        from PySide6.QtWidgets import QMenu

        menu = QMenu(self)
        hh = self.horizontalHeader()
        for col in Column:
            if col in (Column.STATUS, Column.TITLE):
                continue  # a row without its state or title says nothing
            action = menu.addAction(QCoreApplication.translate("JobsTable", HEADERS[col]))
            action.setCheckable(True)
            action.setChecked(not hh.isSectionHidden(int(col)))
            action.toggled.connect(lambda shown, c=col: self.set_column_shown(c, shown))
        return menu

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self.fit_columns()

    def hint_text(self) -> str:
        """What the empty table says (painted in the viewport)."""
        return QCoreApplication.translate("JobsTable", EMPTY_HINT if self.source_empty else NO_MATCH_HINT)

    def paintEvent(self, event: QPaintEvent) -> None:
        started = time.perf_counter()
        super().paintEvent(event)
        model = self.model()
        if model is None or model.rowCount() > 0 or not self.hint_wanted:
            if self.painted is not None:
                self.painted(started)
            return
        painter = QPainter(self.viewport())
        # Drawn in the viewport's foreground colour, the placeholder text's (see __init__): the hint is in the first
        # frame, and setPen's overloads take a Qt enum, which makes PySide6 build its Qt namespace (see lazy_qt).
        font = painter.font()
        font.setPointSizeF(font.pointSizeF() * 1.15)
        painter.setFont(font)
        rect: QRect = self.viewport().rect().adjusted(24, 24, -24, -24)
        text = self.hint_text()
        painter.drawText(rect, ALIGN_CENTER | TEXT_WORD_WRAP, text)
        painter.end()

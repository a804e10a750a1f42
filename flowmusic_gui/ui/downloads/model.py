"""The Downloads panel's table model: one row per download of the queue, updated row by row as it moves."""

from __future__ import annotations

from enum import IntEnum
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QLocale, QModelIndex, QPersistentModelIndex, Qt

from flowmusic_gui.core.elapsed import format_elapsed
from flowmusic_gui.core.store import DownloadState
from flowmusic_gui.core.translatable import QT_TRANSLATE_NOOP
from flowmusic_gui.engine.downloads import DownloadItem
from flowmusic_gui.ui.i18n import Words, size_text

_Index = QModelIndex | QPersistentModelIndex


class Column(IntEnum):
    TITLE = 0
    FORMAT = 1
    STATE = 2
    SPEED = 3
    REMAINING = 4
    FILE = 5


HEADERS = {
    Column.TITLE: QT_TRANSLATE_NOOP("DownloadsModel", "Title"),
    Column.FORMAT: QT_TRANSLATE_NOOP("DownloadsModel", "Format"),
    Column.STATE: QT_TRANSLATE_NOOP("DownloadsModel", "Progress"),
    Column.SPEED: QT_TRANSLATE_NOOP("DownloadsModel", "Speed"),
    Column.REMAINING: QT_TRANSLATE_NOOP("DownloadsModel", "Remaining"),
    Column.FILE: QT_TRANSLATE_NOOP("DownloadsModel", "File"),
}


class DownloadText(Words):
    """The words of the downloads' rows."""


class Role(IntEnum):
    ITEM = int(Qt.ItemDataRole.UserRole) + 1  # the DownloadItem
    FRACTION = ITEM + 1  # 0..1 done, or -1 when the size is unknown


def eta_text(seconds: float | None) -> str:
    """The time a download has left, on the app's one stopwatch format ("" when unknown)."""
    return format_elapsed(seconds) if seconds is not None and seconds >= 0 else ""


def state_text(item: DownloadItem) -> str:
    """What the Progress column says: a user reads the state and how far it got."""
    if item.skipped:
        return DownloadText.tr("Already downloaded")
    if item.state is DownloadState.DONE:
        size = size_text(item.total or item.bytes_done)
        if item.warnings:
            return DownloadText.tr("Done, {size} (%Ln warning(s))", "", len(item.warnings)).format(size=size)
        return DownloadText.tr("Done, {size}").format(size=size)
    if item.state is DownloadState.FAILED:
        return DownloadText.tr("Failed: {problem}").format(problem=item.problem or DownloadText.tr("unknown reason"))
    if item.state is DownloadState.CANCELLED:
        return DownloadText.tr("Cancelled")
    if item.state is DownloadState.QUEUED:
        return DownloadText.tr("Queued")
    if item.problem:  # running, between tries
        return item.problem
    if item.total:
        pct = 100.0 * item.bytes_done / item.total if item.total else 0.0
        return DownloadText.tr("{percent}% of {size}").format(
            percent=QLocale().toString(pct, "f", 0), size=size_text(item.total)
        )
    return f"{size_text(item.bytes_done)}"


class DownloadsModel(QAbstractTableModel):
    """Rows in the order downloads were added; ``update`` changes one row (``dataChanged`` for it alone)."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._rows: list[DownloadItem] = []
        self._index: dict[int, int] = {}

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(Column)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole and 0 <= section < len(
            Column
        ):
            return self.tr(HEADERS[Column(section)])
        return None

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        item = self._rows[index.row()]
        col = Column(index.column())
        if role == Role.ITEM:
            return item
        if role == Role.FRACTION:
            if item.state is DownloadState.DONE:
                return 1.0
            return item.bytes_done / item.total if item.total else -1.0
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            text = self._text(item, col)
            if role == Qt.ItemDataRole.ToolTipRole:
                if col is Column.STATE and item.warnings:
                    text = "\n".join((text, *item.warnings))
                # Tooltips render rich text: server text must stay plain.
                from flowmusic_gui.ui.text import plain_tooltip

                return plain_tooltip(text) if text else None
            return text
        return None

    @staticmethod
    def _text(item: DownloadItem, col: Column) -> str:
        if col is Column.TITLE:
            return item.title
        if col is Column.FORMAT:
            return item.format
        if col is Column.STATE:
            return state_text(item)
        if col is Column.SPEED:
            if not item.speed or item.state is not DownloadState.RUNNING:
                return ""
            return DownloadText.tr("{size}/s").format(size=size_text(int(item.speed)))
        if col is Column.REMAINING:
            return eta_text(item.eta_s) if item.state is DownloadState.RUNNING else ""
        return str(item.target) if item.target is not None else ""

    # -- updates from the queue ---------------------------------------------------------------------------

    def update(self, item: DownloadItem) -> None:
        row = self._index.get(item.id)
        if row is None:
            row = len(self._rows)
            self.beginInsertRows(QModelIndex(), row, row)
            self._rows.append(item)
            self._index[item.id] = row
            self.endInsertRows()
            return
        self._rows[row] = item
        self.dataChanged.emit(self.index(row, 0), self.index(row, len(Column) - 1))

    def remove(self, ids: tuple[int, ...]) -> None:
        gone = set(ids)
        if not gone & self._index.keys():
            return
        self.beginResetModel()
        self._rows = [r for r in self._rows if r.id not in gone]
        self._index = {r.id: i for i, r in enumerate(self._rows)}
        self.endResetModel()

    def item_at(self, row: int) -> DownloadItem | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def row_of(self, download_id: int) -> int | None:
        return self._index.get(download_id)

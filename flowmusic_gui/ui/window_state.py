"""The window's state across restarts: geometry, the splitter, the table's columns and sort, the filter, the
search and the selected job, kept in the options file's window section (apart from the settings)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from flowmusic_gui.ui.jobs.columns import Column
from flowmusic_gui.ui.jobs.filter import StatusFilter
from flowmusic_gui.ui.lazy_qt import Qt

if TYPE_CHECKING:
    from PySide6.QtWidgets import QMainWindow, QSplitter

    from flowmusic_gui.ui.jobs.filter_bar import FilterBar
    from flowmusic_gui.ui.jobs.model import JobsModel
    from flowmusic_gui.ui.jobs.table import JobsTable
    from flowmusic_gui.ui.options import Options


class WindowState:
    """Restores the window's parts on construction (``restore``) and saves them (``save``) on close."""

    def __init__(
        self, options: Options, window: QMainWindow, splitter: QSplitter, table: JobsTable, filters: FilterBar
    ) -> None:
        self.options, self.window, self.splitter, self.table, self.filters = options, window, splitter, table, filters

    def restore(self, *, sort: bool = True) -> None:
        """The layout (the columns' default widths and order where none was kept); with ``sort`` the table's sort
        too (the skeleton's first frame leaves that to ``restore_sort`` after it: a sort order is a Qt enum, see
        lazy_qt)."""
        o = self.options
        geometry = o.window_bytes("geometry")
        if geometry is not None:
            self.window.restoreGeometry(geometry)
        splitter = o.window_bytes("splitter")
        if splitter is not None:
            self.splitter.restoreState(splitter)
        header = o.window_bytes("header")
        if header is None or not self.table.horizontalHeader().restoreState(header):
            self.table.apply_default_widths()  # a first start, or a kept header this version cannot read
        self.table.set_user_columns_text(o.window_value("user_columns", ""))
        self.table.apply_resize_modes()
        if sort:
            self.restore_sort()
        self.filters.restore(o.window_value("status_filter", StatusFilter.ALL.value), o.window_value("search", ""))

    def restore_sort(self) -> None:
        """Sort the table as it was (by creation time, newest first, the first time)."""
        o = self.options
        column = o.window_value("sort_column", int(Column.CREATED))
        orders = [int(v.value) for v in Qt.SortOrder]  # a hand-edited file may hold any number there
        order = Qt.SortOrder(o.window_value("sort_order", int(Qt.SortOrder.DescendingOrder.value), orders))
        if not 0 <= column < len(Column):
            column = int(Column.CREATED)
        self.table.sortByColumn(column, order)

    def remembered_selection(self) -> str:
        """The job selected when the app last closed ("" for none)."""
        return self.options.window_value("selected", "")

    def downloads_were_open(self) -> bool:
        """Whether the Downloads panel was open when the window last closed (or last saved its layout)."""
        return self.options.window_value("downloads_open", False)

    def restore_docks(self) -> None:
        """Where the docks were (the Downloads panel, once it exists)."""
        state = self.options.window_bytes("dock_state")
        if state is not None:
            self.window.restoreState(state)

    def save(
        self, model: JobsModel | None, selected: str, *, sync: bool = True, downloads_open: bool | None = None
    ) -> None:
        """Keep the layout; ``sync`` writes the file now (at close), else QSettings does from the event loop.
        ``downloads_open`` None: the panel was not made this run, and what the last run said stands."""
        o = self.options
        o.set_window_bytes("geometry", self.window.saveGeometry())
        o.set_window_bytes("splitter", self.splitter.saveState())
        o.set_window_bytes("header", self.table.horizontalHeader().saveState())
        o.set_window_value("user_columns", self.table.user_columns_text())
        # (Not yet sorted, or no jobs model yet: a window closed before its first paint keeps what was kept.)
        if model is not None and model.sort_column >= 0:
            o.set_window_value("sort_column", model.sort_column)
            o.set_window_value("sort_order", int(model.sort_order.value))
        o.set_window_value("status_filter", self.filters.proxy.status_filter.value)
        o.set_window_value("search", self.filters.search.text())
        o.set_window_value("selected", selected)
        if downloads_open is not None:
            o.set_window_value("downloads_open", downloads_open)
            o.set_window_bytes("dock_state", self.window.saveState())
        if sync:
            o.sync()

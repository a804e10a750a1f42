"""The jobs table's selection: which jobs are selected (read from the selection's ranges, never cell by cell:
select-all over 10,000 rows stays instant), selecting jobs by id, and the row order the media controls follow."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from PySide6.QtCore import QItemSelection, QItemSelectionModel, QModelIndex, QObject, Signal

from flowmusic_gui.core.states import COUNT_ORDER, JobState
from flowmusic_gui.ui.i18n import state_count
from flowmusic_gui.ui.jobs.columns import Column, Role

if TYPE_CHECKING:
    from flowmusic_gui.engine.types import JobView
    from flowmusic_gui.ui.jobs.filter import JobsFilterProxy
    from flowmusic_gui.ui.jobs.model import JobsModel
    from flowmusic_gui.ui.jobs.table import JobsTable

#: Selected jobs counted by state at most (select-all must stay instant).
SUMMARY_COUNTED = 20_000


class Selection(QObject):
    """``changed`` when the selected rows change, ``current_changed`` when the row to show may differ."""

    changed = Signal()
    current_changed = Signal()

    def __init__(self, table: JobsTable, proxy: JobsFilterProxy) -> None:
        super().__init__(table)
        self.table, self.proxy = table, proxy
        sel = table.selectionModel()
        sel.selectionChanged.connect(lambda _s, _d: self.changed.emit())
        sel.currentRowChanged.connect(lambda _c, _p: self.current_changed.emit())

    @property
    def model(self) -> JobsModel:
        """The jobs model behind the proxy (there from the window's parts on: nothing is selected before)."""
        return self.proxy.jobs_model()

    def holds_row(self, source_row: int) -> bool:
        """Whether the table holds this model row: selected, or the current row (the model then moves it, so it
        keeps both, rather than taking it out and putting it back elsewhere)."""
        idx = self.proxy.mapFromSource(self.model.index(source_row, 0))
        if not idx.isValid():
            return False  # filtered out: nothing in the table refers to it
        sel = self.table.selectionModel()
        return sel.currentIndex().row() == idx.row() or sel.isRowSelected(idx.row(), QModelIndex())

    def proxy_spans(self) -> list[tuple[int, int]]:
        """The selected rows as (first, last) runs of proxy rows, top down, each row once."""
        selection = self.table.selectionModel().selection()
        spans = sorted({(r.top(), r.bottom()) for r in (selection.at(i) for i in range(selection.count()))})
        merged: list[tuple[int, int]] = []
        for top, bottom in spans:
            if merged and top <= merged[-1][1] + 1:
                merged[-1] = (merged[-1][0], max(merged[-1][1], bottom))
            else:
                merged.append((top, bottom))
        return merged

    def selected_count(self) -> int:
        return sum(bottom - top + 1 for top, bottom in self.proxy_spans())

    def iter_selected_views(self) -> Iterator[JobView]:
        """The selected jobs in table order, one at a time.

        Read from the selection's ranges rather than ``selectedRows()``, which asks the model about every
        cell: with all of 10,000 rows selected that alone blocked the window for most of a second.
        """
        spans = self.proxy_spans()
        if not spans:
            return  # (the window's first frame has no jobs model yet, and nothing to select)
        proxy, model = self.proxy, self.model
        for top, bottom in spans:
            for row in range(top, bottom + 1):
                source = proxy.mapToSource(proxy.index(row, 0))
                if source.isValid():
                    yield model.view_at(source.row())

    def selected_views(self) -> list[JobView]:
        return list(self.iter_selected_views())

    def selected_jobids(self) -> list[str]:
        return [v.jobid for v in self.iter_selected_views()]

    def current_view(self) -> JobView | None:
        """The job the detail pane shows: the current row if it is selected, else the first selected one."""
        idx = self.table.currentIndex()
        if not idx.isValid() or not self.table.selectionModel().isRowSelected(idx.row(), QModelIndex()):
            return next(self.iter_selected_views(), None)
        from flowmusic_gui.engine.types import JobView

        view = self.proxy.data(idx, Role.JOB)
        return view if isinstance(view, JobView) else None

    def is_selected(self, jobid: str) -> bool:
        idx = self._proxy_index(jobid)
        return idx is not None and self.table.selectionModel().isRowSelected(idx.row(), QModelIndex())

    def _proxy_index(self, jobid: str) -> QModelIndex | None:
        row = self.model.row_of(jobid)
        if row is None:
            return None
        idx = self.proxy.mapFromSource(self.model.index(row, 0))
        return idx if idx.isValid() else None

    def is_shown(self, jobid: str) -> bool:
        """Whether the job's row is in the table as filtered (False for one it does not track)."""
        return self._proxy_index(jobid) is not None

    def select_jobids(self, jobids: list[str]) -> None:
        sel = self.table.selectionModel()
        selection = QItemSelection()
        first: QModelIndex | None = None
        for jobid in jobids:
            idx = self._proxy_index(jobid)
            if idx is None:
                continue
            selection.select(idx, idx.siblingAtColumn(len(Column) - 1))
            first = first or idx
        if first is None:
            return
        sel.select(
            selection, QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows
        )
        sel.setCurrentIndex(first, QItemSelectionModel.SelectionFlag.NoUpdate)
        self.table.scrollTo(first)
        self.current_changed.emit()

    def select_row_at(self, index: QModelIndex) -> None:
        """A right click on a row that is not selected selects it alone (as file managers do)."""
        if index.isValid() and not self.table.selectionModel().isRowSelected(index.row(), QModelIndex()):
            self.table.selectionModel().select(
                index, QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows
            )
            self.table.setCurrentIndex(index)

    def successor(self, removed: set[str]) -> str | None:
        """The row a person expects selected once the selected rows go: the next one below, else above."""
        spans = self.proxy_spans()
        if not spans or not removed:
            return None
        first, last = spans[0][0], spans[-1][1]
        proxy = self.proxy

        def jobid_at(row: int) -> str | None:
            value = proxy.index(row, 0).data(Role.JOBID)
            return value if isinstance(value, str) else None

        below = last + 1
        while below < proxy.rowCount():
            jid = jobid_at(below)
            if jid is not None and jid not in removed:
                return jid
            below += 1
        above = first - 1
        while above >= 0:
            jid = jobid_at(above)
            if jid is not None and jid not in removed:
                return jid
            above -= 1
        return None

    def hidden_by_filter(self, jobids: list[str]) -> int:
        """How many of these (already inserted) jobs the filter or the search hides."""
        if not self.proxy.filtering:
            return 0
        hidden = 0
        for jid in jobids[:1000]:
            if self.model.row_of(jid) is not None and not self.is_shown(jid):
                hidden += 1
        return hidden

    # -- the rows in the table's order, one at a time (the media controls walk from the playing row) ---------

    def row_count(self) -> int:
        return self.proxy.rowCount()

    def row_of(self, jobid: str) -> int | None:
        """The job's row in the table as sorted and filtered (None when it is not shown)."""
        idx = self._proxy_index(jobid)
        return idx.row() if idx is not None else None

    def view_at_row(self, row: int) -> JobView | None:
        source = self.proxy.mapToSource(self.proxy.index(row, 0))
        return self.model.view_at(source.row()) if source.isValid() else None

    def view_of(self, jobid: str) -> JobView | None:
        """The tracked job ``jobid`` (shown or not)."""
        row = self.model.row_of(jobid)
        return self.model.view_at(row) if row is not None else None

    def completed_count(self) -> int:
        return self.model.counts()[JobState.COMPLETED]

    def ordered_views(self) -> list[JobView]:
        """Every row's job, in the table's order (as sorted and filtered)."""
        from flowmusic_gui.engine.types import JobView

        proxy = self.proxy
        views = [proxy.data(proxy.index(r, 0), Role.JOB) for r in range(proxy.rowCount())]
        return [v for v in views if isinstance(v, JobView)]

    def summary(self, count: int) -> str:
        """ "3 jobs selected: 2 completed, 1 pending" (states in the status bar's order)."""
        head = self.tr("%n jobs selected", "", count)
        by_state: dict[JobState, int] = {}
        if count == self.model.rowCount() and not self.proxy.filtering:
            by_state.update(self.model.counts())  # select-all: the model keeps these counts already
        elif count > SUMMARY_COUNTED:
            return head
        else:
            for v in self.iter_selected_views():
                by_state[v.state] = by_state.get(v.state, 0) + 1
        parts = [state_count(s, by_state[s]) for s in COUNT_ORDER if by_state.get(s)]
        return self.tr("{head}: {states}").format(head=head, states=", ".join(parts)) if parts else head

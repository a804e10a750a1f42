"""The tracker, bound to the window's parts: its signals update the table model, the status bar, the notices and
the activity list; one timer (at most once a second) advances pending jobs' elapsed times and the counts."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QObject, QTimer, Signal

from flowmusic_gui.core.states import COUNT_ORDER
from flowmusic_gui.ui.activity import ActivityLog, Kind
from flowmusic_gui.ui.i18n import state_count
from flowmusic_gui.ui.jobs.columns import Category

if TYPE_CHECKING:
    from flowmusic_gui.engine.tracker import Tracker
    from flowmusic_gui.engine.types import ConnectionProblem, JobView
    from flowmusic_gui.ui.jobs.filter_bar import FilterBar
    from flowmusic_gui.ui.jobs.model import JobsModel
    from flowmusic_gui.ui.jobs.table import JobsTable
    from flowmusic_gui.ui.notices import NoticeArea
    from flowmusic_gui.ui.selection import Selection
    from flowmusic_gui.ui.status_bar import WindowStatus


class TrackerBinding(QObject):
    """``loaded`` once the stored jobs reached the table; ``job_updated`` after a row took a change;
    ``counts_changed`` with the status bar's sentence."""

    loaded = Signal()
    job_updated = Signal(object)  # JobView
    counts_changed = Signal(str)

    def __init__(
        self,
        model: JobsModel | None,
        table: JobsTable,
        selection: Selection,
        filters: FilterBar,
        status: WindowStatus,
        notices: NoticeArea,
        activity: ActivityLog,
        *,
        remembered: Callable[[], str],
        notify: Callable[[JobView], None],
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._model: JobsModel | None = None
        self.table, self.selection, self.filters = table, selection, filters
        self.status, self.notices, self.activity = status, notices, activity
        self._remembered = remembered
        self._notify = notify
        self.closed = False
        self._counts_dirty = False
        self._last_problem = ""
        self._remembered_waiting = ""  # the job to select again once its row comes (a long stored list)
        if model is not None:
            self.use_model(model)
        # The one timer of the table: elapsed times of pending jobs, and the counts when they changed.
        self._tick = QTimer(self)
        self._tick.setInterval(1000)
        self._tick.timeout.connect(self._on_tick)

    def use_model(self, model: JobsModel) -> None:
        """The jobs model the rows go to (the window's skeleton paints its first frame before it is made)."""
        self._model = model
        model.batch_inserted.connect(self._on_batch_inserted)
        model.holds_row = self.selection.holds_row  # a row the table holds moves with its selection as it re-sorts

    @property
    def model(self) -> JobsModel:
        assert self._model is not None, "the jobs model comes with the window's parts"
        return self._model

    def bind(self, tracker: Tracker) -> None:
        from flowmusic_gui.engine.turns import turns

        # A long paint of the table is one of the loop's heavy pieces too: the next (a slice taken in, a look at a
        # long list) waits a moment after it.
        self.table.painted = turns().note
        tracker.jobs_loaded.connect(self._on_jobs_loaded)
        tracker.jobs_added.connect(self._on_jobs_added)
        tracker.jobs_removed.connect(self._on_jobs_removed)
        tracker.job_changed.connect(self._on_job_changed)
        tracker.job_finished.connect(self._on_job_finished)
        tracker.problem.connect(self._on_problem)
        tracker.problem_cleared.connect(self._on_problem_cleared)
        tracker.rate_limited.connect(self.status.show_rate_limited)
        tracker.store_problem.connect(self.notices.store_problem)

    # -- rows -----------------------------------------------------------------------------------------------

    def _on_jobs_loaded(self, views: list[JobView]) -> None:
        self.status.bar.clearMessage()  # "Loading…"
        # A long stored list comes in as a batch, a time slice a turn (10,000 rows in one turn held the loop
        # ~140 ms): the first rows now, the rest on the next turns (the model knows them all at once).
        first = self.model.SMALL_BATCH
        self.model.set_jobs(views[:first])
        if len(views) > first:
            self.model.add_jobs(views[first:])
        self.after_rows_changed()
        # The job selected when the app last closed is selected again (when its row comes, in a long list).
        remembered = self._remembered()
        if remembered and self.selection.selected_count() == 0:
            if self.model.row_of(remembered) is not None:
                self.selection.select_jobids([remembered])
            elif self.model.job(remembered) is not None:
                self._remembered_waiting = remembered
        self.loaded.emit()

    def _on_jobs_added(self, views: list[JobView]) -> None:
        self.model.add_jobs(views)
        if self.model.batching:
            self._on_batch_inserted()  # the counts follow with the tick, not a pass over every row now
        else:
            self.after_rows_changed()

    def _on_jobs_removed(self, jobids: list[str]) -> None:
        successor = self.selection.successor(set(jobids))
        self.model.remove_jobs(jobids)
        self.after_rows_changed()
        if successor is not None and self.selection.selected_count() == 0:
            self.selection.select_jobids([successor])

    def _on_job_changed(self, view: JobView) -> None:
        self.model.update_job(view)
        # Counts are recounted by the tick, at most once a second, however many jobs change.
        self._counts_dirty = True
        self._start_tick()
        if view.problem is None:
            self.status.clear_rate_limited()
        self.job_updated.emit(view)

    def _on_job_finished(self, view: JobView) -> None:
        if not self.closed:  # a late signal must not make a new tray icon for a closed window
            from flowmusic_gui.ui.desktop.notifications import describe

            title, body = describe(view)
            self.activity.add(Kind.SONG, f"{title}: {body}", icon=view.words.icon)
            self._notify(view)

    def _on_batch_inserted(self) -> None:
        # A big paste arrives over many turns: the counts follow with the tick; the accounts once it is in.
        self.table.source_empty = self.model.rowCount() == 0
        self.table.viewport().update()
        self._counts_dirty = True
        self._start_tick()
        waiting = self._remembered_waiting
        if waiting and self.model.row_of(waiting) is not None:
            self._remembered_waiting = ""
            if self.selection.selected_count() == 0:
                self.selection.select_jobids([waiting])
        if not self.model.batching:
            self._remembered_waiting = ""
            self.filters.set_accounts(self.model.accounts())

    def after_rows_changed(self) -> None:
        self.filters.set_accounts(self.model.accounts())
        self.table.source_empty = self.model.rowCount() == 0
        self.table.viewport().update()
        self.update_counts()
        if self.model.has_pending():
            self._start_tick()

    # -- the connection -------------------------------------------------------------------------------------

    def _on_problem(self, problem: ConnectionProblem) -> None:
        text = problem.message
        if text != self._last_problem:  # said once per new problem, not at every retry
            self._last_problem = text
            self.activity.add(Kind.PROBLEM, text)
        self.status.show_connection_problem(text, problem.retry_in)

    def _on_problem_cleared(self) -> None:
        if self._last_problem:
            self._last_problem = ""
            self.activity.add(Kind.INFO, QCoreApplication.translate("MainWindow", "The API answers again"))
        self.status.clear_connection_problem()

    # -- the tick and the counts ----------------------------------------------------------------------------

    def _start_tick(self) -> None:
        if not self._tick.isActive() and not self.closed:
            self._tick.start()

    def _visible_source_rows(self) -> list[int]:
        view, proxy = self.table, self.selection.proxy
        top = view.rowAt(0)
        if top < 0:
            return []
        bottom = view.rowAt(view.viewport().height() - 1)
        if bottom < 0:
            bottom = proxy.rowCount() - 1
        rows = []
        for r in range(top, bottom + 1):
            src = proxy.mapToSource(proxy.index(r, 0))
            if src.isValid():
                rows.append(src.row())
        return rows

    def _on_tick(self) -> None:
        self.model.tick(self._visible_source_rows())
        if self._counts_dirty:
            self.update_counts()
        if not self._counts_dirty and not self.model.has_pending():
            self._tick.stop()

    def update_counts(self) -> None:
        self._counts_dirty = False
        model = self._model
        parts: list[str] = []
        total, by_category = 0, {}
        if model is not None:  # (none in the skeleton's first frame: no job yet)
            counts = model.counts()
            parts = [state_count(s, counts[s]) for s in COUNT_ORDER if counts[s]]
            total, by_category = model.rowCount(), model.category_counts()
        self.filters.set_counts(total, by_category)
        queued = by_category.get(Category.QUEUED, 0)  # songs in the app's queue: rows, not jobs yet
        text = " · ".join(parts) if parts else self.tr("No jobs")
        if total - queued:
            text = self.tr("%Ln job(s): {counts}", "", total - queued).format(counts=text)
        if queued:
            text += " · " + self.tr("%Ln song(s) queued", "", queued)
        self.status.counts_label.setText(text)
        self.counts_changed.emit(text)

    def close(self) -> None:
        self.closed = True
        self._tick.stop()

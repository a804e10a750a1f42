"""The tracked jobs as a table model: one row per job, a jobid -> row index, one row updated per change.

Sorting happens here, in Python, on keys computed once per row: QSortFilterProxyModel's C++ sort would
call ``data()`` across the Python boundary about 270,000 times for 10,000 rows (seconds); ``sorted()`` on
cached keys takes milliseconds. The filter proxy (jobs.filter) forwards ``sort()`` here.

New jobs go in by batches: a paste of 100,000 ids is taken in over several event-loop turns of at most
``BATCH_SLICE_S`` each, and each turn inserts its rows as a few contiguous blocks (one per place they land in
the sorted order) rather than one signal per row, which the proxy pays for with a pass over every row.

Rows stay in order as they change without a pass over the table: a row whose sort key changed moves on its own
(removed and inserted again, or moved when the view holds it selected or current), a few at a time; only rows
that scatter through the order (a paste sorted by title) are sorted all at once, after the last of them came.
A full re-sort costs the filter proxy a call of its Python filter per row (25 ms for 30,000 rows).
"""

from __future__ import annotations

import gc
import time
import weakref
from collections import deque
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QTimer,
    Signal,
)

from flowmusic_gui.core.states import JobState
from flowmusic_gui.ui import icons
from flowmusic_gui.ui.i18n import state_text
from flowmusic_gui.ui.jobs.columns import COLUMNS, HEADER_TIPS, STAR, Category, Column, Role, header_text
from flowmusic_gui.ui.jobs.columns import HEADERS as HEADERS  # (the columns' names, read from here too)
from flowmusic_gui.ui.jobs.columns import header_stand_in as header_stand_in
from flowmusic_gui.ui.lazy_qt import ALIGN_RIGHT_VCENTER, DISPLAY_ROLE, TOOLTIP_ROLE, Qt
from flowmusic_gui.ui.text import elide, format_elapsed, format_generation, format_local, plain_tooltip

if TYPE_CHECKING:  # views arrive as data; naming their type needs no import before the first paint
    from datetime import datetime

    from flowmusic_gui.engine.types import JobView

_Index = QModelIndex | QPersistentModelIndex
_ROOT = QModelIndex()
DISPLAY_SHOWN = 300  # characters of API text a cell holds (the detail pane and the tooltip say more)


def waiting_for_token_text() -> str:
    return QCoreApplication.translate("JobsModel", "Waiting for an API token")


# Roles and values data() answers most, as plain ints (see lazy_qt): Qt.ItemDataRole's Decoration, TextAlignment
# and AccessibleText; Qt.AlignmentFlag.AlignRight | AlignVCenter.
_DISPLAY, _DECORATION, _ALIGNMENT, _ACCESSIBLE = DISPLAY_ROLE, 1, 7, 11
_STATUS = int(Column.STATUS)
_RIGHT_ALIGNED = frozenset((int(Column.GENERATION), int(Column.CLIPS)))
_RIGHT = ALIGN_RIGHT_VCENTER

#: The roles data() answers (any other is None at once).
_ROLES = frozenset(
    # Display, Decoration, ToolTip, TextAlignment and AccessibleText (Qt.ItemDataRole's 0, 1, 3, 7 and 11)
    (_DISPLAY, _DECORATION, TOOLTIP_ROLE, _ALIGNMENT, _ACCESSIBLE, *(int(r) for r in Role))
)


def category_of(view: JobView) -> Category:
    if view.submission is not None:
        return Category.QUEUED
    if view.state in (JobState.NOT_FOUND, JobState.FORBIDDEN):
        return Category.PROBLEMS
    if view.state is JobState.COMPLETED:
        return Category.COMPLETED
    if view.state is JobState.FAILED:
        return Category.FAILED
    return Category.PROBLEMS if view.problem else Category.IN_PROGRESS


def take_label(view: JobView, index: int) -> str:
    """What a take is called in the table and the detail view: A, B, ... (1, 2, ... past 26), a stem by its
    name."""
    clips = view.record.clips if view.record is not None else ()
    if view.operation == "stems" and 0 <= index < len(clips):
        title = clips[index].title
        if title and title.strip():
            return elide(title.strip(), 16)
    return chr(ord("A") + index) if len(clips) <= 26 else str(index + 1)


def kept_takes(view: JobView) -> list[str]:
    """The labels of the job's kept takes, in the record's order ("B"); a kept clip the record does not list
    (yet) is counted without a label."""
    if not view.kept:
        return []
    clips = view.record.clips if view.record is not None else ()
    order = {clip.clip: i for i, clip in enumerate(clips) if clip.clip}
    found = sorted(order[c] for c in view.kept if c in order)
    return [take_label(view, i) for i in found] + ["?"] * sum(c not in order for c in view.kept)


def _utc(dt: datetime) -> datetime:
    if dt.tzinfo is not None:
        return dt
    from datetime import timezone  # (a naive time, rare: datetime is not imported before the first paint)

    return dt.replace(tzinfo=timezone.utc)


_clock: Callable[[], datetime] | None = None


def _utc_now() -> datetime:
    """Now, in UTC (``datetime`` imported at the first call, after the window's first paint)."""
    global _clock
    if _clock is None:
        from datetime import datetime, timezone
        from functools import partial

        _clock = partial(datetime.now, timezone.utc)
    return _clock()


class _Row:
    """A JobView plus what the table needs from it again and again (computed once per change)."""

    __slots__ = ("account", "category", "cells", "created_ts", "haystack", "kept", "keys", "view")

    def __init__(self, view: JobView) -> None:
        self.view = view
        #: The shown text of every column but the status (which carries a running clock), made on the row's first
        #: paint: a paint asks each visible cell again, and a row is replaced, not changed, when its job changes.
        self.cells: list[str] | None = None
        self.category = category_of(view)
        email = view.email
        if not email:
            from flowmusic_gui.core.jobids import split_jobid  # compiles its patterns: not before the first paint

            parts = split_jobid(view.jobid)
            email = parts.email if parts is not None else ""
        self.account = email
        created = view.created_at or view.added_at
        self.created_ts = _utc(created).timestamp()
        parts_text = [view.jobid, view.title or "", view.prompt or ""]
        if view.record is not None:
            parts_text.extend(clip.lyrics or "" for clip in view.record.clips)
            parts_text.extend(clip.title or "" for clip in view.record.clips[1:])
        self.haystack = "\n".join(parts_text).casefold()
        gen = view.generation_s
        self.kept = " ".join(kept_takes(view))
        title, operation = view.display_title, view.operation  # each a walk through the record
        # Every key is (missing, value) with one value type per column, so tuples always compare.
        self.keys: tuple[tuple[int, Any], ...] = (
            (0, (view.state.words.rank, -self.created_ts)),
            (0 if title else 1, title.casefold()),
            (0 if operation else 1, (operation or "").casefold()),
            (0 if email else 1, email.casefold()),
            (0, self.created_ts),
            (0 if gen is not None else 1, gen or 0.0),
            (0, view.clip_count),
            (0, view.jobid),
            (0 if self.kept else 1, self.kept),
        )

    def sort_value(self, column: int) -> float | int | str:
        """A plain value (not a display string) that orders like the sort key, for Role.SORT."""
        if column == Column.STATUS:
            return self.view.state.words.rank
        key = self.keys[column][1]
        return key if isinstance(key, int | float | str) else str(key)


def _settle_long_lived() -> None:
    """Tell the cyclic garbage collector that what exists now (the rows just taken in) is long-lived.

    The rows of 200,000 jobs are a few million tracked objects; each full collection walks all of them, and
    those came every few thousand new rows, holding the event loop 100 ms or more. Frozen objects are never
    walked again: rows removed later are still freed by their reference counts (rows hold no cycles), and the
    price is that the few cyclic scraps made during the batch stay until exit. Collecting them first would
    walk every new row once more (120 ms after 100,000 of them).
    """
    gc.freeze()


class JobsModel(QAbstractTableModel):
    """Rows of :class:`JobView`; ``update_job`` changes one row and emits ``dataChanged`` for it only."""

    RESORT_DELAY_MS = 300
    #: GUI time one turn of taking in new jobs may use (the loop must never block over 100 ms).
    BATCH_SLICE_S = 0.025
    #: Up to this many new jobs get their rows at once, inside add_jobs.
    SMALL_BATCH = 500
    #: More separate places than this in one turn: append the rows and sort once, after the last turn.
    MAX_RUNS_PER_SLICE = 64
    #: Rows given at once from this many on are told to the garbage collector as long-lived (see _settle_long_lived):
    #: the tracker's slices shrink to a few dozen jobs when its turns run long.
    FREEZE_AT = 20
    #: Rows whose sort key changed move one by one (each ~0.3 ms through the proxy) up to this many at a time;
    #: more are put in order by one full sort.
    MAX_MOVES = 48
    #: A full sort waits while rows keep arriving (it would have to be done again), but never longer than this.
    RESORT_MAX_WAIT_S = 3.0

    batch_inserted = Signal()  # a later turn of a batch added rows (the first turn is add_jobs' own)

    def __init__(
        self, parent: QObject | None = None, *, now: Callable[[], datetime] | None = None
    ) -> None:
        super().__init__(parent)
        self._rows: list[_Row] = []
        # jobid -> row; positions from _dirty_from on are stale until _fresh_index() (membership is always right).
        self._index: dict[str, int] = {}
        self._dirty_from: int | None = None
        self._incoming: dict[str, JobView] = {}  # added, not yet in a row (a batch in progress)
        # Their ids, oldest first: taking the first key of a dict whose front was popped walks the emptied
        # slots each time (2 s over 100,000 ids), a deque does not.
        self._incoming_order: deque[str] = deque()
        # Kept as rows come, change and go: the status bar asks every second, and a pass over 200,000 rows
        # each time held the loop for tens of milliseconds.
        self._state_counts: dict[JobState, int] = dict.fromkeys(JobState, 0)
        self._problems = 0
        self._category_counts: dict[Category, int] = dict.fromkeys(Category, 0)
        self._account_counts: dict[str, int] = {}  # rows per account (the filter bar's list of accounts)
        self._gc_paused = False  # automatic collection is off while a batch runs (see add_jobs)
        self._gc_guard: weakref.finalize[Any, Any] | None = None
        self._batch_timer = QTimer(self)
        self._batch_timer.setInterval(0)
        self._batch_timer.timeout.connect(self._insert_slice)
        self._now = now or _utc_now
        self._sort_column = -1
        self._sort_order: Qt.SortOrder | None = None  # Qt.SortOrder once sorted (see lazy_qt)
        self._closed = False
        self._waiting_for_token = False
        # A change to a sorted column re-sorts once after a short pause: 1,000 changes a second would
        # otherwise re-map the filter proxy a thousand times.
        self._resort_timer = QTimer(self)
        self._resort_timer.setSingleShot(True)
        self._resort_timer.setInterval(self.RESORT_DELAY_MS)
        self._resort_timer.timeout.connect(self._on_resort_due)
        self._misplaced: set[str] = set()  # rows whose sort key changed since they were placed
        self._resort_all = False  # rows were appended out of order: one full sort is due
        self._last_insert = 0.0  # perf_counter() of the last rows inserted
        self._resort_wanted_at = 0.0  # when a full sort first fell due
        #: Whether the view holds this row (selected or current): such a row keeps its selection by being moved,
        #: never removed and inserted again. The window sets it; without it every row is moved.
        self.holds_row: Callable[[int], bool] | None = None

    # -- Qt model interface ----------------------------------------------------------------------

    def rowCount(self, parent: _Index = _ROOT) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: _Index = _ROOT) -> int:
        # Asked once per index the proxy or a selection makes: a constant, not len() of an enum.
        return 0 if parent.isValid() else COLUMNS

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = DISPLAY_ROLE) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(Column):
            return None
        if role == DISPLAY_ROLE:
            return header_text(Column(section))
        if role == TOOLTIP_ROLE:
            tip = HEADER_TIPS.get(Column(section))
            return self.tr(tip) if tip else None
        return None

    def index(self, row: int, column: int, parent: _Index = _ROOT) -> QModelIndex:
        # Asked for eight times per painted cell (the filter proxy maps each of its calls). Qt's own asks
        # rowCount() and columnCount() each time: two calls from C++ into Python instead of this one. Each such call
        # takes the interpreter lock, and while a worker thread runs Python (a long list parsed, rows written)
        # every one waits its turn: a paint of the table cost 35 ms of CPU instead of 9 with one busy worker.
        if 0 <= row < len(self._rows) and 0 <= column < COLUMNS and not parent.isValid():
            return self.createIndex(row, column)
        return QModelIndex()

    def data(self, index: _Index, role: int = DISPLAY_ROLE) -> Any:
        # A paint asks each visible cell for seven roles; four (font, colours, check state) are not ours. Every
        # call crosses from C++ into Python, so the common ones are answered first and from what the row keeps.
        if role not in _ROLES:
            return None
        row_no, col = index.row(), index.column()  # an invalid index is row -1
        rows = self._rows
        if not 0 <= row_no < len(rows) or not 0 <= col < COLUMNS:
            return None
        row = rows[row_no]
        if role == _DISPLAY:
            if col == _STATUS:
                return elide(self._status_text(row.view), DISPLAY_SHOWN)
            cells = row.cells
            if cells is None:
                # A cell is measured and elided on every paint: a megabyte title or email would stall each one.
                cells = row.cells = [elide(self._display(row, c), DISPLAY_SHOWN) for c in range(COLUMNS)]
            return cells[col]
        if role == _ALIGNMENT:
            return _RIGHT if col in _RIGHT_ALIGNED else None
        if role == _DECORATION:
            if col == _STATUS:
                view = row.view
                return icons.state_icon(view.state, problem=bool(view.problem) and not view.is_terminal)
            return None
        view = row.view
        if role == TOOLTIP_ROLE:
            return self._tooltip(row, col)
        if role == _ACCESSIBLE:
            return self.kept_text(row) if col == Column.KEPT else None
        if role == Role.JOB:
            return view
        if role == Role.JOBID:
            return view.jobid
        if role == Role.SORT:
            return row.sort_value(col)
        if role == Role.STATE:
            return view.state.value
        if role == Role.CATEGORY:
            return row.category.value
        return None

    # No flags() override: QAbstractTableModel's own gives enabled, selectable, never has children, in C++.
    # A Python one is called for every cell of a selection (select-all over 10,000 rows: 160,000 calls).

    def sort(self, column: int, order: Qt.SortOrder | None = None) -> None:
        order = Qt.SortOrder.AscendingOrder if order is None else order
        column = column if 0 <= column < len(Column) else -1
        if column == self._sort_column and order == self._sort_order and not self._resort_pending():
            # Rows are kept in this order as they come and change. QTableView.sortByColumn asks twice (once
            # through the header's sort indicator, once itself): sorting 10,000 rows again costs ~70 ms.
            return
        self._sort_column = column
        self._sort_order = order
        self._resort_timer.stop()
        self._resort()

    # -- display ---------------------------------------------------------------------------------

    def _status_text(self, view: JobView) -> str:
        if view.submission is not None:
            return self.queued_text(view.submission)
        if view.state is JobState.NEW and self._waiting_for_token:
            return waiting_for_token_text()
        text = state_text(view.words.label)
        if view.state is JobState.PENDING:
            started = view.created_at or view.added_at
            elapsed = (self._now() - _utc(started)).total_seconds()
            text = f"{text} · {format_elapsed(elapsed)}"
        return text

    def _display(self, row: _Row, col: int) -> str:
        view = row.view
        if col == Column.STATUS:
            return self._status_text(view)
        if col == Column.TITLE:
            # Never "Untitled": the prompt's start (display_title), else the short id names the job.
            return view.name
        if col == Column.OPERATION:
            return view.operation or ""
        if col == Column.ACCOUNT:
            return row.account
        if col == Column.CREATED:
            # Empty until the API has said when: the time it was added here is not when it was created.
            return format_local(view.created_at)
        if col == Column.GENERATION:
            return format_generation(view.generation_s)
        if col == Column.CLIPS:
            return str(view.clip_count) if view.record is not None and view.record.clips else ""
        if col == Column.JOBID:
            return view.jobid  # the column's delegate elides it in the middle
        if col == Column.KEPT:
            return f"{STAR} {row.kept}".rstrip() if row.kept else ""
        return ""

    #: Each account's (running, maxJobs) as the submission queue sees it, for the queued rows' words.
    slots: dict[str, tuple[int, int]] = {}

    def queued_text(self, sub: Any) -> str:
        """ "Queued: waiting for a free slot on demo@... (8 of 8 running)", "Sending", "Not sent: ..."."""
        state = getattr(sub.state, "value", "")
        where = sub.account or sub.email
        if state == "queued":
            slot = self.slots.get(where or "") if where else None
            if where and slot is not None:
                return self.tr("Queued: waiting for a free slot on {account} ({running} of {max} running)").format(
                    account=where, running=slot[0], max=slot[1])
            if where:
                return self.tr("Queued: waiting for a free slot on {account}").format(account=where)
            return self.tr("Queued: waiting for a free slot")
        if state == "sending":
            return self.tr("Sending")
        if state == "uncertain":
            return self.tr("Uncertain: the answer was lost; looking for the job")
        if state == "not_made":
            return self.tr("Not sent: no job was made (send it again from its menu)")
        if state == "refused":
            return self.tr("Not sent: {why}").format(why=sub.error or self.tr("refused"))
        return state

    def _tooltip(self, row: _Row, col: int) -> str | None:
        view = row.view
        if col == Column.STATUS and view.submission is not None:
            sub = view.submission
            lines = (self.queued_text(sub), sub.evidence or "", sub.error or "")
            return plain_tooltip("\n".join(t for t in lines if t))
        if col == Column.STATUS:
            tip = state_text(view.words.tooltip)
            if view.found_on_account:
                tip += "\n" + self.tr("Found on your account (not pasted)")
            if view.problem and not view.is_terminal:
                tip += "\n" + self.tr("Last problem: {problem}").format(problem=view.problem)
            rec = view.record
            if view.state is JobState.FAILED and rec is not None and rec.error is not None:
                tip += f"\n{rec.error.code or ''} {rec.error.message or ''}".rstrip()
            return plain_tooltip(tip)
        if col == Column.TITLE:
            text = view.title or ""
            if view.prompt:
                text = f"{text}\n\n{view.prompt}".strip() if text else view.prompt
            return plain_tooltip(text[:1000]) or None
        if col == Column.JOBID:
            return plain_tooltip(view.jobid)
        if col == Column.KEPT:
            return plain_tooltip(self.kept_text(row)) or None
        if col == Column.ACCOUNT:
            return plain_tooltip(row.account) or None
        if col == Column.CREATED and view.created_at is None:
            added = format_local(view.added_at)
            text = self.tr("Not known yet: the API has not said (added here %1)")
            return text.replace("%1", added)
        return None

    def kept_text(self, row: _Row) -> str:
        """ "Kept: take B" (what screen readers read for the star), or "" when no take is kept."""
        if not row.kept:
            return ""
        one = len(row.view.kept) == 1
        return (self.tr("Kept: take %1") if one else self.tr("Kept: takes %1")).replace("%1", row.kept)

    # -- updates ---------------------------------------------------------------------------------

    def jobs(self) -> list[JobView]:
        return [row.view for row in self._rows]

    def job(self, jobid: str) -> JobView | None:
        """The job's view, also while it waits in a batch for its row."""
        waiting = self._incoming.get(jobid)
        if waiting is not None:
            return waiting
        self._fresh_index()
        row = self._index.get(jobid)
        return None if row is None else self._rows[row].view

    def row_of(self, jobid: str) -> int | None:
        self._fresh_index()
        return self._index.get(jobid)

    @property
    def incoming_count(self) -> int:
        """Jobs added but not yet given a row (0 once a batch is done)."""
        return len(self._incoming)

    def view_at(self, row: int) -> JobView:
        return self._rows[row].view

    def category_at(self, row: int) -> Category:
        return self._rows[row].category

    def haystack_at(self, row: int) -> str:
        return self._rows[row].haystack

    def account_at(self, row: int) -> str:
        return self._rows[row].account

    def accounts(self) -> list[str]:
        """Every account (email) with a job in the table, sorted."""
        return sorted((a for a, n in self._account_counts.items() if n > 0), key=str.casefold)

    def set_jobs(self, views: Iterable[JobView]) -> None:
        """Replace every row (start-up)."""
        self._incoming.clear()
        self._incoming_order.clear()
        self._batch_timer.stop()
        self._end_batch()
        self.beginResetModel()
        seen: dict[str, _Row] = {}
        for view in views:
            seen[view.jobid] = _Row(view)
        self._rows = list(seen.values())
        self._misplaced.clear()
        self._resort_all = False
        self._recount()
        self._sort_rows()
        self._reindex()
        self.endResetModel()
        if len(self._rows) > self.SMALL_BATCH:
            _settle_long_lived()

    def add_jobs(self, views: Iterable[JobView]) -> None:
        """Add new jobs (an id already present updates its row), each at its sorted place.

        Rows for the first ``BATCH_SLICE_S`` of work appear at once; the rest follow on the next turns of the
        event loop (``incoming_count`` says how many wait; ``job()`` knows them already).
        """
        index, incoming = self._index, self._incoming
        before = len(incoming)
        for view in views:
            if view.jobid in index:
                self.update_job(view)
            else:
                if view.jobid not in incoming:
                    self._incoming_order.append(view.jobid)
                incoming[view.jobid] = view
        fresh = len(incoming) - before
        if not fresh or self._batch_timer.isActive():
            return
        if fresh <= self.SMALL_BATCH:
            self._insert_slice(first=True)  # a paste of a few ids: their rows are there when this returns
        else:
            # No full garbage collection in the middle of a batch (see _settle_long_lived): one at its end.
            self._gc_paused = gc.isenabled()
            gc.disable()
            if self._gc_paused:  # a model dropped mid-batch must not leave collection off for good
                self._gc_guard = weakref.finalize(self, gc.enable)
            self._batch_timer.start(0)  # this turn went into sorting out the ids; rows from the next one

    @property
    def batching(self) -> bool:
        """True while added jobs still wait for their rows (``batch_inserted`` follows each turn)."""
        return bool(self._incoming)

    def _insert_slice(self, first: bool = False) -> None:
        """Give rows to the waiting jobs for one time slice; come back on the next turn for the rest."""
        if self._closed:
            self._batch_timer.stop()
            self._end_batch()
            return
        from flowmusic_gui.engine.turns import turns  # the first paint does not wait for the engine

        gate = turns()
        if not first and not gate.free():
            # The loop has just run another heavy piece (a paint, a look at a long list): not in the same pass.
            self._batch_timer.start(gate.wait_ms())
            return
        started = time.perf_counter()
        try:
            self._insert_some(first)
        finally:
            gate.note(started)

    def _insert_some(self, first: bool) -> None:
        deadline = time.perf_counter() + self.BATCH_SLICE_S
        rows: list[_Row] = []
        order, incoming = self._incoming_order, self._incoming
        while order:
            waiting = incoming.pop(order.popleft(), None)
            if waiting is None:  # removed while it waited
                continue
            rows.append(_Row(waiting))
            if len(rows) % 64 == 0 and time.perf_counter() > deadline:
                break
        if rows:
            self._insert_rows(rows)
            if not self._gc_paused and len(rows) >= self.FREEZE_AT:
                # A long intake of small slices (the tracker's) is never one batch: each slice's rows are
                # long-lived at once, or full collections walk all of them again and again (50-90 ms each).
                _settle_long_lived()
        if self._incoming:
            self._batch_timer.start(0)
        else:
            self._batch_timer.stop()
            self._end_batch()
        if not first and rows:
            self.batch_inserted.emit()

    def _end_batch(self) -> None:
        if self._gc_paused:
            self._gc_paused = False
            _settle_long_lived()
            gc.enable()
            if self._gc_guard is not None:
                self._gc_guard.detach()
                self._gc_guard = None

    def _insert_rows(self, rows: list[_Row]) -> None:
        """Insert rows as contiguous blocks, one per place they land in the current order."""
        col = self._sort_column
        if col < 0 or not self._rows:
            if col >= 0:
                self._sort_list(rows)
            self._insert_block(len(self._rows), rows)
            return
        self._sort_list(rows)
        runs: list[tuple[int, list[_Row]]] = []
        last_key: object = None
        pos = 0
        for row in rows:
            key = row.keys[col]
            if key != last_key:  # a paste's ids share their added time: one search for all of them
                pos = self._insert_position(row)
                last_key = key
            if runs and runs[-1][0] == pos:
                runs[-1][1].append(row)
            else:
                runs.append((pos, [row]))
        if len(runs) > self.MAX_RUNS_PER_SLICE:
            # Scattered through the order (sorted by title, say): at the end now, in place after one sort.
            self._insert_block(len(self._rows), rows)
            self._schedule_resort(full=True)
            return
        # Bottom up: the positions, found in the old order, stay right for the runs above.
        for pos, run in reversed(runs):
            self._insert_block(pos, run)

    def _insert_block(self, pos: int, rows: list[_Row]) -> None:
        self.beginInsertRows(_ROOT, pos, pos + len(rows) - 1)
        self._rows[pos:pos] = rows
        for row in rows:
            self._index[row.view.jobid] = -1  # a member now; its position comes with _fresh_index()
            self._count(row, 1)
        self._mark_dirty(pos)
        self._last_insert = time.perf_counter()
        self.endInsertRows()

    def remove_jobs(self, jobids: Iterable[str]) -> list[JobView]:
        """Remove rows; returns the removed views (in table order) so they can be restored."""
        jobids = list(jobids)
        waiting = [self._incoming.pop(j) for j in jobids if j in self._incoming]
        self._fresh_index()
        rows = sorted({self._index[j] for j in jobids if j in self._index})
        if not rows:
            return waiting
        removed = [self._rows[r].view for r in rows]
        if len(rows) > 200 and len(rows) > len(self._rows) // 4:
            # Many scattered rows: one reset is cheaper than hundreds of removals through the proxy.
            keep = set(range(len(self._rows))) - set(rows)
            self.beginResetModel()
            self._rows = [self._rows[r] for r in sorted(keep)]
            self._recount()
            self._reindex()
            self.endResetModel()
            return removed + waiting
        # Contiguous runs, from the bottom up, so earlier row numbers stay valid.
        runs: list[tuple[int, int]] = []
        for r in rows:
            if runs and runs[-1][1] == r - 1:
                runs[-1] = (runs[-1][0], r)
            else:
                runs.append((r, r))
        for first, last in reversed(runs):
            self.beginRemoveRows(_ROOT, first, last)
            for row in self._rows[first : last + 1]:
                self._count(row, -1)
            del self._rows[first : last + 1]
            self.endRemoveRows()
        self._reindex(runs[0][0])
        for view in removed:
            self._index.pop(view.jobid, None)
        return removed + waiting

    def update_job(self, view: JobView) -> bool:
        """Replace one job's row; ``dataChanged`` for that row only. False if the job is not here."""
        if view.jobid in self._incoming:
            self._incoming[view.jobid] = view  # its row, when it comes, shows the news
            return True
        if view.jobid not in self._index:
            return False
        self._fresh_index()
        row_no = self._index[view.jobid]
        old = self._rows[row_no]
        new = _Row(view)
        self._rows[row_no] = new
        self._count(old, -1)
        self._count(new, 1)
        self.dataChanged.emit(self.index(row_no, 0), self.index(row_no, len(Column) - 1))
        if (
            self._sort_column >= 0
            and not self._closed
            and old.keys[self._sort_column] != new.keys[self._sort_column]
        ):
            self._misplaced.add(view.jobid)
            self._schedule_resort()
        return True

    def tick(self, rows: Iterable[int] | None = None) -> None:
        """Refresh the elapsed time of pending rows: ``dataChanged`` for their status cell only.

        ``rows`` limits it to those rows (the window passes the visible ones: a row scrolled into view is
        painted afresh anyway, and thousands of off-screen signals a second would block the event loop).
        """
        roles = [Qt.ItemDataRole.DisplayRole]
        col = int(Column.STATUS)
        candidates = range(len(self._rows)) if rows is None else sorted(set(rows))
        first = last = -2
        for row_no in candidates:
            if not 0 <= row_no < len(self._rows) or self._rows[row_no].view.state is not JobState.PENDING:
                continue
            if row_no == last + 1:
                last = row_no
                continue
            if first >= 0:
                self.dataChanged.emit(self.index(first, col), self.index(last, col), roles)
            first = last = row_no
        if first >= 0:
            self.dataChanged.emit(self.index(first, col), self.index(last, col), roles)

    def set_waiting_for_token(self, waiting: bool) -> None:
        """Without a token, jobs not checked yet say so instead of "Checking…" (nothing is being checked)."""
        if waiting == self._waiting_for_token:
            return
        self._waiting_for_token = waiting
        if self._rows and self._state_counts[JobState.NEW]:
            col = int(Column.STATUS)
            self.dataChanged.emit(self.index(0, col), self.index(len(self._rows) - 1, col),
                                  [Qt.ItemDataRole.DisplayRole])

    @property
    def waiting_for_token(self) -> bool:
        return self._waiting_for_token

    def has_pending(self) -> bool:
        return self._state_counts[JobState.PENDING] > 0

    def counts(self) -> dict[JobState, int]:
        return dict(self._state_counts)

    def problem_count(self) -> int:
        return self._problems

    def category_counts(self) -> dict[Category, int]:
        """Rows per status-filter group (the filter's menu shows them)."""
        return dict(self._category_counts)

    def _count(self, row: _Row, step: int) -> None:
        if row.account:
            self._account_counts[row.account] = self._account_counts.get(row.account, 0) + step
        if row.category is Category.QUEUED:
            self._category_counts[row.category] += step  # not a job: no state of its own to count
            return
        self._state_counts[row.view.state] += step
        self._category_counts[row.category] += step
        if row.category is Category.PROBLEMS:
            self._problems += step

    def _recount(self) -> None:
        self._state_counts = dict.fromkeys(JobState, 0)
        self._problems = 0
        self._category_counts = dict.fromkeys(Category, 0)
        self._account_counts = {}
        for row in self._rows:
            self._count(row, 1)

    def shutdown(self) -> None:
        self._closed = True
        self._resort_timer.stop()
        self._batch_timer.stop()
        self._end_batch()

    # -- sorting ---------------------------------------------------------------------------------

    @property
    def sort_column(self) -> int:
        return self._sort_column

    @property
    def sort_order(self) -> Qt.SortOrder:
        return Qt.SortOrder.AscendingOrder if self._sort_order is None else self._sort_order

    def _sort_rows(self) -> None:
        self._sort_list(self._rows)

    def _sort_list(self, rows: list[_Row]) -> None:
        col = self._sort_column
        if col < 0:
            return
        reverse = self._sort_order == Qt.SortOrder.DescendingOrder
        # Missing values last in both orders: sort by presence first, outside the reversal. Both sorts are
        # stable, so rows with equal keys keep the order they came in (as _insert_position places them).
        rows.sort(key=lambda r: r.keys[col][1], reverse=reverse)
        rows.sort(key=lambda r: r.keys[col][0])

    def _resort_pending(self) -> bool:
        return self._resort_all or bool(self._misplaced)

    def _schedule_resort(self, *, full: bool = False) -> None:
        if full and not self._resort_all:
            self._resort_all = True
            self._resort_wanted_at = time.perf_counter()
        if not self._resort_timer.isActive():
            self._resort_timer.start()

    def _on_resort_due(self) -> None:
        if self._closed or not self._resort_pending():
            return
        if self._resort_all or len(self._misplaced) > self.MAX_MOVES:
            now = time.perf_counter()
            arriving = bool(self._incoming) or now - self._last_insert < self.RESORT_DELAY_MS / 1000
            if arriving and now - self._resort_wanted_at < self.RESORT_MAX_WAIT_S:
                # Rows are still coming in (a long intake): sort once when they stop, not after every slice.
                self._resort_wanted_at = self._resort_wanted_at if self._resort_all else now
                self._resort_all = True
                self._resort_timer.start()
                return
            self._resort()
            return
        self._move_misplaced()

    def _move_misplaced(self) -> None:
        """Put the rows whose sort key changed back in their places: O(moved), not O(rows) calls into Python.

        They are all taken out first (what remains is in order), then each goes in at its place. A row the view
        holds (selected or current) would lose that by being taken out: then the table is sorted as a whole,
        which keeps it (rare: a few rows change at a time, and few are held).
        """
        misplaced, self._misplaced = self._misplaced, set()
        self._fresh_index()
        positions = sorted(p for j in misplaced if (p := self._index.get(j)) is not None and 0 <= p < len(self._rows))
        if not positions:
            return
        holds = self.holds_row
        if holds is None or any(holds(p) for p in positions):
            self._resort()
            return
        taken: list[_Row] = []
        for pos in reversed(positions):  # bottom up: the rows above keep their numbers
            self.beginRemoveRows(_ROOT, pos, pos)
            taken.append(self._rows.pop(pos))
            self._mark_dirty(pos)  # a listener asking meanwhile gets the positions of the moment
            self.endRemoveRows()
        for row in reversed(taken):
            target = self._insert_position(row)
            self.beginInsertRows(_ROOT, target, target)
            self._rows.insert(target, row)
            self._mark_dirty(target)
            self.endInsertRows()

    def _resort(self) -> None:
        self._misplaced.clear()
        self._resort_all = False
        if self._sort_column < 0 or not self._rows:
            return
        self.layoutAboutToBeChanged.emit()
        persistent = self.persistentIndexList()
        ids = [self._rows[p.row()].view.jobid if p.isValid() else None for p in persistent]
        self._sort_rows()
        self._reindex()
        new = [
            self.index(self._index[j], p.column()) if j is not None else QModelIndex()
            for p, j in zip(persistent, ids, strict=True)
        ]
        self.changePersistentIndexList(persistent, new)
        self.layoutChanged.emit()

    def _insert_position(self, row: _Row) -> int:
        col = self._sort_column
        if col < 0 or not self._rows:
            return len(self._rows)
        descending = self._sort_order == Qt.SortOrder.DescendingOrder
        key = row.keys[col]

        def before(other: _Row) -> bool:
            """True when ``row`` belongs before ``other``."""
            okey = other.keys[col]
            if key[0] != okey[0]:
                return key[0] < okey[0]
            return bool(key[1] > okey[1]) if descending else bool(key[1] < okey[1])

        lo, hi = 0, len(self._rows)
        while lo < hi:
            mid = (lo + hi) // 2
            if before(self._rows[mid]):
                hi = mid
            else:
                lo = mid + 1
        return lo

    def _reindex(self, start: int = 0) -> None:
        if start == 0:
            self._dirty_from = None
            self._index = {row.view.jobid: i for i, row in enumerate(self._rows)}
            return
        self._mark_dirty(start)
        self._fresh_index()

    def _mark_dirty(self, start: int) -> None:
        """Row positions from ``start`` on changed; they are recomputed once, when next asked for."""
        self._dirty_from = start if self._dirty_from is None else min(self._dirty_from, start)

    def _fresh_index(self) -> None:
        start = self._dirty_from
        if start is None:
            return
        self._dirty_from = None
        index = self._index
        rows = self._rows
        for i in range(start, len(rows)):
            index[rows[i].view.jobid] = i

"""The tracker: ties the job store to the poller for the window and the command line.

It lives on the owner's thread (the GUI thread in the app). It loads the tracked jobs, resumes polling every
job that is not terminal, persists each answer, and re-emits what changed as plain data. Every change is
shown at once and written by a :class:`~flowmusic_gui.engine.store_writer.StoreWriter` on the runner's
serialized ``"store"`` lane, never on the owner's thread; a write that fails (the file locked by another
process, a full disk, a read-only folder) is kept and retried, and ``store_problem`` says why until it succeeds.
Jobs that another process (``flowmusic track``, ``untrack``) adds to the store or removes from it come and go
within seconds. With ``discover`` on, running jobs found on the account (``GET /jobs``) are taken in like pasted
ones, marked as found there, and announced per account (``jobs_discovered``). Cancelling
(``DELETE /jobs/{jobid}``) runs on the runner's ``"control"`` lane; a job's state changes only when its record
says so.
"""

from __future__ import annotations

import functools
import logging
import time
from collections import deque
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import datetime, timezone
from typing import Any

from PySide6.QtCore import QObject, QTimer, Signal

from flowmusic_gui.core.client import ApiClient, Cancelled
from flowmusic_gui.core.jobids import is_jobid
from flowmusic_gui.core.records import JobState, parse_record, parse_record_text
from flowmusic_gui.core.schedule import LearnedDuration, PolicyConfig
from flowmusic_gui.core.store import SOURCE_ACCOUNT, AddResult, JobStore, TrackedJob
from flowmusic_gui.engine.poller import PollEntry, Poller, SendGate
from flowmusic_gui.engine.store_writer import STORE_LANE, StoreWriter
from flowmusic_gui.engine.tasks import TaskHandle, TaskRunner, describe_failure
from flowmusic_gui.engine.turns import turns
from flowmusic_gui.engine.types import (
    CancelResult,
    ConnectionProblem,
    FoundJob,
    JobView,
    OutcomeKind,
    PollOutcome,
    RateLimit,
)

log = logging.getLogger(__name__)


def view_from_tracked(job: TrackedJob) -> JobView:
    """A store row as the interface shows it."""
    record = None
    if job.record_text is not None:
        record = parse_record_text(job.record_text)
    elif job.record is not None:
        record = parse_record(job.record)
    return JobView(
        jobid=job.jobid,
        state=job.state,
        added_at=job.added_at,
        record=record,
        last_polled_at=job.last_polled_at,
        poll_count=job.poll_count,
        problem=job.last_problem,
        source=job.source,
        kept=job.kept,
    )


#: Up to this many stored jobs are turned into views on the spot; more are parsed on a worker thread.
PARSE_INLINE_MAX = 300

#: How often (ms) the tracker looks whether another process (``flowmusic track``, ``untrack``) changed the store.
#: The look is one PRAGMA, then a count when another process wrote; the ids are read only when jobs came or went.
STORE_CHECK_MS = 2000

#: The runner lane cancel requests run on (a few at a time, apart from the polls).
CONTROL_LANE = "control"

#: Jobs taken in (announced, handed to the poller; read from the store or made from a list answer) per turn of the
#: owner's event loop: 10,000 pasted, tracked from the command line or found on the account arrive over a score of
#: short turns instead of one long one. No more than the window's small batch (ui/jobs/model.SMALL_BATCH), so each
#: slice gets its rows in the turn that announces it: a turn holds one slice (~6 ms) and the table's paint,
#: never a slice of the tracker's and another of the table's own on top.
INTAKE_PER_TURN = 250
#: GUI-thread time a slice may take (its jobs made, announced, given rows and handed to the poller): a slice that
#: took longer makes the next ones smaller, down to INTAKE_LEAST jobs, and they grow back while slices are quick. On
#: a loaded machine (or with the worker threads busy on the other core) the same 250 jobs cost two to three times
#: as long, and one of them followed by the table's paint held the loop past 50 ms.
INTAKE_TURN_S = 0.012
INTAKE_LEAST = 50


@dataclass(frozen=True)
class _Stored:
    """What start() reads from the store, on the store lane: plain data for the owner's thread."""

    version: int
    membership: tuple[int, int]
    tracked: list[TrackedJob]
    durations: list[LearnedDuration]


def _read_store(store: JobStore) -> _Stored:
    # The version first: whatever another process commits after it is picked up by the next check.
    version = store.data_version()
    membership = store.membership()
    return _Stored(version, membership, store.all(parse_records=False), store.stored_durations())


def _parse_all(tracked: list[TrackedJob]) -> tuple[list[JobView], dict[str, int]]:
    return [view_from_tracked(job) for job in tracked], {job.jobid: job.errors for job in tracked}


def _entry(view: JobView, errors: int = 0) -> PollEntry:
    created = view.created_at or view.added_at
    polled = view.last_polled_at.timestamp() if view.last_polled_at is not None else None
    return PollEntry(view.jobid, view.state, created.timestamp(), errors, polled_at=polled)


def _cancel(client: ApiClient, jobid: str) -> CancelResult:
    result = client.cancel_job(jobid)
    if isinstance(result, Cancelled):
        return CancelResult(jobid, True)
    return CancelResult(jobid, False, str(getattr(result, "message", "unexpected answer")))


class Tracker(QObject):
    """Tracked jobs and their polling. With ``store=None`` it tracks in memory only (``flowmusic watch``)."""

    jobs_loaded = Signal(list)  # list[JobView]
    jobs_added = Signal(list)  # list[JobView]
    jobs_removed = Signal(list)  # list[str]
    job_changed = Signal(object)  # JobView
    job_finished = Signal(object)  # JobView that became terminal while watched
    problem = Signal(object)  # ConnectionProblem
    problem_cleared = Signal()
    auth_failed = Signal(str)
    rate_limited = Signal(object)  # RateLimit
    idle = Signal()
    store_problem = Signal(object)  # str: why results cannot be saved (they are kept and retried); None: recovered
    jobs_discovered = Signal(str, list)  # email, list[str]: running jobs found on that account and taken in
    #: jobid, email: a job taken in from the account's list answered 404 before any record of it was read (the
    #: list named a job that does not exist): it was taken off the list again.
    discovered_gone = Signal(str, str)
    running_listed = Signal(object)  # RunningJobs: every good look at GET /jobs
    account_problem = Signal(object)  # AccountNotice: an account entered the error state (said once)
    account_healed = Signal(str)  # email: it answers again; its jobs resume
    list_problem = Signal(str)  # why GET /jobs cannot be used now ("" when it can again)
    learned = Signal(object)  # LearnedDuration: a completed job's generation time (the store keeps it itself)
    cancel_done = Signal(object)  # CancelResult
    #: The user paused checking (True) or resumed it (False): no job poll, list look or balance read meanwhile.
    paused_changed = Signal(bool)

    def __init__(
        self,
        store: JobStore | None,
        client: ApiClient,
        config: PolicyConfig | None = None,
        parent: QObject | None = None,
        *,
        runner: TaskRunner,
        store_check_ms: int = STORE_CHECK_MS,
        open_writer: Callable[[], JobStore] | None = None,
        writer: StoreWriter | None = None,
        discover: bool = False,
        browse: bool = True,
    ) -> None:
        super().__init__(parent)
        self._store = store
        self._client = client
        self._config = config or PolicyConfig()
        self._runner = runner
        self._runner.lane(STORE_LANE, 1)
        self._runner.lane(CONTROL_LANE, 4)
        self._discover = discover
        # Off: the running-jobs list is looked at only for the jobs it speaks for (nobody shows what it lists).
        self._browse = browse
        # One gate for every poller this tracker makes: a new API base or new settings buy no fresh burst.
        self._gate = SendGate(self._config.budget_per_s)
        # Changes are written through a connection of the store lane's own, opened there on first use.
        self._open_writer = open_writer
        # The process's one writer lane (its owner closes it), else one of the tracker's own over ``store``.
        self._shared_writer = writer
        self._writer: StoreWriter | None = None
        self._loading_ids: set[str] = set()  # stored jobs still being parsed (a long list at start)
        self._early: list[JobView] = []
        self._views: dict[str, JobView] = {}
        self._errors: dict[str, int] = {}  # each job's error streak as the poller last reported it (restarts)
        self._learned: list[LearnedDuration] = []  # given by learn() or learned while running (a restart keeps them)
        self._poller: Poller | None = None
        self._problem_active = False
        self._paused_for_auth = False
        self._paused = False  # the user's pause; never persisted: a fresh start checks
        self._started = False
        self._loader: TaskHandle | None = None
        self._unread = False  # the stored list could not be read at start (its jobs join at the next look)
        self._write_problem: str | None = None  # what the writer last said (None: it saves)
        self._looking: TaskHandle | None = None  # a look for other processes' changes, on the store lane
        self._data_version: int | None = None
        self._membership: tuple[int, int] | None = None
        self._store_check = QTimer(self)
        self._store_check.setInterval(store_check_ms)
        self._store_check.timeout.connect(self._sync_with_store)
        # Large intakes, a slice a turn: what is queued, and the ids it will bring (known already, not yet held).
        self._intake: deque[tuple[Callable[[list[Any]], None], list[Any]]] = deque()  # (take, what it takes)
        self._intake_size = INTAKE_PER_TURN  # how many the next slice takes (see INTAKE_TURN_S)
        self._found_waiting = 0  # found lists waiting for their turn to be sorted out
        self._intake_ids: set[str] = set()
        self._queued_new: dict[str, datetime] = {}  # new ids waiting for their turn -> when they were added
        self._intake_timer = QTimer(self)
        self._intake_timer.setSingleShot(True)
        self._intake_timer.setInterval(0)
        self._intake_timer.timeout.connect(self._intake_some)

    # -- lifecycle ------------------------------------------------------------------------------------------

    def start(self) -> None:
        """Load the store, announce its jobs (``jobs_loaded``), and poll every job that is not terminal.

        The store is read on the store lane, never on the owner's thread (the file may be locked by another
        process for seconds), after any write queued before; turning thousands of records into views (about
        0.1 ms each) is done on a worker too, and ``jobs_loaded`` comes when both are done. Only plain data
        crosses threads. Polling starts once the list is known (no request goes out before ``jobs_loaded``);
        jobs added in the meantime are included in ``jobs_loaded`` and polled with the rest. If the list cannot
        be read, ``jobs_loaded`` comes with what there is and ``store_problem`` says why; the jobs stay in the
        file and the next look for changes takes them in.
        """
        if self._started:
            return
        self._started = True
        # Jobs added before start() were never handed to a poller (and may not be in the file yet).
        self._early = [v for v in self._views.values() if not v.is_terminal]
        if self._store is None:
            self._start_poller()
            self._on_loaded([], {})
            return
        self._writer_for_store()
        self._store_check.start()
        store = self._store
        self._loader = self._runner.run(
            functools.partial(_read_store, store), name="read the job list", lane=STORE_LANE,
            on_success=self._on_read, on_failure=self._on_parse_failed,
        )  # fmt: skip

    def _on_read(self, stored: _Stored) -> None:
        self._loader = None
        if not self._started:
            return
        self._data_version, self._membership = stored.version, stored.membership
        # What earlier runs learned (this window's and `flowmusic watch`'s), per account and operation.
        self._learned[:0] = stored.durations  # the poller, started with the list, learns them
        del self._learned[:-400]
        tracked = stored.tracked
        if len(tracked) <= PARSE_INLINE_MAX:
            self._on_loaded([view_from_tracked(job) for job in tracked], {j.jobid: j.errors for j in tracked})
            return
        self._loading_ids = {job.jobid for job in tracked}
        self._loader = self._runner.run(
            functools.partial(_parse_all, tracked), name="read the job list", on_success=self._on_parsed,
            on_failure=self._on_parse_failed,
        )  # fmt: skip

    def _on_parsed(self, parsed: tuple[list[JobView], dict[str, int]]) -> None:
        self._loader = None
        if self._started:
            self._on_loaded(*parsed)

    def _on_parse_failed(self, exc: BaseException) -> None:
        # A bug in parsing must not leave the window loading forever: show what there is and say it. The jobs
        # stay in the file.
        log.error("the job list could not be read", exc_info=exc)
        self._loader = None
        if self._started:
            self._unread = True  # the next good look at the store takes its jobs in, and says so
            self._on_loaded([], {})
            self.store_problem.emit(f"The job list could not be read: {describe_failure(exc)}")

    def _on_loaded(self, views: list[JobView], errors: dict[str, int]) -> None:
        self._loading_ids = set()
        added_meanwhile = self._views
        self._views = {v.jobid: v for v in views}
        for jobid, view in added_meanwhile.items():
            # An id pasted while the list was read may have been stored already: what the file says of it
            # stands, unless it was polled meanwhile (fresher).
            if jobid not in self._views or view.last_polled_at is not None:
                self._views[jobid] = view
        for jobid, count in errors.items():
            self._errors.setdefault(jobid, count)
        self.jobs_loaded.emit(list(self._views.values()))
        if self._poller is None:  # a stored list: polling starts now that it is known, a slice a turn
            self._early = []
            self._start_poller()
            waiting = [v for v in self._views.values() if not v.is_terminal]
            self._poll_views(waiting[:INTAKE_PER_TURN])
            for start in range(INTAKE_PER_TURN, len(waiting), INTAKE_PER_TURN):
                self._queue_intake(self._poll_views, waiting[start : start + INTAKE_PER_TURN])
        else:
            stored = {v.jobid for v in views}
            early, self._early = [v for v in self._early if v.jobid not in stored], []
            self._poller.add(
                _entry(v, self._errors.get(v.jobid, 0)) for v in [*views, *early] if not v.is_terminal
            )

    def stop(self) -> None:
        """Stop polling at once, then give the results not yet saved up to 1 s to reach the file. Safe to call twice.

        A result that cannot be saved in that time is not lost for good: the file still holds the job's older
        state, so the next start polls it again.
        """
        self._store_check.stop()
        self._started = False
        self._intake_timer.stop()
        turns().drop(self)
        self._found_waiting = 0
        self._intake.clear()
        self._intake_ids.clear()
        self._queued_new.clear()
        if self._loader is not None:
            self._loader.cancel()
            self._loader = None
        if self._looking is not None:
            self._looking.cancel()
            self._looking = None
        self._stop_poller()
        if self._writer is not None:
            if self._writer is not self._shared_writer:
                self._writer.close()
            self._writer.problem.disconnect(self.store_problem)
            self._writer.problem.disconnect(self._on_write_problem)
            self._writer = None

    def _stop_poller(self) -> None:
        if self._poller is not None:
            self._poller.stop()
            # Answers already queued for this thread are dropped: the store may be closed right after stop().
            self._poller.outcome.disconnect(self._on_outcome)
            self._poller.auth_failed.disconnect(self._on_auth_failed)
            self._poller.rate_limited.disconnect(self._on_rate_limited)
            self._poller.discovered.disconnect(self._on_discovered)
            self._poller = None

    def _start_poller(self) -> Poller:
        """A poller on the current client, primed with the learned generation times, running."""
        poller = Poller(self._client, self._config, self, runner=self._runner, gate=self._gate, browse=self._browse)
        poller.outcome.connect(self._on_outcome)
        poller.auth_failed.connect(self._on_auth_failed)
        poller.rate_limited.connect(self._on_rate_limited)
        poller.idle.connect(self.idle)
        poller.discovered.connect(self._on_discovered)
        poller.running_listed.connect(self.running_listed)
        poller.account_problem.connect(self.account_problem)
        poller.account_healed.connect(self.account_healed)
        poller.list_problem.connect(self.list_problem)
        poller.learned.connect(self._on_learned)
        self._poller = poller
        # With a store, what it keeps comes with the first read (see _on_read) and is kept here since.
        poller.learn(self._learned)
        if self._paused:
            poller.pause()  # a new client or API base keeps the user's pause
        poller.start()
        return poller

    def learn(self, durations: Iterable[LearnedDuration]) -> None:
        """Generation times learned before (a caller with a store of its own, such as `flowmusic watch`)."""
        items = list(durations)
        self._learned.extend(items)
        del self._learned[:-400]
        if self._poller is not None:
            self._poller.learn(items)

    def _on_learned(self, item: LearnedDuration) -> None:
        self._learned.append(item)
        del self._learned[:-400]
        self.learned.emit(item)

    # -- queries --------------------------------------------------------------------------------------------

    @property
    def paused_for_auth(self) -> bool:
        return self._paused_for_auth

    @property
    def paused(self) -> bool:
        """True while the user paused checking (see :meth:`pause`)."""
        return self._paused

    def pause(self) -> None:
        """Send no request until :meth:`resume`: no job poll, no look at the running jobs, no balance read.

        Nothing is lost: every job stays tracked with its schedule, and answers to requests already sent are
        taken in and saved as usual. ``paused_changed`` tells the account monitor and the window.
        """
        if self._paused:
            return
        self._paused = True
        if self._poller is not None:
            self._poller.pause()
        self.paused_changed.emit(True)

    def resume(self) -> None:
        """Check again after :meth:`pause`: jobs that fell due meanwhile are polled at once."""
        if not self._paused:
            return
        self._paused = False
        if self._poller is not None:
            self._poller.resume()
        self.paused_changed.emit(False)

    def set_paused(self, paused: bool) -> None:
        """:meth:`pause` or :meth:`resume` (a checkable action's ``toggled``)."""
        if paused:
            self.pause()
        else:
            self.resume()

    @property
    def store(self) -> JobStore | None:
        return self._store

    @property
    def client(self) -> ApiClient:
        """The client polls go through (replaced by ``replace_client``)."""
        return self._client

    def jobs(self) -> list[JobView]:
        return list(self._views.values())

    @property
    def discover(self) -> bool:
        """Whether running jobs found on the account are taken in."""
        return self._discover

    def set_discover(self, on: bool) -> None:
        was, self._discover = self._discover, on
        if on and not was and self._poller is not None:
            self._poller.rediscover()  # jobs seen while it was off are taken in at the next look

    @property
    def poller(self) -> Poller | None:
        return self._poller

    def account_health(self, email: str, *, healthy: bool, message: str = "") -> None:
        """What ``GET /accounts`` says of an account: its jobs slow right down, or resume at once."""
        if self._poller is not None:
            self._poller.account_health(email, healthy=healthy, message=message)

    def cancel(self, jobids: Iterable[str]) -> list[str]:
        """Ask the API to cancel these tracked jobs that are still running; returns the ids asked for.

        Each answer comes as ``cancel_done``; a cancelled job is read again at once, and its row changes only
        when the record says so (failed with ``user_cancelled``, or completed: the song may still finish).
        """
        ids = [j for j in dict.fromkeys(jobids) if j in self._views and not self._views[j].is_terminal]
        for jobid in ids:
            self._runner.run(
                functools.partial(_cancel, self._client, jobid),
                name="cancel a job",
                lane=CONTROL_LANE,
                on_success=self._on_cancelled,
                on_failure=functools.partial(self._on_cancel_crash, jobid),
            )
        return ids

    def _on_cancelled(self, result: CancelResult) -> None:
        if result.ok:
            self.recheck([result.jobid])
        self.cancel_done.emit(result)

    def _on_cancel_crash(self, jobid: str, exc: BaseException) -> None:
        self.cancel_done.emit(CancelResult(jobid, False, f"unexpected error: {type(exc).__name__}"))

    def job(self, jobid: str) -> JobView | None:
        return self._views.get(jobid) or self._queued_view(jobid)

    # -- commands -------------------------------------------------------------------------------------------

    def add(self, jobids: Iterable[str]) -> AddResult:
        """Track valid ids (duplicates and already tracked ones are reported, not added twice)."""
        wanted: list[str] = []
        seen: set[str] = set()
        for jobid in jobids:
            if jobid not in seen and is_jobid(jobid):
                seen.add(jobid)
                wanted.append(jobid)
        now = datetime.now(timezone.utc)
        # Told from memory, which mirrors the store (jobs another process added join within seconds): the
        # write itself goes to the store lane and may wait there for a lock.
        known = self._known()
        added = tuple(j for j in wanted if j not in known)
        result = AddResult(added=added, already=tuple(j for j in wanted if j in known))
        if added and self._store is not None:
            self._writer_for_store().add(added, now)
        if result.added:
            self._take_in_new(list(result.added), now)
        return result

    def _take_in_new(self, ids: list[str], now: datetime) -> None:
        """New ids: the first slice is held and announced now; the rest wait as ids (known, removable) and get
        their views when their turn comes (making 10,000 views at once held the loop ~20 ms)."""
        first, rest = ids[:INTAKE_PER_TURN], ids[INTAKE_PER_TURN:]
        if rest:
            self._queued_new.update(dict.fromkeys(rest, now))
            self._intake_ids.update(rest)
            for start in range(0, len(rest), INTAKE_PER_TURN):
                self._queue_intake(self._take_in_queued, rest[start : start + INTAKE_PER_TURN])
        self._take_in([JobView(jobid=j, state=JobState.NEW, added_at=now) for j in first], {})

    def _take_in_queued(self, ids: list[str]) -> None:
        wanted = [j for j in ids if j in self._intake_ids]  # not removed meanwhile
        self._intake_ids.difference_update(wanted)
        views = [JobView(jobid=j, state=JobState.NEW, added_at=self._queued_new.pop(j)) for j in wanted]
        if views:
            self._take_in(views, {})

    def _queued_view(self, jobid: str) -> JobView | None:
        """A new id still waiting for its turn, as it will be announced."""
        at = self._queued_new.get(jobid)
        return None if at is None else JobView(jobid=jobid, state=JobState.NEW, added_at=at)

    def remove(self, jobids: Iterable[str]) -> list[JobView]:
        """Stop tracking these jobs; returns what was removed (for undo)."""
        removed = [v for j in dict.fromkeys(jobids) if (v := self._views.get(j) or self._queued_view(j)) is not None]
        ids = [v.jobid for v in removed]
        if not ids:
            return []
        if self._store is not None:
            self._writer_for_store().remove(tuple(ids))
        self._forget(ids)
        return removed

    def restore(self, views: list[JobView]) -> None:
        """Undo a removal: the jobs come back with the state and record they had."""
        back = [v for v in views if v.jobid not in self._views and v.jobid not in self._intake_ids]
        if not back:
            return
        if self._store is not None:
            self._writer_for_store().restore(tuple(back))
        self._take_in(back, {})

    def set_kept(self, jobid: str, clip: str, kept: bool) -> JobView | None:
        """Star (or unstar) one take of a tracked job as a keeper: shown at once (``job_changed``), written to the
        store through the writer lane. Returns the job as it is now, or None for a job not tracked."""
        old = self._views.get(jobid)
        if old is None or not clip or old.submission is not None:
            return None
        clips = tuple(c for c in old.kept if c != clip) + ((clip,) if kept else ())
        if clips == old.kept:
            return old
        view = replace(old, kept=clips)
        self._views[jobid] = view
        if self._store is not None:
            self._writer_for_store().set_kept(jobid, clip, kept)
        self.job_changed.emit(view)
        return view

    def recheck(self, jobids: Iterable[str]) -> None:
        """Poll these jobs now, terminal ones included (a 404 may have been a hiccup)."""
        ids = [j for j in jobids if j in self._views]
        if not ids or self._poller is None:
            return
        # A terminal job is no longer in the policy: hand it back (as pending) before asking for the re-check.
        entries = (_entry(self._views[j]) for j in ids)
        self._poller.add(replace(e, state=JobState.PENDING) if e.state.is_terminal else e for e in entries)
        self._poller.recheck(ids)

    def set_token(self, token: str | None) -> None:
        """Use this token from the next request on; after a 401 it resumes polling."""
        self._paused_for_auth = False
        if self._poller is not None:
            self._poller.set_token(token)
        else:
            self._client.set_token(token)

    def replace_client(self, client: ApiClient) -> None:
        """Poll through another client (a new API base URL): restarts the poller, keeps every job."""
        old, self._client = self._client, client
        if self._poller is not None:
            self._stop_poller()
            self._start_poller().add(
                _entry(v, self._errors.get(v.jobid, 0)) for v in self._views.values() if not v.is_terminal
            )
        if old is not client:
            old.close()

    def set_config(self, config: PolicyConfig) -> None:
        self._config = config
        if self._poller is not None:
            self._poller.set_config(config)

    def _on_discovered(self, found: list[FoundJob]) -> None:
        """Running jobs on the account that are not tracked: taken in, marked as found there, when discovery is on."""
        if not self._discover or not self._started:
            return
        if len(found) > INTAKE_PER_TURN or self._found_waiting:
            # Thousands on one answer: sorted out in a pass of the loop of their own (engine.turns); what comes
            # after them waits its turn behind them.
            self._found_waiting += 1
            turns().run(functools.partial(self._sort_out_found, found, waited=True), self)
        else:
            self._sort_out_found(found)

    def _sort_out_found(self, found: list[FoundJob], *, waited: bool = False) -> None:
        if waited:
            self._found_waiting -= 1
        if not self._discover or not self._started:
            return
        known = self._known()
        wanted = [f for f in found if f.jobid not in known and is_jobid(f.jobid)]
        if not wanted:
            return
        now = datetime.now(timezone.utc)
        by_account: dict[str, list[str]] = {}
        for f in wanted:
            by_account.setdefault(f.email, []).append(f.jobid)
        self._intake_ids.update(f.jobid for f in wanted)
        if len(wanted) <= INTAKE_PER_TURN:
            self._take_in_found(wanted, now)
        else:  # thousands on one answer: a slice a turn, from the next one
            for start in range(0, len(wanted), INTAKE_PER_TURN):
                found_now = wanted[start : start + INTAKE_PER_TURN]
                self._queue_intake(functools.partial(self._take_in_found, now=now), found_now)
        for email, ids in by_account.items():
            log.info("%d running job(s) found on an account and added", len(ids))
            self.jobs_discovered.emit(email, ids)

    def _take_in_found(self, found: Sequence[FoundJob], now: datetime) -> None:
        """One slice of the jobs a list answer found: stored, held, announced and polled as listed."""
        wanted = [f for f in found if f.jobid in self._intake_ids]
        self._intake_ids.difference_update(f.jobid for f in wanted)
        if not wanted:
            return
        views = [JobView(jobid=f.jobid, state=JobState.PENDING, added_at=now, source=SOURCE_ACCOUNT) for f in wanted]
        if self._store is not None:
            writer = self._writer_for_store()
            writer.add(tuple(f.jobid for f in wanted), now, source=SOURCE_ACCOUNT)
            for view in views:
                # The list said it runs: that is its state until its record says otherwise (none is read yet).
                writer.record_poll(view.jobid, state=JobState.PENDING, record=None, polled_at=now)
        for view in views:
            self._views[view.jobid] = view
        self.jobs_added.emit(views)
        if self._poller is not None:
            self._poller.add(
                PollEntry(f.jobid, JobState.PENDING, f.created_at.timestamp() if f.created_at else None,
                          polled_at=now.timestamp(), listed=True, account=f.email)
                for f in wanted
            )  # fmt: skip

    def _take_in(self, views: list[JobView], errors: dict[str, int]) -> None:
        """Hold these views (with their consecutive error counts, 0 if not given), announce them, poll them.

        They are held at once; a long list is announced and handed to the poller a slice a turn.
        """
        for view in views:
            self._views[view.jobid] = view
            self._errors[view.jobid] = errors.get(view.jobid, 0)
        self._announce(views[:INTAKE_PER_TURN])
        for start in range(INTAKE_PER_TURN, len(views), INTAKE_PER_TURN):
            self._queue_intake(self._announce, views[start : start + INTAKE_PER_TURN])

    def _announce(self, views: list[JobView]) -> None:
        views = [v for v in views if self._views.get(v.jobid) is v]  # not removed or replaced meanwhile
        if not views:
            return
        self.jobs_added.emit(views)
        if self._poller is not None:
            self._poller.add(_entry(v, self._errors[v.jobid]) for v in views if not v.is_terminal)

    def _poll_views(self, views: list[JobView]) -> None:
        """Hand these held views to the poller (those not removed or replaced meanwhile)."""
        if self._poller is not None:
            self._poller.add(_entry(v, self._errors.get(v.jobid, 0)) for v in views if self._views.get(v.jobid) is v)

    def _known(self) -> set[str] | Iterable[str]:
        """Every id held, being loaded, or queued to be taken in."""
        extra = self._loading_ids | self._intake_ids
        return self._views.keys() | extra if extra else self._views.keys()

    def _queue_intake(self, take: Callable[[list[Any]], None], items: list[Any]) -> None:
        """``take(part)`` for the parts of ``items``, a slice a turn."""
        self._intake.append((take, items))
        if not self._intake_timer.isActive():
            self._intake_timer.start()

    def _intake_some(self) -> None:
        # A slice is a heavy piece of the GUI thread's work: it takes its own pass of the loop, never the one of
        # a look at a long list or of the table's paint (engine.turns).
        if self._intake:
            turns().run(self._intake_one, self)

    def _intake_one(self) -> None:
        if self._intake:
            take, items = self._intake[0]
            size = self._intake_size
            if len(items) > size:
                self._intake[0] = (take, items[size:])
                items = items[:size]
            else:
                self._intake.popleft()
            started = time.thread_time()  # the owner's own time (another process running does not count)
            take(items)
            took = time.thread_time() - started
            if took > INTAKE_TURN_S:
                self._intake_size = max(INTAKE_LEAST, int(size * INTAKE_TURN_S / took))
            elif took < INTAKE_TURN_S / 2:
                self._intake_size = min(INTAKE_PER_TURN, size + size // 4 + 1)
        if self._intake and not self._intake_timer.isActive():
            self._intake_timer.start()

    def _forget(self, jobids: list[str]) -> None:
        """Drop these tracked ids from memory and from polling, and announce it (the store is the caller's)."""
        for jobid in jobids:
            self._views.pop(jobid, None)
            self._errors.pop(jobid, None)
            self._intake_ids.discard(jobid)
            self._queued_new.pop(jobid, None)
        if self._poller is not None:
            self._poller.remove(jobids)
        self.jobs_removed.emit(jobids)

    def _sync_with_store(self) -> None:
        """Take in the jobs another process added to the store or removed from it since the last look.

        The look runs on the store lane (after the writes queued before it), never on the owner's thread: the
        file may be locked by another process for seconds, and 10,000 ids take a while to compare.
        """
        if self._store is None or self._loader is not None or not self._started or self._looking is not None:
            return  # while a long list is still being parsed, the next look will do
        store = self._store
        known_version, known_membership = self._data_version, self._membership
        shown = frozenset(self._views)

        def look() -> tuple[int, tuple[int, int], set[str] | None, list[tuple[JobView, int]]]:
            version = store.data_version()
            if version == known_version:
                return version, known_membership or (0, 0), None, []
            membership = store.membership()
            if membership == known_membership:
                return version, membership, None, []  # only poll results (say from `flowmusic watch`) were written
            stored = store.jobids()
            # In the order they were added: get_many sorts them. Turned into views here too (plain data): with
            # 10,000 ids from `flowmusic track -` that is tens of milliseconds the owner's thread does not spend.
            found = store.get_many((j for j in stored if j not in shown), parse_records=False)
            return version, membership, stored, [(view_from_tracked(job), job.errors) for job in found]

        self._looking = self._runner.run(
            look, name="look for changes to the job list", lane=STORE_LANE, on_success=self._on_looked,
            on_failure=self._on_look_failed,
        )

    def _on_look_failed(self, exc: BaseException) -> None:
        self._looking = None
        log.warning("could not look for changes to the job list: %s", describe_failure(exc))

    def _on_looked(self, result: tuple[int, tuple[int, int], set[str] | None, list[tuple[JobView, int]]]) -> None:
        self._looking = None
        if not self._started:
            return
        version, membership, stored, found = result
        self._data_version = version
        self._membership = membership
        if self._unread:
            self._unread = False
            if self._write_problem is None:
                self.store_problem.emit(None)  # the list reads again (its jobs are taken in below)
        if stored is None:
            return
        # Changes of this window not yet in the file are not another process's doing.
        adding, removing = self._writer.pending_membership() if self._writer is not None else (set(), set())
        gone = [jobid for jobid in self._views if jobid not in stored and jobid not in adding]
        new = [
            (view, errors) for view, errors in found
            if view.jobid not in self._views and view.jobid not in self._intake_ids and view.jobid not in removing
        ]  # fmt: skip
        if gone:
            self._forget(gone)
        if new:  # held at once, announced and polled a slice a turn (see _take_in)
            self._take_in([view for view, _ in new], {view.jobid: errors for view, errors in new})
        if gone or new:
            log.info("the job list changed outside this window: %d added, %d removed", len(new), len(gone))

    # -- outcomes -------------------------------------------------------------------------------------------

    def _on_outcome(self, out: PollOutcome) -> None:
        old = self._views.get(out.jobid)
        if old is None or self._poller is None:
            return
        if out.kind is OutcomeKind.NOT_FOUND and old.source == SOURCE_ACCOUNT and old.record is None:
            # Found on the list, never seen as a record, and the API says there is no such job: nothing the user
            # asked for is lost by dropping it, and kept it would read "not found" for ever.
            if self._store is not None:
                self._writer_for_store().remove((out.jobid,))
            self._forget([out.jobid])
            self.discovered_gone.emit(out.jobid, old.email or "")
            return
        if out.kind in (OutcomeKind.RECORD, OutcomeKind.NOT_FOUND, OutcomeKind.FORBIDDEN):
            state = out.state or old.state
            # A 404/403 has no record; keep the last one seen so the prompt and times still show.
            record = out.record if out.record is not None else old.record
            view = replace(
                old, state=state, record=record, last_polled_at=out.polled_at, poll_count=old.poll_count + 1,
                problem=None,
            )
            self._views[out.jobid] = view
            self._errors[out.jobid] = out.errors
            if self._store is not None:
                self._writer_for_store().record_poll(
                    out.jobid, state=state, record=record.raw_dict() if record is not None else None,
                    polled_at=out.polled_at,
                )
            self.job_changed.emit(view)
            if state.is_terminal and not old.is_terminal:
                self.job_finished.emit(view)
            if self._problem_active:
                self._problem_active = False
                self.problem_cleared.emit()
        elif out.kind is OutcomeKind.ACCOUNT_ERROR:
            # The account, not the network: the window names it once (account_problem); the row says why it waits.
            view = replace(old, last_polled_at=out.polled_at, poll_count=old.poll_count + 1, problem=out.message)
            self._views[out.jobid] = view
            self._errors[out.jobid] = out.errors
            if self._store is not None:
                self._writer_for_store().record_problem(
                    out.jobid, problem=out.message, polled_at=out.polled_at, errors=out.errors
                )
            self.job_changed.emit(view)
        elif out.kind is OutcomeKind.TRANSIENT:
            view = replace(old, last_polled_at=out.polled_at, poll_count=old.poll_count + 1, problem=out.message)
            self._views[out.jobid] = view
            self._errors[out.jobid] = out.errors
            if self._store is not None:
                self._writer_for_store().record_problem(
                    out.jobid, problem=out.message, polled_at=out.polled_at, errors=out.errors
                )
            self._problem_active = True
            self.job_changed.emit(view)
            self.problem.emit(ConnectionProblem(out.message, out.retry_in, out.jobid))
        # Rate limits and auth failures arrive through their own signals.

    # -- saving -----------------------------------------------------------------------------------------

    @property
    def unsaved(self) -> int:
        """How many changes (jobs added or removed, poll results) have not reached the file yet."""
        return self._writer.unsaved if self._writer is not None else 0

    def _writer_for_store(self) -> StoreWriter:
        if self._writer is None:
            store = self._store
            assert store is not None
            # The process's writer lane; else one over its one database object (or, in a test, a way to open a
            # failing one).
            self._writer = self._shared_writer or StoreWriter(self._open_writer or store, self._runner, self)
            self._writer.problem.connect(self.store_problem)
            self._writer.problem.connect(self._on_write_problem)
        return self._writer

    def _on_write_problem(self, problem: str | None) -> None:
        self._write_problem = problem

    def _on_auth_failed(self, message: str) -> None:
        self._paused_for_auth = True
        self.auth_failed.emit(message)

    def _on_rate_limited(self, limit: RateLimit) -> None:
        self.rate_limited.emit(limit)

"""``flowmusic watch``: follow jobs until they finish, printing each change (readable, or one JSON line each)."""

from __future__ import annotations

import argparse
import contextlib
import functools
import signal
import sys
import time
from typing import IO, TYPE_CHECKING, Any

from flowmusic_gui.cli.common import (
    EXIT_INTERRUPTED,
    EXIT_JOB_FAILED,
    EXIT_NO_TOKEN,
    EXIT_OK,
    EXIT_TIMEOUT,
    EXIT_USAGE,
    TOKEN_HELP,
    api_base,
    close_writer,
    collect_ids,
    dispose_application,
    lookup_token,
    oneline,
    open_store,
    print_json,
    say_no_token,
    say_store_problem,
    token_rejected,
)

if TYPE_CHECKING:
    from PySide6.QtCore import QCoreApplication, QTimer

    from flowmusic_gui.core.client import RunningJobs
    from flowmusic_gui.core.records import JobState
    from flowmusic_gui.engine.tasks import TaskRunner
    from flowmusic_gui.engine.tracker import Tracker
    from flowmusic_gui.engine.types import ConnectionProblem, JobView, RateLimit
    from flowmusic_gui.terminal.progress import WatchProgress
    from flowmusic_gui.terminal.screen import PlainScreen


def add_parser(sub: Any, common: argparse.ArgumentParser) -> None:
    from flowmusic_gui.cli.common import positive_float
    from flowmusic_gui.terminal.helptext import help_for

    watch = sub.add_parser("watch", parents=[common], **help_for("watch"))
    watch.add_argument("--json", action="store_true", help="one JSON object per line for each state change")
    watch.add_argument("--poll-interval", type=positive_float, metavar="S",
                       help="the base polling interval in seconds (default 4)")
    watch.add_argument("--max-interval", type=positive_float, metavar="S",
                       help="the longest interval between two polls of a job (default 60)")
    watch.add_argument("--timeout", type=positive_float, metavar="S",
                       help="give up after S seconds with exit code 4")
    watch.add_argument("--track", action="store_true", help="also add the jobs to the app's store")
    watch.add_argument("--running", action="store_true",
                       help="also watch every job running on the token's accounts now, and every job that starts "
                            "while watching, until none is running and none is pending")
    watch.add_argument("jobids", nargs="*", metavar="JOBID",
                       help="job ids, or - to read text from stdin (optional with --running)")


def cmd_watch(ns: argparse.Namespace, stdin: IO[str], out: IO[str]) -> int:
    ids, complaints = collect_ids(ns.jobids, stdin)
    if complaints:
        for complaint in complaints:
            print(f"flowmusic: bad job id: {oneline(complaint)}", file=sys.stderr)
        return EXIT_USAGE
    if not ids and not ns.running:
        print("flowmusic: no job ids given (or use --running)", file=sys.stderr)
        return EXIT_USAGE
    base = api_base(ns.api_base)

    found = lookup_token()
    if not found.token:
        say_no_token(found)
        return EXIT_NO_TOKEN

    from flowmusic_gui.core.client import ApiClient
    from flowmusic_gui.core.config import policy_config

    config = policy_config(poll_interval=ns.poll_interval, max_interval=ns.max_interval)
    # With --track the ids are added first thing, through the session's writer lane.
    store = open_store(ns.data_dir) if ns.track else None
    # Without --track the job list is left alone, but what songs take to make is still learned from and kept.
    durations = store if store is not None else durations_store(ns.data_dir)
    client = ApiClient(base, found.token)
    try:
        session = WatchSession(ids, client, config, store, ns.json, out, running=ns.running, durations=durations)
        return session.run(ns.timeout)
    finally:
        client.close()
        if durations is not None:
            durations.close()


#: How long the end of a watch waits for its last writes (a little over the store's busy timeout).
STORE_CLOSE_S = 6.0


def _learn(store: Any, *, jobid: str, seconds: float, account: str | None, operation: str | None) -> None:
    store.learn_duration(jobid, seconds, account=account, operation=operation)


def durations_store(data_dir: str | None) -> Any:
    """The store, for the generation times it keeps only; None (and nothing said) when it cannot be opened."""
    from flowmusic_gui.core.paths import data_dir as resolve
    from flowmusic_gui.core.store import JobStore, StoreError

    try:
        return JobStore(resolve(data_dir) / JobStore.FILENAME)
    except (StoreError, OSError):
        return None  # a read-only or damaged data folder: the prior and this run's learning will do


class WatchSession:
    """One run of ``watch``: the tracker's signals in, lines (or JSON) out, and the exit code at the end."""

    def __init__(self, ids: list[str], client: Any, config: Any, store: Any, as_json: bool, out: IO[str], *,
                 running: bool = False, durations: Any = None) -> None:
        from PySide6.QtCore import QCoreApplication

        from flowmusic_gui.engine.store_writer import STORE_LANE, StoreWriter
        from flowmusic_gui.engine.tasks import TaskRunner
        from flowmusic_gui.engine.tracker import Tracker
        from flowmusic_gui.terminal.progress import WatchProgress
        from flowmusic_gui.terminal.screen import PlainScreen, screen_for

        self.ids = ids
        self.store = store
        self.out = out
        self.running = running
        self._existing = QCoreApplication.instance()
        self.app: QCoreApplication = self._existing or QCoreApplication(["flowmusic"])
        # The command's one task runner: the requests, and the store writes (serialized, off the event loop, so a
        # store locked by another process delays no answer).
        self.runner: TaskRunner = TaskRunner(max_threads=8)
        self.runner.lane(STORE_LANE, 1)
        # Every write of the command (the ids with --track, results, generation times) goes through its one writer
        # lane over its one database object: kept in order, retried, and a problem said once.
        self.durations = durations
        self.writer: StoreWriter | None = None
        if durations is not None:
            self.writer = StoreWriter(durations, self.runner)
            self.writer.problem.connect(self.on_store_problem)
        self.runner.failed.connect(
            lambda name, message: self.warn(f"flowmusic: warning: could not {name}: {oneline(message)}")
        )
        # With a store, the tracker would resume every tracked job; watch only what was asked for (and, with
        # --running, what the running-jobs list shows; without it the list is looked at only for the jobs it speaks
        # for, and a lone job is read on its own).
        self.tracker: Tracker = Tracker(None, client, config, runner=self.runner, discover=running, browse=running)
        self.last_state: dict[str, JobState] = {}
        self.code: int | None = None
        # --running: whether the last good look at GET /jobs showed anything running (None: no good look yet).
        self.listed_running: bool | None = None
        # --json keeps stdout to its JSON lines; readable output may redraw a status block on a terminal.
        self.screen: PlainScreen = PlainScreen(out, sys.stderr) if as_json else screen_for(out, sys.stderr)
        self.progress: WatchProgress | None = (
            None if as_json else WatchProgress(ids, self.screen, started=time.monotonic())
        )
        self.tracker.job_changed.connect(self.on_changed)
        self.tracker.problem.connect(self.on_problem)
        self.tracker.rate_limited.connect(self.on_rate)
        self.tracker.auth_failed.connect(self.on_auth)
        if running:
            self.tracker.jobs_discovered.connect(self.on_discovered)
            self.tracker.running_listed.connect(self.on_listed)
        if durations is not None:
            self.learn_from(durations)

    def learn_from(self, durations: Any) -> None:
        """Start from what earlier runs learned; keep what this one learns (with --track, saving a completed
        result keeps its timing already)."""
        from flowmusic_gui.core.store import StoreError

        try:
            self.tracker.learn(durations.stored_durations())
        except StoreError:
            return  # unreadable: the prior will do
        if self.store is None:
            self.tracker.learned.connect(self.on_learned)

    def on_learned(self, item: Any) -> None:
        if self.writer is None or not item.jobid:
            return
        save = functools.partial(_learn, jobid=item.jobid, seconds=item.seconds, account=item.account,
                                 operation=item.operation)  # fmt: skip
        self.writer.write(save, name="keep a generation time")

    # -- what the tracker says -----------------------------------------------------------------------------

    def warn(self, text: str) -> None:
        if self.progress is not None:
            self.progress.warn(text)
        else:
            print(text, file=sys.stderr)

    def finish(self, code: int) -> None:
        if self.code is None:
            self.code = code
            self.app.exit(code)

    def on_changed(self, view: JobView) -> None:
        from flowmusic_gui.core.records import JobState

        if view.jobid not in self.ids or view.state is JobState.NEW:
            return
        if self.last_state.get(view.jobid) is not view.state:
            self.last_state[view.jobid] = view.state
            if self.store is not None and self.writer is not None:
                self.writer.record_poll(view.jobid, state=view.state, record=view.raw_record,
                                        polled_at=view.last_polled_at or view.added_at)  # fmt: skip
            if self.progress is None:
                print_json_view(view, self.out)
            else:
                self.progress.changed(view, time.monotonic())
        elif self.progress is not None:
            self.progress.seen(view)
        self.check_done()

    def check_done(self) -> None:
        from flowmusic_gui.core.records import JobState

        if self.running and self.listed_running is not False:
            return  # something still runs on the account, or the list was not read yet
        states = self.last_state
        if len(states) == len(self.ids) and all(s.is_terminal for s in states.values()):
            ok = all(s is JobState.COMPLETED for s in states.values())
            self.finish(EXIT_OK if ok else EXIT_JOB_FAILED)

    def on_discovered(self, _email: str, found: list[str]) -> None:
        for jobid in found:
            if jobid not in self.ids:
                self.ids.append(jobid)
                if self.progress is not None:
                    self.progress.add(jobid)
                view = self.tracker.job(jobid)
                if view is not None:
                    self.on_changed(view)

    def on_listed(self, jobs: RunningJobs) -> None:
        # Jobs just discovered are taken in before this look is reported, so none is missed in between.
        self.listed_running = bool(jobs.jobids)
        self.check_done()

    def on_store_problem(self, message: str | None) -> None:
        say_store_problem(message, self.warn)

    def on_problem(self, problem: ConnectionProblem) -> None:
        self.warn(f"flowmusic: warning: {oneline(problem.message)} (retrying in {problem.retry_in:.0f} s)")

    def on_rate(self, limit: RateLimit) -> None:
        self.warn(f"flowmusic: warning: rate limited: waiting {limit.seconds:.0f} s ({oneline(limit.message)})")

    def on_auth(self, message: str) -> None:
        self.warn(f"flowmusic: {token_rejected(message)}. {TOKEN_HELP}")
        self.finish(EXIT_NO_TOKEN)

    # -- the run -------------------------------------------------------------------------------------------

    def _timers(self, timeout: float | None) -> list[QTimer]:
        from PySide6.QtCore import Qt, QTimer

        timers: list[QTimer] = []
        if timeout is not None:
            deadline = QTimer()
            deadline.setSingleShot(True)
            # A coarse timer may fire 5% early: "--timeout 3" would end at 2.85 s and the summary say 0:02.
            deadline.setTimerType(Qt.TimerType.PreciseTimer)
            deadline.timeout.connect(lambda: self.finish(EXIT_TIMEOUT))
            deadline.start(int(timeout * 1000))
            timers.append(deadline)
        # Python runs signal handlers only when it holds control: a short tick lets Ctrl-C through Qt's loop.
        tick = QTimer()
        tick.timeout.connect(lambda: None)
        tick.start(200)
        timers.append(tick)
        progress = self.progress
        if progress is not None:
            clock = QTimer()  # elapsed times move by the second
            clock.timeout.connect(lambda: progress.tick(time.monotonic()))
            clock.start(1000)
            timers.append(clock)
        return timers

    def run(self, timeout: float | None) -> int:
        from datetime import datetime, timezone

        from flowmusic_gui.core.records import JobState

        timers = self._timers(timeout)
        previous = signal.signal(signal.SIGINT, lambda *_: self.finish(EXIT_INTERRUPTED))
        if self.store is not None and self.writer is not None and self.ids:
            self.writer.add(tuple(self.ids), datetime.now(timezone.utc))  # --track: into the app's job list
        self.tracker.start()
        if self.ids:
            self.tracker.add(self.ids)
        if self.progress is not None:
            self.progress.tick(time.monotonic())  # the block shows the jobs being checked before the first answer
        try:
            code = self.app.exec()
        finally:
            ended = time.monotonic()  # the summary's time is the watch's, not the saving after it
            signal.signal(signal.SIGINT, previous)
            for t in timers:
                t.stop()
            self.tracker.stop()
            # Results still being saved get a moment (the store's busy timeout); the command never hangs on a lock.
            if self.writer is not None:
                close_writer(self.writer, STORE_CLOSE_S, self.warn)
            self.runner.shutdown(1.0)
            if self._existing is None:
                dispose_application(self.app)
        final = self.code if self.code is not None else code
        if self.progress is not None and final != EXIT_NO_TOKEN:
            how = {EXIT_TIMEOUT: "timed out", EXIT_INTERRUPTED: "interrupted"}.get(final, "")
            self.progress.finish(ended, how)
        elif self.progress is not None:
            self.screen.close()
        if code == EXIT_TIMEOUT:
            pending = [j for j in self.ids if not self.last_state.get(j, JobState.NEW).is_terminal]
            print(f"flowmusic: timed out with {len(pending)} job(s) still pending", file=sys.stderr)
        return final


def print_json_view(view: Any, out: IO[str]) -> None:
    from flowmusic_gui.core.records import JobState

    record = None if view.state in (JobState.NOT_FOUND, JobState.FORBIDDEN) else view.raw_record
    # A reader that went away (`watch --json | head -1`) ends the output, not the watch: the exit code still counts.
    with contextlib.suppress(BrokenPipeError):
        print_json({"jobid": view.jobid, "state": view.state.value, "record": record}, out)

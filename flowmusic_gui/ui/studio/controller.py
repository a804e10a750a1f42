"""The window's studio: opens the New song and Make from this take forms, queues what they ask for in the store
(off the GUI thread), runs the submission queue on the window's tracker (its running lists pace it, the jobs it
makes are tracked at once), and keeps the queued submissions the jobs table, status bar and tray show."""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime, timezone
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Signal

from flowmusic_gui.core.submissions import Submission, SubmissionState, new_submission
from flowmusic_gui.engine.store_writer import LaneSubmissions
from flowmusic_gui.engine.submit_queue import SubmissionQueue
from flowmusic_gui.ui.studio.edit_take import EditTakeDialog, TakeInfo
from flowmusic_gui.ui.studio.new_song import AccountChoice, NewSongDialog

if TYPE_CHECKING:
    from PySide6.QtWidgets import QWidget

    from flowmusic_gui.core.records import Clip
    from flowmusic_gui.core.store import JobStore
    from flowmusic_gui.engine.accounts import AccountStatus
    from flowmusic_gui.engine.store_writer import StoreWriter, SubmissionStore
    from flowmusic_gui.engine.tasks import TaskRunner
    from flowmusic_gui.engine.tracker import Tracker

log = logging.getLogger(__name__)
S = SubmissionState
#: The submissions shown as rows of their own: not (yet) a job.
SHOWN = frozenset({S.QUEUED, S.SENDING, S.UNCERTAIN, S.NOT_MADE, S.REFUSED})


class Studio(QObject):
    """One per window. ``rows_changed`` carries every shown submission (plain data) after each change."""

    rows_changed = Signal(list)  # list[Submission]
    notice = Signal(str)

    def __init__(
        self,
        parent: QWidget,
        tracker: Tracker,
        runner: TaskRunner,
        store: JobStore,
        *,
        accounts: Callable[[], list[AccountStatus]] | None = None,
        min_credits: Callable[[], int] | None = None,
        list_interval_s: float = 10.0,
        writer: StoreWriter | None = None,
    ) -> None:
        super().__init__(parent)
        self._parent = parent
        self._tracker = tracker
        self._runner = runner
        self._store = store  # the process's one database object (the window's backend closes it)
        self._writer = writer  # and its writer lane: every write of the studio goes through it
        self._accounts = accounts or (list)
        self._min_credits = min_credits or (lambda: 0)
        self._rows: dict[str, Submission] = {}
        self._started = False
        self.queue = SubmissionQueue(runner, store, tracker.client, list_interval_s=list_interval_s,
                                     client_source=lambda: tracker.client, writer=writer, parent=self)  # fmt: skip
        tracker.running_listed.connect(self.queue.feed_running)
        tracker.account_problem.connect(lambda notice: self.queue.account_healthy(getattr(notice, "email", ""), False))
        tracker.account_healed.connect(lambda email: self.queue.account_healthy(email, True))
        self.queue.made.connect(self._on_made)
        self.queue.changed.connect(self._on_changed)
        self.queue.ready.connect(self._load_rows)
        self.queue.notice.connect(self.notice)
        #: Test seams: the forms' exec (a test answers them without a modal loop).
        self.ask_new_song: Callable[[NewSongDialog], bool] = lambda d: bool(d.exec())
        self.ask_edit: Callable[[EditTakeDialog], bool] = lambda d: bool(d.exec())

    def start(self) -> None:
        """Start the queue (once; a new token later only resumes it)."""
        self.queue.min_credits = self._min_credits()
        if self._started:
            self.queue.resume_auth()
            return
        self._started = True
        self.queue.start()

    def stop(self) -> None:
        """Send nothing more (POSTs on the wire are saved by their task, or reconciled at the next start)."""
        self.queue.stop()
        self.queue.release()

    # --- rows ---------------------------------------------------------------------------------------------

    def rows(self) -> list[Submission]:
        return list(self._rows.values())

    def counts(self) -> dict[str, int]:
        """How many shown submissions are in each state (the status bar and tray say the queued ones)."""
        counts: dict[str, int] = {}
        for sub in self._rows.values():
            counts[sub.state.value] = counts.get(sub.state.value, 0) + 1
        return counts

    def _load_rows(self) -> None:
        repo = self.queue.repository
        if repo is None:
            return

        def read() -> list[Submission]:
            return repo.submissions(SHOWN)

        def done(subs: list[Submission]) -> None:
            for sub in subs:
                self._rows[sub.ref] = sub
            self.rows_changed.emit(self.rows())

        self._runner.run(read, name="read the queued songs", lane="submit-db", on_success=done)

    def _on_changed(self, sub: Submission) -> None:
        if sub.state in SHOWN:
            self._rows[sub.ref] = sub
        else:
            self._rows.pop(sub.ref, None)
        self.rows_changed.emit(self.rows())

    def _on_made(self, jobid: str) -> None:
        # The store already tracks it (same transaction as the answer); the tracker polls it from now on.
        self._tracker.add([jobid])

    # --- forms --------------------------------------------------------------------------------------------

    def account_choices(self) -> list[AccountChoice]:
        cost = self.queue.cost_per_song()
        slots = {a.email.lower(): a for a in self.queue.slot_view()}
        choices = []
        for status in self._accounts():
            slot = slots.get(status.email.lower())
            choices.append(AccountChoice(
                status.email, running=slot.running if slot else (status.running or 0),
                max_jobs=status.max_jobs, credits=int(status.credits) if status.credits is not None else None,
                cost=cost, healthy=status.healthy,
            ))  # fmt: skip
        if not choices:
            choices = [AccountChoice(a.email, running=a.running, max_jobs=a.max_jobs, credits=a.credits, cost=cost,
                                     healthy=a.healthy) for a in slots.values()]  # fmt: skip
        return choices

    def new_song_dialog(self, initial: dict[str, Any] | None = None, email: str | None = None) -> NewSongDialog:
        """The New song form with this window's accounts, lyrics writer and list reader."""
        return NewSongDialog(self.account_choices(), write_lyrics=self._write_lyrics, load_text=self._load_text,
                             check_files=self._check_files, upload_file=self._upload_file,
                             initial=initial, email=email, parent=self._parent)  # fmt: skip

    def new_song(self, initial: dict[str, Any] | None = None, email: str | None = None) -> NewSongDialog:
        """Open the New song form (prefilled for Make again); what it asks for is queued."""
        dialog = self.new_song_dialog(initial, email)
        if self.ask_new_song(dialog):
            # With references, the account they were uploaded to (also under "Automatic"): refs live on one account.
            self.queue_songs("music", dialog.bodies(), dialog.send_account())
        return dialog

    def edit_take(
        self, take: TakeInfo, initial: dict[str, Any] | None = None, operation: str = "extend"
    ) -> EditTakeDialog:
        """Open Make from this take; the edit is queued on the clip's account."""
        dialog = EditTakeDialog(take, operation=operation, initial=initial, parent=self._parent)
        if self.ask_edit(dialog):
            body, problems = dialog.body()
            if not problems:
                email = _clip_email(take.clip)
                self.queue_songs("edit", [body], email)
        return dialog

    def queue_songs(self, kind: str, bodies: list[dict[str, Any]], email: str | None) -> list[Submission]:
        now = datetime.now(timezone.utc)
        subs = [new_submission(kind, body, email=email, now=now) for body in bodies]
        for sub in subs:
            self._rows[sub.ref] = sub
        self.rows_changed.emit(self.rows())
        repo = self.queue.repository or self._lane()

        def add() -> None:
            repo.add_submissions(subs)

        self.queue.min_credits = max(0, self._min_credits())  # the floor as Settings says now
        self._runner.run(add, name="queue songs", lane="submit-db", on_success=lambda _r: self.queue.kick(),
                         on_failure=self._on_queue_failed)  # fmt: skip
        return subs

    def _lane(self) -> SubmissionStore:
        """The submissions table before the queue has opened: through the writer lane when there is one."""
        if self._writer is None:
            return self._store
        runner = self._runner
        return LaneSubmissions(self._store, self._writer, stop=lambda: runner.closed)

    def _on_queue_failed(self, exc: BaseException) -> None:
        self.notice.emit(self.tr("The songs could not be queued: {why}").format(why=str(exc)))

    def _write_lyrics(self, prompt: str, email: str | None, done: Callable[[str, bool], None]) -> None:
        client = self._tracker.client

        def work() -> tuple[str, bool]:
            from flowmusic_gui.core.client.making import LyricsWritten

            answer = client.write_lyrics(prompt, email=email)
            if isinstance(answer, LyricsWritten):
                return answer.text, True
            return str(answer), False

        self._runner.run(work, name="write lyrics", on_success=lambda r: done(*r),
                         on_failure=lambda exc: done(str(exc), False))  # fmt: skip

    def _check_files(self, paths: list[str], done: Callable[[list[Any]], None]) -> None:
        """Check reference files (size, type from their first bytes) off the GUI thread."""
        from flowmusic_gui.core.ref_files import RefProblem, check_file

        def failed(exc: BaseException) -> None:
            done([RefProblem(p.rsplit("/", 1)[-1], "unreadable", str(exc)) for p in paths])

        self._runner.run(lambda: [check_file(p) for p in paths], name="check reference files", on_success=done,
                         on_failure=failed)  # fmt: skip

    def _upload_file(self, ref: Any, email: str, done: Callable[[str | None, str], None]) -> None:
        """Upload one reference file to ``email`` (``POST /files``) off the GUI thread: done(asset id, "") or
        done(None, why)."""
        client = self._tracker.client

        def work() -> tuple[str | None, str]:
            from flowmusic_gui.core.client.making import Uploaded
            from flowmusic_gui.core.ref_files import read_for_upload

            data = read_for_upload(ref)
            if not isinstance(data, bytes):
                return None, data.message
            answer = client.upload_file(data, ref.content_type, email=email)
            if isinstance(answer, Uploaded):
                return answer.asset_id, ""
            return None, str(answer)

        self._runner.run(work, name="upload a reference file", on_success=lambda r: done(*r),
                         on_failure=lambda exc: done(None, str(exc)))  # fmt: skip

    def _load_text(self, path: str, done: Callable[[str | None, str], None]) -> None:
        def read() -> str:
            with open(path, encoding="utf-8", errors="replace") as f:
                return f.read(2_000_000)

        self._runner.run(read, name="read a prompt list", on_success=lambda text: done(text, ""),
                         on_failure=lambda exc: done(None, getattr(exc, "strerror", None) or str(exc)))  # fmt: skip

    def retry(self, ref: str, *, despite_evidence: bool = False) -> None:
        """Send a not_made (or, warned, an uncertain) submission again."""
        from flowmusic_gui.core.submissions import retry

        repo = self.queue.repository
        if repo is None:
            return

        def move() -> Submission | None:
            return repo.move_submission(ref, lambda s: retry(s, datetime.now(timezone.utc),
                                                             despite_evidence=despite_evidence))  # fmt: skip

        def done(sub: Submission | None) -> None:
            if sub is not None:
                self._on_changed(sub)
                self.queue.kick()

        self._runner.run(move, name="send a song again", lane="submit-db", on_success=done)

    def drop(self, refs: list[str]) -> None:
        """Cancel queued (or not made, refused, uncertain) submissions: they leave the table."""
        from flowmusic_gui.core.submissions import cancel

        repo = self.queue.repository
        if repo is None:
            return

        def move() -> list[Submission]:
            moved = [repo.move_submission(ref, lambda s: cancel(s, datetime.now(timezone.utc))) for ref in refs]
            return [m for m in moved if m is not None]

        def done(subs: list[Submission]) -> None:
            for sub in subs:
                self._on_changed(sub)

        self._runner.run(move, name="drop queued songs", lane="submit-db", on_success=done)


def _clip_email(clip: str) -> str | None:
    import re

    m = re.fullmatch(r"user:[0-9A-Za-z]+-(.+@.+)-clip:[0-9a-fA-F-]{36}", clip)
    return m.group(1) if m else None


def take_from_clip(clip: Clip) -> TakeInfo | None:
    """The TakeInfo of a parsed clip (None without a clip id: nothing to edit)."""
    from flowmusic_gui.core.lyrics import pair

    if not clip.clip:
        return None
    pairing = pair(clip.lyrics, clip.lyrics_timing)
    markers = tuple((float(a), float(b)) for a, b in pairing.markers)
    lines: tuple[str, ...] = ()
    if pairing.paired:
        by_marker = {line.marker: line.text for line in pairing.lines if line.marker is not None}
        lines = tuple(by_marker.get(i, "") for i in range(len(markers)))
    return TakeInfo(
        clip=clip.clip, duration_s=clip.duration_s, title=clip.title, lyrics=clip.lyrics, seed=clip.seed,
        markers=markers, lines=lines,
    )  # fmt: skip

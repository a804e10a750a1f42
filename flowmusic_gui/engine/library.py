"""The whole library: every clip of every account on the token, as tagged mp3s, through the downloads queue.

`LibraryRun` walks ``GET /accounts`` and then ``GET /music`` page by page for each account (one request at a
time, on its own lane), hands each page to the queue as mp3 requests (the ledger skips what is already there,
so a second run fetches nothing new, and a run killed half way continues from its partial files), and reports
one progress figure for the whole run and a summary at the end. Plain data only crosses threads.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field, replace

from PySide6.QtCore import QObject, Signal

from flowmusic_gui.core import client as api
from flowmusic_gui.core.jobids import clip_email
from flowmusic_gui.core.store import DownloadState
from flowmusic_gui.core.track import track_from_library
from flowmusic_gui.engine.download_settings import DownloadSettings
from flowmusic_gui.engine.downloads import DownloadItem, DownloadQueue, DownloadRequest
from flowmusic_gui.engine.tasks import TaskRunner

__all__ = ["LIBRARY_LANE", "PAGE_SIZE", "LibraryProgress", "LibraryRun", "LibrarySummary"]

LIBRARY_LANE = "library"
PAGE_SIZE = 100
PLAN_BATCH = 25
#: How many clips may wait in the queue before the walk asks for the next page: memory stays flat however
#: large the library is.
MAX_WAITING = 200
#: No account's list is read past this many pages (a million clips): a walk always ends.
MAX_PAGES = 10_000


@dataclass(frozen=True)
class LibraryProgress:
    """One figure for the run: clips finished (downloaded, already there or failed) of the clips found so far."""

    finished: int
    found: int
    walking: bool  # still reading the clip lists (``found`` may grow)


@dataclass(frozen=True)
class LibrarySummary:
    """What a run did; ``problems`` are plain sentences about the lists (accounts that could not be read);
    each failed clip was reported on its own through :attr:`LibraryRun.item_finished`."""

    downloaded: int = 0
    skipped: int = 0
    failed: int = 0
    accounts: tuple[str, ...] = ()
    problems: tuple[str, ...] = ()
    #: Accounts in the error state (596), left out: their clips cannot be listed until re-added at useapi.net.
    warnings: tuple[str, ...] = ()
    token_refused: bool = False
    cancelled: bool = False

    def text(self) -> str:
        parts = [f"{self.downloaded} downloaded", f"{self.skipped} already there"]
        if self.failed:
            parts.append(f"{self.failed} failed")
        where = f" from {len(self.accounts)} account{'s' if len(self.accounts) != 1 else ''}"
        return ", ".join(parts) + (where if self.accounts else "") + "."


@dataclass
class _Tally:
    downloaded: int = 0
    skipped: int = 0
    failed: int = 0
    found: int = 0
    problems: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    accounts: list[str] = field(default_factory=list)
    token_refused: bool = False


class LibraryRun(QObject):
    """One "Download my library" run; :attr:`done` fires once with the summary."""

    progress = Signal(object)  # LibraryProgress
    item_finished = Signal(object)  # DownloadItem of this run
    done = Signal(object)  # LibrarySummary

    def __init__(
        self,
        client: api.ApiClient,
        queue: DownloadQueue,
        runner: TaskRunner,
        *,
        settings: DownloadSettings,
        account: str | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._client = client
        self._queue = queue
        self._runner = runner
        self._settings = replace(settings, format="mp3")
        self._account = account
        runner.lane(LIBRARY_LANE, 1)
        self._tally = _Tally()
        self._batches: set[int] = set()
        self._open: set[int] = set()  # ids of this run's downloads not finished yet
        self._pages: list[tuple[str, int]] = []  # (email, offset) still to read
        self._seen: dict[str, set[str]] = {}  # per account: the clip ids its pages have listed
        self._read: dict[str, int] = {}  # per account: how many pages were read
        self._walking = False
        self._reading = False
        self._finished = False
        self._cancelled = False
        queue.planned.connect(self._on_planned)
        queue.finished.connect(self._on_item)

    @property
    def running(self) -> bool:
        return self._walking or bool(self._open)

    def start(self) -> None:
        self._walking = True
        self._emit_progress()
        self._runner.run(self._client.accounts, name="list the accounts", lane=LIBRARY_LANE,
                         on_success=self._on_accounts, on_failure=self._on_crash)

    def cancel_walk(self) -> None:
        """Read no more pages (the window is closing); queued downloads stay queued, to resume at the next start."""
        self._pages.clear()
        self._walking = False
        self._finished = True

    def cancel(self) -> None:
        """Stop reading the lists and cancel this run's downloads that have not finished."""
        self._cancelled = True
        self._pages.clear()
        self._walking = False
        for download_id in list(self._open):
            self._queue.cancel(download_id)
        self._maybe_done()

    # -- the walk --------------------------------------------------------------------------------------

    def _on_crash(self, exc: BaseException) -> None:
        self._tally.problems.append(f"The library could not be read: {exc}")
        self._walking = False
        self._maybe_done()

    def _on_accounts(self, outcome: api.AccountsOutcome) -> None:
        if isinstance(outcome, api.Accounts):
            emails = [a.email for a in outcome.accounts]
            if self._account is not None:
                wanted = self._account.lower()
                emails = [e for e in emails if e.lower() == wanted]
                if not emails:
                    self._tally.problems.append(f"{self._account} is not an account on this API token.")
            broken = {a.email for a in outcome.accounts if a.error}
            for email in emails:
                if email in broken:
                    note = (f"{email}: the account is in an error state (re-add it at useapi.net); "
                            "its clips were skipped.")
                    # Asked for by name it is a failure; met on the way through the token, a warning.
                    (self._tally.problems if self._account else self._tally.warnings).append(note)
                else:
                    self._tally.accounts.append(email)
                    self._pages.append((email, 0))
        else:
            self._problem("GET /accounts", outcome)
        self._next_page()

    def _problem(self, what: str, outcome: object) -> None:
        if isinstance(outcome, api.AuthFailed):
            self._tally.token_refused = True
            self._pages.clear()
        self._tally.problems.append(f"{what}: {getattr(outcome, 'message', outcome)}")

    def _next_page(self) -> None:
        if self._cancelled or self._reading:
            return
        if not self._pages:
            self._walking = False
            self._emit_progress()
            self._maybe_done()
            return
        if len(self._open) > MAX_WAITING:
            return  # asked again as downloads finish
        email, offset = self._pages.pop(0)
        self._reading = True
        work = functools.partial(self._client.clips, email, limit=PAGE_SIZE, offset=offset)
        self._runner.run(work, name="read the clip list", lane=LIBRARY_LANE,
                         on_success=functools.partial(self._on_page, email, offset), on_failure=self._on_crash)

    def _on_page(self, email: str, offset: int, outcome: api.ClipsOutcome) -> None:
        self._reading = False
        if self._cancelled:
            self._maybe_done()
            return
        if isinstance(outcome, api.ClipPage):
            seen = self._seen.setdefault(email, set())
            repeated = bool(outcome.clips) and all(c.clip in seen for c in outcome.clips)
            pages = self._read[email] = self._read.get(email, 0) + 1
            fresh = []
            for c in outcome.clips:
                if c.clip in seen:
                    continue
                seen.add(c.clip)
                owner = clip_email(c.clip)
                if owner is not None and owner.lower() != email.lower():
                    # The clip list of one account speaks only for that account's clips: a clip that names
                    # another is not fetched with this one's (an id of no known shape is the API's to refuse).
                    self._tally.problems.append(
                        f"The clip list of {email} held {c.clip[:120]}, which names another account ({owner}); "
                        "it was not downloaded.")
                    continue
                fresh.append(c)
            requests_ = [
                DownloadRequest(track_from_library({"clip": c.clip, "title": c.title, "lyrics": c.lyrics,
                                                    "duration_s": c.duration_s, "image_url": c.image_url}, email),
                                "mp3")
                for c in fresh
            ]
            stop = _walk_stop(outcome, offset, pages, repeated)
            if stop:
                self._tally.problems.append(
                    f"The clip list of {email} was read as far as it made sense: {stop}; stopped after "
                    f"{pages} page{'s' if pages != 1 else ''} ({len(seen)} clips).")
            elif outcome.next is not None and outcome.clips:
                self._pages.insert(0, (email, outcome.next))
            self._tally.found += len(requests_)
            # Planned a few at a time: each plan's answer is handled on the owner's (GUI) thread, and a
            # hundred rows at once would hold it for longer than a frame on a busy machine.
            for i in range(0, len(requests_), PLAN_BATCH):
                self._batches.add(self._queue.add(requests_[i : i + PLAN_BATCH], self._settings))
            self._emit_progress()
        else:
            self._problem(f"the clip list of {email}", outcome)
        self._next_page()

    # -- the downloads -----------------------------------------------------------------------------------

    def _on_planned(self, batch: int, items: tuple[DownloadItem, ...]) -> None:
        if batch not in self._batches:
            return
        for item in items:
            if item.finished:
                self._count(item)
            else:
                self._open.add(item.id)
        self._emit_progress()
        self._batches.discard(batch)
        self._next_page()
        self._maybe_done()

    def _on_item(self, item: DownloadItem) -> None:
        if item.id not in self._open:
            return
        self._open.discard(item.id)
        self._count(item)
        self._emit_progress()
        self._next_page()
        self._maybe_done()

    def _count(self, item: DownloadItem) -> None:
        t = self._tally
        if item.skipped:
            t.skipped += 1
        elif item.state is DownloadState.DONE:
            t.downloaded += 1
        elif item.state is not DownloadState.CANCELLED:
            t.failed += 1
            t.token_refused = t.token_refused or item.token_refused
        self.item_finished.emit(item)

    def _emit_progress(self) -> None:
        t = self._tally
        self.progress.emit(LibraryProgress(t.downloaded + t.skipped + t.failed, t.found, self._walking))

    def _maybe_done(self) -> None:
        if self._finished or self._walking or self._reading or self._open or self._batches:
            return
        self._finished = True
        t = self._tally
        self.done.emit(LibrarySummary(
            downloaded=t.downloaded, skipped=t.skipped, failed=t.failed, accounts=tuple(t.accounts),
            problems=tuple(t.problems), warnings=tuple(t.warnings), token_refused=t.token_refused,
            cancelled=self._cancelled,
        ))


def _walk_stop(page: api.ClipPage, offset: int, pages: int, repeated: bool) -> str | None:
    """Why the walk must not follow ``page.next`` (None: follow it, or the list has ended)."""
    nxt = page.next
    if nxt is None or not page.clips:
        return None
    limit = max(page.limit or PAGE_SIZE, len(page.clips))
    if nxt <= offset:
        return f"its next page (offset {nxt}) does not come after this one (offset {offset})"
    if nxt > offset + limit:
        return f"its next page (offset {nxt}) jumps past the {limit} clips a page holds (from offset {offset})"
    if repeated:
        return "a page repeated clips already listed"
    if pages >= MAX_PAGES:
        return f"it went on past {MAX_PAGES} pages"
    return None

"""Plain, immutable data the engine hands to the window and the command line across threads."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import Enum
from typing import TYPE_CHECKING, Any

from flowmusic_gui.core.states import JobState, StateWords, is_cancelled, words_for

if TYPE_CHECKING:  # the record parser is not needed to name a view's type (nor before the first paint)
    from flowmusic_gui.core.records import JobRecord

_PROMPT_TITLE_CHARS = 60


@dataclass(frozen=True)
class JobView:
    """Everything the interface shows about one tracked job."""

    jobid: str
    state: JobState
    added_at: datetime
    record: JobRecord | None = None
    last_polled_at: datetime | None = None
    poll_count: int = 0
    problem: str | None = None
    #: None: pasted or tracked; "account": found running on the account (store.SOURCE_ACCOUNT).
    source: str | None = None
    #: A song or edit still in the app's queue (core.submissions.Submission), shown as a row of its own until
    #: the API makes its job; its ``jobid`` is then "queued:<ref>".
    submission: Any = None
    #: The takes (clip ids) the user starred as keepers.
    kept: tuple[str, ...] = ()

    @property
    def queued(self) -> bool:
        return self.submission is not None

    def is_kept(self, clip: str | None) -> bool:
        """Whether this take (clip id) is starred as a keeper."""
        return bool(clip) and clip in self.kept

    @property
    def found_on_account(self) -> bool:
        return self.source == "account"

    @property
    def cancelled(self) -> bool:
        """A failed job whose error code is ``user_cancelled``: it reads as cancelled everywhere."""
        return is_cancelled(self.state, self.record)

    @property
    def words(self) -> StateWords:
        """What the app says about this job's state (a cancelled failure reads as cancelled)."""
        return words_for(self.state, self.record)

    @property
    def is_terminal(self) -> bool:
        return self.state.is_terminal

    @property
    def title(self) -> str | None:
        return self.record.title if self.record is not None else None

    @property
    def prompt(self) -> str | None:
        if self.submission is not None:
            return str(self.submission.prompt)
        return self.record.prompt if self.record is not None else None

    @property
    def display_title(self) -> str:
        """The first clip's title, else the start of the prompt, else an empty string."""
        return self.title or self._prompt_start()

    def _prompt_start(self) -> str:
        prompt = (self.prompt or "").strip().replace("\n", " ")
        if len(prompt) > _PROMPT_TITLE_CHARS:
            return prompt[: _PROMPT_TITLE_CHARS - 1].rstrip() + "…"
        return prompt

    @property
    def name(self) -> str:
        """The job's name wherever it is shown: ``display_title``, else the short job id (never "Untitled")."""
        return self.title or self.untitled_name

    @property
    def untitled_name(self) -> str:
        """What a clip without a title goes by: the prompt's start, else the short job id (not another take's
        title, which would name the wrong song)."""
        prompt = self._prompt_start()
        if prompt:
            return prompt
        from flowmusic_gui.core.jobids import short_jobid  # lazily: not needed before the first paint

        return short_jobid(self.jobid)

    @property
    def created_at(self) -> datetime | None:
        return self.record.created_at if self.record is not None else None

    @property
    def email(self) -> str | None:
        """The account: the record's email, else the one inside the jobid."""
        if self.submission is not None:
            chosen = self.submission.account or self.submission.email
            return str(chosen) if chosen else None
        if self.record is not None and self.record.email:
            return self.record.email
        from flowmusic_gui.core.jobids import split_jobid

        parts = split_jobid(self.jobid)
        return parts.email if parts is not None else None

    @property
    def operation(self) -> str | None:
        return self.record.operation if self.record is not None else None

    @property
    def clip_count(self) -> int:
        return len(self.record.clips) if self.record is not None else 0

    @property
    def generation_s(self) -> float | None:
        """Wall-clock generation time: the API's duration_ms, else completed_at minus created_at."""
        rec = self.record
        if rec is None:
            return None
        if rec.duration_ms is not None:
            return rec.duration_ms / 1000.0
        if rec.completed_at is not None and rec.created_at is not None:
            return max(0.0, (rec.completed_at - rec.created_at).total_seconds())
        return None

    @property
    def raw_record(self) -> dict[str, Any] | None:
        return self.record.raw_dict() if self.record is not None else None


@dataclass(frozen=True)
class ConnectionProblem:
    """A transient failure: the last known state is kept and polling goes on after ``retry_in`` seconds."""

    message: str
    retry_in: float
    jobid: str | None = None


@dataclass(frozen=True)
class RateLimit:
    """The server said 429: every job waits ``seconds``."""

    seconds: float
    message: str


class OutcomeKind(Enum):
    RECORD = "record"
    NOT_FOUND = "not_found"
    FORBIDDEN = "forbidden"
    TRANSIENT = "transient"
    RATE_LIMITED = "rate_limited"
    AUTH_FAILED = "auth_failed"
    ACCOUNT_ERROR = "account_error"  # 596: the job's account is in the error state; its state is kept


@dataclass(frozen=True)
class PollOutcome:
    """One answered request, as the poller's worker thread reports it."""

    jobid: str
    kind: OutcomeKind
    polled_at: datetime
    state: JobState | None = None  # for RECORD, NOT_FOUND, FORBIDDEN
    record: JobRecord | None = None  # for RECORD
    message: str = ""
    retry_in: float = 0.0  # for TRANSIENT and RATE_LIMITED
    retry_slowly: bool = False  # for TRANSIENT: a problem that does not clear soon (a certificate)
    errors: int = 0  # consecutive transient errors of this job after this outcome
    account: str | None = None  # for ACCOUNT_ERROR: the account (email) in the error state


@dataclass(frozen=True)
class FoundJob:
    """A running job on ``GET /jobs`` that the poller was not watching (discovery)."""

    jobid: str
    email: str
    created_at: datetime | None
    operation: str | None = None


@dataclass(frozen=True)
class AccountNotice:
    """An account entered the error state (596, or an ``error`` on ``GET /accounts``): said once, plainly."""

    email: str
    message: str


@dataclass(frozen=True)
class CancelResult:
    """What ``DELETE /jobs/{jobid}`` answered: ``ok``, or why the job could not be cancelled."""

    jobid: str
    ok: bool
    message: str = ""

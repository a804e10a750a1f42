"""What the API client answers: one frozen dataclass per outcome of a call, and the redaction that keeps the token
out of every message.

A poll (`get_job`) answers one of ``Outcome``; each account-level call answers its own result dataclass, or one
of ``Problem``: AuthFailed (401), Forbidden (403), NotFound (404/410), RateLimited (429), AccountProblem (596),
Rejected (another 4xx the API documents: 400, 402, 409, 422) or Transient (everything else, including answers that
are not the documented JSON). Fields that are missing or of the wrong type read as None and are named in
``problems``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, TypeVar, cast

_T = TypeVar("_T")


@dataclass(frozen=True)
class JobFound:
    """200 with a JSON object: the job record verbatim."""

    data: dict[str, Any]


@dataclass(frozen=True)
class AuthFailed:
    """401: the token is missing or not accepted."""

    message: str


@dataclass(frozen=True)
class Forbidden:
    """403: the job belongs to another account."""

    message: str


@dataclass(frozen=True)
class NotFound:
    """404: no such job (expired or never existed)."""

    message: str


@dataclass(frozen=True)
class RateLimited:
    """429: wait retry_after seconds before asking again on this token."""

    retry_after: float
    message: str


@dataclass(frozen=True)
class Transient:
    """Worth retrying later: server errors, network trouble, timeouts, answers that are not a record.

    ``retry_slowly``: a problem that does not clear within seconds (a certificate that cannot be verified), so
    the schedule waits long between tries instead of hammering the server.
    """

    message: str
    status: int | None
    # Keyword-only: subclasses (AccountProblem) add their own positional fields after ``status``.
    retry_slowly: bool = field(default=False, kw_only=True)


@dataclass(frozen=True)
class AccountProblem(Transient):
    """596: the account behind the request is in an error state; retrying never clears it.

    A Transient too, so code that knows only the older outcomes keeps polling it with backoff; code that knows
    it says so once per account (``email``, when the request names one) and slows that account right down.
    """

    email: str | None = None


Outcome = JobFound | AuthFailed | Forbidden | NotFound | RateLimited | Transient


@dataclass(frozen=True)
class TokenCheck:
    """The result of asking the API whether the token works."""

    ok: bool
    message: str
    status: int | None

@dataclass(frozen=True)
class Rejected:
    """A documented refusal that is no one's transient trouble: 400 bad input, 402 no credits, 409 not ready,
    422 moderated. Retrying the same request gives the same answer."""

    message: str
    status: int


@dataclass(frozen=True)
class RunningJob:
    """One entry of `GET /jobs`: a running async job."""

    jobid: str
    status: str | None
    created_at: str | None
    operation: str | None


@dataclass(frozen=True)
class RunningAccount:
    """One account's running async jobs and its slots."""

    email: str
    running: int | None
    max_jobs: int | None
    jobs: tuple[RunningJob, ...]


@dataclass(frozen=True)
class RunningJobs:
    """`GET /jobs`: every account with running async jobs (none when nothing runs)."""

    accounts: tuple[RunningAccount, ...]
    problems: tuple[str, ...] = ()

    @property
    def jobids(self) -> tuple[str, ...]:
        return tuple(job.jobid for account in self.accounts for job in account.jobs)


@dataclass(frozen=True)
class Cancelled:
    """`DELETE /jobs/{jobid}` answered 204: the slot is free and the record will read failed/user_cancelled.
    The song may still finish, and its credits are spent either way."""

    jobid: str


@dataclass(frozen=True)
class AccountInfo:
    """One account as `GET /accounts` or `GET /accounts/{email}` lists it (tokens redacted by the API)."""

    email: str
    tier: str | None
    subscription_plan: str | None
    user_id: str | None
    max_jobs: int | None
    added: str | None
    refreshed_at: str | None
    #: Present when the account is in the error state (its jobs answer 596).
    error: str | None
    #: Only from `GET /accounts/{email}`, and only for a healthy account.
    credits_remaining: float | None = None
    tokens_remaining: float | None = None


@dataclass(frozen=True)
class Accounts:
    """`GET /accounts`: the token's accounts, in the API's order."""

    accounts: tuple[AccountInfo, ...]
    problems: tuple[str, ...] = ()


@dataclass(frozen=True)
class AccountFound:
    """`GET /accounts/{email}`: one account with its live balance."""

    account: AccountInfo
    problems: tuple[str, ...] = ()


@dataclass(frozen=True)
class ClipSummary:
    """One clip of `GET /music` (no jobid, timing or media URLs in this list)."""

    clip: str
    title: str | None
    lyrics: str | None
    duration_s: float | None
    image_url: str | None


@dataclass(frozen=True)
class ClipPage:
    """`GET /music`: one page of an account's clips, newest first; ``next`` is the next offset or None."""

    email: str | None
    clips: tuple[ClipSummary, ...]
    limit: int | None
    offset: int | None
    next: int | None
    problems: tuple[str, ...] = ()


@dataclass(frozen=True)
class Downloaded:
    """`GET /music/download`: the mp3 written whole to ``path``; ``filename`` is what the server named it."""

    path: str
    size: int
    filename: str | None
    content_type: str | None


Problem = AuthFailed | Forbidden | NotFound | RateLimited | Rejected | Transient
RunningOutcome = RunningJobs | Problem
CancelOutcome = Cancelled | Problem
AccountsOutcome = Accounts | Problem
AccountOutcome = AccountFound | Problem
ClipsOutcome = ClipPage | Problem
DownloadOutcome = Downloaded | Problem

# --- the token never in a message ------------------------------------------------------------------


def redact(message: str, token: str | None) -> str:
    # Belt and braces: no message we build holds the token, but server text might echo it back.
    if token and token in message:
        return message.replace(token, "[token]")
    return message


def redacted(outcome: Outcome, token: str | None) -> Outcome:
    if not token or isinstance(outcome, JobFound):
        return outcome
    if isinstance(outcome, RateLimited):
        return RateLimited(outcome.retry_after, redact(outcome.message, token))
    if isinstance(outcome, AccountProblem):
        return AccountProblem(redact(outcome.message, token), outcome.status, outcome.email)
    if isinstance(outcome, Transient):
        return Transient(redact(outcome.message, token), outcome.status, retry_slowly=outcome.retry_slowly)
    if isinstance(outcome, AuthFailed):
        return AuthFailed(redact(outcome.message, token))
    if isinstance(outcome, Forbidden):
        return Forbidden(redact(outcome.message, token))
    return NotFound(redact(outcome.message, token))

def redact_problem(outcome: _T, token: str | None) -> _T:
    if not token:
        return outcome
    if isinstance(outcome, Rejected):
        return cast(_T, Rejected(redact(outcome.message, token), outcome.status))
    if isinstance(outcome, (AuthFailed, Forbidden, NotFound, RateLimited, Transient)):
        return cast(_T, redacted(outcome, token))
    return outcome

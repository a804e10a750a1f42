"""Submissions: songs and edits to make, their state machine, and the pure decisions of the queue that sends them.

A submission is queued, then *sending* while its POST is on the wire, then one of: *submitted* (the API made
the job; its jobid is known and tracked), *refused* (400/422: no job, the server's words kept), *uncertain*
(the answer was lost after the body was sent: the job may exist), *not_made* (an uncertain one that the
account's running list, the records and the balance showed was never made) or *cancelled* (dropped by the
user). Only the user ever sends a submission again after its answer was lost; the queue itself resends only
what the API said it did not make (429, 402, 596, 401), so one submission never makes two jobs.

Plain data and pure functions: the store keeps the rows, the engine does the talking.
"""

from __future__ import annotations

import dataclasses
import secrets
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from enum import Enum
from typing import Any

__all__ = [
    "AccountSlots",
    "AnswerLost",
    "Created",
    "IllegalTransition",
    "NoJob",
    "ReconcilePolicy",
    "Refused",
    "Submission",
    "SubmissionState",
    "apply_answer",
    "cancel",
    "found",
    "looked",
    "new_ref",
    "new_submission",
    "plan_sends",
    "record_matches",
    "recover_after_crash",
    "retry",
    "start_sending",
]


class SubmissionState(str, Enum):
    QUEUED = "queued"
    SENDING = "sending"
    SUBMITTED = "submitted"
    REFUSED = "refused"
    NOT_MADE = "not_made"
    UNCERTAIN = "uncertain"
    CANCELLED = "cancelled"


S = SubmissionState
#: What `flowmusic queue` lists: not yet settled.
OPEN_STATES: frozenset[SubmissionState] = frozenset({S.QUEUED, S.SENDING, S.UNCERTAIN})
#: Where a submission leaves the queue (what `make --json` prints a line for).
LEFT_STATES: frozenset[SubmissionState] = frozenset({S.SUBMITTED, S.REFUSED, S.NOT_MADE, S.UNCERTAIN})

#: Every allowed move. QUEUED is entered only where the API said no job was made, or by the user's retry.
ALLOWED: frozenset[tuple[SubmissionState, SubmissionState]] = frozenset({
    (S.QUEUED, S.SENDING),
    (S.QUEUED, S.CANCELLED),
    (S.SENDING, S.SUBMITTED),
    (S.SENDING, S.QUEUED),  # 429/402/596/401 or a refused replyRef: the API made no job
    (S.SENDING, S.REFUSED),
    (S.SENDING, S.UNCERTAIN),  # the answer was lost, or the process died mid-POST
    (S.UNCERTAIN, S.SUBMITTED),
    (S.UNCERTAIN, S.NOT_MADE),
    (S.UNCERTAIN, S.UNCERTAIN),  # one more look, nothing found yet
    (S.UNCERTAIN, S.CANCELLED),
    (S.UNCERTAIN, S.QUEUED),  # only the user, warned, sends it again
    (S.NOT_MADE, S.QUEUED),  # only the user
    (S.NOT_MADE, S.CANCELLED),
    (S.REFUSED, S.CANCELLED),
})  # fmt: skip


class IllegalTransition(ValueError):
    """A move the state machine does not allow (a bug, or another process got there first)."""


def new_ref() -> str:
    """A reference of the app's own, sent as `replyRef` and echoed in the job's record."""
    return "fm-" + secrets.token_hex(8)


@dataclass(frozen=True)
class Submission:
    """One song or edit to make, as stored."""

    ref: str
    kind: str  # "music" or "edit"
    body: dict[str, Any]  # the request fields (never mode, replyRef or a chosen email: those are added to send)
    email: str | None  # the account the user chose; None lets the queue choose
    state: SubmissionState
    created_at: datetime
    updated_at: datetime
    account: str | None = None  # the account it was last sent to
    jobid: str | None = None
    error: str | None = None
    batch: str | None = None
    sent_at: datetime | None = None
    not_before: datetime | None = None  # do not send before (a 429's Retry-After)
    balance_before: int | None = None  # the account's credits just before the POST, when known
    looks: int = 0  # reconciliation looks that found nothing
    evidence: str | None = None  # a sign the job may exist though no record was found
    attempts: int = 0  # POSTs sent
    owner: str | None = None  # the process sending it
    match_by: str = "ref"  # "ref" (replyRef), or "prompt" once the API refused replyRef

    @property
    def prompt(self) -> str:
        value = self.body.get("prompt") or self.body.get("instruction") or self.body.get("lyrics") or ""
        return value if isinstance(value, str) else ""

    def request_body(self) -> dict[str, Any]:
        """The JSON body to POST: the fields, async mode, the reference and the account."""
        body = dict(self.body)
        body["mode"] = "async"
        if self.match_by == "ref":
            body["replyRef"] = self.ref
        else:
            body.pop("replyRef", None)
        if self.account:
            body["email"] = self.account
        return body


def new_submission(
    kind: str, body: Mapping[str, Any], *, email: str | None, now: datetime, batch: str | None = None,
    ref: str | None = None,
) -> Submission:  # fmt: skip
    if kind not in ("music", "edit"):
        raise ValueError(f"kind must be music or edit, got {kind!r}")
    fields = {k: v for k, v in body.items() if k not in ("mode", "replyRef", "replyUrl", "email")}
    return Submission(
        ref=ref or new_ref(), kind=kind, body=fields, email=email or None, state=S.QUEUED, created_at=now,
        updated_at=now, batch=batch,
    )  # fmt: skip


def _move(sub: Submission, to: SubmissionState, now: datetime, **changes: Any) -> Submission:
    if (sub.state, to) not in ALLOWED:
        raise IllegalTransition(f"{sub.ref}: {sub.state.value} -> {to.value} is not allowed")
    return dataclasses.replace(sub, state=to, updated_at=now, **changes)


# --- answers ------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Created:
    """201: the job exists."""

    jobid: str
    email: str | None
    record: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class NoJob:
    """The API made no job and said why: ``busy`` (429), ``credits`` (402), ``account`` (596), ``auth`` (401)."""

    reason: str
    message: str
    retry_after: float | None = None


@dataclass(frozen=True)
class Refused:
    """400 or 422: this request will never be made as it is; ``field`` is the field a 400 names, if any."""

    status: int
    message: str
    field: str | None = None


@dataclass(frozen=True)
class AnswerLost:
    """A timeout, a dropped connection or a 5xx after the body was sent: the job may exist."""

    message: str


SubmitAnswer = Created | NoJob | Refused | AnswerLost


def start_sending(
    sub: Submission, *, account: str, now: datetime, owner: str, balance: int | None = None
) -> Submission:
    return _move(
        sub, S.SENDING, now, account=account, sent_at=now, owner=owner, balance_before=balance,
        attempts=sub.attempts + 1, looks=0, evidence=None,
    )  # fmt: skip


def apply_answer(sub: Submission, answer: SubmitAnswer, now: datetime) -> Submission:
    """The submission after its POST's answer (``sub`` must be sending)."""
    if isinstance(answer, Created):
        return _move(sub, S.SUBMITTED, now, jobid=answer.jobid, account=answer.email or sub.account, error=None,
                     owner=None)  # fmt: skip
    if isinstance(answer, NoJob):
        wait = answer.retry_after if answer.reason == "busy" else None
        return _move(
            sub, S.QUEUED, now, error=answer.message, owner=None,
            not_before=now + timedelta(seconds=wait) if wait else None,
            # A chosen account stays chosen; an automatic one may go anywhere next time.
            account=sub.account if sub.email else None,
        )  # fmt: skip
    if isinstance(answer, Refused):
        if answer.status == 400 and answer.field == "replyRef" and sub.match_by == "ref":
            # The API takes no replyRef: no job was made; send again matched by prompt, account and time.
            return _move(sub, S.QUEUED, now, match_by="prompt", owner=None, error=None)
        return _move(sub, S.REFUSED, now, error=answer.message, owner=None)
    return _move(sub, S.UNCERTAIN, now, error=answer.message, owner=None)


def recover_after_crash(sub: Submission, now: datetime) -> Submission:
    """A submission found sending whose process is gone: its POST may have made the job."""
    return _move(sub, S.UNCERTAIN, now, owner=None, error=sub.error or "the app stopped while sending it")


def found(sub: Submission, jobid: str, now: datetime) -> Submission:
    """Reconciliation found the job this submission made."""
    return _move(sub, S.SUBMITTED, now, jobid=jobid, error=None, evidence=None)


@dataclass(frozen=True)
class ReconcilePolicy:
    """How many looks, over how long, before an uncertain submission with no sign of a job is called not made."""

    min_looks: int = 3
    min_wait_s: float = 20.0


def looked(
    sub: Submission, now: datetime, *, evidence: str | None, policy: ReconcilePolicy = ReconcilePolicy()
) -> Submission:
    """One look at the account found no record of the job; ``evidence`` is a sign it may exist all the same."""
    looks = sub.looks + 1
    kept = evidence or sub.evidence
    waited = (now - (sub.sent_at or sub.updated_at)).total_seconds()
    if kept is None and looks >= policy.min_looks and waited >= policy.min_wait_s:
        why = "no job was made: the account's running list, its records and balance show none"
        return _move(sub, S.NOT_MADE, now, looks=looks, error=why)
    return _move(sub, S.UNCERTAIN, now, looks=looks, evidence=kept)


def retry(sub: Submission, now: datetime, *, despite_evidence: bool = False) -> Submission:
    """The user sends it again: a not_made one, or an uncertain one when they accept it may make a second job."""
    if sub.state is S.UNCERTAIN and not despite_evidence:
        raise IllegalTransition(f"{sub.ref} may have been made already: sending it again could make it twice")
    return _move(sub, S.QUEUED, now, jobid=None, error=None, not_before=None, looks=0, evidence=None,
                 account=sub.account if sub.email else None)  # fmt: skip


def cancel(sub: Submission, now: datetime) -> Submission:
    return _move(sub, S.CANCELLED, now, owner=None)


def record_matches(sub: Submission, record: Mapping[str, Any]) -> bool:
    """Whether a job record is the one this submission made: its echoed replyRef, or (when the API refused
    replyRef) the same prompt on the same account created no earlier than a minute before the POST."""
    request = record.get("request")
    if not isinstance(request, Mapping):
        return False
    if sub.match_by == "ref":
        return request.get("replyRef") == sub.ref
    if sub.account and str(record.get("email", "")).lower() != sub.account.lower():
        return False
    for key in ("prompt", "instruction", "lyrics", "clip", "operation"):
        if key in sub.body and request.get(key) != sub.body[key]:
            return False
    created = record.get("created_at")
    if sub.sent_at is not None and isinstance(created, str):
        try:
            when = datetime.fromisoformat(created.replace("Z", "+00:00"))
        except ValueError:
            return False
        return when >= sub.sent_at - timedelta(seconds=60)
    return True


# --- pacing -------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class AccountSlots:
    """What the queue knows of one account: its slots, what runs there, its health and balance."""

    email: str
    max_jobs: int
    running: int
    healthy: bool = True
    credits: int | None = None  # None: not known
    out_of_credits: bool = False  # a 402 said so (until the balance says otherwise)
    blocked_until: datetime | None = None  # a 429 asked to wait

    @property
    def free(self) -> int:
        return max(0, self.max_jobs - self.running)


def plan_sends(
    queued: Iterable[Submission],
    accounts: Iterable[AccountSlots],
    *,
    now: datetime,
    busy: Iterable[str] = (),
    cost_per_song: int | None = None,
    min_credits: int = 0,
    spent: int = 0,
    max_credits: int | None = None,
) -> list[tuple[Submission, str]]:
    """Which queued submissions to send now, and to which account: at most one per account not ``busy``
    (a POST in flight there), only where a slot is free, the account healthy and its balance above the
    floor; automatic ones go to the account with the most free slots. ``spent`` is the batch's estimated spend
    so far; nothing more is sent once it would pass ``max_credits``."""
    taken = {e.lower() for e in busy}
    slots = {a.email.lower(): a for a in accounts}
    cost = cost_per_song or 0
    plan: list[tuple[Submission, str]] = []
    for sub in sorted(queued, key=lambda s: (s.created_at, s.ref)):
        if sub.state is not S.QUEUED or (sub.not_before is not None and sub.not_before > now):
            continue
        if max_credits is not None and spent + cost > max_credits:
            break
        if max_credits is not None and cost == 0 and spent >= max_credits:
            break
        candidates = [slots[sub.email.lower()]] if sub.email and sub.email.lower() in slots else []
        if not sub.email:
            candidates = list(slots.values())
        usable = [
            a for a in candidates
            if a.email.lower() not in taken and a.healthy and not a.out_of_credits and a.free > 0
            and (a.blocked_until is None or a.blocked_until <= now)
            and (a.credits is None or a.credits - cost >= min_credits)
            and (a.credits is None or a.credits > 0)
        ]  # fmt: skip
        if not usable:
            continue
        best = max(usable, key=lambda a: (a.free, a.credits or 0))
        plan.append((sub, best.email))
        taken.add(best.email.lower())
        spent += cost
    return plan

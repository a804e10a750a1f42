"""Reading the API's answers: a status and body become the outcome API.md documents, a JSON body becomes the
result dataclasses, every field that is missing or of the wrong type read as None and named, never a traceback."""

from __future__ import annotations

import email.utils
import json
import math
import re
from collections.abc import Callable, Iterator
from datetime import datetime, timezone
from typing import Any, TypeVar
from urllib.parse import unquote, urljoin

from flowmusic_gui.core.client.outcomes import (
    AccountInfo,
    AccountProblem,
    AuthFailed,
    ClipPage,
    ClipSummary,
    Forbidden,
    JobFound,
    NotFound,
    Outcome,
    Problem,
    RateLimited,
    Rejected,
    RunningAccount,
    RunningJob,
    RunningJobs,
    Transient,
)
from flowmusic_gui.core.client.transport import MAX_DETAIL_CHARS, Reply, display_host, plain, seconds
from flowmusic_gui.core.jobids import split_jobid
from flowmusic_gui.core.sizes import MB

_T = TypeVar("_T")

RETRY_AFTER_MIN = 1.0
RETRY_AFTER_MAX = 900.0
RETRY_AFTER_DEFAULT = 10.0

_TAGS = re.compile(r"<[^>]*>")
# user:<id>-<email>-clip:<uuid>; the email is what a 596 names.
CLIP_ID_RE = re.compile(r"user:[A-Za-z0-9]+-(.+@.+)-clip:[0-9A-Fa-f-]{36}")
_FILENAME_RE = re.compile(r"""filename\*?=(?:UTF-8''|"?)([^";]+)"?""", re.IGNORECASE)


def parse_retry_after(value: str | None, now: datetime | None = None) -> float:
    """Seconds to wait from a Retry-After header (seconds or an HTTP date), clamped to 1 s .. 15 min.

    10 s when the header is absent or unparseable.
    """
    if value is None or not value.strip():
        return RETRY_AFTER_DEFAULT
    text = value.strip()
    seconds: float
    try:
        seconds = float(text)
    except ValueError:
        try:
            when = email.utils.parsedate_to_datetime(text)
        except (TypeError, ValueError, IndexError, OverflowError):
            return RETRY_AFTER_DEFAULT
        if when.tzinfo is None:  # HTTP dates are GMT; an obsolete form may lack the zone
            when = when.replace(tzinfo=timezone.utc)
        current = now if now is not None else datetime.now(timezone.utc)
        if current.tzinfo is None:
            current = current.replace(tzinfo=timezone.utc)
        seconds = (when - current).total_seconds()
    if math.isnan(seconds):
        return RETRY_AFTER_DEFAULT
    return min(max(seconds, RETRY_AFTER_MIN), RETRY_AFTER_MAX)


def error_detail(body: bytes) -> str:
    """The server's `error` text, or the start of the body as plain text ("" when there is nothing to say)."""
    if not body.strip():
        return ""
    try:
        obj = json.loads(body)
    except (ValueError, RecursionError):
        obj = None
    if isinstance(obj, dict):
        error = obj.get("error")
        if isinstance(error, dict):  # the job record's shape: {"code": ..., "message": ...}
            error = error.get("message")
        if isinstance(error, str) and error.strip():
            return plain(error)
        message = obj.get("message")
        if isinstance(message, str) and message.strip():
            return plain(message)
    text = body[: MAX_DETAIL_CHARS * 8].decode("utf-8", errors="replace")
    if text.lstrip().startswith("<"):  # an HTML error page from a proxy: keep its words
        text = _TAGS.sub(" ", text)
    return plain(text)


def with_detail(head: str, detail: str) -> str:
    return f"{head}: {detail}" if detail else head


def body_retry_after(body: bytes) -> str | None:
    """The body's `retryAfter` (ISO 8601, or seconds) as a Retry-After value: seconds from now, or None."""
    try:
        obj = json.loads(body)
    except (ValueError, RecursionError):
        return None
    value = obj.get("retryAfter") if isinstance(obj, dict) else None
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return str(value)
    if not isinstance(value, str):
        return None
    try:
        when = datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    except ValueError:
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=timezone.utc)
    return str((when - datetime.now(timezone.utc)).total_seconds())


def job_record(body: bytes) -> Outcome:
    try:
        obj = json.loads(body)
    except (ValueError, RecursionError):
        detail = error_detail(body)
        head = "the server answered 200 but not with JSON"
        return Transient(with_detail(head, detail) if detail else f"{head} (empty answer)", 200)
    if not isinstance(obj, dict):
        kinds = {list: "a list", str: "a string", bool: "true/false", type(None): "null"}
        kind = kinds.get(type(obj), "a number")
        return Transient(f"the server answered 200 but not with a job record (JSON {kind})", 200)
    return JobFound(obj)


def job_outcome(reply: Reply, token: str | None, email: str | None = None) -> Outcome:
    """The outcome of an answer to a poll (or of any answer that is not a success of its own call)."""
    status = reply.status
    if 300 <= status < 400:
        location = reply.headers.get("Location")
        if not location:
            return Transient(f"unexpected redirect ({status}) without a target", status)
        target = display_host(urljoin(reply.url, location))
        return Transient(f"unexpected redirect ({status}) to {target}", status)
    if reply.too_large:
        megabytes = round(reply.limit / MB)  # the app's one size convention (core/sizes.py)
        return Transient(f"the answer ({status}) was larger than {megabytes} MB and was not read", status)
    if status == 200:
        return job_record(reply.body)
    detail = error_detail(reply.body)
    if status == 401:
        head = "the API token was not accepted (401)" if token else "no API token is set (401)"
        return AuthFailed(with_detail(head, detail))
    if status == 403:
        return Forbidden(f"forbidden (403): {detail or 'the job belongs to another account'}")
    if status == 404:
        return NotFound(f"not found (404): {detail or 'no such job: expired or never existed'}")
    if status == 410:  # a third-party source says expired jobs answer 410; it means what 404 means
        return NotFound(f"gone (410): {detail or 'expired'}")
    if status == 596:
        head = f"the account {email} is in an error state (596)" if email else "account error (596)"
        advice = "re-add the account at useapi.net; retrying will not clear it"
        return AccountProblem(f"{with_detail(head, detail)}; {advice}", 596, email)
    if status == 429:
        header = reply.headers.get("Retry-After")
        if header is None or not header.strip():
            header = body_retry_after(reply.body)
        wait = parse_retry_after(header)
        head = f"rate limited (429): asked to wait {seconds(round(wait, 1))}"
        return RateLimited(wait, with_detail(head, detail))
    if status >= 500:
        return Transient(with_detail(f"server error {status}", detail), status)
    return Transient(with_detail(f"unexpected answer {status}", detail), status)


def call_answer(
    reply: Reply,
    token: str | None,
    what: str,
    parse: Callable[[dict[str, Any]], _T],
    email: str | None,
    empty_ok: bool,
) -> _T | Problem:
    """The parsed result of a 2xx answer, else its problem."""
    status = reply.status
    if 200 <= status < 300 and not reply.too_large:
        if empty_ok and (status == 204 or not reply.body.strip()):
            return parse({})
        obj = json_object(reply, what)
        return obj if isinstance(obj, Transient) else parse(obj)
    return call_problem(reply, token, email)

def call_problem(reply: Reply, token: str | None, email: str | None) -> Problem:
    """The outcome of an account-level call that did not succeed."""
    status = reply.status
    if status in (400, 402, 409, 422) and not reply.too_large:
        heads = {
            400: "the request was refused (400)", 402: "not enough credits (402)",
            409: "not ready yet (409)", 422: "refused by moderation (422)",
        }  # fmt: skip
        return Rejected(with_detail(heads[status], error_detail(reply.body)), status)
    outcome = job_outcome(reply, token, email)
    if isinstance(outcome, JobFound):  # a 200 with a body the caller did not expect: say so plainly
        return Transient(f"unexpected answer {status}", status)
    if isinstance(outcome, Forbidden):
        detail = error_detail(reply.body)
        return Forbidden(f"forbidden (403): {detail or 'not allowed with this API token'}")
    return outcome


def jobid_email(jobid: str) -> str | None:
    parts = split_jobid(jobid)
    return parts.email if parts is not None else None


#: What an answer's numbers may plausibly be (API.md: an account runs 1 to 16 jobs at once; balances are credits):
#: anything beyond reads as missing, never as a 309-digit figure.
MAX_SLOTS = 100
MAX_RUNNING = 10_000
MAX_BALANCE = 1e12


class Shape:
    """Reads fields of an answer, noting each one that is missing or of the wrong type."""

    def __init__(self, what: str) -> None:
        self.what = what
        self.problems: list[str] = []

    def note(self, where: str, text: str) -> None:
        if len(self.problems) < 50:
            self.problems.append(f"{self.what}: {where} {text}")

    def text(self, obj: dict[str, Any], key: str, where: str, required: bool = False) -> str | None:
        value = obj.get(key)
        if isinstance(value, str):
            return value
        if value is not None or required:
            self.note(f"{where}.{key}", "is missing" if value is None else "is not text")
        return None

    def number(
        self, obj: dict[str, Any], key: str, where: str, required: bool = False, *, at_most: float | None = None
    ) -> float | None:
        """A finite number (and, with ``at_most``, a plausible one: no larger than that either way)."""
        value = obj.get(key)
        if isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value):
            if at_most is None or abs(value) <= at_most:
                return value
            self.note(f"{where}.{key}", f"is out of range ({value:.3g})")
            return None
        if value is not None or required:
            self.note(f"{where}.{key}", "is missing" if value is None else "is not a number")
        return None

    def objects(self, obj: dict[str, Any], key: str, where: str = "") -> Iterator[tuple[str, dict[str, Any]]]:
        """Each object of the list ``obj[key]`` with where it stands (``jobs[2]``); a missing or non-list field and
        each item that is not an object are noted and left out, the rest still read."""
        path = f"{where}.{key}" if where else key
        raw = obj.get(key)
        if not isinstance(raw, list):
            self.note(path, "is missing" if raw is None else "is not a list")
            return
        for i, item in enumerate(raw):
            if isinstance(item, dict):
                yield f"{path}[{i}]", item
            else:
                self.note(f"{path}[{i}]", "is not an object")

    def whole(
        self, obj: dict[str, Any], key: str, where: str, required: bool = False, *, at_most: float | None = None
    ) -> int | None:
        value = self.number(obj, key, where, required, at_most=at_most)
        if value is None:
            return None
        if value != int(value) or value < 0:
            self.note(f"{where}.{key}", f"is not a whole number 0 or more ({value:g})")
            return None
        return int(value)


def json_object(reply: Reply, what: str) -> dict[str, Any] | Transient:
    try:
        obj = json.loads(reply.body)
    except (ValueError, RecursionError):
        detail = error_detail(reply.body)
        return Transient(with_detail(f"the answer to {what} was not JSON", detail), reply.status)
    if not isinstance(obj, dict):
        return Transient(f"the answer to {what} was not a JSON object", reply.status)
    return obj


def account_info(obj: dict[str, Any], key: str, shape: Shape) -> AccountInfo:
    where = key
    user_id: Any = obj.get("user_id")
    if isinstance(user_id, int) and not isinstance(user_id, bool):
        user_id = str(user_id)  # an id is an id, whichever JSON type carries it
    elif user_id is not None and not isinstance(user_id, str):
        shape.note(f"{where}.user_id", "is not text")
        user_id = None
    email = shape.text(obj, "email", where) or key
    return AccountInfo(
        email=email,
        tier=shape.text(obj, "tier", where),
        subscription_plan=shape.text(obj, "subscription_plan", where),
        user_id=user_id,
        max_jobs=shape.whole(obj, "maxJobs", where, at_most=MAX_SLOTS),
        added=shape.text(obj, "added", where),
        refreshed_at=shape.text(obj, "refreshed_at", where),
        error=error_text(obj.get("error")),
        credits_remaining=shape.number(obj, "credits_remaining", where, at_most=MAX_BALANCE),
        tokens_remaining=shape.number(obj, "tokens_remaining", where, at_most=MAX_BALANCE),
    )


def error_text(value: Any) -> str | None:
    if isinstance(value, str):
        return plain(value) or None
    if isinstance(value, dict):
        message = value.get("message") or value.get("error")
        return plain(message) if isinstance(message, str) else "the account is in an error state"
    return None if value is None or value is False else "the account is in an error state"


def running_jobs(obj: dict[str, Any]) -> RunningJobs:
    shape = Shape("GET /jobs")
    accounts: list[RunningAccount] = []
    for owner, entry in obj.items():
        if not isinstance(entry, dict):
            shape.note(owner, "is not an object")
            continue
        jobs: list[RunningJob] = []
        for where, job in shape.objects(entry, "jobs", str(owner)):
            jobid = shape.text(job, "jobid", where, required=True)
            if jobid is None:
                continue
            parts = split_jobid(jobid)  # not a job id at all: the reader decides (the tracker refuses it)
            if parts is not None and parts.email.lower() != str(owner).lower():
                # The list speaks for each account's own jobs: an id that names another account is not taken.
                shape.note(f"{where}.jobid", f"names another account ({parts.email}), not {owner}")
                continue
            jobs.append(
                RunningJob(
                    jobid=jobid,
                    status=shape.text(job, "status", where),
                    created_at=shape.text(job, "created_at", where),
                    operation=shape.text(job, "operation", where),
                )
            )
        accounts.append(
            RunningAccount(
                email=owner,
                running=shape.whole(entry, "running", owner, at_most=MAX_RUNNING),
                max_jobs=shape.whole(entry, "maxJobs", owner, at_most=MAX_SLOTS),
                jobs=tuple(jobs),
            )
        )
    return RunningJobs(tuple(accounts), tuple(shape.problems))


def clip_page(obj: dict[str, Any]) -> ClipPage:
    shape = Shape("GET /music")
    clips: list[ClipSummary] = []
    for where, item in shape.objects(obj, "clips"):
        clip = shape.text(item, "clip", where, required=True)
        if clip is None:
            continue
        clips.append(
            ClipSummary(
                clip=clip,
                title=shape.text(item, "title", where),
                lyrics=shape.text(item, "lyrics", where),
                duration_s=shape.number(item, "duration_s", where),
                image_url=shape.text(item, "image_url", where),
            )
        )
    return ClipPage(
        email=shape.text(obj, "email", "page"),
        clips=tuple(clips),
        limit=shape.whole(obj, "limit", "page"),
        offset=shape.whole(obj, "offset", "page"),
        next=shape.whole(obj, "next", "page"),
        problems=tuple(shape.problems),
    )


def download_name(disposition: str | None) -> str | None:
    if not disposition:
        return None
    m = _FILENAME_RE.search(disposition)
    if m is None:
        return None
    # Only the last path piece, made plain: a server-chosen name must not climb out of a folder.
    name = plain(unquote(m.group(1)).replace("\\", "/").rsplit("/", 1)[-1], 255)
    return name if name not in ("", ".", "..") else None

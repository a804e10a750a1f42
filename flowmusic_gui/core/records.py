"""The job record the API returns, as a typed view that never raises and keeps the JSON verbatim beside it.

Anything missing, null, of the wrong type or out of range becomes None and leaves a human note in ``problems``.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta, timezone
from typing import Any, TypeGuard

from flowmusic_gui.core.jobids import validate_jobid
from flowmusic_gui.core.states import TERMINAL_STATES, JobState

__all__ = ["TERMINAL_STATES", "Clip", "JobError", "JobRecord", "JobState", "JsonText", "parse_record",
           "parse_record_compact", "parse_record_text", "parse_timestamp"]


STATUSES: Mapping[str, JobState] = {
    "pending": JobState.PENDING,
    "completed": JobState.COMPLETED,
    "failed": JobState.FAILED,
}
OPERATIONS: frozenset[str] = frozenset({"effect", "extend", "replace", "cover", "remix"})
# A hostile record may hold thousands of bad timing markers: note a few, then count the rest.
MAX_NOTES_PER_FIELD = 3
# Songs run a few minutes: a clip length or lyric marker past a day is a broken value, and past about 24
# days it overflows Qt's int milliseconds. Shown as missing rather than drawn.
MAX_CLIP_SECONDS = 86_400.0
# Generation takes minutes; a week is far past anything real yet keeps every sane value.
MAX_GENERATION_MS = 7 * 86_400_000.0
# Seeds are unsigned 64-bit at most; a larger one is no seed a person could reuse.
MAX_SEED = 2**64 - 1
# Dates outside these years are no real job's, and near datetime's ends a time-zone shift overflows.
MIN_YEAR, MAX_YEAR = 1970, 2999


@dataclass(frozen=True)
class JobError:
    code: str | None
    message: str | None


@dataclass(frozen=True)
class Clip:
    clip: str | None
    title: str | None
    duration_s: float | None
    lyrics: str | None
    seed: int | None
    lyrics_timing: tuple[tuple[float, float], ...] | None
    created_at: datetime | None
    audio_url: str | None
    wav_url: str | None
    image_url: str | None
    # Not hashed (a dict is not hashable); still compared, so equal clips are equal to the byte.
    raw: Mapping[str, Any] = field(hash=False)  # the clip object verbatim ({} if not an object)


@dataclass(frozen=True)
class JobRecord:
    jobid: str | None
    email: str | None
    operation: str | None
    status: str | None
    created_at: datetime | None
    completed_at: datetime | None
    duration_ms: float | None
    clips: tuple[Clip, ...]
    error: JobError | None
    request: Mapping[str, Any] | None = field(hash=False)
    raw: Mapping[str, Any] = field(hash=False)  # the API's JSON object verbatim
    problems: tuple[str, ...] = ()  # human notes: "clips[1].duration_s: expected a number, got a string ('x')"

    def raw_dict(self) -> dict[str, Any]:
        """A fresh copy of the API's object (one parse when the record is kept as text)."""
        if isinstance(self.raw, JsonText):
            return self.raw.to_dict()
        return dict(self.raw)

    @property
    def state(self) -> JobState | None:
        """pending/completed/failed from ``status``; None when the status is missing or unknown."""
        return STATUSES.get(self.status) if isinstance(self.status, str) else None

    @property
    def prompt(self) -> str | None:
        value = self.request.get("prompt") if self.request is not None else None
        return value if isinstance(value, str) else None

    @property
    def title(self) -> str | None:
        """The first clip title that is not blank (the first clip's, when it has one)."""
        for clip in self.clips:
            if clip.title and clip.title.strip():
                return clip.title
        return None


_TIMESTAMP_RE = re.compile(
    r"(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d+))?)?"
    r"\s*(?:([Zz])|([+-])(\d{2})(?::?(\d{2}))?)?"
)


def parse_timestamp(value: object) -> datetime | None:
    """An aware datetime from ISO 8601 text (``Z`` or an offset, any fraction); naive times are taken as UTC.

    Written out rather than ``datetime.fromisoformat`` because Python 3.10's does not take ``Z`` nor every
    fraction length.
    """
    if isinstance(value, datetime):
        return value if value.tzinfo is not None else value.replace(tzinfo=timezone.utc)
    if not isinstance(value, str) or len(value) > 64:
        return None
    m = _TIMESTAMP_RE.fullmatch(value.strip())
    if m is None:
        return None
    year, month, day, hour, minute = (int(m.group(i)) for i in range(1, 6))
    second = int(m.group(6) or 0)
    micro = int((m.group(7) or "0")[:6].ljust(6, "0"))
    tz = timezone.utc
    if m.group(9):
        hours, minutes = int(m.group(10)), int(m.group(11) or 0)
        if hours > 23 or minutes > 59:
            return None
        offset = timedelta(hours=hours, minutes=minutes)
        tz = timezone(-offset if m.group(9) == "-" else offset)
    if not MIN_YEAR <= year <= MAX_YEAR:
        return None
    try:
        return datetime(year, month, day, hour, minute, second, micro, tzinfo=tz)
    except ValueError:  # month 13, February 30, second 60...
        return None


def parse_record(obj: object) -> JobRecord:
    """The typed view of one job record (a ``GET /jobs/{jobid}`` body, or a ``POST /music`` response).

    Never raises: whatever is wrong is noted in ``problems`` and the field is None.
    """
    if not isinstance(obj, dict):
        return JobRecord(
            jobid=None, email=None, operation=None, status=None, created_at=None, completed_at=None,
            duration_ms=None, clips=(), error=None, request=None, raw={},
            problems=(f"the job record should be a JSON object, got {_describe(obj)}",),
        )
    notes: list[str] = []
    r = _Reader(obj, "", notes)
    status = r.string("status", required=True)
    if status is not None and status not in STATUSES:
        notes.append(f"status: unknown value {_short(status)}")
    terminal = status in ("completed", "failed")
    jobid = r.string("jobid", required=True)
    if jobid is not None:
        reason = validate_jobid(jobid)
        if reason is not None:
            notes.append(f"jobid: not a valid job id: {reason}")
    operation = r.string("operation", required=False)
    if operation is not None and operation not in OPERATIONS:
        notes.append(f"operation: unknown value {_short(operation)}")
    email = r.string("email", required=True)
    created_at = r.timestamp("created_at", required=True)
    completed_at = r.timestamp("completed_at", required=terminal)
    duration_ms = r.number("duration_ms", required=terminal, limit=MAX_GENERATION_MS)
    clips = _parse_clips(obj, notes, required=status == "completed")
    error = _parse_error(obj, notes, required=status == "failed")
    request = r.object("request", required=True)
    return JobRecord(
        jobid=jobid, email=email, operation=operation, status=status, created_at=created_at,
        completed_at=completed_at, duration_ms=duration_ms, clips=clips, error=error, request=request,
        raw=obj, problems=tuple(notes),
    )


class JsonText(Mapping[str, Any]):
    """A JSON object kept as its compact text and parsed on access.

    Thousands of tracked records then cost about their text, not a tree of dicts and lists several times its
    size; the typed view already holds everything shown, and the verbatim object is needed only to copy or
    export it.
    """

    __slots__ = ("_path", "_text")

    def __init__(self, text: str, path: tuple[str | int, ...] = ()) -> None:
        self._text = text
        self._path = path

    @property
    def text(self) -> str:
        return self._text

    def to_dict(self) -> dict[str, Any]:
        value: Any = json.loads(self._text)
        for step in self._path:
            try:
                value = value[step]
            except (KeyError, IndexError, TypeError):
                return {}
        return value if isinstance(value, dict) else {}

    def __getitem__(self, key: str) -> Any:
        return self.to_dict()[key]

    def __iter__(self) -> Iterator[str]:
        return iter(list(self.to_dict()))

    def __len__(self) -> int:
        return len(self.to_dict())

    def __eq__(self, other: object) -> bool:
        if isinstance(other, JsonText):
            return self.to_dict() == other.to_dict()
        if isinstance(other, Mapping):
            return self.to_dict() == dict(other)
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"JsonText({len(self._text)} chars)"


def parse_record_text(text: str) -> JobRecord:
    """The typed view of a record stored as JSON text, keeping the text (not the parsed tree) as ``raw``."""
    try:
        obj = json.loads(text)
    except (ValueError, RecursionError):
        return parse_record(None)
    return _kept_as_text(parse_record(obj), obj, text)


def parse_record_compact(obj: object) -> JobRecord:
    """Like `parse_record`, but ``raw`` keeps the object as compact JSON text (see `JsonText`)."""
    record = parse_record(obj)
    if not isinstance(obj, dict):
        return record
    return _kept_as_text(record, obj, json.dumps(obj, ensure_ascii=False, separators=(",", ":")))


def _kept_as_text(record: JobRecord, obj: object, text: str) -> JobRecord:
    if not isinstance(obj, dict):
        return record
    clips = tuple(
        replace(clip, raw=JsonText(text, ("clips", i))) for i, clip in enumerate(record.clips)
    )
    return replace(record, raw=JsonText(text), clips=clips)


def _parse_clips(obj: Mapping[str, Any], notes: list[str], *, required: bool) -> tuple[Clip, ...]:
    value = obj.get("clips")
    if value is None:
        if required:
            notes.append("clips: missing for a completed job" if "clips" not in obj else "clips: null")
        return ()
    if not isinstance(value, list):
        notes.append(f"clips: expected a list, got {_describe(value)}")
        return ()
    # Every entry is kept, even a broken one, so that clips[i] in a note is the i-th clip the user sees.
    return tuple(_parse_clip(item, f"clips[{i}]", notes) for i, item in enumerate(value))


def _parse_clip(obj: object, path: str, notes: list[str]) -> Clip:
    if not isinstance(obj, dict):
        notes.append(f"{path}: expected an object, got {_describe(obj)}")
        return Clip(None, None, None, None, None, None, None, None, None, None, raw={})
    r = _Reader(obj, path + ".", notes)
    return Clip(
        clip=r.string("clip", required=True),
        title=r.string("title", required=False),
        duration_s=r.number("duration_s", required=False, limit=MAX_CLIP_SECONDS),
        lyrics=r.string("lyrics", required=False),
        seed=r.integer("seed", required=False),
        lyrics_timing=_parse_timing(obj.get("lyrics_timing"), f"{path}.lyrics_timing", notes),
        created_at=r.timestamp("created_at", required=True),
        audio_url=r.string("audio_url", required=True),
        wav_url=r.string("wav_url", required=True),
        image_url=r.string("image_url", required=False),
        raw=obj,
    )


def _parse_timing(value: object, path: str, notes: list[str]) -> tuple[tuple[float, float], ...] | None:
    if value is None:
        return None
    if not isinstance(value, list):
        notes.append(f"{path}: expected a list of [start, end] pairs, got {_describe(value)}")
        return None
    kept: list[tuple[float, float]] = []
    dropped = 0
    for i, entry in enumerate(value):
        pair = _timing_pair(entry)
        if pair is not None:
            kept.append(pair)
            continue
        dropped += 1
        if dropped <= MAX_NOTES_PER_FIELD:
            notes.append(
                f"{path}[{i}]: dropped: expected [start, end] seconds with 0 <= start <= end <= "
                f"{MAX_CLIP_SECONDS:.0f}, "
                f"got {_describe(entry)}"
            )
    if dropped > MAX_NOTES_PER_FIELD:
        notes.append(f"{path}: {dropped - MAX_NOTES_PER_FIELD} more bad entries dropped")
    return tuple(kept)


def _timing_pair(entry: object) -> tuple[float, float] | None:
    if not isinstance(entry, (list, tuple)) or len(entry) != 2:
        return None
    start, end = entry
    if not (_is_number(start) and _is_number(end)):
        return None
    start, end = float(start), float(end)
    if not (math.isfinite(start) and math.isfinite(end) and 0 <= start <= end <= MAX_CLIP_SECONDS):
        return None
    return (start, end)


def _parse_error(obj: Mapping[str, Any], notes: list[str], *, required: bool) -> JobError | None:
    value = obj.get("error")
    if value is None:
        if required:
            notes.append("error: missing for a failed job" if "error" not in obj else "error: null")
        return None
    if isinstance(value, str):
        # The vendor's HTTP error bodies carry the text itself in "error": show it rather than lose it.
        notes.append("error: expected an object with code and message, got a string")
        return JobError(code=None, message=value)
    if not isinstance(value, dict):
        notes.append(f"error: expected an object with code and message, got {_describe(value)}")
        return None
    r = _Reader(value, "error.", notes)
    code = value.get("code")
    # Documented as a string, but this vendor's codes are often numbers (596): keep them, as text.
    if _is_number(code) and float(code).is_integer():
        code_text: str | None = str(int(code))
    else:
        code_text = r.string("code", required=True)
    return JobError(code=code_text, message=r.string("message", required=True))


class _Reader:
    """Reads typed fields of one JSON object, noting each problem under a path such as ``clips[0].``."""

    def __init__(self, obj: Mapping[str, Any], path: str, notes: list[str]) -> None:
        self._obj = obj
        self._path = path
        self._notes = notes

    def _get(self, key: str, required: bool) -> object:
        if key not in self._obj:
            if required:
                self._notes.append(f"{self._path}{key}: missing")
            return None
        value = self._obj[key]
        if value is None and required:
            self._notes.append(f"{self._path}{key}: null")
        return value

    def _wrong(self, key: str, expected: str, value: object) -> None:
        self._notes.append(f"{self._path}{key}: expected {expected}, got {_describe(value)}")

    def string(self, key: str, *, required: bool) -> str | None:
        value = self._get(key, required)
        if value is None or isinstance(value, str):
            return value
        self._wrong(key, "a string", value)
        return None

    def number(self, key: str, *, required: bool, limit: float = math.inf) -> float | None:
        """A finite number from 0 to ``limit`` (durations); booleans are not numbers."""
        value = self._get(key, required)
        if value is None:
            return None
        if not _is_number(value):
            self._wrong(key, "a number", value)
            return None
        try:
            number = float(value)
        except OverflowError:  # an integer of hundreds of digits
            number = math.inf
        if not math.isfinite(number) or number < 0:
            self._wrong(key, "a finite number >= 0", value)
            return None
        if number > limit:
            self._wrong(key, f"a number from 0 to {limit:g}", value)
            return None
        return number

    def integer(self, key: str, *, required: bool, low: int = 0, high: int = MAX_SEED) -> int | None:
        """A whole number from ``low`` to ``high`` (seeds); 3.0 counts, 3.5 and booleans do not."""
        value = self._get(key, required)
        if value is None:
            return None
        number: int | None = None
        if isinstance(value, int) and not isinstance(value, bool):
            number = value
        elif isinstance(value, float) and value.is_integer():
            number = int(value)
        if number is None:
            self._wrong(key, "a whole number", value)
            return None
        if not low <= number <= high:
            self._wrong(key, f"a whole number from {low} to {high}", value)
            return None
        return number

    def timestamp(self, key: str, *, required: bool) -> datetime | None:
        value = self._get(key, required)
        if value is None:
            return None
        parsed = parse_timestamp(value)
        if parsed is None:
            self._wrong(key, "an ISO 8601 timestamp", value)
        return parsed

    def object(self, key: str, *, required: bool) -> Mapping[str, Any] | None:
        value = self._get(key, required)
        if value is None or isinstance(value, dict):
            return value
        self._wrong(key, "an object", value)
        return None


def _is_number(value: object) -> TypeGuard[int | float]:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _short(text: str, limit: int = 40) -> str:
    return repr(text if len(text) <= limit else text[: limit - 1] + "…")


def _describe(value: object) -> str:
    """The JSON type of ``value`` and a short glimpse of it, for a note a person reads."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return f"a boolean ({'true' if value else 'false'})"
    if isinstance(value, int) and abs(value) > 10**30:
        # repr of a huge int is long, and past 4,300 digits Python refuses to make it.
        return f"a number ({value.bit_length()} bits long)"
    if isinstance(value, (int, float)):
        return f"a number ({value!r})"
    if isinstance(value, str):
        return f"a string ({_short(value)})"
    if isinstance(value, (list, tuple)):
        text = json.dumps(value, default=repr)
        return f"a list {text if len(text) <= 40 else text[:39] + '…'}"
    if isinstance(value, dict):
        return "an object"
    return f"a {type(value).__name__}"

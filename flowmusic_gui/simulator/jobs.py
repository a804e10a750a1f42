"""Deterministic job plans (outcome, timing, clips) and the JSON records they produce, shaped as in API.md.

Written from the API description alone, apart from the client, so a misreading cannot hide in both.
"""

from __future__ import annotations

import hashlib
import json
import random
import re
import time
import uuid
from dataclasses import dataclass
from typing import Any

from .media import frames_for

_UUID = r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}"
_LABEL = r"[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?"
_EMAIL = rf"[A-Za-z0-9._%+-]+@{_LABEL}(?:\.{_LABEL})*"
JOBID_RE = re.compile(rf"job:(?P<uuid>{_UUID})-user:(?P<user>[0-9]+)-(?P<email>{_EMAIL})-bot:flowmusic")
CLIPID_RE = re.compile(rf"user:(?P<user>[0-9]+)-(?P<email>{_EMAIL})-clip:(?P<uuid>{_UUID})")

#: Jobs whose uuid starts with this never existed: the simulator's way to demonstrate a 404.
NEVER_EXISTED_PREFIX = "00000000"

OPERATIONS = ("effect", "extend", "replace", "cover", "remix")
#: `POST /music/edit` also makes stems, always synchronously, as four clips.
EDIT_OPERATIONS = (*OPERATIONS, "stems")
STEMS = ("drums", "bass", "vocals", "other")
OUTCOMES = ("completed", "failed")
#: Values `Simulator.force(outcome=...)` accepts: the two outcomes, or a completion of one kind.
FORCE_OUTCOMES = (*OUTCOMES, "instrumental", "vocal")

PENDING_MIN_S = 30.0
PENDING_MAX_S = 180.0
FAILURE_RATE = 0.12
#: Song lengths like the real service (about 2 to 3 minutes), and the short clips that keep tests fast.
SONG_S = (120.0, 180.0)
SHORT_S = (4.0, 8.0)
EDIT_RATE = 0.2
INSTRUMENTAL_RATE = 0.2

_ERRORS = (
    ("moderation", "The prompt was blocked by content moderation."),
    ("generation_failed", "The generation failed. Try again."),
    ("timeout", "The generation did not finish in time."),
    ("quota_exceeded", "The account has no credits left for this generation."),
)
_ADJECTIVES = (
    "Neon", "Velvet", "Silver", "Quiet", "Electric", "Golden", "Midnight", "Paper", "Crystal", "Wild",
    "Hollow", "Burning", "Endless", "Broken", "Northern", "Sunlit",
)  # fmt: skip
_NOUNS = (
    "Rain", "Harbor", "Echo", "Highway", "Garden", "Signal", "Tide", "Lantern", "Skyline", "River",
    "Engine", "Comet", "Window", "Orchard", "Satellite", "Meadow",
)  # fmt: skip
_GENRES = (
    "dreamy synth-pop", "lo-fi hip hop", "acoustic folk", "upbeat disco", "dark techno", "jazzy soul",
    "indie rock", "ambient piano", "country ballad", "drum and bass",
)  # fmt: skip
_MOODS = ("late-night", "hopeful", "melancholic", "sunny", "restless", "tender", "triumphant")
_VERBS = ("running", "dancing", "falling", "waiting", "drifting", "shining", "calling", "holding on")
_PLACES = ("the city", "the shoreline", "the old road", "your window", "the stars", "the station", "the dark")


@dataclass(frozen=True)
class JobIdParts:
    """The pieces of a well-formed jobid."""

    uuid: str
    user_id: str
    email: str


@dataclass(frozen=True)
class ClipPlan:
    """One clip a completed job yields; its media are generated from ``seed`` and ``duration_s``."""

    uuid: str
    clip_id: str
    title: str
    duration_s: float
    seed: int
    lyrics: str | None
    lyrics_timing: tuple[tuple[float, float], ...] | None


@dataclass(frozen=True)
class Order:
    """What a `POST /music` or `POST /music/edit` asked for, as far as the plan cares."""

    prompt: str
    request_json: str
    instrumental: bool | None = None
    operation: str | None = None
    #: The title of the clip an edit works on, so the edit keeps it.
    title: str | None = None
    #: Lyrics the request gave: a vocal clip sings these instead of made-up ones.
    lyrics: str | None = None


@dataclass(frozen=True)
class JobPlan:
    """Everything a job will do, decided from the jobid's hash and the simulator's seed."""

    jobid: str
    uuid: str
    user_id: str
    email: str
    outcome: str  # "completed" or "failed"
    pending_s: float  # real seconds from first sight to the terminal state (already divided by speed)
    instrumental: bool
    operation: str | None
    prompt: str
    error_code: str | None
    error_message: str | None
    clips: tuple[ClipPlan, ...]
    #: The request body of a job submitted to the simulator, as JSON; None for a jobid first seen on a poll.
    request_json: str | None = None

    @property
    def never_existed(self) -> bool:
        return self.uuid.startswith(NEVER_EXISTED_PREFIX)


def parse_jobid(text: str) -> JobIdParts | None:
    """The parts of a well-formed jobid, else None."""
    m = JOBID_RE.fullmatch(text)
    if m is None:
        return None
    return JobIdParts(uuid=m["uuid"].lower(), user_id=m["user"], email=m["email"])


def parse_clip_id(text: str) -> JobIdParts | None:
    """The parts of a clip id (``user:<id>-<email>-clip:<uuid>``), else None."""
    m = CLIPID_RE.fullmatch(text)
    if m is None:
        return None
    return JobIdParts(uuid=m["uuid"].lower(), user_id=m["user"], email=m["email"])


def make_jobid(job_uuid: str, user_id: str, email: str) -> str:
    return f"job:{job_uuid}-user:{user_id}-{email}-bot:flowmusic"


def _rng(*parts: object) -> random.Random:
    # sha256 rather than hash(): the same plan in every process, whatever PYTHONHASHSEED says.
    digest = hashlib.sha256("\0".join(str(p) for p in parts).encode("utf-8")).digest()
    return random.Random(int.from_bytes(digest[:16], "big"))


def _lyrics(rng: random.Random, title: str) -> tuple[str, int, list[int]]:
    """Lyrics with section headers and blank lines between sections.

    Returns the text, the number of sung lines and the index of the sung line that starts each section
    (so timing can leave a breath between sections).
    """

    def line() -> str:
        form = rng.randrange(4)
        if form == 0:
            return f"{rng.choice(_VERBS).capitalize()} through {rng.choice(_PLACES)}"
        if form == 1:
            return f"We were {rng.choice(_VERBS)} under {rng.choice(_ADJECTIVES).lower()} skies"
        if form == 2:
            return f"{rng.choice(_ADJECTIVES)} {rng.choice(_NOUNS).lower()}, don't let me go"
        return f"I hear the {rng.choice(_NOUNS).lower()} {rng.choice(_VERBS)}"

    chorus = [f"Oh, {title.lower()}", *[line() for _ in range(rng.choice((1, 2, 3)))]]
    sections: list[tuple[str, list[str]]] = [
        ("Verse 1", [line() for _ in range(4)]),
        ("Chorus", chorus),
        ("Verse 2", [line() for _ in range(rng.choice((2, 4)))]),
        ("Chorus", chorus),
    ]
    if rng.random() < 0.5:
        sections.append(("Bridge", [line() for _ in range(2)]))
    sections.append(("Outro", [f"{title}..."]))
    blocks: list[str] = []
    starts: list[int] = []
    sung = 0
    for header, lines in sections:
        starts.append(sung)
        sung += len(lines)
        blocks.append("\n".join([f"[{header}]", *lines]))
    return "\n\n".join(blocks), sung, starts


def _timing(rng: random.Random, duration_s: float, sung: int, starts: list[int]) -> tuple[tuple[float, float], ...]:
    """One [start, end] marker per sung line, in order, inside [0, duration_s]."""
    lead_in = 0.5 + rng.random()
    usable = duration_s - lead_in - 0.5
    # A line weighs 1, a section break half a line: the singer breathes between sections.
    units = sung + 0.5 * (len(starts) - 1)
    slot = usable / units
    markers: list[tuple[float, float]] = []
    t = lead_in
    breaks = set(starts[1:])
    for i in range(sung):
        if i in breaks:
            t += slot * 0.5
        start = round(t, 2)
        end = round(min(t + slot * 0.9, duration_s), 2)
        markers.append((start, end))
        t += slot
    return tuple(markers)


def _sung_lines(lyrics: str) -> tuple[int, list[int]]:
    """The number of sung lines of lyrics (not section headers, not blank) and where each section starts."""
    sung = 0
    starts: list[int] = []
    for block in re.split(r"\n\s*\n", lyrics.strip()):
        lines = [line for line in block.splitlines() if line.strip() and not re.fullmatch(r"\s*\[.*\]\s*", line)]
        if lines:
            starts.append(sung)
            sung += len(lines)
    return sung, starts


def _clip(
    jobid: str,
    parts: JobIdParts,
    seed: int,
    index: int,
    instrumental: bool,
    title: str,
    short: bool,
    given_lyrics: str | None = None,
) -> ClipPlan:
    rng = _rng("clip", seed, jobid, index)
    clip_uuid = str(uuid.UUID(int=rng.getrandbits(128), version=4))
    low, high = SHORT_S if short else SONG_S
    # Quarter-second steps keep duration_s exactly equal to frames / rate.
    duration_s = frames_for(rng.randrange(int(low * 4), int(high * 4) + 1) / 4) / frames_for(1.0)
    clip_seed = rng.randrange(1, 2**31)
    lyrics: str | None = None
    timing: tuple[tuple[float, float], ...] | None = None
    if not instrumental:
        # Lyrics come from their own stream so forcing instrumental on or off changes nothing else.
        lrng = _rng("lyrics", seed, jobid, index)
        lyrics, sung, starts = _lyrics(lrng, title)
        if given_lyrics is not None and given_lyrics.strip():
            lyrics = given_lyrics
            sung, starts = _sung_lines(given_lyrics)
        timing = _timing(lrng, duration_s, sung, starts) if sung else None
    return ClipPlan(
        uuid=clip_uuid,
        clip_id=f"user:{parts.user_id}-{parts.email}-clip:{clip_uuid}",
        title=title,  # an A/B pair shares its title
        duration_s=duration_s,
        seed=clip_seed,
        lyrics=lyrics,
        lyrics_timing=timing,
    )


def make_plan(
    jobid: str,
    *,
    seed: int = 0,
    speed: float = 1.0,
    outcome: str | None = None,
    pending_s: float | None = None,
    failure_rate: float = FAILURE_RATE,
    short: bool = False,
    order: Order | None = None,
) -> JobPlan | None:
    """The plan of a well-formed jobid (None if malformed), the same for the same jobid and seed.

    ``outcome`` (one of FORCE_OUTCOMES) and ``pending_s`` (real seconds) override what the hash decided;
    ``order`` is what a submission asked for (prompt, instrumental, operation); ``short`` makes 4-8 s clips.
    """
    parts = parse_jobid(jobid)
    if parts is None:
        return None
    rng = _rng("job", seed, jobid)
    # Draws happen in a fixed order, so an override of one field leaves the others as they were.
    base_pending = rng.triangular(PENDING_MIN_S, PENDING_MAX_S, 120.0)
    failed = rng.random() < failure_rate
    edit = rng.random() < EDIT_RATE
    operation = rng.choice(OPERATIONS)
    instrumental = rng.random() < INSTRUMENTAL_RATE
    error_code, error_message = rng.choice(_ERRORS)
    genre = rng.choice(_GENRES)
    mood = rng.choice(_MOODS)
    title = f"{rng.choice(_ADJECTIVES)} {rng.choice(_NOUNS)}"
    if failed:
        # Failures tend to come sooner than completions.
        base_pending *= 0.3 + 0.5 * rng.random()

    if outcome is not None:
        if outcome not in FORCE_OUTCOMES:
            raise ValueError(f"unknown outcome {outcome!r}: expected one of {', '.join(FORCE_OUTCOMES)}")
        failed = outcome == "failed"
        if outcome in ("instrumental", "vocal"):
            instrumental = outcome == "instrumental"
    if pending_s is not None:
        if pending_s < 0:
            raise ValueError(f"pending_s must be >= 0, got {pending_s}")
        real_pending = float(pending_s)
    else:
        real_pending = base_pending / speed
    prompt = f"a {mood} {genre} song about {title.lower()}"
    if edit:
        prompt = f"{operation} this clip: make it more {mood}"
    if order is not None:
        prompt = order.prompt
        edit = order.operation is not None
        operation = order.operation or operation
        if outcome not in ("instrumental", "vocal"):
            if order.instrumental is not None:
                instrumental = order.instrumental
            if order.lyrics is not None and order.lyrics.strip():
                # The API: providing lyrics "forces a vocal render"; they are sung and come back as the lyrics.
                instrumental = False
        title = order.title or title
    given = order.lyrics if order is not None else None
    if edit and operation == "stems":
        clips = tuple(
            _clip(jobid, parts, seed, i, stem != "vocals", f"{title} ({stem})", short, given)
            for i, stem in enumerate(STEMS)
        )
    else:
        clips = tuple(_clip(jobid, parts, seed, i, instrumental, title, short, given) for i in range(2))
    return JobPlan(
        jobid=jobid,
        uuid=parts.uuid,
        user_id=parts.user_id,
        email=parts.email,
        outcome="failed" if failed else "completed",
        pending_s=real_pending,
        instrumental=instrumental,
        operation=operation if edit else None,
        prompt=prompt,
        error_code=error_code if failed else None,
        error_message=error_message if failed else None,
        clips=clips,
        request_json=order.request_json if order is not None else None,
    )


def iso_ms(ms: int) -> str:
    """Epoch milliseconds as ISO 8601 UTC with milliseconds and Z, like the API: 2026-05-31T19:57:23.954Z."""
    seconds, millis = divmod(ms, 1000)
    return time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(seconds)) + f".{millis:03d}Z"


def _request(plan: JobPlan) -> dict[str, Any]:
    if plan.request_json is not None:
        decoded: dict[str, Any] = json.loads(plan.request_json)
        return decoded  # echoed verbatim, as the service does
    request: dict[str, Any] = {"prompt": plan.prompt, "mode": "async"}
    if plan.operation is not None:
        # An edit names the clip it edits; a clip id of the same account, made up from the jobid's hash.
        source = uuid.UUID(int=_rng("source", plan.jobid).getrandbits(128), version=4)
        request["clip"] = f"user:{plan.user_id}-{plan.email}-clip:{source}"
    return request


def pending_record(plan: JobPlan, created_ms: int) -> dict[str, Any]:
    """The record while pending: status and the dispatch fields only."""
    record: dict[str, Any] = {"jobid": plan.jobid, "email": plan.email}
    if plan.operation is not None:
        record["operation"] = plan.operation
    record["request"] = _request(plan)
    record["created_at"] = iso_ms(created_ms)
    record["status"] = "pending"
    return record


def cover_format(clip_uuid: str) -> str:
    """ "jpg" for about a quarter of the clips (decided by the uuid), "png" for the rest."""
    return "jpg" if clip_uuid[:1] in "0123" else "png"


def media_urls(origin: str, clip_uuid: str) -> dict[str, str]:
    """The public media URLs of a clip on the simulator at ``origin`` (scheme://host:port)."""
    return {
        "audio_url": f"{origin}/media/audio/{clip_uuid}.m4a",
        "wav_url": f"{origin}/media/wav/{clip_uuid}.wav",
        "image_url": f"{origin}/media/image/{clip_uuid}.{cover_format(clip_uuid)}",
    }


def terminal_record(plan: JobPlan, created_ms: int, origin: str) -> dict[str, Any]:
    """The record once completed or failed; duration_ms equals completed_at minus created_at exactly."""
    duration_ms = round(plan.pending_s * 1000)
    completed_ms = created_ms + duration_ms
    record = pending_record(plan, created_ms)
    del record["status"]
    record["completed_at"] = iso_ms(completed_ms)
    record["duration_ms"] = duration_ms
    record["status"] = plan.outcome
    if plan.outcome == "failed":
        record["error"] = {"code": plan.error_code, "message": plan.error_message}
        return record
    record["clips"] = [
        {
            "clip": c.clip_id,
            "title": c.title,
            "duration_s": c.duration_s,
            "lyrics": c.lyrics,
            "seed": c.seed,
            "lyrics_timing": None if c.lyrics_timing is None else [list(m) for m in c.lyrics_timing],
            "created_at": iso_ms(completed_ms),
            **media_urls(origin, c.uuid),
        }
        for c in plan.clips
    ]
    return record


@dataclass(frozen=True)
class DemoJob:
    """A demo jobid and what it shows."""

    label: str
    jobid: str


def _find(user_id: str, email: str, seed: int, start: int, want: str, taken: set[str]) -> tuple[str, int]:
    namespace = uuid.UUID("6f1c2d3e-4b5a-4c6d-8e7f-0a1b2c3d4e5f")
    counter = start
    while True:
        job_uuid = str(uuid.uuid5(namespace, f"{seed}:{counter}"))
        counter += 1
        jobid = make_jobid(job_uuid, user_id, email)
        plan = make_plan(jobid, seed=seed)
        if plan is None or plan.never_existed or jobid in taken:
            continue
        done = plan.outcome == "completed"
        base = plan.pending_s  # speed 1
        ok = {
            "vocal": done and not plan.instrumental and plan.operation is None and base < 90,
            "instrumental": done and plan.instrumental and plan.operation is None and base < 120,
            "edit": done and plan.operation is not None and base < 120,
            "failed": plan.outcome == "failed",
            "long": done and plan.operation is None and base >= 150,
        }[want]
        if ok:
            return jobid, counter


def demo_jobs(user_id: str = "1001", email: str = "demo@flowmusic.local", *, seed: int = 0) -> list[DemoJob]:
    """Jobids covering every state a user can meet, found by searching uuid5 ids until the plan fits."""
    taken: set[str] = set()
    found: list[DemoJob] = []
    counter = 0
    for label, want in (
        ("song (vocals)", "vocal"),
        ("song (vocals)", "vocal"),
        ("instrumental", "instrumental"),
        ("edit job", "edit"),
        ("failed", "failed"),
    ):
        jobid, counter = _find(user_id, email, seed, counter, want, taken)
        taken.add(jobid)
        found.append(DemoJob(label, jobid))
    missing = str(uuid.uuid5(uuid.NAMESPACE_URL, f"flowmusic-demo-missing:{seed}"))
    found.append(DemoJob("not found (404)", make_jobid(NEVER_EXISTED_PREFIX + missing[8:], user_id, email)))
    other_user = str(int(user_id) + 1) if user_id.isdigit() else "2002"
    other = str(uuid.uuid5(uuid.NAMESPACE_URL, f"flowmusic-demo-other:{seed}"))
    found.append(DemoJob("other account (403)", make_jobid(other, other_user, "someone.else@example.com")))
    jobid, counter = _find(user_id, email, seed, counter, "long", taken)
    found.append(DemoJob("long-running", jobid))
    return found


def demo_jobids(user_id: str = "1001", email: str = "demo@flowmusic.local", *, seed: int = 0) -> list[str]:
    """The ids of `demo_jobs`, in the same order."""
    return [d.jobid for d in demo_jobs(user_id, email, seed=seed)]

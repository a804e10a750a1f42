"""What naming and tagging know about one clip, whether it came from a job record or from the library list.

A job record gives everything (jobid, take, dates, prompt, timing); ``GET /music`` gives only clip, title,
lyrics, duration_s and image_url. Both become the same `Track`, with what is unknown left as None.
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from flowmusic_gui.core.lyrics import clean_markers
from flowmusic_gui.core.records import Clip, JobRecord, parse_timestamp

__all__ = ["STEM_NAMES", "Track", "track_from_json", "track_from_library", "track_from_record", "track_to_json",
           "tracks_from_record"]

# The order in which a stems job lists its four clips (the API documents these four names).
STEM_NAMES: tuple[str, ...] = ("drums", "bass", "vocals", "other")
# A take letter per clip of an ordinary job: A and B for the usual pair, then on.
_TAKES = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"


@dataclass(frozen=True)
class Track:
    """One clip's facts for naming and tagging; None where the source does not say."""

    clip_id: str | None
    title: str | None
    take: str | None  # "A", "B", ... or a stem name ("drums"); None from the library list
    jobid: str | None
    account: str | None  # the account's email
    created_at: datetime | None
    prompt: str | None
    seed: int | None
    lyrics: str | None
    lyrics_timing: tuple[tuple[float, float], ...] | None
    duration_s: float | None
    image_url: str | None
    audio_url: str | None = None
    wav_url: str | None = None


def _take(record: JobRecord, index: int, clip: Clip) -> str | None:
    if record.operation == "stems" or (record.request or {}).get("operation") == "stems":
        title = (clip.title or "").strip().lower()
        for name in STEM_NAMES:
            if title == name or title.endswith((f"({name})", f" {name}")):
                return name
        return STEM_NAMES[index] if index < len(STEM_NAMES) else None
    return _TAKES[index] if index < len(_TAKES) else str(index + 1)


def track_from_record(record: JobRecord, index: int) -> Track:
    """The track of ``record.clips[index]``."""
    clip = record.clips[index]
    return Track(
        clip_id=clip.clip,
        title=clip.title,
        take=_take(record, index, clip),
        jobid=record.jobid,
        account=record.email,
        created_at=clip.created_at or record.created_at,
        prompt=record.prompt,
        seed=clip.seed,
        lyrics=clip.lyrics,
        lyrics_timing=clip.lyrics_timing,
        duration_s=clip.duration_s,
        image_url=clip.image_url,
        audio_url=clip.audio_url,
        wav_url=clip.wav_url,
    )


def tracks_from_record(record: JobRecord) -> tuple[Track, ...]:
    """Every clip of a job as a track, in the record's order."""
    return tuple(track_from_record(record, i) for i in range(len(record.clips)))


def _text(obj: Mapping[str, Any], key: str) -> str | None:
    value = obj.get(key)
    return value if isinstance(value, str) else None


def track_from_library(item: object, account: str | None) -> Track:
    """A track from one entry of ``GET /music``'s ``clips`` list (no jobid, take, date or timing there).

    Never raises: a field of the wrong type is left as None, as in the job records.
    """
    obj: Mapping[str, Any] = item if isinstance(item, Mapping) else {}
    duration = obj.get("duration_s")
    seconds: float | None = None
    if isinstance(duration, (int, float)) and not isinstance(duration, bool):
        seconds = float(duration) if math.isfinite(duration) and 0 <= duration < 1e7 else None
    return Track(
        clip_id=_text(obj, "clip"),
        title=_text(obj, "title"),
        take=None,
        jobid=None,
        account=account,
        created_at=None,
        prompt=None,
        seed=None,
        lyrics=_text(obj, "lyrics"),
        lyrics_timing=None,
        duration_s=seconds,
        image_url=_text(obj, "image_url"),
    )


def track_to_json(track: Track) -> str:
    """The track as compact JSON, for the downloads queue to keep across a restart."""
    data = {f: getattr(track, f) for f in Track.__dataclass_fields__}
    data["created_at"] = track.created_at.isoformat() if track.created_at is not None else None
    data["lyrics_timing"] = [list(m) for m in track.lyrics_timing] if track.lyrics_timing is not None else None
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"), allow_nan=False)


def track_from_json(text: str | None) -> Track | None:
    """The track `track_to_json` wrote; None for text that is not one (never raises)."""
    try:
        data = json.loads(text) if text else None
    except (ValueError, RecursionError):
        return None
    if not isinstance(data, dict):
        return None
    timing = clean_markers(data.get("lyrics_timing")) if isinstance(data.get("lyrics_timing"), list) else None
    seed = data.get("seed")
    duration = data.get("duration_s")

    def text_of(key: str) -> str | None:
        value = data.get(key)
        return value if isinstance(value, str) else None

    return Track(
        clip_id=text_of("clip_id"),
        title=text_of("title"),
        take=text_of("take"),
        jobid=text_of("jobid"),
        account=text_of("account"),
        created_at=parse_timestamp(data.get("created_at")),
        prompt=text_of("prompt"),
        seed=seed if isinstance(seed, int) and not isinstance(seed, bool) else None,
        lyrics=text_of("lyrics"),
        lyrics_timing=timing,
        duration_s=float(duration) if isinstance(duration, (int, float)) and not isinstance(duration, bool)
        and math.isfinite(duration) and duration >= 0 else None,
        image_url=text_of("image_url"),
        audio_url=text_of("audio_url"),
        wav_url=text_of("wav_url"),
    )

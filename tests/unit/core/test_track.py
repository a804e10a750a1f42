"""A clip's facts for naming and tagging, from a job record and from the library list."""

from __future__ import annotations

from datetime import datetime, timezone
from typing import Any

from flowmusic_gui.core.filenames import DEFAULT_TEMPLATE, render
from flowmusic_gui.core.records import parse_record
from flowmusic_gui.core.track import track_from_json, track_from_library, track_to_json, tracks_from_record

EMAIL = "me@example.com"
JOB = f"job:7c9e6679-7425-40de-944b-e07fc1f90ae7-user:1-{EMAIL}-bot:flowmusic"


def clip(i: int, title: str | None = "Neon Rain", **extra: Any) -> dict[str, Any]:
    return {
        "clip": f"user:1-{EMAIL}-clip:{i:08d}-0000-0000-0000-000000000000", "title": title, "duration_s": 170.5,
        "lyrics": "[Verse]\nla", "seed": 7 + i, "lyrics_timing": [[1, 2]],
        "created_at": "2026-12-01T10:00:00Z", "audio_url": "https://m.example/a.m4a",
        "wav_url": "https://m.example/a.wav", "image_url": "https://m.example/c.png", **extra,
    }


def job(clips: list[dict[str, Any]], **extra: Any) -> dict[str, Any]:
    return {
        "jobid": JOB, "email": EMAIL, "status": "completed", "created_at": "2026-12-01T09:58:00Z",
        "completed_at": "2026-12-01T10:00:00Z", "duration_ms": 120000, "clips": clips,
        "request": {"prompt": "synthwave"}, **extra,
    }


def test_a_pair_is_takes_a_and_b() -> None:
    a, b = tracks_from_record(parse_record(job([clip(0), clip(1)])))
    assert (a.take, b.take) == ("A", "B")
    assert (a.jobid, a.account, a.prompt, a.seed, b.seed) == (JOB, EMAIL, "synthwave", 7, 8)
    assert a.created_at == datetime(2026, 12, 1, 10, 0, tzinfo=timezone.utc)
    assert a.lyrics_timing == ((1.0, 2.0),) and a.wav_url == "https://m.example/a.wav"
    assert [render(DEFAULT_TEMPLATE, t, "wav").as_posix() for t in (a, b)] == [
        "Neon Rain (A).wav", "Neon Rain (B).wav",  # the two takes never share a name
    ]


def test_stems_are_named_after_the_stem() -> None:
    record = parse_record(job([clip(0, "Song (drums)"), clip(1, "Song"), clip(2, "Song"), clip(3, "other")],
                              operation="stems"))
    assert [t.take for t in tracks_from_record(record)] == ["drums", "bass", "vocals", "other"]


def test_a_broken_clip_still_gives_a_track() -> None:
    (t,) = tracks_from_record(parse_record(job(["not an object"])))  # type: ignore[list-item]
    assert (t.clip_id, t.title, t.take) == (None, None, "A")
    assert render(DEFAULT_TEMPLATE, t, "mp3").as_posix() == "Untitled (A).mp3"


def test_library_entries_with_wrong_fields_leave_them_out() -> None:
    t = track_from_library({"clip": 5, "title": ["x"], "lyrics": None, "duration_s": float("inf")}, None)
    assert (t.clip_id, t.title, t.lyrics, t.duration_s, t.jobid, t.created_at) == (None,) * 6
    assert track_from_library("junk", EMAIL).account == EMAIL
    ok = track_from_library({"clip": "c", "title": "T", "duration_s": 10, "image_url": "https://x/c.png"}, EMAIL)
    assert (ok.title, ok.duration_s, ok.image_url, ok.take, ok.lyrics_timing) == (
        "T", 10.0, "https://x/c.png", None, None,
    )


def test_json_round_trip() -> None:
    for t in tracks_from_record(parse_record(job([clip(0), clip(1, None)]))):
        assert track_from_json(track_to_json(t)) == t

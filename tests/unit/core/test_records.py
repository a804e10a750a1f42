"""Job records: a typed view of whatever the API sends, that never raises and says what was wrong."""

from __future__ import annotations

import copy
import json
from datetime import datetime, timedelta, timezone
from typing import Any

import pytest

from flowmusic_gui.core.records import (
    TERMINAL_STATES,
    Clip,
    JobError,
    JobRecord,
    JobState,
    parse_record,
    parse_timestamp,
)

JOBID = "job:56ef7890-1234-4abc-9def-0123456789ab-user:1234-jo.h-n+x_y@mail-host.example.com-bot:flowmusic"
EMAIL = "jo.h-n+x_y@mail-host.example.com"
CLIP_ID = "user:1234-jo.h-n+x_y@mail-host.example.com-clip:11111111-2222-4333-8444-555555555555"
UTC = timezone.utc


def seed_record() -> dict[str, Any]:
    """The seed page's example record, with its elided parts filled in and the clip fields of the model."""
    return {
        "jobid": JOBID,
        "email": EMAIL,
        "request": {"prompt": "a calm piano piece", "mode": "async"},
        "created_at": "2026-05-31T19:57:23.954Z",
        "completed_at": "2026-05-31T19:59:43.118Z",
        "duration_ms": 139164,
        "status": "completed",
        "clips": [
            {
                "clip": CLIP_ID,
                "title": "Calm Waters",
                "duration_s": 173.03,
                "lyrics": "[Verse]\nla la\n\n[Chorus]\noh",
                "seed": 123456789,
                "lyrics_timing": [[0.5, 2.25], [2.25, 4], [10, 12.5]],
                "created_at": "2026-05-31T19:59:40Z",
                "audio_url": "https://cdn.example.com/a.m4a",
                "wav_url": "https://cdn.example.com/a.wav",
                "image_url": "https://cdn.example.com/a.jpg",
            },
            {
                "clip": CLIP_ID.replace("11111111", "22222222"),
                "title": None,
                "duration_s": None,
                "lyrics": None,
                "seed": None,
                "lyrics_timing": None,
                "created_at": "2026-05-31T19:59:41+00:00",
                "audio_url": "https://cdn.example.com/b.m4a",
                "wav_url": "https://cdn.example.com/b.wav",
                "image_url": None,
            },
        ],
    }


def test_the_seed_example_parses_without_problems() -> None:
    raw = seed_record()
    record = parse_record(raw)
    assert record.problems == ()
    assert record.jobid == JOBID
    assert record.email == EMAIL
    assert record.operation is None
    assert record.state is JobState.COMPLETED
    assert record.state.is_terminal
    assert record.created_at == datetime(2026, 5, 31, 19, 57, 23, 954000, tzinfo=UTC)
    assert record.completed_at == datetime(2026, 5, 31, 19, 59, 43, 118000, tzinfo=UTC)
    assert record.duration_ms == 139164.0
    assert record.prompt == "a calm piano piece"
    assert record.title == "Calm Waters"
    assert record.error is None
    first, second = record.clips
    assert first == Clip(
        clip=CLIP_ID,
        title="Calm Waters",
        duration_s=173.03,
        lyrics="[Verse]\nla la\n\n[Chorus]\noh",
        seed=123456789,
        lyrics_timing=((0.5, 2.25), (2.25, 4.0), (10.0, 12.5)),
        created_at=datetime(2026, 5, 31, 19, 59, 40, tzinfo=UTC),
        audio_url="https://cdn.example.com/a.m4a",
        wav_url="https://cdn.example.com/a.wav",
        image_url="https://cdn.example.com/a.jpg",
        raw=raw["clips"][0],
    )
    assert second.title is None
    assert second.lyrics_timing is None
    assert second.image_url is None


def test_the_json_object_is_kept_verbatim_beside_the_typed_view() -> None:
    raw = seed_record()
    raw["model"] = "v2"  # a field this app does not know yet
    before = copy.deepcopy(raw)
    record = parse_record(raw)
    assert record.raw == before
    assert record.raw["model"] == "v2"
    assert record.problems == ()  # new fields from the API are not a problem
    assert record.clips[0].raw == before["clips"][0]
    assert json.loads(json.dumps(record.raw)) == before  # still plain JSON, for the store
    assert raw == before  # parsing did not change it


def test_records_are_hashable_and_compare_by_value() -> None:
    assert parse_record(seed_record()) == parse_record(seed_record())
    assert hash(parse_record(seed_record())) == hash(parse_record(seed_record()))


def test_a_pending_record_with_only_dispatch_fields() -> None:
    raw = {
        "jobid": JOBID,
        "email": EMAIL,
        "request": {"prompt": "x"},
        "created_at": "2026-05-31T19:57:23.954Z",
        "status": "pending",
    }
    record = parse_record(raw)
    assert record.problems == ()
    assert record.state is JobState.PENDING
    assert not record.state.is_terminal
    assert record.clips == ()
    assert record.completed_at is None
    assert record.duration_ms is None
    assert record.title is None


def test_a_failed_record() -> None:
    raw = {
        "jobid": JOBID,
        "email": EMAIL,
        "request": {"prompt": "x"},
        "created_at": "2026-05-31T19:57:23Z",
        "completed_at": "2026-05-31T19:58:00Z",
        "duration_ms": 37000,
        "status": "failed",
        "error": {"code": "CONTENT_POLICY", "message": "The prompt was refused."},
    }
    record = parse_record(raw)
    assert record.problems == ()
    assert record.state is JobState.FAILED
    assert record.error == JobError(code="CONTENT_POLICY", message="The prompt was refused.")


def test_a_failed_record_with_a_numeric_code_or_a_bare_message_keeps_what_it_can() -> None:
    raw = {**seed_record(), "status": "failed", "error": {"code": 596, "message": "account error"}}
    del raw["clips"]
    assert parse_record(raw).error == JobError(code="596", message="account error")
    record = parse_record({**raw, "error": "Something broke"})
    assert record.error == JobError(code=None, message="Something broke")
    assert any(p.startswith("error:") for p in record.problems)


def test_an_edit_job() -> None:
    raw = {**seed_record(), "operation": "extend"}
    record = parse_record(raw)
    assert record.operation == "extend"
    assert record.problems == ()
    unknown = parse_record({**raw, "operation": "stretch"})
    assert unknown.operation == "stretch"
    assert unknown.problems == ("operation: unknown value 'stretch'",)


def test_an_unknown_status_has_no_state_and_says_so() -> None:
    record = parse_record({**seed_record(), "status": "queued"})
    assert record.status == "queued"
    assert record.state is None
    assert "status: unknown value 'queued'" in record.problems


@pytest.mark.parametrize("obj", [None, [], [seed_record()], "text", 42, True])
def test_not_an_object_gives_an_empty_record_with_a_problem(obj: object) -> None:
    record = parse_record(obj)
    assert record.raw == {}
    assert record.jobid is None
    assert record.state is None
    assert record.clips == ()
    assert len(record.problems) == 1
    assert "should be a JSON object" in record.problems[0]


# Each field: what the typed view holds when it is missing, null, or of the wrong type, and whether the record
# notes it (required fields of a completed record do; nullable ones such as a clip's title do not).
TOP_FIELDS = ["jobid", "email", "status", "created_at", "completed_at", "duration_ms", "clips", "request"]
CLIP_FIELDS = ["clip", "created_at", "audio_url", "wav_url"]
NULLABLE_CLIP_FIELDS = ["title", "duration_s", "lyrics", "seed", "lyrics_timing", "image_url"]
WRONG = {
    "jobid": 12,
    "email": ["a"],
    "status": True,
    "created_at": 1717185443,
    "completed_at": "yesterday",
    "duration_ms": "139164",
    "clips": {"0": {}},
    "request": "prompt",
    "clip": 7,
    "audio_url": 1,
    "wav_url": {},
    "title": 5,
    "duration_s": "173.03",
    "lyrics": ["la"],
    "seed": 1.5,
    "lyrics_timing": "0-2",
    "image_url": False,
}


def _field_value(record: JobRecord, name: str) -> object:
    if name == "clips":
        return record.clips or None
    return getattr(record, name)


@pytest.mark.parametrize("name", TOP_FIELDS)
@pytest.mark.parametrize("how", ["missing", "null", "wrong type"])
def test_a_broken_record_field_becomes_none_with_a_note(name: str, how: str) -> None:
    raw = seed_record()
    if how == "missing":
        del raw[name]
    else:
        raw[name] = None if how == "null" else WRONG[name]
    record = parse_record(raw)
    assert _field_value(record, name) is None
    assert any(p.startswith(f"{name}:") for p in record.problems), record.problems
    assert record.raw is raw


@pytest.mark.parametrize("name", CLIP_FIELDS + NULLABLE_CLIP_FIELDS)
@pytest.mark.parametrize("how", ["missing", "null", "wrong type"])
def test_a_broken_clip_field_becomes_none(name: str, how: str) -> None:
    raw = seed_record()
    clip = raw["clips"][0]
    if how == "missing":
        del clip[name]
    else:
        clip[name] = None if how == "null" else WRONG[name]
    record = parse_record(raw)
    assert getattr(record.clips[0], name) is None
    noted = any(p.startswith(f"clips[0].{name}:") for p in record.problems)
    # A nullable field left out or null is normal; a wrong type always is worth a note.
    assert noted == (how == "wrong type" or name in CLIP_FIELDS), record.problems
    assert record.clips[1] == parse_record(seed_record()).clips[1]  # the other clip is untouched


def test_the_note_names_the_place_and_what_was_found() -> None:
    raw = seed_record()
    raw["clips"][1]["duration_s"] = "x"
    assert parse_record(raw).problems == ("clips[1].duration_s: expected a number, got a string ('x')",)


@pytest.mark.parametrize(
    ("value", "expected"),
    [(True, None), (False, None), (-1, None), (float("nan"), None), (float("inf"), None), (0, 0.0), (2.5, 2.5)],
)
def test_booleans_and_impossible_durations_are_not_numbers(value: object, expected: float | None) -> None:
    raw = seed_record()
    raw["duration_ms"] = value
    raw["clips"][0]["duration_s"] = value
    record = parse_record(raw)
    assert record.duration_ms == expected
    assert record.clips[0].duration_s == expected
    assert (record.problems == ()) == (expected is not None)


def test_a_whole_float_seed_is_an_int_and_a_boolean_is_not() -> None:
    raw = seed_record()
    raw["clips"][0]["seed"] = 42.0
    raw["clips"][1]["seed"] = True
    record = parse_record(raw)
    assert record.clips[0].seed == 42
    assert isinstance(record.clips[0].seed, int)
    assert record.clips[1].seed is None
    assert len(record.problems) == 1


def test_bad_timing_markers_are_dropped_and_noted() -> None:
    raw = seed_record()
    raw["clips"][0]["lyrics_timing"] = [
        [0, 1],
        [5, 2],  # ends before it starts
        [-1, 2],  # negative
        [1, "2"],
        [1, True],
        [1, 2, 3],
        [float("inf"), float("inf")],
        "0-1",
        [2, 2],
    ]
    record = parse_record(raw)
    assert record.clips[0].lyrics_timing == ((0.0, 1.0), (2.0, 2.0))
    notes = [p for p in record.problems if p.startswith("clips[0].lyrics_timing")]
    assert notes[0] == (
        "clips[0].lyrics_timing[1]: dropped: expected [start, end] seconds with 0 <= start <= end <= 86400, "
        "got a list [5, 2]"
    )
    # A few notes, then a count: a hostile record cannot flood the problem list.
    assert len(notes) == 4
    assert notes[-1] == "clips[0].lyrics_timing: 4 more bad entries dropped"


def test_clips_that_are_not_objects_keep_their_place() -> None:
    raw = seed_record()
    raw["clips"].insert(0, "oops")
    record = parse_record(raw)
    assert len(record.clips) == 3
    assert record.clips[0].raw == {}
    assert record.clips[0].clip is None
    assert record.clips[1].title == "Calm Waters"
    assert record.title == "Calm Waters"  # the first clip with a title
    assert record.problems == ("clips[0]: expected an object, got a string ('oops')",)


def test_a_completed_record_without_clips_or_a_failed_one_without_error_is_noted() -> None:
    raw = seed_record()
    del raw["clips"]
    assert "clips: missing for a completed job" in parse_record(raw).problems
    failed = {**raw, "status": "failed"}
    assert "error: missing for a failed job" in parse_record(failed).problems


def test_a_jobid_that_is_not_a_job_id_is_kept_and_noted() -> None:
    record = parse_record({**seed_record(), "jobid": CLIP_ID})
    assert record.jobid == CLIP_ID
    assert any(p.startswith("jobid: not a valid job id: this is a clip id") for p in record.problems)


HOSTILE = [
    "<b>bold</b><script>alert(1)</script><img src=x onerror=alert(1)>",
    "\u202eevil\u202c right-to-left override",
    "nul\x00byte and \x1b[31mANSI\x1b[0m",
    "javascript:alert(1)",
    "x" * 100_000,
    "🎵 émoji and ünïcode",
    "",
]


@pytest.mark.parametrize("text", HOSTILE, ids=range(len(HOSTILE)))
def test_hostile_strings_are_kept_as_they_are(text: str) -> None:
    raw = seed_record()
    raw["clips"][0]["title"] = text
    raw["clips"][0]["lyrics"] = text
    raw["clips"][0]["image_url"] = text
    raw["email"] = text
    raw["request"]["prompt"] = text
    record = parse_record(raw)
    assert record.clips[0].title == text
    assert record.clips[0].lyrics == text
    assert record.clips[0].image_url == text
    assert record.email == text
    assert record.prompt == text
    assert record.title == (text if text.strip() else None)
    assert record.problems == ()


def test_hostile_values_in_notes_are_cut_short() -> None:
    record = parse_record({**seed_record(), "status": "s" * 10_000})
    (note,) = record.problems
    assert len(note) < 100


def test_properties_are_none_safe() -> None:
    record = parse_record({"request": {"prompt": 5}, "clips": [{"title": "  "}]})
    assert record.prompt is None
    assert record.title is None
    assert record.state is None


def test_job_states() -> None:
    assert [s.value for s in JobState] == ["new", "pending", "completed", "failed", "not_found", "forbidden"]
    assert {s for s in JobState if s.is_terminal} == TERMINAL_STATES
    assert not JobState.NEW.is_terminal
    assert JobState("not_found") is JobState.NOT_FOUND
    assert json.dumps(JobState.FORBIDDEN) == '"forbidden"'  # a plain string in JSON and SQL


# --- timestamps -------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2026-05-31T19:57:23.954Z", datetime(2026, 5, 31, 19, 57, 23, 954000, tzinfo=UTC)),
        ("2026-05-31T19:57:23Z", datetime(2026, 5, 31, 19, 57, 23, tzinfo=UTC)),
        ("2026-05-31t19:57:23z", datetime(2026, 5, 31, 19, 57, 23, tzinfo=UTC)),
        ("2026-05-31T19:57:23.1Z", datetime(2026, 5, 31, 19, 57, 23, 100000, tzinfo=UTC)),
        ("2026-05-31T19:57:23.123456789Z", datetime(2026, 5, 31, 19, 57, 23, 123456, tzinfo=UTC)),
        ("2026-05-31T19:57:23+00:00", datetime(2026, 5, 31, 19, 57, 23, tzinfo=UTC)),
        (
            "2026-05-31T21:57:23.5+02:00",
            datetime(2026, 5, 31, 21, 57, 23, 500000, tzinfo=timezone(timedelta(hours=2))),
        ),
        ("2026-05-31T14:27:23-0530", datetime(2026, 5, 31, 14, 27, 23, tzinfo=timezone(timedelta(hours=-5.5)))),
        ("2026-05-31T19:57:23+02", datetime(2026, 5, 31, 19, 57, 23, tzinfo=timezone(timedelta(hours=2)))),
        ("2026-05-31T19:57:23", datetime(2026, 5, 31, 19, 57, 23, tzinfo=UTC)),  # naive: taken as UTC
        ("2026-05-31 19:57", datetime(2026, 5, 31, 19, 57, tzinfo=UTC)),
        (datetime(2026, 1, 1), datetime(2026, 1, 1, tzinfo=UTC)),
    ],
)
def test_timestamps_become_aware_datetimes(text: object, expected: datetime) -> None:
    parsed = parse_timestamp(text)
    assert parsed == expected
    assert parsed is not None
    assert parsed.utcoffset() == expected.utcoffset()


@pytest.mark.parametrize(
    "value",
    [
        None, "", "yesterday", "2026-05-31", "2026-13-01T00:00:00Z", "2026-02-30T00:00:00Z",
        "2026-05-31T25:00:00Z", "2026-05-31T19:57:60Z", "2026-05-31T19:57:23+24:00", "2026-05-31T19:57:23 junk",
        1717185443, True, ["2026-05-31T19:57:23Z"], "9" * 1000,
    ],
)
def test_what_is_not_a_timestamp_is_none(value: object) -> None:
    assert parse_timestamp(value) is None


def test_a_record_kept_as_text_reads_the_same_and_gives_back_the_object() -> None:
    from flowmusic_gui.core.records import JsonText, parse_record_text

    obj = seed_record()
    text = json.dumps(obj, separators=(",", ":"))
    record = parse_record_text(text)
    assert record == parse_record(obj)
    assert isinstance(record.raw, JsonText)
    assert record.raw_dict() == obj
    assert record.raw["jobid"] == JOBID
    assert dict(record.clips[0].raw) == obj["clips"][0]
    assert record.title == parse_record(obj).title


def test_text_that_is_not_a_record_is_noted_not_raised() -> None:
    from flowmusic_gui.core.records import parse_record_text

    for text in ("not json", "[1, 2]", ""):
        record = parse_record_text(text)
        assert record.state is None
        assert record.problems


# -- out-of-range values: shown as missing, with a note, and the other clips kept ------------------------------


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("duration_s", 3e6),
        ("duration_s", 86_400.5),
        ("duration_s", -1),
        ("seed", -5),
        ("seed", 2**64),
        ("seed", 10**300),
        ("created_at", "0001-01-01T00:00:00+23:59"),
        ("created_at", "9999-12-31T23:59:59-23:59"),
        ("created_at", "1850-01-01T00:00:00Z"),
    ],
)
def test_out_of_range_clip_fields_are_missing_with_a_note(field: str, value: object) -> None:
    raw = seed_record()
    raw["clips"].append(copy.deepcopy(raw["clips"][0]))
    raw["clips"][0][field] = value
    rec = parse_record(raw)
    assert getattr(rec.clips[0], field) is None
    assert any(p.startswith(f"clips[0].{field}:") for p in rec.problems), rec.problems
    assert getattr(rec.clips[-1], field) is not None  # the other clip still shows


def test_timing_markers_beyond_a_day_are_dropped_with_a_note() -> None:
    raw = seed_record()
    raw["clips"][0]["lyrics_timing"] = [[0.0, 1.0], [1.0, 1e308], [1e300, 1e308], [2.0, 3.0]]
    rec = parse_record(raw)
    assert rec.clips[0].lyrics_timing == ((0.0, 1.0), (2.0, 3.0))
    assert sum("lyrics_timing[" in p for p in rec.problems) == 2


def test_generation_time_over_a_week_is_missing() -> None:
    raw = seed_record()
    raw["duration_ms"] = 1e300
    rec = parse_record(raw)
    assert rec.duration_ms is None
    assert any(p.startswith("duration_ms:") for p in rec.problems)


def test_json_text_with_nan_and_huge_numbers_parses_without_raising() -> None:
    from flowmusic_gui.core.records import parse_record_text

    text = json.dumps(seed_record()).replace('"duration_s": 173.03', '"duration_s": NaN')
    rec = parse_record_text(text)
    assert rec.clips[0].duration_s is None
    assert any("duration_s" in p for p in rec.problems)

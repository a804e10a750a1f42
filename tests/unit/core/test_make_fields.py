"""The request-field table: every documented range is checked, each problem names its field and range."""

from __future__ import annotations

import pytest

from flowmusic_gui.core.make_fields import (
    FieldRule,
    check_edit,
    check_lyrics_request,
    check_music,
    edit_fields,
    parse_value,
    rule_for,
)

CLIP = "user:1001-demo@flowmusic.local-clip:12345678-1234-4234-8234-123456789abc"


def _fields(problems: list) -> list[str]:
    return [p.field for p in problems]


def test_a_song_needs_a_prompt_of_1_to_10000_characters() -> None:
    assert check_music({"prompt": "lofi"}) == []
    assert _fields(check_music({})) == ["prompt"]
    (problem,) = check_music({"prompt": "x" * 10_001})
    assert str(problem) == "prompt: must be text of 1 to 10,000 characters (got 10,001)"
    assert _fields(check_music({"prompt": "a", "lyrics": "y" * 10_001})) == ["lyrics"]
    assert _fields(check_music({"prompt": "a", "ghostwriter": "genius"})) == ["ghostwriter"]
    assert _fields(check_music({"prompt": "a", "instrumental": "yes"})) == ["instrumental"]
    assert _fields(check_music({"prompt": "a", "instrumental": True, "lyrics": "[Verse]\nla"})) == ["lyrics"]
    assert _fields(check_music({"prompt": "a", "tempo": 120})) == ["tempo"]
    assert check_music({"prompt": "a", "refImage3": "asset", "ghostwriter": "pro", "instrumental": False}) == []


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"operation": "extend", "extend_s": 30}, "instruction"),
        ({"operation": "extend", "instruction": "a bridge", "extend_s": 301}, "extend_s"),
        ({"operation": "extend", "instruction": "a bridge", "extend_s": 0.5}, "extend_s"),
        ({"operation": "replace", "instruction": "x", "mask_start_s": 10, "mask_end_s": 5}, "mask_end_s"),
        ({"operation": "replace", "instruction": "x", "mask_start_s": 10, "mask_end_s": 200}, "mask_end_s"),
        ({"operation": "cover", "strength": 1.5}, "strength"),
        ({"operation": "remix", "prompt": "faster"}, "lyrics"),
        ({"operation": "effect", "effect": "Gain", "gain_db": 31}, "gain_db"),
        ({"operation": "effect", "effect": "Gain", "gain_db": 3, "pan": 0.5}, "pan"),
        ({"operation": "effect", "effect": "Reverb", "mix": -0.1}, "mix"),
        ({"operation": "effect", "effect": "Pan", "pan": 1.2}, "pan"),
        ({"operation": "effect", "effect": "Equalizer", "treble_db": -13}, "treble_db"),
        ({"operation": "effect", "effect": "Fade", "fade_in_s": 0, "fade_out_s": 0}, "fade_in_s"),
        ({"operation": "effect", "effect": "Trim", "start_s": 5, "end_s": 5}, "end_s"),
        ({"operation": "effect", "effect": "Trim", "start_s": 5, "end_s": 181}, "end_s"),
        ({"operation": "effect", "effect": "Chorus"}, "effect"),
        ({"operation": "stems", "seed": 3}, "seed"),
        ({"operation": "extend", "instruction": "x", "seed": -1}, "seed"),
        ({"operation": "shuffle"}, "operation"),
    ],
)
def test_each_edit_field_is_checked_against_its_documented_range(body: dict, field: str) -> None:
    problems = check_edit({"clip": CLIP, **body}, clip_duration_s=180.0)
    assert field in _fields(problems), problems
    assert all(p.message.startswith(p.field + ":") for p in problems)


def test_good_edits_pass() -> None:
    for body in (
        {"operation": "extend", "instruction": "a bridge", "extend_s": 300, "seed": 7, "title": "Longer"},
        {"operation": "replace", "instruction": "x", "mask_start_s": 0, "mask_end_s": 180},
        {"operation": "cover"},
        {"operation": "remix", "lyrics": "[Verse]\nnew words"},
        {"operation": "effect", "effect": "Fade", "fade_out_s": 3},
        {"operation": "effect", "effect": "Trim", "start_s": 0, "end_s": 20},
        {"operation": "stems"},
    ):
        assert check_edit({"clip": CLIP, **body}, clip_duration_s=180.0) == [], body


def test_a_clip_id_is_required_and_must_look_like_one() -> None:
    assert "clip" in _fields(check_edit({"operation": "stems"}))
    assert "clip" in _fields(check_edit({"operation": "stems", "clip": "job:abc"}))


def test_lyrics_requests() -> None:
    assert check_lyrics_request({"prompt": "a song about rain"}) == []
    assert _fields(check_lyrics_request({"prompt": "x" * 2001})) == ["prompt"]


def test_command_line_values_are_parsed_by_the_fields_kind() -> None:
    rules = edit_fields("effect", "Gain")
    gain = rule_for("gain_db", rules)
    assert isinstance(gain, FieldRule) and parse_value(gain, "5") == 5 and parse_value(gain, "-2.5") == -2.5
    with pytest.raises(ValueError, match="gain_db: must be a number from -30 to 30"):
        parse_value(gain, "loud")
    seed = rule_for("seed", rules)
    assert seed is not None and parse_value(seed, "42") == 42
    with pytest.raises(ValueError, match="seed"):
        parse_value(seed, "4.5")
    assert parse_value(FieldRule("instrumental", "bool"), "true") is True

"""The simulator's own checks of `POST /music/edit` fields and ranges (the vendor's Postman collection, as API.md
gives it), and how long each kind of job takes. Written apart from the client's table on purpose: the client's
checks are tested against these, so one mistake cannot hide in both."""

from __future__ import annotations

import math
import random
from typing import Any

OPERATION_KEYS: dict[str, frozenset[str]] = {
    "extend": frozenset({"instruction", "extend_s", "extend_from_s"}),
    "replace": frozenset({"instruction", "mask_start_s", "mask_end_s"}),
    "cover": frozenset({"instruction", "strength"}),
    "remix": frozenset({"lyrics", "prompt"}),
    "effect": frozenset({"effect"}),
    "stems": frozenset(),
}
EFFECT_KEYS: dict[str, frozenset[str]] = {
    "Trim": frozenset({"start_s", "end_s"}),
    "Fade": frozenset({"fade_in_s", "fade_out_s"}),
    "Gain": frozenset({"gain_db"}),
    "Reverb": frozenset({"mix", "room_size"}),
    "Pan": frozenset({"pan"}),
    "Equalizer": frozenset({"bass_db", "mid_db", "treble_db"}),
}
_ALWAYS = frozenset({"clip", "operation", "email", "mode", "replyUrl", "replyRef"})
_SHAPING = frozenset({"title", "seed", "model"})
_RANGES: dict[str, tuple[float | None, float | None]] = {
    "extend_s": (1, 300), "extend_from_s": (0, None), "mask_start_s": (0, None), "mask_end_s": (0, None),
    "strength": (0, 1), "start_s": (0, None), "end_s": (0, None), "fade_in_s": (0, None), "fade_out_s": (0, None),
    "gain_db": (-30, 30), "mix": (0, 1), "room_size": (0, 1), "pan": (-1, 1), "bass_db": (-12, 12),
    "mid_db": (-12, 12), "treble_db": (-12, 12),
}  # fmt: skip


class EditRefused(Exception):
    """A 400: the message names the field."""


def _number(body: dict[str, Any], key: str, required: bool = False) -> float | None:
    value = body.get(key)
    if value is None:
        if required:
            raise EditRefused(f"{key}: required")
        return None
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
        raise EditRefused(f"{key}: must be a number")
    low, high = _RANGES.get(key, (None, None))
    if (low is not None and value < low) or (high is not None and value > high):
        span = f"{low:g} to {high:g}" if high is not None else f"at least {low:g}"
        raise EditRefused(f"{key}: must be {span}, got {value:g}")
    return float(value)


def _text(body: dict[str, Any], key: str, required: bool = False, limit: int = 10_000) -> str | None:
    value = body.get(key)
    if value is None or value == "":
        if required:
            raise EditRefused(f"{key}: required")
        return None
    if not isinstance(value, str):
        raise EditRefused(f"{key}: must be a string")
    if len(value) > limit:
        raise EditRefused(f"{key}: at most {limit:,} characters")
    return value


def check_edit(body: dict[str, Any], operation: str, clip_duration_s: float) -> None:
    """Raise EditRefused naming the first field that is unknown to the operation, missing or out of range."""
    effect = body.get("effect") if operation == "effect" else None
    allowed = _ALWAYS | OPERATION_KEYS[operation] | (frozenset() if operation == "stems" else _SHAPING)
    if operation == "effect":
        if effect not in EFFECT_KEYS:
            raise EditRefused(f"effect: required, one of {', '.join(EFFECT_KEYS)}")
        allowed |= EFFECT_KEYS[str(effect)]
    for key in body:
        if key not in allowed:
            raise EditRefused(f"{key}: not a field of {effect or operation}")
    if operation != "stems":
        seed = body.get("seed")
        if seed is not None and (isinstance(seed, bool) or not isinstance(seed, int) or seed < 0):
            raise EditRefused("seed: must be an integer >= 0")
        _text(body, "title", limit=200)
        model = body.get("model")
        if model is not None and model not in ("lyria-3.5", "lyria-3-pro"):
            raise EditRefused("model: must be lyria-3.5 or lyria-3-pro")
    for key in sorted(OPERATION_KEYS[operation] | (EFFECT_KEYS.get(str(effect), frozenset()))):
        if key in _RANGES:
            _number(body, key)
    if operation in ("extend", "replace"):
        _text(body, "instruction", required=True)
    if operation == "cover":
        _text(body, "instruction")
    if operation == "remix":
        _text(body, "lyrics", required=True)
        _text(body, "prompt")
    if operation == "extend":
        start = _number(body, "extend_from_s")
        if start is not None and start > clip_duration_s:
            raise EditRefused(f"extend_from_s: beyond the clip's end ({clip_duration_s:.2f} s)")
    if operation == "replace":
        start = _number(body, "mask_start_s", required=True) or 0.0
        end = _number(body, "mask_end_s", required=True) or 0.0
        if end <= start:
            raise EditRefused("mask_end_s: must be greater than mask_start_s")
        if end > clip_duration_s:
            raise EditRefused(f"mask_end_s: beyond the clip's end ({clip_duration_s:.2f} s)")
    if effect == "Trim":
        start = _number(body, "start_s", required=True) or 0.0
        end = _number(body, "end_s", required=True) or 0.0
        if end <= start:
            raise EditRefused("end_s: must be greater than start_s")
        if end > clip_duration_s:
            raise EditRefused(f"end_s: beyond the clip's end ({clip_duration_s:.2f} s)")
    if effect == "Fade" and not ((_number(body, "fade_in_s") or 0) > 0 or (_number(body, "fade_out_s") or 0) > 0):
        raise EditRefused("fade_in_s: one of fade_in_s and fade_out_s must be above 0")
    if effect == "Gain":
        _number(body, "gain_db", required=True)
    if effect == "Pan":
        _number(body, "pan", required=True)


def pending_seconds(operation: str | None, rng: random.Random) -> float | None:
    """Generation time for an edit of this operation (None: a song's, as the plan draws it).

    Effects (trims, fades, gain...) finish in seconds; stems in 15-60 s; the others take as long as a song."""
    if operation == "effect":
        return rng.uniform(2.0, 8.0)
    if operation == "stems":
        return rng.uniform(15.0, 60.0)
    return None

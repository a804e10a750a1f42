"""The request fields of `POST /music`, `POST /music/edit` and `POST /music/lyrics`, with API.md's documented
ranges, in one table: the command line and the window check a request against it before anything is sent.

Every check answers a list of :class:`FieldProblem` (the field, and a sentence naming it and its range); an
empty list means the body may be sent. Nothing here raises on bad input.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

__all__ = [
    "EDIT_OPERATIONS",
    "EFFECTS",
    "FieldProblem",
    "FieldRule",
    "check_edit",
    "check_lyrics_request",
    "check_music",
    "edit_fields",
    "music_fields",
    "parse_value",
    "rule_for",
]

PROMPT_MAX = 10_000
LYRICS_MAX = 10_000
LYRICS_PROMPT_MAX = 2_000
STRUCTURE_MAX = 2_000

EDIT_OPERATIONS: tuple[str, ...] = ("extend", "replace", "cover", "remix", "effect", "stems")
EFFECTS: tuple[str, ...] = ("Trim", "Fade", "Gain", "Reverb", "Pan", "Equalizer")
GHOSTWRITERS: tuple[str, ...] = ("standard", "pro")
MODELS: tuple[str, ...] = ("lyria-3.5", "lyria-3-pro")
MODES: tuple[str, ...] = ("sync", "async")

_CLIP_RE = re.compile(
    r"user:[0-9A-Za-z]+-[^\s]+@[^\s]+-clip:[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}"
)


@dataclass(frozen=True)
class FieldRule:
    """One request field: its kind (``text``, ``int``, ``number``, ``bool``, ``choice``) and documented range.

    ``low``/``high`` bound a number (inclusive) or a text's length; ``choices`` list a choice's values.
    """

    name: str
    kind: str
    required: bool = False
    low: float | None = None
    high: float | None = None
    choices: tuple[str, ...] = ()
    label: str = ""

    def range_text(self) -> str:
        """The documented range in words, e.g. "a number from 1 to 300" or "one of standard, pro"."""
        if self.kind == "choice":
            return "one of " + ", ".join(self.choices)
        if self.kind == "bool":
            return "true or false"
        if self.kind == "text":
            if self.high is not None:
                return f"text of {int(self.low or 0):,} to {int(self.high):,} characters"
            return "text"
        what = "a whole number" if self.kind == "int" else "a number"
        if self.low is not None and self.high is not None:
            return f"{what} from {_num(self.low)} to {_num(self.high)}"
        if self.low is not None:
            return f"{what} of {_num(self.low)} or more"
        return what


@dataclass(frozen=True)
class FieldProblem:
    """What is wrong with one field, in a sentence that names it."""

    field: str
    message: str

    def __str__(self) -> str:
        return self.message


def _num(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else str(value)


def _text(name: str, low: int = 0, high: int | None = None, *, required: bool = False) -> FieldRule:
    return FieldRule(name, "text", required, low, high)


def _number(name: str, low: float | None, high: float | None = None, *, required: bool = False) -> FieldRule:
    return FieldRule(name, "number", required, low, high)


# --- the table ---------------------------------------------------------------------------------------------

_COMMON_POST: tuple[FieldRule, ...] = (
    FieldRule("mode", "choice", choices=MODES),
    _text("replyUrl"),
    _text("replyRef", 0, 1_000),
)

MUSIC_FIELDS: tuple[FieldRule, ...] = (
    _text("prompt", 1, PROMPT_MAX, required=True),
    _text("email"),
    FieldRule("instrumental", "bool"),
    _text("lyrics", 0, LYRICS_MAX),
    FieldRule("ghostwriter", "choice", choices=GHOSTWRITERS),
    *(_text(f"refImage{i}") for i in range(1, 11)),
    *(_text(f"refAudio{i}") for i in range(1, 11)),
    *_COMMON_POST,
)

#: Fields every edit takes, and those every edit but stems takes.
_EDIT_BASE: tuple[FieldRule, ...] = (
    _text("clip", required=True),
    FieldRule("operation", "choice", required=True, choices=EDIT_OPERATIONS),
    _text("email"),
    *_COMMON_POST,
)
_EDIT_SHAPING: tuple[FieldRule, ...] = (
    _text("title", 0, 200),
    FieldRule("seed", "int", low=0, high=2**32 - 1),
    FieldRule("model", "choice", choices=MODELS),
)

OPERATION_FIELDS: dict[str, tuple[FieldRule, ...]] = {
    "extend": (
        _text("instruction", 1, PROMPT_MAX, required=True),
        _number("extend_s", 1, 300),
        _number("extend_from_s", 0),
    ),
    "replace": (
        _text("instruction", 1, PROMPT_MAX, required=True),
        _number("mask_start_s", 0, required=True),
        _number("mask_end_s", 0, required=True),
    ),
    "cover": (_text("instruction", 0, PROMPT_MAX), _number("strength", 0, 1)),
    "remix": (_text("lyrics", 1, LYRICS_MAX, required=True), _text("prompt", 1, PROMPT_MAX)),
    "effect": (FieldRule("effect", "choice", required=True, choices=EFFECTS),),
    "stems": (),
}

EFFECT_FIELDS: dict[str, tuple[FieldRule, ...]] = {
    "Trim": (_number("start_s", 0, required=True), _number("end_s", 0, required=True)),
    "Fade": (_number("fade_in_s", 0), _number("fade_out_s", 0)),
    "Gain": (_number("gain_db", -30, 30, required=True),),
    "Reverb": (_number("mix", 0, 1), _number("room_size", 0, 1)),
    "Pan": (_number("pan", -1, 1, required=True),),
    "Equalizer": (_number("bass_db", -12, 12), _number("mid_db", -12, 12), _number("treble_db", -12, 12)),
}

LYRICS_FIELDS: tuple[FieldRule, ...] = (
    _text("prompt", 1, LYRICS_PROMPT_MAX, required=True),
    _text("structure", 0, STRUCTURE_MAX),
    _text("email"),
)


def music_fields() -> tuple[FieldRule, ...]:
    return MUSIC_FIELDS


def edit_fields(operation: str, effect: str | None = None) -> tuple[FieldRule, ...]:
    """The fields an edit of this operation (and effect) reads; unknown operations read only the base."""
    fields = list(_EDIT_BASE)
    if operation != "stems":
        fields += _EDIT_SHAPING
    fields += OPERATION_FIELDS.get(operation, ())
    if operation == "effect" and effect in EFFECT_FIELDS:
        fields += EFFECT_FIELDS[effect]
    return tuple(fields)


def rule_for(name: str, rules: Iterable[FieldRule]) -> FieldRule | None:
    for rule in rules:
        if rule.name == name:
            return rule
    return None


# --- checking ----------------------------------------------------------------------------------------------


def _describe(value: Any) -> str:
    text = repr(value) if isinstance(value, str) else str(value)
    return text if len(text) <= 40 else text[:37] + "..."


def check_value(rule: FieldRule, value: Any) -> FieldProblem | None:
    """The problem with one value of this field, or None when it fits the documented range."""
    name = rule.name
    if rule.kind == "bool":
        if not isinstance(value, bool):
            return FieldProblem(name, f"{name}: must be true or false (got {_describe(value)})")
        return None
    if rule.kind in ("text", "choice"):
        if not isinstance(value, str):
            return FieldProblem(name, f"{name}: must be text (got {type(value).__name__})")
        if rule.kind == "choice":
            if value not in rule.choices:
                return FieldProblem(name, f"{name}: must be {rule.range_text()} (got {_describe(value)})")
            return None
        length = len(value)
        if (rule.low is not None and length < rule.low) or (rule.high is not None and length > rule.high):
            if rule.required and length == 0:
                return FieldProblem(name, f"{name}: required, {rule.range_text()}")
            return FieldProblem(name, f"{name}: must be {rule.range_text()} (got {length:,})")
        return None
    # int / number
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return FieldProblem(name, f"{name}: must be {rule.range_text()} (got {_describe(value)})")
    if rule.kind == "int" and not (isinstance(value, int) or float(value).is_integer()):
        return FieldProblem(name, f"{name}: must be {rule.range_text()} (got {_describe(value)})")
    if isinstance(value, float) and not math.isfinite(value):
        return FieldProblem(name, f"{name}: must be {rule.range_text()} (got {_describe(value)})")
    if (rule.low is not None and value < rule.low) or (rule.high is not None and value > rule.high):
        return FieldProblem(name, f"{name}: must be {rule.range_text()} (got {_num(float(value))})")
    return None


def _check(body: Mapping[str, Any], rules: tuple[FieldRule, ...], what: str) -> list[FieldProblem]:
    problems: list[FieldProblem] = []
    known = {r.name for r in rules}
    for key in body:
        if key not in known:
            names = ", ".join(sorted(k for k in known if k not in ("mode", "replyUrl", "replyRef", "email")))
            problems.append(FieldProblem(str(key), f"{key}: not a field of {what} (its fields: {names})"))
    for rule in rules:
        if rule.name not in body or body[rule.name] is None:
            if rule.required:
                problems.append(FieldProblem(rule.name, f"{rule.name}: required, {rule.range_text()}"))
            continue
        problem = check_value(rule, body[rule.name])
        if problem is not None:
            problems.append(problem)
    return problems


def check_music(body: Mapping[str, Any]) -> list[FieldProblem]:
    """Problems of a `POST /music` body (prompt 1-10,000 characters, lyrics at most 10,000, ...)."""
    if not isinstance(body, Mapping):
        return [FieldProblem("body", "the request must be an object of POST /music fields")]
    problems = _check(body, MUSIC_FIELDS, "POST /music")
    if body.get("instrumental") is True and isinstance(body.get("lyrics"), str) and body["lyrics"].strip():
        problems.append(FieldProblem("lyrics", "lyrics: an instrumental takes no lyrics (lyrics force a vocal render)"))
    return problems


def check_edit(body: Mapping[str, Any], clip_duration_s: float | None = None) -> list[FieldProblem]:
    """Problems of a `POST /music/edit` body; ``clip_duration_s``, when known, bounds the clip's time fields."""
    if not isinstance(body, Mapping):
        return [FieldProblem("body", "the request must be an object of POST /music/edit fields")]
    operation = body.get("operation")
    effect = body.get("effect") if operation == "effect" else None
    what = f"{operation}" if operation in EDIT_OPERATIONS else "POST /music/edit"
    if operation == "effect" and effect in EFFECTS:
        what = f"the {effect} effect"
    problems = _check(body, edit_fields(str(operation), effect if isinstance(effect, str) else None), what)
    clip = body.get("clip")
    if isinstance(clip, str) and clip and not _CLIP_RE.fullmatch(clip):
        problems.append(FieldProblem("clip", f"clip: not a clip id (user:<id>-<email>-clip:<uuid>): {_describe(clip)}"))
    bad = {p.field for p in problems}

    def num(name: str) -> float | None:
        value = body.get(name)
        if name in bad or isinstance(value, bool) or not isinstance(value, (int, float)):
            return None
        return float(value)

    duration = clip_duration_s if clip_duration_s is not None and clip_duration_s > 0 else None

    def within(name: str, value: float | None) -> None:
        if duration is not None and value is not None and value > duration + 1e-6:
            problems.append(
                FieldProblem(name, f"{name}: must be within the clip (at most {duration:.2f} s; got {_num(value)})")
            )

    if operation == "extend":
        within("extend_from_s", num("extend_from_s"))
    elif operation == "replace":
        start, end = num("mask_start_s"), num("mask_end_s")
        if start is not None and end is not None and end <= start:
            problems.append(FieldProblem("mask_end_s", f"mask_end_s: must be after mask_start_s ({_num(start)})"))
        within("mask_end_s", end)
    elif operation == "effect" and effect == "Trim":
        start, end = num("start_s"), num("end_s")
        if start is not None and end is not None and end <= start:
            problems.append(FieldProblem("end_s", f"end_s: must be after start_s ({_num(start)})"))
        within("end_s", end)
    elif operation == "effect" and effect == "Fade":
        fade_in, fade_out = num("fade_in_s"), num("fade_out_s")
        if "fade_in_s" not in bad and "fade_out_s" not in bad and not ((fade_in or 0) > 0 or (fade_out or 0) > 0):
            problems.append(FieldProblem("fade_in_s", "fade_in_s: a Fade needs fade_in_s or fade_out_s above 0"))
        within("fade_in_s", fade_in)
        within("fade_out_s", fade_out)
    return problems


def check_lyrics_request(body: Mapping[str, Any]) -> list[FieldProblem]:
    """Problems of a `POST /music/lyrics` body (prompt 1-2,000 characters, structure at most 2,000)."""
    if not isinstance(body, Mapping):
        return [FieldProblem("body", "the request must be an object of POST /music/lyrics fields")]
    return _check(body, LYRICS_FIELDS, "POST /music/lyrics")


def parse_value(rule: FieldRule, text: str) -> Any:
    """A KEY=VALUE text as the field's JSON value; raises ValueError with a sentence naming the field."""
    if rule.kind in ("text", "choice"):
        return text
    if rule.kind == "bool":
        lowered = text.strip().lower()
        if lowered in ("true", "yes", "1", "on"):
            return True
        if lowered in ("false", "no", "0", "off"):
            return False
        raise ValueError(f"{rule.name}: must be true or false (got {_describe(text)})")
    try:
        value = float(text)
    except ValueError:
        raise ValueError(f"{rule.name}: must be {rule.range_text()} (got {_describe(text)})") from None
    if not math.isfinite(value):
        raise ValueError(f"{rule.name}: must be {rule.range_text()} (got {_describe(text)})")
    if rule.kind == "int":
        if not value.is_integer():
            raise ValueError(f"{rule.name}: must be {rule.range_text()} (got {_describe(text)})")
        return int(value)
    return int(value) if value.is_integer() and "." not in text and "e" not in text.lower() else value

"""Printable API text and strict JSON: what a terminal and a strict parser receive."""

from __future__ import annotations

import json
import math

from hypothesis import given
from hypothesis import strategies as st

from flowmusic_gui.core.output import dumps_strict, one_line, printable, strict_json_text


def test_controls_and_bidi_show_as_escapes() -> None:
    assert printable("a\x1b[2Jb\x07\b\u202eexe.png\u2066") == "a\\x1b[2Jb\\x07\\x08\\u202eexe.png\\u2066"
    assert one_line("  two\r\nlines\tand\x0btab ") == "two lines and tab"
    assert printable("Café — ♪ 日本") == "Café — ♪ 日本"  # ordinary text untouched


@given(st.text())
def test_printable_text_holds_no_control_or_bidi_character(text: str) -> None:
    shown = one_line(text)
    assert "\n" not in shown and "\r" not in shown
    assert not any(ord(c) < 0x20 or 0x7F <= ord(c) <= 0x9F or 0x202A <= ord(c) <= 0x202E
                   or 0x2066 <= ord(c) <= 0x2069 for c in shown)


json_values = st.recursive(
    st.none() | st.booleans() | st.floats() | st.integers() | st.text(),
    lambda inner: st.lists(inner) | st.dictionaries(st.text(), inner),
    max_leaves=20,
)


@given(json_values)
def test_dumps_strict_never_fails_and_a_strict_parser_reads_it(value: object) -> None:
    def refuse(name: str) -> object:
        raise ValueError(name)

    back = json.loads(dumps_strict(value), parse_constant=refuse)
    if isinstance(value, float) and not math.isfinite(value):
        assert back is None


def test_stored_text_is_reencoded_only_when_it_holds_nan() -> None:
    text = '{"a":[1.5,"NaN as text"]}'
    assert strict_json_text('{"a":1}') == '{"a":1}'
    assert json.loads(strict_json_text(text)) == {"a": [1.5, "NaN as text"]}
    assert strict_json_text('{"a":[NaN,Infinity,-Infinity]}') == '{"a":[null,null,null]}'

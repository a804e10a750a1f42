"""Text and JSON that are safe to print: API text with its control characters made visible, strict JSON.

A title holding ESC can move the cursor or retitle a terminal, a CR or backspace can overwrite what was printed,
and a bidirectional override can make ``gnp.exe`` read as ``exe.png``. Printed text shows each such character as
an escape (``\\x1b``, ``\\u202e``) instead. JSON output never holds NaN or Infinity, which strict parsers refuse.
"""

from __future__ import annotations

import json
import math
import re
from typing import Any

# C0 and C1 controls, DEL, and every bidirectional mark, embedding, override and isolate (plus the line and
# paragraph separators a terminal may honour).
_UNSAFE_RE = re.compile(
    "[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]"
)
_WHITESPACE_RE = re.compile(r"[\t\n\v\f\r\x1c-\x1f\x85\u2028\u2029 ]+")


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def printable(text: str) -> str:
    """``text`` with every control and bidirectional character shown as its escape; lines stay as they are."""
    return _UNSAFE_RE.sub(_escape, text)


def one_line(text: str) -> str:
    """``text`` on one line: runs of whitespace (newlines, CR, tabs) become one space, the rest as `printable`."""
    return printable(_WHITESPACE_RE.sub(" ", text).strip())


def finite_json(value: Any) -> Any:
    """``value`` with every NaN and infinity replaced by None, so ``json.dumps(allow_nan=False)`` never fails."""
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, dict):
        return {k: finite_json(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [finite_json(v) for v in value]
    return value


def _json_escape(match: re.Match[str]) -> str:
    return f"\\u{ord(match.group()):04x}"


def dumps_strict(value: Any) -> str:
    """Compact JSON text of ``value`` that any strict parser reads (non-finite numbers become null), and that a
    terminal shows as it is: DEL, C1 controls and bidirectional marks are written as ``\\uXXXX`` escapes (the
    same characters to a JSON reader; JSON itself escapes the C0 controls)."""
    try:
        text = json.dumps(value, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    except ValueError:  # a NaN or infinity somewhere: the walk costs only then
        text = json.dumps(finite_json(value), ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    # Outside its strings JSON is plain ASCII, so every such character sits inside a string.
    return _UNSAFE_RE.sub(_json_escape, text)


def strict_json_text(text: str) -> str:
    """Stored JSON text as strict JSON: unchanged unless it holds NaN or Infinity (``json.dumps``' default)."""
    if "NaN" not in text and "Infinity" not in text:
        return text
    try:
        return dumps_strict(json.loads(text))
    except (ValueError, RecursionError):
        return "null"

"""File names for downloaded songs: a template with placeholders, made safe on Linux, Windows and macOS.

A template such as ``{account}/{date}/{title} ({take}).{format}`` gives a *relative* path: slashes in the
template make folders, while a slash (or ``..``, a drive, a control character) in a title never does. Every
component is capped at 255 bytes in the file system's encoding, counting the ``.part`` suffix a download is
written under, so a long Cyrillic, Japanese or emoji title still makes a name the system accepts.
"""

from __future__ import annotations

import re
import string
import sys
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime, timezone, tzinfo
from pathlib import Path, PurePosixPath

from flowmusic_gui.core.track import Track

__all__ = [
    "DEFAULT_TEMPLATE",
    "MAX_COMPONENT_BYTES",
    "PART_SUFFIX",
    "PLACEHOLDERS",
    "SAMPLE_TRACK",
    "FileNameError",
    "Preview",
    "Template",
    "TemplateError",
    "clean_text",
    "expand_text",
    "field_values",
    "is_inside",
    "preview",
    "render",
    "safe_filename",
    "short_id",
    "unique_path",
]

PLACEHOLDERS: tuple[str, ...] = ("title", "take", "clip", "job", "date", "account", "format")
DEFAULT_TEMPLATE = "{title} ({take}).{format}"
#: What a download is written under until it is complete; it counts against the name's length.
PART_SUFFIX = ".part"
#: The longest name component ext4, NTFS (in UTF-16 units), APFS and HFS+ accept.
MAX_COMPONENT_BYTES = 255
# Room kept for the "_" put before a reserved Windows name.
_RESERVED_PREFIX = "_"

# Characters Windows forbids in a name (macOS's Finder forbids ":"), and the path separators of all three.
_FORBIDDEN = frozenset('<>:"/\\|?*')
# Bidirectional embeddings, overrides, isolates and marks: they make a name read differently from what it is.
_BIDI = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c")
# Invisible format characters that are part of real text: joiners (emoji sequences, Persian, Indic scripts).
_KEEP_FORMAT = frozenset("\u200c\u200d")
_WINDOWS_RESERVED = frozenset(
    {"CON", "PRN", "AUX", "NUL", "CONIN$", "CONOUT$"}
    | {f"{dev}{n}" for dev in ("COM", "LPT") for n in (*"123456789", "¹", "²", "³")}
)
_EMPTY_BRACKETS = re.compile(r"\(\s*\)|\[\s*\]|\{\s*\}")
# What an empty folder component is called, by the first placeholder it holds.
_MISSING_FOLDER = {"date": "undated", "account": "unknown account", "job": "no job", "take": "no take"}


class TemplateError(ValueError):
    """The template cannot be used; the message names the piece and says why."""


class FileNameError(Exception):
    """No free name could be found; the message names the file."""


# --- text ---------------------------------------------------------------------------------------------------


def _keep(ch: str) -> bool:
    if ch in _BIDI:
        return False
    cat = unicodedata.category(ch)
    if cat in ("Cc", "Cs"):
        return False
    # Tag characters (U+E0020..E007F) spell out subdivision flags such as England's.
    return not (cat == "Cf" and ch not in _KEEP_FORMAT and not 0xE0020 <= ord(ch) <= 0xE007F)


def clean_text(text: str, *, multiline: bool = False) -> str:
    """``text`` without control characters, lone surrogates, bidirectional overrides or invisible format
    characters (joiners kept). Line breaks become spaces unless ``multiline``. For names and tags alike."""
    text = unicodedata.normalize("NFC", text)
    out = []
    for ch in text:
        if ch in "\n\r" and multiline:
            out.append("\n" if ch == "\n" else "")
        elif ch in ("\u2028", "\u2029", "\t", "\n", "\r", "\x0b", "\x0c", "\x85"):
            out.append("\n" if multiline else " ")
        elif _keep(ch):
            out.append(ch)
    return "".join(out)


def _encoding(encoding: str | None) -> str:
    return (encoding or sys.getfilesystemencoding() or "utf-8").lower().replace("_", "-")


def _representable(text: str, encoding: str) -> str:
    if encoding in ("utf-8", "utf8"):
        return text
    out = []
    for ch in text:
        try:
            ch.encode(encoding)
        except UnicodeEncodeError:
            ch = "_"
        out.append(ch)
    return "".join(out)


def name_size(name: str, encoding: str | None = None) -> int:
    """The length that counts against the 255 limit: bytes in the file system's encoding, and UTF-16 units of
    the decomposed form (which HFS+ stores), whichever is more."""
    enc = _encoding(encoding)
    size = len(name.encode(enc, errors="replace"))
    decomposed = unicodedata.normalize("NFD", name)
    return max(size, len(decomposed.encode("utf-16-le")) // 2)


def _field_value(text: str) -> str:
    """A placeholder's value: plain one-line text with nothing that could make a folder or hide the file."""
    text = clean_text(text)
    text = "".join(" " if ch in _FORBIDDEN else ch for ch in text)
    return " ".join(text.split()).lstrip(" .")


def _cut(text: str, max_bytes: int, encoding: str | None) -> str:
    """The longest start of ``text`` within ``max_bytes``, never ending inside a character or after a joiner."""
    if name_size(text, encoding) <= max_bytes:
        return text
    lo, hi = 0, len(text)
    while lo < hi:  # the longest prefix that fits
        mid = (lo + hi + 1) // 2
        if name_size(text[:mid], encoding) <= max_bytes:
            lo = mid
        else:
            hi = mid - 1
    out = text[:lo]
    # A cut between a base and its combining marks, or after a joiner, would leave half a symbol.
    while out and (unicodedata.combining(out[-1]) or out[-1] in _KEEP_FORMAT or "\ufe00" <= out[-1] <= "\ufe0f"):
        out = out[:-1]
    return out


def _finish(component: str) -> str:
    """A whole component as every system takes it: no empty brackets, no leading or trailing dots and spaces,
    and no reserved Windows device name (``CON``, ``NUL.txt``...)."""
    component = _EMPTY_BRACKETS.sub("", component)
    component = " ".join(component.split()).strip(" .")
    if component.split(".")[0].rstrip(" ").upper() in _WINDOWS_RESERVED:
        component = _RESERVED_PREFIX + component
    return component


def short_id(identifier: str | None, marker: str) -> str:
    """The first 8 letters and digits of the uuid after ``marker`` (``clip:``, ``job:``) in an id."""
    if not identifier:
        return ""
    tail = identifier.split(marker, 1)[1] if marker in identifier else identifier
    if marker == "job:":
        tail = tail.split("-user:", 1)[0]
    return re.sub(r"[^A-Za-z0-9]", "", tail)[:8]


# --- templates ----------------------------------------------------------------------------------------------

# A piece of a component: literal text, or a placeholder's name.
_Piece = tuple[bool, str]  # (is a placeholder, text or name)


@dataclass(frozen=True)
class Template:
    """A parsed file-name template: components (folders, then the file), each a sequence of pieces."""

    text: str
    components: tuple[tuple[_Piece, ...], ...]

    @classmethod
    def parse(cls, text: str, *, allowed: Sequence[str] = PLACEHOLDERS) -> Template:
        """Raise `TemplateError` naming what is wrong: an unknown placeholder, a lone brace, a format spec."""
        if not isinstance(text, str) or not text.strip():
            raise TemplateError("The template is empty.")
        try:
            parsed = list(string.Formatter().parse(text))
        except ValueError as exc:
            raise TemplateError(f"The template has a lone brace: {exc}. Write {{{{ or }}}} for a brace.") from exc
        components: list[list[_Piece]] = [[]]
        for literal, name, spec, conversion in parsed:
            parts = re.split(r"[/\\]", literal)
            for i, part in enumerate(parts):
                if i:
                    components.append([])
                if part:
                    components[-1].append((False, part))
            if name is None:
                continue
            if name not in allowed:
                known = " ".join("{" + p + "}" for p in allowed)
                raise TemplateError(f"Unknown placeholder {{{name}}}: use one of {known}.")
            if spec or conversion:
                raise TemplateError(f"The placeholder {{{name}}} takes no format (write it as {{{name}}}).")
            components[-1].append((True, name))
        kept = tuple(tuple(c) for c in components if c)
        if not kept:
            raise TemplateError("The template names no file.")
        return cls(text=text, components=kept)


def check_template(text: str) -> str | None:
    """None when the template can be used, else the sentence saying what is wrong."""
    try:
        Template.parse(text)
    except TemplateError as exc:
        return str(exc)
    return None


def _date_text(track: Track, tz: tzinfo | None) -> str:
    if track.created_at is None:
        return ""
    when: datetime = track.created_at
    try:
        return (when.astimezone(tz) if tz is not None else when.astimezone()).date().isoformat()
    except (OverflowError, ValueError, OSError):
        return when.astimezone(timezone.utc).date().isoformat()


def field_values(track: Track, fmt: str, *, tz: tzinfo | None = None) -> dict[str, str]:
    """Each placeholder's text for ``track`` before it is made safe ("" where the source does not say).

    ``{clip}`` and ``{job}`` are the first 8 characters of the id's uuid; ``{take}`` falls back to ``{clip}``
    (the library list has no takes); ``{date}`` is the day the clip was made, in ``tz`` (default: local time).
    """
    clip = short_id(track.clip_id, "clip:")
    return {
        "title": track.title or "",
        "take": track.take or clip,
        "clip": clip,
        "job": short_id(track.jobid, "job:"),
        "date": _date_text(track, tz),
        "account": track.account or "",
        "format": fmt,
    }


def expand_text(template: str, values: dict[str, str]) -> str:
    """A template expanded as plain text, slashes and all (for tags such as the album ``{account}``).

    Raises `TemplateError` as `Template.parse` does."""
    Template.parse(template)  # the same checks and messages as for file names
    return "".join(
        literal + (values.get(name, "") if name is not None else "")
        for literal, name, _spec, _conv in string.Formatter().parse(template)
    )


def _fit_component(
    pieces: Sequence[_Piece], values: dict[str, str], budget: int, encoding: str | None, suffix: str = ""
) -> str:
    """Join the pieces, then, if it is too long, cut the longest placeholder values to one length until it
    fits (the title gives way before the take or the format); literal text is cut only as a last resort."""
    clean = {name: _field_value(value) for name, value in values.items()}

    def joined(limit: int | None) -> str:
        out = []
        for is_field, text in pieces:
            if is_field:
                value = clean.get(text, "")
                out.append(value if limit is None else _cut(value, limit, encoding))
            else:
                out.append("".join(" " if ch in _FORBIDDEN else ch for ch in clean_text(text)))
        return _finish("".join(out) + suffix)

    whole = joined(None)
    if name_size(whole, encoding) <= budget:
        return whole
    longest = max((name_size(clean.get(t, ""), encoding) for f, t in pieces if f), default=0)
    lo, hi = 0, longest
    while lo < hi:  # the largest per-value cap that fits
        mid = (lo + hi + 1) // 2
        if name_size(joined(mid), encoding) <= budget:
            lo = mid
        else:
            hi = mid - 1
    fitted = joined(lo)
    if name_size(fitted, encoding) > budget:
        fitted = _finish(_cut(fitted, budget - len(_RESERVED_PREFIX), encoding))
    return fitted


def _format_text(fmt: str) -> str:
    return re.sub(r"[^A-Za-z0-9]", "", fmt)[:8].lower() or "bin"


def render(
    template: str | Template,
    track: Track,
    fmt: str,
    *,
    counter: int = 1,
    tz: tzinfo | None = None,
    encoding: str | None = None,
    reserve: str = PART_SUFFIX,
) -> PurePosixPath:
    """The relative path ``template`` gives for ``track`` in format ``fmt`` (``mp3``, ``m4a``, ``wav``).

    Always a safe relative path: no component is empty, ``.`` or ``..``, none leaves the folder, and each fits
    in 255 bytes with ``reserve`` added. The file always ends in ``.{fmt}`` (added when the template lacks it).
    ``counter`` > 1 adds `` (counter)`` before the extension, to keep two clips from sharing one name.
    Raises `TemplateError` for a template that cannot be used (check it first with `check_template`).
    """
    tpl = template if isinstance(template, Template) else Template.parse(template)
    fmt = _format_text(fmt)
    values = field_values(track, fmt, tz=tz)
    if not _field_value(values["title"]):
        values["title"] = "Untitled"
    ext = "." + fmt
    *folders, last = tpl.components
    parts: list[str] = []
    for comp in folders:
        name = _fit_component(comp, values, MAX_COMPONENT_BYTES, encoding)
        if not name:
            first = next((t for f, t in comp if f), None)
            if first is None:
                continue  # a literal ".", ".." or blank folder names nothing: leave it out
            name = _MISSING_FOLDER.get(first, "_")
        parts.append(name)
    # The file: its stem from the template (without a closing ".{format}"), then counter, extension, reserve.
    stem_pieces = list(last)
    if len(stem_pieces) >= 2 and stem_pieces[-1] == (True, "format") and not stem_pieces[-2][0]:
        literal = stem_pieces[-2][1]
        if literal.endswith("."):
            stem_pieces[-2] = (False, literal[:-1])
            stem_pieces.pop()
    extra = f" ({counter})" if counter > 1 else ""
    tail = extra + ext
    budget = MAX_COMPONENT_BYTES - name_size(tail + reserve, encoding)
    stem = _fit_component(stem_pieces, values, budget, encoding)
    if not stem:
        stem = "Untitled"
    name = stem + tail
    if name.split(".")[0].rstrip(" ").upper() in _WINDOWS_RESERVED:
        name = _RESERVED_PREFIX + name
    parts.append(_representable(name, _encoding(encoding)))
    return PurePosixPath(*(_representable(p, _encoding(encoding)) for p in parts[:-1]), parts[-1])


def _taken(path: Path) -> bool:
    # A ".part" beside it belongs to a download in progress that will take this name.
    return path.exists() or path.is_symlink() or Path(str(path) + PART_SUFFIX).exists()


def unique_path(
    folder: Path,
    template: str | Template,
    track: Track,
    fmt: str,
    *,
    taken: Callable[[Path], bool] = _taken,
    tz: tzinfo | None = None,
    encoding: str | None = None,
    limit: int = 1000,
) -> Path:
    """The first path under ``folder`` that ``template`` gives for ``track`` and that is not ``taken``
    (by default: a file, or a download in progress, is there): ``Song (A).mp3``, ``Song (A) (2).mp3``...

    The downloads queue passes its own ``taken`` that also counts the names it has handed out and the
    ledger's paths, so two clips never write to one file. Raises `FileNameError` after ``limit`` names.
    """
    tpl = template if isinstance(template, Template) else Template.parse(template)
    for n in range(1, limit + 1):
        path = Path(folder) / render(tpl, track, fmt, counter=n, tz=tz, encoding=encoding)
        if not taken(path):
            return path
    first = render(tpl, track, fmt, tz=tz, encoding=encoding)
    raise FileNameError(f"No free name for {first} in {folder}: {limit} files of that name are already there.")


def is_inside(folder: Path, path: Path) -> bool:
    """True when ``path`` lies within ``folder`` once both are resolved (symbolic links followed)."""
    try:
        return Path(path).resolve().is_relative_to(Path(folder).resolve())
    except (OSError, RuntimeError):
        return False


# --- the Settings dialog's preview --------------------------------------------------------------------------

SAMPLE_TRACK = Track(
    clip_id="user:1-someone@example.com-clip:1f2e3d4c-aaaa-bbbb-cccc-000000000000",
    title="Neon Rain",
    take="A",
    jobid="job:7c9e6679-7425-40de-944b-e07fc1f90ae7-user:1-someone@example.com-bot:flowmusic",
    account="someone@example.com",
    created_at=datetime(2026, 12, 1, 12, 0, tzinfo=timezone.utc),
    prompt="synthwave about a rainy city",
    seed=42,
    lyrics=None,
    lyrics_timing=None,
    duration_s=173.0,
    image_url=None,
)


@dataclass(frozen=True)
class Preview:
    """What a template gives for a sample clip (``path``, with ``/`` between folders), or why it cannot."""

    path: str | None
    problem: str | None


def preview(template: str, track: Track = SAMPLE_TRACK, fmt: str = "mp3") -> Preview:
    """The live preview under the template field: the name it makes, or the problem with it. Never raises."""
    try:
        path = render(template, track, fmt, tz=timezone.utc)
    except TemplateError as exc:
        return Preview(path=None, problem=str(exc))
    return Preview(path=path.as_posix(), problem=None)


# --- exports ------------------------------------------------------------------------------------------------


def safe_filename(title: str | None, clip_id: str | None, ext: str) -> str:
    """A single file name for something saved from a clip: ``Title (abcd1234).ext``, safe as `render` is."""
    track = Track(
        clip_id=clip_id, title=title, take=None, jobid=None, account=None, created_at=None, prompt=None,
        seed=None, lyrics=None, lyrics_timing=None, duration_s=None, image_url=None,
    )
    return render("{title} ({clip}).{format}", track, ext).name

"""Tags a music player shows, written into a downloaded file with mutagen: title, artist, album, date, the
prompt, the seed, the clip and job ids, the cover, the lyrics and, where the timing pairs with the sung lines,
synced lyrics (SYLT in mp3 and in the WAV's ID3 chunk; MP4 has no such atom, so m4a gets an ``.lrc`` beside it).

ID3 is written as version 2.3 with UTF-16 text, the version every player reads. Nothing here raises on bad input:
a problem comes back as a sentence naming the file.
"""

from __future__ import annotations

import logging
import struct
from dataclasses import dataclass
from datetime import tzinfo
from pathlib import Path
from typing import Any

from mutagen import MutagenError

# mutagen's own RIFF chunk editor (what WAVE uses for its ID3 chunk), for the INFO list it does not write.
from mutagen._riff import RiffFile
from mutagen.id3 import (
    APIC,
    COMM,
    ID3,
    SYLT,
    TALB,
    TDRC,
    TIT2,
    TPE1,
    TXXX,
    USLT,
    Encoding,
    PictureType,
)
from mutagen.mp3 import MP3
from mutagen.mp4 import MP4, AtomDataType, MP4Cover, MP4FreeForm
from mutagen.wave import WAVE

from flowmusic_gui.core.filenames import PART_SUFFIX, TemplateError, clean_text, expand_text, field_values
from flowmusic_gui.core.lyrics import lrc_text, pair
from flowmusic_gui.core.safefiles import write_new
from flowmusic_gui.core.track import Track

__all__ = [
    "COVER_MAX_BYTES",
    "FORMATS",
    "ID_FIELDS",
    "SongTags",
    "TagOptions",
    "TagResult",
    "cover_mime",
    "lrc_path",
    "read_identity",
    "song_tags",
    "write_lrc",
    "write_tags",
]

log = logging.getLogger(__name__)

FORMATS = ("mp3", "m4a", "wav")
#: Covers larger than this are not embedded (the served covers are a few hundred KB).
COVER_MAX_BYTES = 4 * 1024 * 1024
# Long texts are kept whole up to here; a hostile megabyte prompt does not need to live in every file.
_MAX_TEXT = 100_000
# Custom fields: TXXX descriptions in ID3, freeform atoms under the iTunes namespace in MP4 (which players
# and ffprobe list as plain tags).
ID_FIELDS = {"clip": "FLOWMUSIC_CLIP_ID", "jobid": "FLOWMUSIC_JOB_ID", "seed": "FLOWMUSIC_SEED"}
_MP4_FREEFORM = "----:com.apple.iTunes:"
# ID3's code for "language unknown": the songs are in any language.
_LANG = "XXX"
_FORMAT_NAMES = {"mp3": "an MP3 file", "m4a": "an M4A (MP4 audio) file", "wav": "a WAV file"}
# What mutagen and the file system raise on files that are not what they claim or cannot be written.
_FILE_ERRORS = (MutagenError, OSError, EOFError, struct.error, ValueError, IndexError, KeyError, TypeError,
                OverflowError, UnicodeError)


@dataclass(frozen=True)
class TagOptions:
    """What Settings says about tags. Templates take the file-name placeholders; a blank one writes nothing."""

    enabled: bool = True
    title: str = "{title}"
    artist: str = "FlowMusic"
    album: str = "{account}"
    embed_cover: bool = True
    max_cover_bytes: int = COVER_MAX_BYTES


@dataclass(frozen=True)
class SongTags:
    """The values written, as plain text (None: not written)."""

    title: str | None
    artist: str | None
    album: str | None
    date: str | None  # YYYY-MM-DD
    comment: str | None  # the prompt
    lyrics: str | None
    synced: tuple[tuple[str, int], ...]  # (line, start in ms) when the timing pairs with the sung lines
    clip: str | None
    jobid: str | None
    seed: str | None
    lrc: str | None  # the synced lyrics as LRC text


@dataclass(frozen=True)
class TagResult:
    """How tagging went. ``keep`` False means the file must not be kept under its name: it is not the format
    it claims, or writing failed half way. ``problems`` say what went wrong, each naming the file."""

    keep: bool
    tagged: bool
    problems: tuple[str, ...] = ()
    lrc: str | None = None  # LRC text for a file beside the media (see `write_lrc`), when the timing pairs


def _one_line(text: str | None) -> str | None:
    if text is None:
        return None
    out = " ".join(clean_text(text).split())[:_MAX_TEXT]
    return out or None


def _many_lines(text: str | None) -> str | None:
    if text is None:
        return None
    out = clean_text(text, multiline=True).strip("\n")[:_MAX_TEXT]
    return out if out.strip() else None


def _expand(template: str, values: dict[str, str], what: str, problems: list[str]) -> str | None:
    if not template.strip():
        return None
    try:
        return _one_line(expand_text(template, values))
    except TemplateError as exc:
        problems.append(f"The {what} template cannot be used: {exc}")
        return None


def song_tags(
    track: Track, fmt: str, options: TagOptions = TagOptions(), *, tz: tzinfo | None = None,
    problems: list[str] | None = None,
) -> SongTags:
    """The tag values for ``track``: what `write_tags` writes, for a preview or a test."""
    notes = problems if problems is not None else []
    values = field_values(track, fmt, tz=tz)
    pairing = pair(track.lyrics, track.lyrics_timing)
    synced: tuple[tuple[str, int], ...] = ()
    lrc = None
    if pairing.paired:
        synced = tuple(
            (_one_line(line.text) or "", round(pairing.markers[line.marker][0] * 1000))
            for line in pairing.lines
            if line.marker is not None
        )
        lrc = lrc_text(pairing, title=_one_line(track.title), duration_s=track.duration_s)
        lrc = clean_text(lrc, multiline=True) if lrc is not None else None
    return SongTags(
        title=_expand(options.title, values, "title", notes),
        artist=_expand(options.artist, values, "artist", notes),
        album=_expand(options.album, values, "album", notes),
        date=values["date"] or None,
        comment=_many_lines(track.prompt),
        lyrics=_many_lines(track.lyrics),
        synced=synced,
        clip=_one_line(track.clip_id),
        jobid=_one_line(track.jobid),
        seed=str(track.seed) if track.seed is not None else None,
        lrc=lrc,
    )


def cover_mime(data: bytes | None) -> str | None:
    """``image/jpeg`` or ``image/png`` from the image's own first bytes; None for anything else."""
    if not data:
        return None
    if data[:3] == b"\xff\xd8\xff" and len(data) > 4:
        return "image/jpeg"
    if data[:8] == b"\x89PNG\r\n\x1a\n" and data[12:16] == b"IHDR":
        return "image/png"
    return None


def _sniff(path: Path) -> str:
    """What a file's first bytes say it is, for the message about a file that is not its format."""
    try:
        with path.open("rb") as f:
            head = f.read(64)
    except OSError:
        return "unreadable"
    stripped = head.lstrip()
    if not head:
        return "empty"
    if head[:3] == b"ID3" or (len(head) > 1 and head[0] == 0xFF and head[1] & 0xE0 == 0xE0):
        return "MP3 audio"
    if head[:4] == b"RIFF" and head[8:12] == b"WAVE":
        return "WAV audio"
    if head[4:8] == b"ftyp":
        return "MP4 audio"
    if stripped[:1] == b"<":
        return "a web page"
    if stripped[:1] in (b"{", b"["):
        return "JSON text"
    if cover_mime(head):
        return "an image"
    return "not audio"


def _display(path: Path, name: str | None) -> str:
    if name:
        return name
    return path.name[: -len(PART_SUFFIX)] if path.name.endswith(PART_SUFFIX) else path.name


# --- writers ------------------------------------------------------------------------------------------------


def _fill_id3(tags: ID3, song: SongTags, cover: tuple[bytes, str] | None) -> None:
    enc = Encoding.UTF16  # ID3v2.3 has no UTF-8
    for key in ("TIT2", "TPE1", "TALB", "TDRC", "TYER", "TDAT", "COMM", "USLT", "SYLT", "APIC",
                *(f"TXXX:{d}" for d in ID_FIELDS.values())):
        tags.delall(key)
    for frame, value in ((TIT2, song.title), (TPE1, song.artist), (TALB, song.album), (TDRC, song.date)):
        if value:
            tags.add(frame(encoding=enc, text=[value]))
    if song.comment:
        tags.add(COMM(encoding=enc, lang=_LANG, desc="", text=[song.comment]))
    if song.lyrics:
        tags.add(USLT(encoding=enc, lang=_LANG, desc="", text=song.lyrics))
    if song.synced:
        tags.add(SYLT(encoding=enc, lang=_LANG, format=2, type=1, desc="", text=list(song.synced)))
    for key, desc in ID_FIELDS.items():
        value = getattr(song, key)
        if value:
            tags.add(TXXX(encoding=enc, desc=desc, text=[value]))
    if cover is not None:
        data, mime = cover
        tags.add(APIC(encoding=enc, mime=mime, type=PictureType.COVER_FRONT, desc="Cover", data=data))


def _write_mp3(path: Path, song: SongTags, cover: tuple[bytes, str] | None) -> None:
    audio = MP3(path)
    if audio.tags is None:
        audio.add_tags()
    assert isinstance(audio.tags, ID3)
    _fill_id3(audio.tags, song, cover)
    audio.save(v2_version=3)


# RIFF INFO fields: what Windows, many players and ffprobe read for a WAV (they skip its ID3 chunk's text).
_INFO_FIELDS = (("INAM", "title"), ("IART", "artist"), ("IPRD", "album"), ("ICRD", "date"), ("ICMT", "comment"))


def _info_chunk(song: SongTags) -> bytes:
    out = [b"INFO"]
    for key, attr in _INFO_FIELDS:
        value = getattr(song, attr)
        if not value:
            continue
        data = value.encode("utf-8")[:_MAX_TEXT] + b"\0"
        out.append(key.encode("ascii") + struct.pack("<I", len(data)) + data + b"\0" * (len(data) % 2))
    return b"".join(out)


def _write_wav(path: Path, song: SongTags, cover: tuple[bytes, str] | None) -> None:
    audio = WAVE(path)
    if audio.tags is None:
        audio.add_tags()
    assert isinstance(audio.tags, ID3)
    _fill_id3(audio.tags, song, cover)
    audio.save(v2_version=3)
    with path.open("r+b") as f:
        riff = RiffFile(f)
        for chunk in list(riff.root.subchunks()):
            if chunk.id == "LIST" and getattr(chunk, "name", None) == "INFO":
                chunk.delete()
        riff.insert_chunk("LIST", _info_chunk(song))


def _write_m4a(path: Path, song: SongTags, cover: tuple[bytes, str] | None) -> None:
    audio = MP4(path)
    if audio.tags is None:
        audio.add_tags()
    tags: Any = audio.tags
    for key, value in (("©nam", song.title), ("©ART", song.artist), ("©alb", song.album), ("©day", song.date),
                       ("©cmt", song.comment), ("©lyr", song.lyrics)):
        tags.pop(key, None)
        if value:
            tags[key] = [value]
    for key, desc in ID_FIELDS.items():
        value = getattr(song, key)
        tags.pop(_MP4_FREEFORM + desc, None)
        if value:
            tags[_MP4_FREEFORM + desc] = [MP4FreeForm(value.encode("utf-8"), dataformat=AtomDataType.UTF8)]
    tags.pop("covr", None)
    if cover is not None:
        data, mime = cover
        kind = MP4Cover.FORMAT_PNG if mime == "image/png" else MP4Cover.FORMAT_JPEG
        tags["covr"] = [MP4Cover(data, imageformat=kind)]
    audio.save()


_WRITERS = {"mp3": _write_mp3, "wav": _write_wav, "m4a": _write_m4a}
_READERS: dict[str, Any] = {"mp3": MP3, "wav": WAVE, "m4a": MP4}


def _check_format(path: Path, fmt: str, shown: str) -> str | None:
    """None when the file really is ``fmt``; else the sentence that says what it is instead."""
    try:
        audio = _READERS[fmt](path)
    except _FILE_ERRORS:
        audio = None
    if audio is not None and getattr(audio.info, "length", 0) > 0:
        return None
    return f"{shown} is not {_FORMAT_NAMES[fmt]} (its content is {_sniff(path)}); it was not kept."


def write_tags(
    path: Path,
    fmt: str,
    track: Track,
    options: TagOptions = TagOptions(),
    *,
    cover: bytes | None = None,
    name: str | None = None,
    tz: tzinfo | None = None,
) -> TagResult:
    """Check that ``path`` really is ``fmt`` (``mp3``, ``m4a`` or ``wav``) and write the tags into it, in place.

    Called on the ``.part`` file before it is renamed into place; ``name`` is the final name, for messages
    (default: ``path``'s name without ``.part``). ``cover`` is the image as served: embedded when it is a
    JPEG or PNG within ``options.max_cover_bytes``, else left out with a problem noted. With
    ``options.enabled`` False only the format is checked. Never raises.
    """
    path = Path(path)
    shown = _display(path, name)
    if fmt not in _WRITERS:
        return TagResult(keep=False, tagged=False, problems=(f"{shown}: unknown format {fmt!r}.",))
    wrong = _check_format(path, fmt, shown)
    if wrong is not None:
        return TagResult(keep=False, tagged=False, problems=(wrong,))
    problems: list[str] = []
    song = song_tags(track, fmt, options, tz=tz, problems=problems)
    if not options.enabled:
        return TagResult(keep=True, tagged=False, lrc=song.lrc)
    picture: tuple[bytes, str] | None = None
    if cover is not None and options.embed_cover:
        mime = cover_mime(cover)
        if mime is None:
            problems.append(f"{shown}: the cover is not a JPEG or PNG image, so none was embedded.")
        elif len(cover) > options.max_cover_bytes:
            problems.append(
                f"{shown}: the cover is too large to embed ({len(cover)} bytes, over {options.max_cover_bytes})."
            )
        else:
            picture = (cover, mime)
    try:
        _WRITERS[fmt](path, song, picture)
    except _FILE_ERRORS as exc:
        # mutagen rewrites the file in place: after a failed write it may be damaged, so it is not kept.
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc) or type(exc).__name__
        problems.append(f"Could not write the tags of {shown}: {reason}.")
        return TagResult(keep=False, tagged=False, problems=tuple(problems), lrc=song.lrc)
    except Exception as exc:  # a mutagen bug on a strange file must not end a whole library run
        log.exception("Unexpected error tagging %s", shown)
        problems.append(f"Could not write the tags of {shown}: {type(exc).__name__}.")
        return TagResult(keep=False, tagged=False, problems=tuple(problems), lrc=song.lrc)
    return TagResult(keep=True, tagged=True, problems=tuple(problems), lrc=song.lrc)


# --- beside the file and reading back ------------------------------------------------------------------------


def lrc_path(media: Path) -> Path:
    """Where the synced lyrics of ``media`` go: the same name with ``.lrc``, as players look for them."""
    return Path(media).with_suffix(".lrc")


def write_lrc(media: Path, text: str, *, replace: bool = False) -> str | None:
    """Write ``text`` beside the finished ``media`` file (atomically, never through a link); None, or the problem
    naming the file. A ``.lrc`` already there is replaced only when ``replace`` (the app wrote it, for this clip):
    a user's own file is kept."""
    target = lrc_path(media)
    try:
        written = write_new(target, text.encode("utf-8"), replace=replace)
    except OSError as exc:
        return f"Could not save the synced lyrics {target.name}: {exc.strerror or exc}."
    if not written:
        return f"{target.name} was already there and was kept; the synced lyrics of {media.name} were not saved."
    return None


def read_identity(path: Path, fmt: str) -> tuple[str | None, str | None]:
    """(clip id, jobid) as tagged in the file, or None for each that is not there. Never raises.

    Lets a moved or renamed file the user points at be recognised as the clip it holds.
    """
    try:
        audio = _READERS[fmt](path)
    except (*_FILE_ERRORS, KeyError):
        return None, None
    tags: Any = audio.tags
    if tags is None:
        return None, None
    out: list[str | None] = []
    for key in ("clip", "jobid"):
        desc = ID_FIELDS[key]
        value: str | None = None
        if fmt == "m4a":
            items = tags.get(_MP4_FREEFORM + desc) or []
            value = bytes(items[0]).decode("utf-8", "replace") if items else None
        else:
            frame = tags.get(f"TXXX:{desc}")
            value = str(frame.text[0]) if frame is not None and frame.text else None
        out.append(value)
    return out[0], out[1]

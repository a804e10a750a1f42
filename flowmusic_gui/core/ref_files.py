"""Reference images and audio for a new song (``refImage1..10``, ``refAudio1..10`` of ``POST /music``): which
files the API takes, told by their first bytes (a name can lie), checked for size before anything is sent, and
read for the upload (``POST /files``). Standard library only; the window and the command line share it."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

#: The media types `POST /files` takes (API.md), and what a person calls them.
IMAGE_TYPES = ("image/jpeg", "image/png", "image/webp")
AUDIO_TYPES = ("audio/mpeg", "audio/wav", "audio/mp4", "audio/x-m4a", "audio/aac")
KINDS_TEXT = "JPEG, PNG or WebP images; mp3, WAV, m4a/MP4 or AAC audio"
#: References of each kind one request takes.
MAX_PER_KIND = 10
#: The largest file uploaded as a reference. The API documents no limit; 20 MB holds two minutes of CD-quality
#: WAV and any cover, and a bigger upload would hold a slot of the form for long on a slow line.
MAX_BYTES = 20 * 1024 * 1024
#: Bytes read to tell a file's type.
HEAD_BYTES = 64


@dataclass(frozen=True)
class RefFile:
    """A file fit to upload: its path, name, size and media type (``kind``: "image" or "audio")."""

    path: str
    name: str
    size: int
    content_type: str

    @property
    def kind(self) -> str:
        return "image" if self.content_type.startswith("image/") else "audio"

    @property
    def field_prefix(self) -> str:
        return "refImage" if self.kind == "image" else "refAudio"


def sniff(head: bytes, name: str = "") -> str | None:
    """The media type of a file from its first bytes (``name`` only tells m4a from MP4); None if the API does not
    take it."""
    if head.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "image/webp"
    if head[:4] in (b"RIFF", b"RF64") and head[8:12] == b"WAVE":
        return "audio/wav"
    if head[4:8] == b"ftyp":
        return "audio/x-m4a" if name.lower().endswith(".m4a") or head[8:11] == b"M4A" else "audio/mp4"
    if head.startswith(b"ID3"):
        return "audio/mpeg"
    if len(head) >= 2 and head[0] == 0xFF and head[1] & 0xF6 == 0xF0:  # ADTS: sync word, layer 00
        return "audio/aac"
    if len(head) >= 2 and head[0] == 0xFF and head[1] & 0xE0 == 0xE0:  # an MPEG audio frame (mp3)
        return "audio/mpeg"
    return None


def size_text(size: int) -> str:
    return f"{size / (1024 * 1024):.1f} MB" if size >= 100 * 1024 else f"{max(1, round(size / 1024))} KB"


@dataclass(frozen=True)
class RefProblem:
    """Why a file cannot be a reference: ``why`` is one of not_file, unreadable, empty, too_big, type, changed;
    ``detail`` the system's words or the size. ``message`` says it in English, naming the file."""

    name: str
    why: str
    detail: str = ""

    @property
    def message(self) -> str:
        texts = {
            "not_file": "not a file",
            "unreadable": f"cannot be read ({self.detail})",
            "empty": "the file is empty",
            "too_big": f"{self.detail}, over the {size_text(MAX_BYTES)} a reference may be",
            "type": f"not a file the API takes as a reference ({KINDS_TEXT})",
            "changed": "the file changed since it was added; add it again",
        }
        return f"{self.name}: {texts.get(self.why, self.why)}"


def check_file(path: str | os.PathLike[str]) -> RefFile | RefProblem:
    """A file fit to upload, or what is wrong with it (naming it). Reads the first bytes only."""
    p = Path(path)
    name = p.name or str(p)
    try:
        st = p.stat()
        if not p.is_file():
            return RefProblem(name, "not_file")
        with p.open("rb") as f:
            head = f.read(HEAD_BYTES)
    except OSError as exc:
        return RefProblem(name, "unreadable", str(exc.strerror or exc))
    if st.st_size == 0:
        return RefProblem(name, "empty")
    if st.st_size > MAX_BYTES:
        return RefProblem(name, "too_big", size_text(st.st_size))
    content_type = sniff(head, name)
    if content_type is None:
        return RefProblem(name, "type")
    return RefFile(str(p), name, st.st_size, content_type)


def read_for_upload(ref: RefFile) -> bytes | RefProblem:
    """The file's bytes for ``POST /files``, or what is wrong (gone, grown past the limit, changed type)."""
    try:
        with open(ref.path, "rb") as f:
            data = f.read(MAX_BYTES + 1)
    except OSError as exc:
        return RefProblem(ref.name, "unreadable", str(exc.strerror or exc))
    if len(data) > MAX_BYTES:
        return RefProblem(ref.name, "too_big", size_text(len(data)))
    if not data:
        return RefProblem(ref.name, "empty")
    if sniff(data[:HEAD_BYTES], ref.name) != ref.content_type:
        return RefProblem(ref.name, "changed")
    return data


def ref_fields(assets: list[tuple[str, str]]) -> dict[str, str]:
    """The request's ``refImageN``/``refAudioN`` fields for (kind, asset id) pairs, numbered per kind in order."""
    fields: dict[str, str] = {}
    counts = {"image": 0, "audio": 0}
    for kind, asset in assets:
        counts[kind] += 1
        fields[f"{'refImage' if kind == 'image' else 'refAudio'}{counts[kind]}"] = asset
    return fields


def too_many(kinds: list[str]) -> str | None:
    """A sentence when more than ``MAX_PER_KIND`` references of one kind are given, else None."""
    for kind, word in (("image", "images"), ("audio", "audio files")):
        n = kinds.count(kind)
        if n > MAX_PER_KIND:
            return f"at most {MAX_PER_KIND} reference {word} per song ({n} given)"
    return None

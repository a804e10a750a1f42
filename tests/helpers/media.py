"""Real media for tests, made with ffmpeg, and ffprobe as an independent reader of what was written."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

# ffprobe's demuxer names for our formats (a ".part" name says nothing to it).
_DEMUXERS = {"mp3": "mp3", "m4a": "mp4", "wav": "wav"}


def _ffmpeg(*args: str) -> None:
    if shutil.which("ffmpeg") is None:
        pytest.fail("ffmpeg is missing: scripts/test.sh installs it (Debian package ffmpeg)")
    subprocess.run(["ffmpeg", "-v", "error", "-y", *args], check=True, timeout=120)


def make_song(path: Path, seconds: float = 3.0) -> Path:
    """A stereo sine of ``seconds`` in the format of ``path``'s suffix (mp3, m4a or wav)."""
    _ffmpeg("-f", "lavfi", "-i", f"sine=frequency=440:duration={seconds}", "-ac", "2", "-ar", "44100", str(path))
    return path


def make_image(path: Path, color: str = "red", size: int = 64) -> Path:
    """A one-colour picture; the suffix (.png or .jpg) chooses the codec."""
    _ffmpeg("-f", "lavfi", "-i", f"color=c={color}:s={size}x{size}", "-frames:v", "1", str(path))
    return path


def ffprobe(path: Path, fmt: str) -> dict[str, Any]:
    """ffprobe's view: {"tags": format tags (lower-cased keys), "pictures": codec names of attached pictures,
    "audio": codec names of audio streams, "duration": seconds}."""
    out = subprocess.run(
        ["ffprobe", "-v", "error", "-f", _DEMUXERS[fmt], "-show_entries",
         "format=duration:format_tags:stream=codec_type,codec_name:stream_disposition=attached_pic",
         "-of", "json", str(path)],
        check=True, capture_output=True, text=True, timeout=60,
    )
    data = json.loads(out.stdout)
    streams = data.get("streams", [])
    return {
        "tags": {k.lower(): v for k, v in data.get("format", {}).get("tags", {}).items()},
        "pictures": [s["codec_name"] for s in streams if s.get("disposition", {}).get("attached_pic")],
        "audio": [s["codec_name"] for s in streams if s.get("codec_type") == "audio"],
        "duration": float(data.get("format", {}).get("duration", 0)),
    }

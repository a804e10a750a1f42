"""Generated media: WAVs exactly as long as announced, real m4a and mp3 read by independent readers (mutagen,
ffprobe), valid PNGs distinct per key, all quick to make."""

from __future__ import annotations

import io
import json
import shutil
import struct
import subprocess
import time
import wave
import zlib
from pathlib import Path
from typing import Any

import mutagen
import mutagen.mp3
import mutagen.mp4
import pytest

from flowmusic_gui.simulator.media import jpeg_cover, make_m4a, make_mp3, make_png, make_wav


@pytest.mark.parametrize("duration", [12.0, 17.25, 30.0])
def test_wav_is_exactly_as_long_as_asked(duration: float) -> None:
    with wave.open(io.BytesIO(make_wav(11, duration))) as w:
        assert (w.getnchannels(), w.getsampwidth(), w.getframerate()) == (2, 2, 44100)
        assert w.getnframes() / w.getframerate() == duration
        frames = w.readframes(w.getnframes())
    assert any(frames[i] for i in range(0, len(frames), 997))  # not silence


def test_wavs_differ_by_seed_and_are_quick() -> None:
    started = time.perf_counter()
    a = make_wav(1234567, 180.0)
    elapsed = time.perf_counter() - started
    assert a != make_wav(7654321, 180.0)
    assert elapsed < 2.0  # a three-minute song: about 0.2 s here, with room for a loaded CI machine


@pytest.mark.parametrize("duration", [4.25, 173.03])
def test_m4a_is_aac_in_mp4_as_long_as_asked(tmp_path: Path, duration: float) -> None:
    data = make_m4a(duration, "Neon Rain")
    path = tmp_path / "a.m4a"
    path.write_bytes(data)
    audio = mutagen.File(path)
    assert isinstance(audio, mutagen.mp4.MP4)
    info: Any = audio.info  # mutagen's stubs type it None
    assert info.codec == "mp4a.40.2"  # AAC-LC
    assert (info.sample_rate, info.channels) == (44100, 2)
    assert abs(info.length - duration) < 0.03  # whole 1024-sample frames
    assert audio.tags is not None and audio.tags["\xa9nam"] == ["Neon Rain"]


@pytest.mark.parametrize("duration", [4.25, 173.03])
def test_mp3_is_mpeg_audio_as_long_as_asked(tmp_path: Path, duration: float) -> None:
    path = tmp_path / "a.mp3"
    path.write_bytes(make_mp3(duration))
    audio = mutagen.File(path)
    assert isinstance(audio, mutagen.mp3.MP3)
    info: Any = audio.info  # mutagen's stubs type it None
    assert (info.layer, info.sample_rate, info.channels) == (3, 44100, 2)
    assert abs(info.length - duration) < 0.03


def test_long_media_are_quick_to_make() -> None:
    started = time.perf_counter()
    make_m4a(180.0)
    make_mp3(180.0)
    assert time.perf_counter() - started < 1.0  # frames are copied, never encoded: milliseconds here


def test_jpeg_cover_is_a_jpeg() -> None:
    data = jpeg_cover()
    assert data[:3] == b"\xff\xd8\xff" and data[-2:] == b"\xff\xd9"


@pytest.mark.skipif(shutil.which("ffprobe") is None, reason="ffprobe (Debian ffmpeg) is not installed")
def test_ffprobe_decodes_every_medium_to_the_end(tmp_path: Path) -> None:
    files = {"a.m4a": make_m4a(6.0), "a.mp3": make_mp3(6.0), "a.wav": make_wav(3, 6.0), "c.jpg": jpeg_cover()}
    expected = {"a.m4a": "aac", "a.mp3": "mp3", "a.wav": "pcm_s16le", "c.jpg": "mjpeg"}
    for name, data in files.items():
        path = tmp_path / name
        path.write_bytes(data)
        probe = subprocess.run(
            ["ffprobe", "-v", "error", "-show_entries", "stream=codec_name,sample_rate,channels:format=duration",
             "-of", "json", str(path)],
            capture_output=True, text=True, timeout=60, check=True,
        )  # fmt: skip
        info = json.loads(probe.stdout)
        assert info["streams"][0]["codec_name"] == expected[name]
        if name.startswith("a."):
            assert info["streams"][0]["channels"] == 2 and info["streams"][0]["sample_rate"] == "44100"
            assert abs(float(info["format"]["duration"]) - 6.0) < 0.05
            # A full decode, so a broken frame anywhere would be reported.
            decode = subprocess.run(
                ["ffmpeg", "-v", "error", "-i", str(path), "-f", "null", "-"],
                capture_output=True, text=True, timeout=60, check=False,
            )  # fmt: skip
            assert decode.returncode == 0 and decode.stderr == "", decode.stderr


def decode_png(data: bytes) -> tuple[int, int, bytes]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    pos, width, height, idat = 8, 0, 0, b""
    while pos < len(data):
        (length,) = struct.unpack(">I", data[pos : pos + 4])
        kind, body = data[pos + 4 : pos + 8], data[pos + 8 : pos + 8 + length]
        (crc,) = struct.unpack(">I", data[pos + 8 + length : pos + 12 + length])
        assert zlib.crc32(kind + body) == crc
        if kind == b"IHDR":
            width, height = struct.unpack(">II", body[:8])
        elif kind == b"IDAT":
            idat += body
        pos += 12 + length
    return width, height, zlib.decompress(idat)


def test_png_is_valid_and_distinct_per_key() -> None:
    started = time.perf_counter()
    a = make_png("clip-a")
    assert time.perf_counter() - started < 1.0
    width, height, raw = decode_png(a)
    assert (width, height) == (256, 256)
    assert len(raw) == height * (1 + 3 * width)
    assert len(set(raw)) > 50  # a picture, not a flat colour
    assert make_png("clip-a") == a
    assert make_png("clip-b") != a

"""Generated media: WAVs exactly as long as announced, valid PNGs distinct per key, both quick to make."""

from __future__ import annotations

import io
import struct
import time
import wave
import zlib

import pytest

from flowmusic_gui.simulator.media import make_png, make_wav


@pytest.mark.parametrize("duration", [12.0, 17.25, 30.0])
def test_wav_is_exactly_as_long_as_asked(duration: float) -> None:
    with wave.open(io.BytesIO(make_wav(11, duration))) as w:
        assert w.getnchannels() == 1
        assert w.getsampwidth() == 2
        assert w.getnframes() / w.getframerate() == duration
        frames = w.readframes(w.getnframes())
    assert any(frames[i] for i in range(0, len(frames), 997))  # not silence


def test_wavs_differ_by_seed_and_are_quick() -> None:
    started = time.perf_counter()
    a = make_wav(1234567, 30.0)
    elapsed = time.perf_counter() - started
    assert a != make_wav(7654321, 30.0)
    assert elapsed < 1.0  # about 10 ms here; the budget is 0.3 s, with room for a loaded CI machine


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

"""Media the simulator serves: PNG covers and WAV tunes made on the standard library, deterministic per clip."""

from __future__ import annotations

import hashlib
import io
import math
import random
import struct
import sys
import wave
import zlib
from array import array
from functools import lru_cache

#: 16 kHz mono 16-bit: small files that any player (and the `wave` module) reads.
SAMPLE_RATE = 16000
SAMPLE_WIDTH = 2
COVER_SIZE = 256

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"

_AMPLITUDE = 9000
# Beat lengths in samples (0.2 to 0.375 s): few of them, so cached notes are shared between clips.
_BEATS = (3200, 4000, 4800, 6000)
# Major pentatonic degrees: any walk over them sounds like a tune rather than noise.
_PENTATONIC = (0, 2, 4, 7, 9, 12, 14, 16, 19, 21)


def frames_for(duration_s: float) -> int:
    """The number of audio frames of a clip lasting ``duration_s`` (exact for quarter-second durations)."""
    return round(duration_s * SAMPLE_RATE)


@lru_cache(maxsize=512)
def _note(midi: int, length: int) -> bytes:
    """One plucked note of ``length`` samples as little-endian 16-bit PCM.

    Built from whole periods of a precomputed waveform, each run of periods scaled by the envelope at once,
    so the cost is per period, not per sample; amplitude steps fall on zero crossings, so they do not click.
    """
    freq = 440.0 * 2.0 ** ((midi - 69) / 12)
    period = max(4, round(SAMPLE_RATE / freq))
    shape = [
        math.sin(2 * math.pi * k / period)
        + 0.35 * math.sin(4 * math.pi * k / period)
        + 0.15 * math.sin(6 * math.pi * k / period)
        for k in range(period)
    ]
    peak = max(abs(v) for v in shape) or 1.0
    periods = length // period
    runs = 24
    per_run = max(1, periods // runs)
    out = bytearray()
    done = 0
    while done < periods:
        count = min(per_run, periods - done)
        t = done / periods
        amp = _AMPLITUDE * (0.55 if done == 0 else 1.0) * math.exp(-3.5 * t) / peak
        run = array("h", [int(v * amp) for v in shape])
        if sys.byteorder == "big":
            run.byteswap()
        out += run.tobytes() * count
        done += count
    out += bytes(SAMPLE_WIDTH * (length - periods * period))
    return bytes(out)


def make_wav(seed: int, duration_s: float) -> bytes:
    """A short tune as a WAV file whose length is exactly ``frames_for(duration_s)`` frames."""
    rng = random.Random(seed)
    frames = frames_for(duration_s)
    beat = rng.choice(_BEATS)
    root = rng.randrange(55, 67)
    phrase_len = rng.choice((8, 12, 16))
    degree = rng.randrange(len(_PENTATONIC))
    phrase: list[int | None] = []
    for _ in range(phrase_len):
        degree = min(len(_PENTATONIC) - 1, max(0, degree + rng.choice((-2, -1, -1, 0, 1, 1, 2))))
        phrase.append(None if rng.random() < 0.12 else root + _PENTATONIC[degree])
    rest = bytes(SAMPLE_WIDTH * beat)
    chunks: list[bytes] = []
    total = 0
    need = frames * SAMPLE_WIDTH
    i = 0
    while total < need:
        midi = phrase[i % phrase_len]
        # Every other pass an octave lower, so the repeat is not a loop the ear catches at once.
        if midi is not None and (i // phrase_len) % 2 == 1:
            midi -= 12
        chunk = rest if midi is None else _note(midi, beat)
        chunks.append(chunk)
        total += len(chunk)
        i += 1
    pcm = b"".join(chunks)[:need]
    buf = io.BytesIO()
    with wave.open(buf, "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(SAMPLE_WIDTH)
        w.setframerate(SAMPLE_RATE)
        w.writeframes(pcm)
    return buf.getvalue()


def _png_chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)


def _triangle() -> bytes:
    # 0..255..0 over 512 steps, so a 256-long slice at any offset is a smooth band.
    up = bytes(range(0, 256, 2)) + bytes(range(255, 0, -2))
    return up * 4


_TRIANGLE = _triangle()


def make_png(key: str, size: int = COVER_SIZE) -> bytes:
    """A ``size`` x ``size`` RGB cover: diagonal colour bands and a record-like disc, all from ``key``'s hash.

    Rows are made with ``bytes.translate`` over a precomputed base row, so a cover costs milliseconds.
    """
    h = hashlib.sha256(key.encode("utf-8")).digest()
    channels: list[tuple[bytes, bytes, int]] = []
    for c in range(3):
        fx = 1 + h[c] % 5
        phase = h[3 + c]
        lo = h[6 + c] % 96
        hi = 160 + h[9 + c] % 96
        # Maps a band position 0..255 into this channel's colour range; doubled so any offset slices 256.
        ramp = bytes(lo + (hi - lo) * _TRIANGLE[v] // 255 for v in range(256))
        base = bytes((x * fx + phase) % 256 for x in range(size))
        channels.append((base, ramp + ramp, 1 + h[12 + c] % 4))
    dark = bytes(v // 4 for v in range(256))
    shade = bytes(v * 3 // 5 for v in range(256))
    cx = size // 2 + (h[16] % 32) - 16
    cy = size // 2 + (h[17] % 32) - 16
    radius = size // 4 + h[18] % (size // 6)
    hole = max(4, radius // 5)
    raw = bytearray()
    row = bytearray(size * 3)
    for y in range(size):
        for c, (base, ramp2, fy) in enumerate(channels):
            off = (y * fy) % 256
            row[c::3] = base.translate(ramp2[off : off + 256])
        dy = y - cy
        if abs(dy) < radius:
            half = int(math.sqrt(radius * radius - dy * dy))
            x0, x1 = max(0, cx - half), min(size, cx + half)
            if x1 > x0:
                row[3 * x0 : 3 * x1] = bytes(row[3 * x0 : 3 * x1]).translate(dark)
            if abs(dy) < hole:
                half = int(math.sqrt(hole * hole - dy * dy))
                x0, x1 = max(0, cx - half), min(size, cx + half)
                if x1 > x0:
                    row[3 * x0 : 3 * x1] = bytes(row[3 * x0 : 3 * x1]).translate(shade)
        raw += b"\x00" + row  # filter type 0 (none) for every scanline
    ihdr = struct.pack(">IIBBBBB", size, size, 8, 2, 0, 0, 0)
    return (
        PNG_SIGNATURE
        + _png_chunk(b"IHDR", ihdr)
        + _png_chunk(b"IDAT", zlib.compress(bytes(raw), 6))
        + _png_chunk(b"IEND", b"")
    )

"""Media the simulator serves, deterministic per clip, in the formats the real service uses.

- ``wav_url``: 44.1 kHz, 16-bit, stereo PCM WAV, synthesised here on the standard library (a plucked tune).
- ``audio_url``: AAC-LC in an MP4 container (.m4a). ``/music/download``: MPEG-1 Layer III (.mp3).
  The standard library cannot encode either, so the package ships one short encoded loop of each
  (``assets/loop.aac``, ADTS, and ``assets/loop.mp3``, made once by ``scripts/make_sim_media.py`` with ffmpeg
  and committed, about 200 kB together). Any length is assembled from whole frames of those loops: MP3 frames
  (encoded without a bit reservoir) simply concatenate, and the AAC frames are wrapped in an MP4 container by
  the small muxer below. So a fresh machine serves real m4a and mp3 with no encoder installed, and a
  three-minute song costs a few milliseconds, not seconds of encoding.
- Covers: PNG made here, and one shipped JPEG (``assets/cover.jpg``) for the clips that get a JPEG.
"""

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
from importlib import resources

#: 44.1 kHz stereo 16-bit: what the model renders.
SAMPLE_RATE = 44100
CHANNELS = 2
SAMPLE_WIDTH = 2
COVER_SIZE = 256
#: Samples per AAC frame and per MPEG-1 Layer III frame.
AAC_FRAME = 1024
MP3_FRAME = 1152
#: The encoded loops' length in samples: a whole number of both frame sizes (lcm 9216), about 7.9 s.
LOOP_FRAMES = 9216 * 38

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"

_AMPLITUDE = 9000
# Beat lengths in samples (0.2 to 0.375 s): few of them, so cached notes are shared between clips.
_BEATS = (8820, 11025, 13230, 16538)
# Major pentatonic degrees: any walk over them sounds like a tune rather than noise.
_PENTATONIC = (0, 2, 4, 7, 9, 12, 14, 16, 19, 21)
_FRAME_BYTES = CHANNELS * SAMPLE_WIDTH


def frames_for(duration_s: float) -> int:
    """The number of audio frames of a clip lasting ``duration_s`` (exact for quarter-second durations)."""
    return round(duration_s * SAMPLE_RATE)


@lru_cache(maxsize=512)
def _note(midi: int, length: int) -> bytes:
    """One plucked note of ``length`` frames as little-endian 16-bit stereo PCM (the right channel softer).

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
        run = array("h", [s for v in shape for s in (int(v * amp), int(v * amp * 0.8))])
        if sys.byteorder == "big":
            run.byteswap()
        out += run.tobytes() * count
        done += count
    out += bytes(_FRAME_BYTES * (length - periods * period))
    return bytes(out)


def make_wav(seed: int, duration_s: float) -> bytes:
    """A tune as a 44.1 kHz stereo WAV file whose length is exactly ``frames_for(duration_s)`` frames."""
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
    rest = bytes(_FRAME_BYTES * beat)
    # One pass of the phrase (and its octave-lower repeat) is made once, then repeated: a song is mostly
    # repetition, and this keeps a three-minute WAV (31 MB) to a few tens of milliseconds.
    cycle: list[bytes] = []
    for i in range(2 * phrase_len):
        midi = phrase[i % phrase_len]
        # Every other pass an octave lower, so the repeat is not a loop the ear catches at once.
        if midi is not None and i >= phrase_len:
            midi -= 12
        cycle.append(rest if midi is None else _note(midi, beat))
    one = b"".join(cycle)
    need = frames * _FRAME_BYTES
    pcm = one * (need // len(one) + 1)
    buf = io.BytesIO()
    with wave.open(buf, "wb") as w:
        w.setnchannels(CHANNELS)
        w.setsampwidth(SAMPLE_WIDTH)
        w.setframerate(SAMPLE_RATE)
        w.writeframes(memoryview(pcm)[:need])
    return buf.getvalue()


# --- the encoded loops ----------------------------------------------------------------------------


def _asset(name: str) -> bytes:
    return resources.files("flowmusic_gui.simulator").joinpath("assets", name).read_bytes()


@lru_cache(maxsize=1)
def _aac_loop() -> tuple[bytes, tuple[bytes, ...]]:
    """(AudioSpecificConfig, the raw AAC frames) of the shipped ADTS loop."""
    data = _asset("loop.aac")
    frames: list[bytes] = []
    asc = b""
    pos = 0
    while pos + 7 <= len(data):
        h = data[pos : pos + 9]
        if h[0] != 0xFF or h[1] & 0xF0 != 0xF0:
            raise ValueError(f"loop.aac: no ADTS sync word at byte {pos}")
        header_len = 7 if h[1] & 1 else 9
        length = ((h[3] & 0x03) << 11) | (h[4] << 3) | (h[5] >> 5)
        if not asc:
            obj = (h[2] >> 6) + 1
            rate_index = (h[2] >> 2) & 0x0F
            channels = ((h[2] & 1) << 2) | (h[3] >> 6)
            asc = struct.pack(">H", (obj << 11) | (rate_index << 7) | (channels << 3))
        frames.append(data[pos + header_len : pos + length])
        pos += length
    # The encoder's first frame is its priming and the last its flush: neither belongs in a repeat.
    return asc, tuple(frames[1:-1])


_MP3_BITRATES = (0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320)
_MP3_RATES = (44100, 48000, 32000)


@lru_cache(maxsize=1)
def _mp3_loop() -> tuple[bytes, ...]:
    """The MPEG-1 Layer III frames of the shipped loop."""
    data = _asset("loop.mp3")
    frames: list[bytes] = []
    pos = 0
    while pos + 4 <= len(data):
        b1, b2 = data[pos + 1], data[pos + 2]
        if data[pos] != 0xFF or b1 & 0xFE != 0xFA:  # sync, MPEG-1, Layer III
            raise ValueError(f"loop.mp3: no MPEG-1 Layer III frame at byte {pos}")
        bitrate = _MP3_BITRATES[b2 >> 4] * 1000
        rate = _MP3_RATES[(b2 >> 2) & 3]
        length = 144 * bitrate // rate + ((b2 >> 1) & 1)
        frames.append(data[pos : pos + length])
        pos += length
    return tuple(frames[1:-1])


def _cycled(frames: tuple[bytes, ...], count: int) -> list[bytes]:
    return [frames[i % len(frames)] for i in range(count)]


def make_mp3(duration_s: float) -> bytes:
    """An MP3 (44.1 kHz stereo, constant bit rate) as close to ``duration_s`` as whole frames allow."""
    count = max(1, round(duration_s * SAMPLE_RATE / MP3_FRAME))
    return b"".join(_cycled(_mp3_loop(), count))


def _box(kind: bytes, *parts: bytes) -> bytes:
    body = b"".join(parts)
    return struct.pack(">I", 8 + len(body)) + kind + body


def _full_box(kind: bytes, version: int, flags: int, *parts: bytes) -> bytes:
    return _box(kind, struct.pack(">I", (version << 24) | flags), *parts)


def _descriptor(tag: int, body: bytes) -> bytes:
    # The 4-byte length form that every MP4 writer uses; readers accept it for any size.
    n = len(body)
    size = bytes([0x80 | (n >> 21) & 0x7F, 0x80 | (n >> 14) & 0x7F, 0x80 | (n >> 7) & 0x7F, n & 0x7F])
    return bytes([tag]) + size + body


_MATRIX = struct.pack(">9I", 0x10000, 0, 0, 0, 0x10000, 0, 0, 0, 0x40000000)


def make_m4a(duration_s: float, title: str = "") -> bytes:
    """AAC-LC in an MP4 container (an .m4a), as close to ``duration_s`` as whole AAC frames allow.

    One track, one chunk, the movie header before the media data (as a streaming server serves it), and the
    title in iTunes-style metadata when given.
    """
    asc, loop = _aac_loop()
    count = max(1, round(duration_s * SAMPLE_RATE / AAC_FRAME))
    frames = _cycled(loop, count)
    samples = count * AAC_FRAME
    ms = samples * 1000 // SAMPLE_RATE
    avg_bitrate = sum(len(f) for f in frames) * 8 * SAMPLE_RATE // samples
    es = _descriptor(
        0x03,
        struct.pack(">HB", 1, 0)
        + _descriptor(
            0x04,
            struct.pack(">BB", 0x40, 0x15)  # MPEG-4 audio, audio stream
            + struct.pack(">I", max(len(f) for f in frames))[1:]
            + struct.pack(">II", avg_bitrate, avg_bitrate)
            + _descriptor(0x05, asc),
        )
        + _descriptor(0x06, b"\x02"),
    )
    mp4a = _box(
        b"mp4a",
        bytes(6), struct.pack(">H", 1), bytes(8),
        struct.pack(">HHHHI", CHANNELS, 16, 0, 0, SAMPLE_RATE << 16),
        _full_box(b"esds", 0, 0, es),
    )  # fmt: skip

    def moov(chunk_offset: int) -> bytes:
        stbl = _box(
            b"stbl",
            _full_box(b"stsd", 0, 0, struct.pack(">I", 1), mp4a),
            _full_box(b"stts", 0, 0, struct.pack(">III", 1, count, AAC_FRAME)),
            _full_box(b"stsc", 0, 0, struct.pack(">IIII", 1, 1, count, 1)),
            _full_box(b"stsz", 0, 0, struct.pack(">II", 0, count), struct.pack(f">{count}I", *map(len, frames))),
            _full_box(b"stco", 0, 0, struct.pack(">II", 1, chunk_offset)),
        )
        minf = _box(
            b"minf",
            _full_box(b"smhd", 0, 0, struct.pack(">HH", 0, 0)),
            _box(b"dinf", _full_box(b"dref", 0, 0, struct.pack(">I", 1), _full_box(b"url ", 0, 1))),
            stbl,
        )
        mdia = _box(
            b"mdia",
            _full_box(b"mdhd", 0, 0, struct.pack(">IIIIHH", 0, 0, SAMPLE_RATE, samples, 0x55C4, 0)),
            _full_box(b"hdlr", 0, 0, struct.pack(">I4s12x", 0, b"soun"), b"SoundHandler\x00"),
            minf,
        )
        tkhd = _full_box(
            b"tkhd", 0, 3, struct.pack(">IIIII", 0, 0, 1, 0, ms), bytes(8),
            struct.pack(">hhHH", 0, 0, 0x0100, 0), _MATRIX, struct.pack(">II", 0, 0),
        )  # fmt: skip
        mvhd = _full_box(
            b"mvhd", 0, 0, struct.pack(">IIII", 0, 0, 1000, ms), struct.pack(">IH", 0x10000, 0x0100), bytes(10),
            _MATRIX, bytes(24), struct.pack(">I", 2),
        )  # fmt: skip
        parts = [mvhd, _box(b"trak", tkhd, mdia)]
        if title:
            text = title.encode("utf-8")
            nam = _box(b"\xa9nam", _box(b"data", struct.pack(">II", 1, 0), text))
            ilst = _box(b"ilst", nam)
            hdlr = _full_box(b"hdlr", 0, 0, struct.pack(">I4s12x", 0, b"mdir"), b"\x00")
            parts.append(_box(b"udta", _full_box(b"meta", 0, 0, hdlr, ilst)))
        return _box(b"moov", *parts)

    ftyp = _box(b"ftyp", b"M4A ", struct.pack(">I", 0x200), b"M4A ", b"mp42", b"isom")
    size = len(ftyp) + len(moov(0)) + 8  # the offset field's width does not depend on its value
    return ftyp + moov(size) + _box(b"mdat", *frames)


def jpeg_cover() -> bytes:
    """The shipped JPEG cover (256 x 256)."""
    return _asset("cover.jpg")


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

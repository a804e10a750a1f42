"""Benchmark: tag a 3-minute song (title, ids, lyrics, synced lyrics, a 1024x1024 JPEG cover); exits 1 when
tagging the mp3 takes over the target (median of the runs).

Run from the repository root: ``python bench/tags.py`` (``--runs N``, ``--target-ms MS``). Needs ffmpeg, which
makes the media (a sine at 128 kb/s for the mp3, AAC for the m4a, 16-bit PCM for the WAV).
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import replace
from datetime import timezone
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

# After the path tweak, so that the script runs from a plain checkout too.
from flowmusic_gui.core.filenames import SAMPLE_TRACK
from flowmusic_gui.core.tags import write_tags

TARGET_MS = 50.0
SECONDS = 180
LINES = 40


def ffmpeg(*args: str) -> None:
    subprocess.run(["ffmpeg", "-v", "error", "-y", *args], check=True, timeout=300)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=21)
    parser.add_argument("--target-ms", type=float, default=TARGET_MS)
    args = parser.parse_args()
    if shutil.which("ffmpeg") is None:
        print("ffmpeg is needed (Debian package ffmpeg)", file=sys.stderr)
        return 2
    lyrics = "\n".join(["[Verse 1]"] + [f"Line number {i} of the song, sung in the rain" for i in range(LINES)])
    timing = tuple((i * 4.0 + 1, i * 4.0 + 3.5) for i in range(LINES))
    track = replace(SAMPLE_TRACK, lyrics=lyrics, lyrics_timing=timing, prompt="synthwave, rain, city " * 20)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        src = {}
        for fmt, extra in (("mp3", ["-b:a", "128k"]), ("m4a", ["-b:a", "192k"]), ("wav", [])):
            src[fmt] = folder / f"source.{fmt}"
            ffmpeg("-f", "lavfi", "-i", f"sine=frequency=440:duration={SECONDS}", "-ac", "2", "-ar", "44100",
                   *extra, str(src[fmt]))
        cover_path = folder / "cover.jpg"
        ffmpeg("-f", "lavfi", "-i", "mandelbrot=size=1024x1024", "-frames:v", "1", "-q:v", "1", str(cover_path))
        cover = cover_path.read_bytes()
        print(f"{SECONDS} s songs: " + ", ".join(f"{f} {p.stat().st_size / 1e6:.1f} MB" for f, p in src.items())
              + f"; cover {len(cover) / 1e3:.0f} KB JPEG; {LINES} synced lines; {args.runs} runs each")
        print("| format | best (ms) | median (ms) | retag median (ms) |")
        print("| --- | ---: | ---: | ---: |")
        medians = {}
        for fmt in ("mp3", "m4a", "wav"):
            first: list[float] = []
            again: list[float] = []
            for _ in range(args.runs):
                path = folder / f"song.{fmt}.part"
                shutil.copyfile(src[fmt], path)  # a fresh download, untagged (the copy is not timed)
                for times in (first, again):
                    t0 = time.perf_counter()
                    result = write_tags(path, fmt, track, cover=cover, tz=timezone.utc)
                    times.append((time.perf_counter() - t0) * 1000)
                    if not (result.keep and result.tagged) or result.problems:
                        print(f"tagging failed: {result}", file=sys.stderr)
                        return 1
            medians[fmt] = statistics.median(first)
            print(f"| {fmt} | {min(first):.1f} | {medians[fmt]:.1f} | {statistics.median(again):.1f} |")
    ok = medians["mp3"] < args.target_ms
    print(f"mp3 median {medians['mp3']:.1f} ms, target < {args.target_ms:.0f} ms: {'met' if ok else 'MISSED'}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())

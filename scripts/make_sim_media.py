"""Makes the simulator's encoded loops (AAC, MP3) and its JPEG cover, once, with ffmpeg; the results are committed.

The standard library cannot encode AAC or MP3, so the simulator ships a short loop of each and assembles any
length from whole frames (see flowmusic_gui/simulator/media.py). Run again only to change the loops:

    python scripts/make_sim_media.py      # needs ffmpeg (Debian: apt-get install ffmpeg)
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from flowmusic_gui.simulator.media import LOOP_FRAMES, make_png, make_wav  # noqa: E402

ASSETS = REPO / "flowmusic_gui" / "simulator" / "assets"


def run(*args: str) -> None:
    subprocess.run(["ffmpeg", "-hide_banner", "-loglevel", "error", "-y", *args], check=True)


def main() -> int:
    ASSETS.mkdir(exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        wav = Path(tmp) / "loop.wav"
        wav.write_bytes(make_wav(20260601, LOOP_FRAMES / 44100))
        # ADTS: each AAC frame carries its own 7-byte header, so the simulator can split frames with no demuxer.
        run("-i", str(wav), "-c:a", "aac", "-b:a", "96k", "-f", "adts", str(ASSETS / "loop.aac"))
        # No bit reservoir: every MP3 frame decodes on its own, so frames can be repeated in any order.
        run("-i", str(wav), "-c:a", "libmp3lame", "-b:a", "96k", "-reservoir", "0", "-write_xing", "0",
            "-id3v2_version", "0", "-f", "mp3", str(ASSETS / "loop.mp3"))  # fmt: skip
        png = Path(tmp) / "cover.png"
        png.write_bytes(make_png("flowmusic-simulator-jpeg-cover"))
        run("-i", str(png), "-q:v", "4", str(ASSETS / "cover.jpg"))
    for name in ("loop.aac", "loop.mp3", "cover.jpg"):
        print(f"{name}: {(ASSETS / name).stat().st_size} bytes")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

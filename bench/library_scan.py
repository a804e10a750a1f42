"""Benchmark: recognise the library's own files in the download folder by the clip id in their tags; exits 1 when
the first scan of FILES tagged files, or a second scan of the unchanged folder, takes over its target.

Run from the repository root: ``python bench/library_scan.py`` (``--files N``). The files are copies of the
simulator's mp3 (a real MPEG stream), each tagged with its own clip id through ``core.tags.write_tags``, spread
over a few folders as a user who sorts their songs would have them.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

# After the path tweak, so that the script runs from a plain checkout too.
from flowmusic_gui.core.filenames import SAMPLE_TRACK
from flowmusic_gui.core.tags import TagOptions, write_tags
from flowmusic_gui.engine.library_index import FolderIndex

FIRST_TARGET_MS_PER_FILE = 3.0  # reading the tags of a file never seen
SECOND_TARGET_MS = 100.0  # the whole unchanged folder listed again, no tag read


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=int, default=1000)
    args = parser.parse_args(argv)
    source = Path(__file__).resolve().parent.parent / "flowmusic_gui" / "simulator" / "assets" / "loop.mp3"
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "Music"
        template = Path(tmp) / "tagged.mp3"
        shutil.copyfile(source, template)
        options = TagOptions(embed_cover=False)
        for n in range(args.files):
            sub = folder / f"sorted {n % 7}" / f"{2020 + n % 5}"
            sub.mkdir(parents=True, exist_ok=True)
            path = sub / f"song {n}.mp3"
            shutil.copyfile(template, path)
            track = replace(SAMPLE_TRACK, clip_id=f"user:1-a@b.c-clip:{n:08d}-0000-4000-8000-000000000000")
            write_tags(path, "mp3", track, options)
        index = FolderIndex()
        started = time.perf_counter()
        first = index.scan(folder)
        first_ms = (time.perf_counter() - started) * 1000
        started = time.perf_counter()
        second = index.scan(folder)
        second_ms = (time.perf_counter() - started) * 1000
    per_file = first_ms / max(1, args.files)
    ok = per_file <= FIRST_TARGET_MS_PER_FILE and second_ms <= SECOND_TARGET_MS and len(first.found) == args.files
    print("| files | first scan | per file | second scan (unchanged) | tags read again | target |")
    print(f"| {args.files} | {first_ms:.0f} ms | {per_file:.2f} ms | {second_ms:.0f} ms | {second.read} | "
          f"{'met' if ok else 'MISSED'} |")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())

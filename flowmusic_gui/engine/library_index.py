"""The download folder's own files, recognised by the clip id in their tags, wherever the user moved them.

Every file the app downloads carries its clip id (``FLOWMUSIC_CLIP_ID``). A user who renames or moves one inside
the download folder still has it; the ledger only knows where it was put. :class:`FolderIndex` walks the folder
(off the GUI thread: the downloads' planning lane), reads the tags of each audio file it has not seen in that size
and modification time, and answers "where is clip X as format F now". Results are kept per file, so a second scan
of an unchanged folder only lists it. A file whose tag was removed is not recognised, and is fetched again.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from flowmusic_gui.core.filenames import PART_SUFFIX

__all__ = ["AUDIO_SUFFIXES", "FolderIndex", "ScanResult"]

#: The file endings a download can have, and the format each one is.
AUDIO_SUFFIXES = {".mp3": "mp3", ".m4a": "m4a", ".wav": "wav"}
#: How many folders deep a scan goes (slashes in the name template make folders; nobody nests deeper).
MAX_DEPTH = 12


@dataclass(frozen=True)
class ScanResult:
    """What one walk of the folder found: (clip id, format) -> the file that holds it, and the counts."""

    found: dict[tuple[str, str], Path]
    files: int  # audio files looked at
    read: int  # of which the tags were read now (new or changed since the last scan)
    stopped: bool = False  # the walk was cut short (the app is closing)


class FolderIndex:
    """Which clip each audio file under a folder holds, by its tags; kept per (path, size, mtime).

    Thread-safe; meant to run on one worker lane. ``read`` reads (clip id, jobid) from a file (the tag reader of
    ``core.tags`` by default), so a test can count what was read.
    """

    def __init__(self, read: Callable[[Path, str], tuple[str | None, str | None]] | None = None) -> None:
        if read is None:
            from flowmusic_gui.core.tags import read_identity

            read = read_identity
        self._read = read
        self._lock = threading.Lock()
        self._known: dict[str, tuple[int, int, str | None]] = {}  # path -> (size, mtime_ns, clip id)

    def scan(self, folder: Path, stop: Callable[[], bool] = lambda: False) -> ScanResult:
        """Walk ``folder`` once; the clip held by each tagged audio file (the newest file wins a tie)."""
        found: dict[tuple[str, str], tuple[int, Path]] = {}
        files = read = 0
        seen: set[str] = set()
        stopped = False
        for path, fmt, size, mtime in _audio_files(Path(folder)):
            if stop():
                stopped = True
                break
            files += 1
            key = os.fsdecode(path)
            seen.add(key)
            with self._lock:
                known = self._known.get(key)
            if known is not None and known[:2] == (size, mtime):
                clip = known[2]
            else:
                clip, _jobid = self._read(path, fmt)
                read += 1
                with self._lock:
                    self._known[key] = (size, mtime, clip)
            if clip:
                previous = found.get((clip, fmt))
                if previous is None or previous[0] < mtime:
                    found[(clip, fmt)] = (mtime, path)
        if not stopped:
            # Files gone since the last scan of this folder are forgotten.
            prefix = os.fsdecode(Path(folder)) + os.sep
            with self._lock:
                for key in [k for k in self._known if k.startswith(prefix) and k not in seen]:
                    del self._known[key]
        return ScanResult({k: p for k, (_m, p) in found.items()}, files, read, stopped)


def _audio_files(folder: Path) -> Iterator[tuple[Path, str, int, int]]:
    """(path, format, size, mtime_ns) of every audio file under ``folder``; hidden folders, partial files and
    links are left out, and a folder that cannot be read is skipped."""
    stack: list[tuple[Path, int]] = [(folder, 0)]
    while stack:
        current, depth = stack.pop()
        try:
            with os.scandir(current) as entries:
                listed = list(entries)
        except OSError:
            continue
        for entry in listed:
            name = entry.name
            if name.startswith("."):
                continue
            try:
                if entry.is_symlink():
                    continue
                if entry.is_dir(follow_symlinks=False):
                    if depth < MAX_DEPTH:
                        stack.append((Path(entry.path), depth + 1))
                    continue
                if name.endswith(PART_SUFFIX):
                    continue
                fmt = AUDIO_SUFFIXES.get(os.path.splitext(name)[1].lower())
                if fmt is None:
                    continue
                st = entry.stat(follow_symlinks=False)
            except OSError:
                continue
            yield Path(entry.path), fmt, st.st_size, st.st_mtime_ns

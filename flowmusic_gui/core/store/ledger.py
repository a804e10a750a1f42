"""The ``downloads`` table, the ledger: which file each finished (clip, format) download was put in.

"Already downloaded" is the ledger's entry *and* the file still there with that size: ``downloaded`` looks at
the disk, so like every store call it belongs off the GUI thread.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from flowmusic_gui.core.store.database import Database
from flowmusic_gui.core.store.schema import (
    CHUNK,
    UNFINISHED,
    DownloadState,
    StoreRefused,
    blob_path,
    check_download,
    chunks,
    parse_time,
    path_blob,
    path_key,
    time_text,
    unique_ids,
    utcnow,
)


@dataclass(frozen=True)
class LedgerEntry:
    """A finished download as the ledger knows it: where the file was put, its size, when."""

    clip: str
    format: str
    path: Path
    size: int
    finished_at: datetime
    jobid: str | None


class LedgerRepository(Database):
    """Finished downloads, one per (clip, format)."""

    def record_download(
        self, clip: str, fmt: str, path: Path, size: int, *, jobid: str | None = None,
        finished_at: datetime | None = None,
    ) -> LedgerEntry:
        """Enter a finished file (replacing an earlier entry for the same clip and format), and mark the
        queue's row for it done, in one transaction."""
        check_download(clip, fmt)
        if isinstance(size, bool) or not isinstance(size, int) or size < 0:
            raise ValueError(f"size must be a whole number of bytes >= 0, got {size!r}")
        when = finished_at if finished_at is not None else utcnow()
        stamp = time_text(when)
        with self._write() as conn:
            conn.execute(
                "INSERT INTO downloads (clip, format, path, path_key, size, finished_at, jobid)"
                " VALUES (?, ?, ?, ?, ?, ?, ?)"
                " ON CONFLICT (clip, format) DO UPDATE SET path = excluded.path, path_key = excluded.path_key,"
                " size = excluded.size, finished_at = excluded.finished_at,"
                " jobid = coalesce(excluded.jobid, downloads.jobid)",
                (clip, fmt, path_blob(path), path_key(path), size, stamp, jobid),
            )
            conn.execute(
                "UPDATE download_queue SET state = ?, bytes_done = ?, total = ?, problem = NULL, updated_at = ?"
                " WHERE clip = ? AND format = ?",
                (DownloadState.DONE.value, size, size, stamp, clip, fmt),
            )
        entry = self.ledger_entry(clip, fmt)
        assert entry is not None
        return entry

    def ledger_entry(self, clip: str, fmt: str) -> LedgerEntry | None:
        """What the ledger says about (clip, format), without looking at the disk."""
        rows = self._read(
            "SELECT clip, format, path, size, finished_at, jobid FROM downloads WHERE clip = ? AND format = ?",
            (clip, fmt),
        )
        return self._entry(rows[0]) if rows else None

    def ledger(self, clips: Iterable[str] | None = None) -> list[LedgerEntry]:
        """Every ledger entry (or those of ``clips``), most recently finished first."""
        if clips is None:
            rows = self._read("SELECT clip, format, path, size, finished_at, jobid FROM downloads")
        else:
            ids = unique_ids(clips)
            rows = []
            for chunk in chunks(ids, CHUNK):
                marks = ",".join("?" * len(chunk))
                rows.extend(self._read(
                    f"SELECT clip, format, path, size, finished_at, jobid FROM downloads WHERE clip IN ({marks})",
                    chunk,
                ))
        entries = [self._entry(r) for r in rows]
        entries.sort(key=lambda e: e.finished_at, reverse=True)
        return entries

    def downloaded(self, clip: str, fmt: str) -> LedgerEntry | None:
        """The entry when (clip, format) is already downloaded: in the ledger, and a file of that size is
        still at its path. None otherwise (never entered, or the file is gone or changed)."""
        entry = self.ledger_entry(clip, fmt)
        if entry is None:
            return None
        try:
            st = entry.path.stat()
        except OSError:
            return None
        return entry if st.st_size == entry.size and entry.path.is_file() else None

    def relocate_download(self, clip: str, fmt: str, path: Path) -> LedgerEntry:
        """The user says (clip, format) is now ``path`` (renamed, moved, retagged): record it there with its
        present size, so it is not fetched again. Raises ``StoreRefused`` naming the file if it is not there,
        and ``KeyError`` if the ledger has no such download."""
        path = Path(path)
        try:
            size = path.stat().st_size
        except OSError as exc:
            raise StoreRefused(f"Cannot find {path}: {exc.strerror or exc}") from exc
        if not path.is_file():
            raise StoreRefused(f"{path} is not a file")
        with self._write() as conn:
            cur = conn.execute(
                "UPDATE downloads SET path = ?, path_key = ?, size = ? WHERE clip = ? AND format = ?",
                (path_blob(path), path_key(path), size, clip, fmt),
            )
            if cur.rowcount == 0:
                raise KeyError((clip, fmt))
        entry = self.ledger_entry(clip, fmt)
        assert entry is not None
        return entry

    def forget_download(self, clip: str, fmt: str) -> bool:
        """Drop (clip, format) from the ledger (the next request fetches it again); True if it was there."""
        with self._write() as conn:
            return conn.execute("DELETE FROM downloads WHERE clip = ? AND format = ?", (clip, fmt)).rowcount > 0

    def path_owner(self, path: Path) -> tuple[str, str] | None:
        """The (clip, format) the ledger or an unfinished queued download has at ``path``, if any: lets a
        new name skip paths that belong to another clip even before their file exists. Names that differ
        only in letter case count as the same path."""
        key = path_key(path)
        rows = self._read("SELECT clip, format FROM downloads WHERE path_key = ? LIMIT 1", (key,))
        if not rows:
            rows = self._read(
                "SELECT clip, format FROM download_queue WHERE target_key = ? AND state IN (?, ?) LIMIT 1",
                (key, *UNFINISHED),
            )
        return (rows[0][0], rows[0][1]) if rows else None

    @staticmethod
    def _entry(row: Sequence[Any]) -> LedgerEntry:
        clip, fmt, path, size, finished, jobid = row
        return LedgerEntry(
            clip=clip, format=fmt, path=blob_path(path), size=int(size),
            finished_at=parse_time(finished) or datetime.fromtimestamp(0, timezone.utc), jobid=jobid,
        )

"""The keepers: which takes of a tracked job the user starred (the ``kept`` column of ``jobs``), so the star
survives a restart and "kept takes only" downloads know what to fetch, in the window and the command line alike."""

from __future__ import annotations

from collections.abc import Iterable

from flowmusic_gui.core.store.database import Database
from flowmusic_gui.core.store.schema import CHUNK, MAX_KEPT, chunks, kept_from_text, kept_text, unique_ids


class KeepersRepository(Database):
    """Starred takes, per tracked job."""

    def set_kept(self, jobid: str, clip: str, kept: bool) -> tuple[str, ...] | None:
        """Star (``kept``) or unstar one take of a job; returns the job's kept takes after the change, or None
        when the job is not tracked (removed meanwhile: nothing is written). Read and written in one
        transaction, so a window and a command line starring takes of one job at once lose neither."""
        if not isinstance(clip, str) or not clip:
            raise ValueError("a kept take needs its clip id")
        with self._write() as conn:
            row = conn.execute("SELECT kept FROM jobs WHERE jobid = ?", (jobid,)).fetchone()
            if row is None:
                return None
            clips = [c for c in kept_from_text(row[0]) if c != clip]
            if kept:
                if len(clips) >= MAX_KEPT:
                    raise ValueError(f"a job keeps at most {MAX_KEPT} takes")
                clips.append(clip)
            conn.execute("UPDATE jobs SET kept = ? WHERE jobid = ?", (kept_text(clips), jobid))
            return tuple(clips)

    def set_kept_clips(self, jobid: str, clips: Iterable[str]) -> bool:
        """Replace a job's kept takes (putting back a removed job); False when the job is not tracked."""
        with self._write() as conn:
            cursor = conn.execute("UPDATE jobs SET kept = ? WHERE jobid = ?", (kept_text(clips), jobid))
            return cursor.rowcount > 0

    def kept_clips(self, jobids: Iterable[str] | None = None) -> dict[str, tuple[str, ...]]:
        """jobid -> its kept takes, for the jobs among ``jobids`` (None: every tracked job) that keep any, in the
        order the jobs were added."""
        if jobids is None:
            rows = self._read("SELECT jobid, kept FROM jobs WHERE kept IS NOT NULL ORDER BY seq")
        else:
            rows = []
            for chunk in chunks(unique_ids(jobids), CHUNK):
                marks = ",".join("?" * len(chunk))
                rows.extend(self._read(
                    f"SELECT seq, jobid, kept FROM jobs WHERE kept IS NOT NULL AND jobid IN ({marks})", chunk))
            rows = [row[1:] for row in sorted(rows, key=lambda row: row[0])]
        found: dict[str, tuple[str, ...]] = {}
        for jobid, text in rows:
            clips = kept_from_text(text)
            if clips:
                found[jobid] = clips
        return found

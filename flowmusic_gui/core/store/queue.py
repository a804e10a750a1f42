"""The ``download_queue`` table: what was asked for and not finished yet survives a restart and resumes."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from flowmusic_gui.core.store.database import Database
from flowmusic_gui.core.store.schema import (
    DL_STATES,
    QUEUE_COLUMNS,
    UNFINISHED,
    URL_KINDS,
    DownloadState,
    blob_path,
    check_download,
    parse_time,
    path_blob,
    path_key,
    time_text,
    utcnow,
)


@dataclass(frozen=True)
class NewDownload:
    """What the downloads queue is asked to fetch. ``target`` is the final path (the partial file is
    ``target`` + ``.part``); ``track`` is `core.track.track_to_json` text, to tag the file after a restart."""

    clip: str
    format: str
    url_kind: str
    target: Path
    url: str | None = None
    jobid: str | None = None
    track: str | None = None


@dataclass(frozen=True)
class QueuedDownload:
    """One row of the downloads queue."""

    id: int
    clip: str
    format: str
    url_kind: str
    url: str | None
    jobid: str | None
    target: Path
    state: DownloadState
    bytes_done: int
    total: int | None
    problem: str | None
    attempts: int
    track: str | None
    added_at: datetime
    updated_at: datetime


class DownloadQueueRepository(Database):
    """The downloads queue's rows, in the order added."""

    def enqueue_downloads(self, items: Iterable[NewDownload], *, now: datetime | None = None) -> list[QueuedDownload]:
        """Queue downloads in one transaction and return their rows, in the order given.

        A (clip, format) already queued or running keeps its row as it is (asked twice, fetched once); one
        that is done, failed or cancelled is queued again with its new target and nothing done yet.
        """
        wanted = list(items)
        for item in wanted:
            check_download(item.clip, item.format)
            if item.url_kind not in URL_KINDS:
                raise ValueError(f"unknown url kind {item.url_kind!r}: one of {', '.join(sorted(URL_KINDS))}")
        stamp = time_text(now if now is not None else utcnow())
        with self._write() as conn:
            for item in wanted:
                conn.execute(
                    "INSERT INTO download_queue (clip, format, url_kind, url, jobid, target, target_key, state,"
                    " track, added_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
                    " ON CONFLICT (clip, format) DO UPDATE SET url_kind = excluded.url_kind, url = excluded.url,"
                    " jobid = excluded.jobid, target = excluded.target, target_key = excluded.target_key,"
                    " state = excluded.state,"
                    " track = excluded.track, bytes_done = 0, total = NULL, problem = NULL, attempts = 0,"
                    " updated_at = excluded.updated_at"
                    " WHERE download_queue.state NOT IN (?, ?)",
                    (item.clip, item.format, item.url_kind, item.url, item.jobid, path_blob(item.target),
                     path_key(item.target), DownloadState.QUEUED.value, item.track, stamp, stamp, *UNFINISHED),
                )
        by_key = {(d.clip, d.format): d for d in self.download_queue()}
        return [by_key[(i.clip, i.format)] for i in wanted if (i.clip, i.format) in by_key]

    def download_queue(self, states: Iterable[DownloadState] | None = None) -> list[QueuedDownload]:
        """The queue's rows in the order added (only those in ``states``, when given)."""
        sql = f"SELECT {QUEUE_COLUMNS} FROM download_queue"
        params: list[object] = []
        if states is not None:
            values = [DownloadState(s).value for s in states]
            if not values:
                return []
            sql += f" WHERE state IN ({','.join('?' * len(values))})"
            params = list(values)
        return [self._queued(r) for r in self._read(sql + " ORDER BY id", params)]

    def resumable_downloads(self) -> list[QueuedDownload]:
        """What to pick up at start-up: queued rows, and running ones a crash or a kill cut off (the engine
        resumes each from its ``.part`` file, whose size is the truth; ``bytes_done`` is for display)."""
        return self.download_queue((DownloadState.QUEUED, DownloadState.RUNNING))

    def update_download(
        self,
        download_id: int,
        *,
        state: DownloadState | None = None,
        bytes_done: int | None = None,
        total: int | None = None,
        problem: str | None = None,
        attempt: bool = False,
        now: datetime | None = None,
    ) -> None:
        """Change one row: its state, progress, size, problem (a new state without one clears it), and
        ``attempt`` counts a try. Progress writes are for a restart's display: throttle them (every few
        seconds), the file's own size is what resuming trusts."""
        sets = ["updated_at = ?"]
        params: list[object] = [time_text(now if now is not None else utcnow())]
        if state is not None:
            sets += ["state = ?", "problem = ?"]
            params += [DownloadState(state).value, problem]
        elif problem is not None:
            sets.append("problem = ?")
            params.append(problem)
        if bytes_done is not None:
            sets.append("bytes_done = ?")
            params.append(max(0, int(bytes_done)))
        if total is not None:
            sets.append("total = ?")
            params.append(int(total) if total >= 0 else None)
        if attempt:
            sets.append("attempts = attempts + 1")
        with self._write() as conn:
            conn.execute(f"UPDATE download_queue SET {', '.join(sets)} WHERE id = ?", [*params, download_id])

    def remove_downloads(self, download_ids: Iterable[int]) -> int:
        """Take rows off the queue (the ledger keeps what finished); returns how many were there."""
        ids = [(int(i),) for i in download_ids]
        if not ids:
            return 0
        with self._write() as conn:
            return conn.executemany("DELETE FROM download_queue WHERE id = ?", ids).rowcount

    def clear_finished_downloads(self) -> int:
        """The panel's "Clear finished": drop done and cancelled rows (failed ones stay, to be retried)."""
        with self._write() as conn:
            return conn.execute(
                "DELETE FROM download_queue WHERE state IN (?, ?)",
                (DownloadState.DONE.value, DownloadState.CANCELLED.value),
            ).rowcount

    @staticmethod
    def _queued(row: Sequence[Any]) -> QueuedDownload:
        (id_, clip, fmt, kind, url, jobid, target, state, done, total, problem, attempts, track, added,
         updated) = row
        epoch = datetime.fromtimestamp(0, timezone.utc)
        return QueuedDownload(
            id=int(id_), clip=clip, format=fmt, url_kind=kind, url=url, jobid=jobid, target=blob_path(target),
            # An unknown state (a newer app's?) reads as queued: fetching again is harmless.
            state=DL_STATES.get(state, DownloadState.QUEUED), bytes_done=int(done),
            total=int(total) if total is not None else None, problem=problem, attempts=int(attempts),
            track=track, added_at=parse_time(added) or epoch, updated_at=parse_time(updated) or epoch,
        )

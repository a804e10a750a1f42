"""The ``durations`` table: how long jobs took to make, per account and operation, so that a new process starts
with what the last one learned (the watch policy's schedule follows them)."""

from __future__ import annotations

import math
import sqlite3
from datetime import datetime

from flowmusic_gui.core.schedule import MAX_LEARNED, LearnedDuration, valid_duration
from flowmusic_gui.core.store.database import Database
from flowmusic_gui.core.store.schema import time_text, utcnow

#: Kept per (account, operation): the newest, as many as the policy uses.
KEEP_PER_KIND = MAX_LEARNED


def insert_duration(
    conn: sqlite3.Connection, jobid: str, seconds: float, account: str, operation: str, finished_at: str
) -> None:
    """One job's timing, once (a result saved again changes nothing), the oldest of its kind beyond the keep
    dropped. Inside the caller's write transaction."""
    cursor = conn.execute(
        "INSERT OR IGNORE INTO durations (jobid, account, operation, seconds, finished_at) VALUES (?, ?, ?, ?, ?)",
        (jobid, account, operation, float(seconds), finished_at),
    )
    if cursor.rowcount:
        conn.execute(
            "DELETE FROM durations WHERE account = ? AND operation = ? AND seq NOT IN"
            " (SELECT seq FROM durations WHERE account = ? AND operation = ? ORDER BY seq DESC LIMIT ?)",
            (account, operation, account, operation, KEEP_PER_KIND),
        )


class DurationsRepository(Database):
    """Generation times learned from completed records."""

    def learn_duration(
        self,
        jobid: str,
        seconds: float,
        *,
        account: str | None = None,
        operation: str | None = None,
        finished_at: datetime | None = None,
    ) -> bool:
        """Keep one completed job's generation time (``duration_ms / 1000``); nonsense is ignored (False)."""
        if not isinstance(jobid, str) or not jobid or not valid_duration(seconds):
            return False
        stamp = time_text(finished_at if finished_at is not None else utcnow())
        with self._write() as conn:
            insert_duration(conn, jobid, float(seconds), account or "", operation or "", stamp)
        return True

    def stored_durations(self, limit: int = 400) -> list[LearnedDuration]:
        """The newest ``limit`` learned durations, oldest first (the order they were learned in)."""
        if limit <= 0:
            return []
        rows = self._read(
            "SELECT seconds, account, operation FROM durations ORDER BY seq DESC LIMIT ?",
            (limit,),
        )
        found = []
        for seconds, account, operation in reversed(rows):
            if isinstance(seconds, (int, float)) and math.isfinite(seconds) and valid_duration(float(seconds)):
                found.append(
                    LearnedDuration(
                        float(seconds),
                        account if isinstance(account, str) and account else None,
                        operation if isinstance(operation, str) and operation else None,
                    )
                )
        return found

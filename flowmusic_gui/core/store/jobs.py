"""The ``jobs`` table: which jobs are tracked and what was last learned about each."""

from __future__ import annotations

import json
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Any

from flowmusic_gui.core.records import JobState
from flowmusic_gui.core.store.database import Database
from flowmusic_gui.core.store.durations import insert_duration
from flowmusic_gui.core.store.schema import (
    CHUNK,
    JOB_COLUMNS,
    STATES,
    chunks,
    duration_labels,
    duration_s,
    kept_from_text,
    parse_time,
    time_text,
    unique_ids,
    utcnow,
)

#: The ``source`` of a job found running on the account (``GET /jobs``) rather than pasted.
SOURCE_ACCOUNT = "account"


@dataclass(frozen=True)
class TrackedJob:
    """One tracked job as stored: what the poller needs to resume and the UI shows before the first poll."""

    jobid: str
    added_at: datetime
    state: JobState
    record: dict[str, Any] | None
    last_polled_at: datetime | None
    poll_count: int
    last_problem: str | None
    errors: int  # consecutive transient errors, so backoff resumes where it was after a restart
    #: The record as stored (compact JSON), set instead of ``record`` by ``all(parse_records=False)``.
    record_text: str | None = None
    #: Where the job came from: None pasted or tracked, ``SOURCE_ACCOUNT`` found running on the account.
    source: str | None = None
    #: The takes (clip ids) the user marked as keepers, in the order marked.
    kept: tuple[str, ...] = ()


@dataclass(frozen=True)
class AddResult:
    """Which of the ids given to ``add`` were new and which were already tracked (each in the order given)."""

    added: tuple[str, ...]
    already: tuple[str, ...]


#: The formats a clip is downloaded in, and where each comes from: ``audio`` is the clip's public audio_url


class JobsRepository(Database):
    """The tracked jobs, in the order added."""

    def add(self, jobids: Iterable[str], *, now: datetime | None = None, source: str | None = None) -> AddResult:
        """Track the ids not tracked yet, all in one transaction; duplicates in ``jobids`` count once.

        ``source`` says where they came from (``SOURCE_ACCOUNT``: found running on the account)."""
        ids = unique_ids(jobids)
        if not ids:
            return AddResult(added=(), already=())
        stamp = time_text(now if now is not None else utcnow())
        with self._write() as conn:
            existing: set[str] = set()
            for chunk in chunks(ids, CHUNK):
                marks = ",".join("?" * len(chunk))
                rows = conn.execute(f"SELECT jobid FROM jobs WHERE jobid IN ({marks})", chunk)
                existing.update(r[0] for r in rows)
            new = [j for j in ids if j not in existing]
            # OR IGNORE is belt and braces: the IMMEDIATE lock already keeps other writers out meanwhile.
            conn.executemany(
                "INSERT OR IGNORE INTO jobs (jobid, added_at, state, source) VALUES (?, ?, ?, ?)",
                [(j, stamp, JobState.NEW.value, source) for j in new],
            )
        return AddResult(added=tuple(new), already=tuple(j for j in ids if j in existing))

    def remove(self, jobids: Iterable[str]) -> int:
        """Stop tracking these ids (one transaction); returns how many were tracked."""
        ids = unique_ids(jobids)
        if not ids:
            return 0
        with self._write() as conn:
            cur = conn.executemany("DELETE FROM jobs WHERE jobid = ?", [(j,) for j in ids])
            return cur.rowcount

    def listing(self) -> list[tuple[str, str, datetime | None, str | None]]:
        """(jobid, state, added_at, record as stored JSON text or None) for every job, in the order added.

        For `flowmusic list --json`: the stored text is the record verbatim, so it is written out as it is,
        without parsing and re-serialising thousands of records.
        """
        rows = self._read("SELECT jobid, state, added_at, record FROM jobs ORDER BY seq")
        times: dict[str, datetime | None] = {}
        out = []
        for jobid, state, added, record in rows:
            if added not in times:
                times[added] = parse_time(added)
            out.append((jobid, state, times[added], record))
        return out

    def all(self, *, parse_records: bool = True) -> list[TrackedJob]:
        """Every tracked job, in the order added.

        With ``parse_records=False`` each record comes as its stored text (``record_text``) instead: the
        tracker keeps thousands of records as text, and parsing them here first would be wasted work.
        """
        rows = self._read(f"SELECT {JOB_COLUMNS} FROM jobs ORDER BY seq")
        # A batch shares one added_at text: parse each distinct text once.
        times: dict[str, datetime | None] = {}
        jobs = []
        for row in rows:
            added = row[1]
            if added not in times:
                times[added] = parse_time(added)
            jobs.append(self._job(row, times[added], parse_records))
        return jobs

    def jobids(self) -> set[str]:
        """Every tracked job id. Unordered: read from the jobid index alone, it does not touch the records
        (about 11 ms for 10,000 completed jobs, where reading them in the order added takes 27 ms)."""
        return {row[0] for row in self._read("SELECT jobid FROM jobs")}

    def get_many(self, jobids: Iterable[str], *, parse_records: bool = True) -> list[TrackedJob]:
        """The tracked jobs among ``jobids``, in the order added (ids not tracked are left out)."""
        ids = unique_ids(jobids)
        rows: list[Any] = []
        for chunk in chunks(ids, CHUNK):
            marks = ",".join("?" * len(chunk))
            rows.extend(self._read(f"SELECT seq, {JOB_COLUMNS} FROM jobs WHERE jobid IN ({marks})", chunk))
        rows.sort(key=lambda row: row[0])
        return [self._job(row[1:], parse_time(row[2]), parse_records) for row in rows]

    def membership(self) -> tuple[int, int]:
        """(how many jobs, the highest ``seq``): it changes when a job is added or removed, not when one is
        polled. ``seq`` is AUTOINCREMENT and never reused, so an add always raises it."""
        count, top = self._read("SELECT count(*), coalesce(max(seq), 0) FROM jobs")[0]
        return int(count), int(top)

    def data_version(self) -> int:
        """A number that changes when another connection, such as ``flowmusic track`` in another process,
        commits to the file. This connection's own writes leave it as it is (SQLite's ``PRAGMA data_version``)."""
        return int(self._read("PRAGMA data_version")[0][0])

    def get(self, jobid: str) -> TrackedJob | None:
        found = self.get_many([jobid])
        return found[0] if found else None

    def record_poll(
        self,
        jobid: str,
        *,
        state: JobState,
        record: dict[str, Any] | None,
        polled_at: datetime,
        problem: str | None = None,
        errors: int = 0,
    ) -> None:
        """Store a poll's result: ``record`` replaces the stored one (pass the previous one to keep it).

        A job that is no longer tracked (removed while its request was in flight) is left untracked.
        """
        state = JobState(state)
        text = None if record is None else json.dumps(record, ensure_ascii=False, separators=(",", ":"))
        seconds = duration_s(state, record)
        stamp = time_text(polled_at)
        values = (state.value, text, stamp, problem, errors, seconds, jobid)
        with self._write() as conn:
            cursor = conn.execute(
                "UPDATE jobs SET state = ?, record = ?, polled_at = ?, poll_count = poll_count + 1,"
                " problem = ?, errors = ?, duration_s = ? WHERE jobid = ?",
                values,
            )
            if seconds is not None and cursor.rowcount:  # learned for the next start, with its account and kind
                insert_duration(conn, jobid, seconds, *duration_labels(record), stamp)

    def record_problem(self, jobid: str, *, problem: str, polled_at: datetime, errors: int) -> None:
        """Store a failed attempt (transient error): state and record stay as they were."""
        values = (problem, errors, time_text(polled_at), jobid)
        with self._write() as conn:
            conn.execute(
                "UPDATE jobs SET problem = ?, errors = ?, polled_at = ?, poll_count = poll_count + 1 WHERE jobid = ?",
                values,
            )

    def learned_durations(self, limit: int = 200) -> list[float]:
        """Generation times in seconds of the most recently polled completed jobs, newest first."""
        if limit <= 0:
            return []
        rows = self._read(
            "SELECT duration_s FROM jobs WHERE duration_s IS NOT NULL"
            " ORDER BY polled_at DESC, seq DESC LIMIT ?",
            (limit,),
        )
        values = (r[0] for r in rows if isinstance(r[0], (int, float)))
        return [float(v) for v in values if math.isfinite(v) and v > 0]

    @staticmethod
    def _job(row: Sequence[Any], added_at: datetime | None, parse: bool = True) -> TrackedJob:
        jobid, _added, state, text, polled, count, problem, errors, source, kept = row
        record: dict[str, Any] | None = None
        if text is not None and parse:
            try:
                value = json.loads(text)
            except ValueError:
                value = None
            record = value if isinstance(value, dict) else None
        return TrackedJob(
            jobid=jobid,
            # A row without a readable time (written by hand?) still loads rather than failing start-up.
            added_at=added_at or datetime.fromtimestamp(0, timezone.utc),
            # An unknown state (a newer app's?) reads as new: polling it again is harmless.
            state=STATES.get(state, JobState.NEW),
            record=record,
            last_polled_at=parse_time(polled),
            poll_count=int(count),
            last_problem=problem,
            errors=int(errors),
            record_text=None if parse else text,
            source=source if isinstance(source, str) else None,
            kept=kept_from_text(kept),
        )

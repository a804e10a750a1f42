"""The job store: which jobs are tracked and what was last learned about each, in one SQLite file.

Standard library only. A store object is owned by the thread that opened it (SQLite's same-thread check
stays on); other processes (the GUI and ``flowmusic track``) may use the same file at the same time.
"""

from __future__ import annotations

import contextlib
import json
import math
import os
import sqlite3
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from flowmusic_gui.core.records import JobState

__all__ = ["SCHEMA_VERSION", "AddResult", "JobStore", "StoreError", "TrackedJob"]

# How long a write waits for another process's transaction (the GUI and the CLI share the file).
BUSY_TIMEOUT_S = 5.0

# Ids per "WHERE jobid IN (...)" query: below SQLite's historical limit of 999 bound parameters.
_CHUNK = 500

# Primary result codes (the low byte of an extended code) that mean the file itself is damaged or not SQLite.
_SQLITE_CORRUPT = 11
_SQLITE_NOTADB = 26

_STATES: dict[str, JobState] = {s.value: s for s in JobState}

# Files SQLite keeps beside the database; a damaged database is moved aside together with them.
_SIDE_FILES = ("-wal", "-shm", "-journal")


class StoreError(Exception):
    """The store could not be opened, read or written; the message says which file and why."""


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


@dataclass(frozen=True)
class AddResult:
    """Which of the ids given to ``add`` were new and which were already tracked (each in the order given)."""

    added: tuple[str, ...]
    already: tuple[str, ...]


# --- schema -------------------------------------------------------------------------------------------------
# Migration i takes a file from version i to version i + 1; the file's version is PRAGMA user_version.
# Never edit a released migration: append a new one.


def _migrate_0_to_1(conn: sqlite3.Connection) -> None:
    # AUTOINCREMENT: a removed and re-added job goes to the end, never into a reused slot of the order.
    conn.execute(
        """
        CREATE TABLE jobs (
            seq        INTEGER PRIMARY KEY AUTOINCREMENT,
            jobid      TEXT NOT NULL UNIQUE,
            added_at   TEXT NOT NULL,
            state      TEXT NOT NULL DEFAULT 'new',
            record     TEXT,
            polled_at  TEXT,
            poll_count INTEGER NOT NULL DEFAULT 0,
            problem    TEXT,
            errors     INTEGER NOT NULL DEFAULT 0
        )
        """
    )


def _migrate_1_to_2(conn: sqlite3.Connection) -> None:
    # Generation times get their own column so start-up can learn them without parsing thousands of records.
    conn.execute("ALTER TABLE jobs ADD COLUMN duration_s REAL")
    conn.execute("CREATE INDEX jobs_learned ON jobs (polled_at) WHERE duration_s IS NOT NULL")
    rows = conn.execute("SELECT seq, state, record FROM jobs WHERE record IS NOT NULL")
    updates = []
    for seq, state, text in rows.fetchall():
        try:
            record = json.loads(text)
        except (TypeError, ValueError):
            continue
        seconds = _duration_s(_STATES.get(state, JobState.NEW), record)
        if seconds is not None:
            updates.append((seconds, seq))
    conn.executemany("UPDATE jobs SET duration_s = ? WHERE seq = ?", updates)


_MIGRATIONS: tuple[Callable[[sqlite3.Connection], None], ...] = (_migrate_0_to_1, _migrate_1_to_2)
SCHEMA_VERSION = len(_MIGRATIONS)

_COLUMNS = "jobid, added_at, state, record, polled_at, poll_count, problem, errors"


# --- helpers ------------------------------------------------------------------------------------------------


def _utcnow() -> datetime:
    return datetime.now(timezone.utc)


def _time_text(value: datetime) -> str:
    if value.tzinfo is None or value.utcoffset() is None:
        raise ValueError(f"an aware datetime is required, got naive {value!r}")
    # One fixed UTC format, so the text sorts in time order inside SQLite.
    return value.astimezone(timezone.utc).isoformat(timespec="microseconds")


def _parse_time(text: str | None) -> datetime | None:
    if text is None:
        return None
    try:
        value = datetime.fromisoformat(text)
    except ValueError:
        return None
    return value if value.tzinfo is not None else value.replace(tzinfo=timezone.utc)


def _duration_s(state: JobState, record: object) -> float | None:
    """Seconds of generation from a completed record's ``duration_ms``, if it is a positive finite number."""
    if not isinstance(record, dict):
        return None
    # A completed job later rechecked as 404 keeps its record (the tracker passes it on): still a real timing.
    if state is not JobState.COMPLETED and record.get("status") != "completed":
        return None
    ms = record.get("duration_ms")
    if isinstance(ms, bool) or not isinstance(ms, (int, float)):
        return None
    try:
        seconds = float(ms) / 1000.0
    except OverflowError:  # an integer too large for a float
        return None
    return seconds if math.isfinite(seconds) and seconds > 0 else None


def _ids(jobids: Iterable[str]) -> list[str]:
    # A lone string is iterable too; treating it as one id per character would be a silent disaster.
    if isinstance(jobids, str):
        raise TypeError("jobids must be an iterable of ids, not a single string")
    return list(dict.fromkeys(jobids))


def _chunks(items: Sequence[str], size: int) -> Iterator[Sequence[str]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _is_damage(exc: sqlite3.Error) -> bool:
    """True when SQLite says the file is damaged or not a database (not: locked, missing, no permission)."""
    code = getattr(exc, "sqlite_errorcode", None)  # Python 3.11+
    if isinstance(code, int):
        return code & 0xFF in (_SQLITE_CORRUPT, _SQLITE_NOTADB)
    text = str(exc).lower()
    return "file is not a database" in text or "malformed" in text


def _rollback(conn: sqlite3.Connection) -> None:
    # After a failed COMMIT or a damaged page SQLite may already have ended the transaction itself.
    if conn.in_transaction:
        with contextlib.suppress(sqlite3.Error):
            conn.execute("ROLLBACK")


class _Damaged(Exception):
    """Internal: the file at the path is not a usable database; carries a short reason for the notice."""


# --- the store ----------------------------------------------------------------------------------------------


class JobStore:
    """The tracked jobs in one SQLite file (WAL). Used by one thread at a time (not necessarily its creator).

    Opening creates the parent folders and the file, applies migrations and checks the file. A file that is
    not a readable database is moved aside (never deleted) and ``notice`` says where; a file written by a
    newer version of the app raises ``StoreError`` and is left untouched.
    """

    FILENAME = "jobs.sqlite3"

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self.notice: str | None = None
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise StoreError(
                f"Cannot create the folder for the job list {self.path.parent}: {exc.strerror or exc}"
            ) from exc
        try:
            self._conn: sqlite3.Connection | None = self._open()
        except _Damaged as damaged:
            moved = self._move_aside()
            self.notice = (
                f"The job list {self.path} could not be read ({damaged}). It was moved to {moved} "
                f"and a new, empty job list was started."
            )
            try:
                self._conn = self._open()
            except _Damaged as again:
                raise StoreError(f"Cannot start a new job list at {self.path}: {again}") from again

    # -- opening --

    def _open(self) -> sqlite3.Connection:
        checked = False
        if self.path.is_file() and self.path.stat().st_size > 0:
            # Checked read-only first: closing a writable connection to a damaged file could checkpoint its
            # journal into it or delete the journal, and what is moved aside must be exactly what was found.
            checked = self._check_read_only()
        try:
            # Not bound to the opening thread: the engine opens a writer on one worker and may use it on
            # another (one at a time, on a serialized lane).
            conn = sqlite3.connect(
                str(self.path), timeout=BUSY_TIMEOUT_S, isolation_level=None, check_same_thread=False
            )
        except sqlite3.Error as exc:
            raise StoreError(f"Cannot open the job list {self.path}: {exc}") from exc
        try:
            self._prepare(conn, checked=checked)
        except BaseException:
            conn.close()
            raise
        return conn

    def _check_read_only(self) -> bool:
        """Raise ``_Damaged`` if SQLite finds the file damaged; False if it could not look (check later)."""
        try:
            uri = self.path.resolve().as_uri() + "?mode=ro"
            conn = sqlite3.connect(uri, uri=True, timeout=BUSY_TIMEOUT_S, isolation_level=None)
        except sqlite3.Error:
            return False
        try:
            self._quick_check(conn)
        except sqlite3.Error as exc:
            if _is_damage(exc):
                raise _Damaged(str(exc)) from exc
            # E.g. a hot rollback journal that only a writer may replay: the writable open checks instead.
            return False
        finally:
            conn.close()
        return True

    @staticmethod
    def _quick_check(conn: sqlite3.Connection) -> None:
        problems = [row[0] for row in conn.execute("PRAGMA quick_check").fetchall()]
        if problems != ["ok"]:
            raise _Damaged("integrity check: " + "; ".join(str(p) for p in problems[:3]))

    def _prepare(self, conn: sqlite3.Connection, *, checked: bool) -> None:
        try:
            # WAL: readers never block the writer, and a committed transaction survives a killed process.
            conn.execute("PRAGMA journal_mode=WAL").fetchall()
            # With WAL, NORMAL loses no committed transaction when a process dies (at worst, on power loss).
            conn.execute("PRAGMA synchronous=NORMAL")
            if not checked:
                self._quick_check(conn)
            self._migrate(conn)
        except sqlite3.Error as exc:
            if _is_damage(exc):
                raise _Damaged(str(exc)) from exc
            raise StoreError(f"Cannot open the job list {self.path}: {exc}") from exc

    def _migrate(self, conn: sqlite3.Connection) -> None:
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        if version == SCHEMA_VERSION:
            return
        if version > SCHEMA_VERSION:
            raise self._too_new(version)
        # IMMEDIATE, then read the version again: two processes opening a new file at once migrate it once.
        conn.execute("BEGIN IMMEDIATE")
        try:
            version = conn.execute("PRAGMA user_version").fetchone()[0]
            if version > SCHEMA_VERSION:
                raise self._too_new(version)
            for step in range(version, SCHEMA_VERSION):
                _MIGRATIONS[step](conn)
            # PRAGMA takes no bound parameters; SCHEMA_VERSION is our own integer.
            conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION:d}")
            conn.execute("COMMIT")
        except BaseException:
            _rollback(conn)
            raise

    def _too_new(self, version: int) -> StoreError:
        return StoreError(
            f"The job list {self.path} was written by a newer version of FlowMusic Monitor "
            f"(format {version}; this version knows formats up to {SCHEMA_VERSION}). It was left untouched: "
            f"update the app, or use another data folder."
        )

    def _move_aside(self) -> Path:
        stamp = _utcnow().strftime("%Y%m%dT%H%M%SZ")
        target = self.path.with_name(f"{self.path.name}.corrupt-{stamp}")
        n = 1
        while any(Path(f"{target}{s}").exists() for s in ("", *_SIDE_FILES)):
            target = self.path.with_name(f"{self.path.name}.corrupt-{stamp}-{n}")
            n += 1
        try:
            os.replace(self.path, target)
            # The journal files follow under matching names, so the moved file can still be opened as it was.
            for suffix in _SIDE_FILES:
                side = Path(f"{self.path}{suffix}")
                if side.exists():
                    os.replace(side, f"{target}{suffix}")
        except OSError as exc:
            raise StoreError(
                f"The job list {self.path} could not be read, and moving it aside to {target} failed: "
                f"{exc.strerror or exc}. Nothing was deleted."
            ) from exc
        return target

    # -- plumbing --

    def _connection(self) -> sqlite3.Connection:
        if self._conn is None:
            raise StoreError(f"The job list {self.path} is closed")
        return self._conn

    @contextlib.contextmanager
    def _write(self) -> Iterator[sqlite3.Connection]:
        """One write transaction. IMMEDIATE takes the write lock up front, so the busy timeout covers it."""
        conn = self._connection()
        try:
            conn.execute("BEGIN IMMEDIATE")
        except sqlite3.Error as exc:
            raise StoreError(f"Cannot write to the job list {self.path}: {exc}") from exc
        try:
            yield conn
            conn.execute("COMMIT")
        except sqlite3.Error as exc:
            _rollback(conn)
            raise StoreError(f"Cannot write to the job list {self.path}: {exc}") from exc
        except BaseException:
            _rollback(conn)
            raise

    def _read(self, sql: str, params: Sequence[object] = ()) -> list[Any]:
        try:
            return self._connection().execute(sql, params).fetchall()
        except sqlite3.Error as exc:
            raise StoreError(f"Cannot read the job list {self.path}: {exc}") from exc

    # -- public API --

    def add(self, jobids: Iterable[str], *, now: datetime | None = None) -> AddResult:
        """Track the ids not tracked yet, all in one transaction; duplicates in ``jobids`` count once."""
        ids = _ids(jobids)
        if not ids:
            return AddResult(added=(), already=())
        stamp = _time_text(now if now is not None else _utcnow())
        with self._write() as conn:
            existing: set[str] = set()
            for chunk in _chunks(ids, _CHUNK):
                marks = ",".join("?" * len(chunk))
                rows = conn.execute(f"SELECT jobid FROM jobs WHERE jobid IN ({marks})", chunk)
                existing.update(r[0] for r in rows)
            new = [j for j in ids if j not in existing]
            # OR IGNORE is belt and braces: the IMMEDIATE lock already keeps other writers out meanwhile.
            conn.executemany(
                "INSERT OR IGNORE INTO jobs (jobid, added_at, state) VALUES (?, ?, ?)",
                [(j, stamp, JobState.NEW.value) for j in new],
            )
        return AddResult(added=tuple(new), already=tuple(j for j in ids if j in existing))

    def remove(self, jobids: Iterable[str]) -> int:
        """Stop tracking these ids (one transaction); returns how many were tracked."""
        ids = _ids(jobids)
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
                times[added] = _parse_time(added)
            out.append((jobid, state, times[added], record))
        return out

    def all(self, *, parse_records: bool = True) -> list[TrackedJob]:
        """Every tracked job, in the order added.

        With ``parse_records=False`` each record comes as its stored text (``record_text``) instead: the
        tracker keeps thousands of records as text, and parsing them here first would be wasted work.
        """
        rows = self._read(f"SELECT {_COLUMNS} FROM jobs ORDER BY seq")
        # A batch shares one added_at text: parse each distinct text once.
        times: dict[str, datetime | None] = {}
        jobs = []
        for row in rows:
            added = row[1]
            if added not in times:
                times[added] = _parse_time(added)
            jobs.append(self._job(row, times[added], parse_records))
        return jobs

    def jobids(self) -> set[str]:
        """Every tracked job id. Unordered: read from the jobid index alone, it does not touch the records
        (about 11 ms for 10,000 completed jobs, where reading them in the order added takes 27 ms)."""
        return {row[0] for row in self._read("SELECT jobid FROM jobs")}

    def get_many(self, jobids: Iterable[str], *, parse_records: bool = True) -> list[TrackedJob]:
        """The tracked jobs among ``jobids``, in the order added (ids not tracked are left out)."""
        ids = _ids(jobids)
        rows: list[Any] = []
        for chunk in _chunks(ids, _CHUNK):
            marks = ",".join("?" * len(chunk))
            rows.extend(self._read(f"SELECT seq, {_COLUMNS} FROM jobs WHERE jobid IN ({marks})", chunk))
        rows.sort(key=lambda row: row[0])
        return [self._job(row[1:], _parse_time(row[2]), parse_records) for row in rows]

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
        values = (state.value, text, _time_text(polled_at), problem, errors, _duration_s(state, record), jobid)
        with self._write() as conn:
            conn.execute(
                "UPDATE jobs SET state = ?, record = ?, polled_at = ?, poll_count = poll_count + 1,"
                " problem = ?, errors = ?, duration_s = ? WHERE jobid = ?",
                values,
            )

    def record_problem(self, jobid: str, *, problem: str, polled_at: datetime, errors: int) -> None:
        """Store a failed attempt (transient error): state and record stay as they were."""
        values = (problem, errors, _time_text(polled_at), jobid)
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

    def close(self) -> None:
        """Close the file (idempotent); later calls raise ``StoreError``."""
        if self._conn is not None:
            conn, self._conn = self._conn, None
            conn.close()

    def __enter__(self) -> JobStore:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    # -- rows --

    @staticmethod
    def _job(row: Sequence[Any], added_at: datetime | None, parse: bool = True) -> TrackedJob:
        jobid, _added, state, text, polled, count, problem, errors = row
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
            state=_STATES.get(state, JobState.NEW),
            record=record,
            last_polled_at=_parse_time(polled),
            poll_count=int(count),
            last_problem=problem,
            errors=int(errors),
            record_text=None if parse else text,
        )

"""The job store: which jobs are tracked and what was last learned about each, and the downloads ledger and
queue, in one SQLite file.

Standard library only. A store object is owned by the thread that opened it (SQLite's same-thread check
stays on); other processes (the GUI and ``flowmusic track``) may use the same file at the same time.
"""

from __future__ import annotations

import contextlib
import json
import math
import os
import sqlite3
import unicodedata
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime, timezone
from enum import Enum
from pathlib import Path
from typing import Any

from flowmusic_gui.core.records import JobState

__all__ = [
    "DOWNLOAD_FORMATS",
    "SCHEMA_VERSION",
    "SOURCE_ACCOUNT",
    "URL_KINDS",
    "AddResult",
    "DownloadState",
    "JobStore",
    "LedgerEntry",
    "NewDownload",
    "QueuedDownload",
    "StoreError",
    "StoreReadOnly",
    "TrackedJob",
]

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


class StoreReadOnly(StoreError):
    """The data folder, or the job list in it, cannot be written; :meth:`JobStore.open_read_only` still reads it."""


def _read_only_problem(path: Path) -> str | None:
    """A sentence naming the read-only folder or file, or None when both can be written."""
    # access() also answers EROFS for a read-only mount, which permission bits would not show (say, to root).
    folder = path.parent
    if not os.access(folder, os.W_OK):
        where = f"The data folder {folder} is read-only"
    elif path.exists() and not os.access(path, os.W_OK):
        where = f"The job list {path} is read-only"
    else:
        return None
    return (
        f"{where}: jobs cannot be added, removed or updated there. Make it writable, or use another folder "
        f"with --data-dir or FLOWMUSIC_DATA_DIR."
    )


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


@dataclass(frozen=True)
class AddResult:
    """Which of the ids given to ``add`` were new and which were already tracked (each in the order given)."""

    added: tuple[str, ...]
    already: tuple[str, ...]


#: The formats a clip is downloaded in, and where each comes from: ``audio`` is the clip's public audio_url
#: (m4a), ``wav`` its public wav_url, ``mp3`` the API's ``GET /music/download`` (with the token).
DOWNLOAD_FORMATS: frozenset[str] = frozenset({"m4a", "wav", "mp3"})
URL_KINDS: frozenset[str] = frozenset({"audio", "wav", "mp3"})


class DownloadState(str, Enum):
    """A queued download's state. ``running`` found at start-up was cut off by a crash: it resumes."""

    QUEUED = "queued"
    RUNNING = "running"
    DONE = "done"
    FAILED = "failed"
    CANCELLED = "cancelled"


_DL_STATES: dict[str, DownloadState] = {s.value: s for s in DownloadState}
_UNFINISHED = (DownloadState.QUEUED.value, DownloadState.RUNNING.value)


@dataclass(frozen=True)
class LedgerEntry:
    """A finished download as the ledger knows it: where the file was put, its size, when."""

    clip: str
    format: str
    path: Path
    size: int
    finished_at: datetime
    jobid: str | None


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


def _migrate_2_to_3(conn: sqlite3.Connection) -> None:
    # The downloads ledger: one finished file per (clip, format). Paths are the file system's bytes
    # (os.fsencode), so a folder whose name is not valid UTF-8 still round-trips.
    conn.execute(
        """
        CREATE TABLE downloads (
            clip        TEXT NOT NULL,
            format      TEXT NOT NULL,
            path        BLOB NOT NULL,
            path_key    BLOB NOT NULL,
            size        INTEGER NOT NULL,
            finished_at TEXT NOT NULL,
            jobid       TEXT,
            PRIMARY KEY (clip, format)
        )
        """
    )
    # path_key: the path as a case-insensitive file system compares it, so "Song.mp3" and "song.mp3" count as
    # one name (macOS, Windows and USB sticks would make them one file).
    conn.execute("CREATE INDEX downloads_path ON downloads (path_key)")
    # The downloads queue: what was asked for and not finished yet survives a restart and resumes.
    conn.execute(
        """
        CREATE TABLE download_queue (
            id         INTEGER PRIMARY KEY AUTOINCREMENT,
            clip       TEXT NOT NULL,
            format     TEXT NOT NULL,
            url_kind   TEXT NOT NULL,
            url        TEXT,
            jobid      TEXT,
            target     BLOB NOT NULL,
            target_key BLOB NOT NULL,
            state      TEXT NOT NULL,
            bytes_done INTEGER NOT NULL DEFAULT 0,
            total      INTEGER,
            problem    TEXT,
            attempts   INTEGER NOT NULL DEFAULT 0,
            track      TEXT,
            added_at   TEXT NOT NULL,
            updated_at TEXT NOT NULL,
            UNIQUE (clip, format)
        )
        """
    )
    conn.execute("CREATE INDEX download_queue_target ON download_queue (target_key)")


def _migrate_3_to_4(conn: sqlite3.Connection) -> None:
    # Where a job came from: NULL for one the user pasted or tracked, "account" for one found running on the
    # account (GET /jobs), so the window can say so after a restart too.
    columns = {row[1] for row in conn.execute("PRAGMA table_info(jobs)")}
    if "source" not in columns:  # a file whose version was set back by hand may have it already
        conn.execute("ALTER TABLE jobs ADD COLUMN source TEXT")


def _migrate_4_to_5(conn: sqlite3.Connection) -> None:
    # Songs and edits to make (core/submissions.py): each a durable row, so a batch survives a crash and the
    # window and the command line continue each other's batches.
    conn.execute(
        """
        CREATE TABLE IF NOT EXISTS submissions (
            seq            INTEGER PRIMARY KEY AUTOINCREMENT,
            ref            TEXT NOT NULL UNIQUE,
            kind           TEXT NOT NULL,
            body           TEXT NOT NULL,
            email          TEXT,
            account        TEXT,
            state          TEXT NOT NULL,
            jobid          TEXT,
            error          TEXT,
            batch          TEXT,
            created_at     TEXT NOT NULL,
            updated_at     TEXT NOT NULL,
            sent_at        TEXT,
            not_before     TEXT,
            balance_before INTEGER,
            looks          INTEGER NOT NULL DEFAULT 0,
            evidence       TEXT,
            attempts       INTEGER NOT NULL DEFAULT 0,
            owner          TEXT,
            match_by       TEXT NOT NULL DEFAULT 'ref'
        )
        """
    )
    conn.execute("CREATE INDEX IF NOT EXISTS submissions_state ON submissions (state)")


_MIGRATIONS: tuple[Callable[[sqlite3.Connection], None], ...] = (
    _migrate_0_to_1, _migrate_1_to_2, _migrate_2_to_3, _migrate_3_to_4, _migrate_4_to_5,
)  # fmt: skip
SCHEMA_VERSION = len(_MIGRATIONS)

_COLUMNS = "jobid, added_at, state, record, polled_at, poll_count, problem, errors, source"
#: The ``source`` of a job found running on the account (``GET /jobs``) rather than pasted.
SOURCE_ACCOUNT = "account"
_QUEUE_COLUMNS = (
    "id, clip, format, url_kind, url, jobid, target, state, bytes_done, total, problem, attempts, track,"
    " added_at, updated_at"
)


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


def _path_blob(path: Path | str) -> bytes:
    return os.fsencode(Path(path).absolute())


def _path_key(path: Path | str) -> bytes:
    text = unicodedata.normalize("NFC", os.fsdecode(Path(path).absolute())).casefold()
    return text.encode("utf-8", "surrogatepass")


def _blob_path(blob: bytes | str) -> Path:
    return Path(os.fsdecode(blob))


def _check_download(clip: str, fmt: str) -> None:
    if not isinstance(clip, str) or not clip:
        raise ValueError("a download needs a clip id")
    if fmt not in DOWNLOAD_FORMATS:
        raise ValueError(f"unknown download format {fmt!r}: one of {', '.join(sorted(DOWNLOAD_FORMATS))}")


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
        problem = _read_only_problem(self.path)
        if problem is not None:
            # SQLite would say only "unable to open database file".
            raise StoreReadOnly(problem)
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

    @classmethod
    def open_read_only(cls, path: Path) -> JobStore:
        """Open an existing job list only to read it (a read-only folder); every write raises StoreError.

        Nothing is migrated or moved aside. In a folder where SQLite cannot keep its shared-memory file the
        database is read as immutable: no other process can be writing there either.
        """
        store = cls.__new__(cls)
        store.path = Path(path)
        store.notice = None
        if not store.path.is_file():
            raise StoreError(f"There is no job list at {store.path}")
        uri = store.path.resolve().as_uri()
        last: sqlite3.Error | None = None
        for query in ("?mode=ro", "?mode=ro&immutable=1"):
            try:
                conn = sqlite3.connect(uri + query, uri=True, timeout=BUSY_TIMEOUT_S, isolation_level=None)
                version = conn.execute("PRAGMA user_version").fetchone()[0]
            except sqlite3.Error as exc:
                last = exc
                with contextlib.suppress(UnboundLocalError, sqlite3.Error):
                    conn.close()
                continue
            if version > SCHEMA_VERSION:
                conn.close()
                raise store._too_new(version)
            store._conn = conn
            return store
        raise StoreError(f"Cannot read the job list {store.path}: {last}")

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

    def add(self, jobids: Iterable[str], *, now: datetime | None = None, source: str | None = None) -> AddResult:
        """Track the ids not tracked yet, all in one transaction; duplicates in ``jobids`` count once.

        ``source`` says where they came from (``SOURCE_ACCOUNT``: found running on the account)."""
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
                "INSERT OR IGNORE INTO jobs (jobid, added_at, state, source) VALUES (?, ?, ?, ?)",
                [(j, stamp, JobState.NEW.value, source) for j in new],
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

    # -- the downloads ledger --
    # "Already downloaded" is the ledger's entry *and* the file still there with that size: `downloaded`
    # looks at the disk, so like every store call it belongs off the GUI thread.

    def record_download(
        self, clip: str, fmt: str, path: Path, size: int, *, jobid: str | None = None,
        finished_at: datetime | None = None,
    ) -> LedgerEntry:
        """Enter a finished file (replacing an earlier entry for the same clip and format), and mark the
        queue's row for it done, in one transaction."""
        _check_download(clip, fmt)
        if isinstance(size, bool) or not isinstance(size, int) or size < 0:
            raise ValueError(f"size must be a whole number of bytes >= 0, got {size!r}")
        when = finished_at if finished_at is not None else _utcnow()
        stamp = _time_text(when)
        with self._write() as conn:
            conn.execute(
                "INSERT INTO downloads (clip, format, path, path_key, size, finished_at, jobid)"
                " VALUES (?, ?, ?, ?, ?, ?, ?)"
                " ON CONFLICT (clip, format) DO UPDATE SET path = excluded.path, path_key = excluded.path_key,"
                " size = excluded.size, finished_at = excluded.finished_at,"
                " jobid = coalesce(excluded.jobid, downloads.jobid)",
                (clip, fmt, _path_blob(path), _path_key(path), size, stamp, jobid),
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
            ids = _ids(clips)
            rows = []
            for chunk in _chunks(ids, _CHUNK):
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
        present size, so it is not fetched again. Raises ``StoreError`` naming the file if it is not there,
        and ``KeyError`` if the ledger has no such download."""
        path = Path(path)
        try:
            size = path.stat().st_size
        except OSError as exc:
            raise StoreError(f"Cannot find {path}: {exc.strerror or exc}") from exc
        if not path.is_file():
            raise StoreError(f"{path} is not a file")
        with self._write() as conn:
            cur = conn.execute(
                "UPDATE downloads SET path = ?, path_key = ?, size = ? WHERE clip = ? AND format = ?",
                (_path_blob(path), _path_key(path), size, clip, fmt),
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
        key = _path_key(path)
        rows = self._read("SELECT clip, format FROM downloads WHERE path_key = ? LIMIT 1", (key,))
        if not rows:
            rows = self._read(
                "SELECT clip, format FROM download_queue WHERE target_key = ? AND state IN (?, ?) LIMIT 1",
                (key, *_UNFINISHED),
            )
        return (rows[0][0], rows[0][1]) if rows else None

    # -- the downloads queue --

    def enqueue_downloads(self, items: Iterable[NewDownload], *, now: datetime | None = None) -> list[QueuedDownload]:
        """Queue downloads in one transaction and return their rows, in the order given.

        A (clip, format) already queued or running keeps its row as it is (asked twice, fetched once); one
        that is done, failed or cancelled is queued again with its new target and nothing done yet.
        """
        wanted = list(items)
        for item in wanted:
            _check_download(item.clip, item.format)
            if item.url_kind not in URL_KINDS:
                raise ValueError(f"unknown url kind {item.url_kind!r}: one of {', '.join(sorted(URL_KINDS))}")
        stamp = _time_text(now if now is not None else _utcnow())
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
                    (item.clip, item.format, item.url_kind, item.url, item.jobid, _path_blob(item.target),
                     _path_key(item.target), DownloadState.QUEUED.value, item.track, stamp, stamp, *_UNFINISHED),
                )
        by_key = {(d.clip, d.format): d for d in self.download_queue()}
        return [by_key[(i.clip, i.format)] for i in wanted if (i.clip, i.format) in by_key]

    def download_queue(self, states: Iterable[DownloadState] | None = None) -> list[QueuedDownload]:
        """The queue's rows in the order added (only those in ``states``, when given)."""
        sql = f"SELECT {_QUEUE_COLUMNS} FROM download_queue"
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
        params: list[object] = [_time_text(now if now is not None else _utcnow())]
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
    def _entry(row: Sequence[Any]) -> LedgerEntry:
        clip, fmt, path, size, finished, jobid = row
        return LedgerEntry(
            clip=clip, format=fmt, path=_blob_path(path), size=int(size),
            finished_at=_parse_time(finished) or datetime.fromtimestamp(0, timezone.utc), jobid=jobid,
        )

    @staticmethod
    def _queued(row: Sequence[Any]) -> QueuedDownload:
        (id_, clip, fmt, kind, url, jobid, target, state, done, total, problem, attempts, track, added,
         updated) = row
        epoch = datetime.fromtimestamp(0, timezone.utc)
        return QueuedDownload(
            id=int(id_), clip=clip, format=fmt, url_kind=kind, url=url, jobid=jobid, target=_blob_path(target),
            # An unknown state (a newer app's?) reads as queued: fetching again is harmless.
            state=_DL_STATES.get(state, DownloadState.QUEUED), bytes_done=int(done),
            total=int(total) if total is not None else None, problem=problem, attempts=int(attempts),
            track=track, added_at=_parse_time(added) or epoch, updated_at=_parse_time(updated) or epoch,
        )

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
        jobid, _added, state, text, polled, count, problem, errors, source = row
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
            source=source if isinstance(source, str) else None,
        )

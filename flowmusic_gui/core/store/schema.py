"""The job store's file: its schema (migration i takes a file from version i to i + 1, kept in ``PRAGMA
user_version``), its errors, and the conversions every table's repository shares (times, paths, id chunks)."""

from __future__ import annotations

import contextlib
import json
import math
import os
import sqlite3
import unicodedata
from collections.abc import Callable, Iterable, Iterator, Sequence
from datetime import datetime, timezone
from enum import Enum
from pathlib import Path

from flowmusic_gui.core.records import JobState

# Ids per "WHERE jobid IN (...)" query: below SQLite's historical limit of 999 bound parameters.
CHUNK = 500

# Primary result codes (the low byte of an extended code) that mean the file itself is damaged or not SQLite.
_SQLITE_CORRUPT = 11
_SQLITE_NOTADB = 26

STATES: dict[str, JobState] = {s.value: s for s in JobState}


class StoreError(Exception):
    """The store could not be opened, read or written; the message says which file and why."""


class StoreRefused(StoreError):
    """The store refused what it was asked (a file that is not there): asking again cannot help, unlike a locked,
    full or read-only file, which the writer lane retries."""


class StoreReadOnly(StoreError):
    """The data folder, or the job list in it, cannot be written; :meth:`JobStore.open_read_only` still reads it."""


def read_only_problem(path: Path) -> str | None:
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


DL_STATES: dict[str, DownloadState] = {s.value: s for s in DownloadState}
UNFINISHED = (DownloadState.QUEUED.value, DownloadState.RUNNING.value)


# --- schema -------------------------------------------------------------------------------------------------
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
        seconds = duration_s(STATES.get(state, JobState.NEW), record)
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


def _migrate_5_to_6(conn: sqlite3.Connection) -> None:
    # Generation times learned per account and operation, kept apart from the jobs (a job removed from the list
    # still taught something), so the next `flowmusic watch` or window starts with what the last one learned.
    # A file whose version was set back by hand may have the table already.
    conn.execute(
        """
        CREATE TABLE IF NOT EXISTS durations (
            seq         INTEGER PRIMARY KEY AUTOINCREMENT,
            jobid       TEXT NOT NULL UNIQUE,
            account     TEXT NOT NULL DEFAULT '',
            operation   TEXT NOT NULL DEFAULT '',
            seconds     REAL NOT NULL,
            finished_at TEXT NOT NULL
        )
        """
    )
    conn.execute("CREATE INDEX IF NOT EXISTS durations_by_kind ON durations (account, operation, seq)")
    # What the jobs already know: each completed job's timing, with the account and operation of its record.
    rows = conn.execute(
        "SELECT jobid, record, duration_s, polled_at FROM jobs WHERE duration_s IS NOT NULL ORDER BY polled_at, seq"
    ).fetchall()
    for jobid, text, seconds, polled in rows:
        try:
            record = json.loads(text) if isinstance(text, str) else None
        except ValueError:
            record = None
        account, operation = duration_labels(record)
        if isinstance(seconds, (int, float)) and math.isfinite(seconds) and seconds > 0:
            conn.execute(
                "INSERT OR IGNORE INTO durations (jobid, account, operation, seconds, finished_at)"
                " VALUES (?, ?, ?, ?, ?)",
                (jobid, account, operation, float(seconds), polled or ""),
            )


def _migrate_6_to_7(conn: sqlite3.Connection) -> None:
    # The keepers: which takes (clip ids) of a job the user starred, as a JSON list; NULL when none is.
    columns = {row[1] for row in conn.execute("PRAGMA table_info(jobs)")}
    if "kept" not in columns:  # a file whose version was set back by hand may have it already
        conn.execute("ALTER TABLE jobs ADD COLUMN kept TEXT")


MIGRATIONS: tuple[Callable[[sqlite3.Connection], None], ...] = (
    _migrate_0_to_1, _migrate_1_to_2, _migrate_2_to_3, _migrate_3_to_4, _migrate_4_to_5, _migrate_5_to_6,
    _migrate_6_to_7,
)  # fmt: skip
SCHEMA_VERSION = len(MIGRATIONS)

JOB_COLUMNS = "jobid, added_at, state, record, polled_at, poll_count, problem, errors, source, kept"
QUEUE_COLUMNS = (
    "id, clip, format, url_kind, url, jobid, target, state, bytes_done, total, problem, attempts, track,"
    " added_at, updated_at"
)


# --- conversions ---------------------------------------------------------------------------------------------


def utcnow() -> datetime:
    return datetime.now(timezone.utc)


def time_text(value: datetime) -> str:
    if value.tzinfo is None or value.utcoffset() is None:
        raise ValueError(f"an aware datetime is required, got naive {value!r}")
    # One fixed UTC format, so the text sorts in time order inside SQLite.
    return value.astimezone(timezone.utc).isoformat(timespec="microseconds")


def parse_time(text: str | None) -> datetime | None:
    if text is None:
        return None
    try:
        value = datetime.fromisoformat(text)
    except ValueError:
        return None
    return value if value.tzinfo is not None else value.replace(tzinfo=timezone.utc)


def duration_labels(record: object) -> tuple[str, str]:
    """The account (``email``) and ``operation`` a record's timing is learned under ('' when missing or odd)."""
    if not isinstance(record, dict):
        return "", ""
    account, operation = record.get("email"), record.get("operation")
    return (
        account[:320] if isinstance(account, str) else "",
        operation[:40] if isinstance(operation, str) else "",
    )


def duration_s(state: JobState, record: object) -> float | None:
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


#: How many takes of one job can be kept (a stems job has four; a record of thousands of clips is not a reason
#: to keep an unbounded list in one column).
MAX_KEPT = 100


def kept_from_text(text: object) -> tuple[str, ...]:
    """The kept clip ids of a ``kept`` column: a JSON list of strings; anything else (hand-edited) reads as none."""
    if not isinstance(text, str) or not text:
        return ()
    try:
        value = json.loads(text)
    except ValueError:
        return ()
    if not isinstance(value, list):
        return ()
    return tuple(dict.fromkeys(v for v in value if isinstance(v, str) and v))[:MAX_KEPT]


def kept_text(clips: Iterable[str]) -> str | None:
    """The ``kept`` column for these clip ids (None when there are none)."""
    unique = list(dict.fromkeys(c for c in clips if isinstance(c, str) and c))[:MAX_KEPT]
    return json.dumps(unique, ensure_ascii=False, separators=(",", ":")) if unique else None


def path_blob(path: Path | str) -> bytes:
    return os.fsencode(Path(path).absolute())


def path_key(path: Path | str) -> bytes:
    text = unicodedata.normalize("NFC", os.fsdecode(Path(path).absolute())).casefold()
    return text.encode("utf-8", "surrogatepass")


def blob_path(blob: bytes | str) -> Path:
    return Path(os.fsdecode(blob))


def check_download(clip: str, fmt: str) -> None:
    if not isinstance(clip, str) or not clip:
        raise ValueError("a download needs a clip id")
    if fmt not in DOWNLOAD_FORMATS:
        raise ValueError(f"unknown download format {fmt!r}: one of {', '.join(sorted(DOWNLOAD_FORMATS))}")


def unique_ids(jobids: Iterable[str]) -> list[str]:
    # A lone string is iterable too; treating it as one id per character would be a silent disaster.
    if isinstance(jobids, str):
        raise TypeError("jobids must be an iterable of ids, not a single string")
    return list(dict.fromkeys(jobids))


def chunks(items: Sequence[str], size: int) -> Iterator[Sequence[str]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def is_damage(exc: sqlite3.Error) -> bool:
    """True when SQLite says the file is damaged or not a database (not: locked, missing, no permission)."""
    code = getattr(exc, "sqlite_errorcode", None)  # Python 3.11+
    if isinstance(code, int):
        return code & 0xFF in (_SQLITE_CORRUPT, _SQLITE_NOTADB)
    text = str(exc).lower()
    return "file is not a database" in text or "malformed" in text


def rollback(conn: sqlite3.Connection) -> None:
    # After a failed COMMIT or a damaged page SQLite may already have ended the transaction itself.
    if conn.in_transaction:
        with contextlib.suppress(sqlite3.Error):
            conn.execute("ROLLBACK")

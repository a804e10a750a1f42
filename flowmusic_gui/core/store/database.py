"""The one database object of a process: the SQLite file opened (created, checked, migrated, moved aside when
damaged), and the read and write plumbing every table's repository uses."""

from __future__ import annotations

import contextlib
import os
import sqlite3
import threading
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any, TypeVar

from flowmusic_gui.core.store.schema import (
    MIGRATIONS,
    SCHEMA_VERSION,
    StoreError,
    StoreReadOnly,
    is_damage,
    read_only_problem,
    rollback,
    utcnow,
)

# How long a write waits for another process's transaction (the GUI and the CLI share the file).
BUSY_TIMEOUT_S = 5.0

# Files SQLite keeps beside the database; a damaged database is moved aside together with them.
_SIDE_FILES = ("-wal", "-shm", "-journal")

_D = TypeVar("_D", bound="Database")


class _Damaged(Exception):
    """Internal: the file at the path is not a usable database; carries a short reason for the notice."""


class Database:
    """One connection to the store file (WAL), with the plumbing the tables' repositories share.

    A process opens one and shares it: the window's owner thread and the workers (downloads, submissions) read
    it; every write goes through the process's one writer lane (``engine/store_writer.StoreWriter``, on the
    runner's ``"store"`` lane), which retries a write the file cannot take and says so once. Every read and every
    write transaction holds the database's lock, so no two threads ever use the connection at once; SQLite's own
    same-thread check is off because it would forbid exactly this sharing (the lock is the check).

    Opening creates the parent folders and the file, applies migrations and checks the file. A file that is
    not a readable database is moved aside (never deleted) and ``notice`` says where; a file written by a
    newer version of the app raises ``StoreError`` and is left untouched.
    """

    FILENAME = "jobs.sqlite3"

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self.notice: str | None = None
        self._lock = threading.RLock()
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise StoreError(
                f"Cannot create the folder for the job list {self.path.parent}: {exc.strerror or exc}"
            ) from exc
        problem = read_only_problem(self.path)
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
    def open_read_only(cls: type[_D], path: Path) -> _D:
        """Open an existing job list only to read it (a read-only folder); every write raises StoreError.

        Nothing is migrated or moved aside. In a folder where SQLite cannot keep its shared-memory file the
        database is read as immutable: no other process can be writing there either.
        """
        store = cls.__new__(cls)
        store.path = Path(path)
        store.notice = None
        store._lock = threading.RLock()
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
            # Shared by the process's threads, one at a time under ``_lock`` (see the class).
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
            if is_damage(exc):
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
            if is_damage(exc):
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
                MIGRATIONS[step](conn)
            # PRAGMA takes no bound parameters; SCHEMA_VERSION is our own integer.
            conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION:d}")
            conn.execute("COMMIT")
        except BaseException:
            rollback(conn)
            raise

    def _too_new(self, version: int) -> StoreError:
        return StoreError(
            f"The job list {self.path} was written by a newer version of FlowMusic Monitor "
            f"(format {version}; this version knows formats up to {SCHEMA_VERSION}). It was left untouched: "
            f"update the app, or use another data folder."
        )

    def _move_aside(self) -> Path:
        stamp = utcnow().strftime("%Y%m%dT%H%M%SZ")
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
        """One write transaction, holding the lock throughout. IMMEDIATE takes the file's write lock up front,
        so the busy timeout covers it."""
        with self._lock:
            conn = self._connection()
            try:
                conn.execute("BEGIN IMMEDIATE")
            except sqlite3.Error as exc:
                raise StoreError(f"Cannot write to the job list {self.path}: {exc}") from exc
            try:
                yield conn
                conn.execute("COMMIT")
            except sqlite3.Error as exc:
                rollback(conn)
                raise StoreError(f"Cannot write to the job list {self.path}: {exc}") from exc
            except BaseException:
                rollback(conn)
                raise

    def _read(self, sql: str, params: Sequence[object] = ()) -> list[Any]:
        with self._lock:
            try:
                return self._connection().execute(sql, params).fetchall()
            except sqlite3.Error as exc:
                raise StoreError(f"Cannot read the job list {self.path}: {exc}") from exc

    def close(self) -> None:
        """Close the file (idempotent); later calls raise ``StoreError``."""
        with self._lock:
            if self._conn is not None:
                conn, self._conn = self._conn, None
                conn.close()

    def __enter__(self: _D) -> _D:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

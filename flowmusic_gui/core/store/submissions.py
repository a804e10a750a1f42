"""The ``submissions`` table: songs and edits to make (core/submissions.py's rows).

Every change is a compare-and-set on the row's state inside one write transaction, so two processes (the
window and ``flowmusic make``) sharing the file never both send one submission: only the one whose
``queued -> sending`` write lands sends it. A submission that becomes *submitted* gets its job tracked in the
same transaction, so no crash can leave a made job untracked.
"""

from __future__ import annotations

import json
import os
import socket
import threading
from collections.abc import Callable, Iterable, Sequence
from datetime import datetime, timezone
from typing import Any

from flowmusic_gui.core.records import JobState
from flowmusic_gui.core.store.database import Database
from flowmusic_gui.core.store.schema import parse_time
from flowmusic_gui.core.submissions import (
    OPEN_STATES,
    IllegalTransition,
    Submission,
    SubmissionState,
    recover_after_crash,
)

__all__ = ["SubmissionsRepository", "owner_alive", "this_owner"]

_COLUMNS = (
    "ref, kind, body, email, account, state, jobid, error, batch, created_at, updated_at, sent_at, not_before,"
    " balance_before, looks, evidence, attempts, owner, match_by"
)
_STATES = {s.value: s for s in SubmissionState}
_SESSION = os.urandom(4).hex()


def this_owner() -> str:
    """This process, as written in the ``owner`` of the submissions it is sending: host, pid, session."""
    return f"{socket.gethostname()}:{os.getpid()}:{_SESSION}"


def owner_alive(owner: str | None) -> bool:
    """Whether the process named by ``owner`` may still be sending (this process, or a live pid on this host)."""
    if not owner:
        return False
    if owner == this_owner():
        return True
    host, _, rest = owner.partition(":")
    pid_text, _, session = rest.partition(":")
    if host != socket.gethostname() or not pid_text.isdigit():
        return False
    if int(pid_text) == os.getpid():
        return session == _SESSION
    try:
        os.kill(int(pid_text), 0)
    except ProcessLookupError:
        return False
    except OSError:  # alive, owned by someone else
        return True
    return True


def _text(value: datetime | None) -> str | None:
    if value is None:
        return None
    return value.astimezone(timezone.utc).isoformat(timespec="microseconds")



def _row(sub: Submission) -> tuple[Any, ...]:
    return (
        sub.ref, sub.kind, json.dumps(sub.body, ensure_ascii=False, separators=(",", ":")), sub.email, sub.account,
        sub.state.value, sub.jobid, sub.error, sub.batch, _text(sub.created_at), _text(sub.updated_at),
        _text(sub.sent_at), _text(sub.not_before), sub.balance_before, sub.looks, sub.evidence, sub.attempts,
        sub.owner, sub.match_by,
    )  # fmt: skip


def _submission(row: Sequence[Any]) -> Submission:
    try:
        body = json.loads(row[2])
    except (TypeError, ValueError):
        body = {}
    now = datetime.now(timezone.utc)
    return Submission(
        ref=row[0], kind=row[1], body=body if isinstance(body, dict) else {}, email=row[3], account=row[4],
        state=_STATES.get(row[5], SubmissionState.UNCERTAIN), jobid=row[6], error=row[7], batch=row[8],
        created_at=parse_time(row[9]) or now, updated_at=parse_time(row[10]) or now, sent_at=parse_time(row[11]),
        not_before=parse_time(row[12]), balance_before=row[13], looks=int(row[14] or 0), evidence=row[15],
        attempts=int(row[16] or 0), owner=row[17], match_by=row[18] or "ref",
    )  # fmt: skip


_LOCKS_LOCK = threading.Lock()


class SubmissionsRepository(Database):
    """The submissions of the store. Safe to call from several threads at once (the submission queue sends on
    a few): one lock around the connection for these calls."""

    @property
    def _sub_lock(self) -> threading.Lock:
        lock: threading.Lock | None = getattr(self, "_submissions_lock", None)
        if lock is None:
            with _LOCKS_LOCK:
                lock = getattr(self, "_submissions_lock", None)
                if lock is None:
                    lock = threading.Lock()
                    self._submissions_lock = lock
        return lock

    def add_submissions(self, subs: Iterable[Submission]) -> list[Submission]:
        """Queue these submissions, all in one transaction."""
        items = list(subs)
        if not items:
            return []
        marks = ",".join("?" * 19)
        with self._sub_lock, self._write() as conn:
            conn.executemany(f"INSERT INTO submissions ({_COLUMNS}) VALUES ({marks})", [_row(s) for s in items])
        return items

    def submission(self, ref: str) -> Submission | None:
        with self._sub_lock:
            rows = self._read(f"SELECT {_COLUMNS} FROM submissions WHERE ref = ?", (ref,))
        return _submission(rows[0]) if rows else None

    def submissions(
        self, states: Iterable[SubmissionState] | None = None, *, batch: str | None = None
    ) -> list[Submission]:
        """Submissions in the order they were queued, optionally only in these states or of one batch."""
        sql = f"SELECT {_COLUMNS} FROM submissions"
        params: list[object] = []
        where = []
        if states is not None:
            values = [s.value for s in states]
            where.append(f"state IN ({','.join('?' * len(values))})")
            params += values
        if batch is not None:
            where.append("batch = ?")
            params.append(batch)
        if where:
            sql += " WHERE " + " AND ".join(where)
        with self._sub_lock:
            rows = self._read(sql + " ORDER BY seq", params)
        return [_submission(r) for r in rows]

    def open_submissions(self) -> list[Submission]:
        """Queued, sending and uncertain submissions: what is not settled yet."""
        return self.submissions(OPEN_STATES)

    def change_submission(self, old: Submission, new: Submission) -> bool:
        """Write ``new`` if the row is still in ``old``'s state (and owner); False when another process moved it
        first. A ``submitted`` one gets its jobid tracked in the same transaction."""
        if new.ref != old.ref:
            raise ValueError("a change keeps the reference")
        with self._sub_lock, self._write() as conn:
            row = conn.execute("SELECT state, owner FROM submissions WHERE ref = ?", (old.ref,)).fetchone()
            if row is None or row[0] != old.state.value or (row[1] or None) != (old.owner or None):
                return False
            conn.execute(
                f"UPDATE submissions SET ({_COLUMNS}) = ({','.join('?' * 19)}) WHERE ref = ?", (*_row(new), new.ref)
            )
            if new.state is SubmissionState.SUBMITTED and new.jobid:
                conn.execute(
                    "INSERT OR IGNORE INTO jobs (jobid, added_at, state) VALUES (?, ?, ?)",
                    (new.jobid, _text(new.updated_at), JobState.NEW.value),
                )
        return True

    def move_submission(self, ref: str, how: Callable[[Submission], Submission]) -> Submission | None:
        """Read the row, apply ``how`` (a transition) and write it if nobody moved it meanwhile; the new row, or
        None when it is gone, another process got there first, or the move is not allowed from its state."""
        for _ in range(3):
            old = self.submission(ref)
            if old is None:
                return None
            try:
                new = how(old)
            except IllegalTransition:
                return None
            if self.change_submission(old, new):
                return new
        return None

    def recover_submissions(self, now: datetime, alive: Callable[[str | None], bool] = owner_alive) -> list[Submission]:
        """Submissions left sending by a process that is gone become uncertain (their POST may have made the
        job); the ones changed."""
        changed = []
        for sub in self.submissions([SubmissionState.SENDING]):
            if alive(sub.owner):
                continue
            new = recover_after_crash(sub, now)
            if self.change_submission(sub, new):
                changed.append(new)
        return changed

    def submission_jobids(self) -> set[str]:
        """The jobids any submission made (to tell the app's own jobs from others on the running list)."""
        with self._sub_lock:
            rows = self._read("SELECT jobid FROM submissions WHERE jobid IS NOT NULL")
        return {r[0] for r in rows}

    def submissions_sent_after(self, account: str, when: datetime, exclude: str) -> int:
        """How many other submissions were sent to ``account`` at or after ``when`` (to explain a balance)."""
        with self._sub_lock:
            rows = self._read(
                "SELECT COUNT(*) FROM submissions WHERE account = ? COLLATE NOCASE AND sent_at >= ? AND ref != ?"
                " AND state IN ('sending', 'submitted', 'uncertain')",
                (account, _text(when), exclude),
            )
        return int(rows[0][0]) if rows else 0

    def remove_submissions(self, refs: Iterable[str]) -> int:
        items = list(refs)
        if not items:
            return 0
        with self._sub_lock, self._write() as conn:
            cur = conn.execute(f"DELETE FROM submissions WHERE ref IN ({','.join('?' * len(items))})", items)
            return int(cur.rowcount)

"""The store keeps what songs took to make, per account and operation, for the next process to start with."""

from __future__ import annotations

import json
import math
import sqlite3
from datetime import datetime, timezone
from pathlib import Path

from flowmusic_gui.core.records import JobState
from flowmusic_gui.core.schedule import LearnedDuration
from flowmusic_gui.core.store import JobStore
from flowmusic_gui.core.store.durations import KEEP_PER_KIND

T0 = datetime(2025, 3, 1, 12, 0, 0, tzinfo=timezone.utc)


def completed(jobid: str, ms: object, email: str = "a@example.com", operation: str | None = None) -> dict[str, object]:
    record: dict[str, object] = {"jobid": jobid, "email": email, "status": "completed", "duration_ms": ms}
    if operation is not None:
        record["operation"] = operation
    return record


def test_a_completed_result_teaches_its_account_and_operation_and_survives_the_job(tmp_path: Path) -> None:
    path = tmp_path / "jobs.sqlite3"
    with JobStore(path) as store:
        store.add(["j1", "j2", "j3"], now=T0)
        store.record_poll("j1", state=JobState.COMPLETED, record=completed("j1", 139164), polled_at=T0)
        store.record_poll("j2", state=JobState.COMPLETED, record=completed("j2", 4200, operation="effect"),
                          polled_at=T0)  # fmt: skip
        store.record_poll("j1", state=JobState.COMPLETED, record=completed("j1", 139164), polled_at=T0)  # again
        store.record_poll("j3", state=JobState.PENDING, record={"status": "pending"}, polled_at=T0)
        store.remove(["j1", "j2"])  # a job removed from the list still taught something
    with JobStore(path) as again:  # the next process
        assert again.stored_durations() == [
            LearnedDuration(139.164, "a@example.com", None),
            LearnedDuration(4.2, "a@example.com", "effect"),
        ]


def test_learn_duration_without_a_tracked_job_ignores_nonsense_and_keeps_the_newest(tmp_path: Path) -> None:
    with JobStore(tmp_path / "jobs.sqlite3") as store:
        assert store.learn_duration("watched-only", 45.0, account="b@example.com", operation="extend")
        assert not store.learn_duration("bad", math.nan)
        assert not store.learn_duration("bad", -3.0)
        assert not store.learn_duration("", 10.0)
        assert not store.learn_duration("bad", 10 * 24 * 3600.0)
        assert store.stored_durations() == [LearnedDuration(45.0, "b@example.com", "extend")]
        for i in range(KEEP_PER_KIND + 10):
            store.learn_duration(f"song{i}", 60.0 + i, account="c@example.com")
        kept = [d for d in store.stored_durations(limit=1000) if d.account == "c@example.com"]
        assert len(kept) == KEEP_PER_KIND
        assert kept[-1].seconds == 60.0 + KEEP_PER_KIND + 9  # the newest kept, oldest first
        assert store.stored_durations(limit=2)[-1] == kept[-1]
        assert store.stored_durations(limit=0) == []


def test_an_older_file_brings_the_timings_its_jobs_already_know(tmp_path: Path) -> None:
    path = tmp_path / "jobs.sqlite3"
    with JobStore(path) as store:
        store.add(["old1", "old2"], now=T0)
        store.record_poll("old1", state=JobState.COMPLETED, record=completed("old1", 90000, "x@example.com"),
                          polled_at=T0)  # fmt: skip
        store.record_poll("old2", state=JobState.COMPLETED, record=completed("old2", 3000, operation="stems"),
                          polled_at=T0)  # fmt: skip
    # Back to the format before the durations table, as an older version of the app left it.
    conn = sqlite3.connect(str(path))
    conn.execute("DROP TABLE durations")
    conn.execute("UPDATE jobs SET record = ? WHERE jobid = 'old2'", ("{not json",))
    conn.execute("PRAGMA user_version = 5")  # before the durations table (migration 5 -> 6)
    conn.commit()
    conn.close()
    with JobStore(path) as store:
        found = store.stored_durations()
    assert found == [LearnedDuration(90.0, "x@example.com", None), LearnedDuration(3.0, None, None)]
    assert json.dumps([d.seconds for d in found]) == "[90.0, 3.0]"

"""The job store: tracked jobs survive restarts, kills and damaged files, in the order they were added."""

from __future__ import annotations

import json
import os
import queue
import sqlite3
import subprocess
import sys
import textwrap
import threading
import time
from collections.abc import Iterator
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest

from flowmusic_gui.core.records import JobState
from flowmusic_gui.core.store import SCHEMA_VERSION, JobStore, StoreError
from flowmusic_gui.core.store import database as store_module

REPO_ROOT = Path(__file__).resolve().parents[3]
T0 = datetime(2025, 3, 1, 12, 0, 0, tzinfo=timezone.utc)

COMPLETED = {
    "jobid": "job:1",
    "email": "a@example.com",
    "status": "completed",
    "created_at": "2025-03-01T11:57:00.000Z",
    "duration_ms": 139164,
    "clips": [{"clip": "user:1-a@example.com-clip:x", "title": "Ünïcode ♪", "duration_s": 181.5}],
    "request": {"prompt": "a song"},
}


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "data" / JobStore.FILENAME


@pytest.fixture
def store(db_path: Path) -> Iterator[JobStore]:
    s = JobStore(db_path)
    yield s
    s.close()


def ids(n: int, prefix: str = "job:") -> list[str]:
    return [f"{prefix}{i:05d}" for i in range(n)]


def quick_check(path: Path) -> list[str]:
    conn = sqlite3.connect(str(path))
    try:
        return [row[0] for row in conn.execute("PRAGMA quick_check")]
    finally:
        conn.close()


# --- adding, order, removing ---


def test_add_says_which_ids_are_new_and_which_were_already_tracked(store: JobStore) -> None:
    first = store.add(["job:a", "job:b", "job:a"], now=T0)
    assert first.added == ("job:a", "job:b")
    assert first.already == ()

    second = store.add(["job:c", "job:b"], now=T0)
    assert second.added == ("job:c",)
    assert second.already == ("job:b",)

    assert [j.jobid for j in store.all()] == ["job:a", "job:b", "job:c"]
    fresh = store.get("job:a")
    assert fresh is not None
    assert fresh.state is JobState.NEW
    assert fresh.added_at == T0
    assert fresh.record is None
    assert fresh.last_polled_at is None
    assert (fresh.poll_count, fresh.errors, fresh.last_problem) == (0, 0, None)
    assert store.get("job:unknown") is None


def test_ten_thousand_ids_are_added_in_one_call_and_again_reported_as_tracked(store: JobStore) -> None:
    many = ids(10_000)
    assert len(store.add(many).added) == 10_000
    again = store.add([*many[:3], "job:new"])
    assert again.added == ("job:new",)
    assert again.already == tuple(many[:3])
    assert len(store.all()) == 10_001


def test_a_single_string_is_refused_rather_than_added_letter_by_letter(store: JobStore) -> None:
    with pytest.raises(TypeError):
        store.add("job:abc")
    assert store.all() == []


def test_the_order_added_survives_reopening_and_a_re_added_job_goes_last(db_path: Path) -> None:
    with JobStore(db_path) as s:
        s.add(["job:z", "job:a", "job:m"])
        s.add(["job:b"])
    with JobStore(db_path) as s:
        assert [j.jobid for j in s.all()] == ["job:z", "job:a", "job:m", "job:b"]
        assert s.remove(["job:b"]) == 1
        s.add(["job:b", "job:q"])
        assert s.remove(["job:z"]) == 1
        s.add(["job:z"])
        assert [j.jobid for j in s.all()] == ["job:a", "job:m", "job:b", "job:q", "job:z"]


def test_remove_counts_only_tracked_ids(store: JobStore) -> None:
    store.add(["job:a", "job:b", "job:c"])
    assert store.remove(["job:b", "job:unknown", "job:b"]) == 1
    assert store.remove([]) == 0
    assert [j.jobid for j in store.all()] == ["job:a", "job:c"]
    assert store.get("job:b") is None


def test_naive_times_are_refused(store: JobStore) -> None:
    with pytest.raises(ValueError, match="aware"):
        store.add(["job:a"], now=datetime(2025, 1, 1))


# --- what polling records ---


def test_a_poll_result_round_trips_through_a_reopen(db_path: Path) -> None:
    paris = timezone(timedelta(hours=1))
    polled = datetime(2025, 3, 1, 13, 30, 0, 123456, tzinfo=paris)
    with JobStore(db_path) as s:
        s.add(["job:1"], now=T0)
        s.record_poll("job:1", state=JobState.PENDING, record={"status": "pending"}, polled_at=polled)
        s.record_poll(
            "job:1", state=JobState.COMPLETED, record=COMPLETED, polled_at=polled, problem="odd clip", errors=0
        )
    with JobStore(db_path) as s:
        job = s.get("job:1")
        assert job is not None
        assert s.all() == [job]
    assert job.state is JobState.COMPLETED
    assert job.record == COMPLETED  # verbatim, unicode included
    assert job.last_polled_at == polled
    assert job.last_polled_at is not None
    assert job.last_polled_at.utcoffset() == timedelta(0)  # given in UTC+1, read back as the same instant in UTC
    assert job.added_at == T0
    assert job.added_at.tzinfo is not None
    assert job.poll_count == 2
    assert job.last_problem == "odd clip"
    assert job.errors == 0


def test_a_transient_problem_keeps_the_last_known_state_and_record(store: JobStore) -> None:
    store.add(["job:1"], now=T0)
    pending = {"status": "pending", "jobid": "job:1"}
    store.record_poll("job:1", state=JobState.PENDING, record=pending, polled_at=T0)
    later = T0 + timedelta(seconds=30)
    store.record_problem("job:1", problem="HTTP 503: try later", polled_at=later, errors=1)
    store.record_problem("job:1", problem="timed out", polled_at=later, errors=2)

    job = store.get("job:1")
    assert job is not None
    assert job.state is JobState.PENDING
    assert job.record == pending
    assert job.last_problem == "timed out"
    assert job.errors == 2
    assert job.poll_count == 3
    assert job.last_polled_at == later

    store.record_poll("job:1", state=JobState.PENDING, record=pending, polled_at=later)
    job = store.get("job:1")
    assert job is not None
    assert (job.errors, job.last_problem) == (0, None)


def test_a_result_for_a_job_removed_meanwhile_does_not_bring_it_back(store: JobStore) -> None:
    store.add(["job:1"])
    store.remove(["job:1"])
    store.record_poll("job:1", state=JobState.COMPLETED, record=COMPLETED, polled_at=T0)
    store.record_problem("job:1", problem="x", polled_at=T0, errors=1)
    assert store.all() == []


def test_learned_durations_come_from_completed_records_newest_first(store: JobStore) -> None:
    cases: dict[str, tuple[JobState, dict[str, Any] | None]] = {
        "job:a": (JobState.COMPLETED, {"duration_ms": 139164}),
        "job:b": (JobState.COMPLETED, {"duration_ms": 60000.5}),
        "job:c": (JobState.FAILED, {"duration_ms": 5000}),  # failures say nothing about generation time
        "job:d": (JobState.COMPLETED, {"duration_ms": "139164"}),
        "job:e": (JobState.COMPLETED, {"duration_ms": -5}),
        "job:f": (JobState.COMPLETED, {"duration_ms": 0}),
        "job:g": (JobState.COMPLETED, {"duration_ms": True}),
        "job:h": (JobState.COMPLETED, {"duration_ms": float("inf")}),
        "job:i": (JobState.COMPLETED, {"duration_ms": float("nan")}),
        "job:j": (JobState.COMPLETED, {"duration_ms": 10**400}),
        "job:k": (JobState.COMPLETED, {}),
        "job:l": (JobState.COMPLETED, None),
        "job:m": (JobState.COMPLETED, {"duration_ms": 90000}),
    }
    store.add(cases)
    for n, (jobid, (state, record)) in enumerate(cases.items()):
        store.record_poll(jobid, state=state, record=record, polled_at=T0 + timedelta(seconds=n))

    assert store.learned_durations() == [90.0, 60.0005, 139.164]
    assert store.learned_durations(limit=2) == [90.0, 60.0005]
    assert store.learned_durations(limit=0) == []

    # Rechecked and gone (404) with its completed record kept: still a real generation time.
    store.record_poll("job:a", state=JobState.NOT_FOUND, record=COMPLETED, polled_at=T0 + timedelta(hours=1))
    assert store.learned_durations() == [139.164, 90.0, 60.0005]
    # Without a record there is nothing to learn from any more.
    store.record_poll("job:m", state=JobState.NOT_FOUND, record=None, polled_at=T0 + timedelta(hours=2))
    assert store.learned_durations() == [139.164, 60.0005]


def test_two_stores_on_one_file_see_each_others_jobs(db_path: Path) -> None:
    # The GUI and `flowmusic track` open the same file at once.
    with JobStore(db_path) as gui, JobStore(db_path) as cli:
        gui.add(["job:1"])
        result = cli.add(["job:1", "job:2"])
        assert result.already == ("job:1",)
        assert [j.jobid for j in gui.all()] == ["job:1", "job:2"]


def test_data_version_moves_only_with_another_connections_writes(db_path: Path) -> None:
    with JobStore(db_path) as gui, JobStore(db_path) as cli:
        before = gui.data_version()
        gui.add(["job:1"])
        gui.remove(["job:1"])
        assert gui.data_version() == before
        cli.add(["job:2", "job:3"])
        assert gui.data_version() != before
        assert gui.jobids() == {"job:2", "job:3"}
        # In the order added, tracked ids only, each once.
        found = gui.get_many(["job:3", "job:9", "job:2", "job:3"], parse_records=False)
        assert [j.jobid for j in found] == ["job:2", "job:3"]
        assert all(j.state.value == "new" and j.added_at is not None for j in found)
        # Membership moves with adds and removes (a re-added job too), not with poll results.
        members = gui.membership()
        now = datetime.now(timezone.utc)
        cli.record_poll("job:2", state=JobState.PENDING, record={"status": "started"}, polled_at=now)
        assert gui.membership() == members
        cli.remove(["job:3"])
        cli.add(["job:3"])
        assert gui.membership() != members and gui.membership()[0] == members[0]


def test_a_write_blocked_by_another_process_fails_clearly_and_harms_nothing(
    db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(store_module, "BUSY_TIMEOUT_S", 0.2)
    with JobStore(db_path) as s:
        s.add(["job:1"])
        other = sqlite3.connect(str(db_path), isolation_level=None)
        try:
            other.execute("BEGIN IMMEDIATE")  # another process is in the middle of a write
            with pytest.raises(StoreError, match="locked") as info:
                s.add(["job:2"])
            assert str(db_path) in str(info.value)
            assert [j.jobid for j in s.all()] == ["job:1"]  # reading still works meanwhile
            other.execute("COMMIT")
        finally:
            other.close()
        assert s.add(["job:2"]).added == ("job:2",)
    assert [p.name for p in db_path.parent.iterdir() if "corrupt" in p.name] == []


def test_a_closed_store_says_so(db_path: Path) -> None:
    s = JobStore(db_path)
    s.close()
    s.close()
    with pytest.raises(StoreError, match="closed"):
        s.all()


# --- damaged, foreign and newer files ---


def test_a_garbage_file_is_moved_aside_and_a_new_list_started(db_path: Path) -> None:
    db_path.parent.mkdir(parents=True)
    garbage = os.urandom(8192)
    db_path.write_bytes(garbage)

    with JobStore(db_path) as s:
        assert s.notice is not None
        moved = [p for p in db_path.parent.iterdir() if p.name.startswith(f"{JobStore.FILENAME}.corrupt-")]
        assert len(moved) == 1
        assert str(db_path) in s.notice
        assert str(moved[0]) in s.notice
        assert moved[0].read_bytes() == garbage  # never wiped
        assert s.all() == []
        s.add(["job:1"])
        assert [j.jobid for j in s.all()] == ["job:1"]
    with JobStore(db_path) as s:
        assert s.notice is None
        assert [j.jobid for j in s.all()] == ["job:1"]


def test_a_truncated_file_is_moved_aside_with_its_journal(db_path: Path) -> None:
    with JobStore(db_path) as s:
        s.add(ids(3000))
        for jobid in ids(300):
            s.record_poll(jobid, state=JobState.COMPLETED, record=COMPLETED, polled_at=T0)
    size = db_path.stat().st_size
    assert size > 64 * 1024
    with db_path.open("r+b") as f:
        f.truncate(size // 2)
    Path(f"{db_path}-wal").write_bytes(b"leftover journal")
    truncated = db_path.read_bytes()

    with JobStore(db_path) as s:
        assert s.notice is not None
        assert str(db_path) in s.notice
        moved = Path(s.notice.split(" It was moved to ")[1].split(" and a new")[0])
        assert moved.read_bytes() == truncated
        assert Path(f"{moved}-wal").read_bytes() == b"leftover journal"
        assert s.all() == []
    assert quick_check(db_path) == ["ok"]


def test_a_file_from_a_newer_version_is_refused_and_left_alone(db_path: Path) -> None:
    with JobStore(db_path) as s:
        s.add(["job:1"])
    conn = sqlite3.connect(str(db_path))
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    conn.close()
    before = db_path.read_bytes()

    with pytest.raises(StoreError, match="newer version") as info:
        JobStore(db_path)
    assert str(db_path) in str(info.value)
    assert db_path.read_bytes() == before
    assert sorted(p.name for p in db_path.parent.iterdir() if "corrupt" in p.name) == []


def test_a_version_1_file_is_migrated_keeping_every_job(db_path: Path) -> None:
    # The first released layout, written by hand as version 1 of the app would have.
    db_path.parent.mkdir(parents=True)
    conn = sqlite3.connect(str(db_path))
    conn.executescript(
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
        );
        PRAGMA user_version = 1;
        """
    )
    conn.executemany(
        "INSERT INTO jobs (jobid, added_at, state, record, polled_at, poll_count, problem, errors)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        [
            ("job:b", "2025-03-01T12:00:00.000000+00:00", "pending", '{"status":"pending"}',
             "2025-03-01T12:01:00.000000+00:00", 3, "HTTP 503", 2),
            ("job:a", "2025-03-01T12:00:00.000000+00:00", "completed", json.dumps(COMPLETED),
             "2025-03-01T12:02:00.000000+00:00", 7, None, 0),
            ("job:c", "2025-03-01T12:00:00.000000+00:00", "completed", "{not json",
             "2025-03-01T12:03:00.000000+00:00", 1, None, 0),
        ],
    )
    conn.commit()
    conn.close()

    with JobStore(db_path) as s:
        assert s.notice is None
        jobs = s.all()
        assert [j.jobid for j in jobs] == ["job:b", "job:a", "job:c"]
        assert (jobs[0].state, jobs[0].poll_count, jobs[0].last_problem, jobs[0].errors) == (
            JobState.PENDING, 3, "HTTP 503", 2,
        )
        assert jobs[1].record == COMPLETED
        assert jobs[2].record is None  # an unreadable record loads as "none yet", not a crash
        assert s.learned_durations() == [139.164]  # learned from the records written before the migration
    conn = sqlite3.connect(str(db_path))
    assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    conn.close()


def test_a_folder_that_cannot_be_created_is_named_in_the_error(tmp_path: Path) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the data folder should be")
    target = blocker / "data" / JobStore.FILENAME
    with pytest.raises(StoreError) as info:
        JobStore(target)
    assert str(target.parent) in str(info.value)
    assert blocker.read_text() == "a file where the data folder should be"


def test_a_path_that_is_a_folder_is_an_error_not_moved_aside(db_path: Path) -> None:
    db_path.mkdir(parents=True)
    with pytest.raises(StoreError, match="Cannot open"):
        JobStore(db_path)
    assert db_path.is_dir()


# --- a process killed at any instant ---

WRITER = textwrap.dedent(
    """
    import sys
    from pathlib import Path
    from flowmusic_gui.core.store import JobStore

    store = JobStore(Path(sys.argv[1]))
    n = 0
    while True:
        store.add([f"job:{n}-{i}" for i in range(1000)])
        print(f"committed {n}", flush=True)
        n += 1
    """
)


def test_a_killed_writer_loses_no_committed_batch(db_path: Path) -> None:
    db_path.parent.mkdir(parents=True)
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(REPO_ROOT), env.get("PYTHONPATH")) if p)
    lines: queue.Queue[str | None] = queue.Queue()
    seen: list[str] = []
    with subprocess.Popen(
        [sys.executable, "-c", WRITER, str(db_path)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    ) as proc:
        stdout, stderr = proc.stdout, proc.stderr
        assert stdout is not None
        assert stderr is not None

        def read() -> None:
            for line in stdout:
                lines.put(line)
            lines.put(None)

        reader = threading.Thread(target=read, daemon=True)
        reader.start()
        try:
            deadline = time.monotonic() + 30
            while len(seen) < 5:
                remaining = deadline - time.monotonic()
                assert remaining > 0, f"the writer reported only {seen}"
                try:
                    line = lines.get(timeout=remaining)
                except queue.Empty:
                    continue
                assert line is not None, f"the writer ended early: {stderr.read()}"
                seen.append(line)
        finally:
            proc.kill()  # SIGKILL on POSIX: no cleanup, no atexit, quite likely in the middle of a transaction
            proc.wait(timeout=10)
        reader.join(timeout=10)
        assert not reader.is_alive()
    while (line := lines.get_nowait()) is not None:
        seen.append(line)  # commits reported after we decided to kill

    committed = [int(line.split()[1]) for line in seen]
    assert committed == list(range(len(committed)))
    assert Path(f"{db_path}-wal").exists()  # the killed writer left its journal for the next open to recover
    with JobStore(db_path) as s:
        assert s.notice is None
        tracked = {j.jobid for j in s.all()}
    assert quick_check(db_path) == ["ok"]
    for n in committed:
        missing = [f"job:{n}-{i}" for i in range(1000) if f"job:{n}-{i}" not in tracked]
        assert missing == [], f"batch {n} was reported committed but lost {len(missing)} ids"
    # A batch is all or nothing: at most the one being written when killed is absent, never half there.
    batches: dict[str, int] = {}
    for jobid in tracked:
        batch = jobid.split("-")[0]
        batches[batch] = batches.get(batch, 0) + 1
    assert set(batches.values()) == {1000}


def test_records_can_be_read_as_stored_text(db_path: Path) -> None:
    record = {"jobid": "x", "status": "completed", "title": "<b>é</b>"}
    with JobStore(db_path) as store:
        ids = [f"job:{i:08d}-0000-4000-8000-000000000000-user:1-a@b.c-bot:flowmusic" for i in range(2)]
        store.add(ids)
        store.record_poll(ids[0], state=JobState.COMPLETED, record=record, polled_at=datetime.now(timezone.utc))
        lazy = store.all(parse_records=False)
        assert lazy[0].record is None
        assert lazy[0].record_text is not None
        assert json.loads(lazy[0].record_text) == record
        assert lazy[1].record_text is None
        listing = store.listing()
        assert [(row[0], row[1]) for row in listing] == [(ids[0], "completed"), (ids[1], "new")]
        assert json.loads(listing[0][3] or "null") == record


def test_a_store_opened_read_only_reads_and_refuses_writes(tmp_path: Path) -> None:
    from flowmusic_gui.core.store import StoreError

    path = tmp_path / JobStore.FILENAME
    writer = JobStore(path)
    writer.add(["job:a", "job:b"])
    writer.close()
    reader = JobStore.open_read_only(path)
    try:
        assert [j.jobid for j in reader.all()] == ["job:a", "job:b"]
        with pytest.raises(StoreError):
            reader.add(["job:c"])
    finally:
        reader.close()
    with pytest.raises(StoreError, match="no job list"):
        JobStore.open_read_only(tmp_path / "missing.sqlite3")

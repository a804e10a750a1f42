"""The keepers in the store: starred takes survive a reopen, an older file migrates keeping its jobs, and odd
column contents read as no keeper rather than failing."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from flowmusic_gui.core.store import SCHEMA_VERSION, JobStore

CLIP_A = "user:1-a@example.com-clip:aaaa"
CLIP_B = "user:1-a@example.com-clip:bbbb"


def test_a_starred_take_is_there_after_a_reopen(tmp_path: Path) -> None:
    db = tmp_path / JobStore.FILENAME
    with JobStore(db) as store:
        store.add(["job:a", "job:b"])
        assert store.set_kept("job:a", CLIP_B, True) == (CLIP_B,)
        assert store.set_kept("job:a", CLIP_A, True) == (CLIP_B, CLIP_A)
        assert store.set_kept("job:a", CLIP_A, True) == (CLIP_B, CLIP_A)  # twice: still once
    with JobStore(db) as store:
        assert store.get("job:a").kept == (CLIP_B, CLIP_A)  # type: ignore[union-attr]
        assert store.get("job:b").kept == ()  # type: ignore[union-attr]
        assert [j.kept for j in store.all()] == [(CLIP_B, CLIP_A), ()]
        assert store.kept_clips() == {"job:a": (CLIP_B, CLIP_A)}
        assert store.kept_clips(["job:b", "job:a", "job:x"]) == {"job:a": (CLIP_B, CLIP_A)}
        assert store.set_kept("job:a", CLIP_B, False) == (CLIP_A,)
        assert store.set_kept("job:a", CLIP_A, False) == ()
        assert store.kept_clips() == {}


def test_a_take_of_a_job_no_longer_tracked_is_not_written(tmp_path: Path) -> None:
    with JobStore(tmp_path / JobStore.FILENAME) as store:
        assert store.set_kept("job:gone", CLIP_A, True) is None
        assert store.all() == []
        assert store.set_kept_clips("job:gone", [CLIP_A]) is False
        store.add(["job:back"])
        assert store.set_kept_clips("job:back", [CLIP_A, CLIP_A, CLIP_B]) is True
        assert store.get("job:back").kept == (CLIP_A, CLIP_B)  # type: ignore[union-attr]
        with pytest.raises(ValueError, match="clip id"):
            store.set_kept("job:back", "", True)


def test_an_older_file_gains_the_kept_column_keeping_every_job(tmp_path: Path) -> None:
    db = tmp_path / JobStore.FILENAME
    with JobStore(db) as store:
        store.add(["job:a", "job:b"])
        store.add(["job:c"], source="account")
    # Back to the format before the keepers, as the previous version of the app left it.
    conn = sqlite3.connect(str(db))
    conn.executescript(f"ALTER TABLE jobs DROP COLUMN kept; PRAGMA user_version = {SCHEMA_VERSION - 1:d};")
    conn.close()
    with JobStore(db) as store:
        assert [(j.jobid, j.source, j.kept) for j in store.all()] == [
            ("job:a", None, ()), ("job:b", None, ()), ("job:c", "account", ()),
        ]
        assert store.set_kept("job:b", CLIP_A, True) == (CLIP_A,)
    conn = sqlite3.connect(str(db))
    assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION == 7
    conn.close()


def test_a_file_set_back_by_hand_with_the_column_already_there_still_opens(tmp_path: Path) -> None:
    db = tmp_path / JobStore.FILENAME
    with JobStore(db) as store:
        store.add(["job:a"])
        store.set_kept("job:a", CLIP_A, True)
    conn = sqlite3.connect(str(db))
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION - 1:d}")
    conn.close()
    with JobStore(db) as store:
        assert store.get("job:a").kept == (CLIP_A,)  # type: ignore[union-attr]


@pytest.mark.parametrize("text", ["{not json", "5", '"one"', '{"a": 1}', "[1, null, true]", ""])
def test_odd_kept_text_reads_as_no_keeper(tmp_path: Path, text: str) -> None:
    db = tmp_path / JobStore.FILENAME
    with JobStore(db) as store:
        store.add(["job:a"])
    conn = sqlite3.connect(str(db))
    conn.execute("UPDATE jobs SET kept = ? WHERE jobid = 'job:a'", (text,))
    conn.commit()
    conn.close()
    with JobStore(db) as store:
        assert store.get("job:a").kept == ()  # type: ignore[union-attr]
        assert store.kept_clips() == {}
        assert store.set_kept("job:a", CLIP_B, True) == (CLIP_B,)  # and starring still works

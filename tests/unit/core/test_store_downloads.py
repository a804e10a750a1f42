"""The store's downloads ledger and queue: already downloaded means in the ledger and still on disk, moved
files the user points at are not fetched again, and unfinished downloads survive a restart."""

from __future__ import annotations

import os
import sqlite3
import sys
from collections.abc import Callable, Iterator
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from flowmusic_gui.core.filenames import SAMPLE_TRACK
from flowmusic_gui.core.store import (
    SCHEMA_VERSION,
    DownloadState,
    JobStore,
    NewDownload,
    StoreError,
)
from flowmusic_gui.core.track import track_from_json, track_to_json

CLIP_A = "user:1-me@example.com-clip:aaaaaaaa-0000-0000-0000-000000000000"
CLIP_B = "user:1-me@example.com-clip:bbbbbbbb-0000-0000-0000-000000000000"
T0 = datetime(2026, 12, 1, 12, 0, tzinfo=timezone.utc)


@pytest.fixture
def store(tmp_path: Path) -> Iterator[JobStore]:
    s = JobStore(tmp_path / "data" / JobStore.FILENAME)
    yield s
    s.close()


def song(folder: Path, name: str, size: int = 1000) -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"x" * size)
    return path


def test_already_downloaded_means_in_the_ledger_and_still_there(store: JobStore, tmp_path: Path) -> None:
    path = song(tmp_path / "Music", "Neon Rain (A).mp3")
    assert store.downloaded(CLIP_A, "mp3") is None
    entry = store.record_download(CLIP_A, "mp3", path, 1000, jobid="job:1", finished_at=T0)
    assert (entry.path, entry.size, entry.finished_at, entry.jobid) == (path, 1000, T0, "job:1")
    assert store.downloaded(CLIP_A, "mp3") == entry
    assert store.downloaded(CLIP_A, "wav") is None  # another format is another file
    path.write_bytes(b"y" * 10)  # changed: not the file we wrote
    assert store.downloaded(CLIP_A, "mp3") is None
    path.unlink()
    assert store.downloaded(CLIP_A, "mp3") is None
    assert store.ledger_entry(CLIP_A, "mp3") == entry  # the ledger still says where it was


def test_a_moved_file_the_user_points_at_is_recorded(store: JobStore, tmp_path: Path) -> None:
    old = song(tmp_path / "Music", "Song.mp3")
    store.record_download(CLIP_A, "mp3", old, 1000, finished_at=T0)
    new = tmp_path / "Elsewhere" / "renamed.mp3"
    new.parent.mkdir()
    os.replace(old, new)
    new.write_bytes(b"x" * 1200)  # retagged by a player: another size
    assert store.downloaded(CLIP_A, "mp3") is None
    entry = store.relocate_download(CLIP_A, "mp3", new)
    assert (entry.path, entry.size) == (new, 1200)
    assert store.downloaded(CLIP_A, "mp3") == entry
    with pytest.raises(StoreError, match=r"missing\.mp3"):
        store.relocate_download(CLIP_A, "mp3", tmp_path / "missing.mp3")
    with pytest.raises(KeyError):
        store.relocate_download(CLIP_B, "mp3", new)


def test_the_ledger_survives_a_restart_and_can_forget(tmp_path: Path) -> None:
    db = tmp_path / JobStore.FILENAME
    path = song(tmp_path, "a.m4a", 5)
    with JobStore(db) as s:
        s.record_download(CLIP_A, "m4a", path, 5, finished_at=T0)
        s.record_download(CLIP_B, "m4a", path.with_name("b.m4a"), 7, finished_at=T0 + timedelta(seconds=1))
    with JobStore(db) as s:
        assert [e.clip for e in s.ledger()] == [CLIP_B, CLIP_A]
        assert [e.clip for e in s.ledger([CLIP_A])] == [CLIP_A]
        assert s.downloaded(CLIP_A, "m4a") is not None
        assert s.forget_download(CLIP_A, "m4a") and not s.forget_download(CLIP_A, "m4a")
        assert s.downloaded(CLIP_A, "m4a") is None


def test_path_owner_keeps_two_clips_off_one_name(store: JobStore, tmp_path: Path) -> None:
    done = song(tmp_path, "Song.mp3")
    store.record_download(CLIP_A, "mp3", done, 1000)
    pending = tmp_path / "Song (2).mp3"
    store.enqueue_downloads([NewDownload(CLIP_B, "mp3", "mp3", pending)])
    assert store.path_owner(done) == (CLIP_A, "mp3")
    assert store.path_owner(pending) == (CLIP_B, "mp3")  # not on disk yet, but handed out
    assert store.path_owner(tmp_path / "Song (3).mp3") is None
    # One file on macOS, Windows and USB sticks: the same name everywhere.
    assert store.path_owner(tmp_path / "SONG.MP3") == (CLIP_A, "mp3")
    assert store.path_owner(tmp_path / "song (2).mp3") == (CLIP_B, "mp3")


def test_queue_survives_a_restart_and_resumes_what_was_cut_off(tmp_path: Path) -> None:
    db = tmp_path / JobStore.FILENAME
    target = tmp_path / "Music" / "Neon Rain (A).wav"
    track = track_to_json(SAMPLE_TRACK)
    with JobStore(db) as s:
        rows = s.enqueue_downloads(
            [NewDownload(CLIP_A, "wav", "wav", target, url="https://media.example/a.wav", jobid="job:1",
                         track=track),
             NewDownload(CLIP_B, "mp3", "mp3", tmp_path / "Music" / "b.mp3")],
            now=T0,
        )
        assert [r.state for r in rows] == [DownloadState.QUEUED, DownloadState.QUEUED]
        s.update_download(rows[0].id, state=DownloadState.RUNNING, attempt=True)
        s.update_download(rows[0].id, bytes_done=4096, total=10000)
        s.update_download(rows[1].id, state=DownloadState.FAILED, problem="b.mp3: HTTP 410 (the link expired)")
    # killed here; the next start:
    with JobStore(db) as s:
        (resume,) = s.resumable_downloads()
        assert (resume.clip, resume.format, resume.url_kind, resume.url, resume.jobid, resume.target) == (
            CLIP_A, "wav", "wav", "https://media.example/a.wav", "job:1", target,
        )
        assert (resume.state, resume.bytes_done, resume.total, resume.attempts) == (
            DownloadState.RUNNING, 4096, 10000, 1,
        )
        assert track_from_json(resume.track) == SAMPLE_TRACK
        failed = s.download_queue([DownloadState.FAILED])
        assert [f.problem for f in failed] == ["b.mp3: HTTP 410 (the link expired)"]


def test_asked_twice_fetched_once_and_finished_ones_requeue(store: JobStore, tmp_path: Path) -> None:
    (first,) = store.enqueue_downloads([NewDownload(CLIP_A, "mp3", "mp3", tmp_path / "a.mp3")])
    store.update_download(first.id, state=DownloadState.RUNNING, bytes_done=10)
    (again,) = store.enqueue_downloads([NewDownload(CLIP_A, "mp3", "mp3", tmp_path / "other.mp3")])
    assert (again.id, again.target, again.state, again.bytes_done) == (
        first.id, tmp_path / "a.mp3", DownloadState.RUNNING, 10,
    )
    path = song(tmp_path, "a.mp3", 20)
    store.record_download(CLIP_A, "mp3", path, 20)
    (done,) = store.download_queue()
    assert (done.state, done.bytes_done, done.total) == (DownloadState.DONE, 20, 20)
    (requeued,) = store.enqueue_downloads([NewDownload(CLIP_A, "mp3", "mp3", tmp_path / "b.mp3")])
    assert (requeued.state, requeued.target, requeued.bytes_done) == (DownloadState.QUEUED, tmp_path / "b.mp3", 0)


def test_clear_finished_keeps_failed_and_unfinished(store: JobStore, tmp_path: Path) -> None:
    clips = [f"user:1-me@example.com-clip:{i:08d}-0000-0000-0000-000000000000" for i in range(4)]
    rows = store.enqueue_downloads([NewDownload(c, "m4a", "audio", tmp_path / f"{i}.m4a")
                                    for i, c in enumerate(clips)])
    for row, state in zip(rows, [DownloadState.DONE, DownloadState.CANCELLED, DownloadState.FAILED], strict=False):
        store.update_download(row.id, state=state)
    assert store.clear_finished_downloads() == 2
    assert [r.state for r in store.download_queue()] == [DownloadState.FAILED, DownloadState.QUEUED]
    assert store.remove_downloads([rows[2].id, rows[3].id, 999]) == 2
    assert store.download_queue() == []


def test_bad_arguments_are_refused(store: JobStore, tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="format"):
        store.enqueue_downloads([NewDownload(CLIP_A, "flac", "audio", tmp_path / "a")])
    with pytest.raises(ValueError, match="url kind"):
        store.enqueue_downloads([NewDownload(CLIP_A, "mp3", "ftp", tmp_path / "a")])
    with pytest.raises(ValueError, match="size"):
        store.record_download(CLIP_A, "mp3", tmp_path / "a", -1)
    with pytest.raises(ValueError, match="clip"):
        store.record_download("", "mp3", tmp_path / "a", 1)
    assert store.download_queue() == [] and store.ledger() == []


@pytest.mark.skipif(sys.platform != "linux", reason="Linux file names are bytes")
def test_a_folder_name_that_is_not_utf8_round_trips(store: JobStore, tmp_path: Path) -> None:
    folder = Path(os.fsdecode(os.fsencode(tmp_path) + b"/caf\xe9"))
    path = song(folder, "Song.mp3", 3)
    store.record_download(CLIP_A, "mp3", path, 3)
    assert store.downloaded(CLIP_A, "mp3") is not None
    assert store.ledger()[0].path == path


def test_a_version_2_file_gains_the_tables_and_keeps_its_jobs(tmp_path: Path) -> None:
    db = tmp_path / JobStore.FILENAME
    with JobStore(db) as s:
        s.add(["job:a"])
    conn = sqlite3.connect(str(db))
    conn.executescript("DROP TABLE downloads; DROP TABLE download_queue; PRAGMA user_version = 2;")
    conn.close()
    with JobStore(db) as s:
        assert [j.jobid for j in s.all()] == ["job:a"]
        assert s.ledger() == [] and s.download_queue() == []
    conn = sqlite3.connect(str(db))
    assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION == 7
    conn.close()


def test_a_version_3_file_gains_the_source_column_and_its_jobs_read_as_pasted(tmp_path: Path) -> None:
    db = tmp_path / JobStore.FILENAME
    with JobStore(db) as s:
        s.add(["job:a"])
        s.add(["job:b"], source="account")
    conn = sqlite3.connect(str(db))
    conn.executescript("ALTER TABLE jobs DROP COLUMN source; PRAGMA user_version = 3;")
    conn.close()
    with JobStore(db) as s:
        assert [(j.jobid, j.source) for j in s.all()] == [("job:a", None), ("job:b", None)]
        s.add(["job:c"], source="account")
        assert s.get("job:c").source == "account"  # type: ignore[union-attr]
    conn = sqlite3.connect(str(db))
    assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    conn.close()


def test_track_json_never_raises() -> None:
    assert track_from_json(None) is None and track_from_json("{") is None and track_from_json("[1]") is None
    odd = track_from_json('{"title": 5, "seed": true, "duration_s": 1e400, "lyrics_timing": [[1, "x"], [2, 3]]}')
    assert odd is not None
    assert (odd.title, odd.seed, odd.duration_s, odd.lyrics_timing) == (None, None, None, ((2.0, 3.0),))


def test_two_clips_of_one_title_get_two_files_before_either_exists(store: JobStore, tmp_path: Path) -> None:
    from dataclasses import replace

    from flowmusic_gui.core.filenames import unique_path

    def taken_for(clip: str, fmt: str) -> Callable[[Path], bool]:
        def taken(path: Path) -> bool:
            owner = store.path_owner(path)
            return path.exists() or (owner is not None and owner != (clip, fmt))
        return taken

    targets = []
    for clip in (CLIP_A, CLIP_B, CLIP_A):  # A asked again gets its own name back
        track = replace(SAMPLE_TRACK, clip_id=clip, take=None)
        target = unique_path(tmp_path, "{title}.{format}", track, "mp3", taken=taken_for(clip, "mp3"))
        (row,) = store.enqueue_downloads([NewDownload(clip, "mp3", "mp3", target)])
        targets.append(row.target)
    assert [t.name for t in targets] == ["Neon Rain.mp3", "Neon Rain (2).mp3", "Neon Rain.mp3"]

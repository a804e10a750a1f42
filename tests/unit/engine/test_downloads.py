"""The downloads queue against the real simulator: formats, tags read back, ledger, names, resume, cancel, retry."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from mutagen.id3 import ID3
from mutagen.mp4 import MP4
from mutagen.wave import WAVE
from pytestqt.qtbot import QtBot

from flowmusic_gui.core.client import ApiClient, JobFound
from flowmusic_gui.core.records import parse_record
from flowmusic_gui.core.store import DownloadState, JobStore
from flowmusic_gui.core.tags import lrc_path
from flowmusic_gui.core.track import Track, tracks_from_record
from flowmusic_gui.engine.download_settings import DownloadSettings
from flowmusic_gui.engine.downloads import DownloadItem, DownloadQueue, DownloadRequest, RetryPolicy, ledger_key
from flowmusic_gui.engine.tasks import TaskRunner
from flowmusic_gui.simulator import Simulator

FAST_RETRY = RetryPolicy(attempts=3, base_s=0.05, max_s=0.2)


def completed_tracks(sim: Simulator, client: ApiClient, prompt: str = "a song", **force: object) -> tuple[Track, ...]:
    jobid = sim.submit(prompt)
    sim.force(jobid, outcome=str(force.get("outcome", "vocal")), pending_s=0)
    found = client.get_job(jobid)
    assert isinstance(found, JobFound), found
    return tracks_from_record(parse_record(found.data))


class Harness:
    """A queue on its own runner and store, recording every finished item."""

    def __init__(self, qtbot: QtBot, data: Path, folder: Path, client: ApiClient | None, **kw: object) -> None:
        self.qtbot = qtbot
        self.store_path = data / JobStore.FILENAME
        self.settings = DownloadSettings(folder=folder, **kw)  # type: ignore[arg-type]
        self.runner = TaskRunner()
        self.client = client
        self.queue = DownloadQueue(self.store_path, client=client, settings=lambda: self.settings,
                                   runner=self.runner, retry=FAST_RETRY)
        self.done: list[DownloadItem] = []
        self.queue.finished.connect(self.done.append)

    def run(self, requests: list[DownloadRequest], timeout_ms: int = 30_000) -> list[DownloadItem]:
        """Add ``requests`` and wait until every one has finished (done, skipped, failed, cancelled): their items."""
        planned: list[tuple[DownloadItem, ...]] = []
        self.queue.planned.connect(lambda _b, items: planned.append(items))
        self.queue.add(requests)
        self.qtbot.waitUntil(lambda: bool(planned), timeout=timeout_ms)
        items = planned[0]

        def final(item: DownloadItem) -> DownloadItem | None:
            if item.finished:
                return item
            latest = self.queue.item(item.id)
            return latest if latest is not None and latest.finished else None

        self.qtbot.waitUntil(lambda: all(final(i) is not None for i in items), timeout=timeout_ms)
        by_clip = {i.clip + i.format: final(i) for i in items}
        return [x for x in (by_clip[ledger_key(r.track, r.format) + r.format] for r in requests) if x is not None]

    def close(self) -> None:
        self.queue.shutdown()
        self.runner.shutdown(2.0)
        self.queue.close_store()


@pytest.fixture
def make(qtbot: QtBot, tmp_path: Path, client: ApiClient) -> Iterator[Callable[..., Harness]]:
    made: list[Harness] = []

    def build(folder: Path | None = None, **kw: object) -> Harness:
        h = Harness(qtbot, tmp_path / "data", folder or tmp_path / "Music", kw.pop("api", client), **kw)  # type: ignore[arg-type]
        made.append(h)
        return h

    yield build
    for h in made:
        h.close()


def test_each_format_lands_tagged_with_cover_and_in_the_ledger(
    make: Callable[..., Harness], sim: Simulator, client: ApiClient, tmp_path: Path
) -> None:
    tracks = completed_tracks(sim, client)
    h = make()
    results = h.run([DownloadRequest(tracks[0], fmt) for fmt in ("m4a", "wav", "mp3")])
    assert [r.state for r in results] == [DownloadState.DONE] * 3, [r.problem for r in results]
    by_fmt = {r.format: r for r in results}
    for fmt, item in by_fmt.items():
        assert item.target is not None and item.target.is_file() and item.target.suffix == f".{fmt}"
        assert item.target.parent == tmp_path / "Music"
        assert not Path(str(item.target) + ".part").exists()
    mp4 = MP4(by_fmt["m4a"].target)
    assert mp4.tags is not None and mp4.tags["\xa9nam"] == [tracks[0].title] and mp4.tags["covr"]
    for fmt in ("mp3", "wav"):
        id3 = ID3(by_fmt[fmt].target) if fmt == "mp3" else WAVE(by_fmt[fmt].target).tags
        assert str(id3["TIT2"]) == tracks[0].title
        assert id3.getall("APIC"), f"{fmt} has no cover"
    with JobStore(h.store_path) as store:
        for fmt, item in by_fmt.items():
            entry = store.downloaded(tracks[0].clip_id or "", fmt)
            assert entry is not None and entry.path == item.target and entry.size == item.target.stat().st_size


def test_m4a_gets_synced_lyrics_beside_it_when_the_timing_pairs(
    make: Callable[..., Harness], sim: Simulator, client: ApiClient
) -> None:
    tracks = completed_tracks(sim, client, outcome="vocal")
    h = make()
    [item] = h.run([DownloadRequest(tracks[0], "m4a")])
    assert item.state is DownloadState.DONE and item.target is not None
    if tracks[0].lyrics_timing:
        assert lrc_path(item.target).is_file()


def test_a_second_request_is_skipped_even_after_the_file_was_renamed_and_told(
    make: Callable[..., Harness], sim: Simulator, client: ApiClient, tmp_path: Path
) -> None:
    tracks = completed_tracks(sim, client)
    h = make()
    [first] = h.run([DownloadRequest(tracks[0], "m4a")])
    assert first.state is DownloadState.DONE and first.target is not None
    before = len(sim.requests)
    [again] = h.run([DownloadRequest(tracks[0], "m4a")])
    assert again.skipped and again.target == first.target
    assert not [r for r in sim.requests[before:] if "/media/" in r.path]
    moved = tmp_path / "elsewhere.m4a"
    first.target.rename(moved)
    with JobStore(h.store_path) as store:
        store.relocate_download(tracks[0].clip_id or "", "m4a", moved)
    [third] = h.run([DownloadRequest(tracks[0], "m4a")])
    assert third.skipped and third.target == moved


def test_two_clips_of_one_title_never_share_a_file(
    make: Callable[..., Harness], sim: Simulator, client: ApiClient
) -> None:
    tracks = completed_tracks(sim, client)
    same = [Track(**{**t.__dict__, "title": "Same", "take": "A"}) for t in tracks]
    h = make()
    results = h.run([DownloadRequest(t, "m4a") for t in same])
    targets = {r.target for r in results}
    assert len(targets) == 2 and all(r.state is DownloadState.DONE for r in results)


def test_a_partial_file_is_resumed_with_range(make: Callable[..., Harness], sim: Simulator, client: ApiClient,
                                              tmp_path: Path) -> None:
    tracks = completed_tracks(sim, client)
    h = make()
    # A partial file of the first bytes survives from a run that was killed: the queue row says running.
    import requests

    data = requests.get(tracks[0].wav_url or "", timeout=10).content
    target = tmp_path / "Music" / "half.wav"
    target.parent.mkdir(parents=True)
    Path(str(target) + ".part").write_bytes(data[: len(data) // 2])
    from flowmusic_gui.core.store import NewDownload
    from flowmusic_gui.core.track import track_to_json

    with JobStore(h.store_path) as store:
        [row] = store.enqueue_downloads([NewDownload(tracks[0].clip_id or "", "wav", "wav", target,
                                                     url=tracks[0].wav_url, track=track_to_json(tracks[0]))])
        store.update_download(row.id, state=DownloadState.RUNNING)
    before = len(sim.requests)
    h.queue.restore()
    h.qtbot.waitUntil(lambda: any(d.id == row.id for d in h.done), timeout=30_000)
    [item] = [d for d in h.done if d.id == row.id]
    assert item.state is DownloadState.DONE, item.problem
    assert target.stat().st_size >= len(data)  # tags add an ID3 chunk
    media = [r for r in sim.requests[before:] if "/media/wav/" in r.path]
    assert len(media) == 1


def test_an_expired_link_fails_naming_the_file_and_the_queue_goes_on(
    make: Callable[..., Harness], sim: Simulator, client: ApiClient, tmp_path: Path
) -> None:
    tracks = completed_tracks(sim, client)
    sim.expire_media(tracks[0].audio_url or "")
    h = make()
    results = h.run([DownloadRequest(tracks[0], "m4a"), DownloadRequest(tracks[1], "m4a")])
    assert results[0].state is DownloadState.FAILED
    assert results[0].problem is not None and "403" in results[0].problem and ".m4a" in results[0].problem
    assert results[1].state is DownloadState.DONE
    assert not list((tmp_path / "Music").glob("*.part"))


def test_cancel_removes_the_partial_file(make: Callable[..., Harness], sim: Simulator, client: ApiClient,
                                         tmp_path: Path, qtbot: QtBot) -> None:
    from flowmusic_gui.engine.media import TransferLimits

    tracks = completed_tracks(sim, client)
    h = make()
    h.queue.limits = TransferLimits(total_s=60, min_rate=1.0)
    sim.inject_faults(["slow"])  # the next request (the WAV) waits before answering
    planned: list[tuple[DownloadItem, ...]] = []
    h.queue.planned.connect(lambda _b, items: planned.append(items))
    h.queue.add([DownloadRequest(tracks[0], "wav")])
    qtbot.waitUntil(lambda: bool(planned), timeout=10_000)
    h.queue.cancel(planned[0][0].id)
    qtbot.waitUntil(lambda: any(d.state is DownloadState.CANCELLED for d in h.done), timeout=10_000)
    assert not list((tmp_path / "Music").glob("*"))


def test_a_clip_without_an_id_still_downloads_and_is_skipped_the_second_time(
    make: Callable[..., Harness], sim: Simulator, client: ApiClient
) -> None:
    # Every clip field may be missing (API.md): the ledger then knows the clip by its job and take.
    tracks = completed_tracks(sim, client)
    anonymous = Track(**{**tracks[0].__dict__, "clip_id": None})
    h = make()
    [first] = h.run([DownloadRequest(anonymous, "wav")])
    assert first.state is DownloadState.DONE, first.problem
    [again] = h.run([DownloadRequest(anonymous, "wav")])
    assert again.skipped and again.target == first.target
    [mp3] = h.run([DownloadRequest(anonymous, "mp3")])
    assert mp3.state is DownloadState.FAILED and mp3.problem is not None and "no id" in mp3.problem


def test_a_file_renamed_or_moved_inside_the_folder_is_recognised_by_its_tag_not_fetched_again(
    make: Callable[..., Harness], sim: Simulator, client: ApiClient, tmp_path: Path
) -> None:
    tracks = completed_tracks(sim, client)
    h = make()
    first = h.run([DownloadRequest(tracks[0], "m4a"), DownloadRequest(tracks[1], "mp3")])
    assert all(r.state is DownloadState.DONE and r.target is not None for r in first)
    m4a, mp3 = (r.target for r in first)
    assert m4a is not None and mp3 is not None
    renamed = m4a.with_name("my favourite.m4a")
    m4a.rename(renamed)
    (tmp_path / "Music" / "Keepers" / "2026").mkdir(parents=True)
    moved = tmp_path / "Music" / "Keepers" / "2026" / "that one.mp3"
    mp3.rename(moved)
    before = len(sim.requests)
    again = make().run([DownloadRequest(tracks[0], "m4a"), DownloadRequest(tracks[1], "mp3")])
    assert [(r.skipped, r.target) for r in again] == [(True, renamed), (True, moved)]
    assert not [r for r in sim.requests[before:] if "/media/" in r.path or "/music/download" in r.path]
    with JobStore(h.store_path) as store:
        entry = store.downloaded(tracks[1].clip_id or "", "mp3")
        assert entry is not None and entry.path == moved
    # A file whose clip tag the user removed is not recognised: it is fetched again, as before.
    tags = ID3(moved)
    tags.delall("TXXX:FLOWMUSIC_CLIP_ID")
    tags.save(moved)
    moved.rename(moved.with_name("untagged.mp3"))
    [fetched] = make().run([DownloadRequest(tracks[1], "mp3")])
    assert fetched.state is DownloadState.DONE and not fetched.skipped
    assert fetched.target is not None and fetched.target.parent == tmp_path / "Music"


def test_rescan_library_points_the_ledger_at_moved_files_and_enters_unknown_ones(
    make: Callable[..., Harness], sim: Simulator, client: ApiClient, tmp_path: Path, qtbot: QtBot
) -> None:
    from flowmusic_gui.engine.downloads import RescanSummary

    tracks = completed_tracks(sim, client)
    h = make()
    done = h.run([DownloadRequest(t, "m4a") for t in tracks])
    paths = [r.target for r in done]
    assert all(p is not None for p in paths)
    (tmp_path / "Music" / "sorted").mkdir()
    moved = tmp_path / "Music" / "sorted" / "a.m4a"
    paths[0].rename(moved)  # type: ignore[union-attr]
    with JobStore(h.store_path) as store:
        store.forget_download(tracks[1].clip_id or "", "m4a")  # a ledger that never knew the second file
    with qtbot.waitSignal(h.queue.rescanned, timeout=10_000) as got:
        h.queue.rescan(tmp_path / "Music")
    summary = got.args[0]
    assert isinstance(summary, RescanSummary)
    assert (summary.files, summary.known, summary.moved, summary.added) == (2, 0, 1, 1)
    with JobStore(h.store_path) as store:
        first = store.downloaded(tracks[0].clip_id or "", "m4a")
        second = store.downloaded(tracks[1].clip_id or "", "m4a")
    assert first is not None and first.path == moved
    assert second is not None and second.path == paths[1]
    with qtbot.waitSignal(h.queue.rescanned, timeout=10_000) as again:
        h.queue.rescan(tmp_path / "Music")
    assert (again.args[0].known, again.args[0].moved, again.args[0].added) == (2, 0, 0)

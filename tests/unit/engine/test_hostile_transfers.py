"""Downloads against a media host that compresses, changes the file between two attempts, lies in its
Content-Range or its checksum, and a download folder with links planted in it. Each against a real local server and
a real folder: a finished file is always the server's file whole, never a splice, never written through a link."""

from __future__ import annotations

import base64
import gzip
import hashlib
import os
import threading
import wave
from collections.abc import Callable, Iterator
from dataclasses import replace
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from helpers.media import make_song
from mutagen.mp3 import MP3
from pytestqt.qtbot import QtBot

from flowmusic_gui.core.client import ApiClient
from flowmusic_gui.core.store import DownloadState, JobStore, NewDownload
from flowmusic_gui.core.track import Track, track_to_json
from flowmusic_gui.engine.download_settings import DownloadSettings
from flowmusic_gui.engine.downloads import DownloadItem, DownloadQueue, DownloadRequest, RetryPolicy
from flowmusic_gui.engine.media import COVER_MAX_BYTES, MediaError, fetch_bytes, media_session
from flowmusic_gui.engine.tasks import TaskRunner


class Host:
    """Serves one WAV at /song.wav and misbehaves as ``mode`` says. It honours Range and If-Range as RFC 9110
    does unless told otherwise; ``version`` is the file it has now (its ETag ``"v<n>"``)."""

    def __init__(self, versions: list[bytes]) -> None:
        self.versions = versions
        self.version = 0
        self.mode: set[str] = set()
        self.seen: list[dict[str, str]] = []
        self.after_first = threading.Event()
        owner = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args: object) -> None:
                pass

            def do_GET(self) -> None:
                owner.handle(self)

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}/song.wav"
        self.thread = threading.Thread(target=self.httpd.serve_forever, args=(0.05,), daemon=True)
        self.thread.start()

    def handle(self, h: BaseHTTPRequestHandler) -> None:
        headers = {k.lower(): v for k, v in h.headers.items()}
        first = not self.seen
        self.seen.append(headers)
        data = self.versions[self.version]
        etag = f'"v{self.version}"'
        body, status, extra = data, 200, {"ETag": etag}
        if "md5" in self.mode:
            md5 = base64.b64encode(hashlib.md5(self.versions[0]).digest()).decode()
            extra["x-goog-hash"] = f"crc32c=AAAAAA==,md5={md5}"
        rng = headers.get("range")
        if rng and "ignore-if-range" not in self.mode and headers.get("if-range") not in (None, etag):
            rng = None  # the file changed since the validator the client holds: the whole new file
        if rng:
            start = int(rng.split("=")[1].split("-")[0])
            status = 206
            body = data[start:]
            extra["Content-Range"] = f"bytes {start}-{len(data) - 1}/{len(data)}"
            if "lying-range" in self.mode:
                body = data  # says it continues at `start`, sends the whole file
        encoded = False
        if "gzip-always" in self.mode or ("gzip" in self.mode and "gzip" in headers.get("accept-encoding", "")):
            body = gzip.compress(body, 9)
            extra["Content-Encoding"] = "gzip"
            encoded = True
        h.send_response(status)
        h.send_header("Content-Type", "audio/wav")
        for k, v in extra.items():
            h.send_header(k, v)
        h.send_header("Content-Length", str(len(body)))
        h.end_headers()
        if first and "cut-first" in self.mode and not encoded:
            h.wfile.write(body[: len(body) // 2])
            h.wfile.flush()
            self.version = min(self.version + ("change" in self.mode), len(self.versions) - 1)
            h.close_connection = True
            self.after_first.set()
            return
        h.wfile.write(body)

    def stop(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()
        self.thread.join(5)


@pytest.fixture(scope="module")
def songs(tmp_path_factory: pytest.TempPathFactory) -> list[bytes]:
    folder = tmp_path_factory.mktemp("media")
    one = make_song(folder / "one.wav", seconds=3.0).read_bytes()
    # The same length, other samples: a splice of the two would pass any length check.
    at = one.index(b"data") + 8
    two = one[:at] + bytes(b ^ 0x5A for b in one[at:])
    return [one, two]


@pytest.fixture
def host(songs: list[bytes]) -> Iterator[Host]:
    h = Host(songs)
    yield h
    h.stop()


def frames(path: Path) -> bytes:
    with wave.open(str(path), "rb") as w:
        return w.readframes(w.getnframes())


def frames_of(data: bytes, tmp: Path) -> bytes:
    tmp.write_bytes(data)
    return frames(tmp)


def song(url: str, title: str = "Song", clip: str = "1", lyrics: str | None = None,
         timing: tuple[tuple[float, float], ...] | None = None, audio_url: str | None = None) -> Track:
    clip_id = f"user:1-a@b.c-clip:{clip.rjust(8, '0')}-aaaa-bbbb-cccc-000000000000"
    return Track(clip_id=clip_id, title=title, take="A", jobid=None, account="a@b.c", created_at=None, prompt="p",
                 seed=1, lyrics=lyrics, lyrics_timing=timing, duration_s=3.0, image_url=None, wav_url=url,
                 audio_url=audio_url)


class Run:
    def __init__(self, qtbot: QtBot, data: Path, folder: Path, *, lrc: bool = False,
                 client: ApiClient | None = None) -> None:
        self.qtbot = qtbot
        self.settings = DownloadSettings(folder=folder, lrc=lrc)
        self.runner = TaskRunner()
        self.queue = DownloadQueue(data / JobStore.FILENAME, client=client, settings=lambda: self.settings,
                                   runner=self.runner, retry=RetryPolicy(attempts=3, base_s=0.02, max_s=0.05))
        self.done: list[DownloadItem] = []
        self.queue.finished.connect(self.done.append)

    def run(self, requests: list[DownloadRequest]) -> list[DownloadItem]:
        start = len(self.done)
        self.queue.add(requests)
        self.qtbot.waitUntil(lambda: len(self.done) - start >= len(requests), timeout=30_000)
        return self.done[start:]

    def close(self) -> None:
        self.queue.shutdown()
        self.runner.shutdown(2.0)
        self.queue.close_store()


@pytest.fixture
def make_run(qtbot: QtBot, tmp_path: Path) -> Iterator[Callable[..., Run]]:
    runs: list[Run] = []

    def make(folder: Path, **kw: Any) -> Run:
        r = Run(qtbot, tmp_path / "data", folder, **kw)
        runs.append(r)
        return r

    yield make
    for r in runs:
        r.close()


# -- compression ----------------------------------------------------------------------------------------------


def test_a_host_that_compresses_when_asked_is_not_asked_and_the_file_is_saved_whole(
    make_run: Callable[..., Run], host: Host, songs: list[bytes], tmp_path: Path
) -> None:
    host.mode = {"gzip"}  # a CDN that gzips whatever a client says it accepts
    [item] = make_run(tmp_path / "Music").run([DownloadRequest(song(host.url), "wav")])
    assert item.state is DownloadState.DONE, item.problem
    assert host.seen[0]["accept-encoding"] == "identity"
    assert item.target is not None and frames(item.target) == frames_of(songs[0], tmp_path / "x.wav")


def test_a_compressed_answer_despite_identity_is_refused_and_a_bomb_writes_nothing(
    make_run: Callable[..., Run], host: Host, tmp_path: Path
) -> None:
    host.versions = [bytes(200 * 1024 * 1024)]  # 200 MB of zeros: about 200 KB gzipped
    host.mode = {"gzip-always"}
    folder = tmp_path / "Music"
    [item] = make_run(folder).run([DownloadRequest(song(host.url), "wav")])
    assert item.state is DownloadState.FAILED
    assert item.problem is not None and "compressed (gzip)" in item.problem and "Song (A).wav" in item.problem
    assert len(host.seen) == 1  # refused at once: trying again would get the same answer
    assert sum(p.stat().st_size for p in folder.rglob("*") if p.is_file()) == 0


def test_the_api_mp3_download_asks_for_identity_and_resumes_only_the_same_file(
    make_run: Callable[..., Run], host: Host, tmp_path: Path
) -> None:
    short = make_song(tmp_path / "short.mp3", 2.0).read_bytes()
    long = make_song(tmp_path / "long.mp3", 4.0).read_bytes()
    host.versions = [short, long]
    host.mode = {"gzip", "cut-first", "change"}
    client = ApiClient(host.url.rsplit("/", 1)[0] + "/v1/flowmusic", "user:1-token", timeout=(2.0, 5.0))
    try:
        [item] = make_run(tmp_path / "Music", client=client).run([DownloadRequest(song(host.url), "mp3")])
    finally:
        client.close()
    assert item.state is DownloadState.DONE, item.problem
    assert all(s["accept-encoding"] == "identity" for s in host.seen)
    assert host.seen[1].get("if-range") == '"v0"'
    assert item.target is not None and item.target.read_bytes().endswith(long[-8192:])
    audio: Any = MP3(item.target)  # mutagen's stubs type info as None
    assert abs(audio.info.length - 4.0) < 0.2


# -- resumes ------------------------------------------------------------------------------------------------


def test_a_file_that_changed_between_two_attempts_is_fetched_whole_never_spliced(
    make_run: Callable[..., Run], host: Host, songs: list[bytes], tmp_path: Path
) -> None:
    host.mode = {"cut-first", "change"}  # the first answer stops half way; then the host has another file
    [item] = make_run(tmp_path / "Music").run([DownloadRequest(song(host.url), "wav")])
    assert item.state is DownloadState.DONE, item.problem
    assert host.seen[1].get("if-range") == '"v0"' and host.seen[1].get("range")
    assert item.target is not None and frames(item.target) == frames_of(songs[1], tmp_path / "x.wav")


def test_a_host_that_ignores_if_range_is_caught_by_its_etag(
    make_run: Callable[..., Run], host: Host, songs: list[bytes], tmp_path: Path
) -> None:
    host.mode = {"cut-first", "change", "ignore-if-range"}  # answers the Range of the new file anyway
    [item] = make_run(tmp_path / "Music").run([DownloadRequest(song(host.url), "wav")])
    assert item.state is DownloadState.DONE, item.problem
    assert item.target is not None and frames(item.target) == frames_of(songs[1], tmp_path / "x.wav")
    assert host.seen[-1].get("range") is None  # started again from the first byte


def test_a_206_whose_range_disagrees_with_its_body_is_not_appended(
    make_run: Callable[..., Run], host: Host, songs: list[bytes], tmp_path: Path
) -> None:
    host.mode = {"cut-first", "lying-range"}
    [item] = make_run(tmp_path / "Music").run([DownloadRequest(song(host.url), "wav")])
    assert item.state is DownloadState.DONE, item.problem
    assert item.target is not None and frames(item.target) == frames_of(songs[0], tmp_path / "x.wav")
    assert item.target.stat().st_size < len(songs[0]) + 64 * 1024  # the tags, not a second copy


def test_a_body_that_does_not_match_the_hosts_checksum_is_never_kept(
    make_run: Callable[..., Run], host: Host, songs: list[bytes], tmp_path: Path
) -> None:
    host.version = 1
    host.mode = {"md5"}  # the checksum of the first file, the body of the second: corrupted on the way
    folder = tmp_path / "Music"
    [item] = make_run(folder).run([DownloadRequest(song(host.url), "wav")])
    assert item.state is DownloadState.FAILED
    assert item.problem is not None and "md5 checksum" in item.problem and "Song (A).wav" in item.problem
    assert [p for p in folder.rglob("*") if p.is_file()] == []


def test_a_matching_checksum_is_accepted(make_run: Callable[..., Run], host: Host, tmp_path: Path) -> None:
    host.mode = {"md5"}
    [item] = make_run(tmp_path / "Music").run([DownloadRequest(song(host.url), "wav")])
    assert item.state is DownloadState.DONE, item.problem


# -- links in the download folder ------------------------------------------------------------------------------


def test_a_dangling_part_link_is_never_followed(
    make_run: Callable[..., Run], host: Host, songs: list[bytes], tmp_path: Path
) -> None:
    folder = tmp_path / "Music"
    folder.mkdir()
    outside = tmp_path / "outside" / "planted.wav"
    outside.parent.mkdir()
    (folder / "Song (A).wav.part").symlink_to(outside)
    [item] = make_run(folder).run([DownloadRequest(song(host.url), "wav")])
    assert item.state is DownloadState.DONE, item.problem
    assert not outside.exists()
    assert item.target is not None and item.target.parent == folder and not item.target.is_symlink()
    assert frames(item.target) == frames_of(songs[0], tmp_path / "x.wav")


def queued(data: Path, target: Path, track: Track) -> None:
    """A download already planned (as before a crash): its row in the store, nothing on disk yet."""
    data.mkdir(parents=True, exist_ok=True)
    store = JobStore(data / JobStore.FILENAME)
    store.enqueue_downloads([NewDownload(clip=track.clip_id or "", format="wav", url_kind="wav", target=target,
                                         url=track.wav_url, jobid=None, track=track_to_json(track))])
    store.close()


def restored(qtbot: QtBot, data: Path, folder: Path) -> DownloadItem:
    run = Run(qtbot, data, folder)
    try:
        run.queue.restore()
        qtbot.waitUntil(lambda: bool(run.done), timeout=20_000)
    finally:
        run.close()
    [item] = run.done
    return item


def test_a_part_swapped_for_a_link_after_a_crash_gets_nothing_appended(
    qtbot: QtBot, host: Host, songs: list[bytes], tmp_path: Path
) -> None:
    folder = tmp_path / "Music"
    folder.mkdir()
    queued(tmp_path / "data", folder / "Song (A).wav", song(host.url))
    outside = tmp_path / "outside.txt"
    outside.write_bytes(b"the user's own file\n")
    (folder / "Song (A).wav.part").symlink_to(outside)
    item = restored(qtbot, tmp_path / "data", folder)
    assert item.state is DownloadState.DONE, item.problem
    assert outside.read_bytes() == b"the user's own file\n"
    assert all(s.get("range") is None for s in host.seen)
    assert item.target is not None and frames(item.target) == frames_of(songs[0], tmp_path / "x.wav")


def test_a_queued_download_whose_folder_became_a_link_outside_is_refused(
    qtbot: QtBot, host: Host, tmp_path: Path
) -> None:
    folder = tmp_path / "Music"
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    queued(tmp_path / "data", folder / "sub" / "Song (A).wav", song(host.url))
    folder.mkdir()
    (folder / "sub").symlink_to(outside, target_is_directory=True)  # planted after the name was chosen
    item = restored(qtbot, tmp_path / "data", folder)
    assert item.state is DownloadState.FAILED
    assert item.problem is not None and "outside the download folder" in item.problem
    assert list(outside.iterdir()) == []


# -- synced lyrics beside the songs -------------------------------------------------------------------------

LYRICS = "[Verse]\nfirst line\nsecond line"
TIMING = ((0.5, 1.0), (1.5, 2.0))


def test_two_clips_whose_names_collide_get_their_own_lrc(
    make_run: Callable[..., Run], host: Host, tmp_path: Path
) -> None:
    m4a = make_song(tmp_path / "song.m4a", 1.0).read_bytes()
    host.versions = [host.versions[0], m4a]
    folder = tmp_path / "Music"
    run = make_run(folder, lrc=True)
    one = song(host.url, clip="1", lyrics=LYRICS, timing=TIMING)
    other_url = host.url  # the m4a comes from the same host: its second version
    [a] = run.run([DownloadRequest(one, "wav")])
    host.version = 1
    two = replace(song(other_url, clip="2", lyrics="[Verse]\nother words\nmore of them", timing=TIMING),
                  audio_url=other_url, wav_url=None)
    [b] = run.run([DownloadRequest(two, "m4a")])
    assert a.state is DownloadState.DONE and b.state is DownloadState.DONE, (a.problem, b.problem)
    assert a.target is not None and b.target is not None
    lrc_a, lrc_b = a.target.with_suffix(".lrc"), b.target.with_suffix(".lrc")
    assert lrc_a != lrc_b
    assert "first line" in lrc_a.read_text() and "other words" in lrc_b.read_text()


def test_a_users_own_lrc_is_never_replaced(make_run: Callable[..., Run], host: Host, tmp_path: Path) -> None:
    folder = tmp_path / "Music"
    folder.mkdir()
    mine = folder / "Song (A).lrc"
    mine.write_text("[00:01.00]my own timing\n")
    [item] = make_run(folder, lrc=True).run([DownloadRequest(song(host.url, lyrics=LYRICS, timing=TIMING), "wav")])
    assert item.state is DownloadState.DONE, item.problem
    assert mine.read_text() == "[00:01.00]my own timing\n"
    assert item.target is not None and item.target.name == "Song (A) (2).wav"
    assert "first line" in item.target.with_suffix(".lrc").read_text()


def test_an_lrc_link_planted_beside_a_song_is_not_written_through(
    make_run: Callable[..., Run], host: Host, tmp_path: Path
) -> None:
    folder = tmp_path / "Music"
    folder.mkdir()
    outside = tmp_path / "victim.txt"
    outside.write_text("keep me\n")
    (folder / "Song (A).lrc.part").symlink_to(outside)
    [item] = make_run(folder, lrc=True).run([DownloadRequest(song(host.url, lyrics=LYRICS, timing=TIMING), "wav")])
    assert item.state is DownloadState.DONE, item.problem
    assert outside.read_text() == "keep me\n"
    assert item.target is not None and not item.target.with_suffix(".lrc").is_symlink()
    assert os.path.exists(item.target.with_suffix(".lrc"))


def test_a_cover_sent_compressed_despite_identity_is_refused_not_inflated(host: Host) -> None:
    host.versions = [bytes(50 * 1024 * 1024)]  # inflates far past the cover cap
    host.mode = {"gzip-always"}
    with media_session() as session, pytest.raises(MediaError, match=r"compressed \(gzip\)"):
        fetch_bytes(session, host.url, max_bytes=COVER_MAX_BYTES, timeout=(2.0, 5.0))
    assert host.seen[0]["accept-encoding"] == "identity"


def test_the_clients_own_mp3_download_refuses_compression_and_never_writes_through_a_link(
    host: Host, songs: list[bytes], tmp_path: Path
) -> None:
    from flowmusic_gui.core.client import Downloaded, Transient

    client = ApiClient(host.url.rsplit("/", 1)[0] + "/v1/flowmusic", "user:1-token", timeout=(2.0, 5.0))
    dest = tmp_path / "song.mp3"
    outside = tmp_path / "outside.txt"
    outside.write_text("keep me\n")
    Path(str(dest) + ".part").symlink_to(outside)
    try:
        host.mode = {"gzip-always"}
        refused = client.download_mp3(song(host.url).clip_id or "", dest)
        assert isinstance(refused, Transient) and "compressed (gzip)" in refused.message
        host.mode = set()
        Path(str(dest) + ".part").unlink(missing_ok=True)
        Path(str(dest) + ".part").symlink_to(outside)  # planted again
        got = client.download_mp3(song(host.url).clip_id or "", dest)
    finally:
        client.close()
    assert isinstance(got, Downloaded) and dest.read_bytes() == songs[0]
    assert outside.read_text() == "keep me\n"
    assert all(s["accept-encoding"] == "identity" for s in host.seen)

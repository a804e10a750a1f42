"""Downloads under faults, each against a real local server and a real file system: a clear message naming the
file, the partial file removed, the queue going on, nothing written outside the download folder."""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
import threading
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from helpers.media import make_song
from mutagen.wave import WAVE
from pytestqt.qtbot import QtBot

from flowmusic_gui.core.store import DownloadState, JobStore
from flowmusic_gui.core.track import Track
from flowmusic_gui.engine.download_settings import DownloadSettings
from flowmusic_gui.engine.downloads import DownloadItem, DownloadQueue, DownloadRequest, RetryPolicy
from flowmusic_gui.engine.tasks import TaskRunner


class FileServer:
    """Serves ``files`` (path -> bytes) with Range; ``mode[path]`` makes one misbehave:
    ``half`` sends half the body (announcing all of it) then closes; ``gate`` sends half, waits for
    ``gate`` to be set, then the rest; an int answers that HTTP status."""

    def __init__(self) -> None:
        self.files: dict[str, bytes] = {}
        self.mode: dict[str, Any] = {}
        self.ranges: list[str | None] = []
        self.headers: list[dict[str, str]] = []
        self.gate = threading.Event()
        self.halfway = threading.Event()
        owner = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args: object) -> None:
                pass

            def do_GET(self) -> None:
                owner.ranges.append(self.headers.get("Range"))
                mode = owner.mode.get(self.path)
                owner.headers.append({k.lower(): v for k, v in self.headers.items()})
                if mode in ("drip", "hang"):  # a byte now and then (or nothing), never finishing
                    self.send_response(200)
                    self.send_header("Content-Type", "audio/wav")
                    self.send_header("Content-Length", "100000000")
                    self.end_headers()
                    self.wfile.write(b"RIFF")
                    self.wfile.flush()
                    owner.halfway.set()
                    for _ in range(600):
                        if owner.gate.wait(0.05):
                            return
                        if mode == "drip":
                            try:
                                self.wfile.write(b"x")
                                self.wfile.flush()
                            except OSError:
                                return
                    return
                if isinstance(mode, int):
                    body = b"<Error><Code>AccessDenied</Code></Error>"
                    self.send_response(mode)
                    self.send_header("Content-Type", "application/xml")
                    self.send_header("Content-Length", str(len(body)))
                    self.end_headers()
                    self.wfile.write(body)
                    return
                data = owner.files.get(self.path)
                if data is None:
                    self.send_error(404)
                    return
                start = 0
                rng = self.headers.get("Range")
                if rng and mode not in ("half", "gate"):
                    start = int(rng.split("=")[1].split("-")[0])
                    self.send_response(206)
                    self.send_header("Content-Range", f"bytes {start}-{len(data) - 1}/{len(data)}")
                else:
                    self.send_response(200)
                ctype = "image/jpeg" if self.path.endswith(".jpg") else "audio/wav"
                self.send_header("Content-Type", ctype)
                self.send_header("Content-Length", str(len(data) - start))
                self.end_headers()
                body = data[start:]
                if mode == "half" or (mode in ("gate", "half_once") and not rng):
                    self.wfile.write(body[: len(body) // 2])
                    self.wfile.flush()
                    owner.halfway.set()
                    if mode in ("half", "half_once"):
                        self.close_connection = True
                        return
                    owner.gate.wait(30)
                    body = body[len(body) // 2 :]
                self.wfile.write(body)

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        self.thread = threading.Thread(target=self.httpd.serve_forever, args=(0.05,), daemon=True)
        self.thread.start()

    def stop(self) -> None:
        self.gate.set()
        self.httpd.shutdown()
        self.httpd.server_close()
        self.thread.join(5)


@pytest.fixture(scope="module")
def wav_bytes(tmp_path_factory: pytest.TempPathFactory) -> bytes:
    return make_song(tmp_path_factory.mktemp("media") / "song.wav", seconds=6.0).read_bytes()


@pytest.fixture
def server(wav_bytes: bytes) -> Iterator[FileServer]:
    s = FileServer()
    s.files["/song.wav"] = wav_bytes
    yield s
    s.stop()


def track(url: str, title: str = "Song", clip: str = "1", image_url: str | None = None) -> Track:
    clip_id = f"user:1-a@b.c-clip:{clip.rjust(8, '0')}-aaaa-bbbb-cccc-000000000000"
    return Track(clip_id=clip_id, title=title, take="A", jobid=None, account="a@b.c", created_at=None, prompt="p",
                 seed=1, lyrics=None, lyrics_timing=None, duration_s=6.0, image_url=image_url, wav_url=url)


class Run:
    def __init__(self, qtbot: QtBot, data: Path, folder: Path) -> None:
        self.qtbot = qtbot
        self.settings = DownloadSettings(folder=folder)
        self.runner = TaskRunner()
        self.queue = DownloadQueue(data / JobStore.FILENAME, client=None, settings=lambda: self.settings,
                                   runner=self.runner, retry=RetryPolicy(attempts=3, base_s=0.02, max_s=0.05))
        self.done: list[DownloadItem] = []
        self.queue.finished.connect(self.done.append)

    def run(self, tracks: list[Track], folder: Path | None = None) -> list[DownloadItem]:
        start = len(self.done)
        settings = DownloadSettings(folder=folder) if folder is not None else None
        self.queue.add([DownloadRequest(t, "wav") for t in tracks], settings)
        self.qtbot.waitUntil(lambda: len(self.done) - start >= len(tracks), timeout=30_000)
        by_clip = {d.clip: d for d in self.done[start:]}
        return [by_clip[t.clip_id or ""] for t in tracks]

    def close(self) -> None:
        self.queue.shutdown()
        self.runner.shutdown(2.0)
        self.queue.close_store()


@pytest.fixture
def make_run(qtbot: QtBot, tmp_path: Path) -> Iterator[Callable[[Path], Run]]:
    runs: list[Run] = []

    def make(folder: Path) -> Run:
        r = Run(qtbot, tmp_path / "data", folder)
        runs.append(r)
        return r

    yield make
    for r in runs:
        r.close()


def everything_under(root: Path) -> set[Path]:
    return set(root.rglob("*"))


@contextlib.contextmanager
def tmpfs(path: Path, *, size: str = "256k", read_only: bool = False) -> Iterator[Path]:
    """A small real file system at ``path`` (root only: mount), so the kernel itself says ENOSPC or EROFS."""
    path.mkdir(parents=True, exist_ok=True)
    opts = f"size={size}" + (",ro" if read_only else "")
    if os.geteuid() != 0 or shutil.which("mount") is None:
        pytest.skip("needs root to mount a small file system")
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", opts, "tmpfs", str(path)], capture_output=True)
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {mounted.stderr.decode(errors='replace').strip()}")
    try:
        yield path
    finally:
        subprocess.run(["umount", "-l", str(path)], check=False)


def test_disk_full_names_the_file_removes_the_part_and_the_queue_goes_on(
    make_run: Callable[[Path], Run], server: FileServer, tmp_path: Path
) -> None:
    with tmpfs(tmp_path / "small", size="256k") as small:
        run = make_run(small)
        [full] = run.run([track(server.url + "/song.wav", "Too Big", "1")])
        assert full.state is DownloadState.FAILED
        assert full.problem is not None and "disk is full" in full.problem and "Too Big (A).wav" in full.problem
        assert list(small.iterdir()) == []
        [fine] = run.run([track(server.url + "/song.wav", "Fits Elsewhere", "2")], folder=tmp_path / "big")
        assert fine.state is DownloadState.DONE and fine.target is not None and fine.target.is_file()


def test_a_read_only_folder_is_named(make_run: Callable[[Path], Run], server: FileServer, tmp_path: Path) -> None:
    with tmpfs(tmp_path / "ro", read_only=True) as ro:
        run = make_run(ro)
        [item] = run.run([track(server.url + "/song.wav", "Locked", "1")])
        assert item.state is DownloadState.FAILED
        assert item.problem is not None and "read-only" in item.problem and str(ro) in item.problem


def test_a_folder_that_vanishes_mid_file(
    make_run: Callable[[Path], Run], server: FileServer, tmp_path: Path, qtbot: QtBot
) -> None:
    server.mode["/song.wav"] = "gate"
    folder = tmp_path / "Music" / "sub"
    run = make_run(folder)
    run.queue.add([DownloadRequest(track(server.url + "/song.wav", "Gone", "1"), "wav")])
    qtbot.waitUntil(lambda: server.halfway.is_set() or bool(run.done), timeout=20_000)
    assert not run.done, run.done[0].problem
    qtbot.waitUntil(lambda: any(folder.glob("*.part")), timeout=10_000)
    shutil.rmtree(tmp_path / "Music")
    server.gate.set()
    qtbot.waitUntil(lambda: bool(run.done), timeout=20_000)
    [item] = run.done
    assert item.state is DownloadState.FAILED
    assert item.problem is not None and "no longer there" in item.problem and "Gone (A).wav" in item.problem
    assert not (tmp_path / "Music").exists()  # not made again behind the user's back


def test_a_server_that_stops_mid_file(
    make_run: Callable[[Path], Run], server: FileServer, tmp_path: Path
) -> None:
    server.mode["/song.wav"] = "half"  # every answer stops half way, Range or not
    run = make_run(tmp_path / "Music")
    [item] = run.run([track(server.url + "/song.wav", "Cut", "1")])
    assert item.state is DownloadState.FAILED
    assert item.problem is not None and "Cut (A).wav" in item.problem and "stopped" in item.problem
    assert len(server.ranges) == 3  # tried again, then given up
    assert list((tmp_path / "Music").iterdir()) == []


def test_a_server_that_stops_once_is_resumed_with_range(
    make_run: Callable[[Path], Run], server: FileServer, tmp_path: Path, wav_bytes: bytes
) -> None:
    server.mode["/song.wav"] = "half_once"
    run = make_run(tmp_path / "Music")
    [item] = run.run([track(server.url + "/song.wav", "Resumed", "1")])
    assert item.state is DownloadState.DONE and item.target is not None
    assert server.ranges == [None, f"bytes={len(wav_bytes) // 2}-"]
    audio: Any = WAVE(item.target)  # mutagen's stubs type info and tags as None
    assert audio.info.length > 5.5 and str(audio.tags["TIT2"]) == "Resumed"


@pytest.mark.parametrize("status", [403, 404, 410])
def test_an_expired_link_fails_at_once_naming_the_file(
    make_run: Callable[[Path], Run], server: FileServer, tmp_path: Path, status: int
) -> None:
    server.mode["/song.wav"] = status
    run = make_run(tmp_path / "Music")
    [item] = run.run([track(server.url + "/song.wav", "Old Link", "1")])
    assert item.state is DownloadState.FAILED
    assert item.problem is not None and f"HTTP {status}" in item.problem and "Old Link (A).wav" in item.problem
    assert "expired" in item.problem
    assert len(server.ranges) == 1  # a refusal is not retried
    assert not (tmp_path / "Music").exists() or not list((tmp_path / "Music").iterdir())


def test_a_cover_that_is_not_an_image_is_a_warning_and_the_song_is_kept(
    make_run: Callable[[Path], Run], server: FileServer, tmp_path: Path
) -> None:
    server.files["/cover.jpg"] = b"<html>not a picture</html>"
    run = make_run(tmp_path / "Music")
    [item] = run.run([track(server.url + "/song.wav", "No Cover", "1", image_url=server.url + "/cover.jpg")])
    assert item.state is DownloadState.DONE and item.target is not None
    assert any("not a JPEG or PNG" in w for w in item.warnings)
    tags: Any = WAVE(item.target).tags
    assert not tags.getall("APIC")


def test_hostile_titles_stay_inside_the_folder_with_safe_names(
    make_run: Callable[[Path], Run], server: FileServer, tmp_path: Path
) -> None:
    folder = tmp_path / "lib" / "Music"
    titles = ["../../../escape", "CON", "a/b\\c:d", "x" * 300, "..", "/etc/passwd"]
    run = make_run(folder)
    before = everything_under(tmp_path)
    items = run.run([track(server.url + "/song.wav", t, str(i)) for i, t in enumerate(titles, 1)])
    assert all(i.state is DownloadState.DONE for i in items), [i.problem for i in items]
    new = everything_under(tmp_path) - before
    data = tmp_path / "data"
    outside = [p for p in new if not p.is_relative_to(folder) and not p.is_relative_to(data) and p != folder
               and p != folder.parent]
    assert outside == []
    names = [i.target.name for i in items if i.target is not None]
    assert len(set(names)) == len(titles)
    assert all(len(n.encode()) <= 255 - len(".part") for n in names)
    assert not any(n.split(".")[0].upper() == "CON" for n in names)
    assert all(i.target is not None and i.target.parent == folder for i in items)


def test_a_trickling_server_is_cut_off_for_its_rate_with_a_clear_message(
    make_run: Callable[[Path], Run], server: FileServer, tmp_path: Path
) -> None:
    from flowmusic_gui.engine.media import TransferLimits

    server.mode["/song.wav"] = "drip"
    run = make_run(tmp_path / "Music")
    run.queue.limits = TransferLimits(total_s=60.0, min_rate=1024.0, window_s=0.5)
    run.queue.retry = RetryPolicy(attempts=1)
    [item] = run.run([track(server.url + "/song.wav", "Drip", "1")])
    assert item.state is DownloadState.FAILED
    assert item.problem is not None and "too slowly" in item.problem and "Drip (A).wav" in item.problem
    assert list((tmp_path / "Music").iterdir()) == []


def test_a_file_over_the_byte_cap_is_refused(make_run: Callable[[Path], Run], server: FileServer,
                                             tmp_path: Path) -> None:
    run = make_run(tmp_path / "Music")
    run.queue.max_bytes = 1000
    [item] = run.run([track(server.url + "/song.wav", "Huge", "1")])
    assert item.state is DownloadState.FAILED
    assert item.problem is not None and "too large" in item.problem and "Huge (A).wav" in item.problem
    assert list((tmp_path / "Music").iterdir()) == []


def test_no_credentials_reach_media_hosts_even_with_a_netrc(
    make_run: Callable[[Path], Run], server: FileServer, tmp_path: Path
) -> None:
    (Path.home() / ".netrc").write_text("machine 127.0.0.1 login me password secret-token\n")
    (Path.home() / ".netrc").chmod(0o600)
    run = make_run(tmp_path / "Music")
    [item] = run.run([track(server.url + "/song.wav", "Public", "1")])
    assert item.state is DownloadState.DONE
    assert all("authorization" not in h for h in server.headers)


def test_closing_never_waits_on_a_transfer_and_keeps_the_part_to_resume(
    make_run: Callable[[Path], Run], server: FileServer, tmp_path: Path, qtbot: QtBot
) -> None:
    import time

    server.mode["/song.wav"] = "hang"
    folder = tmp_path / "Music"
    run = make_run(folder)
    run.queue.add([DownloadRequest(track(server.url + "/song.wav", "Stuck", "1"), "wav")])
    qtbot.waitUntil(lambda: server.halfway.is_set() and any(folder.glob("*.part")), timeout=20_000)
    started = time.monotonic()
    run.queue.shutdown()
    run.runner.shutdown(0.3)
    assert time.monotonic() - started < 1.0
    assert not run.done  # not reported as cancelled: it resumes at the next start
    assert list(folder.glob("*.part"))
    run.queue.close_store()
    with JobStore(tmp_path / "data" / JobStore.FILENAME) as store:
        assert [d.state for d in store.resumable_downloads()] in ([DownloadState.RUNNING], [DownloadState.QUEUED])

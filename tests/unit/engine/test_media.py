"""Cover fetching through the disk cache and streamed downloads, over real local HTTP."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from flowmusic_gui.engine.media import (
    CoverCache,
    CoverFetcher,
    Downloader,
    DownloadResult,
    DownloadStatus,
    MediaError,
    TransferLimits,
    download_file,
    fetch_bytes,
    media_session,
)


class MediaServer:
    """Serves ``files`` by path; records each request's headers; ``/hang`` sends headers then stalls."""

    def __init__(self) -> None:
        self.files: dict[str, bytes] = {}
        self.status: dict[str, int] = {}
        self.no_length: set[str] = set()
        self.seen: list[tuple[str, dict[str, str]]] = []
        self.release = threading.Event()
        owner = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: object) -> None:
                pass

            def do_GET(self) -> None:
                owner.seen.append((self.path, {k.lower(): v for k, v in self.headers.items()}))
                if self.path == "/drip":  # a byte at a time, never finishing, never quiet long enough to time out
                    self.send_response(200)
                    self.send_header("Content-Length", "1000000")
                    self.end_headers()
                    self.wfile.flush()
                    for _ in range(300):
                        try:
                            self.wfile.write(b"x")
                            self.wfile.flush()
                        except OSError:
                            return
                        if owner.release.wait(0.1):
                            return
                    return
                if self.path == "/hang":
                    self.send_response(200)
                    self.send_header("Content-Length", "1000000")
                    self.end_headers()
                    self.wfile.write(b"x" * 1000)
                    self.wfile.flush()
                    owner.release.wait(10)
                    return
                status = owner.status.get(self.path, 200 if self.path in owner.files else 404)
                body = owner.files.get(self.path, b"") if status == 200 else b"no"
                self.send_response(status)
                if self.path not in owner.no_length:
                    self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        self.thread = threading.Thread(target=self.httpd.serve_forever, args=(0.05,), daemon=True)
        self.thread.start()

    def stop(self) -> None:
        self.release.set()
        self.httpd.shutdown()
        self.httpd.server_close()
        self.thread.join(5)

    def count(self, path: str) -> int:
        return sum(1 for p, _ in self.seen if p == path)


@pytest.fixture
def server() -> Iterator[MediaServer]:
    srv = MediaServer()
    yield srv
    srv.stop()


def test_no_credentials_reach_media_hosts_even_with_a_netrc(server: MediaServer, tmp_path: Path) -> None:
    home = Path.home()  # the private HOME of conftest
    (home / ".netrc").write_text("machine 127.0.0.1 login me password secret-token\n")
    (home / ".netrc").chmod(0o600)
    server.files["/a.wav"] = b"RIFF"
    with media_session() as s:
        res = download_file(s, server.url + "/a.wav", tmp_path / "a.wav")
    assert res.status is DownloadStatus.DONE
    assert "authorization" not in server.seen[0][1]


def test_download_writes_atomically_and_reports_progress(server: MediaServer, tmp_path: Path) -> None:
    body = bytes(range(256)) * 8000  # ~2 MB, several chunks
    server.files["/song.wav"] = body
    seen: list[tuple[int, int]] = []
    with media_session() as s:
        res = download_file(
            s, server.url + "/song.wav", tmp_path / "Song.wav", progress=lambda a, b: seen.append((a, b))
        )
    assert res.status is DownloadStatus.DONE
    assert (tmp_path / "Song.wav").read_bytes() == body
    assert not list(tmp_path.glob("*.part"))
    assert seen[0] == (0, len(body))
    assert seen[-1] == (len(body), len(body))


def test_same_file_is_skipped_and_a_different_one_never_overwritten(server: MediaServer, tmp_path: Path) -> None:
    server.files["/song.wav"] = b"A" * 1000
    dest = tmp_path / "Song.wav"
    dest.write_bytes(b"B" * 1000)  # same size: counted as the same file
    with media_session() as s:
        res = download_file(s, server.url + "/song.wav", dest)
        assert res.status is DownloadStatus.SKIPPED
        assert res.path == dest
        dest.write_bytes(b"other")
        res = download_file(s, server.url + "/song.wav", dest)
        assert res.status is DownloadStatus.DONE
        assert res.path == tmp_path / "Song (2).wav"
        assert dest.read_bytes() == b"other"
        res = download_file(s, server.url + "/song.wav", dest)
        assert res.status is DownloadStatus.SKIPPED
        assert res.path == tmp_path / "Song (2).wav"


def test_without_content_length_identical_bytes_are_skipped(server: MediaServer, tmp_path: Path) -> None:
    server.files["/x.wav"] = b"same bytes"
    server.no_length.add("/x.wav")
    (tmp_path / "x.wav").write_bytes(b"same bytes")
    with media_session() as s:
        res = download_file(s, server.url + "/x.wav", tmp_path / "x.wav")
    assert res.status is DownloadStatus.SKIPPED
    assert sorted(p.name for p in tmp_path.iterdir()) == ["x.wav"]


@pytest.mark.parametrize(
    ("status", "words"), [(403, "refused"), (404, "expired"), (410, "expired"), (500, "HTTP 500")]
)
def test_http_failures_are_explained(server: MediaServer, tmp_path: Path, status: int, words: str) -> None:
    server.status["/gone.wav"] = status
    with media_session() as s:
        res = download_file(s, server.url + "/gone.wav", tmp_path / "gone.wav")
    assert res.status is DownloadStatus.FAILED
    assert words in res.message
    assert list(tmp_path.iterdir()) == []


def test_network_failure_and_byte_cap(server: MediaServer, tmp_path: Path) -> None:
    server.files["/big"] = b"x" * 5000
    with media_session() as s:
        res = download_file(s, "http://127.0.0.1:1/nothing", tmp_path / "a")
        assert res.status is DownloadStatus.FAILED
        assert "reach" in res.message
        res = download_file(s, server.url + "/big", tmp_path / "b", max_bytes=1000)
        assert res.status is DownloadStatus.FAILED
        assert "too large" in res.message
        res = download_file(s, "file:///etc/passwd", tmp_path / "c")
        assert "Only http and https" in res.message
    assert list(tmp_path.iterdir()) == []


def test_stalled_download_times_out_and_leaves_no_part(server: MediaServer, tmp_path: Path) -> None:
    with media_session() as s:
        res = download_file(s, server.url + "/hang", tmp_path / "h.wav", timeout=(2.0, 0.3))
    assert res.status is DownloadStatus.FAILED
    assert "timed out" in res.message
    assert list(tmp_path.iterdir()) == []


def test_downloader_cancels_a_stalled_download_at_once(qtbot: QtBot, server: MediaServer, tmp_path: Path) -> None:
    dl = Downloader(timeout=(5.0, 30.0))
    results: list[DownloadResult] = []
    dl.finished.connect(results.append)
    with qtbot.waitSignal(dl.progress, timeout=3000):
        assert dl.start("k", server.url + "/hang", tmp_path / "h.wav")
    assert not dl.start("k", server.url + "/hang", tmp_path / "h.wav")  # already running
    dl.cancel("k")
    qtbot.waitUntil(lambda: bool(results), timeout=2000)  # far sooner than the 30 s read timeout
    assert results[0].status is DownloadStatus.CANCELLED
    assert list(tmp_path.iterdir()) == []
    dl.shutdown()


def test_downloader_queues_beyond_its_parallel_limit(qtbot: QtBot, server: MediaServer, tmp_path: Path) -> None:
    for i in range(5):
        server.files[f"/{i}.wav"] = bytes([i]) * 10000
    dl = Downloader(max_parallel=2)
    results: list[DownloadResult] = []
    dl.finished.connect(results.append)
    for i in range(5):
        dl.start(f"k{i}", f"{server.url}/{i}.wav", tmp_path / f"{i}.wav")
    qtbot.waitUntil(lambda: len(results) == 5, timeout=5000)
    assert {r.status for r in results} == {DownloadStatus.DONE}
    assert (tmp_path / "3.wav").read_bytes() == bytes([3]) * 10000
    dl.shutdown()


def test_downloader_shutdown_waits_and_cleans_up(qtbot: QtBot, server: MediaServer, tmp_path: Path) -> None:
    dl = Downloader(timeout=(5.0, 30.0))
    with qtbot.waitSignal(dl.progress, timeout=3000):
        dl.start("k", server.url + "/hang", tmp_path / "h.wav")
    dl.shutdown()  # conftest fails the test if the thread were still running
    assert list(tmp_path.iterdir()) == []


def test_cover_cache_hit_makes_no_request(qtbot: QtBot, server: MediaServer, tmp_path: Path) -> None:
    server.files["/c.png"] = b"\x89PNG fake"
    cache = CoverCache(tmp_path / "covers")
    fetcher = CoverFetcher(cache, decode=lambda b: b.upper())
    try:
        with qtbot.waitSignal(fetcher.loaded, timeout=3000) as blocker:
            gen = fetcher.fetch([server.url + "/c.png"])
        assert blocker.args == [gen, server.url + "/c.png", b"\x89PNG FAKE", False]
        with qtbot.waitSignal(fetcher.loaded, timeout=3000) as blocker:
            gen = fetcher.fetch([server.url + "/c.png"])
        assert blocker.args[3] is True
        assert server.count("/c.png") == 1
        assert fetcher.network_requests == 1
        assert "authorization" not in server.seen[0][1]
    finally:
        fetcher.shutdown()


def test_cover_failures_and_rejected_images(qtbot: QtBot, server: MediaServer, tmp_path: Path) -> None:
    server.files["/bad.png"] = b"not an image"

    def decode(data: bytes) -> object:
        raise ValueError("not an image")

    fetcher = CoverFetcher(CoverCache(tmp_path / "covers"), decode=decode)
    try:
        with qtbot.waitSignal(fetcher.failed, timeout=3000) as blocker:
            fetcher.fetch([server.url + "/missing.png"])
        assert "expired" in blocker.args[2]
        with qtbot.waitSignal(fetcher.failed, timeout=3000) as blocker:
            fetcher.fetch([server.url + "/bad.png"])
        assert blocker.args[2] == "not an image"
        assert not list((tmp_path / "covers").glob("*.img"))  # a rejected image is not cached
    finally:
        fetcher.shutdown()


def test_cover_fetch_for_a_stale_view_is_dropped(qtbot: QtBot, server: MediaServer, tmp_path: Path) -> None:
    server.files["/ok.png"] = b"ok"
    fetcher = CoverFetcher(CoverCache(tmp_path / "covers"), timeout=(2.0, 30.0))
    got: list[tuple[int, str]] = []
    fetcher.loaded.connect(lambda g, u, d, c: got.append((g, u)))
    fetcher.failed.connect(lambda g, u, m: got.append((g, u)))
    try:
        old = fetcher.fetch([server.url + "/hang", server.url + "/ok.png"])
        qtbot.waitUntil(lambda: server.count("/hang") == 1, timeout=3000)
        # Covers load side by side: the old ok.png may have arrived already, but nothing of the old
        # request arrives once the view has moved on.
        before = len(got)
        assert all(g == old for g, _ in got)
        new = fetcher.fetch([server.url + "/ok.png"])  # cuts the stalled one at once
        qtbot.waitUntil(lambda: (new, server.url + "/ok.png") in got, timeout=3000)
        assert all(g == new for g, _ in got[before:])
    finally:
        fetcher.shutdown()


def test_cache_is_pruned_to_its_size_cap(tmp_path: Path) -> None:
    import os

    cache = CoverCache(tmp_path, max_total_bytes=2500, max_item_bytes=1000)
    for i in range(5):
        cache.put(f"u{i}", bytes(1000))
        os.utime(cache.path_for(f"u{i}"), (i, i))  # distinct ages without sleeping
    cache.put("u5", bytes(1000))
    kept = sorted(p.name for p in tmp_path.glob("*.img"))
    assert len(kept) == 2
    assert cache.get("u5") is not None
    assert cache.get("u0") is None
    cache.put("huge", bytes(1001))
    assert cache.get("huge") is None


# -- transfers that never end ------------------------------------------------------------------------------


def test_a_trickling_download_is_cut_off_for_its_rate(server: MediaServer, tmp_path: Path) -> None:
    limits = TransferLimits(total_s=60.0, min_rate=1024.0, window_s=1.0)
    started = time.monotonic()
    with media_session() as s:
        res = download_file(s, server.url + "/drip", tmp_path / "d.wav", timeout=(2.0, 5.0), limits=limits)
    assert time.monotonic() - started < 5.0  # the read timeout alone never fires: a byte comes every 0.1 s
    assert res.status is DownloadStatus.FAILED
    assert "too slowly" in res.message and "bytes/s" in res.message
    assert list(tmp_path.iterdir()) == []


def test_a_transfer_past_its_total_deadline_is_cut_off(server: MediaServer) -> None:
    limits = TransferLimits(total_s=1.0, min_rate=0.0, window_s=0.5)
    started = time.monotonic()
    with media_session() as s, pytest.raises(MediaError, match="longer than 1 s"):
        fetch_bytes(s, server.url + "/drip", max_bytes=10**6, timeout=(2.0, 5.0), limits=limits)
    assert time.monotonic() - started < 5.0


def test_one_slow_cover_does_not_hold_back_the_others(qtbot: QtBot, server: MediaServer, tmp_path: Path) -> None:
    for i in range(4):
        server.files[f"/{i}.png"] = b"cover %d" % i
    fetcher = CoverFetcher(CoverCache(tmp_path / "covers"), timeout=(2.0, 30.0))
    loaded: list[str] = []
    fetcher.loaded.connect(lambda g, u, d, c: loaded.append(u))
    try:
        fetcher.fetch([server.url + "/hang", server.url + "/drip"] + [f"{server.url}/{i}.png" for i in range(4)])
        qtbot.waitUntil(lambda: len(loaded) == 4, timeout=5000)
        assert sorted(loaded) == [f"{server.url}/{i}.png" for i in range(4)]
    finally:
        fetcher.shutdown()


def test_a_trickling_cover_fails_with_a_clear_message(qtbot: QtBot, server: MediaServer, tmp_path: Path) -> None:
    limits = TransferLimits(total_s=30.0, min_rate=1024.0, window_s=1.0)
    fetcher = CoverFetcher(CoverCache(tmp_path / "covers"), timeout=(2.0, 30.0), limits=limits)
    try:
        with qtbot.waitSignal(fetcher.failed, timeout=5000) as blocker:
            fetcher.fetch([server.url + "/drip"])
        assert "too slowly" in blocker.args[2]
    finally:
        fetcher.shutdown()


def test_shutdown_never_waits_on_a_transfer(qtbot: QtBot, server: MediaServer, tmp_path: Path) -> None:
    fetcher = CoverFetcher(CoverCache(tmp_path / "covers"), timeout=(2.0, 30.0))
    dl = Downloader(timeout=(5.0, 30.0))
    with qtbot.waitSignal(dl.progress, timeout=3000):
        dl.start("k", server.url + "/hang", tmp_path / "h.wav")
    fetcher.fetch([server.url + "/hang"])
    qtbot.waitUntil(lambda: server.count("/hang") == 2, timeout=3000)
    started = time.monotonic()
    fetcher.shutdown()
    dl.shutdown()
    assert time.monotonic() - started < 1.0
    assert list(tmp_path.glob("*.part")) == []

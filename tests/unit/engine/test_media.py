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
    MediaError,
    TransferLimits,
    _Abortable,
    fetch_bytes,
    media_session,
)
from flowmusic_gui.engine.tasks import TaskRunner


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
    server.files["/a.png"] = b"\x89PNG"
    with media_session() as s:
        assert fetch_bytes(s, server.url + "/a.png", max_bytes=100, timeout=(2.0, 5.0)) == b"\x89PNG"
    assert "authorization" not in server.seen[0][1]


def test_cover_cache_hit_makes_no_request(
    qtbot: QtBot, server: MediaServer, tmp_path: Path, runner: TaskRunner
) -> None:
    server.files["/c.png"] = b"\x89PNG fake"
    cache = CoverCache(tmp_path / "covers")
    fetcher = CoverFetcher(cache, decode=lambda b: b.upper(), runner=runner)
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


def test_cover_failures_and_rejected_images(
    qtbot: QtBot, server: MediaServer, tmp_path: Path, runner: TaskRunner
) -> None:
    server.files["/bad.png"] = b"not an image"

    def decode(data: bytes) -> object:
        raise ValueError("not an image")

    fetcher = CoverFetcher(CoverCache(tmp_path / "covers"), decode=decode, runner=runner)
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


def test_cover_fetch_for_a_stale_view_is_dropped(
    qtbot: QtBot, server: MediaServer, tmp_path: Path, runner: TaskRunner
) -> None:
    server.files["/ok.png"] = b"ok"
    fetcher = CoverFetcher(CoverCache(tmp_path / "covers"), timeout=(2.0, 30.0), runner=runner)
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


def test_a_transfer_past_its_total_deadline_is_cut_off(server: MediaServer) -> None:
    limits = TransferLimits(total_s=1.0, min_rate=0.0, window_s=0.5)
    started = time.monotonic()
    with media_session() as s, pytest.raises(MediaError, match="longer than 1 s"):
        fetch_bytes(s, server.url + "/drip", max_bytes=10**6, timeout=(2.0, 5.0), limits=limits)
    assert time.monotonic() - started < 5.0


def test_one_slow_cover_does_not_hold_back_the_others(
    qtbot: QtBot, server: MediaServer, tmp_path: Path, runner: TaskRunner
) -> None:
    for i in range(4):
        server.files[f"/{i}.png"] = b"cover %d" % i
    fetcher = CoverFetcher(CoverCache(tmp_path / "covers"), timeout=(2.0, 30.0), runner=runner)
    loaded: list[str] = []
    fetcher.loaded.connect(lambda g, u, d, c: loaded.append(u))
    try:
        fetcher.fetch([server.url + "/hang", server.url + "/drip"] + [f"{server.url}/{i}.png" for i in range(4)])
        qtbot.waitUntil(lambda: len(loaded) == 4, timeout=5000)
        assert sorted(loaded) == [f"{server.url}/{i}.png" for i in range(4)]
    finally:
        fetcher.shutdown()


def test_a_trickling_cover_fails_with_a_clear_message(
    qtbot: QtBot, server: MediaServer, tmp_path: Path, runner: TaskRunner
) -> None:
    limits = TransferLimits(total_s=30.0, min_rate=1024.0, window_s=1.0)
    fetcher = CoverFetcher(CoverCache(tmp_path / "covers"), timeout=(2.0, 30.0), limits=limits, runner=runner)
    try:
        with qtbot.waitSignal(fetcher.failed, timeout=5000) as blocker:
            fetcher.fetch([server.url + "/drip"])
        assert "too slowly" in blocker.args[2]
    finally:
        fetcher.shutdown()


def test_shutdown_never_waits_on_a_transfer(
    qtbot: QtBot, server: MediaServer, tmp_path: Path, runner: TaskRunner
) -> None:
    fetcher = CoverFetcher(CoverCache(tmp_path / "covers"), timeout=(2.0, 30.0), runner=runner)
    fetcher.fetch([server.url + "/hang"])
    qtbot.waitUntil(lambda: server.count("/hang") == 1, timeout=3000)
    started = time.monotonic()
    fetcher.shutdown()
    assert time.monotonic() - started < 1.0


@pytest.mark.parametrize("read", ["whole", "half"], ids=["read to its end", "closed mid-body"])
def test_a_cancel_that_comes_as_the_transfer_closes_is_quiet(server: MediaServer, read: str) -> None:
    """The worker's ``with`` closes the answer just before it lets go of it; a cancel in that gap has nothing to cut.

    The cancel hook runs on the cancelling thread: an error there is logged as "a cancel hook failed" (and once
    surfaced as an error in a download test on a loaded machine).
    """
    server.files["/song.mp3"] = b"x" * 200_000
    session = media_session()
    try:
        resp = session.get(server.url + "/song.mp3", stream=True, timeout=(2.0, 5.0))
        if read == "whole":
            assert len(resp.content) == 200_000
        else:
            next(resp.iter_content(1000))
        resp.close()
        held = _Abortable()
        held.set(resp)  # still held: the worker has closed it but not yet let go
        held.abort()
        assert held.cancelled.is_set()
    finally:
        session.close()

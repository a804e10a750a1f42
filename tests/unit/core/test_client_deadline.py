"""Every API call has a total deadline (headers and body), not only connect and read timeouts: a server that
trickles its answer a byte at a time is cut off, and the caller hears so in words."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator

import pytest

from flowmusic_gui.core.client import ApiClient, Deadline, RunningJobs, Transient
from flowmusic_gui.core.submissions import AnswerLost

JOBID = "job:0b6e8a9e-1c2d-4e5f-8a9b-0c1d2e3f4a5b-user:42-me@example.com-bot:flowmusic"
HEAD = b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nConnection: close\r\nContent-Length: 2\r\n\r\n"


class Trickler:
    """A local server that answers every request with ``head`` then ``body``, one byte every ``gap`` seconds
    from ``slow_from`` on (a real socket: what requests and urllib3 see is what a stalling proxy would do)."""

    def __init__(self, payload: bytes, slow_from: int, gap: float = 0.25) -> None:
        self.payload, self.slow_from, self.gap = payload, slow_from, gap
        self._server = socket.create_server(("127.0.0.1", 0))
        self._server.settimeout(0.2)
        self._stop = threading.Event()
        self._threads: list[threading.Thread] = []
        self.port = self._server.getsockname()[1]
        self._accepting = threading.Thread(target=self._accept, daemon=True)
        self._accepting.start()

    def _accept(self) -> None:
        while not self._stop.is_set():
            try:
                conn, _ = self._server.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            thread = threading.Thread(target=self._answer, args=(conn,), daemon=True)
            self._threads.append(thread)
            thread.start()

    def _answer(self, conn: socket.socket) -> None:
        with conn:
            conn.recv(65536)
            try:
                conn.sendall(self.payload[: self.slow_from])
                for byte in self.payload[self.slow_from :]:
                    if self._stop.wait(self.gap):
                        return
                    conn.sendall(bytes([byte]))
            except OSError:
                return  # the client cut it off: what the test wants

    def close(self) -> None:
        self._stop.set()
        self._server.close()
        self._accepting.join(2.0)
        for thread in self._threads:
            thread.join(2.0)


@pytest.fixture
def trickle_headers() -> Iterator[Trickler]:
    server = Trickler(HEAD + b"{}", slow_from=5)
    yield server
    server.close()


@pytest.fixture
def trickle_body() -> Iterator[Trickler]:
    server = Trickler(
        HEAD.replace(b"Content-Length: 2", b"Content-Length: 40") + b"{" + b" " * 38 + b"}", slow_from=len(HEAD)
    )
    yield server
    server.close()


@pytest.mark.parametrize("which", ["trickle_headers", "trickle_body"])
def test_a_trickling_answer_is_cut_off_at_the_total_deadline(which: str, request: pytest.FixtureRequest) -> None:
    server: Trickler = request.getfixturevalue(which)
    # The read timeout (2 s) never fires: a byte comes every 0.25 s. Only the total deadline ends it.
    client = ApiClient(f"http://127.0.0.1:{server.port}", "user:1-token", timeout=(2.0, 2.0), deadline_s=1.0)
    try:
        for call in (client.running_jobs, lambda: client.get_job(JOBID)):
            began = time.monotonic()
            outcome = call()
            took = time.monotonic() - began
            assert isinstance(outcome, Transient)
            assert "no complete answer" in outcome.message
            assert "within 1 s" in outcome.message
            assert 0.9 <= took < 3.0
    finally:
        client.close()


def test_a_prompt_answer_is_not_disturbed_and_the_next_request_reuses_nothing_broken() -> None:
    server = Trickler(HEAD + b"{}", slow_from=len(HEAD) + 2)  # all at once
    client = ApiClient(f"http://127.0.0.1:{server.port}", "user:1-token", deadline_s=1.0)
    try:
        for _ in range(3):
            assert isinstance(client.running_jobs(), RunningJobs)
    finally:
        client.close()
        server.close()


def test_a_deadline_rejects_nonsense() -> None:
    for bad in (0.0, -1.0, float("inf"), float("nan")):
        with pytest.raises(ValueError):
            Deadline(bad)


CREATED = (
    b'{"jobid": "' + JOBID.encode() + b'", "email": "me@example.com", "status": "pending", '
    b'"created_at": "2026-12-07T10:00:00Z"}'
)


def test_a_post_whose_answer_trickles_is_cut_off_and_said_as_a_lost_answer() -> None:
    """Making a song, writing lyrics and uploading a file are held to the same total deadline as every call; a
    song whose answer never came whole may exist, so it is an answer lost (uncertain), never "nothing sent"."""
    head = HEAD.replace(b"200 OK", b"201 Created").replace(b"Content-Length: 2", b"Content-Length: %d" % len(CREATED))
    server = Trickler(head + CREATED, slow_from=5)
    client = ApiClient(f"http://127.0.0.1:{server.port}", "user:1-token", timeout=(2.0, 2.0), deadline_s=1.0)
    try:
        began = time.monotonic()
        answer = client.submit("music", {"prompt": "a song", "mode": "async"})
        took = time.monotonic() - began
        assert isinstance(answer, AnswerLost)
        assert "no complete answer" in answer.message and "may have been made" in answer.message
        assert 0.9 <= took < 3.0

        began = time.monotonic()
        lyrics = client.write_lyrics("a song about rain")
        assert isinstance(lyrics, str) and "no complete answer" in lyrics
        assert time.monotonic() - began < 3.0
    finally:
        client.close()
        server.close()


def test_an_upload_to_a_server_that_stops_reading_is_cut_off(monkeypatch: pytest.MonkeyPatch) -> None:
    """A server that takes the headers and then never reads the body: the upload stops at its deadline (the API
    call's own plus the body's allowance at the slowest uplink counted on), named, instead of hanging."""
    from flowmusic_gui.core.client import making

    monkeypatch.setattr(making, "UPLOAD_FLOOR_BYTES_PER_S", 8 * 1024 * 1024)  # 8 MB of body: about 1 s more
    listener = socket.create_server(("127.0.0.1", 0))
    held: list[socket.socket] = []

    def accept() -> None:
        try:
            conn, _ = listener.accept()
        except OSError:
            return
        conn.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
        held.append(conn)  # never read: the client's send fills the buffers and blocks

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    client = ApiClient(
        f"http://127.0.0.1:{listener.getsockname()[1]}", "user:1-token", timeout=(2.0, 2.0), deadline_s=1.0
    )
    try:
        data = b"\0" * (8 * 1024 * 1024)
        assert making.post_deadline_s(client, len(data)) == pytest.approx(2.0)
        began = time.monotonic()
        outcome = client.upload_file(data, "audio/wav", email="me@example.com")
        took = time.monotonic() - began
        assert isinstance(outcome, str) and "no complete answer" in outcome and "within 2 s" in outcome
        assert 1.8 <= took < 5.0
    finally:
        client.close()
        listener.close()
        for conn in held:
            conn.close()
        thread.join(2.0)

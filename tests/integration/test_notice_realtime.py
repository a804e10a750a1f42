"""Real time, real HTTP: `flowmusic watch` against an API the test starts, whose songs take 5-130 s to make and
whose running-jobs list answers, fails (500) or trickles (headers, then a byte every 2 s). What a user notices:
each finished song is reported within a few seconds of finishing, whatever its length and whatever the list does.

The jobs finish on the server's clock (``time.monotonic`` of this process); each `flowmusic watch` is a real
process at the app's default intervals, and its ``--json`` lines are timestamped as they arrive (a reader thread
per process; the test waits on them with deadlines, never with sleeps).
"""

from __future__ import annotations

import json
import os
import queue
import subprocess
import sys
import threading
import time
import uuid
from collections import Counter
from collections.abc import Iterator
from datetime import datetime, timedelta, timezone
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

import pytest

pytestmark = [pytest.mark.slow, pytest.mark.timeout(240)]

TOKEN = "user:1001-realtimetoken"
EMAIL = "timed@example.com"
CLI = [sys.executable, "-m", "flowmusic_gui.cli"]


def jobid(email: str = EMAIL) -> str:
    return f"job:{uuid.uuid4()}-user:1001-{email}-bot:flowmusic"


class TimedApi:
    """A FlowMusic API stand-in in real time: each job runs for ``duration`` seconds from the first time its
    record is asked for (submitted as the watch starts: a process starting slowly on a busy machine is not the
    app's delay), and is listed on ``GET /jobs`` meanwhile (``list_mode`` "ok"), or the list answers 500
    ("failing") or trickles ("stalling")."""

    def __init__(self, list_mode: str = "ok") -> None:
        self.list_mode = list_mode
        self.jobs: dict[str, tuple[float, float, datetime]] = {}  # jobid -> (start, duration, created_at)
        self.waiting: dict[str, float] = {}  # jobid -> duration, until its record is first asked for
        self.requests: list[tuple[float, str]] = []
        self._lock = threading.Lock()
        self._stop = threading.Event()
        api = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, format: str, *args: Any) -> None:
                return

            def do_GET(self) -> None:
                api.answer(self)

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()
        self.base_url = f"http://127.0.0.1:{self.server.server_address[1]}"

    def add(self, duration: float) -> str:
        jid = jobid()
        with self._lock:
            self.waiting[jid] = duration
        return jid

    def _start(self, jid: str, now: float) -> None:
        with self._lock:
            duration = self.waiting.pop(jid, None)
            if duration is not None:
                self.jobs[jid] = (now, duration, datetime.now(timezone.utc))

    def finish_of(self, jid: str) -> float:
        start, duration, _ = self.jobs[jid]
        return start + duration

    def answer(self, handler: BaseHTTPRequestHandler) -> None:
        now = time.monotonic()
        path = urlsplit(handler.path).path
        with self._lock:
            self.requests.append((now, path))
        if handler.headers.get("Authorization") != f"Bearer {TOKEN}":
            self.send(handler, 401, {"error": "Unauthorized", "code": 401})
        elif path.endswith("/jobs"):
            self.list_jobs(handler, now)
        elif "/jobs/" in path:
            self.one_job(handler, unquote(path.rsplit("/jobs/", 1)[1]), now)
        elif path.endswith("/accounts"):
            self.send(handler, 200, {EMAIL: {"email": EMAIL, "maxJobs": 16, "user_id": "1001"}})
        else:
            self.send(handler, 404, {"error": "no such call", "code": 404})

    def list_jobs(self, handler: BaseHTTPRequestHandler, now: float) -> None:
        if self.list_mode == "failing":
            self.send(handler, 500, {"error": "Internal Server Error", "code": 500})
            return
        running = [
            {"jobid": j, "status": "pending", "created_at": created.isoformat()}
            for j, (start, duration, created) in list(self.jobs.items())
            if now < start + duration
        ]
        body = {EMAIL: {"running": len(running), "maxJobs": 16, "jobs": running}} if running else {}
        if self.list_mode != "stalling":
            self.send(handler, 200, body)
            return
        data = json.dumps(body).encode()
        handler.send_response(200)
        handler.send_header("Content-Type", "application/json")
        handler.send_header("Content-Length", str(len(data)))
        handler.end_headers()
        for i in range(len(data)):  # a byte every 2 s: no read ever times out, the answer never ends in time
            if self._stop.wait(2.0):
                return
            try:
                handler.wfile.write(data[i : i + 1])
                handler.wfile.flush()
            except OSError:
                return  # the client gave up on it

    def one_job(self, handler: BaseHTTPRequestHandler, jid: str, now: float) -> None:
        self._start(jid, now)
        job = self.jobs.get(jid)
        if job is None:
            self.send(handler, 404, {"error": "Job not found", "code": 404})
            return
        start, duration, created = job
        record: dict[str, Any] = {"jobid": jid, "email": EMAIL, "created_at": created.isoformat()}
        if now < start + duration:
            record["status"] = "pending"
        else:
            record.update(
                status="completed",
                completed_at=(created + timedelta(seconds=duration)).isoformat(),
                duration_ms=round(duration * 1000),
                clips=[{"clip": f"user:1001-{EMAIL}-clip:{uuid.uuid4()}", "title": "Timed", "duration_s": 30.0}],
            )
        self.send(handler, 200, record)

    @staticmethod
    def send(handler: BaseHTTPRequestHandler, status: int, body: object) -> None:
        data = json.dumps(body).encode()
        handler.send_response(status)
        handler.send_header("Content-Type", "application/json")
        handler.send_header("Content-Length", str(len(data)))
        handler.end_headers()
        handler.wfile.write(data)

    def close(self) -> None:
        self._stop.set()
        self.server.shutdown()
        self.server.server_close()
        self.thread.join(5.0)


class Watch:
    """One `flowmusic watch --json` process; every completed line is timestamped when it arrives."""

    def __init__(self, api: TimedApi, ids: list[str], data_dir: Path) -> None:
        env = dict(os.environ)
        env.update(FLOWMUSIC_API_TOKEN=TOKEN, FLOWMUSIC_API_BASE=api.base_url, FLOWMUSIC_DATA_DIR=str(data_dir))
        env.pop("QT_QPA_PLATFORM", None)
        self.proc = subprocess.Popen(
            [*CLI, "watch", "--json", "--timeout", "200", *ids],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env,
        )  # fmt: skip
        self.done: queue.Queue[tuple[str, float, str]] = queue.Queue()
        self.stderr: list[str] = []
        self._readers = [
            threading.Thread(target=self._read_out, daemon=True),
            threading.Thread(target=self._read_err, daemon=True),
        ]
        for reader in self._readers:
            reader.start()

    def _read_out(self) -> None:
        assert self.proc.stdout is not None
        for line in self.proc.stdout:
            at = time.monotonic()
            try:
                item = json.loads(line)
            except ValueError:
                continue
            if isinstance(item, dict) and item.get("state") in ("completed", "failed"):
                self.done.put((str(item["jobid"]), at, str(item["state"])))

    def _read_err(self) -> None:
        assert self.proc.stderr is not None
        self.stderr.extend(self.proc.stderr)

    def reported(self, count: int, deadline: float) -> dict[str, float]:
        """The first ``count`` finished jobs and when each was reported (waits until ``deadline``)."""
        seen: dict[str, float] = {}
        while len(seen) < count:
            left = deadline - time.monotonic()
            try:  # what already arrived is taken even past the deadline (it was timestamped on arrival)
                jid, at, state = self.done.get(timeout=left) if left > 0 else self.done.get_nowait()
            except queue.Empty:
                break
            assert state == "completed", (jid, state)
            seen.setdefault(jid, at)
        return seen

    def close(self) -> int | None:
        if self.proc.poll() is None:
            self.proc.terminate()
        try:
            code = self.proc.wait(10.0)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            code = self.proc.wait(10.0)
        for reader in self._readers:
            reader.join(5.0)
        for pipe in (self.proc.stdout, self.proc.stderr):
            if pipe is not None:
                pipe.close()
        return code


@pytest.fixture
def apis() -> Iterator[dict[str, TimedApi]]:
    servers = {mode: TimedApi(mode) for mode in ("ok", "failing", "stalling")}
    yield servers
    for server in servers.values():
        server.close()


def test_every_song_is_reported_within_seconds_whatever_its_length_and_whatever_the_list_does(
    apis: dict[str, TimedApi], tmp_path: Path
) -> None:
    ok, failing, stalling = apis["ok"], apis["failing"], apis["stalling"]
    # One fresh `flowmusic watch JOBID` per song of 10, 45 and 70 s; one watching songs of 5 to 130 s at once;
    # and an 8-s song while GET /jobs fails, and while it trickles, throughout. All run side by side.
    single = {ok.add(seconds): seconds for seconds in (10.0, 45.0, 70.0)}
    many = [ok.add(seconds) for seconds in (5.0, 20.0, 33.0, 130.0)]
    failing_song = failing.add(8.0)
    stalling_song = stalling.add(8.0)
    watches: list[tuple[Watch, TimedApi, list[str], float]] = []
    try:
        for i, jid in enumerate(single):
            watches.append((Watch(ok, [jid], tmp_path / f"single{i}"), ok, [jid], 3.0))
        # Several at once, some far from a song's usual length: within a few seconds each. A 33-s song is read at
        # most every 5 s (15% of its age), and that read takes its own time: the policy's bound plus a second.
        watches.append((Watch(ok, many, tmp_path / "many"), ok, many, 6.0))
        watches.append((Watch(failing, [failing_song], tmp_path / "failing"), failing, [failing_song], 5.0))
        watches.append((Watch(stalling, [stalling_song], tmp_path / "stalling"), stalling, [stalling_song], 5.0))
        late: list[str] = []
        give_up = time.monotonic() + 190.0  # the 130-s song, a slow start on a busy machine, and a margin
        for watch, api, ids, allowed in watches:
            seen = watch.reported(len(ids), deadline=give_up)
            for jid in ids:
                assert jid in seen, f"never reported: {jid} ({api.list_mode} list)\n{''.join(watch.stderr)[-800:]}"
                delay = seen[jid] - api.finish_of(jid)
                duration = api.jobs[jid][1]
                print(f"{duration:g}-s song, {api.list_mode} list: reported {delay:.2f} s after it finished")
                if delay > allowed:
                    late.append(f"{duration:g}-s song ({api.list_mode} list): reported {delay:.2f} s after it finished")
        assert not late, late
        for watch, *_ in watches:
            assert watch.proc.wait(30.0) == 0  # every song completed: exit 0
    finally:
        for watch, *_ in watches:
            watch.close()
    # The list spoke for the songs while several ran in one watch: each of those records read about twice (when
    # pasted, when done), not every few seconds. A song alone in its watch (and the 130-s one once the others were
    # done) is read on its own schedule instead: a look would speak for it alone, and one showing it gone would
    # still need its record.
    reads = Counter(unquote(path.rsplit("/jobs/", 1)[1]) for _, path in ok.requests if "/jobs/" in path)
    for jid in many[:3]:
        assert reads[jid] <= 4, (ok.jobs[jid][1], reads[jid])
    for jid, seconds in single.items():
        assert reads[jid] >= 3, (seconds, reads[jid])  # read while it ran, not left to the list

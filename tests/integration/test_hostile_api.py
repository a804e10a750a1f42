"""`flowmusic` against a hostile API on a real local server: a clip list whose cursor never ends, clips that name
another account, and text and numbers made to abuse a terminal."""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
from helpers.cli import run
from helpers.httpserver import Reply, ScriptedServer, Seen
from helpers.media import make_song

ME = "me@example.com"
TOKEN = "user:1-hostile-token"


def clip(n: int, email: str = ME) -> str:
    return f"user:1-{email}-clip:{n:08d}-aaaa-bbbb-cccc-000000000000"


@pytest.fixture(scope="module")
def mp3(tmp_path_factory: pytest.TempPathFactory) -> bytes:
    return make_song(tmp_path_factory.mktemp("media") / "s.mp3", 1.0).read_bytes()


@pytest.fixture
def api() -> Iterator[ScriptedServer]:
    with ScriptedServer() as server:
        yield server


def env_for(server: ScriptedServer, tmp_path: Path) -> dict[str, str]:
    e = dict(os.environ)
    e.update(FLOWMUSIC_API_TOKEN=TOKEN, FLOWMUSIC_API_BASE=server.url, FLOWMUSIC_DATA_DIR=str(tmp_path / "data"))
    e.pop("QT_QPA_PLATFORM", None)
    return e


def routes(table: dict[str, Callable[[Seen, dict[str, list[str]]], Reply]]) -> Callable[[Seen], Reply]:
    def handle(seen: Seen) -> Reply:
        parts = urlsplit(seen.path)
        path = parts.path.removeprefix("/v1/flowmusic")
        for prefix, fn in table.items():
            if path == prefix or path.startswith(prefix + "/"):
                return fn(seen, parse_qs(parts.query))
        return Reply(404, json={"error": f"Not found: {path}"})
    return handle


def account(email: str = ME, **extra: Any) -> dict[str, Any]:
    return {"email": email, "tier": "pro", "user_id": "1", "maxJobs": 4, "added": "2026-01-01T00:00:00Z", **extra}


def music_gets(server: ScriptedServer) -> int:
    return sum(1 for s in server.requests if urlsplit(s.path).path.endswith("/music"))


def downloads_of(server: ScriptedServer) -> list[str]:
    return [parse_qs(urlsplit(s.path).query)["id"][0] for s in server.requests
            if urlsplit(s.path).path.endswith("/music/download")]


def test_a_clip_list_whose_cursor_grows_over_the_same_clips_ends_with_a_message(
    api: ScriptedServer, tmp_path: Path, mp3: bytes
) -> None:
    def music(_s: Seen, q: dict[str, list[str]]) -> Reply:
        offset = int(q.get("offset", ["0"])[0])
        # Always the same two clips, and a `next` that keeps growing: followed, it never ends.
        return Reply(json={"email": ME, "clips": [{"clip": clip(1), "title": "One"}, {"clip": clip(2), "title": "Two"}],
                           "limit": 100, "offset": offset, "next": offset + 2})

    api.handler = routes({
        "/accounts": lambda _s, _q: Reply(json={ME: account()}),
        "/music/download": lambda _s, _q: Reply(body=mp3, headers={"Content-Type": "audio/mpeg"}),
        "/music": music,
    })
    proc = run(["download", "--library", "--json", "--dir", str(tmp_path / "out")], env_for(api, tmp_path),
               timeout=60)
    assert proc.returncode == 1, proc.stderr
    assert "repeated clips already listed" in proc.stderr and ME in proc.stderr
    assert music_gets(api) == 2
    assert sorted(downloads_of(api)) == [clip(1), clip(2)]


@pytest.mark.parametrize("next_of", [lambda o: o, lambda o: o + 5000], ids=["stuck", "jumps"])
def test_a_cursor_that_does_not_advance_or_jumps_is_the_end(
    api: ScriptedServer, tmp_path: Path, mp3: bytes, next_of: Callable[[int], int]
) -> None:
    def music(_s: Seen, q: dict[str, list[str]]) -> Reply:
        offset = int(q.get("offset", ["0"])[0])
        return Reply(json={"email": ME, "clips": [{"clip": clip(offset + 1)}], "limit": 100, "offset": offset,
                           "next": next_of(offset)})

    api.handler = routes({
        "/accounts": lambda _s, _q: Reply(json={ME: account()}),
        "/music/download": lambda _s, _q: Reply(body=mp3, headers={"Content-Type": "audio/mpeg"}),
        "/music": music,
    })
    proc = run(["download", "--library", "--json", "--dir", str(tmp_path / "out")], env_for(api, tmp_path),
               timeout=60)
    assert proc.returncode == 1, proc.stderr
    assert "read as far as it made sense" in proc.stderr
    assert music_gets(api) == 1


def test_a_clip_that_names_another_account_is_not_downloaded_with_this_one(
    api: ScriptedServer, tmp_path: Path, mp3: bytes
) -> None:
    other = clip(9, "victim@example.org")
    api.handler = routes({
        "/accounts": lambda _s, _q: Reply(json={ME: account()}),
        "/music/download": lambda _s, _q: Reply(body=mp3, headers={"Content-Type": "audio/mpeg"}),
        "/music": lambda _s, _q: Reply(json={"email": ME, "clips": [{"clip": clip(1)}, {"clip": other}],
                                             "limit": 100, "offset": 0, "next": None}),
    })
    proc = run(["download", "--library", "--json", "--dir", str(tmp_path / "out")], env_for(api, tmp_path),
               timeout=60)
    assert proc.returncode == 1, proc.stderr
    assert downloads_of(api) == [clip(1)]
    assert "victim@example.org" in proc.stderr and "not downloaded" in proc.stderr


# -- the terminal -----------------------------------------------------------------------------------------------

ESC = "\x1b]0;owned\x07\x1b[2J\u202e\x9b"
UNSAFE = ("\x1b", "\x07", "\u202e", "\x9b")


def assert_plain(*texts: str) -> None:
    for text in texts:
        for ch in UNSAFE:
            assert ch not in text, f"{ch!r} reached the terminal: {text!r}"


def hostile_jobid(email: str = ME) -> str:
    return f"job:6f1c1111-2222-3333-4444-555555555555-user:1-{email}-bot:flowmusic"


@pytest.fixture
def hostile(api: ScriptedServer) -> ScriptedServer:
    def job_record(seen: Seen, _q: dict[str, list[str]]) -> Reply:
        if seen.method == "DELETE":
            return Reply(404, json={"error": f"no such job {ESC}", "code": 404})
        return Reply(json={"jobid": hostile_jobid(), "email": ME, "status": "failed",
                           "created_at": "2026-01-01T00:00:00Z", "completed_at": "2026-01-01T00:01:00Z",
                           "duration_ms": 1000, "error": {"code": "x", "message": f"it broke {ESC}"}})

    api.handler = routes({
        "/accounts": lambda s, _q: (
            Reply(json={**account(f"{ESC}x@example.com"), "credits_remaining": 1e308, "error": None})
            if s.path.split("?")[0].rstrip("/").rsplit("/", 1)[-1] != "accounts" else
            Reply(json={ME: account(tier=f"pro{ESC}"),
                        f"{ESC}x@example.com": account(f"{ESC}x@example.com", maxJobs=1e9)})),
        "/jobs/": job_record,
        "/jobs": lambda _s, _q: Reply(json={ME: {"running": 1e308, "maxJobs": 4, "jobs": [
            {"jobid": hostile_jobid(), "status": f"pending{ESC}", "operation": f"remix{ESC}",
             "created_at": f"now{ESC}"}]}}),
    })
    return api


@pytest.mark.parametrize("args", [["accounts"], ["accounts", "--json"], ["jobs"], ["jobs", "--json"],
                                  ["cancel", hostile_jobid()], ["download", hostile_jobid()]],
                         ids=["accounts", "accounts-json", "jobs", "jobs-json", "cancel", "download"])
def test_every_command_prints_server_text_as_text(
    hostile: ScriptedServer, tmp_path: Path, args: list[str]
) -> None:
    proc = run(args, env_for(hostile, tmp_path), timeout=60)
    assert_plain(proc.stdout, proc.stderr)
    assert "Traceback" not in proc.stderr
    assert re.search(r"\d{20}", proc.stdout) is None, proc.stdout  # no 309-digit figure
    assert "e+308" not in proc.stdout and "1000000000" not in proc.stdout
    if args[-1] == "--json":
        import json

        for line in proc.stdout.splitlines():
            json.loads(line)  # still strict JSON, with the escapes inside its strings

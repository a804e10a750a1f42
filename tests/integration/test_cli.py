"""The `flowmusic` command as scripts use it: real processes against the real simulator."""

from __future__ import annotations

import json
import subprocess
import sys
import uuid
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import unquote

import pytest
from helpers.cli import CLI, FAST, jobid, run
from helpers.httpserver import Reply, ScriptedServer, Seen
from helpers.readonly import run_read_only

from flowmusic_gui.simulator import DEMO_TOKEN, Simulator

SECRET = DEMO_TOKEN


def completed_id(sim: Simulator, pending_s: float = 0.2) -> str:
    j = jobid()
    sim.force(j, outcome="completed", pending_s=pending_s)
    return j


def test_watch_json_reports_each_state_change_and_exits_0(sim: Simulator, env: dict[str, str]) -> None:
    # Long enough to be seen pending by a process that is still starting up.
    ids = [completed_id(sim, 4.0), completed_id(sim, 4.0)]
    proc = run(["watch", "--json", *FAST, *ids], env)
    assert proc.returncode == 0, proc.stderr
    lines = [json.loads(line) for line in proc.stdout.splitlines()]
    for j in ids:
        states = [o["state"] for o in lines if o["jobid"] == j]
        assert states == ["pending", "completed"]
        final = next(o for o in lines if o["jobid"] == j and o["state"] == "completed")
        assert final["record"]["jobid"] == j and len(final["record"]["clips"]) == 2
    assert SECRET not in proc.stdout + proc.stderr


def test_watch_exit_1_when_a_job_fails_or_is_missing(sim: Simulator, env: dict[str, str]) -> None:
    failed = jobid()
    sim.force(failed, outcome="failed", pending_s=0.1)
    missing = jobid(prefix="00000000")
    proc = run(["watch", "--json", *FAST, failed, missing], env)
    assert proc.returncode == 1, proc.stderr
    last = {json.loads(line)["jobid"]: json.loads(line) for line in proc.stdout.splitlines()}
    assert last[failed]["state"] == "failed" and last[failed]["record"]["error"]
    assert last[missing] == {"jobid": missing, "state": "not_found", "record": None}


def test_watch_reads_free_text_from_stdin(sim: Simulator, env: dict[str, str]) -> None:
    j = completed_id(sim)
    text = f"here it is: https://x/jobs/{j.replace(':', '%3A').replace('@', '%40')} thanks"
    proc = run(["watch", *FAST, "-"], env, stdin=text)
    assert proc.returncode == 0, proc.stderr
    assert "completed" in proc.stdout and "audio:" in proc.stdout


def test_watch_bad_ids_exit_2_naming_each(env: dict[str, str]) -> None:
    clip = "user:1001-demo@flowmusic.local-clip:" + str(uuid.uuid4())
    proc = run(["watch", "nonsense-id", clip], env)
    assert proc.returncode == 2
    assert "nonsense-id" in proc.stderr
    assert "clip id" in proc.stderr
    assert "Traceback" not in proc.stderr


def test_watch_without_a_token_exits_3(env: dict[str, str]) -> None:
    env.pop("FLOWMUSIC_API_TOKEN")
    proc = run(["watch", jobid()], env)
    assert proc.returncode == 3
    assert "FLOWMUSIC_API_TOKEN" in proc.stderr and "flowmusic token set" in proc.stderr


@pytest.mark.parametrize(("token", "named"), [("abc def", "a space"), ("abc\ndef", "a line break"),
                                             ("abcdéf", "a character that is not plain ASCII")])  # fmt: skip
def test_a_malformed_token_is_named_by_watch_and_token_status(env: dict[str, str], token: str, named: str) -> None:
    env["FLOWMUSIC_API_TOKEN"] = token
    watch = run(["watch", jobid()], env)
    assert watch.returncode == 3
    assert "no API token" not in watch.stderr
    assert f"FLOWMUSIC_API_TOKEN environment variable contains {named}" in watch.stderr
    assert "fix or unset FLOWMUSIC_API_TOKEN" in watch.stderr
    status = run(["token", "status"], env)
    assert status.returncode == 3
    # The same sentence, from the same function, in both.
    assert watch.stderr.strip().removeprefix("flowmusic: ") in status.stdout
    assert "abc" not in watch.stderr + status.stdout


def test_watch_with_a_rejected_token_stops_at_once(sim: Simulator, env: dict[str, str]) -> None:
    env["FLOWMUSIC_API_TOKEN"] = "wrong-token-value"
    proc = run(["watch", *FAST, jobid(), jobid(), jobid(), jobid(), jobid()], env)
    assert proc.returncode == 3
    assert len(sim.job_requests()) <= 3
    assert "wrong-token-value" not in proc.stderr + proc.stdout


def test_watch_timeout_exits_4(sim: Simulator, env: dict[str, str]) -> None:
    j = jobid()
    sim.force(j, outcome="completed", pending_s=60)
    proc = run(["watch", *FAST, "--timeout", "0.5", j], env)
    assert proc.returncode == 4
    assert "pending" in proc.stderr


def test_watch_leaves_the_store_alone_unless_track(sim: Simulator, env: dict[str, str]) -> None:
    j = completed_id(sim)
    assert run(["watch", *FAST, j], env).returncode == 0
    assert run(["list", "--json"], env).stdout == ""
    assert run(["watch", *FAST, "--track", j], env).returncode == 0
    listed = [json.loads(line) for line in run(["list", "--json"], env).stdout.splitlines()]
    assert [(o["jobid"], o["state"]) for o in listed] == [(j, "completed")]


def test_track_list_untrack(env: dict[str, str]) -> None:
    a, b = jobid(), jobid()
    clip = "user:1001-demo@flowmusic.local-clip:" + str(uuid.uuid4())
    proc = run(["track", "-"], env, stdin=f"{a}\n{b}\n{a}\n{clip}\n")
    assert proc.stdout.strip() == "2 added, 0 already tracked, 1 rejected"
    assert "clip id" in proc.stderr
    assert proc.returncode == 2
    proc = run(["track", a], env)
    assert proc.stdout.strip() == "0 added, 1 already tracked, 0 rejected" and proc.returncode == 0
    listed = [json.loads(line) for line in run(["list", "--json"], env).stdout.splitlines()]
    assert [o["jobid"] for o in listed] == [a, b]
    assert all(o["state"] == "new" and o["record"] is None and "T" in o["added_at"] for o in listed)
    assert run(["untrack", a], env).stdout.strip() == "1 removed"
    assert [json.loads(x)["jobid"] for x in run(["list", "--json"], env).stdout.splitlines()] == [b]


def test_token_status_never_shows_the_token(env: dict[str, str]) -> None:
    proc = run(["token", "status"], env)
    assert proc.returncode == 0
    assert "environment" in proc.stdout
    assert SECRET not in proc.stdout + proc.stderr


def test_bad_arguments_exit_2_without_traceback(env: dict[str, str]) -> None:
    for args in (["watch", "--poll-interval", "-3", jobid()], ["nosuch"], ["watch", "--api-base", "ftp://x", jobid()]):
        proc = run(args, env)
        assert proc.returncode == 2, args
        assert "Traceback" not in proc.stderr


def test_ctrl_c_exits_130_without_a_traceback(sim: Simulator, env: dict[str, str]) -> None:
    import signal

    j = jobid()
    sim.force(j, outcome="completed", pending_s=60)
    proc = subprocess.Popen(
        [*CLI, "watch", "--json", *FAST, j],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env,
    )
    try:
        assert proc.stdout is not None
        first = json.loads(proc.stdout.readline())  # seen pending: the loop is running
        assert first["state"] == "pending"
        proc.send_signal(signal.SIGINT)
        _out, err = proc.communicate(timeout=10)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    assert proc.returncode == 130
    assert "Traceback" not in err


def test_both_commands_say_their_version(env: dict[str, str]) -> None:
    from flowmusic_gui import __version__

    cli = run(["--version"], env)
    assert cli.returncode == 0
    assert cli.stdout.strip() == f"flowmusic {__version__}"
    gui = subprocess.run([sys.executable, "-m", "flowmusic_gui", "--version"], capture_output=True, text=True,
                         env=env, timeout=60)
    assert gui.returncode == 0
    assert gui.stdout.strip() == f"flowmusic-gui {__version__}"


# -- hostile text from the API: neutralised in readable output, strict JSON in --json ----------------------------

HOSTILE = "\x1b[2J\x1b]0;pwned\x07ba\bd\rX\u202egnp.exe\u2066iso\u2069\u200f\x9b31m"
NEUTRAL = ("\x1b", "\x07", "\b", "\r", "\u202e", "\u2066", "\u2069", "\u200f", "\x9b")


def hostile_record(j: str) -> dict[str, object]:
    return {
        "jobid": j, "email": "demo@flowmusic.local", "status": "completed",
        "created_at": "2026-05-31T19:57:23Z", "completed_at": "2026-05-31T19:59:43Z", "duration_ms": 139164,
        "request": {"prompt": HOSTILE},
        "clips": [{
            "clip": "c1", "title": HOSTILE, "duration_s": float("nan"), "seed": 1,
            "lyrics_timing": [[float("nan"), 1.0], [1.0, float("inf")]], "created_at": "2026-05-31T19:59:43Z",
            "audio_url": f"https://media.example/a.m4a?{HOSTILE}", "wav_url": "https://media.example/a.wav",
        }],
    }


@pytest.fixture
def hostile_server() -> Iterator[ScriptedServer]:
    with ScriptedServer() as server:
        def answer(seen: Seen) -> Reply:
            path = seen.path.split("?")[0].rstrip("/")
            if path.endswith("/jobs"):
                return Reply(200, json={})
            j = unquote(path.rsplit("/", 1)[-1])
            # json.dumps writes NaN and Infinity as a lenient parser (and the vendor's) would read them.
            return Reply(200, body=json.dumps(hostile_record(j)))
        server.handler = answer
        yield server


def _strict_loads(line: str) -> object:
    def refuse(name: str) -> object:
        raise ValueError(f"not strict JSON: {name}")
    return json.loads(line, parse_constant=refuse)


def test_watch_and_list_neutralise_control_and_bidi_characters(
    hostile_server: ScriptedServer, env: dict[str, str]
) -> None:
    j = jobid()
    env = {**env, "FLOWMUSIC_API_BASE": hostile_server.url}
    proc = run(["watch", "--track", *FAST, j], env)
    assert proc.returncode == 0, proc.stderr
    assert "ba" in proc.stdout and "gnp.exe" in proc.stdout  # the text is still there to read
    for ch in NEUTRAL:
        assert ch not in proc.stdout + proc.stderr, repr(ch)
    listed = run(["list"], env)
    assert listed.returncode == 0 and j in listed.stdout
    for ch in NEUTRAL:
        assert ch not in listed.stdout, repr(ch)


def test_json_output_is_strict_json(hostile_server: ScriptedServer, env: dict[str, str]) -> None:
    j = jobid()
    env = {**env, "FLOWMUSIC_API_BASE": hostile_server.url}
    proc = run(["watch", "--json", "--track", *FAST, j], env)
    assert proc.returncode == 0, proc.stderr
    final = [_strict_loads(line) for line in proc.stdout.splitlines()][-1]
    assert isinstance(final, dict)
    clip = final["record"]["clips"][0]
    assert clip["duration_s"] is None and clip["lyrics_timing"] == [[None, 1.0], [1.0, None]]
    assert clip["title"] == HOSTILE  # JSON keeps the text exactly, escaped by the encoder
    listed = run(["list", "--json"], env)
    rows = [_strict_loads(line) for line in listed.stdout.splitlines()]
    assert [r["jobid"] for r in rows] == [j]  # type: ignore[index]
    assert rows[0]["record"]["clips"][0]["lyrics_timing"] == [[None, 1.0], [1.0, None]]  # type: ignore[index]


def test_a_read_only_data_folder_is_named_and_list_reads_what_it_can(env: dict[str, str]) -> None:
    a, b = jobid(), jobid()
    assert run(["track", a, b], env).returncode == 0
    data = Path(env["FLOWMUSIC_DATA_DIR"])
    cli = CLI
    listed = run_read_only(data, [*cli, "list"], env)
    assert listed.returncode == 0, listed.stderr
    assert a in listed.stdout and b in listed.stdout
    assert f"The data folder {data} is read-only" in listed.stderr
    as_json = run_read_only(data, [*cli, "list", "--json"], env)
    assert [json.loads(line)["jobid"] for line in as_json.stdout.splitlines()] == [a, b]
    tracked = run_read_only(data, [*cli, "track", jobid()], env)
    assert tracked.returncode == 2
    assert f"The data folder {data} is read-only" in tracked.stderr
    assert "unable to open database file" not in tracked.stderr and "Traceback" not in tracked.stderr


def test_list_in_an_empty_read_only_data_folder(env: dict[str, str]) -> None:
    data = Path(env["FLOWMUSIC_DATA_DIR"])
    data.mkdir(parents=True)
    listed = run_read_only(data, [*CLI, "list"], env)
    assert listed.returncode == 0, listed.stderr
    assert "No tracked jobs" in listed.stdout and "read-only" in listed.stderr

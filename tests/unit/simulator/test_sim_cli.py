"""`flowmusic simulate` / `python -m flowmusic_gui.simulator`: argument errors, start-up text, a clean Ctrl-C."""

from __future__ import annotations

import os
import queue
import re
import signal
import socket
import subprocess
import sys
import threading
import time

import pytest
import requests

from flowmusic_gui.simulator import DEMO_TOKEN, main


@pytest.mark.parametrize(
    ("argv", "named"),
    [
        (["--speed", "0"], "--speed"),
        (["--speed", "-2"], "--speed"),
        (["--speed", "fast"], "--speed"),
        (["--speed", "inf"], "--speed"),
        (["--faults", "1.5"], "--faults"),
        (["--faults", "nan"], "--faults"),
        (["--port", "70000"], "--port"),
        (["--port", "-1"], "--port"),
        (["--host", ""], "--host"),
        (["--token", " "], "--token"),
        (["--seed", "x"], "--seed"),
        (["--bogus"], "--bogus"),
    ],
)
def test_bad_arguments_exit_2_naming_the_bad_piece(
    capsys: pytest.CaptureFixture[str], argv: list[str], named: str
) -> None:
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert named in err
    assert "Traceback" not in err


def test_a_busy_port_is_a_clear_error(capsys: pytest.CaptureFixture[str]) -> None:
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        assert main(["--port", str(port)]) == 1
    err = capsys.readouterr().err
    assert str(port) in err
    assert "Traceback" not in err


@pytest.mark.skipif(sys.platform == "win32", reason="SIGINT to a child process is POSIX")
def test_the_module_serves_prints_demo_ids_and_stops_cleanly_on_ctrl_c() -> None:
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    command = [sys.executable, "-m", "flowmusic_gui.simulator", "--port", "0", "--speed", "100"]
    with subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env) as proc:
        stdout, stderr = proc.stdout, proc.stderr
        assert stdout is not None
        assert stderr is not None
        lines: queue.Queue[str] = queue.Queue()

        def read() -> None:
            for line in stdout:
                lines.put(line)

        reader = threading.Thread(target=read, daemon=True)
        reader.start()
        try:
            out: list[str] = []
            deadline = time.monotonic() + 20
            while not out or "Ctrl-C" not in out[-1]:
                out.append(lines.get(timeout=max(0.1, deadline - time.monotonic())))
            text = "".join(out)
            base = re.search(r"http://127\.0\.0\.1:\d+/v1/flowmusic", text)
            assert base is not None
            jobids = re.findall(r"job:\S+-bot:flowmusic", text)
            assert len(jobids) >= 2
            auth = {"Authorization": f"Bearer {DEMO_TOKEN}"}
            r = requests.get(f"{base.group(0)}/jobs/{jobids[0]}", headers=auth, timeout=5)
            assert r.json()["status"] == "pending"
            # The banner's own lines are enough to reach the API: the base with its prefix, and the token.
            exported = dict(re.findall(r"export (FLOWMUSIC_API_\w+)=(\S+)", text))
            token = exported["FLOWMUSIC_API_TOKEN"].strip("'")
            assert token == DEMO_TOKEN
            accounts = requests.get(
                f"{exported['FLOWMUSIC_API_BASE']}/accounts", headers={"Authorization": f"Bearer {token}"}, timeout=5
            )
            assert accounts.status_code == 200 and accounts.json()
        finally:
            proc.send_signal(signal.SIGINT)
            proc.wait(timeout=10)
            reader.join(5)
        err = stderr.read()
    assert proc.returncode == 0
    assert "Traceback" not in err
    assert "stopped" in "".join(lines.queue)


def test_help_exits_0(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--help"]) == 0
    assert "--faults" in capsys.readouterr().out


def test_help_and_readme_give_the_working_base_url_and_the_demo_token(capsys: pytest.CaptureFixture[str]) -> None:
    from pathlib import Path

    assert main(["--help"]) == 0
    text = capsys.readouterr().out
    readme = (Path(__file__).resolve().parents[3] / "README.md").read_text(encoding="utf-8")
    for where, body in (("--help", text), ("README", readme)):
        bases = re.findall(r"FLOWMUSIC_API_BASE=(\S+)", body)
        assert bases, f"{where} names no FLOWMUSIC_API_BASE"
        local = [b for b in bases if "127.0.0.1" in b]
        assert local and all(b.endswith("/v1/flowmusic") for b in local), f"{where}: {local}"
        assert DEMO_TOKEN in body, f"{where} does not give the demo token"


def test_help_documents_every_switch_and_the_readme_mentions_them(capsys: pytest.CaptureFixture[str]) -> None:
    from pathlib import Path

    from flowmusic_gui.simulator import build_parser

    assert main(["--help"]) == 0
    text = capsys.readouterr().out
    readme = (Path(__file__).resolve().parents[3] / "README.md").read_text(encoding="utf-8")
    for action in build_parser()._actions:
        for option in action.option_strings:
            assert option in text
        assert action.help, f"{action.option_strings} has no help"
        longest = max(action.option_strings, key=len)
        if longest != "--help":
            assert longest in readme, f"the README's command line section does not mention {longest}"

"""The vendor's documented workflow, end to end against `flowmusic simulate` run as its own process.

GET /accounts, POST /music in async mode for four prompts, poll each job with its id percent-encoded until it
completes, then download every clip's m4a from its public URL (no token), as API.md describes it.
"""

from __future__ import annotations

import os
import queue
import re
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import quote

import mutagen
import mutagen.mp4
import pytest
import requests

from flowmusic_gui.simulator import DEMO_TOKEN

PROMPTS = (
    "a hopeful indie rock song about the first day of spring",
    "lo-fi hip hop to study to, rain on the window",
    "an upbeat disco track about a night that never ends",
    "a tender acoustic folk ballad for an old friend",
)


@pytest.fixture(scope="module")
def base() -> Iterator[str]:
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    command = [
        sys.executable, "-m", "flowmusic_gui.cli", "simulate", "--port", "0", "--speed", "150", "--short-clips",
        "--failure-rate", "0",
    ]  # fmt: skip
    with subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env) as proc:
        assert proc.stdout is not None and proc.stderr is not None
        lines: queue.Queue[str] = queue.Queue()
        stdout = proc.stdout
        def read() -> None:
            for line in stdout:
                lines.put(line)

        reader = threading.Thread(target=read, daemon=True)
        reader.start()
        try:
            seen = ""
            deadline = time.monotonic() + 30
            while "Ctrl-C" not in seen:
                seen += lines.get(timeout=max(0.1, deadline - time.monotonic()))
            found = re.search(r"http://127\.0\.0\.1:\d+/v1/flowmusic", seen)
            assert found is not None, seen
            yield found.group(0)
        finally:
            proc.send_signal(signal.SIGINT)
            proc.wait(timeout=15)
            reader.join(5)
        err = proc.stderr.read()
    assert proc.returncode == 0
    assert "Traceback" not in err


def test_submit_four_prompts_poll_each_and_download_every_m4a(base: str, tmp_path: Path) -> None:
    with requests.Session() as api, requests.Session() as media:
        api.headers["Authorization"] = f"Bearer {DEMO_TOKEN}"
        accounts = api.get(f"{base}/accounts", timeout=10)
        assert accounts.status_code == 200
        healthy = [email for email, a in accounts.json().items() if "error" not in a]
        assert len(healthy) == 2

        jobids = []
        for prompt in PROMPTS:
            created = api.post(f"{base}/music", json={"prompt": prompt, "mode": "async"}, timeout=10)
            assert created.status_code == 201, created.text
            record = created.json()
            assert record["status"] == "pending" and record["email"] in healthy
            assert record["request"]["prompt"] == prompt
            jobids.append(record["jobid"])
        assert len(set(jobids)) == 4

        done: dict[str, dict[str, object]] = {}
        deadline = time.monotonic() + 90
        while len(done) < len(jobids):
            assert time.monotonic() < deadline, f"still pending: {set(jobids) - set(done)}"
            for jobid in jobids:
                if jobid in done:
                    continue
                resp = api.get(f"{base}/jobs/{quote(jobid, safe='')}", timeout=10)
                assert resp.status_code == 200, resp.text
                if resp.json()["status"] == "completed":
                    done[jobid] = resp.json()
            if len(done) < len(jobids):
                threading.Event().wait(0.2)  # the vendor polls every 15 s; this is the same loop, faster

        assert api.get(f"{base}/jobs", timeout=10).json() == {}  # finished jobs leave the running list
        files = 0
        for record in done.values():
            clips = record["clips"]
            assert isinstance(clips, list) and len(clips) == 2
            for clip in clips:
                resp = media.get(clip["audio_url"], timeout=30)  # a public URL: no token sent
                assert resp.status_code == 200
                assert resp.headers["Content-Type"] == "audio/mp4"
                path = tmp_path / f"{clip['clip'].rsplit(':', 1)[1]}.m4a"
                path.write_bytes(resp.content)
                audio = mutagen.File(path)
                assert isinstance(audio, mutagen.mp4.MP4)
                assert abs(_length(audio) - clip["duration_s"]) < 0.05
                files += 1
        assert files == 8


def _length(audio: object) -> float:
    """The audio's length in seconds (mutagen's stubs type ``info`` as None)."""
    info: Any = getattr(audio, "info", None)
    return float(info.length)

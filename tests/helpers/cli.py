"""The `flowmusic` command as a script runs it: a real process, with its exit code, stdout and stderr."""

from __future__ import annotations

import subprocess
import sys
import uuid

CLI = [sys.executable, "-m", "flowmusic_gui.cli"]
#: Polls fast enough for a test, still through the command's own flags.
FAST = ["--poll-interval", "0.05", "--max-interval", "0.3"]


def run(args: list[str], env: dict[str, str], stdin: str = "", timeout: float = 60) -> subprocess.CompletedProcess[str]:
    """Run `flowmusic ARGS` to its end (at most ``timeout`` seconds) with ``stdin`` as its input."""
    return subprocess.run([*CLI, *args], input=stdin, capture_output=True, text=True, env=env, timeout=timeout)


def jobid(user: str = "1001", email: str = "demo@flowmusic.local", prefix: str = "") -> str:
    """A well-formed job id nobody made yet; ``prefix`` replaces the start of its UUID (``00000000``: not found)."""
    u = str(uuid.uuid4())
    if prefix:
        u = prefix + u[len(prefix):]
    return f"job:{u}-user:{user}-{email}-bot:flowmusic"

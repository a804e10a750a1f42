"""A helper script of ``tests/helpers`` run in a child process held to a deadline, for the tests that look for a
deadlock: a child that hangs is killed, and the test says how far it got, instead of the suite hanging with it."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

HELPERS = Path(__file__).resolve().parent


def run_within(script: str, args: list[str], deadline_s: float) -> tuple[int | None, str]:
    """Run ``tests/helpers/<script>`` with ``args`` offscreen; its exit code (None if it passed the deadline and
    was killed) and what it printed."""
    proc = subprocess.Popen(
        [sys.executable, str(HELPERS / script), *args],
        stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
    )  # fmt: skip
    try:
        out, _ = proc.communicate(timeout=deadline_s)
    except subprocess.TimeoutExpired:
        proc.kill()
        out, _ = proc.communicate(timeout=10)
        return None, out
    return proc.returncode, out

"""The demo's simulator in a child process (``python -m flowmusic_gui.simulator``), started and stopped with deadlines.

Not a thread of the app: a Python HTTP server in the window's process competes with the window for the GIL while
FFmpeg's reader waits on it (and, before the player's calls released the GIL, a stop() waiting for that reader froze
the window for good). A real media host is never in the app's process.
"""

from __future__ import annotations

import contextlib
import logging
import os
import re
import selectors
import subprocess
import sys
import time
from typing import IO, Protocol

log = logging.getLogger(__name__)

#: How long the child may take to say where it listens (a cold start imports the simulator and its media).
START_TIMEOUT_S = 15.0
#: How long it may take to stop after SIGTERM before it is killed.
STOP_TIMEOUT_S = 3.0
_ADDRESS = re.compile(r"^FlowMusic API simulator at (http://[\w.\-\[\]:]+/\S*)\s*$")


class DemoServer(Protocol):
    """What the demo needs of its simulator: where it is, and a way to stop it."""

    @property
    def base_url(self) -> str: ...

    def stop(self) -> None: ...


class SimulatorProcess:
    """``python -m flowmusic_gui.simulator --port 0`` in a child process; ``base_url`` is read from its first line.

    It accepts the built-in demo token (its default), so no token is ever on its command line.
    """

    def __init__(self, *, speed: float, timeout: float = START_TIMEOUT_S) -> None:
        args = [sys.executable, "-u", "-m", "flowmusic_gui.simulator", "--host", "127.0.0.1", "--port", "0",
                "--speed", repr(float(speed))]  # fmt: skip
        self._proc = subprocess.Popen(
            args, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True,
            env={**os.environ, "PYTHONUNBUFFERED": "1"},
        )  # fmt: skip
        try:
            assert self._proc.stdout is not None
            self.base_url = _read_address(self._proc.stdout, self._proc, timeout)
        except BaseException:
            self.stop()
            raise

    @property
    def pid(self) -> int:
        return self._proc.pid

    def stop(self) -> None:
        """SIGTERM, then SIGKILL after STOP_TIMEOUT_S; safe to call twice."""
        proc = self._proc
        if proc.poll() is None:
            proc.terminate()
            try:
                proc.wait(timeout=STOP_TIMEOUT_S)
            except subprocess.TimeoutExpired:
                log.warning("the demo simulator did not stop within %.0f s: killed", STOP_TIMEOUT_S)
                proc.kill()
                with contextlib.suppress(subprocess.TimeoutExpired):
                    proc.wait(timeout=STOP_TIMEOUT_S)
        if proc.stdout is not None:
            proc.stdout.close()


def _read_address(stream: IO[str], proc: subprocess.Popen[str], timeout: float) -> str:
    """The simulator's address from its first line, waiting at most ``timeout`` seconds."""
    deadline = time.monotonic() + timeout
    with selectors.DefaultSelector() as selector:
        selector.register(stream, selectors.EVENT_READ)
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                raise RuntimeError(f"the demo simulator did not start within {timeout:.0f} s")
            if not selector.select(left):
                continue
            # Its first line is written whole and at once (unbuffered), so this readline does not wait long.
            line = stream.readline()
            if not line:
                raise RuntimeError(f"the demo simulator exited at start (exit code {proc.wait(timeout=5)})")
            match = _ADDRESS.match(line)
            if match:
                return match.group(1)


def start_demo_server(*, speed: float) -> DemoServer:
    """The demo's simulator (demo token and accounts): a child process, or a thread in a frozen bundle (which has
    no ``python -m``)."""
    if getattr(sys, "frozen", False):
        from flowmusic_gui.simulator import DEMO_TOKEN, Simulator

        return Simulator(token=DEMO_TOKEN, speed=speed).start()
    return SimulatorProcess(speed=speed)

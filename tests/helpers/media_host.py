"""Media served by another process (``python -m http.server``), for tests that play it.

Were the media served by a Python thread of the test's process (an in-process simulator), FFmpeg's reader would
wait on a server that competes with the test for the GIL: a slowness a real (remote) media host cannot cause. (Before
the player's calls released the GIL, stop() waiting for that reader froze the process.) Records keep the simulator;
their media links point here.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path
from types import TracebackType
from typing import Any
from urllib.parse import urlsplit

import requests

MEDIA_KEYS = ("audio_url", "wav_url")


class MediaHost:
    """A static file server in a child process over ``folder``; stopped with a deadline on exit."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self._proc: subprocess.Popen[str] | None = None
        self.base = ""

    def __enter__(self) -> MediaHost:
        self._proc = subprocess.Popen(
            [sys.executable, "-u", "-m", "http.server", "0", "--bind", "127.0.0.1", "--directory", str(self.folder)],
            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True,
        )  # fmt: skip
        assert self._proc.stdout is not None
        match = re.search(r"port (\d+)", self._proc.stdout.readline())
        if not match:
            self.__exit__(None, None, None)
            raise RuntimeError("http.server printed no port")
        self.base = f"http://127.0.0.1:{match.group(1)}"
        return self

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        proc, self._proc = self._proc, None
        if proc is None:
            return
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=10)
        if proc.stdout is not None:
            proc.stdout.close()

    def rehost(self, record: dict[str, Any], tag: str) -> dict[str, Any]:
        """``record`` with each clip's audio and WAV fetched once and linked from this host instead."""
        for i, clip in enumerate(record.get("clips") or []):
            for key in MEDIA_KEYS:
                url = clip.get(key)
                if not url:
                    continue
                name = f"{tag}-{i}-{key}{Path(urlsplit(url).path).suffix}"
                reply = requests.get(url, timeout=(5, 60))
                reply.raise_for_status()
                (self.folder / name).write_bytes(reply.content)
                clip[key] = f"{self.base}/{name}"
        return record

"""Run a command that sees one folder read-only: chmod for a normal user, a read-only bind mount for root.

Root writes through any permission bits, so under root the command runs in a private mount namespace where the
folder is bind-mounted read-only; nothing outside that one process sees the change.
"""

from __future__ import annotations

import os
import shutil
import stat
import subprocess
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path

import pytest


def _mount_prefix(folder: Path) -> list[str]:
    script = 'mount --bind -o ro "$0" "$0" && exec "$@"'
    return ["unshare", "--mount", "--propagation", "private", "sh", "-c", script, str(folder)]


@contextmanager
def read_only_prefix(folder: Path) -> Iterator[list[str]]:
    """The words to put before a command so that it sees ``folder`` read-only (skips the test if impossible)."""
    if os.geteuid() != 0:
        mode = folder.stat().st_mode
        folder.chmod(stat.S_IRUSR | stat.S_IXUSR)
        try:
            yield []
        finally:
            folder.chmod(mode)
        return
    prefix = _mount_prefix(folder)
    if shutil.which("unshare") is None or subprocess.run([*prefix, "true"], capture_output=True).returncode != 0:
        pytest.skip("cannot make a folder read-only for root here (no mount namespace)")
    yield prefix


def run_read_only(folder: Path, args: Sequence[str], env: Mapping[str, str], timeout: float = 60,
                  stdin: str = "") -> subprocess.CompletedProcess[str]:  # fmt: skip
    with read_only_prefix(folder) as prefix:
        return subprocess.run([*prefix, *args], input=stdin, capture_output=True, text=True, env=dict(env),
                              timeout=timeout, check=False)  # fmt: skip

"""The real window on a real X server (Xvfb): ``flowmusic-gui --demo --self-test`` paints and exits 0."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]


@pytest.mark.xvfb
def test_demo_self_test_on_xvfb(xvfb: object) -> None:
    if xvfb is None or shutil.which("Xvfb") is None:
        pytest.skip("no Xvfb")
    env = {**os.environ, "QT_QPA_PLATFORM": "xcb"}
    result = subprocess.run(
        [sys.executable, "-m", "flowmusic_gui", "--demo", "--self-test"],
        capture_output=True, text=True, timeout=60, env=env, cwd=REPO, check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("self-test ok: first paint in ")

"""The command-line harness of the integration tests: one simulator and the environment a script runs
`flowmusic` in (token, API base, a private data folder). A module tunes the simulator with
``pytestmark = pytest.mark.simulator(speed=..., short_clips=...)``."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest

from flowmusic_gui.simulator import DEMO_TOKEN, Simulator


@pytest.fixture
def sim_options() -> dict[str, Any]:
    """The command line's tests run the simulator fast, on a fixed seed (tests/conftest.py's ``sim``)."""
    return {"speed": 400, "seed": 5}


@pytest.fixture
def env(sim: Simulator, tmp_path: Path) -> dict[str, str]:
    """The environment of a `flowmusic` process against ``sim``, with the demo token and its own data folder."""
    e = dict(os.environ)
    e.update(FLOWMUSIC_API_TOKEN=DEMO_TOKEN, FLOWMUSIC_API_BASE=sim.base_url, FLOWMUSIC_DATA_DIR=str(tmp_path / "data"))
    e.pop("QT_QPA_PLATFORM", None)
    return e

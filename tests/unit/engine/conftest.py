"""Fixtures for the engine: a running simulator and a policy fast enough for tests."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from flowmusic_gui.core.client import ApiClient
from flowmusic_gui.core.schedule import PolicyConfig
from flowmusic_gui.simulator import DEMO_TOKEN, Simulator

#: Jobs finish in 0.1 to 0.6 s at speed 300; intervals and prior are scaled to match.
FAST = PolicyConfig(
    poll_interval=0.05, max_interval=0.25, budget_per_s=200, concurrency=4, prior_min_s=0.05, prior_max_s=0.8
)


@pytest.fixture
def sim_options() -> dict[str, Any]:
    """Jobs that finish within a second, on a fixed seed (tests/conftest.py's ``sim``)."""
    return {"speed": 300, "seed": 7}


@pytest.fixture
def client(sim: Simulator) -> Iterator[ApiClient]:
    c = ApiClient(sim.base_url, DEMO_TOKEN, timeout=(2.0, 5.0))
    yield c
    c.close()

"""Fixtures for the simulator tests: a running simulator and an authorized requests session."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
import requests

from flowmusic_gui.simulator import DEMO_TOKEN


@pytest.fixture
def sim_options() -> dict[str, Any]:
    """The simulator at its own pace, on seed 0 (tests/conftest.py's ``sim``)."""
    return {"speed": 1.0, "seed": 0}


@pytest.fixture
def session() -> Iterator[requests.Session]:
    with requests.Session() as s:
        s.headers["Authorization"] = f"Bearer {DEMO_TOKEN}"
        yield s

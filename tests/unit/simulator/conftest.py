"""Fixtures for the simulator tests: a running simulator and an authorized requests session."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import requests

from flowmusic_gui.simulator import DEMO_TOKEN, Simulator


@pytest.fixture
def sim() -> Iterator[Simulator]:
    with Simulator(token=DEMO_TOKEN, speed=1.0, seed=0) as s:
        yield s


@pytest.fixture
def session() -> Iterator[requests.Session]:
    with requests.Session() as s:
        s.headers["Authorization"] = f"Bearer {DEMO_TOKEN}"
        yield s

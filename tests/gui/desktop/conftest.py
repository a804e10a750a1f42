"""What the tray tests share: a fast simulator, a tray that exists, and a window backend with the demo token."""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers.keyrings import MemoryKeyring

from flowmusic_gui.core.credentials import SERVICE, USERNAME
from flowmusic_gui.core.schedule import PolicyConfig
from flowmusic_gui.engine.tasks import TaskRunner
from flowmusic_gui.simulator import DEMO_TOKEN, Simulator
from flowmusic_gui.ui.backend import AppBackend
from flowmusic_gui.ui.desktop.notifications import Notifier

FAST = PolicyConfig(poll_interval=0.2, max_interval=0.5, budget_per_s=50, prior_min_s=0.1, prior_max_s=1.0)
TRAY_NOISE = ("systemTrayWindowChanged", "QSystemTrayIcon")


@pytest.fixture
def tray(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(Notifier, "tray_available", classmethod(lambda cls: True))


def backend_for(data_dir: Path, sim: Simulator, runner: TaskRunner) -> AppBackend:
    keyring = MemoryKeyring()
    keyring.secrets[(SERVICE, USERNAME)] = DEMO_TOKEN
    return AppBackend(data_dir, sim.base_url, FAST, environ={}, keyring_backend=keyring, runner=runner)

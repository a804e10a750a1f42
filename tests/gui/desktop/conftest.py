"""What the desktop tests share: a fast simulator, a tray that exists, a window backend with the demo token, and
a private session bus (activating nothing) with the app's connection to it."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from helpers.dbus_session import private_session_bus
from helpers.keyrings import MemoryKeyring
from pytestqt.qtbot import QtBot

from flowmusic_gui.core.credentials import SERVICE, USERNAME
from flowmusic_gui.core.schedule import PolicyConfig
from flowmusic_gui.engine.tasks import TaskRunner
from flowmusic_gui.simulator import DEMO_TOKEN, Simulator
from flowmusic_gui.ui.backend import AppBackend
from flowmusic_gui.ui.desktop.bus import SessionBus
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


@pytest.fixture
def bus_address() -> Iterator[str]:
    """A private session bus's address: only the services a test starts are on it."""
    with private_session_bus() as address:
        yield address


@pytest.fixture
def session_bus(qtbot: QtBot, bus_address: str) -> Iterator[SessionBus]:
    """The app's connection to that bus, connected; stopped (its thread joined) after the test."""
    bus = SessionBus(address=bus_address)
    with qtbot.waitSignal(bus.ready, timeout=10_000) as ready:
        bus.start()
    assert ready.args == [True]
    yield bus
    bus.stop()

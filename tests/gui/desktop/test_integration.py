"""The window's desktop integration on a private session bus: once started it is on the bus as an MPRIS player,
finished songs go to the desktop's notification server when there is one (the in-window notice otherwise), a
click on a notification's Show reaches the window, and shutting down leaves the bus (the player's name released,
the bus thread stopped). Without a session bus at all, nothing breaks."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from helpers.dbus_session import FakeNotificationServer, missing_tools
from jeepney.bus_messages import message_bus
from jeepney.io.blocking import open_dbus_connection
from pytestqt.qtbot import QtBot

from flowmusic_gui.core.records import JobState
from flowmusic_gui.ui.desktop import mpris
from flowmusic_gui.ui.desktop.integration import bus_supported
from flowmusic_gui.ui.main_window import MainWindow

from ..conftest import view

pytestmark = pytest.mark.skipif(missing_tools() is not None, reason=str(missing_tools()))
WAIT_MS = 10_000


def names_on(address: str) -> list[str]:
    with open_dbus_connection(address) as conn:
        return list(conn.send_and_get_reply(message_bus.ListNames(), timeout=5).body[0])


def test_started_it_is_an_mpris_player_uses_the_notification_server_and_leaves_the_bus_on_shutdown(
    qtbot: QtBot, window: MainWindow, bus_address: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert bus_supported()
    monkeypatch.setenv("DBUS_SESSION_BUS_ADDRESS", bus_address)
    server = FakeNotificationServer(bus_address).start()
    try:
        song = view(1, JobState.COMPLETED, title="Neon Rain")
        window.model.set_jobs([song])
        desktop = window.start_desktop()
        qtbot.waitUntil(lambda: desktop.bus is not None and desktop.bus.connected, timeout=WAIT_MS)
        qtbot.waitUntil(lambda: mpris.BUS_NAME in names_on(bus_address), timeout=WAIT_MS)
        qtbot.waitUntil(lambda: window.notifier.desktop is not None, timeout=WAIT_MS)
        window.notifier.notify(song)
        qtbot.waitUntil(lambda: len(server.calls) == 1, timeout=WAIT_MS)
        assert "Neon Rain" in server.calls[0].body or "Neon Rain" in server.calls[0].summary
        # The notification's Show (a click on it) selects the job in the window.
        window.select_jobids([])
        server.invoke(server.calls[0].given_id, "default")
        qtbot.waitUntil(lambda: window.selected_jobids() == [song.jobid], timeout=WAIT_MS)
        desktop.shutdown()
        qtbot.waitUntil(lambda: mpris.BUS_NAME not in names_on(bus_address), timeout=WAIT_MS)
        assert not any(t.name == "session-bus" and t.is_alive() for t in threading.enumerate())
    finally:
        server.stop()


def test_without_a_session_bus_the_window_keeps_its_own_notice(
    qtbot: QtBot, window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("DBUS_SESSION_BUS_ADDRESS", f"unix:path={tmp_path}/no-bus-here")
    song = view(2, JobState.COMPLETED, title="Quiet Harbour")
    window.model.set_jobs([song])
    desktop = window.start_desktop()
    assert desktop.bus is not None
    bus = desktop.bus
    # The bus thread finds no bus and ends; the integration stays, without the desktop's notifications.
    qtbot.waitUntil(lambda: not any(t.name == "session-bus" and t.is_alive() for t in threading.enumerate()),
                    timeout=WAIT_MS)
    assert not bus.connected and window.notifier.desktop is None
    window.notifier.notify(song)
    assert "Song ready" in window.notice.label.text()

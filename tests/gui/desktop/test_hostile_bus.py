# ruff: noqa: F811 - the fixtures imported from test_desktop_bus are used by name
"""Other clients on the session bus: a signal that only looks like the notification server's, and a burst of
thousands of MPRIS calls. A real private bus, the real notification server of the tests, a real second
connection for the hostile client."""

from __future__ import annotations

import threading

import pytest
from helpers.dbus_session import FakeNotificationServer, missing_tools
from helpers.heartbeat import Heartbeat
from jeepney import DBusAddress, new_method_call, new_signal
from jeepney.io.blocking import open_dbus_connection
from pytestqt.qtbot import QtBot

from flowmusic_gui.ui.desktop import mpris
from flowmusic_gui.ui.main_window import MainWindow

from .test_desktop_bus import (  # noqa: F401 - fixtures
    MULTIMEDIA_NOISE,
    WAIT_MS,
    Media,
    bus,
    desktop_window,
    finished,
    media,
    media_server,
    server,
    wait_for_desktop_notifications,
)

pytestmark = [pytest.mark.skipif(bool(missing_tools()), reason=str(missing_tools())),
              pytest.mark.simulator(token=None)]
BURST = 3001


@pytest.mark.qt_log_ignore(*MULTIMEDIA_NOISE)
def test_an_action_signal_from_anyone_but_the_notification_server_is_ignored(
    qtbot: QtBot, window: MainWindow, media: Media, server: FakeNotificationServer, bus: str
) -> None:
    song = finished(media, 0)
    desktop_window(qtbot, window, [song])
    wait_for_desktop_notifications(qtbot, window)
    window.notifier.notify(song)
    qtbot.waitUntil(lambda: len(server.calls) == 1 and bool(window.notifier.desktop
                                                            and window.notifier.desktop._keys), timeout=WAIT_MS)
    given = server.calls[0].given_id
    desktop = window.desktop
    assert desktop is not None and desktop.bus is not None
    app_name = desktop.bus.unique_name
    # Another client on the session bus sends the server's signal for the app's own notification id.
    with open_dbus_connection(bus) as rogue:
        emitter = DBusAddress("/org/freedesktop/Notifications", interface="org.freedesktop.Notifications")
        rogue.send(new_signal(emitter, "ActionInvoked", "us", (given, "play")))
        ping = new_method_call(DBusAddress(mpris.PATH, app_name, "org.freedesktop.DBus.Peer"), "Ping")
        rogue.send_and_get_reply(ping, timeout=10)
    qtbot.wait(100)
    assert not window.detail.player.playing and window.detail.player.current_key is None
    # The notification server itself is still obeyed ("show": it selects the job, and plays nothing, so the test
    # never waits on a media stream while it stops).
    window.table.clearSelection()
    server.invoke(given, "show")
    qtbot.waitUntil(lambda: window.selected_jobids() == [song.jobid], timeout=WAIT_MS)


@pytest.mark.qt_log_ignore(*MULTIMEDIA_NOISE, r"Demux")  # a stream stopped while it was being read
def test_a_burst_of_mpris_calls_never_stalls_the_window_and_adds_up(
    qtbot: QtBot, window: MainWindow, media: Media, bus: str
) -> None:
    older, newer = finished(media, 0), finished(media, 1, minutes=5)
    desktop_window(qtbot, window, [older, newer])
    desktop = window.desktop
    assert desktop is not None and desktop.mpris is not None
    qtbot.waitUntil(lambda: desktop.mpris is not None and desktop.mpris.name == mpris.BUS_NAME, timeout=WAIT_MS)
    window.table.clearSelection()
    player = window.detail.player
    target = DBusAddress(mpris.PATH, mpris.BUS_NAME, mpris.PLAYER)
    done = threading.Event()

    def burst() -> None:
        with open_dbus_connection(bus) as conn:
            for _ in range(BURST):  # an odd number of toggles: it ends up playing
                conn.send(new_method_call(target, "PlayPause"))
            conn.send_and_get_reply(new_method_call(target, "Stop"), timeout=30)  # after them all, in order
            for _ in range(BURST):
                conn.send(new_method_call(target, "PlayPause"))
            conn.send_and_get_reply(new_method_call(
                DBusAddress(mpris.PATH, mpris.BUS_NAME, "org.freedesktop.DBus.Peer"), "Ping"), timeout=30)
        done.set()

    beat = Heartbeat()
    beat.start()
    thread = threading.Thread(target=burst, daemon=True)
    thread.start()
    qtbot.waitUntil(done.is_set, timeout=60_000)  # every call answered: the last two only after all before them
    qtbot.wait(200)  # the GUI thread's last fold
    beat.stop()
    thread.join(5)
    assert beat.worst_cpu_ms < 200, f"the window's loop was held {beat.worst_cpu_ms:.0f} ms"
    player.stop()

# ruff: noqa: F811 - the fixtures imported from test_desktop_bus are used by name
"""Other clients on the session bus: a signal that only looks like the notification server's, and a burst of
thousands of MPRIS calls. A real private bus, the real notification server of the tests, a real second
connection for the hostile client."""

from __future__ import annotations

import threading

import pytest
from helpers.dbus_session import FakeNotificationServer, missing_tools
from helpers.heartbeat import Heartbeat
from jeepney import DBusAddress, MessageType, new_method_call, new_signal
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
    newest = newer.record.clips[0] if newer.record else None
    assert newest is not None

    def burst(before: int, after: int) -> None:
        """``before`` PlayPause, a Stop, ``after`` PlayPause from one client; each answered, none refused."""
        target = DBusAddress(mpris.PATH, mpris.BUS_NAME, mpris.PLAYER)
        calls = ["PlayPause"] * before + ["Stop"] + ["PlayPause"] * after
        refused: list[object] = []
        done = threading.Event()

        def send() -> None:
            with open_dbus_connection(bus) as conn:
                for method in calls:
                    conn.send(new_method_call(target, method))
                answered = 0
                while answered < len(calls):  # the answers, in order; the bus's own signals aside
                    msg = conn.receive(timeout=30)
                    if msg.header.message_type is MessageType.error:
                        refused.append(msg.body)
                    answered += msg.header.message_type in (MessageType.method_return, MessageType.error)
            done.set()

        beat = Heartbeat()
        beat.start()
        thread = threading.Thread(target=send, daemon=True)
        thread.start()
        qtbot.waitUntil(done.is_set, timeout=60_000)
        qtbot.waitUntil(lambda: desktop.mpris is not None and not desktop.mpris.busy, timeout=WAIT_MS)
        beat.stop()
        thread.join(5)
        assert refused == []
        assert beat.held_within(200), beat.describe(200)

    # The toggles before the Stop are undone by it; the odd number after it, from stopped, start the newest song
    # (nothing is selected) and leave it playing. The player's state, not sound: CI has no sound server.
    burst(BURST, BURST)
    assert player.current_key is not None and window.detail.clip_of(player.current_key) == newest
    assert player.wants_playing
    # An even number after the Stop: the first starts the song, the last pauses it.
    burst(BURST, BURST - 1)
    assert player.current_key is not None and window.detail.clip_of(player.current_key) == newest
    assert not player.wants_playing
    player.stop()

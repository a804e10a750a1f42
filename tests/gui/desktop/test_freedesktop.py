"""Notifications through the desktop's notification server, on a private bus with a real server of the test's own:
a song's notification with its buttons, the server's markup escaped, one notification per job replaced rather
than stacked, a click coming back as the job's action (from the server only), and no server said as such."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from helpers.dbus_session import FakeNotificationServer, missing_tools
from pytestqt.qtbot import QtBot

from flowmusic_gui.ui.desktop.bus import SessionBus
from flowmusic_gui.ui.desktop.freedesktop import FreedesktopNotifications

pytestmark = pytest.mark.skipif(missing_tools() is not None, reason=str(missing_tools()))
WAIT_MS = 10_000


@pytest.fixture
def server(bus_address: str) -> Iterator[FakeNotificationServer]:
    srv = FakeNotificationServer(bus_address).start()
    yield srv
    srv.stop()


def probed(qtbot: QtBot, session_bus: SessionBus) -> FreedesktopNotifications:
    notes = FreedesktopNotifications(session_bus)
    with qtbot.waitSignal(notes.available, timeout=WAIT_MS):
        notes.probe()
    qtbot.waitUntil(lambda: bool(notes.owner), timeout=WAIT_MS)
    return notes


def test_a_notification_has_its_buttons_escaped_text_and_replaces_its_own(
    qtbot: QtBot, session_bus: SessionBus, server: FakeNotificationServer
) -> None:
    notes = probed(qtbot, session_bus)
    assert notes.ready and "actions" in notes.capabilities
    notes.notify("job-1", "Song finished", "Neon <b>Rain</b> & more", [("play", "Play")])
    qtbot.waitUntil(lambda: len(server.calls) == 1, timeout=WAIT_MS)
    first = server.calls[0]
    assert first.summary == "Song finished"
    assert first.body == "Neon &lt;b&gt;Rain&lt;/b&gt; &amp; more"  # the server reads markup: ours is escaped
    assert first.actions == ["default", "Show", "play", "Play"]
    assert first.replaces_id == 0 and first.signature == "susssasa{sv}i"
    assert first.hints["urgency"][1] == 1
    # The same job again replaces what is shown; an urgent one says so.
    qtbot.waitUntil(lambda: notes._ids.get("job-1") == first.given_id, timeout=WAIT_MS)
    notes.notify("job-1", "Song failed", "the server said no", [], urgent=True)
    qtbot.waitUntil(lambda: len(server.calls) == 2, timeout=WAIT_MS)
    assert server.calls[1].replaces_id == first.given_id
    assert server.calls[1].hints["urgency"][1] == 2
    # After forget, the next one is new.
    notes.forget("job-1")
    notes.notify("job-1", "Song finished", "again", [])
    qtbot.waitUntil(lambda: len(server.calls) == 3, timeout=WAIT_MS)
    assert server.calls[2].replaces_id == 0


def test_a_click_comes_back_as_the_jobs_action(
    qtbot: QtBot, session_bus: SessionBus, server: FakeNotificationServer
) -> None:
    notes = probed(qtbot, session_bus)
    notes.notify("job-2", "Song finished", "Neon Rain", [("play", "Play")])
    qtbot.waitUntil(lambda: "job-2" in notes._ids, timeout=WAIT_MS)
    with qtbot.waitSignal(notes.action_invoked, timeout=WAIT_MS) as clicked:
        server.invoke(notes._ids["job-2"], "play")
    assert clicked.args == ["job-2", "play"]


def test_without_a_notification_server_it_says_unavailable(qtbot: QtBot, session_bus: SessionBus) -> None:
    notes = FreedesktopNotifications(session_bus)
    with qtbot.waitSignal(notes.unavailable, timeout=WAIT_MS):
        notes.probe()
    assert notes.answered and not notes.ready

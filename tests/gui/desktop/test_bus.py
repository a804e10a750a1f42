"""The app's session-bus connection on a private bus of the test's own: it says when it is connected (or that
there is no session_bus), calls come back on the GUI thread, the objects it exports answer another client (an error as a
D-Bus error, an unknown path refused), its signals reach that client, and it stops within its deadline."""

from __future__ import annotations

import threading
from typing import Any

import pytest
from helpers.dbus_session import missing_tools
from jeepney import DBusAddress, MessageType, new_method_call
from jeepney.bus_messages import MatchRule, message_bus
from jeepney.io.blocking import open_dbus_connection
from PySide6.QtCore import QThread
from pytestqt.qtbot import QtBot

from flowmusic_gui.ui.desktop.bus import BusError, SessionBus

pytestmark = pytest.mark.skipif(missing_tools() is not None, reason=str(missing_tools()))
WAIT_MS = 10_000
NAME = "io.github.flowmusicmonitor.BusTest"


def test_it_connects_and_a_calls_answer_comes_back_on_the_gui_thread(qtbot: QtBot, session_bus: SessionBus) -> None:
    assert session_bus.connected and session_bus.unique_name.startswith(":")
    answers: list[tuple[bool, Any, bool]] = []
    gui = QThread.currentThread()
    session_bus.call("org.freedesktop.DBus", "/org/freedesktop/DBus", "org.freedesktop.DBus", "ListNames",
             on_reply=lambda ok, body: answers.append((ok, body, QThread.currentThread() is gui)))
    qtbot.waitUntil(lambda: bool(answers), timeout=WAIT_MS)
    ok, body, on_gui = answers[0]
    assert ok and on_gui and session_bus.unique_name in body[0]
    # A call the bus refuses comes back as not ok, with the error's text.
    session_bus.call("org.freedesktop.DBus", "/org/freedesktop/DBus", "org.freedesktop.DBus", "NoSuchMethod",
             on_reply=lambda ok, body: answers.append((ok, body, True)))
    qtbot.waitUntil(lambda: len(answers) == 2, timeout=WAIT_MS)
    assert answers[1][0] is False and isinstance(answers[1][1], str)


def test_an_exported_object_answers_another_client_and_its_signals_reach_it(
    qtbot: QtBot, session_bus: SessionBus, bus_address: str
) -> None:
    def handler(interface: str, member: str, signature: str, body: tuple[Any, ...]) -> Any:
        if member == "Echo":
            return "s", (f"echo: {body[0]}",)
        raise BusError("org.example.Error.Refused", f"{member} is refused")

    session_bus.export("/test", handler)
    owned: list[tuple[bool, Any]] = []
    session_bus.request_name(NAME, on_reply=lambda ok, body: owned.append((ok, body)))
    qtbot.waitUntil(lambda: bool(owned), timeout=WAIT_MS)
    assert owned[0] == (True, (1,))  # the primary owner

    got: dict[str, Any] = {}
    done = threading.Event()

    def other_client() -> None:  # a real second connection, off the GUI thread (the GUI thread must answer)
        with open_dbus_connection(bus_address) as conn:
            conn.send_and_get_reply(message_bus.AddMatch(MatchRule(type="signal", interface="org.example.Test")))
            target = DBusAddress("/test", NAME, "org.example.Test")
            got["echo"] = conn.send_and_get_reply(new_method_call(target, "Echo", "s", ("hello",)), timeout=5)
            got["refused"] = conn.send_and_get_reply(new_method_call(target, "Other"), timeout=5)
            nowhere = DBusAddress("/nowhere", NAME, "org.example.Test")
            got["unknown"] = conn.send_and_get_reply(new_method_call(nowhere, "Echo", "s", ("x",)), timeout=5)
            got["ready"] = True
            done.set()
            while "signal" not in got:
                msg = conn.receive(timeout=5)
                if msg.header.message_type is MessageType.signal and msg.header.fields.get(3) == "Changed":
                    got["signal"] = msg.body

    thread = threading.Thread(target=other_client, daemon=True)
    thread.start()
    qtbot.waitUntil(done.is_set, timeout=WAIT_MS)
    assert got["echo"].body == ("echo: hello",)
    assert got["refused"].header.message_type is MessageType.error
    assert got["refused"].body == ("Other is refused",)
    assert got["unknown"].header.message_type is MessageType.error
    session_bus.emit_signal("/test", "org.example.Test", "Changed", "s", ("now",))
    thread.join(10)
    assert got.get("signal") == ("now",)


def test_no_session_bus_is_said_and_nothing_breaks(qtbot: QtBot, tmp_path: Any) -> None:
    b = SessionBus(address=f"unix:path={tmp_path}/no-bus-here")
    with qtbot.waitSignal(b.ready, timeout=WAIT_MS) as ready:
        b.start()
    assert ready.args == [False] and not b.connected
    b.call("org.freedesktop.DBus", "/org/freedesktop/DBus", "org.freedesktop.DBus", "ListNames")  # dropped
    b.stop()


def test_it_stops_within_its_deadline(qtbot: QtBot, bus_address: str) -> None:
    b = SessionBus(address=bus_address)
    with qtbot.waitSignal(b.ready, timeout=WAIT_MS):
        b.start()
    b.stop(timeout=5.0)
    assert not any(t.name == "session-bus" and t.is_alive() for t in threading.enumerate())

"""A private D-Bus session bus for tests, and a notification server of our own registered on it.

The bus is a real ``dbus-daemon`` of the session type, reachable only through the address it prints, with a
configuration of its own: it names no service directory, so it activates nothing. The system's session
configuration would D-Bus-activate whatever is installed (a notification daemon such as dunst, a keyring,
playerctld), and "no notification server" would then never be true on a full desktop. Here the only services on
the bus are the ones a test starts. The notification server is a real D-Bus service on its own connection
(jeepney, on a thread), so the app's calls, their types and the signals back all cross the wire.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from jeepney import DBusAddress, MessageType, new_method_return, new_signal
from jeepney.bus_messages import message_bus
from jeepney.io.blocking import DBusConnection, open_dbus_connection

START_TIMEOUT_S = 10.0

#: A session bus that activates no service: no <servicedir>, no <standard_session_servicedirs/>.
PRIVATE_SESSION_CONFIG = """<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig>
  <type>session</type>
  <keep_umask/>
  <listen>unix:tmpdir=/tmp</listen>
  <auth>EXTERNAL</auth>
  <!-- A desktop's session bus (session.conf) lets a client wait on this many answers at once; the daemon's
       own default (128) would refuse a burst of calls before they reach the app. -->
  <limit name="max_replies_per_connection">50000</limit>
  <policy context="default">
    <allow send_destination="*" eavesdrop="true"/>
    <allow eavesdrop="true"/>
    <allow own="*"/>
  </policy>
</busconfig>
"""


def private_session_config(folder: str) -> str:
    """Write the configuration into ``folder``; its path, for ``dbus-daemon``/``dbus-run-session --config-file``."""
    path = f"{folder}/session-no-activation.conf"
    with open(path, "w", encoding="utf-8") as f:
        f.write(PRIVATE_SESSION_CONFIG)
    return path


def missing_tools(*tools: str) -> str | None:
    for tool in ("dbus-daemon", *tools):
        if shutil.which(tool) is None:
            return f"{tool} is not installed (apt install dbus {' '.join(tools)})"
    return None


@contextmanager
def private_session_bus() -> Iterator[str]:
    """Start a session bus of our own that activates nothing; yields its address, and ends it (and everything on
    it) afterwards."""
    folder = tempfile.mkdtemp(prefix="flowmusic-dbus-")
    config = private_session_config(folder)
    proc = subprocess.Popen(
        ["dbus-daemon", f"--config-file={config}", "--nofork", "--nopidfile", "--print-address=1"],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    try:
        assert proc.stdout is not None
        address = proc.stdout.readline().strip()  # printed once the bus listens
        assert address, "dbus-daemon printed no address"
        yield address
    finally:
        if proc.stdout is not None:
            proc.stdout.close()
        proc.terminate()
        try:
            proc.wait(timeout=START_TIMEOUT_S)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=START_TIMEOUT_S)
        shutil.rmtree(folder, ignore_errors=True)


@dataclass
class NotifyCall:
    app_name: str
    replaces_id: int
    app_icon: str
    summary: str
    body: str
    actions: list[str]
    hints: dict[str, tuple[str, Any]]
    expire_timeout: int
    signature: str
    given_id: int = 0


@dataclass
class FakeNotificationServer:
    """``org.freedesktop.Notifications`` with the capabilities given; records every Notify call."""

    address: str
    capabilities: tuple[str, ...] = ("actions", "body", "body-markup")
    calls: list[NotifyCall] = field(default_factory=list)
    _conn: DBusConnection | None = None
    _thread: threading.Thread | None = None
    _stop: threading.Event = field(default_factory=threading.Event)
    _next_id: int = 0
    _lock: threading.Lock = field(default_factory=threading.Lock)
    registered: threading.Event = field(default_factory=threading.Event)

    def start(self) -> FakeNotificationServer:
        self._conn = open_dbus_connection(self.address)
        reply = self._conn.send_and_get_reply(message_bus.RequestName("org.freedesktop.Notifications", 4), timeout=5)
        assert reply.body[0] == 1, reply.body
        self.registered.set()
        self._thread = threading.Thread(target=self._serve, name="fake-notifications", daemon=True)
        self._thread.start()
        return self

    def _serve(self) -> None:
        assert self._conn is not None
        conn = self._conn
        while not self._stop.is_set():
            try:
                msg = conn.receive(timeout=0.1)
            except TimeoutError:
                continue
            except OSError:
                return
            if msg.header.message_type is not MessageType.method_call:
                continue
            member = msg.header.fields.get(3)  # HeaderFields.member
            if member == "GetCapabilities":
                conn.send(new_method_return(msg, "as", (list(self.capabilities),)))
            elif member == "GetServerInformation":
                conn.send(new_method_return(msg, "ssss", ("fake", "tests", "1", "1.2")))
            elif member == "Notify":
                body = msg.body
                with self._lock:
                    if body[1]:
                        given = int(body[1])
                    else:
                        self._next_id += 1
                        given = self._next_id
                    app, replaces, icon, summary, text, actions, hints, expire = body
                    call = NotifyCall(app, replaces, icon, summary, text, list(actions), dict(hints), expire,
                                      signature=str(msg.header.fields.get(8)), given_id=given)  # fmt: skip
                    self.calls.append(call)
                conn.send(new_method_return(msg, "u", (given,)))
            else:
                conn.send(new_method_return(msg))

    def invoke(self, notification_id: int, action: str) -> None:
        """What the server sends when the user clicks ``action`` on a notification."""
        assert self._conn is not None
        emitter = DBusAddress("/org/freedesktop/Notifications", interface="org.freedesktop.Notifications")
        self._conn.send(new_signal(emitter, "ActionInvoked", "us", (notification_id, action)))

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(5)
        if self._conn is not None:
            self._conn.close()

"""The session bus for the desktop parts (notifications, MPRIS): one thread owns one D-Bus connection.

The wire is spoken with jeepney rather than PySide6's QtDBus: PySide6 marshals every Python int as int32, while
``Notify`` takes a uint32 ``replaces_id`` and MPRIS wants int64 positions and lengths, and real servers reject
the wrong signature. All bus I/O happens on the bus thread; only plain data (strings, numbers, tuples) crosses
to the GUI thread, through queued Qt signals.
"""

from __future__ import annotations

import contextlib
import logging
import queue
import selectors
import socket
import threading
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, Signal, Slot

log = logging.getLogger(__name__)

CONNECT_TIMEOUT_S = 3.0
CALL_TIMEOUT_S = 5.0
STOP_TIMEOUT_S = 3.0

#: What an exported object's handler returns: (signature, body) of the reply.
Reply = tuple[str, tuple[Any, ...]]
#: ``handler(interface, member, signature, body)``, run on the bus thread; raise :class:`BusError` to answer
#: with a D-Bus error. It must read only thread-safe state (see mpris.py's snapshot).
Handler = Callable[[str, str, str, tuple[Any, ...]], Reply]


class BusError(Exception):
    """An error answer to a method call: ``name`` is the D-Bus error name."""

    def __init__(self, name: str, message: str) -> None:
        super().__init__(message)
        self.name = name


class SessionBus(QObject):
    """``start()`` connects in the background; ``ready(ok)`` says whether the session bus was reached.

    ``call`` sends a method call and hands its answer to ``on_reply(ok, body_or_message)`` on the GUI thread;
    ``signal_received(sender, interface, member, body)`` carries the signals of every ``add_match``.
    """

    ready = Signal(bool)
    signal_received = Signal(str, str, str, object)  # sender, interface, member, body (a tuple)
    _replied = Signal(int, bool, object)  # token, ok, body tuple or error text

    def __init__(self, parent: QObject | None = None, *, address: str | None = None) -> None:
        super().__init__(parent)
        self._address = address
        self._outbox: queue.SimpleQueue[Callable[[Any], None]] = queue.SimpleQueue()
        self._wake_r, self._wake_w = socket.socketpair()
        self._wake_r.setblocking(False)
        self._wake_w.setblocking(False)
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._handlers: dict[str, Handler] = {}  # object path -> handler; written before the name is asked
        self._callbacks: dict[int, Callable[[bool, Any], None]] = {}
        self._next_token = 0
        self.connected = False
        self.unique_name = ""
        self._replied.connect(self._on_replied)

    # -- GUI thread ------------------------------------------------------------------------------------------

    def start(self) -> None:
        if self._thread is None:
            self._thread = threading.Thread(target=self._run, name="session-bus", daemon=True)
            self._thread.start()

    def export(self, path: str, handler: Handler) -> None:
        """Answer method calls to ``path`` with ``handler`` (on the bus thread)."""
        self._handlers[path] = handler

    def call(
        self,
        destination: str,
        path: str,
        interface: str,
        method: str,
        signature: str = "",
        body: tuple[Any, ...] = (),
        on_reply: Callable[[bool, Any], None] | None = None,
    ) -> None:
        token = -1
        if on_reply is not None:
            self._next_token += 1
            token = self._next_token
            self._callbacks[token] = on_reply

        def send(conn: Any) -> None:
            from jeepney import DBusAddress, new_method_call

            msg = new_method_call(DBusAddress(path, destination, interface), method, signature or None, body)
            self._send(conn, msg, token)

        self._post(send)

    def request_name(self, name: str, on_reply: Callable[[bool, Any], None] | None = None) -> None:
        """Own ``name`` (do not queue for it); the reply is RequestName's code (1: primary owner)."""
        self.call("org.freedesktop.DBus", "/org/freedesktop/DBus", "org.freedesktop.DBus", "RequestName",
                  "su", (name, 4), on_reply)  # fmt: skip  # 4: DBUS_NAME_FLAG_DO_NOT_QUEUE

    def release_name(self, name: str) -> None:
        self.call("org.freedesktop.DBus", "/org/freedesktop/DBus", "org.freedesktop.DBus", "ReleaseName", "s",
                  (name,))  # fmt: skip

    def add_match(self, rule: str) -> None:
        self.call("org.freedesktop.DBus", "/org/freedesktop/DBus", "org.freedesktop.DBus", "AddMatch", "s",
                  (rule,))  # fmt: skip

    def emit_signal(self, path: str, interface: str, member: str, signature: str, body: tuple[Any, ...]) -> None:
        def send(conn: Any) -> None:
            from jeepney import DBusAddress, new_signal

            conn.send(new_signal(DBusAddress(path, interface=interface), member, signature or None, body))

        self._post(send)

    def stop(self, timeout: float = STOP_TIMEOUT_S) -> None:
        """End the thread (closing the connection drops every name it owned); waits at most ``timeout``."""
        self._stop.set()
        self._wake()
        if self._thread is not None:
            self._thread.join(timeout)
            if self._thread.is_alive():
                log.warning("the session bus thread did not stop within %.1f s", timeout)
                self._callbacks.clear()
                return  # it still selects on the wake-up pair: leave that open
        self._callbacks.clear()
        self._wake_r.close()
        self._wake_w.close()

    def _post(self, job: Callable[[Any], None]) -> None:
        if not self._stop.is_set():
            self._outbox.put(job)
            self._wake()

    def _wake(self) -> None:
        # A full buffer means the thread is already awake; a closed pair, that it has ended.
        with contextlib.suppress(OSError):
            self._wake_w.send(b"\0")

    @Slot(int, bool, object)
    def _on_replied(self, token: int, ok: bool, body: object) -> None:
        callback = self._callbacks.pop(token, None)
        if callback is not None:
            callback(ok, body)

    # -- bus thread ------------------------------------------------------------------------------------------

    def _connect(self) -> Any:
        from jeepney.io.blocking import open_dbus_connection

        # Connecting and authenticating have a deadline; Hello is answered by the bus daemon itself at once.
        return open_dbus_connection(self._address or "SESSION", auth_timeout=CONNECT_TIMEOUT_S)

    def _run(self) -> None:
        try:
            conn = self._connect()
        except Exception as exc:  # noqa: BLE001 - no session bus, whatever the reason: the callers fall back
            log.info("no session bus: %s", type(exc).__name__)
            self.ready.emit(False)
            return
        self.connected = True
        self.unique_name = str(conn.unique_name)
        self.ready.emit(True)
        self._pending: dict[int, int] = {}  # D-Bus serial -> token
        selector = selectors.DefaultSelector()
        selector.register(conn.sock, selectors.EVENT_READ, "bus")
        selector.register(self._wake_r, selectors.EVENT_READ, "wake")
        try:
            while not self._stop.is_set():
                for key, _events in selector.select(1.0):
                    if key.data == "wake":
                        try:
                            while self._wake_r.recv(512):
                                pass
                        except (BlockingIOError, InterruptedError):
                            pass
                    else:
                        if not self._read(conn):
                            return
                while not self._stop.is_set():
                    try:
                        job = self._outbox.get_nowait()
                    except queue.Empty:
                        break
                    try:
                        job(conn)
                    except OSError as exc:
                        log.info("session bus write failed: %s", type(exc).__name__)
                        return
        finally:
            selector.close()
            conn.close()
            self.connected = False

    def _send(self, conn: Any, msg: Any, token: int) -> None:
        serial = next(conn.outgoing_serial)
        if token >= 0:
            self._pending[serial] = token
        conn.send(msg, serial=serial)

    def _read(self, conn: Any) -> bool:
        """Handle every whole message that arrived; False when the bus went away."""
        while True:
            try:
                msg = conn.receive(timeout=0)
            except TimeoutError:
                return True
            except (OSError, EOFError) as exc:
                log.info("session bus closed: %s", type(exc).__name__)
                return False
            try:
                self._dispatch(conn, msg)
            except Exception:  # one bad message must not end the bus thread
                log.exception("a D-Bus message could not be handled")

    def _dispatch(self, conn: Any, msg: Any) -> None:
        from jeepney import HeaderFields, MessageType, new_error, new_method_return

        fields = msg.header.fields
        kind = msg.header.message_type
        if kind in (MessageType.method_return, MessageType.error):
            token = self._pending.pop(int(fields.get(HeaderFields.reply_serial, 0)), None)
            if token is not None:
                ok = kind is MessageType.method_return
                body: object = tuple(msg.body) if ok else (str(msg.body[0]) if msg.body else str(
                    fields.get(HeaderFields.error_name, "error")))
                self._replied.emit(token, ok, body)
        elif kind is MessageType.signal:
            self.signal_received.emit(str(fields.get(HeaderFields.sender, "")),
                                      str(fields.get(HeaderFields.interface, "")),
                                      str(fields.get(HeaderFields.member, "")), tuple(msg.body))  # fmt: skip
        elif kind is MessageType.method_call:
            handler = self._handlers.get(str(fields.get(HeaderFields.path, "")))
            if handler is None:
                conn.send(new_error(msg, "org.freedesktop.DBus.Error.UnknownObject", "s", ("no such object",)))
                return
            try:
                signature, reply = handler(str(fields.get(HeaderFields.interface, "")),
                                           str(fields.get(HeaderFields.member, "")),
                                           str(fields.get(HeaderFields.signature, "")), tuple(msg.body))  # fmt: skip
            except BusError as exc:
                conn.send(new_error(msg, exc.name, "s", (str(exc),)))
                return
            conn.send(new_method_return(msg, signature or None, reply))

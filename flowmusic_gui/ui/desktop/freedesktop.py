"""The desktop's notification server (``org.freedesktop.Notifications``) as a client on the session bus.

Each notification is sent under a key (a job id, or a group of songs); sending the same key again replaces the
shown notification (``replaces_id``) instead of stacking a new one. Clicks on an action come back as
``action_invoked(key, action)``, and only from the connection that owns the server's name: any other client on
the session bus can send a signal that looks the same, and is ignored.
"""

from __future__ import annotations

import html
import logging
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Signal

from flowmusic_gui import APP_ID, APP_NAME

if TYPE_CHECKING:
    from flowmusic_gui.ui.desktop.bus import SessionBus

log = logging.getLogger(__name__)

SERVICE = "org.freedesktop.Notifications"
DBUS = "org.freedesktop.DBus"
PATH = "/org/freedesktop/Notifications"
INTERFACE = SERVICE
APP_ICON = APP_ID  # the icon name the .desktop file and the installed icons use
EXPIRE_DEFAULT = -1


class FreedesktopNotifications(QObject):
    """``available`` once the server answered GetCapabilities; ``unavailable`` when there is none."""

    available = Signal()
    unavailable = Signal()
    action_invoked = Signal(str, str)  # key, action ("play", "show", "default")

    def __init__(self, bus: SessionBus, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._bus = bus
        self.ready = False
        self.answered = False  # the probe came back, either way
        self.capabilities: frozenset[str] = frozenset()
        self._ids: dict[str, int] = {}  # key -> the server's id of what is shown for it
        self._keys: dict[int, str] = {}  # the server's id -> key
        self.owner = ""  # the unique name (":1.42") of the server's connection: the only sender believed
        self.sent: list[dict[str, Any]] = []  # what was sent, newest last (for tests and the log)
        bus.signal_received.connect(self._on_signal)

    def probe(self) -> None:
        """Ask the server what it can do; ``available`` or ``unavailable`` follows."""
        self._bus.add_match(f"type='signal',sender='{SERVICE}',interface='{INTERFACE}',path='{PATH}'")
        # Who owns the name now, and whenever that changes (a server restarted, another one took over).
        self._bus.add_match(f"type='signal',sender='{DBUS}',interface='{DBUS}',member='NameOwnerChanged',"
                            f"arg0='{SERVICE}'")
        self._bus.call(DBUS, "/org/freedesktop/DBus", DBUS, "GetNameOwner", "s", (SERVICE,),
                       on_reply=self._on_owner)
        self._bus.call(SERVICE, PATH, INTERFACE, "GetCapabilities", on_reply=self._on_capabilities)

    def _on_owner(self, ok: bool, body: Any) -> None:
        self.owner = str(body[0]) if ok and body else ""

    def _on_capabilities(self, ok: bool, body: Any) -> None:
        self.answered = True
        if not ok:
            log.info("no notification server on the session bus: %s", body)
            self.ready = False
            self.unavailable.emit()
            return
        self.capabilities = frozenset(str(c) for c in (body[0] if body else ()))
        self.ready = True
        self.available.emit()

    def notify(
        self, key: str, summary: str, body: str, actions: list[tuple[str, str]], *, urgent: bool = False
    ) -> None:
        """Show (or replace) ``key``'s notification. ``body`` is plain text: escaped where the server reads markup."""
        if "body-markup" in self.capabilities:
            body = html.escape(body, quote=False)
        flat: list[str] = []
        if "actions" in self.capabilities:
            flat = ["default", self.tr("Show")]  # a click on the notification itself shows the job
            for name, label in actions:
                flat += [name, label]
        hints: dict[str, tuple[str, Any]] = {
            "desktop-entry": ("s", APP_ID),
            "urgency": ("y", 2 if urgent else 1),
            "category": ("s", "transfer.error" if urgent else "transfer.complete"),
        }
        replaces = self._ids.get(key, 0)
        self.sent.append({"key": key, "summary": summary, "body": body, "actions": flat, "replaces": replaces})
        self._bus.call(
            SERVICE, PATH, INTERFACE, "Notify", "susssasa{sv}i",
            (APP_NAME, replaces, APP_ICON, summary, body, flat, hints, EXPIRE_DEFAULT),
            on_reply=lambda ok, reply: self._on_notified(key, ok, reply),
        )  # fmt: skip

    def _on_notified(self, key: str, ok: bool, reply: Any) -> None:
        if not ok or not reply:
            log.warning("the notification server refused a notification: %s", reply)
            return
        server_id = int(reply[0])
        old = self._ids.get(key)
        if old is not None and old != server_id:
            self._keys.pop(old, None)
        self._ids[key] = server_id
        self._keys[server_id] = key

    def forget(self, key: str) -> None:
        """``key``'s next notification is a new one."""
        server_id = self._ids.pop(key, None)
        if server_id is not None:
            self._keys.pop(server_id, None)

    def _on_signal(self, sender: str, interface: str, member: str, body: object) -> None:
        if interface == DBUS and member == "NameOwnerChanged" and sender == DBUS:
            if isinstance(body, tuple) and len(body) == 3 and body[0] == SERVICE:
                self.owner = str(body[2])
            return
        if interface != INTERFACE or not isinstance(body, tuple) or not body:
            return
        if not self.owner or sender != self.owner:
            log.info("a %s signal from %s, not the notification server, was ignored", member, sender or "?")
            return
        try:
            server_id = int(body[0])
        except (TypeError, ValueError):
            return
        key = self._keys.get(server_id)
        if key is None:
            return
        if member == "ActionInvoked" and len(body) > 1:
            self.action_invoked.emit(key, str(body[1]))
        elif member == "NotificationClosed":
            self.forget(key)

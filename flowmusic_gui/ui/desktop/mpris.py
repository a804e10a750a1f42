"""The inline player as an MPRIS 2 player (``org.mpris.MediaPlayer2.flowmusic_gui``) on the session bus, so
media keys, the desktop's media controls and ``playerctl`` drive it.

Property reads are answered on the bus thread from the latest :class:`NowPlaying` snapshot (plain data behind
a lock); method calls are folded into a :class:`~flowmusic_gui.ui.desktop.mpris_fold.Fold` (the calls in their order,
neighbours merged where the effect is the same) that the GUI thread carries out through :class:`MediaControls`,
a few steps a turn. A burst of thousands of calls from any client on the bus never holds the window long.
"""

from __future__ import annotations

import logging
import os
import threading
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Qt, Signal, Slot

from flowmusic_gui import APP_ID, APP_NAME
from flowmusic_gui.ui.desktop.bus import BusError, Reply
from flowmusic_gui.ui.desktop.mpris_fold import US, Fold, Quit, Raise, apply_step
from flowmusic_gui.ui.desktop.playback import NowPlaying

if TYPE_CHECKING:
    from flowmusic_gui.ui.desktop.bus import SessionBus
    from flowmusic_gui.ui.desktop.playback import MediaControls

log = logging.getLogger(__name__)

BUS_NAME = "org.mpris.MediaPlayer2.flowmusic_gui"
PATH = "/org/mpris/MediaPlayer2"
ROOT = "org.mpris.MediaPlayer2"
PLAYER = "org.mpris.MediaPlayer2.Player"
PROPERTIES = "org.freedesktop.DBus.Properties"
INTROSPECTABLE = "org.freedesktop.DBus.Introspectable"
PEER = "org.freedesktop.DBus.Peer"

#: Methods without arguments that become commands; Seek and SetPosition carry theirs.
_COMMANDS = {"Play", "Pause", "PlayPause", "Stop", "Next", "Previous"}
#: The GUI thread carries out folded steps for at most this long in one turn, then yields and goes on.
TURN_S = 0.03


INTROSPECTION = """<!DOCTYPE node PUBLIC "-//freedesktop//DTD D-BUS Object Introspection 1.0//EN"
 "http://www.freedesktop.org/standards/dbus/1.0/introspect.dtd">
<node>
  <interface name="org.freedesktop.DBus.Introspectable">
    <method name="Introspect"><arg name="xml" type="s" direction="out"/></method>
  </interface>
  <interface name="org.freedesktop.DBus.Properties">
    <method name="Get"><arg type="s" direction="in"/><arg type="s" direction="in"/>
      <arg type="v" direction="out"/></method>
    <method name="GetAll"><arg type="s" direction="in"/><arg type="a{sv}" direction="out"/></method>
    <method name="Set"><arg type="s" direction="in"/><arg type="s" direction="in"/>
      <arg type="v" direction="in"/></method>
    <signal name="PropertiesChanged"><arg type="s"/><arg type="a{sv}"/><arg type="as"/></signal>
  </interface>
  <interface name="org.mpris.MediaPlayer2">
    <method name="Raise"/><method name="Quit"/>
    <property name="CanQuit" type="b" access="read"/>
    <property name="CanRaise" type="b" access="read"/>
    <property name="HasTrackList" type="b" access="read"/>
    <property name="Identity" type="s" access="read"/>
    <property name="DesktopEntry" type="s" access="read"/>
    <property name="SupportedUriSchemes" type="as" access="read"/>
    <property name="SupportedMimeTypes" type="as" access="read"/>
  </interface>
  <interface name="org.mpris.MediaPlayer2.Player">
    <method name="Next"/><method name="Previous"/><method name="Pause"/><method name="PlayPause"/>
    <method name="Stop"/><method name="Play"/>
    <method name="Seek"><arg name="Offset" type="x" direction="in"/></method>
    <method name="SetPosition"><arg name="TrackId" type="o" direction="in"/>
      <arg name="Position" type="x" direction="in"/></method>
    <method name="OpenUri"><arg name="Uri" type="s" direction="in"/></method>
    <signal name="Seeked"><arg name="Position" type="x"/></signal>
    <property name="PlaybackStatus" type="s" access="read"/>
    <property name="Rate" type="d" access="read"/>
    <property name="Metadata" type="a{sv}" access="read"/>
    <property name="Volume" type="d" access="read"/>
    <property name="Position" type="x" access="read"/>
    <property name="MinimumRate" type="d" access="read"/>
    <property name="MaximumRate" type="d" access="read"/>
    <property name="CanGoNext" type="b" access="read"/>
    <property name="CanGoPrevious" type="b" access="read"/>
    <property name="CanPlay" type="b" access="read"/>
    <property name="CanPause" type="b" access="read"/>
    <property name="CanSeek" type="b" access="read"/>
    <property name="CanControl" type="b" access="read"/>
  </interface>
</node>
"""


def metadata(state: NowPlaying) -> dict[str, tuple[str, Any]]:
    """The ``Metadata`` map: typed values as D-Bus variants (jeepney's (signature, value) pairs)."""
    meta: dict[str, tuple[str, Any]] = {"mpris:trackid": ("o", state.track_id)}
    if state.status == "Stopped":
        return meta
    meta["xesam:title"] = ("s", state.title)
    meta["xesam:artist"] = ("as", [APP_NAME])
    if state.job_title and state.job_title != state.title:
        meta["xesam:album"] = ("s", state.job_title)
    if state.length_s:
        meta["mpris:length"] = ("x", int(state.length_s * US))
    if state.url:
        meta["xesam:url"] = ("s", state.url)
    if state.art_path and os.path.isfile(state.art_path):  # on the bus thread: a stat, never the GUI's
        meta["mpris:artUrl"] = ("s", Path(state.art_path).as_uri())
    return meta


def root_properties() -> dict[str, tuple[str, Any]]:
    return {
        "CanQuit": ("b", True),
        "CanRaise": ("b", True),
        "HasTrackList": ("b", False),
        "Identity": ("s", APP_NAME),
        "DesktopEntry": ("s", APP_ID),
        "SupportedUriSchemes": ("as", []),
        "SupportedMimeTypes": ("as", []),
    }


def player_properties(state: NowPlaying) -> dict[str, tuple[str, Any]]:
    loaded = state.status != "Stopped"
    return {
        "PlaybackStatus": ("s", state.status),
        "Rate": ("d", 1.0),
        "Metadata": ("a{sv}", metadata(state)),
        "Volume": ("d", 1.0),
        "Position": ("x", int(state.position_now() * US)),
        "MinimumRate": ("d", 1.0),
        "MaximumRate": ("d", 1.0),
        "CanGoNext": ("b", state.can_next),
        "CanGoPrevious": ("b", state.can_previous),
        "CanPlay": ("b", state.can_play),
        "CanPause": ("b", loaded),
        "CanSeek": ("b", loaded),
        "CanControl": ("b", True),
    }


class MprisService(QObject):
    """Owns the MPRIS name while it lives; ``raise_requested`` and ``quit_requested`` are for the window."""

    raise_requested = Signal()
    quit_requested = Signal()
    registered = Signal(str)  # the bus name it got
    _commands_waiting = Signal()  # emitted on the bus thread when calls start to pile up; drained on the GUI's

    def __init__(self, bus: SessionBus, controls: MediaControls, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._bus = bus
        self._controls = controls
        self._lock = threading.Lock()
        self._state = controls.state
        self.name = ""
        self._pending = Fold()  # behind self._lock
        self._scheduled = False  # a turn of _run_commands is on its way (behind self._lock)
        # Queued also when emitted on the GUI thread: a turn that ran out of time yields to the loop.
        self._commands_waiting.connect(self._run_commands, Qt.ConnectionType.QueuedConnection)
        controls.changed.connect(self._on_changed)
        controls.seeked.connect(self._on_seeked)
        controls.moved.connect(self._on_moved)
        bus.export(PATH, self._handle)

    def register(self) -> None:
        """Ask for the well-known name; a second instance takes ``…flowmusic_gui.instance<pid>``."""
        self._bus.request_name(BUS_NAME, lambda ok, body: self._on_name(BUS_NAME, ok, body))

    def _on_name(self, name: str, ok: bool, body: Any) -> None:
        if ok and body and int(body[0]) in (1, 4):  # primary owner, or already it
            self.name = name
            self.registered.emit(name)
            return
        if name == BUS_NAME:
            alt = f"{BUS_NAME}.instance{os.getpid()}"
            self._bus.request_name(alt, lambda ok2, body2: self._on_name(alt, ok2, body2))
        else:
            log.info("MPRIS: no bus name (%s)", body)

    @property
    def busy(self) -> bool:
        """Calls are waiting to be carried out (or being carried out)."""
        with self._lock:
            return self._scheduled

    def unregister(self) -> None:
        if self.name:
            self._bus.release_name(self.name)
            self.name = ""

    # -- GUI thread ------------------------------------------------------------------------------------------

    def _on_changed(self, state: NowPlaying) -> None:
        with self._lock:
            old, self._state = self._state, state
        old_props, new_props = player_properties(old), player_properties(state)
        changed = {k: v for k, v in new_props.items() if k != "Position" and v != old_props[k]}
        if not changed:
            return
        changed["Position"] = new_props["Position"]
        self._bus.emit_signal(PATH, PROPERTIES, "PropertiesChanged", "sa{sv}as", (PLAYER, changed, []))

    def _on_moved(self, state: NowPlaying) -> None:
        with self._lock:  # the Position a client reads is the player's, not one extrapolated since the start
            if self._state.track_id == state.track_id:
                self._state = state

    def _on_seeked(self, seconds: float) -> None:
        with self._lock:
            self._state = self._controls.state
        self._bus.emit_signal(PATH, PLAYER, "Seeked", "x", (int(seconds * US),))

    @Slot()
    def _run_commands(self) -> None:
        """Carry out the folded calls in their order, for at most ``TURN_S`` a turn."""
        until = time.monotonic() + TURN_S
        while True:
            with self._lock:
                step = self._pending.take()
                if step is None:
                    self._scheduled = False
                    return
            if isinstance(step, Raise):
                self.raise_requested.emit()
            elif isinstance(step, Quit):
                self.quit_requested.emit()
            else:
                apply_step(step, self._controls)
            if time.monotonic() > until:
                break
        self._commands_waiting.emit()  # the rest on the next turn (still scheduled)

    def _command(self, method: str, argument: object = None) -> None:
        """On the bus thread: fold the call into what is pending; wake the GUI thread when it is not yet woken."""
        with self._lock:
            self._pending.add(method, argument)
            wake = bool(self._pending) and not self._scheduled
            if wake:
                self._scheduled = True
        if wake:
            self._commands_waiting.emit()

    # -- bus thread ------------------------------------------------------------------------------------------

    def _snapshot(self) -> NowPlaying:
        with self._lock:
            return self._state

    def _handle(self, interface: str, member: str, signature: str, body: tuple[Any, ...]) -> Reply:
        if interface in (INTROSPECTABLE, "") and member == "Introspect":
            return "s", (INTROSPECTION,)
        if interface == PEER and member == "Ping":
            return "", ()
        if interface == PROPERTIES:
            return self._properties(member, body)
        if interface in (ROOT, "") and member in ("Raise", "Quit"):
            self._command(member)
            return "", ()
        if interface in (PLAYER, ""):
            if member in _COMMANDS:
                self._command(member)
                return "", ()
            if member == "Seek" and signature == "x":
                self._command(member, int(body[0]))
                return "", ()
            if member == "SetPosition" and signature == "ox":
                self._command(member, (str(body[0]), int(body[1])))
                return "", ()
            if member == "OpenUri":
                raise BusError("org.freedesktop.DBus.Error.NotSupported", "opening URIs is not supported")
        raise BusError("org.freedesktop.DBus.Error.UnknownMethod", f"no method {interface}.{member}")

    def _properties(self, member: str, body: tuple[Any, ...]) -> Reply:
        iface = str(body[0]) if body else ""
        if iface == ROOT:
            props = root_properties()
        elif iface == PLAYER:
            props = player_properties(self._snapshot())
        else:
            raise BusError("org.freedesktop.DBus.Error.UnknownInterface", f"no interface {iface}")
        if member == "GetAll":
            return "a{sv}", (props,)
        if member == "Get" and len(body) > 1:
            name = str(body[1])
            if name not in props:
                raise BusError("org.freedesktop.DBus.Error.UnknownProperty", f"no property {name}")
            return "v", (props[name],)
        if member == "Set":
            raise BusError("org.freedesktop.DBus.Error.PropertyReadOnly", "these properties are read-only")
        raise BusError("org.freedesktop.DBus.Error.UnknownMethod", f"no method {PROPERTIES}.{member}")

"""The inline player as an MPRIS 2 player (``org.mpris.MediaPlayer2.flowmusic_gui``) on the session bus, so
media keys, the desktop's media controls and ``playerctl`` drive it.

Property reads are answered on the bus thread from the latest :class:`NowPlaying` snapshot (plain data behind
a lock); method calls are folded into one pending :class:`_Commands` (its net effect: the last play state, how
many toggles, the net skip, the summed seeks) that the GUI thread carries out in one go through
:class:`MediaControls`. A burst of thousands of calls from any client on the bus costs the window one turn.
"""

from __future__ import annotations

import logging
import os
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Signal, Slot

from flowmusic_gui import APP_ID, APP_NAME
from flowmusic_gui.ui.desktop.bus import BusError, Reply
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
US = 1_000_000  # MPRIS times are microseconds

#: Methods without arguments that become commands; Seek and SetPosition carry theirs.
_COMMANDS = {"Play", "Pause", "PlayPause", "Stop", "Next", "Previous"}
#: However many Next or Previous arrive at once, at most this many clips are skipped in one go.
MAX_SKIP = 3


@dataclass
class _Commands:
    """What the calls since the GUI thread last looked add up to."""

    raise_: bool = False
    quit: bool = False
    skip: int = 0  # Next minus Previous
    position: tuple[str, int] | None = None  # the last SetPosition (track id, microseconds)
    seek_us: int = 0  # Seeks after it, summed
    play: str | None = None  # the last of Play, Pause, Stop
    toggles: int = 0  # PlayPause after it

    def add(self, method: str, argument: object) -> None:
        if method == "Raise":
            self.raise_ = True
        elif method == "Quit":
            self.quit = True
        elif method in ("Next", "Previous"):
            self.skip += 1 if method == "Next" else -1
        elif method == "SetPosition" and isinstance(argument, tuple):
            self.position, self.seek_us = (str(argument[0]), int(argument[1])), 0
        elif method == "Seek" and isinstance(argument, int):
            self.seek_us = max(-(2**62), min(2**62, self.seek_us + argument))
        elif method in ("Play", "Pause", "Stop"):
            self.play, self.toggles = method, 0
        elif method == "PlayPause":
            self.toggles += 1

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
        self._pending: _Commands | None = None  # behind self._lock
        self._commands_waiting.connect(self._run_commands)
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
        with self._lock:
            todo, self._pending = self._pending, None
        if todo is None:
            return
        c = self._controls
        if todo.raise_:
            self.raise_requested.emit()
        if todo.quit:
            self.quit_requested.emit()
            return
        for _ in range(min(abs(todo.skip), MAX_SKIP)):
            c.next() if todo.skip > 0 else c.previous()
        if todo.position is not None:
            c.set_position(todo.position[0], todo.position[1] / US)
        if todo.seek_us:
            c.seek(todo.seek_us / US)
        if todo.play == "Play":
            c.play()
        elif todo.play == "Pause":
            c.pause()
        elif todo.play == "Stop":
            c.stop()
        if todo.toggles % 2:
            c.play_pause()

    def _command(self, method: str, argument: object = None) -> None:
        """On the bus thread: fold the call into what is pending; wake the GUI thread only for the first."""
        with self._lock:
            first = self._pending is None
            if first:
                self._pending = _Commands()
            assert self._pending is not None
            self._pending.add(method, argument)
        if first:
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

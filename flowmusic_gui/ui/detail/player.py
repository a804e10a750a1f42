"""The inline player: one QMediaPlayer for the pane, so one clip plays at a time.

QtMultimedia is imported only when something first plays: a system without its libraries still gets the rest
of the pane, and :func:`multimedia_status` says why playback is missing.
"""

from __future__ import annotations

import importlib
import importlib.util
from typing import Any

from PySide6.QtCore import (
    Q_ARG,
    QCoreApplication,
    QEvent,
    QMetaObject,
    QObject,
    Qt,
    QUrl,
    Signal,
)

from flowmusic_gui.core.urls import is_web_url

_status: tuple[bool, str] | None = None


def _import_multimedia() -> Any:
    return importlib.import_module("PySide6.QtMultimedia")


def _unavailable(exc: BaseException) -> tuple[bool, str]:
    from PySide6.QtCore import QCoreApplication

    text = QCoreApplication.translate(
        "Player", "Playback is not available on this system ({error}). Open or download instead."
    )
    return False, text.format(error=exc)


def multimedia_status(*, load: bool = False) -> tuple[bool, str]:
    """(available, reason): whether QtMultimedia loads here, and a sentence for the user when it does not.

    Without ``load`` this only looks for the module (cheap, no backend start-up); the first real play loads
    it, and a failure then is remembered and reported.
    """
    global _status
    if _status is not None and (_status[1] != "probe" or not load):
        return (_status[0], "") if _status[1] == "probe" else _status
    if not load:
        try:
            found = importlib.util.find_spec("PySide6.QtMultimedia") is not None
        except (ImportError, ValueError) as exc:
            _status = _unavailable(exc)
        else:
            _status = (True, "probe") if found else _unavailable(ImportError("QtMultimedia is not installed"))
        return multimedia_status()
    try:
        _import_multimedia()
    except (ImportError, OSError) as exc:  # OSError: a shared library of the backend is missing
        _status = _unavailable(exc)
    else:
        _status = (True, "")
    return _status


def reset_status_for_tests() -> None:
    global _status
    _status = None


class Player(QObject):
    """Plays one clip at a time, reporting per clip key; keys are whatever the cards use.

    Every call that changes the QMediaPlayer or its QAudioOutput goes through :func:`_call`, which makes it from
    C++ with the GIL released (see there). ``playing`` is what the backend reported; a toggle goes by what was
    last asked (``_wanted``), so two commands in one turn do not read a state the backend has not reported yet.
    Call :meth:`shutdown` before dropping a Player: it ends the backend's threads without the GIL.
    """

    state_changed = Signal(str, bool)  # key, playing
    position_changed = Signal(str, float)  # key, seconds
    duration_changed = Signal(str, float)  # key, seconds
    error = Signal(str, str)  # key, message
    unavailable = Signal(str)  # reason: QtMultimedia failed to load on first use
    no_device = Signal(str)  # a sentence: there is no sound output, the song plays without sound

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._player: Any = None
        self._output: Any = None
        self._key: str | None = None
        self._playing = False
        self._wanted = False  # playing was last asked for (pause and stop ask for the opposite)
        self._source = QUrl()  # the source last given to the player
        self._pending_seek: float | None = None
        self._volume = 0.8
        self._mm: Any = None

    @property
    def available(self) -> bool:
        return multimedia_status()[0]

    @property
    def current_key(self) -> str | None:
        return self._key

    @property
    def playing(self) -> bool:
        return self._playing

    @property
    def wants_playing(self) -> bool:
        """Playing was last asked for (``playing`` follows once the backend reports it)."""
        return self._wanted and self._key is not None

    @property
    def volume(self) -> float:
        return self._volume

    def position(self) -> float:
        return float(self._player.position()) / 1000.0 if self._player is not None else 0.0

    def _ensure(self) -> bool:
        if self._player is not None:
            return True
        ok, reason = multimedia_status(load=True)
        if not ok:
            self.unavailable.emit(reason)
            return False
        mm = _import_multimedia()
        self._mm = mm
        self._player = mm.QMediaPlayer(self)
        self._output = mm.QAudioOutput(self)
        _call(self._output, "setVolume", Q_ARG("float", self._volume))
        # No backend thread exists before the first source, so this plain call cannot meet one.
        self._player.setAudioOutput(self._output)
        self._player.positionChanged.connect(self._on_position)
        self._player.durationChanged.connect(self._on_duration)
        self._player.playbackStateChanged.connect(self._on_state)
        self._player.errorOccurred.connect(self._on_error)
        self._player.mediaStatusChanged.connect(self._on_media_status)
        self._check_device()
        return True

    def _check_device(self) -> None:
        """Say so when the system has no sound output: playing on would be silent and look broken."""
        try:
            outputs = self._mm.QMediaDevices.audioOutputs()
        except (AttributeError, RuntimeError):
            return
        if not outputs:
            self.no_device.emit(
                self.tr(
                    "No sound output was found on this system: the song plays without sound (the lyrics still "
                    "follow it). Open or download it to hear it elsewhere."
                )
            )

    def toggle(self, key: str, url: str | None) -> None:
        """Play ``key`` (switching from any other clip), or pause/resume it when it is the current one."""
        if key == self._key and self._player is not None:
            if self._wanted:
                self.pause()
            else:
                self.resume()
            return
        self.play(key, url)

    def play(self, key: str, url: str | None, start_s: float | None = None) -> None:
        if not is_web_url(url):
            self.error.emit(key, self.tr("This clip has no http or https audio link to play."))
            return
        if not self._ensure():
            return
        assert url is not None
        if self._key is not None and self._key != key:
            old = self._key
            _call(self._player, "stop")
            self._playing = False
            self.state_changed.emit(old, False)
        self._key = key
        self._pending_seek = start_s
        if self._source == QUrl(url):
            # QMediaPlayer ignores a source it already has, and one stopped mid-read is left invalid
            # ("Demuxing failed" as its read was cut): start it afresh, or play() would do nothing.
            self._set_source(QUrl())
        self._set_source(QUrl(url))
        if start_s:
            _call(self._player, "setPosition", Q_ARG("qlonglong", int(start_s * 1000)))
        self.resume()

    def resume(self) -> None:
        """Play the current clip from where it is (nothing when none is loaded)."""
        if self._player is not None and self._key is not None:
            self._wanted = True
            _call(self._player, "play")

    def seek(self, key: str, url: str | None, seconds: float) -> None:
        """Jump to ``seconds`` in ``key``; a clip not yet playing starts there."""
        if key != self._key or self._player is None:
            self.play(key, url, seconds)
            return
        _call(self._player, "setPosition", Q_ARG("qlonglong", max(0, int(seconds * 1000))))
        if not self._wanted:
            self.resume()

    def pause(self) -> None:
        """Pause the current clip, also one still loading (which would otherwise start by itself)."""
        if self._player is not None and self._key is not None:
            self._wanted = False
            _call(self._player, "pause")

    def stop(self) -> None:
        self._wanted = False
        if self._player is not None:
            _call(self._player, "stop")
        key, self._key = self._key, None
        if key is not None and self._playing:
            self._playing = False
            self.state_changed.emit(key, False)
        self._playing = False

    def set_volume(self, volume: float) -> None:
        self._volume = min(max(volume, 0.0), 1.0)
        if self._output is not None:
            _call(self._output, "setVolume", Q_ARG("float", self._volume))

    def shutdown(self) -> None:
        """Stop and release the media backend: its threads end in the calls here, without the GIL."""
        self.stop()
        if self._player is not None:
            self._set_source(QUrl())
            player, output = self._player, self._output
            self._player = None
            self._output = None
            player.deleteLater()
            output.deleteLater()
            # Deleted here, from C++ with the GIL released, not later by whatever drops the last reference.
            QCoreApplication.sendPostedEvents(player, QEvent.Type.DeferredDelete)
            QCoreApplication.sendPostedEvents(output, QEvent.Type.DeferredDelete)

    def _set_source(self, url: QUrl) -> None:
        self._source = url
        _call(self._player, "setSource", Q_ARG(QUrl, url))

    # --- QMediaPlayer callbacks ---------------------------------------------------------------------------

    def _on_position(self, ms: int) -> None:
        if self._key is not None:
            self.position_changed.emit(self._key, ms / 1000.0)

    def _on_duration(self, ms: int) -> None:
        if self._key is not None and ms > 0:
            self.duration_changed.emit(self._key, ms / 1000.0)

    def _on_state(self, state: Any) -> None:
        playing = state == self._mm.QMediaPlayer.PlaybackState.PlayingState
        if playing != self._playing:
            self._playing = playing
            if self._key is not None:
                self.state_changed.emit(self._key, playing)

    def _on_media_status(self, status: Any) -> None:
        statuses = self._mm.QMediaPlayer.MediaStatus
        if status in (statuses.LoadedMedia, statuses.BufferedMedia) and self._pending_seek:
            _call(self._player, "setPosition", Q_ARG("qlonglong", int(self._pending_seek * 1000)))
            self._pending_seek = None
        elif status == statuses.EndOfMedia and self._key is not None:
            self._wanted = False  # played to the end: a toggle plays it again
            _call(self._player, "setPosition", Q_ARG("qlonglong", 0))

    def _on_error(self, _error: Any, message: str) -> None:
        self._wanted = False  # it stopped: a toggle tries again
        if self._key is not None:
            self.error.emit(self._key, message or self.tr("The audio could not be played."))


def _call(target: QObject, method: str, *args: Any) -> None:
    """``target.method(*args)`` made from C++ with the GIL released.

    QtMultimedia's FFmpeg threads destroy their objects while holding Qt's connection lock of the player or its
    output; ~QObject then calls the player's or the output's ``disconnectNotify``, and for an object made from
    Python that is shiboken's check for a Python override, which waits for the GIL. A call from Python holds the
    GIL while QMediaPlayer.stop()/play()/pause()/setPosition() wait for that lock, and the two wait on each other
    for good. ``QMetaObject.invokeMethod`` (direct: at once and in order) releases the GIL around the call.

    The same release lets a message handler written in Python (the app's log, pytest-qt's capture) run on an
    FFmpeg thread that logs while the call waits for it ("Demuxing failed" as a read is cut). The handler is not
    swapped for Qt's around the call: PySide6 clears its handler at once, and a thread already inside it, let in by
    the released GIL, would then call nothing (a crash).
    """
    QMetaObject.invokeMethod(target, method, Qt.ConnectionType.DirectConnection, *args)

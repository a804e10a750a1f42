"""The inline player: one QMediaPlayer for the pane, so one clip plays at a time.

QtMultimedia is imported only when something first plays: a system without its libraries still gets the rest
of the pane, and :func:`multimedia_status` says why playback is missing.
"""

from __future__ import annotations

import contextlib
import importlib
import importlib.util
from collections.abc import Iterator
from typing import Any

from PySide6.QtCore import QObject, QUrl, Signal, qInstallMessageHandler

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
    """Plays one clip at a time, reporting per clip key; keys are whatever the cards use."""

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
        self._output.setVolume(self._volume)
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
            if self._playing:
                self._player.pause()
            else:
                self._player.play()
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
            with _native_qt_messages():
                self._player.stop()
            self._playing = False
            self.state_changed.emit(old, False)
        self._key = key
        self._pending_seek = start_s
        with _native_qt_messages():
            if self._player.source() == QUrl(url):
                # QMediaPlayer ignores a source it already has, and one stopped mid-read is left invalid
                # ("Demuxing failed" as its read was cut): start it afresh, or play() would do nothing.
                self._player.setSource(QUrl())
            self._player.setSource(QUrl(url))
        if start_s:
            self._player.setPosition(int(start_s * 1000))
        self._player.play()

    def seek(self, key: str, url: str | None, seconds: float) -> None:
        """Jump to ``seconds`` in ``key``; a clip not yet playing starts there."""
        if key != self._key or self._player is None:
            self.play(key, url, seconds)
            return
        self._player.setPosition(max(0, int(seconds * 1000)))
        if not self._playing:
            self._player.play()

    def pause(self) -> None:
        if self._player is not None and self._playing:
            self._player.pause()

    def stop(self) -> None:
        if self._player is not None:
            with _native_qt_messages():
                self._player.stop()
        key, self._key = self._key, None
        if key is not None and self._playing:
            self._playing = False
            self.state_changed.emit(key, False)
        self._playing = False

    def set_volume(self, volume: float) -> None:
        self._volume = min(max(volume, 0.0), 1.0)
        if self._output is not None:
            self._output.setVolume(self._volume)

    def shutdown(self) -> None:
        """Stop and release the media backend (its own threads end with the player)."""
        self.stop()
        if self._player is not None:
            with _native_qt_messages():
                self._player.setSource(QUrl())
            self._player.deleteLater()
            self._output.deleteLater()
            self._player = None
            self._output = None

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
            self._player.setPosition(int(self._pending_seek * 1000))
            self._pending_seek = None
        elif status == statuses.EndOfMedia and self._key is not None:
            self._player.setPosition(0)

    def _on_error(self, _error: Any, message: str) -> None:
        if self._key is not None:
            self.error.emit(self._key, message or self.tr("The audio could not be played."))


@contextlib.contextmanager
def _native_qt_messages() -> Iterator[None]:
    """Qt's own message handler while the player stops or changes its source.

    ``QMediaPlayer.stop()`` holds the GIL while it waits for FFmpeg's reader thread; when that thread logs a
    warning on its way out ("Demuxing failed" as its read is cut), a message handler written in Python (the app's
    log, pytest-qt's capture) needs the GIL too, and the two wait on each other for good. Those few messages go
    to stderr instead.
    """
    previous = qInstallMessageHandler(None)
    try:
        yield
    finally:
        qInstallMessageHandler(previous)

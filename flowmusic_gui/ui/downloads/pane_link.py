"""The detail pane's buttons on the downloads queue: one clip's download, followed by the pane's own key.

The pane speaks of a card's key and a kind ("audio", "wav"); the queue of a clip and a format. A download of the
same clip and format started anywhere (the panel, a library run, the command line's rows after a restart)
shows on the card too, since the queue is keyed by clip and format.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal

from flowmusic_gui.core.store import DownloadState
from flowmusic_gui.core.track import Track
from flowmusic_gui.engine.downloads import DownloadItem, DownloadQueue, DownloadRequest, ledger_key
from flowmusic_gui.engine.media import DownloadResult, DownloadStatus
from flowmusic_gui.ui.i18n import Words

#: The card's kinds and the formats they download.
KIND_FORMATS = {"audio": "m4a", "wav": "wav", "mp3": "mp3"}


class DownloadNote(Words):
    """What a clip card says of its finished download."""


def result_of(key: str, item: DownloadItem) -> DownloadResult:
    """The card's view of a finished download."""
    name = item.target.name if item.target is not None else item.title
    if item.skipped:
        text = DownloadNote.tr("Already downloaded: {name}").format(name=name)
        return DownloadResult(key, DownloadStatus.SKIPPED, item.target, text, item.total or 0)
    if item.state is DownloadState.DONE:
        text = DownloadNote.tr("Saved {name}").format(name=name)
        if item.warnings:
            text = DownloadNote.tr("{saved} ({warning})").format(saved=text, warning=item.warnings[0])
        return DownloadResult(key, DownloadStatus.DONE, item.target, text, item.total or 0)
    if item.state is DownloadState.CANCELLED:
        return DownloadResult(key, DownloadStatus.CANCELLED, None, DownloadNote.tr("Download cancelled."))
    return DownloadResult(key, DownloadStatus.FAILED, None, item.problem or DownloadNote.tr("The download failed."))


class PaneDownloads(QObject):
    """What the pane used to get from its own downloader, now from the app's queue."""

    progress = Signal(str, object, object)  # key, received, total (-1 when unknown)
    finished = Signal(object)  # DownloadResult

    def __init__(self, queue: DownloadQueue, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.queue = queue
        self._keys: dict[tuple[str, str], str] = {}  # (clip, format) -> the pane's key
        self._ids: dict[str, int] = {}  # the pane's key -> the queue's id
        self._active: set[str] = set()
        self._cancel_when_planned: set[str] = set()
        self._closed = False
        queue.changed.connect(self._on_changed)

    def is_active(self, key: str) -> bool:
        return key in self._active

    def start(self, key: str, track: Track, kind: str) -> bool:
        """Queue ``track`` in the format of ``kind``; False when it is already on its way."""
        fmt = KIND_FORMATS.get(kind)
        if fmt is None or self.is_active(key) or self._closed:
            return False
        clip = ledger_key(track, fmt)
        if not clip:
            return False
        self._keys[(clip, fmt)] = key
        self._active.add(key)
        self.queue.add([DownloadRequest(track, fmt)])
        return True

    def cancel(self, key: str) -> None:
        download_id = self._ids.get(key)
        if download_id is None:
            if key in self._active:
                self._cancel_when_planned.add(key)
            return
        self.queue.cancel(download_id)

    def cancel_all(self) -> None:
        for key in list(self._active):
            self.cancel(key)

    def shutdown(self) -> None:
        """The queue is the app's and goes on: the pane only stops listening."""
        self._closed = True
        self.queue.changed.disconnect(self._on_changed)

    def _on_changed(self, item: DownloadItem) -> None:
        key = self._keys.get((item.clip, item.format))
        if key is None:
            return
        if item.id > 0:
            self._ids[key] = item.id
        if key in self._cancel_when_planned and item.id > 0 and not item.finished:
            self._cancel_when_planned.discard(key)
            self.queue.cancel(item.id)
            return
        if item.finished:
            self._active.discard(key)
            self._cancel_when_planned.discard(key)
            self.finished.emit(result_of(key, item))
        else:
            self._active.add(key)
            self.progress.emit(key, item.bytes_done, item.total if item.total else -1)

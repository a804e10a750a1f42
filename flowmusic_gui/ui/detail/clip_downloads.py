"""The detail pane's downloads: each card's download state (kept while the pane lives, so a card built again
shows it), starting one through the app's queue, and "Download all WAVs" with its overall progress."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from PySide6.QtCore import QObject

from flowmusic_gui.core.records import Clip, JobRecord
from flowmusic_gui.core.track import Track, track_from_record
from flowmusic_gui.core.urls import is_web_url
from flowmusic_gui.engine.media import DownloadResult, DownloadStatus
from flowmusic_gui.engine.types import JobView
from flowmusic_gui.ui import links
from flowmusic_gui.ui.detail.clip_card import ClipCard, clip_key
from flowmusic_gui.ui.detail.footer import PaneFooter
from flowmusic_gui.ui.downloads.pane_link import PaneDownloads

KINDS = ("audio", "wav", "mp3")


def dl_key(key: str, kind: str) -> str:
    return f"{key}|{kind}"


@dataclass
class _Bulk:
    keys: set[str] = field(default_factory=set)
    done: int = 0
    failed: list[str] = field(default_factory=list)
    skipped: int = 0
    total: int = 0


class ClipDownloads(QObject):
    """``card(key)`` finds a shown card, ``clip_name(key)`` names a clip; progress shows on the cards and in
    ``footer``."""

    def __init__(
        self,
        downloader: PaneDownloads,
        footer: PaneFooter,
        *,
        card: Callable[[str], ClipCard | None],
        clip_name: Callable[[str], str],
        status: Callable[[str], None],
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.downloader = downloader
        self.footer = footer
        self._card, self._clip_name, self._status = card, clip_name, status
        self._state: dict[str, tuple[int, int] | DownloadResult] = {}
        self._paths: dict[str, Path] = {}
        self._tracks: dict[str, tuple[JobRecord, int]] = {}  # key -> the record and index naming and tagging read
        self._bulk = _Bulk()
        downloader.progress.connect(self._on_progress)
        downloader.finished.connect(self._on_finished)
        footer.cancel_bulk_clicked.connect(self.cancel_bulk)

    def remember_track(self, record: JobRecord | None, index: int, key: str) -> None:
        # Only where to find it: a huge record's clips become tracks when one of them is downloaded.
        if record is not None and index < len(record.clips):
            self._tracks[key] = (record, index)

    def restore(self, card: ClipCard) -> None:
        """A card built (again) shows its clip's downloads as they stand."""
        for kind in KINDS:
            state = self._state.get(dl_key(card.key, kind))
            if isinstance(state, DownloadResult):
                card.set_download_result(kind, state)
            elif state is not None:
                card.set_download_progress(kind, *state)

    def cancel(self, key: str, kind: str) -> None:
        self.downloader.cancel(dl_key(key, kind))

    def reveal(self, key: str, kind: str) -> None:
        path = self._paths.get(dl_key(key, kind))
        if path is not None and not links.reveal_in_folder(path):
            self._status(self.tr("Nothing on this system could open the folder {folder}.").format(
                folder=str(path.parent)))

    def start(self, key: str, clip: Clip, kind: str) -> bool:
        url = clip.wav_url if kind == "wav" else clip.audio_url
        card = self._card(key)
        if not is_web_url(url):
            if card is not None:
                card.show_message(self.tr("Only http and https links are downloaded."))
            return False
        source = self._tracks.get(key)
        track = track_from_record(*source) if source is not None else Track(
            clip_id=clip.clip, title=clip.title, take=None, jobid=None, account=None, created_at=clip.created_at,
            prompt=None, seed=clip.seed, lyrics=clip.lyrics, lyrics_timing=clip.lyrics_timing,
            duration_s=clip.duration_s, image_url=clip.image_url, audio_url=clip.audio_url, wav_url=clip.wav_url,
        )  # fmt: skip
        dkey = dl_key(key, kind)
        started = self.downloader.start(dkey, track, kind)
        if started:
            self._state[dkey] = (0, -1)
            if card is not None:
                card.set_download_progress(kind, 0, -1)
        return started

    def all_wavs(self, views: list[JobView], remember: Callable[[str, Clip], None], *, kept_only: bool = False) -> None:
        """The WAV of every clip of ``views`` (``kept_only``: of the kept takes), with overall progress in the
        footer (``remember`` registers each clip with the pane)."""
        started = 0
        for view in views:
            for i, clip in enumerate(view.record.clips if view.record is not None else ()):
                if kept_only and not view.is_kept(clip.clip):
                    continue
                key = clip_key(clip, i)
                remember(key, clip)
                self.remember_track(view.record, i, key)
                if not is_web_url(clip.wav_url):
                    continue
                dkey = dl_key(key, "wav")
                if dkey in self._bulk.keys:
                    continue
                if self.downloader.is_active(dkey) or self.start(key, clip, "wav"):
                    self._bulk.keys.add(dkey)
                    self._bulk.total += 1
                    started += 1
        if not started and not self._bulk.keys:
            self._status(self.tr("No WAV links to download in the selected jobs."))
        self._update_bulk()

    def _card_and_kind(self, dkey: str) -> tuple[ClipCard | None, str]:
        key, _, kind = dkey.rpartition("|")
        return self._card(key), kind

    def _on_progress(self, dkey: str, received: int, total: int) -> None:
        self._state[dkey] = (received, total)
        card, kind = self._card_and_kind(dkey)
        if card is not None:
            card.set_download_progress(kind, received, total)
        if dkey in self._bulk.keys:
            self._update_bulk()

    def _on_finished(self, result: DownloadResult) -> None:
        self._state[result.key] = result
        if result.path is not None:
            self._paths[result.key] = result.path
        card, kind = self._card_and_kind(result.key)
        if card is not None:
            card.set_download_result(kind, result)
        if result.key in self._bulk.keys:
            self._bulk.done += 1
            if result.status is DownloadStatus.FAILED:
                name = self._clip_name(result.key.rpartition("|")[0])
                self._bulk.failed.append(f"{name}: {result.message}")
            elif result.status is DownloadStatus.SKIPPED:
                self._bulk.skipped += 1
            self._update_bulk()

    def cancel_bulk(self) -> None:
        for dkey in list(self._bulk.keys):
            self.downloader.cancel(dkey)

    def _update_bulk(self) -> None:
        b = self._bulk
        if not b.total:
            self.footer.hide_bulk()
            return
        if b.done >= b.total:
            self.footer.show_bulk_done(b.done - b.skipped - len(b.failed), b.skipped, b.failed)
            self._bulk = _Bulk()
            return
        fraction = 0.0
        for dkey in b.keys:
            state = self._state.get(dkey)
            if isinstance(state, DownloadResult):
                fraction += 1.0
            elif state is not None and state[1] > 0:
                fraction += state[0] / state[1]
        self.footer.show_bulk_progress(b.done, b.total, fraction)

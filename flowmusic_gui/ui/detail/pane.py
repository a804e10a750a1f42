"""The right-hand pane: the selected job's header, a page of clip cards per job, and a footer; it coordinates
the covers, the player and the downloads for them. The header (``header.py``), the pages (``pages.py``) and the
footer (``footer.py``) are widgets of their own; the shown page's covers are handed out by ``page_covers.py``."""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable, Sequence
from pathlib import Path

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QAction, QGuiApplication, QPalette
from PySide6.QtWidgets import (
    QFrame,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QStackedWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from flowmusic_gui.core.records import Clip, JobState
from flowmusic_gui.core.urls import is_web_url
from flowmusic_gui.engine.download_settings import default_folder
from flowmusic_gui.engine.downloads import DownloadQueue
from flowmusic_gui.engine.media import CoverCache
from flowmusic_gui.engine.tasks import TaskRunner
from flowmusic_gui.engine.types import JobView
from flowmusic_gui.ui import links
from flowmusic_gui.ui.detail import exports
from flowmusic_gui.ui.detail.clip_card import ClipCard, clip_key, plain_label
from flowmusic_gui.ui.detail.clip_downloads import ClipDownloads
from flowmusic_gui.ui.detail.covers import CoverLoader
from flowmusic_gui.ui.detail.footer import PaneFooter
from flowmusic_gui.ui.detail.header import JobHeader
from flowmusic_gui.ui.detail.offsets import MemoryOffsets, OffsetStore
from flowmusic_gui.ui.detail.page_covers import PageCovers
from flowmusic_gui.ui.detail.pages import CARDS_AT_ONCE, ClipPage, SelectionSummary
from flowmusic_gui.ui.detail.player import Player, multimedia_status
from flowmusic_gui.ui.downloads.pane_link import PaneDownloads

_PAGES_KEPT = 6


class DetailPane(QWidget):
    """Shows one job: a header, then its clips as cards; a hint when nothing is selected."""

    recheck_requested = Signal(str)  # jobid
    take_changed = Signal(int)  # the shown job's take on show
    covers_settled = Signal()  # every cover of the shown job loaded or failed (for --screenshot)
    make_requested = Signal(object, str)  # Clip, operation: Make from this take
    keep_requested = Signal(str, str, bool)  # jobid, clip id, kept: the user starred or unstarred a take

    def __init__(
        self,
        parent: QWidget | None = None,
        *,
        download_dir: Callable[[], Path] | None = None,
        runner: TaskRunner,
        downloads: DownloadQueue,
        offsets: OffsetStore | None = None,
    ) -> None:
        super().__init__(parent)
        self._download_dir = download_dir or default_folder
        self.offsets: OffsetStore = offsets if offsets is not None else MemoryOffsets()
        self._view: JobView | None = None
        self.cards: Sequence[ClipCard] = []  # the shown job's (its page's Cards: one per take offered)
        self._pages: OrderedDict[str, ClipPage] = OrderedDict()  # jobid -> its clip cards, newest last
        self._card_by_key: dict[str, ClipCard] = {}
        self._names: dict[str, str] = {}  # key -> its job's name, for a clip without a title
        self._clips: dict[str, Clip] = {}  # key -> clip, for every job shown (downloads outlive the view)
        self._closed = False

        # Covers and downloads run on the app's runner, downloads through the app's one queue.
        self.covers = CoverLoader(CoverCache(), parent=self, runner=runner)
        self._page_covers = PageCovers(self.covers, self._cards_for_cover, self)
        self._page_covers.settled.connect(self.covers_settled)
        self.downloader = PaneDownloads(downloads, self)
        self.player = Player(self)
        self.player.state_changed.connect(self._on_play_state)
        self.player.position_changed.connect(self._on_play_position)
        self.player.duration_changed.connect(self._on_play_duration)
        self.player.error.connect(self._on_play_error)
        self.player.unavailable.connect(self._on_player_unavailable)
        self.player.no_device.connect(self._on_no_sound_device)
        self._playing_title = ""
        self._elapsed = QTimer(self)
        self._elapsed.setInterval(1000)
        self._elapsed.timeout.connect(self._tick)

        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.setSpacing(0)
        self.stack = QStackedWidget()
        lay.addWidget(self.stack, 1)

        self.empty = plain_label(
            self.tr("Select a job to see its clips.\nPaste job ids with Ctrl+V to track new ones.")
        )
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        self.stack.addWidget(self.empty)

        self.scroller = QScrollArea()
        self.scroller.setWidgetResizable(True)
        self.scroller.setFrameShape(QFrame.Shape.NoFrame)
        self.scroller.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.content = QWidget()
        self.content_layout = QVBoxLayout(self.content)
        self.content_layout.setContentsMargins(16, 12, 16, 12)
        self.content_layout.setSpacing(12)
        self.scroller.setWidget(self.content)
        self.stack.addWidget(self.scroller)
        self.summary: SelectionSummary | None = None  # many jobs selected (built when first needed)
        self._facts_open = False  # a finished song's details start folded
        self.summary_label: QLabel
        self._header: JobHeader | None = None
        self._headers: OrderedDict[str, JobHeader] = OrderedDict()  # jobid -> its header, newest last
        self.clips_box = QWidget()
        self.clips_layout = QVBoxLayout(self.clips_box)
        self.clips_layout.setContentsMargins(0, 0, 0, 0)
        self.clips_layout.setSpacing(12)
        # The clips take the height the header leaves (their lyrics fill it): no stretch below them.
        self.content_layout.addWidget(self.clips_box, 1)

        self.footer = PaneFooter()
        self.footer.toggle_clicked.connect(self._now_toggle)
        self.footer.stop_clicked.connect(self.player.stop)
        self.clip_downloads = ClipDownloads(
            self.downloader, self.footer, card=self._card_by_key.get,
            clip_name=lambda key: self._clip_name(key, self._clips.get(key)), status=self._set_status, parent=self,
        )  # fmt: skip
        # The footer's parts, by the names the pane has always given them.
        f = self.footer
        self.now_playing, self.now_label, self.bulk, self.bulk_label = f.now_playing, f.now_label, f.bulk, f.bulk_label
        self.status, self._player_note = f.status, f.player_note
        lay.addWidget(self.footer)
        self.set_job(None)

    # --- public ---------------------------------------------------------------------------------------------

    @property
    def view(self) -> JobView | None:
        return self._view

    def set_job(self, view: JobView | None) -> None:
        """Show ``view`` (None: the empty hint). The same job again refreshes the header and keeps the cards."""
        if self._closed:
            return
        old = self._view
        self._view = view
        if view is None:
            self._hide_pages()
            self._replace_header(None)
            self._elapsed.stop()
            self.stack.setCurrentWidget(self.empty)
            self._page_covers.clear()
            return
        self.stack.setCurrentWidget(self.scroller)
        # One repaint for the whole rebuild instead of one per new widget.
        self.content.setUpdatesEnabled(False)
        try:
            self._update_content(old, view)
        finally:
            self.content.setUpdatesEnabled(True)

    def _update_content(self, old: JobView | None, view: JobView) -> None:
        self._replace_header(view)
        same_job = old is not None and old.jobid == view.jobid
        if not (same_job and self.cards and old is not None and self._clips_of(old) == self._clips_of(view)):
            self._build_cards(view)
        page = self._pages.get(view.jobid)
        if page is not None:
            page.set_kept(view.kept)  # a star changed (here, or undone by a failed write) or a rebuilt page
        if not same_job:
            self.scroller.verticalScrollBar().setValue(0)
        if view.state in (JobState.NEW, JobState.PENDING):
            self._elapsed.start()
        else:
            self._elapsed.stop()

    def show_summary(self, text: str, actions: list[QAction]) -> None:
        """Many jobs selected: what they are, with the actions that apply to all of them."""
        if self._closed:
            return
        self.set_job(None)
        if self.summary is None:
            self.summary = SelectionSummary(actions)
            self.summary_label, self.summary_buttons = self.summary.label, self.summary.buttons
            self.stack.addWidget(self.summary)
        self.summary.label.setText(text)
        self.stack.setCurrentWidget(self.summary)

    def download_all_wavs(self, views: list[JobView], *, kept_only: bool = False) -> None:
        """Download the WAV of every clip of ``views`` (``kept_only``: of each kept take) into the download folder,
        with overall progress below."""
        self.clip_downloads.all_wavs(views, self._clips.__setitem__, kept_only=kept_only)

    def shutdown(self) -> None:
        """Stop the player, cancel downloads and cover fetches, and wait for every thread."""
        if self._closed:
            return
        self._closed = True
        self._elapsed.stop()
        self.player.shutdown()
        self.downloader.shutdown()
        self.covers.shutdown()

    # --- header ---------------------------------------------------------------------------------------------

    def _replace_header(self, view: JobView | None) -> None:
        """Show ``view``'s header: the one built before when the view is unchanged, else a new one."""
        if self._header is not None:
            self._header.hide()
            self._header = None
        if view is None:
            return
        kept = self._headers.get(view.jobid)
        if kept is not None and kept.view == view:
            self._headers.move_to_end(view.jobid)
        else:
            if kept is not None:
                self._drop_header(view.jobid)
            kept = JobHeader(view, facts_open=self._facts_open)
            kept.recheck_requested.connect(self.recheck_requested)
            kept.copy_requested.connect(self._copy)
            kept.export_requested.connect(self._export_job)
            kept.facts_folded.connect(self._remember_facts_open)
            self._headers[view.jobid] = kept
            self.content_layout.insertWidget(0, kept)
            for old in list(self._headers)[: max(0, len(self._headers) - _PAGES_KEPT)]:
                self._drop_header(old)
        self._header = kept
        kept.show()

    def _remember_facts_open(self, shown: bool) -> None:
        self._facts_open = shown

    def _drop_header(self, jobid: str) -> None:
        kept = self._headers.pop(jobid, None)
        if kept is not None:
            kept.hide()
            self.content_layout.removeWidget(kept)
            kept.deleteLater()

    @property
    def header(self) -> JobHeader | None:
        return self._header

    # The shown header's parts, by the names the pane has always given them.
    @property
    def request_view(self) -> QPlainTextEdit:
        assert self._header is not None, "no job shown"
        return self._header.request_view

    @property
    def request_toggle(self) -> QToolButton:
        assert self._header is not None, "no job shown"
        return self._header.request_toggle

    @property
    def prompt_toggle(self) -> QToolButton | None:
        return self._header.prompt_toggle if self._header is not None else None

    @property
    def prompt_full(self) -> QPlainTextEdit | None:
        return self._header.prompt_full if self._header is not None else None

    @property
    def facts_toggle(self) -> QToolButton | None:
        return self._header.facts_toggle if self._header is not None else None

    @property
    def facts(self) -> QWidget | None:
        return self._header.facts if self._header is not None else None

    def _tick(self) -> None:
        if self._header is not None:
            self._header.tick()

    # --- cards ----------------------------------------------------------------------------------------------

    @staticmethod
    def _clips_of(view: JobView) -> tuple[Clip, ...]:
        return view.record.clips if view.record is not None else ()

    def _drop_page(self, jobid: str) -> None:
        page = self._pages.pop(jobid, None)
        if page is None:
            return
        page.drop()
        for card in page.built:
            if self._card_by_key.get(card.key) is card:
                del self._card_by_key[card.key]
        page.hide()
        self.clips_layout.removeWidget(page)
        page.deleteLater()

    def _hide_pages(self) -> None:
        for page in self._pages.values():
            page.hide()
        self.cards = []

    def _setup_card(self, card: ClipCard, page: ClipPage) -> None:
        """Connect a card as its page builds it, and give it what is known of its downloads and cover."""
        clip, i = card.clip, card.index
        self._names[card.key] = page.name
        self.clip_downloads.remember_track(page.record, i, card.key)  # a track is made only if it is downloaded
        card.play_clicked.connect(self._on_play_clicked)
        card.seek_requested.connect(self._on_seek)
        card.open_requested.connect(self._on_open)
        card.copy_requested.connect(self._copy)
        card.download_requested.connect(self._on_download)
        card.cancel_requested.connect(self.clip_downloads.cancel)
        card.reveal_requested.connect(self.clip_downloads.reveal)
        card.export_requested.connect(self._on_export_lyrics)
        card.make_requested.connect(self._on_make_requested)
        card.set_kept(page.is_kept(clip.clip))
        card.keep_toggled.connect(lambda clip_id, kept, p=page: self._on_keep(p, clip_id, kept))
        if clip.clip:
            card.set_offset(self.offsets.get(clip.clip))
            card.offset_changed.connect(lambda _k, secs, c=clip.clip: self.offsets.set(c, secs))
        self.clip_downloads.restore(card)
        if clip.image_url and not is_web_url(clip.image_url):
            card.set_cover_placeholder(self.tr("The cover link is not an http or https URL."))

    def _on_keep(self, page: ClipPage, clip_id: str, kept: bool) -> None:
        page.show_kept(clip_id, kept)
        self.keep_requested.emit(page.jobid, clip_id, kept)

    def _build_page(self, view: JobView, clips: tuple[Clip, ...], available: bool, reason: str) -> ClipPage:
        page = ClipPage(view, clips, playback=available, reason=reason, volume=self.player.volume,
                        setup_card=self._setup_card)  # fmt: skip
        page.volume_changed.connect(self.player.set_volume)
        page.take_shown.connect(lambda index: self.take_changed.emit(index) if page.cards is self.cards else None)
        page.more_requested.connect(lambda: self._show_more(page))
        page.card_built.connect(lambda card: self._on_card_built(page, card))
        return page

    def _on_card_built(self, page: ClipPage, card: ClipCard) -> None:
        """A hidden take's card, built a turn after its page: give it what the cards built with the page got."""
        if page.cards is not self.cards:
            return
        self._activate([card])
        self._page_covers.give(card)

    @property
    def shown_card(self) -> ClipCard | None:
        """The take on show (one at a time)."""
        page = self._page_of_cards()
        return page.cards[page.shown] if page is not None and page.cards else None

    @property
    def take_buttons(self) -> list[QToolButton]:
        page = self._page_of_cards()
        return page.take_buttons if page is not None else []

    def show_take(self, index: int) -> None:
        page = self._page_of_cards()
        if page is not None:
            page.show_take(index)

    def _page_of_cards(self) -> ClipPage | None:
        return next((p for p in self._pages.values() if p.cards is self.cards), None)

    @property
    def more_clips(self) -> QPushButton | None:
        """The shown job's "Show more" button, while some of its clips are not shown."""
        page = self._page_of_cards()
        return page.more_shown if page is not None else None

    def _show_more(self, page: ClipPage) -> None:
        first_new = page.planned
        page.add_cards(CARDS_AT_ONCE)
        if page.planned > first_new:
            page.show_take(first_new)  # built now; the card_built signal activates it
        if page.cards is self.cards:
            self._page_covers.load(page)

    def _build_cards(self, view: JobView) -> None:
        """Show the job's clip cards: built once per job and kept (a few jobs), so switching back is cheap."""
        clips = self._clips_of(view)
        available, reason = multimedia_status()
        page = self._pages.get(view.jobid)
        if page is not None and (page.clips != clips or page.playback != available):
            self._drop_page(view.jobid)
            page = None
        self._hide_pages()
        if page is None:
            page = self._build_page(view, clips, available, reason)
            self._pages[view.jobid] = page
            self.clips_layout.addWidget(page, 1)
            for old in list(self._pages)[: max(0, len(self._pages) - _PAGES_KEPT)]:
                self._drop_page(old)
        else:
            self._pages.move_to_end(view.jobid)
        page.show()
        self.cards = page.cards
        self._activate(page.built)
        self._page_covers.load(page)

    def _activate(self, cards: Sequence[ClipCard]) -> None:
        """Make these shown cards the ones downloads and the player report to."""
        for card in cards:
            self._card_by_key[card.key] = card
            self._clips[card.key] = card.clip
            playing = card.key == self.player.current_key
            card.set_playing(playing and self.player.playing)
            if playing:
                card.set_position(self.player.position())

    def _cards_for_cover(self, url: str) -> list[ClipCard]:
        page = self._page_of_cards()
        return [c for c in page.built if c.clip.image_url == url] if page is not None else []

    # --- actions --------------------------------------------------------------------------------------------

    def _copy(self, text: str, what: str) -> None:
        if not text:
            return
        QGuiApplication.clipboard().setText(text)
        copied = {
            "job id": self.tr("Copied the job id."),
            "clip id": self.tr("Copied the clip id."),
            "link": self.tr("Copied the link."),
        }
        self._set_status(copied.get(what, self.tr("Copied.")))

    def _on_open(self, url: str) -> None:
        if not is_web_url(url):
            self._set_status(self.tr("Only http and https links are opened."))
            return
        if not links.open_url(url):
            self._set_status(self.tr("The system could not open the link."))

    def _on_download(self, key: str, kind: str) -> None:
        clip = self._clips.get(key)
        if clip is not None:
            self.clip_downloads.start(key, clip, kind)

    def _on_export_lyrics(self, key: str, kind: str) -> None:
        if kind == "json":  # the card's Export menu holds the job's record too
            self._export_job()
            return
        clip = self._clips.get(key)
        if clip is None:
            return
        folder = self._download_dir()
        if kind == "lrc":  # with the clip's Lyrics timing correction, as the window shows it
            offset = self.offsets.get(clip.clip) if clip.clip else 0.0
            self._set_status(exports.export_lrc(self, folder, clip, offset))
        else:
            self._set_status(exports.export_lyrics(self, folder, clip))

    def _export_job(self) -> None:
        view = self._view
        if view is None or view.record is None:
            return
        self._set_status(
            exports.export_job(self, self._download_dir(), view.record.raw, view.title, view.jobid)
        )

    # --- playback -------------------------------------------------------------------------------------------

    def play_clip(self, clip: Clip, index: int, jobid: str | None = None) -> None:
        """Play ``clip`` (the ``index``-th of its job) from the start, whichever job is shown; when that job
        (``jobid``) is on show, its take switch turns to the clip, so the card shown is the one playing."""
        key = clip_key(clip, index)
        self._clips[key] = clip
        self._playing_title = self._clip_name(key, clip)
        self.player.play(key, clip.audio_url)
        page = self._page_of_cards()
        shown = jobid is not None and self._view is not None and self._view.jobid == jobid
        if shown and page is not None and index < page.planned and page.shown != index:
            page.show_take(index)

    def _clip_name(self, key: str, clip: Clip | None) -> str:
        """A clip's title, else its job's name (prompt or short id), as the table names the job."""
        if clip is not None and clip.title and clip.title.strip():
            return clip.title
        return self._names.get(key) or self.tr("Untitled")

    def clip_of(self, key: str) -> Clip | None:
        return self._clips.get(key)

    def cover_file(self, url: str | None) -> str | None:
        """The cached cover file for ``url`` (it may not exist yet: readers check)."""
        if not url or not is_web_url(url):
            return None
        return str(self.covers.fetcher.cache.path_for(url))

    def _on_make_requested(self, key: str, operation: str) -> None:
        clip = self._clips.get(key)
        if clip is not None:
            self.make_requested.emit(clip, operation)

    def _on_play_clicked(self, key: str) -> None:
        clip = self._clips.get(key)
        if clip is None:
            return
        self._playing_title = self._clip_name(key, clip)
        current = self.player.current_key
        if current is not None and current != key and current in self._card_by_key and self.player.playing:
            # Compare takes: the other take of this job starts at the same bar.
            self.player.play(key, clip.audio_url, self.player.position())
        else:
            self.player.toggle(key, clip.audio_url)

    def _on_seek(self, key: str, seconds: float) -> None:
        clip = self._clips.get(key)
        if clip is not None and self.player.available:
            self._playing_title = self._clip_name(key, clip)
            self.player.seek(key, clip.audio_url, seconds)

    def _on_play_state(self, key: str, playing: bool) -> None:
        card = self._card_by_key.get(key)
        if card is not None:
            card.set_playing(playing)
        self._update_now_playing()

    def _on_play_position(self, key: str, seconds: float) -> None:
        card = self._card_by_key.get(key)
        if card is not None:
            card.set_position(seconds)

    def _on_play_duration(self, key: str, seconds: float) -> None:
        card = self._card_by_key.get(key)
        if card is not None:
            card.set_duration(seconds)

    def _on_play_error(self, key: str, message: str) -> None:
        card = self._card_by_key.get(key)
        if card is not None:
            card.show_message(message)
            card.set_playing(False)

    def _on_player_unavailable(self, reason: str) -> None:
        """QtMultimedia failed on first use: hide every transport, say why; open/download stay."""
        for page in self._pages.values():
            page.playback = False  # the takes built from now on show none either
            for card in page.built:
                card.transport.hide()
        self.footer.show_player_note(reason)

    def _on_no_sound_device(self, sentence: str) -> None:
        self.footer.show_player_note(sentence)

    # --- footer: now playing, bulk downloads, status -----------------------------------------------------

    def _set_status(self, text: str) -> None:
        self.footer.set_status(text)

    def _update_now_playing(self) -> None:
        key = self.player.current_key
        self.footer.show_now_playing(None if key is None else self._playing_title, playing=self.player.playing)

    def _now_toggle(self) -> None:
        key = self.player.current_key
        if key is not None:
            clip = self._clips.get(key)
            self.player.toggle(key, clip.audio_url if clip else None)

"""One clip as a card: cover, title and facts, inline play, open/download/copy, lyrics with their timing."""

from __future__ import annotations

import math
from pathlib import PurePosixPath
from urllib.parse import urlsplit

from PySide6.QtCore import QLocale, QRectF, QSize, Qt, Signal
from PySide6.QtGui import QAction, QColor, QFont, QPainter, QPaintEvent, QPalette, QPen, QPixmap, QResizeEvent
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QMenu,
    QProgressBar,
    QSizePolicy,
    QSlider,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from flowmusic_gui.core.lyrics import Pairing, active_marker, format_clock, format_position, pair
from flowmusic_gui.core.records import MAX_CLIP_SECONDS, Clip
from flowmusic_gui.core.urls import is_web_url
from flowmusic_gui.engine.media import DownloadResult, DownloadStatus
from flowmusic_gui.ui import icons
from flowmusic_gui.ui.detail.covers import COVER_SIDE, placeholder
from flowmusic_gui.ui.detail.elided import MiddleElidedLabel
from flowmusic_gui.ui.detail.lyrics_view import LyricsView
from flowmusic_gui.ui.detail.timeline import TimelineStrip
from flowmusic_gui.ui.i18n import megabytes_text
from flowmusic_gui.ui.text import elide, format_local, plain_label, plain_tooltip

__all__ = ["MISSING", "ClipCard", "clip_key", "media_ext", "plain_label"]

MISSING = "—"
OFFSET_STEP = 0.1
MAX_OFFSET = 30.0


KINDS = ("audio", "wav", "mp3")
TITLE_SHOWN = 300  # characters of a title shown; the whole record is one export away
# A strip of more markers than this is one smear of colour, and painting it on every playhead step costs.
MAX_DRAWN_MARKERS = 2_000


def media_ext(url: str | None, kind: str) -> str:
    """The file extension for a clip's media: the URL's own when it looks like one, else m4a / wav."""
    default = "wav" if kind == "wav" else "m4a"
    if not url:
        return default
    suffix = PurePosixPath(urlsplit(url).path).suffix.lstrip(".").lower()
    return suffix if suffix.isalnum() and 1 <= len(suffix) <= 5 else default


def clip_key(clip: Clip, index: int) -> str:
    return clip.clip or f"#{index}"


def _tool(text: str, icon_name: str, tip: str = "") -> QToolButton:
    button = QToolButton()
    button.setText(text)
    button.setIcon(icons.icon(icon_name))
    button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
    button.setAutoRaise(False)
    if tip:
        button.setToolTip(tip)
    return button


class _MenuAction(QAction):
    """A menu entry that can also be ``click()``-ed like the button it replaced."""

    def click(self) -> None:
        self.trigger()


class _DownloadRow(QWidget):
    """Progress, cancel and the outcome of one download (audio or WAV) of the card's clip."""

    cancel_clicked = Signal()
    reveal_clicked = Signal()

    def __init__(self, label: str, cancel_tip: str) -> None:
        super().__init__()
        self._label = label
        lay = QHBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.setSpacing(6)
        self.bar = QProgressBar()
        self.bar.setMaximumHeight(14)
        self.bar.setTextVisible(False)
        self.status = plain_label()
        # Ignored width: the text changes with every progress step and must not relayout the pane each time.
        self.status.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.cancel = _tool(self.tr("Cancel"), "cancel", cancel_tip)
        self.cancel.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonIconOnly)
        self.cancel.clicked.connect(self.cancel_clicked)
        self.reveal = _tool(self.tr("Show"), "folder", self.tr("Open the folder that holds the file"))
        self.reveal.clicked.connect(self.reveal_clicked)
        lay.addWidget(self.bar, 1)
        lay.addWidget(self.status, 2)
        lay.addWidget(self.cancel)
        lay.addWidget(self.reveal)
        self.hide()

    def show_progress(self, received: int, total: int) -> None:
        self.show()
        self.bar.show()
        self.cancel.show()
        self.reveal.hide()
        if total > 0:
            self.bar.setRange(0, 1000)
            self.bar.setValue(int(received * 1000 / total))
            self.status.setText(
                self.tr("{what}: {received} of {total} MB").format(
                    what=self._label, received=megabytes_text(received), total=megabytes_text(total)
                )
            )
        else:
            self.bar.setRange(0, 0)  # unknown size: a busy bar
            received_text = megabytes_text(received)
            self.status.setText(self.tr("{what}: {received} MB").format(what=self._label, received=received_text))
        self.status.setForegroundRole(QPalette.ColorRole.WindowText)

    def show_result(self, result: DownloadResult) -> None:
        self.show()
        self.bar.hide()
        self.cancel.hide()
        self.reveal.setVisible(result.path is not None)
        self.status.setText(result.message)
        self.status.setToolTip(plain_tooltip(result.message))
        failed = result.status is DownloadStatus.FAILED
        self.status.setProperty("error", failed)
        self.status.setStyleSheet("color: #d9534f;" if failed else "")


class ClipCard(QFrame):
    """A clip of the shown job; the pane wires its requests to the player, the downloader and the desktop."""

    play_clicked = Signal(str)  # key
    seek_requested = Signal(str, float)  # key, seconds
    open_requested = Signal(str)  # url
    copy_requested = Signal(str, str)  # text, what ("clip id", "link")
    download_requested = Signal(str, str)  # key, kind
    cancel_requested = Signal(str, str)  # key, kind
    reveal_requested = Signal(str, str)  # key, kind
    export_requested = Signal(str, str)  # key, "txt" | "lrc"
    offset_changed = Signal(str, float)  # key, seconds: the user moved the lyrics' timing
    make_requested = Signal(str, str)  # key, operation: Make from this take
    keep_toggled = Signal(str, bool)  # clip id, kept: the user starred or unstarred this take

    def __init__(
        self, clip: Clip, index: int, *, playback: bool = True, job_name: str = "", parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.clip = clip
        self.key = clip_key(clip, index)
        self.index = index
        self.pairing: Pairing = pair(clip.lyrics, clip.lyrics_timing, checked=True)  # parse_record checked it
        self._duration = clip.duration_s
        self._offset = 0.0
        self._position: float | None = None
        self._playing = False
        self._slider_held = False
        self.setObjectName("clipCard")
        # Painted, not a style sheet: a sheet re-polishes every child and made a job switch 4x slower.
        self.setFrameShape(QFrame.Shape.NoFrame)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(14, 14, 14, 14)
        outer.setSpacing(8)
        top = QHBoxLayout()
        top.setSpacing(14)
        outer.addLayout(top)

        self.cover = QLabel()
        self.cover.setFixedSize(COVER_SIDE, COVER_SIDE)
        self.cover.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.cover.setAccessibleName(self.tr("Cover"))
        self.set_cover_placeholder(None if clip.image_url else self.tr("This clip has no cover image."))
        top.addWidget(self.cover, 0, Qt.AlignmentFlag.AlignTop)

        info = QVBoxLayout()
        info.setSpacing(4)
        top.addLayout(info, 1)
        # A clip without a title goes by its job's name (the prompt's start or the short id), as in the table.
        title = clip.title if clip.title and clip.title.strip() else (job_name or self.tr("Untitled"))
        self.title = plain_label(elide(title, TITLE_SHOWN), wrap=True, selectable=True)
        font = QFont(self.font())
        font.setPointSizeF(font.pointSizeF() * 1.3)
        font.setBold(True)
        self.title.setFont(font)
        self.title.setAccessibleName(self.tr("Clip title"))
        if not (clip.title and clip.title.strip()):
            self.title.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        title_row = QHBoxLayout()
        title_row.setSpacing(6)
        title_row.addWidget(self.title, 1)
        self.keep = self._keep_button(bool(clip.clip))
        title_row.addWidget(self.keep, 0, Qt.AlignmentFlag.AlignTop)
        info.addLayout(title_row)

        facts = [
            (self.tr("Length"), format_clock(clip.duration_s) if clip.duration_s is not None else MISSING),
            (self.tr("Seed"), str(clip.seed) if clip.seed is not None else MISSING),
            (self.tr("Created"), format_local(clip.created_at) or MISSING),
        ]
        self.facts = plain_label("   ·   ".join(f"{k} {v}" for k, v in facts), wrap=True)
        self.facts.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        info.addWidget(self.facts)

        id_row = QHBoxLayout()
        id_row.setSpacing(4)
        # Elided in the middle: both ends of an id tell ids apart; the whole id on hover and on copy.
        self.clip_id = MiddleElidedLabel(clip.clip or MISSING)
        if not clip.clip:
            self.clip_id.setToolTip(self.tr("The record has no clip id."))
        small = QFont(self.font())
        small.setPointSizeF(small.pointSizeF() * 0.9)
        self.clip_id.setFont(small)
        self.clip_id.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        self.copy_id = _tool(self.tr("Copy"), "copy", self.tr("Copy the clip id"))
        self.copy_id.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonIconOnly)
        self.copy_id.setAutoRaise(True)
        self.copy_id.setEnabled(bool(clip.clip))
        self.copy_id.clicked.connect(lambda: self.copy_requested.emit(clip.clip or "", "clip id"))
        id_row.addWidget(self.clip_id, 1)
        id_row.addWidget(self.copy_id)
        info.addLayout(id_row)

        # Transport: play/pause, a seek slider, the time.
        transport = QHBoxLayout()
        transport.setSpacing(8)
        self.play = QToolButton()
        self.play.setIcon(icons.icon("play"))
        self.play.setIconSize(QSize(20, 20))
        self.play.setText(self.tr("Play"))
        self.play.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.play.setMinimumWidth(84)
        self.play.clicked.connect(lambda: self.play_clicked.emit(self.key))
        self.slider = QSlider(Qt.Orientation.Horizontal)
        self.slider.setRange(0, max(1, int((clip.duration_s or 0) * 1000)))
        self.slider.setAccessibleName(self.tr("Position"))
        self.slider.sliderPressed.connect(self._slider_pressed)
        self.slider.sliderReleased.connect(self._slider_released)
        self.time = plain_label(f"0:00 / {format_clock(clip.duration_s) if clip.duration_s else MISSING}")
        self.time.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        transport.addWidget(self.play)
        transport.addWidget(self.slider, 1)
        transport.addWidget(self.time)
        self.transport = QWidget()
        self.transport.setLayout(transport)
        transport.setContentsMargins(0, 4, 0, 0)
        info.addWidget(self.transport)
        audio_ok = is_web_url(clip.audio_url)
        if not playback:
            self.transport.hide()
        elif not audio_ok:
            self.play.setEnabled(False)
            self.slider.setEnabled(False)
            self.play.setToolTip(self.tr("The record has no http or https audio link."))

        # Compact actions in one row of plain box layouts (a Python layout class would call back into Python
        # on every layout pass, which a busy download thread makes slow through the GIL): menus hold the
        # formats, so the row fits a narrow pane.
        actions = QHBoxLayout()
        actions.setSpacing(6)
        self.open_menu = self._menu_button(
            self.tr("Open"), "open-external", self.tr("Open the song in another program"))
        no_audio = self.tr("The record has no http or https link to the audio.")
        no_wav = self.tr("The record has no http or https link to the WAV.")
        self.open_audio = self._url_action(self.open_menu, self.tr("Audio (m4a)"), clip.audio_url, no_audio)
        self.open_wav = self._url_action(self.open_menu, self.tr("WAV"), clip.wav_url, no_wav)
        self.download_menu = self._menu_button(self.tr("Download"), "download", self.tr("Save the song in a format"))
        self.download_audio = self._url_action(self.download_menu, self.tr("Audio (m4a)"), clip.audio_url, no_audio)
        self.download_wav = self._url_action(self.download_menu, self.tr("WAV"), clip.wav_url, no_wav)
        self.download_mp3 = _MenuAction(self.tr("mp3"), self.download_menu)
        self.download_mp3.setEnabled(bool(clip.clip))
        self.download_mp3.setToolTip(self.tr("An mp3 made by the API (needs the API token)") if clip.clip
                                     else self.tr("The record has no clip id, which the mp3 download needs."))
        self.download_menu.menu().addAction(self.download_mp3)
        self.copy_link = _tool(self.tr("Copy link"), "copy")
        # An icon (named for screen readers): four labelled buttons do not fit the pane of a 1024 px window.
        self.copy_link.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonIconOnly)
        self.copy_link.setAccessibleName(self.tr("Copy link"))
        if is_web_url(clip.audio_url):
            link = elide(clip.audio_url or "", 500)
            self.copy_link.setToolTip(plain_tooltip(self.tr("Copy the audio link: {link}").format(link=link)))
        else:
            self.copy_link.setEnabled(False)
            self.copy_link.setToolTip(no_audio)
        self.open_audio.triggered.connect(lambda: self.open_requested.emit(clip.audio_url or ""))
        self.open_wav.triggered.connect(lambda: self.open_requested.emit(clip.wav_url or ""))
        self.download_audio.triggered.connect(lambda: self.download_requested.emit(self.key, "audio"))
        self.download_wav.triggered.connect(lambda: self.download_requested.emit(self.key, "wav"))
        self.download_mp3.triggered.connect(lambda: self.download_requested.emit(self.key, "mp3"))
        self.copy_link.clicked.connect(lambda: self.copy_requested.emit(clip.audio_url or "", "link"))
        self.open_menu.setEnabled(self.open_audio.isEnabled() or self.open_wav.isEnabled())
        self.download_menu.setEnabled(any(a.isEnabled() for a in (
            self.download_audio, self.download_wav, self.download_mp3)))
        self.export = self._menu_button(self.tr("Export"), "export", self.tr("Save the record or the lyrics"))
        menu = self.export.menu()
        self.export_json = menu.addAction(self.tr("Job record (.json)…"))
        self.export_json.triggered.connect(lambda: self.export_requested.emit(self.key, "json"))
        self.export_txt = menu.addAction(self.tr("Lyrics as text (.txt)…"))
        self.export_lrc = menu.addAction(self.tr("Synced lyrics (.lrc)…"))
        self.export_txt.triggered.connect(lambda: self.export_requested.emit(self.key, "txt"))
        self.export_lrc.triggered.connect(lambda: self.export_requested.emit(self.key, "lrc"))
        has_lyrics = bool(clip.lyrics and clip.lyrics.strip())
        self.export_txt.setEnabled(has_lyrics)
        self.export_lrc.setEnabled(self.pairing.paired)
        # Make from this take: a new job made from this clip (extend, replace a region, cover, ...).
        self.make_menu = self._menu_button(self.tr("Make"), "add", self.tr("Make from this take: extend, replace a "
                                                                            "region, cover, remix, effect, stems"))
        self.make_menu.setObjectName("makeFromTake")
        # Its entries are made when it first opens: a card is built in the GUI thread's budget.
        self.make_menu.menu().aboutToShow.connect(self._fill_make_menu)
        self.make_menu.setEnabled(bool(clip.clip))
        for button in (self.open_menu, self.download_menu, self.copy_link, self.export, self.make_menu):
            actions.addWidget(button)
        actions.addStretch(1)
        # Below the cover, the card's full width: the buttons fit a narrow pane.
        outer.addLayout(actions)

        # The download rows sit in space kept from the start: a row appearing must not relayout the whole
        # pane (measured: ~25 ms of GUI time at the moment a download starts).
        self.download_area = QWidget()
        area = QVBoxLayout(self.download_area)
        area.setContentsMargins(0, 0, 0, 0)
        area.setSpacing(2)
        self.downloads = {
            "audio": _DownloadRow(self.tr("Audio"), self.tr("Stop downloading the audio")),
            "wav": _DownloadRow(self.tr("WAV"), self.tr("Stop downloading the WAV")),
            "mp3": _DownloadRow(self.tr("mp3"), self.tr("Stop downloading the mp3")),
        }
        for kind, row in self.downloads.items():
            row.cancel_clicked.connect(lambda k=kind: self.cancel_requested.emit(self.key, k))
            row.reveal_clicked.connect(lambda k=kind: self.reveal_requested.emit(self.key, k))
            area.addWidget(row)
        self.download_area.setMinimumHeight(self.downloads["wav"].cancel.sizeHint().height())
        outer.addWidget(self.download_area)
        self.message = plain_label(wrap=True)
        self.message.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        self.message.hide()
        outer.addWidget(self.message)
        info.addStretch(1)

        # Lyrics and timing, the card's full width.
        self.timeline: TimelineStrip | None = None
        self.lyrics: LyricsView | None = None
        if len(self.pairing.markers) > MAX_DRAWN_MARKERS:
            crowd = plain_label(
                self.tr("%Ln timing marker(s): too many to draw on a strip.", "", len(self.pairing.markers)), wrap=True
            )
            crowd.setObjectName("timelineTooMany")
            crowd.setForegroundRole(QPalette.ColorRole.PlaceholderText)
            outer.addWidget(crowd)
        elif self.pairing.markers:
            self.timeline = TimelineStrip()
            self.timeline.set_markers(self.pairing.markers, clip.duration_s, self.pairing.marker_texts())
            self.timeline.seek_requested.connect(lambda s: self.seek_requested.emit(self.key, s))
            outer.addWidget(self.timeline)
        self.offset_row: QWidget | None = None
        self.offset_label: QLabel | None = None
        if self.pairing.markers:
            self._build_offset_row(outer)
        self.big_cover: QLabel | None = None
        if self.pairing.lines or self.pairing.markers:
            self.lyrics = LyricsView(self.pairing)
            self.lyrics.seek_requested.connect(lambda s: self.seek_requested.emit(self.key, s))
            outer.addWidget(self.lyrics, 1)  # the lyrics take the height the card has left
        else:
            # An instrumental (or a clip without lyrics): the cover fills the space, not an empty box.
            self.big_cover = QLabel()
            self.big_cover.setObjectName("bigCover")
            self.big_cover.setAlignment(Qt.AlignmentFlag.AlignCenter)
            self.big_cover.setMinimumSize(COVER_SIDE, COVER_SIDE)
            self.big_cover.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Ignored)
            self.big_cover.setAccessibleName(self.tr("Cover"))
            outer.addWidget(self.big_cover, 1)
            note = self.tr("Instrumental: no lyrics.") if clip.lyrics is None else self.tr("The lyrics are empty.")
            none = plain_label(note)
            none.setObjectName("noLyrics")
            none.setAlignment(Qt.AlignmentFlag.AlignCenter)
            none.setForegroundRole(QPalette.ColorRole.PlaceholderText)
            outer.addWidget(none)
        self._big_pixmap: QPixmap | None = None
        if self.big_cover is not None:
            self._big_pixmap = self.cover.pixmap()  # the placeholder until the cover arrives
            self._fit_big_cover()

    # --- the lyrics' timing offset ------------------------------------------------------------------------

    def _build_offset_row(self, outer: QVBoxLayout) -> None:
        row = QWidget()
        row.setObjectName("timingOffset")
        lay = QHBoxLayout(row)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.setSpacing(4)
        caption = plain_label(self.tr("Lyrics timing"))
        caption.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        self.offset_earlier = QToolButton()
        self.offset_earlier.setText("−")
        self.offset_earlier.setToolTip(self.tr("Show the lyrics 0.1 s earlier (the highlight comes late)"))
        self.offset_earlier.setAutoRepeat(True)
        self.offset_earlier.setAccessibleName(self.tr("Lyrics earlier"))
        self.offset_earlier.clicked.connect(lambda: self.set_offset(self.offset - OFFSET_STEP, emit=True))
        self.offset_later = QToolButton()
        self.offset_later.setText("+")
        self.offset_later.setToolTip(self.tr("Show the lyrics 0.1 s later (the highlight comes early)"))
        self.offset_later.setAutoRepeat(True)
        self.offset_later.setAccessibleName(self.tr("Lyrics later"))
        self.offset_later.clicked.connect(lambda: self.set_offset(self.offset + OFFSET_STEP, emit=True))
        self.offset_label = plain_label()
        self.offset_label.setMinimumWidth(self.offset_label.fontMetrics().horizontalAdvance("+00.0 s") + 4)
        self.offset_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.offset_reset = QToolButton()
        self.offset_reset.setText(self.tr("Reset"))
        self.offset_reset.clicked.connect(lambda: self.set_offset(0.0, emit=True))
        lay.addWidget(caption)
        lay.addStretch(1)
        lay.addWidget(self.offset_earlier)
        lay.addWidget(self.offset_label)
        lay.addWidget(self.offset_later)
        lay.addWidget(self.offset_reset)
        self.offset_row = row
        outer.addWidget(row)
        self._show_offset()

    @property
    def offset(self) -> float:
        return self._offset

    def set_offset(self, seconds: float, *, emit: bool = False) -> None:
        """Move the lyrics' timing by ``seconds`` (positive: later), in 0.1 s steps within ±MAX_OFFSET."""
        if not math.isfinite(seconds):
            seconds = 0.0
        seconds = round(max(-MAX_OFFSET, min(MAX_OFFSET, seconds)) * 10) / 10
        if seconds == self._offset:
            return
        self._offset = seconds
        self._show_offset()
        if self._position is not None:
            self.set_position(self._position)
        if emit:
            self.offset_changed.emit(self.key, seconds)

    def _show_offset(self) -> None:
        if self.offset_label is not None:
            tenths = round(self._offset, 1)
            sign = "-" if tenths < 0 else "+"  # the locale's decimal mark: "+0,3 s" in German
            self.offset_label.setText(f"{sign}{QLocale().toString(abs(tenths), 'f', 1)} s")
            self.offset_reset.setEnabled(self._offset != 0)

    def _fit_big_cover(self) -> None:
        if self.big_cover is None or self._big_pixmap is None:
            return
        side = max(COVER_SIDE, min(self.big_cover.width(), self.big_cover.height(), 2 * COVER_SIDE))
        self.big_cover.setPixmap(self._big_pixmap.scaled(
            side, side, Qt.AspectRatioMode.KeepAspectRatio, Qt.TransformationMode.SmoothTransformation))

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit_big_cover()

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        pal = self.palette()
        border = QColor(pal.color(QPalette.ColorRole.Mid))
        border.setAlpha(110)
        painter.setPen(QPen(border, 1))
        painter.setBrush(pal.brush(QPalette.ColorRole.Base))
        painter.drawRoundedRect(QRectF(self.rect()).adjusted(0.5, 0.5, -0.5, -0.5), 12, 12)
        painter.end()

    def _keep_button(self, has_id: bool) -> QToolButton:
        """The keeper star: checkable, reachable with Tab and Space, named for screen readers."""
        button = QToolButton()
        button.setObjectName("keepTake")
        button.setCheckable(True)
        button.setAutoRaise(True)
        button.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        font = QFont(self.font())
        font.setPointSizeF(font.pointSizeF() * 1.5)
        button.setFont(font)
        button.setAccessibleName(self.tr("Keeper"))
        button.setEnabled(has_id)
        self._show_kept(button, False)
        button.toggled.connect(self._on_keep_toggled)
        return button

    def _show_kept(self, button: QToolButton, kept: bool) -> None:
        button.setText("★" if kept else "☆")
        button.setAccessibleDescription(self.tr("Kept") if kept else self.tr("Not kept"))
        if not self.clip.clip:
            button.setToolTip(self.tr("The record has no clip id, which a keeper is kept by."))
        elif kept:
            button.setToolTip(self.tr("The keeper: click to unmark this take"))
        else:
            button.setToolTip(self.tr("Mark this take as the keeper (Downloads can fetch kept takes only)"))

    def _on_keep_toggled(self, kept: bool) -> None:
        self._show_kept(self.keep, kept)
        if self.clip.clip:
            self.keep_toggled.emit(self.clip.clip, kept)

    def set_kept(self, kept: bool) -> None:
        """Show whether this take is kept (as the store says), without asking for a change."""
        if self.keep.isChecked() != kept:
            self.keep.blockSignals(True)
            self.keep.setChecked(kept)
            self.keep.blockSignals(False)
        self._show_kept(self.keep, kept)

    @property
    def kept(self) -> bool:
        return self.keep.isChecked()

    def _fill_make_menu(self) -> None:
        menu = self.make_menu.menu()
        if menu.actions():
            return
        for operation, text in (("extend", self.tr("Extend…")), ("replace", self.tr("Replace a region…")),
                                ("cover", self.tr("Cover…")), ("remix", self.tr("Remix…")),
                                ("effect", self.tr("Effect…")), ("stems", self.tr("Stems…"))):  # fmt: skip
            act = menu.addAction(text)
            act.setData(operation)
            act.triggered.connect(lambda _c=False, op=operation: self.make_requested.emit(self.key, op))

    def _menu_button(self, text: str, icon_name: str, tip: str) -> QToolButton:
        button = _tool(text, icon_name, tip)
        button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        button.setMenu(QMenu(button))
        return button

    def _url_action(self, button: QToolButton, text: str, url: str | None, missing: str) -> _MenuAction:
        action = _MenuAction(text, button)
        # A menu shows no tooltips unless asked: the link (or why there is none) is worth the hover.
        menu = button.menu()
        menu.setToolTipsVisible(True)
        if is_web_url(url):
            action.setToolTip(plain_tooltip(f"{text}: {elide(url or '', 500)}"))
        else:
            action.setEnabled(False)
            action.setToolTip(missing)
        menu.addAction(action)
        return action

    # --- called by the pane -------------------------------------------------------------------------------

    def set_cover(self, pixmap: QPixmap) -> None:
        if self.big_cover is not None:
            self._big_pixmap = pixmap
            self._fit_big_cover()
        self.cover.setPixmap(pixmap)
        self.cover.setToolTip("")
        self.cover.setProperty("loaded", True)

    def set_cover_placeholder(self, error: str | None) -> None:
        if getattr(self, "big_cover", None) is not None:
            self._big_pixmap = placeholder(self.key, error=error is not None and bool(self.clip.image_url))
            self._fit_big_cover()
        self.cover.setPixmap(placeholder(self.key, error=error is not None and bool(self.clip.image_url)))
        self.cover.setToolTip(plain_tooltip(error) if error else "")
        self.cover.setProperty("loaded", False)

    def set_playing(self, playing: bool) -> None:
        self._playing = playing
        self.play.setIcon(icons.icon("pause" if playing else "play"))
        self.play.setText(self.tr("Pause") if playing else self.tr("Play"))

    def set_duration(self, seconds: float) -> None:
        if 0 < seconds <= MAX_CLIP_SECONDS:  # a media file can claim any length: the slider holds an int
            self._duration = seconds
            self.slider.setRange(0, int(seconds * 1000))

    def set_position(self, seconds: float | None) -> None:
        """Move the slider, the time, the playhead and the highlighted line; None when stopped."""
        if seconds is not None and not 0 <= seconds <= MAX_CLIP_SECONDS:  # NaN fails both
            seconds = None
        self._position = seconds
        marker = active_marker(self.pairing.markers, seconds, self._offset) if seconds is not None else None
        if not self._slider_held:
            self.slider.setValue(int((seconds or 0) * 1000))
        total = format_clock(self._duration) if self._duration else MISSING
        self.time.setText(f"{format_position(seconds or 0)} / {total}")
        if self.timeline is not None:
            self.timeline.set_position(seconds, marker)
        if self.lyrics is not None:
            self.lyrics.set_active_marker(marker)

    def show_message(self, text: str) -> None:
        self.message.setText(text)
        self.message.setVisible(bool(text))

    def set_download_progress(self, kind: str, received: int, total: int) -> None:
        self.downloads[kind].show_progress(received, total)

    def set_download_result(self, kind: str, result: DownloadResult) -> None:
        self.downloads[kind].show_result(result)

    def _slider_pressed(self) -> None:
        self._slider_held = True

    def _slider_released(self) -> None:
        self._slider_held = False
        self.seek_requested.emit(self.key, self.slider.value() / 1000.0)

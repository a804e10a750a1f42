"""The right-hand pane: the selected job's header (state, times, prompt, error) and a card per clip."""

from __future__ import annotations

import json
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Protocol

from PySide6.QtCore import QCoreApplication, QLocale, QSize, Qt, QTimer, QUrl, Signal
from PySide6.QtGui import QAction, QDesktopServices, QFont, QGuiApplication, QPalette, QPixmap
from PySide6.QtWidgets import (
    QButtonGroup,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QSlider,
    QStackedWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from flowmusic_gui.core.records import Clip, JobRecord, JobState
from flowmusic_gui.core.track import Track, track_from_record
from flowmusic_gui.core.urls import is_web_url
from flowmusic_gui.engine.download_settings import default_folder
from flowmusic_gui.engine.downloads import DownloadQueue
from flowmusic_gui.engine.media import CoverCache, DownloadResult, DownloadStatus
from flowmusic_gui.engine.tasks import TaskRunner
from flowmusic_gui.engine.types import JobView
from flowmusic_gui.ui import icons
from flowmusic_gui.ui.detail import exports
from flowmusic_gui.ui.detail.clip_card import MISSING, ClipCard, clip_key, plain_label
from flowmusic_gui.ui.detail.covers import CoverLoader
from flowmusic_gui.ui.detail.elided import MiddleElidedLabel
from flowmusic_gui.ui.detail.player import Player, multimedia_status
from flowmusic_gui.ui.downloads.pane_link import PaneDownloads
from flowmusic_gui.ui.i18n import state_text
from flowmusic_gui.ui.text import elide, format_elapsed, format_generation, format_local, plain_tooltip


def _paint_take(button: QToolButton, chosen: bool) -> None:
    """The take on show in the palette's highlight, so it reads as chosen in light and dark palettes alike (the
    style's own checked look is a darker bevel, which in a dark palette reads as the one not chosen)."""
    if not chosen:
        button.setPalette(QPalette())  # the application's again
        return
    palette = QPalette(button.palette())
    palette.setColor(QPalette.ColorRole.Button, palette.color(QPalette.ColorRole.Highlight))
    palette.setColor(QPalette.ColorRole.ButtonText, palette.color(QPalette.ColorRole.HighlightedText))
    button.setPalette(palette)


_ERROR_STYLE = "QFrame#alert { border: 1px solid rgba(217,83,79,0.55); border-radius: 8px; background: %s; }"
_WARN_STYLE = "QFrame#alert { border: 1px solid rgba(240,173,78,0.6); border-radius: 8px; background: %s; }"


class OffsetStore(Protocol):
    """Each clip's lyrics timing offset (seconds, positive: later), remembered per clip id."""

    def get(self, clip_id: str) -> float: ...
    def set(self, clip_id: str, seconds: float) -> None: ...


class MemoryOffsets:
    def __init__(self) -> None:
        self._values: dict[str, float] = {}

    def get(self, clip_id: str) -> float:
        return self._values.get(clip_id, 0.0)

    def set(self, clip_id: str, seconds: float) -> None:
        if seconds:
            self._values[clip_id] = seconds
        else:
            self._values.pop(clip_id, None)


_PAGES_KEPT = 6
# What a person can use of a huge record, built at once; the rest on demand (a record of 10,000 clips took
# 102 s and 3.7 GB when every card was built).
CARDS_AT_ONCE = 4
PROMPT_SHOWN = 2_000  # characters of the prompt (or an error message) in the header; the whole on demand
TEXT_SHOWN = 300


def open_external(url: str) -> bool:
    """Hand an http(s) URL to the system (tests replace this); anything else is refused."""
    if not is_web_url(url):
        return False
    return QDesktopServices.openUrl(QUrl(url))


def reveal_folder(folder: Path) -> bool:
    return QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder)))


def _dl_key(key: str, kind: str) -> str:
    return f"{key}|{kind}"


@dataclass
class _Page:
    widget: QWidget
    clips: tuple[Clip, ...]
    cards: list[ClipCard]
    playback: bool
    more: QPushButton | None = None  # "Show more clips", while some are not built yet
    more_note: QLabel | None = None
    record: JobRecord | None = None  # where the cards' tracks come from, when one is downloaded
    takes: QHBoxLayout | None = None  # the take switch: one button per built card, one card shown at a time
    take_group: QButtonGroup | None = None
    stems: bool = False
    shown: int = 0
    name: str = ""  # what a clip without a title is called (JobView.untitled_name)


@dataclass
class _Header:
    view: JobView
    widget: QWidget
    request_view: QPlainTextEdit
    request_toggle: QToolButton
    elapsed: QLabel | None
    prompt_toggle: QToolButton | None
    prompt_full: QPlainTextEdit | None


@dataclass
class _Bulk:
    keys: set[str] = field(default_factory=set)
    done: int = 0
    failed: list[str] = field(default_factory=list)
    skipped: int = 0
    total: int = 0


class DetailPane(QWidget):
    """Shows one job: a header, then its clips as cards; a hint when nothing is selected."""

    recheck_requested = Signal(str)  # jobid
    take_changed = Signal(int)  # the shown job's take on show
    covers_settled = Signal()  # every cover of the shown job loaded or failed (for --screenshot)
    request_view: QPlainTextEdit  # the shown header's (set with each header)
    request_toggle: QToolButton
    prompt_toggle: QToolButton | None  # "Show the whole prompt", when the prompt is elided
    prompt_full: QPlainTextEdit | None

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
        self.cards: list[ClipCard] = []  # the shown job's
        self._pages: OrderedDict[str, _Page] = OrderedDict()  # jobid -> its clip cards, newest last
        self._card_by_key: dict[str, ClipCard] = {}
        self._names: dict[str, str] = {}  # key -> its job's name, for a clip without a title
        self._clips: dict[str, Clip] = {}  # key -> clip, for every job shown (downloads outlive the view)
        self._dl_state: dict[str, tuple[int, int] | DownloadResult] = {}
        self._dl_paths: dict[str, Path] = {}
        self._covers_waiting: set[str] = set()
        self._bulk = _Bulk()
        self._closed = False

        # Covers and downloads run on the app's runner, downloads through the app's one queue.
        self.covers = CoverLoader(CoverCache(), parent=self, runner=runner)
        self.covers.ready.connect(self._on_cover)
        self.covers.failed.connect(self._on_cover_failed)
        self._tracks: dict[str, tuple[JobRecord, int]] = {}  # key -> the record and index naming and tagging read
        self.downloader = PaneDownloads(downloads, self)
        self.downloader.progress.connect(self._on_dl_progress)
        self.downloader.finished.connect(self._on_dl_finished)
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
        self._elapsed_label: QLabel | None = None

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
        self.summary: QWidget | None = None  # many jobs selected (built when first needed)
        self._facts_open = False  # a finished song's details start folded
        self.facts_toggle: QToolButton | None = None
        self.facts: QWidget | None = None
        self.summary_label: QLabel
        self.header: QWidget | None = None
        self._headers: OrderedDict[str, _Header] = OrderedDict()  # jobid -> its header, newest last
        self.clips_box = QWidget()
        self.clips_layout = QVBoxLayout(self.clips_box)
        self.clips_layout.setContentsMargins(0, 0, 0, 0)
        self.clips_layout.setSpacing(12)
        # The clips take the height the header leaves (their lyrics fill it): no stretch below them.
        self.content_layout.addWidget(self.clips_box, 1)

        lay.addWidget(self._build_footer())
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
            self.covers.cancel()
            self._covers_waiting.clear()
            self._elapsed.stop()
            self.stack.setCurrentWidget(self.empty)
            self.covers_settled.emit()
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
            page = QWidget()
            page.setObjectName("selectionSummary")
            lay = QVBoxLayout(page)
            lay.setContentsMargins(24, 24, 24, 24)
            lay.addStretch(1)
            self.summary_label = plain_label(wrap=True)
            self.summary_label.setObjectName("summaryText")
            self.summary_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
            font = QFont(self.font())
            font.setPointSizeF(font.pointSizeF() * 1.25)
            font.setBold(True)
            self.summary_label.setFont(font)
            lay.addWidget(self.summary_label)
            row = QHBoxLayout()
            row.addStretch(1)
            self.summary_buttons: list[QToolButton] = []
            for action in actions:
                button = QToolButton()
                button.setDefaultAction(action)
                button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
                row.addWidget(button)
                self.summary_buttons.append(button)
            row.addStretch(1)
            lay.addLayout(row)
            lay.addStretch(2)
            self.summary = page
            self.stack.addWidget(page)
        self.summary_label.setText(text)
        self.stack.setCurrentWidget(self.summary)

    def download_all_wavs(self, views: list[JobView]) -> None:
        """Download the WAV of every clip of ``views`` into the download folder, with overall progress below."""
        folder = self._download_dir()
        started = 0
        for view in views:
            for i, clip in enumerate(self._clips_of(view)):
                key = clip_key(clip, i)
                self._clips[key] = clip
                self._remember_track(view, i, key)
                if not is_web_url(clip.wav_url):
                    continue
                dkey = _dl_key(key, "wav")
                if dkey in self._bulk.keys:
                    continue
                if self.downloader.is_active(dkey) or self._start_download(key, clip, "wav", folder):
                    self._bulk.keys.add(dkey)
                    self._bulk.total += 1
                    started += 1
        if not started and not self._bulk.keys:
            self._set_status(self.tr("No WAV links to download in the selected jobs."))
        self._update_bulk()

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
        if self.header is not None:
            self.header.hide()
            self.header = None
        self._elapsed_label = None
        if view is None:
            return
        kept = self._headers.get(view.jobid)
        if kept is not None and kept.view == view:
            self._headers.move_to_end(view.jobid)
        else:
            if kept is not None:
                self._drop_header(view.jobid)
            widget = self._build_header(view)
            kept = _Header(view, widget, self.request_view, self.request_toggle, self._elapsed_label,
                           self.prompt_toggle, self.prompt_full)
            self._headers[view.jobid] = kept
            self.content_layout.insertWidget(0, widget)
            for old in list(self._headers)[: max(0, len(self._headers) - _PAGES_KEPT)]:
                self._drop_header(old)
        self.header = kept.widget
        self.request_view = kept.request_view
        self.request_toggle = kept.request_toggle
        self.prompt_toggle = kept.prompt_toggle
        self.prompt_full = kept.prompt_full
        self._elapsed_label = kept.elapsed
        kept.widget.show()

    def _drop_header(self, jobid: str) -> None:
        kept = self._headers.pop(jobid, None)
        if kept is not None:
            kept.widget.hide()
            self.content_layout.removeWidget(kept.widget)
            kept.widget.deleteLater()

    def _build_header(self, view: JobView) -> QWidget:
        rec = view.record
        box = QWidget()
        box.setObjectName("jobHeader")
        lay = QVBoxLayout(box)
        lay.setContentsMargins(0, 0, 0, 4)
        lay.setSpacing(8)

        # Without a record there is no title or prompt: the short job id names the job instead.
        title = plain_label(elide(view.name, TEXT_SHOWN), wrap=True, selectable=True)
        font = QFont(self.font())
        font.setPointSizeF(font.pointSizeF() * 1.6)
        font.setBold(True)
        title.setFont(font)
        title.setObjectName("jobTitle")
        if not view.display_title:
            title.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        lay.addWidget(title)

        state_row = QHBoxLayout()
        state_row.setSpacing(6)
        icon = QLabel()
        icon.setPixmap(icons.state_icon(view.state).pixmap(QSize(18, 18)))
        state = plain_label(state_text(view.words.heading))
        bold = QFont(self.font())
        bold.setBold(True)
        state.setFont(bold)
        state.setObjectName("jobState")
        state_row.addWidget(icon)
        state_row.addWidget(state)
        if view.state in (JobState.NEW, JobState.PENDING):
            self._elapsed_label = plain_label()
            self._elapsed_label.setForegroundRole(QPalette.ColorRole.PlaceholderText)
            state_row.addWidget(self._elapsed_label)
            self._tick()
        state_row.addStretch(1)
        lay.addLayout(state_row)

        if view.state is JobState.FAILED:
            err = rec.error if rec is not None else None
            code = err.code if err is not None and err.code else None
            message = err.message if err is not None and err.message else None
            text = self.tr("Error {code}").format(code=code) if code else self.tr("The job failed")
            if view.cancelled:
                text = self.tr(
                    "Cancelled at your request: the song may still have finished, and its credits are spent"
                )
            lay.addWidget(self._alert(elide(text, TEXT_SHOWN),
                                      elide(message or self.tr("The record gives no error message."), PROMPT_SHOWN),
                                      error=True))
        elif view.state in (JobState.NOT_FOUND, JobState.FORBIDDEN):
            words = view.words
            alert = self._alert(state_text(words.label), state_text(words.explanation), error=False)
            recheck = QPushButton(icons.icon("refresh"), self.tr("Re-check now"))
            recheck.setObjectName("recheck")
            recheck.clicked.connect(lambda: self.recheck_requested.emit(view.jobid))
            alert_lay = alert.layout()
            assert isinstance(alert_lay, QVBoxLayout)
            alert_lay.addWidget(recheck, 0, Qt.AlignmentFlag.AlignLeft)
            lay.addWidget(alert)
        if view.problem:
            last = self.tr("Last check: {problem}").format(problem=view.problem)
            problem = plain_label(elide(last, PROMPT_SHOWN), wrap=True)
            problem.setForegroundRole(QPalette.ColorRole.PlaceholderText)
            lay.addWidget(problem)

        # The facts (times, account, ids, prompt, request) fold away under a toggle: for a finished song the
        # lyrics need the room, and the line above says the essentials.
        header_lay = lay
        facts = QWidget()
        facts.setObjectName("jobFacts")
        lay = QVBoxLayout(facts)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.setSpacing(8)
        opened = self._facts_open if view.state is JobState.COMPLETED else True
        facts_toggle = QToolButton()
        facts_toggle.setObjectName("factsToggle")
        facts_toggle.setCheckable(True)
        facts_toggle.setChecked(opened)
        facts_toggle.setAutoRaise(True)
        facts_toggle.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        facts_toggle.setArrowType(Qt.ArrowType.DownArrow if opened else Qt.ArrowType.RightArrow)
        facts_toggle.setText(self.tr("Details"))
        facts.setVisible(opened)

        def fold(shown: bool) -> None:
            facts.setVisible(shown)
            facts_toggle.setArrowType(Qt.ArrowType.DownArrow if shown else Qt.ArrowType.RightArrow)
            if view.state is JobState.COMPLETED:
                self._facts_open = shown  # the next finished song opens the same way

        facts_toggle.toggled.connect(fold)
        self.facts_toggle = facts_toggle
        self.facts = facts
        state_row.insertWidget(state_row.count() - 1, facts_toggle)
        summary = self._facts_line(view)
        if summary:
            line = plain_label(summary)
            line.setObjectName("factsLine")
            line.setForegroundRole(QPalette.ColorRole.PlaceholderText)
            line.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
            header_lay.insertWidget(header_lay.indexOf(title) + 1, line)
        header_lay.addWidget(facts)

        form = QFormLayout()
        form.setHorizontalSpacing(14)
        form.setVerticalSpacing(4)
        form.setLabelAlignment(Qt.AlignmentFlag.AlignLeft)

        def row(name: str, shown_name: str, value: str | None, *, select: bool = False) -> QLabel:
            label = plain_label(elide(value or MISSING, TEXT_SHOWN), wrap=True, selectable=select)
            label.setObjectName(f"field:{name}")
            caption = plain_label(shown_name)
            caption.setForegroundRole(QPalette.ColorRole.PlaceholderText)
            form.addRow(caption, label)
            return label

        row("Created", self.tr("Created"), format_local(rec.created_at) if rec else None)
        if view.state is not JobState.PENDING:
            row("Completed", self.tr("Completed"), format_local(rec.completed_at) if rec else None)
            gen = view.generation_s
            row("Generation time", self.tr("Generation time"), format_generation(gen) if gen is not None else None)
        row("Account", self.tr("Account"), rec.email if rec else None, select=True)
        row("Operation", self.tr("Operation"), rec.operation if rec else None)
        job_row = QHBoxLayout()
        job_label = MiddleElidedLabel(view.jobid)  # both ends tell ids apart; the whole on hover and copy
        job_label.setObjectName("field:Job id")
        copy = QToolButton()
        copy.setIcon(icons.icon("copy"))
        copy.setAutoRaise(True)
        copy.setToolTip(self.tr("Copy the job id"))
        copy.setAccessibleName(self.tr("Copy the job id"))
        copy.clicked.connect(lambda: self._copy(view.jobid, "job id"))
        job_row.addWidget(job_label, 1)
        job_row.addWidget(copy)
        caption = plain_label(self.tr("Job id"))
        caption.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        form.addRow(caption, job_row)
        lay.addLayout(form)

        prompt_caption = plain_label(self.tr("Prompt"))
        prompt_caption.setFont(bold)
        lay.addWidget(prompt_caption)
        whole = view.prompt or MISSING
        prompt = plain_label(elide(whole, PROMPT_SHOWN), wrap=True, selectable=True)
        prompt.setObjectName("prompt")
        lay.addWidget(prompt)
        self.prompt_toggle = None
        self.prompt_full = None
        if len(whole) > PROMPT_SHOWN:
            # The whole text in an editor made on demand: a word-wrapped label of 1 MB took seconds to lay out.
            toggle = QToolButton()
            toggle.setText(self.tr("Show the whole prompt (%Ln character(s))", "", len(whole)))
            toggle.setCheckable(True)
            full = QPlainTextEdit()
            full.setReadOnly(True)
            full.setMaximumHeight(260)
            full.hide()

            def show_whole(shown: bool) -> None:
                if shown and not full.toPlainText():
                    full.setPlainText(whole)
                full.setVisible(shown)
                prompt.setVisible(not shown)

            toggle.toggled.connect(show_whole)
            lay.addWidget(toggle, 0, Qt.AlignmentFlag.AlignLeft)
            lay.addWidget(full)
            self.prompt_toggle = toggle
            self.prompt_full = full

        buttons = QHBoxLayout()
        buttons.setSpacing(6)
        has_request = rec is not None and rec.request is not None
        self.request_view = QPlainTextEdit()
        self.request_view.setReadOnly(True)
        self.request_view.setMaximumHeight(220)
        mono = QFont("monospace")
        mono.setStyleHint(QFont.StyleHint.Monospace)
        self.request_view.setFont(mono)
        self.request_view.hide()
        self.request_toggle = QToolButton()
        self.request_toggle.setText(self.tr("Show request JSON"))
        self.request_toggle.setCheckable(True)
        self.request_toggle.setEnabled(has_request)
        if not has_request:
            self.request_toggle.setToolTip(self.tr("The record has no request."))
        request_view, request_toggle = self.request_view, self.request_toggle
        self.request_toggle.toggled.connect(
            lambda shown: self._toggle_request(view, request_view, request_toggle, shown)
        )
        export = QToolButton()
        export.setIcon(icons.icon("export"))
        export.setText(self.tr("Export JSON…"))
        export.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        export.setEnabled(rec is not None)
        export.setToolTip(self.tr("Save the job's record, exactly as the API sent it"))
        export.clicked.connect(self._export_job)
        buttons.addWidget(self.request_toggle)
        buttons.addWidget(export)
        buttons.addStretch(1)
        lay.addLayout(buttons)
        lay.addWidget(self.request_view)

        if rec is not None and rec.problems:
            shown = rec.problems[:5]
            more = "\n" + self.tr("… and %Ln more", "", len(rec.problems) - 5) if len(rec.problems) > 5 else ""
            heading = self.tr("Parts of the record could not be read:")
            notes = plain_label(heading + "\n" + "\n".join(shown) + more, wrap=True)
            notes.setForegroundRole(QPalette.ColorRole.PlaceholderText)
            lay.addWidget(notes)
        return box

    @staticmethod
    def _facts_line(view: JobView) -> str:
        """One line under the title: account, when, how long it took."""
        rec = view.record
        if rec is None:
            return ""
        parts = [p for p in (rec.email, format_local(rec.created_at)) if p]
        gen = view.generation_s
        if gen is not None and view.state is not JobState.PENDING:
            made = QCoreApplication.translate("DetailPane", "made in %1")
            parts.append(made.replace("%1", format_generation(gen)))
        return elide("  ·  ".join(parts), TEXT_SHOWN)

    def _alert(self, heading: str, body: str, *, error: bool) -> QFrame:
        frame = QFrame()
        frame.setObjectName("alert")
        tint = "rgba(217,83,79,0.10)" if error else "rgba(240,173,78,0.12)"
        frame.setStyleSheet((_ERROR_STYLE if error else _WARN_STYLE) % tint)
        lay = QVBoxLayout(frame)
        lay.setContentsMargins(12, 10, 12, 10)
        lay.setSpacing(4)
        head = plain_label(heading, wrap=True, selectable=True)
        head.setObjectName("alertHeading")
        font = QFont(self.font())
        font.setBold(True)
        head.setFont(font)
        text = plain_label(body, wrap=True, selectable=True)
        text.setObjectName("alertBody")
        lay.addWidget(head)
        lay.addWidget(text)
        return frame

    @staticmethod
    def _request_text(view: JobView) -> str | None:
        rec = view.record
        if rec is None or rec.request is None:
            return None
        return json.dumps(dict(rec.request), indent=2, ensure_ascii=False)

    def _toggle_request(self, view: JobView, editor: QPlainTextEdit, toggle: QToolButton, shown: bool) -> None:
        if shown and not editor.toPlainText():  # filled when first asked for: a request can be megabytes
            editor.setPlainText(self._request_text(view) or "")
        editor.setVisible(shown)
        toggle.setText(self.tr("Hide request JSON") if shown else self.tr("Show request JSON"))

    def _tick(self) -> None:
        view = self._view
        if view is None or self._elapsed_label is None:
            return
        start = view.created_at or view.added_at
        seconds = (datetime.now(timezone.utc) - start).total_seconds()
        self._elapsed_label.setText(self.tr("·  {time} elapsed").format(time=format_elapsed(seconds)))

    # --- cards ----------------------------------------------------------------------------------------------

    @staticmethod
    def _clips_of(view: JobView) -> tuple[Clip, ...]:
        return view.record.clips if view.record is not None else ()

    def _drop_page(self, jobid: str) -> None:
        page = self._pages.pop(jobid, None)
        if page is None:
            return
        for card in page.cards:
            if self._card_by_key.get(card.key) is card:
                del self._card_by_key[card.key]
        page.widget.hide()
        self.clips_layout.removeWidget(page.widget)
        page.widget.deleteLater()

    def _hide_pages(self) -> None:
        for page in self._pages.values():
            page.widget.hide()
        self.cards = []

    def _build_page(self, view: JobView, clips: tuple[Clip, ...], available: bool, reason: str) -> _Page:
        widget = QWidget()
        lay = QVBoxLayout(widget)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.setSpacing(12)
        takes: QHBoxLayout | None = None
        group: QButtonGroup | None = None
        if clips:
            head = QHBoxLayout()
            head.setContentsMargins(0, 4, 0, 0)
            head.setSpacing(4)
            caption = plain_label(self.tr("Takes") if len(clips) > 1 else self.tr("Clip"))
            font = QFont(self.font())
            font.setBold(True)
            caption.setFont(font)
            caption.setObjectName("takesCaption")
            head.addWidget(caption)
            takes = QHBoxLayout()
            takes.setSpacing(2)
            head.addLayout(takes)
            group = QButtonGroup(widget)
            group.setExclusive(True)
            head.addStretch(1)
            if available:
                vol_icon = QLabel()
                vol_icon.setPixmap(icons.icon("music").pixmap(QSize(14, 14)))
                vol_icon.setToolTip(self.tr("Volume"))
                volume = QSlider(Qt.Orientation.Horizontal)
                volume.setRange(0, 100)
                volume.setValue(round(self.player.volume * 100))
                volume.setFixedWidth(90)
                volume.setToolTip(self.tr("Volume"))
                volume.setAccessibleName(self.tr("Volume"))
                volume.valueChanged.connect(lambda v: self.player.set_volume(v / 100))
                head.addWidget(vol_icon)
                head.addWidget(volume)
            lay.addLayout(head)
            if not available:
                note = plain_label(reason, wrap=True)
                note.setObjectName("playerUnavailable")
                note.setForegroundRole(QPalette.ColorRole.PlaceholderText)
                lay.addWidget(note)
        elif view.state is JobState.COMPLETED:
            lay.addWidget(plain_label(self.tr("The record lists no clips.")))
        page = _Page(widget=widget, clips=clips, cards=[], playback=available, record=view.record,
                     name=view.untitled_name, takes=takes, take_group=group, stems=view.operation == "stems")
        self._add_cards(page, CARDS_AT_ONCE)
        self._show_take(page, 0)
        return page

    def _take_label(self, page: _Page, index: int, clip: Clip) -> str:
        if page.stems and clip.title and clip.title.strip():
            return elide(clip.title.strip(), 16)  # the stem's name: drums, bass, vocals, other
        if len(page.clips) <= 26:
            return chr(ord("A") + index)
        return str(index + 1)

    def _show_take(self, page: _Page, index: int) -> None:
        """Show one take of the page (its switch checked), the others hidden."""
        if not page.cards:
            return
        index = max(0, min(index, len(page.cards) - 1))
        page.shown = index
        for i, card in enumerate(page.cards):
            card.setVisible(i == index)
        if page.take_group is not None:
            button = page.take_group.button(index)
            if button is not None:
                button.setChecked(True)
        if page.cards is self.cards:
            self.take_changed.emit(index)

    @property
    def shown_card(self) -> ClipCard | None:
        """The take on show (one at a time)."""
        page = self._page_of_cards()
        return page.cards[page.shown] if page is not None and page.cards else None

    @property
    def take_buttons(self) -> list[QToolButton]:
        page = self._page_of_cards()
        if page is None or page.take_group is None:
            return []
        return [b for b in page.take_group.buttons() if isinstance(b, QToolButton)]

    def show_take(self, index: int) -> None:
        page = self._page_of_cards()
        if page is not None:
            self._show_take(page, index)

    def _page_of_cards(self) -> _Page | None:
        return next((p for p in self._pages.values() if p.cards is self.cards), None)

    def _add_cards(self, page: _Page, count: int) -> list[ClipCard]:
        """Build the next ``count`` cards of ``page``; a note and a button stand for the clips not built yet."""
        lay = page.widget.layout()
        assert isinstance(lay, QVBoxLayout)
        start = len(page.cards)
        added: list[ClipCard] = []
        for i in range(start, min(len(page.clips), start + count)):
            clip = page.clips[i]
            card = ClipCard(clip, i, playback=page.playback, job_name=page.name)
            self._names[card.key] = page.name
            if page.record is not None and i < len(page.record.clips):
                self._tracks[card.key] = (page.record, i)  # a track is made only if it is downloaded
            card.play_clicked.connect(self._on_play_clicked)
            card.seek_requested.connect(self._on_seek)
            card.open_requested.connect(self._on_open)
            card.copy_requested.connect(self._copy)
            card.download_requested.connect(self._on_download)
            card.cancel_requested.connect(lambda k, kind: self.downloader.cancel(_dl_key(k, kind)))
            card.reveal_requested.connect(self._on_reveal)
            card.export_requested.connect(self._on_export_lyrics)
            if clip.clip:
                card.set_offset(self.offsets.get(clip.clip))
                card.offset_changed.connect(lambda _k, secs, c=clip.clip: self.offsets.set(c, secs))
            at = lay.indexOf(page.more_note) if page.more_note is not None else -1
            lay.insertWidget(at, card, 1)
            card.setVisible(i == page.shown)
            page.cards.append(card)
            added.append(card)
            if page.takes is not None and page.take_group is not None and len(page.clips) > 1:
                take = QToolButton()
                take.setText(self._take_label(page, i, clip))
                take.setCheckable(True)
                take.setAutoRaise(False)
                take.setObjectName(f"take:{i}")
                take.setAccessibleName(self.tr("Take %1").replace("%1", take.text()))
                take.setMinimumWidth(34)
                take.toggled.connect(lambda on, b=take: _paint_take(b, on))
                take.setToolTip(plain_tooltip(clip.title or "") or self.tr("Take %1").replace("%1", take.text()))
                page.take_group.addButton(take, i)
                page.takes.addWidget(take)
                take.clicked.connect(lambda _c=False, p=page, n=i: self._show_take(p, n))
            for kind in ("audio", "wav", "mp3"):
                state = self._dl_state.get(_dl_key(card.key, kind))
                if isinstance(state, DownloadResult):
                    card.set_download_result(kind, state)
                elif state is not None:
                    card.set_download_progress(kind, *state)
            if clip.image_url and not is_web_url(clip.image_url):
                card.set_cover_placeholder(self.tr("The cover link is not an http or https URL."))
        left = len(page.clips) - len(page.cards)
        if left > 0:
            if page.more_note is None or page.more is None:
                page.more_note = plain_label(wrap=True)
                page.more_note.setObjectName("moreClips")
                page.more_note.setForegroundRole(QPalette.ColorRole.PlaceholderText)
                page.more = QPushButton()
                page.more.setObjectName("showMoreClips")
                page.more.clicked.connect(lambda: self._show_more(page))
                lay.addWidget(page.more_note)
                lay.addWidget(page.more, 0, Qt.AlignmentFlag.AlignLeft)
            page.more_note.setText(self.tr("… and %Ln more clip(s).", "", left))
            page.more.setText(self.tr("Show %Ln more", "", min(left, CARDS_AT_ONCE)))
        elif page.more_note is not None and page.more is not None:
            page.more_note.hide()
            page.more.hide()
        return added

    @property
    def more_clips(self) -> QPushButton | None:
        """The shown job's "Show more" button, while some of its clips are not shown."""
        page = next((p for p in self._pages.values() if p.cards is self.cards), None)
        return page.more if page is not None and page.more is not None and page.more.isVisibleTo(self) else None

    def _show_more(self, page: _Page) -> None:
        first_new = len(page.cards)
        added = self._add_cards(page, CARDS_AT_ONCE)
        if added:
            self._show_take(page, first_new)
        if page.cards is self.cards:
            self._activate(added)
            self._load_covers(page.cards)

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
            self.clips_layout.addWidget(page.widget, 1)
            for old in list(self._pages)[: max(0, len(self._pages) - _PAGES_KEPT)]:
                self._drop_page(old)
        else:
            self._pages.move_to_end(view.jobid)
        page.widget.show()
        self.cards = page.cards
        self._activate(page.cards)
        self._load_covers(page.cards)

    def _activate(self, cards: list[ClipCard]) -> None:
        """Make these shown cards the ones downloads and the player report to."""
        for card in cards:
            self._card_by_key[card.key] = card
            self._clips[card.key] = card.clip
            playing = card.key == self.player.current_key
            card.set_playing(playing and self.player.playing)
            if playing:
                card.set_position(self.player.position())

    def _load_covers(self, cards: list[ClipCard]) -> None:
        """Ask for the covers these cards still lack (this replaces any earlier request)."""
        wanted: list[str] = []
        self._covers_waiting = set()
        for card in cards:
            url = card.clip.image_url
            if not url or not is_web_url(url) or card.cover.property("loaded"):
                continue
            cached = self.covers.cached(url)
            if cached is not None:
                card.set_cover(cached)
            else:
                self._covers_waiting.add(url)
                if url not in wanted:
                    wanted.append(url)
        self.covers.request(wanted)
        if not self._covers_waiting:
            self.covers_settled.emit()

    def _cards_for_cover(self, url: str) -> list[ClipCard]:
        return [c for c in self.cards if c.clip.image_url == url]

    def _on_cover(self, url: str, pixmap: QPixmap) -> None:
        for card in self._cards_for_cover(url):
            card.set_cover(pixmap)
        self._cover_settled(url)

    def _on_cover_failed(self, url: str, message: str) -> None:
        for card in self._cards_for_cover(url):
            card.set_cover_placeholder(message)
        self._cover_settled(url)

    def _cover_settled(self, url: str) -> None:
        if url in self._covers_waiting:
            self._covers_waiting.discard(url)
            if not self._covers_waiting:
                self.covers_settled.emit()

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
        if not open_external(url):
            self._set_status(self.tr("The system could not open the link."))

    def _on_reveal(self, key: str, kind: str) -> None:
        path = self._dl_paths.get(_dl_key(key, kind))
        if path is not None and not reveal_folder(path.parent):
            self._set_status(self.tr("Nothing on this system could open the folder {folder}.").format(
                folder=str(path.parent)))

    def _on_download(self, key: str, kind: str) -> None:
        clip = self._clips.get(key)
        if clip is not None:
            self._start_download(key, clip, kind, self._download_dir())

    def _remember_track(self, view: JobView, index: int, key: str) -> None:
        # Only where to find it: a huge record's clips become tracks when one of them is downloaded.
        if view.record is not None and index < len(view.record.clips):
            self._tracks[key] = (view.record, index)

    def _start_download(self, key: str, clip: Clip, kind: str, folder: Path) -> bool:
        # ``folder`` is the queue's business now (its settings); kept so callers read as before.
        del folder
        url = clip.wav_url if kind == "wav" else clip.audio_url
        card = self._card_by_key.get(key)
        if not is_web_url(url):
            if card is not None:
                card.show_message(self.tr("Only http and https links are downloaded."))
            return False
        source = self._tracks.get(key)
        track = track_from_record(*source) if source is not None else Track(
            clip_id=clip.clip, title=clip.title, take=None, jobid=None, account=None, created_at=clip.created_at,
            prompt=None, seed=clip.seed, lyrics=clip.lyrics, lyrics_timing=clip.lyrics_timing,
            duration_s=clip.duration_s, image_url=clip.image_url, audio_url=clip.audio_url, wav_url=clip.wav_url,
        )
        dkey = _dl_key(key, kind)
        started = self.downloader.start(dkey, track, kind)
        if started:
            self._dl_state[dkey] = (0, -1)
            if card is not None:
                card.set_download_progress(kind, 0, -1)
        return started

    def _card_and_kind(self, dkey: str) -> tuple[ClipCard | None, str]:
        key, _, kind = dkey.rpartition("|")
        return self._card_by_key.get(key), kind

    def _on_dl_progress(self, dkey: str, received: int, total: int) -> None:
        self._dl_state[dkey] = (received, total)
        card, kind = self._card_and_kind(dkey)
        if card is not None:
            card.set_download_progress(kind, received, total)
        if dkey in self._bulk.keys:
            self._update_bulk()

    def _on_dl_finished(self, result: DownloadResult) -> None:
        self._dl_state[result.key] = result
        if result.path is not None:
            self._dl_paths[result.key] = result.path
        card, kind = self._card_and_kind(result.key)
        if card is not None:
            card.set_download_result(kind, result)
        if result.key in self._bulk.keys:
            self._bulk.done += 1
            if result.status is DownloadStatus.FAILED:
                clip_key_ = result.key.rpartition("|")[0]
                name = self._clip_name(clip_key_, self._clips.get(clip_key_))
                self._bulk.failed.append(f"{name}: {result.message}")
            elif result.status is DownloadStatus.SKIPPED:
                self._bulk.skipped += 1
            self._update_bulk()

    def _on_export_lyrics(self, key: str, kind: str) -> None:
        if kind == "json":  # the card's Export menu holds the job's record too
            self._export_job()
            return
        clip = self._clips.get(key)
        if clip is None:
            return
        folder = self._download_dir()
        if kind == "lrc":  # with the clip's Lyrics timing correction, as the window shows it
            self._set_status(exports.export_lrc(self, folder, clip, self.offsets.get(clip.clip) if clip.clip else 0.0))
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
        if shown and page is not None and index < len(page.cards) and page.shown != index:
            self._show_take(page, index)

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

    def _on_play_clicked(self, key: str) -> None:
        clip = self._clips.get(key)
        if clip is not None:
            self._playing_title = self._clip_name(key, clip)
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
            for card in page.cards:
                card.transport.hide()
        self._player_note.setText(reason)
        self._player_note.show()

    def _on_no_sound_device(self, sentence: str) -> None:
        self._player_note.setText(sentence)
        self._player_note.show()

    # --- footer: now playing, bulk downloads, status -----------------------------------------------------

    def _build_footer(self) -> QWidget:
        footer = QFrame()
        footer.setObjectName("paneFooter")
        footer.setFrameShape(QFrame.Shape.NoFrame)
        lay = QVBoxLayout(footer)
        lay.setContentsMargins(12, 4, 12, 6)
        lay.setSpacing(4)

        self.now_playing = QWidget()
        np_lay = QHBoxLayout(self.now_playing)
        np_lay.setContentsMargins(0, 0, 0, 0)
        self.now_label = plain_label()
        self.now_label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.now_toggle = QToolButton()
        self.now_toggle.setIcon(icons.icon("pause"))
        self.now_toggle.setToolTip(self.tr("Pause or resume"))
        self.now_toggle.setAccessibleName(self.tr("Pause or resume"))
        self.now_toggle.clicked.connect(self._now_toggle)
        self.now_stop = QToolButton()
        self.now_stop.setIcon(icons.icon("cancel"))
        self.now_stop.setToolTip(self.tr("Stop"))
        self.now_stop.setAccessibleName(self.tr("Stop playback"))
        self.now_stop.clicked.connect(self.player.stop)
        np_lay.addWidget(self.now_label, 1)
        np_lay.addWidget(self.now_toggle)
        np_lay.addWidget(self.now_stop)
        self.now_playing.hide()
        lay.addWidget(self.now_playing)

        self.bulk = QWidget()
        bulk_lay = QHBoxLayout(self.bulk)
        bulk_lay.setContentsMargins(0, 0, 0, 0)
        self.bulk_label = plain_label()
        self.bulk_bar = QProgressBar()
        self.bulk_bar.setMaximumHeight(14)
        self.bulk_bar.setTextVisible(False)
        self.bulk_cancel = QToolButton()
        self.bulk_cancel.setIcon(icons.icon("cancel"))
        self.bulk_cancel.setText(self.tr("Cancel all"))
        self.bulk_cancel.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.bulk_cancel.clicked.connect(self._cancel_bulk)
        bulk_lay.addWidget(self.bulk_label)
        bulk_lay.addWidget(self.bulk_bar, 1)
        bulk_lay.addWidget(self.bulk_cancel)
        self.bulk.hide()
        lay.addWidget(self.bulk)

        self._player_note = plain_label(wrap=True)
        self._player_note.setObjectName("playerUnavailable")
        self._player_note.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        self._player_note.hide()
        lay.addWidget(self._player_note)

        self.status = plain_label(wrap=True)
        self.status.setObjectName("paneStatus")
        self.status.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        self.status.hide()
        lay.addWidget(self.status)
        return footer

    def _set_status(self, text: str) -> None:
        self.status.setText(text)
        self.status.setVisible(bool(text))

    def _update_now_playing(self) -> None:
        key = self.player.current_key
        if key is None:
            self.now_playing.hide()
            return
        self.now_playing.show()
        playing = self.player.playing
        self.now_label.setText(
            (self.tr("Playing: {title}") if playing else self.tr("Paused: {title}")).format(title=self._playing_title)
        )
        self.now_toggle.setIcon(icons.icon("pause" if playing else "play"))

    def _now_toggle(self) -> None:
        key = self.player.current_key
        if key is not None:
            clip = self._clips.get(key)
            self.player.toggle(key, clip.audio_url if clip else None)

    def _cancel_bulk(self) -> None:
        for dkey in list(self._bulk.keys):
            self.downloader.cancel(dkey)

    def _update_bulk(self) -> None:
        b = self._bulk
        if not b.total:
            self.bulk.hide()
            return
        self.bulk.show()
        if b.done >= b.total:
            saved = b.done - b.skipped - len(b.failed)
            parts = [self.tr("Downloaded %Ln WAV(s)", "", saved)]
            if b.skipped:
                parts.append(self.tr("%Ln already there", "", b.skipped))
            if b.failed:
                parts.append(self.tr("%Ln failed", "", len(b.failed)))
            self.bulk_label.setText(self.tr("{parts}.").format(parts=", ".join(parts)))
            self.bulk_label.setToolTip(plain_tooltip("\n".join(b.failed)))
            self.bulk_bar.setRange(0, 1)
            self.bulk_bar.setValue(1)
            self.bulk_cancel.hide()
            self._bulk = _Bulk()
            return
        fraction = 0.0
        for dkey in b.keys:
            state = self._dl_state.get(dkey)
            if isinstance(state, DownloadResult):
                fraction += 1.0
            elif state is not None and state[1] > 0:
                fraction += state[0] / state[1]
        self.bulk_label.setText(
            self.tr("Downloading WAVs: {done} of {total} done").format(
                done=QLocale().toString(b.done), total=QLocale().toString(b.total)
            )
        )
        self.bulk_bar.setRange(0, 1000)
        self.bulk_bar.setValue(int(fraction * 1000 / b.total))
        self.bulk_cancel.show()

"""One job's clips in the detail pane: a page with the take switch (one card shown at a time), the volume, and
"Show more" for a record with more clips than are built at once."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from typing import overload

from PySide6.QtCore import QSize, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QFont, QPalette
from PySide6.QtWidgets import QButtonGroup, QHBoxLayout, QLabel, QPushButton, QSlider, QToolButton, QVBoxLayout, QWidget

from flowmusic_gui.core.records import Clip, JobRecord, JobState
from flowmusic_gui.engine.types import JobView
from flowmusic_gui.ui import icons
from flowmusic_gui.ui.detail.clip_card import ClipCard, plain_label
from flowmusic_gui.ui.jobs.model import take_label
from flowmusic_gui.ui.text import plain_tooltip


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


# What a person can use of a huge record, built at once; the rest on demand (a record of 10,000 clips took
# 102 s and 3.7 GB when every card was built).
CARDS_AT_ONCE = 4


class Cards(Sequence[ClipCard]):
    """A page's cards, one per take offered: the take on show is built with the page, the hidden ones a turn
    after each other (a card costs the GUI thread 4-10 ms); asking for one builds it (and those before it) at
    once, so every caller sees every take's card."""

    def __init__(self, page: ClipPage) -> None:
        self._page = page

    def __len__(self) -> int:
        return self._page.planned

    @overload
    def __getitem__(self, index: int) -> ClipCard: ...

    @overload
    def __getitem__(self, index: slice) -> list[ClipCard]: ...

    def __getitem__(self, index: int | slice) -> ClipCard | list[ClipCard]:
        if isinstance(index, slice):
            wanted = range(len(self))[index]
            if len(wanted):
                self._page.build_through(max(wanted))
            return [self._page.built[i] for i in wanted]
        at = index + len(self) if index < 0 else index
        if not 0 <= at < len(self):
            raise IndexError(index)
        self._page.build_through(at)
        return self._page.built[at]

    def __iter__(self) -> Iterator[ClipCard]:
        if len(self):
            self._page.build_through(len(self) - 1)
        return iter(list(self._page.built))

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Cards):
            return other is self
        if isinstance(other, (list, tuple)):
            return list(self) == list(other)
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]  # equal to a list, so not hashable either


class ClipPage(QWidget):
    """The cards of one job. ``setup_card`` is called for each card as it is built (the pane connects it);
    ``more_requested`` asks the pane to build the next few."""

    take_shown = Signal(int)
    volume_changed = Signal(float)  # 0..1
    more_requested = Signal()
    card_built = Signal(object)  # a ClipCard built after the page (a hidden take, on a later turn)

    def __init__(
        self,
        view: JobView,
        clips: tuple[Clip, ...],
        *,
        playback: bool,
        reason: str,
        volume: float,
        setup_card: Callable[[ClipCard, ClipPage], None],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.clips = clips
        self._view = view
        self.jobid = view.jobid
        self.kept: set[str] = set(view.kept)  # the clip ids starred as keepers
        self.built: list[ClipCard] = []  # the cards built so far, in take order
        self.planned = 0  # the takes offered (switch buttons); their cards are built as described in Cards
        self.cards = Cards(self)
        self._later = QTimer(self)
        self._later.setSingleShot(True)
        self._later.setInterval(0)
        self._later.timeout.connect(self._build_later)
        self._dropped = False
        self.playback = playback
        self.record: JobRecord | None = view.record  # where the cards' tracks come from, when one is downloaded
        self.name = view.untitled_name  # what a clip without a title is called
        self.stems = view.operation == "stems"
        self.shown = 0
        self.more: QPushButton | None = None  # "Show more clips", while some are not built yet
        self.more_note: QLabel | None = None
        self.takes: QHBoxLayout | None = None  # the take switch: one button per built card
        self.take_group: QButtonGroup | None = None
        self._setup_card = setup_card
        self._lay = QVBoxLayout(self)
        self._lay.setContentsMargins(0, 0, 0, 0)
        self._lay.setSpacing(12)
        if clips:
            self._build_head(playback, reason, volume)
        elif view.state is JobState.COMPLETED:
            self._lay.addWidget(plain_label(self.tr("The record lists no clips.")))
        self.add_cards(CARDS_AT_ONCE)
        self.show_take(0)

    def _build_head(self, available: bool, reason: str, volume: float) -> None:
        head = QHBoxLayout()
        head.setContentsMargins(0, 4, 0, 0)
        head.setSpacing(4)
        caption = plain_label(self.tr("Takes") if len(self.clips) > 1 else self.tr("Clip"))
        font = QFont(self.font())
        font.setBold(True)
        caption.setFont(font)
        caption.setObjectName("takesCaption")
        head.addWidget(caption)
        self.takes = QHBoxLayout()
        self.takes.setSpacing(2)
        head.addLayout(self.takes)
        self.take_group = QButtonGroup(self)
        self.take_group.setExclusive(True)
        head.addStretch(1)
        if available:
            vol_icon = QLabel()
            vol_icon.setPixmap(icons.icon("music").pixmap(QSize(14, 14)))
            vol_icon.setToolTip(self.tr("Volume"))
            slider = QSlider(Qt.Orientation.Horizontal)
            slider.setRange(0, 100)
            slider.setValue(round(volume * 100))
            slider.setFixedWidth(90)
            slider.setToolTip(self.tr("Volume"))
            slider.setAccessibleName(self.tr("Volume"))
            slider.valueChanged.connect(lambda v: self.volume_changed.emit(v / 100))
            head.addWidget(vol_icon)
            head.addWidget(slider)
        self._lay.addLayout(head)
        if not available:
            note = plain_label(reason, wrap=True)
            note.setObjectName("playerUnavailable")
            note.setForegroundRole(QPalette.ColorRole.PlaceholderText)
            self._lay.addWidget(note)

    def _take_label(self, index: int) -> str:
        return take_label(self._view, index)  # A, B, ...; a stem by its name: drums, bass, vocals, other

    def show_take(self, index: int) -> None:
        """Show one take (its switch checked), the others hidden."""
        if not self.planned:
            return
        index = max(0, min(index, self.planned - 1))
        self.shown = index
        self.build_through(index)
        for i, card in enumerate(self.built):
            card.setVisible(i == index)
        if self.take_group is not None:
            button = self.take_group.button(index)
            if button is not None:
                button.setChecked(True)
        self.take_shown.emit(index)

    def is_kept(self, clip_id: str | None) -> bool:
        return bool(clip_id) and clip_id in self.kept

    def set_kept(self, kept: tuple[str, ...]) -> None:
        """Show the job's kept takes (the store's word): each card's star and the take switch's marks."""
        self.kept = set(kept)
        for card in self.built:
            card.set_kept(self.is_kept(card.clip.clip))
        self._mark_takes()

    def show_kept(self, clip_id: str, kept: bool) -> None:
        """The user starred or unstarred a take here: mark its switch at once."""
        if kept:
            self.kept.add(clip_id)
        else:
            self.kept.discard(clip_id)
        self._mark_takes()

    def _mark_takes(self) -> None:
        for i, button in enumerate(self.take_buttons):
            self._mark_take(i, button)

    def _mark_take(self, i: int, button: QToolButton) -> None:
        """A take switch's text and the name a screen reader says: "B ★" and "Take B, kept" for the keeper."""
        kept = i < len(self.clips) and self.is_kept(self.clips[i].clip)
        label = self._take_label(i)
        button.setText(f"{label} ★" if kept else label)
        name = self.tr("Take %1").replace("%1", label)
        button.setAccessibleName(self.tr("%1, kept").replace("%1", name) if kept else name)

    @property
    def take_buttons(self) -> list[QToolButton]:
        if self.take_group is None:
            return []
        return [b for b in self.take_group.buttons() if isinstance(b, QToolButton)]

    @property
    def more_shown(self) -> QPushButton | None:
        return self.more if self.more is not None and self.more.isVisibleTo(self) else None

    def add_cards(self, count: int) -> None:
        """Offer the next ``count`` clips: their take buttons at once, their cards as :class:`Cards` says; a note
        and a button stand for the clips not offered yet."""
        start = self.planned
        self.planned = min(len(self.clips), start + count)
        if self.takes is not None and self.take_group is not None and len(self.clips) > 1:
            for i in range(start, self.planned):
                self._add_take_button(i, self.clips[i])
        left = len(self.clips) - self.planned
        if left > 0:
            if self.more_note is None or self.more is None:
                self.more_note = plain_label(wrap=True)
                self.more_note.setObjectName("moreClips")
                self.more_note.setForegroundRole(QPalette.ColorRole.PlaceholderText)
                self.more = QPushButton()
                self.more.setObjectName("showMoreClips")
                self.more.clicked.connect(self.more_requested)
                self._lay.addWidget(self.more_note)
                self._lay.addWidget(self.more, 0, Qt.AlignmentFlag.AlignLeft)
            self.more_note.setText(self.tr("… and %Ln more clip(s).", "", left))
            self.more.setText(self.tr("Show %Ln more", "", min(left, CARDS_AT_ONCE)))
        elif self.more_note is not None and self.more is not None:
            self.more_note.hide()
            self.more.hide()
        self._schedule()

    def build_through(self, index: int) -> None:
        """Build the cards up to take ``index`` now (each hidden unless it is the one on show)."""
        while len(self.built) <= min(index, self.planned - 1):
            self._build_next()

    def _build_next(self) -> None:
        i = len(self.built)
        card = ClipCard(self.clips[i], i, playback=self.playback, job_name=self.name)
        self._setup_card(card, self)
        at = self._lay.indexOf(self.more_note) if self.more_note is not None else -1
        self._lay.insertWidget(at, card, 1)
        card.setVisible(i == self.shown)
        self.built.append(card)
        self.card_built.emit(card)

    def _schedule(self) -> None:
        if len(self.built) < self.planned and not self._dropped:
            self._later.start()

    def drop(self) -> None:
        """The pane let this page go: build nothing more for it."""
        self._dropped = True
        self._later.stop()

    def _build_later(self) -> None:
        """One hidden take's card a turn, so selecting a job costs the take on show, not all of them."""
        if len(self.built) < self.planned:
            self._build_next()
        self._schedule()

    def _add_take_button(self, i: int, clip: Clip) -> None:
        assert self.takes is not None and self.take_group is not None
        take = QToolButton()
        self._mark_take(i, take)
        take.setCheckable(True)
        take.setAutoRaise(False)
        take.setObjectName(f"take:{i}")
        take.setMinimumWidth(34)
        take.toggled.connect(lambda on, b=take: _paint_take(b, on))
        take.setToolTip(plain_tooltip(clip.title or "") or self.tr("Take %1").replace("%1", self._take_label(i)))
        self.take_group.addButton(take, i)
        self.takes.addWidget(take)
        take.clicked.connect(lambda _c=False, n=i: self.show_take(n))


class SelectionSummary(QWidget):
    """Many jobs selected: "3 jobs selected: 2 completed, 1 pending" and the actions that apply to all."""

    def __init__(self, actions: list[QAction], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("selectionSummary")
        lay = QVBoxLayout(self)
        lay.setContentsMargins(24, 24, 24, 24)
        lay.addStretch(1)
        self.label = plain_label(wrap=True)
        self.label.setObjectName("summaryText")
        self.label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        font = QFont(self.font())
        font.setPointSizeF(font.pointSizeF() * 1.25)
        font.setBold(True)
        self.label.setFont(font)
        lay.addWidget(self.label)
        row = QHBoxLayout()
        row.addStretch(1)
        self.buttons: list[QToolButton] = []
        for action in actions:
            button = QToolButton()
            button.setDefaultAction(action)
            button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
            row.addWidget(button)
            self.buttons.append(button)
        row.addStretch(1)
        lay.addLayout(row)
        lay.addStretch(2)

"""The detail pane's footer: what is playing (pause, stop), the progress of "Download all WAVs", why the
player cannot play, and a passing status line ("Copied the link.")."""

from __future__ import annotations

from PySide6.QtCore import QLocale, Qt, Signal
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QFrame, QHBoxLayout, QProgressBar, QSizePolicy, QToolButton, QVBoxLayout, QWidget

from flowmusic_gui.ui import icons
from flowmusic_gui.ui.detail.clip_card import plain_label
from flowmusic_gui.ui.text import plain_tooltip


class PaneFooter(QFrame):
    """Shows what it is told; ``toggle_clicked``, ``stop_clicked`` and ``cancel_bulk_clicked`` ask the pane."""

    toggle_clicked = Signal()
    stop_clicked = Signal()
    cancel_bulk_clicked = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("paneFooter")
        self.setFrameShape(QFrame.Shape.NoFrame)
        lay = QVBoxLayout(self)
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
        self.now_toggle.clicked.connect(self.toggle_clicked)
        self.now_stop = QToolButton()
        self.now_stop.setIcon(icons.icon("cancel"))
        self.now_stop.setToolTip(self.tr("Stop"))
        self.now_stop.setAccessibleName(self.tr("Stop playback"))
        self.now_stop.clicked.connect(self.stop_clicked)
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
        self.bulk_cancel.clicked.connect(self.cancel_bulk_clicked)
        bulk_lay.addWidget(self.bulk_label)
        bulk_lay.addWidget(self.bulk_bar, 1)
        bulk_lay.addWidget(self.bulk_cancel)
        self.bulk.hide()
        lay.addWidget(self.bulk)

        self.player_note = plain_label(wrap=True)
        self.player_note.setObjectName("playerUnavailable")
        self.player_note.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        self.player_note.hide()
        lay.addWidget(self.player_note)

        self.status = plain_label(wrap=True)
        self.status.setObjectName("paneStatus")
        self.status.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        self.status.hide()
        lay.addWidget(self.status)

    def set_status(self, text: str) -> None:
        self.status.setText(text)
        self.status.setVisible(bool(text))

    def show_player_note(self, text: str) -> None:
        self.player_note.setText(text)
        self.player_note.show()

    def show_now_playing(self, title: str | None, *, playing: bool) -> None:
        """``title`` None: nothing is loaded, the line hides."""
        if title is None:
            self.now_playing.hide()
            return
        self.now_playing.show()
        self.now_label.setText(
            (self.tr("Playing: {title}") if playing else self.tr("Paused: {title}")).format(title=title)
        )
        self.now_toggle.setIcon(icons.icon("pause" if playing else "play"))

    def hide_bulk(self) -> None:
        self.bulk.hide()

    def show_bulk_progress(self, done: int, total: int, fraction: float) -> None:
        self.bulk.show()
        self.bulk_label.setText(
            self.tr("Downloading WAVs: {done} of {total} done").format(
                done=QLocale().toString(done), total=QLocale().toString(total)
            )
        )
        self.bulk_bar.setRange(0, 1000)
        self.bulk_bar.setValue(int(fraction * 1000 / total))
        self.bulk_cancel.show()

    def show_bulk_done(self, saved: int, skipped: int, failed: list[str]) -> None:
        self.bulk.show()
        parts = [self.tr("Downloaded %Ln WAV(s)", "", saved)]
        if skipped:
            parts.append(self.tr("%Ln already there", "", skipped))
        if failed:
            parts.append(self.tr("%Ln failed", "", len(failed)))
        self.bulk_label.setText(self.tr("{parts}.").format(parts=", ".join(parts)))
        self.bulk_label.setToolTip(plain_tooltip("\n".join(failed)))
        self.bulk_bar.setRange(0, 1)
        self.bulk_bar.setValue(1)
        self.bulk_cancel.hide()

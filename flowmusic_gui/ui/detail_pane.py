"""The right-hand pane: the selected job's header and, once it has finished, its clips."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QLabel, QPushButton, QVBoxLayout, QWidget

if TYPE_CHECKING:
    from flowmusic_gui.engine.types import JobView


class DetailPane(QWidget):
    """Shows one job (or a hint when nothing is selected). Minimal first cut: the header only."""

    recheck_requested = Signal(str)
    covers_settled = Signal()

    def __init__(
        self, parent: QWidget | None = None, *, download_dir: Callable[[], Path] | None = None
    ) -> None:
        super().__init__(parent)
        self._download_dir = download_dir
        self._view: JobView | None = None
        lay = QVBoxLayout(self)
        self._title = QLabel()
        self._title.setTextFormat(Qt.TextFormat.PlainText)
        self._title.setWordWrap(True)
        self._state = QLabel()
        self._state.setTextFormat(Qt.TextFormat.PlainText)
        self._recheck = QPushButton("Re-check now")
        self._recheck.clicked.connect(self._on_recheck)
        lay.addWidget(self._title)
        lay.addWidget(self._state)
        lay.addWidget(self._recheck)
        lay.addStretch(1)
        self.set_job(None)

    def set_job(self, view: JobView | None) -> None:
        self._view = view
        if view is None:
            self._title.setText("Select a job to see its clips")
            self._state.setText("")
            self._recheck.hide()
        else:
            self._title.setText(view.display_title or "Untitled")
            self._state.setText(view.state.value)
            self._recheck.setVisible(view.state.value in ("not_found", "forbidden"))
        self.covers_settled.emit()

    def download_all_wavs(self, views: list[JobView]) -> None:
        """Download every clip's WAV of ``views`` into the download folder (filled in by the full pane)."""

    def shutdown(self) -> None:
        """Stop players, cancel downloads and cover fetches, and wait for every thread."""

    def _on_recheck(self) -> None:
        if self._view is not None:
            self.recheck_requested.emit(self._view.jobid)

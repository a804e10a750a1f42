"""The Downloads panel: a dock of the window listing every queued, running, finished and failed download.

It only shows and asks: the queue (engine/downloads.py) does the work and outlives the panel. Cancel, Retry,
Open, Show in folder and Clear finished act on the selected rows; a library run gets one progress bar and its
summary above the list.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QLocale, QModelIndex, Qt, QTimer, Signal
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDockWidget,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QProgressBar,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from flowmusic_gui.core.store import DownloadState
from flowmusic_gui.engine.downloads import DownloadItem, DownloadQueue, RescanSummary
from flowmusic_gui.engine.library import LibraryProgress, LibrarySummary
from flowmusic_gui.ui.downloads.model import Column, DownloadsModel, Role
from flowmusic_gui.ui.text import plain_tooltip


def open_path(path: Path) -> bool:
    """Open a downloaded file, or a folder, with the system's handler (the app's one way: ui/links.py)."""
    from flowmusic_gui.ui import links

    return links.open_local(path)


class DownloadsPanel(QDockWidget):
    """The list of downloads with its buttons; ``library_requested`` asks the window for a library run."""

    library_requested = Signal()

    def __init__(self, queue: DownloadQueue, parent: QWidget | None = None) -> None:
        super().__init__(self.tr("Downloads"), parent)
        self.setObjectName("downloadsDock")
        self.queue = queue
        self.model = DownloadsModel(self)
        body = QWidget(self)
        lay = QVBoxLayout(body)
        lay.setContentsMargins(6, 6, 6, 6)

        self.library_box = QWidget()
        lib = QHBoxLayout(self.library_box)
        lib.setContentsMargins(0, 0, 0, 0)
        self.library_label = QLabel()
        self.library_label.setTextFormat(Qt.TextFormat.PlainText)
        self.library_bar = QProgressBar()
        self.library_bar.setMaximumHeight(14)
        self.library_cancel = QPushButton(self.tr("Stop"))
        lib.addWidget(self.library_label)
        lib.addWidget(self.library_bar, 1)
        lib.addWidget(self.library_cancel)
        self.library_box.hide()
        lay.addWidget(self.library_box)
        # In the demo the download folder is its temporary one: say where files go, and that it goes.
        self.demo_note = QLabel()
        self.demo_note.setObjectName("demoDownloadsNote")
        self.demo_note.setTextFormat(Qt.TextFormat.PlainText)
        self.demo_note.setWordWrap(True)
        self.demo_note.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        self.demo_note.hide()
        lay.addWidget(self.demo_note)

        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.setWordWrap(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(Column.TITLE, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(Column.STATE, QHeaderView.ResizeMode.Stretch)
        self.table.doubleClicked.connect(self._on_double_click)
        lay.addWidget(self.table, 1)

        buttons = QHBoxLayout()
        self.cancel_button = QPushButton(self.tr("Cancel"))
        self.retry_button = QPushButton(self.tr("Retry"))
        self.open_button = QPushButton(self.tr("Open"))
        self.reveal_button = QPushButton(self.tr("Show in folder"))
        self.locate_button = QPushButton(self.tr("Locate…"))
        self.locate_button.setToolTip(
            self.tr("Moved or renamed a downloaded file? Point at it, and it is not fetched again")
        )
        self.rescan_button = QPushButton(self.tr("Rescan library"))
        self.rescan_button.setToolTip(
            self.tr("Look through the download folder for files you renamed or moved: each is recognised by "
                    "the clip id in its tags and is not fetched again")
        )
        self.clear_button = QPushButton(self.tr("Clear finished"))
        self.library_button = QPushButton(self.tr("Download my library…"))
        for b in (self.cancel_button, self.retry_button, self.open_button, self.reveal_button, self.locate_button,
                  self.rescan_button):
            buttons.addWidget(b)
        buttons.addStretch(1)
        buttons.addWidget(self.library_button)
        buttons.addWidget(self.clear_button)
        lay.addLayout(buttons)
        self.problem_label = QLabel()
        self.problem_label.setTextFormat(Qt.TextFormat.PlainText)
        self.problem_label.setWordWrap(True)
        self.problem_label.hide()
        lay.addWidget(self.problem_label)
        self.setWidget(body)

        self.cancel_button.clicked.connect(self.cancel_selected)
        self.retry_button.clicked.connect(self.retry_selected)
        self.open_button.clicked.connect(self.open_selected)
        self.reveal_button.clicked.connect(self.reveal_selected)
        self.locate_button.clicked.connect(self.locate_selected)
        self.clear_button.clicked.connect(self.queue.clear_finished)
        self.rescan_button.clicked.connect(self.rescan)
        queue.rescanned.connect(self._rescanned)
        self.library_button.clicked.connect(self.library_requested)
        self.table.selectionModel().selectionChanged.connect(lambda _a, _b: self._update_buttons())
        self.model.dataChanged.connect(lambda _a, _b, _r=None: self._update_buttons())
        queue.changed.connect(self.model.update)
        # New downloads are added at the end, below the finished ones: bring the first of each burst into view.
        self._first_new: int | None = None
        self.model.rowsInserted.connect(self._on_rows_inserted)
        queue.removed.connect(self.model.remove)
        queue.problem.connect(self._show_problem)
        for item in queue.items():
            self.model.update(item)
        self._update_buttons()
        self.update_demo_note()
        queue.planned.connect(lambda _b, _items: self.update_demo_note())

    def update_demo_note(self) -> None:
        """Say where downloads go when that is the demo's temporary folder (deleted when the demo closes)."""
        from flowmusic_gui.core import paths
        from flowmusic_gui.core.filenames import is_inside

        root = paths.isolated_root()
        folder = self.queue.download_folder()
        if root is None or not is_inside(root, folder):
            self.demo_note.hide()
            return
        self.demo_note.setText(
            self.tr("Demo: downloads go to {folder}, a temporary folder deleted when the demo closes; you are "
                    "asked then whether to keep them.").format(folder=str(folder))
        )
        self.demo_note.setToolTip(plain_tooltip(str(folder)))
        self.demo_note.show()

    def _on_rows_inserted(self, _parent: QModelIndex, first: int, _last: int) -> None:
        if self._first_new is None:
            self._first_new = first
            QTimer.singleShot(0, self._show_new_rows)

    def _show_new_rows(self) -> None:
        first, self._first_new = self._first_new, None
        if first is None or first >= self.model.rowCount():
            return
        last = self.model.index(self.model.rowCount() - 1, 0)
        self.table.scrollTo(last, QAbstractItemView.ScrollHint.EnsureVisible)
        # ...but never past the first new one: a long batch shows its start.
        self.table.scrollTo(self.model.index(first, 0), QAbstractItemView.ScrollHint.EnsureVisible)

    # -- selection and buttons -----------------------------------------------------------------------------

    def selected(self) -> list[DownloadItem]:
        rows = sorted({i.row() for i in self.table.selectionModel().selectedRows()})
        items = [self.model.item_at(r) for r in rows]
        return [i for i in items if i is not None]

    def _update_buttons(self) -> None:
        items = self.selected()
        self.cancel_button.setEnabled(any(not i.finished for i in items))
        self.retry_button.setEnabled(any(i.id > 0 and i.state in (DownloadState.FAILED, DownloadState.CANCELLED)
                                         for i in items))
        done = [i for i in items if i.state is DownloadState.DONE and i.target is not None]
        self.open_button.setEnabled(bool(done))
        self.reveal_button.setEnabled(bool(done))
        self.locate_button.setEnabled(len(done) == 1)

    def cancel_selected(self) -> None:
        for item in self.selected():
            if not item.finished:
                self.queue.cancel(item.id)

    def retry_selected(self) -> None:
        for item in self.selected():
            self.queue.retry_download(item.id)

    def open_selected(self) -> None:
        for item in self.selected():
            if item.state is DownloadState.DONE and item.target is not None:
                self._open(item.target)

    def reveal_selected(self) -> None:
        folders = {i.target.parent for i in self.selected() if i.state is DownloadState.DONE and i.target}
        for folder in sorted(folders):
            self._open(folder)

    def _open(self, path: Path) -> None:
        """Open a file or folder with the system's handler, and say so when nothing could."""
        if not open_path(path):
            self._show_problem(
                self.tr("Nothing on this system could open {path}: open it from your file manager.").format(
                    path=str(path)
                )
            )

    def locate_selected(self) -> None:
        done = [i for i in self.selected() if i.state is DownloadState.DONE and i.target is not None]
        if len(done) != 1:
            return
        item = done[0]
        start = str(item.target.parent) if item.target is not None else ""
        path = self.ask_file(item, start)
        if path is not None:
            self.queue.relocate(item.id, path)

    def ask_file(self, item: DownloadItem, start: str) -> Path | None:
        """Where the file is now (None: cancelled). Tests replace this method."""
        from PySide6.QtWidgets import QFileDialog

        caption = self.tr("Where is {title} now?").format(title=item.title)
        kinds = self.tr("{format} files (*.{format});;All files (*)").format(format=item.format)
        chosen, _ = QFileDialog.getOpenFileName(self, caption, start, kinds)
        return Path(chosen) if chosen else None

    def _on_double_click(self, index: QModelIndex) -> None:
        item = index.data(Role.ITEM)
        if isinstance(item, DownloadItem) and item.state is DownloadState.DONE and item.target is not None:
            self._open(item.target)

    def _show_problem(self, message: str) -> None:
        if message and not self.rescan_button.isEnabled():  # the rescan failed (its store): it may be asked again
            self.rescan_button.setEnabled(True)
            self.library_box.hide()
        self.problem_label.setText(message)
        self.problem_label.setVisible(bool(message))

    # -- rescanning the download folder ---------------------------------------------------------------------

    def rescan(self) -> None:
        self.rescan_button.setEnabled(False)
        self.library_box.show()
        self.library_cancel.hide()
        self.library_bar.setRange(0, 0)
        self.library_label.setText(self.tr("Looking through the download folder…"))
        self.queue.rescan()

    def _rescanned(self, summary: RescanSummary) -> None:
        self.rescan_button.setEnabled(True)
        self.library_bar.setRange(0, 1)
        self.library_bar.setValue(1)
        self.library_label.setText(
            self.tr("Rescanned {folder}: {files} audio files; {moved} found at a new place, {added} newly "
                    "recognised, {known} where they were").format(
                folder=str(summary.folder), files=QLocale().toString(summary.files),
                moved=QLocale().toString(summary.moved), added=QLocale().toString(summary.added),
                known=QLocale().toString(summary.known),
            )
        )
        self.library_label.setToolTip(plain_tooltip(str(summary.folder)))

    # -- a library run -------------------------------------------------------------------------------------

    def library_started(self) -> None:
        self.library_box.show()
        self.library_cancel.show()
        self.library_label.setText(self.tr("Reading the library…"))
        self.library_bar.setRange(0, 0)

    def library_progress(self, progress: LibraryProgress) -> None:
        self.library_box.show()
        if progress.found:
            self.library_bar.setRange(0, progress.found)
            self.library_bar.setValue(progress.finished)
        more = "+" if progress.walking else ""
        self.library_label.setText(
            self.tr("Library: {done} of {found}").format(
                done=QLocale().toString(progress.finished), found=QLocale().toString(progress.found) + more
            )
        )

    def library_done(self, summary: LibrarySummary) -> None:
        self.library_bar.setRange(0, 1)
        self.library_bar.setValue(1)
        self.library_cancel.hide()
        text = self.tr("Library: {summary}").format(summary=summary.text())
        if summary.cancelled:
            text = self.tr("Library run stopped: {summary}").format(summary=summary.text())
        self.library_label.setText(text)
        notes = [*summary.warnings, *summary.problems]
        self.library_label.setToolTip(plain_tooltip("\n".join(notes)))
        if summary.problems:
            self._show_problem("\n".join(summary.problems))

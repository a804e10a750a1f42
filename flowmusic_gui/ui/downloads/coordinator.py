"""The app's downloads, coordinated: one queue for the whole window (made after the first paint: it imports the
network code), the Downloads panel docked in the window, "Download clips" for the selection, and a library run."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt, Signal

from flowmusic_gui.ui.messages import MessageBridge

if TYPE_CHECKING:
    from PySide6.QtGui import QAction
    from PySide6.QtWidgets import QMainWindow

    from flowmusic_gui.engine.download_settings import DownloadSettings
    from flowmusic_gui.engine.downloads import DownloadItem, DownloadQueue
    from flowmusic_gui.engine.library import LibraryRun, LibrarySummary
    from flowmusic_gui.engine.tasks import TaskRunner
    from flowmusic_gui.engine.types import JobView
    from flowmusic_gui.ui.downloads.panel import DownloadsPanel
    from flowmusic_gui.ui.options import Options


class DownloadsCoordinator(QObject):
    """``have_token`` says whether a library can be read; ``host`` is the window the panel docks in; ``toggle``
    (the Downloads action, checkable) is checked while the panel is open."""

    panel_made = Signal(object)  # DownloadsPanel: made on first use (the window follows its layout)

    def __init__(
        self,
        host: QMainWindow,
        *,
        options: Options,
        data_dir: Path,
        runner: TaskRunner,
        bridge: MessageBridge,
        have_token: Callable[[], bool],
        toggle: QAction | None = None,
    ) -> None:
        super().__init__(host)
        self._host = host
        self.options = options
        self.data_dir = data_dir
        self.runner = runner
        self.bridge = bridge
        self._have_token = have_token
        self._toggle = toggle
        self.closed = False
        self._queue: DownloadQueue | None = None
        self._panel: DownloadsPanel | None = None
        self._library_run: LibraryRun | None = None

    def settings(self) -> DownloadSettings:
        from flowmusic_gui.ui.downloads.settings import download_settings

        return download_settings(self.options)

    def folder(self) -> Path:
        return self.settings().folder

    @property
    def queue(self) -> DownloadQueue:
        """The app's downloads queue, made on first use."""
        if self._queue is None:
            from flowmusic_gui.core.store import JobStore
            from flowmusic_gui.engine.downloads import DownloadQueue

            self._queue = DownloadQueue(
                self.data_dir / JobStore.FILENAME, client=None, settings=self.settings, runner=self.runner,
                parent=self,
            )
            self._queue.planned.connect(self._on_planned)
        return self._queue

    def existing_queue(self) -> DownloadQueue | None:
        return self._queue

    @property
    def panel(self) -> DownloadsPanel:
        if self._panel is None:
            from flowmusic_gui.ui.downloads.panel import DownloadsPanel

            panel = DownloadsPanel(self.queue, self._host)
            panel.library_requested.connect(self.download_library)
            panel.library_cancel.clicked.connect(self._stop_library)
            self._host.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, panel)
            self._panel = panel
            toggle = self._toggle
            if toggle is not None:  # the check mark follows the panel, however it is opened or closed
                panel.visibilityChanged.connect(lambda shown: toggle.setChecked(bool(shown) or not panel.isHidden()))
            self.panel_made.emit(panel)
        return self._panel

    def existing_panel(self) -> DownloadsPanel | None:
        return self._panel

    def show_panel(self) -> None:
        panel = self.panel
        panel.show()
        panel.raise_()
        if self._toggle is not None:
            self._toggle.setChecked(True)

    def toggle_panel(self) -> None:
        """Ctrl+J: the panel opens, and closes again."""
        panel = self._panel
        if panel is not None and not panel.isHidden():
            panel.hide()
            if self._toggle is not None:
                self._toggle.setChecked(False)
        else:
            self.show_panel()

    def _on_planned(self, _batch: int, items: tuple[DownloadItem, ...]) -> None:
        if items and not self.closed:
            self.show_panel()

    def kept_only(self) -> bool:
        """Whether Download clips and Download all WAVs fetch only the takes starred as keepers."""
        from flowmusic_gui.ui import options as opt

        return bool(self.options.get(opt.DOWNLOAD_KEPT_ONLY))

    def set_kept_only(self, on: bool) -> None:
        from flowmusic_gui.ui import options as opt

        self.options.set(opt.DOWNLOAD_KEPT_ONLY, bool(on))

    def with_kept_takes(self, views: list[JobView]) -> list[JobView]:
        """The jobs among ``views`` with a kept take; the others are named in the status bar (nothing of theirs
        is downloaded while "Kept takes only" is on)."""
        kept = [view for view in views if view.kept]
        left_out = len(views) - len(kept)
        if not kept:
            self.bridge.status(self.tr(
                "No kept takes in the selection: star the takes to keep in the detail view, or turn off "
                "Jobs → Kept takes only."), 8000)
        elif left_out:
            self.bridge.status(self.tr(
                "%n job(s) without a kept take skipped (Kept takes only).", "", left_out), 8000)
        return kept

    def download_jobs(self, views: list[JobView]) -> None:
        """Every clip of the completed jobs among ``views`` (only the kept takes, with "Kept takes only"), in
        the default format."""
        from flowmusic_gui.core.states import JobState
        from flowmusic_gui.core.track import tracks_from_record
        from flowmusic_gui.engine.downloads import DownloadRequest

        kept_only = self.kept_only()
        finished = [v for v in views if v.record is not None and v.state is JobState.COMPLETED]
        if kept_only and finished:
            finished = self.with_kept_takes(finished)
            if not finished:
                return
        settings = self.settings()
        wanted = [
            DownloadRequest(track, settings.format)
            for view in finished if view.record is not None
            for track in tracks_from_record(view.record)
            if not kept_only or view.is_kept(track.clip_id)
        ]  # fmt: skip
        if wanted:
            self.queue.add(wanted, settings)
        else:
            self.bridge.status(self.tr("No finished clips in the selection."), 5000)

    def download_library(self) -> None:
        """File → Download my library…: every clip of every account on the token, as tagged mp3s."""
        if self._library_run is not None and self._library_run.running:
            self.show_panel()
            return
        client = self.queue.client
        if client is None or not self._have_token():
            self.bridge.status(self.tr("Set the API token first: the library is read with it."), 8000)
            return
        from flowmusic_gui.engine.library import LibraryRun

        run = LibraryRun(client, self.queue, self.runner, settings=self.settings(), parent=self)
        panel = self.panel
        run.progress.connect(panel.library_progress)
        run.done.connect(panel.library_done)
        run.done.connect(self._on_library_done)
        self._library_run = run
        panel.library_started()
        self.show_panel()
        run.start()

    def _stop_library(self) -> None:
        if self._library_run is not None:
            self._library_run.cancel()

    def _on_library_done(self, summary: LibrarySummary) -> None:
        self.bridge.status(self.tr("Library: {summary}").format(summary=summary.text()), 15000)

    def shutdown(self) -> None:
        """Cut transfers (partial files stay, to resume) before the backend closes the client they use."""
        self.closed = True
        if self._library_run is not None:
            self._library_run.cancel_walk()
        if self._queue is not None:
            self._queue.shutdown()

    def close_store(self) -> None:
        if self._queue is not None:
            self._queue.close_store()

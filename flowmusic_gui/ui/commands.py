"""What the row actions do to the selected jobs (copy, open, download, re-check, cancel, remove), the table's
context menu, and what the detail pane shows for the selection: one job, or a summary of many."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject
from PySide6.QtGui import QGuiApplication

from flowmusic_gui.ui import links
from flowmusic_gui.ui.actions import WindowActions, on
from flowmusic_gui.ui.messages import MessageBridge
from flowmusic_gui.ui.selection import Selection

if TYPE_CHECKING:
    from PySide6.QtCore import QModelIndex, QPoint
    from PySide6.QtWidgets import QMenu

    from flowmusic_gui.engine.types import JobView
    from flowmusic_gui.ui.accounts.controller import AccountsController
    from flowmusic_gui.ui.controller import WindowController
    from flowmusic_gui.ui.detail.pane import DetailPane
    from flowmusic_gui.ui.downloads.coordinator import DownloadsCoordinator
    from flowmusic_gui.ui.jobs.table import JobsTable


class SelectionCommands(QObject):
    """Connects the row actions to what they do; ``detail`` builds the pane when first asked for."""

    def __init__(
        self,
        selection: Selection,
        actions: WindowActions,
        table: JobsTable,
        *,
        bridge: MessageBridge,
        controller: WindowController,
        downloads: DownloadsCoordinator,
        detail: Callable[[], DetailPane],
        accounts: Callable[[], AccountsController | None],
    ) -> None:
        super().__init__(table)
        self.selection, self.actions, self.table, self.bridge = selection, actions, table, bridge
        self.controller, self.downloads = controller, downloads
        self._detail, self._accounts = detail, accounts
        #: The window's studio (ui/studio/controller.py), once attached: queued rows are dropped through it.
        self.studio: Callable[[], Any] = lambda: None
        self.detail_job: JobView | None = None  # the job the pane shows (None: the hint or the summary)
        self._summary_shown = False
        a = actions
        on(a.act_recheck, self.recheck_selected)
        on(a.act_remove, self.remove_selected)
        on(a.act_cancel, self.cancel_selected)
        on(a.act_copy_id, self.copy_jobids)
        on(a.act_copy_json, self.copy_json)
        on(a.act_open_audio, lambda: self.open_first_clip("audio"))
        on(a.act_open_wav, lambda: self.open_first_clip("wav"))
        on(a.act_download_wavs, self.download_selected_wavs)
        on(a.act_download_jobs, self.download_selected_jobs)
        a.act_kept_only.setChecked(downloads.kept_only())
        a.act_kept_only.toggled.connect(downloads.set_kept_only)
        table.customContextMenuRequested.connect(self._context_menu)
        table.doubleClicked.connect(self._on_double_click)
        selection.changed.connect(self._on_selection_changed)
        selection.current_changed.connect(self.show_current)

    def update_actions(self) -> None:
        self.actions.update_for(self.selection)
        # The same choice is in Settings: the menu shows what it says now (a read of the settings in memory).
        kept_only = self.downloads.kept_only()
        if self.actions.act_kept_only.isChecked() != kept_only:
            self.actions.act_kept_only.setChecked(kept_only)

    def _on_selection_changed(self) -> None:
        self.update_actions()
        self.show_current()

    def show_current(self) -> None:
        """The pane follows the selection: a summary for many jobs, else the current one."""
        count = self.selection.selected_count()
        if count > 1:
            self.detail_job = None
            self._detail().show_summary(self.selection.summary(count), self.actions.summary_actions())
            self._summary_shown = True
            return
        view = self.selection.current_view()
        if self._summary_shown:
            self._summary_shown = False
            if view is None:
                self._detail().set_job(None)
                return
        if view is None and self.detail_job is None:
            return
        if view is not None and self.detail_job is not None and view is self.detail_job:
            return
        self.detail_job = view
        self._detail().set_job(view)

    def job_updated(self, view: JobView) -> None:
        """A row took a change: the pane shows it if it is the job shown; the actions follow a selected one."""
        shown = self.detail_job
        if shown is not None and shown.jobid == view.jobid:
            self._detail().set_job(view)
        # The actions were worked out when the row was selected: a job that finished since has clips to download
        # and open now, and one that just ended can no longer be cancelled.
        if self.selection.is_selected(view.jobid) or (view.is_terminal and self.actions.act_cancel.isEnabled()):
            self.update_actions()

    def _context_menu(self, pos: QPoint) -> None:
        self.selection.select_row_at(self.table.indexAt(pos))
        self.update_actions()
        menu = self.build_context_menu()
        menu.exec(self.table.viewport().mapToGlobal(pos))
        menu.deleteLater()

    def build_context_menu(self) -> QMenu:
        from PySide6.QtWidgets import QMenu

        menu = QMenu(self.table)
        if not self.selection.selected_count():
            menu.addAction(self.actions.act_add)
            menu.addAction(self.actions.act_paste)
            return menu
        for action in self.actions.row_actions():
            menu.addAction(action) if action is not None else menu.addSeparator()
        return menu

    def _on_double_click(self, _index: QModelIndex) -> None:
        if self.actions.act_open_audio.isEnabled():
            self.open_first_clip("audio")

    def copy_jobids(self) -> None:
        ids = self.selection.selected_jobids()
        if ids:
            QGuiApplication.clipboard().setText("\n".join(ids))
            self.bridge.status(self.tr("Copied %Ln job id(s)", "", len(ids)), 4000)

    def copy_json(self) -> None:
        """The API's record verbatim (a list when several jobs are selected)."""
        records = [v.record.raw_dict() for v in self.selection.iter_selected_views() if v.record is not None]
        if not records:
            return
        payload = records[0] if len(records) == 1 else records
        import json

        QGuiApplication.clipboard().setText(json.dumps(payload, indent=2, ensure_ascii=False))
        self.bridge.status(self.tr("Copied %Ln record(s) as JSON", "", len(records)), 4000)

    def download_selected_wavs(self) -> None:
        views = [v for v in self.selection.iter_selected_views() if v.clip_count]
        if views and self.downloads.kept_only():
            views = self.downloads.with_kept_takes(views)
        if views:
            self._detail().download_all_wavs(views, kept_only=self.downloads.kept_only())

    def download_selected_jobs(self) -> None:
        self.downloads.download_jobs(self.selection.selected_views())

    def recheck_selected(self) -> None:
        self.controller.recheck(self.selection.selected_jobids())

    def cancel_selected(self) -> None:
        """Cancel the selected pending jobs, after one confirmation (see ui.dialogs.cancel.CancelConfirm)."""
        views = self.selection.selected_views()
        studio = self.studio()
        refs = [v.submission.ref for v in views if v.submission is not None]
        if refs and studio is not None:
            studio.drop(refs)  # a queued song leaves the queue: nothing was spent on it
        accounts = self._accounts()
        jobs = [v for v in views if v.submission is None]
        if jobs and accounts is not None:
            accounts.cancel(jobs)

    def remove_selected(self) -> None:
        ids = self.selection.selected_jobids()
        studio = self.studio()
        refs = [j.removeprefix("queued:") for j in ids if j.startswith("queued:")]
        if refs and studio is not None:
            studio.drop(refs)  # a queued song leaves the queue: nothing was sent for it
        jobs = [j for j in ids if not j.startswith("queued:")]
        if jobs:
            self.controller.remove(jobs)

    def open_first_clip(self, kind: str) -> None:
        views = self.selection.selected_views()
        if len(views) != 1 or views[0].record is None or not views[0].record.clips:
            return
        clip = views[0].record.clips[0]
        if not links.open_url(clip.audio_url if kind == "audio" else clip.wav_url):
            # Nothing opens it (no player for the link, or no http(s) link at all): say so, and what to do.
            self.bridge.notice(self.tr(
                "Nothing on this system could open the clip's link: copy it, or download the clip."
            ))

"""What the window's commands do beyond its widgets: the token flow, adding and removing jobs (with Undo), and
applying changed settings. The window owns the widgets and calls in here; this asks the window to show things.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from typing import TYPE_CHECKING

from flowmusic_gui.ui import options as opt
from flowmusic_gui.ui.i18n import Words, rejected_reason

if TYPE_CHECKING:
    from PySide6.QtWidgets import QWidget

    from flowmusic_gui.core.credentials import TokenLookup
    from flowmusic_gui.core.jobids import Extraction
    from flowmusic_gui.engine.types import JobView
    from flowmusic_gui.ui.backend import Backend
    from flowmusic_gui.ui.main_window import MainWindow

log = logging.getLogger(__name__)

CONFIRM_REMOVE_ABOVE = 5


class WindowController(Words):
    """One per window. ``attach(backend)`` once the backend exists; every other method is a user command."""

    def __init__(self, window: MainWindow) -> None:
        self.window = window
        self.backend: Backend | None = None
        self.have_token = False
        self.loaded = False  # the tracker's first jobs_loaded reached the table
        self._pending_ids: list[str] = []
        self._undo: list[JobView] = []

    # -- the token --------------------------------------------------------------------------------------

    def attach(self, backend: Backend, *, start: bool = True) -> None:
        """Look the token up off the GUI thread, then start polling."""
        self.backend = backend
        backend.tracker.auth_failed.connect(self._on_auth_failed)
        if start:
            self.window.statusBar().showMessage(self.tr("Loading…"))
            self.window.background.run(
                backend.lookup_token, name="look up the API token",
                on_success=self._on_token_looked_up, on_failure=self._on_token_lookup_failed,
            )

    def _on_token_looked_up(self, lookup: TokenLookup) -> None:
        if self.backend is None or self.window.closed:
            return
        self.apply_token(lookup)
        self.backend.tracker.start()

    def _on_token_lookup_failed(self, exc: BaseException) -> None:
        log.warning("token lookup failed: %s", type(exc).__name__)
        if self.backend is None or self.window.closed:
            return
        detail = self.tr("The keyring could not be read ({error}).")
        detail = detail.format(error=type(exc).__name__)
        self._show_token_banner(first_run=True, detail=detail)
        self.backend.tracker.start()

    def apply_token(self, lookup: TokenLookup) -> None:
        """Use the token this lookup found, or ask for one (saying what is wrong with one that is set)."""
        from flowmusic_gui.core.credentials import TokenSource, no_token_message
        from flowmusic_gui.ui.logging_setup import REDACTOR

        assert self.backend is not None
        REDACTOR.add_secret(lookup.token)
        self.backend.use_token(lookup.token)
        self.have_token = bool(lookup.token)
        if not lookup.token:
            # A token that is set but unusable is named, the same way the command line names it.
            if lookup.problem:
                self._show_token_banner(text=no_token_message(lookup))
            else:
                self._show_token_banner(first_run=True)
            return
        if self.window.accounts is not None:
            self.window.accounts.start()  # the accounts view and the status bar's summary, once a token is set
        banner = self.window.existing_banner()
        if banner is not None:
            banner.dismiss()
        if lookup.source is TokenSource.SESSION and not self.window.demo:
            self.window.show_notice(
                self.tr("Token {where}.").format(where=lookup.message)
            )

    def _show_token_banner(self, *, first_run: bool = True, detail: str = "", text: str = "") -> None:
        """The banner asking for a token; ``text`` replaces its whole sentence."""
        if not text:
            text = (
                self.tr("Set your API token to start watching jobs.")
                if first_run
                else self.tr(
                    "The API token was rejected: polling waits until you set a working one."
                )
            )
        if detail:
            text = f"{text} {detail}"
        set_token = self.tr("Set token…")
        self.window.banner.show_message(text, action=(set_token, self.open_token_dialog), closable=False)

    def _on_auth_failed(self, message: str) -> None:
        # Without any token a 401 is the expected first-run answer, not a rejection.
        self._show_token_banner(first_run=not self.have_token)
        log.info("API token rejected: polling paused")

    def open_token_dialog(self) -> None:
        from flowmusic_gui.ui.dialogs.token import TokenDialog

        backend = self.backend
        if backend is None:
            return
        note = ""
        if self.window.demo:
            note = self.tr("Demo mode: the token is kept for this session only.")
        lookup = TokenDialog.ask(
            self.window, checker=backend.check_token, saver=backend.save_token, note=note,
            runner=self.window.runner,
        )
        if lookup is None:
            return
        self.apply_token(lookup)
        if lookup.token:
            saved = self.tr("Token saved: polling resumes")
            self.window.statusBar().showMessage(saved, 5000)

    # -- settings ---------------------------------------------------------------------------------------

    def open_settings(self) -> None:
        from flowmusic_gui.ui.dialogs.settings import SettingsDialog

        options = self.window.options
        change = SettingsDialog.ask(self.window, options)
        if change is not None and change.language:
            self.window.show_notice(
                self.tr("The new language applies at the next start.")
            )
        if change is not None and change.autostart:
            self.window.apply_autostart(options.get(opt.AUTOSTART))
        if change is None or self.backend is None:
            return
        if change.polling:
            self.backend.tracker.set_config(opt.policy_config(options))
        if change.api_base:
            self.backend.set_api_base(opt.api_base(options))
        if change.discover:
            self.window.no_discover = False  # a choice made now outlasts --no-discover
            self.backend.tracker.set_discover(options.get(opt.DISCOVER))

    # -- adding jobs ------------------------------------------------------------------------------------

    def jobs_loaded(self) -> None:
        """The table holds the stored jobs: add what arrived before it did."""
        self.loaded = True
        if self._pending_ids:
            ids, self._pending_ids = self._pending_ids, []
            self.add_ids(ids, source=self.tr("the command line"))

    def add_ids(self, jobids: Iterable[str], *, source: str = "") -> int:
        """Track these ids (validated again here); returns how many were new."""
        from flowmusic_gui.core.jobids import extract_jobids  # its patterns compile on import

        return self.add_extraction(extract_jobids("\n".join(jobids)), source=source)

    def add_text(self, text: str, *, source: str = "") -> int:
        from flowmusic_gui.core.jobids import extract_jobids

        source = source or self.tr("the clipboard")
        return self.add_extraction(extract_jobids(text), source=source)

    def add_extraction(self, found: Extraction, *, source: str = "", extra_problems: Iterable[str] = ()) -> int:
        problems = list(extra_problems)
        if self.backend is None or not self.loaded:
            # The tracker is not running yet (start-up): keep the ids until it is.
            self._pending_ids.extend(found.ids)
            added, already = len(found.ids), 0
        else:
            result = self.backend.tracker.add(found.ids)
            added, already = len(result.added), len(result.already)
            if result.added:
                self.window.select_jobids(list(result.added[:1]))
        parts = []
        if added:
            parts.append(self.tr("Added %Ln job(s)", "", added))
        if already:
            parts.append(self.tr("%Ln already tracked", "", already))
        if not added and not already:
            parts.append(
                self.tr("No job id found in {source}").format(source=source)
                if source
                else self.tr("No job id found")
            )
        rejected = [f"{r.piece} — {rejected_reason(r)}" for r in found.rejected] + problems
        if rejected:
            refused = self.tr(
                "%Ln piece(s) rejected: {first}", "", len(rejected)
            )
            parts.append(refused.format(first=rejected[0]))
        text = self.tr("{parts}.").format(parts="; ".join(parts))
        tooltip = "\n".join(rejected[:50])
        self.window.show_notice(text, tooltip=tooltip)
        return added

    def open_add_dialog(self) -> None:
        from flowmusic_gui.ui.dialogs.add_jobs import AddJobsDialog  # not needed for the first paint

        ids = AddJobsDialog.ask(self.window)
        if ids:
            self.add_ids(ids, source=self.tr("the dialog"))

    # -- removing, with Undo ----------------------------------------------------------------------------

    @classmethod
    def confirm_remove(cls, parent: QWidget, count: int) -> bool:
        """Ask before removing many jobs. Tests replace this method."""
        from PySide6.QtWidgets import QMessageBox

        answer = QMessageBox.question(
            parent,
            WindowController.tr("Remove jobs"),
            WindowController.tr(
                "Stop tracking %Ln job(s)? Their records are removed from this computer.", "", count
            ),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        return answer == QMessageBox.StandardButton.Yes

    def remove(self, ids: list[str]) -> None:
        if not ids or self.backend is None:
            return
        if len(ids) > CONFIRM_REMOVE_ABOVE and not self.confirm_remove(self.window, len(ids)):
            return
        removed = self.backend.tracker.remove(ids)
        if not removed:
            return
        self._undo = list(removed)
        self.window.show_notice(
            self.tr("Removed %Ln job(s).", "", len(removed)),
            action=(self.tr("Undo"), self.undo_remove),
        )

    def undo_remove(self) -> None:
        views, self._undo = self._undo, []
        if views and self.backend is not None:
            self.backend.tracker.restore(views)
            self.window.select_jobids([v.jobid for v in views])
            restored = self.tr("Restored %Ln job(s)", "", len(views))
            self.window.statusBar().showMessage(restored, 4000)

    def recheck(self, jobids: list[str]) -> None:
        if not jobids or self.backend is None:
            return
        self.backend.tracker.recheck(jobids)
        rechecking = self.tr("Re-checking %Ln job(s)…", "", len(jobids))
        self.window.statusBar().showMessage(rechecking, 4000)

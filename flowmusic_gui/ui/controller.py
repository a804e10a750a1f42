"""What the window's commands do beyond its widgets: the token flow, adding and removing jobs (with Undo), and
applying changed settings. It is given the parts it acts on (the model, the selection, the filters, the notices,
the status bar) and reports through the message bridge; it never reaches for the window.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QTimer

from flowmusic_gui.ui import options as opt
from flowmusic_gui.ui.i18n import Words, rejected_reason

if TYPE_CHECKING:
    from PySide6.QtWidgets import QWidget

    from flowmusic_gui.core.credentials import TokenLookup
    from flowmusic_gui.core.jobids import Extraction
    from flowmusic_gui.engine.tasks import TaskRunner, TaskScope
    from flowmusic_gui.engine.types import JobView
    from flowmusic_gui.ui.accounts.controller import AccountsController
    from flowmusic_gui.ui.backend import Backend
    from flowmusic_gui.ui.jobs.filter_bar import FilterBar
    from flowmusic_gui.ui.jobs.model import JobsModel
    from flowmusic_gui.ui.messages import MessageBridge
    from flowmusic_gui.ui.notices import NoticeArea
    from flowmusic_gui.ui.options import Options
    from flowmusic_gui.ui.selection import Selection
    from flowmusic_gui.ui.status_bar import WindowStatus

log = logging.getLogger(__name__)

CONFIRM_REMOVE_ABOVE = 5
#: Up to this many new ids, the first is selected (and shown) in the paste's own turn; after a longer paste, a turn
#: later (the paste's turn has 10,000 ids to read and check).
SELECT_AT_ONCE = 500


def plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


class TokenText(Words):
    """Where the token comes from, in the status bar and the token dialog."""


def session_only_message() -> str:
    return TokenText.tr(
        "No keyring is available: your API token is kept only until the app closes. To keep it, run a "
        "keyring service (GNOME Keyring, KWallet or KeePassXC) and set the token again, or set "
        "FLOWMUSIC_API_TOKEN in your environment."
    )


def token_source_text(lookup: TokenLookup | None, *, demo: bool = False) -> str:
    """Where the token in use comes from, in a few words for the status bar."""
    from flowmusic_gui.core.credentials import TokenSource

    if lookup is None:
        return ""
    if demo:
        return TokenText.tr("Token: demo")
    if not lookup.token:
        return TokenText.tr("No token")
    return {
        TokenSource.KEYRING: TokenText.tr("Token: keyring"),
        TokenSource.ENV: TokenText.tr("Token: environment"),
        TokenSource.SESSION: TokenText.tr("Token: this session only"),
    }.get(lookup.source, TokenText.tr("No token"))


def token_state_sentence(lookup: TokenLookup | None, *, demo: bool = False) -> str:
    """The token dialog's sentence about the token in use: set or not, and from where (never the token)."""
    from flowmusic_gui.core.credentials import ENV_VAR, TokenSource

    if demo:
        return TokenText.tr("Demo mode: the token is kept for this session only.")
    if lookup is None:
        return ""
    if not lookup.token:
        return TokenText.tr("No token is set.") + (f" {lookup.problem}." if lookup.problem else "")
    if lookup.source is TokenSource.KEYRING:
        return TokenText.tr("A token is set, saved in the system keyring. Save another to replace it.")
    if lookup.source is TokenSource.ENV:
        return TokenText.tr("A token is set by %1, which takes precedence over one saved here.").replace("%1", ENV_VAR)
    return TokenText.tr(
        "A token is set for this session only: no keyring is available, so it goes when the app closes."
    )


class WindowController(Words):
    """One per window. ``attach(backend)`` once the backend exists; every other method is a user command.

    ``parent`` is the widget its dialogs belong to; ``accounts`` is set once the backend is attached.
    """

    def __init__(
        self,
        parent: QWidget,
        *,
        options: Options,
        model: JobsModel,
        bridge: MessageBridge,
        background: TaskScope,
        runner: TaskRunner,
        selection: Selection,
        filters: FilterBar,
        notices: NoticeArea,
        status: WindowStatus,
        demo: bool = False,
    ) -> None:
        self.parent, self.options, self.model, self.bridge = parent, options, model, bridge
        self.background, self.runner, self.selection, self.filters = background, runner, selection, filters
        self.notices, self.status, self.demo = notices, status, demo
        self.accounts: AccountsController | None = None
        self.closed = False
        #: ``flowmusic-gui --no-discover``: this session takes in no job found on the account, whatever the setting.
        self.no_discover = False
        self.backend: Backend | None = None
        self.have_token = False
        self.token_lookup: TokenLookup | None = None
        self.loaded = False  # the tracker's first jobs_loaded reached the table
        #: The window's studio (ui/studio/controller.py), started once a token is set.
        self.studio: Any = None
        self._pending_ids: list[str] = []
        self._undo: list[JobView] = []

    # -- the token --------------------------------------------------------------------------------------

    def attach(self, backend: Backend, *, start: bool = True) -> None:
        """Look the token up off the GUI thread, then start polling."""
        self.backend = backend
        backend.tracker.auth_failed.connect(self._on_auth_failed)
        if start:
            self.bridge.status(self.tr("Loading…"))
            self.background.run(
                backend.lookup_token, name="look up the API token",
                on_success=self._on_token_looked_up, on_failure=self._on_token_lookup_failed,
            )

    def _on_token_looked_up(self, lookup: TokenLookup) -> None:
        if self.backend is None or self.closed:
            return
        self.apply_token(lookup)
        self.backend.tracker.start()

    def _on_token_lookup_failed(self, exc: BaseException) -> None:
        log.warning("token lookup failed: %s", type(exc).__name__)
        if self.backend is None or self.closed:
            return
        from flowmusic_gui.core.credentials import TokenLookup, TokenSource

        self.token_lookup = TokenLookup(None, TokenSource.NONE, "the keyring could not be read")
        self.status.show_token_source(self.token_lookup)
        self.model.set_waiting_for_token(True)
        detail = self.tr("The keyring could not be read ({error}).").format(error=type(exc).__name__)
        self._show_token_banner(first_run=True, detail=detail)
        self.backend.tracker.start()

    def apply_token(self, lookup: TokenLookup) -> None:
        """Use the token this lookup found, or ask for one (saying what is wrong with one that is set)."""
        from flowmusic_gui.core.credentials import TokenSource, no_token_message
        from flowmusic_gui.ui.logging_setup import REDACTOR
        from flowmusic_gui.ui.text import plain_tooltip

        assert self.backend is not None
        REDACTOR.add_secret(lookup.token)
        self.backend.use_token(lookup.token)
        self.have_token = bool(lookup.token)
        self.token_lookup = lookup
        self.status.show_token_source(lookup, demo=self.demo)
        self.model.set_waiting_for_token(not lookup.token)
        if not lookup.token:
            # A token that is set but unusable is named, the same way the command line names it.
            if lookup.problem:
                self._show_token_banner(text=no_token_message(lookup))
            else:
                self._show_token_banner(first_run=True)
            return
        if self.accounts is not None:
            self.accounts.start()  # the accounts view and the status bar's summary, once a token is set
        studio = self.studio
        if studio is not None:
            studio.start()  # the submission queue: no request goes out before a token is set
        if lookup.source is TokenSource.SESSION and not self.demo:
            # Said for as long as it is true: the token goes when the app closes.
            self.notices.banner.show_message(session_only_message(), closable=False)
            self.notices.banner.setToolTip(plain_tooltip(self.tr("The token is {where}.").format(where=lookup.message)))
            return
        banner = self.notices.existing_banner()
        if banner is not None:
            banner.dismiss()

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
        self.notices.banner.show_message(text, action=(set_token, self.open_token_dialog), closable=False)

    def _on_auth_failed(self, message: str) -> None:
        # Without any token a 401 is the expected first-run answer, not a rejection.
        self._show_token_banner(first_run=not self.have_token)
        log.info("API token rejected: polling paused")

    def open_token_dialog(self) -> None:
        from flowmusic_gui.ui.dialogs.token import TokenDialog

        backend = self.backend
        if backend is None:
            return
        note = token_state_sentence(self.token_lookup, demo=self.demo)
        lookup = TokenDialog.ask(
            self.parent, checker=backend.check_token, saver=backend.save_token, note=note,
            runner=self.runner,
        )
        if lookup is None:
            return
        self.apply_token(lookup)
        if lookup.token:
            from flowmusic_gui.core.credentials import TokenSource

            # Only a token the keyring holds was saved; any other is in use until the app closes.
            saved = lookup.source is TokenSource.KEYRING
            self.bridge.status(
                self.tr("Token saved in the system keyring: polling resumes") if saved
                else self.tr("Token in use until the app closes: polling resumes"),
                5000,
            )

    # -- settings ---------------------------------------------------------------------------------------

    def open_settings(self) -> None:
        from flowmusic_gui.ui.dialogs.settings import SettingsDialog

        options = self.options
        change = SettingsDialog.ask(self.parent, options)
        if change is not None and change.language:
            code = options.get(opt.LANGUAGE)
            if self.demo and code:
                # The demo keeps its settings in a folder it deletes at quit: "the next start" would not know.
                from flowmusic_gui.ui.i18n import LANGUAGE_NAMES

                self.bridge.notice(
                    self.tr(
                        "The demo forgets its settings when it closes, so it will not start in {language}. "
                        "To see the demo in {language}, start it with LANGUAGE={code} flowmusic-gui --demo."
                    ).format(language=LANGUAGE_NAMES.get(code, code), code=code)
                )
            elif self.demo:
                self.bridge.notice(
                    self.tr("The demo forgets its settings when it closes: it starts in the system language.")
                )
            else:
                self.bridge.notice(self.tr("The new language applies at the next start."))
        if change is not None and change.autostart:
            self.apply_autostart(options.get(opt.AUTOSTART))
        if change is None or self.backend is None:
            return
        if change.polling:
            self.backend.tracker.set_config(opt.policy_config(options))
        if change.api_base:
            self.backend.set_api_base(opt.api_base(options))
        if change.discover:
            self.no_discover = False  # a choice made now outlasts --no-discover
            self.backend.tracker.set_discover(options.get(opt.DISCOVER))

    def apply_autostart(self, enabled: bool) -> None:
        """Write or remove the autostart entry off the GUI thread; a problem is shown."""
        from flowmusic_gui.ui.desktop import autostart

        def done(problem: str) -> None:
            if problem:
                self.bridge.notice(problem)

        def failed(exc: BaseException) -> None:
            self.bridge.notice(
                self.tr("Could not change the autostart entry ({error}).").format(error=type(exc).__name__)
            )

        self.background.run(lambda: autostart.set_enabled(enabled), name="autostart", on_success=done,
                            on_failure=failed)  # fmt: skip

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

    def _select_added(self, jobids: list[str]) -> None:
        if not self.closed:
            self.selection.select_jobids(jobids)

    def add_text(self, text: str, *, source: str = "") -> int:
        from flowmusic_gui.core.jobids import extract_jobids

        source = source or self.tr("the clipboard")
        return self.add_extraction(extract_jobids(text), source=source)

    def add_extraction(self, found: Extraction, *, source: str = "", extra_problems: Iterable[str] = ()) -> int:
        problems = list(extra_problems)
        hidden = 0
        deferred = 0
        if self.backend is None or not self.loaded:
            # The tracker is not running yet (start-up): keep the ids until it is. They are announced once, when
            # jobs_loaded hands them to it (only then is it known which were new).
            self._pending_ids.extend(found.ids)
            added, already, deferred = 0, 0, len(found.ids)
        else:
            result = self.backend.tracker.add(found.ids)
            added, already = len(result.added), len(result.already)
            hidden = self.selection.hidden_by_filter(list(result.added)) if result.added else 0
            if result.added:
                first = list(result.added[:1])
                if len(result.added) <= SELECT_AT_ONCE:
                    self.selection.select_jobids(first)
                else:  # a long paste: the detail pane shows the first job a turn later, not in the paste's turn
                    QTimer.singleShot(0, self.selection, lambda: self._select_added(first))
        parts = []
        if added:
            parts.append(self.tr("Added %Ln job(s)", "", added))
        if already:
            parts.append(self.tr("%Ln already tracked", "", already))
        if not added and not already and not deferred:
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
        if not parts:
            return deferred  # nothing to say before the ids are taken in
        action = None
        if hidden:
            parts.append(self.tr("%n hidden by the current filter", "", hidden))
            action = (self.tr("Show all"), self.filters.show_all)
        text = self.tr("{parts}.").format(parts="; ".join(parts))
        tooltip = "\n".join(rejected[:50])
        self.bridge.notice(text, tooltip=tooltip, action=action)
        return added + deferred

    def open_add_dialog(self) -> None:
        from flowmusic_gui.ui.dialogs.add_jobs import AddJobsDialog  # not needed for the first paint

        ids = AddJobsDialog.ask(self.parent)
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
        if len(ids) > CONFIRM_REMOVE_ABOVE and not self.confirm_remove(self.parent, len(ids)):
            return
        removed = self.backend.tracker.remove(ids)
        if not removed:
            return
        self._undo = list(removed)
        self.bridge.notice(
            self.tr("Removed %Ln job(s).", "", len(removed)),
            action=(self.tr("Undo"), self.undo_remove),
        )

    def undo_remove(self) -> None:
        views, self._undo = self._undo, []
        if views and self.backend is not None:
            self.backend.tracker.restore(views)
            self.selection.select_jobids([v.jobid for v in views])
            restored = self.tr("Restored %Ln job(s)", "", len(views))
            self.bridge.status(restored, 4000)

    def recheck(self, jobids: list[str]) -> None:
        if self.backend is not None and self.token_lookup is not None and not self.have_token:
            self.open_token_dialog()  # nothing can be checked without a token: ask for one
            return
        if not jobids or self.backend is None:
            return
        self.backend.tracker.recheck(jobids)
        rechecking = self.tr("Re-checking %Ln job(s)…", "", len(jobids))
        self.bridge.status(rechecking, 4000)

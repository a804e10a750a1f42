"""What the window does about the account as a whole: cancelling jobs, the accounts view and the status bar's
summary, jobs found on the account, and an account in the error state (named once, with what fixes it).

The window builds one of these in ``attach`` and hands it the tracker, the runner, the message bridge and the
status bar its button goes in; the window's own code only adds the "Cancel job" action this carries out.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt
from PySide6.QtWidgets import QToolButton

from flowmusic_gui.engine.accounts import AccountsMonitor
from flowmusic_gui.engine.types import AccountNotice, CancelResult, JobView
from flowmusic_gui.ui.accounts.view import AccountsDialog, remedy_text, summary_text
from flowmusic_gui.ui.dialogs.cancel import CancelConfirm
from flowmusic_gui.ui.text import plain_tooltip

if TYPE_CHECKING:
    from PySide6.QtWidgets import QStatusBar, QWidget

    from flowmusic_gui.engine.tasks import TaskRunner
    from flowmusic_gui.engine.tracker import Tracker
    from flowmusic_gui.ui.messages import MessageBridge

log = logging.getLogger(__name__)


class AccountsController(QObject):
    """Cancel, accounts view, discovery notices and account errors for one window and its tracker."""

    def __init__(
        self,
        parent: QWidget,
        tracker: Tracker,
        *,
        runner: TaskRunner,
        bridge: MessageBridge,
        status_bar: QStatusBar,
        monitor: AccountsMonitor | None = None,
    ) -> None:
        super().__init__(parent)
        self.parent_widget = parent
        self.bridge = bridge
        self.tracker = tracker
        self.monitor = monitor or AccountsMonitor(
            lambda: tracker.client, runner, self,
            health=lambda email, healthy, message: tracker.account_health(email, healthy=healthy, message=message),
        )
        self.dialog: AccountsDialog | None = None
        self._said_failing: set[str] = set()
        self._cancel_failures: list[str] = []
        self._cancelling: set[str] = set()  # asked to cancel, no answer yet
        self._cancelling_text = ""  # the status bar's "Cancelling…" while it stands
        self.status_bar = status_bar
        self.button = QToolButton(parent)
        self.button.setObjectName("accountsButton")
        self.button.setAutoRaise(True)
        self.button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self.button.setText(self.tr("Accounts"))
        self.button.setToolTip(self.tr("The accounts on your token: running jobs, credits and health"))
        self.button.setAccessibleName(self.tr("Accounts"))
        self.button.clicked.connect(self.open_accounts)
        status_bar.insertPermanentWidget(0, self.button)
        tracker.jobs_discovered.connect(self._on_discovered)
        tracker.discovered_gone.connect(self._on_discovered_gone)
        tracker.account_problem.connect(self._on_account_problem)
        tracker.account_healed.connect(self._on_account_healed)
        tracker.running_listed.connect(self.monitor.on_running)
        tracker.job_finished.connect(self._on_job_finished)
        tracker.cancel_done.connect(self._on_cancel_done)
        tracker.paused_changed.connect(self.monitor.set_paused)
        self.monitor.set_paused(tracker.paused)
        self.monitor.changed.connect(self._update_summary)
        self.monitor.account_failing.connect(self._say_failing)

    # -- the monitor -------------------------------------------------------------------------------------

    def start(self) -> None:
        """Once a token is known: read the accounts (then once a minute)."""
        self.monitor.start()

    def stop(self) -> None:
        self.monitor.stop()
        if self.dialog is not None:
            self.dialog.close()

    def _update_summary(self) -> None:
        summary = self.monitor.summary()
        text = summary_text(summary)
        self.button.setText(text)
        tip = self.tr("The accounts on your token: running jobs, credits and health")
        if summary.lowest_email is not None:
            tip += "\n" + self.tr("Lowest balance: {email}").format(email=summary.lowest_email)
        if summary.failing:
            tip += "\n" + self.tr("Needs attention: {accounts}").format(accounts=", ".join(summary.failing))
        self.button.setToolTip(plain_tooltip(tip))

    def open_accounts(self) -> None:
        """Show the accounts view (a window of its own, not modal)."""
        self.show_accounts()

    def show_accounts(self) -> AccountsDialog:
        if self.dialog is None:
            self.dialog = AccountsDialog(self.monitor, self.parent_widget)
        self.dialog.show()
        self.dialog.raise_()
        self.monitor.refresh()
        return self.dialog

    def _on_job_finished(self, view: JobView) -> None:
        self.monitor.job_finished(view.email)

    # -- account errors ----------------------------------------------------------------------------------

    def _on_account_problem(self, notice: AccountNotice) -> None:
        self.monitor.account_error(notice.email, notice.message)
        self._say_failing(notice.email, notice.message)

    def _say_failing(self, email: str, _message: str) -> None:
        key = email.lower()
        if key in self._said_failing:
            return
        self._said_failing.add(key)
        self.bridge.notice(
            self.tr("The account {email} is in an error state: FlowMusic rejected its sign-in. {remedy}").format(
                email=email, remedy=remedy_text()
            ),
            action=(self.tr("Accounts…"), self.open_accounts),
        )

    def _on_account_healed(self, email: str) -> None:
        self.monitor.account_healed(email)
        if email.lower() in self._said_failing:
            self._said_failing.discard(email.lower())
            self.bridge.notice(self.tr("The account {email} answers again: its jobs resume.").format(email=email))

    # -- discovery ---------------------------------------------------------------------------------------

    def _on_discovered(self, email: str, jobids: list[str]) -> None:
        self.bridge.notice(self.tr("%Ln new job(s) found on {email}", "", len(jobids)).format(email=email))

    def _on_discovered_gone(self, jobid: str, email: str) -> None:
        from flowmusic_gui.core.jobids import short_jobid

        self.bridge.notice(
            self.tr("{job}, found on {email}, does not exist (the API answered 404); it was taken off the list.")
            .format(job=short_jobid(jobid), email=email or self.tr("an account"))
        )

    # -- cancel ------------------------------------------------------------------------------------------

    @staticmethod
    def cancellable(views: list[JobView]) -> list[JobView]:
        return [v for v in views if not v.is_terminal]

    def cancel(self, views: list[JobView]) -> list[str]:
        """Ask once, then cancel every pending job among ``views``; returns the ids asked for."""
        pending = self.cancellable(views)
        if not pending or not CancelConfirm.ask(self.parent_widget, len(pending)):
            return []
        self._cancel_failures = []
        ids = self.tracker.cancel(v.jobid for v in pending)
        self._cancelling.update(ids)
        self._cancelling_text = self.tr("Cancelling %Ln job(s)…", "", len(self._cancelling))
        # Until every answer is in (then it says how it went), not for a fixed time.
        self.bridge.status(self._cancelling_text)
        return ids

    def _on_cancel_done(self, result: CancelResult) -> None:
        self._cancelling.discard(result.jobid)
        if not self._cancelling and self._cancelling_text:
            bar = self.status_bar
            shown = bar.full_message() if hasattr(bar, "full_message") else bar.currentMessage()  # not elided
            if shown == self._cancelling_text:
                failed = len(self._cancel_failures) + (0 if result.ok else 1)
                done = (
                    self.tr("Cancelled: the songs may still finish.") if not failed
                    else self.tr("%Ln job(s) could not be cancelled.", "", failed)
                )
                self.bridge.status(done, 4000)
            self._cancelling_text = ""
        if result.ok:
            return  # the row changes when the record says so
        self._cancel_failures.append(result.jobid)
        from flowmusic_gui.core.jobids import short_jobid

        self.bridge.notice(
            self.tr("Could not cancel {job}: {error}").format(job=short_jobid(result.jobid), error=result.message)
        )

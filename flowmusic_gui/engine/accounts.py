"""The accounts on the token, their slots, credits and health, kept fresh for the window's accounts view.

``GET /accounts`` names the accounts (and those in the error state); ``GET /accounts/{email}`` gives a healthy
one's live balance, asked at most once a minute per account, and again shortly after a job of that account
finishes (the song has just spent credits). Running counts come from the poller's looks at ``GET /jobs``, which
cost nothing more. Requests run on the runner's ``"accounts"`` lane; only plain data comes back. An account's
health reaches the poller (through the tracker), so its jobs slow right down while it is in error and resume
when it is healthy again.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass, replace

from PySide6.QtCore import QObject, QTimer, Signal

from flowmusic_gui.core.client import (
    AccountFound,
    AccountInfo,
    AccountProblem,
    Accounts,
    ApiClient,
    AuthFailed,
    RunningJobs,
)
from flowmusic_gui.core.translatable import QT_TRANSLATE_NOOP
from flowmusic_gui.engine.tasks import TaskRunner

log = logging.getLogger(__name__)

ACCOUNTS_LANE = "accounts"
#: The least time between two balance reads of one account, and between two reads of the account list.
REFRESH_S = 60.0
#: After a job of an account finishes, its balance is read this much later (finishes close together share one).
AFTER_FINISH_S = 2.0

#: What fixes an account in the error state; said with its name.
REMEDY = QT_TRANSLATE_NOOP(
    "Accounts", "Re-add the account at useapi.net; its jobs wait and resume by themselves when it is healthy again."
)


@dataclass(frozen=True)
class AccountStatus:
    """One account as the accounts view shows it: None wherever it is not known (yet)."""

    email: str
    tier: str | None = None
    max_jobs: int | None = None
    running: int | None = None
    credits: float | None = None
    error: str | None = None  # the account is in the error state (596, or an error on GET /accounts)
    checked_at: float | None = None  # monotonic time of the last balance read

    @property
    def healthy(self) -> bool:
        return self.error is None


@dataclass(frozen=True)
class AccountsSummary:
    """What the status bar says: running jobs over all accounts, and the lowest known balance."""

    accounts: int
    running: int | None
    lowest_email: str | None
    lowest_credits: float | None
    failing: tuple[str, ...]
    #: Whether the accounts have been read at all (False: the first read is still to come).
    listed: bool = True


@dataclass(frozen=True)
class _Listed:
    accounts: tuple[AccountInfo, ...] | None
    problem: str | None = None
    auth_failed: bool = False


@dataclass(frozen=True)
class _Balance:
    email: str
    account: AccountInfo | None
    error: str | None = None  # a 596: the account is in the error state
    problem: str | None = None  # anything else: try again later


def _list(client: ApiClient) -> _Listed:
    result = client.accounts()
    if isinstance(result, Accounts):
        return _Listed(result.accounts)
    return _Listed(None, str(getattr(result, "message", "unexpected answer")), isinstance(result, AuthFailed))


def _balance(client: ApiClient, email: str) -> _Balance:
    result = client.account(email)
    if isinstance(result, AccountFound):
        return _Balance(email, result.account)
    if isinstance(result, AccountProblem):
        return _Balance(email, None, error=result.message)
    return _Balance(email, None, problem=str(getattr(result, "message", "unexpected answer")))


class AccountsMonitor(QObject):
    """Keeps :class:`AccountStatus` per account; ``changed`` after each news. Lives on the owner's thread.

    ``health`` is called with (email, healthy, message) whenever an account enters or leaves the error state
    (the tracker's ``account_health``).
    """

    changed = Signal()
    #: An account entered the error state (email, message): said once until it is healthy again.
    account_failing = Signal(str, str)
    problem = Signal(str)  # the accounts could not be read (a message); the last known figures stay

    def __init__(
        self,
        client_source: Callable[[], ApiClient],
        runner: TaskRunner,
        parent: QObject | None = None,
        *,
        health: Callable[[str, bool, str], None] | None = None,
        refresh_s: float = REFRESH_S,
        after_finish_s: float = AFTER_FINISH_S,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        super().__init__(parent)
        self._client_source = client_source
        self._runner = runner
        self._runner.lane(ACCOUNTS_LANE, 2)
        self._health = health
        self._refresh_s = refresh_s
        self._after_finish_s = after_finish_s
        self._clock = clock
        self._accounts: dict[str, AccountStatus] = {}
        self._running: dict[str, int] | None = None
        self._listed_at: float | None = None
        self._listing = False
        self._reading: set[str] = set()
        self._due_after_finish: set[str] = set()
        self._said: set[str] = set()
        self._stopped = False
        self._paused = False  # the tracker's pause: no account read until it ends
        self._timer = QTimer(self)
        self._timer.setInterval(max(1, int(refresh_s * 1000)))
        self._timer.timeout.connect(self.refresh)
        self._finish_timer = QTimer(self)
        self._finish_timer.setSingleShot(True)
        self._finish_timer.timeout.connect(self._read_after_finish)

    # -- queries --------------------------------------------------------------------------------------------

    def accounts(self) -> list[AccountStatus]:
        return list(self._accounts.values())

    def account(self, email: str) -> AccountStatus | None:
        return self._accounts.get(email.lower())

    def summary(self) -> AccountsSummary:
        known = [a for a in self._accounts.values() if a.credits is not None and a.healthy]
        lowest = min(known, key=lambda a: a.credits or 0.0, default=None)
        running = None if self._running is None else sum(self._running.values())
        failing = tuple(a.email for a in self._accounts.values() if not a.healthy)
        return AccountsSummary(len(self._accounts), running, lowest.email if lowest else None,
                               lowest.credits if lowest else None, failing, listed=self._listed_at is not None)

    # -- commands -------------------------------------------------------------------------------------------

    def start(self) -> None:
        self._stopped = False
        self._timer.start()
        self.refresh()

    def stop(self) -> None:
        self._stopped = True
        self._timer.stop()
        self._finish_timer.stop()

    def set_paused(self, paused: bool) -> None:
        """Checking was paused (no read starts; the figures stay) or resumed (what fell due is read now)."""
        if paused == self._paused:
            return
        self._paused = paused
        if paused or self._stopped or not self._timer.isActive():
            return  # not started yet (no token): start() reads them
        self.refresh()
        if self._due_after_finish and not self._finish_timer.isActive():
            self._read_after_finish()

    def refresh(self, *, force: bool = False) -> None:
        """Read the account list, then the balance of each healthy account not read within a minute."""
        if self._stopped or self._paused or self._listing:
            return
        now = self._clock()
        if not force and self._listed_at is not None and now - self._listed_at < self._refresh_s * 0.9:
            self._read_balances(now, force=False)
            return
        self._listing = True
        client = self._client_source()
        self._runner.run(lambda: _list(client), name="read the accounts", lane=ACCOUNTS_LANE,
                         on_success=self._on_listed, on_failure=self._on_list_crash)

    def on_running(self, running: RunningJobs) -> None:
        """A good look at ``GET /jobs`` (the tracker's ``running_listed``): each account's running count."""
        counts = {a.email.lower(): (a.running if a.running is not None else len(a.jobs)) for a in running.accounts}
        self._running = counts
        for key, status in list(self._accounts.items()):
            self._accounts[key] = replace(status, running=counts.get(key, 0))
        self.changed.emit()

    def job_finished(self, email: str | None) -> None:
        """A job of this account finished: its balance is read again shortly."""
        if email is None or self._stopped:
            return
        self._due_after_finish.add(email.lower())
        if not self._finish_timer.isActive():
            self._finish_timer.start(max(0, int(self._after_finish_s * 1000)))

    def account_error(self, email: str, message: str) -> None:
        """The poller saw a 596 for this account."""
        self._set_error(email, message)
        self.changed.emit()

    def account_healed(self, email: str) -> None:
        key = email.lower()
        status = self._accounts.get(key)
        if status is not None and status.error is not None:
            self._accounts[key] = replace(status, error=None)
        self._said.discard(key)
        self.changed.emit()
        self._read(key)

    # -- internals ------------------------------------------------------------------------------------------

    def _status(self, email: str) -> AccountStatus:
        key = email.lower()
        status = self._accounts.get(key)
        if status is None:
            running = None if self._running is None else self._running.get(key, 0)
            status = AccountStatus(email, running=running)
            self._accounts[key] = status
        return status

    def _set_error(self, email: str, message: str) -> None:
        key = email.lower()
        status = self._status(email)
        self._accounts[key] = replace(status, error=message, credits=None)
        if key not in self._said:
            self._said.add(key)
            self.account_failing.emit(status.email, message)
            if self._health is not None:
                self._health(status.email, False, message)

    def _clear_error(self, email: str) -> None:
        key = email.lower()
        status = self._status(email)
        if status.error is not None:
            self._accounts[key] = replace(status, error=None)
        if key in self._said:
            self._said.discard(key)
            if self._health is not None:
                self._health(status.email, True, "")

    def _on_list_crash(self, exc: BaseException) -> None:
        self._listing = False
        log.error("reading the accounts failed", exc_info=exc)
        self.problem.emit(f"unexpected error: {type(exc).__name__}")

    def _on_listed(self, listed: _Listed) -> None:
        self._listing = False
        if self._stopped:
            return
        now = self._clock()
        if listed.accounts is None:
            self.problem.emit(listed.problem or "the accounts could not be read")
            return
        self._listed_at = now
        seen: set[str] = set()
        for info in listed.accounts:
            key = info.email.lower()
            seen.add(key)
            status = self._status(info.email)
            self._accounts[key] = replace(status, tier=info.tier, max_jobs=info.max_jobs)
            if info.error is not None:
                self._set_error(info.email, info.error)
            elif status.error is not None and key not in self._said:
                self._accounts[key] = replace(self._accounts[key], error=None)
        for key in list(self._accounts):
            if key not in seen:
                del self._accounts[key]  # no longer on the token
        self.problem.emit("")
        self.changed.emit()
        self._read_balances(now, force=False)

    def _read_balances(self, now: float, *, force: bool) -> None:
        for key, status in self._accounts.items():
            # An account in error is read too (slowly, once a minute): its answer is what says it is healed.
            if force or status.checked_at is None or now - status.checked_at >= self._refresh_s * 0.9:
                self._read(key)

    def _read_after_finish(self) -> None:
        if self._paused:
            return  # kept for the resume
        keys, self._due_after_finish = self._due_after_finish, set()
        for key in keys:
            if key in self._accounts:
                self._read(key)

    def _read(self, key: str) -> None:
        if self._stopped or self._paused or key in self._reading:
            return
        status = self._accounts.get(key)
        email = status.email if status is not None else key
        self._reading.add(key)
        client = self._client_source()
        self._runner.run(lambda: _balance(client, email), name="read an account's balance", lane=ACCOUNTS_LANE,
                         on_success=self._on_balance,
                         on_failure=lambda exc: self._on_balance(_Balance(email, None, problem=str(exc))))

    def _on_balance(self, got: _Balance) -> None:
        key = got.email.lower()
        self._reading.discard(key)
        if self._stopped:
            return
        now = self._clock()
        status = self._status(got.email)
        if got.account is not None:
            info = got.account
            self._accounts[key] = replace(
                status, tier=info.tier or status.tier, max_jobs=info.max_jobs or status.max_jobs,
                credits=info.credits_remaining, checked_at=now,
            )  # fmt: skip
            if info.error is not None:
                self._set_error(got.email, info.error)
            else:
                self._clear_error(got.email)
        elif got.error is not None:
            self._accounts[key] = replace(status, checked_at=now)
            self._set_error(got.email, got.error)
        else:
            self._accounts[key] = replace(status, checked_at=now)
            log.info("an account's balance could not be read: %s", got.problem)
        self.changed.emit()

"""The submission queue: sends queued songs and edits as each account's slots free up, exactly once.

Pacing comes from the running list (``GET /jobs``: ``maxJobs`` minus running, per account), fed by the
watcher's own looks (:meth:`SubmissionQueue.feed_running`) or, when nothing watches, fetched here. POSTs go
out in async mode, one at a time per account; a made job's jobid is saved (and the job tracked) in the same
store transaction that records the answer, before the next POST to that account. What the API says it did not
make (429, 402, 596, 401, no connection) is sent again later; a lost answer is *uncertain* and is reconciled,
never resent: the account's running list and the records of jobs it does not know are searched for the
submission's ``replyRef``, with the balance and the newest clips as signs of a job that already finished.

All store and network work runs on the one task runner (lanes ``"submit-db"``, serialized, and
``"submit-net"``); only plain data (frozen dataclasses) comes back to the owner's thread.
"""

from __future__ import annotations

import functools
import logging
import random
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, QTimer, Signal

from flowmusic_gui.core.client import AccountFound, Accounts, ApiClient, AuthFailed, JobFound, RunningJobs
from flowmusic_gui.core.store import JobStore, this_owner
from flowmusic_gui.core.submissions import (
    AccountSlots,
    AnswerLost,
    Created,
    NoJob,
    ReconcilePolicy,
    Submission,
    SubmissionState,
    SubmitAnswer,
    apply_answer,
    found,
    looked,
    plan_sends,
    record_matches,
    start_sending,
)
from flowmusic_gui.engine.store_writer import LaneSubmissions, StoreWriter, SubmissionStore
from flowmusic_gui.engine.tasks import TaskRunner

log = logging.getLogger(__name__)
S = SubmissionState

#: How long a network hiccup that sent nothing waits before the next try.
NETWORK_RETRY_S = 5.0
#: Without a Retry-After, a 429 waits about this long (with jitter).
BUSY_DEFAULT_S = 10.0


def _now() -> datetime:
    return datetime.now(timezone.utc)


@dataclass(frozen=True)
class Sent:
    """What one POST task brings back to the owner's thread."""

    sub: Submission | None  # the row as written after the answer (None: another process moved it first)
    answer: SubmitAnswer | None
    account: str
    balance: int | None
    reconciled: Submission | None = None  # the row after the immediate look, when the answer was lost


@dataclass(frozen=True)
class Looked:
    """What one reconciliation pass brings back."""

    changed: tuple[Submission, ...]
    checked: dict[str, dict[str, Any]] = field(default_factory=dict)


@dataclass
class _Account:
    email: str
    max_jobs: int | None = None
    healthy: bool = True
    credits: int | None = None
    out_of_credits: bool = False
    below_floor: bool = False
    blocked_until: datetime | None = None
    listed: set[str] = field(default_factory=set)
    own: dict[str, float] = field(default_factory=dict)  # jobid -> monotonic time it was made
    made_since_balance: int = 0
    cost: int | None = None


class SubmissionQueue(QObject):
    """Sends the store's queued submissions. Construct, connect, :meth:`start`; :meth:`stop` before exit."""

    changed = Signal(object)  # Submission: a row changed (any state)
    left = Signal(object)  # Submission: it left the queue (submitted, refused, not_made, or uncertain for good)
    made = Signal(str)  # jobid: a job a submission made (already tracked in the store)
    notice = Signal(str)  # a condition worth saying once (out of credits, account parked, token refused)
    slots = Signal(object)  # dict[str, tuple[int, int]]: each account's (running, maxJobs) as the queue sees it
    ready = Signal()  # opened: the store is read and recovered

    def __init__(
        self,
        runner: TaskRunner,
        store_path: JobStore | Path,
        client: ApiClient,
        *,
        min_credits: int = 0,
        max_credits: int | None = None,
        list_interval_s: float = 5.0,
        reconcile_interval_s: float = 5.0,
        policy: ReconcilePolicy | None = None,
        refs: set[str] | None = None,
        client_source: Callable[[], ApiClient] | None = None,
        writer: StoreWriter | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._runner = runner
        runner.lane("submit-db", 1)
        # POSTs go one at a time per account; a few accounts at once is plenty, and leaves the runner's threads
        # to the poller and the rest.
        runner.lane("submit-net", 4)
        # The process's one database object (its owner closes it); with a path, one of the queue's own.
        self._shared: JobStore | None = store_path if isinstance(store_path, JobStore) else None
        self._path = store_path.path if isinstance(store_path, JobStore) else Path(store_path)
        #: The process's writer lane: with it, every write of the queue goes through it (waited for on the queue's
        #: lanes), reads stay on the shared database object.
        self._writer = writer if self._shared is not None else None
        self._fixed_client = client
        #: The client to use now (the window replaces its client when the API base changes).
        self._client_source = client_source
        self.min_credits = max(0, min_credits)
        self.max_credits = max_credits
        self._list_interval = list_interval_s
        self._reconcile_interval = reconcile_interval_s
        self._policy = policy or ReconcilePolicy()
        self._refs = None if refs is None else frozenset(refs)  # only these (a command's batch); None: every one
        self._repo: SubmissionStore | None = None
        self._accounts: dict[str, _Account] = {}
        self._in_flight: set[str] = set()
        self._list_at = 0.0  # monotonic start of the newest running list's request
        self._list_due = 0.0  # when this queue looks at the list itself next (the watcher's looks push it on)
        self._has_work = True  # queued submissions may be waiting (until a plan finds none)
        self._planned = False  # a plan has read the store since start()
        self._queued_while_planning = False  # kick() came while a plan read the store
        self._listing = False
        self._fetching_accounts = False
        self._planning = False
        self._replan = False
        self._reconciling = False
        self._paused_auth = False
        self._sending = False  # start() called and not stopped
        self._stopped = False
        self._said: set[str] = set()
        self._checked: dict[str, dict[str, Any]] = {}  # jobid -> the record's request, read while reconciling
        self._made_this_run = 0
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self._tick)
        self._reconcile_timer = QTimer(self)
        self._reconcile_timer.setInterval(max(200, int(reconcile_interval_s * 1000)))
        self._reconcile_timer.timeout.connect(self._reconcile)

    @property
    def _client(self) -> ApiClient:
        return self._client_source() if self._client_source is not None else self._fixed_client

    # --- lifecycle --------------------------------------------------------------------------------------------

    def start(self) -> None:
        """Open the store (off this thread), turn submissions a dead process left sending into uncertain ones,
        learn the accounts, then send."""
        self._sending = True
        self._stopped = False
        self._planned = False

        def open_() -> tuple[SubmissionStore, list[Submission], Accounts | None]:
            repo = self._through_lane()
            recovered = repo.recover_submissions(_now())
            accounts = self._client.accounts()
            return repo, recovered, accounts if isinstance(accounts, Accounts) else None

        self._runner.run(open_, name="open the submission queue", lane="submit-db", on_success=self._on_open)

    def _through_lane(self) -> SubmissionStore:
        """On the queue's lane: the table as the queue uses it (through the writer lane when there is one)."""
        if self._shared is None:
            return JobStore(self._path)
        if self._writer is None:
            return self._shared
        runner = self._runner
        return LaneSubmissions(self._shared, self._writer, stop=lambda: runner.closed)

    def _on_open(self, result: tuple[SubmissionStore, list[Submission], Accounts | None]) -> None:
        repo, recovered, accounts = result
        if self._stopped:
            if isinstance(repo, JobStore) and repo is not self._shared:
                self._runner.run(repo.close, name="close the submission queue", lane="submit-db")
            return
        self._repo = repo
        if accounts is not None:
            for info in accounts.accounts:
                acct = self._account(info.email)
                acct.max_jobs = info.max_jobs if info.max_jobs is not None else acct.max_jobs
                acct.healthy = info.error is None
        for sub in recovered:
            self.changed.emit(sub)
        self._reconcile_timer.start()
        self.ready.emit()
        self.kick()
        self._reconcile()

    def stop(self) -> None:
        """Send nothing more (what is queued stays queued); POSTs already on the wire finish and are saved."""
        self._sending = False
        self._stopped = True
        self._timer.stop()
        self._reconcile_timer.stop()

    def close(self, deadline_s: float = 5.0) -> None:
        """Stop, wait for the POSTs on the wire to be saved, and close the store."""
        self.stop()
        self._runner.drain("submit-net", deadline_s)
        self._runner.drain("submit-db", deadline_s)
        repo, self._repo = self._repo, None
        if isinstance(repo, JobStore) and repo is not self._shared:
            repo.close()

    def release(self) -> None:
        """Stop and let go of the store without waiting (the window's close: its runner abandons what runs).

        The store is closed on the queue's own lane, after any write still queued there."""
        self.stop()
        repo, self._repo = self._repo, None
        if isinstance(repo, JobStore) and repo is not self._shared:
            self._runner.run(repo.close, name="close the submission queue", lane="submit-db")

    @property
    def repository(self) -> SubmissionStore | None:
        return self._repo

    @property
    def in_flight(self) -> int:
        return len(self._in_flight)

    @property
    def paused_for_auth(self) -> bool:
        return self._paused_auth

    def resume_auth(self) -> None:
        """A token works again: send what waited."""
        if self._paused_auth:
            self._paused_auth = False
            self._said.discard("auth")
            self.kick()

    def kick(self) -> None:
        """Something may be queued now: look at what can be sent (soon, on this thread's event loop)."""
        self._has_work = True
        if self._planning:
            self._queued_while_planning = True
        if self._sending:
            self._timer.start(0)  # sooner than any later look already planned

    def _look_again(self) -> None:
        """The slots or the accounts changed: look again if something waits. A queue with nothing to send
        stays idle (no plan, no look at the list) until :meth:`kick`."""
        if self._sending and self._has_work:
            self._timer.start(0)

    # --- slots ------------------------------------------------------------------------------------------------

    def _account(self, email: str) -> _Account:
        key = email.lower()
        acct = self._accounts.get(key)
        if acct is None:
            acct = self._accounts[key] = _Account(email)
        return acct

    def feed_running(self, running: object, started: float | None = None) -> None:
        """A good look at ``GET /jobs`` (the watcher's, or this queue's own); ``started`` is when its request
        began (monotonic), so the jobs made after it are still counted though the list does not show them."""
        if not isinstance(running, RunningJobs):
            return
        began = started if started is not None else time.monotonic() - 1.0
        self._list_at = max(self._list_at, began)
        self._list_due = time.monotonic() + self._list_interval
        seen = set()
        for entry in running.accounts:
            acct = self._account(entry.email)
            seen.add(entry.email.lower())
            if entry.max_jobs is not None:
                acct.max_jobs = entry.max_jobs
            acct.listed = {j.jobid for j in entry.jobs}
            if entry.running is not None and entry.running > len(acct.listed):
                acct.listed |= {f"unlisted:{i}" for i in range(entry.running - len(acct.listed))}
        for key, acct in self._accounts.items():
            if key not in seen:
                acct.listed = set()
            # The app's own jobs made before this list began and not on it have finished.
            acct.own = {j: t for j, t in acct.own.items() if t >= began or j in acct.listed}
        self._emit_slots()
        self._look_again()

    def _running(self, acct: _Account) -> int:
        return len(acct.listed | set(acct.own))

    def _emit_slots(self) -> None:
        self.slots.emit(
            {a.email: (self._running(a), a.max_jobs) for a in self._accounts.values() if a.max_jobs is not None}
        )

    def slot_view(self) -> list[AccountSlots]:
        now = _now()
        return [
            AccountSlots(
                a.email, a.max_jobs, self._running(a), healthy=a.healthy, credits=a.credits,
                out_of_credits=a.out_of_credits or a.below_floor,
                blocked_until=a.blocked_until if a.blocked_until and a.blocked_until > now else None,
            )
            for a in self._accounts.values() if a.max_jobs is not None
        ]  # fmt: skip

    def cap_reached(self) -> bool:
        """Whether the batch's estimated spend has reached ``max_credits`` (nothing more will be sent)."""
        if self.max_credits is None:
            return False
        cost = self.cost_per_song()
        return (
            self._made_this_run * (cost or 0) + (cost or 0) > self.max_credits
            if cost
            else (self._made_this_run > 0 and self.max_credits == 0)
        )

    def _fetch_accounts(self) -> None:
        self._fetching_accounts = True
        client = self._client

        def done(result: object) -> None:
            self._fetching_accounts = False
            if isinstance(result, Accounts):
                for info in result.accounts:
                    acct = self._account(info.email)
                    acct.max_jobs = info.max_jobs if info.max_jobs is not None else acct.max_jobs
                    acct.healthy = info.error is None
                self._look_again()
            elif isinstance(result, AuthFailed):
                self._auth_refused(result.message)

        def failed(_exc: BaseException) -> None:
            self._fetching_accounts = False

        self._runner.run(client.accounts, name="read the accounts", lane="submit-net", on_success=done,
                         on_failure=failed)  # fmt: skip

    def cost_per_song(self) -> int | None:
        costs = [a.cost for a in self._accounts.values() if a.cost]
        return max(costs) if costs else None

    # --- sending ----------------------------------------------------------------------------------------------

    def _tick(self) -> None:
        if not self._sending or self._repo is None or self._paused_auth:
            return
        if self._planning:
            self._replan = True  # a kick while a plan reads the store: look again when it is done
            return
        if not self._planned:
            # Its own store first (no slot is known yet, so nothing is claimed): a queue with nothing to send
            # asks the server nothing, at start-up too.
            self._plan([])
            return
        # Its own look at the running list only while it has something to send (the watcher's looks come in
        # through feed_running and push this one back): an idle queue costs no request.
        if time.monotonic() >= self._list_due and not self._listing and self._has_work:
            self._fetch_list()
        if not any(a.max_jobs for a in self._accounts.values()) and not self._fetching_accounts and self._has_work:
            self._fetch_accounts()
        if self._list_at == 0.0:
            # The first running list decides the free slots (it calls kick() when it comes); look again anyway.
            if not self._timer.isActive() and self._has_work:
                self._timer.start(1000)
            return
        self._plan(self.slot_view())

    def _plan(self, slots: list[AccountSlots]) -> None:
        """Claim what can be sent to these slots, off this thread (the store), then send it (_on_planned)."""
        self._planning = True
        self._queued_while_planning = False
        repo = self._repo
        assert repo is not None
        busy = set(self._in_flight)
        cost = self.cost_per_song()
        spent = self._made_this_run * (cost or 0)
        refs = self._refs
        owner = this_owner()

        def plan() -> tuple[list[Submission], datetime | None, bool]:
            now = _now()
            queued = [s for s in repo.submissions([S.QUEUED]) if refs is None or s.ref in refs]
            claimed = []
            for sub, email in plan_sends(queued, slots, now=now, busy=busy, cost_per_song=cost,
                                         min_credits=self.min_credits, spent=spent,
                                         max_credits=self.max_credits):  # fmt: skip
                moved = repo.move_submission(sub.ref, functools.partial(_claim, account=email, now=now, owner=owner))
                if moved is not None:
                    claimed.append(moved)
            waits = [s.not_before for s in queued if s.not_before is not None and s.not_before > now]
            return claimed, min(waits) if waits else None, len(queued) > len(claimed)

        self._runner.run(plan, name="plan submissions", lane="submit-db", on_success=self._on_planned,
                         on_failure=self._on_plan_failed)  # fmt: skip

    def _on_plan_failed(self, exc: BaseException) -> None:
        self._planning = False
        self._say("store", f"The queue could not read its list: {exc}")
        self._timer.start(5000)

    def _on_planned(self, result: tuple[list[Submission], datetime | None, bool]) -> None:
        self._planning = False
        first = not self._planned
        self._planned = True
        claimed, next_wait, waiting = result
        # A kick while the plan read the store may have queued more; a look again (_look_again) queued nothing.
        self._has_work = waiting or bool(claimed) or bool(self._in_flight) or self._queued_while_planning
        if self._replan:  # something was queued (or a slot freed) while the plan read the store
            self._replan = False
            self._timer.start(0)
        for sub in claimed:
            self.changed.emit(sub)
            if sub.account:
                self._in_flight.add(sub.account.lower())
            self._post(sub)
        if not self._sending or not self._has_work:
            return
        if first:
            self._timer.start(0)  # something waits: the slots next (the list, the accounts)
            return
        # Look again when a wait ends, or when the list is due (slots free up as jobs end).
        delay = self._list_interval
        if next_wait is not None:
            delay = min(delay, max(0.05, (next_wait - _now()).total_seconds()))
        if not self._timer.isActive():
            self._timer.start(max(50, int(delay * 1000)))

    def _post(self, sub: Submission) -> None:
        repo = self._repo
        assert repo is not None and sub.account is not None
        client = self._client
        account = sub.account
        floor = self.min_credits
        cost = self._account(account).cost
        checked = dict(self._checked)
        policy = self._policy

        def send() -> Sent:
            balance = _balance(client, account)
            if balance is not None and (balance - (cost or 0) < floor or balance <= 0):
                why = NoJob("floor", f"{account} has {balance:,} credits, at the floor of {floor:,}")
                return Sent(
                    repo.move_submission(sub.ref, lambda s: apply_answer(s, why, _now())), why, account, balance
                )
            current = repo.submission(sub.ref)
            if current is None or current.state is not S.SENDING:
                return Sent(current, None, account, balance)
            if balance is not None and current.balance_before is None:
                repo.change_submission(current, _with_balance(current, balance))
            answer = client.submit(sub.kind, sub.request_body())
            written = repo.move_submission(sub.ref, lambda s: apply_answer(s, answer, _now()))
            again = None
            if isinstance(answer, AnswerLost) and written is not None:
                # Look at once: an effect can finish within seconds, and a finished job leaves the list.
                again = _reconcile_one(client, repo, written, checked, policy)
            return Sent(written, answer, account, balance, again)

        self._runner.run(send, name="send a submission", lane="submit-net", on_success=self._on_sent,
                         on_failure=functools.partial(self._on_send_crashed, account))  # fmt: skip

    def _on_send_crashed(self, account: str, exc: BaseException) -> None:
        # A bug, or the store failing: the row stays sending and is reconciled after a restart.
        self._in_flight.discard(account.lower())
        self._say("crash", f"Sending a song failed unexpectedly: {exc}")
        self.kick()

    def _on_sent(self, sent: Sent) -> None:
        acct = self._account(sent.account)
        self._in_flight.discard(sent.account.lower())
        if sent.balance is not None:
            if acct.credits is not None and acct.made_since_balance > 0 and sent.balance < acct.credits:
                acct.cost = max(1, round((acct.credits - sent.balance) / acct.made_since_balance))
            acct.credits = sent.balance
            acct.made_since_balance = 0
            acct.below_floor = False
        answer = sent.answer
        if isinstance(answer, Created):
            acct.own[answer.jobid] = time.monotonic()
            acct.made_since_balance += 1
            self._made_this_run += 1
            self.made.emit(answer.jobid)
        elif isinstance(answer, NoJob):
            self._on_no_job(acct, answer)
        for sub in (sent.sub, sent.reconciled):
            if sub is None:
                continue
            self.changed.emit(sub)
            if sub.state in (S.SUBMITTED, S.REFUSED) or (sub.state is S.UNCERTAIN and self._settled(sub)):
                self.left.emit(sub)
            if sub is sent.reconciled and sub.state is S.SUBMITTED and sub.jobid:
                acct.own[sub.jobid] = time.monotonic()
                self.made.emit(sub.jobid)
        self._emit_slots()
        self.kick()

    def _on_no_job(self, acct: _Account, answer: NoJob) -> None:
        if answer.reason == "busy":
            # The list was behind: this account is full until the wait ends (and the next list says so).
            wait = answer.retry_after or BUSY_DEFAULT_S * random.uniform(0.8, 1.2)
            acct.blocked_until = _now() + timedelta(seconds=wait)
            QTimer.singleShot(int(wait * 1000) + 10, self, self.kick)
        elif answer.reason == "credits":
            acct.out_of_credits = True
            self._say(f"credits:{acct.email}", f"{acct.email} is out of credits: its songs wait or go elsewhere")
        elif answer.reason == "floor":
            acct.below_floor = True
            self._say(f"floor:{acct.email}", f"{acct.email} is at the credit floor ({self.min_credits:,}): nothing "
                                             "more is sent there")  # fmt: skip
        elif answer.reason == "account":
            acct.healthy = False
            self._say(f"account:{acct.email}", f"{acct.email} is in an error state (596): re-add it at useapi.net; "
                                               "its songs wait or go to another account")  # fmt: skip
        elif answer.reason == "auth":
            self._auth_refused(answer.message)
        elif answer.reason == "network":
            acct.blocked_until = _now() + timedelta(seconds=NETWORK_RETRY_S)
            QTimer.singleShot(int(NETWORK_RETRY_S * 1000) + 10, self, self.kick)

    def _auth_refused(self, message: str) -> None:
        self._paused_auth = True
        self._say("auth", f"The queue is paused until a working API token is saved: {message}")

    def account_healthy(self, email: str, healthy: bool) -> None:
        """The watcher saw the account enter or leave its error state."""
        acct = self._account(email)
        acct.healthy = healthy
        if healthy:
            self._said.discard(f"account:{email}")
            self._look_again()

    def _say(self, key: str, text: str) -> None:
        if key not in self._said:
            self._said.add(key)
            log.info("%s", text)
            self.notice.emit(text)

    def _settled(self, sub: Submission) -> bool:
        """An uncertain submission the looks cannot settle: a sign the job exists, but no record of it."""
        return sub.state is S.UNCERTAIN and sub.evidence is not None and sub.looks >= self._policy.min_looks

    # --- the running list -------------------------------------------------------------------------------------

    def _fetch_list(self) -> None:
        self._listing = True
        client = self._client
        started = time.monotonic()

        def fetch() -> object:
            return client.running_jobs()

        def done(result: object) -> None:
            self._listing = False
            self._list_due = time.monotonic() + self._list_interval
            if isinstance(result, RunningJobs):
                self.feed_running(result, started)
            elif isinstance(result, AuthFailed):
                self._auth_refused(result.message)

        def failed(_exc: BaseException) -> None:
            self._listing = False
            self._list_due = time.monotonic() + self._list_interval

        self._runner.run(fetch, name="look at the running jobs", lane="submit-net", on_success=done, on_failure=failed)

    # --- reconciling ------------------------------------------------------------------------------------------

    def _reconcile(self) -> None:
        if self._repo is None or self._reconciling:
            return
        self._reconciling = True
        repo, client, policy = self._repo, self._client, self._policy
        checked = dict(self._checked)
        costs = {k: a.cost for k, a in self._accounts.items()}

        def look() -> Looked:
            changed = []
            for sub in repo.submissions([S.UNCERTAIN]):
                cost = costs.get((sub.account or "").lower())
                new = _reconcile_one(client, repo, sub, checked, policy, cost)
                if new is not None:
                    changed.append(new)
            return Looked(tuple(changed), checked)

        def done(result: Looked) -> None:
            self._reconciling = False
            self._checked.update(result.checked)
            for sub in result.changed:
                self.changed.emit(sub)
                if sub.state is S.SUBMITTED and sub.jobid:
                    if sub.account:
                        self._account(sub.account).own[sub.jobid] = time.monotonic()
                    self.made.emit(sub.jobid)
                if sub.state in (S.SUBMITTED, S.NOT_MADE) or self._settled(sub):
                    self.left.emit(sub)
            self._look_again()

        def failed(exc: BaseException) -> None:
            self._reconciling = False
            log.warning("reconciling uncertain submissions failed: %s", exc)

        self._runner.run(look, name="look for uncertain submissions", lane="submit-db", on_success=done,
                         on_failure=failed)  # fmt: skip

    def reconcile_now(self) -> None:
        self._reconcile()


# --- worker-side helpers (no Qt) ------------------------------------------------------------------------------


def _claim(sub: Submission, *, account: str, now: datetime, owner: str) -> Submission:
    return start_sending(sub, account=account, now=now, owner=owner)


def _found(sub: Submission, *, jobid: str) -> Submission:
    return found(sub, jobid, _now())


def _with_balance(sub: Submission, balance: int) -> Submission:
    from dataclasses import replace

    return replace(sub, balance_before=balance)


def _balance(client: ApiClient, email: str) -> int | None:
    found_ = client.account(email)
    if isinstance(found_, AccountFound) and found_.account.credits_remaining is not None:
        return int(found_.account.credits_remaining)
    return None


def _reconcile_one(
    client: ApiClient, repo: SubmissionStore, sub: Submission, checked: dict[str, dict[str, Any]],
    policy: ReconcilePolicy, cost: int | None = None,
) -> Submission | None:  # fmt: skip
    """One look for an uncertain submission's job; the row as written, or None when nothing could be learned
    (the list could not be read: no look is counted)."""
    listing = client.running_jobs()
    if not isinstance(listing, RunningJobs):
        return None
    known = repo.submission_jobids()
    account = (sub.account or "").lower()
    for entry in listing.accounts:
        if account and entry.email.lower() != account:
            continue
        for job in entry.jobs:
            if job.jobid in known:
                continue
            record = checked.get(job.jobid)
            if record is None:
                got = client.get_job(job.jobid)
                if not isinstance(got, JobFound):
                    continue
                record = {k: got.data.get(k) for k in ("request", "email", "created_at")}
                checked[job.jobid] = record
            if record_matches(sub, record):
                return repo.move_submission(sub.ref, functools.partial(_found, jobid=job.jobid))
    evidence = _evidence(client, repo, sub, cost)
    return repo.move_submission(sub.ref, lambda s: looked(s, _now(), evidence=evidence, policy=policy))


def _evidence(client: ApiClient, repo: SubmissionStore, sub: Submission, cost: int | None) -> str | None:
    """A sign that a job which already finished was made: the balance fell by more than the app's other sends
    explain, or one of the account's newest clips carries this song's lyrics or title."""
    if not sub.account:
        return None
    if sub.balance_before is not None and sub.sent_at is not None:
        now_balance = _balance(client, sub.account)
        if now_balance is not None:
            drop = sub.balance_before - now_balance
            others = repo.submissions_sent_after(sub.account, sub.sent_at, sub.ref)
            if drop > 0 and ((others == 0) or (cost is not None and drop > cost * others)):
                return f"the balance of {sub.account} fell by {drop:,} credits after it was sent"
    wanted = {k: sub.body.get(k) for k in ("lyrics", "title") if isinstance(sub.body.get(k), str) and sub.body.get(k)}
    if wanted:
        page = client.clips(sub.account, limit=10)
        for clip in getattr(page, "clips", ()):
            if ("lyrics" in wanted and clip.lyrics == wanted["lyrics"]) or (
                "title" in wanted and clip.title == wanted["title"]
            ):
                return f"a new clip on {sub.account} has this song's {'lyrics' if 'lyrics' in wanted else 'title'}"
    return None


def queued_rows(subs: Iterable[Submission]) -> list[Submission]:
    """The submissions a jobs table shows as rows of their own: not yet a job."""
    return [s for s in subs if s.state in (S.QUEUED, S.SENDING, S.UNCERTAIN, S.NOT_MADE, S.REFUSED)]

"""The window watching the account, against the real simulator: cancel, jobs found by themselves, the accounts
view and its status-bar summary, an account in the error state named once, the account filter."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import requests
from helpers.keyrings import MemoryKeyring
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from flowmusic_gui.core.credentials import SERVICE, USERNAME
from flowmusic_gui.core.records import JobState
from flowmusic_gui.core.schedule import PolicyConfig
from flowmusic_gui.engine.tasks import TaskRunner
from flowmusic_gui.simulator import DEMO_TOKEN, Simulator
from flowmusic_gui.simulator.accounts import DEMO_EMAIL, Account
from flowmusic_gui.ui.backend import AppBackend
from flowmusic_gui.ui.dialogs.cancel import CancelConfirm, cancel_question
from flowmusic_gui.ui.jobs.model import Column
from flowmusic_gui.ui.main_window import MainWindow

from ..conftest import jobid, view

pytestmark = pytest.mark.simulator(speed=20)

# Fast enough that a look at the list and an account's slow re-check take well under a few seconds.
FAST = PolicyConfig(poll_interval=0.05, max_interval=0.3, budget_per_s=50, prior_min_s=0.1, prior_max_s=3.0)
LAPSED = "lapsed@flowmusic.local"


def backend(data_dir: Path, sim: Simulator, runner: TaskRunner) -> AppBackend:
    keyring = MemoryKeyring()
    keyring.secrets[(SERVICE, USERNAME)] = DEMO_TOKEN
    return AppBackend(data_dir, sim.base_url, FAST, environ={}, keyring_backend=keyring, runner=runner)


def attached(qtbot: QtBot, window: MainWindow, data_dir: Path, sim: Simulator, runner: TaskRunner) -> MainWindow:
    with qtbot.waitSignal(window.jobs_shown, timeout=5000):
        window.attach(backend(data_dir, sim, runner=runner))
    return window


def post_music(sim: Simulator, prompt: str) -> str:
    r = requests.post(f"{sim.base_url}/music", json={"prompt": prompt, "mode": "async", "email": DEMO_EMAIL},
                      headers={"Authorization": f"Bearer {DEMO_TOKEN}"}, timeout=(5, 20))
    assert r.status_code == 201, r.text
    return str(r.json()["jobid"])


def status_text(window: MainWindow, jid: str) -> str:
    row = window.model.row_of(jid)
    assert row is not None
    return str(window.model.index(row, int(Column.STATUS)).data())


class Notices:
    """Every notice the window shows, in order."""

    def __init__(self, window: MainWindow, monkeypatch: pytest.MonkeyPatch) -> None:
        self.texts: list[str] = []
        original = window.show_notice

        def record(text: str, **kwargs: Any) -> None:
            self.texts.append(text)
            original(text, **kwargs)

        monkeypatch.setattr(window, "show_notice", record)


def test_cancel_asks_once_for_many_and_the_rows_read_cancelled(
    qtbot: QtBot, window: MainWindow, data_dir: Path, sim: Simulator, monkeypatch: pytest.MonkeyPatch,
    runner: TaskRunner,
) -> None:
    sim.speed = 2  # running for a good while
    attached(qtbot, window, data_dir, sim, runner=runner)
    window.backend.tracker.set_discover(False)  # type: ignore[union-attr]
    ids = [sim.submit("first"), sim.submit("second")]
    window.controller.add_ids(ids)
    qtbot.waitUntil(lambda: all(status_text(window, j).startswith("Pending") for j in ids), timeout=10000)
    asked: list[int] = []
    answer = [False]

    def ask(cls: type, parent: object, n: int) -> bool:
        asked.append(n)
        return answer[0]

    monkeypatch.setattr(CancelConfirm, "ask", classmethod(ask))
    window.select_jobids(ids)
    assert window.acts.act_cancel.isEnabled() and window.acts.act_cancel in window.build_context_menu().actions()
    assert window.acts.act_cancel_tool.isVisible() and window.acts.act_cancel_tool in window.toolbar.actions()
    window.acts.act_cancel.trigger()
    assert asked == [2]  # one question for both; declined: nothing sent
    assert not any(r.method == "DELETE" for r in sim.requests)
    answer[0] = True
    window.acts.act_cancel.trigger()
    assert asked == [2, 2]
    qtbot.waitUntil(lambda: all(status_text(window, j) == "Cancelled" for j in ids), timeout=10000)
    assert sum(1 for r in sim.requests if r.method == "DELETE") == 2
    for j in ids:
        v = window.model.job(j)
        assert v is not None and v.state is JobState.FAILED and v.cancelled
    window.select_jobids(ids)
    assert not window.acts.act_cancel.isEnabled()
    assert not window.acts.act_cancel_tool.isVisible()


def test_the_question_says_what_cancelling_cannot_undo() -> None:
    for n in (1, 3):
        text = cancel_question(n)
        assert "may still finish" in text and "credits are spent either way" in text


def test_a_job_started_behind_the_apps_back_appears_with_a_notice(
    qtbot: QtBot, window: MainWindow, data_dir: Path, sim: Simulator, monkeypatch: pytest.MonkeyPatch,
    runner: TaskRunner,
) -> None:
    notices = Notices(window, monkeypatch)
    attached(qtbot, window, data_dir, sim, runner=runner)
    jid = post_music(sim, "made by a script")
    qtbot.waitUntil(lambda: window.model.row_of(jid) is not None, timeout=15000)
    assert f"1 new job found on {DEMO_EMAIL}" in notices.texts
    v = window.model.job(jid)
    assert v is not None and v.found_on_account
    row = window.model.row_of(jid)
    tip = window.model.index(row, int(Column.STATUS)).data(Qt.ItemDataRole.ToolTipRole)  # type: ignore[arg-type]
    assert "Found on your account" in tip


def test_no_discover_takes_nothing_in(
    qtbot: QtBot, window: MainWindow, data_dir: Path, sim: Simulator, runner: TaskRunner
) -> None:
    window.no_discover = True
    attached(qtbot, window, data_dir, sim, runner=runner)
    tracker = window.backend.tracker  # type: ignore[union-attr]
    jid = post_music(sim, "not for this window")
    with qtbot.waitSignal(tracker.running_listed, timeout=10000,
                          check_params_cb=lambda listed: jid in listed.jobids):
        pass
    assert window.model.row_of(jid) is None


def test_the_accounts_view_shows_slots_health_and_the_balance_falling_after_a_song(
    qtbot: QtBot, window: MainWindow, data_dir: Path, sim: Simulator, runner: TaskRunner
) -> None:
    attached(qtbot, window, data_dir, sim, runner=runner)
    controller = window.accounts
    assert controller is not None
    qtbot.waitUntil(lambda: "lowest 400 credits" in controller.button.text(), timeout=10000)
    assert "1 needs attention" in controller.button.text()
    dialog = controller.show_accounts()
    # The balance comes from GET /accounts/{email} and the running count from the next look at GET /jobs: on a
    # busy machine either can arrive first, so the view is read once both have.
    qtbot.waitUntil(lambda: len(dialog.row_texts()) == 3 and dialog.row_texts()[0][3] == "2,500"
                    and "?" not in dialog.row_texts()[0][2], timeout=10000)
    rows = {r[0]: r for r in dialog.row_texts()}
    assert rows[DEMO_EMAIL][1:4] == ["pro", "0 / 8", "2,500"] and rows[DEMO_EMAIL][4] == "Healthy"
    assert rows[LAPSED][3] == "—" and "useapi.net" in rows[LAPSED][4]
    jid = sim.submit("a song that costs credits")
    sim.force(jid, outcome="completed", pending_s=1.5)
    qtbot.waitUntil(lambda: (v := window.model.job(jid)) is not None and v.state is JobState.COMPLETED,
                    timeout=15000)
    qtbot.waitUntil(lambda: {r[0]: r for r in dialog.row_texts()}[DEMO_EMAIL][3] == "2,490", timeout=10000)


def test_an_account_in_error_is_named_once_and_its_jobs_resume_when_healed(
    qtbot: QtBot, window: MainWindow, data_dir: Path, sim: Simulator, monkeypatch: pytest.MonkeyPatch,
    runner: TaskRunner,
) -> None:
    notices = Notices(window, monkeypatch)
    attached(qtbot, window, data_dir, sim, runner=runner)
    window.backend.tracker.set_discover(False)  # type: ignore[union-attr]
    ids = [jobid(i, LAPSED) for i in (1, 2, 3)]
    window.controller.add_ids(ids)
    qtbot.waitUntil(lambda: any(LAPSED in t for t in notices.texts), timeout=10000)
    qtbot.wait(300)
    named = [t for t in notices.texts if LAPSED in t]
    assert len(named) == 1 and "useapi.net" in named[0] and "resume by themselves" in named[0]
    assert all(not window.model.job(j).is_terminal for j in ids)  # type: ignore[union-attr]
    sim.set_account(Account(LAPSED, max_jobs=1, credits=100))
    qtbot.waitUntil(lambda: all(window.model.job(j).is_terminal for j in ids), timeout=20000)  # type: ignore[union-attr]
    named = [t for t in notices.texts if LAPSED in t]
    assert named[0] == next(t for t in notices.texts if LAPSED in t)
    assert sum("error state" in t for t in named) == 1
    assert any("answers again" in t for t in named)


def test_the_table_filters_by_account(window: MainWindow) -> None:
    window.binding._on_jobs_loaded([view(1, email="a@example.com"), view(2, email="b@example.com"),
                            view(3, email="b@example.com")])
    combo = window.account_combo
    assert not combo.isHidden()
    assert [combo.itemText(i) for i in range(combo.count())] == ["All accounts", "a@example.com", "b@example.com"]
    combo.setCurrentIndex(2)
    shown = {window.proxy.index(r, 0).data(Qt.ItemDataRole.UserRole + 2) for r in range(window.proxy.rowCount())}
    assert shown == {jobid(2, "b@example.com"), jobid(3, "b@example.com")}
    combo.setCurrentIndex(0)
    assert window.proxy.rowCount() == 3


def test_health_says_the_fix_once_and_the_button_never_reads_a_bare_accounts() -> None:
    from flowmusic_gui.engine.accounts import AccountsSummary, AccountStatus
    from flowmusic_gui.ui.accounts.view import health_text, summary_text

    lapsed = AccountStatus("x@y.z", error="refresh token rejected: re-add this account at useapi.net")
    assert health_text(lapsed).lower().count("re-add") == 1
    other = AccountStatus("x@y.z", error="suspended")
    assert "suspended" in health_text(other) and "useapi.net" in health_text(other)
    assert summary_text(AccountsSummary(0, None, None, None, (), listed=False)) == "Accounts: reading…"
    assert summary_text(AccountsSummary(0, None, None, None, (), listed=True)) == "No accounts on the token"


def test_cancelling_ones_own_job_says_when_it_is_done_and_notifies_calmly(
    qtbot: QtBot, window: MainWindow, data_dir: Path, sim: Simulator, monkeypatch: pytest.MonkeyPatch,
    runner: TaskRunner,
) -> None:
    sim.speed = 2
    attached(qtbot, window, data_dir, sim, runner=runner)
    window.backend.tracker.set_discover(False)  # type: ignore[union-attr]
    jid = sim.submit("cancel me")
    window.controller.add_ids([jid])
    qtbot.waitUntil(lambda: status_text(window, jid).startswith("Pending"), timeout=10000)

    class Desktop:
        def __init__(self) -> None:
            self.urgent: list[bool] = []

        def notify(self, key: str, title: str, body: str, actions: object, *, urgent: bool = False) -> None:
            self.urgent.append(urgent)

    desktop = Desktop()
    window.notifier.desktop = desktop  # type: ignore[assignment]
    monkeypatch.setattr(window.notifier, "_enabled", lambda: True)
    monkeypatch.setattr(CancelConfirm, "ask", classmethod(lambda cls, parent, n: True))
    window.select_jobids([jid])
    window.acts.act_cancel.trigger()
    assert window.statusBar().currentMessage() == "Cancelling 1 job…"
    qtbot.waitUntil(lambda: "Cancelling" not in window.statusBar().currentMessage(), timeout=10000)
    assert window.statusBar().currentMessage().startswith("Cancelled")
    qtbot.waitUntil(lambda: status_text(window, jid) == "Cancelled", timeout=10000)
    qtbot.waitUntil(lambda: bool(desktop.urgent), timeout=10000)
    assert desktop.urgent == [False]  # not the red, sticky kind a failure gets

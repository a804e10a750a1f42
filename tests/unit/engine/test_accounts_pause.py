"""The account monitor under a paused tracker: no account or balance read goes out; resuming reads what fell due."""

from __future__ import annotations

from pytestqt.qtbot import QtBot

from flowmusic_gui.core.client import ApiClient
from flowmusic_gui.engine.accounts import AccountsMonitor
from flowmusic_gui.engine.tasks import TaskRunner
from flowmusic_gui.simulator import DEMO_EMAIL, Simulator


def _account_reads(sim: Simulator) -> int:
    return sum(1 for r in list(sim.requests) if "/accounts" in r.path)


def test_no_balance_is_read_while_paused_and_resume_reads_them(
    qtbot: QtBot, sim: Simulator, client: ApiClient, runner: TaskRunner
) -> None:
    monitor = AccountsMonitor(lambda: client, runner, refresh_s=0.2, after_finish_s=0.05)
    try:
        monitor.start()
        qtbot.waitUntil(lambda: any(a.credits is not None for a in monitor.accounts()), timeout=10000)
        monitor.set_paused(True)
        qtbot.waitUntil(lambda: not monitor._listing and not monitor._reading, timeout=5000)  # reads already sent
        before = _account_reads(sim)
        monitor.refresh(force=True)
        monitor.job_finished(DEMO_EMAIL)
        qtbot.wait(800)  # four refresh periods and the after-finish delay, all silent
        assert _account_reads(sim) == before
        assert any(a.credits is not None for a in monitor.accounts())  # the last figures stay shown
        monitor.set_paused(False)
        qtbot.waitUntil(lambda: _account_reads(sim) > before, timeout=5000)
    finally:
        monitor.stop()
        runner.shutdown(2.0)

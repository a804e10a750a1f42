"""The accounts view as a user reads it, against the real simulator: one row per account with its tier, running
jobs against its slots, credits and health; an account in the error state says what fixes it; the one-line
summary; a server's text shown as plain text; Refresh reads again."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from flowmusic_gui.core.client import ApiClient
from flowmusic_gui.engine.accounts import AccountsMonitor, AccountsSummary, AccountStatus
from flowmusic_gui.engine.tasks import TaskRunner
from flowmusic_gui.simulator import DEMO_TOKEN, Simulator
from flowmusic_gui.simulator.accounts import Account
from flowmusic_gui.ui.accounts.view import AccountsDialog, credits_text, health_text, remedy_text, summary_text

ACCOUNTS = [
    Account("main@example.com", max_jobs=3, credits=2480, tier="pro"),
    Account("studio@example.com", user_id="1002", max_jobs=2, credits=390, tier="<b>free</b>"),
    Account("broken@example.com", user_id="1003", healthy=False),
]


@pytest.fixture
def monitor(sim: Simulator, runner: TaskRunner) -> Iterator[AccountsMonitor]:
    client = ApiClient(sim.base_url, DEMO_TOKEN, timeout=(2.0, 5.0))
    m = AccountsMonitor(lambda: client, runner, refresh_s=60, after_finish_s=60)
    yield m
    m.stop()
    runner.shutdown(2.0)
    client.close()


@pytest.mark.simulator(accounts=ACCOUNTS)
def test_each_account_is_a_row_with_slots_credits_and_health(
    qtbot: QtBot, monitor: AccountsMonitor, sim: Simulator
) -> None:
    dialog = AccountsDialog(monitor)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.summary.text() == "No accounts read yet."
    monitor.start()

    def read() -> bool:
        rows = {r[0]: r for r in dialog.row_texts()}
        return len(rows) == 3 and rows["studio@example.com"][3] == "390" and rows["broken@example.com"][4] != (
            "Checking…")

    qtbot.waitUntil(read, timeout=15_000)
    rows = {r[0]: r for r in dialog.row_texts()}
    main = rows["main@example.com"]
    assert main[1] == "pro" and main[2].endswith(" / 3") and main[3:] == ["2,480", "Healthy"]  # running of slots
    assert rows["studio@example.com"][1] == "<b>free</b>"  # the server's text, shown as it is written
    assert rows["broken@example.com"][4].startswith("Error: ")
    headers = [dialog.table.horizontalHeaderItem(c).text()  # type: ignore[union-attr]
               for c in range(dialog.table.columnCount())]
    assert headers == ["Account", "Tier", "Running", "Credits", "Health"]
    # The tier's markup is not rendered in the tooltip either.
    tier = dialog.table.item(list(rows).index("studio@example.com"), 1)
    assert tier is not None
    tip = tier.toolTip()
    assert "&lt;b&gt;" in tip
    assert "lowest 390 credits" in dialog.summary.text() and "1 needs attention" in dialog.summary.text()
    running = dialog.table.item(0, 2)
    assert running is not None and running.textAlignment() & Qt.AlignmentFlag.AlignRight
    reads = sum(1 for r in list(sim.requests) if "/accounts" in r.path)
    dialog.refresh_button.click()  # Refresh reads again, now
    qtbot.waitUntil(lambda: sum(1 for r in list(sim.requests) if "/accounts" in r.path) > reads, timeout=10_000)


def test_the_accounts_problem_is_said_and_cleared(qtbot: QtBot, monitor: AccountsMonitor) -> None:
    dialog = AccountsDialog(monitor)
    qtbot.addWidget(dialog)
    dialog.show()
    monitor.problem.emit("the API answered 502")
    assert dialog.problem.isVisible()
    assert dialog.problem.text() == "The accounts could not be read: the API answered 502"
    monitor.problem.emit("")
    assert not dialog.problem.isVisible()


def test_the_summary_line_says_what_is_known() -> None:
    none_yet = AccountsSummary(0, None, None, None, (), listed=False)
    assert summary_text(none_yet) == "Accounts: reading…"
    assert summary_text(AccountsSummary(0, None, None, None, ())) == "No accounts on the token"
    full = AccountsSummary(2, 3, "studio@example.com", 390.0, ("broken@example.com",))
    assert summary_text(full) == "3 running · lowest 390 credits · 1 needs attention"
    assert summary_text(AccountsSummary(2, None, None, None, ())) == "2 accounts"


def test_credits_and_health_read_plainly() -> None:
    assert credits_text(None) == "—"
    assert credits_text(2480) == "2,480" and credits_text(12.5) == "12.50"
    assert health_text(AccountStatus("a@example.com")) == "Checking…"
    assert health_text(AccountStatus("a@example.com", credits=10)) == "Healthy"
    failing = health_text(AccountStatus("a@example.com", error="Account is in error state."))
    assert failing == f"Error: Account is in error state. {remedy_text()}"
    # The API's own sentence already says to re-add: the remedy is not said twice.
    said = health_text(AccountStatus("a@example.com", error="Please re-add the account."))
    assert said == "Error: Please re-add the account."

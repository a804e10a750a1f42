"""The token, honestly: where it comes from, a keyring-less session said for as long as it lasts, no token."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from helpers.keyrings import MemoryKeyring, RaisingKeyring
from pytestqt.qtbot import QtBot

from flowmusic_gui.core.credentials import SERVICE, USERNAME
from flowmusic_gui.core.records import JobState
from flowmusic_gui.engine.tasks import TaskRunner
from flowmusic_gui.simulator import DEMO_TOKEN, Simulator
from flowmusic_gui.ui.backend import AppBackend
from flowmusic_gui.ui.dialogs.token import TokenDialog
from flowmusic_gui.ui.jobs.model import Column
from flowmusic_gui.ui.main_window import MainWindow

from ..conftest import jobid
from ..test_main_window import FAST, attached


def status_text(window: MainWindow, jid: str) -> str:
    row = window.model.row_of(jid)
    assert row is not None
    return str(window.model.index(row, int(Column.STATUS)).data())


def test_status_bar_names_the_keyring_or_the_environment(
    qtbot: QtBot, window: MainWindow, data_dir: Path, sim: Simulator, runner: TaskRunner
) -> None:
    keyring = MemoryKeyring()
    keyring.secrets[(SERVICE, USERNAME)] = DEMO_TOKEN
    backend = AppBackend(data_dir, sim.base_url, FAST, environ={}, keyring_backend=keyring, runner=runner)
    attached(qtbot, window, backend)
    qtbot.waitUntil(lambda: window.token_label.text() == "Token: keyring", timeout=5000)
    env = AppBackend(data_dir / "other", sim.base_url, FAST, environ={"FLOWMUSIC_API_TOKEN": DEMO_TOKEN},
                     keyring_backend=MemoryKeyring(), runner=runner)
    try:
        window.controller.apply_token(env.lookup_token())
        assert window.token_label.text() == "Token: environment"
    finally:
        env.close()


def test_without_a_keyring_the_banner_stays_and_never_says_saved(
    qtbot: QtBot, window: MainWindow, data_dir: Path, sim: Simulator, monkeypatch: pytest.MonkeyPatch,
    runner: TaskRunner,
) -> None:
    backend = AppBackend(data_dir, sim.base_url, FAST, environ={}, keyring_backend=RaisingKeyring(), runner=runner)
    attached(qtbot, window, backend)
    qtbot.waitUntil(lambda: window.token_label.text() == "No token", timeout=5000)
    notes: list[str] = []

    def ask(cls: type, parent: object, checker: object, saver: object, note: str = "", **_: object) -> object:
        notes.append(note)
        return backend.save_token(DEMO_TOKEN)  # the real save: the keyring refuses, the session keeps it

    monkeypatch.setattr(TokenDialog, "ask", classmethod(ask))
    window.controller.open_token_dialog()
    assert notes == ["No token is set."]
    assert window.banner.isVisibleTo(window)
    assert "kept only until the app closes" in window.banner.label.text()
    assert "saved" not in window.statusBar().currentMessage().lower()
    assert window.token_label.text() == "Token: this session only"
    # The dialog, opened again, says a token is set without showing it.
    window.controller.open_token_dialog()
    assert "set for this session only" in notes[-1] and DEMO_TOKEN not in notes[-1]
    # Dismissing is not possible: it is true until the app closes.
    assert not window.banner._close.isVisibleTo(window)


def test_without_a_token_rows_wait_for_it_and_f5_asks_for_one(
    qtbot: QtBot, window: MainWindow, data_dir: Path, sim: Simulator, monkeypatch: pytest.MonkeyPatch,
    runner: TaskRunner,
) -> None:
    backend = AppBackend(data_dir, sim.base_url, FAST, environ={}, keyring_backend=MemoryKeyring(), runner=runner)
    attached(qtbot, window, backend)
    qtbot.waitUntil(lambda: window.controller.token_lookup is not None, timeout=5000)
    window.controller.add_ids([jobid(1)])
    assert status_text(window, jobid(1)) == "Waiting for an API token"
    asked: list[str] = []

    def ask(cls: type, parent: object, checker: object, saver: Any, note: str = "", **_: object) -> object:
        asked.append(note)
        return saver(DEMO_TOKEN)

    monkeypatch.setattr(TokenDialog, "ask", classmethod(ask))
    window.select_jobids([jobid(1)])
    window.acts.act_recheck.trigger()
    assert asked == ["No token is set."]
    assert window.token_label.text() == "Token: keyring"
    assert status_text(window, jobid(1)) != "Waiting for an API token"

    def checked() -> bool:
        job = window.model.job(jobid(1))
        return job is not None and job.state is not JobState.NEW

    qtbot.waitUntil(checked, timeout=5000)

"""The window's commands beyond its widgets, as a user meets them: ids given before the stored jobs are shown
are added once they are (the command line's ``flowmusic-gui JOBID``), a paste with no id says where it looked,
Undo after Remove brings the jobs back selected, and where the token comes from in a few words."""

from __future__ import annotations

from pathlib import Path

from helpers.keyrings import MemoryKeyring
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from flowmusic_gui.core.credentials import ENV_VAR, SERVICE, USERNAME, TokenLookup, TokenSource
from flowmusic_gui.core.schedule import PolicyConfig
from flowmusic_gui.engine.tasks import TaskRunner
from flowmusic_gui.simulator import DEMO_TOKEN, Simulator
from flowmusic_gui.ui.backend import AppBackend
from flowmusic_gui.ui.controller import token_source_text, token_state_sentence
from flowmusic_gui.ui.main_window import MainWindow

from .conftest import jobid

FAST = PolicyConfig(poll_interval=0.2, max_interval=0.5, budget_per_s=50, prior_min_s=0.1, prior_max_s=1.0)


def backend_for(data_dir: Path, sim: Simulator, runner: TaskRunner) -> AppBackend:
    keyring = MemoryKeyring()
    keyring.secrets[(SERVICE, USERNAME)] = DEMO_TOKEN
    return AppBackend(data_dir, sim.base_url, FAST, environ={}, keyring_backend=keyring, runner=runner)


def rows(window: MainWindow) -> set[str]:
    return {window.proxy.index(r, 0).data(Qt.ItemDataRole.UserRole + 2) for r in range(window.proxy.rowCount())}


def test_ids_given_before_the_table_is_loaded_are_added_once_it_is(
    qtbot: QtBot, window: MainWindow, data_dir: Path, sim: Simulator, runner: TaskRunner
) -> None:
    said: list[str] = []
    window.bridge.posted.connect(lambda message: said.append(message.text))
    assert window.controller.add_ids([jobid(1), jobid(2)]) == 2  # kept: the tracker is not running yet
    with qtbot.waitSignal(window.jobs_shown, timeout=5000):
        window.attach(backend_for(data_dir, sim, runner))
    qtbot.waitUntil(lambda: rows(window) == {jobid(1), jobid(2)}, timeout=5000)
    # The notice says so, once: when the ids are taken in, not also when they were kept for later (an account's
    # own notice may follow it).
    assert said.count("Added 2 jobs.") == 1, said


def test_text_without_an_id_says_where_it_looked_and_undo_restores_a_removal(
    qtbot: QtBot, window: MainWindow, data_dir: Path, sim: Simulator, runner: TaskRunner
) -> None:
    with qtbot.waitSignal(window.jobs_shown, timeout=5000):
        window.attach(backend_for(data_dir, sim, runner))
    assert window.controller.add_text("nothing to see here") == 0
    assert window.notice.label.text() == "No job id found in the clipboard."
    window.controller.add_ids([jobid(3), jobid(4)])
    window.controller.remove([jobid(3)])
    assert rows(window) == {jobid(4)}
    assert window.notice.label.text() == "Removed 1 job."
    with qtbot.waitSignal(window.bridge.status_posted, timeout=2000) as posted:
        window.controller.undo_remove()
    assert posted.args[0] == "Restored 1 job"
    assert rows(window) == {jobid(3), jobid(4)}
    assert window.selected_jobids() == [jobid(3)]  # the restored job is selected, in view
    window.controller.undo_remove()  # nothing left to undo: no change
    assert rows(window) == {jobid(3), jobid(4)}


def test_where_the_token_comes_from_in_a_few_words_and_never_the_token() -> None:
    secret = "s3cr3t-token-value"
    keyring = TokenLookup(secret, TokenSource.KEYRING, "from the keyring")
    assert token_source_text(keyring) == "Token: keyring"
    assert token_source_text(TokenLookup(secret, TokenSource.ENV, "env")) == "Token: environment"
    assert token_source_text(TokenLookup(secret, TokenSource.SESSION, "s")) == "Token: this session only"
    assert token_source_text(TokenLookup(None, TokenSource.NONE, "none")) == "No token"
    assert token_source_text(keyring, demo=True) == "Token: demo"
    assert token_source_text(None) == ""
    sentences = [token_state_sentence(TokenLookup(secret, source, "x"))
                 for source in (TokenSource.KEYRING, TokenSource.ENV, TokenSource.SESSION)]
    assert sentences[0] == "A token is set, saved in the system keyring. Save another to replace it."
    assert ENV_VAR in sentences[1]
    assert "for this session only" in sentences[2]
    assert all(secret not in s for s in sentences)
    bad = TokenLookup(None, TokenSource.ENV, "x", problem="the token has a line break")
    assert token_state_sentence(bad) == "No token is set. the token has a line break."

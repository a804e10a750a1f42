"""The window against a running-jobs list that names a job which does not exist: the row appears while the list
shows it, then goes, with a line in the activity list saying why."""

from __future__ import annotations

import uuid
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from helpers.httpserver import Reply, ScriptedServer, Seen
from helpers.keyrings import MemoryKeyring
from pytestqt.qtbot import QtBot

from flowmusic_gui.core.credentials import SERVICE, USERNAME
from flowmusic_gui.core.schedule import PolicyConfig
from flowmusic_gui.engine.tasks import TaskRunner
from flowmusic_gui.ui.backend import AppBackend
from flowmusic_gui.ui.main_window import MainWindow

FAST = PolicyConfig(poll_interval=0.05, max_interval=0.3, budget_per_s=50, prior_min_s=0.1, prior_max_s=3.0)
ME = "me@example.com"
TOKEN = "user:1-discovery-token"


def test_a_listed_job_that_answers_404_leaves_the_table_with_a_line_in_the_activity_list(
    qtbot: QtBot, window: MainWindow, data_dir: Path, runner: TaskRunner, monkeypatch: pytest.MonkeyPatch
) -> None:
    ghost = f"job:{uuid.uuid4()}-user:1-{ME}-bot:flowmusic"
    listed = [ghost]

    def handle(seen: Seen) -> Reply:
        path = urlsplit(seen.path).path.removeprefix("/v1/flowmusic")
        if path == "/jobs":
            return Reply(json={ME: {"running": len(listed), "maxJobs": 4,
                                    "jobs": [{"jobid": j, "status": "pending"} for j in listed]}})
        if path.startswith("/jobs/"):
            return Reply(404, json={"error": "Not found", "code": 404})
        if path == "/accounts":
            return Reply(json={ME: {"email": ME, "maxJobs": 4}})
        return Reply(json={})

    texts: list[str] = []
    original = window.show_notice

    def record(text: str, **kwargs: Any) -> None:
        texts.append(text)
        original(text, **kwargs)

    monkeypatch.setattr(window, "show_notice", record)
    with ScriptedServer() as api:
        api.handler = handle
        keyring = MemoryKeyring()
        keyring.secrets[(SERVICE, USERNAME)] = TOKEN
        backend = AppBackend(data_dir, api.url, FAST, environ={}, keyring_backend=keyring, runner=runner)
        with qtbot.waitSignal(window.jobs_shown, timeout=5000):
            window.attach(backend)
        qtbot.waitUntil(lambda: window.model.row_of(ghost) is not None, timeout=15_000)
        listed.clear()  # it leaves the list; its own record says there is no such job
        qtbot.waitUntil(lambda: window.model.row_of(ghost) is None, timeout=15_000)
        gone = [t for t in texts if "does not exist" in t]
        assert len(gone) == 1 and ME in gone[0] and "taken off the list" in gone[0]
        window.shutdown()

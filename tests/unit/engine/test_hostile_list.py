"""Discovery against a hostile running-jobs list on a real local server: ids listed under an account they do not
belong to are refused, and a listed job that answers 404 is taken off the list again with a word, not kept."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from helpers.httpserver import Reply, ScriptedServer, Seen
from pytestqt.qtbot import QtBot

from flowmusic_gui.core.client import ApiClient
from flowmusic_gui.core.store import JobStore
from flowmusic_gui.engine.tasks import TaskRunner
from flowmusic_gui.engine.tracker import Tracker

from .conftest import FAST

ME = "me@example.com"


def jobid(email: str = ME) -> str:
    return f"job:{uuid.uuid4()}-user:1-{email}-bot:flowmusic"


@pytest.fixture
def api() -> Iterator[ScriptedServer]:
    with ScriptedServer() as server:
        yield server


@pytest.fixture
def tracker(tmp_path: Path, api: ScriptedServer, runner: TaskRunner) -> Iterator[Tracker]:
    store = JobStore(tmp_path / "jobs.sqlite3")
    client = ApiClient(api.url, "user:1-token", timeout=(2.0, 5.0))
    t = Tracker(store, client, FAST, discover=True, runner=runner)
    yield t
    t.stop()
    client.close()
    store.close()


def serve(api: ScriptedServer, listed: dict[str, list[str]], record: Callable[[str], Reply]) -> None:
    def handle(seen: Seen) -> Reply:
        path = urlsplit(seen.path).path.removeprefix("/v1/flowmusic")
        if path == "/jobs":
            return Reply(json={email: {"running": len(ids), "maxJobs": 4,
                                       "jobs": [{"jobid": j, "status": "pending"} for j in ids]}
                               for email, ids in listed.items()})
        if path.startswith("/jobs/"):
            return record(unquote(path[len("/jobs/"):]))
        return Reply(json={})
    api.handler = handle


def test_a_listed_id_that_names_another_account_is_refused(
    qtbot: QtBot, api: ScriptedServer, tracker: Tracker
) -> None:
    mine, foreign = jobid(), jobid("victim@example.org")
    serve(api, {ME: [mine, foreign]}, lambda j: Reply(json={"jobid": j, "email": ME, "status": "pending"}))
    found: list[tuple[str, list[str]]] = []
    tracker.jobs_discovered.connect(lambda email, ids: found.append((email, ids)))
    tracker.start()
    qtbot.waitUntil(lambda: bool(found), timeout=10_000)
    assert found == [(ME, [mine])]
    assert tracker.job(foreign) is None
    assert tracker.store is not None and tracker.store.get(foreign) is None


def test_a_discovered_job_that_answers_404_is_dropped_with_a_word(
    qtbot: QtBot, api: ScriptedServer, tracker: Tracker
) -> None:
    ghost = jobid()
    listed = {ME: [ghost]}
    serve(api, listed, lambda _j: Reply(404, json={"error": "Not found", "code": 404}))
    gone: list[tuple[str, str]] = []
    tracker.discovered_gone.connect(lambda j, e: gone.append((j, e)))
    tracker.start()
    qtbot.waitUntil(lambda: tracker.job(ghost) is not None, timeout=10_000)
    listed[ME] = []  # it leaves the list: its own record is read, and there is none
    qtbot.waitUntil(lambda: bool(gone), timeout=15_000)
    assert gone == [(ghost, ME)]
    assert tracker.job(ghost) is None
    store = tracker.store
    assert store is not None
    qtbot.waitUntil(lambda: store.get(ghost) is None, timeout=10_000)

"""The global request budget as the server sees it: arrival times recorded by a real local server."""

from __future__ import annotations

from pathlib import Path

from helpers.httpserver import Reply, ScriptedServer
from pytestqt.qtbot import QtBot

from flowmusic_gui.core.client import ApiClient
from flowmusic_gui.core.schedule import PolicyConfig
from flowmusic_gui.core.store import JobStore
from flowmusic_gui.engine.tasks import TaskRunner
from flowmusic_gui.engine.tracker import Tracker

from .test_poller import make_ids

BUDGET = PolicyConfig(poll_interval=0.2, max_interval=1.0, budget_per_s=2, prior_min_s=0.05, prior_max_s=0.8)


def _most_in_one_second(times: list[float]) -> int:
    times = sorted(times)
    return max((sum(1 for u in times[i:] if u - t < 1.0) for i, t in enumerate(times)), default=0)


def test_start_up_and_new_settings_stay_within_two_requests_a_second(
    qtbot: QtBot, tmp_path: Path, runner: TaskRunner
) -> None:
    """The window starts polling, then applies the saved settings and API base: no fresh burst from either."""
    with ScriptedServer() as server:
        server.reply(Reply(200, json={"jobid": "x", "status": "pending"}))
        store = JobStore(tmp_path / "jobs.sqlite3")
        store.add(make_ids(8))
        client = ApiClient(server.url, "token", timeout=(2.0, 5.0))
        tracker = Tracker(store, client, BUDGET, runner=runner)
        try:
            tracker.start()
            qtbot.waitUntil(lambda: len(server.requests) >= 1, timeout=5000)
            tracker.set_config(PolicyConfig(poll_interval=0.2, max_interval=1.0, budget_per_s=2.5,
                                            prior_min_s=0.05, prior_max_s=0.8))
            tracker.replace_client(ApiClient(server.url, "token", timeout=(2.0, 5.0)))
            qtbot.waitUntil(lambda: len(server.requests) >= 6, timeout=10000)
        finally:
            tracker.stop()
            store.close()
        arrivals = [seen.at for seen in server.requests]
    assert _most_in_one_second(arrivals) <= 2, [round(t - arrivals[0], 3) for t in arrivals]

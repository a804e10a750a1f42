"""`flowmusic watch` learns what songs take to make and keeps it in the store, so the next `watch` (or the window)
starts with it; the job list itself stays untouched without --track."""

from __future__ import annotations

from pathlib import Path

from helpers.cli import FAST, jobid, run

from flowmusic_gui.core.store import JobStore
from flowmusic_gui.simulator import Simulator


def test_watch_keeps_each_song_s_generation_time_for_the_next_run(sim: Simulator, env: dict[str, str]) -> None:
    first, second = jobid(), jobid()
    for j in (first, second):
        sim.force(j, outcome="completed", pending_s=0.2)
    assert run(["watch", *FAST, first], env).returncode == 0
    assert run(["list", "--json"], env).stdout == ""  # the list is left alone
    assert run(["watch", *FAST, second], env).returncode == 0  # starts with the first one's timing; adds its own
    with JobStore(Path(env["FLOWMUSIC_DATA_DIR"]) / JobStore.FILENAME) as store:
        learned = store.stored_durations()
    assert len(learned) == 2
    assert {d.account for d in learned} == {"demo@flowmusic.local"}
    assert all(d.seconds > 0 for d in learned)

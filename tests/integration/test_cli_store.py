"""The command line's store: one database object per process, every write through its one writer lane."""

from __future__ import annotations

import ast
import io
import json
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from helpers.cli import FAST
from pytestqt.qtbot import QtBot

from flowmusic_gui.cli.watch import WatchSession
from flowmusic_gui.core.client import ApiClient
from flowmusic_gui.core.config import policy_config
from flowmusic_gui.core.store import JobStore
from flowmusic_gui.core.store import database as store_database
from flowmusic_gui.simulator import DEMO_TOKEN, Simulator

pytestmark = pytest.mark.simulator(failure_rate=0.0, short_clips=True)


@pytest.mark.expect_log("cannot be saved yet", "being saved again")
def test_watch_track_with_the_store_locked_says_so_once_and_saves_everything_after(
    qtbot: QtBot, sim: Simulator, tmp_path: Path, capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:  # fmt: skip
    # Each attempt waits out the other process's lock this long (5 s in the command); the behaviour is the same.
    monkeypatch.setattr(store_database, "BUSY_TIMEOUT_S", 0.2)
    ids = [sim.submit(f"song {n}") for n in range(2)]
    for jobid in ids:
        sim.force(jobid, outcome="completed", pending_s=2.5)
    store = JobStore(tmp_path / JobStore.FILENAME)
    lock = sqlite3.connect(str(store.path), isolation_level=None)  # the window writing a huge list, say
    lock.execute("BEGIN IMMEDIATE")
    client = ApiClient(sim.base_url, DEMO_TOKEN)
    out = io.StringIO()
    try:
        session = WatchSession(list(ids), client, policy_config(poll_interval=0.05, max_interval=0.3), store, True,
                               out, durations=store)  # fmt: skip
        assert session.writer is not None
        # The lock is let go a while after the first report (a few more attempts fail meanwhile, unsaid).
        session.writer.problem.connect(lambda m: _later(700, lock) if m else None)
        code = session.run(30.0)
    finally:
        lock.close()
        client.close()
    err = capsys.readouterr().err
    assert code == 0, err
    said = [line for line in err.splitlines() if "cannot be saved yet" in line]
    assert len(said) == 1 and "locked" in said[0], err
    assert "could not be saved" not in err
    last = {obj["jobid"]: obj["state"] for obj in map(json.loads, out.getvalue().splitlines())}
    assert last == dict.fromkeys(ids, "completed")
    store.close()
    with JobStore(tmp_path / JobStore.FILENAME) as fresh:
        assert fresh.jobids() == set(ids)
        assert {j: fresh.get(j).state.value for j in ids} == dict.fromkeys(ids, "completed")  # type: ignore[union-attr]


def _later(ms: int, lock: sqlite3.Connection) -> None:
    from PySide6.QtCore import QTimer

    QTimer.singleShot(ms, lambda: lock.execute("ROLLBACK") if lock.in_transaction else None)


#: Runs `flowmusic ARGS` in a process that counts every database object it opens (by the file it opens).
COUNTING = """
import atexit, sys
from flowmusic_gui.core.store import database
opened = []
real = database.Database.__init__
def counted(self, path):
    opened.append(str(path))
    real(self, path)
database.Database.__init__ = counted
atexit.register(lambda: print("OPENED " + repr(opened), file=sys.stderr))
from flowmusic_gui.cli import main
sys.exit(main(sys.argv[1:]))
"""


@pytest.mark.parametrize("args", [
    ["make", "lofi, rain", "--count", "2", "--json"],
    ["make", "one", "--json", "--wait", "--timeout", "50", *FAST],
])  # fmt: skip
def test_make_holds_one_database_object_for_the_whole_process(sim: Simulator, env: dict[str, str],
                                                              args: list[str]) -> None:  # fmt: skip
    proc = subprocess.run([sys.executable, "-c", COUNTING, *args], capture_output=True, text=True, env=env,
                          timeout=90)  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    opened = ast.literal_eval(proc.stderr.rsplit("OPENED ", 1)[1].strip())
    assert opened == [str(Path(env["FLOWMUSIC_DATA_DIR"]) / JobStore.FILENAME)], proc.stderr
    with JobStore(Path(env["FLOWMUSIC_DATA_DIR"]) / JobStore.FILENAME) as store:
        jobids = {json.loads(line)["jobid"] for line in proc.stdout.splitlines() if '"ref"' in line}
        assert jobids and jobids <= store.jobids()

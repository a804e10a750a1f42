"""Measure: how many SQLite connections a running window holds to its store (``jobs.sqlite3``).

Starts the real app (``python -m flowmusic_gui``, offscreen, in a private home and data folder) against a local
simulator with a token in the environment and two jobs to track, waits until they are tracked and the downloads
queue has restored, then counts the process's open file descriptors on
``jobs.sqlite3`` (one per connection; the ``-wal`` and ``-shm`` files are not counted) and stops the app.

Run from the repository root: ``python bench/connections.py`` (``--settle S``: how long to let it run, default 10).
Exits non-zero when the window holds more than one.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def connections(pid: int, store: Path) -> int:
    count = 0
    for fd in Path(f"/proc/{pid}/fd").iterdir():
        try:
            if Path(os.readlink(fd)) == store:
                count += 1
        except OSError:
            continue
    return count


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--settle", type=float, default=10.0, help="seconds to let the window run before counting")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        home = Path(tmp) / "home"
        data = Path(tmp) / "data"
        home.mkdir()
        env = {**os.environ, "HOME": str(home), "XDG_CONFIG_HOME": str(home / ".config"),
               "XDG_DATA_HOME": str(home / ".local/share"), "XDG_CACHE_HOME": str(home / ".cache"),
               "XDG_STATE_HOME": str(home / ".local/state"), "QT_QPA_PLATFORM": "offscreen"}
        root = Path(__file__).resolve().parent.parent
        sys.path.insert(0, str(root))
        from flowmusic_gui.simulator import DEMO_TOKEN, Simulator

        sim = Simulator(token=DEMO_TOKEN, speed=50).start()
        env["FLOWMUSIC_API_TOKEN"] = DEMO_TOKEN
        ids = [sim.submit("a song for the count"), sim.submit("another")]
        proc = subprocess.Popen([sys.executable, "-m", "flowmusic_gui", "--api-base", sim.base_url, "--data-dir",
                                 str(data), *ids], env=env, cwd=root, stdout=subprocess.DEVNULL,
                                stderr=subprocess.DEVNULL)
        try:
            store = data / "jobs.sqlite3"
            deadline = time.monotonic() + 30
            while not store.exists() and time.monotonic() < deadline and proc.poll() is None:
                time.sleep(0.2)
            time.sleep(args.settle)
            if proc.poll() is not None:
                print(f"the window exited early ({proc.returncode})", file=sys.stderr)
                return 2
            held = connections(proc.pid, store.resolve())
        finally:
            proc.terminate()
            try:
                proc.wait(10)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
            sim.stop()
    print(f"a running window holds {held} connection(s) to jobs.sqlite3")
    return 0 if held <= 1 else 1


if __name__ == "__main__":
    raise SystemExit(main())

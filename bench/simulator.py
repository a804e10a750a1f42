"""How fast the simulator answers polls, and how soon the demo shows its first finished song.

1. Polls: `flowmusic simulate` runs in its own process (as a real server would); client threads, each on one
   keep-alive connection (http.client, so the client's own cost stays small), poll a fixed set of jobids for a
   fixed time. Reported: answered polls per second (all 200s) and the p50/p99 latency. Target: >= 1,000/s.
2. Demo: `flowmusic-gui --demo --screenshot` (offscreen) with a hook that prints the time of the window's first
   paint and of the first row turning completed. Reported: first paint -> first finished song, median of runs.
   ``--before DIR`` runs the same measurement on another checkout (say, the commit before the simulator
   changed, unpacked with `git archive`), alternating runs so both see the same load.

    python bench/simulator.py [--seconds 5] [--threads 4] [--demo-runs 3] [--before DIR]
"""

from __future__ import annotations

import argparse
import http.client
import os
import re
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from urllib.parse import quote

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from flowmusic_gui.simulator import DEMO_TOKEN, demo_jobids  # noqa: E402

POLL_TARGET = 1000.0

HOOK = r"""
import sys, time
from flowmusic_gui import gui
from flowmusic_gui.core.records import JobState
seen = []
original_paint = gui.App._on_first_paint
def on_paint(self):
    print("FIRST-PAINT", time.perf_counter(), flush=True)
    original_paint(self)
gui.App._on_first_paint = on_paint
original_changed = gui._Screenshot._on_changed
def on_changed(self, view):
    if view.state is JobState.COMPLETED and not seen:
        seen.append(1)
        print("FIRST-DONE", time.perf_counter(), flush=True)
    original_changed(self, view)
gui._Screenshot._on_changed = on_changed
sys.exit(gui.main(["--demo", "--screenshot", sys.argv[1]]))
"""


def start_simulator() -> tuple[subprocess.Popen[str], str, int]:
    proc = subprocess.Popen(
        [sys.executable, "-m", "flowmusic_gui.simulator", "--port", "0", "--speed", "1"],
        stdout=subprocess.PIPE, text=True, cwd=REPO, env={**os.environ, "PYTHONPATH": str(REPO)},
    )  # fmt: skip
    assert proc.stdout is not None
    for line in proc.stdout:
        m = re.search(r"http://(127\.0\.0\.1):(\d+)", line)
        if m:
            threading.Thread(target=proc.stdout.read, daemon=True).start()  # keep its pipe drained
            return proc, m.group(1), int(m.group(2))
    raise RuntimeError("the simulator did not start")


def bench_polls(seconds: float, threads: int) -> dict[str, float]:
    proc, host, port = start_simulator()
    paths = [f"/v1/flowmusic/jobs/{quote(j, safe='')}" for j in demo_jobids()[:5]]
    headers = {"Authorization": f"Bearer {DEMO_TOKEN}"}
    latencies: list[list[float]] = [[] for _ in range(threads)]
    bad = [0] * threads
    start = threading.Event()
    stop_at = [0.0]

    def worker(n: int) -> None:
        conn = http.client.HTTPConnection(host, port, timeout=10)
        start.wait()
        i = n
        while time.perf_counter() < stop_at[0]:
            t0 = time.perf_counter()
            conn.request("GET", paths[i % len(paths)], headers=headers)
            resp = conn.getresponse()
            resp.read()
            latencies[n].append(time.perf_counter() - t0)
            if resp.status != 200:
                bad[n] += 1
            i += 1
        conn.close()

    try:
        pool = [threading.Thread(target=worker, args=(n,)) for n in range(threads)]
        for t in pool:
            t.start()
        began = time.perf_counter()
        stop_at[0] = began + seconds
        start.set()
        for t in pool:
            t.join(seconds + 30)
        elapsed = time.perf_counter() - began
    finally:
        proc.terminate()
        proc.wait(10)
    every = sorted(x for lat in latencies for x in lat)
    return {
        "polls": len(every),
        "per_s": len(every) / elapsed,
        "p50_ms": every[len(every) // 2] * 1000,
        "p99_ms": every[int(len(every) * 0.99)] * 1000,
        "errors": sum(bad),
    }


def demo_once(checkout: Path) -> float:
    with tempfile.TemporaryDirectory() as tmp:
        env = {**os.environ, "PYTHONPATH": str(checkout), "QT_QPA_PLATFORM": "offscreen"}
        out = subprocess.run(
            [sys.executable, "-c", HOOK, str(Path(tmp) / "shot.png")],
            capture_output=True, text=True, env=env, cwd=tmp, timeout=180, check=False,
        )  # fmt: skip
    paint = re.search(r"FIRST-PAINT ([0-9.]+)", out.stdout)
    done = re.search(r"FIRST-DONE ([0-9.]+)", out.stdout)
    if paint is None or done is None:
        raise RuntimeError(f"the demo run did not report both times:\n{out.stdout}\n{out.stderr[-2000:]}")
    return float(done.group(1)) - float(paint.group(1))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=float, default=5.0)
    parser.add_argument("--threads", type=int, default=4)
    parser.add_argument("--demo-runs", type=int, default=3)
    parser.add_argument("--before", type=Path, default=None, help="another checkout to measure the demo on")
    args = parser.parse_args()

    polls = bench_polls(args.seconds, args.threads)
    print(f"polls: {polls['polls']:.0f} in {args.seconds:g} s over {args.threads} connections: "
          f"{polls['per_s']:.0f}/s, p50 {polls['p50_ms']:.2f} ms, p99 {polls['p99_ms']:.2f} ms, "
          f"{polls['errors']:.0f} not 200")  # fmt: skip
    ok = polls["per_s"] >= POLL_TARGET and polls["errors"] == 0

    if args.demo_runs > 0:
        after: list[float] = []
        before: list[float] = []
        for _ in range(args.demo_runs):
            if args.before is not None:
                before.append(demo_once(args.before))
            after.append(demo_once(REPO))
        line = f"demo first paint -> first finished song: median {statistics.median(after):.2f} s " + (
            f"(runs {', '.join(f'{x:.2f}' for x in after)})"
        )
        print(line)
        if before:
            print(f"  before ({args.before}): median {statistics.median(before):.2f} s "
                  f"(runs {', '.join(f'{x:.2f}' for x in before)})")  # fmt: skip
            ok = ok and statistics.median(after) <= statistics.median(before) * 1.10
    print("target met" if ok else "TARGET MISSED")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())

"""The submission queue's figures: a batch of songs over three accounts of 2, 3 and 8 slots on the simulator.

Run from the repository root: ``python bench/studio.py``. Prints a Markdown table; exits 1 if a target is missed.
Targets: the batch's wall time within 15 % of the ideal the slots allow (the same jobs, in the same order, each
started the moment any slot is free, with no network time); 429s a handful at most (<= 5); and with a fifth of the
POSTs losing their answer (half after the job was made, half without making one): no song made twice and none
lost (each submission ends submitted with the jobid the simulator made for its replyRef, or not_made with none).
"""

from __future__ import annotations

import argparse
import heapq
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from PySide6.QtCore import QCoreApplication, QTimer  # noqa: E402

from flowmusic_gui.core.client import ApiClient  # noqa: E402
from flowmusic_gui.core.store import JobStore  # noqa: E402
from flowmusic_gui.core.submissions import ReconcilePolicy, SubmissionState, new_submission  # noqa: E402
from flowmusic_gui.engine.submit_queue import SubmissionQueue  # noqa: E402
from flowmusic_gui.engine.tasks import TaskRunner  # noqa: E402
from flowmusic_gui.simulator import DEMO_TOKEN, Simulator  # noqa: E402
from flowmusic_gui.simulator.accounts import Account  # noqa: E402

ACCOUNTS = [
    Account("two@bench.local", user_id="11", max_jobs=2, credits=100_000),
    Account("three@bench.local", user_id="12", max_jobs=3, credits=100_000),
    Account("eight@bench.local", user_id="13", max_jobs=8, credits=100_000),
]


def ideal_makespan(durations: list[float], slots: int) -> float:
    """Greedy list scheduling: each job, in order, starts when the first slot frees (no latency at all)."""
    free = [0.0] * slots
    heapq.heapify(free)
    end = 0.0
    for d in durations:
        start = heapq.heappop(free)
        heapq.heappush(free, start + d)
        end = max(end, start + d)
    return end


def run_batch(n: int, speed: float, lose: float, seed: int, list_interval: float) -> dict[str, object]:
    app = QCoreApplication.instance() or QCoreApplication([])
    with tempfile.TemporaryDirectory() as tmp, Simulator(
        token=DEMO_TOKEN, accounts=ACCOUNTS, speed=speed, seed=seed, failure_rate=0.0, short_clips=True,
        lose_answers=lose,
    ) as sim:  # fmt: skip
        path = Path(tmp) / JobStore.FILENAME
        with JobStore(path) as store:
            subs = store.add_submissions(
                [new_submission("music", {"prompt": f"bench song {i}"}, email=None, now=_now()) for i in range(n)]
            )
        refs = {s.ref for s in subs}
        runner = TaskRunner(max_threads=12)
        client = ApiClient(sim.base_url, DEMO_TOKEN, timeout=(3.0, 10.0))
        queue = SubmissionQueue(
            runner, path, client, list_interval_s=list_interval, reconcile_interval_s=1.0,
            policy=ReconcilePolicy(min_looks=3, min_wait_s=5.0), refs=refs,
        )  # fmt: skip
        final: dict[str, object] = {}
        first_post: list[float] = []
        last_done = [0.0]

        def left(sub: object) -> None:
            final[sub.ref] = sub  # type: ignore[attr-defined]
            if len(final) == n and all(
                s.state is not SubmissionState.UNCERTAIN or s.evidence is not None  # type: ignore[attr-defined]
                for s in final.values()
            ):
                QTimer.singleShot(0, app.quit)

        queue.left.connect(left)
        queue.changed.connect(lambda s: first_post.append(time.monotonic()) if s.state is SubmissionState.SENDING
                              and not first_post else None)  # fmt: skip
        started = time.monotonic()
        deadline = QTimer()
        deadline.setSingleShot(True)
        deadline.timeout.connect(app.quit)
        deadline.start(600_000)
        queue.start()
        app.exec()
        deadline.stop()
        # The batch is over when its last job has ended (the jobs made are what the slots pace).
        made = [s for s in final.values() if s.jobid]  # type: ignore[attr-defined]
        plans = [sim.plan(s.jobid) for s in made]  # type: ignore[attr-defined]
        # Each job's end: its first sight (creation) plus its pending time, in the simulator's clock.
        ends = [sim._jobs[p.jobid].first_seen + p.pending_s for p in plans]
        last_done[0] = max(ends) if ends else time.monotonic()
        wall = last_done[0] - started
        queue.close(5.0)
        runner.shutdown(2.0)
        client.close()
        with sim._log_lock:
            posts = [r for r in sim.requests if r.method == "POST"]
        throttled = sum(1 for r in posts if r.status == 429)
        made_twice = 0
        lost = 0
        states: dict[str, int] = {}
        for ref in refs:
            sub = final.get(ref)
            jobs = sim.jobs_with_ref(ref)
            if len(jobs) > 1:
                made_twice += 1
            state = sub.state.value if sub is not None else "missing"  # type: ignore[attr-defined]
            states[state] = states.get(state, 0) + 1
            wrong_job = sub is not None and sub.state is SubmissionState.SUBMITTED and jobs != [sub.jobid]  # type: ignore[attr-defined]
            false_not_made = sub is not None and sub.state is SubmissionState.NOT_MADE and bool(jobs)  # type: ignore[attr-defined]
            if sub is None or wrong_job or false_not_made:
                lost += 1
        durations = [p.pending_s for p in plans]
        ideal = ideal_makespan(durations, sum(a.max_jobs for a in ACCOUNTS))
        return {
            "wall": wall, "ideal": ideal, "posts": len(posts), "throttled": throttled, "twice": made_twice,
            "lost": lost, "states": states,
        }  # fmt: skip


def _now():  # type: ignore[no-untyped-def]
    from datetime import datetime, timezone

    return datetime.now(timezone.utc)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--songs", type=int, default=50)
    parser.add_argument("--speed", type=float, default=20.0, help="simulator speed (songs take 30-180 s / speed)")
    parser.add_argument("--lose", type=float, default=0.2, help="share of POSTs whose answer is lost (second run)")
    parser.add_argument("--list-interval", type=float, default=0.25, help="the queue's own look at GET /jobs (s)")
    parser.add_argument("--seed", type=int, default=7)
    ns = parser.parse_args()
    clean = run_batch(ns.songs, ns.speed, 0.0, ns.seed, ns.list_interval)
    lossy = run_batch(ns.songs, ns.speed, ns.lose, ns.seed + 1, ns.list_interval)
    over = clean["wall"] / clean["ideal"] - 1  # type: ignore[operator]
    ok_pace = over <= 0.15
    ok_429 = clean["throttled"] <= 5  # type: ignore[operator]
    ok_once = lossy["twice"] == 0 and lossy["lost"] == 0
    print("| measure | result | target |\n| --- | --- | --- |")
    print(f"| wall time, {ns.songs} songs over 2+3+8 slots | {clean['wall']:.1f} s vs ideal {clean['ideal']:.1f} s "
          f"({over:+.0%}) | within 15 %: {'met' if ok_pace else 'MISSED'} |")  # fmt: skip
    print(f"| 429s provoked | {clean['throttled']} of {clean['posts']} POSTs | a handful (<= 5): "
          f"{'met' if ok_429 else 'MISSED'} |")  # fmt: skip
    print(f"| with {ns.lose:.0%} of answers lost: made twice | {lossy['twice']} | 0: "
          f"{'met' if ok_once else 'MISSED'} |")  # fmt: skip
    print(f"| with {ns.lose:.0%} of answers lost: lost | {lossy['lost']} (states {lossy['states']}, "
          f"{lossy['posts']} POSTs) | 0: {'met' if ok_once else 'MISSED'} |")  # fmt: skip
    return 0 if ok_pace and ok_429 and ok_once else 1


if __name__ == "__main__":
    sys.exit(main())

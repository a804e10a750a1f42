"""What one look at a huge running-jobs list costs the poll schedule on the thread that runs it.

12,000 jobs of one account are watched and listed; each of a few looks is handed to ``WatchPolicy.list_result``
and then ``next_actions`` runs, as the engine does after every answer. Prints the milliseconds of each (CPU of
this process, wall clock; run it on a quiet machine or compare two trees in one run with ``--app-path``).

    python bench/list_look.py [--jobs N] [--looks N] [--profile]
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import sys
import time
from pathlib import Path


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--jobs", type=int, default=12_000)
    parser.add_argument("--looks", type=int, default=5)
    parser.add_argument("--profile", action="store_true", help="print where one more look spends its time")
    parser.add_argument("--app-path", type=Path, help="import flowmusic_gui from this source tree")
    args = parser.parse_args()
    if args.app_path is not None:
        sys.path.insert(0, str(args.app_path.resolve()))

    from flowmusic_gui.core.watch_schedule import ListAnswer, WatchConfig, WatchPolicy

    policy = WatchPolicy(WatchConfig())
    account = "demo@flowmusic.local"
    ids = [f"job:{i:08x}-0000-4000-8000-000000000000-user:1-{account}-bot:flowmusic" for i in range(args.jobs)]
    for jobid in ids:
        policy.track(jobid, now=0.0, state="pending", listed_at=0.0, account=account)
    answer = ListAnswer.from_running({account: ids})
    looks, plans = [], []
    for k in range(args.looks):
        t = 2.0 * (k + 1)
        policy.next_actions(t - 0.5)
        began = time.perf_counter()
        policy.list_result(t, answer)
        looks.append((time.perf_counter() - began) * 1000)
        began = time.perf_counter()
        policy.next_actions(t + 0.01)
        plans.append((time.perf_counter() - began) * 1000)
    print(f"{args.jobs} listed jobs: list_result " + ", ".join(f"{v:.0f}" for v in looks) + " ms; next_actions "
          + ", ".join(f"{v:.0f}" for v in plans) + " ms")  # fmt: skip
    if args.profile:
        profile = cProfile.Profile()
        profile.enable()
        policy.list_result(2.0 * (args.looks + 1), answer)
        profile.disable()
        pstats.Stats(profile).sort_stats("cumulative").print_stats(12)
    return 0


if __name__ == "__main__":
    sys.exit(main())

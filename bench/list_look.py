"""What one look at a huge running-jobs list costs the poll schedule on the thread that runs it.

12,000 jobs of one account are watched and listed; each of a few looks is handed to ``WatchPolicy.list_result``
and then ``next_actions`` runs, as the engine does after every answer. Prints the milliseconds of each (CPU of
this process, wall clock; run it on a quiet machine or compare two trees in one run with ``--app-path``).

The engine takes a long answer in steps (``list_result(..., in_steps=True)``, then ``settle`` a few thousand jobs
a turn of its loop, ``engine.poller.SETTLE_PER_TURN``): the longest piece of that is what holds the window. The
same for the due index rebuilt when a look stalls (``stall_s``) and again when the list answers after it.

    python bench/list_look.py [--jobs N] [--looks N] [--per-turn N] [--profile]
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any


def _timed(piece: Callable[..., Any], *args: Any, **kwargs: Any) -> tuple[float, Any]:
    """Milliseconds ``piece(*args, **kwargs)`` took, and what it returned."""
    began = time.perf_counter()
    out = piece(*args, **kwargs)
    return (time.perf_counter() - began) * 1000, out


def _ms(piece: Callable[..., Any], *args: Any, **kwargs: Any) -> float:
    return _timed(piece, *args, **kwargs)[0]


def _settled(policy: Any, now: float, per_turn: int) -> list[float]:
    """``settle`` called until it is done: the milliseconds of each step."""
    pieces = []
    while True:
        ms, done = _timed(policy.settle, now, per_turn)
        pieces.append(ms)
        if done:
            return pieces


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--jobs", type=int, default=12_000)
    parser.add_argument("--looks", type=int, default=5)
    parser.add_argument("--per-turn", type=int, default=2000, help="jobs a step (the engine's SETTLE_PER_TURN)")
    parser.add_argument("--profile", action="store_true", help="print where one more look spends its time")
    parser.add_argument("--app-path", type=Path, help="import flowmusic_gui from this source tree")
    args = parser.parse_args()
    if args.app_path is not None:
        sys.path.insert(0, str(args.app_path.resolve()))

    from flowmusic_gui.core.watch_schedule import ListAnswer, WatchConfig, WatchPolicy

    account = "demo@flowmusic.local"
    ids = [f"job:{i:08x}-0000-4000-8000-000000000000-user:1-{account}-bot:flowmusic" for i in range(args.jobs)]
    answer = ListAnswer.from_running({account: ids})

    def watching() -> WatchPolicy:
        policy = WatchPolicy(WatchConfig())
        for jobid in ids:
            policy.track(jobid, now=0.0, state="pending", listed_at=0.0, account=account)
        return policy

    policy = watching()
    looks, plans = [], []
    for k in range(args.looks):
        t = 2.0 * (k + 1)
        policy.next_actions(t - 0.5)
        looks.append(_ms(policy.list_result, t, answer))
        plans.append(_ms(policy.next_actions, t + 0.01))
    print(f"{args.jobs} listed jobs, taken whole: list_result " + ", ".join(f"{v:.0f}" for v in looks)
          + " ms; next_actions " + ", ".join(f"{v:.0f}" for v in plans) + " ms")  # fmt: skip

    stepped = getattr(WatchPolicy, "settle", None) is not None
    if stepped:
        policy = watching()
        firsts, longest, counts = [], [], []
        for k in range(args.looks):
            t = 2.0 * (k + 1)
            policy.next_actions(t - 0.5)
            firsts.append(_ms(policy.list_result, t, answer, in_steps=True))
            pieces = _settled(policy, t, args.per_turn)
            pieces.append(_ms(policy.next_actions, t))
            longest.append(max(pieces))
            counts.append(len(pieces))
        print(f"  in steps of {args.per_turn}: the answer's first piece " + ", ".join(f"{v:.0f}" for v in firsts)
              + " ms; longest step after it (next_actions included) " + ", ".join(f"{v:.0f}" for v in longest)
              + f" ms; {max(counts)} steps at most")  # fmt: skip

    # A look that stalls (every job falls back to its own reads: the due index rebuilt, every listed job's own
    # next read worked out), then answers (rebuilt again: the list speaks for them).
    policy = watching()
    t = 2.0
    policy.next_actions(t - 0.5)
    policy.list_result(t, answer)
    policy.next_actions(t + 0.01)
    policy.next_actions(2 * t)  # the next look goes out
    late = 2 * t + policy.config.stall_s + 0.01
    whole = [_ms(policy.next_actions, late)]
    policy.list_result(late + 0.1, answer)
    whole.append(_ms(policy.next_actions, late + 0.11))
    line = "  a stalled look, then its answer: the due index rebuilt whole " + ", ".join(f"{v:.0f}" for v in whole)
    line += " ms"
    if stepped:
        policy = watching()
        policy.next_actions(t - 0.5)
        policy.list_result(t, answer)
        policy.next_actions(t + 0.01)
        policy.next_actions(2 * t)
        worst = []
        for when, answered in ((late, False), (late + 0.1, True)):
            if answered:
                policy.list_result(when, answer, in_steps=True)
            worst.append(max(_settled(policy, when, args.per_turn)))
        line += "; in steps, longest " + ", ".join(f"{v:.0f}" for v in worst) + " ms"
    print(line)

    if args.profile:
        policy = watching()
        policy.next_actions(1.5)
        profile = cProfile.Profile()
        profile.enable()
        policy.list_result(2.0, answer)
        profile.disable()
        pstats.Stats(profile).sort_stats("cumulative").print_stats(12)
    return 0


if __name__ == "__main__":
    sys.exit(main())

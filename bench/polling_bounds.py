"""Optimistic limits for the polling benchmark's B and E rows: what an idealised schedule reaches there.

Run from the repository root: ``python bench/polling_bounds.py``. Virtual time, the same workloads, seeds, round
trip and budget as ``bench/polling.py``; each bound is deliberately optimistic for the schedule:

* B (found on the account): an oracle that knows the distribution of finish times (not the finishes themselves)
  places its looks to minimise the mean latency for a given number of looks per song (the square-root rule: the
  gap proportional to 1/sqrt(finish density), at least ``min_list_interval`` apart), pays no looks before the first
  finish, and never waits for the budget. A song is noticed one look plus one fetch after the look that shows it.
  This bounds schedules that notice songs through looks; per-job polls in the thin stretches are not modelled.
* E (GET /jobs unusable, per-job polls only): an oracle that knows which jobs are still running, and the
  generation-time distribution, splits the whole budget at every instant between them by sqrt(hazard), with no
  floor on any job, no jitter, and no queueing. An estimate of the headroom, not a proof.
"""

from __future__ import annotations

import math
import random
import statistics
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))
sys.path.insert(0, str(ROOT))

import polling  # noqa: E402

from flowmusic_gui.core.schedule import PolicyConfig  # noqa: E402
from flowmusic_gui.core.watch_schedule import watch_config_for  # noqa: E402

SAMPLES = 20_000  # draws of workload B's finish times, for its density
BINS = 400
DT_S = 0.25  # E's time step


def _b_finish_density() -> tuple[float, float, list[float]]:
    rng = random.Random(polling.SEED)
    finishes: list[float] = []
    while len(finishes) < SAMPLES:
        finishes += [job.finish for job in polling.workload_b(rng)]
    lo, hi = min(finishes), max(finishes)
    width = (hi - lo) / BINS
    counts = [0] * BINS
    for t in finishes:
        counts[min(BINS - 1, int((t - lo) / width))] += 1
    return lo, width, [c / len(finishes) / width for c in counts]


def b_bound(looks_per_song: float, min_gap: float, songs: int = 50) -> float:
    """Least mean latency (s) of any look schedule spending ``looks_per_song`` looks per song on workload B."""
    _, width, density = _b_finish_density()
    budget = looks_per_song * songs
    lo_c, hi_c = 1e-6, 1e6
    for _ in range(200):  # the gap's scale c: looks = sum(width / max(min_gap, c / sqrt(f)))
        c = math.sqrt(lo_c * hi_c)
        looks = sum(width / max(min_gap, c / math.sqrt(f)) for f in density if f > 0)
        lo_c, hi_c = (c, hi_c) if looks > budget else (lo_c, c)
    c = hi_c
    wait = sum(f * width * max(min_gap, c / math.sqrt(f)) / 2.0 for f in density if f > 0)
    # The look is judged on arrival (one way), then its answer comes back and the fetch makes a round trip.
    return float(wait + polling.ONE_WAY_S + polling.LATENCY_S)


def e_bound(budget_per_s: float, seeds: int = polling.SEEDS_B) -> float:
    """Least mean latency (s) of per-job polls alone on workload B at this budget (the oracle described above)."""
    dist = statistics.NormalDist(140.0, 35.0)

    def hazard(age: float) -> float:
        if age < 60.0:  # the workload clips durations to 60-240 s: no song finishes younger
            return 0.0
        alive = max(1e-12, 1.0 - dist.cdf(age))
        return dist.pdf(age) / alive

    latencies: list[float] = []
    for k in range(seeds):
        jobs = polling.workload_b(random.Random(polling.SEED * 7919 + k))
        for job in jobs:
            t = job.finish
            alive = [other for other in jobs if other.start <= t < other.finish or other is job]
            weights = [math.sqrt(hazard(t - other.start)) for other in alive]
            total = sum(weights)
            own = math.sqrt(hazard(t - job.start))
            rate = budget_per_s * own / total if total > 0 and own > 0 else budget_per_s / len(alive)
            latencies.append(1.0 / (2.0 * rate) + polling.ONE_WAY_S + polling.ONE_WAY_S)
    return float(statistics.fmean(latencies))


def main() -> int:
    config = PolicyConfig()
    watch = watch_config_for(config)
    print("Optimistic limits (virtual time, the workloads of bench/polling.py):\n")
    print("| limit | value |")
    print("| --- | ---: |")
    gap = watch.min_list_interval
    for looks in (4.0, 4.75):
        print(
            f"| B found, {looks:g} looks/song ({looks + 1:g} requests with the fetch), looks >= {gap:g} s apart: "
            f"least mean latency (s) | {b_bound(looks, gap):.2f} |"
        )
        print(f"| the same, looks as close as wanted | {b_bound(looks, 0.0):.2f} |")
    print(f"| E, per-job polls at {config.budget_per_s:g} requests/s: least mean latency (s) | "
          f"{e_bound(config.budget_per_s):.2f} |")  # fmt: skip
    return 0


if __name__ == "__main__":
    sys.exit(main())

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
* A (one job of 139 s, pasted 0-15 s after it started): the fewest reads any schedule spends on it from the paste
  to the read that shows it finished, if it must also report every single job of another length within 2 s on
  average and keep the any-length bound (a read at most 15% of the job's age after the one before, 2 s while it is
  young). A proof, not an estimate: for reads at random phases, the waits of the jobs finishing in a stretch of
  ages [a, b] integrate to half the sum of the squared gaps, which for k gaps is at least (b - a)^2 / 2k; a mean
  wait of at most w for every length there then needs E[k] >= (b - a) / 2w (Jensen). Where 15% of the age is
  shorter than 2w the age bound binds instead, and its reads are counted one by one. "Within 3 s every time"
  (the real-time promise for a pasted song) allows no gap over the whole wait, so k >= (b - a) / w there.
* B with the age bound: the same look oracle as above, but its looks must also keep the youngest listed job
  within its age bound (which any schedule must: a job could be an edit of a few seconds), so its look density is
  max(age-bound floor, c * sqrt(finish density)), at most one look per 2 s. The floor alone, with one read per
  song for its record, is a count no schedule noticing through looks can go under.
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


def _age_gap(config: PolicyConfig, age: float) -> float:
    """The longest gap before a read at this age that the any-length bound allows (``bound_at`` of the later read:
    the more permissive reading, so the count stays a lower bound)."""
    return min(config.max_interval, max(config.min_interval, config.age_share * age))


def a_bound(
    config: PolicyConfig,
    *,
    mean_s: float = 2.0,
    from_s: float = 10.0,
    to_s: float = 160.0,
    phases: int = 200,
    worst: bool = False,
) -> float:
    """Fewest reads of workload A's 139-s job (from its paste to the read that shows it finished), averaged over
    paste delays 0-15 s, for a schedule that reports every single job of ``from_s``-``to_s`` s within ``mean_s``
    on average (``worst``: every time) and keeps the age bound (see the module docstring)."""
    finish = 139.164
    wait = mean_s - polling.ONE_WAY_S  # the answer still travels back after the server judged the read
    if worst:
        wait /= 2.0  # no gap may exceed the whole wait: k gaps cover at most k * wait, i.e. (b - a) / 2(w/2)
    # Below this age the age bound is tighter than gaps of 2 * wait: count those reads one by one.
    switch = max(from_s, 2.0 * wait / config.age_share)
    total = 0.0
    for k in range(phases):
        pasted = polling.PASTE_DELAY_S * (k + 0.5) / phases
        if pasted >= switch:
            # The read at the paste, then reads in (pasted, finish]: its k pieces need k >= (finish - pasted) / 2w.
            total += 1.0 + (finish - pasted) / (2.0 * wait)
            continue
        # Reads below ``switch``, each as late as the age bound lets it come (the fewest), from the paste on.
        reads = 0
        age = pasted
        while age < switch:
            reads += 1
            gap = config.min_interval
            while gap < _age_gap(config, age + gap) - 1e-12:  # the bound of the later read: it grows with the gap
                gap = _age_gap(config, age + gap)
            age += gap
        # Then reads in (switch, finish]: the k pieces of [switch, finish] need k >= (finish - switch) / 2w.
        total += reads + (finish - switch) / (2.0 * wait)
    return total / phases


def _youngest_bound_floor(config: PolicyConfig, jobs: list[polling.SimJob]) -> int:
    """Looks needed only to keep the youngest running job within its age bound (greedy, the fewest)."""
    starts = sorted(job.start for job in jobs)
    end = max(job.finish for job in jobs)
    t = starts[0]
    looks = 0
    while t < end:
        running = [job for job in jobs if job.start <= t < job.finish]
        if not running:
            t = min((s for s in starts if s > t), default=end)
            continue
        youngest = max(job.start for job in running)
        nxt = t + _age_gap(config, t - youngest)
        # A job starting before the next look must be looked at within its own bound from its start.
        newcomer = min((s for s in starts if t < s < nxt), default=None)
        if newcomer is not None:
            nxt = min(nxt, newcomer + _age_gap(config, 0.0))
        t = nxt
        looks += 1
    return looks


def b_age_bound(config: PolicyConfig, *, looks_per_song: float | None = None, mean_s: float | None = None,
                workload: str = "B") -> tuple[float, float, float]:  # fmt: skip
    """B (or C) found, looks that must also keep the youngest job's age bound: (floor: looks per song for the
    bound alone, requests per song, mean latency) at ``looks_per_song`` looks, or at the fewest looks for
    ``mean_s``."""
    dist = statistics.NormalDist(140.0, 35.0)
    floors, requests, means = [], [], []
    if workload == "B":
        sets = [polling.workload_b(random.Random(polling.SEED * 7919 + k)) for k in range(polling.SEEDS_B)]
    else:
        sets = [polling.workload_c(random.Random(polling.SEED * 104729 + k)) for k in range(polling.SEEDS_C)]
    for jobs in sets:
        floor_looks = _youngest_bound_floor(config, jobs)
        t0 = min(job.start for job in jobs)
        t1 = max(job.finish for job in jobs)
        steps = int((t1 - t0) / DT_S) + 1
        grid = [t0 + i * DT_S for i in range(steps)]
        g = []
        f = []
        for t in grid:
            running = [job for job in jobs if job.start <= t < job.finish]
            youngest = max((job.start for job in running), default=None)
            g.append(0.0 if youngest is None else 1.0 / _age_gap(config, t - youngest))
            # The oracle knows each job's start and the duration's distribution (60-240 s), not the finish.
            f.append(sum(dist.pdf(t - job.start) for job in jobs if 60.0 <= t - job.start <= 240.0))
        mass = sum(f) * DT_S
        dense = 1.0 / config.min_interval  # looks at most every 2 s (min_list_interval)

        def plan(
            c: float, g: list[float] = g, f: list[float] = f, dense: float = dense, mass: float = mass
        ) -> tuple[float, float]:
            looks = wait = 0.0
            for gi, fi in zip(g, f, strict=True):
                d = min(dense, max(gi, c * math.sqrt(fi)))
                looks += d * DT_S
                if fi > 0:
                    wait += fi * DT_S / (2.0 * max(d, 1e-9))
            return looks, wait / mass + polling.ONE_WAY_S + polling.LATENCY_S

        lo_c, hi_c = 0.0, 1e3
        for _ in range(80):
            c = (lo_c + hi_c) / 2.0
            looks, mean = plan(c)
            too_many = looks_per_song is not None and looks > looks_per_song * len(jobs)
            too_slow = mean_s is not None and mean > mean_s
            lo_c, hi_c = (lo_c, c) if too_many else (c, hi_c) if too_slow or looks_per_song is not None else (lo_c, c)
        looks, mean = plan(hi_c if looks_per_song is None else lo_c)
        floors.append(floor_looks / len(jobs))
        requests.append(looks / len(jobs) + 1.0)
        means.append(mean)
    return statistics.fmean(floors), statistics.fmean(requests), statistics.fmean(means)


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
    floor, req, mean = b_age_bound(config, looks_per_song=4.0)
    print(f"| B found, looks keeping the youngest job's age bound alone: looks per song (+1 record each) | "
          f"{floor:.2f} (+1) |")  # fmt: skip
    print(f"| the same oracle, with the age bound, 4 looks/song (5 requests): least mean latency (s) | {mean:.2f} |")
    _, req, mean = b_age_bound(config, mean_s=1.2)
    print(f"| the same oracle, with the age bound, mean 1.2 s: fewest requests per song | {req:.2f} |")
    c_floor, _, c_mean = b_age_bound(config, looks_per_song=1.96, workload="C")
    print(f"| C found, looks keeping the youngest job's age bound alone: looks per song (+1 record each) | "
          f"{c_floor:.2f} (+1) |")  # fmt: skip
    print(f"| C found, the same oracle with the age bound, 1.96 looks/song (2.96 requests): least mean latency (s) | "
          f"{c_mean:.2f} |")  # fmt: skip
    for lengths, label in (((10.0, 160.0), "every length 10-160 s"), ((40.0, 160.0), "every song of 40-160 s")):
        bound = a_bound(config, from_s=lengths[0], to_s=lengths[1])
        print(f"| A, one 139-s job pasted 0-15 s in: fewest reads if {label} is reported within 2 s on average, "
              f"with the age bound | {bound:.1f} |")
    worst = a_bound(config, mean_s=3.0, from_s=40.0, worst=True)
    print(f"| A, the same if every song of 40-160 s is reported within 3 s every time, with the age bound | "
          f"{worst:.1f} |")  # fmt: skip
    return 0


if __name__ == "__main__":
    sys.exit(main())

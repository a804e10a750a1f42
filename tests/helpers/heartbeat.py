"""How long the GUI thread's event loop went without turning: a 5 ms timer notes the gap between its ticks.

``worst_cpu_ms`` counts the GUI thread's own CPU time between two ticks (the work that held the loop): time the
thread was not scheduled (another process ran) is not in it. ``worst_ms`` is the wall-clock gap less the time the
thread was ready to run but waited for a CPU (Linux's per-thread scheduler statistics, where the machine has them):
what the app itself made the user wait, its work and its waits on locks, sockets or the GIL alike.

Two things a loaded test machine does that the app's own work does not cause, and which a measure discounts:

- The test process's heap (pytest, hypothesis, every module and earlier test of the suite) is many times the app's.
  `start` collects it once and freezes it (``gc.freeze``), as the jobs model freezes its own rows: a full
  collection that falls due inside the measure then walks only what the measured code made (it cost 25-80 ms
  that none of it caused). `stop` unfreezes it.
- On a 2-core machine shared with other test runs, the same Python runs slower even while it is scheduled (shared
  caches, a busy sibling core). `start` times a fixed piece of plain Python (`reference_work`) and
  ``slowness`` says how much slower than on the quiet reference machine it ran (1.0 to ``MAX_SLOWNESS``);
  `budget_ms` scales a budget set on the quiet machine by it. The budget still means the same work: what takes
  50 ms on the quiet machine, never what takes twice that.
"""

from __future__ import annotations

import gc
import time
from pathlib import Path

from PySide6.QtCore import QTimer

INTERVAL_MS = 5

#: CPU time `reference_work` takes on the quiet machine the budgets were set on (2-core AMD EPYC VM, CPython
#: 3.11): the best of three runs, measured with the machine otherwise idle (4.4-4.6 ms).
REFERENCE_MS = 4.5
#: A machine measured slower than this still gets at most this much more time: a real freeze is never excused.
MAX_SLOWNESS = 2.0


_SCHEDSTAT = Path("/proc/thread-self/schedstat")


def runqueue_wait_s() -> float:
    """Seconds the calling thread has spent ready to run but waiting for a CPU (0.0 where the system does not say)."""
    try:
        return int(_SCHEDSTAT.read_text().split()[1]) / 1e9
    except (OSError, IndexError, ValueError):
        return 0.0


def reference_work() -> int:
    """A fixed piece of plain Python like the app's own (dict building, string keys, a keyed sort)."""
    table = {f"job:{i:08x}-user:1-load@example.com": (i * 7919 % 1000, str(i)) for i in range(6000)}
    return len(sorted(table.items(), key=lambda kv: kv[1]))


def slowness() -> float:
    """How much slower than the quiet reference machine plain Python runs here now (1.0 to MAX_SLOWNESS)."""
    best = float("inf")
    for _ in range(3):
        cpu = time.thread_time()
        reference_work()
        best = min(best, time.thread_time() - cpu)
    return min(MAX_SLOWNESS, max(1.0, best * 1000 / REFERENCE_MS))


class Heartbeat:
    def __init__(self) -> None:
        self.worst_ms = 0.0
        self.worst_cpu_ms = 0.0
        self.slowness = 1.0
        self.turns = 0
        self._wall = 0.0
        self._cpu = 0.0
        self._waited = 0.0
        self._frozen = False
        self._timer = QTimer()
        self._timer.setInterval(INTERVAL_MS)
        self._timer.timeout.connect(self._beat)

    def _beat(self) -> None:
        wall, cpu, waited = time.perf_counter(), time.thread_time(), runqueue_wait_s()
        self.worst_ms = max(self.worst_ms, (wall - self._wall - (waited - self._waited)) * 1000 - INTERVAL_MS)
        self.worst_cpu_ms = max(self.worst_cpu_ms, (cpu - self._cpu) * 1000)
        self.turns += 1
        self._wall, self._cpu, self._waited = wall, cpu, waited

    def start(self) -> None:
        gc.collect()
        gc.freeze()
        self._frozen = True
        self.slowness = slowness()
        self._wall, self._cpu, self._waited = time.perf_counter(), time.thread_time(), runqueue_wait_s()
        self._timer.start()

    def stop(self) -> None:
        """Stop, counting the time since the last tick too (a block at the very end)."""
        if self._timer.isActive():
            self._beat()
        self._timer.stop()
        if self._frozen:
            self._frozen = False
            gc.unfreeze()

    def budget_ms(self, quiet_ms: float) -> float:
        """A budget set on the quiet reference machine, for this machine as loaded as it is now."""
        return quiet_ms * self.slowness

    def held_within(self, quiet_ms: float) -> bool:
        return self.worst_cpu_ms < self.budget_ms(quiet_ms)

    def describe(self, quiet_ms: float) -> str:
        return (
            f"the event loop was blocked {self.worst_cpu_ms:.0f} ms (budget {quiet_ms:.0f} ms on the quiet machine, "
            f"{self.budget_ms(quiet_ms):.0f} ms here: plain Python runs {self.slowness:.2f}x as slow now)"
        )

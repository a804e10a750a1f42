"""How long the GUI thread's event loop went without turning: a 5 ms timer notes the gap between its ticks.

``worst_cpu_ms`` counts the GUI thread's own CPU time between two ticks (the work that held the loop), which a
machine loaded by other processes does not inflate; ``worst_ms`` is the wall-clock gap a user would feel.

`start` first runs a full garbage collection: the test process's heap (pytest, hypothesis, every module and
earlier test of the suite) is many times the app's, which the jobs model freezes once its rows are in, and a full
collection of it that falls due inside the measure cost 25 ms that none of the measured code caused.
"""

from __future__ import annotations

import gc
import time

from PySide6.QtCore import QTimer

INTERVAL_MS = 5


class Heartbeat:
    def __init__(self) -> None:
        self.worst_ms = 0.0
        self.worst_cpu_ms = 0.0
        self._wall = 0.0
        self._cpu = 0.0
        self._timer = QTimer()
        self._timer.setInterval(INTERVAL_MS)
        self._timer.timeout.connect(self._beat)

    def _beat(self) -> None:
        wall, cpu = time.perf_counter(), time.thread_time()
        self.worst_ms = max(self.worst_ms, (wall - self._wall) * 1000 - INTERVAL_MS)
        self.worst_cpu_ms = max(self.worst_cpu_ms, (cpu - self._cpu) * 1000)
        self._wall, self._cpu = wall, cpu

    def start(self) -> None:
        gc.collect()
        self._wall, self._cpu = time.perf_counter(), time.thread_time()
        self._timer.start()

    def stop(self) -> None:
        """Stop, counting the time since the last tick too (a block at the very end)."""
        if self._timer.isActive():
            self._beat()
        self._timer.stop()

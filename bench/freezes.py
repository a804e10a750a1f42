"""The freezes of issue 14, measured: huge records in the detail pane, big batches and select-all in the table.

    QT_QPA_PLATFORM=offscreen python bench/freezes.py

For each case: the longest the GUI thread held the event loop (a 5 ms timer's gap, wall clock, and the GUI
thread's own CPU time in that gap, which other processes on a shared machine do not inflate), the time until
what the user asked for is on screen, and the growth of resident memory. Targets: a huge record under 50 ms
and 50 MB; 100,000 ids into a window of 100,000 within 3 s and never over 100 ms; select-all over 10,000
rows under 100 ms.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from datetime import datetime, timedelta, timezone
from pathlib import Path
from tempfile import TemporaryDirectory
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from panes import make_pane  # bench/panes.py: the detail pane as the window builds it
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from flowmusic_gui.core.records import JobState, parse_record
from flowmusic_gui.engine.tasks import TaskRunner
from flowmusic_gui.engine.types import JobView
from flowmusic_gui.simulator.jobs import make_jobid
from flowmusic_gui.ui.main_window import MainWindow
from flowmusic_gui.ui.options import Options

T0 = datetime(2026, 3, 1, tzinfo=timezone.utc)
JOBID = make_jobid("12345678-1234-4234-8234-123456789abc", "1001", "demo@flowmusic.local")


def rss_mb() -> float:
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * 4096 / 2**20


class Probe:
    def __init__(self) -> None:
        self.wall = self.cpu = 0.0
        self._t = self._c = 0.0
        self.timer = QTimer()
        self.timer.setInterval(5)
        self.timer.timeout.connect(self.beat)

    def beat(self) -> None:
        t, c = time.perf_counter(), time.thread_time()
        self.wall = max(self.wall, (t - self._t) * 1000 - 5)
        self.cpu = max(self.cpu, (c - self._c) * 1000)
        self._t, self._c = t, c

    def run(self, action: Callable[[], None], done: Callable[[], bool], settle_s: float = 0.3) -> float:
        """Seconds until ``done()``, with the loop turning; the probe notes the worst gap meanwhile."""
        app = QApplication.instance()
        assert app is not None
        app.processEvents()
        self._t, self._c = time.perf_counter(), time.thread_time()
        self.timer.start()
        start = time.perf_counter()
        action()
        while not done():
            app.processEvents()
        took = time.perf_counter() - start
        while time.perf_counter() - start < took + settle_s:
            app.processEvents()
        self.beat()
        self.timer.stop()
        return took


def clip(i: int, **extra: Any) -> dict[str, Any]:
    return {"clip": f"user:1001-demo@flowmusic.local-clip:{i:08d}-2222-4333-8444-555555555555",
            "title": f"Song {i}", "duration_s": 120.5, "lyrics": "[Verse]\nla la\nthe night",
            "lyrics_timing": [[1.0, 2.0], [2.5, 3.0]], "created_at": "2026-05-01T12:00:00Z",
            "audio_url": f"https://media.invalid/{i}.m4a", "wav_url": f"https://media.invalid/{i}.wav", **extra}


def job(clips: list[dict[str, Any]], prompt: str = "a song") -> JobView:
    raw = {"jobid": JOBID, "email": "demo@flowmusic.local", "status": "completed",
           "created_at": "2026-05-01T12:00:00Z", "completed_at": "2026-05-01T12:02:00Z", "duration_ms": 120_000,
           "request": {"prompt": prompt}, "clips": clips}
    return JobView(jobid=JOBID, state=JobState.COMPLETED, added_at=T0, record=parse_record(raw))


def bench_records() -> None:
    print("## Huge records in the detail pane (target: < 50 ms held, < 50 MB)")
    cases = {
        "10,000 clips": job([clip(i) for i in range(10_000)]),
        "1,000 clips": job([clip(i) for i in range(1_000)]),
        "200,000 timing markers": job([clip(0, duration_s=2100.0,
                                            lyrics_timing=[[i * 0.01, i * 0.01 + 0.005] for i in range(200_000)])]),
        "1 MB prompt": job([clip(0), clip(1)], prompt="a very long prompt " * 55_000),
    }
    for name, view in cases.items():
        pane, close = make_pane(Path("/nonexistent"))
        pane.resize(560, 900)
        pane.show()
        probe = Probe()
        before = rss_mb()
        took = probe.run(lambda v=view, p=pane: p.set_job(v), lambda: True)
        print(f"{name:<24} shown in {took * 1000:6.1f} ms; loop held {probe.wall:6.1f} ms "
              f"(GUI CPU {probe.cpu:5.1f} ms); memory +{rss_mb() - before:5.1f} MB; {len(pane.cards)} cards built")
        close()
        pane.deleteLater()


def new_view(i: int, added: datetime) -> JobView:
    jobid = f"job:{i:08x}-1234-4234-8234-123456789abc-user:1001-load@example.com-bot:flowmusic"
    return JobView(jobid=jobid, state=JobState.NEW, added_at=added)


def bench_table() -> None:
    print("## Jobs table")
    with TemporaryDirectory() as tmp:
        window = MainWindow(Options.open(Path(tmp)), data_dir=Path(tmp), runner=TaskRunner(max_threads=12))
        window.show()
        window.binding._on_jobs_loaded([new_view(i, T0 + timedelta(seconds=i)) for i in range(100_000)])
        now = datetime.now(timezone.utc)
        fresh = [new_view(i, now) for i in range(100_000, 200_000)]
        probe = Probe()
        took = probe.run(lambda: window.binding._on_jobs_added(fresh), lambda: window.model.rowCount() == 200_000)
        print(f"100,000 ids into 100,000 rows: all shown in {took:.2f} s; loop held {probe.wall:.1f} ms "
              f"(GUI CPU {probe.cpu:.1f} ms) (target 3 s, 100 ms)")
        window.shutdown()
    with TemporaryDirectory() as tmp:
        window = MainWindow(Options.open(Path(tmp)), data_dir=Path(tmp), runner=TaskRunner(max_threads=12))
        window.show()
        views = []
        for i in range(10_000):
            v = new_view(i, T0 + timedelta(seconds=i))
            raw = {"jobid": v.jobid, "status": "completed", "created_at": "2026-03-01T00:00:00Z",
                   "clips": [{"title": f"Song {i}"}]}
            views.append(JobView(jobid=v.jobid, state=JobState.COMPLETED, added_at=v.added_at,
                                 record=parse_record(raw)))
        window.binding._on_jobs_loaded(views)
        window.select_jobids([views[3].jobid])
        probe = Probe()
        probe.run(window.table.selectAll, lambda: True)
        print(f"select-all over 10,000 rows: loop held {probe.wall:.1f} ms (GUI CPU {probe.cpu:.1f} ms) "
              f"(target 100 ms); {window.selected_count()} selected")
        window.shutdown()


def main() -> int:
    app = QApplication([])
    bench_records()
    bench_table()
    app.processEvents()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""The jobs table at scale: 10,000 jobs (load, sort, filter, RSS) and 1,000 state changes a second.

The event loop's longest block is measured with a timer-latency probe: a 5 ms timer records how late each
of its ticks fires while the changes stream in.

    QT_QPA_PLATFORM=offscreen python bench/table.py
"""

from __future__ import annotations

import os
import resource
import time
from dataclasses import replace
from datetime import datetime, timedelta, timezone
from pathlib import Path
from tempfile import TemporaryDirectory

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QElapsedTimer, Qt, QTimer
from PySide6.QtWidgets import QApplication

from flowmusic_gui.core.records import JobState, parse_record
from flowmusic_gui.engine.tasks import TaskRunner
from flowmusic_gui.engine.types import JobView
from flowmusic_gui.ui.jobs.filter import StatusFilter
from flowmusic_gui.ui.jobs.model import Column
from flowmusic_gui.ui.main_window import MainWindow
from flowmusic_gui.ui.options import Options

N = 10_000
T0 = datetime(2026, 3, 1, tzinfo=timezone.utc)


def make_view(i: int, state: JobState) -> JobView:
    jobid = f"job:{i:08x}-1234-4234-8234-123456789abc-user:1001-bench@example.com-bot:flowmusic"
    created = T0 + timedelta(seconds=i)
    raw = {
        "jobid": jobid, "email": "bench@example.com", "status": state.value, "created_at": created.isoformat(),
        "request": {"prompt": f"a song number {i} about {'rain' if i % 7 else 'trains'}"},
    }  # fmt: skip
    if state is JobState.COMPLETED:
        raw["duration_ms"] = 60_000 + (i * 37) % 100_000
        raw["clips"] = [{"title": f"Song {i}", "lyrics": "la la la\nthe night", "audio_url": "https://x/a"}] * 2
    return JobView(jobid=jobid, state=state, added_at=created, record=parse_record(raw))


def ms(t: float) -> float:
    return (time.perf_counter() - t) * 1000


def rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> int:
    app = QApplication([])
    with TemporaryDirectory() as tmp:
        window = MainWindow(Options.open(Path(tmp)), data_dir=Path(tmp), runner=TaskRunner(max_threads=12))
        window.show()
        app.processEvents()
        views = [make_view(i, JobState.COMPLETED if i % 3 else JobState.PENDING) for i in range(N)]
        t = time.perf_counter()
        window.binding._on_jobs_loaded(views)
        app.processEvents()
        print(f"load {N} jobs into the table and paint: {ms(t):6.1f} ms")
        for col in (Column.TITLE, Column.GENERATION, Column.STATUS, Column.CREATED):
            t = time.perf_counter()
            window.table.sortByColumn(col, Qt.SortOrder.DescendingOrder)
            app.processEvents()
            print(f"sort by {col.name.lower():<10}: {ms(t):6.1f} ms")
        t = time.perf_counter()
        window.proxy.set_status_filter(StatusFilter.COMPLETED)
        app.processEvents()
        print(f"status filter (completed): {ms(t):6.1f} ms, {window.proxy.rowCount()} rows")
        t = time.perf_counter()
        window.search.setText("trains")
        app.processEvents()
        print(f"search 'trains':           {ms(t):6.1f} ms, {window.proxy.rowCount()} rows")
        window.search.setText("")
        window.proxy.set_status_filter(StatusFilter.ALL)
        print(f"max RSS: {rss_mb():.0f} MB")

        # 1,000 state changes a second for 3 s, delivered like the tracker's job_changed, plus the probe.
        pending = [v for v in views if v.state is JobState.PENDING]
        late: list[float] = []
        clock = QElapsedTimer()
        clock.start()
        last = [clock.elapsed()]
        probe = QTimer()
        probe.setTimerType(Qt.TimerType.PreciseTimer)
        probe.setInterval(5)

        def on_probe() -> None:
            now = clock.elapsed()
            late.append(now - last[0] - 5)
            last[0] = now

        probe.timeout.connect(on_probe)
        feeder = QTimer()
        feeder.setTimerType(Qt.TimerType.PreciseTimer)
        feeder.setInterval(10)
        sent = [0]

        def feed() -> None:  # 10 changes every 10 ms
            for _ in range(10):
                v = pending[sent[0] % len(pending)]
                state = JobState.COMPLETED if (sent[0] // len(pending)) % 2 == 0 else JobState.PENDING
                window.binding._on_job_changed(replace(v, state=state, poll_count=sent[0]))
                sent[0] += 1

        feeder.timeout.connect(feed)
        t = time.perf_counter()
        probe.start()
        feeder.start()
        while time.perf_counter() - t < 3.0:
            app.processEvents()
        feeder.stop()
        probe.stop()
        rate = sent[0] / (time.perf_counter() - t)
        print(f"state changes: {sent[0]} in 3 s ({rate:.0f}/s); longest event-loop block {max(late):.1f} ms "
              f"(timer-latency probe, {len(late)} samples)")
        window.shutdown()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

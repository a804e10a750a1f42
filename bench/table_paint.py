"""What one paint of the jobs table costs, alone and with a worker thread running Python.

    QT_QPA_PLATFORM=offscreen python bench/table_paint.py [--rows 12000] [--app-path TREE]

The real table (model, filter proxy, view) at the window's default share of the width, 12,000 pending jobs found
on an account. A paint calls from C++ into Python for every cell it draws (``data()`` per role, the model's
``index()`` for each index the proxy maps); each such call takes the interpreter lock, so while another thread
runs Python every one of them waits its turn. Prints the median CPU time of 30 repaints of the whole viewport,
then the same with one busy thread, and the wall-clock time of one such paint.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import threading
import time
import uuid
from datetime import datetime, timezone
from pathlib import Path


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=12_000)
    parser.add_argument("--app-path", type=Path, help="import flowmusic_gui from this source tree")
    args = parser.parse_args()
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    sys.path.insert(0, str((args.app_path or Path(__file__).resolve().parents[1]).resolve()))

    from PySide6.QtWidgets import QApplication

    app = QApplication([])
    from flowmusic_gui.core.states import JobState
    from flowmusic_gui.engine.types import JobView
    from flowmusic_gui.ui.jobs.filter import JobsFilterProxy
    from flowmusic_gui.ui.jobs.model import JobsModel
    from flowmusic_gui.ui.jobs.table import JobsTable

    model = JobsModel()
    proxy = JobsFilterProxy()
    proxy.setSourceModel(model)
    table = JobsTable()
    table.setModel(proxy)
    table.apply_default_widths()
    table.resize(760, 700)
    table.show()
    model.sort(0)
    now = datetime.now(timezone.utc)
    model.set_jobs(
        JobView(jobid=f"job:{uuid.uuid4()}-user:1-me@example.com-bot:flowmusic", state=JobState.PENDING,
                added_at=now, source="account")
        for _ in range(args.rows)
    )  # fmt: skip
    for _ in range(5):
        app.processEvents()
    viewport = table.viewport()

    def paints() -> float:
        times = []
        for _ in range(30):
            cpu = time.thread_time()
            viewport.repaint()
            times.append((time.thread_time() - cpu) * 1000)
        return statistics.median(times)

    alone = paints()
    stop = threading.Event()

    def busy() -> None:
        while not stop.is_set():
            sum(i * i for i in range(1000))

    worker = threading.Thread(target=busy, daemon=True)
    worker.start()
    try:
        with_worker = paints()
        wall, cpu = time.perf_counter(), time.thread_time()
        viewport.repaint()
        one_wall, one_cpu = (time.perf_counter() - wall) * 1000, (time.thread_time() - cpu) * 1000
    finally:
        stop.set()
        worker.join(5)
    print(f"{args.rows} rows: one paint {alone:.1f} ms CPU alone; {with_worker:.1f} ms CPU with a busy thread "
          f"(one of them: {one_cpu:.1f} ms CPU, {one_wall:.1f} ms wall)")  # fmt: skip
    return 0


if __name__ == "__main__":
    sys.exit(main())

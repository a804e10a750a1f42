"""Benchmark: the downloads queue against a local simulator (`flowmusic simulate`, a separate process).

1. Throughput: the same 100 MB file (/media/blob?size=N) fetched by curl and by the queue's transfer (the code
   every download streams through: Range, byte cap, deadline and rate checks, progress), alternating, in the same
   run; the median of the per-round ratios must reach 80 %. (Tagging is left out: the blob is no audio file.)
2. A whole-library run: 500 clips (250 finished songs over two accounts) as tagged mp3 through `LibraryRun`,
   with the peak memory of this process (the simulator runs apart) and the longest the event loop went without
   running a 10 ms timer. Targets: under 150 MB and no stall over 50 ms.

Run from the repository root: ``python bench/downloads.py`` (``--rounds N``, ``--size-mb N``, ``--clips N``,
``--skip-throughput``, ``--skip-library``). Exits 1 when a target is missed. Needs curl.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

TOKEN = "bench-token"
ACCOUNTS = ("bench-a@flowmusic.local", "bench-b@flowmusic.local")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def start_simulator(port: int) -> subprocess.Popen[bytes]:
    args = [sys.executable, "-m", "flowmusic_gui.cli", "simulate", "--port", str(port), "--token", TOKEN,
            "--speed", "2000", "--short-clips", "--failure-rate", "0"]
    for email in ACCOUNTS:
        args += ["--account", f"{email},maxJobs=16,credits=1000000"]
    proc = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                return proc
        except OSError:
            time.sleep(0.05)
    proc.kill()
    raise SystemExit("the simulator did not start")


def api(base: str, method: str, path: str, body: dict[str, object] | None = None) -> tuple[int, object]:
    data = json.dumps(body).encode() if body is not None else None
    req = urllib.request.Request(base + path, data=data, method=method, headers={
        "Authorization": f"Bearer {TOKEN}", "Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(req, timeout=10) as resp:
            return resp.status, json.loads(resp.read() or b"null")
    except urllib.error.HTTPError as exc:
        return exc.code, None


# -- 1. throughput -----------------------------------------------------------------------------------------


def curl_once(url: str, out: Path) -> float:
    started = time.perf_counter()
    subprocess.run(["curl", "-sS", "-o", str(out), url], check=True)
    return time.perf_counter() - started


def queue_once(url: str, out: Path) -> float:
    from datetime import datetime, timezone

    from flowmusic_gui.core.store import DownloadState, QueuedDownload
    from flowmusic_gui.engine.downloads import DownloadQueue
    from flowmusic_gui.engine.media import _Abortable
    from flowmusic_gui.engine.tasks import TaskContext, TaskRunner

    runner = TaskRunner()
    queue = DownloadQueue(out.parent / "bench.sqlite3", client=None, settings=lambda: None, runner=runner)  # type: ignore[arg-type,return-value]
    now = datetime.now(timezone.utc)
    row = QueuedDownload(id=1, clip="c", format="wav", url_kind="wav", url=url, jobid=None, target=out,
                         state=DownloadState.RUNNING, bytes_done=0, total=None, problem=None, attempts=0, track=None,
                         added_at=now, updated_at=now)
    part = Path(str(out) + ".part")
    try:
        started = time.perf_counter()
        size = queue._fetch(TaskContext(lambda _v: None), row, part, _Abortable())
        elapsed = time.perf_counter() - started
    finally:
        queue.shutdown()
        runner.shutdown(1.0)
        queue.close_store()
    if size != part.stat().st_size:
        raise SystemExit("the queue's transfer wrote a short file")
    part.unlink()
    return elapsed


def throughput(origin: str, size_mb: int, rounds: int) -> tuple[bool, str]:
    size = size_mb * 1024 * 1024
    url = f"{origin}/media/blob?size={size}"
    ratios, curl_rates, queue_rates = [], [], []
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        curl_once(url, folder / "warm")  # the first request pays for nothing the others do not
        for _ in range(rounds):
            c = curl_once(url, folder / "curl.bin")
            q = queue_once(url, folder / "queue.bin")
            curl_rates.append(size / c)
            queue_rates.append(size / q)
            ratios.append(c / q)
    ratio = statistics.median(ratios)
    mb = 1024 * 1024
    text = (f"throughput, {size_mb} MB from the simulator, {rounds} alternating rounds: curl median "
            f"{statistics.median(curl_rates) / mb:.0f} MB/s, queue median {statistics.median(queue_rates) / mb:.0f} "
            f"MB/s; median per-round ratio {ratio:.2f} (target >= 0.80)")
    return ratio >= 0.8, text


# -- 2. a library run --------------------------------------------------------------------------------------


def make_library(base: str, clips: int) -> None:
    songs = (clips + 1) // 2
    submitted: list[str] = []
    deadline = time.monotonic() + 300
    while len(submitted) < songs and time.monotonic() < deadline:
        email = ACCOUNTS[len(submitted) % len(ACCOUNTS)]
        status, body = api(base, "POST", "/music", {"prompt": f"bench song {len(submitted)}", "email": email,
                                                     "mode": "async"})
        if status == 201 and isinstance(body, dict):
            submitted.append(str(body["jobid"]))
        else:
            time.sleep(0.02)  # all slots busy: the simulator frees them in milliseconds at this speed
    while time.monotonic() < deadline:
        status, body = api(base, "GET", "/jobs")
        if status == 200 and not any((v or {}).get("jobs") for v in (body or {}).values()):  # type: ignore[union-attr]
            return
        time.sleep(0.05)


def library(base: str, clips: int) -> tuple[bool, str]:
    from PySide6.QtCore import QCoreApplication, QElapsedTimer, QTimer

    from flowmusic_gui.core.client import ApiClient
    from flowmusic_gui.engine.download_settings import DownloadSettings
    from flowmusic_gui.engine.downloads import DownloadQueue
    from flowmusic_gui.engine.library import LibraryRun, LibrarySummary
    from flowmusic_gui.engine.tasks import TaskRunner

    make_library(base, clips)
    app = QCoreApplication.instance() or QCoreApplication([])
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "Music"
        settings = DownloadSettings(folder=folder)
        runner = TaskRunner(max_threads=6)
        client = ApiClient(base, TOKEN)
        queue = DownloadQueue(Path(tmp) / "jobs.sqlite3", client=client, settings=lambda: settings, runner=runner)
        run = LibraryRun(client, queue, runner, settings=settings)
        result: dict[str, LibrarySummary] = {}
        worst = [0.0]
        clock = QElapsedTimer()
        tick = QTimer()
        tick.setInterval(10)

        def on_tick() -> None:
            gap = clock.restart() - 10
            worst[0] = max(worst[0], float(gap))

        tick.timeout.connect(on_tick)

        def done(summary: LibrarySummary) -> None:
            result["summary"] = summary
            app.quit()

        run.done.connect(done)
        started = time.perf_counter()
        clock.start()
        tick.start()
        run.start()
        app.exec()
        elapsed = time.perf_counter() - started
        tick.stop()
        queue.shutdown()
        runner.shutdown(2.0)
        queue.close_store()
        client.close()
        files = len(list(folder.rglob("*.mp3")))
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    s = result["summary"]
    ok = s.downloaded + s.skipped == clips and not s.failed and peak_mb < 150 and worst[0] <= 50 and files == clips
    text = (f"library run: {s.text()} ({files} files) in {elapsed:.1f} s; peak memory {peak_mb:.0f} MB "
            f"(target < 150); longest event-loop stall {worst[0]:.0f} ms (target <= 50)")
    return ok, text


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--size-mb", type=int, default=100)
    parser.add_argument("--clips", type=int, default=500)
    parser.add_argument("--skip-throughput", action="store_true")
    parser.add_argument("--skip-library", action="store_true")
    ns = parser.parse_args()
    if shutil.which("curl") is None:
        print("curl is needed for the comparison", file=sys.stderr)
        return 2
    os.environ.pop("FLOWMUSIC_API_TOKEN", None)
    port = free_port()
    proc = start_simulator(port)
    origin = f"http://127.0.0.1:{port}"
    ok = True
    try:
        if not ns.skip_throughput:
            good, text = throughput(origin, ns.size_mb, ns.rounds)
            print(text)
            ok &= good
        if not ns.skip_library:
            good, text = library(origin + "/v1/flowmusic", ns.clips)
            print(text)
            ok &= good
    finally:
        proc.terminate()
        proc.wait(10)
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())

"""Switch clips 50 times while playing, with the media served by a thread of this process or by a child process.

QMediaPlayer.stop() and setSource() hold Python's GIL while they wait for FFmpeg's reader thread; a server thread
of the same process needs that GIL to answer the reader, so the loop can freeze ("thread"). Served by another
process ("process", as the demo now does), it cannot. A C-level watchdog (faulthandler) ends a frozen run.

    QT_QPA_PLATFORM=offscreen python bench/media_switch.py --server thread
    QT_QPA_PLATFORM=offscreen python bench/media_switch.py --server process
"""

from __future__ import annotations

import argparse
import faulthandler
import os
import sys
import time
from collections.abc import Callable

import requests

from flowmusic_gui.simulator import DEMO_TOKEN


def _clips(base_url: str, n: int) -> list[str]:
    """Audio links of finished songs (sync mode: the simulator answers once the song is done)."""
    headers = {"Authorization": f"Bearer {DEMO_TOKEN}"}
    urls: list[str] = []
    for i in range(n):
        r = requests.post(f"{base_url}/music", json={"prompt": f"song {i}", "mode": "sync"}, headers=headers,
                          timeout=(5, 60))  # fmt: skip
        r.raise_for_status()
        urls += [c["audio_url"] for c in r.json()["clips"]]
    return urls


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--server", choices=["thread", "process"], required=True)
    parser.add_argument("--switches", type=int, default=50)
    parser.add_argument("--wait-ms", type=int, default=300, help="how long each clip plays before the next (300)")
    parser.add_argument("--watchdog", type=float, default=120.0, help="seconds before a run counts as frozen")
    args = parser.parse_args()
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

    stop_server: Callable[[], None]
    if args.server == "thread":
        from flowmusic_gui.simulator import Simulator

        sim = Simulator(token=DEMO_TOKEN, speed=1000).start()
        base_url, stop_server = sim.base_url, sim.stop
    else:
        from flowmusic_gui.ui.demo_server import SimulatorProcess

        proc = SimulatorProcess(speed=1000)
        base_url, stop_server = proc.base_url, proc.stop

    from PySide6.QtCore import QCoreApplication, QDeadlineTimer, QEventLoop, QUrl
    from PySide6.QtMultimedia import QAudioOutput, QMediaPlayer
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication(sys.argv)
    urls = _clips(base_url, 3)
    player = QMediaPlayer()
    output = QAudioOutput()
    player.setAudioOutput(output)
    faulthandler.dump_traceback_later(args.watchdog, exit=True)  # runs without the GIL: it sees a freeze
    started = time.perf_counter()
    worst = 0.0
    try:
        for i in range(args.switches):
            t0 = time.perf_counter()
            player.stop()
            player.setSource(QUrl(urls[i % len(urls)]))
            player.play()
            worst = max(worst, time.perf_counter() - t0)
            # Let it read and play a moment, as a listener switching takes does.
            deadline = QDeadlineTimer(args.wait_ms)
            while not deadline.hasExpired() and player.position() <= 0:
                QCoreApplication.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 50)
        player.stop()
    finally:
        faulthandler.cancel_dump_traceback_later()
        player.setSource(QUrl())
        stop_server()
    total = time.perf_counter() - started
    print(f"server={args.server}: {args.switches} switches in {total:.1f} s, slowest stop+setSource+play "
          f"{worst * 1000:.0f} ms, no freeze")  # fmt: skip
    del app
    return 0


if __name__ == "__main__":
    sys.exit(main())

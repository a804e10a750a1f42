"""Closing the window never waits on a transfer: to process exit under 1 s with every request hanging."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]

# Run in its own process, so "exit" is the real thing: interpreter teardown with daemon threads stuck in reads.
PROBE = r"""
import sys, time
from pathlib import Path
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication
from flowmusic_gui.engine.tasks import TaskRunner
from flowmusic_gui.ui.backend import AppBackend
from flowmusic_gui.ui.options import policy_config
from flowmusic_gui.ui.main_window import MainWindow
from flowmusic_gui.ui.options import Options

data_dir, base, jobid, flag = Path(sys.argv[1]), sys.argv[2], sys.argv[3], Path(sys.argv[4])
app = QApplication([])
options = Options.open(data_dir)
window = MainWindow(options, data_dir=data_dir, runner=TaskRunner(max_threads=12))
backend = AppBackend(data_dir, base, policy_config(options), runner=window.runner)
window.attach(backend)
window.show()

def select():
    window.select_jobids([jobid])  # its cover and a download go to the server that never answers
    pane = window.ensure_detail()
    pane.download_all_wavs([v for v in [backend.tracker.job(jobid)] if v is not None])

def maybe_close():
    if flag.exists():
        print(f"CLOSING {time.monotonic()}", flush=True)
        window.close()
        app.quit()
    else:
        QTimer.singleShot(20, maybe_close)

window.jobs_shown.connect(lambda: QTimer.singleShot(0, select))
QTimer.singleShot(20, maybe_close)
app.exec()
"""


class SilentServer:
    """Accepts every connection, reads what comes, and never answers."""

    def __init__(self) -> None:
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(64)
        self.port = self.sock.getsockname()[1]
        self.paths: list[str] = []
        self.conns: list[socket.socket] = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _run(self) -> None:
        self.sock.settimeout(0.05)
        while not self._stop.is_set():
            try:
                conn, _ = self.sock.accept()
            except OSError:
                continue
            self.conns.append(conn)
            threading.Thread(target=self._read, args=(conn,), daemon=True).start()

    def _read(self, conn: socket.socket) -> None:
        try:
            data = conn.recv(65536)
        except OSError:
            return
        line = data.split(b"\r\n", 1)[0].decode("latin-1")
        self.paths.append(line)

    def close(self) -> None:
        self._stop.set()
        self._thread.join(5)
        for conn in self.conns:
            conn.close()
        self.sock.close()


def test_closing_with_every_transfer_hanging_exits_within_a_second(tmp_path: Path) -> None:
    from flowmusic_gui.core.records import JobState
    from flowmusic_gui.core.store import JobStore

    server = SilentServer()
    try:
        origin = f"http://127.0.0.1:{server.port}"
        done = "job:00000001-1234-4234-8234-123456789abc-user:1001-me@example.com-bot:flowmusic"
        waiting = "job:00000002-1234-4234-8234-123456789abc-user:1001-me@example.com-bot:flowmusic"
        record = {
            "jobid": done, "status": "completed", "created_at": "2026-03-01T12:00:00Z", "duration_ms": 90000,
            "request": {"prompt": "a song"},
            "clips": [{"title": "Song", "audio_url": f"{origin}/a.m4a", "wav_url": f"{origin}/a.wav",
                       "image_url": f"{origin}/cover.png"}],
        }
        with JobStore(tmp_path / JobStore.FILENAME) as store:
            store.add([done, waiting])
            from datetime import datetime, timezone

            store.record_poll(done, state=JobState.COMPLETED, record=record, polled_at=datetime.now(timezone.utc))
        flag = tmp_path / "close-now"
        env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "FLOWMUSIC_API_TOKEN": "token",
               "XDG_DOWNLOAD_DIR": str(tmp_path / "dl")}
        proc = subprocess.Popen(
            [sys.executable, "-c", PROBE, str(tmp_path), f"{origin}/v1/flowmusic", done, str(flag)],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env, cwd=REPO,
        )
        try:
            deadline = time.monotonic() + 30
            wanted = ("/cover.png", "/a.wav", "/v1/flowmusic/jobs/")
            while not all(any(w in p for p in server.paths) for w in wanted):
                assert proc.poll() is None, proc.stderr.read() if proc.stderr else ""
                assert time.monotonic() < deadline, f"not every transfer started: {server.paths}"
                time.sleep(0.02)
            flag.touch()
            out, err = proc.communicate(timeout=30)
            ended = time.monotonic()
        finally:
            if proc.poll() is None:
                proc.kill()
                proc.wait()
        assert proc.returncode == 0, err
        closing = float(next(x for x in out.splitlines() if x.startswith("CLOSING ")).split()[1])
        print(f"close to exit: {ended - closing:.3f} s")
        assert ended - closing < 1.0, f"close to exit took {ended - closing:.2f} s"
        assert json.dumps(err).count("Traceback") == 0, err
    finally:
        server.close()

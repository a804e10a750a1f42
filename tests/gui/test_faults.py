"""The real app under faults: an error in a slot reaches the log and the window; SIGTERM quits like Quit."""

from __future__ import annotations

import logging
import os
import signal
import subprocess
import sys
import threading
from collections.abc import Callable, Iterator
from configparser import ConfigParser
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from flowmusic_gui.core import paths
from flowmusic_gui.simulator import DEMO_TOKEN, Simulator

pytestmark = pytest.mark.simulator(speed=50)

REPO = Path(__file__).resolve().parents[2]
SECRET = DEMO_TOKEN

# The real entry point, plus: "READY" once the tracker's jobs reached the table, each notice as "NOTICE ...",
# and with --raise, a slot that raises (with the token in its text) right after READY.
PROBE = r"""
import os
import sys
import flowmusic_gui.gui as gui
from PySide6.QtCore import QTimer
from flowmusic_gui.ui.main_window import MainWindow

RAISE = "--raise" in sys.argv
argv = [a for a in sys.argv[1:] if a != "--raise"]
attach, shown = MainWindow.attach, MainWindow.show_notice

def ready(window):
    print("READY", flush=True)
    if RAISE:
        def boom():
            raise RuntimeError("a slot broke while holding " + os.environ["FLOWMUSIC_API_TOKEN"])
        QTimer.singleShot(0, boom)

def patched_attach(self, backend, **kwargs):
    self.jobs_shown.connect(lambda: ready(self))
    attach(self, backend, **kwargs)

def show_notice(self, text, **kwargs):
    shown(self, text, **kwargs)
    print("NOTICE " + text.replace("\n", " "), flush=True)

MainWindow.attach, MainWindow.show_notice = patched_attach, show_notice
sys.exit(gui.main(argv))
"""


class App:
    """The app in a subprocess; ``lines`` collects its stdout as it comes."""

    def __init__(self, data: Path, sim: Simulator, *extra: str) -> None:
        env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(REPO), "FLOWMUSIC_API_TOKEN": SECRET}
        args = [sys.executable, "-c", PROBE, "--data-dir", str(data), "--api-base", sim.base_url, *extra]
        self.proc = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env,
                                     cwd=REPO)  # fmt: skip
        self.lines: list[str] = []
        self._changed = threading.Condition()
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self) -> None:
        assert self.proc.stdout is not None
        for line in self.proc.stdout:
            with self._changed:
                self.lines.append(line.rstrip("\n"))
                self._changed.notify_all()

    def wait_for(self, prefix: str, timeout: float = 30.0) -> str:
        with self._changed:
            found = self._changed.wait_for(
                lambda: any(x.startswith(prefix) for x in self.lines) or self.proc.poll() is not None, timeout
            )
            line = next((x for x in self.lines if x.startswith(prefix)), None)
        assert found and line is not None, f"no {prefix!r} line; exit {self.proc.poll()}, output {self.lines}"
        return line

    def terminate_and_wait(self, timeout: float = 20.0) -> tuple[int, str]:
        self.proc.send_signal(signal.SIGTERM)
        try:
            code = self.proc.wait(timeout)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait(5)
            pytest.fail("the app did not quit within 20 s of SIGTERM")
        self._reader.join(5)
        assert self.proc.stderr is not None
        return code, self.proc.stderr.read()

    def close(self) -> None:
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait(5)
        self._reader.join(5)
        for pipe in (self.proc.stdout, self.proc.stderr):
            if pipe is not None:
                pipe.close()


@pytest.fixture
def start_app() -> Iterator[Callable[..., App]]:
    started: list[App] = []

    def start(data: Path, sim: Simulator, *extra: str) -> App:
        started.append(App(data, sim, *extra))
        return started[-1]

    yield start
    for app in started:
        app.close()


@pytest.mark.skipif(not hasattr(signal, "SIGTERM"), reason="no SIGTERM here")
def test_sigterm_saves_the_layout_and_exits_cleanly(tmp_path: Path, sim: Simulator,
                                                    start_app: Callable[..., App]) -> None:  # fmt: skip
    data = tmp_path / "data"
    app = start_app(data, sim)
    app.wait_for("READY")
    code, stderr = app.terminate_and_wait()
    assert code == 0, stderr
    settings = ConfigParser(interpolation=None)
    settings.read(data / "settings.ini")
    assert settings.has_section("window"), "the window's layout was not saved"
    assert {"geometry", "splitter", "header", "sort_column"} <= set(settings["window"])
    assert "Traceback" not in stderr


def test_an_error_in_a_slot_reaches_the_log_and_the_window_without_the_token(
    tmp_path: Path, sim: Simulator, start_app: Callable[..., App]
) -> None:
    data = tmp_path / "data"
    app = start_app(data, sim, "--raise")
    app.wait_for("READY")
    notice = app.wait_for("NOTICE Unexpected error")
    assert "RuntimeError" in notice and "log" in notice and SECRET not in notice
    code, _ = app.terminate_and_wait()
    assert code == 0  # the app carried on after the error, and then quit on SIGTERM
    log_text = (paths.log_dir() / "flowmusic-gui.log").read_text()
    assert "unexpected error" in log_text and "a slot broke while holding [token]" in log_text
    assert "Traceback" in log_text and SECRET not in log_text


def test_an_error_in_any_thread_is_logged_and_shown_on_the_gui_thread(
    qtbot: QtBot, caplog: pytest.LogCaptureFixture
) -> None:
    from PySide6.QtCore import QThread

    from flowmusic_gui.ui.faults import ErrorReporter
    from flowmusic_gui.ui.logging_setup import REDACTOR

    REDACTOR.add_secret(SECRET)
    shown: list[tuple[str, bool]] = []
    gui_thread = QThread.currentThread()
    reporter = ErrorReporter(lambda text: shown.append((text, QThread.currentThread() is gui_thread)))
    try:

        def fail() -> None:
            raise ValueError(f"the disk said no to {SECRET}")

        worker = threading.Thread(target=fail, name="flowmusic-test-worker")
        with caplog.at_level(logging.ERROR):
            worker.start()
            worker.join(10)
            qtbot.waitUntil(lambda: bool(shown), timeout=5000)
    finally:
        reporter.uninstall()
    text, on_gui_thread = shown[0]
    assert on_gui_thread
    assert text.startswith("Unexpected error (ValueError: the disk said no to [token])") and SECRET not in text
    assert any("flowmusic-test-worker" in r.getMessage() for r in caplog.records)

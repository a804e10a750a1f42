"""The entry point end to end: the demo reaches completed jobs, --self-test, --screenshot, the hand-off."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from flowmusic_gui.core.records import JobState
from flowmusic_gui.engine.tasks import TaskRunner
from flowmusic_gui.gui import build_parser, demo_config
from flowmusic_gui.simulator import DEMO_TOKEN, Simulator, demo_jobids
from flowmusic_gui.ui.backend import DemoBackend
from flowmusic_gui.ui.desktop.single_instance import InstanceServer, server_name
from flowmusic_gui.ui.main_window import MainWindow
from flowmusic_gui.ui.options import Options

from .conftest import jobid

REPO = Path(__file__).resolve().parents[2]


def run_app(*args: str, timeout: float = 60, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    full_env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", **(env or {})}
    return subprocess.run(
        [sys.executable, "-m", "flowmusic_gui", *args],
        capture_output=True, text=True, timeout=timeout, env=full_env, cwd=REPO, check=False,
    )  # fmt: skip


@pytest.fixture
def fast_sim() -> Iterator[Simulator]:
    with Simulator(token=DEMO_TOKEN, speed=60) as sim:
        yield sim


def test_demo_jobs_reach_completed_in_the_table(
    qtbot: QtBot, tmp_path: Path, fast_sim: Simulator, runner: TaskRunner
) -> None:
    window = MainWindow(Options.open(tmp_path), demo=True, data_dir=tmp_path, runner=runner)
    qtbot.addWidget(window)
    assert "demo" in window.windowTitle().lower()
    assert window.demo_label.isVisibleTo(window)
    backend = DemoBackend(tmp_path, fast_sim.base_url, demo_config(60), DEMO_TOKEN, runner=runner)
    with qtbot.waitSignal(window.jobs_shown, timeout=5000):
        window.attach(backend)
    window.controller.add_ids(demo_jobids())
    assert window.model.rowCount() == len(demo_jobids())

    def states() -> set[JobState]:
        return {v.state for v in window.model.jobs()}

    qtbot.waitUntil(lambda: {JobState.COMPLETED, JobState.NOT_FOUND, JobState.FORBIDDEN} <= states(), timeout=20000)
    row = next(r for r in range(window.model.rowCount()) if window.model.view_at(r).state is JobState.COMPLETED)
    assert window.model.index(row, 0).data() == "Completed"
    # The counts follow within a second (one recount per tick, however many jobs change).
    qtbot.waitUntil(lambda: "completed" in window.counts_label.text(), timeout=3000)
    window.shutdown()


def test_arguments() -> None:
    args = build_parser().parse_args(["--demo", "--data-dir", "/tmp/x", jobid(1)])
    assert args.demo and args.data_dir == "/tmp/x" and args.jobids == [jobid(1)]
    with pytest.raises(SystemExit):
        build_parser().parse_args(["--bogus"])


@pytest.mark.parametrize("speed", ["0", "-3", "nan", "inf"])
def test_a_demo_speed_that_is_no_speed_is_refused(speed: str) -> None:
    result = run_app("--demo", "--demo-speed", speed, "--self-test", timeout=30)
    assert result.returncode == 2 and "--demo-speed must be a number above 0" in result.stderr


def test_bad_api_base_is_refused() -> None:
    result = run_app("--api-base", "ftp://x", "--self-test", timeout=30)
    assert result.returncode == 2 and "--api-base" in result.stderr


CTRL_C_PROBE = r"""
import sys
import flowmusic_gui.gui as gui
def on_first_paint(self, early=sys.argv.pop() == "early"):
    print("painted", flush=True)
    if early:  # Ctrl+C before the window's parts and SIGTERM's handler are made
        self._start = None
    else:
        self._start_once()
gui.App._on_first_paint = on_first_paint
sys.exit(gui.main(sys.argv[1:]))
"""


@pytest.mark.parametrize("when", ["early", "running"])
def test_ctrl_c_in_the_terminal_ends_the_app(tmp_path: Path, when: str) -> None:
    args = ["--data-dir", str(tmp_path), "--api-base", "http://127.0.0.1:9/v1/flowmusic", when]
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    proc = subprocess.Popen([sys.executable, "-c", CTRL_C_PROBE, *args], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, env=env, cwd=REPO)  # fmt: skip
    try:
        assert proc.stdout is not None and proc.stdout.readline().strip() == "painted"
        proc.send_signal(signal.SIGINT)
        code = proc.wait(timeout=20)
    finally:
        proc.kill()
        _out, err = proc.communicate()
    assert code == -signal.SIGINT, err  # ended by the signal, as a terminal's Ctrl+C should
    assert "Traceback" not in err


def test_self_test_prints_the_first_paint(tmp_path: Path) -> None:
    result = run_app("--self-test", "--data-dir", str(tmp_path), "--api-base", "http://127.0.0.1:9/v1/flowmusic")
    assert result.returncode == 0, result.stderr
    line = result.stdout.strip().splitlines()[0]
    assert line.startswith("self-test ok: first paint in ") and line.endswith(" ms")
    assert (tmp_path / "jobs.sqlite3").exists() and (tmp_path / "settings.ini").exists()


@pytest.mark.slow
def test_demo_screenshot(tmp_path: Path) -> None:
    out = tmp_path / "shot.png"
    home = tmp_path / "home"
    home.mkdir()
    xdg = {"HOME": str(home), "XDG_CACHE_HOME": str(home / "cache"), "XDG_STATE_HOME": str(home / "state"),
           "XDG_DATA_HOME": str(home / "data")}
    result = run_app("--demo", "--demo-speed", "40", "--screenshot", str(out), "--window-size", "1024x700",
                     "--dark", timeout=90, env=xdg)
    assert result.returncode == 0, result.stderr
    # The demo kept its covers, logs and data in its temporary folder: nothing of it is left in the home.
    assert sorted(p.name for p in home.rglob("*")) == []
    assert out.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    from PySide6.QtGui import QImage

    image = QImage(str(out))
    assert (image.width(), image.height()) == (1024, 700)
    assert image.pixelColor(image.width() // 2, image.height() - 3).lightness() < 100  # the dark palette


def test_window_size_is_checked() -> None:
    parser = build_parser()
    assert parser.parse_args(["--window-size", "1920x1080"]).window_size == (1920, 1080)
    for bad in ("1920", "axb", "10x10"):
        with pytest.raises(SystemExit):
            parser.parse_args(["--window-size", bad])


def test_second_launch_hands_its_ids_to_the_running_window(qtbot: QtBot, tmp_path: Path) -> None:
    server = InstanceServer(server_name(tmp_path))
    assert server.listen()
    try:
        with qtbot.waitSignal(server.jobids_received, timeout=20000) as got:
            proc = subprocess.Popen(
                [sys.executable, "-m", "flowmusic_gui", "--data-dir", str(tmp_path), jobid(1), jobid(2)],
                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=REPO,
                env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
            )  # fmt: skip
        assert got.args == [[jobid(1), jobid(2)]]
        out, err = proc.communicate(timeout=20)
        assert proc.returncode == 0, err
        assert "handed over" in out
    finally:
        server.close()


@pytest.mark.slow
def test_a_screenshot_leaves_no_notification_on_the_desktop(tmp_path: Path) -> None:
    from helpers.dbus_session import FakeNotificationServer, missing_tools, private_session_bus

    if missing_tools():
        pytest.skip(str(missing_tools()))
    out = tmp_path / "shot.png"
    with private_session_bus() as address:
        server = FakeNotificationServer(address).start()
        try:
            result = run_app("--demo", "--demo-speed", "40", "--screenshot", str(out), timeout=90,
                             env={"DBUS_SESSION_BUS_ADDRESS": address, "HOME": str(tmp_path)})
        finally:
            server.stop()
    assert result.returncode == 0, result.stderr
    assert out.is_file()
    assert server.calls == []  # the demo's songs finished, and none of them left a notification behind

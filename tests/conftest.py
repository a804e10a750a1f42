"""Test-wide isolation: offscreen Qt, a private HOME, no real token, and no thread or timer left running."""

from __future__ import annotations

import logging
import os
import re
import sys
import weakref
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, settings

# Before any Qt import: widgets render offscreen unless a test asks for the real X server.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.pop("FLOWMUSIC_API_TOKEN", None)
os.environ.pop("FLOWMUSIC_API_BASE", None)
os.environ.pop("FLOWMUSIC_DATA_DIR", None)
# No test reaches the machine's real keyring unless it passes a backend explicitly.
os.environ["PYTHON_KEYRING_BACKEND"] = "keyring.backends.fail.Keyring"

TESTS_DIR = Path(__file__).resolve().parent
if str(TESTS_DIR) not in sys.path:
    sys.path.insert(0, str(TESTS_DIR))

# Hypothesis: "ci" (chosen when CI is set, as .ci/run does) tries more examples, replays the same ones on every run
# (derandomize: a red CI run is reproducible) and allows a slow example on a loaded 2-core machine; "dev" keeps the
# local run quick. HYPOTHESIS_PROFILE picks one explicitly.
settings.register_profile(
    "ci", max_examples=200, deadline=timedelta(seconds=2), derandomize=True, print_blob=True,
    suppress_health_check=[HealthCheck.too_slow],
)  # fmt: skip
settings.register_profile("dev", max_examples=50, deadline=timedelta(milliseconds=500))
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE") or ("ci" if os.environ.get("CI") else "dev"))


@pytest.fixture(autouse=True)
def _private_home(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Every test gets its own HOME and XDG folders, so nothing touches the user's store, cache or settings."""
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("HOME", str(home))
    for var, sub in (
        ("XDG_DATA_HOME", ".local/share"),
        ("XDG_CACHE_HOME", ".cache"),
        ("XDG_STATE_HOME", ".local/state"),
        ("XDG_CONFIG_HOME", ".config"),
    ):
        monkeypatch.setenv(var, str(home / sub))
    monkeypatch.delenv("FLOWMUSIC_API_TOKEN", raising=False)
    monkeypatch.delenv("FLOWMUSIC_DATA_DIR", raising=False)
    monkeypatch.delenv("FLOWMUSIC_API_BASE", raising=False)
    return home


class _Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


@pytest.fixture(autouse=True)
def _no_unexpected_log(request: pytest.FixtureRequest) -> Iterator[None]:
    """Fail a test during which the app logged a WARNING or worse it did not declare.

    A test that expects one says so with ``@pytest.mark.expect_log(pattern, ...)`` (regular expressions searched
    in each message), or takes ``caplog`` and checks the records itself.
    """
    handler = _Collect()
    root = logging.getLogger()
    root.addHandler(handler)
    try:
        yield
    finally:
        root.removeHandler(handler)
    if "caplog" in request.fixturenames:
        return
    patterns = [p for marker in request.node.iter_markers("expect_log") for p in marker.args]
    unexpected = [r for r in handler.records if not any(re.search(p, r.getMessage()) for p in patterns)]
    if unexpected:
        lines = "\n".join(f"  {r.levelname} {r.name}: {r.getMessage()}" for r in unexpected[:10])
        pytest.fail(f"unexpected log record(s) (declare them with @pytest.mark.expect_log):\n{lines}")


@pytest.fixture(autouse=True)
def _no_dangling_qt(request: pytest.FixtureRequest) -> Iterator[None]:
    """Fail a test that leaves a QThread running, a QTimer active or a TaskRunner not shut down (if Qt was used)."""
    if "PySide6.QtCore" not in sys.modules:
        yield
        return
    from PySide6.QtCore import QThread, QTimer

    threads: list[weakref.ref[QThread]] = []
    timers: list[weakref.ref[QTimer]] = []
    orig_thread_start = QThread.start
    orig_timer_start = QTimer.start

    def thread_start(self: QThread, *args: Any) -> None:
        threads.append(weakref.ref(self))
        orig_thread_start(self, *args)

    def timer_start(self: QTimer, *args: Any) -> None:
        timers.append(weakref.ref(self))
        orig_timer_start(self, *args)

    QThread.start = thread_start  # type: ignore[method-assign,assignment]
    QTimer.start = timer_start  # type: ignore[method-assign]
    try:
        yield
    finally:
        QThread.start = orig_thread_start  # type: ignore[method-assign]
        QTimer.start = orig_timer_start  # type: ignore[method-assign]
    running: list[QThread] = []
    for thread_ref in threads:
        t = thread_ref()
        try:
            if t is not None and t.isRunning():
                running.append(t)
        except RuntimeError:  # the C++ object is gone: it stopped
            pass
    active: list[QTimer] = []
    for timer_ref in timers:
        tm = timer_ref()
        try:
            if tm is not None and tm.isActive():
                active.append(tm)
        except RuntimeError:
            pass
    leaked_workers: list[object] = []
    tasks = sys.modules.get("flowmusic_gui.engine.tasks")
    if tasks is not None:
        leaked_workers = list(tasks.live_worker_threads())
        tasks.shutdown_all(2.0)
    if running or active or leaked_workers:
        for t in running:
            t.quit()
            t.wait(2000)
        for tm in active:
            tm.stop()
        pytest.fail(
            f"left running: {len(running)} QThread(s), {len(active)} active QTimer(s), "
            f"{len(leaked_workers)} task runner thread(s) of a runner never shut down"
        )


@pytest.fixture
def sim_options() -> dict[str, Any]:
    """The simulator's options where a folder of tests does not say otherwise (a conftest may override this); the
    demo token unless ``token`` says otherwise."""
    return {"speed": 200}


@pytest.fixture
def sim(request: pytest.FixtureRequest, sim_options: dict[str, Any]) -> Iterator[Any]:
    """The one simulator fixture: a local FlowMusic API for the test, stopped (threads joined) after it.

    A module tunes it with ``pytestmark = pytest.mark.simulator(speed=..., short_clips=..., token=None)``; a
    folder changes the defaults by overriding ``sim_options``.
    """
    from flowmusic_gui.simulator import DEMO_TOKEN, Simulator

    options: dict[str, Any] = {"token": DEMO_TOKEN, **sim_options}
    marker = request.node.get_closest_marker("simulator")
    if marker is not None:
        options.update(marker.kwargs)
    with Simulator(**options) as s:
        yield s


@pytest.fixture
def make_runner() -> Iterator[Any]:
    """Task runners as a composition root builds them, one per simulated process (a window, then the window
    after a restart); each is shut down (with its deadline) at the end of the test."""
    from flowmusic_gui.engine.tasks import TaskRunner

    made: list[TaskRunner] = []

    def make() -> TaskRunner:
        made.append(TaskRunner(max_threads=8))
        return made[-1]

    yield make
    for r in made:
        r.shutdown(2.0)


@pytest.fixture
def runner(make_runner: Any) -> Any:
    """The test's one task runner (see ``make_runner``)."""
    return make_runner()

"""Test-wide isolation: offscreen Qt, a private HOME, no real token, and no thread or timer left running."""

from __future__ import annotations

import os
import sys
import weakref
from collections.abc import Iterator
from pathlib import Path

import pytest

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

    def thread_start(self: QThread, *args: object) -> None:
        threads.append(weakref.ref(self))
        orig_thread_start(self, *args)  # type: ignore[arg-type]

    def timer_start(self: QTimer, *args: object) -> None:
        timers.append(weakref.ref(self))
        orig_timer_start(self, *args)  # type: ignore[arg-type]

    QThread.start = thread_start  # type: ignore[method-assign]
    QTimer.start = timer_start  # type: ignore[method-assign]
    try:
        yield
    finally:
        QThread.start = orig_thread_start  # type: ignore[method-assign]
        QTimer.start = orig_timer_start  # type: ignore[method-assign]
    running = []
    for ref in threads:
        t = ref()
        try:
            if t is not None and t.isRunning():
                running.append(t)
        except RuntimeError:  # the C++ object is gone: it stopped
            pass
    active = []
    for ref in timers:
        tm = ref()
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

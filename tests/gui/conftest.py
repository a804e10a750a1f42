"""Fixtures for the window's tests: job views, a window over a temp data folder, a simulator backend."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest
from helpers.keyrings import MemoryKeyring
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from flowmusic_gui.core.credentials import SERVICE, USERNAME
from flowmusic_gui.core.records import JobState, parse_record
from flowmusic_gui.core.schedule import PolicyConfig
from flowmusic_gui.engine.downloads import DownloadQueue, RetryPolicy
from flowmusic_gui.engine.media import CoverCache
from flowmusic_gui.engine.tasks import TaskRunner
from flowmusic_gui.engine.types import JobView
from flowmusic_gui.ui.backend import AppBackend
from flowmusic_gui.ui.desktop.notifications import Notifier
from flowmusic_gui.ui.detail.covers import CoverLoader
from flowmusic_gui.ui.detail.pane import DetailPane
from flowmusic_gui.ui.main_window import MainWindow
from flowmusic_gui.ui.options import Options

T0 = datetime(2026, 3, 1, 12, 0, tzinfo=timezone.utc)
UUIDS = [f"{i:08x}-1234-4234-8234-123456789abc" for i in range(1, 200)]


def jobid(n: int, email: str = "me@example.com") -> str:
    return f"job:{UUIDS[n]}-user:1001-{email}-bot:flowmusic"


def view(
    n: int,
    state: JobState = JobState.COMPLETED,
    *,
    title: str | None = "Song",
    prompt: str | None = "a happy song",
    lyrics: str | None = None,
    duration_ms: float | None = 90_000,
    created: datetime | None = None,
    operation: str | None = None,
    clips: int = 2,
    problem: str | None = None,
    audio_url: str | None = "https://media.example/a.m4a",
    email: str = "me@example.com",
    extra: dict[str, Any] | None = None,
) -> JobView:
    created = created or T0 + timedelta(minutes=n)
    raw: dict[str, Any] = {
        "jobid": jobid(n, email),
        "email": email,
        "status": state.value if state in (JobState.PENDING, JobState.COMPLETED, JobState.FAILED) else "pending",
        "created_at": created.isoformat().replace("+00:00", "Z"),
        "request": {"prompt": prompt} if prompt is not None else {},
    }
    if operation:
        raw["operation"] = operation
    if state is JobState.COMPLETED:
        raw["duration_ms"] = duration_ms
        raw["clips"] = [
            {"title": title, "lyrics": lyrics, "audio_url": audio_url, "wav_url": "https://media.example/a.wav"}
            for _ in range(clips)
        ]
    if state is JobState.FAILED:
        raw["error"] = {"code": "E1", "message": "the model refused"}
    raw.update(extra or {})
    return JobView(
        jobid=jobid(n, email),
        state=state,
        added_at=created,
        record=parse_record(raw),
        last_polled_at=created,
        poll_count=1,
        problem=problem,
    )


@pytest.fixture(scope="session", autouse=True)
def _english(qapp: QApplication) -> Iterator[None]:
    """The window's words as the app shows them in English (its catalogue holds the plural forms, "1 job")."""
    from flowmusic_gui.ui import i18n

    i18n.install("en")
    yield
    i18n.uninstall()


@pytest.fixture(autouse=True)
def _no_tray(monkeypatch: pytest.MonkeyPatch) -> None:
    """Offscreen has no tray; tests that want one patch it back on."""
    monkeypatch.setattr(Notifier, "tray_available", classmethod(lambda cls: False))


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    path = tmp_path / "data"
    path.mkdir()
    return path


@pytest.fixture
def make_window(qtbot: QtBot, data_dir: Path, make_runner: Any) -> Iterator[Any]:
    windows: list[MainWindow] = []

    def make(*, demo: bool = False) -> MainWindow:
        # Each window is an app of its own: its own runner, which it shuts down when it closes.
        window = MainWindow(Options.open(data_dir), demo=demo, data_dir=data_dir, runner=make_runner())
        qtbot.addWidget(window)
        windows.append(window)
        return window

    yield make
    for window in windows:
        window.shutdown()


@pytest.fixture
def window(make_window: Any) -> MainWindow:
    w: MainWindow = make_window()
    return w


@pytest.fixture
def downloads(tmp_path: Path, runner: TaskRunner) -> Iterator[DownloadQueue]:
    """The app's one downloads queue, as the window builds it: over the data folder's store, into the test's
    folder, on the test's runner."""
    yield from _queue(runner, lambda: tmp_path)


def _queue(runner: TaskRunner, folder: Callable[[], Path]) -> Iterator[DownloadQueue]:
    from flowmusic_gui.core import paths
    from flowmusic_gui.core.store import JobStore
    from flowmusic_gui.engine.download_settings import DownloadSettings

    queue = DownloadQueue(
        paths.data_dir() / JobStore.FILENAME, client=None, runner=runner,
        settings=lambda: DownloadSettings(folder=folder()),
    )
    yield queue
    queue.shutdown()
    runner.shutdown(2.0)
    queue.close_store()


@pytest.fixture
def pane(qtbot: QtBot, tmp_path: Path, runner: TaskRunner) -> Iterator[DetailPane]:
    """The detail pane alone, downloading into the test's folder; shut down (threads waited for) at the end."""
    # The queue follows the pane's download folder, as the window's follows the folder in Settings.
    shown: list[DetailPane] = []
    queue = _queue(runner, lambda: shown[0]._download_dir() if shown else tmp_path)
    p = DetailPane(download_dir=lambda: tmp_path, runner=runner, downloads=next(queue))
    shown.append(p)
    # Transient failures are retried a moment apart here, not the seconds apart a user's downloads are.
    p.downloader.queue.retry = RetryPolicy(attempts=2, base_s=0.05, max_s=0.1)
    qtbot.addWidget(p)
    p.resize(560, 900)
    p.show()
    yield p
    p.shutdown()
    next(queue, None)


@pytest.fixture
def cover_loader(qtbot: QtBot, tmp_path: Path, runner: TaskRunner) -> Iterator[CoverLoader]:
    """Covers fetched on the test's runner into the test's cache folder; its fetches stopped at the end."""
    covers = CoverLoader(CoverCache(tmp_path / "covers"), runner=runner)
    yield covers
    covers.shutdown()
    runner.shutdown(2.0)


FAST = PolicyConfig(poll_interval=0.2, max_interval=0.5, budget_per_s=50, prior_min_s=0.1, prior_max_s=1.0)


def attach_demo_backend(
    qtbot: QtBot, window: MainWindow, data_dir: Path, base_url: str, config: PolicyConfig = FAST
) -> AppBackend:
    """Attach a backend on ``base_url`` with the demo token in an in-memory keyring (no environment token), on
    the window's runner; returns once the window shows its jobs."""
    from flowmusic_gui.simulator import DEMO_TOKEN

    keyring = MemoryKeyring()
    keyring.secrets[(SERVICE, USERNAME)] = DEMO_TOKEN
    backend = AppBackend(data_dir, base_url, config, environ={}, keyring_backend=keyring, runner=window.runner)
    with qtbot.waitSignal(window.jobs_shown, timeout=5000):
        window.attach(backend)
    return backend

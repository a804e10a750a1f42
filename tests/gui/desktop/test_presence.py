"""The window's presence on the desktop: nothing of it is made before it is needed (the first paint does not wait
for a tray or a bus), a finished song is announced (in the window when there is no tray), and the tray's tooltip
follows the status bar's counts."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, QEvent
from pytestqt.qtbot import QtBot

from flowmusic_gui.core.records import JobState
from flowmusic_gui.engine.tasks import TaskRunner
from flowmusic_gui.ui.desktop.notifications import Notifier
from flowmusic_gui.ui.main_window import MainWindow
from flowmusic_gui.ui.options import Options

from ..conftest import view


def test_nothing_is_made_before_it_is_needed(window: MainWindow) -> None:
    presence = window.presence
    assert presence._notifier is None and presence._media is None and presence.integration is None
    assert window.desktop is None and not window.has_tray()
    presence.set_counts("3 pending")  # before there is a notifier: nothing to update, nothing made
    assert presence._notifier is None


def test_a_finished_song_is_announced_in_the_window_without_a_tray(window: MainWindow) -> None:
    window.presence.notify(view(1, title="Night Drive"))
    assert "Night Drive" in window.notice.label.text()
    assert window.presence._notifier is not None and not window.has_tray()


@pytest.fixture
def tray_window(qtbot: QtBot, data_dir: Path, monkeypatch: pytest.MonkeyPatch,
                runner: TaskRunner) -> Iterator[MainWindow]:  # fmt: skip
    monkeypatch.setattr(Notifier, "tray_available", classmethod(lambda cls: True))
    w = MainWindow(Options.open(data_dir), data_dir=data_dir, runner=runner)
    qtbot.addWidget(w)
    yield w
    w.shutdown()


@pytest.mark.qt_log_ignore("systemTrayWindowChanged", "QSystemTrayIcon")
def test_the_trays_tooltip_follows_the_counts(tray_window: MainWindow) -> None:
    presence = tray_window.presence
    assert presence.has_tray() is False  # not made yet
    tray = presence.notifier.tray
    assert tray is not None and presence.has_tray()
    tray_window.binding._on_jobs_added([view(1), view(2, JobState.PENDING), view(3, JobState.PENDING)])
    tray_window.binding.update_counts()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.MetaCall)
    assert "2 pending" in tray.toolTip()

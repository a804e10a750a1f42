"""The downloads coordinator: the Downloads panel docks in the window once, Ctrl+J's check mark follows it however
it is opened or closed, and a request it cannot carry out says why in the status bar."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMainWindow
from pytestqt.qtbot import QtBot

from flowmusic_gui.core.records import JobState
from flowmusic_gui.engine.tasks import TaskRunner
from flowmusic_gui.ui.downloads.coordinator import DownloadsCoordinator
from flowmusic_gui.ui.messages import MessageBridge
from flowmusic_gui.ui.options import Options

from ..conftest import view


class Host:
    """A window, its Downloads action, and what the bridge said in the status bar."""

    def __init__(self, qtbot: QtBot, data_dir: Path, runner: TaskRunner) -> None:
        self.window = QMainWindow()
        qtbot.addWidget(self.window)
        self.toggle = QAction("Downloads", self.window)
        self.toggle.setCheckable(True)
        self.bridge = MessageBridge(self.window)
        self.said: list[str] = []
        self.bridge.status_posted.connect(lambda text, _ms: self.said.append(text))
        self.coordinator = DownloadsCoordinator(
            self.window, options=Options.open(data_dir), data_dir=data_dir, runner=runner, bridge=self.bridge,
            have_token=lambda: False, toggle=self.toggle,
        )  # fmt: skip


@pytest.fixture
def host(qtbot: QtBot, data_dir: Path, runner: TaskRunner) -> Iterator[Host]:
    h = Host(qtbot, data_dir, runner)
    h.window.show()
    qtbot.waitExposed(h.window)
    yield h
    h.coordinator.shutdown()
    runner.shutdown(2.0)
    h.coordinator.close_store()


def test_the_panel_is_made_once_and_docked(host: Host) -> None:
    made: list[object] = []
    host.coordinator.panel_made.connect(made.append)
    assert host.coordinator.existing_panel() is None  # nothing made before it is wanted
    host.coordinator.show_panel()
    panel = host.coordinator.existing_panel()
    assert panel is not None and panel.isVisible()
    assert host.window.dockWidgetArea(panel) == Qt.DockWidgetArea.BottomDockWidgetArea
    host.coordinator.show_panel()
    assert made == [panel]


def test_ctrl_j_opens_and_closes_it_and_the_check_mark_follows(qtbot: QtBot, host: Host) -> None:
    c = host.coordinator
    c.toggle_panel()
    assert host.toggle.isChecked() and not c.panel.isHidden()
    c.toggle_panel()
    assert not host.toggle.isChecked() and c.panel.isHidden()
    c.toggle_panel()
    c.panel.close()  # its own close button
    qtbot.waitUntil(lambda: not host.toggle.isChecked(), timeout=2000)


def test_downloading_a_selection_without_finished_songs_says_so(host: Host) -> None:
    host.coordinator.download_jobs([view(1, JobState.PENDING), view(2, JobState.FAILED)])
    assert host.said == ["No finished clips in the selection."]
    assert host.coordinator.existing_panel() is None


def test_the_library_needs_the_token_first(host: Host) -> None:
    host.coordinator.download_library()
    assert host.said == ["Set the API token first: the library is read with it."]

"""The layout is saved a moment after it changes (one save for a run of changes), not only at Quit."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDockWidget, QLabel, QMainWindow, QSplitter, QTableWidget
from pytestqt.qtbot import QtBot

from flowmusic_gui.ui.layout_saver import LayoutSaver


def test_a_run_of_changes_is_saved_once_shortly_after_the_last(qtbot: QtBot) -> None:
    window = QMainWindow()
    qtbot.addWidget(window)
    splitter = QSplitter()
    table = QTableWidget(3, 3)
    splitter.addWidget(table)
    splitter.addWidget(QLabel("detail"))
    window.setCentralWidget(splitter)
    dock = QDockWidget("Downloads", window)
    dock.setObjectName("downloadsDock")
    window.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, dock)
    saved: list[int] = []
    saver = LayoutSaver(lambda: saved.append(1), window, delay_ms=50)
    saver.follow_window(window)
    saver.follow_header(table.horizontalHeader())
    saver.follow_splitter(splitter)
    saver.follow_dock(dock)
    window.show()
    qtbot.waitExposed(window)
    qtbot.waitUntil(lambda: saver.saves >= 1, timeout=2000)  # showing the window moved and sized it
    before = saver.saves
    for width in (80, 90, 100, 110):  # a drag of a column's edge
        table.horizontalHeader().resizeSection(0, width)
    table.sortItems(1, Qt.SortOrder.DescendingOrder)
    qtbot.waitUntil(lambda: saver.saves == before + 1, timeout=2000)
    qtbot.wait(120)
    assert saver.saves == before + 1  # one save for the whole run
    dock.hide()
    qtbot.waitUntil(lambda: saver.saves == before + 2, timeout=2000)
    window.resize(window.width() + 40, window.height())
    saver.flush()  # closing: a save still waiting happens now
    assert saver.saves == before + 3
    saver.stop()

"""The window's parts the first frame does not show: a window made with ``parts_later`` paints its skeleton alone
(the actions' states and the counts already right), and gets every part on the first turn after, or at once when
something asks for one earlier (a drop, a key); then every action does what it says, and the layout is saved as
it changes."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QMimeData, QPoint, Qt
from PySide6.QtGui import QDropEvent
from pytestqt.qtbot import QtBot

from flowmusic_gui.ui.main_window import PARTS, MainWindow
from flowmusic_gui.ui.options import Options

from .conftest import jobid


@pytest.fixture
def skeleton(qtbot: QtBot, data_dir: Path, make_runner: Any) -> Iterator[MainWindow]:
    w = MainWindow(Options.open(data_dir), data_dir=data_dir, runner=make_runner(), parts_later=True)
    qtbot.addWidget(w)
    yield w
    w.shutdown()


def test_the_skeleton_shows_right_before_its_parts_are_made(qtbot: QtBot, skeleton: MainWindow) -> None:
    skeleton.show()
    qtbot.waitExposed(skeleton)
    assert skeleton.parts_built is False
    assert not any(name in skeleton.__dict__ for name in PARTS)
    # What the first frame shows is already as it will stay: nothing selected, so nothing to act on.
    assert not skeleton.acts.act_remove.isEnabled() and not skeleton.acts.act_recheck.isEnabled()
    assert skeleton.acts.act_add.isEnabled()
    assert skeleton.counts_label.text() == "No jobs"


def test_the_jobs_model_comes_with_the_parts(qtbot: QtBot, skeleton: MainWindow) -> None:
    skeleton.show()
    qtbot.waitExposed(skeleton)
    assert "model" not in skeleton.__dict__  # the first frame's header is the stand-in's
    assert skeleton.table.model().rowCount() == 0 and skeleton.counts_label.text() == "No jobs"
    skeleton.build_parts()
    assert skeleton.proxy.sourceModel() is skeleton.model
    assert skeleton.selection.model is skeleton.model and skeleton.binding.model is skeleton.model


def test_building_the_parts_wires_every_action(qtbot: QtBot, skeleton: MainWindow) -> None:
    skeleton.show()
    qtbot.waitExposed(skeleton)
    skeleton.build_parts()
    assert skeleton.parts_built and all(name in skeleton.__dict__ for name in PARTS)
    saver = skeleton.layout_saver
    skeleton.build_parts()  # once only
    assert skeleton.layout_saver is saver
    skeleton.acts.act_downloads.trigger()  # Ctrl+J, wired now
    assert skeleton.downloads_coordinator.existing_panel() is not None and skeleton.acts.act_downloads.isChecked()
    before = saver.saves
    skeleton.resize(skeleton.width() - 40, skeleton.height())
    qtbot.waitUntil(lambda: saver.saves > before, timeout=5000)  # the layout is kept as it changes


def test_a_part_asked_for_early_brings_the_rest(skeleton: MainWindow) -> None:
    assert skeleton.commands is not None  # asked before the first paint's next turn: made on the spot
    assert skeleton.parts_built and skeleton.controller is not None and skeleton.presence is not None
    with pytest.raises(AttributeError, match="no_such_part"):
        getattr(skeleton, "no_such_part")  # noqa: B009 - any other missing name is still an error


def test_ids_dropped_before_the_parts_are_kept(skeleton: MainWindow) -> None:
    mime = QMimeData()
    mime.setText(f"two ids: {jobid(1)} {jobid(2)}")
    event = QDropEvent(QPoint(10, 10), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
                       Qt.KeyboardModifier.NoModifier)  # fmt: skip
    skeleton.dropEvent(event)
    assert skeleton.parts_built
    assert skeleton.controller._pending_ids == [jobid(1), jobid(2)]  # taken in once the tracker runs


def test_closing_before_the_parts_keeps_the_layout(qtbot: QtBot, data_dir: Path, make_runner: Any) -> None:
    w = MainWindow(Options.open(data_dir), data_dir=data_dir, runner=make_runner(), parts_later=True)
    qtbot.addWidget(w)
    w.resize(701, 523)
    w.shutdown()
    assert w.closed and not w.parts_built  # nothing made only to be stopped
    again = MainWindow(Options.open(data_dir), data_dir=data_dir, runner=make_runner(), parts_later=True)
    qtbot.addWidget(again)
    assert (again.width(), again.height()) == (701, 523)
    again.shutdown()


def _header_look(w: MainWindow) -> list[tuple[str, int, int, bool]]:
    """Each column as the header shows it: its text, width, place, and whether it is hidden."""
    hh = w.table.horizontalHeader()
    model = w.table.model()
    return [(str(model.headerData(c, Qt.Orientation.Horizontal)), hh.sectionSize(c), hh.visualIndex(c),
             hh.isSectionHidden(c)) for c in range(hh.count())]  # fmt: skip


def test_the_header_does_not_change_when_the_jobs_model_takes_over(
    qtbot: QtBot, data_dir: Path, make_runner: Any
) -> None:
    # A layout kept from an earlier run: a column moved, one resized, sorted by title, ascending.
    first = MainWindow(Options.open(data_dir), data_dir=data_dir, runner=make_runner())
    qtbot.addWidget(first)
    hh = first.table.horizontalHeader()
    hh.moveSection(hh.visualIndex(7), 2)
    hh.resizeSection(3, 180)
    first.table.sortByColumn(1, Qt.SortOrder.AscendingOrder)
    first.shutdown()

    w = MainWindow(Options.open(data_dir), data_dir=data_dir, runner=make_runner(), parts_later=True)
    qtbot.addWidget(w)
    w.show()
    qtbot.waitExposed(w)
    # The first frame's header comes from a stand-in model in C++: the jobs model's own words, the kept layout
    # and its sort arrow.
    assert w.proxy.sourceModel() is not w.model
    before = _header_look(w)
    assert [text for text, *_ in before] == [str(w.model.headerData(c, Qt.Orientation.Horizontal))
                                             for c in range(w.model.columnCount())]  # fmt: skip
    assert (w.table.horizontalHeader().sortIndicatorSection(), w.table.horizontalHeader().sortIndicatorOrder()) == (
        1, Qt.SortOrder.AscendingOrder)
    w.build_parts()
    assert w.proxy.sourceModel() is w.model and w.table.isSortingEnabled()
    assert _header_look(w) == before
    assert (w.model.sort_column, w.model.sort_order) == (1, Qt.SortOrder.AscendingOrder)
    w.shutdown()

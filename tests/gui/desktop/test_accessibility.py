"""Every interactive control has an accessible name, found by walking the window's accessibility tree as a
screen reader does (QAccessible), with a finished job shown so the detail pane's cards, player and lyrics count.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QAccessible, QAccessibleInterface
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from flowmusic_gui.core.records import JobState
from flowmusic_gui.ui.main_window import MainWindow

from ..conftest import view

R = QAccessible.Role
INTERACTIVE = {R.PushButton, R.CheckBox, R.RadioButton, R.ComboBox, R.EditableText, R.SpinBox, R.Slider,
               R.ButtonMenu, R.ButtonDropDown, R.Table, R.List, R.Tree, R.PageTab, R.ScrollBar}  # fmt: skip
# Scroll bars are named by Qt after their orientation; they are listed so an unnamed one still fails.
MAX_NODES = 5000


def walk(root: QAccessibleInterface) -> list[QAccessibleInterface]:
    found: list[QAccessibleInterface] = []
    todo: list[QAccessibleInterface | None] = [root]
    while todo and len(found) < MAX_NODES:
        node = todo.pop()
        if node is None or not node.isValid():
            continue
        found.append(node)
        if node.state().invisible:
            continue
        todo.extend(node.child(i) for i in range(node.childCount()))
    return found


def unnamed(window: MainWindow) -> list[str]:
    root = QAccessible.queryAccessibleInterface(window)
    assert root is not None
    problems = []
    for node in walk(root):
        if node.role() not in INTERACTIVE or node.state().invisible:
            continue
        if not node.text(QAccessible.Text.Name).strip():
            obj = node.object()
            problems.append(f"{node.role().name} {type(obj).__name__} {obj.objectName() if obj else ''}".strip())
    return problems


def shown(qtbot: QtBot, window: MainWindow) -> MainWindow:
    lyrics = "[Verse]\nFirst line\nSecond line"
    views = [view(1, lyrics=lyrics), view(2, JobState.PENDING), view(3, JobState.FAILED)]
    window.model.set_jobs(views)
    window.binding.after_rows_changed()
    window.ensure_detail()
    window.show()
    qtbot.waitExposed(window)
    window.select_jobids([views[0].jobid])
    return window


def test_every_interactive_control_has_an_accessible_name(qtbot: QtBot, window: MainWindow) -> None:
    shown(qtbot, window)
    problems = unnamed(window)
    assert not problems, "\n".join(problems)


def test_a_failed_job_shown_has_no_unnamed_control_either(qtbot: QtBot, window: MainWindow) -> None:
    shown(qtbot, window)
    window.select_jobids([window.ordered_views()[-1].jobid])
    problems = unnamed(window)
    assert not problems, "\n".join(problems)


def next_in_chain(widget: QWidget) -> QWidget:
    following = widget.nextInFocusChain()
    assert following is not None
    return following


def test_tab_reaches_the_filter_search_table_and_the_player(qtbot: QtBot, window: MainWindow) -> None:
    shown(qtbot, window)
    window.activateWindow()
    window.filter_combo.setFocus()
    reached: list[QWidget] = []
    widget: QWidget = window.filter_combo
    for _ in range(60):
        reached.append(widget)
        widget = next_in_chain(widget)
        while not (widget.focusPolicy() & Qt.FocusPolicy.TabFocus) or not widget.isVisible():
            widget = next_in_chain(widget)
        if widget is window.filter_combo:
            break
    order = [w for w in reached if w in (window.filter_combo, window.search, window.table, window.detail.cards[0].play)]
    assert order == [window.filter_combo, window.search, window.table, window.detail.cards[0].play]
    # The player and the next/previous clip have keys of their own.
    assert window.acts.act_play_pause.shortcut().toString() == "Ctrl+Space"
    assert window.acts.act_next_clip.shortcut().toString() == "Ctrl+Right"

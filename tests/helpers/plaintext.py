"""A sweep over every widget under a root that finds server text Qt would render as rich text.

Qt shows a QLabel in AutoText format, a tooltip, a What's This text and an item's ToolTipRole as rich text
whenever ``Qt.mightBeRichText`` guesses so: an ``<img src=...>`` in such text makes Qt read that file. Server
text must reach the screen as plain text: a PlainText label, or escaped inside the ``<qt>`` wrapper that
``ui.text.plain_tooltip`` makes.
"""

from __future__ import annotations

import re

from PySide6.QtCore import QAbstractItemModel, QModelIndex, Qt
from PySide6.QtGui import QAction
from PySide6.QtGui import Qt as GuiQt  # the namespace that carries mightBeRichText
from PySide6.QtWidgets import QAbstractItemView, QLabel, QTreeWidget, QWidget

# What plain_tooltip's escaped text may hold besides escaped characters.
_ALLOWED_TAGS_RE = re.compile(r"</?qt>|<br>")
ROWS_SWEPT = 300


def renders_markup(text: str) -> bool:
    """True when Qt would interpret ``text`` as rich text holding tags beyond the plain wrapper."""
    if not text or not GuiQt.mightBeRichText(text):
        return False
    return "<" in _ALLOWED_TAGS_RE.sub("", text)


def _check_tip(where: str, text: object, found: list[str]) -> None:
    if isinstance(text, str) and renders_markup(text):
        found.append(f"{where}: {text[:120]!r}")


def _columns(model: QAbstractItemModel, parent: QModelIndex) -> int:
    try:
        return model.columnCount(parent)
    except TypeError:  # a list or tree widget's own model: its methods are private to Python, one column
        return 1


def _has_children(model: QAbstractItemModel, index: QModelIndex) -> bool:
    try:
        return model.hasChildren(index)
    except TypeError:  # a QAbstractTableModel or QAbstractListModel: hasChildren is private to it, no children
        return False


def _sweep_model(where: str, model: QAbstractItemModel, found: list[str], parent: QModelIndex) -> None:
    columns = _columns(model, parent)
    for section in range(columns):
        _check_tip(f"{where} header {section}", model.headerData(section, Qt.Orientation.Horizontal,
                                                                   Qt.ItemDataRole.ToolTipRole), found)
    for row in range(min(model.rowCount(parent), ROWS_SWEPT)):
        for col in range(columns):
            index = model.index(row, col, parent)
            model.data(index, Qt.ItemDataRole.DisplayRole)  # must not raise either
            _check_tip(f"{where} [{row},{col}] tooltip", model.data(index, Qt.ItemDataRole.ToolTipRole), found)
            _check_tip(f"{where} [{row},{col}] what's this",
                       model.data(index, Qt.ItemDataRole.WhatsThisRole), found)
            if col == 0 and _has_children(model, index):
                _sweep_model(where, model, found, index)


def rich_text_problems(root: QWidget, marker: str) -> list[str]:
    """Every place under ``root`` where text holding ``marker`` would be rendered as rich text."""
    found: list[str] = []
    widgets = [root, *root.findChildren(QWidget)]
    for widget in widgets:
        name = f"{type(widget).__name__}#{widget.objectName() or '?'}"
        if isinstance(widget, QLabel):
            text = widget.text()
            if widget.textFormat() != Qt.TextFormat.PlainText and marker in text and (
                widget.textFormat() == Qt.TextFormat.RichText or GuiQt.mightBeRichText(text)
            ):
                found.append(f"{name} text: {text[:120]!r}")
        _check_tip(f"{name} tooltip", widget.toolTip(), found)
        _check_tip(f"{name} what's this", widget.whatsThis(), found)
        for action in widget.actions():
            assert isinstance(action, QAction)
            _check_tip(f"{name} action {action.text()!r} tooltip", action.toolTip(), found)
            _check_tip(f"{name} action {action.text()!r} what's this", action.whatsThis(), found)
        if isinstance(widget, QTreeWidget):  # its model's methods are private to Python
            for row in range(min(widget.topLevelItemCount(), ROWS_SWEPT)):
                item = widget.topLevelItem(row)
                if item is None:
                    continue
                for col in range(widget.columnCount()):
                    _check_tip(f"{name} item [{row},{col}] tooltip", item.toolTip(col), found)
                    _check_tip(f"{name} item [{row},{col}] what's this", item.whatsThis(col), found)
        elif isinstance(widget, QAbstractItemView) and widget.model() is not None:
            _sweep_model(name, widget.model(), found, QModelIndex())
    return found

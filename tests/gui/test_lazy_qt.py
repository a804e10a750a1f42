"""The Qt values the window's first frame sets as plain ints are Qt's own, and ``lazy_qt.Qt`` is PySide6's Qt."""

from __future__ import annotations

from PySide6.QtCore import Qt as RealQt

from flowmusic_gui.ui import lazy_qt
from flowmusic_gui.ui.lazy_qt import Qt


def test_every_int_is_the_value_of_the_enum_it_names() -> None:
    expected = {
        "ALIGN_CENTER": RealQt.AlignmentFlag.AlignCenter,
        "ALIGN_LEFT_VCENTER": RealQt.AlignmentFlag.AlignLeft | RealQt.AlignmentFlag.AlignVCenter,
        "ALIGN_RIGHT_VCENTER": RealQt.AlignmentFlag.AlignRight | RealQt.AlignmentFlag.AlignVCenter,
        "TEXT_WORD_WRAP": RealQt.TextFlag.TextWordWrap,
        "CUSTOM_CONTEXT_MENU": RealQt.ContextMenuPolicy.CustomContextMenu,
        "PLAIN_TEXT": RealQt.TextFormat.PlainText,
        "TEXT_BESIDE_ICON": RealQt.ToolButtonStyle.ToolButtonTextBesideIcon,
        "APPLICATION_SHORTCUT": RealQt.ShortcutContext.ApplicationShortcut,
        "WIDGET_SHORTCUT": RealQt.ShortcutContext.WidgetShortcut,
        "DISPLAY_ROLE": RealQt.ItemDataRole.DisplayRole,
        "TOOLTIP_ROLE": RealQt.ItemDataRole.ToolTipRole,
        "USER_ROLE": RealQt.ItemDataRole.UserRole,
    }
    names = {name for name in vars(lazy_qt) if name.isupper() and name != "TYPE_CHECKING"}
    assert names == set(expected)  # a new one is checked here too
    for name, member in expected.items():
        assert getattr(lazy_qt, name) == member.value, name


def test_the_lazy_qt_is_pysides_own() -> None:
    assert Qt.SortOrder is RealQt.SortOrder
    assert Qt.ItemDataRole.DisplayRole is RealQt.ItemDataRole.DisplayRole
    assert Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter == (
        RealQt.AlignmentFlag.AlignRight | RealQt.AlignmentFlag.AlignVCenter
    )

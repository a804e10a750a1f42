"""``Qt`` for the modules the first frame imports, built by PySide6 only when something reads it.

PySide6 builds the Python type of the ``Qt`` namespace, all of its ~100 enums at once, the first time anything
reads ``Qt.<name>`` or a Qt enum crosses between C++ and Python (a Python ``headerData`` receiving its
``Qt.Orientation``, a setter called with a ``Qt`` flag): 15-25 ms, more than the rest of the first frame's
widgets together. The window's skeleton therefore reads no ``Qt`` member before its first paint:

- ``Qt`` here is PySide6's own, fetched on the first member read (so ``from flowmusic_gui.ui.lazy_qt import Qt``
  at the top of a module costs nothing until a member is used);
- the few ``Qt`` values the skeleton sets are plain ints below, set through Qt's property system
  (``widget.setProperty("toolButtonStyle", TEXT_BESIDE_ICON)``), which converts them in C++.

``tests/gui/test_lazy_qt.py`` checks every int against PySide6's enum; ``tests/gui/test_startup_budget.py`` that the
namespace is still unbuilt at the first paint.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from PySide6.QtCore import Qt
else:

    class _Qt:
        """PySide6.QtCore.Qt, looked up on the first member read (each member is then kept here)."""

        def __getattr__(self, name: str) -> Any:
            from PySide6.QtCore import Qt as real

            value = getattr(real, name)
            setattr(self, name, value)
            return value

    Qt = _Qt()

# Values of Qt's enums as ints (Qt's documented values; checked against PySide6 by the tests).
ALIGN_CENTER = 0x0084  # Qt.AlignmentFlag.AlignCenter
ALIGN_LEFT_VCENTER = 0x0081  # Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
ALIGN_RIGHT_VCENTER = 0x0082  # Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
TEXT_WORD_WRAP = 0x1000  # Qt.TextFlag.TextWordWrap
CUSTOM_CONTEXT_MENU = 3  # Qt.ContextMenuPolicy.CustomContextMenu
PLAIN_TEXT = 0  # Qt.TextFormat.PlainText
TEXT_BESIDE_ICON = 2  # Qt.ToolButtonStyle.ToolButtonTextBesideIcon
APPLICATION_SHORTCUT = 2  # Qt.ShortcutContext.ApplicationShortcut
WIDGET_SHORTCUT = 0  # Qt.ShortcutContext.WidgetShortcut
DISPLAY_ROLE = 0  # Qt.ItemDataRole.DisplayRole
TOOLTIP_ROLE = 3  # Qt.ItemDataRole.ToolTipRole
USER_ROLE = 0x0100  # Qt.ItemDataRole.UserRole

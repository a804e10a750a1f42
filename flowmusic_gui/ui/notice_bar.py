"""In-window messages: a notice line (with an optional action such as Undo) and the token banner."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QToolButton, QWidget

from flowmusic_gui.ui import icons
from flowmusic_gui.ui.text import plain_tooltip


class NoticeBar(QFrame):
    """One message at a time; stays until closed or replaced, or fades after ``fade_ms`` (information).

    The window's activity list keeps every message, so one replaced here is not lost.
    """

    closed = Signal()

    def __init__(self, parent: QWidget | None = None, *, role: str = "notice") -> None:
        super().__init__(parent)
        self.setObjectName(role)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setAutoFillBackground(True)
        pal = self.palette()
        # Highlight-tinted background taken from the palette: readable in light and dark themes.
        base = pal.color(QPalette.ColorRole.Window)
        accent = pal.color(QPalette.ColorRole.Highlight)
        mixed = base.toRgb()
        mixed.setRgb(
            (base.red() * 5 + accent.red()) // 6,
            (base.green() * 5 + accent.green()) // 6,
            (base.blue() * 5 + accent.blue()) // 6,
        )
        pal.setColor(QPalette.ColorRole.Window, mixed)
        self.setPalette(pal)
        lay = QHBoxLayout(self)
        lay.setContentsMargins(10, 6, 6, 6)
        self._icon = QLabel()
        self._icon.setPixmap(icons.icon("info").pixmap(18, 18))
        self.label = QLabel()
        self.label.setTextFormat(Qt.TextFormat.PlainText)
        self.label.setWordWrap(True)
        self.label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.button = QPushButton()
        self.button.hide()
        self.button.clicked.connect(self._on_button)
        self._close = QToolButton()
        self._close.setIcon(icons.icon("cancel"))
        self._close.setAutoRaise(True)
        self._close.setToolTip(self.tr("Dismiss"))
        self._close.setAccessibleName(self.tr("Dismiss"))
        self._close.clicked.connect(self.dismiss)
        lay.addWidget(self._icon)
        lay.addWidget(self.label, 1)
        lay.addWidget(self.button)
        lay.addWidget(self._close)
        self._action: Callable[[], None] | None = None
        self._fade: QTimer | None = None
        self.priority = 0  # of the message shown (see ui/activity.Kind); 0 when hidden
        self.hide()

    def show_message(
        self,
        text: str,
        *,
        action: tuple[str, Callable[[], None]] | None = None,
        tooltip: str = "",
        closable: bool = True,
        fade_ms: int = 0,
        priority: int = 0,
    ) -> None:
        self.priority = priority
        self.stop_fade()
        if fade_ms > 0:
            if self._fade is None:
                self._fade = QTimer(self)
                self._fade.setSingleShot(True)
                self._fade.timeout.connect(self.dismiss)
            self._fade.start(fade_ms)
        self.label.setText(text)
        self.label.setToolTip(plain_tooltip(tooltip))  # rejected pieces and server text: never markup
        self._action = action[1] if action else None
        if action:
            self.button.setText(action[0])
            self.button.show()
        else:
            self.button.hide()
        self._close.setVisible(closable)
        self.show()

    @property
    def fading(self) -> bool:
        return self._fade is not None and self._fade.isActive()

    def stop_fade(self) -> None:
        if self._fade is not None:
            self._fade.stop()

    def dismiss(self) -> None:
        self.stop_fade()
        self.priority = 0
        self._action = None
        self.hide()
        self.closed.emit()

    def _on_button(self) -> None:
        action = self._action
        if action is not None:
            self.dismiss()
            action()

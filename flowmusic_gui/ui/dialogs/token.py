"""The token dialog: a masked field, "Test" (GET /accounts off the GUI thread) and save (keyring, off it too)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from flowmusic_gui.engine.tasks import TaskRunner, TaskScope

if TYPE_CHECKING:
    from flowmusic_gui.core.client import TokenCheck
    from flowmusic_gui.core.credentials import TokenLookup


class TokenDialog(QDialog):
    """``checker(token)`` and ``saver(token)`` block; they run on worker threads."""

    def __init__(
        self,
        parent: QWidget | None,
        *,
        checker: Callable[[str], TokenCheck],
        saver: Callable[[str], TokenLookup],
        note: str = "",
        runner: TaskRunner,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("API token"))
        self.setMinimumWidth(520)
        self._checker = checker
        self._saver = saver
        # The app's runner; the dialog's own tasks are scoped to it and silenced when it closes.
        self._background = TaskScope(runner)
        self.result_lookup: TokenLookup | None = None
        lay = QVBoxLayout(self)
        intro = QLabel(
            self.tr(
                "The app needs your useapi.net API token to ask FlowMusic about your jobs. It is stored in "
                "the system keyring and sent only to the API."
            )
        )
        intro.setWordWrap(True)
        lay.addWidget(intro)
        if note:
            note_label = QLabel(note)
            note_label.setTextFormat(Qt.TextFormat.PlainText)
            note_label.setWordWrap(True)
            lay.addWidget(note_label)
        row = QHBoxLayout()
        self.field = QLineEdit()
        self.field.setEchoMode(QLineEdit.EchoMode.Password)
        self.field.setPlaceholderText("user:1234-…")
        self.field.setClearButtonEnabled(True)
        self.show_box = QCheckBox(self.tr("Show"))
        self.show_box.toggled.connect(self._toggle_echo)
        self.test_button = QPushButton(self.tr("Test"))
        self.test_button.setToolTip(self.tr("Ask the API whether it accepts this token (GET /accounts)"))
        self.test_button.clicked.connect(self.test)
        row.addWidget(self.field, 1)
        row.addWidget(self.show_box)
        row.addWidget(self.test_button)
        lay.addLayout(row)
        self.status = QLabel()
        self.status.setTextFormat(Qt.TextFormat.PlainText)
        self.status.setWordWrap(True)
        lay.addWidget(self.status)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        lay.addWidget(self.buttons)
        self.field.textChanged.connect(self._update_buttons)
        self._update_buttons()

    def token(self) -> str:
        return self.field.text().strip()

    def _toggle_echo(self, shown: bool) -> None:
        self.field.setEchoMode(QLineEdit.EchoMode.Normal if shown else QLineEdit.EchoMode.Password)

    def _update_buttons(self) -> None:
        has = bool(self.token())
        self.test_button.setEnabled(has and self._background.pending == 0)
        self.buttons.button(QDialogButtonBox.StandardButton.Save).setEnabled(
            has and self._background.pending == 0
        )

    def _busy(self, text: str) -> None:
        self.status.setText(text)
        self._update_buttons()

    def test(self) -> None:
        token = self.token()
        if not token:
            return
        checker = self._checker
        self._background.run(
            lambda: checker(token), name="test the token", on_success=self._tested, on_failure=self._failed
        )
        self._busy(self.tr("Testing…"))

    def _tested(self, check: TokenCheck) -> None:
        self.status.setText(("✓ " if check.ok else "✗ ") + check.message)
        self._update_buttons()

    def _failed(self, exc: BaseException) -> None:
        self.status.setText(f"✗ {type(exc).__name__}: {exc}")
        self._update_buttons()

    def save(self) -> None:
        token = self.token()
        if not token:
            return
        saver = self._saver
        self._background.run(
            lambda: saver(token), name="save the token", on_success=self._saved, on_failure=self._failed
        )
        self._busy(self.tr("Saving…"))

    def _saved(self, lookup: TokenLookup) -> None:
        self.result_lookup = lookup
        self._update_buttons()
        self.accept()

    def done(self, r: int) -> None:
        self._background.close()
        super().done(r)

    @classmethod
    def ask(
        cls,
        parent: QWidget | None,
        *,
        checker: Callable[[str], TokenCheck],
        saver: Callable[[str], TokenLookup],
        note: str = "",
        runner: TaskRunner,
    ) -> TokenLookup | None:
        """Run the dialog; the saved token's lookup, or None when cancelled. Tests replace this method."""
        dialog = cls(parent, checker=checker, saver=saver, note=note, runner=runner)
        try:
            dialog.exec()
            return dialog.result_lookup
        finally:
            dialog.deleteLater()

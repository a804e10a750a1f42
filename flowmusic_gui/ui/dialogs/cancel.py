"""Asking before cancelling jobs: one confirmation for one or many, saying what cancelling cannot undo."""

from __future__ import annotations

from PySide6.QtWidgets import QMessageBox, QWidget

from flowmusic_gui.ui.i18n import Words


class CancelText(Words):
    """The words of the question."""


def cancel_question(count: int) -> str:
    if count == 1:
        return CancelText.tr(
            "Cancel this job? The song may still finish, and its credits are spent either way. "
            "Cancelling frees the account's slot for another job."
        )
    return CancelText.tr(
        "Cancel these %Ln jobs? The songs may still finish, and their credits are spent either way. "
        "Cancelling frees the accounts' slots for other jobs.", "", count,
    )


class CancelConfirm:
    """``ask()`` shows the question; tests replace it (no test opens a real modal)."""

    @classmethod
    def ask(cls, parent: QWidget | None, count: int) -> bool:
        box = QMessageBox(QMessageBox.Icon.Question, CancelText.tr("Cancel jobs"), cancel_question(count),
                          QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, parent)
        box.setDefaultButton(QMessageBox.StandardButton.No)
        yes = CancelText.tr("Cancel jobs") if count > 1 else CancelText.tr("Cancel job")
        box.button(QMessageBox.StandardButton.Yes).setText(yes)
        box.button(QMessageBox.StandardButton.No).setText(CancelText.tr("Keep running"))
        return box.exec() == QMessageBox.StandardButton.Yes

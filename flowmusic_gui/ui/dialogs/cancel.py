"""Asking before cancelling jobs: one confirmation for one or many, saying what cancelling cannot undo."""

from __future__ import annotations

from PySide6.QtWidgets import QMessageBox, QWidget


def cancel_question(count: int) -> str:
    what = "this job" if count == 1 else f"these {count} jobs"
    return (
        f"Cancel {what}? The song may still finish, and its credits are spent either way. "
        "Cancelling frees the account's slot for another job."
    )


class CancelConfirm:
    """``ask()`` shows the question; tests replace it (no test opens a real modal)."""

    @classmethod
    def ask(cls, parent: QWidget | None, count: int) -> bool:
        box = QMessageBox(QMessageBox.Icon.Question, "Cancel jobs", cancel_question(count),
                          QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, parent)
        box.setDefaultButton(QMessageBox.StandardButton.No)
        box.button(QMessageBox.StandardButton.Yes).setText("Cancel jobs" if count > 1 else "Cancel job")
        box.button(QMessageBox.StandardButton.No).setText("Keep running")
        return box.exec() == QMessageBox.StandardButton.Yes

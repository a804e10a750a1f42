"""The "Add jobs" dialog: any text in, a live count of the ids found and each rejected piece with its reason."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from flowmusic_gui.core.jobids import Extraction, extract_jobids
from flowmusic_gui.ui.i18n import Words, rejected_reason
from flowmusic_gui.ui.text import plain_tooltip

MAX_REJECTS_SHOWN = 200


class ExtractionSummary(Words):
    """What the dialog says it found."""


def describe_extraction(found: Extraction) -> str:
    ids = len(found.ids)
    if not found.rejected:
        if ids:
            return ExtractionSummary.tr("%Ln job id(s) found", "", ids)
        return ExtractionSummary.tr("No job id found")
    rejected = ExtractionSummary.tr("%Ln piece(s) rejected", "", len(found.rejected))
    if ids == 0:
        return ExtractionSummary.tr("No job id found, {rejected}").format(rejected=rejected)
    found_text = ExtractionSummary.tr("%Ln job id(s) found, {rejected}", "", ids)
    return found_text.format(rejected=rejected)


class AddJobsDialog(QDialog):
    def __init__(self, parent: QWidget | None = None, text: str = "") -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Add jobs"))
        self.resize(620, 420)
        lay = QVBoxLayout(self)
        intro = QLabel(
            self.tr(
                "Paste job ids, a list of them, or the JSON answer of POST /music: every job id in the text is added."
            )
        )
        intro.setWordWrap(True)
        self.editor = QPlainTextEdit()
        self.editor.setPlaceholderText("job:…-user:…-you@example.com-bot:flowmusic")
        self.summary = QLabel()
        self.summary.setTextFormat(Qt.TextFormat.PlainText)
        self.rejects = QListWidget()
        self.rejects.setMaximumHeight(130)
        # Each reject reads in full without scrolling sideways: the piece on one line, the reason under it.
        self.rejects.setWordWrap(True)
        self.rejects.setSpacing(2)
        self.rejects.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        lay.addWidget(intro)
        lay.addWidget(self.editor, 1)
        lay.addWidget(self.summary)
        lay.addWidget(self.rejects)
        lay.addWidget(self.buttons)
        self._found = Extraction((), ())
        self.editor.textChanged.connect(self._update)
        self.editor.setPlainText(text)
        self._update()

    @property
    def ids(self) -> list[str]:
        return list(self._found.ids)

    def _update(self) -> None:
        self._found = extract_jobids(self.editor.toPlainText())
        self.summary.setText(describe_extraction(self._found))
        self.rejects.clear()
        for rej in self._found.rejected[:MAX_REJECTS_SHOWN]:
            reason = rejected_reason(rej)
            item = QListWidgetItem(f"{rej.piece}\n    {reason}")
            item.setToolTip(plain_tooltip(f"{rej.piece}\n{reason}"))
            self.rejects.addItem(item)
        self.rejects.setVisible(bool(self._found.rejected))
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        n = len(self._found.ids)
        ok.setEnabled(n > 0)
        ok.setText(self.tr("Add %Ln job(s)", "", n) if n else self.tr("Add"))

    @classmethod
    def ask(cls, parent: QWidget | None, text: str = "") -> list[str] | None:
        """Run the dialog; the ids to add, or None when cancelled. Tests replace this method."""
        dialog = cls(parent, text)
        try:
            if dialog.exec() == QDialog.DialogCode.Accepted and dialog.ids:
                return dialog.ids
            return None
        finally:
            dialog.deleteLater()

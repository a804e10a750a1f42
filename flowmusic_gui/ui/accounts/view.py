"""The accounts view: each account on the token with its tier, running jobs against its slots, credits and
health, and the status bar's one-line summary (total running, lowest balance). Every text from the API is shown
as plain text."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QLocale, Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from flowmusic_gui.core.translatable import QT_TRANSLATE_NOOP
from flowmusic_gui.engine.accounts import REMEDY, AccountsMonitor, AccountsSummary, AccountStatus
from flowmusic_gui.ui.i18n import Words
from flowmusic_gui.ui.text import plain_tooltip

HEADERS = (
    QT_TRANSLATE_NOOP("AccountsDialog", "Account"),
    QT_TRANSLATE_NOOP("AccountsDialog", "Tier"),
    QT_TRANSLATE_NOOP("AccountsDialog", "Running"),
    QT_TRANSLATE_NOOP("AccountsDialog", "Credits"),
    QT_TRANSLATE_NOOP("AccountsDialog", "Health"),
)


class AccountText(Words):
    """The words of the accounts' summary and rows."""


def credits_text(value: float | None) -> str:
    if value is None:
        return "—"
    return QLocale().toString(float(value), "f", 0 if float(value).is_integer() else 2)


def remedy_text() -> str:
    """What to do about an account in an error state (engine.accounts marks the sentence)."""
    return QCoreApplication.translate("Accounts", REMEDY)


def summary_text(summary: AccountsSummary) -> str:
    """The status bar's line: "3 running · lowest 390 credits (studio@…)", or what is not known yet."""
    if summary.accounts == 0:
        # Never a bare "Accounts": say whether they are still being read or there are none.
        return AccountText.tr("No accounts on the token") if summary.listed else AccountText.tr("Accounts: reading…")
    parts = []
    if summary.running is not None:
        parts.append(AccountText.tr("%Ln running", "", summary.running))
    if summary.lowest_credits is not None:
        parts.append(AccountText.tr("lowest {credits} credits").format(credits=credits_text(summary.lowest_credits)))
    if summary.failing:
        parts.append(AccountText.tr("%Ln need(s) attention", "", len(summary.failing)))
    return " · ".join(parts) if parts else AccountText.tr("%Ln account(s)", "", summary.accounts)


def health_text(status: AccountStatus) -> str:
    if status.error is not None:
        if "re-add" in status.error.lower():  # the API's own sentence already says what to do: once is enough
            return AccountText.tr("Error: {error}").format(error=status.error)
        return AccountText.tr("Error: {error} {remedy}").format(error=status.error, remedy=remedy_text())
    if status.checked_at is not None or status.credits is not None:
        return AccountText.tr("Healthy")
    return AccountText.tr("Checking…")


class AccountsDialog(QDialog):
    """A window (not modal) that lists the accounts and follows the monitor's news."""

    def __init__(self, monitor: AccountsMonitor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("accountsDialog")
        self.setWindowTitle(self.tr("Accounts"))
        self.monitor = monitor
        self.resize(760, 300)
        lay = QVBoxLayout(self)
        self.summary = QLabel()
        self.summary.setTextFormat(Qt.TextFormat.PlainText)
        lay.addWidget(self.summary)
        self.table = QTableWidget(0, len(HEADERS), self)
        self.table.setHorizontalHeaderLabels([self.tr(h) for h in HEADERS])
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        # Health holds whole sentences: they wrap in their row instead of ending in "…".
        self.table.setWordWrap(True)
        self.table.setTextElideMode(Qt.TextElideMode.ElideNone)
        header.sectionResized.connect(lambda *_: self.table.resizeRowsToContents())
        lay.addWidget(self.table, 1)
        self.problem = QLabel()
        self.problem.setTextFormat(Qt.TextFormat.PlainText)
        self.problem.setWordWrap(True)
        self.problem.hide()
        lay.addWidget(self.problem)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        self.refresh_button = QPushButton(self.tr("Refresh"))
        self.refresh_button.setToolTip(self.tr("Read the accounts and their balances again now"))
        buttons.addButton(self.refresh_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.refresh_button.clicked.connect(lambda: monitor.refresh(force=True))
        buttons.rejected.connect(self.close)
        lay.addWidget(buttons)
        monitor.changed.connect(self.update_rows)
        monitor.problem.connect(self._on_problem)
        self.update_rows()

    def _on_problem(self, message: str) -> None:
        problem = self.tr("The accounts could not be read: {message}").format(message=message) if message else ""
        self.problem.setText(problem)
        self.problem.setVisible(bool(message))

    def update_rows(self) -> None:
        accounts = self.monitor.accounts()
        self.summary.setText(summary_text(self.monitor.summary()) if accounts else self.tr("No accounts read yet."))
        self.table.setRowCount(len(accounts))
        for row, status in enumerate(accounts):
            slots = f"{'?' if status.running is None else status.running} / " \
                    f"{'?' if status.max_jobs is None else status.max_jobs}"
            cells = (status.email, status.tier or "—", slots, credits_text(status.credits), health_text(status))
            for col, text in enumerate(cells):
                item = self.table.item(row, col)
                if item is None:
                    item = QTableWidgetItem()
                    self.table.setItem(row, col, item)
                item.setText(text)  # QTableWidgetItem text is plain; the tooltip is escaped
                item.setToolTip(plain_tooltip(text))
                if col in (2, 3):
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.table.resizeRowsToContents()

    def row_texts(self) -> list[list[str]]:
        """What each row shows (for tests and accessibility checks)."""
        return [
            [self.table.item(r, c).text() for c in range(self.table.columnCount())]  # type: ignore[union-attr]
            for r in range(self.table.rowCount())
        ]

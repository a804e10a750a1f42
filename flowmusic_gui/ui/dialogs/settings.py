"""The settings dialog: notifications, the download folder, names and tags and, under "Advanced", polling and the
API base URL."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from flowmusic_gui.engine.download_settings import default_folder
from flowmusic_gui.ui import i18n
from flowmusic_gui.ui import options as opt
from flowmusic_gui.ui.options import Options


@dataclass(frozen=True)
class SettingsChange:
    """Which groups of options changed, so the window applies only those."""

    polling: bool = False
    api_base: bool = False
    notifications: bool = False
    discover: bool = False
    download_dir: bool = False
    autostart: bool = False
    language: bool = False  # applies at the next start: widgets take their words when they are made

    @property
    def any(self) -> bool:
        return (
            self.polling or self.api_base or self.notifications or self.download_dir or self.autostart
            or self.discover or self.language
        )


def _base_in_use(parent: object) -> str | None:
    """The API base URL the window's backend talks to now, when there is one."""
    backend = getattr(parent, "backend", None)
    read = getattr(backend, "api_base", None)
    value = read() if callable(read) else None
    return value if isinstance(value, str) and value else None


def validate_api_base(text: str) -> tuple[str, str | None]:
    """(normalized URL, None) or (text, the problem). Empty means the default."""
    text = text.strip()
    if not text:
        return "", None
    from flowmusic_gui.core.client import BadBaseUrl, normalize_base_url  # requests: only when needed

    try:
        return normalize_base_url(text), None
    except BadBaseUrl as exc:
        return text, str(exc)


class SettingsDialog(QDialog):
    """``tray``: whether the desktop has a system tray (keeping watching in it needs one)."""

    def __init__(self, parent: QWidget | None, options: Options, *, tray: bool | None = None) -> None:
        super().__init__(parent)
        if tray is None:
            from flowmusic_gui.ui.desktop.notifications import Notifier

            tray = Notifier.tray_available()
        self.setWindowTitle(self.tr("Settings"))
        self.setMinimumWidth(520)
        self._options = options
        lay = QVBoxLayout(self)

        general = QGroupBox(self.tr("General"))
        form = QFormLayout(general)
        self.notifications = QCheckBox(self.tr("Notify me when a job finishes or fails"))
        self.notifications.setChecked(options.get(opt.NOTIFICATIONS))
        form.addRow(self.notifications)
        self.discover = QCheckBox(self.tr("Add running jobs found on my account, not only the ones I paste"))
        self.discover.setToolTip(
            self.tr(
                "Jobs your scripts start appear here by themselves (one look at the running "
                "jobs serves every account on the token)"
            )
        )
        self.discover.setChecked(options.get(opt.DISCOVER))
        form.addRow(self.discover)
        self.keep_in_tray = QCheckBox(self.tr("Keep watching in the tray when the window is closed"))
        self.keep_in_tray.setChecked(options.get(opt.KEEP_IN_TRAY) and tray)
        self.keep_in_tray.setEnabled(tray)
        if not tray:
            self.keep_in_tray.setToolTip(self.tr("This desktop has no system tray: closing the window quits"))
        form.addRow(self.keep_in_tray)
        self.autostart = QCheckBox(self.tr("Start with the session (in the tray)"))
        self.autostart.setChecked(options.get(opt.AUTOSTART))
        form.addRow(self.autostart)
        folder_row = QHBoxLayout()
        self.download_dir = QLineEdit(options.get(opt.DOWNLOAD_DIR))
        self.download_dir.setPlaceholderText(str(default_folder()))
        self.download_dir.setAccessibleName(self.tr("Download folder"))
        browse = QPushButton(self.tr("Browse…"))
        browse.setAccessibleName(self.tr("Choose the download folder"))
        browse.clicked.connect(self._browse)
        folder_row.addWidget(self.download_dir, 1)
        folder_row.addWidget(browse)
        form.addRow(self.tr("Download folder:"), folder_row)
        self.language = QComboBox()
        system = i18n.LANGUAGE_NAMES[i18n.choose_language("", i18n.system_languages())]
        self.language.addItem(self.tr("System language ({language})").format(language=system), "")
        for code, name in i18n.LANGUAGES:
            self.language.addItem(name, code)
        self.language.setCurrentIndex(max(0, self.language.findData(options.get(opt.LANGUAGE))))
        self.language.setToolTip(self.tr("The language of the window; it changes at the next start"))
        form.addRow(self.tr("Language:"), self.language)
        lay.addWidget(general)
        from flowmusic_gui.ui.downloads.settings import DownloadSettingsGroup

        self.downloads = DownloadSettingsGroup(options, self)
        lay.addWidget(self.downloads)

        advanced = QGroupBox(self.tr("Advanced"))
        adv = QFormLayout(advanced)
        self.poll_interval = QDoubleSpinBox()
        self.poll_interval.setRange(*opt.POLL_INTERVAL_RANGE)
        self.poll_interval.setDecimals(1)
        self.poll_interval.setSuffix(self.tr(" s"))
        self.poll_interval.setValue(options.get(opt.POLL_INTERVAL))
        self.poll_interval.setToolTip(self.tr("How often a job is asked about near its expected finish"))
        adv.addRow(self.tr("Poll interval:"), self.poll_interval)
        self.budget = QDoubleSpinBox()
        self.budget.setRange(*opt.REQUEST_BUDGET_RANGE)
        self.budget.setDecimals(1)
        self.budget.setSuffix(self.tr(" requests/s"))
        self.budget.setValue(options.get(opt.REQUEST_BUDGET))
        self.budget.setToolTip(self.tr("At most this many requests a second, over all jobs"))
        adv.addRow(self.tr("Request budget:"), self.budget)
        self.api_base = QLineEdit(options.get(opt.API_BASE))
        self.api_base.setPlaceholderText("https://api.useapi.net/v1/flowmusic")
        adv.addRow(self.tr("API base URL:"), self.api_base)
        # The URL the app talks to now can come from --api-base or FLOWMUSIC_API_BASE: show that one, not the
        # vendor's default, and say where it is from.
        self.api_base_note = QLabel()
        self.api_base_note.setTextFormat(Qt.TextFormat.PlainText)
        self.api_base_note.setWordWrap(True)
        self.api_base_note.setObjectName("apiBaseInUse")
        self.api_base_note.hide()
        in_use = _base_in_use(parent)
        shown = options.get(opt.API_BASE).strip() or self.api_base.placeholderText()
        if in_use and in_use.rstrip("/") != shown.rstrip("/"):
            if not options.get(opt.API_BASE).strip():
                self.api_base.setPlaceholderText(in_use)
            self.api_base_note.setText(
                self.tr("In use now: {url} (given with --api-base or FLOWMUSIC_API_BASE, for this run)").format(
                    url=in_use
                )
            )
            self.api_base_note.show()
        adv.addRow("", self.api_base_note)
        self.error = QLabel()
        self.error.setTextFormat(Qt.TextFormat.PlainText)
        self.error.setWordWrap(True)
        self.error.hide()
        adv.addRow(self.error)
        lay.addWidget(advanced)

        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok
            | QDialogButtonBox.StandardButton.Cancel
            | QDialogButtonBox.StandardButton.RestoreDefaults
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.buttons.button(QDialogButtonBox.StandardButton.RestoreDefaults).clicked.connect(self.restore)
        lay.addWidget(self.buttons)
        self.change = SettingsChange()

    def _browse(self) -> None:
        start = self.download_dir.text() or str(default_folder())
        chosen = QFileDialog.getExistingDirectory(self, self.tr("Download folder"), start)
        if chosen:
            self.download_dir.setText(chosen)

    def restore(self) -> None:
        self.notifications.setChecked(opt.NOTIFICATIONS.default)
        self.discover.setChecked(opt.DISCOVER.default)
        if self.keep_in_tray.isEnabled():
            self.keep_in_tray.setChecked(opt.KEEP_IN_TRAY.default)
        self.autostart.setChecked(opt.AUTOSTART.default)
        self.download_dir.setText(opt.DOWNLOAD_DIR.default)
        self.poll_interval.setValue(opt.POLL_INTERVAL.default)
        self.budget.setValue(opt.REQUEST_BUDGET.default)
        self.api_base.setText(opt.API_BASE.default)
        self.downloads.restore()
        self.language.setCurrentIndex(max(0, self.language.findData(opt.LANGUAGE.default)))

    def apply(self) -> bool:
        """Validate and store; False (with the problem shown) when something is invalid."""
        base, problem = validate_api_base(self.api_base.text())
        if problem is not None:
            self.error.setText(self.tr("API base URL: {problem}").format(problem=problem))
            self.error.show()
            self.api_base.setFocus()
            return False
        folder = self.download_dir.text().strip()
        if folder and not Path(folder).expanduser().is_absolute():
            self.error.setText(self.tr("Download folder: give a full path"))
            self.error.show()
            return False
        template_problem = self.downloads.problem()
        if template_problem is not None:
            self.error.setText(template_problem)
            self.error.show()
            self.downloads.template.setFocus()
            return False
        o = self._options
        change = SettingsChange(
            polling=(o.get(opt.POLL_INTERVAL), o.get(opt.REQUEST_BUDGET))
            != (self.poll_interval.value(), self.budget.value()),
            api_base=o.get(opt.API_BASE) != base,
            notifications=o.get(opt.NOTIFICATIONS) != self.notifications.isChecked(),
            download_dir=o.get(opt.DOWNLOAD_DIR) != folder,
            discover=o.get(opt.DISCOVER) != self.discover.isChecked(),
            autostart=o.get(opt.AUTOSTART) != self.autostart.isChecked(),
            language=o.get(opt.LANGUAGE) != self.language.currentData(),
        )
        o.set(opt.LANGUAGE, str(self.language.currentData() or ""))
        if self.keep_in_tray.isEnabled():
            o.set(opt.KEEP_IN_TRAY, self.keep_in_tray.isChecked())
        o.set(opt.AUTOSTART, self.autostart.isChecked())
        o.set(opt.NOTIFICATIONS, self.notifications.isChecked())
        o.set(opt.DISCOVER, self.discover.isChecked())
        o.set(opt.DOWNLOAD_DIR, folder)
        o.set(opt.POLL_INTERVAL, float(self.poll_interval.value()))
        o.set(opt.REQUEST_BUDGET, float(self.budget.value()))
        o.set(opt.API_BASE, base)
        self.downloads.apply(o)
        o.sync()
        self.change = change
        return True

    def accept(self) -> None:
        if self.apply():
            super().accept()

    @classmethod
    def ask(cls, parent: QWidget | None, options: Options) -> SettingsChange | None:
        """Run the dialog; what changed, or None when cancelled. Tests replace this method."""
        dialog = cls(parent, options)
        try:
            if dialog.exec() == QDialog.DialogCode.Accepted:
                return dialog.change
            return None
        finally:
            dialog.deleteLater()

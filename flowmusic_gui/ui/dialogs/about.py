"""The About dialog: version, links, and where the data, cache and logs live."""

from __future__ import annotations

import html
import sys
from pathlib import Path

from PySide6 import __version__ as pyside_version
from PySide6.QtCore import QCoreApplication, Qt, qVersion
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from flowmusic_gui import APP_NAME, __version__
from flowmusic_gui.ui import icons

LINKS = (
    ("FlowMusic API", "https://useapi.net/docs/api-flowmusic-v1"),
    ("useapi.net", "https://useapi.net/"),
)


def about_html(data_dir: Path, cache_dir: Path, log_dir: Path, settings_file: Path) -> str:
    def row(name: str, path: Path) -> str:
        return f"<tr><td>{name}:&nbsp;</td><td><code>{html.escape(str(path))}</code></td></tr>"

    description = QCoreApplication.translate(
        "AboutDialog", "Watches FlowMusic generation jobs until they finish, then shows, plays and downloads the songs."
    )
    version = QCoreApplication.translate("AboutDialog", "Version {version}").format(version=__version__)
    links = " · ".join(f'<a href="{html.escape(url)}">{html.escape(name)}</a>' for name, url in LINKS)
    return (
        f"<h2>{APP_NAME}</h2>"
        f"<p>{html.escape(version)}<br>"
        f"Python {sys.version.split()[0]}, Qt {qVersion()}, PySide6 {pyside_version}</p>"
        f"<p>{html.escape(description)}</p>"
        f"<p>{links}</p>"
        "<table>"
        + row(QCoreApplication.translate("AboutDialog", "Data"), data_dir)
        + row(QCoreApplication.translate("AboutDialog", "Settings"), settings_file)
        + row(QCoreApplication.translate("AboutDialog", "Cache"), cache_dir)
        + row(QCoreApplication.translate("AboutDialog", "Logs"), log_dir)
        + "</table>"
    )


class AboutDialog(QDialog):
    def __init__(self, parent: QWidget | None, text: str) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("About {app}").format(app=APP_NAME))
        lay = QHBoxLayout()
        logo = QLabel()
        logo.setPixmap(icons.app_icon().pixmap(96, 96))
        logo.setAlignment(Qt.AlignmentFlag.AlignTop)
        self.label = QLabel(text)
        self.label.setTextFormat(Qt.TextFormat.RichText)  # our own text: paths are escaped above
        self.label.setOpenExternalLinks(True)
        self.label.setTextInteractionFlags(Qt.TextInteractionFlag.TextBrowserInteraction)
        self.label.setWordWrap(True)
        lay.addWidget(logo)
        lay.addWidget(self.label, 1)
        outer = QVBoxLayout(self)
        outer.addLayout(lay)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        outer.addWidget(buttons)

    @classmethod
    def present(cls, parent: QWidget | None, text: str) -> None:
        """Show it modally. Tests replace this method."""
        dialog = cls(parent, text)
        try:
            dialog.exec()
        finally:
            dialog.deleteLater()

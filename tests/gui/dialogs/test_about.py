"""The About dialog: the version, the links, and where the data, settings, cache and logs live (a folder name with
markup in it reads as typed)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtGui import QTextDocument
from pytestqt.qtbot import QtBot

from flowmusic_gui import APP_NAME, __version__
from flowmusic_gui.ui.dialogs.about import LINKS, AboutDialog, about_html


def shown_text(html_text: str) -> str:
    """What the label shows, table cells joined by spaces."""
    doc = QTextDocument()
    doc.setHtml(html_text)
    return " ".join(doc.toPlainText().split())


def test_it_names_the_version_and_every_folder(tmp_path: Path) -> None:
    folders = {name: tmp_path / name.lower() for name in ("Data", "Cache", "Logs")}
    settings = tmp_path / "data" / "settings.ini"
    text = shown_text(about_html(folders["Data"], folders["Cache"], folders["Logs"], settings))
    assert APP_NAME in text and f"Version {__version__}" in text
    for name, folder in folders.items():
        assert f"{name}: {folder}" in text
    assert f"Settings: {settings}" in text
    for name, _url in LINKS:
        assert name in text


def test_a_folder_named_like_markup_reads_as_typed(tmp_path: Path) -> None:
    odd = tmp_path / "<b>bold</b> & <a href='x'>co</a>"
    html_text = about_html(odd, tmp_path, tmp_path, tmp_path / "s.ini")
    assert "<b>bold</b>" not in html_text and "href='x'" not in html_text
    assert str(odd) in shown_text(html_text)


def test_the_dialog_shows_the_text_and_opens_links_outside(qtbot: QtBot, tmp_path: Path) -> None:
    dialog = AboutDialog(None, about_html(tmp_path, tmp_path, tmp_path, tmp_path / "s.ini"))
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.windowTitle() == f"About {APP_NAME}"
    assert dialog.label.openExternalLinks()
    assert f"Version {__version__}" in shown_text(dialog.label.text())

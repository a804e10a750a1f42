"""Settings as a new user meets it: the URL the app talks to now, and a file-name preview that is never cut."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pytestqt.qtbot import QtBot

from flowmusic_gui.ui.dialogs.settings import SettingsDialog
from flowmusic_gui.ui.downloads.settings import DownloadSettingsGroup
from flowmusic_gui.ui.options import Options


class _Backend:
    def __init__(self, base: str) -> None:
        self._base = base

    def api_base(self) -> str:
        return self._base


def test_settings_show_the_api_base_in_use_not_the_vendors_default(qtbot: QtBot, tmp_path: Path) -> None:
    from PySide6.QtWidgets import QWidget

    parent: Any = QWidget()
    qtbot.addWidget(parent)
    parent.backend = _Backend("http://127.0.0.1:8765/v1/flowmusic")  # flowmusic-gui --api-base ...
    dialog = SettingsDialog(parent, Options.open(tmp_path))
    assert dialog.api_base.text() == ""  # nothing saved: the setting stays empty
    assert dialog.api_base.placeholderText() == "http://127.0.0.1:8765/v1/flowmusic"
    assert not dialog.api_base_note.isHidden()
    assert "In use now: http://127.0.0.1:8765/v1/flowmusic" in dialog.api_base_note.text()
    plain = QWidget()
    qtbot.addWidget(plain)
    parent2: Any = plain
    parent2.backend = _Backend("https://api.useapi.net/v1/flowmusic")
    usual = SettingsDialog(parent2, Options.open(tmp_path / "2"))
    assert usual.api_base_note.isHidden()


def test_a_wrapped_file_name_preview_gets_the_height_of_its_lines(qtbot: QtBot, tmp_path: Path) -> None:
    group = DownloadSettingsGroup(Options.open(tmp_path))
    qtbot.addWidget(group)
    group.resize(420, 400)
    group.show()
    qtbot.waitExposed(group)
    group.template.setText("{title} {bogus} {take} and more words so the warning wraps onto a second line.{format}")
    preview = group.preview
    assert preview.text().startswith("⚠")
    qtbot.waitUntil(lambda: preview.height() >= preview.heightForWidth(preview.width()), timeout=2000)
    assert preview.heightForWidth(preview.width()) > preview.fontMetrics().height() * 1.5  # it does wrap

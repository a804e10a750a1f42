"""Which language the app speaks: the system's, or the one chosen in Settings (from the next start on)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from pytestqt.qtbot import QtBot

from flowmusic_gui.ui import i18n
from flowmusic_gui.ui import options as opt
from flowmusic_gui.ui.dialogs.settings import SettingsChange, SettingsDialog
from flowmusic_gui.ui.main_window import MainWindow
from flowmusic_gui.ui.options import Options

REPO = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize(
    ("preference", "system", "expected"),
    [
        ("", ["de-DE", "de"], "de"),
        ("", ["es-MX", "es"], "es"),
        ("", ["fr-FR", "fr", "es-ES"], "es"),  # the first of the user's languages the app speaks
        ("", ["fr-FR", "fr"], "en"),
        ("", ["C"], "en"),
        ("", [], "en"),
        ("es", ["de-DE"], "es"),  # the Settings choice wins
        ("xx", ["de_DE"], "de"),  # an unknown choice in a hand-edited file falls back to the system's
    ],
)
def test_the_language_follows_the_system_unless_settings_choose(preference: str, system: list[str],
                                                                 expected: str) -> None:  # fmt: skip
    assert i18n.choose_language(preference, system) == expected


def test_a_language_chosen_in_settings_is_kept_and_said_to_apply_at_the_next_start(
    window: MainWindow, data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    dialog = SettingsDialog(window, window.options)
    names = [dialog.language.itemText(i) for i in range(dialog.language.count())]
    assert names[1:] == ["Deutsch", "English", "Español"]
    assert names[0].startswith("System language (")
    dialog.language.setCurrentIndex(dialog.language.findData("es"))
    assert dialog.apply()
    assert dialog.change.language
    dialog.deleteLater()
    assert Options.open(data_dir).get(opt.LANGUAGE) == "es"

    monkeypatch.setattr(SettingsDialog, "ask", classmethod(lambda cls, parent, options: SettingsChange(language=True)))
    window.controller.open_settings()
    assert window.notice.label.text() == "The new language applies at the next start."


PROBE = r"""
import json, sys
import flowmusic_gui.gui as gui
from PySide6.QtCore import QDate, QDateTime, QLocale, QTime
from flowmusic_gui.ui import i18n
from flowmusic_gui.ui.text import format_local_qt

def on_first_paint(self):
    w = self.window
    print("FACTS " + json.dumps({
        "menus": [a.text() for a in w.menuBar().actions()],
        "catalogues": i18n.loaded_catalogues(),
        "date": format_local_qt(QDateTime(QDate(2026, 12, 7), QTime(5, 46))),
        "number": QLocale().toString(4.0, "f", 1),
    }), flush=True)
    self.finish(0)

gui.App._on_first_paint = on_first_paint
sys.exit(gui.main(sys.argv[1:]))
"""


def first_paint(data_dir: Path, **env: str) -> dict[str, Any]:
    args = ["--self-test", "--data-dir", str(data_dir), "--api-base", "http://127.0.0.1:9/v1/flowmusic"]
    full_env = {k: v for k, v in os.environ.items() if not k.startswith(("LANG", "LC_"))}
    full_env |= {"QT_QPA_PLATFORM": "offscreen", **env}
    result = subprocess.run([sys.executable, "-c", PROBE, *args], capture_output=True, text=True, timeout=60,
                            env=full_env, cwd=REPO, check=False)  # fmt: skip
    assert result.returncode == 0, result.stderr
    line = next(x for x in result.stdout.splitlines() if x.startswith("FACTS "))
    facts: dict[str, Any] = json.loads(line.removeprefix("FACTS "))
    return facts


def test_a_real_start_speaks_the_systems_language_with_only_its_catalogue_before_the_first_paint(
    tmp_path: Path,
) -> None:
    german = first_paint(tmp_path / "de", LANGUAGE="de_DE:en", LANG="de_DE.UTF-8")
    assert german["menus"] == ["&Datei", "&Jobs", "&Wiedergabe", "&Hilfe"]
    assert german["catalogues"] == ["flowmusic_gui_de.qm"]  # Qt's own words come after the first paint
    english = first_paint(tmp_path / "en", LANG="C.UTF-8")
    assert english["menus"] == ["&File", "&Jobs", "P&layback", "&Help"]
    assert english["catalogues"] == ["flowmusic_gui_en.qm"]


def test_a_real_start_speaks_the_language_chosen_in_settings(tmp_path: Path, qtbot: QtBot) -> None:
    data_dir = tmp_path / "data"
    options = Options.open(data_dir)
    options.set(opt.LANGUAGE, "es")
    options.sync()
    spanish = first_paint(data_dir, LANGUAGE="de_DE", LANG="de_DE.UTF-8")
    assert spanish["menus"] == ["&Archivo", "&Trabajos", "&Reproducción", "Ay&uda"]
    assert spanish["catalogues"] == ["flowmusic_gui_es.qm"]


def test_qts_own_words_follow_after_the_first_paint(qtbot: QtBot) -> None:
    from PySide6.QtWidgets import QDialogButtonBox

    i18n.install("de")
    try:
        assert i18n.loaded_catalogues() == ["flowmusic_gui_de.qm"]
        i18n.install_qt_catalogues()  # gui.py: right after the first paint
        assert "qtbase_de.qm" in i18n.loaded_catalogues()
        box = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel | QDialogButtonBox.StandardButton.Ok)
        qtbot.addWidget(box)
        assert box.button(QDialogButtonBox.StandardButton.Cancel).text().replace("&", "") == "Abbrechen"
    finally:
        i18n.install("en")
    assert i18n.loaded_catalogues() == ["flowmusic_gui_en.qm"]


@pytest.mark.parametrize(
    ("env", "date", "number"),
    [
        ({"LANGUAGE": "de", "LANG": "C.UTF-8"}, "07.12.26 05:46", "4,0"),  # C has no German formats: German's own
        ({"LANGUAGE": "es", "LANG": "en_US.UTF-8"}, "7/12/26 5:46", "4,0"),  # not the English locale's 12/7/26
        ({"LANG": "C.UTF-8"}, "2026-12-07 05:46", "4.0"),  # English under C: ISO dates
        ({"LANGUAGE": "de", "LANG": "de_AT.UTF-8"}, "07.12.26 05:46", "4,0"),
    ],
)
def test_dates_and_numbers_are_written_in_the_windows_language_when_the_locale_has_no_formats_for_it(
    tmp_path: Path, env: dict[str, str], date: str, number: str
) -> None:
    facts = first_paint(tmp_path / "data", **env)
    assert (facts["date"], facts["number"]) == (date, number)


def test_the_demo_says_it_forgets_the_language_instead_of_promising_the_next_start(
    window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    window.demo = True
    window.options.set(opt.LANGUAGE, "de")
    monkeypatch.setattr(SettingsDialog, "ask", classmethod(lambda cls, parent, options: SettingsChange(language=True)))
    window.controller.open_settings()
    text = window.notice.label.text()
    assert "next start" not in text and "forgets its settings" in text
    assert "LANGUAGE=de flowmusic-gui --demo" in text and "Deutsch" in text

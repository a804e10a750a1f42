"""The window in German: it speaks German, and no English text the catalogue lacks shows anywhere a user looks.

The sweep walks the window, its menus, the context menu, the detail pane of a finished song and every dialog,
and reads each text a user can see (labels, buttons, actions, tooltips, placeholders, headers, titles). After
the data the test put there is taken out, every word left must be a word of the German catalogue: an English
string that was never wrapped in tr(), or one the catalogue has no translation for, shows up as foreign words.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QLocale, Qt
from PySide6.QtGui import QAction, QTextDocument
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractSpinBox,
    QComboBox,
    QDialogButtonBox,
    QGroupBox,
    QLabel,
    QLineEdit,
    QMenu,
    QPlainTextEdit,
    QWidget,
)
from pytestqt.qtbot import QtBot

from flowmusic_gui import APP_NAME, __version__
from flowmusic_gui.core.filenames import preview
from flowmusic_gui.core.paths import download_dir
from flowmusic_gui.core.records import JobState
from flowmusic_gui.engine.download_settings import default_folder
from flowmusic_gui.engine.tasks import TaskRunner
from flowmusic_gui.ui import i18n
from flowmusic_gui.ui import options as opt
from flowmusic_gui.ui.dialogs.about import AboutDialog, about_html
from flowmusic_gui.ui.dialogs.add_jobs import AddJobsDialog
from flowmusic_gui.ui.dialogs.settings import SettingsDialog
from flowmusic_gui.ui.dialogs.token import TokenDialog
from flowmusic_gui.ui.jobs.model import Column
from flowmusic_gui.ui.main_window import MainWindow

from .conftest import view

REPO = Path(__file__).resolve().parents[2]
WORD = re.compile(r"[^\W\d_]{2,}")
# Names that are the same in every language, and the bits of example text the app shows as they are.
NAMES = {
    *("FlowMusic", "Monitor", "useapi", "net", "Python", "Qt", "PySide", "GET", "POST", "accounts", "music"),
    *("https", "http", "api", "flowmusic", "user", "job", "bot", "you", "example", "com", "json", "txt", "lrc"),
}
LYRICS = "[Verse]\nSunlight on the water\nDancing in the breeze"
PROMPT = "a bright pop song about summer"
PIECES = ("job:12345678", "user:1001-me@example.com-clip:12345678-1234-4234-8234-123456789abc")


def catalogue_words(language: str) -> set[str]:
    """Every word of every translation in the language's catalogue."""
    root = ET.parse(REPO / "resources" / "translations" / f"flowmusic_gui_{language}.ts").getroot()
    words: set[str] = set()
    for translation in root.iter("translation"):
        texts = [f.text or "" for f in translation.iter("numerusform")] or [translation.text or ""]
        for text in texts:
            words.update(WORD.findall(text.replace("&", "")))
    return words


def plain(text: str) -> str:
    """What a user reads of a label or tooltip: rich text rendered to plain text, accelerators dropped."""
    if re.search(r"</?[a-zA-Z]", text):
        doc = QTextDocument()
        doc.setHtml(text)
        return doc.toPlainText()  # no accelerators in rich text, and its entities decoded
    return text.replace("&&", "\0").replace("&", "").replace("\0", "&")


def widget_texts(widget: QWidget) -> Iterator[str]:
    yield widget.toolTip()
    yield widget.accessibleName()
    if widget.isWindow():
        yield widget.windowTitle()
    if isinstance(widget, QLabel):
        yield widget.text()
    elif isinstance(widget, QAbstractButton):
        box = widget.parent()
        if isinstance(box, QDialogButtonBox) and box.standardButton(widget) != QDialogButtonBox.StandardButton.NoButton:
            return  # OK, Cancel...: Qt's own words, from Qt's catalogue
        yield widget.text()
    elif isinstance(widget, QLineEdit | QPlainTextEdit):
        yield widget.placeholderText()
    elif isinstance(widget, QComboBox):
        yield from (widget.itemText(i) for i in range(widget.count()))
    elif isinstance(widget, QGroupBox):
        yield widget.title()
    elif isinstance(widget, QAbstractSpinBox):
        yield widget.suffix()  # type: ignore[attr-defined]
    if isinstance(widget, QMenu):
        yield widget.title()


def action_texts(actions: Iterable[QAction]) -> Iterator[str]:
    for action in actions:
        yield from (action.text(), action.toolTip(), action.statusTip(), action.iconText())
        menu = action.menu()
        if isinstance(menu, QMenu):
            yield menu.title()
            yield from action_texts(menu.actions())


def visible_texts(top: QWidget) -> Iterator[str]:
    for widget in [top, *top.findChildren(QWidget)]:
        if widget.objectName().startswith("qt_"):
            continue  # Qt's own parts (a dock's float button): Qt's words, from Qt's catalogue
        if widget is top or widget.isVisibleTo(top) or isinstance(widget, QMenu):
            yield from widget_texts(widget)
        yield from action_texts(widget.actions())


def foreign_words(texts: Iterable[str], known: set[str], data: Iterable[str]) -> dict[str, str]:
    """The words of ``texts`` that are neither the catalogue's nor the test's data, each with its text."""
    data = sorted((d for d in data if d), key=len, reverse=True)
    found: dict[str, str] = {}
    for text in texts:
        shown = plain(text)
        rest = shown
        for value in data:
            rest = rest.replace(value, " ")
        for word in WORD.findall(rest):
            if word not in known and word not in NAMES:
                found.setdefault(word, shown)
    return found


@pytest.fixture
def german(qapp: Any) -> Iterator[None]:
    i18n.install("de")
    i18n.install_qt_catalogues()
    yield
    i18n.install("en")


@pytest.fixture
def german_window(german: None, make_window: Any, qtbot: QtBot) -> MainWindow:
    window: MainWindow = make_window(demo=True)
    window.show()
    qtbot.waitExposed(window)
    return window


def song() -> Any:
    """A finished song whose record is whole (a record's problems are listed in the core's words)."""
    clips = [{"clip": f"user:1001-me@example.com-clip:{i}", "title": "Summer Tide", "lyrics": LYRICS,
              "lyrics_timing": [[1.0, 2.0], [2.5, 4.0]], "duration": 121.5, "seed": 42,
              "created_at": "2026-03-01T12:03:00Z", "image_url": "https://media.example/c.png",
              "audio_url": "https://media.example/a.m4a", "wav_url": "https://media.example/a.wav"}
             for i in range(2)]  # fmt: skip
    extra = {"completed_at": "2026-03-01T12:03:00Z", "operation": "extend", "clips": clips}
    return view(1, JobState.COMPLETED, title="Summer Tide", prompt=PROMPT, lyrics=LYRICS, extra=extra)


def data_of(window: MainWindow) -> list[str]:
    """The test's own data as the window shows it: titles, prompt, lyrics, ids, paths, versions, numbers."""
    job = song()
    values = [*(view(n).jobid for n in range(1, 5)), "me@example.com", "Summer Tide", PROMPT, *LYRICS.split("\n"),
              "extend", "the model refused", "E1", "a happy song", "https://media.example/a.m4a",
              "https://media.example/a.wav", APP_NAME,
              __version__, str(window.data_dir), "https://api.useapi.net/v1/flowmusic"]  # fmt: skip
    assert job.record is not None
    values += [c.clip or "" for c in job.record.clips]
    return values


def test_the_window_speaks_german(german_window: MainWindow) -> None:
    w = german_window
    assert [a.text() for a in w.menuBar().actions()] == ["&Datei", "&Jobs", "&Wiedergabe", "&Hilfe"]
    assert w.acts.act_add.text() == "Jobs &hinzufügen…"
    assert w.acts.act_recheck.text() == "Jetzt erneut &prüfen"
    assert w.filter_combo.itemText(0) == "Alle Jobs (0)"
    assert w.search.placeholderText().startswith("Titel, Prompt, Songtext")
    assert w.counts_label.text() == "Keine Jobs"
    assert w.demo_label.text() == "Demomodus"
    assert w.table.hint_text() == "Job-IDs einfügen (Strg+V) oder eine Datei hier ablegen"
    headers = [w.model.headerData(int(c), Qt.Orientation.Horizontal) for c in Column]
    assert headers[:5] == ["Status", "Titel", "Vorgang", "Konto", "Erstellt"]


def test_the_table_shows_german_states_counts_and_dates(german_window: MainWindow) -> None:
    w = german_window
    w.model.set_jobs([song(), view(2, JobState.PENDING), view(3, JobState.FAILED), view(4, JobState.PENDING)])
    w.refresh_counts()
    assert w.counts_label.text() == "4 Jobs: 2 laufend · 1 abgeschlossen · 1 fehlgeschlagen"
    states = {w.model.index(r, int(Column.STATUS)).data() for r in range(w.model.rowCount())}
    assert "Abgeschlossen" in states and "Fehlgeschlagen" in states
    assert any(s.startswith("Läuft · ") for s in states)
    created = w.model.index(0, int(Column.CREATED)).data()
    assert re.fullmatch(r"\d\d\.\d\d\.\d\d \d\d:\d\d", created), created  # German short format: 01.03.26 12:01
    assert QLocale().toString(12345) == "12.345"


@pytest.mark.parametrize("language", ["de", "es"])
def test_no_english_text_the_catalogue_lacks_shows_anywhere(language: str, make_window: Any, qtbot: QtBot,
                                                           tmp_path: Path, runner: TaskRunner) -> None:  # fmt: skip
    i18n.install(language)
    i18n.install_qt_catalogues()
    try:
        w: MainWindow = make_window(demo=True)
        w.show()
        qtbot.waitExposed(w)
        sweep(w, catalogue_words(language), qtbot, tmp_path, runner=runner)
    finally:
        i18n.install("en")


def sweep(w: MainWindow, known: set[str], qtbot: QtBot, tmp_path: Path, runner: TaskRunner) -> None:
    """Every text of the window, its menus, the pane of a finished song and each dialog is in ``known``."""
    data = data_of(w)
    w.model.set_jobs([song(), view(2, JobState.PENDING), view(3, JobState.FAILED)])
    w.refresh_counts()
    w.select_jobids([song().jobid])
    qtbot.waitUntil(lambda: w.detail.cards != [], timeout=10_000)
    w.controller.add_text("job:1234 and nothing else")  # a notice, with a rejected piece
    w.show_downloads()
    w.downloads_panel.library_started()
    texts = list(visible_texts(w))
    texts += [w.model.headerData(int(c), Qt.Orientation.Horizontal, role)
              for c in Column for role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole)]  # fmt: skip
    texts += [w.model.index(r, c).data(role) or "" for r in range(w.model.rowCount()) for c in range(len(Column))
              for role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole)]  # fmt: skip
    menu = w.build_context_menu()
    texts += list(action_texts(menu.actions()))
    menu.deleteLater()
    texts.append(w.table.hint_text())
    assert foreign_words([t for t in texts if isinstance(t, str)], known, data) == {}

    dialogs: list[QWidget] = [
        SettingsDialog(w, w.options),
        AddJobsDialog(w, " ".join(PIECES)),  # each refused, with its reason
        TokenDialog(w, checker=lambda t: None, saver=lambda t: None, note="Demo", runner=runner),  # type: ignore[arg-type, return-value]
        AboutDialog(w, about_html(w.data_dir, tmp_path / "cache", tmp_path / "logs", w.options.path)),
    ]
    for dialog in dialogs:
        dialog.show()
        qtbot.waitExposed(dialog)
        paths = [str(tmp_path / "cache"), str(tmp_path / "logs"), str(w.options.path), str(download_dir())]
        # The download settings show the default folder and the name the template makes of a sample song,
        # in the chosen download format.
        sample = preview(opt.DOWNLOAD_TEMPLATE.default, fmt=w.options.get(opt.DOWNLOAD_FORMAT)).path
        paths += [str(default_folder()), str(sample)]
        paths += [name for _code, name in i18n.LANGUAGES]  # each language is named in itself
        found = foreign_words(visible_texts(dialog), known, [*data, *paths, *PIECES, "'12345678'", "Demo"])
        assert found == {}, type(dialog).__name__
        dialog.close()
        dialog.deleteLater()


def test_a_rejected_piece_is_explained_in_german(german: None, qtbot: QtBot) -> None:
    clip = "user:1001-me@example.com-clip:12345678-1234-4234-8234-123456789abc"
    dialog = AddJobsDialog(None, f"job:12345678 {clip}")
    qtbot.addWidget(dialog)
    assert [dialog.rejects.item(i).text() for i in range(dialog.rejects.count())] == [
        "job:12345678\n    die UUID nach 'job:' sollte aus 8-4-4-4-12 Hexadezimalziffern bestehen, "
        "gefunden: '12345678'",
        f"{clip}\n    das ist eine Clip-ID (user:…-clip:…), keine Job-ID: Eine Job-ID beginnt mit 'job:' und endet "
        "mit '-bot:flowmusic'",
    ]
    assert dialog.summary.text() == "Keine Job-ID gefunden, 2 Teile abgelehnt"


def test_the_sweep_finds_an_english_string_that_was_not_translated(german_window: MainWindow) -> None:
    """The sweep itself: a text the catalogue does not hold is reported with its words."""
    w = german_window
    w.demo_label.setText("Demo mode")
    found = foreign_words(visible_texts(w), catalogue_words("de"), data_of(w))
    assert found == {"mode": "Demo mode"}


def accelerator_clashes(window: MainWindow) -> dict[str, int]:
    """Per menu of the menu bar (and the bar itself), how many of its entries share an accelerator key."""
    def key(text: str) -> str | None:
        found = re.search(r"&(.)", text.replace("&&", ""))
        return found.group(1).casefold() if found else None

    clashes = {}
    menus = [("", [a.text() for a in window.menuBar().actions()])]
    for action in window.menuBar().actions():
        menu = action.menu()
        assert isinstance(menu, QMenu)
        menus.append((action.text(), [a.text() for a in menu.actions() if not a.isSeparator()]))
    for position, (_title, texts) in enumerate(menus):
        keys = [k for k in map(key, texts) if k is not None]
        clashes[str(position)] = len(keys) - len(set(keys))
    return clashes


@pytest.mark.parametrize("language", ["de", "es"])
def test_translated_menus_add_no_accelerator_clash(language: str, make_window: Any) -> None:
    english = accelerator_clashes(make_window())
    i18n.install(language)
    try:
        translated = accelerator_clashes(make_window())
    finally:
        i18n.install("en")
    assert {menu: n for menu, n in translated.items() if n > english.get(menu, 0)} == {}

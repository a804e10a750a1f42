"""The app in the user's language: which catalogue to load, loading it, and core's words translated.

The catalogues (``resources/translations/flowmusic_gui_<lang>.qm``, built by ``scripts/translations.py``) hold
every string the window shows. English is the source language; its catalogue holds only the plural forms
("1 job", "2 jobs"). Only the active language's catalogue is loaded before the window is built (a memory map of
a file, well under a millisecond); Qt's own words (standard buttons, the line edits' menus) load after the
first paint, with `install_qt_catalogues`.
"""

from __future__ import annotations

import logging
import os
import sys
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QLocale, QTranslator

from flowmusic_gui.core.states import JobState

if TYPE_CHECKING:
    from flowmusic_gui.core.jobids import Rejected

log = logging.getLogger(__name__)

CATALOGUE = "flowmusic_gui"
SOURCE_LANGUAGE = "en"
#: The languages the app speaks, each named in itself (a language list reads the same in every language).
LANGUAGES: tuple[tuple[str, str], ...] = (("de", "Deutsch"), ("en", "English"), ("es", "Español"))
LANGUAGE_CODES = frozenset(code for code, _name in LANGUAGES)
LANGUAGE_NAMES = dict(LANGUAGES)

_installed: list[QTranslator] = []
_loaded: list[str] = []  # the file names of the installed catalogues, in the order they were loaded
_active = SOURCE_LANGUAGE


def translations_dir() -> Path:
    """Where the compiled catalogues are: inside the package (a wheel, the PyInstaller bundle), or beside it in a
    source checkout (``resources/`` is mapped to ``flowmusic_gui.resources`` only by an install)."""
    package = Path(__file__).resolve().parents[1]
    for folder in (package / "resources" / "translations", package.parent / "resources" / "translations"):
        if (folder / f"{CATALOGUE}_{SOURCE_LANGUAGE}.qm").is_file():
            return folder
    import importlib.resources  # only for an unusual install: the search above finds the usual ones

    return Path(str(importlib.resources.files("flowmusic_gui.resources").joinpath("translations")))


def catalogue_path(language: str) -> Path:
    return translations_dir() / f"{CATALOGUE}_{language}.qm"


def choose_language(preference: str, ui_languages: Iterable[str]) -> str:
    """The language to show: ``preference`` if the app speaks it, else the first of the system's languages
    (``de-DE``, ``es``, ``pt-BR``...) it speaks, else English."""
    if preference in LANGUAGE_CODES:
        return preference
    for tag in ui_languages:
        primary = tag.replace("_", "-").split("-", 1)[0].lower()
        if primary in LANGUAGE_CODES:
            return primary
    return SOURCE_LANGUAGE


def system_languages() -> list[str]:
    """The user's languages in order of preference (``LANGUAGE``, then ``LC_ALL``/``LC_MESSAGES``/``LANG``)."""
    return list(QLocale.system().uiLanguages())


def active_language() -> str:
    return _active


def loaded_catalogues() -> list[str]:
    """The catalogues in use, by file name (``flowmusic_gui_de.qm``, then Qt's after the first paint)."""
    return list(_loaded)


def install(preference: str = "", ui_languages: Sequence[str] | None = None) -> str:
    """Load the catalogue of the language to show and make QLocale format in it; returns the language.

    Call before any widget is built: widgets take their words when they are made.
    """
    global _active
    app = QCoreApplication.instance()
    if app is None:
        raise RuntimeError("install() needs a QCoreApplication")
    uninstall()
    language = choose_language(preference, system_languages() if ui_languages is None else ui_languages)
    translator = QTranslator(app)
    path = catalogue_path(language)
    if translator.load(str(path)):
        app.installTranslator(translator)
        _installed.append(translator)
        _loaded.append(path.name)
    else:  # a broken install: say it once and show the source words
        log.warning("the %s catalogue could not be loaded from %s", language, path)
        translator.deleteLater()
    QLocale.setDefault(formatting_locale(language))
    _active = language
    return language


def formatting_locale(language: str, environ: Mapping[str, str] | None = None) -> QLocale:
    """How dates, times and numbers are written for a window in ``language``.

    The locale the desktop writes dates and numbers in, when it is of that language (its region too: de_AT,
    es_MX); else the language's default one, so a German window under an English locale does not say "Dec 1"
    beside "Abgeschlossen". Under the C locale (a server, a container, the tests) English keeps C's ISO dates,
    with thousands separators; the other languages, which C has no formats for, use their own: ``LANGUAGE=de``
    with ``LANG=C.UTF-8`` reads "07.12.26" and "4,0 s", not C's "7 12 2026" and "4.0 s".
    """
    system = QLocale.system()
    # On Linux the system locale takes its language from LANGUAGE but its formats from LC_TIME/LANG: judge by
    # the locale that writes the formats, not by the language it reports.
    formats = _formats_locale(environ) or system
    if formats.language() == QLocale.Language.C:
        if language == SOURCE_LANGUAGE:
            plain = QLocale(QLocale.Language.C)
            plain.setNumberOptions(QLocale.NumberOption.DefaultNumberOptions)
            return plain
        named = QLocale(system.name())  # the region the desktop's language names (LANGUAGE=de_AT)
        return named if named.language() == QLocale(language).language() else QLocale(language)
    if formats.language() == QLocale(language).language():
        return formats
    return QLocale(language)


def _formats_locale(environ: Mapping[str, str] | None = None) -> QLocale | None:
    """The locale Linux and the BSDs write dates and numbers in (LC_ALL, else LC_TIME, else LANG); None where
    the system says it itself (Windows, macOS) or the environment names none."""
    if sys.platform in ("win32", "darwin"):
        return None
    env = os.environ if environ is None else environ
    name = env.get("LC_ALL") or env.get("LC_TIME") or env.get("LANG") or ""
    base = name.split(".")[0].split("@")[0]
    if base in ("C", "POSIX"):
        return QLocale(QLocale.Language.C)
    return QLocale(base) if base else None


def install_qt_catalogues() -> None:
    """Qt's own words (OK, Cancel, Restore Defaults, Undo in a line edit's menu) in the active language:
    loaded after the first paint, since no standard button is on the window's first paint."""
    if _active == SOURCE_LANGUAGE:
        return
    app = QCoreApplication.instance()
    if app is None:
        return
    from PySide6.QtCore import QLibraryInfo

    folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    for name in ("qtbase", "qtmultimedia"):
        translator = QTranslator(app)
        if translator.load(f"{name}_{_active}", folder):
            app.installTranslator(translator)
            _installed.append(translator)
            _loaded.append(f"{name}_{_active}.qm")
        else:
            translator.deleteLater()


def uninstall() -> None:
    """Remove every catalogue this module installed (tests switch languages)."""
    global _active
    app = QCoreApplication.instance()
    while _installed:
        translator = _installed.pop()
        if app is not None:
            app.removeTranslator(translator)
        translator.deleteLater()
    _loaded.clear()
    _active = SOURCE_LANGUAGE
    QLocale.setDefault(QLocale.system())


# -- core's words, translated where the ui shows them ---------------------------------------------------------


def state_text(text: str) -> str:
    """One of core/states.py's words (marked in the context "JobState") in the active language."""
    return QCoreApplication.translate("JobState", text) if text else ""


def rejected_reason(rejected: Rejected) -> str:
    """Why a pasted piece is not a job id, in the active language (core/jobids.py marks the sentences)."""
    if rejected.why is None:
        return rejected.reason
    return QCoreApplication.translate("JobIds", rejected.why.template).format(**dict(rejected.why.fields))


def state_label(state: JobState) -> str:
    return state_text(state.words.label)


class Words:
    """``tr()`` outside a QObject subclass, in the context named by the subclass.

    lupdate files ``Name.tr(...)`` and ``self.tr(...)`` under ``Name``, and it reads plural forms ("%n jobs")
    only from tr() calls: a ``QCoreApplication.translate`` with a count that is not a literal loses its plural
    forms, or the message altogether. A subclass named for the context gives plain code the same call.
    """

    @classmethod
    def tr(cls, text: str, disambiguation: str = "", n: int = -1) -> str:
        return QCoreApplication.translate(cls.__name__, text, disambiguation, n)


class StateCount(Words):
    """The status bar's counts per state."""


def state_count(state: JobState, n: int) -> str:
    """The status bar's count of one state: "3 pending", "1 completado"."""
    if state is JobState.NEW:
        return StateCount.tr("%Ln new", "", n)
    if state is JobState.PENDING:
        return StateCount.tr("%Ln pending", "", n)
    if state is JobState.COMPLETED:
        return StateCount.tr("%Ln completed", "", n)
    if state is JobState.FAILED:
        return StateCount.tr("%Ln failed", "", n)
    if state is JobState.NOT_FOUND:
        return StateCount.tr("%Ln not found", "", n)
    return StateCount.tr("%Ln forbidden", "", n)


class SizeText(Words):
    """Sizes, in the app's one convention (core/sizes.py: 1 MB = 1,000,000 bytes), with the locale's digits."""


def megabytes_text(n: int) -> str:
    """``n`` bytes as megabytes to one decimal, without the unit ("4,2" in German)."""
    from flowmusic_gui.core.sizes import megabytes

    return QLocale().toString(megabytes(n), "f", 1)


def size_text(n: int | None) -> str:
    """``n`` bytes with its unit: "830 KB", "4.2 MB" ("?" when unknown)."""
    from flowmusic_gui.core.sizes import size_parts

    if n is None or n < 0:
        return "?"
    value, unit, decimals = size_parts(n)
    number = QLocale().toString(value, "f", decimals)
    return SizeText.tr("{size} KB").format(size=number) if unit == "KB" else SizeText.tr("{size} MB").format(
        size=number
    )

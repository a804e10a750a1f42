"""The catalogues: complete, true to the code, compiled, and the placeholders intact in every translation."""

from __future__ import annotations

import importlib.util
import re
import shutil
import sys
import xml.etree.ElementTree as ET
from pathlib import Path
from types import ModuleType

import pytest

REPO = Path(__file__).resolve().parents[2]
TRANSLATIONS = REPO / "resources" / "translations"
FULL = ("de", "es")
ALL = (*FULL, "en")
# What a translation must carry over from its source: {name} fields and Qt's %n, %Ln, %1.
PLACEHOLDER = re.compile(r"\{[a-z_]+\}|%L?n|%\d")


def script() -> ModuleType:
    spec = importlib.util.spec_from_file_location("translations_script", REPO / "scripts" / "translations.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def messages(ts: Path) -> list[tuple[str, ET.Element]]:
    root = ET.parse(ts).getroot()
    return [(ctx.findtext("name") or "", m) for ctx in root.iter("context") for m in ctx.iter("message")]


def unfinished(ts: Path) -> list[str]:
    """Every message of ``ts`` without a finished translation (named by context and source)."""
    found = []
    for context, message in messages(ts):
        translation = message.find("translation")
        assert translation is not None
        forms = [f.text or "" for f in translation.iter("numerusform")] if message.get("numerus") else [
            translation.text or ""
        ]
        if translation.get("type") is not None or not all(f.strip() for f in forms):
            found.append(f"[{context}] {message.findtext('source')!r}")
    return found


@pytest.mark.parametrize("language", ALL)
def test_no_entry_is_unfinished(language: str) -> None:
    ts = TRANSLATIONS / f"flowmusic_gui_{language}.ts"
    assert messages(ts), f"{ts.name} holds no messages"
    assert unfinished(ts) == []


@pytest.mark.parametrize("language", FULL)
def test_every_translation_keeps_the_placeholders_of_its_source(language: str) -> None:
    broken = []
    for context, message in messages(TRANSLATIONS / f"flowmusic_gui_{language}.ts"):
        source = message.findtext("source") or ""
        translation = message.find("translation")
        assert translation is not None
        forms = [f.text or "" for f in translation.iter("numerusform")] or [translation.text or ""]
        for form in forms:
            if sorted(PLACEHOLDER.findall(form)) != sorted(PLACEHOLDER.findall(source)):
                broken.append(f"[{context}] {source!r} -> {form!r}")
    assert broken == []


@pytest.mark.parametrize("language", FULL)
def test_plural_messages_have_the_languages_two_forms(language: str) -> None:
    for context, message in messages(TRANSLATIONS / f"flowmusic_gui_{language}.ts"):
        if message.get("numerus"):
            forms = list(message.iter("numerusform"))
            assert len(forms) == 2, f"[{context}] {message.findtext('source')!r}"


def test_the_catalogues_hold_every_string_of_the_code(tmp_path: Path) -> None:
    """lupdate over the code into copies of the .ts files: nothing new may appear untranslated."""
    tool = script()  # pyside6-lupdate comes with PySide6-Essentials, a dependency: never skipped
    copies = []
    for language in ALL:
        copy = tmp_path / f"flowmusic_gui_{language}.ts"
        shutil.copy(TRANSLATIONS / copy.name, copy)
        copies.append(copy)
    files = tool.sources()
    tool.lupdate(files, copies[: len(FULL)])
    tool.lupdate(files, copies[len(FULL) :], plural_only=True)
    missing = {copy.name: unfinished(copy) for copy in copies}
    assert missing == {copy.name: [] for copy in copies}, "run: python scripts/translations.py, then translate"
    # And nothing the code no longer says lingers in the catalogues.
    for copy in copies:
        before = {(c, m.findtext("source")) for c, m in messages(TRANSLATIONS / copy.name)}
        after = {(c, m.findtext("source")) for c, m in messages(copy)}
        assert before == after, copy.name


def test_the_compiled_catalogues_match_their_sources(tmp_path: Path) -> None:
    tool = script()
    for language in ALL:
        ts = TRANSLATIONS / f"flowmusic_gui_{language}.ts"
        built = tmp_path / f"{language}.qm"
        tool.lrelease(ts, built)
        assert built.read_bytes() == ts.with_suffix(".qm").read_bytes(), f"rebuild {ts.with_suffix('.qm').name}"


def test_the_script_reads_the_ui_and_cores_marks_but_not_the_cli_or_simulator() -> None:
    names = {p.relative_to(REPO / "flowmusic_gui").as_posix() for p in script().sources()}
    assert {"ui/main_window.py", "core/states.py", "gui.py"} <= names
    assert not any(n.startswith("simulator/") for n in names)
    assert "cli.py" not in names
    assert not any(n.startswith("cli/") for n in names)

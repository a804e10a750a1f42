"""Update the translation sources from the code and compile them: pyside6-lupdate, then pyside6-lrelease.

    python scripts/translations.py            # refresh resources/translations/*.ts, then build the .qm
    python scripts/translations.py --release  # only build the .qm from the .ts (what packaging needs)

The .ts files are the translators' sources; the compiled .qm files are committed beside them, so a plain
``pip install .`` (which has no Qt tools at build time) ships them; tests/unit/test_translations.py fails when
a .qm is older than its .ts or the code holds a string the catalogues lack.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "flowmusic_gui"
TRANSLATIONS = ROOT / "resources" / "translations"
CATALOGUE = "flowmusic_gui"
#: Full translations; English, the source language, gets a catalogue of its plural forms only.
LANGUAGES = ("de", "es")
SOURCE_LANGUAGE = "en"
# The simulator stands in for the API and the command line stays English: neither is translated.
EXCLUDED = ("simulator", "cli", "__main__.py")


def ts_path(language: str) -> Path:
    return TRANSLATIONS / f"{CATALOGUE}_{language}.ts"


def sources() -> list[Path]:
    """Every module whose strings can reach the window: the ui, gui.py, and the words core marks."""
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        rel = path.relative_to(PACKAGE)
        if rel.parts[0] in EXCLUDED:  # a folder, or a module at the top of the package
            continue
        found.append(path)
    return found


def tool(name: str) -> str:
    """A Qt tool of the installed PySide6 (next to this Python first, then on PATH)."""
    here = Path(sys.executable).parent / name
    found = str(here) if here.exists() else shutil.which(name)
    if found is None:
        raise SystemExit(f"{name} not found: it comes with PySide6 (pip install PySide6-Essentials)")
    return found


def lupdate(files: Sequence[Path], ts_files: Sequence[Path], *, plural_only: bool = False) -> None:
    """Merge the code's strings into ``ts_files`` (kept translations stay; vanished strings are dropped)."""
    # No source locations: they would change on every edit of the code and make the .ts diffs unreadable.
    cmd = [tool("pyside6-lupdate"), "-silent", "-no-obsolete", "-locations", "none"]
    if plural_only:
        cmd.append("-pluralonly")
    cmd += ["-source-language", "en", *(str(f) for f in files), "-ts", *(str(t) for t in ts_files)]
    subprocess.run(cmd, check=True, cwd=ROOT)


def lrelease(ts_file: Path, qm_file: Path) -> None:
    subprocess.run([tool("pyside6-lrelease"), "-silent", str(ts_file), "-qm", str(qm_file)], check=True, cwd=ROOT)


def all_ts() -> list[Path]:
    return [ts_path(lang) for lang in (*LANGUAGES, SOURCE_LANGUAGE)]


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--release", action="store_true", help="only compile the .ts files to .qm")
    args = parser.parse_args(argv)
    TRANSLATIONS.mkdir(parents=True, exist_ok=True)
    if not args.release:
        files = sources()
        lupdate(files, [ts_path(lang) for lang in LANGUAGES])
        lupdate(files, [ts_path(SOURCE_LANGUAGE)], plural_only=True)
    for ts in all_ts():
        lrelease(ts, ts.with_suffix(".qm"))
        print(f"{ts.relative_to(ROOT)} -> {ts.with_suffix('.qm').name}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""The wheel holds the whole app: every package under flowmusic_gui and every asset it loads. An editable
install (the scripts' and the suite's) finds any module on disk, so only this check sees one left out of
pyproject.toml, which a plain ``pip install .`` would lack."""

from __future__ import annotations

import fnmatch
import sys
from pathlib import Path

import pytest

if sys.version_info >= (3, 11):
    import tomllib
else:  # Python 3.10 has no tomllib; tomli is the same parser
    tomllib = pytest.importorskip("tomli")

ROOT = Path(__file__).resolve().parents[2]
#: Files that only make other files: Qt Linguist sources, compiled by pyside6-lrelease into the .qm that ship.
SOURCES_ONLY = frozenset({".ts"})


def setuptools_config() -> dict[str, object]:
    config: dict[str, object] = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]
    return config


def package_dirs() -> dict[str, Path]:
    config = setuptools_config()
    mapped: dict[str, str] = config.get("package-dir", {})  # type: ignore[assignment]
    packages: list[str] = config["packages"]  # type: ignore[assignment]
    return {name: ROOT / mapped.get(name, name.replace(".", "/")) for name in packages}


def test_every_package_on_disk_is_in_the_wheel() -> None:
    listed = {path.resolve() for path in package_dirs().values()}
    on_disk = {init.parent.resolve() for init in (ROOT / "flowmusic_gui").rglob("__init__.py")}
    missing = sorted(str(p.relative_to(ROOT)) for p in on_disk - listed)
    assert not missing, f"packages missing from [tool.setuptools] packages in pyproject.toml: {missing}"


def test_every_asset_is_in_the_wheel() -> None:
    config = setuptools_config()
    data: dict[str, list[str]] = config.get("package-data", {})  # type: ignore[assignment]
    folders = {path.resolve(): name for name, path in package_dirs().items()}
    left_out = []
    for folder in folders:
        for path in folder.rglob("*"):
            if not path.is_file() or path.suffix in (".py", ".pyc", *SOURCES_ONLY) or "__pycache__" in path.parts:
                continue
            # A file ships with the innermost package that holds it.
            owner = max((f for f in folders if path.is_relative_to(f)), key=lambda f: len(f.parts))
            if owner != folder:
                continue
            relative = path.relative_to(folder).as_posix()
            if not any(fnmatch.fnmatch(relative, pattern) for pattern in data.get(folders[folder], [])):
                left_out.append(f"{folders[folder]}: {relative}")
    assert not left_out, f"assets missing from [tool.setuptools.package-data]: {left_out}"

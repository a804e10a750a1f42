"""The layer rules import-linter cannot express: engine imports QtCore only; core imports no Qt at all."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[2] / "flowmusic_gui"


def _imports(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
            names.update(f"{node.module}.{alias.name}" for alias in node.names)
    return names


@pytest.mark.parametrize("path", sorted((PACKAGE / "engine").glob("*.py")), ids=lambda p: p.name)
def test_engine_uses_qtcore_only(path: Path) -> None:
    qt = {name for name in _imports(path) if name.startswith("PySide6.") and name.count(".") == 1}
    assert qt <= {"PySide6.QtCore"}, f"{path.name} imports {sorted(qt - {'PySide6.QtCore'})}"


@pytest.mark.parametrize(
    "path",
    sorted([*(PACKAGE / "core").glob("*.py"), *(PACKAGE / "simulator").glob("*.py")]),
    ids=lambda p: f"{p.parent.name}/{p.name}",
)
def test_core_and_simulator_import_no_qt(path: Path) -> None:
    qt = {name for name in _imports(path) if name.split(".")[0] in {"PySide6", "shiboken6"}}
    assert not qt, f"{path.name} imports {sorted(qt)}"

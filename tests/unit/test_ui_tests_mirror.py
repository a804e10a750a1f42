"""Every module of the window has a test module of the same name in the mirrored place:
``flowmusic_gui/ui/detail/header.py`` is tested by ``tests/gui/detail/test_header.py``. A newcomer looking for a
module's tests finds them where the module is; a new module without its tests fails here."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
UI = ROOT / "flowmusic_gui" / "ui"
TESTS = ROOT / "tests" / "gui"


def mirrored(module: Path) -> Path:
    relative = module.relative_to(UI)
    return TESTS / relative.parent / f"test_{module.stem}.py"


def ui_modules() -> list[Path]:
    return sorted(p for p in UI.rglob("*.py") if p.name != "__init__.py" and "__pycache__" not in p.parts)


def test_the_ui_package_is_found() -> None:
    # A moved package must not make the check below pass by finding nothing.
    assert len(ui_modules()) > 50
    assert mirrored(UI / "detail" / "header.py") == TESTS / "detail" / "test_header.py"


def test_every_ui_module_has_a_test_module_in_the_mirrored_place() -> None:
    missing = [
        f"{module.relative_to(ROOT).as_posix()} -> {mirrored(module).relative_to(ROOT).as_posix()}"
        for module in ui_modules()
        if not mirrored(module).is_file()
    ]
    assert missing == [], "ui modules without a same-named test module:\n  " + "\n  ".join(missing)


"""What `pip install .` installs: every subpackage of the code is listed for setuptools, and the catalogues go in.

The package list in pyproject.toml is explicit; a new folder left out of it works in a checkout and an editable
install, and breaks the wheel and the bundle (the detail pane once failed to import there).
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]


def setuptools_config() -> dict[str, object]:
    if sys.version_info < (3, 11):
        pytest.skip("tomllib comes with Python 3.11")
    import tomllib

    config: dict[str, object] = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["tool"][
        "setuptools"
    ]
    return config


def test_every_subpackage_is_listed_for_the_wheel() -> None:
    listed = set(setuptools_config()["packages"])  # type: ignore[call-overload]
    found = {
        ".".join(init.parent.relative_to(REPO).parts)
        for init in (REPO / "flowmusic_gui").rglob("__init__.py")
        if "__pycache__" not in init.parts
    }
    assert sorted(found - listed) == []


def test_the_compiled_catalogues_are_package_data() -> None:
    data = setuptools_config()["package-data"]
    assert "translations/*.qm" in data["flowmusic_gui.resources"]  # type: ignore[index]
    assert sorted(p.name for p in (REPO / "resources" / "translations").glob("*.qm")) == [
        "flowmusic_gui_de.qm", "flowmusic_gui_en.qm", "flowmusic_gui_es.qm",
    ]  # fmt: skip

"""PySide6's look at each imported module gives the same answers from the module's bytes as from its source."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import pytest

from flowmusic_gui.ui import pyside_scan

REPO = Path(__file__).resolve().parents[2]


def test_the_bytes_give_pysides_own_answer() -> None:
    feature = sys.modules.get(pyside_scan.FEATURE_MODULE)
    if feature is None:
        pytest.skip("this PySide6 has no __feature__ module")
    fallback = getattr(feature._mod_uses_pyside, "__wrapped__", feature._mod_uses_pyside)  # PySide6's own
    names = ["flowmusic_gui.ui.main_window", "flowmusic_gui.ui.jobs.model", "flowmusic_gui.core.states",
             "flowmusic_gui.ui.pyside_scan", "json", "argparse", "sys", "math"]  # fmt: skip
    for name in names:
        __import__(name)
        module = sys.modules[name]
        assert pyside_scan.uses_pyside(module, fallback) == fallback(module), name


def test_a_module_without_a_source_file_is_left_to_pyside(tmp_path: Path) -> None:
    asked: list[str] = []

    def pyside_says(module: ModuleType) -> bool:
        asked.append(module.__name__)
        return module.__name__ == "compiled_only"

    module = ModuleType("compiled_only")
    module.__file__ = str(tmp_path / "compiled_only.cpython-311.so")
    assert pyside_scan.uses_pyside(module, pyside_says) is True
    gone = ModuleType("gone")
    gone.__file__ = str(tmp_path / "gone.py")  # removed since it was imported
    assert pyside_scan.uses_pyside(gone, pyside_says) is False
    assert asked == ["compiled_only", "gone"]


PROBE = r"""
import json, sys
import flowmusic_gui.gui
feature = sys.modules["shibokensupport.feature"]
from flowmusic_gui.ui.main_window import MainWindow  # (a module is looked at as an import statement returns it)
from xml.dom.minidom import parseString
d = feature.pyside_feature_dict
print(json.dumps({"quick": getattr(feature._mod_uses_pyside, "quick", False),
                  "window": d.get("flowmusic_gui.ui.main_window"), "minidom": d.get("xml.dom.minidom")}))
"""


def test_the_app_installs_it_and_pyside_keeps_its_answers() -> None:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    result = subprocess.run([sys.executable, "-c", PROBE], capture_output=True, text=True, timeout=60, env=env,
                            cwd=REPO, check=False)  # fmt: skip
    assert result.returncode == 0, result.stderr
    facts = json.loads(result.stdout.strip().splitlines()[-1])
    # A module that names PySide6 is one it switches features for (0), any other it ignores (-1), as before.
    assert facts == {"quick": True, "window": 0, "minidom": -1}

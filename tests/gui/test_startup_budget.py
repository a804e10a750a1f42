"""What the real start-up does before the window's first paint, checked in a fresh process.

The first paint is measured against a bare PySide6 window (bench/startup.py); these tests keep the known costs
out of it: network, keyring and detail-pane code, and PySide6 building the Python types of every widget or event
class it meets unwrapped (each such walk cost 30 to 40 ms).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[2]

PROBE = r"""
import json, sys
import flowmusic_gui.gui as gui

def on_first_paint(self):
    import PySide6.QtCore as C
    import PySide6.QtGui as G
    import PySide6.QtWidgets as W
    facts = {
        "qt_namespace_built": "Qt" in vars(C),
        "types_built": sorted(name for module in (C, G, W) for name in vars(module) if name.startswith("Q")),
        "modules": sorted(sys.modules),
        "widget_types": sorted(name for name in vars(W) if name.startswith("Q")),
        "parts_at_paint": self.window.parts_built,
    }
    self.window.controller  # a part asked for early is built then and there
    facts["parts_when_asked"] = self.window.parts_built
    print("FACTS " + json.dumps(facts), flush=True)
    self.finish(0)

gui.App._on_first_paint = on_first_paint
sys.exit(gui.main(sys.argv[1:]))
"""

# Modules the first paint must not wait for: they load right after it. Of the engine, only the task runner the
# composition root builds is there before the first paint (every other engine module is checked below).
LATER = ("requests", "keyring", "sqlite3", "mutagen", "flowmusic_gui.core.client", "flowmusic_gui.core.store",
         "flowmusic_gui.core.tags", "flowmusic_gui.engine.types", "flowmusic_gui.engine.tracker",
         "flowmusic_gui.engine.poller", "flowmusic_gui.engine.downloads", "flowmusic_gui.engine.media",
         "flowmusic_gui.ui.detail.pane", "flowmusic_gui.ui.detail.player", "flowmusic_gui.ui.backend",
         "flowmusic_gui.ui.desktop.notifications", "PySide6.QtMultimedia", "flowmusic_gui.ui.desktop.bus",
         "flowmusic_gui.ui.desktop.mpris", "flowmusic_gui.ui.desktop.integration", "jeepney",
         "PySide6.QtDBus",
         # The window's parts the first frame does not show (MainWindow.build_parts, right after it) and the
         # SIGTERM handler's socket pair (made then too).
         "flowmusic_gui.ui.controller", "flowmusic_gui.ui.commands", "flowmusic_gui.ui.downloads.coordinator",
         "flowmusic_gui.ui.studio_binding", "flowmusic_gui.ui.desktop.presence", "flowmusic_gui.ui.layout_saver",
         "socket",
         # The jobs model (made with the parts: the first frame's header has a stand-in, see jobs.columns).
         "flowmusic_gui.ui.jobs.model",
         # The error reporter (installed with the parts), and what only records and clocks needed: the activity
         # log's and the message bridge's records are NamedTuples, their times made when the first comes.
         "flowmusic_gui.ui.faults", "dataclasses", "datetime",
         # argparse's parser (its help texts' gettext lookups import locale): a plain command line is read without.
         # The signal module (Ctrl+C's default is set through its core, _signal; the module comes with SIGTERM's
         # handler, with the parts).
         "locale", "signal")  # fmt: skip
ENGINE_BEFORE_PAINT = {"flowmusic_gui.engine", "flowmusic_gui.engine.tasks"}
# Widget classes the window does not use: if PySide6 built them, it walked the QWidget class tree.
UNUSED_WIDGETS = ("QWizard", "QCalendarWidget", "QMdiArea", "QFontDialog", "QMessageBox", "QDial")


def first_paint_facts(tmp_path: Path) -> dict[str, Any]:
    args = ["--self-test", "--data-dir", str(tmp_path), "--api-base", "http://127.0.0.1:9/v1/flowmusic"]
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    result = subprocess.run([sys.executable, "-c", PROBE, *args], capture_output=True, text=True, timeout=60,
                            env=env, cwd=REPO, check=False)  # fmt: skip
    assert result.returncode == 0, result.stderr
    line = next(x for x in result.stdout.splitlines() if x.startswith("FACTS "))
    facts: dict[str, Any] = json.loads(line.removeprefix("FACTS "))
    return facts


def test_the_first_paint_waits_for_nothing_it_does_not_show(tmp_path: Path) -> None:
    facts = first_paint_facts(tmp_path)
    loaded = set(facts["modules"])
    assert [name for name in LATER if name in loaded] == []
    engine = {name for name in loaded if name == "flowmusic_gui.engine" or name.startswith("flowmusic_gui.engine.")}
    assert engine <= ENGINE_BEFORE_PAINT, sorted(engine - ENGINE_BEFORE_PAINT)
    built = set(facts["widget_types"])
    assert [name for name in UNUSED_WIDGETS if name in built] == []


# Qt classes the first frame does without (PySide6 builds each one's Python type and enums on first use): the
# header's sort order and the table's hint font, the style option a drawn row needs, the keys (set with the
# window's parts) and the jobs model's base class (the model comes with the parts).
UNBUILT_TYPES = ("QFont", "QPen", "QStyleOptionViewItem", "QStyleOption", "QSocketNotifier", "QKeySequence",
                 "QShortcut", "QAbstractTableModel")  # fmt: skip


def test_the_first_frame_reads_no_member_of_the_qt_namespace(tmp_path: Path) -> None:
    # PySide6 builds its Qt namespace's Python type, ~100 enums at once, on the first read of any member or the
    # first Qt enum crossing to or from C++: 15-25 ms, more than the rest of the skeleton (see ui/lazy_qt.py).
    facts = first_paint_facts(tmp_path)
    assert facts["qt_namespace_built"] is False
    assert [name for name in UNBUILT_TYPES if name in facts["types_built"]] == []


def test_the_windows_other_parts_follow_the_first_paint(tmp_path: Path) -> None:
    facts = first_paint_facts(tmp_path)
    assert facts["parts_at_paint"] is False
    assert facts["parts_when_asked"] is True


def test_a_kept_layout_is_not_measured_again(tmp_path: Path) -> None:
    # A first start measures the columns' default widths (the Created column's from a sample date: QDateTime's
    # Python type); a later one restores the layout it kept and measures nothing.
    first = first_paint_facts(tmp_path)
    assert "QDateTime" in first["types_built"]
    again = first_paint_facts(tmp_path)
    assert "QDateTime" not in again["types_built"]

"""The demo's downloads at quit: they live in the demo's temporary folder, which goes with it, so the user is
asked whether to keep them (moved into the real download folder, under ``demo``) before it is deleted."""

from __future__ import annotations

import logging
import os
from pathlib import Path

from PySide6.QtWidgets import QMessageBox, QWidget

from flowmusic_gui.core.filenames import is_inside
from flowmusic_gui.core.safefiles import move_noclobber
from flowmusic_gui.ui.i18n import Words

log = logging.getLogger(__name__)

# What counts as a download worth keeping (the .lrc files beside them go along).
_KEPT_SUFFIXES = (".mp3", ".m4a", ".wav", ".lrc")


class DemoText(Words):
    """The words of the question."""


def kept_folder() -> Path:
    """Where kept demo downloads go: ``demo`` in the usual download folder (``FlowMusic`` in the desktop's music
    folder), whatever the demo's own isolation says."""
    from flowmusic_gui.core import paths

    return paths.music_dir() / paths.DOWNLOAD_FOLDER_NAME / "demo"


def demo_files(folder: Path) -> list[Path]:
    """The finished downloads under ``folder`` (partial files left out), in name order."""
    found: list[Path] = []
    for root, _dirs, names in os.walk(folder):
        for name in names:
            if name.lower().endswith(_KEPT_SUFFIXES):
                found.append(Path(root) / name)
    return sorted(found)


class DemoDownloadsQuestion:
    """``ask()`` shows the question at quit; tests replace it (no test opens a real modal)."""

    @classmethod
    def ask(cls, parent: QWidget | None, count: int, target: Path) -> bool:
        """True: keep them in ``target``; False: let them go with the demo."""
        text = DemoText.tr(
            "You downloaded %n file(s) in the demo. The demo's folder is deleted when it closes: keep them in "
            "{folder}?", "", count,
        ).format(folder=str(target))
        box = QMessageBox(QMessageBox.Icon.Question, DemoText.tr("The demo's downloads"), text,
                          QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, parent)
        box.setDefaultButton(QMessageBox.StandardButton.Yes)
        box.button(QMessageBox.StandardButton.Yes).setText(DemoText.tr("Keep them"))
        box.button(QMessageBox.StandardButton.No).setText(DemoText.tr("Delete them"))
        return box.exec() == QMessageBox.StandardButton.Yes


def settle_demo_downloads(folder: Path, *, ask: bool = True, target: Path | None = None) -> str:
    """Before the demo's folder is deleted: keep its downloads if the user wants them; a sentence saying what
    happened to them ("" when there were none). ``ask`` False (a SIGTERM, a screenshot): nothing is asked and
    the files go with the demo, said in the sentence."""
    files = demo_files(folder)
    if not files:
        return ""
    where = target if target is not None else kept_folder()
    if not ask or not DemoDownloadsQuestion.ask(None, sum(not f.name.endswith(".lrc") for f in files), where):
        return f"the demo's {len(files)} downloaded file(s) in {folder} were deleted with it"
    moved = 0
    problems: list[str] = []
    for path in files:
        dest = where / path.relative_to(folder)
        try:
            dest.parent.mkdir(parents=True, exist_ok=True)
            if not is_inside(where, dest.parent):
                problems.append(f"{path.name}: {dest.parent} leads outside {where} (through a link)")
                continue
            # Never over a file already there, nor through a link planted at the name.
            for n in range(2, 1000):
                if move_noclobber(path, dest):
                    moved += 1
                    break
                dest = dest.with_name(f"{path.stem} ({n}){path.suffix}")
            else:
                problems.append(f"{path.name}: no free name in {dest.parent}")
        except OSError as exc:
            problems.append(f"{path.name}: {exc.strerror or exc}")
    if problems:
        log.warning("some demo downloads could not be kept: %s", "; ".join(problems))
        return f"{moved} of {len(files)} demo download(s) kept in {where}; not kept: {'; '.join(problems)}"
    return f"the demo's {moved} downloaded file(s) were kept in {where}"

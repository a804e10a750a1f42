"""Saving a job's record and a clip's lyrics to files: JSON verbatim, plain .txt, synced .lrc."""

from __future__ import annotations

import contextlib
import json
import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QFileDialog, QWidget

from flowmusic_gui.core.filenames import safe_filename
from flowmusic_gui.core.lyrics import lrc_text, lyrics_text, pair, shift_timing
from flowmusic_gui.core.records import Clip


class SaveDialog:
    """The one place a save dialog opens; tests replace :meth:`ask`."""

    @classmethod
    def ask(cls, parent: QWidget | None, caption: str, suggested: Path, file_filter: str) -> Path | None:
        path, _ = QFileDialog.getSaveFileName(parent, caption, str(suggested), file_filter)
        return Path(path) if path else None


def job_json(raw: Mapping[str, Any]) -> str:
    """The record as the API sent it (key order kept), indented for reading."""
    return json.dumps(dict(raw), indent=2, ensure_ascii=False) + "\n"


def write_text(path: Path, text: str) -> None:
    """Write through a temporary file and an atomic rename, so a failure never leaves half a file."""
    tmp = path.with_name(path.name + ".part")
    try:
        tmp.write_text(text, encoding="utf-8", newline="\n")
        os.replace(tmp, path)
    except OSError:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise


def clip_lrc(clip: Clip, offset_s: float = 0.0) -> str | None:
    """The clip's synced lyrics as LRC, with the user's timing correction (``offset_s``, positive: later)."""
    timing = shift_timing(clip.lyrics_timing, offset_s) if offset_s else clip.lyrics_timing
    return lrc_text(pair(clip.lyrics, timing), title=clip.title, duration_s=clip.duration_s)


def export(parent: QWidget | None, caption: str, folder: Path, name: str, text: str, file_filter: str) -> str:
    """Ask where to save ``text`` (suggesting ``folder/name``); returns a sentence for the status line."""
    path = SaveDialog.ask(parent, caption, folder / name, file_filter)
    if path is None:
        return ""
    try:
        write_text(path, text)
    except OSError as exc:
        problem = QCoreApplication.translate("Exports", "Could not save {name}: {error}")
        return problem.format(name=path.name, error=exc.strerror or exc)
    return QCoreApplication.translate("Exports", "Saved {path}").format(path=path)


def export_job(parent: QWidget | None, folder: Path, raw: Mapping[str, Any], title: str | None, jobid: str) -> str:
    name = safe_filename(title, jobid.split("-user:")[0].replace("job:", "clip:"), "json")
    caption = QCoreApplication.translate("Exports", "Export job as JSON")
    return export(parent, caption, folder, name, job_json(raw), QCoreApplication.translate("Exports", "JSON (*.json)"))


def export_lyrics(parent: QWidget | None, folder: Path, clip: Clip) -> str:
    name = safe_filename(clip.title, clip.clip, "txt")
    caption = QCoreApplication.translate("Exports", "Export lyrics")
    file_filter = QCoreApplication.translate("Exports", "Text (*.txt)")
    return export(parent, caption, folder, name, lyrics_text(clip.lyrics), file_filter)


def export_lrc(parent: QWidget | None, folder: Path, clip: Clip, offset_s: float = 0.0) -> str:
    text = clip_lrc(clip, offset_s)
    if text is None:
        return QCoreApplication.translate(
            "Exports", "The timing does not pair with the lyric lines, so there is no synced version."
        )
    name = safe_filename(clip.title, clip.clip, "lrc")
    caption = QCoreApplication.translate("Exports", "Export synced lyrics")
    return export(parent, caption, folder, name, text, QCoreApplication.translate("Exports", "Synced lyrics (*.lrc)"))

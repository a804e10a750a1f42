"""Drag and drop onto the window: job ids in dropped text, links or .txt/.json files (each file read with a cap,
and a file that cannot be used named with the reason)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QLocale

if TYPE_CHECKING:
    from PySide6.QtCore import QMimeData

MAX_DROP_FILE_BYTES = 5 * 1024 * 1024
DROP_SUFFIXES = (".txt", ".json")


def accepts(mime: QMimeData) -> bool:
    """Whether a drag carries anything that may hold job ids."""
    return mime.hasUrls() or mime.hasText()


def dropped_text(mime: QMimeData) -> tuple[str, list[str]]:
    """(the text to look for job ids in, the problems to say): local files are read, other links taken as text."""
    texts: list[str] = []
    problems: list[str] = []
    if mime.hasUrls() and any(u.isLocalFile() for u in mime.urls()):
        for url in mime.urls():
            if not url.isLocalFile():
                texts.append(url.toString())
                continue
            text, problem = read_drop_file(Path(url.toLocalFile()))
            if problem:
                problems.append(problem)
            if text:
                texts.append(text)
    elif mime.hasText():
        texts.append(mime.text())
    return "\n".join(texts), problems


def read_drop_file(path: Path) -> tuple[str, str | None]:
    """(text, problem): a .txt or .json file's text, or why it was not read (naming the file)."""
    name = path.name
    if path.suffix.lower() not in DROP_SUFFIXES:
        return "", QCoreApplication.translate("DropFile", "{name} — not a .txt or .json file").format(name=name)
    try:
        size = path.stat().st_size
        if size > MAX_DROP_FILE_BYTES:
            return "", QCoreApplication.translate("DropFile", "{name} — too large ({size} KB)").format(
                name=name, size=QLocale().toString(size // 1024)
            )
        data = path.read_bytes()
    except OSError as exc:
        return "", QCoreApplication.translate("DropFile", "{name} — cannot be read ({error})").format(
            name=name, error=exc.strerror or type(exc).__name__
        )
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return "", QCoreApplication.translate("DropFile", "{name} — not UTF-8 text").format(name=name)
    if path.suffix.lower() == ".json":
        try:
            json.loads(text)
        except json.JSONDecodeError as exc:
            # The ids in it still count: extraction works on any text; say the JSON is broken.
            problem = QCoreApplication.translate(
                "DropFile", "{name} — not valid JSON ({error} at line {line}); its job ids were kept"
            )
            return text, problem.format(name=name, error=exc.msg, line=exc.lineno)
    return text, None

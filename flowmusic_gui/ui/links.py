"""Handing things to the desktop, written once: open a web link (http and https only) and reveal a file's folder.

Every part that opens a link or shows a download in the file manager calls these (tests replace them here).
"""

from __future__ import annotations

import logging
from pathlib import Path

from flowmusic_gui.core.urls import is_web_url

log = logging.getLogger(__name__)


def open_url(url: str | None) -> bool:
    """Open an http(s) URL in the system's handler; anything else is refused (and logged, without the URL)."""
    if not is_web_url(url):
        log.warning("refused to open a URL that is not http(s)")
        return False
    assert url is not None
    from PySide6.QtCore import QUrl
    from PySide6.QtGui import QDesktopServices

    return QDesktopServices.openUrl(QUrl(url))


def open_local(path: Path) -> bool:
    """Open a local file in its application, or a folder in the file manager."""
    from PySide6.QtCore import QUrl
    from PySide6.QtGui import QDesktopServices

    return QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))


def open_log_folder() -> bool:
    """Help → Open log folder: the app's log folder (made if it is not there yet) in the file manager."""
    from flowmusic_gui.core import paths

    folder = paths.log_dir()
    folder.mkdir(parents=True, exist_ok=True)
    return open_local(folder)


def reveal_in_folder(file: Path) -> bool:
    """Show a downloaded file where it is: the folder holding it opens in the file manager."""
    return open_local(file.parent)

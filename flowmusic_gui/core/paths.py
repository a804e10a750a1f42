"""Where the app keeps its data, cache and logs, and where downloads go: the platform's conventional folders
(platformdirs), no Qt needed.

The download folder's default is the desktop's music folder (on Linux the one ``~/.config/user-dirs.dirs``
names, ``XDG_MUSIC_DIR``: ``~/Musik`` on a German desktop), else ``~/Music``, with ``FlowMusic`` inside it.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from platformdirs import PlatformDirs

APP_DIR_NAME = "flowmusic-gui"
#: The folder inside the music folder that downloads go to by default.
DOWNLOAD_FOLDER_NAME = "FlowMusic"

# Set by isolate(): every folder below lives under this root (the demo's temporary folder).
_isolated: Path | None = None


def isolated_root() -> Path | None:
    """The root set by :func:`isolate`, if any."""
    return _isolated


def isolate(root: Path | None) -> None:
    """Keep the cache, logs and downloads under ``root`` (None: the usual folders again)."""
    global _isolated
    _isolated = root


def _dirs() -> PlatformDirs:
    # Imported here: the window's first paint needs none of these folders.
    from platformdirs import PlatformDirs

    # appauthor=False: %LOCALAPPDATA%\flowmusic-gui on Windows, without a vendor folder above it.
    return PlatformDirs(APP_DIR_NAME, appauthor=False)


def data_dir(override: str | os.PathLike[str] | None = None) -> Path:
    """The data folder: an explicit override, else ``FLOWMUSIC_DATA_DIR``, else the platform's app data folder."""
    if override:
        return Path(override).expanduser()
    env = os.environ.get("FLOWMUSIC_DATA_DIR")
    if env:
        return Path(env).expanduser()
    return _dirs().user_data_path


def cache_dir() -> Path:
    """The cache folder (covers): safe to delete at any time."""
    if _isolated is not None:
        return _isolated / "cache"
    if sys.platform == "win32":  # beside the data, as the README has always said, not platformdirs' "Cache"
        return _dirs().user_data_path / "cache"
    return _dirs().user_cache_path


def log_dir() -> Path:
    """The log folder: ``~/Library/Logs/flowmusic-gui`` on macOS, else ``logs`` in the app's state folder."""
    if _isolated is not None:
        return _isolated / "logs"
    if sys.platform == "darwin":
        return _dirs().user_log_path
    return _dirs().user_state_path / "logs"


def music_dir() -> Path:
    """The user's music folder as the desktop names it (XDG user dirs on Linux), else ``~/Music``."""
    from platformdirs import user_music_path

    return user_music_path()


def download_dir() -> Path:
    """The default download folder: ``FlowMusic`` in the user's music folder (the demo's own folder in the demo)."""
    if _isolated is not None:
        return _isolated / "downloads"
    return music_dir() / DOWNLOAD_FOLDER_NAME

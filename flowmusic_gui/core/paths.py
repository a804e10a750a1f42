"""Where the app keeps its data, cache and logs: the platform's conventional folders, no Qt needed."""

from __future__ import annotations

import os
import sys
from pathlib import Path

APP_DIR_NAME = "flowmusic-gui"

# Set by isolate(): every folder below lives under this root (the demo's temporary folder).
_isolated: Path | None = None


def isolated_root() -> Path | None:
    """The root set by :func:`isolate`, if any."""
    return _isolated


def isolate(root: Path | None) -> None:
    """Keep the cache, logs and downloads under ``root`` (None: the usual folders again)."""
    global _isolated
    _isolated = root


def _home() -> Path:
    return Path(os.path.expanduser("~"))


def data_dir(override: str | os.PathLike[str] | None = None) -> Path:
    """The data folder: an explicit override, else ``FLOWMUSIC_DATA_DIR``, else the platform's app data folder."""
    if override:
        return Path(override).expanduser()
    env = os.environ.get("FLOWMUSIC_DATA_DIR")
    if env:
        return Path(env).expanduser()
    if sys.platform == "win32":
        base = Path(os.environ.get("LOCALAPPDATA") or _home() / "AppData" / "Local")
    elif sys.platform == "darwin":
        base = _home() / "Library" / "Application Support"
    else:
        base = Path(os.environ.get("XDG_DATA_HOME") or _home() / ".local" / "share")
    return base / APP_DIR_NAME


def cache_dir() -> Path:
    """The cache folder (covers): safe to delete at any time."""
    if _isolated is not None:
        return _isolated / "cache"
    if sys.platform == "win32":
        base = Path(os.environ.get("LOCALAPPDATA") or _home() / "AppData" / "Local")
        return base / APP_DIR_NAME / "cache"
    if sys.platform == "darwin":
        return _home() / "Library" / "Caches" / APP_DIR_NAME
    return Path(os.environ.get("XDG_CACHE_HOME") or _home() / ".cache") / APP_DIR_NAME


def log_dir() -> Path:
    """The log folder."""
    if _isolated is not None:
        return _isolated / "logs"
    if sys.platform == "win32":
        base = Path(os.environ.get("LOCALAPPDATA") or _home() / "AppData" / "Local")
        return base / APP_DIR_NAME / "logs"
    if sys.platform == "darwin":
        return _home() / "Library" / "Logs" / APP_DIR_NAME
    return Path(os.environ.get("XDG_STATE_HOME") or _home() / ".local" / "state") / APP_DIR_NAME / "logs"


def download_dir() -> Path:
    """The default download folder: the user's Music folder when it exists, else their home."""
    if _isolated is not None:
        return _isolated / "downloads"
    music = _home() / "Music"
    return music if music.is_dir() else _home()

"""Where the app keeps its files: the platform's folders, the desktop's music folder for downloads, and one root
for all of them in the demo."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from flowmusic_gui.core import paths


def test_isolate_keeps_cache_logs_and_downloads_under_one_root(tmp_path: Path) -> None:
    paths.isolate(tmp_path)
    try:
        assert paths.cache_dir() == tmp_path / "cache"
        assert paths.log_dir() == tmp_path / "logs"
        assert paths.download_dir() == tmp_path / "downloads"
    finally:
        paths.isolate(None)
    assert paths.cache_dir() != tmp_path / "cache"


@pytest.fixture
def home() -> Path:
    """The test's private home (tests/conftest.py), with its XDG folders."""
    return Path(os.environ["HOME"])


def _user_dirs(text: str) -> None:
    config = Path(os.environ["XDG_CONFIG_HOME"])
    config.mkdir(parents=True, exist_ok=True)
    (config / "user-dirs.dirs").write_text(text, encoding="utf-8")


def test_downloads_go_to_the_music_folder_a_german_desktop_names(home: Path) -> None:
    # What xdg-user-dirs-update writes on a German desktop.
    _user_dirs('# Diese Datei wird von xdg-user-dirs-update geschrieben\n'
                              'XDG_DESKTOP_DIR="$HOME/Schreibtisch"\nXDG_MUSIC_DIR="$HOME/Musik"\n')
    from flowmusic_gui.engine.download_settings import DownloadSettings, default_folder

    assert paths.music_dir() == home / "Musik"
    assert paths.download_dir() == home / "Musik" / "FlowMusic"
    assert default_folder() == DownloadSettings().folder == home / "Musik" / "FlowMusic"


def test_without_user_dirs_downloads_go_to_music_flowmusic(home: Path) -> None:
    assert not (Path(os.environ["XDG_CONFIG_HOME"]) / "user-dirs.dirs").exists()
    assert paths.download_dir() == home / "Music" / "FlowMusic"


def test_an_absolute_music_folder_is_used_as_named(home: Path, tmp_path: Path) -> None:
    _user_dirs(f'XDG_MUSIC_DIR="{tmp_path}/Audio"\n')
    assert paths.download_dir() == tmp_path / "Audio" / "FlowMusic"


@pytest.mark.skipif(os.name != "posix" or os.uname().sysname != "Linux", reason="the XDG folders are Linux's")
def test_data_cache_and_logs_follow_the_xdg_folders(home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert paths.data_dir() == Path(os.environ["XDG_DATA_HOME"]) / "flowmusic-gui"
    assert paths.cache_dir() == Path(os.environ["XDG_CACHE_HOME"]) / "flowmusic-gui"
    assert paths.log_dir() == Path(os.environ["XDG_STATE_HOME"]) / "flowmusic-gui" / "logs"
    monkeypatch.setenv("FLOWMUSIC_DATA_DIR", "~/elsewhere")
    assert paths.data_dir() == home / "elsewhere"
    assert paths.data_dir("/explicit") == Path("/explicit")

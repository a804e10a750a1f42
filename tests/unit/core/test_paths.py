"""Where the app keeps its files: one root for all of them in the demo."""

from __future__ import annotations

from pathlib import Path


def test_isolate_keeps_cache_logs_and_downloads_under_one_root(tmp_path: Path) -> None:
    from flowmusic_gui.core import paths

    paths.isolate(tmp_path)
    try:
        assert paths.cache_dir() == tmp_path / "cache"
        assert paths.log_dir() == tmp_path / "logs"
        assert paths.download_dir() == tmp_path / "downloads"
    finally:
        paths.isolate(None)
    assert paths.cache_dir() != tmp_path / "cache"

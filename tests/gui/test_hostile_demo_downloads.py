"""The demo's downloads kept at quit, into a music folder where a link was planted at their names: moved across
file systems (the demo's folder is temporary) without ever writing through the link."""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from flowmusic_gui.core import paths
from flowmusic_gui.ui.dialogs.demo_downloads import DemoDownloadsQuestion, settle_demo_downloads

SHM = Path("/dev/shm")


@pytest.fixture
def demo_root(tmp_path: Path) -> Iterator[Path]:
    # Another file system than the music folder's, as /tmp and ~/Music often are.
    if not SHM.is_dir() or os.stat(SHM).st_dev == os.stat(tmp_path).st_dev:
        pytest.skip("needs /dev/shm on a file system of its own")
    root = Path(tempfile.mkdtemp(prefix="flowmusic-demo-", dir=SHM))
    (root / "downloads").mkdir()
    paths.isolate(root)
    yield root
    paths.isolate(None)
    shutil.rmtree(root, ignore_errors=True)


def test_a_link_planted_in_the_music_folder_is_never_written_through(
    demo_root: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = demo_root / "downloads"
    (folder / "Song (A).m4a").write_bytes(b"the demo's song")
    target = tmp_path / "Music" / "FlowMusic" / "demo"
    target.mkdir(parents=True)
    outside = tmp_path / "elsewhere" / "planted.m4a"
    outside.parent.mkdir()
    (target / "Song (A).m4a").symlink_to(outside)  # dangling: a copy through it would create the file outside
    monkeypatch.setattr(DemoDownloadsQuestion, "ask", classmethod(lambda cls, p, n, w: True))
    said = settle_demo_downloads(folder, target=target)
    assert "kept in" in said, said
    assert not outside.exists()
    assert (target / "Song (A) (2).m4a").read_bytes() == b"the demo's song"
    assert not (folder / "Song (A).m4a").exists()
    assert not list(target.glob("*.part"))

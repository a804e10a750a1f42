"""The folder index: which clip each audio file holds, by its tags, read again only when a file changed."""

from __future__ import annotations

import os
from pathlib import Path

from flowmusic_gui.engine.library_index import FolderIndex


def test_a_second_scan_reads_only_new_or_changed_files(tmp_path: Path) -> None:
    reads: list[str] = []

    def read(path: Path, fmt: str) -> tuple[str | None, str | None]:
        reads.append(path.name)
        text = path.read_text()
        return (text or None), None

    (tmp_path / "deep" / "er").mkdir(parents=True)
    (tmp_path / "a.mp3").write_text("clip-a")
    (tmp_path / "deep" / "er" / "b.M4A").write_text("clip-b")
    (tmp_path / "untagged.wav").write_text("")
    (tmp_path / "half.mp3.part").write_text("clip-c")  # a download still arriving
    (tmp_path / ".hidden").mkdir()
    (tmp_path / ".hidden" / "d.mp3").write_text("clip-d")
    (tmp_path / "notes.txt").write_text("clip-e")
    index = FolderIndex(read)
    first = index.scan(tmp_path)
    assert first.found == {("clip-a", "mp3"): tmp_path / "a.mp3", ("clip-b", "m4a"): tmp_path / "deep" / "er" / "b.M4A"}
    assert (first.files, first.read) == (3, 3)
    second = index.scan(tmp_path)
    assert second.found == first.found and second.read == 0 and reads.count("a.mp3") == 1
    (tmp_path / "a.mp3").write_text("clip-z!")  # retagged: another size
    os.utime(tmp_path / "a.mp3", ns=(1, 1))
    third = index.scan(tmp_path)
    assert third.read == 1 and ("clip-z!", "mp3") in third.found


def test_a_scan_stops_when_asked(tmp_path: Path) -> None:
    for n in range(5):
        (tmp_path / f"{n}.mp3").write_text(f"clip-{n}")
    result = FolderIndex(lambda p, f: (p.read_text(), None)).scan(tmp_path, stop=lambda: True)
    assert result.stopped and not result.found

"""Dropping text, links and files on the window: what is read, and what is named as unusable."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QMimeData, QUrl

from flowmusic_gui.ui.drop import MAX_DROP_FILE_BYTES, accepts, dropped_text, read_drop_file


def test_text_and_links_are_accepted() -> None:
    mime = QMimeData()
    assert not accepts(mime)
    mime.setText("job:…")
    assert accepts(mime)


def test_files_are_read_and_each_unusable_one_is_named(tmp_path: Path) -> None:
    good = tmp_path / "ids.txt"
    good.write_text("first id line", encoding="utf-8")
    broken = tmp_path / "answer.json"
    broken.write_text('{"jobid": "x"', encoding="utf-8")
    picture = tmp_path / "cover.png"
    picture.write_bytes(b"\x89PNG")
    big = tmp_path / "huge.txt"
    big.write_bytes(b"a" * (MAX_DROP_FILE_BYTES + 1))
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(p)) for p in (good, broken, picture, big)]
                 + [QUrl("https://example.com/jobs/1")])  # fmt: skip
    text, problems = dropped_text(mime)
    assert "first id line" in text and '{"jobid": "x"' in text  # broken JSON: its ids still count
    assert "https://example.com/jobs/1" in text
    assert [p.split(" — ")[0] for p in problems] == ["answer.json", "cover.png", "huge.txt"]


def test_a_file_that_is_not_utf8_is_named(tmp_path: Path) -> None:
    bad = tmp_path / "latin1.txt"
    bad.write_bytes("caf\xe9".encode("latin-1"))
    text, problem = read_drop_file(bad)
    assert text == "" and problem == "latin1.txt — not UTF-8 text"

"""Opening links and revealing files, written once: only http(s) links are ever handed to the system."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QUrl

from flowmusic_gui.ui import links


@pytest.fixture
def opened(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    seen: list[str] = []

    def open_url(url: QUrl) -> bool:
        seen.append(url.toString())
        return True

    monkeypatch.setattr("PySide6.QtGui.QDesktopServices.openUrl", open_url)
    return seen


@pytest.mark.expect_log("refused to open a URL that is not http")
@pytest.mark.parametrize("url", ["javascript:alert(1)", "file:///etc/passwd", "ftp://host/x", "", None])
def test_anything_but_a_web_link_is_refused(opened: list[str], url: str | None) -> None:
    assert links.open_url(url) is False
    assert opened == []


def test_a_web_link_is_opened(opened: list[str]) -> None:
    assert links.open_url("https://media.example/a.m4a") is True
    assert opened == ["https://media.example/a.m4a"]


def test_reveal_opens_the_folder_holding_the_file(opened: list[str], tmp_path: Path) -> None:
    song = tmp_path / "Album" / "Song.mp3"
    assert links.reveal_in_folder(song) is True
    assert opened == [QUrl.fromLocalFile(str(tmp_path / "Album")).toString()]

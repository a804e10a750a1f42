"""The demo's downloads: the Downloads panel says they go to its temporary folder, and quitting asks whether to
keep them (moved into the real download folder, under demo) before that folder is deleted."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from flowmusic_gui.core import paths
from flowmusic_gui.engine.download_settings import DownloadSettings
from flowmusic_gui.engine.downloads import DownloadQueue
from flowmusic_gui.engine.tasks import TaskRunner
from flowmusic_gui.ui.dialogs import demo_downloads
from flowmusic_gui.ui.dialogs.demo_downloads import DemoDownloadsQuestion, settle_demo_downloads
from flowmusic_gui.ui.downloads.panel import DownloadsPanel


@pytest.fixture
def demo_root(tmp_path: Path) -> Iterator[Path]:
    root = tmp_path / "flowmusic-demo-x"
    (root / "downloads").mkdir(parents=True)
    paths.isolate(root)
    yield root
    paths.isolate(None)


def make_panel(qtbot: QtBot, data: Path, folder: Path) -> tuple[DownloadsPanel, TaskRunner, DownloadQueue]:
    runner = TaskRunner()
    queue = DownloadQueue(data / "jobs.sqlite3", client=None, settings=lambda: DownloadSettings(folder=folder),
                          runner=runner)  # fmt: skip
    panel = DownloadsPanel(queue)
    qtbot.addWidget(panel)
    return panel, runner, queue


def test_the_panel_says_demo_downloads_go_to_a_folder_deleted_with_the_demo(
    qtbot: QtBot, demo_root: Path, tmp_path: Path
) -> None:
    panel, runner, queue = make_panel(qtbot, tmp_path, demo_root / "downloads")
    try:
        assert not panel.demo_note.isHidden()
        text = panel.demo_note.text()
        assert str(demo_root / "downloads") in text and "deleted when the demo closes" in text
    finally:
        queue.shutdown()
        runner.shutdown(2.0)
        queue.close_store()
    paths.isolate(None)
    elsewhere, runner2, queue2 = make_panel(qtbot, tmp_path / "real", tmp_path / "Music")
    try:
        assert elsewhere.demo_note.isHidden()  # not the demo: nothing to say
    finally:
        queue2.shutdown()
        runner2.shutdown(2.0)
        queue2.close_store()


def test_quitting_the_demo_keeps_its_downloads_when_asked_to(
    demo_root: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = demo_root / "downloads"
    (folder / "sub").mkdir()
    (folder / "Song (A).m4a").write_bytes(b"a")
    (folder / "Song (A).lrc").write_text("[00:01.00]x")
    (folder / "sub" / "Other (B).mp3").write_bytes(b"b")
    (folder / "Half.mp3.part").write_bytes(b"c")
    target = tmp_path / "Music" / "FlowMusic" / "demo"
    target.mkdir(parents=True)
    (target / "Song (A).m4a").write_bytes(b"kept from an earlier demo")
    asked: list[tuple[int, Path]] = []

    def keep(cls: type, parent: object, count: int, where: Path) -> bool:
        asked.append((count, where))
        return True

    monkeypatch.setattr(DemoDownloadsQuestion, "ask", classmethod(keep))
    said = settle_demo_downloads(folder, target=target)
    assert asked == [(2, target)]  # two songs (the .lrc goes along, the partial file does not count)
    assert "kept in" in said and str(target) in said
    assert (target / "Song (A).m4a").read_bytes() == b"kept from an earlier demo"  # never overwritten
    assert (target / "Song (A) (2).m4a").read_bytes() == b"a"
    assert (target / "sub" / "Other (B).mp3").read_bytes() == b"b"
    assert not (target / "Half.mp3.part").exists()


def test_quitting_the_demo_says_its_downloads_went_with_it(
    demo_root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = demo_root / "downloads"
    assert settle_demo_downloads(folder) == ""  # nothing downloaded: nothing asked, nothing said
    (folder / "Song (A).m4a").write_bytes(b"a")
    monkeypatch.setattr(DemoDownloadsQuestion, "ask", classmethod(lambda cls, p, n, w: False))
    assert "deleted with it" in settle_demo_downloads(folder)
    monkeypatch.setattr(DemoDownloadsQuestion, "ask", classmethod(lambda cls, p, n, w: pytest.fail("asked")))
    assert "deleted with it" in settle_demo_downloads(folder, ask=False)  # SIGTERM: no question
    assert demo_downloads.kept_folder() == paths.music_dir() / "FlowMusic" / "demo"  # not in the demo's own folder


def test_a_new_download_below_many_finished_ones_is_scrolled_into_view(qtbot: QtBot, tmp_path: Path) -> None:
    from flowmusic_gui.core.store import DownloadState
    from flowmusic_gui.engine.downloads import DownloadItem

    panel, runner, queue = make_panel(qtbot, tmp_path, tmp_path / "Music")
    try:
        panel.resize(700, 260)
        panel.show()
        qtbot.waitExposed(panel)
        for n in range(1, 41):
            panel.model.update(DownloadItem(id=n, clip=f"c{n}", format="m4a", jobid=None, title=f"Song {n}",
                                            target=tmp_path / f"{n}.m4a", state=DownloadState.DONE))
        panel.table.scrollToTop()
        qtbot.wait(10)
        panel.model.update(DownloadItem(id=41, clip="c41", format="m4a", jobid=None, title="The new one",
                                        target=None, state=DownloadState.RUNNING))
        new = panel.model.index(panel.model.row_of(41) or 0, 0)

        def in_view() -> bool:
            return panel.table.visualRect(new).intersects(panel.table.viewport().rect())

        qtbot.waitUntil(in_view, timeout=2000)
    finally:
        queue.shutdown()
        runner.shutdown(2.0)
        queue.close_store()


def test_open_says_so_when_nothing_on_the_system_can_open_the_file(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from flowmusic_gui.core.store import DownloadState
    from flowmusic_gui.engine.downloads import DownloadItem
    from flowmusic_gui.ui.downloads import panel as panel_module

    monkeypatch.setattr(panel_module, "open_path", lambda path: False)  # no handler for audio on this desktop
    panel, runner, queue = make_panel(qtbot, tmp_path, tmp_path / "Music")
    try:
        song = tmp_path / "Music" / "Song (A).m4a"
        panel.model.update(DownloadItem(id=1, clip="c1", format="m4a", jobid=None, title="Song",
                                        target=song, state=DownloadState.DONE))
        panel.table.selectRow(0)
        panel.open_selected()
        assert not panel.problem_label.isHidden()
        assert str(song) in panel.problem_label.text() and "could open" in panel.problem_label.text()
    finally:
        queue.shutdown()
        runner.shutdown(2.0)
        queue.close_store()

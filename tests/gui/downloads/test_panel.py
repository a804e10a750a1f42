"""The Downloads panel as a user meets it: rows with progress, Cancel, Retry, Clear finished, a restart, the
whole library from the File menu, and the settings' live file-name preview."""

from __future__ import annotations

from pathlib import Path

import pytest
from mutagen.id3 import ID3
from pytestqt.qtbot import QtBot

from flowmusic_gui.core.client import ApiClient, JobFound
from flowmusic_gui.core.records import JobState, parse_record
from flowmusic_gui.core.store import DownloadState
from flowmusic_gui.engine.tasks import TaskRunner
from flowmusic_gui.engine.types import JobView
from flowmusic_gui.simulator import DEMO_TOKEN, Simulator
from flowmusic_gui.ui import options as opt
from flowmusic_gui.ui.backend import AppBackend
from flowmusic_gui.ui.downloads.model import Column
from flowmusic_gui.ui.downloads.panel import DownloadsPanel
from flowmusic_gui.ui.downloads.settings import DownloadSettingsGroup
from flowmusic_gui.ui.main_window import MainWindow
from flowmusic_gui.ui.options import Options

from ..conftest import attach_demo_backend

pytestmark = pytest.mark.simulator(short_clips=True)


def loaded_window(qtbot: QtBot, window: MainWindow, views: list[JobView]) -> None:
    """Track the jobs through the window's tracker and wait until the table shows them completed."""
    assert window.backend is not None
    window.backend.tracker.add([v.jobid for v in views])
    wanted = {v.jobid for v in views}
    qtbot.waitUntil(lambda: wanted <= {v.jobid for v in window.model.jobs() if v.state is JobState.COMPLETED},
                    timeout=10_000)



def completed_view(sim: Simulator) -> JobView:
    from datetime import datetime, timezone

    jid = sim.submit("a song")
    sim.force(jid, outcome="vocal", pending_s=0)
    client = ApiClient(sim.base_url, DEMO_TOKEN)
    try:
        found = client.get_job(jid)
    finally:
        client.close()
    assert isinstance(found, JobFound)
    return JobView(jobid=jid, state=JobState.COMPLETED, added_at=datetime.now(timezone.utc),
                   record=parse_record(found.data))


def attach(qtbot: QtBot, window: MainWindow, data_dir: Path, sim: Simulator) -> AppBackend:
    backend = attach_demo_backend(qtbot, window, data_dir, sim.base_url)
    qtbot.waitUntil(lambda: window.controller.have_token, timeout=5000)
    return backend


def panel_texts(window: MainWindow, column: Column) -> list[str]:
    model = window.downloads_panel.model
    return [model.index(r, column).data() for r in range(model.rowCount())]


def test_download_clips_fills_the_panel_and_clear_finished_empties_it(
    qtbot: QtBot, window: MainWindow, data_dir: Path, sim: Simulator, tmp_path: Path
) -> None:
    folder = tmp_path / "Music"
    window.options.set(opt.DOWNLOAD_DIR, str(folder))
    window.options.set(opt.DOWNLOAD_FORMAT, "mp3")
    attach(qtbot, window, data_dir, sim)
    view = completed_view(sim)
    loaded_window(qtbot, window, [view])
    window.select_jobids([view.jobid])
    window.acts.act_download_jobs.trigger()
    qtbot.waitUntil(lambda: window.downloads_coordinator.existing_panel() is not None
                    and not window.downloads_panel.isHidden(),
                    timeout=10_000)
    qtbot.waitUntil(lambda: all(t.startswith("Done") for t in panel_texts(window, Column.STATE))
                    and len(panel_texts(window, Column.STATE)) == 2, timeout=20_000)
    files = sorted(folder.glob("*.mp3"))
    assert view.record is not None
    expected = sorted(f"{c.title} ({t}).mp3" for c, t in zip(view.record.clips, "AB", strict=True))
    assert [p.name for p in files] == expected
    assert all(ID3(p).getall("APIC") for p in files)
    assert panel_texts(window, Column.FORMAT) == ["mp3", "mp3"]
    window.downloads_panel.clear_button.click()
    assert window.downloads_panel.model.rowCount() == 0


def test_a_failed_download_survives_a_restart_and_retry_fetches_it(
    qtbot: QtBot, window: MainWindow, data_dir: Path, sim: Simulator, tmp_path: Path, runner: TaskRunner
) -> None:
    folder = tmp_path / "Music"
    window.options.set(opt.DOWNLOAD_DIR, str(folder))
    attach(qtbot, window, data_dir, sim)
    view = completed_view(sim)
    assert view.record is not None
    url = view.record.clips[0].audio_url or ""
    sim.expire_media(url)
    loaded_window(qtbot, window, [view])
    window.select_jobids([view.jobid])
    window.acts.act_download_jobs.trigger()
    qtbot.waitUntil(lambda: sorted(t.split(":")[0] for t in panel_texts(window, Column.STATE)) == ["Done,", "Failed"]
                    or sorted(t[:4] for t in panel_texts(window, Column.STATE)) == ["Done", "Fail"], timeout=20_000)
    failed = [t for t in panel_texts(window, Column.STATE) if t.startswith("Failed")]
    assert "403" in failed[0] and ".m4a" in failed[0]
    window.shutdown()

    # The next start shows the failed row again; once the link works, Retry fetches it.
    with sim._lock:
        sim._expired_media.clear()
    second = MainWindow(Options.open(data_dir), data_dir=data_dir, runner=runner)
    qtbot.addWidget(second)
    try:
        attach(qtbot, second, data_dir, sim)
        qtbot.waitUntil(lambda: len(panel_texts(second, Column.STATE)) == 2, timeout=10_000)
        panel = second.downloads_panel
        states = [(r, panel.model.item_at(r)) for r in range(panel.model.rowCount())]
        row = next(r for r, item in states if item is not None and item.state is DownloadState.FAILED)
        panel.table.selectRow(row)
        assert panel.retry_button.isEnabled()
        panel.retry_button.click()
        qtbot.waitUntil(lambda: all(t.startswith("Done") for t in panel_texts(second, Column.STATE)), timeout=20_000)
        assert len(list(folder.glob("*.m4a"))) == 2
    finally:
        second.shutdown()


def test_download_my_library_shows_one_bar_and_a_summary(
    qtbot: QtBot, window: MainWindow, data_dir: Path, sim: Simulator, tmp_path: Path
) -> None:
    folder = tmp_path / "Music"
    window.options.set(opt.DOWNLOAD_DIR, str(folder))
    for _ in range(3):
        completed_view(sim)
    attach(qtbot, window, data_dir, sim)
    window.acts.act_library.trigger()
    panel = window.downloads_panel
    qtbot.waitUntil(lambda: panel.library_label.text().startswith("Library: 6 downloaded"), timeout=30_000)
    assert panel.library_bar.value() == panel.library_bar.maximum()
    assert len(list(folder.glob("*.mp3"))) == 6
    window.acts.act_library.trigger()
    qtbot.waitUntil(lambda: "0 downloaded, 6 already there" in panel.library_label.text(), timeout=30_000)


def test_settings_preview_follows_the_template_and_refuses_a_bad_one(qtbot: QtBot, tmp_path: Path) -> None:
    options = Options.open(tmp_path)
    group = DownloadSettingsGroup(options)
    qtbot.addWidget(group)
    group.template.setText("{account}/{date}/{title} ({take}).{format}")
    assert group.preview.text() == "For example: someone@example.com/2026-12-01/Neon Rain (A).m4a"
    group.template.setText("{title")
    assert group.preview.text().startswith("⚠") and group.problem() is not None
    group.template.setText("{title}.{format}")
    assert group.problem() is None
    group.apply(options)
    assert options.get(opt.DOWNLOAD_TEMPLATE) == "{title}.{format}"


def download_one_song(
    qtbot: QtBot, window: MainWindow, data_dir: Path, sim: Simulator, folder: Path
) -> tuple[DownloadsPanel, Path]:
    """A finished song's two takes downloaded into ``folder`` through the window; the panel and the first file."""
    window.options.set(opt.DOWNLOAD_DIR, str(folder))
    attach(qtbot, window, data_dir, sim)
    view = completed_view(sim)
    loaded_window(qtbot, window, [view])
    window.select_jobids([view.jobid])
    window.acts.act_download_jobs.trigger()
    panel = window.downloads_panel
    qtbot.waitUntil(lambda: len(panel_texts(window, Column.STATE)) == 2
                    and all(t.startswith("Done") for t in panel_texts(window, Column.STATE)), timeout=20_000)
    item = panel.model.item_at(0)
    assert item is not None and item.target is not None
    return panel, item.target


def test_locate_a_moved_file_and_it_is_not_fetched_again(
    qtbot: QtBot, window: MainWindow, data_dir: Path, sim: Simulator, tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    folder = tmp_path / "Music"
    panel, target = download_one_song(qtbot, window, data_dir, sim, folder)
    moved = tmp_path / "Elsewhere" / "my favourite.m4a"
    moved.parent.mkdir()
    target.rename(moved)
    monkeypatch.setattr(DownloadsPanel, "ask_file", lambda self, it, start: moved)
    panel.table.selectRow(0)
    panel.locate_button.click()
    qtbot.waitUntil(lambda: panel.model.index(0, Column.FILE).data() == str(moved), timeout=10_000)
    before = len(sim.requests)
    window.acts.act_download_jobs.trigger()
    qtbot.waitUntil(lambda: sum(t == "Already downloaded" for t in panel_texts(window, Column.STATE)) == 2,
                    timeout=20_000)
    assert not [r for r in sim.requests[before:] if "/media/" in r.path]


def test_rescan_library_finds_a_renamed_file_and_it_is_not_fetched_again(
    qtbot: QtBot, window: MainWindow, data_dir: Path, sim: Simulator, tmp_path: Path
) -> None:
    folder = tmp_path / "Music"
    panel, target = download_one_song(qtbot, window, data_dir, sim, folder)
    renamed = folder / "mine" / "renamed by me.m4a"
    renamed.parent.mkdir()
    target.rename(renamed)
    panel.rescan_button.click()
    qtbot.waitUntil(lambda: panel.rescan_button.isEnabled(), timeout=10_000)
    assert "1 found at a new place" in panel.library_label.text() and not panel.library_box.isHidden()
    before = len(sim.requests)
    window.acts.act_download_jobs.trigger()
    qtbot.waitUntil(lambda: sum(t == "Already downloaded" for t in panel_texts(window, Column.STATE)) == 2,
                    timeout=20_000)
    assert not [r for r in sim.requests[before:] if "/media/" in r.path]
    assert str(renamed) in {panel.model.index(r, Column.FILE).data() for r in range(panel.model.rowCount())}


def test_a_selected_job_that_finishes_enables_its_download_and_open_actions(
    qtbot: QtBot, window: MainWindow, data_dir: Path, sim: Simulator
) -> None:
    # The user selects a pending job and waits: when it completes, Jobs → Download clips, Download all WAVs and
    # Open audio work on it without selecting it again.
    attach(qtbot, window, data_dir, sim)
    jid = sim.submit("a song")
    sim.force(jid, outcome="vocal", pending_s=3600)  # pending until the test lets it finish
    assert window.backend is not None
    window.backend.tracker.add([jid])
    qtbot.waitUntil(lambda: window.model.job(jid) is not None, timeout=5000)
    window.select_jobids([jid])
    pending = window.model.job(jid)
    assert pending is not None and not pending.is_terminal
    assert not window.acts.act_download_jobs.isEnabled()
    sim.force(jid, pending_s=0)

    def completed() -> bool:
        view = window.model.job(jid)
        return view is not None and view.state is JobState.COMPLETED

    qtbot.waitUntil(completed, timeout=15_000)
    qtbot.waitUntil(lambda: len(window.detail.cards) == 2, timeout=5000)
    assert window.acts.act_download_jobs.isEnabled()
    assert window.acts.act_download_wavs.isEnabled()
    assert window.acts.act_open_audio.isEnabled()
    assert window.acts.act_copy_json.isEnabled()

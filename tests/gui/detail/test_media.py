"""Downloads over real HTTP from the simulator, and the inline player on a real WAV with the lyrics in sync."""

from __future__ import annotations

import copy
from collections.abc import Iterator
from datetime import datetime, timezone
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest
import requests
from helpers.media_host import MediaHost
from mutagen.wave import WAVE
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from flowmusic_gui.core.lyrics import active_marker
from flowmusic_gui.core.records import JobState, parse_record
from flowmusic_gui.engine.types import JobView
from flowmusic_gui.simulator import Simulator
from flowmusic_gui.simulator.jobs import make_jobid
from flowmusic_gui.ui import links
from flowmusic_gui.ui.detail import player as player_module
from flowmusic_gui.ui.detail.pane import DetailPane

pytestmark = pytest.mark.simulator(token=None, short_clips=True)

JOBIDS = [
    make_jobid("12345678-1234-4234-8234-123456789abc", "1001", "demo@flowmusic.local"),
    make_jobid("22345678-1234-4234-8234-123456789abc", "1001", "demo@flowmusic.local"),
]
EXPIRING = make_jobid("32345678-1234-4234-8234-123456789abc", "1001", "demo@flowmusic.local")
NOW = datetime(2026, 5, 1, 12, 0, tzinfo=timezone.utc)
# QtMultimedia's FFmpeg backend on a machine without a sound card or VA-API says so, as warnings.
MULTIMEDIA_NOISE = [
    r"Couldn't (load|resolve)",
    r"PulseAudioService",
    r"No audio device",
    r"pa_context",
    r"propagateSizeHints",
]


@pytest.fixture(scope="module")
def host(tmp_path_factory: pytest.TempPathFactory) -> Iterator[MediaHost]:
    """The tests that play serve the media from another process: see helpers.media_host."""
    with MediaHost(tmp_path_factory.mktemp("media")) as h:
        yield h


def playable(sim: Simulator, host: MediaHost, jobid: str) -> dict[str, Any]:
    """The finished record, its media links served by ``host``."""
    return host.rehost(record(sim, jobid), jobid.split(":")[1][:8])


def record(sim: Simulator, jobid: str) -> dict[str, Any]:
    sim.force(jobid, outcome="vocal", pending_s=0)
    resp = requests.get(f"{sim.base_url}/jobs/{quote(jobid, safe='')}", timeout=5)
    data: dict[str, Any] = resp.json()
    assert data["status"] == "completed"
    return data


def view_of(raw: dict[str, Any]) -> JobView:
    return JobView(jobid=raw["jobid"], state=JobState.COMPLETED, added_at=NOW, record=parse_record(raw))


@pytest.fixture
def no_open(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    opened: list[str] = []
    def fake_open(url: str) -> bool:
        opened.append(url)
        return True

    monkeypatch.setattr(links, "open_url", fake_open)
    monkeypatch.setattr(links, "reveal_in_folder", lambda path: True)
    return opened


def test_download_wav_then_again_is_skipped(pane: DetailPane, qtbot: QtBot, sim: Simulator, tmp_path: Path) -> None:
    raw = record(sim, JOBIDS[0])
    pane.set_job(view_of(raw))
    card = pane.cards[0]
    clip = raw["clips"][0]
    row = card.downloads["wav"]
    with qtbot.waitSignal(pane.downloader.finished, timeout=5000) as blocker:
        card.download_wav.trigger()  # Download ▾ WAV
        assert not row.isHidden()  # progress shows at once
    assert blocker.args[0].status.value == "done"
    dest = blocker.args[0].path
    # Named by the default template and tagged: the served WAV plus its tags, the title readable back.
    assert dest == tmp_path / f"{clip['title']} (A).wav"
    assert dest.stat().st_size > len(requests.get(clip["wav_url"], timeout=5).content)
    tags: Any = WAVE(dest).tags  # mutagen's stubs type it None
    assert str(tags["TIT2"]) == clip["title"]
    assert row.status.text() == f"Saved {dest.name}"
    assert not list(tmp_path.glob("*.part"))
    with qtbot.waitSignal(pane.downloader.finished, timeout=5000) as blocker:
        card.download_wav.trigger()  # Download ▾ WAV
    assert blocker.args[0].status.value == "skipped"
    assert row.status.text().startswith("Already downloaded")
    assert sorted(p.name for p in tmp_path.iterdir()) == [dest.name]


def test_download_shows_progress_and_cancels(pane: DetailPane, qtbot: QtBot, sim: Simulator, tmp_path: Path) -> None:
    raw = copy.deepcopy(record(sim, JOBIDS[0]))
    raw["clips"][0]["wav_url"] = sim.origin + "/media/blob?size=400000000"
    pane.set_job(view_of(raw))
    card = pane.cards[0]
    row = card.downloads["wav"]
    card.download_wav.trigger()  # Download ▾ WAV
    qtbot.waitUntil(lambda: 0 < row.bar.value() < row.bar.maximum(), timeout=5000)
    assert "of 400.0 MB" in row.status.text()
    assert list(tmp_path.glob("*.part"))
    with qtbot.waitSignal(pane.downloader.finished, timeout=5000) as blocker:
        qtbot.mouseClick(row.cancel, Qt.MouseButton.LeftButton)
    assert blocker.args[0].status.value == "cancelled"
    assert row.status.text() == "Download cancelled."
    assert list(tmp_path.iterdir()) == []


def test_failures_show_on_the_card(pane: DetailPane, qtbot: QtBot, sim: Simulator, tmp_path: Path) -> None:
    raw = copy.deepcopy(record(sim, JOBIDS[0]))
    raw["clips"][0]["wav_url"] = sim.origin + "/media/expired/x.wav"
    raw["clips"][0]["audio_url"] = "http://127.0.0.1:1/unreachable.m4a"
    pane.set_job(view_of(raw))
    card = pane.cards[0]
    with qtbot.waitSignal(pane.downloader.finished, timeout=5000):
        card.download_wav.click()
    assert "HTTP 403" in card.downloads["wav"].status.text()
    assert "expired" in card.downloads["wav"].status.text()
    with qtbot.waitSignal(pane.downloader.finished, timeout=5000):
        card.download_audio.click()
    assert "Could not reach" in card.downloads["audio"].status.text()
    assert list(tmp_path.iterdir()) == []


def test_a_media_url_that_expires_later(pane: DetailPane, qtbot: QtBot, sim: Simulator, tmp_path: Path) -> None:
    raw = record(sim, EXPIRING)
    sim.expire_media(raw["clips"][1]["wav_url"])
    pane.set_job(view_of(raw))
    with qtbot.waitSignal(pane.downloader.finished, timeout=5000):
        pane.cards[1].download_wav.click()
    assert "403" in pane.cards[1].downloads["wav"].status.text()


def test_a_traversal_title_stays_in_the_folder(pane: DetailPane, qtbot: QtBot, sim: Simulator, tmp_path: Path) -> None:
    raw = copy.deepcopy(record(sim, JOBIDS[0]))
    raw["clips"][0]["title"] = "../../x"
    folder = tmp_path / "music"
    pane._download_dir = lambda: folder
    pane.set_job(view_of(raw))
    with qtbot.waitSignal(pane.downloader.finished, timeout=5000) as blocker:
        pane.cards[0].download_audio.click()
    path = blocker.args[0].path
    assert path.parent == folder
    assert path.name.startswith("x (")
    assert [p.name for p in tmp_path.iterdir()] == ["music"]


def test_download_all_wavs_of_several_jobs(pane: DetailPane, qtbot: QtBot, sim: Simulator, tmp_path: Path) -> None:
    views = [view_of(record(sim, j)) for j in JOBIDS]
    pane.set_job(views[0])
    pane.download_all_wavs(views)
    assert not pane.bulk.isHidden()
    assert pane.bulk_label.text().startswith("Downloading WAVs")
    qtbot.waitUntil(lambda: pane.bulk_label.text().startswith("Downloaded"), timeout=10000)
    assert pane.bulk_label.text() == "Downloaded 4 WAVs."
    assert len(list(tmp_path.glob("*.wav"))) == 4
    pane.download_all_wavs(views)
    qtbot.waitUntil(lambda: "already there" in pane.bulk_label.text(), timeout=10000)
    assert pane.bulk_label.text() == "Downloaded 0 WAVs, 4 already there."


def test_open_and_copy_only_web_links(
    pane: DetailPane, qtbot: QtBot, sim: Simulator, no_open: list[str]
) -> None:
    from PySide6.QtGui import QGuiApplication

    raw = record(sim, JOBIDS[0])
    pane.set_job(view_of(raw))
    card = pane.cards[0]
    card.open_wav.click()
    card.open_audio.click()
    assert no_open == [raw["clips"][0]["wav_url"], raw["clips"][0]["audio_url"]]
    card.copy_link.click()
    assert QGuiApplication.clipboard().text() == raw["clips"][0]["audio_url"]
    card.copy_id.click()
    assert QGuiApplication.clipboard().text() == raw["clips"][0]["clip"]


@pytest.mark.qt_log_ignore(*MULTIMEDIA_NOISE)
def test_player_plays_a_real_wav_with_the_lyrics_in_sync(
    pane: DetailPane, qtbot: QtBot, sim: Simulator, host: MediaHost
) -> None:
    """Playback advances here without a sound card: QtMultimedia's FFmpeg backend falls back to a null sink."""
    raw = playable(sim, host, JOBIDS[0])
    pane.set_job(view_of(raw))
    card, other = pane.cards
    assert card.pairing.paired
    assert card.lyrics is not None
    assert card.timeline is not None
    markers = card.pairing.markers
    lyrics = card.lyrics
    qtbot.mouseClick(card.play, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: card.play.text() == "Pause", timeout=5000)
    # Let it reach the third sung line by itself (about 3 s in).
    qtbot.waitUntil(lambda: (lyrics.active_marker or 0) >= 2, timeout=8000)
    active = card.lyrics.active_marker
    assert active is not None
    line = card.pairing.lines[card.pairing.line_of_marker(active) or 0].text
    assert card.lyrics.active_text() == line
    assert card.timeline.active == active
    pos = pane.player.position()
    assert active_marker(markers, pos) in (active, active + 1)  # the next line may have started since
    assert card.time.text().startswith("0:0")
    assert not pane.now_playing.isHidden()
    # Clicking a later line seeks there.
    target = len(markers) - 2
    item = card.lyrics.item_for_marker(target)
    assert item is not None
    card.lyrics.lines.itemClicked.emit(item, 1)
    qtbot.waitUntil(lambda: lyrics.active_marker == target, timeout=5000)
    assert pane.player.position() >= markers[target][0] - 0.05
    # One clip at a time: playing the other stops the first.
    qtbot.mouseClick(other.play, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: other.play.text() == "Pause", timeout=5000)
    assert card.play.text() == "Play"
    qtbot.mouseClick(other.play, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: other.play.text() == "Play", timeout=5000)


def test_sync_follows_position_changes(pane: DetailPane, sim: Simulator) -> None:
    """The highlight logic itself, driven by position reports (as the player sends them)."""
    raw = record(sim, JOBIDS[0])
    pane.set_job(view_of(raw))
    card = pane.cards[0]
    markers = card.pairing.markers
    assert card.lyrics is not None
    for i, (start, end) in enumerate(markers):
        pane._on_play_position(card.key, (start + end) / 2)
        assert card.lyrics.active_marker == i
        assert card.timeline is not None
        assert card.timeline.active == i
    pane._on_play_position(card.key, markers[-1][1] + 1)
    assert card.lyrics.active_marker is None


def test_without_qtmultimedia_the_player_hides_and_the_rest_works(
    pane: DetailPane, qtbot: QtBot, sim: Simulator, monkeypatch: pytest.MonkeyPatch, no_open: list[str]
) -> None:
    def broken() -> object:
        raise ImportError("libpulse.so.0: cannot open shared object file")

    monkeypatch.setattr(player_module, "_import_multimedia", broken)
    player_module.reset_status_for_tests()
    try:
        raw = record(sim, JOBIDS[0])
        pane.set_job(view_of(raw))
        card = pane.cards[0]
        card.play.click()
        assert card.transport.isHidden()
        assert all(c.transport.isHidden() for c in pane.cards)
        assert "libpulse" in pane._player_note.text()
        assert not pane._player_note.isHidden()
        card.open_audio.click()
        assert no_open == [raw["clips"][0]["audio_url"]]
        assert card.download_wav.isEnabled()
        # A job shown afterwards starts without a player.
        pane.set_job(view_of(record(sim, JOBIDS[1])))
        assert pane.cards[0].transport.isHidden()
    finally:
        player_module.reset_status_for_tests()


def test_without_a_sound_output_the_player_says_so(
    pane: DetailPane, qtbot: QtBot, sim: Simulator, host: MediaHost, monkeypatch: pytest.MonkeyPatch
) -> None:
    from PySide6 import QtMultimedia

    monkeypatch.setattr(QtMultimedia.QMediaDevices, "audioOutputs", staticmethod(list))
    pane.set_job(view_of(playable(sim, host, JOBIDS[0])))
    card = pane.cards[0]
    qtbot.mouseClick(card.play, Qt.MouseButton.LeftButton)
    note = pane._player_note
    qtbot.waitUntil(note.isVisible, timeout=5000)
    assert "No sound output" in note.text()
    pane.player.stop()

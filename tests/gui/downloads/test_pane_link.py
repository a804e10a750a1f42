"""The detail pane's download buttons on the app's one queue: a card's download runs through the queue, its
progress and result come back under the card's own key ("Saved Song (A).wav"), a second press while it runs
does nothing, Cancel reaches the queue, and a failure or an already-downloaded file is said as such."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from helpers.httpserver import Reply, ScriptedServer
from helpers.media import make_song
from pytestqt.qtbot import QtBot

from flowmusic_gui.core.store import DownloadState
from flowmusic_gui.core.track import Track
from flowmusic_gui.engine.downloads import DownloadItem, DownloadQueue
from flowmusic_gui.engine.media import DownloadResult, DownloadStatus
from flowmusic_gui.ui.downloads.pane_link import PaneDownloads, result_of

CLIP = "12345678-1234-4234-8234-123456789abc"


@pytest.fixture
def server() -> Iterator[ScriptedServer]:
    with ScriptedServer("") as s:
        yield s


@pytest.fixture
def link(downloads: DownloadQueue) -> Iterator[PaneDownloads]:
    pane_link = PaneDownloads(downloads)
    yield pane_link
    pane_link.shutdown()


def track(server: ScriptedServer, clip: str = CLIP) -> Track:
    return Track(clip_id=clip, title="Neon Rain", take="A", jobid=None, account=None, created_at=None, prompt=None,
                 seed=None, lyrics=None, lyrics_timing=None, duration_s=3.0, image_url=None,
                 wav_url=f"{server.origin}/{clip}.wav")


def test_a_cards_download_runs_through_the_queue_and_reports_under_the_cards_key(
    qtbot: QtBot, link: PaneDownloads, server: ScriptedServer, tmp_path: Path
) -> None:
    wav = make_song(tmp_path / "source.wav").read_bytes()
    server.reply(Reply(200, body=wav, headers={"Content-Type": "audio/wav"}))
    progress: list[tuple[str, object, object]] = []
    link.progress.connect(lambda key, got, total: progress.append((key, got, total)))
    with qtbot.waitSignal(link.finished, timeout=20_000) as done:
        assert link.start("card-0", track(server), "wav")
        assert link.is_active("card-0")
        assert not link.start("card-0", track(server), "wav")  # already on its way: one download, not two
    result: DownloadResult = done.args[0]
    assert result.key == "card-0" and result.status is DownloadStatus.DONE
    assert result.path is not None and result.path.is_file() and result.path.read_bytes()[:4] == b"RIFF"
    assert result.message.startswith(f"Saved {result.path.name}")
    assert {key for key, _got, _total in progress} <= {"card-0"}
    assert not link.is_active("card-0")
    assert len([r for r in server.requests if r.path.endswith(".wav")]) == 1
    # The same clip again: the ledger knows it, the card says so instead of fetching it twice.
    with qtbot.waitSignal(link.finished, timeout=20_000) as again:
        assert link.start("card-0", track(server), "wav")
    assert again.args[0].status is DownloadStatus.SKIPPED
    assert again.args[0].message.startswith("Already downloaded: ")


def test_a_failed_download_says_why_and_an_unknown_kind_is_refused(
    qtbot: QtBot, link: PaneDownloads, server: ScriptedServer, downloads: DownloadQueue
) -> None:
    from flowmusic_gui.engine.downloads import RetryPolicy

    downloads.retry = RetryPolicy(attempts=1, base_s=0.05, max_s=0.1)
    server.reply(Reply(404, body=b"gone"))
    assert not link.start("card-1", track(server), "flac")  # no such kind: nothing queued
    with qtbot.waitSignal(link.finished, timeout=20_000) as done:
        assert link.start("card-1", track(server), "wav")
    result = done.args[0]
    assert result.key == "card-1" and result.status is DownloadStatus.FAILED
    assert result.message and result.path is None


def test_cancel_reaches_the_queue(
    qtbot: QtBot, link: PaneDownloads, server: ScriptedServer
) -> None:
    server.reply(Reply(200, body=b"RIFF" + b"\0" * 100, headers={"Content-Length": "50000000"}, hang_body=True))
    with qtbot.waitSignal(link.finished, timeout=20_000) as done:
        assert link.start("card-2", track(server), "wav")
        link.cancel_all()  # before or after the queue planned it: it is cancelled either way
    assert done.args[0].status is DownloadStatus.CANCELLED
    assert done.args[0].message == "Download cancelled."
    assert not link.is_active("card-2")


def test_a_finished_item_reads_as_the_card_shows_it(tmp_path: Path) -> None:
    def item(state: DownloadState, **kw: object) -> DownloadItem:
        return DownloadItem(3, CLIP, "wav", None, "Neon Rain", tmp_path / "Neon Rain (A).wav", state,
                            total=2_000, **kw)  # type: ignore[arg-type]

    warned = result_of("k", item(DownloadState.DONE, warnings=("the cover could not be embedded",)))
    assert warned.message == "Saved Neon Rain (A).wav (the cover could not be embedded)"
    assert result_of("k", item(DownloadState.FAILED, problem="the server answered 404")).message == (
        "the server answered 404")
    assert result_of("k", item(DownloadState.FAILED)).message == "The download failed."

"""The detail pane's downloads through the app's real queue from a local server: a card's WAV saved and shown
on the card, shown again on a card built anew, a link that is not http(s) refused on the card, and "Download all
WAVs" with its overall progress in the footer ending in "Downloaded 1 WAV, 1 failed." with the failure named."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from helpers.httpserver import Reply, ScriptedServer, Seen
from helpers.media import make_song
from pytestqt.qtbot import QtBot

from flowmusic_gui.core.records import Clip, JobState
from flowmusic_gui.engine.downloads import DownloadQueue, RetryPolicy
from flowmusic_gui.engine.types import JobView
from flowmusic_gui.ui.detail.clip_card import ClipCard
from flowmusic_gui.ui.detail.clip_downloads import ClipDownloads
from flowmusic_gui.ui.detail.footer import PaneFooter
from flowmusic_gui.ui.downloads.pane_link import PaneDownloads

from ..conftest import view

GOOD = "11111111-aaaa-4aaa-8aaa-123456789abc"
GONE = "22222222-aaaa-4aaa-8aaa-123456789abc"


@pytest.fixture
def server(tmp_path: Path) -> Iterator[ScriptedServer]:
    wav = make_song(tmp_path / "source.wav", seconds=1.0).read_bytes()

    def answer(seen: Seen) -> Reply:
        if GOOD in seen.path:
            return Reply(200, body=wav, headers={"Content-Type": "audio/wav"})
        return Reply(404, body=b"gone")

    with ScriptedServer("") as s:
        s.handler = answer
        yield s


class Pane:
    """What the pane gives the downloads: its cards, a footer, a status line."""

    def __init__(self, qtbot: QtBot, queue: DownloadQueue) -> None:
        queue.retry = RetryPolicy(attempts=1, base_s=0.05, max_s=0.1)
        self.link = PaneDownloads(queue)
        self.footer = PaneFooter()
        qtbot.addWidget(self.footer)
        self.footer.show()
        self.cards: dict[str, ClipCard] = {}
        self.said: list[str] = []
        self.downloads = ClipDownloads(self.link, self.footer, card=self.cards.get,
                                       clip_name=lambda key: f"Take {key[:4]}", status=self.said.append)

    def card(self, qtbot: QtBot, clip: Clip) -> ClipCard:
        c = ClipCard(clip, 0)
        qtbot.addWidget(c)
        self.cards[c.key] = c
        self.downloads.restore(c)
        return c


@pytest.fixture
def pane(qtbot: QtBot, downloads: DownloadQueue) -> Iterator[Pane]:
    p = Pane(qtbot, downloads)
    yield p
    p.link.shutdown()


def job(server: ScriptedServer, *ids: str) -> JobView:
    return view(1, JobState.COMPLETED, extra={"clips": [
        {"clip": i, "title": f"Song {i[:4]}", "wav_url": f"{server.origin}/{i}.wav"} for i in ids]})


def test_a_cards_wav_is_saved_shown_and_shown_again_on_a_new_card(
    qtbot: QtBot, pane: Pane, server: ScriptedServer
) -> None:
    song = job(server, GOOD)
    assert song.record is not None
    clip = song.record.clips[0]
    card = pane.card(qtbot, clip)
    pane.downloads.remember_track(song.record, 0, card.key)
    assert pane.downloads.start(card.key, clip, "wav")
    row = card.downloads["wav"]
    assert row.isVisibleTo(card)  # at once: the row says it started
    qtbot.waitUntil(lambda: row.status.text().startswith("Saved "), timeout=20_000)
    assert row.reveal.isVisibleTo(card)
    again = pane.card(qtbot, clip)  # the pane built the card anew (another job shown and back)
    assert again.downloads["wav"].status.text() == row.status.text()


def test_a_link_that_is_not_http_is_refused_on_the_card(qtbot: QtBot, pane: Pane) -> None:
    odd = view(2, JobState.COMPLETED, extra={"clips": [{"clip": GOOD, "wav_url": "file:///etc/passwd"}]})
    assert odd.record is not None
    card = pane.card(qtbot, odd.record.clips[0])
    assert not pane.downloads.start(card.key, odd.record.clips[0], "wav")
    assert card.message.text() == "Only http and https links are downloaded."


def test_download_all_wavs_reports_overall_and_names_what_failed(
    qtbot: QtBot, pane: Pane, server: ScriptedServer
) -> None:
    song = job(server, GOOD, GONE)
    remembered: list[str] = []
    pane.downloads.all_wavs([song], lambda key, _clip: remembered.append(key))
    assert remembered == [GOOD, GONE]
    assert pane.footer.bulk.isVisible()
    qtbot.waitUntil(lambda: pane.footer.bulk_label.text() == "Downloaded 1 WAV, 1 failed.", timeout=20_000)
    assert f"Take {GONE[:4]}: " in pane.footer.bulk_label.toolTip()
    assert not pane.footer.bulk_cancel.isVisible()


def test_nothing_to_download_is_said(pane: Pane) -> None:
    empty = view(3, JobState.COMPLETED, extra={"clips": [{"clip": GOOD, "wav_url": None}]})
    pane.downloads.all_wavs([empty], lambda key, clip: None)
    assert pane.said == ["No WAV links to download in the selected jobs."]
    assert not pane.footer.bulk.isVisible()

"""The covers of the page on show, against a real image server: the take on show gets its cover when the answer
comes, a take built later gets it from memory (or the reason it failed) at once, the same cover is asked for once,
and the page says when every cover has settled, at once when it has none to wait for."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import datetime, timezone

import pytest
from helpers.httpserver import Reply, ScriptedServer, Seen
from pytestqt.qtbot import QtBot

from flowmusic_gui.core.records import JobState, parse_record
from flowmusic_gui.engine.types import JobView
from flowmusic_gui.simulator.jobs import make_jobid
from flowmusic_gui.simulator.media import jpeg_cover
from flowmusic_gui.ui.detail.clip_card import ClipCard
from flowmusic_gui.ui.detail.covers import CoverLoader
from flowmusic_gui.ui.detail.page_covers import PageCovers
from flowmusic_gui.ui.detail.pages import ClipPage

JOBID = make_jobid("32345678-1234-4234-8234-123456789abc", "1001", "demo@flowmusic.local")


@pytest.fixture
def server() -> Iterator[ScriptedServer]:
    def answer(seen: Seen) -> Reply:
        if "broken" in seen.path:
            return Reply(200, body=b"<html>an error page</html>", headers={"Content-Type": "image/jpeg"})
        return Reply(200, body=jpeg_cover(), headers={"Content-Type": "image/jpeg"})

    with ScriptedServer() as s:
        s.handler = answer
        yield s


@pytest.fixture
def loader(cover_loader: CoverLoader) -> CoverLoader:
    return cover_loader


def page_with(qtbot: QtBot, covers: list[str | None]) -> ClipPage:
    clips = [{"clip": f"user:1001-demo@flowmusic.local-clip:{i:08d}-2222-4333-8444-555555555555",
              "title": f"Take {i}", "duration_s": 60.0, "audio_url": f"https://media.invalid/{i}.m4a",
              **({"image_url": url} if url else {})} for i, url in enumerate(covers)]  # fmt: skip
    raw = {"jobid": JOBID, "status": "completed", "created_at": "2026-05-01T12:00:00Z", "clips": clips}
    record = parse_record(raw)
    view = JobView(jobid=JOBID, state=JobState.COMPLETED, added_at=datetime(2026, 5, 1, tzinfo=timezone.utc),
                   record=record)  # fmt: skip
    assert record is not None
    page = ClipPage(view, record.clips, playback=False, reason="", volume=0.5, setup_card=lambda _c, _p: None)
    qtbot.addWidget(page)
    return page


def cards_of(page: ClipPage) -> Callable[[str], list[ClipCard]]:
    return lambda url: [c for c in page.built if c.clip.image_url == url]


def loaded(card: ClipCard) -> bool:
    return bool(card.cover.property("loaded"))


def test_the_take_on_show_gets_its_cover_and_a_take_built_later_gets_it_from_memory(
    qtbot: QtBot, server: ScriptedServer, loader: CoverLoader
) -> None:
    url = f"{server.url}/media/image/one.jpg"
    page = page_with(qtbot, [url, url])  # both takes share the song's cover
    covers = PageCovers(loader, cards_of(page))
    assert len(page.built) == 1  # the hidden take comes on a later turn
    with qtbot.waitSignal(covers.settled, timeout=10_000):
        covers.load(page)
    assert loaded(page.built[0])
    assert len(server.requests) == 1  # one cover, asked for once
    qtbot.waitUntil(lambda: len(page.built) == 2, timeout=2000)
    covers.give(page.built[1])
    assert loaded(page.built[1])
    assert len(server.requests) == 1  # from memory


def test_a_failed_cover_names_its_reason_on_every_card_even_one_built_after_the_answer(
    qtbot: QtBot, server: ScriptedServer, loader: CoverLoader
) -> None:
    url = f"{server.url}/media/image/broken.jpg"
    page = page_with(qtbot, [url, url])
    covers = PageCovers(loader, cards_of(page))
    with qtbot.waitSignal(covers.settled, timeout=10_000):
        covers.load(page)
    first = page.built[0]
    assert not loaded(first) and "not an image" in first.cover.toolTip()
    qtbot.waitUntil(lambda: len(page.built) == 2, timeout=2000)
    covers.give(page.built[1])
    assert "not an image" in page.built[1].cover.toolTip()


def test_a_page_with_nothing_to_fetch_settles_at_once_and_so_does_clearing(
    qtbot: QtBot, server: ScriptedServer, loader: CoverLoader
) -> None:
    page = page_with(qtbot, [None, "file:///etc/passwd"])  # no cover, and one that is not a web link
    covers = PageCovers(loader, cards_of(page))
    with qtbot.waitSignal(covers.settled, timeout=100):
        covers.load(page)
    with qtbot.waitSignal(covers.settled, timeout=100):
        covers.clear()
    assert server.requests == []

"""A job's page builds the take on show at once and the hidden takes on the turns after; nothing a user (or a
caller) reaches is ever missing: a take's switch, its card when it is asked for, its cover."""

from __future__ import annotations

from datetime import datetime, timezone

from pytestqt.qtbot import QtBot

from flowmusic_gui.core.records import JobState, parse_record
from flowmusic_gui.engine.types import JobView
from flowmusic_gui.simulator.jobs import make_jobid
from flowmusic_gui.ui.detail.pages import CARDS_AT_ONCE, ClipPage
from flowmusic_gui.ui.detail.pane import DetailPane

JOBID = make_jobid("22345678-1234-4234-8234-123456789abc", "1001", "demo@flowmusic.local")


def job(count: int) -> JobView:
    clips = [{"clip": f"user:1001-demo@flowmusic.local-clip:{i:08d}-2222-4333-8444-555555555555",
              "title": f"Take {i}", "duration_s": 60.0, "lyrics": "[Verse]\nla la",
              "audio_url": f"https://media.invalid/{i}.m4a"} for i in range(count)]  # fmt: skip
    raw = {"jobid": JOBID, "status": "completed", "created_at": "2026-05-01T12:00:00Z", "clips": clips}
    return JobView(jobid=JOBID, state=JobState.COMPLETED, added_at=datetime(2026, 5, 1, tzinfo=timezone.utc),
                   record=parse_record(raw))


def page_of(pane: DetailPane) -> ClipPage:
    page = pane._page_of_cards()
    assert page is not None
    return page


def test_the_take_on_show_is_built_at_once_and_the_hidden_ones_on_later_turns(pane: DetailPane, qtbot: QtBot) -> None:
    pane.set_job(job(3))
    page = page_of(pane)
    # Everything a user sees is there at once: the switch offers all three takes, the first on show.
    assert [b.text() for b in pane.take_buttons] == ["A", "B", "C"]
    assert pane.shown_card is not None and pane.shown_card.title.text() == "Take 0"
    assert pane.shown_card.isVisibleTo(pane)
    assert len(page.built) == 1
    # The hidden takes follow, one a turn, hidden.
    qtbot.waitUntil(lambda: len(page.built) == 3, timeout=2000)
    assert [c.isVisibleTo(pane) for c in page.built] == [True, False, False]
    assert pane.clip_of(page.built[2].key) is not None  # known to the player and MPRIS as the others


def test_a_take_asked_for_before_its_turn_is_built_then(pane: DetailPane) -> None:
    pane.set_job(job(4))
    page = page_of(pane)
    assert len(page.built) == 1
    pane.take_buttons[2].click()  # no event loop turn in between
    assert pane.shown_card is not None and pane.shown_card.title.text() == "Take 2"
    assert len(page.built) == 3 and [c.isVisibleTo(pane) for c in page.built] == [False, False, True]
    assert pane.cards[3].title.text() == "Take 3"  # a caller's index builds it too
    assert len(pane.cards) == 4 and [c.title.text() for c in pane.cards] == [f"Take {i}" for i in range(4)]


def test_show_more_offers_and_shows_the_next_takes(pane: DetailPane, qtbot: QtBot) -> None:
    pane.set_job(job(CARDS_AT_ONCE + 2))
    page = page_of(pane)
    assert pane.more_clips is not None
    pane.more_clips.click()
    assert page.planned == CARDS_AT_ONCE + 2 and len(pane.take_buttons) == CARDS_AT_ONCE + 2
    assert pane.shown_card is not None and pane.shown_card.title.text() == f"Take {CARDS_AT_ONCE}"
    qtbot.waitUntil(lambda: len(page.built) == CARDS_AT_ONCE + 2, timeout=2000)
    assert pane.more_clips is None


def test_a_page_let_go_builds_nothing_more(pane: DetailPane, qtbot: QtBot) -> None:
    pane.set_job(job(3))
    page = page_of(pane)
    pane._drop_page(JOBID)
    qtbot.wait(50)
    assert len(page.built) == 1

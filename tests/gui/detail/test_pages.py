"""One job's clips in the detail pane. A job's page builds the take on show at once and the hidden takes on the
turns after; nothing a user (or a caller) reaches is ever missing: a take's switch, its card when it is asked for,
its cover. The take switch (A, B, …) shows one card at a time, kept takes are starred on the switch (and said to a
screen reader), the volume slider, "Show more" for a record with many clips, a note when the player cannot play,
and the many-jobs summary with its actions."""

from __future__ import annotations

import dataclasses
from datetime import datetime, timezone

from PySide6.QtGui import QAction
from PySide6.QtWidgets import QLabel, QSlider
from pytestqt.qtbot import QtBot

from flowmusic_gui.core.records import JobState, parse_record
from flowmusic_gui.engine.types import JobView
from flowmusic_gui.simulator.jobs import make_jobid
from flowmusic_gui.ui.detail.pages import CARDS_AT_ONCE, ClipPage, SelectionSummary
from flowmusic_gui.ui.detail.pane import DetailPane

from ..conftest import view

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


# -- the page on its own ---------------------------------------------------------------------------------------


def clip_ids(n: int) -> list[dict[str, str]]:
    return [{"clip": f"{i:08d}-1234-4234-8234-123456789abc", "title": f"Take {i}",
             "audio_url": "https://media.example/a.m4a"} for i in range(n)]


def page(qtbot: QtBot, job: JobView, *, playback: bool = True, reason: str = "") -> ClipPage:
    assert job.record is not None
    p = ClipPage(job, job.record.clips, playback=playback, reason=reason, volume=0.4, setup_card=lambda c, p: None)
    qtbot.addWidget(p)
    p.resize(520, 800)
    p.show()
    qtbot.waitExposed(p)
    qtbot.waitUntil(lambda: len(p.built) == p.planned, timeout=5000)  # the hidden takes, on the turns after
    return p


def volume(p: ClipPage) -> QSlider | None:
    return next((s for s in p.findChildren(QSlider) if s.accessibleName() == "Volume"), None)


def test_the_take_switch_shows_one_card_at_a_time(qtbot: QtBot) -> None:
    p = page(qtbot, view(1, JobState.COMPLETED, extra={"clips": clip_ids(2)}))
    built = list(p.cards)
    assert len(built) == 2 and [b.text() for b in p.take_buttons] == ["A", "B"]
    assert built[0].isVisible() and not built[1].isVisible()
    with qtbot.waitSignal(p.take_shown, timeout=1000) as shown:
        p.take_buttons[1].click()
    assert shown.args == [1] and p.shown == 1
    assert built[1].isVisible() and not built[0].isVisible() and p.take_buttons[1].isChecked()
    caption = p.findChild(QLabel, "takesCaption")
    assert caption is not None and caption.text() == "Takes"


def test_kept_takes_are_starred_on_the_switch(qtbot: QtBot) -> None:
    clips = clip_ids(2)
    job = dataclasses.replace(view(2, JobState.COMPLETED, extra={"clips": clips}), kept=(clips[1]["clip"],))
    p = page(qtbot, job)
    assert [b.text() for b in p.take_buttons] == ["A", "B ★"]
    # A screen reader hears the star from the start, not only once it has been changed.
    assert [b.accessibleName() for b in p.take_buttons] == ["Take A", "Take B, kept"]
    p.show_kept(clips[0]["clip"], True)
    assert p.take_buttons[0].text() == "A ★" and p.is_kept(clips[0]["clip"])
    assert [b.accessibleName() for b in p.take_buttons] == ["Take A, kept", "Take B, kept"]
    p.set_kept(())
    assert [b.text() for b in p.take_buttons] == ["A", "B"] and p.take_buttons[0].accessibleName() == "Take A"


def test_the_volume_slider_says_the_new_volume(qtbot: QtBot) -> None:
    p = page(qtbot, view(3, JobState.COMPLETED, extra={"clips": clip_ids(1)}))
    slider = volume(p)
    assert slider is not None and slider.value() == 40
    with qtbot.waitSignal(p.volume_changed, timeout=1000) as changed:
        slider.setValue(75)
    assert changed.args == [0.75]
    caption = p.findChild(QLabel, "takesCaption")
    assert caption is not None and caption.text() == "Clip"  # one clip: no switch
    assert p.take_buttons == []


def test_a_record_with_many_clips_builds_a_few_and_offers_more(qtbot: QtBot) -> None:
    total = CARDS_AT_ONCE + 3
    p = page(qtbot, view(4, JobState.COMPLETED, extra={"clips": clip_ids(total)}))
    assert len(p.cards) == CARDS_AT_ONCE
    more = p.more_shown
    assert more is not None and more.text() == "Show 3 more"
    note = p.findChild(QLabel, "moreClips")
    assert note is not None and note.text() == "… and 3 more clips."
    with qtbot.waitSignal(p.more_requested, timeout=1000):
        more.click()
    p.add_cards(CARDS_AT_ONCE)  # what the pane does when asked
    assert len(p.cards) == total and p.more_shown is None and len(p.take_buttons) == total
    p.drop()  # as the pane does when it lets the page go: nothing left to build


def test_without_playback_the_page_says_why_and_no_slider(qtbot: QtBot) -> None:
    p = page(qtbot, view(5, JobState.COMPLETED, extra={"clips": clip_ids(1)}), playback=False,
                reason="Playback is unavailable: the multimedia libraries are missing.")
    note = p.findChild(QLabel, "playerUnavailable")
    assert note is not None and note.text().startswith("Playback is unavailable")
    assert volume(p) is None


def test_a_completed_record_without_clips_says_so(qtbot: QtBot) -> None:
    p = page(qtbot, view(6, JobState.COMPLETED, extra={"clips": []}))
    assert list(p.cards) == [] and any(lab.text() == "The record lists no clips." for lab in p.findChildren(QLabel))


def test_the_many_jobs_summary_carries_the_actions(qtbot: QtBot) -> None:
    remove = QAction("Remove")
    recheck = QAction("Re-check")
    summary = SelectionSummary([remove, recheck])
    qtbot.addWidget(summary)
    summary.label.setText("3 jobs selected: 2 completed, 1 pending")
    summary.show()
    assert [b.text() for b in summary.buttons] == ["Remove", "Re-check"]
    with qtbot.waitSignal(remove.triggered, timeout=1000):
        summary.buttons[0].click()

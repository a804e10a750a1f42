"""How the window shows what it has to say: a passing message fades, a problem stays, a song ready does not hide a
problem (both are in the activity list), an Undo is always shown, and a job list that cannot be written is said
until it can be again."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget
from pytestqt.qtbot import QtBot

from flowmusic_gui.ui.activity import ActivityLog, Kind
from flowmusic_gui.ui.messages import Message
from flowmusic_gui.ui.notices import NOTICE_ACTION_MS, NOTICE_INFO_MS, NoticeArea


class Host:
    def __init__(self) -> None:
        self.widget = QWidget()
        self.layout = QVBoxLayout(self.widget)
        self.table = QLabel("the table")
        self.layout.addWidget(self.table)
        self.activity = ActivityLog(self.widget)
        self.notices = NoticeArea(self.widget, self.layout, self.table, self.activity)


@pytest.fixture
def host(qtbot: QtBot) -> Iterator[Host]:
    h = Host()
    qtbot.addWidget(h.widget)
    h.widget.show()
    qtbot.waitExposed(h.widget)
    yield h
    h.notices.stop()


def texts(h: Host) -> list[str]:
    """The activity list, oldest first."""
    return list(reversed( [e.text for e in h.activity.events]))


def test_no_bar_is_made_before_there_is_something_to_say(host: Host) -> None:
    assert host.notices.existing_banner() is None and host.layout.count() == 1


def test_information_fades_and_a_problem_stays(host: Host) -> None:
    host.notices.show(Message("Copied"))
    bar = host.notices.notice
    assert bar.isVisible() and bar.fading and bar._fade is not None and bar._fade.interval() == NOTICE_INFO_MS
    host.notices.show(Message("Could not save the lyrics", Kind.PROBLEM))
    assert bar.label.text() == "Could not save the lyrics" and not bar.fading
    assert host.layout.indexOf(bar) == host.layout.indexOf(host.table) - 1  # right above the table


def test_a_song_ready_does_not_hide_a_problem_but_both_are_kept(host: Host) -> None:
    host.notices.show(Message("The job list could not be read", Kind.PROBLEM))
    host.notices.show(Message("Song ready: Night Drive", Kind.SONG))
    assert host.notices.notice.label.text() == "The job list could not be read"
    assert texts(host) == ["The job list could not be read", "Song ready: Night Drive"]


def test_an_undo_is_shown_whatever_is_up_and_lasts_longer(host: Host) -> None:
    host.notices.show(Message("A problem", Kind.PROBLEM))
    host.notices.show(Message("2 jobs removed", action=("Undo", lambda: None)))
    bar = host.notices.notice
    assert bar.label.text() == "2 jobs removed" and bar.button.isVisible()
    assert bar._fade is not None and bar._fade.interval() == NOTICE_ACTION_MS


def test_a_held_message_stays_ahead_for_its_time(host: Host) -> None:
    host.notices.show(Message("Welcome to the demo", hold_ms=20_000))
    host.notices.show(Message("Song ready", Kind.SONG))
    assert host.notices.notice.label.text() == "Welcome to the demo"


def test_a_message_not_to_record_is_shown_only(host: Host) -> None:
    host.notices.show(Message("Song ready: shown in the tray's place", Kind.SONG, record=False))
    assert host.notices.notice.isVisible() and texts(host) == []


def test_the_job_list_not_being_saved_is_said_until_it_is_again(host: Host) -> None:
    host.notices.store_problem("the disk is full.")
    bar = host.notices.notice
    assert bar.label.text().startswith("Results are not being saved yet: the disk is full.")
    assert not bar._close.isVisibleTo(bar)  # it cannot be dismissed while it is true
    host.notices.show(Message("Song ready", Kind.SONG))
    assert bar.label.text().startswith("Results are not being saved yet")
    host.notices.store_problem(None)
    assert bar.label.text() == "The job list is being saved again." and bar.fading
    assert texts(host)[-1] == "The job list is being saved again."


def test_the_banner_goes_on_top(host: Host) -> None:
    _ = host.notices.notice
    banner = host.notices.banner
    assert host.layout.indexOf(banner) == 0 and host.notices.existing_banner() is banner

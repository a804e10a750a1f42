"""Showing text from the API: markup shows as typed (labels and tooltips), right-to-left overrides stay inside
the words they came with, huge text is cut before it is laid out, and times read the way the locale writes them."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timezone

import pytest
from PySide6.QtCore import QDate, QDateTime, QLocale, Qt, QTime, QTimeZone
from PySide6.QtGui import QTextDocument
from pytestqt.qtbot import QtBot

from flowmusic_gui.ui.text import (
    elide,
    format_generation,
    format_local,
    format_local_qt,
    isolate,
    plain_label,
    plain_tooltip,
)


def shown(tooltip: str) -> str:
    doc = QTextDocument()
    doc.setHtml(tooltip)
    return doc.toPlainText().replace("\u2028", "\n")


def test_a_label_shows_markup_as_typed(qtbot: QtBot) -> None:
    label = plain_label("<b>Night</b> <img src='x'>", wrap=True, selectable=True)
    qtbot.addWidget(label)
    assert label.text() == "<b>Night</b> <img src='x'>" and label.wordWrap()
    assert label.textInteractionFlags() & Qt.TextInteractionFlag.TextSelectableByMouse


@pytest.mark.parametrize("text", ["<b>x</b>", "a & b", "line one\nline two", "<script>alert(1)</script>"])
def test_a_tooltip_reads_exactly_as_the_text(text: str) -> None:
    assert shown(plain_tooltip(text)) == text


def test_an_empty_tooltip_is_no_tooltip() -> None:
    assert plain_tooltip("") == ""


def test_huge_text_is_cut_with_an_ellipsis() -> None:
    assert elide("short", 10) == "short"
    cut = elide("x" * 5000, 100)
    assert len(cut) == 100 and cut.endswith("…")
    assert len(shown(plain_tooltip("y" * 1_000_000))) == 2_000


def test_a_right_to_left_override_ends_with_its_own_text() -> None:
    title = "\u202eevil"
    inside = f"Song {isolate(title)}: 3 clips"
    # The override is closed by the isolate's end, before the app's own words.
    assert inside.index("\u2069") < inside.index(": 3 clips")
    assert isolate("plain title") == "plain title"  # ordinary text is left alone
    # A stray closing isolate of the server's own cannot close ours early.
    assert isolate("\u2069\u202eabc").count("\u2069") == 1


def test_generation_times_read_in_seconds_then_minutes() -> None:
    assert format_generation(None) == ""
    assert format_generation(42.4) == "42 s"
    assert format_generation(125) == "2:05"
    assert format_generation(3725) == "1:02:05"


def test_a_generation_time_is_rounded_once_before_its_unit_is_chosen() -> None:
    """The edges read as the next unit, never "60 s" or "59:59" for what rounds to a whole minute or hour."""
    assert format_generation(59.4) == "59 s"
    assert format_generation(59.6) == "1:00"
    assert format_generation(60.4) == "1:00"
    assert format_generation(3599.4) == "59:59"
    assert format_generation(3599.6) == "1:00:00"
    assert format_generation(0.2) == "0 s"
    # Nonsense from a record shows as missing, not as "nan s" or a traceback.
    assert format_generation(float("nan")) == ""
    assert format_generation(float("inf")) == ""
    assert format_generation(-3) == "0 s"


@pytest.fixture
def locale_c() -> Iterator[None]:
    before = QLocale()
    QLocale.setDefault(QLocale.c())
    yield
    QLocale.setDefault(before)


@pytest.fixture
def locale_de() -> Iterator[None]:
    before = QLocale()
    QLocale.setDefault(QLocale(QLocale.Language.German, QLocale.Country.Germany))
    yield
    QLocale.setDefault(before)


def test_times_are_iso_under_the_c_locale(locale_c: None) -> None:
    moment = QDateTime(QDate(2026, 12, 31), QTime(23, 59), QTimeZone.utc())
    assert format_local_qt(moment.toLocalTime()) == moment.toLocalTime().toString("yyyy-MM-dd HH:mm")
    assert format_local(None) == ""


def test_times_follow_the_users_locale(locale_de: None) -> None:
    moment = QDateTime(QDate(2026, 12, 31), QTime(23, 59))
    assert format_local_qt(moment) == "31.12.26 23:59"
    local = datetime(2026, 12, 31, 22, 59, tzinfo=timezone.utc).astimezone()
    assert format_local(local) == format_local_qt(QDateTime.fromSecsSinceEpoch(int(local.timestamp())))

"""The status bar's permanent part: a connection problem with when the next try comes, a rate limit, Checking
paused, where the token comes from; server text reads as typed and nothing that is not happening shows."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtGui import QTextDocument
from PySide6.QtWidgets import QMainWindow
from pytestqt.qtbot import QtBot

from flowmusic_gui.core.credentials import TokenLookup, TokenSource
from flowmusic_gui.engine.types import RateLimit
from flowmusic_gui.ui.activity import ActivityLog
from flowmusic_gui.ui.status_bar import WindowStatus


def shown(tooltip: str) -> str:
    doc = QTextDocument()
    doc.setHtml(tooltip)
    return doc.toPlainText()


@pytest.fixture
def status(qtbot: QtBot) -> Iterator[WindowStatus]:
    window = QMainWindow()
    qtbot.addWidget(window)
    s = WindowStatus(window.statusBar(), ActivityLog(window), pause_tip="Send no request until unchecked")
    window.show()
    qtbot.waitExposed(window)
    yield s  # the window lives as long as the test
    window.close()


def test_nothing_that_is_not_happening_shows(status: WindowStatus) -> None:
    for label in (status.connection_label, status.rate_label, status.paused_label, status.token_label,
                  status.demo_label):  # fmt: skip
        assert not label.isVisible()
    assert status.activity_button.isVisible()


def test_a_connection_problem_says_when_the_next_try_comes(status: WindowStatus) -> None:
    status.show_connection_problem("<b>Server</b> unreachable", 4.6)
    label = status.connection_label
    assert label.isVisible() and label.text() == "<b>Server</b> unreachable, retrying in 5 s"
    assert shown(label.toolTip()) == label.text()
    status.show_connection_problem("Timed out", 0.2)
    assert label.text() == "Timed out, retrying in 1 s"  # never "in 0 s"
    status.show_connection_problem("Offline", 0)
    assert label.text() == "Offline"
    status.clear_connection_problem()
    assert not label.isVisible() and label.text() == ""


def test_a_rate_limit_shows_the_wait_and_the_servers_words(status: WindowStatus) -> None:
    status.show_rate_limited(RateLimit(seconds=29.5, message="<i>Too many requests</i>"))
    assert status.rate_label.isVisible() and status.rate_label.text() == "Rate limited: waiting 30 s"
    assert shown(status.rate_label.toolTip()) == "<i>Too many requests</i>"
    status.clear_rate_limited()
    assert not status.rate_label.isVisible()


def test_paused_checking_is_said_with_what_it_means(status: WindowStatus) -> None:
    status.set_paused(True)
    assert status.paused_label.isVisible() and status.paused_label.toolTip() == "Send no request until unchecked"
    status.set_paused(False)
    assert not status.paused_label.isVisible()


def test_the_token_source_is_named_never_the_token(status: WindowStatus) -> None:
    secret = "user:1234-SECRETSECRETSECRET"
    lookup = TokenLookup(token=secret, source=TokenSource.KEYRING, message="from the system keyring")
    status.show_token_source(lookup)
    label = status.token_label
    assert label.isVisible() and label.text()
    assert "keyring" in (label.text() + shown(label.toolTip())).lower()
    assert secret not in label.text() and secret not in label.toolTip()

"""The window's status bar: the counts, the connection and rate-limit state, "Checking paused", where the token
comes from, the demo mark and the activity bell. It shows what it is told; the tracker binding tells it."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QLocale, QObject
from PySide6.QtWidgets import QLabel, QStatusBar

from flowmusic_gui.ui.activity import ActivityLog
from flowmusic_gui.ui.activity_button import ActivityButton
from flowmusic_gui.ui.text import plain_label, plain_tooltip

if TYPE_CHECKING:
    from flowmusic_gui.core.credentials import TokenLookup
    from flowmusic_gui.engine.types import RateLimit


class WindowStatus(QObject):
    """The permanent widgets of ``bar``; ``counts_label`` says "12 jobs: 3 pending · 9 completed"."""

    def __init__(self, bar: QStatusBar, activity: ActivityLog, *, pause_tip: str) -> None:
        super().__init__(bar)
        self.bar = bar
        self.counts_label = plain_label()
        self.connection_label = plain_label()  # server text: plain, and its tooltip escaped
        self.connection_label.hide()
        self.rate_label = plain_label()
        self.rate_label.hide()
        self.demo_label = QLabel(self.tr("Demo mode"))
        self.demo_label.setToolTip(
            self.tr("Started with --demo: jobs come from a simulator on this computer, not your FlowMusic account")
        )
        self.demo_label.setStyleSheet("QLabel { font-weight: bold; padding: 0 6px; }")
        self.demo_label.hide()
        self.paused_label = QLabel(self.tr("Checking paused"))
        self.paused_label.setObjectName("pausedLabel")
        self.paused_label.setToolTip(pause_tip)
        self.paused_label.hide()
        bar.addPermanentWidget(self.paused_label)
        self.token_label = plain_label()
        self.token_label.setObjectName("tokenSource")
        self.token_label.hide()
        self.activity_button = ActivityButton(activity, bar)
        bar.addPermanentWidget(self.connection_label)
        bar.addPermanentWidget(self.rate_label)
        bar.addPermanentWidget(self.counts_label)
        bar.addPermanentWidget(self.token_label)
        bar.addPermanentWidget(self.demo_label)
        bar.addPermanentWidget(self.activity_button)

    def show_message(self, text: str, timeout_ms: int) -> None:
        """A passing message (the message bridge's ``status_posted``); an empty one clears it."""
        if text:
            self.bar.showMessage(text, timeout_ms)
        else:
            self.bar.clearMessage()

    def show_connection_problem(self, text: str, retry_in: float) -> None:
        if retry_in > 0:
            text = self.tr("{problem}, retrying in {seconds} s").format(
                problem=text, seconds=QLocale().toString(max(1, round(retry_in)))
            )
        self.connection_label.setText(text)
        self.connection_label.setToolTip(plain_tooltip(text))
        self.connection_label.show()

    def clear_connection_problem(self) -> None:
        self.connection_label.hide()
        self.connection_label.clear()

    def show_rate_limited(self, limit: RateLimit) -> None:
        seconds = QLocale().toString(max(1, round(limit.seconds)))
        self.rate_label.setText(self.tr("Rate limited: waiting {seconds} s").format(seconds=seconds))
        self.rate_label.setToolTip(plain_tooltip(limit.message))
        self.rate_label.show()

    def clear_rate_limited(self) -> None:
        if self.rate_label.isVisible():
            self.rate_label.hide()

    def set_paused(self, paused: bool) -> None:
        self.paused_label.setVisible(paused)

    def show_token_source(self, lookup: TokenLookup, *, demo: bool = False) -> None:
        """Where the token comes from (keyring, environment, this session, none)."""
        from flowmusic_gui.ui.controller import token_source_text

        self.token_label.setText(token_source_text(lookup, demo=demo))
        self.token_label.setToolTip(plain_tooltip(self.tr("The token in use: {where}.").format(where=lookup.message)))
        self.token_label.show()

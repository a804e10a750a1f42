"""How the window shows what the message bridge carries: the notice line above the table (with its fade and its
priorities), the token banner, and the activity list that keeps every message.

A message gives way only to one that matters as much or more, or once it has faded: a song ready does not hide a
problem, and both are in the list.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject

from flowmusic_gui.ui import icons
from flowmusic_gui.ui.activity import ActivityLog, Kind
from flowmusic_gui.ui.messages import Message

if TYPE_CHECKING:
    from PySide6.QtWidgets import QVBoxLayout, QWidget

    from flowmusic_gui.ui.notice_bar import NoticeBar

NOTICE_INFO_MS = 8_000  # information fades after this long (it stays in the activity list)
NOTICE_ACTION_MS = 15_000  # ... a little later when it offers an action such as Undo


class NoticeArea(QObject):
    """The bars are built on first use (not on the first paint): the banner on top, the notice above ``anchor``."""

    def __init__(self, host: QWidget, layout: QVBoxLayout, anchor: QWidget, activity: ActivityLog) -> None:
        super().__init__(host)
        self._host = host
        self._layout = layout
        self._anchor = anchor
        self.activity = activity
        self._banner: NoticeBar | None = None
        self._notice: NoticeBar | None = None
        self._store_notice: str | None = None

    @property
    def banner(self) -> NoticeBar:
        """The token banner above the table, built on first use."""
        if self._banner is None:
            self._banner = self._bar("tokenBanner", above_notice=True)
            self._banner.button.setIcon(icons.icon("key"))
        return self._banner

    def existing_banner(self) -> NoticeBar | None:
        """The token banner if it was ever built (dismissing one never shown need not build it)."""
        return self._banner

    @property
    def notice(self) -> NoticeBar:
        """The notice line (Undo, store problems, finished songs without a tray), built on first use."""
        if self._notice is None:
            self._notice = self._bar("notice", above_notice=False)
        return self._notice

    def _bar(self, role: str, *, above_notice: bool) -> NoticeBar:
        from flowmusic_gui.ui.notice_bar import NoticeBar

        bar = NoticeBar(self._host, role=role)
        # The banner goes first, the notice right above the table, whichever was built first.
        self._layout.insertWidget(0 if above_notice else self._layout.indexOf(self._anchor), bar)
        return bar

    def show(self, message: Message) -> None:
        """Say the message in the notice bar and keep it in the activity list.

        Information fades by itself (a message with an action such as Undo a little later); problems stay until
        dismissed. ``hold_ms`` keeps one up (and ahead of others) for that long, then lets it fade.
        """
        if message.record:
            self.activity.add(message.kind, message.text, message.tooltip)
        bar = self.notice
        priority = int(Kind.PROBLEM) if message.hold_ms else int(message.kind)
        # One that offers an action (Undo, Show all) is shown all the same: it answers what the user just did.
        if bar.isVisibleTo(self._host) and bar.priority > priority and message.action is None:
            return
        if message.hold_ms:
            fade = message.hold_ms
        elif message.kind is Kind.PROBLEM:
            fade = 0
        else:
            fade = NOTICE_ACTION_MS if message.action else NOTICE_INFO_MS
        bar.show_message(message.text, action=message.action, tooltip=message.tooltip, fade_ms=fade,
                         priority=priority)  # fmt: skip

    def store_problem(self, reason: str | None) -> None:
        """The job list cannot be written (stays, not closable, until it can), or can be again."""
        if reason is not None:
            self._store_notice = self.tr(
                "Results are not being saved yet: {reason} They are shown and kept, "
                "and saved as soon as the job list can be written."
            ).format(reason=reason)
            self.activity.add(Kind.PROBLEM, self._store_notice)
            self.notice.show_message(self._store_notice, closable=False, priority=int(Kind.PROBLEM))
        elif self._store_notice is not None:
            self.activity.add(Kind.INFO, self.tr("The job list is being saved again."))
            if self.notice.label.text() == self._store_notice:
                self.notice.show_message(self.tr("The job list is being saved again."), fade_ms=NOTICE_INFO_MS)
            self._store_notice = None

    def stop(self) -> None:
        if self._notice is not None:
            self._notice.stop_fade()

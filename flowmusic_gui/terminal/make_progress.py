"""What `flowmusic make`, `edit` and `queue --resume` tell a person while the queue sends: a line per song as it
leaves the queue and, under them on a terminal, a block redrawn in place (how many are queued, sending and
submitted, the time, each account's slots). Into a pipe or a log the block becomes a progress line at most every
`every_s` seconds. Every line reaches the screen through its one gate (terminal.text.plain).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from flowmusic_gui.core.elapsed import format_elapsed
from flowmusic_gui.core.output import one_line
from flowmusic_gui.terminal.progress import LOG_EVERY_S
from flowmusic_gui.terminal.screen import PlainScreen

#: The order the counts are named in: what is still to happen first, then how the others ended.
STATE_ORDER = ("queued", "sending", "uncertain", "submitted", "refused", "not_made", "cancelled")
#: Accounts shown in the block, each on its line (a token may hold 50): the rest are counted.
ACCOUNTS_SHOWN = 6


class MakeProgress:
    """Readable output of one queue run; fed the submissions' states, the accounts' slots and clock ticks."""

    def __init__(
        self, screen: PlainScreen, *, started: float, refs: Iterable[str] = (), every_s: float = LOG_EVERY_S
    ) -> None:
        self._screen = screen
        self._started = started
        self._every_s = every_s
        self._states: dict[str, str] = dict.fromkeys(refs, "queued")  # the submissions this run follows
        self._slots: dict[str, tuple[int, int]] = {}  # account -> (running, maxJobs), as the queue sees them
        self._logged_at = started

    # -- input

    def follow(self, states: Mapping[str, str], now: float) -> None:
        """Follow these submissions too (``queue --resume``: what the store holds open), with their states."""
        self._states.update(states)
        self._redraw(now)

    def changed(self, ref: str, state: str, now: float) -> None:
        if ref in self._states and self._states[ref] != state:
            self._states[ref] = state
            self._redraw(now)

    def slots(self, slots: Mapping[str, tuple[int, int]], now: float) -> None:
        self._slots = {str(k): v for k, v in slots.items()}
        self._redraw(now)

    def line(self, text: str, *, err: bool = False) -> None:
        """A permanent line (a song that left the queue, a warning): above the block, which is drawn again."""
        self._screen.line(text, err=err)

    def tick(self, now: float) -> None:
        """About every second: the terminal's block is redrawn (its clock moves); a log gets a progress line
        when one is due and something is still on its way."""
        if self._screen.live:
            self._redraw(now)
        elif self._open() and now - self._logged_at >= self._every_s:
            self._logged_at = now
            self._screen.line(f"progress: {self.counts()} after {format_elapsed(now - self._started)}"
                              + (f" ({self._slots_text()})" if self._slots else ""))  # fmt: skip

    def finish(self) -> None:
        """Take the block down (the summary and any closing words follow as lines)."""
        self._screen.close()

    # -- output

    def counts(self) -> str:
        """ "2 queued, 1 sending, 5 submitted of 8"."""
        tally: dict[str, int] = {}
        for state in self._states.values():
            tally[state] = tally.get(state, 0) + 1
        names = [s for s in STATE_ORDER if s in tally] + sorted(s for s in tally if s not in STATE_ORDER)
        text = ", ".join(f"{tally[s]} {s}" for s in names) or "nothing"
        return f"{text} of {len(self._states)}" if len(names) > 1 else text

    def _open(self) -> bool:
        return any(state in ("queued", "sending") for state in self._states.values())

    def _account_lines(self) -> list[str]:
        lines = []
        for email in sorted(self._slots)[:ACCOUNTS_SHOWN]:
            running, max_jobs = self._slots[email]
            full = " (full)" if max_jobs and running >= max_jobs else ""
            lines.append(f"  {one_line(email)}  {running} of {max_jobs} slots running{full}")
        if len(self._slots) > ACCOUNTS_SHOWN:
            lines.append(f"  … and {len(self._slots) - ACCOUNTS_SHOWN} more accounts")
        return lines

    def _slots_text(self) -> str:
        shown = sorted(self._slots)[:ACCOUNTS_SHOWN]
        text = "; ".join(f"{one_line(e)} {self._slots[e][0]} of {self._slots[e][1]} running" for e in shown)
        more = len(self._slots) - len(shown)
        return text + (f"; {more} more accounts" if more > 0 else "")

    def _redraw(self, now: float) -> None:
        if not self._screen.live:
            return
        if not self._open():
            self._screen.status([])
            return
        head = f"{self.counts()} · {format_elapsed(now - self._started)} · Ctrl-C stops sending"
        self._screen.status([head, *self._account_lines()])

"""What `flowmusic watch` tells a person: each state change, how long pending jobs have waited, a summary.

On a terminal the pending jobs sit in a block redrawn in place every second. Into a pipe or a log it prints a
line per job on each state change and at most one progress line per pending job every `every_s` seconds.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime, timezone
from typing import TYPE_CHECKING

from flowmusic_gui.core.elapsed import format_elapsed, format_took
from flowmusic_gui.core.output import one_line as _oneline  # API text on one line: it cannot forge output lines
from flowmusic_gui.core.states import JobState
from flowmusic_gui.terminal.screen import PlainScreen

if TYPE_CHECKING:  # a view is plain data handed over by the engine; naming its type loads no Qt
    from flowmusic_gui.engine.types import JobView

#: Into a log, one progress line per pending job this often (seconds).
LOG_EVERY_S = 30.0

# The order a summary names the states in: the good news first, what is left last.
_SUMMARY_ORDER = tuple(
    (state, state.words.count_word)
    for state in (JobState.COMPLETED, JobState.FAILED, JobState.NOT_FOUND, JobState.FORBIDDEN)
)


def _utc(dt: datetime) -> datetime:
    return dt if dt.tzinfo is not None else dt.replace(tzinfo=timezone.utc)


class WatchProgress:
    """Readable output of one `watch` run; fed job views and clock ticks, writes to a screen."""

    def __init__(
        self,
        ids: Sequence[str],
        screen: PlainScreen,
        *,
        started: float,
        wall: Callable[[], datetime] = lambda: datetime.now(timezone.utc),
        every_s: float = LOG_EVERY_S,
    ) -> None:
        self._ids = list(ids)
        self._screen = screen
        self._started = started
        self._wall = wall
        self._every_s = every_s
        self._views: dict[str, JobView] = {}  # jobid -> the latest JobView
        self._printed_at: dict[str, float] = {}  # jobid -> when its last line went to a log (monotonic)

    # -- input

    def changed(self, view: JobView, now: float) -> None:
        """A job has a new state: its line (and for a finished song, its clips) goes out now."""
        self._views[view.jobid] = view
        self._printed_at[view.jobid] = now
        for text in self._report(view):
            self._screen.line(text)
        self._redraw(now)

    def add(self, jobid: str) -> None:
        """Watch one more job (``watch --running`` found it on the account)."""
        if jobid not in self._ids:
            self._ids.append(jobid)

    def seen(self, view: JobView) -> None:
        """A newer view of a job whose state did not change (a later record says more, e.g. its created time)."""
        if view.jobid in self._views:
            self._views[view.jobid] = view

    def warn(self, text: str) -> None:
        self._screen.line(text, err=True)

    def tick(self, now: float) -> None:
        """Called about every second: redraw the terminal's block, or print the log's progress lines that are due."""
        if self._screen.live:
            self._redraw(now)
            return
        for jobid in self._ids:
            view = self._views.get(jobid)
            if view is None or view.state.is_terminal:
                continue
            if now - self._printed_at.get(jobid, now) >= self._every_s:
                self._printed_at[jobid] = now
                self._screen.line(self._pending_line(view))

    def finish(self, now: float, how: str = "") -> str:
        """Takes the status block down and prints the summary ("3 completed, 1 failed in 2:14"); returns it."""
        self._screen.close()
        counts = {state: 0 for state, _ in _SUMMARY_ORDER}
        pending = 0
        for jobid in self._ids:
            state = self._state(jobid)
            if state in counts:
                counts[state] += 1
            else:
                pending += 1
        parts = [f"{counts[state]} {label}" for state, label in _SUMMARY_ORDER if counts[state]]
        if pending:
            parts.append(f"{pending} still pending")
        text = f"{', '.join(parts) or 'no jobs'} in {format_elapsed(now - self._started)}"
        if how:
            text += f" ({how})"
        self._screen.line(text)
        return text

    # -- output

    def _state(self, jobid: str) -> JobState:
        view = self._views.get(jobid)
        return view.state if view is not None else JobState.NEW

    def _elapsed(self, view: JobView) -> str:
        started = view.created_at or view.added_at
        return format_elapsed((self._wall() - _utc(started)).total_seconds())

    def _pending_line(self, view: JobView) -> str:
        return f"{view.state.value:<10} {view.jobid}  {self._elapsed(view)} elapsed"

    def _redraw(self, now: float) -> None:
        if not self._screen.live:
            return
        waiting = [jobid for jobid in self._ids if not self._state(jobid).is_terminal]
        if not waiting:
            self._screen.status([])
            return
        lines = []
        for jobid in waiting:
            view = self._views.get(jobid)
            if view is None:
                lines.append(f"{'checking':<10} {'':>7}  {jobid}")
            else:
                problem = f"  ({_oneline(view.problem)})" if view.problem else ""
                lines.append(f"{view.state.value:<10} {self._elapsed(view):>7}  {jobid}{problem}")
        done = len(self._ids) - len(waiting)
        lines.append(
            f"{done} of {len(self._ids)} finished · watching for {format_elapsed(now - self._started)} · "
            "Ctrl-C stops"
        )
        self._screen.status(lines)

    def _report(self, view: JobView) -> list[str]:
        state = view.state
        rec = view.record
        head = f"{state.value:<10} {view.jobid}"
        if view.cancelled:  # a failed job the user cancelled reads as cancelled everywhere
            return [f"{'cancelled':<10} {view.jobid}"]
        if state is JobState.PENDING or state is JobState.NEW:
            # On a terminal the block shows it waiting; a log gets the line with its elapsed time.
            return [] if self._screen.live else [self._pending_line(view)]
        if state is JobState.COMPLETED:
            took = view.generation_s
            lines = [f"{head}  after {format_took(took)}" if took is not None else head]
            for i, clip in enumerate(rec.clips if rec is not None else (), 1):
                lines.append(f"  clip {i}: {_oneline(clip.title or 'Untitled')}")
                if clip.audio_url:
                    lines.append(f"    audio: {clip.audio_url}")
                if clip.wav_url:
                    lines.append(f"    wav:   {clip.wav_url}")
            return lines
        if state is JobState.FAILED and rec is not None and rec.error is not None:
            return [f"{head}  {_oneline(rec.error.code or '')}: {_oneline(rec.error.message or '')}"]
        if view.words.reason:
            return [f"{head}  ({view.words.reason})"]
        return [head]

"""watch's readable output, driven by a clock the test holds: how often a log hears of a pending job, what a
terminal's block shows, and the summary."""

from __future__ import annotations

import io
from datetime import datetime, timedelta, timezone

import pytest

from flowmusic_gui.core.elapsed import format_elapsed, format_took
from flowmusic_gui.core.states import JobState
from flowmusic_gui.engine.types import JobView
from flowmusic_gui.terminal.progress import LOG_EVERY_S, WatchProgress
from flowmusic_gui.terminal.screen import LiveScreen, PlainScreen, screen_for
from flowmusic_gui.terminal.text import plain

T0 = datetime(2026, 5, 1, 12, 0, tzinfo=timezone.utc)
A = "job:aaaaaaaa-0000-4000-8000-000000000001-user:1-a@b.c-bot:flowmusic"
B = "job:bbbbbbbb-0000-4000-8000-000000000002-user:1-a@b.c-bot:flowmusic"


class Clock:
    def __init__(self) -> None:
        self.mono = 100.0

    def wall(self) -> datetime:
        return T0 + timedelta(seconds=self.mono - 100.0)

    def advance(self, seconds: float) -> None:
        self.mono += seconds


def view(jobid: str, state: JobState) -> JobView:
    return JobView(jobid=jobid, state=state, added_at=T0)


def log_progress(clock: Clock, ids: list[str]) -> tuple[WatchProgress, io.StringIO]:
    out = io.StringIO()
    progress = WatchProgress(ids, PlainScreen(out, io.StringIO()), started=clock.mono, wall=clock.wall)
    return progress, out


def test_a_log_hears_of_a_pending_job_on_each_change_and_then_once_every_30_s() -> None:
    clock = Clock()
    progress, out = log_progress(clock, [A, B])
    progress.changed(view(A, JobState.PENDING), clock.mono)
    progress.changed(view(B, JobState.PENDING), clock.mono)
    for _ in range(95):  # 95 s of ticks, one a second
        clock.advance(1)
        progress.tick(clock.mono)
    lines = out.getvalue().splitlines()
    assert [ln for ln in lines if A in ln] == [
        f"pending    {A}  0:00 elapsed",
        f"pending    {A}  0:30 elapsed",
        f"pending    {A}  1:00 elapsed",
        f"pending    {A}  1:30 elapsed",
    ]
    assert len(lines) == 8


def test_a_finished_job_gets_no_more_progress_lines_and_the_summary_counts_every_state() -> None:
    clock = Clock()
    ids = [A, B, "job:c", "job:d", "job:e"]
    progress, out = log_progress(clock, ids)
    progress.changed(view(A, JobState.PENDING), clock.mono)
    clock.advance(5)
    progress.changed(view(A, JobState.COMPLETED), clock.mono)
    progress.changed(view(B, JobState.FAILED), clock.mono)
    progress.changed(view("job:c", JobState.NOT_FOUND), clock.mono)
    progress.changed(view("job:d", JobState.FORBIDDEN), clock.mono)
    for _ in range(int(LOG_EVERY_S) * 3):
        clock.advance(1)
        progress.tick(clock.mono)
    assert sum(A in ln for ln in out.getvalue().splitlines()) == 2
    assert progress.finish(clock.mono + 40, "timed out") == (
        "1 completed, 1 failed, 1 not found, 1 forbidden, 1 still pending in 2:15 (timed out)"
    )
    assert out.getvalue().splitlines()[-1].endswith("(timed out)")


def test_a_terminal_block_lists_pending_jobs_with_their_time_and_goes_when_they_finish(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("COLUMNS", "150")
    clock = Clock()
    out = io.StringIO()
    screen = LiveScreen(out, out)
    progress = WatchProgress([A, B], screen, started=clock.mono, wall=clock.wall)
    progress.tick(clock.mono)
    assert "checking" in out.getvalue() and "0 of 2 finished · watching for 0:00" in out.getvalue()
    progress.changed(view(A, JobState.PENDING), clock.mono)
    clock.advance(62)
    progress.tick(clock.mono)
    assert f"pending       1:02  {A}\n" in out.getvalue()
    progress.changed(view(A, JobState.COMPLETED), clock.mono)
    progress.changed(view(B, JobState.COMPLETED), clock.mono)
    assert progress.finish(clock.mono) == "2 completed in 1:02"
    # What is left once every cursor movement is applied: no block, the results, the summary.
    assert _screen(out.getvalue()) == [f"completed  {A}", f"completed  {B}", "2 completed in 1:02"]


def _screen(text: str) -> list[str]:
    import pyte

    screen = pyte.Screen(200, 40)
    pyte.Stream(screen).feed(text.replace("\n", "\r\n"))
    return [line.rstrip() for line in screen.display if line.strip()]


def test_the_block_fits_the_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "40")
    monkeypatch.setenv("LINES", "6")
    out = io.StringIO()
    screen = LiveScreen(out, out)
    screen.status([f"line {i} " + "x" * 60 for i in range(10)])
    shown = _screen(out.getvalue())
    assert len(shown) == 4 and shown[-1] == "… and 7 more"
    assert all(len(s) <= 39 for s in shown) and shown[0].endswith("…")


def test_a_warning_on_a_terminal_is_written_above_the_block() -> None:
    out = io.StringIO()
    screen = LiveScreen(out, out)
    screen.status(["pending 0:01 job"])
    screen.line("flowmusic: warning: connection reset", err=True)
    assert _screen(out.getvalue()) == ["flowmusic: warning: connection reset", "pending 0:01 job"]


def test_control_characters_from_the_api_are_shown_not_obeyed() -> None:
    out = io.StringIO()
    PlainScreen(out, out).line("clip 1: Evil\x1b[2J\rtitle\x07")
    assert out.getvalue() == "clip 1: Evil\\x1b[2J\\x0dtitle\\x07\n"
    assert plain("ok …") == "ok …"
    assert plain("song\u202egnp.exe") == "song\\u202egnp.exe"


def test_only_a_real_terminal_gets_the_live_block(monkeypatch: pytest.MonkeyPatch) -> None:
    class Tty(io.StringIO):
        def isatty(self) -> bool:
            return True

    monkeypatch.setenv("TERM", "xterm")
    assert screen_for(Tty(), io.StringIO()).live
    assert not screen_for(io.StringIO(), io.StringIO()).live
    monkeypatch.setenv("TERM", "dumb")
    assert not screen_for(Tty(), io.StringIO()).live


@pytest.mark.parametrize(("seconds", "text"), [(-3, "0:00"), (59.9, "0:59"), (134, "2:14"), (3725, "1:02:05")])
def test_elapsed_reads_like_a_stopwatch(seconds: float, text: str) -> None:
    assert format_elapsed(seconds) == text


@pytest.mark.parametrize(("seconds", "text"), [(59.4, "0:59"), (59.6, "1:00"), (3599.4, "59:59"),
                                               (3599.6, "1:00:00"), (float("nan"), "?")])
def test_a_finished_duration_is_rounded_before_its_unit(seconds: float, text: str) -> None:
    assert format_took(seconds) == text


def test_a_finished_song_says_how_long_it_took_as_the_window_does() -> None:
    """59.6 s reads 1:00 in the terminal as in the window ("made in 1:00"), not 0:59."""
    from flowmusic_gui.core.records import parse_record

    clock = Clock()
    progress, out = log_progress(clock, [A])
    record = parse_record({"jobid": A, "status": "completed", "duration_ms": 59_600, "clips": []})
    progress.changed(JobView(jobid=A, state=JobState.COMPLETED, added_at=T0, record=record), clock.mono)
    assert any(line.endswith(f"{A}  after 1:00") for line in out.getvalue().splitlines()), out.getvalue()

"""`flowmusic make`'s readable progress: a block on a terminal (counts, the clock, each account's slots) that goes
when the queue is done, progress lines into a log, and server text shown, never obeyed."""

from __future__ import annotations

import io

import pytest

from flowmusic_gui.terminal.make_progress import MakeProgress
from flowmusic_gui.terminal.screen import LiveScreen, PlainScreen


def _screen(text: str) -> list[str]:
    import pyte

    screen = pyte.Screen(200, 40)
    pyte.Stream(screen).feed(text.replace("\n", "\r\n"))
    return [line.rstrip() for line in screen.display if line.strip()]


def test_on_a_terminal_the_block_counts_the_songs_shows_the_slots_and_goes_at_the_end(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("COLUMNS", "150")
    out = io.StringIO()
    progress = MakeProgress(LiveScreen(out, out), started=100.0, refs=["r-1", "r-2", "r-3"])
    progress.slots({"one@example.com": (1, 1), "two@example.com": (0, 3)}, 100.0)
    progress.changed("r-1", "sending", 101.0)
    progress.changed("r-other", "sending", 101.0)  # another run's: not this one's business
    progress.tick(102.0)
    assert _screen(out.getvalue()) == [
        "2 queued, 1 sending of 3 · 0:02 · Ctrl-C stops sending",
        "  one@example.com  1 of 1 slots running (full)",
        "  two@example.com  0 of 3 slots running",
    ]
    progress.changed("r-1", "submitted", 103.0)
    progress.line("submitted  r-1  one@example.com  lofi  job:1")
    progress.tick(165.0)
    shown = _screen(out.getvalue())
    assert shown[0] == "submitted  r-1  one@example.com  lofi  job:1"
    assert shown[1] == "2 queued, 1 submitted of 3 · 1:05 · Ctrl-C stops sending"
    for ref in ("r-2", "r-3"):
        progress.changed(ref, "submitted", 166.0)
    assert _screen(out.getvalue()) == ["submitted  r-1  one@example.com  lofi  job:1"]  # the block is gone
    progress.finish()


def test_into_a_log_a_progress_line_comes_at_most_every_interval_while_songs_wait() -> None:
    out = io.StringIO()
    progress = MakeProgress(PlainScreen(out, io.StringIO()), started=0.0, refs=["r-1", "r-2"], every_s=30.0)
    progress.slots({"one@example.com": (1, 1)}, 0.0)
    progress.changed("r-1", "submitted", 1.0)
    for second in range(1, 95):
        progress.tick(float(second))
    assert out.getvalue().splitlines() == [
        "progress: 1 queued, 1 submitted of 2 after 0:30 (one@example.com 1 of 1 running)",
        "progress: 1 queued, 1 submitted of 2 after 1:00 (one@example.com 1 of 1 running)",
        "progress: 1 queued, 1 submitted of 2 after 1:30 (one@example.com 1 of 1 running)",
    ]
    progress.changed("r-2", "refused", 95.0)
    progress.tick(200.0)
    assert len(out.getvalue().splitlines()) == 3  # nothing waits: no more progress lines


def test_an_account_name_from_the_server_is_shown_not_obeyed(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "150")
    out = io.StringIO()
    progress = MakeProgress(LiveScreen(out, out), started=0.0, refs=["r-1"])
    progress.slots({"evil\x1b[2J\x1b]0;owned\x07@example.com\nforged line": (0, 2)}, 0.0)
    text = out.getvalue()
    assert "\x1b[2J" not in text and "\x1b]0;" not in text and "\x07" not in text
    lines = _screen(text)
    assert len(lines) == 2 and lines[1].startswith("  evil") and "forged line" in lines[1]

"""Heavy pieces of GUI-thread work take turns: each in a pass of the loop of its own, the next only once the loop
has been free a while, the timers that fell due meanwhile (a paint, a heartbeat) first."""

from __future__ import annotations

import time

from PySide6.QtCore import QTimer
from pytestqt.qtbot import QtBot

from flowmusic_gui.engine.turns import GAP_S, HEAVY_S, Turns


def _busy(seconds: float) -> None:
    end = time.perf_counter() + seconds
    while time.perf_counter() < end:
        pass


def test_heavy_pieces_run_in_order_with_the_loop_free_between_them_and_due_timers_first(qtbot: QtBot) -> None:
    turns = Turns()
    ran: list[tuple[str, float, float]] = []
    ticks: list[float] = []
    beat = QTimer()
    beat.setInterval(1)
    beat.timeout.connect(lambda: ticks.append(time.perf_counter()))

    def piece(name: str, seconds: float) -> None:
        start = time.perf_counter()
        _busy(seconds)
        ran.append((name, start, time.perf_counter()))

    turns.run(lambda: piece("first", HEAVY_S * 3))
    turns.run(lambda: piece("second", HEAVY_S * 3))
    turns.run(lambda: piece("third", 0.0))
    turns.run(lambda: piece("fourth", 0.0))
    assert ran == [] and turns.waiting == 4  # never at once: on the loop's next pass
    beat.start()
    try:
        qtbot.waitUntil(lambda: len(ran) == 4, timeout=3000)
    finally:
        beat.stop()
    assert [r[0] for r in ran] == ["first", "second", "third", "fourth"]
    first, second, third, fourth = ran
    assert second[1] - first[2] >= GAP_S * 0.99  # the loop was free between two heavy pieces
    assert any(first[2] <= t <= second[1] for t in ticks)  # and a timer that fell due ran in between
    assert third[1] - second[2] >= GAP_S * 0.99
    assert fourth[1] - third[2] < GAP_S  # the third was light: nothing to wait for after it
    assert turns.waiting == 0 and turns.free()


def test_a_piece_asked_for_inside_a_piece_gets_a_pass_of_its_own(qtbot: QtBot) -> None:
    turns = Turns()
    ran: list[str] = []

    def outer() -> None:
        turns.run(lambda: ran.append("inner"))
        assert not turns.free()  # a piece runs: nothing else starts in its pass
        ran.append("outer")

    turns.run(outer)
    qtbot.waitUntil(lambda: ran == ["outer", "inner"], timeout=2000)


def test_what_a_stopped_owner_left_waiting_never_runs(qtbot: QtBot) -> None:
    turns = Turns()
    owner, other = object(), object()
    ran: list[str] = []
    turns.run(lambda: ran.append("gone"), owner)
    turns.run(lambda: ran.append("kept"), other)
    turns.drop(owner)
    qtbot.waitUntil(lambda: ran == ["kept"], timeout=2000)
    turns.run(lambda: ran.append("late"), owner)
    turns.drop(owner)  # nothing of anyone's waits: the timer stops too
    assert turns.waiting == 0
    qtbot.wait(round(GAP_S * 1000) * 3)
    assert ran == ["kept"]


def test_a_noted_paint_makes_the_next_heavy_piece_wait() -> None:
    now = [10.0]
    turns = Turns(clock=lambda: now[0])
    turns.note(now[0] - HEAVY_S / 2)  # light: no gap
    assert turns.free()
    turns.note(now[0] - HEAVY_S * 2)  # heavy: the loop stays free a while
    assert not turns.free() and turns.wait_ms() == round(GAP_S * 1000)
    now[0] += GAP_S
    assert turns.free() and turns.wait_ms() == 0

"""The task runner: callbacks on the owner's thread, lanes, cancellation, failures that reach the user, shutdown."""

from __future__ import annotations

import functools
import threading
import time
from collections.abc import Iterator

import pytest
from pytestqt.qtbot import QtBot

from flowmusic_gui.engine.tasks import TaskContext, TaskRunner

WAIT_MS = 5000


@pytest.fixture
def runner() -> Iterator[TaskRunner]:
    r = TaskRunner(max_threads=4)
    yield r
    assert r.shutdown(2.0)


def test_success_callback_runs_on_the_owner_thread(qtbot: QtBot, runner: TaskRunner) -> None:
    seen: list[tuple[object, bool]] = []
    worker: list[bool] = []

    def work() -> int:
        worker.append(threading.current_thread() is threading.main_thread())
        return 42

    def done(value: int) -> None:
        seen.append((value, threading.current_thread() is threading.main_thread()))

    runner.run(work, name="answer", on_success=done)
    qtbot.waitUntil(lambda: bool(seen), timeout=WAIT_MS)
    assert seen == [(42, True)]
    assert worker == [False]


def test_failure_goes_to_on_failure(qtbot: QtBot, runner: TaskRunner) -> None:
    errors: list[BaseException] = []

    def boom() -> None:
        raise OSError("disk on fire")

    runner.run(boom, name="boom", on_failure=errors.append)
    qtbot.waitUntil(lambda: bool(errors), timeout=WAIT_MS)
    assert isinstance(errors[0], OSError)


def test_failure_without_handler_reaches_the_user(
    qtbot: QtBot, runner: TaskRunner, caplog: pytest.LogCaptureFixture
) -> None:
    def boom() -> None:
        raise ValueError("bad\nthing")

    with qtbot.waitSignal(runner.failed, timeout=WAIT_MS) as blocker:
        runner.run(boom, name="save layout")
    assert blocker.args == ["save layout", "ValueError: bad thing"]
    assert any("save layout" in r.getMessage() for r in caplog.records)
    caplog.clear()  # the error log is expected here


def test_a_lane_bounds_concurrency_and_keeps_order(qtbot: QtBot, runner: TaskRunner) -> None:
    runner.lane("store", 1)
    active = 0
    peak = 0
    lock = threading.Lock()
    order: list[int] = []

    def make(i: int):  # type: ignore[no-untyped-def]
        def work() -> int:
            nonlocal active, peak
            with lock:
                active += 1
                peak = max(peak, active)
            time.sleep(0.005)
            with lock:
                active -= 1
            return i

        return work

    for i in range(10):
        runner.run(make(i), name="write", lane="store", on_success=order.append)
    qtbot.waitUntil(lambda: len(order) == 10, timeout=WAIT_MS)
    assert order == list(range(10))
    assert peak == 1


def test_a_blocked_lane_does_not_hold_back_another(qtbot: QtBot, runner: TaskRunner) -> None:
    runner.lane("covers", 2)
    for _ in range(2):
        runner.submit(lambda ctx: ctx.wait_cancelled(30), name="slow cover", lane="covers")
    done: list[str] = []
    runner.run(lambda: "fast", name="other", on_success=done.append)
    qtbot.waitUntil(lambda: done == ["fast"], timeout=WAIT_MS)


def test_progress_reaches_the_owner(qtbot: QtBot, runner: TaskRunner) -> None:
    got: list[object] = []
    result: list[str] = []

    def work(ctx: TaskContext) -> str:
        for i in range(3):
            ctx.progress(i)
        return "done"

    runner.submit(work, name="p", on_progress=got.append, on_success=result.append)
    qtbot.waitUntil(lambda: result == ["done"], timeout=WAIT_MS)
    assert got == [0, 1, 2]


def test_cancel_tells_a_running_task_and_drops_a_queued_one(qtbot: QtBot, runner: TaskRunner) -> None:
    runner.lane("one", 1)
    started = threading.Event()
    hooked = threading.Event()
    results: list[str] = []

    def long(ctx: TaskContext) -> str:
        ctx.on_cancel(hooked.set)
        started.set()
        ctx.wait_cancelled(30)
        ctx.raise_if_cancelled()
        return "not cancelled"

    first = runner.submit(long, name="long", lane="one", on_success=results.append)
    second = runner.run(lambda: "queued ran", name="queued", lane="one", on_success=results.append)
    assert started.wait(5)
    second.cancel()
    first.cancel()
    assert hooked.wait(5)
    qtbot.waitUntil(lambda: first.done and runner.pending == 0, timeout=WAIT_MS)
    assert second.done
    after: list[str] = []
    runner.run(lambda: "after", name="after", lane="one", on_success=after.append)
    qtbot.waitUntil(lambda: after == ["after"], timeout=WAIT_MS)
    assert results == []


def test_shutdown_abandons_a_stuck_task_within_its_deadline(qtbot: QtBot) -> None:
    runner = TaskRunner()
    release = threading.Event()
    started = threading.Event()
    fired: list[object] = []

    def stuck() -> str:
        started.set()
        release.wait(30)  # ignores cancellation, like a read stuck in C code
        return "late"

    runner.run(stuck, name="stuck", on_success=fired.append, on_failure=fired.append)
    queued = runner.run(lambda: "queued", name="queued", lane="default", on_success=fired.append)
    assert started.wait(5)
    t0 = time.monotonic()
    assert runner.shutdown(0.3) in (False, True)
    assert time.monotonic() - t0 < 1.0
    release.set()
    # Whatever the stuck task does now, nothing fires, and nothing new runs.
    runner.run(lambda: "new", name="new", on_success=fired.append)
    qtbot.wait(200)
    assert fired == []
    assert queued.done


def test_shutdown_tells_cooperative_tasks_and_waits_for_them(qtbot: QtBot) -> None:
    runner = TaskRunner()
    started = threading.Event()
    def coop(ctx: TaskContext) -> bool:
        started.set()
        return ctx.wait_cancelled(30)

    runner.submit(coop, name="coop")
    assert started.wait(5)
    t0 = time.monotonic()
    assert runner.shutdown(2.0) is True
    assert time.monotonic() - t0 < 1.0


def test_drain_waits_for_one_lane_only(qtbot: QtBot, runner: TaskRunner) -> None:
    runner.lane("store", 1)
    saved: list[int] = []
    runner.submit(lambda ctx: ctx.wait_cancelled(30), name="a hung request")
    def save(i: int) -> int:
        time.sleep(0.01)
        return i

    for i in range(3):
        runner.run(functools.partial(save, i), name="save", lane="store", on_success=saved.append)
    t0 = time.monotonic()
    assert runner.drain("store", 5.0)
    assert saved == [0, 1, 2]
    assert time.monotonic() - t0 < 4.0
    assert not runner.drain("default", 0.05)  # the hung one is still there: drain gives up at its deadline


def test_a_callback_that_raises_does_not_lose_the_others(
    qtbot: QtBot, runner: TaskRunner, monkeypatch: pytest.MonkeyPatch
) -> None:
    hooked: list[type[BaseException]] = []
    monkeypatch.setattr("sys.excepthook", lambda kind, exc, tb: hooked.append(kind))
    got: list[int] = []

    def bad(_value: int) -> None:
        raise RuntimeError("a bug in a callback")

    runner.lane("one", 1)
    for i in range(5):
        runner.run(functools.partial(int, i), name="n", lane="one", on_success=bad if i == 2 else got.append)
    qtbot.waitUntil(lambda: len(got) == 4, timeout=WAIT_MS)
    assert got == [0, 1, 3, 4]
    assert hooked == [RuntimeError]


def test_a_one_at_a_time_lane_calls_back_in_submission_order(qtbot: QtBot, runner: TaskRunner) -> None:
    # A worker used to free the lane's slot before queuing its outcome: the next task, on another worker, could
    # finish and be delivered first (about one run in four of 20 quick tasks).
    runner.lane("one", 1)
    got: list[int] = []
    for _ in range(40):
        got.clear()
        for i in range(20):
            runner.run(functools.partial(int, i), name="n", lane="one", on_success=got.append)
        qtbot.waitUntil(lambda: len(got) == 20, timeout=WAIT_MS)
        assert got == list(range(20))

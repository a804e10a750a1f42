"""The one task runner: every piece of background work in the app and the command line runs through it.

In the spirit of superqt's workers and Anki's background operations: a caller says what runs off the owner's
thread and what runs, back on the owner's thread, on success, on failure and on progress. A failure with no
``on_failure`` is logged and reaches the user through :attr:`TaskRunner.failed`. Work runs on named lanes of
bounded concurrency (``"store"`` serialized, ``"covers"`` a few at a time...), so one slow kind of work never
holds back another. :meth:`TaskRunner.shutdown` takes a deadline and abandons what does not finish by then.

Usage::

    runner = TaskRunner(parent)                 # one, at the composition root, passed to whoever needs it
    runner.lane("plan", 1)                      # serialized
    runner.run(lambda: parse(text), name="read a list", lane="plan", on_success=show_read)

    def fetch(ctx: TaskContext) -> bytes:       # a task that can be cancelled and reports progress
        ctx.on_cancel(response.close)           # called (from the cancelling thread) on cancel or shutdown
        for chunk in chunks:
            ctx.raise_if_cancelled()
            ctx.progress(len(chunk))
        ...
    handle = runner.submit(fetch, name="cover", lane="covers", on_success=..., on_progress=...)
    handle.cancel()                             # queued: dropped; running: told (ctx.cancelled, on_cancel hooks)

    scope = TaskScope(runner)                   # a dialog's tasks: scope.close() cancels them and silences
    scope.run(check, name="test the token", on_success=show)   # their callbacks (the dialog may be gone)

    runner.shutdown(1.0)                        # at exit: nothing queued runs, no callback fires after it

Lanes in use: ``"poll"`` (job requests, the policy's concurrency), ``"store"`` (every store write, one at a
time, queued and retried by the process's one :class:`~flowmusic_gui.engine.store_writer.StoreWriter`),
``"covers"`` (3), ``"downloads"`` (the downloader's parallel limit) and ``"default"`` (anything else: keyring
look-ups, token checks, parsing the job list). A task that fails with no ``on_failure`` is logged and
emitted on :attr:`TaskRunner.failed`, which the window shows as a notice.

Callbacks run on the thread that owns the runner (the GUI thread in the app), delivered through one queued
signal; only plain data should cross. Worker threads are daemon threads that never touch Qt once the runner is
shut down, so a task stuck in a socket read cannot hold up process exit.
"""

from __future__ import annotations

import contextlib
import itertools
import logging
import sys
import threading
import time
import weakref
from collections import deque
from collections.abc import Callable
from typing import Any, TypeVar

from PySide6 import QtCore
from PySide6.QtCore import QObject, Signal, Slot

T = TypeVar("T")
log = logging.getLogger(__name__)

#: An idle worker thread ends after this many seconds without work (a new one starts when work comes).
IDLE_EXIT_S = 30.0

_RUNNERS: weakref.WeakSet[_State] = weakref.WeakSet()


class TaskCancelled(Exception):
    """Raised by :meth:`TaskContext.raise_if_cancelled`; a task that ends with it fires no callback."""


class TaskContext:
    """What a running task sees of its own lifetime: cancellation and progress."""

    __slots__ = ("_cancel_hooks", "_cancelled", "_lock", "_progress")

    def __init__(self, progress: Callable[[object], None]) -> None:
        self._cancelled = threading.Event()
        self._lock = threading.Lock()
        self._cancel_hooks: list[Callable[[], None]] = []
        self._progress = progress

    @property
    def cancelled(self) -> bool:
        return self._cancelled.is_set()

    def raise_if_cancelled(self) -> None:
        if self._cancelled.is_set():
            raise TaskCancelled

    def progress(self, value: object) -> None:
        """Hand ``value`` (plain data) to the task's ``on_progress`` on the owner's thread."""
        self._progress(value)

    def wait_cancelled(self, timeout_s: float) -> bool:
        """Sleep up to ``timeout_s`` unless cancelled first; True when cancelled."""
        return self._cancelled.wait(max(0.0, timeout_s))

    def on_cancel(self, hook: Callable[[], None]) -> Callable[[], None]:
        """Call ``hook`` when the task is cancelled (at once if it already is); returns a remover.

        The hook runs on the cancelling thread: it should only unblock the task (shut a socket down, set an
        event), never touch Qt objects.
        """
        with self._lock:
            if not self._cancelled.is_set():
                self._cancel_hooks.append(hook)
                return lambda: self._remove_hook(hook)
        _call_hook(hook)
        return lambda: None

    def _remove_hook(self, hook: Callable[[], None]) -> None:
        with self._lock, contextlib.suppress(ValueError):
            self._cancel_hooks.remove(hook)

    def _cancel(self) -> None:
        with self._lock:
            self._cancelled.set()
            hooks, self._cancel_hooks = self._cancel_hooks, []
        for hook in hooks:
            _call_hook(hook)


def _call_hook(hook: Callable[[], None]) -> None:
    try:
        hook()
    except Exception:  # a hook that fails must not keep the others from running
        log.exception("a cancel hook failed")


class _Task:
    # A plain class, not a dataclass: the window builds a runner before its first paint, and dataclasses is
    # not otherwise imported by then.
    __slots__ = ("ctx", "fn", "key", "lane", "name", "on_failure", "on_progress", "on_success", "state")

    def __init__(
        self,
        key: int,
        name: str,
        lane: str,
        fn: Callable[[TaskContext], Any],
        on_success: Callable[[Any], None] | None,
        on_failure: Callable[[BaseException], None] | None,
        on_progress: Callable[[object], None] | None,
    ) -> None:
        self.key, self.name, self.lane, self.fn = key, name, lane, fn
        self.on_success, self.on_failure, self.on_progress = on_success, on_failure, on_progress
        self.ctx: TaskContext
        self.state = "queued"  # queued -> running -> finished; or dropped


class TaskHandle:
    """The caller's hold on one submitted task."""

    __slots__ = ("_state", "_task")

    def __init__(self, state: _State, task: _Task) -> None:
        self._state = state
        self._task = task

    @property
    def name(self) -> str:
        return self._task.name

    @property
    def done(self) -> bool:
        """True once it finished (its callback delivered or abandoned) or was dropped."""
        return self._task.state in ("finished", "dropped")

    @property
    def cancelled(self) -> bool:
        return self._task.ctx.cancelled

    @property
    def started(self) -> bool:
        return self._task.state in ("running", "finished")

    def cancel(self) -> bool:
        """A queued task is dropped (no callback); a running one is told, and may still report its result.

        True when it was dropped before it ran.
        """
        return self._state.cancel(self._task)


class _Lane:
    __slots__ = ("concurrency", "queue", "running")

    def __init__(self, concurrency: int) -> None:
        self.concurrency = max(1, concurrency)
        self.queue: deque[_Task] = deque()
        self.running = 0


class _State:
    """Everything the worker threads share; it holds no Qt object, so threads never keep the QObject alive."""

    def __init__(self, max_threads: int, deliver: Callable[[], None]) -> None:
        self.max_threads = max(1, max_threads)
        self.cond = threading.Condition()
        self.lanes: dict[str, _Lane] = {"default": _Lane(self.max_threads)}
        self.order: list[str] = ["default"]
        self.threads: set[threading.Thread] = set()
        self.idle = 0
        self.running: dict[int, _Task] = {}
        self.closed = False
        # Held while a worker hands a result to Qt: once shutdown has set ``delivering`` False under it, no
        # worker is inside Qt and none will enter it (a daemon thread inside Qt at interpreter exit aborts it).
        self.handover = threading.Lock()
        self.delivering = True
        self.outbox: deque[tuple[int, str, object]] = deque()
        self.outbox_lock = threading.Lock()
        self._deliver = deliver
        self._names = itertools.count(1)

    # -- called on the owner's thread ---------------------------------------------------------------------

    def lane(self, name: str, concurrency: int) -> None:
        with self.cond:
            lane = self.lanes.get(name)
            if lane is None:
                self.lanes[name] = _Lane(concurrency)
                self.order.append(name)
            else:
                lane.concurrency = max(1, concurrency)
            self.cond.notify_all()

    def enqueue(self, task: _Task) -> bool:
        with self.cond:
            if self.closed:
                task.state = "dropped"
                return False
            lane = self.lanes.get(task.lane)
            if lane is None:
                raise ValueError(f"no lane named {task.lane!r}")
            lane.queue.append(task)
            if self.idle == 0 and len(self.threads) < self.max_threads:
                thread = threading.Thread(
                    target=self._work, name=f"flowmusic-task-{next(self._names)}", daemon=True
                )
                self.threads.add(thread)
                thread.start()
            else:
                self.cond.notify()
            return True

    def cancel(self, task: _Task) -> bool:
        dropped = False
        with self.cond:
            if task.state == "queued":
                lane = self.lanes[task.lane]
                with contextlib.suppress(ValueError):
                    lane.queue.remove(task)
                task.state = "dropped"
                dropped = True
        task.ctx._cancel()
        if dropped:  # the owner forgets it through the same queue as every other outcome
            self.send((task.key, "dropped", None))
        return dropped

    def shutdown(self, deadline_s: float) -> bool:
        end = time.monotonic() + max(0.0, deadline_s)
        with self.cond:
            self.closed = True
            for lane in self.lanes.values():
                for task in lane.queue:
                    task.state = "dropped"
                lane.queue.clear()
            running = list(self.running.values())
            threads = list(self.threads)
            self.cond.notify_all()
        for task in running:
            task.ctx._cancel()
        for thread in threads:
            thread.join(max(0.0, end - time.monotonic()))
        with self.handover:
            self.delivering = False
        stuck = [t for t in threads if t.is_alive()]
        if stuck:
            names = ", ".join(sorted({task.name for task in self.running.values()})) or "?"
            log.info("abandoned %d background task(s) still running at shutdown: %s", len(stuck), names)
        return not stuck

    # -- worker threads -----------------------------------------------------------------------------------

    def _next(self) -> _Task | None:
        # Lanes in the order they were made: a short lane ("store") is never starved by a long one's queue.
        for name in self.order:
            lane = self.lanes[name]
            if lane.queue and lane.running < lane.concurrency:
                lane.running += 1
                task = lane.queue.popleft()
                task.state = "running"
                self.running[task.key] = task
                return task
        return None

    def _work(self) -> None:
        me = threading.current_thread()
        try:
            while True:
                with self.cond:
                    task = None
                    while not self.closed:
                        task = self._next()
                        if task is not None:
                            break
                        self.idle += 1
                        woke = self.cond.wait(IDLE_EXIT_S)
                        self.idle -= 1
                        if not woke and not self.closed:
                            task = self._next()
                            if task is None:
                                return
                            break
                    if task is None:
                        return
                self._run_one(task)
        finally:
            with self.cond:
                self.threads.discard(me)

    def _run_one(self, task: _Task) -> None:
        try:
            result: object = task.fn(task.ctx)
            kind = "ok"
        except TaskCancelled:
            result, kind = None, "cancelled"
        except BaseException as exc:  # noqa: BLE001 - every failure must reach the owner's thread
            result, kind = exc, "error"
        # Into the outbox before the lane's slot is freed: the lane's next task cannot start (and finish) before
        # this outcome is queued, so a one-at-a-time lane calls back in the order its tasks were submitted.
        self.send((task.key, kind, result))
        with self.cond:
            self.running.pop(task.key, None)
            self.lanes[task.lane].running -= 1
            if self.lanes[task.lane].queue:
                self.cond.notify()

    def send(self, item: tuple[int, str, object]) -> None:
        # Outcomes wait in the outbox; only the first into an empty outbox rings the owner (one queued signal),
        # and the owner takes everything there: under load, one trip through Qt's event queue carries many.
        with self.handover:
            if not self.delivering:
                return
            with self.outbox_lock:
                ring = not self.outbox
                self.outbox.append(item)
            if ring:
                try:
                    self._deliver()
                except RuntimeError:  # the runner's QObject was deleted: nobody is listening
                    self.delivering = False

    def take_outbox(self) -> list[tuple[int, str, object]]:
        with self.outbox_lock:
            items = list(self.outbox)
            self.outbox.clear()
        return items


class TaskRunner(QObject):
    """Runs functions on worker threads in named lanes; calls back on the thread that owns it."""

    failed = Signal(str, str)  # task name, plain-text message: a task that failed and had no on_failure

    _done = Signal()  # from worker threads: outcomes wait in the state's outbox

    def __init__(self, parent: QObject | None = None, *, max_threads: int = 8) -> None:
        super().__init__(parent)
        self._tasks: dict[int, _Task] = {}
        self._keys = itertools.count(1)
        self._after_delivery: Callable[[], None] | None = None
        self._state = _State(max_threads, self._done.emit)
        _RUNNERS.add(self._state)
        self._connected = False  # see submit

    def lane(self, name: str, concurrency: int) -> None:
        """Make (or resize) the lane ``name``: at most ``concurrency`` of its tasks run at once."""
        self._state.lane(name, concurrency)

    @property
    def closed(self) -> bool:
        return self._state.closed

    @property
    def pending(self) -> int:
        """Tasks submitted whose callbacks have not run yet (queued or running)."""
        return len(self._tasks)

    def submit(
        self,
        fn: Callable[[TaskContext], T],
        *,
        name: str,
        lane: str = "default",
        on_success: Callable[[T], None] | None = None,
        on_failure: Callable[[BaseException], None] | None = None,
        on_progress: Callable[[object], None] | None = None,
    ) -> TaskHandle:
        """Run ``fn(ctx)`` on a worker of ``lane``; then ``on_success(result)`` or ``on_failure(exc)`` here."""
        if not self._connected:
            # Connected with the first task (nothing is delivered before one): the connection type is a member of
            # PySide6's Qt namespace, whose Python type takes 15-25 ms to build, and the app's runner is made
            # before the window's first paint, which reads no member of it.
            self._connected = True
            self._done.connect(self._deliver, QtCore.Qt.ConnectionType.QueuedConnection)
        key = next(self._keys)
        task = _Task(key, name, lane, fn, on_success, on_failure, on_progress)
        state = self._state
        task.ctx = TaskContext(lambda value: state.send((key, "progress", value)))
        handle = TaskHandle(state, task)
        if state.enqueue(task):
            self._tasks[key] = task
        return handle

    def run(
        self,
        fn: Callable[[], T],
        *,
        name: str,
        lane: str = "default",
        on_success: Callable[[T], None] | None = None,
        on_failure: Callable[[BaseException], None] | None = None,
    ) -> TaskHandle:
        """:meth:`submit` for a function that takes no context."""
        return self.submit(
            lambda _ctx: fn(), name=name, lane=lane, on_success=on_success, on_failure=on_failure
        )

    def drain(self, lane: str, deadline_s: float) -> bool:
        """Run the owner's event loop until every task of ``lane`` has called back (or the deadline passes).

        For the command line's exit: results still being saved get their chance before :meth:`shutdown`.
        """
        from PySide6.QtCore import QEventLoop, QTimer

        def busy() -> bool:
            return any(t.lane == lane for t in self._tasks.values())

        if not busy():
            return True
        loop = QEventLoop()
        timer = QTimer()
        timer.setSingleShot(True)
        timer.timeout.connect(loop.quit)
        self._after_delivery = lambda: None if busy() else loop.quit()
        timer.start(max(0, int(deadline_s * 1000)))
        try:
            loop.exec()
        finally:
            timer.stop()
            self._after_delivery = None
        return not busy()

    def shutdown(self, deadline_s: float = 1.0) -> bool:
        """Take no new work, drop what is queued, tell running tasks to cancel and wait up to ``deadline_s``.

        What has not ended by then is abandoned: no callback ever fires after this returns. True when every
        worker thread ended in time. Safe to call twice.
        """
        ok = self._state.shutdown(deadline_s)
        for task in self._tasks.values():
            task.state = "finished"
        self._tasks.clear()
        return ok

    @Slot()
    def _deliver(self) -> None:
        try:
            for item in self._state.take_outbox():
                try:
                    self._deliver_one(item)
                except Exception:  # noqa: BLE001 - a callback bug goes where any slot's would; the rest still run
                    sys.excepthook(*sys.exc_info())
        finally:
            if self._after_delivery is not None:
                self._after_delivery()

    def _deliver_one(self, item: tuple[int, str, object]) -> None:
        key, kind, payload = item
        if self._state.closed:
            return
        if kind == "progress":
            task = self._tasks.get(key)
            if task is not None and task.on_progress is not None and task.state == "running":
                task.on_progress(payload)
            return
        task = self._tasks.pop(key, None)
        if task is None:
            return
        if kind == "dropped":
            return
        task.state = "finished"
        if kind == "ok":
            if task.on_success is not None:
                task.on_success(payload)
        elif kind == "error":
            assert isinstance(payload, BaseException)
            if task.on_failure is not None:
                task.on_failure(payload)
            else:
                log.error("background task %r failed", task.name, exc_info=payload)
                self.failed.emit(task.name, describe_failure(payload))


class TaskScope:
    """The tasks of one short-lived owner (a dialog, a view): closing it cancels them and silences their callbacks.

    A task's callbacks then never reach an object that is gone, without each caller checking for it.
    """

    def __init__(self, runner: TaskRunner) -> None:
        self._runner = runner
        self._handles: list[TaskHandle] = []
        self._closed = False

    @property
    def pending(self) -> int:
        self._handles = [h for h in self._handles if not h.done]
        return len(self._handles)

    def submit(
        self,
        fn: Callable[[TaskContext], T],
        *,
        name: str,
        lane: str = "default",
        on_success: Callable[[T], None] | None = None,
        on_failure: Callable[[BaseException], None] | None = None,
        on_progress: Callable[[object], None] | None = None,
    ) -> TaskHandle | None:
        if self._closed:
            return None
        handle = self._runner.submit(
            fn, name=name, lane=lane,
            on_success=None if on_success is None else self._guard(on_success),
            on_failure=None if on_failure is None else self._guard(on_failure),
            on_progress=None if on_progress is None else self._guard(on_progress),
        )
        self._handles.append(handle)
        return handle

    def run(
        self,
        fn: Callable[[], T],
        *,
        name: str,
        lane: str = "default",
        on_success: Callable[[T], None] | None = None,
        on_failure: Callable[[BaseException], None] | None = None,
    ) -> TaskHandle | None:
        return self.submit(lambda _ctx: fn(), name=name, lane=lane, on_success=on_success, on_failure=on_failure)

    def _guard(self, callback: Callable[[Any], None]) -> Callable[[Any], None]:
        def call(value: Any) -> None:
            if not self._closed:
                callback(value)

        return call

    def close(self) -> None:
        """Cancel every task of this scope; none of their callbacks runs after this. Safe to call twice."""
        self._closed = True
        for handle in self._handles:
            handle.cancel()
        self._handles.clear()


def describe_failure(exc: BaseException) -> str:
    """A one-line, plain-text account of an exception for the user."""
    text = " ".join(str(exc).split())
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__


def live_worker_threads() -> list[threading.Thread]:
    """Worker threads of runners that were never shut down (tests fail on any left at their end)."""
    out: list[threading.Thread] = []
    for state in list(_RUNNERS):
        if not state.closed:
            with state.cond:
                out.extend(t for t in state.threads if t.is_alive())
    return out


def shutdown_all(deadline_s: float = 1.0) -> None:
    """Shut every runner not yet shut down (the test guard's cleanup)."""
    for state in list(_RUNNERS):
        if not state.closed:
            state.shutdown(deadline_s)

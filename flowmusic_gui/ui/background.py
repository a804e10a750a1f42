"""Run a function off the GUI thread and hand its result (or its exception) back to the GUI thread.

In the spirit of Anki's ``aqt.operations``: the caller states what runs in the background and what runs on
success or failure; every worker thread is stopped and waited for in :meth:`Background.shutdown`.
"""

from __future__ import annotations

import itertools
import logging
from collections.abc import Callable
from typing import Any, Generic, TypeVar

from PySide6.QtCore import QObject, Qt, QThread, Signal, Slot

T = TypeVar("T")
log = logging.getLogger(__name__)
#: Workers still running after a shutdown timed out (a keyring call stuck on D-Bus, say).
_ABANDONED: list[QThread] = []


class _Worker(QThread):
    """Runs one function; reports through the owning :class:`Background`'s queued signal."""

    def __init__(self, key: int, fn: Callable[[], Any], relay: Background) -> None:
        super().__init__()
        self._key = key
        self._fn = fn
        self._relay = relay

    def run(self) -> None:
        try:
            result = self._fn()
        except BaseException as exc:  # noqa: BLE001 - every failure must reach the GUI thread
            self._relay._done.emit(self._key, False, exc)
        else:
            self._relay._done.emit(self._key, True, result)


class _Task(Generic[T]):
    __slots__ = ("on_failure", "on_success", "worker")

    def __init__(
        self,
        worker: _Worker,
        on_success: Callable[[T], None] | None,
        on_failure: Callable[[BaseException], None] | None,
    ) -> None:
        self.worker = worker
        self.on_success = on_success
        self.on_failure = on_failure


class Background(QObject):
    """Owns the worker threads of one window (or dialog)."""

    # Emitted from worker threads; delivered to _deliver on the GUI thread (QueuedConnection).
    _done = Signal(int, bool, object)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._tasks: dict[int, _Task[Any]] = {}
        self._keys = itertools.count(1)
        self._closed = False
        self._done.connect(self._deliver, Qt.ConnectionType.QueuedConnection)

    def run(
        self,
        fn: Callable[[], T],
        on_success: Callable[[T], None] | None = None,
        on_failure: Callable[[BaseException], None] | None = None,
    ) -> None:
        """Call ``fn()`` on a worker thread; then ``on_success(result)`` or ``on_failure(exc)`` here."""
        if self._closed:
            return
        key = next(self._keys)
        worker = _Worker(key, fn, self)
        self._tasks[key] = _Task(worker, on_success, on_failure)
        worker.start()

    @property
    def pending(self) -> int:
        return len(self._tasks)

    @Slot(int, bool, object)
    def _deliver(self, key: int, ok: bool, payload: object) -> None:
        task = self._tasks.pop(key, None)
        if task is None:
            return
        # It has returned from run(): the wait is immediate. No deleteLater(): Python owns the thread object,
        # and dropping the last reference deletes it once (deleteLater too would delete it twice).
        task.worker.wait()
        if self._closed:
            return
        if ok:
            if task.on_success is not None:
                task.on_success(payload)
        elif task.on_failure is not None:
            assert isinstance(payload, BaseException)
            task.on_failure(payload)
        else:
            log.error("background task failed", exc_info=payload)  # type: ignore[arg-type]

    def shutdown(self, timeout_ms: int = 3000) -> None:
        """Drop pending callbacks and wait for every worker (a hung one is left to die with the process)."""
        self._closed = True
        for key, task in list(self._tasks.items()):
            if not task.worker.wait(timeout_ms):
                log.warning("a background task did not finish within %d ms", timeout_ms)
                # Destroying a running QThread aborts the process: keep it referenced until it ends.
                _ABANDONED.append(task.worker)
            del self._tasks[key]
        # Deliveries already queued find no task and return.

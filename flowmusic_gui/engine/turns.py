"""Heavy pieces of work on the GUI thread take turns: never two of them in one pass of the event loop.

Taking in thousands of jobs is made of pieces that each hold the loop a while: a look at a list of 12,000 running
jobs (the poll schedule's, 20-40 ms), a slice of them taken in (the tracker's and the table's, ~8 ms), and the
paint of the table those rows changed (~10 ms). Each is within budget; landing back to back, in one pass or two
adjacent ones, they held the window 60-100 ms. Here each piece is timed, and the next may start only once the loop
has been free for ``GAP_S`` after the last one ended: input, timers and a paint that fell due run in between.

A piece that cannot wait (Qt's own paint) is only noted. A piece that waits keeps its order with the others.
Nothing here sleeps: a waiting piece is run by a timer when the loop is free again.
"""

from __future__ import annotations

import time
from collections import deque
from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, QObject, QTimer

#: How long the loop stays free after a heavy piece before the next one starts (a pass of the loop, with the
#: timers that fell due meanwhile and a paint requested by the piece, which Qt runs 5 ms after it is asked for).
GAP_S = 0.006
#: A piece shorter than this leaves no gap behind it: a few hundred such pieces a second are the loop's usual
#: work (one job's answer, a tick), not a freeze.
HEAVY_S = 0.004


class Turns(QObject):
    """The GUI thread's heavy pieces, one per pass of the loop (see the module's docstring)."""

    def __init__(self, parent: QObject | None = None, *, clock: Callable[[], float] = time.perf_counter) -> None:
        super().__init__(parent)
        self._clock = clock
        self._free_at = 0.0
        self._busy = False  # a piece runs now: one it asks for waits for a pass of its own
        self._waiting: deque[tuple[object, Callable[[], None]]] = deque()  # (owner, piece), in order
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self._run_waiting)

    def free(self) -> bool:
        """Whether a heavy piece may start now."""
        return not self._busy and self._clock() >= self._free_at

    def wait_ms(self) -> int:
        """Milliseconds until a heavy piece may start (0: now)."""
        return max(0, round((self._free_at - self._clock()) * 1000))

    def note(self, started: float, ended: float | None = None) -> None:
        """A piece that ran from ``started`` to ``ended`` (now when not given; ``clock()`` times): if it was
        heavy, the next waits until the loop has been free for a while."""
        ended = self._clock() if ended is None else ended
        if ended - started >= HEAVY_S:
            self._free_at = max(self._free_at, ended + GAP_S)

    def run(self, piece: Callable[[], None], owner: object = None) -> None:
        """Run ``piece`` on the loop's next pass once it is free, after the pieces asked for before it.

        Never at once: a piece asked for by an event that came right after another piece (a worker's answer
        delivered in the same pass) would share its pass. From a timer, the timers that fell due before it (a
        paint, input) run first. An owner that stops calls :meth:`drop` with itself: what it left waiting is
        not run.
        """
        self._waiting.append((owner, piece))
        self._arm()

    def drop(self, owner: object) -> None:
        """Forget the pieces ``owner`` left waiting."""
        self._waiting = deque((o, p) for o, p in self._waiting if o is not owner)
        if not self._waiting:
            self._timer.stop()

    @property
    def waiting(self) -> int:
        return len(self._waiting)

    def _timed(self, piece: Callable[[], None]) -> None:
        started = self._clock()
        self._busy = True
        try:
            piece()
        finally:
            self._busy = False
            self.note(started)

    def _arm(self) -> None:
        if not self._timer.isActive():
            self._timer.start(self.wait_ms())  # 0: the loop's next pass (its timers fire in the order they fell due)

    def _run_waiting(self) -> None:
        if not self._waiting:
            return
        if not self.free():
            self._arm()
            return
        _owner, piece = self._waiting.popleft()
        try:
            self._timed(piece)
        finally:
            if self._waiting:
                self._arm()


_turns: Turns | None = None


def turns() -> Turns:
    """The application's one :class:`Turns` (on the GUI thread; it goes with the application object)."""
    global _turns
    if _turns is None:
        app = QCoreApplication.instance()
        _turns = Turns(app)
        _turns.destroyed.connect(_forget)
    return _turns


def _forget() -> None:
    global _turns
    _turns = None

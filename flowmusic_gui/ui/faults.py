"""Unexpected errors and termination signals: every uncaught exception (in a slot, a thread, anywhere) reaches the
token-redacted log and a notice in the window; SIGTERM and SIGHUP (a logout, ``kill``) quit like File → Quit.
"""

from __future__ import annotations

import contextlib
import logging
import signal
import sys
import threading
from collections.abc import Callable
from types import TracebackType

from PySide6.QtCore import QObject, QSocketNotifier, Signal

log = logging.getLogger(__name__)

#: The signals handled like Quit (SIGHUP does not exist on Windows).
QUIT_SIGNALS: tuple[signal.Signals, ...] = tuple(
    s for s in (getattr(signal, "SIGTERM", None), getattr(signal, "SIGHUP", None)) if s is not None
)
_MAX_SHOWN_CHARS = 200


def summary(exc: BaseException) -> str:
    """One line for the window: the error's type and the start of its text (the log holds the rest)."""
    from flowmusic_gui.ui.logging_setup import REDACTOR

    text = " ".join(REDACTOR.redact(str(exc)).split())
    if len(text) > _MAX_SHOWN_CHARS:
        text = text[: _MAX_SHOWN_CHARS - 1] + "…"
    head = type(exc).__name__ + (f": {text}" if text else "")
    from PySide6.QtCore import QCoreApplication

    return QCoreApplication.translate(
        "ErrorReporter",
        "Unexpected error ({error}). The app carries on; the details are in the log (Help → Open log folder).",
    ).format(error=head)


class ErrorReporter(QObject):
    """Installs ``sys.excepthook`` and ``threading.excepthook``; ``uninstall()`` puts the previous ones back.

    Each error is logged at once (from whichever thread raised it) and handed to ``show`` on the GUI thread.
    """

    _shown = Signal(str)

    def __init__(self, show: Callable[[str], None], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._shown.connect(show)  # queued when emitted from another thread
        # Set while this thread reports an error: a ``show`` that raises would otherwise reach sys.excepthook,
        # which is this reporter again, until the stack and then the interpreter give out.
        self._reporting = threading.local()
        self._previous_hook = sys.excepthook
        self._previous_thread_hook = threading.excepthook
        sys.excepthook = self._excepthook
        threading.excepthook = self._thread_excepthook

    def uninstall(self) -> None:
        if sys.excepthook == self._excepthook:
            sys.excepthook = self._previous_hook
        if threading.excepthook == self._thread_excepthook:
            threading.excepthook = self._previous_thread_hook

    def _excepthook(
        self, kind: type[BaseException], exc: BaseException, tb: TracebackType | None, where: str = ""
    ) -> None:
        if issubclass(kind, KeyboardInterrupt):
            self._previous_hook(kind, exc, tb)
            return
        if getattr(self._reporting, "active", False):
            log.error("error while reporting an error%s (not shown)", where, exc_info=(kind, exc, tb))
            return
        self._reporting.active = True
        try:
            # The file handler's filter redacts the token from the message and the formatted traceback alike.
            log.error("unexpected error%s", where, exc_info=(kind, exc, tb))
            with contextlib.suppress(RuntimeError):  # the relay is gone at the very end of the program
                self._shown.emit(summary(exc))
        finally:
            self._reporting.active = False

    def _thread_excepthook(self, args: threading.ExceptHookArgs) -> None:
        if args.exc_value is None:
            return
        name = args.thread.name if args.thread is not None else "a thread"
        self._excepthook(args.exc_type, args.exc_value, args.exc_traceback, f" in {name}")


class QuitOnSignal(QObject):
    """Calls ``quit`` on the GUI thread when SIGTERM or SIGHUP arrives; ``close()`` restores the old handlers.

    Python runs its signal handlers only when it holds control, which it does not while Qt's loop waits: the
    C-level handler writes the signal's number to a socket (``signal.set_wakeup_fd``) that a QSocketNotifier
    watches, so the loop wakes up and this object reads which signal came.
    """

    received = Signal(int)

    def __init__(self, quit: Callable[[], None], parent: QObject | None = None) -> None:
        import socket  # made after the first paint (gui.py): the socket module is not loaded before it

        super().__init__(parent)
        self._quit = quit
        self._reader, self._writer = socket.socketpair()
        self._reader.setblocking(False)
        self._writer.setblocking(False)
        self._previous_fd = signal.set_wakeup_fd(self._writer.fileno(), warn_on_full_buffer=False)
        self._previous: dict[signal.Signals, object] = {}
        for sig in QUIT_SIGNALS:
            # A Python-level handler is needed for the wake-up byte to be written; the work happens in _wake.
            self._previous[sig] = signal.signal(sig, _note_signal)
        self._notifier = QSocketNotifier(self._reader.fileno(), QSocketNotifier.Type.Read, self)
        self._notifier.activated.connect(self._wake)
        self._done = False

    def _wake(self) -> None:
        try:
            data = self._reader.recv(64)
        except OSError:
            return
        for number in data:
            if number in {int(s) for s in QUIT_SIGNALS} and not self._done:
                self._done = True
                log.info("received %s: quitting as from File → Quit", signal.Signals(number).name)
                self.received.emit(number)
                self._quit()

    def close(self) -> None:
        self._notifier.setEnabled(False)
        for sig, handler in self._previous.items():
            with contextlib.suppress(ValueError, TypeError, OSError):
                signal.signal(sig, handler)  # type: ignore[arg-type]
        with contextlib.suppress(ValueError):
            signal.set_wakeup_fd(self._previous_fd)
        self._reader.close()
        self._writer.close()


def _note_signal(signum: int, frame: object) -> None:
    """The Python-level handler: nothing to do here, QuitOnSignal acts when the loop wakes up."""

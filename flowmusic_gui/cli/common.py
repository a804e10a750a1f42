"""What every ``flowmusic`` command shares: the exit codes, the argument parser's class, reading job ids, the
store, and printing for people and for scripts."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence
from typing import IO, Any, NoReturn

EXIT_OK = 0
EXIT_JOB_FAILED = 1
EXIT_USAGE = 2
EXIT_NO_TOKEN = 3
EXIT_TIMEOUT = 4
EXIT_INTERRUPTED = 130
#: The reader of the output went away (`flowmusic download --json | head -3`): what a shell reports for SIGPIPE.
EXIT_OUTPUT_CLOSED = 141

TOKEN_HELP = (
    "Set FLOWMUSIC_API_TOKEN in the environment, or save the token in the system keyring with "
    "`flowmusic token set`."
)


def lookup_token() -> Any:
    """The token in effect (a TokenLookup): the environment, then the keyring. Every command asks here."""
    from flowmusic_gui.core.credentials import TokenStore

    return TokenStore().lookup()


def token_rejected(message: str) -> str:
    """"the API token was rejected (401): <the server's words>", said once: the client's message already starts
    with its own head ("the API token was not accepted (401)"), which is not repeated."""
    text = oneline(message)
    for head in ("the API token was not accepted (401)", "no API token is set (401)"):
        if text.startswith(head):
            text = text[len(head):].lstrip(":; ").strip()
            break
    return f"the API token was rejected (401){': ' + text if text else ''}"


def say_no_token(found: Any, what: str = "") -> None:
    """The one sentence every command prints when it has no token it can send: what is wrong with the one that
    is set (a space, a line break, ...), or that none is, and how to set one. ``what``: what it was needed for."""
    from flowmusic_gui.core.credentials import no_token_message

    if found.problem:
        print(f"flowmusic: {no_token_message(found)}", file=sys.stderr)
        return
    message = found.message or "no API token is set"
    print(f"flowmusic: {message}{f' {what}' if what else ''}. {TOKEN_HELP}", file=sys.stderr)


class ClosedAware:
    """Standard output that notices when its reader has gone (`| head -3`) instead of raising BrokenPipeError
    from wherever the next line is written (a Qt slot prints it as a traceback). Later writes are dropped, and
    the descriptor is pointed at /dev/null so the interpreter's last flush is quiet too. ``gone`` says so."""

    def __init__(self, stream: IO[str]) -> None:
        self._stream = stream
        self.gone = False

    def write(self, text: str) -> int:
        if not self.gone:
            try:
                return self._stream.write(text)
            except BrokenPipeError:
                self._went_away()
        return len(text)

    def flush(self) -> None:
        if not self.gone:
            try:
                self._stream.flush()
            except BrokenPipeError:
                self._went_away()

    def _went_away(self) -> None:
        self.gone = True
        import os

        try:
            devnull = os.open(os.devnull, os.O_WRONLY)
        except OSError:
            return
        try:
            os.dup2(devnull, self._stream.fileno())
        except (OSError, ValueError, AttributeError):
            pass
        finally:
            os.close(devnull)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._stream, name)


def output_gone(out: object) -> bool:
    """Whether the reader of ``out`` (a ClosedAware stdout) has gone away."""
    return bool(getattr(out, "gone", False))


class UsageError(Exception):
    """Bad arguments: the message names the bad piece. Exit code 2."""


class Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        self.exit(EXIT_USAGE, f"{self.prog}: error: {message}\n")


def positive_float(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number: {text!r}") from None
    if not value > 0 or value != value or value == float("inf"):
        raise argparse.ArgumentTypeError(f"must be a positive number of seconds: {text!r}")
    return value



def collect_ids(args: Sequence[str], stdin: IO[str]) -> tuple[list[str], list[str]]:
    """Job ids from arguments (``-`` reads free text from stdin); returns (ids, complaints)."""
    from flowmusic_gui.core.jobids import extract_jobids, validate_jobid

    ids: list[str] = []
    complaints: list[str] = []
    seen: set[str] = set()

    def keep(jobid: str) -> None:
        if jobid not in seen:
            seen.add(jobid)
            ids.append(jobid)

    for arg in args:
        if arg == "-":
            found = extract_jobids(stdin.read())
            for jobid in found.ids:
                keep(jobid)
            complaints.extend(f"{r.piece}: {r.reason}" for r in found.rejected)
            continue
        reason = validate_jobid(arg)
        if reason is None:
            keep(arg)
            continue
        found = extract_jobids(arg)  # a URL or a quoted id still holds a good one
        if len(found.ids) == 1 and not found.rejected:
            keep(found.ids[0])
        else:
            complaints.append(f"{clip(arg)}: {reason}")
    return ids, complaints


def clip(text: str, limit: int = 120) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def api_base(cli_value: str | None) -> str:
    from flowmusic_gui.core.client import BadBaseUrl
    from flowmusic_gui.core.config import api_base as resolve_base

    try:
        return resolve_base(cli_value)
    except BadBaseUrl as exc:
        raise UsageError(str(exc)) from None


def open_store(data_dir: str | None, *, read_only_ok: bool = False) -> Any:
    """The job store; with ``read_only_ok``, a read-only data folder is said once and read as it is.

    Returns None when the folder is read-only and holds no job list yet (nothing to read).
    """
    from flowmusic_gui.core.paths import data_dir as resolve
    from flowmusic_gui.core.store import JobStore, StoreError, StoreReadOnly

    path = resolve(data_dir) / JobStore.FILENAME
    try:
        store = JobStore(path)
    except StoreReadOnly as exc:
        if not read_only_ok:
            raise UsageError(str(exc)) from None
        print(f"flowmusic: {exc} Listing what it holds.", file=sys.stderr)
        if not path.exists():
            return None
        try:
            return JobStore.open_read_only(path)
        except StoreError as again:
            raise UsageError(str(again)) from None
    except StoreError as exc:
        raise UsageError(str(exc)) from None
    if store.notice:
        print(f"flowmusic: {store.notice}", file=sys.stderr)
    return store


def say_store_problem(message: str | None, warn: Callable[[str], None] | None = None) -> None:
    """The writer lane's one report, as the command line says it: once when the job list stops taking writes
    (they are kept and retried); nothing when it takes them again."""
    if message:
        text = f"flowmusic: warning: the job list cannot be saved yet (kept, retrying): {oneline(message)}"
        (warn or _to_stderr)(text)


def close_writer(writer: Any, flush_s: float, warn: Callable[[str], None] | None = None) -> None:
    """Write what the command's writer lane still holds (waiting up to ``flush_s``) and say what could not be."""
    lost = writer.close(flush_s)
    if lost:
        (warn or _to_stderr)(f"flowmusic: warning: {lost} change(s) to the job list could not be saved")


def _to_stderr(text: str) -> None:
    print(text, file=sys.stderr)


def print_json(obj: object, out: IO[str]) -> None:
    from flowmusic_gui.core.output import dumps_strict

    out.write(dumps_strict(obj) + "\n")
    out.flush()


def oneline(text: object) -> str:
    # API text: on one line so it cannot forge output lines, its control characters shown, not obeyed.
    from flowmusic_gui.core.output import one_line

    return one_line(str(text))


def say(stream: IO[str], text: str) -> None:
    """Lines for a person, through the one gate that shows control characters instead of obeying them."""
    from flowmusic_gui.terminal.text import plain

    stream.write("".join(plain(line) + "\n" for line in text.splitlines()))


def dispose_application(app: Any) -> None:
    """End the QCoreApplication here, while Python is in control.

    Left to PySide's exit handler, destroying it walks every remaining wrapper and now and then met a stale one
    after a watch ended (a crash at exit, exit code -11 or -6, with all output already written).
    """
    import shiboken6
    from PySide6.QtCore import QCoreApplication, QEvent

    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    shiboken6.delete(app)

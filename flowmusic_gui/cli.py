"""The ``flowmusic`` command: watch, track, untrack, list, token and simulate, on the same engine as the window.

Exit codes (scripts rely on them): 0 every job completed / the command succeeded; 1 a job failed, was not found or
forbidden; 2 bad arguments; 3 no token, or the token was rejected; 4 ``--timeout`` reached; 130 interrupted.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import logging
import os
import signal
import sys
from collections.abc import Sequence
from typing import IO, Any, NoReturn

from flowmusic_gui import __version__

EXIT_OK = 0
EXIT_JOB_FAILED = 1
EXIT_USAGE = 2
EXIT_NO_TOKEN = 3
EXIT_TIMEOUT = 4
EXIT_INTERRUPTED = 130

TOKEN_HELP = (
    "Set FLOWMUSIC_API_TOKEN in the environment, or save the token in the system keyring with "
    "`flowmusic token set`."
)


class UsageError(Exception):
    """Bad arguments: the message names the bad piece. Exit code 2."""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        self.exit(EXIT_USAGE, f"{self.prog}: error: {message}\n")


def _positive_float(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number: {text!r}") from None
    if not value > 0 or value != value or value == float("inf"):
        raise argparse.ArgumentTypeError(f"must be a positive number of seconds: {text!r}")
    return value


def build_parser() -> argparse.ArgumentParser:
    from flowmusic_gui.terminal.helptext import OVERVIEW_EPILOG, help_for

    parser = _Parser(
        prog="flowmusic",
        description="Watch FlowMusic generation jobs until they finish; track, list and manage the token.",
        epilog=OVERVIEW_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"flowmusic {__version__}")
    api_help = "the API base URL (default: $FLOWMUSIC_API_BASE or https://api.useapi.net/v1/flowmusic)"
    data_help = "where the job store lives (default: $FLOWMUSIC_DATA_DIR or the app's data folder)"
    # Global options, accepted before or after the command; the command's copy only overrides when given.
    parser.add_argument("--api-base", metavar="URL", help=api_help)
    parser.add_argument("--data-dir", metavar="DIR", help=data_help)
    common = _Parser(add_help=False)
    common.add_argument("--api-base", metavar="URL", default=argparse.SUPPRESS, help=api_help)
    common.add_argument("--data-dir", metavar="DIR", default=argparse.SUPPRESS, help=data_help)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    sub.required = True

    watch = sub.add_parser("watch", parents=[common], **help_for("watch"))
    watch.add_argument("--json", action="store_true", help="one JSON object per line for each state change")
    watch.add_argument("--poll-interval", type=_positive_float, metavar="S",
                       help="the base polling interval in seconds (default 4)")
    watch.add_argument("--max-interval", type=_positive_float, metavar="S",
                       help="the longest interval between two polls of a job (default 60)")
    watch.add_argument("--timeout", type=_positive_float, metavar="S",
                       help="give up after S seconds with exit code 4")
    watch.add_argument("--track", action="store_true", help="also add the jobs to the app's store")
    watch.add_argument("jobids", nargs="+", metavar="JOBID", help="job ids, or - to read text from stdin")

    track = sub.add_parser("track", parents=[common], **help_for("track"))
    track.add_argument("jobids", nargs="+", metavar="JOBID", help="job ids, or - to read text from stdin")

    untrack = sub.add_parser("untrack", parents=[common], **help_for("untrack"))
    untrack.add_argument("jobids", nargs="+", metavar="JOBID", help="job ids, or - to read text from stdin")

    lst = sub.add_parser("list", parents=[common], **help_for("list"))
    lst.add_argument("--json", action="store_true", help="one JSON object per line")

    token = sub.add_parser("token", parents=[common], **help_for("token"))
    token.add_argument("action", choices=["set", "clear", "status"], help="what to do with the token")

    sub.add_parser("simulate", add_help=False, help="run a local FlowMusic API for trying things out "
                   "(see simulate --help)")
    return parser


# -- helpers ----------------------------------------------------------------------------------------------


def _collect_ids(args: Sequence[str], stdin: IO[str]) -> tuple[list[str], list[str]]:
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
            complaints.append(f"{_clip(arg)}: {reason}")
    return ids, complaints


def _clip(text: str, limit: int = 120) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _api_base(cli_value: str | None) -> str:
    from flowmusic_gui.core.client import BadBaseUrl
    from flowmusic_gui.core.config import api_base

    try:
        return api_base(cli_value)
    except BadBaseUrl as exc:
        raise UsageError(str(exc)) from None


def _open_store(data_dir: str | None, *, read_only_ok: bool = False) -> Any:
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


def _print_json(obj: object, out: IO[str]) -> None:
    from flowmusic_gui.core.output import dumps_strict

    out.write(dumps_strict(obj) + "\n")
    out.flush()


# -- commands ---------------------------------------------------------------------------------------------


def cmd_track(ns: argparse.Namespace, stdin: IO[str], out: IO[str]) -> int:
    ids, complaints = _collect_ids(ns.jobids, stdin)
    store = _open_store(ns.data_dir)
    try:
        result = store.add(ids)
    finally:
        store.close()
    out.write(
        f"{len(result.added)} added, {len(result.already)} already tracked, {len(complaints)} rejected\n"
    )
    for complaint in complaints:
        print(f"rejected: {_oneline(complaint)}", file=sys.stderr)
    return EXIT_USAGE if complaints else EXIT_OK


def cmd_untrack(ns: argparse.Namespace, stdin: IO[str], out: IO[str]) -> int:
    ids, complaints = _collect_ids(ns.jobids, stdin)
    store = _open_store(ns.data_dir)
    try:
        tracked = {j for j in ids if store.get(j) is not None}
        removed = store.remove(sorted(tracked))
    finally:
        store.close()
    out.write(f"{removed} removed\n")
    for jobid in ids:
        if jobid not in tracked:
            print(f"not tracked: {jobid}", file=sys.stderr)
    for complaint in complaints:
        print(f"rejected: {_oneline(complaint)}", file=sys.stderr)
    return EXIT_USAGE if complaints else EXIT_OK


def cmd_list(ns: argparse.Namespace, out: IO[str]) -> int:
    store = _open_store(ns.data_dir, read_only_ok=True)
    rows, jobs = [], []
    if store is not None:
        try:
            if ns.json:
                rows = store.listing()
            else:
                jobs = store.all()
        finally:
            store.close()
    if ns.json:
        # The stored record text is compact JSON, the API's object verbatim: splice it in unparsed (it is
        # re-encoded only when it holds NaN or Infinity, which strict parsers refuse).
        from flowmusic_gui.core.output import strict_json_text

        dumps = json.dumps
        out.write(
            "".join(
                f'{{"jobid":{dumps(jobid, ensure_ascii=False)},"state":{dumps(state)},'
                f'"added_at":{dumps(added.isoformat() if added else None)},'
                f'"record":{strict_json_text(record) if record and record.startswith("{") else "null"}}}\n'
                for jobid, state, added, record in rows
            )
        )
        return EXIT_OK
    if not jobs:
        out.write("No tracked jobs. Add some with `flowmusic track JOBID...`.\n")
        return EXIT_OK
    for j in jobs:
        title = ""
        if isinstance(j.record, dict):
            clips = j.record.get("clips")
            if isinstance(clips, list) and clips and isinstance(clips[0], dict):
                t = clips[0].get("title")
                title = t if isinstance(t, str) else ""
        out.write(f"{j.state.value:<10} {j.jobid}  {_oneline(title)}\n".rstrip() + "\n")
    return EXIT_OK


def _oneline(text: str) -> str:
    # API text: on one line so it cannot forge output lines, its control characters shown, not obeyed.
    from flowmusic_gui.core.output import one_line

    return one_line(text)


def cmd_token(ns: argparse.Namespace, stdin: IO[str], out: IO[str]) -> int:
    from flowmusic_gui.core.credentials import (
        ENV_VAR,
        SERVICE,
        CredentialError,
        TokenSource,
        TokenStore,
        no_token_message,
    )

    store = TokenStore()
    env_set = bool(os.environ.get(ENV_VAR, "").strip())
    if ns.action == "status":
        found = store.lookup()
        if found.problem:
            _say(out, f"{no_token_message(found)}\n")
            return EXIT_NO_TOKEN
        if found.source is TokenSource.NONE:
            _say(out, f"No token. {TOKEN_HELP}\n")
            if found.message:
                _say(out, f"{found.message}\n")
            return EXIT_NO_TOKEN
        _say(out, f"A token is set ({found.source.value}): {found.message}\n")
        if found.source is TokenSource.ENV and _keyring_holds_token():
            _say(out, f"The system keyring also holds a saved token, used once {ENV_VAR} is unset.\n")
        return EXIT_OK
    if ns.action == "clear":
        usable, where = store.keyring_usable()
        had = usable and _keyring_holds_token()
        try:
            store.clear()
        except CredentialError as exc:
            _say(sys.stderr, f"flowmusic: {exc}. The token may still be saved there.")
            return EXIT_JOB_FAILED
        if had:
            _say(out, f"Removed the saved token from {where}.\n")
        elif usable:
            _say(out, f"No token was saved in {where}: nothing to remove.\n")
        else:
            _say(out, f"No token was saved ({where}): nothing to remove.\n")
        if env_set:
            _say(
                out,
                f"The environment's {ENV_VAR} is still set and still takes precedence: commands run from this "
                f"shell keep using it until you unset it (unset {ENV_VAR}).\n",
            )
        else:
            _say(out, f"No token is set now: `flowmusic watch` exits 3 until you set one. {TOKEN_HELP}\n")
        return EXIT_OK
    # set
    if stdin.isatty():
        import getpass

        token = getpass.getpass("FlowMusic API token (input hidden): ")
    else:
        token = stdin.readline()
    token = token.strip()
    if not token:
        _say(sys.stderr, "flowmusic: no token given (empty input); nothing was saved")
        return EXIT_USAGE
    usable, where = store.keyring_usable()
    replaced = usable and _keyring_holds_token()
    try:
        saved = store.save(token)
    except CredentialError as exc:
        _say(sys.stderr, f"flowmusic: {exc}; nothing was saved")
        return EXIT_USAGE
    if saved.source is TokenSource.KEYRING:
        note = ", replacing the token saved there before" if replaced else ""
        _say(out, f"Token saved in {where} under the service name {SERVICE}{note}.\n")
        if env_set:
            _say(
                out,
                f"The environment's {ENV_VAR} still takes precedence over it: unset {ENV_VAR} to use the "
                "saved token.\n",
            )
        else:
            _say(out, "The app and `flowmusic watch` use it from now on.\n")
        return EXIT_OK
    # The fallback of the window (keep it for this session) means nothing to a command that ends now.
    reason = _unwrap(saved.message.split(f"; {ENV_VAR} is set")[0], "kept for this session only (", ")")
    _say(
        sys.stderr,
        f"flowmusic: the token was not saved: {reason}. Nothing was written anywhere. Without a keyring, set "
        f"{ENV_VAR} in the environment instead.",
    )
    return EXIT_JOB_FAILED


def _say(stream: IO[str], text: str) -> None:
    """Lines for a person, through the one gate that shows control characters instead of obeying them."""
    from flowmusic_gui.terminal.text import plain

    stream.write("".join(plain(line) + "\n" for line in text.splitlines()))


def _keyring_holds_token() -> bool:
    """Whether the system keyring holds a usable token, whatever the environment says."""
    from flowmusic_gui.core.credentials import TokenSource, TokenStore

    return TokenStore(environ={}).lookup().source is TokenSource.KEYRING


def _unwrap(text: str, prefix: str, suffix: str) -> str:
    if text.startswith(prefix) and text.endswith(suffix):
        return text[len(prefix) : len(text) - len(suffix)]
    return text


def cmd_watch(ns: argparse.Namespace, stdin: IO[str], out: IO[str]) -> int:
    ids, complaints = _collect_ids(ns.jobids, stdin)
    if complaints:
        for complaint in complaints:
            print(f"flowmusic: bad job id: {_oneline(complaint)}", file=sys.stderr)
        return EXIT_USAGE
    if not ids:
        print("flowmusic: no job ids given", file=sys.stderr)
        return EXIT_USAGE
    base = _api_base(ns.api_base)

    from flowmusic_gui.core.credentials import TokenStore, no_token_message

    found = TokenStore().lookup()
    if found.problem:
        print(f"flowmusic: {no_token_message(found)}", file=sys.stderr)
        return EXIT_NO_TOKEN
    if not found.token:
        print(f"flowmusic: no API token. {TOKEN_HELP}", file=sys.stderr)
        return EXIT_NO_TOKEN

    from flowmusic_gui.core.client import ApiClient
    from flowmusic_gui.core.config import policy_config

    config = policy_config(poll_interval=ns.poll_interval, max_interval=ns.max_interval)
    store = _open_store(ns.data_dir) if ns.track else None
    if store is not None:
        store.add(ids)
    client = ApiClient(base, found.token)
    try:
        return _run_watch(ids, client, config, store, ns.json, ns.timeout, out)
    finally:
        client.close()
        if store is not None:
            store.close()


def _run_watch(ids: list[str], client: Any, config: Any, store: Any, as_json: bool,
               timeout: float | None, out: IO[str]) -> int:
    import time

    from PySide6.QtCore import QCoreApplication, Qt, QTimer

    from flowmusic_gui.core.records import JobState
    from flowmusic_gui.engine.tracker import Tracker
    from flowmusic_gui.engine.types import ConnectionProblem, JobView, RateLimit
    from flowmusic_gui.terminal.progress import WatchProgress
    from flowmusic_gui.terminal.screen import PlainScreen, screen_for

    existing = QCoreApplication.instance()
    app = existing or QCoreApplication(["flowmusic"])
    # With a store, the tracker would resume every tracked job; watch only what was asked for.
    tracker = Tracker(None, client, config)
    last_state: dict[str, JobState] = {}
    result: dict[str, int | None] = {"code": None}
    # --json keeps stdout to its JSON lines; readable output may redraw a status block on a terminal.
    screen = PlainScreen(out, sys.stderr) if as_json else screen_for(out, sys.stderr)
    progress = None if as_json else WatchProgress(ids, screen, started=time.monotonic())

    def warn(text: str) -> None:
        if progress is not None:
            progress.warn(text)
        else:
            print(text, file=sys.stderr)

    def finish(code: int) -> None:
        if result["code"] is None:
            result["code"] = code
            app.exit(code)

    def on_changed(view: JobView) -> None:
        if view.jobid not in ids or view.state is JobState.NEW:
            return
        if last_state.get(view.jobid) is not view.state:
            last_state[view.jobid] = view.state
            if store is not None:
                store.record_poll(view.jobid, state=view.state, record=view.raw_record,
                                  polled_at=view.last_polled_at or view.added_at)
            if progress is None:
                _print_json_view(view, out)
            else:
                progress.changed(view, time.monotonic())
        elif progress is not None:
            progress.seen(view)
        if len(last_state) == len(ids) and all(s.is_terminal for s in last_state.values()):
            ok = all(s is JobState.COMPLETED for s in last_state.values())
            finish(EXIT_OK if ok else EXIT_JOB_FAILED)

    def on_problem(problem: ConnectionProblem) -> None:
        warn(f"flowmusic: warning: {_oneline(problem.message)} (retrying in {problem.retry_in:.0f} s)")

    def on_rate(limit: RateLimit) -> None:
        warn(f"flowmusic: warning: rate limited: waiting {limit.seconds:.0f} s ({_oneline(limit.message)})")

    def on_auth(message: str) -> None:
        warn(f"flowmusic: the API token was rejected (401): {_oneline(message)}. {TOKEN_HELP}")
        finish(EXIT_NO_TOKEN)

    tracker.job_changed.connect(on_changed)
    tracker.problem.connect(on_problem)
    tracker.rate_limited.connect(on_rate)
    tracker.auth_failed.connect(on_auth)

    timers: list[QTimer] = []
    if timeout is not None:
        deadline = QTimer()
        deadline.setSingleShot(True)
        # A coarse timer may fire 5% early: "--timeout 3" would end at 2.85 s and the summary say 0:02.
        deadline.setTimerType(Qt.TimerType.PreciseTimer)
        deadline.timeout.connect(lambda: finish(EXIT_TIMEOUT))
        deadline.start(int(timeout * 1000))
        timers.append(deadline)
    # Python runs signal handlers only when it holds control: a short tick lets Ctrl-C through Qt's loop.
    tick = QTimer()
    tick.timeout.connect(lambda: None)
    tick.start(200)
    timers.append(tick)
    if progress is not None:
        clock = QTimer()  # elapsed times move by the second
        clock.timeout.connect(lambda: progress.tick(time.monotonic()))
        clock.start(1000)
        timers.append(clock)
    previous = signal.signal(signal.SIGINT, lambda *_: finish(EXIT_INTERRUPTED))

    tracker.start()
    tracker.add(ids)
    if progress is not None:
        progress.tick(time.monotonic())  # the block shows the jobs being checked before the first answer
    try:
        code = app.exec()
    finally:
        signal.signal(signal.SIGINT, previous)
        for t in timers:
            t.stop()
        tracker.stop()
        if existing is None:
            _dispose_application(app)
    final = result["code"] if result["code"] is not None else code
    if progress is not None and final != EXIT_NO_TOKEN:
        how = {EXIT_TIMEOUT: "timed out", EXIT_INTERRUPTED: "interrupted"}.get(final, "")
        progress.finish(time.monotonic(), how)
    elif progress is not None:
        screen.close()
    if code == EXIT_TIMEOUT:
        pending = [j for j in ids if not last_state.get(j, JobState.NEW).is_terminal]
        print(f"flowmusic: timed out with {len(pending)} job(s) still pending", file=sys.stderr)
    return final


def _dispose_application(app: Any) -> None:
    """End the QCoreApplication here, while Python is in control.

    Left to PySide's exit handler, destroying it walks every remaining wrapper and now and then met a stale one
    after a watch ended (a crash at exit, exit code -11 or -6, with all output already written).
    """
    import shiboken6
    from PySide6.QtCore import QCoreApplication, QEvent

    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    shiboken6.delete(app)


def _print_json_view(view: Any, out: IO[str]) -> None:
    from flowmusic_gui.core.records import JobState

    record = None if view.state in (JobState.NOT_FOUND, JobState.FORBIDDEN) else view.raw_record
    # A reader that went away (`watch --json | head -1`) ends the output, not the watch: the exit code still counts.
    with contextlib.suppress(BrokenPipeError):
        _print_json({"jobid": view.jobid, "state": view.state.value, "record": record}, out)


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if args[:1] == ["simulate"]:
        from flowmusic_gui.simulator import main as simulate

        return simulate(args[1:])
    logging.basicConfig(level=logging.WARNING, format="flowmusic: %(levelname)s: %(message)s")
    parser = build_parser()
    ns = parser.parse_args(args)
    try:
        if ns.command == "watch":
            return cmd_watch(ns, sys.stdin, sys.stdout)
        if ns.command == "track":
            return cmd_track(ns, sys.stdin, sys.stdout)
        if ns.command == "untrack":
            return cmd_untrack(ns, sys.stdin, sys.stdout)
        if ns.command == "list":
            return cmd_list(ns, sys.stdout)
        if ns.command == "token":
            return cmd_token(ns, sys.stdin, sys.stdout)
    except UsageError as exc:
        print(f"flowmusic: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        return EXIT_INTERRUPTED
    except BrokenPipeError:
        # `flowmusic list | head` closed the pipe: not an error worth a traceback.
        with contextlib.suppress(OSError):
            sys.stdout = open(os.devnull, "w")  # noqa: SIM115
        return EXIT_OK
    except Exception as exc:
        logging.getLogger(__name__).debug("unexpected error", exc_info=True)
        print(f"flowmusic: unexpected error: {type(exc).__name__}: {exc}", file=sys.stderr)
        return EXIT_JOB_FAILED
    parser.error(f"unknown command {ns.command!r}")
    return None


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())

"""The ``flowmusic`` command: watch, track, untrack, list, jobs, accounts, cancel, token and simulate, on the same
engine as the window (the account-level commands are in ``cli_account``).

Exit codes (scripts rely on them): 0 every job completed / the command succeeded; 1 a job failed, was not found or
forbidden; 2 bad arguments; 3 no token, or the token was rejected; 4 ``--timeout`` reached; 130 interrupted.
"""

from __future__ import annotations

import argparse
import contextlib
import functools
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
    watch.add_argument("--running", action="store_true",
                       help="also watch every job running on the token's accounts now, and every job that starts "
                            "while watching, until none is running and none is pending")
    watch.add_argument("jobids", nargs="*", metavar="JOBID",
                       help="job ids, or - to read text from stdin (optional with --running)")

    track = sub.add_parser("track", parents=[common], **help_for("track"))
    track.add_argument("jobids", nargs="+", metavar="JOBID", help="job ids, or - to read text from stdin")

    untrack = sub.add_parser("untrack", parents=[common], **help_for("untrack"))
    untrack.add_argument("jobids", nargs="+", metavar="JOBID", help="job ids, or - to read text from stdin")

    lst = sub.add_parser("list", parents=[common], **help_for("list"))
    lst.add_argument("--json", action="store_true", help="one JSON object per line")

    from flowmusic_gui.cli_account import add_parsers

    add_parsers(sub, common)

    token = sub.add_parser("token", parents=[common], **help_for("token"))
    token.add_argument("action", choices=["set", "clear", "status"], help="what to do with the token")

    _add_download_parser(sub, common)
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
        state = j.state.value
        if isinstance(j.record, dict) and j.state.value == "failed":
            error = j.record.get("error")
            if isinstance(error, dict) and error.get("code") == "user_cancelled":
                state = "cancelled"  # a failed job the user cancelled reads as cancelled everywhere
        out.write(f"{state:<10} {j.jobid}  {_oneline(title)}\n".rstrip() + "\n")
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
    if not ids and not ns.running:
        print("flowmusic: no job ids given (or use --running)", file=sys.stderr)
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
        return _run_watch(ids, client, config, store, ns.json, ns.timeout, out, running=ns.running)
    finally:
        client.close()
        if store is not None:
            store.close()


def _run_watch(ids: list[str], client: Any, config: Any, store: Any, as_json: bool,
               timeout: float | None, out: IO[str], *, running: bool = False) -> int:
    import time

    from PySide6.QtCore import QCoreApplication, Qt, QTimer

    from flowmusic_gui.core.records import JobState
    from flowmusic_gui.engine.store_writer import STORE_LANE
    from flowmusic_gui.engine.tasks import TaskRunner
    from flowmusic_gui.engine.tracker import Tracker
    from flowmusic_gui.engine.types import ConnectionProblem, JobView, RateLimit
    from flowmusic_gui.terminal.progress import WatchProgress
    from flowmusic_gui.terminal.screen import PlainScreen, screen_for

    existing = QCoreApplication.instance()
    app = existing or QCoreApplication(["flowmusic"])
    # The command's one task runner: the requests, and the store writes (serialized, off the event loop, so a
    # store locked by another process delays no answer).
    runner = TaskRunner(max_threads=8)
    runner.lane(STORE_LANE, 1)
    runner.failed.connect(lambda name, message: warn(f"flowmusic: warning: could not {name}: {_oneline(message)}"))
    # With a store, the tracker would resume every tracked job; watch only what was asked for (and, with
    # --running, what the running-jobs list shows).
    tracker = Tracker(None, client, config, runner=runner, discover=running)
    last_state: dict[str, JobState] = {}
    result: dict[str, int | None] = {"code": None}
    # --running: whether the last good look at GET /jobs showed anything running (None: no good look yet).
    listed: dict[str, bool | None] = {"running": None}
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
                runner.run(functools.partial(store.record_poll, view.jobid, state=view.state,
                                             record=view.raw_record, polled_at=view.last_polled_at or view.added_at),
                           name="save a result", lane=STORE_LANE, on_failure=on_store_failed)
            if progress is None:
                _print_json_view(view, out)
            else:
                progress.changed(view, time.monotonic())
        elif progress is not None:
            progress.seen(view)
        check_done()

    def check_done() -> None:
        if running and listed["running"] is not False:
            return  # something still runs on the account, or the list was not read yet
        if len(last_state) == len(ids) and all(s.is_terminal for s in last_state.values()):
            ok = all(s is JobState.COMPLETED for s in last_state.values())
            finish(EXIT_OK if ok else EXIT_JOB_FAILED)

    def on_discovered(_email: str, found: list[str]) -> None:
        for jobid in found:
            if jobid not in ids:
                ids.append(jobid)
                if progress is not None:
                    progress.add(jobid)
                view = tracker.job(jobid)
                if view is not None:
                    on_changed(view)

    def on_listed(jobs: Any) -> None:
        # Jobs just discovered are taken in before this look is reported, so none is missed in between.
        listed["running"] = bool(jobs.jobids)
        check_done()

    def on_store_failed(exc: BaseException) -> None:
        warn(f"flowmusic: warning: a result could not be saved: {_oneline(str(exc))}")

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
    if running:
        tracker.jobs_discovered.connect(on_discovered)
        tracker.running_listed.connect(on_listed)

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
    if ids:
        tracker.add(ids)
    if progress is not None:
        progress.tick(time.monotonic())  # the block shows the jobs being checked before the first answer
    try:
        code = app.exec()
    finally:
        ended = time.monotonic()  # the summary's time is the watch's, not the saving after it
        signal.signal(signal.SIGINT, previous)
        for t in timers:
            t.stop()
        tracker.stop()
        # Results still being saved get a moment (the store's busy timeout); the command never hangs on a lock.
        runner.drain(STORE_LANE, 6.0)
        runner.shutdown(1.0)
        if existing is None:
            _dispose_application(app)
    final = result["code"] if result["code"] is not None else code
    if progress is not None and final != EXIT_NO_TOKEN:
        how = {EXIT_TIMEOUT: "timed out", EXIT_INTERRUPTED: "interrupted"}.get(final, "")
        progress.finish(ended, how)
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


# -- download ---------------------------------------------------------------------------------------------

DOWNLOAD_DESCRIPTION = """\
Download every clip of the given completed jobs (or, with --library, every clip of every account on the
token) into DIR, tagged with title, artist, album, date, the prompt, the cover and the lyrics, and named by the
file-name template. What the downloads ledger already has (the file still there with its size, whatever it is
called now) is skipped; a download cut off earlier resumes from its partial file. Prints one line per file:
"saved PATH (N bytes)" or "skipped PATH (already downloaded)"; with --json one object per file,
{"clip", "jobid", "format", "path", "bytes", "skipped"}. Failures are named on stderr with the reason.

The template's placeholders are {title} {take} {clip} {job} {date} {account} {format}; slashes make
folders (default "{title} ({take}).{format}"). The folder defaults to the one chosen in the app's Settings,
else ~/Music/FlowMusic. m4a and WAV come from the clip's public links; mp3 from the API, with the token."""

DOWNLOAD_EPILOG = """\
examples:
  flowmusic download 'job:...-bot:flowmusic'             # both clips as tagged m4a files
  flowmusic download --format wav --dir ~/Songs - < ids  # the WAVs of every job id found in a file
  flowmusic download --library --json                    # the whole library as mp3, one JSON line per file
  flowmusic download --template '{account}/{date}/{title} ({take}).{format}' JOBID

exit codes:
  0    every file was downloaded or was already there
  1    a file failed (each is named, with the reason)
  2    bad arguments (a job that is not finished yet is named as such)
  3    no token, or the token was rejected
  130  interrupted (Ctrl-C): partial files stay and the next run resumes them"""


def _add_download_parser(sub: Any, common: argparse.ArgumentParser) -> None:
    dl = sub.add_parser(
        "download", parents=[common], help="download the clips of finished jobs, or the whole library",
        description=DOWNLOAD_DESCRIPTION, epilog=DOWNLOAD_EPILOG, formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    dl.add_argument("--format", choices=["m4a", "wav", "mp3"], help="the format (default: Settings, else m4a)")
    dl.add_argument("--dir", metavar="DIR", help="the download folder (default: Settings, else ~/Music/FlowMusic)")
    dl.add_argument("--template", metavar="T", help="the file-name template (default: Settings)")
    dl.add_argument("--no-tags", action="store_true", help="write no tags (the format is still checked)")
    dl.add_argument("--lrc", action="store_true", help="also write synced lyrics as .lrc beside mp3 and WAV")
    dl.add_argument("--library", action="store_true", help="every clip of every account on the token, as mp3")
    dl.add_argument("--account", metavar="EMAIL", help="with --library: only this account")
    dl.add_argument("--json", action="store_true", help="one JSON object per file")
    dl.add_argument("jobids", nargs="*", metavar="JOBID", help="completed job ids, or - to read text from stdin")


def _download_settings(ns: argparse.Namespace) -> Any:
    from dataclasses import replace

    from flowmusic_gui.core.filenames import check_template
    from flowmusic_gui.core.paths import data_dir
    from flowmusic_gui.engine.download_settings import read_settings

    settings = read_settings(data_dir(ns.data_dir))
    if ns.template is not None:
        problem = check_template(ns.template)
        if problem:
            raise UsageError(f"--template: {problem}")
        settings = replace(settings, template=ns.template)
    if ns.dir is not None:
        folder = os.path.abspath(os.path.expanduser(ns.dir))
        if os.path.exists(folder) and not os.path.isdir(folder):
            raise UsageError(f"--dir: {folder} is not a folder")
        from pathlib import Path

        settings = replace(settings, folder=Path(folder))
    if ns.format is not None:
        settings = replace(settings, format=ns.format)
    if ns.library:
        settings = replace(settings, format="mp3")
    if ns.no_tags:
        settings = replace(settings, tags=replace(settings.tags, enabled=False))
    if ns.lrc:
        settings = replace(settings, lrc=True)
    return settings


def _completed_tracks(ids: list[str], client: Any, store: Any) -> tuple[list[Any], list[str], list[str], bool]:
    """(tracks, not finished yet, failed to fetch, token refused) for the jobs ``ids``."""
    from flowmusic_gui.core import client as api
    from flowmusic_gui.core.records import JobState, parse_record
    from flowmusic_gui.core.track import tracks_from_record

    tracks: list[Any] = []
    pending: list[str] = []
    failed: list[str] = []
    refused = False
    known = {j.jobid: j for j in store.get_many(ids)} if store is not None else {}
    for jobid in ids:
        tracked = known.get(jobid)
        raw = tracked.record if tracked is not None and tracked.state is JobState.COMPLETED else None
        if not isinstance(raw, dict):
            if client is None:
                refused = True
                continue
            outcome = client.get_job(jobid)
            if isinstance(outcome, api.AuthFailed):
                refused = True
                failed.append(f"{jobid}: the API token was rejected: {outcome.message}")
                continue
            if not isinstance(outcome, api.JobFound):
                failed.append(f"{jobid}: {getattr(outcome, 'message', 'could not be fetched')}")
                continue
            raw = outcome.data
        record = parse_record(raw)
        if record.status == "pending":
            pending.append(jobid)
        elif record.status == "failed":
            why = record.error.message if record.error is not None and record.error.message else "no clips"
            failed.append(f"{jobid}: the job failed ({_oneline(why)}); it has nothing to download")
        elif not record.clips:
            failed.append(f"{jobid}: the job has no clips")
        else:
            tracks.extend(tracks_from_record(record))
    return tracks, pending, failed, refused


def cmd_download(ns: argparse.Namespace, stdin: IO[str], out: IO[str]) -> int:
    if ns.library and ns.jobids:
        raise UsageError("give job ids or --library, not both")
    if ns.account and not ns.library:
        raise UsageError("--account goes with --library")
    if not ns.library and not ns.jobids:
        raise UsageError("no job ids given (or --library for the whole library)")
    if ns.library and ns.format not in (None, "mp3"):
        raise UsageError("--library downloads mp3 (the clip list has no m4a or WAV links)")
    ids: list[str] = []
    if not ns.library:
        ids, complaints = _collect_ids(ns.jobids, stdin)
        if complaints:
            for complaint in complaints:
                print(f"flowmusic: bad job id: {complaint}", file=sys.stderr)
            return EXIT_USAGE
        if not ids:
            print("flowmusic: no job ids given", file=sys.stderr)
            return EXIT_USAGE
    settings = _download_settings(ns)
    base = _api_base(ns.api_base)

    from flowmusic_gui.core.credentials import TokenStore

    token = TokenStore().lookup().token
    needs_token = ns.library or settings.format == "mp3"
    if needs_token and not token:
        print(f"flowmusic: no API token. {TOKEN_HELP}", file=sys.stderr)
        return EXIT_NO_TOKEN

    from flowmusic_gui.core.client import ApiClient

    client = ApiClient(base, token) if token else None
    store = _open_store(ns.data_dir)
    try:
        if ns.library:
            assert client is not None
            return _run_download(None, client, store, settings, ns, out)
        tracks, pending, failed, refused = _completed_tracks(ids, client, store)
        if refused and not failed:
            print(f"flowmusic: no API token to fetch the jobs' records. {TOKEN_HELP}", file=sys.stderr)
            return EXIT_NO_TOKEN
        if refused:
            for line in failed:
                print(f"flowmusic: {line}", file=sys.stderr)
            return EXIT_NO_TOKEN
        if pending:
            for jobid in pending:
                print(f"flowmusic: {jobid}: not finished yet (pending); download it once it has completed",
                      file=sys.stderr)
            return EXIT_USAGE
        code = _run_download(tracks, client, store, settings, ns, out) if tracks else EXIT_OK
        for line in failed:
            print(f"flowmusic: {line}", file=sys.stderr)
        return EXIT_JOB_FAILED if failed and code == EXIT_OK else code
    finally:
        store.close()
        if client is not None:
            client.close()


def _run_download(tracks: list[Any] | None, client: Any, store: Any, settings: Any, ns: argparse.Namespace,
                  out: IO[str]) -> int:
    """Run the downloads queue (or a library run) to the end, printing a line per file."""
    from PySide6.QtCore import QCoreApplication, QTimer

    from flowmusic_gui.core.store import DownloadState
    from flowmusic_gui.engine.downloads import UNNAMED_PREFIX, DownloadItem, DownloadQueue, DownloadRequest
    from flowmusic_gui.engine.library import LibraryRun, LibrarySummary
    from flowmusic_gui.engine.tasks import TaskRunner

    existing = QCoreApplication.instance()
    app = existing or QCoreApplication(["flowmusic"])
    runner = TaskRunner(max_threads=6)
    queue = DownloadQueue(store.path, client=client, settings=lambda: settings, runner=runner)
    state: dict[str, Any] = {"code": None, "failed": 0, "refused": False, "open": None}

    def finish(code: int) -> None:
        if state["code"] is None:
            state["code"] = code
            app.exit(code)

    def report(item: DownloadItem) -> None:
        if item.state is DownloadState.DONE:
            path = str(item.target) if item.target is not None else ""
            if ns.json:
                clip = None if item.clip.startswith(UNNAMED_PREFIX) else item.clip
                _print_json({"clip": clip, "jobid": item.jobid, "format": item.format, "path": path,
                             "bytes": item.total if item.total is not None else item.bytes_done,
                             "skipped": item.skipped}, out)
            elif item.skipped:
                out.write(f"skipped {_oneline(path)} (already downloaded)\n")
            else:
                out.write(f"saved   {_oneline(path)} ({item.total or item.bytes_done} bytes)\n")
            out.flush()
            for warning in item.warnings:
                print(f"flowmusic: warning: {_oneline(warning)}", file=sys.stderr)
        elif item.state is DownloadState.FAILED:
            state["failed"] += 1
            state["refused"] = state["refused"] or item.token_refused
            print(f"flowmusic: failed: {_oneline(item.problem or item.title)}", file=sys.stderr)

    def outcome() -> int:
        if state["refused"]:
            return EXIT_NO_TOKEN
        return EXIT_JOB_FAILED if state["failed"] else EXIT_OK

    run: LibraryRun | None = None
    if tracks is None:
        run = LibraryRun(client, queue, runner, settings=settings, account=ns.account)
        run.item_finished.connect(report)

        def summary(s: LibrarySummary) -> None:
            for warning in s.warnings:
                print(f"flowmusic: warning: {_oneline(warning)}", file=sys.stderr)
            for problem in s.problems:
                print(f"flowmusic: {_oneline(problem)}", file=sys.stderr)
            print(f"flowmusic: library: {s.text()}", file=sys.stderr)
            state["refused"] = state["refused"] or s.token_refused
            if s.token_refused:
                print(f"flowmusic: the API token was rejected. {TOKEN_HELP}", file=sys.stderr)
            code = outcome()
            finish(EXIT_JOB_FAILED if code == EXIT_OK and s.problems else code)

        run.done.connect(summary)
    else:
        wanted = [DownloadRequest(t, settings.format) for t in tracks]
        remaining: set[int] = set()

        def planned(_batch: int, items: tuple[DownloadItem, ...]) -> None:
            for item in items:
                if item.finished:
                    report(item)
                else:
                    remaining.add(item.id)
            state["open"] = remaining
            if not remaining:
                finish(outcome())

        def finished(item: DownloadItem) -> None:
            if state["open"] is None or item.id not in remaining:
                return
            remaining.discard(item.id)
            report(item)
            if not remaining:
                finish(outcome())

        queue.planned.connect(planned)
        queue.finished.connect(finished)
    tick = QTimer()
    tick.timeout.connect(lambda: None)
    tick.start(200)  # lets Ctrl-C through Qt's loop
    previous = signal.signal(signal.SIGINT, lambda *_: finish(EXIT_INTERRUPTED))
    if run is not None:
        run.start()
    else:
        queue.add(wanted)
    try:
        code = app.exec()
    finally:
        signal.signal(signal.SIGINT, previous)
        tick.stop()
        queue.shutdown()  # partial files stay: the next run resumes them
        runner.shutdown(2.0)
        queue.close_store()
        if existing is None:
            _dispose_application(app)
    return state["code"] if state["code"] is not None else code


def _account_command(ns: argparse.Namespace) -> int:
    from flowmusic_gui import cli_account

    base = _api_base(ns.api_base)
    if ns.command == "jobs":
        return cli_account.cmd_jobs(base, ns.json, sys.stdout, _print_json)
    if ns.command == "accounts":
        return cli_account.cmd_accounts(base, ns.json, sys.stdout, _print_json)
    ids, complaints = _collect_ids(ns.jobids, sys.stdin)
    for complaint in complaints:
        print(f"flowmusic: bad job id: {complaint}", file=sys.stderr)
    if complaints:
        return EXIT_USAGE
    if not ids:
        print("flowmusic: no job ids given", file=sys.stderr)
        return EXIT_USAGE
    return cli_account.cmd_cancel(base, ids, sys.stdout)


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
        if ns.command in ("jobs", "accounts", "cancel"):
            return _account_command(ns)
        if ns.command == "download":
            return cmd_download(ns, sys.stdin, sys.stdout)
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

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
    parser = _Parser(
        prog="flowmusic",
        description="Watch FlowMusic generation jobs until they finish; track, list and manage the token.",
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

    watch = sub.add_parser("watch", parents=[common], help="poll jobs until every one is finished")
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

    track = sub.add_parser("track", parents=[common], help="add jobs to the app's store")
    track.add_argument("jobids", nargs="+", metavar="JOBID", help="job ids, or - to read text from stdin")

    untrack = sub.add_parser("untrack", parents=[common], help="remove jobs from the app's store")
    untrack.add_argument("jobids", nargs="+", metavar="JOBID")

    lst = sub.add_parser("list", parents=[common], help="list the tracked jobs")
    lst.add_argument("--json", action="store_true", help="one JSON object per line")

    from flowmusic_gui.cli_account import add_parsers

    add_parsers(sub, common)

    token = sub.add_parser("token", parents=[common], help="set, clear or show where the API token comes from")
    token.add_argument("action", choices=["set", "clear", "status"])

    sub.add_parser("simulate", add_help=False, help="run the local FlowMusic simulator (see simulate --help)")
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
    from flowmusic_gui.core.credentials import CredentialError, TokenSource, TokenStore, no_token_message

    store = TokenStore()
    if ns.action == "status":
        found = store.lookup()
        if found.problem:
            out.write(f"{no_token_message(found)}\n")
            return EXIT_NO_TOKEN
        if found.source is TokenSource.NONE:
            out.write(f"No token. {TOKEN_HELP}\n")
            if found.message:
                out.write(f"{found.message}\n")
            return EXIT_NO_TOKEN
        out.write(f"A token is set ({found.source.value}): {found.message}\n")
        return EXIT_OK
    if ns.action == "clear":
        try:
            store.clear()
        except CredentialError as exc:
            print(f"flowmusic: {exc}", file=sys.stderr)
            return EXIT_JOB_FAILED
        out.write("The saved token was removed from the keyring.\n")
        if os.environ.get("FLOWMUSIC_API_TOKEN"):
            out.write("FLOWMUSIC_API_TOKEN is still set in this environment and still takes precedence.\n")
        return EXIT_OK
    # set
    if stdin.isatty():
        import getpass

        token = getpass.getpass("FlowMusic API token (input hidden): ")
    else:
        token = stdin.readline()
    token = token.strip()
    if not token:
        print("flowmusic: no token given (empty input)", file=sys.stderr)
        return EXIT_USAGE
    try:
        saved = store.save(token)
    except CredentialError as exc:
        print(f"flowmusic: {exc}", file=sys.stderr)
        return EXIT_USAGE
    if saved.source is TokenSource.KEYRING:
        out.write("Token saved in the system keyring.\n")
        return EXIT_OK
    print(f"flowmusic: the token could not be saved: {saved.message}", file=sys.stderr)
    return EXIT_JOB_FAILED


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
    from PySide6.QtCore import QCoreApplication, QTimer

    from flowmusic_gui.core.records import JobState
    from flowmusic_gui.engine.store_writer import STORE_LANE
    from flowmusic_gui.engine.tasks import TaskRunner
    from flowmusic_gui.engine.tracker import Tracker
    from flowmusic_gui.engine.types import ConnectionProblem, JobView, RateLimit

    existing = QCoreApplication.instance()
    app = existing or QCoreApplication(["flowmusic"])
    # The command's one task runner: the requests, and the store writes (serialized, off the event loop, so a
    # store locked by another process delays no answer).
    runner = TaskRunner(max_threads=8)
    runner.lane(STORE_LANE, 1)
    runner.failed.connect(lambda name, message: print(f"flowmusic: warning: could not {name}: {message}",
                                                      file=sys.stderr))
    # With a store, the tracker would resume every tracked job; watch only what was asked for (and, with
    # --running, what the running-jobs list shows).
    tracker = Tracker(None, client, config, runner=runner, discover=running)
    last_state: dict[str, JobState] = {}
    result: dict[str, int | None] = {"code": None}
    # --running: whether the last good look at GET /jobs showed anything running (None: no good look yet).
    listed: dict[str, bool | None] = {"running": None}

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
            _report(view, as_json, out)
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
                view = tracker.job(jobid)
                if view is not None:
                    on_changed(view)

    def on_listed(jobs: Any) -> None:
        # Jobs just discovered are taken in before this look is reported, so none is missed in between.
        listed["running"] = bool(jobs.jobids)
        check_done()

    def on_store_failed(exc: BaseException) -> None:
        print(f"flowmusic: warning: a result could not be saved: {exc}", file=sys.stderr)

    def on_problem(problem: ConnectionProblem) -> None:
        print(f"flowmusic: warning: {_oneline(problem.message)} (retrying in {problem.retry_in:.0f} s)",
              file=sys.stderr)

    def on_rate(limit: RateLimit) -> None:
        print(f"flowmusic: warning: rate limited: waiting {limit.seconds:.0f} s ({_oneline(limit.message)})",
              file=sys.stderr)

    def on_auth(message: str) -> None:
        print(f"flowmusic: the API token was rejected (401): {_oneline(message)}. {TOKEN_HELP}", file=sys.stderr)
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
        deadline.timeout.connect(lambda: finish(EXIT_TIMEOUT))
        deadline.start(int(timeout * 1000))
        timers.append(deadline)
    # Python runs signal handlers only when it holds control: a short tick lets Ctrl-C through Qt's loop.
    tick = QTimer()
    tick.timeout.connect(lambda: None)
    tick.start(200)
    timers.append(tick)
    previous = signal.signal(signal.SIGINT, lambda *_: finish(EXIT_INTERRUPTED))

    tracker.start()
    if ids:
        tracker.add(ids)
    try:
        code = app.exec()
    finally:
        signal.signal(signal.SIGINT, previous)
        for t in timers:
            t.stop()
        tracker.stop()
        # Results still being saved get a moment (the store's busy timeout); the command never hangs on a lock.
        runner.drain(STORE_LANE, 6.0)
        runner.shutdown(1.0)
        if existing is None:
            _dispose_application(app)
    if code == EXIT_TIMEOUT:
        pending = [j for j in ids if not last_state.get(j, JobState.NEW).is_terminal]
        print(f"flowmusic: timed out with {len(pending)} job(s) still pending", file=sys.stderr)
    return result["code"] if result["code"] is not None else code


def _dispose_application(app: Any) -> None:
    """End the QCoreApplication here, while Python is in control.

    Left to PySide's exit handler, destroying it walks every remaining wrapper and now and then met a stale one
    after a watch ended (a crash at exit, exit code -11 or -6, with all output already written).
    """
    import shiboken6
    from PySide6.QtCore import QCoreApplication, QEvent

    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    shiboken6.delete(app)


def _report(view: Any, as_json: bool, out: IO[str]) -> None:
    from flowmusic_gui.core.records import JobState

    if as_json:
        record = None if view.state in (JobState.NOT_FOUND, JobState.FORBIDDEN) else view.raw_record
        _print_json({"jobid": view.jobid, "state": view.state.value, "record": record}, out)
        return
    line = f"{view.state.value:<10} {view.jobid}"
    rec = view.record
    if view.cancelled:
        out.write(f"{'cancelled':<10} {view.jobid}\n")
    elif view.state is JobState.COMPLETED and rec is not None:
        out.write(line + "\n")
        for i, clip in enumerate(rec.clips, 1):
            out.write(f"  clip {i}: {_oneline(clip.title or 'Untitled')}\n")
            if clip.audio_url:
                out.write(f"    audio: {_oneline(clip.audio_url)}\n")
            if clip.wav_url:
                out.write(f"    wav:   {_oneline(clip.wav_url)}\n")
    elif view.state is JobState.FAILED and rec is not None and rec.error is not None:
        out.write(f"{line}  {_oneline(rec.error.code or '')}: {_oneline(rec.error.message or '')}\n")
    elif view.words.reason:
        out.write(f"{line}  ({view.words.reason})\n")
    else:
        out.write(line + "\n")
    out.flush()


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

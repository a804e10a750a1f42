"""``flowmusic make``, ``flowmusic edit`` and ``flowmusic queue``: songs and edits queued in the store and sent
by the submission queue (engine/submit_queue.py) as the accounts' slots free up, each made exactly once."""

from __future__ import annotations

import argparse
import contextlib
import functools
import json
import re
import secrets
import signal
import sys
import time
from pathlib import Path
from typing import IO, Any

from flowmusic_gui.cli.common import (
    EXIT_JOB_FAILED,
    EXIT_NO_TOKEN,
    EXIT_OK,
    EXIT_TIMEOUT,
    TOKEN_HELP,
    UsageError,
    api_base,
    oneline,
    print_json,
    say,
)
from flowmusic_gui.cli.make_refs import RefsFailed, ref_files, upload_refs

EXIT_UNCERTAIN = 5
MAX_COUNT = 50

_CLIP_EMAIL = re.compile(r"user:[0-9A-Za-z]+-(.+@.+)-clip:[0-9a-fA-F-]{36}")


def _count(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {text!r}") from None
    if not 1 <= value <= MAX_COUNT:
        raise argparse.ArgumentTypeError(f"must be from 1 to {MAX_COUNT}, got {value}")
    return value


def _credits(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number of credits: {text!r}") from None
    if value < 0:
        raise argparse.ArgumentTypeError(f"must be 0 or more, got {value}")
    return value


def add_parsers(sub: Any, common: argparse.ArgumentParser) -> None:
    from flowmusic_gui.cli.common import positive_float
    from flowmusic_gui.terminal.helptext import help_for

    def outputs(p: argparse.ArgumentParser) -> None:
        p.add_argument("--wait", action="store_true", help="then watch the jobs until they end")
        p.add_argument("--timeout", type=positive_float, metavar="S", help="give up after S seconds (exit 4)")
        p.add_argument("--json", action="store_true", help="one JSON line per submission as it leaves the queue")
        p.add_argument("--poll-interval", type=positive_float, metavar="S",
                       help="with --wait: the base polling interval in seconds (default 4)")
        p.add_argument("--max-interval", type=positive_float, metavar="S",
                       help="with --wait: the longest interval between two polls of a job (default 60)")

    make = sub.add_parser("make", parents=[common], **help_for("make"))
    make.add_argument("prompts", nargs="*", metavar="PROMPT", help="a song for each prompt")
    make.add_argument("--from", dest="source", metavar="FILE|-",
                      help="one prompt per line, or JSON lines of POST /music fields (- reads stdin)")
    make.add_argument("--lyrics", metavar="FILE", help="lyrics ([Verse]/[Chorus] headers) for every song")
    make.add_argument("--instrumental", action="store_true", help="instrumental songs (no lyrics)")
    make.add_argument("--ghostwriter", choices=("standard", "pro"), help="the lyrics writer when the model writes")
    make.add_argument("--account", metavar="EMAIL", help="send to this account (default: any with a free slot)")
    make.add_argument("--ref-image", action="append", default=[], metavar="FILE",
                      help="a reference image (JPEG, PNG or WebP; repeatable, up to 10), uploaded before sending")
    make.add_argument("--ref-audio", action="append", default=[], metavar="FILE",
                      help="a reference audio file (mp3, WAV, m4a or AAC; repeatable, up to 10)")
    make.add_argument("--count", type=_count, default=1, metavar="N", help="make N songs of each prompt (1-50)")
    make.add_argument("--max-credits", type=_credits, metavar="N", help="stop when the batch's estimated spend "
                      "reaches N credits")  # fmt: skip
    make.add_argument("--min-credits", type=_credits, default=0, metavar="N",
                      help="never send to an account whose balance would fall below N")
    outputs(make)

    edit = sub.add_parser("edit", parents=[common], **help_for("edit"))
    edit.add_argument("clip", metavar="CLIP", help="the clip id to edit")
    edit.add_argument("operation", metavar="OPERATION", help="extend, replace, cover, remix, effect or stems")
    edit.add_argument("fields", nargs="*", metavar="KEY=VALUE", help="the operation's fields")
    edit.add_argument("--seed", type=int, metavar="N", help="pin the result (an integer >= 0)")
    edit.add_argument("--title", metavar="T", help="the result's title")
    outputs(edit)

    queue = sub.add_parser("queue", parents=[common], **help_for("queue"))
    queue.add_argument("--json", action="store_true", help="one JSON line per submission")
    what = queue.add_mutually_exclusive_group()
    what.add_argument("--resume", action="store_true", help="continue what a killed run left")
    what.add_argument("--drop", nargs="+", metavar="REF", help="take these out of the queue")
    what.add_argument("--retry", metavar="REF", help="send a not_made one again")
    queue.add_argument("--force", action="store_true", help="with --retry: also an uncertain one (it may have "
                       "been made already; sending it again may make it twice)")  # fmt: skip
    queue.add_argument("--timeout", type=positive_float, metavar="S", help="with --resume: give up after S seconds")
    queue.add_argument("--wait", action="store_true", help="with --resume or --retry: then watch the jobs")
    queue.add_argument("--poll-interval", type=positive_float, metavar="S", help=argparse.SUPPRESS)
    queue.add_argument("--max-interval", type=positive_float, metavar="S", help=argparse.SUPPRESS)


# --- reading what to make -------------------------------------------------------------------------------------


def _read_text(name: str, stdin: IO[str], what: str) -> str:
    if name == "-":
        return stdin.read()
    try:
        return Path(name).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise UsageError(f"{what}: cannot read {name}: {getattr(exc, 'strerror', None) or exc}") from None


def music_bodies(ns: argparse.Namespace, stdin: IO[str]) -> list[dict[str, Any]]:
    """The POST /music bodies the arguments ask for, each checked; raises UsageError naming every bad piece."""
    from flowmusic_gui.core.make_fields import check_music

    base: dict[str, Any] = {}
    if ns.instrumental:
        base["instrumental"] = True
    if ns.lyrics:
        base["lyrics"] = _read_text(ns.lyrics, stdin, "--lyrics")
    if ns.ghostwriter:
        base["ghostwriter"] = ns.ghostwriter
    items: list[tuple[str, dict[str, Any]]] = [(f"PROMPT {i}", {**base, "prompt": p})
                                               for i, p in enumerate(ns.prompts, 1)]  # fmt: skip
    if ns.source:
        text = _read_text(ns.source, stdin, "--from")
        for n, line in enumerate(text.splitlines(), 1):
            if not line.strip():
                continue
            where = f"{'stdin' if ns.source == '-' else ns.source} line {n}"
            if line.lstrip().startswith("{"):
                try:
                    obj = json.loads(line)
                except ValueError as exc:
                    raise UsageError(f"{where}: not a JSON object: {exc}") from None
                if not isinstance(obj, dict):
                    raise UsageError(f"{where}: not a JSON object")
                items.append((where, {**base, **obj}))
            else:
                items.append((where, {**base, "prompt": line.strip()}))
    if not items:
        raise UsageError("no prompt given: give PROMPT arguments or --from FILE")
    problems = []
    for where, body in items:
        body.pop("mode", None)
        problems += [f"{where}: {p.message}" for p in check_music(body)]
    if problems:
        raise UsageError("\n".join(problems[:20]) + ("" if len(problems) <= 20 else f"\n... {len(problems) - 20} more"))
    return [dict(body) for _, body in items for _ in range(ns.count)]


def edit_body(ns: argparse.Namespace, duration_s: float | None) -> dict[str, Any]:
    """The POST /music/edit body of ``flowmusic edit``; raises UsageError naming the bad key and its range."""
    from flowmusic_gui.core.make_fields import EDIT_OPERATIONS, check_edit, edit_fields, parse_value, rule_for

    if ns.operation not in EDIT_OPERATIONS:
        raise UsageError(f"OPERATION: must be one of {', '.join(EDIT_OPERATIONS)} (got {ns.operation!r})")
    pairs = []
    for item in ns.fields:
        key, eq, value = item.partition("=")
        if not eq or not key:
            raise UsageError(f"{item!r}: give fields as KEY=VALUE")
        pairs.append((key.strip(), value))
    effect = next((v for k, v in pairs if k == "effect"), None)
    rules = edit_fields(ns.operation, effect)
    body: dict[str, Any] = {"clip": ns.clip, "operation": ns.operation}
    for key, value in pairs:
        rule = rule_for(key, rules)
        if rule is None or key in ("clip", "operation", "mode", "replyUrl", "replyRef", "email"):
            names = ", ".join(r.name for r in rules if r.name not in ("clip", "operation", "mode", "replyUrl",
                                                                       "replyRef", "email"))  # fmt: skip
            raise UsageError(f"{key}: not a field of {effect or ns.operation} (its fields: {names or 'none'})")
        try:
            body[key] = parse_value(rule, value)
        except ValueError as exc:
            raise UsageError(str(exc)) from None
    if ns.seed is not None:
        body["seed"] = ns.seed
    if ns.title is not None:
        body["title"] = ns.title
    problems = check_edit(body, duration_s)
    if problems:
        raise UsageError("\n".join(p.message for p in problems))
    return body


def _clip_duration(store: Any, clip: str) -> float | None:
    """The clip's duration from a tracked job's record, when the app has one (to bound time fields)."""
    with contextlib.suppress(Exception):
        for job in store.all():
            record = job.record if isinstance(job.record, dict) else None
            for c in (record or {}).get("clips") or ():
                if isinstance(c, dict) and c.get("clip") == clip:
                    d = c.get("duration_s")
                    if isinstance(d, (int, float)) and not isinstance(d, bool) and d > 0:
                        return float(d)
    return None


# --- commands -------------------------------------------------------------------------------------------------


def _token(ns: argparse.Namespace) -> tuple[str | None, int]:
    from flowmusic_gui.core.credentials import TokenStore, no_token_message

    found = TokenStore().lookup()
    if found.problem:
        print(f"flowmusic: {no_token_message(found)}", file=sys.stderr)
        return None, EXIT_NO_TOKEN
    if not found.token:
        print(f"flowmusic: no API token. {TOKEN_HELP}", file=sys.stderr)
        return None, EXIT_NO_TOKEN
    return found.token, EXIT_OK


def cmd_make(ns: argparse.Namespace, stdin: IO[str], out: IO[str]) -> int:
    from flowmusic_gui.cli.common import open_store

    bodies = music_bodies(ns, stdin)
    refs = ref_files(ns)
    base = api_base(ns.api_base)
    token, code = _token(ns)
    if token is None:
        return code
    email = ns.account
    if refs:
        # Every ref of a request lives on one account: upload there first, and the songs go there too.
        try:
            email, fields = upload_refs(refs, ns.account, base, token)
        except RefsFailed as failed:
            print(f"flowmusic: {failed}; nothing was queued", file=sys.stderr)
            return failed.code
        bodies = [{**body, **fields} for body in bodies]
    store = open_store(ns.data_dir)  # the process's one database object, for the queue and its run alike
    try:
        return _queue_and_run(ns, "music", bodies, email, base, token, out, store)
    finally:
        store.close()


def cmd_edit(ns: argparse.Namespace, stdin: IO[str], out: IO[str]) -> int:
    from flowmusic_gui.cli.common import open_store

    m = _CLIP_EMAIL.fullmatch(ns.clip)
    if m is None:
        hint = " (that is a jobid: give one of its clips)" if ns.clip.startswith("job:") else ""
        raise UsageError(f"CLIP: not a clip id (user:<id>-<email>-clip:<uuid>){hint}: {oneline(ns.clip)}")
    store = open_store(ns.data_dir)  # the process's one database object, for the queue and its run alike
    try:
        duration = _clip_duration(store, ns.clip)
        body = edit_body(ns, duration)
        base = api_base(ns.api_base)
        token, code = _token(ns)
        if token is None:
            return code
        ns.min_credits, ns.max_credits = 0, None
        return _queue_and_run(ns, "edit", [body], m.group(1), base, token, out, store)
    finally:
        store.close()


def _queue_and_run(ns: argparse.Namespace, kind: str, bodies: list[dict[str, Any]], email: str | None, base: str,
                   token: str, out: IO[str], store: Any) -> int:  # fmt: skip
    from datetime import datetime, timezone

    from flowmusic_gui.core.submissions import new_submission

    now = datetime.now(timezone.utc)
    batch = "b-" + secrets.token_hex(6)
    subs = [new_submission(kind, body, email=email, now=now, batch=batch) for body in bodies]
    return QueueRun(ns, base, token, out, refs=[s.ref for s in subs], store=store, adding=subs).run()


def _row_json(sub: Any) -> dict[str, Any]:
    return {
        "ref": sub.ref, "state": sub.state.value, "jobid": sub.jobid, "email": sub.account or sub.email,
        "prompt": sub.prompt, "error": sub.error,
    }  # fmt: skip


def cmd_queue(ns: argparse.Namespace, stdin: IO[str], out: IO[str]) -> int:
    from datetime import datetime, timezone

    from flowmusic_gui.cli.common import open_store
    from flowmusic_gui.core.submissions import IllegalTransition, SubmissionState, cancel, retry

    store = open_store(ns.data_dir)  # the process's one database object, for the queue's run too
    handed = False  # kept open for the run below; closed here on every other way out
    try:
        repo = store
        if ns.drop:
            rows = {ref: repo.submission(ref) for ref in ns.drop}
            unknown = [ref for ref, sub in rows.items() if sub is None]
            if unknown:
                raise UsageError(f"no such submission: {', '.join(oneline(r) for r in unknown)}")
            bad = []
            for ref, sub in rows.items():
                assert sub is not None
                if sub.state is SubmissionState.CANCELLED:
                    continue
                if repo.move_submission(ref, lambda s: cancel(s, datetime.now(timezone.utc))) is None:
                    bad.append(f"{ref} ({sub.state.value}: it cannot be dropped now)")
                elif not ns.json:
                    say(out, f"dropped {ref}")
            if bad:
                print(f"flowmusic: not dropped: {'; '.join(bad)}", file=sys.stderr)
                return EXIT_JOB_FAILED
            return EXIT_OK
        if ns.retry:
            sub = repo.submission(ns.retry)
            if sub is None:
                raise UsageError(f"no such submission: {oneline(ns.retry)}")
            if sub.state not in (SubmissionState.NOT_MADE, SubmissionState.UNCERTAIN):
                raise UsageError(f"{ns.retry} is {sub.state.value}: only a not_made one can be sent again")
            if sub.state is SubmissionState.UNCERTAIN and not ns.force:
                why = f" ({sub.evidence})" if sub.evidence else ""
                raise UsageError(f"{ns.retry} may have been made already{why}: sending it again may make it "
                                 "twice; add --force to send it all the same")  # fmt: skip
            try:
                again = functools.partial(retry, despite_evidence=ns.force)
                repo.move_submission(ns.retry, lambda s: again(s, datetime.now(timezone.utc)))
            except IllegalTransition as exc:
                raise UsageError(str(exc)) from None
            refs: list[str] | None = [ns.retry]
        elif ns.resume:
            refs = None
        else:
            rows_ = repo.open_submissions()
            if ns.json:
                for sub in rows_:
                    print_json(_row_json(sub), out)
            elif not rows_:
                say(out, "Nothing is queued, sending or uncertain.")
            else:
                for sub in rows_:
                    where = sub.account or sub.email or "any account"
                    extra = f"  {sub.jobid}" if sub.jobid else ""
                    why = f"  ({sub.evidence or sub.error})" if (sub.evidence or sub.error) else ""
                    say(out, f"{sub.ref}  {sub.state.value:<9}  {where}  {oneline(sub.prompt)[:60]}{extra}{why}")
            return EXIT_OK
        handed = True
    finally:
        if not handed:
            store.close()
    try:
        base = api_base(ns.api_base)
        token, code = _token(ns)
        if token is None:
            return code
        ns.min_credits, ns.max_credits = getattr(ns, "min_credits", 0), getattr(ns, "max_credits", None)
        return QueueRun(ns, base, token, out, refs=refs, store=store).run()
    finally:
        store.close()


class QueueRun:
    """One run of the submission queue for the command line: its signals in, lines out, the exit code."""

    def __init__(self, ns: argparse.Namespace, base: str, token: str, out: IO[str], *,
                 refs: list[str] | None, store: Any, adding: list[Any] | None = None) -> None:  # fmt: skip
        self.ns = ns
        self.store = store  # the process's one database object (the command closes it)
        self.adding = adding or []  # new submissions, queued through the run's writer lane before it sends
        self.base = base
        self.token = token
        self.out = out
        self.as_json = bool(ns.json)
        self.refs = refs  # None: every open submission (resume)
        self.waiting: set[str] = set(refs or ())
        self.results: dict[str, Any] = {}
        self.code: int | None = None
        self.started = time.monotonic()
        self.interrupted = False
        from flowmusic_gui.terminal.make_progress import MakeProgress
        from flowmusic_gui.terminal.screen import PlainScreen, screen_for

        # JSON lines stay exactly as they are; readable output gets its live block on a terminal.
        self.screen: PlainScreen = PlainScreen(out, sys.stderr) if self.as_json else screen_for(out, sys.stderr)
        self.progress: MakeProgress | None = (
            None if self.as_json else MakeProgress(self.screen, started=self.started, refs=refs or ())
        )

    def say_err(self, text: str) -> None:
        """A line on stderr, above the live block (which is drawn again under it)."""
        self.screen.line(text, err=True)

    def finish(self, code: int) -> None:
        if self.code is None:
            self.code = code
            from PySide6.QtCore import QCoreApplication

            app = QCoreApplication.instance()
            if app is not None:
                app.exit(code)

    def on_left(self, sub: Any) -> None:
        if self.refs is not None and sub.ref not in self.waiting and sub.ref not in self.results:
            return
        if sub.ref in self.results and self.results[sub.ref].state is sub.state:
            return
        self.results[sub.ref] = sub
        self.waiting.discard(sub.ref)
        if self.as_json:
            with contextlib.suppress(BrokenPipeError):
                print_json(_row_json(sub), self.out)
        elif self.progress is not None:
            where = oneline(sub.account or sub.email or "")
            tail = sub.jobid or (oneline(sub.error or sub.evidence or "") if sub.error or sub.evidence else "")
            self.progress.changed(sub.ref, sub.state.value, time.monotonic())
            self.progress.line(f"{sub.state.value:<9}  {sub.ref}  {where}  {oneline(sub.prompt)[:50]}  {tail}".rstrip())
        self.check_done()

    def check_done(self) -> None:
        if self.code is None and not self.waiting and self.loaded:
            self.finish(self.outcome())

    def outcome(self) -> int:
        states = [s.state.value for s in self.results.values()]
        if "uncertain" in states:
            return EXIT_UNCERTAIN
        if "refused" in states or "not_made" in states:
            return EXIT_JOB_FAILED
        return EXIT_OK

    def run(self) -> int:
        from PySide6.QtCore import QCoreApplication, Qt, QTimer

        from flowmusic_gui.cli.common import close_writer, dispose_application, say_store_problem
        from flowmusic_gui.core.client import ApiClient
        from flowmusic_gui.core.submissions import SubmissionState
        from flowmusic_gui.engine.store_writer import StoreWriter
        from flowmusic_gui.engine.submit_queue import SubmissionQueue
        from flowmusic_gui.engine.tasks import TaskRunner

        existing = QCoreApplication.instance()
        app = existing or QCoreApplication(["flowmusic"])
        runner = TaskRunner(max_threads=10)
        client = ApiClient(self.base, self.token)
        # The run's one writer lane over the process's one database object: every write of the queue goes through
        # it (kept in order, retried, a failing store said once).
        writer = StoreWriter(self.store, runner)
        writer.problem.connect(lambda message: say_store_problem(message, self.say_err))
        if self.adding:
            subs = list(self.adding)
            writer.write(lambda s: s.add_submissions(subs), name="queue songs")
        queue = SubmissionQueue(
            runner, self.store, client, min_credits=getattr(self.ns, "min_credits", 0) or 0,
            max_credits=getattr(self.ns, "max_credits", None), refs=None if self.refs is None else set(self.refs),
            writer=writer,
        )  # fmt: skip
        self.queue = queue
        self.loaded = self.refs is not None
        queue.left.connect(self.on_left)
        queue.notice.connect(self.on_notice)
        progress = self.progress
        if progress is not None:
            queue.changed.connect(lambda sub: progress.changed(sub.ref, sub.state.value, time.monotonic()))
            queue.slots.connect(lambda slots: progress.slots(slots, time.monotonic()))

        def on_ready() -> None:
            repo = queue.repository
            if self.refs is None and repo is not None:
                open_rows = repo.open_submissions()
                self.waiting = {s.ref for s in open_rows}
                self.loaded = True
                if progress is not None:
                    progress.follow({s.ref: s.state.value for s in open_rows}, time.monotonic())
                    if not open_rows:
                        progress.line("Nothing to resume.")
            self.check_done()

        queue.ready.connect(on_ready)
        timers = []
        if self.ns.timeout is not None:
            deadline = QTimer()
            deadline.setSingleShot(True)
            deadline.setTimerType(Qt.TimerType.PreciseTimer)
            deadline.timeout.connect(lambda: self.finish(EXIT_TIMEOUT))
            deadline.start(int(self.ns.timeout * 1000))
            timers.append(deadline)
        tick = QTimer()  # lets Python run the Ctrl-C handler, and notices a batch stopped by its credit cap
        tick.timeout.connect(self.on_tick)
        tick.start(200)
        timers.append(tick)

        def interrupted(*_: object) -> None:
            self.interrupted = True
            queue.stop()
            self.finish(130)

        previous = signal.signal(signal.SIGINT, interrupted)
        queue.start()
        try:
            code = app.exec()
        finally:
            signal.signal(signal.SIGINT, previous)
            for t in timers:
                t.stop()
            queue.close(6.0)  # POSTs on the wire finish and their answers are saved
            close_writer(writer, 6.0, self.say_err)
            runner.shutdown(1.0)
            client.close()
            self.screen.close()  # the live block goes; what follows are lines
        final = self.code if self.code is not None else code
        left = list(self.waiting)
        if self.interrupted:
            print(f"flowmusic: stopped sending; {len(left)} left queued. Continue with: flowmusic queue --resume",
                  file=sys.stderr)  # fmt: skip
        elif final == EXIT_TIMEOUT:
            print(f"flowmusic: timed out with {len(left)} submission(s) not sent yet (still queued: flowmusic "
                  "queue --resume continues)", file=sys.stderr)  # fmt: skip
        elif final == EXIT_NO_TOKEN:
            print(f"flowmusic: the API token was rejected; {len(left)} left queued. {TOKEN_HELP}", file=sys.stderr)
        uncertain = [s for s in self.results.values() if s.state is SubmissionState.UNCERTAIN]
        for sub in uncertain:
            print(f"flowmusic: {sub.ref} is uncertain: {oneline(sub.evidence or sub.error or 'the answer was lost')}"
                  ". It was not sent again; follow it with: flowmusic queue", file=sys.stderr)  # fmt: skip
        if not self.as_json and self.results:
            counts: dict[str, int] = {}
            for s in self.results.values():
                counts[s.state.value] = counts.get(s.state.value, 0) + 1
            say(sys.stderr, ", ".join(f"{n} {k}" for k, n in counts.items()))
        if existing is None:
            dispose_application(app)
        if self.ns.wait and final in (EXIT_OK, EXIT_JOB_FAILED, EXIT_UNCERTAIN):
            jobids = [s.jobid for s in self.results.values() if s.jobid]
            if jobids:
                final = self._watch(jobids, final)
        return final

    def on_tick(self) -> None:
        queue = self.queue
        if self.progress is not None and self.code is None:
            self.progress.tick(time.monotonic())
        if queue.cap_reached() and queue.in_flight == 0 and self.code is None and self.waiting:
            self.say_err(f"flowmusic: the batch reached --max-credits {self.ns.max_credits}: {len(self.waiting)} "
                         "left queued")  # fmt: skip
            self.finish(EXIT_JOB_FAILED)

    def on_notice(self, text: str) -> None:
        self.say_err(f"flowmusic: {oneline(text)}")
        if self.queue.paused_for_auth:
            self.finish(EXIT_NO_TOKEN)

    def _watch(self, jobids: list[str], code: int) -> int:
        from flowmusic_gui.cli.watch import WatchSession
        from flowmusic_gui.core.client import ApiClient
        from flowmusic_gui.core.config import policy_config

        remaining = None
        if self.ns.timeout is not None:
            remaining = max(0.1, self.ns.timeout - (time.monotonic() - self.started))
        client = ApiClient(self.base, self.token)
        try:
            config = policy_config(poll_interval=getattr(self.ns, "poll_interval", None),
                                   max_interval=getattr(self.ns, "max_interval", None))
            watched = WatchSession(jobids, client, config, None, self.as_json, self.out).run(remaining)
        finally:
            client.close()
        if watched in (EXIT_TIMEOUT, EXIT_NO_TOKEN, 130):
            return watched
        if code == EXIT_UNCERTAIN:
            return code
        return max(code, watched) if watched in (EXIT_OK, EXIT_JOB_FAILED) else watched

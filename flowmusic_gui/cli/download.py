"""``flowmusic download``: the clips of finished jobs (or the whole library) as tagged files, through the same
downloads queue and ledger as the window."""

from __future__ import annotations

import argparse
import os
import signal
import sys
from typing import IO, Any

from flowmusic_gui.cli.common import (
    EXIT_INTERRUPTED,
    EXIT_JOB_FAILED,
    EXIT_NO_TOKEN,
    EXIT_OK,
    EXIT_OUTPUT_CLOSED,
    EXIT_USAGE,
    TOKEN_HELP,
    UsageError,
    api_base,
    close_writer,
    collect_ids,
    dispose_application,
    lookup_token,
    oneline,
    open_store,
    output_gone,
    print_json,
    say_no_token,
    say_store_problem,
    token_rejected,
)

DOWNLOAD_DESCRIPTION = """\
Download every clip of the given completed jobs (or, with --library, every clip of every account on the
token) into DIR, tagged with title, artist, album, date, the prompt, the cover and the lyrics, and named by the
file-name template. What the downloads ledger already has (the file still there with its size, whatever it is
called now) is skipped; a download cut off earlier resumes from its partial file. Prints one line per file:
"saved PATH (N bytes)" or "skipped PATH (already downloaded)"; with --json one object per file,
{"clip", "jobid", "format", "path", "bytes", "skipped"}. Failures are named on stderr with the reason.

--kept-only downloads only the takes starred as keepers in the app's detail view (a job without one is named
on stderr and skipped); given no job ids, every kept take of the tracked jobs.

The template's placeholders are {title} {take} {clip} {job} {date} {account} {format}; slashes make
folders (default "{title} ({take}).{format}"). The folder defaults to the one chosen in the app's Settings,
else FlowMusic in your music folder (the one your desktop names, such as ~/Musik; else ~/Music). m4a and WAV
come from the clip's public links; mp3 from the API, with the token."""

DOWNLOAD_EPILOG = """\
examples:
  flowmusic download 'job:...-bot:flowmusic'             # both clips as tagged m4a files
  flowmusic download --format wav --dir ~/Songs - < ids  # the WAVs of every job id found in a file
  flowmusic download --library --json                    # the whole library as mp3, one JSON line per file
  flowmusic download --kept-only --format wav            # every take starred in the app, as WAV
  flowmusic download --template '{account}/{date}/{title} ({take}).{format}' JOBID

exit codes:
  0    every file was downloaded or was already there
  1    a file failed (each is named, with the reason)
  2    bad arguments (a job that is not finished yet is named as such)
  3    no token, or the token was rejected
  130  interrupted (Ctrl-C): partial files stay and the next run resumes them
  141  the output was closed (| head): it stops quietly; the next run resumes what is left"""


def add_parser(sub: Any, common: argparse.ArgumentParser) -> None:
    dl = sub.add_parser(
        "download", parents=[common], help="download the clips of finished jobs, or the whole library",
        description=DOWNLOAD_DESCRIPTION, epilog=DOWNLOAD_EPILOG, formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    dl.add_argument("--format", choices=["m4a", "wav", "mp3"], help="the format (default: Settings, else m4a)")
    dl.add_argument("--dir", metavar="DIR",
                    help="the download folder (default: Settings, else FlowMusic in your music folder)")
    dl.add_argument("--template", metavar="T", help="the file-name template (default: Settings)")
    dl.add_argument("--no-tags", action="store_true", help="write no tags (the format is still checked)")
    dl.add_argument("--lrc", action="store_true", help="also write synced lyrics as .lrc beside mp3 and WAV")
    dl.add_argument("--library", action="store_true", help="every clip of every account on the token, as mp3")
    dl.add_argument("--account", metavar="EMAIL", help="with --library: only this account")
    dl.add_argument("--kept-only", action="store_true",
                    help="only the takes starred as keepers in the app (no job ids: every kept take)")
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
                failed.append(f"{jobid}: {token_rejected(outcome.message)}")
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
            failed.append(f"{jobid}: the job failed ({oneline(why)}); it has nothing to download")
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
    if ns.kept_only and ns.library:
        raise UsageError("--kept-only goes with job ids, or alone for every kept take (not with --library)")
    if not ns.library and not ns.jobids and not ns.kept_only:
        raise UsageError("no job ids given (or --library for the whole library, or --kept-only)")
    if ns.library and ns.format not in (None, "mp3"):
        raise UsageError("--library downloads mp3 (the clip list has no m4a or WAV links)")
    ids: list[str] = []
    if not ns.library and ns.jobids:
        ids, complaints = collect_ids(ns.jobids, stdin)
        if complaints:
            for complaint in complaints:
                print(f"flowmusic: bad job id: {complaint}", file=sys.stderr)
            return EXIT_USAGE
        if not ids:
            print("flowmusic: no job ids given", file=sys.stderr)
            return EXIT_USAGE
    settings = _download_settings(ns)
    base = api_base(ns.api_base)

    found = lookup_token()
    token = found.token
    needs_token = ns.library or settings.format == "mp3"
    if needs_token and not token:
        say_no_token(found)
        return EXIT_NO_TOKEN

    from flowmusic_gui.core.client import ApiClient

    client = ApiClient(base, token) if token else None
    store = open_store(ns.data_dir)
    try:
        if ns.library:
            assert client is not None
            return _run_download(None, client, store, settings, ns, out)
        kept: dict[str, tuple[str, ...]] | None = None
        if ns.kept_only:
            kept = store.kept_clips(ids or None)
            if not ids:
                ids = list(kept)
            for jobid in ids:
                if jobid not in kept:
                    print(f"flowmusic: {jobid}: no kept take (star one in the app's detail view); skipped",
                          file=sys.stderr)
            ids = [jobid for jobid in ids if jobid in kept]
            if not ids:
                print("flowmusic: no kept takes to download", file=sys.stderr)
                return EXIT_OK
        tracks, pending, failed, refused = _completed_tracks(ids, client, store)
        if kept is not None:
            tracks = [t for t in tracks if t.jobid in kept and t.clip_id in kept[t.jobid]]
        if refused and not failed:
            say_no_token(found, "to fetch the jobs' records")
            return EXIT_NO_TOKEN
        if refused:
            for line in failed:
                print(f"flowmusic: {oneline(line)}", file=sys.stderr)
            return EXIT_NO_TOKEN
        if pending:
            for jobid in pending:
                print(f"flowmusic: {jobid}: not finished yet (pending); download it once it has completed",
                      file=sys.stderr)
            return EXIT_USAGE
        code = _run_download(tracks, client, store, settings, ns, out) if tracks else EXIT_OK
        for line in failed:
            print(f"flowmusic: {oneline(line)}", file=sys.stderr)
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
    from flowmusic_gui.engine.store_writer import StoreWriter
    from flowmusic_gui.engine.tasks import TaskRunner

    existing = QCoreApplication.instance()
    app = existing or QCoreApplication(["flowmusic"])
    runner = TaskRunner(max_threads=6)
    # The command's one writer lane over its one database object: the queue's bookkeeping goes through it.
    writer = StoreWriter(store, runner)
    writer.problem.connect(say_store_problem)
    queue = DownloadQueue(store, client=client, settings=lambda: settings, runner=runner, writer=writer)
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
                print_json({"clip": clip, "jobid": item.jobid, "format": item.format, "path": path,
                             "bytes": item.total if item.total is not None else item.bytes_done,
                             "skipped": item.skipped}, out)
            elif item.skipped:
                out.write(f"skipped {oneline(path)} (already downloaded)\n")
            else:
                out.write(f"saved   {oneline(path)} ({item.total or item.bytes_done} bytes)\n")
            out.flush()
            if output_gone(out):
                # The reader went away (`| head -3`): stop here; the queue keeps what is left resumable.
                finish(EXIT_OUTPUT_CLOSED)
                return
            for warning in item.warnings:
                print(f"flowmusic: warning: {oneline(warning)}", file=sys.stderr)
        elif item.state is DownloadState.FAILED:
            state["failed"] += 1
            state["refused"] = state["refused"] or item.token_refused
            print(f"flowmusic: failed: {oneline(item.problem or item.title)}", file=sys.stderr)

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
                print(f"flowmusic: warning: {oneline(warning)}", file=sys.stderr)
            for problem in s.problems:
                print(f"flowmusic: {oneline(problem)}", file=sys.stderr)
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
        close_writer(writer, 2.0)  # the last bookkeeping, written here now that nothing else runs
        queue.close_store()
        if existing is None:
            dispose_application(app)
    return state["code"] if state["code"] is not None else code

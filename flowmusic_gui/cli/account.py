"""The account-level commands of ``flowmusic``: ``jobs`` (the running set), ``accounts`` and ``cancel``.

Each asks the API once per thing it shows and exits; none touches the app's job list. Their exit codes are the
command line's: 0 done, 1 something could not be done (named, with the reason), 2 bad arguments, 3 no token or the
token was rejected. Text from the API is printed on one line, as plain text.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from typing import IO, Any

from flowmusic_gui.cli.common import (
    EXIT_JOB_FAILED,
    EXIT_NO_TOKEN,
    EXIT_OK,
    EXIT_USAGE,
    TOKEN_HELP,
    api_base,
    collect_ids,
    lookup_token,
    oneline,
    print_json,
    say_no_token,
    token_rejected,
)


def add_parsers(sub: Any, common: argparse.ArgumentParser) -> None:
    """Add ``jobs``, ``accounts`` and ``cancel`` to the ``flowmusic`` subcommands."""
    from flowmusic_gui.terminal.helptext import help_for

    jobs = sub.add_parser("jobs", parents=[common], **help_for("jobs"))
    jobs.add_argument("--json", action="store_true", help="one JSON object per line")
    accounts = sub.add_parser("accounts", parents=[common], **help_for("accounts"))
    accounts.add_argument("--json", action="store_true", help="one JSON object per line")
    cancel = sub.add_parser("cancel", parents=[common], **help_for("cancel"))
    cancel.add_argument("jobids", nargs="+", metavar="JOBID", help="job ids, or - to read text from stdin")


def _client(base: str) -> Any:
    """A client with the token, or None (said on stderr) when there is none."""
    from flowmusic_gui.core.client import ApiClient

    found = lookup_token()
    if not found.token:
        say_no_token(found)
        return None
    return ApiClient(base, found.token)


def _failed(what: str, outcome: Any) -> int:
    """Say why a call gave no answer; the exit code for it."""
    from flowmusic_gui.core.client import AuthFailed

    message = oneline(getattr(outcome, "message", "unexpected answer"))
    if isinstance(outcome, AuthFailed):
        print(f"flowmusic: {token_rejected(message)}. {TOKEN_HELP}", file=sys.stderr)
        return EXIT_NO_TOKEN
    print(f"flowmusic: {what} failed: {message}", file=sys.stderr)
    return EXIT_JOB_FAILED


def cmd_jobs(base: str, as_json: bool, out: IO[str]) -> int:
    from flowmusic_gui.core.client import RunningJobs

    client = _client(base)
    if client is None:
        return EXIT_NO_TOKEN
    try:
        result = client.running_jobs()
    finally:
        client.close()
    if not isinstance(result, RunningJobs):
        return _failed("reading the running jobs (GET /jobs)", result)
    for problem in result.problems:
        print(f"flowmusic: warning: {oneline(problem)}", file=sys.stderr)
    count = 0
    for account in result.accounts:
        for job in account.jobs:
            count += 1
            if as_json:
                print_json({"jobid": job.jobid, "email": account.email, "status": job.status,
                            "operation": job.operation, "created_at": job.created_at}, out)
                continue
            parts = [f"{oneline(job.status or 'pending'):<10}", oneline(job.jobid)]
            if job.operation:
                parts.append(oneline(job.operation))
            if job.created_at:
                parts.append(f"since {oneline(job.created_at)}")
            out.write("  ".join(parts) + "\n")
    if not as_json and count == 0:
        out.write("No job is running on this token's accounts.\n")
    out.flush()
    return EXIT_OK


def cmd_accounts(base: str, as_json: bool, out: IO[str]) -> int:
    from flowmusic_gui.core.client import AccountFound, Accounts, RunningJobs

    client = _client(base)
    if client is None:
        return EXIT_NO_TOKEN
    try:
        listed = client.accounts()
        if not isinstance(listed, Accounts):
            return _failed("reading the accounts (GET /accounts)", listed)
        running = client.running_jobs()
        slots: dict[str, int] | None = None
        if isinstance(running, RunningJobs):
            slots = {a.email.lower(): a.running if a.running is not None else len(a.jobs) for a in running.accounts}
        else:
            why = oneline(getattr(running, "message", ""))
            print(f"flowmusic: warning: the running jobs could not be read: {why}", file=sys.stderr)
        rows = []
        for info in listed.accounts:
            credits: float | None = None
            error = info.error
            if error is None:
                one = client.account(info.email)
                if isinstance(one, AccountFound):
                    credits = one.account.credits_remaining
                    error = one.account.error
                else:
                    print(f"flowmusic: warning: {oneline(info.email)}: {oneline(getattr(one, 'message', ''))}",
                          file=sys.stderr)
                    from flowmusic_gui.core.client import AccountProblem

                    if isinstance(one, AccountProblem):
                        error = oneline(one.message)
            running_now = None if slots is None else slots.get(info.email.lower(), 0)
            rows.append((info, running_now, credits, error))
    finally:
        client.close()
    for problem in listed.problems:
        print(f"flowmusic: warning: {oneline(problem)}", file=sys.stderr)
    for info, running_now, credits, error in rows:
        if as_json:
            print_json({"email": info.email, "running": running_now, "maxJobs": info.max_jobs,
                        "credits_remaining": credits, "error": error}, out)
            continue
        slot = f"{'?' if running_now is None else running_now}/{'?' if info.max_jobs is None else info.max_jobs}"
        line = [oneline(info.email), oneline(info.tier or "-"), f"{slot} running",
                f"credits {'?' if credits is None else f'{credits:g}'}"]
        if error:
            fix = "" if "re-add" in error.lower() else " (re-add the account at useapi.net)"  # said once
            line.append(f"ERROR: {oneline(error)}{fix}")
        out.write("  ".join(line) + "\n")
    if not as_json and not rows:
        out.write("No FlowMusic account on this token. Add one at useapi.net.\n")
    out.flush()
    return EXIT_OK


def _ended(found: Any) -> str | None:
    """Why a job whose record was read needs no cancelling (it already ended), or None while it runs."""
    from flowmusic_gui.core.records import parse_record
    from flowmusic_gui.core.states import CANCELLED_CODE, JobState

    record = parse_record(found.data)
    if record.state is JobState.COMPLETED:
        return "it had already finished (completed): nothing to cancel; its songs are ready"
    if record.state is JobState.FAILED:
        error = record.error
        if error is not None and error.code == CANCELLED_CODE:
            return "it had already been cancelled"
        why = ": ".join(oneline(x) for x in (error.code, error.message) if x) if error is not None else ""
        return f"it had already failed{f' ({why})' if why else ''}: nothing to cancel"
    return None


def cmd_cancel(base: str, ids: Sequence[str], out: IO[str]) -> int:
    from flowmusic_gui.core.client import AuthFailed, Cancelled, JobFound, Transient

    client = _client(base)
    if client is None:
        return EXIT_NO_TOKEN
    failed = ended = cancelled = 0
    try:
        for jobid in ids:
            # The API answers 204 to a DELETE whether or not the job still ran: read the record first, so a job
            # that already finished is said as such instead of "cancelled".
            found = client.get_job(jobid)
            if isinstance(found, AuthFailed):
                return _failed("cancel", found)
            if isinstance(found, JobFound):
                why = _ended(found)
                if why is not None:
                    ended += 1
                    print(f"flowmusic: not cancelled {jobid}: {why}", file=sys.stderr)
                    continue
            elif not isinstance(found, Transient):  # 403, 404: the job cannot be cancelled from here
                failed += 1
                print(f"flowmusic: could not cancel {jobid}: {oneline(getattr(found, 'message', 'unexpected answer'))}",
                      file=sys.stderr)  # fmt: skip
                continue
            # Running, or its state could not be read just now (a passing fault): ask to cancel it.
            result = client.cancel_job(jobid)
            if isinstance(result, Cancelled):
                cancelled += 1
                out.write(f"cancelled  {jobid}\n")
                out.flush()
                continue
            if isinstance(result, AuthFailed):
                return _failed("cancel", result)
            failed += 1
            print(f"flowmusic: could not cancel {jobid}: {oneline(getattr(result, 'message', 'unexpected answer'))}",
                  file=sys.stderr)
    finally:
        client.close()
    if cancelled:
        if cancelled == 1:
            note = "The cancelled song may still finish, and its credits are spent either way."
        else:
            note = f"The {cancelled} cancelled songs may still finish, and their credits are spent either way."
        print(note, file=sys.stderr)
    if ended:
        print(f"flowmusic: {ended} of {len(ids)} job(s) had already ended: nothing to cancel", file=sys.stderr)
    if failed:
        print(f"flowmusic: {failed} of {len(ids)} job(s) could not be cancelled", file=sys.stderr)
    return EXIT_JOB_FAILED if failed or ended else EXIT_OK


def run(ns: argparse.Namespace) -> int:
    """``jobs``, ``accounts`` or ``cancel``, as ``ns.command`` says."""
    base = api_base(ns.api_base)
    if ns.command == "jobs":
        return cmd_jobs(base, ns.json, sys.stdout)
    if ns.command == "accounts":
        return cmd_accounts(base, ns.json, sys.stdout)
    ids, complaints = collect_ids(ns.jobids, sys.stdin)
    for complaint in complaints:
        print(f"flowmusic: bad job id: {complaint}", file=sys.stderr)
    if complaints:
        return EXIT_USAGE
    if not ids:
        print("flowmusic: no job ids given", file=sys.stderr)
        return EXIT_USAGE
    return cmd_cancel(base, ids, sys.stdout)

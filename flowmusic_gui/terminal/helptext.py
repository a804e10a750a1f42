"""The words of `flowmusic --help` and each command's `--help`: what it does, an example, its exit codes.

Kept apart from the parser so the text reads as text; `help_for(name)` gives the keyword arguments a parser takes.
"""

from __future__ import annotations

import argparse
import shutil
import textwrap
from typing import Any, NamedTuple

_TOKEN = "no token, or the token was rejected"


class CommandHelp(NamedTuple):  # not a dataclass: `dataclasses` costs `flowmusic --help` 5 ms of imports
    summary: str  # one line, in the list of commands
    description: str
    examples: tuple[tuple[str, str], ...]  # (command line, what it does)
    exit_codes: tuple[tuple[int, str], ...]

    def epilog(self) -> str:
        width = max(len(cmd) for cmd, _ in self.examples)
        lines = ["examples:"]
        lines += [f"  {cmd:<{width}}  # {what}" for cmd, what in self.examples]
        lines += ["", "exit codes:"]
        lines += [f"  {code:<3}  {what}" for code, what in self.exit_codes]
        return "\n".join(lines)


COMMANDS: dict[str, CommandHelp] = {
    "watch": CommandHelp(
        summary="poll jobs until every one is finished",
        description=(
            "Poll each job until it is finished. On a terminal the jobs still pending are listed with the time "
            "they have waited, redrawn in place; each finished job prints its clips (title, audio and WAV "
            "links), and a summary ends the run (\"3 completed, 1 failed in 2:14\"). Into a pipe or a log it "
            "prints a line per job on each state change and at most one progress line per pending job every "
            "30 s. With --json, stdout holds only one JSON object per state change: "
            '{"jobid", "state", "record"}, the record as the API sent it. Warnings go to stderr. With --running '
            "it also takes in every job running on the token's accounts now and every job that starts while it "
            "runs, until none is running and none is pending; the ids given are watched only for themselves "
            "otherwise."
        ),
        examples=(
            ("flowmusic watch 'job:...-bot:flowmusic'", "readable progress until the song is ready"),
            ("flowmusic watch --json - < response.json", "ids from any text; one JSON line per change"),
            ("flowmusic watch --timeout 600 --track JOBID", "give up after 10 minutes; keep it in the app's list"),
            ("flowmusic watch --running --json", "every job running on the account, and every one started meanwhile"),
        ),
        exit_codes=(
            (0, "every job completed"),
            (1, "a job failed, was not found (404) or belongs to another account (403)"),
            (2, "bad arguments (each bad job id is named)"),
            (3, _TOKEN + " (watching stops at once)"),
            (4, "--timeout reached with jobs still pending"),
            (130, "interrupted (Ctrl-C)"),
        ),
    ),
    "track": CommandHelp(
        summary="add jobs to the app's list",
        description=(
            "Add job ids to the list the app watches (an open window shows them within about 2 s). Ids are "
            "taken from the arguments, or from any text on stdin with -: URLs, JSON responses of POST /music, "
            "lists. Prints how many were added, were already tracked and were rejected; each rejected piece is "
            "named on stderr with the reason."
        ),
        examples=(
            ("flowmusic track 'job:...-bot:flowmusic'", "add one job"),
            ("flowmusic track - < ids.txt", "add every job id found in a file"),
        ),
        exit_codes=((0, "every id was added or already tracked"), (2, "a piece was rejected, or the data folder "
                                                                      "cannot be used")),
    ),
    "untrack": CommandHelp(
        summary="remove jobs from the app's list",
        description=(
            "Remove job ids from the app's list (the jobs themselves are untouched at the API). Ids that were "
            "not tracked are named on stderr."
        ),
        examples=(("flowmusic untrack 'job:...-bot:flowmusic'", "stop tracking one job"),),
        exit_codes=((0, "done (ids that were not tracked are only named)"), (2, "a piece is not a job id")),
    ),
    "list": CommandHelp(
        summary="list the tracked jobs",
        description=(
            "List the jobs in the app's list with their last known state and title. With --json, one JSON "
            'object per line: {"jobid", "state", "added_at", "record"}, the record verbatim as the API last '
            "sent it (null before the first answer)."
        ),
        examples=(
            ("flowmusic list", "state, job id and title of each tracked job"),
            ("flowmusic list --json | jq -r .jobid", "the tracked ids, for a script"),
        ),
        exit_codes=((0, "listed (an empty list too)"), (2, "the data folder cannot be used")),
    ),
    "token": CommandHelp(
        summary="set, clear or show where the API token comes from",
        description=(
            "set: read the token (hidden input on a terminal, else one line of stdin) and save it in the "
            "system keyring; it says which keyring, and whether FLOWMUSIC_API_TOKEN takes precedence over it."
            "\n\nclear: remove the saved token from the keyring and say what remains."
            "\n\nstatus: where the token in effect comes from (the environment, the keyring, none)."
            "\n\nThe token itself is never shown. FLOWMUSIC_API_TOKEN in the environment always takes "
            "precedence over the keyring."
        ),
        examples=(
            ("flowmusic token set", "paste the token; saved in the system keyring"),
            ("pass show flowmusic | flowmusic token set", "the token from another program"),
            ("flowmusic token status", "where the token comes from"),
            ("flowmusic token clear", "remove the saved token"),
        ),
        exit_codes=(
            (0, "done: saved, removed (or nothing was saved), or a token is set"),
            (1, "the keyring could not save or remove it (no usable keyring, locked, or not answering)"),
            (2, "an empty or malformed token"),
            (3, "status: no token is set"),
        ),
    ),
}

COMMANDS.update({
    "jobs": CommandHelp(
        summary="list the jobs running now on every account of the token",
        description=(
            "List the async jobs running now on every FlowMusic account of the token (GET /jobs), one line per "
            "job: its status, id, operation and start. Jobs made in sync mode are not listed by the API. With "
            '--json, one object per line: {"jobid", "email", "status", "operation", "created_at"} (null where the '
            "API gave none)."
        ),
        examples=(
            ("flowmusic jobs", "what runs now, on every account"),
            ("flowmusic jobs --json | wc -l", "how many jobs run now"),
        ),
        exit_codes=(
            (0, "the list was read (it may be empty)"),
            (1, "the API could not be reached or answered with an error (named)"),
            (3, _TOKEN),
        ),
    ),
    "accounts": CommandHelp(
        summary="list the token's accounts: running jobs, slots, credits and health",
        description=(
            "List every FlowMusic account on the token (GET /accounts): its tier, its running jobs against its "
            "slots (GET /jobs), the credits remaining (GET /accounts/EMAIL, healthy accounts only) and any error. "
            "An account in the error state must be re-added at useapi.net; its jobs wait until then. With --json, "
            'one object per line: {"email", "running", "maxJobs", "credits_remaining", "error"}, null where '
            "unknown."
        ),
        examples=(
            ("flowmusic accounts", "one line per account"),
            ("flowmusic accounts --json", "the same as JSON lines"),
        ),
        exit_codes=(
            (0, "the accounts were read (an account in the error state is shown, not a failure of the command)"),
            (1, "the API could not be reached or answered with an error (named)"),
            (3, _TOKEN),
        ),
    ),
    "cancel": CommandHelp(
        summary="cancel running jobs (the song may still finish; its credits are spent either way)",
        description=(
            "Cancel running async jobs (DELETE /jobs/JOBID) and free their slots. The song may still finish, and "
            "its credits are spent either way. A cancelled job's record reads failed with the code "
            "user_cancelled; watch and list say cancelled. Ids are taken from the arguments, or from any text on "
            "stdin with -. Each job's record is read first: one that already finished, failed or was cancelled "
            "is named on stderr as such and not cancelled again. Prints one line per cancelled job; each one that "
            "could not be is named on stderr with the reason."
        ),
        examples=(
            ("flowmusic cancel 'job:...-bot:flowmusic'", "cancel one job"),
            ("flowmusic jobs | flowmusic cancel -", "cancel everything running now (ids from any text)"),
        ),
        exit_codes=(
            (0, "every job was cancelled"),
            (1, "any could not be, or had already ended (each named, with the reason)"),
            (2, "bad arguments (each bad job id is named)"),
            (3, _TOKEN + " (nothing more is sent)"),
        ),
    ),
})

OVERVIEW_EPILOG = """\
examples:
  flowmusic token set                          # once: save your API token in the system keyring
  flowmusic watch 'job:...-bot:flowmusic'      # wait for a song, then print its links
  flowmusic track - < ids.txt                  # add ids to the app's list
  flowmusic COMMAND --help                     # what a command does, examples and its exit codes

exit codes (each command's --help lists its own):
  0    every job completed / the command succeeded
  1    a job failed, was not found or forbidden; or the keyring failed
  2    bad arguments
  3    no token, or the token was rejected
  4    watch: --timeout reached
  130  interrupted

environment:
  FLOWMUSIC_API_TOKEN  the API token (takes precedence over the keyring)
  FLOWMUSIC_API_BASE   the API base URL (--api-base)
  FLOWMUSIC_DATA_DIR   where the app's list lives (--data-dir)"""


def help_for(name: str) -> dict[str, Any]:
    """Keyword arguments for ``add_parser(name, ...)``: summary, description and the examples/exit-codes epilog."""
    h = COMMANDS[name]
    # The epilog's columns must stay as written, so the parser prints text raw and the description comes wrapped.
    width = max(40, min(100, shutil.get_terminal_size().columns) - 2)
    return {
        "help": h.summary,
        "description": "\n\n".join(textwrap.fill(part, width) for part in h.description.split("\n\n")),
        "epilog": h.epilog(),
        "formatter_class": argparse.RawDescriptionHelpFormatter,
    }

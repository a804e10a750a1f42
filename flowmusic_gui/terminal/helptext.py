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
    "make": CommandHelp(
        summary="make songs: queued against each account's free slots, each made exactly once",
        description=(
            "Make a song for each PROMPT (and each line of --from; a line may be a JSON object with any POST /music "
            "fields), --count times each. Every field is checked against the API's documented ranges before "
            "anything is sent. The songs are queued in the app's store (the window sees the same queue) and sent "
            "as the accounts' slots free up, one POST at a time per account; without --account they spread over "
            "every healthy account with credits. A POST whose answer was lost is never sent again by itself: it "
            "stays uncertain until the account's running list and the records show whether the song was made. "
            "With --json, stdout holds one line per song as it leaves the queue: "
            '{"ref", "state", "jobid", "email", "prompt", "error"} (state: submitted, refused, not_made or '
            "uncertain); with --wait, then the watch --json lines of those jobs until they end. Without --json, "
            "a line per song as it leaves the queue and, on a terminal, a block under them redrawn in place: how "
            "many are queued, sending and submitted, the time, and each account's slots (into a pipe or a log, a "
            "progress line every 30 s instead). Ctrl-C stops sending and leaves the rest queued (flowmusic queue "
            "--resume continues). --ref-image and --ref-audio files (up to 10 of each, 20 MB each) are checked, "
            "then uploaded (POST /files) to --account, or to the healthy account with the most free slots, before "
            "anything is queued; the songs are then sent to that account with the files' asset ids."
        ),
        examples=(
            ("flowmusic make 'lofi hip hop, rainy night'", "one song (two takes)"),
            ("flowmusic make --from prompts.txt --count 2 --json", "two songs per line of the file"),
            ("flowmusic make 'synthwave' --lyrics words.txt --wait", "with your lyrics; wait until it is done"),
            ("flowmusic make 'ambient' --max-credits 100 --min-credits 500", "stop at 100 credits; keep 500"),
            ("flowmusic make 'dream pop' --ref-image cover.jpg --ref-audio hum.wav", "with reference files: "
             "uploaded first, to one account, where the song is made"),
        ),
        exit_codes=(
            (0, "every song was submitted (with --wait: every one completed)"),
            (1, "any was refused or not made (with --wait: or failed)"),
            (2, "bad arguments (the field and its range are named)"),
            (3, _TOKEN),
            (4, "--timeout reached"),
            (5, "a submission is still uncertain (named; flowmusic queue follows it)"),
        ),
    ),
    "edit": CommandHelp(
        summary="make an edit of a clip: extend, replace, cover, remix, effect or stems",
        description=(
            "Make an edit of CLIP (a clip id, user:<id>-<email>-clip:<uuid>) with OPERATION (extend, replace, "
            "cover, remix, effect or stems) and the API's own fields as KEY=VALUE: extend instruction= extend_s= "
            "(1-300) extend_from_s=; replace instruction= mask_start_s= mask_end_s=; cover instruction= "
            "strength= (0-1); remix lyrics= prompt=; effect effect=Trim|Fade|Gain|Reverb|Pan|Equalizer with "
            "start_s/end_s, fade_in_s/fade_out_s, gain_db (-30..30), mix/room_size (0-1), pan (-1..1), "
            "bass_db/mid_db/treble_db (-12..12). Each key and value is checked before anything is sent. The "
            "output and exit codes are those of make."
        ),
        examples=(
            ("flowmusic edit CLIP extend instruction='a guitar solo' extend_s=30", "thirty seconds more"),
            ("flowmusic edit CLIP effect effect=Gain gain_db=5", "louder"),
            ("flowmusic edit CLIP cover strength=0.6 --seed 42 --title 'Take two'", "a cover, pinned"),
        ),
        exit_codes=(
            (0, "the edit was submitted (with --wait: it completed)"),
            (1, "it was refused or not made (with --wait: or failed)"),
            (2, "bad arguments: a bad key or value is named with its range"),
            (3, _TOKEN),
            (4, "--timeout reached"),
            (5, "it is still uncertain (flowmusic queue follows it)"),
        ),
    ),
    "queue": CommandHelp(
        summary="list, continue, drop or resend the songs and edits waiting to be made",
        description=(
            "List what is queued, sending or uncertain, from the window and the command line alike (--json: one "
            'line each, {"ref", "state", "jobid", "email", "prompt", "error"}). --resume continues what a killed '
            "run left, reconciling uncertain ones first, with the output and exit codes of make. --drop REF... "
            "takes queued (or not made, refused, uncertain) ones out. --retry REF sends a not_made one again "
            "(an uncertain one only with --force: it may have been made already)."
        ),
        examples=(
            ("flowmusic queue", "what is waiting"),
            ("flowmusic queue --resume --json", "continue after a crash"),
            ("flowmusic queue --drop fm-1a2b3c4d5e6f7a8b", "drop one"),
            ("flowmusic queue --retry fm-1a2b3c4d5e6f7a8b", "send a not-made one again"),
        ),
        exit_codes=(
            (0, "listed / dropped / every resumed one submitted"),
            (1, "any refused or not made"),
            (2, "bad arguments (an unknown reference is named)"),
            (3, _TOKEN),
            (4, "--timeout reached"),
            (5, "a submission is still uncertain"),
        ),
    ),
})

OVERVIEW_EPILOG = """\
examples:
  flowmusic token set                          # once: save your API token in the system keyring
  flowmusic watch 'job:...-bot:flowmusic'      # wait for a song, then print its links
  flowmusic make 'lofi, rainy night' --wait    # make a song and wait for it
  flowmusic track - < ids.txt                  # add ids to the app's list
  flowmusic COMMAND --help                     # what a command does, examples and its exit codes

exit codes (each command's --help lists its own):
  0    every job completed / the command succeeded
  1    a job failed, was not found or forbidden; or the keyring failed
  2    bad arguments
  3    no token, or the token was rejected
  4    watch, make, edit: --timeout reached
  5    make, edit: a submission is still uncertain (see flowmusic queue)
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

"""The job states and every word the app says about them: the table, the detail pane, the status bar's counts,
notifications and the command line all read them from here.

A module of its own so the window can name states without importing the record parser (and its patterns) before
its first paint. The words are marked for the catalogue in the context "JobState" (core has no Qt): the ui
shows them translated (``ui/i18n.py``), the command line as written.
"""

from __future__ import annotations

from enum import Enum
from typing import NamedTuple

from flowmusic_gui.core.translatable import QT_TRANSLATE_NOOP


class JobState(str, Enum):
    NEW = "new"  # tracked, never polled
    PENDING = "pending"
    COMPLETED = "completed"
    FAILED = "failed"
    NOT_FOUND = "not_found"  # 404: expired or never existed
    FORBIDDEN = "forbidden"  # 403: another account's job

    @property
    def is_terminal(self) -> bool:
        return self in TERMINAL_STATES

    @property
    def words(self) -> StateWords:
        """What the app says about this state."""
        return STATE_WORDS[self]


TERMINAL_STATES: frozenset[JobState] = frozenset(
    {JobState.COMPLETED, JobState.FAILED, JobState.NOT_FOUND, JobState.FORBIDDEN}
)


class StateWords(NamedTuple):
    """What the app says about one state (a NamedTuple: ``dataclasses`` is not loaded before the first paint)."""

    label: str  # the table's Status column
    heading: str  # the detail pane's state line
    icon: str  # an icon name of ui/icons.py
    tooltip: str  # the Status cell's tooltip
    rank: int  # the Status column sorts by this: what needs attention first
    count_word: str  # the status bar's counts: "3 pending"
    explanation: str  # the detail pane's alert for a job the API will not show; "" for the others
    notify_title: str  # a notification's title when a job ends in this state; "" when it never does
    reason: str  # why a job is in this state, as a clause after its name (notifications, the CLI); "" if plain


STATE_WORDS: dict[JobState, StateWords] = {
    JobState.NEW: StateWords(
        label=QT_TRANSLATE_NOOP("JobState", "Checking…"),
        heading=QT_TRANSLATE_NOOP("JobState", "Waiting for the first check"),
        icon="state-new",
        tooltip=QT_TRANSLATE_NOOP("JobState", "Added: waiting for the first answer from the API"),
        rank=0,
        count_word=QT_TRANSLATE_NOOP("JobState", "new"),
        explanation="",
        notify_title="",
        reason="",
    ),
    JobState.PENDING: StateWords(
        label=QT_TRANSLATE_NOOP("JobState", "Pending"),
        heading=QT_TRANSLATE_NOOP("JobState", "Pending"),  # the word the table and the filter use
        icon="state-pending",
        tooltip=QT_TRANSLATE_NOOP("JobState", "The song is being generated"),
        rank=1,
        count_word=QT_TRANSLATE_NOOP("JobState", "pending"),
        explanation="",
        notify_title="",
        reason="",
    ),
    JobState.FAILED: StateWords(
        label=QT_TRANSLATE_NOOP("JobState", "Failed"),
        heading=QT_TRANSLATE_NOOP("JobState", "Failed"),
        icon="state-failed",
        tooltip=QT_TRANSLATE_NOOP("JobState", "The generation failed"),
        rank=2,
        count_word=QT_TRANSLATE_NOOP("JobState", "failed"),
        explanation="",
        notify_title=QT_TRANSLATE_NOOP("JobState", "Generation failed"),
        reason="",
    ),
    JobState.NOT_FOUND: StateWords(
        label=QT_TRANSLATE_NOOP("JobState", "Not found"),
        heading=QT_TRANSLATE_NOOP("JobState", "Not found"),
        icon="state-not_found",
        tooltip=QT_TRANSLATE_NOOP("JobState", "The API does not know this job: it expired or never existed"),
        rank=3,
        count_word=QT_TRANSLATE_NOOP("JobState", "not found"),
        explanation=QT_TRANSLATE_NOOP(
            "JobState",
            "The API has no job with this id (HTTP 404). It may have expired (finished jobs are kept only for a "
            "while) or never existed, for instance when the id was copied incompletely."
        ),
        notify_title=QT_TRANSLATE_NOOP("JobState", "Job not found"),
        reason=QT_TRANSLATE_NOOP("JobState", "it expired or never existed"),
    ),
    JobState.FORBIDDEN: StateWords(
        label=QT_TRANSLATE_NOOP("JobState", "Forbidden"),
        heading=QT_TRANSLATE_NOOP("JobState", "Not your job"),
        icon="state-forbidden",
        tooltip=QT_TRANSLATE_NOOP("JobState", "This job belongs to another account than the token's"),
        rank=4,
        count_word=QT_TRANSLATE_NOOP("JobState", "forbidden"),
        explanation=QT_TRANSLATE_NOOP(
            "JobState",
            "This job belongs to another account than the one of your API token (HTTP 403). Check that the token "
            "is for the account that made the job."
        ),
        notify_title=QT_TRANSLATE_NOOP("JobState", "Job not accessible"),
        reason=QT_TRANSLATE_NOOP("JobState", "it belongs to another account"),
    ),
    JobState.COMPLETED: StateWords(
        label=QT_TRANSLATE_NOOP("JobState", "Completed"),
        heading=QT_TRANSLATE_NOOP("JobState", "Completed"),
        icon="state-completed",
        tooltip=QT_TRANSLATE_NOOP("JobState", "Finished: the clips are ready"),
        rank=5,
        count_word=QT_TRANSLATE_NOOP("JobState", "completed"),
        explanation="",
        notify_title=QT_TRANSLATE_NOOP("JobState", "Song ready"),
        reason="",
    ),
}

#: The order the status bar counts states in: the life of a job, then its troubles.
COUNT_ORDER: tuple[JobState, ...] = (
    JobState.NEW,
    JobState.PENDING,
    JobState.COMPLETED,
    JobState.FAILED,
    JobState.NOT_FOUND,
    JobState.FORBIDDEN,
)

#: The icon of a job whose last poll met a problem (a network error, a bad record) while it is not finished.
PROBLEM_ICON = "state-problem"

#: The error code of a job the user cancelled (``DELETE /jobs/{jobid}``): a failed job with it reads as cancelled.
CANCELLED_CODE = "user_cancelled"

#: What the app says about a failed job whose error code is ``user_cancelled``: it reads as cancelled everywhere.
CANCELLED_WORDS = StateWords(
    label=QT_TRANSLATE_NOOP("JobState", "Cancelled"),
    heading=QT_TRANSLATE_NOOP("JobState", "Cancelled"),
    icon="state-failed",
    tooltip=QT_TRANSLATE_NOOP(
        "JobState", "Cancelled at your request: the song may still have finished, and its credits are spent"
    ),
    rank=2,
    count_word=QT_TRANSLATE_NOOP("JobState", "cancelled"),
    explanation="",
    notify_title=QT_TRANSLATE_NOOP("JobState", "Job cancelled"),
    reason=QT_TRANSLATE_NOOP("JobState", "it was cancelled"),
)


def is_cancelled(state: JobState, record: object) -> bool:
    """A failed job whose record's error code is ``user_cancelled`` (``record``: a JobRecord, or None)."""
    if state is not JobState.FAILED or record is None:
        return False
    error = getattr(record, "error", None)
    return getattr(error, "code", None) == CANCELLED_CODE


def words_for(state: JobState, record: object) -> StateWords:
    """What the app says about a job in this state with this record (a cancelled failure reads as cancelled)."""
    return CANCELLED_WORDS if is_cancelled(state, record) else STATE_WORDS[state]

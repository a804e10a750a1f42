"""The job state vocabulary used everywhere. A module of its own so the window can name states without importing
the record parser (and its patterns) before its first paint."""

from __future__ import annotations

from enum import Enum
from typing import Any

#: The error code of a job the user cancelled (``DELETE /jobs/{jobid}``): a failed job with it reads as cancelled.
CANCELLED_CODE = "user_cancelled"
#: How a cancelled job reads: the table, the detail pane, notifications and the command line.
CANCELLED_LABEL = "Cancelled"
CANCELLED_WORD = "cancelled"


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


TERMINAL_STATES: frozenset[JobState] = frozenset(
    {JobState.COMPLETED, JobState.FAILED, JobState.NOT_FOUND, JobState.FORBIDDEN}
)


def is_cancelled(state: JobState, record: Any) -> bool:
    """A failed job whose record's error code is ``user_cancelled`` (``record``: a JobRecord, or None)."""
    if state is not JobState.FAILED or record is None:
        return False
    error = getattr(record, "error", None)
    return getattr(error, "code", None) == CANCELLED_CODE

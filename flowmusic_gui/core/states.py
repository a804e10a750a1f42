"""The job state vocabulary used everywhere. A module of its own so the window can name states without importing
the record parser (and its patterns) before its first paint."""

from __future__ import annotations

from enum import Enum


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

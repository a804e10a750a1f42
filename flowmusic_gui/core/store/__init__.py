"""The job store: one SQLite file (WAL) with a repository per table, opened once per process as one database
object.

``schema``: the migrations and what every table shares; ``database``: opening, checking, migrating, and the
read and write plumbing; ``jobs``, ``keepers``, ``ledger``, ``queue``, ``submissions`` and ``durations``: the
tables' repositories. :class:`JobStore` is the one database object, with every repository's calls. A new table
is a migration in ``schema``, a repository module beside these, and one more base of :class:`JobStore`.

Standard library only. Other processes (the GUI and ``flowmusic track``) may use the same file at the same time.
"""

from __future__ import annotations

from flowmusic_gui.core.store.database import BUSY_TIMEOUT_S, Database
from flowmusic_gui.core.store.durations import DurationsRepository
from flowmusic_gui.core.store.jobs import SOURCE_ACCOUNT, AddResult, JobsRepository, TrackedJob
from flowmusic_gui.core.store.keepers import KeepersRepository
from flowmusic_gui.core.store.ledger import LedgerEntry, LedgerRepository
from flowmusic_gui.core.store.queue import DownloadQueueRepository, NewDownload, QueuedDownload
from flowmusic_gui.core.store.schema import (
    DOWNLOAD_FORMATS,
    SCHEMA_VERSION,
    URL_KINDS,
    DownloadState,
    StoreError,
    StoreReadOnly,
    StoreRefused,
)
from flowmusic_gui.core.store.submissions import SubmissionsRepository, owner_alive, this_owner

__all__ = [
    "BUSY_TIMEOUT_S",
    "DOWNLOAD_FORMATS",
    "SCHEMA_VERSION",
    "SOURCE_ACCOUNT",
    "URL_KINDS",
    "AddResult",
    "Database",
    "DownloadState",
    "JobStore",
    "LedgerEntry",
    "NewDownload",
    "QueuedDownload",
    "StoreError",
    "StoreReadOnly",
    "StoreRefused",
    "TrackedJob",
    "owner_alive",
    "this_owner",
]


class JobStore(
    JobsRepository, KeepersRepository, LedgerRepository, DownloadQueueRepository, SubmissionsRepository,
    DurationsRepository,
):
    """The store file as one object: the tracked jobs (with their kept takes), the downloads ledger and queue,
    the submissions, and the learned generation times.

    Opening creates the parent folders and the file, applies migrations and checks the file. A file that is
    not a readable database is moved aside (never deleted) and ``notice`` says where; a file written by a
    newer version of the app raises ``StoreError`` and is left untouched.
    """

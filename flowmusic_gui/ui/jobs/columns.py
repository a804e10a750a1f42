"""The jobs table's columns, roles and status groups, and the header's words: what the window's skeleton needs
before its first paint, without the jobs model (``jobs/model.py``, made with the window's parts just after)."""

from __future__ import annotations

from enum import Enum, IntEnum
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QObject

from flowmusic_gui.core.translatable import QT_TRANSLATE_NOOP
from flowmusic_gui.ui.lazy_qt import USER_ROLE

if TYPE_CHECKING:
    from PySide6.QtCore import QAbstractItemModel


class Column(IntEnum):
    STATUS = 0
    TITLE = 1
    OPERATION = 2
    ACCOUNT = 3
    CREATED = 4
    GENERATION = 5
    CLIPS = 6
    JOBID = 7
    KEPT = 8  # a star when a take of the job is kept (shown after the title: see jobs.table)


COLUMNS = len(Column)

HEADERS: dict[Column, str] = {
    Column.STATUS: QT_TRANSLATE_NOOP("JobsModel", "Status"),
    Column.TITLE: QT_TRANSLATE_NOOP("JobsModel", "Title"),
    Column.OPERATION: QT_TRANSLATE_NOOP("JobsModel", "Operation"),
    Column.ACCOUNT: QT_TRANSLATE_NOOP("JobsModel", "Account"),
    Column.CREATED: QT_TRANSLATE_NOOP("JobsModel", "Created"),
    Column.GENERATION: QT_TRANSLATE_NOOP("JobsModel", "Generation"),
    Column.CLIPS: QT_TRANSLATE_NOOP("JobsModel", "Clips"),
    Column.JOBID: QT_TRANSLATE_NOOP("JobsModel", "Job id"),
    Column.KEPT: QT_TRANSLATE_NOOP("JobsModel", "Keeper"),
}

#: What the keeper column's header shows (its name, "Keeper", is in the header's menu and tooltip).
STAR = "★"

HEADER_TIPS: dict[Column, str] = {
    Column.GENERATION: QT_TRANSLATE_NOOP("JobsModel", "How long the generation took"),
    Column.CLIPS: QT_TRANSLATE_NOOP("JobsModel", "Number of clips the job made"),
    Column.CREATED: QT_TRANSLATE_NOOP("JobsModel", "When the job was created (local time)"),
    Column.KEPT: QT_TRANSLATE_NOOP("JobsModel", "Keeper: the takes you starred in the detail view"),
}


def header_text(column: Column) -> str:
    """The column's header in the language shown (the keeper's is its star)."""
    return STAR if column is Column.KEPT else QCoreApplication.translate("JobsModel", HEADERS[column])


def header_stand_in(parent: QObject | None = None) -> QAbstractItemModel:
    """A model in C++ with the jobs table's header and no rows, for the first frame: the table's own model answers
    ``headerData`` in Python, which makes PySide6 build its whole ``Qt`` namespace first (see lazy_qt)."""
    from PySide6.QtGui import QStandardItemModel

    model = QStandardItemModel(0, COLUMNS, parent)
    model.setHorizontalHeaderLabels([header_text(c) for c in Column])
    return model


class Role(IntEnum):
    # Plain ints (Qt.ItemDataRole.UserRole is 0x100): importing this module builds no Qt namespace (see lazy_qt).
    JOB = USER_ROLE + 1  # the JobView
    JOBID = USER_ROLE + 2  # the whole job id
    SORT = USER_ROLE + 3  # the real value the column sorts by (float, int or str)
    STATE = USER_ROLE + 4  # JobState value, e.g. "pending"
    CATEGORY = USER_ROLE + 5  # Category value, for the status filter


class Category(str, Enum):
    """The status filter's groups; a job belongs to one of the first three or to PROBLEMS."""

    IN_PROGRESS = "in_progress"
    COMPLETED = "completed"
    FAILED = "failed"
    PROBLEMS = "problems"
    QUEUED = "queued"  # a song or edit in the app's queue: not a job yet

"""The jobs table's filter: a status group (all, in progress, completed, failed, problems), an account and a
search box.

Sorting is forwarded to the source model (see jobs.model: it sorts in Python on cached keys).
"""

from __future__ import annotations

import sys
from enum import Enum
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QModelIndex, QObject, QPersistentModelIndex, QSortFilterProxyModel

from flowmusic_gui.core.translatable import QT_TRANSLATE_NOOP
from flowmusic_gui.ui.jobs.columns import Category
from flowmusic_gui.ui.lazy_qt import Qt

if TYPE_CHECKING:
    from PySide6.QtCore import QAbstractItemModel

    from flowmusic_gui.ui.jobs.model import JobsModel


class StatusFilter(str, Enum):
    ALL = "all"
    IN_PROGRESS = "in_progress"
    COMPLETED = "completed"
    FAILED = "failed"
    PROBLEMS = "problems"
    QUEUED = "queued"

    @property
    def label(self) -> str:
        return QCoreApplication.translate("StatusFilter", _LABELS[self])

    def counted_label(self, count: int) -> str:
        """The menu's text with how many jobs it would show: "Completed (5)"."""
        from PySide6.QtCore import QLocale

        return QCoreApplication.translate("StatusFilter", "%1 (%2)").replace("%1", self.label).replace(
            "%2", QLocale().toString(count)
        )

    @property
    def category(self) -> Category | None:
        return _CATEGORY.get(self)


_LABELS = {
    StatusFilter.ALL: QT_TRANSLATE_NOOP("StatusFilter", "All jobs"),
    StatusFilter.IN_PROGRESS: QT_TRANSLATE_NOOP("StatusFilter", "Pending"),  # the rows say Pending (or Checking…)
    StatusFilter.COMPLETED: QT_TRANSLATE_NOOP("StatusFilter", "Completed"),
    StatusFilter.FAILED: QT_TRANSLATE_NOOP("StatusFilter", "Failed"),
    StatusFilter.PROBLEMS: QT_TRANSLATE_NOOP("StatusFilter", "Problems"),
    StatusFilter.QUEUED: QT_TRANSLATE_NOOP("StatusFilter", "Queued"),
}

_CATEGORY = {
    StatusFilter.IN_PROGRESS: Category.IN_PROGRESS,
    StatusFilter.COMPLETED: Category.COMPLETED,
    StatusFilter.FAILED: Category.FAILED,
    StatusFilter.PROBLEMS: Category.PROBLEMS,
    StatusFilter.QUEUED: Category.QUEUED,
}


class JobsFilterProxy(QSortFilterProxyModel):
    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._status = StatusFilter.ALL
        self._words: tuple[str, ...] = ()
        self._search = ""
        self._account = ""
        self._open = True  # nothing filtered: every row is accepted without looking at it
        # The source when it is the jobs model (the window's first frame has a stand-in for its header).
        self._jobs: JobsModel | None = None

    def setSourceModel(self, sourceModel: QAbstractItemModel) -> None:
        # A jobs model exists only once its module is loaded: the first frame's stand-in is looked at without
        # loading it (it loads with the window's parts, see jobs.columns).
        module = sys.modules.get("flowmusic_gui.ui.jobs.model")
        self._jobs = sourceModel if module is not None and isinstance(sourceModel, module.JobsModel) else None
        super().setSourceModel(sourceModel)

    def jobs_model(self) -> JobsModel:
        model = self._jobs
        assert model is not None
        return model

    @property
    def status_filter(self) -> StatusFilter:
        return self._status

    @property
    def search_text(self) -> str:
        return self._search

    def set_status_filter(self, status: StatusFilter) -> None:
        if status == self._status:
            return
        self.beginFilterChange()
        self._status = status
        self._reopen()
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    @property
    def account_filter(self) -> str:
        """The account (email) shown alone, or "" for every account."""
        return self._account

    def set_account_filter(self, email: str) -> None:
        if email == self._account:
            return
        self.beginFilterChange()
        self._account = email
        self._reopen()
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def set_search(self, text: str) -> None:
        """Every word must appear in the title, prompt, lyrics or job id (case-insensitive)."""
        words = tuple(text.casefold().split())
        self._search = text
        if words == self._words:
            return
        self.beginFilterChange()
        self._words = words
        self._reopen()
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    @property
    def filtering(self) -> bool:
        """A status or account filter, or a search, hides some rows (or could)."""
        return self._status is not StatusFilter.ALL or bool(self._words) or bool(self._account)

    def _reopen(self) -> None:
        self._open = self._status is StatusFilter.ALL and not self._words and not self._account

    def filterAcceptsRow(self, source_row: int, source_parent: QModelIndex | QPersistentModelIndex) -> bool:
        # Called for every row whenever the source's layout changes (each call crosses from C++ into Python,
        # ~0.7 us): the unfiltered case must cost nothing more.
        if self._open:
            return True
        model = self._jobs
        if model is None or source_parent.isValid():
            return False
        if self._status is not StatusFilter.ALL and model.category_at(source_row) != _CATEGORY[self._status]:
            return False
        if self._account and model.account_at(source_row).casefold() != self._account.casefold():
            return False
        if self._words:
            haystack = model.haystack_at(source_row)
            return all(word in haystack for word in self._words)
        return True

    def sort(self, column: int, order: Qt.SortOrder | None = None) -> None:
        if self._jobs is not None:
            self._jobs.sort(column, order)

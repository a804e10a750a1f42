"""The line above the jobs table: the status filter (with its counts), the account filter, the search box and
"4 of 12 shown". It drives the filter proxy; the window only places it."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QLocale, Signal
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLineEdit, QWidget

from flowmusic_gui.ui import icons
from flowmusic_gui.ui.jobs.columns import Category
from flowmusic_gui.ui.jobs.filter import JobsFilterProxy, StatusFilter
from flowmusic_gui.ui.lazy_qt import WIDGET_SHORTCUT, Qt
from flowmusic_gui.ui.text import plain_label

if TYPE_CHECKING:
    from PySide6.QtGui import QShortcut


class FilterBar(QWidget):
    """``changed`` whenever what the table shows may differ (filter, account or search)."""

    changed = Signal()

    def __init__(self, proxy: JobsFilterProxy, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.proxy = proxy
        bar = QHBoxLayout(self)
        bar.setContentsMargins(0, 0, 0, 0)
        self.filter_combo = QComboBox()
        for status in StatusFilter:
            if status is not StatusFilter.QUEUED:  # listed only while songs are queued (see set_counts)
                self.filter_combo.addItem(status.label, status.value)
        self.filter_combo.setToolTip(self.tr("Show only some of the jobs"))
        self.filter_combo.currentIndexChanged.connect(self._on_filter_changed)
        self.search = QLineEdit()
        self.search.setPlaceholderText(self.tr("Search title, prompt, lyrics, job id  (Ctrl+F)"))
        self.search.setAccessibleName(self.tr("Search jobs"))
        self.filter_combo.setAccessibleName(self.tr("Show jobs"))
        search_icon = self.search.addAction(icons.icon("search"), QLineEdit.ActionPosition.LeadingPosition)
        search_icon.setText(self.tr("Search"))
        # Our own clear button rather than setClearButtonEnabled(): it matches the other icons in light and dark
        # palettes, and it skips the icon-theme lookup Qt's button does (about 12 ms of start-up under X11).
        self.act_clear_search = self.search.addAction(icons.icon("cancel"), QLineEdit.ActionPosition.TrailingPosition)
        self.act_clear_search.setToolTip(self.tr("Clear the search"))
        self.act_clear_search.setText(self.tr("Clear the search"))
        self.act_clear_search.setVisible(False)
        self.act_clear_search.triggered.connect(self.search.clear)
        self.search.textChanged.connect(lambda text: self.act_clear_search.setVisible(bool(text)))
        self.search.textChanged.connect(proxy.set_search)
        self.search.textChanged.connect(self.update_shown)
        self.search.textChanged.connect(lambda _t: self.changed.emit())
        self.escape_search: QShortcut | None = None  # see set_keys
        self.shown_label = plain_label()
        self.shown_label.setObjectName("shownCount")
        self.shown_label.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        self.shown_label.hide()
        self.account_combo = QComboBox()
        self.account_combo.setObjectName("accountFilter")
        self.account_combo.addItem(self.tr("All accounts"), "")
        self.account_combo.setToolTip(self.tr("Show only the jobs of one account"))
        self.account_combo.setAccessibleName(self.tr("Account filter"))
        self.account_combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.account_combo.hide()  # shown once jobs of more than one account are tracked
        self.account_combo.currentIndexChanged.connect(
            lambda _i: proxy.set_account_filter(self.account_combo.currentData() or "")
        )
        bar.addWidget(self.filter_combo)
        bar.addWidget(self.account_combo)
        bar.addWidget(self.search, 1)
        bar.addWidget(self.shown_label)
        for signal in (proxy.rowsInserted, proxy.rowsRemoved, proxy.modelReset, proxy.layoutChanged):
            signal.connect(self.update_shown)

    def set_keys(self) -> None:
        """Esc in the search box clears it (and the filter it applies): with the window's parts, after its first
        paint (as the actions' keys). Once."""
        if self.escape_search is not None:
            return
        from PySide6.QtGui import QKeySequence, QShortcut

        # The key by name and the context as an int through Qt's property (see lazy_qt).
        self.escape_search = QShortcut(QKeySequence("Esc"), self.search)
        self.escape_search.setProperty("context", WIDGET_SHORTCUT)
        self.escape_search.activated.connect(self.search.clear)

    def _on_filter_changed(self, _index: int) -> None:
        value = self.filter_combo.currentData()
        self.proxy.set_status_filter(StatusFilter(value) if value else StatusFilter.ALL)
        self.changed.emit()
        self.update_shown()

    def update_shown(self, *_args: object) -> None:
        """ "4 of 12 shown" while a filter or a search hides some jobs."""
        source = self.proxy.sourceModel()
        total = source.rowCount() if source is not None else 0
        if not self.proxy.filtering or not total:
            self.shown_label.hide()
            return
        text = self.tr("%1 of %n shown", "", total)
        self.shown_label.setText(text.replace("%1", QLocale().toString(self.proxy.rowCount())))
        self.shown_label.show()

    def set_counts(self, total: int, by_category: dict[Category, int]) -> None:
        """Each status filter's entry says how many jobs it would show."""
        self._show_queued(by_category.get(Category.QUEUED, 0) > 0)
        for i in range(self.filter_combo.count()):
            status = StatusFilter(self.filter_combo.itemData(i))
            category = status.category
            count = total if category is None else by_category.get(category, 0)
            self.filter_combo.setItemText(i, status.counted_label(count))
        self.update_shown()

    def _show_queued(self, shown: bool) -> None:
        """The Queued entry, while songs are queued (or while it is the one chosen)."""
        index = self.filter_combo.findData(StatusFilter.QUEUED.value)
        if shown and index < 0:
            self.filter_combo.addItem(StatusFilter.QUEUED.label, StatusFilter.QUEUED.value)
        elif not shown and index >= 0 and self.filter_combo.currentIndex() != index:
            self.filter_combo.removeItem(index)

    def set_accounts(self, accounts: list[str]) -> None:
        """The account filter lists the accounts with jobs in the table (a chosen one stays while it has jobs)."""
        combo = self.account_combo
        shown = [combo.itemData(i) for i in range(1, combo.count())]
        if shown != accounts:
            chosen = combo.currentData() or ""
            combo.blockSignals(True)
            while combo.count() > 1:
                combo.removeItem(1)
            for email in accounts:
                combo.addItem(email, email)  # a combo item's text is plain
            index = combo.findData(chosen) if chosen in accounts else 0
            combo.setCurrentIndex(max(0, index))
            combo.blockSignals(False)
            if (combo.currentData() or "") != chosen:
                self.proxy.set_account_filter(combo.currentData() or "")
        combo.setVisible(len(accounts) > 1 or bool(combo.currentData()))

    def show_all(self) -> None:
        """Clear the status and account filters and the search: every job shows."""
        self.filter_combo.setCurrentIndex(max(0, self.filter_combo.findData(StatusFilter.ALL.value)))
        self.account_combo.setCurrentIndex(0)
        self.search.clear()

    def focus_search(self) -> None:
        self.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search.selectAll()

    @property
    def status_value(self) -> str:
        return str(self.filter_combo.currentData() or StatusFilter.ALL.value)

    def restore(self, status: str, search: str) -> None:
        self.filter_combo.setCurrentIndex(max(0, self.filter_combo.findData(status)))
        self.search.setText(search)

"""The main window: the jobs table (filter, search, context menu), the detail pane, banners and status bar.

It is built and shown before any network or keyring code is imported; ``attach(backend)`` wires the tracker
afterwards (see gui.py), so the first paint never waits for them.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

# Only what the first paint needs is imported here: PySide6 builds each Qt class (and its enums) on first use,
# so classes such as QMessageBox, QMenu and QUrl are imported where they are used, after the window is up.
from PySide6.QtCore import (
    QCoreApplication,
    QEvent,
    QItemSelection,
    QItemSelectionModel,
    QLocale,
    QModelIndex,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QAction, QGuiApplication, QKeySequence, QPalette, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMainWindow,
    QSplitter,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from flowmusic_gui import APP_NAME
from flowmusic_gui.core import paths
from flowmusic_gui.core.states import COUNT_ORDER
from flowmusic_gui.core.urls import is_web_url
from flowmusic_gui.engine.tasks import TaskRunner, TaskScope
from flowmusic_gui.ui import icons
from flowmusic_gui.ui import options as opt
from flowmusic_gui.ui.activity import ActivityButton, ActivityLog, Kind
from flowmusic_gui.ui.controller import WindowController
from flowmusic_gui.ui.i18n import state_count
from flowmusic_gui.ui.jobs.filter import JobsFilterProxy, StatusFilter
from flowmusic_gui.ui.jobs.model import Column, JobsModel, Role
from flowmusic_gui.ui.jobs.table import JobsTable
from flowmusic_gui.ui.options import Options
from flowmusic_gui.ui.text import plain_label, plain_tooltip

if TYPE_CHECKING:
    from PySide6.QtCore import QPoint
    from PySide6.QtGui import QCloseEvent, QDragEnterEvent, QDropEvent
    from PySide6.QtWidgets import QMenu

    from flowmusic_gui.core.credentials import TokenLookup
    from flowmusic_gui.engine.download_settings import DownloadSettings
    from flowmusic_gui.engine.downloads import DownloadItem, DownloadQueue
    from flowmusic_gui.engine.library import LibraryRun, LibrarySummary
    from flowmusic_gui.engine.types import ConnectionProblem, JobView, RateLimit
    from flowmusic_gui.ui.accounts.controller import AccountsController
    from flowmusic_gui.ui.backend import Backend
    from flowmusic_gui.ui.desktop.integration import DesktopIntegration
    from flowmusic_gui.ui.desktop.notifications import Notifier
    from flowmusic_gui.ui.desktop.playback import MediaControls
    from flowmusic_gui.ui.detail.pane import DetailPane
    from flowmusic_gui.ui.downloads.panel import DownloadsPanel
    from flowmusic_gui.ui.notice_bar import NoticeBar

log = logging.getLogger(__name__)

#: How long closing waits for background work to end before abandoning it (closing to exit stays under 1 s).
SHUTDOWN_DEADLINE_S = 0.3
#: Up to this many selected rows are looked at to tell whether Cancel applies; beyond, it is offered and sorts it out.
CANCEL_SCAN_MAX = 500

MAX_DROP_FILE_BYTES = 5 * 1024 * 1024
NOTICE_INFO_MS = 8_000  # information fades after this long (it stays in the activity list)
NOTICE_ACTION_MS = 15_000  # ... a little later when it offers an action such as Undo
WELCOME_MS = 20_000
DROP_SUFFIXES = (".txt", ".json")

class MainWindow(QMainWindow):
    """``attach(backend)`` after ``show()``; ``shutdown()`` (or closing it) stops everything it started."""

    jobs_shown = Signal()  # the first jobs_loaded reached the table
    quit_requested = Signal()  # Quit (menu, Ctrl+Q, tray, MPRIS): the app ends even with the window hidden

    table: JobsTable
    demo_label: QLabel

    def __init__(
        self,
        options: Options,
        *,
        demo: bool = False,
        data_dir: Path | None = None,
        parent: QWidget | None = None,
        runner: TaskRunner,
    ) -> None:
        super().__init__(parent)
        self.options = options
        # The app's one task runner: gui.py builds it; the window shuts it down when it closes.
        self.runner = runner
        self.runner.failed.connect(self._on_task_failed)
        self.demo = demo
        self.data_dir = data_dir or options.path.parent
        self.backend: Backend | None = None
        self._counts_dirty = False
        self._last_problem = ""
        self.closed = False
        self._quitting = False
        self.desktop: DesktopIntegration | None = None
        self._store_notice: str | None = None
        #: ``flowmusic-gui --no-discover``: this session takes in no job found on the account, whatever the setting.
        self.no_discover = False
        self.accounts: AccountsController | None = None
        self._downloads: DownloadQueue | None = None
        self._downloads_panel: DownloadsPanel | None = None
        self._library_run: LibraryRun | None = None
        self.setWindowTitle(self.tr("{app} — demo").format(app=APP_NAME) if demo else APP_NAME)
        self.setWindowIcon(icons.app_icon())
        self.setAcceptDrops(True)
        self.resize(1280, 800)
        self.background = TaskScope(self.runner)  # the window's own tasks (the token lookup)
        self.controller = WindowController(self)

        self.model = JobsModel(self)
        self.model.batch_inserted.connect(self._on_batch_inserted)
        self.proxy = JobsFilterProxy(self)
        self.proxy.setSourceModel(self.model)
        self._build_actions()
        self._build_ui()
        self._build_menus()
        # The one timer of the table: elapsed times of pending jobs, and the counts when they changed.
        self._tick = QTimer(self)
        self._tick.setInterval(1000)
        self._tick.timeout.connect(self._on_tick)
        self._restore_state()
        # The layout is saved a moment after it changes, so a crash or a kill keeps it, not only Quit.
        from flowmusic_gui.ui.layout_saver import LayoutSaver

        self.layout_saver = LayoutSaver(self.save_layout, self)
        self.layout_saver.follow_window(self)
        self.layout_saver.follow_header(self.table.horizontalHeader())
        self.layout_saver.follow_splitter(self.splitter)
        self.filter_combo.currentIndexChanged.connect(self.layout_saver.changed)
        self.search.textChanged.connect(self.layout_saver.changed)
        self.table.selectionModel().currentRowChanged.connect(self.layout_saver.changed)
        self._update_actions()
        self._update_counts()
        if demo:
            self.demo_label.show()

    # -- construction ---------------------------------------------------------------------------------------

    def _action(
        self,
        text: str,
        slot: Callable[[], object],
        *,
        shortcut: QKeySequence | QKeySequence.StandardKey | str | None = None,
        icon: str | None = None,
        tip: str = "",
    ) -> QAction:
        action = QAction(text, self)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        if tip:
            action.setToolTip(tip)
            action.setStatusTip(tip)
        action.triggered.connect(lambda _checked=False: slot())
        if icon:
            action.setData(icon)
            action.setIcon(icons.icon(icon))
        self.addAction(action)
        return action

    def _build_actions(self) -> None:
        a = self._action
        c = self.controller
        self.act_add = a(self.tr("&Add jobs…"), c.open_add_dialog, shortcut="Ctrl+N", icon="add",
                         tip=self.tr("Add job ids from any text"))
        self.act_paste = a(self.tr("&Paste job ids"), self.paste, shortcut=QKeySequence.StandardKey.Paste,
                           tip=self.tr("Add every job id in the clipboard"))
        self.act_recheck = a(self.tr("&Re-check now"), self.recheck_selected, shortcut="F5", icon="refresh",
                             tip=self.tr("Ask the API about the selected jobs now"))
        self.act_remove = a(self.tr("Re&move"), self.remove_selected, shortcut=QKeySequence.StandardKey.Delete,
                            icon="remove", tip=self.tr("Stop tracking the selected jobs"))
        self.act_cancel = a(
            self.tr("&Cancel job"), self.cancel_selected, icon="cancel",
            tip=self.tr("Ask the API to stop the selected pending jobs (their credits are spent either way)"),
        )
        # Checkable: the tray menu and the Jobs menu share it; the tracker's paused_changed keeps it in step.
        self.act_pause = QAction(self.tr("&Pause checking"), self)
        self.act_pause.setObjectName("pauseChecking")
        self.act_pause.setCheckable(True)
        self.act_pause.setToolTip(self.tr(
            "Send no request to the API until this is unchecked; nothing is lost, and a fresh start always checks"
        ))
        self.act_pause.toggled.connect(self._on_pause_toggled)
        self.addAction(self.act_pause)
        self.act_accounts = a(self.tr("A&ccounts…"), self.open_accounts, icon="info",
                              tip=self.tr("The accounts on your token: running jobs, credits and health"))
        self.act_copy_id = a(self.tr("&Copy job id"), self.copy_jobids, shortcut="Ctrl+Shift+C", icon="copy")
        self.act_copy_json = a(self.tr("Copy record as &JSON"), self.copy_json, icon="copy")
        self.act_open_audio = a(self.tr("Open &audio"), lambda: self.open_first_clip("audio"), icon="open-external",
                                tip=self.tr("Open the first clip's audio in the system's player"))
        self.act_open_wav = a(self.tr("Open &WAV"), lambda: self.open_first_clip("wav"), icon="open-external")
        self.act_download_wavs = a(
            self.tr("&Download all WAVs"), self.download_selected_wavs, icon="download",
            tip=self.tr("Save the WAV of every clip of the selected jobs in the download folder"),
        )
        self.act_download_jobs = a(self.tr("Download &clips"), self.download_selected_jobs, icon="download",
                                   tip=self.tr("Save every clip of the selected jobs in the default format (Settings)"))
        self.act_library = a(self.tr("Download my &library…"), self.download_library, icon="download",
                             tip=self.tr("Save every clip of every account on the token as a tagged mp3"))
        self.act_downloads = a(self.tr("&Downloads"), self.toggle_downloads, shortcut="Ctrl+J",
                               tip=self.tr("Show the downloads: progress, Cancel, Retry, Open"))
        self.act_downloads.setCheckable(True)
        self.act_search = a(self.tr("&Find"), self.focus_search, shortcut=QKeySequence.StandardKey.Find, icon="search")
        self.act_token = a(self.tr("API &token…"), c.open_token_dialog, icon="key")
        self.act_settings = a(self.tr("&Settings…"), c.open_settings, shortcut=QKeySequence.StandardKey.Preferences)
        self.act_quit = a(self.tr("&Quit"), self.quit_app, shortcut=QKeySequence.StandardKey.Quit)
        self.act_play_pause = a(self.tr("&Play or pause"), lambda: self.media.play_pause(), shortcut="Ctrl+Space",
                                icon="play", tip=self.tr("Play the selected job's first clip, or pause what plays"))
        self.act_next_clip = a(self.tr("Ne&xt clip"), lambda: self.media.next(), shortcut="Ctrl+Right")
        self.act_previous_clip = a(self.tr("Pre&vious clip"), lambda: self.media.previous(), shortcut="Ctrl+Left")
        self.act_logs = a(self.tr("Open &log folder"), self.open_log_folder, icon="folder")
        self.act_about = a(self.tr("&About"), self.open_about, icon="info")
        # Ctrl+Q whatever the platform theme says: some (offscreen, plain X11 sessions) define no Quit key.
        quit_keys = [QKeySequence("Ctrl+Q")]
        quit_keys += [k for k in QKeySequence.keyBindings(QKeySequence.StandardKey.Quit) if k not in quit_keys]
        self.act_quit.setShortcuts(quit_keys)
        self.act_quit.setShortcutContext(Qt.ShortcutContext.ApplicationShortcut)

    def _build_ui(self) -> None:
        central = QWidget(self)
        outer = QVBoxLayout(central)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.setSpacing(0)

        # The token banner and the notice line are built when first needed (see the properties below).
        self._outer = outer
        self._banner: NoticeBar | None = None
        self._notice: NoticeBar | None = None
        self._notifier: Notifier | None = None

        self.splitter = QSplitter(Qt.Orientation.Horizontal, central)
        self.splitter.setObjectName("mainSplitter")
        self.splitter.setChildrenCollapsible(False)
        left = QWidget(self.splitter)
        left_lay = QVBoxLayout(left)
        left_lay.setContentsMargins(8, 8, 4, 8)
        bar = QHBoxLayout()
        self.filter_combo = QComboBox()
        for status in StatusFilter:
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
        self.search.textChanged.connect(self.proxy.set_search)
        self.search.textChanged.connect(self._update_shown)
        self.search.textChanged.connect(lambda _t: self.table.viewport().update())
        # Esc in the search box clears it (and the filter it applies).
        self.escape_search = QShortcut(QKeySequence(Qt.Key.Key_Escape), self.search)
        self.escape_search.setContext(Qt.ShortcutContext.WidgetShortcut)
        self.escape_search.activated.connect(self.search.clear)
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
            lambda _i: self.proxy.set_account_filter(self.account_combo.currentData() or "")
        )
        bar.addWidget(self.filter_combo)
        bar.addWidget(self.account_combo)
        bar.addWidget(self.search, 1)
        bar.addWidget(self.shown_label)
        left_lay.addLayout(bar)
        self.table = JobsTable(left)
        self.table.setAccessibleName(self.tr("Tracked jobs"))
        self.table.setModel(self.proxy)
        self.table.apply_default_widths()
        self.table.customContextMenuRequested.connect(self._context_menu)
        self.table.doubleClicked.connect(self._on_double_click)
        for signal in (self.proxy.rowsInserted, self.proxy.rowsRemoved, self.proxy.modelReset,
                       self.proxy.layoutChanged):
            signal.connect(self._update_shown)
        sel = self.table.selectionModel()
        sel.selectionChanged.connect(self._on_selection_changed)
        sel.currentRowChanged.connect(lambda _c, _p: self._show_current())
        left_lay.addWidget(self.table, 1)

        # The detail pane (covers, player, downloads: requests and more) is built after the first paint;
        # a plain placeholder holds its place until then (see ensure_detail).
        self._detail: DetailPane | None = None
        self._placeholder = QLabel(self.tr("Select a job to see its clips"))
        self._placeholder.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self._placeholder.setEnabled(False)
        self.splitter.addWidget(left)
        self.splitter.addWidget(self._placeholder)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)
        self.splitter.setSizes([768, 512])
        outer.addWidget(self.splitter, 1)
        self.setCentralWidget(central)

        toolbar = QToolBar(self.tr("Main"), self)
        toolbar.setObjectName("mainToolbar")
        toolbar.setMovable(False)
        toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        toolbar.addAction(self.act_add)
        toolbar.addAction(self.act_recheck)
        toolbar.addAction(self.act_remove)
        # The toolbar's own Cancel: shown only while a job that can still be cancelled is selected.
        self.act_cancel_tool = QAction(icons.icon("cancel"), self.tr("Cancel job"), self)
        self.act_cancel_tool.setToolTip(self.act_cancel.toolTip())
        self.act_cancel_tool.triggered.connect(lambda _checked=False: self.cancel_selected())
        self.act_cancel_tool.setVisible(False)
        toolbar.addSeparator()
        toolbar.addAction(self.act_token)
        # Last, so that its coming and going moves no other button.
        toolbar.addAction(self.act_cancel_tool)
        self.addToolBar(toolbar)
        self.toolbar = toolbar

        from flowmusic_gui.ui.status_message import ElidingStatusBar

        # A passing message that does not fit ends in an ellipsis (the whole of it in the tooltip), never mid-word.
        status_bar = ElidingStatusBar(self)
        self.setStatusBar(status_bar)
        self.counts_label = plain_label()
        self.connection_label = plain_label()  # server text: plain, and its tooltip escaped
        self.connection_label.hide()
        self.rate_label = plain_label()
        self.rate_label.hide()
        self.demo_label = QLabel(self.tr("Demo mode"))
        self.demo_label.setToolTip(
            self.tr("Started with --demo: jobs come from a simulator on this computer, not your FlowMusic account")
        )
        self.demo_label.setStyleSheet("QLabel { font-weight: bold; padding: 0 6px; }")
        self.demo_label.hide()
        self.paused_label = QLabel(self.tr("Checking paused"))
        self.paused_label.setObjectName("pausedLabel")
        self.paused_label.setToolTip(self.act_pause.toolTip())
        self.paused_label.hide()
        status_bar.addPermanentWidget(self.paused_label)
        self.token_label = plain_label()
        self.token_label.setObjectName("tokenSource")
        self.token_label.hide()
        self.activity = ActivityLog(self)
        self.activity_button = ActivityButton(self.activity, status_bar)
        status_bar.addPermanentWidget(self.connection_label)
        status_bar.addPermanentWidget(self.rate_label)
        status_bar.addPermanentWidget(self.counts_label)
        status_bar.addPermanentWidget(self.token_label)
        status_bar.addPermanentWidget(self.demo_label)
        status_bar.addPermanentWidget(self.activity_button)

    def _build_menus(self) -> None:
        bar = self.menuBar()
        file_menu = bar.addMenu(self.tr("&File"))
        file_menu.addAction(self.act_add)
        file_menu.addAction(self.act_paste)
        file_menu.addSeparator()
        file_menu.addAction(self.act_library)
        file_menu.addAction(self.act_downloads)
        file_menu.addSeparator()
        file_menu.addAction(self.act_token)
        file_menu.addAction(self.act_accounts)
        file_menu.addAction(self.act_settings)
        file_menu.addSeparator()
        file_menu.addAction(self.act_quit)
        jobs_menu = bar.addMenu(self.tr("&Jobs"))
        for action in self._row_actions():
            jobs_menu.addAction(action) if action is not None else jobs_menu.addSeparator()
        jobs_menu.addSeparator()
        jobs_menu.addAction(self.act_pause)
        jobs_menu.addSeparator()
        jobs_menu.addAction(self.act_search)
        play_menu = bar.addMenu(self.tr("P&layback"))
        for action in (self.act_play_pause, self.act_next_clip, self.act_previous_clip):
            play_menu.addAction(action)
        help_menu = bar.addMenu(self.tr("&Help"))
        help_menu.addAction(self.act_logs)
        help_menu.addAction(self.act_about)

    def _row_actions(self) -> list[QAction | None]:
        return [
            self.act_open_audio,
            self.act_open_wav,
            self.act_download_jobs,
            self.act_download_wavs,
            None,
            self.act_copy_id,
            self.act_copy_json,
            None,
            self.act_recheck,
            self.act_cancel,
            self.act_remove,
        ]

    @property
    def banner(self) -> NoticeBar:
        """The token banner above the table, built on first use."""
        if self._banner is None:
            self._banner = self._notice_bar("tokenBanner", above_notice=True)
            self._banner.button.setIcon(icons.icon("key"))
        return self._banner

    def existing_banner(self) -> NoticeBar | None:
        """The token banner if it was ever built (dismissing one never shown need not build it)."""
        return self._banner

    @property
    def notice(self) -> NoticeBar:
        """The notice line (Undo, store problems, finished songs without a tray), built on first use."""
        if self._notice is None:
            self._notice = self._notice_bar("notice", above_notice=False)
        return self._notice

    def _notice_bar(self, role: str, *, above_notice: bool) -> NoticeBar:
        from flowmusic_gui.ui.notice_bar import NoticeBar

        bar = NoticeBar(self.centralWidget(), role=role)
        # The banner goes first, the notice right above the table, whichever was built first.
        self._outer.insertWidget(0 if above_notice else self._outer.indexOf(self.splitter), bar)
        return bar

    @property
    def notifier(self) -> Notifier:
        """System notifications and the tray icon: made on first use (``attach`` makes it once the window is
        up), because asking the desktop for a tray can take a moment."""
        if self._notifier is None:
            from flowmusic_gui.ui.desktop.notifications import Notifier

            self._notifier = Notifier(
                self, enabled=lambda: self.options.get(opt.NOTIFICATIONS), in_window=self._notice_finished,
                actions=[self.act_pause],
            )
            self._notifier.show_window.connect(self.bring_to_front)
            self._notifier.quit_requested.connect(self.quit_app)
            self._notifier.show_requested.connect(self.show_job)
            self._notifier.set_counts(self.counts_label.text())
        return self._notifier

    @property
    def detail(self) -> DetailPane:
        return self.ensure_detail()

    def ensure_detail(self) -> DetailPane:
        """Build the detail pane now if it is not there yet (gui.py calls this right after the first paint)."""
        if self._detail is not None:
            return self._detail
        from flowmusic_gui.ui.detail.pane import DetailPane

        pane = DetailPane(None, download_dir=self.download_dir, runner=self.runner, downloads=self.downloads,
                          offsets=opt.ClipOffsets(self.options))
        pane.recheck_requested.connect(lambda jobid: self.recheck([jobid]))
        sizes = self.splitter.sizes()
        self.splitter.replaceWidget(1, pane)
        self._placeholder.deleteLater()
        self.splitter.setSizes(sizes)
        self._detail = pane
        if self._detail_job is not None:
            pane.set_job(self._detail_job)
        return pane

    # -- wiring the engine ----------------------------------------------------------------------------------

    def attach(self, backend: Backend, *, start: bool = True) -> None:
        """Connect the tracker's signals; look the token up off the GUI thread, then start polling."""
        self.backend = backend
        # Asked each time: the backend makes a new client when the API base changes.
        self.downloads.client_source = lambda: getattr(backend, "download_client", None)
        self.ensure_detail()
        self.downloads.restore()  # unfinished downloads of the last session resume
        _ = self.notifier  # the tray icon and system notifications, now that the window is up
        tracker = backend.tracker
        tracker.jobs_loaded.connect(self._on_jobs_loaded)
        tracker.jobs_added.connect(self._on_jobs_added)
        tracker.jobs_removed.connect(self._on_jobs_removed)
        tracker.job_changed.connect(self._on_job_changed)
        tracker.job_finished.connect(self._on_job_finished)
        tracker.problem.connect(self._on_problem)
        tracker.problem_cleared.connect(self._on_problem_cleared)
        tracker.rate_limited.connect(self._on_rate_limited)
        tracker.store_problem.connect(self._on_store_problem)
        tracker.paused_changed.connect(self._on_paused_changed)
        self._on_paused_changed(tracker.paused)
        from flowmusic_gui.ui import options as opt
        from flowmusic_gui.ui.accounts.controller import AccountsController

        tracker.set_discover(self.options.get(opt.DISCOVER) and not self.no_discover)
        self.accounts = AccountsController(self, tracker)
        self.controller.attach(backend, start=start)

    def start_desktop(self) -> DesktopIntegration:
        """Notifications through the desktop's server and the MPRIS player (after the first paint)."""
        if self.desktop is None:
            from flowmusic_gui.ui.desktop.integration import DesktopIntegration

            self.desktop = DesktopIntegration(
                self, self.media, self.notifier,
                show_job=self.show_job, select_job=lambda j: self.show_job(j, raise_window=False),
                raise_window=self.bring_to_front, quit_app=self.quit_app, rows=self.proxy, parent=self,
            )  # fmt: skip
            self.desktop.start()
        return self.desktop

    @property
    def media(self) -> MediaControls:
        """Play, pause, next and previous over the table's finished clips (keys, menus, MPRIS, notifications)."""
        if self._media is None:
            from flowmusic_gui.ui.desktop.playback import MediaControls

            self._media = MediaControls(self, self.detail, self)
        return self._media

    _media: MediaControls | None = None

    def ordered_views(self) -> list[JobView]:
        """Every row's job, in the table's order (as sorted and filtered)."""
        views = [self.proxy.data(self.proxy.index(r, 0), Role.JOB) for r in range(self.proxy.rowCount())]
        from flowmusic_gui.engine.types import JobView

        return [v for v in views if isinstance(v, JobView)]

    def show_job(self, jobid: str, *, raise_window: bool = True) -> None:
        """Select ``jobid`` (clearing a filter that hides it), raising the window: a notification's "Show"."""
        if raise_window:
            self.bring_to_front()
        row = self.model.row_of(jobid)
        if row is None:
            return
        if not self.proxy.mapFromSource(self.model.index(row, 0)).isValid():
            self.filter_combo.setCurrentIndex(0)
            self.search.clear()
        if self.selected_jobids() != [jobid]:
            self.select_jobids([jobid])

    def has_tray(self) -> bool:
        return self._notifier is not None and self._notifier.tray is not None

    def keeps_watching_in_tray(self) -> bool:
        return self.has_tray() and self.options.get(opt.KEEP_IN_TRAY)

    def apply_autostart(self, enabled: bool) -> None:
        """Write or remove the autostart entry off the GUI thread; a problem is shown."""
        from flowmusic_gui.ui.desktop import autostart

        def done(problem: str) -> None:
            if problem:
                self.show_notice(problem)

        def failed(exc: BaseException) -> None:
            self.show_notice(
                self.tr("Could not change the autostart entry ({error}).").format(error=type(exc).__name__)
            )

        self.background.run(lambda: autostart.set_enabled(enabled), name="autostart", on_success=done,
                            on_failure=failed)  # fmt: skip

    def quit_app(self) -> None:
        """Quit for real, whether the window is shown or kept in the tray."""
        self._quitting = True
        self.close()
        self.quit_requested.emit()

    # -- tracker signals ------------------------------------------------------------------------------------

    def _on_jobs_loaded(self, views: list[JobView]) -> None:
        self.statusBar().clearMessage()  # "Loading…"
        self.model.set_jobs(views)
        self._after_rows_changed()
        # The job selected when the app last closed is selected again.
        remembered = self.options.window_value("selected", "")
        if remembered and self.selected_count() == 0:
            self.select_jobids([remembered])
        self.controller.jobs_loaded()
        self.jobs_shown.emit()

    def _on_jobs_added(self, views: list[JobView]) -> None:
        self.model.add_jobs(views)
        if self.model.batching:
            self._on_batch_inserted()  # the counts follow with the tick, not a pass over every row now
        else:
            self._after_rows_changed()

    def _on_jobs_removed(self, jobids: list[str]) -> None:
        successor = self._successor_of_selection(set(jobids))
        self.model.remove_jobs(jobids)
        self._after_rows_changed()
        if successor is not None and self.selected_count() == 0:
            self.select_jobids([successor])

    def _successor_of_selection(self, removed: set[str]) -> str | None:
        """The row a person expects selected once the selected rows go: the next one below, else above."""
        spans = self._selected_proxy_rows()
        if not spans or not removed:
            return None
        first, last = spans[0][0], spans[-1][1]
        proxy = self.proxy

        def jobid_at(row: int) -> str | None:
            value = proxy.index(row, 0).data(Role.JOBID)
            return value if isinstance(value, str) else None

        below = last + 1
        while below < proxy.rowCount():
            jid = jobid_at(below)
            if jid is not None and jid not in removed:
                return jid
            below += 1
        above = first - 1
        while above >= 0:
            jid = jobid_at(above)
            if jid is not None and jid not in removed:
                return jid
            above -= 1
        return None

    def _on_job_changed(self, view: JobView) -> None:
        self.model.update_job(view)
        # Counts are recounted by the tick, at most once a second, however many jobs change.
        self._counts_dirty = True
        if not self._tick.isActive() and not self.closed:
            self._tick.start()
        shown = self.detail_view()
        if shown is not None and shown.jobid == view.jobid:
            self.detail.set_job(view)
        if self._is_selected(view.jobid):
            # The actions were worked out when the row was selected: a job that finished since has clips to
            # download and open now.
            self._update_actions()
        if view.problem is None and self.rate_label.isVisible():
            self.rate_label.hide()
        if view.is_terminal and self.act_cancel.isEnabled():
            self._update_actions()  # a selected job that just ended can no longer be cancelled

    def _is_selected(self, jobid: str) -> bool:
        row = self.model.row_of(jobid)
        if row is None:
            return False
        idx = self.proxy.mapFromSource(self.model.index(row, 0))
        return idx.isValid() and self.table.selectionModel().isRowSelected(idx.row(), QModelIndex())

    def _on_job_finished(self, view: JobView) -> None:
        if not self.closed:  # a late signal must not make a new tray icon for a closed window
            from flowmusic_gui.ui.desktop.notifications import describe

            title, body = describe(view)
            self.activity.add(Kind.SONG, f"{title}: {body}", icon=view.words.icon)
            self.notifier.notify(view)

    def _on_problem(self, problem: ConnectionProblem) -> None:
        text = problem.message
        if text != self._last_problem:  # said once per new problem, not at every retry
            self._last_problem = text
            self.activity.add(Kind.PROBLEM, text)
        if problem.retry_in > 0:
            text = self.tr("{problem}, retrying in {seconds} s").format(
                problem=text, seconds=QLocale().toString(max(1, round(problem.retry_in)))
            )
        self.connection_label.setText(text)
        self.connection_label.setToolTip(plain_tooltip(text))
        self.connection_label.show()

    def _on_pause_toggled(self, checked: bool) -> None:
        if self.backend is not None:
            self.backend.tracker.set_paused(checked)

    def _on_paused_changed(self, paused: bool) -> None:
        self.act_pause.setChecked(paused)  # toggled again only if it differs; the tracker ignores a repeat
        self.paused_label.setVisible(paused)

    def _on_problem_cleared(self) -> None:
        if self._last_problem:
            self._last_problem = ""
            from PySide6.QtCore import QCoreApplication

            self.activity.add(Kind.INFO, QCoreApplication.translate("MainWindow", "The API answers again"))
        self.connection_label.hide()
        self.connection_label.clear()

    def _on_rate_limited(self, limit: RateLimit) -> None:
        seconds = QLocale().toString(max(1, round(limit.seconds)))
        text = self.tr("Rate limited: waiting {seconds} s").format(seconds=seconds)
        self.rate_label.setText(text)
        self.rate_label.setToolTip(plain_tooltip(limit.message))
        self.rate_label.show()

    def _update_account_filter(self) -> None:
        """The account filter lists the accounts with jobs in the table (a chosen one stays while it has jobs)."""
        accounts = self.model.accounts()
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

    def _on_batch_inserted(self) -> None:
        # A big paste arrives over many turns: the counts (a pass over every row) follow with the tick.
        self.table.source_empty = self.model.rowCount() == 0
        self.table.viewport().update()
        self._counts_dirty = True
        if not self._tick.isActive() and not self.closed:
            self._tick.start()

    def _after_rows_changed(self) -> None:
        self._update_account_filter()
        self.table.source_empty = self.model.rowCount() == 0
        self.table.viewport().update()
        self._update_counts()
        if self.model.has_pending() and not self._tick.isActive() and not self.closed:
            self._tick.start()

    def _visible_source_rows(self) -> list[int]:
        view = self.table
        top = view.rowAt(0)
        if top < 0:
            return []
        bottom = view.rowAt(view.viewport().height() - 1)
        if bottom < 0:
            bottom = self.proxy.rowCount() - 1
        rows = []
        for r in range(top, bottom + 1):
            src = self.proxy.mapToSource(self.proxy.index(r, 0))
            if src.isValid():
                rows.append(src.row())
        return rows

    def _on_tick(self) -> None:
        self.model.tick(self._visible_source_rows())
        if self._counts_dirty:
            self._update_counts()
        if not self._counts_dirty and not self.model.has_pending():
            self._tick.stop()

    def refresh_counts(self) -> None:
        self._update_counts()

    def _update_counts(self) -> None:
        self._counts_dirty = False
        counts = self.model.counts()
        parts = [state_count(s, counts[s]) for s in COUNT_ORDER if counts[s]]
        total = self.model.rowCount()
        by_category = self.model.category_counts()
        for i in range(self.filter_combo.count()):
            status = StatusFilter(self.filter_combo.itemData(i))
            category = status.category
            count = total if category is None else by_category.get(category, 0)
            self.filter_combo.setItemText(i, status.counted_label(count))
        self._update_shown()
        text = " · ".join(parts) if parts else self.tr("No jobs")
        if total:
            text = self.tr("%Ln job(s): {counts}", "", total).format(counts=text)
        self.counts_label.setText(text)
        if self._notifier is not None:
            self._notifier.set_counts(text)

    # -- adding jobs ----------------------------------------------------------------------------------------

    def paste(self) -> None:
        text = QGuiApplication.clipboard().text()
        self.controller.add_text(text, source=self.tr("the clipboard"))

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        mime = event.mimeData()
        if mime.hasUrls() or mime.hasText():
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        mime = event.mimeData()
        texts: list[str] = []
        problems: list[str] = []
        if mime.hasUrls() and any(u.isLocalFile() for u in mime.urls()):
            for url in mime.urls():
                if not url.isLocalFile():
                    texts.append(url.toString())
                    continue
                text, problem = read_drop_file(Path(url.toLocalFile()))
                if problem:
                    problems.append(problem)
                if text:
                    texts.append(text)
        elif mime.hasText():
            texts.append(mime.text())
        event.acceptProposedAction()
        from flowmusic_gui.core.jobids import extract_jobids

        found = extract_jobids("\n".join(texts))
        self.controller.add_extraction(found, source=self.tr("the dropped text"), extra_problems=problems)

    # -- selection and row actions --------------------------------------------------------------------------

    def selected_views(self) -> list[JobView]:
        return list(self.iter_selected_views())

    def _selected_proxy_rows(self) -> list[tuple[int, int]]:
        """The selected rows as (first, last) runs of proxy rows, top down, each row once."""
        selection = self.table.selectionModel().selection()
        spans = sorted({(r.top(), r.bottom()) for r in (selection.at(i) for i in range(selection.count()))})
        merged: list[tuple[int, int]] = []
        for top, bottom in spans:
            if merged and top <= merged[-1][1] + 1:
                merged[-1] = (merged[-1][0], max(merged[-1][1], bottom))
            else:
                merged.append((top, bottom))
        return merged

    def selected_count(self) -> int:
        return sum(bottom - top + 1 for top, bottom in self._selected_proxy_rows())

    def iter_selected_views(self) -> Iterator[JobView]:
        """The selected jobs in table order, one at a time.

        Read from the selection's ranges rather than ``selectedRows()``, which asks the model about every
        cell: with all of 10,000 rows selected that alone blocked the window for most of a second.
        """
        proxy, model = self.proxy, self.model
        for top, bottom in self._selected_proxy_rows():
            for row in range(top, bottom + 1):
                source = proxy.mapToSource(proxy.index(row, 0))
                if source.isValid():
                    yield model.view_at(source.row())

    def selected_jobids(self) -> list[str]:
        return [v.jobid for v in self.selected_views()]

    def current_view(self) -> JobView | None:
        idx = self.table.currentIndex()
        if not idx.isValid() or not self.table.selectionModel().isRowSelected(idx.row(), QModelIndex()):
            return next(self.iter_selected_views(), None)
        view = self.proxy.data(idx, Role.JOB)
        from flowmusic_gui.engine.types import JobView

        return view if isinstance(view, JobView) else None

    def detail_view(self) -> JobView | None:
        return self._detail_job

    _detail_job: JobView | None = None

    def select_jobids(self, jobids: list[str]) -> None:
        sel = self.table.selectionModel()
        selection = QItemSelection()
        first: QModelIndex | None = None
        for jobid in jobids:
            row = self.model.row_of(jobid)
            if row is None:
                continue
            idx = self.proxy.mapFromSource(self.model.index(row, 0))
            if not idx.isValid():
                continue
            selection.select(idx, idx.siblingAtColumn(len(Column) - 1))
            first = first or idx
        if first is None:
            return
        sel.select(
            selection, QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows
        )
        sel.setCurrentIndex(first, QItemSelectionModel.SelectionFlag.NoUpdate)
        self.table.scrollTo(first)
        self._show_current()

    def _on_selection_changed(self, _sel: QItemSelection, _desel: QItemSelection) -> None:
        self._update_actions()
        self._show_current()

    def _show_current(self) -> None:
        count = self.selected_count()
        if count > 1:
            self._detail_job = None
            self.detail.show_summary(self.selection_summary(count), self._summary_actions())
            self._summary_shown = True
            return
        view = self.current_view()
        if self._summary_shown:
            self._summary_shown = False
            if view is None:
                self.detail.set_job(None)
                return
        if view is None and self._detail_job is None:
            return
        if view is not None and self._detail_job is not None and view is self._detail_job:
            return
        self._detail_job = view
        self.detail.set_job(view)

    _summary_shown = False
    SUMMARY_COUNTED = 20_000  # selected jobs counted by state at most (select-all must stay instant)

    def selection_summary(self, count: int) -> str:
        """ "3 jobs selected: 2 completed, 1 pending" (states in the status bar's order)."""
        head = self.tr("%n jobs selected", "", count)
        if count > self.SUMMARY_COUNTED:
            return head
        by_state: dict[object, int] = {}
        for v in self.iter_selected_views():
            by_state[v.state] = by_state.get(v.state, 0) + 1
        parts = [state_count(s, by_state[s]) for s in COUNT_ORDER if by_state.get(s)]
        return self.tr("{head}: {states}").format(head=head, states=", ".join(parts)) if parts else head

    def _summary_actions(self) -> list[QAction]:
        return [self.act_download_wavs, self.act_recheck, self.act_copy_id, self.act_remove]

    def _update_actions(self) -> None:
        # Runs on every selection change: it looks at as few rows as it can (select-all must stay instant).
        count = self.selected_count()
        has = count > 0
        for action in (self.act_recheck, self.act_remove, self.act_copy_id, self.act_copy_json):
            action.setEnabled(has)
        # Shown in the toolbar only while a job that can still be cancelled is selected. A huge selection is not
        # walked here (select-all must stay instant): Cancel then says what it found to cancel.
        cancellable = has and (count > CANCEL_SCAN_MAX or any(not v.is_terminal for v in self.iter_selected_views()))
        self.act_cancel.setEnabled(cancellable)
        self.act_cancel.setText(self.tr("&Cancel jobs") if count > 1 else self.tr("&Cancel job"))
        self.act_cancel_tool.setVisible(cancellable)
        self.act_cancel_tool.setText(self.tr("Cancel jobs") if count > 1 else self.tr("Cancel job"))
        first = next(self.iter_selected_views(), None) if count == 1 else None
        clip = first.record.clips[0] if first and first.record and first.record.clips else None
        self.act_open_audio.setEnabled(clip is not None and is_web_url(clip.audio_url))
        self.act_open_wav.setEnabled(clip is not None and is_web_url(clip.wav_url))
        self.act_copy_json.setEnabled(has and any(v.record is not None for v in self.iter_selected_views()))
        self.act_download_wavs.setEnabled(has and any(v.clip_count for v in self.iter_selected_views()))
        self.act_download_jobs.setEnabled(has and any(v.clip_count for v in self.iter_selected_views()))

    def _context_menu(self, pos: QPoint) -> None:
        idx = self.table.indexAt(pos)
        if idx.isValid() and not self.table.selectionModel().isRowSelected(idx.row(), QModelIndex()):
            self.table.selectionModel().select(
                idx,
                QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows,
            )
            self.table.setCurrentIndex(idx)
        self._update_actions()
        menu = self.build_context_menu()
        menu.exec(self.table.viewport().mapToGlobal(pos))
        menu.deleteLater()

    def build_context_menu(self) -> QMenu:
        from PySide6.QtWidgets import QMenu

        menu = QMenu(self)
        if not self.selected_views():
            menu.addAction(self.act_add)
            menu.addAction(self.act_paste)
            return menu
        for action in self._row_actions():
            menu.addAction(action) if action is not None else menu.addSeparator()
        return menu

    def _on_double_click(self, index: QModelIndex) -> None:
        if self.act_open_audio.isEnabled():
            self.open_first_clip("audio")

    def copy_jobids(self) -> None:
        ids = self.selected_jobids()
        if ids:
            QGuiApplication.clipboard().setText("\n".join(ids))
            self.statusBar().showMessage(self.tr("Copied %Ln job id(s)", "", len(ids)), 4000)

    def copy_json(self) -> None:
        """The API's record verbatim (a list when several jobs are selected)."""
        records = [v.record.raw_dict() for v in self.selected_views() if v.record is not None]
        if not records:
            return
        payload = records[0] if len(records) == 1 else records
        import json

        QGuiApplication.clipboard().setText(json.dumps(payload, indent=2, ensure_ascii=False))
        self.statusBar().showMessage(self.tr("Copied %Ln record(s) as JSON", "", len(records)), 4000)

    def download_selected_wavs(self) -> None:
        views = [v for v in self.selected_views() if v.clip_count]
        if views:
            self.detail.download_all_wavs(views)

    def recheck_selected(self) -> None:
        self.recheck(self.selected_jobids())

    def recheck(self, jobids: list[str]) -> None:
        self.controller.recheck(jobids)

    def cancel_selected(self) -> None:
        """Cancel the selected pending jobs, after one confirmation (see ui.dialogs.cancel.CancelConfirm)."""
        if self.accounts is not None:
            self.accounts.cancel(self.selected_views())

    def open_accounts(self) -> None:
        if self.accounts is not None:
            self.accounts.open_accounts()

    def remove_selected(self) -> None:
        self.controller.remove(self.selected_jobids())

    def open_first_clip(self, kind: str) -> None:
        views = self.selected_views()
        if len(views) != 1 or views[0].record is None or not views[0].record.clips:
            return
        clip = views[0].record.clips[0]
        url = clip.audio_url if kind == "audio" else clip.wav_url
        if not self.open_url(url):
            # Nothing opens it (no player for the link, or no http(s) link at all): say so, and what to do.
            self.show_notice(self.tr(
                "Nothing on this system could open the clip's link: copy it, or download the clip."
            ))

    @classmethod
    def open_url(cls, url: str | None) -> bool:
        """Open an http(s) URL in the system's handler; anything else is refused."""
        if not is_web_url(url):
            log.warning("refused to open a URL that is not http(s)")
            return False
        assert url is not None
        from PySide6.QtCore import QUrl
        from PySide6.QtGui import QDesktopServices

        return QDesktopServices.openUrl(QUrl(url))

    def focus_search(self) -> None:
        self.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search.selectAll()

    def _on_filter_changed(self, _index: int) -> None:
        value = self.filter_combo.currentData()
        self.proxy.set_status_filter(StatusFilter(value) if value else StatusFilter.ALL)
        self.table.viewport().update()
        self._update_shown()

    def _update_shown(self, *_args: object) -> None:
        """ "4 of 12 shown" while a filter or a search hides some jobs."""
        total = self.model.rowCount()
        if not self.proxy.filtering or not total:
            self.shown_label.hide()
            return
        text = self.tr("%1 of %n shown", "", total)
        self.shown_label.setText(text.replace("%1", QLocale().toString(self.proxy.rowCount())))
        self.shown_label.show()

    def show_all(self) -> None:
        """Clear the status and account filters and the search: every job shows."""
        self.filter_combo.setCurrentIndex(max(0, self.filter_combo.findData(StatusFilter.ALL.value)))
        self.account_combo.setCurrentIndex(0)
        self.search.clear()

    def hidden_by_filter(self, jobids: list[str]) -> int:
        """How many of these (already inserted) jobs the filter or the search hides."""
        if not self.proxy.filtering:
            return 0
        hidden = 0
        for jid in jobids[:1000]:
            row = self.model.row_of(jid)
            if row is not None and not self.proxy.mapFromSource(self.model.index(row, 0)).isValid():
                hidden += 1
        return hidden

    # -- notices --------------------------------------------------------------------------------------------

    def show_notice(
        self,
        text: str,
        *,
        action: tuple[str, Callable[[], None]] | None = None,
        tooltip: str = "",
        kind: Kind = Kind.INFO,
        hold_ms: int = 0,
        record: bool = True,
    ) -> None:
        """Say ``text`` in the notice bar and keep it in the activity list.

        Information fades by itself (a message with an action such as Undo a little later); problems stay until
        dismissed. A message gives way only to one that matters as much or more, or once it has faded: a song
        ready does not hide a problem, and both are in the list. ``hold_ms`` keeps this one up (and ahead of
        others) for that long, then lets it fade.
        """
        if record:
            self.activity.add(kind, text, tooltip)
        bar = self.notice
        priority = int(Kind.PROBLEM) if hold_ms else int(kind)
        # One that offers an action (Undo, Show all) is shown all the same: it answers what the user just did.
        if bar.isVisibleTo(self) and bar.priority > priority and action is None:
            return
        if hold_ms:
            fade = hold_ms
        elif kind is Kind.PROBLEM:
            fade = 0
        else:
            fade = NOTICE_ACTION_MS if action else NOTICE_INFO_MS
        bar.show_message(text, action=action, tooltip=tooltip, fade_ms=fade, priority=priority)

    def show_token_source(self, lookup: TokenLookup, *, demo: bool = False) -> None:
        """The status bar says where the token comes from (keyring, environment, this session, none)."""
        from flowmusic_gui.ui.controller import token_source_text

        self.token_label.setText(token_source_text(lookup, demo=demo))
        self.token_label.setToolTip(plain_tooltip(self.tr("The token in use: {where}.").format(where=lookup.message)))
        self.token_label.show()

    def show_welcome(self, jobs: int) -> None:
        """The demo's greeting, held a while ahead of the first outcomes (those go to the activity list)."""
        text = self.tr(
            "Welcome to the demo: %n sample jobs; songs finish within about a minute. "
            "Nothing here touches your FlowMusic account.", "", jobs)
        self.show_notice(text, hold_ms=WELCOME_MS)

    def _notice_finished(self, title: str, body: str) -> None:
        self.show_notice(self.tr("{title}: {body}").format(title=title, body=body), kind=Kind.SONG, record=False)

    def _on_task_failed(self, name: str, message: str) -> None:
        if not self.closed:
            # The task's name is the code's own ("export the lyrics"): other languages quote it as a detail.
            self.show_notice(self.tr("Could not {task}: {error}").format(task=name, error=message), kind=Kind.PROBLEM)

    def _on_store_problem(self, reason: str | None) -> None:
        # Stays (not closable) until the results reach the file again.
        if reason is not None:
            self._store_notice = self.tr(
                "Results are not being saved yet: {reason} They are shown and kept, "
                "and saved as soon as the job list can be written."
            ).format(reason=reason)
            self.activity.add(Kind.PROBLEM, self._store_notice)
            self.notice.show_message(self._store_notice, closable=False, priority=int(Kind.PROBLEM))
        elif self._store_notice is not None:
            self.activity.add(Kind.INFO, self.tr("The job list is being saved again."))
            if self.notice.label.text() == self._store_notice:
                self.notice.show_message(self.tr("The job list is being saved again."), fade_ms=NOTICE_INFO_MS)
            self._store_notice = None

    def bring_to_front(self) -> None:
        if self.isMinimized():
            self.showNormal()
        self.show()
        self.raise_()
        self.activateWindow()

    # -- dialogs --------------------------------------------------------------------------------------------

    def download_dir(self) -> Path:
        return self.download_settings().folder

    def download_settings(self) -> DownloadSettings:
        from flowmusic_gui.ui.downloads.settings import download_settings

        return download_settings(self.options)

    # -- downloads: one queue for the whole app, shown in a dock ---------------------------------------------

    @property
    def downloads(self) -> DownloadQueue:
        """The app's downloads queue, made on first use (after the first paint: it imports the network code)."""
        if self._downloads is None:
            from flowmusic_gui.core.store import JobStore
            from flowmusic_gui.engine.downloads import DownloadQueue

            self._downloads = DownloadQueue(
                self.data_dir / JobStore.FILENAME, client=None, settings=self.download_settings, runner=self.runner,
                parent=self,
            )
            self._downloads.planned.connect(self._on_downloads_planned)
        return self._downloads

    @property
    def downloads_panel(self) -> DownloadsPanel:
        if self._downloads_panel is None:
            from flowmusic_gui.ui.downloads.panel import DownloadsPanel

            panel = DownloadsPanel(self.downloads, self)
            panel.library_requested.connect(self.download_library)
            panel.library_cancel.clicked.connect(self._stop_library)
            self.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, panel)
            self._downloads_panel = panel
            # The menu's check mark follows the panel; its being open (and where) is part of the layout.
            panel.visibilityChanged.connect(
                lambda shown: self.act_downloads.setChecked(bool(shown) or not panel.isHidden())
            )
            self.layout_saver.follow_dock(panel)
            dock_state = self.options.window_bytes("dock_state")
            if dock_state is not None:
                self.restoreState(dock_state)
        return self._downloads_panel

    def show_downloads(self) -> None:
        panel = self.downloads_panel
        panel.show()
        panel.raise_()
        self.act_downloads.setChecked(True)

    def toggle_downloads(self) -> None:
        """Ctrl+J: the Downloads panel opens, and closes again."""
        panel = self._downloads_panel
        if panel is not None and not panel.isHidden():
            panel.hide()
            self.act_downloads.setChecked(False)
        else:
            self.show_downloads()

    def restore_downloads_panel(self) -> None:
        """After the first paint: the Downloads panel is open again if it was when the window last closed."""
        if not self.closed and self.options.window_value("downloads_open", False) and self._downloads_panel is None:
            self.show_downloads()

    def _on_downloads_planned(self, _batch: int, items: tuple[DownloadItem, ...]) -> None:
        if items and not self.closed:
            self.show_downloads()

    def download_selected_jobs(self) -> None:
        """Every clip of the selected completed jobs, in the default format."""
        from flowmusic_gui.core.states import JobState
        from flowmusic_gui.core.track import tracks_from_record
        from flowmusic_gui.engine.downloads import DownloadRequest

        settings = self.download_settings()
        wanted = [
            DownloadRequest(track, settings.format)
            for view in self.selected_views() if view.record is not None and view.state is JobState.COMPLETED
            for track in tracks_from_record(view.record)
        ]
        if wanted:
            self.downloads.add(wanted, settings)
        else:
            self.statusBar().showMessage(self.tr("No finished clips in the selection."), 5000)

    def download_library(self) -> None:
        """File → Download my library…: every clip of every account on the token, as tagged mp3s."""
        if self._library_run is not None and self._library_run.running:
            self.show_downloads()
            return
        client = self.downloads.client
        if client is None or not self.controller.have_token:
            self.statusBar().showMessage(self.tr("Set the API token first: the library is read with it."), 8000)
            return
        from flowmusic_gui.engine.library import LibraryRun

        run = LibraryRun(client, self.downloads, self.runner, settings=self.download_settings(), parent=self)
        panel = self.downloads_panel
        run.progress.connect(panel.library_progress)
        run.done.connect(panel.library_done)
        run.done.connect(self._on_library_done)
        self._library_run = run
        panel.library_started()
        self.show_downloads()
        run.start()

    def _stop_library(self) -> None:
        if self._library_run is not None:
            self._library_run.cancel()

    def _on_library_done(self, summary: LibrarySummary) -> None:
        self.statusBar().showMessage(self.tr("Library: {summary}").format(summary=summary.text()), 15000)

    def open_about(self) -> None:
        from flowmusic_gui.ui.dialogs.about import AboutDialog, about_html

        AboutDialog.present(
            self, about_html(self.data_dir, paths.cache_dir(), paths.log_dir(), self.options.path)
        )

    def open_log_folder(self) -> None:
        folder = paths.log_dir()
        folder.mkdir(parents=True, exist_ok=True)
        from PySide6.QtCore import QUrl
        from PySide6.QtGui import QDesktopServices

        QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder)))

    # -- state across restarts ------------------------------------------------------------------------------

    def _restore_state(self) -> None:
        o = self.options
        geometry = o.window_bytes("geometry")
        if geometry is not None:
            self.restoreGeometry(geometry)
        splitter = o.window_bytes("splitter")
        if splitter is not None:
            self.splitter.restoreState(splitter)
        header = o.window_bytes("header")
        hh = self.table.horizontalHeader()
        if header is not None:
            hh.restoreState(header)
        self.table.set_user_columns_text(o.window_value("user_columns", ""))
        self.table.apply_resize_modes()
        column = o.window_value("sort_column", int(Column.CREATED))
        orders = [int(v.value) for v in Qt.SortOrder]  # a hand-edited file may hold any number there
        order = Qt.SortOrder(o.window_value("sort_order", int(Qt.SortOrder.DescendingOrder.value), orders))
        if not 0 <= column < len(Column):
            column = int(Column.CREATED)
        self.table.sortByColumn(column, order)
        saved_filter = o.window_value("status_filter", StatusFilter.ALL.value)
        pos = self.filter_combo.findData(saved_filter)
        self.filter_combo.setCurrentIndex(max(0, pos))
        self.search.setText(o.window_value("search", ""))

    def save_layout(self) -> None:
        """The layout changed a moment ago: kept now, without waiting for Quit (QSettings writes the small file
        from the event loop)."""
        if not self.closed:
            self.save_state(sync=False)

    def save_state(self, *, sync: bool = True) -> None:
        o = self.options
        o.set_window_bytes("geometry", self.saveGeometry())
        o.set_window_bytes("splitter", self.splitter.saveState())
        o.set_window_bytes("header", self.table.horizontalHeader().saveState())
        o.set_window_value("user_columns", self.table.user_columns_text())
        o.set_window_value("sort_column", self.model.sort_column)
        o.set_window_value("sort_order", int(self.model.sort_order.value))
        o.set_window_value("status_filter", self.proxy.status_filter.value)
        o.set_window_value("search", self.search.text())
        current = self.current_view()
        o.set_window_value("selected", current.jobid if current is not None else "")
        panel = self._downloads_panel
        if panel is not None:  # never opened this run: what the last run said stands
            o.set_window_value("downloads_open", not panel.isHidden())
            o.set_window_bytes("dock_state", self.saveState())
        if sync:
            o.sync()

    # -- shutdown -------------------------------------------------------------------------------------------

    def closeEvent(self, event: QCloseEvent) -> None:
        if not self._quitting and not self.closed and self.keeps_watching_in_tray():
            # Closing hides the window; polling, notifications and the player go on until Quit.
            self.save_state()
            event.ignore()
            self.hide()
            return
        self.shutdown()
        event.accept()

    def shutdown(self) -> None:
        """Save the state; stop the timer, the tracker, the pane and background work. Safe to call twice."""
        if self.closed:
            return
        self.closed = True
        self.layout_saver.stop()
        self.save_state()
        if self.accounts is not None:
            self.accounts.stop()
        # Transfers are cut before the backend closes the client they use; partial files stay, to resume.
        if self._library_run is not None:
            self._library_run.cancel_walk()
        if self._downloads is not None:
            self._downloads.shutdown()
        # The backend first: its last queued answers may still update rows (and start timers).
        if self.backend is not None:
            self.backend.close()
        self._tick.stop()
        if self._notice is not None:
            self._notice.stop_fade()
        self.model.shutdown()
        self.background.close()
        if self._detail is not None:
            self._detail.shutdown()
        if self.desktop is not None:
            self.desktop.shutdown()
        if self._notifier is not None:
            self._notifier.shutdown()
        # Last: what is still running is told to stop (transfers cut their sockets and end at once) and a poll
        # request stuck in a read is abandoned after 0.3 s; no callback comes after this.
        self.runner.shutdown(SHUTDOWN_DEADLINE_S)
        if self._downloads is not None:
            self._downloads.close_store()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() in (QEvent.Type.PaletteChange, QEvent.Type.ApplicationPaletteChange):
            icons.clear_cache()
            for action in self.actions():
                name = action.data()
                if isinstance(name, str):
                    action.setIcon(icons.icon(name))
            self.table.viewport().update()
        super().changeEvent(event)


def read_drop_file(path: Path) -> tuple[str, str | None]:
    """(text, problem): a .txt or .json file's text, or why it was not read (naming the file)."""
    name = path.name
    if path.suffix.lower() not in DROP_SUFFIXES:
        return "", QCoreApplication.translate("DropFile", "{name} — not a .txt or .json file").format(name=name)
    try:
        size = path.stat().st_size
        if size > MAX_DROP_FILE_BYTES:
            return "", QCoreApplication.translate("DropFile", "{name} — too large ({size} KB)").format(
                name=name, size=QLocale().toString(size // 1024)
            )
        data = path.read_bytes()
    except OSError as exc:
        return "", QCoreApplication.translate("DropFile", "{name} — cannot be read ({error})").format(
            name=name, error=exc.strerror or type(exc).__name__
        )
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return "", QCoreApplication.translate("DropFile", "{name} — not UTF-8 text").format(name=name)
    if path.suffix.lower() == ".json":
        import json

        try:
            json.loads(text)
        except json.JSONDecodeError as exc:
            # The ids in it still count: extraction works on any text; say the JSON is broken.
            problem = QCoreApplication.translate(
                "DropFile", "{name} — not valid JSON ({error} at line {line}); its job ids were kept"
            )
            return text, problem.format(name=name, error=exc.msg, line=exc.lineno)
    return text, None


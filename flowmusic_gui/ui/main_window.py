"""The main window: it lays out its parts and wires them together; each part lives in a module named for it.

The parts: the actions and menus (``actions.py``), the selection and the commands on it (``selection.py``,
``commands.py``), the tracker binding (``tracker_binding.py``), the studio's commands and rows
(``studio_binding.py``), the message bridge and how notices show (``messages.py``, ``notices.py``), the status bar
(``status_bar.py``), the filter line (``jobs/filter_bar.py``), the downloads coordinator
(``downloads/coordinator.py``), the tray, notifications, media controls and MPRIS (``desktop/presence.py``),
window state (``window_state.py``) and drag and drop (``drop.py``). The controllers get what they need (backend,
model, options, the bridge), not the window.

The window itself is the skeleton the first frame shows (menus, tool bar, filter line, table, status bar); the
parts it does not show are made and wired by ``window_parts.py`` (at once, or with ``parts_later`` on the first
turn after the first paint, as gui.py asks). It is shown before any network or keyring code is imported;
``attach(backend)`` wires the tracker afterwards, so the first paint never waits for them.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import TYPE_CHECKING, Any

# Only what the first paint needs is imported here: PySide6 builds each Qt class (and its enums) on first use,
# so classes such as QMessageBox, QMenu and QUrl are imported where they are used, after the window is up.
from PySide6.QtCore import QEvent, Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QLabel, QMainWindow, QSplitter, QVBoxLayout, QWidget

from flowmusic_gui import APP_NAME
from flowmusic_gui.core import paths
from flowmusic_gui.engine.tasks import TaskRunner, TaskScope
from flowmusic_gui.ui import icons
from flowmusic_gui.ui import options as opt
from flowmusic_gui.ui.actions import WindowActions
from flowmusic_gui.ui.activity import ActivityLog, Kind
from flowmusic_gui.ui.jobs.columns import header_stand_in
from flowmusic_gui.ui.jobs.filter import JobsFilterProxy
from flowmusic_gui.ui.jobs.filter_bar import FilterBar
from flowmusic_gui.ui.jobs.table import JobsTable
from flowmusic_gui.ui.lazy_qt import ALIGN_CENTER
from flowmusic_gui.ui.messages import Action, Message, MessageBridge
from flowmusic_gui.ui.notices import NoticeArea
from flowmusic_gui.ui.options import Options
from flowmusic_gui.ui.selection import Selection
from flowmusic_gui.ui.status_bar import WindowStatus
from flowmusic_gui.ui.tracker_binding import TrackerBinding
from flowmusic_gui.ui.window_state import WindowState

if TYPE_CHECKING:
    from PySide6.QtGui import QCloseEvent, QDragEnterEvent, QDropEvent
    from PySide6.QtWidgets import QMenu

    from flowmusic_gui.core.credentials import TokenLookup
    from flowmusic_gui.engine.download_settings import DownloadSettings
    from flowmusic_gui.engine.downloads import DownloadQueue
    from flowmusic_gui.engine.types import JobView
    from flowmusic_gui.ui.accounts.controller import AccountsController
    from flowmusic_gui.ui.backend import Backend
    from flowmusic_gui.ui.commands import SelectionCommands
    from flowmusic_gui.ui.controller import WindowController
    from flowmusic_gui.ui.desktop.integration import DesktopIntegration
    from flowmusic_gui.ui.desktop.notifications import Notifier
    from flowmusic_gui.ui.desktop.playback import MediaControls
    from flowmusic_gui.ui.desktop.presence import DesktopPresence
    from flowmusic_gui.ui.detail.pane import DetailPane
    from flowmusic_gui.ui.downloads.coordinator import DownloadsCoordinator
    from flowmusic_gui.ui.downloads.panel import DownloadsPanel
    from flowmusic_gui.ui.jobs.model import JobsModel
    from flowmusic_gui.ui.layout_saver import LayoutSaver
    from flowmusic_gui.ui.notice_bar import NoticeBar
    from flowmusic_gui.ui.studio.controller import Studio
    from flowmusic_gui.ui.studio_binding import StudioBinding

log = logging.getLogger(__name__)

#: How long closing waits for background work to end before abandoning it (closing to exit stays under 1 s).
SHUTDOWN_DEADLINE_S = 0.3
WELCOME_MS = 20_000
#: The parts build_parts makes.
PARTS = frozenset({"controller", "commands", "downloads_coordinator", "studio_binding", "presence", "layout_saver"})


class MainWindow(QMainWindow):
    """``attach(backend)`` after ``show()``; ``shutdown()`` (or closing it) stops everything it started."""

    jobs_shown = Signal()  # the first jobs_loaded reached the table
    #: The jobs (made at once, or on first use: a window with ``parts_later`` paints its first frame without it).
    model: JobsModel
    quit_requested = Signal()  # Quit (menu, Ctrl+Q, tray, MPRIS): the app ends even with the window hidden
    # The parts made by build_parts (after the first paint when gui.py asks for ``parts_later``).
    controller: WindowController
    commands: SelectionCommands
    downloads_coordinator: DownloadsCoordinator
    studio_binding: StudioBinding
    presence: DesktopPresence
    layout_saver: LayoutSaver

    def __init__(
        self,
        options: Options,
        *,
        demo: bool = False,
        data_dir: Path | None = None,
        parent: QWidget | None = None,
        runner: TaskRunner,
        parts_later: bool = False,
    ) -> None:
        super().__init__(parent)
        self.options = options
        # The app's one task runner: gui.py builds it; the window shuts it down when it closes.
        self.runner = runner
        self._demo = demo
        self.data_dir = data_dir or options.path.parent
        self.backend: Backend | None = None
        self.closed = False
        self._quitting = False
        self.accounts: AccountsController | None = None
        self._detail: DetailPane | None = None
        self.setWindowTitle(self.tr("{app} — demo").format(app=APP_NAME) if demo else APP_NAME)
        self.setWindowIcon(icons.app_icon())
        self.setAcceptDrops(True)
        self.resize(1280, 800)
        self.background = TaskScope(self.runner)  # the window's own tasks (the token lookup)
        self.bridge = MessageBridge(self)
        self.activity = ActivityLog(self)
        self.proxy = JobsFilterProxy(self)
        # The first frame's header comes from a stand-in in C++ (the jobs model answers in Python, and that builds
        # PySide6's Qt namespace: see lazy_qt); the jobs model (its module too) comes with the window's parts, before
        # any job can arrive, and takes the stand-in's place; the table is sorted then.
        self._stand_in = header_stand_in(self) if parts_later else None
        self.proxy.setSourceModel(self._stand_in if self._stand_in is not None else self._make_model())
        self.acts = WindowActions(self)
        self._build_ui()
        self.acts.build_menus()
        self.toolbar = self.acts.build_toolbar()
        self.selection = Selection(self.table, self.proxy)
        self.binding = TrackerBinding(
            self._model_if_made(), self.table, self.selection, self.filters, self.status, self.notices,
            self.activity, remembered=self.state_remembered, notify=lambda view: self.presence.notify(view),
            parent=self,
        )  # fmt: skip
        self.state = WindowState(options, self, self.splitter, self.table, self.filters)
        self.state.restore(sort=self._stand_in is None)
        # A sort asked for before the jobs model takes over is kept then (the header says which: its signal
        # carries a Qt enum, so this costs nothing unless it happens).
        self._sorted_early = False
        if self._stand_in is not None:
            self.table.horizontalHeader().sortIndicatorChanged.connect(self._note_early_sort)
        self.acts.update_for(self.selection)
        self.binding.update_counts()
        if demo:
            self.status.demo_label.show()
        self.parts_built = False
        if not parts_later:
            self.build_parts()

    if not TYPE_CHECKING:  # (mypy keeps checking every other attribute's name)

        def __getattr__(self, name: str) -> Any:
            # Reached only for an attribute that is not there: a part asked for before build_parts ran (a drop,
            # a key, a test hooking the first paint) is built on the spot, with the rest of the parts; the jobs
            # model alone, when it is asked for first.
            if name in PARTS and self.__dict__.get("parts_built") is False:
                self.build_parts()
                return self.__dict__[name]
            if name == "model" and "binding" in self.__dict__:
                return self._make_model()
            raise AttributeError(f"{type(self).__name__!r} object has no attribute {name!r}")

    def build_parts(self) -> None:
        """What the first frame does not show: the controller, the selection's commands, the downloads, the
        studio, the desktop presence, the layout saver, and what the actions do. A window made with
        ``parts_later`` (gui.py) gets them on the first turn after its first paint; done once."""
        if self.parts_built:
            return
        self.parts_built = True
        stand_in, self._stand_in = self._stand_in, None
        if stand_in is not None:
            self.table.horizontalHeader().sortIndicatorChanged.disconnect(self._note_early_sort)
            self.proxy.setSourceModel(self.model)  # the header's sections keep their sizes, order and arrow
            stand_in.deleteLater()
            if not self._sorted_early:
                self.state.restore_sort()
            self.table.setSortingEnabled(True)  # (sorts by the header's arrow: the one just restored, or asked for)
            self.table.hint_wanted = True
            self.table.viewport().update()
        self.acts.set_keys()
        self.filters.set_keys()
        from flowmusic_gui.ui.window_parts import build_parts

        build_parts(self)

    def _model_if_made(self) -> JobsModel | None:
        """The jobs model if it is made already (reading ``self.model`` would make it: see __getattr__)."""
        found: JobsModel | None = self.__dict__.get("model")
        return found

    def _make_model(self) -> JobsModel:
        """The jobs model, made once (its rows and counts go to the tracker binding)."""
        found = self._model_if_made()
        if found is not None:
            return found
        from flowmusic_gui.ui.jobs.model import JobsModel

        self.model = model = JobsModel(self)
        binding: TrackerBinding | None = self.__dict__.get("binding")
        if binding is not None:
            binding.use_model(model)
        return model

    def _note_early_sort(self, *_args: object) -> None:
        self._sorted_early = True

    # -- construction ---------------------------------------------------------------------------------------

    def _build_ui(self) -> None:
        from flowmusic_gui.ui.status_message import ElidingStatusBar

        # A passing message that does not fit ends in an ellipsis (the whole of it in the tooltip), never mid-word.
        self.setStatusBar(ElidingStatusBar(self))
        central = QWidget(self)
        outer = QVBoxLayout(central)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.setSpacing(0)
        # Horizontal, as made; parented by the layout below (QSplitter(parent) is resolved against its overload
        # that takes a Qt.Orientation, which builds PySide6's Qt namespace: see lazy_qt).
        self.splitter = QSplitter()
        self.splitter.setObjectName("mainSplitter")
        self.splitter.setChildrenCollapsible(False)
        left = QWidget(self.splitter)
        left_lay = QVBoxLayout(left)
        left_lay.setContentsMargins(8, 8, 4, 8)
        self.filters = FilterBar(self.proxy, left)
        left_lay.addWidget(self.filters)
        self.table = JobsTable(left)
        self.table.setAccessibleName(self.tr("Tracked jobs"))
        if self._stand_in is not None:
            # Sorting asks the jobs model (in Python, with a Qt enum): it starts with the jobs model. A header
            # state restored before then brings its own sort arrow. The empty table's hint waits for it too.
            self.table.setSortingEnabled(False)
            self.table.hint_wanted = False
        self.table.setModel(self.proxy)  # (its columns' widths: with the layout, see WindowState.restore)
        left_lay.addWidget(self.table, 1)
        # The detail pane (covers, player, downloads: requests and more) is built after the first paint;
        # a plain placeholder holds its place until then (see ensure_detail).
        self._placeholder = QLabel(self.tr("Select a job to see its clips"))
        self._placeholder.setProperty("alignment", ALIGN_CENTER)  # an int, through Qt's property (see lazy_qt)
        self._placeholder.setEnabled(False)
        self.splitter.addWidget(left)
        self.splitter.addWidget(self._placeholder)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)
        self.splitter.setSizes([768, 512])
        outer.addWidget(self.splitter, 1)
        self.setCentralWidget(central)
        self.notices = NoticeArea(central, outer, self.splitter, self.activity)
        self.status = WindowStatus(self.statusBar(), self.activity, pause_tip=self.acts.act_pause.toolTip())
        # The names tests and older code know these widgets by.
        f, s = self.filters, self.status
        self.filter_combo, self.account_combo, self.search = f.filter_combo, f.account_combo, f.search
        self.shown_label, self.act_clear_search = f.shown_label, f.act_clear_search
        self.counts_label, self.connection_label, self.rate_label = s.counts_label, s.connection_label, s.rate_label
        self.paused_label, self.token_label, self.demo_label = s.paused_label, s.token_label, s.demo_label
        self.activity_button = s.activity_button

    @property
    def demo(self) -> bool:
        """Started with --demo (the controller words the token and language notices for it)."""
        return self._demo

    @demo.setter
    def demo(self, value: bool) -> None:
        self._demo = value
        controller: WindowController | None = self.__dict__.get("controller")  # none before build_parts
        if controller is not None:
            controller.demo = value

    def state_remembered(self) -> str:
        return self.state.remembered_selection()

    @property
    def banner(self) -> NoticeBar:
        """The token banner above the table, built on first use."""
        return self.notices.banner

    def existing_banner(self) -> NoticeBar | None:
        return self.notices.existing_banner()

    @property
    def notice(self) -> NoticeBar:
        """The notice line (Undo, store problems, finished songs without a tray), built on first use."""
        return self.notices.notice

    @property
    def notifier(self) -> Notifier:
        """System notifications and the tray icon (made on first use: ``attach`` makes it)."""
        return self.presence.notifier

    @property
    def detail(self) -> DetailPane:
        return self.ensure_detail()

    def existing_detail(self) -> DetailPane | None:
        return self._detail

    def ensure_detail(self) -> DetailPane:
        """Build the detail pane now if it is not there yet (gui.py calls this right after the first paint)."""
        if self._detail is not None:
            return self._detail
        from flowmusic_gui.ui.detail.pane import DetailPane

        pane = DetailPane(None, download_dir=self.download_dir, runner=self.runner, downloads=self.downloads,
                          offsets=opt.ClipOffsets(self.options))  # fmt: skip
        pane.recheck_requested.connect(lambda jobid: self.recheck([jobid]))
        sizes = self.splitter.sizes()
        self.splitter.replaceWidget(1, pane)
        self._placeholder.deleteLater()
        self.splitter.setSizes(sizes)
        self._detail = pane
        if self.commands.detail_job is not None:
            pane.set_job(self.commands.detail_job)
        return pane

    # -- wiring the engine ----------------------------------------------------------------------------------

    def attach(self, backend: Backend, *, start: bool = True) -> None:
        """Connect the tracker's signals; look the token up off the GUI thread, then start polling."""
        from flowmusic_gui.ui.window_parts import attach_backend

        attach_backend(self, backend, start=start)

    # -- the studio: making songs and edits (see studio_binding.py) ---------------------------------------------

    @property
    def studio(self) -> Studio | None:
        """The studio (New song, Make from this take, the submission queue), once a backend with a store is
        attached."""
        return self.studio_binding.studio

    @property
    def no_discover(self) -> bool:
        """``flowmusic-gui --no-discover``: this session takes in no job found on the account."""
        return self.controller.no_discover

    @no_discover.setter
    def no_discover(self, value: bool) -> None:
        self.controller.no_discover = value

    def start_desktop(self) -> DesktopIntegration:
        """Notifications through the desktop's server and the MPRIS player (after the first paint)."""
        return self.presence.start()

    @property
    def desktop(self) -> DesktopIntegration | None:
        return self.presence.integration

    @property
    def media(self) -> MediaControls:
        """Play, pause, next and previous over the table's finished clips (keys, menus, MPRIS, notifications)."""
        return self.presence.media

    def show_job(self, jobid: str, *, raise_window: bool = True) -> None:
        """Select ``jobid`` (clearing a filter that hides it), raising the window: a notification's "Show"."""
        if raise_window:
            self.bring_to_front()
        if self.model.row_of(jobid) is None:
            return
        if not self.selection.is_shown(jobid):
            self.filter_combo.setCurrentIndex(0)
            self.search.clear()
        if self.selected_jobids() != [jobid]:
            self.select_jobids([jobid])

    def has_tray(self) -> bool:
        return self.parts_built and self.presence.has_tray()

    def keeps_watching_in_tray(self) -> bool:
        return self.has_tray() and self.options.get(opt.KEEP_IN_TRAY)

    def apply_autostart(self, enabled: bool) -> None:
        self.controller.apply_autostart(enabled)

    def quit_app(self) -> None:
        """Quit for real, whether the window is shown or kept in the tray."""
        self._quitting = True
        self.close()
        self.quit_requested.emit()

    def _on_pause_toggled(self, checked: bool) -> None:
        if self.backend is not None:
            self.backend.tracker.set_paused(checked)

    def _on_paused_changed(self, paused: bool) -> None:
        self.acts.act_pause.setChecked(paused)  # toggled again only if it differs; the tracker ignores a repeat
        self.status.set_paused(paused)

    def refresh_counts(self) -> None:
        self.binding.update_counts()

    # -- the selection (see selection.py and commands.py) ---------------------------------------------------

    def selected_views(self) -> list[JobView]:
        return self.selection.selected_views()

    def selected_jobids(self) -> list[str]:
        return self.selection.selected_jobids()

    def selected_count(self) -> int:
        return self.selection.selected_count()

    def current_view(self) -> JobView | None:
        return self.selection.current_view()

    def detail_view(self) -> JobView | None:
        return self.commands.detail_job

    def select_jobids(self, jobids: list[str]) -> None:
        self.selection.select_jobids(jobids)

    def ordered_views(self) -> list[JobView]:
        return self.selection.ordered_views()

    def build_context_menu(self) -> QMenu:
        return self.commands.build_context_menu()

    def open_first_clip(self, kind: str) -> None:
        self.commands.open_first_clip(kind)

    def recheck(self, jobids: list[str]) -> None:
        self.controller.recheck(jobids)

    def open_accounts(self) -> None:
        if self.accounts is not None:
            self.accounts.open_accounts()

    @staticmethod
    def open_url(url: str | None) -> bool:
        """Open an http(s) URL in the system's handler; anything else is refused."""
        from flowmusic_gui.ui import links

        return links.open_url(url)

    # -- adding jobs ----------------------------------------------------------------------------------------

    def paste(self) -> None:
        self.controller.add_text(QGuiApplication.clipboard().text(), source=self.tr("the clipboard"))

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        from flowmusic_gui.ui import drop

        if drop.accepts(event.mimeData()):
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        from flowmusic_gui.core.jobids import extract_jobids
        from flowmusic_gui.ui import drop

        text, problems = drop.dropped_text(event.mimeData())
        event.acceptProposedAction()
        self.controller.add_extraction(extract_jobids(text), source=self.tr("the dropped text"),
                                       extra_problems=problems)  # fmt: skip

    # -- notices --------------------------------------------------------------------------------------------

    def show_notice(
        self,
        text: str,
        *,
        action: Action | None = None,
        tooltip: str = "",
        kind: Kind = Kind.INFO,
        hold_ms: int = 0,
        record: bool = True,
    ) -> None:
        """Say ``text`` in the notice bar and keep it in the activity list (see notices.NoticeArea.show)."""
        self.notices.show(Message(text, kind, action, tooltip, hold_ms, record))

    def show_token_source(self, lookup: TokenLookup, *, demo: bool = False) -> None:
        """The status bar says where the token comes from (keyring, environment, this session, none)."""
        self.status.show_token_source(lookup, demo=demo)

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

    def bring_to_front(self) -> None:
        if self.isMinimized():
            self.showNormal()
        self.show()
        self.raise_()
        self.activateWindow()

    # -- downloads (see downloads/coordinator.py) -----------------------------------------------------------

    def download_dir(self) -> Path:
        return self.downloads_coordinator.folder()

    def download_settings(self) -> DownloadSettings:
        return self.downloads_coordinator.settings()

    @property
    def downloads(self) -> DownloadQueue:
        """The app's downloads queue, made on first use (after the first paint: it imports the network code)."""
        return self.downloads_coordinator.queue

    @property
    def downloads_panel(self) -> DownloadsPanel:
        return self.downloads_coordinator.panel

    def show_downloads(self) -> None:
        self.downloads_coordinator.show_panel()

    def toggle_downloads(self) -> None:
        """Ctrl+J: the Downloads panel opens, and closes again."""
        self.downloads_coordinator.toggle_panel()

    def restore_downloads_panel(self) -> None:
        """After the first paint: the Downloads panel is open again if it was when the window last closed."""
        if not self.closed and self.state.downloads_were_open() and self.downloads_coordinator.existing_panel() is None:
            self.show_downloads()

    def _follow_downloads_panel(self, panel: DownloadsPanel) -> None:
        # The panel's being open (and where) is part of the layout.
        self.layout_saver.follow_dock(panel)
        self.state.restore_docks()

    def download_library(self) -> None:
        self.downloads_coordinator.download_library()

    # -- dialogs --------------------------------------------------------------------------------------------

    def open_about(self) -> None:
        from flowmusic_gui.ui.dialogs.about import AboutDialog, about_html

        AboutDialog.present(self, about_html(self.data_dir, paths.cache_dir(), paths.log_dir(), self.options.path))

    # -- state and shutdown ---------------------------------------------------------------------------------

    def save_layout(self) -> None:
        """The layout changed a moment ago: kept now, without waiting for Quit (QSettings writes the small file
        from the event loop)."""
        if not self.closed:
            self.save_state(sync=False)

    def save_state(self, *, sync: bool = True) -> None:
        current = self.selection.current_view()
        panel = self.downloads_coordinator.existing_panel() if self.parts_built else None
        self.state.save(self._model_if_made(), current.jobid if current is not None else "", sync=sync,
                        downloads_open=None if panel is None else not panel.isHidden())  # fmt: skip

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
        if not self.parts_built:  # closed before its first paint: the layout is kept, nothing else had started
            self.save_state()
            self.binding.close()
            model = self._model_if_made()
            if model is not None:
                model.shutdown()
            self.background.close()
            self.runner.shutdown(SHUTDOWN_DEADLINE_S)
            return
        from flowmusic_gui.ui.window_parts import stop_parts

        stop_parts(self, deadline_s=SHUTDOWN_DEADLINE_S)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() in (QEvent.Type.PaletteChange, QEvent.Type.ApplicationPaletteChange):
            self.acts.refresh_icons()
            self.table.viewport().update()
        super().changeEvent(event)

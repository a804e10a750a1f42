"""The window's parts the first frame does not show, made and wired in one step after it (``MainWindow.build_parts``):
the controller, the selection's commands, the downloads coordinator, the studio binding, the desktop presence, the
layout saver, and what each action does; then joined to the engine (``attach_backend``) and stopped in order at
the end (``stop_parts``). The window's skeleton (menus, tool bar, filter line, table, status bar) is
``main_window.py``."""

from __future__ import annotations

from typing import TYPE_CHECKING

from flowmusic_gui.ui import links
from flowmusic_gui.ui import options as opt
from flowmusic_gui.ui.actions import on
from flowmusic_gui.ui.activity import Kind
from flowmusic_gui.ui.commands import SelectionCommands
from flowmusic_gui.ui.controller import WindowController
from flowmusic_gui.ui.desktop.presence import DesktopPresence
from flowmusic_gui.ui.downloads.coordinator import DownloadsCoordinator
from flowmusic_gui.ui.layout_saver import LayoutSaver
from flowmusic_gui.ui.studio_binding import StudioBinding

if TYPE_CHECKING:
    from flowmusic_gui.ui.backend import Backend
    from flowmusic_gui.ui.main_window import MainWindow


def build_parts(w: MainWindow) -> None:
    """Make ``w``'s parts and wire them to its skeleton and to each other (once: the window sees to that)."""
    # Each message through show_notice, looked up when it comes (the bridge is the window's child: it goes with it).
    w.bridge.posted.connect(lambda m: w.show_notice(m.text, action=m.action, tooltip=m.tooltip, kind=m.kind,
                                                    hold_ms=m.hold_ms, record=m.record))  # fmt: skip
    w.bridge.status_posted.connect(w.status.show_message)
    w.runner.failed.connect(w._on_task_failed)
    w.filters.changed.connect(lambda: w.table.viewport().update())
    w.controller = WindowController(
        w, options=w.options, model=w.model, bridge=w.bridge, background=w.background,
        runner=w.runner, selection=w.selection, filters=w.filters, notices=w.notices,
        status=w.status, demo=w.demo,
    )  # fmt: skip
    w.downloads_coordinator = DownloadsCoordinator(
        w, options=w.options, data_dir=w.data_dir, runner=w.runner, bridge=w.bridge,
        have_token=lambda: w.controller.have_token, toggle=w.acts.act_downloads,
    )  # fmt: skip
    w.commands = SelectionCommands(
        w.selection, w.acts, w.table, bridge=w.bridge, controller=w.controller,
        downloads=w.downloads_coordinator, detail=w.ensure_detail, accounts=lambda: w.accounts,
    )  # fmt: skip
    w.binding.loaded.connect(w.controller.jobs_loaded)
    w.binding.loaded.connect(w.jobs_shown)
    w.binding.job_updated.connect(w.commands.job_updated)
    w.presence = DesktopPresence(
        w, selection=w.selection, rows=w.proxy, detail=w.ensure_detail,
        notifications_on=lambda: w.options.get(opt.NOTIFICATIONS), in_window=w._notice_finished,
        tray_actions=[w.acts.act_pause], counts=w.counts_label.text, show_job=w.show_job,
        raise_window=w.bring_to_front, quit_app=w.quit_app,
    )  # fmt: skip
    w.binding.counts_changed.connect(w.presence.set_counts)
    w.studio_binding = StudioBinding(
        w, model=w.model, binding=w.binding, runner=w.runner, selected=w.selected_views,
        problem=lambda text: w.show_notice(text, kind=Kind.PROBLEM),
        min_credits=lambda: int(w.options.get(opt.MIN_CREDITS)),
    )  # fmt: skip
    a, c, studio = w.acts, w.controller, w.studio_binding
    for action, slot in (
        (a.act_new_song, lambda: studio.new_song()), (a.act_make_again, studio.make_again),
        (a.act_send_again, studio.send_again),
        (a.act_add, c.open_add_dialog), (a.act_paste, w.paste), (a.act_accounts, w.open_accounts),
        (a.act_library, w.download_library), (a.act_downloads, w.toggle_downloads),
        (a.act_search, w.filters.focus_search), (a.act_token, c.open_token_dialog),
        (a.act_settings, c.open_settings), (a.act_quit, w.quit_app), (a.act_logs, links.open_log_folder),
        (a.act_about, w.open_about), (a.act_play_pause, lambda: w.media.play_pause()),
        (a.act_next_clip, lambda: w.media.next()), (a.act_previous_clip, lambda: w.media.previous()),
    ):  # fmt: skip
        on(action, slot)
    a.act_pause.toggled.connect(w._on_pause_toggled)
    # The layout is saved a moment after it changes, so a crash or a kill keeps it, not only Quit.
    w.layout_saver = LayoutSaver(w.save_layout, w)
    w.layout_saver.follow_window(w)
    w.layout_saver.follow_header(w.table.horizontalHeader())
    w.layout_saver.follow_splitter(w.splitter)
    w.filters.changed.connect(w.layout_saver.changed)
    w.table.selectionModel().currentRowChanged.connect(w.layout_saver.changed)
    w.downloads_coordinator.panel_made.connect(w._follow_downloads_panel)
    w.commands.update_actions()


def attach_backend(w: MainWindow, backend: Backend, *, start: bool) -> None:
    """Join ``w``'s parts to the engine: the downloads to its store, the table to its tracker, the accounts and
    the studio; then the controller looks the token up off the GUI thread and starts polling."""
    w.backend = backend
    # Asked each time: the backend makes a new client when the API base changes.
    w.downloads.client_source = lambda: getattr(backend, "download_client", None)
    store = getattr(backend, "store", None)
    if store is not None:  # the process's one database object and writer lane: the queue opens neither
        w.downloads.use_store(store, getattr(backend, "writer", None))
    detail = w.ensure_detail()
    w.downloads.restore()  # unfinished downloads of the last session resume
    _ = w.notifier  # the tray icon and system notifications, now that the window is up
    tracker = backend.tracker
    w.binding.bind(tracker)
    detail.keep_requested.connect(tracker.set_kept)  # a take starred in the detail view
    tracker.paused_changed.connect(w._on_paused_changed)
    w._on_paused_changed(tracker.paused)
    from flowmusic_gui.ui.accounts.controller import AccountsController

    tracker.set_discover(w.options.get(opt.DISCOVER) and not w.no_discover)
    w.accounts = AccountsController(w, tracker, runner=w.runner, bridge=w.bridge, status_bar=w.statusBar())
    w.controller.accounts = w.accounts
    # The studio (New song, Make from this take, the submission queue), when the backend has a store.
    studio = w.studio_binding.attach(backend, accounts=w.accounts.monitor.accounts)
    if studio is not None:
        detail.make_requested.connect(w.studio_binding.make_from_take)
        w.commands.studio = lambda: w.studio
        w.controller.studio = studio
    w.controller.attach(backend, start=start)


def stop_parts(w: MainWindow, *, deadline_s: float) -> None:
    """Stop ``w``'s parts, the engine and background work, in the order that loses nothing (see the comments)."""
    w.controller.closed = True
    w.layout_saver.stop()
    w.save_state()
    if w.accounts is not None:
        w.accounts.stop()
    w.studio_binding.stop()
    # Transfers are cut before the backend closes the client they use; partial files stay, to resume.
    w.downloads_coordinator.shutdown()
    # The backend first: its last queued answers may still update rows (and start timers). Its store stays
    # open until the runner has stopped: downloads ending now still write to it.
    if w.backend is not None:
        w.backend.close(keep_store=True)
    w.binding.close()
    w.notices.stop()
    w.model.shutdown()
    w.background.close()
    detail = w.existing_detail()
    if detail is not None:
        detail.shutdown()
    w.presence.shutdown()
    # Last: what is still running is told to stop (transfers cut their sockets and end at once) and a poll
    # request stuck in a read is abandoned after the deadline; no callback comes after this.
    w.runner.shutdown(deadline_s)
    w.downloads_coordinator.close_store()
    if w.backend is not None:
        w.backend.close_store()

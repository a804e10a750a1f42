"""The window's actions (menus, toolbar, context menu and shortcuts share them), its menus and toolbar, and which
actions apply to the selection. The parts that carry an action out connect to it (see ``on``)."""

from __future__ import annotations

from collections.abc import Callable
from itertools import islice
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMainWindow, QToolBar

from flowmusic_gui.core.urls import is_web_url
from flowmusic_gui.ui import icons
from flowmusic_gui.ui.lazy_qt import APPLICATION_SHORTCUT, TEXT_BESIDE_ICON

if TYPE_CHECKING:
    from flowmusic_gui.ui.selection import Selection

#: Up to this many selected rows are looked at to tell whether Cancel applies; beyond, it is offered and sorts it out.
CANCEL_SCAN_MAX = 500


def on(action: QAction, slot: Callable[[], object]) -> None:
    """Run ``slot`` (without the checked flag) when ``action`` is triggered."""
    action.triggered.connect(lambda _checked=False: slot())


class WindowActions(QObject):
    """Every action of the window, added to it so their shortcuts work wherever the focus is."""

    def __init__(self, window: QMainWindow) -> None:
        super().__init__(window)
        self._window = window
        self._keys: list[tuple[QAction, str | None, str | None]] = []  # set by set_keys
        a = self._action
        self.act_new_song = a(self.tr("&New song…"), shortcut="Ctrl+N", icon="add",
                              tip=self.tr("Make songs: prompt, lyrics, account, how many, and what it costs"))
        self.act_make_again = a(self.tr("Make &again…"), icon="refresh",
                                tip=self.tr("The form with every field as this job's request sent it"))
        self.act_send_again = a(self.tr("&Send again"), icon="refresh",
                                tip=self.tr("Send a song that was not made again (it is never resent by itself)"))
        self.act_add = a(self.tr("&Add jobs…"), shortcut="Ctrl+Shift+N", icon="add",
                         tip=self.tr("Add job ids from any text"))
        self.act_paste = a(self.tr("&Paste job ids"), standard_key="Paste",
                           tip=self.tr("Add every job id in the clipboard"))  # fmt: skip
        self.act_recheck = a(self.tr("&Re-check now"), shortcut="F5", icon="refresh",
                             tip=self.tr("Ask the API about the selected jobs now"))  # fmt: skip
        self.act_remove = a(self.tr("Re&move"), standard_key="Delete", icon="remove",
                            tip=self.tr("Stop tracking the selected jobs"))  # fmt: skip
        self.act_cancel = a(
            self.tr("&Cancel job"), icon="cancel",
            tip=self.tr("Ask the API to stop the selected pending jobs (their credits are spent either way)"),
        )  # fmt: skip
        # Checkable: the tray menu and the Jobs menu share it; the tracker's paused_changed keeps it in step.
        self.act_pause = QAction(self.tr("&Pause checking"), window)
        self.act_pause.setObjectName("pauseChecking")
        self.act_pause.setCheckable(True)
        self.act_pause.setToolTip(self.tr(
            "Send no request to the API until this is unchecked; nothing is lost, and a fresh start always checks"
        ))
        window.addAction(self.act_pause)
        self.act_accounts = a(self.tr("A&ccounts…"), icon="info",
                              tip=self.tr("The accounts on your token: running jobs, credits and health"))  # fmt: skip
        self.act_copy_id = a(self.tr("&Copy job id"), shortcut="Ctrl+Shift+C", icon="copy")
        self.act_copy_json = a(self.tr("Copy record as &JSON"), icon="copy")
        self.act_open_audio = a(self.tr("Open &audio"), icon="open-external",
                                tip=self.tr("Open the first clip's audio in the system's player"))  # fmt: skip
        self.act_open_wav = a(self.tr("Open &WAV"), icon="open-external")
        self.act_download_wavs = a(
            self.tr("&Download all WAVs"), icon="download",
            tip=self.tr("Save the WAV of every clip of the selected jobs in the download folder"),
        )  # fmt: skip
        self.act_download_jobs = a(self.tr("Download &clips"), icon="download",
                                   tip=self.tr("Save every clip of the selected jobs in the default format (Settings)"))
        # Checkable: Download clips and Download all WAVs fetch only the takes starred as keepers.
        self.act_kept_only = a(self.tr("&Kept takes only"),
                               tip=self.tr("Download only the takes starred as keepers in the detail view"))
        self.act_kept_only.setObjectName("keptTakesOnly")
        self.act_kept_only.setCheckable(True)
        self.act_library = a(self.tr("Download my &library…"), icon="download",
                             tip=self.tr("Save every clip of every account on the token as a tagged mp3"))  # fmt: skip
        self.act_downloads = a(self.tr("&Downloads"), shortcut="Ctrl+J",
                               tip=self.tr("Show the downloads: progress, Cancel, Retry, Open"))  # fmt: skip
        self.act_downloads.setCheckable(True)  # Ctrl+J opens the panel and closes it again
        self.act_search = a(self.tr("&Find"), standard_key="Find", icon="search")
        self.act_token = a(self.tr("API &token…"), icon="key")
        self.act_settings = a(self.tr("&Settings…"), standard_key="Preferences")
        self.act_quit = a(self.tr("&Quit"), standard_key="Quit")
        self.act_play_pause = a(self.tr("&Play or pause"), shortcut="Ctrl+Space", icon="play",
                                tip=self.tr("Play the selected job's first clip, or pause what plays"))  # fmt: skip
        self.act_next_clip = a(self.tr("Ne&xt clip"), shortcut="Ctrl+Right")
        self.act_previous_clip = a(self.tr("Pre&vious clip"), shortcut="Ctrl+Left")
        self.act_logs = a(self.tr("Open &log folder"), icon="folder")
        self.act_about = a(self.tr("&About"), icon="info")
        self.act_quit.setProperty("shortcutContext", APPLICATION_SHORTCUT)  # an int through Qt's property: lazy_qt
        # The toolbar's own Cancel: shown only while a job that can still be cancelled is selected.
        self.act_cancel_tool = QAction(icons.icon("cancel"), self.tr("Cancel job"), window)
        self.act_cancel_tool.setToolTip(self.act_cancel.toolTip())
        self.act_cancel_tool.setVisible(False)
        on(self.act_cancel_tool, self.act_cancel.trigger)

    def _action(
        self,
        text: str,
        *,
        shortcut: str | None = None,
        standard_key: str | None = None,
        icon: str | None = None,
        tip: str = "",
    ) -> QAction:
        """An action of the window; its key (``shortcut``, or the platform's ``QKeySequence.StandardKey`` of that
        name) is set by :meth:`set_keys`."""
        action = QAction(text, self._window)
        if shortcut is not None or standard_key is not None:
            self._keys.append((action, shortcut, standard_key))
        if tip:
            action.setToolTip(tip)
            action.setStatusTip(tip)
        if icon:
            action.setData(icon)  # the icon's name: redrawn when the palette changes
            action.setIcon(icons.icon(icon))
        self._window.addAction(action)
        return action

    def set_keys(self) -> None:
        """Give the actions their keys: with the window's parts, right after its first paint (QKeySequence's
        Python type and enums, and each key's parsing, are then no part of it; no action is wired before then
        anyway). Once."""
        from PySide6.QtGui import QKeySequence

        keys, self._keys = self._keys, []
        for action, shortcut, standard_key in keys:
            key = QKeySequence(getattr(QKeySequence.StandardKey, standard_key) if standard_key else shortcut or "")
            # setShortcuts: setShortcut's overloads take a Qt.Key (resolving them builds PySide6's Qt namespace).
            action.setShortcuts([key])
        if keys:
            # Ctrl+Q whatever the platform theme says: some (offscreen, plain X11 sessions) define no Quit key.
            quit_keys = [QKeySequence("Ctrl+Q")]
            quit_keys += [k for k in QKeySequence.keyBindings(QKeySequence.StandardKey.Quit) if k not in quit_keys]
            self.act_quit.setShortcuts(quit_keys)

    def row_actions(self) -> list[QAction | None]:
        """What applies to selected rows (None: a separator), in the Jobs menu and the context menu."""
        return [
            self.act_open_audio, self.act_open_wav, self.act_download_jobs, self.act_download_wavs,
            self.act_kept_only, None,
            self.act_copy_id, self.act_copy_json, self.act_make_again, self.act_send_again, None, self.act_recheck,
            self.act_cancel, self.act_remove,
        ]  # fmt: skip

    def summary_actions(self) -> list[QAction]:
        """The buttons under "3 jobs selected"."""
        return [self.act_download_wavs, self.act_recheck, self.act_copy_id, self.act_remove]

    def build_menus(self) -> None:
        bar = self._window.menuBar()
        file_menu = bar.addMenu(self.tr("&File"))
        for action in (self.act_new_song, self.act_add, self.act_paste, None, self.act_library, self.act_downloads,
                       None, self.act_token, self.act_accounts, self.act_settings, None, self.act_quit):  # fmt: skip
            file_menu.addAction(action) if action is not None else file_menu.addSeparator()
        jobs_menu = bar.addMenu(self.tr("&Jobs"))
        for action in (*self.row_actions(), None, self.act_pause, None, self.act_search):
            jobs_menu.addAction(action) if action is not None else jobs_menu.addSeparator()
        play_menu = bar.addMenu(self.tr("P&layback"))
        for action in (self.act_play_pause, self.act_next_clip, self.act_previous_clip):
            play_menu.addAction(action)
        help_menu = bar.addMenu(self.tr("&Help"))
        help_menu.addAction(self.act_logs)
        help_menu.addAction(self.act_about)

    def build_toolbar(self) -> QToolBar:
        toolbar = QToolBar(self.tr("Main"), self._window)
        toolbar.setObjectName("mainToolbar")
        toolbar.setMovable(False)
        toolbar.setProperty("toolButtonStyle", TEXT_BESIDE_ICON)  # an int through Qt's property: lazy_qt
        for action in (self.act_new_song, self.act_add, self.act_recheck, self.act_remove):
            toolbar.addAction(action)
        toolbar.addSeparator()
        toolbar.addAction(self.act_token)
        # Last, so that its coming and going moves no other button.
        toolbar.addAction(self.act_cancel_tool)
        self._window.addToolBar(toolbar)
        return toolbar

    def update_for(self, selection: Selection) -> None:
        """Enable what applies to the selection. Runs on every selection change: it looks at as few rows as it
        can (select-all over 10,000 rows must stay instant)."""
        count = selection.selected_count()
        has = count > 0
        for action in (self.act_recheck, self.act_remove, self.act_copy_id, self.act_copy_json):
            action.setEnabled(has)
        # Shown in the toolbar only while a job that can still be cancelled is selected. A huge selection is not
        # walked here: Cancel then says what it found to cancel.
        cancellable = has and (
            count > CANCEL_SCAN_MAX or any(not v.is_terminal for v in selection.iter_selected_views())
        )
        self.act_cancel.setEnabled(cancellable)
        self.act_cancel.setText(self.tr("&Cancel jobs") if count > 1 else self.tr("&Cancel job"))
        self.act_cancel_tool.setVisible(cancellable)
        self.act_cancel_tool.setText(self.tr("Cancel jobs") if count > 1 else self.tr("Cancel job"))
        first = next(selection.iter_selected_views(), None) if count == 1 else None
        clip = first.record.clips[0] if first and first.record and first.record.clips else None
        self.act_open_audio.setEnabled(clip is not None and is_web_url(clip.audio_url))
        self.act_open_wav.setEnabled(clip is not None and is_web_url(clip.wav_url))
        # As with Cancel: a look at the first rows; a huge selection gets the actions offered, and each says what
        # it found to do.
        views = list(islice(selection.iter_selected_views(), CANCEL_SCAN_MAX))
        huge = count > CANCEL_SCAN_MAX
        self.act_copy_json.setEnabled(has and (huge or any(v.record is not None for v in views)))
        with_clips = has and (huge or any(v.clip_count for v in views))
        self.act_download_wavs.setEnabled(with_clips)
        self.act_download_jobs.setEnabled(with_clips)
        self.act_make_again.setEnabled(first is not None and first.record is not None and bool(first.record.request))
        self.act_send_again.setEnabled(has and any(
            v.submission is not None and v.submission.state.value in ("not_made", "uncertain") for v in views
        ))  # fmt: skip

    def refresh_icons(self) -> None:
        """Redraw every named icon in the new palette (light or dark)."""
        icons.clear_cache()
        for action in self._window.actions():
            name = action.data()
            if isinstance(name, str):
                action.setIcon(icons.icon(name))

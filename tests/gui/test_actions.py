"""The window's actions: what the menus and the tool bar hold, what applies to the selection (nothing selected,
one pending job, one finished song, many), the shortcuts, and the icons redrawn for a dark palette."""

from __future__ import annotations

from PySide6.QtGui import QKeySequence, QPalette
from PySide6.QtWidgets import QApplication, QMenu

from flowmusic_gui.core.records import JobState
from flowmusic_gui.engine.types import JobView
from flowmusic_gui.ui import icons
from flowmusic_gui.ui.main_window import MainWindow
from flowmusic_gui.ui.theme import dark_palette

from .conftest import view


def loaded(window: MainWindow, views: list[JobView]) -> MainWindow:
    window.model.set_jobs(views)
    window.binding.after_rows_changed()
    return window


def menu_titles(window: MainWindow) -> list[str]:
    return [a.text() for a in window.menuBar().actions()]


def test_the_menus_and_the_tool_bar(window: MainWindow) -> None:
    assert menu_titles(window) == ["&File", "&Jobs", "P&layback", "&Help"]
    acts = window.acts
    tools = [a for a in window.toolbar.actions() if not a.isSeparator()]
    assert tools[:4] == [acts.act_new_song, acts.act_add, acts.act_recheck, acts.act_remove]
    assert tools[-1] is acts.act_cancel_tool and not acts.act_cancel_tool.isVisible()
    jobs_menu = window.menuBar().actions()[1].menu()
    assert isinstance(jobs_menu, QMenu)
    assert acts.act_remove in jobs_menu.actions() and acts.act_pause in jobs_menu.actions()


def test_nothing_selected_offers_nothing_to_do_to_rows(window: MainWindow) -> None:
    loaded(window, [view(1), view(2, JobState.PENDING)])
    window.select_jobids([])
    acts = window.acts
    for action in (acts.act_recheck, acts.act_remove, acts.act_copy_id, acts.act_copy_json, acts.act_cancel,
                   acts.act_open_audio, acts.act_download_jobs, acts.act_make_again, acts.act_send_again):  # fmt: skip
        assert not action.isEnabled(), action.text()
    assert acts.act_add.isEnabled() and acts.act_new_song.isEnabled()


def test_a_pending_job_can_be_cancelled_but_not_opened(window: MainWindow) -> None:
    pending = view(2, JobState.PENDING)
    loaded(window, [pending])
    window.select_jobids([pending.jobid])
    acts = window.acts
    assert acts.act_cancel.isEnabled() and acts.act_cancel.text() == "&Cancel job"
    assert acts.act_cancel_tool.isVisible()
    assert not acts.act_open_audio.isEnabled() and not acts.act_download_jobs.isEnabled()


def test_a_finished_song_can_be_opened_downloaded_and_made_again(window: MainWindow) -> None:
    song = view(1)
    loaded(window, [song])
    window.select_jobids([song.jobid])
    acts = window.acts
    assert acts.act_open_audio.isEnabled() and acts.act_open_wav.isEnabled()
    assert acts.act_download_jobs.isEnabled() and acts.act_make_again.isEnabled()
    assert not acts.act_cancel.isEnabled() and not acts.act_cancel_tool.isVisible()


def test_many_selected_say_so_in_the_cancel_wording(window: MainWindow) -> None:
    views = [view(i, JobState.PENDING) for i in range(1, 4)]
    loaded(window, views)
    window.select_jobids([v.jobid for v in views])
    assert window.acts.act_cancel.text() == "&Cancel jobs" and window.acts.act_cancel_tool.text() == "Cancel jobs"
    assert not window.acts.act_open_audio.isEnabled()  # opening is for one song


def test_the_shortcuts(window: MainWindow) -> None:
    acts = window.acts
    assert acts.act_new_song.shortcut() == QKeySequence("Ctrl+N")
    assert acts.act_add.shortcut() == QKeySequence("Ctrl+Shift+N")
    assert acts.act_paste.shortcut() == QKeySequence(QKeySequence.StandardKey.Paste)


def test_a_palette_change_redraws_the_icons(window: MainWindow, qapp: QApplication) -> None:
    before = QPalette(qapp.palette())
    light = window.acts.act_add.icon()
    try:
        qapp.setPalette(dark_palette())
        window.acts.refresh_icons()
        dark = window.acts.act_add.icon()
        assert dark.cacheKey() != light.cacheKey()
        colour = dark_palette().color(QPalette.ColorRole.WindowText).name()
        image = dark.pixmap(24, 24).toImage()
        pixels = [image.pixelColor(x, y) for x in range(24) for y in range(24)]
        drawn = {c.name() for c in pixels if c.alpha() == 255}
        assert drawn == {colour}
    finally:
        qapp.setPalette(before)
        icons.clear_cache()

"""The main window as a user meets it: adding jobs every way, row actions, banners, notices, persistence."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import pytest
from helpers.keyrings import MemoryKeyring
from PySide6.QtCore import QMimeData, QPoint, Qt, QUrl
from PySide6.QtGui import QDropEvent, QGuiApplication
from pytestqt.qtbot import QtBot

from flowmusic_gui.core.credentials import SERVICE, USERNAME, TokenLookup, TokenSource
from flowmusic_gui.core.records import JobState
from flowmusic_gui.core.schedule import PolicyConfig
from flowmusic_gui.engine.tasks import TaskRunner
from flowmusic_gui.simulator import DEMO_TOKEN, Simulator
from flowmusic_gui.ui import options as opt
from flowmusic_gui.ui.backend import AppBackend
from flowmusic_gui.ui.controller import WindowController
from flowmusic_gui.ui.desktop.notifications import Notifier
from flowmusic_gui.ui.dialogs.add_jobs import AddJobsDialog
from flowmusic_gui.ui.dialogs.settings import SettingsChange, SettingsDialog
from flowmusic_gui.ui.dialogs.token import TokenDialog
from flowmusic_gui.ui.drop import read_drop_file
from flowmusic_gui.ui.jobs.filter import StatusFilter
from flowmusic_gui.ui.jobs.model import Column
from flowmusic_gui.ui.main_window import MainWindow

from .conftest import jobid, view

FAST = PolicyConfig(poll_interval=0.2, max_interval=0.5, budget_per_s=50, prior_min_s=0.1, prior_max_s=1.0)


def make_backend(
    data_dir: Path, sim: Simulator, token: str | None = DEMO_TOKEN, *, runner: TaskRunner
) -> tuple[AppBackend, MemoryKeyring]:
    keyring = MemoryKeyring()
    if token:
        keyring.secrets[(SERVICE, USERNAME)] = token
    return AppBackend(data_dir, sim.base_url, FAST, environ={}, keyring_backend=keyring, runner=runner), keyring


def attached(qtbot: QtBot, window: MainWindow, backend: AppBackend) -> MainWindow:
    with qtbot.waitSignal(window.jobs_shown, timeout=5000):
        window.attach(backend)
    return window


def state_of(window: MainWindow, jid: str) -> JobState | None:
    view = window.model.job(jid)
    return None if view is None else view.state


def rows(window: MainWindow) -> list[str]:
    return [window.proxy.index(r, 0).data(Qt.ItemDataRole.UserRole + 2) for r in range(window.proxy.rowCount())]


# -- adding jobs ---------------------------------------------------------------------------------------------


def test_empty_window_hints_how_to_add_jobs(window: MainWindow, qtbot: QtBot) -> None:
    window.show()
    qtbot.waitExposed(window)
    assert window.table.source_empty
    assert window.counts_label.text() == "No jobs"
    assert window.size().width() >= 1000


def test_paste_adds_ids_and_reports_rejects(
    qtbot: QtBot, window: MainWindow, data_dir: Path, sim: Simulator, runner: TaskRunner
) -> None:
    backend, _ = make_backend(data_dir, sim, runner=runner)
    attached(qtbot, window, backend)
    clip = "user:1001-me@example.com-clip:12345678-1234-4234-8234-123456789abc"
    QGuiApplication.clipboard().setText(f"{jobid(1)}\n{jobid(2)}, {clip}")
    window.acts.act_paste.trigger()
    assert set(rows(window)) == {jobid(1), jobid(2)}
    text = window.notice.label.text()
    assert "Added 2 jobs" in text and "1 piece rejected" in text and "clip id" in text
    QGuiApplication.clipboard().setText(jobid(1))
    window.paste()
    assert "1 already tracked" in window.notice.label.text()


def test_add_dialog_ids_are_tracked(
    qtbot: QtBot, window: MainWindow, data_dir: Path, sim: Simulator, monkeypatch: pytest.MonkeyPatch,
    runner: TaskRunner,
) -> None:
    backend, _ = make_backend(data_dir, sim, runner=runner)
    attached(qtbot, window, backend)
    monkeypatch.setattr(AddJobsDialog, "ask", classmethod(lambda cls, parent, text="": [jobid(5)]))
    window.acts.act_add.trigger()
    assert rows(window) == [jobid(5)]
    monkeypatch.setattr(AddJobsDialog, "ask", classmethod(lambda cls, parent, text="": None))
    window.acts.act_add.trigger()
    assert rows(window) == [jobid(5)]


def test_add_dialog_counts_ids_and_lists_rejects(qtbot: QtBot) -> None:
    dialog = AddJobsDialog(None, "")
    qtbot.addWidget(dialog)
    ok = dialog.buttons.button(dialog.buttons.StandardButton.Ok)
    assert not ok.isEnabled()
    dialog.editor.setPlainText(f"{jobid(1)} {jobid(2)} user:1-a@b.com-clip:12345678-1234-4234-8234-123456789abc")
    assert dialog.summary.text().startswith("2 job ids found")
    assert ok.isEnabled() and ok.text() == "Add 2 jobs"
    assert dialog.rejects.count() == 1
    piece, reason = dialog.rejects.item(0).text().split("\n")
    assert piece.startswith("user:1-a@b.com-clip:") and "clip id" in reason
    assert dialog.ids == [jobid(1), jobid(2)]


def test_ids_before_start_wait_for_the_tracker(
    qtbot: QtBot, window: MainWindow, data_dir: Path, sim: Simulator, runner: TaskRunner
) -> None:
    window.controller.add_ids([jobid(7)], source="the command line")
    backend, _ = make_backend(data_dir, sim, runner=runner)
    attached(qtbot, window, backend)
    assert rows(window) == [jobid(7)]


def test_drop_files_keeps_valid_parts_and_names_bad_files(
    qtbot: QtBot, window: MainWindow, data_dir: Path, sim: Simulator, tmp_path: Path, runner: TaskRunner
) -> None:
    backend, _ = make_backend(data_dir, sim, runner=runner)
    attached(qtbot, window, backend)
    good = tmp_path / "ids.txt"
    good.write_text(f"{jobid(1)}\n")
    broken = tmp_path / "answer.json"
    broken.write_text('{"jobid": "' + jobid(2) + '", ')  # cut short
    binary = tmp_path / "song.mp3"
    binary.write_bytes(b"\x00\x01")
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(p)) for p in (good, broken, binary)])
    event = QDropEvent(QPoint(10, 10), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
                       Qt.KeyboardModifier.NoModifier)
    window.dropEvent(event)
    assert set(rows(window)) == {jobid(1), jobid(2)}
    tip = window.notice.label.toolTip()
    assert "answer.json" in tip and "song.mp3" in tip


def test_read_drop_file_names_the_file(tmp_path: Path) -> None:
    bad = tmp_path / "latin1.txt"
    bad.write_bytes("caf\xe9".encode("latin-1"))
    text, problem = read_drop_file(bad)
    assert text == "" and problem is not None and "latin1.txt" in problem


# -- row actions ---------------------------------------------------------------------------------------------


def loaded_window(window: MainWindow, views: list[Any]) -> MainWindow:
    window.model.set_jobs(views)
    window.binding.after_rows_changed()
    return window


def test_copy_id_and_verbatim_json(window: MainWindow) -> None:
    v = view(1, extra={"vendor_field": {"kept": True}})
    loaded_window(window, [v])
    window.select_jobids([v.jobid])
    window.acts.act_copy_id.trigger()
    assert QGuiApplication.clipboard().text() == v.jobid
    window.acts.act_copy_json.trigger()
    assert v.record is not None
    assert json.loads(QGuiApplication.clipboard().text()) == dict(v.record.raw)


def test_context_menu_offers_the_row_actions(window: MainWindow) -> None:
    loaded_window(window, [view(1)])
    window.select_jobids([jobid(1)])
    texts = [a.text() for a in window.build_context_menu().actions() if a.text()]
    for wanted in ("Copy job id", "Copy record as JSON", "Re-check now", "Remove", "Open audio", "Open WAV"):
        assert any(wanted in t.replace("&", "") for t in texts), wanted
    assert window.acts.act_open_audio.isEnabled()


@pytest.mark.expect_log("refused to open a URL that is not http")
def test_only_web_urls_are_opened(window: MainWindow, monkeypatch: pytest.MonkeyPatch) -> None:
    opened: list[str] = []

    def open_url(url: QUrl) -> bool:
        opened.append(url.toString())
        return True

    monkeypatch.setattr("PySide6.QtGui.QDesktopServices.openUrl", open_url)
    loaded_window(window, [view(1, audio_url="file:///etc/passwd"), view(2)])
    window.select_jobids([jobid(1)])
    assert not window.acts.act_open_audio.isEnabled()
    window.open_first_clip("audio")
    window.select_jobids([jobid(2)])
    window.open_first_clip("audio")
    assert opened == ["https://media.example/a.m4a"]
    assert MainWindow.open_url("javascript:alert(1)") is False


def test_jobs_tracked_from_the_command_line_appear_in_the_open_window(
    qtbot: QtBot, window: MainWindow, data_dir: Path, sim: Simulator, runner: TaskRunner
) -> None:
    backend, _ = make_backend(data_dir, sim, runner=runner)
    attached(qtbot, window, backend)
    env = {**os.environ, "FLOWMUSIC_DATA_DIR": str(data_dir), "FLOWMUSIC_API_TOKEN": DEMO_TOKEN,
           "FLOWMUSIC_API_BASE": sim.base_url}  # fmt: skip

    def cli(*args: str) -> None:
        result = subprocess.run([sys.executable, "-m", "flowmusic_gui.cli", *args], capture_output=True, text=True,
                                env=env, timeout=60, check=False)  # fmt: skip
        assert result.returncode == 0, result.stderr

    cli("track", jobid(5), jobid(6))
    qtbot.waitUntil(lambda: {jobid(5), jobid(6)} <= set(rows(window)), timeout=10000)
    assert "2 jobs" in window.counts_label.text()
    cli("untrack", jobid(5))
    qtbot.waitUntil(lambda: rows(window) == [jobid(6)], timeout=10000)


def test_remove_then_undo(qtbot: QtBot, window: MainWindow, data_dir: Path, sim: Simulator, runner: TaskRunner) -> None:
    backend, _ = make_backend(data_dir, sim, runner=runner)
    attached(qtbot, window, backend)
    window.controller.add_ids([jobid(1), jobid(2)])
    window.select_jobids([jobid(1)])
    window.acts.act_remove.trigger()
    assert rows(window) == [jobid(2)]
    assert window.notice.button.text() == "Undo"
    window.notice.button.click()
    assert set(rows(window)) == {jobid(1), jobid(2)}


def test_removing_many_asks_first(
    qtbot: QtBot, window: MainWindow, data_dir: Path, sim: Simulator, monkeypatch: pytest.MonkeyPatch,
    runner: TaskRunner,
) -> None:
    backend, _ = make_backend(data_dir, sim, runner=runner)
    attached(qtbot, window, backend)
    ids = [jobid(i) for i in range(8)]
    window.controller.add_ids(ids)
    window.table.selectAll()
    asked: list[int] = []

    def decline(cls: type, parent: object, n: int) -> bool:
        asked.append(n)
        return False

    monkeypatch.setattr(WindowController, "confirm_remove", classmethod(decline))
    window.acts.act_remove.trigger()
    assert asked == [8] and len(rows(window)) == 8
    monkeypatch.setattr(WindowController, "confirm_remove", classmethod(lambda cls, parent, n: True))
    window.acts.act_remove.trigger()
    assert rows(window) == []


def test_filter_combo_and_search_box(window: MainWindow) -> None:
    loaded_window(window, [view(1, title="Rain"), view(2, JobState.FAILED), view(3, JobState.PENDING)])
    window.filter_combo.setCurrentIndex(window.filter_combo.findData(StatusFilter.FAILED.value))
    assert rows(window) == [jobid(2)]
    window.filter_combo.setCurrentIndex(0)
    window.acts.act_search.trigger()
    assert not window.act_clear_search.isVisible()
    window.search.setText("rain")
    assert rows(window) == [jobid(1)]
    assert window.act_clear_search.isVisible()
    window.act_clear_search.trigger()
    assert window.search.text() == "" and len(rows(window)) == 3
    assert not window.act_clear_search.isVisible()


# -- token ---------------------------------------------------------------------------------------------------


def test_first_run_without_token_shows_a_banner_not_an_error(
    qtbot: QtBot, window: MainWindow, data_dir: Path, sim: Simulator, monkeypatch: pytest.MonkeyPatch,
    runner: TaskRunner,
) -> None:
    backend, keyring = make_backend(data_dir, sim, token=None, runner=runner)
    attached(qtbot, window, backend)
    assert window.banner.isVisibleTo(window)
    assert "Set your API token" in window.banner.label.text()
    assert window.banner.button.text() == "Set token…"
    monkeypatch.setattr(TokenDialog, "ask", classmethod(
        lambda cls, parent, checker, saver, note="", **_: saver(DEMO_TOKEN)))
    window.banner.button.click()
    assert keyring.secrets[(SERVICE, USERNAME)] == DEMO_TOKEN
    assert not window.banner.isVisibleTo(window)
    window.controller.add_ids([jobid(3)])
    qtbot.waitUntil(lambda: state_of(window, jobid(3)) is not JobState.NEW, timeout=5000)


def test_a_malformed_token_in_the_environment_is_named_in_the_banner(
    qtbot: QtBot, window: MainWindow, data_dir: Path, sim: Simulator, runner: TaskRunner
) -> None:
    backend = AppBackend(data_dir, sim.base_url, FAST, environ={"FLOWMUSIC_API_TOKEN": "abc def"},
                         keyring_backend=MemoryKeyring(), runner=runner)  # fmt: skip
    attached(qtbot, window, backend)
    text = window.banner.label.text()
    assert text.startswith("A token is set but cannot be used: ")  # not "Set your API token", as if none were
    assert "FLOWMUSIC_API_TOKEN environment variable contains a space" in text
    assert "fix or unset FLOWMUSIC_API_TOKEN" in text and "abc" not in text
    assert window.banner.button.text() == "Set token…"


def test_rejected_token_pauses_and_the_banner_fixes_it(
    qtbot: QtBot, window: MainWindow, data_dir: Path, sim: Simulator, monkeypatch: pytest.MonkeyPatch,
    runner: TaskRunner,
) -> None:
    backend, _ = make_backend(data_dir, sim, token="wrong-token", runner=runner)
    attached(qtbot, window, backend)
    with qtbot.waitSignal(backend.tracker.auth_failed, timeout=5000):
        window.controller.add_ids([jobid(4)])
    assert "rejected" in window.banner.label.text()
    assert backend.tracker.paused_for_auth
    monkeypatch.setattr(TokenDialog, "ask", classmethod(
        lambda cls, parent, checker, saver, note="", **_: TokenLookup(DEMO_TOKEN, TokenSource.SESSION,
                                                                 "no usable keyring: kept for this session only")))
    window.banner.button.click()
    # Without a keyring the banner stays, saying the token goes when the app closes and how to keep it.
    assert window.banner.isVisibleTo(window)
    text = window.banner.label.text()
    assert "kept only until the app closes" in text and "FLOWMUSIC_API_TOKEN" in text
    assert "rejected" not in text and not window.banner.button.isVisibleTo(window)
    assert window.token_label.text() == "Token: this session only"
    # Built on first use, the bars still stack as a user reads them: banner, notice, then the table.
    central = window.centralWidget()
    layout = central.layout() if central is not None else None
    assert layout is not None
    order = [layout.indexOf(w) for w in (window.banner, window.notice, window.splitter)]
    assert order == sorted(order) and -1 not in order
    qtbot.waitUntil(lambda: state_of(window, jobid(4)) is not JobState.NEW, timeout=5000)


def test_token_dialog_tests_and_saves_off_the_gui_thread(
    qtbot: QtBot, data_dir: Path, sim: Simulator, runner: TaskRunner
) -> None:
    backend, keyring = make_backend(data_dir, sim, token=None, runner=runner)
    dialog = TokenDialog(None, checker=backend.check_token, saver=backend.save_token, runner=runner)
    qtbot.addWidget(dialog)
    assert dialog.field.echoMode() == dialog.field.EchoMode.Password
    dialog.field.setText("bad-token")
    dialog.test_button.click()
    qtbot.waitUntil(lambda: dialog.status.text().startswith("✗"), timeout=5000)
    dialog.field.setText(DEMO_TOKEN)
    dialog.test_button.click()
    qtbot.waitUntil(lambda: dialog.status.text().startswith("✓"), timeout=5000)
    with qtbot.waitSignal(dialog.accepted, timeout=5000):
        dialog.save()
    assert dialog.result_lookup is not None and dialog.result_lookup.token == DEMO_TOKEN
    assert keyring.secrets[(SERVICE, USERNAME)] == DEMO_TOKEN
    backend.close()


# -- notifications -------------------------------------------------------------------------------------------


def test_finished_job_notifies_in_the_window_without_a_tray(window: MainWindow) -> None:
    window.notifier.notify(view(1, title="Night Drive"))
    assert "Song ready" in window.notice.label.text() and "Night Drive" in window.notice.label.text()
    window.options.set(opt.NOTIFICATIONS, False)
    window.notice.dismiss()
    assert window.notifier.notify(view(2, JobState.FAILED)) is False
    assert not window.notice.isVisibleTo(window)


@pytest.mark.qt_log_ignore("systemTrayWindowChanged", "QSystemTrayIcon")
def test_tray_message_when_a_tray_exists(
    qtbot: QtBot, data_dir: Path, monkeypatch: pytest.MonkeyPatch, runner: TaskRunner
) -> None:
    from flowmusic_gui.ui.options import Options

    monkeypatch.setattr(Notifier, "tray_available", classmethod(lambda cls: True))
    shown: list[tuple[str, str]] = []
    monkeypatch.setattr("PySide6.QtWidgets.QSystemTrayIcon.supportsMessages", lambda self: True)
    monkeypatch.setattr("PySide6.QtWidgets.QSystemTrayIcon.showMessage",
                        lambda self, title, body, *a: shown.append((title, body)))
    window = MainWindow(Options.open(data_dir), data_dir=data_dir, runner=runner)
    qtbot.addWidget(window)
    window.notifier.notify(view(1, JobState.FAILED, prompt="Oops"))
    assert shown == [("Generation failed", "Oops: the model refused")]
    loaded_window(window, [view(1), view(2, JobState.PENDING)])
    assert window.notifier.tray is not None and "1 pending" in window.notifier.tray.toolTip()
    window.shutdown()


# -- settings and persistence --------------------------------------------------------------------------------


def test_settings_change_reaches_the_tracker(
    qtbot: QtBot, window: MainWindow, data_dir: Path, sim: Simulator, monkeypatch: pytest.MonkeyPatch,
    runner: TaskRunner,
) -> None:
    backend, _ = make_backend(data_dir, sim, runner=runner)
    attached(qtbot, window, backend)
    configs: list[PolicyConfig] = []
    monkeypatch.setattr(backend.tracker, "set_config", configs.append)

    def ask(cls: type, parent: object, options: Any) -> SettingsChange:
        options.set(opt.POLL_INTERVAL, 9.0)
        return SettingsChange(polling=True)

    monkeypatch.setattr(SettingsDialog, "ask", classmethod(ask))
    window.acts.act_settings.trigger()
    assert configs and configs[0].poll_interval == 9.0


def test_settings_dialog_validates_the_api_base(qtbot: QtBot, data_dir: Path) -> None:
    from flowmusic_gui.ui.options import Options

    options = Options.open(data_dir)
    dialog = SettingsDialog(None, options)
    qtbot.addWidget(dialog)
    dialog.api_base.setText("ftp://example.com/v1")
    assert dialog.apply() is False and dialog.error.isVisibleTo(dialog)
    dialog.api_base.setText("http://127.0.0.1:9/v1/flowmusic/")
    dialog.notifications.setChecked(False)
    assert dialog.apply() is True
    assert dialog.change.api_base and dialog.change.notifications
    again = Options.open(data_dir)
    assert again.get(opt.API_BASE) == "http://127.0.0.1:9/v1/flowmusic"
    assert again.get(opt.NOTIFICATIONS) is False


def test_layout_sort_and_filter_survive_a_restart(make_window: Any) -> None:
    first: MainWindow = make_window()
    first.resize(700, 500)
    first.table.horizontalHeader().resizeSection(Column.TITLE, 333)
    first.table.sortByColumn(Column.GENERATION, Qt.SortOrder.AscendingOrder)
    first.filter_combo.setCurrentIndex(first.filter_combo.findData(StatusFilter.COMPLETED.value))
    first.search.setText("rain")
    first.splitter.setSizes([600, 400])
    sizes = first.splitter.sizes()
    first.close()
    second: MainWindow = make_window()
    assert second.size().width() == 700
    assert second.table.horizontalHeader().sectionSize(Column.TITLE) == 333
    assert second.model.sort_column == Column.GENERATION
    assert second.proxy.status_filter is StatusFilter.COMPLETED
    assert second.search.text() == "rain"
    assert second.splitter.sizes() == sizes


def test_tracked_jobs_survive_a_restart(
    qtbot: QtBot, make_window: Any, data_dir: Path, sim: Simulator, runner: TaskRunner
) -> None:
    first: MainWindow = make_window()
    backend, _ = make_backend(data_dir, sim, runner=runner)
    attached(qtbot, first, backend)
    first.controller.add_ids([jobid(1), jobid(2)])
    first.close()
    second: MainWindow = make_window()
    backend2, _ = make_backend(data_dir, sim, runner=runner)
    attached(qtbot, second, backend2)
    assert set(rows(second)) == {jobid(1), jobid(2)}
    qtbot.waitUntil(lambda: all(v.state is not JobState.NEW for v in second.model.jobs()), timeout=5000)


def test_download_all_wavs_of_the_selected_jobs(
    qtbot: QtBot, window: MainWindow, sim: Simulator, tmp_path: Path
) -> None:
    import requests

    from flowmusic_gui.core.records import parse_record
    from flowmusic_gui.engine.types import JobView as View

    folder = tmp_path / "downloads"
    folder.mkdir()
    window.options.set(opt.DOWNLOAD_DIR, str(folder))
    views = []
    for n in (1, 2):
        jid = jobid(n, "demo@flowmusic.local")
        sim.force(jid, outcome="completed", pending_s=0)
        url = f"{sim.base_url}/jobs/{jid.replace(':', '%3A').replace('@', '%40')}"
        headers = {"Authorization": f"Bearer {sim.token}"}
        def completed(u: str = url, h: dict[str, str] = headers) -> bool:
            return bool(requests.get(u, headers=h, timeout=5).json()["status"] == "completed")

        qtbot.waitUntil(completed, timeout=5000)
        record = requests.get(url, headers=headers, timeout=5).json()
        added = datetime.now(timezone.utc)
        views.append(View(jobid=jid, state=JobState.COMPLETED, added_at=added, record=parse_record(record)))
    loaded_window(window, views)
    window.select_jobids([v.jobid for v in views])
    assert window.acts.act_download_wavs.isEnabled()
    window.acts.act_download_wavs.trigger()
    qtbot.waitUntil(lambda: len(list(folder.glob("*.wav"))) == 4 and not list(folder.glob("*.part")), timeout=15000)

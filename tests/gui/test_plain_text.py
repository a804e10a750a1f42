"""Server text is plain text on every widget: hostile answers through a real local server, then a sweep of the
window, its dialogs and the detail pane for anything Qt would render as rich text."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import unquote

import pytest
from helpers.httpserver import Reply, ScriptedServer, Seen
from helpers.keyrings import MemoryKeyring
from helpers.plaintext import rich_text_problems
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from flowmusic_gui.core.client import ApiClient, TokenCheck
from flowmusic_gui.core.credentials import SERVICE, USERNAME, TokenLookup, TokenSource
from flowmusic_gui.core.records import JobState
from flowmusic_gui.core.schedule import PolicyConfig
from flowmusic_gui.engine.tasks import TaskRunner
from flowmusic_gui.ui.backend import AppBackend
from flowmusic_gui.ui.dialogs.add_jobs import AddJobsDialog
from flowmusic_gui.ui.dialogs.token import TokenDialog
from flowmusic_gui.ui.main_window import MainWindow

from .conftest import jobid

MARK = "zq7mark"
HTML = f'<img src="/etc/hostname"> <b>x</b> {MARK}'
FAST = PolicyConfig(poll_interval=0.2, max_interval=0.5, budget_per_s=50, prior_min_s=0.1, prior_max_s=1.0)
DONE, FAILED = jobid(40), jobid(41)


def hostile_record(j: str) -> dict[str, Any]:
    base: dict[str, Any] = {
        "jobid": j, "email": HTML, "operation": HTML, "created_at": "2026-05-31T19:57:23Z",
        "completed_at": "2026-05-31T19:59:43Z", "duration_ms": 139164,
        "request": {"prompt": HTML, "lyrics": HTML},
    }
    if j == FAILED:
        return {**base, "status": "failed", "error": {"code": HTML, "message": HTML}}
    lyrics = f"[Verse {HTML}]\n{HTML}\nsecond {HTML}"
    clips = [
        {"clip": HTML, "title": HTML, "lyrics": lyrics, "duration_s": 60, "seed": 3,
         "lyrics_timing": [[1, 2], [3, 4]], "created_at": "2026-05-31T19:59:43Z",
         "audio_url": "javascript:alert(1)", "wav_url": "file:///etc/passwd", "image_url": "file:///etc/hostname"},
        {"clip": f"{HTML} 2", "title": HTML, "lyrics": lyrics, "duration_s": 60,
         "lyrics_timing": [[1, 2], [3, 4], [5, 6]], "created_at": "2026-05-31T19:59:43Z",
         "audio_url": f"https://media.invalid/a.m4a?{HTML}", "wav_url": f"https://media.invalid/a.wav#{HTML}"},
    ]
    return {**base, "status": "completed", "clips": clips}


class Hostile:
    """Answers every request the way ``stage`` says: a 500 or a 429 carrying markup, or hostile records."""

    def __init__(self) -> None:
        self.stage = "500"

    def __call__(self, seen: Seen) -> Reply:
        if self.stage == "500":
            return Reply(500, json={"error": HTML, "code": 500})
        if self.stage == "429":
            return Reply(429, json={"error": HTML}, headers={"Retry-After": "1"})
        path = seen.path.split("?")[0].rstrip("/")
        if path.endswith("/jobs"):
            return Reply(200, json={})
        return Reply(200, json=hostile_record(unquote(path.rsplit("/", 1)[-1])))


@pytest.fixture
def server() -> Iterator[tuple[ScriptedServer, Hostile]]:
    with ScriptedServer() as s:
        script = Hostile()
        s.handler = script
        yield s, script


def assert_plain(root: Any) -> None:
    problems = rich_text_problems(root, MARK)
    assert not problems, "\n".join(problems)


def test_hostile_server_text_is_never_rendered_as_rich_text(
    qtbot: QtBot, window: MainWindow, data_dir: Path, server: tuple[ScriptedServer, Hostile], runner: TaskRunner
) -> None:
    httpd, script = server
    keyring = MemoryKeyring()
    keyring.secrets[(SERVICE, USERNAME)] = "user:1-token"
    backend = AppBackend(data_dir, httpd.url, FAST, environ={}, keyring_backend=keyring, runner=runner)
    with qtbot.waitSignal(window.jobs_shown, timeout=5000):
        window.attach(backend)
    window.show()
    window.controller.add_ids([DONE, FAILED])

    # A 500 whose error text is markup: the status bar's problem label and its tooltip.
    qtbot.waitUntil(lambda: MARK in window.connection_label.text(), timeout=10_000)
    assert_plain(window)

    # A 429 with the same text: the rate label and its tooltip.
    script.stage = "429"
    qtbot.waitUntil(lambda: window.rate_label.isVisibleTo(window) and MARK in window.rate_label.toolTip(),
                    timeout=10_000)
    assert_plain(window)

    # Records whose every string is markup, with javascript: and file: links.
    script.stage = "ok"
    def finished(j: str) -> bool:
        view = window.model.job(j)
        return view is not None and view.is_terminal

    def shown(j: str) -> bool:
        view = window.detail.view
        return view is not None and view.jobid == j

    qtbot.waitUntil(lambda: finished(DONE) and finished(FAILED), timeout=15_000)
    failed = window.model.job(FAILED)
    assert failed is not None and failed.state is JobState.FAILED
    for j in (DONE, FAILED):
        window.select_jobids([j])
        qtbot.waitUntil(lambda j=j: shown(j), timeout=5000)  # type: ignore[misc]
        assert_plain(window)
    window.select_jobids([DONE])
    qtbot.waitUntil(lambda: len(window.detail.cards) == 2, timeout=5000)
    card = window.detail.cards[0]
    # Links that are not http(s) are neither offered nor opened.
    for button in (card.open_audio, card.open_wav, card.download_audio, card.download_wav, card.play):
        assert not button.isEnabled()
    assert window.detail.cards[1].open_audio.isEnabled()
    assert HTML in window.detail.cards[1].title.text()  # shown, brackets and all
    assert window.detail.cards[1].title.textFormat() == Qt.TextFormat.PlainText
    assert_plain(window)


def test_add_dialog_shows_pasted_markup_as_text(qtbot: QtBot) -> None:
    dialog = AddJobsDialog(None, f"{HTML}\n{jobid(3)}\njob:{HTML}-bot:flowmusic")
    qtbot.addWidget(dialog)
    assert_plain(dialog)


def check_with(url: str, token: str) -> TokenCheck:
    client = ApiClient(url, token=token)
    try:
        return client.check_token()
    finally:
        client.close()


def test_token_dialog_shows_a_hostile_check_answer_as_text(
    qtbot: QtBot, server: tuple[ScriptedServer, Hostile], runner: TaskRunner
) -> None:
    httpd, _script = server  # every answer a 500 carrying markup
    dialog = TokenDialog(None, checker=lambda t: check_with(httpd.url, t),
                         saver=lambda t: TokenLookup(t, TokenSource.SESSION, "kept for this session"),
                         note=HTML, runner=runner)
    qtbot.addWidget(dialog)
    dialog.field.setText("user:1-token")
    dialog.test_button.click()
    qtbot.waitUntil(lambda: MARK in dialog.status.text(), timeout=10_000)
    assert_plain(dialog)
    dialog.reject()

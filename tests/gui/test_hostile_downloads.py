"""A hostile API and media host end to end through the window: records whose every string is markup, control and
bidi characters and path tricks, covers that are not images, then downloads of those clips. The files stay inside
the download folder, the Downloads panel and the notices show the text as text, and the token reaches only the
API origin: never the media host, the store, the settings or the logs."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import unquote

import pytest
from helpers.httpserver import Reply, ScriptedServer, Seen
from helpers.keyrings import MemoryKeyring
from helpers.media import make_song
from helpers.plaintext import rich_text_problems
from pytestqt.qtbot import QtBot

from flowmusic_gui.core.credentials import SERVICE, USERNAME
from flowmusic_gui.core.records import JobState
from flowmusic_gui.core.schedule import PolicyConfig
from flowmusic_gui.simulator.media import make_wav
from flowmusic_gui.ui import options as opt
from flowmusic_gui.ui.backend import AppBackend
from flowmusic_gui.ui.downloads.model import Column
from flowmusic_gui.ui.main_window import MainWindow

from .conftest import jobid

MARK = "zq7mark"
TOKEN = "user:1-s3cr3t-t0ken-zz9"
HTML = f'<img src="/etc/hostname"> <b>x</b> {MARK}'
TITLES = [
    f"../../../{HTML}\x1b[31m\u202e",
    "CON",
    "/" * 3 + "..\\..\\" + "x" * 300,
]
FAST = PolicyConfig(poll_interval=0.2, max_interval=0.5, budget_per_s=50, prior_min_s=0.1, prior_max_s=1.0)
DONE = jobid(50)


def hostile_record(j: str, media: str) -> dict[str, Any]:
    clips = [
        {"clip": f"user:1-me@example.com-clip:{n:08d}-{HTML}", "title": title, "lyrics": f"[Verse]\n{HTML}",
         "duration_s": float("nan") if n == 0 else 1e308, "seed": 3, "lyrics_timing": [[1, 1e308]],
         "created_at": "2026-05-31T19:59:43Z",
         "audio_url": f"{media}/media/{n}.m4a", "wav_url": f"{media}/media/{n}.wav",
         "image_url": f"{media}/media/{n}-cover.png"}
        for n, title in enumerate(TITLES)
    ]
    return {"jobid": j, "email": HTML, "status": "completed", "created_at": "2026-05-31T19:57:23Z",
            "completed_at": "2026-05-31T19:59:43Z", "duration_ms": 139164,
            "request": {"prompt": HTML, "lyrics": HTML}, "clips": clips}


@pytest.fixture
def servers(tmp_path: Path) -> Iterator[tuple[ScriptedServer, ScriptedServer]]:
    m4a = make_song(tmp_path.parent / f"{tmp_path.name}-song.m4a", 1.0).read_bytes()
    wav = make_wav(1, 1.0)
    with ScriptedServer() as api, ScriptedServer(path_prefix="") as media:
        def on_api(seen: Seen) -> Reply:
            path = seen.path.split("?")[0].rstrip("/")
            if path.endswith("/jobs"):
                return Reply(200, json={})
            return Reply(200, json=hostile_record(unquote(path.rsplit("/", 1)[-1]), media.origin))

        def on_media(seen: Seen) -> Reply:
            if seen.path.endswith(".m4a"):
                return Reply(200, body=m4a, headers={"Content-Type": "audio/mp4"})
            if seen.path.endswith(".wav"):
                return Reply(200, body=wav, headers={"Content-Type": "audio/wav"})
            return Reply(200, body=f"<html>{HTML}</html>", headers={"Content-Type": "image/png"})

        api.handler = on_api
        media.handler = on_media
        yield api, media


def panel_texts(window: MainWindow, column: Column) -> list[str]:
    model = window.downloads_panel.model
    return [str(model.index(r, column).data()) for r in range(model.rowCount())]


@pytest.mark.parametrize("fmt", ["m4a", "wav"])
def test_hostile_clips_download_inside_the_folder_as_text_without_the_token(
    qtbot: QtBot, window: MainWindow, data_dir: Path, tmp_path: Path,
    servers: tuple[ScriptedServer, ScriptedServer], fmt: str,
) -> None:
    api, media = servers
    folder = tmp_path / "Music"
    window.options.set(opt.DOWNLOAD_DIR, str(folder))
    window.options.set(opt.DOWNLOAD_FORMAT, fmt)
    keyring = MemoryKeyring()
    keyring.secrets[(SERVICE, USERNAME)] = TOKEN
    backend = AppBackend(data_dir, api.url, FAST, environ={}, keyring_backend=keyring, runner=window.runner)
    with qtbot.waitSignal(window.jobs_shown, timeout=5000):
        window.attach(backend)
    window.show()
    qtbot.waitUntil(lambda: window.controller.have_token, timeout=5000)
    window.controller.add_ids([DONE])

    def done() -> bool:
        view = window.model.job(DONE)
        return view is not None and view.state is JobState.COMPLETED

    qtbot.waitUntil(done, timeout=15_000)
    window.select_jobids([DONE])
    qtbot.waitUntil(lambda: len(window.detail.cards) == len(TITLES), timeout=5000)
    window.acts.act_download_jobs.trigger()
    qtbot.waitUntil(lambda: window.downloads_coordinator.existing_panel() is not None
                    and len(panel_texts(window, Column.STATE)) == len(TITLES)
                    and all(t.startswith(("Done", "Failed")) for t in panel_texts(window, Column.STATE)),
                    timeout=30_000)
    states = panel_texts(window, Column.STATE)
    assert all(t.startswith("Done") for t in states), states

    # Every file is inside the folder, one per clip, named without control or bidi characters.
    files = [p for p in folder.rglob("*") if p.is_file()]
    assert len([p for p in files if p.suffix == f".{fmt}"]) == len(TITLES), files
    for p in files:
        assert p.resolve().is_relative_to(folder.resolve())
        assert not any(ord(c) < 32 or c in "\u202e\u202d\u2066\u2067\u2068" for c in p.name), p.name
    assert not [p for p in tmp_path.rglob(f"*.{fmt}") if not p.resolve().is_relative_to(folder.resolve())]

    problems = rich_text_problems(window, MARK)
    if window.downloads_coordinator.existing_panel() is not None:
        problems += rich_text_problems(window.downloads_panel, MARK)
    assert not problems, "\n".join(problems)

    # The token went to the API origin only.
    assert media.requests
    assert not [s for s in media.requests if any(TOKEN in v for v in s.headers.values())]
    assert all(s.headers.get("authorization") == f"Bearer {TOKEN}" for s in api.requests)
    window.shutdown()
    backend_files = [p for p in tmp_path.rglob("*") if p.is_file() and p.suffix not in (".m4a", ".wav")]
    leaked = [p for p in backend_files if TOKEN.encode() in p.read_bytes()]
    assert not leaked, leaked


def test_a_hostile_library_is_shown_as_text(qtbot: QtBot, window: MainWindow, data_dir: Path, tmp_path: Path) -> None:
    # Account emails, clip ids and titles of markup and bidi characters; the mp3 "download" is a page of markup.
    folder = tmp_path / "Music"
    window.options.set(opt.DOWNLOAD_DIR, str(folder))
    email = f"{HTML}\u202e@example.com"
    with ScriptedServer() as api:
        def on_api(seen: Seen) -> Reply:
            path = seen.path.split("?")[0].rstrip("/")
            if path.endswith("/accounts"):
                return Reply(200, json={email: {"email": email, "maxJobs": 3}})
            if path.endswith("/music"):
                clips = [{"clip": f"user:1-x-clip:{n}-{HTML}", "title": TITLES[n], "lyrics": HTML,
                          "duration_s": 1e308, "image_url": f"javascript:{HTML}"} for n in range(len(TITLES))]
                return Reply(200, json={"email": email, "clips": clips, "limit": 100, "offset": 0, "next": None})
            return Reply(200, body=f"<html>{HTML}</html>", headers={"Content-Type": "audio/mpeg"})

        api.handler = on_api
        keyring = MemoryKeyring()
        keyring.secrets[(SERVICE, USERNAME)] = TOKEN
        backend = AppBackend(data_dir, api.url, FAST, environ={}, keyring_backend=keyring, runner=window.runner)
        with qtbot.waitSignal(window.jobs_shown, timeout=5000):
            window.attach(backend)
        window.show()
        qtbot.waitUntil(lambda: window.controller.have_token, timeout=5000)
        window.acts.act_library.trigger()
        qtbot.waitUntil(lambda: window.downloads_coordinator.existing_panel() is not None
                        and window.downloads_panel.library_label.text().startswith("Library: "), timeout=30_000)
        panel = window.downloads_panel
        qtbot.waitUntil(lambda: "failed" in panel.library_label.text(), timeout=30_000)
        assert "3 failed" in panel.library_label.text(), panel.library_label.text()
        problems = rich_text_problems(window, MARK) + rich_text_problems(panel, MARK)
        assert not problems, "\n".join(problems)
        assert not list(tmp_path.rglob("*.mp3"))  # a page of markup is never kept as a song
        window.shutdown()

"""Compare takes: while one take plays, playing the other take of the same song starts it at the same bar."""

from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path
from urllib.parse import quote

import pytest
import requests
from helpers.media_host import MediaHost
from pytestqt.qtbot import QtBot

from flowmusic_gui.core.records import JobState, parse_record
from flowmusic_gui.engine.types import JobView
from flowmusic_gui.simulator import Simulator
from flowmusic_gui.simulator.jobs import make_jobid
from flowmusic_gui.ui.detail.pane import DetailPane
from flowmusic_gui.ui.detail.player import multimedia_status

JOBID = make_jobid("52345678-1234-4234-8234-123456789abc", "1001", "demo@flowmusic.local")
MULTIMEDIA_NOISE = [r"Couldn't (load|resolve)", r"PulseAudioService", r"No audio device", r"pa_context"]


@pytest.mark.qt_log_ignore(*MULTIMEDIA_NOISE)
def test_switching_take_a_to_b_keeps_the_playhead(qtbot: QtBot, pane: DetailPane, tmp_path: Path) -> None:
    ok, reason = multimedia_status(load=True)
    if not ok:
        pytest.skip(f"QtMultimedia is not usable here: {reason}")
    (tmp_path / "media").mkdir()
    with Simulator(token=None, short_clips=True) as sim, MediaHost(tmp_path / "media") as host:
        sim.force(JOBID, outcome="vocal", pending_s=0)
        raw = requests.get(f"{sim.base_url}/jobs/{quote(JOBID, safe='')}", timeout=10).json()
        record = host.rehost(raw, "take")
        view = JobView(JOBID, JobState.COMPLETED, datetime.now(timezone.utc), record=parse_record(record))
        pane.set_job(view)
        qtbot.waitUntil(lambda: len(pane._card_by_key) == 2, timeout=10_000)
        take_a, take_b = list(pane._card_by_key)
        player = pane.player
        pane._on_play_clicked(take_a)
        qtbot.waitUntil(lambda: player.playing and player.position() >= 1.5, timeout=20_000)
        at = player.position()
        pane._on_play_clicked(take_b)
        qtbot.waitUntil(lambda: player.current_key == take_b and player.playing and player.position() > 0.2,
                        timeout=20_000)  # fmt: skip
        # The same bar, not the start: at least where A was when B was asked for.
        assert player.position() >= at - 0.3
        # Asked again, B pauses (the usual toggle), it does not restart.
        pane._on_play_clicked(take_b)
        qtbot.waitUntil(lambda: not player.playing, timeout=10_000)

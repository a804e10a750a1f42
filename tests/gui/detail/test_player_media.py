"""The inline player plays the simulator's real media to the end: its m4a (AAC in MP4) and its 44.1 kHz WAV.

The media are served again by another process (see helpers.media_host): the player must never wait on a server
that needs this process's GIL.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any
from urllib.parse import quote

import pytest
import requests
from helpers.child import run_within
from helpers.media_host import MediaHost
from pytestqt.qtbot import QtBot

from flowmusic_gui.simulator import Simulator
from flowmusic_gui.simulator.jobs import make_jobid
from flowmusic_gui.ui.detail.player import Player, multimedia_status

JOBID = make_jobid("42345678-1234-4234-8234-123456789abc", "1001", "demo@flowmusic.local")
# QtMultimedia's FFmpeg backend on a machine without a sound card or VA-API says so, as warnings.
MULTIMEDIA_NOISE = [r"Couldn't (load|resolve)", r"PulseAudioService", r"No audio device", r"pa_context"]


@pytest.fixture(scope="module")
def clips(tmp_path_factory: pytest.TempPathFactory) -> Iterator[list[dict[str, Any]]]:
    with Simulator(token=None, short_clips=True) as sim, MediaHost(tmp_path_factory.mktemp("media")) as host:
        sim.force(JOBID, outcome="vocal", pending_s=0)
        record = requests.get(f"{sim.base_url}/jobs/{quote(JOBID, safe='')}", timeout=10).json()
        yield host.rehost(record, "clip")["clips"]


@pytest.fixture(scope="module")
def clip(clips: list[dict[str, Any]]) -> dict[str, Any]:
    return clips[0]


@pytest.mark.qt_log_ignore(*MULTIMEDIA_NOISE)
@pytest.mark.parametrize("kind", ["audio_url", "wav_url"])
def test_player_plays_the_simulators_media_to_the_end(qtbot: QtBot, clip: dict[str, Any], kind: str) -> None:
    ok, reason = multimedia_status(load=True)
    if not ok:
        pytest.skip(f"QtMultimedia is not usable here: {reason}")
    player = Player()
    positions: list[float] = []
    durations: list[float] = []
    states: list[bool] = []
    errors: list[str] = []
    player.position_changed.connect(lambda _k, s: positions.append(s))
    player.duration_changed.connect(lambda _k, s: durations.append(s))
    player.state_changed.connect(lambda _k, playing: states.append(playing))
    player.error.connect(lambda _k, m: errors.append(m))
    try:
        player.play("clip", clip[kind])
        qtbot.waitUntil(lambda: bool(durations) or bool(errors), timeout=15000)
        assert not errors
        assert abs(durations[-1] - clip["duration_s"]) < 0.5
        # Played to the end by itself: the player stops and rewinds, having passed the last second.
        qtbot.waitUntil(lambda: bool(states) and states[-1] is False, timeout=int(clip["duration_s"] * 1000) + 30000)
        assert not errors
        assert states[0] is True
        assert max(positions) >= clip["duration_s"] - 1.0
        peak = positions.index(max(positions))
        assert positions[: peak + 1] == sorted(positions[: peak + 1])  # advancing all the way
    finally:
        player.shutdown()


#: Rounds of the churn below. Before the player's calls were made without the GIL, 80 rounds hung in 2 of 4
#: runs (at rounds 29 and 35): QMediaPlayer.stop() from Python waited for a lock that an FFmpeg thread held
#: while it waited for the GIL.
CHURN_ROUNDS = 80


@pytest.mark.slow
@pytest.mark.timeout(240)
def test_stopping_switching_and_replaying_real_media_never_hangs(clips: list[dict[str, Any]]) -> None:
    """Stop, pause, seek, switch and replay in a loop on the real decoders, in a child held to a deadline."""
    ok, reason = multimedia_status(load=True)
    if not ok:
        pytest.skip(f"QtMultimedia is not usable here: {reason}")
    urls = [clip[kind] for clip in clips for kind in ("audio_url", "wav_url")]
    code, out = run_within("player_churn.py", [str(CHURN_ROUNDS), "7", *urls], 200)  # ~30 s on a quiet 2-core machine
    if code is None:
        rounds = [line for line in out.splitlines() if line.startswith("round")]
        pytest.fail(f"the player hung after {rounds[-1] if rounds else 'no round'} of {CHURN_ROUNDS}")
    assert code == 0
    assert out.splitlines()[-1].startswith(f"done {CHURN_ROUNDS} ")

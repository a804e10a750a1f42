"""The inline player as a user drives it, on real media through the real decoders (served by another process):
play shows playing and the position moving, pause and resume on the same button, another clip takes over (the
first one says it stopped), stop, the volume kept in range, and a clip without a web link or with a missing
file says so instead of failing silently."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from helpers.media import make_song
from helpers.media_host import MediaHost
from pytestqt.qtbot import QtBot

from flowmusic_gui.ui.detail.player import Player, multimedia_status

MULTIMEDIA_NOISE = [r"Couldn't (load|resolve)", r"PulseAudioService", r"No audio device", r"pa_context",
                    r"Demuxing failed", r"Could not open", r"AV_NOPTS_VALUE"]
WAIT_MS = 20_000


@pytest.fixture(scope="module")
def host(tmp_path_factory: pytest.TempPathFactory) -> Iterator[MediaHost]:
    folder = tmp_path_factory.mktemp("player-media")
    make_song(folder / "first.wav", seconds=6.0)
    make_song(folder / "second.m4a", seconds=6.0)
    with MediaHost(folder) as h:
        yield h


@pytest.fixture
def player() -> Iterator[Player]:
    ok, reason = multimedia_status(load=True)
    if not ok:
        pytest.skip(f"QtMultimedia is not usable here: {reason}")
    p = Player()
    yield p
    p.shutdown()


class Heard:
    def __init__(self, p: Player) -> None:
        self.states: list[tuple[str, bool]] = []
        self.positions: list[tuple[str, float]] = []
        self.errors: list[tuple[str, str]] = []
        p.state_changed.connect(lambda k, on: self.states.append((k, on)))
        p.position_changed.connect(lambda k, s: self.positions.append((k, s)))
        p.error.connect(lambda k, m: self.errors.append((k, m)))

    def last_state(self, key: str) -> bool | None:
        mine = [on for k, on in self.states if k == key]
        return mine[-1] if mine else None


@pytest.mark.qt_log_ignore(*MULTIMEDIA_NOISE)
def test_play_pause_resume_and_another_clip_taking_over(qtbot: QtBot, player: Player, host: MediaHost) -> None:
    heard = Heard(player)
    player.toggle("a", f"{host.base}/first.wav")
    qtbot.waitUntil(lambda: heard.last_state("a") is True or bool(heard.errors), timeout=WAIT_MS)
    assert not heard.errors and player.current_key == "a" and player.playing
    qtbot.waitUntil(lambda: any(k == "a" and s > 0.2 for k, s in heard.positions), timeout=WAIT_MS)
    player.toggle("a", f"{host.base}/first.wav")  # the same button: pause
    assert not player.wants_playing
    qtbot.waitUntil(lambda: heard.last_state("a") is False, timeout=WAIT_MS)
    paused_at = player.position()
    player.toggle("a", f"{host.base}/first.wav")  # and resume, from where it was
    qtbot.waitUntil(lambda: heard.last_state("a") is True, timeout=WAIT_MS)
    assert player.position() >= paused_at - 0.1
    player.play("b", f"{host.base}/second.m4a")  # another clip: the first says it stopped
    assert heard.last_state("a") is False and player.current_key == "b"
    qtbot.waitUntil(lambda: heard.last_state("b") is True, timeout=WAIT_MS)
    assert not [e for e in heard.errors if e[0] == "a"]
    player.stop()
    assert player.current_key is None and not player.playing and heard.last_state("b") is False


@pytest.mark.qt_log_ignore(*MULTIMEDIA_NOISE)
def test_a_clip_that_cannot_play_says_so(qtbot: QtBot, player: Player, host: MediaHost) -> None:
    heard = Heard(player)
    player.play("a", None)
    player.play("b", "file:///etc/passwd")  # only http and https are played
    assert [k for k, _ in heard.errors] == ["a", "b"]
    assert heard.errors[0][1] == "This clip has no http or https audio link to play."
    player.play("c", f"{host.base}/missing.wav")
    qtbot.waitUntil(lambda: any(k == "c" for k, _ in heard.errors), timeout=WAIT_MS)
    assert next(m for k, m in heard.errors if k == "c")  # a sentence, not an empty line
    assert not player.wants_playing  # a press on the button tries again


def test_the_volume_stays_in_range(player: Player) -> None:
    player.set_volume(1.7)
    assert player.volume == 1.0
    player.set_volume(-0.2)
    assert player.volume == 0.0
    player.set_volume(0.35)
    assert player.volume == 0.35


def test_nothing_loaded_pause_resume_and_stop_do_nothing(player: Player) -> None:
    player.pause()
    player.resume()
    player.stop()
    assert player.current_key is None and not player.playing and not player.wants_playing
    assert player.position() == 0.0


def test_the_media_files_exist(host: MediaHost) -> None:
    assert (Path(host.folder) / "first.wav").stat().st_size > 100_000

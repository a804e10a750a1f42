"""What the MPRIS player publishes, typed as D-Bus wants it: the cover as a file:// URL only when the cached file
exists, lengths and positions in int64 microseconds, and nothing but a track id when stopped."""

from __future__ import annotations

from pathlib import Path

from flowmusic_gui.ui.desktop import mpris
from flowmusic_gui.ui.desktop.playback import NowPlaying, track_id


def test_metadata_has_title_length_cover_and_track_id(tmp_path: Path) -> None:
    cover = tmp_path / "c over.img"
    state = NowPlaying(status="Playing", track_id=track_id("job", "clip-1"), title="Night <Drive>", length_s=139.5,
                       art_path=str(cover), url="https://media.example/a.m4a")  # fmt: skip
    meta = mpris.metadata(state)
    assert "mpris:artUrl" not in meta  # not cached yet
    cover.write_bytes(b"\x89PNG")
    meta = mpris.metadata(state)
    assert meta["xesam:title"] == ("s", "Night <Drive>")  # plain text, as the clip's title is
    assert meta["mpris:length"] == ("x", 139_500_000)
    assert meta["mpris:artUrl"] == ("s", cover.as_uri()) and meta["mpris:artUrl"][1].startswith("file:///")
    sig, path = meta["mpris:trackid"]
    assert sig == "o" and path.startswith("/org/mpris/MediaPlayer2/")
    assert path.replace("/", "").replace("_", "").isalnum()  # a valid D-Bus object path


def test_stopped_publishes_only_the_no_track_id_and_a_still_position() -> None:
    state = NowPlaying()
    assert mpris.metadata(state) == {"mpris:trackid": ("o", "/org/mpris/MediaPlayer2/TrackList/NoTrack")}
    props = mpris.player_properties(state)
    assert props["PlaybackStatus"] == ("s", "Stopped") and props["Position"] == ("x", 0)
    assert props["CanPause"] == ("b", False)


def test_position_advances_while_playing_and_stops_at_the_end() -> None:
    state = NowPlaying(status="Playing", length_s=10.0, position_s=2.0, measured_at=100.0)
    assert state.position_now(now=103.5) == 5.5
    assert state.position_now(now=200.0) == 10.0
    paused = NowPlaying(status="Paused", length_s=10.0, position_s=2.0, measured_at=100.0)
    assert paused.position_now(now=103.5) == 2.0

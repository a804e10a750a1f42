"""One clip as a card, as a user meets it: the title (the job's name when the clip has none), Play/Pause, the
time and the current lyric line following the position, the lyrics' timing moved in tenths (and said back),
the keeper star, menus whose entries without a web link are disabled and say why, the download rows, and a
media file claiming an absurd length that cannot break the slider."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from flowmusic_gui.core.records import Clip, JobState
from flowmusic_gui.engine.media import DownloadResult, DownloadStatus
from flowmusic_gui.ui.detail.clip_card import MAX_OFFSET, ClipCard, clip_key, media_ext

from ..conftest import view

CLIP_ID = "12345678-aaaa-4aaa-8aaa-123456789abc"
LYRICS = "[Verse]\nNeon rain on the window\nCity lights below"


def a_clip(**fields: object) -> Clip:
    raw: dict[str, object] = {"clip": CLIP_ID, "title": "Neon Rain", "lyrics": LYRICS,
                              "lyrics_timing": [[1.0, 4.0], [4.5, 9.0]], "duration_s": 60.0,
                              "audio_url": "https://media.example/a.m4a", "wav_url": None}
    raw.update(fields)
    job = view(1, JobState.COMPLETED, extra={"clips": [raw]})
    assert job.record is not None
    return job.record.clips[0]


def card(qtbot: QtBot, clip: Clip, **kw: object) -> ClipCard:
    c = ClipCard(clip, 0, **kw)  # type: ignore[arg-type]
    qtbot.addWidget(c)
    c.resize(560, 700)
    c.show()
    qtbot.waitExposed(c)
    return c


def test_play_and_the_position_move_the_time_and_the_lyric_line(qtbot: QtBot) -> None:
    c = card(qtbot, a_clip())
    assert c.title.text() == "Neon Rain" and c.key == CLIP_ID
    assert c.time.text() == "0:00 / 1:00"
    with qtbot.waitSignal(c.play_clicked, timeout=1000) as clicked:
        qtbot.mouseClick(c.play, Qt.MouseButton.LeftButton)
    assert clicked.args == [CLIP_ID]
    c.set_playing(True)
    assert c.play.text() == "Pause"
    c.set_position(5.0)
    assert c.time.text() == "0:05 / 1:00" and c.slider.value() == 5000
    assert c.lyrics is not None and c.lyrics.active_text() == "City lights below"
    c.set_position(float("nan"))  # nonsense from the backend reads as stopped, not as a crash
    assert c.time.text() == "0:00 / 1:00" and c.lyrics.active_marker is None
    c.set_playing(False)
    assert c.play.text() == "Play"


def test_the_lyrics_timing_moves_in_tenths_and_says_so(qtbot: QtBot) -> None:
    c = card(qtbot, a_clip())
    assert c.offset_label is not None and c.offset_label.text() == "+0.0 s" and not c.offset_reset.isEnabled()
    with qtbot.waitSignal(c.offset_changed, timeout=1000) as moved:
        c.offset_later.click()
    assert moved.args == [CLIP_ID, 0.1] and c.offset_label.text() == "+0.1 s"
    c.set_offset(-0.04)
    assert c.offset == 0.0  # under a twentieth: no change
    c.set_offset(-2.26)
    assert c.offset == -2.3 and c.offset_label.text() == "-2.3 s" and c.offset_reset.isEnabled()
    c.set_offset(1e9)
    assert c.offset == MAX_OFFSET
    c.set_offset(float("inf"))
    assert c.offset == 0.0
    # The timing correction moves which line is current: 4.4 s with +0.0 is the first line, with -0.5 the second.
    c.set_position(4.4)
    assert c.lyrics is not None and c.lyrics.active_text() == "Neon rain on the window"
    c.set_offset(-0.5)
    assert c.lyrics.active_text() == "City lights below"


def test_the_keeper_star(qtbot: QtBot) -> None:
    c = card(qtbot, a_clip())
    assert c.keep.text() == "☆" and c.keep.accessibleName() == "Keeper" and c.keep.isEnabled()
    with qtbot.waitSignal(c.keep_toggled, timeout=1000) as toggled:
        c.keep.click()
    assert toggled.args == [CLIP_ID, True] and c.keep.text() == "★" and c.kept
    assert c.keep.accessibleDescription() == "Kept"
    with qtbot.assertNotEmitted(c.keep_toggled):
        c.set_kept(False)  # the store's word: shown, not asked for again
    assert c.keep.text() == "☆"
    no_id = card(qtbot, a_clip(clip=None))
    assert not no_id.keep.isEnabled() and "no clip id" in no_id.keep.toolTip()


def test_a_missing_link_disables_its_entries_and_says_why(qtbot: QtBot) -> None:
    c = card(qtbot, a_clip(wav_url="javascript:alert(1)"))
    assert c.open_audio.isEnabled() and c.download_audio.isEnabled()
    assert not c.open_wav.isEnabled() and not c.download_wav.isEnabled()
    assert c.open_wav.toolTip()  # the reason, on hover
    with qtbot.waitSignal(c.download_requested, timeout=1000) as asked:
        c.download_audio.click()
    assert asked.args == [CLIP_ID, "audio"]
    with qtbot.waitSignal(c.open_requested, timeout=1000) as opened:
        c.open_audio.click()
    assert opened.args == ["https://media.example/a.m4a"]


def test_a_download_row_shows_progress_then_the_result(qtbot: QtBot, tmp_path: Path) -> None:
    c = card(qtbot, a_clip())
    row = c.downloads["audio"]
    assert not row.isVisible()
    c.set_download_progress("audio", 1_500_000, 3_000_000)
    assert row.isVisible() and row.cancel.isVisible() and row.bar.value() == 500
    assert "1.5 of 3.0 MB" in row.status.text()
    with qtbot.waitSignal(c.cancel_requested, timeout=1000) as cancel:
        row.cancel.click()
    assert cancel.args == [CLIP_ID, "audio"]
    saved = tmp_path / "Neon Rain (A).m4a"
    c.set_download_result("audio", DownloadResult(CLIP_ID, DownloadStatus.DONE, saved, f"Saved {saved.name}", 3))
    assert row.status.text() == "Saved Neon Rain (A).m4a" and row.reveal.isVisible() and not row.cancel.isVisible()
    c.set_download_result("audio", DownloadResult(CLIP_ID, DownloadStatus.FAILED, None, "the server answered 404"))
    assert row.status.text() == "the server answered 404" and not row.reveal.isVisible()


def test_an_untitled_clip_goes_by_the_jobs_name_and_an_absurd_length_is_refused(qtbot: QtBot) -> None:
    c = card(qtbot, a_clip(title="  ", lyrics=None, lyrics_timing=None), job_name="a happy song")
    assert c.title.text() == "a happy song"
    before = c.slider.maximum()
    c.set_duration(1e12)  # a media file can claim anything: the slider keeps what it had
    assert c.slider.maximum() == before
    c.set_duration(120.0)
    assert c.slider.maximum() == 120_000


def test_keys_and_extensions() -> None:
    assert clip_key(a_clip(), 3) == CLIP_ID and clip_key(a_clip(clip=None), 3) == "#3"
    assert media_ext("https://cdn.example/x/song.MP3?sig=1", "audio") == "mp3"
    assert media_ext("https://cdn.example/x/song", "wav") == "wav"
    assert media_ext("https://cdn.example/x/song.a b", "audio") == "m4a"
    assert media_ext(None, "audio") == "m4a"

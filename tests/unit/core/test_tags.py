"""Tags written with mutagen, read back with mutagen and with ffprobe (an independent reader)."""

from __future__ import annotations

import shutil
from dataclasses import replace
from datetime import datetime, timezone
from pathlib import Path

import pytest
from helpers.media import ffprobe, make_image, make_song
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from mutagen.id3 import ID3
from mutagen.mp3 import MP3
from mutagen.mp4 import MP4, MP4Cover
from mutagen.wave import WAVE

from flowmusic_gui.core.filenames import PART_SUFFIX
from flowmusic_gui.core.tags import (
    ID_FIELDS,
    TagOptions,
    TagResult,
    cover_mime,
    lrc_path,
    read_identity,
    song_tags,
    write_lrc,
    write_tags,
)
from flowmusic_gui.core.track import Track, track_from_library

CLIP = "user:42-a.b+c@example.com-clip:1f2e3d4c-aaaa-bbbb-cccc-000000000000"
JOB = "job:7c9e6679-7425-40de-944b-e07fc1f90ae7-user:42-a.b+c@example.com-bot:flowmusic"
LYRICS = "[Verse]\nNeon rain on the window\n\nCity hums a low refrain\n[Chorus]\nWe run, we run"
TRACK = Track(
    clip_id=CLIP, title="Neon Rain ✓ Дождь", take="A", jobid=JOB, account="a.b+c@example.com",
    created_at=datetime(2026, 3, 4, 12, 0, tzinfo=timezone.utc), prompt="synthwave\nabout rain", seed=123456789,
    lyrics=LYRICS, lyrics_timing=((1.0, 2.0), (2.25, 2.5), (2.6, 2.9)), duration_s=3.0, image_url=None,
)
FORMATS = ("mp3", "m4a", "wav")
DEFAULT_OPTIONS = TagOptions()


@pytest.fixture(scope="session")
def media(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("media")
    out = {fmt: make_song(folder / f"song.{fmt}") for fmt in FORMATS}
    out["png"] = make_image(folder / "cover.png")
    out["jpg"] = make_image(folder / "cover.jpg", "blue")
    return out


def part_copy(media: dict[str, Path], fmt: str, tmp_path: Path) -> Path:
    """A fresh copy under the name a download has before it is renamed into place."""
    path = tmp_path / f"Neon Rain (A).{fmt}{PART_SUFFIX}"
    shutil.copyfile(media[fmt], path)
    return path


def tag(
    path: Path, fmt: str, track: Track = TRACK, *, cover: bytes | None = None, options: TagOptions = DEFAULT_OPTIONS
) -> TagResult:
    return write_tags(path, fmt, track, options, cover=cover, tz=timezone.utc)


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("cover_kind", ["png", "jpg"])
def test_ffprobe_sees_title_and_cover(media: dict[str, Path], tmp_path: Path, fmt: str, cover_kind: str) -> None:
    path = part_copy(media, fmt, tmp_path)
    cover = media[cover_kind].read_bytes()
    result = write_tags(path, fmt, TRACK, cover=cover, tz=timezone.utc)
    assert result.keep and result.tagged and result.problems == ()
    seen = ffprobe(path, fmt)
    assert seen["tags"]["title"] == "Neon Rain ✓ Дождь"
    assert seen["tags"]["artist"] == "FlowMusic"
    assert seen["tags"]["album"] == "a.b+c@example.com"
    assert seen["tags"]["date"].startswith("2026")
    assert seen["pictures"] == ["png" if cover_kind == "png" else "mjpeg"]
    assert seen["duration"] == pytest.approx(3.0, abs=0.1)  # the audio is intact


@pytest.mark.parametrize("fmt", ["mp3", "wav"])
def test_id3_read_back(media: dict[str, Path], tmp_path: Path, fmt: str) -> None:
    path = part_copy(media, fmt, tmp_path)
    cover = media["png"].read_bytes()
    tag(path, fmt, cover=cover)
    audio = MP3(path) if fmt == "mp3" else WAVE(path)
    tags = audio.tags
    assert isinstance(tags, ID3)
    assert tags.version[:2] == (2, 3)
    assert str(tags["TIT2"]) == "Neon Rain ✓ Дождь"
    assert str(tags["TPE1"]) == "FlowMusic"
    assert str(tags["TALB"]) == "a.b+c@example.com"
    assert str(tags["TDRC"]).startswith("2026")
    assert tags.getall("COMM")[0].text == ["synthwave\nabout rain"]
    assert tags.getall("USLT")[0].text == LYRICS
    assert tags.getall("SYLT")[0].text == [
        ("Neon rain on the window", 1000), ("City hums a low refrain", 2250), ("We run, we run", 2600)
    ]
    assert tags.getall("SYLT")[0].format == 2  # milliseconds
    assert str(tags[f"TXXX:{ID_FIELDS['clip']}"]) == CLIP
    assert str(tags[f"TXXX:{ID_FIELDS['jobid']}"]) == JOB
    assert str(tags[f"TXXX:{ID_FIELDS['seed']}"]) == "123456789"
    (apic,) = tags.getall("APIC")
    assert (apic.type, apic.mime, apic.data) == (3, "image/png", cover)
    assert audio.info.length == pytest.approx(3.0, abs=0.1)


def test_mp4_read_back_and_lrc_beside(media: dict[str, Path], tmp_path: Path) -> None:
    path = part_copy(media, "m4a", tmp_path)
    cover = media["jpg"].read_bytes()
    result = tag(path, "m4a", cover=cover)
    tags = MP4(path).tags
    assert tags is not None
    assert tags["©nam"] == ["Neon Rain ✓ Дождь"] and tags["©ART"] == ["FlowMusic"]
    assert tags["©alb"] == ["a.b+c@example.com"] and tags["©day"] == ["2026-03-04"]
    assert tags["©cmt"] == ["synthwave\nabout rain"] and tags["©lyr"] == [LYRICS]
    assert bytes(tags["----:com.apple.iTunes:FLOWMUSIC_CLIP_ID"][0]) == CLIP.encode()
    assert bytes(tags["----:com.apple.iTunes:FLOWMUSIC_JOB_ID"][0]) == JOB.encode()
    (covr,) = tags["covr"]
    assert bytes(covr) == cover and covr.imageformat == MP4Cover.FORMAT_JPEG
    # MP4 has no synced-lyrics atom: the LRC text comes back for a file beside the song.
    final = tmp_path / "Neon Rain (A).m4a"
    path.rename(final)
    assert result.lrc is not None
    assert write_lrc(final, result.lrc) is None
    assert lrc_path(final).read_text(encoding="utf-8") == (
        "[ti:Neon Rain ✓ Дождь]\n[length:00:03]\n[00:01.00]Neon rain on the window\n"
        "[00:02.25]City hums a low refrain\n[00:02.60]We run, we run\n"
    )


@pytest.mark.parametrize("fmt", FORMATS)
def test_tagging_twice_leaves_one_of_each(media: dict[str, Path], tmp_path: Path, fmt: str) -> None:
    path = part_copy(media, fmt, tmp_path)
    cover = media["png"].read_bytes()
    tag(path, fmt, cover=cover)
    size = path.stat().st_size
    tag(path, fmt, replace(TRACK, title="Second"), cover=cover)
    assert path.stat().st_size == pytest.approx(size, abs=64)
    assert ffprobe(path, fmt)["tags"]["title"] == "Second"
    if fmt != "m4a":
        tags = (MP3(path) if fmt == "mp3" else WAVE(path)).tags
        assert tags is not None
        assert len(tags.getall("APIC")) == 1 and len(tags.getall("TIT2")) == 1 and len(tags.getall("SYLT")) == 1


@pytest.mark.parametrize("fmt", FORMATS)
def test_tags_off_leaves_the_file_as_it_came(media: dict[str, Path], tmp_path: Path, fmt: str) -> None:
    path = part_copy(media, fmt, tmp_path)
    result = tag(path, fmt, options=TagOptions(enabled=False), cover=media["png"].read_bytes())
    assert result.keep and not result.tagged
    assert path.read_bytes() == media[fmt].read_bytes()


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_cover_that_is_not_an_image_is_named_and_the_rest_is_written(
    media: dict[str, Path], tmp_path: Path, fmt: str
) -> None:
    path = part_copy(media, fmt, tmp_path)
    result = tag(path, fmt, cover=b"<html>Access denied</html>")
    assert result.keep and result.tagged
    assert result.problems == (
        f"Neon Rain (A).{fmt}: the cover is not a JPEG or PNG image, so none was embedded.",
    )
    seen = ffprobe(path, fmt)
    assert seen["pictures"] == [] and seen["tags"]["title"] == "Neon Rain ✓ Дождь"


def test_an_oversized_cover_is_left_out(media: dict[str, Path], tmp_path: Path) -> None:
    path = part_copy(media, "mp3", tmp_path)
    cover = media["png"].read_bytes()
    result = tag(path, "mp3", cover=cover, options=TagOptions(max_cover_bytes=len(cover) - 1))
    assert result.keep
    assert "too large to embed" in result.problems[0]
    assert ffprobe(path, "mp3")["pictures"] == []


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_title_full_of_control_characters(media: dict[str, Path], tmp_path: Path, fmt: str) -> None:
    path = part_copy(media, fmt, tmp_path)
    hostile = replace(TRACK, title="\x00\x07Bell\x1b[2J\u202eevil\ud800\x7f", prompt="\x00", lyrics="\x1b\n\x07")
    result = tag(path, fmt, hostile)
    assert result.keep and result.problems == ()
    assert ffprobe(path, fmt)["tags"]["title"] == "Bell[2Jevil"


@pytest.mark.parametrize(
    ("content", "fmt", "what"),
    [
        (b"<!DOCTYPE html><html>Expired</html>", "mp3", "a web page"),
        (b'{"error": "gone"}', "m4a", "JSON text"),
        (b"", "wav", "empty"),
        (b"\x00" * 5000, "mp3", "not audio"),
    ],
)
def test_a_file_that_is_not_its_format_is_not_kept(tmp_path: Path, content: bytes, fmt: str, what: str) -> None:
    path = tmp_path / f"Song (A).{fmt}{PART_SUFFIX}"
    path.write_bytes(content)
    result = write_tags(path, fmt, TRACK)
    names = {"mp3": "an MP3 file", "m4a": "an M4A (MP4 audio) file", "wav": "a WAV file"}
    assert not result.keep and not result.tagged
    assert result.problems == (f"Song (A).{fmt} is not {names[fmt]} (its content is {what}); it was not kept.",)
    assert path.read_bytes() == content  # never written to


@pytest.mark.parametrize(("real", "claimed"), [("m4a", "mp3"), ("mp3", "wav"), ("wav", "m4a")])
def test_one_format_under_another_name(media: dict[str, Path], tmp_path: Path, real: str, claimed: str) -> None:
    path = tmp_path / f"Song.{claimed}"
    shutil.copyfile(media[real], path)
    result = write_tags(path, claimed, TRACK)
    assert not result.keep
    assert result.problems[0].startswith(f"Song.{claimed} is not ")
    assert path.read_bytes() == media[real].read_bytes()


def test_a_library_clip_is_tagged_from_what_the_list_gives(media: dict[str, Path], tmp_path: Path) -> None:
    lib = track_from_library(
        {"clip": CLIP, "title": "From the library", "lyrics": "[Verse]\nLa la", "duration_s": 3.0,
         "image_url": "https://example.com/c.png"},
        "me@example.com",
    )
    path = part_copy(media, "mp3", tmp_path)
    result = tag(path, "mp3", lib, cover=media["png"].read_bytes())
    assert result.keep and result.problems == () and result.lrc is None
    tags = MP3(path).tags
    assert tags is not None
    assert str(tags["TIT2"]) == "From the library" and str(tags["TALB"]) == "me@example.com"
    assert tags.getall("USLT")[0].text == "[Verse]\nLa la"
    assert not tags.getall("SYLT") and not tags.getall("TDRC") and not tags.getall("COMM")
    assert f"TXXX:{ID_FIELDS['jobid']}" not in tags
    assert read_identity(path, "mp3") == (CLIP, None)


def test_templates_for_title_artist_album() -> None:
    opts = TagOptions(title="{title} [{take}]", artist="{account}", album="FlowMusic {date}")
    song = song_tags(TRACK, "mp3", opts, tz=timezone.utc)
    assert (song.title, song.artist, song.album) == ("Neon Rain ✓ Дождь [A]", "a.b+c@example.com",
                                                     "FlowMusic 2026-03-04")
    problems: list[str] = []
    bad = song_tags(TRACK, "mp3", TagOptions(album="{nope}", artist=""), problems=problems)
    assert bad.album is None and bad.artist is None
    assert problems == ["The album template cannot be used: Unknown placeholder {nope}: use one of "
                        "{title} {take} {clip} {job} {date} {account} {format}."]


@pytest.mark.parametrize("fmt", FORMATS)
def test_read_identity_after_a_rename(media: dict[str, Path], tmp_path: Path, fmt: str) -> None:
    path = part_copy(media, fmt, tmp_path)
    tag(path, fmt)
    moved = tmp_path / f"renamed by the user.{fmt}"
    path.rename(moved)
    assert read_identity(moved, fmt) == (CLIP, JOB)
    assert read_identity(media[fmt], fmt) == (None, None)
    assert read_identity(tmp_path / "missing.mp3", "mp3") == (None, None)


def test_cover_mime() -> None:
    assert cover_mime(b"\xff\xd8\xff\xe0" + b"\0" * 10) == "image/jpeg"
    assert cover_mime(b"\x89PNG\r\n\x1a\n\0\0\0\x0dIHDR") == "image/png"
    assert cover_mime(b"GIF89a") is None and cover_mime(b"") is None and cover_mime(None) is None


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.binary(max_size=4096), fmt=st.sampled_from(FORMATS), prefix=st.sampled_from(
    [b"", b"ID3\x03\x00\x00\x00\x00\x00\x10", b"RIFF\x10\x00\x00\x00WAVEfmt ", b"\x00\x00\x00\x18ftypM4A ",
     b"\xff\xfb\x90\x00"]))
def test_any_bytes_never_raise(tmp_path: Path, data: bytes, fmt: str, prefix: bytes) -> None:
    path = tmp_path / f"fuzz.{fmt}"
    path.write_bytes(prefix + data)
    result = write_tags(path, fmt, TRACK, cover=data)
    assert all(p.startswith("fuzz." + fmt) or "fuzz." + fmt in p for p in result.problems)
    read_identity(path, fmt)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    fmt=st.sampled_from(FORMATS),
    title=st.one_of(st.none(), st.text(max_size=300)),
    prompt=st.one_of(st.none(), st.text(max_size=300)),
    lyrics=st.one_of(st.none(), st.text(max_size=300)),
    seed=st.one_of(st.none(), st.integers(-(2**63), 2**63)),
)
def test_any_text_is_written_and_read_back_as_cleaned(
    media: dict[str, Path], tmp_path: Path, fmt: str, title: str | None, prompt: str | None,
    lyrics: str | None, seed: int | None,
) -> None:
    track = replace(TRACK, title=title, prompt=prompt, lyrics=lyrics, seed=seed, lyrics_timing=None)
    path = tmp_path / f"any.{fmt}"
    shutil.copyfile(media[fmt], path)
    result = tag(path, fmt, track)
    assert result.keep and result.tagged and result.problems == ()
    expected = song_tags(track, fmt, tz=timezone.utc)
    if fmt == "m4a":
        tags = MP4(path).tags
        assert tags is not None
        assert tags.get("©nam") == ([expected.title] if expected.title else None)
        assert tags.get("©lyr") == ([expected.lyrics] if expected.lyrics else None)
    else:
        id3 = (MP3(path) if fmt == "mp3" else WAVE(path)).tags
        assert id3 is not None
        assert (str(id3["TIT2"]) if "TIT2" in id3 else None) == expected.title
        assert (id3.getall("USLT")[0].text if id3.getall("USLT") else None) == expected.lyrics


def test_a_megabyte_prompt_is_capped(media: dict[str, Path], tmp_path: Path) -> None:
    path = part_copy(media, "mp3", tmp_path)
    result = tag(path, "mp3", replace(TRACK, prompt="rain " * 200_000))
    assert result.keep
    tags = MP3(path).tags
    assert tags is not None
    assert len(tags.getall("COMM")[0].text[0]) == 100_000

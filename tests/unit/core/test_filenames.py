"""File-name templates: placeholders, safety on every system, the 255-byte cap, the preview, unique names."""

from __future__ import annotations

import os
import unicodedata
from dataclasses import replace
from datetime import datetime, timezone
from pathlib import Path, PurePosixPath

import pytest
from hypothesis import given
from hypothesis import strategies as st

from flowmusic_gui.core.filenames import (
    DEFAULT_TEMPLATE,
    MAX_COMPONENT_BYTES,
    PART_SUFFIX,
    FileNameError,
    Template,
    TemplateError,
    check_template,
    is_inside,
    name_size,
    preview,
    render,
    safe_filename,
    unique_path,
)
from flowmusic_gui.core.track import Track, track_from_library

CLIP = "user:42-a.b+c@example.com-clip:1f2e3d4c-aaaa-bbbb-cccc-000000000000"
JOB = "job:7c9e6679-7425-40de-944b-e07fc1f90ae7-user:42-a.b+c@example.com-bot:flowmusic"
TRACK = Track(
    clip_id=CLIP, title="Neon Rain", take="A", jobid=JOB, account="a.b+c@example.com",
    created_at=datetime(2026, 3, 4, 23, 30, tzinfo=timezone.utc), prompt="p", seed=7, lyrics=None,
    lyrics_timing=None, duration_s=170.0, image_url=None,
)
RESERVED = {"CON", "PRN", "AUX", "NUL", "COM1", "LPT9", "CONIN$"}


def name(title: str | None, template: str = DEFAULT_TEMPLATE, fmt: str = "mp3", take: str | None = "A") -> str:
    return render(template, replace(TRACK, title=title, take=take), fmt, tz=timezone.utc).as_posix()


def test_default_template_names_title_and_take() -> None:
    assert name("Neon Rain") == "Neon Rain (A).mp3"
    assert name("Neon Rain", take="drums", fmt="wav") == "Neon Rain (drums).wav"


def test_every_placeholder() -> None:
    out = name("Song", "{account}/{date}/{job}-{clip}-{take}-{title}.{format}", fmt="m4a")
    assert out == "a.b+c@example.com/2026-03-04/7c9e6679-1f2e3d4c-A-Song.m4a"


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("../../etc/passwd", "etc passwd (A).mp3"),
        ("a/b\\c:d*e?f\"g<h>i|j", "a b c d e f g h i j (A).mp3"),
        ("..", "Untitled (A).mp3"),
        ("", "Untitled (A).mp3"),
        (None, "Untitled (A).mp3"),
        ("bell\x07 esc\x1b[31m nul\x00", "bell esc[31m nul (A).mp3"),
        ("\u202eevil\u202c 3pm.exe", "evil 3pm.exe (A).mp3"),
        ("line\nbreak\u2028two", "line break two (A).mp3"),
        ("trailing dots...", "trailing dots... (A).mp3"),
        ("👩\u200d👩\u200d👧 family", "👩\u200d👩\u200d👧 family (A).mp3"),
    ],
)
def test_titles_never_make_folders_or_hidden_or_invisible_names(title: str | None, expected: str) -> None:
    assert name(title) == expected


@pytest.mark.parametrize("reserved", ["CON", "con", "Nul", "COM1", "LPT¹", "AUX"])
def test_reserved_windows_names_are_prefixed(reserved: str) -> None:
    assert name(reserved, "{title}.{format}") == f"_{reserved}.mp3"
    assert name("x", f"{reserved}/{{title}}.{{format}}") == f"_{reserved}/x.mp3"
    assert name(reserved) == f"{reserved} (A).mp3"  # "CON (A).mp3" is an ordinary name on Windows


def test_folder_dots_absolute_parts_and_drives_stay_inside() -> None:
    assert name("x", "../../{title}.{format}") == "x.mp3"
    assert name("x", "/etc/{title}") == "etc/x.mp3"
    assert name("x", "C:\\Users\\{title}") == "C/Users/x.mp3"
    assert name("x", "{account}/./{title}") == "a.b+c@example.com/x.mp3"
    assert name("x", "{title}. ./{title}. ") == "x/x.mp3"


def test_missing_fields_of_a_library_clip() -> None:
    lib = track_from_library({"clip": CLIP, "title": "Lib Song", "lyrics": "la", "duration_s": 99}, None)
    assert render(DEFAULT_TEMPLATE, lib, "mp3").as_posix() == "Lib Song (1f2e3d4c).mp3"
    out = render("{account}/{date}/{job}/{title} ({take}) {job}.{format}", lib, "mp3").as_posix()
    assert out == "unknown account/undated/no job/Lib Song (1f2e3d4c).mp3"


def test_extension_is_always_the_format() -> None:
    assert name("x", "{title}") == "x.mp3"
    assert name("x", "{title}.mp3", fmt="wav") == "x.mp3.wav"
    assert name("x", fmt="../W A V") == "x (A).wav"


@pytest.mark.parametrize("char", ["x", "Ж", "日", "😀", "e\u0301"])
def test_long_titles_are_cut_by_bytes_keeping_take_and_extension(char: str) -> None:
    out = name(char * 300)
    assert out.endswith(" (A).mp3")
    assert name_size(out + PART_SUFFIX) <= MAX_COMPONENT_BYTES
    assert len((out + PART_SUFFIX).encode()) <= MAX_COMPONENT_BYTES
    assert name_size(out + PART_SUFFIX) >= MAX_COMPONENT_BYTES - 4  # cut, not emptied
    assert unicodedata.normalize("NFC", out) == out


def test_long_names_are_accepted_by_the_file_system(tmp_path: Path) -> None:
    for char in ("Ж", "日", "😀", "x"):
        path = tmp_path / render(DEFAULT_TEMPLATE, replace(TRACK, title=char * 400), "m4a")
        Path(str(path) + PART_SUFFIX).write_bytes(b"1")  # "File name too long" before the byte cap
        os.replace(str(path) + PART_SUFFIX, path)
        assert path.read_bytes() == b"1"


def test_a_long_literal_template_is_cut_too() -> None:
    out = name("x", "y" * 400 + "{title}.{format}")
    assert out.endswith(".mp3") and name_size(out + PART_SUFFIX) <= MAX_COMPONENT_BYTES


def test_counter_keeps_the_cap() -> None:
    track = replace(TRACK, title="Ж" * 300)
    out = render(DEFAULT_TEMPLATE, track, "mp3", counter=12).name
    assert out.endswith(" (A) (12).mp3") and name_size(out + PART_SUFFIX) <= MAX_COMPONENT_BYTES


def test_non_utf8_file_system_encoding_counts_its_own_bytes() -> None:
    out = render(DEFAULT_TEMPLATE, replace(TRACK, title="Ж" * 300), "mp3", encoding="ascii").as_posix()
    assert out.endswith(" (A).mp3")
    assert set(out[:-8]) == {"_"} and len(out.encode("ascii")) <= MAX_COMPONENT_BYTES - len(PART_SUFFIX)


@pytest.mark.parametrize(
    ("template", "problem"),
    [
        ("", "empty"),
        ("{nope}.mp3", "Unknown placeholder {nope}"),
        ("{title", "lone brace"),
        ("title}", "lone brace"),
        ("{title!r}", "takes no format"),
        ("{title:>9}", "takes no format"),
        ("///", "names no file"),
    ],
)
def test_bad_templates_are_named(template: str, problem: str) -> None:
    text = check_template(template)
    assert text is not None and problem in text
    assert preview(template).problem == text
    with pytest.raises(TemplateError):
        Template.parse(template)


def test_preview() -> None:
    assert preview("{account}/{date}/{title} ({take}).{format}").path == (
        "someone@example.com/2026-12-01/Neon Rain (A).mp3"
    )
    assert preview(DEFAULT_TEMPLATE, fmt="wav").path == "Neon Rain (A).wav"
    assert check_template("{{literal}} {title}") is None
    assert preview("{{x}} {title}").path == "{x} Neon Rain.mp3"  # doubled braces are literal ones


def test_unique_path_never_overwrites(tmp_path: Path) -> None:
    a = replace(TRACK, take=None, clip_id=CLIP)
    first = unique_path(tmp_path, "{title}.{format}", a, "mp3")
    assert first == tmp_path / "Neon Rain.mp3"
    first.write_bytes(b"a")
    second = unique_path(tmp_path, "{title}.{format}", a, "mp3")
    assert second == tmp_path / "Neon Rain (2).mp3"
    Path(str(second) + PART_SUFFIX).write_bytes(b"")  # a download in progress holds the name
    assert unique_path(tmp_path, "{title}.{format}", a, "mp3") == tmp_path / "Neon Rain (3).mp3"
    handed_out = {tmp_path / "Neon Rain (3).mp3"}
    taken = lambda p: p.exists() or Path(f"{p}.part").exists() or p in handed_out  # noqa: E731
    assert unique_path(tmp_path, "{title}.{format}", a, "mp3", taken=taken).name == "Neon Rain (4).mp3"
    with pytest.raises(FileNameError, match=r"Neon Rain\.mp3"):
        unique_path(tmp_path, "{title}.{format}", a, "mp3", taken=lambda p: True, limit=5)


def test_is_inside(tmp_path: Path) -> None:
    assert is_inside(tmp_path, tmp_path / "a" / "b.mp3")
    assert not is_inside(tmp_path / "a", tmp_path / "b.mp3")
    (tmp_path / "link").symlink_to("/")
    assert not is_inside(tmp_path, tmp_path / "link" / "etc")


def test_safe_filename_for_exports() -> None:
    assert safe_filename("Neon Rain", CLIP, "wav") == "Neon Rain (1f2e3d4c).wav"
    assert safe_filename(None, CLIP, "json") == "Untitled (1f2e3d4c).json"
    assert safe_filename("Song", None, "../wav") == "Song.wav"
    long = safe_filename("日" * 400, CLIP, "lrc")
    assert long.endswith(" (1f2e3d4c).lrc") and name_size(long + PART_SUFFIX) <= MAX_COMPONENT_BYTES


# --- properties ---------------------------------------------------------------------------------------------

_templates = st.lists(
    st.one_of(
        st.sampled_from(["{title}", "{take}", "{clip}", "{job}", "{date}", "{account}", "{format}", "/", "\\",
                         "..", ".", " ", "(", ")", "-", "C:", "CON", "~"]),
        st.text(alphabet=st.characters(blacklist_characters="{}"), max_size=20),
    ),
    min_size=1, max_size=12,
).map("".join)


@given(
    template=_templates,
    title=st.one_of(st.none(), st.text(max_size=400)),
    account=st.one_of(st.none(), st.text(max_size=80)),
    take=st.one_of(st.none(), st.text(max_size=30)),
    fmt=st.sampled_from(["mp3", "m4a", "wav"]),
    counter=st.integers(1, 120),
)
def test_any_text_gives_a_safe_relative_path(
    template: str, title: str | None, account: str | None, take: str | None, fmt: str, counter: int
) -> None:
    if check_template(template) is not None:
        return
    track = replace(TRACK, title=title, account=account, take=take)
    rel = render(template, track, fmt, counter=counter, tz=timezone.utc)
    assert isinstance(rel, PurePosixPath) and not rel.is_absolute()
    assert rel.name.endswith("." + fmt)
    for part in rel.parts:
        assert part not in ("", ".", "..")
        assert part == part.strip(" ") and not part.endswith(".") and not part.startswith(".")
        assert not any(c in part for c in '<>:"/\\|?*')
        assert not any(unicodedata.category(c) in ("Cc", "Cs") for c in part)
        assert not any(c in part for c in "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
        assert part.split(".")[0].upper() not in RESERVED
        assert name_size(part + PART_SUFFIX) <= MAX_COMPONENT_BYTES
        part.encode("utf-8")  # no lone surrogate
    folder = Path("/downloads")
    assert (folder / rel).resolve().is_relative_to(folder)


@given(title=st.text(max_size=300), clip=st.one_of(st.none(), st.text(max_size=80)))
def test_safe_filename_always_stays_in_the_folder(title: str, clip: str | None) -> None:
    out = safe_filename(title, clip, "wav")
    folder = Path("/downloads")
    assert (folder / out).resolve().parent == folder
    assert not out.startswith(".")
    assert not any(c in out for c in "/\\\x00")

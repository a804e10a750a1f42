"""The settings file: values kept across restarts, defaults not written, every bad value (edited by hand) named
once with the default used instead, and the window's own state read back only when it makes sense."""

from __future__ import annotations

from pathlib import Path

import pytest

from flowmusic_gui.ui import options as opt
from flowmusic_gui.ui.options import ClipOffsets, Options


def reopened(data_dir: Path, options: Options) -> Options:
    options.sync()
    return Options.open(data_dir)


def test_a_value_survives_a_restart_and_a_default_is_not_written(tmp_path: Path) -> None:
    o = Options.open(tmp_path)
    o.set(opt.DOWNLOAD_FORMAT, "wav")
    o.set(opt.POLL_INTERVAL, 7.5)
    o.set(opt.NOTIFICATIONS, opt.NOTIFICATIONS.default)
    again = reopened(tmp_path, o)
    assert again.get(opt.DOWNLOAD_FORMAT) == "wav" and again.get(opt.POLL_INTERVAL) == 7.5
    assert again.settings.value(opt.NOTIFICATIONS.key) is None  # the file holds only what differs
    again.set(opt.DOWNLOAD_FORMAT, "m4a")  # back to the default: removed from the file
    assert reopened(tmp_path, again).settings.value(opt.DOWNLOAD_FORMAT.key) is None


@pytest.mark.expect_log("had polling/interval_s", "had downloads/format")
def test_each_bad_value_is_named_once_and_the_default_used(tmp_path: Path) -> None:
    (tmp_path / opt.SETTINGS_FILENAME).write_text(
        "[polling]\ninterval_s=0.001\n[downloads]\nformat=flac\n[interface]\nlanguage=de\n", encoding="utf-8"
    )
    o = Options.open(tmp_path)
    o.check_all()
    o.get(opt.POLL_INTERVAL)  # read again: not named twice
    problems = o.take_problems()
    assert len(problems) == 2
    assert any("polling/interval_s = '0.001'" in p and "(4.0)" in p for p in problems)
    assert any("downloads/format = 'flac'" in p and "m4a" in p for p in problems)
    assert o.get(opt.POLL_INTERVAL) == 4.0 and o.get(opt.DOWNLOAD_FORMAT) == "m4a"
    assert o.get(opt.LANGUAGE) == "de"  # the good values are kept
    assert o.take_problems() == []  # handed out once


def test_window_state_is_read_back_only_when_it_makes_sense(tmp_path: Path) -> None:
    o = Options.open(tmp_path)
    assert o.window_value("sort_column", 3) == 3 and o.window_bytes("geometry") is None
    o.set_window_value("sort_column", 1)
    o.set_window_value("status_filter", "nonsense")
    again = reopened(tmp_path, o)
    assert again.window_value("sort_column", 3) == 1
    assert again.window_value("status_filter", "all", choices=("all", "pending")) == "all"


def test_lyrics_offsets_are_kept_per_clip(tmp_path: Path) -> None:
    o = Options.open(tmp_path)
    offsets = ClipOffsets(o)
    offsets.set("clip-a", 0.4)
    offsets.set("clip-b", -1.2)
    again = ClipOffsets(reopened(tmp_path, o))
    assert again.get("clip-a") == pytest.approx(0.4) and again.get("clip-b") == pytest.approx(-1.2)
    assert again.get("clip-c") == 0.0
    again.set("clip-a", 0.0)  # no offset: nothing kept
    assert ClipOffsets(Options.open(tmp_path)).get("clip-a") == 0.0


@pytest.mark.expect_log("had api/base_url")
def test_a_hand_edited_api_address_that_cannot_be_used_is_named_and_skipped(tmp_path: Path) -> None:
    o = Options.open(tmp_path)
    o.set(opt.API_BASE, "ftp://example.com/v1")
    base = opt.api_base(o, environ={})
    assert base.startswith("https://") and "ftp" not in base
    (problem,) = o.take_problems()
    assert "api/base_url" in problem and "cannot be used" in problem

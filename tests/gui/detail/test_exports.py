"""Saving from the detail pane: the job's record as the API sent it (key order kept, non-ASCII kept), a clip's
lyrics as .txt and as synced .lrc (with the user's timing correction), a name that is safe on disk, a sentence
saying where it went, a failure that names the file and leaves no half-written file, Cancel that does nothing."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from flowmusic_gui.core.records import Clip, JobState
from flowmusic_gui.ui.detail import exports
from flowmusic_gui.ui.detail.exports import SaveDialog, clip_lrc, export_job, export_lrc, export_lyrics, job_json

from ..conftest import view

LYRICS = "[Verse]\nNeon rain on the window\nCity lights below"
TIMING = [[0.0, 4.0], [4.5, 9.0]]


def chosen(monkeypatch: pytest.MonkeyPatch, answer: Path | None) -> list[Path]:
    """The save dialog answers ``answer``; returns the names it suggested."""
    suggested: list[Path] = []

    def ask(cls: type, parent: object, caption: str, suggestion: Path, file_filter: str) -> Path | None:
        suggested.append(suggestion)
        return answer

    monkeypatch.setattr(SaveDialog, "ask", classmethod(ask))
    return suggested


def synced_clip(title: str = "Neon / Rain") -> Clip:
    job = view(1, JobState.COMPLETED, title=title, lyrics=LYRICS, duration_ms=75_000,
               extra={"clips": [{"clip": "12345678-aaaa-4aaa-8aaa-123456789abc", "title": title, "lyrics": LYRICS,
                                 "lyrics_timing": TIMING, "duration_s": 75.0}]})
    assert job.record is not None
    return job.record.clips[0]


def test_the_job_is_saved_as_the_api_sent_it(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    raw = {"jobid": "job:1", "status": "completed", "title": "Café Nocturne", "a_later_key": [1, 2]}
    target = tmp_path / "job.json"
    suggested = chosen(monkeypatch, target)
    said = export_job(None, tmp_path, raw, "Café / Nocturne", "job:12345678-1234-4234-8234-123456789abc-user:1")
    assert said == f"Saved {target}"
    text = target.read_text(encoding="utf-8")
    assert json.loads(text) == raw and list(json.loads(text)) == list(raw)  # every key, in the API's order
    assert "Café Nocturne" in text  # not \u-escaped
    assert text == job_json(raw)
    name = suggested[0].name
    assert suggested[0].parent == tmp_path and name.endswith(".json") and "/" not in name and "Café" in name


def test_lyrics_and_synced_lyrics_with_the_timing_correction(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    clip = synced_clip()
    txt = tmp_path / "lyrics.txt"
    chosen(monkeypatch, txt)
    assert export_lyrics(None, tmp_path, clip) == f"Saved {txt}"
    assert txt.read_text(encoding="utf-8") == LYRICS + "\n"
    lrc = tmp_path / "lyrics.lrc"
    suggested = chosen(monkeypatch, lrc)
    assert export_lrc(None, tmp_path, clip, offset_s=0.5) == f"Saved {lrc}"
    assert suggested[0].suffix == ".lrc"
    written = lrc.read_text(encoding="utf-8")
    assert written == clip_lrc(clip, 0.5)
    assert "[ti:Neon / Rain]" in written and "[length:01:15]" in written
    # Half a second later than the API's markers, as the user corrected it.
    assert "[00:00.50]Neon rain on the window" in written and "[00:05.00]City lights below" in written


def test_lyrics_whose_timing_does_not_pair_have_no_synced_version(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    job = view(2, JobState.COMPLETED, lyrics=LYRICS, extra={"clips": [{"title": "x", "lyrics": LYRICS,
                                                                       "lyrics_timing": [[0.0, 1.0]] * 9}]})
    assert job.record is not None
    suggested = chosen(monkeypatch, tmp_path / "never.lrc")
    said = export_lrc(None, tmp_path, job.record.clips[0])
    assert said == "The timing does not pair with the lyric lines, so there is no synced version."
    assert suggested == [] and not (tmp_path / "never.lrc").exists()


def test_cancel_does_nothing_and_a_failure_names_the_file_and_leaves_nothing_behind(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    chosen(monkeypatch, None)
    assert export_job(None, tmp_path, {"a": 1}, "t", "job:1") == ""
    assert list(tmp_path.iterdir()) == []
    blocked = tmp_path / "not-a-folder"
    blocked.write_text("a file")
    chosen(monkeypatch, blocked / "job.json")
    said = export_job(None, tmp_path, {"a": 1}, "t", "job:1")
    assert said.startswith("Could not save job.json: ")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["not-a-folder"]


def test_a_failed_write_keeps_the_old_file_whole(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    target = tmp_path / "lyrics.txt"
    target.write_text("the old lyrics\n")

    def refuse(src: object, dst: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(exports.os, "replace", refuse)
    with pytest.raises(OSError):
        exports.write_text(target, "the new lyrics\n")
    assert target.read_text() == "the old lyrics\n" and not (tmp_path / "lyrics.txt.part").exists()

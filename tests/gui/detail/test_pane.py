"""The detail pane as a user sees it: each state, incomplete records, hostile text, covers, exports."""

from __future__ import annotations

import copy
import json
from datetime import datetime, timezone
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest
import requests
from PySide6.QtCore import Qt
from PySide6.QtGui import QTextDocument
from PySide6.QtWidgets import QLabel, QWidget
from pytestqt.qtbot import QtBot

from flowmusic_gui.core.records import JobState, parse_record
from flowmusic_gui.engine.downloads import DownloadQueue
from flowmusic_gui.engine.tasks import TaskRunner
from flowmusic_gui.engine.types import JobView
from flowmusic_gui.simulator import Simulator
from flowmusic_gui.simulator.jobs import make_jobid
from flowmusic_gui.ui.detail import exports
from flowmusic_gui.ui.detail.clip_card import ClipCard
from flowmusic_gui.ui.detail.pane import DetailPane
from flowmusic_gui.ui.text import plain_tooltip

pytestmark = pytest.mark.simulator(token=None)

JOB_UUID = "12345678-1234-4234-8234-123456789abc"
JOBID = make_jobid(JOB_UUID, "1001", "demo@flowmusic.local")
NOW = datetime(2026, 5, 1, 12, 0, tzinfo=timezone.utc)


@pytest.fixture
def completed(sim: Simulator) -> dict[str, Any]:
    """A completed vocal job's record, straight from the simulator (covers and media are real URLs)."""
    sim.force(JOBID, outcome="vocal", pending_s=0)
    resp = requests.get(f"{sim.base_url}/jobs/{quote(JOBID, safe='')}", timeout=5)
    assert resp.status_code == 200
    data: dict[str, Any] = resp.json()
    assert data["status"] == "completed"
    return data


def view_of(raw: dict[str, Any] | None, state: JobState | None = None, **kw: Any) -> JobView:
    rec = parse_record(raw) if raw is not None else None
    st = state or (rec.state if rec is not None else None) or JobState.NEW
    return JobView(jobid=JOBID, state=st, added_at=NOW, record=rec, **kw)


def texts(widget: QWidget) -> list[str]:
    """The text of every label not hidden on purpose (new widgets are shown on the next event loop pass)."""
    return [
        lab.text()
        for lab in widget.findChildren(QLabel)
        if not (lab.isHidden() and lab.testAttribute(Qt.WidgetAttribute.WA_WState_ExplicitShowHide))
    ]


def named(pane: DetailPane, name: str) -> QLabel:
    label = pane.findChild(QLabel, name)
    assert label is not None, name
    return label


def field(pane: DetailPane, name: str) -> str:
    label = pane.findChild(QLabel, f"field:{name}")
    assert label is not None, name
    return label.text()


def shown_as_text(tooltip: str, original: str) -> bool:
    doc = QTextDocument()
    doc.setHtml(tooltip)
    return doc.toPlainText() == original


def test_empty_state_shows_a_hint(pane: DetailPane, qtbot: QtBot) -> None:
    with qtbot.waitSignal(pane.covers_settled, timeout=1000):
        pane.set_job(None)
    assert pane.stack.currentWidget() is pane.empty
    assert "Select a job" in pane.empty.text()


def test_completed_job_shows_header_and_a_card_per_clip(
    pane: DetailPane, qtbot: QtBot, completed: dict[str, Any]
) -> None:
    with qtbot.waitSignal(pane.covers_settled, timeout=5000):
        pane.set_job(view_of(completed))
    assert named(pane, "jobTitle").text() == completed["clips"][0]["title"]
    assert named(pane, "jobState").text() == "Completed"
    assert field(pane, "Account") == "demo@flowmusic.local"
    assert field(pane, "Operation") == "—"  # not an edit job
    assert field(pane, "Generation time") != "—"
    assert named(pane, "prompt").text() == completed["request"]["prompt"]
    assert len(pane.cards) == len(completed["clips"]) == 2
    card = pane.cards[0]
    clip = completed["clips"][0]
    assert card.title.text() == clip["title"]
    # The id is elided in the middle (both ends tell clips apart), whole on hover.
    assert card.clip_id.full_text == clip["clip"]
    shown = card.clip_id.text()
    assert "…" in shown and shown.endswith(clip["clip"][-6:]) and shown.startswith(clip["clip"][:9])
    assert clip["clip"] in card.clip_id.toolTip()
    assert f"Seed {clip['seed']}" in card.facts.text()
    assert all(c.cover.property("loaded") for c in pane.cards)
    assert card.lyrics is not None
    assert card.timeline is not None
    assert card.pairing.paired  # the simulator times each sung line
    # The request JSON is there on demand.
    assert pane.request_view.isHidden()
    pane.request_toggle.click()
    assert not pane.request_view.isHidden()
    assert json.loads(pane.request_view.toPlainText()) == completed["request"]


def test_pending_job_shows_progress_elapsed_and_prompt(pane: DetailPane, qtbot: QtBot) -> None:
    raw = {"jobid": JOBID, "email": "a@b.c", "status": "pending", "created_at": "2026-05-01T11:58:00Z",
           "request": {"prompt": "a song about waiting"}}
    pane.set_job(view_of(raw))
    assert named(pane, "jobState").text() == "Pending"  # the word of the table and the filter
    assert any(t.endswith("elapsed") for t in texts(pane))
    assert named(pane, "prompt").text() == "a song about waiting"
    assert pane.cards == []
    assert pane._elapsed.isActive()
    pane.set_job(None)
    assert not pane._elapsed.isActive()


def test_failed_job_puts_the_error_first(pane: DetailPane) -> None:
    raw = {"jobid": JOBID, "email": "a@b.c", "status": "failed", "created_at": "2026-05-01T11:58:00Z",
           "completed_at": "2026-05-01T11:58:59Z", "error": {"code": "moderation", "message": "Blocked."}}
    pane.set_job(view_of(raw))
    assert named(pane, "alertHeading").text() == "Error moderation"
    assert named(pane, "alertBody").text() == "Blocked."
    assert field(pane, "Generation time") == "59 s"


@pytest.mark.parametrize(("state", "word"), [(JobState.NOT_FOUND, "404"), (JobState.FORBIDDEN, "403")])
def test_not_found_and_forbidden_explain_and_offer_a_recheck(
    pane: DetailPane, qtbot: QtBot, state: JobState, word: str
) -> None:
    pane.set_job(view_of(None, state))
    assert word in named(pane, "alertBody").text()
    button = pane.findChild(QWidget, "recheck")
    assert button is not None
    with qtbot.waitSignal(pane.recheck_requested, timeout=1000) as blocker:
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert blocker.args == [JOBID]


def test_new_job_without_record(pane: DetailPane) -> None:
    pane.set_job(view_of(None, JobState.NEW, problem="server not reachable"))
    assert named(pane, "jobState").text() == "Waiting for the first check"
    assert field(pane, "Account") == "—"
    assert "Last check: server not reachable" in texts(pane)


RECORD_FIELDS = ["jobid", "email", "operation", "status", "created_at", "completed_at", "duration_ms", "clips",
                 "error", "request"]
CLIP_FIELDS = ["clip", "title", "duration_s", "lyrics", "seed", "lyrics_timing", "created_at", "audio_url",
               "wav_url", "image_url"]


@pytest.mark.parametrize("missing", RECORD_FIELDS)
def test_records_missing_a_field_still_show(pane: DetailPane, completed: dict[str, Any], missing: str) -> None:
    raw = copy.deepcopy(completed)
    raw.pop(missing, None)
    pane.set_job(view_of(raw, JobState.COMPLETED))
    assert pane.findChild(QLabel, "jobTitle") is not None
    if missing == "email":
        assert field(pane, "Account") == "—"
    if missing == "clips":
        assert pane.cards == []
        assert "The record lists no clips." in texts(pane)


@pytest.mark.parametrize("missing", CLIP_FIELDS)
@pytest.mark.parametrize("how", ["absent", "null"])
def test_clips_missing_a_field_show_a_dash(
    pane: DetailPane, completed: dict[str, Any], missing: str, how: str
) -> None:
    raw = copy.deepcopy(completed)
    for clip in raw["clips"]:
        if how == "absent":
            clip.pop(missing)
        else:
            clip[missing] = None
    pane.set_job(view_of(raw))
    card = pane.cards[0]
    if missing == "title":  # named as the table names the job: its prompt's start, never "Untitled"
        assert pane.view is not None and card.title.text() == pane.view.untitled_name
        assert card.title.text() and card.title.text() in completed["request"]["prompt"]
    if missing == "duration_s":
        assert "Length —" in card.facts.text()
    if missing == "seed":
        assert "Seed —" in card.facts.text()
    if missing == "created_at":
        assert "Created —" in card.facts.text()
    if missing == "clip":
        assert card.clip_id.text() == "—"
        assert not card.copy_id.isEnabled()
    if missing == "audio_url":
        assert not card.play.isEnabled()
        assert not card.open_audio.isEnabled()
        assert not card.download_audio.isEnabled()
    if missing == "wav_url":
        assert not card.download_wav.isEnabled()
        assert not card.open_wav.isEnabled()
    if missing == "image_url":
        assert "no cover" in card.cover.toolTip()
    if missing == "lyrics_timing":
        assert card.timeline is None
        assert not card.export_lrc.isEnabled()
    if missing == "lyrics":
        assert card.lyrics is not None  # the markers are still listed, on their own
        assert card.lyrics.markers is not None


def test_wrong_types_do_not_break_the_pane(pane: DetailPane, completed: dict[str, Any]) -> None:
    raw = copy.deepcopy(completed)
    raw["clips"][0].update(title=7, duration_s="long", seed="x", lyrics_timing="soon", image_url=["no"])
    raw["clips"].append("not a clip")
    raw["request"] = "not an object"
    pane.set_job(view_of(raw))
    # No title and no prompt: the short job id names the clip, as the table names the job.
    assert pane.cards[0].title.text().startswith("job:") and "Untitled" not in pane.cards[0].title.text()
    assert len(pane.cards) == 3
    assert any("could not be read" in t for t in texts(pane))


HOSTILE = '<b>x</b><img src="file:///etc/passwd"><a href="javascript:alert(1)">y</a>'


def test_hostile_strings_show_as_text(pane: DetailPane, completed: dict[str, Any]) -> None:
    raw = copy.deepcopy(completed)
    raw["email"] = HOSTILE
    raw["request"]["prompt"] = HOSTILE
    raw["clips"][0]["title"] = HOSTILE
    raw["clips"][0]["clip"] = HOSTILE
    raw["clips"][0]["lyrics"] = HOSTILE + "\n" + raw["clips"][0]["lyrics"]
    raw["clips"][0]["audio_url"] = "javascript:alert(1)"
    raw["clips"][0]["image_url"] = "file:///etc/passwd"
    pane.set_job(view_of(raw))
    card = pane.cards[0]
    for label in (card.title, named(pane, "prompt")):
        assert label.text() == HOSTILE
        assert label.textFormat() == Qt.TextFormat.PlainText
    assert card.clip_id.full_text == HOSTILE and card.clip_id.textFormat() == Qt.TextFormat.PlainText
    assert field(pane, "Account") == HOSTILE
    assert all(lab.textFormat() == Qt.TextFormat.PlainText for lab in pane.findChildren(QLabel) if lab.text())
    assert named(pane, "jobTitle").text() == HOSTILE
    assert shown_as_text(card.clip_id.toolTip(), HOSTILE)
    assert card.lyrics is not None
    first = card.lyrics.lines.topLevelItem(0)
    assert first is not None
    assert first.text(1) == HOSTILE
    # Non-web links are neither played, opened nor used for covers.
    assert not card.play.isEnabled()
    assert not card.open_audio.isEnabled()
    assert "not an http" in card.cover.toolTip()


def test_plain_tooltip_keeps_markup_inert() -> None:
    assert shown_as_text(plain_tooltip(HOSTILE), HOSTILE)


def _media_requests(sim: Simulator, kind: str) -> int:
    return sum(1 for r in list(sim.requests) if r.path.startswith(f"/media/{kind}/"))


def test_covers_come_through_the_disk_cache(qtbot: QtBot, sim: Simulator, completed: dict[str, Any],
                                            tmp_path: Path, runner: TaskRunner, downloads: DownloadQueue) -> None:
    before = _media_requests(sim, "image")
    first = DetailPane(download_dir=lambda: tmp_path, runner=runner, downloads=downloads)
    qtbot.addWidget(first)
    try:
        with qtbot.waitSignal(first.covers_settled, timeout=5000):
            first.set_job(view_of(completed))
        assert all(c.cover.property("loaded") for c in first.cards)
        assert _media_requests(sim, "image") - before == 2
    finally:
        first.shutdown()
    # A new pane has an empty memory cache: the covers come from disk, without a request.
    second = DetailPane(download_dir=lambda: tmp_path, runner=runner, downloads=downloads)
    qtbot.addWidget(second)
    try:
        with qtbot.waitSignal(second.covers_settled, timeout=5000):
            second.set_job(view_of(completed))
        assert all(c.cover.property("loaded") for c in second.cards)
        assert _media_requests(sim, "image") - before == 2
        assert second.covers.fetcher.network_requests == 0
        # Back and forth: memory hits settle at once.
        second.set_job(None)
        with qtbot.waitSignal(second.covers_settled, timeout=100):
            second.set_job(view_of(completed))
    finally:
        second.shutdown()


def test_a_failed_cover_shows_the_placeholder_with_the_reason(
    pane: DetailPane, qtbot: QtBot, sim: Simulator, completed: dict[str, Any]
) -> None:
    raw = copy.deepcopy(completed)
    raw["clips"][0]["image_url"] = sim.origin + "/media/expired/cover.png"
    raw["clips"][1]["image_url"] = sim.origin + "/media/blob?size=100"  # not an image
    with qtbot.waitSignal(pane.covers_settled, timeout=5000):
        pane.set_job(view_of(raw))
    assert "403" in pane.cards[0].cover.toolTip()
    assert "not an image" in pane.cards[1].cover.toolTip()
    assert not pane.cards[0].cover.property("loaded")


def test_refreshing_the_same_job_keeps_its_cards(pane: DetailPane, qtbot: QtBot, completed: dict[str, Any]) -> None:
    with qtbot.waitSignal(pane.covers_settled, timeout=5000):
        pane.set_job(view_of(completed))
    cards = list(pane.cards)
    pane.set_job(view_of(completed, poll_count=5))
    assert pane.cards == cards


def test_exports_write_the_record_verbatim_and_the_lrc(
    pane: DetailPane, qtbot: QtBot, completed: dict[str, Any], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    asked: list[Path] = []

    def fake_ask(cls: type, parent: object, caption: str, suggested: Path, file_filter: str) -> Path:
        asked.append(suggested)
        return suggested

    monkeypatch.setattr(exports.SaveDialog, "ask", classmethod(fake_ask))
    with qtbot.waitSignal(pane.covers_settled, timeout=5000):
        pane.set_job(view_of(completed))
    pane._export_job()
    assert json.loads(asked[-1].read_text()) == completed
    assert asked[-1].parent == tmp_path
    card: ClipCard = pane.cards[0]
    card.export_lrc.trigger()
    lrc = asked[-1].read_text().splitlines()
    clip = completed["clips"][0]
    sung = [ln for ln in clip["lyrics"].splitlines() if ln.strip() and not ln.strip().startswith("[")]
    assert asked[-1].suffix == ".lrc"
    assert lrc[0] == f"[ti:{clip['title']}]"
    timed = lrc[2:]
    assert len(timed) == len(sung) == len(clip["lyrics_timing"])
    start = clip["lyrics_timing"][1][0]
    assert timed[1] == f"[{int(start // 60):02d}:{start % 60:05.2f}]{sung[1]}"
    card.export_txt.trigger()
    assert asked[-1].read_text() == clip["lyrics"].rstrip("\n") + "\n"
    assert "Saved" in pane.status.text()


def test_the_lrc_export_carries_the_lyrics_timing_correction(
    pane: DetailPane, qtbot: QtBot, completed: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    asked: list[Path] = []

    def fake_ask(cls: type, parent: object, caption: str, suggested: Path, file_filter: str) -> Path:
        asked.append(suggested)
        return suggested

    monkeypatch.setattr(exports.SaveDialog, "ask", classmethod(fake_ask))
    with qtbot.waitSignal(pane.covers_settled, timeout=5000):
        pane.set_job(view_of(completed))
    card: ClipCard = pane.cards[0]
    for _ in range(5):  # "Lyrics later" five times: the highlight comes 0.5 s later
        card.offset_later.click()
    clip = completed["clips"][0]
    assert pane.offsets.get(clip["clip"]) == pytest.approx(0.5)
    card.export_lrc.trigger()
    timed = asked[-1].read_text().splitlines()[2:]
    for line, (start, _end) in zip(timed, clip["lyrics_timing"], strict=True):
        moved = start + 0.5
        assert line.startswith(f"[{int(moved // 60):02d}:{moved % 60:05.2f}]")


def test_a_traversal_title_exports_inside_the_folder(
    pane: DetailPane, completed: dict[str, Any], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    asked: list[Path] = []
    def fake_ask(cls: type, parent: object, caption: str, suggested: Path, file_filter: str) -> Path:
        asked.append(suggested)
        return suggested

    monkeypatch.setattr(exports.SaveDialog, "ask", classmethod(fake_ask))
    raw = copy.deepcopy(completed)
    raw["clips"][0]["title"] = "../../escape"
    pane.set_job(view_of(raw))
    pane.cards[0].export_txt.trigger()
    assert asked[0].parent == tmp_path
    assert asked[0].exists()

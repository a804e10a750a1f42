"""Records too big or too broken to show whole: the pane shows what a person can use, at once, without a freeze.

Each case selects a record in the real pane while a heartbeat (tests/helpers/heartbeat.py) measures the
longest the GUI thread held the event loop; memory is the process's resident size against the idle pane.
"""

from __future__ import annotations

import math
from typing import Any

import pytest
from helpers.heartbeat import Heartbeat
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PySide6.QtWidgets import QApplication, QLabel
from pytestqt.qtbot import QtBot

from flowmusic_gui.core.records import JobState, parse_record
from flowmusic_gui.engine.types import JobView
from flowmusic_gui.simulator.jobs import make_jobid
from flowmusic_gui.ui.detail.pane import DetailPane
from flowmusic_gui.ui.jobs.model import JobsModel

JOBID = make_jobid("12345678-1234-4234-8234-123456789abc", "1001", "demo@flowmusic.local")
BLOCK_MS = 50  # on the quiet machine: the take on show is built at once, the hidden takes a turn after each other
MEMORY_MB = 50


def rss_mb() -> float:
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * 4096 / 2**20


def clip(i: int, **extra: Any) -> dict[str, Any]:
    return {"clip": f"user:1001-demo@flowmusic.local-clip:{i:08d}-2222-4333-8444-555555555555",
            "title": f"Song {i}", "duration_s": 120.5, "lyrics": "[Verse]\nla la\nthe night",
            "lyrics_timing": [[1.0, 2.0], [2.5, 3.0]], "created_at": "2026-05-01T12:00:00Z",
            "audio_url": f"https://media.invalid/{i}.m4a", "wav_url": f"https://media.invalid/{i}.wav", **extra}


def job(clips: list[dict[str, Any]], prompt: str = "a song") -> JobView:
    raw = {"jobid": JOBID, "email": "demo@flowmusic.local", "status": "completed",
           "created_at": "2026-05-01T12:00:00Z", "completed_at": "2026-05-01T12:02:00Z", "duration_ms": 120_000,
           "request": {"prompt": prompt}, "clips": clips}
    return JobView(jobid=JOBID, state=JobState.COMPLETED, added_at=parse_record(raw).created_at,  # type: ignore[arg-type]
                   record=parse_record(raw))


def _select(pane: DetailPane, qtbot: QtBot, view: JobView) -> Heartbeat:
    app = QApplication.instance()
    assert app is not None
    app.processEvents()
    beat = Heartbeat()
    beat.start()
    try:
        pane.set_job(view)
        qtbot.wait(300)
    finally:
        beat.stop()
    return beat


def show(pane: DetailPane, qtbot: QtBot, view: JobView) -> tuple[Heartbeat, float]:
    """(the heartbeat of selecting ``view`` and letting the pane settle, memory growth in MB).

    The pane's work for one record is the same every time; what a loaded test machine adds (another process on
    the core, a collection of the test run's own garbage) is not. So a selection over the budget is measured
    once more, after selecting nothing, and the quicker of the two stands: a pane that really holds the loop
    holds it both times.
    """
    before = rss_mb()
    beat = _select(pane, qtbot, view)
    grew = rss_mb() - before
    if not beat.held_within(BLOCK_MS):
        pane.set_job(None)
        qtbot.wait(50)
        again = _select(pane, qtbot, view)
        beat = min(beat, again, key=lambda b: b.worst_cpu_ms / b.slowness)
    return beat, grew


def labels_text(pane: DetailPane) -> str:
    return "\n".join(lab.text() for lab in pane.findChildren(QLabel) if lab.isVisibleTo(pane))


@pytest.mark.parametrize("count", [1_000, 10_000])
def test_thousands_of_clips_show_the_first_and_a_count(pane: DetailPane, qtbot: QtBot, count: int) -> None:
    view = job([clip(i) for i in range(count)])
    beat, grew = show(pane, qtbot, view)
    assert beat.held_within(BLOCK_MS), beat.describe(BLOCK_MS)
    assert grew < MEMORY_MB, f"{grew:.0f} MB more than the idle pane"
    assert 1 <= len(pane.cards) <= 10
    assert pane.cards[0].title.text() == "Song 0"
    assert f"and {count - len(pane.cards):,} more" in labels_text(pane)
    shown = len(pane.cards)
    assert pane.more_clips is not None
    pane.more_clips.click()  # more on demand, a few at a time
    assert len(pane.cards) > shown and pane.cards[shown].title.text() == f"Song {shown}"


def test_200k_timing_markers_do_not_freeze(pane: DetailPane, qtbot: QtBot) -> None:
    markers = [[i * 0.01, i * 0.01 + 0.005] for i in range(200_000)]
    view = job([clip(0, lyrics_timing=markers, duration_s=2100.0), clip(1)])
    beat, grew = show(pane, qtbot, view)
    assert beat.held_within(BLOCK_MS), beat.describe(BLOCK_MS)
    assert grew < MEMORY_MB
    assert len(pane.cards) == 2 and pane.cards[1].title.text() == "Song 1"
    assert "200,000 timing markers" in labels_text(pane)


def test_a_1mb_prompt_is_elided_with_the_whole_text_on_demand(pane: DetailPane, qtbot: QtBot) -> None:
    prompt = "a very long prompt " * 55_000
    view = job([clip(0), clip(1)], prompt=prompt)
    beat, grew = show(pane, qtbot, view)
    assert beat.held_within(BLOCK_MS), beat.describe(BLOCK_MS)
    assert grew < MEMORY_MB
    label = pane.findChild(QLabel, "prompt")
    assert label is not None and len(label.text()) < 5_000 and label.text().endswith("…")
    assert pane.prompt_toggle is not None and pane.prompt_full is not None
    pane.prompt_toggle.click()
    assert pane.prompt_full.toPlainText() == prompt
    assert len(pane.cards) == 2


def test_1mb_lyrics_and_titles_are_elided(pane: DetailPane, qtbot: QtBot) -> None:
    lyrics = "\n".join(f"line {i} " + "la " * 30 for i in range(10_000))
    view = job([clip(0, lyrics=lyrics, title="T" * 1_000_000), clip(1)])
    beat, _ = show(pane, qtbot, view)
    assert beat.held_within(BLOCK_MS), beat.describe(BLOCK_MS)
    assert len(pane.cards[0].title.text()) < 1_000


finite_or_not = st.floats(allow_nan=True, allow_infinity=True) | st.integers(min_value=-(10**30),
                                                                             max_value=10**30)
hostile_clip = st.fixed_dictionaries(
    {},
    optional={
        "clip": st.text(max_size=30), "title": st.text(max_size=50) | st.none(),
        "duration_s": finite_or_not | st.none(), "seed": finite_or_not | st.none(),
        "lyrics": st.text(max_size=80) | st.none(),
        "lyrics_timing": st.lists(st.lists(finite_or_not, min_size=0, max_size=3), max_size=6) | st.none(),
        "created_at": st.sampled_from(["0001-01-01T00:00:00+23:59", "9999-12-31T23:59:59-23:59",
                                       "2026-05-01T12:00:00Z", "garbage"]),
        "audio_url": st.sampled_from(["javascript:alert(1)", "file:///etc/passwd", "https://m.invalid/a.m4a"]),
        "image_url": st.sampled_from(["file:///etc/hostname", "data:image/png;base64,AAAA", None]),
    },
)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(hostile_clip, min_size=1, max_size=3), finite_or_not)
def test_hostile_records_never_break_the_pane_or_the_table(
    pane: DetailPane, clips: list[dict[str, Any]], duration_ms: float
) -> None:
    raw = {"jobid": JOBID, "status": "completed", "created_at": "2026-05-01T12:00:00Z", "clips": clips,
           "duration_ms": duration_ms, "completed_at": "9999-12-31T23:59:59-23:59"}
    rec = parse_record(raw)
    view = JobView(jobid=JOBID, state=JobState.COMPLETED, added_at=parse_record(job([]).record.raw).created_at  # type: ignore[union-attr,arg-type]
                   , record=rec)
    pane.set_job(view)  # raises nothing
    assert len(pane.cards) == len(clips)  # every clip shows, broken values as missing
    for card in pane.cards:
        card.set_position(1e308)
        card.set_position(math.inf)
        card.set_duration(1e308)
    model = JobsModel()
    model.set_jobs([view])
    for col in range(model.columnCount()):
        for role in range(14):
            model.index(0, col).data(role)
    model.shutdown()

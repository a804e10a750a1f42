"""The detail pane's header for one job, as a user reads it: the title (the short id when there is none), the
state, one line of facts ("made in 1:00", on the app's one duration format), a failed job's error, a lost job's
Re-check button, a pending job's running time, and the Details that fold for a finished song."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QPushButton
from pytestqt.qtbot import QtBot

from flowmusic_gui.core.records import JobState
from flowmusic_gui.engine.types import JobView
from flowmusic_gui.ui.detail.header import JobHeader, facts_line, request_text

from ..conftest import view


def header(qtbot: QtBot, job: JobView, *, facts_open: bool = False) -> JobHeader:
    h = JobHeader(job, facts_open=facts_open)
    qtbot.addWidget(h)
    h.resize(520, 700)
    h.show()
    qtbot.waitExposed(h)
    return h


def label(h: JobHeader, name: str) -> QLabel:
    found = h.findChild(QLabel, name)
    assert found is not None, name
    return found


def shown_texts(h: JobHeader) -> list[str]:
    return [lab.text() for lab in h.findChildren(QLabel) if lab.isVisible() and lab.text()]


def test_a_finished_song_reads_title_state_and_one_line_of_facts(qtbot: QtBot) -> None:
    job = view(1, JobState.COMPLETED, title="<b>Neon Rain</b>", duration_ms=59_600)
    h = header(qtbot, job)
    title = label(h, "jobTitle")
    assert title.text() == "<b>Neon Rain</b>" and title.textFormat() is Qt.TextFormat.PlainText
    assert label(h, "jobState").text()
    facts = label(h, "factsLine").text()
    assert "me@example.com" in facts and facts.endswith("made in 1:00")  # 59.6 s: a whole minute, not "60 s"
    assert facts == facts_line(job)
    # A finished song's details start folded (as the user left them) and the toggle says when they change.
    assert not h.facts.isVisible() and not h.facts_toggle.isChecked()
    with qtbot.waitSignal(h.facts_folded, timeout=1000) as folded:
        h.facts_toggle.click()
    assert folded.args == [True] and h.facts.isVisible()


def test_a_failed_job_shows_its_error(qtbot: QtBot) -> None:
    h = header(qtbot, view(2, JobState.FAILED), facts_open=False)
    texts = shown_texts(h)
    assert "Error E1" in texts and "the model refused" in texts
    assert h.facts.isVisible()  # an unfinished job's details are always open


def test_a_lost_job_offers_re_check(qtbot: QtBot) -> None:
    job = view(3, JobState.NOT_FOUND)
    h = header(qtbot, job)
    button = h.findChild(QPushButton, "recheck")
    assert button is not None and button.text() == "Re-check now"
    with qtbot.waitSignal(h.recheck_requested, timeout=1000) as asked:
        button.click()
    assert asked.args == [job.jobid]


def test_a_pending_job_shows_how_long_it_has_been_making(qtbot: QtBot) -> None:
    h = header(qtbot, view(4, JobState.PENDING, problem="the API did not answer"))
    assert h.elapsed_label is not None
    assert h.elapsed_label.text().startswith("·  ") and h.elapsed_label.text().endswith(" elapsed")
    assert "Last check: the API did not answer" in shown_texts(h)
    assert facts_line(view(4, JobState.PENDING)).count("made in") == 0  # not made yet


def test_the_request_is_shown_as_sent() -> None:
    job = view(5, JobState.COMPLETED, prompt="ballade über den Regen")
    text = request_text(job)
    assert text is not None and '"prompt": "ballade über den Regen"' in text
    assert request_text(view(5, JobState.COMPLETED, prompt=None)) == "{}"

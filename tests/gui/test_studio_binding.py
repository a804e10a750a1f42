"""The studio bound to the window: the submission queue's rows come and go in the jobs table as the queue changes,
and the studio's commands do nothing (and say nothing wrong) before a backend with a store is attached."""

from __future__ import annotations

import dataclasses
from datetime import datetime, timezone

from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from flowmusic_gui.core.submissions import Submission, SubmissionState, new_submission
from flowmusic_gui.ui.main_window import MainWindow
from flowmusic_gui.ui.studio_binding import StudioBinding

NOW = datetime(2026, 12, 7, 12, 0, tzinfo=timezone.utc)


def submission(prompt: str, state: SubmissionState = SubmissionState.QUEUED, **changes: object) -> Submission:
    sub = new_submission("music", {"prompt": prompt}, email=None, now=NOW)
    return dataclasses.replace(sub, state=state, **changes)  # type: ignore[arg-type]


def first_cell(window: MainWindow, jobid: str) -> str:
    row = window.model.row_of(jobid)
    assert row is not None, jobid
    return str(window.model.index(row, 0).data())


def test_queued_songs_are_rows_until_the_queue_lets_them_go(qtbot: QtBot, window: MainWindow) -> None:
    one, two = submission("first song"), submission("second song")
    binding = window.studio_binding
    binding._on_queued_rows([one, two])
    ids = [f"queued:{one.ref}", f"queued:{two.ref}"]
    assert all(window.model.job(j) is not None for j in ids)
    assert "2" in window.counts_label.text()
    # The first one was sent and made a job of its own: its queued row goes, the other stays.
    binding._on_queued_rows([two])
    assert window.model.job(ids[0]) is None and window.model.job(ids[1]) is not None
    binding._on_queued_rows([])
    assert window.model.job(ids[1]) is None


def test_a_row_follows_its_submissions_state(qtbot: QtBot, window: MainWindow) -> None:
    sub = submission("lost one")
    window.studio_binding._on_queued_rows([sub])
    jobid = f"queued:{sub.ref}"
    before = first_cell(window, jobid)
    failed = dataclasses.replace(sub, state=SubmissionState.NOT_MADE, error="no job was made")
    window.studio_binding._on_queued_rows([failed])
    after = first_cell(window, jobid)
    assert after != before and after.startswith("Not sent: no job was made")
    assert window.model.job(jobid).submission.state is SubmissionState.NOT_MADE  # type: ignore[union-attr]


def test_before_a_backend_the_studios_commands_do_nothing(qtbot: QtBot, window: MainWindow) -> None:
    assert window.studio is None
    for action in (window.acts.act_new_song, window.acts.act_make_again, window.acts.act_send_again):
        action.trigger()  # no form opens, nothing raises
    assert window.studio is None


def test_sending_an_uncertain_song_again_asks_first(qtbot: QtBot, window: MainWindow) -> None:
    asked: list[str] = []

    def decline(parent: object, evidence: str) -> bool:
        asked.append(evidence)
        return False

    class FakeStudio:
        """Only what send_again calls; it records what would be sent."""

        def __init__(self) -> None:
            self.retried: list[tuple[str, bool]] = []

        def retry(self, ref: str, *, despite_evidence: bool = False) -> None:
            self.retried.append((ref, despite_evidence))

    uncertain = submission("maybe made", SubmissionState.UNCERTAIN, evidence="")
    lost = submission("not made", SubmissionState.NOT_MADE, error="refused")
    binding = window.studio_binding
    binding._on_queued_rows([uncertain, lost])
    studio = FakeStudio()
    binding.studio = studio  # type: ignore[assignment]
    binding.confirm_send_again = decline  # type: ignore[method-assign]
    window.select_jobids([f"queued:{uncertain.ref}", f"queued:{lost.ref}"])
    binding.send_again()
    assert studio.retried == [(lost.ref, False)]  # the not-made one goes; the uncertain one was declined
    assert asked == ["its answer was lost and no record was found yet"]
    binding.studio = None


def test_the_warning_says_it_may_make_the_song_twice(qtbot: QtBot) -> None:
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    seen: list[str] = []

    def answer() -> None:
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox):
            QTimer.singleShot(20, answer)
            return
        seen.append(box.text())
        box.button(QMessageBox.StandardButton.No).click()

    QTimer.singleShot(0, answer)
    assert StudioBinding.confirm_send_again(None, "a job with its prompt was found") is False  # type: ignore[arg-type]
    (text,) = seen
    assert "a job with its prompt was found" in text and "twice" in text

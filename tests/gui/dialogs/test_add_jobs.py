"""The Add jobs dialog: what it says it found as the text changes, each rejected piece with its reason, and what
its OK button offers."""

from __future__ import annotations

from PySide6.QtWidgets import QDialogButtonBox
from pytestqt.qtbot import QtBot

from flowmusic_gui.ui.dialogs.add_jobs import MAX_REJECTS_SHOWN, AddJobsDialog

GOOD = "job:00000001-1234-4234-8234-123456789abc-user:1001-me@example.com-bot:flowmusic"
OTHER = "job:00000002-1234-4234-8234-123456789abc-user:1001-me@example.com-bot:flowmusic"
SHORTENED = "job:00000003-1234...-bot:flowmusic"


def dialog(qtbot: QtBot, text: str = "") -> AddJobsDialog:
    d = AddJobsDialog(None, text)
    qtbot.addWidget(d)
    d.show()
    return d


def test_an_empty_text_finds_nothing_and_cannot_be_added(qtbot: QtBot) -> None:
    d = dialog(qtbot)
    assert d.summary.text() == "No job id found"
    ok = d.buttons.button(QDialogButtonBox.StandardButton.Ok)
    assert not ok.isEnabled() and ok.text() == "Add"
    assert d.rejects.isHidden()
    assert d.ids == []


def test_the_count_and_the_button_follow_the_typing(qtbot: QtBot) -> None:
    d = dialog(qtbot)
    d.editor.setPlainText(f"Here are two: {GOOD} and again {GOOD}, plus {OTHER}.")
    ok = d.buttons.button(QDialogButtonBox.StandardButton.Ok)
    assert d.summary.text() == "2 job ids found"  # the same id twice counts once
    assert ok.isEnabled() and ok.text() == "Add 2 jobs"
    assert d.ids == [GOOD, OTHER]
    d.editor.setPlainText(GOOD)
    assert d.summary.text() == "1 job id found" and ok.text() == "Add 1 job"


def test_a_rejected_piece_is_listed_with_its_reason_and_the_good_ids_still_count(qtbot: QtBot) -> None:
    d = dialog(qtbot, f"{GOOD}\n{SHORTENED}")
    assert d.summary.text() == "1 job id found, 1 piece rejected"
    assert d.rejects.isVisible() and d.rejects.count() == 1
    item = d.rejects.item(0)
    assert item.text().startswith(SHORTENED) and "looks shortened" in item.text()
    assert d.buttons.button(QDialogButtonBox.StandardButton.Ok).isEnabled()
    assert d.ids == [GOOD]


def test_only_rejected_pieces_say_so_and_offer_nothing(qtbot: QtBot) -> None:
    d = dialog(qtbot, SHORTENED)
    assert d.summary.text() == "No job id found, 1 piece rejected"
    assert not d.buttons.button(QDialogButtonBox.StandardButton.Ok).isEnabled()


def test_a_rejected_piece_reads_in_full_in_its_tooltip(qtbot: QtBot) -> None:
    d = dialog(qtbot, "job:00000004-1234 is cut short")
    assert d.rejects.count() == 1
    tip = d.rejects.item(0).toolTip()
    assert "job:00000004-1234" in tip and "8-4-4-4-12 hex digits" in tip


def test_a_flood_of_bad_pieces_lists_at_most_the_cap(qtbot: QtBot) -> None:
    text = "\n".join(f"job:{i:08x}-1234...-bot:flowmusic" for i in range(MAX_REJECTS_SHOWN + 50))
    d = dialog(qtbot, text)
    assert d.rejects.count() == MAX_REJECTS_SHOWN
    assert d.summary.text() == f"No job id found, {MAX_REJECTS_SHOWN + 50} pieces rejected"

"""The New song form: live count, per-field messages, what it queues (Make from this take: test_edit_take.py)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from flowmusic_gui.ui.studio.new_song import AccountChoice, NewSongDialog

ACCOUNTS = [
    AccountChoice("demo@flowmusic.local", running=8, max_jobs=8, credits=2480, cost=10),
    AccountChoice("studio@flowmusic.local", running=0, max_jobs=2, credits=500),
]


def _form(qtbot: QtBot, **kw: object) -> NewSongDialog:
    dialog = NewSongDialog(ACCOUNTS, **kw)  # type: ignore[arg-type]
    qtbot.addWidget(dialog)
    return dialog


def test_the_prompt_counts_characters_live_and_names_its_range_when_too_long(qtbot: QtBot) -> None:
    dialog = _form(qtbot)
    assert not dialog.make_button.isEnabled()
    assert not dialog.prompt_error.isVisibleTo(dialog)  # an empty form is not scolded
    dialog.prompt.setPlainText("lofi, rain")
    assert dialog.prompt_count.text() == "10 / 10,000 characters"
    assert dialog.make_button.isEnabled()
    dialog.prompt.setPlainText("x" * 10_001)
    assert dialog.prompt_error.isVisibleTo(dialog)
    assert dialog.prompt_error.text() == "prompt: must be text of 1 to 10,000 characters (got 10,001)"
    assert not dialog.make_button.isEnabled()


def test_instrumental_disables_the_lyrics_and_the_bodies_follow_the_fields(qtbot: QtBot) -> None:
    dialog = _form(qtbot)
    dialog.prompt.setPlainText("synthwave")
    dialog.lyrics.setPlainText("[Verse]\nneon lights")
    dialog.ghostwriter.setCurrentIndex(dialog.ghostwriter.findData("pro"))
    dialog.count.setValue(3)
    bodies = dialog.bodies()
    assert bodies == [{"prompt": "synthwave", "lyrics": "[Verse]\nneon lights", "ghostwriter": "pro"}] * 3
    dialog.instrumental.setChecked(True)
    assert not dialog.lyrics.isEnabled() and not dialog.write_button.isEnabled()
    assert dialog.bodies()[0] == {"prompt": "synthwave", "instrumental": True, "ghostwriter": "pro"}


def test_one_song_per_line_and_the_cost_estimate(qtbot: QtBot) -> None:
    dialog = _form(qtbot)
    dialog.one_per_line.setChecked(True)
    dialog.prompt.setPlainText("one\n\ntwo\nthree\n")
    assert [b["prompt"] for b in dialog.bodies()] == ["one", "two", "three"]
    assert dialog.prompt_count.text() == "3 songs, one per line"
    assert not dialog.count.isEnabled()
    dialog.account_box.setCurrentIndex(dialog.account_box.findData("demo@flowmusic.local"))
    assert dialog.cost.text() == "3 songs on demo@flowmusic.local ~30 credits of 2,480"
    dialog.account_box.setCurrentIndex(dialog.account_box.findData("studio@flowmusic.local"))
    assert dialog.cost.text() == "3 songs on studio@flowmusic.local: cost unknown until the first song"
    assert dialog.chosen_account() == "studio@flowmusic.local"


def test_write_lyrics_fills_the_lyrics_for_editing(qtbot: QtBot) -> None:
    asked: list[tuple[str, str | None]] = []

    def write(prompt: str, email: str | None, done: Callable[[str, bool], None]) -> None:
        asked.append((prompt, email))
        done("[Verse]\nrain on the roof\n\n[Chorus]\nla la", True)

    dialog = _form(qtbot, write_lyrics=write)
    dialog.prompt.setPlainText("rain on a tin roof")
    qtbot.mouseClick(dialog.write_button, Qt.MouseButton.LeftButton)
    assert asked == [("rain on a tin roof", None)]
    assert dialog.lyrics.toPlainText().startswith("[Verse]\nrain on the roof")
    assert "edit them" in dialog.lyrics_status.text()


def test_make_again_fills_every_field_as_it_was_sent(qtbot: QtBot) -> None:
    sent = {"prompt": "jazz trio", "lyrics": "[Verse]\nsmoke", "ghostwriter": "pro", "replyRef": "fm-1"}
    dialog = _form(qtbot, initial=sent, email="studio@flowmusic.local")
    assert dialog.bodies() == [{"prompt": "jazz trio", "lyrics": "[Verse]\nsmoke", "ghostwriter": "pro"}]
    assert dialog.chosen_account() == "studio@flowmusic.local"

"""The New song and Make from this take forms: live count, per-field messages, what they queue."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QLabel
from pytestqt.qtbot import QtBot

from flowmusic_gui.ui.studio.edit_take import EditTakeDialog, TakeInfo
from flowmusic_gui.ui.studio.new_song import AccountChoice, NewSongDialog

CLIP = "user:1001-demo@flowmusic.local-clip:12345678-1234-4234-8234-123456789abc"
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


def _take(**kw: object) -> TakeInfo:
    options: dict[str, object] = {
        "clip": CLIP, "duration_s": 180.0, "title": "Midnight Comet", "lyrics": "[Verse]\nline one\nline two",
        "seed": 1234, "markers": ((10.0, 14.0), (15.0, 19.0)), "lines": ("line one", "line two"),
    }  # fmt: skip
    options.update(kw)
    return TakeInfo(**options)  # type: ignore[arg-type]


def _error(dialog: EditTakeDialog, name: str) -> QLabel:
    return dialog._errors[name]


def _set(dialog: EditTakeDialog, name: str, text: str) -> None:
    widget = dialog._inputs[name]
    if hasattr(widget, "setPlainText"):
        widget.setPlainText(text)
    else:
        widget.setText(text)


def test_extend_checks_its_range_as_typed(qtbot: QtBot) -> None:
    dialog = EditTakeDialog(_take())
    qtbot.addWidget(dialog)
    assert dialog.current_operation() == "extend"
    _set(dialog, "instruction", "a guitar solo")
    _set(dialog, "extend_s", "400")
    assert _error(dialog, "extend_s").text() == "extend_s: must be a number from 1 to 300 (got 400)"
    assert not dialog.make_button.isEnabled()
    _set(dialog, "extend_s", "30")
    dialog.same_seed.setChecked(True)
    body, problems = dialog.body()
    assert problems == {} and dialog.make_button.isEnabled()
    assert body == {"clip": CLIP, "operation": "extend", "instruction": "a guitar solo", "extend_s": 30, "seed": 1234}


def test_replace_a_region_dragged_on_the_timeline(qtbot: QtBot) -> None:
    dialog = EditTakeDialog(_take(), operation="replace")
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    strip = dialog.region
    assert strip.isVisible()
    _set(dialog, "instruction", "a softer bridge")
    w = strip.width()
    qtbot.mousePress(strip, Qt.MouseButton.LeftButton, pos=QPoint(int(w * 0.25), 20))
    qtbot.mouseMove(strip, QPoint(int(w * 0.5), 20))
    qtbot.mouseRelease(strip, Qt.MouseButton.LeftButton, pos=QPoint(int(w * 0.5), 20))
    body, problems = dialog.body()
    assert problems == {}
    assert 40 <= body["mask_start_s"] <= 50 and 85 <= body["mask_end_s"] <= 95
    _set(dialog, "mask_end_s", "200")
    assert "within the clip" in _error(dialog, "mask_end_s").text()


def test_remix_prefills_the_lyrics_and_effects_show_only_their_fields(qtbot: QtBot) -> None:
    dialog = EditTakeDialog(_take(), operation="remix")
    qtbot.addWidget(dialog)
    assert dialog._inputs["lyrics"].toPlainText() == "[Verse]\nline one\nline two"  # type: ignore[union-attr]
    dialog.operation.setCurrentIndex(dialog.operation.findData("effect"))
    dialog.effect.setCurrentIndex(dialog.effect.findData("Gain"))
    assert set(dialog._inputs) == {"gain_db"}
    _set(dialog, "gain_db", "-31")
    assert _error(dialog, "gain_db").text().startswith("gain_db: must be a number from -30 to 30")
    dialog.operation.setCurrentIndex(dialog.operation.findData("stems"))
    assert dialog._inputs == {} and not dialog.shaping_host.isVisibleTo(dialog)
    assert dialog.body() == ({"clip": CLIP, "operation": "stems"}, {})

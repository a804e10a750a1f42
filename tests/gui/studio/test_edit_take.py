"""The Make from this take form: each operation's fields, their ranges checked as typed, what it queues."""

from __future__ import annotations

from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QLabel
from pytestqt.qtbot import QtBot

from flowmusic_gui.ui.studio.edit_take import EditTakeDialog, TakeInfo

CLIP = "user:1001-demo@flowmusic.local-clip:12345678-1234-4234-8234-123456789abc"


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

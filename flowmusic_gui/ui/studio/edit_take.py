"""The "Make from this take" form: Extend, Replace a region (dragged on the clip's timeline, with the lyric lines
under it), Cover, Remix (the lyrics prefilled), Effect (Trim, Fade, Gain, Reverb, Pan, Equalizer) and Stems, with
the seed ("the same seed as this take") and title where the API takes them. Each field is one of the request
table's (core/make_fields.py), checked with its documented range as it is typed."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from PySide6.QtCore import QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import QColor, QMouseEvent, QPainter, QPaintEvent, QPalette
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from flowmusic_gui.core.lyrics import format_clock
from flowmusic_gui.core.make_fields import (
    EFFECT_FIELDS,
    EFFECTS,
    OPERATION_FIELDS,
    FieldRule,
    check_edit,
    parse_value,
)
from flowmusic_gui.core.translatable import QT_TRANSLATE_NOOP
from flowmusic_gui.ui.text import plain_label

#: The words a field is shown with (its API name stays in the tooltip, and in every message).
LABELS: dict[str, str] = {
    "instruction": QT_TRANSLATE_NOOP("EditTakeDialog", "Instruction"),
    "extend_s": QT_TRANSLATE_NOOP("EditTakeDialog", "Seconds to add"),
    "extend_from_s": QT_TRANSLATE_NOOP("EditTakeDialog", "From (s)"),
    "mask_start_s": QT_TRANSLATE_NOOP("EditTakeDialog", "Region start (s)"),
    "mask_end_s": QT_TRANSLATE_NOOP("EditTakeDialog", "Region end (s)"),
    "strength": QT_TRANSLATE_NOOP("EditTakeDialog", "Strength"),
    "lyrics": QT_TRANSLATE_NOOP("EditTakeDialog", "Lyrics"),
    "prompt": QT_TRANSLATE_NOOP("EditTakeDialog", "Prompt"),
    "start_s": QT_TRANSLATE_NOOP("EditTakeDialog", "Start (s)"),
    "end_s": QT_TRANSLATE_NOOP("EditTakeDialog", "End (s)"),
    "fade_in_s": QT_TRANSLATE_NOOP("EditTakeDialog", "Fade in (s)"),
    "fade_out_s": QT_TRANSLATE_NOOP("EditTakeDialog", "Fade out (s)"),
    "gain_db": QT_TRANSLATE_NOOP("EditTakeDialog", "Gain (dB)"),
    "mix": QT_TRANSLATE_NOOP("EditTakeDialog", "Mix"),
    "room_size": QT_TRANSLATE_NOOP("EditTakeDialog", "Room size"),
    "pan": QT_TRANSLATE_NOOP("EditTakeDialog", "Pan"),
    "bass_db": QT_TRANSLATE_NOOP("EditTakeDialog", "Bass (dB)"),
    "mid_db": QT_TRANSLATE_NOOP("EditTakeDialog", "Mid (dB)"),
    "treble_db": QT_TRANSLATE_NOOP("EditTakeDialog", "Treble (dB)"),
}

OPERATIONS: tuple[tuple[str, str], ...] = (
    ("extend", QT_TRANSLATE_NOOP("EditTakeDialog", "Extend")),
    ("replace", QT_TRANSLATE_NOOP("EditTakeDialog", "Replace a region")),
    ("cover", QT_TRANSLATE_NOOP("EditTakeDialog", "Cover")),
    ("remix", QT_TRANSLATE_NOOP("EditTakeDialog", "Remix")),
    ("effect", QT_TRANSLATE_NOOP("EditTakeDialog", "Effect")),
    ("stems", QT_TRANSLATE_NOOP("EditTakeDialog", "Stems")),
)


@dataclass(frozen=True)
class TakeInfo:
    """The finished clip an edit starts from."""

    clip: str
    duration_s: float | None = None
    title: str | None = None
    lyrics: str | None = None
    seed: int | None = None
    #: (start, end) seconds of each sung line, paired with ``lines`` when the counts match.
    markers: tuple[tuple[float, float], ...] = ()
    lines: tuple[str, ...] = field(default_factory=tuple)


class RegionTimeline(QWidget):
    """The clip's length with the lyric lines under it; drag to choose the region to replace."""

    region_changed = Signal(float, float)

    def __init__(self, duration_s: float, markers: Sequence[tuple[float, float]], lines: Sequence[str],
                 parent: QWidget | None = None) -> None:  # fmt: skip
        super().__init__(parent)
        self.setObjectName("regionTimeline")
        self._length = max(duration_s, 1.0)
        self._markers = list(markers)
        self._lines = list(lines)
        self._region: tuple[float, float] | None = None
        self._anchor: float | None = None
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setMinimumHeight(64)
        self.setCursor(Qt.CursorShape.IBeamCursor)
        self.setAccessibleName(self.tr("Region to replace: drag across the clip"))

    def sizeHint(self) -> QSize:
        return QSize(420, 64)

    @property
    def region(self) -> tuple[float, float] | None:
        return self._region

    def set_region(self, start: float | None, end: float | None) -> None:
        if start is None or end is None:
            self._region = None
        else:
            self._region = (max(0.0, min(start, end)), min(self._length, max(start, end)))
        self.update()

    def _seconds(self, x: float) -> float:
        width = max(1.0, float(self.width()))
        return round(max(0.0, min(self._length, x / width * self._length)), 2)

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton:
            self._anchor = self._seconds(event.position().x())
            self.set_region(self._anchor, self._anchor)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        if self._anchor is not None:
            self.set_region(self._anchor, self._seconds(event.position().x()))
            if self._region is not None:
                self.region_changed.emit(*self._region)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if self._anchor is not None:
            self.set_region(self._anchor, self._seconds(event.position().x()))
            self._anchor = None
            if self._region is not None:
                self.region_changed.emit(*self._region)

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        pal = self.palette()
        w, h = float(self.width()), float(self.height())
        painter.fillRect(QRectF(0, 0, w, h), pal.color(QPalette.ColorRole.Base))
        scale = w / self._length
        lane = QRectF(0, 4, w, 18)
        painter.fillRect(lane, pal.color(QPalette.ColorRole.AlternateBase))
        block = pal.color(QPalette.ColorRole.Mid)
        for start, end in self._markers:
            painter.fillRect(QRectF(start * scale, lane.top(), max(1.0, (end - start) * scale), lane.height()), block)
        if self._region is not None:
            start, end = self._region
            accent = QColor(pal.color(QPalette.ColorRole.Highlight))
            accent.setAlpha(110)
            painter.fillRect(QRectF(start * scale, 0, max(2.0, (end - start) * scale), h), accent)
        painter.setPen(pal.color(QPalette.ColorRole.Text))
        font = painter.font()
        font.setPointSizeF(max(7.0, font.pointSizeF() * 0.85))
        painter.setFont(font)
        # The lines under the strip, each at its start (skipped where the previous label still runs).
        x_free = 0.0
        for i, (start, _end) in enumerate(self._markers):
            if i >= len(self._lines):
                break
            x = start * scale
            if x < x_free:
                continue
            text = self._lines[i]
            room = max(30.0, w - x)
            elided = painter.fontMetrics().elidedText(text, Qt.TextElideMode.ElideRight, int(min(room, 160)))
            painter.drawText(QPointF(x + 1, lane.bottom() + 16), elided)
            x_free = x + painter.fontMetrics().horizontalAdvance(elided) + 8
        painter.drawText(QPointF(2, h - 4), "0:00")
        end_text = format_clock(self._length)
        painter.drawText(QPointF(w - painter.fontMetrics().horizontalAdvance(end_text) - 2, h - 4), end_text)
        painter.end()


class EditTakeDialog(QDialog):
    """Choose an operation and its fields; :meth:`body` is the POST /music/edit body to queue."""

    def __init__(self, take: TakeInfo, *, operation: str = "extend", initial: dict[str, Any] | None = None,
                 parent: QWidget | None = None) -> None:  # fmt: skip
        super().__init__(parent)
        self.setWindowTitle(self.tr("Make from this take"))
        self.setObjectName("editTakeDialog")
        self.resize(620, 560)
        self.take = take
        self._inputs: dict[str, QLineEdit | QPlainTextEdit] = {}
        self._errors: dict[str, QLabel] = {}
        lay = QVBoxLayout(self)
        what = take.title or take.clip
        length = f" ({format_clock(take.duration_s)})" if take.duration_s else ""
        header = plain_label(self.tr("From: {take}{length}").format(take=what, length=length), wrap=True)
        header.setObjectName("takeHeader")
        lay.addWidget(header)

        top = QFormLayout()
        self._top = top
        self.operation = QComboBox()
        self.operation.setObjectName("operation")
        for key, text in OPERATIONS:
            self.operation.addItem(self.tr(text), key)
        top.addRow(self.tr("&Make"), self.operation)
        self.effect = QComboBox()
        self.effect.setObjectName("effect")
        for name in EFFECTS:
            self.effect.addItem(name, name)  # the API's own names
        top.addRow(self.tr("&Effect"), self.effect)
        lay.addLayout(top)

        self.fields_host = QWidget()
        self.fields_form = QFormLayout(self.fields_host)
        self.fields_form.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(self.fields_host)

        self.region = RegionTimeline(take.duration_s or 1.0, take.markers, take.lines)
        self.region.region_changed.connect(self._region_dragged)
        self.region_hint = plain_label(self.tr("Drag across the clip to choose the region to replace."), wrap=True)
        lay.addWidget(self.region_hint)
        lay.addWidget(self.region)

        shaping = QFormLayout()
        self.same_seed = QCheckBox(
            self.tr("The same seed as this take ({seed})").format(seed=take.seed) if take.seed is not None
            else self.tr("The same seed as this take (unknown)")
        )  # fmt: skip
        self.same_seed.setObjectName("sameSeed")
        self.same_seed.setEnabled(take.seed is not None)
        self.seed = QLineEdit()
        self.seed.setObjectName("seed")
        self.seed.setPlaceholderText(self.tr("any (a whole number 0 or more pins the result)"))
        self.title = QLineEdit()
        self.title.setObjectName("title")
        self.title.setPlaceholderText(take.title or "")
        shaping.addRow("", self.same_seed)
        shaping.addRow(self.tr("&Seed"), self.seed)
        shaping.addRow(self.tr("&Title"), self.title)
        self.shaping_host = QWidget()
        self.shaping_host.setLayout(shaping)
        shaping.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(self.shaping_host)
        self.shaping_error = plain_label(wrap=True)
        self.shaping_error.setStyleSheet("color: #c62828;")
        lay.addWidget(self.shaping_error)
        lay.addStretch(1)

        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.make_button = self.buttons.addButton(self.tr("&Make"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.make_button.setObjectName("make")
        self.buttons.accepted.connect(self._accept)
        self.buttons.rejected.connect(self.reject)
        lay.addWidget(self.buttons)

        self.operation.currentIndexChanged.connect(self._rebuild)
        self.effect.currentIndexChanged.connect(self._rebuild)
        self.same_seed.toggled.connect(self._seed_toggled)
        self.seed.textChanged.connect(self._update)
        self.title.textChanged.connect(self._update)
        start = operation or "extend"
        if initial:
            start = str(initial.get("operation") or start)
            if initial.get("effect") in EFFECTS:
                self.effect.setCurrentIndex(EFFECTS.index(initial["effect"]))
        index = self.operation.findData(start)
        self.operation.setCurrentIndex(max(0, index))
        self._rebuild()
        if initial:
            self.fill(initial)

    # --- building the fields ------------------------------------------------------------------------------

    def current_operation(self) -> str:
        return str(self.operation.currentData())

    def _rules(self) -> tuple[FieldRule, ...]:
        op = self.current_operation()
        rules = OPERATION_FIELDS.get(op, ())
        if op == "effect":
            rules = EFFECT_FIELDS.get(str(self.effect.currentData()), ())
        return tuple(rules)

    def _rebuild(self) -> None:
        kept = {name: _text_of(w) for name, w in self._inputs.items()}
        while self.fields_form.rowCount():
            self.fields_form.removeRow(0)
        self._inputs.clear()
        self._errors.clear()
        op = self.current_operation()
        self.effect.setEnabled(op == "effect")
        self.effect.setVisible(op == "effect")
        label = self._top.labelForField(self.effect)
        if label is not None:
            label.setVisible(op == "effect")
        for rule in self._rules():
            widget: QLineEdit | QPlainTextEdit
            if rule.name in ("lyrics", "instruction", "prompt") and rule.kind == "text":
                widget = QPlainTextEdit()
                widget.setTabChangesFocus(True)
                widget.setMaximumHeight(140 if rule.name == "lyrics" else 70)
                widget.textChanged.connect(self._update)
                if rule.name == "lyrics" and op == "remix" and self.take.lyrics and rule.name not in kept:
                    widget.setPlainText(self.take.lyrics)
            else:
                widget = QLineEdit()
                widget.textChanged.connect(self._update)
            widget.setObjectName(f"field_{rule.name}")
            hint = rule.range_text() + ("" if rule.required else self.tr(" (optional)"))
            widget.setToolTip(f"{rule.name}: {hint}")
            if isinstance(widget, QLineEdit):
                widget.setPlaceholderText(hint)
            else:
                widget.setPlaceholderText(hint)
            if kept.get(rule.name):
                _set_text(widget, kept[rule.name])
            error = plain_label(wrap=True)
            error.setStyleSheet("color: #c62828;")
            error.hide()
            box = QVBoxLayout()
            box.setContentsMargins(0, 0, 0, 0)
            box.addWidget(widget)
            box.addWidget(error)
            host = QWidget()
            host.setLayout(box)
            self.fields_form.addRow(self.tr(LABELS.get(rule.name, rule.name)), host)
            self._inputs[rule.name] = widget
            self._errors[rule.name] = error
        replacing = op == "replace"
        self.region.setVisible(replacing)
        self.region_hint.setVisible(replacing)
        self.shaping_host.setVisible(op != "stems")
        self._update()

    def fill(self, body: dict[str, Any]) -> None:
        """Every field as an earlier request had it (Make again)."""
        for name, widget in self._inputs.items():
            if name in body and body[name] is not None:
                _set_text(widget, str(body[name]) if not isinstance(body[name], bool) else str(body[name]).lower())
        if isinstance(body.get("seed"), int):
            self.same_seed.setChecked(False)
            self.seed.setText(str(body["seed"]))
        if isinstance(body.get("title"), str):
            self.title.setText(body["title"])
        self._update()

    def _seed_toggled(self, on: bool) -> None:
        if on and self.take.seed is not None:
            self.seed.setText(str(self.take.seed))
        self.seed.setEnabled(not on)
        self._update()

    def _region_dragged(self, start: float, end: float) -> None:
        for name, value in (("mask_start_s", start), ("mask_end_s", end)):
            widget = self._inputs.get(name)
            if isinstance(widget, QLineEdit):
                widget.blockSignals(True)
                widget.setText(f"{value:g}")
                widget.blockSignals(False)
        self._update()

    # --- the body and its problems -----------------------------------------------------------------------

    def body(self) -> tuple[dict[str, Any], dict[str, str]]:
        """(the POST /music/edit body, problems by field)."""
        op = self.current_operation()
        body: dict[str, Any] = {"clip": self.take.clip, "operation": op}
        problems: dict[str, str] = {}
        if op == "effect":
            body["effect"] = self.effect.currentData()
        for rule in self._rules():
            widget = self._inputs.get(rule.name)
            text = _text_of(widget) if widget is not None else ""
            if not text.strip():
                continue
            try:
                body[rule.name] = parse_value(rule, text.strip() if rule.kind != "text" else text)
            except ValueError as exc:
                problems[rule.name] = str(exc)
        if op != "stems":
            seed_text = self.seed.text().strip()
            if seed_text:
                try:
                    value = int(seed_text)
                except ValueError:
                    problems["seed"] = self.tr("seed: must be a whole number 0 or more")
                else:
                    body["seed"] = value
            if self.title.text().strip():
                body["title"] = self.title.text().strip()
        for problem in check_edit(body, self.take.duration_s):
            problems.setdefault(problem.field, problem.message)
        return body, problems

    def _update(self) -> None:
        body, problems = self.body()
        for name, label in self._errors.items():
            message = problems.get(name)
            label.setText(message or "")
            label.setVisible(bool(message))
        shaping = [problems[k] for k in ("seed", "title") if k in problems]
        self.shaping_error.setText("\n".join(shaping))
        self.shaping_error.setVisible(bool(shaping))
        if self.current_operation() == "replace":
            self.region.set_region(body.get("mask_start_s"), body.get("mask_end_s"))
        self.make_button.setEnabled(not problems)

    def _accept(self) -> None:
        _body, problems = self.body()
        if not problems:
            self.accept()


def _text_of(widget: QLineEdit | QPlainTextEdit | None) -> str:
    if isinstance(widget, QPlainTextEdit):
        return widget.toPlainText()
    return widget.text() if widget is not None else ""


def _set_text(widget: QLineEdit | QPlainTextEdit, text: str) -> None:
    if isinstance(widget, QPlainTextEdit):
        widget.setPlainText(text)
    else:
        widget.setText(text)

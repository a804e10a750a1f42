"""The detail pane's header for one job: title, state (with the time a pending job has taken), an alert for a
failed or unreachable job, and the facts (times, account, ids, prompt, request JSON) folded under "Details"."""

from __future__ import annotations

import json
from datetime import datetime, timezone

from PySide6.QtCore import QCoreApplication, QSize, Qt, Signal
from PySide6.QtGui import QFont, QPalette
from PySide6.QtWidgets import (
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QSizePolicy,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from flowmusic_gui.core.records import JobState
from flowmusic_gui.engine.types import JobView
from flowmusic_gui.ui import icons
from flowmusic_gui.ui.detail.clip_card import MISSING, plain_label
from flowmusic_gui.ui.detail.elided import MiddleElidedLabel
from flowmusic_gui.ui.i18n import state_text
from flowmusic_gui.ui.text import elide, format_elapsed, format_generation, format_local

_ERROR_STYLE = "QFrame#alert { border: 1px solid rgba(217,83,79,0.55); border-radius: 8px; background: %s; }"
_WARN_STYLE = "QFrame#alert { border: 1px solid rgba(240,173,78,0.6); border-radius: 8px; background: %s; }"

PROMPT_SHOWN = 2_000  # characters of the prompt (or an error message) in the header; the whole on demand
TEXT_SHOWN = 300


class JobHeader(QWidget):
    """Built for one ``view`` (a changed view gets a new header); ``facts_open``: how a finished song's facts
    start (``facts_folded`` says when the user changes it)."""

    recheck_requested = Signal(str)  # jobid
    copy_requested = Signal(str, str)  # text, what ("job id")
    export_requested = Signal()
    facts_folded = Signal(bool)  # shown: a finished song's facts, opened or folded by the user

    def __init__(self, view: JobView, *, facts_open: bool, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.view = view
        self.setObjectName("jobHeader")
        self.elapsed_label: QLabel | None = None
        self.prompt_toggle: QToolButton | None = None  # "Show the whole prompt", when the prompt is elided
        self.prompt_full: QPlainTextEdit | None = None
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 4)
        lay.setSpacing(8)

        # Without a record there is no title or prompt: the short job id names the job instead.
        title = plain_label(elide(view.name, TEXT_SHOWN), wrap=True, selectable=True)
        font = QFont(self.font())
        font.setPointSizeF(font.pointSizeF() * 1.6)
        font.setBold(True)
        title.setFont(font)
        title.setObjectName("jobTitle")
        if not view.display_title:
            title.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        lay.addWidget(title)

        state_row = QHBoxLayout()
        state_row.setSpacing(6)
        icon = QLabel()
        icon.setPixmap(icons.state_icon(view.state).pixmap(QSize(18, 18)))
        state = plain_label(state_text(view.words.heading))
        bold = QFont(self.font())
        bold.setBold(True)
        state.setFont(bold)
        state.setObjectName("jobState")
        state_row.addWidget(icon)
        state_row.addWidget(state)
        if view.state in (JobState.NEW, JobState.PENDING):
            self.elapsed_label = plain_label()
            self.elapsed_label.setForegroundRole(QPalette.ColorRole.PlaceholderText)
            state_row.addWidget(self.elapsed_label)
            self.tick()
        state_row.addStretch(1)
        lay.addLayout(state_row)
        self._add_alert(lay, view)
        if view.problem:
            last = self.tr("Last check: {problem}").format(problem=view.problem)
            problem = plain_label(elide(last, PROMPT_SHOWN), wrap=True)
            problem.setForegroundRole(QPalette.ColorRole.PlaceholderText)
            lay.addWidget(problem)

        # The facts (times, account, ids, prompt, request) fold away under a toggle: for a finished song the
        # lyrics need the room, and the line above says the essentials.
        self.facts = QWidget()
        self.facts.setObjectName("jobFacts")
        opened = facts_open if view.state is JobState.COMPLETED else True
        self.facts_toggle = QToolButton()
        self.facts_toggle.setObjectName("factsToggle")
        self.facts_toggle.setCheckable(True)
        self.facts_toggle.setChecked(opened)
        self.facts_toggle.setAutoRaise(True)
        self.facts_toggle.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.facts_toggle.setArrowType(Qt.ArrowType.DownArrow if opened else Qt.ArrowType.RightArrow)
        self.facts_toggle.setText(self.tr("Details"))
        self.facts.setVisible(opened)
        self.facts_toggle.toggled.connect(self._fold)
        state_row.insertWidget(state_row.count() - 1, self.facts_toggle)
        summary = facts_line(view)
        if summary:
            line = plain_label(summary)
            line.setObjectName("factsLine")
            line.setForegroundRole(QPalette.ColorRole.PlaceholderText)
            line.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
            lay.insertWidget(lay.indexOf(title) + 1, line)
        lay.addWidget(self.facts)
        self._build_facts(view, bold)

    def _fold(self, shown: bool) -> None:
        self.facts.setVisible(shown)
        self.facts_toggle.setArrowType(Qt.ArrowType.DownArrow if shown else Qt.ArrowType.RightArrow)
        if self.view.state is JobState.COMPLETED:
            self.facts_folded.emit(shown)  # the next finished song opens the same way

    def _add_alert(self, lay: QVBoxLayout, view: JobView) -> None:
        rec = view.record
        if view.state is JobState.FAILED:
            err = rec.error if rec is not None else None
            code = err.code if err is not None and err.code else None
            message = err.message if err is not None and err.message else None
            text = self.tr("Error {code}").format(code=code) if code else self.tr("The job failed")
            if view.cancelled:
                text = self.tr(
                    "Cancelled at your request: the song may still have finished, and its credits are spent"
                )
            lay.addWidget(self._alert(elide(text, TEXT_SHOWN),
                                      elide(message or self.tr("The record gives no error message."), PROMPT_SHOWN),
                                      error=True))  # fmt: skip
        elif view.state in (JobState.NOT_FOUND, JobState.FORBIDDEN):
            words = view.words
            alert = self._alert(state_text(words.label), state_text(words.explanation), error=False)
            recheck = QPushButton(icons.icon("refresh"), self.tr("Re-check now"))
            recheck.setObjectName("recheck")
            recheck.clicked.connect(lambda: self.recheck_requested.emit(view.jobid))
            alert_lay = alert.layout()
            assert isinstance(alert_lay, QVBoxLayout)
            alert_lay.addWidget(recheck, 0, Qt.AlignmentFlag.AlignLeft)
            lay.addWidget(alert)

    def _build_facts(self, view: JobView, bold: QFont) -> None:
        rec = view.record
        lay = QVBoxLayout(self.facts)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.setSpacing(8)
        form = QFormLayout()
        form.setHorizontalSpacing(14)
        form.setVerticalSpacing(4)
        form.setLabelAlignment(Qt.AlignmentFlag.AlignLeft)

        def row(name: str, shown_name: str, value: str | None, *, select: bool = False) -> QLabel:
            label = plain_label(elide(value or MISSING, TEXT_SHOWN), wrap=True, selectable=select)
            label.setObjectName(f"field:{name}")
            caption = plain_label(shown_name)
            caption.setForegroundRole(QPalette.ColorRole.PlaceholderText)
            form.addRow(caption, label)
            return label

        row("Created", self.tr("Created"), format_local(rec.created_at) if rec else None)
        if view.state is not JobState.PENDING:
            row("Completed", self.tr("Completed"), format_local(rec.completed_at) if rec else None)
            gen = view.generation_s
            row("Generation time", self.tr("Generation time"), format_generation(gen) if gen is not None else None)
        row("Account", self.tr("Account"), rec.email if rec else None, select=True)
        row("Operation", self.tr("Operation"), rec.operation if rec else None)
        job_row = QHBoxLayout()
        job_label = MiddleElidedLabel(view.jobid)  # both ends tell ids apart; the whole on hover and copy
        job_label.setObjectName("field:Job id")
        copy = QToolButton()
        copy.setIcon(icons.icon("copy"))
        copy.setAutoRaise(True)
        copy.setToolTip(self.tr("Copy the job id"))
        copy.setAccessibleName(self.tr("Copy the job id"))
        copy.clicked.connect(lambda: self.copy_requested.emit(view.jobid, "job id"))
        job_row.addWidget(job_label, 1)
        job_row.addWidget(copy)
        caption = plain_label(self.tr("Job id"))
        caption.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        form.addRow(caption, job_row)
        lay.addLayout(form)
        self._add_prompt(lay, view, bold)
        self._add_request(lay, view)
        if rec is not None and rec.problems:
            shown = rec.problems[:5]
            more = "\n" + self.tr("… and %Ln more", "", len(rec.problems) - 5) if len(rec.problems) > 5 else ""
            heading = self.tr("Parts of the record could not be read:")
            notes = plain_label(heading + "\n" + "\n".join(shown) + more, wrap=True)
            notes.setForegroundRole(QPalette.ColorRole.PlaceholderText)
            lay.addWidget(notes)

    def _add_prompt(self, lay: QVBoxLayout, view: JobView, bold: QFont) -> None:
        prompt_caption = plain_label(self.tr("Prompt"))
        prompt_caption.setFont(bold)
        lay.addWidget(prompt_caption)
        whole = view.prompt or MISSING
        prompt = plain_label(elide(whole, PROMPT_SHOWN), wrap=True, selectable=True)
        prompt.setObjectName("prompt")
        lay.addWidget(prompt)
        if len(whole) <= PROMPT_SHOWN:
            return
        # The whole text in an editor made on demand: a word-wrapped label of 1 MB took seconds to lay out.
        toggle = QToolButton()
        toggle.setText(self.tr("Show the whole prompt (%Ln character(s))", "", len(whole)))
        toggle.setCheckable(True)
        full = QPlainTextEdit()
        full.setReadOnly(True)
        full.setMaximumHeight(260)
        full.hide()

        def show_whole(shown: bool) -> None:
            if shown and not full.toPlainText():
                full.setPlainText(whole)
            full.setVisible(shown)
            prompt.setVisible(not shown)

        toggle.toggled.connect(show_whole)
        lay.addWidget(toggle, 0, Qt.AlignmentFlag.AlignLeft)
        lay.addWidget(full)
        self.prompt_toggle = toggle
        self.prompt_full = full

    def _add_request(self, lay: QVBoxLayout, view: JobView) -> None:
        rec = view.record
        buttons = QHBoxLayout()
        buttons.setSpacing(6)
        has_request = rec is not None and rec.request is not None
        self.request_view = QPlainTextEdit()
        self.request_view.setReadOnly(True)
        self.request_view.setMaximumHeight(220)
        mono = QFont("monospace")
        mono.setStyleHint(QFont.StyleHint.Monospace)
        self.request_view.setFont(mono)
        self.request_view.hide()
        self.request_toggle = QToolButton()
        self.request_toggle.setText(self.tr("Show request JSON"))
        self.request_toggle.setCheckable(True)
        self.request_toggle.setEnabled(has_request)
        if not has_request:
            self.request_toggle.setToolTip(self.tr("The record has no request."))
        self.request_toggle.toggled.connect(self._toggle_request)
        export = QToolButton()
        export.setIcon(icons.icon("export"))
        export.setText(self.tr("Export JSON…"))
        export.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        export.setEnabled(rec is not None)
        export.setToolTip(self.tr("Save the job's record, exactly as the API sent it"))
        export.clicked.connect(self.export_requested)
        buttons.addWidget(self.request_toggle)
        buttons.addWidget(export)
        buttons.addStretch(1)
        lay.addLayout(buttons)
        lay.addWidget(self.request_view)

    def _alert(self, heading: str, body: str, *, error: bool) -> QFrame:
        frame = QFrame()
        frame.setObjectName("alert")
        tint = "rgba(217,83,79,0.10)" if error else "rgba(240,173,78,0.12)"
        frame.setStyleSheet((_ERROR_STYLE if error else _WARN_STYLE) % tint)
        lay = QVBoxLayout(frame)
        lay.setContentsMargins(12, 10, 12, 10)
        lay.setSpacing(4)
        head = plain_label(heading, wrap=True, selectable=True)
        head.setObjectName("alertHeading")
        font = QFont(self.font())
        font.setBold(True)
        head.setFont(font)
        text = plain_label(body, wrap=True, selectable=True)
        text.setObjectName("alertBody")
        lay.addWidget(head)
        lay.addWidget(text)
        return frame

    def _toggle_request(self, shown: bool) -> None:
        if shown and not self.request_view.toPlainText():  # filled when first asked for: a request can be megabytes
            self.request_view.setPlainText(request_text(self.view) or "")
        self.request_view.setVisible(shown)
        self.request_toggle.setText(self.tr("Hide request JSON") if shown else self.tr("Show request JSON"))

    def tick(self) -> None:
        """A pending job's header says how long it has been waiting."""
        if self.elapsed_label is None:
            return
        start = self.view.created_at or self.view.added_at
        seconds = (datetime.now(timezone.utc) - start).total_seconds()
        self.elapsed_label.setText(self.tr("·  {time} elapsed").format(time=format_elapsed(seconds)))


def facts_line(view: JobView) -> str:
    """One line under the title: account, when, how long it took."""
    rec = view.record
    if rec is None:
        return ""
    parts = [p for p in (rec.email, format_local(rec.created_at)) if p]
    gen = view.generation_s
    if gen is not None and view.state is not JobState.PENDING:
        made = QCoreApplication.translate("DetailPane", "made in %1")
        parts.append(made.replace("%1", format_generation(gen)))
    return elide("  ·  ".join(parts), TEXT_SHOWN)


def request_text(view: JobView) -> str | None:
    rec = view.record
    if rec is None or rec.request is None:
        return None
    return json.dumps(dict(rec.request), indent=2, ensure_ascii=False)

"""The "New song" form: prompt (with a live count), lyrics (their [Verse]/[Chorus] headers shown as such, or
written by the API for free), instrumental, ghostwriter, account, how many or one per line of a list, and what
it will cost; every field checked against API.md's ranges before anything is sent, naming the field."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QRegularExpression, Signal
from PySide6.QtGui import QFont, QSyntaxHighlighter, QTextCharFormat, QTextDocument
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from flowmusic_gui.core.make_fields import LYRICS_MAX, PROMPT_MAX, FieldProblem, check_music
from flowmusic_gui.ui.text import plain_label

#: Songs one form may queue at once (the count, or the lines of a list).
MAX_SONGS = 50


@dataclass(frozen=True)
class AccountChoice:
    """An account as the form offers it: its slots, balance and the cost per song last observed there."""

    email: str
    running: int = 0
    max_jobs: int | None = None
    credits: int | None = None
    cost: int | None = None
    healthy: bool = True


class LyricsHighlighter(QSyntaxHighlighter):
    """Section headers ([Verse 1], [Chorus]) in bold and the accent colour, so the structure reads at a glance."""

    _HEADER = QRegularExpression(r"^\s*\[[^\]\n]{1,60}\]\s*$")

    def __init__(self, document: QTextDocument, accent: Any) -> None:
        super().__init__(document)
        self._format = QTextCharFormat()
        self._format.setFontWeight(QFont.Weight.Bold)
        self._format.setForeground(accent)

    def highlightBlock(self, text: str) -> None:
        if self._HEADER.match(text).hasMatch():
            self.setFormat(0, len(text), self._format)


def _field_error() -> QLabel:
    label = plain_label(wrap=True)
    label.setObjectName("fieldError")
    label.setStyleSheet("color: #c62828;")
    label.hide()
    return label


class NewSongDialog(QDialog):
    """Fill in, then :meth:`bodies` and :meth:`account` say what to queue. ``write_lyrics(prompt, done)`` asks the
    API for lyrics off the GUI thread and calls ``done(text_or_problem, ok)`` back on it."""

    lyrics_requested = Signal(str)

    def __init__(
        self,
        accounts: list[AccountChoice],
        *,
        write_lyrics: Callable[[str, str | None, Callable[[str, bool], None]], None] | None = None,
        load_text: Callable[[str, Callable[[str | None, str], None]], None] | None = None,
        initial: dict[str, Any] | None = None,
        email: str | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("New song"))
        self.setObjectName("newSongDialog")
        self.resize(640, 640)
        self._accounts = accounts
        self._write_lyrics = write_lyrics
        self._load_text = load_text
        lay = QVBoxLayout(self)
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)

        # prompt
        self.prompt = QPlainTextEdit()
        self.prompt.setObjectName("prompt")
        self.prompt.setPlaceholderText(self.tr("Style, mood, genre, instruments, BPM, vocal direction…"))
        self.prompt.setTabChangesFocus(True)
        self.prompt.setMinimumHeight(70)
        self.prompt.setMaximumHeight(130)
        self.prompt_count = plain_label()
        self.prompt_count.setObjectName("promptCount")
        self.one_per_line = QCheckBox(self.tr("One song per line"))
        self.one_per_line.setObjectName("onePerLine")
        self.load_list = QPushButton(self.tr("Load list…"))
        self.load_list.setObjectName("loadList")
        prompt_row = QHBoxLayout()
        prompt_row.addWidget(self.prompt_count, 1)
        prompt_row.addWidget(self.one_per_line)
        prompt_row.addWidget(self.load_list)
        self.prompt_error = _field_error()
        prompt_box = QVBoxLayout()
        prompt_box.addWidget(self.prompt)
        prompt_box.addLayout(prompt_row)
        prompt_box.addWidget(self.prompt_error)
        form.addRow(self.tr("&Prompt"), _wrap(prompt_box))

        # lyrics
        self.instrumental = QCheckBox(self.tr("&Instrumental (no vocals)"))
        self.instrumental.setObjectName("instrumental")
        self.lyrics = QPlainTextEdit()
        self.lyrics.setObjectName("lyrics")
        self.lyrics.setPlaceholderText(self.tr("[Verse 1]\n…\n\n[Chorus]\n…\n\nLeave empty and the model writes them."))
        self.lyrics.setTabChangesFocus(True)
        self.lyrics.setMinimumHeight(150)
        self._highlighter = LyricsHighlighter(self.lyrics.document(), self.palette().link())
        self.write_button = QPushButton(self.tr("&Write lyrics for me"))
        self.write_button.setObjectName("writeLyrics")
        self.write_button.setToolTip(self.tr("Ask the API to write lyrics from the prompt (free); edit them after"))
        self.lyrics_status = plain_label(wrap=True)
        self.lyrics_status.setObjectName("lyricsStatus")
        self.lyrics_error = _field_error()
        lyrics_row = QHBoxLayout()
        lyrics_row.addWidget(self.write_button)
        lyrics_row.addWidget(self.lyrics_status, 1)
        lyrics_box = QVBoxLayout()
        lyrics_box.addWidget(self.instrumental)
        lyrics_box.addWidget(self.lyrics)
        lyrics_box.addLayout(lyrics_row)
        lyrics_box.addWidget(self.lyrics_error)
        form.addRow(self.tr("&Lyrics"), _wrap(lyrics_box))

        self.ghostwriter = QComboBox()
        self.ghostwriter.setObjectName("ghostwriter")
        self.ghostwriter.addItem(self.tr("Standard"), "standard")
        self.ghostwriter.addItem(self.tr("Pro"), "pro")
        form.addRow(self.tr("&Ghostwriter"), self.ghostwriter)

        self.account_box = QComboBox()
        self.account_box.setObjectName("account")
        self.account_box.addItem(self.tr("Automatic: a healthy account with a free slot and credits"), None)
        for choice in accounts:
            self.account_box.addItem(self._account_text(choice), choice.email)
        form.addRow(self.tr("&Account"), self.account_box)

        self.count = QSpinBox()
        self.count.setObjectName("count")
        self.count.setRange(1, MAX_SONGS)
        form.addRow(self.tr("&How many songs"), self.count)

        self.cost = plain_label()
        self.cost.setObjectName("cost")
        form.addRow(self.tr("Cost"), self.cost)
        lay.addLayout(form)

        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.make_button = self.buttons.addButton(self.tr("&Make"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.make_button.setObjectName("make")
        self.buttons.accepted.connect(self._accept)
        self.buttons.rejected.connect(self.reject)
        lay.addWidget(self.buttons)

        self.prompt.textChanged.connect(self._update)
        self.lyrics.textChanged.connect(self._update)
        self.instrumental.toggled.connect(self._update)
        self.one_per_line.toggled.connect(self._update)
        self.count.valueChanged.connect(self._update)
        self.account_box.currentIndexChanged.connect(self._update)
        self.ghostwriter.currentIndexChanged.connect(self._update)
        self.write_button.clicked.connect(self._ask_lyrics)
        self.load_list.clicked.connect(self._ask_list)
        if initial:
            self.fill(initial, email)
        self._update()

    # --- filling -------------------------------------------------------------------------------------------

    def fill(self, body: dict[str, Any], email: str | None = None) -> None:
        """Every field as a request had it (Make again)."""
        prompt = body.get("prompt")
        self.prompt.setPlainText(prompt if isinstance(prompt, str) else "")
        lyrics = body.get("lyrics")
        self.lyrics.setPlainText(lyrics if isinstance(lyrics, str) else "")
        self.instrumental.setChecked(body.get("instrumental") is True)
        index = self.ghostwriter.findData(body.get("ghostwriter") or "standard")
        self.ghostwriter.setCurrentIndex(max(0, index))
        if email:
            found = self.account_box.findData(email)
            if found < 0:
                self.account_box.addItem(email, email)
                found = self.account_box.count() - 1
            self.account_box.setCurrentIndex(found)

    def _account_text(self, choice: AccountChoice) -> str:
        parts = [choice.email]
        if not choice.healthy:
            parts.append(self.tr("(in an error state)"))
        elif choice.max_jobs is not None:
            parts.append(self.tr("({running} of {max} running)").format(running=choice.running, max=choice.max_jobs))
        if choice.credits is not None:
            parts.append(self.tr("{credits} credits").format(credits=f"{choice.credits:,}"))
        return " ".join(parts)

    # --- what it asks for ----------------------------------------------------------------------------------

    def prompts(self) -> list[str]:
        text = self.prompt.toPlainText()
        if self.one_per_line.isChecked():
            return [line.strip() for line in text.splitlines() if line.strip()]
        return [text.strip()] if text.strip() else [""]

    def chosen_account(self) -> str | None:
        data = self.account_box.currentData()
        return data if isinstance(data, str) else None

    def bodies(self) -> list[dict[str, Any]]:
        """One POST /music body per song (a list's lines, or the prompt ``count`` times)."""
        base: dict[str, Any] = {}
        if self.instrumental.isChecked():
            base["instrumental"] = True
        else:
            lyrics = self.lyrics.toPlainText()
            if lyrics.strip():
                base["lyrics"] = lyrics
        base["ghostwriter"] = self.ghostwriter.currentData()
        prompts = self.prompts()
        copies = 1 if self.one_per_line.isChecked() else self.count.value()
        return [{"prompt": p, **base} for p in prompts for _ in range(copies)]

    def problems(self) -> list[FieldProblem]:
        bodies = self.bodies()
        seen: dict[str, FieldProblem] = {}
        for i, body in enumerate(bodies):
            for problem in check_music(body):
                if problem.field not in seen:
                    message = problem.message
                    if self.one_per_line.isChecked() and problem.field == "prompt":
                        message = self.tr("line {n}: {problem}").format(n=i + 1, problem=message)
                    seen[problem.field] = FieldProblem(problem.field, message)
        if len(bodies) > MAX_SONGS:
            seen.setdefault("prompt", FieldProblem("prompt", self.tr("a list holds at most {n} songs (this one {m})")
                                                   .format(n=MAX_SONGS, m=len(bodies))))  # fmt: skip
        return list(seen.values())

    # --- reacting ------------------------------------------------------------------------------------------

    def _update(self) -> None:
        text = self.prompt.toPlainText()
        if self.one_per_line.isChecked():
            n = len(self.prompts())
            self.prompt_count.setText(self.tr("%n song(s), one per line", "", n))
        else:
            self.prompt_count.setText(self.tr("{n} / {max} characters").format(n=f"{len(text):,}",
                                                                                   max=f"{PROMPT_MAX:,}"))  # fmt: skip
        instrumental = self.instrumental.isChecked()
        self.lyrics.setEnabled(not instrumental)
        self.write_button.setEnabled(not instrumental and self._write_lyrics is not None)
        self.count.setEnabled(not self.one_per_line.isChecked())
        problems = {p.field: p.message for p in self.problems()}
        dirty = bool(text.strip()) or self.lyrics.toPlainText() != ""
        # An empty form is not an error yet: it says so only once something was typed.
        self._show(self.prompt_error, problems.get("prompt") if dirty else None)
        self._show(self.lyrics_error, problems.get("lyrics") or problems.get("instrumental"))
        self.make_button.setEnabled(not problems)
        self.cost.setText(self.cost_text())

    @staticmethod
    def _show(label: QLabel, message: str | None) -> None:
        label.setText(message or "")
        label.setVisible(bool(message))

    def cost_text(self) -> str:
        n = len(self.bodies())
        email = self.chosen_account()
        choices = [a for a in self._accounts if a.email == email] if email else [a for a in self._accounts
                                                                                   if a.healthy]  # fmt: skip
        where = email or self.tr("any account")
        songs = self.tr("%n song(s)", "", n)
        costs = [a.cost for a in choices if a.cost]
        credits = [a.credits for a in choices if a.credits is not None]
        if not costs:
            return self.tr("{songs} on {where}: cost unknown until the first song").format(songs=songs, where=where)
        total = max(costs) * n
        if credits:
            return self.tr("{songs} on {where} ~{total} credits of {credits}").format(
                songs=songs, where=where, total=f"{total:,}", credits=f"{sum(credits):,}"
            )
        return self.tr("{songs} on {where} ~{total} credits").format(songs=songs, where=where, total=f"{total:,}")

    def _ask_lyrics(self) -> None:
        if self._write_lyrics is None:
            return
        prompt = self.prompts()[0] if self.prompts() else ""
        if not 1 <= len(prompt) <= 2_000:
            self.lyrics_status.setText(self.tr("Lyrics are written from a prompt of 1 to 2,000 characters."))
            return
        self.write_button.setEnabled(False)
        self.lyrics_status.setText(self.tr("Writing lyrics…"))
        self.lyrics_requested.emit(prompt)
        self._write_lyrics(prompt, self.chosen_account(), self._lyrics_done)

    def _lyrics_done(self, text: str, ok: bool) -> None:
        self.write_button.setEnabled(not self.instrumental.isChecked())
        if ok:
            self.lyrics.setPlainText(text[:LYRICS_MAX])
            self.lyrics_status.setText(self.tr("Written by the API: edit them as you like."))
        else:
            self.lyrics_status.setText(self.tr("Could not write lyrics: {why}").format(why=text))

    def _ask_list(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, self.tr("Load a prompt list"), "",
                                              self.tr("Text files (*.txt);;All files (*)"))  # fmt: skip
        if path and self._load_text is not None:
            self._load_text(path, self._list_loaded)

    def _list_loaded(self, text: str | None, problem: str) -> None:
        if text is None:
            self._show(self.prompt_error, self.tr("Could not read the list: {why}").format(why=problem))
            return
        lines = [line.strip() for line in re.split(r"\r?\n", text) if line.strip()]
        self.one_per_line.setChecked(True)
        self.prompt.setPlainText("\n".join(lines))

    def _accept(self) -> None:
        self._update()
        if not self.problems():
            self.accept()


def _wrap(layout: QVBoxLayout) -> QWidget:
    widget = QWidget()
    layout.setContentsMargins(0, 0, 0, 0)
    widget.setLayout(layout)
    return widget

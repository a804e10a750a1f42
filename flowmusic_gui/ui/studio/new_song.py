"""The "New song" form: prompt (with a live count), lyrics (their [Verse]/[Chorus] headers shown as such, or
written by the API for free), instrumental, ghostwriter, account, reference images and audio (added by a file
dialog or dropped, checked before anything is sent, uploaded at Make to the account the songs go to), how many or
one per line of a list, and what it will cost; every field checked against API.md's ranges before anything is
sent, naming the field."""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from PySide6.QtCore import QRegularExpression, Qt, Signal
from PySide6.QtGui import (
    QDragEnterEvent,
    QDropEvent,
    QFont,
    QKeySequence,
    QShortcut,
    QSyntaxHighlighter,
    QTextCharFormat,
    QTextDocument,
)
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from flowmusic_gui.core.make_fields import LYRICS_MAX, PROMPT_MAX, FieldProblem, check_music
from flowmusic_gui.core.ref_files import MAX_BYTES, MAX_PER_KIND, RefFile, RefProblem, ref_fields, size_text
from flowmusic_gui.ui.text import elide, plain_label

#: Checks files off the GUI thread: (paths, done(list of RefFile or RefProblem)).
CheckFiles = Callable[[list[str], Callable[[list[Any]], None]], None]
#: Uploads one file off the GUI thread to an account: (file, email, done(asset id or None, problem)).
UploadFile = Callable[[RefFile, str, Callable[[str | None, str], None]], None]

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


@dataclass
class RefEntry:
    """A reference file in the form and its upload: ``state`` is ready, uploading, uploaded or failed; an asset id
    belongs to the account it was uploaded to."""

    file: RefFile
    state: str = "ready"
    asset: str | None = None
    account: str | None = None
    problem: str = ""
    item: QListWidgetItem | None = field(default=None, repr=False)


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
        check_files: CheckFiles | None = None,
        upload_file: UploadFile | None = None,
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
        self._check_files = check_files
        self._upload_file = upload_file
        self.references: list[RefEntry] = []
        self._uploading = False
        self._cancelled = False
        self._pinned: str | None = None  # the account "Automatic" resolved to for this form's uploads
        self.setAcceptDrops(check_files is not None)
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

        # references: images and audio the model takes as a guide, uploaded to the songs' account at Make
        self.ref_list = QListWidget()
        self.ref_list.setObjectName("references")
        self.ref_list.setAccessibleName(self.tr("Reference files"))
        self.ref_list.setMaximumHeight(96)
        self.ref_list.setSelectionMode(QListWidget.SelectionMode.ExtendedSelection)
        self.add_refs = QPushButton(self.tr("Add &files…"))
        self.add_refs.setObjectName("addReferences")
        self.add_refs.setToolTip(self.tr("Images (JPEG, PNG, WebP) and audio (mp3, WAV, m4a, AAC) up to {size} "
                                         "each, at most {n} of each; or drop them on this form")
                                 .format(size=size_text(MAX_BYTES), n=MAX_PER_KIND))  # fmt: skip
        self.add_refs.setEnabled(check_files is not None)
        self.remove_refs = QPushButton(self.tr("Remo&ve"))
        self.remove_refs.setObjectName("removeReferences")
        self.remove_refs.setEnabled(False)
        self.refs_note = plain_label(wrap=True)
        self.refs_note.setObjectName("referencesNote")
        self.refs_error = _field_error()
        refs_row = QHBoxLayout()
        refs_row.addWidget(self.add_refs)
        refs_row.addWidget(self.remove_refs)
        refs_row.addWidget(self.refs_note, 1)
        refs_box = QVBoxLayout()
        refs_box.addWidget(self.ref_list)
        refs_box.addLayout(refs_row)
        refs_box.addWidget(self.refs_error)
        self.ref_list.hide()  # until a file is added: the row is the buttons and the hint
        self.refs_note.setText(self.tr("Images or audio to guide the song (optional); drop files here too"))
        form.addRow(self.tr("&References"), _wrap(refs_box))
        delete = QShortcut(QKeySequence(QKeySequence.StandardKey.Delete), self.ref_list)
        delete.setContext(Qt.ShortcutContext.WidgetShortcut)
        delete.activated.connect(self._remove_selected_refs)

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
        self.add_refs.clicked.connect(self._ask_refs)
        self.remove_refs.clicked.connect(self._remove_selected_refs)
        self.ref_list.itemSelectionChanged.connect(
            lambda: self.remove_refs.setEnabled(bool(self.ref_list.selectedItems()) and not self._uploading))
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
        self._fill_refs(body, email)

    def _fill_refs(self, body: dict[str, Any], email: str | None) -> None:
        """The request's reference asset ids, as already uploaded to its account (no file to upload again)."""
        for prefix, content_type in (("refImage", "image/*"), ("refAudio", "audio/*")):
            for i in range(1, MAX_PER_KIND + 1):
                asset = body.get(f"{prefix}{i}")
                if not isinstance(asset, str) or not asset.strip():
                    continue
                entry = RefEntry(RefFile("", elide(asset.strip(), 80), 0, content_type), state="uploaded",
                                 asset=asset.strip(), account=email)  # fmt: skip
                entry.item = QListWidgetItem()
                self.ref_list.addItem(entry.item)
                self.references.append(entry)
                self._show_ref(entry)
        if self.references:
            self.ref_list.show()
            self.refs_note.setText(self._refs_summary())

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

    def send_account(self) -> str | None:
        """The account the songs go to: the one chosen, or with references under "Automatic" the one they were
        uploaded to (all refs of one request live on one account)."""
        chosen = self.chosen_account()
        if chosen is not None or not self.references:
            return chosen
        return self._pinned

    def upload_account(self) -> str | None:
        """Where the references are uploaded: the chosen account, else the healthy one with the most free slots
        (then the most credits) among those offered; None when no account is known."""
        chosen = self.chosen_account()
        if chosen is not None:
            return chosen
        if self._pinned is not None:
            return self._pinned
        fit = [a for a in self._accounts if a.healthy and (a.credits is None or a.credits > 0)]
        if not fit:
            return None

        def rank(a: AccountChoice) -> tuple[int, int]:
            free = (a.max_jobs - a.running) if a.max_jobs is not None else 0
            return (free, a.credits or 0)

        return max(fit, key=rank).email

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
        base.update(ref_fields([(r.file.kind, r.asset) for r in self.references if r.asset is not None]))
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
        refs = self.refs_problem()
        if refs:
            seen["references"] = FieldProblem("references", refs)
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
        self._show(self.refs_error, problems.get("references"))
        # A failed upload does not grey Make out: Make tries it again.
        self.make_button.setEnabled(not self.problems_without_uploads() and not self._uploading)
        self.cost.setText(self.cost_text())

    @staticmethod
    def _show(label: QLabel, message: str | None) -> None:
        label.setText(message or "")
        label.setVisible(bool(message))

    def cost_text(self) -> str:
        n = len(self.bodies())
        # With references the songs go where the files go, also under "Automatic".
        email = self.upload_account() if self.references else self.chosen_account()
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

    # --- references -----------------------------------------------------------------------------------------

    def refs_problem(self) -> str | None:
        """What keeps the references from going out (too many of a kind, a failed upload), naming the file."""
        for kind, word in (("image", self.tr("images")), ("audio", self.tr("audio files"))):
            n = sum(r.file.kind == kind for r in self.references)
            if n > MAX_PER_KIND:
                return self.tr("At most {n} reference {what} per song ({m} added)").format(n=MAX_PER_KIND, what=word,
                                                                                          m=n)  # fmt: skip
        failed = next((r for r in self.references if r.state == "failed"), None)
        if failed is not None:
            return self.tr("{name} could not be uploaded: {why}. Make tries again; Remove leaves it out.").format(
                name=failed.file.name, why=failed.problem)
        return None

    def add_files(self, paths: list[str]) -> None:
        """Check these files (off the GUI thread) and list the ones fit to upload; the others are named."""
        known = {r.file.path for r in self.references}
        fresh = [p for p in dict.fromkeys(paths) if p and p not in known]
        if not fresh or self._check_files is None:
            return
        self.refs_note.setText(self.tr("Checking %n file(s)…", "", len(fresh)))
        self._check_files(fresh, self._files_checked)

    def _files_checked(self, results: list[Any]) -> None:
        rejected = []
        for found in results:
            if isinstance(found, RefFile):
                if any(r.file.path == found.path for r in self.references):
                    continue
                entry = RefEntry(found)
                entry.item = QListWidgetItem()
                self.ref_list.addItem(entry.item)
                self.references.append(entry)
                self._show_ref(entry)
            elif isinstance(found, RefProblem):
                rejected.append(self._problem_text(found))
        self.ref_list.setVisible(bool(self.references))
        self.refs_note.setText("\n".join(rejected) if rejected else self._refs_summary())
        self.refs_note.setStyleSheet("color: #c62828;" if rejected else "")
        self._update()

    def _problem_text(self, problem: RefProblem) -> str:
        why = {
            "not_file": self.tr("not a file"),
            "unreadable": self.tr("cannot be read ({detail})").format(detail=problem.detail),
            "empty": self.tr("the file is empty"),
            "too_big": self.tr("{size}, over the {limit} a reference may be").format(
                size=problem.detail, limit=size_text(MAX_BYTES)),
            "type": self.tr("not a file the API takes as a reference (JPEG, PNG or WebP images; mp3, WAV, m4a or "
                            "AAC audio)"),
            "changed": self.tr("the file changed since it was added; add it again"),
        }.get(problem.why, problem.why)
        return f"{problem.name}: {why}"

    def _refs_summary(self) -> str:
        images = sum(r.file.kind == "image" for r in self.references)
        audio = len(self.references) - images
        if not self.references:
            return self.tr("Images or audio to guide the song (optional); drop files here too")
        where = self.upload_account()
        text = self.tr("%n image(s)", "", images) + ", " + self.tr("%n audio file(s)", "", audio)
        if where:
            return self.tr("{files}: uploaded to {account} at Make; the songs go there too").format(
                files=text, account=where)
        return self.tr("{files}: choose an account to upload them to").format(files=text)

    def _show_ref(self, entry: RefEntry) -> None:
        if entry.item is None:
            return
        kind = self.tr("image") if entry.file.kind == "image" else self.tr("audio")
        states = {
            "ready": self.tr("ready to upload"),
            "uploading": self.tr("uploading to {account}…").format(account=entry.account or ""),
            "uploaded": self.tr("uploaded to {account}").format(account=entry.account or ""),
            "failed": self.tr("failed: {why}").format(why=entry.problem),
        }
        size = size_text(entry.file.size) if entry.file.size else self.tr("from the request")
        entry.item.setText(f"{entry.file.name} · {kind} · {size} · {states[entry.state]}")
        entry.item.setData(Qt.ItemDataRole.AccessibleTextRole, entry.item.text())

    def _remove_selected_refs(self) -> None:
        if self._uploading:
            return
        rows = sorted({self.ref_list.row(item) for item in self.ref_list.selectedItems()}, reverse=True)
        for row in rows:
            self.ref_list.takeItem(row)
            del self.references[row]
        self.ref_list.setVisible(bool(self.references))
        self.refs_note.setStyleSheet("")
        self.refs_note.setText(self._refs_summary())
        self._update()

    def _ask_refs(self) -> None:
        paths, _ = QFileDialog.getOpenFileNames(
            self, self.tr("Add reference images or audio"), "",
            self.tr("Images and audio (*.jpg *.jpeg *.png *.webp *.mp3 *.wav *.m4a *.mp4 *.aac);;All files (*)"),
        )  # fmt: skip
        self.add_files(paths)

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if self._check_files is not None and any(u.isLocalFile() for u in event.mimeData().urls()):
            event.acceptProposedAction()
        else:
            super().dragEnterEvent(event)

    def dropEvent(self, event: QDropEvent) -> None:
        paths = [u.toLocalFile() for u in event.mimeData().urls() if u.isLocalFile()]
        if paths and self._check_files is not None:
            event.acceptProposedAction()
            self.add_files(paths)
        else:
            super().dropEvent(event)

    def _start_uploads(self) -> bool:
        """Upload what is not on the target account yet; True when there is nothing left to upload."""
        target = self.upload_account()
        if target is None:
            self._show(self.refs_error, self.tr("Choose an account: references are uploaded to one account"))
            return False
        todo = [r for r in self.references if not (r.state == "uploaded" and r.account == target)]
        if not todo:
            return True
        kept = next((r for r in todo if not r.file.path), None)
        if kept is not None:  # from the request Make again opened: it lives on its account, with no file here
            self._show(self.refs_error, self.tr("{name} is on {account}: choose that account, or remove it").format(
                name=kept.file.name, account=kept.account or "?"))
            return False
        if self._upload_file is None:
            self._show(self.refs_error, self.tr("References cannot be uploaded here"))
            return False
        if self.chosen_account() is None:
            self._pinned = target
        self._uploading = True
        self.make_button.setEnabled(False)
        self.remove_refs.setEnabled(False)
        self.add_refs.setEnabled(False)
        self.account_box.setEnabled(False)
        for entry in todo:
            entry.state, entry.account, entry.asset, entry.problem = "uploading", target, None, ""
            self._show_ref(entry)
            self._upload_file(entry.file, target, functools.partial(self._uploaded, entry))
        self.refs_note.setStyleSheet("")
        self.refs_note.setText(self.tr("Uploading %n file(s) to {account}…", "", len(todo)).format(account=target))
        return False

    def reject(self) -> None:
        self._cancelled = True  # uploads still on their way end here: nothing is queued after Cancel
        super().reject()

    def _uploaded(self, entry: RefEntry, asset: str | None, why: str) -> None:
        if entry not in self.references or self._cancelled:
            return
        if asset:
            entry.state, entry.asset = "uploaded", asset
        else:
            entry.state, entry.problem = "failed", why
        self._show_ref(entry)
        if any(r.state == "uploading" for r in self.references):
            return
        self._uploading = False
        self.add_refs.setEnabled(self._check_files is not None)
        self.account_box.setEnabled(True)
        self.refs_note.setText(self._refs_summary())
        self._update()
        if all(r.state == "uploaded" for r in self.references):
            self._accept()  # every file is on the account: the songs go out with their asset ids

    def _accept(self) -> None:
        self._update()
        if self._uploading or self.problems_without_uploads():
            return
        if self.references and not self._start_uploads():
            return
        if not self.problems():
            self.accept()

    def problems_without_uploads(self) -> list[FieldProblem]:
        """The form's problems other than a failed upload (which Make tries again)."""
        return [p for p in self.problems() if not (p.field == "references" and any(
            r.state == "failed" for r in self.references))]


def _wrap(layout: QVBoxLayout) -> QWidget:
    widget = QWidget()
    layout.setContentsMargins(0, 0, 0, 0)
    widget.setLayout(layout)
    return widget

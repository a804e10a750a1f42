"""The download settings as the window keeps them, and their group in the Settings dialog (live name preview)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QCheckBox, QComboBox, QFormLayout, QGroupBox, QLabel, QLineEdit, QWidget

from flowmusic_gui.core.filenames import check_template, preview
from flowmusic_gui.core.tags import TagOptions
from flowmusic_gui.core.translatable import QT_TRANSLATE_NOOP
from flowmusic_gui.engine.download_settings import FORMATS, DownloadSettings, default_folder, read_offsets
from flowmusic_gui.ui import options as opt
from flowmusic_gui.ui.options import Options

_FORMAT_LABELS = {
    "m4a": QT_TRANSLATE_NOOP("DownloadSettingsGroup", "m4a (AAC audio, from the clip's link)"),
    "wav": QT_TRANSLATE_NOOP("DownloadSettingsGroup", "WAV (lossless master)"),
    "mp3": QT_TRANSLATE_NOOP("DownloadSettingsGroup", "mp3 (from the API, with the token)"),
}


def download_settings(options: Options) -> DownloadSettings:
    """The queue's settings from the window's options (defaults for anything missing or wrong)."""
    folder = options.get(opt.DOWNLOAD_DIR).strip()
    fmt = options.get(opt.DOWNLOAD_FORMAT)
    template = options.get(opt.DOWNLOAD_TEMPLATE).strip() or opt.DOWNLOAD_TEMPLATE.default
    if check_template(template) is not None:
        template = opt.DOWNLOAD_TEMPLATE.default
    tags = TagOptions(
        enabled=options.get(opt.DOWNLOAD_TAGS),
        title=options.get(opt.DOWNLOAD_TITLE).strip() or opt.DOWNLOAD_TITLE.default,
        artist=options.get(opt.DOWNLOAD_ARTIST).strip() or opt.DOWNLOAD_ARTIST.default,
        album=options.get(opt.DOWNLOAD_ALBUM).strip() or opt.DOWNLOAD_ALBUM.default,
    )
    return DownloadSettings(
        folder=Path(folder).expanduser() if folder else default_folder(),
        format=fmt if fmt in FORMATS else opt.DOWNLOAD_FORMAT.default,
        template=template,
        tags=tags,
        lrc=options.get(opt.DOWNLOAD_LRC),
        lyric_offsets=read_offsets(options.settings),
    )


class DownloadSettingsGroup(QGroupBox):
    """Format, tags, tag templates and the file-name template with a live preview of the name it makes."""

    def __init__(self, options: Options, parent: QWidget | None = None) -> None:
        super().__init__(self.tr("Downloads"), parent)
        form = QFormLayout(self)
        self.format = QComboBox()
        for fmt in FORMATS:
            self.format.addItem(self.tr(_FORMAT_LABELS[fmt]), fmt)
        form.addRow(self.tr("Default format:"), self.format)
        self.template = QLineEdit()
        self.template.setToolTip(
            self.tr("Placeholders: {title} {take} {clip} {job} {date} {account} {format}; a / makes a folder")
        )
        form.addRow(self.tr("File name:"), self.template)
        self.preview = QLabel()
        self.preview.setTextFormat(Qt.TextFormat.PlainText)
        self.preview.setWordWrap(True)
        self.preview.setObjectName("templatePreview")
        self.preview.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        form.addRow("", self.preview)
        self.tags = QCheckBox(self.tr("Write tags: title, artist, album, date, prompt, cover and lyrics"))
        form.addRow(self.tags)
        self.title_tag = QLineEdit()
        self.artist_tag = QLineEdit()
        self.album_tag = QLineEdit()
        form.addRow(self.tr("Title tag:"), self.title_tag)
        form.addRow(self.tr("Artist tag:"), self.artist_tag)
        form.addRow(self.tr("Album tag:"), self.album_tag)
        self.lrc = QCheckBox(self.tr("Also save synced lyrics (.lrc) beside mp3 and WAV files"))
        form.addRow(self.lrc)
        self.kept_only = QCheckBox(self.tr("Kept takes only: Download clips and Download all WAVs fetch only the "
                                           "takes starred as keepers"))  # fmt: skip
        self.kept_only.setObjectName("keptTakesOnlySetting")
        form.addRow(self.kept_only)
        self.template.textChanged.connect(self._update_preview)
        self.format.currentIndexChanged.connect(self._update_preview)  # the sample's extension follows the format
        self.tags.toggled.connect(self._update_enabled)
        self.load(options)

    def load(self, options: Options) -> None:
        self.format.setCurrentIndex(max(0, self.format.findData(options.get(opt.DOWNLOAD_FORMAT))))
        self.template.setText(options.get(opt.DOWNLOAD_TEMPLATE))
        self.tags.setChecked(options.get(opt.DOWNLOAD_TAGS))
        self.title_tag.setText(options.get(opt.DOWNLOAD_TITLE))
        self.artist_tag.setText(options.get(opt.DOWNLOAD_ARTIST))
        self.album_tag.setText(options.get(opt.DOWNLOAD_ALBUM))
        self.lrc.setChecked(options.get(opt.DOWNLOAD_LRC))
        self.kept_only.setChecked(options.get(opt.DOWNLOAD_KEPT_ONLY))
        self._update_preview()
        self._update_enabled()

    def restore(self) -> None:
        self.format.setCurrentIndex(max(0, self.format.findData(opt.DOWNLOAD_FORMAT.default)))
        self.template.setText(opt.DOWNLOAD_TEMPLATE.default)
        self.tags.setChecked(opt.DOWNLOAD_TAGS.default)
        self.title_tag.setText(opt.DOWNLOAD_TITLE.default)
        self.artist_tag.setText(opt.DOWNLOAD_ARTIST.default)
        self.album_tag.setText(opt.DOWNLOAD_ALBUM.default)
        self.lrc.setChecked(opt.DOWNLOAD_LRC.default)
        self.kept_only.setChecked(opt.DOWNLOAD_KEPT_ONLY.default)

    def problem(self) -> str | None:
        """None, or what is wrong with the file-name template (shown, and OK refused)."""
        text = self.template.text().strip() or opt.DOWNLOAD_TEMPLATE.default
        found = check_template(text)
        return None if found is None else self.tr("File name: {problem}").format(problem=found)

    def apply(self, options: Options) -> None:
        options.set(opt.DOWNLOAD_FORMAT, str(self.format.currentData()))
        options.set(opt.DOWNLOAD_TEMPLATE, self.template.text().strip() or opt.DOWNLOAD_TEMPLATE.default)
        options.set(opt.DOWNLOAD_TAGS, self.tags.isChecked())
        options.set(opt.DOWNLOAD_TITLE, self.title_tag.text().strip() or opt.DOWNLOAD_TITLE.default)
        options.set(opt.DOWNLOAD_ARTIST, self.artist_tag.text().strip() or opt.DOWNLOAD_ARTIST.default)
        options.set(opt.DOWNLOAD_ALBUM, self.album_tag.text().strip() or opt.DOWNLOAD_ALBUM.default)
        options.set(opt.DOWNLOAD_LRC, self.lrc.isChecked())
        options.set(opt.DOWNLOAD_KEPT_ONLY, self.kept_only.isChecked())

    def _update_preview(self) -> None:
        fmt = self.format.currentData()
        shown = preview(self.template.text().strip() or opt.DOWNLOAD_TEMPLATE.default,
                        fmt=fmt if fmt in FORMATS else opt.DOWNLOAD_FORMAT.default)
        if shown.problem is not None:
            self.preview.setText(f"⚠ {shown.problem}")
        else:
            self.preview.setText(self.tr("For example: {path}").format(path=shown.path))
        self._fit_preview()

    def _fit_preview(self) -> None:
        """Give the preview the height its wrapped lines need and grow the dialog to it: a form layout does not
        ask a wrapping label for its height at the width it gets, so two lines were cut to one."""
        width = self.preview.width() if self.preview.width() > 50 else self.preview.sizeHint().width()
        needed = self.preview.heightForWidth(max(1, width))
        if needed > 0 and needed != self.preview.minimumHeight():
            self.preview.setMinimumHeight(needed)
        window = self.window()
        if window is not self and window.isVisible():
            hint = window.sizeHint().height()
            if window.height() < hint:
                window.resize(window.width(), hint)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit_preview()  # a narrower dialog wraps the preview onto more lines

    def _update_enabled(self) -> None:
        for field in (self.title_tag, self.artist_tag, self.album_tag):
            field.setEnabled(self.tags.isChecked())

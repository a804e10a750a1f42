"""The downloads group in Settings: a live preview of the file name the template makes, a bad placeholder named
(and OK refused), the tag fields following the Write tags box, and what is applied is what the queue then uses."""

from __future__ import annotations

from pathlib import Path

from pytestqt.qtbot import QtBot

from flowmusic_gui.core import paths
from flowmusic_gui.ui import options as opt
from flowmusic_gui.ui.downloads.settings import DownloadSettingsGroup, download_settings
from flowmusic_gui.ui.options import Options


def group(qtbot: QtBot, options: Options) -> DownloadSettingsGroup:
    g = DownloadSettingsGroup(options)
    qtbot.addWidget(g)
    g.show()
    return g


def test_the_preview_follows_the_template(qtbot: QtBot, tmp_path: Path) -> None:
    g = group(qtbot, Options.open(tmp_path))
    assert g.preview.text().startswith("For example: Neon Rain (A).")
    g.template.setText("{account}/{title}.{format}")
    assert g.preview.text().startswith("For example: ") and "/Neon Rain." in g.preview.text()
    assert g.problem() is None


def test_the_preview_names_the_file_in_the_chosen_format(qtbot: QtBot, tmp_path: Path) -> None:
    """The sample file's extension is the download format the user picked, and follows the choice live."""
    options = Options.open(tmp_path)
    g = group(qtbot, options)
    assert g.format.currentData() == "m4a"
    assert g.preview.text() == "For example: Neon Rain (A).m4a"
    g.format.setCurrentIndex(g.format.findData("wav"))
    assert g.preview.text() == "For example: Neon Rain (A).wav"
    g.format.setCurrentIndex(g.format.findData("mp3"))
    assert g.preview.text() == "For example: Neon Rain (A).mp3"
    g.template.setText("{title}/{take}.{format}")  # a template change keeps the chosen format
    assert g.preview.text() == "For example: Neon Rain/A.mp3"
    options.set(opt.DOWNLOAD_FORMAT, "wav")
    g.load(options)  # a saved choice shows on opening
    assert g.preview.text().endswith(".wav")


def test_an_unknown_placeholder_is_named_and_refused(qtbot: QtBot, tmp_path: Path) -> None:
    g = group(qtbot, Options.open(tmp_path))
    g.template.setText("{artist} - {title}.{format}")
    assert g.preview.text().startswith("⚠ Unknown placeholder {artist}")
    problem = g.problem()
    assert problem is not None and problem.startswith("File name: Unknown placeholder {artist}")


def test_the_tag_fields_follow_write_tags(qtbot: QtBot, tmp_path: Path) -> None:
    g = group(qtbot, Options.open(tmp_path))
    g.tags.setChecked(False)
    assert not g.title_tag.isEnabled() and not g.album_tag.isEnabled()
    g.tags.setChecked(True)
    assert g.title_tag.isEnabled() and g.artist_tag.isEnabled()


def test_what_is_applied_is_what_the_queue_uses(qtbot: QtBot, tmp_path: Path) -> None:
    options = Options.open(tmp_path)
    g = group(qtbot, options)
    g.format.setCurrentIndex(g.format.findData("wav"))
    g.template.setText("  {title}-{take}.{format}  ")
    g.artist_tag.setText("   ")  # left empty: the default comes back
    g.lrc.setChecked(True)
    g.apply(options)
    settings = download_settings(options)
    assert settings.format == "wav" and settings.template == "{title}-{take}.{format}"
    assert settings.tags.artist == opt.DOWNLOAD_ARTIST.default and settings.lrc
    g.restore()
    assert g.format.currentData() == "m4a" and g.template.text() == opt.DOWNLOAD_TEMPLATE.default


def test_no_folder_set_means_flowmusic_in_the_music_folder(tmp_path: Path) -> None:
    settings = download_settings(Options.open(tmp_path))
    assert settings.folder == paths.download_dir() and settings.folder.name == "FlowMusic"

"""The download settings (folder, format, tags, templates) as the window saves them and the command line reads them.

Both read the same ``settings.ini`` in the data folder through QSettings, under these keys, so
``flowmusic download`` uses the folder and names chosen in the window's Settings. Kept light (QtCore only):
the window's option list imports the keys before its first paint.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from flowmusic_gui.core.filenames import DEFAULT_TEMPLATE
from flowmusic_gui.core.lyrics import clean_offset, offset_key
from flowmusic_gui.core.tags import TagOptions

if TYPE_CHECKING:
    from PySide6.QtCore import QSettings

SETTINGS_FILENAME = "settings.ini"

KEY_FOLDER = "downloads/folder"
KEY_FORMAT = "downloads/format"
KEY_TAGS = "downloads/tags"
KEY_TEMPLATE = "downloads/template"
KEY_TITLE = "downloads/title_template"
KEY_ARTIST = "downloads/artist_template"
KEY_ALBUM = "downloads/album_template"
KEY_LRC = "downloads/lrc"
#: The group of each clip's lyrics timing offset (Lyrics timing -/+ in the window), keyed by `offset_key`.
OFFSETS_GROUP = "lyric_offsets"

FORMATS: tuple[str, ...] = ("m4a", "wav", "mp3")
DEFAULT_FORMAT = "m4a"
DEFAULT_TITLE = TagOptions.title
DEFAULT_ARTIST = TagOptions.artist
DEFAULT_ALBUM = TagOptions.album


def default_folder() -> Path:
    """Where downloads go unless Settings says otherwise: ``FlowMusic`` in the user's music folder (the desktop's,
    ``~/Musik`` on a German one; else ``~/Music``), the demo's own folder in the demo."""
    from flowmusic_gui.core import paths

    return paths.download_dir()


@dataclass(frozen=True)
class DownloadSettings:
    """How a download is named, tagged and where it goes: plain data, handed to the queue's worker threads."""

    folder: Path = field(default_factory=default_folder)
    format: str = DEFAULT_FORMAT
    template: str = DEFAULT_TEMPLATE
    tags: TagOptions = field(default_factory=TagOptions)
    #: An ``.lrc`` file beside mp3 and WAV too (m4a always gets one: MP4 has no synced-lyrics atom).
    lrc: bool = False
    #: The user's lyrics timing corrections, ``(offset_key(clip id), seconds)``: the .lrc and SYLT use them.
    lyric_offsets: tuple[tuple[str, float], ...] = ()

    def offset_for(self, clip_id: str | None) -> float:
        """The lyrics timing offset the user chose for this clip (seconds, positive: later), 0 if none."""
        if not clip_id or not self.lyric_offsets:
            return 0.0
        key = offset_key(clip_id)
        return next((seconds for k, seconds in self.lyric_offsets if k == key), 0.0)


def _text(value: object, default: str) -> str:
    return value.strip() if isinstance(value, str) and value.strip() else default


def _flag(value: object, default: bool) -> bool:
    if value is None:
        return default
    if isinstance(value, bool):
        return value
    return str(value).strip().lower() in ("true", "1", "yes", "on")


def read_offsets(qs: QSettings) -> tuple[tuple[str, float], ...]:
    """Every clip's lyrics timing offset saved in ``qs`` (the ones that are not a number are left out)."""
    qs.beginGroup(OFFSETS_GROUP)
    try:
        found = ((f"{OFFSETS_GROUP}/{key}", clean_offset(qs.value(key))) for key in qs.childKeys())
        return tuple((key, seconds) for key, seconds in found if seconds)
    finally:
        qs.endGroup()


def read_settings(data_dir: Path) -> DownloadSettings:
    """The download settings saved in ``data_dir``'s settings file; defaults for what is missing or wrong."""
    from PySide6.QtCore import QSettings

    path = Path(data_dir) / SETTINGS_FILENAME
    if not path.is_file():
        return DownloadSettings()
    qs = QSettings(str(path), QSettings.Format.IniFormat)
    folder = _text(qs.value(KEY_FOLDER), "")
    fmt = _text(qs.value(KEY_FORMAT), DEFAULT_FORMAT)
    tags = TagOptions(
        enabled=_flag(qs.value(KEY_TAGS), True),
        title=_text(qs.value(KEY_TITLE), DEFAULT_TITLE),
        artist=_text(qs.value(KEY_ARTIST), DEFAULT_ARTIST),
        album=_text(qs.value(KEY_ALBUM), DEFAULT_ALBUM),
    )
    return DownloadSettings(
        folder=Path(folder).expanduser() if folder else default_folder(),
        format=fmt if fmt in FORMATS else DEFAULT_FORMAT,
        template=_text(qs.value(KEY_TEMPLATE), DEFAULT_TEMPLATE),
        tags=tags,
        lrc=_flag(qs.value(KEY_LRC), False),
        lyric_offsets=read_offsets(qs),
    )

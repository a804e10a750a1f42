"""Every user option with its default, in one place, over one QSettings ini file (window state kept apart).

The file lives in the data folder, so ``--data-dir`` (tests, the demo) never touches the user's settings.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any, Generic, TypeVar

from PySide6.QtCore import QByteArray, QSettings

if TYPE_CHECKING:
    from collections.abc import Mapping

    from flowmusic_gui.core.schedule import PolicyConfig

T = TypeVar("T", bool, int, float, str)

SETTINGS_FILENAME = "settings.ini"


class Option(Generic[T]):
    """One setting: its key in the settings file, its default and what it is for.

    A plain class rather than a dataclass: the window imports this before its first paint, and ``dataclasses``
    (with ``inspect``) is not otherwise needed by then.
    """

    __slots__ = ("default", "doc", "key")
    key: str
    default: T
    doc: str

    def __init__(self, key: str, default: T, doc: str) -> None:
        self.key = key
        self.default = default
        self.doc = doc

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Option) and (self.key, self.default, self.doc) == (other.key, other.default, other.doc)

    def __hash__(self) -> int:
        return hash(self.key)

    def __repr__(self) -> str:
        return f"Option({self.key!r}, {self.default!r})"


#: Show a system notification when a job finishes or fails.
NOTIFICATIONS = Option("notifications/enabled", True, "Notify when a job finishes or fails")
#: Base poll interval in seconds (PolicyConfig.poll_interval): the dense interval near the expected finish.
POLL_INTERVAL = Option("polling/interval_s", 4.0, "Base poll interval (seconds)")
#: Global request budget, requests per second (PolicyConfig.budget_per_s).
REQUEST_BUDGET = Option("polling/budget_per_s", 2.0, "Request budget (requests per second)")
#: Where downloads go; empty means ~/Music/FlowMusic. The keys of the download options are shared with
#: ``flowmusic download`` (engine/download_settings.py reads the same file).
DOWNLOAD_DIR = Option("downloads/folder", "", "Download folder")
DOWNLOAD_FORMAT = Option("downloads/format", "m4a", "Default download format (m4a, wav or mp3)")
DOWNLOAD_TAGS = Option("downloads/tags", True, "Write tags (title, artist, album, cover, lyrics)")
DOWNLOAD_TEMPLATE = Option("downloads/template", "{title} ({take}).{format}", "File-name template")
DOWNLOAD_TITLE = Option("downloads/title_template", "{title}", "Title tag template")
DOWNLOAD_ARTIST = Option("downloads/artist_template", "FlowMusic", "Artist tag template")
DOWNLOAD_ALBUM = Option("downloads/album_template", "{account}", "Album tag template")
DOWNLOAD_LRC = Option("downloads/lrc", False, "Synced lyrics (.lrc) beside mp3 and WAV files too")
#: API base URL; empty means FLOWMUSIC_API_BASE or the vendor's default.
API_BASE = Option("api/base_url", "", "API base URL")

#: The window's language ("de", "en", "es"); empty follows the system's. Read once at start-up (ui/i18n.py).
#: (Not under "general/": QSettings' ini format files that group as its top level, and reads it back so.)
LANGUAGE = Option("interface/language", "", "Language")
#: Take in running jobs found on the account (GET /jobs), not only pasted ones.
DISCOVER = Option("accounts/discover", True, "Add running jobs found on your account")
#: Closing the window hides it to the tray and polling goes on (only where a tray exists); Quit always quits.
KEEP_IN_TRAY = Option("desktop/keep_in_tray", True, "Keep watching in the tray when the window is closed")
#: Start with the session (an XDG autostart entry; the file itself is the truth, this mirrors it).
AUTOSTART = Option("desktop/autostart", False, "Start with the session")

DOWNLOAD_OPTIONS: tuple[Option[Any], ...] = (
    DOWNLOAD_DIR, DOWNLOAD_FORMAT, DOWNLOAD_TAGS, DOWNLOAD_TEMPLATE, DOWNLOAD_TITLE, DOWNLOAD_ARTIST, DOWNLOAD_ALBUM,
    DOWNLOAD_LRC,
)
ALL_OPTIONS: tuple[Option[Any], ...] = (
    NOTIFICATIONS, POLL_INTERVAL, REQUEST_BUDGET, API_BASE, LANGUAGE, *DOWNLOAD_OPTIONS, KEEP_IN_TRAY, AUTOSTART,
    DISCOVER,
)  # fmt: skip

POLL_INTERVAL_RANGE = (1.0, 60.0)
REQUEST_BUDGET_RANGE = (0.1, 20.0)


def _convert(value: object, default: T) -> T:
    """QSettings' ini backend returns strings: turn them back into the option's type, else the default."""
    try:
        result: object
        if isinstance(default, bool):
            result = value if isinstance(value, bool) else str(value).strip().lower() in ("true", "1", "yes", "on")
        elif isinstance(default, int):
            result = int(str(value))
        elif isinstance(default, float):
            number = float(str(value))
            result = number if number == number else default  # NaN -> default
        else:
            result = "" if value is None else str(value)
        return result
    except (TypeError, ValueError):
        return default


class Options:
    """Typed access to the options and to the window's saved state."""

    def __init__(self, settings: QSettings) -> None:
        self.settings = settings

    @classmethod
    def open(cls, data_dir: Path) -> Options:
        data_dir.mkdir(parents=True, exist_ok=True)
        return cls(QSettings(str(data_dir / SETTINGS_FILENAME), QSettings.Format.IniFormat))

    @property
    def path(self) -> Path:
        return Path(self.settings.fileName())

    def get(self, option: Option[T]) -> T:
        value = self.settings.value(option.key)
        if value is None:
            return option.default
        return _convert(value, option.default)

    def set(self, option: Option[T], value: T) -> None:
        if value == option.default:
            self.settings.remove(option.key)
        else:
            self.settings.setValue(option.key, value)

    # -- window state: opaque blobs and small values under "window/" --------------------------------

    def window_bytes(self, name: str) -> QByteArray | None:
        value = self.settings.value(f"window/{name}")
        if isinstance(value, QByteArray) and not value.isEmpty():
            return value
        return None

    def set_window_bytes(self, name: str, value: QByteArray) -> None:
        self.settings.setValue(f"window/{name}", value)

    def window_value(self, name: str, default: T) -> T:
        value = self.settings.value(f"window/{name}")
        return default if value is None else _convert(value, default)

    def set_window_value(self, name: str, value: bool | int | float | str) -> None:
        self.settings.setValue(f"window/{name}", value)

    def sync(self) -> None:
        self.settings.sync()


def policy_config(options: Options) -> PolicyConfig:
    """The polling configuration these settings ask for (the command line builds its own from flags)."""
    from flowmusic_gui.core import config

    return config.policy_config(poll_interval=options.get(POLL_INTERVAL), budget_per_s=options.get(REQUEST_BUDGET))


def api_base(options: Options, explicit: str | None = None, environ: Mapping[str, str] | None = None) -> str:
    """``--api-base``, else the settings' URL, else FLOWMUSIC_API_BASE, else the vendor's (core.config.api_base)."""
    from flowmusic_gui.core import config

    return config.api_base(explicit, setting=options.get(API_BASE), environ=environ)


class ClipOffsets:
    """The lyrics timing offset of each clip (seconds; positive: later), kept in the settings by clip id."""

    def __init__(self, options: Options) -> None:
        self._settings = options.settings

    @staticmethod
    def _key(clip_id: str) -> str:
        from flowmusic_gui.core.lyrics import offset_key

        # The same key the download settings read (engine.download_settings), so downloads use the offset too.
        return offset_key(clip_id)

    def get(self, clip_id: str) -> float:
        from flowmusic_gui.core.lyrics import clean_offset

        return clean_offset(self._settings.value(self._key(clip_id)))

    def set(self, clip_id: str, seconds: float) -> None:
        if seconds:
            self._settings.setValue(self._key(clip_id), float(seconds))
        else:
            self._settings.remove(self._key(clip_id))

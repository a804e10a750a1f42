"""Every user option with its default, in one place, over one QSettings ini file (window state kept apart).

The file lives in the data folder, so ``--data-dir`` (tests, the demo) never touches the user's settings. It is
a text file a user may edit by hand: a value the Settings dialog would not allow (a poll interval of -5 or ``inf``,
a budget of 1e9, a format of ``flac``) is named once (:attr:`Options.problems`), replaced by the default in the
file, and never stops the start.
"""

from __future__ import annotations

import logging
import math
from pathlib import Path
from typing import TYPE_CHECKING, Any, Generic, TypeVar, cast

from PySide6.QtCore import QByteArray, QSettings

if TYPE_CHECKING:
    from collections.abc import Collection, Mapping

    from flowmusic_gui.core.schedule import PolicyConfig

T = TypeVar("T", bool, int, float, str)
log = logging.getLogger(__name__)

SETTINGS_FILENAME = "settings.ini"


class Option(Generic[T]):
    """One setting: its key in the settings file, its default and what it is for.

    A plain class rather than a dataclass: the window imports this before its first paint, and ``dataclasses``
    (with ``inspect``) is not otherwise needed by then.
    """

    __slots__ = ("bounds", "choices", "default", "doc", "key")
    key: str
    default: T
    doc: str
    bounds: tuple[float, float] | None  # numbers: the range the Settings dialog allows
    choices: tuple[str, ...] | None  # text: the values the Settings dialog offers

    def __init__(
        self, key: str, default: T, doc: str, *, bounds: tuple[float, float] | None = None,
        choices: tuple[str, ...] | None = None,
    ) -> None:
        self.key = key
        self.default = default
        self.doc = doc
        self.bounds = bounds
        self.choices = choices

    def allows(self, value: object) -> bool:
        if self.bounds is not None:
            return isinstance(value, (int, float)) and math.isfinite(value) and (
                self.bounds[0] <= value <= self.bounds[1])
        if self.choices is not None:
            return value in self.choices
        return True

    def allowed_text(self) -> str:
        if self.bounds is not None:
            return f"a number from {self.bounds[0]:g} to {self.bounds[1]:g}"
        if self.choices is not None:
            return "one of " + ", ".join(repr(c) for c in self.choices)
        return f"a {type(self.default).__name__} value"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Option) and (self.key, self.default, self.doc) == (other.key, other.default, other.doc)

    def __hash__(self) -> int:
        return hash(self.key)

    def __repr__(self) -> str:
        return f"Option({self.key!r}, {self.default!r})"


#: Show a system notification when a job finishes or fails.
NOTIFICATIONS = Option("notifications/enabled", True, "Notify when a job finishes or fails")
#: Base poll interval in seconds (PolicyConfig.poll_interval): the dense interval near the expected finish.
POLL_INTERVAL_RANGE = (1.0, 60.0)
REQUEST_BUDGET_RANGE = (0.1, 20.0)
POLL_INTERVAL = Option("polling/interval_s", 4.0, "Base poll interval (seconds)", bounds=POLL_INTERVAL_RANGE)
#: Global request budget, requests per second (PolicyConfig.budget_per_s).
REQUEST_BUDGET = Option("polling/budget_per_s", 2.0, "Request budget (requests per second)",
                        bounds=REQUEST_BUDGET_RANGE)
#: Where downloads go; empty means FlowMusic in the music folder (paths.download_dir()). The keys of the
#: download options are shared with ``flowmusic download`` (engine/download_settings.py reads the same file).
DOWNLOAD_DIR = Option("downloads/folder", "", "Download folder")
DOWNLOAD_FORMAT = Option("downloads/format", "m4a", "Default download format (m4a, wav or mp3)",
                         choices=("m4a", "wav", "mp3"))
DOWNLOAD_TAGS = Option("downloads/tags", True, "Write tags (title, artist, album, cover, lyrics)")
DOWNLOAD_TEMPLATE = Option("downloads/template", "{title} ({take}).{format}", "File-name template")
DOWNLOAD_TITLE = Option("downloads/title_template", "{title}", "Title tag template")
DOWNLOAD_ARTIST = Option("downloads/artist_template", "FlowMusic", "Artist tag template")
DOWNLOAD_ALBUM = Option("downloads/album_template", "{account}", "Album tag template")
DOWNLOAD_LRC = Option("downloads/lrc", False, "Synced lyrics (.lrc) beside mp3 and WAV files too")
#: Download clips / Download all WAVs fetch only the takes starred as keepers (the window's choice; the command
#: line's is its own --kept-only).
DOWNLOAD_KEPT_ONLY = Option("downloads/kept_only", False, "Download kept takes only")
#: The credit floor: the submission queue never sends to an account whose balance would fall below it.
MIN_CREDITS = Option("studio/min_credits", 0, "Credit floor")
#: API base URL; empty means FLOWMUSIC_API_BASE or the vendor's default.
API_BASE = Option("api/base_url", "", "API base URL")

#: The window's language ("de", "en", "es"); empty follows the system's. Read once at start-up (ui/i18n.py).
#: (Not under "general/": QSettings' ini format files that group as its top level, and reads it back so.)
LANGUAGE = Option("interface/language", "", "Language", choices=("", "de", "en", "es"))
#: Take in running jobs found on the account (GET /jobs), not only pasted ones.
DISCOVER = Option("accounts/discover", True, "Add running jobs found on your account")
#: Closing the window hides it to the tray and polling goes on (only where a tray exists); Quit always quits.
KEEP_IN_TRAY = Option("desktop/keep_in_tray", True, "Keep watching in the tray when the window is closed")
#: Start with the session (an XDG autostart entry; the file itself is the truth, this mirrors it).
AUTOSTART = Option("desktop/autostart", False, "Start with the session")

DOWNLOAD_OPTIONS: tuple[Option[Any], ...] = (
    DOWNLOAD_DIR, DOWNLOAD_FORMAT, DOWNLOAD_TAGS, DOWNLOAD_TEMPLATE, DOWNLOAD_TITLE, DOWNLOAD_ARTIST, DOWNLOAD_ALBUM,
    DOWNLOAD_LRC, DOWNLOAD_KEPT_ONLY,
)
ALL_OPTIONS: tuple[Option[Any], ...] = (
    NOTIFICATIONS, POLL_INTERVAL, REQUEST_BUDGET, API_BASE, LANGUAGE, *DOWNLOAD_OPTIONS, KEEP_IN_TRAY, AUTOSTART,
    DISCOVER,
)  # fmt: skip


_BAD: Any = object()
_TRUE = ("true", "1", "yes", "on")
_FALSE = ("false", "0", "no", "off", "")


def _parse(value: object, default: object) -> object:
    """``value`` as the option's type; :data:`_BAD` when it is not one (a word where a number belongs)."""
    try:
        if isinstance(default, bool):
            if isinstance(value, bool):
                return value
            word = str(value).strip().lower()
            return word in _TRUE if word in _TRUE + _FALSE else _BAD
        if isinstance(default, int):
            return int(str(value))
        if isinstance(default, float):
            number = float(str(value))
            return number if math.isfinite(number) else _BAD
        return "" if value is None else str(value)
    except (TypeError, ValueError):
        return _BAD


class Options:
    """Typed access to the options and to the window's saved state."""

    def __init__(self, settings: QSettings) -> None:
        self.settings = settings
        #: Sentences naming each value of the file the Settings dialog would not allow (each once).
        self.problems: list[str] = []
        self._named: set[str] = set()

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
        parsed = _parse(value, option.default)
        if parsed is not _BAD and option.allows(parsed):
            return cast(T, parsed)
        self.refuse(option, value)
        return option.default

    def refuse(self, option: Option[Any], value: object, why: str | None = None) -> None:
        """Name the bad value once and put the default in its place (the file stops holding it)."""
        if option.key not in self._named:
            self._named.add(option.key)
            shown = str(value)[:60]
            reason = why or f"which is not {option.allowed_text()}"
            sentence = (f"The settings file {self.path.name} had {option.key} = {shown!r}, {reason}; the default "
                        f"({option.default!r}) is used instead.")
            log.warning("%s", sentence)
            self.problems.append(sentence)
        self.settings.remove(option.key)

    def check_all(self) -> None:
        """Read every option once, so each bad value in the file is named now (at start), not when first used."""
        for option in ALL_OPTIONS:
            self.get(option)

    def take_problems(self) -> list[str]:
        """The sentences about bad values not shown yet (each is handed out once)."""
        out, self.problems = self.problems, []
        return out

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

    def window_value(self, name: str, default: T, choices: Collection[T] | None = None) -> T:
        """A saved piece of window state; the default when it is missing, of the wrong type or not a choice."""
        value = self.settings.value(f"window/{name}")
        if value is None:
            return default
        parsed = _parse(value, default)
        if parsed is _BAD or (choices is not None and parsed not in choices):
            log.info("window state %s = %r not used", name, str(value)[:60])
            return default
        return cast(T, parsed)

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
    from flowmusic_gui.core.client import BadBaseUrl, normalize_base_url

    setting = options.get(API_BASE)
    if setting:
        try:
            normalize_base_url(setting)
        except BadBaseUrl as exc:  # a URL edited by hand: named, and the next in line is used
            options.refuse(API_BASE, setting, f"which cannot be used ({exc})")
            setting = ""
    return config.api_base(explicit, setting=setting, environ=environ)


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

"""Starting with the session: an XDG autostart entry in ``$XDG_CONFIG_HOME/autostart``, removed when turned off.

The entry starts the app with ``--hidden`` so it goes straight to the tray and keeps watching.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from flowmusic_gui import APP_ID, APP_NAME

HIDDEN_FLAG = "--hidden"


def autostart_dir(environ: dict[str, str] | None = None) -> Path:
    env = os.environ if environ is None else environ
    base = env.get("XDG_CONFIG_HOME") or ""
    # The XDG spec: a relative XDG_CONFIG_HOME is invalid and ignored.
    root = Path(base) if base and Path(base).is_absolute() else Path.home() / ".config"
    return root / "autostart"


def entry_path(environ: dict[str, str] | None = None) -> Path:
    return autostart_dir(environ) / f"{APP_ID}.desktop"


def launch_command() -> list[str]:
    """How to start this app again: the installed script when it is on PATH, else this interpreter."""
    import shutil

    if getattr(sys, "frozen", False):  # the PyInstaller bundle
        return [sys.executable]
    script = shutil.which("flowmusic-gui")
    return [script] if script else [sys.executable, "-m", "flowmusic_gui"]


def _exec_quote(arg: str) -> str:
    # The Desktop Entry spec's Exec quoting: double quotes around args with reserved characters, with `"`,
    # "`", "$" and "\\" escaped by a backslash; "%" doubled.
    arg = arg.replace("%", "%%")
    if arg and all(c.isalnum() or c in "-_./:=+," for c in arg):
        return arg
    escaped = "".join("\\" + c if c in '"`$\\' else c for c in arg)
    return f'"{escaped}"'


def entry_text(command: list[str]) -> str:
    exec_line = " ".join(_exec_quote(a) for a in [*command, HIDDEN_FLAG])
    return (
        "[Desktop Entry]\n"
        "Type=Application\n"
        f"Name={APP_NAME}\n"
        "Comment=Keep watching FlowMusic jobs from the tray\n"
        f"Exec={exec_line}\n"
        f"Icon={APP_ID}\n"
        "Terminal=false\n"
        "X-GNOME-Autostart-enabled=true\n"
    )


def is_enabled(environ: dict[str, str] | None = None) -> bool:
    return entry_path(environ).is_file()


def set_enabled(enabled: bool, *, environ: dict[str, str] | None = None, command: list[str] | None = None) -> str:
    """Write or remove the entry; "" on success, else a sentence naming the file and the problem."""
    path = entry_path(environ)
    try:
        if not enabled:
            path.unlink(missing_ok=True)
            return ""
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
        tmp.write_text(entry_text(command or launch_command()), encoding="utf-8")
        os.replace(tmp, path)
        return ""
    except OSError as exc:
        from PySide6.QtCore import QCoreApplication

        problem = (
            QCoreApplication.translate("Autostart", "Could not write {path}: {error}")
            if enabled
            else QCoreApplication.translate("Autostart", "Could not remove {path}: {error}")
        )
        return problem.format(path=path, error=exc.strerror or type(exc).__name__)


__all__ = ["HIDDEN_FLAG", "entry_path", "entry_text", "is_enabled", "launch_command", "set_enabled"]

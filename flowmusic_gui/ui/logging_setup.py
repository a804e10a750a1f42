"""The app's log: a rotating file in the platform's log folder, Qt's own messages routed into it, and a
filter that keeps the API token out of every line."""

from __future__ import annotations

import logging
import logging.handlers
import re
import threading
from pathlib import Path

from PySide6.QtCore import QMessageLogContext, QtMsgType, qInstallMessageHandler

LOG_FILENAME = "flowmusic-gui.log"
MAX_BYTES = 1_000_000
BACKUPS = 3
_BEARER = re.compile(r"(Bearer\s+)\S+", re.IGNORECASE)


class RedactFilter(logging.Filter):
    """Replaces known secrets (and anything after "Bearer") in the formatted message."""

    def __init__(self) -> None:
        super().__init__()
        self._secrets: set[str] = set()
        self._lock = threading.Lock()

    def add_secret(self, secret: str | None) -> None:
        if secret and len(secret) >= 4:
            with self._lock:
                self._secrets.add(secret)

    def redact(self, text: str) -> str:
        with self._lock:
            secrets = sorted(self._secrets, key=len, reverse=True)
        for secret in secrets:
            text = text.replace(secret, "[token]")
        return _BEARER.sub(r"\1[token]", text)

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        clean = self.redact(message)
        if record.exc_info and record.exc_info[1] is not None:
            # Exceptions are formatted later; format now so their text passes the filter too.
            formatted = logging.Formatter().formatException(record.exc_info)
            clean = f"{clean}\n{self.redact(formatted)}"
            record.exc_info = None
            record.exc_text = None
        if clean != message or record.args:
            record.msg = clean
            record.args = None
        return True


REDACTOR = RedactFilter()

_QT_LEVELS = {
    QtMsgType.QtDebugMsg: logging.DEBUG,
    QtMsgType.QtInfoMsg: logging.INFO,
    QtMsgType.QtWarningMsg: logging.WARNING,
    QtMsgType.QtCriticalMsg: logging.ERROR,
    QtMsgType.QtFatalMsg: logging.CRITICAL,
}


def _qt_handler(mode: QtMsgType, context: QMessageLogContext, message: str) -> None:
    logging.getLogger("qt").log(_QT_LEVELS.get(mode, logging.WARNING), "%s", message)


def setup_logging(log_dir: Path, *, level: int = logging.INFO, route_qt: bool = True) -> Path:
    """Log to ``log_dir/flowmusic-gui.log`` (rotated); returns the file's path."""
    log_dir.mkdir(parents=True, exist_ok=True)
    path = log_dir / LOG_FILENAME
    handler = logging.handlers.RotatingFileHandler(path, maxBytes=MAX_BYTES, backupCount=BACKUPS, encoding="utf-8")
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    handler.addFilter(REDACTOR)
    root = logging.getLogger()
    root.addHandler(handler)
    root.setLevel(level)
    if route_qt:
        qInstallMessageHandler(_qt_handler)
    return path

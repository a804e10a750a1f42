"""The log file: rotating, Qt's warnings routed in, and never the token."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import qInstallMessageHandler

from flowmusic_gui.ui.logging_setup import LOG_FILENAME, REDACTOR, setup_logging

SECRET = "user:1001-sk-very-secret-token"


@pytest.fixture
def log_file(tmp_path: Path) -> Iterator[Path]:
    root = logging.getLogger()
    before = list(root.handlers)
    level = root.level
    path = setup_logging(tmp_path, route_qt=False)
    yield path
    for handler in root.handlers[:]:
        if handler not in before:
            root.removeHandler(handler)
            handler.close()
    root.setLevel(level)


@pytest.mark.expect_log("request failed with token", "boom")
def test_token_never_reaches_the_log(log_file: Path) -> None:
    REDACTOR.add_secret(SECRET)
    log = logging.getLogger("flowmusic_gui.test")
    log.warning("request failed with token %s", SECRET)
    log.info("header Authorization: Bearer abc.def-ghi")
    try:
        raise ValueError(f"bad {SECRET}")
    except ValueError:
        log.exception("boom")
    text = log_file.read_text()
    assert SECRET not in text and "abc.def-ghi" not in text
    assert text.count("[token]") >= 3
    assert log_file.name == LOG_FILENAME


@pytest.mark.expect_log("a Qt warning")
def test_qt_messages_are_routed_into_the_log(tmp_path: Path) -> None:
    from flowmusic_gui.ui import logging_setup

    root = logging.getLogger()
    before = list(root.handlers)
    path = setup_logging(tmp_path / "q", route_qt=False)
    previous = qInstallMessageHandler(logging_setup._qt_handler)
    try:
        from PySide6.QtCore import QMessageLogContext, QtMsgType

        logging_setup._qt_handler(QtMsgType.QtWarningMsg, QMessageLogContext(), "a Qt warning")
    finally:
        qInstallMessageHandler(previous)
        for handler in root.handlers[:]:
            if handler not in before:
                root.removeHandler(handler)
                handler.close()
    assert "WARNING qt: a Qt warning" in path.read_text()

"""The suite's guard against unexpected log records: a WARNING nobody declared fails the test that logged it."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest

pytest_plugins = ["pytester"]
TESTS = Path(__file__).resolve().parents[1]


def test_an_undeclared_warning_fails_and_a_declared_one_passes(pytester: pytest.Pytester) -> None:
    pytester.makeconftest((TESTS / "conftest.py").read_text())  # the suite's own conftest, guard included
    pytester.makepyfile(
        """
        import logging
        import pytest

        def test_undeclared():
            logging.getLogger("flowmusic_gui.x").warning("the disk is full")

        @pytest.mark.expect_log("disk is full")
        def test_declared():
            logging.getLogger("flowmusic_gui.x").warning("the disk is full")

        def test_with_caplog(caplog):
            logging.getLogger("flowmusic_gui.x").error("checked by the test")
            assert "checked" in caplog.text

        def test_info_is_fine():
            logging.getLogger("flowmusic_gui.x").info("just so you know")
        """
    )
    result = pytester.runpytest_subprocess("-p", "no:randomly", "-p", "no:cacheprovider")
    result.assert_outcomes(passed=4, errors=1)  # the undeclared one passes its call and fails its teardown
    result.stdout.fnmatch_lines(["*unexpected log record*", "*WARNING flowmusic_gui.x: the disk is full*"])


def test_the_guard_is_on_here() -> None:
    # This very test would fail if it logged a warning; an info record is fine.
    logging.getLogger("flowmusic_gui.test").info("not a warning")

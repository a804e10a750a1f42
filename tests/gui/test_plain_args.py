"""flowmusic-gui reads a plain command line without building argparse's parser, with the very answer that parser
gives; anything else still goes to argparse (which stays the definition of the command line)."""

from __future__ import annotations

import argparse
import contextlib
import io
import random

import pytest

from flowmusic_gui.gui import PLAIN_FLAGS, PLAIN_VALUES, build_parser, read_plain_args

from .conftest import jobid


def parsed(argv: list[str]) -> argparse.Namespace | None:
    """What build_parser's parser makes of ``argv`` (None: it refuses it, or answers and exits)."""
    with contextlib.redirect_stderr(io.StringIO()), contextlib.redirect_stdout(io.StringIO()):
        try:
            return build_parser().parse_args(argv)
        except SystemExit:
            return None


def same(a: argparse.Namespace | None, b: argparse.Namespace | None) -> bool:
    """Equal, a NaN equal to a NaN (``--demo-speed nan``: both readers give one)."""
    return a is not None and b is not None and sorted(map(repr, vars(a).items())) == sorted(map(repr, vars(b).items()))


def test_the_plain_reader_knows_every_option_of_the_parser() -> None:
    flags: set[str] = set()
    values: set[str] = set()
    for action in build_parser()._actions:
        for name in action.option_strings:
            if isinstance(action, argparse._HelpAction | argparse._VersionAction):
                continue
            (flags if isinstance(action, argparse._StoreTrueAction) else values).add(name)
    assert flags == set(PLAIN_FLAGS)
    assert values == set(PLAIN_VALUES)
    assert read_plain_args([]) == parsed([])  # the same defaults


USUAL = [
    [],
    ["--hidden"],
    [jobid(1)],
    [jobid(1), jobid(2)],
    ["--data-dir", "/tmp/x", jobid(1)],
    [jobid(1), "--data-dir", "/tmp/x"],
    ["--demo"],
    ["--demo", "--demo-speed", "40", "--screenshot", "/tmp/s.png", "--window-size", "1024x700", "--dark"],
    ["--demo", "--screenshot", "/tmp/s.png", "--view", "new-song"],
    ["--self-test", "--data-dir", "/tmp/d", "--api-base", "http://127.0.0.1:9/v1/flowmusic"],
    ["--no-discover", "--api-base", "ftp://x"],  # (main refuses the URL, as before)
    ["--demo-speed", "0"],  # (main refuses it)
    ["--screenshot", "/tmp/s.png"],  # (main says it needs --demo)
    ["--api-base", ""],
    ["--demo", "--demo"],
    ["--data-dir", "a", "--data-dir", "b"],
]


@pytest.mark.parametrize("argv", USUAL)
def test_a_plain_command_line_reads_as_the_parser_reads_it(argv: list[str]) -> None:
    quick = read_plain_args(argv)
    assert quick is not None
    assert quick == parsed(argv)


DECLINED = [
    ["--help"], ["-h"], ["--version"], ["--data-dir=/tmp/x"], ["--data", "/tmp/x"], ["--self"], ["--", jobid(1)],
    [jobid(1), "--demo", jobid(2)], ["--window-size", "10x10"], ["--window-size", "big"], ["--view", "bogus"],
    ["--demo-speed", "fast"], ["--data-dir"], ["--data-dir", "-x"], ["--data-dir", "-1"], [""], ["-1"], ["-"],
    ["--bogus"], ["-x"],
]  # fmt: skip


@pytest.mark.parametrize("argv", DECLINED)
def test_anything_else_is_left_to_argparse(argv: list[str]) -> None:
    assert read_plain_args(argv) is None


def test_random_command_lines_read_the_same_or_go_to_argparse() -> None:
    words = [*PLAIN_FLAGS, *PLAIN_VALUES, "--help", "--version", "--", "-", "-1", "", "--data-dir=x", "--dem",
             "--self", "-x", "x", jobid(1), jobid(2), "1280x800", "10x10", "40", "0", "-3", "nan", "window", "edit",
             "bogus", "http://h/v1", "/tmp/x"]  # fmt: skip
    rng = random.Random(19)
    read = 0
    for _ in range(3000):
        argv = [rng.choice(words) for _ in range(rng.randint(0, 6))]
        quick = read_plain_args(argv)
        if quick is not None:
            read += 1
            assert same(quick, parsed(argv)), argv
    assert read > 100  # plain lines came up, and each read as the parser reads it

"""The ``flowmusic`` entry point: the parser of every command, and the dispatch to the module of its family."""

from __future__ import annotations

import argparse
import contextlib
import logging
import os
import sys
from collections.abc import Sequence
from typing import TextIO, cast

from flowmusic_gui import __version__
from flowmusic_gui.cli.common import (
    EXIT_INTERRUPTED,
    EXIT_JOB_FAILED,
    EXIT_OK,
    EXIT_USAGE,
    ClosedAware,
    Parser,
    UsageError,
    oneline,
)


def build_parser() -> argparse.ArgumentParser:
    from flowmusic_gui.cli import account, download, make, token, tracking, watch
    from flowmusic_gui.terminal.helptext import OVERVIEW_EPILOG

    parser = Parser(
        prog="flowmusic",
        description=(
            "Make FlowMusic songs and edits, and watch jobs until they finish; track, list and manage the token."
        ),
        epilog=OVERVIEW_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"flowmusic {__version__}")
    api_help = "the API base URL (default: $FLOWMUSIC_API_BASE or https://api.useapi.net/v1/flowmusic)"
    data_help = "where the job store lives (default: $FLOWMUSIC_DATA_DIR or the app's data folder)"
    # Global options, accepted before or after the command; the command's copy only overrides when given.
    parser.add_argument("--api-base", metavar="URL", help=api_help)
    parser.add_argument("--data-dir", metavar="DIR", help=data_help)
    common = Parser(add_help=False)
    common.add_argument("--api-base", metavar="URL", default=argparse.SUPPRESS, help=api_help)
    common.add_argument("--data-dir", metavar="DIR", default=argparse.SUPPRESS, help=data_help)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=Parser)
    sub.required = True

    # The order of the overview's command list.
    watch.add_parser(sub, common)
    make.add_parsers(sub, common)
    tracking.add_parsers(sub, common)
    account.add_parsers(sub, common)
    token.add_parser(sub, common)
    download.add_parser(sub, common)
    sub.add_parser("simulate", add_help=False, help="run a local FlowMusic API for trying things out "
                   "(see simulate --help)")
    return parser


def _dispatch(ns: argparse.Namespace) -> int | None:
    if ns.command == "watch":
        from flowmusic_gui.cli.watch import cmd_watch

        return cmd_watch(ns, sys.stdin, sys.stdout)
    if ns.command in ("track", "untrack", "list"):
        from flowmusic_gui.cli import tracking

        if ns.command == "list":
            return tracking.cmd_list(ns, sys.stdout)
        command = tracking.cmd_track if ns.command == "track" else tracking.cmd_untrack
        return command(ns, sys.stdin, sys.stdout)
    if ns.command == "token":
        from flowmusic_gui.cli.token import cmd_token

        return cmd_token(ns, sys.stdin, sys.stdout)
    if ns.command in ("jobs", "accounts", "cancel"):
        from flowmusic_gui.cli import account

        return account.run(ns)
    if ns.command in ("make", "edit", "queue"):
        from flowmusic_gui.cli import make

        command = {"make": make.cmd_make, "edit": make.cmd_edit, "queue": make.cmd_queue}[ns.command]
        return command(ns, sys.stdin, sys.stdout)
    if ns.command == "download":
        from flowmusic_gui.cli.download import cmd_download

        return cmd_download(ns, sys.stdin, sys.stdout)
    return None


class _PlainFormatter(logging.Formatter):
    """Log lines on the terminal through the same gate as the rest: a message may quote a server."""

    def format(self, record: logging.LogRecord) -> str:
        from flowmusic_gui.core.output import printable

        return printable(super().format(record))


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if args[:1] == ["simulate"]:
        from flowmusic_gui.simulator import main as simulate

        return simulate(args[1:])
    handler = logging.StreamHandler()
    handler.setFormatter(_PlainFormatter("flowmusic: %(levelname)s: %(message)s"))
    logging.basicConfig(level=logging.WARNING, handlers=[handler])
    parser = build_parser()
    ns = parser.parse_args(args)
    if not isinstance(sys.stdout, ClosedAware) and sys.stdout is not None:
        # Every command's lines go through it: a reader that goes away ends the output quietly.
        sys.stdout = cast(TextIO, ClosedAware(sys.stdout))
    try:
        code = _dispatch(ns)
    except UsageError as exc:
        # One line per problem (a bad edit can name several fields), each through the one neutralising gate.
        for line in str(exc).splitlines() or [""]:
            print(f"flowmusic: {oneline(line)}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        return EXIT_INTERRUPTED
    except BrokenPipeError:
        # `flowmusic list | head` closed the pipe: not an error worth a traceback.
        with contextlib.suppress(OSError):
            sys.stdout = open(os.devnull, "w")  # noqa: SIM115
        return EXIT_OK
    except Exception as exc:
        logging.getLogger(__name__).debug("unexpected error", exc_info=True)
        print(f"flowmusic: unexpected error: {type(exc).__name__}: {oneline(exc)}", file=sys.stderr)
        return EXIT_JOB_FAILED
    if code is None:
        parser.error(f"unknown command {ns.command!r}")
    return code

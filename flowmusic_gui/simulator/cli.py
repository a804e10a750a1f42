"""`flowmusic simulate`: run the local FlowMusic API simulator until Ctrl-C."""

from __future__ import annotations

import argparse
import math
import shutil
import signal
import sys
import textwrap
import threading
from collections.abc import Sequence
from types import FrameType
from urllib.parse import quote

from .accounts import CREDITS_PER_SONG, DEMO_ACCOUNTS, MODERATION_MARKER, Account, parse_account
from .jobs import FAILURE_RATE, demo_jobs
from .server import API_PREFIX, DEMO_EMAIL, DEMO_TOKEN, DEMO_USER_ID, Simulator


def _port(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {text!r}") from None
    if not 0 <= value <= 65535:
        raise argparse.ArgumentTypeError(f"must be from 0 to 65535, got {value}")
    return value


def _speed(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number: {text!r}") from None
    if not (value > 0 and math.isfinite(value)):
        raise argparse.ArgumentTypeError(f"must be a number above 0, got {text!r}")
    return value


def _share(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number: {text!r}") from None
    if not 0.0 <= value <= 1.0:  # also rejects nan
        raise argparse.ArgumentTypeError(f"must be a share from 0 to 1, got {text!r}")
    return value


def _host(text: str) -> str:
    if not text.strip():
        raise argparse.ArgumentTypeError("must not be empty")
    return text.strip()


def _token(text: str) -> str:
    if not text.strip():
        raise argparse.ArgumentTypeError("must not be empty")
    return text.strip()


def _account(text: str) -> Account:
    try:
        return parse_account(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def build_parser(prog: str = "flowmusic simulate") -> argparse.ArgumentParser:
    demo = ", ".join(
        f"{a.email} (maxJobs {a.max_jobs}, {a.credits} credits{'' if a.healthy else ', in the 596 error state'})"
        for a in DEMO_ACCOUNTS
    )
    width = max(40, min(100, shutil.get_terminal_size().columns) - 2)
    parser = argparse.ArgumentParser(
        prog=prog,
        description=textwrap.fill(
            "Run a local FlowMusic API with every endpoint a monitor uses: POST /music (sync or async) and "
            "/music/edit, GET /jobs, GET and DELETE /jobs/{jobid}, GET /accounts and /accounts/{email}, "
            "GET /music and /music/download, and public media (m4a, WAV, mp3, PNG and JPEG covers, with Range "
            "and HEAD). A job is pending for 30-180 s (divided by --speed) from its submission, then completes "
            "or fails. A jobid the simulator never issued starts when first asked for, if its account is on "
            "the token (else 403). Jobids whose uuid starts with 00000000 never existed (404).",
            width,
        ),
        # Raw, so the examples and exit codes keep their columns; the prose is wrapped here instead.
        epilog=textwrap.fill(
            f"The token holds these accounts unless --account is given: {demo}. A song costs "
            f"{CREDITS_PER_SONG} credits; a prompt holding the word '{MODERATION_MARKER}' is refused (422).",
            width,
        )
        + "\n\n"
        "examples:\n"
        "  flowmusic simulate --port 8765               # the demo token and accounts on port 8765\n"
        "  flowmusic simulate --speed 10 --faults 0.2   # jobs 10x faster, a fifth of job requests fail\n"
        "\n"
        "then, in another shell (the base ends in /v1/flowmusic; the start banner prints both lines):\n"
        f"  export FLOWMUSIC_API_BASE=http://127.0.0.1:8765{API_PREFIX}\n"
        f"  export FLOWMUSIC_API_TOKEN='{DEMO_TOKEN}'   # the demo token, unless --token is given\n"
        "  flowmusic accounts; flowmusic watch JOBID    # or: flowmusic-gui --api-base \"$FLOWMUSIC_API_BASE\"\n"
        "\n"
        "exit codes:\n"
        "  0    stopped with Ctrl-C or SIGTERM\n"
        "  1    cannot listen on the address and port\n"
        "  2    bad arguments",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--host", type=_host, default="127.0.0.1", help="address to listen on (127.0.0.1)")
    parser.add_argument("--port", type=_port, default=8765, help="port to listen on, 0 for any free one (8765)")
    parser.add_argument(
        "--token", type=_token, default=None, help="the one API token accepted (default: the built-in demo token)"
    )
    parser.add_argument("--speed", type=_speed, default=1.0, help="run jobs this many times faster (1)")
    parser.add_argument(
        "--faults", type=_share, default=0.0, help="share of job requests that get a transient fault, 0-1 (0)"
    )
    parser.add_argument("--seed", type=int, default=0, help="seed for job outcomes and faults (0)")
    parser.add_argument(
        "--account", type=_account, action="append", metavar="EMAIL[,maxJobs=N][,credits=N][,error]",
        help="an account on the token (repeat for several; 'error' puts it in the 596 state); "
        "replaces the three demo accounts",
    )  # fmt: skip
    parser.add_argument(
        "--failure-rate", type=_share, default=FAILURE_RATE, metavar="SHARE",
        help=f"share of jobs that fail, 0-1 ({FAILURE_RATE:g})",
    )  # fmt: skip
    parser.add_argument(
        "--short-clips", action="store_true",
        help="make songs 4-8 s long instead of the real service's 2-3 minutes (fast tests)",
    )  # fmt: skip
    parser.add_argument(
        "--expired-410", action="store_true",
        help="expired jobs answer 410 Gone instead of 404 (a third-party source claims 410)",
    )  # fmt: skip
    parser.add_argument(
        "--lose-answers", type=_share, default=0.0, metavar="SHARE",
        help="share of POST /music and /music/edit answers lost (502 or a dropped connection), half of them "
        "after the job was made: for trying the exactly-once queue, 0-1 (0)",
    )  # fmt: skip
    parser.add_argument("-v", "--verbose", action="store_true", help="log every request to stderr")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the simulator until Ctrl-C or SIGTERM; returns the exit code (2 for bad arguments)."""
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # argparse has printed its message; hand back its code
        return exc.code if isinstance(exc.code, int) else 2
    token = args.token if args.token is not None else DEMO_TOKEN
    sim = Simulator(
        args.host, args.port, token=token, speed=args.speed, faults=args.faults, seed=args.seed,
        verbose=args.verbose, accounts=args.account, short_clips=args.short_clips,
        failure_rate=args.failure_rate, expired_status=410 if args.expired_410 else 404,
        lose_answers=args.lose_answers,
    )  # fmt: skip
    try:
        sim.start()
    except OSError as exc:
        print(f"flowmusic simulate: cannot listen on {args.host} port {args.port}: {exc.strerror or exc}",
              file=sys.stderr)  # fmt: skip
        return 1
    stop = threading.Event()

    def on_signal(signum: int, frame: FrameType | None) -> None:
        stop.set()

    previous = None
    if threading.current_thread() is threading.main_thread():
        previous = signal.signal(signal.SIGTERM, on_signal)
    try:
        demos = demo_jobs(DEMO_USER_ID, DEMO_EMAIL, seed=args.seed)
        out = sys.stdout
        out.write(f"FlowMusic API simulator at {sim.base_url}\n")
        if args.token is None:
            # The built-in demo token is public (it is in the source); a token given with --token is never shown.
            out.write(f"Token: {DEMO_TOKEN}   (the built-in demo token)\n")
        else:
            out.write("Token: the one given with --token\n")
        # The exact lines that point the app and the command line here: the base URL with its API prefix.
        shown_token = f"'{DEMO_TOKEN}'" if args.token is None else "'<the token given with --token>'"
        out.write(
            "Use it from another shell (flowmusic and flowmusic-gui read both):\n"
            f"  export FLOWMUSIC_API_BASE={sim.base_url}\n"
            f"  export FLOWMUSIC_API_TOKEN={shown_token}\n"
        )
        out.write(f"Speed x{args.speed:g}, faults {args.faults:.0%}, seed {args.seed}\n")
        out.write("Accounts:\n")
        for account in sim.accounts():
            state = "ok" if account.healthy else "error (596)"
            out.write(
                f"  {account.email}  user {account.user_id}, maxJobs {account.max_jobs}, "
                f"{account.credits} credits, {state}\n"
            )
        if any(a.email == DEMO_EMAIL for a in sim.accounts()):
            out.write(f"Demo jobs (account {DEMO_USER_ID}, {DEMO_EMAIL}):\n")
            width = max(len(d.label) for d in demos)
            for d in demos:
                out.write(f"  {d.label:<{width}}  {d.jobid}\n")
            out.write(
                "Try:  curl -H 'Authorization: Bearer <token>' "
                f"{sim.base_url}/jobs/{quote(demos[0].jobid, safe='')}\n"
            )
        out.write(
            "Submit: curl -H 'Authorization: Bearer <token>' -H 'Content-Type: application/json' "
            f"""-d '{{"prompt": "a song", "mode": "async"}}' {sim.base_url}/music\n"""
            "Press Ctrl-C to stop.\n"
        )
        out.flush()
        while not stop.wait(0.5):
            pass
    except KeyboardInterrupt:
        pass
    finally:
        sim.stop()
        if previous is not None:
            signal.signal(signal.SIGTERM, previous)
    print("Simulator stopped.")
    return 0

"""`flowmusic simulate`: run the local FlowMusic API simulator until Ctrl-C."""

from __future__ import annotations

import argparse
import math
import signal
import sys
import threading
from collections.abc import Sequence
from types import FrameType
from urllib.parse import quote

from .jobs import demo_jobs
from .server import DEMO_EMAIL, DEMO_TOKEN, DEMO_USER_ID, Simulator


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


def build_parser(prog: str = "flowmusic simulate") -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog=prog,
        description=(
            "Run a local FlowMusic API: any well-formed jobid is pending for 30-180 s (divided by --speed) "
            "from the first time it is asked for, then completes or fails. Jobids whose uuid starts with "
            "00000000 never existed (404)."
        ),
        epilog=(
            "examples:\n"
            "  flowmusic simulate --port 8765                 # the demo token and demo jobs on port 8765   \n"
            "  flowmusic simulate --speed 10 --faults 0.2     # jobs 10x faster, a fifth of requests fail\n"
            "  FLOWMUSIC_API_BASE=http://127.0.0.1:8765 flowmusic watch JOBID   # then, in another shell\n"
            "\n"
            "exit codes:\n"
            "  0    stopped with Ctrl-C or SIGTERM\n"
            "  1    cannot listen on the address and port\n"
            "  2    bad arguments"
        ),
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
        verbose=args.verbose,
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
        out.write(f"Speed x{args.speed:g}, faults {args.faults:.0%}, seed {args.seed}\n")
        out.write(f"Demo jobs (account {DEMO_USER_ID}, {DEMO_EMAIL}):\n")
        width = max(len(d.label) for d in demos)
        for d in demos:
            out.write(f"  {d.label:<{width}}  {d.jobid}\n")
        out.write(
            "Try:  curl -H 'Authorization: Bearer <token>' "
            f"{sim.base_url}/jobs/{quote(demos[0].jobid, safe='')}\n"
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

"""The ``flowmusic`` command: watch, track, untrack, list, jobs, accounts, cancel, token, download and simulate, on
the same engine as the window; one module per family of commands (``main`` parses and dispatches).

Exit codes (scripts rely on them): 0 every job completed / the command succeeded; 1 a job failed, was not found or
forbidden; 2 bad arguments; 3 no token, or the token was rejected; 4 ``--timeout`` reached; 130 interrupted.
"""

from __future__ import annotations

from flowmusic_gui.cli.main import build_parser, main

__all__ = ["build_parser", "main"]

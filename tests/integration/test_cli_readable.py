"""What a person reads from `flowmusic`: watch's progress and summary (in a log and on a real terminal), each
command's --help, and token set/clear saying what they did. Real processes against the real simulator."""

from __future__ import annotations

import json
import os
import pty
import re
import select
import struct
import subprocess
import time
from pathlib import Path

import pyte
import pytest
from helpers.cli import CLI, FAST, jobid, run

from flowmusic_gui.simulator import Simulator

TESTS_DIR = Path(__file__).resolve().parents[1]


# --- watch into a log -----------------------------------------------------------------------------------------


def test_watch_into_a_log_prints_a_line_per_change_with_elapsed_time_and_a_summary(
    sim: Simulator, env: dict[str, str]
) -> None:
    slow, failed, missing = jobid(), jobid(), jobid(prefix="00000000")
    # Pending for seconds while polled every 50 ms: a log must still get one pending line, not one per poll.
    sim.force(slow, outcome="completed", pending_s=4.0)
    sim.force(failed, outcome="failed", pending_s=1.0)
    proc = run(["watch", *FAST, slow, failed, missing], env)
    assert proc.returncode == 1, proc.stderr
    lines = proc.stdout.splitlines()
    pending = [ln for ln in lines if ln.startswith("pending") and slow in ln]
    assert len(pending) == 1 and re.fullmatch(rf"pending    {re.escape(slow)}  \d+:\d\d elapsed", pending[0]), lines
    completed = [ln for ln in lines if ln.startswith("completed")]
    assert len(completed) == 1 and re.fullmatch(rf"completed  {re.escape(slow)}  after \d+:\d\d", completed[0])
    assert any(ln.startswith(f"failed     {failed}  ") for ln in lines)
    assert f"not_found  {missing}  (it expired or never existed)" in lines
    assert re.fullmatch(r"1 completed, 1 failed, 1 not found in \d+:\d\d", lines[-1])
    assert "\x1b" not in proc.stdout  # a log gets no cursor movement


def test_watch_timeout_summary_says_what_is_still_pending(sim: Simulator, env: dict[str, str]) -> None:
    done, waiting = jobid(), jobid()
    sim.force(done, outcome="completed", pending_s=0.1)
    sim.force(waiting, outcome="completed", pending_s=120)
    proc = run(["watch", *FAST, "--timeout", "3", done, waiting], env)
    assert proc.returncode == 4
    assert re.fullmatch(r"1 completed, 1 still pending in 0:0[34] \(timed out\)", proc.stdout.splitlines()[-1])
    assert "timed out with 1 job(s) still pending" in proc.stderr


def test_watch_json_output_has_no_summary_and_no_progress(sim: Simulator, env: dict[str, str]) -> None:
    j = jobid()
    sim.force(j, outcome="completed", pending_s=2.0)
    proc = run(["watch", "--json", *FAST, j], env)
    assert proc.returncode == 0, proc.stderr
    objs = [json.loads(line) for line in proc.stdout.splitlines()]
    assert [(o["jobid"], o["state"]) for o in objs] == [(j, "pending"), (j, "completed")]
    assert [sorted(o) for o in objs] == [["jobid", "record", "state"]] * 2


# --- watch on a terminal --------------------------------------------------------------------------------------


def _run_on_terminal(args: list[str], env: dict[str, str], columns: int = 120, rows: int = 30,
                     timeout: float = 60) -> tuple[int, list[list[str]]]:
    """Run `flowmusic` on a pseudo-terminal; returns its exit code and the screen after each chunk of output."""
    import fcntl
    import termios

    screen = pyte.Screen(columns, rows)
    stream = pyte.ByteStream(screen)
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", rows, columns, 0, 0))
    term_env = {k: v for k, v in env.items() if k not in ("COLUMNS", "LINES")}
    term_env["TERM"] = "xterm-256color"
    proc = subprocess.Popen([*CLI, *args], stdin=subprocess.DEVNULL, stdout=slave, stderr=slave, env=term_env)
    os.close(slave)
    screens: list[list[str]] = []
    deadline = time.monotonic() + timeout
    try:
        while time.monotonic() < deadline:
            ready, _, _ = select.select([master], [], [], 0.5)
            if not ready:
                if proc.poll() is not None:
                    break
                continue
            try:
                chunk = os.read(master, 65536)
            except OSError:  # EIO: the last writer closed the terminal
                break
            if not chunk:
                break
            stream.feed(chunk)
            screens.append([line.rstrip() for line in screen.display])
        code = proc.wait(timeout=max(1.0, deadline - time.monotonic()))
    finally:
        os.close(master)
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    return code, screens


def test_watch_on_a_terminal_shows_pending_jobs_with_their_time_then_leaves_results_and_summary(
    sim: Simulator, env: dict[str, str]
) -> None:
    a, b = jobid(), jobid()
    sim.force(a, outcome="completed", pending_s=5.0)
    sim.force(b, outcome="completed", pending_s=0.3)
    code, screens = _run_on_terminal(["watch", *FAST, a, b], env)
    assert code == 0
    # While a waits, the block lists it with its elapsed time, and the elapsed time moves on.
    seen = set()
    for scr in screens:
        for line in scr:
            m = re.fullmatch(rf"pending +(\d:\d\d)  {re.escape(a)}", line)
            if m:
                seen.add(m.group(1))
    assert len(seen) >= 2, screens[-1]
    assert any(any(re.fullmatch(r"1 of 2 finished · watching for \d+:\d\d · Ctrl-C stops", ln) for ln in scr)
               for scr in screens)
    final = [line for line in screens[-1] if line]
    # The block is gone; each job's result and the summary stay, in the order they happened.
    assert not any(line.startswith("pending") or "Ctrl-C" in line for line in final), final
    heads = [line for line in final if line.startswith("completed")]
    assert [h.split()[1] for h in heads] == [b, a]
    assert re.fullmatch(r"2 completed in \d+:\d\d", final[-1])
    assert sum(line.startswith("  clip ") for line in final) == 4


def test_watch_on_a_narrow_terminal_cuts_the_block_to_its_width(sim: Simulator, env: dict[str, str]) -> None:
    a = jobid()
    sim.force(a, outcome="completed", pending_s=2.0)
    code, screens = _run_on_terminal(["watch", *FAST, a], env, columns=60)
    assert code == 0
    block = [ln for scr in screens for ln in scr if ln.startswith("pending")]
    assert block and all(len(ln) <= 59 and ln.endswith("…") for ln in block)
    assert re.fullmatch(r"1 completed in \d+:\d\d", [ln for ln in screens[-1] if ln][-1])


# --- help -----------------------------------------------------------------------------------------------------


COMMANDS = [
    "watch", "make", "edit", "queue", "track", "untrack", "list", "jobs", "accounts", "cancel", "token", "download",
    "simulate",
]  # fmt: skip


def test_the_overview_lists_every_command_the_exit_codes_and_the_environment(env: dict[str, str]) -> None:
    proc = run(["--help"], env)
    assert proc.returncode == 0
    for name in COMMANDS:
        assert re.search(rf"^    {name} +\S", proc.stdout, re.M), name
    assert "exit codes" in proc.stdout and "\n  130  interrupted" in proc.stdout
    assert "FLOWMUSIC_API_TOKEN" in proc.stdout and "FLOWMUSIC_DATA_DIR" in proc.stdout


def _commands_of_the_parser() -> list[str]:
    import argparse

    from flowmusic_gui.cli import build_parser

    parser = build_parser()
    sub = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    return list(sub.choices)


def test_the_list_of_commands_here_is_the_parsers() -> None:
    # A command added later gets its --help checked below too.
    assert sorted(_commands_of_the_parser()) == sorted(COMMANDS)


@pytest.mark.parametrize("name", COMMANDS)
def test_each_commands_help_has_a_description_an_example_and_its_exit_codes(name: str, env: dict[str, str]) -> None:
    proc = run([name, "--help"], env)
    assert proc.returncode == 0, proc.stderr
    text = proc.stdout
    usage, _, rest = text.partition("\n\n")
    assert usage.startswith(f"usage: flowmusic {name}")
    description = rest.split("\n\n")[0]
    assert len(description.split()) >= 8 and not description.startswith(("positional", "options")), text
    examples = text.split("\nexamples:\n")[1].split("\n\n")[0].splitlines()
    assert examples and all(f"flowmusic {name}" in ex for ex in examples[:1]), text
    codes = text.split("\nexit codes:\n")[1].splitlines()
    assert re.fullmatch(r"  0 +\S.*", codes[0]), codes
    assert all(re.fullmatch(r"  \d+ +\S.*", c) for c in codes), codes


# --- token set / clear ----------------------------------------------------------------------------------------


@pytest.fixture
def keyring_env(env: dict[str, str], tmp_path: Path) -> dict[str, str]:
    """A working keyring for the child process (a file we can read), and no token in the environment."""
    e = dict(env)
    e.pop("FLOWMUSIC_API_TOKEN")
    e["PYTHON_KEYRING_BACKEND"] = "helpers.filekeyring.FileKeyring"
    e["FLOWMUSIC_TEST_KEYRING"] = str(tmp_path / "keyring.json")
    e["PYTHONPATH"] = os.pathsep.join(p for p in (str(TESTS_DIR), e.get("PYTHONPATH", "")) if p)
    return e


def _stored(e: dict[str, str]) -> dict[str, str]:
    path = Path(e["FLOWMUSIC_TEST_KEYRING"])
    return json.loads(path.read_text()) if path.exists() else {}


KEYRING = "the system keyring (filekeyring FileKeyring)"


def test_token_set_says_where_it_was_saved_and_what_it_replaced(keyring_env: dict[str, str]) -> None:
    proc = run(["token", "set"], keyring_env, stdin="first-token-1\n")
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.splitlines() == [
        f"Token saved in {KEYRING} under the service name flowmusic-gui.",
        "The app and `flowmusic watch` use it from now on.",
    ]
    proc = run(["token", "set"], keyring_env, stdin="second-token-2\n")
    assert proc.stdout.splitlines()[0] == (
        f"Token saved in {KEYRING} under the service name flowmusic-gui, replacing the token saved there before."
    )
    assert _stored(keyring_env) == {"flowmusic-gui/api-token": "second-token-2"}
    assert "second-token-2" not in proc.stdout + proc.stderr


def test_token_set_under_an_environment_token_says_that_one_still_wins(keyring_env: dict[str, str]) -> None:
    keyring_env["FLOWMUSIC_API_TOKEN"] = "env-token-3"
    proc = run(["token", "set"], keyring_env, stdin="saved-token-4\n")
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.splitlines()[1] == (
        "The environment's FLOWMUSIC_API_TOKEN still takes precedence over it: unset FLOWMUSIC_API_TOKEN to use "
        "the saved token."
    )
    status = run(["token", "status"], keyring_env)
    assert status.stdout.splitlines() == [
        "A token is set (environment): from the FLOWMUSIC_API_TOKEN environment variable",
        "The system keyring also holds a saved token, used once FLOWMUSIC_API_TOKEN is unset.",
    ]
    for secret in ("env-token-3", "saved-token-4"):
        assert secret not in proc.stdout + proc.stderr + status.stdout + status.stderr


def test_token_set_without_a_keyring_says_nothing_was_saved_and_what_to_do(env: dict[str, str]) -> None:
    env.pop("FLOWMUSIC_API_TOKEN")
    env["PYTHON_KEYRING_BACKEND"] = "keyring.backends.fail.Keyring"
    proc = run(["token", "set"], env, stdin="lost-token-5\n")
    assert proc.returncode == 1
    assert proc.stdout == ""
    assert proc.stderr.strip() == (
        "flowmusic: the token was not saved: no usable keyring: no keyring service was found. Nothing was "
        "written anywhere. Without a keyring, set FLOWMUSIC_API_TOKEN in the environment instead."
    )


def test_token_set_refuses_a_bad_token_and_says_nothing_was_saved(keyring_env: dict[str, str]) -> None:
    for given, why in (("\n", "no token given (empty input)"), ("two words\n", "the token contains a space")):
        proc = run(["token", "set"], keyring_env, stdin=given)
        assert proc.returncode == 2
        assert proc.stderr.strip() == f"flowmusic: {why}; nothing was saved"
    assert _stored(keyring_env) == {}


def test_token_clear_says_what_was_removed_and_what_remains(keyring_env: dict[str, str]) -> None:
    run(["token", "set"], keyring_env, stdin="to-clear-6\n")
    keyring_env["FLOWMUSIC_API_TOKEN"] = "env-token-7"
    proc = run(["token", "clear"], keyring_env)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.splitlines() == [
        f"Removed the saved token from {KEYRING}.",
        "The environment's FLOWMUSIC_API_TOKEN is still set and still takes precedence: commands run from this "
        "shell keep using it until you unset it (unset FLOWMUSIC_API_TOKEN).",
    ]
    assert _stored(keyring_env) == {}
    del keyring_env["FLOWMUSIC_API_TOKEN"]
    again = run(["token", "clear"], keyring_env)
    assert again.returncode == 0
    assert again.stdout.splitlines()[0] == f"No token was saved in {KEYRING}: nothing to remove."
    assert again.stdout.splitlines()[1].startswith("No token is set now: `flowmusic watch` exits 3 until you set one.")
    assert run(["token", "status"], keyring_env).returncode == 3


def test_token_clear_without_a_keyring_says_there_was_nothing_to_remove(env: dict[str, str]) -> None:
    env["PYTHON_KEYRING_BACKEND"] = "keyring.backends.fail.Keyring"
    proc = run(["token", "clear"], env)
    assert proc.returncode == 0
    assert proc.stdout.splitlines()[0] == (
        "No token was saved (no usable keyring: no keyring service was found): nothing to remove."
    )
    assert "FLOWMUSIC_API_TOKEN is still set and still takes precedence" in proc.stdout


@pytest.mark.parametrize("mode", [[], ["--json"]], ids=["readable", "json"])
def test_watch_into_a_pipe_closed_early_still_ends_with_the_jobs_exit_code(
    sim: Simulator, env: dict[str, str], mode: list[str]
) -> None:
    # `flowmusic watch ... | head -1`: once head has gone, writing fails; the watch must still end, and say how.
    first, failing = jobid(), jobid()
    sim.force(first, outcome="completed", pending_s=0.2)
    sim.force(failing, outcome="failed", pending_s=4.0)  # its line comes after the reader has gone
    with subprocess.Popen([*CLI, "watch", *mode, *FAST, first, failing], stdout=subprocess.PIPE,
                          stderr=subprocess.PIPE, text=True, env=env) as proc:
        try:
            assert proc.stdout is not None and proc.stderr is not None
            assert proc.stdout.readline().startswith(("pending", "completed", "{"))
            proc.stdout.close()
            code = proc.wait(timeout=60)
            err = proc.stderr.read()
        finally:
            if proc.poll() is None:
                proc.kill()
    assert code == 1, err
    assert "Traceback" not in err and "BrokenPipeError" not in err

"""`flowmusic jobs`, `accounts`, `cancel` and `watch --running` as scripts use them: real processes against the
real simulator, each exact contract (lines, JSON fields, exit codes)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from helpers.cli import CLI, FAST, jobid, run

from flowmusic_gui.simulator import Simulator
from flowmusic_gui.simulator.accounts import DEMO_EMAIL

pytestmark = pytest.mark.simulator(speed=10)

STUDIO = "studio@flowmusic.local"
LAPSED = "lapsed@flowmusic.local"


def lines(text: str) -> list[dict[str, object]]:
    return [json.loads(line) for line in text.splitlines() if line.strip()]


def test_jobs_lists_the_running_set(sim: Simulator, env: dict[str, str]) -> None:
    empty = run(["jobs"], env)
    assert empty.returncode == 0 and "No job is running" in empty.stdout
    a = sim.submit("one", email=DEMO_EMAIL)
    b = sim.submit("two", email=STUDIO)
    sim.submit("sync, never listed", mode="sync")
    proc = run(["jobs", "--json"], env)
    assert proc.returncode == 0, proc.stderr
    got = lines(proc.stdout)
    assert {g["jobid"] for g in got} == {a, b}
    for g in got:
        assert set(g) == {"jobid", "email", "status", "operation", "created_at"}
        assert g["status"] == "pending" and g["operation"] is None and isinstance(g["created_at"], str)
    assert {g["email"] for g in got} == {DEMO_EMAIL, STUDIO}
    readable = run(["jobs"], env)
    assert readable.returncode == 0 and a in readable.stdout and b in readable.stdout


@pytest.mark.parametrize("command", [["jobs"], ["accounts"], ["cancel", jobid()]])
def test_a_missing_or_rejected_token_exits_3(env: dict[str, str], command: list[str]) -> None:
    wrong = run(command, {**env, "FLOWMUSIC_API_TOKEN": "user:1-wrong"})
    assert wrong.returncode == 3 and "rejected" in wrong.stderr
    assert "user:1-wrong" not in wrong.stderr + wrong.stdout
    missing = {k: v for k, v in env.items() if k != "FLOWMUSIC_API_TOKEN"}
    missing["PYTHON_KEYRING_BACKEND"] = "keyring.backends.null.Keyring"
    none = run(command, missing)
    assert none.returncode == 3 and "no API token" in none.stderr


def test_accounts_shows_slots_credits_and_the_account_in_error(sim: Simulator, env: dict[str, str]) -> None:
    sim.submit("one", email=DEMO_EMAIL)
    proc = run(["accounts", "--json"], env)
    assert proc.returncode == 0, proc.stderr
    got = {g["email"]: g for g in lines(proc.stdout)}
    assert list(got) == [DEMO_EMAIL, STUDIO, LAPSED]
    for g in got.values():
        assert set(g) == {"email", "running", "maxJobs", "credits_remaining", "error"}
    assert got[DEMO_EMAIL]["running"] == 1 and got[DEMO_EMAIL]["maxJobs"] == 8
    assert got[DEMO_EMAIL]["credits_remaining"] == 2500 - 10 and got[DEMO_EMAIL]["error"] is None
    assert got[STUDIO]["running"] == 0 and got[STUDIO]["credits_remaining"] == 400
    assert got[LAPSED]["credits_remaining"] is None and "re-add" in str(got[LAPSED]["error"])
    readable = run(["accounts"], env)
    assert readable.returncode == 0
    row = next(line for line in readable.stdout.splitlines() if line.startswith(LAPSED))
    assert "ERROR" in row and "useapi.net" in row


def test_cancel_exit_codes_and_the_cancelled_state(sim: Simulator, env: dict[str, str]) -> None:
    a, b = sim.submit("cancel me"), sim.submit("and me")
    proc = run(["cancel", "-"], env, stdin=f"{a}\n{b}\n")
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.splitlines() == [f"cancelled  {a}", f"cancelled  {b}"]
    assert "may still finish" in proc.stderr
    # The record now reads failed with user_cancelled; watch says "cancelled" and exits 1 as for a failure.
    watched = run(["watch", "--track", *FAST, a], env)
    assert watched.returncode == 1
    assert watched.stdout.splitlines()[0] == f"cancelled  {a}"
    listed = run(["list"], env)
    assert listed.stdout.split()[:2] == ["cancelled", a]
    as_json = json.loads(run(["list", "--json"], env).stdout)
    assert as_json["state"] == "failed" and as_json["record"]["error"]["code"] == "user_cancelled"
    other = jobid(user="1002", email="x@example.com")
    mixed = run(["cancel", a, other], env)
    assert mixed.returncode == 1
    assert other in mixed.stderr and "403" in mixed.stderr and "1 of 2" in mixed.stderr
    bad = run(["cancel", "not-a-job"], env)
    assert bad.returncode == 2 and "not-a-job" in bad.stderr


def test_cancel_says_a_job_had_already_ended_and_exits_1(sim: Simulator, env: dict[str, str]) -> None:
    done, broke, running = sim.submit("finished"), sim.submit("failed"), sim.submit("still going")
    sim.force(done, outcome="completed", pending_s=0)
    sim.force(broke, outcome="failed", pending_s=0)
    sim.force(running, pending_s=600)
    proc = run(["cancel", done, broke, running], env)
    assert proc.returncode == 1
    # Only the running job is cancelled; the others are named as already ended, never as "cancelled".
    assert proc.stdout.splitlines() == [f"cancelled  {running}"]
    assert f"not cancelled {done}: it had already finished (completed)" in proc.stderr
    assert f"not cancelled {broke}: it had already failed" in proc.stderr
    assert "The cancelled song may still finish" in proc.stderr and "songs may" not in proc.stderr
    assert "2 of 3 job(s) had already ended" in proc.stderr
    # The finished job's record is untouched: still completed, not turned into a cancellation.
    assert sim.plan(done).outcome == "completed"
    again = run(["cancel", running], env)
    assert again.returncode == 1 and "it had already been cancelled" in again.stderr and not again.stdout
    assert "may still finish" not in again.stderr
    two = [sim.submit("one more"), sim.submit("and another")]
    both = run(["cancel", *two], env)
    assert both.returncode == 0 and "The 2 cancelled songs may still finish" in both.stderr


def test_watch_running_takes_in_jobs_running_now_and_started_later(sim: Simulator, env: dict[str, str],
                                                                   tmp_path: Path) -> None:
    first = sim.submit("running before the watch")
    sim.force(first, outcome="completed", pending_s=3.0)
    # A job that starts while the watch runs: a script submits it when the watch has printed its first line.
    import subprocess

    proc = subprocess.Popen(
        [*CLI, "watch", "--running", "--json", *FAST, "--timeout", "60"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env,
    )
    try:
        assert proc.stdout is not None
        head = json.loads(proc.stdout.readline())
        assert head["jobid"] == first and head["state"] == "pending"
        later = sim.submit("started while watching")
        sim.force(later, outcome="completed", pending_s=3.0)
        rest, err = proc.communicate(timeout=60)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.communicate()
    assert proc.returncode == 0, err
    got = [head, *lines(rest)]
    finals = {g["jobid"]: g["state"] for g in got}
    assert finals == {first: "completed", later: "completed"}
    for g in got:
        assert set(g) == {"jobid", "state", "record"}


def test_watch_running_with_nothing_running_exits_0_and_ids_still_mean_only_themselves(
    sim: Simulator, env: dict[str, str]
) -> None:
    idle = run(["watch", "--running", *FAST, "--timeout", "30"], env)
    assert idle.returncode == 0, idle.stderr
    assert idle.stdout.startswith("no jobs in ")
    busy = sim.submit("someone else's song on the account")
    sim.force(busy, pending_s=60)
    mine = jobid()
    sim.force(mine, outcome="completed", pending_s=0.5)
    proc = run(["watch", "--json", *FAST, mine], env)
    assert proc.returncode == 0, proc.stderr
    assert {g["jobid"] for g in lines(proc.stdout)} == {mine}
    no_ids = run(["watch"], env)
    assert no_ids.returncode == 2


def test_help_has_a_description_an_example_and_exit_codes(env: dict[str, str]) -> None:
    for command in ("jobs", "accounts", "cancel"):
        proc = run([command, "--help"], env)
        assert proc.returncode == 0
        assert "examples:" in proc.stdout and "exit codes:" in proc.stdout
    watch = run(["watch", "--help"], env)
    assert "--running" in watch.stdout


def test_a_token_with_a_space_is_named_the_same_way_by_every_command(env: dict[str, str], tmp_path: Path) -> None:
    spaced = {**env, "FLOWMUSIC_API_TOKEN": "has space"}
    said = set()
    for command in (["watch", jobid()], ["jobs"], ["accounts"], ["cancel", jobid()],
                    ["download", "--library", "--dir", str(tmp_path / "lib")], ["download", jobid()]):
        proc = run(command, spaced)
        assert proc.returncode == 3, (command, proc.stderr)
        assert "contains a space" in proc.stderr and "no API token" not in proc.stderr, (command, proc.stderr)
        assert "has space" not in proc.stderr + proc.stdout
        said.add(proc.stderr.strip().splitlines()[-1])
    assert len(said) == 1, said  # one check, one message
    status = run(["token", "status"], spaced)
    assert "contains a space" in status.stdout + status.stderr


def test_the_fix_and_the_401_are_each_said_once(env: dict[str, str]) -> None:
    readable = run(["accounts"], env)
    row = next(line for line in readable.stdout.splitlines() if line.startswith(LAPSED))
    assert row.lower().count("re-add") == 1 and row.count("useapi.net") == 1
    for command in (["accounts"], ["jobs"], ["watch", jobid()]):
        wrong = run(command, {**env, "FLOWMUSIC_API_TOKEN": "user:1-wrong"})
        assert wrong.returncode == 3
        assert wrong.stderr.count("(401)") == 1 and wrong.stderr.count("rejected") == 1, wrong.stderr

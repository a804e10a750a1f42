"""`flowmusic make`, `edit` and `queue` as scripts use them: real processes against the real simulator."""

from __future__ import annotations

import json
import os
import signal
import subprocess
from datetime import datetime, timezone
from pathlib import Path

import pytest
from helpers.cli import CLI, FAST, run

from flowmusic_gui.core.store import JobStore
from flowmusic_gui.core.submissions import SubmissionState, new_submission, start_sending
from flowmusic_gui.simulator import DEMO_TOKEN, Simulator
from flowmusic_gui.simulator.accounts import Account

pytestmark = pytest.mark.simulator(failure_rate=0.0, short_clips=True)

KEYS = {"ref", "state", "jobid", "email", "prompt", "error"}


def _lines(text: str) -> list[dict]:
    return [json.loads(line) for line in text.splitlines() if line.strip()]


def _store(env: dict[str, str]) -> JobStore:
    return JobStore(Path(env["FLOWMUSIC_DATA_DIR"]) / JobStore.FILENAME)


def _clip(sim: Simulator) -> tuple[str, float]:
    jobid = sim.submit("the source", email="demo@flowmusic.local")
    sim.force(jobid, outcome="completed", pending_s=0)
    clip = sim.plan(jobid).clips[0]
    return clip.clip_id, clip.duration_s


def test_make_submits_each_song_once_prints_a_line_each_and_tracks_the_jobs(
    sim: Simulator, env: dict[str, str]
) -> None:
    proc = run(["make", "lofi, rain", "synthwave", "--count", "2", "--json", "--ghostwriter", "pro"], env)
    assert proc.returncode == 0, proc.stderr
    lines = _lines(proc.stdout)
    assert len(lines) == 4 and all(set(line) == KEYS for line in lines)
    assert {line["state"] for line in lines} == {"submitted"}
    assert sorted(line["prompt"] for line in lines) == ["lofi, rain", "lofi, rain", "synthwave", "synthwave"]
    for line in lines:
        assert sim.jobs_with_ref(line["ref"]) == [line["jobid"]]  # echoed replyRef: made exactly once
    sent = sim.submitted_requests()
    assert all(r["mode"] == "async" and r["ghostwriter"] == "pro" for r in sent)
    with _store(env) as store:
        assert {line["jobid"] for line in lines} <= store.jobids()
    assert DEMO_TOKEN not in proc.stdout + proc.stderr


def test_make_reads_prompts_and_json_lines_from_a_file(sim: Simulator, env: dict[str, str], tmp_path: Path) -> None:
    source = tmp_path / "prompts.txt"
    source.write_text('ambient drones\n\n{"prompt": "jazz trio", "instrumental": true}\n', encoding="utf-8")
    proc = run(["make", "--from", str(source), "--json"], env)
    assert proc.returncode == 0, proc.stderr
    assert sorted(line["prompt"] for line in _lines(proc.stdout)) == ["ambient drones", "jazz trio"]
    jazz = next(r for r in sim.submitted_requests() if r["prompt"] == "jazz trio")
    assert jazz["instrumental"] is True


@pytest.mark.parametrize(
    ("args", "named"),
    [
        (["make", ""], "prompt: required"),
        (["make", "x" * 10_001], "prompt: must be text of 1 to 10,000 characters"),
        (["make", "x", "--count", "51"], "must be from 1 to 50"),
        (["make"], "no prompt given"),
        (["make", "--from", "-"], "no prompt given"),
        (["make", "x", "--instrumental", "--lyrics", "-"], "lyrics: an instrumental takes no lyrics"),
    ],
)
def test_make_refuses_bad_arguments_with_exit_2_naming_the_field(
    sim: Simulator, env: dict[str, str], args: list[str], named: str
) -> None:
    proc = run(args, env, stdin="[Verse]\nla la" if "--lyrics" in args else "")
    assert proc.returncode == 2, proc.stderr
    assert named in proc.stderr
    assert "Traceback" not in proc.stderr
    assert sim.submitted_requests() == []


def test_a_bad_json_line_names_its_line_and_field(sim: Simulator, env: dict[str, str]) -> None:
    proc = run(["make", "--from", "-"], env, stdin='ok prompt\n{"prompt": "x", "ghostwriter": "genius"}\n')
    assert proc.returncode == 2
    assert "stdin line 2: ghostwriter: must be one of standard, pro" in proc.stderr
    assert sim.submitted_requests() == []


@pytest.mark.parametrize(
    ("fields", "named"),
    [
        (["effect", "effect=Gain", "gain_db=40"], "gain_db: must be a number from -30 to 30 (got 40)"),
        (["effect", "effect=Gain", "gain_db=loud"], "gain_db: must be a number from -30 to 30"),
        (["effect", "effect=Gain", "gain_db=3", "pan=1"], "pan: not a field of Gain"),
        (["extend", "extend_s=30"], "instruction: required"),
        (["extend", "instruction=more", "extend_s=301"], "extend_s: must be a number from 1 to 300"),
        (["cover", "strength=2"], "strength: must be a number from 0 to 1"),
        (["shred"], "OPERATION: must be one of extend, replace, cover, remix, effect, stems"),
        (["stems", "--seed", "3"], "seed: not a field of stems"),
    ],
)
def test_edit_checks_each_key_and_value_before_sending(
    sim: Simulator, env: dict[str, str], fields: list[str], named: str
) -> None:
    clip, _ = _clip(sim)
    before = len(sim.submitted_requests())
    proc = run(["edit", clip, *fields], env)
    assert proc.returncode == 2, proc.stderr
    assert named in proc.stderr
    assert len(sim.submitted_requests()) == before


def test_edit_names_every_bad_field_on_a_line_of_its_own(sim: Simulator, env: dict[str, str]) -> None:
    clip, _ = _clip(sim)
    proc = run(["edit", clip, "extend", "extend_s=500"], env)
    assert proc.returncode == 2, proc.stderr
    lines = [ln for ln in proc.stderr.splitlines() if ln.startswith("flowmusic: ")]
    assert any("instruction: required" in ln and "extend_s" not in ln for ln in lines), proc.stderr
    assert any("extend_s: must be a number from 1 to 300 (got 500)" in ln for ln in lines), proc.stderr


def test_edit_submits_with_its_operation_seed_and_title(sim: Simulator, env: dict[str, str]) -> None:
    clip, _ = _clip(sim)
    proc = run(["edit", clip, "effect", "effect=Gain", "gain_db=5", "--seed", "42", "--title", "Louder", "--json"],
               env)  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    (line,) = _lines(proc.stdout)
    assert line["state"] == "submitted" and line["email"] == "demo@flowmusic.local"
    request = sim.submitted_requests()[-1]
    assert request == {**request, "clip": clip, "operation": "effect", "effect": "Gain", "gain_db": 5, "seed": 42,
                       "title": "Louder", "replyRef": line["ref"]}  # fmt: skip


def test_a_lost_answer_is_found_by_its_reference_and_never_sent_twice(sim: Simulator, env: dict[str, str]) -> None:
    sim.inject_post_faults(["made_502", "made_drop"])
    proc = run(["make", "one", "two", "--account", "demo@flowmusic.local", "--json"], env)
    assert proc.returncode == 0, proc.stderr
    lines = _lines(proc.stdout)
    assert [line["state"] for line in lines] == ["submitted", "submitted"]
    for line in lines:
        assert sim.jobs_with_ref(line["ref"]) == [line["jobid"]]
    assert len(sim.submitted_requests()) == 2


@pytest.mark.simulator(failure_rate=0.0, short_clips=True, speed=1)
def test_an_uncertain_one_that_finished_with_a_sign_exits_5_and_queue_lists_it(
    sim: Simulator, env: dict[str, str]
) -> None:
    # The job is made and its answer lost, and it finishes at once: not on the running list, but the balance fell.
    sim.inject_post_faults(["made_502"])
    proc = run(["make", "quick one", "--account", "studio@flowmusic.local", "--json", "--timeout", "50"], env,
               timeout=90)  # fmt: skip
    assert proc.returncode in (0, 5), proc.stderr
    (line,) = _lines(proc.stdout)
    if proc.returncode == 5:  # the record was not readable in time: it stays uncertain, never resent
        assert line["state"] == "uncertain" and "queue" in proc.stderr
        listed = _lines(run(["queue", "--json"], env).stdout)
        assert [row["ref"] for row in listed] == [line["ref"]]
    assert len(sim.jobs_with_ref(line["ref"])) == 1


def test_queue_resume_reconciles_what_a_killed_run_left_sending(sim: Simulator, env: dict[str, str]) -> None:
    now = datetime.now(timezone.utc)
    with _store(env) as store:
        repo = store
        made, waiting = repo.add_submissions([
            new_submission("music", {"prompt": "made before the crash"}, email=None, now=now),
            new_submission("music", {"prompt": "still queued"}, email=None, now=now),
        ])  # fmt: skip
        repo.move_submission(made.ref, lambda s: start_sending(s, account="demo@flowmusic.local", now=now,
                                                    owner="elsewhere:1:dead"))  # fmt: skip
    # The killed run's POST did make the job (the simulator shows it running with the reference).
    sim.force(jobid := sim.submit("made before the crash", email="demo@flowmusic.local", replyRef=made.ref),
              pending_s=30)  # fmt: skip
    listed = _lines(run(["queue", "--json"], env).stdout)
    assert [(r["ref"], r["state"]) for r in listed] == [(made.ref, "sending"), (waiting.ref, "queued")]
    proc = run(["queue", "--resume", "--json"], env)
    assert proc.returncode == 0, proc.stderr
    by_ref = {line["ref"]: line for line in _lines(proc.stdout)}
    assert by_ref[made.ref]["state"] == "submitted" and by_ref[made.ref]["jobid"] == jobid
    assert by_ref[waiting.ref]["state"] == "submitted"
    assert sim.jobs_with_ref(made.ref) == [jobid]  # reconciled, not resent
    assert run(["queue", "--json"], env).stdout == ""


def test_queue_drop_and_retry_name_unknown_references(sim: Simulator, env: dict[str, str]) -> None:
    now = datetime.now(timezone.utc)
    with _store(env) as store:
        (sub,) = store.add_submissions([new_submission("music", {"prompt": "x"}, email=None, now=now)])
    assert run(["queue", "--drop", "fm-nope"], env).returncode == 2
    proc = run(["queue", "--retry", sub.ref], env)
    assert proc.returncode == 2 and "only a not_made one" in proc.stderr
    assert run(["queue", "--drop", sub.ref], env).returncode == 0
    with _store(env) as store:
        assert store.submission(sub.ref).state is SubmissionState.CANCELLED  # type: ignore[union-attr]


def test_make_without_a_token_exits_3_and_sends_nothing(sim: Simulator, env: dict[str, str]) -> None:
    env.pop("FLOWMUSIC_API_TOKEN")
    proc = run(["make", "x"], env)
    assert proc.returncode == 3, proc.stderr
    assert sim.submitted_requests() == []


def test_make_wait_prints_the_watch_lines_until_the_songs_end(sim: Simulator, env: dict[str, str]) -> None:
    proc = run(["make", "one", "--json", "--wait", "--timeout", "50", *FAST], env, timeout=90)
    assert proc.returncode == 0, proc.stderr
    lines = _lines(proc.stdout)
    assert lines[0]["state"] == "submitted"
    assert lines[-1]["jobid"] == lines[0]["jobid"] and lines[-1]["state"] == "completed"


@pytest.mark.simulator(failure_rate=0.0, speed=1, accounts=[Account("one@example.com", max_jobs=1, credits=1000)])
def test_ctrl_c_stops_sending_and_says_how_to_resume(sim: Simulator, env: dict[str, str]) -> None:
    proc = subprocess.Popen([*CLI, "make", "a", "b", "c", "--json"], env=env, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)  # fmt: skip
    assert proc.stdout is not None
    first = json.loads(proc.stdout.readline())  # one slot: the first is sent, the rest wait for it
    assert first["state"] == "submitted"
    os.kill(proc.pid, signal.SIGINT)
    _out, err = proc.communicate(timeout=30)
    assert proc.returncode == 130
    assert "2 left queued" in err and "flowmusic queue --resume" in err
    assert len(sim.submitted_requests()) == 1


@pytest.mark.simulator(failure_rate=0.0, short_clips=True, speed=40,
                       accounts=[Account("one@example.com", max_jobs=1, credits=1000)])
def test_make_on_a_terminal_shows_a_live_block_of_counts_and_slots_then_leaves_the_lines(
    sim: Simulator, env: dict[str, str]
) -> None:
    import re

    from .test_cli_readable import _run_on_terminal

    code, screens = _run_on_terminal(["make", "first song", "second song"], env, timeout=90)
    assert code == 0, screens[-1] if screens else "no output"
    # While the second song waits for the one slot, the block counts them and shows the slot taken.
    counted = [ln for scr in screens for ln in scr
               if re.fullmatch(r"1 queued, 1 submitted of 2 · \d+:\d\d · Ctrl-C stops sending", ln)]
    assert counted, screens[-1]
    assert any("  one@example.com  1 of 1 slots running (full)" in scr for scr in screens)
    final = [ln for ln in screens[-1] if ln]
    assert not any("Ctrl-C" in ln or "slots running" in ln for ln in final), final
    sent = [ln for ln in final if ln.startswith("submitted")]
    assert len(sent) == 2 and all("one@example.com" in ln and "job:" in ln for ln in sent)
    assert final[-1] == "2 submitted"


def test_make_uploads_reference_files_to_one_account_and_sends_their_ids(
    sim: Simulator, env: dict[str, str], tmp_path: Path
) -> None:
    png = tmp_path / "cover.png"
    png.write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00" * 64)
    wav = tmp_path / "hum.wav"
    wav.write_bytes(b"RIFF\x00\x01\x00\x00WAVEfmt " + b"\x00" * 64)
    proc = run(["make", "dream pop", "--ref-image", str(png), "--ref-audio", str(wav), "--json"], env)
    assert proc.returncode == 0, proc.stderr
    (line,) = _lines(proc.stdout)
    (sent,) = sim.submitted_requests()
    email = sent["email"]
    assert line["email"] == email
    assert sent["refImage1"].startswith("user:") and f"-{email}-image:" in sent["refImage1"]
    assert f"-{email}-audio:" in sent["refAudio1"]
    assert f"uploaded cover.png to {email}" in proc.stderr


def test_make_refuses_a_bad_reference_file_naming_it_before_sending(
    sim: Simulator, env: dict[str, str], tmp_path: Path
) -> None:
    text = tmp_path / "notes.txt"
    text.write_text("just words")
    png = tmp_path / "cover.png"
    png.write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00" * 64)
    proc = run(["make", "x", "--ref-image", str(text), "--ref-audio", str(png)], env)
    assert proc.returncode == 2
    assert "--ref-image: notes.txt: not a file the API takes" in proc.stderr
    assert "--ref-audio: cover.png is an image (give it with --ref-image)" in proc.stderr
    assert sim.submitted_requests() == [] and not [r for r in sim.requests if "/files" in r.path]

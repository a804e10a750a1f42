"""`flowmusic download` as scripts use it: real processes against the real simulator, files read back with mutagen."""

from __future__ import annotations

import json
import signal
import subprocess
import time
from pathlib import Path

import pytest
from helpers.cli import CLI, jobid, run
from mutagen.id3 import ID3
from mutagen.mp4 import MP4

from flowmusic_gui.simulator import DEMO_TOKEN, Simulator

pytestmark = pytest.mark.simulator(short_clips=True)


def completed(sim: Simulator, n: int = 1) -> list[str]:
    ids = []
    for _ in range(n):
        j = sim.submit("a song about trains")
        sim.force(j, outcome="vocal", pending_s=0)
        ids.append(j)
    return ids


def lines(text: str) -> list[dict[str, object]]:
    return [json.loads(line) for line in text.splitlines() if line.strip()]


def test_json_lines_per_file_then_everything_skipped_on_a_second_run(
    sim: Simulator, env: dict[str, str], tmp_path: Path
) -> None:
    ids = completed(sim, 2)
    out = tmp_path / "songs"
    first = run(["download", "--json", "--dir", str(out), *ids], env)
    assert first.returncode == 0, first.stderr
    rows = lines(first.stdout)
    assert len(rows) == 4 and all(set(r) == {"clip", "jobid", "format", "path", "bytes", "skipped"} for r in rows)
    assert {r["jobid"] for r in rows} == set(ids) and not any(r["skipped"] for r in rows)
    for r in rows:
        path = Path(str(r["path"]))
        assert path.parent == out and path.suffix == ".m4a" and path.stat().st_size == r["bytes"]
        assert MP4(path).tags is not None
    assert not list(out.glob("*.part"))
    before = len(sim.requests)
    second = run(["download", "--json", "--dir", str(out), *ids], env)
    assert second.returncode == 0, second.stderr
    assert all(r["skipped"] for r in lines(second.stdout)) and len(lines(second.stdout)) == 4
    assert not [r for r in sim.requests[before:] if "/media/" in r.path]


def test_without_dir_the_files_go_to_the_music_folder_the_desktop_names(sim: Simulator, env: dict[str, str]) -> None:
    # A German desktop: xdg-user-dirs named the music folder ~/Musik.
    home = Path(env["HOME"])
    config = Path(env["XDG_CONFIG_HOME"])
    config.mkdir(parents=True, exist_ok=True)
    (config / "user-dirs.dirs").write_text('XDG_MUSIC_DIR="$HOME/Musik"\n', encoding="utf-8")
    [jid] = completed(sim, 1)
    proc = run(["download", "--json", jid], env)
    assert proc.returncode == 0, proc.stderr
    rows = lines(proc.stdout)
    assert len(rows) == 2 and all(Path(str(r["path"])).parent == home / "Musik" / "FlowMusic" for r in rows)
    assert not (home / "Music").exists()


def test_readable_lines_template_folders_mp3_and_lrc(sim: Simulator, env: dict[str, str], tmp_path: Path) -> None:
    [j] = completed(sim)
    out = tmp_path / "lib"
    proc = run(["download", "--format", "mp3", "--lrc", "--dir", str(out), "--template",
                "{account}/{title} ({take}).{format}", j], env)
    assert proc.returncode == 0, proc.stderr
    saved = [line for line in proc.stdout.splitlines() if line.startswith("saved")]
    assert len(saved) == 2
    files = sorted((out / "demo@flowmusic.local").glob("*.mp3"))
    assert len(files) == 2
    assert ID3(files[0]).getall("APIC")


def test_a_pending_job_is_named_and_exits_2(sim: Simulator, env: dict[str, str], tmp_path: Path) -> None:
    j = sim.submit("slow one")
    sim.force(j, pending_s=600)
    proc = run(["download", "--dir", str(tmp_path / "x"), j], env)
    assert proc.returncode == 2
    assert j in proc.stderr and "not finished yet" in proc.stderr
    assert not (tmp_path / "x").exists()


def test_bad_arguments_exit_2(env: dict[str, str], tmp_path: Path) -> None:
    assert run(["download"], env).returncode == 2
    assert run(["download", "--library", jobid()], env).returncode == 2
    bad = run(["download", "--template", "{nope}.{format}", jobid()], env)
    assert bad.returncode == 2 and "--template" in bad.stderr
    assert run(["download", "user:1-a@b.c-clip:1f2e3d4c-aaaa-bbbb-cccc-000000000000"], env).returncode == 2


def test_no_token_exits_3(env: dict[str, str], tmp_path: Path) -> None:
    env = {k: v for k, v in env.items() if k != "FLOWMUSIC_API_TOKEN"}
    assert run(["download", "--library"], env).returncode == 3
    assert run(["download", jobid()], env).returncode == 3
    env["FLOWMUSIC_API_TOKEN"] = "user:1-wrong"
    refused = run(["download", "--library", "--dir", str(tmp_path / "y")], env)
    assert refused.returncode == 3, refused.stderr
    assert "user:1-wrong" not in refused.stderr + refused.stdout


def test_an_expired_link_exits_1_naming_the_file_and_the_rest_is_saved(
    sim: Simulator, env: dict[str, str], tmp_path: Path
) -> None:
    [j] = completed(sim)
    out = tmp_path / "songs"
    listed = run(["list", "--json"], env)  # nothing tracked: the record comes from the API
    assert listed.returncode == 0
    from flowmusic_gui.core.client import ApiClient, JobFound

    client = ApiClient(sim.base_url, DEMO_TOKEN)
    found = client.get_job(j)
    client.close()
    assert isinstance(found, JobFound)
    sim.expire_media(found.data["clips"][0]["audio_url"])
    proc = run(["download", "--json", "--dir", str(out), j], env)
    assert proc.returncode == 1
    assert "403" in proc.stderr and ".m4a" in proc.stderr
    assert len(lines(proc.stdout)) == 1
    assert not list(out.glob("*.part"))


def test_help_has_a_description_an_example_and_exit_codes(env: dict[str, str]) -> None:
    proc = run(["download", "--help"], env)
    assert proc.returncode == 0
    assert "examples:" in proc.stdout and "exit codes:" in proc.stdout and "--library" in proc.stdout


def test_library_twice_fetches_nothing_new(sim: Simulator, env: dict[str, str], tmp_path: Path) -> None:
    completed(sim, 3)
    out = tmp_path / "lib"
    first = run(["download", "--library", "--json", "--dir", str(out)], env)
    assert first.returncode == 0, first.stderr
    rows = lines(first.stdout)
    assert len(rows) == 6 and all(r["format"] == "mp3" and not r["skipped"] for r in rows)
    assert "6 downloaded" in first.stderr
    for r in rows:
        tags = ID3(str(r["path"]))
        assert tags.getall("APIC") and tags.getall("USLT")
    before = len(sim.requests)
    second = run(["download", "--library", "--json", "--dir", str(out)], env)
    assert second.returncode == 0, second.stderr
    assert all(r["skipped"] for r in lines(second.stdout)) and "0 downloaded, 6 already there" in second.stderr
    assert not [r for r in sim.requests[before:] if "/music/download" in r.path]


def test_library_killed_half_way_continues_and_leaves_no_partial_file_named_as_finished(
    sim: Simulator, env: dict[str, str], tmp_path: Path
) -> None:
    sim.short_clips = False  # three-minute songs: long enough to be cut off mid-file
    completed(sim, 4)
    out = tmp_path / "lib"
    proc = subprocess.Popen(
        [*CLI, "download", "--library", "--json", "--dir", str(out)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and not list(out.glob("**/*.part")):
        time.sleep(0.01)  # polling the disk for the first partial file, not a fixed wait
    proc.send_signal(signal.SIGKILL)
    proc.communicate(timeout=30)
    finished = list(out.glob("**/*.mp3"))
    for path in finished:
        assert ID3(path).getall("TIT2"), f"{path.name} is named as finished but is not whole"
    again = run(["download", "--library", "--json", "--dir", str(out)], env)
    assert again.returncode == 0, again.stderr
    rows = lines(again.stdout)
    assert len(rows) == 8
    assert sum(1 for r in rows if r["skipped"]) == len(finished)
    assert not list(out.glob("**/*.part"))
    for r in rows:
        assert ID3(str(r["path"])).getall("TIT2")


def test_ids_from_stdin_and_the_folder_and_template_from_the_window_settings(
    sim: Simulator, env: dict[str, str], tmp_path: Path
) -> None:
    [j] = completed(sim)
    data = Path(env["FLOWMUSIC_DATA_DIR"])
    data.mkdir(parents=True, exist_ok=True)
    chosen = tmp_path / "Chosen"
    (data / "settings.ini").write_text(
        f"[downloads]\nfolder={chosen}\nformat=wav\ntemplate={{take}} - {{title}}.{{format}}\n"
    )
    proc = run(["download", "--json", "-"], env, stdin=f"here it is: {j}\n")
    assert proc.returncode == 0, proc.stderr
    rows = lines(proc.stdout)
    assert len(rows) == 2 and all(r["format"] == "wav" for r in rows)
    names = sorted(Path(str(r["path"])).name for r in rows)
    assert all(Path(str(r["path"])).parent == chosen for r in rows)
    assert names[0].startswith("A - ") and names[1].startswith("B - ")


def test_library_files_read_back_with_ffprobe(sim: Simulator, env: dict[str, str], tmp_path: Path) -> None:
    from helpers.media import ffprobe

    completed(sim, 1)
    out = tmp_path / "lib"
    proc = run(["download", "--library", "--json", "--account", "demo@flowmusic.local", "--dir", str(out)], env)
    assert proc.returncode == 0, proc.stderr
    rows = lines(proc.stdout)
    assert len(rows) == 2
    seen = ffprobe(Path(str(rows[0]["path"])), "mp3")
    assert seen["pictures"] in (["mjpeg"], ["png"]) and seen["tags"].get("title")  # the served cover, embedded
    assert seen["tags"].get("artist") == "FlowMusic" and seen["tags"].get("album") == "demo@flowmusic.local"


def test_the_lyrics_timing_offset_set_in_the_window_moves_the_sylt_and_the_lrc(
    sim: Simulator, env: dict[str, str], tmp_path: Path
) -> None:
    from flowmusic_gui.core.lyrics import pair
    from flowmusic_gui.ui.options import ClipOffsets, Options

    [j] = completed(sim)
    record = sim.plan(j)
    clip = record.clips[0]
    assert clip.lyrics_timing, "a vocal clip of the simulator has timing"
    data = Path(env["FLOWMUSIC_DATA_DIR"])
    options = Options.open(data)
    ClipOffsets(options).set(clip.clip_id, 1.5)  # the user pressed "Lyrics later" 15 times on take A
    options.settings.sync()
    out = tmp_path / "lib"
    proc = run(["download", "--format", "mp3", "--lrc", "--json", "--dir", str(out), j], env)
    assert proc.returncode == 0, proc.stderr
    by_clip = {str(r["clip"]): Path(str(r["path"])) for r in lines(proc.stdout)}
    markers = pair(clip.lyrics, clip.lyrics_timing).markers
    corrected = by_clip[clip.clip_id]
    [sylt] = ID3(corrected).getall("SYLT")
    assert [ms for _text, ms in sylt.text] == [round((start + 1.5) * 1000) for start, _end in markers]
    lrc = corrected.with_suffix(".lrc").read_text(encoding="utf-8")
    first = markers[0][0] + 1.5
    assert f"[{int(first // 60):02d}:{first % 60:05.2f}]" in lrc
    # The other take keeps its own timing: the offset is per clip.
    other = record.clips[1]
    [plain] = ID3(by_clip[other.clip_id]).getall("SYLT")
    assert plain.text[0][1] == round(pair(other.lyrics, other.lyrics_timing).markers[0][0] * 1000)


def test_library_into_a_pipe_closed_after_three_lines_ends_quietly_and_resumes(
    sim: Simulator, env: dict[str, str], tmp_path: Path
) -> None:
    # `flowmusic download --library --json | head -3`
    completed(sim, 4)
    out = tmp_path / "lib"
    with subprocess.Popen([*CLI, "download", "--library", "--json", "--dir", str(out)], stdout=subprocess.PIPE,
                          stderr=subprocess.PIPE, text=True, env=env) as proc:
        try:
            assert proc.stdout is not None and proc.stderr is not None
            head = [json.loads(proc.stdout.readline()) for _ in range(3)]
            proc.stdout.close()
            code = proc.wait(timeout=60)
            err = proc.stderr.read()
        finally:
            if proc.poll() is None:
                proc.kill()
    assert "Traceback" not in err and "BrokenPipeError" not in err, err
    assert code in (0, 141), err  # 0 when everything was written before the reader went away
    assert all(Path(str(r["path"])).is_file() for r in head)
    again = run(["download", "--library", "--json", "--dir", str(out)], env)
    assert again.returncode == 0, again.stderr
    rows = lines(again.stdout)
    assert len(rows) == 8 and not list(out.glob("**/*.part"))
    assert {str(r["path"]) for r in head} <= {str(r["path"]) for r in rows if r["skipped"]}


def test_a_renamed_library_file_is_skipped_by_the_next_library_run(
    sim: Simulator, env: dict[str, str], tmp_path: Path
) -> None:
    completed(sim, 1)
    out = tmp_path / "lib"
    first = run(["download", "--library", "--json", "--dir", str(out)], env)
    assert first.returncode == 0, first.stderr
    rows = lines(first.stdout)
    (out / "renamed by me").mkdir()
    new = out / "renamed by me" / "keep this.mp3"
    Path(str(rows[0]["path"])).rename(new)
    before = len(sim.requests)
    second = run(["download", "--library", "--json", "--dir", str(out)], env)
    assert second.returncode == 0, second.stderr
    again = {str(r["clip"]): r for r in lines(second.stdout)}
    assert again[str(rows[0]["clip"])]["skipped"] and again[str(rows[0]["clip"])]["path"] == str(new)
    assert not [r for r in sim.requests[before:] if "/music/download" in r.path]


def test_library_clips_of_a_tracked_job_are_named_by_take_like_the_jobs_own_downloads(
    sim: Simulator, env: dict[str, str], tmp_path: Path
) -> None:
    tracked, other = completed(sim, 2)
    watched = run(["watch", "--track", "--poll-interval", "0.05", tracked], env)
    assert watched.returncode == 0, watched.stderr
    out = tmp_path / "lib"
    proc = run(["download", "--library", "--json", "--dir", str(out)], env)
    assert proc.returncode == 0, proc.stderr
    rows = lines(proc.stdout)
    mine = sorted(Path(str(r["path"])).name for r in rows if r["jobid"] == tracked)
    assert len(mine) == 2 and mine[0].endswith(" (A).mp3") and mine[1].endswith(" (B).mp3")
    # The job is known, so the file is tagged as the job's own download is: its job id and synced lyrics.
    tags = ID3(str(next(r["path"] for r in rows if r["jobid"] == tracked)))
    assert str(tags["TXXX:FLOWMUSIC_JOB_ID"]) == tracked
    # A clip of no tracked job keeps the short clip id: no take is known for it.
    unknown = [Path(str(r["path"])).name for r in rows if r["jobid"] is None]
    assert len(unknown) == 2 and all(" (A)" not in n and " (B)" not in n for n in unknown)
    assert other


def test_kept_only_downloads_the_starred_takes_and_names_jobs_without_one(
    sim: Simulator, env: dict[str, str], tmp_path: Path
) -> None:
    from flowmusic_gui.core.store import JobStore

    kept_job, plain_job = completed(sim, 2)
    out = tmp_path / "kept"
    assert run(["track", kept_job, plain_job], env).returncode == 0
    from urllib.parse import quote

    import requests

    record = requests.get(f"{sim.base_url}/jobs/{quote(kept_job, safe='')}", timeout=10,
                          headers={"Authorization": f"Bearer {DEMO_TOKEN}"}).json()
    take_b = record["clips"][1]["clip"]
    # Starred in the window's detail view: the window writes the same store.
    with JobStore(Path(env["FLOWMUSIC_DATA_DIR"]) / JobStore.FILENAME) as store:
        assert store.set_kept(kept_job, str(take_b), True) == (take_b,)
    given = run(["download", "--kept-only", "--json", "--dir", str(out), kept_job, plain_job], env)
    assert given.returncode == 0, given.stderr
    assert [(r["jobid"], r["clip"]) for r in lines(given.stdout)] == [(kept_job, take_b)]
    assert f"{plain_job}: no kept take" in given.stderr
    # Alone: every kept take of the tracked jobs (already there now: skipped, not fetched again).
    alone = run(["download", "--kept-only", "--json", "--dir", str(out)], env)
    assert alone.returncode == 0, alone.stderr
    assert [(r["clip"], r["skipped"]) for r in lines(alone.stdout)] == [(take_b, True)]
    assert [p.name for p in out.glob("*.m4a")] == [Path(str(lines(given.stdout)[0]["path"])).name]
    refused = run(["download", "--kept-only", "--library"], env)
    assert refused.returncode == 2 and "--kept-only" in refused.stderr

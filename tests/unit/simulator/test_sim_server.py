"""The simulator over real HTTP: statuses, record shapes, clips and their media, ranges, blobs, lifecycle."""

from __future__ import annotations

import io
import json
import re
import socket
import time
import wave
from collections.abc import Callable
from datetime import datetime
from typing import Any
from urllib.parse import quote

import pytest
import requests

from flowmusic_gui.simulator import DEMO_TOKEN, Simulator, demo_jobids

ISO_MS = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z")
UUID = r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"
VOCAL, VOCAL2, INSTRUMENTAL, EDIT, FAILED, MISSING, OTHER_USER, LONG = demo_jobids()
DISPATCH_FIELDS = {"jobid", "email", "request", "created_at", "status"}


def wait_until(predicate: Callable[[], bool], timeout: float = 5.0) -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            raise AssertionError("condition not met in time")
        time.sleep(0.01)


def job_url(sim: Simulator, jobid: str) -> str:
    return f"{sim.base_url}/jobs/{quote(jobid, safe='')}"


def get_job(session: requests.Session, sim: Simulator, jobid: str) -> requests.Response:
    return session.get(job_url(sim, jobid), timeout=5)


def completed(session: requests.Session, sim: Simulator, jobid: str) -> dict[str, Any]:
    sim.force(jobid, pending_s=0)
    r = get_job(session, sim, jobid)
    assert r.status_code == 200
    data: dict[str, Any] = r.json()
    assert data["status"] in ("completed", "failed")
    return data


def ms(stamp: str) -> int:
    return round(datetime.fromisoformat(stamp.replace("Z", "+00:00")).timestamp() * 1000)


def assert_error_body(r: requests.Response, status: int) -> str:
    assert r.status_code == status
    body = r.json()
    assert set(body) == {"error", "code"}
    assert body["code"] == status
    assert isinstance(body["error"], str)
    assert body["error"]
    return str(body["error"])


# --- progression and record shape -------------------------------------------------------------------------


def test_a_new_job_is_pending_with_only_the_dispatch_fields(sim: Simulator, session: requests.Session) -> None:
    r = get_job(session, sim, VOCAL)
    assert r.status_code == 200
    assert r.headers["Content-Type"].startswith("application/json")
    data = r.json()
    assert set(data) == DISPATCH_FIELDS
    assert data["status"] == "pending"
    assert data["jobid"] == VOCAL
    assert data["email"] == "demo@flowmusic.local"
    assert isinstance(data["request"]["prompt"], str)
    assert ISO_MS.fullmatch(data["created_at"])


def test_jobs_complete_by_themselves_after_their_pending_time() -> None:
    # The vocal demo job pends ~44 s at speed 1, so ~0.2 s here: long enough to see it pending first.
    with Simulator(token=DEMO_TOKEN, speed=200) as sim, requests.Session() as s:
        s.headers["Authorization"] = f"Bearer {DEMO_TOKEN}"
        assert get_job(s, sim, VOCAL).json()["status"] == "pending"
        wait_until(lambda: get_job(s, sim, VOCAL).json()["status"] == "completed")
        data = get_job(s, sim, VOCAL).json()
    assert data["duration_ms"] == pytest.approx(sim.plan(VOCAL).pending_s * 1000, abs=1)


def test_a_completed_record_has_consistent_times_and_an_ab_pair(sim: Simulator, session: requests.Session) -> None:
    first = get_job(session, sim, VOCAL).json()
    data = completed(session, sim, VOCAL)
    assert set(data) == DISPATCH_FIELDS | {"completed_at", "duration_ms", "clips"}
    assert data["status"] == "completed"
    assert data["created_at"] == first["created_at"]  # counted from first sight, not from completion
    assert ISO_MS.fullmatch(data["completed_at"])
    assert ms(data["completed_at"]) - ms(data["created_at"]) == data["duration_ms"]
    assert len(data["clips"]) == 2
    assert data["request"] == first["request"]


def test_a_failed_record_has_an_error_and_no_clips(sim: Simulator, session: requests.Session) -> None:
    data = completed(session, sim, FAILED)
    assert data["status"] == "failed"
    assert "clips" not in data
    assert set(data["error"]) == {"code", "message"}
    assert all(isinstance(v, str) and v for v in data["error"].values())
    assert ms(data["completed_at"]) - ms(data["created_at"]) == data["duration_ms"]


def test_an_edit_job_names_its_operation_while_pending_and_after(sim: Simulator, session: requests.Session) -> None:
    pending = get_job(session, sim, EDIT).json()
    assert set(pending) == DISPATCH_FIELDS | {"operation"}
    assert pending["operation"] in {"effect", "extend", "replace", "cover", "remix"}
    assert completed(session, sim, EDIT)["operation"] == pending["operation"]


def test_the_same_id_answers_the_same_whether_encoded_or_raw(sim: Simulator, session: requests.Session) -> None:
    encoded = get_job(session, sim, VOCAL)
    raw = session.get(f"{sim.base_url}/jobs/{VOCAL}", timeout=5)
    assert raw.status_code == 200
    assert raw.json() == encoded.json()


def test_force_and_plan_agree(sim: Simulator, session: requests.Session) -> None:
    sim.force(VOCAL, outcome="failed", pending_s=0)
    assert sim.plan(VOCAL).outcome == "failed"
    assert get_job(session, sim, VOCAL).json()["status"] == "failed"
    sim.force(VOCAL, outcome="completed")
    assert get_job(session, sim, VOCAL).json()["status"] == "completed"
    sim.force(VOCAL, pending_s=3600)
    assert get_job(session, sim, VOCAL).json()["status"] == "pending"


# --- clips -------------------------------------------------------------------------------------------------


def sung_lines(lyrics: str) -> list[str]:
    return [ln for ln in lyrics.splitlines() if ln.strip() and not re.fullmatch(r"\[.*\]", ln.strip())]


def test_vocal_clips_have_sectioned_lyrics_and_one_marker_per_sung_line(
    sim: Simulator, session: requests.Session
) -> None:
    data = completed(session, sim, VOCAL)
    for clip in data["clips"]:
        assert re.fullmatch(rf"user:1001-demo@flowmusic\.local-clip:{UUID}", clip["clip"])
        assert clip["title"]
        assert isinstance(clip["seed"], int)
        assert ISO_MS.fullmatch(clip["created_at"])
        lyrics = clip["lyrics"]
        assert "[Verse 1]" in lyrics
        assert "[Chorus]" in lyrics
        assert "\n\n[" in lyrics  # a blank line between sections
        timing = clip["lyrics_timing"]
        assert len(timing) == len(sung_lines(lyrics))
        starts = [start for start, _ in timing]
        assert starts == sorted(starts)
        assert all(0 <= start < end <= clip["duration_s"] for start, end in timing)
    assert data["clips"][0]["clip"] != data["clips"][1]["clip"]


def test_instrumental_clips_have_no_lyrics(sim: Simulator, session: requests.Session) -> None:
    for clip in completed(session, sim, INSTRUMENTAL)["clips"]:
        assert clip["lyrics"] is None
        assert clip["lyrics_timing"] is None
        assert clip["duration_s"] > 0


def test_media_urls_are_absolute_on_the_simulator_and_need_no_token(sim: Simulator, session: requests.Session) -> None:
    clip = completed(session, sim, VOCAL)["clips"][0]
    for key in ("audio_url", "wav_url", "image_url"):
        assert clip[key].startswith(sim.origin + "/")
    audio = requests.get(clip["audio_url"], timeout=5)  # a bare request: no Authorization header
    assert audio.status_code == 200
    assert clip["audio_url"].endswith(".m4a")
    assert audio.headers["Content-Type"] == "audio/mp4"
    assert int(audio.headers["Content-Length"]) == len(audio.content)
    assert audio.content[4:12] == b"ftypM4A "
    assert 120 <= clip["duration_s"] <= 180  # songs as long as the real service's
    wav = requests.get(clip["wav_url"], timeout=10)
    assert wav.headers["Content-Type"] == "audio/wav"
    with wave.open(io.BytesIO(wav.content)) as w:
        assert (w.getframerate(), w.getnchannels(), w.getsampwidth()) == (44100, 2, 2)
        assert w.getnframes() / w.getframerate() == clip["duration_s"]


def test_covers_are_real_pngs_distinct_per_clip_and_some_jpegs(sim: Simulator, session: requests.Session) -> None:
    clips = [c for jobid in sim.demo_jobids()[:4] for c in completed(session, sim, jobid)["clips"]]
    pngs = [requests.get(c["image_url"], timeout=5) for c in clips if c["image_url"].endswith(".png")]
    jpegs = [requests.get(c["image_url"], timeout=5) for c in clips if c["image_url"].endswith(".jpg")]
    assert pngs and jpegs
    for r in pngs:
        assert r.status_code == 200
        assert r.headers["Content-Type"] == "image/png"
        assert r.content.startswith(b"\x89PNG\r\n\x1a\n")
        assert r.content[12:16] == b"IHDR"
    assert len({r.content for r in pngs}) == len(pngs)
    for r in jpegs:
        assert r.status_code == 200
        assert r.headers["Content-Type"] == "image/jpeg"
        assert r.content.startswith(b"\xff\xd8\xff")


def test_media_of_a_pending_job_do_not_exist_yet(sim: Simulator, session: requests.Session) -> None:
    url = completed(session, sim, VOCAL)["clips"][0]["image_url"]
    sim.force(VOCAL, pending_s=3600)
    assert requests.get(url, timeout=5).status_code == 404


def test_expired_media_answer_403(sim: Simulator, session: requests.Session) -> None:
    url = completed(session, sim, VOCAL)["clips"][0]["audio_url"]
    sim.expire_media(url)
    assert requests.get(url, timeout=5).status_code == 403
    assert requests.get(f"{sim.origin}/media/expired/anything.png", timeout=5).status_code == 403


# --- statuses ----------------------------------------------------------------------------------------------


def test_a_missing_or_wrong_token_is_401(sim: Simulator) -> None:
    url = job_url(sim, VOCAL)
    assert "Authorization" in assert_error_body(requests.get(url, timeout=5), 401)
    assert_error_body(requests.get(url, headers={"Authorization": "Bearer nope"}, timeout=5), 401)
    assert_error_body(requests.get(url, headers={"Authorization": f"Basic {DEMO_TOKEN}"}, timeout=5), 401)
    assert_error_body(requests.get(f"{sim.base_url}/accounts", timeout=5), 401)


def test_accounts_answers_200_to_the_right_token(sim: Simulator, session: requests.Session) -> None:
    r = session.get(f"{sim.base_url}/accounts", timeout=5)
    assert r.status_code == 200
    assert isinstance(r.json(), dict)


def test_another_users_job_is_403_for_a_user_token(sim: Simulator, session: requests.Session) -> None:
    assert_error_body(get_job(session, sim, OTHER_USER), 403)


def test_jobs_of_accounts_not_on_the_token_are_403_whatever_the_token_looks_like() -> None:
    with Simulator(token="plain-token") as sim, requests.Session() as s:
        s.headers["Authorization"] = "Bearer plain-token"
        assert_error_body(get_job(s, sim, OTHER_USER), 403)
        assert get_job(s, sim, VOCAL).status_code == 200  # the demo account is on the token
        same_user_other_email = VOCAL.replace("demo@flowmusic.local", "stranger@flowmusic.local")
        assert_error_body(get_job(s, sim, same_user_other_email), 403)


def test_no_token_configured_accepts_any_request() -> None:
    with Simulator(token=None) as sim:
        assert requests.get(job_url(sim, VOCAL), timeout=5).status_code == 200


@pytest.mark.parametrize(
    ("jobid", "words"),
    [
        ("job:nope", "malformed"),
        (VOCAL.replace("-bot:flowmusic", ""), "malformed"),
        ("user:1001-demo@flowmusic.local-clip:2dc0ceeb-9cf5-46c3-99ce-7df99589633d", "clip id"),
        (MISSING, "never existed"),
    ],
)
def test_unknown_ids_are_404(sim: Simulator, session: requests.Session, jobid: str, words: str) -> None:
    assert words in assert_error_body(get_job(session, sim, jobid), 404)


def test_an_expired_job_is_404(sim: Simulator, session: requests.Session) -> None:
    completed(session, sim, VOCAL)
    sim.expire(VOCAL)
    assert_error_body(get_job(session, sim, VOCAL), 404)


def test_unknown_paths_and_methods(sim: Simulator, session: requests.Session) -> None:
    assert_error_body(session.get(f"{sim.base_url}/nothing", timeout=5), 404)
    assert_error_body(session.get(f"{sim.base_url}/jobs/a/b", timeout=5), 404)
    assert_error_body(session.post(job_url(sim, VOCAL), json={}, timeout=5), 405)


# --- download ----------------------------------------------------------------------------------------------


def test_download_is_409_while_pending_then_serves_the_audio(sim: Simulator, session: requests.Session) -> None:
    url = f"{sim.base_url}/music/download"
    assert_error_body(session.get(url, params={"id": VOCAL}, timeout=5), 409)
    clip = completed(session, sim, VOCAL)["clips"][1]
    by_clip = session.get(url, params={"id": clip["clip"]}, timeout=5)
    assert by_clip.status_code == 200
    assert by_clip.headers["Content-Type"] == "audio/mpeg"
    assert by_clip.headers["Content-Disposition"] == f'attachment; filename="{clip["clip"]}.mp3"'
    assert by_clip.content[:2] == b"\xff\xfb"  # an MPEG-1 Layer III frame header
    by_job = session.get(url, params={"id": VOCAL}, timeout=5)
    assert by_job.status_code == 200
    assert by_job.headers["Content-Disposition"].endswith(
        f'filename="{completed(session, sim, VOCAL)["clips"][0]["clip"]}.mp3"'
    )


def test_download_errors(sim: Simulator, session: requests.Session) -> None:
    url = f"{sim.base_url}/music/download"
    assert_error_body(requests.get(url, params={"id": VOCAL}, timeout=5), 401)
    assert_error_body(session.get(url, timeout=5), 400)
    assert_error_body(session.get(url, params={"id": "not-an-id"}, timeout=5), 400)
    completed(session, sim, FAILED)
    assert_error_body(session.get(url, params={"id": FAILED}, timeout=5), 409)  # failed: not completed
    assert_error_body(session.get(url, params={"id": MISSING}, timeout=5), 404)


# --- ranges and blobs --------------------------------------------------------------------------------------


def test_audio_supports_range_requests(sim: Simulator, session: requests.Session) -> None:
    url = completed(session, sim, VOCAL)["clips"][0]["audio_url"]
    full = requests.get(url, timeout=5).content
    size = len(full)
    cases = {"bytes=0-99": (0, 99), "bytes=100-": (100, size - 1), "bytes=-10": (size - 10, size - 1)}
    for header, (first, last) in cases.items():
        r = requests.get(url, headers={"Range": header}, timeout=5)
        assert r.status_code == 206
        assert r.headers["Content-Range"] == f"bytes {first}-{last}/{size}"
        assert r.content == full[first : last + 1]
    r = requests.get(url, headers={"Range": f"bytes={size}-"}, timeout=5)
    assert r.status_code == 416
    assert r.headers["Content-Range"] == f"bytes */{size}"
    head = requests.head(url, timeout=5)
    assert head.headers["Content-Length"] == str(size)
    assert head.headers["Accept-Ranges"] == "bytes"
    assert head.content == b""


def test_blob_streams_exactly_the_size_asked(sim: Simulator) -> None:
    size = 100 * 1024 * 1024
    with requests.get(f"{sim.origin}/media/blob", params={"size": size}, stream=True, timeout=10) as r:
        assert r.status_code == 200
        assert r.headers["Content-Length"] == str(size)
        got = 0
        first = b""
        for chunk in r.iter_content(1 << 20):
            if not first:
                first = chunk[:300]
            got += len(chunk)
    assert got == size
    assert first == bytes(i % 251 for i in range(300))


def test_blob_ranges_and_limits(sim: Simulator) -> None:
    r = requests.get(f"{sim.origin}/media/blob?size=1000", headers={"Range": "bytes=500-509"}, timeout=5)
    assert r.status_code == 206
    assert r.content == bytes(i % 251 for i in range(500, 510))
    assert requests.get(f"{sim.origin}/media/blob?size=0", timeout=5).content == b""
    assert requests.get(f"{sim.origin}/media/blob?size={(1 << 30) + 1}", timeout=5).status_code == 400
    assert requests.get(f"{sim.origin}/media/blob?size=x", timeout=5).status_code == 400


# --- log, keep-alive, lifecycle ----------------------------------------------------------------------------


def test_every_request_is_logged_with_its_status(sim: Simulator, session: requests.Session) -> None:
    before = time.monotonic()
    get_job(session, sim, VOCAL)
    get_job(session, sim, MISSING)
    entries = sim.job_requests()
    assert [(e.method, e.status) for e in entries] == [("GET", 200), ("GET", 404)]
    assert all(before <= e.t <= time.monotonic() for e in entries)
    assert entries[0].path == "/v1/flowmusic/jobs/" + quote(VOCAL, safe="")


def test_a_session_reuses_one_connection(sim: Simulator, session: requests.Session) -> None:
    ports = set()
    for _ in range(5):
        r = session.get(job_url(sim, VOCAL), timeout=5, stream=True)
        conn = r.raw.connection
        assert conn is not None
        ports.add(conn.sock.getsockname()[1])
        assert r.content  # read to the end, which hands the connection back to the pool
    assert len(ports) == 1


def test_stop_closes_the_port_even_with_an_open_keepalive_connection() -> None:
    sim = Simulator(token=DEMO_TOKEN).start()
    with requests.Session() as s:
        assert s.get(f"{sim.base_url}/accounts", headers={"Authorization": f"Bearer {DEMO_TOKEN}"}).ok
        started = time.monotonic()
        sim.stop()
        assert time.monotonic() - started < 2
    with pytest.raises(OSError), socket.create_connection(("127.0.0.1", sim.port), timeout=1):
        pass
    sim.stop()  # idempotent


def test_bad_settings_are_refused() -> None:
    for kwargs in ({"speed": 0}, {"speed": -1}, {"faults": 1.5}, {"faults": -0.1}, {"port": 70000}):
        with pytest.raises(ValueError, match=next(iter(kwargs))):
            Simulator(**kwargs)
    with pytest.raises(ValueError, match="host"):
        Simulator(" ")


def test_media_urls_follow_the_host_the_client_used(sim: Simulator, session: requests.Session) -> None:
    sim.force(VOCAL, pending_s=0)
    r = session.get(job_url(sim, VOCAL).replace("127.0.0.1", "localhost"), timeout=5)
    assert json.loads(r.content)["clips"][0]["image_url"].startswith(f"http://localhost:{sim.port}/")

"""API.md's shapes, field by field and status by status, walked against the simulator's answers.

The tables below are API.md transcribed (shared/API.md, "The job record" and "The account-level endpoints"):
when the document changes, this file changes with it, and the simulator must follow.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterator
from typing import Any
from urllib.parse import quote

import pytest
import requests

from flowmusic_gui.simulator import DEMO_TOKEN, MODERATION_MARKER, Account, Simulator
from flowmusic_gui.simulator.jobs import make_jobid

ISO = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)")
JOBID = re.compile(r"job:[0-9a-f-]{36}-user:\d+-.+@.+-bot:flowmusic")
CLIPID = re.compile(r"user:\d+-.+@.+-clip:[0-9a-f-]{36}")
DEMO, STUDIO, LAPSED = "demo@flowmusic.local", "studio@flowmusic.local", "lapsed@flowmusic.local"

# field: (kinds, required) -- kinds: "str", "num", "int", "list", "obj", "null", "iso", "bool"
PENDING = {
    "jobid": ("str", True), "email": ("str", True), "status": ("str", True), "created_at": ("iso", True),
    "request": ("obj", True), "operation": ("str", False),
}  # fmt: skip
TERMINAL = {**PENDING, "completed_at": ("iso", True), "duration_ms": ("num", True)}
CLIP = {
    "clip": ("str", True), "title": ("str|null", True), "duration_s": ("num|null", True),
    "lyrics": ("str|null", True), "seed": ("num|null", True), "lyrics_timing": ("list|null", True),
    "created_at": ("iso", True), "audio_url": ("str", True), "wav_url": ("str", True),
    "image_url": ("str|null", True),
}  # fmt: skip
RUNNING_ACCOUNT = {"running": ("int", True), "maxJobs": ("int", True), "jobs": ("list", True)}
RUNNING_JOB = {
    "jobid": ("str", True), "status": ("str", True), "operation": ("str", False), "created_at": ("iso", True),
}  # fmt: skip
ACCOUNT = {
    "email": ("str", True), "tier": ("str", True), "subscription_plan": ("str", False), "user_id": ("str", True),
    "maxJobs": ("int", True), "added": ("iso", True), "refreshed_at": ("iso", True), "error": ("str", False),
}  # fmt: skip
ONE_ACCOUNT = {**ACCOUNT, "credits_remaining": ("num", True), "tokens_remaining": ("num", True)}
CLIP_PAGE = {
    "email": ("str", True), "clips": ("list", True), "limit": ("int", True), "offset": ("int", True),
    "next": ("int|null", True),
}  # fmt: skip
CLIP_SUMMARY = {
    "clip": ("str", True), "title": ("str|null", True), "lyrics": ("str|null", True),
    "duration_s": ("num|null", True), "image_url": ("str|null", True),
}  # fmt: skip
ERROR = {"error": ("str", True), "code": ("int", True)}


pytestmark = pytest.mark.simulator(speed=40, short_clips=True, failure_rate=0.0)


def kind_ok(value: Any, kind: str) -> bool:
    checks = {
        "str": lambda v: isinstance(v, str),
        "num": lambda v: isinstance(v, (int, float)) and not isinstance(v, bool),
        "int": lambda v: isinstance(v, int) and not isinstance(v, bool),
        "list": lambda v: isinstance(v, list),
        "obj": lambda v: isinstance(v, dict),
        "null": lambda v: v is None,
        "iso": lambda v: isinstance(v, str) and ISO.fullmatch(v) is not None,
    }
    return any(checks[k](value) for k in kind.split("|"))


def assert_shape(obj: Any, shape: dict[str, tuple[str, bool]], where: str, exact: bool = True) -> None:
    assert isinstance(obj, dict), f"{where} is not an object"
    for key, (kind, required) in shape.items():
        if key not in obj:
            assert not required, f"{where}.{key} is missing"
            continue
        assert kind_ok(obj[key], kind), f"{where}.{key} = {obj[key]!r} is not {kind}"
    if exact:
        extra = set(obj) - set(shape)
        assert not extra, f"{where} has fields API.md does not list: {sorted(extra)}"


def assert_error(resp: requests.Response, status: int) -> str:
    assert resp.status_code == status, resp.text
    assert resp.headers["Content-Type"].startswith("application/json")
    body = resp.json()
    assert_shape(body, {**ERROR, "retryAfter": ("iso", False)}, f"{status} body")
    assert body["code"] == status
    return str(body["error"])


@pytest.fixture
def api(sim: Simulator) -> Iterator[requests.Session]:
    with requests.Session() as s:
        s.headers["Authorization"] = f"Bearer {DEMO_TOKEN}"
        yield s


def url(sim: Simulator, path: str) -> str:
    return sim.base_url + path


def poll(api: requests.Session, sim: Simulator, jobid: str) -> requests.Response:
    return api.get(url(sim, f"/jobs/{quote(jobid, safe='')}"), timeout=10)


def test_post_music_async_then_poll_walks_the_record_shapes(api: requests.Session, sim: Simulator) -> None:
    body = {"prompt": "a tender piano ballad", "mode": "async", "instrumental": False, "replyRef": "r1"}
    created = api.post(url(sim, "/music"), json=body, timeout=10)
    assert created.status_code == 201
    record = created.json()
    assert_shape(record, PENDING, "201 record")
    assert record["status"] == "pending" and record["request"] == body  # echoed verbatim
    assert JOBID.fullmatch(record["jobid"]) and record["email"] in (DEMO, STUDIO)
    sim.force(record["jobid"], pending_s=0)
    done = poll(api, sim, record["jobid"]).json()
    assert_shape(done, {**TERMINAL, "clips": ("list", True)}, "completed record")
    assert done["status"] == "completed" and done["created_at"] == record["created_at"]
    assert len(done["clips"]) == 2
    for i, clip in enumerate(done["clips"]):
        assert_shape(clip, CLIP, f"clips[{i}]")
        assert CLIPID.fullmatch(clip["clip"])
        for start, end in clip["lyrics_timing"] or []:
            assert 0 <= start < end <= clip["duration_s"]


def test_sync_mode_holds_the_request_until_the_job_ends(api: requests.Session, sim: Simulator) -> None:
    resp = api.post(url(sim, "/music"), json={"prompt": "a quick one", "email": DEMO}, timeout=60)
    assert resp.status_code == 200
    assert resp.json()["status"] == "completed"
    listed = api.get(url(sim, "/jobs"), timeout=10).json()
    assert listed == {}  # sync jobs are never on the running list


def test_a_failed_record_carries_the_error_object(api: requests.Session, sim: Simulator) -> None:
    jobid = make_jobid("12345678-1234-4234-8234-123456789abc", "1001", DEMO)
    sim.force(jobid, outcome="failed", pending_s=0)
    record = poll(api, sim, jobid).json()
    assert_shape(record, {**TERMINAL, "error": ("obj", True)}, "failed record")
    assert_shape(record["error"], {"code": ("str", True), "message": ("str", True)}, "error")


@pytest.mark.parametrize(
    ("body", "named"),
    [
        ({}, "prompt"),
        ({"prompt": ""}, "prompt"),
        ({"prompt": "x" * 10_001}, "prompt"),
        ({"prompt": 5}, "prompt"),
        ({"prompt": "ok", "mode": "later"}, "mode"),
        ({"prompt": "ok", "instrumental": "yes"}, "instrumental"),
        ({"prompt": "ok", "ghostwriter": "ghost"}, "ghostwriter"),
        ({"prompt": "ok", "email": "nobody@example.com"}, "email"),
    ],
)
def test_post_music_400_names_the_bad_field(
    api: requests.Session, sim: Simulator, body: dict[str, Any], named: str
) -> None:
    assert assert_error(api.post(url(sim, "/music"), json=body, timeout=10), 400).startswith(named)


def test_post_music_refusals(api: requests.Session, sim: Simulator) -> None:
    assert_error(api.post(url(sim, "/music"), json={"prompt": f"{MODERATION_MARKER} this"}, timeout=10), 422)
    assert_error(api.post(url(sim, "/music"), json={"prompt": "x", "email": LAPSED}, timeout=10), 596)
    sim.set_account(Account(STUDIO, credits=5))
    assert_error(api.post(url(sim, "/music"), json={"prompt": "x", "email": STUDIO}, timeout=10), 402)
    assert_error(requests.post(url(sim, "/music"), json={"prompt": "x"}, timeout=10), 401)
    slots = next(a.max_jobs for a in sim.accounts() if a.email == DEMO)
    for _ in range(slots):  # the demo account's slots fill up; studio has no credits now
        assert api.post(url(sim, "/music"), json={"prompt": "x", "mode": "async"}, timeout=10).status_code == 201
    busy = api.post(url(sim, "/music"), json={"prompt": "x", "mode": "async"}, timeout=10)
    assert_error(busy, 429)
    assert int(busy.headers["Retry-After"]) >= 1
    assert ISO.fullmatch(busy.json()["retryAfter"])


def test_edits_carry_their_operation_and_stems_make_four_clips(api: requests.Session, sim: Simulator) -> None:
    jobid = sim.submit("the source", email=DEMO)
    sim.force(jobid, pending_s=0)
    clip = sim.plan(jobid).clips[0].clip_id
    remix = {"clip": clip, "operation": "remix", "lyrics": "[Verse]\nnew words", "mode": "async"}
    edit = api.post(url(sim, "/music/edit"), json=remix, timeout=10)
    assert edit.status_code == 201
    assert_shape(edit.json(), PENDING, "edit record")
    assert edit.json()["operation"] == "remix"
    listed = api.get(url(sim, "/jobs"), timeout=10).json()
    assert listed[DEMO]["jobs"][0]["operation"] == "remix"
    stems = api.post(url(sim, "/music/edit"), json={"clip": clip, "operation": "stems"}, timeout=60)
    assert stems.status_code == 200
    record = stems.json()
    assert record["operation"] == "stems" and record["status"] == "completed"
    assert [c["title"].rsplit("(", 1)[1] for c in record["clips"]] == ["drums)", "bass)", "vocals)", "other)"]
    bad = api.post(url(sim, "/music/edit"), json={"clip": clip, "operation": "shred"}, timeout=10)
    assert assert_error(bad, 400).startswith("operation")
    unknown = clip[:-12] + "000000000000"
    assert_error(api.post(url(sim, "/music/edit"), json={"clip": unknown, "operation": "cover"}, timeout=10), 404)


def test_running_jobs_and_cancel(api: requests.Session, sim: Simulator) -> None:
    assert api.get(url(sim, "/jobs"), timeout=10).json() == {}
    jobid = sim.submit("a song", email=STUDIO)
    listed = api.get(url(sim, "/jobs"), timeout=10).json()
    assert list(listed) == [STUDIO]
    assert_shape(listed[STUDIO], RUNNING_ACCOUNT, "GET /jobs entry")
    assert (listed[STUDIO]["running"], listed[STUDIO]["maxJobs"]) == (1, 2)
    assert_shape(listed[STUDIO]["jobs"][0], RUNNING_JOB, "GET /jobs job")
    assert listed[STUDIO]["jobs"][0]["jobid"] == jobid
    cancel = api.delete(url(sim, f"/jobs/{quote(jobid, safe='')}"), timeout=10)
    assert cancel.status_code == 204 and cancel.content == b""
    assert api.get(url(sim, "/jobs"), timeout=10).json() == {}
    record = poll(api, sim, jobid).json()
    assert (record["status"], record["error"]["code"]) == ("failed", "user_cancelled")
    assert api.delete(url(sim, f"/jobs/{quote(jobid, safe='')}"), timeout=10).status_code == 204  # slot already free
    other = make_jobid("12345678-1234-4234-8234-123456789abc", "2002", "someone@example.com")
    assert_error(api.delete(url(sim, f"/jobs/{quote(other, safe='')}"), timeout=10), 403)
    missing = make_jobid("00000000-1234-4234-8234-123456789abc", "1001", DEMO)
    assert_error(api.delete(url(sim, f"/jobs/{quote(missing, safe='')}"), timeout=10), 404)
    assert_error(requests.delete(url(sim, f"/jobs/{quote(jobid, safe='')}"), timeout=10), 401)


def test_accounts_shapes(api: requests.Session, sim: Simulator) -> None:
    accounts = api.get(url(sim, "/accounts"), timeout=10).json()
    assert list(accounts) == [DEMO, STUDIO, LAPSED]
    for email, record in accounts.items():
        assert_shape(record, ACCOUNT, f"accounts[{email}]")
        assert record["email"] == email
    assert "error" in accounts[LAPSED] and "error" not in accounts[DEMO]
    one = api.get(url(sim, f"/accounts/{quote(DEMO)}"), timeout=10).json()
    assert_shape(one, ONE_ACCOUNT, "GET /accounts/{email}")
    lapsed = api.get(url(sim, f"/accounts/{quote(LAPSED)}"), timeout=10).json()
    assert "credits_remaining" not in lapsed and "tokens_remaining" not in lapsed  # healthy accounts only
    assert_error(api.get(url(sim, "/accounts/nobody@example.com"), timeout=10), 404)
    assert_error(requests.get(url(sim, "/accounts"), timeout=10), 401)
    assert_error(requests.get(url(sim, f"/accounts/{quote(DEMO)}"), timeout=10), 401)


def test_clip_list_shapes(api: requests.Session, sim: Simulator) -> None:
    jobid = sim.submit("a song", email=DEMO)
    sim.force(jobid, pending_s=0)
    params: dict[str, str | int] = {"email": DEMO, "limit": 1}
    page = api.get(url(sim, "/music"), params=params, timeout=10).json()
    assert_shape(page, CLIP_PAGE, "GET /music")
    assert (page["limit"], page["offset"], page["next"]) == (1, 0, 1)
    assert_shape(page["clips"][0], CLIP_SUMMARY, "GET /music clips[0]")
    default = api.get(url(sim, "/music"), timeout=10).json()  # no email: an available account
    assert default["email"] in (DEMO, STUDIO)
    assert_error(api.get(url(sim, "/music"), params={"email": LAPSED}, timeout=10), 596)
    assert_error(api.get(url(sim, "/music"), params={"limit": 101}, timeout=10), 400)
    assert_error(requests.get(url(sim, "/music"), timeout=10), 401)


def test_download_shapes(api: requests.Session, sim: Simulator) -> None:
    jobid = sim.submit("a song", email=DEMO)
    assert_error(api.get(url(sim, "/music/download"), params={"id": jobid}, timeout=10), 409)
    sim.force(jobid, pending_s=0)
    clip = sim.plan(jobid).clips[0].clip_id
    for ident in (jobid, clip):
        resp = api.get(url(sim, "/music/download"), params={"id": ident}, timeout=10)
        assert resp.status_code == 200
        assert resp.headers["Content-Type"] == "audio/mpeg"
        assert resp.headers["Content-Disposition"] == f'attachment; filename="{clip}.mp3"'
    assert_error(api.get(url(sim, "/music/download"), params={"id": "nope"}, timeout=10), 400)
    broken = make_jobid("12345678-1234-4234-8234-123456789abc", "1001", LAPSED)
    assert_error(api.get(url(sim, "/music/download"), params={"id": broken}, timeout=10), 596)


def test_poll_statuses(api: requests.Session, sim: Simulator) -> None:
    ok = make_jobid("12345678-1234-4234-8234-123456789abc", "1001", DEMO)
    assert poll(api, sim, ok).status_code == 200
    assert api.get(url(sim, f"/jobs/{ok}"), timeout=10).status_code == 200  # a raw id is accepted too
    assert_error(requests.get(url(sim, f"/jobs/{quote(ok, safe='')}"), timeout=10), 401)
    assert_error(poll(api, sim, make_jobid("12345678-1234-4234-8234-123456789abc", "1001", "x@example.com")), 403)
    assert_error(poll(api, sim, make_jobid("00000000-1234-4234-8234-123456789abc", "1001", DEMO)), 404)
    assert_error(poll(api, sim, make_jobid("12345678-1234-4234-8234-123456789abc", "1001", LAPSED)), 596)
    sim.inject_faults(["429"])
    assert_error(poll(api, sim, ok), 429)
    sim.expire(ok)
    assert_error(poll(api, sim, ok), 404)


def test_expired_jobs_answer_410_with_the_switch() -> None:
    with Simulator(token=DEMO_TOKEN, expired_status=410) as sim, requests.Session() as s:
        s.headers["Authorization"] = f"Bearer {DEMO_TOKEN}"
        jobid = make_jobid("12345678-1234-4234-8234-123456789abc", "1001", DEMO)
        sim.expire(jobid)
        assert_error(poll(s, sim, jobid), 410)


def test_media_answer_range_and_head_with_their_types(api: requests.Session, sim: Simulator) -> None:
    jobid = sim.submit("a song", email=DEMO)
    sim.force(jobid, pending_s=0)
    clips = poll(api, sim, jobid).json()["clips"]
    download = url(sim, f"/music/download?id={quote(jobid, safe='')}")
    media = [(clips[0]["audio_url"], "audio/mp4"), (clips[0]["wav_url"], "audio/wav"), (download, "audio/mpeg")]
    media += [(c["image_url"], "image/jpeg" if c["image_url"].endswith(".jpg") else "image/png") for c in clips]
    for link, ctype in media:
        head = api.head(link, timeout=10)
        assert head.status_code == 200 and head.headers["Content-Type"] == ctype and head.content == b""
        size = int(head.headers["Content-Length"])
        part = api.get(link, headers={"Range": "bytes=10-19"}, timeout=10)
        assert part.status_code == 206 and part.headers["Content-Range"] == f"bytes 10-19/{size}"
        assert part.content == api.get(link, timeout=10).content[10:20]


def test_a_song_sings_the_lyrics_it_was_given(api: requests.Session, sim: Simulator) -> None:
    lyrics = "[Verse 1]\nFirst line here\nSecond line here\n\n[Chorus]\nSing it loud\nSing it twice\nOnce more"
    created = api.post(url(sim, "/music"), json={"prompt": "a song", "lyrics": lyrics, "mode": "async"}, timeout=10)
    jobid = created.json()["jobid"]
    sim.force(jobid, outcome="vocal", pending_s=0)
    for clip in poll(api, sim, jobid).json()["clips"]:
        assert clip["lyrics"] == lyrics
        assert len(clip["lyrics_timing"]) == 5  # one marker per sung line, headers and blank lines aside
    instrumental = api.post(url(sim, "/music"), json={"prompt": "x", "instrumental": True, "mode": "async"}, timeout=10)
    sim.force(instrumental.json()["jobid"], pending_s=0)
    for clip in poll(api, sim, instrumental.json()["jobid"]).json()["clips"]:
        assert clip["lyrics"] is None and clip["lyrics_timing"] is None


def test_a_submitted_jobs_clock_starts_at_submission_not_at_its_first_poll(api: requests.Session) -> None:
    now = [1000.0]
    with Simulator(token=DEMO_TOKEN, failure_rate=0.0) as sim:
        sim._clock = lambda: now[0]  # virtual time: no waiting
        created = api.post(url(sim, "/music"), json={"prompt": "a song", "mode": "async"}, timeout=10).json()
        now[0] += sim.plan(created["jobid"]).pending_s  # nobody polled meanwhile
        first_poll = poll(api, sim, created["jobid"]).json()
    assert first_poll["status"] == "completed"
    assert first_poll["created_at"] == created["created_at"]


def test_a_pasted_pending_job_is_on_its_accounts_running_list_until_it_ends(
    api: requests.Session, sim: Simulator
) -> None:
    # The real service lists every running async job of the token's accounts, however it was started.
    pasted = f"job:{uuid.uuid4()}-user:1001-{DEMO}-bot:flowmusic"
    assert api.get(url(sim, f"/jobs/{quote(pasted, safe='')}"), timeout=10).json()["status"] == "pending"
    listed = api.get(url(sim, "/jobs"), timeout=10).json()
    assert list(listed) == [DEMO]
    assert listed[DEMO]["running"] == 1 and [j["jobid"] for j in listed[DEMO]["jobs"]] == [pasted]
    assert_shape(listed[DEMO]["jobs"][0], RUNNING_JOB, "GET /jobs job")
    sim.expire(pasted)
    assert api.get(url(sim, "/jobs"), timeout=10).json() == {}  # an expired job is not running
    other = f"job:{uuid.uuid4()}-user:1001-{DEMO}-bot:flowmusic"
    assert api.get(url(sim, f"/jobs/{quote(other, safe='')}"), timeout=10).status_code == 200
    sim.force(other, pending_s=0)
    assert api.get(url(sim, "/jobs"), timeout=10).json() == {}  # finished: off the list

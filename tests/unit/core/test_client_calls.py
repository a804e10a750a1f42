"""The client's account-level calls against the simulator (real HTTP), and against scripted bad answers.

Each call returns its documented outcome as plain data, never raises, and names every piece it could not read.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import mutagen
import mutagen.mp3
import pytest
from helpers.httpserver import Reply, ScriptedServer

from flowmusic_gui.core.client import (
    AccountFound,
    AccountProblem,
    Accounts,
    ApiClient,
    AuthFailed,
    Cancelled,
    ClipPage,
    Downloaded,
    Forbidden,
    JobFound,
    NotFound,
    RateLimited,
    Rejected,
    RunningJobs,
    Transient,
)
from flowmusic_gui.simulator import DEMO_TOKEN, Account, Simulator
from flowmusic_gui.simulator.jobs import make_jobid

DEMO = "demo@flowmusic.local"
LAPSED = "lapsed@flowmusic.local"


pytestmark = pytest.mark.simulator(speed=50, short_clips=True, failure_rate=0.0)


@pytest.fixture
def api(sim: Simulator) -> Iterator[ApiClient]:
    client = ApiClient(sim.base_url, DEMO_TOKEN, timeout=(2.0, 10.0))
    yield client
    client.close()


def finish(sim: Simulator, jobid: str) -> None:
    sim.force(jobid, pending_s=0)


def test_accounts_lists_every_account_with_the_documented_fields(api: ApiClient) -> None:
    result = api.accounts()
    assert isinstance(result, Accounts)
    assert result.problems == ()
    by_email = {a.email: a for a in result.accounts}
    assert list(by_email) == [DEMO, "studio@flowmusic.local", LAPSED]
    demo = by_email[DEMO]
    assert (demo.user_id, demo.max_jobs, demo.tier, demo.error) == ("1001", 8, "pro", None)
    assert demo.added and demo.refreshed_at
    assert by_email[LAPSED].error  # the account in the 596 state says so
    assert demo.credits_remaining is None  # the balance is on GET /accounts/{email} only


def test_one_account_has_its_live_balance_and_an_unknown_one_is_not_found(api: ApiClient, sim: Simulator) -> None:
    found = api.account(DEMO)
    assert isinstance(found, AccountFound)
    assert found.account.credits_remaining == 2500
    assert found.account.tokens_remaining is not None
    sim.submit("a song", email=DEMO)
    after = api.account(DEMO)
    assert isinstance(after, AccountFound) and after.account.credits_remaining == 2490  # each song costs credits
    lapsed = api.account(LAPSED)
    assert isinstance(lapsed, AccountFound)
    assert lapsed.account.credits_remaining is None and lapsed.account.error
    assert isinstance(api.account("nobody@example.com"), NotFound)


def test_running_jobs_lists_async_jobs_until_they_end(api: ApiClient, sim: Simulator) -> None:
    empty = api.running_jobs()
    assert isinstance(empty, RunningJobs) and empty.accounts == ()
    jobid = sim.submit("a song", email=DEMO)
    running = api.running_jobs()
    assert isinstance(running, RunningJobs)
    assert running.jobids == (jobid,)
    account = running.accounts[0]
    assert (account.email, account.running, account.max_jobs) == (DEMO, 1, 8)
    assert account.jobs[0].status == "pending" and account.jobs[0].created_at
    finish(sim, jobid)
    done = api.running_jobs()
    assert isinstance(done, RunningJobs) and done.jobids == ()


def test_cancel_frees_the_slot_and_the_record_reads_user_cancelled(api: ApiClient, sim: Simulator) -> None:
    jobid = sim.submit("a song", email=DEMO)
    assert api.cancel_job(jobid) == Cancelled(jobid)
    record = api.get_job(jobid)
    assert isinstance(record, JobFound)
    assert record.data["status"] == "failed"
    assert record.data["error"]["code"] == "user_cancelled"
    assert isinstance(api.running_jobs(), RunningJobs) and api.running_jobs().jobids == ()  # type: ignore[union-attr]
    assert api.cancel_job(jobid) == Cancelled(jobid)  # already over: still 204


def test_cancel_of_other_or_missing_jobs(api: ApiClient) -> None:
    other = make_jobid("12345678-1234-4234-8234-123456789abc", "2002", "someone@example.com")
    assert isinstance(api.cancel_job(other), Forbidden)
    missing = make_jobid("00000000-1234-4234-8234-123456789abc", "1001", DEMO)
    assert isinstance(api.cancel_job(missing), NotFound)


def test_clip_list_pages_newest_first(api: ApiClient, sim: Simulator) -> None:
    first = sim.submit("first song", email=DEMO)
    finish(sim, first)
    time.sleep(0.01)  # completion order, not a wait for anything: the two finish at distinct instants
    second = sim.submit("second song", email=DEMO)
    finish(sim, second)
    page = api.clips(DEMO, limit=3)
    assert isinstance(page, ClipPage)
    assert page.problems == ()
    assert (page.email, page.limit, page.offset, page.next) == (DEMO, 3, 0, 3)
    assert len(page.clips) == 3
    newest = sim.plan(second).clips
    assert [c.clip for c in page.clips[:2]] == [c.clip_id for c in newest]
    rest = api.clips(DEMO, limit=3, offset=3)
    assert isinstance(rest, ClipPage) and len(rest.clips) == 1 and rest.next is None
    assert all(c.duration_s and c.title and c.image_url for c in page.clips)
    assert isinstance(api.clips(DEMO, limit=0), Rejected)


def test_a_broken_account_is_an_account_problem_naming_it(api: ApiClient) -> None:
    problem = api.clips(LAPSED)
    assert isinstance(problem, AccountProblem)
    assert problem.email == LAPSED and LAPSED in problem.message and problem.status == 596
    poll = api.get_job(make_jobid("12345678-1234-4234-8234-123456789abc", "1001", LAPSED))
    assert isinstance(poll, AccountProblem) and poll.email == LAPSED
    assert isinstance(poll, Transient)  # callers that know only the older outcomes keep backing off


def test_download_mp3_writes_real_mpeg_audio(api: ApiClient, sim: Simulator, tmp_path: Path) -> None:
    jobid = sim.submit("a song", email=DEMO)
    dest = tmp_path / "song.mp3"
    pending = api.download_mp3(jobid, dest)
    assert isinstance(pending, Rejected) and pending.status == 409
    assert not dest.exists()
    finish(sim, jobid)
    clip = sim.plan(jobid).clips[1]
    got = api.download_mp3(clip.clip_id, dest)
    assert isinstance(got, Downloaded)
    assert got.filename == f"{clip.clip_id}.mp3" and got.content_type == "audio/mpeg"
    assert got.size == dest.stat().st_size
    audio = mutagen.File(dest)
    assert isinstance(audio, mutagen.mp3.MP3)
    assert abs(_length(audio) - clip.duration_s) < 0.05
    assert list(tmp_path.iterdir()) == [dest]


def test_download_mp3_stops_at_the_byte_cap_and_leaves_nothing(api: ApiClient, sim: Simulator, tmp_path: Path) -> None:
    jobid = sim.submit("a song", email=DEMO)
    finish(sim, jobid)
    capped = api.download_mp3(jobid, tmp_path / "x.mp3", max_bytes=10_000)
    assert isinstance(capped, Transient) and "10000 bytes" in capped.message
    assert list(tmp_path.iterdir()) == []
    bad = api.download_mp3("not an id", tmp_path / "y.mp3")
    assert isinstance(bad, Rejected) and bad.status == 400


def test_410_reads_as_not_found() -> None:
    with Simulator(token=DEMO_TOKEN, expired_status=410) as sim:
        api = ApiClient(sim.base_url, DEMO_TOKEN)
        jobid = make_jobid("12345678-1234-4234-8234-123456789abc", "1001", DEMO)
        sim.expire(jobid)
        gone = api.get_job(jobid)
        api.close()
    assert isinstance(gone, NotFound) and "410" in gone.message


def test_a_429_whose_only_hint_is_the_body_retry_after_is_honoured(api: ApiClient, sim: Simulator) -> None:
    sim.retry_after = 40
    sim.inject_faults(["429body"])
    limited = api.get_job(make_jobid("12345678-1234-4234-8234-123456789abc", "1001", DEMO))
    assert isinstance(limited, RateLimited)
    assert 35 <= limited.retry_after <= 41


def test_all_accounts_busy_is_rate_limited_with_both_hints(sim: Simulator) -> None:
    sim.set_account(Account(DEMO, max_jobs=1))
    sim.submit("one", email=DEMO)
    with pytest.raises(ValueError, match="429"):
        sim.submit("two", email=DEMO)


def test_every_call_says_401_for_a_bad_token(sim: Simulator) -> None:
    api = ApiClient(sim.base_url, "user:1001-wrong")
    try:
        for result in (api.accounts(), api.account(DEMO), api.running_jobs(), api.clips()):
            assert isinstance(result, AuthFailed)
            assert "wrong" not in result.message
    finally:
        api.close()


@pytest.mark.parametrize(
    ("reply", "words"),
    [
        (Reply(200, body=b"<html>oops</html>", headers={"Content-Type": "text/html"}), "not JSON"),
        (Reply(200, json=["a"]), "not a JSON object"),
        (Reply(502, body=b"<html><h1>Bad Gateway</h1></html>"), "502"),
    ],
)
def test_answers_that_are_not_the_documented_json_are_problems(reply: Reply, words: str) -> None:
    with ScriptedServer() as server:
        server.reply(reply)
        api = ApiClient(server.url, "tok")
        try:
            for result in (api.accounts(), api.running_jobs(), api.clips(), api.account(DEMO)):
                assert isinstance(result, Transient)
                assert words in result.message
        finally:
            api.close()


def test_wrong_fields_read_as_missing_and_are_named() -> None:
    body = {
        DEMO: {"running": "two", "maxJobs": 3, "jobs": [{"jobid": "job:x", "status": 5}, {"status": "pending"}, 7]},
        "x@example.com": [],
    }
    with ScriptedServer() as server:
        server.reply(Reply(200, json=body))
        api = ApiClient(server.url, "tok")
        try:
            result = api.running_jobs()
        finally:
            api.close()
    assert isinstance(result, RunningJobs)
    assert result.jobids == ("job:x",)
    assert result.accounts[0].running is None and result.accounts[0].max_jobs == 3
    text = "\n".join(result.problems)
    pieces = (f"{DEMO}.running", f"{DEMO}.jobs[0].status", f"{DEMO}.jobs[1].jobid", f"{DEMO}.jobs[2]", "x@example.com")
    for piece in pieces:
        assert piece in text


def test_a_reset_connection_is_transient_never_an_exception() -> None:
    with ScriptedServer() as server:
        server.reply(Reply(reset=True))
        api = ApiClient(server.url, "tok", timeout=(2.0, 2.0))
        try:
            assert isinstance(api.accounts(), Transient)
            assert isinstance(api.download_mp3("job:x", "/nonexistent-dir/x.mp3"), Transient)
        finally:
            api.close()


def _length(audio: object) -> float:
    """The audio's length in seconds (mutagen's stubs type ``info`` as None)."""
    info: Any = getattr(audio, "info", None)
    return float(info.length)


def test_a_base_url_without_the_api_prefix_is_named_not_taken_for_expired_jobs(sim: Simulator) -> None:
    # The simulator at its origin, without /v1/flowmusic: every path answers 404.
    client = ApiClient(sim.origin, DEMO_TOKEN, timeout=(2.0, 10.0))
    try:
        for outcome in (client.accounts(), client.running_jobs(), client.clips()):
            assert isinstance(outcome, NotFound)
            assert f"the API base URL {sim.origin} looks wrong" in outcome.message
            assert "/v1/flowmusic" in outcome.message and "expired" not in outcome.message
        jobid = sim.submit("a song", email=DEMO)
        polled = client.get_job(jobid)
        # Not "expired or never existed": the job keeps its state and the base URL is named, re-asked slowly.
        assert isinstance(polled, Transient) and polled.retry_slowly
        assert "looks wrong" in polled.message and "expired" not in polled.message
        check = client.check_token()
        assert not check.ok and "looks wrong" in check.message
    finally:
        client.close()
    # With the right base, a job that never existed is still "expired or never existed".
    right = ApiClient(sim.base_url, DEMO_TOKEN, timeout=(2.0, 10.0))
    try:
        gone = right.get_job(make_jobid("00000000-0000-4000-8000-000000000000", "1001", DEMO))
        assert isinstance(gone, NotFound) and "expired or never existed" in gone.message
    finally:
        right.close()


def test_lists_of_objects_keep_the_good_items_and_name_each_bad_piece() -> None:
    """GET /jobs and GET /music read their lists one way: what is not an object, or not a list, is named; the
    rest is kept."""
    from flowmusic_gui.core.client.parsing import clip_page, running_jobs

    owner = "demo@flowmusic.local"
    good = f"job:11111111-1111-4111-8111-111111111111-user:1-{owner}-bot:flowmusic"
    listing = running_jobs({owner: {"running": 1, "maxJobs": 2, "jobs": [5, {"jobid": good}, None]},
                            "b@x.io": {"jobs": "many"}, "c@x.io": {}})  # fmt: skip
    assert listing.jobids == (good,)
    assert listing.problems == (
        f"GET /jobs: {owner}.jobs[0] is not an object", f"GET /jobs: {owner}.jobs[2] is not an object",
        "GET /jobs: b@x.io.jobs is not a list", "GET /jobs: c@x.io.jobs is missing",
    )  # fmt: skip
    page = clip_page({"clips": ["x", {"clip": "c-1"}]})
    assert [c.clip for c in page.clips] == ["c-1"] and page.problems == ("GET /music: clips[0] is not an object",)
    assert clip_page({}).problems == ("GET /music: clips is missing",)

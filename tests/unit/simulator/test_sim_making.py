"""The simulator's making side: maxJobs, lyrics, files, edit field checks, replyRef, durations, lost answers."""

from __future__ import annotations

import json
import time
from typing import Any
from urllib.parse import quote

import pytest
import requests

from flowmusic_gui.core.make_fields import check_edit as client_check_edit
from flowmusic_gui.simulator import DEMO_TOKEN, Simulator
from flowmusic_gui.simulator.accounts import Account

ONE = Account("one@example.com", user_id="7", max_jobs=2, credits=1000)


def _post(sim: Simulator, path: str, body: dict[str, Any], **kw: Any) -> requests.Response:
    return requests.post(
        sim.base_url + path, json=body, headers={"Authorization": f"Bearer {DEMO_TOKEN}"}, timeout=10, **kw
    )


@pytest.fixture
def one() -> Any:
    with Simulator(token=DEMO_TOKEN, accounts=[ONE], short_clips=True, failure_rate=0.0) as sim:
        yield sim


def test_max_jobs_is_enforced_with_retry_after_in_header_and_body(one: Simulator) -> None:
    for _ in range(2):
        assert _post(one, "/music", {"prompt": "x", "mode": "async", "email": ONE.email}).status_code == 201
    busy = _post(one, "/music", {"prompt": "x", "mode": "async", "email": ONE.email})
    assert busy.status_code == 429
    assert busy.headers["Retry-After"].isdigit() and "retryAfter" in busy.json()
    assert len(one.submitted_requests()) == 2


def test_reply_ref_is_echoed_in_the_record(one: Simulator) -> None:
    made = _post(one, "/music", {"prompt": "x", "mode": "async", "replyRef": "fm-1"}).json()
    record = requests.get(
        f"{one.base_url}/jobs/{quote(made['jobid'], safe='')}",
        headers={"Authorization": f"Bearer {DEMO_TOKEN}"}, timeout=10,
    ).json()  # fmt: skip
    assert record["request"]["replyRef"] == "fm-1"
    assert one.jobs_with_ref("fm-1") == [made["jobid"]]


def test_lyrics_are_written_for_a_prompt_and_bad_prompts_are_named(one: Simulator) -> None:
    answer = _post(one, "/music/lyrics", {"prompt": "rain on a tin roof", "structure": "[Verse]\n[Chorus]"})
    assert answer.status_code == 200
    lyrics = answer.json()["lyrics"]
    assert lyrics.startswith("[Verse]") and "[Chorus]" in lyrics
    bad = _post(one, "/music/lyrics", {"prompt": "x" * 2001})
    assert bad.status_code == 400 and bad.json()["error"].startswith("prompt:")


def test_files_upload_answers_an_asset_id(one: Simulator) -> None:
    answer = requests.post(
        f"{one.base_url}/files?email={ONE.email}", data=b"\x89PNG fake", timeout=10,
        headers={"Authorization": f"Bearer {DEMO_TOKEN}", "Content-Type": "image/png"},
    )  # fmt: skip
    assert answer.status_code == 201 and "-image:" in answer.json()["assetId"]
    wrong = requests.post(
        f"{one.base_url}/files", data=b"text", timeout=10,
        headers={"Authorization": f"Bearer {DEMO_TOKEN}", "Content-Type": "text/plain"},
    )  # fmt: skip
    assert wrong.status_code == 400 and "Content-Type" in wrong.json()["error"]


def test_refs_must_be_asset_ids_on_the_songs_account_and_take_the_song_there() -> None:
    two = Account("two@example.com", user_id="8", max_jobs=2, credits=1000)
    with Simulator(token=DEMO_TOKEN, accounts=[ONE, two], short_clips=True, failure_rate=0.0) as sim:
        asset = requests.post(
            f"{sim.base_url}/files?email={two.email}", data=b"\x89PNG fake", timeout=10,
            headers={"Authorization": f"Bearer {DEMO_TOKEN}", "Content-Type": "image/png"},
        ).json()["assetId"]  # fmt: skip
        elsewhere = _post(sim, "/music", {"prompt": "x", "email": ONE.email, "mode": "async", "refImage1": asset})
        assert elsewhere.status_code == 400 and elsewhere.json()["error"].startswith("refImage1: the asset is on")
        bogus = _post(sim, "/music", {"prompt": "x", "mode": "async", "refAudio3": "not an asset"})
        assert bogus.status_code == 400 and bogus.json()["error"].startswith("refAudio3: not an audio asset id")
        made = _post(sim, "/music", {"prompt": "x", "mode": "async", "refImage1": asset})
        assert made.status_code == 201 and made.json()["email"] == two.email


def _finished_clip(sim: Simulator) -> tuple[str, float]:
    jobid = sim.submit("a song", email=ONE.email)
    sim.force(jobid, outcome="completed", pending_s=0)
    clip = sim.plan(jobid).clips[0]
    return clip.clip_id, clip.duration_s


@pytest.mark.parametrize(
    ("fields", "named"),
    [
        ({"operation": "extend", "instruction": "more", "extend_s": 301}, "extend_s"),
        ({"operation": "extend", "extend_s": 30}, "instruction"),
        ({"operation": "replace", "instruction": "x", "mask_start_s": 2, "mask_end_s": 1}, "mask_end_s"),
        ({"operation": "replace", "instruction": "x", "mask_start_s": 0, "mask_end_s": 999}, "mask_end_s"),
        ({"operation": "cover", "strength": 2}, "strength"),
        ({"operation": "remix"}, "lyrics"),
        ({"operation": "effect", "effect": "Gain", "gain_db": -31}, "gain_db"),
        ({"operation": "effect", "effect": "Gain", "gain_db": 1, "mix": 0.2}, "mix"),
        ({"operation": "effect", "effect": "Pan", "pan": 3}, "pan"),
        ({"operation": "effect", "effect": "Fade"}, "fade_in_s"),
        ({"operation": "effect", "effect": "Trim", "start_s": 3, "end_s": 2}, "end_s"),
        ({"operation": "stems", "seed": 1}, "seed"),
    ],
)
def test_edit_fields_out_of_range_answer_400_naming_the_field(
    one: Simulator, fields: dict[str, Any], named: str
) -> None:
    clip, duration = _finished_clip(one)
    answer = _post(one, "/music/edit", {"clip": clip, "mode": "async", **fields})
    assert answer.status_code == 400, answer.text
    assert answer.json()["error"].startswith(named + ":")
    # the client's own table finds the same field, before anything is sent
    assert named in [p.field for p in client_check_edit({"clip": clip, **fields}, duration)]


def test_effects_finish_in_seconds_and_cost_nothing(one: Simulator) -> None:
    clip, _ = _finished_clip(one)
    before = one.accounts()[0].credits
    made = _post(one, "/music/edit", {"clip": clip, "operation": "effect", "effect": "Gain", "gain_db": 3,
                                      "mode": "async"}).json()  # fmt: skip
    assert 2.0 <= one.plan(made["jobid"]).pending_s <= 8.0
    assert one.accounts()[0].credits == before


def test_a_lost_answer_after_the_job_was_made_still_made_it(one: Simulator) -> None:
    one.inject_post_faults(["made_502", "none_502", "made_drop", "none_drop"])
    first = _post(one, "/music", {"prompt": "x", "mode": "async", "replyRef": "r1"})
    assert first.status_code == 502
    assert _post(one, "/music", {"prompt": "x", "mode": "async", "replyRef": "r2"}).status_code == 502
    with pytest.raises(requests.ConnectionError):
        _post(one, "/music", {"prompt": "x", "mode": "async", "replyRef": "r3"})
    with pytest.raises(requests.ConnectionError):
        _post(one, "/music", {"prompt": "x", "mode": "async", "replyRef": "r4"})
    assert [len(one.jobs_with_ref(r)) for r in ("r1", "r2", "r3", "r4")] == [1, 0, 1, 0]


def test_a_share_of_lost_answers_can_be_switched_on() -> None:
    with Simulator(token=DEMO_TOKEN, accounts=[Account("a@x.io", max_jobs=16, credits=10_000)],
                   lose_answers=0.5, seed=3) as sim:  # fmt: skip
        statuses = []
        for i in range(20):
            try:
                statuses.append(_post(sim, "/music", {"prompt": f"p{i}", "mode": "async"}).status_code)
            except requests.ConnectionError:
                statuses.append(0)
            time.sleep(0)  # keep the loop honest about ordering; no waiting
        assert 201 in statuses and ({502, 0} & set(statuses))
        assert json.dumps(statuses)  # every answer accounted for

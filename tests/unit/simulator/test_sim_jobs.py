"""Job plans: deterministic from id and seed, realistic shares of outcomes, demo ids that show every state."""

from __future__ import annotations

import uuid
from datetime import datetime, timezone

import pytest

from flowmusic_gui.simulator import JobPlan, demo_jobs
from flowmusic_gui.simulator.jobs import Order, iso_ms, make_jobid, make_plan, parse_clip_id, parse_jobid

EMAIL = "a.b-c+d_e@mail-x.example.org"
IDS = [make_jobid(str(uuid.uuid5(uuid.NAMESPACE_DNS, str(i))), "42", EMAIL) for i in range(400)]


def plan_of(jobid: str, seed: int = 0) -> JobPlan:
    plan = make_plan(jobid, seed=seed)
    assert plan is not None
    return plan


def test_plans_depend_on_the_id_and_seed_only() -> None:
    assert make_plan(IDS[0], seed=1) == make_plan(IDS[0], seed=1)
    by_seed = {(p.outcome, round(p.pending_s, 3)) for s in range(5) if (p := make_plan(IDS[0], seed=s))}
    assert len(by_seed) > 1


def test_outcomes_come_in_realistic_shares() -> None:
    plans = [p for jid in IDS if (p := make_plan(jid))]
    assert len(plans) == len(IDS)
    failed = sum(p.outcome == "failed" for p in plans) / len(plans)
    assert 0.06 <= failed <= 0.2
    assert any(p.instrumental and p.outcome == "completed" for p in plans)
    assert {p.operation for p in plans} >= {None, "effect", "extend", "replace", "cover", "remix"}
    assert all(30 * 0.3 <= p.pending_s <= 180 for p in plans)


def test_speed_divides_the_pending_time() -> None:
    slow, fast = make_plan(IDS[1]), make_plan(IDS[1], speed=10)
    assert slow is not None
    assert fast is not None
    assert fast.pending_s == pytest.approx(slow.pending_s / 10)


def test_forcing_instrumental_keeps_everything_else() -> None:
    vocal = make_plan(IDS[2], outcome="vocal")
    inst = make_plan(IDS[2], outcome="instrumental")
    assert vocal is not None
    assert inst is not None
    assert vocal.clips[0].lyrics is not None
    assert inst.clips[0].lyrics is None
    assert [(c.uuid, c.duration_s, c.seed) for c in vocal.clips] == [(c.uuid, c.duration_s, c.seed) for c in inst.clips]
    with pytest.raises(ValueError, match="outcome"):
        make_plan(IDS[2], outcome="exploded")


def test_ids_parse_with_any_email_and_clip_ids_are_not_jobids() -> None:
    parts = parse_jobid(IDS[0])
    assert parts is not None
    assert parts.user_id == "42"
    assert parts.email == "a.b-c+d_e@mail-x.example.org"
    clip = make_plan(IDS[0])
    assert clip is not None
    assert parse_jobid(clip.clips[0].clip_id) is None
    assert parse_clip_id(clip.clips[0].clip_id) is not None
    for bad in ("", "job:", IDS[0] + " ", IDS[0].replace("user:42", "user:x"), IDS[0].replace("-bot:flowmusic", "")):
        assert parse_jobid(bad) is None
        assert make_plan(bad) is None


def test_timestamps_have_milliseconds_and_z() -> None:
    ms = 1780257443954
    stamp = iso_ms(ms)
    assert stamp == "2026-05-31T19:57:23.954Z"
    assert datetime.fromisoformat(stamp.replace("Z", "+00:00")) == datetime.fromtimestamp(ms / 1000, timezone.utc)


@pytest.mark.parametrize("seed", [0, 5])
def test_demo_ids_cover_every_state(seed: int) -> None:
    demos = demo_jobs(seed=seed)
    assert len({d.jobid for d in demos}) == len(demos) == 8
    plans = [plan_of(d.jobid, seed) for d in demos]
    vocal, vocal2, inst, edit, failed, missing, _other, long = plans
    for p in (vocal, vocal2, inst, edit, long):
        assert p.outcome == "completed"
    assert not vocal.instrumental
    assert not vocal2.instrumental
    assert inst.instrumental
    assert edit.operation is not None
    assert failed.outcome == "failed"
    assert missing.never_existed
    assert demos[6].jobid.split("-user:")[1].split("-")[0] != "1001"
    assert long.pending_s >= 150


def test_given_lyrics_are_always_sung_never_an_instrumental_by_chance() -> None:
    # The API says providing lyrics "forces a vocal render": no job with lyrics may come back instrumental.
    lyrics = "[Verse 1]\nOne line\nTwo lines\n\n[Chorus]\nSing"
    order = Order(prompt="a song", request_json="{}", lyrics=lyrics)
    by_chance = [p for jid in IDS[:200] if (p := make_plan(jid)) and p.instrumental]
    assert by_chance, "the sample must hold jobs the draw makes instrumental"
    for plain in by_chance:
        plan = plan_of_order(plain.jobid, order)
        assert not plan.instrumental
        assert all(c.lyrics == lyrics and c.lyrics_timing is not None for c in plan.clips)
        assert len(plan.clips[0].lyrics_timing or ()) == 3
    # Even with instrumental asked for, given lyrics win: the API's words are that they force a vocal render.
    both = plan_of_order(by_chance[0].jobid, Order(prompt="x", request_json="{}", instrumental=True, lyrics=lyrics))
    assert not both.instrumental
    # Blank lyrics are no lyrics: the request's instrumental flag still decides.
    blank = plan_of_order(by_chance[0].jobid, Order(prompt="x", request_json="{}", instrumental=True, lyrics=" \n"))
    assert blank.instrumental


def plan_of_order(jobid: str, order: Order) -> JobPlan:
    plan = make_plan(jobid, order=order)
    assert plan is not None
    return plan

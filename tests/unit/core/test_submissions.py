"""Submissions: the state machine, the pacing plan and the durable repository.

The Hypothesis machine throws random answers, lost answers, crashes mid-POST and restarts at the queue and
checks what a user cares about: no submission ever makes two jobs, and none is ever lost.
"""

from __future__ import annotations

import itertools
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, rule, run_state_machine_as_test

from flowmusic_gui.core.store import JobStore
from flowmusic_gui.core.submissions import (
    AccountSlots,
    AnswerLost,
    Created,
    IllegalTransition,
    NoJob,
    ReconcilePolicy,
    Refused,
    Submission,
    SubmissionState,
    apply_answer,
    cancel,
    found,
    looked,
    new_submission,
    plan_sends,
    record_matches,
    retry,
    start_sending,
)

S = SubmissionState
T0 = datetime(2026, 5, 1, 12, 0, 0, tzinfo=timezone.utc)
OWNER = "test-host:1:aaaa"


def _sub(prompt: str = "a song", **kw: object) -> Submission:
    return new_submission("music", {"prompt": prompt}, email=None, now=T0, **kw)  # type: ignore[arg-type]


def test_a_lost_answer_leaves_it_uncertain_and_only_the_user_sends_it_again() -> None:
    sub = start_sending(_sub(), account="a@x", now=T0, owner=OWNER)
    lost = apply_answer(sub, AnswerLost("server error 502"), T0)
    assert lost.state is S.UNCERTAIN and lost.error == "server error 502"
    with pytest.raises(IllegalTransition):
        start_sending(lost, account="a@x", now=T0, owner=OWNER)
    with pytest.raises(IllegalTransition, match="twice"):
        retry(lost, T0)
    assert retry(lost, T0, despite_evidence=True).state is S.QUEUED


def test_answers_that_made_no_job_queue_it_again_and_a_429_waits() -> None:
    sub = start_sending(_sub(), account="a@x", now=T0, owner=OWNER)
    busy = apply_answer(sub, NoJob("busy", "rate limited", retry_after=7), T0)
    assert busy.state is S.QUEUED and busy.not_before == T0 + timedelta(seconds=7) and busy.account is None
    refused = apply_answer(sub, Refused(422, "refused by moderation (422)"), T0)
    assert refused.state is S.REFUSED and "moderation" in (refused.error or "")
    made = apply_answer(sub, Created("job:1", "a@x"), T0)
    assert made.state is S.SUBMITTED and made.jobid == "job:1"


def test_a_refused_reply_ref_is_sent_again_matched_by_prompt() -> None:
    sub = start_sending(_sub(), account="a@x", now=T0, owner=OWNER)
    again = apply_answer(sub, Refused(400, "replyRef: unknown field", field="replyRef"), T0)
    assert again.state is S.QUEUED and again.match_by == "prompt"
    assert "replyRef" not in again.request_body()
    sent = start_sending(again, account="a@x", now=T0, owner=OWNER)
    record = {"email": "a@x", "created_at": "2026-05-01T12:00:01.000Z", "request": {"prompt": "a song"}}
    assert record_matches(sent, record)
    assert not record_matches(sent, {**record, "request": {"prompt": "another"}})
    assert not record_matches(sent, {**record, "created_at": "2026-05-01T11:50:00.000Z"})


def test_not_made_needs_enough_looks_over_enough_time_and_no_sign() -> None:
    policy = ReconcilePolicy(min_looks=3, min_wait_s=20)
    sub = apply_answer(start_sending(_sub(), account="a@x", now=T0, owner=OWNER), AnswerLost("timed out"), T0)
    for i in range(1, 3):
        sub = looked(sub, T0 + timedelta(seconds=30), evidence=None, policy=policy)
        assert sub.state is S.UNCERTAIN and sub.looks == i
    early = looked(sub, T0 + timedelta(seconds=5), evidence=None, policy=policy)
    assert early.state is S.UNCERTAIN
    signed = looked(sub, T0 + timedelta(seconds=60), evidence="the balance fell by 10", policy=policy)
    assert signed.state is S.UNCERTAIN and signed.evidence == "the balance fell by 10"
    assert looked(signed, T0 + timedelta(seconds=90), evidence=None, policy=policy).state is S.UNCERTAIN
    gone = looked(sub, T0 + timedelta(seconds=30), evidence=None, policy=policy)
    assert gone.state is S.NOT_MADE
    assert retry(gone, T0).state is S.QUEUED


def test_plan_sends_one_per_account_within_free_slots_floor_and_cap() -> None:
    subs = [_sub(f"song {i}") for i in range(6)]
    accounts = [AccountSlots("a@x", 2, 2), AccountSlots("b@x", 3, 1, credits=100), AccountSlots("c@x", 8, 0)]
    plan = plan_sends(subs, accounts, now=T0)
    assert [email for _, email in plan] == ["c@x", "b@x"]  # a@x is full; one POST in flight per account
    assert plan_sends(subs, accounts, now=T0, busy=["c@x"])[0][1] == "b@x"
    assert plan_sends(subs, accounts, now=T0, busy=["c@x"], cost_per_song=10, min_credits=95) == []
    capped = plan_sends(subs, accounts, now=T0, cost_per_song=10, spent=20, max_credits=30)
    assert len(capped) == 1
    chosen = new_submission("music", {"prompt": "x"}, email="a@x", now=T0)
    assert plan_sends([chosen], accounts, now=T0) == []  # its account is full: it waits
    later = apply_answer(start_sending(_sub(), account="c@x", now=T0, owner=OWNER),
                         NoJob("busy", "429", retry_after=10), T0)  # fmt: skip
    assert plan_sends([later], accounts, now=T0 + timedelta(seconds=5)) == []
    assert plan_sends([later], accounts, now=T0 + timedelta(seconds=11)) != []
    sick = [AccountSlots("a@x", 2, 0, healthy=False), AccountSlots("b@x", 2, 0, out_of_credits=True)]
    assert plan_sends(subs, sick, now=T0) == []


def test_the_repository_keeps_rows_across_reopening_and_tracks_made_jobs(tmp_path: Path) -> None:
    path = tmp_path / "jobs.sqlite3"
    with JobStore(path) as store:
        repo = store
        first, second = repo.add_submissions([_sub("one", batch="b1"), _sub("two", batch="b1")])
        sending = repo.move_submission(first.ref, lambda s: start_sending(s, account="a@x", now=T0, owner=OWNER))
        assert sending is not None and sending.state is S.SENDING
        # a second claim of the same row (another process) finds it taken
        assert repo.move_submission(first.ref, lambda s: start_sending(s, account="a@x", now=T0, owner="other")) is None
        made = repo.move_submission(first.ref, lambda s: apply_answer(s, Created("job:made", "a@x"), T0))
        assert made is not None and made.jobid == "job:made"
    with JobStore(path) as store:
        repo = store
        assert [s.state for s in repo.submissions(batch="b1")] == [S.SUBMITTED, S.QUEUED]
        assert "job:made" in store.jobids()
        assert repo.submission(second.ref) == second


def test_a_submission_left_sending_by_a_dead_process_becomes_uncertain(tmp_path: Path) -> None:
    with JobStore(tmp_path / "jobs.sqlite3") as store:
        repo = store
        (sub,) = repo.add_submissions([_sub()])
        repo.move_submission(sub.ref, lambda s: start_sending(s, account="a@x", now=T0, owner="host:999999999:dead"))
        assert repo.recover_submissions(T0, alive=lambda owner: owner == OWNER)[0].state is S.UNCERTAIN
        assert repo.submission(sub.ref).state is S.UNCERTAIN  # type: ignore[union-attr]


# --- the machine: random answers, crashes and restarts ------------------------------------------------------

OUTCOMES = ("made", "made_lost", "lost_no_job", "busy", "credits", "refused", "crash_before", "crash_after")


class QueueMachine(RuleBasedStateMachine):
    """A queue over a real store file and a model of the API that knows which jobs really exist."""

    def __init__(self, tmp: Path) -> None:
        super().__init__()
        self.path = tmp / f"jobs-{next(_COUNTER)}.sqlite3"
        self.store = JobStore(self.path)
        self.repo = self.store
        self.generation = 0
        self.refs: list[str] = []
        self.jobs: dict[str, list[str]] = {}  # ref -> jobids the API made for it
        self.user_resends: dict[str, int] = {}
        self.clock = T0

    def owner(self) -> str:
        return f"host:{self.generation}:gen"

    def tick(self) -> datetime:
        self.clock += timedelta(seconds=7)
        return self.clock

    def make_job(self, ref: str) -> str:
        jobid = f"job:{ref}:{len(self.jobs.get(ref, []))}"
        self.jobs.setdefault(ref, []).append(jobid)
        return jobid

    @rule(n=st.integers(1, 3))
    def queue_songs(self, n: int) -> None:
        added = self.repo.add_submissions([new_submission("music", {"prompt": f"p{len(self.refs) + i}"}, email=None,
                                              now=self.tick()) for i in range(n)])  # fmt: skip
        self.refs += [s.ref for s in added]

    @rule(outcome=st.sampled_from(OUTCOMES), pick=st.integers(0, 50))
    def send_one(self, outcome: str, pick: int) -> None:
        queued = self.repo.submissions([S.QUEUED])
        if not queued:
            return
        sub = queued[pick % len(queued)]
        now = self.tick()
        sending = self.repo.move_submission(
            sub.ref, lambda s: start_sending(s, account="a@x", now=now, owner=self.owner())
        )
        assert sending is not None
        if outcome == "crash_before":
            self.restart()
            return
        if outcome in ("made", "made_lost", "crash_after"):
            jobid = self.make_job(sub.ref)
            if outcome == "crash_after":
                self.restart()
                return
            answer: object = Created(jobid, "a@x") if outcome == "made" else AnswerLost("502")
        elif outcome == "lost_no_job":
            answer = AnswerLost("connection reset")
        elif outcome == "busy":
            answer = NoJob("busy", "429", retry_after=1)
        elif outcome == "credits":
            answer = NoJob("credits", "402")
        else:
            answer = Refused(400, "prompt: bad")
        self.repo.move_submission(sub.ref, lambda s: apply_answer(s, answer, now))  # type: ignore[arg-type]

    @rule()
    def restart(self) -> None:
        self.store.close()
        self.generation += 1
        self.store = JobStore(self.path)
        self.repo = self.store
        self.repo.recover_submissions(self.tick(), alive=lambda owner: owner == self.owner())

    @rule()
    def reconcile(self) -> None:
        policy = ReconcilePolicy(min_looks=2, min_wait_s=0)
        for sub in self.repo.submissions([S.UNCERTAIN]):
            now = self.tick()
            made = self.jobs.get(sub.ref, [])
            if made:
                self.repo.move_submission(sub.ref, lambda s, j=made[-1], t=now: found(s, j, t))  # type: ignore[misc]
            else:
                self.repo.move_submission(sub.ref, lambda s, t=now: looked(s, t, evidence=None, policy=policy))  # type: ignore[misc]

    @rule(pick=st.integers(0, 50))
    def user_sends_not_made_again(self, pick: int) -> None:
        gone = self.repo.submissions([S.NOT_MADE])
        if gone:
            sub = gone[pick % len(gone)]
            self.repo.move_submission(sub.ref, lambda s: retry(s, self.tick()))

    @rule(pick=st.integers(0, 50))
    def user_drops_one(self, pick: int) -> None:
        queued = self.repo.submissions([S.QUEUED])
        if queued:
            self.repo.move_submission(queued[pick % len(queued)].ref, lambda s: cancel(s, self.tick()))

    @invariant()
    def never_two_jobs_for_one_submission(self) -> None:
        for ref, made in self.jobs.items():
            assert len(made) <= 1, f"{ref} made {made}"

    @invariant()
    def never_a_submission_lost(self) -> None:
        rows = {s.ref: s for s in self.repo.submissions()}
        assert set(rows) == set(self.refs)
        tracked = self.store.jobids()
        for ref, sub in rows.items():
            if sub.state is S.SUBMITTED:
                assert sub.jobid in self.jobs.get(ref, []) and sub.jobid in tracked
            if sub.state is S.NOT_MADE:
                assert not self.jobs.get(ref)
            if self.jobs.get(ref):  # a made job is never forgotten: known, or still being looked for
                assert sub.state in (S.SUBMITTED, S.UNCERTAIN, S.SENDING)

    def teardown(self) -> None:
        self.store.close()


_COUNTER = itertools.count()


def test_queue_state_machine(tmp_path: Path) -> None:
    class Machine(QueueMachine):  # a class, not a factory: newer Hypothesis types the argument as one
        def __init__(self) -> None:
            super().__init__(tmp_path)

    run_state_machine_as_test(Machine, settings=settings(max_examples=60, stateful_step_count=30, deadline=None,
                                                      suppress_health_check=list(HealthCheck)))  # fmt: skip

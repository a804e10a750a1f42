"""The token's accounts: the demo's three, the --account syntax, slots and credits as submissions see them."""

from __future__ import annotations

import pytest

from flowmusic_gui.simulator import DEMO_ACCOUNTS, Account, Simulator, parse_account


def test_the_demo_has_two_healthy_accounts_and_one_in_the_error_state() -> None:
    assert [a.healthy for a in DEMO_ACCOUNTS] == [True, True, False]
    with Simulator() as sim:
        assert sim.accounts() == list(DEMO_ACCOUNTS)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("me@example.com", Account("me@example.com")),
        ("me@example.com,maxJobs=5,credits=20", Account("me@example.com", max_jobs=5, credits=20)),
        ("me@example.com, error", Account("me@example.com", healthy=False)),
    ],
)
def test_account_switch_syntax(text: str, expected: Account) -> None:
    assert parse_account(text) == expected


@pytest.mark.parametrize(
    ("text", "named"),
    [("nobody", "email"), ("a@b.c,maxJobs=0", "max_jobs"), ("a@b.c,maxJobs=x", "maxJobs"), ("a@b.c,vip", "vip")],
)
def test_bad_account_switches_name_the_bad_piece(text: str, named: str) -> None:
    with pytest.raises(ValueError, match=named):
        parse_account(text)


def test_slots_free_up_when_a_job_ends_or_is_cancelled_and_credits_stay_spent() -> None:
    with Simulator(accounts=[Account("solo@example.com", max_jobs=1, credits=25)]) as sim:
        first = sim.submit("one")
        with pytest.raises(ValueError, match="429"):
            sim.submit("two")
        sim.force(first, pending_s=0)
        second = sim.submit("two")
        sim._cancel(second)
        assert sim.accounts()[0].credits == 5  # 10 a song; the cancelled one is not refunded
        with pytest.raises(ValueError, match="402"):
            sim.submit("three")


def test_two_accounts_cannot_share_an_email() -> None:
    with pytest.raises(ValueError, match="share"):
        Simulator(accounts=[Account("a@example.com"), Account("A@example.com")])

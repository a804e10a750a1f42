"""The accounts one simulated token holds: who they are, how many jobs each may run, credits and health."""

from __future__ import annotations

import re
from dataclasses import dataclass

#: The useapi.net user every demo account belongs to (the `user:<id>` of its jobids and clip ids).
DEMO_USER_ID = "1001"
DEMO_EMAIL = "demo@flowmusic.local"
#: What one song (or one edit) costs; a cancelled job's credits stay spent, as the vendor warns.
CREDITS_PER_SONG = 10
#: A prompt holding this word (any case) is refused with 422, as moderation refuses a prompt.
MODERATION_MARKER = "moderateme"
#: The `error` of an account in the 596 state, as `GET /accounts` shows it.
ACCOUNT_ERROR = "The account's refresh token was rejected: re-add this account at useapi.net"

_EMAIL_RE = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9](?:[A-Za-z0-9.-]*[A-Za-z0-9])?")


@dataclass(frozen=True)
class Account:
    """One FlowMusic account on the token: ``healthy=False`` puts it in the 596 error state."""

    email: str
    user_id: str = DEMO_USER_ID
    max_jobs: int = 3
    credits: int = 1000
    healthy: bool = True
    tier: str = "pro"
    subscription_plan: str | None = "Pro Monthly"

    def __post_init__(self) -> None:
        if not _EMAIL_RE.fullmatch(self.email):
            raise ValueError(f"not an email address: {self.email!r}")
        if not self.user_id.isdigit():
            raise ValueError(f"user_id must be digits, got {self.user_id!r}")
        if not 1 <= self.max_jobs <= 16:
            raise ValueError(f"max_jobs must be from 1 to 16, got {self.max_jobs}")
        if self.credits < 0:
            raise ValueError(f"credits must be 0 or more, got {self.credits}")


#: Two healthy accounts and a third in the error state.
DEMO_ACCOUNTS = (
    # Room for the demo's five sample jobs and a few more, so its running count never reads over its maximum.
    Account(DEMO_EMAIL, max_jobs=8, credits=2500),
    Account("studio@flowmusic.local", max_jobs=2, credits=400, tier="standard", subscription_plan="Standard"),
    Account("lapsed@flowmusic.local", max_jobs=1, credits=0, healthy=False, tier="free", subscription_plan=None),
)


def parse_account(text: str) -> Account:
    """An account from ``EMAIL[,maxJobs=N][,credits=N][,error]`` (the ``--account`` switch); raises ValueError."""
    email, *options = [part.strip() for part in text.split(",")]
    max_jobs, credits, healthy = 3, 1000, True
    for option in options:
        key, eq, value = option.partition("=")
        try:
            if key == "maxJobs" and eq:
                max_jobs = int(value)
            elif key == "credits" and eq:
                credits = int(value)
            elif option == "error":
                healthy = False
            else:
                raise ValueError(f"unknown account option {option!r} (expected maxJobs=N, credits=N or error)")
        except ValueError as exc:
            if "unknown" in str(exc):
                raise
            raise ValueError(f"{key} must be a whole number, got {value!r}") from None
    return Account(email, max_jobs=max_jobs, credits=credits, healthy=healthy)

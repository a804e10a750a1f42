"""The FlowMusic API client (``ApiClient``) and what it answers.

``outcomes``: the plain dataclasses every call returns; ``transport``: the HTTP (sessions, the token only to the
API, timeouts, capped bodies); ``parsing``: answers read into outcomes; ``api_client``: one call per endpoint.
Everything callers use is importable from here.
"""

from __future__ import annotations

from flowmusic_gui.core.client.api_client import MP3_DEADLINE_S, MP3_MAX_BYTES, ApiClient
from flowmusic_gui.core.client.outcomes import (
    AccountFound,
    AccountInfo,
    AccountOutcome,
    AccountProblem,
    Accounts,
    AccountsOutcome,
    AuthFailed,
    Cancelled,
    CancelOutcome,
    ClipPage,
    ClipsOutcome,
    ClipSummary,
    Downloaded,
    DownloadOutcome,
    Forbidden,
    JobFound,
    NotFound,
    Outcome,
    Problem,
    RateLimited,
    Rejected,
    RunningAccount,
    RunningJob,
    RunningJobs,
    RunningOutcome,
    TokenCheck,
    Transient,
)
from flowmusic_gui.core.client.parsing import (
    RETRY_AFTER_DEFAULT,
    RETRY_AFTER_MAX,
    RETRY_AFTER_MIN,
    parse_retry_after,
)
from flowmusic_gui.core.client.transport import (
    DEFAULT_API_BASE,
    DEFAULT_TIMEOUT,
    MAX_BODY_BYTES,
    UNSENDABLE_TOKEN,
    USER_AGENT,
    BadBaseUrl,
    normalize_base_url,
)

__all__ = [
    "DEFAULT_API_BASE",
    "DEFAULT_TIMEOUT",
    "MAX_BODY_BYTES",
    "MP3_DEADLINE_S",
    "MP3_MAX_BYTES",
    "RETRY_AFTER_DEFAULT",
    "RETRY_AFTER_MAX",
    "RETRY_AFTER_MIN",
    "UNSENDABLE_TOKEN",
    "USER_AGENT",
    "AccountFound",
    "AccountInfo",
    "AccountOutcome",
    "AccountProblem",
    "Accounts",
    "AccountsOutcome",
    "ApiClient",
    "AuthFailed",
    "BadBaseUrl",
    "CancelOutcome",
    "Cancelled",
    "ClipPage",
    "ClipSummary",
    "ClipsOutcome",
    "DownloadOutcome",
    "Downloaded",
    "Forbidden",
    "JobFound",
    "NotFound",
    "Outcome",
    "Problem",
    "RateLimited",
    "Rejected",
    "RunningAccount",
    "RunningJob",
    "RunningJobs",
    "RunningOutcome",
    "TokenCheck",
    "Transient",
    "normalize_base_url",
    "parse_retry_after",
]

"""The API base URL and the polling configuration, resolved the same way by the window and the command line.

The window passes its settings' values in; the command line passes its flags. Neither reads the other's sources.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from flowmusic_gui.core.schedule import PolicyConfig

API_BASE_ENV = "FLOWMUSIC_API_BASE"


def api_base(
    explicit: str | None = None, *, setting: str | None = None, environ: Mapping[str, str] | None = None
) -> str:
    """``--api-base``, else the settings' URL, else FLOWMUSIC_API_BASE, else the vendor's; normalized.

    Raises :class:`~flowmusic_gui.core.client.BadBaseUrl` whose message starts with the source of the bad URL.
    """
    from flowmusic_gui.core.client import DEFAULT_API_BASE, BadBaseUrl, normalize_base_url

    env = os.environ if environ is None else environ
    for source, value in (
        ("--api-base", explicit),
        ("the API base URL in Settings", setting),
        (API_BASE_ENV, env.get(API_BASE_ENV)),
    ):
        if value:
            try:
                return normalize_base_url(value)
            except BadBaseUrl as exc:
                raise BadBaseUrl(f"{source}: {exc}") from None
    return DEFAULT_API_BASE


def policy_config(
    *, poll_interval: float | None = None, max_interval: float | None = None, budget_per_s: float | None = None
) -> PolicyConfig:
    """The polling policy's configuration: each value given replaces the default, the rest stay."""
    from flowmusic_gui.core.schedule import PolicyConfig

    defaults = PolicyConfig()
    return PolicyConfig(
        poll_interval=poll_interval or defaults.poll_interval,
        max_interval=max_interval or defaults.max_interval,
        budget_per_s=budget_per_s or defaults.budget_per_s,
        concurrency=defaults.concurrency,  # the prior: the one the list-aware schedule is measured with
    )

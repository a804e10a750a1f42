"""The API base URL and the polling configuration, as the window and the command line both resolve them."""

from __future__ import annotations

import pytest

from flowmusic_gui.core.client import DEFAULT_API_BASE, BadBaseUrl
from flowmusic_gui.core.config import api_base, policy_config
from flowmusic_gui.core.schedule import PolicyConfig


def test_the_flag_then_the_setting_then_the_environment_then_the_vendor() -> None:
    env = {"FLOWMUSIC_API_BASE": "http://env.example/v1/"}
    assert api_base("http://flag.example/v1/", setting="http://set.example/v1", environ=env) == "http://flag.example/v1"
    assert api_base(None, setting="http://set.example/v1", environ=env) == "http://set.example/v1"
    assert api_base(None, setting="", environ=env) == "http://env.example/v1"
    assert api_base(environ={}) == DEFAULT_API_BASE


@pytest.mark.parametrize(
    ("explicit", "setting", "env", "named"),
    [
        ("ftp://x/v1", None, {}, "--api-base"),
        (None, "not a url", {}, "the API base URL in Settings"),
        (None, None, {"FLOWMUSIC_API_BASE": "file:///etc"}, "FLOWMUSIC_API_BASE"),
    ],
)
def test_a_bad_url_names_where_it_came_from(explicit: str | None, setting: str | None, env: dict[str, str],
                                            named: str) -> None:  # fmt: skip
    with pytest.raises(BadBaseUrl, match=f"^{named}: "):
        api_base(explicit, setting=setting, environ=env)


def test_policy_config_keeps_the_defaults_it_is_not_given() -> None:
    # The default prior (a song's documented 40-160 s, flat): what bench/polling.py measures the poller's schedule with.
    defaults = PolicyConfig()
    assert policy_config() == defaults
    config = policy_config(poll_interval=2.0, budget_per_s=5.0)
    assert (config.poll_interval, config.budget_per_s, config.max_interval) == (2.0, 5.0, defaults.max_interval)

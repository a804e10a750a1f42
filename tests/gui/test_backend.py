"""The window's backend against the real simulator: where the token comes from (the environment before the
keyring), a token checked against the API, a token put to use reaching the polls, a changed API address taking
the next polls there, jobs kept across a restart, and the demo that never touches the keyring."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from helpers.keyrings import MemoryKeyring
from pytestqt.qtbot import QtBot

from flowmusic_gui.core.credentials import ENV_VAR, SERVICE, USERNAME, TokenSource
from flowmusic_gui.core.records import JobState
from flowmusic_gui.core.schedule import PolicyConfig
from flowmusic_gui.engine.tasks import TaskRunner
from flowmusic_gui.simulator import DEMO_EMAIL, DEMO_TOKEN, DEMO_USER_ID, Simulator
from flowmusic_gui.simulator.jobs import make_jobid
from flowmusic_gui.ui.backend import AppBackend, DemoBackend

FAST = PolicyConfig(poll_interval=0.2, max_interval=0.5, budget_per_s=50, prior_min_s=0.1, prior_max_s=1.0)
JOB = make_jobid("52345678-1234-4234-8234-123456789abc", DEMO_USER_ID, DEMO_EMAIL)


@pytest.fixture
def backends(runner: TaskRunner) -> Iterator[list[AppBackend]]:
    made: list[AppBackend] = []
    yield made
    for backend in made:
        backend.close()


def app_backend(made: list[AppBackend], data_dir: Path, base: str, runner: TaskRunner, *,
                environ: dict[str, str] | None = None, keyring: MemoryKeyring | None = None) -> AppBackend:
    backend = AppBackend(data_dir, base, FAST, environ=environ or {}, keyring_backend=keyring or MemoryKeyring(),
                         runner=runner)
    made.append(backend)
    return backend


def test_the_token_comes_from_the_environment_before_the_keyring(
    data_dir: Path, sim: Simulator, runner: TaskRunner, backends: list[AppBackend]
) -> None:
    keyring = MemoryKeyring()
    keyring.secrets[(SERVICE, USERNAME)] = "from-the-keyring"
    from_keyring = app_backend(backends, data_dir / "a", sim.base_url, runner, keyring=keyring)
    lookup = from_keyring.lookup_token()
    assert lookup.token == "from-the-keyring" and lookup.source is TokenSource.KEYRING
    from_env = app_backend(backends, data_dir / "b", sim.base_url, runner, environ={ENV_VAR: "from-the-env"},
                           keyring=keyring)
    lookup = from_env.lookup_token()
    assert lookup.token == "from-the-env" and lookup.source is TokenSource.ENV
    saved = from_keyring.save_token("a-new-token")
    assert saved.token == "a-new-token" and keyring.secrets[(SERVICE, USERNAME)] == "a-new-token"


def test_a_token_is_checked_against_the_api(
    data_dir: Path, sim: Simulator, runner: TaskRunner, backends: list[AppBackend]
) -> None:
    backend = app_backend(backends, data_dir, sim.base_url, runner)
    assert backend.check_token(DEMO_TOKEN).ok
    refused = backend.check_token("not-the-token")
    assert not refused.ok and refused.status == 401 and refused.message
    assert "not-the-token" not in refused.message  # the token is never echoed


def test_the_token_in_use_reaches_the_polls_and_a_new_api_address_takes_them(
    qtbot: QtBot, data_dir: Path, sim: Simulator, runner: TaskRunner, backends: list[AppBackend]
) -> None:
    backend = app_backend(backends, data_dir, sim.base_url, runner)
    backend.tracker.start()
    sim.force(JOB, outcome="vocal", pending_s=0.3)
    backend.use_token(DEMO_TOKEN)
    backend.tracker.add([JOB])

    def state() -> JobState | None:
        view = backend.tracker.job(JOB)
        return None if view is None else view.state

    qtbot.waitUntil(lambda: state() is JobState.COMPLETED, timeout=15_000)
    other = Simulator(token=DEMO_TOKEN).start()
    try:
        backend.set_api_base(other.base_url)
        assert backend.api_base() == other.base_url
        backend.tracker.recheck([JOB])
        qtbot.waitUntil(lambda: any(JOB.split("-user:")[0].removeprefix("job:") in r.path
                                    for r in list(other.requests)), timeout=10_000)
    finally:
        backend.close()
        other.stop()
    # The job was kept: a backend over the same folder (the next start) has it.
    again = app_backend(backends, data_dir, sim.base_url, runner)
    with qtbot.waitSignal(again.tracker.jobs_loaded, timeout=5000) as loaded:
        again.tracker.start()
    assert JOB in {v.jobid for v in loaded.args[0]}


def test_the_demo_uses_its_own_token_and_never_the_keyring(
    data_dir: Path, sim: Simulator, runner: TaskRunner, backends: list[AppBackend]
) -> None:
    demo = DemoBackend(data_dir, sim.base_url, FAST, DEMO_TOKEN, runner=runner)
    backends.append(demo)
    assert demo.demo
    lookup = demo.lookup_token()
    assert lookup.token == DEMO_TOKEN and lookup.source is TokenSource.SESSION
    saved = demo.save_token("typed-in-the-demo")
    assert saved.source is TokenSource.SESSION and saved.token == "typed-in-the-demo"
    # Its token store has no keyring behind it: nothing is read from, or written to, the user's.
    assert demo.tokens.lookup().token is None

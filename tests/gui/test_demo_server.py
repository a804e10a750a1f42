"""The demo's simulator runs in a child process: it answers with the demo token and stops with a deadline."""

from __future__ import annotations

import os
import time

import pytest
import requests

from flowmusic_gui.simulator import DEMO_EMAIL, DEMO_TOKEN
from flowmusic_gui.ui.demo_server import STOP_TIMEOUT_S, SimulatorProcess, start_demo_server


def test_the_demo_simulator_is_a_child_process_that_answers_and_stops() -> None:
    server = start_demo_server(speed=3.0)
    assert isinstance(server, SimulatorProcess)
    try:
        assert server.pid != os.getpid()
        r = requests.get(f"{server.base_url}/accounts", headers={"Authorization": f"Bearer {DEMO_TOKEN}"},
                         timeout=(5, 20))  # fmt: skip
        assert r.status_code == 200 and DEMO_EMAIL in r.text
    finally:
        started = time.monotonic()
        server.stop()
        took = time.monotonic() - started
    assert took < STOP_TIMEOUT_S * 2 + 1
    with pytest.raises(requests.ConnectionError):
        requests.get(f"{server.base_url}/accounts", timeout=(2, 2))
    server.stop()  # twice is fine


def test_a_child_that_never_says_where_it_listens_is_stopped_at_the_deadline(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Python that starts and then says nothing: the start gives up at its deadline and leaves no process behind.
    import flowmusic_gui.ui.demo_server as demo_server

    spawned: list[object] = []
    real_popen = demo_server.subprocess.Popen

    def silent_popen(args: list[str], **kwargs: object) -> object:
        proc = real_popen([args[0], "-c", "import time; time.sleep(60)"], **kwargs)  # type: ignore[call-overload]
        spawned.append(proc)
        return proc

    monkeypatch.setattr(demo_server.subprocess, "Popen", silent_popen)
    with pytest.raises(RuntimeError, match="did not start within 1 s"):
        SimulatorProcess(speed=1.0, timeout=1.0)
    assert spawned and spawned[0].poll() is not None  # type: ignore[attr-defined]

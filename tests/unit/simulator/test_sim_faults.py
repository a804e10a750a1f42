"""Faults the simulator injects into job requests: each kind as a client sees it, and reproducible by seed."""

from __future__ import annotations

import socket
import time
from urllib.parse import quote

import pytest
import requests

from flowmusic_gui.simulator import DEMO_TOKEN, FAULT_KINDS, Simulator, demo_jobids

VOCAL = demo_jobids()[0]
AUTH = {"Authorization": f"Bearer {DEMO_TOKEN}"}


def job_url(sim: Simulator) -> str:
    return f"{sim.base_url}/jobs/{quote(VOCAL, safe='')}"


def outcome(session: requests.Session, sim: Simulator) -> str:
    try:
        r = session.get(job_url(sim), timeout=5)
    except requests.RequestException as exc:
        return type(exc).__name__
    try:
        body = r.json()
    except ValueError:
        return f"{r.status_code} not json"
    return f"{r.status_code} {type(body).__name__}"


def raw_exchange(sim: Simulator) -> bytes:
    """One request on a bare socket; everything the server sent before closing."""
    path = "/v1/flowmusic/jobs/" + quote(VOCAL, safe="")
    with socket.create_connection(("127.0.0.1", sim.port), timeout=5) as sock:
        sock.sendall(f"GET {path} HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer {DEMO_TOKEN}\r\n\r\n".encode())
        data = b""
        while chunk := sock.recv(65536):
            data += chunk
    return data


@pytest.mark.parametrize(
    ("kind", "status", "ctype"),
    [
        ("html500", 500, "text/html"),
        ("502", 502, "text/html"),
        ("notjson", 200, "application/json"),
    ],
)
def test_faults_whose_body_is_not_json(sim: Simulator, kind: str, status: int, ctype: str) -> None:
    sim.inject_faults([kind])
    r = requests.get(job_url(sim), headers=AUTH, timeout=5)
    assert r.status_code == status
    assert r.headers["Content-Type"].startswith(ctype)
    with pytest.raises(ValueError):
        r.json()
    assert requests.get(job_url(sim), headers=AUTH, timeout=5).json()["status"] == "pending"


def test_notobject_is_json_but_not_a_record(sim: Simulator) -> None:
    sim.inject_faults(["notobject"])
    assert isinstance(requests.get(job_url(sim), headers=AUTH, timeout=5).json(), list)


@pytest.mark.parametrize(("kind", "status"), [("401", 401), ("596", 596), ("429", 429)])
def test_faults_with_an_error_body(sim: Simulator, kind: str, status: int) -> None:
    sim.retry_after = 7
    sim.inject_faults([kind])
    r = requests.get(job_url(sim), headers=AUTH, timeout=5)
    assert r.status_code == status
    assert r.json()["code"] == status
    if status == 429:
        assert r.headers["Retry-After"] == "7"


def test_truncated_sends_less_than_its_content_length(sim: Simulator) -> None:
    sim.inject_faults(["truncated"])
    head, _, body = raw_exchange(sim).partition(b"\r\n\r\n")
    length = int(next(ln for ln in head.split(b"\r\n") if ln.lower().startswith(b"content-length")).split(b":")[1])
    assert 0 < len(body) < length
    sim.inject_faults(["truncated"])
    with pytest.raises(requests.RequestException):
        requests.get(job_url(sim), headers=AUTH, timeout=5)


def test_reset_resets_the_connection(sim: Simulator) -> None:
    sim.inject_faults(["reset"])
    with pytest.raises(ConnectionResetError):
        raw_exchange(sim)
    sim.inject_faults(["reset"])
    with pytest.raises(requests.ConnectionError):
        requests.get(job_url(sim), headers=AUTH, timeout=5)
    assert [e.status for e in sim.job_requests()] == [0, 0]


def test_slow_answers_normally_after_a_wait(sim: Simulator) -> None:
    sim.slow_seconds = 0.3
    sim.inject_faults(["slow"])
    started = time.monotonic()
    r = requests.get(job_url(sim), headers=AUTH, timeout=5)
    assert time.monotonic() - started >= 0.3
    assert r.json()["status"] == "pending"


def test_injected_faults_come_in_order_then_stop(sim: Simulator) -> None:
    sim.inject_faults(["502", "429", "596", "410", "429body"])
    with requests.Session() as s:
        s.headers.update(AUTH)
        answers = [s.get(job_url(sim), timeout=5) for _ in range(6)]
    assert [r.status_code for r in answers] == [502, 429, 596, 410, 429, 200]
    assert "Retry-After" in answers[1].headers
    assert "Retry-After" not in answers[4].headers and answers[4].json()["retryAfter"].endswith("Z")


def test_unknown_fault_kinds_are_refused(sim: Simulator) -> None:
    with pytest.raises(ValueError, match="boom"):
        sim.inject_faults(["502", "boom"])
    assert set(FAULT_KINDS) >= {"html500", "502", "notjson", "truncated", "reset", "slow", "429", "401", "596"}


def run_with_faults(seed: int) -> list[str]:
    with Simulator(token=DEMO_TOKEN, faults=0.5, seed=seed) as sim, requests.Session() as s:
        sim.slow_seconds = 0.0
        s.headers.update(AUTH)
        return [outcome(s, sim) for _ in range(40)]


def test_random_faults_are_reproducible_with_the_seed() -> None:
    first = run_with_faults(3)
    assert first == run_with_faults(3)
    assert first != run_with_faults(4)
    faulty = [o for o in first if o != "200 dict"]
    assert 8 <= len(faulty) <= 32  # about half
    assert len(set(faulty)) >= 3


def test_faults_hit_job_requests_only() -> None:
    with Simulator(token=DEMO_TOKEN, faults=1.0) as sim:
        assert requests.get(f"{sim.base_url}/accounts", headers=AUTH, timeout=5).status_code == 200

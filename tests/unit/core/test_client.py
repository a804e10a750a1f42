"""The API client against a real local HTTP server: every outcome of a poll, and where the token goes."""

from __future__ import annotations

import os
import socket
import threading
from collections.abc import Callable, Iterator
from datetime import datetime, timedelta, timezone
from email.utils import format_datetime
from pathlib import Path

import pytest
import requests
import requests.adapters
from helpers.httpserver import Reply, ScriptedServer, tls_context

from flowmusic_gui import __version__
from flowmusic_gui.core import client as client_module
from flowmusic_gui.core.client import (
    DEFAULT_API_BASE,
    AccountProblem,
    ApiClient,
    AuthFailed,
    BadBaseUrl,
    Forbidden,
    JobFound,
    NotFound,
    RateLimited,
    Transient,
    normalize_base_url,
    parse_retry_after,
    transport,
)

TOKEN = "tok-5ecret-value-123"
JOBID = "job:56ef7890-aaaa-bbbb-cccc-1234567890ab-user:1234-a.b+c_d-e@mail.example-bot:flowmusic"
ENCODED = (
    "job%3A56ef7890-aaaa-bbbb-cccc-1234567890ab-user%3A1234-a.b%2Bc_d-e%40mail.example-bot%3Aflowmusic"
)
RECORD = {"jobid": JOBID, "status": "pending", "email": "a.b+c_d-e@mail.example"}


@pytest.fixture
def server() -> Iterator[ScriptedServer]:
    with ScriptedServer() as srv:
        yield srv


@pytest.fixture
def other_server() -> Iterator[ScriptedServer]:
    with ScriptedServer() as srv:
        yield srv


@pytest.fixture
def api(server: ScriptedServer) -> Iterator[ApiClient]:
    client = ApiClient(server.url, TOKEN, timeout=(2.0, 2.0))
    yield client
    client.close()


def _answer(server: ScriptedServer, api: ApiClient, reply: Reply) -> client_module.Outcome:
    server.reply(reply)
    return api.get_job(JOBID)


def _assert_no_token(outcome: object) -> None:
    assert TOKEN not in repr(outcome)


# --- normalize_base_url / parse_retry_after -----------------------------------------------------------------


def test_base_url_is_normalized() -> None:
    assert normalize_base_url(" HTTPS://API.Example.com/v1/flowmusic/ ") == "https://api.example.com/v1/flowmusic"
    assert normalize_base_url("http://127.0.0.1:8080") == "http://127.0.0.1:8080"
    assert normalize_base_url(DEFAULT_API_BASE) == DEFAULT_API_BASE


@pytest.mark.parametrize(
    ("url", "problem"),
    [
        ("", "empty"),
        ("ftp://api.example/v1", "http:// or https://"),
        ("api.example/v1", "http:// or https://"),
        ("https:///v1/flowmusic", "no host"),
        ("https://user:pw@api.example/v1", "user name or password"),
        ("https://api.example/v1?x=1", "query"),
        ("https://api.example:99999/v1", "malformed"),
        ("https://api.example/v 1", "spaces"),
    ],
)
def test_bad_base_urls_name_the_problem(url: str, problem: str) -> None:
    with pytest.raises(BadBaseUrl, match=problem) as info:
        normalize_base_url(url)
    assert "pw" not in str(info.value)


def test_client_rejects_a_bad_base_url() -> None:
    with pytest.raises(BadBaseUrl):
        ApiClient("file:///etc/passwd")


NOW = datetime(2026, 6, 3, 12, 0, 0, tzinfo=timezone.utc)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (None, 10.0),
        ("", 10.0),
        ("soon", 10.0),
        ("nan", 10.0),
        ("30", 30.0),
        ("2.5", 2.5),
        ("0", 1.0),
        ("-5", 1.0),
        ("100000", 900.0),
        ("inf", 900.0),
        (format_datetime(NOW + timedelta(seconds=120), usegmt=True), 120.0),
        (format_datetime(NOW - timedelta(seconds=120), usegmt=True), 1.0),
        (format_datetime(NOW + timedelta(days=1), usegmt=True), 900.0),
        ("Wed, 03 Jun 2026 12:01:00", 60.0),  # no zone: HTTP dates are GMT
    ],
)
def test_retry_after_seconds_and_dates_are_clamped(value: str | None, expected: float) -> None:
    assert parse_retry_after(value, now=NOW) == pytest.approx(expected)


# --- outcomes -------------------------------------------------------------------------------------


def test_a_record_is_returned_verbatim(server: ScriptedServer, api: ApiClient) -> None:
    assert _answer(server, api, Reply(200, json=RECORD)) == JobFound(RECORD)


def test_the_jobid_travels_as_one_encoded_segment(server: ScriptedServer, api: ApiClient) -> None:
    slashy = "job:a/b?c#d"
    server.reply(Reply(200, json=RECORD))
    api.get_job(JOBID)
    api.get_job(slashy)
    assert server.requests[0].path == f"/v1/flowmusic/jobs/{ENCODED}"
    assert "%3A" in server.requests[0].path
    assert "%40" in server.requests[0].path
    assert server.requests[1].path == "/v1/flowmusic/jobs/job%3Aa%2Fb%3Fc%23d"


def test_requests_carry_the_token_user_agent_and_accept(server: ScriptedServer, api: ApiClient) -> None:
    _answer(server, api, Reply(200, json=RECORD))
    headers = server.requests[0].headers
    assert headers["authorization"] == f"Bearer {TOKEN}"
    assert headers["user-agent"].startswith(f"FlowMusicMonitor/{__version__} ")
    assert "python-requests" in headers["user-agent"]
    assert headers["accept"] == "application/json"


def test_a_custom_user_agent_and_a_token_function(server: ScriptedServer) -> None:
    current = ["first-token"]
    client = ApiClient(server.url, lambda: current[0], user_agent="Custom/1.0")
    try:
        client.get_job(JOBID)
        current[0] = "  second-token\n"  # the store hands out the saved token; whitespace is not part of it
        client.get_job(JOBID)
    finally:
        client.close()
    sent = [r.headers["authorization"] for r in server.requests]
    assert sent == ["Bearer first-token", "Bearer second-token"]
    assert server.requests[0].headers["user-agent"] == "Custom/1.0"


def test_set_token_changes_the_token_and_none_sends_none(server: ScriptedServer, api: ApiClient) -> None:
    api.set_token("new-token")
    api.get_job(JOBID)
    api.set_token(None)
    api.get_job(JOBID)
    assert server.requests[0].headers["authorization"] == "Bearer new-token"
    assert "authorization" not in server.requests[1].headers


def test_401_is_an_auth_failure_with_the_server_text(server: ScriptedServer, api: ApiClient) -> None:
    outcome = _answer(server, api, Reply(401, json={"error": "Invalid API token", "code": 401}))
    assert outcome == AuthFailed("the API token was not accepted (401): Invalid API token")


def test_401_without_a_token_says_none_is_set(server: ScriptedServer) -> None:
    server.reply(Reply(401, body=""))
    client = ApiClient(server.url, None)
    try:
        assert client.get_job(JOBID) == AuthFailed("no API token is set (401)")
    finally:
        client.close()


def test_403_and_404(server: ScriptedServer, api: ApiClient) -> None:
    other = {"error": "Job belongs to another account", "code": 403}
    forbidden = _answer(server, api, Reply(403, json=other))
    assert forbidden == Forbidden("forbidden (403): Job belongs to another account")
    not_found = _answer(server, api, Reply(404, body=""))
    assert isinstance(not_found, NotFound)
    assert "expired or never existed" in not_found.message


def test_429_waits_as_long_as_the_server_asks(server: ScriptedServer, api: ApiClient) -> None:
    outcome = _answer(server, api, Reply(429, json={"error": "Slow down"}, headers={"Retry-After": "30"}))
    assert isinstance(outcome, RateLimited)
    assert outcome.retry_after == 30.0
    assert "30 s" in outcome.message
    assert "Slow down" in outcome.message


def test_429_with_an_http_date_and_without_a_header(server: ScriptedServer, api: ApiClient) -> None:
    when = format_datetime(datetime.now(timezone.utc) + timedelta(seconds=120), usegmt=True)
    dated = _answer(server, api, Reply(429, headers={"Retry-After": when}))
    assert isinstance(dated, RateLimited)
    assert 115 <= dated.retry_after <= 121
    bare = _answer(server, api, Reply(429))
    assert isinstance(bare, RateLimited)
    assert bare.retry_after == 10.0
    huge = _answer(server, api, Reply(429, headers={"Retry-After": "86400"}))
    assert isinstance(huge, RateLimited)
    assert huge.retry_after == 900.0


@pytest.mark.parametrize(
    ("reply", "expected"),
    [
        (Reply(502, body="Bad gateway"), Transient("server error 502: Bad gateway", 502)),
        (
            # An account problem (still a Transient, so older callers back off), naming the jobid's account.
            Reply(596, json={"error": "Account is in error state", "code": 596}),
            AccountProblem(
                "the account a.b+c_d-e@mail.example is in an error state (596): Account is in error state; "
                "re-add the account at useapi.net; retrying will not clear it",
                596,
                "a.b+c_d-e@mail.example",
            ),
        ),
        (Reply(500, body=""), Transient("server error 500", 500)),
        (Reply(418, json={"error": "I'm a teapot"}), Transient("unexpected answer 418: I'm a teapot", 418)),
        (
            Reply(503, body="<html><head><title>503 Service Unavailable</title></head></html>"),
            Transient("server error 503: 503 Service Unavailable", 503),
        ),
        (
            Reply(200, json=[RECORD]),
            Transient("the server answered 200 but not with a job record (JSON a list)", 200),
        ),
        (
            Reply(200, json="pending"),
            Transient("the server answered 200 but not with a job record (JSON a string)", 200),
        ),
        (
            Reply(200, body="<html>maintenance</html>"),
            Transient("the server answered 200 but not with JSON: maintenance", 200),
        ),
        (Reply(200, body=""), Transient("the server answered 200 but not with JSON (empty answer)", 200)),
    ],
)
def test_transient_answers_keep_status_and_server_text(
    server: ScriptedServer, api: ApiClient, reply: Reply, expected: Transient
) -> None:
    assert _answer(server, api, reply) == expected


def test_server_text_is_cut_short_and_stripped_of_control_characters(
    server: ScriptedServer, api: ApiClient
) -> None:
    noisy = "line one\r\n\x1b[31mred\x1b[0m\u202eevil\t" + "x" * 1000
    outcome = _answer(server, api, Reply(500, body=noisy))
    assert isinstance(outcome, Transient)
    assert outcome.message.startswith("server error 500: line one [31mred [0m evil x")
    assert not any(ord(ch) < 32 or ch == "\u202e" for ch in outcome.message)
    assert len(outcome.message) < 250


def test_a_token_echoed_by_the_server_is_redacted(server: ScriptedServer, api: ApiClient) -> None:
    outcome = _answer(server, api, Reply(500, json={"error": f"bad token {TOKEN} here"}))
    assert outcome == Transient("server error 500: bad token [token] here", 500)
    outcome = _answer(server, api, Reply(401, json={"error": f"unknown {TOKEN}"}))
    assert outcome == AuthFailed("the API token was not accepted (401): unknown [token]")


def test_a_huge_body_is_not_read_into_memory(
    server: ScriptedServer, api: ApiClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(transport, "MAX_BODY_BYTES", 1024 * 1024)
    outcome = _answer(server, api, Reply(200, body=b"{" + b" " * (3 * 1024 * 1024) + b"}"))
    assert outcome == Transient("the answer (200) was larger than 1 MB and was not read", 200)


def test_a_token_that_cannot_be_sent_is_an_auth_failure(server: ScriptedServer, api: ApiClient) -> None:
    api.set_token("two words")
    outcome = api.get_job(JOBID)
    assert isinstance(outcome, AuthFailed)
    assert "cannot be sent" in outcome.message
    assert "two words" not in outcome.message
    assert server.requests == []


# --- network trouble ------------------------------------------------------------------------------


def test_a_refused_connection() -> None:
    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    client = ApiClient(f"http://127.0.0.1:{port}/v1/flowmusic", TOKEN, timeout=(2.0, 2.0))
    try:
        outcome = client.get_job(JOBID)
    finally:
        client.close()
    assert outcome == Transient(f"could not connect to 127.0.0.1:{port}: connection refused", None)


def test_a_reset_connection(server: ScriptedServer, api: ApiClient) -> None:
    outcome = _answer(server, api, Reply(reset=True))
    where = f"127.0.0.1:{server.port}"
    assert outcome == Transient(f"connection to {where} failed: the connection was reset", None)


def test_a_server_that_closes_without_answering(server: ScriptedServer, api: ApiClient) -> None:
    outcome = _answer(server, api, Reply(close=True))
    where = f"127.0.0.1:{server.port}"
    expected = f"connection to {where} failed: the server closed the connection without answering"
    assert outcome == Transient(expected, None)


def test_a_slow_answer_times_out(server: ScriptedServer) -> None:
    server.reply(Reply(hang=True))
    client = ApiClient(server.url, TOKEN, timeout=(2.0, 0.3))
    try:
        outcome = client.get_job(JOBID)
    finally:
        client.close()
    assert outcome == Transient("timed out after 0.3 s waiting for the server", None)


def test_a_body_that_stalls_times_out(server: ScriptedServer) -> None:
    server.reply(Reply(200, json=RECORD, hang_body=True))
    client = ApiClient(server.url, TOKEN, timeout=(2.0, 0.3))
    try:
        outcome = client.get_job(JOBID)
    finally:
        client.close()
    assert outcome == Transient("timed out after 0.3 s waiting for the server", None)


# --- where the token goes -------------------------------------------------------------------------


def test_a_redirect_is_not_followed_and_the_token_stays_home(
    server: ScriptedServer, other_server: ScriptedServer, api: ApiClient
) -> None:
    target = f"{other_server.origin}/steal?token={TOKEN}&q=secret-query"
    server.reply(Reply(302, headers={"Location": target}))
    outcome = api.get_job(JOBID)
    assert outcome == Transient(f"unexpected redirect (302) to 127.0.0.1:{other_server.port}", 302)
    assert "secret-query" not in outcome.message
    assert all("authorization" not in seen.headers for seen in other_server.requests)
    assert other_server.requests == []


def test_a_relative_redirect_is_not_followed_either(server: ScriptedServer, api: ApiClient) -> None:
    outcome = _answer(server, api, Reply(307, headers={"Location": "/elsewhere"}))
    assert outcome == Transient(f"unexpected redirect (307) to 127.0.0.1:{server.port}", 307)
    assert len(server.requests) == 1


def test_the_token_is_only_attached_to_the_api_origin(
    server: ScriptedServer, other_server: ScriptedServer, api: ApiClient
) -> None:
    # The auth object is the last line of defence should any code path send a request elsewhere.
    with requests.Session() as session:
        session.get(other_server.url, auth=api._auth(TOKEN), timeout=2).close()
        session.get(server.url, auth=api._auth(TOKEN), timeout=2).close()
    assert "authorization" not in other_server.requests[0].headers
    assert server.requests[0].headers["authorization"] == f"Bearer {TOKEN}"


def _write_netrc(home: Path) -> None:
    netrc = home / ".netrc"
    netrc.write_text("machine 127.0.0.1 login x password y\n")
    netrc.chmod(0o600)


def test_netrc_does_not_replace_the_bearer_token(server: ScriptedServer, api: ApiClient) -> None:
    _write_netrc(Path(os.environ["HOME"]))
    with requests.Session() as plain:  # proves the netrc entry is live: a plain session would send it
        plain.get(server.url, timeout=2).close()
    assert server.requests[0].headers["authorization"].startswith("Basic ")
    api.get_job(JOBID)
    assert server.requests[1].headers["authorization"] == f"Bearer {TOKEN}"
    assert api.check_token().ok
    assert server.requests[2].headers["authorization"] == f"Bearer {TOKEN}"


def test_netrc_is_not_used_when_no_token_is_set(server: ScriptedServer) -> None:
    _write_netrc(Path(os.environ["HOME"]))
    client = ApiClient(server.url, None)
    try:
        client.get_job(JOBID)
    finally:
        client.close()
    assert "authorization" not in server.requests[0].headers


# --- check_token ----------------------------------------------------------------------------------


def test_check_token_asks_accounts(server: ScriptedServer, api: ApiClient) -> None:
    server.reply(Reply(200, json={"accounts": {}}))
    check = api.check_token()
    assert check.ok
    assert check.status == 200
    assert server.requests[0].path == "/v1/flowmusic/accounts"
    assert server.requests[0].headers["authorization"] == f"Bearer {TOKEN}"


def test_check_token_reports_a_rejected_token(server: ScriptedServer, api: ApiClient) -> None:
    server.reply(Reply(401, json={"error": "Invalid API token"}))
    check = api.check_token()
    assert not check.ok
    assert check.status == 401
    assert check.message == "the API token was not accepted (401): Invalid API token"


def test_check_token_reports_other_problems(server: ScriptedServer, api: ApiClient) -> None:
    server.reply(Reply(503, body="down for maintenance"))
    check = api.check_token()
    assert (check.ok, check.status) == (False, 503)
    assert check.message == "could not check the token: server error 503: down for maintenance"
    server.reply(Reply(hang=True))
    api2 = ApiClient(server.url, TOKEN, timeout=(1.0, 0.3))
    try:
        check = api2.check_token()
    finally:
        api2.close()
    assert check.ok is False
    assert check.status is None
    assert "timed out after 0.3 s" in check.message


def test_check_token_without_a_token_asks_nobody(server: ScriptedServer) -> None:
    client = ApiClient(server.url, "   ")
    try:
        check = client.check_token()
    finally:
        client.close()
    assert check.ok is False
    assert check.message == "no API token is set"
    assert server.requests == []


# --- threads and sessions -------------------------------------------------------------------------


def _in_thread(fn: Callable[[], object]) -> None:
    worker = threading.Thread(target=fn)
    worker.start()
    worker.join(5)
    assert not worker.is_alive()


def test_each_thread_keeps_its_own_session(server: ScriptedServer, api: ApiClient) -> None:
    # Connections are kept alive per session, so the port a request comes from tells the sessions apart.
    server.reply(Reply(200, json=RECORD))
    barrier = threading.Barrier(2, timeout=5)
    results: list[object] = []

    def poll_twice() -> None:
        results.append(api.get_job(JOBID))
        barrier.wait()  # both threads hold an open connection before either polls again
        results.append(api.get_job(JOBID))

    threads = [threading.Thread(target=poll_twice) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(5)
    assert results == [JobFound(RECORD)] * 4
    ports = [seen.client_port for seen in server.requests]
    assert len(set(ports)) == 2, ports  # two sessions, each reusing its one connection
    assert len(api._sessions) == 2


def test_close_closes_every_session_and_the_client_still_works(
    server: ScriptedServer, api: ApiClient
) -> None:
    server.reply(Reply(200, json=RECORD))
    api.get_job(JOBID)
    _in_thread(lambda: api.get_job(JOBID))
    sessions = list(api._sessions)
    assert len(sessions) == 2
    api.close()
    assert api._sessions == []
    adapters = [a for s in sessions for a in s.adapters.values() if isinstance(a, requests.adapters.HTTPAdapter)]
    assert adapters
    assert all(len(a.poolmanager.pools) == 0 for a in adapters)  # no connection left open
    assert api.get_job(JOBID) == JobFound(RECORD)
    api.close()
    api.close()  # idempotent


def test_proxies_from_the_environment_are_used(monkeypatch: pytest.MonkeyPatch) -> None:
    # The environment is read once per session (not per request), and must still be honoured.
    with ScriptedServer() as proxy:
        proxy.reply(Reply(200, json={"jobid": "x", "status": "pending"}))
        monkeypatch.setenv("HTTP_PROXY", proxy.origin)
        monkeypatch.delenv("NO_PROXY", raising=False)
        monkeypatch.delenv("no_proxy", raising=False)
        c = ApiClient("http://api.example.invalid/v1/flowmusic", "tok")
        try:
            assert isinstance(c.get_job("job:abc"), JobFound)
        finally:
            c.close()
        assert proxy.requests[0].path.startswith("http://api.example.invalid/v1/flowmusic/jobs/job%3Aabc")


def test_no_proxy_is_honoured(monkeypatch: pytest.MonkeyPatch) -> None:
    with ScriptedServer() as api:
        api.reply(Reply(200, json={"jobid": "x", "status": "pending"}))
        monkeypatch.setenv("HTTP_PROXY", "http://127.0.0.1:9")  # nothing listens there
        monkeypatch.setenv("NO_PROXY", "127.0.0.1")
        c = ApiClient(api.url, "tok")
        try:
            assert isinstance(c.get_job("job:abc"), JobFound)
        finally:
            c.close()


@pytest.fixture
def tls_server(tmp_path: Path) -> Iterator[tuple[ScriptedServer, Path]]:
    """An HTTPS server whose certificate comes from a private CA; yields it and the CA's certificate file."""
    context, ca_file = tls_context(tmp_path)
    with ScriptedServer(tls=context) as srv:
        yield srv, ca_file


def test_a_certificate_problem_is_named_with_its_fix_and_retried_slowly(
    tls_server: tuple[ScriptedServer, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    srv, ca_file = tls_server
    srv.reply(Reply(200, json=RECORD))
    monkeypatch.delenv("REQUESTS_CA_BUNDLE", raising=False)
    monkeypatch.delenv("CURL_CA_BUNDLE", raising=False)
    api = ApiClient(srv.url, token=TOKEN)
    try:
        outcome = api.get_job(JOBID)
    finally:
        api.close()
    assert isinstance(outcome, Transient) and outcome.retry_slowly
    assert "certificate of 127.0.0.1" in outcome.message and "REQUESTS_CA_BUNDLE" in outcome.message
    # The fix the message names works.
    monkeypatch.setenv("REQUESTS_CA_BUNDLE", str(ca_file))
    api = ApiClient(srv.url, token=TOKEN)
    try:
        assert api.get_job(JOBID) == JobFound(RECORD)
    finally:
        api.close()


def test_other_transient_problems_are_retried_at_the_usual_pace(server: ScriptedServer, api: ApiClient) -> None:
    outcome = _answer(server, api, Reply(503))
    assert isinstance(outcome, Transient) and not outcome.retry_slowly

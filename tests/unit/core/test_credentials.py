"""Token storage: precedence, keyring trouble (missing, broken, hanging), and never a token in a file or a message."""

from __future__ import annotations

import importlib.util
import os
import shutil
import signal
import subprocess
import sys
import textwrap
import time
from collections.abc import Iterator
from pathlib import Path

import keyring
import keyring.backends.fail
import keyring.errors
import pytest
from helpers.keyrings import (
    HangingKeyring,
    LowPriorityKeyring,
    MemoryKeyring,
    RaisingKeyring,
    UnavailableKeyring,
    chainer,
    plaintext_keyring,
)

from flowmusic_gui.core.credentials import (
    ENV_VAR,
    KEYRING_TOKEN,
    SERVICE,
    USERNAME,
    CredentialError,
    TokenLookup,
    TokenSource,
    TokenStore,
    no_token_message,
)

TOKEN = "tok-9f8e7d6c5b4a"
KEY = (SERVICE, USERNAME)


@pytest.fixture
def memory() -> MemoryKeyring:
    return MemoryKeyring()


@pytest.fixture
def hanging() -> Iterator[HangingKeyring]:
    backend = HangingKeyring()
    yield backend
    backend.release.set()  # let the stuck keyring thread finish


def _files_under(root: Path) -> Iterator[Path]:
    # os.walk, not rglob: the keyring daemon removes its socket folder under ~/.cache as it exits, which may be
    # while we walk, and os.walk passes over folders that vanish.
    for folder, _dirs, files in os.walk(root):
        for name in files:
            path = Path(folder) / name
            if path.is_file():
                yield path


def _assert_token_in_no_file(token: str) -> None:
    home = Path(os.environ["HOME"])
    for path in _files_under(home):
        try:
            data = path.read_bytes()
        except FileNotFoundError:  # gone since it was listed (the daemon's files as it exits)
            continue
        assert token.encode() not in data, path


# --- precedence -----------------------------------------------------------------------------------------------


def test_the_environment_variable_wins(memory: MemoryKeyring) -> None:
    memory.secrets[KEY] = "from-keyring"
    store = TokenStore(environ={ENV_VAR: f"  {TOKEN}\n"}, backend=memory)
    store.save("other")
    found = store.lookup()
    assert (found.token, found.source) == (TOKEN, TokenSource.ENV)
    assert found.message == f"from the {ENV_VAR} environment variable"


def test_an_empty_environment_variable_is_ignored(memory: MemoryKeyring) -> None:
    memory.secrets[KEY] = TOKEN
    found = TokenStore(environ={ENV_VAR: "  "}, backend=memory).lookup()
    assert (found.token, found.source) == (TOKEN, TokenSource.KEYRING)


def test_a_malformed_environment_variable_is_reported_not_used(memory: MemoryKeyring) -> None:
    memory.secrets[KEY] = "from-keyring"
    found = TokenStore(environ={ENV_VAR: "abc\ndef"}, backend=memory).lookup()
    assert (found.token, found.source) == (None, TokenSource.ENV)
    assert found.message == f"the {ENV_VAR} environment variable contains a line break: fix or unset it"
    assert "abc" not in found.message
    assert no_token_message(found) == (
        f"A token is set but cannot be used: the {ENV_VAR} environment variable contains a line break. "
        f"To go on, fix or unset {ENV_VAR}."
    )


def test_no_token_message_says_none_is_set_and_why() -> None:
    assert no_token_message(TokenLookup(None, TokenSource.NONE, "no API token is set")) == "No API token is set."
    broken = TokenLookup(None, TokenSource.NONE, "no API token is set (x)", problem=f"{KEYRING_TOKEN} contains a space")
    assert no_token_message(broken).endswith("contains a space. To go on, save a working one.")


def test_the_keyring_comes_before_the_session(memory: MemoryKeyring) -> None:
    store = TokenStore(environ={}, backend=memory)
    store._session = "session-token"
    memory.secrets[KEY] = TOKEN
    found = store.lookup()
    assert (found.token, found.source, found.message) == (TOKEN, TokenSource.KEYRING, "from the system keyring")


def test_the_real_environment_is_read_by_default(memory: MemoryKeyring, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(ENV_VAR, TOKEN)
    assert TokenStore(backend=memory).lookup().source is TokenSource.ENV
    monkeypatch.delenv(ENV_VAR)
    assert TokenStore(backend=memory).lookup().source is TokenSource.NONE


def test_the_default_backend_is_keyrings_choice(memory: MemoryKeyring, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(keyring, "get_keyring", lambda: memory)
    store = TokenStore(environ={})
    assert store.save(TOKEN).source is TokenSource.KEYRING
    assert memory.secrets[KEY] == TOKEN


# --- save, lookup, clear with a working keyring ---------------------------------------------------------------


def test_save_lookup_clear_with_the_keyring(memory: MemoryKeyring) -> None:
    store = TokenStore(environ={}, backend=memory)
    assert store.keyring_usable() == (True, "the system keyring (keyrings MemoryKeyring)")
    saved = store.save(f"\t{TOKEN}  \n")
    assert (saved.token, saved.source, saved.message) == (TOKEN, TokenSource.KEYRING, "saved in the system keyring")
    assert memory.secrets[KEY] == TOKEN
    # another store (another process, in real life) finds it
    found = TokenStore(environ={}, backend=memory).lookup()
    assert (found.token, found.source) == (TOKEN, TokenSource.KEYRING)
    store.clear()
    assert KEY not in memory.secrets
    gone = store.lookup()
    assert (gone.token, gone.source, gone.message) == (None, TokenSource.NONE, "no API token is set")
    store.clear()  # clearing twice is fine
    _assert_token_in_no_file(TOKEN)


def test_save_says_when_the_environment_variable_overrides(memory: MemoryKeyring) -> None:
    store = TokenStore(environ={ENV_VAR: "env-token"}, backend=memory)
    saved = store.save(TOKEN)
    assert saved.source is TokenSource.KEYRING
    assert saved.message == f"saved in the system keyring; {ENV_VAR} is set and is used instead"


def test_save_says_a_malformed_environment_variable_still_stands_in_the_way(memory: MemoryKeyring) -> None:
    store = TokenStore(environ={ENV_VAR: "env token"}, backend=memory)
    saved = store.save(TOKEN)
    assert (saved.token, saved.source) == (TOKEN, TokenSource.KEYRING)
    assert "is used instead" not in saved.message
    assert saved.message == (
        f"saved in the system keyring; the {ENV_VAR} environment variable contains a space and takes precedence "
        f"at the next start: fix or unset it"
    )


def test_clear_leaves_the_environment_variable_and_says_so(memory: MemoryKeyring) -> None:
    environ = {ENV_VAR: "env-token"}
    store = TokenStore(environ=environ, backend=memory)
    store.save(TOKEN)
    store.clear()
    assert KEY not in memory.secrets
    found = store.lookup()
    assert (found.token, found.source) == ("env-token", TokenSource.ENV)
    assert "does not unset it" in found.message
    assert environ == {ENV_VAR: "env-token"}


@pytest.mark.parametrize(
    ("token", "problem"),
    [
        ("", "the token is empty"),
        ("   \n\t", "the token is empty"),
        ("abc\ndef", "the token contains a line break"),
        ("abc\rdef", "the token contains a line break"),
        ("abc def", "the token contains a space"),
        ("abc\x00def", "the token contains a control character"),
        ("abc\x1bdef", "the token contains a control character"),
        ("tökén", "the token contains a character that is not plain ASCII"),
        ("x" * 5000, "the token is too long (5000 characters)"),
    ],
)
def test_bad_tokens_are_refused_without_echoing_them(memory: MemoryKeyring, token: str, problem: str) -> None:
    store = TokenStore(environ={}, backend=memory)
    with pytest.raises(CredentialError) as info:
        store.save(token)
    assert str(info.value) == problem
    assert memory.secrets == {}


def test_a_lookup_never_shows_its_token() -> None:
    lookup = TokenLookup(TOKEN, TokenSource.KEYRING, "from the system keyring")
    assert TOKEN not in repr(lookup)
    assert TOKEN not in str(lookup)
    assert TOKEN not in f"{lookup}"
    assert "<hidden>" in repr(lookup)
    assert "token=None" in repr(TokenLookup(None, TokenSource.NONE, "no API token is set"))


def test_a_blank_or_broken_keyring_entry_is_not_used(memory: MemoryKeyring) -> None:
    memory.secrets[KEY] = "   "
    assert TokenStore(environ={}, backend=memory).lookup().source is TokenSource.NONE
    memory.secrets[KEY] = "abc\ndef"
    found = TokenStore(environ={}, backend=memory).lookup()
    assert found.source is TokenSource.NONE
    assert found.message == "no API token is set (the token saved in the system keyring contains a line break)"
    assert found.problem == "the token saved in the system keyring contains a line break"


# --- no usable keyring: session only --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("backend", "reason"),
    [
        (keyring.backends.fail.Keyring(), "no keyring service was found"),
        (chainer(), "no keyring service was found"),
        (plaintext_keyring(), "keyrings.alt.file.PlaintextKeyring would keep the token in a file"),
        (LowPriorityKeyring(), "helpers.keyrings.LowPriorityKeyring is not a secure system keyring"),
        (
            UnavailableKeyring(),
            "helpers.keyrings.UnavailableKeyring is not available "
            "(RuntimeError: SecretService not available: no D-Bus session)",
        ),
        (chainer(LowPriorityKeyring(), MemoryKeyring()), "is not a secure system keyring"),
    ],
)
def test_without_a_usable_keyring_the_token_is_kept_for_the_session(backend: object, reason: str) -> None:
    store = TokenStore(environ={}, backend=backend)
    usable, why = store.keyring_usable()
    assert usable is False
    assert why.startswith("no usable keyring: ")
    assert reason in why
    saved = store.save(TOKEN)
    assert (saved.token, saved.source) == (TOKEN, TokenSource.SESSION)
    assert saved.message == f"kept for this session only ({why})"
    assert getattr(backend, "secrets", {}) == {}  # nothing went to the unusable backend
    found = store.lookup()
    assert (found.token, found.source) == (TOKEN, TokenSource.SESSION)
    assert found.message.startswith("kept for this session only (no usable keyring: ")
    # a new store (the next run) has no token: the session is over
    assert TokenStore(environ={}, backend=backend).lookup().source is TokenSource.NONE
    store.clear()
    assert store.lookup().source is TokenSource.NONE
    _assert_token_in_no_file(TOKEN)


def test_a_chainer_over_a_real_keyring_is_usable(memory: MemoryKeyring) -> None:
    store = TokenStore(environ={}, backend=chainer(memory, LowPriorityKeyring()))
    assert store.keyring_usable()[0] is True
    assert store.save(TOKEN).source is TokenSource.KEYRING
    assert memory.secrets[KEY] == TOKEN


# --- a broken keyring -----------------------------------------------------------------------------------------


def test_a_locked_keyring_gives_a_clear_message_and_falls_back() -> None:
    backend = RaisingKeyring()  # KeyringLocked on every call
    store = TokenStore(environ={}, backend=backend)
    found = store.lookup()
    assert found.source is TokenSource.NONE
    assert found.message == "no API token is set (the system keyring could not read the token: it is locked)"
    saved = store.save(TOKEN)
    assert (saved.token, saved.source) == (TOKEN, TokenSource.SESSION)
    assert saved.message == "kept for this session only (the system keyring could not save the token: it is locked)"
    assert store.lookup().token == TOKEN
    with pytest.raises(CredentialError, match=r"could not remove the token from the system keyring: .*locked"):
        store.clear()
    assert store.lookup().token is None  # the session copy is gone all the same


@pytest.mark.parametrize(
    "error",
    [
        keyring.errors.PasswordSetError("Failed to store"),
        keyring.errors.InitError("Failed to create the collection: Prompt dismissed."),
        RuntimeError("D-Bus connection lost"),
        ValueError(f"backend echoed {TOKEN}"),
    ],
)
def test_any_backend_error_becomes_a_message(error: Exception) -> None:
    store = TokenStore(environ={}, backend=RaisingKeyring(error))
    saved = store.save(TOKEN)
    assert saved.source is TokenSource.SESSION
    assert f"the system keyring could not save the token: {type(error).__name__}: " in saved.message
    assert TOKEN not in saved.message  # even when the backend puts it in its error


def test_a_failing_delete_is_not_mistaken_for_nothing_to_delete(memory: MemoryKeyring) -> None:
    class StubbornKeyring(MemoryKeyring):
        def delete_password(self, service: str, username: str) -> None:
            raise keyring.errors.PasswordDeleteError("permission denied")

    keyring.backend.KeyringBackend._classes.discard(StubbornKeyring)
    backend = StubbornKeyring()
    backend.secrets[KEY] = TOKEN
    with pytest.raises(CredentialError, match="could not remove the token"):
        TokenStore(environ={}, backend=backend).clear()


# --- a hanging keyring ----------------------------------------------------------------------------------------


def test_a_hanging_keyring_times_out_quickly(hanging: HangingKeyring) -> None:
    store = TokenStore(environ={}, backend=hanging, timeout=0.2)
    started = time.monotonic()
    found = store.lookup()
    elapsed = time.monotonic() - started
    assert elapsed < 1.0
    assert found.source is TokenSource.NONE
    assert found.message == "no API token is set (the system keyring did not answer within 0.2 s)"

    # While it is still stuck, further calls answer at once instead of piling up threads.
    started = time.monotonic()
    saved = store.save(TOKEN)
    assert time.monotonic() - started < 0.1
    assert saved.source is TokenSource.SESSION
    assert "has not answered an earlier request yet" in saved.message
    assert store.keyring_usable()[0] is False
    with pytest.raises(CredentialError, match="has not answered"):
        store.clear()
    assert hanging.waiting == 1

    # Once it answers again, the keyring is used again.
    hanging.release.set()
    deadline = time.monotonic() + 5
    while store._stuck is not None and store._stuck.is_alive() and time.monotonic() < deadline:
        store._stuck.join(0.05)
    assert store.save(TOKEN).source is TokenSource.KEYRING


# --- the real Secret Service ----------------------------------------------------------------------------------

_SECRET_SERVICE_SCRIPT = textwrap.dedent(
    """
    import sys, time
    import secretstorage
    import keyring.backends.SecretService
    from flowmusic_gui.core.credentials import SERVICE, USERNAME, TokenSource, TokenStore

    TOKEN = sys.argv[1]
    conn = secretstorage.dbus_init()
    deadline = time.monotonic() + 10
    while not secretstorage.check_service_availability(conn):
        if time.monotonic() > deadline:
            sys.exit("the Secret Service did not appear on the session bus")
        time.sleep(0.05)
    preferred = None
    try:
        secretstorage.get_default_collection(conn)
    except secretstorage.exceptions.SecretStorageException as exc:
        # Creating a missing default collection needs a prompt nobody can answer here; the in-memory
        # session collection is still the real Secret Service.
        print(f"note: no default collection ({exc}); using the session collection", file=sys.stderr)
        preferred = "/org/freedesktop/secrets/collection/session"

    def make_backend():
        backend = keyring.backends.SecretService.Keyring()
        if preferred:
            backend.preferred_collection = preferred
        return backend

    store = TokenStore(environ={}, backend=make_backend(), timeout=10)
    usable, why = store.keyring_usable()
    assert usable, why
    saved = store.save(f"  {TOKEN}\\n")
    assert saved.source is TokenSource.KEYRING, saved
    again = TokenStore(environ={}, backend=make_backend(), timeout=10)
    found = again.lookup()
    assert (found.token, found.source) == (TOKEN, TokenSource.KEYRING), found
    items = [
        item
        for collection in secretstorage.get_all_collections(conn)
        for item in collection.search_items({"service": SERVICE, "username": USERNAME})
    ]
    assert len(items) == 1 and items[0].get_secret() == TOKEN.encode(), items
    store.clear()
    gone = again.lookup()
    assert (gone.token, gone.source) == (None, TokenSource.NONE), gone
    print("STORED-READ-CLEARED", why)
    """
)


def _secret_service_missing() -> str | None:
    for tool in ("dbus-run-session", "gnome-keyring-daemon"):
        if shutil.which(tool) is None:
            return f"{tool} is not installed (apt install dbus gnome-keyring)"
    if importlib.util.find_spec("secretstorage") is None:
        return "SecretStorage is not installed (pip install SecretStorage)"
    return None


@pytest.mark.keyring
def test_the_real_secret_service_stores_reads_and_clears(tmp_path: Path) -> None:
    missing = _secret_service_missing()
    if missing:
        pytest.skip(missing)
    from helpers.dbus_session import private_session_config

    script = tmp_path / "secret_service_check.py"
    script.write_text(_SECRET_SERVICE_SCRIPT)
    token = "real-keyring-token-4f1c"
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY", "DBUS_SESSION_BUS_ADDRESS")}
    # A non-empty unlock password makes gnome-keyring create and unlock the "login" collection; without a display
    # (removed above, so no prompt can wait forever on Xvfb) nothing else could.
    # The bus activates nothing (the system's session configuration could start an installed keyring of its own):
    # the keyring on it is the one started here.
    command = [
        "dbus-run-session",
        f"--config-file={private_session_config(str(tmp_path))}",
        "--",
        "sh",
        "-c",
        'printf %s test-unlock | gnome-keyring-daemon --unlock --components=secrets >/dev/null && exec "$0" "$@"',
        sys.executable,
        str(script),
        token,
    ]
    proc = subprocess.Popen(
        command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True
    )
    try:
        out, err = proc.communicate(timeout=60)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)  # our own session: dbus-daemon, the keyring daemon, python
        out, err = proc.communicate()
        pytest.fail(f"the Secret Service check hung:\n{out}\n{err}")
    assert proc.returncode == 0, f"{out}\n{err}"
    assert "STORED-READ-CLEARED the system keyring (SecretService Keyring)" in out
    _assert_token_in_no_file(token)

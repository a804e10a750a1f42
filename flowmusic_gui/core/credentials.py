"""Where the API token lives: FLOWMUSIC_API_TOKEN, else the OS keyring, else memory for this session only.

Every keyring call runs on a daemon thread with a time limit (D-Bus can hang), and the token never goes to a file.
"""

from __future__ import annotations

import os
import re
import threading
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from enum import Enum
from typing import Any, TypeVar

import keyring
import keyring.backends.chainer
import keyring.backends.fail
import keyring.errors

SERVICE = "flowmusic-gui"
USERNAME = "api-token"
ENV_VAR = "FLOWMUSIC_API_TOKEN"

#: Real tokens are far shorter; a longer paste is almost surely something else (a whole response, a file).
MAX_TOKEN_CHARS = 4096

_T = TypeVar("_T")


class TokenSource(str, Enum):
    ENV = "environment"
    KEYRING = "keyring"
    SESSION = "session"
    NONE = "none"


@dataclass(frozen=True, repr=False)
class TokenLookup:
    """The token in effect, where it came from, and a sentence saying so.

    ``problem`` says what is wrong with a token that is set but cannot be used (then ``token`` is None);
    :func:`no_token_message` turns a lookup without a token into the sentence every front end shows.
    """

    token: str | None
    source: TokenSource
    message: str
    problem: str = ""

    def __repr__(self) -> str:
        shown = "<hidden>" if self.token else None
        return f"TokenLookup(token={shown}, source={self.source.value!r}, message={self.message!r})"


KEYRING_TOKEN = "the token saved in the system keyring"


def no_token_message(lookup: TokenLookup) -> str:
    """The sentence the window's banner, ``flowmusic watch`` and ``flowmusic token status`` all give when there is
    no token to send: what is wrong with the one that is set, or that none is (and why, when a keyring failed)."""
    if lookup.problem:
        fix = f"fix or unset {ENV_VAR}" if lookup.source is TokenSource.ENV else "save a working one"
        return f"A token is set but cannot be used: {lookup.problem}. To go on, {fix}."
    message = lookup.message or "no API token is set"
    return f"{message[:1].upper()}{message[1:]}."


class CredentialError(Exception):
    """A token was refused, or the keyring failed; the message says which and why, never the token."""


def _clean(token: str, what: str = "the token") -> str:
    """The token without surrounding whitespace, or CredentialError naming what is wrong with it."""
    text = token.strip()
    if not text:
        raise CredentialError(f"{what} is empty")
    if len(text) > MAX_TOKEN_CHARS:
        raise CredentialError(f"{what} is too long ({len(text)} characters)")
    for ch in text:
        if ch in "\r\n":
            raise CredentialError(f"{what} contains a line break")
        if ch.isspace():
            raise CredentialError(f"{what} contains a space")
        if ord(ch) < 0x20 or ord(ch) == 0x7F:
            raise CredentialError(f"{what} contains a control character")
        if ord(ch) > 0x7E:  # HTTP headers carry ASCII; anything else cannot be sent as a Bearer token
            raise CredentialError(f"{what} contains a character that is not plain ASCII")
    return text


def _backend_name(backend: object) -> str:
    """keyring's display name, e.g. "SecretService Keyring"."""
    name = getattr(type(backend), "name", None)
    return name if isinstance(name, str) and name else type(backend).__name__


def _backend_id(backend: object) -> str:
    """The backend's full class path, which is what a user needs to look it up or configure it."""
    cls = type(backend)
    return f"{cls.__module__}.{cls.__qualname__}"


_WHITESPACE = re.compile(r"\s+")


def _describe(exc: BaseException, secret: str | None) -> str:
    if isinstance(exc, keyring.errors.KeyringLocked):
        return "it is locked"
    text = _WHITESPACE.sub(" ", str(exc)).strip()[:200]
    if secret and secret in text:
        text = text.replace(secret, "[token]")
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__


def _unusable_reason(backend: Any) -> str | None:
    """Why this backend must not hold the token, or None when it is a real system keyring."""
    if backend is None or isinstance(backend, keyring.backends.fail.Keyring):
        return "no keyring service was found"
    if isinstance(backend, keyring.backends.chainer.ChainerBackend):
        chained = list(backend.backends)
        if not chained:
            return "no keyring service was found"
        return _unusable_reason(chained[0])  # the first one takes every write
    name = _backend_id(backend)
    cls: Any = type(backend)
    if cls.__module__.startswith("keyrings.alt") and (
        "Plaintext" in cls.__name__ or "Encrypted" in cls.__name__ or cls.__module__.endswith(".file")
    ):
        return f"{name} would keep the token in a file"
    try:
        priority = float(cls.priority)
    except Exception as exc:  # noqa: BLE001 - a backend reports unavailability by raising anything
        return f"{name} is not available ({_describe(exc, None)})"
    if priority < 1:
        return f"{name} is not a secure system keyring"
    return None


class TokenStore:
    """Reads, saves and clears the API token; safe to call from any thread, never blocks past `timeout`."""

    def __init__(
        self, *, environ: Mapping[str, str] | None = None, backend: object | None = None, timeout: float = 5.0
    ) -> None:
        self._environ: Mapping[str, str] = os.environ if environ is None else environ
        self._backend: Any = backend  # a keyring backend; untyped, as third-party backends are
        self._timeout = timeout
        self._session: str | None = None
        self._cleared = False
        self._lock = threading.Lock()
        self._stuck: threading.Thread | None = None  # a keyring call that outlived its time limit

    # --- public

    def lookup(self) -> TokenLookup:
        """The token in effect: the environment variable, then the keyring, then this session's."""
        env = self._environ.get(ENV_VAR)
        if env is not None and env.strip():
            try:
                token = _clean(env, f"the {ENV_VAR} environment variable")
            except CredentialError as exc:
                return TokenLookup(None, TokenSource.ENV, f"{exc}: fix or unset it", problem=str(exc))
            message = f"from the {ENV_VAR} environment variable"
            if self._cleared:
                message += " (clearing the saved token does not unset it)"
            return TokenLookup(token, TokenSource.ENV, message)

        usable, note, _ = self._status()
        problem = ""
        if usable:
            try:
                stored = self._call("read the token", lambda: self._keyring().get_password(SERVICE, USERNAME))
            except CredentialError as exc:
                note = str(exc)
            else:
                if isinstance(stored, str) and stored.strip():
                    try:
                        clean = _clean(stored, KEYRING_TOKEN)
                    except CredentialError as exc:
                        note = problem = str(exc)
                    else:
                        return TokenLookup(clean, TokenSource.KEYRING, "from the system keyring")
                else:
                    note = ""
        session = self._session
        if session is not None:
            suffix = f" ({note})" if note else ""
            return TokenLookup(session, TokenSource.SESSION, f"kept for this session only{suffix}")
        suffix = f" ({note})" if note else ""
        return TokenLookup(None, TokenSource.NONE, f"no API token is set{suffix}", problem=problem)

    def keyring_usable(self) -> tuple[bool, str]:
        """Whether a real system keyring can hold the token, and a sentence saying which or why not."""
        usable, message, _ = self._status()
        return usable, message

    def save(self, token: str) -> TokenLookup:
        """Keep the token in the keyring if one is usable, else in memory for this session (the message says so).

        Raises CredentialError for an empty or malformed token; keyring trouble falls back to the session.
        """
        clean = _clean(token)
        usable, note, _ = self._status()
        if usable:
            try:
                self._call(
                    "save the token",
                    lambda: self._keyring().set_password(SERVICE, USERNAME, clean),
                    secret=clean,
                )
            except CredentialError as exc:
                note = str(exc)
            else:
                self._session = None
                self._cleared = False
                return TokenLookup(clean, TokenSource.KEYRING, self._env_note("saved in the system keyring"))
        self._session = clean
        self._cleared = False
        return TokenLookup(clean, TokenSource.SESSION, self._env_note(f"kept for this session only ({note})"))

    def clear(self) -> None:
        """Forget the session token and remove the keyring's; the environment variable is left alone.

        Raises CredentialError when the keyring may still hold the token (it failed or did not answer).
        """
        self._session = None
        self._cleared = True
        usable, note, failed = self._status()
        if failed:
            raise CredentialError(f"could not remove the token from the system keyring: {note}")
        if not usable:
            return  # no keyring: nothing was ever stored there
        try:
            self._call("remove the token", self._delete)
        except CredentialError as exc:
            raise CredentialError(f"could not remove the token from the system keyring: {exc}") from None

    # --- internals

    def _env_note(self, message: str) -> str:
        env = self._environ.get(ENV_VAR)
        if env is not None and env.strip():
            try:
                _clean(env, f"the {ENV_VAR} environment variable")
            except CredentialError as exc:
                # Not used, but lookup() still stops at it: the saved token works only until the next start.
                return f"{message}; {exc} and takes precedence at the next start: fix or unset it"
            return f"{message}; {ENV_VAR} is set and is used instead"
        return message

    def _keyring(self) -> Any:
        if self._backend is None:
            self._backend = keyring.get_keyring()
        return self._backend

    def _delete(self) -> None:
        backend = self._keyring()
        try:
            backend.delete_password(SERVICE, USERNAME)
        except keyring.errors.PasswordDeleteError:
            # Most backends say this when there was nothing to delete; make sure that is all it meant.
            if backend.get_password(SERVICE, USERNAME) is not None:
                raise

    def _status(self) -> tuple[bool, str, bool]:
        """(usable, a sentence, failed): failed means the keyring broke or hung, not that there is none."""
        try:
            reason = self._call("start", lambda: _unusable_reason(self._keyring()))
        except CredentialError as exc:
            return False, str(exc), True
        if reason is not None:
            return False, f"no usable keyring: {reason}", False
        return True, f"the system keyring ({_backend_name(self._backend)})", False

    def _call(self, what: str, fn: Callable[[], _T], secret: str | None = None) -> _T:
        """fn() on a daemon thread, bounded by the timeout; CredentialError for any failure or delay."""
        with self._lock:
            stuck = self._stuck
            if stuck is not None and stuck.is_alive():
                # Do not pile up threads behind a keyring that stopped answering.
                raise CredentialError("the system keyring has not answered an earlier request yet")
            self._stuck = None

        done = threading.Event()
        result: list[_T] = []
        failure: list[BaseException] = []

        def run() -> None:
            try:
                result.append(fn())
            except Exception as exc:  # noqa: BLE001 - every backend failure becomes a message below
                failure.append(exc)
            finally:
                done.set()

        worker = threading.Thread(target=run, name="flowmusic-keyring", daemon=True)
        worker.start()
        if not done.wait(self._timeout):
            with self._lock:
                self._stuck = worker
            raise CredentialError(f"the system keyring did not answer within {self._timeout:g} s")
        if failure:
            raise CredentialError(f"the system keyring could not {what}: {_describe(failure[0], secret)}")
        return result[0]

"""Keyring backends for tests: in memory, broken, hanging, plaintext-like; none of them joins keyring's registry.

keyring registers every KeyringBackend subclass globally, and keyring.get_keyring() picks the highest priority
one; a test backend left registered could become "the system keyring" for an unrelated test. So each class here
is taken out of the registry as soon as it is made.
"""

from __future__ import annotations

import threading
from typing import Any, TypeVar

import keyring.backend
import keyring.backends.chainer
import keyring.errors
from keyring.compat import properties

_C = TypeVar("_C", bound=type)

#: A hanging backend gives up after this long even if nobody releases it, so no test run can wedge.
HANG_LIMIT_S = 30.0


def _unregistered(cls: _C) -> _C:
    keyring.backend.KeyringBackend._classes.discard(cls)
    return cls


@_unregistered
class MemoryKeyring(keyring.backend.KeyringBackend):
    """A real (priority 1) keyring that keeps its secrets in a dict, and counts calls."""

    priority: float = 1

    def __init__(self) -> None:
        super().__init__()
        self.secrets: dict[tuple[str, str], str] = {}
        self.calls: list[str] = []

    def get_password(self, service: str, username: str) -> str | None:
        self.calls.append("get")
        return self.secrets.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.calls.append("set")
        self.secrets[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        self.calls.append("delete")
        if self.secrets.pop((service, username), None) is None:
            raise keyring.errors.PasswordDeleteError("No such password!")


@_unregistered
class RaisingKeyring(MemoryKeyring):
    """Every call raises `error` (a KeyringError by default); the secrets dict still shows what is stored."""

    def __init__(self, error: BaseException | None = None) -> None:
        super().__init__()
        self.error = error if error is not None else keyring.errors.KeyringLocked("Keyring is locked")

    def get_password(self, service: str, username: str) -> str | None:
        self.calls.append("get")
        raise self.error

    def set_password(self, service: str, username: str, password: str) -> None:
        self.calls.append("set")
        raise self.error

    def delete_password(self, service: str, username: str) -> None:
        self.calls.append("delete")
        raise self.error


@_unregistered
class HangingKeyring(MemoryKeyring):
    """Like a D-Bus keyring that stopped answering: every call blocks until `release` is set."""

    def __init__(self) -> None:
        super().__init__()
        self.release = threading.Event()
        self.waiting = 0

    def _hang(self) -> None:
        self.waiting += 1
        self.release.wait(HANG_LIMIT_S)

    def get_password(self, service: str, username: str) -> str | None:
        self._hang()
        return super().get_password(service, username)

    def set_password(self, service: str, username: str, password: str) -> None:
        self._hang()
        super().set_password(service, username, password)

    def delete_password(self, service: str, username: str) -> None:
        self._hang()
        super().delete_password(service, username)


@_unregistered
class LowPriorityKeyring(MemoryKeyring):
    """Works, but says it is no proper system keyring (priority below 1)."""

    priority = 0.5


@_unregistered
class UnavailableKeyring(MemoryKeyring):
    """Raises from `priority`, which is how a backend says it cannot work here."""

    @properties.classproperty
    def priority(cls) -> float:
        raise RuntimeError("SecretService not available: no D-Bus session")


def plaintext_keyring() -> MemoryKeyring:
    """A stand-in for keyrings.alt's PlaintextKeyring (not installed here): same module and class name."""
    cls: Any = type("PlaintextKeyring", (MemoryKeyring,), {"__module__": "keyrings.alt.file", "priority": 0.5})
    _unregistered(cls)
    backend: MemoryKeyring = cls()
    return backend


def chainer(*backends: keyring.backend.KeyringBackend) -> keyring.backends.chainer.ChainerBackend:
    """A ChainerBackend over exactly these backends (the real one discovers them from the registry)."""
    cls: Any = type("FixedChainer", (keyring.backends.chainer.ChainerBackend,), {"backends": list(backends)})
    _unregistered(cls)
    return cls()  # type: ignore[no-any-return]

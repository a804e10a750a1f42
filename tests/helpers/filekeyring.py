"""A keyring backend for command-line tests: a real (priority 1) keyring whose secrets live in a JSON file.

A `flowmusic` process started by a test loads it with PYTHON_KEYRING_BACKEND=helpers.filekeyring.FileKeyring
and finds its file in FLOWMUSIC_TEST_KEYRING; a test reads that file to see what the command really stored.
It stands in for the desktop's Secret Service, which needs a D-Bus session per test.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import keyring.backend
import keyring.errors

ENV = "FLOWMUSIC_TEST_KEYRING"


class FileKeyring(keyring.backend.KeyringBackend):
    priority: float = 1

    def _path(self) -> Path:
        return Path(os.environ[ENV])

    def _load(self) -> dict[str, str]:
        try:
            data = json.loads(self._path().read_text(encoding="utf-8"))
        except FileNotFoundError:
            return {}
        return {str(k): str(v) for k, v in data.items()}

    def _save(self, data: dict[str, str]) -> None:
        self._path().write_text(json.dumps(data), encoding="utf-8")

    def get_password(self, service: str, username: str) -> str | None:
        return self._load().get(f"{service}/{username}")

    def set_password(self, service: str, username: str, password: str) -> None:
        data = self._load()
        data[f"{service}/{username}"] = password
        self._save(data)

    def delete_password(self, service: str, username: str) -> None:
        data = self._load()
        if data.pop(f"{service}/{username}", None) is None:
            raise keyring.errors.PasswordDeleteError("No such password!")
        self._save(data)


# keyring registers every backend class; this one must never become "the system keyring" of the test process.
keyring.backend.KeyringBackend._classes.discard(FileKeyring)

"""What the window needs from the world: the tracker and the token's storage, test and API base.

:class:`AppBackend` is the real wiring (store, API client, tracker, keyring); :class:`DemoBackend` the demo's
(a private data dir, the simulator's token, never the user's keyring). Tests build either over a temp dir.
Everything here that blocks (keyring, HTTP) is meant to be called off the GUI thread.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from collections.abc import Mapping

    from flowmusic_gui.core.client import TokenCheck
    from flowmusic_gui.core.credentials import TokenLookup
    from flowmusic_gui.core.schedule import PolicyConfig
    from flowmusic_gui.core.store import JobStore
    from flowmusic_gui.engine.store_writer import StoreWriter
    from flowmusic_gui.engine.tasks import TaskRunner
    from flowmusic_gui.engine.tracker import Tracker


class Backend(Protocol):
    tracker: Tracker
    runner: TaskRunner
    demo: bool

    def lookup_token(self) -> TokenLookup: ...  # blocking
    def save_token(self, token: str) -> TokenLookup: ...  # blocking
    def use_token(self, token: str | None) -> None: ...  # GUI thread: the one way a token reaches the client
    def check_token(self, token: str) -> TokenCheck: ...  # blocking: GET /accounts with this token
    def api_base(self) -> str: ...
    def set_api_base(self, url: str) -> None: ...  # GUI thread
    def close(self, *, keep_store: bool = False) -> None: ...
    def close_store(self) -> None: ...  # after the runner has stopped, when close() kept it


class AppBackend:
    """Store + client + tracker + keyring, built from plain settings."""

    demo = False

    def __init__(
        self,
        data_dir: Path,
        api_base: str,
        config: PolicyConfig,
        *,
        environ: Mapping[str, str] | None = None,
        keyring_backend: object | None = None,
        runner: TaskRunner,
    ) -> None:
        from flowmusic_gui.core.client import ApiClient
        from flowmusic_gui.core.credentials import TokenStore
        from flowmusic_gui.core.store import JobStore
        from flowmusic_gui.engine.store_writer import StoreWriter
        from flowmusic_gui.engine.tracker import Tracker

        # The app's one runner, from the composition root (which shuts it down).
        self.runner: TaskRunner = runner

        self._base = api_base
        self.store: JobStore | None = JobStore(data_dir / JobStore.FILENAME)
        #: The process's one writer lane: the tracker's changes and the downloads queue's bookkeeping alike.
        self.writer: StoreWriter | None = StoreWriter(self.store, self.runner)
        self.tokens = TokenStore(environ=environ, backend=keyring_backend)
        self._token: str | None = None  # the token in use, set only by use_token (GUI thread)
        self.tracker = Tracker(self.store, ApiClient(api_base), config, runner=self.runner, writer=self.writer)
        #: For the downloads queue (mp3 downloads and the library's clip lists): the same token and API base,
        #: replaced with the base (the queue asks for the current one each time).
        self.download_client = ApiClient(api_base)

    def lookup_token(self) -> TokenLookup:
        return self.tokens.lookup()

    def save_token(self, token: str) -> TokenLookup:
        return self.tokens.save(token)

    def use_token(self, token: str | None) -> None:
        """Poll with this token from the next request on (a client made later for a new base gets it too)."""
        self._token = token
        self.tracker.set_token(token)
        self.download_client.set_token(token)

    def check_token(self, token: str) -> TokenCheck:
        from flowmusic_gui.core.client import ApiClient

        client = ApiClient(self.api_base(), token=token)
        try:
            return client.check_token()
        finally:
            client.close()

    def api_base(self) -> str:
        return self._base

    def set_api_base(self, url: str) -> None:
        from flowmusic_gui.core.client import ApiClient

        self._base = url
        self.tracker.replace_client(ApiClient(url, token=self._token))
        old, self.download_client = self.download_client, ApiClient(url, token=self._token)
        old.close()

    def close(self, *, keep_store: bool = False) -> None:
        """Stop the tracker (its last changes saved) and close the client, and the store unless ``keep_store``:
        the window keeps its one database object open for the downloads still ending, until its runner has
        stopped, then calls :meth:`close_store`."""
        from PySide6.QtCore import QCoreApplication, QEvent

        self.tracker.stop()
        # Answers the poller queued before it stopped still reach the tracker: deliver them now, while the
        # store is open, instead of after it has been closed. (PySide routes queued calls to Python methods
        # through its own receiver object, so this cannot be narrowed to the tracker.)
        QCoreApplication.sendPostedEvents(None, QEvent.Type.MetaCall)
        if not keep_store:
            self.close_store()
        self.download_client.close()

    def close_store(self) -> None:
        """Write what the writer lane still holds, then close the process's one database object (safe twice)."""
        if self.writer is not None:
            self.writer.close()
            self.writer = None
        if self.store is not None:
            self.store.close()
            self.store = None


class DemoBackend(AppBackend):
    """The demo: the simulator's token kept in memory, a private data dir; the keyring is never touched."""

    demo = True

    def __init__(
        self, data_dir: Path, api_base: str, config: PolicyConfig, token: str, *, runner: TaskRunner
    ) -> None:
        super().__init__(data_dir, api_base, config, environ={}, keyring_backend=_NoKeyring(), runner=runner)
        self._demo_token = token

    def lookup_token(self) -> TokenLookup:
        from flowmusic_gui.core.credentials import TokenLookup, TokenSource

        return TokenLookup(self._demo_token, TokenSource.SESSION, "the demo's token")

    def save_token(self, token: str) -> TokenLookup:
        from flowmusic_gui.core.credentials import TokenLookup, TokenSource

        return TokenLookup(token, TokenSource.SESSION, "kept for this demo session only")


class _NoKeyring:
    """A keyring backend that refuses everything: the demo must never reach the user's keyring."""

    priority = 0

    def get_password(self, service: str, username: str) -> str | None:
        return None

    def set_password(self, service: str, username: str, password: str) -> None:
        raise RuntimeError("the demo never stores a token")

    def delete_password(self, service: str, username: str) -> None:
        raise RuntimeError("the demo never stores a token")

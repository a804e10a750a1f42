"""One window per user and data folder: a second ``flowmusic-gui JOBID...`` hands its ids to the running
window over a QLocalSocket and exits, and the running window comes to the front."""

from __future__ import annotations

import contextlib
import getpass
import hashlib
import json
import logging
from pathlib import Path

from PySide6.QtCore import QObject, Signal, Slot
from PySide6.QtNetwork import QLocalServer, QLocalSocket

from flowmusic_gui import APP_ID

log = logging.getLogger(__name__)
MAX_MESSAGE = 4 * 1024 * 1024


def server_name(data_dir: Path) -> str:
    """Per user and per data folder, so a demo or a test never talks to the user's window."""
    try:
        user = getpass.getuser()
    except (KeyError, OSError):
        user = "user"
    digest = hashlib.sha256(str(data_dir.resolve()).encode()).hexdigest()[:10]
    return f"{APP_ID}-{user}-{digest}"


def hand_off(name: str, jobids: list[str], timeout_ms: int = 2000) -> bool:
    """Send ``jobids`` to a running instance; True if one took them (then this process should exit)."""
    sock = QLocalSocket()
    sock.connectToServer(name)
    if not sock.waitForConnected(timeout_ms):
        return False
    sock.write((json.dumps({"jobids": jobids}) + "\n").encode())
    ok = sock.waitForBytesWritten(timeout_ms) and sock.waitForReadyRead(timeout_ms)
    reply = bytes(sock.readAll().data()).strip() if ok else b""
    sock.disconnectFromServer()
    return reply == b"ok"


class InstanceServer(QObject):
    """Listens for later instances; emits what they send."""

    jobids_received = Signal(list)
    activate_requested = Signal()

    def __init__(self, name: str, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.name = name
        self._server = QLocalServer(self)
        self._server.setSocketOptions(QLocalServer.SocketOption.UserAccessOption)
        self._server.newConnection.connect(self._on_connection)
        self._buffers: dict[QLocalSocket, bytearray] = {}

    def listen(self) -> bool:
        if self._server.listen(self.name):
            return True
        # A crashed instance leaves its socket file behind: remove it and try once more.
        QLocalServer.removeServer(self.name)
        ok = self._server.listen(self.name)
        if not ok:
            log.warning("single instance: cannot listen on %s: %s", self.name, self._server.errorString())
        return ok

    def close(self) -> None:
        for sock in list(self._buffers):
            self._forget(sock)
            sock.abort()
        self._server.close()

    # Slots are bound methods, never lambdas: Qt drops a connection when its receiver dies, so a socket deleted
    # after this object (its deferred delete runs later) cannot call back into a dead one.

    @Slot()
    def _on_connection(self) -> None:
        while self._server.hasPendingConnections():
            sock = self._server.nextPendingConnection()
            self._buffers[sock] = bytearray()
            sock.readyRead.connect(self._on_ready)
            sock.disconnected.connect(self._on_disconnected)

    @Slot()
    def _on_disconnected(self) -> None:
        sock = self.sender()
        if isinstance(sock, QLocalSocket):
            self._forget(sock)

    def _forget(self, sock: QLocalSocket) -> None:
        if self._buffers.pop(sock, None) is None:
            return
        with contextlib.suppress(RuntimeError, TypeError):
            sock.readyRead.disconnect(self._on_ready)
            sock.disconnected.disconnect(self._on_disconnected)
        sock.deleteLater()

    @Slot()
    def _on_ready(self) -> None:
        sock = self.sender()
        if not isinstance(sock, QLocalSocket):
            return
        buf = self._buffers.get(sock)
        if buf is None:
            return
        buf.extend(bytes(sock.readAll().data()))
        if len(buf) > MAX_MESSAGE:
            sock.abort()
            return
        if b"\n" not in buf:
            return
        line = bytes(buf).split(b"\n", 1)[0]
        try:
            message = json.loads(line)
            ids = [str(j) for j in message.get("jobids", []) if isinstance(j, str)]
        except (ValueError, AttributeError):
            ids = []
        sock.write(b"ok\n")
        sock.flush()
        self.activate_requested.emit()
        if ids:
            self.jobids_received.emit(ids)

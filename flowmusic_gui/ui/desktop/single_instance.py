"""One window per user and data folder: a second ``flowmusic-gui JOBID...`` hands its ids to the running
window over a local socket and exits, and the running window comes to the front.

The socket lives in the user's runtime folder (``XDG_RUNTIME_DIR``, else a folder only the user can enter), never
at a name another user could take first, and each end checks that the other runs as the same user. A message that
is not what the protocol says (one JSON line ``{"jobids": [str, ...]}``, bounded in size, depth and count) is
refused with an answer, never an exception. The demo listens at a name of its own, so ids given to a later launch
reach the demo (it says they are looked up on its simulator) instead of opening a second window without a token.
"""

from __future__ import annotations

import contextlib
import enum
import hashlib
import json
import logging
import os
import socket
import stat
import struct
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QObject, QTimer, Signal, Slot
from PySide6.QtNetwork import QLocalServer, QLocalSocket

from flowmusic_gui import APP_ID

log = logging.getLogger(__name__)
MAX_MESSAGE = 4 * 1024 * 1024
MAX_IDS = 10_000
MAX_ID_CHARS = 1_000
MAX_PEERS = 8
PEER_DEADLINE_MS = 5_000
_DIR_NAME = "flowmusic-gui"
#: Unix socket paths are at most 107 bytes on Linux (less on macOS): longer ones cannot be listened on.
_MAX_SOCKET_PATH = 100


class Reply(enum.Enum):
    """What a running instance answered."""

    NONE = "none"  # nobody listens (or the path cannot be used): this launch opens its own window
    TAKEN = "taken"  # the running window took the ids
    DEMO = "demo"  # the running demo took them
    REFUSED = "refused"  # something answered but would not take them (see the message)


@dataclass(frozen=True)
class HandOff:
    reply: Reply
    message: str = ""


def _owned_private_dir(path: Path) -> bool:
    """True when ``path`` is a real folder (not a link) of this user that nobody else can enter."""
    try:
        st = os.lstat(path)
    except OSError:
        return False
    return stat.S_ISDIR(st.st_mode) and st.st_uid == os.getuid() and not st.st_mode & 0o077


def runtime_dir() -> Path | None:
    """The folder the sockets live in: ``$XDG_RUNTIME_DIR/flowmusic-gui``, else ``<tmp>/flowmusic-gui-<uid>``
    created private (0700). None when neither is this user's alone (then there is no single instance)."""
    if not hasattr(os, "getuid"):  # pragma: no cover - Windows names pipes per session instead
        return None
    candidates: list[Path] = []
    xdg = os.environ.get("XDG_RUNTIME_DIR")
    if xdg and os.path.isabs(xdg) and _owned_private_dir(Path(xdg)):
        candidates.append(Path(xdg) / _DIR_NAME)
    candidates.append(Path(tempfile.gettempdir()) / f"{_DIR_NAME}-{os.getuid()}")
    for folder in candidates:
        with contextlib.suppress(FileExistsError, OSError):
            os.mkdir(folder, 0o700)
        if _owned_private_dir(folder):
            return folder
        log.warning("single instance: %s is not a private folder of this user; not used", folder)
    return None


def server_name(data_dir: Path) -> str:
    """The socket of the window on ``data_dir`` (a path; per user and data folder, so a demo or a test never
    talks to the user's window). Empty when no private place exists for it."""
    digest = hashlib.sha256(str(data_dir.resolve()).encode()).hexdigest()[:16]
    return _socket_path(f"window-{digest}")


def demo_server_name() -> str:
    """The socket of the user's running demo (one at a time answers)."""
    return _socket_path("demo")


def _socket_path(stem: str) -> str:
    if sys.platform == "win32":  # pragma: no cover - named pipes are per user session
        return f"{APP_ID}-{os.environ.get('USERNAME', 'user')}-{stem}"
    folder = runtime_dir()
    if folder is None:
        return ""
    path = str(folder / f"{stem}.sock")
    if len(path.encode()) > _MAX_SOCKET_PATH:
        log.warning("single instance: the socket path %s is too long for a local socket", path)
        return ""
    return path


def peer_uid(sock: QLocalSocket) -> int | None:
    """The uid of the process at the other end of a connected local socket (None where it cannot be told)."""
    fd = int(sock.socketDescriptor())
    if fd < 0 or not hasattr(socket, "SO_PEERCRED"):
        return None
    try:
        dup = socket.socket(fileno=os.dup(fd))  # our own descriptor: closing it leaves Qt's open
    except OSError:
        return None
    try:
        raw = dup.getsockopt(socket.SOL_SOCKET, socket.SO_PEERCRED, struct.calcsize("3i"))
    except OSError:
        return None
    finally:
        dup.close()
    return int(struct.unpack("3i", raw)[1])


def _same_user(sock: QLocalSocket) -> bool:
    uid = peer_uid(sock)
    return uid is None or uid == os.getuid()


def hand_off(name: str, jobids: list[str], timeout_ms: int = 2000) -> HandOff:
    """Send ``jobids`` to a running instance at ``name``; its answer (TAKEN or DEMO: this process should exit)."""
    if not name:
        return HandOff(Reply.NONE)
    sock = QLocalSocket()
    sock.connectToServer(name)
    if not sock.waitForConnected(timeout_ms):
        return HandOff(Reply.NONE)
    try:
        if not _same_user(sock):
            # Not possible in a folder only this user can enter; said loudly if it ever happens.
            return HandOff(Reply.REFUSED, f"the socket {name} belongs to another user; nothing was sent")
        sock.write((json.dumps({"jobids": jobids}) + "\n").encode())
        if not sock.waitForBytesWritten(timeout_ms):
            return HandOff(Reply.NONE)
        answer = b""
        while b"\n" not in answer and len(answer) < 1024 and sock.waitForReadyRead(timeout_ms):
            answer += bytes(sock.readAll().data())
    finally:
        sock.abort()
    line = answer.split(b"\n", 1)[0].decode("utf-8", "replace").strip()
    if line == "ok":
        return HandOff(Reply.TAKEN)
    if line == "ok demo":
        return HandOff(Reply.DEMO)
    if line.startswith("error "):
        return HandOff(Reply.REFUSED, line[len("error "):][:200])
    return HandOff(Reply.NONE)


def parse_message(line: bytes) -> list[str] | str:
    """The ids of one protocol line, or a sentence saying why it is refused."""
    try:
        message = json.loads(line)
    except (ValueError, RecursionError):  # deep nesting is a RecursionError in the C parser
        return "not a JSON message"
    if not isinstance(message, dict) or set(message) != {"jobids"}:
        return 'the message must be {"jobids": [...]}'
    ids = message["jobids"]
    if not isinstance(ids, list) or not all(isinstance(j, str) for j in ids):
        return "jobids must be a list of strings"
    if len(ids) > MAX_IDS:
        return f"too many ids ({len(ids)}; at most {MAX_IDS})"
    if any(len(j) > MAX_ID_CHARS for j in ids):
        return f"an id is longer than {MAX_ID_CHARS} characters"
    return list(ids)


class InstanceServer(QObject):
    """Listens for later instances; emits what they send (after checking who sends it and what it is)."""

    jobids_received = Signal(list)
    activate_requested = Signal()

    def __init__(self, name: str, parent: QObject | None = None, *, demo: bool = False) -> None:
        super().__init__(parent)
        self.name = name
        self.demo = demo
        self._server = QLocalServer(self)
        self._server.setSocketOptions(QLocalServer.SocketOption.UserAccessOption)
        self._server.newConnection.connect(self._on_connection)
        self._buffers: dict[QLocalSocket, bytearray] = {}
        self._deadlines: dict[QLocalSocket, QTimer] = {}

    def listen(self) -> bool:
        if not self.name:
            log.warning("single instance: no private place for the socket; a later launch opens its own window")
            return False
        if self._server.listen(self.name):
            return True
        # A crashed instance leaves its socket file behind: remove it (in our private folder) and try once more.
        probe = QLocalSocket()
        probe.connectToServer(self.name)
        alive = probe.waitForConnected(500)
        probe.abort()
        if alive:
            log.warning("single instance: another instance already listens on %s", self.name)
            return False
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
            if sock is None:
                continue
            if len(self._buffers) >= MAX_PEERS or not _same_user(sock):
                log.warning("single instance: a connection was refused (another user, or too many at once)")
                sock.abort()
                sock.deleteLater()
                continue
            self._buffers[sock] = bytearray()
            timer = QTimer(self)
            timer.setSingleShot(True)
            timer.setInterval(PEER_DEADLINE_MS)
            timer.timeout.connect(self._on_deadline)
            timer.start()
            self._deadlines[sock] = timer
            sock.readyRead.connect(self._on_ready)
            sock.disconnected.connect(self._on_disconnected)
            if sock.bytesAvailable():
                self._read(sock)

    @Slot()
    def _on_deadline(self) -> None:
        timer = self.sender()
        for sock, t in list(self._deadlines.items()):
            if t is timer:
                self._answer(sock, "error too slow")

    @Slot()
    def _on_disconnected(self) -> None:
        sock = self.sender()
        if isinstance(sock, QLocalSocket):
            self._forget(sock)

    def _forget(self, sock: QLocalSocket) -> None:
        timer = self._deadlines.pop(sock, None)
        if timer is not None:
            timer.stop()
            timer.deleteLater()
        if self._buffers.pop(sock, None) is None:
            return
        with contextlib.suppress(RuntimeError, TypeError):
            sock.readyRead.disconnect(self._on_ready)
            sock.disconnected.disconnect(self._on_disconnected)
        sock.deleteLater()

    def _answer(self, sock: QLocalSocket, line: str) -> None:
        sock.write(line.encode() + b"\n")
        sock.flush()
        self._forget(sock)
        sock.disconnectFromServer()

    @Slot()
    def _on_ready(self) -> None:
        sock = self.sender()
        if isinstance(sock, QLocalSocket):
            self._read(sock)

    def _read(self, sock: QLocalSocket) -> None:
        buf = self._buffers.get(sock)
        if buf is None:
            return
        buf.extend(bytes(sock.readAll().data()))
        if b"\n" not in buf:
            if len(buf) > MAX_MESSAGE:
                self._answer(sock, f"error the message is longer than {MAX_MESSAGE} bytes")
            return
        line = bytes(buf).split(b"\n", 1)[0]
        if len(line) > MAX_MESSAGE:
            self._answer(sock, f"error the message is longer than {MAX_MESSAGE} bytes")
            return
        parsed = parse_message(line)
        if isinstance(parsed, str):
            log.info("single instance: a message was refused: %s", parsed)
            self._answer(sock, f"error {parsed}")
            return
        self._answer(sock, "ok demo" if self.demo else "ok")
        self.activate_requested.emit()
        if parsed:
            self.jobids_received.emit(parsed)

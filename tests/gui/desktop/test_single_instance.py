"""The single-instance socket against hostile local peers: where it lives, who may talk on it, and messages that
are not what the protocol says. Real sockets, a real second launch, and (as root) a real other user."""

from __future__ import annotations

import json
import os
import shutil
import socket
import stat
import subprocess
import sys
import tempfile
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from flowmusic_gui.ui.desktop.single_instance import (
    InstanceServer,
    Reply,
    demo_server_name,
    hand_off,
    runtime_dir,
    server_name,
)

from ..conftest import jobid

REPO = Path(__file__).resolve().parents[3]
NOBODY = 65534


@pytest.fixture
def runtime(monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    # Short, like /run/user/1000: a socket path has room for about a hundred bytes.
    folder = Path(tempfile.mkdtemp(prefix="fmrun"))
    folder.chmod(0o700)
    monkeypatch.setenv("XDG_RUNTIME_DIR", str(folder))
    yield folder
    shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture
def server(qtbot: QtBot, tmp_path: Path, runtime: Path) -> Iterator[InstanceServer]:
    s = InstanceServer(server_name(tmp_path / "data"))
    assert s.listen()
    yield s
    s.close()


def test_the_socket_lives_in_the_users_private_runtime_folder(server: InstanceServer, runtime: Path) -> None:
    path = Path(server.name)
    assert path.is_relative_to(runtime)
    assert stat.S_ISSOCK(os.lstat(path).st_mode)
    mode = os.lstat(path.parent).st_mode
    assert stat.S_IMODE(mode) == 0o700 and os.lstat(path.parent).st_uid == os.getuid()


@pytest.mark.expect_log("is not a private folder of this user")
def test_without_a_runtime_folder_a_private_one_is_made_and_a_planted_one_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("XDG_RUNTIME_DIR", raising=False)
    monkeypatch.setenv("TMPDIR", str(tmp_path))
    monkeypatch.setattr(tempfile, "tempdir", None)  # gettempdir() reads TMPDIR again
    planted = tmp_path / f"flowmusic-gui-{os.getuid()}"
    planted.mkdir(mode=0o777)
    planted.chmod(0o777)  # someone made it first, open to all
    assert runtime_dir() is None
    assert server_name(tmp_path / "data") == ""
    planted.rmdir()
    made = runtime_dir()
    assert made == planted and stat.S_IMODE(os.lstat(made).st_mode) == 0o700


def _send(path: str, payload: bytes) -> bytes:
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as s:
        s.settimeout(10)
        s.connect(path)
        s.sendall(payload)
        out = b""
        while b"\n" not in out:
            chunk = s.recv(4096)
            if not chunk:
                break
            out += chunk
        return out


def _talk(qtbot: QtBot, path: str, payload: bytes) -> bytes:
    """Send from a plain socket on another thread while the server's event loop runs here."""
    result: list[bytes] = []
    t = threading.Thread(target=lambda: result.append(_send(path, payload)), daemon=True)
    t.start()
    qtbot.waitUntil(lambda: not t.is_alive(), timeout=10_000)
    return result[0]


@pytest.mark.parametrize("payload", [
    b"[" * 100_000 + b"]" * 100_000 + b"\n",
    b'{"jobids": 5}\n',
    b'{"jobids": null}\n',
    b'{"jobids": [1, 2]}\n',
    b"[]\n",
    b"\xff\xfe not json\n",
    json.dumps({"jobids": ["x" * 2000]}).encode() + b"\n",
], ids=["deep", "number", "null", "not-strings", "not-an-object", "not-json", "long-id"])
def test_a_message_that_is_not_the_protocol_is_refused_with_an_answer(
    qtbot: QtBot, server: InstanceServer, payload: bytes
) -> None:
    got: list[object] = []
    server.jobids_received.connect(got.append)
    server.activate_requested.connect(lambda: got.append("activate"))
    answer = _talk(qtbot, server.name, payload)
    assert answer.startswith(b"error "), answer
    assert got == []


def test_a_message_past_the_size_limit_is_refused(qtbot: QtBot, server: InstanceServer) -> None:
    answer = _talk(qtbot, server.name, b"x" * (4 * 1024 * 1024 + 10))
    assert answer.startswith(b"error ") and b"longer" in answer


def test_a_good_message_is_still_taken(qtbot: QtBot, server: InstanceServer) -> None:
    with qtbot.waitSignal(server.jobids_received, timeout=10_000) as got:
        answer = _talk(qtbot, server.name, json.dumps({"jobids": [jobid(1)]}).encode() + b"\n")
    assert answer == b"ok\n" and got.args == [[jobid(1)]]


def _as_nobody() -> None:
    os.setgid(NOBODY)
    os.setuid(NOBODY)


needs_root = pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() != 0, reason="needs root to be another user")
#: The other user runs a plain Python of the system's (this venv may sit in a folder only root can enter).
PLAIN_PY = shutil.which("python3", path="/usr/bin:/bin") or sys.executable


@pytest.fixture
def shared() -> Iterator[Path]:
    """A folder every user can reach, as a shared /tmp is."""
    folder = Path(tempfile.mkdtemp(prefix="fmshared"))
    folder.chmod(0o777)
    yield folder
    shutil.rmtree(folder, ignore_errors=True)


@needs_root
def test_another_user_listening_first_gets_nothing(shared: Path, qtbot: QtBot) -> None:
    # Another local user's listener at a path this user can reach (as in a shared /tmp): the launch refuses to
    # hand its ids to it and says so.
    path = shared / "rogue.sock"
    got = shared / "got"
    rogue = subprocess.Popen(
        [PLAIN_PY, "-c", (
            "import socket, sys\n"
            "s = socket.socket(socket.AF_UNIX); s.bind(sys.argv[1]); s.listen(1)\n"
            "import os; os.chmod(sys.argv[1], 0o777); print('ready', flush=True)\n"
            "c, _ = s.accept(); c.settimeout(3)\n"
            "data = b''\n"
            "try:\n"
            "    data = c.recv(65536)\n"
            "except OSError:\n"
            "    pass\n"
            "open(sys.argv[2], 'wb').write(data)\n"
            "try:\n"
            "    c.sendall(b'ok\\n')\n"
            "except OSError:\n"
            "    pass\n"
        ), str(path), str(got)],
        stdout=subprocess.PIPE, text=True, preexec_fn=_as_nobody,
    )
    try:
        assert rogue.stdout is not None and rogue.stdout.readline().strip() == "ready"
        handed = hand_off(str(path), [jobid(1)])
        rogue.communicate(timeout=10)
    finally:
        if rogue.poll() is None:
            rogue.kill()
            rogue.communicate()
    assert handed.reply is Reply.REFUSED and "another user" in handed.message
    assert got.read_bytes() == b""


@needs_root
@pytest.mark.expect_log("a connection was refused")
def test_a_peer_of_another_user_is_refused_by_the_window(qtbot: QtBot, shared: Path) -> None:
    s = InstanceServer(str(shared / "window.sock"))
    assert s.listen()
    try:
        os.chmod(s.name, 0o777)  # as if the socket could be reached: the uid check still holds
        got: list[object] = []
        s.jobids_received.connect(got.append)
        peer = subprocess.Popen(
            [PLAIN_PY, "-c", (
                "import socket, sys\n"
                "c = socket.socket(socket.AF_UNIX); c.settimeout(8); c.connect(sys.argv[1])\n"
                "c.sendall(sys.argv[2].encode() + b'\\n')\n"
                "try:\n"
                "    print(repr(c.recv(100)))\n"
                "except OSError as e:\n"
                "    print('closed', e)\n"
            ), s.name, json.dumps({"jobids": [jobid(1)]})],
            stdout=subprocess.PIPE, text=True, preexec_fn=_as_nobody,
        )
        qtbot.waitUntil(lambda: peer.poll() is not None, timeout=15_000)
        out, _ = peer.communicate()
        assert "ok" not in out
        assert got == []
    finally:
        s.close()


def test_with_the_demo_open_a_launch_with_ids_hands_them_to_the_demo(
    qtbot: QtBot, tmp_path: Path, runtime: Path
) -> None:
    demo = InstanceServer(demo_server_name(), demo=True)
    assert demo.listen()
    proc = None
    try:
        with qtbot.waitSignal(demo.jobids_received, timeout=30_000) as got:
            proc = subprocess.Popen(
                [sys.executable, "-m", "flowmusic_gui", "--data-dir", str(tmp_path / "real"), jobid(3)],
                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=REPO,
                env={**os.environ, "QT_QPA_PLATFORM": "offscreen", "XDG_RUNTIME_DIR": str(runtime)},
            )  # fmt: skip
        assert got.args == [[jobid(3)]]
        out, err = proc.communicate(timeout=30)
        assert proc.returncode == 0, err
        assert "demo" in out and "simulator" in out
    finally:
        if proc is not None and proc.poll() is None:
            proc.kill()
            proc.communicate()
        demo.close()

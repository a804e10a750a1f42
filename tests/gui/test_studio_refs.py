"""Reference images and audio in the New song form: files checked (type from their bytes, size) before anything
is sent and named when refused, uploaded at Make through the task runner to the account the songs go to (with
"Automatic", the songs are pinned to it), each upload's state shown, and the asset ids sent with the songs."""

from __future__ import annotations

import struct
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

import pytest
from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QDropEvent
from PySide6.QtWidgets import QDialog
from pytestqt.qtbot import QtBot

from flowmusic_gui.core.ref_files import MAX_BYTES
from flowmusic_gui.simulator import DEMO_TOKEN, Simulator
from flowmusic_gui.simulator.accounts import Account
from flowmusic_gui.ui.main_window import MainWindow
from flowmusic_gui.ui.studio.new_song import NewSongDialog

from .conftest import attach_demo_backend

BUSY = Account("busy@example.com", user_id="41", max_jobs=1, credits=1000)
ROOMY = Account("roomy@example.com", user_id="42", max_jobs=6, credits=1000)
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 120
WAV = b"RIFF" + struct.pack("<I", 200) + b"WAVEfmt " + b"\x00" * 200


@pytest.fixture
def sim() -> Iterator[Simulator]:
    with Simulator(token=DEMO_TOKEN, speed=40, accounts=[BUSY, ROOMY], failure_rate=0.0, short_clips=True) as s:
        yield s



def _uploads(sim: Simulator) -> list[object]:
    return [r for r in list(sim.requests) if r.method == "POST" and "/files" in r.path]


def _files(tmp_path: Path) -> dict[str, Path]:
    made = {
        "cover.png": PNG, "hum.wav": WAV, "notes.txt": b"just words", "empty.png": b"",
        "fake.jpg": b"GIF89a" + b"\x00" * 40,
    }  # fmt: skip
    out = {}
    for name, data in made.items():
        (tmp_path / name).write_bytes(data)
        out[name] = tmp_path / name
    big = tmp_path / "huge.wav"
    with big.open("wb") as f:  # sparse: its size says 20 MB and a byte, nothing of it is written
        f.write(WAV[:16])
        f.truncate(MAX_BYTES + 1)
    out["huge.wav"] = big
    return out


def test_files_are_checked_named_when_refused_then_uploaded_to_the_songs_account_and_sent(
    qtbot: QtBot, window: MainWindow, data_dir: Path, sim: Simulator, tmp_path: Path
) -> None:
    attach_demo_backend(qtbot, window, data_dir, sim.base_url)
    studio = window.studio
    assert studio is not None
    # The accounts' slots as the queue sees them: roomy has the most free ones.
    qtbot.waitUntil(lambda: len(studio.account_choices()) == 2, timeout=15_000)
    files = _files(tmp_path)
    seen: list[NewSongDialog] = []

    def answer(dialog: NewSongDialog) -> bool:
        seen.append(dialog)
        dialog.prompt.setPlainText("dream pop, like this cover sounds")
        dialog.add_files([str(p) for p in files.values()])
        qtbot.waitUntil(lambda: len(dialog.references) == 2, timeout=10_000)
        note = dialog.refs_note.text()
        # Each refused file is named with the reason, before anything is sent.
        assert "notes.txt: not a file the API takes" in note and "fake.jpg: not a file the API takes" in note
        assert "empty.png: the file is empty" in note and "huge.wav: 20.0 MB, over the 20.0 MB" in note
        assert [r.file.kind for r in dialog.references] == ["image", "audio"]
        assert all("ready to upload" in dialog.ref_list.item(i).text() for i in range(2))
        assert not _uploads(sim)
        dialog.make_button.click()
        assert dialog.result() != QDialog.DialogCode.Accepted  # it waits for the uploads
        qtbot.waitUntil(lambda: dialog.result() == QDialog.DialogCode.Accepted, timeout=15_000)
        assert all(f"uploaded to {ROOMY.email}" in dialog.ref_list.item(i).text() for i in range(2))
        return True

    studio.ask_new_song = answer
    window.acts.act_new_song.trigger()
    assert len(seen) == 1
    qtbot.waitUntil(lambda: len(sim.submitted_requests()) == 1, timeout=15_000)
    (sent,) = sim.submitted_requests()
    # "Automatic" with references: the songs go where the files went, and carry their asset ids.
    assert sent["email"] == ROOMY.email
    assert sent["refImage1"].startswith(f"user:42-{ROOMY.email}-image:")
    assert sent["refAudio1"].startswith(f"user:42-{ROOMY.email}-audio:")
    assert "refImage2" not in sent and "refAudio2" not in sent
    uploads = _uploads(sim)
    assert len(uploads) == 2 and all(f"email={quote(ROOMY.email)}" in r.path for r in uploads)  # type: ignore[attr-defined]


def test_a_failed_upload_is_named_make_tries_again_and_remove_leaves_it_out(
    qtbot: QtBot, tmp_path: Path
) -> None:
    from flowmusic_gui.core.ref_files import RefFile, check_file

    calls: list[tuple[str, str]] = []
    answers = iter([(None, "HTTP 503: busy"), ("user:1-a@example.com-image:" + "0" * 36, "")])

    def check(paths: list[str], done: object) -> None:
        done([check_file(p) for p in paths])  # type: ignore[operator]

    def upload(ref: RefFile, email: str, done: object) -> None:
        calls.append((ref.name, email))
        done(*next(answers))  # type: ignore[operator]

    (tmp_path / "cover.png").write_bytes(PNG)
    dialog = NewSongDialog([], check_files=check, upload_file=upload, email="a@example.com",
                           initial={"prompt": "x"})  # fmt: skip
    qtbot.addWidget(dialog)
    dialog.add_files([str(tmp_path / "cover.png")])
    assert len(dialog.references) == 1
    dialog.make_button.click()
    assert dialog.result() != QDialog.DialogCode.Accepted
    assert "cover.png could not be uploaded: HTTP 503: busy" in dialog.refs_error.text()
    assert "failed: HTTP 503: busy" in dialog.ref_list.item(0).text()
    assert dialog.make_button.isEnabled()  # Make tries again
    dialog.make_button.click()
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert calls == [("cover.png", "a@example.com")] * 2
    assert dialog.bodies()[0]["refImage1"].endswith("0" * 36)


def test_files_dropped_on_the_form_are_added(qtbot: QtBot, tmp_path: Path) -> None:
    from flowmusic_gui.core.ref_files import check_file

    (tmp_path / "hum.wav").write_bytes(WAV)
    dialog = NewSongDialog([], check_files=lambda paths, done: done([check_file(p) for p in paths]))
    qtbot.addWidget(dialog)
    assert dialog.acceptDrops()
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(tmp_path / "hum.wav"))])
    event = QDropEvent(QPointF(10, 10), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
                       Qt.KeyboardModifier.NoModifier)  # fmt: skip
    dialog.dropEvent(event)
    assert [r.file.name for r in dialog.references] == ["hum.wav"] and dialog.references[0].file.kind == "audio"
    dialog.ref_list.item(0).setSelected(True)
    dialog.remove_refs.click()
    assert dialog.references == [] and dialog.ref_list.count() == 0


def test_make_again_keeps_the_requests_references_on_their_account(qtbot: QtBot) -> None:
    from flowmusic_gui.ui.studio.new_song import AccountChoice

    image = "user:1-a@example.com-image:" + "1" * 36
    audio = "user:1-a@example.com-audio:" + "2" * 36
    dialog = NewSongDialog([AccountChoice("a@example.com"), AccountChoice("b@example.com")],
                           initial={"prompt": "again", "refImage1": image, "refAudio1": audio},
                           email="a@example.com")  # fmt: skip
    qtbot.addWidget(dialog)
    assert [(r.file.kind, r.asset, r.state) for r in dialog.references] == [
        ("image", image, "uploaded"), ("audio", audio, "uploaded"),
    ]
    assert "from the request" in dialog.ref_list.item(0).text()
    assert dialog.bodies()[0] == {"prompt": "again", "ghostwriter": "standard", "refImage1": image, "refAudio1": audio}
    # On another account the ids mean nothing: Make says which file and where it lives.
    dialog.account_box.setCurrentIndex(dialog.account_box.findData("b@example.com"))
    dialog.make_button.click()
    assert dialog.result() != QDialog.DialogCode.Accepted
    assert "is on a@example.com: choose that account, or remove it" in dialog.refs_error.text()
    dialog.account_box.setCurrentIndex(dialog.account_box.findData("a@example.com"))
    dialog.make_button.click()
    assert dialog.result() == QDialog.DialogCode.Accepted and dialog.send_account() == "a@example.com"


def test_cancel_while_uploading_queues_nothing_when_the_uploads_end(qtbot: QtBot, tmp_path: Path) -> None:
    from flowmusic_gui.core.ref_files import RefFile, check_file

    pending: list[object] = []

    def upload(ref: RefFile, email: str, done: object) -> None:
        pending.append(done)

    (tmp_path / "cover.png").write_bytes(PNG)
    dialog = NewSongDialog([], check_files=lambda paths, done: done([check_file(p) for p in paths]),
                           upload_file=upload, email="a@example.com", initial={"prompt": "x"})  # fmt: skip
    qtbot.addWidget(dialog)
    dialog.add_files([str(tmp_path / "cover.png")])
    dialog.make_button.click()
    assert len(pending) == 1 and not dialog.make_button.isEnabled()
    dialog.reject()
    pending[0]("user:1-a@example.com-image:" + "0" * 36, "")  # type: ignore[operator]
    assert dialog.result() == QDialog.DialogCode.Rejected


def test_under_automatic_the_form_says_which_account_the_files_and_songs_go_to(qtbot: QtBot, tmp_path: Path) -> None:
    from flowmusic_gui.core.ref_files import check_file
    from flowmusic_gui.ui.studio.new_song import AccountChoice

    accounts = [AccountChoice("full@example.com", running=2, max_jobs=2, credits=900, cost=10),
                AccountChoice("free@example.com", running=0, max_jobs=3, credits=500, cost=10),
                AccountChoice("broken@example.com", running=0, max_jobs=16, healthy=False)]  # fmt: skip
    (tmp_path / "cover.png").write_bytes(PNG)
    dialog = NewSongDialog(accounts, check_files=lambda paths, done: done([check_file(p) for p in paths]),
                           initial={"prompt": "x"})  # fmt: skip
    qtbot.addWidget(dialog)
    assert dialog.chosen_account() is None
    dialog.add_files([str(tmp_path / "cover.png")])
    assert dialog.upload_account() == "free@example.com"
    assert "uploaded to free@example.com at Make; the songs go there too" in dialog.refs_note.text()
    assert dialog.cost.text().startswith("1 song on free@example.com ~10 credits of 500")

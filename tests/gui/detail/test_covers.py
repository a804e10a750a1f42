"""Clip covers: a real image is shown rounded and small enough to keep, one that cannot be used gets a drawn
placeholder (and says why), and the placeholder's colour is the same for the same song every time."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from helpers.child import run_within
from helpers.httpserver import Reply, ScriptedServer, Seen
from PySide6.QtCore import QBuffer, QIODevice
from PySide6.QtGui import QColor, QImage
from pytestqt.qtbot import QtBot

from flowmusic_gui.simulator.media import jpeg_cover
from flowmusic_gui.ui.detail.covers import (
    COVER_SIDE,
    MAX_PIXELS_SIDE,
    CoverLoader,
    cover_format,
    decode_cover,
    placeholder,
    rounded,
)


def png(width: int, height: int, colour: str = "#3366cc") -> bytes:
    image = QImage(width, height, QImage.Format.Format_RGB32)
    image.fill(QColor(colour))
    buf = QBuffer()
    buf.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buf, "PNG")  # type: ignore[call-overload]  # the stubs say bytes; PySide6 takes a str
    return bytes(buf.data().data())


def test_a_cover_is_decoded_at_most_twice_its_shown_size() -> None:
    small = decode_cover(jpeg_cover())
    assert (small.width(), small.height()) == (2 * COVER_SIDE, 2 * COVER_SIDE)  # 256 px in, 240 kept
    wide = decode_cover(png(1200, 600))
    assert (wide.width(), wide.height()) == (240, 120)  # the shape kept
    tiny = decode_cover(png(32, 32))
    assert (tiny.width(), tiny.height()) == (32, 32)  # never enlarged


@pytest.mark.parametrize(
    ("data", "words"),
    [
        (b"<html>not found</html>", "not an image this app can read"),
        (b"", "not an image this app can read"),
        (png(64, 64)[:-30], "could not be decoded"),  # cut off in its pixel data
    ],
)
def test_what_is_not_a_usable_image_is_refused_with_a_sentence(data: bytes, words: str) -> None:
    with pytest.raises(ValueError, match=words):
        decode_cover(data)


def test_an_image_declaring_a_huge_size_is_refused_before_decoding() -> None:
    # A PNG that claims 20,000 x 20,000 pixels with a few bytes of data (1.6 GB if it were decoded).
    import struct
    import zlib

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = chunk(b"IHDR", struct.pack(">IIBBBBB", 20_000, 20_000, 8, 2, 0, 0, 0))
    data = b"\x89PNG\r\n\x1a\n" + header + chunk(b"IDAT", zlib.compress(b"\0" * 100)) + chunk(b"IEND", b"")
    with pytest.raises(ValueError, match=r"too large \(20000×20000 pixels\)"):
        decode_cover(data)
    assert MAX_PIXELS_SIDE < 20_000


def test_a_shown_cover_is_a_square_with_round_corners() -> None:
    from PySide6.QtGui import QPixmap

    out = rounded(QPixmap.fromImage(QImage(decode_cover(png(400, 200, "#cc3333")))))
    image = out.toImage()
    assert (out.width(), out.height()) == (COVER_SIDE, COVER_SIDE)
    assert image.pixelColor(0, 0).alpha() == 0  # a corner cut away
    centre = image.pixelColor(COVER_SIDE // 2, COVER_SIDE // 2)
    assert centre.name() == "#cc3333" and centre.alpha() == 255


def test_the_placeholder_is_the_songs_own_colour_every_time() -> None:
    a1, a2, b = placeholder("clip-a").toImage(), placeholder("clip-a").toImage(), placeholder("clip-b").toImage()
    spot = (10, COVER_SIDE // 2)
    assert a1.pixelColor(*spot) == a2.pixelColor(*spot)
    assert a1.pixelColor(*spot) != b.pixelColor(*spot)
    broken = placeholder("clip-a", error=True).toImage()
    assert broken.pixelColor(*spot).hsvSaturation() < a1.pixelColor(*spot).hsvSaturation()  # a failed one is greyer


@pytest.fixture
def server() -> Iterator[ScriptedServer]:
    with ScriptedServer() as s:
        yield s


@pytest.fixture
def loader(cover_loader: CoverLoader) -> CoverLoader:
    return cover_loader


def test_a_cover_from_the_network_is_shown_then_kept_in_memory(
    qtbot: QtBot, server: ScriptedServer, loader: CoverLoader
) -> None:
    server.reply(Reply(200, body=png(300, 300, "#228833"), headers={"Content-Type": "image/png"}))
    url = f"{server.url}/media/image/one.png"
    assert loader.cached(url) is None
    with qtbot.waitSignal(loader.ready, timeout=10_000) as got:
        loader.request([url])
    assert got.args is not None and got.args[0] == url
    pixmap = got.args[1]
    assert pixmap.width() == COVER_SIDE
    assert pixmap.toImage().pixelColor(COVER_SIDE // 2, COVER_SIDE // 2).name() == "#228833"
    assert loader.cached(url) is not None  # shown again without a request
    assert len(server.requests) == 1


def test_a_cover_that_is_not_an_image_fails_with_the_reason(
    qtbot: QtBot, server: ScriptedServer, loader: CoverLoader
) -> None:
    def answer(seen: Seen) -> Reply:
        return Reply(200, body=b"<html>an error page</html>", headers={"Content-Type": "image/png"})

    server.handler = answer
    url = f"{server.url}/media/image/broken.png"
    with qtbot.waitSignal(loader.failed, timeout=10_000) as got:
        loader.request([url])
    assert got.args is not None and got.args[0] == url and "not an image" in got.args[1]
    assert loader.cached(url) is None


def test_an_answer_for_an_older_request_is_dropped(qtbot: QtBot, server: ScriptedServer, loader: CoverLoader) -> None:
    def answer(seen: Seen) -> Reply:
        # The first song's cover is slow to come; the second's is at once.
        return Reply(200, body=png(64, 64), headers={"Content-Type": "image/png"}, hang="first" in seen.path)

    server.handler = answer
    shown: list[str] = []
    failed: list[str] = []
    loader.ready.connect(lambda url, _pixmap: shown.append(url))
    loader.failed.connect(lambda url, _why: failed.append(url))
    first, second = f"{server.url}/first.png", f"{server.url}/second.png"
    loader.request([first])
    qtbot.waitUntil(lambda: len(server.requests) == 1, timeout=10_000)
    with qtbot.waitSignal(loader.ready, timeout=10_000):
        loader.request([second])  # the user moved on to another song
    assert shown == [second] and failed == []
    server.release.set()  # the first answer comes now, for a request no longer wanted


#: Seconds of the churn below. Before covers were decoded by their own first bytes, 5 s of it hung in 3 of 3
#: runs: Qt's guess at the format asked the SVG plugin, whose probe waited for a lock of Qt's signals that the
#: GUI thread held while it waited for the GIL (a run of the whole suite once hung there for good).
COVER_CHURN_S = 5
@pytest.mark.slow
@pytest.mark.timeout(120)
def test_decoding_covers_while_the_gui_thread_deletes_objects_never_hangs() -> None:
    code, out = run_within("cover_churn.py", [str(COVER_CHURN_S)], 90)  # ~7 s on a quiet two-core machine
    if code is None:
        pytest.fail("decoding covers on the cover thread hung against the GUI thread")
    assert code == 0
    done, rounds, decodes = out.split()
    assert done == "done" and int(rounds) > 0 and int(decodes) > 0


def test_only_the_cover_formats_reach_qt() -> None:
    assert cover_format(png(4, 4)) == b"png"
    assert cover_format(jpeg_cover()) == b"jpeg"
    assert cover_format(b"GIF89a" + bytes(20)) == b"gif"
    assert cover_format(b"RIFF\x00\x00\x00\x00WEBPVP8 ") == b"webp"
    for other in (b"<svg xmlns='http://www.w3.org/2000/svg'/>", b"BM" + bytes(60), b"RIFF\x00\x00\x00\x00WAVE", b""):
        assert cover_format(other) is None
        with pytest.raises(ValueError, match="not an image this app can read"):
            decode_cover(other)

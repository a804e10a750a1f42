"""Clip covers: decoded off the GUI thread under byte and pixel caps, kept as pixmaps, with a drawn placeholder."""

from __future__ import annotations

import hashlib
from collections import OrderedDict

from PySide6.QtCore import QBuffer, QByteArray, QCoreApplication, QIODevice, QObject, QRectF, QSize, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QImage,
    QImageReader,
    QLinearGradient,
    QPainter,
    QPainterPath,
    QPalette,
    QPixmap,
)
from PySide6.QtWidgets import QApplication

from flowmusic_gui.engine.media import CoverCache, CoverFetcher
from flowmusic_gui.engine.tasks import TaskRunner
from flowmusic_gui.ui import icons

COVER_SIDE = 120  # logical pixels on the card
_DECODE_SIDE = 2 * COVER_SIDE  # sharp on a 2x screen, small in memory
MAX_PIXELS_SIDE = 8192  # a larger declared size is refused before any pixel is decoded
ALLOCATION_LIMIT_MB = 64  # QImageReader refuses to allocate more than this for one image
_MEMORY_ITEMS = 64


#: The cover formats read, by their first bytes (``RIFF....WEBP`` is checked whole in ``cover_format``).
_SIGNATURES = ((b"\x89PNG\r\n\x1a\n", b"png"), (b"\xff\xd8\xff", b"jpeg"), (b"GIF87a", b"gif"), (b"GIF89a", b"gif"))
COVER_FORMATS = (b"png", b"jpeg", b"gif", b"webp")


def cover_format(data: bytes) -> bytes | None:
    """The image format ``data`` starts with, of those covers come in; None for anything else."""
    if len(data) >= 12 and data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return b"webp"
    return next((name for magic, name in _SIGNATURES if data.startswith(magic)), None)


def load_decoders() -> None:
    """Load Qt's image plugins for the cover formats, on the GUI thread (once; later calls cost a lookup).

    The cover thread then finds each plugin loaded, and never makes or moves a plugin's QObject itself.
    """
    for name in COVER_FORMATS:
        empty = QBuffer()  # held here: the reader keeps only a pointer to it
        reader = QImageReader(empty, QByteArray(name))
        reader.setAutoDetectImageFormat(False)
        reader.canRead()
        del reader


def decode_cover(data: bytes) -> QImage:
    """Decode and downscale a cover; raises ValueError (with a sentence) for anything unusable.

    Runs on the cover thread: QImage (not QPixmap) is safe there. The format is read from the first bytes here
    and Qt is asked for that one only: Qt's own guess asks every image plugin in turn, and the SVG plugin's
    probe connects a QTextStream, which takes a lock of Qt's signals. The GUI thread holds those locks while
    it deletes a widget, and there waits for Python's GIL, which this thread holds inside Qt's reader: the two
    threads then wait on each other for ever (``tests/gui/detail/test_covers.py`` shows it in a child process).
    """
    fmt = cover_format(data)
    if fmt is None:
        raise ValueError(QCoreApplication.translate("Covers", "The cover is not an image this app can read."))
    buf = QBuffer()
    buf.setData(QByteArray(data))
    buf.open(QIODevice.OpenModeFlag.ReadOnly)
    reader = QImageReader(buf, QByteArray(fmt))
    reader.setAutoDetectImageFormat(False)
    reader.setAllocationLimit(ALLOCATION_LIMIT_MB)
    reader.setAutoTransform(True)
    size = reader.size()
    if not size.isValid():
        raise ValueError(QCoreApplication.translate("Covers", "The cover is not an image this app can read."))
    if size.width() > MAX_PIXELS_SIDE or size.height() > MAX_PIXELS_SIDE:
        raise ValueError(
            QCoreApplication.translate("Covers", "The cover is too large ({width}×{height} pixels).").format(
                width=size.width(), height=size.height()
            )
        )
    if max(size.width(), size.height()) > _DECODE_SIDE:
        reader.setScaledSize(size.scaled(_DECODE_SIDE, _DECODE_SIDE, Qt.AspectRatioMode.KeepAspectRatio))
    image = reader.read()
    if image.isNull():
        problem = QCoreApplication.translate("Covers", "The cover could not be decoded ({error}).")
        raise ValueError(problem.format(error=reader.errorString()))
    return image


def rounded(pixmap: QPixmap, side: int = COVER_SIDE, radius: float = 10.0) -> QPixmap:
    """``pixmap`` cropped to a centred square of ``side`` with rounded corners (device-pixel aware)."""
    dpr = _dpr()
    px = round(side * dpr)
    scaled = pixmap.scaled(
        px, px, Qt.AspectRatioMode.KeepAspectRatioByExpanding, Qt.TransformationMode.SmoothTransformation
    )
    out = QPixmap(px, px)
    out.fill(Qt.GlobalColor.transparent)
    painter = QPainter(out)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    path = QPainterPath()
    path.addRoundedRect(QRectF(0, 0, px, px), radius * dpr, radius * dpr)
    painter.setClipPath(path)
    painter.drawPixmap((px - scaled.width()) // 2, (px - scaled.height()) // 2, scaled)
    painter.end()
    out.setDevicePixelRatio(dpr)
    return out


def _dpr() -> float:
    app = QApplication.instance()
    return float(app.devicePixelRatio()) if isinstance(app, QApplication) else 1.0


def placeholder(key: str, *, side: int = COVER_SIDE, error: bool = False) -> QPixmap:
    """A drawn cover: a soft gradient whose hue comes from ``key``, with a music note (or a broken one)."""
    dpr = _dpr()
    px = round(side * dpr)
    out = QPixmap(px, px)
    out.fill(Qt.GlobalColor.transparent)
    hue = hashlib.sha256(key.encode("utf-8")).digest()[0] * 360 // 256
    app = QApplication.instance()
    palette = app.palette() if isinstance(app, QApplication) else QPalette()
    dark = palette.color(QPalette.ColorRole.Window).lightness() < 128
    light_v, deep_v = (110, 70) if dark else (235, 200)
    sat = 40 if error else 90
    painter = QPainter(out)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    grad = QLinearGradient(0, 0, px, px)
    grad.setColorAt(0.0, QColor.fromHsv(hue, sat, light_v))
    grad.setColorAt(1.0, QColor.fromHsv((hue + 40) % 360, sat + 30, deep_v))
    path = QPainterPath()
    path.addRoundedRect(QRectF(0, 0, px, px), 10 * dpr, 10 * dpr)
    painter.fillPath(path, grad)
    note = icons.icon("cancel" if error else "music").pixmap(QSize(side // 3, side // 3))
    painter.setOpacity(0.55)
    nw = note.width() / max(note.devicePixelRatio(), 1.0) * dpr
    painter.drawPixmap(QRectF((px - nw) / 2, (px - nw) / 2, nw, nw), note, QRectF(note.rect()))
    painter.end()
    out.setDevicePixelRatio(dpr)
    return out


class CoverLoader(QObject):
    """Covers by URL for the pane: memory hits at once, the rest through the disk cache or the network.

    ``ready``/``failed`` report only answers for the current :meth:`request`; older ones are dropped.
    """

    ready = Signal(str, QPixmap)  # url, rounded cover
    failed = Signal(str, str)  # url, message

    def __init__(
        self, cache: CoverCache | None = None, parent: QObject | None = None, *, runner: TaskRunner
    ) -> None:
        super().__init__(parent)
        load_decoders()  # here, on the GUI thread (see decode_cover)
        self.fetcher = CoverFetcher(cache, decode=decode_cover, parent=self, runner=runner)
        self.fetcher.loaded.connect(self._on_loaded)
        self.fetcher.failed.connect(self._on_failed)
        self._memory: OrderedDict[str, QPixmap] = OrderedDict()
        self._generation = -1

    def cached(self, url: str) -> QPixmap | None:
        pixmap = self._memory.get(url)
        if pixmap is not None:
            self._memory.move_to_end(url)
        return pixmap

    def request(self, urls: list[str]) -> None:
        """Fetch ``urls`` (callers take memory hits from :meth:`cached` first); drops earlier requests."""
        self._generation = self.fetcher.fetch(urls)

    def cancel(self) -> None:
        self.fetcher.cancel_pending()

    def shutdown(self) -> None:
        self.fetcher.shutdown()

    def _on_loaded(self, generation: int, url: str, image: object, from_cache: bool) -> None:
        if generation != self._generation or not isinstance(image, QImage):
            return
        pixmap = rounded(QPixmap.fromImage(image))  # QPixmap only here, on the GUI thread
        self._memory[url] = pixmap
        while len(self._memory) > _MEMORY_ITEMS:
            self._memory.popitem(last=False)
        self.ready.emit(url, pixmap)

    def _on_failed(self, generation: int, url: str, message: str) -> None:
        if generation == self._generation:
            self.failed.emit(url, message)

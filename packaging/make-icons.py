#!/usr/bin/env python3
"""Make the Windows .ico and macOS .icns app icons from resources/icons/app.svg, for the PyInstaller spec.

Run ``python packaging/make-icons.py`` after changing the SVG and commit packaging/icons/. Needs only PySide6:
both files hold PNG images (supported since Windows Vista and macOS 10.7), packed here by hand because Qt's
ico and icns writers store a single size per file and Pillow is not a dependency.
"""

from __future__ import annotations

import os
import struct
import sys
from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QRectF, Qt
from PySide6.QtGui import QGuiApplication, QImage, QImageReader, QImageWriter, QPainter
from PySide6.QtSvg import QSvgRenderer

ROOT = Path(__file__).resolve().parent.parent
SOURCE = ROOT / "resources" / "icons" / "app.svg"
OUT = ROOT / "packaging" / "icons"
ICO_SIZES = (16, 20, 24, 32, 40, 48, 64, 128, 256)
# ICNS element types that hold a PNG, and their pixel size (the @2x ones are Retina variants).
ICNS_TYPES = (
    (b"icp4", 16), (b"icp5", 32), (b"ic11", 32), (b"icp6", 64), (b"ic12", 64), (b"ic07", 128),
    (b"ic08", 256), (b"ic13", 256), (b"ic09", 512), (b"ic14", 512), (b"ic10", 1024),
)


def png_bytes(renderer: QSvgRenderer, size: int) -> bytes:
    """The SVG drawn on a transparent square of ``size`` pixels, encoded as PNG."""
    image = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    renderer.render(painter, QRectF(0, 0, size, size))
    painter.end()
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    writer = QImageWriter(buffer, QByteArray(b"png"))
    if not writer.write(image):
        raise RuntimeError(f"cannot encode the {size}px image as PNG: {writer.errorString()}")
    buffer.close()
    return bytes(data.data())


def ico(images: dict[int, bytes]) -> bytes:
    """An ICO file: ICONDIR, one 16-byte ICONDIRENTRY per image, then the PNGs."""
    header = struct.pack("<HHH", 0, 1, len(images))
    offset = len(header) + 16 * len(images)
    entries, blobs = b"", b""
    for size, png in sorted(images.items()):
        dim = 0 if size >= 256 else size  # 0 means 256 in an ICONDIRENTRY
        entries += struct.pack("<BBBBHHII", dim, dim, 0, 0, 1, 32, len(png), offset)
        blobs += png
        offset += len(png)
    return header + entries + blobs


def icns(images: dict[int, bytes]) -> bytes:
    """An ICNS file: 'icns' and the total length, then (type, length, PNG) elements, big-endian."""
    body = b"".join(
        kind + struct.pack(">I", 8 + len(images[size])) + images[size] for kind, size in ICNS_TYPES
    )
    return b"icns" + struct.pack(">I", 8 + len(body)) + body


def check(path: Path, expected: int) -> None:
    """Read the file back with Qt's ico/icns plugins, so a malformed file fails here, not on a user's OS."""
    reader = QImageReader(str(path))
    count = reader.imageCount()
    if count != expected:
        raise RuntimeError(f"{path.name}: Qt reads {count} images, expected {expected}")
    for index in range(count):
        reader.jumpToImage(index)
        if reader.read().isNull():
            raise RuntimeError(f"{path.name}: image {index} does not decode: {reader.errorString()}")


def main() -> int:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    _app = QGuiApplication(sys.argv[:1])
    renderer = QSvgRenderer(str(SOURCE))
    if not renderer.isValid():
        print(f"cannot read {SOURCE}", file=sys.stderr)
        return 1
    sizes = set(ICO_SIZES) | {size for _, size in ICNS_TYPES}
    images = {size: png_bytes(renderer, size) for size in sorted(sizes)}
    OUT.mkdir(parents=True, exist_ok=True)
    targets = (
        (OUT / "flowmusic-gui.ico", ico({s: images[s] for s in ICO_SIZES}), len(ICO_SIZES)),
        (OUT / "flowmusic-gui.icns", icns(images), len(ICNS_TYPES)),
    )
    for path, data, count in targets:
        path.write_bytes(data)
        check(path, count)
        print(f"{path.relative_to(ROOT)}: {count} images, {len(data) // 1024} KiB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

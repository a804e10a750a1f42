#!/usr/bin/env python3
"""Render the app icon's SVG into the hicolor PNG sizes that desktops without SVG support look up.

Run from anywhere: ``python packaging/linux/render-icons.py``; commit the PNGs it writes.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QGuiApplication, QImage, QPainter
from PySide6.QtSvg import QSvgRenderer

APP_ID = "io.github.flowmusicmonitor.FlowMusicMonitor"
HERE = Path(__file__).resolve().parent
SOURCE = HERE / "icons" / f"{APP_ID}.svg"
SIZES = (48, 128, 256)


def render(renderer: QSvgRenderer, size: int) -> QImage:
    """The SVG drawn on a transparent square of ``size`` pixels."""
    image = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
    renderer.render(painter, QRectF(0, 0, size, size))
    painter.end()
    return image


def main() -> int:
    # Rendering needs no display.
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    _app = QGuiApplication(sys.argv[:1])
    renderer = QSvgRenderer(str(SOURCE))
    if not renderer.isValid():
        print(f"cannot read {SOURCE}", file=sys.stderr)
        return 1
    for size in SIZES:
        target = HERE / "icons" / "hicolor" / f"{size}x{size}" / "apps" / f"{APP_ID}.png"
        target.parent.mkdir(parents=True, exist_ok=True)
        if not render(renderer, size).save(str(target)):
            print(f"cannot write {target}", file=sys.stderr)
            return 1
        print(target.relative_to(HERE.parent.parent))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

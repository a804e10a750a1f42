"""SVG icons from the package's resources, tinted with the current palette and cached as QIcons.

Action icons draw with ``currentColor``: it is replaced by the palette's text colour so they read well in
light and dark themes. State icons carry their own colours. Call :func:`clear_cache` on a palette change.
"""

from __future__ import annotations

import importlib.resources
from functools import cache

from PySide6.QtCore import QByteArray, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QGuiApplication, QIcon, QImage, QPainter, QPalette, QPixmap
from PySide6.QtSvg import QSvgRenderer

# Menus and table rows draw at 16, tool bars at 24; QIcon scales these for other sizes. Few renders keep
# start-up fast.
_SIZES = (16, 24)
_cache: dict[tuple[str, str, str], QIcon] = {}


@cache
def _svg_text(name: str) -> str | None:
    try:
        res = importlib.resources.files("flowmusic_gui.resources").joinpath("icons", f"{name}.svg")
        return res.read_text(encoding="utf-8")
    except (FileNotFoundError, ModuleNotFoundError, OSError):
        return None


def _colour(group: QPalette.ColorGroup) -> str:
    app = QGuiApplication.instance()
    palette = app.palette() if isinstance(app, QGuiApplication) else QPalette()
    return palette.color(group, QPalette.ColorRole.WindowText).name(QColor.NameFormat.HexRgb)


def _render(svg: str, size: int, dpr: float) -> QPixmap:
    renderer = QSvgRenderer(QByteArray(svg.encode("utf-8")))
    px = max(1, round(size * dpr))
    image = QImage(px, px, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    renderer.render(painter, QRectF(0, 0, px, px))
    painter.end()
    pixmap = QPixmap.fromImage(image)
    pixmap.setDevicePixelRatio(dpr)
    return pixmap


def icon(name: str) -> QIcon:
    """The icon ``resources/icons/<name>.svg`` (an empty QIcon if it is missing)."""
    normal = _colour(QPalette.ColorGroup.Active)
    disabled = _colour(QPalette.ColorGroup.Disabled)
    key = (name, normal, disabled)
    found = _cache.get(key)
    if found is not None:
        return found
    app = QGuiApplication.instance()
    if not isinstance(app, QGuiApplication):
        return QIcon()  # pixmaps need a GUI application (a model used headless still answers)
    svg = _svg_text(name)
    result = QIcon()
    if svg is not None:
        dpr = app.devicePixelRatio()
        for mode, colour in ((QIcon.Mode.Normal, normal), (QIcon.Mode.Disabled, disabled)):
            tinted = svg.replace("currentColor", colour)
            for size in _SIZES:
                result.addPixmap(_render(tinted, size, dpr), mode)
    _cache[key] = result
    return result


def state_icon(state: str, *, problem: bool = False) -> QIcon:
    """The coloured icon for a job state (``state-<state>.svg``), or the problem icon."""
    return icon("state-problem" if problem else f"state-{state}")


def app_icon() -> QIcon:
    return icon("app")


def clear_cache() -> None:
    _cache.clear()


ICON_SIZE = QSize(16, 16)

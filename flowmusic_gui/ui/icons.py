"""SVG icons from the package's resources, tinted with the current palette and cached as QIcons.

Action icons draw with ``currentColor``: it is replaced by the palette's text colour so they read well in
light and dark themes. State icons carry their own colours. Call :func:`clear_cache` on a palette change.
"""

from __future__ import annotations

import importlib.resources
from functools import cache
from typing import TYPE_CHECKING

from PySide6.QtCore import QByteArray, QRect, QRectF, QSize
from PySide6.QtGui import QColor, QGuiApplication, QIcon, QIconEngine, QPainter, QPalette, QPixmap
from PySide6.QtSvg import QSvgRenderer

from flowmusic_gui.core.states import PROBLEM_ICON, JobState

if TYPE_CHECKING:
    from importlib.resources.abc import Traversable

_cache: dict[tuple[str, str, str], QIcon] = {}


@cache
def _icon_folder() -> Traversable:
    """The package's icons (looked up once: the window reads some 15 before its first paint)."""
    return importlib.resources.files("flowmusic_gui.resources").joinpath("icons")


@cache
def _svg_text(name: str) -> str | None:
    try:
        return _icon_folder().joinpath(f"{name}.svg").read_text(encoding="utf-8")
    except (FileNotFoundError, ModuleNotFoundError, OSError):
        return None


_tints: dict[int, tuple[str, str]] = {}


def _tint() -> tuple[str, str]:
    """The text colours (active, disabled) of the application's palette, worked out once per palette: the window
    asks for some 30 icons before its first paint."""
    app = QGuiApplication.instance()
    palette = app.palette() if isinstance(app, QGuiApplication) else QPalette()
    key = palette.cacheKey()  # the same for every copy of one palette, another for a changed one
    found = _tints.get(key)
    if found is None:
        text = QPalette.ColorRole.WindowText
        hex_rgb = QColor.NameFormat.HexRgb
        found = (palette.color(QPalette.ColorGroup.Active, text).name(hex_rgb),
                 palette.color(QPalette.ColorGroup.Disabled, text).name(hex_rgb))  # fmt: skip
        _tints[key] = found
    return found


def _render(svg: str, size: int, dpr: float) -> QPixmap:
    renderer = QSvgRenderer(QByteArray(svg.encode("utf-8")))
    px = max(1, round(size * dpr))
    pixmap = QPixmap(px, px)
    # A QColor, not Qt.GlobalColor.transparent (nor QImage.fill, whose overloads take one): the tool bar's icons
    # are drawn for the first frame, before PySide6 has built its Qt namespace (see lazy_qt).
    pixmap.fill(QColor(0, 0, 0, 0))
    painter = QPainter(pixmap)
    renderer.render(painter, QRectF(0, 0, px, px))
    painter.end()
    pixmap.setDevicePixelRatio(dpr)
    return pixmap


class _SvgIconEngine(QIconEngine):
    """Renders the tinted SVG at the size and scale asked for, when first asked: building the window's
    tool bar and menus renders nothing, so the first paint is not kept waiting for icons it may not show."""

    def __init__(self, normal: str, disabled: str) -> None:
        super().__init__()
        self._svgs = (normal, disabled)
        self._pixmaps: dict[tuple[int, int, bool], QPixmap] = {}

    def _get(self, size: QSize, mode: QIcon.Mode, scale: float) -> QPixmap:
        side = max(1, min(size.width(), size.height()))
        disabled = mode == QIcon.Mode.Disabled
        key = (side, round(scale * 100), disabled)
        found = self._pixmaps.get(key)
        if found is None:
            found = _render(self._svgs[1 if disabled else 0], side, scale)
            self._pixmaps[key] = found
        return found

    def pixmap(self, size: QSize, mode: QIcon.Mode, state: QIcon.State) -> QPixmap:
        return self._get(size, mode, 1.0)

    def scaledPixmap(self, size: QSize, mode: QIcon.Mode, state: QIcon.State, scale: float) -> QPixmap:
        return self._get(size, mode, scale)

    def paint(self, painter: QPainter, rect: QRect, mode: QIcon.Mode, state: QIcon.State) -> None:
        # The application's ratio (the highest of its screens) rather than painter.device()'s: wrapping the
        # device makes PySide6 build the Python type of every paint device class it tries (some 80 enums, about
        # 40 ms on the first paint). On a mixed-DPI desktop the icon is then drawn from a sharper pixmap.
        app = QGuiApplication.instance()
        scale = app.devicePixelRatio() if isinstance(app, QGuiApplication) else 1.0
        painter.drawPixmap(rect, self._get(rect.size(), mode, scale))

    def actualSize(self, size: QSize, mode: QIcon.Mode, state: QIcon.State) -> QSize:
        side = min(size.width(), size.height())
        return QSize(side, side)

    def clone(self) -> QIconEngine:
        return _SvgIconEngine(*self._svgs)


def icon(name: str) -> QIcon:
    """The icon ``resources/icons/<name>.svg`` (an empty QIcon if it is missing)."""
    normal, disabled = _tint()
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
        result = QIcon(_SvgIconEngine(svg.replace("currentColor", normal), svg.replace("currentColor", disabled)))
    _cache[key] = result
    return result


def state_icon(state: JobState, *, problem: bool = False) -> QIcon:
    """The coloured icon for a job state (core.states names it), or the problem icon."""
    return icon(PROBLEM_ICON if problem else state.words.icon)


def app_icon() -> QIcon:
    return icon("app")


def clear_cache() -> None:
    _cache.clear()
    _tints.clear()


ICON_SIZE = QSize(16, 16)

"""Icons: drawn in the palette's text colour (so they read in light and dark themes), greyed when disabled, each
state in its own colour, and a missing one an empty icon rather than an error."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtGui import QColor, QIcon, QImage, QPalette
from PySide6.QtWidgets import QApplication

from flowmusic_gui.core.states import JobState
from flowmusic_gui.ui import icons
from flowmusic_gui.ui.theme import dark_palette


def colours(icon: QIcon, mode: QIcon.Mode = QIcon.Mode.Normal, side: int = 24) -> set[str]:
    """The opaque colours an icon is drawn in."""
    image = icon.pixmap(side, side, mode).toImage().convertToFormat(QImage.Format.Format_ARGB32)
    found = set()
    for y in range(image.height()):
        for x in range(image.width()):
            c = image.pixelColor(x, y)
            if c.alpha() == 255:
                found.add(c.name())
    return found


@pytest.fixture
def palette(qapp: QApplication) -> Iterator[QApplication]:
    """The application's palette is put back (and the tinted icons forgotten) after the test."""
    before = QPalette(qapp.palette())
    icons.clear_cache()
    yield qapp
    qapp.setPalette(before)
    icons.clear_cache()


def test_an_action_icon_is_drawn_in_the_palettes_text_colour(palette: QApplication) -> None:
    text = palette.palette().color(QPalette.ColorGroup.Active, QPalette.ColorRole.WindowText).name()
    drawn = colours(icons.icon("pause"))
    assert drawn == {text}


def test_a_disabled_action_is_drawn_in_the_disabled_text_colour(palette: QApplication) -> None:
    greyed = palette.palette().color(QPalette.ColorGroup.Disabled, QPalette.ColorRole.WindowText).name()
    assert colours(icons.icon("pause"), QIcon.Mode.Disabled) == {greyed}


def test_a_dark_palette_redraws_the_icons_light(palette: QApplication) -> None:
    light_theme = colours(icons.icon("play"))
    palette.setPalette(dark_palette())
    icons.clear_cache()  # what the window does on a palette change
    dark_theme = colours(icons.icon("play"))
    assert dark_theme == {dark_palette().color(QPalette.ColorRole.WindowText).name()}
    assert dark_theme != light_theme
    assert QColor(next(iter(dark_theme))).lightness() > 180


def test_a_state_icon_keeps_its_own_colour(palette: QApplication) -> None:
    green = colours(icons.state_icon(JobState.COMPLETED))
    assert "#16a34a" in green  # the circle's fill from state-completed.svg, whatever the palette
    palette.setPalette(dark_palette())
    icons.clear_cache()
    assert "#16a34a" in colours(icons.state_icon(JobState.COMPLETED))


@pytest.mark.parametrize("state", list(JobState))
def test_every_state_and_the_problem_mark_have_an_icon(state: JobState) -> None:
    assert not icons.state_icon(state).isNull()
    assert not icons.state_icon(state, problem=True).isNull()


def test_a_missing_icon_is_empty_not_an_error() -> None:
    missing = icons.icon("no-such-icon")
    assert missing.isNull() and missing.pixmap(16, 16).isNull()


def test_icons_are_sharp_at_the_size_asked_for(palette: QApplication) -> None:
    app = icons.app_icon()
    for side in (16, 48, 128):
        pixmap = app.pixmap(side, side)
        assert (pixmap.width(), pixmap.height()) == (side, side)
    assert icons.icon("pause") is icons.icon("pause")  # one QIcon per name and palette

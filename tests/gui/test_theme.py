"""``--dark``: the dark palette is applied whole (Fusion draws every widget from it), text stays readable on it,
and disabled text is dimmer than normal text."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QApplication

from flowmusic_gui.ui.theme import apply_dark, dark_palette


@pytest.fixture
def restored(qapp: QApplication) -> Iterator[QApplication]:
    palette, style = QPalette(qapp.palette()), qapp.style().name()
    yield qapp
    qapp.setStyle(style)
    qapp.setPalette(palette)


def test_the_dark_palette_is_dark_with_light_text() -> None:
    p = dark_palette()
    role = QPalette.ColorRole
    assert p.color(role.Window).lightness() < 60 and p.color(role.Base).lightness() < 60
    for text in (role.WindowText, role.Text, role.ButtonText):
        assert p.color(text).lightness() - p.color(role.Window).lightness() > 150  # readable contrast


def test_disabled_text_is_dimmer_but_still_there() -> None:
    p = dark_palette()
    normal = p.color(QPalette.ColorGroup.Active, QPalette.ColorRole.Text).lightness()
    disabled = p.color(QPalette.ColorGroup.Disabled, QPalette.ColorRole.Text).lightness()
    window = p.color(QPalette.ColorRole.Window).lightness()
    assert window < disabled < normal


def test_applying_it_sets_the_style_and_the_palette(restored: QApplication) -> None:
    apply_dark(restored)
    assert restored.style().name().lower() == "fusion"
    assert restored.palette().color(QPalette.ColorRole.Window) == dark_palette().color(QPalette.ColorRole.Window)

"""A dark palette for ``--dark`` (screenshots, and desktops whose dark theme Qt does not pick up)."""

from __future__ import annotations

from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication


def dark_palette() -> QPalette:
    p = QPalette()
    role = QPalette.ColorRole
    colours = {
        role.Window: "#202124",
        role.WindowText: "#e8eaed",
        role.Base: "#17181a",
        role.AlternateBase: "#26272b",
        role.ToolTipBase: "#2d2e31",
        role.ToolTipText: "#e8eaed",
        role.Text: "#e8eaed",
        role.Button: "#2d2e31",
        role.ButtonText: "#e8eaed",
        role.BrightText: "#ff6b6b",
        role.Highlight: "#3d7bd9",
        role.HighlightedText: "#ffffff",
        role.Link: "#8ab4f8",
        role.PlaceholderText: "#9aa0a6",
        role.Mid: "#3c4043",
        role.Dark: "#111214",
        role.Light: "#3c4043",
        role.Midlight: "#303134",
        role.Shadow: "#000000",
    }
    for r, c in colours.items():
        p.setColor(r, QColor(c))
    disabled = QPalette.ColorGroup.Disabled
    for r in (role.WindowText, role.Text, role.ButtonText):
        p.setColor(disabled, r, QColor("#6f7378"))
    return p


def apply_dark(app: QApplication) -> None:
    """Fusion draws every widget from the palette, so the dark one reads the same on every platform."""
    app.setStyle("Fusion")
    app.setPalette(dark_palette())

"""The one way server text reaches a widget, plus durations and times (dates in the locale's own way).

Qt renders a QLabel in its default AutoText format, a tooltip, and an item's ToolTipRole as rich text whenever
``Qt.mightBeRichText`` guesses so, and rich text loads ``<img src=...>`` from disk. Every string that can hold
API or server text goes through `plain_label` (labels) or `plain_tooltip` (tooltips of widgets, actions and
model items); ``tests/gui/test_plain_text.py`` sweeps the window for any that does not.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

from flowmusic_gui.core.elapsed import format_elapsed as format_elapsed
from flowmusic_gui.core.elapsed import format_took

if TYPE_CHECKING:
    from datetime import datetime

    from PySide6.QtCore import QDateTime
    from PySide6.QtWidgets import QLabel


def plain_label(text: str = "", *, wrap: bool = False, selectable: bool = False) -> QLabel:
    """A label that never interprets markup: API text such as ``<b>x</b>`` shows its brackets."""
    from PySide6.QtWidgets import QLabel

    from flowmusic_gui.ui.lazy_qt import PLAIN_TEXT, Qt

    label = QLabel()
    label.setProperty("textFormat", PLAIN_TEXT)  # an int through Qt's property: the status bar's labels are made
    label.setText(text)  # before the first paint, which builds no Qt namespace (see lazy_qt)
    label.setWordWrap(wrap)
    if selectable:
        label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label


def elide(text: str, limit: int) -> str:
    """``text`` cut to ``limit`` characters with an ellipsis: a megabyte title in a word-wrapped label takes
    seconds to lay out, and nobody reads past the first lines of one."""
    return text if len(text) <= limit else text[: limit - 1] + "…"


#: First Strong Isolate and Pop Directional Isolate (Unicode's bidirectional algorithm, UAX #9).
_FSI, _PDI = "\u2068", "\u2069"
#: Embeddings, overrides, isolates and marks: the characters that can reorder text beyond their own.
_BIDI_CONTROLS = frozenset("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


def isolate(text: str) -> str:
    """Server text to be set inside the app's own words: an override or embedding it holds (U+202E makes
    "3 clips" read "spilc 3") ends at the isolate's end instead of running on over the text after it.
    Text without such characters is returned as it is."""
    if not _BIDI_CONTROLS.intersection(text):
        return text
    # A PDI of the text's own that closes no isolate of its own would close ours and let what follows run on.
    kept: list[str] = []
    depth = 0
    for char in text:
        if char in "\u2066\u2067\u2068":
            depth += 1
        elif char == _PDI:
            if depth == 0:
                continue
            depth -= 1
        kept.append(char)
    return f"{_FSI}{''.join(kept)}{_PDI}"


def plain_tooltip(text: str) -> str:
    """A tooltip that shows ``text`` verbatim.

    QToolTip guesses rich text (Qt::mightBeRichText), so a title such as ``<b>x</b>`` would render bold.
    Escaping alone would then show ``&lt;``; wrapping the escaped text in ``<qt>`` forces rich text that
    displays exactly the original characters.
    """
    if not text:
        return ""
    import html  # only when a tooltip is made, after the first paint

    body = html.escape(elide(text, 2_000), quote=False).replace("\n", "<br>")
    return f"<qt>{body}</qt>"



def format_generation(seconds: float | None) -> str:
    """How long a song took to make: ``42 s`` under a minute, else ``m:ss`` / ``h:mm:ss`` (`format_took`, as the
    command line says it).

    Rounded to the whole second once, before the unit is chosen (as `core.sizes` rounds before it picks KB or MB):
    59.6 s reads "1:00", not "60 s", and 3599.6 s reads "1:00:00", not "59:59"."""
    if seconds is None or not math.isfinite(seconds):
        return ""
    whole = max(0, round(seconds))
    if whole < 60:
        return f"{whole} s"
    return format_took(whole)


def format_local(dt: datetime | None) -> str:
    """A datetime in the local time zone, to the minute, written the way the active locale writes it."""
    if dt is None:
        return ""
    from PySide6.QtCore import QDateTime

    return format_local_qt(QDateTime.fromMSecsSinceEpoch(round(dt.timestamp() * 1000)))


def format_local_qt(moment: QDateTime) -> str:
    """``31.12.26 23:59`` in German, ``12/31/26 11:59 PM`` in American English; ISO ``2026-12-31 23:59`` under
    the C locale (a server, a test), whose short format ("31 12 2026") reads like no one's."""
    from PySide6.QtCore import QLocale

    locale = QLocale()
    if locale.language() == QLocale.Language.C:
        return moment.toString("yyyy-MM-dd HH:mm")
    return locale.toString(moment, QLocale.FormatType.ShortFormat)

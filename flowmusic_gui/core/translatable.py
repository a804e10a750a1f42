"""The marker for words defined below the ui that the ui shows translated.

``core`` has no Qt, so it cannot call ``QCoreApplication.translate``; it marks its user-visible words with
`QT_TRANSLATE_NOOP`, which ``pyside6-lupdate`` extracts into the catalogue under the given context, and the ui
translates them where it shows them (``ui/i18n.py``). The command line shows them as written: it stays English.
"""

from __future__ import annotations


def QT_TRANSLATE_NOOP(context: str, text: str) -> str:  # the name lupdate looks for
    """``text`` unchanged: only a mark for the catalogue (translated later in ``context``)."""
    del context
    return text

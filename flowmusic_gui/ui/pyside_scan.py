"""PySide6's look at each newly imported module, answered from the module's bytes.

PySide6 (6.4 and later) asks of every module imported after it whether its source names ``PySide6``: only such
a module's ``from __feature__ import ...`` switching applies (``shibokensupport.feature._mod_uses_pyside``). It
answers with ``inspect.getsource``, which decodes the file, splits it into lines and keeps them in linecache:
about 0.12 ms a module, 7-9 ms of this app's start-up before the window's first paint (some 60 modules, the
app's and the standard library's, are first imported after PySide6). :func:`install` gives the same answer from
the file's bytes (a search for ``b"PySide6"``), and leaves every module that has no ``.py`` file to PySide6's
own check. The app uses no ``__feature__``; the answer stays PySide6's either way. If PySide6 has no such
function (a later version), nothing is changed.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from types import ModuleType

FEATURE_MODULE = "shibokensupport.feature"


def uses_pyside(module: ModuleType, fallback: Callable[[ModuleType], bool]) -> bool:
    """Whether ``module``'s source file names PySide6; ``fallback`` answers for a module without one."""
    path = getattr(module, "__file__", None)
    if isinstance(path, str) and path.endswith(".py"):
        try:
            with open(path, "rb") as source:
                return b"PySide6" in source.read()
        except OSError:
            pass
    return fallback(module)


def install() -> bool:
    """Answer PySide6's question from the bytes from now on (once PySide6 is imported); whether it was changed."""
    feature = sys.modules.get(FEATURE_MODULE)
    original = getattr(feature, "_mod_uses_pyside", None)
    if feature is None or not callable(original) or getattr(original, "quick", False):
        return False

    def quick(module: ModuleType) -> bool:
        return uses_pyside(module, original)

    quick.quick = True  # type: ignore[attr-defined]
    quick.__wrapped__ = original  # type: ignore[attr-defined]
    feature._mod_uses_pyside = quick  # type: ignore[attr-defined]
    return True

"""Guards against a Qt binding that cannot run this app for long.

PySide6 6.12.0 drops a reference to ``True`` on every ``Signal.emit()``; after a few hundred signals the interpreter
aborts ("bool_dealloc: deallocating True or False"). The app emits a signal per poll, so that release is excluded in
pyproject.toml, and this test fails on any binding with the same fault.
"""

from __future__ import annotations

import sys

from PySide6.QtCore import QObject, Signal


class _Emitter(QObject):
    plain = Signal()
    carrying = Signal(str, object)


def test_emitting_signals_leaves_reference_counts_alone() -> None:
    emitter = _Emitter()
    received: list[object] = []
    emitter.carrying.connect(lambda _a, b: received.append(b))
    before = (sys.getrefcount(True), sys.getrefcount(False))
    for i in range(50):
        emitter.plain.emit()
        emitter.carrying.emit("x", i)
    after = (sys.getrefcount(True), sys.getrefcount(False))
    assert len(received) == 50
    # A few references may come or go with unrelated objects; the fault loses one per emit (100 here).
    assert abs(after[0] - before[0]) < 20, f"True lost {before[0] - after[0]} references over 100 emits"
    assert abs(after[1] - before[1]) < 20

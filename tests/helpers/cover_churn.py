"""A child process that decodes covers on a worker thread while the GUI thread deletes connected objects:
``python cover_churn.py SECONDS``.

The worker decodes PNG, JPEG and non-image bytes with the app's ``decode_cover``, as the cover thread does. The
GUI thread meanwhile makes QActions with a connected receiver each and deletes the receivers: Qt then holds a
lock of its signals while it asks the binding for Python's GIL (a deleted receiver disconnects from its sender).
A decoder that takes one of those locks while holding the GIL waits on the GUI thread for ever, and the test
that starts this holds it to a deadline. It prints ``done ROUNDS DECODES`` at the end.
"""

from __future__ import annotations

import contextlib
import sys
import threading
import time


def main(argv: list[str]) -> int:
    seconds = float(argv[0])
    import shiboken6
    from PySide6.QtCore import QObject
    from PySide6.QtGui import QAction
    from PySide6.QtWidgets import QApplication

    from flowmusic_gui.simulator.media import jpeg_cover, make_png
    from flowmusic_gui.ui.detail.covers import decode_cover, load_decoders

    app = QApplication.instance() or QApplication([])
    assert app is not None
    load_decoders()  # as the cover loader does, on the GUI thread
    samples = [make_png("churn", 64), jpeg_cover(), b"<html>not found</html>"]
    stop = threading.Event()
    decodes = [0]

    def worker() -> None:
        while not stop.is_set():
            with contextlib.suppress(ValueError):  # the non-image bytes
                decode_cover(samples[decodes[0] % len(samples)])
            decodes[0] += 1

    thread = threading.Thread(target=worker, daemon=True)
    thread.start()
    rounds = 0
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        senders = [QAction() for _ in range(50)]
        receivers = [QObject() for _ in range(50)]
        for sender, receiver in zip(senders, receivers, strict=True):
            sender.triggered.connect(receiver.deleteLater)
        for receiver in receivers:
            shiboken6.delete(receiver)
        rounds += 1
    stop.set()
    thread.join(10)
    print(f"done {rounds} {decodes[0]}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

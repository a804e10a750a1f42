"""A child process that drives the inline player hard: ``python player_churn.py ROUNDS SEED URL...``.

Each round makes a Player and plays, stops, pauses, resumes, seeks, switches clips and replays the same clip on
real media through QtMultimedia, with short and no waits between, then shuts the player down. Qt's messages go
to a handler written in Python, as in the app (its log): FFmpeg's threads log into it while a stop waits for them.
It prints one ``round N`` line a round and ``done N`` at the end; the test that starts it holds it to a deadline,
so a player call that deadlocks shows as a child that stopped printing.
"""

from __future__ import annotations

import random
import sys


def main(argv: list[str]) -> int:
    rounds, seed, urls = int(argv[0]), int(argv[1]), argv[2:]
    from PySide6.QtCore import QEventLoop, QTimer, qInstallMessageHandler
    from PySide6.QtWidgets import QApplication

    from flowmusic_gui.ui.detail.player import Player

    app = QApplication.instance() or QApplication([])
    assert app is not None
    rnd = random.Random(seed)
    messages: list[str] = []
    qInstallMessageHandler(lambda _kind, _context, text: messages.append(text))

    def turn(ms: int) -> None:
        loop = QEventLoop()
        QTimer.singleShot(ms, loop.quit)
        loop.exec()

    for n in range(rounds):
        player = Player()
        for step in range(8):
            url = rnd.choice(urls)
            player.play(f"k{step % 3}", url, rnd.choice([None, 0.5, 2.0]))
            player.set_volume(rnd.random())
            turn(rnd.choice([0, 5, 30, 120]))
            r = rnd.random()
            key = player.current_key or "other"
            if r < 0.4:
                player.stop()
            elif r < 0.6:
                player.pause()
                turn(5)
                player.toggle(key, url)
            elif r < 0.8:
                player.seek(key, url, 1.0)
        player.shutdown()
        turn(rnd.choice([0, 20]))
        player.deleteLater()
        print(f"round {n + 1}", flush=True)
    print(f"done {rounds} ({len(messages)} Qt messages)", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))

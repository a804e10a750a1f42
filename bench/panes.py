"""What the benchmarks share: the detail pane built as the window builds it.

Imported by its name from the scripts beside it (``python bench/detail.py`` puts ``bench/`` on ``sys.path``).
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from flowmusic_gui.ui.detail.pane import DetailPane


def make_pane(folder: Path) -> tuple[DetailPane, Callable[[], None]]:
    """The detail pane as the window builds it: on a task runner, with the app's one download queue (over a store
    in a throwaway folder); the second value shuts all three down."""
    from flowmusic_gui.engine.download_settings import DownloadSettings
    from flowmusic_gui.engine.downloads import DownloadQueue
    from flowmusic_gui.engine.tasks import TaskRunner
    from flowmusic_gui.ui.detail.pane import DetailPane

    runner = TaskRunner()
    data = Path(tempfile.mkdtemp(prefix="flowmusic-bench-"))
    queue = DownloadQueue(data / "jobs.sqlite3", client=None, runner=runner,
                          settings=lambda: DownloadSettings(folder=folder))
    pane = DetailPane(download_dir=lambda: folder, runner=runner, downloads=queue)

    def close() -> None:
        pane.shutdown()
        queue.shutdown()
        runner.shutdown(2.0)
        queue.close_store()

    return pane, close

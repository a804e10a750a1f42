"""``flowmusic-gui``: argument parsing, the QApplication and the composition root of the desktop app.

Start-up order keeps the first paint fast: the window's skeleton is built and shown first; the rest follows from
the event loop, one step a turn so that no turn holds the loop long: the heavy modules (the engine, the store,
requests, keyring, mutagen) are imported on a worker, then the detail pane is built, then the backend starts
and is attached, then the desktop integration starts.
"""

from __future__ import annotations

import time

_T0 = time.perf_counter()

import argparse  # noqa: E402 - after the clock starts
import logging  # noqa: E402
import os  # noqa: E402
import shutil  # noqa: E402
import sys  # noqa: E402
import tempfile  # noqa: E402
from collections.abc import Callable, Sequence  # noqa: E402
from pathlib import Path  # noqa: E402
from typing import TYPE_CHECKING  # noqa: E402

from PySide6.QtCore import QCoreApplication, QEvent, QObject, QTimer  # noqa: E402 - Qt is needed by every path below

from flowmusic_gui.ui import pyside_scan  # noqa: E402

pyside_scan.install()  # PySide6's look at each module imported from here on, from its bytes (7-9 ms less start-up)

from flowmusic_gui import APP_ID, APP_NAME, __version__  # noqa: E402

if TYPE_CHECKING:
    from PySide6.QtWidgets import QApplication, QWidget

    from flowmusic_gui.core.schedule import PolicyConfig
    from flowmusic_gui.engine.types import JobView
    from flowmusic_gui.ui.demo_server import DemoServer
    from flowmusic_gui.ui.faults import ErrorReporter, QuitOnSignal
    from flowmusic_gui.ui.main_window import MainWindow

log = logging.getLogger("flowmusic_gui.gui")

DEMO_SPEED = 3.0  # the simulator's demo songs then finish within about 10 to 60 s
SELF_TEST_TIMEOUT_S = 30.0
SCREENSHOT_TIMEOUT_S = 60.0
COVERS_TIMEOUT_S = 10.0
PLAY_TIMEOUT_S = 6.0
#: What ``--screenshot`` can show (``--view``), the default first.
VIEWS = ("window", "new-song", "edit")

#: Imported on a worker right after the first paint, so that building the pane and starting the backend on the
#: GUI thread find them loaded. Plain Python and QtCore only: nothing here makes a widget.
PRELOAD = (
    "sqlite3", "requests", "keyring", "mutagen", "mutagen.mp3", "mutagen.mp4", "mutagen.id3",
    "flowmusic_gui.core.records", "flowmusic_gui.core.lyrics", "flowmusic_gui.core.client",
    "flowmusic_gui.core.store", "flowmusic_gui.core.tags", "flowmusic_gui.core.filenames",
    "flowmusic_gui.core.track", "flowmusic_gui.core.credentials", "flowmusic_gui.core.jobids",
    "flowmusic_gui.engine.types", "flowmusic_gui.engine.media", "flowmusic_gui.engine.downloads",
    "flowmusic_gui.engine.poller", "flowmusic_gui.engine.tracker", "flowmusic_gui.engine.accounts",
    "flowmusic_gui.engine.library",
)


def preload(names: Sequence[str] = PRELOAD) -> int:
    """Import ``names`` (on a worker thread); returns how many loaded. A missing one is skipped."""
    import importlib

    loaded = 0
    for name in names:
        try:
            importlib.import_module(name)
        except ImportError:
            continue
        loaded += 1
    return loaded


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="flowmusic-gui",
        description=f"{APP_NAME}: watch FlowMusic jobs until they finish, then hear and download the songs.",
    )
    parser.add_argument("jobids", nargs="*", metavar="JOBID", help="job ids to track (handed to a running window)")
    parser.add_argument("--demo", action="store_true", help="run against a built-in simulator with demo jobs")
    parser.add_argument("--no-discover", action="store_true",
                        help="start without taking in running jobs found on the account (see Settings)")
    parser.add_argument("--api-base", metavar="URL", help="API base URL (default: the settings, then "
                        "FLOWMUSIC_API_BASE, then https://api.useapi.net/v1/flowmusic)")
    parser.add_argument("--data-dir", metavar="DIR", help="where the job store and settings live")
    parser.add_argument("--self-test", action="store_true",
                        help="show the real window, print the time to its first paint, and exit")
    parser.add_argument("--screenshot", metavar="PATH",
                        help="with --demo: wait for a finished song, select it (its first take starred as the "
                        "keeper), save a PNG of the window, exit")
    parser.add_argument("--view", choices=VIEWS, default=VIEWS[0],
                        help="with --screenshot: the window (default), the New song form, or Make from this take "
                        "on a finished demo song")
    parser.add_argument("--window-size", metavar="WxH", type=_window_size,
                        help="open the window at this size, such as 1280x800 (screenshots)")
    parser.add_argument("--dark", action="store_true", help="use a dark palette")
    parser.add_argument("--demo-speed", type=float, default=DEMO_SPEED, metavar="X",
                        help=f"with --demo: how many times faster the simulated jobs run ({DEMO_SPEED:g})")
    parser.add_argument("--hidden", action="store_true",
                        help="start in the tray without showing the window (as the autostart entry does)")
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    return parser


def _window_size(text: str) -> tuple[int, int]:
    width, sep, height = text.lower().partition("x")
    if not sep or not width.isdigit() or not height.isdigit():
        raise argparse.ArgumentTypeError("give the size as WIDTHxHEIGHT, such as 1280x800")
    w, h = int(width), int(height)
    if not (400 <= w <= 10_000 and 300 <= h <= 10_000):
        raise argparse.ArgumentTypeError("the size must be between 400x300 and 10000x10000")
    return w, h


def _view(text: str) -> str:
    if text not in VIEWS:
        raise ValueError(text)
    return text


#: The options read_plain_args knows: flags, and options taking the next word as their value (converted as
#: build_parser's ``type`` or ``choices`` does). ``tests/gui/test_plain_args.py`` holds them to build_parser's.
PLAIN_FLAGS = frozenset({"--demo", "--no-discover", "--self-test", "--dark", "--hidden"})
PLAIN_VALUES: dict[str, Callable[[str], object]] = {
    "--api-base": str, "--data-dir": str, "--screenshot": str, "--view": _view, "--window-size": _window_size,
    "--demo-speed": float,
}  # fmt: skip


def read_plain_args(argv: Sequence[str]) -> argparse.Namespace | None:
    """``argv`` as build_parser's parser reads it, for a plain command line, without building that parser (its
    help texts' gettext lookups import ``locale``: 2 ms of the start-up before the window's first paint).

    Plain: the options spelled out (``--data-dir DIR``, not ``--data-dir=DIR`` nor ``--data``), each value a
    valid one in the next word, the job ids in one run. Anything else (help, version, an abbreviation, ``--``, a
    bad value, an unknown option) gives None: argparse then reads it, and answers or refuses it as it always did.
    """
    values: dict[str, object] = {_dest(name): False for name in PLAIN_FLAGS}
    values.update({_dest(name): None for name in PLAIN_VALUES})
    values.update(view=VIEWS[0], demo_speed=DEMO_SPEED)
    jobids: list[str] = []
    ended = False  # the job ids' run ended (argparse takes one run of them; a second is an error)
    words = iter(argv)
    for word in words:
        if not word.startswith("-"):
            if ended or not word:
                return None
            jobids.append(word)
            continue
        ended = bool(jobids)
        if word in PLAIN_FLAGS:
            values[_dest(word)] = True
            continue
        convert = PLAIN_VALUES.get(word)
        value = next(words, None)
        if convert is None or value is None or value.startswith("-"):
            return None
        try:
            values[_dest(word)] = convert(value)
        except (ValueError, argparse.ArgumentTypeError):
            return None
    return argparse.Namespace(jobids=jobids, **values)


def _dest(option: str) -> str:
    return option[2:].replace("-", "_")


def main(argv: Sequence[str] | None = None) -> int:
    words = list(sys.argv[1:] if argv is None else argv)
    args = read_plain_args(words) or build_parser().parse_args(words)

    def refuse(message: str) -> None:
        build_parser().error(message)  # the usage line and the message, exit code 2

    if args.screenshot and not args.demo:
        refuse("--screenshot works with --demo")
    if not 0 < args.demo_speed < float("inf"):  # nan and inf too: the simulator's own --speed refuses them
        refuse(f"--demo-speed must be a number above 0, got {args.demo_speed}")
    if args.api_base:
        # A quick check here; core.client.normalize_base_url (which imports requests) runs after the
        # first paint, in _start_backend.
        from urllib.parse import urlsplit

        parts = urlsplit(args.api_base.strip())
        if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
            refuse("--api-base: give an http:// or https:// URL")
    # Ctrl+C in a terminal ends the app (Python cannot run its handler inside Qt's event loop). Through the signal
    # module's own core, loaded with the interpreter: the module itself builds three enums on import (0.9 ms).
    import _signal  # type: ignore[import-not-found]

    _signal.signal(_signal.SIGINT, _signal.SIG_DFL)
    app = _application()
    if args.dark:
        from flowmusic_gui.ui.theme import apply_dark

        apply_dark(app)
    return App(app, args).run()


def _application() -> QApplication:
    from PySide6.QtWidgets import QApplication

    existing = QApplication.instance()
    if isinstance(existing, QApplication):
        return existing
    QApplication.setApplicationName(APP_NAME)
    QApplication.setApplicationVersion(__version__)
    QApplication.setOrganizationName("FlowMusic Monitor")
    QApplication.setDesktopFileName(APP_ID)
    return QApplication([sys.argv[0] if sys.argv else "flowmusic-gui"])


def demo_config(speed: float) -> PolicyConfig:
    """Polling tuned to the simulator's pace (its jobs take 30 to 180 s divided by ``speed``)."""
    from flowmusic_gui.core.schedule import PolicyConfig

    return PolicyConfig(
        poll_interval=max(0.25, 4.0 / speed),
        max_interval=max(1.0, 15.0 / speed),
        budget_per_s=10.0,
        prior_min_s=30.0 / speed,
        prior_max_s=180.0 / speed,
    )


class App:
    """One run of the program: owns the window, the backend and (in the demo) the simulator."""

    def __init__(self, qapp: QApplication, args: argparse.Namespace) -> None:
        self.qapp = qapp
        self.args = args
        self.window: MainWindow | None = None
        self.simulator: DemoServer | None = None
        self.temp_dir: str | None = None
        self.exit_code = 0
        self.first_paint_ms: float | None = None
        self._finish_reason = ""
        self._start: Callable[[], None] | None = None
        self._screenshot: _Screenshot | None = None  # kept: its slots die with it
        self._quitter: QuitOnSignal | None = None
        self._reporter: ErrorReporter | None = None

    # -- the run ----------------------------------------------------------------------------------------

    def run(self) -> int:
        from flowmusic_gui.core import paths

        args = self.args
        isolated = args.demo or args.self_test or args.screenshot
        if args.demo:
            self.temp_dir = tempfile.mkdtemp(prefix="flowmusic-demo-")
            data_dir = Path(self.temp_dir)
            # Downloads, covers and logs stay in the demo's folder too: the demo leaves nothing behind.
            paths.isolate(data_dir)
        else:
            data_dir = paths.data_dir(args.data_dir)
        try:
            data_dir.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            print(f"flowmusic-gui: cannot create the data folder {data_dir}: {exc}", file=sys.stderr)
            return 2
        if not args.self_test:
            from flowmusic_gui.ui.logging_setup import setup_logging

            setup_logging(paths.log_dir())
        server = None
        if not isolated:
            from flowmusic_gui.ui.desktop.single_instance import (
                InstanceServer,
                Reply,
                demo_server_name,
                hand_off,
                server_name,
            )

            name = server_name(data_dir)
            handed = hand_off(name, list(args.jobids))
            if handed.reply is Reply.REFUSED:
                print(f"flowmusic-gui: the running window did not take the ids: {handed.message}", file=sys.stderr)
                return 1
            # No window of the user's own is open: an open demo takes the ids rather than a second window
            # starting beside it (it says so, and where it looks them up).
            if (handed.reply is Reply.NONE and args.jobids
                    and hand_off(demo_server_name(), list(args.jobids)).reply is Reply.DEMO):
                print("flowmusic-gui: handed over to the running demo window. The demo looks the ids up on its "
                      "simulator, not on your account: close the demo, then run this again to watch them there.")
                return 0
            if handed.reply is not Reply.NONE:
                print("flowmusic-gui: handed over to the running window")
                return 0
            server = InstanceServer(name)
        elif args.demo and not (args.self_test or args.screenshot):
            from flowmusic_gui.ui.desktop.single_instance import InstanceServer, demo_server_name

            server = InstanceServer(demo_server_name(), demo=True)
        try:
            return self._run_window(data_dir, server)
        finally:
            if server is not None:
                server.close()
            if self.simulator is not None:
                self.simulator.stop()
            if self.temp_dir is not None:
                self._settle_demo_downloads(Path(self.temp_dir))
                paths.isolate(None)
                shutil.rmtree(self.temp_dir, ignore_errors=True)

    def _settle_demo_downloads(self, folder: Path) -> None:
        """The demo's folder goes now: its downloads are kept if the user says so, and what happened is said."""
        args = self.args
        asking = not (args.screenshot or args.self_test or self._finish_reason == "terminated")
        try:
            from flowmusic_gui.ui.dialogs.demo_downloads import settle_demo_downloads

            said = settle_demo_downloads(folder / "downloads", ask=asking)
        except Exception:  # the quit goes on; the log has it
            log.exception("the demo's downloads could not be settled")
            return
        if said:
            print(f"flowmusic-gui: {said}", file=sys.stderr)

    def _run_window(self, data_dir: Path, server: object | None) -> int:
        from flowmusic_gui.ui import i18n
        from flowmusic_gui.ui import options as opt
        from flowmusic_gui.ui.main_window import MainWindow
        from flowmusic_gui.ui.options import Options

        args = self.args
        options = Options.open(data_dir)
        from flowmusic_gui.engine.tasks import TaskRunner

        # Widgets take their words when they are made: the catalogue goes in before the window is built.
        i18n.install(options.get(opt.LANGUAGE))
        if args.screenshot and args.demo:
            # A screenshot is of the window: the demo's songs finishing must not leave notifications on the
            # desktop after it exits (its settings are the demo's own, deleted with it).
            options.set(opt.NOTIFICATIONS, False)
        # The one runner of the app: the window, its pane and the backend all run background work on it.
        # Only what the first frame shows is built now; the window's other parts follow its first paint.
        window = MainWindow(options, demo=args.demo, data_dir=data_dir, runner=TaskRunner(max_threads=12),
                            parts_later=True)  # fmt: skip
        if args.window_size:
            window.resize(*args.window_size)
        self.window = window
        probe = _FirstPaint(self._on_first_paint)
        window.installEventFilter(probe)
        self._start = lambda: self._start_backend(data_dir, options, server)
        window.quit_requested.connect(self.qapp.quit)  # also when the window is hidden in the tray
        if not (args.hidden and not (args.self_test or args.screenshot)):
            window.show()
        # The backend starts once the window has painted (or after a moment if it never does, say
        # when the window starts minimized): imports of requests and keyring do not delay the first paint.
        QTimer.singleShot(1000, self._start_once)
        if args.self_test:
            QTimer.singleShot(int(SELF_TEST_TIMEOUT_S * 1000), lambda: self._fail("self-test timed out"))
        if args.screenshot:
            QTimer.singleShot(int(SCREENSHOT_TIMEOUT_S * 1000),
                              lambda: self._fail("no demo song with lyrics finished within 60 s"))
        # Every uncaught error reaches the log and the window, and SIGTERM (a logout, kill) quits like File → Quit,
        # once the window has painted (see _start_once; before that, the signal's default ends the process, and an
        # error goes to the terminal as Python's own hook writes it).
        try:
            rc = self.qapp.exec()
        finally:
            if self._quitter is not None:
                self._quitter.close()
            if self._reporter is not None:
                self._reporter.uninstall()
        window.removeEventFilter(probe)
        window.shutdown()
        window.deleteLater()
        return rc or self.exit_code

    def _start_backend(self, data_dir: Path, options: object, server: object | None) -> None:
        from flowmusic_gui.core.store import StoreError
        from flowmusic_gui.ui.activity import Kind
        from flowmusic_gui.ui.backend import AppBackend, DemoBackend
        from flowmusic_gui.ui.desktop.single_instance import InstanceServer
        from flowmusic_gui.ui.options import API_BASE, Options, api_base, policy_config

        window = self.window
        assert window is not None
        assert isinstance(options, Options)
        args = self.args
        try:
            config = policy_config(options)
            if args.demo:
                from flowmusic_gui.simulator import DEMO_TOKEN, demo_jobids
                from flowmusic_gui.ui.demo_server import start_demo_server

                # A child process, not a thread here: see demo_server for the freeze an in-process server causes.
                self.simulator = start_demo_server(speed=args.demo_speed)
                config = demo_config(args.demo_speed)
                # Settings show the address the demo talks to (its settings file is in the temporary folder).
                options.set(API_BASE, self.simulator.base_url)
                backend: AppBackend = DemoBackend(
                    data_dir, self.simulator.base_url, config, DEMO_TOKEN, runner=window.runner
                )
                ids = list(args.jobids) or demo_jobids()
            else:
                backend = AppBackend(data_dir, api_base(options, args.api_base), config, runner=window.runner)
                ids = list(args.jobids)
        except StoreError as exc:  # the job list's own sentence names the file or folder and what to do
            log.warning("the job list could not be opened: %s", exc)
            if args.self_test or args.screenshot:
                self._fail(f"start-up failed: {exc}")
                return
            window.show_notice(str(exc), kind=Kind.PROBLEM)
            return
        except Exception as exc:  # shown to the user; the app stays up
            log.exception("start-up failed")
            if args.self_test or args.screenshot:
                self._fail(f"start-up failed: {type(exc).__name__}: {exc}")
                return
            window.show_notice(
                QCoreApplication.translate("App", "Could not start: {error}").format(
                    error=f"{type(exc).__name__}: {exc}"
                ),
                kind=Kind.PROBLEM,
            )
            return
        options.check_all()
        for sentence in options.take_problems():  # settings edited by hand: each bad value named once
            window.show_notice(sentence, kind=Kind.PROBLEM)
        store_notice = getattr(backend.store, "notice", None)
        if store_notice:
            window.show_notice(str(store_notice), kind=Kind.PROBLEM)
        if isinstance(server, InstanceServer):
            source = (QCoreApplication.translate("App", "another launch (the demo looks them up on its simulator)")
                      if server.demo else QCoreApplication.translate("App", "another launch"))
            server.jobids_received.connect(lambda ids_: window.controller.add_ids(ids_, source=source))
            server.activate_requested.connect(window.bring_to_front)
            server.listen()
        window.no_discover = bool(getattr(args, "no_discover", False))
        if args.self_test:
            window.jobs_shown.connect(self._self_test_done)
        window.attach(backend)
        if args.screenshot:
            self._screenshot = _Screenshot(self, window, Path(args.screenshot), view=args.view)
        # The desktop integration (and what follows) on a turn of its own: attaching took this one.
        QTimer.singleShot(0, lambda: self._after_attach(ids))

    def _after_attach(self, ids: list[str]) -> None:
        window, args = self.window, self.args
        if window is None or window.closed or self._finish_reason:
            return
        window.start_desktop()
        if not window.isVisible() and not window.has_tray():
            window.show()  # --hidden without a tray to hide in
        if ids:
            window.controller.add_ids(ids, source=QCoreApplication.translate("App", "the command line"))
        if args.demo:
            window.show_welcome(len(ids))

    # -- self-test and screenshot -----------------------------------------------------------------------

    def _on_first_paint(self) -> None:
        self.first_paint_ms = (time.perf_counter() - _T0) * 1000
        if self.args.self_test:
            print(f"self-test ok: first paint in {self.first_paint_ms:.0f} ms", flush=True)
        QTimer.singleShot(0, self._start_once)

    def _start_once(self) -> None:
        """After the first paint (or a second without one): the rest of the start, one step a turn."""
        start, self._start = self._start, None
        if start is None or self._finish_reason or self.window is None:
            return
        window = self.window
        from flowmusic_gui.ui.activity import Kind
        from flowmusic_gui.ui.faults import ErrorReporter, QuitOnSignal

        self._reporter = ErrorReporter(
            lambda text: None if window.closed else window.show_notice(text, kind=Kind.PROBLEM)
        )
        # The window's parts the first frame did not show (its commands, controller, downloads ...), at once.
        window.build_parts()
        self._quitter = QuitOnSignal(lambda: self.finish(0, "terminated"))

        def step(*actions: Callable[[], object]) -> None:
            if not actions or self._finish_reason or window.closed:
                return
            actions[0]()
            QTimer.singleShot(0, lambda: step(*actions[1:]))

        def install_catalogues() -> None:
            from flowmusic_gui.ui import i18n

            i18n.install_qt_catalogues()

        def rest(_result: object = None) -> None:
            step(install_catalogues, window.ensure_detail, window.restore_downloads_panel, start)

        # The modules the next steps need load on a worker meanwhile; the loop keeps turning.
        window.runner.run(preload, name="load the app's modules", on_success=rest, on_failure=rest)

    def _self_test_done(self) -> None:
        if self.first_paint_ms is None:
            self._fail("the tracker started but the window never painted")
            return
        QTimer.singleShot(0, lambda: self.finish(0))

    def _fail(self, reason: str) -> None:
        if self._finish_reason:
            return
        print(f"flowmusic-gui: {reason}", file=sys.stderr, flush=True)
        self.finish(1, reason)

    def finish(self, code: int, reason: str = "done") -> None:
        if self._finish_reason:
            return
        self._finish_reason = reason
        self.exit_code = code
        if self.window is not None:
            self.window.shutdown()
        self.qapp.exit(code)


class _FirstPaint(QObject):
    """Calls back once, on the window's first QEvent.Paint (after the event is handled)."""

    def __init__(self, callback: Callable[[], None]) -> None:
        super().__init__()
        self._callback = callback
        self._seen = False

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if not self._seen and event.type() == QEvent.Type.Paint:
            self._seen = True
            # Zero-delay: runs once this paint has been drawn and flushed.
            QTimer.singleShot(0, self._callback)
        return False


class _Screenshot:
    """Waits for a finished demo song with lyrics, selects it, waits for its covers, saves the window."""

    def __init__(self, app: App, window: MainWindow, path: Path, *, view: str = "window") -> None:
        self.app = app
        self.window = window
        self.path = path
        self.view = view
        self.form: QWidget | None = None
        self.done = False
        self.shot_started = False
        self.settled = False
        self._wanted = 0.0
        assert window.backend is not None
        window.backend.tracker.job_changed.connect(self._on_changed)
        window.jobs_shown.connect(self._scan)

    def _scan(self) -> None:
        for view in self.window.model.jobs():
            self._on_changed(view)

    def _on_changed(self, view: JobView) -> None:
        from flowmusic_gui.core.records import JobState

        if self.done or view.state is not JobState.COMPLETED or view.record is None:
            return
        if not any(clip.lyrics for clip in view.record.clips):
            return
        self.done = True
        pane = self.window.detail
        pane.covers_settled.connect(self._shoot)
        QTimer.singleShot(int(COVERS_TIMEOUT_S * 1000), self._shoot)
        self.window.select_jobids([view.jobid])

    def _shoot(self) -> None:
        if self.app._finish_reason or self.shot_started:
            return
        self.shot_started = True
        if self.view != "window":
            self._open_form()
            return
        # Play the song from its third sung line, so the picture shows the player and the lyrics following.
        pane = self.window.detail
        card = pane.shown_card
        if card is not None and card.keep.isEnabled() and not card.kept:
            card.keep.click()  # the take starred as the keeper: the star in the pane and in the table
        if card is not None and card.pairing.markers and pane.player.available:
            markers = card.pairing.markers
            start = markers[min(2, len(markers) - 1)][0] + 0.2
            pane.player.position_changed.connect(self._on_position)
            pane._on_seek(card.key, start)
            self._wanted = start
            QTimer.singleShot(int(PLAY_TIMEOUT_S * 1000), self._settle)
        else:
            self._settle()

    def _open_form(self) -> None:
        """The New song form filled in as a user would, or Make from this take on the shown song's first take."""
        studio = self.window.studio
        card = self.window.detail.shown_card
        if studio is None:
            self.app._fail("the studio is not available")
            return
        if self.view == "new-song":
            song = studio.new_song_dialog()
            form: QWidget = song
            song.prompt.setPlainText("Dreamy synth-pop, 104 BPM, warm analog pads, airy female vocals, a big chorus")
            song.lyrics.setPlainText("[Verse 1]\nStreetlights hum a quiet tune\nPainting gold across the room\n\n"
                                     "[Chorus]\nHold on, hold on to the night\nEvery window full of light")
            song.count.setValue(3)
            song.account_box.setCurrentIndex(1 if song.account_box.count() > 1 else 0)
            # Two reference files, as a user adds them (the demo's folder is its own and temporary).
            from flowmusic_gui.simulator.media import jpeg_cover, make_wav

            refs = self.window.data_dir / "references"
            refs.mkdir(parents=True, exist_ok=True)
            (refs / "city-at-night.jpg").write_bytes(jpeg_cover())
            (refs / "hummed-melody.wav").write_bytes(make_wav(7, 3.0))
            song.add_files([str(refs / "city-at-night.jpg"), str(refs / "hummed-melody.wav")])
        else:
            from PySide6.QtWidgets import QPlainTextEdit

            from flowmusic_gui.ui.studio.controller import take_from_clip
            from flowmusic_gui.ui.studio.edit_take import EditTakeDialog

            take = take_from_clip(card.clip) if card is not None else None
            if take is None:
                self.app._fail("no finished take to edit")
                return
            edit = EditTakeDialog(take, operation="replace", parent=self.window)
            form = edit
            widget = edit._inputs.get("instruction")
            if isinstance(widget, QPlainTextEdit):
                widget.setPlainText("a softer bridge with piano only")
            length = take.duration_s or 60.0
            edit._region_dragged(round(length * 0.3, 1), round(length * 0.45, 1))
        self.form = form
        form.show()
        QTimer.singleShot(600, self._save_form)

    def _save_form(self) -> None:
        if self.app._finish_reason or self.form is None:
            return
        self.path.parent.mkdir(parents=True, exist_ok=True)
        if not self.form.grab().save(str(self.path)):
            self.app._fail(f"could not write {self.path}")
            return
        print(f"screenshot saved: {self.path}", flush=True)
        self.app.finish(0)

    def _on_position(self, _key: str, seconds: float) -> None:
        if seconds >= self._wanted + 0.3:
            self._settle()

    def _settle(self) -> None:
        if self.settled or self.app._finish_reason:
            return
        self.settled = True
        # Let the pane lay out, scroll and paint what just arrived before grabbing.
        QTimer.singleShot(600, self._save)

    def _save(self) -> None:
        if self.app._finish_reason:
            return
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.window.refresh_counts()
        # The counts label just changed: let the status bar lay out for its new width before the grab.
        QCoreApplication.sendPostedEvents(None, QEvent.Type.LayoutRequest)
        if not self.window.grab().save(str(self.path)):
            self.app._fail(f"could not write {self.path}")
            return
        print(f"screenshot saved: {self.path}", flush=True)
        self.app.finish(0)


if __name__ == "__main__":  # pragma: no cover
    os.environ.setdefault("QT_LOGGING_RULES", "")
    raise SystemExit(main())

"""`caseworker`: Qt application, qasync event loop, logging, excepthook, single-instance guard, and the
:class:`~ui.app.controller.AppController` until it has shut down cleanly.

Test hook: ``CASEWORKER_TEST_EXIT_WHEN_INTERACTIVE=1`` prints a line once the main window is interactive
and quits (see :mod:`ui.app.interactive`; the start-up benchmark uses it)."""

from __future__ import annotations

import asyncio
import logging
import signal
import sys
import time

import qasync

from caseworker.paths import AppPaths, keep_private
from ui.app import interactive
from ui.app.controller import AppController
from ui.app.excepthook import ErrorReporter
from ui.app.instance import SingleInstance
from ui.app.options import AppOptions, parse_args
from ui.labels import SWEDISH
from ui.logs import close_logging, setup_logging
from ui.qt import MainThreadGarbageCollector, Qt, QtCore, QtGui, QtWidgets
from ui.theme import app_icon, apply_theme

log = logging.getLogger("caseworker")


def make_application(options: AppOptions) -> QtWidgets.QApplication:
    """The one QApplication, set up for Caseworker (high DPI, Swedish dates, Fusion, OS colour scheme)."""
    existing = QtWidgets.QApplication.instance()
    if existing is None:
        QtGui.QGuiApplication.setHighDpiScaleFactorRoundingPolicy(
            Qt.HighDpiScaleFactorRoundingPolicy.PassThrough  # 125 %, 150 %: crisp, not rounded
        )
        QtWidgets.QApplication.setDesktopFileName("caseworker")
        app = QtWidgets.QApplication(sys.argv[:1])
    else:
        assert isinstance(existing, QtWidgets.QApplication)
        app = existing
    app.setApplicationName("Caseworker")
    app.setOrganizationName("Caseworker")
    app.setWindowIcon(app_icon())
    app.setQuitOnLastWindowClosed(False)  # the controller ends the loop after a clean shutdown
    QtCore.QLocale.setDefault(SWEDISH)  # dates and numbers the Swedish way in every UI language
    forced = {"light": Qt.ColorScheme.Light, "dark": Qt.ColorScheme.Dark}.get(options.theme or "")
    apply_theme(app, forced)
    return app


def main(argv: list[str] | None = None) -> int:
    started = time.perf_counter()
    options = parse_args(sys.argv[1:] if argv is None else argv)
    keep_private()  # whatever this process writes is the user's alone (settings, logs, documents opened)
    if options.self_test:  # packaging/build.py's smoke test of a bundle
        from ui.selftest import run

        return run(options)
    paths = AppPaths.resolve(options.data_dir).ensure()
    log_file = setup_logging(paths.logs)
    log.info("Caseworker starting (data in %s)", paths.data)
    app = make_application(options)

    guard = SingleInstance(paths.data)
    if options.single_instance and not guard.acquire():
        print("Caseworker is already running; that window is shown now.", file=sys.stderr)
        return 0

    loop = qasync.QEventLoop(app)
    asyncio.set_event_loop(loop)
    MainThreadGarbageCollector(app)  # parented to app; see ui/qt.py: never delete Qt objects off-thread
    reporter = ErrorReporter(log_file, parent=app).install()
    controller = AppController(app, options, paths=paths, reporter=reporter)
    guard.activated.connect(controller.bring_to_front)
    if interactive.requested():  # test hook (benchmarks/startup.py): report when interactive, then quit
        interactive.InteractiveProbe(controller, started)

    # Ctrl+C in a terminal: shut down cleanly (a timer lets Python see the signal while Qt waits)
    previous_sigint = signal.signal(signal.SIGINT, lambda *_: controller.request_quit())
    wake = QtCore.QTimer()
    wake.start(500)
    wake.timeout.connect(lambda: None)
    # The session ending (Windows sign-out) quits the application: shut down cleanly first.
    app.aboutToQuit.connect(lambda: controller.request_quit())

    code = 0
    with loop:
        try:
            code = loop.run_until_complete(controller.run())
        except RuntimeError as exc:  # the Qt loop was stopped from outside (app.quit())
            log.info("event loop stopped (%s); shutting down", exc)
            if not controller.finished:
                loop.run_until_complete(controller.shutdown())
    asyncio.set_event_loop(None)
    signal.signal(signal.SIGINT, previous_sigint)
    wake.stop()
    controller.dispose()
    guard.release()
    reporter.uninstall()
    log.info("Caseworker stopped")
    close_logging()
    return code

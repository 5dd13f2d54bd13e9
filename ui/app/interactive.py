"""A test-only hook: say when the main window has become interactive, then quit (the start-up benchmark).

Set ``CASEWORKER_TEST_EXIT_WHEN_INTERACTIVE=1`` and, once the main window is *interactive*, the app
prints one line to stdout and shuts down cleanly (exit code 0)::

    caseworker: interactive (main +0.412 s)

Interactive means: the main window is shown, its queue has its count and first page, a paint of the
queue's table happened with every visible row loaded, and the events queued until then have been
processed (a zero-delay timer fired after that paint). The figure in brackets is the time since
``ui.app.startup.main`` was entered (the rest of a start is the interpreter and the imports); whoever
measures takes the time the line arrives. ``benchmarks/startup.py`` (``startup_offline``) uses it.

Unset (always, outside tests) nothing is installed. It is not a command-line option on purpose: users
never see it. Nothing else reads this variable.
"""

from __future__ import annotations

import os
import sys
import time
from typing import TYPE_CHECKING, Final, TextIO

from ui.qt import QtCore

if TYPE_CHECKING:
    from ui.app.controller import AppController
    from ui.shell.main_window import MainWindow

ENV: Final = "CASEWORKER_TEST_EXIT_WHEN_INTERACTIVE"
LINE_PREFIX: Final = "caseworker: interactive"


def requested() -> bool:
    return os.environ.get(ENV, "") not in ("", "0")


class InteractiveProbe(QtCore.QObject):
    """Watches ``controller``'s main window; reports once and asks the controller to quit."""

    def __init__(self, controller: AppController, started: float, out: TextIO | None = None) -> None:
        super().__init__(controller)
        self._controller = controller
        self._started = started
        self._out = out
        self._window: MainWindow | None = None
        self.reported = False
        controller.mainWindowShown.connect(self._main_window_shown)

    @QtCore.Slot(object)
    def _main_window_shown(self, window: MainWindow) -> None:
        if self.reported or self._window is not None:
            return
        self._window = window
        window.queue_view.table.viewport().installEventFilter(self)

    def _rows_ready(self) -> bool:
        """The queue shows its query, and every row that fits in the table is loaded."""
        assert self._window is not None
        view = self._window.queue_view
        model, table = view.model, view.table
        if not model.is_loaded:
            return False
        first = max(table.rowAt(0), 0)
        last = table.rowAt(table.viewport().height() - 1)
        if last < 0:
            last = model.rowCount() - 1
        return all(model.is_row_loaded(row) for row in range(first, last + 1))

    def eventFilter(self, watched: QtCore.QObject, event: QtCore.QEvent) -> bool:
        if event.type() == QtCore.QEvent.Type.Paint and self._window is not None and self._rows_ready():
            watched.removeEventFilter(self)
            QtCore.QTimer.singleShot(0, self._report)  # after the paint and what was queued before it
        return False

    @QtCore.Slot()
    def _report(self) -> None:
        if self.reported:
            return
        self.reported = True
        out = self._out or sys.stdout
        print(f"{LINE_PREFIX} (main +{time.perf_counter() - self._started:.3f} s)", file=out, flush=True)
        self._controller.request_quit()

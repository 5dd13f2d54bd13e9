"""The last line of defence: an unexpected exception is logged and explained, never shown as a traceback.

qasync sends exceptions of ``@asyncSlot`` handlers and of ``run_op`` operations to ``sys.excepthook``;
Qt slots do the same. :class:`ErrorReporter` replaces the hook: it logs the exception (scrubbed, with its
traceback, in the log file only) and shows a friendly Swedish dialog that says what happened, what was
kept (every change is in the outbox before anything is sent) and what to do. Exceptions in other
threads are logged and reported on the UI thread.

The dialog is opened with ``open()`` (window-modal, non-blocking), never ``exec()``: a nested event
loop inside a coroutine would break qasync's task switching.
"""

from __future__ import annotations

import logging
import sys
import threading
from collections.abc import Callable
from pathlib import Path
from types import TracebackType

from ui.qt import Qt, QtCore, QtGui, QtWidgets

log = logging.getLogger("caseworker.crash")

ExcInfo = tuple[type[BaseException], BaseException, TracebackType | None]


class ErrorReporter(QtCore.QObject):
    """Installs itself as ``sys.excepthook`` (and ``threading.excepthook``) until :meth:`uninstall`."""

    _fromThread = QtCore.Signal(object)  # ExcInfo from another thread, handled on the UI thread
    reported = QtCore.Signal(object)  # the exception, after it was logged (tests, diagnostics)

    def __init__(
        self,
        log_file: Path | None = None,
        parent_window: Callable[[], QtWidgets.QWidget | None] | None = None,
        parent: QtCore.QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.log_file = log_file
        self._parent_window = parent_window or QtWidgets.QApplication.activeWindow
        self._previous_hook = sys.excepthook
        self._previous_thread_hook = threading.excepthook
        self._box: QtWidgets.QMessageBox | None = None
        self.suppressed = 0  # errors that arrived while the dialog was already showing
        self._fromThread.connect(self._report, Qt.ConnectionType.QueuedConnection)

    def install(self) -> ErrorReporter:
        sys.excepthook = self.hook
        threading.excepthook = self._thread_hook
        return self

    def uninstall(self) -> None:
        if sys.excepthook == self.hook:
            sys.excepthook = self._previous_hook
        if threading.excepthook == self._thread_hook:
            threading.excepthook = self._previous_thread_hook

    # --- hooks -----------------------------------------------------------------------------------------

    def hook(self, exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
        if issubclass(exc_type, KeyboardInterrupt):
            self._previous_hook(exc_type, exc, tb)
            return
        if threading.current_thread() is not threading.main_thread():
            log.error("unexpected error in a background thread", exc_info=(exc_type, exc, tb))
            self._fromThread.emit((exc_type, exc, tb))
            return
        log.error("unexpected error", exc_info=(exc_type, exc, tb))
        self._report((exc_type, exc, tb))

    def _thread_hook(self, args: threading.ExceptHookArgs) -> None:
        if args.exc_value is None or issubclass(args.exc_type, SystemExit):
            return
        log.error(
            "unexpected error in thread %s",
            args.thread.name if args.thread else "?",
            exc_info=(args.exc_type, args.exc_value, args.exc_traceback),
        )
        self._fromThread.emit((args.exc_type, args.exc_value, args.exc_traceback))

    # --- the dialog --------------------------------------------------------------------------------------

    @QtCore.Slot(object)
    def _report(self, info: ExcInfo) -> None:
        self.reported.emit(info[1])
        if QtWidgets.QApplication.instance() is None:
            return
        if self._box is not None and self._box.isVisible():
            self.suppressed += 1  # one dialog at a time; the rest are in the log
            return
        self._box = self.make_dialog()
        self._box.open()

    def make_dialog(self) -> QtWidgets.QMessageBox:
        """The friendly dialog (what happened / what was kept / what to do); no traceback, no details."""
        parent = self._parent_window()
        box = QtWidgets.QMessageBox(parent)
        box.setObjectName("errorDialog")
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.setIcon(QtWidgets.QMessageBox.Icon.Warning)
        box.setWindowTitle(self.tr("Något gick fel"))
        box.setText(
            self.tr("Något oväntat gick fel i Caseworker. Det du höll på med blev kanske inte klart.")
        )
        kept = self.tr(
            "Inget av ditt arbete har försvunnit: dina ändringar finns kvar i utkorgen och skickas "
            "till plattformen när det går."
        )
        todo = self.tr(
            "Försök igen. Om felet kommer tillbaka, starta om Caseworker. Kvarstår det, kontakta "
            "support och bifoga loggfilen."
        )
        where = self.tr("Loggfilen: {path}").format(path=self.log_file) if self.log_file else ""
        box.setInformativeText("\n\n".join(t for t in (kept, todo, where) if t))
        box.setAccessibleName(box.windowTitle())
        box.setStandardButtons(QtWidgets.QMessageBox.StandardButton.Ok)
        box.setDefaultButton(QtWidgets.QMessageBox.StandardButton.Ok)
        # Esc and the window's close button: with two buttons Qt cannot tell which one closes
        box.setEscapeButton(QtWidgets.QMessageBox.StandardButton.Ok)
        if self.log_file is not None:
            folder = box.addButton(self.tr("Öppna loggmappen"), QtWidgets.QMessageBox.ButtonRole.ActionRole)
            folder.clicked.connect(self.open_log_folder)
        box.finished.connect(self._closed)
        return box

    @QtCore.Slot()
    def open_log_folder(self) -> None:
        if self.log_file is not None:
            QtGui.QDesktopServices.openUrl(QtCore.QUrl.fromLocalFile(str(self.log_file.parent)))

    @QtCore.Slot()
    def _closed(self) -> None:
        self._box = None

    @property
    def dialog(self) -> QtWidgets.QMessageBox | None:
        """The dialog on screen, if any."""
        return self._box

"""The one place that imports the Qt binding: version checks and workarounds live here."""

from __future__ import annotations

import os

os.environ.setdefault("QT_API", "pyside6")  # qasync picks its binding from this

from PySide6 import QtCore, QtGui, QtPrintSupport, QtWidgets
from PySide6.QtCore import Qt, Signal, Slot

MIN_QT = (6, 5)

if tuple(int(p) for p in QtCore.qVersion().split(".")[:2]) < MIN_QT:
    raise RuntimeError(f"Caseworker needs Qt {MIN_QT[0]}.{MIN_QT[1]} or newer, found {QtCore.qVersion()}")

__all__ = ["Qt", "QtCore", "QtGui", "QtPrintSupport", "QtWidgets", "Signal", "Slot"]


class MainThreadGarbageCollector(QtCore.QObject):
    """Run Python's cycle collector only on the GUI thread.

    With worker threads (the store, downloads, the embedded sandbox) an automatic collection may start on
    any of them and delete Qt objects there — a QTimer freed off its thread leaves Qt with dead timers
    and the event loop stops waking up. Anki does the same for the same reason.
    """

    def __init__(self, parent: QtCore.QObject | None = None, interval_ms: int = 1000) -> None:
        super().__init__(parent)
        import gc

        self._gc = gc
        gc.disable()
        self._timer = QtCore.QTimer(self)
        self._timer.timeout.connect(self.collect)
        self._timer.start(interval_ms)

    def collect(self) -> None:
        # generation 0 is cheap; a full collection only when generation 2 has grown
        threshold0, _, threshold2 = self._gc.get_threshold()
        counts = self._gc.get_count()
        if counts[2] > threshold2:
            self._gc.collect(2)
        elif counts[0] > threshold0:
            self._gc.collect(0)

    def stop(self) -> None:
        self._timer.stop()
        self._gc.enable()

"""The one place that imports the Qt binding: version checks and workarounds live here."""

from __future__ import annotations

import os

os.environ.setdefault("QT_API", "pyside6")  # qasync picks its binding from this

from PySide6 import QtCore, QtGui, QtWidgets
from PySide6.QtCore import Qt, Signal, Slot

MIN_QT = (6, 5)

if tuple(int(p) for p in QtCore.qVersion().split(".")[:2]) < MIN_QT:
    raise RuntimeError(f"Caseworker needs Qt {MIN_QT[0]}.{MIN_QT[1]} or newer, found {QtCore.qVersion()}")

__all__ = ["Qt", "QtCore", "QtGui", "QtWidgets", "Signal", "Slot"]

"""Files dropped on a window (the main window, a drawing window) open in the drawing viewer."""

from __future__ import annotations

from pathlib import Path

from ui.qt import QtCore, QtGui, Signal


def dropped_files(mime: QtCore.QMimeData) -> list[Path]:
    """The local files (not folders, not web addresses) in a drag."""
    if not mime.hasUrls():
        return []
    return [
        Path(url.toLocalFile())
        for url in mime.urls()
        if url.isLocalFile() and Path(url.toLocalFile()).is_file()
    ]


class FileDrops(QtCore.QObject):
    """Watches a widget (set as its parent): accepts drags of local files, emits ``dropped`` on a drop."""

    dropped = Signal(list)  # list[Path]

    def __init__(self, widget: QtCore.QObject) -> None:
        super().__init__(widget)
        widget.setAcceptDrops(True)  # type: ignore[attr-defined]
        widget.installEventFilter(self)

    def eventFilter(self, watched: QtCore.QObject, event: QtCore.QEvent) -> bool:
        kind = event.type()
        if kind in (QtCore.QEvent.Type.DragEnter, QtCore.QEvent.Type.DragMove):
            assert isinstance(event, QtGui.QDragMoveEvent)
            if dropped_files(event.mimeData()):
                event.acceptProposedAction()
                return True
        elif kind == QtCore.QEvent.Type.Drop:
            assert isinstance(event, QtGui.QDropEvent)
            files = dropped_files(event.mimeData())
            if files:
                event.acceptProposedAction()
                self.dropped.emit(files)
                return True
        return False

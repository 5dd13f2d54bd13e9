"""The queue's case table: uniform rows, row selection, Enter to open, a context menu, an empty-state text."""

from __future__ import annotations

from ui.qt import Qt, QtCore, QtGui, QtWidgets, Signal
from ui.queue.delegates import MARKER_SLOT, MARKERS_WIDTH


class QueueTable(QtWidgets.QTableView):
    """The case table: uniform rows, row selection, Enter to open, an empty-state text."""

    activateRequested = Signal(int)  # row
    menuRequested = Signal(QtCore.QPoint, int)  # global position, row (-1: none)

    def __init__(self, parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(parent)
        self.empty_text = ""
        self.setSelectionBehavior(QtWidgets.QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QtWidgets.QAbstractItemView.SelectionMode.ExtendedSelection)
        self.setEditTriggers(QtWidgets.QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setVerticalScrollMode(QtWidgets.QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.setHorizontalScrollMode(QtWidgets.QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.setWordWrap(False)
        self.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.setShowGrid(False)
        self.setAlternatingRowColors(True)
        self.setTabKeyNavigation(False)  # Tab leaves the table (keyboard users reach the filters)
        self.setCornerButtonEnabled(False)
        self.setMouseTracking(False)
        rows = self.verticalHeader()
        rows.setVisible(False)
        rows.setSectionResizeMode(QtWidgets.QHeaderView.ResizeMode.Fixed)
        rows.setMinimumSectionSize(1)
        header = self.horizontalHeader()
        header.setSectionsClickable(True)
        header.setSortIndicatorShown(True)
        header.setHighlightSections(False)
        header.setStretchLastSection(True)
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        header.setSectionResizeMode(QtWidgets.QHeaderView.ResizeMode.Interactive)
        header.setSectionsMovable(True)  # the user's own order is kept (QueueView.header_state)
        self.doubleClicked.connect(lambda index: self.activateRequested.emit(index.row()))
        self._apply_metrics()

    def _apply_metrics(self) -> None:
        fm = self.fontMetrics()
        self.verticalHeader().setDefaultSectionSize(max(fm.height() + 10, 24))
        # Wide enough for the markers icon; square icons (the municipality's colour) keep their size.
        self.setIconSize(QtCore.QSize(MARKERS_WIDTH, MARKER_SLOT))

    def changeEvent(self, event: QtCore.QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QtCore.QEvent.Type.FontChange:
            self._apply_metrics()

    def keyPressEvent(self, event: QtGui.QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            current = self.currentIndex()
            if current.isValid():
                self.activateRequested.emit(current.row())
                event.accept()
                return
        super().keyPressEvent(event)

    def contextMenuEvent(self, event: QtGui.QContextMenuEvent) -> None:
        if event.reason() == QtGui.QContextMenuEvent.Reason.Keyboard:
            current = self.currentIndex()
            rect = self.visualRect(current) if current.isValid() else QtCore.QRect()
            point = rect.center() if rect.isValid() else QtCore.QPoint(8, 8)
            point.setX(min(point.x(), self.viewport().width() // 3))
            row = current.row() if current.isValid() else -1
            self.menuRequested.emit(self.viewport().mapToGlobal(point), row)
        else:
            index = self.indexAt(self.viewport().mapFromGlobal(event.globalPos()))
            self.menuRequested.emit(event.globalPos(), index.row() if index.isValid() else -1)
        event.accept()

    def paintEvent(self, event: QtGui.QPaintEvent) -> None:
        super().paintEvent(event)
        model = self.model()
        if self.empty_text and model is not None and model.rowCount() == 0:
            painter = QtGui.QPainter(self.viewport())
            painter.setPen(self.palette().color(QtGui.QPalette.ColorRole.PlaceholderText))
            area = self.viewport().rect().adjusted(24, 24, -24, -24)
            flags = Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop | Qt.TextFlag.TextWordWrap
            painter.drawText(area, int(flags), self.empty_text)
            painter.end()

"""The page thumbnails of a drawing with several pages: rendered through the engine (in its workers, one
page after another, after the view's first render so they never hold the view up), clicked to go there."""

from __future__ import annotations

import asyncio
import logging
from concurrent.futures import Future

import shiboken6

from caseworker.drawings.engine import Document, RenderEngine
from caseworker.drawings.images import PixelImage
from ui.qt import Qt, QtCore, QtGui, QtWidgets, Signal

log = logging.getLogger(__name__)

THUMB = QtCore.QSize(120, 120)  # a page fits this box


class ThumbnailStrip(QtWidgets.QListWidget):
    """One item per page ("Sida N"); ``pageChosen`` when the user picks one."""

    pageChosen = Signal(int)  # from 0

    def __init__(self, engine: RenderEngine, parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(parent)
        self.engine = engine
        self.document: Document | None = None
        self._next = 0  # the next page to render a thumbnail of
        self._pending: Future[PixelImage] | None = None
        self.setObjectName("drawingThumbnails")
        self.setViewMode(QtWidgets.QListView.ViewMode.IconMode)
        self.setFlow(QtWidgets.QListView.Flow.TopToBottom)
        self.setWrapping(False)
        self.setMovement(QtWidgets.QListView.Movement.Static)
        self.setResizeMode(QtWidgets.QListView.ResizeMode.Adjust)
        self.setIconSize(THUMB)
        self.setSpacing(6)
        self.setUniformItemSizes(True)
        self.setFixedWidth(THUMB.width() + 44)
        self.setSelectionMode(QtWidgets.QAbstractItemView.SelectionMode.SingleSelection)
        self.currentRowChanged.connect(self._chosen)

    @property
    def rendered(self) -> int:
        """How many pages have their picture."""
        return sum(1 for i in range(self.count()) if self.item(i).data(Qt.ItemDataRole.UserRole))

    def set_document(self, document: Document, current: int) -> None:
        """Items for ``document``'s pages (without pictures yet); ``current`` selected."""
        self.stop()
        self.document = document
        self.blockSignals(True)
        self.clear()
        blank = QtGui.QPixmap(THUMB)
        blank.fill(Qt.GlobalColor.white)
        for _ in range(document.page_count):
            item = QtWidgets.QListWidgetItem(QtGui.QIcon(blank), "")
            item.setSizeHint(QtCore.QSize(THUMB.width() + 16, THUMB.height() + 32))
            self.addItem(item)
        self.retranslate()
        self.setCurrentRow(current)
        self.blockSignals(False)
        self._next = 0

    def retranslate(self) -> None:
        self.setAccessibleName(self.tr("Sidor"))
        for page in range(self.count()):
            item = self.item(page)
            item.setText(self.tr("Sida {page}").format(page=page + 1))
            item.setData(Qt.ItemDataRole.AccessibleTextRole, item.text())

    def show_page(self, page: int) -> None:
        """The viewer went to ``page``: select it without sending pageChosen back."""
        self.blockSignals(True)
        self.setCurrentRow(page)
        self.blockSignals(False)
        item = self.item(page)
        if item is not None:
            self.scrollToItem(item)

    def _chosen(self, row: int) -> None:
        if row >= 0:
            self.pageChosen.emit(row)

    def start(self) -> None:
        """Render the pictures, one page at a time (call after the view's first render)."""
        if self._pending is None:
            self._render_next()

    def stop(self) -> None:
        if self._pending is not None:
            self._pending.cancel()
            self._pending = None

    def _render_next(self) -> None:
        document = self.document
        if document is None or self._next >= min(self.count(), document.page_count):
            self._pending = None
            return
        page, self._next = self._next, self._next + 1
        try:
            future = self.engine.render_page(document, page, width=THUMB.width(), height=THUMB.height())
        except (ValueError, RuntimeError) as exc:  # the document closed meanwhile
            log.info("no thumbnail: %s", exc)
            self._pending = None
            return
        self._pending = future
        asyncio.wrap_future(future).add_done_callback(lambda done: self._arrived(document, page, done))

    def _arrived(self, document: Document, page: int, done: asyncio.Future[PixelImage]) -> None:
        if not shiboken6.isValid(self) or document is not self.document:
            return
        self._pending = None
        if done.cancelled():
            return
        exc = done.exception()
        if exc is not None:  # the page itself will say why when it is shown
            log.info("a thumbnail could not be rendered: %s", exc)
        else:
            image = done.result()
            picture = QtGui.QImage(
                image.pixels, image.width, image.height, image.stride, QtGui.QImage.Format.Format_RGB32
            ).copy()  # the engine may reuse its memory later
            item = self.item(page)
            if item is not None:
                item.setIcon(QtGui.QIcon(QtGui.QPixmap.fromImage(picture)))
                item.setData(Qt.ItemDataRole.UserRole, True)
        self._render_next()

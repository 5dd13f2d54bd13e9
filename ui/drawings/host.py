"""The drawing viewer's place in the app: one render engine for the process (started on the first open,
closed with the app), and the windows of the drawings open now.

Opened from a case's documents (the bytes from the encrypted store when they are there, so offline too;
downloaded into the store through the sync engine otherwise) and from a local file (``caseworker --open``).
"""

from __future__ import annotations

import asyncio
import logging
from pathlib import Path

import shiboken6

from caseworker.domain.models import Document
from caseworker.drawings.engine import RenderEngine
from caseworker.drawings.previews import PreviewCache
from ui.case.documents import document_bytes
from ui.case.view import CaseView
from ui.drawings.viewer import DrawingWindow
from ui.qt import QtCore
from ui.services import Services

log = logging.getLogger(__name__)


class DrawingsHost(QtCore.QObject):
    """Owns the engine and the drawing windows; ``await close()`` when the app shuts down."""

    windowOpened = QtCore.Signal(object)  # DrawingWindow

    def __init__(self, engine: RenderEngine | None = None, parent: QtCore.QObject | None = None) -> None:
        super().__init__(parent)
        self._engine = engine
        self._own_engine = engine is None
        self.windows: list[DrawingWindow] = []
        self._previews: PreviewCache | None = None  # the signed-in user's, in their store's folder

    @property
    def engine(self) -> RenderEngine:
        if self._engine is None:  # workers start only when a drawing is first opened
            self._engine = RenderEngine(previews=self._previews)
        return self._engine

    def use_previews(self, previews: PreviewCache | None) -> None:
        """Keep first views in ``previews`` (None: no disk cache, e.g. after signing out)."""
        self._previews = previews
        if self._engine is not None:
            self._engine.previews = previews

    def attach(self, case_view: CaseView, services: Services) -> None:
        """Drawings of ``case_view``'s documents open here; first views are kept in the user's encrypted
        preview cache (the store's folder, a key derived from the store's data key)."""
        self.use_previews(PreviewCache(services.store.previews_dir, services.store.preview_key))
        case_view.openDrawing.connect(lambda doc_id: self._open_from_case(services, case_view, doc_id))
        case_view.set_drawing_viewer_available(True)

    def _open_from_case(self, services: Services, case_view: CaseView, doc_id: str) -> None:
        doc = next((d for d in case_view.documents.documents if d.id == doc_id), None)
        if doc is not None:
            self.open_document(services, doc)

    def open_document(self, services: Services, doc: Document) -> DrawingWindow:
        window = self._window(doc.title or doc.filename)
        window.viewer.open(document_bytes(services, doc), sha256=doc.sha256)
        return window

    def open_file(self, path: Path) -> DrawingWindow:
        window = self._window(path.name)
        window.viewer.open(path)
        return window

    def _window(self, title: str) -> DrawingWindow:
        window = DrawingWindow(self.engine, title)
        window.setAttribute(QtCore.Qt.WidgetAttribute.WA_DeleteOnClose)
        window.closed.connect(lambda: self._forget(window))
        self.windows.append(window)
        window.show()
        window.raise_()
        window.activateWindow()
        self.windowOpened.emit(window)
        return window

    def _forget(self, window: DrawingWindow) -> None:
        if window in self.windows:
            self.windows.remove(window)

    def close_windows(self) -> None:
        """Close every drawing window (signing out: they show the user's documents)."""
        self.use_previews(None)
        for window in list(self.windows):
            if shiboken6.isValid(window):
                window.close()
        self.windows.clear()

    async def close(self) -> None:
        """Close the windows, then stop the engine's workers (off the UI thread: it joins threads)."""
        self.close_windows()
        engine, self._engine = self._engine, None
        if engine is not None and self._own_engine:
            await asyncio.to_thread(engine.close)

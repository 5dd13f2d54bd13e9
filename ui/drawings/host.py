"""The drawing viewer's place in the app: one render engine for the process (started on the first open,
closed with the app), and the windows of the drawings open now.

Opened from a case's documents (the bytes from the encrypted store when they are there, so offline too;
downloaded into the store through the sync engine otherwise) and from a local file (``caseworker --open``).
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

import shiboken6

from ui.case.documents import document_bytes
from ui.drawings.drops import FileDrops
from ui.qt import QtCore, QtWidgets

if TYPE_CHECKING:  # the engine and the viewer are imported when the first drawing opens, not at start
    from caseworker.domain.models import Document
    from caseworker.drawings.engine import RenderEngine
    from caseworker.drawings.previews import PreviewCache
    from ui.case.view import CaseView
    from ui.drawings.compare_window import CompareWindow
    from ui.drawings.viewer import DrawingWindow
    from ui.services import Services

log = logging.getLogger(__name__)

MarkupsHook = Callable[["DrawingWindow", "Services", "Document"], QtCore.QObject]
# a compare whose new sheet (the last Document) is a case's: clouds around its changes (ui.markups)
CloudsHook = Callable[["CompareWindow", "DrawingsHost", "Services", "Document", "Document"], QtCore.QObject]


class DrawingsHost(QtCore.QObject):
    """Owns the engine and the drawing windows; ``await close()`` when the app shuts down."""

    windowOpened = QtCore.Signal(object)  # DrawingWindow

    def __init__(
        self,
        engine: RenderEngine | None = None,
        parent: QtCore.QObject | None = None,
        *,
        markups: MarkupsHook | None = None,
        clouds: CloudsHook | None = None,
    ) -> None:
        super().__init__(parent)
        # gives a window showing a case's document its markups (ui.markups.offer_markups: a layer above)
        self.markups = markups
        # gives a compare with a case's document "Molnmarkera ändringar" (ui.markups.offer_clouds)
        self.clouds = clouds
        self._engine = engine
        self._own_engine = engine is None
        self.windows: list[DrawingWindow] = []
        # the signed-in user's preview cache: its folder (in their store's) and key; made with the engine
        self._preview_place: tuple[Path, bytes] | None = None

    @property
    def engine(self) -> RenderEngine:
        if self._engine is None:  # workers start only when a drawing is first opened
            from caseworker.drawings.engine import RenderEngine

            self._engine = RenderEngine(previews=self._previews())
        return self._engine

    def _previews(self) -> PreviewCache | None:
        if self._preview_place is None:
            return None
        from caseworker.drawings.previews import PreviewCache

        return PreviewCache(*self._preview_place)

    def use_previews(self, place: tuple[Path, bytes] | None) -> None:
        """Keep first views in the encrypted cache at ``place`` (folder, key); None: no disk cache (e.g.
        after signing out). The cache (and the engine) are made when the first drawing opens."""
        self._preview_place = place
        if self._engine is not None:
            self._engine.previews = self._previews()

    def attach(self, case_view: CaseView, services: Services) -> None:
        """Drawings of ``case_view``'s documents open here; first views are kept in the user's encrypted
        preview cache (the store's folder, a key derived from the store's data key)."""
        self.use_previews((services.store.previews_dir, services.store.preview_key))
        case_view.openDrawing.connect(lambda doc_id: self._open_from_case(services, case_view, doc_id))
        case_view.set_drawing_viewer_available(True)

    def accept_drops(self, widget: QtWidgets.QWidget) -> None:
        """Files dropped on ``widget`` (the main window) open in drawing windows."""
        FileDrops(widget).dropped.connect(self._open_files)

    def _open_files(self, files: list[Path]) -> None:
        for path in files:
            self.open_file(path)

    def _open_from_case(self, services: Services, case_view: CaseView, doc_id: str) -> None:
        doc = next((d for d in case_view.documents.documents if d.id == doc_id), None)
        if doc is not None:
            self.open_document(services, doc)

    def open_document(self, services: Services, doc: Document) -> DrawingWindow:
        """A case's or the archive's document; a case's offers its markups (``markups``, from the layer
        above)."""
        window = self._window(doc.title or doc.filename)
        if self.markups is not None and doc.case_id is not None:  # an archived sheet has none
            window.markups = self.markups(window, services, doc)
        window.viewer.open(document_bytes(services, doc), sha256=doc.sha256)
        return window

    def open_file(self, path: Path) -> DrawingWindow:
        window = self._window(path.name)
        window.viewer.open(path)
        return window

    def _window(self, title: str) -> DrawingWindow:
        from ui.drawings.viewer import DrawingWindow

        window = DrawingWindow(self.engine, title)
        window.setAttribute(QtCore.Qt.WidgetAttribute.WA_DeleteOnClose)
        window.closed.connect(lambda: self._forget(window))
        window.filesDropped.connect(self._open_files)
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

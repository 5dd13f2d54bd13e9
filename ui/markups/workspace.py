"""A drawing with its markups: the viewer, the markup layer and tools above it, the markups list beside it.

Markups are read from the user's store (what the sync engine cached, the user's unsent ones included) and
every change goes through the outbox (``Services.sync``), so marking up works the same offline.
:class:`MarkupSession` is the markup side of one viewer (used by the workspace here and by a drawing
window opened from a case, ``ui/markups/window.py``).
"""

from __future__ import annotations

from collections.abc import Coroutine, Iterable
from pathlib import Path
from typing import Any

from caseworker.domain.models import Annotation, Document
from caseworker.drawings.engine import RenderEngine
from caseworker.markups import Markup
from ui.drawings.viewer import DrawingViewer
from ui.markups.editor import MarkupEditor, MarkupWrites
from ui.markups.exchange import MarkupExchange
from ui.markups.layer import MarkupLayer
from ui.markups.listing import MarkupList
from ui.markups.tools import MarkupToolBar
from ui.ops import run_op
from ui.qt import Qt, QtCore, QtWidgets
from ui.widgets import Retranslated


class MarkupSession(QtCore.QObject):
    """The markups of one document on ``viewer``: layer, editor, tools, list and a notice line. The owner
    places ``tools``, ``list`` and ``notice``; background work runs on ``owner``."""

    loaded = QtCore.Signal()  # the markups read by load() are shown (or could not be read)

    def __init__(
        self, viewer: DrawingViewer, writes: MarkupWrites, author: str, owner: QtWidgets.QWidget
    ) -> None:
        super().__init__(owner)
        self.owner = owner
        self.viewer = viewer
        self.layer = MarkupLayer(viewer.canvas)
        self.editor = MarkupEditor(self.layer, writes, author, owner)
        self.tools = MarkupToolBar(self.editor)
        self.list = MarkupList(self.editor)
        self.document: Document | None = None
        self.exchange = MarkupExchange(self)  # export, import, print, the report: after the tools
        self.tools.addSeparator()
        self.tools.addWidget(self.exchange)
        viewer.opened.connect(lambda _doc: self.layer.rebuild())
        self.notice = QtWidgets.QLabel()
        self.notice.setObjectName("markupNotice")
        self.notice.setWordWrap(True)
        self.notice.hide()
        self.editor.failed.connect(self._failed)
        self.shown = True  # the tools in use (a drawing window's markups toggle turns them off)

    def load(self, document: Document, markups: Coroutine[Any, Any, list[Annotation]]) -> None:
        """The markups of ``document`` that ``markups`` resolves to (e.g. the store's list)."""
        self.document = document
        self.editor.document_id = document.id
        self.editor.document_sha256 = document.sha256
        self.editor.active = False  # until read: what is drawn meanwhile would vanish when they arrive
        run_op(self.owner, markups, on_success=self.show_markups, on_failure=self._not_read)

    def _not_read(self, exc: BaseException) -> None:
        self._failed(str(exc))
        self.editor.active = self.shown
        self.loaded.emit()

    def show_markups(self, annotations: Iterable[Annotation]) -> None:
        """The markups as the store holds them now (the undo history starts afresh: ids may have moved)."""
        markups = [Markup.from_annotation(a) for a in annotations]
        self.layer.set_markups(markups)
        self.editor.undo_stack.clear()
        other = [m for m in markups if m.document_sha256 and m.document_sha256 != self.editor.document_sha256]
        if other:  # made on another revision: flagged, never moved
            text = self.tr("Markeringar gjorda på en annan version av ritningen (visas inte flyttade): %1")
            self.notice.setText(text.replace("%1", str(len(other))))
            self.notice.show()
        self.editor.active = self.shown
        self.loaded.emit()

    def _failed(self, text: str) -> None:
        self.notice.setText(self.tr("Markeringen kunde inte sparas: %1").replace("%1", text))
        self.notice.show()


class MarkupWorkspace(Retranslated, QtWidgets.QWidget):
    def __init__(
        self, engine: RenderEngine, writes: MarkupWrites, author: str, parent: QtWidgets.QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.viewer = DrawingViewer(engine)
        self.session = MarkupSession(self.viewer, writes, author, self)
        self.layer, self.editor = self.session.layer, self.session.editor
        self.tools, self.list, self.notice = self.session.tools, self.session.list, self.session.notice
        for action in self.tools.actions():
            self.addAction(action)  # the tools' keys work wherever the focus is in the workspace
        splitter = QtWidgets.QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(self.viewer)
        splitter.addWidget(self.list)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 1)
        layout = QtWidgets.QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.tools)
        layout.addWidget(self.notice)
        layout.addWidget(splitter, 1)
        self.retranslate()

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Markeringar"))

    def open(self, document: Document, path: Path, markups: Coroutine[Any, Any, list[Annotation]]) -> None:
        """Show ``document`` (its bytes at ``path``) with the markups ``markups`` resolves to."""
        self.session.load(document, markups)
        self.viewer.open(path, sha256=document.sha256)

    def show_markups(self, annotations: Iterable[Annotation]) -> None:
        self.session.show_markups(annotations)

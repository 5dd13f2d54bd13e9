"""A drawing with its markups: the viewer, the markup layer and tools above it, the markups list beside it.

Markups are read from the user's store (what the sync engine cached, the user's unsent ones included) and
every change goes through the outbox (``Services.sync``), so marking up works the same offline.
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
from ui.markups.layer import MarkupLayer
from ui.markups.listing import MarkupList
from ui.markups.tools import MarkupToolBar
from ui.ops import run_op
from ui.qt import Qt, QtWidgets
from ui.widgets import Retranslated


class MarkupWorkspace(Retranslated, QtWidgets.QWidget):
    def __init__(
        self, engine: RenderEngine, writes: MarkupWrites, author: str, parent: QtWidgets.QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.viewer = DrawingViewer(engine)
        self.layer = MarkupLayer(self.viewer.canvas)
        self.editor = MarkupEditor(self.layer, writes, author, self)
        self.tools = MarkupToolBar(self.editor)
        self.list = MarkupList(self.editor)
        for action in self.tools.actions():
            self.addAction(action)  # the tools' keys work wherever the focus is in the workspace
        self.viewer.opened.connect(lambda _doc: self.layer.rebuild())
        self.notice = QtWidgets.QLabel()
        self.notice.setObjectName("markupNotice")
        self.notice.setWordWrap(True)
        self.notice.hide()
        self.editor.failed.connect(self._failed)
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
        self.editor.document_id = document.id
        self.editor.document_sha256 = document.sha256
        self.viewer.open(path, sha256=document.sha256)
        run_op(self, markups, on_success=self.show_markups, on_failure=lambda exc: self._failed(str(exc)))

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

    def _failed(self, text: str) -> None:
        self.notice.setText(self.tr("Markeringen kunde inte sparas: %1").replace("%1", text))
        self.notice.show()

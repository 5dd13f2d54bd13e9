"""Markups in a drawing window opened from a case's documents: the window's "Markeringar" toggle (Ctrl+M)
shows the markup layer, the markup tool bar under the viewer's and the markups list docked beside the
drawing. Switched off, the markups are hidden and the pointer pans and zooms as in any drawing window.

Showing them reads the document's markups from the user's store again (what the sync engine cached, the
user's unsent ones included); every change goes through the outbox (``MarkupSession``)."""

from __future__ import annotations

from caseworker.domain.models import Document
from ui.drawings.viewer import DrawingWindow
from ui.markups.workspace import MarkupSession
from ui.qt import Qt, QtGui, QtWidgets
from ui.services import Services
from ui.widgets import Retranslated, filled


class MarkupDock(Retranslated, QtWidgets.QDockWidget):
    """The markups list (and the notice line) beside the drawing."""

    def __init__(self, session: MarkupSession, parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("markupDock")
        # no close button: the window's Markeringar toggle shows and hides it with the tools
        self.setFeatures(
            QtWidgets.QDockWidget.DockWidgetFeature.DockWidgetMovable
            | QtWidgets.QDockWidget.DockWidgetFeature.DockWidgetFloatable
        )
        body = QtWidgets.QWidget()
        layout = filled(QtWidgets.QVBoxLayout(body), session.notice, session.list, grow=session.list)
        layout.setContentsMargins(4, 0, 0, 0)
        self.setWidget(body)
        self.retranslate()

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Markeringslista"))


class WindowMarkups(MarkupSession):
    """The markups of ``document`` in ``window``, off until the window's Markeringar toggle is checked."""

    document: Document  # a case's document, from the start

    def __init__(self, window: DrawingWindow, services: Services, document: Document) -> None:
        super().__init__(window.viewer, services.sync, services.user.display_name, window)
        self.window = window
        self.services = services
        self.document = document
        layout = window.viewer.layout()
        assert isinstance(layout, QtWidgets.QVBoxLayout)
        layout.insertWidget(1, self.tools)  # under the viewer's own tool bar
        self.tools.setWindowTitle(self.tr("Markeringsverktyg"))
        self.tools.hide()
        self.dock = MarkupDock(self, window)
        window.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.dock)
        self.dock.hide()
        self.dock.setMinimumWidth(360)  # page, kind, text and author readable beside the drawing
        self._keys: list[QtGui.QAction] = [a for a in self.tools.actions() if not a.shortcut().isEmpty()]
        self.shown = False
        self.editor.set_active(False)
        self.layer.set_shown(False)
        self.action = window.offer_markups()
        self.action.toggled.connect(self.set_shown)
        self.exchange.case_label = self.case_label

    async def case_label(self) -> str:
        """The case's registration number and property, as the local store has them ("" if not there)."""
        case_id = self.document.case_id
        case = await self.services.store.get_case_summary(case_id) if case_id else None
        return f"{case.registration_number}, {case.property_designation}" if case is not None else ""

    def set_shown(self, shown: bool) -> None:
        """Show the markups (read again from the store), their tools and list; or hide them all."""
        self.shown = shown
        self.editor.set_active(shown)
        if shown:
            self.load(self.document, self.services.store.list_annotations(self.document.id))
        self.tools.setVisible(shown)
        self.dock.setVisible(shown)
        for action in self._keys:  # the tools' letters work anywhere in the window, only while shown
            if shown:
                self.window.addAction(action)
            else:
                self.window.removeAction(action)
        self.layer.set_shown(shown)
        if shown:
            self.window.viewer.canvas.setFocus()

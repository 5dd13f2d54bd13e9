"""Where the e-archive is reached: "E-arkiv …" in the main window's Visa menu (Ctrl+Shift+E), and an
"Arkiv" button in the case screen that searches the case's property. One archive window per signed-in
user, a child of the main window (it closes with it at sign-out); scans open in the drawing viewer."""

from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING

import shiboken6

from caseworker.archive import ArchiveResult
from caseworker.domain.models import Document, DocumentKind
from ui.archive.window import ArchiveWindow
from ui.qt import Qt, QtCore, QtGui, QtWidgets
from ui.services import Services
from ui.widgets import action_button, label_button

if TYPE_CHECKING:
    from ui.case.view import CaseView
    from ui.drawings.host import DrawingsHost
    from ui.shell.main_window import MainWindow

SHORTCUT = "Ctrl+Shift+E"


class ArchiveHost(QtCore.QObject):
    def __init__(
        self, services: Services, drawings: DrawingsHost, parent: QtWidgets.QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.services = services
        self.drawings = drawings
        self._parent = parent
        self.window: ArchiveWindow | None = None

    def open(
        self, designation: str | None = None, case_drawings: list[Document] | None = None
    ) -> ArchiveWindow:
        """Show the archive window (made on first use); with ``designation``, search that property;
        ``case_drawings``: the drawings of the case it was opened from, to compare archived sheets with."""
        window = self.window
        if window is None or not shiboken6.isValid(window):
            window = ArchiveWindow(self.services, lambda: self.drawings.engine, self._parent)
            window.setWindowFlag(Qt.WindowType.Window, True)
            window.openDocument.connect(self.open_document)
            window.compareDocuments.connect(self.compare_documents)
            self.window = window
        window.set_case_drawings(case_drawings or [])
        window.show()
        window.raise_()
        window.activateWindow()
        if designation:
            window.search_for_property(designation)
        else:
            window.property_edit.setFocus()
        return window

    def search(self, designation: str) -> asyncio.Task[ArchiveResult]:
        """Open the window on ``designation``'s records; the search task (tests await it)."""
        window = self.open(designation)
        assert window._task is not None
        return window._task

    def open_document(self, doc: Document) -> None:
        self.drawings.open_document(self.services, doc)

    def compare_documents(self, old: Document, new: Document) -> None:
        from ui.drawings.compare_window import open_compare  # imported when first used

        open_compare(self.drawings, self.services, old, new, self.window)


class ArchiveMenuEntry(QtCore.QObject):
    """The main window's "E-arkiv …" action (retranslated with the window)."""

    def __init__(self, window: MainWindow, host: ArchiveHost) -> None:
        super().__init__(window)
        self.window = window
        self.action = QtGui.QAction(window)
        self.action.setObjectName("actionArchive")
        self.action.setShortcut(QtGui.QKeySequence(SHORTCUT))
        self.action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        self.action.triggered.connect(lambda: host.open())
        window.view_menu.addAction(self.action)
        window.addAction(self.action)
        self.retranslate()
        window.installEventFilter(self)

    def retranslate(self) -> None:
        self.action.setText(self.tr("E-&arkiv …"))
        self.action.setToolTip(
            self.tr("Sök äldre ritningar i e-arkivet ({shortcut})").format(shortcut=SHORTCUT)
        )

    def eventFilter(self, watched: QtCore.QObject, event: QtCore.QEvent) -> bool:
        if watched is self.window and event.type() == QtCore.QEvent.Type.LanguageChange:
            self.retranslate()
        return False


class CaseArchiveButton(QtCore.QObject):
    """ "Arkiv" in the case screen's header: the e-archive searched for the case's property (its current
    designation; the platform finds the records filed under former ones too)."""

    def __init__(self, case_view: CaseView, host: ArchiveHost) -> None:
        super().__init__(case_view)
        self.case_view = case_view
        self.host = host
        self.button = action_button("caseArchive")
        self.button.clicked.connect(self.open)
        row = _row_of(case_view, case_view.close_button)
        row.insertWidget(row.indexOf(case_view.close_button), self.button)
        case_view.loaded.connect(lambda _id: self._enable())
        case_view.installEventFilter(self)
        self.retranslate()
        self._enable()

    def designation(self) -> str | None:
        snapshot = self.case_view.snapshot
        if snapshot is None:
            return None
        if snapshot.case is not None:
            return snapshot.case.property.designation
        return snapshot.summary.property_designation if snapshot.summary is not None else None

    def open(self) -> None:
        designation = self.designation()
        if designation:
            drawings = [d for d in self.case_view.documents.documents if d.kind is DocumentKind.DRAWING]
            self.host.open(designation, drawings)

    def _enable(self) -> None:
        self.button.setEnabled(bool(self.designation()))

    def retranslate(self) -> None:
        label_button(self.button, self.tr("Ar&kiv"))
        self.button.setToolTip(self.tr("Äldre ritningar för fastigheten i e-arkivet"))

    def eventFilter(self, watched: QtCore.QObject, event: QtCore.QEvent) -> bool:
        if watched is self.case_view and event.type() == QtCore.QEvent.Type.LanguageChange:
            self.retranslate()
        return False


def _row_of(root: QtWidgets.QWidget, widget: QtWidgets.QWidget) -> QtWidgets.QBoxLayout:
    """The box layout that holds ``widget`` (the case screen's header row)."""
    for layout in root.findChildren(QtWidgets.QBoxLayout):
        if layout.indexOf(widget) >= 0:
            return layout
    raise LookupError("the widget is in no box layout of the screen")


def attach_archive(window: MainWindow, services: Services, drawings: DrawingsHost) -> ArchiveHost:
    """The e-archive for ``window``: its menu entry and the case screen's "Arkiv" button."""
    host = ArchiveHost(services, drawings, window)
    window.archive = host  # type: ignore[attr-defined]
    ArchiveMenuEntry(window, host)
    CaseArchiveButton(window.case_view, host)
    return host

"""The e-archive window: search by property (current or former designation), drawing type, years and
free text; the hits with thumbnails, year, type and the designation each was filed under; open a scan in
the drawing viewer, or two side by side / overlaid.

Searches run on the platform and fall back to the records fetched before when it cannot be reached; the
window then says it searched offline and over how many records."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from typing import TYPE_CHECKING

from caseworker.archive import ArchiveQuery, ArchiveResult, ArchiveSearch
from caseworker.domain.models import Document, DrawingType
from ui.archive.labels import drawing_type_label
from ui.archive.model import COL_DRAWING, COL_FILED_UNDER, ArchiveResultsModel
from ui.archive.thumbnails import THUMBNAIL_PX, ThumbnailLoader
from ui.ops import run_op, user_message
from ui.qt import Qt, QtCore, QtGui, QtWidgets, Signal
from ui.services import Services
from ui.widgets import Retranslated, action_button, fitted_to_screen, label_button, text_label

if TYPE_CHECKING:  # the engine starts when the archive first shows a scan, not at start
    from caseworker.drawings.engine import RenderEngine

log = logging.getLogger(__name__)

NO_YEAR = 1799  # the spin boxes' "any year"
FIRST_YEAR, LAST_YEAR = 1800, 2100


class ArchiveWindow(Retranslated, QtWidgets.QMainWindow):
    openDocument = Signal(object)  # Document: open it in the drawing viewer
    compareDocuments = Signal(object, object)  # two Documents: side by side / overlay
    searched = Signal(object)  # the ArchiveResult shown

    def __init__(
        self,
        services: Services,
        engine: Callable[[], RenderEngine],
        parent: QtWidgets.QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("archiveWindow")
        self.services = services
        self.search_core = ArchiveSearch(services.client, services.store)
        self.result: ArchiveResult | None = None
        self.error: str | None = None
        self._error_source: BaseException | None = None
        self._task: asyncio.Task[ArchiveResult] | None = None
        self.model = ArchiveResultsModel(self)
        self.thumbnails = ThumbnailLoader(
            services, engine, self.model.set_thumbnail, self.devicePixelRatioF()
        )
        self._build()
        self.retranslate()
        self.resize(fitted_to_screen(self, QtCore.QSize(1100, 720)))

    # --- building ----------------------------------------------------------------------------------

    def _build(self) -> None:
        self.property_edit = QtWidgets.QLineEdit()
        self.property_edit.setObjectName("archiveProperty")
        self.property_edit.setClearButtonEnabled(True)
        self.type_box = QtWidgets.QComboBox()
        self.type_box.setObjectName("archiveDrawingType")
        self.type_box.addItem("", None)
        for kind in DrawingType:
            self.type_box.addItem("", kind.value)  # Qt keeps a StrEnum as str
        self.year_from = self._year_box("archiveYearFrom")
        self.year_to = self._year_box("archiveYearTo")
        self.text_edit = QtWidgets.QLineEdit()
        self.text_edit.setObjectName("archiveText")
        self.text_edit.setClearButtonEnabled(True)
        self.search_button = action_button("archiveSearch")
        self.search_button.setDefault(True)
        self.search_button.clicked.connect(self.search)
        for edit in (self.property_edit, self.text_edit):
            edit.returnPressed.connect(self.search)

        self.property_label = QtWidgets.QLabel()
        self.property_label.setBuddy(self.property_edit)
        self.type_label = QtWidgets.QLabel()
        self.type_label.setBuddy(self.type_box)
        self.years_label = QtWidgets.QLabel()
        self.years_label.setBuddy(self.year_from)
        self.to_label = QtWidgets.QLabel()
        self.to_label.setBuddy(self.year_to)
        self.text_label = QtWidgets.QLabel()
        self.text_label.setBuddy(self.text_edit)

        form = QtWidgets.QGridLayout()
        form.addWidget(self.property_label, 0, 0)
        form.addWidget(self.property_edit, 0, 1)
        form.addWidget(self.type_label, 0, 2)
        form.addWidget(self.type_box, 0, 3)
        years = QtWidgets.QHBoxLayout()
        years.addWidget(self.year_from)
        years.addWidget(self.to_label)
        years.addWidget(self.year_to)
        form.addWidget(self.years_label, 1, 2)
        form.addLayout(years, 1, 3)
        form.addWidget(self.text_label, 1, 0)
        form.addWidget(self.text_edit, 1, 1)
        form.addWidget(self.search_button, 0, 4, 2, 1)
        form.setColumnStretch(1, 1)

        self.status = text_label("archiveStatus", selectable=True)
        self.offline_badge = QtWidgets.QLabel()
        self.offline_badge.setObjectName("archiveOffline")
        self.offline_badge.setStyleSheet(
            "QLabel#archiveOffline { background: palette(highlight); color: palette(highlighted-text);"
            " padding: 2px 8px; border-radius: 3px; }"
        )
        self.offline_badge.hide()
        status_row = QtWidgets.QHBoxLayout()
        status_row.addWidget(self.offline_badge)
        status_row.addWidget(self.status, 1)

        self.table = QtWidgets.QTableView()
        self.table.setObjectName("archiveResults")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QtWidgets.QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QtWidgets.QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.setEditTriggers(QtWidgets.QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setIconSize(QtCore.QSize(THUMBNAIL_PX, THUMBNAIL_PX))
        self.table.verticalHeader().setDefaultSectionSize(THUMBNAIL_PX + 8)
        self.table.verticalHeader().hide()
        self.table.setWordWrap(True)
        self.table.setTabKeyNavigation(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QtWidgets.QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(COL_DRAWING, QtWidgets.QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(COL_FILED_UNDER, QtWidgets.QHeaderView.ResizeMode.Interactive)
        header.resizeSection(COL_FILED_UNDER, 200)
        self.table.doubleClicked.connect(lambda index: self.open_row(index.row()))
        self.table.activated.connect(lambda index: self.open_row(index.row()))
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._enable())

        self.open_button = action_button("archiveOpen")
        self.open_button.clicked.connect(lambda: self.open_row(self._selected_rows()[0]))
        self.compare_button = action_button("archiveCompare")
        self.compare_button.clicked.connect(self.compare_selected)
        # the selected archived sheet against a drawing of the case the archive was opened from
        self.case_drawings: list[Document] = []
        self.compare_case_button = action_button("archiveCompareWithCase")
        self.compare_case_menu = QtWidgets.QMenu(self.compare_case_button)
        self.compare_case_button.setMenu(self.compare_case_menu)
        buttons = QtWidgets.QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.open_button)
        buttons.addWidget(self.compare_button)
        buttons.addWidget(self.compare_case_button)

        body = QtWidgets.QWidget()
        layout = QtWidgets.QVBoxLayout(body)
        layout.addLayout(form)
        layout.addLayout(status_row)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)
        self.setCentralWidget(body)

        self.close_action = QtGui.QAction(self)
        self.close_action.setShortcuts([QtGui.QKeySequence(QtGui.QKeySequence.StandardKey.Close)])
        self.close_action.triggered.connect(self.close)
        self.addAction(self.close_action)
        self._enable()

    def _year_box(self, name: str) -> QtWidgets.QSpinBox:
        box = QtWidgets.QSpinBox()
        box.setObjectName(name)
        box.setRange(NO_YEAR, LAST_YEAR)
        box.setValue(NO_YEAR)
        box.setKeyboardTracking(False)
        return box

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("E-arkivet – Caseworker"))
        self.property_label.setText(self.tr("&Fastighet"))
        self.property_edit.setPlaceholderText(self.tr("Nuvarande eller tidigare beteckning"))
        self.property_edit.setAccessibleName(self.tr("Fastighetsbeteckning, nuvarande eller tidigare"))
        self.type_label.setText(self.tr("Ritnings&typ"))
        self.type_box.setItemText(0, self.tr("Alla ritningstyper"))
        for i in range(1, self.type_box.count()):
            self.type_box.setItemText(i, drawing_type_label(DrawingType(self.type_box.itemData(i))))
        self.years_label.setText(self.tr("Å&r"))
        self.to_label.setText(self.tr("till"))
        for box, name in ((self.year_from, self.tr("Från år")), (self.year_to, self.tr("Till år"))):
            box.setSpecialValueText(self.tr("alla"))
            box.setAccessibleName(name)
        self.text_label.setText(self.tr("Fr&itext"))
        self.text_edit.setPlaceholderText(self.tr("Rubrik, diarienummer eller beteckning"))
        self.text_edit.setAccessibleName(self.tr("Fritext"))
        label_button(self.search_button, self.tr("&Sök"))
        label_button(self.open_button, self.tr("&Öppna"))
        label_button(self.compare_button, self.tr("&Jämför två …"))
        self.compare_button.setToolTip(self.tr("Markera två ritningar för att visa dem sida vid sida"))
        label_button(self.compare_case_button, self.tr("Jämför med ärendets ritnin&g"))
        self.compare_case_button.setToolTip(
            self.tr("Den markerade arkivritningen mot en ritning i ärendet som arkivet öppnades från")
        )
        self.offline_badge.setText(self.tr("Offline"))
        self.table.setAccessibleName(self.tr("Träffar i e-arkivet"))
        self.close_action.setText(self.tr("Stäng"))
        self.model.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, self.model.columnCount() - 1)
        self._show_status()

    # --- searching ---------------------------------------------------------------------------------

    def query(self) -> ArchiveQuery:
        year_from, year_to = self.year_from.value(), self.year_to.value()
        kind = self.type_box.currentData()
        return ArchiveQuery(
            property=self.property_edit.text(),
            drawing_type=DrawingType(kind) if kind else None,
            year_from=None if year_from == NO_YEAR else year_from,
            year_to=None if year_to == NO_YEAR else year_to,
            text=self.text_edit.text(),
        )

    def search_for_property(self, designation: str) -> asyncio.Task[ArchiveResult]:
        """Show the records of a property (the case screen's "Arkiv"): the other fields cleared."""
        self.property_edit.setText(designation)
        self.type_box.setCurrentIndex(0)
        self.year_from.setValue(NO_YEAR)
        self.year_to.setValue(NO_YEAR)
        self.text_edit.clear()
        return self.search()

    def search(self) -> asyncio.Task[ArchiveResult]:
        if self._task is not None:
            self._task.cancel()
        self.error = None
        self._error_source = None
        self.searching = True
        self._show_status()
        self._task = run_op(
            self, self.search_core.search(self.query()), on_success=self._show, on_failure=self._failed
        )
        return self._task

    searching = False

    def _show(self, result: ArchiveResult) -> None:
        self.searching = False
        self.result = result
        self.model.set_hits(result.hits)
        if self.model.rows:
            self.table.selectRow(0)
        self.thumbnails.load([doc for _hit, doc in self.model.rows], offline=result.offline)
        self._show_status()
        self._enable()
        self.searched.emit(result)

    def _failed(self, exc: BaseException) -> None:
        self.searching = False
        self._error_source = exc  # said again in the UI language after a switch
        self.error = user_message(exc) or ""
        self._show_status()

    def _show_status(self) -> None:
        result = self.result
        self.offline_badge.setVisible(result is not None and result.offline and not self.searching)
        if self.searching:
            text = self.tr("Söker …")
        elif self.error is not None:
            text = self.tr("Sökningen misslyckades: {reason}").format(
                reason=(user_message(self._error_source) if self._error_source else None) or self.error
            )
        elif result is None:
            text = self.tr("Sök på fastighetsbeteckning – även en tidigare – ritningstyp, år eller fritext.")
        else:
            found = self.tr("{drawings} ritningar i {records} poster").format(
                drawings=len(self.model.rows), records=len(result.hits)
            )
            if result.offline and result.stored == 0:
                text = self.tr(
                    "Ingen kontakt med plattformen, och inga arkivposter har hämtats till den här datorn än. "
                    "Sök igen när du är ansluten."
                )
            elif result.offline:
                text = self.tr(
                    "Ingen kontakt med plattformen: sökningen gäller de {stored} poster som hämtats tidigare "
                    "på den här datorn. {found}."
                ).format(stored=result.stored, found=found)
            elif result.more:
                text = self.tr("{found} (de första). Förfina sökningen för att se fler.").format(found=found)
            else:
                text = self.tr("{found}.").format(found=found)
        self.status.setText(text)

    # --- opening -----------------------------------------------------------------------------------

    def _selected_rows(self) -> list[int]:
        return sorted({i.row() for i in self.table.selectionModel().selectedRows()})

    def _enable(self) -> None:
        rows = self._selected_rows()
        self.open_button.setEnabled(len(rows) >= 1)
        self.compare_button.setEnabled(len(rows) == 2)
        self.compare_case_button.setVisible(bool(self.case_drawings))
        self.compare_case_button.setEnabled(len(rows) == 1 and bool(self.case_drawings))

    def document_at(self, row: int) -> Document:
        return self.model.rows[row][1]

    def open_row(self, row: int) -> None:
        if 0 <= row < len(self.model.rows):
            self.openDocument.emit(self.document_at(row))

    def compare_selected(self) -> None:
        rows = self._selected_rows()
        if len(rows) == 2:
            # older first: the archive lists newest first
            self.compareDocuments.emit(self.document_at(rows[1]), self.document_at(rows[0]))

    def set_case_drawings(self, drawings: list[Document]) -> None:
        """The drawings of the case the archive was opened from (the newer sheets to compare with)."""
        self.case_drawings = list(drawings)
        self.compare_case_menu.clear()
        names = [doc.title or doc.filename for doc in self.case_drawings]
        for doc, name in zip(self.case_drawings, names, strict=True):
            if names.count(name) > 1:  # two revisions of one sheet: say which is which
                name = self.tr("%1, rev %2").replace("%1", name).replace("%2", str(doc.revision))
            action = self.compare_case_menu.addAction(name)
            action.triggered.connect(lambda _checked=False, d=doc: self.compare_with_case(d))
        self._enable()

    def compare_with_case(self, case_drawing: Document) -> None:
        rows = self._selected_rows()
        if len(rows) == 1:
            self.compareDocuments.emit(self.document_at(rows[0]), case_drawing)

    def closeEvent(self, event: QtGui.QCloseEvent) -> None:
        self.thumbnails.cancel()
        if self._task is not None:
            self._task.cancel()
        super().closeEvent(event)

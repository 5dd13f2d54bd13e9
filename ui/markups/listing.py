"""The markups list: every markup of the document with page, kind, text, author, date, status, replies and
measured value; sorted and filtered by author, status, kind, page or text; a click zooms to the markup;
reply and status from the list; totals of the measurements."""

from __future__ import annotations

from typing import Any

from caseworker.domain.models import AnnotationStatus
from caseworker.markups import Kind, Markup, measure
from caseworker.markups.measure import totals
from ui.markups.editor import MarkupEditor
from ui.markups.layer import MarkupLayer
from ui.markups.tools import kind_name
from ui.qt import Qt, QtCore, QtWidgets
from ui.widgets import Retranslated

Index = QtCore.QModelIndex | QtCore.QPersistentModelIndex
ROOT = QtCore.QModelIndex()
DISPLAY = Qt.ItemDataRole.DisplayRole
COLUMNS = ("page", "kind", "text", "author", "date", "status", "replies", "value")


def status_name(status: AnnotationStatus) -> str:
    return {
        AnnotationStatus.OPEN: QtCore.QCoreApplication.translate("MarkupList", "Öppen"),
        AnnotationStatus.ACCEPTED: QtCore.QCoreApplication.translate("MarkupList", "Godtagen"),
        AnnotationStatus.REJECTED: QtCore.QCoreApplication.translate("MarkupList", "Avvisad"),
        AnnotationStatus.COMPLETED: QtCore.QCoreApplication.translate("MarkupList", "Åtgärdad"),
    }[status]


class MarkupListModel(QtCore.QAbstractTableModel):
    def __init__(self, layer: MarkupLayer, parent: QtCore.QObject | None = None) -> None:
        super().__init__(parent)
        self.layer = layer
        self.rows: list[Markup] = []
        layer.changed.connect(self.reload)
        self.reload()

    def reload(self) -> None:
        self.beginResetModel()
        self.rows = sorted(
            self.layer.markups.values(),
            key=lambda m: (m.page, m.created.timestamp() if m.created else 0.0, m.id),
        )
        self.endResetModel()

    def rowCount(self, parent: Index = ROOT) -> int:
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = ROOT) -> int:
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole:
            return None
        return [
            QtCore.QCoreApplication.translate("MarkupList", "Sida"),
            QtCore.QCoreApplication.translate("MarkupList", "Typ"),
            QtCore.QCoreApplication.translate("MarkupList", "Text"),
            QtCore.QCoreApplication.translate("MarkupList", "Författare"),
            QtCore.QCoreApplication.translate("MarkupList", "Datum"),
            QtCore.QCoreApplication.translate("MarkupList", "Status"),
            QtCore.QCoreApplication.translate("MarkupList", "Svar"),
            QtCore.QCoreApplication.translate("MarkupList", "Värde"),
        ][section]

    def value_of(self, m: Markup) -> str:
        value = measure(m, self.layer.calibration(m.page))
        return value.text() if value is not None else ""

    def data(
        self,
        index: QtCore.QModelIndex | QtCore.QPersistentModelIndex,
        role: int = Qt.ItemDataRole.DisplayRole,
    ) -> Any:
        if not index.isValid():
            return None
        m = self.rows[index.row()]
        column = COLUMNS[index.column()]
        if role == Qt.ItemDataRole.UserRole:
            return m.id
        if role == Qt.ItemDataRole.ToolTipRole and column in ("text", "replies"):
            return "\n".join([m.text, *(f"{r.author}: {r.text}" for r in m.replies)]).strip()
        if role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            return None
        when = m.modified or m.created
        cells = {
            "page": m.page + 1,
            "kind": kind_name(m.kind),
            "text": m.text.replace("\n", " "),
            "author": m.author,
            "date": when.astimezone().strftime("%Y-%m-%d %H:%M") if when else "",
            "status": status_name(m.status),
            "replies": len(m.replies),
            "value": self.value_of(m),
        }
        return cells[column]


class MarkupFilter(QtCore.QSortFilterProxyModel):
    def __init__(self, parent: QtCore.QObject | None = None) -> None:
        super().__init__(parent)
        self.status: AnnotationStatus | None = None
        self.kind: Kind | None = None
        self.author = ""
        self.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.setFilterKeyColumn(-1)

    def set(self, **conditions: Any) -> None:
        for name, value in conditions.items():
            setattr(self, name, value)
        self.invalidateFilter()

    def filterAcceptsRow(self, row: int, parent: Index) -> bool:
        model = self.sourceModel()
        assert isinstance(model, MarkupListModel)
        m = model.rows[row]
        if self.status is not None and m.status != self.status:
            return False
        if self.kind is not None and m.kind != self.kind:
            return False
        if self.author and m.author != self.author:
            return False
        return super().filterAcceptsRow(row, parent)


class MarkupList(Retranslated, QtWidgets.QWidget):
    """The list beside the drawing."""

    def __init__(self, editor: MarkupEditor, parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(parent)
        self.editor = editor
        self.layer = editor.layer
        self.model = MarkupListModel(self.layer, self)
        self.proxy = MarkupFilter(self)
        self.proxy.setSourceModel(self.model)
        self.search = QtWidgets.QLineEdit()
        self.search.setObjectName("markupSearch")
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(self.proxy.setFilterFixedString)
        self.status_filter = QtWidgets.QComboBox()
        self.status_filter.setObjectName("markupStatusFilter")
        self.status_filter.addItem("", None)
        for status in AnnotationStatus:
            self.status_filter.addItem("", status)
        self.status_filter.currentIndexChanged.connect(
            lambda _: self.proxy.set(status=self.status_filter.currentData())
        )
        self.kind_filter = QtWidgets.QComboBox()
        self.kind_filter.setObjectName("markupKindFilter")
        self.kind_filter.addItem("", None)
        for kind in Kind:
            if kind != Kind.MEASUREMENT:
                self.kind_filter.addItem("", kind)
        self.kind_filter.currentIndexChanged.connect(
            lambda _: self.proxy.set(kind=self.kind_filter.currentData())
        )
        self.table = QtWidgets.QTableView()
        self.table.setObjectName("markupTable")
        self.table.setModel(self.proxy)
        self.table.setSortingEnabled(True)
        self.table.setSelectionBehavior(QtWidgets.QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QtWidgets.QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setTabKeyNavigation(False)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setStretchLastSection(True)
        self.current: str | None = None
        self.model.modelReset.connect(self._reselect)
        self.table.clicked.connect(self.zoom_to)
        self.table.activated.connect(self.zoom_to)
        self.reply_text = QtWidgets.QLineEdit()
        self.reply_text.setObjectName("markupReply")
        self.reply_text.returnPressed.connect(self.send_reply)
        self.reply_button = QtWidgets.QPushButton()
        self.reply_button.setObjectName("markupReplyButton")
        self.reply_button.clicked.connect(self.send_reply)
        self.status_box = QtWidgets.QComboBox()
        self.status_box.setObjectName("markupStatus")
        for status in AnnotationStatus:
            self.status_box.addItem("", status)
        self.status_box.activated.connect(self.send_status)
        self.totals = QtWidgets.QLabel()
        self.totals.setObjectName("markupTotals")
        self.layer.changed.connect(self._show_totals)

        filters = QtWidgets.QHBoxLayout()
        filters.addWidget(self.search, 2)
        filters.addWidget(self.status_filter, 1)
        filters.addWidget(self.kind_filter, 1)
        answer = QtWidgets.QHBoxLayout()
        answer.addWidget(self.reply_text, 2)
        answer.addWidget(self.reply_button)
        answer.addWidget(self.status_box, 1)
        layout = QtWidgets.QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(filters)
        layout.addWidget(self.table, 1)
        layout.addLayout(answer)
        layout.addWidget(self.totals)
        self.retranslate()
        self._show_totals()

    def retranslate(self) -> None:
        self.search.setPlaceholderText(self.tr("Sök i markeringar"))
        self.search.setAccessibleName(self.tr("Sök i markeringar"))
        self.status_filter.setItemText(0, self.tr("Alla statusar"))
        for i, status in enumerate(AnnotationStatus, start=1):
            self.status_filter.setItemText(i, status_name(status))
        self.status_filter.setAccessibleName(self.tr("Filtrera på status"))
        self.kind_filter.setItemText(0, self.tr("Alla typer"))
        for i in range(1, self.kind_filter.count()):
            self.kind_filter.setItemText(i, kind_name(self.kind_filter.itemData(i)))
        self.kind_filter.setAccessibleName(self.tr("Filtrera på typ"))
        self.table.setAccessibleName(self.tr("Markeringar"))
        self.reply_text.setPlaceholderText(self.tr("Svar på vald markering"))
        self.reply_text.setAccessibleName(self.tr("Svar på vald markering"))
        self.reply_button.setText(self.tr("Svara"))
        for i, status in enumerate(AnnotationStatus):
            self.status_box.setItemText(i, status_name(status))
        self.status_box.setAccessibleName(self.tr("Status för vald markering"))
        self._show_totals()

    def current_id(self) -> str | None:
        """The markup the list's answers go to: the one last clicked, while it exists."""
        return self.current if self.current in self.layer.markups else None

    def _reselect(self) -> None:
        """After the rows are read again (a markup changed), the current one stays current."""
        for row in range(self.proxy.rowCount()):
            if self.proxy.index(row, 0).data(Qt.ItemDataRole.UserRole) == self.current:
                self.table.setCurrentIndex(self.proxy.index(row, 0))
                return

    def zoom_to(self, index: QtCore.QModelIndex) -> None:
        markup_id = index.data(Qt.ItemDataRole.UserRole)
        m = self.layer.markups.get(markup_id)
        if m is None:
            return
        self.current = m.id
        canvas = self.layer.canvas
        if m.page != canvas.current_page():
            canvas.show_page(m.page)
        self.layer.select(m.id)
        box = self.layer.scene_rect_of(m)
        view = canvas.viewport().size()
        zoom = min(
            4.0,
            0.6 * min(view.width() / max(box.width(), 1), view.height() / max(box.height(), 1)) / (96 / 72),
        )
        x0, y0, x1, y1 = m.bbox()
        canvas.set_view(max(zoom, 0.1), ((x0 + x1) / 2, (y0 + y1) / 2))
        self.status_box.setCurrentIndex(list(AnnotationStatus).index(m.status))

    def send_reply(self) -> None:
        markup_id, text = self.current_id(), self.reply_text.text().strip()
        if markup_id is None or not text:
            return
        self.editor.reply(markup_id, text)
        self.reply_text.clear()

    def send_status(self, index: int) -> None:
        markup_id = self.current_id()
        if markup_id is not None:
            self.editor.set_status(markup_id, self.status_box.itemData(index))

    def _show_totals(self) -> None:
        pages = {m.page for m in self.layer.markups.values()}
        summed = totals(self.layer.markups.values(), {p: self.layer.calibration(p) for p in pages})
        if not summed:
            self.totals.setText("")
            return
        parts = [v.text() for _, v in sorted(summed.items())]
        self.totals.setText(self.tr("Summa: %1").replace("%1", ", ".join(parts)))

"""The markups list: every markup of the document with page, kind, text, author, date, status, replies and
measured value; sorted by any column (page, date, replies and value as numbers) and filtered by author,
status, kind, page or text; a click zooms to the markup; reply and status from the list; totals of the
measurements; and the reviewers' layers ("Granskare"): a reviewer unticked is hidden on the drawing (not
drawn, not hit) and in the list, for this window only."""

from __future__ import annotations

from typing import Any

from caseworker.domain.models import AnnotationStatus
from caseworker.markups import Calibration, Kind, Markup, measure
from caseworker.markups.measure import Measurement, totals
from ui.markups.editor import MarkupEditor
from ui.markups.layer import MarkupLayer
from ui.markups.tools import kind_icon, kind_name
from ui.qt import Qt, QtCore, QtGui, QtWidgets
from ui.widgets import Retranslated, RowsModel

Index = QtCore.QModelIndex | QtCore.QPersistentModelIndex
DISPLAY = Qt.ItemDataRole.DisplayRole
SORT = Qt.ItemDataRole.UserRole + 1  # what a column sorts by: numbers for page, date, replies and value
COLUMNS = ("page", "kind", "text", "author", "date", "status", "replies", "value")
COMPACT = ("page", "kind", "author", "date", "status", "replies", "value")  # as wide as their contents
TEXT_WIDTH = 120  # the text column's least width (a narrower dock scrolls sideways)
WIDEST = 640  # the list's preferred width at most (the dock's first width beside the drawing)


def status_name(status: AnnotationStatus) -> str:
    return {
        AnnotationStatus.OPEN: QtCore.QCoreApplication.translate("MarkupList", "Öppen"),
        AnnotationStatus.ACCEPTED: QtCore.QCoreApplication.translate("MarkupList", "Godtagen"),
        AnnotationStatus.REJECTED: QtCore.QCoreApplication.translate("MarkupList", "Avvisad"),
        AnnotationStatus.COMPLETED: QtCore.QCoreApplication.translate("MarkupList", "Åtgärdad"),
    }[status]


class MarkupListModel(RowsModel[Markup]):
    column_count = len(COLUMNS)

    def __init__(self, layer: MarkupLayer, parent: QtCore.QObject | None = None) -> None:
        super().__init__(parent)
        self.layer = layer
        self.calibrations: dict[int, Calibration | None] = {}
        layer.changed.connect(self.reload)
        self.reload()

    def reload(self) -> None:
        self.beginResetModel()
        self.calibrations = {}  # per page, read once per reload
        self.rows = sorted(
            self.layer.markups.values(),
            key=lambda m: (m.page, m.created.timestamp() if m.created else 0.0, m.id),
        )
        self.endResetModel()

    def header(self, section: int) -> str:
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
        """A distance's length, an area's area; a calibration's scale (1:100, or its known length)."""
        if m.kind == Kind.CALIBRATION and m.scale is not None:
            if m.scale.ratio:
                return f"1:{m.scale.ratio:g}"
            if m.scale.length:
                return Measurement(m.scale.length, m.scale.unit, False).text()
        value = measure(m, self.calibration(m.page))
        return value.text() if value is not None else ""

    def calibration(self, page: int) -> Calibration | None:
        """The page's scale (the layer looks through every markup: asked once per page and reload)."""
        if page not in self.calibrations:
            self.calibrations[page] = self.layer.calibration(page)
        return self.calibrations[page]

    def sort_key(self, m: Markup, column: str) -> Any:
        """What ``column`` sorts by: numbers and times as such, not their text."""
        if column == "page":
            return m.page
        if column == "date":
            when = m.modified or m.created
            return when.timestamp() if when else 0.0
        if column == "status":
            return list(AnnotationStatus).index(m.status)
        if column == "replies":
            return len(m.replies)
        if column == "value":
            value = measure(m, self.calibration(m.page))
            return value.value if value is not None else -1.0
        return None  # the text shown

    def row_data(self, m: Markup, column_index: int, role: int) -> Any:
        column = COLUMNS[column_index]
        if role == Qt.ItemDataRole.UserRole:
            return m.id
        if role == SORT:
            key = self.sort_key(m, column)
            if key is not None:
                return key
            role = DISPLAY
        if role == Qt.ItemDataRole.ToolTipRole and column == "kind":
            return kind_name(m.kind)
        if role == Qt.ItemDataRole.ToolTipRole and column in ("text", "replies"):
            return "\n".join([m.text, *(f"{r.author}: {r.text}" for r in m.replies)]).strip()
        if role == Qt.ItemDataRole.ToolTipRole and column == "date" and (m.modified or m.created):
            return (m.modified or m.created).astimezone().strftime("%Y-%m-%d %H:%M")  # type: ignore[union-attr]
        if role == Qt.ItemDataRole.DecorationRole and column == "kind":
            return kind_icon(m.kind)
        if role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            return None
        return self.cell(m, column)

    def cell(self, m: Markup, column: str) -> Any:
        """What ``column`` shows of ``m`` (only that one: sorting asks for thousands)."""
        if column == "page":
            return m.page + 1
        if column == "kind":
            return kind_name(m.kind)
        if column == "text":
            return m.text.replace("\n", " ")
        if column == "author":
            return m.author
        if column == "date":
            when = m.modified or m.created
            return when.astimezone().strftime("%Y-%m-%d") if when else ""  # the time in the tooltip
        if column == "status":
            return status_name(m.status)
        if column == "replies":
            return len(m.replies)
        return self.value_of(m)


class MarkupFilter(QtCore.QSortFilterProxyModel):
    def __init__(self, parent: QtCore.QObject | None = None) -> None:
        super().__init__(parent)
        self.status: AnnotationStatus | None = None
        self.kind: Kind | None = None
        self.author = ""
        self.hidden_authors: frozenset[str] = frozenset()  # the reviewers' layers switched off
        self.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.setFilterKeyColumn(-1)
        self.setSortRole(SORT)
        self.setSortLocaleAware(True)
        self.setSortCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)

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
        if m.author in self.hidden_authors:
            return False
        return super().filterAcceptsRow(row, parent)


class IconOnly(QtWidgets.QStyledItemDelegate):
    """The kind column shows the tool's icon only; its name stays the cell's text (search, screen readers,
    the tooltip), as in the tool bar."""

    def initStyleOption(self, option: QtWidgets.QStyleOptionViewItem, index: Index) -> None:
        super().initStyleOption(option, index)
        option.text = ""  # type: ignore[attr-defined]
        option.features &= ~QtWidgets.QStyleOptionViewItem.ViewItemFeature.HasDisplay  # type: ignore[attr-defined]
        option.decorationAlignment = Qt.AlignmentFlag.AlignCenter  # type: ignore[attr-defined]


class MarkupTable(QtWidgets.QTableView):
    """The list's table: one line a markup; the columns as wide as their contents, the text column taking
    what is left (at least ``TEXT_WIDTH``; a narrower dock scrolls sideways rather than cutting columns)."""

    def __init__(self, parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWordWrap(False)
        self.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.verticalHeader().hide()
        self.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 8)
        header = self.horizontalHeader()
        header.setStretchLastSection(False)
        header.setHighlightSections(False)
        header.setResizeContentsPrecision(100)  # rows looked at for a column's width (5 000 markups)
        header.sectionResized.connect(self._others_resized)
        self.setItemDelegateForColumn(COLUMNS.index("kind"), IconOnly(self))

    def setModel(self, model: QtCore.QAbstractItemModel | None) -> None:
        super().setModel(model)
        header = self.horizontalHeader()  # the sections exist once there is a model
        header.setSectionResizeMode(QtWidgets.QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(COLUMNS.index("text"), QtWidgets.QHeaderView.ResizeMode.Fixed)
        self.fit_text_column()

    def _others_resized(self, section: int, _old: int, _new: int) -> None:
        if section != COLUMNS.index("text"):
            self.fit_text_column()

    def compact_width(self) -> int:
        header = self.horizontalHeader()
        return sum(
            header.sectionSize(i)
            for i, column in enumerate(COLUMNS)
            if column != "text" and not header.isSectionHidden(i)
        )

    def fit_text_column(self) -> None:
        width = self.viewport().width() - self.compact_width()
        self.horizontalHeader().resizeSection(COLUMNS.index("text"), max(TEXT_WIDTH, width))

    def resizeEvent(self, event: QtGui.QResizeEvent) -> None:
        super().resizeEvent(event)
        self.fit_text_column()


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
                self.kind_filter.addItem(kind_icon(kind), "", kind)
        self.kind_filter.currentIndexChanged.connect(
            lambda _: self.proxy.set(kind=self.kind_filter.currentData())
        )
        self.author_filter = QtWidgets.QComboBox()
        self.author_filter.setObjectName("markupAuthorFilter")
        self.author_filter.addItem("", "")
        self.author_filter.currentIndexChanged.connect(
            lambda _: self.proxy.set(author=self.author_filter.currentData() or "")
        )
        for combo in (self.status_filter, self.kind_filter, self.author_filter):
            combo.setSizeAdjustPolicy(
                QtWidgets.QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
            )
            combo.setMinimumContentsLength(6)
        # the reviewers' layers: a checkable entry per author, the signed-in user's own first
        self.layers_menu = QtWidgets.QMenu(self)
        self.layers_menu.setObjectName("markupLayersMenu")
        self.layers_button = QtWidgets.QPushButton()  # Space or a click opens the menu; arrows and Enter tick
        self.layers_button.setObjectName("markupLayers")
        self.layers_button.setMenu(self.layers_menu)
        self.layer_actions: dict[str, QtGui.QAction] = {}
        self.table = MarkupTable()
        self.table.setObjectName("markupTable")
        self.table.setModel(self.proxy)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(COLUMNS.index("page"), Qt.SortOrder.AscendingOrder)
        self.table.setSelectionBehavior(QtWidgets.QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QtWidgets.QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setTabKeyNavigation(False)
        self.current: str | None = None
        self.model.modelReset.connect(self._reselect)
        self.model.modelReset.connect(self._show_value_column)
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
        self.layer.changed.connect(self._show_authors)

        filters = QtWidgets.QGridLayout()  # two columns: a 360 px dock shows every filter's text whole
        filters.addWidget(self.search, 0, 0, 1, 2)
        filters.addWidget(self.status_filter, 1, 0)
        filters.addWidget(self.kind_filter, 1, 1)
        filters.addWidget(self.author_filter, 2, 0)
        filters.addWidget(self.layers_button, 2, 1)
        filters.setColumnStretch(0, 1)
        filters.setColumnStretch(1, 1)
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
        self._show_authors()
        self._show_value_column()

    def sizeHint(self) -> QtCore.QSize:
        """Wide enough for a usual line's columns, at most ``WIDEST`` (the dock beside the drawing starts so
        wide; narrower, the table scrolls sideways)."""
        hint = super().sizeHint()
        metrics = self.table.fontMetrics()
        samples = {
            "page": "99", "kind": "", "author": "n" * 12, "date": "2026-12-31",
            "status": status_name(AnnotationStatus.COMPLETED), "replies": "99", "value": "123,45 m2",
        }  # fmt: skip
        header = self.table.horizontalHeader()
        wanted = TEXT_WIDTH + sum(
            max(metrics.horizontalAdvance(sample) + 12, header.sectionSizeHint(COLUMNS.index(column)))
            for column, sample in samples.items()  # hidden ones too: the list keeps its width when
        )  # the first measurement shows the value column (the drawing beside it must not move)
        frame = 2 * self.table.frameWidth() + self.table.verticalScrollBar().sizeHint().width() + 8
        return QtCore.QSize(max(hint.width(), min(WIDEST, wanted + frame)), hint.height())

    def _show_value_column(self) -> None:
        """The value's column only when something here is measured or calibrated."""
        measured = any(
            m.kind == Kind.CALIBRATION or measure(m, self.model.calibration(m.page)) is not None
            for m in self.model.rows
        )
        if self.table.isColumnHidden(COLUMNS.index("value")) == measured:  # laid out again: on a change only
            self.table.setColumnHidden(COLUMNS.index("value"), not measured)

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
        self.author_filter.setItemText(0, self.tr("Alla granskare"))
        self.author_filter.setAccessibleName(self.tr("Filtrera på granskare"))
        self.layers_button.setAccessibleName(self.tr("Granskarnas lager"))
        self.layers_button.setAccessibleDescription(self.tr("Visa eller dölj varje granskares markeringar"))
        self.layers_menu.setTitle(self.tr("Granskare"))
        self._label_layers()
        self.table.setAccessibleName(self.tr("Markeringar"))
        self.reply_text.setPlaceholderText(self.tr("Svar på vald markering"))
        self.reply_text.setAccessibleName(self.tr("Svar på vald markering"))
        self.reply_button.setText(self.tr("Svara"))
        for i, status in enumerate(AnnotationStatus):
            self.status_box.setItemText(i, status_name(status))
        self.status_box.setAccessibleName(self.tr("Status för vald markering"))
        self._show_totals()

    # --- the reviewers ------------------------------------------------------------------------------------
    def authors(self) -> list[str]:
        """Everyone with a markup here, the signed-in user first (whether or not they have one yet)."""
        own = self.editor.author
        others = {m.author for m in self.layer.markups.values()} - {own, ""}
        return [own, *sorted(others, key=str.casefold)]

    def _show_authors(self) -> None:
        """The author filter and the layers' menu follow who has markups here (kept as chosen)."""
        authors = self.authors()
        if authors == list(self.layer_actions):
            return
        chosen = self.author_filter.currentData() or ""
        self.author_filter.blockSignals(True)
        while self.author_filter.count() > 1:
            self.author_filter.removeItem(1)
        for author in authors:
            self.author_filter.addItem(author, author)
        self.author_filter.setCurrentIndex(max(0, self.author_filter.findData(chosen)))
        self.author_filter.blockSignals(False)
        if (self.author_filter.currentData() or "") != chosen:
            self.proxy.set(author=self.author_filter.currentData() or "")
        self.layers_menu.clear()
        self.layer_actions = {}
        for author in authors:
            action = self.layers_menu.addAction(author)
            action.setCheckable(True)
            action.setChecked(author not in self.layer.hidden_authors)
            action.toggled.connect(lambda shown, a=author: self.set_author_shown(a, shown))
            self.layer_actions[author] = action
        self._label_layers()

    def _label_layers(self) -> None:
        own = self.editor.author
        for author, action in self.layer_actions.items():
            action.setText(self.tr("%1 (du)").replace("%1", author) if author == own else author)
        hidden = len(self.layer.hidden_authors & set(self.layer_actions))
        text = self.tr("Granskare")
        if hidden:
            text = self.tr("Granskare, dolda: %1").replace("%1", str(hidden))
        self.layers_button.setText(text)
        self.layers_button.setToolTip(self.tr("Visa eller dölj varje granskares markeringar"))

    def set_author_shown(self, author: str, shown: bool) -> None:
        """A reviewer's layer on or off: their markups drawn and hit on the drawing, and listed, or not."""
        hidden = set(self.layer.hidden_authors)
        (hidden.discard if shown else hidden.add)(author)
        action = self.layer_actions.get(author)
        if action is not None and action.isChecked() != shown:
            action.setChecked(shown)  # toggled: comes back here with nothing left to do
            return
        if hidden == self.layer.hidden_authors:
            return
        selected = self.layer.selected()
        if selected is not None and selected.author in hidden:
            self.layer.select(None)  # a hidden markup is neither drawn nor edited
        if self.current in self.layer.markups and self.layer.markups[self.current].author in hidden:
            self.current = None
        self.proxy.set(hidden_authors=frozenset(hidden))
        self.layer.set_hidden_authors(hidden)
        self._label_layers()

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
        listed = [m for m in self.layer.markups.values() if m.author not in self.layer.hidden_authors]
        summed = totals(listed, {p: self.layer.calibration(p) for p in pages})  # a hidden layer's: not summed
        if not summed:
            self.totals.setText("")
            return
        parts = [v.text() for _, v in sorted(summed.items())]
        self.totals.setText(self.tr("Summa: %1").replace("%1", ", ".join(parts)))

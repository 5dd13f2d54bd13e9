"""The queue screen: filter bar, search, the lazy case table and its count.

``QueueView(services)`` is hosted by the app shell, which picks the queue (``set_queue``), forwards
Ctrl+F (``focus_search``) and listens to ``caseActivated`` (Enter / double click) and
``selectionChanged`` (the selected case ids, also for a team lead's bulk reassignment).

The view never blocks on the store: every query is answered on the store's thread (see
``ui.queue.model``); the old rows stay on screen until the new ones are there, so typing in the search
field never flashes an empty table.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Coroutine, Iterable, Sequence
from typing import Any

import shiboken6

from caseworker.domain.models import CaseType
from caseworker.store import CaseQuery, DeadlineBand, QueueKind, SortKey, StoreError
from ui import labels
from ui.announce import announce, name_changed
from ui.ops import run_op
from ui.qt import Qt, QtCore, QtGui, QtWidgets, Signal
from ui.queue.delegates import MARKER_SLOT, MARKERS_WIDTH, colour_square_icon, marker_icon
from ui.queue.filters import FilterButton, SearchField
from ui.queue.model import QueueModel
from ui.services import Services

log = logging.getLogger(__name__)

MAX_KEPT_SELECTION = 2000  # selections up to this size survive a sort, filter or sync reload
MAX_OFFLINE_BATCH = 200  # "make available offline" for at most this many cases at once
RELOAD_DELAY_MS = 150  # coalesce bursts of casesChanged during a sync

_SAMPLES: dict[int, str] = {
    QueueModel.COL_REGISTRATION: "BYGG 2025-000123",
    QueueModel.COL_PROPERTY: "Vänerby Vänerstrand 12:34",  # i18n: not ui text (a width sample)
    QueueModel.COL_TYPE: "Nybyggnad flerbostadshus",
    QueueModel.COL_APPLICANT: "Mohammed Åkesson",  # i18n: not ui text (a width sample)
    QueueModel.COL_STATUS: "Väntar på komplettering",  # i18n: not ui text (a width sample)
    QueueModel.COL_RECEIVED: "2025-05-02",
    QueueModel.COL_DEADLINE: "2025-05-02 (123 d kvar)",
    QueueModel.COL_FEE: "−100 % (60 000 kr)",
}


def _spawn(coro: Coroutine[Any, Any, Any]) -> asyncio.Task[Any]:
    """Run a UI coroutine: unexpected errors go to the app's excepthook (never lost, never a traceback)."""
    return run_op(None, coro)


class QueueTable(QtWidgets.QTableView):
    """The case table: uniform rows, row selection, Enter to open, an empty-state text."""

    activateRequested = Signal(int)  # row
    menuRequested = Signal(QtCore.QPoint, int)  # global position, row (-1: none)

    def __init__(self, parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(parent)
        self.empty_text = ""
        self.setSelectionBehavior(QtWidgets.QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QtWidgets.QAbstractItemView.SelectionMode.ExtendedSelection)
        self.setEditTriggers(QtWidgets.QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setVerticalScrollMode(QtWidgets.QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.setHorizontalScrollMode(QtWidgets.QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.setWordWrap(False)
        self.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.setShowGrid(False)
        self.setAlternatingRowColors(True)
        self.setTabKeyNavigation(False)  # Tab leaves the table (keyboard users reach the filters)
        self.setCornerButtonEnabled(False)
        self.setMouseTracking(False)
        rows = self.verticalHeader()
        rows.setVisible(False)
        rows.setSectionResizeMode(QtWidgets.QHeaderView.ResizeMode.Fixed)
        rows.setMinimumSectionSize(1)
        header = self.horizontalHeader()
        header.setSectionsClickable(True)
        header.setSortIndicatorShown(True)
        header.setHighlightSections(False)
        header.setStretchLastSection(True)
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        header.setSectionResizeMode(QtWidgets.QHeaderView.ResizeMode.Interactive)
        header.setSectionsMovable(True)  # the user's own order is kept (QueueView.header_state)
        self.doubleClicked.connect(lambda index: self.activateRequested.emit(index.row()))
        self._apply_metrics()

    def _apply_metrics(self) -> None:
        fm = self.fontMetrics()
        self.verticalHeader().setDefaultSectionSize(max(fm.height() + 10, 24))
        # Wide enough for the markers icon; square icons (the municipality's colour) keep their size.
        self.setIconSize(QtCore.QSize(MARKERS_WIDTH, MARKER_SLOT))

    def changeEvent(self, event: QtCore.QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QtCore.QEvent.Type.FontChange:
            self._apply_metrics()

    def keyPressEvent(self, event: QtGui.QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            current = self.currentIndex()
            if current.isValid():
                self.activateRequested.emit(current.row())
                event.accept()
                return
        super().keyPressEvent(event)

    def contextMenuEvent(self, event: QtGui.QContextMenuEvent) -> None:
        if event.reason() == QtGui.QContextMenuEvent.Reason.Keyboard:
            current = self.currentIndex()
            rect = self.visualRect(current) if current.isValid() else QtCore.QRect()
            point = rect.center() if rect.isValid() else QtCore.QPoint(8, 8)
            point.setX(min(point.x(), self.viewport().width() // 3))
            row = current.row() if current.isValid() else -1
            self.menuRequested.emit(self.viewport().mapToGlobal(point), row)
        else:
            index = self.indexAt(self.viewport().mapFromGlobal(event.globalPos()))
            self.menuRequested.emit(event.globalPos(), index.row() if index.isValid() else -1)
        event.accept()

    def paintEvent(self, event: QtGui.QPaintEvent) -> None:
        super().paintEvent(event)
        model = self.model()
        if self.empty_text and model is not None and model.rowCount() == 0:
            painter = QtGui.QPainter(self.viewport())
            painter.setPen(self.palette().color(QtGui.QPalette.ColorRole.PlaceholderText))
            area = self.viewport().rect().adjusted(24, 24, -24, -24)
            flags = Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop | Qt.TextFlag.TextWordWrap
            painter.drawText(area, int(flags), self.empty_text)
            painter.end()


class QueueView(QtWidgets.QWidget):
    """One queue of cases (see the module doc)."""

    caseActivated = Signal(str)  # case id
    selectionChanged = Signal(list)  # list[str] of case ids, in row order
    statusMessage = Signal(str)  # a short confirmation for the shell's status bar

    def __init__(self, services: Services, parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(parent)
        self._services = services
        self._kind = QueueKind.MINE
        self._sort = SortKey.DEADLINE
        self._descending = False
        self._text = ""
        self._selected_ids: list[str] = []
        self._selection_version = 0
        self._started = False  # first load on first show or set_queue, whichever comes first
        self._dirty = False  # cases changed while hidden
        self._tasks: set[asyncio.Task[Any]] = set()
        self.context_menu: QtWidgets.QMenu | None = None
        self.setObjectName("queueView")

        self.model = QueueModel(services.store, services.municipalities, self)
        self.table = QueueTable(self)
        self.table.setObjectName("queueTable")
        self.table.setModel(self.model)
        self.search = SearchField(self)
        self.search.setObjectName("queueSearch")
        self.municipality_filter = FilterButton("", self)
        self.status_filter = FilterButton("", self)
        self.type_filter = FilterButton("", self)
        self.deadline_filter = FilterButton("", self)
        self.clear_filters_button = QtWidgets.QToolButton(self)
        self.count_label = QtWidgets.QLabel(self)
        self.count_label.setObjectName("queueCount")
        self.count_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        bar = QtWidgets.QHBoxLayout()
        bar.setContentsMargins(0, 0, 0, 0)
        bar.setSpacing(6)
        bar.addWidget(self.search, 3)
        for button in self._filter_buttons():
            bar.addWidget(button)
        bar.addWidget(self.clear_filters_button)
        bar.addStretch(1)
        bar.addWidget(self.count_label)
        layout = QtWidgets.QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 8)
        layout.setSpacing(6)
        layout.addLayout(bar)
        layout.addWidget(self.table, 1)
        self.search.setMinimumWidth(220)

        QtWidgets.QWidget.setTabOrder(self.search, self.municipality_filter)
        QtWidgets.QWidget.setTabOrder(self.municipality_filter, self.status_filter)
        QtWidgets.QWidget.setTabOrder(self.status_filter, self.type_filter)
        QtWidgets.QWidget.setTabOrder(self.type_filter, self.deadline_filter)
        QtWidgets.QWidget.setTabOrder(self.deadline_filter, self.clear_filters_button)
        QtWidgets.QWidget.setTabOrder(self.clear_filters_button, self.table)

        self.open_action = QtGui.QAction(self)
        self.bookmark_action = QtGui.QAction(self)
        self.bookmark_action.setShortcut(QtGui.QKeySequence("Ctrl+D"))
        self.offline_action = QtGui.QAction(self)
        self.copy_action = QtGui.QAction(self)
        self.copy_action.setShortcut(QtGui.QKeySequence(QtGui.QKeySequence.StandardKey.Copy))
        self.select_all_action = QtGui.QAction(self)
        for action in (self.bookmark_action, self.copy_action):
            action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
            self.table.addAction(action)
        self.open_action.triggered.connect(self._open_current)
        self.bookmark_action.triggered.connect(self._toggle_bookmarks)
        self.offline_action.triggered.connect(self._make_offline)
        self.copy_action.triggered.connect(self._copy_registration_numbers)

        self._reload_timer = QtCore.QTimer(self)
        self._reload_timer.setSingleShot(True)
        self._reload_timer.setInterval(RELOAD_DELAY_MS)
        self._reload_timer.timeout.connect(self._reload_now)
        self._selection_timer = QtCore.QTimer(self)
        self._selection_timer.setSingleShot(True)
        self._selection_timer.setInterval(0)
        self._selection_timer.timeout.connect(self._emit_selection)

        self.search.searchChanged.connect(self._search_changed)
        self.search.leaveDown.connect(self._focus_table)
        for button in self._filter_buttons():
            button.changed.connect(self._filters_changed)
        self.clear_filters_button.clicked.connect(self.clear_filters)
        header = self.table.horizontalHeader()
        header.sortIndicatorChanged.connect(self._sort_requested)
        self.table.activateRequested.connect(self._activate_row)
        self.table.menuRequested.connect(self._show_menu)
        self.table.selectionModel().selectionChanged.connect(self._selection_changed_qt)
        self.model.modelReset.connect(self._selection_changed_qt)
        self.model.countChanged.connect(self._update_count)
        self.model.failed.connect(self._show_failure)
        self.model.loaded.connect(self._loaded)
        services.bridge.casesChanged.connect(self._cases_changed)
        tasks = self._tasks  # not self: the handler runs while the C++ object is being deleted

        def cancel_tasks(*_args: object) -> None:
            for task in list(tasks):
                task.cancel()

        self.destroyed.connect(cancel_tasks)

        # Nothing to paint until the first result is in (a few ms): no empty table, no "no cases" flash.
        self.table.viewport().setUpdatesEnabled(False)

        self._fill_filter_options()
        self._retranslate()
        self._set_column_widths()
        self._show_sort_indicator()

    # --- public API ----------------------------------------------------------------------------------

    def queue(self) -> QueueKind:
        return self._kind

    def set_queue(self, kind: QueueKind) -> asyncio.Task[None] | None:
        """Show another queue (filters and search stay as they are: they are visible in the bar)."""
        self._kind = QueueKind(kind)
        self._started = True
        self._update_empty_text()
        return self._apply(keep_selection=False, scroll_top=True)

    def focus_search(self) -> None:
        """Ctrl+F (the shell owns the shortcut): put the cursor in the search field, text selected."""
        self.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search.selectAll()

    def focus_rows(self) -> None:
        """The keyboard focus on the table, on the row the user was on (the first when none)."""
        self._focus_table()

    def reload(self) -> asyncio.Task[None] | None:
        """Read the queue again from the store (keeps scroll position and selection)."""
        self._started = True
        if self.model.query is None or self.model.query.queue is not self._kind:
            return self._apply(keep_selection=True, scroll_top=False)
        task = self.model.reload()
        self._follow(task, list(self._selected_ids), self._current_id(), scroll_top=False)
        return task

    def current_query(self) -> CaseQuery | None:
        """The query the bar describes now (None: a queue this user has none of, e.g. no team)."""
        team_id = self._services.user.team_id
        if self._kind is QueueKind.TEAM and not team_id:
            return None
        return CaseQuery(
            queue=self._kind,
            municipality_ids=self.municipality_filter.selected(),
            statuses=self.status_filter.selected(),
            case_types=self.type_filter.selected(),
            deadline_bands=self.deadline_filter.selected(),
            text=self._text,
            sort=self._sort,
            descending=self._descending,
            team_id=team_id if self._kind is QueueKind.TEAM else None,
            today=self.model.today_source(),
        )

    def set_search_text(self, text: str) -> asyncio.Task[None] | None:
        """Search now (no debounce): for tests, benchmarks and a shell's "search for" action."""
        self.search.setText(text)
        self.search.flush()
        return self.model._load_task

    def clear_filters(self) -> None:
        for button in self._filter_buttons():
            button.blockSignals(True)
            button.clear()
            button.blockSignals(False)
        self.search.blockSignals(True)
        self.search.clear()
        self.search.flush()
        self.search.blockSignals(False)
        self._text = ""
        self._filters_changed()

    def selected_rows(self) -> list[int]:
        model = self.table.selectionModel()
        rows: set[int] = set()
        selection = model.selection()
        for i in range(selection.count()):
            selection_range = selection.at(i)
            rows.update(range(selection_range.top(), selection_range.bottom() + 1))
        return sorted(r for r in rows if r < self.model.rowCount())

    def selected_ids(self) -> list[str]:
        """The selected case ids (as last emitted by ``selectionChanged``)."""
        return list(self._selected_ids)

    def header_state(self) -> QtCore.QByteArray:
        """Column widths and order, for the shell to keep between sessions."""
        return self.table.horizontalHeader().saveState()

    def restore_header_state(self, state: QtCore.QByteArray) -> bool:
        ok = self.table.horizontalHeader().restoreState(state)
        self._show_sort_indicator()
        return ok

    # --- building ------------------------------------------------------------------------------------

    def _filter_buttons(self) -> tuple[FilterButton, ...]:
        return (self.municipality_filter, self.status_filter, self.type_filter, self.deadline_filter)

    def _fill_filter_options(self) -> None:
        short = labels.municipality_short
        munis = sorted(self._services.municipalities.values(), key=lambda m: short(m.name))
        self.municipality_filter.set_options(
            (m.id, short(m.name), colour_square_icon(m.primary_color), m.name) for m in munis
        )
        self.status_filter.set_options((s, labels.status_label(s), None, None) for s in labels.STATUS_ORDER)
        self.type_filter.set_options(
            (t, labels.case_type_label(t), None, labels.case_type_description(t)) for t in CaseType
        )
        self.deadline_filter.set_options(
            (b, labels.band_label(b), None, labels.band_description(b)) for b in DeadlineBand
        )

    def _retranslate(self) -> None:
        self.search.setPlaceholderText(labels.tr("Sök diarienummer, fastighet eller sökande …"))
        self.search.setAccessibleName(labels.tr("Sök ärenden"))
        self.search.setToolTip(
            labels.tr("Sök på diarienummer, fastighetsbeteckning, ärendemening eller sökandens namn (Ctrl+F)")
        )
        self.municipality_filter.set_title(labels.tr("Kommun"))
        self.status_filter.set_title(labels.tr("Status"))
        self.type_filter.set_title(labels.tr("Ärendetyp"))
        self.deadline_filter.set_title(labels.tr("Tidsfrist"))
        self.clear_filters_button.setText(labels.tr("Rensa filter"))
        self.clear_filters_button.setToolTip(
            labels.tr("Visa alla ärenden i kön: tar bort filter och sökning")
        )
        self.clear_filters_button.setAccessibleName(labels.tr("Rensa filter"))
        self.table.setAccessibleName(labels.tr("Ärenden"))
        # As wide as the widest count it will show: the search field keeps its width when the count
        # arrives or changes (no jump of the filter bar on every keystroke).
        widest = labels.case_count(88_888) + " " + labels.tr("(filtrerat)")
        self.count_label.setMinimumWidth(self.count_label.fontMetrics().horizontalAdvance(widest) + 4)
        self.count_label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.open_action.setText(labels.tr("Öppna"))
        self.offline_action.setText(labels.tr("Gör tillgänglig offline"))
        self.copy_action.setText(labels.tr("Kopiera diarienummer"))
        self.bookmark_action.setIcon(marker_icon("bookmark"))
        self._update_bookmark_text()
        self._update_empty_text()
        self._update_clear_button()

    def _set_column_widths(self) -> None:
        """Widths from sample texts (never measured over the rows: 50 000 rows would be read)."""
        fm = self.table.fontMetrics()
        header = self.table.horizontalHeader()
        pad = 16
        header.resizeSection(QueueModel.COL_MARKERS, MARKERS_WIDTH + 14)
        munis = self._services.municipalities.values()
        names = [labels.municipality_short(m.name) for m in munis] or ["Kommun"]
        widths = dict(_SAMPLES)
        for column, sample in widths.items():
            title = str(self.model.headerData(column, Qt.Orientation.Horizontal))
            width = max(fm.horizontalAdvance(sample), fm.horizontalAdvance(title) + 16) + pad
            header.resizeSection(column, min(width, 240))
        muni_width = max(fm.horizontalAdvance(n) for n in names) + 14 + 8 + pad
        title_width = fm.horizontalAdvance(labels.tr("Kommun")) + 40
        header.resizeSection(QueueModel.COL_MUNICIPALITY, max(muni_width, title_width))

    # --- queries -------------------------------------------------------------------------------------

    def _apply(self, *, keep_selection: bool, scroll_top: bool) -> asyncio.Task[None] | None:
        self._update_clear_button()
        query = self.current_query()
        if query is None:
            self.model.clear()
            self.table.viewport().setUpdatesEnabled(True)
            self._update_count(0)
            return None
        keep = list(self._selected_ids) if keep_selection else []
        current = self._current_id() if keep_selection else None
        task = self.model.set_query(query)
        self._follow(task, keep, current, scroll_top=scroll_top)
        return task

    def _follow(
        self, task: asyncio.Task[None], keep: list[str], current: str | None, *, scroll_top: bool
    ) -> None:
        async def follow() -> None:
            try:
                await asyncio.shield(task)
            except asyncio.CancelledError:
                return  # superseded by a newer query: that one restores
            if task is not self.model._load_task:
                return
            if keep and len(keep) <= MAX_KEPT_SELECTION:
                await self._select_ids(keep, current, scroll=scroll_top)
            elif scroll_top:
                self.table.scrollToTop()

        self._track(follow())

    def _track(self, coro: Coroutine[Any, Any, Any]) -> asyncio.Task[Any]:
        task = _spawn(coro)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)
        return task

    async def _select_ids(self, ids: Sequence[str], current: str | None, *, scroll: bool) -> None:
        rows = {i: self.model.row_of(i) for i in ids}
        if current is not None:
            rows.setdefault(current, self.model.row_of(current))
        if any(r is None for r in rows.values()):
            try:
                positions = {case_id: n for n, case_id in enumerate(await self.model.all_ids())}
            except StoreError:
                return
            rows = {i: positions.get(i) for i in rows}
        found = sorted(r for i, r in rows.items() if r is not None and i in set(ids))
        selection = QtCore.QItemSelection()
        for first, last in _ranges(found):
            selection.select(self.model.index(first, 0), self.model.index(last, QueueModel.COLUMN_COUNT - 1))
        model = self.table.selectionModel()
        flags = QtCore.QItemSelectionModel.SelectionFlag
        current_row = rows.get(current) if current is not None else None
        if current_row is not None:
            model.setCurrentIndex(self.model.index(current_row, QueueModel.COL_REGISTRATION), flags.NoUpdate)
        model.select(selection, flags.ClearAndSelect | flags.Rows)
        if scroll:
            target = current_row if current_row is not None else (found[0] if found else None)
            if target is None:
                self.table.scrollToTop()
            else:
                self.table.scrollTo(self.model.index(target, QueueModel.COL_REGISTRATION))

    def _search_changed(self, text: str) -> None:
        self._text = text
        self._started = True
        self._apply(keep_selection=True, scroll_top=True)

    def _filters_changed(self, *_args: object) -> None:
        self._started = True
        self._apply(keep_selection=True, scroll_top=True)

    def _sort_requested(self, column: int, order: Qt.SortOrder) -> None:
        key = QueueModel.SORT_KEYS.get(column)
        if key is None:
            self._show_sort_indicator()  # not sortable: put the indicator back
            return
        self._sort, self._descending = key, order == Qt.SortOrder.DescendingOrder
        self._started = True
        self._apply(keep_selection=True, scroll_top=True)

    def _show_sort_indicator(self) -> None:
        column = QueueModel.column_of(self._sort)
        header = self.table.horizontalHeader()
        header.blockSignals(True)
        header.setSortIndicator(
            -1 if column is None else column,
            Qt.SortOrder.DescendingOrder if self._descending else Qt.SortOrder.AscendingOrder,
        )
        header.blockSignals(False)

    def _loaded(self) -> None:
        self.table.viewport().setUpdatesEnabled(True)
        query = self.model.query
        if query is not None and (query.sort, query.descending) != (self._sort, self._descending):
            self._sort, self._descending = query.sort, query.descending  # model.sort() called directly
            self._show_sort_indicator()
        # Lay the new rows out now (scroll range, header) instead of on Qt's delayed-layout timer after
        # a reset: that timer would paint the whole table a second time just after the first paint.
        self.table.doItemsLayout()

    def _cases_changed(self, _ids: object, _everything: bool) -> None:
        if not self._started:
            return
        if not self.isVisible():
            self._dirty = True
            return
        self._reload_timer.start()

    def _reload_now(self) -> None:
        self._dirty = False
        self.reload()

    # --- display -------------------------------------------------------------------------------------

    def _update_count(self, count: int) -> None:
        if self.model.query is None and self._kind is QueueKind.TEAM and not self._services.user.team_id:
            self.count_label.setText("")
            return
        text = labels.case_count(count)
        filtered = self.model.query is not None and (self._text or self._has_filters())
        shown = text + (" " + labels.tr("(filtrerat)") if filtered else "")
        self.count_label.setText(shown)
        self.count_label.setToolTip(labels.tr("Antal ärenden som visas med nuvarande filter och sökning"))
        self._set_count_name(labels.tr("Antal ärenden: {count}").format(count=shown))
        self._update_empty_text()

    def _set_count_name(self, name: str) -> None:
        """The count's accessible name carries the number; a change is announced (the user is typing in
        the search field, not looking at the count)."""
        if name == self.count_label.accessibleName():
            return
        self.count_label.setAccessibleName(name)
        name_changed(self.count_label)
        if self.model.is_loaded:
            announce(self.count_label, self.count_label.text())

    def _show_failure(self, message: str) -> None:
        self.table.viewport().setUpdatesEnabled(True)
        self.count_label.setText(labels.tr("Kunde inte läsa kön"))
        self.count_label.setToolTip(message)
        self._set_count_name(labels.tr("Kunde inte läsa kön"))
        self.statusMessage.emit(message)

    def _has_filters(self) -> bool:
        return any(b.selected() for b in self._filter_buttons())

    def _update_clear_button(self) -> None:
        self.clear_filters_button.setEnabled(bool(self._text or self._has_filters()))

    def _update_empty_text(self) -> None:
        if self._kind is QueueKind.TEAM and not self._services.user.team_id:
            text = labels.tr("Du ingår inte i något team.")
        elif self._text or self._has_filters():
            text = labels.tr("Inga ärenden matchar sökningen eller filtren.")
        else:
            text = {
                QueueKind.MINE: labels.tr("Du har inga ärenden tilldelade just nu."),
                QueueKind.UNASSIGNED: labels.tr("Det finns inga otilldelade ärenden."),
                QueueKind.TEAM: labels.tr("Teamet har inga ärenden."),
                QueueKind.ALL: labels.tr("Det finns inga ärenden i den lokala lagringen ännu."),
                QueueKind.BOOKMARKED: labels.tr("Inga bokmärkta ärenden. Bokmärk ett ärende med Ctrl+D."),
            }[self._kind]
        no_team = self._kind is QueueKind.TEAM and not self._services.user.team_id
        text = text if self.model.is_loaded or no_team else ""
        empty = self.model.rowCount() == 0
        # Painted text is invisible to a screen reader: the table's description says it too.
        description = labels.tr("Enter öppnar ärendet, menytangenten visar fler val")
        self.table.setAccessibleDescription(f"{text} {description}" if text and empty else description)
        if text != self.table.empty_text:
            self.table.empty_text = text
            if text and empty:
                announce(self.table, text)
            if empty:
                # Only an empty table shows the text: repainting rows here would paint the old rows
                # once more while the next queue's rows are on their way (a wasted paint per switch).
                self.table.viewport().update()

    def changeEvent(self, event: QtCore.QEvent) -> None:
        super().changeEvent(event)
        kind = event.type()
        if kind in (QtCore.QEvent.Type.PaletteChange, QtCore.QEvent.Type.ApplicationPaletteChange):
            self.model.set_palette(self.palette())
        elif kind == QtCore.QEvent.Type.LanguageChange:
            self.model.retranslate()
            self._fill_filter_options()
            self._retranslate()
            self._update_count(self.model.rowCount())

    def showEvent(self, event: QtGui.QShowEvent) -> None:
        super().showEvent(event)
        if not self._started:
            self._started = True
            self._apply(keep_selection=False, scroll_top=True)
        elif self._dirty:
            self._reload_timer.start()

    # --- selection, activation, actions --------------------------------------------------------------

    def _current_id(self) -> str | None:
        current = self.table.currentIndex()
        return self.model.id_at(current.row()) if current.isValid() else None

    def _focus_table(self) -> None:
        self.table.setFocus(Qt.FocusReason.OtherFocusReason)
        if not self.table.currentIndex().isValid() and self.model.rowCount():
            self.table.setCurrentIndex(self.model.index(0, QueueModel.COL_REGISTRATION))

    def _selection_changed_qt(self, *_args: object) -> None:
        self._selection_timer.start()

    def _emit_selection(self) -> None:
        self._selection_version += 1
        version = self._selection_version
        rows = self.selected_rows()
        ids = [self.model.id_at(r) for r in rows]
        if all(i is not None for i in ids):
            self._publish_selection([i for i in ids if i is not None])
            return

        async def resolve() -> None:
            try:
                found = await self.model.ids_for_rows(rows)
            except StoreError:
                return
            if version == self._selection_version:
                self._publish_selection(found)

        self._track(resolve())

    def _publish_selection(self, ids: list[str]) -> None:
        self._update_bookmark_text()
        if ids != self._selected_ids:
            self._selected_ids = ids
            self.selectionChanged.emit(list(ids))

    def _activate_row(self, row: int) -> None:
        case_id = self.model.id_at(row)
        if case_id is not None:
            self.caseActivated.emit(case_id)
            return

        async def resolve() -> None:
            ids = await self.model.ids_for_rows([row])
            if ids:
                self.caseActivated.emit(ids[0])

        self._track(resolve())

    def _open_current(self) -> None:
        current = self.table.currentIndex()
        rows = self.selected_rows()
        row = current.row() if current.isValid() and current.row() in rows else (rows[0] if rows else -1)
        if row >= 0:
            self._activate_row(row)

    def _selected_records_loaded(self) -> list[Any]:
        return [r for r in (self.model.record(row) for row in self.selected_rows()) if r is not None]

    def _update_bookmark_text(self) -> None:
        records = self._selected_records_loaded()
        remove = bool(records) and all(r.bookmarked for r in records)
        self.bookmark_action.setText(labels.tr("Ta bort bokmärke") if remove else labels.tr("Bokmärk"))
        self.bookmark_action.setData(not remove)

    def _show_menu(self, global_pos: QtCore.QPoint, row: int) -> None:
        if row >= 0 and row not in set(self.selected_rows()):
            self.table.selectionModel().setCurrentIndex(
                self.model.index(row, QueueModel.COL_REGISTRATION),
                QtCore.QItemSelectionModel.SelectionFlag.ClearAndSelect
                | QtCore.QItemSelectionModel.SelectionFlag.Rows,
            )
        rows = self.selected_rows()
        if not rows:
            return
        self._update_bookmark_text()
        many = len(rows) > 1
        self.open_action.setEnabled(True)
        self.offline_action.setEnabled(len(rows) <= MAX_OFFLINE_BATCH)
        self.offline_action.setToolTip(
            "" if len(rows) <= MAX_OFFLINE_BATCH
            else labels.tr("Markera högst {n} ärenden åt gången").format(n=MAX_OFFLINE_BATCH)
        )  # fmt: skip
        self.copy_action.setText(labels.tr("Kopiera diarienummer") + (f" ({len(rows)})" if many else ""))
        if self.context_menu is not None:
            self.context_menu.deleteLater()
        menu = QtWidgets.QMenu(self)
        menu.setObjectName("queueContextMenu")
        menu.setAccessibleName(labels.tr("Ärendemeny"))
        menu.setToolTipsVisible(True)
        menu.addAction(self.open_action)
        menu.setDefaultAction(self.open_action)
        menu.addSeparator()
        menu.addAction(self.bookmark_action)
        menu.addAction(self.offline_action)
        menu.addSeparator()
        menu.addAction(self.copy_action)
        self.context_menu = menu
        menu.popup(global_pos)

    def _toggle_bookmarks(self) -> None:
        rows = self.selected_rows()
        if not rows:
            return
        self._update_bookmark_text()
        on = bool(self.bookmark_action.data())
        self._track(self._set_bookmarks(rows, on))

    async def _set_bookmarks(self, rows: list[int], on: bool) -> None:
        ids = await self.model.ids_for_rows(rows)

        def write(store: Any) -> None:
            with store.transaction():
                for case_id in ids:
                    store.set_bookmark(case_id, on)

        try:
            await self._services.store.run(write)
        except StoreError:
            log.warning("bookmark failed", exc_info=True)
            QtWidgets.QMessageBox.warning(
                self, "Caseworker", labels.tr("Bokmärket kunde inte sparas i den lokala lagringen.")
            )
            return
        n = len(ids)
        if on:
            message = labels.tr("Bokmärkt") if n == 1 else labels.tr("{n} ärenden bokmärkta").format(n=n)
        else:
            message = (labels.tr("Bokmärket borttaget") if n == 1
                       else labels.tr("Bokmärket borttaget från {n} ärenden").format(n=n))  # fmt: skip
        self.statusMessage.emit(message)
        task = self.reload()
        if task is not None:
            await asyncio.shield(task)

    def _copy_registration_numbers(self) -> None:
        rows = self.selected_rows()
        if not rows:
            return

        async def copy() -> None:
            records = await self.model.records_for_rows(rows)
            text = "\n".join(r.registration_number for r in records)
            QtWidgets.QApplication.clipboard().setText(text)
            self.statusMessage.emit(
                labels.tr("Kopierade {n} diarienummer").format(n=len(records))
                if len(records) != 1
                else labels.tr("Kopierade {reg}").format(reg=text)
            )

        self._track(copy())

    def _make_offline(self) -> asyncio.Task[Any] | None:
        """Download the selected cases with their documents; the task, or None when nothing started."""
        rows = self.selected_rows()
        if not rows or len(rows) > MAX_OFFLINE_BATCH:
            return None
        return self._track(self._download(rows))

    async def _download(self, rows: list[int]) -> None:
        records = await self.model.records_for_rows(rows)
        if not records:
            return
        dialog = QtWidgets.QProgressDialog(self)
        dialog.setObjectName("offlineProgress")
        dialog.setWindowTitle(labels.tr("Gör tillgänglig offline"))
        dialog.setCancelButtonText(labels.tr("Avbryt"))
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.setMinimumDuration(300)
        dialog.setAutoClose(False)
        dialog.setAutoReset(False)
        dialog.setRange(0, 0)
        sync = self._services.sync
        total = len(records)

        def label(i: int, reg: str) -> str:
            return labels.tr("Hämtar {reg} med handlingar ({i} av {n}) …").format(reg=reg, i=i + 1, n=total)

        async def download_all() -> int:
            for i, record in enumerate(records):
                dialog.setLabelText(label(i, record.registration_number))

                def progress(done: int, of: int) -> None:
                    if of > 0:  # bytes: may exceed a C int, so per mille
                        dialog.setRange(0, 1000)
                        dialog.setValue(min(1000, done * 1000 // of))

                await sync.make_available_offline(record.id, progress)
            return total

        def done(n: int) -> None:
            self.statusMessage.emit(
                labels.tr("{reg} finns nu offline").format(reg=records[0].registration_number)
                if n == 1
                else labels.tr("{n} ärenden finns nu offline").format(n=n)
            )

        task = run_op(self, download_all(), on_success=done)
        dialog.canceled.connect(task.cancel)
        dialog.setValue(0)
        try:
            await asyncio.wait([task])
        finally:
            # The view (and the dialog, its child) may be gone: closed while the download ran.
            if shiboken6.isValid(dialog):
                dialog.canceled.disconnect(task.cancel)
                dialog.close()
                dialog.deleteLater()
        if task.cancelled():
            self.statusMessage.emit(labels.tr("Hämtningen avbröts"))
        self.reload()


def _ranges(rows: Iterable[int]) -> list[tuple[int, int]]:
    """Consecutive runs of sorted row numbers: [1, 2, 3, 7] → [(1, 3), (7, 7)]."""
    out: list[tuple[int, int]] = []
    for r in rows:
        if out and r == out[-1][1] + 1:
            out[-1] = (out[-1][0], r)
        else:
            out.append((r, r))
    return out

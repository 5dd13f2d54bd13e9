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
from collections.abc import Callable, Coroutine, Iterable, Sequence
from typing import Any

from caseworker.store import CaseQuery, QueueKind, SortKey, StoreError
from ui.ops import run_op
from ui.qt import Qt, QtCore, QtGui, QtWidgets, Signal
from ui.queue.actions import QueueActions
from ui.queue.filters import FilterButton, SearchField
from ui.queue.model import QueueModel
from ui.queue.presentation import QueuePresentation
from ui.queue.table import QueueTable
from ui.services import Services
from ui.widgets import filled

log = logging.getLogger(__name__)

MAX_KEPT_SELECTION = 2000  # selections up to this size survive a sort, filter or sync reload
RELOAD_DELAY_MS = 150  # coalesce bursts of casesChanged during a sync


class QueueView(QueueActions, QueuePresentation, QtWidgets.QWidget):
    """One queue of cases (see the module doc). Its actions and its presentation are in actions.py and
    presentation.py."""

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
        self.menu_hooks: list[Callable[[QtWidgets.QMenu, list[int]], None]] = []  # add to the row menu
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
        filled(bar, *self._filter_buttons(), self.clear_filters_button, None, self.count_label)
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

        self._build_actions()

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
        task = run_op(self, coro)  # ends with the view
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

    # --- Qt events ------------------------------------------------------------------------------------

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

    # --- selection and activation ---------------------------------------------------------------------

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


def _ranges(rows: Iterable[int]) -> list[tuple[int, int]]:
    """Consecutive runs of sorted row numbers: [1, 2, 3, 7] → [(1, 3), (7, 7)]."""
    out: list[tuple[int, int]] = []
    for r in rows:
        if out and r == out[-1][1] + 1:
            out[-1] = (out[-1][0], r)
        else:
            out.append((r, r))
    return out

"""The queue table model: lazy pages of cases from the offline store, sorted and filtered by the store.

Nothing here holds all the rows. ``rowCount`` is the store's count for the current :class:`CaseQuery`;
``data`` serves rows from a bounded cache of pages (:class:`ui.paging.PageCache`, :data:`PAGE_SIZE` rows
each). A row that is not cached yet answers a placeholder ("…") and its page is queued for fetching; when
the page arrives the model emits ``dataChanged`` for it. Fetches run on the store's one worker thread
(AsyncStore), never on the UI thread, most recently requested page first (what is on screen now), and at
most a few are queued: scrolling fast through 50 000 rows fetches only the pages the view stops on.

Changing the query (sort, filter, search, queue) does not blank the table: the model keeps showing the
previous result until the new count and first page have arrived (one hop to the store thread), then
resets. Every result carries the generation it was asked for; anything that arrives for an older query
is dropped. A :meth:`reload` of the same query (after a sync) keeps the old rows on screen as "stale"
until their fresh pages arrive, and keeps row positions (no reset), so scrolling and selection stay put.

Sorting is the store's (``sort()`` makes a new query): a QSortFilterProxyModel over 50 000 lazy rows
would have to load them all.
"""

from __future__ import annotations

import asyncio
import dataclasses
import datetime as dt
import logging
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, ClassVar

from caseworker.domain import clock
from caseworker.domain.models import Municipality
from caseworker.store import AsyncStore, CaseQuery, CaseRow, OfflineStore, SortKey, StoreError
from caseworker.store.store import sort_key
from ui import labels
from ui.ops import Op
from ui.paging import PAGE_SIZE, PageCache
from ui.qt import Qt, QtCore, QtGui, Signal
from ui.queue.delegates import colour_square_icon, markers_icon

log = logging.getLogger(__name__)

PLACEHOLDER = "…"

_NO_ROW = QtCore.QModelIndex()
_DISPLAY = int(Qt.ItemDataRole.DisplayRole.value)
_DECORATION = int(Qt.ItemDataRole.DecorationRole.value)
_TOOLTIP = int(Qt.ItemDataRole.ToolTipRole.value)
_ALIGNMENT = int(Qt.ItemDataRole.TextAlignmentRole.value)
_BACKGROUND = int(Qt.ItemDataRole.BackgroundRole.value)
_FOREGROUND = int(Qt.ItemDataRole.ForegroundRole.value)
_ACCESSIBLE = int(Qt.ItemDataRole.AccessibleTextRole.value)
_UNUSED_ROLES = frozenset(
    int(r.value)
    for r in (
        Qt.ItemDataRole.FontRole,
        Qt.ItemDataRole.CheckStateRole,
        Qt.ItemDataRole.SizeHintRole,
        Qt.ItemDataRole.StatusTipRole,
        Qt.ItemDataRole.WhatsThisRole,
        Qt.ItemDataRole.EditRole,
        Qt.ItemDataRole.AccessibleDescriptionRole,
    )
)
_RIGHT = int((Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter).value)
_ROW_FLAGS = (
    Qt.ItemFlag.ItemIsEnabled
    | Qt.ItemFlag.ItemIsSelectable
    | Qt.ItemFlag.ItemNeverHasChildren
    | Qt.ItemFlag.ItemIsDragEnabled
)
_NO_FLAGS = Qt.ItemFlag.NoItemFlags


def _first_page(store: OfflineStore, query: CaseQuery, limit: int) -> tuple[int, list[CaseRow]]:
    """Count and first page in one hop to the store thread."""
    count = store.count(query)
    return count, (store.rows(query, 0, limit) if count else [])


def _pages(store: OfflineStore, query: CaseQuery, pages: Sequence[int]) -> dict[int, list[CaseRow]]:
    return {p: store.rows(query, p * PAGE_SIZE, PAGE_SIZE) for p in pages}


@dataclass(frozen=True, slots=True)
class Tone:
    """Colours of the deadline cells, derived from the view's palette (light and dark themes)."""

    overdue_fg: QtGui.QColor
    overdue_bg: QtGui.QColor
    soon_fg: QtGui.QColor
    soon_bg: QtGui.QColor
    muted_fg: QtGui.QColor

    @classmethod
    def from_palette(cls, palette: QtGui.QPalette) -> Tone:
        base = palette.color(QtGui.QPalette.ColorRole.Base)
        dark = base.lightness() < 128

        def mix(colour: str, share: float) -> QtGui.QColor:
            c = QtGui.QColor(colour)
            return QtGui.QColor.fromRgbF(
                base.redF() * (1 - share) + c.redF() * share,
                base.greenF() * (1 - share) + c.greenF() * share,
                base.blueF() * (1 - share) + c.blueF() * share,
            )

        muted = palette.color(QtGui.QPalette.ColorGroup.Active, QtGui.QPalette.ColorRole.PlaceholderText)
        if dark:
            return cls(QtGui.QColor("#ff9e94"), mix("#e53935", 0.24), QtGui.QColor("#ffd27a"),
                       mix("#ffb300", 0.20), muted)  # fmt: skip
        return cls(QtGui.QColor("#a31515"), mix("#e53935", 0.13), QtGui.QColor("#7a4a00"),
                   mix("#ffb300", 0.22), muted)  # fmt: skip


@dataclass(frozen=True, slots=True)
class _Entry:
    """One row as shown: the store's row plus its texts, computed once when its page arrives."""

    row: CaseRow
    texts: tuple[str, ...]
    days_left: int | None
    weeks_late: int
    fee_factor: float
    reducible: bool

    @property
    def overdue(self) -> bool:
        return self.days_left is not None and self.days_left < 0

    @property
    def due_soon(self) -> bool:
        return self.days_left is not None and 0 <= self.days_left <= 7

    @property
    def fee_at_risk(self) -> int:
        return self.row.fee_sek - round(self.row.fee_sek * self.fee_factor)


# The texts below are written in the order markers, registration, municipality, property, type, applicant,
# status, received, deadline, fee, assignee; this maps each column (the order above) to its place in them.
_SOURCE_ORDER = (0, 1, 8, 6, 3, 4, 5, 9, 2, 7, 10)
CASE_IDS_MIME = "application/x-caseworker-case-ids"  # dragged rows: their case ids, one a line


class QueueModel(QtCore.QAbstractTableModel):
    """Lazy, store-sorted table of one queue view (see the module doc)."""

    # By importance, left to right: what the case is, how long is left, where it stands, what it is about;
    # the rest to the right (off screen on a small window rather than the deadline).
    (
        COL_MARKERS,
        COL_REGISTRATION,
        COL_DEADLINE,
        COL_STATUS,
        COL_PROPERTY,
        COL_TYPE,
        COL_APPLICANT,
        COL_FEE,
        COL_MUNICIPALITY,
        COL_RECEIVED,
        COL_ASSIGNEE,  # shown in the team's queue (ui.workload hides it elsewhere)
    ) = range(11)
    COLUMN_COUNT = 11

    SortRole = int(Qt.ItemDataRole.UserRole.value) + 1  # the Python value the store sorts the column by
    RecordRole = int(Qt.ItemDataRole.UserRole.value) + 2  # the CaseRow, or None while the row is loading
    IdRole = int(Qt.ItemDataRole.UserRole.value) + 3  # the case id, or None while the row is loading
    MarkersRole = int(Qt.ItemDataRole.UserRole.value) + 4  # (bookmarked, pending writes, problem writes)

    SORT_KEYS: ClassVar[dict[int, SortKey]] = {
        COL_REGISTRATION: SortKey.REGISTRATION_NUMBER,
        COL_MUNICIPALITY: SortKey.MUNICIPALITY,
        COL_PROPERTY: SortKey.PROPERTY,
        COL_TYPE: SortKey.CASE_TYPE,
        COL_STATUS: SortKey.STATUS,
        COL_RECEIVED: SortKey.RECEIVED,
        COL_DEADLINE: SortKey.DEADLINE,
        COL_FEE: SortKey.FEE,
        COL_ASSIGNEE: SortKey.ASSIGNEE,
    }

    loaded = Signal()  # a query's count and first page are shown (after set_query / reload)
    pageLoaded = Signal(int)  # a page of rows arrived (page number)
    countChanged = Signal(int)
    failed = Signal(str)  # the store could not answer (Swedish message)

    def __init__(
        self,
        store: AsyncStore,
        municipalities: Mapping[str, Municipality] | None = None,
        parent: QtCore.QObject | None = None,
        *,
        today: Callable[[], dt.date] = dt.date.today,
    ) -> None:
        super().__init__(parent)
        self._store = store
        self._municipalities: Mapping[str, Municipality] = municipalities or {}
        self.today_source = today  # the local date (tests and benchmarks pin it)
        self._today = today()
        self._request = 0  # latest load asked for; older loads are dropped when they finish
        self._cache: PageCache[CaseQuery, _Entry] = PageCache(
            self._fetch_page,
            self._page_arrived,
            recoverable=(StoreError,),
            name="queue page",
            spawn=lambda work: Op(self, work, name="queue pages").run(),
        )
        self._load_task: asyncio.Task[None] | None = None
        self._all_ids: tuple[int, list[str]] | None = None  # (generation, ids) for big selections
        self._tone = Tone.from_palette(QtGui.QGuiApplication.palette())
        self._headers = self._header_texts()
        self.error: str | None = None
        self.destroyed.connect(self._cancel_tasks)

    def _cancel_tasks(self, *_args: object) -> None:
        """The C++ model is going away: nothing may touch it afterwards."""
        self._request += 1
        self._cache.cancel()
        if self._load_task is not None:
            self._load_task.cancel()

    # --- what is shown -------------------------------------------------------------------------------

    @property
    def query(self) -> CaseQuery | None:
        return self._cache.query

    @property
    def pages_fetched(self) -> int:
        """Pages fetched from the store after a query's first page (diagnostics, tests)."""
        return self._cache.pages_fetched

    def is_idle(self) -> bool:
        """No load runs and every page asked for has been fetched."""
        return (self._load_task is None or self._load_task.done()) and self._cache.idle

    @property
    def today(self) -> dt.date:
        return self._today

    @property
    def is_loaded(self) -> bool:
        """True once a query's count and first page are shown."""
        return self._cache.query is not None

    def cached_pages(self) -> set[int]:
        return self._cache.cached_pages()

    def is_row_loaded(self, row: int) -> bool:
        return self._cache.is_row_loaded(row)

    def record(self, row: int) -> CaseRow | None:
        entry = self._cache.entry(row, fetch=False)
        return None if entry is None else entry.row

    def id_at(self, row: int) -> str | None:
        entry = self._cache.entry(row, fetch=False)
        return None if entry is None else entry.row.id

    def row_of(self, case_id: str) -> int | None:
        """The row of a case among the cached pages (None if not cached)."""
        return self._cache.find(lambda entry: entry.row.id == case_id)

    def set_palette(self, palette: QtGui.QPalette) -> None:
        """Recompute the deadline colours (the OS switched between light and dark)."""
        self._tone = Tone.from_palette(palette)
        if self._cache.count:
            self.dataChanged.emit(self.index(0, 0), self.index(self._cache.count - 1, self.COLUMN_COUNT - 1))

    def retranslate(self) -> None:
        """The language changed: header and cell texts again."""
        self._headers = self._header_texts()
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, self.COLUMN_COUNT - 1)
        self._refresh_texts()

    # --- loading -------------------------------------------------------------------------------------

    def set_query(self, query: CaseQuery) -> asyncio.Task[None]:
        """Show ``query``: the current rows stay until its count and first page arrive, then reset."""
        return self._start_load(query, keep_rows=False)

    def reload(self) -> asyncio.Task[None]:
        """Fetch the current query again (data changed): keeps rows in place, no reset."""
        if self.query is None:
            raise RuntimeError("reload() before set_query()")
        return self._start_load(self.query, keep_rows=True)

    def clear(self) -> None:
        """Show nothing (e.g. a queue this user has no access to)."""
        self._request += 1
        if self._load_task is not None:
            self._load_task.cancel()
        self.beginResetModel()
        self._cache.count = 0
        self._reset_pages(None, [])
        self.endResetModel()
        self.countChanged.emit(0)

    async def wait_loaded(self) -> None:
        """Until the latest set_query/reload has been shown (or failed)."""
        while self._load_task is not None and not self._load_task.done():
            await asyncio.shield(self._load_task)

    def _start_load(self, query: CaseQuery, *, keep_rows: bool) -> asyncio.Task[None]:
        self._request += 1
        self._today = query.today or self.today_source()
        if self._load_task is not None and not self._load_task.done():
            self._load_task.cancel()  # a call not yet started on the store thread is dropped too
        self._load_task = Op(self, self._load(query, self._request, keep_rows), name="queue rows").run()
        return self._load_task

    async def _load(self, query: CaseQuery, request: int, keep_rows: bool) -> None:
        try:
            count, rows = await self._store.run(lambda s: _first_page(s, query, PAGE_SIZE))
        except StoreError as exc:
            if request == self._request:
                log.warning("queue query failed: %s", type(exc).__name__)
                self.error = labels.tr("Kön kunde inte läsas från den lokala lagringen.")
                self.failed.emit(self.error)
            return
        if request != self._request:
            return
        self.error = None
        entries = [self._describe(r) for r in rows]
        if keep_rows and self.query is not None:
            self._present_reload(query, count, entries)
        else:
            self._present_new(query, count, entries)
        self.countChanged.emit(count)
        self.loaded.emit()

    def _present_new(self, query: CaseQuery, count: int, entries: list[_Entry]) -> None:
        self.beginResetModel()
        self._cache.count = count
        self._reset_pages(query, entries)
        self.endResetModel()

    def _present_reload(self, query: CaseQuery, count: int, entries: list[_Entry]) -> None:
        old = self._cache.count
        self._cache.reload(query, entries)
        self._all_ids = None
        if count < old:
            self.beginRemoveRows(_NO_ROW, count, old - 1)
            self._cache.count = count
            self.endRemoveRows()
        elif count > old:
            self.beginInsertRows(_NO_ROW, old, count - 1)
            self._cache.count = count
            self.endInsertRows()
        if count:
            self.dataChanged.emit(self.index(0, 0), self.index(count - 1, self.COLUMN_COUNT - 1))

    def _reset_pages(self, query: CaseQuery | None, first: list[_Entry]) -> None:
        self._cache.show(query, first)
        self._all_ids = None

    async def _fetch_page(self, query: CaseQuery, offset: int, limit: int) -> list[_Entry]:
        return [self._describe(r) for r in await self._store.rows(query, offset, limit)]

    def _page_arrived(self, number: int) -> None:
        first = number * PAGE_SIZE
        last = min(first + PAGE_SIZE, self._cache.count) - 1
        if last >= first:
            self.dataChanged.emit(self.index(first, 0), self.index(last, self.COLUMN_COUNT - 1))
        self.pageLoaded.emit(number)

    # --- rows for selections (may be far outside the cached pages) -----------------------------------

    async def ids_for_rows(self, rows: Iterable[int]) -> list[str]:
        """The case ids of ``rows`` of the current query (fetches the query's id list if needed)."""
        wanted = list(rows)
        ids = [self.id_at(r) for r in wanted]
        if all(i is not None for i in ids):
            return [i for i in ids if i is not None]
        all_ids = await self.all_ids()
        return [all_ids[r] for r in wanted if r < len(all_ids)]

    async def all_ids(self) -> list[str]:
        """Every case id of the current query in row order (cached until the query changes)."""
        if self.query is None:
            return []
        generation = self._cache.generation
        if self._all_ids is not None and self._all_ids[0] == generation:
            return self._all_ids[1]
        ids = await self._store.ids(self.query)
        if generation == self._cache.generation:
            self._all_ids = (generation, ids)
        return ids

    async def records_for_rows(self, rows: Iterable[int]) -> list[CaseRow]:
        """The CaseRows of ``rows``; pages not cached are read in one hop (not kept in the cache)."""
        wanted = sorted(set(rows))
        query = self.query
        if query is None:
            return []
        missing = sorted({r // PAGE_SIZE for r in wanted if self.record(r) is None})
        extra: dict[int, list[CaseRow]] = {}
        if missing:
            extra = await self._store.run(lambda s: _pages(s, query, missing))
        out: list[CaseRow] = []
        for r in wanted:
            found = self.record(r)
            if found is None:
                page = extra.get(r // PAGE_SIZE, [])
                found = page[r % PAGE_SIZE] if r % PAGE_SIZE < len(page) else None
            if found is not None:
                out.append(found)
        return out

    # --- QAbstractItemModel --------------------------------------------------------------------------

    def rowCount(self, parent: QtCore.QModelIndex | QtCore.QPersistentModelIndex = _NO_ROW) -> int:
        return 0 if parent.isValid() else self._cache.count

    def columnCount(self, parent: QtCore.QModelIndex | QtCore.QPersistentModelIndex = _NO_ROW) -> int:
        return 0 if parent.isValid() else self.COLUMN_COUNT

    def flags(self, index: QtCore.QModelIndex | QtCore.QPersistentModelIndex) -> Qt.ItemFlag:
        return _ROW_FLAGS if index.isValid() else _NO_FLAGS

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        key = self.SORT_KEYS.get(column)
        if key is None or self.query is None:
            return  # not sortable (the applicant's name is encrypted; the markers are not a value)
        descending = order == Qt.SortOrder.DescendingOrder
        if (self.query.sort, self.query.descending) != (key, descending):
            self.set_query(dataclasses.replace(self.query, sort=key, descending=descending))

    @classmethod
    def column_of(cls, key: SortKey) -> int | None:
        for column, k in cls.SORT_KEYS.items():
            if k is key:
                return column
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < self.COLUMN_COUNT:
            return None
        title, tip = self._headers[section]
        if role == Qt.ItemDataRole.DisplayRole:
            return title
        if role in (Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.AccessibleTextRole):
            return tip if role == Qt.ItemDataRole.ToolTipRole or not title else title
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        return None

    def data(
        self,
        index: QtCore.QModelIndex | QtCore.QPersistentModelIndex,
        role: int = _DISPLAY,
    ) -> Any:
        # Called ~3 000 times per screen (every role of every visible cell): plain int roles, no enum
        # arithmetic, the common answers first.
        if role in _UNUSED_ROLES:
            return None
        row = index.row()
        if row < 0 or row >= self._cache.count:
            return None
        column = index.column()
        entry = self._cache.entry(row)
        if entry is None:
            if role == _DISPLAY:
                return PLACEHOLDER if column == self.COL_REGISTRATION else None
            if role == _FOREGROUND:
                return self._tone.muted_fg
            if role == _ACCESSIBLE and column == self.COL_REGISTRATION:
                return labels.tr("Hämtar …")
            return None
        if role == _DISPLAY:
            return entry.texts[column]
        if role == _DECORATION:
            if column == self.COL_MUNICIPALITY:
                m = self._municipalities.get(entry.row.municipality_id)
                return colour_square_icon(m.primary_color) if m is not None else None
            if column == self.COL_MARKERS:
                r = entry.row
                return markers_icon(r.bookmarked, r.pending_writes > 0, r.problem_writes > 0)
            return None
        if role == _FOREGROUND:
            if column == self.COL_DEADLINE or (column == self.COL_FEE and entry.fee_at_risk):
                if entry.overdue:
                    return self._tone.overdue_fg
                if entry.due_soon and column == self.COL_DEADLINE:
                    return self._tone.soon_fg
            return None
        if role == _BACKGROUND:
            if column == self.COL_DEADLINE:
                if entry.overdue:
                    return self._tone.overdue_bg
                if entry.due_soon:
                    return self._tone.soon_bg
            return None
        if role == _ALIGNMENT:
            return _RIGHT if column == self.COL_FEE else None
        if role == self.MarkersRole:
            r = entry.row
            return (r.bookmarked, r.pending_writes, r.problem_writes)
        if role == _TOOLTIP:
            return self._tooltip(entry, column)
        if role == _ACCESSIBLE:
            return self._accessible(entry, column)
        if role == self.RecordRole:
            return entry.row
        if role == self.IdRole:
            return entry.row.id
        if role == self.SortRole:
            return self._sort_value(entry.row, column)
        return None

    # --- texts ---------------------------------------------------------------------------------------

    @staticmethod
    def _header_texts() -> list[tuple[str, str]]:
        headers = [
            ("", labels.tr("Bokmärke och utkorg: stjärna = bokmärkt, blå pil = ändringar väntar på att "
                           "skickas, röd triangel = en ändring behöver åtgärdas")),
            (labels.tr("Diarienummer"), labels.tr("Ärendets diarienummer")),
            (labels.tr("Kommun"), labels.tr("Kommunen som handlägger ärendet")),
            (labels.tr("Fastighet"), labels.tr("Fastighetsbeteckning")),
            (labels.tr("Ärendetyp"), labels.tr("Typ av ärende")),
            (labels.tr("Sökande"), labels.tr("Sökande (går inte att sortera: namnen lagras krypterat)")),
            (labels.tr("Status"), labels.tr("Ärendets status")),
            (labels.tr("Inkommen"), labels.tr("Dagen då ansökan kom in")),
            (labels.tr("Tidsfrist"),
             labels.tr("Lagstadgad tidsfrist för beslut (PBL 9 kap. 27 §) och dagar kvar")),
            (labels.tr("Avgift i risk"),
             labels.tr("Avgiften sätts ned med en femtedel per påbörjad vecka efter tidsfristen "
                       "(PBL 12 kap. 8 a §)")),
            (labels.tr("Handläggare"), labels.tr("Ärendets handläggare")),
        ]  # fmt: skip
        return [headers[i] for i in _SOURCE_ORDER]

    def _refresh_texts(self) -> None:
        self._cache.remap(lambda e: self._describe(e.row))
        if self._cache.count:
            self.dataChanged.emit(self.index(0, 0), self.index(self._cache.count - 1, self.COLUMN_COUNT - 1))

    def _municipality_name(self, municipality_id: str) -> str:
        m = self._municipalities.get(municipality_id)
        return labels.municipality_short(m.name) if m is not None else municipality_id

    def _describe(self, row: CaseRow) -> _Entry:
        today = self._today
        days_left = row.days_left(today)
        weeks_late, factor = 0, 1.0
        reducible = row.case_type in clock.FEE_REDUCIBLE
        if days_left is not None and row.deadline is not None:  # an open case: its risk today
            risk = clock.deadline_risk(row.deadline, today, row.case_type)
            weeks_late, factor = risk.weeks_late, risk.fee_factor
        deadline_text = ""
        if row.deadline is not None:
            deadline_text = labels.format_date(row.deadline)
            if days_left is not None:
                if days_left > 0:
                    deadline_text += " " + labels.tr("({n} d kvar)").format(n=days_left)
                elif days_left == 0:
                    deadline_text += " " + labels.tr("(i dag)")
                else:
                    deadline_text += " " + labels.tr("({n} d sen)").format(n=-days_left)
        elif row.is_open:
            deadline_text = labels.tr("Ej startad")
        fee_text = ""
        at_risk = row.fee_sek - round(row.fee_sek * factor)
        if factor < 1.0:
            percent = round((1 - factor) * 100)
            fee_text = f"−{percent} %"
            if at_risk:
                fee_text += f" ({labels.kronor(at_risk)})"
        texts: tuple[str, ...] = (
            "",
            row.registration_number,
            self._municipality_name(row.municipality_id),
            row.property_designation,
            labels.case_type_label(row.case_type),
            row.applicant_name,
            labels.status_label(row.status),
            labels.format_date(row.received_on),
            deadline_text,
            fee_text,
            row.assignee_name or (labels.tr("Ej tilldelat") if row.assignee_id is None else row.assignee_id),
        )
        texts = tuple(texts[i] for i in _SOURCE_ORDER)
        return _Entry(row, texts, days_left, weeks_late, factor, reducible)

    def _tooltip(self, entry: _Entry, column: int) -> str | None:
        r = entry.row
        if column == self.COL_MARKERS:
            return self._markers_text(r) or None
        if column == self.COL_MUNICIPALITY:
            m = self._municipalities.get(r.municipality_id)
            return f"{m.name}\n{m.committee}" if m is not None else r.municipality_id
        if column == self.COL_TYPE:
            return labels.case_type_description(r.case_type)
        if column == self.COL_REGISTRATION:
            return f"{r.registration_number}\n{r.title}"
        if column == self.COL_DEADLINE:
            if r.deadline is None:
                if r.is_open:
                    return labels.tr("Tidsfristen har inte börjat löpa: den börjar när ansökan är komplett.")
                return None
            if entry.days_left is None:
                return labels.tr("Tidsfrist {date}. Ärendet är avgjort.").format(
                    date=labels.format_date(r.deadline)
                )
            if entry.overdue:
                late = -entry.days_left
                return (
                    labels.tr("Tidsfristen gick ut {date}, för 1 dag sedan.") if late == 1
                    else labels.tr("Tidsfristen gick ut {date}, för {n} dagar sedan.")
                ).format(date=labels.format_date(r.deadline), n=late)  # fmt: skip
            if entry.days_left == 0:
                return labels.tr("Tidsfristen går ut i dag.")
            return (
                labels.tr("Beslut senast {date}, om 1 dag.") if entry.days_left == 1
                else labels.tr("Beslut senast {date}, om {n} dagar.")
            ).format(date=labels.format_date(r.deadline), n=entry.days_left)  # fmt: skip
        if column == self.COL_FEE:
            fee = labels.kronor(r.fee_sek)
            if not entry.reducible:
                not_reduced = labels.tr("Avgift {fee}. Avgiften sätts inte ned för den här ärendetypen.")
                return not_reduced.format(fee=fee)
            if entry.days_left is None:
                return labels.tr("Avgift {fee}.").format(fee=fee)
            if entry.fee_factor < 1.0:
                return labels.tr(
                    "Avgift {fee}. Tidsfristen är överskriden med {w} påbörjade veckor: avgiften sätts ned "
                    "med {risk} (till {left})."
                ).format(
                    fee=fee,
                    w=entry.weeks_late,
                    risk=labels.kronor(entry.fee_at_risk),
                    left=labels.kronor(r.fee_sek - entry.fee_at_risk),
                )
            return labels.tr(
                "Avgift {fee}. Efter tidsfristen sätts den ned med en femtedel ({fifth}) per påbörjad vecka."
            ).format(fee=fee, fifth=labels.kronor(round(r.fee_sek / clock.FEE_STEPS)))
        text = entry.texts[column]
        return text or None

    def _markers_text(self, r: CaseRow) -> str:
        parts = []
        if r.bookmarked:
            parts.append(labels.tr("Bokmärkt"))
        if r.pending_writes:
            parts.append(
                (labels.tr("1 ändring väntar på att skickas") if r.pending_writes == 1
                 else labels.tr("{n} ändringar väntar på att skickas")).format(n=r.pending_writes)
            )  # fmt: skip
        if r.problem_writes:
            parts.append(
                (labels.tr("1 ändring behöver åtgärdas (se Utkorg)") if r.problem_writes == 1
                 else labels.tr("{n} ändringar behöver åtgärdas (se Utkorg)")).format(n=r.problem_writes)
            )  # fmt: skip
        return ", ".join(parts)

    def _accessible(self, entry: _Entry, column: int) -> str | None:
        if column == self.COL_MARKERS:
            return self._markers_text(entry.row) or labels.tr("Inga markeringar")
        if column in (self.COL_DEADLINE, self.COL_FEE):
            return self._tooltip(entry, column) or entry.texts[column]
        return entry.texts[column] or None

    @staticmethod
    def _sort_value(row: CaseRow, column: int) -> Any:
        match column:
            case QueueModel.COL_REGISTRATION:
                return row.registration_number
            case QueueModel.COL_MUNICIPALITY:
                return row.municipality_id
            case QueueModel.COL_PROPERTY:
                return sort_key(row.property_designation)
            case QueueModel.COL_TYPE:
                return str(row.case_type)
            case QueueModel.COL_STATUS:
                return str(row.status)
            case QueueModel.COL_RECEIVED:
                return row.received_on
            case QueueModel.COL_DEADLINE:
                return row.deadline or dt.date.max
            case QueueModel.COL_FEE:
                return row.fee_sek
            case QueueModel.COL_APPLICANT:
                return row.applicant_name
            case QueueModel.COL_ASSIGNEE:
                return sort_key(row.assignee_name or "")
        return None

    # --- dragging rows (onto a member of the workload board) ----------------------------------------

    def mimeTypes(self) -> list[str]:
        return [CASE_IDS_MIME]

    def mimeData(self, indexes: Sequence[QtCore.QModelIndex]) -> QtCore.QMimeData:
        """The case ids of the dragged rows that are loaded (a row still loading has no id yet)."""
        ids = dict.fromkeys(i for i in (self.id_at(index.row()) for index in indexes) if i is not None)
        data = QtCore.QMimeData()
        data.setData(CASE_IDS_MIME, QtCore.QByteArray("\n".join(ids).encode("utf-8")))
        return data

"""The workload board (team leads): one row per member with open cases (and a compact bar), due within 7
days, overdue, fee at risk, cases per municipality and absence; filters by municipality and case type; a
click shows the member's cases below (a queue view narrowed to them). Cases dragged from any queue onto
a member are moved to them (``actions.WorkloadActions``).

The figures are read from the local store on a worker thread (``caseworker.workload.load_figures``), so
the board works offline; it reads them again after each sync. The platform's workload answer, when it
comes, is a cross-check shown under the table.
"""

from __future__ import annotations

import asyncio
import dataclasses
import datetime as dt
import logging
from collections.abc import Sequence
from typing import Any

from caseworker.domain.models import CaseType
from caseworker.store import CaseQuery, QueueKind
from caseworker.workload import MemberFigures, TeamFigures, WorkloadFilter, cross_check, load_figures
from ui import labels
from ui.ops import run_op
from ui.qt import Qt, QtCore, QtGui, QtWidgets, Signal
from ui.queue.filters import FilterButton
from ui.queue.model import CASE_IDS_MIME, QueueModel
from ui.queue.view import QueueView
from ui.services import Services
from ui.theme import tone
from ui.widgets import Retranslated, action_button, enlarge, filled, side_by_side, text_label
from ui.workload.team import Team, load_team

log = logging.getLogger(__name__)

RELOAD_DELAY_MS = 300  # figures are read again at most this often while a sync streams changes
_NO_ROW = QtCore.QModelIndex()
MemberRole = int(Qt.ItemDataRole.UserRole.value) + 1  # the row's MemberFigures


def case_ids_of(mime: QtCore.QMimeData) -> list[str]:
    if not mime.hasFormat(CASE_IDS_MIME):
        return []
    text = bytes(mime.data(CASE_IDS_MIME).data()).decode("utf-8")
    return [line for line in text.splitlines() if line]


def tr(text: str) -> str:
    return QtCore.QCoreApplication.translate("Workload", text)


class BoardModel(QtCore.QAbstractTableModel):
    """The members' figures; a row accepts dropped cases (``casesDropped(ids, member id)``)."""

    COL_NAME, COL_OPEN, COL_SOON, COL_OVERDUE, COL_FEE, COL_PLACES, COL_ABSENCE = range(7)
    casesDropped = Signal(list, str)

    def __init__(self, parent: QtCore.QObject | None = None) -> None:
        super().__init__(parent)
        self.figures: TeamFigures | None = None
        self.names: dict[str, str] = {}  # municipality id -> short name
        self.rows: list[MemberFigures] = []

    def set_figures(self, figures: TeamFigures) -> None:
        self.beginResetModel()
        self.figures = figures
        self.rows = list(figures.members)
        self.endResetModel()

    @property
    def largest_load(self) -> int:
        return max((m.open_cases for m in self.rows), default=0)

    def rowCount(self, parent: QtCore.QModelIndex | QtCore.QPersistentModelIndex = _NO_ROW) -> int:
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: QtCore.QModelIndex | QtCore.QPersistentModelIndex = _NO_ROW) -> int:
        return 0 if parent.isValid() else 7

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = 0) -> Any:
        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole:
            return None
        return (
            tr("Handläggare"),
            tr("Öppna"),
            tr("Inom 7 dagar"),
            tr("Försenade"),
            tr("Avgift i risk"),
            tr("Per kommun"),
            tr("Frånvaro"),
        )[section]

    def texts(self, m: MemberFigures) -> tuple[str, ...]:
        places = ", ".join(f"{self.names.get(k, k)} {n}" for k, n in m.per_municipality.items())
        absence = ""
        if m.absent:
            absence = (
                tr("Frånvarande t.o.m. {date}").format(date=labels.format_date(m.absent_until))
                if m.absent_until
                else tr("Frånvarande")
            )
        return (
            m.name,
            str(m.open_cases),
            str(m.due_within_7_days),
            str(m.overdue),
            labels.kronor(m.fee_at_risk_sek) if m.fee_at_risk_sek else "–",
            places,
            absence,
        )

    def data(self, index: QtCore.QModelIndex | QtCore.QPersistentModelIndex, role: int = 0) -> Any:
        if not index.isValid():
            return None
        m = self.rows[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self.texts(m)[column]
        if role == MemberRole:
            return m
        if role == Qt.ItemDataRole.AccessibleTextRole:
            if column == self.COL_OPEN:
                return tr("{n} öppna, {soon} inom 7 dagar, {late} försenade").format(
                    n=m.open_cases, soon=m.due_within_7_days, late=m.overdue
                )
            return self.texts(m)[column] or tr("Ingen")
        if role == Qt.ItemDataRole.TextAlignmentRole and column in (
            self.COL_SOON,
            self.COL_OVERDUE,
            self.COL_FEE,
        ):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ForegroundRole and column == self.COL_OVERDUE and m.overdue:
            return QtGui.QColor(tone("overdue")[1])
        if role == Qt.ItemDataRole.ToolTipRole and column == self.COL_NAME:
            return tr("Klicka för att se ärendena. Dra ärenden hit för att fördela om dem.")
        return None

    def flags(self, index: QtCore.QModelIndex | QtCore.QPersistentModelIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return (
            Qt.ItemFlag.ItemIsEnabled
            | Qt.ItemFlag.ItemIsSelectable
            | Qt.ItemFlag.ItemNeverHasChildren
            | Qt.ItemFlag.ItemIsDropEnabled
        )

    def mimeTypes(self) -> list[str]:
        return [CASE_IDS_MIME]

    def supportedDropActions(self) -> Qt.DropAction:
        return Qt.DropAction.MoveAction | Qt.DropAction.CopyAction

    def canDropMimeData(self, data: QtCore.QMimeData, action: Qt.DropAction, row: int, column: int,
                        parent: QtCore.QModelIndex | QtCore.QPersistentModelIndex) -> bool:  # fmt: skip
        return parent.isValid() and bool(case_ids_of(data))

    def dropMimeData(self, data: QtCore.QMimeData, action: Qt.DropAction, row: int, column: int,
                     parent: QtCore.QModelIndex | QtCore.QPersistentModelIndex) -> bool:  # fmt: skip
        ids = case_ids_of(data)
        if not parent.isValid() or not ids:
            return False
        self.casesDropped.emit(ids, self.rows[parent.row()].member_id)
        return False  # nothing is inserted here: the move goes through the outbox


class BarDelegate(QtWidgets.QStyledItemDelegate):
    """The open cases as a compact bar, its length relative to the busiest member: overdue, due within 7
    days and the rest in their tones, the count written beside it (never by colour alone)."""

    def paint(self, painter: QtGui.QPainter, option: QtWidgets.QStyleOptionViewItem,
              index: QtCore.QModelIndex | QtCore.QPersistentModelIndex) -> None:  # fmt: skip
        m = index.data(MemberRole)
        model = index.model()
        if not isinstance(m, MemberFigures) or not isinstance(model, BoardModel):
            super().paint(painter, option, index)
            return
        style_option = QtWidgets.QStyleOptionViewItem(option)
        self.initStyleOption(style_option, index)
        style_option.text = ""  # type: ignore[attr-defined]
        widget = style_option.widget  # type: ignore[attr-defined]
        style = widget.style() if widget is not None else QtWidgets.QApplication.style()
        style.drawControl(QtWidgets.QStyle.ControlElement.CE_ItemViewItem, style_option, painter, widget)
        rect: QtCore.QRect = option.rect.adjusted(6, 8, -6, -8)  # type: ignore[attr-defined]
        metrics = QtGui.QFontMetrics(option.font)  # type: ignore[attr-defined]
        text = str(m.open_cases)
        text_width = metrics.horizontalAdvance("0000") + 6
        bar_width = max(0, rect.width() - text_width)
        largest = max(model.largest_load, 1)
        full = round(bar_width * m.open_cases / largest)
        parts = (
            (m.overdue, tone("overdue")[1]),
            (m.due_within_7_days, tone("soon")[1]),
            (m.open_cases - m.overdue - m.due_within_7_days, tone("info")[1]),
        )
        painter.save()
        painter.setPen(Qt.PenStyle.NoPen)
        x = rect.left()
        for count, colour in parts:
            width = round(full * count / m.open_cases) if m.open_cases else 0
            if width > 0:
                painter.setBrush(QtGui.QColor(colour))
                painter.drawRect(QtCore.QRect(x, rect.top(), width, rect.height()))
                x += width
        palette: QtGui.QPalette = option.palette  # type: ignore[attr-defined]
        painter.setPen(palette.color(QtGui.QPalette.ColorRole.Text))
        text_rect = QtCore.QRect(rect.left() + bar_width + 6, option.rect.top(), text_width,  # type: ignore[attr-defined]
                                 option.rect.height())  # type: ignore[attr-defined]  # fmt: skip
        painter.drawText(text_rect, int(Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft), text)
        painter.restore()

    def sizeHint(self, option: QtWidgets.QStyleOptionViewItem,
                 index: QtCore.QModelIndex | QtCore.QPersistentModelIndex) -> QtCore.QSize:  # fmt: skip
        size = super().sizeHint(option, index)
        return QtCore.QSize(max(size.width(), 220), max(size.height(), 30))


class BoardTable(QtWidgets.QTableView):
    """Accepts case ids dropped on a member's row."""

    def __init__(self, parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAcceptDrops(True)
        self.setDragDropMode(QtWidgets.QAbstractItemView.DragDropMode.DropOnly)
        self.setDropIndicatorShown(True)
        self.setSelectionBehavior(QtWidgets.QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QtWidgets.QAbstractItemView.SelectionMode.SingleSelection)
        self.verticalHeader().hide()
        self.setWordWrap(False)
        self.setAlternatingRowColors(True)
        self.setTabKeyNavigation(False)  # Tab leaves the table (arrows move between members)


class MemberQueueView(QueueView):
    """The queue view narrowed to the open cases of some members (the board's "a member's cases")."""

    def __init__(self, services: Services, parent: QtWidgets.QWidget | None = None) -> None:
        self.assignee_ids: frozenset[str] = frozenset()
        super().__init__(services, parent)
        self.setObjectName("memberQueueView")
        self.table.setObjectName("memberQueueTable")

    def set_member(self, member_id: str) -> asyncio.Task[None] | None:
        self.assignee_ids = frozenset({member_id})
        return self.set_queue(QueueKind.ALL)

    def current_query(self) -> CaseQuery | None:
        query = super().current_query()
        if query is None or not self.assignee_ids:
            return query
        return dataclasses.replace(query, assignee_ids=self.assignee_ids, open_only=True)


class WorkloadBoard(Retranslated, QtWidgets.QWidget):
    """The board page (see the module doc)."""

    memberChosen = Signal(str)  # member id
    figuresShown = Signal()  # the figures on screen are the store's current ones

    def __init__(self, services: Services, parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("workloadBoard")
        self.services = services
        self.team: Team | None = None
        self.figures: TeamFigures | None = None
        self.differences: list[Any] = []
        self._task: asyncio.Task[Any] | None = None
        self._again = False
        self._started = False
        self.today = dt.date.today  # tests and benchmarks pin it

        self.title = text_label("workloadTitle", wrap=False)
        enlarge(self.title, 1.3)
        self.municipality_filter = FilterButton("", self)
        self.type_filter = FilterButton("", self)
        self.balance_button = action_button("balanceTeam")
        self.cover_button = action_button("coverAbsence")
        self.summary = text_label("workloadSummary", wrap=False)
        self.legend = text_label("workloadLegend", wrap=False)
        self.check_label = text_label("workloadCrossCheck")

        self.model = BoardModel(self)
        self.table = BoardTable(self)
        self.table.setObjectName("workloadTable")
        self.table.setModel(self.model)
        self.table.setItemDelegateForColumn(BoardModel.COL_OPEN, BarDelegate(self.table))
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.clicked.connect(self._chosen)
        self.table.activated.connect(self._chosen)

        self.member_title = QtWidgets.QLabel()
        self.member_title.setObjectName("memberCasesTitle")
        self.member_queue = MemberQueueView(services, self)
        self.member_queue.table.setDragEnabled(True)
        self.member_queue.table.setDragDropMode(QtWidgets.QAbstractItemView.DragDropMode.DragOnly)
        self.member_queue.table.setColumnHidden(QueueModel.COL_ASSIGNEE, True)
        member_box = QtWidgets.QWidget()
        filled(
            QtWidgets.QVBoxLayout(member_box),
            self.member_title,
            self.member_queue,
            margin=0,
            grow=self.member_queue,
        )
        member_box.setVisible(False)
        self.member_box = member_box

        bar = QtWidgets.QHBoxLayout()
        bar.addWidget(self.title)
        bar.addSpacing(12)
        bar.addWidget(self.municipality_filter)
        bar.addWidget(self.type_filter)
        bar.addStretch(1)
        bar.addWidget(self.cover_button)
        bar.addWidget(self.balance_button)
        top = QtWidgets.QWidget()
        top_layout = QtWidgets.QVBoxLayout(top)
        top_layout.setContentsMargins(8, 8, 8, 0)
        top_layout.addLayout(bar)
        top_layout.addLayout(filled(QtWidgets.QHBoxLayout(), self.summary, None, self.legend))
        top_layout.addWidget(self.table, 1)
        top_layout.addWidget(self.check_label)
        splitter = side_by_side(Qt.Orientation.Vertical, top, member_box, stretch=(1, 1))
        layout = QtWidgets.QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(splitter)

        self._timer = QtCore.QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(RELOAD_DELAY_MS)
        self._timer.timeout.connect(self.refresh)
        services.bridge.finished.connect(lambda *_: self._changed())
        services.bridge.casesChanged.connect(lambda *_: self._changed())
        self.municipality_filter.changed.connect(lambda *_: self.refresh())
        self.type_filter.changed.connect(lambda *_: self.refresh())
        self.retranslate()

    # --- texts ---------------------------------------------------------------------------------------

    def retranslate(self) -> None:
        self.title.setText(tr("Teamets arbetsbelastning"))
        self.municipality_filter.set_title(tr("Kommun"))
        self.type_filter.set_title(tr("Ärendetyp"))
        self.balance_button.setText(tr("Balansera …"))
        self.balance_button.setToolTip(tr("Ett förslag som jämnar ut risk och belastning i teamet"))
        self.cover_button.setText(tr("Täck frånvaro …"))
        self.cover_button.setToolTip(tr("Flytta en frånvarandes ärenden som snart förfaller"))
        self.table.setAccessibleName(tr("Teamets medlemmar"))
        self.table.setAccessibleDescription(
            tr("Enter visar medlemmens ärenden; dra ärenden till en rad för att fördela om dem")
        )
        square = '<span style="color:{}">&#9632;</span> {}'
        self.legend.setText(
            "&nbsp;&nbsp;".join(
                square.format(tone(name)[1], text)
                for name, text in (
                    ("overdue", tr("försenade")),
                    ("soon", tr("inom 7 dagar")),
                    ("info", tr("övriga öppna")),
                )
            )
        )
        self.legend.setAccessibleName(tr("Stapelns färger: försenade, inom 7 dagar, övriga öppna"))
        self.municipality_filter.setAccessibleName(tr("Filtrera på kommun"))
        self.type_filter.setAccessibleName(tr("Filtrera på ärendetyp"))
        names = self.services.municipalities
        self.municipality_filter.set_options(
            (m, labels.municipality_short(names[m].name) if m in names else m, None, None)
            for m in self.services.user.municipalities
        )
        self.type_filter.set_options((t, labels.case_type_label(t), None, None) for t in CaseType)
        self.model.names = {k: labels.municipality_short(m.name) for k, m in names.items()}
        self._show_summary()

    # --- reading -------------------------------------------------------------------------------------

    def current_filter(self) -> WorkloadFilter:
        return WorkloadFilter(
            municipality_ids=frozenset(self.municipality_filter.selected()),
            case_types=frozenset(self.type_filter.selected()),
        )

    def showEvent(self, event: QtGui.QShowEvent) -> None:
        super().showEvent(event)
        if not self._started:
            self._started = True
            self.refresh()

    def _changed(self) -> None:
        if self._started:
            self._timer.start()

    def refresh(self) -> asyncio.Task[Any] | None:
        """Read the team (platform or kept copy) and the figures again; one read at a time."""
        self._started = True
        if self._task is not None and not self._task.done():
            self._again = True
            return self._task
        self._again = False
        self._task = run_op(self, self._read(), on_success=self._show, on_failure=self._failed)
        return self._task

    async def wait_shown(self) -> None:
        """Until the figures on screen are the store's current ones (tests)."""
        while self._task is None or not self._task.done() or self._again:
            task = self._task or self.refresh()
            if task is not None:
                await asyncio.wait([task])
            await asyncio.sleep(0)

    async def _read(self) -> tuple[Team | None, TeamFigures]:
        team = await load_team(self.services)
        filter_ = self.current_filter()
        roster = team.roster if team is not None else None
        team_id = None if roster is not None else self.services.user.team_id
        figures = await load_figures(
            self.services.store, self.today(), roster=roster, team_id=team_id, filter_=filter_
        )
        return team, figures

    def _show(self, result: tuple[Team | None, TeamFigures]) -> None:
        team, figures = result
        self.team, self.figures = team, figures
        self.model.set_figures(figures)
        self.table.resizeColumnsToContents()
        self.table.setColumnWidth(BoardModel.COL_OPEN, max(self.table.columnWidth(BoardModel.COL_OPEN), 220))
        self.differences = []
        if team is not None and team.platform is not None and figures.filter.is_empty:
            self.differences = cross_check(team.platform, figures)
            for d in self.differences:
                log.info("workload cross-check: %s", d.describe())
        self._show_summary()
        if self._again:
            self.refresh()
        else:
            self.figuresShown.emit()

    def _failed(self, exc: BaseException) -> None:
        self.check_label.setText(
            getattr(exc, "user_message", "") or tr("Arbetsbelastningen kunde inte läsas.")
        )

    def _show_summary(self) -> None:
        figures = self.figures
        if figures is None:
            self.summary.setText(tr("Läser …"))
            return
        self.summary.setText(
            tr("{n} öppna ärenden, {late} försenade, {fee} i risk").format(
                n=figures.open_cases, late=figures.overdue, fee=labels.kronor(figures.fee_at_risk_sek)
            )
        )
        if self.team is None or self.team.platform is None:
            self.check_label.setText(tr("Beräknat från den lokala lagringen (plattformen svarar inte nu)."))
        elif not figures.filter.is_empty:
            self.check_label.setText(tr("Filtrerat: jämförs inte med plattformens siffror."))
        elif self.differences:
            self.check_label.setText(
                tr("{n} skillnader mot plattformens siffror: synka (F5) för att hämta det senaste.").format(
                    n=len(self.differences)
                )
            )
        else:
            self.check_label.setText(tr("Stämmer med plattformens siffror."))

    # --- members -------------------------------------------------------------------------------------

    def member_rows(self) -> Sequence[MemberFigures]:
        return self.model.rows

    def row_of(self, member_id: str) -> int | None:
        return next((i for i, m in enumerate(self.model.rows) if m.member_id == member_id), None)

    def _chosen(self, index: QtCore.QModelIndex) -> None:
        if index.isValid():
            self.show_member(self.model.rows[index.row()].member_id)

    def show_member(self, member_id: str) -> asyncio.Task[None] | None:
        """The member's cases below the board (the queue view, narrowed to them)."""
        row = self.row_of(member_id)
        name = self.model.rows[row].name if row is not None else member_id
        self.member_title.setText(tr("Ärenden hos {name}").format(name=name))
        self.member_box.setVisible(True)
        self.memberChosen.emit(member_id)
        return self.member_queue.set_member(member_id)

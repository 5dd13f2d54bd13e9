"""The team lead's dialogs: "Fördela om …" (to whom, why), absence cover with its preview, the balancing
proposal to review, and the per-case report of a move. Each is opened with ``ui.dialogs.ask`` (no
nested event loop); none of them sends anything: ``actions.WorkloadActions`` queues the moves."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from caseworker.domain.models import CaseSummary
from caseworker.store import OutboxItem, OutboxState
from caseworker.workload import (
    Band,
    CoverPreview,
    Member,
    MemberLoad,
    Move,
    MoveKind,
    OpenCase,
    Proposal,
    absence_cover,
    propose_balance,
)
from ui.errors import QT_TRANSLATE_NOOP
from ui.qt import Qt, QtWidgets, Signal
from ui.theme import problem_text
from ui.widgets import action_button, text_label
from ui.workload.board import tr


@dataclass(frozen=True)
class TeamCases:
    """What absence cover and the proposal work on: the team's open cases and members, the municipalities'
    short names, and today."""

    cases: Sequence[OpenCase]
    members: Sequence[Member]
    names: Mapping[str, str]
    today: dt.date


@dataclass(frozen=True)
class PlannedMove:
    case_id: str
    registration_number: str
    to_id: str
    to_name: str


def _reason_box(parent: QtWidgets.QWidget, text: str = "") -> QtWidgets.QLineEdit:
    box = QtWidgets.QLineEdit(parent)
    box.setObjectName("moveReason")
    box.setMaxLength(2000)
    box.setText(text)
    box.setPlaceholderText(tr("Varför ärendena flyttas (syns i ärendenas historik)"))
    box.setAccessibleName(tr("Anledning"))
    return box


def _buttons(dialog: QtWidgets.QDialog, ok_text: str) -> QtWidgets.QDialogButtonBox:
    buttons = QtWidgets.QDialogButtonBox(
        QtWidgets.QDialogButtonBox.StandardButton.Ok | QtWidgets.QDialogButtonBox.StandardButton.Cancel
    )
    buttons.button(QtWidgets.QDialogButtonBox.StandardButton.Ok).setText(ok_text)
    buttons.button(QtWidgets.QDialogButtonBox.StandardButton.Cancel).setText(tr("Avbryt"))
    buttons.accepted.connect(dialog.accept)
    buttons.rejected.connect(dialog.reject)
    return buttons


def _count(n: int, one: str, many: str) -> str:
    return (tr(one) if n == 1 else tr(many)).format(n=n)


def _member_state(load: MemberLoad, *, overdue: bool) -> str:
    parts = [tr("frånvarande")] if load.absent else []
    parts.append(
        _count(
            load.open_cases,
            QT_TRANSLATE_NOOP("Workload", "{n} öppet"),
            QT_TRANSLATE_NOOP("Workload", "{n} öppna"),
        )
    )
    if overdue:
        parts.append(
            _count(
                load.overdue,
                QT_TRANSLATE_NOOP("Workload", "{n} försenat"),
                QT_TRANSLATE_NOOP("Workload", "{n} försenade"),
            )
        )
    return ", ".join(parts)


WHY = {
    MoveKind.RISK: QT_TRANSLATE_NOOP("Workload", "jämnar ut risken för missade tidsfrister"),
    MoveKind.LOAD: QT_TRANSLATE_NOOP("Workload", "jämnar ut belastningen"),
    MoveKind.COVER: QT_TRANSLATE_NOOP("Workload", "täcker frånvaron"),
}


def move_line(move: Move) -> str:
    """The move's one line in the UI language (the core's ``Move.text`` is its Swedish form): the case
    and where it stands, from whom to whom with their counts before the move, and why."""
    state = ""
    days = move.days_left
    if move.kind is not MoveKind.LOAD and days is not None:
        if move.band is Band.OVERDUE:
            state = _count(
                -days,
                QT_TRANSLATE_NOOP("Workload", "försenat {n} dag"),
                QT_TRANSLATE_NOOP("Workload", "försenat {n} dagar"),
            )
        elif days == 0:
            state = tr("frist i dag")
        elif move.band is Band.DUE_SOON:
            state = _count(
                days,
                QT_TRANSLATE_NOOP("Workload", "frist om {n} dag"),
                QT_TRANSLATE_NOOP("Workload", "frist om {n} dagar"),
            )
    case = f"{move.registration_number} ({state})" if state else move.registration_number
    return tr("{case} från {giver} ({giver_state}) till {taker} ({taker_state}): {why}").format(
        case=case,
        giver=move.source.name,
        giver_state=_member_state(move.source, overdue=True),
        taker=move.target.name,
        taker_state=_member_state(move.target, overdue=move.kind is MoveKind.RISK),
        why=tr(WHY[move.kind]),
    )


def why_not(member: Member, case: CaseSummary | OpenCase, names: Mapping[str, str]) -> str | None:
    """Why ``member`` may not be given ``case`` (the platform would refuse with 422), or None."""
    if not member.municipalities:
        return tr("{name} handlägger inga ärenden").format(name=member.name)
    if not member.serves(case.municipality_id):
        place = names.get(case.municipality_id, case.municipality_id)
        return tr("{name} handlägger inte ärenden i {place}").format(name=member.name, place=place)
    return None


class _MoveDialog(QtWidgets.QDialog):
    """What the move dialogs share: a required reason, and OK only while there is something to move."""

    reason: QtWidgets.QLineEdit
    buttons: QtWidgets.QDialogButtonBox

    def __init__(
        self, name: str, title: str, members: Sequence[Member], names: Mapping[str, str],
        parent: QtWidgets.QWidget | None,
    ) -> None:  # fmt: skip
        super().__init__(parent)
        self.setObjectName(name)
        self.setWindowTitle(title)
        self.members, self.names = list(members), names

    def planned(self) -> list[PlannedMove]:
        raise NotImplementedError

    def reason_text(self) -> str:
        return self.reason.text().strip()

    def _enable(self) -> None:
        ok = self.buttons.button(QtWidgets.QDialogButtonBox.StandardButton.Ok)
        ok.setEnabled(bool(self.planned()) and bool(self.reason_text()))


class ReassignDialog(_MoveDialog):
    """ "Fördela om …": to whom (members who take cases) and why (required). Cases the chosen member may not
    take are listed with the reason and are not moved."""

    def __init__(
        self,
        cases: Sequence[CaseSummary],
        members: Sequence[Member],
        names: Mapping[str, str],
        *,
        to_id: str | None = None,
        parent: QtWidgets.QWidget | None = None,
    ) -> None:
        super().__init__("reassignDialog", tr("Fördela om ärenden"), members, names, parent)
        self.cases = list(cases)
        self.members = [m for m in members if m.municipalities]  # who may be a case's officer
        heading = QtWidgets.QLabel(
            tr("Flytta {n} ärenden till en annan handläggare.").format(n=len(self.cases))
            if len(self.cases) != 1
            else tr("Flytta {number} till en annan handläggare.").format(
                number=self.cases[0].registration_number
            )
        )
        heading.setWordWrap(True)
        self.member_box = QtWidgets.QComboBox(self)
        self.member_box.setObjectName("moveTarget")
        self.member_box.setAccessibleName(tr("Ny handläggare"))
        for m in self.members:
            label = m.name + (" " + tr("(frånvarande)") if m.absent else "")
            self.member_box.addItem(label, m.id)
        if to_id is not None and (i := self.member_box.findData(to_id)) >= 0:
            self.member_box.setCurrentIndex(i)
        self.why = text_label("moveWhyNot", selectable=True, parent=self)
        self.reason = _reason_box(self)
        form = QtWidgets.QFormLayout()
        form.addRow(tr("Till"), self.member_box)
        form.addRow(tr("Anledning"), self.reason)
        self.buttons = _buttons(self, tr("Fördela om"))
        layout = QtWidgets.QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addLayout(form)
        layout.addWidget(self.why)
        layout.addWidget(self.buttons)
        self.member_box.currentIndexChanged.connect(self._update)
        self.reason.textChanged.connect(self._enable)
        self.resize(520, self.sizeHint().height())
        self._update()

    def target(self) -> Member | None:
        member_id = self.member_box.currentData()
        return next((m for m in self.members if m.id == member_id), None)

    def movable(self) -> list[CaseSummary]:
        target = self.target()
        if target is None:
            return []
        return [
            c for c in self.cases if why_not(target, c, self.names) is None and c.assignee_id != target.id
        ]

    def planned(self) -> list[PlannedMove]:
        target = self.target()
        if target is None:
            return []
        return [PlannedMove(c.id, c.registration_number, target.id, target.name) for c in self.movable()]

    def kept(self) -> list[str]:
        """One line per case the chosen member will not get, saying why."""
        target = self.target()
        if target is None:
            return []
        lines = []
        for c in self.cases:
            reason = why_not(target, c, self.names)
            if reason is None and c.assignee_id == target.id:
                reason = tr("{name} har redan ärendet").format(name=target.name)
            if reason is not None:
                line = tr("{number} flyttas inte: {why}")
                lines.append(line.format(number=c.registration_number, why=reason))
        return lines

    def _update(self) -> None:
        target = self.target()
        lines = self.kept()
        if target is not None and target.absent:
            lines.insert(0, tr("{name} är frånvarande.").format(name=target.name))
        if not self.members:
            lines.append(tr("Ingen i teamet kan ta ärenden."))
        self.why.setText("\n".join(lines[:12] + (["…"] if len(lines) > 12 else [])))
        self.why.setStyleSheet(f"color: {problem_text()}" if lines else "")
        self._enable()


class CoverDialog(_MoveDialog):
    """ "Flytta X:s ärenden som förfaller inom N dagar till Y", with a preview of what moves (and what
    stays, and why)."""

    def __init__(
        self, team: TeamCases, *, absent_id: str | None = None, parent: QtWidgets.QWidget | None = None
    ) -> None:
        super().__init__("coverDialog", tr("Täck frånvaro"), team.members, team.names, parent)
        self.cases, self.today = list(team.cases), team.today
        self.preview: CoverPreview | None = None
        self.absent_box = QtWidgets.QComboBox(self)
        self.absent_box.setObjectName("coverAbsent")
        self.absent_box.setAccessibleName(tr("Vems ärenden"))
        holders = sorted(self.members, key=lambda m: (not m.absent, m.name))
        for m in holders:
            self.absent_box.addItem(m.name + (" " + tr("(frånvarande)") if m.absent else ""), m.id)
        if absent_id is not None and (i := self.absent_box.findData(absent_id)) >= 0:
            self.absent_box.setCurrentIndex(i)
        self.days = QtWidgets.QSpinBox(self)
        self.days.setObjectName("coverDays")
        self.days.setRange(0, 365)
        self.days.setValue(14)
        self.days.setSuffix(" " + tr("dagar"))
        self.days.setAccessibleName(tr("Som förfaller inom"))
        self.cover_box = QtWidgets.QComboBox(self)
        self.cover_box.setObjectName("coverTarget")
        self.cover_box.setAccessibleName(tr("Till"))
        self.sentence = text_label("coverSentence", parent=self)
        self.list = QtWidgets.QListWidget(self)
        self.list.setObjectName("coverPreview")
        self.list.setAccessibleName(tr("Förhandsvisning av vad som flyttas"))
        # A line per case says from whom, to whom and why: wrapped, not cut at the dialog's edge.
        self.list.setWordWrap(True)
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.reason = _reason_box(self)
        form = QtWidgets.QFormLayout()
        form.addRow(tr("Flytta ärenden från"), self.absent_box)
        form.addRow(tr("som förfaller inom"), self.days)
        form.addRow(tr("till"), self.cover_box)
        form.addRow(tr("Anledning"), self.reason)
        self.buttons = _buttons(self, tr("Flytta"))
        layout = QtWidgets.QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.sentence)
        layout.addWidget(self.list, 1)
        layout.addWidget(self.buttons)
        self.absent_box.currentIndexChanged.connect(self._fill_targets)
        self.cover_box.currentIndexChanged.connect(self._update)
        self.days.valueChanged.connect(self._update)
        self.reason.textChanged.connect(self._enable)
        self.resize(640, 520)
        self._fill_targets()

    def _member(self, box: QtWidgets.QComboBox) -> Member | None:
        return next((m for m in self.members if m.id == box.currentData()), None)

    def _fill_targets(self) -> None:
        absent = self._member(self.absent_box)
        self.cover_box.blockSignals(True)
        self.cover_box.clear()
        for m in self.members:
            if absent is not None and m.id != absent.id and m.municipalities and not m.absent:
                self.cover_box.addItem(m.name, m.id)
        self.cover_box.blockSignals(False)
        if absent is not None and not self.reason.isModified():
            self.reason.setText(tr("Täcker frånvaro för {name}").format(name=absent.name))
        self._update()

    def _update(self) -> None:
        absent, cover = self._member(self.absent_box), self._member(self.cover_box)
        self.list.clear()
        self.preview = None
        if absent is None or cover is None:
            self.sentence.setText(tr("Välj vems ärenden som ska flyttas och till vem."))
            self._enable()
            return
        self.preview = absence_cover(
            self.cases, self.members, absent.id, cover.id, self.today, self.days.value(),
            municipality_names=self.names,
        )  # fmt: skip
        sentence = tr(
            "Flytta {absent}s ärenden som förfaller inom {n} dagar till {cover}: {moves} flyttas, "
            "{kept} blir kvar."
        )
        self.sentence.setText(
            sentence.format(absent=absent.name, n=self.days.value(), cover=cover.name,
                            moves=len(self.preview.moves), kept=len(self.preview.skipped))
        )  # fmt: skip
        for move in self.preview.moves:
            item = QtWidgets.QListWidgetItem(move_line(move))
            self.list.addItem(item)
        for skipped in self.preview.skipped:
            why = self._why_kept(cover, skipped.case_id)
            item = QtWidgets.QListWidgetItem(
                tr("{number} blir kvar: {why}").format(number=skipped.registration_number, why=why)
            )
            item.setForeground(self.palette().color(self.palette().ColorRole.PlaceholderText))
            self.list.addItem(item)
        self._enable()

    def _why_kept(self, cover: Member, case_id: str) -> str:
        """Why absence cover leaves a case (the core's ``Skipped.why`` is its Swedish form)."""
        if cover.absent:
            return tr("{name} är också frånvarande").format(name=cover.name)
        case = next((c for c in self.cases if c.id == case_id), None)
        if case is not None and (reason := why_not(cover, case, self.names)) is not None:
            return reason
        return tr("{name} har inte plats för fler ärenden (taket)").format(name=cover.name)

    def planned(self) -> list[PlannedMove]:
        if self.preview is None:
            return []
        return [
            PlannedMove(m.case_id, m.registration_number, m.to_id, m.target.name) for m in self.preview.moves
        ]


class ProposalDialog(_MoveDialog):
    """The balancing proposal to review: one Swedish line per move with a tick; the recipient of each
    move can be changed (to any present member serving the case's municipality); applied as one bulk
    move with a reason."""

    def __init__(self, team: TeamCases, parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__("proposalDialog", tr("Förslag till balansering"), team.members, team.names, parent)
        self.cases, self.today = list(team.cases), team.today
        self.by_id = {c.id: c for c in self.cases}
        self.proposal: Proposal | None = None
        self.cap = QtWidgets.QSpinBox(self)
        self.cap.setObjectName("proposalCap")
        self.cap.setRange(0, 10_000)
        self.cap.setSpecialValueText(tr("inget tak"))
        self.cap.setMinimumWidth(self.cap.fontMetrics().horizontalAdvance(tr("inget tak")) + 48)
        self.cap.setAccessibleName(tr("Högst antal öppna ärenden per person"))
        self.summary = text_label("proposalSummary", parent=self)
        self.table = QtWidgets.QTableWidget(0, 2, self)
        self.table.setObjectName("proposalMoves")
        self.table.setAccessibleName(tr("Föreslagna flyttar"))
        self.table.setHorizontalHeaderLabels([tr("Flytt och varför"), tr("Till")])
        self.table.horizontalHeader().setSectionResizeMode(0, QtWidgets.QHeaderView.ResizeMode.Stretch)
        self.table.verticalHeader().hide()
        self.table.setTabKeyNavigation(
            False
        )  # Tab leaves the table; the recipient boxes take the focus by click
        self.table.setWordWrap(False)  # one line per move; the whole line is its tooltip too
        self.reason = _reason_box(self, tr("Balansering av teamets arbetsbelastning"))
        top = QtWidgets.QHBoxLayout()
        cap_label = QtWidgets.QLabel(tr("Högst öppna per person"))
        cap_label.setBuddy(self.cap)
        top.addWidget(cap_label)
        top.addWidget(self.cap)
        top.addStretch(1)
        self.buttons = _buttons(self, tr("Genomför markerade"))
        form = QtWidgets.QFormLayout()
        form.addRow(tr("Anledning"), self.reason)
        layout = QtWidgets.QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.summary)
        layout.addWidget(self.table, 1)
        layout.addLayout(form)
        layout.addWidget(self.buttons)
        self.cap.valueChanged.connect(self.propose)
        self.table.itemChanged.connect(lambda *_: self._enable())
        self.reason.textChanged.connect(self._enable)
        self.resize(960, 620)
        self.propose()

    def propose(self) -> None:
        cap = self.cap.value() or None
        self.proposal = propose_balance(self.cases, self.members, self.today, cap=cap)
        p = self.proposal
        self.summary.setText(
            tr("{n} flyttar. Största risk {risk_before} → {risk_after} poäng, största antal öppna "
               "{load_before} → {load_after}. Risk: 2 poäng per försenat ärende, 1 per ärende som "
               "förfaller inom 7 dagar.").format(
                n=len(p.moves), risk_before=p.max_risk_before, risk_after=p.max_risk_after,
                load_before=max((m.open_cases for m in p.before), default=0),
                load_after=max((m.open_cases for m in p.after), default=0),
            )
        )  # fmt: skip
        self.table.blockSignals(True)
        self.table.setRowCount(len(p.moves))
        for row, move in enumerate(p.moves):
            item = QtWidgets.QTableWidgetItem(move_line(move))
            item.setFlags(
                Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsUserCheckable | Qt.ItemFlag.ItemIsSelectable
            )
            item.setCheckState(Qt.CheckState.Checked)
            item.setData(Qt.ItemDataRole.UserRole, move.case_id)
            item.setToolTip(item.text())
            self.table.setItem(row, 0, item)
            box = QtWidgets.QComboBox()
            box.setAccessibleName(tr("Till, för {number}").format(number=move.registration_number))
            case = self.by_id[move.case_id]
            for m in self.members:
                if m.id != move.from_id and not m.absent and m.serves(case.municipality_id):
                    box.addItem(m.name, m.id)
            box.setCurrentIndex(max(0, box.findData(move.to_id)))
            self.table.setCellWidget(row, 1, box)
        self.table.blockSignals(False)
        self.table.resizeColumnToContents(1)
        self._enable()

    def set_ticked(self, row: int, ticked: bool) -> None:
        item = self.table.item(row, 0)
        if item is not None:
            item.setCheckState(Qt.CheckState.Checked if ticked else Qt.CheckState.Unchecked)

    def set_target(self, row: int, member_id: str) -> None:
        box = self.table.cellWidget(row, 1)
        if isinstance(box, QtWidgets.QComboBox) and (i := box.findData(member_id)) >= 0:
            box.setCurrentIndex(i)

    def planned(self) -> list[PlannedMove]:
        """The ticked moves, each to the recipient chosen in its row (a case moves at most once)."""
        out: list[PlannedMove] = []
        seen: set[str] = set()
        if self.proposal is None:
            return out
        for row, move in enumerate(self.proposal.moves):
            item, box = self.table.item(row, 0), self.table.cellWidget(row, 1)
            if item is None or item.checkState() != Qt.CheckState.Checked or move.case_id in seen:
                continue
            if not isinstance(box, QtWidgets.QComboBox) or box.currentData() is None:
                continue
            seen.add(move.case_id)
            out.append(
                PlannedMove(move.case_id, move.registration_number, str(box.currentData()), box.currentText())
            )
        return out


class MoveReport(QtWidgets.QDialog):
    """What became of each case of a move: moved, waiting in the outbox, a conflict, or refused (why).
    Not modal: it follows the outbox as the moves are sent."""

    openOutbox = Signal()

    def __init__(self, planned: Sequence[PlannedMove], parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("moveReport")
        self.setWindowTitle(tr("Flyttade ärenden"))
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.planned = list(planned)
        self.counts = {"done": 0, "waiting": 0, "problem": 0}
        self.summary = text_label("moveReportSummary", parent=self)
        self.list = QtWidgets.QListWidget(self)
        self.list.setObjectName("moveReportList")
        self.list.setAccessibleName(tr("Ärenden och vad som hände"))
        self.outbox_button = action_button("moveReportOutbox")
        self.outbox_button.setText(tr("Öppna utkorgen"))
        self.outbox_button.clicked.connect(self.openOutbox)
        self.outbox_button.clicked.connect(self.close)
        close = action_button("moveReportClose")
        close.setText(tr("Stäng"))
        close.clicked.connect(self.close)
        row = QtWidgets.QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.outbox_button)
        row.addWidget(close)
        layout = QtWidgets.QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.list, 1)
        layout.addLayout(row)
        self.resize(620, 420)

    def show_items(self, items: Mapping[str, OutboxItem | None], skipped: Sequence[str] = ()) -> None:
        """``items``: each planned case's outbox item by case id, as it is now."""
        self.list.clear()
        counts = {"done": 0, "waiting": 0, "problem": 0}
        for move in self.planned:
            item = items.get(move.case_id)
            state = item.state if item is not None else None
            if state is OutboxState.DONE:
                text, key = tr("flyttat till {name}").format(name=move.to_name), "done"
            elif state is OutboxState.CONFLICT:
                text, key = tr("ändrat av någon annan under tiden: lös konflikten i utkorgen"), "problem"
            elif state is OutboxState.REJECTED:
                reason = (item.last_error if item is not None else None) or ""
                text, key = tr("inte flyttat: {why}").format(why=reason), "problem"
            else:
                text, key = tr("väntar i utkorgen på att skickas"), "waiting"
            counts[key] += 1
            entry = QtWidgets.QListWidgetItem(f"{move.registration_number}: {text}")
            self.list.addItem(entry)
        for line in skipped:
            self.list.addItem(QtWidgets.QListWidgetItem(line))
        self.summary.setText(
            tr("{done} flyttade, {waiting} väntar, {problem} behöver åtgärd.").format(**counts)
        )
        self.outbox_button.setVisible(counts["problem"] > 0 or counts["waiting"] > 0)
        self.counts = counts

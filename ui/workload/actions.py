"""Moving cases, from wherever the user is: "Fördela om …" on a selection (queue menu, case view), cases
dropped on a member of the board, absence cover, the balancing proposal (team leads); "Ta ärendet" and
"Lämna tillbaka" (caseworkers). Every move is queued in the outbox (``engine.reassign``: one item per case
with its If-Match, all in one transaction), so it works offline; a report follows each case until it is
moved, meets a conflict, or is refused."""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

from caseworker.domain.models import CasePatch, CaseStatus, CaseSummary, Role
from caseworker.store import OutboxItem
from ui import labels
from ui.dialogs import ask
from ui.ops import run_op
from ui.qt import QtCore, QtGui, QtWidgets, Signal
from ui.queue.view import QueueView
from ui.services import Services
from ui.widgets import action_button
from ui.workload.team import is_team_lead, load_team

if TYPE_CHECKING:  # the board, its dialogs and the workload core load when a lead first uses them
    from ui.workload.board import WorkloadBoard
    from ui.workload.dialogs import MoveReport, PlannedMove, TeamCases
    from ui.workload.team import Team


def tr(text: str) -> str:
    return QtCore.QCoreApplication.translate("Workload", text)


log = logging.getLogger(__name__)

CLOSED = (CaseStatus.DECIDED, CaseStatus.CLOSED)


class WorkloadActions(QtCore.QObject):
    openOutbox = Signal()
    reportShown = Signal(object)  # the MoveReport of a move just queued

    def __init__(
        self, services: Services, window: QtWidgets.QWidget, board: WorkloadBoard | None = None
    ) -> None:
        super().__init__(window)
        self.services = services
        self.window = window
        self.board = board
        self.report: MoveReport | None = None
        self.dialog: QtWidgets.QDialog | None = None  # the one open now (tests drive it)

    @property
    def is_lead(self) -> bool:
        return is_team_lead(self.services.user)

    def names(self) -> dict[str, str]:
        return {k: labels.municipality_short(m.name) for k, m in self.services.municipalities.items()}

    async def team(self) -> Team | None:
        if self.board is not None and self.board.team is not None:
            return self.board.team
        return await load_team(self.services)

    async def team_cases(self, team: Team) -> TeamCases:
        from caseworker.workload import load_open_cases
        from ui.workload.dialogs import TeamCases

        cases = await load_open_cases(self.services.store, roster=team.roster)
        return TeamCases(cases, team.roster, self.names(), self.today())

    def today(self) -> dt.date:
        return self.board.today() if self.board is not None else dt.date.today()

    # --- moving a selection ---------------------------------------------------------------------------

    def reassign(self, case_ids: Sequence[str], to_id: str | None = None) -> asyncio.Task[Any]:
        """ "Fördela om …" for ``case_ids`` (a drop on a member names ``to_id``)."""
        return run_op(self.window, self._reassign(list(case_ids), to_id), on_failure=self._failed)

    async def _reassign(self, case_ids: list[str], to_id: str | None) -> MoveReport | None:
        team = await self.team()
        if team is None:
            self._say(tr("Teamet har inte kunnat hämtas än. Anslut till nätverket en gång och försök igen."))
            return None
        found = await self.services.store.run(lambda s: [s.get_case_summary(i) for i in case_ids])
        cases = [c for c in found if c is not None]
        if not cases:
            return None
        from ui.workload.dialogs import ReassignDialog

        dialog = ReassignDialog(cases, team.roster, self.names(), to_id=to_id, parent=self.window)
        self.dialog = dialog
        if await ask(dialog) != QtWidgets.QDialog.DialogCode.Accepted:
            return None
        return await self.apply(dialog.planned(), dialog.reason_text(), dialog.kept())

    async def apply(
        self, planned: Sequence[PlannedMove], reason: str, skipped: Sequence[str] = ()
    ) -> MoveReport | None:
        """Queue ``planned`` as one bulk move with ``reason`` and show the per-case report."""
        if not planned:
            return None
        moves = [(m.case_id, m.to_id, m.to_name) for m in planned]
        items = await self.services.sync.reassign(moves, reason)
        from ui.workload.dialogs import MoveReport

        report = MoveReport(planned, self.window)
        report.openOutbox.connect(self.openOutbox)
        self.report = report
        by_case = {item.case_id or "": item.id for item in items}
        self._follow(report, by_case, list(skipped))
        report.show()
        self.reportShown.emit(report)
        return report

    def _follow(self, report: MoveReport, by_case: dict[str, str], skipped: list[str]) -> None:
        """Keep the report up to date as the outbox sends the moves."""
        store = self.services.store
        reading: list[asyncio.Task[Any]] = []

        async def read() -> dict[str, OutboxItem | None]:
            def each(s: Any) -> dict[str, OutboxItem | None]:
                out: dict[str, OutboxItem | None] = {}
                for case_id, item_id in by_case.items():
                    try:
                        out[case_id] = s.get_outbox_item(item_id)
                    except KeyError:  # purged after it was done
                        out[case_id] = None
                return out

            return await store.run(each)

        def refresh(*_args: object) -> None:
            if reading and not reading[-1].done():
                return
            reading.append(run_op(report, read(), on_success=lambda items: report.show_items(items, skipped)))

        self.services.bridge.outboxChanged.connect(refresh)
        report.destroyed.connect(lambda *_: self._disconnect(refresh))
        report.show_items({}, skipped)
        refresh()

    def _disconnect(self, slot: Callable[..., None]) -> None:
        try:
            self.services.bridge.outboxChanged.disconnect(slot)
        except (RuntimeError, TypeError):  # already gone with the app
            log.debug("report follower already disconnected")

    # --- absence cover and the balancing proposal --------------------------------------------------

    def cover(self, absent_id: str | None = None) -> asyncio.Task[Any]:
        return run_op(self.window, self._cover(absent_id), on_failure=self._failed)

    async def _cover(self, absent_id: str | None) -> MoveReport | None:
        team = await self.team()
        if team is None:
            return None
        from ui.workload.dialogs import CoverDialog

        dialog = CoverDialog(await self.team_cases(team), absent_id=absent_id, parent=self.window)
        self.dialog = dialog
        if await ask(dialog) != QtWidgets.QDialog.DialogCode.Accepted:
            return None
        return await self.apply(dialog.planned(), dialog.reason_text())

    def balance(self) -> asyncio.Task[Any]:
        return run_op(self.window, self._balance(), on_failure=self._failed)

    async def _balance(self) -> MoveReport | None:
        team = await self.team()
        if team is None:
            return None
        from ui.workload.dialogs import ProposalDialog

        dialog = ProposalDialog(await self.team_cases(team), parent=self.window)
        self.dialog = dialog
        if await ask(dialog) != QtWidgets.QDialog.DialogCode.Accepted:
            return None
        return await self.apply(dialog.planned(), dialog.reason_text())

    # --- taking a case (caseworkers) ------------------------------------------------------------------

    def take(self, case_id: str) -> asyncio.Task[Any]:
        """Take an unassigned case: the one assignee change a caseworker may make for themself."""
        patch = CasePatch(assignee_id=self.services.user.id)
        return run_op(self.window, self.services.sync.patch_case(case_id, patch), on_failure=self._failed)

    def give_back(self, case_id: str) -> asyncio.Task[Any]:
        patch = CasePatch(assignee_id=None)
        return run_op(self.window, self.services.sync.patch_case(case_id, patch), on_failure=self._failed)

    # --- hooks ----------------------------------------------------------------------------------------

    def menu_hook(self, view: QueueView) -> Callable[[QtWidgets.QMenu, list[int]], None]:
        """Adds "Fördela om …" to a queue's row menu (team leads)."""

        def hook(menu: QtWidgets.QMenu, rows: list[int]) -> None:
            action = QtGui.QAction(tr("Fördela om …"), menu)
            action.setObjectName("reassignAction")

            async def ids() -> list[str]:
                return await view.model.ids_for_rows(rows)

            def chosen(found: list[str]) -> None:
                self.reassign(found)

            action.triggered.connect(lambda: run_op(view, ids(), on_success=chosen))
            menu.addSeparator()
            menu.addAction(action)

        return hook

    def _failed(self, exc: BaseException) -> None:
        self._say(getattr(exc, "user_message", "") or tr("Det gick inte att flytta ärendena."))

    def _say(self, text: str) -> None:
        box = QtWidgets.QMessageBox(
            QtWidgets.QMessageBox.Icon.Warning, "Caseworker", text, parent=self.window
        )
        box.setObjectName("workloadMessage")
        box.setAttribute(QtCore.Qt.WidgetAttribute.WA_DeleteOnClose)
        box.open()


class AssignmentButtons(QtWidgets.QWidget):
    """On the case screen: "Ta ärendet" (an unassigned open case of one of the user's municipalities),
    "Lämna tillbaka" (one's own), "Fördela om …" (team leads)."""

    def __init__(self, actions: WorkloadActions, parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("assignmentButtons")
        self.workload = actions
        self.case: CaseSummary | None = None
        self.take_button = action_button("takeCase")
        self.give_back_button = action_button("giveBackCase")
        self.reassign_button = action_button("reassignCase")
        layout = QtWidgets.QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        for b in (self.take_button, self.give_back_button, self.reassign_button):
            layout.addWidget(b)
            b.setVisible(False)
        self.take_button.clicked.connect(lambda: self.case and self.workload.take(self.case.id))
        self.give_back_button.clicked.connect(lambda: self.case and self.workload.give_back(self.case.id))
        self.reassign_button.clicked.connect(lambda: self.case and self.workload.reassign([self.case.id]))
        self.retranslate()

    def retranslate(self) -> None:
        self.take_button.setText(tr("Ta ärendet"))
        self.take_button.setToolTip(tr("Bli handläggare för det här ej tilldelade ärendet"))
        self.give_back_button.setText(tr("Lämna tillbaka"))
        self.give_back_button.setToolTip(tr("Ärendet blir ej tilldelat igen"))
        self.reassign_button.setText(tr("Fördela om …"))

    def changeEvent(self, event: QtCore.QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QtCore.QEvent.Type.LanguageChange:
            self.retranslate()

    def show_case(self, case: CaseSummary | None) -> None:
        self.case = case
        user = self.workload.services.user
        open_case = case is not None and case.status not in CLOSED
        worker = Role.CASEWORKER in user.roles
        mine = case is not None and case.assignee_id == user.id
        takeable = (
            case is not None and case.assignee_id is None and case.municipality_id in user.municipalities
        )
        self.take_button.setVisible(bool(open_case and worker and takeable))
        self.give_back_button.setVisible(bool(open_case and worker and mine))
        self.reassign_button.setVisible(bool(open_case and self.workload.is_lead))

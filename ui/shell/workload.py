"""Wires the workload tools into the main window: the board page and its navigation entry (team leads
only), "Fördela om …" in the queues' row menus, dragging rows onto the board, the assignee column in the
team's queue, and the case screen's "Ta ärendet" / "Lämna tillbaka" / "Fördela om …"."""

from __future__ import annotations

from typing import TYPE_CHECKING

from caseworker.store import QueueKind
from ui.qt import QtWidgets
from ui.queue.model import QueueModel
from ui.shell.navigation import WORKLOAD
from ui.workload.actions import AssignmentButtons, WorkloadActions
from ui.workload.team import is_team_lead

if TYPE_CHECKING:
    from ui.shell.main_window import MainWindow


def install(window: MainWindow) -> WorkloadActions:
    services = window.services
    lead = is_team_lead(services.user)
    board = None
    if lead:  # the board (and the workload core) only for a team lead
        from ui.workload.board import WorkloadBoard

        board = WorkloadBoard(services, window)
    actions = WorkloadActions(services, window, board)
    actions.openOutbox.connect(window.show_outbox)
    window.navigation.set_visible_entry(WORKLOAD, lead)
    window.queue_actions[WORKLOAD].setVisible(lead)

    queue = window.queue_view
    queue.model.loaded.connect(
        lambda: queue.table.setColumnHidden(QueueModel.COL_ASSIGNEE, queue.queue() is not QueueKind.TEAM)
    )
    queue.table.setColumnHidden(QueueModel.COL_ASSIGNEE, True)

    buttons = AssignmentButtons(actions, window.case_view)
    row = window.case_view.actions_row
    row.insertWidget(row.indexOf(window.case_view.write_decision) + 1, buttons)
    window.case_view.loaded.connect(
        lambda _id: buttons.show_case(
            window.case_view.snapshot.summary if window.case_view.snapshot else None
        )
    )
    window.case_view.assignment_buttons = buttons  # type: ignore[attr-defined]

    if board is not None:
        window.stack.addWidget(board)
        queue.menu_hooks.append(actions.menu_hook(queue))
        board.member_queue.menu_hooks.append(actions.menu_hook(board.member_queue))
        for table in (queue.table, board.member_queue.table):
            table.setDragEnabled(True)
            table.setDragDropMode(QtWidgets.QAbstractItemView.DragDropMode.DragOnly)
        board.model.casesDropped.connect(lambda ids, member_id: actions.reassign(ids, member_id))
        board.balance_button.clicked.connect(actions.balance)
        board.cover_button.clicked.connect(lambda: actions.cover())
        board.member_queue.caseActivated.connect(window.open_case)
    window.workload_board = board  # type: ignore[attr-defined]
    return actions

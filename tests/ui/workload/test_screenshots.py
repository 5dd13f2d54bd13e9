"""Render the workload board (with a member's cases below) and a balancing proposal, signed in as the
team lead Maria Engström. The PNGs go to ``$CASEWORKER_SCREENSHOTS`` when set (the README's come from
``CASEWORKER_SCREENSHOTS=docs/screenshots``), else to the test's tmp folder. The asserts are about what
a reader of the picture relies on: every member listed, bars drawn, no button text clipped."""

from __future__ import annotations

from pathlib import Path

from tests.helpers.screenshots import save, shots_dir
from tests.ui.workload.test_board import Window, lead, proxy, sb, show_board, the_dialog, user_id
from ui.qt import QtWidgets
from ui.workload.dialogs import ProposalDialog

__all__ = ["lead", "proxy", "sb"]  # the fixtures this module uses


def buttons_fit(widget: QtWidgets.QWidget) -> None:
    for button in widget.findChildren(QtWidgets.QAbstractButton):
        if button.isVisible() and button.text():
            needed = button.fontMetrics().horizontalAdvance(button.text().replace("&", ""))
            assert button.width() >= needed, f"{button.text()!r} is clipped"


def test_screenshots_of_the_board_and_a_proposal(lead: Window, sb: object, tmp_path: Path) -> None:
    folder = shots_dir(tmp_path)
    lead.window.resize(1600, 900)
    board = show_board(lead)
    lead.qloop.run(board.show_member(user_id(sb, "anna")))  # type: ignore[arg-type]
    lead.qloop.run(board.member_queue.model.wait_loaded())
    board.table.selectRow(board.row_of(user_id(sb, "anna")))  # type: ignore[arg-type]
    assert board.model.rowCount() >= 4
    buttons_fit(board)
    save(lead.window, folder, "workload")

    board.balance_button.click()
    dialog = the_dialog(lead, ProposalDialog)
    dialog.resize(1100, 640)
    assert dialog.table.rowCount() > 0
    buttons_fit(dialog)
    save(dialog, folder, "proposal")
    dialog.reject()

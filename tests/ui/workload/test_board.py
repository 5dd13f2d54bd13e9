"""The team lead's workload board and moves, and a caseworker taking a case: real widgets, the sandbox
over real HTTP (a sandbox of this module's own: the tests move cases).

Maria Engström leads team Väst (Anna, Erik, Lina serve Älvdala and Norrsjö; Reza only Norrsjö); Anna is
a caseworker of the team."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from caseworker.domain.models import CaseStatus, CaseSummary, EventKind
from caseworker.store import CaseQuery, OutboxState, QueueKind
from caseworker.sync.kinds.reassign import NOT_A_LEAD
from caseworker.sync.problems import ConflictChoice
from tests.helpers.faulty_proxy import FaultyProxy
from tests.helpers.qt import LoopRunner
from tests.helpers.sandbox import Sandbox, own_sandbox
from tests.helpers.waiting import until
from tests.ui.apphelpers import settle
from tests.ui.services_factory import running_services
from ui.case.timeline import event_entry
from ui.qt import Qt, QtCore, QtGui, QtWidgets
from ui.queue.model import QueueModel
from ui.services import Services
from ui.settings_store import AppSettings
from ui.shell.main_window import PAGE_WORKLOAD, MainWindow
from ui.shell.navigation import WORKLOAD
from ui.workload.dialogs import CoverDialog, MoveReport, ProposalDialog, ReassignDialog

sb = own_sandbox("workload")


@pytest.fixture
def proxy(sb: Sandbox) -> Iterator[FaultyProxy]:
    with FaultyProxy(sb.url) as p:
        yield p


def user_id(sb: Sandbox, username: str) -> str:
    with sb.client(username) as c:
        return str(c.get("/api/v1/me").raise_for_status().json()["id"])


class Window:
    """A main window over a user's services, closed cleanly at the end."""

    def __init__(self, qloop: LoopRunner, services: Services, config: Path) -> None:
        self.qloop = qloop
        self.services = services
        self.window = MainWindow(services, AppSettings(config))
        self.window.show()

    def wait(self, condition: Any, what: str) -> None:
        self.qloop.run(until(condition, what=what))

    def sync(self) -> None:
        self.qloop.run(self.services.sync.sync_now())

    def close(self) -> None:
        settle(self.qloop)
        self.window.allow_close = True
        self.window.close()
        self.window.deleteLater()
        settle(self.qloop)


@pytest.fixture
def lead(qloop: LoopRunner, sb: Sandbox, proxy: FaultyProxy, tmp_path: Path) -> Iterator[Window]:
    with running_services(qloop, proxy.url, "maria", tmp_path / "maria") as services:
        w = Window(qloop, services, tmp_path / "config")
        try:
            yield w
        finally:
            w.close()


def show_board(w: Window) -> Any:
    w.window.navigation.select(WORKLOAD)
    assert w.window.stack.currentIndex() == PAGE_WORKLOAD
    board = w.window.workload_board
    board.refresh()
    w.qloop.run(board.wait_shown())
    return board


def open_cases_of(w: Window, member_id: str | None, municipality: str | None = None) -> list[CaseSummary]:
    """The open cases the store holds of ``member_id`` (None: unassigned), in ``municipality`` if given."""
    if member_id is None:
        query = CaseQuery(queue=QueueKind.UNASSIGNED)
    else:
        query = CaseQuery(queue=QueueKind.ALL, assignee_ids=frozenset({member_id}))
    ids = w.qloop.run(w.services.store.ids(query))
    cases = w.qloop.run(w.services.store.run(lambda s: [s.get_case_summary(i) for i in ids]))
    return [
        c
        for c in cases
        if c is not None
        and c.status not in (CaseStatus.DECIDED, CaseStatus.CLOSED)
        and (municipality is None or c.municipality_id == municipality)
    ]


def drop_on_member(board: Any, mime: QtCore.QMimeData, member_id: str) -> None:
    """What a drag ending on the member's row delivers to the board's table: enter, move, drop."""
    row = board.row_of(member_id)
    assert row is not None
    table = board.table
    table.scrollTo(board.model.index(row, 0))
    point = table.visualRect(board.model.index(row, 0)).center()
    pos = QtCore.QPointF(point)
    viewport = table.viewport()
    actions = Qt.DropAction.MoveAction | Qt.DropAction.CopyAction
    buttons, mods = Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier
    enter = QtCore.QEvent.Type.DragEnter
    for event in (
        QtGui.QDragEnterEvent(point, actions, mime, buttons, mods),
        QtGui.QDragMoveEvent(point, actions, mime, buttons, mods),
        QtGui.QDropEvent(pos, actions, mime, buttons, mods),
    ):
        QtWidgets.QApplication.sendEvent(viewport, event)
        assert event.type() != enter or event.isAccepted(), "the board did not accept the dragged cases"


def the_dialog(w: Window, kind: type) -> Any:
    actions = w.window.workload
    w.wait(lambda: isinstance(actions.dialog, kind) and actions.dialog.isVisible(), f"the {kind.__name__}")
    return actions.dialog


def accept(dialog: QtWidgets.QDialog) -> None:
    ok = dialog.buttons.button(QtWidgets.QDialogButtonBox.StandardButton.Ok)
    assert ok.isEnabled(), dialog.why.text() if hasattr(dialog, "why") else "OK is disabled"
    ok.click()


def report_of(w: Window) -> MoveReport:
    actions = w.window.workload
    w.wait(lambda: actions.report is not None, "the move's report")
    return actions.report


def test_the_board_shows_each_member_and_a_selection_dragged_onto_a_member_moves_there(
    lead: Window, sb: Sandbox
) -> None:
    anna, erik = user_id(sb, "anna"), user_id(sb, "erik")
    board = show_board(lead)
    names = [m.name for m in board.member_rows()]
    assert "Anna Lindqvist" in names and "Erik Sandberg" in names
    row = board.model.rows[board.row_of(anna)]
    assert row.open_cases == len(open_cases_of(lead, anna))
    assert "0 skillnader" not in board.check_label.text()

    # Anna's cases below the board; two of them dragged onto Erik
    lead.qloop.run(board.show_member(anna))
    queue = board.member_queue
    lead.qloop.run(queue.model.wait_loaded())
    assert queue.model.rowCount() == row.open_cases
    chosen = [queue.model.index(r, QueueModel.COL_REGISTRATION) for r in (0, 1)]
    ids = [queue.model.id_at(0), queue.model.id_at(1)]
    drop_on_member(board, queue.model.mimeData(chosen), erik)

    dialog = the_dialog(lead, ReassignDialog)
    assert dialog.target().id == erik
    assert not dialog.buttons.button(QtWidgets.QDialogButtonBox.StandardButton.Ok).isEnabled()  # no reason
    dialog.reason.setText("Anna går på utbildning")
    accept(dialog)
    report = report_of(lead)
    lead.sync()
    lead.wait(lambda: report.counts["done"] == 2, "both cases moved")

    with sb.client("maria") as c:
        for case_id in ids:
            assert c.get(f"/api/v1/cases/{case_id}").json()["assignee_id"] == erik
            events = c.get(f"/api/v1/cases/{case_id}/events").json()
            moved = [e for e in events if e["kind"] == "assigned" and e["text"] == "Anna går på utbildning"]
            assert moved and moved[-1]["actor_name"] == "Maria Engström"
    # the move is in the case's history in the store too (the timeline shows it)
    events = lead.qloop.run(lead.services.store.list_events(ids[0]))
    moved_events = [e for e in events if e.kind is EventKind.ASSIGNED and e.text == "Anna går på utbildning"]
    assert moved_events
    entry = event_entry(moved_events[-1])
    assert entry.text == "Till Erik Sandberg. Anna går på utbildning" and entry.actor == "Maria Engström"
    lead.qloop.run(board.wait_shown())
    assert board.model.rows[board.row_of(anna)].open_cases == row.open_cases - 2

    # the team's queue names each case's officer; the caseworker's own queues do not need to
    queue = lead.window.queue_view
    for kind, hidden in ((QueueKind.TEAM, False), (QueueKind.MINE, True)):
        lead.window.navigation.select(kind.value)
        lead.qloop.run(queue.model.wait_loaded())
        lead.wait(lambda q=kind: queue.model.query is not None and queue.model.query.queue is q, "the queue")
        assert queue.table.isColumnHidden(QueueModel.COL_ASSIGNEE) is hidden


def test_fordela_om_refuses_a_member_outside_the_municipality_and_reports_a_conflicting_case(
    lead: Window, sb: Sandbox
) -> None:
    anna, erik, reza = user_id(sb, "anna"), user_id(sb, "erik"), user_id(sb, "reza")
    show_board(lead)
    alvdala = open_cases_of(lead, anna, "alvdala")[:3]
    assert len(alvdala) == 3
    ids = [c.id for c in alvdala]
    lead.window.workload.reassign(ids)
    dialog = the_dialog(lead, ReassignDialog)
    dialog.member_box.setCurrentIndex(dialog.member_box.findData(reza))
    dialog.reason.setText("Jämnar ut")
    assert "Reza Karimi handlägger inte ärenden i" in dialog.why.text()
    assert not dialog.buttons.button(QtWidgets.QDialogButtonBox.StandardButton.Ok).isEnabled()

    # another session moves one of the cases meanwhile (to Lina): moving that one is a conflict
    lina = user_id(sb, "lina")
    with sb.client("maria") as c:
        etag = c.get(f"/api/v1/cases/{ids[1]}").headers["etag"]
        r = c.patch(
            f"/api/v1/cases/{ids[1]}",
            json={"assignee_id": lina},
            headers={"If-Match": etag, "Idempotency-Key": "workload-conflict-1"},
        )
        assert r.status_code == 200, r.text

    dialog.member_box.setCurrentIndex(dialog.member_box.findData(erik))
    assert dialog.why.text() == ""
    accept(dialog)
    report = report_of(lead)
    lead.sync()
    lead.wait(lambda: report.counts["waiting"] == 0, "every move settled")
    assert report.counts == {"done": 2, "waiting": 0, "problem": 1}
    texts = [report.list.item(i).text() for i in range(report.list.count())]
    assert any(alvdala[1].registration_number in t and "lös konflikten" in t for t in texts)
    assert report.outbox_button.isVisible()
    items = lead.qloop.run(lead.services.store.list_outbox([OutboxState.CONFLICT]))
    assert [i.case_id for i in items] == [ids[1]]

    # resolved as "send mine anyway": the move is made on the case as it is now
    lead.qloop.run(lead.services.sync.resolve_conflict(items[0].id, ConflictChoice.KEEP_MINE))
    lead.sync()
    lead.wait(lambda: report.counts == {"done": 3, "waiting": 0, "problem": 0}, "the conflict resolved")
    with sb.client("maria") as c:
        assert c.get(f"/api/v1/cases/{ids[1]}").json()["assignee_id"] == erik


def test_a_move_made_offline_waits_in_the_outbox_and_lands_after_the_sync(
    lead: Window, sb: Sandbox, proxy: FaultyProxy
) -> None:
    anna, lina = user_id(sb, "anna"), user_id(sb, "lina")
    board = show_board(lead)
    case = open_cases_of(lead, anna, "norrsjo")[0]
    proxy.cut()
    lead.window.workload.reassign([case.id], lina)
    dialog = the_dialog(lead, ReassignDialog)
    dialog.reason.setText("Lina tar norra delen")
    accept(dialog)
    report = report_of(lead)
    lead.wait(lambda: report.counts["waiting"] == 1, "the move waiting")
    cached = lead.qloop.run(lead.services.store.get_case_summary(case.id))
    assert cached is not None and cached.assignee_id == lina  # shown moved at once
    board.refresh()
    lead.qloop.run(board.wait_shown())
    assert board.model.rows[board.row_of(lina)].open_cases >= 1  # the board counts it offline

    proxy.restore()
    lead.sync()
    lead.wait(lambda: report.counts["done"] == 1, "the move landed")
    with sb.client("maria") as c:
        assert c.get(f"/api/v1/cases/{case.id}").json()["assignee_id"] == lina


def test_the_proposal_is_reviewed_unticked_edited_and_applied_as_one_bulk_move(
    lead: Window, sb: Sandbox
) -> None:
    board = show_board(lead)
    board.balance_button.click()
    dialog = the_dialog(lead, ProposalDialog)
    assert dialog.table.rowCount() >= 2, dialog.summary.text()
    assert " till " in dialog.table.item(0, 0).text()
    dialog.set_ticked(0, False)
    # the second move goes to someone else than proposed (any present member serving its municipality)
    box = dialog.table.cellWidget(1, 1)
    others = [
        box.itemData(i) for i in range(box.count()) if box.itemData(i) != dialog.proposal.moves[1].to_id
    ]
    if others:
        dialog.set_target(1, others[0])
    planned = dialog.planned()
    assert dialog.proposal.moves[0].case_id not in {m.case_id for m in planned}
    edited = next(m for m in planned if m.case_id == dialog.proposal.moves[1].case_id)
    assert edited.to_id == (others[0] if others else dialog.proposal.moves[1].to_id)
    dialog.reason.setText("Balansering inför semestern")
    accept(dialog)
    report = report_of(lead)
    lead.sync()
    lead.wait(lambda: report.counts["waiting"] == 0, "the proposal applied")
    assert report.counts["done"] == len(planned)
    with sb.client("maria") as c:
        assert c.get(f"/api/v1/cases/{edited.case_id}").json()["assignee_id"] == edited.to_id
        events = c.get(f"/api/v1/cases/{edited.case_id}/events").json()
        assert any(e["kind"] == "assigned" and e["text"] == "Balansering inför semestern" for e in events)


def test_absence_cover_previews_what_moves_and_what_stays(lead: Window, sb: Sandbox) -> None:
    anna, reza = user_id(sb, "anna"), user_id(sb, "reza")
    board = show_board(lead)
    board.cover_button.click()
    dialog = the_dialog(lead, CoverDialog)
    dialog.absent_box.setCurrentIndex(dialog.absent_box.findData(anna))
    dialog.cover_box.setCurrentIndex(dialog.cover_box.findData(reza))
    dialog.days.setValue(30)
    assert dialog.preview is not None
    moving, staying = dialog.preview.moves, dialog.preview.skipped
    assert (
        "Flytta Anna Lindqvists ärenden som förfaller inom 30 dagar till Reza Karimi"
        in dialog.sentence.text()
    )
    assert dialog.list.count() == len(moving) + len(staying)
    lead.qloop.run(until(lambda: dialog.list.viewport().width() > 0, what="the preview laid out"))
    for row in range(dialog.list.count()):  # each line wraps inside the list, none cut at its edge
        assert dialog.list.visualItemRect(dialog.list.item(row)).width() <= dialog.list.viewport().width()
    assert all(m.municipality_id == "norrsjo" for m in moving)  # Reza serves Norrsjö only
    assert all("handlägger inte ärenden i" in s.why for s in staying)
    assert dialog.reason.text() == "Täcker frånvaro för Anna Lindqvist"
    if not moving:
        dialog.reject()
        return
    accept(dialog)
    report = report_of(lead)
    lead.sync()
    lead.wait(lambda: report.counts["waiting"] == 0, "the cover applied")
    assert report.counts["done"] == len(moving)


def test_a_caseworker_takes_an_unassigned_case_and_gives_it_back(
    qloop: LoopRunner, sb: Sandbox, tmp_path: Path
) -> None:
    with running_services(qloop, sb.url, "anna", tmp_path / "anna") as services:
        w = Window(qloop, services, tmp_path / "config")
        try:
            assert w.window.navigation.item_for(WORKLOAD).isHidden()
            case = next(
                c for c in open_cases_of(w, None) if c.municipality_id in services.user.municipalities
            )
            w.window.open_case(case.id)
            buttons = w.window.case_view.assignment_buttons
            w.wait(lambda: buttons.case is not None and buttons.case.id == case.id, "the case shown")
            assert buttons.take_button.isVisible() and not buttons.reassign_button.isVisible()
            buttons.take_button.click()
            w.wait(lambda: buttons.give_back_button.isVisible(), "the case taken")
            w.sync()
            with sb.client("anna") as c:
                assert c.get(f"/api/v1/cases/{case.id}").json()["assignee_id"] == services.user.id
            buttons.give_back_button.click()
            w.wait(lambda: buttons.take_button.isVisible(), "the case given back")
            w.sync()
            with sb.client("anna") as c:
                assert c.get(f"/api/v1/cases/{case.id}").json()["assignee_id"] is None
        finally:
            w.close()


def test_a_caseworkers_queued_move_of_someone_elses_case_is_shown_rejected_with_the_reason(
    qloop: LoopRunner, sb: Sandbox, tmp_path: Path
) -> None:
    erik = user_id(sb, "erik")
    with running_services(qloop, sb.url, "anna", tmp_path / "anna") as services:
        w = Window(qloop, services, tmp_path / "config")
        try:
            ids = [c.id for c in open_cases_of(w, erik)]
            assert ids
            # queued while Anna still held the lead role on this computer (or by a version that allowed it)
            items = qloop.run(
                services.sync.reassign([(ids[0], services.user.id, "Anna Lindqvist")], "Tar över")
            )
            w.sync()
            item = qloop.run(services.store.get_outbox_item(items[0].id))
            assert item.state is OutboxState.REJECTED
            assert item.last_error == NOT_A_LEAD
            cached = qloop.run(services.store.get_case_summary(ids[0]))
            assert cached is not None and cached.assignee_id == erik  # the optimistic move undone
            w.window.show_outbox()
            view = w.window.outbox_view
            qloop.run(view.refresh())
            assert view.select_item(item.id)
            assert view.reason.isVisible() and view.reason.toPlainText() == NOT_A_LEAD
            assert "Fördelas om till Anna Lindqvist" in view.detail.text()
        finally:
            w.close()


def test_the_case_actions_of_a_lead_who_handles_cases_fit_a_1280_pixel_window(
    qloop: LoopRunner, sb: Sandbox, tmp_path: Path
) -> None:
    """Johan leads and handles cases: his own case shows every action plus "Lämna tillbaka" and "Fördela
    om …". In one row they made the window 1304 px wide and "Stäng" fell off a 1280 px screen; the row
    wraps instead, and every button stays inside the window."""
    with running_services(qloop, sb.url, "johan", tmp_path / "johan") as services:
        w = Window(qloop, services, tmp_path / "config")
        try:
            w.window.resize(1280, 800)
            case = open_cases_of(w, services.user.id)[0]
            w.window.open_case(case.id)
            view = w.window.case_view
            buttons = view.assignment_buttons
            w.wait(lambda: buttons.case is not None and buttons.case.id == case.id, "the case shown")
            assert buttons.give_back_button.isVisible() and buttons.reassign_button.isVisible()
            settle(qloop)
            assert w.window.minimumSizeHint().width() <= 1280
            assert w.window.width() == 1280
            row = view.actions_row
            shown = [
                b for i in range(row.count()) if (b := row.itemAt(i).widget()) is not None and b.isVisible()
            ]
            shown += [buttons.give_back_button, buttons.reassign_button, view.close_button]
            for b in shown:
                right = b.mapTo(w.window, QtCore.QPoint(b.width(), 0)).x()
                assert right <= w.window.width(), f"{b.objectName()} ends at {right}"
        finally:
            w.close()

"""The outbox view, the conflict dialog and the sync indicator against a live sandbox.

Conflicts are made as in life: the user changes a case offline while a colleague (a second, plain
client) changes the same case on the platform; when the user is back online the write meets a 412.
"""

from __future__ import annotations

from typing import Any

import pytest

from caseworker.domain.models import DeadlineExtension
from caseworker.store import OutboxState
from caseworker.sync.engine import ConflictChoice
from tests.helpers.qt import LoopRunner
from tests.helpers.waiting import until
from tests.ui.outbox.world import Offline, make_conflict, table_rows
from tests.ui.services_factory import a_case, open_case, started, status_on_platform
from ui.case import CaseView
from ui.outbox.conflict import ConflictDialog
from ui.outbox.indicator import SyncIndicator
from ui.outbox.view import OutboxView
from ui.qt import Qt, QtWidgets


def conflict_dialog(outbox: OutboxView) -> ConflictDialog:
    outbox.table.selectRow(0)
    dialog = outbox.conflict_dialog()
    assert dialog is not None
    return dialog


@pytest.mark.parametrize(
    ("choice", "expected"),
    [
        (ConflictChoice.KEEP_MINE, "under_review"),
        (ConflictChoice.TAKE_THEIRS, "complete"),
        (ConflictChoice.EDIT, "referral"),
    ],
)
def test_conflict_dialog_choices_do_what_they_say(
    qtbot: Any, qloop: LoopRunner, world: Offline, choice: ConflictChoice, expected: str
) -> None:
    view, outbox, indicator = (
        CaseView(world.services),
        OutboxView(world.services),
        SyncIndicator(world.services),
    )
    for w in (view, outbox, indicator):
        qtbot.addWidget(w)
        w.show()
    case = make_conflict(qloop, world, view, outbox)
    number = case["registration_number"]

    assert outbox.lines() == [
        f"Statusändring (Under handläggning) på {number} – konflikt: någon annan har ändrat ärendet"
    ]
    assert outbox.resolve.isEnabled()
    qloop.run(until(lambda: view.problem_badge.isVisible()))
    assert view.status_badge.text() == "Komplett", "the cache shows theirs next to the conflict"
    qloop.run(until(lambda: indicator.outbox.property("problems") is True))

    dialog = conflict_dialog(outbox)
    qtbot.addWidget(dialog)
    rows = table_rows(dialog)
    assert rows["Status"] == ["Inkommen", "Komplett", "Under handläggning"]  # base, theirs, ours

    if choice is ConflictChoice.KEEP_MINE:
        qtbot.mouseClick(dialog.keep_mine, Qt.MouseButton.LeftButton)
    elif choice is ConflictChoice.TAKE_THEIRS:
        qtbot.mouseClick(dialog.take_theirs, Qt.MouseButton.LeftButton)
    else:
        qtbot.mouseClick(dialog.edit, Qt.MouseButton.LeftButton)
        assert not dialog.send_edited.isHidden() and not dialog.edit_box.isHidden()
        combo = dialog.editors["status"]
        assert isinstance(combo, QtWidgets.QComboBox)
        combo.setCurrentIndex(combo.findData("referral"))
        qtbot.mouseClick(dialog.send_edited, Qt.MouseButton.LeftButton)
    assert dialog.task is not None
    qloop.run(dialog.task)
    assert dialog.result() == QtWidgets.QDialog.DialogCode.Accepted
    qloop.run(world.services.sync.sync_now())

    with world.sandbox.client("anna") as c:
        assert status_on_platform(c, case["id"]) == expected
    qloop.run(outbox.refresh())
    assert outbox.lines() == []
    qloop.run(view.show_case(case["id"]))
    assert not view.problem_badge.isVisible() and not view.pending_badge.isVisible()
    assert (
        view.status_badge.text()
        == {
            "under_review": "Under handläggning",
            "complete": "Komplett",
            "referral": "På remiss",
        }[expected]
    )
    qloop.run(until(lambda: not indicator.outbox.isVisible()))


def test_a_rejected_change_says_why_and_keeps_the_text(
    qtbot: Any, qloop: LoopRunner, world: Offline, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The deadline extended twice: the platform refuses the second; the user's reason is kept."""
    import datetime as dt

    from caseworker.domain import clock
    from caseworker.domain.models import CasePatch, DeadlineFacts

    def extendable(k: dict[str, Any]) -> bool:
        facts = DeadlineFacts.model_validate(k["deadline"])
        return k["status"] in ("received", "under_review", "complete") and not clock.may_extend(
            facts, dt.date.today()
        )

    services = world.services
    view, outbox = CaseView(services), OutboxView(services)
    for w in (view, outbox):
        qtbot.addWidget(w)
        w.show()
    case = a_case(world.sandbox, extendable)
    open_case(qloop, view, case["id"])
    world.proxy.cut()
    first = DeadlineExtension(weeks=4, reason="Samråd med länsstyrelsen behövs.")
    qloop.run(started(view.extend_with(first)))
    assert not view.extend.isEnabled(), "the view offers one extension only"
    second = "Ytterligare utredning av dagvatten."
    qloop.run(
        services.sync.patch_case(case["id"], CasePatch(deadline_extension={"weeks": 2, "reason": second}))
    )
    world.proxy.restore()
    qloop.run(services.sync.sync_now())

    qloop.run(outbox.refresh())
    assert [r.item.state for r in outbox.model.rows] == [OutboxState.REJECTED]
    line = outbox.lines()[0]
    assert line.startswith(f"Förlängd tidsfrist (2 veckor) på {case['registration_number']} – Avvisad: ")
    assert "Tidsfristen har redan förlängts en gång." in line
    outbox.table.selectRow(0)
    assert "Tidsfristen har redan förlängts en gång." in outbox.reason.toPlainText()
    assert outbox.reason.isReadOnly()
    editor = outbox.text_editors["reason"]
    assert editor.toPlainText() == second, "the user's text is kept"
    assert not editor.isReadOnly()
    assert outbox.retry.isEnabled() and outbox.discard.isEnabled() and not outbox.resolve.isEnabled()

    outbox.copy_selected()
    assert QtWidgets.QApplication.clipboard().text() == second

    # edited and sent again: refused again, and the edited text is what is kept now
    editor.setPlainText(second + " Omarbetat.")
    qloop.run(started(outbox.retry_selected()))
    qloop.run(services.sync.sync_now())
    qloop.run(outbox.refresh())
    assert [r.item.state for r in outbox.model.rows] == [OutboxState.REJECTED]
    assert outbox.text_editors["reason"].toPlainText() == second + " Omarbetat."

    monkeypatch.setattr(outbox, "confirm_discard", lambda row: True)
    qloop.run(started(outbox.discard_selected()))
    qloop.run(outbox.refresh())
    assert outbox.lines() == []
    with world.sandbox.client("anna") as c:
        deadline = c.get(f"/api/v1/cases/{case['id']}").json()["deadline"]
    assert (deadline["extension_weeks"], deadline["extension_reason"]) == (4, first.reason)
    qloop.run(view.show_case(case["id"]))
    assert not view.extend.isEnabled()
    assert view.extend.toolTip() == "Tidsfristen har redan förlängts en gång."


def test_indicator_shows_connection_progress_and_click_syncs(
    qtbot: Any, qloop: LoopRunner, world: Offline
) -> None:
    services = world.services
    indicator = SyncIndicator(services)
    qtbot.addWidget(indicator)
    indicator.show()
    case = a_case(world.sandbox, lambda k: k["status"] not in ("closed", "decided"))
    world.proxy.cut()
    qloop.run(services.sync.add_note(case["id"], "Offline-anteckning"))
    qloop.run(services.sync.sync_now())
    qloop.run(until(lambda: indicator.text().startswith("Offline sedan ")))
    assert indicator.outbox.text() == "1 i utkorgen"
    assert indicator.outbox.property("problems") is False
    assert indicator.dot.property("colour") == "#c62828"

    world.proxy.restore()
    phases: list[str] = []
    services.bridge.progress.connect(lambda phase, done, total: phases.append(phase))
    qtbot.mouseClick(indicator.state, Qt.MouseButton.LeftButton)  # click = sync now
    assert indicator._task is not None
    qloop.run(indicator._task)
    qloop.run(until(lambda: indicator.text().startswith("Synkad ")))
    assert "push" in phases
    assert not indicator.outbox.isVisible()
    assert not indicator.progress.isVisible()
    with world.sandbox.client("anna") as c:
        events = c.get(f"/api/v1/cases/{case['id']}/events").json()
    assert [e["text"] for e in events if e["kind"] == "note"].count("Offline-anteckning") == 1

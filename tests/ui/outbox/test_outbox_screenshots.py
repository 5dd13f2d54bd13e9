"""Render the case view, the outbox, the conflict dialog and the indicator in a realistic state.

The PNGs go to ``$CASEWORKER_SCREENSHOTS`` when set (to look at them), else to the test's tmp folder.
The asserts are about layout: nothing rendered empty, no button text clipped.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from caseworker.domain.models import CasePatch, CaseStatus, DeadlineExtension
from caseworker.store import Conflict, OutboxItem, OutboxState
from tests.helpers.qt import LoopRunner
from tests.helpers.screenshots import buttons_fit, save, shots_dir
from tests.ui.outbox.world import Offline, colleague_sets_status
from tests.ui.services_factory import find_case, open_case, started
from ui.case import CaseView
from ui.outbox.conflict import ConflictDialog
from ui.outbox.indicator import SyncIndicator
from ui.outbox.view import OutboxView
from ui.qt import QtWidgets


def test_render_case_outbox_and_conflict(
    qtbot: Any, qloop: LoopRunner, world: Offline, tmp_path: Path
) -> None:
    folder = shots_dir(tmp_path)
    s = world.services
    with world.sandbox.client("anna") as c:
        conflicted = find_case(c, lambda k: k["status"] == "received")
        other = find_case(
            c, lambda k: k["status"] == "under_review" and any(p["personal_number"] for p in k["parties"])
        )
    view, outbox, indicator = CaseView(s), OutboxView(s), SyncIndicator(s)
    for w in (view, outbox, indicator):
        qtbot.addWidget(w)
        w.show()
    view.resize(1280, 860)
    outbox.resize(1000, 620)

    # offline: a status change (will conflict), a note and an extension twice (will be refused)
    open_case(qloop, view, conflicted["id"])
    world.proxy.cut()
    qloop.run(started(view.set_status(CaseStatus.UNDER_REVIEW)))
    colleague_sets_status(world.sandbox, conflicted["id"], "complete")
    qloop.run(
        s.sync.patch_case(
            other["id"], CasePatch(deadline_extension=DeadlineExtension(weeks=3, reason="Samråd"))
        )
    )
    qloop.run(
        s.sync.patch_case(
            other["id"], CasePatch(deadline_extension=DeadlineExtension(weeks=2, reason="Ännu mer utredning"))
        )
    )
    world.proxy.restore()
    qloop.run(s.sync.sync_now())
    world.proxy.cut()
    open_case(qloop, view, other["id"])
    view.note_edit.setPlainText("Platsbesök bokat till torsdag kl. 10.")
    qloop.run(started(view.add_note()))
    qloop.run(s.sync.sync_now())
    view.parties.rows[-1].reveal.click()

    qloop.run(outbox.refresh())
    states = sorted(r.item.state.value for r in outbox.model.rows)
    assert states == ["conflict", "pending", "rejected"]
    outbox.select_item(next(r.item.id for r in outbox.model.rows if r.item.state is OutboxState.REJECTED))

    save(view, folder, "case_view")
    assert buttons_fit(view) == []
    save(outbox, folder, "outbox_view")
    assert buttons_fit(outbox) == []
    indicator.resize(indicator.sizeHint())
    save(indicator, folder, "sync_indicator")

    view.resize(1024, 700)  # a laptop: nothing may be clipped
    save(view, folder, "case_view_small")
    assert buttons_fit(view) == []
    view.resize(1280, 860)
    open_case(qloop, view, conflicted["id"])
    save(view, folder, "case_view_conflict")

    outbox.select_item(next(r.item.id for r in outbox.model.rows if r.item.state is OutboxState.CONFLICT))
    dialog = outbox.conflict_dialog()
    assert dialog is not None
    qtbot.addWidget(dialog)
    dialog.show()
    save(dialog, folder, "conflict_dialog")
    assert buttons_fit(dialog) == []
    dialog.start_editing()
    save(dialog, folder, "conflict_dialog_editing")


def test_render_a_text_conflict(qtbot: Any, tmp_path: Path) -> None:
    """A markup's text changed by a colleague: the three texts side by side, ours editable."""
    now = dt.datetime(2026, 11, 24, 13, 5, tzinfo=dt.UTC)
    base = {"page": 0, "kind": "callout", "geometry": {"x": 10, "y": 20}, "text": "Kontrollera takfoten."}
    theirs = {**base, "text": "Kontrollera takfoten mot detaljplanen (max 7,5 m)."}
    ours = {**base, "text": "Kontrollera takfoten – 8,1 m enligt sektion A-A."}
    item = OutboxItem(
        seq=1, id="item-1", created_at=now, updated_at=now, kind="update_annotation", method="PUT",
        path="/api/v1/annotations/a1", case_id="c1", ordering_key="c1", payload=ours,
        idempotency_key="k", if_match='"a1-v1"', state=OutboxState.CONFLICT, attempts=1, last_error=None,
        conflict=Conflict(base=base, theirs=theirs, ours=ours, their_etag='"a1-v2"'),
    )  # fmt: skip
    dialog = ConflictDialog(item, registration_number="BYGG 2026-000123")
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.text_mode
    assert dialog.findChild(QtWidgets.QPlainTextEdit, "conflictTheirs").toPlainText() == theirs["text"]  # type: ignore[union-attr]
    dialog.start_editing()
    dialog.ours_edit.setPlainText("Kontrollera takfoten: 7,5 m gäller.")
    save(dialog, shots_dir(tmp_path), "conflict_dialog_text")
    dialog.send_edited.click()
    assert dialog.choice == "edit"
    assert dialog.edited == {**ours, "text": "Kontrollera takfoten: 7,5 m gäller."}

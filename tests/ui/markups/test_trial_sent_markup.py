"""Found by an inspector trying the app: a markup drawn, sent to the platform, then changed in the same
window. The window still shows it by the placeholder id it had until the platform answered; moving it,
undoing, setting its status and replying from the list must all reach the platform's markup, not fail with
"the markup is not in the local store"."""

from __future__ import annotations

import math
from typing import Any

from caseworker.domain.models import AnnotationStatus
from caseworker.markups import Markup
from caseworker.store import OutboxState
from tests.helpers.qt import LoopRunner
from tests.helpers.sandbox import Sandbox
from tests.ui.markups import test_markup_tools as tools_test
from tests.ui.markups.test_markup_editing import draw, in_view, select, undo
from tests.ui.markups.test_markup_tools import grid, key, settled
from ui.markups.workspace import MarkupWorkspace
from ui.qt import Qt
from ui.services import Services

engine, workspace = tools_test.engine, tools_test.workspace
__all__ = ["engine", "workspace"]  # fixtures, used by name
USER = Qt.ItemDataRole.UserRole


def pushed(qtbot: Any, qloop: LoopRunner, anna: Services) -> None:
    """Everything in the outbox sent and acknowledged by the platform."""
    qloop.run(anna.sync.push())
    items = qloop.run(anna.store.list_outbox())
    assert all(item.state is OutboxState.DONE for item in items), [
        (i.kind, i.state, i.last_error) for i in items
    ]


def test_a_markup_sent_to_the_platform_is_still_changed_answered_and_resolved_in_the_same_window(
    qtbot: Any, qloop: LoopRunner, sandbox: Sandbox, anna: Services, workspace: MarkupWorkspace
) -> None:
    w = workspace
    failures: list[str] = []
    w.editor.failed.connect(failures.append)
    document_id = w.editor.document_id
    assert document_id is not None
    earlier = {a.id for a in qloop.run(anna.client.annotations(document_id))}
    rect = draw(qtbot, w, "R", [grid(w, 16), grid(w, 16, 1, 1)])  # a cell no other test draws in
    assert rect.rect is not None
    pushed(qtbot, qloop, anna)  # created on the platform: the store no longer has the placeholder
    (created,) = [a for a in qloop.run(anna.client.annotations(document_id)) if a.id not in earlier]

    select(qtbot, w, in_view(w, (rect.rect[0], rect.rect[1])), rect.id)
    key(qtbot, w, Qt.Key.Key_Right)  # a change made on the markup the window still shows
    settled(qtbot, w)
    undo(qtbot, w)
    key(qtbot, w, Qt.Key.Key_Down, Qt.KeyboardModifier.ShiftModifier)
    settled(qtbot, w)
    table = w.list.table
    (row,) = [r for r in range(table.model().rowCount()) if table.model().index(r, 0).data(USER) == rect.id]
    qtbot.mouseClick(
        table.viewport(),
        Qt.MouseButton.LeftButton,
        pos=table.visualRect(table.model().index(row, 1)).center(),
    )
    assert w.list.current_id() == rect.id
    w.list.reply_text.setText("Åtgärdat enligt ny ritning")  # (QTest cannot type "Å")
    qtbot.mouseClick(w.list.reply_button, Qt.MouseButton.LeftButton)
    done = w.list.status_box.findData(AnnotationStatus.COMPLETED)
    w.list.status_box.setCurrentIndex(done)
    w.list.status_box.activated.emit(done)  # as chosen from the list's status box
    settled(qtbot, w)
    assert failures == []
    pushed(qtbot, qloop, anna)

    (after,) = [a for a in qloop.run(anna.client.annotations(document_id)) if a.id == created.id]
    moved = Markup.from_annotation(after).rect
    assert moved is not None
    assert math.isclose(moved[0], rect.rect[0]) and math.isclose(
        moved[1], rect.rect[1] - 10
    )  # → undone, ↓ kept
    assert [r.text for r in after.replies] == ["Åtgärdat enligt ny ritning"]
    assert after.status is AnnotationStatus.COMPLETED

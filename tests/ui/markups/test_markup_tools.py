"""The markup tools on a real drawing with real mouse events: every kind drawn, Shift snapping to 45°, the
measured value while drawing after a calibration, select, move, delete, undo and redo, the markups list
(click to zoom, reply, status) -- every change an outbox write that lands on the platform at the next sync."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from caseworker.domain.models import AnnotationStatus, Document
from caseworker.drawings import RenderEngine
from caseworker.markups import Kind
from caseworker.markups.measure import Calibration, measure
from caseworker.store import OutboxState
from tests.helpers.sandbox import Sandbox
from tests.helpers.screenshots import shots_dir
from tests.ui.conftest import LoopRunner
from tests.ui.drawings.conftest import WAIT_MS, open_sharp
from ui.markups.workspace import MarkupWorkspace
from ui.qt import Qt, QtCore, QtGui, QtWidgets
from ui.services import Services


@pytest.fixture(scope="module")
def engine() -> Iterator[RenderEngine]:
    with RenderEngine(time_limit=120) as e:
        yield e


def a_drawing(sandbox: Sandbox) -> str:
    with sandbox.client("anna") as http:
        for case in http.get("/api/v1/cases", params={"queue": "mine", "limit": 200}).json()["items"]:
            for doc in http.get(f"/api/v1/cases/{case['id']}/documents").json():
                if doc["kind"] == "drawing" and doc["media_type"] == "application/pdf":
                    return str(doc["id"])
    raise LookupError("anna has no drawing")


def downloaded_drawing(
    qloop: LoopRunner, anna: Services, sandbox: Sandbox, folder: Path
) -> tuple[Document, Path]:
    """A drawing of one of Anna's cases, as the store has it, and its file downloaded into ``folder``."""
    document = qloop.run(anna.store.get_document(a_drawing(sandbox)))
    assert isinstance(document, Document)
    return document, qloop.run(anna.client.download_document(document, folder / "drawing.pdf"))


def opened_workspace(
    qtbot: Any, engine: RenderEngine, anna: Services, document: Document, path: Path
) -> MarkupWorkspace:
    """A markup window of 1400 x 900 on ``document``, its markups read and the drawing sharp."""
    w = MarkupWorkspace(engine, anna.sync, anna.user.display_name)
    qtbot.addWidget(w)
    w.resize(1400, 900)
    w.show()
    with qtbot.waitSignal(w.session.loaded, timeout=WAIT_MS):  # drawing starts once they are read
        w.open(document, path, anna.store.list_annotations(document.id))
    open_sharp(qtbot, w.viewer)
    return w


@pytest.fixture
def workspace(
    qtbot: Any, qloop: LoopRunner, engine: RenderEngine, anna: Services, sandbox: Sandbox, tmp_path: Path
) -> Iterator[MarkupWorkspace]:
    document, path = downloaded_drawing(qloop, anna, sandbox, tmp_path)
    w = opened_workspace(qtbot, engine, anna, document, path)
    before = len(qloop.run(anna.store.list_annotations(document.id)))
    assert len(w.layer.markups) == before
    yield w
    w.viewer.close_document()


Button = Qt.MouseButton


def send_mouse(
    widget: QtWidgets.QWidget, kind: QtCore.QEvent.Type, at: QtCore.QPointF, button: Button, buttons: Button,
    modifiers: Qt.KeyboardModifier,
) -> None:  # fmt: skip
    event = QtGui.QMouseEvent(kind, at, widget.mapToGlobal(at), button, buttons, modifiers)
    QtWidgets.QApplication.sendEvent(widget, event)


def drag(w: MarkupWorkspace, points: list[QtCore.QPointF], shift: bool = False) -> None:
    """Press at the first point, move through the rest with the button held, release at the last."""
    viewport = w.viewer.canvas.viewport()
    left, none = Qt.MouseButton.LeftButton, Qt.MouseButton.NoButton
    mods = Qt.KeyboardModifier.ShiftModifier if shift else Qt.KeyboardModifier.NoModifier
    send_mouse(viewport, QtCore.QEvent.Type.MouseButtonPress, points[0], left, left, mods)
    for p in points[1:]:
        send_mouse(viewport, QtCore.QEvent.Type.MouseMove, p, none, left, mods)
    send_mouse(viewport, QtCore.QEvent.Type.MouseButtonRelease, points[-1], left, none, mods)


def click(w: MarkupWorkspace, at: QtCore.QPointF) -> None:
    drag(w, [at])


def key(
    qtbot: Any,
    w: MarkupWorkspace,
    k: Qt.Key | str,
    modifier: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier,
) -> None:
    w.viewer.canvas.setFocus()
    qtbot.keyClick(w.viewer.canvas, k, modifier)


def on_page(w: MarkupWorkspace) -> QtCore.QRectF:
    """The page as it shows in the viewport (pixels)."""
    canvas = w.viewer.canvas
    width, height = canvas.unturned_page_size()
    a = canvas.mapFromScene(canvas.page_to_scene((0.0, 0.0)))
    b = canvas.mapFromScene(canvas.page_to_scene((width, height)))
    return (
        QtCore.QRectF(QtCore.QPointF(a), QtCore.QPointF(b))
        .normalized()
        .intersected(QtCore.QRectF(canvas.viewport().rect()))
    )


def grid(w: MarkupWorkspace, i: int, dx: float = 0.0, dy: float = 0.0) -> QtCore.QPointF:
    """The top left of cell ``i`` of a 5 x 4 grid over the shown page, moved by (dx, dy) of a cell."""
    page = on_page(w)
    cw, ch = page.width() / 5, page.height() / 4
    return QtCore.QPointF(
        page.left() + (i % 5 + 0.15 + 0.7 * dx) * cw, page.top() + (i // 5 + 0.15 + 0.7 * dy) * ch
    )


def outbox(qloop: LoopRunner, services: Services, kind: str) -> int:
    items = qloop.run(services.store.list_outbox())
    return sum(1 for item in items if item.kind == kind)


def settled(qtbot: Any, w: MarkupWorkspace) -> None:
    qtbot.waitUntil(lambda: not w.editor.pending, timeout=WAIT_MS)


def choose_scale(scale: QtWidgets.QComboBox, ratio: int) -> None:
    """The tool bar's scale list set to 1:``ratio`` as a user picks it (the drawing's scale)."""
    index = scale.findData(ratio)
    scale.setCurrentIndex(index)
    scale.activated.emit(index)


KEYS = {Kind.RECTANGLE: "R", Kind.ELLIPSE: "E", Kind.CLOUD: "C", Kind.LINE: "L", Kind.ARROW: "A",
        Kind.INK: "I", Kind.TEXT: "T", Kind.CALLOUT: "B", Kind.HIGHLIGHT: "H", Kind.STAMP: "S",
        Kind.DISTANCE: "D", Kind.POLYLINE: "P", Kind.POLYGON: "G", Kind.AREA: "Y"}  # fmt: skip


def test_every_kind_is_drawn_with_the_mouse_and_queued_in_the_outbox(
    qtbot: Any, qloop: LoopRunner, anna: Services, workspace: MarkupWorkspace, tmp_path: Path
) -> None:
    w = workspace
    before = dict(w.layer.markups)
    w.tools.text.setText("Kontrollera måttet")
    for i, (kind, letter) in enumerate(KEYS.items()):
        key(qtbot, w, letter)
        assert w.editor.tool == kind
        if kind in (Kind.POLYLINE, Kind.POLYGON, Kind.AREA):
            for corner in ((0, 0), (1, 0), (0.5, 1)):
                click(w, grid(w, i, *corner))
            key(qtbot, w, Qt.Key.Key_Return)
        else:
            drag(w, [grid(w, i), grid(w, i, 0.5, 0.5), grid(w, i, 1, 1)])
    settled(qtbot, w)
    drawn = [m for m in w.layer.markups.values() if m.id not in before]
    assert sorted(m.kind.value for m in drawn) == sorted(k.value for k in KEYS)
    assert all(m.id.startswith("local-") and m.author == "Anna Lindqvist" for m in drawn)
    assert next(m for m in drawn if m.kind == Kind.TEXT).text == "Kontrollera måttet"
    stamp = next(m for m in drawn if m.kind == Kind.STAMP)
    assert stamp.text == "Godkänd" and stamp.color == "#2e7d32"  # approved in green, not the tool bar's red
    assert next(m for m in drawn if m.kind == Kind.RECTANGLE).color == w.tools.colour.currentData()
    assert len(next(m for m in drawn if m.kind == Kind.AREA).points) == 3
    assert outbox(qloop, anna, "add_annotation") == len(KEYS)
    assert w.list.model.rowCount() == len(w.layer.markups)

    w.grab().save(str(shots_dir(tmp_path) / "markup-workspace.png"))  # the README's is the drawing window's

    assert qloop.run(anna.sync.sync_now()).pushed == len(KEYS)  # every one lands, once
    kinds = sorted(a.kind.value for a in qloop.run(anna.client.annotations(w.editor.document_id or "")))
    assert all(kinds.count(k.value) >= 1 for k in KEYS)


def test_shift_snaps_to_45_degrees_and_the_value_shows_while_measuring(
    qtbot: Any, qloop: LoopRunner, workspace: MarkupWorkspace
) -> None:
    w = workspace
    choose_scale(w.tools.scale, 100)
    settled(qtbot, w)
    calibration = w.layer.calibration(w.viewer.canvas.current_page())
    assert calibration == Calibration.from_ratio(100)

    key(qtbot, w, "D")
    start, end = grid(w, 6), grid(w, 6, 1.0, 0.12)  # a little off horizontal
    viewport = w.viewer.canvas.viewport()
    left, none, shift = Qt.MouseButton.LeftButton, Qt.MouseButton.NoButton, Qt.KeyboardModifier.ShiftModifier
    send_mouse(viewport, QtCore.QEvent.Type.MouseButtonPress, start, left, left, shift)
    send_mouse(viewport, QtCore.QEvent.Type.MouseMove, end, none, left, shift)
    shown = w.editor.live_value  # while the button is still down
    send_mouse(viewport, QtCore.QEvent.Type.MouseButtonRelease, end, left, none, shift)
    settled(qtbot, w)
    distance = [m for m in w.layer.markups.values() if m.kind == Kind.DISTANCE][-1]
    (x0, y0), (x1, y1) = distance.points
    assert y0 == pytest.approx(y1, abs=1e-6) and x1 > x0  # snapped onto the horizontal
    value = measure(distance, calibration)
    assert value is not None and shown == value.text() and shown.endswith(" m")
    row = next(r for r in range(w.list.model.rowCount()) if w.list.model.rows[r].id == distance.id)
    assert w.list.model.data(w.list.model.index(row, 7)) == value.text()


def test_select_move_delete_undo_redo_and_review_from_the_list(
    qtbot: Any, qloop: LoopRunner, anna: Services, workspace: MarkupWorkspace
) -> None:
    w = workspace  # cells 18 and 19 of the grid: no other test of the module draws there
    before = set(w.layer.markups)
    key(qtbot, w, "R")
    drag(w, [grid(w, 18), grid(w, 18, 1, 1)])
    settled(qtbot, w)
    (rect,) = [m for m in w.layer.markups.values() if m.id not in before]

    key(qtbot, w, "V")
    corner = grid(w, 18)
    drag(w, [corner, corner + QtCore.QPointF(30, 20), corner + QtCore.QPointF(60, 40)])
    settled(qtbot, w)
    moved = w.layer.markups[rect.id]
    assert w.layer.selected_id == rect.id and moved.rect != rect.rect
    assert moved.rect is not None and rect.rect is not None
    assert moved.rect[0] > rect.rect[0] and moved.rect[1] < rect.rect[1]  # right and down (page y is up)
    assert outbox(qloop, anna, "update_annotation") == 1

    key(qtbot, w, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)  # undo the move
    settled(qtbot, w)
    assert w.layer.markups[rect.id].rect == rect.rect and outbox(qloop, anna, "update_annotation") == 2

    w.layer.select(rect.id)
    key(qtbot, w, Qt.Key.Key_Delete)
    settled(qtbot, w)
    assert rect.id not in w.layer.markups and outbox(qloop, anna, "delete_annotation") == 1
    key(qtbot, w, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)  # undo the removal: added again
    settled(qtbot, w)
    again = [m for m in w.layer.markups.values() if m.id not in before and m.rect == rect.rect]
    assert len(again) == 1 and outbox(qloop, anna, "add_annotation") == 2
    w.editor.undo_stack.redo()  # and removed again
    settled(qtbot, w)
    assert not [m for m in w.layer.markups.values() if m.id not in before and m.rect == rect.rect]

    key(qtbot, w, "C")
    drag(w, [grid(w, 19), grid(w, 19, 1, 1)])
    settled(qtbot, w)
    (cloud,) = [m for m in w.layer.markups.values() if m.kind == Kind.CLOUD and m.id not in before]
    w.viewer.canvas.set_zoom(0.2)  # far out: a click in the list brings the markup into view
    rows = range(w.list.proxy.rowCount())
    row = next(r for r in rows if w.list.proxy.index(r, 0).data(Qt.ItemDataRole.UserRole) == cloud.id)
    rect_of_row = w.list.table.visualRect(w.list.proxy.index(row, 2))
    qtbot.mouseClick(w.list.table.viewport(), Qt.MouseButton.LeftButton, pos=rect_of_row.center())
    assert w.layer.selected_id == cloud.id  # clicked in the list: selected and zoomed to
    assert w.viewer.canvas.zoom > 0.2
    w.list.reply_text.setText("Ser bra ut.")
    qtbot.mouseClick(w.list.reply_button, Qt.MouseButton.LeftButton)
    w.list.status_box.setCurrentIndex(list(AnnotationStatus).index(AnnotationStatus.ACCEPTED))
    w.list.status_box.activated.emit(w.list.status_box.currentIndex())
    settled(qtbot, w)
    assert (
        outbox(qloop, anna, "reply_to_annotation") == 1 and outbox(qloop, anna, "set_annotation_status") == 1
    )
    assert w.layer.markups[cloud.id].status == AnnotationStatus.ACCEPTED
    qloop.run(anna.sync.sync_now())
    counts = qloop.run(anna.store.outbox_counts())
    assert counts.get(OutboxState.PENDING, 0) == 0 and counts.get(OutboxState.REJECTED, 0) == 0
    on_platform = qloop.run(anna.client.annotations(w.editor.document_id or ""))
    (back,) = [a for a in on_platform if a.replies and a.replies[-1].text == "Ser bra ut."]
    assert back.kind == Kind.CLOUD and back.status == AnnotationStatus.ACCEPTED
